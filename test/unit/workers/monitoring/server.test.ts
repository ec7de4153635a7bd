/**
 * The monitoring endpoint over real HTTP on an ephemeral port: what each path
 * answers as readiness, liveness and metrics change, what a wrong method or
 * path gets, a port already taken, and a close that does not wait for a
 * scraper's idle keep-alive connection.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Readiness } from '../../../../workers/monitoring/health.ts';
import { WorkerMetrics } from '../../../../workers/monitoring/metrics.ts';
import { MonitoringServerError, startMonitoringServer, type MonitoringServer } from '../../../../workers/monitoring/server.ts';
import { sampleValue } from '../../../support/prometheus-text.ts';

const logger = pino({ level: 'silent' });
const READY: Readiness = { ready: true, reasons: [], lastFetchSucceededAt: '2026-12-01T01:00:00.000Z' };
const FAILING: Readiness = {
  ready: false,
  reasons: [{ code: 'fetch-failing', message: '最近一次向引擎拉取任务失败（连续 2 次）：无法连接流程引擎（ENGINE_REST_URL） / the last fetchAndLock failed (2 in a row): cannot reach the engine (ENGINE_REST_URL)' }],
};

const servers: MonitoringServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server on a free port of 127.0.0.1 whose readiness and event-loop delay the test sets. */
async function serve(metrics = new WorkerMetrics()) {
  const state = { readiness: READY, readinessFails: false, delayMs: 0, watching: false };
  const server = await startMonitoringServer({
    host: '127.0.0.1',
    port: 0,
    metrics,
    readiness: () => {
      if (state.readinessFails) throw new Error('boom');
      return state.readiness;
    },
    logger,
    maxEventLoopDelayMs: 100,
    eventLoop: {
      start: () => {
        state.watching = true;
      },
      stop: () => {
        state.watching = false;
      },
      get delayMs() {
        return state.delayMs;
      },
    },
  });
  servers.push(server);
  return { server, state, metrics };
}

async function get(server: MonitoringServer, path: string, init: RequestInit = {}) {
  const response = await fetch(`${server.url}${path}`, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('startMonitoringServer', () => {
  it('answers readiness 200 while ready and 503 with the reasons in Chinese and English when not', async () => {
    const { server, state } = await serve();
    const ready = await get(server, '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(ready.text)).toEqual({ status: 'UP', reasons: [], lastFetchSucceededAt: '2026-12-01T01:00:00.000Z' });

    state.readiness = FAILING;
    const failing = await get(server, '/health/ready');
    expect(failing.status).toBe(503);
    expect(JSON.parse(failing.text)).toEqual({ status: 'DOWN', reasons: FAILING.reasons });

    state.readiness = READY;
    expect((await get(server, '/health/ready')).status).toBe(200);
  });

  it('answers liveness 200 with the event-loop delay, 503 once the loop was blocked past the limit', async () => {
    const { server, state } = await serve();
    expect(state.watching).toBe(true);
    state.delayMs = 12;
    const live = await get(server, '/health/live');
    expect(live.status).toBe(200);
    expect(JSON.parse(live.text)).toEqual({ status: 'UP', eventLoopDelayMs: 12, reasons: [] });

    state.delayMs = 250;
    const blocked = await get(server, '/health/live');
    expect(blocked.status).toBe(503);
    expect(JSON.parse(blocked.text)).toMatchObject({ status: 'DOWN', eventLoopDelayMs: 250, reasons: [{ code: 'event-loop-blocked' }] });
    expect(JSON.parse(blocked.text).reasons[0].message).toBe('事件循环被阻塞了 250 毫秒（上限 100 毫秒）/ the event loop was blocked for 250 ms (limit 100 ms)');
  });

  it('serves the current metrics in the Prometheus text format at every scrape', async () => {
    const { server, metrics } = await serve();
    metrics.registerTopics(['anquan.deadline.plan']);
    const first = await get(server, '/metrics');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe(metrics.contentType);
    expect(sampleValue(first.text, 'anquan_worker_tasks_completed_total', { topic: 'anquan.deadline.plan' })).toBe(0);
    metrics.taskCompleted('anquan.deadline.plan');
    const second = await get(server, '/metrics?ignored=query');
    expect(sampleValue(second.text, 'anquan_worker_tasks_completed_total', { topic: 'anquan.deadline.plan' })).toBe(1);
  });

  it('answers HEAD like GET without a body, refuses other methods with 405 and unknown paths with 404', async () => {
    const { server } = await serve();
    const head = await get(server, '/health/ready', { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, text: '' });
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);

    const post = await get(server, '/metrics', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(JSON.parse(post.text)).toEqual({ error: '只支持 GET 和 HEAD / only GET and HEAD are supported, not POST' });

    const missing = await get(server, '/health');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({ error: '没有此路径 / no such path: /health', paths: ['/health/live', '/health/ready', '/metrics'] });
  });

  it('answers 500 and keeps serving when a readiness check throws', async () => {
    const { server, state } = await serve();
    state.readinessFails = true;
    const failed = await get(server, '/health/ready');
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.text)).toEqual({ error: '监控数据生成失败，详见日志 / the monitoring answer failed, see the log' });
    state.readinessFails = false;
    expect((await get(server, '/health/ready')).status).toBe(200);
  });

  it('refuses a port already in use, naming the setting to change', async () => {
    const { server } = await serve();
    const taken = startMonitoringServer({ host: '127.0.0.1', port: server.port, metrics: new WorkerMetrics(), readiness: () => READY, logger });
    await expect(taken).rejects.toBeInstanceOf(MonitoringServerError);
    await expect(taken).rejects.toThrow(
      `监控端口 127.0.0.1:${server.port} 已被占用，请在 WORKERS_METRICS_PORT 中另选端口，或设为 0 关闭监控端点 / the monitoring port 127.0.0.1:${server.port} is already in use`,
    );
  });

  it('closes at once although a scraper keeps its connection open, and stops watching the event loop', async () => {
    const { server, state } = await serve();
    const agent = new http.Agent({ keepAlive: true });
    const localPort = await new Promise<number>((resolve, reject) => {
      const request = http.get(`${server.url}/metrics`, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve((request.socket?.address() as AddressInfo).port));
      });
      request.on('error', reject);
    });
    expect(localPort).toBeGreaterThan(0);
    const started = Date.now();
    await servers.pop()!.close();
    expect(Date.now() - started).toBeLessThan(900);
    expect(state.watching).toBe(false);
    await expect(fetch(`${server.url}/health/live`)).rejects.toThrow();
    agent.destroy();
  });
});
