/**
 * Runs every registered external-task worker until SIGINT or SIGTERM, then
 * lets in-flight tasks finish within WORKER_SHUTDOWN_TIMEOUT_MS and gives back
 * the locks of those not started. Beside them, on WORKERS_METRICS_PORT, the
 * monitoring endpoint (/health/live, /health/ready, /metrics), which stops
 * after the workers, so a probe sees them stopping.
 */
import { loadConfigForCommand } from './config.ts';
import { EngineRestClient } from './engine/rest-client.ts';
import { createLogger } from './logger.ts';
import { type MonitoredWorkers, isMonitoredStartupError, startMonitoredWorkers } from './monitored-workers.ts';

/** Exit code for a configuration the operator must fix before starting again. */
const EXIT_CONFIGURATION = 2;
/** Exit code when in-flight tasks had to be abandoned at shutdown. */
const EXIT_NOT_DRAINED = 1;
/** Conventional exit code after a second interrupt forces an immediate stop. */
const EXIT_FORCED = 130;

async function main(): Promise<void> {
  const config = loadConfigForCommand();
  if (!config) {
    process.exit(EXIT_CONFIGURATION);
  }
  const logger = createLogger(config, { name: 'workers' });
  const client = new EngineRestClient({
    baseUrl: config.engine.restUrl,
    ...(config.engine.failoverUrls ? { failoverUrls: config.engine.failoverUrls } : {}),
    username: config.engine.username,
    password: config.engine.password,
  });

  let monitored: MonitoredWorkers;
  try {
    monitored = await startMonitoredWorkers({ client, logger, config });
  } catch (error) {
    if (isMonitoredStartupError(error)) {
      logger.fatal(error.message);
      process.exit(EXIT_CONFIGURATION);
    }
    throw error;
  }
  const { workers, monitoringUrl } = monitored;
  // The fetch loop reports an unreachable engine or a rejected login itself and keeps retrying, so start-up does not wait for the engine.
  logger.info(
    { engine: config.engine.restUrl, failover: config.engine.failoverUrls, user: config.engine.username, topics: workers.handles.map((handle) => handle.jobType), monitoring: monitoringUrl },
    'workers running; press Ctrl+C to stop',
  );

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: stopping immediately');
      process.exit(EXIT_FORCED);
    }
    stopping = true;
    logger.info({ signal, timeoutMs: config.workerShutdownTimeoutMs }, 'stopping workers');
    const { drained } = await monitored.stop(config.workerShutdownTimeoutMs);
    logger.info({ drained }, 'workers stopped');
    process.exit(drained ? 0 : EXIT_NOT_DRAINED);
  };
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));
}

main().catch((error: unknown) => {
  process.stderr.write(`workers failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
