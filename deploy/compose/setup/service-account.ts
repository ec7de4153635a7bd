/**
 * First step of `docker compose --profile setup run --rm setup` (compose.yaml): creates the
 * workers' REST service account ENGINE_USER with the password ENGINE_PASSWORD when the engine
 * does not have it yet, as the engine's admin ENGINE_DEPLOY_USER. An existing account is left as
 * it is (its password is not changed). Its authorizations and its group (anquan-workers) come next,
 * from `npm run access`.
 *
 * Where an identity provider supplies the accounts, skip this step: the account is then its business.
 * It runs inside the modeler image, mounted at the same place as in the repository, so it reads
 * the configuration through workers/config.ts like every other command.
 *
 * stdout: one line saying what happened. Exit codes: 0 ok, 1 the engine refused or failed,
 * 2 invalid configuration.
 */
import { loadConfigForCommand } from '../../../workers/config.ts';
import { EngineRestClient } from '../../../workers/engine/rest-client.ts';

interface UserProfileDto {
  readonly id: string;
}

async function main(): Promise<number> {
  const config = loadConfigForCommand();
  if (!config) return 2;
  const admin = new EngineRestClient({ baseUrl: config.engine.restUrl, ...config.engine.deployer });
  const { username, password } = config.engine;
  const found = await admin.request<UserProfileDto[]>('GET', '/user', undefined, { query: { id: username } });
  if (found.some((profile) => profile.id === username)) {
    process.stdout.write(`服务账户已存在 / service account ${username} exists\n`);
    return 0;
  }
  await admin.request('POST', '/user/create', {
    profile: { id: username, firstName: '流程服务账户', lastName: 'workers', email: null },
    credentials: { password },
  });
  process.stdout.write(`已创建服务账户 / service account ${username} created\n`);
  return 0;
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    process.stderr.write(`服务账户未能创建 / the service account could not be created: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
