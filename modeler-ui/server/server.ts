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
import { WorkingDayCalendar } from '../../workers/deadline/calendar.ts';
import { ensureWorkbenchBundle } from '../../workbench/build/bundle.ts';
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
 * Builds the browser apps (modeler, workbench) first when missing or stale (a few seconds).
 * Throws UsersFileError for a broken user file, an Error naming the port when
 * it is taken, and one naming the build failure.
 */
export async function startModelerServer(config: AppConfig, logger: Logger, engine: EngineRestClient): Promise<RunningModelerServer> {
  const auth = await authSetup(config.modeler);
  const webBundleDir = await ensureWebBundle({ logger });
  // The workbench's API runs even when its page cannot be built: /tasks then says so, and the log says why.
  const workbenchBundleDir = await ensureWorkbenchBundle({ logger }).catch((error: unknown) => {
    logger.error({ err: error }, '待办工作台网页构建失败，/tasks 暂不可用 / the workbench web app failed to build; /tasks is unavailable');
    return undefined;
  });
  const calendar = await WorkingDayCalendar.fromFile(config.calendarOverrideFile);
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
    // The workbench calls the engine as each person (signed user tokens), never as the deployer above.
    workbench: {
      engine: { baseUrl: config.engine.restUrl, userTokenSecret: config.engine.userTokenSecret },
      maxAttachmentBytes: config.workbench.maxAttachmentBytes,
      calendar,
      ...(workbenchBundleDir ? { bundleDir: workbenchBundleDir } : {}),
    },
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
