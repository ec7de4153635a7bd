/**
 * The one way a notice or letter leaves the system: reserve a ledger row under
 * the delivery's idempotency key (待发送), skip if an earlier attempt already
 * delivered it, claim it for this attempt, send, then mark it 已发送 — or
 * 发送失败 and rethrow so the job retries. Jobs are delivered at least once;
 * this is what makes that harmless.
 *
 * The claim is for two workers holding the same job at once (its lock ran out
 * while the first was still sending, and the engine gave it to a second
 * replica): the second does not send, fails the job as transient, and its
 * retry finds the notice delivered. A claim lapses after the job's lock
 * duration, so an attempt that crashed mid-send gives way to the next.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Ledger, NotificationChannel } from '../ledger/index.ts';
import type { DeliveryReceipt } from './channels.ts';
import { RetryLaterError, errorText } from '../worker-definition.ts';

export interface GuardedDelivery {
  readonly idempotencyKey: string;
  readonly noticeType: string;
  readonly channel: NotificationChannel;
  readonly recipientId: string;
  readonly subject: string;
  readonly body: string;
  readonly processInstanceKey: string;
  /** The engine's time of the job (ActivatedJob.activatedAt): deadlines counted from a sending follow the engine's clock. */
  readonly sentAt: string;
  /** How long this attempt's claim holds: the sending worker's lock duration (DELIVERY_LEASE_MS unless given). */
  readonly leaseMs?: number;
  send(): Promise<DeliveryReceipt>;
}

/** The lock duration of the workers that send (anquan.notify.send, anquan.transfer.send). */
export const DELIVERY_LEASE_MS = 300_000;

/** Another attempt is sending this notice right now: a transient failure, retried once that claim would have lapsed. */
export class DeliveryInProgressError extends RetryLaterError {
  constructor(idempotencyKey: string, retryAfterMs: number) {
    super(
      `另一个处理器正在发送同一通知（${idempotencyKey}），为免重复发送，本次不发送，稍后重试时将确认其结果 / ` +
        `another worker is sending the same notice (${idempotencyKey}) right now; not sending it twice, the retry will find its result`,
      retryAfterMs,
    );
    this.name = 'DeliveryInProgressError';
  }
}

export interface DeliveryOutcome {
  readonly notificationId: string;
  /** sent: now; already-delivered: an earlier attempt finished it; found-delivered: an interrupted attempt had sent it. */
  readonly outcome: 'sent' | 'already-delivered' | 'found-delivered';
  readonly sentAt: string;
}

export async function deliverOnce(ledger: Ledger, logger: Logger, delivery: GuardedDelivery): Promise<DeliveryOutcome> {
  const reserve = () =>
    ledger.recordNotification({
      idempotencyKey: delivery.idempotencyKey,
      noticeType: delivery.noticeType,
      channel: delivery.channel,
      recipient: delivery.recipientId,
      subject: delivery.subject,
      body: delivery.body,
      deliveryResult: '待发送',
      processInstanceKey: delivery.processInstanceKey,
      sentAt: delivery.sentAt,
    });
  const { record } = await reserve();
  if (record.deliveryResult === '已发送') {
    logger.info({ notificationId: record.id }, 'already delivered by an earlier attempt; not sending again');
    return { notificationId: record.id, outcome: 'already-delivered', sentAt: record.sentAt };
  }
  const claimant = randomUUID();
  const claim = await ledger.claimNotificationDelivery({ notificationId: record.id, claimant, leaseMs: delivery.leaseMs ?? DELIVERY_LEASE_MS });
  if (!claim.claimed) {
    // The other attempt may have finished between the two reads.
    const { record: now } = await reserve();
    if (now.deliveryResult === '已发送') {
      logger.info({ notificationId: now.id }, 'delivered by a concurrent attempt; not sending again');
      return { notificationId: now.id, outcome: 'already-delivered', sentAt: now.sentAt };
    }
    const retryAfterMs = claim.heldUntil === null ? 0 : Math.max(Date.parse(claim.heldUntil) - Date.now(), 0);
    logger.warn({ notificationId: record.id, heldUntil: claim.heldUntil }, 'another attempt is sending this notice now; not sending it twice');
    throw new DeliveryInProgressError(delivery.idempotencyKey, retryAfterMs);
  }

  // This attempt is over without a result in the ledger: the next one must not wait for the claim to lapse.
  const release = () =>
    ledger
      .releaseNotificationClaim({ notificationId: record.id, claimant })
      .catch((ledgerError: unknown) => logger.warn({ err: ledgerError }, 'could not release the claim on the notice; the next attempt waits until it lapses'));

  let receipt: DeliveryReceipt;
  try {
    receipt = await delivery.send();
  } catch (error) {
    await ledger
      .updateNotificationDelivery({ notificationId: record.id, deliveryResult: '发送失败', deliveryDetail: errorText(error).slice(0, 2_000) })
      // The send error is what the operator must see; a ledger problem on top of it is only logged.
      .catch((ledgerError: unknown) => logger.warn({ err: ledgerError }, 'could not record the failed delivery in the ledger'));
    await release();
    throw error;
  }
  let delivered;
  try {
    delivered = await ledger.updateNotificationDelivery({
      notificationId: record.id,
      deliveryResult: '已发送',
      deliveryDetail: receipt.detail,
      sentAt: delivery.sentAt,
    });
  } catch (error) {
    await release();
    throw error;
  }
  logger.info(
    { notificationId: record.id, detail: receipt.detail },
    receipt.sentNow ? 'delivered' : 'found delivered by an interrupted earlier attempt; not sending again',
  );
  return { notificationId: record.id, outcome: receipt.sentNow ? 'sent' : 'found-delivered', sentAt: delivered.record.sentAt };
}
