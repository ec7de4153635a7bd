/**
 * Receivers that count what the workers really sent, for tests that must
 * prove a side effect happened exactly once:
 *
 * - an SMTP server (smtp-server) that can hold its answer to DATA, so a
 *   notify worker is caught mid-send (the message is on the wire, the relay
 *   has not said 250 yet); a held message counts as received once answered;
 * - a webhook receiver that records every POST with its Idempotency-Key.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { IDEMPOTENCY_HEADER } from '../../../workers/notify/channels.ts';

export interface SunkMail {
  readonly messageId: string;
  /** X-Anquan-Idempotency-Key: `<activity instance>:<notice type>:<recipient id>`. */
  readonly idempotencyKey: string;
  readonly envelopeTo: readonly string[];
  readonly parsed: ParsedMail;
}

export interface HoldingSmtpServer {
  readonly url: string;
  /** Accepted messages (250 sent), in order. */
  readonly received: readonly SunkMail[];
  /** Messages whose DATA is being held now. */
  readonly holding: number;
  /** Hold the answer to the next `count` messages. */
  holdNext(count: number): void;
  /** Resolves once `count` messages are held. */
  untilHolding(count: number): Promise<void>;
  /** Answers 250 to every held message and holds no more. */
  release(): number;
  close(): Promise<void>;
}

export async function startHoldingSmtpServer(): Promise<HoldingSmtpServer> {
  const received: SunkMail[] = [];
  const held: Array<() => void> = [];
  let toHold = 0;
  let waiters: Array<() => void> = [];
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          const header = parsed.headers.get(IDEMPOTENCY_HEADER.toLowerCase());
          const accept = () => {
            received.push({
              messageId: parsed.messageId ?? '',
              idempotencyKey: typeof header === 'string' ? header : '',
              envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
              parsed,
            });
            callback();
          };
          if (toHold > 0) {
            toHold -= 1;
            held.push(accept);
            notify();
          } else {
            accept();
          }
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get holding() {
      return held.length;
    },
    holdNext(count) {
      toHold = count;
    },
    untilHolding(count) {
      if (held.length >= count) return Promise.resolve();
      return new Promise((resolve) => {
        const waiter = () => {
          if (held.length < count) return;
          waiters = waiters.filter((other) => other !== waiter);
          resolve();
        };
        waiters.push(waiter);
      });
    },
    release() {
      toHold = 0;
      const answers = held.splice(0);
      for (const answer of answers) answer();
      return answers.length;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface WebhookPost {
  readonly idempotencyKey: string;
  readonly body: { readonly noticeType: string; readonly processInstanceKey: string; readonly recipient: { readonly id: string } };
}

export interface WebhookSink {
  readonly url: string;
  readonly posts: readonly WebhookPost[];
  close(): Promise<void>;
}

/** Answers 204 to every POST and keeps it. */
export async function startWebhookSink(): Promise<WebhookSink> {
  const posts: WebhookPost[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        posts.push({ idempotencyKey: String(request.headers['idempotency-key'] ?? ''), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookPost['body'] });
        response.writeHead(204).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notices`,
    posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
