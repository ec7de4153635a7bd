/**
 * Where the integration tests' own cluster listens, and the configuration that
 * points workers and clients at it. Shared by the global setup and the tests.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type AppConfig } from '../../../workers/config.ts';
import { ENGINE_PROFILES } from '../../../deploy/local/manifest.ts';
import { ClusterClient } from './cluster-client.ts';

export const TEST_PROFILE = ENGINE_PROFILES.test;

/**
 * The same validation as production, fed with the test cluster's addresses instead
 * of process.env. Ledger, mailbox and public pages go to a fresh folder per call,
 * so each test file sees only its own side effects and the project's var/ is untouched.
 */
export function testClusterConfig(overrides: Record<string, string> = {}): AppConfig {
  const { ports } = TEST_PROFILE;
  const sideEffects = mkdtempSync(path.join(os.tmpdir(), 'anquan-it-'));
  return loadConfig({
    LEDGER_SQLITE_FILE: path.join(sideEffects, 'ledger.sqlite'),
    NOTIFY_MAILBOX_DIR: path.join(sideEffects, 'mailbox'),
    PUBLIC_DIR: path.join(sideEffects, 'public'),
    ZEEBE_GRPC_ADDRESS: `localhost:${ports.grpc}`,
    ZEEBE_REST_ADDRESS: `http://localhost:${ports.rest}`,
    CAMUNDA_OPERATE_BASE_URL: `http://localhost:${ports.webapps}/operate`,
    CAMUNDA_TASKLIST_BASE_URL: `http://localhost:${ports.webapps}/tasklist`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    LOG_LEVEL: 'warn',
    ...overrides,
  });
}

/** Commands to the test cluster's REST API; searches through its Operate and Tasklist. */
export function testClusterClient(config: AppConfig): ClusterClient {
  return new ClusterClient(config.camunda.zeebeRestAddress, `http://localhost:${TEST_PROFILE.ports.webapps}`);
}
