/**
 * What the workbench server tests share: the real modeler server app with
 * the workbench mounted at /tasks against the harness's engine (user tokens),
 * and its logins. A patrol driven to 现场巡查 is in ../../support/patrol.ts.
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
