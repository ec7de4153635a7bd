/**
 * `npm run access`: applies the access rules (deploy/access/rules.ts) to the
 * engine of ENGINE_REST_URL, e.g. in production after an upgrade of this
 * project, and prints what it changed. It also makes sure of the shared
 * Tasklist filter the rules grant. It logs in as ENGINE_DEPLOY_USER /
 * ENGINE_DEPLOY_PASSWORD, which must be a member of operaton-admin; the role
 * groups (workers/contract.ts ids) come from the organisation's identity
 * provider and are only reported when missing. Locally `npm start` does all
 * this by itself.
 *
 * stdout: one line per change; logs go to stderr. Exit codes: 0 ok,
 * 1 the engine refused or failed, 2 invalid configuration or arguments.
 */
import { loadConfigForCommand } from '../../workers/config.ts';
import { EngineRestClient } from '../../workers/engine/rest-client.ts';
import { createLogger } from '../../workers/logger.ts';
import { ensureServiceAccountGroup } from './service-account.ts';
import { ensureTaskFilter } from '../local/demo-users.ts';
import { applyAccessRules } from './apply.ts';
import { ROLE_GROUPS } from './rules.ts';

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write(`未知参数 / unknown arguments: ${argv.join(' ')}\n用法 / usage: npm run access\n`);
    return 2;
  }
  const config = loadConfigForCommand();
  if (!config) return 2;
  const logger = createLogger(config, { stream: 'stderr', name: 'access' });
  const admin = new EngineRestClient({ baseUrl: config.engine.restUrl, ...config.engine.deployer });
  try {
    const groups = await admin.request<Array<{ id: string }>>('GET', '/group', undefined, { query: { maxResults: 100_000 } });
    const missing = ROLE_GROUPS.filter((id) => !groups.some((group) => group.id === id));
    if (missing.length) logger.warn({ missing }, '引擎中缺少这些角色组，其规则暂不生效 / these role groups do not exist in the engine yet; their rules take effect once they do');
    const changes: string[] = [...(await ensureServiceAccountGroup(admin, config.engine.username))];
    const filterId = await ensureTaskFilter(admin, changes, logger);
    changes.push(...(await applyAccessRules({ client: admin, logger, filterId, serviceAccount: config.engine.username })).changes);
    for (const change of changes) process.stdout.write(`${change}\n`);
    logger.info({ engine: config.engine.restUrl, changes: changes.length }, changes.length ? '已更正 / applied' : '无需改动 / nothing to change');
    return 0;
  } catch (error) {
    logger.error({ err: error }, '访问规则未能应用 / the access rules could not be applied');
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
