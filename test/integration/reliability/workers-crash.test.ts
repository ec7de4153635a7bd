/**
 * Reliability 3 (issue 13): a worker process is killed with SIGKILL in the
 * middle of a side effect. Its lock on the task expires, a second worker
 * process fetches the task again, and the effect happens as often as the
 * channel promises (workers/notify/channels.ts, send-notification.worker.ts):
 *
 * - mailbox (the default channel): exactly once. Worker A is stopped by a
 *   breakpoint on the line right after the .eml file is linked to its final name
 *   in MailboxChannel.deliver, i.e. the message is delivered and the ledger row
 *   is still 待发送; there it is killed. Worker B finds the file, sends nothing,
 *   marks the row 已发送 and completes the task.
 * - SMTP: at least once, at most one repeat per crash, with the same Message-ID and
 *   X-Anquan-Idempotency-Key. Worker A is killed while the SMTP server holds its answer to
 *   DATA (the whole message is on the relay, 250 not yet sent). The relay then
 *   keeps the message, as a relay that queued it before its answer got through
 *   (RFC 1047); B cannot ask the relay and sends again.
 *
 * Both workers are real child processes running `node workers/main.ts` with
 * the product's settings (test/integration/support/worker-process.ts),
 * against an engine of this file's own, with one ledger file and one mailbox folder
 * as two replicas share them in production. B starts "310 s later": the engine
 * clock is moved past the lock (the notify worker's timeoutMs, 300 s), and the
 * killed attempt's claim on the ledger row, which lapses after as long by the
 * workers' clock, is moved back as far (see letTimePass).
 *
 * Asserted as counts and states: messages per notice key, ledger rows and
 * their state, the engine's external-task log (created once, completed once,
 * by B, no failure), incidents (none), and B's own metrics.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobType } from '../../../workers/contract.ts';
import { createLogger } from '../../../workers/logger.ts';
import { mailboxFileName } from '../../../workers/notify/channels.ts';
import { DELIVERY_LEASE_MS } from '../../../workers/notify/guarded-delivery.ts';
import { sendNotificationWorker } from '../../../workers/notify/send-notification.worker.ts';
import { sampleValue } from '../../support/prometheus-text.ts';
import { DedicatedEngine } from '../support/dedicated-engine.ts';
import { EngineClient, EngineClock } from '../support/engine-client.ts';
import { NOTICE_ACTIVITY_ID, NOTICE_PROCESS_ID, NOTICE_RECIPIENT, deployNoticeProcess, noticeKey, noticeVariables } from '../support/notice-process.ts';
import { startHoldingSmtpServer, type HoldingSmtpServer } from '../support/side-effect-sinks.ts';
import { WorkerProcess } from '../support/worker-process.ts';
import { within } from '../support/within.ts';

/**
 * An engine of this file's own (support/dedicated-engine.ts): the worker processes serve every
 * topic, so on the shared engine they would also work what earlier files left behind (a reminder
 * whose timer fell due, a notice); here the only tasks are this file's.
 */
const engine = new DedicatedEngine({ logger: createLogger({ logLevel: 'warn' }, { name: 'workers-crash', stream: 'stderr' }) });
const REST_URL = engine.restUrl;
const admin = new EngineClient(engine.admin);
const clock = new EngineClock(admin);
const TOPIC = JobType.sendNotification;
/** The lock every anquan.notify.send task is fetched with. */
const LOCK_MS = sendNotificationWorker.timeoutMs;
/** The workers' long poll; short, so the killed worker's last poll ends soon on the engine (see waitForOrphanedPoll). */
const LONG_POLL_MS = 2_000;

const started: WorkerProcess[] = [];
const runtimes: Record<string, number> = {};
let smtp: HoldingSmtpServer | undefined;

interface ExternalTaskRow {
  readonly id: string;
  readonly workerId: string | null;
  readonly lockExpirationTime: string | null;
  readonly activityInstanceId: string;
}

interface TaskLogRow {
  readonly externalTaskId: string;
  readonly workerId: string | null;
  readonly creationLog: boolean;
  readonly failureLog: boolean;
  readonly successLog: boolean;
  readonly deletionLog: boolean;
}

interface LedgerRow {
  readonly idempotency_key: string;
  readonly delivery_result: string;
  readonly delivery_detail: string | null;
  /** The sending attempt's claim (guarded-delivery.ts); cleared when the result is recorded. */
  readonly claimed_by: string | null;
}

/** One folder per test: the ledger and the mailbox the two worker processes share, as two replicas do. */
function sharedFolders() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'anquan-workers-crash-'));
  return {
    root,
    ledgerFile: path.join(root, 'ledger.sqlite'),
    mailboxDir: path.join(root, 'mailbox'),
    environment: (extra: Record<string, string> = {}): Record<string, string> => ({
      ENGINE_REST_URL: REST_URL,
      ENGINE_LONG_POLL_MS: String(LONG_POLL_MS),
      LEDGER_SQLITE_FILE: path.join(root, 'ledger.sqlite'),
      NOTIFY_MAILBOX_DIR: path.join(root, 'mailbox'),
      PUBLIC_DIR: path.join(root, 'public'),
      REPORTS_DIR: path.join(root, 'reports'),
      LOG_LEVEL: 'info',
      ...extra,
    }),
  };
}

async function startWorker(workerId: string, environment: Record<string, string>, inspect = false): Promise<WorkerProcess> {
  const worker = await WorkerProcess.start({ workerId, environment, inspect });
  started.push(worker);
  return worker;
}

function ledgerRows(file: string, processInstanceId: string): LedgerRow[] {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db.prepare('select idempotency_key, delivery_result, delivery_detail, claimed_by from notifications where process_instance_key = ?').all(processInstanceId) as unknown as LedgerRow[];
  } finally {
    db.close();
  }
}

async function externalTasks(processInstanceId: string): Promise<ExternalTaskRow[]> {
  return admin.rest.request<ExternalTaskRow[]>('GET', '/external-task', undefined, { query: { processInstanceId } });
}

async function taskLog(processInstanceId: string): Promise<TaskLogRow[]> {
  return admin.rest.request<TaskLogRow[]>('GET', '/history/external-task-log', undefined, { query: { processInstanceId } });
}

async function incidents(processInstanceId: string): Promise<{ open: number; ever: number }> {
  const open = await admin.rest.request<unknown[]>('GET', '/incident', undefined, { query: { processInstanceId } });
  return { open: open.length, ever: (await admin.incidentHistory(processInstanceId)).length };
}

/** The instance's one notify task once a worker has locked it. */
async function lockedTask(processInstanceId: string): Promise<ExternalTaskRow> {
  const [task] = await externalTasks(processInstanceId);
  if (!task) throw new Error(`instance ${processInstanceId} has no external task`);
  return task;
}

/**
 * The killed worker's last long poll stays registered on the engine until its
 * asyncResponseTimeout: Operaton does not notice the closed connection, and a
 * task that becomes fetchable meanwhile would be locked for the dead poll (the
 * engine's FetchAndLockHandlerImpl tries pending polls in order). Measured: with
 * the clock moved at once, the task was locked again for the killed worker's id
 * for another 300 s and B never got it. So the lock is made to expire only after
 * that poll has timed out on the engine.
 */
async function waitForOrphanedPoll(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, LONG_POLL_MS + 1_500));
}

/** How far the test moves time on after the kill: past the lock and the claim of the killed attempt. */
const TIME_TRAVEL_MS = Math.max(LOCK_MS, DELIVERY_LEASE_MS) + 10_000;

/**
 * Lets TIME_TRAVEL_MS pass for what the killed worker left behind, as if B started that much later:
 *
 * - the engine clock is pinned that far ahead (the test endpoint), so the task's lock has expired;
 * - the killed attempt's claim on the ledger row (guarded-delivery.ts: the attempt that sends claims
 *   the row for the lock duration, by the workers' wall clock) is moved back by as much, so it has
 *   lapsed too. Without this B would find the claim held for another ~300 s of real time and back off
 *   (DeliveryInProgressError), as it would in production only if it came within the first moments
 *   after the lock ran out.
 */
async function letTimePass(task: ExternalTaskRow, ledgerFile: string, key: string): Promise<void> {
  const pinned = new Date(Date.now() + TIME_TRAVEL_MS);
  await clock.pin(pinned);
  expect(new Date(task.lockExpirationTime!).getTime()).toBeLessThan(pinned.getTime());
  const db = new DatabaseSync(ledgerFile);
  try {
    const row = db.prepare('select claimed_until from notifications where idempotency_key = ?').get(key) as { claimed_until: string | null };
    expect(new Date(row.claimed_until!).getTime()).toBeGreaterThan(Date.now());
    const aged = new Date(new Date(row.claimed_until!).getTime() - TIME_TRAVEL_MS).toISOString();
    db.prepare('update notifications set claimed_until = ? where idempotency_key = ?').run(aged, key);
  } finally {
    db.close();
  }
}

function count(lines: readonly unknown[]): number {
  return lines.length;
}

async function metric(worker: WorkerProcess, name: string, labels: Record<string, string> = {}): Promise<number> {
  return sampleValue(await worker.metrics(), name, { topic: TOPIC, ...labels }) ?? 0;
}

/** Waits for the instance to end; on a timeout the error says where its task is and what the worker wrote last. */
async function waitForCompletion(processInstanceId: string, worker: WorkerProcess): Promise<void> {
  try {
    await admin.waitForProcessInstanceState(processInstanceId, 'COMPLETED', 60_000);
  } catch (error) {
    const tasks = await externalTasks(processInstanceId).catch((cause: unknown) => String(cause));
    throw new Error(`${(error as Error).message}\ntask: ${JSON.stringify(tasks)}\n${worker.workerId} wrote:\n${worker.outputTail(40)}`);
  }
}


beforeAll(async () => {
  const began = Date.now();
  await engine.startFresh();
  await deployNoticeProcess(admin.rest);
  runtimes['engineStart'] = Math.round((Date.now() - began) / 100) / 10;
}, 600_000);

afterEach(async () => {
  for (const worker of started.splice(0)) await worker.kill();
  await clock.reset();
  await smtp?.close();
  smtp = undefined;
});

afterAll(async () => {
  if (!process.env['DEBUG_KEEP_ENGINE']) await engine.stop();
  // Measured figures, not asserted: how long each part took on this machine.
  process.stderr.write(`workers-crash runtimes (s): ${JSON.stringify(runtimes)}\n`);
});

describe(`a worker process killed (SIGKILL) in the middle of ${TOPIC}`, () => {
  it('mailbox: killed after the .eml file is written and before the ledger row is marked; the second worker sends nothing again (exactly once)', async () => {
    const began = Date.now();
    const folders = sharedFolders();
    const environment = folders.environment({ NOTIFY_CHANNEL: 'mailbox' });
    const workerA = await startWorker('crash-mailbox-a', environment, true);
    // The line after `await link(temporary, file)`: the message is in the mailbox under its final name, deliver() has not returned.
    const breakpoint = await workerA.pauseAt({ file: 'workers/notify/channels.ts', after: 'await link(temporary, file);', text: 'return { sentNow: true' });

    const instanceId = await admin.startProcessInstance(NOTICE_PROCESS_ID, noticeVariables('隐患整改复核（邮箱目录）'));
    const paused = await within(breakpoint.hit, 60_000, 'worker A to reach the breakpoint after writing the .eml file');
    expect(paused.functions[0]).toBe('deliver');

    // Where A stands at the kill: the task is A's, the message is delivered, the ledger does not know it yet.
    const task = await lockedTask(instanceId);
    expect(task.workerId).toBe(workerA.workerId);
    const key = noticeKey(task.activityInstanceId);
    const recipientDir = path.join(folders.mailboxDir, NOTICE_RECIPIENT);
    const messages = () => readdirSync(recipientDir).filter((name) => name.endsWith('.eml'));
    const leftovers = () => readdirSync(recipientDir).filter((name) => name.endsWith('.tmp'));
    expect(messages()).toEqual([mailboxFileName(key)]);
    expect(ledgerRows(folders.ledgerFile, instanceId).map((row) => [row.idempotency_key, row.delivery_result, row.claimed_by !== null])).toEqual([[key, '待发送', true]]);

    const exit = await workerA.kill();
    expect(exit.signal).toBe('SIGKILL');
    // Nothing moved after the kill: the task is still locked by the dead worker, not completed, the row still 待发送.
    expect(await externalTasks(instanceId)).toEqual([expect.objectContaining({ id: task.id, workerId: workerA.workerId })]);
    expect(ledgerRows(folders.ledgerFile, instanceId).map((row) => row.delivery_result)).toEqual(['待发送']);

    await waitForOrphanedPoll();
    await letTimePass(task, folders.ledgerFile, key);
    const workerB = await startWorker('crash-mailbox-b', environment);
    await waitForCompletion(instanceId, workerB);

    // The effect happened once: one message, one ledger row, now 已发送, naming the file.
    expect(messages()).toEqual([mailboxFileName(key)]);
    const rows = ledgerRows(folders.ledgerFile, instanceId);
    expect(rows.map((row) => [row.idempotency_key, row.delivery_result, row.claimed_by])).toEqual([[key, '已发送', null]]);
    expect(rows[0]!.delivery_detail).toBe(`mailbox: ${path.join(recipientDir, mailboxFileName(key))}`);
    // A's hidden temporary name is left, because its `finally` never ran: the kill landed inside deliver(). B removed its own.
    expect(leftovers()).toHaveLength(1);
    // B saw the interrupted attempt's message and did not send.
    expect(await admin.processVariables(instanceId)).toMatchObject({ sent: 0, skippedAsDuplicate: 1 });
    expect(count(workerB.lines('found delivered by an interrupted earlier attempt'))).toBe(1);
    expect(count(workerB.logs.filter((line) => line.msg === 'delivered'))).toBe(0);

    // The engine: created once, completed once (by B), never failed; no incident.
    const log = await taskLog(instanceId);
    expect(log.filter((entry) => entry.creationLog)).toHaveLength(1);
    expect(log.filter((entry) => entry.successLog).map((entry) => entry.workerId)).toEqual([workerB.workerId]);
    expect(log.filter((entry) => entry.failureLog || entry.deletionLog)).toHaveLength(0);
    expect(await incidents(instanceId)).toEqual({ open: 0, ever: 0 });
    expect(await admin.activityInstances(instanceId)).toEqual(
      expect.arrayContaining([expect.objectContaining({ activityId: NOTICE_ACTIVITY_ID, state: 'COMPLETED' })]),
    );
    expect((await admin.activityInstances(instanceId)).filter((activity) => activity.activityId === NOTICE_ACTIVITY_ID)).toHaveLength(1);

    // B's own count, as Prometheus reads it.
    expect(await metric(workerB, 'anquan_worker_tasks_fetched_total')).toBe(1);
    expect(await metric(workerB, 'anquan_worker_tasks_completed_total')).toBe(1);
    expect(await metric(workerB, 'anquan_worker_tasks_unreported_total')).toBe(0);
    expect((await metric(workerB, 'anquan_worker_tasks_failed_total', { result: 'retry' })) + (await metric(workerB, 'anquan_worker_tasks_failed_total', { result: 'incident' }))).toBe(0);

    expect((await workerB.stop()).code).toBe(0);
    runtimes['mailbox'] = Math.round((Date.now() - began) / 100) / 10;
  });

  it('SMTP: killed while the relay holds its answer to DATA; the second worker sends again with the same Message-ID (at least once, one repeat)', async () => {
    const began = Date.now();
    smtp = await startHoldingSmtpServer();
    const folders = sharedFolders();
    const environment = folders.environment({ NOTIFY_CHANNEL: 'smtp', SMTP_URL: smtp.url });
    const workerA = await startWorker('crash-smtp-a', environment);
    smtp.holdNext(1);

    const instanceId = await admin.startProcessInstance(NOTICE_PROCESS_ID, noticeVariables('隐患整改复核（SMTP）'));
    await within(smtp.untilHolding(1), 60_000, 'worker A to be in the DATA phase');

    // At the kill: the whole message is on the relay, A waits for its 250; the ledger row is 待发送.
    const task = await lockedTask(instanceId);
    expect(task.workerId).toBe(workerA.workerId);
    const key = noticeKey(task.activityInstanceId);
    expect(smtp.received).toHaveLength(0);
    expect(ledgerRows(folders.ledgerFile, instanceId).map((row) => [row.idempotency_key, row.delivery_result, row.claimed_by !== null])).toEqual([[key, '待发送', true]]);

    expect((await workerA.kill()).signal).toBe('SIGKILL');
    // The relay had the message before the connection died and delivers it (its 250 reaches nobody).
    expect(smtp.release()).toBe(1);
    expect(ledgerRows(folders.ledgerFile, instanceId).map((row) => row.delivery_result)).toEqual(['待发送']);

    await waitForOrphanedPoll();
    await letTimePass(task, folders.ledgerFile, key);
    const workerB = await startWorker('crash-smtp-b', environment);
    await waitForCompletion(instanceId, workerB);

    // At least once: the relay got the notice twice, recognisably the same message (same key, same Message-ID).
    const forKey = smtp.received.filter((mail) => mail.idempotencyKey === key);
    expect(forKey).toHaveLength(2);
    expect(smtp.received).toHaveLength(2);
    expect(new Set(forKey.map((mail) => mail.messageId)).size).toBe(1);
    expect(forKey[0]!.messageId).toMatch(/^<[0-9a-f]{40}@example\.gov\.cn>$/);
    expect(forKey.map((mail) => mail.parsed.subject)).toEqual([forKey[0]!.parsed.subject, forKey[0]!.parsed.subject]);
    // One ledger row, 已发送 by B's send.
    const rows = ledgerRows(folders.ledgerFile, instanceId);
    expect(rows.map((row) => [row.idempotency_key, row.delivery_result, row.claimed_by])).toEqual([[key, '已发送', null]]);
    expect(rows[0]!.delivery_detail).toMatch(/^smtp: 250/);
    expect(await admin.processVariables(instanceId)).toMatchObject({ sent: 1, skippedAsDuplicate: 0 });
    expect(count(workerB.logs.filter((line) => line.msg === 'delivered'))).toBe(1);

    const log = await taskLog(instanceId);
    expect(log.filter((entry) => entry.creationLog)).toHaveLength(1);
    expect(log.filter((entry) => entry.successLog).map((entry) => entry.workerId)).toEqual([workerB.workerId]);
    expect(log.filter((entry) => entry.failureLog || entry.deletionLog)).toHaveLength(0);
    expect(await incidents(instanceId)).toEqual({ open: 0, ever: 0 });
    expect(await metric(workerB, 'anquan_worker_tasks_fetched_total')).toBe(1);
    expect(await metric(workerB, 'anquan_worker_tasks_completed_total')).toBe(1);
    expect(await metric(workerB, 'anquan_worker_tasks_unreported_total')).toBe(0);

    expect((await workerB.stop()).code).toBe(0);
    runtimes['smtp'] = Math.round((Date.now() - began) / 100) / 10;
  });
});

