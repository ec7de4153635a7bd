/**
 * Makes the engine hold exactly the authorizations of deploy/access/rules.ts,
 * through the REST API as an admin: creates what is missing, sets what differs
 * to the rule's permissions (narrowing too), and deletes what the rules do not
 * want for the role groups and the service account (grants earlier versions
 * created, revokes, and any global authorization). Authorizations the engine
 * makes per task, and those of other users and groups (operaton-admin, a
 * person's own filters), are left alone. A second run changes nothing.
 *
 * Run by `npm start` and the integration tests' setup (through
 * deploy/local/demo-users.ts), and on its own for production: `npm run access`.
 */
import type { Logger } from 'pino';
import type { EngineRestClient } from '../../workers/engine/rest-client.ts';
import {
  type AuthorizationDto,
  AuthorizationType,
  type Grant,
  accessRules,
  findAuthorization,
  grantKey,
  isManaged,
  lacksTaskVariableRead,
  samePermissions,
} from './rules.ts';

export interface ApplyAccessOptions {
  /** A client logged in as a member of operaton-admin. */
  readonly client: EngineRestClient;
  readonly logger: Logger;
  /** The shared Tasklist filter (deploy/local/demo-users.ts creates it). */
  readonly filterId: string;
  /** The workers' login. */
  readonly serviceAccount: string;
}

const ALL_ROWS = { maxResults: 100_000 };

function describe(authorization: Pick<AuthorizationDto, 'type' | 'userId' | 'groupId' | 'resourceType' | 'resourceId'>): string {
  if (authorization.type === AuthorizationType.global) return `global ${authorization.resourceType}:${authorization.resourceId}`;
  const kind = authorization.type === AuthorizationType.revoke ? 'revoke' : 'grant';
  return `${kind} ${authorization.userId ?? authorization.groupId} ${authorization.resourceType}:${authorization.resourceId}`;
}

function body(grant: Grant) {
  return {
    permissions: grant.permissions,
    ...(grant.userId ? { userId: grant.userId } : { groupId: grant.groupId }),
    resourceType: grant.resourceType,
    resourceId: grant.resourceId,
  };
}

/** Applies the rules; resolves to what it changed (nothing on a second run). */
export async function applyAccessRules(options: ApplyAccessOptions): Promise<{ changes: string[] }> {
  const { client, logger, serviceAccount } = options;
  const rules = accessRules({ filterId: options.filterId, serviceAccount });
  const wanted = new Set(rules.map(grantKey));
  const changes: string[] = [];

  const existing = await client.request<AuthorizationDto[]>('GET', '/authorization', undefined, { query: ALL_ROWS });
  for (const authorization of existing) {
    if (!isManaged(authorization, serviceAccount)) continue;
    const keep = authorization.type === AuthorizationType.grant && wanted.has(grantKey(authorization));
    if (!keep) {
      await client.request('DELETE', `/authorization/${encodeURIComponent(authorization.id)}`);
      changes.push(`${describe(authorization)} removed`);
    }
  }

  for (const grant of rules) {
    const found = findAuthorization(existing, grant);
    const label = `grant ${grant.userId ?? grant.groupId} ${grant.resourceType}:${grant.resourceId}`;
    if (!found) {
      await client.request('POST', '/authorization/create', { type: AuthorizationType.grant, ...body(grant) });
      changes.push(`${label} created`);
    } else if (!samePermissions(found.permissions, grant.permissions)) {
      await client.request('PUT', `/authorization/${encodeURIComponent(found.id)}`, body(grant));
      changes.push(`${label} set to ${grant.permissions.join(',')}`);
    }
  }

  // Task authorizations from before enforce-specific-variable-permission: the engine now adds READ_VARIABLE to every new one.
  for (const authorization of existing.filter(lacksTaskVariableRead)) {
    await client.request('PUT', `/authorization/${encodeURIComponent(authorization.id)}`, {
      permissions: [...authorization.permissions, 'READ_VARIABLE'],
      ...(authorization.userId ? { userId: authorization.userId } : { groupId: authorization.groupId }),
      resourceType: authorization.resourceType,
      resourceId: authorization.resourceId,
    });
    changes.push(`${describe(authorization)} READ_VARIABLE added`);
  }

  logger.info(
    { rules: rules.length, changes: changes.length },
    changes.length ? '访问权限已按规则更正 / access rules applied' : '访问权限已是最新 / access rules up to date',
  );
  if (changes.length) logger.debug({ changes }, 'access changes');
  return { changes };
}
