/**
 * Cluster 2 (issue 13, test 2): node loss. Two engine nodes of the product's jar (A on
 * CLUSTER_PORT_BASE, B on + 1) share one PostgreSQL database; two worker processes (the image's
 * `node workers/main.ts`) have ENGINE_REST_URL = A and ENGINE_REST_FAILOVER_URLS = B, one
 * PostgreSQL ledger, and send their notices to a real SMTP server.
 *
 * The load: INSTANCES instances of a small process (an async continuation, which either node's job
 * executor runs, then the product's 发送办理提醒), half started on A and half on B, all waiting
 * for the workers when these start. Once NOTICES_BEFORE_KILL notices are out and HELD_AT_KILL
 * more are held by the SMTP server mid-send (their handlers in flight), STARTED_ON_A_AT_KILL
 * instances are started on A in a burst (their async continuations A's job executor's to run)
 * and node A is killed with SIGKILL at once; the held notices are let through afterwards, and
 * STARTED_AFTER_KILL more instances are started on B. Node B must complete every
 * instance, the workers must go on through B without a restart, every notice must reach the SMTP
 * server once, the ledger must hold one row per instance, and there must be no incident.
 * The figures (what was in flight at the kill, how long everything took) are logged through pino.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobType } from '../../workers/contract.ts';
import { mapLimit } from '../../workers/engine/map-limit.ts';
import { createLogger } from '../../workers/logger.ts';
import { EngineClient, eventually } from '../integration/support/engine-client.ts';
import { startHoldingSmtpServer, type HoldingSmtpServer } from '../integration/support/side-effect-sinks.ts';
import { LogLevel, WorkerProcess } from '../integration/support/worker-process.ts';
import { within } from '../integration/support/within.ts';
import { sampleValue } from '../support/prometheus-text.ts';
import { summaryLogger } from '../support/summary-logger.ts';
import {
  CLUSTER_PORT_BASE,
  CLUSTER_PROCESS_ID,
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
  waitUntilCompleted,
  whereTheyAre,
  workerEnvironment,
} from './support/cluster.ts';

const INSTANCES = 200;
const NOTICES_BEFORE_KILL = 40;
const HELD_AT_KILL = 4;
const STARTED_ON_A_AT_KILL = 20;
const STARTED_AFTER_KILL = 50;
const TOTAL = INSTANCES + STARTED_ON_A_AT_KILL + STARTED_AFTER_KILL;

const DATABASES = { engine: `cluster_node_engine_${process.pid}`, ledger: `cluster_node_ledger_${process.pid}` };
const logger = createLogger({ logLevel: 'warn' }, { name: 'cluster-node-loss', stream: 'stderr' });
const nodeA = clusterNode({ port: CLUSTER_PORT_BASE, database: DATABASES.engine, logger });
const nodeB = clusterNode({ port: CLUSTER_PORT_BASE + 1, database: DATABASES.engine, logger });
const onA = new EngineClient(nodeA.admin);
const onB = new EngineClient(nodeB.admin);
const ledgerUrl = databaseUrl(DATABASES.ledger);
let smtp: HoldingSmtpServer;
let root: string;
let workers: WorkerProcess[] = [];
const startedAt = Date.now();
const figures: Record<string, number | string> = {};
const mark = (name: string) => {
  figures[name] = seconds(Date.now() - startedAt);
};

beforeAll(async () => {
  await createDatabases(Object.values(DATABASES));
  // One node creates the schema (and the logins, and deploys); the second joins the same database.
  await nodeA.startFresh();
  await deployClusterProcess(nodeA.admin);
  mark('nodeAStarted');
  await nodeB.restart();
  mark('nodeBStarted');
  smtp = await startHoldingSmtpServer();
  root = mkdtempSync(path.join(os.tmpdir(), 'anquan-cluster-node-loss-'));
}, 900_000);

afterAll(async () => {
  for (const worker of workers) {
    await worker.stop();
    writeFileSync(path.join(root, `${worker.workerId}.jsonl`), worker.logs.map((line) => JSON.stringify(line)).join('\n'));
  }
  await smtp?.close();
  await nodeA.stop();
  await nodeB.stop();
  nodeA.removeData();
  nodeB.removeData();
  await dropDatabases(Object.values(DATABASES));
  summaryLogger.info({ test: 'cluster node loss', figures, workerLogs: root }, 'cluster node loss: figures (s since start unless named otherwise)');
}, 300_000);

describe(`node loss: two engine nodes on one PostgreSQL, node A killed (SIGKILL) with ${INSTANCES} instances waiting, ${STARTED_ON_A_AT_KILL} started on A at the kill and ${STARTED_AFTER_KILL} more after`, () => {
  it('node B completes every instance, the workers fail over to it, each notice is sent once, one ledger row each, no incident', async () => {
    // --- the load, on both nodes, waiting for the workers ------------------------------------------
    const ids: string[] = [];
    const loadStarted = Date.now();
    await mapLimit(
      Array.from({ length: INSTANCES }, (_, index) => index),
      8,
      async (index) => {
        const node = index % 2 === 0 ? onA : onB;
        ids.push(await node.startProcessInstance(CLUSTER_PROCESS_ID, clusterVariables(`集群测试 第${index + 1}项`), `cluster-${index + 1}`));
      },
    );
    figures['startingTookS'] = seconds(Date.now() - loadStarted);
    await eventually(`${INSTANCES} external tasks`, async () => ((await nodeB.admin.request<{ count: number }>('GET', '/external-task/count', undefined, { query: { processDefinitionKey: CLUSTER_PROCESS_ID } })).count === INSTANCES ? true : undefined), 180_000, 500);
    const environment = workerEnvironment({ restUrl: nodeA.restUrl, failoverUrls: [nodeB.restUrl], ledgerUrl, smtp, root });
    workers = await Promise.all([1, 2].map((replica) => WorkerProcess.start({ workerId: `cluster-replica-${replica}`, environment })));
    mark('workersStarted');
    await eventually(`${NOTICES_BEFORE_KILL} notices out`, async () => (smtp.received.length >= NOTICES_BEFORE_KILL ? true : undefined), 180_000, 50);
    smtp.holdNext(HELD_AT_KILL);
    await within(smtp.untilHolding(HELD_AT_KILL), 120_000, `${HELD_AT_KILL} notices held mid-send`);
    // A burst of starts on A just before it dies: their async continuations are A's job executor's to run.
    await mapLimit(Array.from({ length: STARTED_ON_A_AT_KILL }, (_, index) => index), 4, async (index) => {
      ids.push(await onA.startProcessInstance(CLUSTER_PROCESS_ID, clusterVariables(`A 节点宕机前发起 第${index + 1}项`), `cluster-burst-${index + 1}`));
    });

    // --- node A dies -------------------------------------------------------------------------------
    const completedAtKill = await completedOf(nodeB.admin, ids);
    const kill = await nodeA.kill();
    mark('nodeAKilled');
    figures['killExitMs'] = kill.exitMs;
    figures['inFlightAtKill'] = ids.length - completedAtKill;
    figures['noticesSentAtKill'] = smtp.received.length;
    const killedAt = Date.now();
    expect(smtp.release()).toBe(HELD_AT_KILL);
    for (let index = 0; index < STARTED_AFTER_KILL; index += 1) {
      ids.push(await onB.startProcessInstance(CLUSTER_PROCESS_ID, clusterVariables(`A 节点宕机后发起 第${index + 1}项`), `cluster-after-${index + 1}`));
    }

    // --- node B finishes everything ------------------------------------------------------------------
    // Generous: a job A's executor had acquired would wait out its lock (Operaton's lockTimeInMillis, 5 minutes by default) before B may run it.
    await waitUntilCompleted(nodeB.admin, ids, 900_000, async () => JSON.stringify({ ...(await whereTheyAre(nodeB.admin)), smtp: smtp.received.length }));
    figures['allCompletedAfterKillS'] = seconds(Date.now() - killedAt);
    mark('allCompleted');

    // The workers went on through node B, in the same processes: each logged node A unreachable. Whichever request met
    // the dead node first moved the client to B: a pending fetch (logged as a failed fetch, then "works again") or a
    // completion or lock extension (sent again, to B), so only a worker whose fetch failed logs the recovery of its fetch.
    expect(workers).toHaveLength(2);
    for (const worker of workers) {
      expect(worker.exit).toBeUndefined();
      const metDeadNode = worker.logs.filter((line) => JSON.stringify(line).includes(`cannot reach the engine at ${nodeA.restUrl}`));
      expect(metDeadNode.length, worker.workerId).toBeGreaterThanOrEqual(1);
      if (worker.lines('fetching external tasks failed', LogLevel.error).length > 0) {
        await worker.waitForLog('fetching again', (line) => line.msg === 'fetching external tasks works again', 60_000);
      }
      await eventually(`${worker.workerId} ready`, async () => ((await worker.ready()).status === 200 ? true : undefined), 60_000);
    }

    // --- the counts --------------------------------------------------------------------------------
    expect(ids).toHaveLength(TOTAL);
    expect(new Set(ids).size).toBe(TOTAL);
    expect(await completedOf(nodeB.admin, ids)).toBe(TOTAL);
    // SMTP cannot tell a repeat: one message per key means no notice went out twice.
    const perKey = mailsPerKey(smtp);
    expect(smtp.received).toHaveLength(TOTAL);
    expect(perKey.size).toBe(TOTAL);
    expect([...perKey.values()].every((times) => times === 1)).toBe(true);
    const rows = await notificationRows(ledgerUrl);
    expect(rows).toHaveLength(TOTAL);
    expect(rows.every((row) => row.delivery_result === '已发送')).toBe(true);
    expect(new Set(rows.map((row) => row.idempotency_key))).toEqual(new Set(perKey.keys()));
    expect(new Set(rows.map((row) => row.process_instance_key))).toEqual(new Set(ids));
    // The engine's own log: each external task created once and completed once.
    const log = await externalTaskLog(nodeB.admin, ids);
    figures['externalTaskFailures'] = log.failures.length;
    expect(log.created).toBe(TOTAL);
    expect(log.completed).toBe(TOTAL);
    expect(log.completedInstances).toBe(TOTAL);
    expect(log.deleted).toBe(0);
    expect(await historicIncidents(nodeB.admin)).toEqual([]);
    const byWorker = await Promise.all(
      workers.map(async (worker) => {
        return [worker.workerId, sampleValue(await worker.metrics(), 'anquan_worker_tasks_completed_total', { topic: JobType.sendNotification }) ?? 0] as const;
      }),
    );
    figures['completedByWorker'] = JSON.stringify(Object.fromEntries(byWorker));
    figures['instances'] = TOTAL;
  }, 1_200_000);
});
