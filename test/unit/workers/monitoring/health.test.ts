/**
 * When the workers count as ready and alive: readiness follows the fetch loop
 * (starting, polling, failing, overdue, stopping) and says why in Chinese and
 * English; liveness follows the event loop's delay.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FetchLoopStatus } from '../../../../workers/engine/external-task-runner.ts';
import {
  EventLoopWatch,
  MAX_EVENT_LOOP_DELAY_MS,
  READINESS_GRACE_MS,
  evaluateLiveness,
  evaluateReadiness,
} from '../../../../workers/monitoring/health.ts';

const NOW = Date.parse('2026-12-01T01:00:00.000Z');

function status(overrides: Partial<FetchLoopStatus> = {}): FetchLoopStatus {
  return {
    phase: 'running',
    lastSuccessAt: NOW - 1_000,
    consecutiveFailures: 0,
    lastFailureKind: undefined,
    pollStartedAt: NOW - 500,
    asyncResponseTimeoutMs: 20_000,
    heldTasks: 0,
    ...overrides,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('evaluateReadiness', () => {
  it('is ready while the loop polls and its last fetch succeeded, naming when', () => {
    expect(evaluateReadiness(status(), NOW)).toEqual({ ready: true, reasons: [], lastFetchSucceededAt: '2026-12-01T00:59:59.000Z' });
  });

  it('stays ready while every slot is busy and the loop does not poll: busy is not broken', () => {
    expect(evaluateReadiness(status({ pollStartedAt: undefined, lastSuccessAt: NOW - 600_000, heldTasks: 32 }), NOW).ready).toBe(true);
  });

  it('is not ready before the workers start, nor before the first fetch returned', () => {
    for (const starting of [undefined, status({ phase: 'not-started', lastSuccessAt: undefined })]) {
      expect(evaluateReadiness(starting, NOW)).toEqual({
        ready: false,
        reasons: [{ code: 'starting', message: '工作进程正在启动，尚未开始拉取任务 / the workers are starting and do not poll yet' }],
      });
    }
    expect(evaluateReadiness(status({ lastSuccessAt: undefined }), NOW)).toEqual({
      ready: false,
      reasons: [{ code: 'never-fetched', message: '尚未成功向引擎拉取过任务 / no fetchAndLock has succeeded yet' }],
    });
  });

  it('is not ready after a failed fetch, says what kind of failure, and flips back on the next success', () => {
    const failing = evaluateReadiness(status({ consecutiveFailures: 3, lastFailureKind: 'unauthorized' }), NOW);
    expect(failing.ready).toBe(false);
    expect(failing.reasons).toEqual([
      {
        code: 'fetch-failing',
        message:
          "最近一次向引擎拉取任务失败（连续 3 次）：引擎拒绝了工作进程的登录（ENGINE_USER / ENGINE_PASSWORD） / the last fetchAndLock failed (3 in a row): the engine refused the workers' login (ENGINE_USER / ENGINE_PASSWORD)",
      },
    ]);
    // The last success before the failures is still reported, for the operator's timeline.
    expect(failing.lastFetchSucceededAt).toBe('2026-12-01T00:59:59.000Z');
    expect(evaluateReadiness(status({ consecutiveFailures: 1, lastFailureKind: 'unreachable', lastSuccessAt: undefined }), NOW).reasons[0]?.message).toContain(
      'cannot reach the engine (ENGINE_REST_URL)',
    );
    expect(evaluateReadiness(status({ consecutiveFailures: 0, lastFailureKind: undefined }), NOW).ready).toBe(true);
  });

  it('is not ready when the pending fetch has outlived its long poll plus the grace: an engine that stopped answering', () => {
    const limit = 20_000 + READINESS_GRACE_MS;
    expect(evaluateReadiness(status({ pollStartedAt: NOW - limit }), NOW).ready).toBe(true);
    const overdue = evaluateReadiness(status({ pollStartedAt: NOW - limit - 1_000 }), NOW);
    expect(overdue.ready).toBe(false);
    expect(overdue.reasons).toEqual([
      {
        code: 'fetch-overdue',
        message:
          '拉取请求已等待 31 秒仍无应答（长轮询加宽限共 30 秒），引擎可能已停止响应 / the pending fetchAndLock has had no answer for 31 s (long poll plus grace: 30 s); the engine may have stopped answering',
      },
    ]);
    // Both at once: the loop failed before and its retry hangs now.
    const both = evaluateReadiness(status({ consecutiveFailures: 1, lastFailureKind: 'engine-error', pollStartedAt: NOW - 60_000 }), NOW);
    expect(both.reasons.map((reason) => reason.code)).toEqual(['fetch-failing', 'fetch-overdue']);
  });

  it('is not ready once stopping begins', () => {
    expect(evaluateReadiness(status({ phase: 'stopping' }), NOW)).toEqual({
      ready: false,
      reasons: [{ code: 'stopping', message: '工作进程正在停止，不再拉取任务 / the workers are stopping and no longer poll' }],
      lastFetchSucceededAt: '2026-12-01T00:59:59.000Z',
    });
  });
});

describe('evaluateLiveness', () => {
  it('is live up to the delay limit and says how long the event loop was blocked beyond it', () => {
    expect(evaluateLiveness(0)).toEqual({ live: true, eventLoopDelayMs: 0, reasons: [] });
    expect(evaluateLiveness(MAX_EVENT_LOOP_DELAY_MS).live).toBe(true);
    expect(evaluateLiveness(7_250.4)).toEqual({
      live: false,
      eventLoopDelayMs: 7_250.4,
      reasons: [{ code: 'event-loop-blocked', message: '事件循环被阻塞了 7250 毫秒（上限 5000 毫秒）/ the event loop was blocked for 7250 ms (limit 5000 ms)' }],
    });
  });
});

describe('EventLoopWatch', () => {
  it('measures how late its timer fired, and recovers on the next punctual tick', () => {
    vi.useFakeTimers({ now: NOW });
    const watch = new EventLoopWatch(1_000);
    watch.start();
    vi.advanceTimersByTime(1_000);
    expect(watch.delayMs).toBe(0);
    // The loop is blocked for 6 s: time passes, the timer cannot fire.
    vi.setSystemTime(Date.now() + 6_000);
    vi.advanceTimersByTime(1_000);
    expect(watch.delayMs).toBe(6_000);
    vi.advanceTimersByTime(1_000);
    expect(watch.delayMs).toBe(0);
    watch.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
