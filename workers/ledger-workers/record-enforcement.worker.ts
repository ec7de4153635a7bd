/**
 * anquan.ledger.record-enforcement: one 查处/执法 measure (行政处罚, 一案双罚,
 * 移送司法机关, 联合惩戒 …) in the ledger. 000 第十七条(二) and 第二十二条(三)
 * require 依法依规查处; the 调度表 of seed 004 counts these rows, and 000
 * 第二十三条 publishes the penalties and the 失信惩戒.
 */
import { JobType } from '../contract.ts';
import { ENFORCEMENT_KINDS, type EnforcementActionInput } from '../ledger/index.ts';
import { MAX_PUNISHED_FINDINGS } from '../ledger/enforcement-findings.ts';
import {
  choiceField,
  instantField,
  integerField,
  listField,
  maybeField,
  objectField,
  parseVariables,
  textField,
  yuanField,
} from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
import { CAMPAIGN_SCOPE_FIELDS, CAMPAIGN_SCOPE_INPUTS, campaignScope } from './campaign-scope.ts';

export const jobType = JobType.recordEnforcement;

const MAX_SHORT_TEXT_LENGTH = 500;
/** Far above any fine of the 安全生产法 (its highest is 2 000 万元 for a 特别重大事故). */
export const MAX_FINE_YUAN = 100_000_000;
export const MAX_PERSON_COUNT = 1_000;

const inputSchema = {
  enforcement: objectField({
    kind: choiceField(ENFORCEMENT_KINDS),
    /** 被处罚（被惩戒）单位. */
    unitName: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
    unitCreditCode: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
    /** 作出决定的机关, e.g. 县应急管理局. */
    decidingOrgan: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
    /** 罚款（元）; 一案双罚 is the total of the unit's and its principal's fines. */
    fineYuan: maybeField(yuanField({ max: MAX_FINE_YUAN })),
    /** People concerned: 移送司法机关 or 责任追究 persons, 一案双罚 principals. */
    personCount: maybeField(integerField({ min: 0, max: MAX_PERSON_COUNT })),
    /** 决定书文号. */
    documentNumber: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
    /** The finding the measure punishes, when there is one. */
    findingId: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
    /** Every finding it punishes (the ledger links each, migration 13). */
    findingIds: maybeField(listField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH }), { maxItems: MAX_PUNISHED_FINDINGS })),
    /** 决定日期; when the engine activated the job if absent. */
    decidedAt: maybeField(instantField()),
  }),
  ...CAMPAIGN_SCOPE_FIELDS,
} as const;

/** The ledger's input less what the job supplies (idempotency key, instance); dates arrive as ISO text. */
export type RecordEnforcementInput = Omit<EnforcementActionInput, 'idempotencyKey' | 'processInstanceKey' | 'decidedAt'> & {
  readonly decidedAt?: string;
};

export type RecordEnforcementOutput = { enforcementId: string };

export function parseRecordEnforcementInput(variables: Readonly<Record<string, unknown>>): RecordEnforcementInput {
  const { enforcement, ...scope } = parseVariables(variables, inputSchema);
  return { ...enforcement, ...campaignScope(scope) };
}

export async function handleRecordEnforcement(
  input: RecordEnforcementInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<RecordEnforcementOutput> {
  const { record, isNew } = await context.services.ledger.recordEnforcementAction({
    idempotencyKey: `${context.job.elementInstanceKey}:enforcement`,
    kind: input.kind,
    unitName: input.unitName,
    decidingOrgan: input.decidingOrgan,
    processInstanceKey: context.job.processInstanceKey,
    ...(input.unitCreditCode === undefined ? {} : { unitCreditCode: input.unitCreditCode }),
    ...(input.fineYuan === undefined ? {} : { fineYuan: input.fineYuan }),
    ...(input.personCount === undefined ? {} : { personCount: input.personCount }),
    ...(input.documentNumber === undefined ? {} : { documentNumber: input.documentNumber }),
    ...(input.findingId === undefined ? {} : { findingId: input.findingId }),
    ...(input.findingIds === undefined ? {} : { findingIds: input.findingIds }),
    decidedAt: input.decidedAt ?? context.job.activatedAt,
    ...campaignScope(input),
  });
  context.logger.info({ enforcementId: record.id, kind: record.kind, findingIds: record.findingIds, isNew }, 'enforcement action recorded in the ledger');
  return { enforcementId: record.id };
}

export const recordEnforcementWorker = defineWorker<RecordEnforcementInput, RecordEnforcementOutput>({
  jobType,
  title: '登记查处措施',
  inputs: describeInputs(inputSchema, {
    enforcement: {
      label: '查处措施',
      description:
        `对象：kind（${ENFORCEMENT_KINDS.join('、')}）、unitName 被处罚单位、decidingOrgan 决定机关，可选 fineYuan 罚款（元，最多两位小数）、personCount 涉及人数、documentNumber 决定书文号、findingId 问题编号、findingIds 所处罚的全部问题编号（列表，逐条记入台账）、decidedAt 决定时间。`,
      kind: 'expression',
      defaultValue: '${enforcement}',
    },
    ...CAMPAIGN_SCOPE_INPUTS,
  }),
  description: '查处与惩戒措施入台账（行政处罚、一案双罚、移送司法机关、联合惩戒等） / records one enforcement action in the ledger',
  parseInput: parseRecordEnforcementInput,
  handle: handleRecordEnforcement,
});
