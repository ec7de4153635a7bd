/**
 * 上报重大问题 (POST /tasks/api/major-issues) and 记录阻挠巡查
 * (POST /tasks/api/obstructions) through the workbench, on the real modeler
 * server app against the test engine with the real workers: the 巡查组 sends
 * them to its patrol on site, and they reach it through the same messages as
 * the REST path, so patrol-entry starts MajorIssueHandling (交办 at once under
 * 江西, 请示报告 to the 领导小组 first under 盐城) and ObstructionHandling
 * (记录不配合、干扰巡查情形), with the text as sent in the tasks, which show in
 * the 巡查组's own list. Before entry, for a number no patrol has, and after the
 * on-site phase ended, the answer is the bilingual 404; other roles, the
 * operator 运维值班 included, get a 403 and nothing reaches the patrol.
 */
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidateGroup, OperationsGroup } from '../../../../workers/contract.ts';
import { eventually } from '../../support/engine-client.ts';
import { useEngineHarness } from '../../support/harness.ts';
import { approvePlanAndEnter, enterOnSite, finishOnSite, issueEntryNotice, patrolAtPlanReview } from '../../support/patrol.ts';
import { login, taskList, type WorkbenchApp, workbenchApp } from '../../support/workbench-app.ts';

const h = useEngineHarness();
const ENTRY_DATE = '2026-09-07';
/** 江西: profile majorIssueHandling assign-at-once. */
const JIANGXI_ID = '赣事测巡〔2026〕1号';
/** 盐城: report-to-leading-group-first. */
const YANCHENG_ID = '盐事测巡〔2026〕2号';
/** On site, then finished: its on-site phase is over. */
const FINISHED_ID = '盐事测巡〔2026〕3号';
/** Numbered, its plan not yet approved: not on site. */
const NOT_ENTERED_ID = '盐事测巡〔2026〕4号';

const ISSUE = { description: '液氯储罐区安全联锁长期未投用，储罐区无人值守', responsibleUnit: '现场测试化工有限公司' };
const OBSTRUCTION = { description: '县应急管理局拒不提供2025年度执法台账，经两次催要仍未提供' };

let app: Express;
let workbench: WorkbenchApp | undefined;
const patrols: Record<string, { patrol: string; entry: string }> = {};
let notEntered: string | undefined;

/** Up to the 进驻通知, each patrol while the clock is before the entry date, so every notice is in time. */
async function patrolBeforeEntry(patrolId: string, jurisdiction: string): Promise<{ patrol: string; entry: string }> {
  const patrol = await patrolAtPlanReview(h, { patrolId, target: `${patrolId}被巡查县委、县人民政府`, jurisdiction, plannedEntryDate: ENTRY_DATE });
  const entry = await approvePlanAndEnter(h, patrol);
  await issueEntryNotice(h, entry, { number: `${patrolId}进驻通知`, entryDate: ENTRY_DATE });
  return { patrol, entry };
}

beforeAll(async () => {
  await h.clock.pin('2026-09-01T09:00:00+08:00');
  workbench = await workbenchApp(h);
  app = workbench.app;
  for (const [patrolId, jurisdiction] of [
    [JIANGXI_ID, 'jiangxi'],
    [YANCHENG_ID, 'yancheng'],
    [FINISHED_ID, 'yancheng'],
  ] as const) {
    patrols[patrolId] = await patrolBeforeEntry(patrolId, jurisdiction);
  }
  notEntered = await patrolAtPlanReview(h, { patrolId: NOT_ENTERED_ID, target: '未进驻县委、县人民政府' });
  for (const { entry } of Object.values(patrols)) await enterOnSite(h, entry, ENTRY_DATE);
});

afterAll(async () => {
  for (const id of [...Object.values(patrols).map(({ patrol }) => patrol), notEntered]) if (id) await h.engine.cancelProcessInstance(id).catch(() => undefined);
  await workbench?.close();
});

const entryOf = (patrolId: string) => patrols[patrolId]!.entry;

describe('重大问题 and 阻挠巡查 through the workbench', () => {
  it('lets the 巡查组 raise a 重大问题: 交办 at once under 江西, 请示报告 first under 盐城, in its own list', async () => {
    const { agent, session } = await login(app, CandidateGroup.patrolTeam);
    expect(session.user.canLogReports).toBe(true);
    for (const patrolId of [JIANGXI_ID, YANCHENG_ID]) {
      const response = await agent.post('/tasks/api/major-issues').send({ patrolId, ...ISSUE });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toEqual({ correlated: true });
    }

    const assign = await h.engine.waitForUserTask(entryOf(JIANGXI_ID), 'AssignMajorIssue');
    expect(assign.candidateGroups).toEqual([CandidateGroup.patrolTeam]);
    expect(await h.engine.openUserTasks(entryOf(JIANGXI_ID), 'ReportMajorIssue')).toEqual([]);
    const report = await h.engine.waitForUserTask(entryOf(YANCHENG_ID), 'ReportMajorIssue');
    expect(await h.engine.openUserTasks(entryOf(YANCHENG_ID), 'AssignMajorIssue')).toEqual([]);
    for (const task of [assign, report]) {
      expect(await h.engine.userTaskVariables(task.id, ['majorIssueDescription', 'majorIssueResponsibleUnit'])).toMatchObject({
        majorIssueDescription: ISSUE.description,
        majorIssueResponsibleUnit: ISSUE.responsibleUnit,
      });
    }
    const offered = await taskList(agent, 'group');
    expect(offered.filter((task) => task.id === assign.id || task.id === report.id).map((task) => [task.caseNumber, task.name])).toEqual(
      expect.arrayContaining([
        [JIANGXI_ID, assign.name],
        [YANCHENG_ID, report.name],
      ]),
    );
  });

  it('lets the 巡查组 record 阻挠巡查, which opens 记录不配合、干扰巡查情形 with the description', async () => {
    const { agent } = await login(app, CandidateGroup.patrolTeam);
    const response = await agent.post('/tasks/api/obstructions').send({ patrolId: YANCHENG_ID, ...OBSTRUCTION });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const record = await h.engine.waitForUserTask(entryOf(YANCHENG_ID), 'RecordObstruction');
    expect(record.candidateGroups).toEqual([CandidateGroup.patrolTeam]);
    expect(await h.engine.userTaskVariables(record.id, ['obstructionDescription'])).toMatchObject({ obstructionDescription: OBSTRUCTION.description });
    expect((await taskList(agent, 'group')).some((task) => task.id === record.id && task.caseNumber === YANCHENG_ID)).toBe(true);
  });

  it('checks the fields before anything is sent', async () => {
    const { agent } = await login(app, CandidateGroup.patrolTeam);
    const issue = await agent.post('/tasks/api/major-issues').send({ patrolId: JIANGXI_ID, description: ' ', responsibleUnit: '单'.repeat(201) });
    expect(issue.status).toBe(400);
    expect(issue.body.error).toMatchObject({ code: 'invalid-fields', zh: expect.stringContaining('请填写问题描述'), en: expect.stringContaining('enter the description') });
    expect(issue.body.error.fields.map((field: { field: string }) => field.field)).toEqual(['description', 'responsibleUnit']);
    const obstruction = await agent.post('/tasks/api/obstructions').send({ description: OBSTRUCTION.description });
    expect(obstruction.status).toBe(400);
    expect(obstruction.body.error.fields.map((field: { field: string }) => field.field)).toEqual(['patrolId']);
  });

  it('refuses every other role, the operator included, and nothing reaches the patrol', async () => {
    const open = async () => (await Promise.all(['AssignMajorIssue', 'RecordObstruction'].map((element) => h.engine.openUserTasks(entryOf(JIANGXI_ID), element)))).flat().length;
    const before = await open();
    for (const role of [CandidateGroup.safetyCommitteeOffice, CandidateGroup.patrolledUnit, OperationsGroup.operator]) {
      const { agent, session } = await login(app, role);
      expect(session.user.canLogReports).toBe(false);
      for (const [route, body] of [
        ['major-issues', { patrolId: JIANGXI_ID, ...ISSUE }],
        ['obstructions', { patrolId: JIANGXI_ID, ...OBSTRUCTION }],
        ['reports', { patrolId: JIANGXI_ID, source: '来电', content: `${role} 冒名登记的举报` }],
      ] as const) {
        const response = await agent.post(`/tasks/api/${route}`).send(body);
        expect(response.status, `${role} ${route}: ${JSON.stringify(response.body)}`).toBe(403);
        expect(response.body.error).toMatchObject({ code: 'forbidden', zh: expect.stringContaining('只有巡查组'), en: expect.stringContaining('only members of the patrol team') });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await open()).toBe(before);
  });

  it('answers with the bilingual 404 before entry, for an unknown number and after the on-site phase', async () => {
    // The finished patrol: its clues disposed and the clock past its on-site period (09-17), so 现场巡查 has ended.
    await finishOnSite(h, entryOf(FINISHED_ID));
    const { agent } = await login(app, CandidateGroup.patrolTeam);
    for (const patrolId of [NOT_ENTERED_ID, '没有这个巡〔2026〕99号', FINISHED_ID]) {
      for (const [route, body, zh, en] of [
        ['major-issues', ISSUE, '重大问题只在现场巡查阶段', 'major issues are raised only during the on-site phase'],
        ['obstructions', OBSTRUCTION, '不配合、干扰巡查的情形只在现场巡查阶段', 'obstruction is recorded only during the on-site phase'],
      ] as const) {
        const response = await agent.post(`/tasks/api/${route}`).send({ patrolId, ...body });
        expect(response.status, `${patrolId} ${route}: ${JSON.stringify(response.body)}`).toBe(404);
        expect(response.body.error).toMatchObject({ code: 'no-patrol-on-site', zh: expect.stringContaining(`“${patrolId}”`), en: expect.stringContaining('is on site') });
        expect(response.body.error.zh).toContain(zh);
        expect(response.body.error.en).toContain(en);
        expect(response.body.error.message).toBe(`${response.body.error.zh} / ${response.body.error.en}`);
      }
    }
  });

  it('still takes a 重大问题 after the report window closed, while the on-site phase goes on', async () => {
    // The clock is past 09-17: the 江西 patrol takes no more 举报, but its clues and 交办 are still open, so 现场巡查 goes on.
    const { agent } = await login(app, CandidateGroup.patrolTeam);
    const late = await agent.post('/tasks/api/reports').send({ patrolId: JIANGXI_ID, source: '来电', content: '期满后来电反映的问题' });
    expect(late.status, JSON.stringify(late.body)).toBe(404);
    expect(late.body.error.zh).toContain('来信来电举报只在现场巡查期间');
    const response = await agent.post('/tasks/api/major-issues').send({ patrolId: JIANGXI_ID, description: '期满前夜发现的尾矿库坝体渗漏', responsibleUnit: '现场测试矿业有限公司' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    await eventually('the second 交办', async () => ((await h.engine.openUserTasks(entryOf(JIANGXI_ID), 'AssignMajorIssue')).length === 2 ? true : undefined));
  });
});
