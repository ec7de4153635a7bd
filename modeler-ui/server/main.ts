/**
 * `npm run modeler`: the modeler UI server alone, on MODELER_HOST:MODELER_PORT
 * (127.0.0.1:3000 by default), serving processes/ and deploying to the
 * cluster the standard variables name (workers/config.ts). Ctrl+C stops it
 * after the requests in flight. Exit codes: 2 invalid configuration or user
 * file, 1 anything else that stops the start.
 */
import { randomBytes } from 'node:crypto';
import { Camunda8 } from '@camunda8/sdk';
import { deployResources } from '../../deploy/deploy.ts';
import { PROCESSES_DIR } from '../../deploy/project-files.ts';
import { ConfigError, buildCamundaOptions, loadConfig, type AppConfig } from '../../workers/config.ts';
import { createLogger } from '../../workers/logger.ts';
import { createApp } from './app.ts';
import type { AuthSetup } from './auth/authenticate.ts';
import { UsersFileError, loadUsersFile } from './auth/users.ts';
import type { DeployFunction } from './deploy/routes.ts';

async function authSetup(config: AppConfig['modeler']): Promise<AuthSetup> {
  const { auth } = config;
  if (auth.mode === 'trusted-header') return auth;
  return { mode: 'users-file', users: await loadUsersFile(auth.usersFile) };
}

async function main(): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger(config, { name: 'modeler' });
  let auth: AuthSetup;
  try {
    auth = await authSetup(config.modeler);
  } catch (error) {
    if (error instanceof UsersFileError) {
      logger.fatal(error.message);
      return 2;
    }
    throw error;
  }

  // The gRPC client connects lazily, so the UI starts (and edits) without a running cluster.
  let zeebe: ReturnType<Camunda8['getZeebeGrpcApiClient']> | undefined;
  const deploy: DeployFunction = (diagrams, forms) => {
    zeebe ??= new Camunda8(buildCamundaOptions(config)).getZeebeGrpcApiClient();
    return deployResources(zeebe, diagrams, forms);
  };

  const app = createApp({
    processesDir: PROCESSES_DIR,
    historyDir: config.modeler.historyDirectory,
    deployRecordFile: config.deployRecordFile,
    maxUploadBytes: config.modeler.maxUploadBytes,
    auth,
    sessions: {
      secret: config.modeler.sessionSecret ?? randomBytes(32).toString('hex'),
      ttlMinutes: config.modeler.sessionTtlMinutes,
    },
    deploy,
    logger,
  });

  const server = app.listen(config.modeler.port, config.modeler.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch((error: NodeJS.ErrnoException) => {
    const reason =
      error.code === 'EADDRINUSE'
        ? `端口 ${config.modeler.port} 已被占用（MODELER_PORT）/ port ${config.modeler.port} is already in use (MODELER_PORT)`
        : error.message;
    logger.fatal(reason);
    throw Object.assign(new Error(reason), { reported: true });
  });
  logger.info(
    { url: `http://${config.modeler.host}:${config.modeler.port}`, auth: config.modeler.auth.mode, processes: PROCESSES_DIR },
    '建模服务已启动 / modeler UI server listening',
  );

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, '正在停止 / stopping');
      server.close(() => resolve());
      server.closeIdleConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await zeebe?.close();
  return 0;
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    if (!(error as { reported?: boolean }).reported) {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exit(1);
  },
);
