/**
 * Who sees what, as the engine enforces it (deploy/access/rules.ts): one table
 * of role × action with the answer each demo login gets over REST (HTTP Basic,
 * password demo). The data comes from the real processes run by the real
 * workers: a patrol past 集中反馈 with the 被巡查单位's 报送整改方案 open, its
 * cadre-conduct finding in a clue-transfer and its general hazard at the
 * 责任单位's 整改落实, and a second patrol on site waiting for a 来信来电举报.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../deploy/local/demo-users.ts';
import { CandidateGroup, FindingCategory, MessageName, OperationsGroup, ProcessId } from '../../../workers/contract.ts';
import { EngineRestError, type EngineRestClient } from '../../../workers/engine/rest-client.ts';
import { toEngineVariables } from '../../../workers/engine/variables.ts';
import { eventually, type UserTask } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';
import { finishOnSite, patrolOnSite, workApprovalChain } from '../support/patrol.ts';

const h = useEngineHarness();

type Outcome = 'allowed' | 'refused' | 'empty';
const A: Outcome = 'allowed';
const R: Outcome = 'refused';
const E: Outcome = 'empty';

/** What the setup leaves running, read by the actions. */
interface Scene {
  readonly patrol: string;
  readonly onSitePatrol: string;
  readonly onSitePatrolId: string;
  readonly transfer: string;
  readonly rectification: string;
  readonly planTask: UserTask;
  readonly letterTask: UserTask;
  readonly rectifyTask: UserTask;
  readonly ours: readonly string[];
}
let scene: Scene;
/** Instances an action starts, removed (with their history) right after, so no later row sees them. */
const started: string[] = [];

/** The answer of the engine: a refusal is 403 (not authorized) or 404 (not visible to this login). */
async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    const result = await call();
    if (Array.isArray(result)) return result.length > 0 ? A : E;
    return A;
  } catch (error) {
    if (error instanceof EngineRestError && (error.status === 403 || error.status === 404)) return R;
    throw error;
  }
}

async function removeStarted(): Promise<void> {
  for (const id of started.splice(0)) {
    // A worker may be completing its first external task at that moment (optimistic locking): try again.
    await eventually(`instance ${id} removed`, async () => {
      const [running] = await h.engine.rest.request<unknown[]>('GET', '/process-instance', undefined, { query: { processInstanceIds: id } });
      if (running) await h.engine.rest.request('DELETE', `/process-instance/${id}`, undefined, { query: { skipCustomListeners: true, skipIoMappings: true } });
      await h.engine.rest.request('DELETE', `/history/process-instance/${id}`);
      return true;
    });
  }
}

async function startAs(client: EngineRestClient, key: ProcessId): Promise<Outcome> {
  return outcomeOf(async () => {
    const instance = await client.request<{ id: string }>('POST', `/process-definition/key/${key}/start`, { variables: {} });
    started.push(instance.id);
    return instance;
  });
}

/** A daily inspection the admin starts for one login to try to repair: it waits at its plan task. */
async function freshInstance(): Promise<string> {
  const id = await h.engine.startProcessInstance(ProcessId.dailyInspection, {});
  started.push(id);
  // Once it rests at the plan task, no worker holds it while the login tries.
  await h.engine.waitForUserTask(id, 'DraftInspectionPlan');
  return id;
}

const ACTIONS = {
  /** 全部在办 for 安委办; the 被巡查单位's own task for it. */
  readUnitTask: (c: EngineRestClient) => outcomeOf(() => c.request('GET', `/task/${scene.planTask.id}`)),
  readUnitTaskVariables: (c: EngineRestClient) => outcomeOf(() => c.request('GET', `/task/${scene.planTask.id}/variables`)),
  listUnitTask: (c: EngineRestClient) =>
    outcomeOf(() => c.request('GET', '/task', undefined, { query: { processInstanceId: scene.patrol, taskDefinitionKey: 'SubmitRectificationPlan' } })),
  /** The 被巡查单位's task, or for the 被巡查单位 安委办's 审批移交函. */
  completeOthersTask: (c: EngineRestClient, login: string) =>
    outcomeOf(() =>
      c.request('POST', `/task/${login === CandidateGroup.patrolledUnit ? scene.letterTask.id : scene.planTask.id}/complete`, {
        variables: toEngineVariables({ rectificationPlanSummary: '越权提交' }),
      }),
    ),
  readTransfer: (c: EngineRestClient) => outcomeOf(() => c.request('GET', `/process-instance/${scene.transfer}`)),
  readTransferVariables: (c: EngineRestClient) => outcomeOf(() => c.request('GET', `/process-instance/${scene.transfer}/variables`)),
  readTransferHistory: (c: EngineRestClient) =>
    outcomeOf(() => c.request('GET', '/history/variable-instance', undefined, { query: { processInstanceId: scene.transfer, variableName: 'transferLetter' } })),
  listInstances: (c: EngineRestClient) => outcomeOf(() => c.request('GET', '/process-instance', undefined, { query: { processInstanceIds: scene.ours.join(',') } })),
  listHistory: (c: EngineRestClient) =>
    outcomeOf(() => c.request('GET', '/history/process-instance', undefined, { query: { processInstanceIds: scene.ours.join(',') } })),
  startPatrol: (c: EngineRestClient) => startAs(c, ProcessId.safetyPatrol),
  startSupervision: (c: EngineRestClient) => startAs(c, ProcessId.comprehensiveSupervision),
  startSpecial: (c: EngineRestClient) => startAs(c, ProcessId.specialInspection),
  startDaily: (c: EngineRestClient) => startAs(c, ProcessId.dailyInspection),
  startTransfer: (c: EngineRestClient) => startAs(c, ProcessId.clueTransfer),
  correlateReport: (c: EngineRestClient) =>
    outcomeOf(() =>
      c.request('POST', '/message', {
        messageName: MessageName.patrolReportReceived,
        correlationKeys: toEngineVariables({ patrolId: scene.onSitePatrolId }),
        processVariables: toEngineVariables({ report: { source: '来信', content: '表格测试举报', reporterContact: '无' } }),
      }),
    ),
  cockpit: (c: EngineRestClient) => applicationAccess(c, 'cockpit'),
  admin: (c: EngineRestClient) => applicationAccess(c, 'admin'),
  tasklist: (c: EngineRestClient) => applicationAccess(c, 'tasklist'),
  retryJob: async (c: EngineRestClient) => {
    const [job] = await h.engine.rest.request<Array<{ id: string; retries: number }>>('GET', '/job', undefined, { query: { processInstanceId: scene.patrol } });
    return outcomeOf(() => c.request('PUT', `/job/${job!.id}/retries`, { retries: job!.retries }));
  },
  modifyInstance: async (c: EngineRestClient) => {
    const id = await freshInstance();
    return outcomeOf(() => c.request('POST', `/process-instance/${id}/modification`, { instructions: [{ type: 'startBeforeActivity', activityId: 'DraftInspectionPlan' }] }));
  },
  cancelInstance: async (c: EngineRestClient) => {
    const id = await freshInstance();
    return outcomeOf(() => c.request('DELETE', `/process-instance/${id}`));
  },
  /** Every user reads its own profile; more only with Admin rights. */
  listOtherUsers: (c: EngineRestClient, login: string) =>
    outcomeOf(async () => (await c.request<Array<{ id: string }>>('GET', '/user')).filter((user) => user.id !== login)),
  listAuthorizations: (c: EngineRestClient) => outcomeOf(() => c.request('GET', '/authorization')),
} satisfies Record<string, (client: EngineRestClient, login: string) => Promise<Outcome>>;
type Action = keyof typeof ACTIONS;

async function applicationAccess(c: EngineRestClient, application: string): Promise<Outcome> {
  const check = await c.request<{ authorized: boolean }>('GET', '/authorization/check', undefined, {
    query: { permissionName: 'ACCESS', resourceName: 'application', resourceType: 0, resourceId: application },
  });
  return check.authorized ? A : R;
}

const COLUMNS: readonly Action[] = [
  'readUnitTask', 'readUnitTaskVariables', 'listUnitTask', 'completeOthersTask',
  'readTransfer', 'readTransferVariables', 'readTransferHistory',
  'listInstances', 'listHistory',
  'startPatrol', 'startSupervision', 'startSpecial', 'startDaily', 'startTransfer',
  'correlateReport',
  'cockpit', 'admin', 'tasklist',
  'retryJob', 'modifyInstance', 'cancelInstance',
  'listOtherUsers', 'listAuthorizations',
];

// prettier-ignore
/**
 * Expected answers, one row per demo login, in the order of {@link COLUMNS}:
 *                         unit task     | clue-transfer | instances | start P S Sp D T | 举报 | cockpit admin tasklist | retry modify cancel | users auths
 */
const TABLE: Readonly<Record<string, readonly Outcome[]>> = {
  [CandidateGroup.safetyCommitteeOffice]: [A, A, A, R, A, A, A, A, A, A, A, R, R, R, R, A, A, A, R, R, R, A, A],
  [CandidateGroup.patrolTeam]:            [R, R, E, R, R, R, E, A, A, R, R, R, R, R, A, R, R, A, A, R, R, E, E],
  [CandidateGroup.leadingGroup]:          [R, R, E, R, R, R, E, A, A, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  [CandidateGroup.patrolledUnit]:         [A, A, A, R, R, R, E, E, E, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  [CandidateGroup.responsibleUnit]:       [R, R, E, R, R, R, E, E, E, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  [CandidateGroup.disciplineLiaison]:     [R, R, E, R, A, A, A, A, A, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  [CandidateGroup.supervisionTeam]:       [R, R, E, R, R, R, E, E, E, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  [CandidateGroup.supervisedUnit]:        [R, R, E, R, R, R, E, E, E, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  [CandidateGroup.leadDepartment]:        [R, R, E, R, R, R, E, E, E, R, R, A, R, R, R, R, R, A, R, R, R, E, E],
  [CandidateGroup.regulatoryDepartment]:  [R, R, E, R, R, R, E, E, E, R, R, R, A, R, R, R, R, A, R, R, R, E, E],
  [CandidateGroup.inspectionTeam]:        [R, R, E, R, R, R, E, E, E, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  [CandidateGroup.industryAuthority]:     [R, R, E, R, R, R, E, E, E, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  [CandidateGroup.enterprise]:            [R, R, E, R, R, R, E, E, E, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  // 党委政府 and 安委会 approve the patrol's plan and report (profile procedures): they follow the patrols, nothing else.
  [CandidateGroup.partyGovernment]:       [R, R, E, R, R, R, E, A, A, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  [CandidateGroup.safetyCommittee]:       [R, R, E, R, R, R, E, A, A, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  // The transferring organs' leaders approve and sign their 移交函 (clue-transfer): they read their own tasks only;
  // the 安委办负责人 reviews this scene's letter, so it reads the 移交函 through that task's history.
  [CandidateGroup.safetyCommitteeOfficeLeader]:  [R, R, E, R, R, R, A, E, E, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  [CandidateGroup.leadDepartmentLeader]:         [R, R, E, R, R, R, E, E, E, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  [CandidateGroup.industryAuthorityLeader]:      [R, R, E, R, R, R, E, E, E, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  [CandidateGroup.regulatoryDepartmentLeader]:   [R, R, E, R, R, R, E, E, E, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  // 填报单位 reports its own 调度表 (campaign-dispatch): like the other units, its tasks only.
  [CandidateGroup.reportingUnit]:         [R, R, E, R, R, R, E, E, E, R, R, R, R, R, R, R, R, A, R, R, R, E, E],
  // 乡镇（街道）、功能区 start and plan their own daily inspection (第十九条): like the other units, their tasks only.
  [CandidateGroup.townshipPlanner]:       [R, R, E, R, R, R, E, E, E, R, R, R, A, R, R, R, R, A, R, R, R, E, E],
  [OperationsGroup.operator]:             [R, R, E, R, R, R, E, A, A, R, R, R, R, R, A, A, R, R, A, A, A, E, E],
};

beforeAll(async () => {
  await h.clock.pin('2026-09-01T09:00:00+08:00');
  const patrolId = '表安巡〔2026〕1号';
  const { patrol, entry } = await patrolOnSite(h, { patrolId, target: '表格县委、县人民政府', surveySummary: '摸底：县应急管理局执法检查流于形式。', clue: '县应急管理局分管负责人对危化企业执法检查流于形式' });
  // The 巡查组 logs a 举报 itself (its one standing UPDATE grant).
  await h.engine.as(CandidateGroup.patrolTeam, DEMO_PASSWORD).publishMessage(MessageName.patrolReportReceived, { patrolId }, {
    report: { source: '来电', content: '县应急管理局某干部收受企业好处', reporterContact: '139****0000' },
  });
  // The on-site window closes: the 举报 and the 摸底 clue are 核查 and closed, patrol-entry completes.
  await finishOnSite(h, entry);
  await h.engine.waitForProcessInstanceState(entry, 'COMPLETED');
  await h.complete(patrol, 'WritePatrolReport', {
    reportSummary: '发现一般问题隐患1项、干部作风问题1项。',
    findings: [
      { category: FindingCategory.general, description: '危化品仓库消防通道堵塞', responsibleUnit: '表格化工有限公司', serious: false },
      { category: FindingCategory.cadreConduct, description: '县应急管理局分管负责人执法检查流于形式', responsibleUnit: '表格县应急管理局', serious: false },
    ],
    reportCauseAnalysis: '县级监管部门履职不到位。',
    reportRecommendations: '压实监管责任。',
    accountabilityList: [],
  });
  // 盐城 (the default jurisdiction of the patrol helpers): 领导小组审核 → 市委、市政府批准.
  const approve = (reportApprovedDate: string) => ({ reportDecision: 'approve', reportReviewComment: '同意', reportApprovedDate });
  await workApprovalChain(h, patrol, 'ReviewPatrolReport', [
    { group: CandidateGroup.leadingGroup, title: '巡查工作领导小组审核巡查报告', variables: approve('2026-09-28') },
    { group: CandidateGroup.partyGovernment, title: '市委、市政府批准巡查报告', variables: approve('2026-09-29') },
  ]);
  await h.complete(patrol, 'GiveFeedback', { feedbackDate: '2026-10-09', feedbackMeeting: '巡查情况反馈会', feedbackOpinions: '请抓紧整改。' });

  const [rectification] = await h.engine.waitForCalledInstances(patrol, ProcessId.hazardRectification);
  await h.complete(rectification!.id, 'DiagnoseHazard', {
    causeAnalysis: '企业管理松懈',
    disposalMeasure: '限期整改',
    rectificationRequirement: '立即清理消防通道',
    diagnosisDate: '2026-10-12',
  });
  const rectifyTask = await h.engine.waitForUserTask(rectification!.id, 'RectifyHazard');
  const [transfer] = await h.engine.waitForCalledInstances(patrol, ProcessId.clueTransfer);
  const letterTask = await h.engine.waitForUserTask(transfer!.id, 'ReviewTransferLetter');
  await h.engine.waitForVariable(transfer!.id, 'transferLetter');
  const planTask = await h.engine.waitForUserTask(patrol, 'SubmitRectificationPlan');

  const onSitePatrolId = '表安巡〔2026〕2号';
  // The engine clock only moves forward: the second patrol enters after the first one's on-site period.
  const onSite = await patrolOnSite(h, { patrolId: onSitePatrolId, target: '现场县委、县人民政府', plannedEntryDate: '2026-10-12' });
  scene = {
    patrol,
    onSitePatrol: onSite.patrol,
    onSitePatrolId,
    transfer: transfer!.id,
    rectification: rectification!.id,
    planTask,
    letterTask,
    rectifyTask,
    ours: [patrol, onSite.patrol, onSite.entry, transfer!.id, rectification!.id],
  };
});

afterAll(async () => {
  await removeStarted();
  if (!scene) return;
  for (const id of [scene.onSitePatrol, scene.patrol]) {
    await h.engine.cancelProcessInstance(id).catch(() => undefined);
  }
});

describe('who sees what: every role × action, as the engine answers', () => {
  it('has a row for every demo login and a column for every action', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...Object.values(CandidateGroup), ...Object.values(OperationsGroup)].sort());
    for (const row of Object.values(TABLE)) expect(row).toHaveLength(COLUMNS.length);
  });

  for (const [login, expected] of Object.entries(TABLE)) {
    it(`${login}`, async () => {
      const client = h.engine.as(login, DEMO_PASSWORD).rest;
      const actual: Record<string, Outcome> = {};
      for (const action of COLUMNS) {
        actual[action] = await ACTIONS[action](client, login);
        await removeStarted();
      }
      expect(actual).toEqual(Object.fromEntries(COLUMNS.map((action, index) => [action, expected[index]])));
    });
  }
});

describe('what the variables of a task carry', () => {
  const CONFIDENTIAL = ['clues', 'report', 'surveySummary', 'findings', 'transferLetter', 'letterBody', 'reportSummary', 'feedbackOpinions'];

  it('keeps the patrol’s clues, reports and findings and every 移交函 away from the 责任单位', async () => {
    const variables = await h.engine.as(CandidateGroup.responsibleUnit, DEMO_PASSWORD).userTaskVariables(scene.rectifyTask.id);
    for (const name of CONFIDENTIAL) expect(variables, name).not.toHaveProperty(name);
    expect(variables['finding']).toMatchObject({ category: FindingCategory.general, description: '危化品仓库消防通道堵塞' });
  });

  it('gives the clue-transfer only its finding, not the rest of the patrol, and its letter only to 纪检监察联络 and 安委办', async () => {
    const variables = await h.engine.as(CandidateGroup.disciplineLiaison, DEMO_PASSWORD).rest.request<Record<string, unknown>>('GET', `/process-instance/${scene.transfer}/variables`);
    expect(variables).toHaveProperty('transferLetter');
    for (const name of ['clues', 'report', 'surveySummary', 'findings', 'reportSummary', 'feedbackOpinions']) expect(variables, name).not.toHaveProperty(name);
  });

  it('leaves no 移交函, 摸底 clue or 举报 in the patrol, so the 被巡查单位’s task never shows one', async () => {
    const variables = await h.engine.as(CandidateGroup.patrolledUnit, DEMO_PASSWORD).userTaskVariables(scene.planTask.id);
    expect(variables).not.toHaveProperty('transferLetter');
    expect(variables).not.toHaveProperty('letterBody');
    // The 摸底 clues and the 举报 are cleared once they are in the ledger.
    expect(variables['clues'] ?? null).toBeNull();
    expect(variables['report'] ?? null).toBeNull();
    // The findings it must rectify, without the cadre-conduct one that went to the 纪检监察机关 (seed 000 第九条(四)).
    expect(variables['findings']).toEqual([expect.objectContaining({ category: FindingCategory.general, description: '危化品仓库消防通道堵塞' })]);
    expect(JSON.stringify(variables)).not.toContain('执法检查流于形式');
  });

  it('lets a unit still work its own task', async () => {
    await h.engine.as(CandidateGroup.patrolledUnit, DEMO_PASSWORD).completeAsCurrentUser(scene.planTask.id, {
      rectificationPlanNumber: '表委发〔2026〕1号',
      rectificationPlanSummary: '逐条整改。',
      rectificationPlanSubmittedDate: '2026-10-30',
    });
    await h.engine.waitForUserTaskGone(scene.patrol, 'SubmitRectificationPlan');
  });
});
