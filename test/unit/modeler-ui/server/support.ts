/**
 * The modeler UI app on a temporary copy of processes/ (the real files are
 * never written), with users whose bcrypt hashes use the lowest cost so
 * tests stay fast. No engine: the app's two engine seams answer with literal
 * results the test chooses. The deploy function records its calls and answers
 * `server.deployOutcome` (a DeploymentResult, or an error it throws; by default
 * an error, since the refusal paths must never reach it). The deploy state
 * reader answers `server.deployedFiles` (nothing deployed by default), or throws
 * `server.deployStateFailure` when set.
 *
 * What the engine itself makes of a deployment (deploy-changed-only, versions,
 * who deployed) is tested against the test engine in
 * test/integration/modeler-ui/deploy-state.test.ts.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hash } from 'bcryptjs';
import pino from 'pino';
import type { Express } from 'express';
import type { DeployedFile } from '../../../../deploy/deploy-records.ts';
import type { DeploymentResult } from '../../../../deploy/deploy.ts';
import { PROCESSES_DIR } from '../../../../deploy/project-files.ts';
import { type ModelerDeps, createApp } from '../../../../modeler-ui/server/app.ts';
import type { AuthSetup } from '../../../../modeler-ui/server/auth/authenticate.ts';
import type { DeployFunction } from '../../../../modeler-ui/server/deploy/routes.ts';

export const PASSWORD = 'geheim-密码-1';

export interface TestServer {
  readonly app: Express;
  readonly root: string;
  readonly processesDir: string;
  readonly historyDir: string;
  readonly deployCalls: Array<Parameters<DeployFunction>>;
  /** What the next deploy call answers: a literal result, or an error it throws. */
  deployOutcome: DeploymentResult | Error;
  /** What the deploy state reader answers, by resource name. */
  deployedFiles: ReadonlyMap<string, DeployedFile>;
  /** When set, the deploy state reader throws it (an engine that cannot be reached). */
  deployStateFailure: Error | undefined;
  /** The signal of each deploy state read. */
  readonly deployStateSignals: Array<AbortSignal | undefined>;
  cleanup(): Promise<void>;
}

export async function testUsers(): Promise<Extract<AuthSetup, { mode: 'users-file' }>> {
  const passwordHash = await hash(PASSWORD, 4);
  return {
    mode: 'users-file',
    users: [
      { username: 'owner', displayName: '安委办 张三', passwordHash, groups: ['anwei-ban'] },
      { username: 'member', displayName: '巡查组 李四', passwordHash, groups: ['xuncha-zu'] },
    ],
  };
}

export async function startTestServer(overrides: Partial<ModelerDeps> = {}): Promise<TestServer> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'modeler-ui-'));
  const processesDir = path.join(root, 'processes');
  await cp(PROCESSES_DIR, processesDir, { recursive: true });
  const historyDir = path.join(root, 'history');
  const deployCalls: Array<Parameters<DeployFunction>> = [];
  const deployStateSignals: Array<AbortSignal | undefined> = [];
  const server: Omit<TestServer, 'app'> = {
    root,
    processesDir,
    historyDir,
    deployCalls,
    deployOutcome: new Error('the refusal paths must not reach the engine'),
    deployedFiles: new Map(),
    deployStateFailure: undefined,
    deployStateSignals,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
  const app = createApp({
    processesDir,
    historyDir,
    deployState: {
      files: async (_names, signal) => {
        deployStateSignals.push(signal);
        if (server.deployStateFailure) throw server.deployStateFailure;
        return server.deployedFiles;
      },
    },
    engine: { restUrl: 'http://engine.test/engine-rest', username: 'demo' },
    maxUploadBytes: 256 * 1024,
    auth: await testUsers(),
    sessions: { secret: 'test-session-secret-of-at-least-32-chars', ttlMinutes: 60 },
    deploy: async (diagrams, forms) => {
      deployCalls.push([diagrams, forms]);
      if (server.deployOutcome instanceof Error) throw server.deployOutcome;
      return server.deployOutcome;
    },
    logger: pino({ level: 'silent' }),
    ...overrides,
  });
  return Object.assign(server, { app });
}

/** HTTP Basic credentials for supertest's `.auth()`. */
export const OWNER = ['owner', PASSWORD] as const;
export const MEMBER = ['member', PASSWORD] as const;

/** A message in Chinese and English: `中文 / English`. */
export const BILINGUAL = /[\u4e00-\u9fff].*\/ .*[A-Za-z]{3}/s;
