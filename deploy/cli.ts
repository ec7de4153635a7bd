/**
 * `npm run deploy`: checks every diagram and form under processes/ (lint,
 * workers for every job type, linked forms present) and, only when nothing
 * blocks, deploys them all in one deployment and prints what the engine
 * registered. `--lint-only` stops after the checks.
 *
 * stdout carries one line per deployed resource; problems and logs go to
 * stderr. Exit codes: 0 ok, 1 problems found or deployment failed,
 * 2 invalid configuration or arguments.
 */
import { Camunda8 } from '@camunda8/sdk';
import { buildCamundaOptions, loadConfigForCommand } from '../workers/config.ts';
import { createLogger } from '../workers/logger.ts';
import { checkResources, formatProblem } from './check-resources.ts';
import { deployResources } from './deploy.ts';
import { recordDeployment } from './deploy-records.ts';

const EXIT_PROBLEMS = 1;
const EXIT_USAGE = 2;

const USAGE = '用法 / usage: npm run deploy [-- --lint-only]';

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((argument) => argument !== '--lint-only');
  if (unknown.length > 0) {
    process.stderr.write(`未知参数 / unknown arguments: ${unknown.join(' ')}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const lintOnly = argv.includes('--lint-only');

  const config = loadConfigForCommand();
  if (!config) {
    return EXIT_USAGE;
  }
  const logger = createLogger(config, { stream: 'stderr', name: 'deploy' });

  const check = await checkResources();
  for (const problem of check.problems) {
    process.stderr.write(`${formatProblem(problem)}\n`);
  }
  const errorCount = check.problems.filter((problem) => problem.severity === 'error').length;
  const summary = `${check.diagrams.length} 个流程图 diagrams, ${check.forms.length} 个表单 forms, ${errorCount} 个错误 errors, ${check.problems.length - errorCount} 个警告 warnings`;
  if (!check.deployable) {
    process.stderr.write(`检查未通过，未部署 / checks failed, nothing deployed: ${summary}\n`);
    return EXIT_PROBLEMS;
  }
  if (lintOnly) {
    process.stderr.write(`检查通过 / checks passed: ${summary}\n`);
    return 0;
  }

  const camunda = new Camunda8(buildCamundaOptions(config));
  const zeebe = camunda.getZeebeGrpcApiClient();
  try {
    logger.info({ gateway: config.camunda.zeebeGrpcAddress }, 'deploying');
    const result = await deployResources(zeebe, check.diagrams, check.forms);
    for (const resource of result.resources) {
      process.stdout.write(`${resource.kind}\t${resource.id}\tversion ${resource.version}\tkey ${resource.key}\t${resource.resourceName}\n`);
    }
    logger.info({ deploymentKey: result.deploymentKey, resources: result.resources.length }, 'deployed');
    await recordDeployment(config.deployRecordFile, check, result, 'npm run deploy').catch((error: unknown) => {
      // Deployed all the same; only the modeler UI's 'differs from deployed' marks lag behind.
      logger.warn({ err: error, file: config.deployRecordFile }, '部署记录未能写入 / could not write the deploy record');
    });
    return 0;
  } catch (error) {
    logger.error({ err: error }, '部署失败 / deployment failed');
    return EXIT_PROBLEMS;
  } finally {
    await zeebe.close();
  }
}

main(process.argv.slice(2)).then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
