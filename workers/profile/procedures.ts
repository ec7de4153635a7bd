/**
 * The `procedures` section of a jurisdiction profile: who approves, who
 * receives and who acts at each step of a procedure, so that a diagram
 * iterates over the profile instead of drawing one jurisdiction's chain
 * (issue 11 decision 2). Today only the patrol has one:
 *
 *   "procedures": { "patrol": {
 *     "planApproval":   [ { "group": "lingdao-xiaozu", "title": "巡查工作领导小组研究",
 *                           "origin": "seed", "source": "盐城方案四(一)" }, … ],
 *     "reportApproval": [ …same shape… ],
 *     "feedbackAfter":  { "value": "reportApproval", "origin": "seed", "source": "盐城方案四(五)" },
 *     "reportCopyTo":   [ { "receiver": "inspection-office", "when": "on-request", "origin": "seed", "source": "湖南制度三(三)4" } ],
 *     "resultCopyTo":   { "to": ["organization-department"], "origin": "seed", "source": "盐城方案四(六)" },
 *     "rectificationPlanTo": { "to": ["dangwei-zhengfu"], "copy": ["anwei-ban"], "origin": "seed", "source": "盐城方案四(七)" },
 *     "majorIssueHandling": { "value": "report-to-leading-group-first", "origin": "seed", "source": "盐城方案五(四)" },
 *     "revisitBy":      { "value": "lingdao-xiaozu", "origin": "seed", "source": "盐城方案四(七)" }
 *   } }
 *
 * Every entry names its article (`source`) and whether the seed sets it
 * (`origin`), like a figure. A profile that extends another may leave any
 * field out and inherits it whole (an approval chain is never merged step by
 * step); the root profile defines them all. Resolved into the `profile`
 * variable, the scalar fields become plain strings
 * (`profile.procedures.patrol.majorIssueHandling == 'assign-at-once'`), the
 * steps keep `group`, `title`, `source` and `origin` (the patrol's sequential
 * multi-instance approval task reads `approvalStep.group` and
 * `approvalStep.title`), and `profile.sources.procedures.patrol.<field>` says
 * where each field comes from.
 */
import { CandidateGroup, Receiver, knownCandidateGroups } from '../contract.ts';
import { FIGURE_ORIGINS, type FigureOrigin, isFigureOrigin } from './origin.ts';

/** One step of an approval chain: one role's task, approved or sent back to drafting. */
export interface ApprovalStep {
  readonly group: CandidateGroup;
  /** The task's name, e.g. 市委、市政府审批. */
  readonly title: string;
  readonly source: string;
  readonly origin: FigureOrigin;
}

/** When a copy goes out: every time, or when the approving organ asks for it (湖南 “必要时”). */
export const REPORT_COPY_WHEN = ['always', 'on-request'] as const;
export type ReportCopyWhen = (typeof REPORT_COPY_WHEN)[number];

/** A copy of the approved report to an external receiver (directory recipient). */
export interface ReportCopy {
  readonly receiver: Receiver;
  readonly when: ReportCopyWhen;
  readonly source: string;
  readonly origin: FigureOrigin;
}

/** Who the 整改方案 (and the 整改落实情况 it leads to) is sent to, and who gets a copy. */
export interface RectificationRouting {
  /** Candidate groups that receive (and review) it, the first one reviewing. */
  readonly to: readonly CandidateGroup[];
  /** Candidate groups or receivers that get a copy. */
  readonly copy: readonly (CandidateGroup | Receiver)[];
  readonly source: string;
  readonly origin: FigureOrigin;
}

/** Who receives the patrol's results (巡查结果抄送): directory recipients, all of them every time. */
export interface ResultCopy {
  readonly to: readonly Receiver[];
  readonly source: string;
  readonly origin: FigureOrigin;
}

/** 重大问题: 交办 at once by the 巡查组 (湖南制度三(三)3), or 请示报告 to the 领导小组 first (盐城方案五(四)). */
export const MAJOR_ISSUE_HANDLINGS = ['assign-at-once', 'report-to-leading-group-first'] as const;
export type MajorIssueHandling = (typeof MAJOR_ISSUE_HANDLINGS)[number];

/** The approval the feedback period (patrol.feedbackWorkingDays) counts from: the last step of that chain. */
export const FEEDBACK_AFTER = ['reportApproval'] as const;
export type FeedbackAfter = (typeof FEEDBACK_AFTER)[number];

/** The patrol's procedures as the `profile` variable holds them. */
export interface PatrolProcedures {
  readonly planApproval: readonly ApprovalStep[];
  readonly reportApproval: readonly ApprovalStep[];
  readonly feedbackAfter: FeedbackAfter;
  readonly reportCopyTo: readonly ReportCopy[];
  readonly resultCopyTo: ResultCopy;
  readonly rectificationPlanTo: RectificationRouting;
  readonly majorIssueHandling: MajorIssueHandling;
  readonly revisitBy: CandidateGroup;
}

export interface Procedures {
  readonly patrol: PatrolProcedures;
}

export type ProcedureName = keyof Procedures;

/** Every field of every procedure, in file order. */
export const PROCEDURE_FIELDS: { readonly [P in ProcedureName]: readonly (keyof Procedures[P])[] } = {
  patrol: ['planApproval', 'reportApproval', 'feedbackAfter', 'reportCopyTo', 'resultCopyTo', 'rectificationPlanTo', 'majorIssueHandling', 'revisitBy'],
};

/** A procedures section as written in one file, every field optional (inherited when absent). */
export type ProceduresFile = { readonly [P in ProcedureName]?: { readonly [F in keyof Procedures[P]]?: unknown } };

/** Where a procedure field comes from, after inheritance. */
export interface ProcedureSource {
  readonly source: string;
  /** `seed` only when every part of the field is set by the seed of the profile that defines it, and that is this profile. */
  readonly origin: FigureOrigin;
  /** The profile whose file defines the field. */
  readonly definedIn: string;
  /** True when the field comes from a profile this one extends. */
  readonly inherited: boolean;
}

export type ProcedureSources = { readonly [P in ProcedureName]: { readonly [F in keyof Procedures[P]]: ProcedureSource } };

/**
 * Roles under supervision: they rectify, they never approve, receive a
 * 整改方案 or conduct a 回头看 of their own patrol.
 */
export const SUPERVISED_GROUPS: ReadonlySet<CandidateGroup> = new Set([
  CandidateGroup.patrolledUnit,
  CandidateGroup.responsibleUnit,
  CandidateGroup.supervisedUnit,
  CandidateGroup.enterprise,
]);

const MAX_APPROVAL_STEPS = 6;
const knownReceivers: ReadonlySet<string> = new Set(Object.values(Receiver));
const GROUP_LIST = [...knownCandidateGroups].join(', ');
const RECEIVER_LIST = [...knownReceivers].join(', ');

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function unknownKeys(field: string, value: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(value)
    .filter((key) => key !== '$comment' && !allowed.includes(key))
    .map((key) => `未知字段 ${field}.${key}（可用：${allowed.join('、')}）/ unknown field ${field}.${key} (known: ${allowed.join(', ')})`);
}

function provenanceProblems(field: string, value: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const source = value['source'];
  if (typeof source !== 'string' || source.trim() === '') {
    problems.push(`字段 ${field}.source 应写明依据条款 / field ${field}.source must name the article it comes from (got ${show(source)})`);
  }
  if (!isFigureOrigin(value['origin'])) {
    problems.push(
      `字段 ${field}.origin 应为 ${FIGURE_ORIGINS.join(' 或 ')} / field ${field}.origin must be ${FIGURE_ORIGINS.join(' or ')} (got ${show(value['origin'])})`,
    );
  }
  return problems;
}

function groupProblems(field: string, value: unknown, { approving }: { approving: boolean }): string[] {
  if (typeof value !== 'string' || !knownCandidateGroups.has(value)) {
    return [`字段 ${field} 应为已知候选组（${GROUP_LIST}）/ field ${field} must be a known candidate group (one of ${GROUP_LIST}; got ${show(value)})`];
  }
  if (approving && SUPERVISED_GROUPS.has(value as CandidateGroup)) {
    return [`字段 ${field} 为被监督方 ${value}，不能承担此职责 / field ${field} names ${value}, a supervised party, which cannot approve, receive or revisit`];
  }
  return [];
}

function approvalChainProblems(field: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_APPROVAL_STEPS) {
    return [
      `字段 ${field} 应为 1 到 ${MAX_APPROVAL_STEPS} 个审批步骤的数组 / field ${field} must be an array of 1 to ${MAX_APPROVAL_STEPS} approval steps (got ${show(value)})`,
    ];
  }
  const problems: string[] = [];
  const groups: unknown[] = [];
  value.forEach((step: unknown, index) => {
    const stepField = `${field}[${index}]`;
    if (!isRecord(step)) {
      problems.push(`字段 ${stepField} 应为 { group, title, origin, source } 对象 / field ${stepField} must be an object { group, title, origin, source } (got ${show(step)})`);
      return;
    }
    problems.push(...unknownKeys(stepField, step, ['group', 'title', 'origin', 'source']));
    problems.push(...groupProblems(`${stepField}.group`, step['group'], { approving: true }));
    const title = step['title'];
    if (typeof title !== 'string' || title.trim() === '') {
      problems.push(`字段 ${stepField}.title 应为非空字符串（任务名称）/ field ${stepField}.title must be a non-empty string, the task's name (got ${show(title)})`);
    }
    problems.push(...provenanceProblems(stepField, step));
    if (groups.includes(step['group'])) {
      problems.push(`字段 ${stepField}.group ${show(step['group'])} 在审批链中重复 / field ${stepField}.group ${show(step['group'])} appears twice in the chain`);
    }
    groups.push(step['group']);
  });
  return problems;
}

function choiceProblems(field: string, value: unknown, choices: readonly string[]): string[] {
  if (!isRecord(value)) {
    return [`字段 ${field} 应为 { value, origin, source } 对象 / field ${field} must be an object { value, origin, source } (got ${show(value)})`];
  }
  const problems = unknownKeys(field, value, ['value', 'origin', 'source']);
  if (typeof value['value'] !== 'string' || !choices.includes(value['value'])) {
    problems.push(`字段 ${field}.value 应为 ${choices.join('、')} 之一 / field ${field}.value must be one of ${choices.join(', ')} (got ${show(value['value'])})`);
  }
  problems.push(...provenanceProblems(field, value));
  return problems;
}

function revisitProblems(field: string, value: unknown): string[] {
  if (!isRecord(value)) {
    return [`字段 ${field} 应为 { value, origin, source } 对象 / field ${field} must be an object { value, origin, source } (got ${show(value)})`];
  }
  return [
    ...unknownKeys(field, value, ['value', 'origin', 'source']),
    ...groupProblems(`${field}.value`, value['value'], { approving: true }),
    ...provenanceProblems(field, value),
  ];
}

function reportCopyProblems(field: string, value: unknown): string[] {
  if (!Array.isArray(value)) {
    return [`字段 ${field} 应为数组（可为空）/ field ${field} must be an array, possibly empty (got ${show(value)})`];
  }
  const problems: string[] = [];
  value.forEach((copy: unknown, index) => {
    const copyField = `${field}[${index}]`;
    if (!isRecord(copy)) {
      problems.push(`字段 ${copyField} 应为 { receiver, when, origin, source } 对象 / field ${copyField} must be an object { receiver, when, origin, source } (got ${show(copy)})`);
      return;
    }
    problems.push(...unknownKeys(copyField, copy, ['receiver', 'when', 'origin', 'source']));
    if (typeof copy['receiver'] !== 'string' || !knownReceivers.has(copy['receiver'])) {
      problems.push(
        `字段 ${copyField}.receiver 应为已知收件机关（${RECEIVER_LIST}）/ field ${copyField}.receiver must be a known receiver (one of ${RECEIVER_LIST}; got ${show(copy['receiver'])})`,
      );
    }
    if (!(REPORT_COPY_WHEN as readonly unknown[]).includes(copy['when'])) {
      problems.push(`字段 ${copyField}.when 应为 ${REPORT_COPY_WHEN.join(' 或 ')} / field ${copyField}.when must be ${REPORT_COPY_WHEN.join(' or ')} (got ${show(copy['when'])})`);
    }
    problems.push(...provenanceProblems(copyField, copy));
  });
  return problems;
}

function resultCopyProblems(field: string, value: unknown): string[] {
  if (!isRecord(value)) {
    return [`字段 ${field} 应为 { to, origin, source } 对象 / field ${field} must be an object { to, origin, source } (got ${show(value)})`];
  }
  const problems = unknownKeys(field, value, ['to', 'origin', 'source']);
  const to = value['to'];
  if (!Array.isArray(to) || to.length === 0) {
    problems.push(`字段 ${field}.to 应为至少一个收件机关的数组 / field ${field}.to must be an array of at least one receiver (got ${show(to)})`);
  } else {
    to.forEach((receiver: unknown, index) => {
      if (typeof receiver !== 'string' || !knownReceivers.has(receiver)) {
        problems.push(
          `字段 ${field}.to[${index}] 应为已知收件机关（${RECEIVER_LIST}）/ field ${field}.to[${index}] must be a known receiver (one of ${RECEIVER_LIST}; got ${show(receiver)})`,
        );
      }
    });
  }
  problems.push(...provenanceProblems(field, value));
  return problems;
}

function routingProblems(field: string, value: unknown): string[] {
  if (!isRecord(value)) {
    return [`字段 ${field} 应为 { to, copy, origin, source } 对象 / field ${field} must be an object { to, copy, origin, source } (got ${show(value)})`];
  }
  const problems = unknownKeys(field, value, ['to', 'copy', 'origin', 'source']);
  const to = value['to'];
  if (!Array.isArray(to) || to.length === 0) {
    problems.push(`字段 ${field}.to 应为至少一个候选组的数组 / field ${field}.to must be an array of at least one candidate group (got ${show(to)})`);
  } else {
    to.forEach((group: unknown, index) => problems.push(...groupProblems(`${field}.to[${index}]`, group, { approving: true })));
  }
  const copy = value['copy'];
  if (!Array.isArray(copy)) {
    problems.push(`字段 ${field}.copy 应为数组（可为空）/ field ${field}.copy must be an array, possibly empty (got ${show(copy)})`);
  } else {
    copy.forEach((recipient: unknown, index) => {
      const recipientField = `${field}.copy[${index}]`;
      if (typeof recipient !== 'string' || !(knownCandidateGroups.has(recipient) || knownReceivers.has(recipient))) {
        problems.push(
          `字段 ${recipientField} 应为已知候选组或收件机关 / field ${recipientField} must be a known candidate group or receiver (got ${show(recipient)})`,
        );
      } else if (Array.isArray(to) && to.includes(recipient)) {
        problems.push(`字段 ${recipientField} ${show(recipient)} 已在 to 中 / field ${recipientField} ${show(recipient)} is already in to`);
      }
    });
  }
  problems.push(...provenanceProblems(field, value));
  return problems;
}

const PATROL_FIELD_CHECKS: { readonly [F in keyof PatrolProcedures]: (field: string, value: unknown) => string[] } = {
  planApproval: approvalChainProblems,
  reportApproval: approvalChainProblems,
  feedbackAfter: (field, value) => choiceProblems(field, value, FEEDBACK_AFTER),
  reportCopyTo: reportCopyProblems,
  resultCopyTo: resultCopyProblems,
  rectificationPlanTo: routingProblems,
  majorIssueHandling: (field, value) => choiceProblems(field, value, MAJOR_ISSUE_HANDLINGS),
  revisitBy: revisitProblems,
};

/** Every problem of a file's `procedures` section, by field path (empty when valid). */
export function proceduresProblems(value: unknown): string[] {
  if (value === undefined) return [];
  if (!isRecord(value)) return [`字段 procedures 应为对象 / field procedures must be an object (got ${show(value)})`];
  const problems: string[] = [];
  for (const [name, section] of Object.entries(value)) {
    if (name === '$comment') continue;
    if (name !== 'patrol') {
      problems.push(`未知字段 procedures.${name}（可用：patrol）/ unknown field procedures.${name} (known: patrol)`);
      continue;
    }
    if (!isRecord(section)) {
      problems.push(`字段 procedures.patrol 应为对象 / field procedures.patrol must be an object (got ${show(section)})`);
      continue;
    }
    for (const [field, entry] of Object.entries(section)) {
      if (field === '$comment') continue;
      const check = (PATROL_FIELD_CHECKS as Record<string, (field: string, value: unknown) => string[]>)[field];
      if (check === undefined) {
        problems.push(
          `未知字段 procedures.patrol.${field}（可用：${PROCEDURE_FIELDS.patrol.join('、')}）/ unknown field procedures.patrol.${field} (known: ${PROCEDURE_FIELDS.patrol.join(', ')})`,
        );
        continue;
      }
      problems.push(...check(`procedures.patrol.${field}`, entry));
    }
  }
  return problems;
}

/** Field paths a root profile must define but its `procedures` section leaves out. */
export function missingProcedureFields(value: ProceduresFile | undefined): string[] {
  const missing: string[] = [];
  for (const [name, fields] of Object.entries(PROCEDURE_FIELDS) as [ProcedureName, readonly string[]][]) {
    const section = value?.[name] as Record<string, unknown> | undefined;
    for (const field of fields) if (section?.[field] === undefined) missing.push(`procedures.${name}.${field}`);
  }
  return missing;
}

type Entry = Record<string, unknown>;

function steps(entry: unknown): ApprovalStep[] {
  return (entry as Entry[]).map((step) => ({
    group: step['group'] as CandidateGroup,
    title: step['title'] as string,
    source: step['source'] as string,
    origin: step['origin'] as FigureOrigin,
  }));
}

function copies(entry: unknown): ReportCopy[] {
  return (entry as Entry[]).map((copy) => ({
    receiver: copy['receiver'] as Receiver,
    when: copy['when'] as ReportCopyWhen,
    source: copy['source'] as string,
    origin: copy['origin'] as FigureOrigin,
  }));
}

/** The value a field has in the `profile` variable, from a validated file entry. */
function resolvedValue(field: keyof PatrolProcedures, entry: unknown): unknown {
  switch (field) {
    case 'planApproval':
    case 'reportApproval':
      return steps(entry);
    case 'reportCopyTo':
      return copies(entry);
    case 'resultCopyTo': {
      const copy = entry as Entry;
      return { to: [...(copy['to'] as string[])], source: copy['source'], origin: copy['origin'] };
    }
    case 'rectificationPlanTo': {
      const routing = entry as Entry;
      return { to: [...(routing['to'] as string[])], copy: [...(routing['copy'] as string[])], source: routing['source'], origin: routing['origin'] };
    }
    default:
      return (entry as Entry)['value'];
  }
}

/** The article(s) and origin of a validated file entry; a list's origin is `seed` only if all its items are. */
function provenanceOf(entry: unknown): { source: string; origin: FigureOrigin } {
  const items = Array.isArray(entry) ? (entry as Entry[]) : [entry as Entry];
  if (items.length === 0) return { source: '依据条款未规定，无此项 / the seed sets none', origin: 'administrative-default' };
  const sources = [...new Set(items.map((item) => item['source'] as string))];
  const origin: FigureOrigin = items.every((item) => item['origin'] === 'seed') ? 'seed' : 'administrative-default';
  return { source: sources.join('；'), origin };
}

export interface ProcedureLayer {
  readonly id: string;
  readonly procedures?: ProceduresFile;
}

/**
 * Applies inheritance to validated `procedures` sections, nearest profile
 * first. Returns the resolved procedures and their sources, or the missing
 * field paths. An inherited field is marked `administrative-default` in the
 * sources: the inheriting jurisdiction's seed does not set it.
 */
export function resolveProcedures(
  layers: readonly ProcedureLayer[],
): { procedures: Procedures; sources: ProcedureSources; missing: readonly string[] } {
  const own = layers[0]!;
  const procedures: Record<string, Record<string, unknown>> = {};
  const sources: Record<string, Record<string, ProcedureSource>> = {};
  const missing: string[] = [];
  for (const [name, fields] of Object.entries(PROCEDURE_FIELDS) as [ProcedureName, readonly (keyof PatrolProcedures)[]][]) {
    procedures[name] = {};
    sources[name] = {};
    for (const field of fields) {
      const layer = layers.find((candidate) => (candidate.procedures?.[name] as Record<string, unknown> | undefined)?.[field] !== undefined);
      if (layer === undefined) {
        missing.push(`procedures.${name}.${field}`);
        continue;
      }
      const entry = (layer.procedures![name] as Record<string, unknown>)[field];
      procedures[name][field] = resolvedValue(field, entry);
      const inherited = layer.id !== own.id;
      const provenance = provenanceOf(entry);
      sources[name][field] = {
        source: inherited ? `继承自 ${layer.id} / inherited from ${layer.id}: ${provenance.source}` : provenance.source,
        origin: inherited ? 'administrative-default' : provenance.origin,
        definedIn: layer.id,
        inherited,
      };
    }
  }
  return { procedures: procedures as unknown as Procedures, sources: sources as unknown as ProcedureSources, missing };
}

/** Every candidate group a profile's procedures give a patrol task to (approval steps, 整改方案 review, 回头看). */
export function patrolProcedureGroups(procedures: Procedures): CandidateGroup[] {
  const patrol = procedures.patrol;
  return [
    ...new Set([
      ...patrol.planApproval.map((step) => step.group),
      ...patrol.reportApproval.map((step) => step.group),
      ...patrol.rectificationPlanTo.to,
      patrol.revisitBy,
    ]),
  ];
}
