/**
 * The workers as `npm run workers` and `npm start` run them: the monitoring endpoint comes up
 * before them, a port that is taken stops the start before any task is locked, and the endpoint
 * answers until the workers have stopped. No engine runs: the fetch loop meets a refused port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../workers/config.ts';
import { EngineRestClient } from '../../../workers/engine/rest-client.ts';
import { isMonitoredStartupError, startMonitoredWorkers } from '../../../workers/monitored-workers.ts';

const logger = pino({ level: 'silent' });
/** Nothing listens on port 9 of the loopback: the engine is "not running". */
const NO_ENGINE = 'http://127.0.0.1:9/engine-rest';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('startMonitoredWorkers', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'anquan-monitored-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const configFor = (port: number) =>
    loadConfig({
      ENGINE_REST_URL: NO_ENGINE,
      ENGINE_LONG_POLL_MS: '1000',
      WORKERS_METRICS_PORT: String(port),
      LEDGER_SQLITE_FILE: path.join(folder, 'ledger.sqlite'),
      NOTIFY_MAILBOX_DIR: path.join(folder, 'mailbox'),
      PUBLIC_DIR: path.join(folder, 'public'),
      REPORTS_DIR: path.join(folder, 'reports'),
    });
  const client = () => new EngineRestClient({ baseUrl: NO_ENGINE, username: 'anquan-worker', password: 'demo' });

  it('serves health and metrics beside the workers, says not ready while the engine is away, and closes after them', async () => {
    const port = await freePort();
    const monitored = await startMonitoredWorkers({ client: client(), logger, config: configFor(port) });
    expect(monitored.monitoringUrl).toBe(`http://127.0.0.1:${port}`);
    await vi.waitFor(async () => {
      const ready = await fetch(`${monitored.monitoringUrl}/health/ready`);
      expect(ready.status).toBe(503);
      expect(JSON.stringify(await ready.json())).toMatch(/[\u4e00-\u9fff].*\//);
    });
    expect((await fetch(`${monitored.monitoringUrl}/health/live`)).status).toBe(200);
    expect(await (await fetch(`${monitored.monitoringUrl}/metrics`)).text()).toContain('anquan_worker_fetch_errors_total{kind="unreachable"}');

    await expect(monitored.stop(2_000)).resolves.toEqual({ drained: true });
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  });

  it('stops the start with an operator error when the port is taken, before any worker runs', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const error = await startMonitoredWorkers({ client: client(), logger, config: configFor(port) }).catch((caught: unknown) => caught);
      expect(isMonitoredStartupError(error)).toBe(true);
      expect((error as Error).message).toContain(String(port));
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('runs the workers without an endpoint when WORKERS_METRICS_PORT=0', async () => {
    const monitored = await startMonitoredWorkers({ client: client(), logger, config: configFor(0) });
    expect(monitored.monitoringUrl).toBeUndefined();
    expect(monitored.workers.handles.length).toBeGreaterThan(0);
    await monitored.stop(2_000);
  });
});
