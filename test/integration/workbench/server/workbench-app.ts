/**
 * What the workbench server tests share: the real modeler server app with
 * the workbench mounted at /tasks against the harness's engine (user tokens),
 * its logins, and a patrol driven by its roles to 现场巡查 (the same steps as
 * test/integration/access/access-table.test.ts), where the 巡查组 takes 举报.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../../../deploy/local/demo-users.ts';
import { PROCESSES_DIR } from '../../../../deploy/project-files.ts';
import { createApp } from '../../../../modeler-ui/server/app.ts';
import { CandidateGroup, ProcessId } from '../../../../workers/contract.ts';
import { WorkingDayCalendar } from '../../../../workers/deadline/calendar.ts';
import type { SessionInfo, TaskListName, TaskSummary } from '../../../../workbench/api-types.ts';
import type { EngineHarness } from '../../support/harness.ts';

export type Agent = ReturnType<typeof request.agent>;

/** The app; `now` is the workbench's clock (the tests that pin the engine's clock pass the same time). */
export async function workbenchApp(h: EngineHarness, now?: () => Date): Promise<{ app: Express; root: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'workbench-server-'));
  const app = createApp({
    processesDir: PROCESSES_DIR,
    historyDir: path.join(root, 'history'),
    maxUploadBytes: 2 * 1024 * 1024,
    // The modeler's own login is not used here; the workbench checks passwords with the engine.
    auth: { mode: 'users-file', users: [] },
    sessions: { secret: 'workbench-server-test-session-secret-0123456789', ttlMinutes: 60 },
    deploy: () => Promise.reject(new Error('not deployed from this test')),
    logger: pino({ level: 'silent' }),
    workbench: {
      engine: { baseUrl: h.config.engine.restUrl, userTokenSecret: h.config.engine.userTokenSecret },
      maxAttachmentBytes: 1024 * 1024,
      calendar: await WorkingDayCalendar.fromFile(h.config.calendarOverrideFile),
    },
    ...(now ? { now } : {}),
  });
  return { app, root };
}

export async function login(app: Express, username: string): Promise<{ agent: Agent; session: SessionInfo }> {
  const agent = request.agent(app);
  const response = await agent.post('/tasks/api/session').send({ username, password: DEMO_PASSWORD });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return { agent, session: response.body as SessionInfo };
}

export async function taskList(agent: Agent, list: TaskListName): Promise<TaskSummary[]> {
  const response = await agent.get('/tasks/api/tasks').query({ list });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as TaskSummary[];
}

/** Starts a patrol as 安委办 and completes 摸底 and 拟定方案 (numbered `patrolId`); the plan then waits for 审批. */
export async function patrolAtPlanReview(h: EngineHarness, patrolId: string, target: string): Promise<string> {
  const patrol = await h.engine.as(CandidateGroup.safetyCommitteeOffice, DEMO_PASSWORD).startProcessInstance(ProcessId.safetyPatrol, {});
  await h.complete(patrol, 'SurveyAndCollectClues', {
    patrolTargetName: target,
    patrolTargetKind: 'county',
    jurisdiction: 'yancheng',
    surveySummary: '摸底：县应急管理局执法检查流于形式。',
    clues: [{ source: '摸底', content: `${target}应急管理局分管负责人对危化企业执法检查流于形式` }],
  });
  await h.complete(patrol, 'DraftPatrolPlan', {
    patrolId,
    planTitle: `${target}安全生产巡查工作方案`,
    patrolTeamName: '市安委会第一巡查组',
    patrolTeamLeader: '李明',
    onSiteDays: 10,
    plannedEntryDate: '2026-09-07',
    planFocus: '危险化学品安全',
  });
  return patrol;
}

/** Drives a patrol to 现场巡查 (plan approved, patrol-entry running): 举报 are accepted from now on. */
export async function patrolOnSite(h: EngineHarness, patrolId: string, target: string): Promise<{ patrol: string; entry: string }> {
  const patrol = await patrolAtPlanReview(h, patrolId, target);
  await h.complete(patrol, 'ReviewPatrolPlan', { planDecision: 'approve', planReviewComment: '', planApprovedDate: '2026-09-02' });
  const [entry] = await h.engine.waitForCalledInstances(patrol, ProcessId.patrolEntry);
  return { patrol, entry: entry!.id };
}
