/**
 * The modeler UI's 部署 and deploy state against the real test engine:
 * deploy-changed-only (a second deploy of unchanged files creates nothing, a
 * changed form or diagram alone gets a new version), what the file list says
 * the engine runs from each file (deployment, who deployed it, the definition
 * and its version, "differs from deployed"), and a refused deployment.
 *
 * The app works on a temporary copy of processes/ and deploys, as the admin
 * login (demo), into a deployment stream of its own (`deploy-state-tests`), so
 * deploy-changed-only compares only with what this file deployed, and the
 * global setup's stream, which other files read, is left alone. Process and
 * form versions are the engine's, shared by every stream: the product files are
 * deployed unchanged, and after the changes afterAll deploys the files of
 * processes/ again, so the latest version of every process and form is again
 * exactly what processes/ holds.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hash } from 'bcryptjs';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResources } from '../../../deploy/check-resources.ts';
import { EngineDeployState, sha256Hex } from '../../../deploy/deploy-records.ts';
import { deployResources, type DeployedResource } from '../../../deploy/deploy.ts';
import { PROCESSES_DIR } from '../../../deploy/project-files.ts';
import { createApp } from '../../../modeler-ui/server/app.ts';
import type { AuthSetup } from '../../../modeler-ui/server/auth/authenticate.ts';
import { CandidateGroup, FormId, ProcessId } from '../../../workers/contract.ts';
import type { Deployment, DeploymentResource, ProcessDefinition } from '../../../workers/engine/rest-types.ts';
import { testEngineClient, testEngineConfig, workerClient } from '../support/test-engine.ts';

const STREAM = { name: 'deploy-state-tests', source: 'deploy-state-tests' } as const;
const config = testEngineConfig({ LOG_LEVEL: 'silent' });
/** The admin login (demo): it may deploy, as the modeler server's engine account must. */
const engine = testEngineClient(config);
const PASSWORD = 'deploy-state-密码';
const OWNER = ['owner', PASSWORD] as const;
const FORM_FILE = `forms/${FormId.patrolEntryNotice}.form`;
const DIAGRAM_FILE = `${ProcessId.patrolEntry}.bpmn`;

let root: string;
let processesDir: string;
let app: Express;
let deployState: EngineDeployState;
/** Whether this file deployed anything, so afterAll puts processes/ back as the latest versions. */
let deployed = false;

async function users(): Promise<AuthSetup> {
  const passwordHash = await hash(PASSWORD, 4);
  return { mode: 'users-file', users: [{ username: 'owner', displayName: '安委办 张三', passwordHash, groups: [CandidateGroup.safetyCommitteeOffice] }] };
}

async function modelerApp(deployAs: { client: typeof engine.rest; state: EngineDeployState }): Promise<Express> {
  return createApp({
    processesDir,
    historyDir: path.join(root, 'history'),
    deployState: deployAs.state,
    engine: { restUrl: deployAs.client.baseUrl, username: deployAs.client.username },
    maxUploadBytes: 2 * 1024 * 1024,
    auth: await users(),
    sessions: { secret: 'deploy-state-test-session-secret-0123', ttlMinutes: 60 },
    deploy: (diagrams, forms) => {
      deployed = true;
      return deployResources(deployAs.client, diagrams, forms, { state: deployAs.state, ...STREAM });
    },
    logger: pino({ level: 'silent' }),
  });
}

/** The stream's deployments, newest first, as the engine lists them. */
function streamDeployments(): Promise<Deployment[]> {
  return engine.rest.request<Deployment[]>('GET', '/deployment', undefined, { query: { ...STREAM, sortBy: 'deploymentTime', sortOrder: 'desc' } });
}

function resourcesOf(deploymentId: string): Promise<DeploymentResource[]> {
  return engine.rest.request<DeploymentResource[]>('GET', `/deployment/${deploymentId}/resources`);
}

/** The latest version of every process, by key. */
async function latestVersions(): Promise<Map<string, ProcessDefinition>> {
  const definitions = await engine.rest.request<ProcessDefinition[]>('GET', '/process-definition', undefined, { query: { latestVersion: true } });
  return new Map(definitions.map((definition) => [definition.key, definition]));
}

interface FileEntry {
  readonly file: string;
  readonly etag: string;
  readonly differsFromDeployed: boolean | null;
  readonly deployed: {
    readonly deploymentId: string;
    readonly deployedBy: string | null;
    readonly sha256: string | null;
    readonly resources: ReadonlyArray<{ kind: string; id: string; version: number; definitionId?: string }>;
  } | null;
}

async function listFiles(): Promise<Map<string, FileEntry>> {
  const { body } = await request(app).get('/api/files').auth(...OWNER).expect(200);
  expect(body.deployState).toEqual({ available: true });
  return new Map((body.files as FileEntry[]).map((entry) => [entry.file, entry]));
}

/** Saves `file` through the API, changed by `change`. */
async function edit(file: string, change: (content: string) => string): Promise<void> {
  const opened = (await request(app).get(`/api/files/${file}`).auth(...OWNER).expect(200)).body as { content: string; etag: string };
  const content = change(opened.content);
  expect(content).not.toBe(opened.content);
  await request(app).put(`/api/files/${file}`).auth(...OWNER).send({ content, baseEtag: opened.etag, comment: '部署状态测试' }).expect(200);
}

function byId(resources: readonly DeployedResource[]): Map<string, DeployedResource> {
  return new Map(resources.map((resource) => [resource.id, resource]));
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'deploy-state-'));
  processesDir = path.join(root, 'processes');
  await cp(PROCESSES_DIR, processesDir, { recursive: true });
  deployState = new EngineDeployState(engine.rest, STREAM);
  app = await modelerApp({ client: engine.rest, state: deployState });
});

afterAll(async () => {
  if (deployed) {
    // Put processes/ back as the latest version of everything this file changed, and check that it is.
    const check = await checkResources();
    await deployResources(engine.rest, check.diagrams, check.forms, { state: deployState, ...STREAM });
    const latest = await latestVersions();
    for (const diagram of check.diagrams) {
      for (const match of diagram.xml.matchAll(/<bpmn:process id="([^"]+)"/g)) {
        const key = match[1] as string;
        if ((await engine.rest.processDefinitionXml(latest.get(key)!.id)) !== diagram.xml) {
          throw new Error(`the latest version of ${key} is not the one of ${diagram.file}`);
        }
      }
    }
    const form = check.forms.find((candidate) => candidate.formId === FormId.patrolEntryNotice)!;
    if ((await deployState.files([FORM_FILE])).get(FORM_FILE)?.sha256 !== sha256Hex(form.content)) {
      throw new Error(`the latest ${FORM_FILE} is not the one of processes/`);
    }
  }
  if (root) await rm(root, { recursive: true, force: true });
});

describe('deploying from the modeler UI', () => {
  it('deploys every file once, then nothing while nothing changed, then only the changed form, then only the changed diagram', async () => {
    const before = await latestVersions();

    const first = (await request(app).post('/api/deploy').auth(...OWNER).send({}).expect(200)).body as { deploymentId: string; created: boolean; resources: DeployedResource[] };
    expect(first.created).toBe(true);
    // Nothing of this stream was deployed yet: every file is new to it, and every process gets a new version.
    expect(first.resources.every((resource) => resource.changed && resource.deploymentId === first.deploymentId)).toBe(true);
    const firstById = byId(first.resources);
    for (const [key, definition] of before) {
      if (!Object.values(ProcessId).includes(key as ProcessId)) continue;
      expect(firstById.get(key)).toMatchObject({ kind: 'process', version: definition.version + 1, definitionId: expect.stringMatching(new RegExp(`^${key}:${definition.version + 1}:`)) });
    }
    expect(firstById.get(FormId.patrolEntryNotice)).toMatchObject({ kind: 'form', version: 1, resourceName: FORM_FILE });
    const [only, ...older] = await streamDeployments();
    expect(older).toEqual([]);
    expect(only?.id).toBe(first.deploymentId);
    expect((await resourcesOf(first.deploymentId)).map((resource) => resource.name)).toEqual(expect.arrayContaining([DIAGRAM_FILE, FORM_FILE, 'safety-patrol.bpmn']));

    // What the file list says the engine runs: the deployment, who made it, the definition and its version, and the same bytes.
    const listed = await listFiles();
    const diagramEntry = listed.get(DIAGRAM_FILE)!;
    const patrolEntry = firstById.get(ProcessId.patrolEntry)!;
    expect(diagramEntry).toMatchObject({
      differsFromDeployed: false,
      deployed: {
        deploymentId: first.deploymentId,
        deployedBy: 'demo',
        sha256: diagramEntry.etag,
        resources: [{ kind: 'process', id: ProcessId.patrolEntry, version: patrolEntry.version, definitionId: patrolEntry.definitionId }],
      },
    });
    expect(diagramEntry.etag).toBe(sha256Hex(await readFile(path.join(PROCESSES_DIR, DIAGRAM_FILE), 'utf8')));
    expect([...listed.values()].every((entry) => entry.differsFromDeployed === false)).toBe(true);

    const again = (await request(app).post('/api/deploy').auth(...OWNER).send({}).expect(200)).body as { deploymentId: string; created: boolean; resources: DeployedResource[] };
    expect(again).toMatchObject({ created: false, deploymentId: first.deploymentId });
    expect(again.resources.every((resource) => !resource.changed)).toBe(true);
    expect(byId(again.resources).get(ProcessId.patrolEntry)?.version).toBe(patrolEntry.version);
    expect(await streamDeployments()).toHaveLength(1);

    // A changed form: the list says so for that file only, and the next deployment carries it alone.
    await edit(FORM_FILE, (content) => content.replace('## 签发进驻通知', '## 签发进驻通知（部署状态测试）'));
    const afterFormEdit = await listFiles();
    expect(afterFormEdit.get(FORM_FILE)?.differsFromDeployed).toBe(true);
    expect([...afterFormEdit.values()].filter((entry) => entry.differsFromDeployed).map((entry) => entry.file)).toEqual([FORM_FILE]);
    const formDeployment = (await request(app).post('/api/deploy').auth(...OWNER).send({}).expect(200)).body as { deploymentId: string; created: boolean; resources: DeployedResource[] };
    expect(formDeployment.created).toBe(true);
    const formById = byId(formDeployment.resources);
    expect(formById.get(FormId.patrolEntryNotice)).toMatchObject({ version: 2, changed: true, deploymentId: formDeployment.deploymentId });
    expect(formById.get(ProcessId.patrolEntry)).toMatchObject({ version: patrolEntry.version, changed: false, deploymentId: first.deploymentId });
    expect((await resourcesOf(formDeployment.deploymentId)).map((resource) => resource.name)).toEqual([FORM_FILE]);
    expect((await listFiles()).get(FORM_FILE)).toMatchObject({ differsFromDeployed: false, deployed: { deploymentId: formDeployment.deploymentId, resources: [{ kind: 'form', id: FormId.patrolEntryNotice, version: 2 }] } });

    // A changed diagram: a new version of its process only; the processes it calls and the forms keep theirs.
    await edit(DIAGRAM_FILE, (content) => content.replace(/(<bpmn:process id="patrol-entry" name=")[^"]*"/, '$1巡查进驻（部署状态测试）"'));
    expect((await listFiles()).get(DIAGRAM_FILE)?.differsFromDeployed).toBe(true);
    const diagramDeployment = (await request(app).post('/api/deploy').auth(...OWNER).send({}).expect(200)).body as { deploymentId: string; resources: DeployedResource[] };
    const diagramById = byId(diagramDeployment.resources);
    expect(diagramById.get(ProcessId.patrolEntry)).toMatchObject({ version: patrolEntry.version + 1, changed: true, deploymentId: diagramDeployment.deploymentId });
    expect(diagramById.get(ProcessId.safetyPatrol)).toMatchObject({ version: firstById.get(ProcessId.safetyPatrol)!.version, changed: false });
    expect(diagramById.get(FormId.patrolEntryNotice)).toMatchObject({ version: 2, changed: false });
    expect((await resourcesOf(diagramDeployment.deploymentId)).map((resource) => resource.name)).toEqual([DIAGRAM_FILE]);
    expect((await latestVersions()).get(ProcessId.patrolEntry)).toMatchObject({ version: patrolEntry.version + 1, name: '巡查进驻（部署状态测试）' });
    expect(await streamDeployments()).toHaveLength(3);
  });

  it('shows a file this stream never deployed as not deployed', async () => {
    const content = (await readFile(path.join(PROCESSES_DIR, DIAGRAM_FILE), 'utf8')).replace(/id="patrol-entry"/, 'id="patrol-entry-copy"');
    await request(app).put('/api/files/patrol-entry-copy.bpmn').auth(...OWNER).send({ content, baseEtag: null, comment: '副本' }).expect(200);
    try {
      expect((await listFiles()).get('patrol-entry-copy.bpmn')).toMatchObject({ deployed: null, differsFromDeployed: null });
    } finally {
      await rm(path.join(processesDir, 'patrol-entry-copy.bpmn'));
    }
  });

  it('answers 502 with what to do when the engine account may not deploy, and the engine deploys nothing', async () => {
    // The workers' service account: it may fetch tasks but not deploy.
    const worker = workerClient(config);
    const refusing = await modelerApp({ client: worker, state: new EngineDeployState(worker, STREAM) });
    const deploymentsBefore = await streamDeployments();
    const response = await request(refusing).post('/api/deploy').auth(...OWNER).send({}).expect(502);
    expect(response.body.error.code).toBe('deploy-failed');
    expect(response.body.error.message).toContain('部署失败');
    expect(response.body.error.message).toContain('the account anquan-worker may not deploy: deploying needs CREATE and READ on DEPLOYMENT');
    expect(response.body.error.message).toContain("AuthorizationException: The user with id 'anquan-worker' does not have 'CREATE' permission on resource 'Deployment'.");
    expect(await streamDeployments()).toEqual(deploymentsBefore);
  });
});
