/**
 * The modeler UI app on a temporary copy of processes/ (the real files are
 * never written), with users whose bcrypt hashes use the lowest cost so
 * tests stay fast. The deploy function only records its calls: it serves
 * the refusal paths, where it must never be reached.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hash } from 'bcryptjs';
import pino from 'pino';
import type { Express } from 'express';
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
  readonly deployRecordFile: string;
  readonly deployCalls: Array<Parameters<DeployFunction>>;
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
  const deployRecordFile = path.join(root, 'deployments.json');
  const deployCalls: Array<Parameters<DeployFunction>> = [];
  const app = createApp({
    processesDir,
    historyDir,
    deployRecordFile,
    maxUploadBytes: 256 * 1024,
    auth: await testUsers(),
    sessions: { secret: 'test-session-secret-of-at-least-32-chars', ttlMinutes: 60 },
    deploy: async (diagrams, forms) => {
      deployCalls.push([diagrams, forms]);
      throw new Error('the refusal paths must not reach the cluster');
    },
    logger: pino({ level: 'silent' }),
    ...overrides,
  });
  return { app, root, processesDir, historyDir, deployRecordFile, deployCalls, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** HTTP Basic credentials for supertest's `.auth()`. */
export const OWNER = ['owner', PASSWORD] as const;
export const MEMBER = ['member', PASSWORD] as const;

/** A message in Chinese and English: `中文 / English`. */
export const BILINGUAL = /[\u4e00-\u9fff].*\/ .*[A-Za-z]{3}/s;
