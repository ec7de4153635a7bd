/**
 * anquan.transfer.send: delivers the approved 移交函 to the receiving organ
 * through the recipient directory (e-mail, and webhook where configured) and
 * records the transfer in the 台账 under the letter's transfer id, which the
 * receiver's 回执 quotes (correlation key of MessageName.transferReceiptReceived).
 *
 * Jobs are delivered at least once. Each delivery is guarded by a ledger
 * notification keyed `transfer:<transferId>:letter` (webhook: `…:webhook`),
 * the protocol of anquan.notify.send: reserved as 待发送, skipped when
 * already 已发送, marked after the channel answers. The transfer row itself
 * is keyed `transfer:<transferId>`, so a retry never records it twice and
 * never sends the letter a second time.
 */
import { JobType, type TransferReceiver } from '../contract.ts';
import type { Clue, Ledger, NotificationChannel } from '../ledger/index.ts';
import type { DeliveryReceipt } from '../notify/channels.ts';
import { deliverOnce } from '../notify/guarded-delivery.ts';
import type { Recipient } from '../notify/directory.ts';
import { InvalidVariablesError, choiceField, maybeField, objectField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
import { isIssuedLetterNumber } from './prepare-transfer-letter.worker.ts';
import { RECEIVER_IDS, RECEIVER_NAMES } from './receivers.ts';

export const jobType = JobType.sendTransfer;

/** The ledger's label for these notifications, as NoticeType.transferLetter's template calls it. */
export const TRANSFER_LETTER_NOTICE = '移交函';

const SHORT_TEXT = { maxLength: 500 } as const;

const inputSchema = {
  transferLetter: objectField({
    transferId: textField(SHORT_TEXT),
    letterNumber: textField(SHORT_TEXT),
    receiver: choiceField(RECEIVER_IDS),
    receiverId: maybeField(textField(SHORT_TEXT)),
    receiverName: maybeField(textField(SHORT_TEXT)),
    title: textField(SHORT_TEXT),
    body: textField(),
    text: maybeField(textField()),
  }),
  findingId: maybeField(textField(SHORT_TEXT)),
  clueId: maybeField(textField(SHORT_TEXT)),
} as const;

const inputs = describeInputs(inputSchema, {
  transferLetter: {
    label: '移交函',
    kind: 'expression',
    defaultValue: '${transferLetter}',
    description: '编号签发的移交函：{transferId, letterNumber, receiver, receiverId?, receiverName?, title, body, text?}，即“线索移交：编号签发”的结果；text 为签发的全文，receiverId 为按名录确定的接收机关',
  },
  findingId: { label: '问题编号', kind: 'text', description: '移交的问题隐患在台账中的编号，与线索编号至少填一个以便台账关联' },
  clueId: { label: '线索编号', kind: 'text', description: '移交的问题线索在台账中的编号' },
});

export interface SendTransferInput {
  readonly transferId: string;
  readonly letterNumber: string;
  readonly receiver: TransferReceiver;
  /** Directory id of the actual body; the receiver kind's entry when absent. */
  readonly recipientId: string;
  readonly receiverName: string;
  readonly title: string;
  /** What is sent: the issued document, or the 正文 of a letter issued without one. */
  readonly body: string;
  readonly findingId?: string;
  readonly clueId?: string;
}

export type SendTransferOutput = { transferId: string; sentAt: string };

export function parseSendTransferInput(variables: Readonly<Record<string, unknown>>): SendTransferInput {
  const { transferLetter, findingId, clueId } = parseVariables(variables, inputSchema);
  if (findingId === undefined && clueId === undefined) {
    throw new InvalidVariablesError(['缺少变量 findingId 或 clueId（移交的问题隐患或线索） / variable findingId or clueId (what is transferred) is missing']);
  }
  if (!isIssuedLetterNumber(transferLetter.letterNumber)) {
    throw new InvalidVariablesError([
      `变量 transferLetter.letterNumber 尚未编号（${transferLetter.letterNumber}），移交函须先经“编号签发” / variable transferLetter.letterNumber has no serial yet (${transferLetter.letterNumber}); the letter must be numbered and signed first`,
    ]);
  }
  const { receiverId, text, ...letter } = transferLetter;
  return {
    ...letter,
    recipientId: receiverId ?? transferLetter.receiver,
    body: text ?? transferLetter.body,
    receiverName: transferLetter.receiverName ?? RECEIVER_NAMES[transferLetter.receiver],
    ...(findingId === undefined ? {} : { findingId }),
    ...(clueId === undefined ? {} : { clueId }),
  };
}

/** Refuses before anything is sent: a letter must not go out about a clue or finding the ledger does not know. */
async function requireSubjects(ledger: Ledger, input: SendTransferInput): Promise<Clue | undefined> {
  const problems: string[] = [];
  const clue = input.clueId === undefined ? undefined : await ledger.getClue(input.clueId);
  if (input.clueId !== undefined && clue === undefined) {
    problems.push(`变量 clueId 所指的线索 ${input.clueId} 不在台账中 / variable clueId: clue ${input.clueId} is not in the ledger`);
  }
  if (input.findingId !== undefined && (await ledger.getFinding(input.findingId)) === undefined) {
    problems.push(`变量 findingId 所指的问题隐患 ${input.findingId} 不在台账中 / variable findingId: finding ${input.findingId} is not in the ledger`);
  }
  if (problems.length > 0) throw new InvalidVariablesError(problems);
  return clue;
}

interface LetterDelivery {
  readonly channel: NotificationChannel;
  readonly idempotencyKey: string;
  send(): Promise<DeliveryReceipt>;
}

function plannedDeliveries(recipient: Recipient, input: SendTransferInput, context: Pick<JobContext, 'job' | 'services'>): LetterDelivery[] {
  const { job, services } = context;
  const key = `transfer:${input.transferId}:letter`;
  const subject = `${input.title}（${input.letterNumber}）`;
  const deliveries: LetterDelivery[] = [];
  if (recipient.channels.email.length > 0) {
    deliveries.push({
      channel: 'email',
      idempotencyKey: key,
      send: () =>
        services.notifier.email.deliver({
          idempotencyKey: key,
          recipientId: recipient.id,
          to: recipient.channels.email.map((address) => ({ name: recipient.name, address })),
          subject,
          text: input.body,
        }),
    });
  }
  const webhook = recipient.channels.webhook;
  if (webhook !== undefined) {
    const webhookKey = `${key}:webhook`;
    deliveries.push({
      channel: 'webhook',
      idempotencyKey: webhookKey,
      send: () =>
        services.notifier.postWebhook(webhook, {
          idempotencyKey: webhookKey,
          noticeType: TRANSFER_LETTER_NOTICE,
          recipient: { id: recipient.id, name: recipient.name },
          subject,
          body: input.body,
          processInstanceKey: job.processInstanceKey,
          bpmnProcessId: job.bpmnProcessId,
        }),
    });
  }
  return deliveries;
}

/** Sends the letter on every channel of the recipient; returns when the first channel delivered it. */
async function deliverLetter(recipient: Recipient, input: SendTransferInput, context: Pick<JobContext, 'job' | 'services' | 'logger'>): Promise<string> {
  const { ledger } = context.services;
  const deliveredAt: string[] = [];
  for (const delivery of plannedDeliveries(recipient, input, context)) {
    const deliveryLogger = context.logger.child({ transferId: input.transferId, channel: delivery.channel, idempotencyKey: delivery.idempotencyKey });
    const result = await deliverOnce(ledger, deliveryLogger, {
      idempotencyKey: delivery.idempotencyKey,
      noticeType: TRANSFER_LETTER_NOTICE,
      channel: delivery.channel,
      recipientId: recipient.id,
      subject: `${input.title}（${input.letterNumber}）`,
      body: input.body,
      processInstanceKey: context.job.processInstanceKey,
      sentAt: context.job.activatedAt,
      send: delivery.send,
    });
    deliveredAt.push(result.sentAt);
  }
  const first = deliveredAt.sort()[0];
  if (first === undefined) {
    throw new Error(
      `收件人名录中的 ${recipient.id} 没有可用的发送渠道 / recipient ${recipient.id} has no e-mail address or webhook in the recipient directory`,
    );
  }
  return first;
}

export async function handleSendTransfer(input: SendTransferInput, context: Pick<JobContext, 'job' | 'services' | 'logger'>): Promise<SendTransferOutput> {
  const { ledger, notifier } = context.services;
  const recipient = notifier.directory.get(input.recipientId);
  if (recipient === undefined) {
    // Configuration, not variables: retries give the operator time to fix processes/directory.json before the incident.
    throw new Error(
      `收件人名录中没有 ${input.recipientId}（${input.receiverName}），请补充 processes/directory.json / ` +
        `receiver ${input.recipientId} is not in the recipient directory; add it to processes/directory.json`,
    );
  }
  const clue = await requireSubjects(ledger, input);
  const sentAt = await deliverLetter(recipient, input, context);
  const { record: transfer, isNew } = await ledger.recordTransfer({
    id: input.transferId,
    idempotencyKey: `transfer:${input.transferId}`,
    receiverKind: RECEIVER_NAMES[input.receiver],
    receiverName: input.receiverName,
    letterNumber: input.letterNumber,
    processInstanceKey: context.job.processInstanceKey,
    sentAt,
    ...(input.clueId === undefined ? {} : { clueId: input.clueId }),
    ...(input.findingId === undefined ? {} : { findingId: input.findingId }),
  });
  // A finding not yet under review becomes 已移交: the 移交函 is its disposal (000 第十条), tracked from here by the receiver.
  if (input.findingId !== undefined) {
    const finding = await ledger.getFinding(input.findingId);
    if (finding !== undefined && (finding.status === '待整改' || finding.status === '整改中')) {
      await ledger.updateFindingStatus({
        findingId: finding.id,
        status: '已移交',
        idempotencyKey: `transfer:${input.transferId}:finding-status`,
        at: transfer.sentAt,
        note: `${input.letterNumber} 移交${input.receiverName}`,
      });
    }
  }
  // A clue still open becomes 已移交; one already 已办结 by another route keeps its state.
  if (clue !== undefined && (clue.status === '登记' || clue.status === '核查中')) {
    await ledger.updateClueStatus({
      clueId: clue.id,
      status: '已移交',
      idempotencyKey: `transfer:${input.transferId}:clue-status`,
      at: transfer.sentAt,
      note: `${input.letterNumber} 移交${input.receiverName}`,
    });
  }
  context.logger.info({ transferId: transfer.id, letterNumber: transfer.letterNumber, isNew }, 'transfer recorded in the ledger');
  return { transferId: transfer.id, sentAt: transfer.sentAt };
}

export const sendTransferWorker = defineWorker<SendTransferInput, SendTransferOutput>({
  jobType,
  title: '线索移交：发送移交函',
  inputs,
  description: '发送已审批的移交函并登记移交台账，同一移交不重复发送 / sends the approved transfer letter and records the transfer, never twice',
  // Long enough for slow SMTP exchanges: a job timing out mid-send would be handed to a second worker.
  timeoutMs: 300_000,
  parseInput: parseSendTransferInput,
  handle: handleSendTransfer,
});
