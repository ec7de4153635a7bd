/**
 * Demo logins for the local cluster: one user per candidate group of
 * workers/contract.ts (login = the group id, password `demo`), so each role can
 * log in to Tasklist and Operate under its own name.
 *
 * Camunda 8.6 without Identity keeps its users in the search database, one
 * document per user in Operate's and Tasklist's user index. In the single-JVM
 * distribution that the local engine runs, the shared login (`/api/login`,
 * Operate and Tasklist alike) reads Operate's index; the Tasklist index is
 * written too, so a separately deployed Tasklist 8.6 finds the same users.
 *
 * Without Identity, Camunda 8.6 cannot restrict tasks to candidate groups:
 * every login sees every task in Tasklist and (read-only for role USER) every
 * instance and variable in Operate. These users tell who did what; they do not
 * keep one role's data from another. Local demo only.
 */
import path from 'node:path';
import { compare, hash } from 'bcryptjs';
import type { Logger } from 'pino';
import { PROJECT_ROOT } from '../../workers/config.ts';
import { CandidateGroup } from '../../workers/contract.ts';
import { type Directory, loadDirectory } from '../../workers/notify/directory.ts';

/** The password of every demo user, like the engine's own `demo`/`demo`. */
export const DEMO_PASSWORD = 'demo';

/** Chinese display names come from the recipient directory, which names every candidate group. */
export const DEMO_DIRECTORY_FILE = path.join(PROJECT_ROOT, 'processes', 'directory.json');

/**
 * Operate's roles: OWNER administers, OPERATOR may act on instances (retry,
 * cancel, edit variables), USER only reads. Tasklist lets every role work on tasks.
 */
export type CamundaUserRole = 'OWNER' | 'OPERATOR' | 'USER';

/**
 * 安委办 runs the procedures; 巡查组, 领导小组, 督查组, 牵头部门, 业务监管部门 and
 * 检查组 belong to the supervising side and may fix a stuck instance; the units under supervision and the discipline
 * liaison only work on their tasks.
 */
export const DEMO_ROLES: Readonly<Record<CandidateGroup, CamundaUserRole>> = {
  [CandidateGroup.safetyCommitteeOffice]: 'OWNER',
  [CandidateGroup.patrolTeam]: 'OPERATOR',
  [CandidateGroup.leadingGroup]: 'OPERATOR',
  [CandidateGroup.patrolledUnit]: 'USER',
  [CandidateGroup.responsibleUnit]: 'USER',
  [CandidateGroup.disciplineLiaison]: 'USER',
  [CandidateGroup.supervisionTeam]: 'OPERATOR',
  [CandidateGroup.supervisedUnit]: 'USER',
  [CandidateGroup.leadDepartment]: 'OPERATOR',
  [CandidateGroup.regulatoryDepartment]: 'OPERATOR',
  [CandidateGroup.inspectionTeam]: 'OPERATOR',
  [CandidateGroup.industryAuthority]: 'USER',
  [CandidateGroup.enterprise]: 'USER',
};

/**
 * User indices of the Camunda 8.6 schema (the index name carries the schema
 * version, not the Camunda version). A Camunda upgrade that renames them makes
 * {@link ensureDemoUsers} report the missing index instead of writing elsewhere.
 */
export const USER_INDICES = {
  operate: 'operate-user-1.2.0_',
  tasklist: 'tasklist-user-1.4.0_',
} as const;

/** A user document as Operate and Tasklist 8.6 store it (both indices have this strict mapping). */
export interface CamundaUserDocument {
  readonly id: string;
  readonly userId: string;
  readonly displayName: string;
  /** Spring Security's delegating format: `{bcrypt}$2b$…`. */
  readonly password: string;
  readonly roles: readonly CamundaUserRole[];
}

export interface DemoUser {
  readonly userId: CandidateGroup;
  readonly displayName: string;
  readonly role: CamundaUserRole;
}

/** One demo user per candidate group, in the contract's order. */
export function demoUsers(directory: Pick<Directory, 'get'>): DemoUser[] {
  return Object.values(CandidateGroup).map((group) => {
    const displayName = directory.get(group)?.name;
    if (!displayName) {
      throw new Error(`收件人名录缺少候选组 "${group}" / the recipient directory has no entry for candidate group "${group}"`);
    }
    return { userId: group, displayName, role: DEMO_ROLES[group] };
  });
}

const BCRYPT_PREFIX = '{bcrypt}';

export function userDocument(user: DemoUser, bcryptHash: string): CamundaUserDocument {
  return { id: user.userId, userId: user.userId, displayName: user.displayName, password: `${BCRYPT_PREFIX}${bcryptHash}`, roles: [user.role] };
}

/** Whether a stored document already is the demo user with the demo password (so a restart rewrites nothing). */
export async function isCurrent(stored: Partial<CamundaUserDocument> | undefined, user: DemoUser, password: string): Promise<boolean> {
  if (!stored) return false;
  if (stored.id !== user.userId || stored.userId !== user.userId || stored.displayName !== user.displayName) return false;
  if (!Array.isArray(stored.roles) || stored.roles.length !== 1 || stored.roles[0] !== user.role) return false;
  if (typeof stored.password !== 'string' || !stored.password.startsWith(BCRYPT_PREFIX)) return false;
  return compare(password, stored.password.slice(BCRYPT_PREFIX.length));
}

export interface DemoUsersOptions {
  /** OpenSearch base URL of the profile, e.g. http://127.0.0.1:9200. */
  readonly searchUrl: string;
  readonly logger: Logger;
  /** How long to wait for Camunda to create its user indices. */
  readonly timeoutMs?: number;
  readonly directoryFile?: string;
}

async function search(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(10_000), headers: { 'content-type': 'application/json' } });
}

async function waitForIndex(searchUrl: string, index: string, deadline: number): Promise<void> {
  for (;;) {
    const response = await search(`${searchUrl}/${index}`, { method: 'HEAD' });
    if (response.ok) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `用户索引 ${index} 不存在（Camunda 版本变了？）/ user index ${index} does not exist (another Camunda version? see USER_INDICES in deploy/local/demo-users.ts)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * Creates or corrects the demo users in both user indices; users already as
 * they should be are left alone, and no other user (such as `demo`) is touched.
 */
export async function ensureDemoUsers(options: DemoUsersOptions): Promise<{ created: string[]; updated: string[] }> {
  const { searchUrl, logger } = options;
  const users = demoUsers(await loadDirectory(options.directoryFile ?? DEMO_DIRECTORY_FILE));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const created: string[] = [];
  const updated: string[] = [];
  for (const index of Object.values(USER_INDICES)) {
    await waitForIndex(searchUrl, index, deadline);
    for (const user of users) {
      const url = `${searchUrl}/${index}/_doc/${encodeURIComponent(user.userId)}`;
      const existing = await search(url);
      if (!existing.ok && existing.status !== 404) throw new Error(`GET ${url}: HTTP ${existing.status}`);
      const stored = existing.ok ? ((await existing.json()) as { _source?: Partial<CamundaUserDocument> })._source : undefined;
      if (await isCurrent(stored, user, DEMO_PASSWORD)) continue;
      const document = userDocument(user, await hash(DEMO_PASSWORD, 10));
      const written = await search(`${url}?refresh=true`, { method: 'PUT', body: JSON.stringify(document) });
      if (!written.ok) throw new Error(`PUT ${url}: HTTP ${written.status} ${await written.text()}`);
      (stored ? updated : created).push(`${index}/${user.userId}`);
    }
  }
  logger.info(
    {
      users: users.map((user) => `${user.userId}（${user.displayName}，${user.role}）`),
      password: DEMO_PASSWORD,
      created: created.length,
      updated: updated.length,
    },
    '演示用户已就绪 / demo users ready',
  );
  return { created, updated };
}
