/**
 * Jurisdiction profiles (江西 default, 盐城, 湖南): every deadline figure a
 * procedure needs, each with the article of the seed document it comes from,
 * so a process owner changes a figure in processes/profiles/<id>.json without
 * touching a diagram.
 *
 * A profile file holds
 *
 *   { "id": "yancheng", "name": "盐城市", "document": "…", "extends": "jiangxi",
 *     "figures": { "patrol": { "reportWorkingDays":
 *       { "value": 10, "origin": "seed", "source": "盐城方案四(四)" } } } }
 *
 * A profile with `extends` may leave figures out; they come from the profile
 * it extends (湖南 gives no feedback period, so 江西's default applies). The
 * root profile (no `extends`) must define every figure. An inherited figure is
 * an administrative default for the profile that inherits it (its own seed
 * does not set it): `sources` says so, with `inherited: true` and `definedIn`.
 *
 * A profile also holds `procedures` (workers/profile/procedures.ts): the
 * approval chains, recipients and roles of the patrol, inherited field by field.
 *
 * After inheritance the figures must be consistent (workers/profile/consistency.ts):
 * no deadline falls after the deadline of what it prepares.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { JurisdictionId } from '../contract.ts';
import { deadlineProblems } from './consistency.ts';
import { FIGURE_ORIGINS, type FigureOrigin } from './origin.ts';
import {
  type ProcedureSources,
  type Procedures,
  type ProceduresFile,
  missingProcedureFields,
  proceduresProblems,
  resolveProcedures,
} from './procedures.ts';

export { FIGURE_ORIGINS, type FigureOrigin } from './origin.ts';
export type { ApprovalStep, PatrolProcedures, ProcedureSource, Procedures } from './procedures.ts';

/** 江西 is the default jurisdiction (MISSION: jurisdiction profile). */
export const DEFAULT_JURISDICTION: JurisdictionId = JurisdictionId.jiangxi;

export const JURISDICTION_IDS: readonly JurisdictionId[] = Object.values(JurisdictionId);

export function isJurisdictionId(value: unknown): value is JurisdictionId {
  return typeof value === 'string' && (JURISDICTION_IDS as readonly string[]).includes(value);
}

/** `dayOfMonth`: a day of each month (1–28, so every month has it), not a period. */
type Unit = 'calendarDays' | 'workingDays' | 'months' | 'dayOfMonth';

interface FigureSpec {
  readonly unit: Unit;
  readonly min: number;
  readonly max: number;
  /** What the figure means, for error messages and process owners. */
  readonly meaning: string;
}

/**
 * Every figure a profile defines, by group. The names carry their unit
 * (…Days calendar days, …WorkingDays working days, …Months calendar months).
 */
export const FIGURE_SPECS = {
  patrol: {
    maxOnSiteDays: { unit: 'calendarDays', min: 1, max: 366, meaning: '巡查进驻时间上限 / maximum on-site patrol length' },
    maxOnSiteDaysTownOrZone: {
      unit: 'calendarDays',
      min: 1,
      max: 366,
      meaning: '对镇（街道）、功能区专项巡查时间上限 / maximum on-site length for towns and functional zones',
    },
    entryNoticeWorkingDays: { unit: 'workingDays', min: 0, max: 60, meaning: '进驻通知提前量 / entry notice period' },
    reportWorkingDays: { unit: 'workingDays', min: 1, max: 120, meaning: '巡查结束后形成巡查报告 / report after the patrol ends' },
    feedbackWorkingDays: { unit: 'workingDays', min: 1, max: 120, meaning: '报告批准后集中反馈 / feedback after approval' },
    rectificationPlanWorkingDays: { unit: 'workingDays', min: 1, max: 250, meaning: '反馈后报送整改方案 / rectification plan after feedback' },
    rectificationMonths: { unit: 'months', min: 1, max: 36, meaning: '报送整改落实和查处情况 / rectification and 查处 results' },
  },
  deadline: {
    reminderLeadWorkingDays: { unit: 'workingDays', min: 0, max: 30, meaning: '到期前提醒提前量 / reminder before a due date' },
  },
  escalation: {
    letterAfterWorkingDays: { unit: 'workingDays', min: 0, max: 120, meaning: '逾期后函告 / 函告 after a missed deadline' },
    interviewAfterWorkingDays: { unit: 'workingDays', min: 0, max: 120, meaning: '逾期后约谈 / 约谈 after a missed deadline' },
    accountabilityAfterWorkingDays: {
      unit: 'workingDays',
      min: 0,
      max: 250,
      meaning: '逾期后提出责任追究建议 / accountability clue after a missed deadline',
    },
    decisionWorkingDays: { unit: 'workingDays', min: 1, max: 60, meaning: '逾期后安委办作出督办决定 / 安委办 decides the escalation measure within' },
  },
  transfer: {
    receiptWorkingDays: { unit: 'workingDays', min: 1, max: 120, meaning: '移交后回执期限 / receipt of a transfer' },
    receiptReminderLeadWorkingDays: { unit: 'workingDays', min: 0, max: 30, meaning: '回执催办提前量 / receipt reminder lead' },
    outcomeWorkingDays: { unit: 'workingDays', min: 1, max: 250, meaning: '回执后报送办理结果 / outcome of a transfer after its receipt' },
  },
  hazard: {
    generalRectificationMonths: { unit: 'months', min: 1, max: 36, meaning: '一般问题隐患整改期限 / general hazard rectification' },
    majorRectificationMonths: { unit: 'months', min: 1, max: 36, meaning: '重大事故隐患整改期限 / major hazard rectification' },
  },
  supervision: {
    reportWorkingDays: { unit: 'workingDays', min: 1, max: 120, meaning: '综合督查结束后反馈并报送督查报告 / supervision report after the on-site work' },
    rectificationMonths: { unit: 'months', min: 1, max: 36, meaning: '被督查单位报送整改情况 / rectification by the supervised unit' },
  },
  inspection: {
    planFilingWorkingDays: { unit: 'workingDays', min: 0, max: 60, meaning: '专项检查方案在检查开始前报送安委办 / plan filed before the inspection starts' },
    inspectionWorkingDays: { unit: 'workingDays', min: 1, max: 120, meaning: '检查任务下达后完成现场检查 / on-site inspection after assignment' },
    reportWorkingDays: { unit: 'workingDays', min: 1, max: 120, meaning: '检查结束后报送工作报告 / inspection report after the inspection' },
    handoverWorkingDays: { unit: 'workingDays', min: 1, max: 60, meaning: '行业主管部门书面记录并移交业务监管部门 / hand-over to the 业务监管部门' },
    handoverHandlingWorkingDays: { unit: 'workingDays', min: 1, max: 120, meaning: '业务监管部门收到移交后依法处理 / the 业务监管部门 handles what was handed over' },
    dispatchReviewLeadWorkingDays: { unit: 'workingDays', min: 0, max: 20, meaning: '调度表报送日前开始审核 / review of the 调度表 starts before its due day' },
    dispatchDayOfMonth: { unit: 'dayOfMonth', min: 1, max: 28, meaning: '调度表每月报送日（几号，遇节假日顺延） / day of the month the 调度表 is due (moved to the next working day)' },
    keyInspectionIntervalMonths: { unit: 'months', min: 1, max: 12, meaning: '重点监管对象检查频次（每 N 个月全覆盖一次）/ key objects are inspected once every N months' },
    generalDrawIntervalMonths: { unit: 'months', min: 1, max: 12, meaning: '一般监管对象双随机抽查频次（每 N 个月抽取一次）/ general objects are drawn once every N months' },
  },
  credit: {
    seriousViolationListingMonths: { unit: 'months', min: 1, max: 120, meaning: '严重违法失信名单列入期限 / listing period for serious violations' },
    statementWorkingDays: { unit: 'workingDays', min: 1, max: 30, meaning: '拟列入失信名单告知后陈述申辩期限 / period for the enterprise’s statement after the notice' },
  },
} as const satisfies Record<string, Record<string, FigureSpec>>;

export type FigureGroup = keyof typeof FIGURE_SPECS;
export type Figures = { readonly [G in FigureGroup]: { readonly [F in keyof (typeof FIGURE_SPECS)[G]]: number } };

export interface FigureSource {
  /** The seed article, e.g. "盐城方案四(四)", or why an administrative default was set. */
  readonly source: string;
  /** `administrative-default` for every inherited figure: the inheriting profile's seed does not set it. */
  readonly origin: FigureOrigin;
  /** The profile whose file defines the figure (differs from the profile's id when inherited). */
  readonly definedIn: JurisdictionId;
  /** True when the figure comes from a profile this one extends. */
  readonly inherited: boolean;
  /** For an inherited figure: its origin in the profile that defines it. */
  readonly originInDefiningProfile?: FigureOrigin;
}

export type FigureSources = { readonly [G in FigureGroup]: { readonly [F in keyof (typeof FIGURE_SPECS)[G]]: FigureSource } };

/** The `sources` of a resolved profile: every figure's, and every procedure field's under `procedures`. */
export type ProfileSources = FigureSources & { readonly procedures: ProcedureSources };

/** A profile file as validated, before inheritance. */
export interface ProfileFile {
  readonly id: JurisdictionId;
  readonly name: string;
  /** The document the figures come from. */
  readonly document: string;
  readonly extends?: JurisdictionId;
  readonly figures: {
    readonly [G in FigureGroup]?: { readonly [F in keyof (typeof FIGURE_SPECS)[G]]?: { value: number; origin: FigureOrigin; source: string } };
  };
  /** Approval chains, recipients and roles (workers/profile/procedures.ts); inherited when absent. */
  readonly procedures?: ProceduresFile;
}

/** A profile with inheritance applied: every figure has a value and a source. */
export interface ResolvedProfile extends Figures {
  readonly id: JurisdictionId;
  readonly name: string;
  readonly document: string;
  /** The profile and the ones it extends, nearest first, e.g. ["hunan", "jiangxi"]. */
  readonly chain: readonly JurisdictionId[];
  /** `profile.procedures.patrol.planApproval` …, inheritance applied. */
  readonly procedures: Procedures;
  readonly sources: ProfileSources;
}

/** A profile file that cannot be used; names the file and every offending field. */
export class ProfileError extends Error {
  readonly file: string;
  readonly problems: readonly string[];

  constructor(file: string, problems: readonly string[]) {
    super(`辖区配置文件无效 / invalid jurisdiction profile ${file}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ProfileError';
    this.file = file;
    this.problems = problems;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

const TOP_LEVEL_KEYS = new Set(['$comment', 'id', 'name', 'document', 'extends', 'figures', 'procedures']);
const FIGURE_KEYS = new Set(['value', 'origin', 'source', '$comment']);

/**
 * Validates parsed profile JSON, listing every problem with its field path.
 * `expectedId` is the id the file name promises.
 */
export function parseProfileFile(data: unknown, file: string, expectedId?: JurisdictionId): ProfileFile {
  if (!isRecord(data)) {
    throw new ProfileError(file, ['顶层应为 JSON 对象 / top level must be a JSON object']);
  }
  const problems: string[] = [];
  for (const key of Object.keys(data)) {
    if (!TOP_LEVEL_KEYS.has(key)) problems.push(`未知字段 ${key} / unknown field ${key}`);
  }

  const id = data['id'];
  if (!isJurisdictionId(id)) {
    problems.push(`字段 id 应为 ${JURISDICTION_IDS.join('、')} 之一 / field id must be one of ${JURISDICTION_IDS.join(', ')} (got ${show(id)})`);
  } else if (expectedId !== undefined && id !== expectedId) {
    problems.push(`字段 id 为 "${id}"，与文件名 ${expectedId}.json 不符 / field id is "${id}" but the file is ${expectedId}.json`);
  }
  for (const key of ['name', 'document'] as const) {
    const value = data[key];
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`字段 ${key} 应为非空字符串 / field ${key} must be a non-empty string (got ${show(value)})`);
    }
  }
  const parent = data['extends'];
  if (parent !== undefined && !isJurisdictionId(parent)) {
    problems.push(`字段 extends 应为 ${JURISDICTION_IDS.join('、')} 之一 / field extends must be one of ${JURISDICTION_IDS.join(', ')} (got ${show(parent)})`);
  } else if (parent !== undefined && parent === id) {
    problems.push(`字段 extends 不能指向自身 / field extends must not name the profile itself`);
  }

  const figures = data['figures'];
  if (!isRecord(figures)) {
    problems.push(`字段 figures 应为对象 / field figures must be an object (got ${show(figures)})`);
  } else {
    for (const [group, entries] of Object.entries(figures)) {
      const groupSpec = (FIGURE_SPECS as Record<string, Record<string, FigureSpec>>)[group];
      if (groupSpec === undefined) {
        problems.push(
          `未知字段 figures.${group}（可用：${Object.keys(FIGURE_SPECS).join('、')}）/ unknown field figures.${group} (known: ${Object.keys(FIGURE_SPECS).join(', ')})`,
        );
        continue;
      }
      if (!isRecord(entries)) {
        problems.push(`字段 figures.${group} 应为对象 / field figures.${group} must be an object (got ${show(entries)})`);
        continue;
      }
      for (const [name, figure] of Object.entries(entries)) {
        const field = `figures.${group}.${name}`;
        const spec = groupSpec[name];
        if (spec === undefined) {
          problems.push(`未知字段 ${field}（可用：${Object.keys(groupSpec).join('、')}）/ unknown field ${field} (known: ${Object.keys(groupSpec).join(', ')})`);
          continue;
        }
        problems.push(...figureProblems(field, spec, figure));
      }
    }
  }

  problems.push(...proceduresProblems(data['procedures']));

  if (problems.length === 0 && parent === undefined) {
    problems.push(...missingFigures(figures as ProfileFile['figures']).map((field) => rootMissing(field)));
    problems.push(...missingProcedureFields(data['procedures'] as ProceduresFile | undefined).map((field) => rootMissing(field)));
  }
  if (problems.length > 0) {
    throw new ProfileError(file, problems);
  }
  return data as unknown as ProfileFile;
}

function rootMissing(field: string): string {
  return `缺少字段 ${field}（未继承其他配置的根配置须给出全部时限和程序）/ field ${field} is missing (a profile without extends must define every figure and procedure)`;
}

function figureProblems(field: string, spec: FigureSpec, figure: unknown): string[] {
  if (!isRecord(figure)) {
    return [`字段 ${field} 应为 { value, origin, source } 对象 / field ${field} must be an object { value, origin, source } (got ${show(figure)})`];
  }
  const problems: string[] = [];
  for (const key of Object.keys(figure)) {
    if (!FIGURE_KEYS.has(key)) problems.push(`未知字段 ${field}.${key} / unknown field ${field}.${key}`);
  }
  const value = figure['value'];
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max)) {
    problems.push(
      `字段 ${field}.value（${spec.meaning}）应为 ${spec.min} 到 ${spec.max} 之间的整数 / field ${field}.value must be an integer from ${spec.min} to ${spec.max} (got ${show(value)})`,
    );
  }
  const origin = figure['origin'];
  if (!(FIGURE_ORIGINS as readonly unknown[]).includes(origin)) {
    problems.push(`字段 ${field}.origin 应为 ${FIGURE_ORIGINS.join(' 或 ')} / field ${field}.origin must be ${FIGURE_ORIGINS.join(' or ')} (got ${show(origin)})`);
  }
  const source = figure['source'];
  if (typeof source !== 'string' || source.trim() === '') {
    problems.push(`字段 ${field}.source 应写明依据条款 / field ${field}.source must name the article it comes from (got ${show(source)})`);
  }
  return problems;
}

function missingFigures(figures: ProfileFile['figures'] | undefined): string[] {
  const missing: string[] = [];
  for (const [group, specs] of Object.entries(FIGURE_SPECS)) {
    const entries = (figures as Record<string, Record<string, unknown> | undefined> | undefined)?.[group];
    for (const name of Object.keys(specs)) {
      if (entries?.[name] === undefined) missing.push(`figures.${group}.${name}`);
    }
  }
  return missing;
}

function escalationProblems(escalation: Figures['escalation']): string[] {
  const problems: string[] = [];
  if (escalation.interviewAfterWorkingDays < escalation.letterAfterWorkingDays) {
    problems.push(
      'escalation.interviewAfterWorkingDays 不应早于 letterAfterWorkingDays（先函告后约谈）/ interviewAfterWorkingDays must not precede letterAfterWorkingDays',
    );
  }
  if (escalation.accountabilityAfterWorkingDays < escalation.interviewAfterWorkingDays) {
    problems.push(
      'escalation.accountabilityAfterWorkingDays 不应早于 interviewAfterWorkingDays（先约谈后追责）/ accountabilityAfterWorkingDays must not precede interviewAfterWorkingDays',
    );
  }
  return problems;
}

/**
 * Applies inheritance: `files` holds the profile and its ancestors, nearest
 * first. Checks the chain is acyclic and the result complete and coherent.
 */
export function resolveProfile(files: readonly ProfileFile[], fileOf: (id: JurisdictionId) => string): ResolvedProfile {
  const [own] = files;
  if (own === undefined) throw new RangeError('resolveProfile needs at least one profile');
  const figures: Record<string, Record<string, number>> = {};
  const sources: Record<string, Record<string, FigureSource>> = {};
  const missing: string[] = [];
  for (const [group, specs] of Object.entries(FIGURE_SPECS)) {
    const groupFigures: Record<string, number> = {};
    const groupSources: Record<string, FigureSource> = {};
    for (const name of Object.keys(specs)) {
      const definedIn = files.find((file) => figureOf(file, group, name) !== undefined);
      const figure = definedIn === undefined ? undefined : figureOf(definedIn, group, name);
      if (definedIn === undefined || figure === undefined) {
        missing.push(`figures.${group}.${name}`);
        continue;
      }
      groupFigures[name] = figure.value;
      const inherited = definedIn.id !== own.id;
      groupSources[name] = inherited
        ? { source: figure.source, origin: 'administrative-default', definedIn: definedIn.id, inherited, originInDefiningProfile: figure.origin }
        : { source: figure.source, origin: figure.origin, definedIn: definedIn.id, inherited };
    }
    figures[group] = groupFigures;
    sources[group] = groupSources;
  }
  const procedures = resolveProcedures(files);
  missing.push(...procedures.missing);
  if (missing.length > 0) {
    const root = files[files.length - 1]!;
    throw new ProfileError(fileOf(root.id), missing.map((field) => rootMissing(field)));
  }
  const resolved = figures as unknown as Figures;
  const problems = [...escalationProblems(resolved.escalation), ...deadlineProblems(resolved)];
  if (problems.length > 0) {
    throw new ProfileError(fileOf(own.id), problems.map((problem) => `${problem}（继承链 / chain: ${files.map((file) => file.id).join(' → ')}）`));
  }
  return {
    id: own.id,
    name: own.name,
    document: own.document,
    chain: files.map((file) => file.id),
    ...resolved,
    procedures: procedures.procedures,
    sources: { ...(sources as unknown as FigureSources), procedures: procedures.sources },
  };
}

type FigureEntry = { readonly value: number; readonly origin: FigureOrigin; readonly source: string };

function figureOf(file: ProfileFile, group: string, name: string): FigureEntry | undefined {
  return (file.figures as Readonly<Record<string, Readonly<Record<string, FigureEntry | undefined>> | undefined>>)[group]?.[name];
}

interface CachedFile {
  readonly mtimeMs: number;
  readonly size: number;
  readonly profile: ProfileFile;
}

/**
 * Reads profiles from a directory. Files are re-read when their modification
 * time or size changes, so a process owner's edit applies to the next job
 * without restarting the workers; unchanged files are served from memory.
 */
export class ProfileStore {
  readonly directory: string;
  private readonly cache = new Map<JurisdictionId, CachedFile>();

  constructor(directory: string) {
    this.directory = directory;
  }

  /** Opens the store and checks every profile once, so a broken file stops start-up with a clear message. */
  static async open(directory: string): Promise<ProfileStore> {
    const store = new ProfileStore(directory);
    await store.resolveAll();
    return store;
  }

  fileOf(id: JurisdictionId): string {
    return path.join(this.directory, `${id}.json`);
  }

  async resolveAll(): Promise<ResolvedProfile[]> {
    const resolved: ResolvedProfile[] = [];
    for (const id of JURISDICTION_IDS) resolved.push(await this.resolve(id));
    return resolved;
  }

  /** The profile with inheritance applied; throws {@link ProfileError} for a missing or invalid file. */
  async resolve(id: JurisdictionId): Promise<ResolvedProfile> {
    const files: ProfileFile[] = [];
    const seen: JurisdictionId[] = [];
    let next: JurisdictionId | undefined = id;
    while (next !== undefined) {
      if (seen.includes(next)) {
        throw new ProfileError(this.fileOf(seen[seen.length - 1]!), [
          `继承关系成环 / extends forms a cycle: ${[...seen, next].join(' → ')}`,
        ]);
      }
      seen.push(next);
      const file = await this.read(next);
      files.push(file);
      next = file.extends;
    }
    return resolveProfile(files, (profileId) => this.fileOf(profileId));
  }

  private async read(id: JurisdictionId): Promise<ProfileFile> {
    const file = this.fileOf(id);
    let stats;
    try {
      stats = await stat(file);
    } catch (error) {
      throw new ProfileError(file, [`无法读取 / cannot be read: ${(error as Error).message}`]);
    }
    const cached = this.cache.get(id);
    if (cached !== undefined && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) {
      return cached.profile;
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new ProfileError(file, [`无法读取 / cannot be read: ${(error as Error).message}`]);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new ProfileError(file, [`不是合法 JSON / is not valid JSON: ${(error as Error).message}`]);
    }
    const profile = parseProfileFile(data, file, id);
    this.cache.set(id, { mtimeMs: stats.mtimeMs, size: stats.size, profile });
    return profile;
  }
}
