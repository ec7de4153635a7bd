/**
 * The fetch loop of one worker process: a single long-polling fetchAndLock
 * for all its topics (two parallel long polls against Operaton 1.0.3 on H2
 * made the engine answer HTTP 500), bounded capacity, lock extension for
 * long-running tasks, back-off while the engine cannot be used, and a
 * graceful stop that releases the locks of tasks not yet started.
 *
 * A long poll is never just dropped on the client side: the engine keeps the
 * request and would still lock the next task for it, which then waits for its
 * lock to expire (measured on Operaton 1.0.3). To end a poll early, stop()
 * sends a second, 1 ms poll under the same worker id; with the engine's
 * `fetch-and-lock-unique-worker-request` option (Spring Boot:
 * `operaton.bpm.rest-api.fetch-and-lock.unique-worker-request=true`) that
 * cancels the pending one at once. Without it, stop() waits for the poll to
 * return, and only at its deadline drops it.
 *
 * What a task means is the subscription's business (see
 * workers/engine/external-task-job.ts); this module only moves tasks. It
 * tells an optional {@link FetchLoopObserver} what it does (metrics) and
 * answers {@link ExternalTaskRunner.status} (readiness): workers/monitoring/.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../logger.ts';
import { errorText } from '../worker-definition.ts';
import { EngineRestError, EngineUnreachableError, type EngineRestClient } from './rest-client.ts';
import type { FetchTopic, LockedExternalTask } from './rest-types.ts';

export interface TopicSubscription {
  readonly topicName: string;
  /** How long a fetched task stays locked; extended while the handler runs past half of it. */
  readonly lockDurationMs: number;
  /** Tasks of this topic held at once (running or waiting to run). */
  readonly maxConcurrent: number;
  /**
   * Works one task and reports its outcome to the engine. A rejection is
   * logged; the task is then left to the engine, which hands it out again once
   * its lock expires.
   */
  handle(task: LockedExternalTask): Promise<void>;
}

export interface BackOffOptions {
  /** Pause after the first failed fetch; doubled after each further one. */
  readonly initialMs: number;
  readonly maxMs: number;
}

/** Why a fetch failed, as the loop tells them apart in its log, its metrics and its status. */
export type FetchFailureKind = 'unauthorized' | 'forbidden' | 'engine-error' | 'rejected' | 'unreachable' | 'unexpected';

/**
 * What the fetch loop reports while it runs. Calls are synchronous and must
 * not throw: they count, they do not decide.
 */
export interface FetchLoopObserver {
  /** A fetchAndLock returned, with these tasks (possibly none). */
  fetchSucceeded(tasks: readonly LockedExternalTask[]): void;
  fetchFailed(kind: FetchFailureKind): void;
  /** A fetched task is now held by this worker (waiting for a slot or running). */
  taskHeld(topicName: string): void;
  /** A held task is let go: finished, handed back, or given up at the stop deadline. */
  taskReleased(topicName: string): void;
  lockExtended(topicName: string): void;
  lockExtensionFailed(topicName: string): void;
}

/** The fetch loop at one moment, for a readiness check (workers/monitoring/health.ts). */
export interface FetchLoopStatus {
  /** `stopping` from the moment stop() is called, also once it has stopped. */
  readonly phase: 'not-started' | 'running' | 'stopping';
  /** When the last fetchAndLock returned successfully (epoch milliseconds). */
  readonly lastSuccessAt: number | undefined;
  /** Failed fetches since the last success; 0 when the last fetch worked. */
  readonly consecutiveFailures: number;
  readonly lastFailureKind: FetchFailureKind | undefined;
  /** When the fetchAndLock now waiting for the engine was sent; undefined while none is. */
  readonly pollStartedAt: number | undefined;
  /** The long poll the engine may hold a fetch for before answering. */
  readonly asyncResponseTimeoutMs: number;
  /** Tasks held now, over all topics. */
  readonly heldTasks: number;
}

export interface ExternalTaskRunnerOptions {
  /**
   * Without `lockedExternalTasks` (a test's fake), tasks the engine locked for a
   * poll whose answer was lost are left to their lock expiry (see #reclaimOrphans).
   */
  readonly client: Pick<EngineRestClient, 'fetchAndLock' | 'extendLock' | 'unlock'> & Partial<Pick<EngineRestClient, 'lockedExternalTasks'>>;
  readonly workerId: string;
  readonly subscriptions: readonly TopicSubscription[];
  /** Long-polling timeout of each fetch. */
  readonly asyncResponseTimeoutMs: number;
  /** Tasks held at once over all topics. */
  readonly maxTasks: number;
  readonly logger: Logger;
  readonly backOff?: BackOffOptions;
  readonly observer?: FetchLoopObserver;
}

export const DEFAULT_BACK_OFF: BackOffOptions = { initialMs: 500, maxMs: 30_000 };

/** Worker ids of the fetch loops running in this process. */
const workerIdsInUse = new Set<string>();

/**
 * The configured worker id, or, when another fetch loop in this process
 * already uses it (tests that run two sets of workers), the id with `-2`,
 * `-3`…: the engine cancels a pending long poll when the same worker id
 * polls again, so two loops must never share one. Give it back with
 * {@link releaseWorkerId}.
 */
export function claimWorkerId(configured: string): string {
  let candidate = configured;
  for (let suffix = 2; workerIdsInUse.has(candidate); suffix += 1) candidate = `${configured}-${suffix}`;
  workerIdsInUse.add(candidate);
  return candidate;
}

export function releaseWorkerId(workerId: string): void {
  workerIdsInUse.delete(workerId);
}

/**
 * While a topic is held back because its worker is busy, the long poll is cut
 * to this, so the topic rejoins the fetch soon after a slot frees up instead
 * of after a full long poll.
 */
const HELD_BACK_POLL_MS = 1_000;
/** An empty answer sooner than this (an engine ignoring long polling) is followed by a pause, so the loop never spins. */
const MIN_EMPTY_POLL_MS = 250;
/** Locks are extended when this share of the lock duration has passed. */
const EXTEND_AT_SHARE = 0.5;
/** Pause between evictions of a long poll the engine still holds at stop. */
const EVICTION_RETRY_MS = 250;

/** The long poll in flight: how to drop it and which topics it asked for. */
interface PendingPoll {
  readonly controller: AbortController;
  readonly topics: readonly FetchTopic[];
}

/** The pause before the next fetch after `consecutiveFailures` failed ones (at least 1): doubling from initialMs, capped at maxMs. */
export function backOffDelay(backOff: BackOffOptions, consecutiveFailures: number): number {
  return Math.min(backOff.maxMs, backOff.initialMs * 2 ** (Math.max(1, consecutiveFailures) - 1));
}

/** One subscribed topic at the moment the next fetch is planned. */
export interface TopicLoad {
  readonly subscription: Pick<TopicSubscription, 'topicName' | 'lockDurationMs' | 'maxConcurrent'>;
  /** Tasks of the topic held now, running or waiting to run. */
  readonly held: number;
  readonly stopped: boolean;
}

/** The parts of a fetchAndLock request that depend on the capacity left. */
export interface FetchPlan {
  readonly maxTasks: number;
  readonly asyncResponseTimeout: number;
  readonly topics: FetchTopic[];
}

/**
 * The next fetch: every topic that is neither stopped nor at its limit, for
 * no more tasks than are free overall and over those topics; a short poll
 * while some topic is held back at its limit. Undefined when nothing may be fetched.
 */
export function planFetch(
  topics: readonly TopicLoad[],
  limits: { readonly maxTasks: number; readonly held: number; readonly asyncResponseTimeoutMs: number },
): FetchPlan | undefined {
  const globalFree = limits.maxTasks - limits.held;
  if (globalFree <= 0) return undefined;
  const active = topics.filter((topic) => !topic.stopped);
  const eligible = active.filter((topic) => topic.held < topic.subscription.maxConcurrent);
  if (eligible.length === 0) return undefined;
  const topicFree = eligible.reduce((sum, topic) => sum + topic.subscription.maxConcurrent - topic.held, 0);
  const heldBack = eligible.length < active.length;
  return {
    maxTasks: Math.min(globalFree, topicFree),
    asyncResponseTimeout: heldBack ? Math.min(HELD_BACK_POLL_MS, limits.asyncResponseTimeoutMs) : limits.asyncResponseTimeoutMs,
    // All variables (none named), as text: Object values are never deserialized.
    topics: eligible.map((topic) => ({
      topicName: topic.subscription.topicName,
      lockDuration: topic.subscription.lockDurationMs,
      deserializeValues: false,
    })),
  };
}

function failureKind(error: unknown): FetchFailureKind {
  if (error instanceof EngineUnreachableError) return 'unreachable';
  if (error instanceof EngineRestError) {
    if (error.status === 401) return 'unauthorized';
    if (error.status === 403) return 'forbidden';
    if (error.status >= 500) return 'engine-error';
    return 'rejected';
  }
  return 'unexpected';
}

/** The fields that lead from a log line to the task in Cockpit. */
export function taskLogFields(task: LockedExternalTask): Record<string, string> {
  return {
    topic: task.topicName,
    taskId: task.id,
    processInstanceId: task.processInstanceId,
    activityId: task.activityId,
    processDefinitionKey: task.processDefinitionKey,
  };
}

interface HeldTask {
  readonly task: LockedExternalTask;
  readonly topic: TopicState;
  running: boolean;
  extendTimer: NodeJS.Timeout | undefined;
  finished?: Promise<void>;
}

interface TopicState {
  readonly subscription: TopicSubscription;
  readonly waiting: HeldTask[];
  readonly running: Set<HeldTask>;
  stopped: boolean;
}

export interface StopResult {
  /** Every task that had started finished (and reported) within the deadline. */
  readonly drained: boolean;
}

export class ExternalTaskRunner {
  readonly #options: ExternalTaskRunnerOptions;
  readonly #backOff: BackOffOptions;
  readonly #topics = new Map<string, TopicState>();
  readonly #held = new Set<HeldTask>();
  #stopping = false;
  #loop: Promise<void> | undefined;
  #poll: PendingPoll | undefined;
  /** Resolves the loop's current wait (for capacity or a back-off pause). */
  #wake: () => void = () => undefined;
  /** Unlocks of tasks that arrived for a stopped topic; stop() waits for them. */
  readonly #pendingUnlocks = new Set<Promise<void>>();
  #consecutiveFailures = 0;
  /** The kind of the failing streak (logged once); cleared by a success. */
  #lastReportedFailure: FetchFailureKind | undefined;
  #lastSuccessAt: number | undefined;
  /** When the real poll (not an eviction) now in flight was sent. */
  #pollStartedAt: number | undefined;
  /**
   * A poll failed without an answer (connection refused, reset, dropped): the
   * engine may still hold it, or have locked tasks for it already, which nobody
   * would receive. Set until #reclaimOrphans has run.
   */
  #answerMayBeLost = false;

  constructor(options: ExternalTaskRunnerOptions) {
    this.#options = options;
    this.#backOff = options.backOff ?? DEFAULT_BACK_OFF;
    for (const subscription of options.subscriptions) {
      if (this.#topics.has(subscription.topicName)) {
        throw new Error(`主题重复订阅 / topic subscribed twice: ${subscription.topicName}`);
      }
      this.#topics.set(subscription.topicName, { subscription, waiting: [], running: new Set(), stopped: false });
    }
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  status(): FetchLoopStatus {
    return {
      phase: this.#stopping ? 'stopping' : this.#loop ? 'running' : 'not-started',
      lastSuccessAt: this.#lastSuccessAt,
      consecutiveFailures: this.#consecutiveFailures,
      lastFailureKind: this.#lastReportedFailure,
      pollStartedAt: this.#pollStartedAt,
      asyncResponseTimeoutMs: this.#options.asyncResponseTimeoutMs,
      heldTasks: this.#held.size,
    };
  }

  /**
   * Stops fetching, gives back the locks of tasks that have not started, and
   * waits up to `timeoutMs` for those that have. Tasks still running after
   * that are no longer extended: the engine hands them out again once their
   * lock expires.
   */
  async stop(timeoutMs: number): Promise<StopResult> {
    const deadline = Date.now() + timeoutMs;
    this.#stopping = true;
    for (const topic of this.#topics.values()) topic.stopped = true;
    this.#wake();
    const pollingEnded = this.#endPolling(deadline);
    const released = this.#releaseWaiting([...this.#topics.values()]);
    const running = this.#awaitRunning([...this.#held].filter((held) => held.running), deadline);
    await pollingEnded;
    // Tasks the last poll brought in are being handed back: wait for that too.
    await Promise.all([released, ...this.#pendingUnlocks]);
    return running;
  }

  /** Ends the fetch loop without leaving a poll behind on the engine, if the deadline allows. */
  async #endPolling(deadline: number): Promise<void> {
    if (!this.#loop) return;
    const poll = this.#poll;
    if (poll) void this.#evictUntilEnded(poll, deadline);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
    });
    const outcome = await Promise.race([this.#loop.then(() => 'ended' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.#options.logger.warn(
        { workerId: this.#options.workerId },
        'the long poll did not end before the deadline and is dropped; until it times out the engine may still lock a task for this worker id, which is then handed out again when its lock expires',
      );
      this.#poll?.controller.abort();
      await this.#loop;
    }
  }

  /**
   * Evicts until the poll has ended: an eviction that reaches the engine before
   * the poll itself was registered there cancels nothing, so it is sent again.
   */
  async #evictUntilEnded(poll: PendingPoll, deadline: number): Promise<void> {
    while (this.#poll === poll && Date.now() < deadline) {
      await this.#evict(poll.topics);
      if (this.#poll !== poll) return;
      await delay(EVICTION_RETRY_MS);
    }
  }

  /** A 1 ms poll under the same worker id, which makes an engine with unique worker requests cancel the pending one. */
  async #evict(topics: readonly FetchTopic[]): Promise<void> {
    try {
      await this.#options.client.fetchAndLock({ workerId: this.#options.workerId, maxTasks: 0, asyncResponseTimeout: 1, topics });
    } catch (error) {
      this.#options.logger.debug({ err: error }, 'could not cut the pending long poll short; waiting for it to return');
    }
  }

  /** {@link stop} for one topic; the other topics go on. */
  async stopTopic(topicName: string, timeoutMs: number): Promise<StopResult> {
    const deadline = Date.now() + timeoutMs;
    const topic = this.#topics.get(topicName);
    if (!topic) return { drained: true };
    topic.stopped = true;
    if ([...this.#topics.values()].every((candidate) => candidate.stopped)) return this.stop(timeoutMs);
    // The long poll in progress may still bring tasks of this topic: they are unlocked on arrival.
    await this.#releaseWaiting([topic]);
    return this.#awaitRunning([...topic.running], deadline);
  }

  async #run(): Promise<void> {
    const { logger } = this.#options;
    while (!this.#stopping) {
      const request = this.#nextRequest();
      if (!request) {
        await this.#pause();
        continue;
      }
      if (this.#answerMayBeLost) {
        try {
          await this.#reclaimOrphans(request.topics);
        } catch (error) {
          // The engine is still away: a failed fetch like any other, with its back-off.
          if (this.#stopping) break;
          await this.#pause(this.#recordFailure(error));
          continue;
        }
      }
      const controller = new AbortController();
      this.#poll = { controller, topics: request.topics };
      const startedAt = Date.now();
      this.#pollStartedAt = startedAt;
      let tasks: LockedExternalTask[];
      try {
        tasks = await this.#options.client.fetchAndLock(
          {
            workerId: this.#options.workerId,
            maxTasks: request.maxTasks,
            usePriority: true,
            asyncResponseTimeout: request.asyncResponseTimeout,
            topics: request.topics,
          },
          { signal: controller.signal },
        );
      } catch (error) {
        // While stopping, a cancelled (503) or dropped poll is the expected end.
        if (this.#stopping) break;
        if (error instanceof EngineUnreachableError) this.#answerMayBeLost = true;
        await this.#pause(this.#recordFailure(error));
        continue;
      } finally {
        this.#poll = undefined;
        this.#pollStartedAt = undefined;
      }
      this.#recordSuccess(tasks);
      for (const task of tasks) this.#accept(task);
      if (tasks.length === 0 && Date.now() - startedAt < Math.min(MIN_EMPTY_POLL_MS, request.asyncResponseTimeout)) {
        await this.#pause(MIN_EMPTY_POLL_MS);
      }
    }
    logger.debug('fetch loop ended');
  }

  /**
   * After a poll that got no answer. Operaton does not notice a client that is
   * gone: the poll stays registered until its asyncResponseTimeout, and a task
   * that arrives meanwhile is locked for it and its answer sent nowhere (measured
   * on Operaton 1.0.3: after a 10 s network outage, tasks started during it stayed
   * locked for this worker id for their whole lock duration). So, once the engine
   * answers again: a 1 ms poll under the same worker id cancels a poll still
   * pending (unique worker requests, as at stop), then every task the engine has
   * locked for this worker id that the loop does not hold is handed back, for the
   * next fetch. Throws when the engine still cannot be reached.
   */
  async #reclaimOrphans(topics: readonly FetchTopic[]): Promise<void> {
    const { client, workerId, logger } = this.#options;
    await client.fetchAndLock({ workerId, maxTasks: 0, asyncResponseTimeout: 1, topics });
    this.#answerMayBeLost = false;
    if (!client.lockedExternalTasks) return;
    let locked: LockedExternalTask[];
    try {
      locked = await client.lockedExternalTasks(workerId);
    } catch (error) {
      logger.warn({ err: error }, `could not list the tasks locked for this worker; any a lost answer locked come back when their lock expires: ${errorText(error)}`);
      return;
    }
    const held = new Set([...this.#held].map((heldTask) => heldTask.task.id));
    const orphans = locked.filter((task) => !held.has(task.id));
    if (orphans.length === 0) return;
    await Promise.all(orphans.map((task) => this.#unlock(task)));
    logger.warn(
      { released: orphans.length, tasks: orphans.map((task) => taskLogFields(task)) },
      'released the locks the engine had taken for this worker in a fetch whose answer was lost',
    );
  }

  /** What to fetch now, or undefined while every topic is stopped or at its limit. */
  #nextRequest(): FetchPlan | undefined {
    return planFetch(
      [...this.#topics.values()].map((topic) => ({ subscription: topic.subscription, held: heldCount(topic), stopped: topic.stopped })),
      { maxTasks: this.#options.maxTasks, held: this.#held.size, asyncResponseTimeoutMs: this.#options.asyncResponseTimeoutMs },
    );
  }

  /** Waits `milliseconds`, or without a limit until capacity frees up; stop() ends the wait. */
  async #pause(milliseconds?: number): Promise<void> {
    if (this.#stopping) return;
    await new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.#wake = () => undefined;
        resolve();
      };
      const timer = milliseconds === undefined ? undefined : setTimeout(finish, milliseconds);
      this.#wake = finish;
    });
  }

  /** Logs a failure once per kind while it repeats; returns the back-off before the next fetch. */
  #recordFailure(error: unknown): number {
    this.#consecutiveFailures += 1;
    const delay = backOffDelay(this.#backOff, this.#consecutiveFailures);
    const kind = failureKind(error);
    this.#options.observer?.fetchFailed(kind);
    const fields = { kind, consecutiveFailures: this.#consecutiveFailures, nextAttemptInMs: delay };
    if (kind !== this.#lastReportedFailure) {
      this.#lastReportedFailure = kind;
      this.#options.logger.error({ ...fields, err: error }, `fetching external tasks failed; retrying with back-off: ${errorText(error)}`);
    } else {
      this.#options.logger.debug(fields, 'fetching external tasks still fails');
    }
    return delay;
  }

  #recordSuccess(tasks: readonly LockedExternalTask[]): void {
    this.#lastSuccessAt = Date.now();
    this.#options.observer?.fetchSucceeded(tasks);
    if (this.#consecutiveFailures > 0) {
      this.#options.logger.info({ failedAttempts: this.#consecutiveFailures }, 'fetching external tasks works again');
    }
    this.#consecutiveFailures = 0;
    this.#lastReportedFailure = undefined;
  }

  #accept(task: LockedExternalTask): void {
    const topic = this.#topics.get(task.topicName);
    if (!topic || topic.stopped) {
      // Fetched while its topic was stopping: hand it straight back.
      const unlocking = this.#unlock(task).finally(() => this.#pendingUnlocks.delete(unlocking));
      this.#pendingUnlocks.add(unlocking);
      return;
    }
    const held: HeldTask = { task, topic, running: false, extendTimer: undefined };
    this.#held.add(held);
    this.#options.observer?.taskHeld(task.topicName);
    this.#scheduleExtension(held);
    topic.waiting.push(held);
    this.#startWaiting(topic);
  }

  #startWaiting(topic: TopicState): void {
    while (!topic.stopped && topic.running.size < topic.subscription.maxConcurrent) {
      const next = topic.waiting.shift();
      if (!next) return;
      next.running = true;
      topic.running.add(next);
      next.finished = this.#work(next);
    }
  }

  async #work(held: HeldTask): Promise<void> {
    try {
      await held.topic.subscription.handle(held.task);
    } catch (error) {
      this.#options.logger.error(
        { ...taskLogFields(held.task), err: error },
        `task handler failed; the engine hands the task out again when its lock expires: ${errorText(error)}`,
      );
    } finally {
      this.#release(held);
      held.topic.running.delete(held);
      this.#startWaiting(held.topic);
      this.#wake();
    }
  }

  #release(held: HeldTask): void {
    clearTimeout(held.extendTimer);
    held.extendTimer = undefined;
    if (this.#held.delete(held)) this.#options.observer?.taskReleased(held.task.topicName);
  }

  #scheduleExtension(held: HeldTask): void {
    const { lockDurationMs } = held.topic.subscription;
    held.extendTimer = setTimeout(() => void this.#extend(held), Math.max(1, Math.floor(lockDurationMs * EXTEND_AT_SHARE)));
    held.extendTimer.unref();
  }

  async #extend(held: HeldTask): Promise<void> {
    if (!this.#held.has(held)) return;
    const { lockDurationMs } = held.topic.subscription;
    try {
      await this.#options.client.extendLock(held.task.id, this.#options.workerId, lockDurationMs);
      this.#options.observer?.lockExtended(held.task.topicName);
      this.#options.logger.debug({ ...taskLogFields(held.task), lockDurationMs }, 'lock extended');
      if (this.#held.has(held)) this.#scheduleExtension(held);
    } catch (error) {
      // Gone (completed elsewhere, cancelled) or the lock was lost: nothing more to extend.
      this.#options.observer?.lockExtensionFailed(held.task.topicName);
      this.#options.logger.warn({ ...taskLogFields(held.task), err: error }, `could not extend the lock: ${errorText(error)}`);
    }
  }

  async #unlock(task: LockedExternalTask): Promise<void> {
    try {
      await this.#options.client.unlock(task.id);
      this.#options.logger.debug(taskLogFields(task), 'lock released: the task had not started');
    } catch (error) {
      this.#options.logger.warn(
        { ...taskLogFields(task), err: error },
        `could not release the lock; the engine hands the task out again when it expires: ${errorText(error)}`,
      );
    }
  }

  async #releaseWaiting(topics: readonly TopicState[]): Promise<void> {
    const waiting = topics.flatMap((topic) => topic.waiting.splice(0));
    for (const held of waiting) this.#release(held);
    await Promise.all(waiting.map((held) => this.#unlock(held.task)));
    if (waiting.length > 0) this.#options.logger.info({ released: waiting.length }, 'released the locks of tasks that had not started');
  }

  async #awaitRunning(running: readonly HeldTask[], deadline: number): Promise<StopResult> {
    const finished = running.map((held) => held.finished).filter((promise) => promise !== undefined);
    if (finished.length === 0) return { drained: true };
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
    });
    const outcome = await Promise.race([Promise.all(finished).then(() => 'drained' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'drained') return { drained: true };
    const stillRunning = running.filter((held) => this.#held.has(held));
    for (const held of stillRunning) {
      clearTimeout(held.extendTimer);
      held.extendTimer = undefined;
    }
    this.#options.logger.warn(
      { stillRunning: stillRunning.map((held) => taskLogFields(held.task)) },
      'tasks did not finish in time; their locks are no longer extended and the engine hands them out again when they expire',
    );
    return { drained: false };
  }
}

function heldCount(topic: TopicState): number {
  return topic.waiting.length + topic.running.size;
}
