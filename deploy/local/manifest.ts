/**
 * What the local engine is and where each profile keeps it: the app built from
 * deploy/engine/ (Operaton in Spring Boot), and per profile its port, its H2
 * data folder and its run folder (pid file and log).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../workers/config.ts';

export const ENGINE_APP_DIR = path.join(PROJECT_ROOT, 'deploy', 'engine');
export const ENGINE_POM = path.join(ENGINE_APP_DIR, 'pom.xml');
/** `<finalName>` of the pom: what `mvn package` leaves in target/. */
export const ENGINE_JAR = path.join(ENGINE_APP_DIR, 'target', 'anquan-engine.jar');

/** Operaton 1.0.3 is built for Java 17 and runs on newer JDKs (checked on 25). */
export const MIN_JAVA_VERSION = 17;

/** The Operaton version, read from the one place it is pinned: `<operaton.version>` in the pom. */
export const OPERATON_VERSION: string = (() => {
  const match = /<operaton\.version>([^<]+)<\/operaton\.version>/.exec(readFileSync(ENGINE_POM, 'utf8'));
  if (!match) throw new Error(`${ENGINE_POM} 缺少 <operaton.version> / has no <operaton.version>`);
  return match[1]!.trim();
})();

/** Pid files and logs of every profile (git-ignored). */
export const ENGINE_HOME = path.join(PROJECT_ROOT, '.engine');

export interface EngineProfile {
  readonly name: string;
  /** HTTP port of REST API and web apps alike. */
  readonly port: number;
  /** The H2 database folder (`--anquan.data-dir`); `freshData` deletes it. */
  readonly dataDir: string;
  /** Pid file and log. */
  readonly runDir: string;
  /** Enables PUT/DELETE /engine-test/clock (the integration tests pin the clock). */
  readonly testClock: boolean;
}

function profile(name: string, port: number, testClock: boolean): EngineProfile {
  return {
    name,
    port,
    dataDir: path.join(PROJECT_ROOT, '.data', name, 'engine'),
    runDir: path.join(ENGINE_HOME, 'run', name),
    testClock,
  };
}

export const DEV_PORT = 8080;
export const TEST_PORT = 8090;

/**
 * `dev` is what `npm start` and `npm run engine` run; `test` is the integration
 * tests' own engine on another port and database, so a developer's running
 * engine and its data are left alone.
 */
export const ENGINE_PROFILES = {
  dev: profile('dev', DEV_PORT, false),
  test: profile('test', TEST_PORT, true),
} as const satisfies Record<string, EngineProfile>;

/**
 * The test profile, or a private copy on another port (LOCAL_ENGINE_TEST_PORT) with its own
 * database and pid file, so two test runs on one machine never share an H2 file.
 */
export function testEngineProfile(port: number = TEST_PORT): EngineProfile {
  return port === TEST_PORT ? ENGINE_PROFILES.test : profile(`test-${port}`, port, true);
}

/** The integration tests' PostgreSQL check: its own port and pid file; its data lives in PostgreSQL. */
export function postgresTestEngineProfile(port: number): EngineProfile {
  return profile(`test-postgres-${port}`, port, false);
}

/** `npm run bench:engine`: its own port and data, so it never touches dev or test. */
export function benchEngineProfile(port: number): EngineProfile {
  return profile('bench', port, false);
}

/** The built-in admin (group operaton-admin) from application.yaml; documented in the README. */
export const LOCAL_LOGIN = { username: 'demo', password: 'demo' } as const;
