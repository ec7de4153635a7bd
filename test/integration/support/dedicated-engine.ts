/**
 * An engine of its own for one test file that must do to the engine what the
 * shared one (global-setup.ts) must never suffer: SIGKILL its JVM and start it
 * again on the same H2 data folder and port. It runs the same jar, settings,
 * demo logins and deployment as the shared engine, on its own port
 * (LOCAL_ENGINE_RELIABILITY_PORT, else the shared test port + 2: + 1 is the
 * PostgreSQL check's), with its own data and run folders under
 * .data/reliability-<port>/ and .engine/run/reliability-<port>/, so the files
 * that share the global engine never see it.
 */
import { copyFileSync, existsSync, readFileSync, rmSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { checkResources, formatProblem } from '../../../deploy/check-resources.ts';
import { deployResources } from '../../../deploy/deploy.ts';
import { ensureDemoUsers } from '../../../deploy/local/demo-users.ts';
import { engineStatus, engineUrls, logFile, portInUse, startEngine, stopEngine } from '../../../deploy/local/engine.ts';
import { ENGINE_HOME, LOCAL_LOGIN, type EngineProfile } from '../../../deploy/local/manifest.ts';
import { PROJECT_ROOT, loadConfig } from '../../../workers/config.ts';
import { EngineRestClient } from '../../../workers/engine/rest-client.ts';
import type { Logger } from '../../../workers/logger.ts';
import { TEST_DEPLOYMENT_STREAM, TEST_PROFILE } from './test-engine.ts';

/** The port of the dedicated engine: LOCAL_ENGINE_RELIABILITY_PORT, else the shared test engine's port + 2. */
export function dedicatedEnginePort(): number {
  const configured = process.env['LOCAL_ENGINE_RELIABILITY_PORT'];
  if (configured !== undefined && configured !== '') {
    const port = Number(configured);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`LOCAL_ENGINE_RELIABILITY_PORT="${configured}" is not a port`);
    return port;
  }
  return TEST_PROFILE.port + 2;
}

/** Test clock on, like the shared test engine; its own folders, never the test profile's. */
export function dedicatedEngineProfile(port: number = dedicatedEnginePort()): EngineProfile {
  const name = `reliability-${port}`;
  return { name, port, dataDir: path.join(PROJECT_ROOT, '.data', name, 'engine'), runDir: path.join(ENGINE_HOME, 'run', name), testClock: true };
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  // A killed child stays a zombie until Node reaps it; /proc then shows state Z.
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

export interface KillReport {
  readonly pid: number;
  /** Milliseconds from the signal until the process was gone. */
  readonly exitMs: number;
  /** The log of the killed JVM, kept beside the new one. */
  readonly log: string;
}

export class DedicatedEngine {
  readonly profile: EngineProfile;
  readonly restUrl: string;
  /** The admin login (demo) on the engine itself, never through a test's interceptor. */
  readonly admin: EngineRestClient;
  readonly #logger: Logger;
  readonly #userTokenSecret: string | undefined;
  readonly #environment: Readonly<Record<string, string>>;
  #kills = 0;

  constructor(options: { readonly logger: Logger; readonly profile?: EngineProfile; readonly userTokenSecret?: string; readonly environment?: Readonly<Record<string, string>> }) {
    this.profile = options.profile ?? dedicatedEngineProfile();
    this.restUrl = engineUrls(this.profile).restUrl;
    this.admin = new EngineRestClient({ baseUrl: this.restUrl, ...LOCAL_LOGIN });
    this.#logger = options.logger;
    this.#userTokenSecret = options.userTokenSecret;
    this.#environment = options.environment ?? {};
  }

  async #start(freshData: boolean): Promise<void> {
    const machine = loadConfig();
    await startEngine({
      profile: this.profile,
      logger: this.#logger,
      // A restart runs the jar of the first start: no Maven build between the kill and the restart.
      build: freshData,
      ...(machine.localEngine.path ? { pathVariable: machine.localEngine.path } : {}),
      jdkSearch: { ...(machine.localEngine.javaHome ? { javaHome: machine.localEngine.javaHome } : {}), ...(machine.localEngine.path ? { pathVariable: machine.localEngine.path } : {}) },
      startTimeoutMs: machine.localEngine.startTimeoutMs,
      freshData,
      ...(this.#userTokenSecret ? { userTokenSecret: this.#userTokenSecret } : {}),
      environment: this.#environment,
    });
  }

  /** Fresh data, the demo logins and the workers' service account, and every diagram and form, as the global setup does. */
  async startFresh(): Promise<void> {
    const check = await checkResources();
    if (!check.deployable) throw new Error(`processes/ 未通过检查 / failed its checks:\n${check.problems.map(formatProblem).join('\n')}`);
    // One left over from an interrupted run would carry its data and pinned clock.
    await stopEngine(this.profile, this.#logger);
    await this.#start(true);
    await ensureDemoUsers({ client: this.admin, logger: this.#logger });
    await deployResources(this.admin, check.diagrams, check.forms, TEST_DEPLOYMENT_STREAM);
  }

  /** The JVM's pid while it runs. */
  async pid(): Promise<number | undefined> {
    return (await engineStatus(this.profile)).pid;
  }

  /**
   * `kill -9` of the engine JVM: no shutdown hook, no H2 close, no job executor stop. Resolves once the
   * process is gone and its port is free; the log of the killed JVM is kept as engine-killed-<n>.log.
   */
  async kill(): Promise<KillReport> {
    const pid = await this.pid();
    if (pid === undefined) throw new Error(`the ${this.profile.name} engine is not running`);
    const signalledAt = Date.now();
    process.kill(pid, 'SIGKILL');
    while (!processGone(pid)) {
      if (Date.now() - signalledAt > 30_000) throw new Error(`engine pid ${pid} survived SIGKILL for 30 s`);
      await sleep(20);
    }
    const exitMs = Date.now() - signalledAt;
    while (await portInUse(this.profile.port)) {
      if (Date.now() - signalledAt > 30_000) throw new Error(`port ${this.profile.port} still in use 30 s after the kill`);
      await sleep(50);
    }
    this.#kills += 1;
    const log = path.join(this.profile.runDir, `engine-killed-${this.#kills}.log`);
    if (existsSync(logFile(this.profile))) copyFileSync(logFile(this.profile), log);
    return { pid, exitMs, log };
  }

  /** Starts the engine again on the same data folder and port (no fresh data, no redeployment). */
  async restart(): Promise<void> {
    await this.#start(false);
  }

  async stop(): Promise<void> {
    await stopEngine(this.profile, this.#logger);
  }

  /** Deletes the H2 data folder (a test under load leaves hundreds of MB); the logs in the run folder stay. */
  removeData(): void {
    rmSync(this.profile.dataDir, { recursive: true, force: true });
    try {
      rmdirSync(path.dirname(this.profile.dataDir)); // .data/reliability-<port>/, when nothing else is in it
    } catch {
      // not empty, or already gone
    }
  }
}
