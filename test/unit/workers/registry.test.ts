/**
 * The registry without an engine: which topics startWorkers subscribes (read
 * from the first fetch request it sends; the client's fetch answers it with a
 * refused connection, as when no engine runs) and the services it opens and
 * closes. Handing tasks to workers, waiting for them when stopping and giving
 * up at the deadline are tested against the test engine in
 * test/integration/workers/engine/external-task-runtime.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import { EngineRestClient } from '../../../workers/engine/rest-client.ts';
import type { FetchAndLockRequest } from '../../../workers/engine/rest-types.ts';
import { allWorkers, closeWorkerServices, createWorkerServices, registeredJobTypes, startWorkers } from '../../../workers/registry.ts';
import { BpmnErrorCode, JobType } from '../../../workers/contract.ts';
import type { LockedExternalTask } from '../../../workers/engine/rest-types.ts';
import { WorkerMetrics } from '../../../workers/monitoring/metrics.ts';
import { InvalidVariablesError } from '../../../workers/variables.ts';
import { BusinessError, defineWorker } from '../../../workers/worker-definition.ts';
import { testServices } from './support/services.ts';
import { sampleValue } from '../../support/prometheus-text.ts';

const logger = pino({ level: 'silent' });
const engineConfig = { workerId: 'registry-test', asyncResponseTimeoutMs: 1_000, maxTasks: 8 };
const config = {
  calendarOverrideFile: 'unused',
  profileDirectory: 'unused',
  ledger: { backend: 'sqlite', sqliteFile: 'unused' },
  notify: { channel: 'mailbox', from: 'unused@example.gov.cn', mailboxDir: 'unused', directoryFile: 'unused' },
  disclosure: { directory: 'unused' },
  inspectionRegisterDirectory: 'unused',
  reportsDirectory: 'unused',
  engine: engineConfig,
} as const;

/** A client with no engine behind it: every request is recorded and fails as a refused connection does. */
function clientWithoutEngine() {
  const fetches: FetchAndLockRequest[] = [];
  const refusingFetch: typeof fetch = async (input, init) => {
    if (String(input).endsWith('/external-task/fetchAndLock')) fetches.push(JSON.parse(String(init?.body)) as FetchAndLockRequest);
    throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
  };
  const client = new EngineRestClient({ baseUrl: 'http://127.0.0.1:9/engine-rest', username: 'anquan-worker', password: 'demo', fetch: refusingFetch });
  return { client, fetches };
}

describe('startWorkers', () => {
  it("subscribes one topic per registered job type, each with its worker's lock duration, in one fetch", async () => {
    const { client, fetches } = clientWithoutEngine();
    const running = await startWorkers({ client, logger, config, services: testServices(), backOff: { initialMs: 60_000, maxMs: 60_000 } });
    try {
      await vi.waitFor(() => expect(fetches).toHaveLength(1));
      const [fetch] = fetches;
      expect(fetch).toMatchObject({ workerId: 'registry-test', maxTasks: 8, usePriority: true, asyncResponseTimeout: 1_000 });
      expect(fetch?.topics).toEqual(allWorkers.map((worker) => ({ topicName: worker.jobType, lockDuration: worker.timeoutMs, deserializeValues: false })));
      expect(running.handles.map((handle) => handle.jobType)).toEqual([...registeredJobTypes()]);
    } finally {
      await running.stop(1_000);
    }
  });

  it('serves each job type once', () => {
    expect(registeredJobTypes().size).toBe(allWorkers.length);
  });

  it('leaves services it was given open: their owner closes them', async () => {
    const services = testServices();
    const running = await startWorkers({ client: clientWithoutEngine().client, logger, config, services });
    await expect(running.stop(5_000)).resolves.toEqual({ drained: true });
    expect(running.services).toBe(services);
  });
});

describe('worker services', () => {
  async function withTemporaryLedgerConfig(work: (serviceConfig: Parameters<typeof createWorkerServices>[0]) => Promise<void>): Promise<void> {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'anquan-registry-'));
    try {
      await work({
        calendarOverrideFile: path.join(PROJECT_ROOT, 'processes/calendar/overrides.json'),
        profileDirectory: path.join(PROJECT_ROOT, 'processes/profiles'),
        ledger: { backend: 'sqlite', sqliteFile: path.join(folder, 'ledger.sqlite') },
        notify: {
          channel: 'mailbox',
          from: '安委办 <anweiban@example.gov.cn>',
          mailboxDir: path.join(folder, 'mailbox'),
          directoryFile: path.join(PROJECT_ROOT, 'processes/directory.json'),
        },
        disclosure: { directory: path.join(folder, 'public') },
        inspectionRegisterDirectory: path.join(PROJECT_ROOT, 'processes/registers'),
        reportsDirectory: path.join(folder, 'reports'),
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  it('opens the configured ledger and closes it again', async () => {
    await withTemporaryLedgerConfig(async (serviceConfig) => {
      const opened = await createWorkerServices(serviceConfig, logger);
      expect(opened.ledger.backend).toBe('sqlite');
      await expect(opened.ledger.listClues()).resolves.toEqual([]);
      await closeWorkerServices(opened);
      await expect(opened.ledger.listClues()).rejects.toThrow();
    });
  });

  it('closes the services it opened when the workers stop', async () => {
    await withTemporaryLedgerConfig(async (serviceConfig) => {
      const running = await startWorkers({ client: clientWithoutEngine().client, logger, config: { ...serviceConfig, engine: engineConfig } });
      await expect(running.services.ledger.listClues()).resolves.toEqual([]);
      await expect(running.stop(5_000)).resolves.toEqual({ drained: true });
      await expect(running.services.ledger.listClues()).rejects.toThrow();
    });
  });
});

/**
 * The metrics move where every task passes, in the registry: a worker of our
 * own runs behind the real job adapter and REST client, against an engine
 * faked at the HTTP level that hands out one task per behaviour and records
 * the outcome calls it answers.
 */
describe('startWorkers metrics', () => {
  const TOPIC = JobType.planDeadline;
  const XML =
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><bpmn:process id="p"><bpmn:serviceTask id="Task" /></bpmn:process></bpmn:definitions>';

  /** The worker does what the task's `mode` variable says. */
  const behaviourWorker = defineWorker({
    jobType: TOPIC,
    title: '测试',
    description: 'does what its mode variable says',
    inputs: [],
    maxJobsToActivate: 8,
    // Short, so the lock of the slow task is extended (at half of it) while it runs.
    timeoutMs: 60,
    retryBackOffMs: 0,
    parseInput(variables) {
      const mode = variables['mode'];
      if (typeof mode !== 'string') throw new InvalidVariablesError(['mode 缺失 / mode is missing']);
      return mode;
    },
    async handle(mode) {
      if (mode === 'slow') await new Promise((resolve) => setTimeout(resolve, 200));
      if (mode === 'business') throw new BusinessError(BpmnErrorCode.calendarNotPublished, '2031 年的节假日安排尚未公布');
      if (mode === 'transient') throw new Error('mail server busy');
      return { done: mode };
    },
  });

  function task(id: string, variables: LockedExternalTask['variables'], retries: number | null = null): LockedExternalTask {
    return {
      id,
      topicName: TOPIC,
      workerId: 'metrics-test',
      lockExpirationTime: '2026-12-01T09:01:00.000+0800',
      retries,
      errorMessage: null,
      processInstanceId: `pi-${id}`,
      processDefinitionId: 'p:1:d',
      processDefinitionKey: 'p',
      activityId: 'Task',
      activityInstanceId: `Task:${id}`,
      executionId: `ex-${id}`,
      businessKey: null,
      tenantId: null,
      priority: 0,
      variables,
    };
  }

  /** Answers fetchAndLock once with `tasks`, then holds each poll until the stop-time eviction ends it. */
  function fakeEngine(tasks: LockedExternalTask[], refuse: ReadonlySet<string> = new Set()) {
    const outcomes: string[] = [];
    let pending: Array<() => void> = [];
    let delivered = false;
    const respond = (status: number, body?: unknown) =>
      new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    const engineFetch: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      const path = url.pathname.replace('/engine-rest', '');
      if (path === '/external-task/fetchAndLock') {
        const request = JSON.parse(String(init?.body)) as FetchAndLockRequest;
        if (request.maxTasks === 0) {
          for (const end of pending.splice(0)) end();
          return respond(200, []);
        }
        if (!delivered) {
          delivered = true;
          return respond(200, tasks);
        }
        return new Promise<Response>((resolve) => pending.push(() => resolve(respond(200, []))));
      }
      if (path === '/process-definition/p%3A1%3Ad/xml' || path === '/process-definition/p:1:d/xml') return respond(200, { id: 'p:1:d', bpmn20Xml: XML });
      const outcome = /^\/external-task\/([^/]+)\/(complete|failure|bpmnError|extendLock)$/.exec(path);
      if (outcome) {
        const [, id, action] = outcome;
        outcomes.push(`${action} ${id}`);
        if (refuse.has(`${action} ${id}`)) return respond(400, { type: 'BadUserRequestException', message: `cannot ${action} ${id}` });
        return respond(204);
      }
      return respond(404, { type: 'RestException', message: `unexpected ${path}` });
    };
    const client = new EngineRestClient({ baseUrl: 'http://engine.test/engine-rest', username: 'anquan-worker', password: 'demo', fetch: engineFetch });
    return { client, outcomes };
  }

  it('counts fetched, completed, failed (retry or incident), BPMN errors, unreported outcomes, durations and lock extensions per topic', async () => {
    const tasks = [
      task('done', { mode: { type: 'String', value: 'complete' } }),
      task('slow', { mode: { type: 'String', value: 'slow' } }),
      task('business', { mode: { type: 'String', value: 'business' } }),
      task('retry', { mode: { type: 'String', value: 'transient' } }, 3),
      task('last-try', { mode: { type: 'String', value: 'transient' } }, 1),
      task('invalid', {}),
      task('unreadable', { mode: { type: 'Json', value: '{broken' } }),
      task('refused', { mode: { type: 'String', value: 'complete' } }),
    ];
    // A refused completion is left unreported (worker-definition.ts): not reported as a failure, the task comes back when its lock ends.
    const { client, outcomes } = fakeEngine(tasks, new Set(['complete refused']));
    const metrics = new WorkerMetrics();
    const running = await startWorkers({ client, logger, config, workers: [behaviourWorker], services: testServices(), metrics });
    try {
      expect(running.metrics).toBe(metrics);
      await vi.waitFor(
        () => {
          expect(outcomes.filter((call) => !call.startsWith('extendLock'))).toHaveLength(tasks.length);
          // A task is let go only after its handler, and so its counting, has finished.
          expect(running.status().heldTasks).toBe(0);
        },
        { timeout: 4_000 },
      );
      const text = await metrics.text();
      const topic = { topic: TOPIC };
      expect(sampleValue(text, 'anquan_worker_tasks_fetched_total', topic)).toBe(8);
      expect(sampleValue(text, 'anquan_worker_tasks_completed_total', topic)).toBe(2);
      expect(sampleValue(text, 'anquan_worker_tasks_failed_total', { ...topic, result: 'retry' })).toBe(1);
      // Retries exhausted, invalid input, an unreadable variable: each an incident.
      expect(sampleValue(text, 'anquan_worker_tasks_failed_total', { ...topic, result: 'incident' })).toBe(3);
      expect(sampleValue(text, 'anquan_worker_bpmn_errors_total', { ...topic, error_code: 'ANQUAN_CALENDAR_NOT_PUBLISHED' })).toBe(1);
      expect(sampleValue(text, 'anquan_worker_tasks_unreported_total', topic)).toBe(1);
      expect(sampleValue(text, 'anquan_worker_lock_extensions_total', { ...topic, result: 'extended' })).toBeGreaterThanOrEqual(1);
      expect(sampleValue(text, 'anquan_worker_task_duration_seconds_count', { ...topic, outcome: 'completed' })).toBe(2);
      expect(sampleValue(text, 'anquan_worker_task_duration_seconds_count', { ...topic, outcome: 'failed' })).toBe(4);
      expect(sampleValue(text, 'anquan_worker_task_duration_seconds_count', { ...topic, outcome: 'bpmn_error' })).toBe(1);
      expect(sampleValue(text, 'anquan_worker_task_duration_seconds_count', { ...topic, outcome: 'unreported' })).toBe(1);
      // The slow task ran 200 ms: its completion lands above the 0.1 s bucket.
      expect(sampleValue(text, 'anquan_worker_task_duration_seconds_bucket', { ...topic, outcome: 'completed', le: '0.1' })).toBe(1);
      expect(sampleValue(text, 'anquan_worker_tasks_held', topic)).toBe(0);
      expect(outcomes).toContain('extendLock slow');
      expect(running.status()).toMatchObject({ phase: 'running', consecutiveFailures: 0 });
    } finally {
      await running.stop(2_000);
    }
    expect(running.status().phase).toBe('stopping');
  });

  it('counts failed fetches by kind and keeps the status on them until one succeeds', async () => {
    const { client } = clientWithoutEngine();
    const metrics = new WorkerMetrics();
    const running = await startWorkers({ client, logger, config, services: testServices(), metrics, backOff: { initialMs: 5, maxMs: 5 } });
    try {
      await vi.waitFor(async () => expect(sampleValue(await metrics.text(), 'anquan_worker_fetch_errors_total', { kind: 'unreachable' })).toBeGreaterThanOrEqual(2));
      expect(running.status()).toMatchObject({ phase: 'running', lastSuccessAt: undefined, lastFailureKind: 'unreachable' });
      expect(running.status().consecutiveFailures).toBeGreaterThanOrEqual(2);
      // Every registered topic is on the metrics from the start.
      const text = await metrics.text();
      for (const worker of allWorkers) expect(sampleValue(text, 'anquan_worker_tasks_completed_total', { topic: worker.jobType })).toBe(0);
    } finally {
      await running.stop(1_000);
    }
  });
});
