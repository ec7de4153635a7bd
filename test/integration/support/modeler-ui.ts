/**
 * The modeler UI as its browser tests run it: the real server app in-process
 * on a temporary copy of processes/ (what the page saves stays there), with
 * the logins of modeler-ui/users.json and the built page, deploying into the
 * global setup's deployment stream as the test engine's admin login (demo),
 * on a free local port; plus what a person does in the page that more than
 * one test needs.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { Page } from 'playwright-core';
import { EngineDeployState } from '../../../deploy/deploy-records.ts';
import { deployResources } from '../../../deploy/deploy.ts';
import { PROCESSES_DIR } from '../../../deploy/project-files.ts';
import { createApp } from '../../../modeler-ui/server/app.ts';
import { loadUsersFile } from '../../../modeler-ui/server/auth/users.ts';
import { ensureWebBundle } from '../../../modeler-ui/server/web/bundle.ts';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import type { EngineClient } from './engine-client.ts';
import { TEST_DEPLOYMENT_STREAM, testEngineClient, testEngineConfig } from './test-engine.ts';
import { listen } from './workbench-app.ts';

/** A process owner of modeler-ui/users.json: 安委办, who may deploy. */
export const MODELER_OWNER = { username: 'anwei-ban', password: 'demo' } as const;

export interface ModelerServerOptions {
  /** The folder the server's copy is made of; processes/ unless given. */
  readonly processesDir?: string;
  /** The admin login the server deploys with; the test engine's unless given. */
  readonly engine?: EngineClient;
  /** The server's reader of the deploy state; one on the global setup's stream unless given. */
  readonly deployState?: EngineDeployState;
  readonly logger?: Logger;
}

export interface ModelerServer {
  readonly baseUrl: string;
  /** Stops the server and removes the copy of processes/ and the version history. */
  close(): Promise<void>;
}

export async function startModelerServer(options: ModelerServerOptions = {}): Promise<ModelerServer> {
  const logger = options.logger ?? pino({ level: 'warn' });
  const engine = options.engine ?? testEngineClient(testEngineConfig());
  const deployState = options.deployState ?? new EngineDeployState(engine.rest, TEST_DEPLOYMENT_STREAM);
  const root = await mkdtemp(path.join(os.tmpdir(), 'modeler-browser-'));
  const processesDir = path.join(root, 'processes');
  await cp(options.processesDir ?? PROCESSES_DIR, processesDir, { recursive: true });
  // As in a server that has been running a while, its state reader already knows the global setup's deployment
  // (a cold first read of every resource can exceed the file list's time limit on a loaded machine).
  await deployState.files();
  const app = createApp({
    processesDir,
    historyDir: path.join(root, 'history'),
    deployState,
    engine: { restUrl: engine.rest.baseUrl, username: engine.rest.username },
    maxUploadBytes: 2 * 1024 * 1024,
    auth: { mode: 'users-file', users: await loadUsersFile(path.join(PROJECT_ROOT, 'modeler-ui', 'users.json')) },
    sessions: { secret: 'browser-test-session-secret-0123456789', ttlMinutes: 60 },
    deploy: (diagrams, forms) => deployResources(engine.rest, diagrams, forms, { state: deployState, ...TEST_DEPLOYMENT_STREAM }),
    logger,
    webBundleDir: await ensureWebBundle({ logger }),
  });
  const listening = await listen(app);
  return {
    baseUrl: listening.baseUrl,
    close: async () => {
      await listening.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a file from the list as a person does: unfolds the list first when it
 * is folded to its rail (it folds on windows narrower than 1600 px once a file
 * is open), then clicks the file.
 */
export async function openFromFileList(page: Page, file: string): Promise<void> {
  const unfold = page.getByRole('button', { name: '展开文件列表' });
  if (await unfold.isVisible()) await unfold.click();
  await page.click(`.file-entry[data-file="${file}"] button`);
  await page.locator(`body[data-open-file="${file}"]`).waitFor();
}
