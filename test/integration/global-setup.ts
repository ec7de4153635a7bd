/**
 * Starts the integration tests' own Camunda cluster (test profile: own ports and
 * data, controlled clock), deploys every diagram and form exactly as
 * `npm run deploy` would, and stops the cluster when the run ends.
 */
import { Camunda8 } from '@camunda8/sdk';
import { buildCamundaOptions, loadConfig } from '../../workers/config.ts';
import { createLogger } from '../../workers/logger.ts';
import { checkResources, formatProblem } from '../../deploy/check-resources.ts';
import { deployResources } from '../../deploy/deploy.ts';
import { startEngine, stopEngine } from '../../deploy/local/engine.ts';
import { TEST_PROFILE, testClusterClient, testClusterConfig } from './support/test-cluster.ts';

export default async function setup(): Promise<() => Promise<void>> {
  // Only the JDK search and start timeout come from the developer's environment.
  const machine = loadConfig();
  const logger = createLogger({ logLevel: 'info' }, { name: 'test-cluster', stream: 'stderr' });

  // A cluster left over from an interrupted run would carry its data and pinned clock.
  await stopEngine(TEST_PROFILE, logger);
  await startEngine({
    profile: TEST_PROFILE,
    logger,
    pathVariable: machine.localEngine.path,
    jdkSearch: { javaHome: machine.localEngine.javaHome, pathVariable: machine.localEngine.path },
    startTimeoutMs: machine.localEngine.startTimeoutMs,
    freshData: true,
  });

  const check = await checkResources();
  if (!check.deployable) {
    await stopEngine(TEST_PROFILE, logger);
    throw new Error(`processes/ 未通过检查 / failed its checks:\n${check.problems.map(formatProblem).join('\n')}`);
  }
  const zeebe = new Camunda8(buildCamundaOptions(testClusterConfig())).getZeebeGrpcApiClient();
  try {
    const deployment = await deployResources(zeebe, check.diagrams, check.forms);
    const processKeys = deployment.resources.filter((resource) => resource.kind === 'process').map((resource) => resource.key);
    await testClusterClient(testClusterConfig()).waitForDefinitionsImported(processKeys);
    logger.info({ resources: deployment.resources.map((resource) => `${resource.id}@${resource.version}`) }, 'deployed to the test cluster');
  } finally {
    await zeebe.close();
  }

  return async () => {
    await stopEngine(TEST_PROFILE, logger);
  };
}
