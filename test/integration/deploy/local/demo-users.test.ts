/**
 * The demo logins on the real test engine: `ensureDemoUsers` (run once by the
 * global setup, as `npm start` does) writes nothing the second time, puts back
 * what someone changed in Admin, and the authorizations it grants are the
 * engine's: a login outside a task's candidate group neither sees nor completes it.
 */
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { AuthorizationType, ResourceType, type AuthorizationDto } from '../../../../deploy/access/rules.ts';
import { DEMO_PASSWORD, TASK_FILTER_NAME, ensureDemoUsers } from '../../../../deploy/local/demo-users.ts';
import { CandidateGroup, OperationsGroup, ProcessId, SERVICE_ACCOUNT_GROUP } from '../../../../workers/contract.ts';
import { EngineRestClient, EngineRestError } from '../../../../workers/engine/rest-client.ts';
import { LOCAL_LOGIN } from '../../../../deploy/local/manifest.ts';
import { oneTaskProcess } from '../../support/one-task-process.ts';
import { testEngineConfig } from '../../support/test-engine.ts';

const silent = pino({ level: 'silent' });
const admin = new EngineRestClient({ baseUrl: testEngineConfig().engine.restUrl, ...LOCAL_LOGIN });
const TEMPORARY_ACCOUNT = { username: 'it-service-account', password: 'it-secret-1' };


async function verified(username: string, password: string): Promise<boolean> {
  const result = await admin.request<{ authenticated: boolean }>('POST', '/identity/verify', { username, password });
  return result.authenticated;
}

afterAll(async () => {
  const grants = await admin.request<AuthorizationDto[]>('GET', '/authorization', undefined, { query: { userIdIn: TEMPORARY_ACCOUNT.username } });
  for (const grant of grants) await admin.request('DELETE', `/authorization/${grant.id}`);
  await admin.request('DELETE', `/user/${TEMPORARY_ACCOUNT.username}`).catch(() => undefined);
});

describe('the demo logins on the engine', () => {
  it('are already complete after the start, so a second run writes nothing', async () => {
    expect((await ensureDemoUsers({ client: admin, logger: silent })).changes).toEqual([]);
    const groups = await admin.request<Array<{ id: string }>>('GET', '/group', undefined, { query: { maxResults: 1000 } });
    expect(groups.map((group) => group.id)).toEqual(expect.arrayContaining([...Object.values(CandidateGroup), ...Object.values(OperationsGroup), SERVICE_ACCOUNT_GROUP]));
    const filters = await admin.request<Array<{ name: string }>>('GET', '/filter', undefined, { query: { name: TASK_FILTER_NAME } });
    expect(filters).toHaveLength(1);
  });

  it('puts back a renamed group, a changed password, a removed membership, a narrowed grant, and removes grants the rules do not want', async () => {
    await admin.request('PUT', '/group/qiye', { id: 'qiye', name: '企业', type: 'WORKFLOW' });
    await admin.request('PUT', '/user/xuncha-zu/credentials', { password: 'changed-1', authenticatedUserPassword: LOCAL_LOGIN.password });
    await admin.request('DELETE', '/group/ducha-zu/members/ducha-zu');
    const [grant] = await admin.request<AuthorizationDto[]>('GET', '/authorization', undefined, {
      query: { groupIdIn: CandidateGroup.safetyCommitteeOffice, resourceType: ResourceType.processDefinition, resourceId: ProcessId.safetyPatrol },
    });
    await admin.request('PUT', `/authorization/${grant!.id}`, { ...grant, permissions: ['READ'] });
    // What earlier versions granted, or someone added in Admin: wider than the rules.
    await admin.request('POST', '/authorization/create', {
      type: AuthorizationType.grant, groupId: CandidateGroup.enterprise, resourceType: ResourceType.processDefinition, resourceId: '*', permissions: ['READ', 'CREATE_INSTANCE'],
    });
    await admin.request('POST', '/authorization/create', {
      type: AuthorizationType.global, userId: '*', resourceType: ResourceType.processInstance, resourceId: '*', permissions: ['READ'],
    });

    const { changes } = await ensureDemoUsers({ client: admin, logger: silent });
    expect([...changes].sort()).toEqual([
      'group qiye corrected',
      'user xuncha-zu password reset',
      'membership ducha-zu ∈ ducha-zu added',
      'grant qiye 6:* removed',
      'global 8:* removed',
      `grant anwei-ban ${ResourceType.processDefinition}:${ProcessId.safetyPatrol} set to READ,CREATE_INSTANCE`,
    ].sort());
    expect(await verified('xuncha-zu', DEMO_PASSWORD)).toBe(true);
    const members = await admin.request<Array<{ id: string }>>('GET', '/user', undefined, { query: { memberOfGroup: 'ducha-zu' } });
    expect(members.map((member) => member.id)).toContain('ducha-zu');
    const restored = await admin.request<AuthorizationDto>('GET', `/authorization/${grant!.id}`);
    expect(restored.permissions).toEqual(expect.arrayContaining(['READ', 'CREATE_INSTANCE']));
    expect((await ensureDemoUsers({ client: admin, logger: silent })).changes).toEqual([]);
  });

  it('creates the service account it is given, which may then fetch external tasks', async () => {
    await ensureDemoUsers({ client: admin, logger: silent, serviceAccount: TEMPORARY_ACCOUNT });
    expect(await verified(TEMPORARY_ACCOUNT.username, TEMPORARY_ACCOUNT.password)).toBe(true);
    const worker = admin.as(TEMPORARY_ACCOUNT.username, TEMPORARY_ACCOUNT.password);
    const members = await admin.request<Array<{ id: string }>>('GET', '/user', undefined, { query: { memberOfGroup: SERVICE_ACCOUNT_GROUP } });
    expect(members.map((member) => member.id)).toContain(TEMPORARY_ACCOUNT.username);
    await expect(worker.fetchAndLock({ workerId: 'it-check', maxTasks: 1, topics: [{ topicName: 'it.none', lockDuration: 1000 }] })).resolves.toEqual([]);
  });

  it('let only the candidate group see and complete a task', async () => {
    await admin.createDeployment({
      name: 'role-check',
      source: 'integration-tests',
      deployChangedOnly: true,
      files: [{ name: 'role-check.bpmn', content: oneTaskProcess('role-check', '安委办审核', CandidateGroup.safetyCommitteeOffice) }],
    });
    const started = await admin.startProcessInstance('role-check', {});
    const enterprise = admin.as('qiye', DEMO_PASSWORD);
    expect(await enterprise.request('GET', '/task', undefined, { query: { processInstanceId: started.id } })).toEqual([]);
    // Not even visible to it: the enterprise reads no definition it has no task in.
    await expect(enterprise.startProcessInstance('role-check', {})).rejects.toMatchObject({ status: 404 });

    const office = admin.as('anwei-ban', DEMO_PASSWORD);
    const [task] = await office.request<Array<{ id: string }>>('GET', '/task', undefined, { query: { processInstanceId: started.id } });
    expect(task).toBeDefined();
    const refused = await enterprise.request('POST', `/task/${task!.id}/complete`, { variables: {} }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EngineRestError);
    expect((refused as EngineRestError).status).toBe(403);
    await office.request('POST', `/task/${task!.id}/complete`, { variables: {} });
    const history = await admin.request<Array<{ state: string }>>('GET', '/history/process-instance', undefined, { query: { processInstanceId: started.id } });
    expect(history[0]?.state).toBe('COMPLETED');
  });
});
