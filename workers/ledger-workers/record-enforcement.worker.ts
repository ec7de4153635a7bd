/**
 * anquan.ledger.record-enforcement: one 查处/执法 measure (行政处罚, 一案双罚,
 * 移送司法机关, 联合惩戒 …) in the ledger. 000 第十七条(二) and 第二十二条(三)
 * require 依法依规查处; the 调度表 of seed 004 counts these rows, and 000
 * 第二十三条 publishes the penalties and the 失信惩戒.
 */
import { JobType } from '../contract.ts';
import { MAX_PUNISHED_FINDINGS } from '../ledger/enforcement-findings.ts';
import {
  ENFORCEMENT_DOCUMENT_NAMES,
  ENFORCEMENT_KINDS,
  ENFORCEMENT_PARTY_ROLES,
  type EnforcementActionInput,
  type EnforcementDocumentInput,
  type EnforcementPartyInput,
  MAX_ENFORCEMENT_PARTIES,
} from '../ledger/index.ts';
import {
  InvalidVariablesError,
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
  /**
   * 一案双罚 (004 二(二)3): every party punished, the enterprise (企业) and its 主要负责人 / 实际控制人,
   * each with its penalty (enforcement-details.ts); when given for a 一案双罚 it must name both.
   */
  parties: maybeField(
    listField(
      objectField({
        role: choiceField(ENFORCEMENT_PARTY_ROLES),
        name: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
        penalty: textField({ maxLength: 2_000 }),
        fineYuan: maybeField(yuanField({ max: MAX_FINE_YUAN })),
      }),
      { maxItems: MAX_ENFORCEMENT_PARTIES },
    ),
  ),
  /** The document sent (提请关闭函, 涉嫌犯罪案件移送书, 决定书): anquan.enforcement.issue-document's enforcementDocument. */
  document: maybeField(
    objectField({
      documentName: choiceField(ENFORCEMENT_DOCUMENT_NAMES),
      documentNumber: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
      issuer: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
      receiverName: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
      ccNames: maybeField(listField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH }), { maxItems: 20 })),
      industryBan: maybeField(textField({ maxLength: 2_000 })),
    }),
  ),
  /** The answer to the document: the 本级人民政府's decision, the 公安机关's 回执/受理. */
  outcome: maybeField(
    objectField({
      decision: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
      documentNumber: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
      date: maybeField(textField({ maxLength: 40 })),
      note: maybeField(textField({ maxLength: 2_000 })),
    }),
  ),
  ...CAMPAIGN_SCOPE_FIELDS,
} as const;

/** The ledger's input less what the job supplies (idempotency key, instance); dates arrive as ISO text. */
export type RecordEnforcementInput = Omit<EnforcementActionInput, 'idempotencyKey' | 'processInstanceKey' | 'decidedAt'> & {
  readonly decidedAt?: string;
  readonly parties?: readonly EnforcementPartyInput[];
  readonly document?: EnforcementDocumentInput;
};

export type RecordEnforcementOutput = { enforcementId: string };

const PERSON_ROLES: readonly string[] = ['主要负责人', '实际控制人'];

export function parseRecordEnforcementInput(variables: Readonly<Record<string, unknown>>): RecordEnforcementInput {
  const { enforcement, parties, document, outcome, ...scope } = parseVariables(variables, inputSchema);
  // A 一案双罚 that lists its parties must name both the enterprise and a 主要负责人 / 实际控制人. Callers that record
  // only the total (daily-inspection's 依法处理 form, for now) are still accepted; special-inspection always lists them.
  if (enforcement.kind === '一案双罚' && parties !== undefined) {
    const problems: string[] = [];
    if (!parties?.some((party) => party.role === '企业')) {
      problems.push('一案双罚须列出被处罚的企业及其处罚（parties 中 role 为 企业） / a 一案双罚 lists the enterprise punished (a party of role 企业)');
    }
    if (!parties?.some((party) => PERSON_ROLES.includes(party.role))) {
      problems.push('一案双罚须列出被处罚的主要负责人或实际控制人及其处罚 / a 一案双罚 lists the 主要负责人 or 实际控制人 punished with the penalty');
    }
    if (problems.length > 0) throw new InvalidVariablesError(problems);
  }
  const fineYuan = enforcement.fineYuan ?? (parties === undefined ? undefined : Math.round(parties.reduce((sum, party) => sum + (party.fineYuan ?? 0), 0) * 100) / 100);
  const personCount = enforcement.personCount ?? (parties === undefined ? undefined : parties.filter((party) => party.role !== '企业').length);
  const { industryBan, ...sent } = document ?? ({} as Partial<NonNullable<typeof document>>);
  return {
    ...enforcement,
    ...(fineYuan === undefined ? {} : { fineYuan }),
    ...(personCount === undefined ? {} : { personCount }),
    ...(parties === undefined ? {} : { parties }),
    ...(document === undefined
      ? {}
      : {
          document: {
            ...(sent as Omit<NonNullable<typeof document>, 'industryBan'>),
            ...(industryBan === undefined ? {} : { consequence: `行业禁入：${industryBan}` }),
            ...(outcome === undefined
              ? {}
              : {
                  outcome: outcome.decision,
                  ...(outcome.documentNumber === undefined ? {} : { outcomeDocumentNumber: outcome.documentNumber }),
                  ...(outcome.date === undefined ? {} : { outcomeDate: outcome.date }),
                  ...(outcome.note === undefined ? {} : { outcomeNote: outcome.note }),
                }),
          },
        }),
    ...campaignScope(scope),
  };
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
  if (input.parties !== undefined || input.document !== undefined) {
    // Written once per enforcement action; a redelivered job reads the rows back (enforcement-details.ts).
    await context.services.ledger.recordEnforcementDetails({
      enforcementActionId: record.id,
      ...(input.parties === undefined ? {} : { parties: input.parties }),
      ...(input.document === undefined ? {} : { document: input.document }),
    });
  }
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
    parties: {
      label: '被处罚对象',
      kind: 'expression',
      description: `一案双罚的被处罚对象（给出时须有企业和主要负责人或实际控制人）：[{role（${ENFORCEMENT_PARTY_ROLES.join('、')}）, name, penalty 处罚内容, fineYuan?}]；未填 fineYuan、personCount 时按此合计`,
    },
    document: {
      label: '所发文书',
      kind: 'expression',
      description: `提请关闭函、涉嫌犯罪案件移送书等：{documentName（${ENFORCEMENT_DOCUMENT_NAMES.join('、')}）, documentNumber, issuer, receiverName, ccNames?, industryBan?}，如 \${enforcementDocument}`,
    },
    outcome: { label: '答复', kind: 'expression', description: '本级人民政府的决定或公安机关的回执：{decision, documentNumber?, date?, note?}' },
    ...CAMPAIGN_SCOPE_INPUTS,
  }),
  description: '查处与惩戒措施入台账（行政处罚、一案双罚、移送司法机关、联合惩戒等） / records one enforcement action in the ledger',
  parseInput: parseRecordEnforcementInput,
  handle: handleRecordEnforcement,
});
