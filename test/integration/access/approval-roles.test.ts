/**
 * The approving roles that jurisdiction profiles bring (issue 11 decision 1):
 * 党委政府 (盐城 市委、市政府批准) and 安委会 (湖南 安委会审定) work the patrol's
 * plan-approval steps their profile lists, in order, and follow the patrols
 * they approve; they see no other role's task, no clue-transfer, and start
 * nothing. Every answer comes from the engine's authorizations (deploy/access/rules.ts),
 * as the demo logins get them over REST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../deploy/local/demo-users.ts';
import { CandidateGroup, ProcessId } from '../../../workers/contract.ts';
import { EngineRestError, type EngineRestClient } from '../../../workers/engine/rest-client.ts';
import { toEngineVariables } from '../../../workers/engine/variables.ts';
import { eventually, type UserTask } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';
import { patrolAtPlanReview } from '../support/patrol.ts';

const h = useEngineHarness();
const started: string[] = [];

const APPROVE = { planDecision: 'approve', planReviewComment: '同意', planApprovedDate: '2026-09-02' };

async function refused(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return false;
  } catch (error) {
    if (error instanceof EngineRestError && (error.status === 403 || error.status === 404)) return true;
    throw error;
  }
}

const as = (group: CandidateGroup): EngineRestClient => h.engine.as(group, DEMO_PASSWORD).rest;

/** The open ReviewPatrolPlan task once it is offered to `group` (the previous step closed). */
async function planStepFor(patrol: string, group: CandidateGroup): Promise<UserTask> {
  return eventually(`ReviewPatrolPlan of ${patrol} offered to ${group}`, async () => {
    const [task] = await h.engine.openUserTasks(patrol, 'ReviewPatrolPlan');
    return task && task.candidateGroups.includes(group) ? task : undefined;
  });
}

/** What a login lists of the patrol's open approval tasks. */
async function listedApprovalTasks(group: CandidateGroup, patrol: string): Promise<unknown[]> {
  return as(group).request<unknown[]>('GET', '/task', undefined, { query: { processInstanceId: patrol, taskDefinitionKey: 'ReviewPatrolPlan' } });
}

beforeAll(async () => {
  await h.clock.pin('2026-09-01T09:00:00+08:00');
});

afterAll(async () => {
  for (const id of started) await h.engine.cancelProcessInstance(id).catch(() => undefined);
});

describe('盐城: 领导小组研究, then 市委、市政府 (党委政府) 批准', () => {
  let patrol: string;

  beforeAll(async () => {
    patrol = await patrolAtPlanReview(h, { patrolId: '盐安巡〔2026〕91号', target: '审批县委、县人民政府', jurisdiction: 'yancheng' });
    started.push(patrol);
  });

  it('offers the first step to the 领导小组 only, under the profile’s title', async () => {
    const task = await planStepFor(patrol, CandidateGroup.leadingGroup);
    expect(task.candidateGroups).toEqual([CandidateGroup.leadingGroup]);
    expect(task.name).toBe('巡查工作领导小组研究巡查工作方案');
    expect(await listedApprovalTasks(CandidateGroup.partyGovernment, patrol)).toEqual([]);
    expect(await refused(() => as(CandidateGroup.partyGovernment).request('POST', `/task/${task.id}/complete`, { variables: toEngineVariables(APPROVE) }))).toBe(true);
    await h.engine.completeUserTask(task, APPROVE);
  });

  it('then offers 市委、市政府批准 to 党委政府, which works it; the 领导小组 cannot', async () => {
    const task = await planStepFor(patrol, CandidateGroup.partyGovernment);
    expect(task.name).toBe('市委、市政府批准巡查工作方案');
    expect(await listedApprovalTasks(CandidateGroup.partyGovernment, patrol)).toHaveLength(1);
    expect(await refused(() => as(CandidateGroup.leadingGroup).request('POST', `/task/${task.id}/complete`, { variables: toEngineVariables(APPROVE) }))).toBe(true);
    // 党委政府 follows the patrol it approves: the instance and its variables (the plan it decides on).
    const variables = await as(CandidateGroup.partyGovernment).request<Record<string, unknown>>('GET', `/process-instance/${patrol}/variables`);
    expect(variables).toHaveProperty('planTitle');
    await h.engine.as(CandidateGroup.partyGovernment, DEMO_PASSWORD).completeAsCurrentUser(task.id, APPROVE);
    const [entry] = await h.engine.waitForCalledInstances(patrol, ProcessId.patrolEntry);
    started.push(entry!.id);
  });

  it('lets 党委政府 start nothing and read no clue-transfer', async () => {
    const party = as(CandidateGroup.partyGovernment);
    expect(await refused(() => party.request('POST', `/process-definition/key/${ProcessId.safetyPatrol}/start`, { variables: {} }))).toBe(true);
    expect(await party.request<unknown[]>('GET', '/process-instance', undefined, { query: { processDefinitionKey: ProcessId.clueTransfer } })).toEqual([]);
    expect(await party.request<unknown[]>('GET', '/history/process-instance', undefined, { query: { processDefinitionKey: ProcessId.clueTransfer } })).toEqual([]);
  });
});

describe('湖南: 安委办审核, then 安委会审定', () => {
  let patrol: string;

  beforeAll(async () => {
    patrol = await patrolAtPlanReview(h, { patrolId: '湘安巡〔2026〕92号', target: '审定市委、市人民政府', jurisdiction: 'hunan' });
    started.push(patrol);
  });

  it('goes 安委办 → 安委会, each step its own role, and the 安委会 follows the patrol', async () => {
    const office = await planStepFor(patrol, CandidateGroup.safetyCommitteeOffice);
    expect(office.name).toBe('省安委办审核巡查工作方案');
    expect(await listedApprovalTasks(CandidateGroup.safetyCommittee, patrol)).toEqual([]);
    await h.engine.completeUserTask(office, APPROVE);

    const committee = await planStepFor(patrol, CandidateGroup.safetyCommittee);
    expect(committee.candidateGroups).toEqual([CandidateGroup.safetyCommittee]);
    expect(committee.name).toBe('省安委会审定巡查工作方案');
    // 湖南 has no 领导小组 in its chain: it neither lists nor works the step.
    expect(await listedApprovalTasks(CandidateGroup.leadingGroup, patrol)).toEqual([]);
    const instances = await as(CandidateGroup.safetyCommittee).request<Array<{ id: string }>>('GET', '/process-instance', undefined, { query: { processInstanceIds: patrol } });
    expect(instances.map((instance) => instance.id)).toEqual([patrol]);
    await h.engine.as(CandidateGroup.safetyCommittee, DEMO_PASSWORD).completeAsCurrentUser(committee.id, APPROVE);
    const [entry] = await h.engine.waitForCalledInstances(patrol, ProcessId.patrolEntry);
    started.push(entry!.id);
  });
});
