/**
 * Starts, watches and stops the local engine of one profile: one JVM running
 * deploy/engine's jar in the background with a pid file, so a second
 * `npm run engine` finds the first instead of starting another.
 */
import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { ensureEngineJar, logTail } from './build.ts';
import { findJdk, type JdkSearch } from './jdk.ts';
import { ENGINE_JAR, LOCAL_LOGIN, MIN_JAVA_VERSION, OPERATON_VERSION, type EngineProfile } from './manifest.ts';

export class EngineStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineStartError';
  }
}

export interface EngineOptions {
  readonly profile: EngineProfile;
  readonly logger: Logger;
  /** PATH handed to the engine and to Maven; nothing else of the caller's environment leaks in. */
  readonly pathVariable?: string;
  readonly jdkSearch: JdkSearch;
  /** How long to wait for readiness (config.localEngine.startTimeoutMs). */
  readonly startTimeoutMs: number;
  /** Delete the profile's data folder (its H2 database) before starting. */
  readonly freshData?: boolean;
  /** Build the jar when missing or stale (default true). */
  readonly build?: boolean;
  /**
   * Extra environment for the JVM, e.g. SPRING_DATASOURCE_URL / _USERNAME /
   * _PASSWORD to run on PostgreSQL instead of H2.
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The staff workbench's user token secret (config.engine.userTokenSecret), handed to the JVM as
   * ANQUAN_USER_TOKEN_SECRET; without it the engine accepts HTTP Basic only and refuses every token.
   */
  readonly userTokenSecret?: string;
}

/**
 * JVM settings for a 2-core machine (resident memory ~300 MiB once started, see
 * bench/engine-start.ts):
 * - heap capped at 512 MB: room for a throughput burst (the prototype reached 630–830 MB
 *   resident under load at this cap) while several JVMs (dev, test, a build) fit side by side;
 * - SerialGC: with 2 cores a concurrent collector's threads compete with the job executor
 *   and the request threads, and its bookkeeping costs resident memory; pauses stay short
 *   on a heap this size;
 * - metaspace capped, so a class-loading leak fails instead of growing without bound;
 * - exit on OutOfMemoryError, so a broken engine shows as stopped instead of limping on;
 * - UTF-8 explicitly: Java 17 still takes its default charset from the locale.
 */
export const JVM_OPTIONS: readonly string[] = [
  '-Xms128m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-XX:MaxMetaspaceSize=256m',
  '-XX:+ExitOnOutOfMemoryError',
  '-Dfile.encoding=UTF-8',
];

const pidFile = (profile: EngineProfile) => path.join(profile.runDir, 'engine.pid');
export const logFile = (profile: EngineProfile) => path.join(profile.runDir, 'engine.log');

export interface EngineUrls {
  /** Base of the REST API (what config.engine.restUrl points at). */
  readonly restUrl: string;
  readonly cockpit: string;
  readonly tasklist: string;
  readonly admin: string;
  readonly welcome: string;
}

export function engineUrls(profile: EngineProfile): EngineUrls {
  const base = `http://localhost:${profile.port}`;
  const app = (name: string) => `${base}/operaton/app/${name}/default/`;
  return { restUrl: `${base}/engine-rest`, cockpit: app('cockpit'), tasklist: app('tasklist'), admin: app('admin'), welcome: app('welcome') };
}

function readPid(profile: EngineProfile): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile(profile), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Alive and still our engine: a stale pid file may name a pid the system has since reused. */
function isAlive(pid: number | undefined): pid is number {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path.basename(ENGINE_JAR));
  } catch {
    return true; // no /proc (macOS): trust the signal check
  }
}

export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const BASIC = `Basic ${Buffer.from(`${LOCAL_LOGIN.username}:${LOCAL_LOGIN.password}`).toString('base64')}`;

/** Ready = the REST API lists the engine (`GET /engine-rest/engine`), asked as the demo admin. */
export async function isReady(profile: EngineProfile): Promise<boolean> {
  try {
    const response = await fetch(`${engineUrls(profile).restUrl}/engine`, {
      headers: { authorization: BASIC, accept: 'application/json' },
      signal: AbortSignal.timeout(3000),
    });
    if (!response.ok) return false;
    const engines = (await response.json()) as Array<{ name?: string }>;
    return engines.some((engine) => engine.name === 'default');
  } catch {
    return false;
  }
}

export interface EngineStatus {
  /** Pid of the profile's engine process, when it runs. */
  readonly pid?: number;
  readonly ready: boolean;
}

export async function engineStatus(profile: EngineProfile): Promise<EngineStatus> {
  const pid = readPid(profile);
  if (!isAlive(pid)) return { ready: false };
  return { pid, ready: await isReady(profile) };
}

async function waitUntilReady(profile: EngineProfile, pid: number, deadline: number, logger: Logger): Promise<void> {
  const started = Date.now();
  let lastReport = started;
  while (Date.now() < deadline) {
    if (await isReady(profile)) {
      logger.info({ profile: profile.name, seconds: Math.round((Date.now() - started) / 100) / 10 }, '流程引擎就绪 / engine ready');
      return;
    }
    if (!isAlive(pid)) break;
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      logger.info({ waitedSeconds: Math.round((Date.now() - started) / 1000) }, '等待流程引擎就绪 / waiting for the engine');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const exited = !isAlive(pid);
  if (!exited) await stopEngine(profile, logger);
  const log = logFile(profile);
  const seconds = Math.round((deadline - started) / 1000);
  const [zh, en] = exited
    ? ['进程已退出', 'process exited']
    : [`未在 ${seconds} 秒内就绪，已停止（时限见 LOCAL_ENGINE_START_TIMEOUT_MS）`, `was not ready within ${seconds} s and was stopped (limit: LOCAL_ENGINE_START_TIMEOUT_MS)`];
  throw new EngineStartError(
    `流程引擎${zh} / the engine ${en}.\n--- ${log}（最后 40 行 / last 40 lines）---\n${logTail(log, 40)}\n--- 完整日志 / full log: ${log}`,
  );
}

/**
 * Starts the profile's engine unless it already runs, building the jar first
 * when needed; resolves once the REST API answers. The demo users are a
 * separate step (ensureDemoUsers in demo-users.ts), done by the callers.
 */
export async function startEngine(options: EngineOptions): Promise<{ alreadyRunning: boolean }> {
  const { profile, logger } = options;
  const running = readPid(profile);
  if (isAlive(running)) {
    // Ours, from an earlier `npm run engine` (or one still starting): use it, never a second one.
    if (options.freshData) logger.warn({ profile: profile.name }, '引擎已在运行，数据未清空 / engine already running: its data was not deleted');
    if (!(await isReady(profile))) {
      logger.info({ profile: profile.name, pid: running }, '流程引擎正在启动，等待 / the engine is starting, waiting for it');
      await waitUntilReady(profile, running, Date.now() + options.startTimeoutMs, logger);
    }
    logger.info({ profile: profile.name, pid: running, url: engineUrls(profile).restUrl }, '流程引擎已在运行 / engine already running');
    return { alreadyRunning: true };
  }
  if (await portInUse(profile.port)) {
    throw new EngineStartError(
      `端口 ${profile.port} 已被占用（另一个程序或另一个引擎？），无法启动流程引擎（${profile.name}）。请停止占用该端口的程序后重试。\n` +
        `Port ${profile.port} is already in use (another program or engine?); cannot start the ${profile.name} engine. Stop whatever holds it and retry.`,
    );
  }

  const jdk = findJdk(MIN_JAVA_VERSION, options.jdkSearch);
  if (options.build ?? true) await ensureEngineJar({ logger, jdk, ...(options.pathVariable ? { pathVariable: options.pathVariable } : {}) });
  if (!existsSync(ENGINE_JAR)) throw new EngineStartError(`找不到 ${ENGINE_JAR} / missing ${ENGINE_JAR} (mvn -f deploy/engine/pom.xml package)`);
  if (options.freshData) rmSync(profile.dataDir, { recursive: true, force: true });
  mkdirSync(profile.dataDir, { recursive: true });
  mkdirSync(profile.runDir, { recursive: true });

  // Each engine runs its own copy: a rebuild (say, by the test run) rewrites target/'s jar,
  // which would break a JVM still reading classes from it.
  const jar = path.join(profile.runDir, path.basename(ENGINE_JAR));
  copyFileSync(ENGINE_JAR, jar);
  const args = [
    ...JVM_OPTIONS,
    '-jar',
    jar,
    `--server.port=${profile.port}`,
    `--anquan.data-dir=${profile.dataDir}`,
    ...(profile.testClock ? ['--anquan.test-clock.enabled=true'] : []),
  ];
  logger.info({ profile: profile.name, port: profile.port, java: `${jdk.home} (${jdk.major})`, operaton: OPERATON_VERSION }, '启动流程引擎 / starting the engine');
  const log = openSync(logFile(profile), 'w');
  // The time limit starts here: a first Maven build may take a while and has its own progress.
  const deadline = Date.now() + options.startTimeoutMs;
  const child = spawn(path.join(jdk.home, 'bin', 'java'), args, {
    detached: true,
    stdio: ['ignore', log, log],
    cwd: profile.runDir,
    // The secret goes by environment, not a --flag: command lines are visible to every local user (ps).
    env: {
      PATH: options.pathVariable,
      LANG: 'C.UTF-8',
      JAVA_HOME: jdk.home,
      ...(options.userTokenSecret ? { ANQUAN_USER_TOKEN_SECRET: options.userTokenSecret } : {}),
      ...options.environment,
    },
  });
  closeSync(log);
  child.unref();
  if (!child.pid) throw new EngineStartError('无法启动 java / could not start java');
  writeFileSync(pidFile(profile), `${child.pid}\n`);
  await waitUntilReady(profile, child.pid, deadline, logger);
  return { alreadyRunning: false };
}

/** Stops the profile's engine: SIGTERM (Spring closes H2 and the job executor cleanly), SIGKILL after 30 s. */
export async function stopEngine(profile: EngineProfile, logger: Logger, graceMs = 30_000): Promise<void> {
  const pid = readPid(profile);
  if (isAlive(pid)) {
    logger.info({ profile: profile.name, pid }, '停止流程引擎 / stopping the engine');
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    if (isAlive(pid)) {
      logger.warn({ pid }, '未在时限内退出，强制结束 / did not exit in time, killing');
      process.kill(pid, 'SIGKILL');
    }
  }
  rmSync(pidFile(profile), { force: true });
}

/** Resident memory of a process in MiB (Linux /proc), for the benchmark and `status`. */
export function engineRssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
    return Number.isFinite(kib) ? Math.round(kib / 1024) : undefined;
  } catch {
    return undefined;
  }
}
