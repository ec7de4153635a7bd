/**
 * 督办决定 in the ledger (migration 2), on SQLite and PostgreSQL: one decision
 * per key, the measure must suit the party (an enterprise never gets a 纪检
 * clue), and an enterprise's 一案双罚、责令停产整顿、提请关闭 is also a 执法 record.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerConfig } from '../../../../workers/config.ts';
import { type Ledger, openLedger } from '../../../../workers/ledger/ledger.ts';
import { LEDGER_MIGRATIONS } from '../../../../workers/ledger/migrations.ts';
import type { EscalationDecisionInput } from '../../../../workers/ledger/types.ts';
import { type TestBackend, inputError, postgresBackend, postgresReachable, sqliteBackend } from './backends.ts';

const logger = pino({ level: 'silent' });
const NOW = new Date('2026-03-02T01:00:00.000Z');
const postgresAvailable = await postgresReachable();

const unitDecision: EscalationDecisionInput = {
  idempotencyKey: 'RecordEscalation:1:escalation',
  measure: '约谈',
  partyName: '甲县人民政府',
  partyKind: '单位',
  overdueSubject: '报送整改方案',
  overdueDueDate: '2026-02-27',
  decidingGroup: 'anwei-ban',
  decidingOrgan: '安委办',
  reason: '逾期未报送。',
  details: { interviewAt: '2026-03-09T09:30+08:00', interviewPlace: '县安委办会议室', interviewee: '主要负责人' },
  caseTitle: '甲县安全生产巡查',
  callerProcessInstanceKey: 'caller-1',
  processInstanceKey: 'escalation-1',
};

it('adds the escalation table as migration 2, after version 1', () => {
  expect(LEDGER_MIGRATIONS.map((migration) => migration.version).slice(0, 2)).toEqual([1, 2]);
});

describe.each([
  { backend: sqliteBackend(), available: true },
  { backend: postgresBackend(), available: postgresAvailable },
])('escalation decisions on $backend.name', ({ backend, available }: { backend: TestBackend; available: boolean }) => {
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

  it('records a decision once per key, with its details, and lists it by caller, party and measure', async () => {
    const first = await ledger.recordEscalationDecision(unitDecision);
    const again = await ledger.recordEscalationDecision({ ...unitDecision, reason: '重复投递' });
    expect(first.isNew).toBe(true);
    expect(again).toEqual({ isNew: false, record: first.record });
    expect(first.record).toMatchObject({
      measure: '约谈',
      partyKind: '单位',
      overdueDueDate: '2026-02-27',
      details: unitDecision.details,
      enforcementActionId: null,
      decidedAt: NOW.toISOString(),
    });
    await ledger.recordEscalationDecision({ ...unitDecision, idempotencyKey: 'RecordEscalation:2:escalation', measure: '通报', callerProcessInstanceKey: 'caller-2', details: {}, decidedAt: '2026-03-03T09:00:00+08:00' });
    expect((await ledger.listEscalationDecisions({ callerProcessInstanceKey: 'caller-1' })).map((decision) => decision.measure)).toEqual(['约谈']);
    expect((await ledger.listEscalationDecisions({ partyName: '甲县人民政府' })).map((decision) => decision.measure)).toEqual(['约谈', '通报']);
    expect((await ledger.listEscalationDecisions({ measure: '通报' })).map((decision) => decision.callerProcessInstanceKey)).toEqual(['caller-2']);
    // The 调度表's 约谈通报有关地区及部门(次) counts these: decisions on units, by decision date.
    const march = await ledger.summarize({ from: '2026-03-01T00:00:00+08:00', before: '2026-04-01T00:00:00+08:00' });
    expect(march.escalationsByMeasure.约谈).toEqual({ units: 1, enterprises: 0 });
    expect(march.escalationsByMeasure.通报).toEqual({ units: 1, enterprises: 0 });
    expect(march.escalationsByMeasure.提请责任追究).toEqual({ units: 0, enterprises: 0 });
    const secondOnly = await ledger.summarize({ from: '2026-03-03T00:00:00+08:00', before: '2026-03-04T00:00:00+08:00' });
    expect(secondOnly.escalationsByMeasure.约谈.units).toBe(0);
  });

  it('refuses 提请责任追究 against an enterprise and an enterprise measure against a unit, naming what is allowed', async () => {
    const enterprise = await inputError(ledger.recordEscalationDecision({ ...unitDecision, partyKind: '企业', partyName: '丙化工有限公司', measure: '提请责任追究' }));
    expect(enterprise.message).toContain('对企业不能采取「提请责任追究」');
    expect(enterprise.message).toContain('不作为纪检监察线索');
    const unit = await inputError(ledger.recordEscalationDecision({ ...unitDecision, measure: '提请关闭' }));
    expect(unit.message).toContain('函告、通报、约谈、专项督查、提请责任追究');
    expect(await ledger.listEscalationDecisions()).toEqual([]);
  });

  it('lists every problem of a malformed decision at once', async () => {
    const error = await inputError(
      ledger.recordEscalationDecision({ ...unitDecision, measure: '警告' as never, overdueDueDate: '27.02.2026', reason: ' ', decidedAt: '2026-03-02 09:00' }),
    );
    for (const field of ['measure', 'overdueDueDate', 'reason', 'decidedAt']) expect(error.message).toContain(field);
  });

  it('writes the 执法 record of an enterprise measure in the same transaction, once', async () => {
    const decision: EscalationDecisionInput = {
      ...unitDecision,
      idempotencyKey: 'RecordEscalation:3:escalation',
      measure: '责令停产整顿',
      partyKind: '企业',
      partyName: '丙化工有限公司',
      partyCreditCode: '91360124MA00000001',
      decidingGroup: 'yewu-jianguan',
      decidingOrgan: '县应急管理局',
      documentNumber: '县应急停〔2026〕3号',
      findingId: 'not-in-this-ledger',
      details: {},
    };
    const first = await ledger.recordEscalationDecision(decision);
    const retried = await ledger.recordEscalationDecision(decision);
    expect(first.record.enforcementActionId).not.toBeNull();
    expect(retried.record.enforcementActionId).toBe(first.record.enforcementActionId);
    // The decision keeps the finding id it was given; the 执法 record links only a finding this ledger holds.
    expect(first.record.findingId).toBe('not-in-this-ledger');
    const summary = await ledger.summarize({ from: '2026-03-01T00:00:00+08:00', before: '2026-03-03T00:00:00+08:00' });
    expect(summary.enforcementByKind.责令停产整顿).toEqual({ count: 1, units: 1, fineYuan: 0, personCount: 0 });
    expect(summary.enforcementByKind.一案双罚.count).toBe(0);
    expect(summary.escalationsByMeasure.责令停产整顿).toEqual({ units: 0, enterprises: 1 });
  });
});
