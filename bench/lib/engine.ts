/**
 * The bench's engine: the local engine app on the bench profile
 * (benchEngineProfile: its own port and data, so dev and test engines are left
 * alone), on H2 or on a throw-away PostgreSQL database the bench creates and
 * drops (127.0.0.1:5432, trust auth, user postgres). Start = fresh data, the
 * demo logins and the workers' service account, then every diagram and form
 * deployed, as `npm start` does; each step is timed.
 */
import pg from 'pg';
import { checkResources, formatProblem } from '../../deploy/check-resources.ts';
import { deployResources } from '../../deploy/deploy.ts';
import { ensureDemoUsers } from '../../deploy/local/demo-users.ts';
import { engineStatus, engineUrls, startEngine, stopEngine, type EngineOptions } from '../../deploy/local/engine.ts';
import { benchEngineProfile, LOCAL_LOGIN, type EngineProfile } from '../../deploy/local/manifest.ts';
import { loadConfig } from '../../workers/config.ts';
import { EngineRestClient } from '../../workers/engine/rest-client.ts';
import type { Logger } from '../../workers/logger.ts';

export const ENGINE_DATABASES = ['h2', 'postgres'] as const;
export type EngineDatabase = (typeof ENGINE_DATABASES)[number];

/** The local PostgreSQL server the bench uses (as the integration tests' PostgreSQL checks do). */
export const POSTGRES_SERVER = 'postgres://postgres@127.0.0.1:5432';

/** Creates a database of its own on the local server; `drop` removes it (and ends its connections). */
export async function createScratchDatabase(name: string): Promise<{ readonly url: string; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: `${POSTGRES_SERVER}/postgres` });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  return { url: `${POSTGRES_SERVER}/${name}`, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: `${POSTGRES_SERVER}/postgres`, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface EngineTimings {
  /** Fresh data to `GET /engine-rest/engine` answering, seconds. */
  readonly startSeconds: number;
  /** Demo logins and service account, seconds. */
  readonly usersSeconds: number;
  /** Every diagram and form of processes/, seconds. */
  readonly deploySeconds: number;
}

export class BenchEngine {
  readonly profile: EngineProfile;
  readonly database: EngineDatabase;
  readonly restUrl: string;
  /** The demo admin. */
  readonly admin: EngineRestClient;
  readonly #logger: Logger;
  #scratch: { readonly url: string; drop(): Promise<void> } | undefined;

  constructor(options: { readonly port: number; readonly database: EngineDatabase; readonly logger: Logger }) {
    this.profile = benchEngineProfile(options.port);
    this.database = options.database;
    this.restUrl = engineUrls(this.profile).restUrl;
    this.admin = new EngineRestClient({ baseUrl: this.restUrl, ...LOCAL_LOGIN });
    this.#logger = options.logger;
  }

  /** Fresh engine with every resource deployed. */
  async start(): Promise<EngineTimings> {
    const check = await checkResources();
    if (!check.deployable) throw new Error(`processes/ 未通过检查 / failed its checks:\n${check.problems.map(formatProblem).join('\n')}`);
    await stopEngine(this.profile, this.#logger);
    const environment: Record<string, string> = {};
    if (this.database === 'postgres') {
      this.#scratch = await createScratchDatabase(`anquan_bench_engine_${this.profile.port}`);
      Object.assign(environment, {
        SPRING_DATASOURCE_URL: `jdbc:postgresql://127.0.0.1:5432/anquan_bench_engine_${this.profile.port}`,
        SPRING_DATASOURCE_USERNAME: 'postgres',
        SPRING_DATASOURCE_PASSWORD: '',
      });
    }
    const machine = loadConfig();
    const options: EngineOptions = {
      profile: this.profile,
      logger: this.#logger,
      ...(machine.localEngine.path ? { pathVariable: machine.localEngine.path } : {}),
      jdkSearch: { ...(machine.localEngine.javaHome ? { javaHome: machine.localEngine.javaHome } : {}), ...(machine.localEngine.path ? { pathVariable: machine.localEngine.path } : {}) },
      startTimeoutMs: machine.localEngine.startTimeoutMs,
      freshData: true,
      userTokenSecret: machine.engine.userTokenSecret,
      environment,
    };
    const started = performance.now();
    await startEngine(options);
    const ready = performance.now();
    await ensureDemoUsers({ client: this.admin, logger: this.#logger });
    const users = performance.now();
    await deployResources(this.admin, check.diagrams, check.forms, { name: 'anquan-xuncha', source: 'bench' });
    const deployed = performance.now();
    return { startSeconds: (ready - started) / 1000, usersSeconds: (users - ready) / 1000, deploySeconds: (deployed - users) / 1000 };
  }

  async pid(): Promise<number | undefined> {
    return (await engineStatus(this.profile)).pid;
  }

  /** Stops the JVM and drops its PostgreSQL database. */
  async stop(): Promise<void> {
    await stopEngine(this.profile, this.#logger);
    await this.#scratch?.drop();
    this.#scratch = undefined;
  }
}
