/**
 * Runs every registered job worker until SIGINT or SIGTERM, then lets
 * in-flight jobs finish within WORKER_SHUTDOWN_TIMEOUT_MS.
 */
import { Camunda8 } from '@camunda8/sdk';
import { buildCamundaOptions, loadConfigForCommand } from './config.ts';

import { createLogger } from './logger.ts';
import { isStartupConfigurationError, startWorkers } from './registry.ts';

/** Exit code for a configuration the operator must fix before starting again. */
const EXIT_CONFIGURATION = 2;
/** Exit code when in-flight jobs had to be abandoned at shutdown. */
const EXIT_NOT_DRAINED = 1;
/** Conventional exit code after a second interrupt forces an immediate stop. */
const EXIT_FORCED = 130;

async function main(): Promise<void> {
  const config = loadConfigForCommand();
  if (!config) {
    process.exit(EXIT_CONFIGURATION);
  }
  const logger = createLogger(config, { name: 'workers' });

  const camunda = new Camunda8(buildCamundaOptions(config));
  const zeebe = camunda.getZeebeGrpcApiClient();

  let running;
  try {
    running = await startWorkers({ zeebe, logger, config });
  } catch (error) {
    if (isStartupConfigurationError(error)) {
      logger.fatal(error.message);
      await zeebe.close();
      process.exit(EXIT_CONFIGURATION);
    }
    throw error;
  }
  logger.info(
    { gateway: config.camunda.zeebeGrpcAddress, jobTypes: running.handles.map((handle) => handle.jobType) },
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
    const { drained } = await running.stop(config.workerShutdownTimeoutMs);
    await zeebe.close();
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
