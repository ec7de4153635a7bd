/**
 * `npm run engine [-- --profile test]` builds the engine if needed, starts it
 * in the background, makes sure of the demo users and prints where to go;
 * `npm run engine:stop` stops it; `npm run engine:status` tells whether it runs.
 */
import { parseArgs } from 'node:util';
import { loadConfigForCommand, type AppConfig } from '../../workers/config.ts';
import { EngineRestClient } from '../../workers/engine/rest-client.ts';
import { createLogger } from '../../workers/logger.ts';
import { DEMO_PASSWORD, WORKER_ACCOUNT, ensureDemoUsers } from './demo-users.ts';
import { engineRssMiB, engineStatus, engineUrls, logFile, startEngine, stopEngine } from './engine.ts';
import { ENGINE_PROFILES, LOCAL_LOGIN, OPERATON_VERSION, testEngineProfile, type EngineProfile } from './manifest.ts';

const USAGE = '用法 / usage: tsx deploy/local/cli.ts <start|stop|status> [--profile dev|test]';

function profileNamed(name: string, config: AppConfig): EngineProfile | undefined {
  if (name === 'dev') return ENGINE_PROFILES.dev;
  if (name === 'test') return testEngineProfile(config.localEngine.testPort);
  return undefined;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { profile: { type: 'string', default: 'dev' } } });
  const command = positionals[0] ?? '';
  if (!['start', 'stop', 'status'].includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfigForCommand();
  if (!config) return 2;
  const profile = profileNamed(values.profile ?? 'dev', config);
  if (!profile) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const logger = createLogger(config, { name: 'engine' });
  try {
    if (command === 'stop') {
      await stopEngine(profile, logger);
      logger.info({ profile: profile.name }, '本地引擎已停止 / local engine stopped');
      return 0;
    }
    if (command === 'status') {
      const status = await engineStatus(profile);
      const rssMiB = status.pid ? engineRssMiB(status.pid) : undefined;
      logger.info(
        { profile: profile.name, port: profile.port, ...status, ...(rssMiB ? { rssMiB } : {}), log: logFile(profile) },
        status.ready ? '运行中 / running' : status.pid ? '正在启动或无响应 / starting or not answering' : '未运行 / not running',
      );
      return status.ready ? 0 : 1;
    }
    await startEngine({
      profile,
      logger,
      ...(config.localEngine.path ? { pathVariable: config.localEngine.path } : {}),
      jdkSearch: { ...(config.localEngine.javaHome ? { javaHome: config.localEngine.javaHome } : {}), ...(config.localEngine.path ? { pathVariable: config.localEngine.path } : {}) },
      startTimeoutMs: config.localEngine.startTimeoutMs,
      userTokenSecret: config.engine.userTokenSecret,
    });
    const urls = engineUrls(profile);
    const serviceAccount = { username: config.engine.username, password: config.engine.password };
    await ensureDemoUsers({ client: new EngineRestClient({ baseUrl: urls.restUrl, ...LOCAL_LOGIN }), logger, serviceAccount });
    logger.info(
      {
        ...urls,
        adminLogin: `${LOCAL_LOGIN.username} / ${LOCAL_LOGIN.password}`,
        roles: `<候选组 id / candidate group id> / ${DEMO_PASSWORD}`,
        workers: `${serviceAccount.username} / ${serviceAccount.password === WORKER_ACCOUNT.password ? WORKER_ACCOUNT.password : '(ENGINE_PASSWORD)'}`,
        log: logFile(profile),
      },
      `本地 Operaton ${OPERATON_VERSION} 已就绪 / local Operaton engine ready`,
    );
    return 0;
  } catch (error) {
    logger.error((error as Error).message);
    return 1;
  }
}

process.exitCode = await main();
