/**
 * Delivery channels. E-mail goes either to a local mailbox folder (the
 * default: no mail server needed) or over SMTP; a recipient with a webhook
 * additionally gets the notice as JSON.
 *
 * Every message carries its idempotency key, so a receiver can recognise a
 * repeat: the mailbox refuses to write a key twice, the e-mail's Message-ID is
 * derived from the key, and the webhook receives it as `Idempotency-Key`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface EmailAddress {
  readonly name: string;
  readonly address: string;
}

export interface OutgoingEmail {
  readonly idempotencyKey: string;
  /** Directory id of the recipient; the mailbox folder is named after it. */
  readonly recipientId: string;
  readonly to: readonly EmailAddress[];
  readonly subject: string;
  readonly text: string;
}

export interface DeliveryReceipt {
  /** False when an earlier attempt had already delivered the message, so nothing was sent now. */
  readonly sentNow: boolean;
  /** For the ledger: SMTP reply, HTTP status or mailbox file. */
  readonly detail: string;
}

export interface EmailChannel {
  readonly kind: 'mailbox' | 'smtp';
  deliver(message: OutgoingEmail): Promise<DeliveryReceipt>;
  close(): Promise<void>;
}

/** The header that carries the idempotency key in e-mail, for people and mail filters alike. */
export const IDEMPOTENCY_HEADER = 'X-Anquan-Idempotency-Key';

/**
 * The same key always yields the same Message-ID, so a mail client or
 * archive that receives a repeated message shows it once.
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 40)}@${domain}>`;
}

function mailOptions(message: OutgoingEmail, from: string) {
  return {
    from,
    to: message.to.map((recipient) => ({ name: recipient.name, address: recipient.address })),
    subject: message.subject,
    text: message.text,
    messageId: messageIdFor(message.idempotencyKey, from),
    headers: { [IDEMPOTENCY_HEADER]: message.idempotencyKey },
  };
}

/** `2251799813685299:entry-notice:anwei-ban` → `2251799813685299_entry-notice_anwei-ban.eml`. */
export function mailboxFileName(idempotencyKey: string): string {
  return `${encodeURIComponent(idempotencyKey.replaceAll(':', '_'))}.eml`;
}

/**
 * Writes each message as an RFC 5322 .eml file into `<root>/<recipientId>/`.
 * The file appears atomically and only once: it is written under a temporary
 * name and hard-linked to its final name, which fails if that name exists. A
 * retry after a crash therefore finds the file and sends nothing again, and
 * never finds a half-written one.
 */
export class MailboxChannel implements EmailChannel {
  readonly kind = 'mailbox';
  readonly #root: string;
  readonly #from: string;
  readonly #composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  constructor(root: string, from: string) {
    this.#root = root;
    this.#from = from;
  }

  /** Where the message with this key is (or would be) stored. */
  fileFor(recipientId: string, idempotencyKey: string): string {
    return path.join(this.#root, recipientId, mailboxFileName(idempotencyKey));
  }

  async deliver(message: OutgoingEmail): Promise<DeliveryReceipt> {
    const file = this.fileFor(message.recipientId, message.idempotencyKey);
    const info = await this.#composer.sendMail(mailOptions(message, this.#from));
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = path.join(path.dirname(file), `.${randomUUID()}.tmp`);
    try {
      await writeFile(temporary, info.message as Buffer);
      await link(temporary, file);
      return { sentNow: true, detail: `mailbox: ${file}` };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { sentNow: false, detail: `mailbox: ${file}` };
      throw error;
    } finally {
      // The temporary name is hidden and unique; a leftover after a failed write misleads nobody, so its removal may fail quietly.
      await unlink(temporary).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.#composer.close();
  }
}

/** Generous for a slow relay, yet well inside the worker's job timeout. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

/**
 * Sends over SMTP. The SMTP server cannot be asked whether it already has a
 * message, so a crash after the server accepted it but before the ledger
 * recorded that can lead to a second delivery on retry (at-least-once); the
 * stable Message-ID lets mail clients show the two as one.
 */
export class SmtpChannel implements EmailChannel {
  readonly kind = 'smtp';
  readonly #from: string;
  readonly #transport;

  constructor(smtpUrl: string, from: string) {
    this.#from = from;
    this.#transport = nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
  }

  async deliver(message: OutgoingEmail): Promise<DeliveryReceipt> {
    const info = await this.#transport.sendMail(mailOptions(message, this.#from));
    if (info.rejected.length > 0) {
      // Partly accepted: the accepted addresses have the message, so a retry would repeat it for them.
      return { sentNow: true, detail: `smtp: ${info.response}; rejected: ${info.rejected.join(', ')}` };
    }
    return { sentNow: true, detail: `smtp: ${info.response}` };
  }

  async close(): Promise<void> {
    this.#transport.close();
  }
}

export interface WebhookPayload {
  readonly idempotencyKey: string;
  readonly noticeType: string;
  /** 文种 in Chinese, e.g. 挂牌督办通知, when the sender has one. */
  readonly noticeTypeName?: string;
  readonly recipient: { readonly id: string; readonly name: string };
  readonly subject: string;
  readonly body: string;
  readonly processInstanceKey: string;
  readonly bpmnProcessId: string;
}

/** A receiver that does not answer within this is treated as down; the job retries later. */
export const WEBHOOK_TIMEOUT_MS = 15_000;

/** The receiver answered, but not with 2xx. */
export class WebhookDeliveryError extends Error {
  readonly status: number;

  constructor(url: string, status: number, responseText: string) {
    super(
      `webhook ${url} 返回 HTTP ${status}，未送达 / webhook ${url} answered HTTP ${status}, not delivered${responseText ? `: ${responseText.slice(0, 200)}` : ''}`,
    );
    this.name = 'WebhookDeliveryError';
    this.status = status;
  }
}

/** POSTs the notice as JSON; any non-2xx answer or network error is thrown, so the job retries. */
export async function postWebhook(url: string, payload: WebhookPayload, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<DeliveryReceipt> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': payload.idempotencyKey },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new Error(`webhook ${url} 无法送达 / webhook ${url} could not be reached: ${reason}`, { cause: error });
  }
  const responseText = await response.text().catch(() => '');
  if (!response.ok) throw new WebhookDeliveryError(url, response.status, responseText);
  return { sentNow: true, detail: `webhook: HTTP ${response.status}` };
}
