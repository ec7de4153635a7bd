/**
 * `npm start`: the local engine (built once with Maven, reused if already
 * running), the demo logins and the workers' service account, every diagram and
 * form checked and deployed, the external-task workers and the modeler UI server
 * (with the staff workbench at /tasks) running, and the addresses to open
 * printed, the workbench first. Ctrl+C stops the workers and, if
 * this command started it, the engine.
 */
import { loadConfigForCommand } from '../workers/config.ts';
import { EngineRestClient } from '../workers/engine/rest-client.ts';
import { createLogger } from '../workers/logger.ts';
import { isMonitoredStartupError, startMonitoredWorkers } from '../workers/monitored-workers.ts';
import { startModelerServer } from '../modeler-ui/server/server.ts';
import { checkResources, formatProblem } from './check-resources.ts';
import { deployResources } from './deploy.ts';
import { ensureDemoUsers } from './local/demo-users.ts';
import { engineUrls, startEngine, stopEngine } from './local/engine.ts';
import { ENGINE_PROFILES, LOCAL_LOGIN, OPERATON_VERSION } from './local/manifest.ts';

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
      userTokenSecret: config.engine.userTokenSecret,
    });
    startedHere = !alreadyRunning;
  } catch (error) {
    logger.error((error as Error).message);
    return 1;
  }

  // The local engine's admin sets up the logins; ENGINE_DEPLOY_USER deploys; the workers use their own service account.
  const admin = new EngineRestClient({ baseUrl: engineUrls(profile).restUrl, ...LOCAL_LOGIN });
  const deployer = new EngineRestClient({ baseUrl: config.engine.restUrl, ...config.engine.deployer });
  const workerClient = new EngineRestClient({ baseUrl: config.engine.restUrl, username: config.engine.username, password: config.engine.password });
  let deployment;
  try {
    await ensureDemoUsers({ client: admin, logger, serviceAccount: { username: config.engine.username, password: config.engine.password } });
    deployment = await deployResources(deployer, check.diagrams, check.forms);
  } catch (error) {
    logger.error((error as Error).message);
    if (startedHere) await stopEngine(profile, logger);
    return 1;
  }
  for (const resource of deployment.resources) {
    logger.info({ kind: resource.kind, id: resource.id, version: resource.version, changed: resource.changed }, '已部署 / deployed');
  }
  let monitored;
  try {
    monitored = await startMonitoredWorkers({ client: workerClient, logger, config });
  } catch (error) {
    if (!isMonitoredStartupError(error)) throw error;
    logger.fatal(error.message);
    if (startedHere) await stopEngine(profile, logger);
    return 2;
  }

  let modeler;
  try {
    modeler = await startModelerServer(config, logger, deployer);
  } catch (error) {
    logger.fatal((error as Error).message);
    await monitored.stop(config.workerShutdownTimeoutMs);
    if (startedHere) await stopEngine(profile, logger);
    return 2;
  }

  const urls = engineUrls(profile);
  const login = `${LOCAL_LOGIN.username} / ${LOCAL_LOGIN.password}`;
  process.stdout.write(
    [
      '',
      `  待办工作台 (staff workbench)   ${modeler.url}/tasks   登录 login: 任一角色账号 / any role's login, e.g. bei-xuncha-danwei / demo`,
      '',
      `  Operaton ${OPERATON_VERSION} 本地引擎已就绪 / local engine ready`,
      `  Cockpit  (流程监控 / monitoring)   ${urls.cockpit}   登录 login: yunwei / demo (运维 operator), ${login} (admin)`,
      `  Tasklist (Operaton 自带 / its own) ${urls.tasklist}   动态列表表单请用待办工作台 / use the workbench for forms with lists`,
      `  Admin    (用户与权限 / users)       ${urls.admin}   登录 login: ${login}`,
      `  REST API ${urls.restUrl}   (HTTP Basic)`,
      ...(monitored.monitoringUrl ? [`  监控 (monitoring)   ${monitored.monitoringUrl}/metrics   /health/ready   /health/live`] : []),
      `  流程建模 (流程负责人 / process owners)   ${modeler.url}   登录 login: anwei-ban / demo`,
      '  各角色登录见 README / logins per role: README.md',
      `  已部署 ${deployment.resources.length} 个流程与表单 / definitions deployed; ${monitored.workers.handles.length} 个外部任务处理器运行中 / external-task workers running`,
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
      const { drained } = await monitored.stop(config.workerShutdownTimeoutMs);
      if (startedHere) await stopEngine(profile, logger);
      else logger.info('本地引擎在本命令之前已运行，保持运行 / the engine was running before this command and keeps running');
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
