import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newDiagramXml } from '../../../../modeler-ui/web/files/diagram-template.ts';
import { EXECUTION_PLATFORM, EXECUTION_PLATFORM_VERSION, FormId, ProcessId } from '../../../../workers/contract.ts';
import type { DeploymentResult } from '../../../../deploy/deploy.ts';
import type { ParsedDiagram, ParsedForm } from '../../../../deploy/project-files.ts';
import { EngineRestError, EngineUnreachableError } from '../../../../workers/engine/rest-client.ts';
import { BILINGUAL, MEMBER, OWNER, type TestServer, startTestServer } from './support.ts';

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
 * task loses its form and candidate group, a service task gets a topic
 * without worker, and the on-site timer a literal duration.
 */
function broken(xml: string): string {
  const steps: Array<[RegExp, string]> = [
    [/ camunda:formRef="[^"]*"/, ''],
    [/ camunda:candidateGroups="[^"]*"/, ''],
    [/(camunda:topic=")[^"]*"/, '$1anquan.nobody.serves-this"'],
    [/>\$\{entryDate\.concat\('T00:00:00\+08:00'\)\}</, '>2026-10-14T00:00:00+08:00<'],
  ];
  let result = xml;
  for (const [pattern, replacement] of steps) {
    expect(result, String(pattern)).toMatch(pattern);
    result = result.replace(pattern, replacement);
  }
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
    // The first lint loads every diagram and form of the project: past vitest's 5 s on a busy 2-core machine.
  }, 30_000);

  it('reports the problems of an unsaved diagram with element ids, without writing it', async () => {
    const content = broken(patrolEntry);
    const { body } = await request(server.app).post('/api/lint').auth(...OWNER).send({ file: 'patrol-entry.bpmn', content }).expect(200);
    expect(body.passes).toBe(false);
    expect(body.deployable).toBe(false);
    const byRule = new Map((body.problems as Array<{ rule: string; elementId?: string; file: string; message: string }>).map((problem) => [problem.rule, problem]));
    expect([...byRule.keys()]).toEqual(
      expect.arrayContaining(['contract/user-task-form', 'contract/user-task-candidate-group', 'contract/job-type', 'contract/literal-deadline']),
    );
    const userTask = elementIdBefore(patrolEntry, / camunda:formRef=/);
    expect(byRule.get('contract/user-task-form')?.elementId).toBe(userTask);
    expect(byRule.get('contract/user-task-candidate-group')?.elementId).toBe(userTask);
    expect(byRule.get('contract/job-type')?.elementId).toBe(elementIdBefore(patrolEntry, /camunda:topic=/));
    expect(byRule.get('contract/literal-deadline')?.elementId).toBe(elementIdBefore(patrolEntry, />\$\{entryDate\.concat\('T00:00:00\+08:00'\)\}</));
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
  });

  it('refuses with the parse error when a diagram on disk is not valid BPMN', async () => {
    await writeFile(path.join(server.processesDir, 'clue-transfer.bpmn'), '<bpmn:definitions', 'utf8');
    const response = await request(server.app).post('/api/deploy').auth(...OWNER).send({}).expect(422);
    expect(response.body.error.problems).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'clue-transfer.bpmn', rule: 'bpmn-parse' })]));
    expect(server.deployCalls).toHaveLength(0);
  });
});

describe('POST /api/deploy when the checks pass', () => {
  const formFile = () => path.join(server.processesDir, 'forms', 'patrol-entry-notice.form');
  const form = (label: string) =>
    `${JSON.stringify({ id: FormId.patrolEntryNotice, type: 'default', executionPlatform: EXECUTION_PLATFORM, executionPlatformVersion: EXECUTION_PLATFORM_VERSION, components: [{ type: 'textfield', key: 'note', label }] }, null, 2)}\n`;
  let diagram: string;

  beforeEach(async () => {
    // A small project of its own: a new diagram as the modeler creates it, with one user task linking one form.
    await rm(server.processesDir, { recursive: true, force: true });
    await mkdir(path.join(server.processesDir, 'forms'), { recursive: true });
    diagram = newDiagramXml(ProcessId.patrolEntry, '巡查进驻')
      .replace(
        '<bpmn:endEvent id="End"',
        `<bpmn:userTask id="Notice" name="签发进驻通知" camunda:candidateGroups="xuncha-zu" camunda:formRef="${FormId.patrolEntryNotice}" camunda:formRefBinding="latest" camunda:dueDate="\${entryNoticeDueAt}"><bpmn:incoming>Flow_Start_End</bpmn:incoming><bpmn:outgoing>Flow_Notice_End</bpmn:outgoing></bpmn:userTask>\n    <bpmn:endEvent id="End"`,
      )
      .replace('<bpmn:incoming>Flow_Start_End</bpmn:incoming>\n    </bpmn:endEvent>', '<bpmn:incoming>Flow_Notice_End</bpmn:incoming>\n    </bpmn:endEvent>')
      .replace('targetRef="End" />', 'targetRef="Notice" />\n    <bpmn:sequenceFlow id="Flow_Notice_End" sourceRef="Notice" targetRef="End" />')
      .replace(
        '<bpmndi:BPMNEdge id="Flow_Start_End_di"',
        '<bpmndi:BPMNShape id="Notice_di" bpmnElement="Notice"><dc:Bounds x="220" y="60" width="100" height="80" /></bpmndi:BPMNShape><bpmndi:BPMNEdge id="Flow_Notice_End_di" bpmnElement="Flow_Notice_End"><di:waypoint x="320" y="100" /><di:waypoint x="352" y="100" /></bpmndi:BPMNEdge><bpmndi:BPMNEdge id="Flow_Start_End_di"',
      );
    await writeFile(path.join(server.processesDir, 'patrol-entry.bpmn'), diagram, 'utf8');
    await writeFile(formFile(), form('说明'), 'utf8');
  });

  it('hands every checked file to the deploy under its resource name, and reports what the engine runs per file', async () => {
    const lint = await request(server.app).post('/api/lint').auth(...OWNER).send({ file: 'patrol-entry.bpmn' }).expect(200);
    expect(lint.body.problems).toEqual([]);
    expect(lint.body.otherProblems).toEqual([]);

    // What deploy/deploy.ts reports after a deployment that brought a new form and left the process as it was.
    const result: DeploymentResult = {
      deploymentId: 'deployment-2',
      deployedAt: '2026-12-01T09:05:00.000+0800',
      created: true,
      resources: [
        { kind: 'form', id: FormId.patrolEntryNotice, version: 2, resourceName: 'forms/patrol-entry-notice.form', deploymentId: 'deployment-2', changed: true },
        { kind: 'process', id: ProcessId.patrolEntry, version: 1, definitionId: 'patrol-entry:1:deployment-1', resourceName: 'patrol-entry.bpmn', deploymentId: 'deployment-1', changed: false },
      ],
    };
    server.deployOutcome = result;
    const { body } = await request(server.app).post('/api/deploy').auth(...OWNER).send({}).expect(200);

    expect(server.deployCalls).toHaveLength(1);
    const [[diagrams, forms]] = server.deployCalls as [[readonly ParsedDiagram[], readonly ParsedForm[]]];
    // Named as `npm run deploy` names them, wherever the processes folder is.
    expect(diagrams.map((entry) => [entry.file, entry.xml])).toEqual([['processes/patrol-entry.bpmn', diagram]]);
    expect(forms.map((entry) => [entry.file, entry.formId, entry.content])).toEqual([['processes/forms/patrol-entry-notice.form', FormId.patrolEntryNotice, form('说明')]]);

    expect(body).toEqual({
      deploymentId: 'deployment-2',
      deployedAt: '2026-12-01T09:05:00.000+0800',
      created: true,
      resources: result.resources,
      files: [
        { file: 'forms/patrol-entry-notice.form', resources: [{ kind: 'form', id: FormId.patrolEntryNotice, version: 2, changed: true }] },
        { file: 'patrol-entry.bpmn', resources: [{ kind: 'process', id: ProcessId.patrolEntry, version: 1, changed: false }] },
      ],
      warnings: [],
    });
  });

  it('answers 502 with what to do when the engine account may not deploy', async () => {
    server.deployOutcome = new EngineRestError({
      status: 403,
      method: 'POST',
      path: '/deployment/create',
      username: 'anquan-worker',
      body: { type: 'AuthorizationException', message: "The user with id 'anquan-worker' does not have 'CREATE' permission on resource 'Deployment'." },
    });
    const response = await request(server.app).post('/api/deploy').auth(...OWNER).send({}).expect(502);
    expect(response.body.error.code).toBe('deploy-failed');
    expect(response.body.error.message).toMatch(BILINGUAL);
    // The advice names the engine's account (app deps: demo) and what it lacks; the engine's own words follow.
    expect(response.body.error.message).toContain('CREATE and READ on DEPLOYMENT');
    expect(response.body.error.message).toContain("does not have 'CREATE' permission on resource 'Deployment'");
  });

  it('answers 502 with what to do when the engine cannot be reached', async () => {
    server.deployOutcome = new EngineUnreachableError({ method: 'POST', path: '/deployment/create', baseUrl: 'http://engine.test/engine-rest', cause: new Error('ECONNREFUSED') });
    const response = await request(server.app).post('/api/deploy').auth(...OWNER).send({}).expect(502);
    expect(response.body.error.message).toMatch(BILINGUAL);
    expect(response.body.error.message).toContain('ENGINE_REST_URL=http://engine.test/engine-rest');
    expect(response.body.error.message).toContain('cannot reach the engine');
  });
});


describe('a new diagram (新建流程图)', () => {
  it('is checked like any other: in the Camunda 7 dialect it lacks only a process id the contract names', async () => {
    const content = newDiagramXml('safety-drill', '应急演练 & "演示"');
    const { body } = await request(server.app).post('/api/lint').auth(...MEMBER).send({ file: 'safety-drill.bpmn', content }).expect(200);
    expect(body.problems).toEqual([expect.objectContaining({ file: 'safety-drill.bpmn', elementId: 'safety-drill', rule: 'contract/process-id', severity: 'error' })]);
    await request(server.app).put('/api/files/safety-drill.bpmn').auth(...MEMBER).send({ content, baseEtag: null, comment: '新建流程图' }).expect(200);
    const listed = (await request(server.app).get('/api/files').auth(...MEMBER)).body.files as Array<{ file: string; defines: unknown }>;
    expect(listed.find((entry) => entry.file === 'safety-drill.bpmn')?.defines).toEqual([{ id: 'safety-drill', name: '应急演练 & "演示"' }]);
    expect(() => newDiagramXml('Safety Drill', 'x')).toThrow(/safety-patrol/);
  }, 30_000);
});
