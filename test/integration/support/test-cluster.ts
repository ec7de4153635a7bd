/**
 * Where the integration tests' own cluster listens, and the configuration that
 * points workers and clients at it. Shared by the global setup and the tests.
 */
import { loadConfig, type AppConfig } from '../../../workers/config.ts';
import { ENGINE_PROFILES } from '../../../deploy/local/manifest.ts';

export const TEST_PROFILE = ENGINE_PROFILES.test;

/** The same validation as production, fed with the test cluster's addresses instead of process.env. */
export function testClusterConfig(overrides: Record<string, string> = {}): AppConfig {
  const { ports } = TEST_PROFILE;
  return loadConfig({
    ZEEBE_GRPC_ADDRESS: `localhost:${ports.grpc}`,
    ZEEBE_REST_ADDRESS: `http://localhost:${ports.http}`,
    CAMUNDA_OPERATE_BASE_URL: `http://localhost:${ports.http}/operate`,
    CAMUNDA_TASKLIST_BASE_URL: `http://localhost:${ports.http}/tasklist`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    LOG_LEVEL: 'warn',
    ...overrides,
  });
}
