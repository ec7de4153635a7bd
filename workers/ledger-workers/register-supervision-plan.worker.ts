/**
 * anquan.ledger.register-supervision-plan: the yearly 综合督查计划 enters the
 * 台账 (supervision_plans, migration 10). 综合督查原则上每年组织1次 (000
 * 第十一条): when another instance already holds the year for this
 * jurisdiction, the BPMN error ANQUAN_SUPERVISION_ALREADY_PLANNED goes back to
 * the planner with a Chinese / English reason naming that plan. The same
 * instance registering again (redelivery, a plan sent back and redrafted)
 * keeps its year; nothing is registered twice.
 *
 * Targets are structured (第十一条: 安委会成员单位, 可延伸至有关地方党委政府、
 * 重点企业事业单位): each `memberUnits` row has `unitName`, `targetKind`
 * (member-unit, local-party-government, key-enterprise; member-unit when
 * left out), `creditCode` (a key enterprise) and `region` (a local 党委政府).
 */
import { BpmnErrorCode, JobType } from '../contract.ts';
import { LedgerInputError, SUPERVISION_TARGET_KINDS, SUPERVISION_TARGET_KIND_LABELS, type SupervisionTarget } from '../ledger/index.ts';
import { InvalidVariablesError, choiceField, integerField, listField, maybeField, objectField, optionalField, parseVariables, textField } from '../variables.ts';
import { BusinessError, type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.registerSupervisionPlan;

/** Above this a plan is almost certainly a whole register mapped in by mistake. */
export const MAX_TARGETS = 200;

const targetSchema = {
  unitName: textField({ maxLength: 200 }),
  targetKind: optionalField(choiceField(SUPERVISION_TARGET_KINDS), 'member-unit'),
  creditCode: maybeField(textField({ maxLength: 40 })),
  region: maybeField(textField({ maxLength: 200 })),
} as const;

const inputSchema = {
  supervisionYear: integerField({ min: 2000, max: 2199 }),
  jurisdiction: textField({ maxLength: 40 }),
  planTitle: textField({ maxLength: 200 }),
  planNumber: maybeField(textField({ maxLength: 200 })),
  memberUnits: listField(objectField(targetSchema), { minItems: 1, maxItems: MAX_TARGETS }),
} as const;

const inputs = describeInputs(inputSchema, {
  supervisionYear: { label: '督查年度', kind: 'expression', defaultValue: '${supervisionYear}', description: '年度综合督查计划的年度，如 ${supervisionYear}' },
  jurisdiction: { label: '辖区', kind: 'text', defaultValue: '${jurisdiction}', description: '辖区配置编号（jiangxi、yancheng、hunan …）：同一辖区同一年度只登记一次综合督查' },
  planTitle: { label: '计划名称', kind: 'text', defaultValue: '${planTitle}', description: '年度综合督查计划名称' },
  planNumber: { label: '计划文号', kind: 'text', description: '计划文号（可不填）' },
  memberUnits: {
    label: '督查对象',
    kind: 'expression',
    defaultValue: '${memberUnits}',
    description: `列表，每项 {unitName, targetKind?, creditCode?, region?}；targetKind 为 ${SUPERVISION_TARGET_KINDS.join('、')} 之一，重点企业事业单位须有统一社会信用代码，地方党委政府须有地区`,
  },
});

export interface RegisterSupervisionPlanInput {
  readonly supervisionYear: number;
  readonly jurisdiction: string;
  readonly planTitle: string;
  readonly planNumber?: string;
  readonly targets: readonly SupervisionTarget[];
}

export type RegisterSupervisionPlanOutput = {
  supervisionPlan: { id: string; year: number; jurisdiction: string; registeredAt: string; targetCount: number };
  planValidationMessage: null;
};

export function parseRegisterSupervisionPlanInput(variables: Readonly<Record<string, unknown>>): RegisterSupervisionPlanInput {
  const parsed = parseVariables(variables, inputSchema);
  return {
    supervisionYear: parsed.supervisionYear,
    jurisdiction: parsed.jurisdiction,
    planTitle: parsed.planTitle,
    ...(parsed.planNumber === undefined ? {} : { planNumber: parsed.planNumber }),
    targets: parsed.memberUnits.map((unit) => ({
      kind: unit.targetKind,
      name: unit.unitName,
      ...(unit.creditCode === undefined ? {} : { creditCode: unit.creditCode }),
      ...(unit.region === undefined ? {} : { region: unit.region }),
    })),
  };
}

export async function handleRegisterSupervisionPlan(
  input: RegisterSupervisionPlanInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<RegisterSupervisionPlanOutput> {
  const registration = await context.services.ledger
    .registerSupervisionPlan({
      processInstanceKey: context.job.processInstanceKey,
      jurisdiction: input.jurisdiction,
      year: input.supervisionYear,
      planTitle: input.planTitle,
      ...(input.planNumber === undefined ? {} : { planNumber: input.planNumber }),
      targets: input.targets,
    })
    .catch((error: unknown) => {
      // A target without its credit code or region, or a repeated name: the diagram checks these first, so this is a modelling error.
      if (error instanceof LedgerInputError) throw new InvalidVariablesError([`变量 memberUnits / variable memberUnits: ${error.message}`]);
      throw error;
    });
  const { plan } = registration;
  if (registration.outcome === 'held') {
    const reason =
      `${input.supervisionYear}年度本辖区（${input.jurisdiction}）已有综合督查计划《${plan.planTitle}》${plan.planNumber === null ? '' : `（${plan.planNumber}）`}` +
      `在办（流程实例 ${plan.processInstanceKey}）。综合督查原则上每年组织1次（江西办法第十一条），请更正督查年度，或将本计划的督查对象并入该计划 / ` +
      `a comprehensive supervision for ${input.supervisionYear} in ${input.jurisdiction} is already planned (“${plan.planTitle}”, process instance ${plan.processInstanceKey}); ` +
      `000 art. 11 allows one a year: correct the year or merge the targets into that plan`;
    context.logger.info({ year: input.supervisionYear, jurisdiction: input.jurisdiction, holder: plan.processInstanceKey }, 'supervision year already planned, refused');
    throw new BusinessError(BpmnErrorCode.supervisionAlreadyPlanned, reason, { planValidationMessage: reason });
  }
  const kinds = [...new Set(plan.targets.map((target) => SUPERVISION_TARGET_KIND_LABELS[target.kind]))];
  context.logger.info({ planId: plan.id, year: plan.year, outcome: registration.outcome, kinds }, 'supervision plan registered');
  return {
    supervisionPlan: { id: plan.id, year: plan.year, jurisdiction: plan.jurisdiction, registeredAt: plan.registeredAt, targetCount: plan.targets.length },
    planValidationMessage: null,
  };
}

export const registerSupervisionPlanWorker = defineWorker<RegisterSupervisionPlanInput, RegisterSupervisionPlanOutput>({
  jobType,
  title: '年度综合督查计划入台账',
  inputs,
  description: '登记年度综合督查计划（同一辖区每年一次，督查对象结构化）/ registers the yearly comprehensive supervision plan, one per jurisdiction and year',
  parseInput: parseRegisterSupervisionPlanInput,
  handle: handleRegisterSupervisionPlan,
});
