/**
 * Upgrading a ledger that was written before version 5, on SQLite and PostgreSQL: findings that a
 * 移交函 had already sent become 已移交, with the move in their history under the key the sending
 * job uses, and nothing else changes.
 */
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { connectLedgerDatabase } from '../../../../workers/ledger/database.ts';
import { openLedger } from '../../../../workers/ledger/ledger.ts';
import { LEDGER_MIGRATIONS, migrateLedger } from '../../../../workers/ledger/migrations.ts';
import { type TestBackend, postgresBackend, postgresReachable, sqliteBackend } from './backends.ts';

const logger = pino({ level: 'silent' });
const postgresAvailable = await postgresReachable();
const AT = '2026-03-02T01:00:00.000Z';

function finding(id: string, status: string) {
  return {
    id,
    idempotency_key: `${id}:finding`,
    created_at: AT,
    updated_at: AT,
    category: '违法违规生产经营',
    source: '巡查',
    unit_name: '某化工有限公司',
    unit_credit_code: null,
    region: null,
    description: '夜间违规装卸液氯',
    rectification_deadline: null,
    process_instance_key: 'patrol-1',
    clue_id: null,
    status,
    found_at: AT,
    rectified_at: null,
    listing_authority: null,
    listing_document_number: null,
    listed_at: null,
    closure_checked_by: null,
    closure_method: null,
    closure_checked_on: null,
    delisted_on: null,
    delisting_document_number: null,
  };
}

function transfer(id: string, findingId: string, sentAt: string) {
  return {
    id,
    idempotency_key: `transfer:${id}-letter`,
    created_at: sentAt,
    updated_at: sentAt,
    receiver_kind: '有管辖权的部门',
    receiver_name: '县市场监管局',
    letter_number: `盐安巡移〔2026〕${id}号`,
    clue_id: null,
    finding_id: findingId,
    process_instance_key: 'transfer-1',
    sent_at: sentAt,
    receipt_received_at: null,
    outcome: null,
  };
}

describe.each([
  { backend: sqliteBackend(), available: true },
  { backend: postgresBackend(), available: postgresAvailable },
])('ledger version 5 on $backend.name', ({ backend, available }: { backend: TestBackend; available: boolean }) => {
  afterEach(async () => {
    await backend.removeAll();
  });

  it('makes the findings an earlier 移交函 sent 已移交, once, and leaves the others alone', async ({ skip }) => {
    if (!available) skip();
    const config = await backend.fresh();
    const older = connectLedgerDatabase(config, logger);
    try {
      await migrateLedger(older.db, older.backend, logger, LEDGER_MIGRATIONS.filter((migration) => migration.version <= 4));
      // Rows as version 4 wrote them, column by column, without today's row types.
      const db = older.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await db
        .insertInto('findings')
        .values([finding('sent', '待整改'), finding('sent-twice', '整改中'), finding('kept', '待整改'), finding('closed', '已销号')])
        .execute();
      await db
        .insertInto('transfers')
        .values([
          transfer('1', 'sent', '2026-03-05T02:00:00.000Z'),
          transfer('2', 'sent-twice', '2026-03-06T02:00:00.000Z'),
          transfer('3', 'sent-twice', '2026-03-09T02:00:00.000Z'),
          transfer('4', 'closed', '2026-03-07T02:00:00.000Z'),
        ])
        .execute();
    } finally {
      await older.db.destroy();
    }

    const ledger = await openLedger(config, logger);
    try {
      // Version 5 and every later one.
      expect(ledger.migration.applied[0]).toBe(5);
      const statuses = Object.fromEntries((await ledger.listFindings()).map((row) => [row.id, row.status]));
      expect(statuses).toEqual({ sent: '已移交', 'sent-twice': '已移交', kept: '待整改', closed: '已销号' });

      const history = await ledger.statusHistory('finding', 'sent-twice');
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ fromStatus: '整改中', toStatus: '已移交', note: '盐安巡移〔2026〕2号 移交县市场监管局（台账升级时补记）' });
      expect(new Date(history[0]!.changedAt).toISOString()).toBe('2026-03-06T02:00:00.000Z');
      // A redelivered job of the first letter finds its move already made.
      const again = await ledger.updateFindingStatus({ findingId: 'sent-twice', status: '已移交', idempotencyKey: 'transfer:2-letter:finding-status' });
      expect(again.changed).toBe(false);
      expect(await ledger.statusHistory('finding', 'kept')).toEqual([]);
    } finally {
      await ledger.close();
    }
  });
});
