/**
 * anquan.ledger.record-inspection: one 检查记录 per inspected unit (执法检查,
 * 抽查检查 or 帮扶指导). The 调度表 of seed 004 counts the enterprises checked
 * and helped from these rows, and 000 第二十三条 publishes the results.
 */
import { JobType } from '../contract.ts';
import { INSPECTION_KINDS, type InspectionInput } from '../ledger/index.ts';
import { choiceField, instantField, maybeField, objectField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.recordInspection;

const MAX_SHORT_TEXT_LENGTH = 500;

const inputSchema = {
  inspection: objectField({
    kind: choiceField(INSPECTION_KINDS),
    /** 被检查单位. */
    unitName: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
    /** 统一社会信用代码: counts one enterprise once however its name is written. */
    unitCreditCode: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
    /** 属地 (乡镇、功能区). */
    region: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
    /** The department that inspected, e.g. 县应急管理局. */
    inspectingOrgan: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
    /** When the inspection took place; when the engine activated the job if absent. */
    inspectedAt: maybeField(instantField()),
  }),
  /** 专项整治行动编号 the row counts for in the 调度表 (seed 004 附件); absent outside a campaign. */
  campaignId: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
  /** 填报单位 id (乡镇 or member unit) whose 调度表 counts the row; needs campaignId. */
  reportingUnitId: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
} as const;

/** The ledger's input less what the job supplies (idempotency key, instance); dates arrive as ISO text. */
export type RecordInspectionInput = Omit<InspectionInput, 'idempotencyKey' | 'processInstanceKey' | 'inspectedAt'> & {
  readonly inspectedAt?: string;
};

export type RecordInspectionOutput = { inspectionId: string };

export function parseRecordInspectionInput(variables: Readonly<Record<string, unknown>>): RecordInspectionInput {
  const { inspection, campaignId, reportingUnitId } = parseVariables(variables, inputSchema);
  return { ...inspection, ...(campaignId === undefined ? {} : { campaignId }), ...(reportingUnitId === undefined ? {} : { reportingUnitId }) };
}

export async function handleRecordInspection(
  input: RecordInspectionInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<RecordInspectionOutput> {
  const { record, isNew } = await context.services.ledger.recordInspection({
    // One inspection per multi-instance branch: the branch's element instance is the key.
    idempotencyKey: `${context.job.elementInstanceKey}:inspection`,
    kind: input.kind,
    unitName: input.unitName,
    inspectingOrgan: input.inspectingOrgan,
    processInstanceKey: context.job.processInstanceKey,
    ...(input.unitCreditCode === undefined ? {} : { unitCreditCode: input.unitCreditCode }),
    ...(input.region === undefined ? {} : { region: input.region }),
    inspectedAt: input.inspectedAt ?? context.job.activatedAt,
    ...(input.campaignId === undefined ? {} : { campaignId: input.campaignId }),
    ...(input.reportingUnitId === undefined ? {} : { reportingUnitId: input.reportingUnitId }),
  });
  context.logger.info({ inspectionId: record.id, kind: record.kind, isNew }, 'inspection recorded in the ledger');
  return { inspectionId: record.id };
}

export const recordInspectionWorker = defineWorker<RecordInspectionInput, RecordInspectionOutput>({
  jobType,
  title: '登记检查记录',
  inputs: describeInputs(inputSchema, {
    inspection: {
      label: '检查记录',
      description:
        '对象：kind（执法检查、抽查检查、帮扶指导）、unitName 被检查单位、inspectingOrgan 检查部门，可选 unitCreditCode 统一社会信用代码、region 属地、inspectedAt 检查时间（带时区 ISO-8601）。',
      kind: 'expression',
      defaultValue: '${inspection}',
    },
    campaignId: {
      label: '专项整治行动编号',
      kind: 'text',
      description: '可选：专项整治行动编号（如 ${campaignId}），调度表按行动统计（进贤方案附件）；非专项整治时留空',
    },
    reportingUnitId: {
      label: '填报单位编号',
      kind: 'text',
      description: '可选：填报单位（乡镇、县安委会成员单位）编号，调度表按填报单位统计；须同时给出专项整治行动编号',
    },
  }),
  description: '检查记录入台账（执法检查、抽查检查、帮扶指导） / records one inspection in the ledger',
  parseInput: parseRecordInspectionInput,
  handle: handleRecordInspection,
});
