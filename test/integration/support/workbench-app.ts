/**
 * The staff workbench as the workbench tests run it: the real modeler server
 * app with the workbench mounted at /tasks, against the test engine (user
 * tokens), optionally with the built page and listening on a free port for a
 * browser; plus supertest logins and list calls for the API tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import pino, { type Logger } from 'pino';
import request from 'supertest';
import { expect } from 'vitest';
import { EngineDeployState } from '../../../deploy/deploy-records.ts';
import { deployResources } from '../../../deploy/deploy.ts';
import { DEMO_PASSWORD } from '../../../deploy/local/demo-users.ts';
import { PROCESSES_DIR } from '../../../deploy/project-files.ts';
import { createApp } from '../../../modeler-ui/server/app.ts';
import { loadUsersFile } from '../../../modeler-ui/server/auth/users.ts';
import type { AppConfig } from '../../../workers/config.ts';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import { WorkingDayCalendar } from '../../../workers/deadline/calendar.ts';
import type { EngineRestClient } from '../../../workers/engine/rest-client.ts';
import { ensureWorkbenchBundle } from '../../../workbench/build/bundle.ts';
import type { SessionInfo, TaskListName, TaskSummary } from '../../../workbench/api-types.ts';
import { TEST_DEPLOYMENT_STREAM } from './test-engine.ts';

export type Agent = ReturnType<typeof request.agent>;

/** The test engine as a harness or a test's own client has it. */
export interface WorkbenchEngine {
  readonly config: AppConfig;
  /** The admin client (the modeler's deploys go through it). */
  readonly engine: { readonly rest: EngineRestClient };
}

export interface WorkbenchAppOptions {
  /** The workbench's clock; tests that pin the engine's clock pass the same time. */
  readonly now?: () => Date;
  /** Builds and serves the page at /tasks, for browser tests. */
  readonly page?: boolean;
  readonly logger?: Logger;
}

export interface WorkbenchApp {
  readonly app: Express;
  /** Removes the app's temporary folder (the modeler's version history). */
  close(): Promise<void>;
}

export async function workbenchApp(source: WorkbenchEngine, options: WorkbenchAppOptions = {}): Promise<WorkbenchApp> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const root = await mkdtemp(path.join(os.tmpdir(), 'workbench-test-'));
  const admin = source.engine.rest;
  const deployState = new EngineDeployState(admin, TEST_DEPLOYMENT_STREAM);
  const app = createApp({
    processesDir: PROCESSES_DIR,
    historyDir: path.join(root, 'history'),
    maxUploadBytes: 2 * 1024 * 1024,
    auth: { mode: 'users-file', users: await loadUsersFile(path.join(PROJECT_ROOT, 'modeler-ui', 'users.json')) },
    sessions: { secret: 'workbench-test-session-secret-0123456789abcdef', ttlMinutes: 60 },
    deploy: (diagrams, forms) => deployResources(admin, diagrams, forms, { state: deployState, ...TEST_DEPLOYMENT_STREAM }),
    logger,
    workbench: {
      engine: { baseUrl: source.config.engine.restUrl, userTokenSecret: source.config.engine.userTokenSecret },
      maxAttachmentBytes: source.config.workbench.maxAttachmentBytes,
      calendar: await WorkingDayCalendar.fromFile(source.config.calendarOverrideFile),
      ...(options.page ? { bundleDir: await ensureWorkbenchBundle({ logger }) } : {}),
    },
    ...(options.now ? { now: options.now } : {}),
  });
  return { app, close: () => rm(root, { recursive: true, force: true }) };
}

/** The app on a free local port, for a browser. */
export async function listen(app: Express): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
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
