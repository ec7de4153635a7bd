/**
 * Builds the engine app (deploy/engine/) with Maven when its jar is missing or
 * older than any of its sources, so `npm start` works from a fresh clone and
 * picks up engine changes. Maven's local cache (~/.m2) keeps the dependencies
 * between builds: a cold build downloads about 110 MB, a warm one takes seconds.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import { findOnPath, type Jdk } from './jdk.ts';
import { ENGINE_APP_DIR, ENGINE_HOME, ENGINE_JAR, ENGINE_POM } from './manifest.ts';

export class EngineBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineBuildError';
  }
}

/** Full Maven output of the last build; the error shows its tail. */
export const BUILD_LOG = path.join(ENGINE_HOME, 'build.log');

/** Newest modification time (ms) of a file or of any file below a folder; 0 when absent. */
function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Why the jar must be (re)built, or undefined when it is up to date. */
export function staleReason(jar: string = ENGINE_JAR, sources: readonly string[] = [ENGINE_POM, path.join(ENGINE_APP_DIR, 'src')]): string | undefined {
  if (!existsSync(jar)) return 'jar 不存在 / no jar yet';
  const built = statSync(jar).mtimeMs;
  const changed = sources.find((source) => newestMtime(source) > built);
  return changed ? `${path.relative(ENGINE_APP_DIR, changed) || changed} 比 jar 新 / is newer than the jar` : undefined;
}

export class MavenNotFoundError extends EngineBuildError {
  constructor() {
    super(
      '找不到 Maven（mvn），无法构建流程引擎。请安装 Maven 3.8+（例如 apt-get install maven）并确保 mvn 在 PATH 上。\n' +
        'Maven (mvn) not found: it is needed to build the engine. Install Maven 3.8+ (e.g. apt-get install maven) and put mvn on PATH.',
    );
    this.name = 'MavenNotFoundError';
  }
}

export interface BuildOptions {
  readonly logger: Logger;
  /** The JDK Maven compiles with (JAVA_HOME of the build). */
  readonly jdk: Jdk;
  /** PATH searched for `mvn` and handed to Maven. */
  readonly pathVariable?: string;
  /** Build even when the jar is up to date. */
  readonly force?: boolean;
}

/** What of Maven's output is worth a log line: phase/plugin steps, results and errors. */
const SHOWN = /^\[INFO\] --- |^\[INFO\] BUILD |^\[ERROR\]|^\[WARNING\] (?!.*(deprecat|sun\.misc))/;
const DOWNLOAD = /^\[INFO\] Downloaded from /;

/** The last lines of a log file, for an error message that says why a build or start failed. */
export function logTail(file: string, lines: number): string {
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log yet)';
}

/**
 * Builds the jar when it is missing or stale. Progress: Maven's step lines, and
 * while dependencies download, a count every few seconds. Resolves to whether it built.
 */
export async function ensureEngineJar(options: BuildOptions): Promise<boolean> {
  if (!options.force && !staleReason()) return false;
  // Two test runs or an `npm start` beside a test run must not run Maven on the same target/ at once.
  const release = await acquireBuildLock(options.logger);
  try {
    return await buildWhenStale(options);
  } finally {
    release();
  }
}

/** Held while Maven builds; a lock whose process is gone is taken over. */
export const BUILD_LOCK = path.join(ENGINE_HOME, 'build.lock');

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function acquireBuildLock(logger: Logger): Promise<() => void> {
  mkdirSync(ENGINE_HOME, { recursive: true });
  let waiting = false;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      writeFileSync(path.join(BUILD_LOCK, 'pid'), String(process.pid));
      return () => rmSync(BUILD_LOCK, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(existsSync(path.join(BUILD_LOCK, 'pid')) ? readFileSync(path.join(BUILD_LOCK, 'pid'), 'utf8') : NaN);
    if (Number.isInteger(holder) && !processAlive(holder)) {
      rmSync(BUILD_LOCK, { recursive: true, force: true });
      continue;
    }
    if (!waiting) {
      logger.info({ lock: BUILD_LOCK }, '另一个构建正在进行，等待其结束 / another build is running, waiting for it');
      waiting = true;
    }
    await sleep(500);
  }
}

async function buildWhenStale(options: BuildOptions): Promise<boolean> {
  const { logger } = options;
  const reason = options.force ? 'forced' : staleReason();
  if (!reason) return false;
  const mvn = findOnPath('mvn', options.pathVariable);
  if (!mvn) throw new MavenNotFoundError();

  logger.info({ reason, java: options.jdk.home }, '构建流程引擎（mvn package）/ building the engine (mvn package)');
  mkdirSync(ENGINE_HOME, { recursive: true });
  const log = createWriteStream(BUILD_LOG);
  const started = Date.now();
  // -B: no colours or interactive prompts; -ntp: no per-byte transfer bars, one line per artifact.
  const child = spawn(mvn, ['-B', '-ntp', '-f', ENGINE_POM, 'package', '-DskipTests'], {
    cwd: ENGINE_APP_DIR,
    // HOME locates Maven's cache and settings (~/.m2).
    env: { PATH: options.pathVariable, JAVA_HOME: options.jdk.home, LANG: 'C.UTF-8', HOME: os.homedir() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let downloads = 0;
  let lastCount = Date.now();
  const onLine = (line: string) => {
    log.write(`${line}\n`);
    if (DOWNLOAD.test(line)) {
      downloads += 1;
      if (Date.now() - lastCount >= 5000) {
        lastCount = Date.now();
        logger.info({ downloads }, '正在下载依赖 / downloading dependencies');
      }
    } else if (SHOWN.test(line)) {
      logger.info(`mvn: ${line.replace(/^\[INFO\] /, '')}`);
    }
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  await new Promise((resolve) => log.end(resolve));
  if (code !== 0 || !existsSync(ENGINE_JAR)) {
    throw new EngineBuildError(
      `流程引擎构建失败（mvn 退出码 ${code}）/ engine build failed (mvn exit code ${code}).\n` +
        `--- ${BUILD_LOG}（最后 30 行 / last 30 lines）---\n${logTail(BUILD_LOG, 30)}`,
    );
  }
  logger.info({ seconds: Math.round((Date.now() - started) / 100) / 10, downloads, jar: ENGINE_JAR }, '流程引擎已构建 / engine built');
  return true;
}
