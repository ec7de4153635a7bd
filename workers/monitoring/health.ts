/**
 * What GET /health/live and GET /health/ready answer, decided from the fetch
 * loop's status and the event loop's delay, without I/O of their own: a probe
 * must not add load to an engine that is struggling.
 *
 * Ready means: the fetch loop runs (not starting, not stopping), a
 * fetchAndLock has succeeded, the last one that finished succeeded, and the one
 * now waiting (if any) is not overdue, i.e. older than the long poll plus
 * {@link READINESS_GRACE_MS}: an engine that accepts connections but never
 * answers would otherwise look healthy. While every slot is busy the loop
 * does not poll, and readiness rests on the last fetch: busy is not broken.
 */
import type { FetchFailureKind, FetchLoopStatus } from '../engine/external-task-runner.ts';

/** How much longer than its long poll a fetch may take before the workers count as not ready. */
export const READINESS_GRACE_MS = 10_000;
/**
 * A delay of the event loop above this fails liveness: a handler blocking it
 * that long also starves lock extensions and the fetch loop. Below this a
 * heavy synchronous step (a large document, a draw) is still tolerated.
 */
export const MAX_EVENT_LOOP_DELAY_MS = 5_000;

export type ReadinessCode = 'starting' | 'stopping' | 'fetch-failing' | 'never-fetched' | 'fetch-overdue';

export interface HealthReason {
  readonly code: ReadinessCode | 'event-loop-blocked';
  /** 中文 / English, for the operator reading the probe's answer. */
  readonly message: string;
}

export interface Readiness {
  readonly ready: boolean;
  readonly reasons: readonly HealthReason[];
  /** ISO time of the last successful fetchAndLock, when there was one. */
  readonly lastFetchSucceededAt?: string;
}

/**
 * What each kind of fetch failure means for the operator. The engine's own
 * message stays in the log: the probe's answer may be read more widely, and
 * the kind says where to look.
 */
const FAILURE_EXPLANATIONS: Readonly<Record<FetchFailureKind, readonly [chinese: string, english: string]>> = {
  unreachable: ['无法连接流程引擎（ENGINE_REST_URL）', 'cannot reach the engine (ENGINE_REST_URL)'],
  unauthorized: ['引擎拒绝了工作进程的登录（ENGINE_USER / ENGINE_PASSWORD）', "the engine refused the workers' login (ENGINE_USER / ENGINE_PASSWORD)"],
  forbidden: ['工作进程的账户无权拉取任务', "the workers' account may not fetch tasks"],
  'engine-error': ['引擎内部错误（HTTP 5xx）', 'the engine failed internally (HTTP 5xx)'],
  rejected: ['引擎拒绝了拉取请求（HTTP 4xx）', 'the engine rejected the fetch request (HTTP 4xx)'],
  unexpected: ['拉取任务时发生意外错误，详见日志', 'unexpected error while fetching, see the log'],
};

/** `status` undefined: the workers have not been started yet. */
export function evaluateReadiness(status: FetchLoopStatus | undefined, now: number, graceMs: number = READINESS_GRACE_MS): Readiness {
  const lastFetchSucceededAt = status?.lastSuccessAt === undefined ? {} : { lastFetchSucceededAt: new Date(status.lastSuccessAt).toISOString() };
  if (status === undefined || status.phase === 'not-started') {
    return { ready: false, reasons: [{ code: 'starting', message: '工作进程正在启动，尚未开始拉取任务 / the workers are starting and do not poll yet' }] };
  }
  if (status.phase === 'stopping') {
    return {
      ready: false,
      reasons: [{ code: 'stopping', message: '工作进程正在停止，不再拉取任务 / the workers are stopping and no longer poll' }],
      ...lastFetchSucceededAt,
    };
  }
  const reasons: HealthReason[] = [];
  if (status.consecutiveFailures > 0) {
    const [chinese, english] = FAILURE_EXPLANATIONS[status.lastFailureKind ?? 'unexpected'];
    reasons.push({
      code: 'fetch-failing',
      message: `最近一次向引擎拉取任务失败（连续 ${status.consecutiveFailures} 次）：${chinese} / the last fetchAndLock failed (${status.consecutiveFailures} in a row): ${english}`,
    });
  } else if (status.lastSuccessAt === undefined) {
    reasons.push({ code: 'never-fetched', message: '尚未成功向引擎拉取过任务 / no fetchAndLock has succeeded yet' });
  }
  if (status.pollStartedAt !== undefined) {
    const waitedMs = now - status.pollStartedAt;
    const limitMs = status.asyncResponseTimeoutMs + graceMs;
    if (waitedMs > limitMs) {
      const waited = Math.round(waitedMs / 1000);
      const limit = Math.round(limitMs / 1000);
      reasons.push({
        code: 'fetch-overdue',
        message: `拉取请求已等待 ${waited} 秒仍无应答（长轮询加宽限共 ${limit} 秒），引擎可能已停止响应 / the pending fetchAndLock has had no answer for ${waited} s (long poll plus grace: ${limit} s); the engine may have stopped answering`,
      });
    }
  }
  return { ready: reasons.length === 0, reasons, ...lastFetchSucceededAt };
}

export interface Liveness {
  readonly live: boolean;
  readonly eventLoopDelayMs: number;
  readonly reasons: readonly HealthReason[];
}

export function evaluateLiveness(eventLoopDelayMs: number, maxDelayMs: number = MAX_EVENT_LOOP_DELAY_MS): Liveness {
  if (eventLoopDelayMs <= maxDelayMs) return { live: true, eventLoopDelayMs, reasons: [] };
  const delay = Math.round(eventLoopDelayMs);
  return {
    live: false,
    eventLoopDelayMs,
    reasons: [
      {
        code: 'event-loop-blocked',
        message: `事件循环被阻塞了 ${delay} 毫秒（上限 ${maxDelayMs} 毫秒）/ the event loop was blocked for ${delay} ms (limit ${maxDelayMs} ms)`,
      },
    ],
  };
}

/**
 * How late a timer that should fire every `intervalMs` last fired: the time
 * the event loop was kept from running anything else. Unref'd, so it never
 * keeps the process alive.
 */
export class EventLoopWatch {
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #expectedAt = 0;
  #delayMs = 0;

  constructor(intervalMs = 1_000) {
    this.#intervalMs = intervalMs;
  }

  start(): void {
    if (this.#timer) return;
    this.#expectedAt = Date.now() + this.#intervalMs;
    this.#timer = setInterval(() => {
      const now = Date.now();
      this.#delayMs = Math.max(0, now - this.#expectedAt);
      this.#expectedAt = now + this.#intervalMs;
    }, this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** The lateness of the last tick, in milliseconds. */
  get delayMs(): number {
    return this.#delayMs;
  }
}
