import { readFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BILINGUAL, OWNER, type TestServer, startTestServer } from './support.ts';

/** Above patrol-entry.bpmn (the diagram uploaded here, laid out with lanes), far below the 2 MB production default. */
const UPLOAD_LIMIT = 256 * 1024;

let server: TestServer;
let original: string;
let etag: string;
beforeEach(async () => {
  server = await startTestServer({ maxUploadBytes: UPLOAD_LIMIT });
  const opened = (await request(server.app).get('/api/files/patrol-entry.bpmn').auth(...OWNER)).body as { content: string; etag: string };
  original = opened.content;
  etag = opened.etag;
});
afterEach(async () => {
  await server.cleanup();
});

async function expectRejectedSave(content: unknown, status: number, code: string): Promise<void> {
  const response = await request(server.app).put('/api/files/patrol-entry.bpmn').auth(...OWNER).send({ content, baseEtag: etag });
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(response.body.error.message).toMatch(BILINGUAL);
  expect(await readFile(path.join(server.processesDir, 'patrol-entry.bpmn'), 'utf8')).toBe(original);
  expect((await request(server.app).get('/api/history/patrol-entry.bpmn').auth(...OWNER)).body.versions).toEqual([]);
}

const withProlog = (prolog: string) => original.replace(/^(<\?xml[^>]*\?>)?/, (declaration) => `${declaration}\n${prolog}`);

describe('uploaded content', () => {
  it('refuses a body over the size limit with 413', async () => {
    const padding = `<!-- ${'x'.repeat(UPLOAD_LIMIT + 24 * 1024)} -->`;
    const response = await request(server.app)
      .put('/api/files/patrol-entry.bpmn')
      .auth(...OWNER)
      .send({ content: original.replace('</bpmn:definitions>', `${padding}</bpmn:definitions>`), baseEtag: etag })
      .expect(413);
    expect(response.body.error).toMatchObject({ code: 'too-large', limitBytes: UPLOAD_LIMIT });
    expect(response.body.error.message).toMatch(BILINGUAL);
  });

  it('refuses a file over the size limit inside a body that fits (multi-byte characters)', async () => {
    const chinese = '巡'.repeat(Math.ceil((UPLOAD_LIMIT * 0.35)));
    await expectRejectedSave(original.replace('</bpmn:definitions>', `<!-- ${chinese} --></bpmn:definitions>`), 413, 'too-large');
  });

  it('refuses a DOCTYPE, external entities and the billion-laughs pattern without resolving them', async () => {
    await expectRejectedSave(withProlog('<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'), 400, 'xml-doctype');
    await expectRejectedSave(withProlog('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'), 400, 'xml-doctype');
  });

  it('refuses processing instructions and script elements of any namespace', async () => {
    await expectRejectedSave(withProlog('<?xml-stylesheet href="http://evil.example/x.xsl"?>'), 400, 'xml-processing-instruction');
    await expectRejectedSave(
      original.replace('</bpmn:definitions>', '<script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></bpmn:definitions>'),
      400,
      'xml-script',
    );
    await expectRejectedSave(original.replace('</bpmn:definitions>', '<bpmn:script>java.lang.Runtime</bpmn:script></bpmn:definitions>'), 400, 'xml-script');
    await expectRejectedSave(
      original.replace('</bpmn:definitions>', '<camunda:script scriptFormat="groovy">"rm -rf /".execute()</camunda:script></bpmn:definitions>'),
      400,
      'xml-script',
    );
  });

  it('refuses malformed XML and XML that is not a BPMN diagram with a clear 400', async () => {
    await expectRejectedSave(original.slice(0, original.length / 2), 400, 'xml-malformed');
    await expectRejectedSave('<a><b></a>', 400, 'xml-malformed');
    await expectRejectedSave('not xml at all', 400, 'xml-malformed');
    await expectRejectedSave(`${original}<second/>`, 400, 'xml-malformed');
    await expectRejectedSave('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', 400, 'bpmn-invalid');
    await expectRejectedSave({ xml: original }, 400, 'invalid-content');
  });

  it('refuses a form that is not JSON, has no id or carries a script', async () => {
    const form = (await request(server.app).get('/api/files/forms/patrol-plan.form').auth(...OWNER)).body as { content: string; etag: string };
    const save = (content: string) => request(server.app).put('/api/files/forms/patrol-plan.form').auth(...OWNER).send({ content, baseEtag: form.etag });
    for (const [content, code] of [
      ['{"components": [', 'form-invalid'],
      ['{"components": []}', 'form-invalid'],
      [JSON.stringify({ ...JSON.parse(form.content), components: [{ type: 'html', content: '<script>alert(1)</script>' }] }), 'form-script'],
    ] as const) {
      const response = await save(content).expect(400);
      expect(response.body.error.code).toBe(code);
      expect(response.body.error.message).toMatch(BILINGUAL);
    }
    expect(await readFile(path.join(server.processesDir, 'forms', 'patrol-plan.form'), 'utf8')).toBe(form.content);
  });

  it('answers a body that is not JSON with 400, not a crash', async () => {
    const response = await request(server.app)
      .put('/api/files/patrol-entry.bpmn')
      .auth(...OWNER)
      .set('content-type', 'application/json')
      .send('{"content": "<bpmn:definitions')
      .expect(400);
    expect(response.body.error.code).toBe('malformed-json');
    expect(response.body.error.message).toMatch(BILINGUAL);
  });
});
