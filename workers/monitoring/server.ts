/**
 * The workers' monitoring endpoint (node:http, no framework):
 *
 * - GET /health/live: 200 while the process runs and its event loop is not
 *   blocked, 503 otherwise;
 * - GET /health/ready: 200 while the workers poll and their last fetchAndLock
 *   succeeded, 503 with the reasons in Chinese and English otherwise;
 * - GET /metrics: the Prometheus text format (workers/monitoring/metrics.ts).
 *
 * HEAD is answered like GET; anything else is 405, any other path 404. The
 * answers carry no task data, so the port needs no login; keep it off the
 * public network (WORKERS_METRICS_HOST).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.ts';
import { EventLoopWatch, MAX_EVENT_LOOP_DELAY_MS, evaluateLiveness, type Readiness } from './health.ts';
import type { WorkerMetrics } from './metrics.ts';

/** Open connections (a scraper's keep-alive) get this long to finish once close() is called. */
const CLOSE_GRACE_MS = 1_000;

export interface MonitoringServerOptions {
  readonly host: string;
  /** 0 lets the system choose a free port (tests); read the chosen one from {@link MonitoringServer.port}. */
  readonly port: number;
  readonly metrics: WorkerMetrics;
  /** Asked on every GET /health/ready. */
  readonly readiness: () => Readiness;
  readonly logger: Logger;
  /** Liveness fails above this event-loop delay; tests lower it. */
  readonly maxEventLoopDelayMs?: number;
  /** Measures the event-loop delay; tests pass one they control. */
  readonly eventLoop?: Pick<EventLoopWatch, 'start' | 'stop' | 'delayMs'>;
}

export interface MonitoringServer {
  readonly port: number;
  /** e.g. http://127.0.0.1:9400 */
  readonly url: string;
  /** Stops accepting connections and resolves once the open ones are closed. */
  close(): Promise<void>;
}

/** The port cannot be used (taken, not permitted, unknown address); the message names the setting to change. */
export class MonitoringServerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MonitoringServerError';
  }
}

function sendJson(response: http.ServerResponse, status: number, body: unknown, head: boolean): void {
  const text = `${JSON.stringify(body)}\n`;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  response.end(head ? undefined : text);
}

export async function startMonitoringServer(options: MonitoringServerOptions): Promise<MonitoringServer> {
  const { metrics, readiness, logger } = options;
  const maxDelayMs = options.maxEventLoopDelayMs ?? MAX_EVENT_LOOP_DELAY_MS;
  const eventLoop = options.eventLoop ?? new EventLoopWatch();

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://monitoring').pathname;
    const known = path === '/health/live' || path === '/health/ready' || path === '/metrics';
    if (!known) {
      sendJson(response, 404, { error: `没有此路径 / no such path: ${path}`, paths: ['/health/live', '/health/ready', '/metrics'] }, request.method === 'HEAD');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      sendJson(response, 405, { error: `只支持 GET 和 HEAD / only GET and HEAD are supported, not ${request.method}` }, false);
      return;
    }
    const head = request.method === 'HEAD';
    if (path === '/health/live') {
      const liveness = evaluateLiveness(eventLoop.delayMs, maxDelayMs);
      sendJson(response, liveness.live ? 200 : 503, { status: liveness.live ? 'UP' : 'DOWN', eventLoopDelayMs: liveness.eventLoopDelayMs, reasons: liveness.reasons }, head);
      return;
    }
    if (path === '/health/ready') {
      const { ready, ...state } = readiness();
      sendJson(response, ready ? 200 : 503, { status: ready ? 'UP' : 'DOWN', ...state }, head);
      return;
    }
    const text = await metrics.text();
    response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
    response.end(head ? undefined : text);
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error({ err: error, url: request.url }, 'monitoring request failed');
      if (!response.headersSent) sendJson(response, 500, { error: '监控数据生成失败，详见日志 / the monitoring answer failed, see the log' }, false);
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(listenError(error, options.host, options.port));
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port, options.host);
  });
  server.on('error', (error) => logger.error({ err: error }, 'monitoring server error'));
  eventLoop.start();

  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;
  logger.info({ url, paths: ['/health/live', '/health/ready', '/metrics'] }, 'monitoring endpoint listening');

  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        eventLoop.stop();
        // A scraper's idle keep-alive connection would hold close() open for the keep-alive timeout.
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          logger.info({ url }, 'monitoring endpoint closed');
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): MonitoringServerError {
  const where = `${host}:${port}`;
  if (error.code === 'EADDRINUSE') {
    return new MonitoringServerError(
      `监控端口 ${where} 已被占用，请在 WORKERS_METRICS_PORT 中另选端口，或设为 0 关闭监控端点 / the monitoring port ${where} is already in use: choose another WORKERS_METRICS_PORT, or 0 to turn the endpoint off`,
      { cause: error },
    );
  }
  if (error.code === 'EACCES') {
    return new MonitoringServerError(
      `无权监听监控端口 ${where}（1024 以下的端口需要特权）/ not permitted to listen on the monitoring port ${where} (ports below 1024 need privileges): change WORKERS_METRICS_PORT`,
      { cause: error },
    );
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new MonitoringServerError(
      `本机没有监控地址 ${host}，请检查 WORKERS_METRICS_HOST / this machine has no address ${host}: check WORKERS_METRICS_HOST`,
      { cause: error },
    );
  }
  return new MonitoringServerError(`无法在 ${where} 启动监控端点 / cannot start the monitoring endpoint on ${where}: ${error.message}`, { cause: error });
}
