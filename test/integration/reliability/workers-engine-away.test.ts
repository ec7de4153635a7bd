/**
 * Reliability 4 (issue 13): the engine is away, for the workers.
 *
 * Two worker processes (replicas: `node workers/main.ts`, the product's
 * settings, one shared ledger file, notices over SMTP to a real SMTP server)
 * reach an engine of this file's own only through a TCP proxy started here
 * (support/tcp-proxy.ts); taking the proxy down refuses new connections and
 * resets the open ones, as a stopped engine or a broken network does. The
 * engine itself keeps running.
 *
 * (a) The engine is unreachable when the workers start: they keep trying with
 *     the product's back-off (0.5 s doubling), log the failure once as an error
 *     in Chinese and English, answer /health/ready with 503 and the reason; 10
 *     instances are started meanwhile. When the engine is reachable again the
 *     same processes (no restart) pick the tasks up and become ready.
 * (b) The engine goes away while they work: 20 instances are started and 4 of
 *     their notices are held by the SMTP server in DATA (handlers in flight);
 *     then the engine goes away for OUTAGE_MS, the held notices are let through
 *     (those handlers finish while the engine is away), and 10 more instances
 *     are started meanwhile. After it returns, every task completes.
 *
 * Over both, 40 instances: every notice reached the SMTP server exactly once (SMTP
 * cannot deduplicate, so this also says no task was done twice), one ledger row
 * each, 已发送; each external task was created once and completed once with no
 * failure and no incident; the workers fetched and completed 40 tasks between
 * them and reported none as unreported or failed. Figures (durations) go to
 * stderr, not into assertions.
 *
 * What (b) found in the runtime (fixed in workers/engine/): a completion the
 * unreachable engine could not take was given up after 4.25 s and reported as a
 * failed job once the engine was back, so the task ran again (external-task-job.ts
 * now re-sends it for as long as the lock lasts); and tasks the engine locked for a
 * poll whose connection had broken stayed locked, unworked, for their whole lock
 * duration (external-task-runner.ts now cancels such a poll and hands those locks
 * back when the engine answers again).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobType } from '../../../workers/contract.ts';
import { createLogger } from '../../../workers/logger.ts';
import { sampleValue } from '../../support/prometheus-text.ts';
import { DedicatedEngine } from '../support/dedicated-engine.ts';
import { EngineClient, eventually } from '../support/engine-client.ts';
import { NOTICE_PROCESS_ID, deployNoticeProcess, noticeVariables } from '../support/notice-process.ts';
import { startHoldingSmtpServer, type HoldingSmtpServer } from '../support/side-effect-sinks.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { LogLevel, WorkerProcess } from '../support/worker-process.ts';
import { within } from '../support/within.ts';

/**
 * An engine of this file's own (support/dedicated-engine.ts), never stopped by the test: the
 * worker processes serve every topic, so on the shared engine they would also work what earlier
 * files left behind, and the counts would not be this file's alone.
 */
const engine = new DedicatedEngine({ logger: createLogger({ logLevel: 'warn' }, { name: 'workers-engine-away', stream: 'stderr' }) });
const admin = new EngineClient(engine.admin);
const TOPIC = JobType.sendNotification;

/** The load. */
const STARTED_WHILE_UNREACHABLE = 10;
const BEFORE_OUTAGE = 20;
const IN_FLIGHT_AT_OUTAGE = 4;
const STARTED_DURING_OUTAGE = 10;
const TOTAL = STARTED_WHILE_UNREACHABLE + BEFORE_OUTAGE + STARTED_DURING_OUTAGE;
/** How long the engine stays away in (b): longer than the first quick re-sends of an outcome (4.25 s), shorter than an engine restart (about 16 s here). */
const OUTAGE_MS = 10_000;
/** The workers' long poll, as in the other integration tests. */
const LONG_POLL_MS = 5_000;

let proxy: TcpProxy;
let smtp: HoldingSmtpServer;
let ledgerFile: string;
let root: string;
let workers: WorkerProcess[] = [];
const instanceIds: string[] = [];
const figures: Record<string, number> = {};
const startedAt = Date.now();
const mark = (name: string) => {
  figures[name] = Math.round((Date.now() - startedAt) / 100) / 10;
};

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));


/** Starts `count` instances at the engine itself (not through the proxy): what people and timers do while the workers cannot reach it. */
async function startInstances(count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    ids.push(await admin.startProcessInstance(NOTICE_PROCESS_ID, noticeVariables(`${label} 第${index}项`)));
  }
  instanceIds.push(...ids);
  return ids;
}

async function finishedCount(ids: readonly string[]): Promise<number> {
  const finished = await admin.rest.request<Array<{ id: string; state: string }>>('GET', '/history/process-instance', undefined, {
    query: { processDefinitionKey: NOTICE_PROCESS_ID, finished: true, maxResults: 10_000 },
  });
  const wanted = new Set(ids);
  return finished.filter((instance) => wanted.has(instance.id) && instance.state === 'COMPLETED').length;
}

/** Where the tasks are, for a timeout's message. */
async function whereTheTasksAre(): Promise<string> {
  const open = await admin.rest.request<Array<{ id: string; workerId: string | null; lockExpirationTime: string | null; retries: number | null }>>('GET', '/external-task', undefined, {
    query: { processDefinitionKey: NOTICE_PROCESS_ID, maxResults: 10_000 },
  });
  const byOwner = new Map<string, number>();
  for (const task of open) {
    const owner = `${task.workerId ?? 'unlocked'}${task.retries === null ? '' : ` retries=${task.retries}`}`;
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + 1);
  }
  const status = await Promise.all(workers.map(async (worker) => `${worker.workerId}: ${JSON.stringify((await worker.ready().catch((error: unknown) => ({ error: String(error) }))))}`));
  return JSON.stringify({ openTasks: Object.fromEntries(byOwner), smtp: { received: smtp.received.length, holding: smtp.holding }, proxy: { up: proxy.isUp, connections: proxy.connections }, workers: status });
}

async function waitUntilFinished(ids: readonly string[], timeoutMs: number, description: string): Promise<void> {
  try {
    await eventually(description, async () => ((await finishedCount(ids)) === ids.length ? true : undefined), timeoutMs, 250);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await whereTheTasksAre()}`);
  }
}

async function metricSum(name: string, labels: Record<string, string> = {}): Promise<number> {
  let sum = 0;
  for (const worker of workers) sum += sampleValue(await worker.metrics(), name, { topic: TOPIC, ...labels }) ?? 0;
  return sum;
}

/** The first failure of a streak is one error line; the repeats are debug lines with the growing pause. */
function backOffPauses(worker: WorkerProcess, fromLine = 0): number[] {
  return worker.logs
    .slice(fromLine)
    .filter((line) => line.msg.startsWith('fetching external tasks failed; retrying with back-off') || line.msg === 'fetching external tasks still fails')
    .map((line) => Number(line['nextAttemptInMs']));
}

beforeAll(async () => {
  await engine.startFresh();
  await deployNoticeProcess(admin.rest);
  mark('engineStarted');
  smtp = await startHoldingSmtpServer();
  // Down from the start: the workers' first fetch finds nothing listening.
  proxy = await TcpProxy.start({ host: '127.0.0.1', port: engine.profile.port }, { up: false });
  root = mkdtempSync(path.join(os.tmpdir(), 'anquan-workers-away-'));
  ledgerFile = path.join(root, 'ledger.sqlite');
  const environment = {
    ENGINE_REST_URL: proxy.restUrl(),
    ENGINE_LONG_POLL_MS: String(LONG_POLL_MS),
    LEDGER_SQLITE_FILE: ledgerFile,
    NOTIFY_CHANNEL: 'smtp',
    SMTP_URL: smtp.url,
    NOTIFY_MAILBOX_DIR: path.join(root, 'mailbox'),
    PUBLIC_DIR: path.join(root, 'public'),
    REPORTS_DIR: path.join(root, 'reports'),
    // Debug shows each repeated failure with its pause; the first of a streak is an error line.
    LOG_LEVEL: 'debug',
  };
  workers = await Promise.all([1, 2].map((replica) => WorkerProcess.start({ workerId: `away-replica-${replica}`, environment })));
  mark('workersStarted');
}, 600_000);

afterAll(async () => {
  for (const worker of workers) {
    await worker.stop();
    // The workers' whole log, for reading after a failure.
    writeFileSync(path.join(root, `${worker.workerId}.jsonl`), worker.logs.map((line) => JSON.stringify(line)).join('\n'));
  }
  await proxy?.close();
  await smtp?.close();
  if (!process.env['DEBUG_KEEP_ENGINE']) await engine.stop();
  process.stderr.write(`workers-engine-away figures (s since start): ${JSON.stringify(figures)}; worker logs in ${root}\n`);
});

describe(`the engine away for two worker processes of ${TOPIC} (${TOTAL} instances)`, () => {
  it(`(a) unreachable at start: back off, log, 503 with the reason; ${STARTED_WHILE_UNREACHABLE} tasks started meanwhile are picked up without a restart`, async () => {
    const pids = workers.map((worker) => worker.pid);
    for (const worker of workers) {
      // Three failed fetches, so the back-off is seen growing.
      await worker.waitForLog('three failed fetches', () => backOffPauses(worker).length >= 3, 30_000);
      const [first, ...repeats] = worker.logs.filter(
        (line) => line.msg.startsWith('fetching external tasks failed; retrying with back-off') || line.msg === 'fetching external tasks still fails',
      );
      // Logged once as an error, with the engine's address and what failed in Chinese and English; the repeats are debug.
      expect(first).toMatchObject({ level: LogLevel.error, kind: 'unreachable', consecutiveFailures: 1, workerId: worker.workerId });
      expect(first!.msg).toContain(`无法连接流程引擎 ${proxy.restUrl()} / cannot reach the engine at ${proxy.restUrl()}`);
      expect(first!.msg).toContain('ECONNREFUSED');
      expect(repeats.every((line) => line.level === LogLevel.debug && line['kind'] === 'unreachable')).toBe(true);
      expect(worker.lines('fetching external tasks failed', LogLevel.error)).toHaveLength(1);
      // The product's back-off: 0.5 s, doubling.
      expect(backOffPauses(worker).slice(0, 3)).toEqual([500, 1_000, 2_000]);

      const probe = await worker.ready();
      expect(probe.status).toBe(503);
      expect(probe.body.status).toBe('DOWN');
      expect(probe.body.lastFetchSucceededAt).toBeUndefined();
      expect(probe.body.reasons).toEqual([
        { code: 'fetch-failing', message: expect.stringMatching(/^最近一次向引擎拉取任务失败（连续 \d+ 次）：无法连接流程引擎（ENGINE_REST_URL） \/ the last fetchAndLock failed \(\d+ in a row\): cannot reach the engine \(ENGINE_REST_URL\)$/) },
      ]);
      const metrics = await worker.metrics();
      expect(sampleValue(metrics, 'anquan_worker_ready')).toBe(0);
      expect(sampleValue(metrics, 'anquan_worker_fetch_errors_total', { kind: 'unreachable' })).toBeGreaterThanOrEqual(3);
    }
    mark('unreachableSeen');

    const meanwhile = await startInstances(STARTED_WHILE_UNREACHABLE, '引擎不可达时发起');
    expect(await finishedCount(meanwhile)).toBe(0);
    await proxy.up();
    mark('engineReachable');
    await waitUntilFinished(meanwhile, 60_000, `the ${STARTED_WHILE_UNREACHABLE} instances started while the engine was unreachable`);
    mark('unreachableBacklogDone');

    for (const worker of workers) {
      await worker.waitForLog('fetching to work again', (line) => line.msg === 'fetching external tasks works again', 30_000);
      expect(worker.lines('fetching external tasks works again', LogLevel.info)[0]).toMatchObject({ failedAttempts: expect.any(Number) });
      expect(Number(worker.lines('fetching external tasks works again')[0]!['failedAttempts'])).toBeGreaterThanOrEqual(3);
      await eventually(`${worker.workerId} ready`, async () => ((await worker.ready()).status === 200 ? true : undefined), 30_000);
      const probe = await worker.ready();
      expect(probe.body).toMatchObject({ status: 'UP', reasons: [] });
      expect(probe.body.lastFetchSucceededAt).toEqual(expect.any(String));
      expect(sampleValue(await worker.metrics(), 'anquan_worker_ready')).toBe(1);
    }
    // The same processes: nothing was restarted.
    expect(workers.map((worker) => worker.pid)).toEqual(pids);
    expect(workers.map((worker) => worker.exit)).toEqual([undefined, undefined]);
  });

  it(`(b) away while working: ${IN_FLIGHT_AT_OUTAGE} handlers in flight and ${STARTED_DURING_OUTAGE} tasks started during a ${OUTAGE_MS / 1000} s outage; all complete, none lost, none done twice`, async () => {
    const pids = workers.map((worker) => worker.pid);
    const logMarks = workers.map((worker) => worker.logs.length);
    smtp.holdNext(IN_FLIGHT_AT_OUTAGE);
    const before = await startInstances(BEFORE_OUTAGE, '引擎中断前发起');
    await within(smtp.untilHolding(IN_FLIGHT_AT_OUTAGE), 60_000, `${IN_FLIGHT_AT_OUTAGE} notices held in DATA`);

    await proxy.down();
    const outageStarted = Date.now();
    mark('outageStarted');
    figures['connectionsResetAtOutage'] = proxy.reset;
    const during = await startInstances(STARTED_DURING_OUTAGE, '引擎中断期间发起');
    // The held handlers finish now, while the engine is away: their completions must wait for it.
    expect(smtp.release()).toBe(IN_FLIGHT_AT_OUTAGE);
    for (const worker of workers) {
      await eventually(`${worker.workerId} to report the engine unreachable`, async () => ((await worker.ready()).status === 503 ? true : undefined), 30_000, 100);
      expect((await worker.ready()).body.reasons).toEqual([expect.objectContaining({ code: 'fetch-failing' })]);
    }
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStarted)));
    await proxy.up();
    mark('outageEnded');

    await waitUntilFinished([...before, ...during], 90_000, `the ${BEFORE_OUTAGE + STARTED_DURING_OUTAGE} instances of the outage`);
    mark('outageBacklogDone');

    // Every worker is ready again, in the same process.
    for (const worker of workers) {
      await eventually(`${worker.workerId} ready`, async () => ((await worker.ready()).status === 200 ? true : undefined), 30_000);
    }
    expect(workers.map((worker) => worker.pid)).toEqual(pids);
    // Each streak of failures logged once as an error.
    for (const [index, worker] of workers.entries()) {
      expect(worker.logs.slice(logMarks[index]).filter((line) => line.level === LogLevel.error && line.msg.startsWith('fetching external tasks failed'))).toHaveLength(1);
    }
  });

  it(`over both: ${TOTAL} notices, each received once, one ledger row each, each task completed once, no incident`, async () => {
    expect(instanceIds).toHaveLength(TOTAL);
    expect(await finishedCount(instanceIds)).toBe(TOTAL);

    // SMTP cannot tell a repeat: one message per key means no task's effect happened twice.
    const perKey = new Map<string, number>();
    for (const mail of smtp.received) perKey.set(mail.idempotencyKey, (perKey.get(mail.idempotencyKey) ?? 0) + 1);
    expect(smtp.received).toHaveLength(TOTAL);
    expect(perKey.size).toBe(TOTAL);
    expect([...perKey.values()].every((times) => times === 1)).toBe(true);

    const db = new DatabaseSync(ledgerFile, { readOnly: true });
    const rows = db.prepare('select idempotency_key, delivery_result, process_instance_key from notifications').all() as Array<{ idempotency_key: string; delivery_result: string; process_instance_key: string }>;
    db.close();
    expect(rows).toHaveLength(TOTAL);
    expect(rows.every((row) => row.delivery_result === '已发送')).toBe(true);
    expect(new Set(rows.map((row) => row.idempotency_key))).toEqual(new Set(perKey.keys()));
    expect(new Set(rows.map((row) => row.process_instance_key))).toEqual(new Set(instanceIds));

    // The engine's own log of the external tasks: each created once, completed once, never failed.
    const log = await admin.rest.request<Array<{ processInstanceId: string; workerId: string | null; creationLog: boolean; failureLog: boolean; successLog: boolean; deletionLog: boolean }>>(
      'GET',
      '/history/external-task-log',
      undefined,
      { query: { processDefinitionKey: NOTICE_PROCESS_ID, maxResults: 10_000 } },
    );
    const mine = log.filter((entry) => instanceIds.includes(entry.processInstanceId));
    expect(mine.filter((entry) => entry.creationLog)).toHaveLength(TOTAL);
    expect(mine.filter((entry) => entry.successLog)).toHaveLength(TOTAL);
    expect(new Set(mine.filter((entry) => entry.successLog).map((entry) => entry.processInstanceId)).size).toBe(TOTAL);
    expect(mine.filter((entry) => entry.failureLog || entry.deletionLog)).toHaveLength(0);
    const incidents = await admin.rest.request<Array<{ processInstanceId: string }>>('GET', '/history/incident', undefined, { query: { processDefinitionKey: NOTICE_PROCESS_ID } });
    expect(incidents.filter((incident) => instanceIds.includes(incident.processInstanceId))).toHaveLength(0);

    // What the two workers counted: every task fetched once and completed once, nothing unreported or failed.
    expect(await metricSum('anquan_worker_tasks_fetched_total')).toBe(TOTAL);
    expect(await metricSum('anquan_worker_tasks_completed_total')).toBe(TOTAL);
    expect(await metricSum('anquan_worker_tasks_unreported_total')).toBe(0);
    expect((await metricSum('anquan_worker_tasks_failed_total', { result: 'retry' })) + (await metricSum('anquan_worker_tasks_failed_total', { result: 'incident' }))).toBe(0);
    for (const worker of workers) expect(worker.lines('task handler failed')).toHaveLength(0);
    mark('done');
  });
});
