/**
 * The only module that reads process.env. Everything else receives an
 * {@link AppConfig}, so the local engine and a production one (PostgreSQL,
 * several nodes behind a load balancer) differ by environment variables alone.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIN_USER_TOKEN_SECRET_LENGTH } from './engine/user-token.ts';

/** Repository root, so relative paths in configuration do not depend on the caller's cwd. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The engine's own limit on a long poll (asyncResponseTimeout): 30 minutes. */
export const MAX_LONG_POLL_MS = 1_800_000;

/** How the workers, the deploy CLI and the modeler UI reach the Operaton engine's REST API. */
export interface EngineConfig {
  /** Base of the REST API, without trailing slash, e.g. http://localhost:8080/engine-rest. */
  readonly restUrl: string;
  /** Other engine nodes' REST APIs (same database), tried in turn when the current one gives no answer; absent when none is set. */
  readonly failoverUrls?: readonly string[];
  /** HTTP Basic login: the workers' service account, which needs READ, READ_INSTANCE and UPDATE_INSTANCE on process definitions. */
  readonly username: string;
  readonly password: string;
  /** How long one fetchAndLock request waits for a task before it returns empty (long polling). */
  readonly asyncResponseTimeoutMs: number;
  /** Names this worker process to the engine: the owner of its locks, shown in Cockpit. */
  readonly workerId: string;
  /** External tasks one worker process holds at once, over all topics. */
  readonly maxTasks: number;
  /**
   * The login that deploys diagrams and forms (`npm run deploy`, `npm start`, the modeler UI's 部署):
   * it needs CREATE and READ on DEPLOYMENT and READ on PROCESS_DEFINITION, which the workers' account must not have.
   */
  readonly deployer: { readonly username: string; readonly password: string };
  /**
   * Secret shared with the engine application (its ANQUAN_USER_TOKEN_SECRET):
   * the staff workbench signs with it the short-lived tokens by which it calls
   * the engine as the logged-in person (engine/user-token.ts).
   */
  readonly userTokenSecret: string;
}

/**
 * Where the ledger (台账) lives: an embedded SQLite file by default, PostgreSQL
 * when a connection string is configured.
 */
export type LedgerConfig =
  | { readonly backend: 'sqlite'; /** Absolute path of the database file. */ readonly sqliteFile: string }
  | { readonly backend: 'postgres'; /** postgres:// or postgresql:// connection string, credentials included. */ readonly databaseUrl: string };

export const NOTIFY_CHANNELS = ['mailbox', 'smtp'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** How notices (anquan.notify.send) go out; recipients and their addresses are in {@link NotifyConfig.directoryFile}. */
export interface NotifyConfig {
  /** mailbox: .eml files in a folder (no mail server needed); smtp: through the server at smtpUrl. */
  readonly channel: NotifyChannel;
  /** smtp:// or smtps:// URL, credentials included; present exactly when channel is smtp. */
  readonly smtpUrl?: string;
  /** From address, e.g. `安委办 <anweiban@example.gov.cn>`; its display name signs the notice as 发文单位. */
  readonly from: string;
  /** Absolute path of the mailbox folder (one subfolder per recipient). */
  readonly mailboxDir: string;
  /** Absolute path of the recipient directory (JSON). */
  readonly directoryFile: string;
}

export const MODELER_AUTH_MODES = ['users-file', 'trusted-header'] as const;
export type ModelerAuthMode = (typeof MODELER_AUTH_MODES)[number];

/**
 * Who may use the modeler UI: people in a user file (bcrypt hashes), or the
 * organisation's SSO in front of it, which names the person and their groups
 * in request headers and proves itself with a shared secret.
 */
export type ModelerAuthConfig =
  | { readonly mode: 'users-file'; /** Absolute path of the user file (JSON). */ readonly usersFile: string }
  | {
      readonly mode: 'trusted-header';
      /** Lower-case header carrying the login, e.g. x-forwarded-user. */
      readonly userHeader: string;
      /** Lower-case header carrying the groups, comma separated. */
      readonly groupsHeader: string;
      /** Value the proxy sends in x-modeler-proxy-secret; requests without it are refused. */
      readonly proxySecret: string;
    };

/** The modeler UI server (modeler-ui/server). */
export interface ModelerConfig {
  readonly port: number;
  /** Address it listens on; 127.0.0.1 unless a proxy on another host must reach it. */
  readonly host: string;
  /** Largest accepted request body (a diagram or form with its JSON envelope), in bytes. */
  readonly maxUploadBytes: number;
  /** Absolute path of the folder keeping every saved version of every file. */
  readonly historyDirectory: string;
  readonly auth: ModelerAuthConfig;
  /** Key signing login sessions; absent means a random key per start (sessions end with the server). */
  readonly sessionSecret?: string;
  readonly sessionTtlMinutes: number;
}

/** The staff workbench (待办, workbench/server), served by the modeler UI server at /tasks. */
export interface WorkbenchConfig {
  /** Largest attachment a user may upload to a task, in bytes (before base64). */
  readonly maxAttachmentBytes: number;
}

/** The workers' monitoring endpoint (workers/monitoring/server.ts): /health/live, /health/ready, /metrics. */
export interface WorkerMonitoringConfig {
  /** False when WORKERS_METRICS_PORT is 0. */
  readonly enabled: boolean;
  /** 1–65535 when enabled, 0 when not. */
  readonly port: number;
  /** Address it listens on; 127.0.0.1 unless Prometheus or the orchestrator's probes come from another host. */
  readonly host: string;
}

export interface AppConfig {
  readonly engine: EngineConfig;
  readonly logLevel: LogLevel;
  readonly workerShutdownTimeoutMs: number;
  readonly workerMonitoring: WorkerMonitoringConfig;
  /** Absolute path of the working-day calendar overrides (JSON). */
  readonly calendarOverrideFile: string;
  /** Absolute path of the folder holding the jurisdiction profiles (<id>.json). */
  readonly profileDirectory: string;
  readonly ledger: LedgerConfig;
  /** The public disclosure site (结果公开, 通报曝光) the workers write. */
  readonly disclosure: {
    /** Absolute path of the folder holding index.html and feed.json. */
    readonly directory: string;
    /** Where that folder is served, without trailing slash; absent when it is published as files only. */
    readonly baseUrl?: string;
  };
  readonly notify: NotifyConfig;
  /** Absolute path of the folder the monthly 调度表 (seed 004) are written to, one subfolder per campaign. */
  readonly reportsDirectory: string;
  /** Absolute path of the folder holding the 双随机 registers (inspection-objects.json, inspectors.json). */
  readonly inspectionRegisterDirectory: string;
  /** Absolute path of the JSON file recording what was last deployed from each file (deploy/deploy-records.ts). */
  readonly deployRecordFile: string;
  readonly modeler: ModelerConfig;
  readonly workbench: WorkbenchConfig;
  readonly localEngine: {
    /** Preferred JDK home; the engine scripts fall back to `java` on PATH and the usual JVM folders. */
    readonly javaHome?: string;
    /** PATH, searched for `java`, `mvn` and `tar`. */
    readonly path?: string;
    readonly startTimeoutMs: number;
    /** Port of the integration tests' own engine (the test profile). */
    readonly testPort: number;
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

/** Environment variables this project reads, with their defaults. */
const ENV_DEFAULTS = {
  /** The Operaton engine's REST API (http or https, path included); the local engine serves it on 8080. */
  ENGINE_REST_URL: 'http://localhost:8080/engine-rest',
  /** Further engine nodes on the same database, comma-separated REST URLs: when the engine gives no answer, the workers' next requests go to the next node (failover without a load balancer); empty means ENGINE_REST_URL only. */
  ENGINE_REST_FAILOVER_URLS: '',
  /** HTTP Basic user of the workers (service account); the local engine start creates anquan-worker with its authorizations. */
  ENGINE_USER: 'anquan-worker',
  /** Password of ENGINE_USER; the local default is demo, production sets its own. */
  ENGINE_PASSWORD: 'demo',
  /** HTTP Basic user that deploys (deploy CLI, npm start, modeler UI); locally the engine's admin demo, in production a deployment account. */
  ENGINE_DEPLOY_USER: 'demo',
  /** Password of ENGINE_DEPLOY_USER. */
  ENGINE_DEPLOY_PASSWORD: 'demo',
  /** Secret (32+ characters) shared with the engine, which accepts workbench calls signed with it as the named user; the local default is for the demo only, production sets its own. */
  ENGINE_USER_TOKEN_SECRET: 'local-demo-only-user-token-secret-not-for-production',
  /** Long polling: how long one fetchAndLock waits for a task, in milliseconds (at most 1800000); a failed task's retry may start this much after its back-off. */
  ENGINE_LONG_POLL_MS: '20000',
  /** This worker process's id, the owner of its task locks in Cockpit; empty means <hostname>-<pid>. */
  ENGINE_WORKER_ID: '',
  /** External tasks one worker process holds at once, over all topics. */
  ENGINE_MAX_TASKS: '32',
  /** Our log level: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: 'info',
  /** How long stopping workers wait for in-flight external tasks (and their long poll) before giving up, in milliseconds. */
  WORKER_SHUTDOWN_TIMEOUT_MS: '10000',
  /** Port of the workers' /health/live, /health/ready and /metrics (npm run workers); 0 turns that endpoint off. */
  WORKERS_METRICS_PORT: '9400',
  /** Address the workers' monitoring endpoint listens on; 0.0.0.0 when Prometheus or the probes reach it from another host. */
  WORKERS_METRICS_HOST: '127.0.0.1',
  /** Holidays and make-up working days not yet in the calendar package; relative to the repository root. */
  CALENDAR_OVERRIDE_FILE: 'processes/calendar/overrides.json',
  /** Jurisdiction profiles (江西, 盐城, 湖南 deadline figures); relative to the repository root. */
  PROFILE_DIRECTORY: 'processes/profiles',
  /** Ledger (台账) database as postgres://user:password@host:5432/database; empty means the embedded SQLite file below. */
  LEDGER_DATABASE_URL: '',
  /** Embedded ledger database used when LEDGER_DATABASE_URL is empty; relative to the repository root. */
  LEDGER_SQLITE_FILE: 'var/ledger.sqlite',
  /** Folder of the public disclosure page (index.html) and its JSON Feed (feed.json); relative to the repository root. */
  PUBLIC_DIR: 'var/public',
  /** http(s) address where PUBLIC_DIR is served, e.g. https://yjglt.example.gov.cn/xuncha; empty means file paths are reported. */
  PUBLIC_BASE_URL: '',
  /** How notices are e-mailed: mailbox (.eml files in NOTIFY_MAILBOX_DIR, no server needed) or smtp (through SMTP_URL). */
  NOTIFY_CHANNEL: 'mailbox',
  /** SMTP server as smtp://user:password@host:587 or smtps://user:password@host:465; required when NOTIFY_CHANNEL=smtp. */
  SMTP_URL: '',
  /** Sender of notices; its display name signs them as 发文单位. */
  NOTIFY_FROM: '安委办 <anweiban@example.gov.cn>',
  /** Folder the mailbox channel writes .eml files to, one subfolder per recipient; relative to the repository root. */
  NOTIFY_MAILBOX_DIR: 'var/mailbox',
  /** Recipient directory (names, e-mail addresses, webhooks by id); relative to the repository root. */
  NOTIFY_DIRECTORY_FILE: 'processes/directory.json',
  /** Folder the monthly 调度表 (CSV and HTML) are written to, one subfolder per campaign; relative to the repository root. */
  REPORTS_DIR: 'var/reports',
  /** 双随机 registers: inspection-objects.json (检查对象名录) and inspectors.json (执法检查人员名录); relative to the repository root. */
  INSPECTION_REGISTER_DIR: 'processes/registers',
  /** How long `npm run engine` waits for the local engine to become ready, in milliseconds. */
  LOCAL_ENGINE_START_TIMEOUT_MS: '300000',
  /** Port of the integration tests' own engine (its own H2 database and controlled clock). */
  LOCAL_ENGINE_TEST_PORT: '8090',
  /** What was last deployed from each file (hash, versions, who); written by npm run deploy, npm start and the modeler UI; relative to the repository root. */
  DEPLOY_RECORD_FILE: 'var/deployments.json',
  /** Port of the modeler UI server (npm run modeler). */
  MODELER_PORT: '3000',
  /** Address the modeler UI listens on; keep 127.0.0.1 unless a reverse proxy on another host must reach it. */
  MODELER_HOST: '127.0.0.1',
  /** Largest request body the modeler UI accepts (a diagram or form in its JSON envelope), in bytes. */
  MODELER_MAX_UPLOAD_BYTES: '2097152',
  /** Folder keeping every version saved through the modeler UI (who, when, comment); relative to the repository root. */
  MODELER_HISTORY_DIR: 'var/modeler-history',
  /** Modeler UI login: users-file (MODELER_USERS_FILE, bcrypt hashes) or trusted-header (an SSO reverse proxy names the user). */
  MODELER_AUTH: 'users-file',
  /** Modeler UI users with bcrypt password hashes and groups; relative to the repository root. */
  MODELER_USERS_FILE: 'modeler-ui/users.json',
  /** trusted-header: request header in which the SSO proxy sends the login. */
  MODELER_TRUSTED_USER_HEADER: 'x-forwarded-user',
  /** trusted-header: request header in which the SSO proxy sends the user's groups, comma separated. */
  MODELER_TRUSTED_GROUPS_HEADER: 'x-forwarded-groups',
  /** trusted-header (required there): shared secret the proxy sends in x-modeler-proxy-secret, so direct requests cannot forge the headers. */
  MODELER_PROXY_SECRET: '',
  /** Key signing modeler UI login sessions (32+ characters); empty means a random key per start, ending all sessions on restart. */
  MODELER_SESSION_SECRET: '',
  /** How long a modeler UI login lasts, in minutes. */
  MODELER_SESSION_TTL_MINUTES: '480',
  /** Largest attachment (PDF, image, office document, plain text) the staff workbench accepts on a task, in bytes; 10 MiB by default. */
  WORKBENCH_MAX_ATTACHMENT_BYTES: '10485760',
} as const;

function readValue(env: Env, key: keyof typeof ENV_DEFAULTS): string {
  const raw = env[key]?.trim();
  return raw ? raw : ENV_DEFAULTS[key];
}

function readOptional(env: Env, key: keyof typeof ENV_DEFAULTS): string | undefined {
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

function readHttpUrlList(env: Env, key: keyof typeof ENV_DEFAULTS, problems: string[]): string[] {
  const urls = readValue(env, key)
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const url of urls) {
    if (!isHttpUrl(url)) problems.push(`${key} 中的 "${url}" 应为 http(s) 地址 / "${url}" in ${key} must be an http(s) URL`);
  }
  return urls.filter(isHttpUrl).map((url) => url.replace(/\/+$/, ''));
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function readPort(env: Env, key: keyof typeof ENV_DEFAULTS, problems: string[]): number {
  const port = readPositiveInteger(env, key, problems);
  if (port > 65_535) {
    problems.push(`${key}="${port}" 应为 1–65535 / must be 1–65535`);
    return Number(ENV_DEFAULTS[key]);
  }
  return port;
}

function readWorkerMonitoring(env: Env, problems: string[]): WorkerMonitoringConfig {
  const host = readValue(env, 'WORKERS_METRICS_HOST');
  const value = readValue(env, 'WORKERS_METRICS_PORT');
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    problems.push(`WORKERS_METRICS_PORT="${value}" 应为 1–65535，或 0 表示关闭 / must be 1–65535, or 0 to turn the endpoint off`);
    return { enabled: true, port: Number(ENV_DEFAULTS.WORKERS_METRICS_PORT), host };
  }
  return { enabled: port !== 0, port, host };
}

/** The engine keeps a lock owner in a 255-character column. */
const MAX_WORKER_ID_LENGTH = 255;

function readEngine(env: Env, problems: string[]): EngineConfig {
  const asyncResponseTimeoutMs = readPositiveInteger(env, 'ENGINE_LONG_POLL_MS', problems);
  if (asyncResponseTimeoutMs > MAX_LONG_POLL_MS) {
    problems.push(
      `ENGINE_LONG_POLL_MS="${asyncResponseTimeoutMs}" 不能超过引擎上限 ${MAX_LONG_POLL_MS} / must not exceed the engine's limit of ${MAX_LONG_POLL_MS}`,
    );
  }
  const workerId = readOptional(env, 'ENGINE_WORKER_ID') ?? `${os.hostname()}-${process.pid}`;
  if (workerId.length > MAX_WORKER_ID_LENGTH) {
    problems.push(`ENGINE_WORKER_ID 不能超过 ${MAX_WORKER_ID_LENGTH} 个字符 / must be at most ${MAX_WORKER_ID_LENGTH} characters`);
  }
  const username = readValue(env, 'ENGINE_USER');
  if (username.includes(':')) {
    // HTTP Basic separates user and password with the first colon.
    problems.push(`ENGINE_USER="${username}" 不能包含冒号 / must not contain a colon`);
  }
  const failoverUrls = readHttpUrlList(env, 'ENGINE_REST_FAILOVER_URLS', problems);
  return {
    restUrl: readHttpUrl(env, 'ENGINE_REST_URL', problems),
    ...(failoverUrls.length > 0 ? { failoverUrls } : {}),
    username,
    // Only blank is replaced by the default: a password may start or end with spaces on purpose.
    password: env['ENGINE_PASSWORD'] !== undefined && env['ENGINE_PASSWORD'].trim() !== '' ? env['ENGINE_PASSWORD'] : ENV_DEFAULTS.ENGINE_PASSWORD,
    asyncResponseTimeoutMs,
    workerId,
    maxTasks: readPositiveInteger(env, 'ENGINE_MAX_TASKS', problems),
    deployer: {
      username: readValue(env, 'ENGINE_DEPLOY_USER'),
      password:
        env['ENGINE_DEPLOY_PASSWORD'] !== undefined && env['ENGINE_DEPLOY_PASSWORD'].trim() !== ''
          ? env['ENGINE_DEPLOY_PASSWORD']
          : ENV_DEFAULTS.ENGINE_DEPLOY_PASSWORD,
    },
    userTokenSecret: readUserTokenSecret(env, problems),
  };
}

function readUserTokenSecret(env: Env, problems: string[]): string {
  const secret = readValue(env, 'ENGINE_USER_TOKEN_SECRET');
  if (secret.length < MIN_USER_TOKEN_SECRET_LENGTH) {
    problems.push(
      `ENGINE_USER_TOKEN_SECRET 须至少 ${MIN_USER_TOKEN_SECRET_LENGTH} 个字符 / ENGINE_USER_TOKEN_SECRET must be at least ${MIN_USER_TOKEN_SECRET_LENGTH} characters`,
    );
  }
  return secret;
}

const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

function readModeler(env: Env, problems: string[]): ModelerConfig {
  const port = readPort(env, 'MODELER_PORT', problems);
  const mode = readChoice(env, 'MODELER_AUTH', MODELER_AUTH_MODES, problems, (value) => value.toLowerCase());
  let auth: ModelerAuthConfig;
  if (mode === 'trusted-header') {
    const header = (key: 'MODELER_TRUSTED_USER_HEADER' | 'MODELER_TRUSTED_GROUPS_HEADER'): string => {
      const name = readValue(env, key).toLowerCase();
      if (!HEADER_NAME.test(name)) problems.push(`${key}="${name}" 不是合法的请求头名 / is not a valid header name`);
      return name;
    };
    const proxySecret = readOptional(env, 'MODELER_PROXY_SECRET');
    if (proxySecret === undefined || proxySecret.length < 16) {
      // The value is a secret, so the problem names the key but not the value.
      problems.push(
        'MODELER_PROXY_SECRET 须至少 16 个字符，MODELER_AUTH=trusted-header 时必填 / MODELER_PROXY_SECRET of at least 16 characters is required when MODELER_AUTH=trusted-header',
      );
    }
    auth = { mode, userHeader: header('MODELER_TRUSTED_USER_HEADER'), groupsHeader: header('MODELER_TRUSTED_GROUPS_HEADER'), proxySecret: proxySecret ?? '' };
  } else {
    auth = { mode, usersFile: path.resolve(PROJECT_ROOT, readValue(env, 'MODELER_USERS_FILE')) };
  }
  const sessionSecret = readOptional(env, 'MODELER_SESSION_SECRET');
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    problems.push('MODELER_SESSION_SECRET 须至少 32 个字符 / MODELER_SESSION_SECRET must be at least 32 characters');
  }
  return {
    port,
    host: readValue(env, 'MODELER_HOST'),
    maxUploadBytes: readPositiveInteger(env, 'MODELER_MAX_UPLOAD_BYTES', problems),
    historyDirectory: path.resolve(PROJECT_ROOT, readValue(env, 'MODELER_HISTORY_DIR')),
    auth,
    ...optionalEntry('sessionSecret', sessionSecret),
    sessionTtlMinutes: readPositiveInteger(env, 'MODELER_SESSION_TTL_MINUTES', problems),
  };
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

function readDisclosureSite(env: Env, problems: string[]): AppConfig['disclosure'] {
  const directory = path.resolve(PROJECT_ROOT, readValue(env, 'PUBLIC_DIR'));
  const baseUrl = readOptional(env, 'PUBLIC_BASE_URL');
  if (baseUrl === undefined) return { directory };
  if (!isHttpUrl(baseUrl)) {
    problems.push(`PUBLIC_BASE_URL="${baseUrl}" 应为 http(s) 地址 / must be an http(s) URL`);
    return { directory };
  }
  return { directory, baseUrl: baseUrl.replace(/\/+$/, '') };
}

function readNotify(env: Env, problems: string[]): NotifyConfig {
  const channel = readChoice(env, 'NOTIFY_CHANNEL', NOTIFY_CHANNELS, problems, (value) => value.toLowerCase());
  const smtpUrl = readOptional(env, 'SMTP_URL');
  if (channel === 'smtp' && smtpUrl === undefined) {
    problems.push('SMTP_URL 未设置，NOTIFY_CHANNEL=smtp 时必填 / SMTP_URL is required when NOTIFY_CHANNEL=smtp');
  }
  if (smtpUrl !== undefined && !isSmtpUrl(smtpUrl)) {
    // The value may carry a password, so the problem names the key but not the value.
    problems.push('SMTP_URL 应为 smtp://用户:密码@主机:端口 或 smtps://… 形式 / must look like smtp://user:password@host:587 or smtps://…');
  }
  const from = readValue(env, 'NOTIFY_FROM');
  if (!/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/.test(from) || from.includes('<') !== from.endsWith('>')) {
    problems.push(`NOTIFY_FROM="${from}" 应为 邮箱 或 名称 <邮箱> / must be an address or Name <address>`);
  }
  return {
    channel,
    ...(channel === 'smtp' && smtpUrl !== undefined ? { smtpUrl } : {}),
    from,
    mailboxDir: path.resolve(PROJECT_ROOT, readValue(env, 'NOTIFY_MAILBOX_DIR')),
    directoryFile: path.resolve(PROJECT_ROOT, readValue(env, 'NOTIFY_DIRECTORY_FILE')),
  };
}

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
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

/** Validates the environment once and returns an immutable, typed configuration. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];

  const calendarOverrideFile = path.resolve(PROJECT_ROOT, readValue(env, 'CALENDAR_OVERRIDE_FILE'));

  const config: AppConfig = {
    engine: readEngine(env, problems),
    logLevel: readChoice(env, 'LOG_LEVEL', LOG_LEVELS, problems, (value) => value.toLowerCase()),
    workerShutdownTimeoutMs: readPositiveInteger(env, 'WORKER_SHUTDOWN_TIMEOUT_MS', problems),
    workerMonitoring: readWorkerMonitoring(env, problems),
    calendarOverrideFile,
    profileDirectory: path.resolve(PROJECT_ROOT, readValue(env, 'PROFILE_DIRECTORY')),
    ledger: readLedger(env, problems),
    disclosure: readDisclosureSite(env, problems),
    notify: readNotify(env, problems),
    reportsDirectory: path.resolve(PROJECT_ROOT, readValue(env, 'REPORTS_DIR')),
    inspectionRegisterDirectory: path.resolve(PROJECT_ROOT, readValue(env, 'INSPECTION_REGISTER_DIR')),
    deployRecordFile: path.resolve(PROJECT_ROOT, readValue(env, 'DEPLOY_RECORD_FILE')),
    modeler: readModeler(env, problems),
    workbench: { maxAttachmentBytes: readPositiveInteger(env, 'WORKBENCH_MAX_ATTACHMENT_BYTES', problems) },
    localEngine: {
      ...optionalEntry('javaHome', env.JAVA_HOME?.trim() || undefined),
      ...optionalEntry('path', env.PATH),
      startTimeoutMs: readPositiveInteger(env, 'LOCAL_ENGINE_START_TIMEOUT_MS', problems),
      testPort: readPort(env, 'LOCAL_ENGINE_TEST_PORT', problems),
    },
  };

  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return deepFreeze(config);
}

/**
 * For commands (npm start, deploy, workers, modeler): the validated configuration,
 * or undefined after writing every problem to stderr, where the command exits 2.
 */
export function loadConfigForCommand(env: Env = process.env): AppConfig | undefined {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return undefined;
  }
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

