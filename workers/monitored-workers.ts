/**
 * The workers together with their monitoring endpoint (WORKERS_METRICS_PORT: /health/live,
 * /health/ready, /metrics), as both `npm run workers` and `npm start` run them. The endpoint
 * starts first, so a port that cannot be used stops the start before any task is locked, and it
 * closes after the workers, so a probe sees them stopping.
 */
import type { AppConfig } from './config.ts';
import type { EngineRestClient } from './engine/rest-client.ts';
import type { Logger } from './logger.ts';
import { evaluateReadiness } from './monitoring/health.ts';
import { WorkerMetrics } from './monitoring/metrics.ts';
import { MonitoringServerError, startMonitoringServer, type MonitoringServer } from './monitoring/server.ts';
import { isStartupConfigurationError, startWorkers, type RunningWorkers } from './registry.ts';

export interface MonitoredWorkers {
  readonly workers: RunningWorkers;
  /** Where the endpoint listens; undefined when WORKERS_METRICS_PORT=0. */
  readonly monitoringUrl: string | undefined;
  /** Stops the workers (see RunningWorkers.stop), then the endpoint. */
  stop(timeoutMs: number): Promise<{ readonly drained: boolean }>;
}

/** A setting the operator must fix (a taken port, a broken directory …): the caller exits with 2 and the message. */
export function isMonitoredStartupError(error: unknown): error is Error {
  return error instanceof MonitoringServerError || isStartupConfigurationError(error);
}

export async function startMonitoredWorkers(options: { readonly client: EngineRestClient; readonly logger: Logger; readonly config: AppConfig }): Promise<MonitoredWorkers> {
  const { client, logger, config } = options;
  let running: RunningWorkers | undefined;
  const readiness = () => evaluateReadiness(running?.status(), Date.now());
  const metrics = new WorkerMetrics({ processMetrics: true, ready: () => readiness().ready });

  let monitoring: MonitoringServer | undefined;
  if (config.workerMonitoring.enabled) {
    monitoring = await startMonitoringServer({ host: config.workerMonitoring.host, port: config.workerMonitoring.port, metrics, readiness, logger });
  } else {
    logger.info('monitoring endpoint off (WORKERS_METRICS_PORT=0)');
  }
  try {
    running = await startWorkers({ client, logger, config, metrics });
  } catch (error) {
    await monitoring?.close();
    throw error;
  }
  const workers = running;
  return {
    workers,
    monitoringUrl: monitoring?.url,
    async stop(timeoutMs) {
      const outcome = await workers.stop(timeoutMs);
      await monitoring?.close();
      return outcome;
    },
  };
}
