/**
 * The built workbench app where the server mounts it (/tasks): its page under
 * the modeler's same-origin Content-Security-Policy, and /tasks sent on to
 * /tasks/ so the page's relative URLs (app.js, api/…) resolve below it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workbenchWebRoutes } from '../../../../workbench/build/routes.ts';

describe('workbenchWebRoutes', () => {
  let bundleDir: string;
  const app = express();
  beforeAll(async () => {
    bundleDir = await mkdtemp(path.join(os.tmpdir(), 'workbench-web-'));
    await writeFile(path.join(bundleDir, 'index.html'), '<!doctype html><title>待办</title>');
    await writeFile(path.join(bundleDir, 'app.js'), 'export {};');
    await writeFile(path.join(bundleDir, '.build-stamp'), 'stamp');
    app.use('/tasks', workbenchWebRoutes(bundleDir));
  });
  afterAll(async () => {
    await rm(bundleDir, { recursive: true, force: true });
  });

  it('serves the page at /tasks/ under a same-origin Content-Security-Policy', async () => {
    const response = await request(app).get('/tasks/').expect(200);
    expect(response.text).toContain('待办');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    await request(app).get('/tasks/app.js').expect(200).expect('content-type', /javascript/);
  });

  it('sends /tasks on to /tasks/, keeping the query', async () => {
    await request(app).get('/tasks').expect(302).expect('location', '/tasks/');
    await request(app).get('/tasks?x=1').expect(302).expect('location', '/tasks/?x=1');
  });

  it('does not serve the build stamp', async () => {
    await request(app).get('/tasks/.build-stamp').expect(404);
  });
});
