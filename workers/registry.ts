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
import { planDeadlineWorker } from './deadline/plan-deadline.worker.ts';
import { CalendarOverrideError, WorkingDayCalendar } from './deadline/calendar.ts';
import { PublicSite } from './disclosure/public-site.ts';
import { publishDisclosureWorker } from './disclosure/publish-disclosure.worker.ts';
import { openLedger } from './ledger/index.ts';
import { LedgerOpenError } from './ledger/ledger.ts';
import { listMajorHazardWorker } from './ledger-workers/list-major-hazard.worker.ts';
import { recordCluesWorker } from './ledger-workers/record-clues.worker.ts';
import { recordEnforcementWorker } from './ledger-workers/record-enforcement.worker.ts';
import { recordFindingWorker } from './ledger-workers/record-finding.worker.ts';
import { recordInspectionWorker } from './ledger-workers/record-inspection.worker.ts';
import { updateFindingStatusWorker } from './ledger-workers/update-finding-status.worker.ts';
import { DirectoryError } from './notify/directory.ts';
import { createNotifier } from './notify/notifier.ts';
import { sendNotificationWorker } from './notify/send-notification.worker.ts';
import { loadProfileWorker } from './profile/load-profile.worker.ts';
import { ProfileError, ProfileStore } from './profile/profile.ts';
import { prepareTransferLetterWorker } from './transfer/prepare-transfer-letter.worker.ts';
import { recordTransferOutcomeWorker } from './transfer/record-transfer-outcome.worker.ts';
import { sendTransferWorker } from './transfer/send-transfer.worker.ts';
import { type Logger, sdkLogSink } from './logger.ts';
import { randomDrawWorker } from './inspection/random-draw.worker.ts';
import { InspectionRegisters } from './inspection/registers.ts';
import { dispatchReportWorker } from './campaign/dispatch-report.worker.ts';
import { ReportFolder } from './campaign/report-folder.ts';
import type { ActivatedJob, JsonObject, RegisteredWorker, WorkerServices } from './worker-definition.ts';

export const allWorkers: readonly RegisteredWorker[] = [
  addWorkingDaysWorker,
  planDeadlineWorker,
  loadProfileWorker,
  sendNotificationWorker,
  recordCluesWorker,
  recordFindingWorker,
  updateFindingStatusWorker,
  listMajorHazardWorker,
  recordInspectionWorker,
  recordEnforcementWorker,
  prepareTransferLetterWorker,
  sendTransferWorker,
  recordTransferOutcomeWorker,
  publishDisclosureWorker,
  randomDrawWorker,
  dispatchReportWorker,
];

/**
 * Files and stores an operator must fix before the workers can run (calendar
 * overrides, recipient directory, profiles, ledger); each message names what is wrong.
 */
export function isStartupConfigurationError(error: unknown): error is Error {
  return (
    error instanceof CalendarOverrideError ||
    error instanceof DirectoryError ||
    error instanceof ProfileError ||
    error instanceof LedgerOpenError
  );
}

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
  /** What the workers share; valid until `stop` resolves when startWorkers opened it. */
  readonly services: WorkerServices;
  /** Stops all workers in parallel within one shared deadline. */
  stop(timeoutMs: number): Promise<{ readonly drained: boolean }>;
}

export type WorkerServicesConfig = Pick<
  AppConfig,
  'calendarOverrideFile' | 'profileDirectory' | 'ledger' | 'notify' | 'disclosure' | 'inspectionRegisterDirectory' | 'reportsDirectory'
>;

/**
 * Opens what the workers share. The calendar is read first: it is the cheaper
 * check, and a bad override file then leaves no database connection behind.
 */
export async function createWorkerServices(config: WorkerServicesConfig, logger: Logger): Promise<WorkerServices> {
  const calendar = await WorkingDayCalendar.fromFile(config.calendarOverrideFile);
  const profiles = await ProfileStore.open(config.profileDirectory);
  const notifier = await createNotifier(config.notify);
  const ledger = await openLedger(config.ledger, logger).catch(async (error: unknown) => {
    await notifier.close();
    throw error;
  });
  return {
    calendar,
    profiles,
    ledger,
    notifier,
    publicSite: new PublicSite(config.disclosure),
    inspectionRegisters: new InspectionRegisters(config.inspectionRegisterDirectory),
    reports: new ReportFolder(config.reportsDirectory),
  };
}

/** Releases what {@link createWorkerServices} opened. */
export async function closeWorkerServices(services: WorkerServices): Promise<void> {
  await services.notifier.close();
  await services.ledger.close();
}

type SdkJob = Readonly<ZeebeJob<IInputVariables>>;
type SdkAcknowledgement = typeof Zeebe.Types.JOB_ACTION_ACKNOWLEDGEMENT;

/** The engine's time at activation: it sets the deadline to its clock plus the requested timeout. */
function activationTime(job: SdkJob, timeoutMs: number): string {
  const deadline = Number(job.deadline);
  return new Date(Number.isFinite(deadline) && deadline > timeoutMs ? deadline - timeoutMs : Date.now()).toISOString();
}

function adaptJob(job: SdkJob, timeoutMs: number): ActivatedJob<SdkAcknowledgement> {
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    retries: job.retries,
    activatedAt: activationTime(job, timeoutMs),
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
  readonly config: WorkerServicesConfig;
  readonly workers?: readonly RegisteredWorker[];
  /** Provided by tests, which then close them; otherwise built from the configuration and closed by `stop`. */
  readonly services?: WorkerServices;
}

export async function startWorkers({
  zeebe,
  logger,
  config,
  workers = allWorkers,
  services,
}: StartWorkersOptions): Promise<RunningWorkers> {
  const ownsServices = services === undefined;
  const sharedServices = services ?? (await createWorkerServices(config, logger));
  const handles = workers.map((definition): WorkerHandle => {
    const workerLogger = logger.child({ jobType: definition.jobType });
    const sdkWorker = zeebe.createWorker({
      taskType: definition.jobType,
      maxJobsToActivate: definition.maxJobsToActivate,
      timeout: Zeebe.Duration.milliseconds.of(definition.timeoutMs),
      stdout: sdkLogSink(workerLogger),
      taskHandler: async (job) => {
        const { acknowledgement } = await definition.run(adaptJob(job, definition.timeoutMs), { logger, services: sharedServices });
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
    services: sharedServices,
    async stop(timeoutMs) {
      const results = await Promise.all(handles.map((handle) => handle.stop(timeoutMs)));
      // Jobs still running past the deadline lose the ledger and fail; the engine re-delivers them after their timeout.
      if (ownsServices) await closeWorkerServices(sharedServices);
      return { drained: results.every((result) => result.drained) };
    },
  };
}
