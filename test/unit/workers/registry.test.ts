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
import { testServices } from './support/services.ts';

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
