/**
 * The workbench's HTTP API on the real modeler server app against the test
 * engine with the real workers, every call made as the logged-in person
 * (user tokens): 安委办 starts a patrol, finds its first task in 本组待办,
 * claims it, comments, attaches a file, completes it with a dynamic list
 * (stored as Json) and sees it in 已办, with the next task titled for its
 * target. 被巡查单位 sees none of it and gets 404 for the task.
 */
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidateGroup, FormId, ProcessId } from '../../../../workers/contract.ts';
import type { CompletedTaskSummary, SessionInfo, TaskDetail, TaskSummary } from '../../../../workbench/api-types.ts';
import { eventually } from '../../support/engine-client.ts';
import { useEngineHarness } from '../../support/harness.ts';
import { type WorkbenchApp, workbenchApp } from '../../support/workbench-app.ts';

const h = useEngineHarness();
const PASSWORD = 'demo';
const TARGET = '工作台测试县委、县人民政府';

let workbench: WorkbenchApp | undefined;
let app: Express;

beforeAll(async () => {
  workbench = await workbenchApp(h);
  app = workbench.app;
});

afterAll(async () => {
  await workbench?.close();
});

async function login(username: string) {
  const agent = request.agent(app);
  const response = await agent.post('/tasks/api/session').send({ username, password: PASSWORD });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.headers['set-cookie']?.[0]).toMatch(/^workbench_session=.*Path=\/tasks.*HttpOnly.*SameSite=Strict/i);
  return { agent, session: response.body as SessionInfo };
}

async function list(agent: ReturnType<typeof request.agent>, name: string): Promise<TaskSummary[]> {
  const response = await agent.get('/tasks/api/tasks').query({ list: name });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as TaskSummary[];
}

describe('workbench API as the logged-in person', () => {
  it('refuses a wrong password and requests without a session', async () => {
    // The engine holds a login back for a few seconds after a wrong password: the wrong one goes to a login the
    // files run next (reports, due lists, cases) do not use.
    const wrong = await request(app).post('/tasks/api/session').send({ username: CandidateGroup.enterprise, password: 'wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 'bad-credentials', zh: expect.stringContaining('用户名或密码错误') });
    const anonymous = await request(app).get('/tasks/api/tasks?list=mine');
    expect(anonymous.status).toBe(401);
    const notJson = await request(app).post('/tasks/api/session').type('form').send('username=a&password=b');
    expect(notJson.status).toBe(415);
  });

  it('lets 安委办 start a patrol, claim and complete its first task with a dynamic list, and see it in 已办; 被巡查单位 sees none of it', async () => {
    const { agent: office, session } = await login(CandidateGroup.safetyCommitteeOffice);
    expect(session.user).toMatchObject({ id: 'anwei-ban', canLogReports: false });
    expect(session.user.lists).toContain('all-open');
    expect(session.user.groups.map((group) => group.id)).toContain(CandidateGroup.safetyCommitteeOffice);
    expect(session.startable.map((process) => process.key)).toContain(ProcessId.safetyPatrol);

    const started = await office.post(`/tasks/api/processes/${ProcessId.safetyPatrol}/start`).send({ variables: {} });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const { processInstanceId } = started.body as { processInstanceId: string };

    const survey = await eventually('the 摸底 task in 本组待办', async () =>
      (await list(office, 'group')).find((task) => task.processInstanceId === processInstanceId),
    );
    expect(survey).toMatchObject({ name: '摸底分析与线索收集', procedure: '安全生产巡查', processDefinitionKey: ProcessId.safetyPatrol, assignee: null });

    const detail = (await office.get(`/tasks/api/tasks/${survey.id}`)).body as TaskDetail;
    expect(detail.formId).toBe(FormId.patrolSurvey);
    expect(JSON.stringify(detail.formSchema)).toContain('patrolTargetName');

    const claimed = await office.post(`/tasks/api/tasks/${survey.id}/claim`).send({});
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect(claimed.body).toMatchObject({ id: survey.id, assignee: 'anwei-ban' });
    expect((await list(office, 'mine')).map((task) => task.id)).toContain(survey.id);
    expect((await list(office, 'group')).map((task) => task.id)).not.toContain(survey.id);

    const comment = await office.post(`/tasks/api/tasks/${survey.id}/comments`).send({ message: '摸底材料已齐' });
    expect(comment.status, JSON.stringify(comment.body)).toBe(201);
    const attachment = await office
      .post(`/tasks/api/tasks/${survey.id}/attachments`)
      .send({ name: '摸底说明.txt', contentType: 'text/plain', contentBase64: Buffer.from('危化品企业清单').toString('base64') });
    expect(attachment.status, JSON.stringify(attachment.body)).toBe(201);
    const download = await office.get(`/tasks/${attachment.body.url as string}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(download.headers['content-type']).toMatch(/^text\/plain/);
    expect(download.text).toBe('危化品企业清单');
    const refused = await office.post(`/tasks/api/tasks/${survey.id}/attachments`).send({ name: 'a.exe', contentType: 'application/x-msdownload', contentBase64: 'TVo=' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0]).toMatchObject({ field: 'contentType' });

    const incomplete = await office.post(`/tasks/api/tasks/${survey.id}/complete`).send({ variables: { patrolTargetName: TARGET } });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.fields.map((field: { field: string }) => field.field)).toEqual(expect.arrayContaining(['patrolTargetKind', 'surveySummary']));

    const clues = [
      { source: '摸底', content: '县应急管理局对危化企业执法检查流于形式' },
      { source: '来信', content: '某企业夜间违规生产', reporterContact: '' },
    ];
    const completed = await office.post(`/tasks/api/tasks/${survey.id}/complete`).send({
      variables: { patrolTargetName: TARGET, patrolTargetKind: 'county', jurisdiction: 'jiangxi', surveySummary: '危化品企业集中。', clues },
    });
    expect(completed.status, JSON.stringify(completed.body)).toBe(204);

    const done = await eventually('the 摸底 task in 已办', async () => {
      const response = await office.get('/tasks/api/completed');
      return (response.body as CompletedTaskSummary[]).find((task) => task.id === survey.id);
    });
    expect(done).toMatchObject({ name: '摸底分析与线索收集', procedure: '安全生产巡查' });

    // The next task is titled for its target, and the dynamic list reached the engine as a list.
    const plan = await eventually('the plan task in 本组待办', async () =>
      (await list(office, 'group')).find((task) => task.processInstanceId === processInstanceId && task.name === '拟定巡查工作方案'),
    );
    expect(plan.title).toBe(`拟定巡查工作方案 · ${TARGET}`);
    expect(plan.targetUnit).toBe(TARGET);
    const planDetail = (await office.get(`/tasks/api/tasks/${plan.id}`)).body as TaskDetail;
    // The list reached the engine as Json (anquan.ledger.record-clues clears `clues` once recorded, so the history and the ledger tell).
    const updates = await h.engine.rest.request<{ variableName: string; variableType: string; value: unknown }[]>('GET', '/history/detail', undefined, {
      query: { processInstanceId, sortBy: 'time', sortOrder: 'asc' },
    });
    expect(updates.find((update) => update.variableName === 'clues')).toMatchObject({ variableType: 'Json', value: clues });
    const recorded = await eventually('the clues in the ledger', async () => {
      const rows = (await h.ledger.listClues()).filter((clue) => clues.some((sent) => sent.content === clue.content));
      return rows.length === 2 ? rows : undefined;
    });
    expect(recorded.map((clue) => clue.source).sort()).toEqual(['摸底', '来信']);
    expect(planDetail.comments.map((entry) => entry.message)).toContain('摸底材料已齐');
    expect(planDetail.attachments.map((entry) => entry.name)).toContain('摸底说明.txt');
    expect(planDetail.history.map((entry) => entry.activity)).toContain('摸底分析与线索收集');
    expect((await list(office, 'all-open')).map((task) => task.id)).toContain(plan.id);

    // 被巡查单位: none of the patrol's tasks, 404 for the task, no 全部在办.
    const { agent: unit, session: unitSession } = await login(CandidateGroup.patrolledUnit);
    expect(unitSession.user.lists).not.toContain('all-open');
    expect(unitSession.startable).toEqual([]);
    for (const name of ['mine', 'group', 'due-soon', 'overdue']) {
      expect((await list(unit, name)).filter((task) => task.processInstanceId === processInstanceId)).toEqual([]);
    }
    // Other tests on the shared engine leave the unit its own 已办; none of them is this patrol's.
    expect(((await unit.get('/tasks/api/completed')).body as CompletedTaskSummary[]).filter((task) => task.processInstanceId === processInstanceId)).toEqual([]);
    const hidden = await unit.get(`/tasks/api/tasks/${plan.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toMatchObject({ code: 'not-found', zh: expect.any(String), en: expect.any(String) });
    expect((await unit.get('/tasks/api/tasks?list=all-open')).status).toBe(403);
    expect((await unit.post(`/tasks/api/tasks/${plan.id}/claim`).send({})).status).not.toBe(200);

    // Like every change, logging out is JSON (the same rule as the modeler's /api).
    const logout = await unit.delete('/tasks/api/session').set('content-type', 'application/json');
    expect(logout.status).toBe(204);
    expect((await unit.get('/tasks/api/session')).status).toBe(401);
  });
});
