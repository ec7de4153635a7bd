/**
 * Starts the modeler UI server on MODELER_HOST:MODELER_PORT for `npm run modeler`
 * and `npm start` alike, serving processes/ and deploying to the engine of
 * config.engine through the given REST client. The client's account needs
 * DEPLOYMENT CREATE and READ and PROCESS_DEFINITION READ (locally `demo`).
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { EngineDeployState } from '../../deploy/deploy-records.ts';
import { deployResources } from '../../deploy/deploy.ts';
import { PROCESSES_DIR } from '../../deploy/project-files.ts';
import type { AppConfig } from '../../workers/config.ts';
import type { EngineRestClient } from '../../workers/engine/rest-client.ts';
import { createApp } from './app.ts';
import type { AuthSetup } from './auth/authenticate.ts';
import { loadUsersFile } from './auth/users.ts';
import type { DeployFunction } from './deploy/routes.ts';
import { ensureWebBundle } from './web/bundle.ts';

async function authSetup(config: AppConfig['modeler']): Promise<AuthSetup> {
  const { auth } = config;
  if (auth.mode === 'trusted-header') return auth;
  return { mode: 'users-file', users: await loadUsersFile(auth.usersFile) };
}

export interface RunningModelerServer {
  readonly url: string;
  /** Stops accepting requests and resolves once those in flight are answered. */
  close(): Promise<void>;
}

/**
 * Builds the browser app first when it is missing or stale (a few seconds).
 * Throws UsersFileError for a broken user file, an Error naming the port when
 * it is taken, and one naming the build failure.
 */
export async function startModelerServer(config: AppConfig, logger: Logger, engine: EngineRestClient): Promise<RunningModelerServer> {
  const auth = await authSetup(config.modeler);
  const webBundleDir = await ensureWebBundle({ logger });
  // One state reader for the server's lifetime: it caches what never changes in the engine (deployments, their resources).
  const deployState = new EngineDeployState(engine);
  const deploy: DeployFunction = (diagrams, forms) => deployResources(engine, diagrams, forms, { state: deployState });
  const app = createApp({
    processesDir: PROCESSES_DIR,
    historyDir: config.modeler.historyDirectory,
    deployState,
    engine: { restUrl: engine.baseUrl, username: engine.username },
    maxUploadBytes: config.modeler.maxUploadBytes,
    auth,
    sessions: {
      secret: config.modeler.sessionSecret ?? randomBytes(32).toString('hex'),
      ttlMinutes: config.modeler.sessionTtlMinutes,
    },
    deploy,
    logger,
    webBundleDir,
  });

  const server: Server = app.listen(config.modeler.port, config.modeler.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      error.code === 'EADDRINUSE'
        ? `端口 ${config.modeler.port} 已被占用（MODELER_PORT）/ port ${config.modeler.port} is already in use (MODELER_PORT)`
        : error.message,
    );
  });
  const url = `http://${config.modeler.host}:${config.modeler.port}`;
  logger.info({ url, auth: config.modeler.auth.mode, processes: PROCESSES_DIR }, '建模服务已启动 / modeler UI server listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
