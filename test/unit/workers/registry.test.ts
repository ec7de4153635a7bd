import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import { JobType } from '../../../workers/contract.ts';
import { allWorkers, closeWorkerServices, createWorkerServices, registeredJobTypes, startWorkers } from '../../../workers/registry.ts';
import { testServices } from './support/services.ts';

type CreateWorkerConfig = { taskType: string; maxJobsToActivate?: number; timeout?: unknown; taskHandler: unknown };

/** Stands in for ZeebeGrpcClient.createWorker; `close` resolves when the test says the in-flight jobs are done. */
function fakeZeebe() {
  const created: CreateWorkerConfig[] = [];
  let finishInFlightJobs: () => void = () => undefined;
  const inFlightDone = new Promise<null>((resolve) => {
    finishInFlightJobs = () => resolve(null);
  });
  const zeebe = {
    createWorker: (config: CreateWorkerConfig) => {
      created.push(config);
      return { close: () => inFlightDone };
    },
  };
  return { zeebe, created, finishInFlightJobs: () => finishInFlightJobs() };
}

const logger = pino({ level: 'silent' });
const services = testServices();
const config = {
  calendarOverrideFile: 'unused',
  profileDirectory: 'unused',
  ledger: { backend: 'sqlite', sqliteFile: 'unused' },
  notify: { channel: 'mailbox', from: 'unused@example.gov.cn', mailboxDir: 'unused', directoryFile: 'unused' },
  disclosure: { directory: 'unused' },
  inspectionRegisterDirectory: 'unused',
  reportsDirectory: 'unused',
} as const;

describe('startWorkers', () => {
  it('creates one SDK worker per registered job type', async () => {
    const { zeebe, created } = fakeZeebe();
    // The fake covers only what startWorkers calls.
    const running = await startWorkers({ zeebe: zeebe as never, logger, config, services });
    expect(created.map((worker) => worker.taskType)).toEqual(allWorkers.map((worker) => worker.jobType));
    expect(created[0]).toMatchObject({ taskType: JobType.addWorkingDays, maxJobsToActivate: expect.any(Number) });
    expect(running.handles.map((handle) => handle.jobType)).toEqual([...registeredJobTypes()]);
  });

  it('leaves services it was given open: their owner closes them', async () => {
    const fake = fakeZeebe();
    const running = await startWorkers({ zeebe: fake.zeebe as never, logger, config, services });
    fake.finishInFlightJobs();
    await running.stop(5_000);
    expect(running.services).toBe(services);
  });

  it('waits for in-flight jobs when stopping', async () => {
    const fake = fakeZeebe();
    const running = await startWorkers({ zeebe: fake.zeebe as never, logger, config, services });
    const stopped = running.stop(5_000);
    fake.finishInFlightJobs();
    await expect(stopped).resolves.toEqual({ drained: true });
  });

  it('gives up after the shutdown deadline and says so', async () => {
    const fake = fakeZeebe();
    const running = await startWorkers({ zeebe: fake.zeebe as never, logger, config, services });
    await expect(running.stop(20)).resolves.toEqual({ drained: false });
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
      const fake = fakeZeebe();
      const running = await startWorkers({ zeebe: fake.zeebe as never, logger, config: serviceConfig });
      await expect(running.services.ledger.listClues()).resolves.toEqual([]);
      fake.finishInFlightJobs();
      await expect(running.stop(5_000)).resolves.toEqual({ drained: true });
      await expect(running.services.ledger.listClues()).rejects.toThrow();
    });
  });
});
