/**
 * anquan.ledger.record-inspection: one 检查记录 per inspected unit (执法检查,
 * 抽查检查 or 帮扶指导). The 调度表 of seed 004 counts the enterprises checked
 * and helped from these rows, and 000 第二十三条 publishes the results.
 */
import { JobType } from '../contract.ts';
import { INSPECTION_KINDS, type InspectionInput } from '../ledger/index.ts';
import { choiceField, dateField, instantField, maybeField, objectField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
import { CAMPAIGN_SCOPE_FIELDS, CAMPAIGN_SCOPE_INPUTS, campaignScope } from './campaign-scope.ts';

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
    /** 谁检查、谁签名、谁负责 (004 二(二)5): the inspectors who signed the record, and the day they signed. */
    inspectorNames: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
    inspectorSignedOn: maybeField(dateField()),
  }),
  ...CAMPAIGN_SCOPE_FIELDS,
} as const;

/** The ledger's input less what the job supplies (idempotency key, instance); dates arrive as ISO text. */
export type RecordInspectionInput = Omit<InspectionInput, 'idempotencyKey' | 'processInstanceKey' | 'inspectedAt'> & {
  readonly inspectedAt?: string;
};

export type RecordInspectionOutput = { inspectionId: string };

export function parseRecordInspectionInput(variables: Readonly<Record<string, unknown>>): RecordInspectionInput {
  const { inspection, ...scope } = parseVariables(variables, inputSchema);
  return { ...inspection, ...campaignScope(scope) };
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
    ...(input.inspectorNames === undefined ? {} : { inspectorNames: input.inspectorNames }),
    ...(input.inspectorSignedOn === undefined ? {} : { inspectorSignedOn: input.inspectorSignedOn }),
    inspectedAt: input.inspectedAt ?? context.job.activatedAt,
    ...campaignScope(input),
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
        '对象：kind（执法检查、抽查检查、帮扶指导）、unitName 被检查单位、inspectingOrgan 检查部门，可选 unitCreditCode 统一社会信用代码、region 属地、inspectedAt 检查时间（带时区 ISO-8601）、inspectorNames 签名的检查人员和 inspectorSignedOn 签名日期（谁检查、谁签名、谁负责）。',
      kind: 'expression',
      defaultValue: '${inspection}',
    },
    ...CAMPAIGN_SCOPE_INPUTS,
  }),
  description: '检查记录入台账（执法检查、抽查检查、帮扶指导） / records one inspection in the ledger',
  parseInput: parseRecordInspectionInput,
  handle: handleRecordInspection,
});
