/**
 * Cluster 5 (issue 13, test 5): a database away. One engine node of the product's jar on
 * PostgreSQL and one worker process (`node workers/main.ts`) with a PostgreSQL ledger; each of
 * the two databases is reached only through a TCP proxy started here (support/tcp-proxy.ts).
 * Taking a proxy down refuses new connections and resets the open ones, as a database server
 * that went away or a broken network does; PostgreSQL itself keeps running.
 *
 * (a) The engine's database away for ENGINE_OUTAGE_MS while ENGINE_LOAD instances are worked
 *     (HELD notices held mid-send by the SMTP server, let through during the outage): the engine
 *     answers with errors (a start during the outage is refused with HTTP 500; its readiness
 *     probe is recorded, not asserted: it waits for a connection), the worker's /health/ready
 *     answers 503 with the reason, completions the engine could not take are sent again, and
 *     after the database returns every instance completes, without a restart of the engine or
 *     the workers. Every async continuation has run before the cut (see (a)).
 * (b) The ledger's database away for LEDGER_OUTAGE_MS while LEDGER_LOAD instances arrive: the
 *     notify worker fails each attempt with the ledger's error, the engine retries it with the
 *     worker's back-off, and once the retries are used up raises an incident whose message says
 *     what failed and what to do; after the ledger returns, the operator retries the incidents
 *     as in Cockpit (retries set again) and every instance completes.
 *
 * Over both: every instance completed, one ledger row per notice (unique keys, 已发送), each
 * notice received by the SMTP server once, each external task completed once, and no incident
 * left open. Figures are logged through pino.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobType } from '../../workers/contract.ts';
import { EngineRestError } from '../../workers/engine/rest-client.ts';
import { createLogger } from '../../workers/logger.ts';
import { sampleValue } from '../support/prometheus-text.ts';
import { EngineClient, eventually } from '../integration/support/engine-client.ts';
import { startHoldingSmtpServer, type HoldingSmtpServer } from '../integration/support/side-effect-sinks.ts';
import { TcpProxy } from '../integration/support/tcp-proxy.ts';
import { LogLevel, WorkerProcess } from '../integration/support/worker-process.ts';
import { within } from '../integration/support/within.ts';
import { summaryLogger } from '../support/summary-logger.ts';
import {
  CLUSTER_PORT_BASE,
  CLUSTER_PROCESS_ID,
  POSTGRES,
  clusterNode,
  clusterVariables,
  completedOf,
  createDatabases,
  databaseUrl,
  deployClusterProcess,
  dropDatabases,
  externalTaskLog,
  historicIncidents,
  mailsPerKey,
  notificationRows,
  seconds,
  sleep,
  waitUntilCompleted,
  whereTheyAre,
  workerEnvironment,
} from './support/cluster.ts';

const ENGINE_LOAD = 40;
const HELD = 4;
const ENGINE_OUTAGE_MS = 30_000;
/** The engine's database is cut once this many instances are started, HELD of the next ones' notices held mid-send. */
const HOLD_AFTER = 20;
const LEDGER_LOAD = 20;
const LEDGER_OUTAGE_MS = 30_000;

const DATABASES = { engine: `cluster_dbaway_engine_${process.pid}`, ledger: `cluster_dbaway_ledger_${process.pid}` };
const logger = createLogger({ logLevel: 'warn' }, { name: 'cluster-database-away', stream: 'stderr' });
const ENGINE_DB_PROXY_PORT = CLUSTER_PORT_BASE + 10;
const LEDGER_DB_PROXY_PORT = CLUSTER_PORT_BASE + 11;
const node = clusterNode({ port: CLUSTER_PORT_BASE + 5, database: DATABASES.engine, databasePort: ENGINE_DB_PROXY_PORT, logger });
const admin = new EngineClient(node.admin);
/** The ledger as the test reads it: directly, not through the proxy. */
const ledgerDirect = databaseUrl(DATABASES.ledger);
let engineDb: TcpProxy;
let ledgerDb: TcpProxy;
let smtp: HoldingSmtpServer;
let root: string;
let worker: WorkerProcess;
const ids: string[] = [];
const startedAt = Date.now();
const figures: Record<string, unknown> = {};
const mark = (name: string) => {
  figures[name] = seconds(Date.now() - startedAt);
};

async function start(count: number, label: string): Promise<string[]> {
  const started: string[] = [];
  for (let index = 1; index <= count; index += 1) started.push(await admin.startProcessInstance(CLUSTER_PROCESS_ID, clusterVariables(`${label} 第${index}项`)));
  ids.push(...started);
  return started;
}

async function health(): Promise<number | string> {
  try {
    const response = await fetch(`${new URL(node.restUrl).origin}/actuator/health/readiness`, { signal: AbortSignal.timeout(40_000) });
    return response.status;
  } catch (error) {
    return String(error);
  }
}

const explain = async () => JSON.stringify({ ...(await whereTheyAre(node.admin)), smtp: smtp.received.length, ready: await worker.ready().catch((error: unknown) => String(error)) });

beforeAll(async () => {
  await createDatabases(Object.values(DATABASES));
  engineDb = await TcpProxy.start(POSTGRES, { port: ENGINE_DB_PROXY_PORT });
  ledgerDb = await TcpProxy.start(POSTGRES, { port: LEDGER_DB_PROXY_PORT });
  await node.startFresh();
  await deployClusterProcess(node.admin);
  mark('engineStarted');
  smtp = await startHoldingSmtpServer();
  root = mkdtempSync(path.join(os.tmpdir(), 'anquan-cluster-db-away-'));
  worker = await WorkerProcess.start({
    workerId: 'cluster-db-away',
    environment: workerEnvironment({ restUrl: node.restUrl, ledgerUrl: databaseUrl(DATABASES.ledger, LEDGER_DB_PROXY_PORT), smtp, root }),
  });
  mark('workersStarted');
}, 900_000);

afterAll(async () => {
  await engineDb?.up();
  await ledgerDb?.up();
  if (worker) {
    await worker.stop();
    writeFileSync(path.join(root, `${worker.workerId}.jsonl`), worker.logs.map((line) => JSON.stringify(line)).join('\n'));
  }
  await smtp?.close();
  await node.stop();
  node.removeData();
  await engineDb?.close();
  await ledgerDb?.close();
  await dropDatabases(Object.values(DATABASES));
  summaryLogger.info({ test: 'cluster database away', figures, workerLog: root }, 'cluster database away: figures (s since start unless named otherwise)');
}, 300_000);

describe('a database away for 30 s: the engine\'s, then the ledger\'s', () => {
  it(`(a) the engine's database away ${ENGINE_OUTAGE_MS / 1000} s with ${ENGINE_LOAD} instances in flight: errors, then every instance completes`, async () => {
    // Held mid-send only briefly: a relay silent for longer than the SMTP socket timeout (30 s) gets the message again.
    const load = await start(HOLD_AFTER, '引擎数据库中断');
    smtp.holdNext(HELD);
    load.push(...(await start(ENGINE_LOAD - HOLD_AFTER, '引擎数据库中断（后）')));
    await within(smtp.untilHolding(HELD), 120_000, `${HELD} notices held mid-send`);
    // Every async continuation has run (a job a node held when its database broke would wait out its lock).
    await eventually('the async continuations run', async () => ((await node.admin.request<{ count: number }>('GET', '/job/count', undefined, { query: { processDefinitionKey: CLUSTER_PROCESS_ID } })).count === 0 ? true : undefined), 120_000, 250);
    const completedAtCut = await completedOf(node.admin, load);
    const logMark = worker.logs.length;

    await engineDb.down();
    const cutAt = Date.now();
    mark('engineDatabaseCut');
    figures['engineInFlightAtCut'] = ENGINE_LOAD - completedAtCut;
    figures['engineDbConnectionsReset'] = engineDb.reset;
    // A start during the outage, and the engine's health, as a caller and a probe see them.
    const refused = admin.startProcessInstance(CLUSTER_PROCESS_ID, clusterVariables('中断期间发起')).then(
      (id) => ({ id }),
      (error: unknown) => ({ error, afterMs: Date.now() - cutAt }),
    );
    expect(smtp.release()).toBe(HELD);
    await eventually('the worker to report the engine failing', async () => ((await worker.ready()).status === 503 ? true : undefined), ENGINE_OUTAGE_MS, 250);
    const readyDuring = await worker.ready();
    figures['workerReadyDuringOutage'] = readyDuring.body.reasons;
    // Its pending fetch hangs (the engine waits for a connection) or fails: either is a reason the probe names.
    expect(readyDuring.status).toBe(503);
    expect(readyDuring.body.reasons.map((reason) => reason.code)).toEqual([expect.stringMatching(/^fetch-(overdue|failing)$/)]);
    const healthDuring = health();
    await sleep(Math.max(0, ENGINE_OUTAGE_MS - (Date.now() - cutAt)));
    await engineDb.up();
    const backAt = Date.now();
    mark('engineDatabaseBack');

    const attempt = await refused;
    figures['startDuringOutage'] = 'error' in attempt ? { afterS: seconds(attempt.afterMs), message: String((attempt.error as Error).message).slice(0, 400) } : 'accepted';
    figures['engineHealthDuringOutage'] = await healthDuring;
    // Clear errors: the caller got the engine's 500, not a hang or a success.
    expect('error' in attempt).toBe(true);
    if ('error' in attempt) {
      expect(attempt.error).toBeInstanceOf(EngineRestError);
      expect((attempt.error as EngineRestError).status).toBe(500);
    }

    await waitUntilCompleted(node.admin, load, 300_000, explain);
    figures['engineRecoveryS'] = seconds(Date.now() - backAt);
    // What the worker logged: the fetch that failed (when it failed rather than waited) and the completions sent again.
    figures['workerErrorsDuringEngineOutage'] = worker.logs.slice(logMark).filter((line) => line.level >= LogLevel.warn).length;
    figures['completionsSentAgain'] = worker.lines('the engine did not take the outcome; sending it again').length;
    expect(await completedOf(node.admin, load)).toBe(ENGINE_LOAD);
    await eventually('the worker ready again', async () => ((await worker.ready()).status === 200 ? true : undefined), 60_000);
    expect(await health()).toBe(200);
    expect(worker.exit).toBeUndefined();
    expect((await historicIncidents(node.admin)).length).toBe(0);
  }, 600_000);

  it(`(b) the ledger's database away ${LEDGER_OUTAGE_MS / 1000} s while ${LEDGER_LOAD} instances arrive: clear failures and incidents, then every instance completes after a retry`, async () => {
    const logMark = worker.logs.length;
    await ledgerDb.down();
    const cutAt = Date.now();
    mark('ledgerDatabaseCut');
    const receivedAtCut = smtp.received.length;
    const load = await start(LEDGER_LOAD, '台账数据库中断');
    await sleep(Math.max(0, LEDGER_OUTAGE_MS - (Date.now() - cutAt)));
    const sentDuringOutage = smtp.received.length - receivedAtCut;
    await ledgerDb.up();
    const backAt = Date.now();
    mark('ledgerDatabaseBack');
    // Nothing was sent without its ledger row.
    expect(sentDuringOutage).toBe(0);

    // The worker said what failed: each attempt a warning with the ledger's error.
    const failures = worker.logs.slice(logMark).filter((line) => line.msg === 'transient failure');
    figures['ledgerFailedAttempts'] = failures.length;
    expect(failures.length).toBeGreaterThanOrEqual(LEDGER_LOAD);
    // The incidents raised once the retries were used up: what failed, and what to do, in both languages.
    const open = await node.admin.request<Array<{ id: string; configuration: string; incidentMessage: string; processInstanceId: string }>>('GET', '/incident', undefined, {
      query: { processDefinitionKey: CLUSTER_PROCESS_ID, incidentType: 'failedExternalTask' },
    });
    figures['ledgerIncidents'] = open.length;
    figures['ledgerIncidentMessage'] = open[0]?.incidentMessage;
    expect(open.length).toBeGreaterThanOrEqual(1);
    for (const incident of open) {
      expect(load).toContain(incident.processInstanceId);
      expect(incident.incidentMessage).toContain('处理失败且重试次数已用完，请排除故障后在 Cockpit 中重试 / processing failed and retries are exhausted; fix the cause, then retry in Cockpit');
      expect(incident.incidentMessage).toContain(`${LEDGER_DB_PROXY_PORT}`);
    }
    // The operator's retry, as Cockpit does it: the external task gets a retry again.
    for (const incident of open) await node.admin.request('PUT', `/external-task/${encodeURIComponent(incident.configuration)}/retries`, { retries: 1 });
    await waitUntilCompleted(node.admin, load, 300_000, explain);
    figures['ledgerRecoveryS'] = seconds(Date.now() - backAt);
    expect(await completedOf(node.admin, load)).toBe(LEDGER_LOAD);
  }, 600_000);

  it('over both: every instance completed, each notice sent once with one ledger row, each task completed once, no incident open', async () => {
    // The start refused in (a) made no instance; every other one is here.
    const total = ENGINE_LOAD + LEDGER_LOAD;
    expect(ids).toHaveLength(total);
    expect(await completedOf(node.admin, ids)).toBe(total);
    const perKey = mailsPerKey(smtp);
    expect(smtp.received).toHaveLength(total);
    expect(perKey.size).toBe(total);
    expect([...perKey.values()].every((times) => times === 1)).toBe(true);
    const rows = await notificationRows(ledgerDirect);
    expect(rows).toHaveLength(total);
    expect(rows.every((row) => row.delivery_result === '已发送')).toBe(true);
    expect(new Set(rows.map((row) => row.idempotency_key))).toEqual(new Set(perKey.keys()));
    expect(new Set(rows.map((row) => row.process_instance_key))).toEqual(new Set(ids));
    const log = await externalTaskLog(node.admin, ids);
    expect(log.created).toBe(total);
    expect(log.completed).toBe(total);
    expect(log.completedInstances).toBe(total);
    expect(log.deleted).toBe(0);
    figures['externalTaskFailureEntries'] = log.failures.length;
    const incidents = await historicIncidents(node.admin);
    figures['incidentsOverall'] = incidents.length;
    expect(incidents.filter((incident) => incident.open)).toEqual([]);
    expect(incidents.every((incident) => incident.resolved)).toBe(true);
    const metrics = await worker.metrics();
    figures['workerCompleted'] = sampleValue(metrics, 'anquan_worker_tasks_completed_total', { topic: JobType.sendNotification });
    figures['instances'] = total;
  }, 120_000);
});
