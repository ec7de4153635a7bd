import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeployedFile } from '../../../../deploy/deploy-records.ts';
import { PROCESSES_DIR } from '../../../../deploy/project-files.ts';
import { BILINGUAL, MEMBER, OWNER, type TestServer, startTestServer } from './support.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let server: TestServer;
let realBefore: string;
beforeAll(async () => {
  realBefore = await readFile(path.join(PROCESSES_DIR, 'patrol-entry.bpmn'), 'utf8');
});
afterAll(async () => {
  // Every test worked on a temporary copy.
  expect(await readFile(path.join(PROCESSES_DIR, 'patrol-entry.bpmn'), 'utf8')).toBe(realBefore);
});
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.cleanup();
});

/** patrol-entry.bpmn with its process renamed, still valid BPMN. */
function renamed(xml: string, name: string): string {
  return xml.replace(/(<bpmn:process id="patrol-entry" name=")[^"]*"/, `$1${name}"`);
}

describe('GET /api/files', () => {
  it('lists every diagram and form with its etag, what it defines and what the engine runs from it', async () => {
    const original = await readFile(path.join(server.processesDir, 'patrol-entry.bpmn'), 'utf8');
    // What the engine reports for the file, whoever deployed it (npm run deploy, another checkout).
    const deployed: DeployedFile = {
      resourceName: 'patrol-entry.bpmn',
      sha256: sha256(original),
      deploymentId: 'deployment-7',
      deployedAt: '2026-12-01T09:00:00.000+0800',
      deployedBy: 'demo',
      definitions: [{ kind: 'process', id: 'patrol-entry', version: 3, definitionId: 'patrol-entry:3:deployment-7' }],
    };
    server.deployedFiles = new Map([['patrol-entry.bpmn', deployed]]);

    const { body } = await request(server.app).get('/api/files').auth(...MEMBER).expect(200);
    expect(body.deployState).toEqual({ available: true });
    // The file list never waits for the engine without a limit.
    expect(server.deployStateSignals[0]).toBeInstanceOf(AbortSignal);
    const files = body.files as Array<Record<string, unknown>>;
    expect(files.map((file) => file.file)).toEqual(expect.arrayContaining(['safety-patrol.bpmn', 'patrol-entry.bpmn', 'forms/patrol-plan.form']));
    const entry = files.find((file) => file.file === 'patrol-entry.bpmn');
    expect(entry).toMatchObject({
      kind: 'process',
      defines: [{ id: 'patrol-entry', name: '巡查进驻' }],
      etag: sha256(original),
      differsFromDeployed: false,
      deployed: {
        deployedAt: '2026-12-01T09:00:00.000+0800',
        deployedBy: 'demo',
        deploymentId: 'deployment-7',
        sha256: sha256(original),
        resources: [{ kind: 'process', id: 'patrol-entry', version: 3, definitionId: 'patrol-entry:3:deployment-7' }],
      },
      lastSaved: null,
    });
    expect(files.find((file) => file.file === 'forms/patrol-plan.form')).toMatchObject({ kind: 'form', deployed: null, differsFromDeployed: null });

    const { etag } = (await request(server.app).get('/api/files/patrol-entry.bpmn').auth(...OWNER)).body as { etag: string };
    await request(server.app).put('/api/files/patrol-entry.bpmn').auth(...OWNER).send({ content: renamed(original, '巡查进驻（修订）'), baseEtag: etag }).expect(200);
    const after = (await request(server.app).get('/api/files').auth(...OWNER)).body.files.find((file: { file: string }) => file.file === 'patrol-entry.bpmn');
    expect(after.differsFromDeployed).toBe(true);
    expect(after.lastSaved).toMatchObject({ author: { username: 'owner' } });

    // Deployed bytes the engine did not hand over as text: the deploy state is known, the comparison is not.
    server.deployedFiles = new Map([['patrol-entry.bpmn', { ...deployed, sha256: null }]]);
    const unknown = (await request(server.app).get('/api/files').auth(...OWNER)).body.files.find((file: { file: string }) => file.file === 'patrol-entry.bpmn');
    expect(unknown).toMatchObject({ differsFromDeployed: null, deployed: { deploymentId: 'deployment-7', sha256: null } });
  });

  it('still lists the files when the engine cannot be reached, and says why there is no deploy state', async () => {
    server.deployStateFailure = new Error('无法连接流程引擎 / cannot reach the engine: ECONNREFUSED');
    const { body } = await request(server.app).get('/api/files').auth(...MEMBER).expect(200);
    expect(body.deployState.available).toBe(false);
    expect(body.deployState.message).toMatch(BILINGUAL);
    expect(body.deployState.message).toContain('ECONNREFUSED');
    const entry = (body.files as Array<Record<string, unknown>>).find((file) => file.file === 'patrol-entry.bpmn');
    expect(entry).toMatchObject({ deployed: null, differsFromDeployed: null });
  });

  it('says so when no engine is connected at all', async () => {
    const unconnected = await startTestServer({ deployState: undefined });
    try {
      const { body } = await request(unconnected.app).get('/api/files').auth(...MEMBER).expect(200);
      expect(body.deployState).toEqual({ available: false, message: expect.stringMatching(BILINGUAL) });
      expect(body.files.length).toBeGreaterThan(0);
    } finally {
      await unconnected.cleanup();
    }
  });
});

describe('saving, history and restore', () => {
  it('saves with who, when and a comment, keeps the replaced version and restores it', async () => {
    const opened = await request(server.app).get('/api/files/patrol-entry.bpmn').auth(...OWNER).expect(200);
    const original = opened.body.content as string;
    expect(opened.headers.etag).toBe(`"${opened.body.etag}"`);

    const edited = renamed(original, '巡查进驻（第二版）');
    const saved = await request(server.app)
      .put('/api/files/patrol-entry.bpmn')
      .auth(...OWNER)
      .send({ content: edited, baseEtag: opened.body.etag, comment: '调整名称' })
      .expect(200);
    expect(saved.body).toMatchObject({ file: 'patrol-entry.bpmn', etag: sha256(edited), changed: true, version: { version: 2, comment: '调整名称', source: 'modeler' } });
    expect(saved.body.version.author).toEqual({ username: 'owner', displayName: '安委办 张三' });
    expect(await readFile(path.join(server.processesDir, 'patrol-entry.bpmn'), 'utf8')).toBe(edited);

    const history = await request(server.app).get('/api/history/patrol-entry.bpmn').auth(...MEMBER).expect(200);
    expect(history.body.versions.map((entry: { version: number; source: string }) => [entry.version, entry.source])).toEqual([
      [2, 'modeler'],
      [1, 'on-disk'],
    ]);
    expect(history.body.versions[0].savedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const first = await request(server.app).get('/api/history/patrol-entry.bpmn/versions/1').auth(...MEMBER).expect(200);
    expect(first.body.content).toBe(original);

    const restored = await request(server.app)
      .post('/api/history/patrol-entry.bpmn/versions/1/restore')
      .auth(...MEMBER)
      .send({ baseEtag: saved.body.etag })
      .expect(200);
    expect(restored.body.version).toMatchObject({ version: 3, restoredFrom: 1, author: { username: 'member' } });
    expect(restored.body.version.comment).toMatch(BILINGUAL);
    expect(await readFile(path.join(server.processesDir, 'patrol-entry.bpmn'), 'utf8')).toBe(original);
    await request(server.app).get('/api/history/patrol-entry.bpmn/versions/9').auth(...MEMBER).expect(404);
  });

  it('keeps a change made on disk by other means as a version before overwriting it', async () => {
    const file = path.join(server.processesDir, 'forms', 'patrol-plan.form');
    const opened = (await request(server.app).get('/api/files/forms/patrol-plan.form').auth(...OWNER)).body as { content: string; etag: string };
    const form = JSON.parse(opened.content) as Record<string, unknown>;
    const viaUi = `${JSON.stringify({ ...form, $comment: '经建模界面保存' }, null, 2)}\n`;
    const saved = await request(server.app).put('/api/files/forms/patrol-plan.form').auth(...OWNER).send({ content: viaUi, baseEtag: opened.etag }).expect(200);
    expect(saved.body.version.version).toBe(2);

    const byGit = `${JSON.stringify({ ...form, $comment: '经 git 修改' }, null, 2)}\n`;
    await writeFile(file, byGit, 'utf8');
    await request(server.app).put('/api/files/forms/patrol-plan.form').auth(...OWNER).send({ content: viaUi, baseEtag: saved.body.etag }).expect(409);
    const again = await request(server.app)
      .put('/api/files/forms/patrol-plan.form')
      .auth(...OWNER)
      .send({ content: viaUi, baseEtag: sha256(byGit), comment: '覆盖 git 的修改' })
      .expect(200);
    expect(again.body.version.version).toBe(4);
    const versions = (await request(server.app).get('/api/history/forms/patrol-plan.form').auth(...OWNER)).body.versions as Array<{ version: number; source: string; sha256: string }>;
    expect(versions.map((entry) => [entry.version, entry.source])).toEqual([
      [4, 'modeler'],
      [3, 'on-disk'],
      [2, 'modeler'],
      [1, 'on-disk'],
    ]);
    expect(versions[1]?.sha256).toBe(sha256(byGit));
    expect(versions[3]?.sha256).toBe(opened.etag);
  });

  it('refuses a stale save with 409 and a clear message, and never overwrites silently', async () => {
    const opened = (await request(server.app).get('/api/files/patrol-entry.bpmn').auth(...OWNER)).body as { content: string; etag: string };
    const mine = renamed(opened.content, '安委办的修改');
    const theirs = renamed(opened.content, '巡查组的修改');
    await request(server.app).put('/api/files/patrol-entry.bpmn').auth(...MEMBER).send({ content: theirs, baseEtag: opened.etag, comment: '先保存' }).expect(200);

    const stale = await request(server.app).put('/api/files/patrol-entry.bpmn').auth(...OWNER).send({ content: mine, baseEtag: opened.etag }).expect(409);
    expect(stale.body.error).toMatchObject({ code: 'stale-version', currentEtag: sha256(theirs), lastSavedBy: { username: 'member' } });
    expect(stale.body.error.message).toMatch(BILINGUAL);
    expect(stale.body.error.message).toContain('巡查组 李四');
    expect(await readFile(path.join(server.processesDir, 'patrol-entry.bpmn'), 'utf8')).toBe(theirs);

    // If-Match works like baseEtag.
    await request(server.app).put('/api/files/patrol-entry.bpmn').auth(...OWNER).set('If-Match', `"${opened.etag}"`).send({ content: mine }).expect(409);
    await request(server.app).put('/api/files/patrol-entry.bpmn').auth(...OWNER).set('If-Match', `"${sha256(theirs)}"`).send({ content: mine }).expect(200);
  });

  it('lets exactly one of two simultaneous saves from the same version win', async () => {
    const opened = (await request(server.app).get('/api/files/patrol-entry.bpmn').auth(...OWNER)).body as { content: string; etag: string };
    const [a, b] = await Promise.all([
      request(server.app).put('/api/files/patrol-entry.bpmn').auth(...OWNER).send({ content: renamed(opened.content, 'A'), baseEtag: opened.etag }),
      request(server.app).put('/api/files/patrol-entry.bpmn').auth(...MEMBER).send({ content: renamed(opened.content, 'B'), baseEtag: opened.etag }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it('requires the edited version (428), and null only creates a file that does not exist', async () => {
    const opened = (await request(server.app).get('/api/files/patrol-entry.bpmn').auth(...OWNER)).body as { content: string };
    const missing = await request(server.app).put('/api/files/patrol-entry.bpmn').auth(...OWNER).send({ content: opened.content }).expect(428);
    expect(missing.body.error.message).toMatch(BILINGUAL);
    const exists = await request(server.app).put('/api/files/patrol-entry.bpmn').auth(...OWNER).send({ content: opened.content, baseEtag: null }).expect(409);
    expect(exists.body.error.code).toBe('file-exists');
    const created = await request(server.app)
      .put('/api/files/patrol-entry-copy.bpmn')
      .auth(...OWNER)
      .send({ content: opened.content, baseEtag: null, comment: '新建' })
      .expect(200);
    expect(created.body.version).toMatchObject({ version: 1, comment: '新建' });
  });

  it('answers 404 for a file that does not exist and 400 for paths outside the editable files', async () => {
    await request(server.app).get('/api/files/nothing.bpmn').auth(...OWNER).expect(404);
    for (const bad of ['directory.json', 'profiles/jiangxi.json', '..%2F..%2Fpackage.json', '.hidden.bpmn', 'forms/sub/x.form', 'x.form']) {
      const response = await request(server.app).get(`/api/files/${bad}`).auth(...OWNER);
      expect([400, 404]).toContain(response.status);
      expect(response.body.error.message).toMatch(BILINGUAL);
    }
  });
});
