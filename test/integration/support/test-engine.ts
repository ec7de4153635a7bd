/**
 * Where the integration tests' own engine listens, and the configuration that
 * points workers and clients at it. Shared by the global setup and the tests.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type AppConfig } from '../../../workers/config.ts';
import { EngineRestClient } from '../../../workers/engine/rest-client.ts';
import { LOCAL_LOGIN, testEngineProfile } from '../../../deploy/local/manifest.ts';
import { DEPLOYMENT_NAME, type DeploymentStream } from '../../../deploy/deploy-records.ts';
import { EngineClient } from './engine-client.ts';

/** The test profile: its own port, H2 database and controlled clock (port overridable by LOCAL_ENGINE_TEST_PORT). */
export const TEST_PROFILE = testEngineProfile(loadConfig().localEngine.testPort);

/**
 * The deployment stream the global setup deploys into; a test that deploys
 * again (the modeler browser test) uses it too, so deploy-changed-only compares with what the setup deployed.
 */
export const TEST_DEPLOYMENT_STREAM: DeploymentStream = { name: DEPLOYMENT_NAME, source: 'integration-tests' };

/**
 * The same validation as production, fed with the test engine's address instead
 * of process.env. Ledger, mailbox and public pages go to a fresh folder per call,
 * so each test file sees only its own side effects and the project's var/ is untouched.
 * Workers log in with the service account the engine start creates.
 */
export function testEngineConfig(overrides: Record<string, string> = {}): AppConfig {
  const sideEffects = mkdtempSync(path.join(os.tmpdir(), 'anquan-it-'));
  return loadConfig({
    LEDGER_SQLITE_FILE: path.join(sideEffects, 'ledger.sqlite'),
    NOTIFY_MAILBOX_DIR: path.join(sideEffects, 'mailbox'),
    PUBLIC_DIR: path.join(sideEffects, 'public'),
    REPORTS_DIR: path.join(sideEffects, 'reports'),
    ENGINE_REST_URL: `http://localhost:${TEST_PROFILE.port}/engine-rest`,
    ENGINE_LONG_POLL_MS: '5000',
    LOG_LEVEL: 'warn',
    ...overrides,
  });
}

/** The workers' own client: the service account of config.engine. */
export function workerClient(config: AppConfig): EngineRestClient {
  return new EngineRestClient({ baseUrl: config.engine.restUrl, username: config.engine.username, password: config.engine.password });
}

/**
 * A person by signed user token, as the staff workbench calls: the global setup starts the engine
 * with config.engine.userTokenSecret, so the engine's authorizations for that user decide.
 */
export function userTokenClient(config: AppConfig, userId: string): EngineRestClient {
  return new EngineRestClient({ baseUrl: config.engine.restUrl, username: userId, userToken: { secret: config.engine.userTokenSecret } });
}

/** The admin login (demo), as an operator in Cockpit; `.as(login)` for a role's demo user. */
export function testEngineClient(config: AppConfig): EngineClient {
  return new EngineClient(new EngineRestClient({ baseUrl: config.engine.restUrl, ...LOCAL_LOGIN }));
}
