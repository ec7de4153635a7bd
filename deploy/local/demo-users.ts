/**
 * Demo logins of the local engine, kept in Operaton's identity service: one
 * group per role of workers/contract.ts (the candidate groups and the
 * operations group 运维值班; group id = role id), one demo user per group with
 * the same id (password `demo`), the workers' service account and a shared
 * Tasklist filter. What each role may see and do is deploy/access/rules.ts,
 * applied at the end (deploy/access/apply.ts).
 *
 * Run as the built-in admin `demo` (operaton-admin) after every start; it
 * creates what is missing and corrects what differs, so a second run writes
 * nothing. Local demo only: a real deployment manages people in its own
 * identity provider and applies the access rules with `npm run access`.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { PROJECT_ROOT } from '../../workers/config.ts';
import { applyAccessRules } from '../access/apply.ts';
import { ensureServiceAccountGroup } from '../access/service-account.ts';
import { CandidateGroup, OperationsGroup } from '../../workers/contract.ts';
import type { EngineRestClient } from '../../workers/engine/rest-client.ts';
import { type Directory, loadDirectory } from '../../workers/notify/directory.ts';
import { LOCAL_LOGIN } from './manifest.ts';

/** The password of every demo user, like the admin's own `demo`/`demo`. */
export const DEMO_PASSWORD = 'demo';

/** Chinese display names come from the recipient directory, which names every candidate group. */
export const DEMO_DIRECTORY_FILE = path.join(PROJECT_ROOT, 'processes', 'directory.json');

/** The workers' login (config.engine's local defaults ENGINE_USER / ENGINE_PASSWORD). */
export const WORKER_ACCOUNT = { username: 'anquan-worker', password: 'demo' } as const;

/** The one shared Tasklist filter: the open tasks of the current user's candidate groups. */
export const TASK_FILTER_NAME = '我的待办';

export interface DemoUser {
  /** User id = group id = the role (a candidate group, or an operations group such as 运维值班). */
  readonly userId: CandidateGroup | OperationsGroup;
  readonly displayName: string;
}

/** One demo user per candidate group, in the contract's order, then one per operations group. */
export function demoUsers(directory: Pick<Directory, 'get'>): DemoUser[] {
  return [...Object.values(CandidateGroup), ...Object.values(OperationsGroup)].map((group) => {
    const displayName = directory.get(group)?.name;
    if (!displayName) {
      throw new Error(`收件人名录缺少角色 "${group}" / the recipient directory has no entry for role "${group}"`);
    }
    return { userId: group, displayName };
  });
}

/** The demo login that works a candidate group's tasks (its password is {@link DEMO_PASSWORD}). */
export function demoLoginOf(group: CandidateGroup | OperationsGroup): string {
  return group;
}

/** The task query of {@link TASK_FILTER_NAME}, evaluated for whoever opens it. */
export const TASK_FILTER_QUERY = {
  candidateGroupsExpression: '${currentUserGroups()}',
  // A task someone in the group claimed stays visible to the group.
  includeAssignedTasks: true,
  sorting: [{ sortBy: 'dueDate', sortOrder: 'asc' }],
} as const;

export const TASK_FILTER_PROPERTIES = {
  description: '本人所在候选组的待办，按截止时间排序 / open tasks of my candidate groups, by due date',
  priority: -10,
  refresh: true,
} as const;

export interface FilterDto {
  readonly id: string;
  readonly name: string;
  readonly resourceType: string;
  readonly owner?: string | null;
  readonly query: Record<string, unknown>;
  readonly properties?: Record<string, unknown> | null;
}

/** Whether every key we set has our value (the engine may return further keys, e.g. nulls). */
export function hasEntries(actual: Record<string, unknown> | null | undefined, wanted: Record<string, unknown>): boolean {
  if (!actual) return false;
  return Object.entries(wanted).every(([key, value]) => JSON.stringify(actual[key]) === JSON.stringify(value));
}

export interface DemoUsersOptions {
  /** A client logged in as the admin (`demo`). */
  readonly client: EngineRestClient;
  readonly logger: Logger;
  readonly directoryFile?: string;
  /** The admin's own password; the engine asks for it when an admin resets another user's password. */
  readonly adminPassword?: string;
  /** The workers' login to create (config.engine.username / password); default {@link WORKER_ACCOUNT}. */
  readonly serviceAccount?: { readonly username: string; readonly password: string };
}

interface GroupDto {
  readonly id: string;
  readonly name: string | null;
  readonly type: string | null;
}

interface UserProfileDto {
  readonly id: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly email: string | null;
}

const GROUP_TYPE = 'WORKFLOW';
const ALL_ROWS = { maxResults: 10_000 };

/**
 * Creates or corrects groups, users, memberships, the shared filter and the
 * authorizations; resolves to what it changed (nothing on a second run).
 */
export async function ensureDemoUsers(options: DemoUsersOptions): Promise<{ changes: string[] }> {
  const { client, logger } = options;
  const users = demoUsers(await loadDirectory(options.directoryFile ?? DEMO_DIRECTORY_FILE));
  const changes: string[] = [];
  const serviceAccount = options.serviceAccount ?? WORKER_ACCOUNT;

  const groups = new Map((await client.request<GroupDto[]>('GET', '/group', undefined, { query: ALL_ROWS })).map((group) => [group.id, group]));
  for (const { userId: id, displayName: name } of users) {
    const group = groups.get(id);
    if (!group) {
      await client.request('POST', '/group/create', { id, name, type: GROUP_TYPE });
      changes.push(`group ${id} created`);
    } else if (group.name !== name || group.type !== GROUP_TYPE) {
      await client.request('PUT', `/group/${encodeURIComponent(id)}`, { id, name, type: GROUP_TYPE });
      changes.push(`group ${id} corrected`);
    }
  }

  const profiles = new Map(
    (await client.request<UserProfileDto[]>('GET', '/user', undefined, { query: ALL_ROWS })).map((profile) => [profile.id, profile]),
  );
  const accounts = [
    ...users.map((user) => ({ id: user.userId, firstName: user.displayName, lastName: '演示用户', password: DEMO_PASSWORD })),
    { id: serviceAccount.username, firstName: '流程服务账户', lastName: 'workers', password: serviceAccount.password },
  ];
  for (const account of accounts) {
    const profile = { id: account.id, firstName: account.firstName, lastName: account.lastName, email: null };
    const stored = profiles.get(account.id);
    if (!stored) {
      await client.request('POST', '/user/create', { profile, credentials: { password: account.password } });
      changes.push(`user ${account.id} created`);
      continue;
    }
    if (stored.firstName !== profile.firstName || stored.lastName !== profile.lastName) {
      await client.request('PUT', `/user/${encodeURIComponent(account.id)}/profile`, profile);
      changes.push(`user ${account.id} profile corrected`);
    }
    if (!(await passwordWorks(client, account.id, account.password))) {
      await client.request('PUT', `/user/${encodeURIComponent(account.id)}/credentials`, {
        password: account.password,
        authenticatedUserPassword: options.adminPassword ?? LOCAL_LOGIN.password,
      });
      // The failed checks above locked the account for a while; the person logging in next must not pay for them.
      await client.request('POST', `/user/${encodeURIComponent(account.id)}/unlock`);
      changes.push(`user ${account.id} password reset`);
    }
  }

  for (const { userId } of users) {
    const members = await client.request<UserProfileDto[]>('GET', '/user', undefined, { query: { memberOfGroup: userId } });
    if (!members.some((member) => member.id === userId)) {
      await client.request('PUT', `/group/${encodeURIComponent(userId)}/members/${encodeURIComponent(userId)}`);
      changes.push(`membership ${userId} ∈ ${userId} added`);
    }
  }

  changes.push(...(await ensureServiceAccountGroup(client, serviceAccount.username)));
  const filterId = await ensureTaskFilter(client, changes, logger);

  const access = await applyAccessRules({ client, logger, filterId, serviceAccount: serviceAccount.username });
  changes.push(...access.changes);

  logger.info(
    {
      users: users.map((user) => `${user.userId}（${user.displayName}）`),
      password: DEMO_PASSWORD,
      serviceAccount: serviceAccount.username,
      changes: changes.length,
    },
    changes.length ? '演示用户已创建或更正 / demo users created or corrected' : '演示用户已是最新 / demo users up to date',
  );
  return { changes };
}

/**
 * Checks a password without leaving the user locked: a failed check makes the
 * engine lock the user for a few seconds, and a user may also still be locked
 * from someone's wrong attempt. So: check, unlock, check again.
 */
async function passwordWorks(client: EngineRestClient, username: string, password: string): Promise<boolean> {
  const verify = async () =>
    (await client.request<{ authenticated: boolean }>('POST', '/identity/verify', { username, password })).authenticated;
  if (await verify()) return true;
  await client.request('POST', `/user/${encodeURIComponent(username)}/unlock`);
  return verify();
}

/** Creates the shared filter once (or corrects its query); returns its id. Also used by `npm run access`. */
export async function ensureTaskFilter(client: EngineRestClient, changes: string[], logger: Logger): Promise<string> {
  const filters = await client.request<FilterDto[]>('GET', '/filter', undefined, { query: { resourceType: 'Task', name: TASK_FILTER_NAME } });
  const definition = {
    resourceType: 'Task',
    name: TASK_FILTER_NAME,
    // The admin who sets it up owns it (locally `demo`); everyone else reads it by the access rules.
    owner: client.username,
    query: TASK_FILTER_QUERY,
    properties: TASK_FILTER_PROPERTIES,
  };
  const [filter, ...duplicates] = filters;
  if (duplicates.length) logger.warn({ ids: duplicates.map((other) => other.id) }, `有多个“${TASK_FILTER_NAME}”过滤器，只维护第一个 / several filters named ${TASK_FILTER_NAME}; only the first is kept up to date`);
  if (!filter) {
    const created = await client.request<FilterDto>('POST', '/filter/create', definition);
    changes.push(`filter ${TASK_FILTER_NAME} created`);
    return created.id;
  }
  if (!hasEntries(filter.query, TASK_FILTER_QUERY) || !hasEntries(filter.properties, TASK_FILTER_PROPERTIES)) {
    await client.request('PUT', `/filter/${encodeURIComponent(filter.id)}`, definition);
    changes.push(`filter ${TASK_FILTER_NAME} corrected`);
  }
  return filter.id;
}
