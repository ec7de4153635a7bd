/**
 * Issue 13, item 7: deployed diagrams cannot call arbitrary Java, also when
 * they reach the engine around the deploy check: straight over REST, as the
 * admin. Each diagram here is one the contract check refuses (asserted too);
 * the engine must refuse it again on its own:
 *
 * - a JUEL expression that reaches Java's reflection, the engine's services,
 *   a getter of the engine or a Spring bean fails when it runs, with the
 *   sandbox's message, as the start call's error or, behind an async
 *   continuation, as an incident; what it tried (create a file, read a system
 *   property or the engine's data into a variable) did not happen;
 * - a script (script task, script listener, `camunda:resource` script) never
 *   runs, not even in JUEL, which Operaton's script engine would evaluate
 *   without the sandbox;
 * - a diagram naming a Java class, a delegate expression or `camunda:type="shell"`,
 *   and a CMMN case model, are refused at deployment and leave nothing deployed;
 * - expressions in ad-hoc queries stay off; in a stored query (a Tasklist
 *   filter) they go through the same sandbox;
 * - the calls the diagrams really make (beans, variable methods, text methods)
 *   still work.
 *
 * The product's procedures running under the sandbox are proven by their own
 * files (test/integration/processes/).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkContract } from '../../../../deploy/contract-check.ts';
import { PROCESSES_DIR, parseDiagram } from '../../../../deploy/project-files.ts';
import { EngineRestError } from '../../../../workers/engine/rest-client.ts';
import { registeredJobTypes } from '../../../../workers/registry.ts';
import { testEngineClient, testEngineConfig } from '../../support/test-engine.ts';

const admin = testEngineClient(testEngineConfig({ LOG_LEVEL: 'silent' }));
const DEPLOYMENT_SOURCE = 'expression-sandbox-tests';
/** What a hostile diagram would have written; must stay empty. */
const scratch = mkdtempSync(path.join(os.tmpdir(), 'anquan-sandbox-'));
const deploymentIds: string[] = [];

const xmlAttribute = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const xmlText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** start → (inner) → user task → end; the user task is where an instance that got through would wait. */
function diagram(processId: string, inner: string, startExtensions = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${processId}" targetNamespace="urn:anquan:test" modeler:executionPlatform="Camunda Platform" modeler:executionPlatformVersion="7.24.0">
  <bpmn:process id="${processId}" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="Start">${startExtensions ? `<bpmn:extensionElements>${startExtensions}</bpmn:extensionElements>` : ''}</bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_Start_Work" sourceRef="Start" targetRef="Work" />
    ${inner}
    <bpmn:sequenceFlow id="Flow_Work_Wait" sourceRef="Work" targetRef="Wait" />
    <bpmn:userTask id="Wait" name="等待" camunda:candidateGroups="anwei-ban" />
    <bpmn:sequenceFlow id="Flow_Wait_End" sourceRef="Wait" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;
}

const expressionTask = (expression: string, attributes = '') =>
  `<bpmn:serviceTask id="Work" name="计算" camunda:expression="${xmlAttribute(expression)}" ${attributes} />`;

interface Hostile {
  readonly processId: string;
  readonly expression: string;
  /** What the engine's refusal names (the sandbox message, or the unresolved bean). */
  readonly refusal: RegExp;
  /** The deploy check's rule for it. */
  readonly rule: string;
}

const leakedFile = path.join(scratch, 'created-by-expression');
const HOSTILE: readonly Hostile[] = [
  {
    processId: 'sandbox-reflection-file',
    expression: `\${''.getClass().forName('java.io.File').getConstructor(''.getClass()).newInstance('${leakedFile}').createNewFile()}`,
    refusal: /expressions may not call java\.lang\.String\.getClass\(\)/,
    rule: 'contract/expression-method',
  },
  {
    processId: 'sandbox-reflection-property',
    expression: "${execution.setVariable('leaked', ''.getClass().forName('java.lang.System').getMethod('getProperty', ''.getClass()).invoke(null, 'java.home'))}",
    refusal: /expressions may not call java\.lang\.String\.getClass\(\)/,
    rule: 'contract/expression-method',
  },
  {
    processId: 'sandbox-engine-services',
    expression: "${execution.setVariable('leaked', execution.getProcessEngineServices().getRepositoryService().createDeploymentQuery().count())}",
    refusal: /expressions may not call \S+\.getProcessEngineServices\(\)/,
    rule: 'contract/expression-method',
  },
  {
    processId: 'sandbox-engine-getter',
    expression: "${execution.setVariable('leaked', execution.processEngine.name)}",
    refusal: /expressions may not read the property processEngine of/,
    rule: 'contract/expression-property',
  },
  {
    processId: 'sandbox-deferred-form',
    expression: "#{execution.setVariable('leaked', execution.getProcessEngine().getName())}",
    refusal: /expressions may not call \S+\.getProcessEngine\(\)/,
    rule: 'contract/expression-method',
  },
  {
    processId: 'sandbox-class-property',
    expression: "${execution.setVariable('leaked', ''.class.name)}",
    refusal: /expressions may not read the property class of java\.lang\.String/,
    rule: 'contract/expression-property',
  },
  {
    // A Spring bean of the engine app: exposed to every expression unless the beans are restricted.
    processId: 'sandbox-spring-bean',
    expression: "${execution.setVariable('leaked', environment.getProperty('java.home'))}",
    refusal: /Cannot resolve identifier 'environment'/,
    rule: 'contract/expression-method',
  },
];

const SCRIPT_REFUSAL = /scripts are disabled in this engine \(juel\)/;
const SCRIPTS = [
  {
    processId: 'sandbox-script-task',
    xml: diagram('sandbox-script-task', `<bpmn:scriptTask id="Work" name="计算" scriptFormat="juel"><bpmn:script>${xmlText("${execution.setVariable('leaked', 'script task ran')}")}</bpmn:script></bpmn:scriptTask>`),
  },
  {
    processId: 'sandbox-script-listener',
    xml: diagram(
      'sandbox-script-listener',
      `<bpmn:manualTask id="Work" name="计算" />`,
      `<camunda:executionListener event="start"><camunda:script scriptFormat="juel">${xmlText("${execution.setVariable('leaked', 'listener script ran')}")}</camunda:script></camunda:executionListener>`,
    ),
  },
  {
    processId: 'sandbox-script-resource',
    xml: diagram('sandbox-script-resource', `<bpmn:scriptTask id="Work" name="计算" scriptFormat="juel" camunda:resource="deployment://sandbox-leak.juel" />`),
  },
] as const;

const ALLOWED = {
  processId: 'sandbox-allowed',
  expression: "${execution.setVariable('greeting', lists.join(lists.of(execution.getVariable('name').substring(0, 2).concat('!'), execution.processBusinessKey), '-'))}",
};

async function deploy(name: string, files: ReadonlyArray<{ name: string; content: string }>): Promise<void> {
  const deployment = await admin.rest.createDeployment({ name, source: DEPLOYMENT_SOURCE, deployChangedOnly: false, files });
  deploymentIds.push(deployment.id);
}

async function startRefused(processId: string, variables: Record<string, unknown> = {}): Promise<EngineRestError> {
  const error = await admin.startProcessInstance(processId, variables).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `starting ${processId} must fail`).toBeInstanceOf(EngineRestError);
  return error as EngineRestError;
}

/** Nothing of the instance remains: the start was rolled back, history included. */
async function expectNoInstance(processId: string): Promise<void> {
  const history = await admin.rest.request<unknown[]>('GET', '/history/process-instance', undefined, { query: { processDefinitionKey: processId } });
  expect(history, `instances of ${processId}`).toEqual([]);
}

async function expectNothingLeaked(): Promise<void> {
  const leaked = await admin.rest.request<unknown[]>('GET', '/history/variable-instance', undefined, { query: { variableName: 'leaked' } });
  expect(leaked).toEqual([]);
  expect(existsSync(leakedFile), `${leakedFile} must not exist`).toBe(false);
}

/** The contract check's rules for a diagram (the check runs on files under processes/). */
async function contractRules(processId: string, xml: string): Promise<string[]> {
  const parsed = await parseDiagram(path.join(PROCESSES_DIR, `${processId}.bpmn`), xml);
  return checkContract([parsed], [], registeredJobTypes()).map((problem) => problem.rule);
}

beforeAll(async () => {
  await deploy('expression-sandbox-expressions', [
    ...HOSTILE.map((hostile) => ({ name: `${hostile.processId}.bpmn`, content: diagram(hostile.processId, expressionTask(hostile.expression)) })),
    {
      name: 'sandbox-async.bpmn',
      content: diagram('sandbox-async', expressionTask(HOSTILE[2]!.expression, 'camunda:asyncBefore="true"')),
    },
    { name: `${ALLOWED.processId}.bpmn`, content: diagram(ALLOWED.processId, expressionTask(ALLOWED.expression)) },
    ...SCRIPTS.map((script) => ({ name: `${script.processId}.bpmn`, content: script.xml })),
    { name: 'sandbox-leak.juel', content: "${execution.setVariable('leaked', 'resource script ran')}" },
  ]);
});

afterAll(async () => {
  for (const id of deploymentIds) await admin.rest.request('DELETE', `/deployment/${id}`, undefined, { query: { cascade: 'true' } });
  rmSync(scratch, { recursive: true, force: true });
});

describe('a JUEL expression deployed around the deploy check', () => {
  it.each(HOSTILE)('$processId: the start fails with the sandbox refusal and nothing it tried happened', async (hostile) => {
    expect(await contractRules(hostile.processId, diagram(hostile.processId, expressionTask(hostile.expression)))).toContain(hostile.rule);

    const error = await startRefused(hostile.processId);
    expect(error.engineMessage).toMatch(hostile.refusal);
    // The sandbox's own refusals are bilingual; an unknown bean is the engine's own "Cannot resolve identifier".
    if (!hostile.processId.endsWith('spring-bean')) expect(error.engineMessage).toMatch(/[\u4e00-\u9fff].* \/ /);
    await expectNoInstance(hostile.processId);
    await expectNothingLeaked();
  });

  it('behind an async continuation it becomes an incident with the sandbox message, and the instance goes no further', async () => {
    const instanceId = await admin.startProcessInstance('sandbox-async', {});
    const [incident] = await admin.waitForIncidents(instanceId);
    expect(incident?.incidentType).toBe('failedJob');
    expect(incident?.incidentMessage).toMatch(/expressions may not call \S+\.getProcessEngineServices\(\)/);
    expect(await admin.openUserTasks(instanceId, 'Wait')).toEqual([]);
    await expectNothingLeaked();
    await admin.cancelProcessInstance(instanceId);
  });

  it('still runs what the diagrams do: bean methods, variable methods, text methods and execution properties', async () => {
    const rules = await contractRules(ALLOWED.processId, diagram(ALLOWED.processId, expressionTask(ALLOWED.expression)));
    expect(rules.filter((rule) => rule.startsWith('contract/expression'))).toEqual([]);
    const instanceId = await admin.startProcessInstance(ALLOWED.processId, { name: 'anwei' }, 'BK-1');
    expect(await admin.waitForVariable(instanceId, 'greeting')).toBe('an!-BK-1');
    await admin.waitForUserTask(instanceId, 'Wait');
    await admin.cancelProcessInstance(instanceId);
  });
});

describe('a script deployed around the deploy check', () => {
  it.each(SCRIPTS)('$processId: never runs, in JUEL neither; the start fails with "scripts are disabled"', async (script) => {
    expect(await contractRules(script.processId, script.xml)).toContain('contract/script');
    const error = await startRefused(script.processId);
    expect(error.engineMessage).toMatch(SCRIPT_REFUSAL);
    expect(error.engineMessage).toMatch(/引擎已禁用脚本/);
    await expectNoInstance(script.processId);
    await expectNothingLeaked();
  });
});

describe('Java named by a diagram', () => {
  const shellFile = path.join(scratch, 'created-by-shell');
  const REFUSED = [
    {
      processId: 'sandbox-shell',
      xml: diagram(
        'sandbox-shell',
        `<bpmn:serviceTask id="Work" name="执行" camunda:type="shell"><bpmn:extensionElements><camunda:field name="command" stringValue="touch" /><camunda:field name="arg1" stringValue="${shellFile}" /></bpmn:extensionElements></bpmn:serviceTask>`,
      ),
      refusal: /camunda:type must be "external"; "shell" is not supported/,
      rule: 'contract/job-type',
    },
    {
      processId: 'sandbox-class-listener',
      xml: diagram('sandbox-class-listener', '<bpmn:manualTask id="Work" name="计算" />', '<camunda:executionListener event="start" class="java.lang.Thread" />'),
      refusal: /the engine runs no Java class or delegate named by a diagram \(class="java\.lang\.Thread"\)/,
      rule: 'contract/java-class',
    },
    {
      processId: 'sandbox-delegate-expression',
      xml: diagram('sandbox-delegate-expression', '<bpmn:serviceTask id="Work" name="计算" camunda:delegateExpression="${environment}" />'),
      refusal: /the engine runs no Java class or delegate named by a diagram \(delegateExpression="\$\{environment\}"\)/,
      rule: 'contract/job-type',
    },
  ] as const;

  it.each(REFUSED)('$processId: the deployment is refused, naming the element, and nothing is deployed', async (refused) => {
    expect(await contractRules(refused.processId, refused.xml)).toContain(refused.rule);
    const error = await deploy(`expression-sandbox-${refused.processId}`, [{ name: `${refused.processId}.bpmn`, content: refused.xml }]).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(EngineRestError);
    expect((error as EngineRestError).status).toBe(400);
    expect((error as EngineRestError).engineMessage).toMatch(refused.refusal);
    expect((error as EngineRestError).engineMessage).toMatch(/[\u4e00-\u9fff]/);
    const definitions = await admin.rest.request<unknown[]>('GET', '/process-definition', undefined, { query: { key: refused.processId } });
    expect(definitions).toEqual([]);
    expect(existsSync(shellFile)).toBe(false);
  });

  it('a CMMN case model is refused at deployment', async () => {
    const cmmn = `<?xml version="1.0" encoding="UTF-8"?>
<cmmn:definitions xmlns:cmmn="http://www.omg.org/spec/CMMN/20151109/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/cmmn" id="Definitions_case" targetNamespace="urn:anquan:test">
  <cmmn:case id="sandbox-case"><cmmn:casePlanModel id="Plan" autoComplete="true"><cmmn:extensionElements><camunda:caseExecutionListener event="create" class="java.lang.Thread" /></cmmn:extensionElements></cmmn:casePlanModel></cmmn:case>
</cmmn:definitions>`;
    const error = await deploy('expression-sandbox-cmmn', [{ name: 'sandbox-case.cmmn', content: cmmn }]).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(EngineRestError);
    expect((error as EngineRestError).engineMessage).toMatch(/this engine accepts no CMMN case models \(sandbox-case\.cmmn\)/);
    expect(await admin.rest.request<unknown[]>('GET', '/case-definition', undefined, { query: { key: 'sandbox-case' } })).toEqual([]);
  });
});

describe('expressions in task queries', () => {
  it('are refused in an ad-hoc query', async () => {
    const error = await admin.rest
      .request('GET', '/task', undefined, { query: { assigneeExpression: '${currentUser()}' } })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(EngineRestError);
    expect((error as EngineRestError).engineMessage).toMatch(/Expressions are forbidden in adhoc queries/);
  });

  it('in a stored query (a Tasklist filter) go through the sandbox: the allowed function works, a reflective call is refused', async () => {
    const filterWith = async (assigneeExpression: string) =>
      (
        await admin.rest.request<{ id: string }>('POST', '/filter/create', {
          resourceType: 'Task',
          name: 'sandbox-filter',
          owner: 'demo',
          query: { assigneeExpression },
          properties: {},
        })
      ).id;
    const allowed = await filterWith('${currentUser()}');
    const hostile = await filterWith("${''.getClass().getName()}");
    try {
      expect(await admin.rest.request<unknown[]>('GET', `/filter/${allowed}/list`)).toEqual([]);
      const error = await admin.rest.request('GET', `/filter/${hostile}/list`).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      // The REST answer names the expression; the sandbox's refusal is its cause (in the engine log).
      expect(error).toBeInstanceOf(EngineRestError);
      expect((error as EngineRestError).engineMessage).toMatch(/Unable to resolve expression '\$\{''\.getClass\(\)\.getName\(\)\}'/);
    } finally {
      for (const id of [allowed, hostile]) await admin.rest.request('DELETE', `/filter/${id}`);
    }
  });
});
