/**
 * The workers' service account in its group (SERVICE_ACCOUNT_GROUP): the engine app reserves
 * working external tasks to that group's members. Run by `npm start`, the tests' setup and
 * `npm run access`; creates what is missing, so a second run changes nothing.
 */
import { SERVICE_ACCOUNT_GROUP } from '../../workers/contract.ts';
import type { EngineRestClient } from '../../workers/engine/rest-client.ts';

const GROUP = { id: SERVICE_ACCOUNT_GROUP, name: '流程服务账户 / workers service accounts', type: 'SYSTEM' } as const;

/** Resolves to what it changed. The account itself must exist (created locally, by the identity provider in production). */
export async function ensureServiceAccountGroup(client: EngineRestClient, serviceAccount: string): Promise<string[]> {
  const changes: string[] = [];
  const [group] = await client.request<Array<{ id: string; name: string; type: string }>>('GET', '/group', undefined, { query: { id: GROUP.id } });
  if (!group) {
    await client.request('POST', '/group/create', GROUP);
    changes.push(`group ${GROUP.id} created`);
  } else if (group.name !== GROUP.name || group.type !== GROUP.type) {
    await client.request('PUT', `/group/${encodeURIComponent(GROUP.id)}`, GROUP);
    changes.push(`group ${GROUP.id} corrected`);
  }
  const members = await client.request<Array<{ id: string }>>('GET', '/user', undefined, { query: { memberOfGroup: GROUP.id, id: serviceAccount } });
  if (!members.length) {
    await client.request('PUT', `/group/${encodeURIComponent(GROUP.id)}/members/${encodeURIComponent(serviceAccount)}`);
    changes.push(`membership ${serviceAccount} ∈ ${GROUP.id} added`);
  }
  return changes;
}
