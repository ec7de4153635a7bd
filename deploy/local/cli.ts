/**
 * `npm run engine [-- --profile test]` starts the local cluster in the background
 * and returns when it is ready; `npm run engine:stop` stops it; `npm run engine:status`.
 */
import { parseArgs } from 'node:util';
import { loadConfigForCommand } from '../../workers/config.ts';
import { createLogger } from '../../workers/logger.ts';
import { engineStatus, engineUrls, startEngine, stopEngine } from './engine.ts';
import { ENGINE_PROFILES, LOCAL_LOGIN, type EngineProfile } from './manifest.ts';

const USAGE =
  '用法 / usage: tsx deploy/local/cli.ts <start|stop|status> [--profile dev|test]';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { profile: { type: 'string', default: 'dev' } },
  });
  const command = positionals[0];
  const profileName = values.profile as EngineProfile['name'];
  const profile = ENGINE_PROFILES[profileName];
  if (!profile || !['start', 'stop', 'status'].includes(command ?? '')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfigForCommand();
  if (!config) return 2;
  const logger = createLogger(config, { name: 'engine' });
  try {
    if (command === 'stop') {
      await stopEngine(profile, logger);
      logger.info({ profile: profile.name }, '本地引擎已停止 / local engine stopped');
      return 0;
    }
    if (command === 'status') {
      const status = await engineStatus(profile);
      logger.info({ profile: profile.name, ...status }, status.ready ? '运行中 / running' : '未运行 / not running');
      return status.ready ? 0 : 1;
    }
    await startEngine({
      profile,
      logger,
      pathVariable: config.localEngine.path,
      jdkSearch: { javaHome: config.localEngine.javaHome, pathVariable: config.localEngine.path },
      startTimeoutMs: config.localEngine.startTimeoutMs,
    });
    const urls = engineUrls(profile);
    logger.info(
      { operate: urls.operate, tasklist: urls.tasklist, grpc: urls.grpc, rest: urls.rest, login: `${LOCAL_LOGIN.username}/${LOCAL_LOGIN.password}` },
      '本地 Camunda 集群已就绪 / local Camunda cluster ready',
    );
    return 0;
  } catch (error) {
    logger.error((error as Error).message);
    return 1;
  }
}

process.exitCode = await main();
