import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError, PROJECT_ROOT, buildCamundaOptions, loadConfig, loadConfigForCommand } from '../../../workers/config.ts';

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
  it('defaults to the local engine without authentication', () => {
    const config = loadConfig({});
    expect(config.camunda).toMatchObject({
      zeebeGrpcAddress: 'grpc://localhost:26500',
      zeebeRestAddress: 'http://localhost:8088',
      operateBaseUrl: 'http://localhost:8080/operate',
      tasklistBaseUrl: 'http://localhost:8080/tasklist',
      authStrategy: 'NONE',
    });
    expect(config.logLevel).toBe('info');
    expect(config.workerShutdownTimeoutMs).toBe(10_000);
    expect(config.calendarOverrideFile).toBe(path.join(PROJECT_ROOT, 'processes/calendar/overrides.json'));
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

  it('returns a deeply frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.camunda)).toBe(true);
  });

  it('derives the gRPC protocol from CAMUNDA_SECURE_CONNECTION when the address has none', () => {
    expect(loadConfig({ ZEEBE_GRPC_ADDRESS: 'zeebe.example.internal:443', CAMUNDA_SECURE_CONNECTION: 'true' }).camunda.zeebeGrpcAddress).toBe(
      'grpcs://zeebe.example.internal:443',
    );
    expect(loadConfig({ ZEEBE_GRPC_ADDRESS: 'grpcs://zeebe.example.internal:443' }).camunda.zeebeGrpcAddress).toBe(
      'grpcs://zeebe.example.internal:443',
    );
  });

  it('rejects a protocol that contradicts CAMUNDA_SECURE_CONNECTION', () => {
    expect(configError({ ZEEBE_GRPC_ADDRESS: 'grpc://zeebe:26500', CAMUNDA_SECURE_CONNECTION: 'true' }).message).toContain('contradicts');
  });

  it('requires the OAuth credentials, listing every missing key at once', () => {
    const error = configError({ CAMUNDA_AUTH_STRATEGY: 'OAUTH' });
    expect(error.problems).toHaveLength(3);
    expect(error.message).toContain('ZEEBE_CLIENT_ID');
    expect(error.message).toContain('ZEEBE_CLIENT_SECRET');
    expect(error.message).toContain('CAMUNDA_OAUTH_URL');
    expect(error.message).toMatch(/配置无效 \/ invalid configuration/);
  });

  it('requires both basic-auth credentials', () => {
    expect(configError({ CAMUNDA_AUTH_STRATEGY: 'basic', CAMUNDA_BASIC_AUTH_USERNAME: 'demo' }).problems).toEqual([
      'CAMUNDA_BASIC_AUTH_PASSWORD 未设置，CAMUNDA_AUTH_STRATEGY=BASIC 时必填 / CAMUNDA_BASIC_AUTH_PASSWORD is required when CAMUNDA_AUTH_STRATEGY=BASIC',
    ]);
  });

  it.each([
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ WORKER_SHUTDOWN_TIMEOUT_MS: '-5' }, 'WORKER_SHUTDOWN_TIMEOUT_MS'],
    [{ WORKER_SHUTDOWN_TIMEOUT_MS: '10s' }, 'WORKER_SHUTDOWN_TIMEOUT_MS'],
    [{ ZEEBE_REST_ADDRESS: 'localhost:8080' }, 'ZEEBE_REST_ADDRESS'],
    [{ ZEEBE_GRPC_ADDRESS: 'not an address' }, 'ZEEBE_GRPC_ADDRESS'],
    [{ CAMUNDA_AUTH_STRATEGY: 'KERBEROS' }, 'CAMUNDA_AUTH_STRATEGY'],
    [{ CAMUNDA_SECURE_CONNECTION: 'yes' }, 'CAMUNDA_SECURE_CONNECTION'],
  ])('rejects %o naming %s', (env, key) => {
    const error = configError(env);
    expect(error.message).toContain(key);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ LOG_LEVEL: '  ', ZEEBE_GRPC_ADDRESS: '' }).camunda.zeebeGrpcAddress).toBe('grpc://localhost:26500');
  });
});

describe('buildCamundaOptions', () => {
  it('passes no credentials for the local engine', () => {
    const options = buildCamundaOptions(loadConfig({}));
    expect(options).toMatchObject({ ZEEBE_GRPC_ADDRESS: 'grpc://localhost:26500', CAMUNDA_AUTH_STRATEGY: 'NONE' });
    expect(options).not.toHaveProperty('ZEEBE_CLIENT_ID');
    expect(options).not.toHaveProperty('CAMUNDA_BASIC_AUTH_USERNAME');
  });

  it('configures a SaaS or self-managed OAuth cluster from the environment alone', () => {
    const options = buildCamundaOptions(
      loadConfig({
        ZEEBE_GRPC_ADDRESS: 'grpcs://cluster.example.internal:443',
        ZEEBE_REST_ADDRESS: 'https://cluster.example.internal',
        CAMUNDA_AUTH_STRATEGY: 'OAUTH',
        ZEEBE_CLIENT_ID: 'workers',
        ZEEBE_CLIENT_SECRET: 's3cret',
        CAMUNDA_OAUTH_URL: 'https://identity.example.internal/oauth/token',
        ZEEBE_TOKEN_AUDIENCE: 'zeebe-api',
      }),
    );
    expect(options).toMatchObject({
      ZEEBE_GRPC_ADDRESS: 'grpcs://cluster.example.internal:443',
      ZEEBE_REST_ADDRESS: 'https://cluster.example.internal',
      CAMUNDA_AUTH_STRATEGY: 'OAUTH',
      ZEEBE_CLIENT_ID: 'workers',
      ZEEBE_CLIENT_SECRET: 's3cret',
      CAMUNDA_OAUTH_URL: 'https://identity.example.internal/oauth/token',
      ZEEBE_TOKEN_AUDIENCE: 'zeebe-api',
    });
  });

  it('passes basic-auth credentials', () => {
    const options = buildCamundaOptions(
      loadConfig({ CAMUNDA_AUTH_STRATEGY: 'BASIC', CAMUNDA_BASIC_AUTH_USERNAME: 'demo', CAMUNDA_BASIC_AUTH_PASSWORD: 'demo' }),
    );
    expect(options).toMatchObject({ CAMUNDA_AUTH_STRATEGY: 'BASIC', CAMUNDA_BASIC_AUTH_USERNAME: 'demo', CAMUNDA_BASIC_AUTH_PASSWORD: 'demo' });
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
