/**
 * anquan.enforcement.issue-document: composes one 依法处理 document of seed 004
 * 二(二)3 for the organ acting, before anquan.notify.send delivers it (the
 * templates of the same names in workers/notify/templates.ts, kept with the
 * case by case-document.ts):
 *
 * - 一案双罚 行政处罚决定书 (double-penalty-decision) to the enterprise: names
 *   the enterprise and its 主要负责人 / 实际控制人, each with its penalty;
 * - 提请关闭函 (closure-request) to the 本级人民政府, with the 行业禁入 of the
 *   主要负责人 (安全生产法第一百一十三条);
 * - 涉嫌犯罪案件移送书 (criminal-referral) to the 公安机关, copied to the 同级
 *   人民检察院 (安全生产行政执法与刑事司法衔接工作办法第七条、第八条).
 *
 * Who acts decides the 文号 代字 (directory `enforcementPrefixes`), the 发文机关
 * and the provision cited (workers/transfer/organs.ts); the receivers' full
 * names come from the directory's jurisdiction (`organs`). The 文号 is the next
 * serial of the letter-serial series (workers/ledger/letter-serials.ts), keyed
 * by the element instance, so a retried job keeps its number. A 决定书文号
 * entered from the enforcement system is printed as entered.
 */
import { CandidateGroup, JobType, JurisdictionId, Receiver } from '../contract.ts';
import { toChinaDate } from '../deadline/calendar.ts';
import { ENFORCEMENT_PARTY_ROLES, type EnforcementDocumentName, type EnforcementPartyRole, MAX_ENFORCEMENT_PARTIES } from '../ledger/index.ts';
import { MAX_FINE_YUAN } from '../ledger-workers/record-enforcement.worker.ts';
import {
  ENFORCEMENT_DOCUMENT_KINDS,
  ENFORCING_ORGANS,
  ENFORCING_ORGAN_PROFILES,
  type EnforcementDocumentKind,
  type EnforcingOrgan,
} from '../transfer/organs.ts';
import { InvalidVariablesError, choiceField, listField, maybeField, objectField, optionalField, parseVariables, textField, yuanField } from '../variables.ts';
import { type JobContext, type JsonObject, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.issueEnforcementDocument;

const SHORT = { maxLength: 500 } as const;
const LONG = { maxLength: 5_000 } as const;
const JURISDICTIONS = Object.values(JurisdictionId);

/** The seed's rule and the law each document rests on, after the acting organ's own provision. */
export const DOCUMENT_RULES: Readonly<
  Record<EnforcementDocumentKind, { readonly documentName: EnforcementDocumentName; readonly basis: string; readonly recipients: readonly string[]; readonly cc: readonly string[] }>
> = {
  'double-penalty-decision': {
    documentName: '行政处罚决定书',
    basis: '《进贤县重大事故隐患专项排查整治2023行动方案》二（二）3（对企业和企业主要负责人实行“一案双罚”）',
    recipients: [CandidateGroup.enterprise],
    cc: [],
  },
  'closure-request': {
    documentName: '提请关闭函',
    basis: '《进贤县重大事故隐患专项排查整治2023行动方案》二（二）3（依法提请地方政府予以关闭并落实企业主要负责人行业禁入规定）、《中华人民共和国安全生产法》第一百一十三条',
    recipients: [Receiver.peopleGovernment],
    cc: [],
  },
  'criminal-referral': {
    documentName: '涉嫌犯罪案件移送书',
    basis: '《进贤县重大事故隐患专项排查整治2023行动方案》二（二）3（涉嫌犯罪的，依法移送司法机关追究刑事责任）、《行政执法机关移送涉嫌犯罪案件的规定》第三条、《安全生产行政执法与刑事司法衔接工作办法》第七条、第八条',
    recipients: [Receiver.publicSecurity],
    // 衔接工作办法第八条: 移送时将案件移送书抄送同级人民检察院.
    cc: [Receiver.procuratorate],
  },
};

const PERSON_ROLES = ENFORCEMENT_PARTY_ROLES.filter((role) => role !== '企业');

const inputSchema = {
  documentKind: choiceField(ENFORCEMENT_DOCUMENT_KINDS),
  actingOrgan: choiceField(ENFORCING_ORGANS),
  /** 发文机关全称, e.g. 进贤县应急管理局; else the directory's name of the organ in the jurisdiction. */
  actingOrganName: maybeField(textField(SHORT)),
  jurisdiction: optionalField(choiceField(JURISDICTIONS), JurisdictionId.jiangxi),
  /** 机关代字 overriding the directory's, e.g. a joint department's own. */
  letterNumberPrefix: maybeField(textField({ maxLength: 20 })),
  measure: objectField({
    unitName: textField(SHORT),
    facts: textField(LONG),
    /** 决定书文号 entered from the enforcement system; else allocated. */
    documentNumber: maybeField(textField(SHORT)),
    enterprisePenalty: maybeField(textField(LONG)),
    enterpriseFineYuan: maybeField(yuanField({ max: MAX_FINE_YUAN })),
    responsiblePersons: maybeField(
      listField(
        objectField({
          role: choiceField(PERSON_ROLES),
          name: textField(SHORT),
          penalty: textField(LONG),
          fineYuan: maybeField(yuanField({ max: MAX_FINE_YUAN })),
        }),
        { maxItems: MAX_ENFORCEMENT_PARTIES - 1 },
      ),
    ),
    industryBan: maybeField(textField(LONG)),
    suspects: maybeField(textField(SHORT)),
  }),
} as const;

const inputs = describeInputs(inputSchema, {
  documentKind: {
    label: '文书种类',
    kind: 'text',
    description: 'double-penalty-decision 一案双罚行政处罚决定书、closure-request 提请关闭函、criminal-referral 涉嫌犯罪案件移送书',
    choices: [...ENFORCEMENT_DOCUMENT_KINDS],
  },
  actingOrgan: {
    label: '作出文书的机关',
    kind: 'text',
    description: '决定文号代字、发文机关和引用条款：qiantou-bumen 牵头部门（联合检查为实施部门）、anweihui 安委会组织时、yewu-jianguan 业务监管部门',
    choices: ENFORCING_ORGANS.map((organ) => `${organ}（${ENFORCING_ORGAN_PROFILES[organ].name}）`),
  },
  actingOrganName: { label: '发文机关全称', kind: 'text', description: '如 ${inspectingDepartment}；不填为名录中本辖区该机关的全称' },
  jurisdiction: { label: '辖区', kind: 'text', description: '辖区配置编号，如 ${profile.id}；决定文号代字和主送、抄送机关的全称', choices: JURISDICTIONS },
  letterNumberPrefix: { label: '文号代字', kind: 'text', description: '不填为收件人名录 enforcementPrefixes 中辖区、机关、文书种类的代字' },
  measure: {
    label: '处理措施',
    kind: 'expression',
    description:
      '{unitName, facts, documentNumber?, enterprisePenalty?, enterpriseFineYuan?, responsiblePersons?: [{role 主要负责人|实际控制人|其他负责人, name, penalty, fineYuan?}], industryBan?, suspects?}；一案双罚须有对企业的处罚和至少一名主要负责人或实际控制人，提请关闭须写明行业禁入，移送须写明涉嫌犯罪人员',
  },
});

type Measure = ReturnType<typeof parseVariables<typeof inputSchema>>['measure'];

export interface IssueEnforcementDocumentInput {
  readonly documentKind: EnforcementDocumentKind;
  readonly actingOrgan: EnforcingOrgan;
  readonly actingOrganName?: string;
  readonly jurisdiction: JurisdictionId;
  readonly letterNumberPrefix?: string;
  readonly measure: Measure;
}

export type EnforcementDocumentVariable = JsonObject & {
  documentKind: EnforcementDocumentKind;
  documentName: EnforcementDocumentName;
  documentNumber: string;
  issuer: string;
  occasion: string;
  basis: string;
  unitName: string;
  facts: string;
  /** 主送 and 抄送 by directory id, for anquan.notify.send. */
  recipients: string[];
  cc: string[];
  /** 主送 and 抄送 by full name in the jurisdiction. */
  receiverName: string;
  ccNames: string[];
  date: string;
};

export type IssueEnforcementDocumentOutput = { enforcementDocument: EnforcementDocumentVariable };

function requireMeasureFields(input: IssueEnforcementDocumentInput): void {
  const { measure, documentKind } = input;
  const problems: string[] = [];
  if (documentKind === 'double-penalty-decision') {
    if (measure.enterprisePenalty === undefined) {
      problems.push('一案双罚须写明对企业的处罚内容（measure.enterprisePenalty） / a 一案双罚 needs the penalty of the enterprise (measure.enterprisePenalty)');
    }
    if (!(measure.responsiblePersons ?? []).some((person) => person.role === '主要负责人' || person.role === '实际控制人')) {
      problems.push(
        '一案双罚须点名至少一名主要负责人或实际控制人及其处罚（measure.responsiblePersons） / a 一案双罚 names at least one 主要负责人 or 实际控制人 with a penalty (measure.responsiblePersons)',
      );
    }
  }
  if (documentKind === 'closure-request' && measure.industryBan === undefined) {
    problems.push('提请关闭须写明主要负责人的行业禁入（measure.industryBan） / a closure request states the industry ban of the principal (measure.industryBan)');
  }
  if (documentKind === 'criminal-referral' && measure.suspects === undefined) {
    problems.push('移送书须写明涉嫌犯罪人员（measure.suspects） / a criminal referral names the suspects (measure.suspects)');
  }
  if (problems.length > 0) throw new InvalidVariablesError(problems);
}

export function parseIssueEnforcementDocumentInput(variables: Readonly<Record<string, unknown>>): IssueEnforcementDocumentInput {
  const { actingOrganName, letterNumberPrefix, ...rest } = parseVariables(variables, inputSchema);
  const input: IssueEnforcementDocumentInput = {
    ...rest,
    ...(actingOrganName === undefined ? {} : { actingOrganName }),
    ...(letterNumberPrefix === undefined ? {} : { letterNumberPrefix }),
  };
  requireMeasureFields(input);
  return input;
}

/** 人民币20万元, 人民币4.8万元, 人民币5000元 */
export function yuanText(amount: number): string {
  return amount >= 10_000 && amount % 100 === 0 ? `人民币${amount / 10_000}万元` : `人民币${amount}元`;
}

/** The fine after the penalty, unless the penalty already states it. */
function withFine(penalty: string, amount: number | undefined): string {
  if (amount === undefined || amount === 0) return penalty;
  const text = yuanText(amount);
  return penalty.includes(text) ? penalty : `${penalty}（计${text}）`;
}

/** 一、对企业……；二、对主要负责人张某…… */
function partiesText(measure: Measure): { personRoles: string; partiesText: string } {
  const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const persons = measure.responsiblePersons ?? [];
  const lines = [
    `对${measure.unitName}：${withFine(measure.enterprisePenalty ?? '', measure.enterpriseFineYuan)}`,
    ...persons.map((person) => `对${person.role}${person.name}：${withFine(person.penalty, person.fineYuan)}`),
  ];
  return {
    personRoles: [...new Set(persons.map((person) => person.role as EnforcementPartyRole))].join('、'),
    partiesText: lines.map((line, index) => `${numerals[index] ?? String(index + 1)}、${line}`).join('；') + '。',
  };
}

/** The parties of a 一案双罚 as anquan.ledger.record-enforcement records them: the enterprise first. */
function partiesOf(measure: Measure): JsonObject[] {
  const party = (role: string, name: string, penalty: string, fineYuan: number | undefined): JsonObject => ({ role, name, penalty, ...(fineYuan === undefined ? {} : { fineYuan }) });
  return [
    party('企业', measure.unitName, measure.enterprisePenalty ?? '', measure.enterpriseFineYuan),
    ...(measure.responsiblePersons ?? []).map((person) => party(person.role, person.name, person.penalty, person.fineYuan)),
  ];
}

export async function handleIssueEnforcementDocument(
  input: IssueEnforcementDocumentInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<IssueEnforcementDocumentOutput> {
  const { job, services } = context;
  const { directory } = services.notifier;
  const rule = DOCUMENT_RULES[input.documentKind];
  const organ = ENFORCING_ORGAN_PROFILES[input.actingOrgan];
  const section = directory.jurisdiction(input.jurisdiction);
  const named = (id: string): string => {
    const recipient = directory.get(id);
    return recipient === undefined ? id : directory.nameIn(input.jurisdiction, recipient);
  };
  const missing = [...rule.recipients, ...rule.cc].filter((id) => directory.get(id) === undefined);
  if (missing.length > 0) {
    throw new InvalidVariablesError([
      `收件人名录缺少 ${missing.join('、')}，请在 processes/directory.json 中补充 / the recipient directory lacks ${missing.join(', ')}; add them to processes/directory.json`,
    ]);
  }
  const issuer = input.actingOrganName ?? named(input.actingOrgan);
  const date = toChinaDate(job.activatedAt) as string;
  let documentNumber = input.documentKind === 'double-penalty-decision' ? input.measure.documentNumber : undefined;
  if (documentNumber === undefined) {
    const prefix = input.letterNumberPrefix ?? section?.enforcementPrefixes[input.actingOrgan]?.[input.documentKind];
    if (prefix === undefined) {
      throw new InvalidVariablesError([
        `收件人名录 jurisdictions.${input.jurisdiction}.enforcementPrefixes.${input.actingOrgan}.${input.documentKind} 未配置${rule.documentName}的机关代字，且未传入 letterNumberPrefix / no prefix for the ${input.documentKind} of ${input.actingOrgan} in jurisdiction ${input.jurisdiction} (processes/directory.json), and no letterNumberPrefix given`,
      ]);
    }
    const { record, isNew } = await services.ledger.allocateLetterNumber({
      idempotencyKey: `${job.elementInstanceKey}:enforcement-document`,
      jurisdiction: input.jurisdiction,
      prefix,
      year: Number(date.slice(0, 4)),
      processInstanceKey: job.processInstanceKey,
    });
    documentNumber = record.letterNumber;
    context.logger.info({ documentKind: input.documentKind, documentNumber, isNew }, 'enforcement document numbered');
  }
  const document: EnforcementDocumentVariable = {
    documentKind: input.documentKind,
    documentName: rule.documentName,
    documentNumber,
    issuer,
    occasion: organ.occasion,
    basis: `${organ.basis}、${rule.basis}`,
    unitName: input.measure.unitName,
    facts: input.measure.facts,
    recipients: [...rule.recipients],
    cc: [...rule.cc],
    receiverName: input.documentKind === 'double-penalty-decision' ? input.measure.unitName : rule.recipients.map(named).join('、'),
    ccNames: rule.cc.map(named),
    date,
    ...(input.documentKind === 'double-penalty-decision' ? { ...partiesText(input.measure), parties: partiesOf(input.measure) } : {}),
    ...(input.measure.industryBan === undefined ? {} : { industryBan: input.measure.industryBan }),
    ...(input.measure.suspects === undefined ? {} : { suspects: input.measure.suspects }),
  };
  return { enforcementDocument: document };
}

export const issueEnforcementDocumentWorker = defineWorker<IssueEnforcementDocumentInput, IssueEnforcementDocumentOutput>({
  jobType,
  title: '依法处理文书编号',
  inputs,
  description:
    '按作出文书的机关编文号（辖区、机关代字、年度连续编号）并确定发文机关、引用条款和主送抄送：一案双罚决定书、提请关闭函、涉嫌犯罪案件移送书 / numbers and addresses an enforcement document of the acting organ',
  parseInput: parseIssueEnforcementDocumentInput,
  handle: handleIssueEnforcementDocument,
});
