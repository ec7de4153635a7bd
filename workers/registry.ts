/**
 * Every job worker this product runs, and their lifecycle as external-task
 * workers of the Operaton engine: one topic per job type, all fetched by one
 * long-polling loop per process. deploy/contract-check.ts uses
 * {@link allWorkers} to refuse a diagram whose service task has no worker.
 */
import type { AppConfig, EngineConfig } from './config.ts';
import { addWorkingDaysWorker } from './deadline/add-working-days.worker.ts';
import { planDeadlineWorker } from './deadline/plan-deadline.worker.ts';
import { CalendarOverrideError, WorkingDayCalendar } from './deadline/calendar.ts';
import { PublicSite } from './disclosure/public-site.ts';
import { publishDisclosureWorker } from './disclosure/publish-disclosure.worker.ts';
import { withdrawDisclosureWorker } from './disclosure/withdraw-disclosure.worker.ts';
import { openLedger } from './ledger/index.ts';
import { LedgerOpenError } from './ledger/ledger.ts';
import { checkMandateWorker } from './hazard/check-mandate.worker.ts';
import { listMajorHazardWorker } from './ledger-workers/list-major-hazard.worker.ts';
import { recordCluesWorker } from './ledger-workers/record-clues.worker.ts';
import { recordEnforcementWorker } from './ledger-workers/record-enforcement.worker.ts';
import { recordCreditListingWorker } from './ledger-workers/record-credit-listing.worker.ts';
import { recordEscalationWorker } from './ledger-workers/record-escalation.worker.ts';
import { recordFindingWorker } from './ledger-workers/record-finding.worker.ts';
import { recordInspectionWorker } from './ledger-workers/record-inspection.worker.ts';
import { updateFindingStatusWorker } from './ledger-workers/update-finding-status.worker.ts';
import { disposeClueWorker } from './ledger-workers/dispose-clue.worker.ts';
import { registerSupervisionPlanWorker } from './ledger-workers/register-supervision-plan.worker.ts';
import { releaseSupervisionPlanWorker } from './ledger-workers/release-supervision-plan.worker.ts';
import { entryNoticeDeadlineWorker } from './patrol/entry-notice-deadline.worker.ts';
import { DirectoryError } from './notify/directory.ts';
import { createNotifier } from './notify/notifier.ts';
import { sendNotificationWorker } from './notify/send-notification.worker.ts';
import { loadProfileWorker } from './profile/load-profile.worker.ts';
import { ProfileError, ProfileStore } from './profile/profile.ts';
import { prepareTransferLetterWorker } from './transfer/prepare-transfer-letter.worker.ts';
import { recordTransferOutcomeWorker } from './transfer/record-transfer-outcome.worker.ts';
import { issueTransferLetterWorker } from './transfer/issue-transfer-letter.worker.ts';
import { recordTransferReceiptWorker } from './transfer/record-transfer-receipt.worker.ts';
import { sendTransferWorker } from './transfer/send-transfer.worker.ts';
import type { Logger } from './logger.ts';
import { randomDrawWorker } from './inspection/random-draw.worker.ts';
import { planBatchesWorker } from './inspection/plan-batches.worker.ts';
import { recusalRedrawWorker } from './inspection/recusal-redraw.worker.ts';
import { resultSummaryWorker } from './inspection/result-summary.worker.ts';
import { InspectionRegisters } from './inspection/registers.ts';
import { campaignScheduleWorker } from './campaign/campaign-schedule.worker.ts';
import { dispatchTableWorker } from './campaign/dispatch-table.worker.ts';
import { quarterlyCircularWorker } from './campaign/quarterly-circular.worker.ts';
import { ReportFolder } from './campaign/report-folder.ts';
import type { ActivatedJob, RegisteredWorker, WorkerServices } from './worker-definition.ts';
import type { EngineRestClient } from './engine/rest-client.ts';
import type { LockedExternalTask } from './engine/rest-types.ts';
import {
  ExternalTaskRunner,
  claimWorkerId,
  releaseWorkerId,
  taskLogFields,
  type BackOffOptions,
  type FetchLoopStatus,
  type TopicSubscription,
} from './engine/external-task-runner.ts';
import { shortErrorMessage, toActivatedJob } from './engine/external-task-job.ts';
import { OutputParameterIndex } from './engine/output-parameters.ts';
import { EngineVariableError } from './engine/variables.ts';
import { WorkerMetrics, type TaskOutcomeLabel } from './monitoring/metrics.ts';
import { recordInspectionPlanWorker } from './ledger-workers/record-inspection-plan.worker.ts';
import { issueEnforcementDocumentWorker } from './enforcement/issue-enforcement-document.worker.ts';

export const allWorkers: readonly RegisteredWorker[] = [
  addWorkingDaysWorker,
  planDeadlineWorker,
  loadProfileWorker,
  sendNotificationWorker,
  recordCluesWorker,
  recordFindingWorker,
  updateFindingStatusWorker,
  listMajorHazardWorker,
  checkMandateWorker,
  recordInspectionWorker,
  recordEnforcementWorker,
  recordCreditListingWorker,
  recordEscalationWorker,
  prepareTransferLetterWorker,
  sendTransferWorker,
  recordTransferOutcomeWorker,
  issueTransferLetterWorker,
  recordTransferReceiptWorker,
  publishDisclosureWorker,
  withdrawDisclosureWorker,
  randomDrawWorker,
  campaignScheduleWorker,
  entryNoticeDeadlineWorker,
  disposeClueWorker,
  dispatchTableWorker,
  quarterlyCircularWorker,
  registerSupervisionPlanWorker,
  releaseSupervisionPlanWorker,
  recordInspectionPlanWorker,
  planBatchesWorker,
  recusalRedrawWorker,
  resultSummaryWorker,
  issueEnforcementDocumentWorker,
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
   * Stops fetching this topic, releases the locks of its tasks that have not
   * started, then waits up to `timeoutMs` for those that have. Tasks still
   * running after that are left to the engine, which hands them to another
   * worker once their lock expires.
   */
  stop(timeoutMs: number): Promise<{ readonly drained: boolean }>;
}

export interface RunningWorkers {
  readonly handles: readonly WorkerHandle[];
  /** What the workers share; valid until `stop` resolves when startWorkers opened it. */
  readonly services: WorkerServices;
  /** Counts what the workers fetch, finish and fail (the one passed in, or a fresh one). */
  readonly metrics: WorkerMetrics;
  /** The fetch loop now, for readiness (workers/monitoring/health.ts). */
  status(): FetchLoopStatus;
  /** Stops all workers within one shared deadline. */
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

/** What the fetch loop needs from the configuration. */
export type WorkerRuntimeConfig = WorkerServicesConfig & {
  readonly engine: Pick<EngineConfig, 'workerId' | 'asyncResponseTimeoutMs' | 'maxTasks'>;
};

export interface StartWorkersOptions {
  /** Logged in as the workers' service account. */
  readonly client: EngineRestClient;
  readonly logger: Logger;
  readonly config: WorkerRuntimeConfig;
  readonly workers?: readonly RegisteredWorker[];
  /** Provided by tests, which then close them; otherwise built from the configuration and closed by `stop`. */
  readonly services?: WorkerServices;
  /** Pauses after failed fetches; tests shorten them. */
  readonly backOff?: BackOffOptions;
  /** Where to count; workers/main.ts passes the one its monitoring endpoint serves. Default: a fresh registry. */
  readonly metrics?: WorkerMetrics;
}

/**
 * Subscribes every worker's topic (lock = the worker's timeout, concurrency =
 * its maxJobsToActivate) and starts the fetch loop.
 */
export async function startWorkers({
  client,
  logger,
  config,
  workers = allWorkers,
  services,
  backOff,
  metrics = new WorkerMetrics(),
}: StartWorkersOptions): Promise<RunningWorkers> {
  const ownsServices = services === undefined;
  const sharedServices = services ?? (await createWorkerServices(config, logger));
  const workerId = claimWorkerId(config.engine.workerId);
  const runtimeLogger = logger.child({ workerId });
  const outputParameters = new OutputParameterIndex(client);
  metrics.registerTopics(workers.map((definition) => definition.jobType));

  const subscriptions = workers.map(
    (definition): TopicSubscription => ({
      topicName: definition.jobType,
      lockDurationMs: definition.timeoutMs,
      maxConcurrent: definition.maxJobsToActivate,
      handle: async (task: LockedExternalTask) => {
        const outcome = new TaskOutcome(task.topicName, metrics);
        try {
          const context = { client, workerId, lockDurationMs: definition.timeoutMs, outputParameters, logger: runtimeLogger };
          let job: ActivatedJob<void>;
          try {
            job = toActivatedJob(task, context);
          } catch (error) {
            if (!(error instanceof EngineVariableError)) throw error;
            // A variable the engine holds but nobody can read: no retry helps, so raise an incident naming it.
            await reportUnreadableVariables(client, workerId, task, error, runtimeLogger);
            outcome.failed(0);
            return;
          }
          await definition.run(outcome.observe(job), { logger: runtimeLogger, services: sharedServices });
        } finally {
          outcome.finish();
        }
      },
    }),
  );

  const runner = new ExternalTaskRunner({
    client,
    workerId,
    subscriptions,
    asyncResponseTimeoutMs: config.engine.asyncResponseTimeoutMs,
    maxTasks: config.engine.maxTasks,
    logger: runtimeLogger,
    observer: metrics,
    ...(backOff ? { backOff } : {}),
  });
  runner.start();
  runtimeLogger.info(
    {
      topics: workers.map((definition) => ({ topic: definition.jobType, lockDurationMs: definition.timeoutMs, maxConcurrent: definition.maxJobsToActivate })),
      maxTasks: config.engine.maxTasks,
      asyncResponseTimeoutMs: config.engine.asyncResponseTimeoutMs,
    },
    'external-task workers started',
  );

  const handles = workers.map(
    (definition): WorkerHandle => ({
      jobType: definition.jobType,
      stop: (timeoutMs) => runner.stopTopic(definition.jobType, timeoutMs),
    }),
  );

  return {
    handles,
    services: sharedServices,
    metrics,
    status: () => runner.status(),
    async stop(timeoutMs) {
      const result = await runner.stop(timeoutMs);
      releaseWorkerId(workerId);
      if (result.drained) runtimeLogger.info('workers stopped');
      // Tasks still running past the deadline lose the ledger and fail; the engine re-delivers them after their lock expires.
      if (ownsServices) await closeWorkerServices(sharedServices);
      return result;
    },
  };
}

/**
 * One task's outcome as the metrics see it: counted once the engine has taken
 * it (a report that throws leaves the task to lock expiry and counts as
 * unreported), timed from the start of the handler to the report. Here, in
 * the one place every task passes, rather than in each worker.
 */
class TaskOutcome {
  readonly #topic: string;
  readonly #metrics: WorkerMetrics;
  readonly #startedAt = performance.now();
  #label: TaskOutcomeLabel = 'unreported';

  constructor(topic: string, metrics: WorkerMetrics) {
    this.#topic = topic;
    this.#metrics = metrics;
  }

  /** The job with its three outcomes counted after the engine answered. */
  observe(job: ActivatedJob<void>): ActivatedJob<void> {
    return {
      ...job,
      complete: async (variables) => {
        await job.complete(variables);
        this.#label = 'completed';
        this.#metrics.taskCompleted(this.#topic);
      },
      error: async (error) => {
        await job.error(error);
        this.#label = 'bpmn_error';
        this.#metrics.bpmnError(this.#topic, error.errorCode);
      },
      fail: async (failure) => {
        await job.fail(failure);
        this.failed(failure.retries);
      },
    };
  }

  failed(retries: number): void {
    this.#label = 'failed';
    this.#metrics.taskFailed(this.#topic, retries);
  }

  finish(): void {
    if (this.#label === 'unreported') this.#metrics.taskUnreported(this.#topic);
    this.#metrics.taskFinished(this.#topic, this.#label, (performance.now() - this.#startedAt) / 1000);
  }
}

async function reportUnreadableVariables(
  client: EngineRestClient,
  workerId: string,
  task: LockedExternalTask,
  error: EngineVariableError,
  logger: Logger,
): Promise<void> {
  logger.error({ ...taskLogFields(task), variable: error.variable }, 'unreadable input variable; raising an incident');
  const errorMessage = `输入变量无法读取，请修正流程变量后在 Cockpit 中重试 / an input variable cannot be read; correct it, then retry in Cockpit: ${error.message}`;
  await client.handleFailure(task.id, workerId, { errorMessage: shortErrorMessage(errorMessage), errorDetails: errorMessage, retries: 0, retryTimeout: 0 });
}
