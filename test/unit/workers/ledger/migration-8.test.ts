/**
 * Ledger version 8 on SQLite and PostgreSQL: findings, inspections and enforcement actions gain a nullable
 * campaign and reporting unit (rows written before keep null), summaries count one campaign's rows of one
 * reporting unit only, and a submitted 调度表 is stored once per key with every number entered.
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
const AT = '2026-07-02T01:00:00.000Z';
const PERIOD = { from: '2026-06-25T00:00:00+08:00', before: '2026-07-23T00:00:00+08:00' };

describe.each([
  { backend: sqliteBackend(), available: true },
  { backend: postgresBackend(), available: postgresAvailable },
])('ledger version 8 on $backend.name', ({ backend, available }: { backend: TestBackend; available: boolean }) => {
  afterEach(async () => {
    await backend.removeAll();
  });

  it('adds the campaign and reporting unit as nullable columns, keeping the rows written before', async ({ skip }) => {
    if (!available) skip();
    const config = await backend.fresh();
    const older = connectLedgerDatabase(config, logger);
    try {
      await migrateLedger(older.db, older.backend, logger, LEDGER_MIGRATIONS.filter((migration) => migration.version < 8));
      const db = older.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await db
        .insertInto('inspections')
        .values({
          id: 'before-8',
          idempotency_key: 'before-8:inspection',
          kind: '抽查检查',
          unit_name: '进贤县鑫达化工有限公司',
          unit_credit_code: null,
          region: '民和镇',
          inspecting_organ: '进贤县应急管理局',
          process_instance_key: 'special-1',
          inspected_at: AT,
          created_at: AT,
          updated_at: AT,
        })
        .execute();
    } finally {
      await older.db.destroy();
    }
    const ledger = await openLedger(config, logger);
    try {
      expect(ledger.migration.applied).toContain(8);
      const whole = await ledger.summarize(PERIOD);
      expect(whole.enterprisesByInspectionKind['抽查检查']).toBe(1);
      // A row from before version 8 belongs to no campaign.
      expect((await ledger.summarize(PERIOD, { campaignId: 'jinxian-2026' })).enterprisesByInspectionKind['抽查检查']).toBe(0);
    } finally {
      await ledger.close();
    }
  });

  it('counts one campaign and one reporting unit, never a campaign running beside it', async ({ skip }) => {
    if (!available) skip();
    const ledger = await openLedger(await backend.fresh(), logger);
    try {
      const hazard = (key: string, campaignId: string | undefined, reportingUnitId: string | undefined) =>
        ledger.recordFinding({
          idempotencyKey: key,
          category: '重大事故隐患',
          source: '企业自查',
          unitName: `${key} 企业`,
          description: '中转库超量储存',
          foundAt: AT,
          ...(campaignId === undefined ? {} : { campaignId }),
          ...(reportingUnitId === undefined ? {} : { reportingUnitId }),
        });
      const a1 = await hazard('a-wenzhen', 'campaign-a', 'wenzhen');
      await hazard('a-lidu', 'campaign-a', 'lidu');
      await hazard('a-lidu-2', 'campaign-a', 'lidu');
      await hazard('b-wenzhen', 'campaign-b', 'wenzhen');
      await hazard('none', undefined, undefined);
      expect(a1.record).toMatchObject({ campaignId: 'campaign-a', reportingUnitId: 'wenzhen' });
      await ledger.recordEnforcementAction({ idempotencyKey: 'pen-a', kind: '行政处罚', unitName: '甲', decidingOrgan: '县应急管理局', fineYuan: 30000, decidedAt: AT, campaignId: 'campaign-a', reportingUnitId: 'lidu' });
      await ledger.recordEnforcementAction({ idempotencyKey: 'pen-b', kind: '行政处罚', unitName: '乙', decidingOrgan: '县应急管理局', fineYuan: 20000, decidedAt: AT, campaignId: 'campaign-b', reportingUnitId: 'lidu' });
      await ledger.recordInspection({ idempotencyKey: 'ins-a', kind: '抽查检查', unitName: '甲', inspectingOrgan: '县应急管理局', inspectedAt: AT, campaignId: 'campaign-a', reportingUnitId: 'lidu' });

      const count = async (scope: { campaignId?: string; reportingUnitId?: string }) => {
        const summary = await ledger.summarize(PERIOD, scope);
        return [summary.majorHazardsBySource['企业自查'].found, summary.enforcementByKind['行政处罚'].count, summary.enterprisesByInspectionKind['抽查检查']];
      };
      expect(await count({})).toEqual([5, 2, 1]);
      expect(await count({ campaignId: 'campaign-a' })).toEqual([3, 1, 1]);
      expect(await count({ campaignId: 'campaign-a', reportingUnitId: 'lidu' })).toEqual([2, 1, 1]);
      expect(await count({ campaignId: 'campaign-a', reportingUnitId: 'wenzhen' })).toEqual([1, 0, 0]);
      expect(await count({ campaignId: 'campaign-b', reportingUnitId: 'wenzhen' })).toEqual([1, 0, 0]);
      expect((await inputError(ledger.summarize(PERIOD, { reportingUnitId: 'lidu' }))).message).toContain('campaignId');
      expect((await inputError(hazard('unit-only', undefined, 'lidu'))).message).toContain('campaignId');
    } finally {
      await ledger.close();
    }
  });

  it('stores a submitted 调度表 once per key, with its manual entries, and lists it by campaign and month', async ({ skip }) => {
    if (!available) skip();
    const ledger = await openLedger(await backend.fresh(), logger);
    try {
      const submission = {
        idempotencyKey: 'dispatch-1:lidu',
        campaignId: 'campaign-a',
        dispatchMonth: '2026-07',
        kind: '填报单位' as const,
        reportingUnitId: 'lidu',
        reportingUnitName: '李渡镇',
        fields: { selfFoundMajorHazards: 2, principalNotStudying: 1, mediaSafetyColumn: true, reportRewardsWanYuan: 0.5, noEmergencyDrill: null },
        documentNumber: '李府字〔2026〕8号',
        submittedBy: '李渡镇安监办 王某',
        processInstanceKey: 'dispatch-1',
        periodFrom: PERIOD.from,
        periodBefore: PERIOD.before,
        submittedAt: '2026-07-21T10:00:00+08:00',
      };
      const first = await ledger.recordDispatchSubmission(submission);
      const again = await ledger.recordDispatchSubmission({ ...submission, fields: { selfFoundMajorHazards: 99 } });
      expect(first.isNew).toBe(true);
      expect(again).toEqual({ isNew: false, record: first.record });
      expect(first.record).toMatchObject({ kind: '填报单位', reportingUnitId: 'lidu', fields: submission.fields, documentNumber: '李府字〔2026〕8号' });
      await ledger.recordDispatchSubmission({ ...submission, idempotencyKey: 'dispatch-1:consolidated', kind: '汇总', reportingUnitId: undefined, reportingUnitName: '县安委办' } as never);
      await ledger.recordDispatchSubmission({ ...submission, idempotencyKey: 'dispatch-2:lidu', campaignId: 'campaign-b' });
      expect((await ledger.listDispatchSubmissions({ campaignId: 'campaign-a', dispatchMonth: '2026-07' })).map((row) => row.kind).sort()).toEqual(['填报单位', '汇总']);
      expect(await ledger.listDispatchSubmissions({ campaignId: 'campaign-a', dispatchMonth: '2026-08' })).toEqual([]);
      const wrong = await inputError(
        ledger.recordDispatchSubmission({ ...submission, idempotencyKey: 'bad', dispatchMonth: '2026-13', kind: '汇总', fields: { selfFoundMajorHazards: -1 } }),
      );
      expect(wrong.message).toContain('dispatchMonth');
      expect(wrong.message).toContain('fields.selfFoundMajorHazards');
      expect(wrong.message).toContain('reportingUnitId');
    } finally {
      await ledger.close();
    }
  });
});
