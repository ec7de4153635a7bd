/**
 * `npm start`: the local cluster (obtained once, reused if already running),
 * every diagram and form checked and deployed, the job workers and the modeler
 * UI server running, and the addresses to open printed. Ctrl+C stops the workers and, if this command
 * started it, the cluster.
 */
import { Camunda8 } from '@camunda8/sdk';
import { buildCamundaOptions, loadConfigForCommand } from '../workers/config.ts';
import { createLogger } from '../workers/logger.ts';
import { isStartupConfigurationError, startWorkers } from '../workers/registry.ts';
import { startModelerServer } from '../modeler-ui/server/server.ts';
import { checkResources, formatProblem } from './check-resources.ts';
import { deployResources } from './deploy.ts';
import { recordDeployment } from './deploy-records.ts';
import { engineUrls, startEngine, stopEngine } from './local/engine.ts';
import { CAMUNDA_VERSION, ENGINE_PROFILES, LOCAL_LOGIN } from './local/manifest.ts';

async function main(): Promise<number> {
  const config = loadConfigForCommand();
  if (!config) {
    return 2;
  }
  const logger = createLogger(config, { name: 'start' });
  const profile = ENGINE_PROFILES.dev;

  const check = await checkResources();
  for (const problem of check.problems) logger.warn(formatProblem(problem));
  if (!check.deployable) {
    logger.error('processes/ 未通过检查，未启动 / processes/ failed its checks; nothing started');
    return 1;
  }

  let startedHere = false;
  try {
    const { alreadyRunning } = await startEngine({
      profile,
      logger,
      pathVariable: config.localEngine.path,
      jdkSearch: { javaHome: config.localEngine.javaHome, pathVariable: config.localEngine.path },
      startTimeoutMs: config.localEngine.startTimeoutMs,
    });
    startedHere = !alreadyRunning;
  } catch (error) {
    logger.error((error as Error).message);
    return 1;
  }

  const zeebe = new Camunda8(buildCamundaOptions(config)).getZeebeGrpcApiClient();
  const deployment = await deployResources(zeebe, check.diagrams, check.forms);
  await recordDeployment(config.deployRecordFile, check, deployment, 'npm start').catch((error: unknown) => {
    // Deployed all the same; only the modeler UI's 'differs from deployed' marks lag behind.
    logger.warn({ err: error, file: config.deployRecordFile }, '部署记录未能写入 / could not write the deploy record');
  });
  for (const resource of deployment.resources) {
    logger.info({ kind: resource.kind, id: resource.id, version: resource.version }, '已部署 / deployed');
  }
  let workers;
  try {
    workers = await startWorkers({ zeebe, logger, config });
  } catch (error) {
    if (!isStartupConfigurationError(error)) throw error;
    logger.fatal(error.message);
    await zeebe.close();
    if (startedHere) await stopEngine(profile, logger);
    return 2;
  }

  let modeler;
  try {
    modeler = await startModelerServer(config, logger, () => zeebe);
  } catch (error) {
    logger.fatal((error as Error).message);
    await workers.stop(config.workerShutdownTimeoutMs);
    await zeebe.close();
    if (startedHere) await stopEngine(profile, logger);
    return 2;
  }

  const urls = engineUrls(profile);
  const login = `${LOCAL_LOGIN.username} / ${LOCAL_LOGIN.password}`;
  process.stdout.write(
    [
      '',
      `  Camunda ${CAMUNDA_VERSION} 本地集群已就绪 / local cluster ready`,
      `  Operate  (流程监控 / monitoring)   ${urls.operate}   登录 login: ${login}`,
      `  Tasklist (待办任务 / user tasks)   ${urls.tasklist}   登录 login: ${login}`,
      `  Zeebe gRPC ${urls.grpc}   REST ${urls.rest}/v2`,
      `  流程建模 (流程负责人 / process owners)   ${modeler.url}   登录 login: anwei-ban / demo`,
      '  各角色登录见 README / logins per role: README.md',
      `  已部署 ${deployment.resources.length} 个资源 / resources deployed; ${workers.handles.length} 个作业处理器运行中 / job workers running`,
      '  按 Ctrl+C 停止 / press Ctrl+C to stop',
      '',
    ].join('\n'),
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = async (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, '正在停止 / stopping');
      await modeler.close();
      const { drained } = await workers.stop(config.workerShutdownTimeoutMs);
      await zeebe.close();
      if (startedHere) await stopEngine(profile, logger);
      else logger.info('本地集群在本命令之前已运行，保持运行 / the cluster was running before this command and keeps running');
      resolve(drained ? 0 : 1);
    };
    process.on('SIGINT', (signal) => void shutdown(signal));
    process.on('SIGTERM', (signal) => void shutdown(signal));
  });
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
