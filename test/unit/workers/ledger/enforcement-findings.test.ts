/**
 * Ledger migration 13 on SQLite and PostgreSQL: an enforcement action links every finding it punishes
 * (enforcement_findings, in the order ticked; issue 12 "a penalty links to the findings it punishes"),
 * a redelivered job adds no link, an unknown finding is refused before anything is written, and the
 * single finding_id links written before version 13 are copied in.
 */
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { connectLedgerDatabase } from '../../../../workers/ledger/database.ts';
import { openLedger } from '../../../../workers/ledger/ledger.ts';
import { LEDGER_MIGRATIONS, migrateLedger } from '../../../../workers/ledger/migrations.ts';
import { type TestBackend, inputError, postgresBackend, postgresReachable, sqliteBackend } from './backends.ts';

const logger = pino({ level: 'silent' });
const postgresAvailable = await postgresReachable();
const AT = '2026-12-18T01:00:00.000Z';

it('adds the punished findings as migration 13', () => {
  expect(LEDGER_MIGRATIONS.find((migration) => migration.version === 13)?.name).toContain('enforcement_findings');
});

type Rows = Kysely<Record<string, Record<string, unknown>>>;

describe.each([
  { backend: sqliteBackend(), available: true },
  { backend: postgresBackend(), available: postgresAvailable },
])('punished findings on $backend.name', ({ backend, available }: { backend: TestBackend; available: boolean }) => {
  afterEach(async () => {
    await backend.removeAll();
  });

  it('links every finding a penalty punishes, once, in the order ticked', async ({ skip }) => {
    if (!available) skip();
    const ledger = await openLedger(await backend.fresh(), logger);
    try {
      const finding = (key: string, description: string) =>
        ledger.recordFinding({ idempotencyKey: key, category: '一般问题隐患', source: '部门检查', unitName: '测试精细化工有限公司', description, foundAt: AT });
      const a = (await finding('f-a', '报警器未检定')).record;
      const b = (await finding('f-b', '应急预案未演练')).record;
      const c = (await finding('f-c', '特种作业人员未持证')).record;
      const penalty = {
        idempotencyKey: 'job-1:enforcement',
        kind: '行政处罚',
        unitName: '测试精细化工有限公司',
        decidingOrgan: '测试县应急管理局',
        fineYuan: 30_000,
        findingIds: [c.id, b.id, c.id],
        decidedAt: AT,
      } as const;
      const first = await ledger.recordEnforcementAction(penalty);
      expect(first.isNew).toBe(true);
      expect(first.record.findingIds).toEqual([c.id, b.id]);
      expect(first.record.findingId).toBe(c.id);
      const again = await ledger.recordEnforcementAction(penalty);
      expect(again).toMatchObject({ isNew: false, record: { id: first.record.id, findingIds: [c.id, b.id] } });

      // findingId alone still links its one finding; given with findingIds it comes first.
      const single = await ledger.recordEnforcementAction({ ...penalty, idempotencyKey: 'job-2:enforcement', findingIds: undefined, findingId: a.id });
      expect(single.record.findingIds).toEqual([a.id]);
      const both = await ledger.recordEnforcementAction({ ...penalty, idempotencyKey: 'job-3:enforcement', findingId: a.id, findingIds: [b.id] });
      expect(both.record.findingIds).toEqual([a.id, b.id]);

      const unknown = await inputError(ledger.recordEnforcementAction({ ...penalty, idempotencyKey: 'job-4:enforcement', findingIds: [a.id, 'no-such-finding'] }));
      expect(unknown.message).toContain('no-such-finding');
    } finally {
      await ledger.close();
    }
  });

  it('copies the single links written before version 13', async ({ skip }) => {
    if (!available) skip();
    const config = await backend.fresh();
    const older = connectLedgerDatabase(config, logger);
    try {
      await migrateLedger(older.db, older.backend, logger, LEDGER_MIGRATIONS.filter((migration) => migration.version < 13));
      const db = older.db as unknown as Rows;
      const stamp = { created_at: AT, updated_at: AT };
      await db
        .insertInto('findings')
        .values({ id: 'f-old', idempotency_key: 'f-old', category: '一般问题隐患', source: '部门检查', unit_name: '甲', description: '旧问题', status: '待整改', found_at: AT, ...stamp })
        .execute();
      const penalty = { kind: '行政处罚', unit_name: '甲', deciding_organ: '县应急管理局', fine_fen: 100, person_count: 0, decided_at: AT, ...stamp };
      await db.insertInto('enforcement_actions').values({ id: 'e-linked', idempotency_key: 'e-linked', finding_id: 'f-old', ...penalty }).execute();
      await db.insertInto('enforcement_actions').values({ id: 'e-unlinked', idempotency_key: 'e-unlinked', finding_id: null, ...penalty }).execute();
    } finally {
      await older.db.destroy();
    }
    const ledger = await openLedger(config, logger);
    try {
      expect(ledger.migration.applied).toContain(13);
    } finally {
      await ledger.close();
    }
    const after = connectLedgerDatabase(config, logger);
    try {
      const links = await (after.db as unknown as Rows).selectFrom('enforcement_findings').selectAll().execute();
      expect(links.map((link) => [link['enforcement_action_id'], link['finding_id'], Number(link['position'])])).toEqual([['e-linked', 'f-old', 0]]);
    } finally {
      await after.db.destroy();
    }
  });
});
