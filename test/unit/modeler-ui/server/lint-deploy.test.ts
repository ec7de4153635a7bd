import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BILINGUAL, OWNER, type TestServer, startTestServer } from './support.ts';

let server: TestServer;
let patrolEntry: string;
beforeEach(async () => {
  server = await startTestServer();
  patrolEntry = await readFile(path.join(server.processesDir, 'patrol-entry.bpmn'), 'utf8');
});
afterEach(async () => {
  await server.cleanup();
});

/**
 * patrol-entry.bpmn broken in the ways the project's rules forbid: its user
 * task loses its form and candidate group, a service task gets a job type
 * without worker, and the on-site timer a literal duration.
 */
function broken(xml: string): string {
  const result = xml
    .replace(/<zeebe:formDefinition [^>]*\/>/, '')
    .replace(/<zeebe:assignmentDefinition [^>]*\/>/, '')
    .replace(/(<zeebe:taskDefinition type=")[^"]*"/, '$1anquan.nobody.serves-this"')
    .replace(/>=onSitePeriod</, '>PT720H<');
  expect(result).not.toBe(xml);
  return result;
}

/** The id of the element a pattern occurs in (the nearest preceding `id="…"` of a BPMN element). */
function elementIdBefore(xml: string, pattern: RegExp): string {
  const index = xml.search(pattern);
  const before = xml.slice(0, index);
  const ids = [...before.matchAll(/<bpmn:(?:userTask|serviceTask|boundaryEvent|intermediateCatchEvent)\b[^>]*\bid="([^"]+)"/g)];
  return ids.at(-1)?.[1] ?? '';
}

describe('POST /api/lint', () => {
  it('passes the saved diagrams', async () => {
    const { body } = await request(server.app).post('/api/lint').auth(...OWNER).send({ file: 'patrol-entry.bpmn' }).expect(200);
    expect(body).toMatchObject({ file: 'patrol-entry.bpmn', passes: true, deployable: true, problems: [] });
  });

  it('reports the problems of an unsaved diagram with element ids, without writing it', async () => {
    const content = broken(patrolEntry);
    const { body } = await request(server.app).post('/api/lint').auth(...OWNER).send({ file: 'patrol-entry.bpmn', content }).expect(200);
    expect(body.passes).toBe(false);
    expect(body.deployable).toBe(false);
    const byRule = new Map((body.problems as Array<{ rule: string; elementId?: string; file: string; message: string }>).map((problem) => [problem.rule, problem]));
    expect([...byRule.keys()]).toEqual(
      expect.arrayContaining(['contract/user-task-form', 'contract/user-task-candidate-group', 'contract/job-type', 'contract/literal-deadline']),
    );
    const userTask = elementIdBefore(patrolEntry, /<zeebe:formDefinition /);
    expect(byRule.get('contract/user-task-form')?.elementId).toBe(userTask);
    expect(byRule.get('contract/user-task-candidate-group')?.elementId).toBe(userTask);
    expect(byRule.get('contract/job-type')?.elementId).toBe(elementIdBefore(patrolEntry, /<zeebe:taskDefinition /));
    expect(byRule.get('contract/literal-deadline')?.elementId).toBe(elementIdBefore(patrolEntry, />=onSitePeriod</));
    for (const problem of body.problems) {
      expect(problem.file).toBe('patrol-entry.bpmn');
      // The project's own rules speak Chinese and English; bpmnlint's rules bring their English messages.
      if (problem.rule.startsWith('contract/')) expect(problem.message).toMatch(BILINGUAL);
    }
    expect(await readFile(path.join(server.processesDir, 'patrol-entry.bpmn'), 'utf8')).toBe(patrolEntry);
  });

  it('refuses unsafe or malformed content with 400 before linting', async () => {
    const response = await request(server.app)
      .post('/api/lint')
      .auth(...OWNER)
      .send({ file: 'patrol-entry.bpmn', content: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' })
      .expect(400);
    expect(response.body.error.code).toBe('xml-doctype');
    await request(server.app).post('/api/lint').auth(...OWNER).send({ content: patrolEntry }).expect(400);
  });
});

describe('POST /api/deploy', () => {
  it('refuses a process owner with the lint errors when a saved diagram does not pass, and deploys nothing', async () => {
    await writeFile(path.join(server.processesDir, 'patrol-entry.bpmn'), broken(patrolEntry), 'utf8');
    const response = await request(server.app).post('/api/deploy').auth(...OWNER).send({}).expect(422);
    expect(response.body.error.code).toBe('checks-failed');
    expect(response.body.error.message).toMatch(BILINGUAL);
    const problems = response.body.error.problems as Array<{ file: string; elementId?: string; rule: string; severity: string }>;
    expect(problems.filter((problem) => problem.severity === 'error').map((problem) => problem.rule)).toEqual(
      expect.arrayContaining(['contract/user-task-form', 'contract/job-type', 'contract/literal-deadline']),
    );
    expect(problems.every((problem) => problem.file === 'patrol-entry.bpmn' && problem.elementId)).toBe(true);
    expect(server.deployCalls).toHaveLength(0);
    await expect(readFile(server.deployRecordFile, 'utf8')).rejects.toThrow();
  });

  it('refuses with the parse error when a diagram on disk is not valid BPMN', async () => {
    await writeFile(path.join(server.processesDir, 'clue-transfer.bpmn'), '<bpmn:definitions', 'utf8');
    const response = await request(server.app).post('/api/deploy').auth(...OWNER).send({}).expect(422);
    expect(response.body.error.problems).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'clue-transfer.bpmn', rule: 'bpmn-parse' })]));
    expect(server.deployCalls).toHaveLength(0);
  });
});
