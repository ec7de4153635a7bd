/**
 * Starts the integration tests' own engine (test profile: own port, own H2
 * database, controlled clock), creates the demo logins and the workers'
 * service account as `npm start` does, deploys every diagram and form exactly
 * as `npm run deploy` would, and stops the engine when the run ends.
 */
import { loadConfig } from '../../workers/config.ts';
import { EngineRestClient } from '../../workers/engine/rest-client.ts';
import { createLogger } from '../../workers/logger.ts';
import { checkResources, formatProblem } from '../../deploy/check-resources.ts';
import { deployResources } from '../../deploy/deploy.ts';
import { ensureDemoUsers } from '../../deploy/local/demo-users.ts';
import { startEngine, stopEngine } from '../../deploy/local/engine.ts';
import { LOCAL_LOGIN } from '../../deploy/local/manifest.ts';
import { TEST_DEPLOYMENT_STREAM, TEST_PROFILE, testEngineConfig } from './support/test-engine.ts';

export default async function setup(): Promise<() => Promise<void>> {
  // Only the JDK search and start timeout come from the developer's environment.
  const machine = loadConfig();
  const logger = createLogger({ logLevel: 'info' }, { name: 'test-engine', stream: 'stderr' });

  const check = await checkResources();
  if (!check.deployable) {
    throw new Error(`processes/ 未通过检查 / failed its checks:\n${check.problems.map(formatProblem).join('\n')}`);
  }

  const testConfig = testEngineConfig();
  // An engine left over from an interrupted run would carry its data and pinned clock.
  await stopEngine(TEST_PROFILE, logger);
  await startEngine({
    profile: TEST_PROFILE,
    logger,
    pathVariable: machine.localEngine.path,
    jdkSearch: { javaHome: machine.localEngine.javaHome, pathVariable: machine.localEngine.path },
    startTimeoutMs: machine.localEngine.startTimeoutMs,
    freshData: true,
    // The same secret testEngineConfig() gives the clients, so a test can call as a person by token.
    userTokenSecret: testConfig.engine.userTokenSecret,
  });

  try {
    const admin = new EngineRestClient({ baseUrl: testConfig.engine.restUrl, ...LOCAL_LOGIN });
    await ensureDemoUsers({ client: admin, logger });
    const deployment = await deployResources(admin, check.diagrams, check.forms, TEST_DEPLOYMENT_STREAM);
    logger.info({ resources: deployment.resources.map((resource) => `${resource.id}@${resource.version}`) }, 'deployed to the test engine');
  } catch (error) {
    await stopEngine(TEST_PROFILE, logger);
    throw error;
  }

  return async () => {
    await stopEngine(TEST_PROFILE, logger);
  };
}
