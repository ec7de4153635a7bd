/**
 * The one way a notice or letter leaves the system: reserve a ledger row under
 * the delivery's idempotency key (待发送), skip if an earlier attempt already
 * delivered it, send, then mark it 已发送 — or 发送失败 and rethrow so the job
 * retries. Jobs are delivered at least once; this is what makes that harmless.
 */
import type { Logger } from 'pino';
import type { Ledger, NotificationChannel } from '../ledger/index.ts';
import type { DeliveryReceipt } from './channels.ts';
import { errorText } from '../worker-definition.ts';

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
  send(): Promise<DeliveryReceipt>;
}

export interface DeliveryOutcome {
  readonly notificationId: string;
  /** sent: now; already-delivered: an earlier attempt finished it; found-delivered: an interrupted attempt had sent it. */
  readonly outcome: 'sent' | 'already-delivered' | 'found-delivered';
  readonly sentAt: string;
}

export async function deliverOnce(ledger: Ledger, logger: Logger, delivery: GuardedDelivery): Promise<DeliveryOutcome> {
  const { record } = await ledger.recordNotification({
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
  if (record.deliveryResult === '已发送') {
    logger.info({ notificationId: record.id }, 'already delivered by an earlier attempt; not sending again');
    return { notificationId: record.id, outcome: 'already-delivered', sentAt: record.sentAt };
  }

  let receipt: DeliveryReceipt;
  try {
    receipt = await delivery.send();
  } catch (error) {
    await ledger
      .updateNotificationDelivery({ notificationId: record.id, deliveryResult: '发送失败', deliveryDetail: errorText(error).slice(0, 2_000) })
      // The send error is what the operator must see; a ledger problem on top of it is only logged.
      .catch((ledgerError: unknown) => logger.warn({ err: ledgerError }, 'could not record the failed delivery in the ledger'));
    throw error;
  }
  const delivered = await ledger.updateNotificationDelivery({
    notificationId: record.id,
    deliveryResult: '已发送',
    deliveryDetail: receipt.detail,
    sentAt: delivery.sentAt,
  });
  logger.info(
    { notificationId: record.id, detail: receipt.detail },
    receipt.sentNow ? 'delivered' : 'found delivered by an interrupted earlier attempt; not sending again',
  );
  return { notificationId: record.id, outcome: receipt.sentNow ? 'sent' : 'found-delivered', sentAt: delivered.record.sentAt };
}
