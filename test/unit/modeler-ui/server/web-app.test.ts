/**
 * What the server adds for the browser app: the workers' element templates
 * for logged-in users, the built app at `/` with a same-origin-only
 * Content-Security-Policy, JSON 404s below /api even with the app mounted,
 * and a build that produces the bundle, its styles and the assets they use,
 * with no media query in the range syntax that older browser kernels ignore.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { templateId } from '../../../../modeler-ui/server/element-templates/templates.ts';
import { buildWebBundle, ensureWebBundle, sourceStamp } from '../../../../modeler-ui/server/web/bundle.ts';
import { JobType } from '../../../../workers/contract.ts';
import { allWorkers } from '../../../../workers/registry.ts';
import { BILINGUAL, MEMBER, type TestServer, startTestServer } from './support.ts';

const silent = pino({ level: 'silent' });

describe('GET /api/element-templates', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.cleanup();
  });

  it('needs a login', async () => {
    const { body } = await request(server.app).get('/api/element-templates').expect(401);
    expect(body.error.message).toMatch(BILINGUAL);
  });

  it('lists one template per registered worker', async () => {
    const { body } = await request(server.app).get('/api/element-templates').auth(...MEMBER).expect(200);
    const ids = (body.templates as Array<{ id: string }>).map((template) => template.id);
    expect(ids.sort()).toEqual(allWorkers.map((worker) => templateId(worker.jobType)).sort());
    const notify = (body.templates as Array<{ id: string; name: string }>).find((template) => template.id === templateId(JobType.sendNotification));
    expect(notify?.name).toBe('发送通知');
  });
});

describe('the browser app at /', () => {
  let bundleDir: string;
  let server: TestServer;
  beforeAll(async () => {
    bundleDir = await mkdtemp(path.join(os.tmpdir(), 'modeler-web-'));
    await writeFile(path.join(bundleDir, 'index.html'), '<!doctype html><title>建模</title>');
    await writeFile(path.join(bundleDir, 'app.js'), 'export {};');
    server = await startTestServer({ webBundleDir: bundleDir });
  });
  afterAll(async () => {
    await server.cleanup();
    await rm(bundleDir, { recursive: true, force: true });
  });

  it('serves index.html without a login, under a same-origin Content-Security-Policy', async () => {
    const response = await request(server.app).get('/').expect(200);
    expect(response.text).toContain('建模');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    await request(server.app).get('/app.js').expect(200).expect('content-type', /javascript/);
  });

  it('keeps unknown /api paths as JSON 404s and refuses unknown files', async () => {
    const api = await request(server.app).get('/api/nothing-here').auth(...MEMBER).expect(404);
    expect(api.body.error.code).toBe('not-found');
    await request(server.app).get('/../package.json').expect(404);
    await request(server.app).get('/.build-stamp').expect(404);
  });
});

describe('building the browser app', () => {
  let outDir: string;
  afterEach(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it(
    'bundles the app, the library styles and their fonts, without range-syntax media queries, and rebuilds only when a source changes',
    async () => {
      outDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'modeler-build-')), 'bundle');
      await buildWebBundle({ outDir, logger: silent });
      const files = await readdir(outDir);
      expect(files).toEqual(expect.arrayContaining(['index.html', 'app.js', 'app_styles.css', '.build-stamp']));
      const styles = await readFile(path.join(outDir, 'app_styles.css'), 'utf8');
      expect(styles).toContain('.djs-container');
      expect(styles).toContain('.bio-properties-panel');
      expect(styles).toContain('.fjs-editor-container');
      expect(await readFile(path.join(outDir, '.build-stamp'), 'utf8')).toBe(await sourceStamp());
      // Chromium reads `(width < 1600px)` only from version 104 on; the browsers of government offices often run
      // older kernels, where such a query never matches (the file list would never fold). The app's own and the
      // libraries' queries, as the browser gets them.
      const app = await readFile(path.join(outDir, 'app.js'), 'utf8');
      const scripted = [...app.matchAll(/matchMedia\(([^)]*\))/g)].map((match) => match[1]!);
      // The file list's query (files/file-pane.ts) is among them.
      expect(scripted.some((query) => query.includes('max-width'))).toBe(true);
      const queries = [...[...styles.matchAll(/@media([^{]+)\{/g)].map((match) => match[1]!), ...scripted];
      expect(queries.filter((query) => /\([^()]*[<>][^()]*\)/.test(query))).toEqual([]);

      const stampBefore = await readFile(path.join(outDir, 'app.js'));
      await ensureWebBundle({ outDir, logger: silent });
      expect(await readFile(path.join(outDir, 'app.js'))).toEqual(stampBefore);

      // A stale stamp (another source tree) triggers a rebuild.
      await writeFile(path.join(outDir, '.build-stamp'), 'stale');
      await mkdir(outDir, { recursive: true });
      await ensureWebBundle({ outDir, logger: silent });
      expect(await readFile(path.join(outDir, '.build-stamp'), 'utf8')).toBe(await sourceStamp());
    },
    120_000,
  );
});
