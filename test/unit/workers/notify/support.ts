/**
 * What the notify tests share: a job double that records what the worker did
 * with it, a real SQLite ledger in a temporary folder, and a local HTTP
 * receiver; the real SMTP server is test/support/smtp-server.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { type NotifyConfig, PROJECT_ROOT } from '../../../../workers/config.ts';
import { JobType } from '../../../../workers/contract.ts';
import { type FakeJob, type JobCall, fakeJob } from '../support/job.ts';
import { WorkingDayCalendar } from '../../../../workers/deadline/calendar.ts';
import { type Ledger, openLedger } from '../../../../workers/ledger/index.ts';
import type { Directory } from '../../../../workers/notify/directory.ts';
import { PublicSite } from '../../../../workers/disclosure/public-site.ts';
import { type Notifier, createNotifier } from '../../../../workers/notify/notifier.ts';
import { ProfileStore } from '../../../../workers/profile/profile.ts';
import { InspectionRegisters } from '../../../../workers/inspection/registers.ts';
import { ReportFolder } from '../../../../workers/campaign/report-folder.ts';
import type { WorkerServices } from '../../../../workers/worker-definition.ts';

export { type ReceivedMail, type TestSmtpServer, startSmtpServer } from '../../../support/smtp-server.ts';

export const silentLogger = pino({ level: 'silent' });
export const DIRECTORY_FILE = path.join(PROJECT_ROOT, 'processes/directory.json');
export const FROM = '安委办 <anweiban@example.gov.cn>';

export type { JobCall };

/** The same element instance key means the same job identity: a retry or a second delivery of it. */
export function notifyJob(
  variables: Record<string, unknown>,
  identity: { readonly elementInstanceKey?: string; readonly retries?: number } = {},
): FakeJob {
  return fakeJob({
    type: JobType.sendNotification,
    variables,
    elementId: 'SendEntryNotice',
    elementInstanceKey: identity.elementInstanceKey ?? '2251799813685499',
    retries: identity.retries ?? 3,
  });
}

export function onlyCall(calls: readonly JobCall[]): JobCall {
  if (calls.length !== 1) throw new Error(`expected exactly one job action, got ${JSON.stringify(calls)}`);
  return calls[0] as JobCall;
}

export interface NotifyHarness {
  readonly folder: string;
  readonly ledger: Ledger;
  readonly notifier: Notifier;
  readonly runtime: { readonly logger: typeof silentLogger; readonly services: WorkerServices };
  dispose(): Promise<void>;
}

/** A real SQLite ledger and a notifier on the given channel, in a fresh temporary folder. */
export async function notifyHarness(
  notify: Partial<NotifyConfig> = {},
  options: { readonly directory?: Directory; readonly ledger?: (ledger: Ledger) => Ledger } = {},
): Promise<NotifyHarness> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'anquan-notify-'));
  const realLedger = await openLedger({ backend: 'sqlite', sqliteFile: path.join(folder, 'ledger.sqlite') }, silentLogger);
  const ledger = options.ledger ? options.ledger(realLedger) : realLedger;
  const notifier = await createNotifier(
    { channel: 'mailbox', from: FROM, mailboxDir: path.join(folder, 'mailbox'), directoryFile: DIRECTORY_FILE, ...notify },
    options.directory ? { directory: options.directory } : {},
  );
  const services: WorkerServices = {
    calendar: new WorkingDayCalendar(),
    profiles: new ProfileStore(path.join(PROJECT_ROOT, 'processes/profiles')),
    ledger,
    notifier,
    publicSite: new PublicSite({ directory: path.join(folder, 'public') }),
    inspectionRegisters: new InspectionRegisters(path.join(PROJECT_ROOT, 'processes/registers')),
    reports: new ReportFolder(path.join(folder, 'reports')),
  };
  return {
    folder,
    ledger,
    notifier,
    runtime: { logger: silentLogger, services },
    async dispose() {
      await notifier.close();
      await realLedger.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

export interface ReceivedRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface TestHttpReceiver {
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** HTTP status the next requests are answered with. */
  status: number;
  close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<TestHttpReceiver> {
  const receiver = { received: [] as ReceivedRequest[], status: 200 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.received.push({ method: request.method ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = receiver.status;
      response.end(receiver.status < 300 ? 'ok' : 'unavailable');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/notices`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
