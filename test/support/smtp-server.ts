/**
 * A real SMTP server (smtp-server) on a free loopback port that keeps every
 * message it receives, parsed: unit and integration tests assert on what a
 * mail server really got, not on what the sender meant to send.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** RCPT TO addresses of the SMTP envelope. */
  readonly envelopeTo: readonly string[];
  /** MAIL FROM address of the SMTP envelope. */
  readonly envelopeFrom: string;
  /** Headers decoded: `parsed.subject` is the Chinese subject as written. */
  readonly parsed: ParsedMail;
}

export interface TestSmtpServer {
  /** For SMTP_URL, e.g. smtp://127.0.0.1:40123. */
  readonly url: string;
  readonly port: number;
  /** In the order the server accepted them. */
  readonly received: ReceivedMail[];
  close(): Promise<void>;
}

/** Plain SMTP without TLS or authentication, as a relay on the same host would be. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          received.push({
            parsed,
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
