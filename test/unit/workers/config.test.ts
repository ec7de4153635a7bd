import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError, MAX_LONG_POLL_MS, PROJECT_ROOT, loadConfig, loadConfigForCommand } from '../../../workers/config.ts';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the local engine and the workers\' service account', () => {
    const config = loadConfig({});
    expect(config.engine).toEqual({
      restUrl: 'http://localhost:8080/engine-rest',
      username: 'anquan-worker',
      password: 'demo',
      asyncResponseTimeoutMs: 20_000,
      workerId: `${os.hostname()}-${process.pid}`,
      maxTasks: 32,
      // Deploying is the local admin's business, not the workers'.
      deployer: { username: 'demo', password: 'demo' },
      // The local demo's secret; production sets its own.
      userTokenSecret: 'local-demo-only-user-token-secret-not-for-production',
    });
    expect(config.localEngine.testPort).toBe(8090);
    expect(config.logLevel).toBe('info');
    expect(config.workerShutdownTimeoutMs).toBe(10_000);
    expect(config.calendarOverrideFile).toBe(path.join(PROJECT_ROOT, 'processes/calendar/overrides.json'));
  });

  it('reads a production engine from the environment', () => {
    const config = loadConfig({
      ENGINE_REST_URL: 'https://bpm.yjglt.example.gov.cn/engine-rest/',
      ENGINE_USER: 'anquan-worker-prod',
      ENGINE_PASSWORD: ' s3cret with spaces ',
      ENGINE_LONG_POLL_MS: '60000',
      ENGINE_WORKER_ID: 'workers-node-2',
      ENGINE_MAX_TASKS: '64',
      ENGINE_DEPLOY_USER: 'anquan-deployer',
      ENGINE_DEPLOY_PASSWORD: 'deploy-s3cret',
      ENGINE_USER_TOKEN_SECRET: 'a-production-secret-of-at-least-32-characters',
    });
    expect(config.engine).toEqual({
      restUrl: 'https://bpm.yjglt.example.gov.cn/engine-rest',
      username: 'anquan-worker-prod',
      password: ' s3cret with spaces ',
      asyncResponseTimeoutMs: 60_000,
      workerId: 'workers-node-2',
      maxTasks: 64,
      deployer: { username: 'anquan-deployer', password: 'deploy-s3cret' },
      userTokenSecret: 'a-production-secret-of-at-least-32-characters',
    });
    expect(configError({ ENGINE_USER_TOKEN_SECRET: 'too-short' }).problems).toEqual([
      'ENGINE_USER_TOKEN_SECRET 须至少 32 个字符 / ENGINE_USER_TOKEN_SECRET must be at least 32 characters',
    ]);
  });

  it('puts the public disclosure site under var/public unless told otherwise', () => {
    expect(loadConfig({}).disclosure).toEqual({ directory: path.join(PROJECT_ROOT, 'var/public') });
    expect(loadConfig({ PUBLIC_DIR: '/srv/xuncha', PUBLIC_BASE_URL: 'https://yjglt.example.gov.cn/xuncha/' }).disclosure).toEqual({
      directory: '/srv/xuncha',
      baseUrl: 'https://yjglt.example.gov.cn/xuncha',
    });
    expect(configError({ PUBLIC_BASE_URL: 'yjglt.example.gov.cn' }).problems).toEqual([
      'PUBLIC_BASE_URL="yjglt.example.gov.cn" 应为 http(s) 地址 / must be an http(s) URL',
    ]);
  });

  it("serves the workers' monitoring endpoint on 127.0.0.1:9400 unless told another port, or 0 to turn it off", () => {
    expect(loadConfig({}).workerMonitoring).toEqual({ enabled: true, port: 9400, host: '127.0.0.1' });
    expect(loadConfig({ WORKERS_METRICS_PORT: '19400', WORKERS_METRICS_HOST: '0.0.0.0' }).workerMonitoring).toEqual({ enabled: true, port: 19400, host: '0.0.0.0' });
    expect(loadConfig({ WORKERS_METRICS_PORT: '0' }).workerMonitoring).toEqual({ enabled: false, port: 0, host: '127.0.0.1' });
    for (const port of ['70000', 'metrics', '-1', '94.5']) {
      expect(configError({ WORKERS_METRICS_PORT: port }).problems).toEqual([
        `WORKERS_METRICS_PORT="${port}" 应为 1–65535，或 0 表示关闭 / must be 1–65535, or 0 to turn the endpoint off`,
      ]);
    }
  });

  it('reads further engine nodes for failover, comma-separated, and refuses one that is not http(s)', () => {
    expect(loadConfig({}).engine.failoverUrls).toBeUndefined();
    expect(loadConfig({ ENGINE_REST_FAILOVER_URLS: ' http://engine-2:8080/engine-rest/ , https://engine-3/engine-rest,' }).engine.failoverUrls).toEqual([
      'http://engine-2:8080/engine-rest',
      'https://engine-3/engine-rest',
    ]);
    expect(configError({ ENGINE_REST_FAILOVER_URLS: 'engine-2:8080' }).problems).toEqual([
      'ENGINE_REST_FAILOVER_URLS 中的 "engine-2:8080" 应为 http(s) 地址 / "engine-2:8080" in ENGINE_REST_FAILOVER_URLS must be an http(s) URL',
    ]);
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.engine)).toBe(true);
  });

  it('lists every engine problem at once, bilingual', () => {
    const error = configError({ ENGINE_REST_URL: 'localhost:8080', ENGINE_LONG_POLL_MS: '0', ENGINE_MAX_TASKS: 'many' });
    expect(error.problems).toEqual([
      'ENGINE_LONG_POLL_MS="0" 应为正整数 / must be a positive integer',
      'ENGINE_REST_URL="localhost:8080" 应为 http(s) 地址 / must be an http(s) URL',
      'ENGINE_MAX_TASKS="many" 应为正整数 / must be a positive integer',
    ]);
    expect(error.message).toMatch(/^配置无效 \/ invalid configuration/);
  });

  it('keeps the long poll within the engine limit of 30 minutes', () => {
    expect(loadConfig({ ENGINE_LONG_POLL_MS: String(MAX_LONG_POLL_MS) }).engine.asyncResponseTimeoutMs).toBe(MAX_LONG_POLL_MS);
    expect(configError({ ENGINE_LONG_POLL_MS: String(MAX_LONG_POLL_MS + 1) }).message).toContain("must not exceed the engine's limit of 1800000");
  });

  it('never repeats the engine password in a problem', () => {
    const error = configError({ ENGINE_USER: 'anquan:worker', ENGINE_PASSWORD: 'hunter2', ENGINE_WORKER_ID: 'w'.repeat(256) });
    expect(error.problems).toHaveLength(2);
    expect(error.message).toContain('ENGINE_USER="anquan:worker" 不能包含冒号 / must not contain a colon');
    expect(error.message).toContain('ENGINE_WORKER_ID 不能超过 255 个字符');
    expect(error.message).not.toContain('hunter2');
  });

  it.each([
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ WORKER_SHUTDOWN_TIMEOUT_MS: '-5' }, 'WORKER_SHUTDOWN_TIMEOUT_MS'],
    [{ WORKER_SHUTDOWN_TIMEOUT_MS: '10s' }, 'WORKER_SHUTDOWN_TIMEOUT_MS'],
    [{ ENGINE_REST_URL: 'ftp://engine/engine-rest' }, 'ENGINE_REST_URL'],
    [{ ENGINE_LONG_POLL_MS: '2.5' }, 'ENGINE_LONG_POLL_MS'],
    [{ LOCAL_ENGINE_TEST_PORT: '70000' }, 'LOCAL_ENGINE_TEST_PORT'],
    [{ MODELER_PORT: '0' }, 'MODELER_PORT'],
  ])('rejects %o naming %s', (env, key) => {
    const error = configError(env);
    expect(error.message).toContain(key);
  });

  it('treats blank values as unset', () => {
    const config = loadConfig({ LOG_LEVEL: '  ', ENGINE_REST_URL: '', ENGINE_PASSWORD: ' ', ENGINE_WORKER_ID: ' ' });
    expect(config.engine).toMatchObject({ restUrl: 'http://localhost:8080/engine-rest', password: 'demo', workerId: `${os.hostname()}-${process.pid}` });
  });
});

describe('loadConfigForCommand', () => {
  it('writes every problem to stderr and returns nothing, so the command can exit 2', () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(loadConfigForCommand({ LOG_LEVEL: 'loud' })).toBeUndefined();
      expect(loadConfigForCommand({})).toBeDefined();
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toContain('LOG_LEVEL="loud"');
  });
});
