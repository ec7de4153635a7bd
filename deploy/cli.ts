/**
 * `npm run deploy`: checks every diagram and form under processes/ (lint,
 * workers for every topic, linked forms present) and, only when nothing
 * blocks, deploys them all in one deployment to the engine of
 * ENGINE_REST_URL and prints what the engine runs. `--lint-only` stops after
 * the checks (`npm run lint:bpmn`).
 *
 * Deploying needs an engine account allowed to create deployments
 * (ENGINE_USER / ENGINE_PASSWORD; locally the admin `demo`).
 *
 * stdout carries one line per process and form; problems and logs go to
 * stderr. Exit codes: 0 ok, 1 problems found or deployment failed,
 * 2 invalid configuration or arguments.
 */
import { loadConfigForCommand } from '../workers/config.ts';
import { EngineRestClient } from '../workers/engine/rest-client.ts';
import { createLogger } from '../workers/logger.ts';
import { checkResources, formatProblem } from './check-resources.ts';
import { deployFailureAdvice, deployResources } from './deploy.ts';

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

  const { engine } = config;
  const client = new EngineRestClient({ baseUrl: engine.restUrl, ...engine.deployer });
  try {
    logger.info({ engine: engine.restUrl, user: engine.deployer.username }, 'deploying');
    const result = await deployResources(client, check.diagrams, check.forms);
    for (const resource of result.resources) {
      const state = resource.changed ? '新版本 new version' : '未变 unchanged';
      process.stdout.write(`${resource.kind}\t${resource.id}\tversion ${resource.version}\t${state}\t${resource.resourceName}\n`);
    }
    const changed = result.resources.filter((resource) => resource.changed).length;
    logger.info(
      { deploymentId: result.deploymentId, created: result.created, changed, resources: result.resources.length },
      result.created ? '已部署 / deployed' : '没有改动，未创建新部署 / nothing changed, no new deployment',
    );
    return 0;
  } catch (error) {
    logger.error({ err: error }, '部署失败 / deployment failed');
    const advice = deployFailureAdvice(error, { restUrl: engine.restUrl, username: engine.deployer.username });
    if (advice) process.stderr.write(`${advice.zh} / ${advice.en}\n`);
    return EXIT_PROBLEMS;
  }
}

main(process.argv.slice(2)).then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
