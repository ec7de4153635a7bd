/**
 * Starts, watches and stops the local engine of one profile: an OpenSearch node
 * and the Camunda application, both in the background with pid files, so a
 * second `npm run engine` finds the first instead of starting another.
 */
import { spawn } from 'node:child_process';
import {
  chownSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { findJdk, type Jdk, type JdkSearch } from './jdk.ts';
import { ensureDemoUsers } from './demo-users.ts';
import { installEngine } from './install.ts';
import {
  CAMUNDA_HOME,
  CAMUNDA_VERSION,
  CONFIG_DIR,
  JAVA_RANGES,
  OPENSEARCH_HOME,
  type CamundaPart,
  type EngineProfile,
} from './manifest.ts';

export class EngineStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineStartError';
  }
}

export interface EngineOptions {
  readonly profile: EngineProfile;
  readonly logger: Logger;
  /** PATH handed to the engine's processes; nothing else of the caller's environment leaks in. */
  readonly pathVariable?: string;
  readonly jdkSearch: JdkSearch;
  /** How long to wait for readiness before giving up. */
  readonly startTimeoutMs: number;
  /** Remove the profile's data before starting (the test profile starts empty). */
  readonly freshData?: boolean;
}

type Part = 'search' | CamundaPart;

const pidFile = (profile: EngineProfile, part: Part) => path.join(profile.runDir, `${part}.pid`);
export const logFile = (profile: EngineProfile, part: Part) => path.join(profile.runDir, `${part}.log`);

function readPid(profile: EngineProfile, part: Part): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile(profile, part), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number | undefined): pid is number {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

export function engineUrls(profile: EngineProfile) {
  const webapps = `http://localhost:${profile.ports.webapps}`;
  return {
    operate: `${webapps}/operate`,
    tasklist: `${webapps}/tasklist`,
    webapps,
    rest: `http://localhost:${profile.ports.rest}`,
    grpc: `localhost:${profile.ports.grpc}`,
    readiness: {
      broker: `http://localhost:${profile.ports.brokerManagement}/actuator/health/readiness`,
      webapps: `http://localhost:${profile.ports.webappsManagement}/actuator/health/readiness`,
    },
    search: `http://127.0.0.1:${profile.ports.searchHttp}`,
  };
}

async function searchIsUp(profile: EngineProfile): Promise<boolean> {
  try {
    const health = (await fetchJson(`${engineUrls(profile).search}/_cluster/health`)) as { status?: string };
    return health.status === 'green' || health.status === 'yellow';
  } catch {
    return false;
  }
}

async function camundaPartIsReady(profile: EngineProfile, part: CamundaPart): Promise<boolean> {
  try {
    const health = (await fetchJson(engineUrls(profile).readiness[part])) as { status?: string };
    return health.status === 'UP';
  } catch {
    return false;
  }
}

const PARTS: readonly Part[] = ['search', 'broker', 'webapps'];

export interface EngineStatus {
  /** Pids of the parts that are running. */
  readonly pids: Partial<Record<Part, number>>;
  readonly ready: boolean;
}

export async function engineStatus(profile: EngineProfile): Promise<EngineStatus> {
  const pids: Partial<Record<Part, number>> = {};
  for (const part of PARTS) {
    const pid = readPid(profile, part);
    if (isAlive(pid)) pids[part] = pid;
  }
  const running = PARTS.every((part) => pids[part] !== undefined);
  return {
    pids,
    ready:
      running &&
      (await searchIsUp(profile)) &&
      (await camundaPartIsReady(profile, 'broker')) &&
      (await camundaPartIsReady(profile, 'webapps')),
  };
}

function tail(file: string, lines = 40): string {
  if (!existsSync(file)) return '(no log yet)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** OpenSearch refuses to run as root; as root we hand it to `nobody`, which must own what it writes. */
const NOBODY = { uid: 65534, gid: 65534 };
const runningAsRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function chownTree(dir: string): void {
  chownSync(dir, NOBODY.uid, NOBODY.gid);
  for (const entry of readdirSync(dir)) {
    const child = path.join(dir, entry);
    if (statSync(child).isDirectory()) chownTree(child);
    else chownSync(child, NOBODY.uid, NOBODY.gid);
  }
}

function prepareSearchConfig(profile: EngineProfile): string {
  const configDir = path.join(profile.runDir, 'search-config');
  rmSync(configDir, { recursive: true, force: true });
  mkdirSync(configDir, { recursive: true });
  for (const file of ['log4j2.properties']) {
    copyFileSync(path.join(OPENSEARCH_HOME, 'config', file), path.join(configDir, file));
  }
  copyFileSync(path.join(CONFIG_DIR, 'opensearch.yml'), path.join(configDir, 'opensearch.yml'));
  copyFileSync(path.join(CONFIG_DIR, 'opensearch-jvm.options'), path.join(configDir, 'jvm.options'));
  return configDir;
}

function startSearch(profile: EngineProfile, jdk: Jdk, options: EngineOptions): number {
  const configDir = prepareSearchConfig(profile);
  const dataDir = path.join(profile.dataDir, 'search');
  const logsDir = path.join(profile.runDir, 'search-logs');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(logsDir, { recursive: true });
  const args = [
    path.join(OPENSEARCH_HOME, 'bin', 'opensearch'),
    `-Ehttp.port=${profile.ports.searchHttp}`,
    `-Etransport.port=${profile.ports.searchTransport}`,
    `-Epath.data=${dataDir}`,
    `-Epath.logs=${logsDir}`,
  ];
  const env = {
    PATH: options.pathVariable,
    LANG: 'C.UTF-8',
    OPENSEARCH_PATH_CONF: configDir,
    OPENSEARCH_JAVA_HOME: jdk.home,
    OPENSEARCH_JAVA_OPTS: '-Xms512m -Xmx512m',
  };
  let command = args[0]!;
  let commandArgs = args.slice(1);
  if (runningAsRoot()) {
    for (const dir of [configDir, dataDir, logsDir]) chownTree(dir);
    command = 'setpriv';
    commandArgs = ['--reuid=nobody', '--regid=nogroup', '--clear-groups', ...args];
  }
  return spawnDetached(profile, 'search', command, commandArgs, env);
}

/** Heap per part: enough for a 2-core machine; SerialGC keeps the footprint low there. */
const CAMUNDA_HEAP: Readonly<Record<CamundaPart, string>> = { broker: '-Xms128m -Xmx512m', webapps: '-Xms256m -Xmx768m' };

function startCamundaPart(part: CamundaPart, profile: EngineProfile, jdk: Jdk, options: EngineOptions): number {
  mkdirSync(profile.dataDir, { recursive: true });
  const { ports } = profile;
  const env = {
    PATH: options.pathVariable,
    LANG: 'C.UTF-8',
    JAVA_HOME: jdk.home,
    JAVA_OPTS: `${CAMUNDA_HEAP[part]} -XX:+UseSerialGC -XX:MaxMetaspaceSize=320m`,
    SPRING_CONFIG_ADDITIONAL_LOCATION: `file:${path.join(CONFIG_DIR, `camunda-${part}.yaml`)}`,
    // StandaloneCamunda without the broker profile: only the web apps.
    ...(part === 'webapps' ? { SPRING_PROFILES_ACTIVE: 'operate,tasklist,auth' } : {}),
    LOCAL_ENGINE_CLOCK_CONTROLLED: String(profile.clockControlled),
    LOCAL_ENGINE_GRPC_PORT: String(ports.grpc),
    LOCAL_ENGINE_COMMAND_PORT: String(ports.command),
    LOCAL_ENGINE_INTERNAL_PORT: String(ports.internal),
    LOCAL_ENGINE_REST_PORT: String(ports.rest),
    LOCAL_ENGINE_BROKER_MANAGEMENT_PORT: String(ports.brokerManagement),
    LOCAL_ENGINE_WEBAPPS_PORT: String(ports.webapps),
    LOCAL_ENGINE_WEBAPPS_MANAGEMENT_PORT: String(ports.webappsManagement),
    LOCAL_ENGINE_WEBAPPS_CLUSTER_PORT: String(ports.webappsCluster),
    LOCAL_ENGINE_DATA_DIR: profile.dataDir,
    LOCAL_ENGINE_SEARCH_URL: engineUrls(profile).search,
  };
  const launcher = path.join(CAMUNDA_HOME, 'bin', part === 'broker' ? 'broker' : 'camunda');
  return spawnDetached(profile, part, launcher, [], env);
}

function spawnDetached(
  profile: EngineProfile,
  part: Part,
  command: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
): number {
  mkdirSync(profile.runDir, { recursive: true });
  const log = openSync(logFile(profile, part), 'w');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log], env, cwd: profile.runDir });
  closeSync(log);
  child.unref();
  if (!child.pid) throw new EngineStartError(`无法启动 ${command} / could not start ${command}`);
  writeFileSync(pidFile(profile, part), `${child.pid}\n`);
  return child.pid;
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  alive: () => boolean,
  deadline: number,
  part: Part,
  options: EngineOptions,
): Promise<void> {
  const started = Date.now();
  let lastReport = 0;
  while (Date.now() < deadline) {
    if (await check()) {
      options.logger.info({ seconds: Math.round((Date.now() - started) / 1000) }, `${what} 就绪 / ready`);
      return;
    }
    if (!alive()) break;
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      options.logger.info({ waitedSeconds: Math.round((Date.now() - started) / 1000) }, `等待 ${what} 就绪 / waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const log = logFile(options.profile, part);
  const reason = alive() ? `未在时限内就绪 / not ready in time` : `进程已退出 / process exited`;
  throw new EngineStartError(
    `${what} ${reason}.\n--- ${log}（最后 40 行 / last 40 lines）---\n${tail(log)}\n--- 完整日志 / full log: ${log}`,
  );
}

async function ensurePortsFree(profile: EngineProfile): Promise<void> {
  const busy: string[] = [];
  for (const [name, port] of Object.entries(profile.ports)) {
    if (await portInUse(port)) busy.push(`${name}=${port}`);
  }
  if (busy.length) {
    throw new EngineStartError(
      `端口已被占用：${busy.join(', ')}。请停止占用这些端口的程序（或另一个 Camunda）后重试。\n` +
        `Ports already in use: ${busy.join(', ')}. Stop whatever holds them (another Camunda?) and retry.`,
    );
  }
}

/**
 * Starts the profile's engine unless it is already running; returns once it is
 * ready and the demo users of each role exist (deploy/local/demo-users.ts).
 */
export async function startEngine(options: EngineOptions): Promise<{ alreadyRunning: boolean }> {
  const result = await startEngineProcesses(options);
  try {
    await ensureDemoUsers({ searchUrl: engineUrls(options.profile).search, logger: options.logger });
  } catch (error) {
    // The engine works without them (the `demo` login stays), so this warns instead of failing the start.
    options.logger.warn({ error: (error as Error).message }, '演示用户未能创建 / could not create the demo users');
  }
  return result;
}

async function startEngineProcesses(options: EngineOptions): Promise<{ alreadyRunning: boolean }> {
  const { profile, logger } = options;
  const status = await engineStatus(profile);
  if (status.ready) {
    logger.info({ profile: profile.name }, '本地引擎已在运行 / local engine already running');
    return { alreadyRunning: true };
  }
  if (Object.keys(status.pids).length > 0) {
    logger.warn({ profile: profile.name }, '发现未就绪的旧引擎进程，先停止 / stopping a half-started engine first');
    await stopEngine(profile, logger);
  }
  await ensurePortsFree(profile);

  const searchJdk = findJdk('OpenSearch', JAVA_RANGES.search, options.jdkSearch);
  const camundaJdk = findJdk(`Camunda ${CAMUNDA_VERSION}`, JAVA_RANGES.camunda, options.jdkSearch);
  installEngine(searchJdk, logger);
  if (options.freshData) rmSync(profile.dataDir, { recursive: true, force: true });

  const deadline = Date.now() + options.startTimeoutMs;
  logger.info({ profile: profile.name, java: searchJdk.home }, '启动 OpenSearch / starting OpenSearch');
  const searchPid = startSearch(profile, searchJdk, options);
  await waitFor('OpenSearch', () => searchIsUp(profile), () => isAlive(searchPid), deadline, 'search', options);

  logger.info({ profile: profile.name, java: camundaJdk.home }, `启动 Camunda ${CAMUNDA_VERSION} / starting Camunda`);
  const brokerPid = startCamundaPart('broker', profile, camundaJdk, options);
  const webappsPid = startCamundaPart('webapps', profile, camundaJdk, options);
  await waitFor('Zeebe broker', () => camundaPartIsReady(profile, 'broker'), () => isAlive(brokerPid), deadline, 'broker', options);
  await waitFor('Operate/Tasklist', () => camundaPartIsReady(profile, 'webapps'), () => isAlive(webappsPid), deadline, 'webapps', options);
  return { alreadyRunning: false };
}

async function stopPart(profile: EngineProfile, part: Part, logger: Logger, graceMs: number): Promise<void> {
  const pid = readPid(profile, part);
  if (isAlive(pid)) {
    logger.info({ part, pid }, '停止 / stopping');
    try {
      // The process group, so the JVM behind a launcher script stops with it.
      process.kill(-pid, 'SIGTERM');
    } catch {
      process.kill(pid, 'SIGTERM');
    }
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    if (isAlive(pid)) {
      logger.warn({ part, pid }, '未在时限内退出，强制结束 / did not exit in time, killing');
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        process.kill(pid, 'SIGKILL');
      }
    }
  }
  rmSync(pidFile(profile, part), { force: true });
}

export async function stopEngine(profile: EngineProfile, logger: Logger): Promise<void> {
  await stopPart(profile, 'webapps', logger, 30_000);
  await stopPart(profile, 'broker', logger, 30_000);
  await stopPart(profile, 'search', logger, 30_000);
}
