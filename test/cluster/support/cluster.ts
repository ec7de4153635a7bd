/**
 * What the cluster tests (issue 13, tests 2 and 5; `npm run test:cluster`) share: engine nodes of
 * the product's jar on the local PostgreSQL (their own databases, prefix `cluster_`, dropped at
 * the end), the worker processes as the image runs them, a small process whose instances each
 * pass the job executor once and send one notice, and the counts read back from the engine's
 * history, the ledger database and the SMTP server.
 *
 * Ports: the nodes and proxies use CLUSTER_PORT_BASE (18350) and up; the SMTP sink and the
 * workers' monitoring endpoints take free ports.
 */
import path from 'node:path';
import pg from 'pg';
import { JobType, NoticeType } from '../../../workers/contract.ts';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import type { EngineRestClient } from '../../../workers/engine/rest-client.ts';
import type { Logger } from '../../../workers/logger.ts';
import { ENGINE_HOME, type EngineProfile } from '../../../deploy/local/manifest.ts';
import { DedicatedEngine } from '../../integration/support/dedicated-engine.ts';
import { eventually } from '../../integration/support/engine-client.ts';
import type { HoldingSmtpServer } from '../../integration/support/side-effect-sinks.ts';

export const CLUSTER_PORT_BASE = Number(process.env['CLUSTER_PORT_BASE'] ?? '18350');
export const POSTGRES = { host: '127.0.0.1', port: 5432 } as const;
const SERVER = `postgres://postgres@${POSTGRES.host}:${POSTGRES.port}`;

export const CLUSTER_PROCESS_ID = 'cluster-notice';
export const CLUSTER_ACTIVITY_ID = 'SendReminder';
/** A recipient of processes/directory.json with one e-mail address and no webhook. */
export const CLUSTER_RECIPIENT = 'anwei-ban';

/**
 * start → (async continuation: a job any node's job executor may run) 发送办理提醒 (the product's
 * anquan.notify.send, a real notice to a real SMTP server) → end.
 */
export function clusterProcessXml(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${CLUSTER_PROCESS_ID}" targetNamespace="urn:anquan:test">
  <bpmn:process id="${CLUSTER_PROCESS_ID}" name="集群测试：发送办理提醒" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_Start_Send" sourceRef="Start" targetRef="${CLUSTER_ACTIVITY_ID}" />
    <bpmn:serviceTask id="${CLUSTER_ACTIVITY_ID}" name="发送办理提醒" camunda:asyncBefore="true" camunda:type="external" camunda:topic="${JobType.sendNotification}" />
    <bpmn:sequenceFlow id="Flow_Send_End" sourceRef="${CLUSTER_ACTIVITY_ID}" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;
}

export async function deployClusterProcess(admin: EngineRestClient): Promise<void> {
  await admin.createDeployment({ name: 'cluster-tests', source: 'cluster-tests', deployChangedOnly: true, files: [{ name: `${CLUSTER_PROCESS_ID}.bpmn`, content: clusterProcessXml() }] });
}

export function clusterVariables(taskName: string): Record<string, unknown> {
  return { noticeType: NoticeType.deadlineReminder, recipients: [CLUSTER_RECIPIENT], context: { taskName, dueDate: '2030年3月15日' } };
}

/** A fresh database per name (dropped first if an interrupted run left it). */
export async function createDatabases(names: readonly string[]): Promise<void> {
  await onServer(async (client) => {
    for (const name of names) {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${name}`);
    }
  });
}

export async function dropDatabases(names: readonly string[]): Promise<void> {
  await onServer(async (client) => {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** postgres:// URL of a database, on the server itself or through a proxy's port. */
export function databaseUrl(database: string, port: number = POSTGRES.port): string {
  return `postgres://postgres@127.0.0.1:${port}/${database}`;
}

/** An engine node of the product's jar on PostgreSQL `database` (reached at `databasePort`, e.g. a proxy's). */
export function clusterNode(options: { readonly port: number; readonly database: string; readonly databasePort?: number; readonly logger: Logger }): DedicatedEngine {
  const name = `cluster-${options.port}`;
  const profile: EngineProfile = { name, port: options.port, dataDir: path.join(PROJECT_ROOT, '.data', name, 'engine'), runDir: path.join(ENGINE_HOME, 'run', name), testClock: false };
  return new DedicatedEngine({
    logger: options.logger,
    profile,
    environment: {
      SPRING_DATASOURCE_URL: `jdbc:postgresql://127.0.0.1:${options.databasePort ?? POSTGRES.port}/${options.database}`,
      SPRING_DATASOURCE_USERNAME: 'postgres',
      SPRING_DATASOURCE_PASSWORD: '',
    },
  });
}

/** The workers' settings for one worker process; the rest are the product's defaults. */
export function workerEnvironment(options: {
  readonly restUrl: string;
  readonly failoverUrls?: readonly string[];
  readonly ledgerUrl: string;
  readonly smtp: HoldingSmtpServer;
  readonly root: string;
}): Record<string, string> {
  return {
    ENGINE_REST_URL: options.restUrl,
    ...(options.failoverUrls ? { ENGINE_REST_FAILOVER_URLS: options.failoverUrls.join(',') } : {}),
    ENGINE_LONG_POLL_MS: '5000',
    LEDGER_DATABASE_URL: options.ledgerUrl,
    NOTIFY_CHANNEL: 'smtp',
    SMTP_URL: options.smtp.url,
    NOTIFY_MAILBOX_DIR: path.join(options.root, 'mailbox'),
    PUBLIC_DIR: path.join(options.root, 'public'),
    REPORTS_DIR: path.join(options.root, 'reports'),
    LOG_LEVEL: 'info',
  };
}

export interface NotificationRow {
  readonly idempotency_key: string;
  readonly delivery_result: string;
  readonly process_instance_key: string;
}

export async function notificationRows(ledgerUrl: string): Promise<NotificationRow[]> {
  const client = new pg.Client({ connectionString: ledgerUrl });
  await client.connect();
  try {
    return (await client.query<NotificationRow>('select idempotency_key, delivery_result, process_instance_key from notifications')).rows;
  } finally {
    await client.end();
  }
}

/** Ids of the instances (of `ids`) the engine's history shows COMPLETED. */
export async function completedOf(admin: EngineRestClient, ids: readonly string[]): Promise<number> {
  const finished = await admin.request<Array<{ id: string; state: string }>>('GET', '/history/process-instance', undefined, {
    query: { processDefinitionKey: CLUSTER_PROCESS_ID, finished: true, maxResults: 100_000 },
  });
  const wanted = new Set(ids);
  return finished.filter((instance) => wanted.has(instance.id) && instance.state === 'COMPLETED').length;
}

export async function waitUntilCompleted(admin: EngineRestClient, ids: readonly string[], timeoutMs: number, explain: () => Promise<string>): Promise<void> {
  try {
    await eventually(`${ids.length} instances completed`, async () => ((await completedOf(admin, ids)) === ids.length ? true : undefined), timeoutMs, 1_000);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await explain().catch((cause: unknown) => String(cause))}`);
  }
}

/** Where the instances are: open jobs and external tasks by state, incidents. */
export async function whereTheyAre(admin: EngineRestClient): Promise<Record<string, unknown>> {
  const jobs = await admin.request<Array<{ retries: number; exceptionMessage: string | null }>>('GET', '/job', undefined, { query: { processDefinitionKey: CLUSTER_PROCESS_ID, maxResults: 100_000 } });
  const tasks = await admin.request<Array<{ workerId: string | null; lockExpirationTime: string | null; retries: number | null }>>('GET', '/external-task', undefined, {
    query: { processDefinitionKey: CLUSTER_PROCESS_ID, maxResults: 100_000 },
  });
  const tally = (keys: string[]) => Object.fromEntries([...new Set(keys)].map((key) => [key, keys.filter((other) => other === key).length]));
  return {
    jobs: tally(jobs.map((job) => `retries=${job.retries}${job.exceptionMessage ? ' failed' : ''}`)),
    externalTasks: tally(tasks.map((task) => `${task.workerId ?? 'unlocked'} retries=${task.retries ?? '-'}`)),
    incidents: (await admin.request<{ count: number }>('GET', '/incident/count', undefined, { query: { processDefinitionKey: CLUSTER_PROCESS_ID } })).count,
  };
}

/** The engine's log of the external tasks of `ids`: created, completed, failed entries. */
export async function externalTaskLog(admin: EngineRestClient, ids: readonly string[]) {
  const log = await admin.request<Array<{ processInstanceId: string; creationLog: boolean; failureLog: boolean; successLog: boolean; deletionLog: boolean; errorMessage: string | null }>>(
    'GET',
    '/history/external-task-log',
    undefined,
    { query: { processDefinitionKey: CLUSTER_PROCESS_ID, maxResults: 100_000 } },
  );
  const wanted = new Set(ids);
  const mine = log.filter((entry) => wanted.has(entry.processInstanceId));
  return {
    created: mine.filter((entry) => entry.creationLog).length,
    completed: mine.filter((entry) => entry.successLog).length,
    completedInstances: new Set(mine.filter((entry) => entry.successLog).map((entry) => entry.processInstanceId)).size,
    failures: mine.filter((entry) => entry.failureLog),
    deleted: mine.filter((entry) => entry.deletionLog).length,
  };
}

export async function historicIncidents(admin: EngineRestClient): Promise<Array<{ incidentType: string; incidentMessage: string | null; processInstanceId: string; open: boolean; resolved: boolean }>> {
  return admin.request('GET', '/history/incident', undefined, { query: { processDefinitionKey: CLUSTER_PROCESS_ID, maxResults: 100_000 } });
}

/** Each SMTP message per idempotency key: a repeat would show as 2. */
export function mailsPerKey(smtp: HoldingSmtpServer): Map<string, number> {
  const perKey = new Map<string, number>();
  for (const mail of smtp.received) perKey.set(mail.idempotencyKey, (perKey.get(mail.idempotencyKey) ?? 0) + 1);
  return perKey;
}

export const seconds = (milliseconds: number) => Math.round(milliseconds / 100) / 10;
export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
