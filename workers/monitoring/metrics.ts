/**
 * The workers' Prometheus metrics, in a registry of their own (never
 * prom-client's global one, so two sets of workers in one process, as in the
 * tests, count apart). The fetch loop feeds it as a {@link FetchLoopObserver};
 * the registry (workers/registry.ts) reports each task's outcome once the
 * engine has taken it. workers/monitoring/server.ts serves it at /metrics.
 *
 * Names and labels are listed in README.md (Operations › Monitoring); the
 * label values are bounded: topics and BPMN error codes come from
 * workers/contract.ts, failure kinds from the fetch loop.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FetchFailureKind, FetchLoopObserver } from '../engine/external-task-runner.ts';
import type { LockedExternalTask } from '../engine/rest-types.ts';

/** How a task's handling ended, as the duration histogram's `outcome` label. */
export type TaskOutcomeLabel = 'completed' | 'bpmn_error' | 'failed' | 'unreported';

/**
 * Handler durations in seconds: from a date calculation (milliseconds) to a
 * notice sent through a slow mail server or a publication written to disk,
 * up to the default lock of 60 s and the longest locks beyond it.
 */
export const TASK_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] as const;

export interface WorkerMetricsOptions {
  /**
   * Also collect prom-client's process and Node.js metrics (CPU, memory, event
   * loop lag, GC, handles). Once per process: workers/main.ts asks for them,
   * the tests and a second set of workers do not.
   */
  readonly processMetrics?: boolean;
  /** Whether the workers are ready now (workers/monitoring/health.ts), exported as anquan_worker_ready. */
  readonly ready?: () => boolean;
}

export class WorkerMetrics implements FetchLoopObserver {
  readonly registry = new Registry();
  readonly #fetchRequests: Counter;
  readonly #fetchErrors: Counter<'kind'>;
  readonly #lastFetchSuccess: Gauge;
  readonly #fetched: Counter<'topic'>;
  readonly #held: Gauge<'topic'>;
  readonly #completed: Counter<'topic'>;
  readonly #failed: Counter<'topic' | 'result'>;
  readonly #bpmnErrors: Counter<'topic' | 'error_code'>;
  readonly #unreported: Counter<'topic'>;
  readonly #duration: Histogram<'topic' | 'outcome'>;
  readonly #lockExtensions: Counter<'topic' | 'result'>;

  constructor(options: WorkerMetricsOptions = {}) {
    const registers = [this.registry];
    this.#fetchRequests = new Counter({
      name: 'anquan_worker_fetch_requests_total',
      help: 'fetchAndLock requests that returned or failed (long polls included; the stop-time evictions not)',
      registers,
    });
    this.#fetchErrors = new Counter({
      name: 'anquan_worker_fetch_errors_total',
      help: 'fetchAndLock requests that failed, by kind: unreachable, unauthorized, forbidden, engine-error, rejected, unexpected',
      labelNames: ['kind'],
      registers,
    });
    this.#lastFetchSuccess = new Gauge({
      name: 'anquan_worker_last_fetch_success_timestamp_seconds',
      help: 'When a fetchAndLock last returned successfully (Unix time); 0 before the first',
      registers,
    });
    this.#fetched = new Counter({ name: 'anquan_worker_tasks_fetched_total', help: 'External tasks fetched and locked, by topic', labelNames: ['topic'], registers });
    this.#held = new Gauge({ name: 'anquan_worker_tasks_held', help: 'External tasks held now (running or waiting for a slot), by topic', labelNames: ['topic'], registers });
    this.#completed = new Counter({
      name: 'anquan_worker_tasks_completed_total',
      help: 'External tasks completed (the engine took the result), by topic',
      labelNames: ['topic'],
      registers,
    });
    this.#failed = new Counter({
      name: 'anquan_worker_tasks_failed_total',
      help: 'External tasks reported as failed, by topic; result=retry: the engine retries later, result=incident: no retries left, an incident waits in Cockpit',
      labelNames: ['topic', 'result'],
      registers,
    });
    this.#bpmnErrors = new Counter({
      name: 'anquan_worker_bpmn_errors_total',
      help: 'Modelled business outcomes thrown as BPMN errors, by topic and error code',
      labelNames: ['topic', 'error_code'],
      registers,
    });
    this.#unreported = new Counter({
      name: 'anquan_worker_tasks_unreported_total',
      help: 'Tasks whose handler crashed or whose outcome the engine did not take; the engine hands them out again when the lock expires',
      labelNames: ['topic'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'anquan_worker_task_duration_seconds',
      help: 'From the start of a task to its outcome reported to the engine, by topic and outcome (completed, bpmn_error, failed, unreported)',
      labelNames: ['topic', 'outcome'],
      buckets: [...TASK_DURATION_BUCKETS],
      registers,
    });
    this.#lockExtensions = new Counter({
      name: 'anquan_worker_lock_extensions_total',
      help: 'Lock extensions of long-running tasks, by topic; result=failed: the task is gone or its lock was lost',
      labelNames: ['topic', 'result'],
      registers,
    });
    const ready = options.ready;
    if (ready) {
      new Gauge({
        name: 'anquan_worker_ready',
        help: '1 when the workers are polling and the last fetchAndLock succeeded (GET /health/ready answers 200), else 0',
        registers,
        collect() {
          this.set(ready() ? 1 : 0);
        },
      });
    }
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /**
   * Creates every topic's series at 0, so a dashboard shows the topics before
   * their first task and `increase()` sees the first one.
   */
  registerTopics(topics: readonly string[]): void {
    for (const topic of topics) {
      this.#fetched.labels(topic).inc(0);
      this.#held.labels(topic).set(0);
      this.#completed.labels(topic).inc(0);
      this.#failed.labels(topic, 'retry').inc(0);
      this.#failed.labels(topic, 'incident').inc(0);
      this.#unreported.labels(topic).inc(0);
      this.#lockExtensions.labels(topic, 'extended').inc(0);
      this.#lockExtensions.labels(topic, 'failed').inc(0);
    }
  }

  fetchSucceeded(tasks: readonly LockedExternalTask[]): void {
    this.#fetchRequests.inc();
    this.#lastFetchSuccess.set(Date.now() / 1000);
    for (const task of tasks) this.#fetched.labels(task.topicName).inc();
  }

  fetchFailed(kind: FetchFailureKind): void {
    this.#fetchRequests.inc();
    this.#fetchErrors.labels(kind).inc();
  }

  taskHeld(topicName: string): void {
    this.#held.labels(topicName).inc();
  }

  taskReleased(topicName: string): void {
    this.#held.labels(topicName).dec();
  }

  lockExtended(topicName: string): void {
    this.#lockExtensions.labels(topicName, 'extended').inc();
  }

  lockExtensionFailed(topicName: string): void {
    this.#lockExtensions.labels(topicName, 'failed').inc();
  }

  taskCompleted(topic: string): void {
    this.#completed.labels(topic).inc();
  }

  /** `retries` as the worker asked for them: the engine gets whole retries, and 0 raises an incident. */
  taskFailed(topic: string, retries: number): void {
    this.#failed.labels(topic, Math.floor(retries) > 0 ? 'retry' : 'incident').inc();
  }

  bpmnError(topic: string, errorCode: string): void {
    this.#bpmnErrors.labels(topic, errorCode).inc();
  }

  taskUnreported(topic: string): void {
    this.#unreported.labels(topic).inc();
  }

  taskFinished(topic: string, outcome: TaskOutcomeLabel, seconds: number): void {
    this.#duration.labels(topic, outcome).observe(seconds);
  }

  /** The Prometheus text exposition of everything above. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
