/**
 * The `notifier` worker service: the recipient directory and the channels,
 * created once at start-up from {@link NotifyConfig}. Whether a message was
 * already sent is the ledger's business (see send-notification.worker.ts);
 * the notifier only delivers.
 */
import type { NotifyConfig } from '../config.ts';
import {
  type DeliveryReceipt,
  type EmailChannel,
  MailboxChannel,
  SmtpChannel,
  type WebhookPayload,
  postWebhook,
} from './channels.ts';
import { type Directory, loadDirectory } from './directory.ts';

export interface Notifier {
  readonly directory: Directory;
  /** 发文单位 that signs every notice: the display name of NOTIFY_FROM. */
  readonly issuer: string;
  readonly email: EmailChannel;
  postWebhook(url: string, payload: WebhookPayload): Promise<DeliveryReceipt>;
  close(): Promise<void>;
}

/** `安委办 <anweiban@example.gov.cn>` → `安委办`; a bare address stands for itself. */
export function issuerOf(from: string): string {
  const match = /^\s*"?([^"<]*?)"?\s*<[^>]*>\s*$/.exec(from);
  const name = match?.[1]?.trim();
  return name ? name : from.trim();
}

export function createEmailChannel(config: NotifyConfig): EmailChannel {
  if (config.channel === 'smtp') {
    if (config.smtpUrl === undefined) throw new Error('NOTIFY_CHANNEL=smtp 需要 SMTP_URL / NOTIFY_CHANNEL=smtp needs SMTP_URL');
    return new SmtpChannel(config.smtpUrl, config.from);
  }
  return new MailboxChannel(config.mailboxDir, config.from);
}

/** Loads and validates the directory; a broken directory stops start-up with a {@link DirectoryError}. */
export async function createNotifier(config: NotifyConfig, options: { readonly directory?: Directory } = {}): Promise<Notifier> {
  const directory = options.directory ?? (await loadDirectory(config.directoryFile));
  const email = createEmailChannel(config);
  return {
    directory,
    issuer: issuerOf(config.from),
    email,
    postWebhook: (url, payload) => postWebhook(url, payload),
    close: () => email.close(),
  };
}
