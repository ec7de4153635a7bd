/**
 * anquan.ledger.record-inspection-plan: the 专项检查方案 of one 行业领域 in one
 * 辖区 and year, in the ledger. 000 第十五条: 重点行业领域每年至少组织1次，其他
 * 行业领域每2年至少组织1次. The ledger thus shows which 行业领域 are due; a plan
 * for a 行业领域 whose cycle another inspection already covers is sent back
 * (BPMN error ANQUAN_INSPECTION_CYCLE_COVERED, with the earlier plan named)
 * unless the department confirms it organises one more on purpose.
 */
import { BpmnErrorCode, JobType } from '../contract.ts';
import type { InspectionPlan } from '../ledger/index.ts';
import { booleanField, integerField, objectField, optionalField, parseVariables, textField } from '../variables.ts';
import { BusinessError, type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.recordInspectionPlan;

const MAX_SHORT_TEXT_LENGTH = 500;

const inputSchema = {
  plan: objectField({
    /** 行业领域, e.g. 危险化学品. */
    industry: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
    /** 辖区, e.g. 进贤县. */
    jurisdiction: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
    /** 重点行业领域 (yearly) or not (every two years). */
    keyIndustry: optionalField(booleanField(), false),
    year: integerField({ min: 2000, max: 2100 }),
    planTitle: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
    leadDepartment: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
    /** The department organises another inspection in a cycle already covered, on purpose. */
    repeatInCycle: optionalField(booleanField(), false),
  }),
} as const;

export interface RecordInspectionPlanInput {
  readonly industry: string;
  readonly jurisdiction: string;
  readonly keyIndustry: boolean;
  readonly year: number;
  readonly planTitle: string;
  readonly leadDepartment: string;
  readonly repeatInCycle: boolean;
}

export type RecordInspectionPlanOutput = {
  inspectionPlanId: string;
  /** The frequency cycle this plan falls in: its years and the other plans already in it. */
  inspectionCycle: { fromYear: number; toYear: number; cycleYears: number; earlierPlans: number };
};

export function parseRecordInspectionPlanInput(variables: Readonly<Record<string, unknown>>): RecordInspectionPlanInput {
  return parseVariables(variables, inputSchema).plan;
}

/** 000 第十五条: a 重点行业领域's cycle is its year; any other's is the two years ending with it. */
export function cycleYears(keyIndustry: boolean): number {
  return keyIndustry ? 1 : 2;
}

/** Why a plan is sent back, naming the plan that already covers the cycle. */
export function coveredMessage(input: RecordInspectionPlanInput, earlier: InspectionPlan): string {
  const cycle = input.keyIndustry ? `重点行业领域每年至少1次，${input.year}年` : `其他行业领域每2年至少1次，${input.year - 1}—${input.year}年`;
  return (
    `${input.jurisdiction}${input.industry}本周期已组织专项检查：${earlier.leadDepartment}《${earlier.planTitle}》（${earlier.year}年）。` +
    `江西办法第十五条：${cycle}。如确需再次组织，请勾选“本周期再次组织”后重新提交。`
  );
}

export async function handleRecordInspectionPlan(
  input: RecordInspectionPlanInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<RecordInspectionPlanOutput> {
  const { ledger } = context.services;
  const years = cycleYears(input.keyIndustry);
  const fromYear = input.year - years + 1;
  const inCycle = (await ledger.listInspectionPlans({ industry: input.industry, jurisdiction: input.jurisdiction, fromYear, toYear: input.year })).filter(
    (plan) => plan.processInstanceKey !== context.job.processInstanceKey,
  );
  const earlier = inCycle[0];
  if (earlier !== undefined && !input.repeatInCycle) {
    const reason = coveredMessage(input, earlier);
    context.logger.info({ industry: input.industry, jurisdiction: input.jurisdiction, year: input.year, earlierPlanId: earlier.id }, 'inspection cycle already covered');
    throw new BusinessError(BpmnErrorCode.inspectionCycleCovered, reason, { inspectionCycleRefusal: reason });
  }
  const { record, isNew } = await ledger.recordInspectionPlan({
    // One plan per special inspection: a redelivered job finds it.
    idempotencyKey: `${context.job.processInstanceKey}:inspection-plan`,
    industry: input.industry,
    jurisdiction: input.jurisdiction,
    keyIndustry: input.keyIndustry,
    year: input.year,
    planTitle: input.planTitle,
    leadDepartment: input.leadDepartment,
    processInstanceKey: context.job.processInstanceKey,
  });
  context.logger.info({ inspectionPlanId: record.id, isNew, earlierPlans: inCycle.length }, 'inspection plan recorded in the ledger');
  return { inspectionPlanId: record.id, inspectionCycle: { fromYear, toYear: input.year, cycleYears: years, earlierPlans: inCycle.length } };
}

export const recordInspectionPlanWorker = defineWorker<RecordInspectionPlanInput, RecordInspectionPlanOutput>({
  jobType,
  title: '专项检查方案入台账（检查频次）',
  inputs: describeInputs(inputSchema, {
    plan: {
      label: '专项检查方案',
      description:
        '对象：industry 行业领域、jurisdiction 辖区、keyIndustry 是否重点行业领域（每年至少1次，否则每2年至少1次）、year 年份、planTitle 方案名称、leadDepartment 牵头部门、repeatInCycle 本周期再次组织。',
      kind: 'expression',
      defaultValue: '${plan}',
    },
  }),
  description: '专项检查方案入台账并核对检查频次（江西办法第十五条） / records the plan per industry, jurisdiction and year and checks the frequency cycle',
  parseInput: parseRecordInspectionPlanInput,
  handle: handleRecordInspectionPlan,
});
