import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { JobType } from '../../../workers/contract.ts';
import { WorkingDayCalendar } from '../../../workers/deadline/calendar.ts';
import { allWorkers, registeredJobTypes, startWorkers } from '../../../workers/registry.ts';

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
const services = { calendar: new WorkingDayCalendar() };
const config = { calendarOverrideFile: 'unused' };

describe('startWorkers', () => {
  it('creates one SDK worker per registered job type', async () => {
    const { zeebe, created } = fakeZeebe();
    // The fake covers only what startWorkers calls.
    const running = await startWorkers({ zeebe: zeebe as never, logger, config, services });
    expect(created.map((worker) => worker.taskType)).toEqual(allWorkers.map((worker) => worker.jobType));
    expect(created[0]).toMatchObject({ taskType: JobType.addWorkingDays, maxJobsToActivate: expect.any(Number) });
    expect(running.handles.map((handle) => handle.jobType)).toEqual([...registeredJobTypes()]);
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
