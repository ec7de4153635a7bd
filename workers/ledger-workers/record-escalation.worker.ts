/**
 * anquan.ledger.record-escalation: the 督办决定 a person took after a missed
 * deadline (overdue-escalation, form escalation-decision), checked and entered
 * in the ledger.
 *
 * Escalation is a judgement, not a timer: the deciding organ chooses 视情节轻重
 * (001 四(七)) among 函告、通报、约谈、专项督查 and 提请责任追究 for a unit
 * (000 第五条; 002 四(二)3、四(三); 000 第二十四、二十五条), and among 责令限期整改、
 * 一案双罚、责令停产整顿、提请关闭 for an enterprise (000 第六条; 004 二(二)3),
 * which is never the subject of a 纪检 clue.
 *
 * A decision the organ may not take as entered — a measure that does not suit
 * the party, an 约谈 not in the future, a 责任追究 without cadres — is a business
 * outcome: BPMN error {@link BpmnErrorCode.escalationRefused} with the reason in
 * `escalationRefusal`, and the process puts the decision back before the
 * person. Variables the calling procedure failed to pass are an incident.
 *
 * Idempotent: one decision per activity instance (`${elementInstanceKey}:escalation`).
 */
import { BpmnErrorCode, CandidateGroup, EscalationMeasure, FindingCategory, JobType, OverduePartyKind } from '../contract.ts';
import { isIsoDate, toChinaDate } from '../deadline/calendar.ts';
import { type EscalationMeasureName, FINDING_SOURCES, type FindingSource, type OverduePartyKindName } from '../ledger/index.ts';
import { chineseDate } from '../notify/render.ts';
import { CADRE_LEVELS, CADRE_LEVEL_NAMES, type Cadre, type CadreLevel } from '../notify/directory.ts';
import {
  InvalidVariablesError,
  choiceField,
  dateField,
  maybeField,
  objectField,
  parseVariables,
  textField,
  yuanField,
} from '../variables.ts';
import { BusinessError, type JobContext, type JsonObject, type JsonValue, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.recordEscalation;

const MAX_SHORT_TEXT_LENGTH = 500;
export const MAX_CADRES = 50;
/** Far above any fine of the 安全生产法 (as record-enforcement). */
export const MAX_FINE_YUAN = 100_000_000;

export interface MeasureSpec {
  /** How the ledger and the notices name it. */
  readonly label: EscalationMeasureName;
  readonly kind: OverduePartyKind;
  /** The seed article that gives the measure. */
  readonly source: string;
}

/** Every measure, its party kind and its seed basis; the form's options and the diagram's routes follow this table. */
export const ESCALATION_MEASURE_SPECS: Readonly<Record<EscalationMeasure, MeasureSpec>> = {
  [EscalationMeasure.letter]: { label: '函告', kind: OverduePartyKind.unit, source: '江西办法第五条；盐城方案四(七)' },
  [EscalationMeasure.circular]: { label: '通报', kind: OverduePartyKind.unit, source: '江西办法第五条；盐城方案四(七)' },
  [EscalationMeasure.interview]: { label: '约谈', kind: OverduePartyKind.unit, source: '江西办法第五条；盐城方案四(七)；湖南制度四(二)3' },
  [EscalationMeasure.specialSupervision]: { label: '专项督查', kind: OverduePartyKind.unit, source: '盐城方案四(七)' },
  [EscalationMeasure.accountability]: {
    label: '提请责任追究',
    kind: OverduePartyKind.unit,
    source: '盐城方案四(七)；江西办法第二十四、二十五条；湖南制度四(三)',
  },
  [EscalationMeasure.deadlineRectification]: { label: '责令限期整改', kind: OverduePartyKind.enterprise, source: '江西办法第六条；进贤方案二(二)3' },
  [EscalationMeasure.dualPenalty]: { label: '一案双罚', kind: OverduePartyKind.enterprise, source: '进贤方案二(二)3' },
  [EscalationMeasure.suspension]: { label: '责令停产整顿', kind: OverduePartyKind.enterprise, source: '进贤方案二(二)3' },
  [EscalationMeasure.closure]: { label: '提请关闭', kind: OverduePartyKind.enterprise, source: '进贤方案二(二)3' },
};

const MEASURE_CODES = Object.values(EscalationMeasure) as readonly EscalationMeasure[];

/** The measures offered for a party of `kind`, in the order the form lists them. */
export function measuresFor(kind: OverduePartyKind): EscalationMeasure[] {
  return MEASURE_CODES.filter((code) => ESCALATION_MEASURE_SPECS[code].kind === kind);
}

/** Where notices to the party go when the caller names no receiver. */
export const DEFAULT_PARTY_RECIPIENTS: Readonly<Record<OverduePartyKind, string>> = {
  unit: CandidateGroup.responsibleUnit,
  enterprise: CandidateGroup.enterprise,
};

const PARTY_KINDS = Object.values(OverduePartyKind) as readonly OverduePartyKind[];
const PARTY_KIND_NAMES: Readonly<Record<OverduePartyKind, OverduePartyKindName>> = { unit: '单位', enterprise: '企业' };

const optionalText = () => maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH }));

const inputSchema = {
  escalationMeasure: choiceField(MEASURE_CODES),
  escalationReason: textField({ maxLength: 5_000 }),
  overdueParty: objectField({
    name: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
    kind: choiceField(PARTY_KINDS),
    receiver: optionalText(),
    creditCode: optionalText(),
  }),
  overdueSubject: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
  overdueDueDate: dateField(),
  decidingGroup: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
  caseTitle: optionalText(),
  callerProcessInstanceKey: optionalText(),
  findingId: optionalText(),
  findingSource: maybeField(choiceField(FINDING_SOURCES)),
  documentNumber: optionalText(),
  /** The form's values, checked in the handler so that a wrong entry goes back to the person, not to Cockpit. */
  requiredBy: optionalText(),
  interviewAt: optionalText(),
  interviewPlace: optionalText(),
  interviewee: optionalText(),
  circularScope: optionalText(),
  supervisionFocus: maybeField(textField({ maxLength: 5_000 })),
  principalName: optionalText(),
  fineYuan: maybeField(yuanField({ max: MAX_FINE_YUAN })),
  cadres: { optional: true, parse: (value: unknown) => ({ ok: true as const, value: value ?? undefined }) },
} as const;

export interface RecordEscalationInput {
  readonly escalationMeasure: EscalationMeasure;
  readonly escalationReason: string;
  readonly overdueParty: { readonly name: string; readonly kind: OverduePartyKind; readonly receiver?: string; readonly creditCode?: string };
  readonly overdueSubject: string;
  readonly overdueDueDate: string;
  readonly decidingGroup: string;
  readonly caseTitle?: string;
  readonly callerProcessInstanceKey?: string;
  readonly findingId?: string;
  readonly findingSource?: FindingSource;
  readonly documentNumber?: string;
  readonly requiredBy?: string;
  readonly interviewAt?: string;
  readonly interviewPlace?: string;
  readonly interviewee?: string;
  readonly circularScope?: string;
  readonly supervisionFocus?: string;
  readonly principalName?: string;
  readonly fineYuan?: number;
  readonly cadres?: unknown;
}

export type RecordEscalationOutput = {
  escalationId: string;
  escalationDecision: JsonObject;
  /** Cleared once a decision is accepted, so the form no longer shows an earlier refusal. */
  escalationRefusal: null;
  /** For the notices: the measure's name, what it orders, and who orders it. */
  measureLabel: string;
  measureText: string;
  decidingOrganName: string;
  /** Directory id that receives the notices to the party: overdueParty.receiver, else 责任单位 or 生产经营单位. */
  partyRecipient: string;
  /** The 责任追究 clue for clue-transfer; null for every other measure. */
  accountabilityFinding: JsonObject | null;
};

export function parseRecordEscalationInput(variables: Readonly<Record<string, unknown>>): RecordEscalationInput {
  return parseVariables(variables, inputSchema) as RecordEscalationInput;
}

const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Collects what the person must correct, in Chinese and English, then refuses the decision as a whole. */
class Refusal {
  readonly #reasons: string[] = [];

  add(chinese: string, english: string): void {
    this.#reasons.push(`${chinese} / ${english}`);
  }

  throwIfAny(): void {
    if (this.#reasons.length === 0) return;
    const message = `督办决定未被接受，请修改后重新提交 / the escalation decision was not accepted; correct it and submit again: ${this.#reasons.join('；')}`;
    throw new BusinessError(BpmnErrorCode.escalationRefused, message, { escalationRefusal: message });
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The cadres of a 责任追究 decision as the form's dynamic list submits them. */
export function checkCadres(value: unknown, refusal: Refusal): Cadre[] {
  if (!Array.isArray(value) || value.length === 0) {
    refusal.add('提请责任追究须列明责任干部（姓名、职务、干部管理层级、单位）', 'an accountability request must list the cadres (name, post, cadre-management level, unit)');
    return [];
  }
  if (value.length > MAX_CADRES) {
    refusal.add(`责任干部不能超过 ${MAX_CADRES} 人`, `at most ${MAX_CADRES} cadres`);
    return [];
  }
  const cadres: Cadre[] = [];
  value.forEach((item: unknown, index) => {
    const row = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
    const name = text(row.name);
    const post = text(row.post);
    const unit = text(row.unit);
    const region = text(row.region);
    const rawLevel = text(row.level);
    const level = CADRE_LEVELS.find((id) => id === rawLevel || CADRE_LEVEL_NAMES[id] === rawLevel);
    const missing = [
      ...(name ? [] : ['姓名 name']),
      ...(post ? [] : ['职务 post']),
      ...(level ? [] : [`干部管理层级 level（${CADRE_LEVELS.map((id) => `${id} ${CADRE_LEVEL_NAMES[id]}`).join('、')}）`]),
      ...(unit ? [] : ['单位 unit']),
    ];
    if (missing.length > 0) {
      refusal.add(`第 ${index + 1} 名责任干部缺少或填错：${missing.join('、')}`, `cadre ${index + 1}: missing or invalid ${missing.join(', ')}`);
      return;
    }
    cadres.push({ name: name as string, post: post as string, level: level as CadreLevel, unit: unit as string, ...(region ? { region } : {}) });
  });
  return cadres;
}

function requireText(value: string | undefined, chinese: string, english: string, refusal: Refusal): string {
  if (value === undefined) refusal.add(`请填写${chinese}`, `${english} is required`);
  return value ?? '';
}

/** A day after today (China), as the person entered it (YYYY-MM-DD or a date-time). */
function futureDay(value: string | undefined, today: string, chinese: string, english: string, refusal: Refusal): string {
  const day = value === undefined ? undefined : toChinaDate(value);
  if (day === undefined || !isIsoDate(day)) {
    refusal.add(`请填写${chinese}（YYYY-MM-DD）`, `${english} must be a YYYY-MM-DD date`);
    return '';
  }
  if (day <= today) refusal.add(`${chinese}须晚于今天（${today}）`, `${english} must be after today (${today}), got ${day}`);
  return day;
}

interface Checked {
  readonly details: JsonObject;
  readonly measureText: string;
  readonly cadres: Cadre[];
}

function checkDecision(input: RecordEscalationInput, now: string, decidingOrganName: string): Checked {
  const refusal = new Refusal();
  const spec = ESCALATION_MEASURE_SPECS[input.escalationMeasure];
  const partyKind = input.overdueParty.kind;
  if (spec.kind !== partyKind) {
    const allowed = measuresFor(partyKind).map((code) => ESCALATION_MEASURE_SPECS[code].label);
    if (partyKind === OverduePartyKind.enterprise && input.escalationMeasure === EscalationMeasure.accountability) {
      refusal.add(
        `生产经营单位逾期不作为纪检监察线索移交，可采取：${allowed.join('、')}（进贤方案二(二)3）`,
        `an enterprise is never the subject of a discipline-inspection clue; choose one of: ${allowed.join(', ')}`,
      );
    } else {
      refusal.add(`对${PARTY_KIND_NAMES[partyKind]}不能采取「${spec.label}」，可采取：${allowed.join('、')}`, `${spec.label} does not apply to a party of kind ${partyKind}; choose one of: ${allowed.join(', ')}`);
    }
    refusal.throwIfAny();
  }
  const today = toChinaDate(now) as string;
  const party = input.overdueParty.name;
  let details: JsonObject = {};
  let measureText = '';
  let cadres: Cadre[] = [];
  switch (input.escalationMeasure) {
    case EscalationMeasure.letter: {
      const requiredBy = futureDay(input.requiredBy, today, '限期完成日期', 'requiredBy', refusal);
      details = { requiredBy };
      measureText = requiredBy ? `请于${chineseDate(requiredBy)}前完成` : '';
      break;
    }
    case EscalationMeasure.circular: {
      const circularScope = requireText(input.circularScope, '通报范围', 'circularScope', refusal);
      details = { circularScope };
      measureText = `在${circularScope}范围内通报`;
      break;
    }
    case EscalationMeasure.interview: {
      const at = input.interviewAt;
      const valid = at !== undefined && OFFSET_DATE_TIME.test(at) && !Number.isNaN(Date.parse(at));
      if (!valid) {
        refusal.add('请填写约谈时间（日期和时刻）', 'interviewAt must be a date and time, e.g. 2026-12-08T09:30+08:00');
      } else if (Date.parse(at) <= Date.parse(now)) {
        refusal.add(`约谈时间须晚于当前时间（${today}），不能是过去或现在的时间`, `the interview must be in the future (now is ${now}), got ${at}`);
      }
      const interviewPlace = requireText(input.interviewPlace, '约谈地点', 'interviewPlace', refusal);
      const interviewee = requireText(input.interviewee, '约谈对象（如主要负责人）', 'interviewee', refusal);
      details = { interviewAt: at ?? '', interviewPlace, interviewee };
      measureText = `约谈${party}${interviewee}`;
      break;
    }
    case EscalationMeasure.specialSupervision: {
      const supervisionFocus = requireText(input.supervisionFocus, '专项督查重点', 'supervisionFocus', refusal);
      details = { supervisionFocus };
      measureText = `对${party}开展专项督查`;
      break;
    }
    case EscalationMeasure.accountability: {
      cadres = checkCadres(input.cadres, refusal);
      details = { cadres: cadres as unknown as JsonValue[] };
      measureText = `提请对${cadres.map((cadre) => `${cadre.unit}${cadre.post}${cadre.name}`).join('、')}追究责任`;
      break;
    }
    case EscalationMeasure.deadlineRectification: {
      const requiredBy = futureDay(input.requiredBy, today, '限期完成日期', 'requiredBy', refusal);
      details = { requiredBy };
      measureText = requiredBy ? `责令你单位于${chineseDate(requiredBy)}前完成整改，并将整改情况书面报告${decidingOrganName}。` : '';
      break;
    }
    case EscalationMeasure.dualPenalty: {
      const principalName = requireText(input.principalName, '企业主要负责人姓名', 'principalName', refusal);
      details = { principalName, ...(input.fineYuan === undefined ? {} : { fineYuan: input.fineYuan }) };
      measureText =
        `对你单位及你单位主要负责人${principalName}实行“一案双罚”，依法分别予以行政处罚` +
        `${input.fineYuan === undefined ? '' : `，罚款合计人民币${input.fineYuan}元`}。`;
      break;
    }
    case EscalationMeasure.suspension:
      measureText = '责令你单位停产停业整顿。整顿期间不得从事生产经营活动；整顿完毕，经验收合格后方可恢复生产经营。';
      break;
    case EscalationMeasure.closure:
      measureText = '依法提请本级人民政府予以关闭，并落实企业主要负责人行业禁入规定。';
      break;
  }
  refusal.throwIfAny();
  return { details, measureText, cadres };
}

export async function handleRecordEscalation(
  input: RecordEscalationInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<RecordEscalationOutput> {
  const { job, services, logger } = context;
  const { directory } = services.notifier;
  const partyRecipient = input.overdueParty.receiver ?? DEFAULT_PARTY_RECIPIENTS[input.overdueParty.kind];
  const unknown = [
    ...(directory.get(input.decidingGroup) ? [] : [`decidingGroup "${input.decidingGroup}"`]),
    ...(directory.get(partyRecipient) ? [] : [`overdueParty.receiver "${partyRecipient}"`]),
  ];
  if (input.overdueParty.kind === OverduePartyKind.enterprise && input.decidingGroup === CandidateGroup.safetyCommitteeOffice) {
    // 000 第五、六条: 安委办 finds and transfers; penalties and 停产整顿 belong to the department with jurisdiction.
    throw new InvalidVariablesError([
      '变量 decidingGroup：生产经营单位逾期的执法措施由有执法权的部门决定，安委办不作执法决定（江西办法第五、六条），调用流程应传入部门（如 yewu-jianguan） / ' +
        'variable decidingGroup: an enterprise\'s enforcement measure is decided by the department with jurisdiction, never by 安委办; the calling procedure must pass the department (e.g. yewu-jianguan)',
    ]);
  }
  if (unknown.length > 0) {
    throw new InvalidVariablesError(
      unknown.map((what) => `变量 ${what} 不在收件人名录中，可用 ${directory.ids.join('、')} / variable ${what} is not in the recipient directory; valid: ${directory.ids.join(', ')}`),
    );
  }
  const decidingOrganName = directory.get(input.decidingGroup)?.name ?? input.decidingGroup;
  const spec = ESCALATION_MEASURE_SPECS[input.escalationMeasure];
  const checked = checkDecision(input, job.activatedAt, decidingOrganName);

  const { record, isNew } = await services.ledger.recordEscalationDecision({
    idempotencyKey: `${job.elementInstanceKey}:escalation`,
    measure: spec.label,
    partyName: input.overdueParty.name,
    partyKind: PARTY_KIND_NAMES[input.overdueParty.kind],
    overdueSubject: input.overdueSubject,
    overdueDueDate: input.overdueDueDate,
    decidingGroup: input.decidingGroup,
    decidingOrgan: decidingOrganName,
    reason: input.escalationReason,
    details: checked.details,
    processInstanceKey: job.processInstanceKey,
    decidedAt: job.activatedAt,
    ...(input.overdueParty.creditCode === undefined ? {} : { partyCreditCode: input.overdueParty.creditCode }),
    ...(input.documentNumber === undefined ? {} : { documentNumber: input.documentNumber }),
    ...(input.caseTitle === undefined ? {} : { caseTitle: input.caseTitle }),
    ...(input.findingId === undefined ? {} : { findingId: input.findingId }),
    ...(input.callerProcessInstanceKey === undefined ? {} : { callerProcessInstanceKey: input.callerProcessInstanceKey }),
    ...(input.escalationMeasure === EscalationMeasure.dualPenalty
      ? { personCount: 1, ...(input.fineYuan === undefined ? {} : { fineYuan: input.fineYuan }) }
      : {}),
  });
  logger.info({ escalationId: record.id, measure: record.measure, party: record.partyName, isNew }, 'escalation decision recorded in the ledger');

  const accountabilityFinding: JsonObject | null =
    input.escalationMeasure === EscalationMeasure.accountability
      ? {
          category: FindingCategory.cadreConduct,
          description:
            `${input.caseTitle ? `${input.caseTitle}中，` : ''}${input.overdueParty.name}应于${chineseDate(input.overdueDueDate)}前完成“${input.overdueSubject}”，逾期未完成。` +
            `${input.escalationReason} 经${decidingOrganName}研究，${checked.measureText}。`,
          responsibleUnit: input.overdueParty.name,
          source: input.findingSource ?? (input.decidingGroup === CandidateGroup.safetyCommitteeOffice ? '巡查' : '部门检查'),
        }
      : null;

  return {
    escalationId: record.id,
    escalationDecision: {
      escalationId: record.id,
      measure: input.escalationMeasure,
      measureLabel: spec.label,
      reason: input.escalationReason,
      decidedAt: record.decidedAt,
      decidingGroup: input.decidingGroup,
      decidingOrgan: decidingOrganName,
      ...(input.documentNumber === undefined ? {} : { documentNumber: input.documentNumber }),
      ...(record.enforcementActionId === null ? {} : { enforcementId: record.enforcementActionId }),
      ...checked.details,
    },
    escalationRefusal: null,
    measureLabel: spec.label,
    measureText: checked.measureText,
    decidingOrganName,
    partyRecipient,
    accountabilityFinding,
  };
}

const measureList = MEASURE_CODES.map((code) => `${code}（${ESCALATION_MEASURE_SPECS[code].label}）`).join('、');

export const recordEscalationWorker = defineWorker<RecordEscalationInput, RecordEscalationOutput>({
  jobType,
  title: '督办决定入台账',
  inputs: describeInputs(inputSchema, {
    escalationMeasure: { label: '督办措施', kind: 'text', defaultValue: '${escalationMeasure}', description: `决定的措施：${measureList}；须与逾期对象的类别相符`, choices: MEASURE_CODES.map((code) => `${code}（${ESCALATION_MEASURE_SPECS[code].label}）`) },
    escalationReason: { label: '情节及理由', kind: 'text', defaultValue: '${escalationReason}', description: '视情节轻重作出决定的理由（盐城方案四(七)）' },
    overdueParty: { label: '逾期对象', kind: 'expression', defaultValue: '${overdueParty}', description: "对象：{ name 单位全称, kind 'unit' 或 'enterprise', receiver? 收件人编号, creditCode? 统一社会信用代码 }" },
    overdueSubject: { label: '逾期事项', kind: 'text', defaultValue: '${overdueSubject}', description: '逾期未完成的事项，如 报送整改方案' },
    overdueDueDate: { label: '原定期限', kind: 'text', defaultValue: '${overdueDueDate}', description: '错过的期限，YYYY-MM-DD' },
    decidingGroup: { label: '决定机关', kind: 'text', defaultValue: '${decidingGroup}', description: '作出决定的候选组，如 anwei-ban；其名录名称作为决定机关记入台账' },
    caseTitle: { label: '案件名称', kind: 'text', defaultValue: '${caseTitle}', description: '如 某县安全生产巡查；可不填' },
    callerProcessInstanceKey: { label: '调用流程实例', kind: 'text', description: '逾期事项所在流程的实例编号；可不填' },
    findingId: { label: '问题编号', kind: 'text', description: '逾期整改的问题隐患在台账中的编号；可不填' },
    findingSource: { label: '线索来源', kind: 'text', description: `提请责任追究时线索的来源（${FINDING_SOURCES.join('、')}）；不填时安委办决定为 巡查，部门决定为 部门检查` },
    documentNumber: { label: '文号', kind: 'text', description: '督办函、通报、约谈通知或执法决定的文号；可不填' },
    requiredBy: { label: '限期完成日期', kind: 'text', description: '函告、责令限期整改时必填，须晚于今天' },
    interviewAt: { label: '约谈时间', kind: 'text', description: '约谈时必填，带时区的日期时间，须晚于当前时间' },
    interviewPlace: { label: '约谈地点', kind: 'text', description: '约谈时必填' },
    interviewee: { label: '约谈对象', kind: 'text', description: '约谈时必填，如 主要负责人' },
    circularScope: { label: '通报范围', kind: 'text', description: '通报时必填，如 全市各县（市、区）' },
    supervisionFocus: { label: '专项督查重点', kind: 'text', description: '专项督查时必填' },
    principalName: { label: '企业主要负责人', kind: 'text', description: '一案双罚时必填' },
    fineYuan: { label: '罚款合计（元）', kind: 'expression', description: '一案双罚时可填，最多两位小数' },
    cadres: {
      label: '责任干部',
      kind: 'expression',
      description: `提请责任追究时必填：列表，每项 { name, post, level（${CADRE_LEVELS.map((id) => `${id} ${CADRE_LEVEL_NAMES[id]}`).join('、')}）, unit, region? }`,
    },
  }),
  description: '督办决定（函告、通报、约谈、专项督查、提请责任追究；企业：责令限期整改、一案双罚、责令停产整顿、提请关闭）核对后入台账 / checks and records an escalation decision after a missed deadline',
  parseInput: parseRecordEscalationInput,
  handle: handleRecordEscalation,
});
