/**
 * Every Camunda Form under processes/forms/ renders in the form-js viewer of
 * the same version as the modeler's form editor (the viewer the staff-facing
 * UI uses), in a real browser: no import warning, no page error, every field
 * drawn, and its Chinese labels on the page.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFormFiles, readForm } from '../../../deploy/project-files.ts';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import { launchChromium } from '../support/browser.ts';

interface RenderResult {
  readonly warnings: string[];
  readonly renderedFields: number;
  readonly text: string;
}

const ENTRY = `
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
window.renderForm = async (schema) => {
  const container = document.getElementById('form');
  container.replaceChildren();
  const form = new Form({ container });
  const { warnings } = await form.importSchema(schema, {});
  return {
    warnings: warnings.map((warning) => String(warning && warning.message ? warning.message : warning)),
    renderedFields: container.querySelectorAll('.fjs-form-field').length,
    text: container.innerText,
  };
};
`;

let folder: string;
let server: Server;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'anquan-form-render-'));
  await writeFile(path.join(folder, 'entry.js'), ENTRY);
  await build({
    entryPoints: [path.join(folder, 'entry.js')],
    bundle: true,
    outfile: path.join(folder, 'bundle.js'),
    nodePaths: [path.join(PROJECT_ROOT, 'node_modules')],
    loader: { '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl' },
    logLevel: 'silent',
  });
  const page_ = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="stylesheet" href="bundle.css"></head><body><div id="form"></div><script src="bundle.js"></script></body></html>`;
  server = createServer((request, response) => {
    const name = (request.url ?? '/').replace(/^\//, '') || 'index.html';
    if (name === 'index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page_);
      return;
    }
    import('node:fs/promises')
      .then(({ readFile }) => readFile(path.join(folder, path.basename(name))))
      .then(
        (content) => response.writeHead(200, { 'content-type': name.endsWith('.css') ? 'text/css' : 'text/javascript' }).end(content),
        () => response.writeHead(404).end(),
      );
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => 'renderForm' in globalThis);
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** The labels a person reads on the empty form (fields shown only under a condition are not drawn yet). */
function labelsOf(components: readonly Record<string, unknown>[]): string[] {
  return components.flatMap((component) => {
    if (component['conditional']) return [];
    const own = typeof component['label'] === 'string' && component['label'] ? [component['label'] as string] : [];
    // A dynamic list without data draws no rows, so the labels inside it are not on the page.
    const nested = component['type'] !== 'dynamiclist' && Array.isArray(component['components']) ? labelsOf(component['components'] as Record<string, unknown>[]) : [];
    return [...own, ...nested];
  });
}

describe('every form under processes/forms/', () => {
  it('renders in the form-js viewer without a warning or a page error, with its Chinese labels', async () => {
    const files = await findFormFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const form = await readForm(file);
      const schema = JSON.parse(form.content) as { components: Record<string, unknown>[] };
      const result = await page.evaluate((value) => (globalThis as unknown as { renderForm(schema: unknown): Promise<RenderResult> }).renderForm(value), schema);
      expect({ file, warnings: result.warnings }).toEqual({ file, warnings: [] });
      expect(result.renderedFields, file).toBeGreaterThan(0);
      for (const label of labelsOf(schema.components).slice(0, 3)) {
        expect(result.text, `${file}: label ${label}`).toContain(label.trim());
      }
      if (path.basename(file) === 'patrol-plan.form') {
        await page.screenshot({ path: path.join(os.tmpdir(), 'anquan-form-patrol-plan.png'), fullPage: true });
      }
    }
    expect(pageErrors).toEqual([]);
  });
});
