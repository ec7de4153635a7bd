/**
 * The only module that reads process.env. Everything else receives an
 * {@link AppConfig}, so local, self-managed (OAuth) and SaaS clusters differ
 * by environment variables alone.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Camunda8 } from '@camunda8/sdk';

export type Camunda8Options = NonNullable<ConstructorParameters<typeof Camunda8>[0]>;

/** Repository root, so relative paths in configuration do not depend on the caller's cwd. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const AUTH_STRATEGIES = ['NONE', 'BASIC', 'OAUTH', 'BEARER'] as const;
export type AuthStrategy = (typeof AUTH_STRATEGIES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const ZEEBE_CLIENT_LOG_LEVELS = ['NONE', 'ERROR', 'INFO', 'DEBUG'] as const;
export type ZeebeClientLogLevel = (typeof ZEEBE_CLIENT_LOG_LEVELS)[number];

/**
 * Where the ledger (台账) lives: an embedded SQLite file by default, PostgreSQL
 * when a connection string is configured.
 */
export type LedgerConfig =
  | { readonly backend: 'sqlite'; /** Absolute path of the database file. */ readonly sqliteFile: string }
  | { readonly backend: 'postgres'; /** postgres:// or postgresql:// connection string, credentials included. */ readonly databaseUrl: string };

export interface AppConfig {
  readonly camunda: {
    /** gRPC gateway with protocol: grpc:// is plaintext, grpcs:// is TLS. */
    readonly zeebeGrpcAddress: string;
    readonly zeebeRestAddress: string;
    readonly operateBaseUrl: string;
    readonly tasklistBaseUrl: string;
    readonly authStrategy: AuthStrategy;
    readonly basicAuth?: { readonly username: string; readonly password: string };
    readonly oauth?: {
      readonly clientId: string;
      readonly clientSecret: string;
      readonly oauthUrl: string;
      readonly zeebeTokenAudience?: string;
    };
    readonly bearerToken?: string;
    readonly zeebeClientLogLevel: ZeebeClientLogLevel;
  };
  readonly logLevel: LogLevel;
  readonly workerShutdownTimeoutMs: number;
  /** Absolute path of the working-day calendar overrides (JSON). */
  readonly calendarOverrideFile: string;
  readonly ledger: LedgerConfig;
  readonly localEngine: {
    /** Preferred JDK home; the engine scripts fall back to `java` on PATH and the usual JVM folders. */
    readonly javaHome?: string;
    /** PATH, searched for `java`, `mvn` and `tar`. */
    readonly path?: string;
    readonly startTimeoutMs: number;
  };
}

/** Raised for any invalid or inconsistent environment variable; lists every problem at once. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`配置无效 / invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Environment variables this project reads, with their defaults. The SDK's own
 * names are reused so its documentation applies unchanged.
 */
const ENV_DEFAULTS = {
  /** Zeebe gRPC gateway; host:port (protocol from CAMUNDA_SECURE_CONNECTION) or grpc://host:port / grpcs://host:port. */
  ZEEBE_GRPC_ADDRESS: 'localhost:26500',
  /** Orchestration cluster REST endpoint (serves /v2). */
  ZEEBE_REST_ADDRESS: 'http://localhost:8080',
  /** NONE (local engine), BASIC, OAUTH (self-managed Identity or SaaS) or BEARER. */
  CAMUNDA_AUTH_STRATEGY: 'NONE',
  /** Operate web app and v1 API base. */
  CAMUNDA_OPERATE_BASE_URL: 'http://localhost:8080/operate',
  /** Tasklist web app and v1 API base. */
  CAMUNDA_TASKLIST_BASE_URL: 'http://localhost:8080/tasklist',
  /** Use TLS for a ZEEBE_GRPC_ADDRESS written without protocol. */
  CAMUNDA_SECURE_CONNECTION: 'false',
  /** Verbosity of the SDK's own gRPC client messages (NONE, ERROR, INFO, DEBUG). */
  ZEEBE_CLIENT_LOG_LEVEL: 'ERROR',
  /** Our log level: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: 'info',
  /** How long a stopping worker waits for in-flight jobs before giving up, in milliseconds. */
  WORKER_SHUTDOWN_TIMEOUT_MS: '10000',
  /** Holidays and make-up working days not yet in the calendar package; relative to the repository root. */
  CALENDAR_OVERRIDE_FILE: 'processes/calendar/overrides.json',
  /** Ledger (台账) database as postgres://user:password@host:5432/database; empty means the embedded SQLite file below. */
  LEDGER_DATABASE_URL: '',
  /** Embedded ledger database used when LEDGER_DATABASE_URL is empty; relative to the repository root. */
  LEDGER_SQLITE_FILE: 'var/ledger.sqlite',
  /** How long `npm run engine` waits for the local cluster to become ready, in milliseconds. */
  LOCAL_ENGINE_START_TIMEOUT_MS: '300000',
} as const;

/** Credentials, read only for the CAMUNDA_AUTH_STRATEGY that needs them; none has a default. */
const CREDENTIAL_KEYS = {
  /** BASIC: user name. */
  CAMUNDA_BASIC_AUTH_USERNAME: 'BASIC',
  /** BASIC: password. */
  CAMUNDA_BASIC_AUTH_PASSWORD: 'BASIC',
  /** OAUTH: client id registered in Identity (self-managed) or the SaaS console. */
  ZEEBE_CLIENT_ID: 'OAUTH',
  /** OAUTH: client secret. */
  ZEEBE_CLIENT_SECRET: 'OAUTH',
  /** OAUTH: token endpoint. */
  CAMUNDA_OAUTH_URL: 'OAUTH',
  /** OAUTH (optional): token audience for Zeebe, when the cluster's differs from the SDK default. */
  ZEEBE_TOKEN_AUDIENCE: 'OAUTH',
  /** BEARER: a ready-made access token. */
  CAMUNDA_OAUTH_TOKEN: 'BEARER',
} as const satisfies Record<string, AuthStrategy>;
type CredentialKey = keyof typeof CREDENTIAL_KEYS;

function readValue(env: Env, key: keyof typeof ENV_DEFAULTS): string {
  const raw = env[key]?.trim();
  return raw ? raw : ENV_DEFAULTS[key];
}

function readOptional(env: Env, key: CredentialKey | keyof typeof ENV_DEFAULTS): string | undefined {
  const raw = env[key]?.trim();
  return raw ? raw : undefined;
}

function readChoice<T extends string>(
  env: Env,
  key: keyof typeof ENV_DEFAULTS,
  choices: readonly T[],
  problems: string[],
  normalise: (value: string) => string = (value) => value,
): T {
  const value = normalise(readValue(env, key));
  if ((choices as readonly string[]).includes(value)) {
    return value as T;
  }
  problems.push(`${key}="${value}" 不是可选值之一 / is not one of: ${choices.join(', ')}`);
  return normalise(ENV_DEFAULTS[key]) as T;
}

function readBoolean(env: Env, key: keyof typeof ENV_DEFAULTS, problems: string[]): boolean {
  const value = readValue(env, key).toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  problems.push(`${key}="${value}" 应为 true 或 false / must be true or false`);
  return false;
}

function readPositiveInteger(env: Env, key: keyof typeof ENV_DEFAULTS, problems: string[]): number {
  const value = readValue(env, key);
  const parsed = Number(value);
  if (/^\d+$/.test(value) && Number.isSafeInteger(parsed) && parsed > 0) {
    return parsed;
  }
  problems.push(`${key}="${value}" 应为正整数 / must be a positive integer`);
  return Number(ENV_DEFAULTS[key]);
}

function readHttpUrl(env: Env, key: keyof typeof ENV_DEFAULTS, problems: string[]): string {
  const value = readValue(env, key);
  if (isHttpUrl(value)) return value.replace(/\/+$/, '');
  problems.push(`${key}="${value}" 应为 http(s) 地址 / must be an http(s) URL`);
  return ENV_DEFAULTS[key];
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The SDK insists on grpc:// or grpcs://; people (and older docs) write plain
 * host:port, so the protocol is derived from CAMUNDA_SECURE_CONNECTION then.
 */
function readGrpcAddress(env: Env, problems: string[]): string {
  const address = readValue(env, 'ZEEBE_GRPC_ADDRESS');
  const secure = readBoolean(env, 'CAMUNDA_SECURE_CONNECTION', problems);
  const withProtocol = /^grpcs?:\/\//.test(address) ? address : `${secure ? 'grpcs' : 'grpc'}://${address}`;
  const hostPort = withProtocol.replace(/^grpcs?:\/\//, '');
  if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(hostPort) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(hostPort)) {
    problems.push(
      `ZEEBE_GRPC_ADDRESS="${address}" 应为 主机:端口 或 grpc(s)://主机:端口 / must be host:port or grpc(s)://host:port`,
    );
  }
  if (readOptional(env, 'CAMUNDA_SECURE_CONNECTION') !== undefined && /^grpcs?:\/\//.test(address)) {
    const addressIsSecure = address.startsWith('grpcs://');
    if (addressIsSecure !== secure) {
      problems.push(
        `ZEEBE_GRPC_ADDRESS 的协议与 CAMUNDA_SECURE_CONNECTION=${String(secure)} 矛盾 / ` +
          `the protocol of ZEEBE_GRPC_ADDRESS contradicts CAMUNDA_SECURE_CONNECTION=${String(secure)}`,
      );
    }
  }
  return withProtocol;
}

function readLedger(env: Env, problems: string[]): LedgerConfig {
  const databaseUrl = readOptional(env, 'LEDGER_DATABASE_URL');
  if (databaseUrl === undefined) {
    return { backend: 'sqlite', sqliteFile: path.resolve(PROJECT_ROOT, readValue(env, 'LEDGER_SQLITE_FILE')) };
  }
  if (!isPostgresUrl(databaseUrl)) {
    // The value may carry a password, so the problem names the key but not the value.
    problems.push(
      'LEDGER_DATABASE_URL 应为 postgres://用户:密码@主机:端口/数据库 形式的连接串 / must be a connection string like postgres://user:password@host:5432/database',
    );
  }
  return { backend: 'postgres', databaseUrl };
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '' && url.pathname.length > 1;
  } catch {
    return false;
  }
}

/** A connection string with its password masked, for logs. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparsable connection string)';
  }
}

function requireKeys(env: Env, keys: readonly CredentialKey[], strategy: AuthStrategy, problems: string[]): void {
  for (const key of keys) {
    if (readOptional(env, key) === undefined) {
      problems.push(`${key} 未设置，CAMUNDA_AUTH_STRATEGY=${strategy} 时必填 / ${key} is required when CAMUNDA_AUTH_STRATEGY=${strategy}`);
    }
  }
}

/** Validates the environment once and returns an immutable, typed configuration. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];

  const authStrategy = readChoice(env, 'CAMUNDA_AUTH_STRATEGY', AUTH_STRATEGIES, problems, (value) => value.toUpperCase());
  if (authStrategy === 'BASIC') {
    requireKeys(
      env,
      ['CAMUNDA_BASIC_AUTH_USERNAME', 'CAMUNDA_BASIC_AUTH_PASSWORD'],
      authStrategy,
      problems,
    );
  }
  if (authStrategy === 'OAUTH') {
    requireKeys(
      env,
      ['ZEEBE_CLIENT_ID', 'ZEEBE_CLIENT_SECRET', 'CAMUNDA_OAUTH_URL'],
      authStrategy,
      problems,
    );
    const oauthUrl = readOptional(env, 'CAMUNDA_OAUTH_URL');
    if (oauthUrl !== undefined && !isHttpUrl(oauthUrl)) {
      problems.push(`CAMUNDA_OAUTH_URL="${oauthUrl}" 应为 http(s) 地址 / must be an http(s) URL`);
    }
  }
  if (authStrategy === 'BEARER') {
    requireKeys(env, ['CAMUNDA_OAUTH_TOKEN'], authStrategy, problems);
  }

  const camunda: AppConfig['camunda'] = {
    zeebeGrpcAddress: readGrpcAddress(env, problems),
    zeebeRestAddress: readHttpUrl(env, 'ZEEBE_REST_ADDRESS', problems),
    operateBaseUrl: readHttpUrl(env, 'CAMUNDA_OPERATE_BASE_URL', problems),
    tasklistBaseUrl: readHttpUrl(env, 'CAMUNDA_TASKLIST_BASE_URL', problems),
    authStrategy,
    zeebeClientLogLevel: readChoice(env, 'ZEEBE_CLIENT_LOG_LEVEL', ZEEBE_CLIENT_LOG_LEVELS, problems, (value) =>
      value.toUpperCase(),
    ),
    ...(authStrategy === 'BASIC'
      ? {
          basicAuth: {
            username: readOptional(env, 'CAMUNDA_BASIC_AUTH_USERNAME') ?? '',
            password: readOptional(env, 'CAMUNDA_BASIC_AUTH_PASSWORD') ?? '',
          },
        }
      : {}),
    ...(authStrategy === 'OAUTH'
      ? {
          oauth: {
            clientId: readOptional(env, 'ZEEBE_CLIENT_ID') ?? '',
            clientSecret: readOptional(env, 'ZEEBE_CLIENT_SECRET') ?? '',
            oauthUrl: readOptional(env, 'CAMUNDA_OAUTH_URL') ?? '',
            ...optionalEntry('zeebeTokenAudience', readOptional(env, 'ZEEBE_TOKEN_AUDIENCE')),
          },
        }
      : {}),
    ...(authStrategy === 'BEARER' ? { bearerToken: readOptional(env, 'CAMUNDA_OAUTH_TOKEN') ?? '' } : {}),
  };

  const calendarOverrideFile = path.resolve(PROJECT_ROOT, readValue(env, 'CALENDAR_OVERRIDE_FILE'));

  const config: AppConfig = {
    camunda,
    logLevel: readChoice(env, 'LOG_LEVEL', LOG_LEVELS, problems, (value) => value.toLowerCase()),
    workerShutdownTimeoutMs: readPositiveInteger(env, 'WORKER_SHUTDOWN_TIMEOUT_MS', problems),
    calendarOverrideFile,
    ledger: readLedger(env, problems),
    localEngine: {
      ...optionalEntry('javaHome', env.JAVA_HOME?.trim() || undefined),
      ...optionalEntry('path', env.PATH),
      startTimeoutMs: readPositiveInteger(env, 'LOCAL_ENGINE_START_TIMEOUT_MS', problems),
    },
  };

  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return deepFreeze(config);
}

function optionalEntry<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const nested of Object.values(value)) {
      deepFreeze(nested);
    }
    Object.freeze(value);
  }
  return value;
}

/**
 * Options for `new Camunda8(options)`. Every value the SDK would otherwise take
 * from the environment is passed explicitly, so the validated configuration is
 * the one in force.
 */
export function buildCamundaOptions(config: AppConfig): Camunda8Options {
  const { camunda } = config;
  return {
    ZEEBE_GRPC_ADDRESS: camunda.zeebeGrpcAddress,
    ZEEBE_REST_ADDRESS: camunda.zeebeRestAddress,
    CAMUNDA_OPERATE_BASE_URL: camunda.operateBaseUrl,
    CAMUNDA_TASKLIST_BASE_URL: camunda.tasklistBaseUrl,
    CAMUNDA_AUTH_STRATEGY: camunda.authStrategy,
    ...(camunda.basicAuth
      ? {
          CAMUNDA_BASIC_AUTH_USERNAME: camunda.basicAuth.username,
          CAMUNDA_BASIC_AUTH_PASSWORD: camunda.basicAuth.password,
        }
      : {}),
    ...(camunda.oauth
      ? {
          ZEEBE_CLIENT_ID: camunda.oauth.clientId,
          ZEEBE_CLIENT_SECRET: camunda.oauth.clientSecret,
          CAMUNDA_OAUTH_URL: camunda.oauth.oauthUrl,
          ...(camunda.oauth.zeebeTokenAudience ? { ZEEBE_TOKEN_AUDIENCE: camunda.oauth.zeebeTokenAudience } : {}),
        }
      : {}),
    ...(camunda.bearerToken ? { CAMUNDA_OAUTH_TOKEN: camunda.bearerToken } : {}),
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: camunda.zeebeClientLogLevel,
    },
  };
}
