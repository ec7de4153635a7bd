/**
 * 年度综合督查计划 in the ledger (migration 10): 综合督查原则上每年组织1次
 * (000 第十一条), so one jurisdiction holds at most one comprehensive
 * supervision per year. The table `supervision_plans` has a unique key on
 * (jurisdiction, year) and one on the process instance that holds it.
 *
 * Registering is idempotent: the instance that holds a year registers again
 * (a redelivered job, a plan sent back and drafted anew) and keeps it, its
 * title, 文号 and targets updated; a plan redrafted for another year moves its
 * registration there when that year is free. Another instance asking for a
 * held year is told who holds it ({@link SupervisionPlanRegistration} `held`),
 * and nothing changes.
 *
 * Targets are structured (第十一条: 安委会成员单位, and 可延伸至有关地方党委政府、
 * 重点企业事业单位): kind, name, and the 统一社会信用代码 of a key enterprise or
 * the region of a local 党委政府.
 *
 * A plan cancelled before it runs (the 安委会 does not approve it, the 安委办
 * withdraws it) frees its year (migration 14): the row moves to
 * `supervision_plan_releases` with the reason, so the 台账 still shows it and a
 * new plan for that year and jurisdiction can be registered. Releasing is
 * idempotent: the same instance releasing again is told it already did.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { LedgerMigration } from './migrations.ts';
import { InputCheck, MAX_SHORT_TEXT_LENGTH } from './validation.ts';

export const SUPERVISION_TARGET_KINDS = ['member-unit', 'local-party-government', 'key-enterprise'] as const;
export type SupervisionTargetKind = (typeof SUPERVISION_TARGET_KINDS)[number];
export const SUPERVISION_TARGET_KIND_LABELS: Readonly<Record<SupervisionTargetKind, string>> = {
  'member-unit': '安委会成员单位',
  'local-party-government': '地方党委政府',
  'key-enterprise': '重点企业事业单位',
};
export const MIN_PLAN_YEAR = 2000;
export const MAX_PLAN_YEAR = 2199;
/** 统一社会信用代码: 18 characters, digits and capital letters (GB 32100). */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export interface SupervisionTarget {
  readonly kind: SupervisionTargetKind;
  readonly name: string;
  /** Required for a key enterprise. */
  readonly creditCode?: string;
  /** Required for a local 党委政府 (e.g. 测试市测试区). */
  readonly region?: string;
}

export interface SupervisionPlanInput {
  readonly processInstanceKey: string;
  readonly jurisdiction: string;
  readonly year: number;
  readonly planTitle: string;
  readonly planNumber?: string;
  readonly targets: readonly SupervisionTarget[];
}

export interface SupervisionPlan {
  readonly id: string;
  readonly processInstanceKey: string;
  readonly jurisdiction: string;
  readonly year: number;
  readonly planTitle: string;
  readonly planNumber: string | null;
  readonly targets: readonly SupervisionTarget[];
  readonly registeredAt: string;
  readonly updatedAt: string;
}

/** `registered` new, `unchanged` / `updated` by its own instance again, `held` by another instance (nothing written). */
export type SupervisionPlanRegistration =
  | { readonly outcome: 'registered' | 'unchanged' | 'updated'; readonly plan: SupervisionPlan }
  | { readonly outcome: 'held'; readonly plan: SupervisionPlan };

interface SupervisionPlanRow {
  id: string;
  process_instance_key: string;
  jurisdiction: string;
  year: number;
  plan_title: string;
  plan_number: string | null;
  /** JSON text of the targets. */
  targets: string;
  registered_at: string;
  updated_at: string;
}

/** The released plan's row (its id kept) without updated_at, and why and when it was released. */
interface SupervisionPlanReleaseRow extends Omit<SupervisionPlanRow, 'updated_at'> {
  reason: string;
  note: string | null;
  released_at: string;
}

/** The tables this module owns, for its own queries. */
export interface SupervisionPlanTables {
  supervision_plans: SupervisionPlanRow;
  supervision_plan_releases: SupervisionPlanReleaseRow;
}

/** Why a plan frees its year: the 安委会 did not approve it, or the 安委办 withdrew it (000 第十一条). */
export const SUPERVISION_PLAN_RELEASE_REASONS = ['rejected', 'withdrawn'] as const;
export type SupervisionPlanReleaseReason = (typeof SUPERVISION_PLAN_RELEASE_REASONS)[number];
export const SUPERVISION_PLAN_RELEASE_REASON_LABELS: Readonly<Record<SupervisionPlanReleaseReason, string>> = {
  rejected: '安委会不予批准',
  withdrawn: '安委办撤回',
};

export interface SupervisionPlanReleaseInput {
  readonly processInstanceKey: string;
  readonly reason: SupervisionPlanReleaseReason;
  /** The 安委会's opinion or the 安委办's reason for withdrawing. */
  readonly note?: string;
}

export interface SupervisionPlanRelease {
  readonly planId: string;
  readonly processInstanceKey: string;
  readonly jurisdiction: string;
  readonly year: number;
  readonly planTitle: string;
  readonly planNumber: string | null;
  readonly targets: readonly SupervisionTarget[];
  readonly registeredAt: string;
  readonly reason: SupervisionPlanReleaseReason;
  readonly note: string | null;
  readonly releasedAt: string;
}

/** `released` now, `already-released` by an earlier call of this instance, `not-registered` (nothing held, nothing written). */
export type SupervisionPlanReleaseOutcome =
  | { readonly outcome: 'released' | 'already-released'; readonly release: SupervisionPlanRelease }
  | { readonly outcome: 'not-registered' };

type Db = Kysely<SupervisionPlanTables> | Transaction<SupervisionPlanTables>;

export const SUPERVISION_PLANS_MIGRATION: LedgerMigration = {
  version: 10,
  name: 'yearly comprehensive supervision plans (综合督查: at most one per jurisdiction and year)',
  async up(db, types) {
    await db.schema
      .createTable('supervision_plans')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('process_instance_key', 'text', (column) => column.notNull().unique())
      .addColumn('jurisdiction', 'text', (column) => column.notNull())
      .addColumn('year', 'integer', (column) => column.notNull())
      .addColumn('plan_title', 'text', (column) => column.notNull())
      .addColumn('plan_number', 'text')
      .addColumn('targets', 'text', (column) => column.notNull())
      .addColumn('registered_at', types.instant, (column) => column.notNull())
      .addColumn('updated_at', types.instant, (column) => column.notNull())
      .addUniqueConstraint('supervision_plans_jurisdiction_year', ['jurisdiction', 'year'])
      .execute();
  },
};

export const SUPERVISION_PLAN_RELEASES_MIGRATION: LedgerMigration = {
  version: 14,
  name: 'released comprehensive supervision plans (综合督查计划未获批准或撤回: the year is free again)',
  async up(db, types) {
    await db.schema
      .createTable('supervision_plan_releases')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('process_instance_key', 'text', (column) => column.notNull())
      .addColumn('jurisdiction', 'text', (column) => column.notNull())
      .addColumn('year', 'integer', (column) => column.notNull())
      .addColumn('plan_title', 'text', (column) => column.notNull())
      .addColumn('plan_number', 'text')
      .addColumn('targets', 'text', (column) => column.notNull())
      .addColumn('registered_at', types.instant, (column) => column.notNull())
      .addColumn('reason', 'text', (column) => column.notNull())
      .addColumn('note', 'text')
      .addColumn('released_at', types.instant, (column) => column.notNull())
      .execute();
    await db.schema.createIndex('supervision_plan_releases_instance').on('supervision_plan_releases').column('process_instance_key').execute();
  },
};

function checked(input: SupervisionPlanInput): Omit<SupervisionPlanInput, 'planNumber'> & { planNumber: string | null } {
  const check = new InputCheck('registerSupervisionPlan');
  const processInstanceKey = check.text('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH);
  const jurisdiction = check.text('jurisdiction', input.jurisdiction, 40);
  const planTitle = check.text('planTitle', input.planTitle, MAX_SHORT_TEXT_LENGTH);
  const planNumber = input.planNumber === undefined || input.planNumber === '' ? null : check.text('planNumber', input.planNumber, MAX_SHORT_TEXT_LENGTH);
  if (!(Number.isInteger(input.year) && input.year >= MIN_PLAN_YEAR && input.year <= MAX_PLAN_YEAR)) {
    check.problem(`year 应为 ${MIN_PLAN_YEAR} 到 ${MAX_PLAN_YEAR} 之间的年份`, `year must be a year from ${MIN_PLAN_YEAR} to ${MAX_PLAN_YEAR} (got ${String(input.year)})`);
  }
  if (input.targets.length === 0) check.problem('督查对象不得为空', 'a plan names at least one target');
  const targets = input.targets.map((target, index): SupervisionTarget => {
    const name = check.text(`targets[${index}].name`, target.name, MAX_SHORT_TEXT_LENGTH);
    if (!SUPERVISION_TARGET_KINDS.includes(target.kind)) {
      check.problem(`targets[${index}].kind 应为 ${SUPERVISION_TARGET_KINDS.join('、')} 之一`, `targets[${index}].kind must be one of ${SUPERVISION_TARGET_KINDS.join(', ')}`);
    }
    if (target.kind === 'key-enterprise' && !(target.creditCode !== undefined && CREDIT_CODE.test(target.creditCode))) {
      check.problem(`重点企业事业单位 ${name} 须填写 18 位统一社会信用代码`, `key enterprise ${name} needs its 18-character unified social credit code`);
    }
    if (target.kind === 'local-party-government' && !(target.region !== undefined && target.region.trim() !== '')) {
      check.problem(`地方党委政府 ${name} 须填写所在地区`, `local party committee and government ${name} needs its region`);
    }
    return {
      kind: target.kind,
      name,
      ...(target.creditCode === undefined || target.creditCode === '' ? {} : { creditCode: target.creditCode }),
      ...(target.region === undefined || target.region === '' ? {} : { region: target.region }),
    };
  });
  const names = targets.map((target) => target.name);
  if (new Set(names).size !== names.length) check.problem('督查对象名称不得重复', 'target names must be distinct');
  check.done();
  return { processInstanceKey, jurisdiction, year: input.year, planTitle, planNumber, targets };
}

/** The fields a plan and its release share. */
function planFields(row: Omit<SupervisionPlanRow, 'id' | 'updated_at'>) {
  return {
    processInstanceKey: row.process_instance_key,
    jurisdiction: row.jurisdiction,
    year: Number(row.year),
    planTitle: row.plan_title,
    planNumber: row.plan_number,
    targets: JSON.parse(row.targets) as SupervisionTarget[],
    registeredAt: row.registered_at,
  };
}

function toPlan(row: SupervisionPlanRow): SupervisionPlan {
  return { id: row.id, ...planFields(row), updatedAt: row.updated_at };
}

async function holderOf(db: Db, jurisdiction: string, year: number): Promise<SupervisionPlanRow | undefined> {
  return db.selectFrom('supervision_plans').selectAll().where('jurisdiction', '=', jurisdiction).where('year', '=', year).executeTakeFirst();
}

async function ownedBy(db: Db, processInstanceKey: string): Promise<SupervisionPlanRow | undefined> {
  return db.selectFrom('supervision_plans').selectAll().where('process_instance_key', '=', processInstanceKey).executeTakeFirst();
}

async function attempt(db: Db, request: ReturnType<typeof checked>, at: string): Promise<SupervisionPlanRegistration> {
  const holder = await holderOf(db, request.jurisdiction, request.year);
  if (holder !== undefined && holder.process_instance_key !== request.processInstanceKey) return { outcome: 'held', plan: toPlan(holder) };
  const fields = {
    jurisdiction: request.jurisdiction,
    year: request.year,
    plan_title: request.planTitle,
    plan_number: request.planNumber,
    targets: JSON.stringify(request.targets),
  };
  const mine = await ownedBy(db, request.processInstanceKey);
  if (mine !== undefined) {
    const same =
      mine.jurisdiction === fields.jurisdiction &&
      Number(mine.year) === fields.year &&
      mine.plan_title === fields.plan_title &&
      mine.plan_number === fields.plan_number &&
      mine.targets === fields.targets;
    if (same) return { outcome: 'unchanged', plan: toPlan(mine) };
    await db.updateTable('supervision_plans').set({ ...fields, updated_at: at }).where('id', '=', mine.id).execute();
    return { outcome: 'updated', plan: toPlan({ ...mine, ...fields, updated_at: at }) };
  }
  const row: SupervisionPlanRow = { id: randomUUID(), process_instance_key: request.processInstanceKey, ...fields, registered_at: at, updated_at: at };
  await db.insertInto('supervision_plans').values(row).execute();
  return { outcome: 'registered', plan: toPlan(row) };
}

/**
 * Registers (or re-registers) the plan of one process instance. A race of two
 * instances for one year is settled by the unique key: the loser's
 * transaction rolls back and it is told who holds the year.
 */
export async function registerSupervisionPlan(
  runInTransaction: <T>(work: (transaction: Transaction<SupervisionPlanTables>) => Promise<T>) => Promise<T>,
  read: Db,
  input: SupervisionPlanInput,
  now: () => Date,
): Promise<SupervisionPlanRegistration> {
  const request = checked(input);
  try {
    return await runInTransaction((transaction) => attempt(transaction, request, now().toISOString()));
  } catch (error) {
    const holder = await holderOf(read, request.jurisdiction, request.year);
    if (holder !== undefined) {
      return holder.process_instance_key === request.processInstanceKey ? { outcome: 'unchanged', plan: toPlan(holder) } : { outcome: 'held', plan: toPlan(holder) };
    }
    throw error;
  }
}

export async function listSupervisionPlans(read: Db, filter: { readonly jurisdiction?: string; readonly year?: number } = {}): Promise<SupervisionPlan[]> {
  let query = read.selectFrom('supervision_plans').selectAll();
  if (filter.jurisdiction !== undefined) query = query.where('jurisdiction', '=', filter.jurisdiction);
  if (filter.year !== undefined) query = query.where('year', '=', filter.year);
  const rows = await query.orderBy('jurisdiction').orderBy('year').execute();
  return rows.map(toPlan);
}

function toRelease(row: SupervisionPlanReleaseRow): SupervisionPlanRelease {
  return {
    planId: row.id,
    ...planFields(row),
    reason: row.reason as SupervisionPlanReleaseReason,
    note: row.note,
    releasedAt: row.released_at,
  };
}

async function releasedBy(db: Db, processInstanceKey: string): Promise<SupervisionPlanReleaseRow | undefined> {
  return db
    .selectFrom('supervision_plan_releases')
    .selectAll()
    .where('process_instance_key', '=', processInstanceKey)
    .orderBy('released_at', 'desc')
    .executeTakeFirst();
}

/**
 * Frees the year held by one process instance: its plan leaves
 * `supervision_plans` and is kept in `supervision_plan_releases` with the
 * reason, in one transaction. Calling it again for the same instance changes
 * nothing (`already-released`); an instance that never registered gets
 * `not-registered`.
 */
export async function releaseSupervisionPlan(
  runInTransaction: <T>(work: (transaction: Transaction<SupervisionPlanTables>) => Promise<T>) => Promise<T>,
  input: SupervisionPlanReleaseInput,
  now: () => Date,
): Promise<SupervisionPlanReleaseOutcome> {
  const check = new InputCheck('releaseSupervisionPlan');
  const processInstanceKey = check.text('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH);
  if (!SUPERVISION_PLAN_RELEASE_REASONS.includes(input.reason)) {
    check.problem(`reason 应为 ${SUPERVISION_PLAN_RELEASE_REASONS.join('、')} 之一`, `reason must be one of ${SUPERVISION_PLAN_RELEASE_REASONS.join(', ')} (got ${String(input.reason)})`);
  }
  const note = input.note === undefined || input.note.trim() === '' ? null : check.text('note', input.note, 5_000);
  check.done();
  return runInTransaction(async (db) => {
    const held = await ownedBy(db, processInstanceKey);
    if (held === undefined) {
      const earlier = await releasedBy(db, processInstanceKey);
      return earlier === undefined ? { outcome: 'not-registered' as const } : { outcome: 'already-released' as const, release: toRelease(earlier) };
    }
    const row: SupervisionPlanReleaseRow = {
      id: held.id,
      process_instance_key: held.process_instance_key,
      jurisdiction: held.jurisdiction,
      year: Number(held.year),
      plan_title: held.plan_title,
      plan_number: held.plan_number,
      targets: held.targets,
      registered_at: held.registered_at,
      reason: input.reason,
      note,
      released_at: now().toISOString(),
    };
    await db.insertInto('supervision_plan_releases').values(row).execute();
    await db.deleteFrom('supervision_plans').where('id', '=', held.id).execute();
    return { outcome: 'released' as const, release: toRelease(row) };
  });
}

export async function listSupervisionPlanReleases(read: Db, filter: { readonly jurisdiction?: string; readonly year?: number } = {}): Promise<SupervisionPlanRelease[]> {
  let query = read.selectFrom('supervision_plan_releases').selectAll();
  if (filter.jurisdiction !== undefined) query = query.where('jurisdiction', '=', filter.jurisdiction);
  if (filter.year !== undefined) query = query.where('year', '=', filter.year);
  const rows = await query.orderBy('released_at').execute();
  return rows.map(toRelease);
}
