/**
 * Every job worker this product runs, and their lifecycle against a Zeebe
 * gateway. deploy/contract-check.ts uses {@link allWorkers} to refuse a
 * diagram whose service task has no worker.
 */
import { Zeebe } from '@camunda8/sdk';
import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe/index.js';
import type { IInputVariables, IOutputVariables, JSONDoc, ZeebeJob } from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0.js';
import type { AppConfig } from './config.ts';
import { addWorkingDaysWorker } from './deadline/add-working-days.worker.ts';
import { WorkingDayCalendar } from './deadline/calendar.ts';
import { type Logger, sdkLogSink } from './logger.ts';
import type { ActivatedJob, JsonObject, RegisteredWorker, WorkerServices } from './worker-definition.ts';

export const allWorkers: readonly RegisteredWorker[] = [addWorkingDaysWorker];

export function registeredJobTypes(workers: readonly RegisteredWorker[] = allWorkers): ReadonlySet<string> {
  return new Set(workers.map((worker) => worker.jobType));
}

export interface WorkerHandle {
  readonly jobType: string;
  /**
   * Stops polling, then waits up to `timeoutMs` for in-flight jobs. Jobs
   * still running after that are left to the engine, which hands them to
   * another worker once their job timeout expires.
   */
  stop(timeoutMs: number): Promise<{ readonly drained: boolean }>;
}

export interface RunningWorkers {
  readonly handles: readonly WorkerHandle[];
  /** Stops all workers in parallel within one shared deadline. */
  stop(timeoutMs: number): Promise<{ readonly drained: boolean }>;
}

export async function createWorkerServices(config: Pick<AppConfig, 'calendarOverrideFile'>): Promise<WorkerServices> {
  return { calendar: await WorkingDayCalendar.fromFile(config.calendarOverrideFile) };
}

type SdkJob = Readonly<ZeebeJob<IInputVariables>>;
type SdkAcknowledgement = typeof Zeebe.Types.JOB_ACTION_ACKNOWLEDGEMENT;

function adaptJob(job: SdkJob): ActivatedJob<SdkAcknowledgement> {
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    retries: job.retries,
    variables: job.variables as Readonly<Record<string, unknown>>,
    // null is a valid variable value in Zeebe; the SDK's JSON types merely omit it.
    complete: (variables: JsonObject) => job.complete(variables as IOutputVariables),
    fail: (failure) => job.fail(failure),
    error: (error) => job.error({ ...error, variables: error.variables as JSONDoc }),
  };
}

function waitAtMost(milliseconds: number): { promise: Promise<'timeout'>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), milliseconds);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

export interface StartWorkersOptions {
  readonly zeebe: Pick<ZeebeGrpcClient, 'createWorker'>;
  readonly logger: Logger;
  readonly config: Pick<AppConfig, 'calendarOverrideFile'>;
  readonly workers?: readonly RegisteredWorker[];
  /** Provided by tests; otherwise built from the configuration. */
  readonly services?: WorkerServices;
}

export async function startWorkers({
  zeebe,
  logger,
  config,
  workers = allWorkers,
  services,
}: StartWorkersOptions): Promise<RunningWorkers> {
  const sharedServices = services ?? (await createWorkerServices(config));
  const handles = workers.map((definition): WorkerHandle => {
    const workerLogger = logger.child({ jobType: definition.jobType });
    const sdkWorker = zeebe.createWorker({
      taskType: definition.jobType,
      maxJobsToActivate: definition.maxJobsToActivate,
      timeout: Zeebe.Duration.milliseconds.of(definition.timeoutMs),
      stdout: sdkLogSink(workerLogger),
      taskHandler: async (job) => {
        const { acknowledgement } = await definition.run(adaptJob(job), { logger, services: sharedServices });
        return acknowledgement;
      },
    });
    workerLogger.info({ maxJobsToActivate: definition.maxJobsToActivate, timeoutMs: definition.timeoutMs }, 'worker started');

    return {
      jobType: definition.jobType,
      async stop(timeoutMs) {
        const deadline = waitAtMost(timeoutMs);
        const result = await Promise.race([sdkWorker.close().then(() => 'drained' as const), deadline.promise]);
        deadline.cancel();
        if (result === 'timeout') {
          workerLogger.warn({ timeoutMs }, 'in-flight jobs did not finish in time; the engine will re-deliver them after their job timeout');
          return { drained: false };
        }
        workerLogger.info('worker stopped');
        return { drained: true };
      },
    };
  });

  return {
    handles,
    async stop(timeoutMs) {
      const results = await Promise.all(handles.map((handle) => handle.stop(timeoutMs)));
      return { drained: results.every((result) => result.drained) };
    },
  };
}
