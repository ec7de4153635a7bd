/**
 * Two worker replicas holding the same job at once (its lock ran out while the first was still
 * sending), each with its own connection to the same ledger, on SQLite and PostgreSQL: the notice
 * is sent once. The second attempt fails as transient, told when to try again, and its retry finds
 * the notice delivered; a claim left by an attempt that crashed lapses after its lease.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerConfig } from '../../../../workers/config.ts';
import { type Ledger, openLedger } from '../../../../workers/ledger/ledger.ts';
import { DeliveryInProgressError, type GuardedDelivery, deliverOnce } from '../../../../workers/notify/guarded-delivery.ts';
import { type TestBackend, postgresBackend, postgresReachable, sqliteBackend } from '../ledger/backends.ts';

const logger = pino({ level: 'silent' });
const postgresAvailable = await postgresReachable();

function notice(idempotencyKey: string, send: GuardedDelivery['send']): GuardedDelivery {
  return {
    idempotencyKey,
    noticeType: 'transfer-letter',
    channel: 'email',
    recipientId: 'discipline-inspection',
    subject: '关于移交问题线索的函',
    body: '纪检监察机关：现将问题线索移交你单位。',
    processInstanceKey: 'transfer-1',
    sentAt: '2026-06-02T01:00:00.000Z',
    leaseMs: 60_000,
    send,
  };
}

describe.each([
  { backend: sqliteBackend(), available: true },
  { backend: postgresBackend(), available: postgresAvailable },
])('two replicas sending one notice on $backend.name', ({ backend, available }: { backend: TestBackend; available: boolean }) => {
  const opened: Ledger[] = [];
  const open = async (config: LedgerConfig, now?: () => Date) => {
    const ledger = await openLedger(config, logger, now ? { now } : {});
    opened.push(ledger);
    return ledger;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((ledger) => ledger.close()));
    await backend.removeAll();
  });

  it('sends once: the replica that finds the notice being sent backs off until the claim would lapse, and its retry finds it delivered', async ({ skip }) => {
    if (!available) skip();
    const config = await backend.fresh();
    const [first, second] = [await open(config), await open(config)];
    let sends = 0;
    let finishSending!: () => void;
    const sending = new Promise<void>((resolve) => {
      finishSending = resolve;
    });
    const slowSend = async () => {
      sends += 1;
      await sending;
      return { sentNow: true, detail: 'smtp: 250 OK' };
    };

    const firstAttempt = deliverOnce(first, logger, notice('transfer:T1:letter', slowSend));
    // The second replica starts while the first is in the middle of sending.
    await expect.poll(() => sends).toBe(1);
    const refused = await deliverOnce(second, logger, notice('transfer:T1:letter', slowSend)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeliveryInProgressError);
    expect((refused as DeliveryInProgressError).message).toMatch(/另一个处理器正在发送同一通知.* \/ another worker is sending the same notice/);
    expect((refused as DeliveryInProgressError).retryAfterMs).toBeGreaterThan(50_000);
    expect((refused as DeliveryInProgressError).retryAfterMs).toBeLessThanOrEqual(60_000);

    finishSending();
    expect((await firstAttempt).outcome).toBe('sent');
    expect((await deliverOnce(second, logger, notice('transfer:T1:letter', slowSend))).outcome).toBe('already-delivered');
    expect(sends).toBe(1);
    const rows = await second.listNotifications();
    expect(rows.map((row) => [row.idempotencyKey, row.deliveryResult])).toEqual([['transfer:T1:letter', '已发送']]);
  });

  // Replicas that share a ledger run on PostgreSQL (README, Operations). Two SQLite connections inside one
  // process cannot interleave: node:sqlite waits for a lock synchronously, so the holder never gets to commit.
  it.runIf(backend.name === 'postgres')('sends once when both replicas start at the same moment', async ({ skip }) => {
    if (!available) skip();
    const config = await backend.fresh();
    const replicas = [await open(config), await open(config)];
    let sends = 0;
    const send = async () => {
      sends += 1;
      return { sentNow: true, detail: 'smtp: 250 OK' };
    };
    const outcomes = await Promise.allSettled(replicas.map((ledger) => deliverOnce(ledger, logger, notice('notify:E1:letter', send))));
    expect(sends).toBe(1);
    const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled').map((outcome) => outcome.value.outcome);
    const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected').map((outcome) => outcome.reason);
    // The one that lost either saw the notice being sent (and backs off) or, if the winner was already done, saw it delivered.
    expect(fulfilled).toContain('sent');
    expect([...fulfilled.filter((outcome) => outcome !== 'sent'), ...rejected.map((reason) => (reason as Error).name)]).toEqual([
      expect.stringMatching(/^(already-delivered|DeliveryInProgressError)$/),
    ]);
  });

  it('lets the next attempt send after an attempt that crashed mid-send, once its claim has lapsed', async ({ skip }) => {
    if (!available) skip();
    const config = await backend.fresh();
    const crashed = await open(config);
    const { record } = await crashed.recordNotification({
      idempotencyKey: 'notify:E2:letter',
      noticeType: 'transfer-letter',
      channel: 'email',
      recipient: 'discipline-inspection',
      subject: '关于移交问题线索的函',
      body: '纪检监察机关：现将问题线索移交你单位。',
      deliveryResult: '待发送',
      sentAt: '2026-06-02T01:00:00.000Z',
    });
    // The crashed attempt claimed it for a minute and never came back.
    expect(await crashed.claimNotificationDelivery({ notificationId: record.id, claimant: 'crashed-attempt', leaseMs: 60_000 })).toEqual({ claimed: true });
    let sends = 0;
    const send = async () => {
      sends += 1;
      return { sentNow: true, detail: 'smtp: 250 OK' };
    };
    await expect(deliverOnce(await open(config), logger, notice('notify:E2:letter', send))).rejects.toBeInstanceOf(DeliveryInProgressError);
    const twoMinutesLater = await open(config, () => new Date(Date.now() + 120_000));
    expect((await deliverOnce(twoMinutesLater, logger, notice('notify:E2:letter', send))).outcome).toBe('sent');
    expect(sends).toBe(1);
  });
});
