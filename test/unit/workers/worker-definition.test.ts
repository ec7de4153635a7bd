/**
 * How a worker reports a transient fault: retries left and the back-off, and a RetryLaterError's own
 * back-off where it asks for a longer wait (another attempt's claim on a notice that lapses then).
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { JobType } from '../../../workers/contract.ts';
import { DEFAULT_RETRY_BACK_OFF_MS, RetryLaterError, defineWorker, describeInputs } from '../../../workers/worker-definition.ts';
import { fakeJob } from './support/job.ts';
import { testServices } from './support/services.ts';

const logger = pino({ level: 'silent' });

function failingWorker(error: Error) {
  return defineWorker<Record<string, never>, Record<string, never>>({
    jobType: JobType.sendNotification,
    title: '测试',
    description: 'test worker',
    inputs: describeInputs({}, {}),
    parseInput: () => ({}),
    handle: async () => {
      throw error;
    },
  });
}

async function failureOf(error: Error) {
  const job = fakeJob({ type: JobType.sendNotification, variables: {}, retries: 3 });
  const { outcome } = await failingWorker(error).run(job, { logger, services: testServices() });
  expect(outcome).toBe('transient-failure');
  return job.calls[0];
}

describe('a transient fault', () => {
  it('retries after the default back-off with one retry less', async () => {
    expect(await failureOf(new Error('connect ECONNREFUSED'))).toMatchObject({ action: 'fail', retries: 2, retryBackOff: DEFAULT_RETRY_BACK_OFF_MS });
  });

  it('waits as long as a RetryLaterError asks, but never less than the default', async () => {
    expect(await failureOf(new RetryLaterError('另一个处理器正在发送 / another worker is sending', 240_000))).toMatchObject({ retries: 2, retryBackOff: 240_000 });
    expect(await failureOf(new RetryLaterError('另一个处理器正在发送 / another worker is sending', 5))).toMatchObject({ retryBackOff: DEFAULT_RETRY_BACK_OFF_MS });
  });
});

describe('a completion the engine cannot take', () => {
  it('is passed on unreported, not turned into a failure that would spend a retry and run the work again', async () => {
    let handled = 0;
    const worker = defineWorker<Record<string, never>, { done: boolean }>({
      jobType: JobType.sendNotification,
      title: '测试',
      description: 'test worker',
      inputs: describeInputs({}, {}),
      parseInput: () => ({}),
      handle: async () => {
        handled += 1;
        return { done: true };
      },
    });
    const job = fakeJob({ type: JobType.sendNotification, variables: {}, retries: 3 });
    const unreachable = Object.assign(job, {
      complete: async () => {
        throw new Error('engine unreachable');
      },
    });
    await expect(worker.run(unreachable, { logger, services: testServices() })).rejects.toThrow('engine unreachable');
    expect(handled).toBe(1);
    expect(job.calls.filter((call) => call.action === 'fail')).toEqual([]);
  });
});
