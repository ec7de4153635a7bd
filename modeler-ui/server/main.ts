/**
 * `npm run modeler`: the modeler UI server alone, on MODELER_HOST:MODELER_PORT
 * (127.0.0.1:3000 by default), serving processes/ and deploying to the
 * engine that ENGINE_REST_URL, ENGINE_USER and ENGINE_PASSWORD name
 * (workers/config.ts; deploying needs an account with deployment rights,
 * locally `demo`). Ctrl+C stops it
 * after the requests in flight. Exit codes: 2 invalid configuration or user
 * file, 1 anything else that stops the start.
 */
import { loadConfigForCommand } from '../../workers/config.ts';
import { EngineRestClient } from '../../workers/engine/rest-client.ts';
import { createLogger } from '../../workers/logger.ts';
import { UsersFileError } from './auth/users.ts';
import { type RunningModelerServer, startModelerServer } from './server.ts';

async function main(): Promise<number> {
  const config = loadConfigForCommand();
  if (!config) {
    return 2;
  }
  const logger = createLogger(config, { name: 'modeler' });

  // The REST client connects per request, so the UI starts (and edits) without a running engine.
  // Deploys as ENGINE_DEPLOY_USER: process owners' 部署 needs deployment rights the workers' account lacks.
  const engine = new EngineRestClient({ baseUrl: config.engine.restUrl, ...config.engine.deployer });
  let server: RunningModelerServer;
  try {
    server = await startModelerServer(config, logger, engine);
  } catch (error) {
    logger.fatal((error as Error).message);
    return error instanceof UsersFileError ? 2 : 1;
  }

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, '正在停止 / stopping');
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
