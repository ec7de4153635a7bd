/**
 * 年度综合督查计划 in the ledger (migration 10), on SQLite and PostgreSQL: one
 * comprehensive supervision per jurisdiction and year (000 第十一条), the
 * holding instance registers again without a second row (and may move its
 * year), another instance is told who holds the year, concurrent instances
 * never both get it, and targets are structured. A plan rejected or withdrawn
 * before it runs frees its year (migration 14), once however often released.
 */
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerConfig } from '../../../../workers/config.ts';
import { connectLedgerDatabase } from '../../../../workers/ledger/database.ts';
import { type Ledger, openLedger } from '../../../../workers/ledger/ledger.ts';
import { LEDGER_MIGRATIONS, migrateLedger } from '../../../../workers/ledger/migrations.ts';
import { LedgerInputError } from '../../../../workers/ledger/validation.ts';
import { type TestBackend, postgresBackend, postgresReachable, sqliteBackend } from './backends.ts';

const logger = pino({ level: 'silent' });
const NOW = new Date('2026-03-02T01:00:00.000Z');
const postgresAvailable = await postgresReachable();

const plan = (processInstanceKey: string, overrides: Record<string, unknown> = {}) => ({
  processInstanceKey,
  jurisdiction: 'jiangxi',
  year: 2026,
  planTitle: '2026年度安全生产综合督查工作计划',
  planNumber: '测安委〔2026〕1号',
  targets: [
    { kind: 'member-unit' as const, name: '测试市应急管理局' },
    { kind: 'local-party-government' as const, name: '测试县委、县人民政府', region: '测试市测试县' },
    { kind: 'key-enterprise' as const, name: '测试危化品有限公司', creditCode: '91360124MA35L0XX1Y' },
  ],
  ...overrides,
});

it('adds the supervision plans as migration 10 and their releases as migration 14', () => {
  const migration = LEDGER_MIGRATIONS.find((entry) => entry.version === 10);
  expect(migration?.name).toContain('comprehensive supervision');
  expect(LEDGER_MIGRATIONS.find((entry) => entry.version === 14)?.name).toContain('released comprehensive supervision plans');
});

describe.each([
  { backend: sqliteBackend(), available: true },
  { backend: postgresBackend(), available: postgresAvailable },
])('supervision plans on $backend.name', ({ backend, available }: { backend: TestBackend; available: boolean }) => {
  let config: LedgerConfig;
  let ledger: Ledger;

  beforeEach(async ({ skip }) => {
    if (!available) skip();
    config = await backend.fresh();
    ledger = await openLedger(config, logger, { now: () => NOW });
  });

  afterEach(async () => {
    await ledger?.close();
    await backend.removeAll();
  });

  it('registers a plan once, keeps the year for its instance and refuses it to another', async () => {
    const first = await ledger.registerSupervisionPlan(plan('pi-1'));
    expect(first).toMatchObject({ outcome: 'registered', plan: { year: 2026, jurisdiction: 'jiangxi', processInstanceKey: 'pi-1', registeredAt: NOW.toISOString() } });
    expect(first.plan.targets[2]).toEqual({ kind: 'key-enterprise', name: '测试危化品有限公司', creditCode: '91360124MA35L0XX1Y' });
    expect(await ledger.registerSupervisionPlan(plan('pi-1'))).toEqual({ outcome: 'unchanged', plan: first.plan });

    const refused = await ledger.registerSupervisionPlan(plan('pi-2', { planTitle: '另一份计划' }));
    expect(refused.outcome).toBe('held');
    expect(refused.plan.processInstanceKey).toBe('pi-1');
    // Another year, or another jurisdiction, is free.
    expect((await ledger.registerSupervisionPlan(plan('pi-3', { jurisdiction: 'hunan' }))).outcome).toBe('registered');
    expect((await ledger.registerSupervisionPlan(plan('pi-2', { year: 2027 }))).outcome).toBe('registered');
    expect((await ledger.listSupervisionPlans()).map((row) => [row.jurisdiction, row.year, row.processInstanceKey])).toEqual([
      ['hunan', 2026, 'pi-3'],
      ['jiangxi', 2026, 'pi-1'],
      ['jiangxi', 2027, 'pi-2'],
    ]);
  });

  it('moves a redrafted plan to its new year and frees the old one', async () => {
    await ledger.registerSupervisionPlan(plan('pi-1'));
    const moved = await ledger.registerSupervisionPlan(plan('pi-1', { year: 2027, planTitle: '2027年度安全生产综合督查工作计划' }));
    expect(moved).toMatchObject({ outcome: 'updated', plan: { year: 2027, planTitle: '2027年度安全生产综合督查工作计划' } });
    expect((await ledger.registerSupervisionPlan(plan('pi-2'))).outcome).toBe('registered');
    expect(await ledger.listSupervisionPlans({ year: 2027 })).toHaveLength(1);
  });

  it('gives a year to exactly one of several instances asking at once', async () => {
    const outcomes = await Promise.all(['a', 'b', 'c', 'd'].map((key) => ledger.registerSupervisionPlan(plan(`pi-${key}`))));
    expect(outcomes.filter((outcome) => outcome.outcome === 'registered')).toHaveLength(1);
    const holder = outcomes.find((outcome) => outcome.outcome === 'registered')!.plan.processInstanceKey;
    expect(outcomes.filter((outcome) => outcome.outcome === 'held').every((outcome) => outcome.plan.processInstanceKey === holder)).toBe(true);
    expect(await ledger.listSupervisionPlans()).toHaveLength(1);
  });

  it('frees the year of a rejected or withdrawn plan for another instance, keeps the release, and releases only once', async () => {
    await ledger.registerSupervisionPlan(plan('pi-1'));
    expect((await ledger.registerSupervisionPlan(plan('pi-2'))).outcome).toBe('held');

    const released = await ledger.releaseSupervisionPlan({ processInstanceKey: 'pi-1', reason: 'rejected', note: '督查对象不全，本年度不开展' });
    expect(released).toMatchObject({
      outcome: 'released',
      release: { processInstanceKey: 'pi-1', jurisdiction: 'jiangxi', year: 2026, reason: 'rejected', note: '督查对象不全，本年度不开展', releasedAt: NOW.toISOString() },
    });
    // Again (a redelivered job): nothing changes, the same release is reported.
    const again = await ledger.releaseSupervisionPlan({ processInstanceKey: 'pi-1', reason: 'rejected' });
    expect(again).toEqual({ outcome: 'already-released', release: (released as { release: unknown }).release });
    expect(await ledger.listSupervisionPlans()).toEqual([]);
    const releases = await ledger.listSupervisionPlanReleases({ year: 2026 });
    expect(releases).toHaveLength(1);
    expect(releases[0]!.targets).toHaveLength(3);

    // The year is free: another instance registers it; an instance that never registered has nothing to release.
    expect((await ledger.registerSupervisionPlan(plan('pi-2'))).outcome).toBe('registered');
    expect(await ledger.releaseSupervisionPlan({ processInstanceKey: 'pi-9', reason: 'withdrawn' })).toEqual({ outcome: 'not-registered' });
    expect((await ledger.listSupervisionPlans()).map((row) => row.processInstanceKey)).toEqual(['pi-2']);
  });

  it('refuses a release without instance or with an unknown reason', async () => {
    await expect(ledger.releaseSupervisionPlan({ processInstanceKey: '', reason: 'withdrawn' })).rejects.toBeInstanceOf(LedgerInputError);
    await expect(ledger.releaseSupervisionPlan({ processInstanceKey: 'pi-1', reason: 'forgotten' as never })).rejects.toBeInstanceOf(LedgerInputError);
  });

  it('refuses unstructured targets: a key enterprise without credit code, a local government without region, a repeated name', async () => {
    const bad = [
      [{ kind: 'key-enterprise', name: '某企业' }],
      [{ kind: 'key-enterprise', name: '某企业', creditCode: '12345' }],
      [{ kind: 'local-party-government', name: '某县委县政府' }],
      [{ kind: 'member-unit', name: '甲' }, { kind: 'member-unit', name: '甲' }],
      [],
    ];
    for (const targets of bad) {
      await expect(ledger.registerSupervisionPlan(plan('pi-x', { targets }))).rejects.toBeInstanceOf(LedgerInputError);
    }
    expect(await ledger.listSupervisionPlans()).toEqual([]);
  });

  it('upgrades a ledger from before version 10 with its rows untouched, and enforces the unique key in the database', async () => {
    const older = connectLedgerDatabase(await backend.fresh(), logger);
    try {
      await migrateLedger(older.db, older.backend, logger, LEDGER_MIGRATIONS.filter((migration) => migration.version < 10));
      const outcome = await migrateLedger(older.db, older.backend, logger);
      expect(outcome.applied).toContain(10);
      const db = older.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const row = { process_instance_key: 'p', jurisdiction: 'jiangxi', year: 2030, plan_title: 't', plan_number: null, targets: '[]', registered_at: NOW.toISOString(), updated_at: NOW.toISOString() };
      await db.insertInto('supervision_plans').values({ id: '1', ...row }).execute();
      await expect(db.insertInto('supervision_plans').values({ id: '2', ...row, process_instance_key: 'q' }).execute()).rejects.toThrow();
    } finally {
      await older.db.destroy();
    }
  });
});
