/**
 * anquan.hazard.check-mandate: 核对职权 at the start of 问题隐患闭环整改. The
 * calling procedure says who diagnoses and reviews and with what powers; this
 * worker fills in the defaults, refuses a mandate the seeds do not give, and
 * hands the diagram the disposal choices that organ may make:
 *
 * - 安委办 (巡查、综合督查) finds, transfers and supervises: 限期整改 (督促责任单位
 *   整改销号, 000 第五条) or 移交有关部门依法处理 (000 第六条). It never orders
 *   停产停业整顿 nor punishes (000 第五条 严禁随意关停; 第六条 交由有关部门依法处理).
 * - The 牵头部门 (专项检查, 000 第十七条(二)(四)) and the 业务监管部门 (日常监督检查,
 *   第二十二条(三)) have enforcement powers: also 责令停产停业整顿.
 *
 * A caller that gives 安委办 enforcement powers is a modelling error no retry
 * fixes: an incident names the article.
 */
import { CandidateGroup, JobType } from '../contract.ts';
import { InvalidVariablesError, choiceField, maybeField, objectField, parseVariables, textField } from '../variables.ts';
import { type JobContext, type JsonObject, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.checkHazardMandate;

/** The organs that may diagnose and review a rectification. */
export const ACTING_GROUPS = [CandidateGroup.safetyCommitteeOffice, CandidateGroup.leadDepartment, CandidateGroup.regulatoryDepartment] as const;
export type ActingGroup = (typeof ACTING_GROUPS)[number];

export const HAZARD_POWERS = ['transfer-only', 'enforcement'] as const;
export type HazardPowers = (typeof HAZARD_POWERS)[number];

/** The disposal values of the diagnosis form (key disposalMeasure). */
export const HazardDisposal = {
  deadline: '限期整改',
  suspension: '停产停业整顿',
  transfer: '移交有关部门依法处理',
} as const;
export type HazardDisposal = (typeof HazardDisposal)[keyof typeof HazardDisposal];

export const PARTY_KINDS = ['unit', 'enterprise'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

/** The role names the lanes use, as default names of the acting organ. */
const ORGAN_NAMES: Readonly<Record<ActingGroup, string>> = {
  [CandidateGroup.safetyCommitteeOffice]: '安委办',
  [CandidateGroup.leadDepartment]: '牵头部门',
  [CandidateGroup.regulatoryDepartment]: '业务监管部门',
};

type RectifyingGroup = typeof CandidateGroup.responsibleUnit | typeof CandidateGroup.enterprise;

/**
 * Who reports the 整改落实 of a responsible party, and receives its notices when
 * the caller names no other receiver (processes/directory.json).
 */
const RECTIFYING_GROUPS: Readonly<Record<PartyKind, RectifyingGroup>> = {
  unit: CandidateGroup.responsibleUnit,
  enterprise: CandidateGroup.enterprise,
};

const MAX_NAME_LENGTH = 500;

const inputSchema = {
  actingGroup: maybeField(choiceField(ACTING_GROUPS)),
  reviewingGroup: maybeField(choiceField(ACTING_GROUPS)),
  powers: maybeField(choiceField(HAZARD_POWERS)),
  actingOrganName: maybeField(textField({ maxLength: MAX_NAME_LENGTH })),
  finding: objectField({ responsibleUnit: textField({ maxLength: MAX_NAME_LENGTH }) }),
  responsibleParty: maybeField(
    objectField({
      name: textField({ maxLength: MAX_NAME_LENGTH }),
      kind: choiceField(PARTY_KINDS),
      receiver: maybeField(textField({ maxLength: 100 })),
      creditCode: maybeField(textField({ maxLength: 100 })),
    }),
  ),
  listing: maybeField(objectField({ authority: textField({ maxLength: MAX_NAME_LENGTH }), listedAt: textField({ maxLength: 100 }) })),
  listedDeadline: maybeField(objectField({ due: textField({ maxLength: 10 }), dueAt: textField({ maxLength: 100 }), remindAt: textField({ maxLength: 100 }) })),
} as const;

const groupChoices = ACTING_GROUPS.join('、');

const inputs = describeInputs(inputSchema, {
  actingGroup: {
    label: '诊断处置机关（候选组）',
    kind: 'text',
    description: `诊断分析与分类处置的候选组：${groupChoices}；不填为 anwei-ban（巡查、综合督查），专项检查为 qiantou-bumen，日常监督检查为 yewu-jianguan`,
    choices: ACTING_GROUPS,
  },
  reviewingGroup: { label: '复核销号机关（候选组）', kind: 'text', description: '复核销号的候选组，不填同诊断处置机关', choices: ACTING_GROUPS },
  powers: {
    label: '职权',
    kind: 'text',
    description: 'transfer-only：只能移交督办（安委办）；enforcement：有执法权（牵头部门、业务监管部门），可责令停产停业整顿。不填时安委办为 transfer-only，部门为 enforcement',
    choices: HAZARD_POWERS,
  },
  actingOrganName: { label: '机关名称', kind: 'text', description: '诊断处置机关的名称，如 ${inspectingOrgan}；不填为角色名（安委办、牵头部门、业务监管部门）' },
  finding: { label: '问题隐患', kind: 'expression', description: '问题隐患 {category, description, responsibleUnit, …}', defaultValue: '${finding}' },
  responsibleParty: {
    label: '整改责任主体',
    kind: 'expression',
    description: "{name, kind: 'unit'|'enterprise', receiver?, creditCode?}；不填为 {name: finding.responsibleUnit, kind: 'unit'}。企业逾期不作纪检线索，由部门决定一案双罚、停产整顿、提请关闭",
  },
  listing: { label: '挂牌督办', kind: 'expression', description: '挂牌督办结果 {authority, documentNumber, listedAt}（anquan.supervision.list-major-hazard）；未挂牌不填' },
  listedDeadline: { label: '挂牌督办整改期限', kind: 'expression', description: '挂牌督办的整改期限计划（anquan.deadline.plan 的结果）；挂牌督办时必填，整改以此为唯一期限' },
});

export interface CheckMandateInput {
  readonly actingGroup?: ActingGroup;
  readonly reviewingGroup?: ActingGroup;
  readonly powers?: HazardPowers;
  readonly actingOrganName?: string;
  readonly finding: { readonly responsibleUnit: string };
  readonly responsibleParty?: { readonly name: string; readonly kind: PartyKind; readonly receiver?: string; readonly creditCode?: string };
  readonly listing?: { readonly authority: string; readonly listedAt: string };
  readonly listedDeadline?: { readonly due: string; readonly dueAt: string; readonly remindAt: string };
}

export interface DisposalOption extends JsonObject {
  value: HazardDisposal;
  label: string;
}

export type CheckMandateOutput = {
  actingGroup: ActingGroup;
  reviewingGroup: ActingGroup;
  powers: HazardPowers;
  actingOrganName: string;
  responsibleParty: JsonObject;
  /** Who reports the 整改落实: the 责任单位, or the enterprise itself (生产经营单位, 进贤方案二(一)2 五落实). */
  rectifyingGroup: RectifyingGroup;
  allowedDisposals: HazardDisposal[];
  disposalOptions: DisposalOption[];
  powersNote: string;
  listed: boolean;
};

/** The choices each mode offers; the labels are the values, as the 台账 and the forms name them. */
export function disposalOptions(powers: HazardPowers): DisposalOption[] {
  const choices: HazardDisposal[] =
    powers === 'enforcement' ? [HazardDisposal.deadline, HazardDisposal.suspension, HazardDisposal.transfer] : [HazardDisposal.deadline, HazardDisposal.transfer];
  return choices.map((value) => ({ value, label: value }));
}

export function parseCheckMandateInput(variables: Readonly<Record<string, unknown>>): CheckMandateInput {
  const input = parseVariables(variables, inputSchema) as CheckMandateInput;
  const problems: string[] = [];
  const actingGroup = input.actingGroup ?? CandidateGroup.safetyCommitteeOffice;
  if (actingGroup === CandidateGroup.safetyCommitteeOffice && input.powers === 'enforcement') {
    problems.push(
      '变量 powers 为 enforcement，但诊断处置机关是安委办：安委办只能移交督办，停产停业整顿等执法决定属于有管辖权的部门（江西办法第五、六条）/ ' +
        'variable powers is enforcement but the acting group is anwei-ban: the 安委办 may only transfer and supervise; 停产停业整顿 and other enforcement belong to the competent department (000 第五、六条)',
    );
  }
  if ((input.listing === undefined) !== (input.listedDeadline === undefined)) {
    problems.push(
      '变量 listing 与 listedDeadline 须同时给出（挂牌督办的隐患以挂牌督办的期限为唯一整改期限）/ ' +
        'variables listing and listedDeadline go together (a listed hazard is rectified by the listing’s deadline, and only by it)',
    );
  }
  if (problems.length > 0) throw new InvalidVariablesError(problems);
  return input;
}

export function handleCheckMandate(input: CheckMandateInput, context: Pick<JobContext, 'logger'>): CheckMandateOutput {
  const actingGroup = input.actingGroup ?? CandidateGroup.safetyCommitteeOffice;
  const powers = input.powers ?? (actingGroup === CandidateGroup.safetyCommitteeOffice ? 'transfer-only' : 'enforcement');
  const options = disposalOptions(powers);
  const party = input.responsibleParty ?? { name: input.finding.responsibleUnit, kind: 'unit' as const };
  const responsibleParty: JsonObject = {
    name: party.name,
    kind: party.kind,
    receiver: party.receiver ?? RECTIFYING_GROUPS[party.kind],
    ...(party.creditCode === undefined ? {} : { creditCode: party.creditCode }),
  };
  const actingOrganName = input.actingOrganName ?? ORGAN_NAMES[actingGroup];
  const powersNote =
    powers === 'enforcement'
      ? `${actingOrganName}依法依规处理：可责令限期整改、责令停产停业整顿或移交有管辖权的部门（江西办法第十七条(二)、第二十二条(三)）；严禁“一刀切”、随意关停、随意顶格处罚（第五条）。`
      : `${actingOrganName}移交督办：督促责任单位限期整改销号，或移交有关部门依法处理；停产停业整顿等执法决定由有管辖权的部门作出（江西办法第五、六条）。`;
  context.logger.info({ actingGroup, powers, partyKind: party.kind, listed: input.listing !== undefined }, 'rectification mandate checked');
  return {
    actingGroup,
    reviewingGroup: input.reviewingGroup ?? actingGroup,
    powers,
    actingOrganName,
    responsibleParty,
    rectifyingGroup: RECTIFYING_GROUPS[party.kind],
    allowedDisposals: options.map((option) => option.value),
    disposalOptions: options,
    powersNote,
    listed: input.listing !== undefined,
  };
}

export const checkMandateWorker = defineWorker<CheckMandateInput, CheckMandateOutput>({
  jobType,
  title: '核对整改职权',
  inputs,
  description: '核对问题隐患整改的诊断、复核机关及其职权（安委办只能移交督办）/ checks who diagnoses and reviews a rectification and with what powers',
  parseInput: parseCheckMandateInput,
  handle: handleCheckMandate,
});
