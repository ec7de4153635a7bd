/**
 * The deploy-time half of the expression sandbox (issue 13, item 7): the contract check refuses
 * JUEL that calls anything but the registered beans, the variable methods and a few value
 * methods, scripts of every kind, and Java named by the diagram; every shipped diagram passes.
 * The engine enforces the same allowlist again (test/integration/deploy/engine/expression-sandbox.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModdleElement } from 'bpmn-moddle';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ResourceCheck, checkResources } from '../../../deploy/check-resources.ts';
import { checkContract } from '../../../deploy/contract-check.ts';
import { EXPRESSION_ALLOWLIST, checkExpressionText, expressionUses, parseExpressions } from '../../../deploy/expression-sandbox.ts';
import { PROCESSES_DIR, parseDiagram } from '../../../deploy/project-files.ts';
import { EXECUTION_PLATFORM, EXECUTION_PLATFORM_VERSION, HISTORY_TIME_TO_LIVE_DAYS, ProcessId } from '../../../workers/contract.ts';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import { registeredJobTypes } from '../../../workers/registry.ts';

/** A message in Chinese and English: `中文 / English`. */
const BILINGUAL = /[\u4e00-\u9fff].*\/ .*[A-Za-z]{3}/s;

const file = path.join(PROCESSES_DIR, 'under-test.bpmn');

/** start → Task (the element under test) → end, otherwise passing the contract. */
const diagramWith = (task: string, extra = ''): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_Test" targetNamespace="urn:test" modeler:executionPlatform="${EXECUTION_PLATFORM}" modeler:executionPlatformVersion="${EXECUTION_PLATFORM_VERSION}">
  <bpmn:process id="${ProcessId.patrolEntry}" isExecutable="true" camunda:historyTimeToLive="${HISTORY_TIME_TO_LIVE_DAYS}">
    <bpmn:startEvent id="Start" name="开始"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    ${task}
    ${extra}
    <bpmn:endEvent id="End" name="结束"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;
const flows = '<bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>';
const attribute = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const expressionTask = (expression: string): string => `<bpmn:serviceTask id="Task" name="计算" camunda:expression="${attribute(expression)}">${flows}</bpmn:serviceTask>`;

async function problemsOf(xml: string): Promise<Array<{ rule: string; elementId?: string; message: string }>> {
  const diagram = await parseDiagram(file, xml);
  expect(diagram.problems).toEqual([]);
  return checkContract([diagram], [], registeredJobTypes()).map(({ rule, elementId, message }) => ({ rule, ...(elementId ? { elementId } : {}), message }));
}

describe('the expression sandbox refuses hostile JUEL at deploy time', () => {
  const HOSTILE: ReadonlyArray<[expression: string, rule: string, says: RegExp]> = [
    ["${execution.getProcessEngine().getRuntimeService().startProcessInstanceByKey('x')}", 'contract/expression-method', /execution\.getProcessEngine\(…\).*only the variable methods/],
    ["${''.getClass().forName('java.lang.Runtime')}", 'contract/expression-method', /''\.getClass\(…\).*expressions may call only the registered beans/],
    ['${execution.getProcessEngineServices()}', 'contract/expression-method', /execution\.getProcessEngineServices\(…\)/],
    ['#{execution.getProcessEngine().getName()}', 'contract/expression-method', /#\{execution\.getProcessEngine\(\)\.getName\(\)\}.*execution\.getProcessEngine\(…\)/],
    ['${execution.processEngineServices.runtimeService}', 'contract/expression-property', /only processBusinessKey, processInstanceId, assignee, execution may be read from execution/],
    ['${execution.processEngine.name}', 'contract/expression-property', /execution\.processEngine/],
    ["${''.class.classLoader}", 'contract/expression-property', /the property class must not be read/],
    ["${T(java.lang.Runtime).getRuntime().exec('id')}", 'contract/expression-function', /T\(…\)：.*no function or static method/],
    ['${Runtime.getRuntime()}', 'contract/expression-method', /Runtime\.getRuntime\(…\)/],
    ["${execution['getProcessEngine']()}", 'contract/expression-method', /execution\.getProcessEngine\(…\)/],
    ['${execution[methodName]()}', 'contract/expression-method', /the method name must be a fixed name/],
    ['${lists.getClass()}', 'contract/expression-method', /lists has no method getClass for expressions/],
    ['${lists.class}', 'contract/expression-property', /the bean lists has no readable properties/],
    ["${fn:exec('rm')}", 'contract/expression-function', /fn:exec\(…\)/],
    ["${task.getProcessEngineServices().getIdentityService()}", 'contract/expression-method', /only the variable methods .* may be called on task/],
    ["${task.execution.getProcessEngine()}", 'contract/expression-method', /called on task\.execution/],
    ["${name.getBytes()}", 'contract/expression-method', /name\.getBytes\(…\)/],
    ["${execution.getVariable('x'}", 'contract/expression-syntax', /is not a valid JUEL expression/],
  ];

  it.each(HOSTILE)('%s is refused by %s', async (expression, rule, says) => {
    const problems = await problemsOf(diagramWith(expressionTask(expression)));
    const found = problems.filter((problem) => problem.rule === rule);
    expect(found, JSON.stringify(problems, null, 2)).not.toEqual([]);
    expect(found[0]).toMatchObject({ elementId: 'Task' });
    expect(found.map((problem) => problem.message).join('\n')).toMatch(says);
    for (const problem of problems) expect(problem.message).toMatch(BILINGUAL);
  });

  it('finds the expression wherever the engine evaluates one: listeners, inputs, conditions, names, loop collections, called elements', async () => {
    const hostile = "${''.getClass()}";
    const places = [
      `<bpmn:userTask id="Task" name="${attribute(hostile)}" camunda:candidateGroups="anwei-ban" camunda:formRef="patrol-entry-notice" camunda:formRefBinding="latest">${flows}</bpmn:userTask>`,
      `<bpmn:manualTask id="Task" name="审核"><bpmn:extensionElements><camunda:executionListener event="end" expression="${attribute(hostile)}" /></bpmn:extensionElements>${flows}</bpmn:manualTask>`,
      `<bpmn:manualTask id="Task" name="审核"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="x">${hostile}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>${flows}</bpmn:manualTask>`,
      `<bpmn:manualTask id="Task" name="审核"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="x"><camunda:map><camunda:entry key="k">${hostile}</camunda:entry></camunda:map></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>${flows}</bpmn:manualTask>`,
      `<bpmn:manualTask id="Task" name="审核"><bpmn:multiInstanceLoopCharacteristics camunda:collection="${attribute(hostile)}" camunda:elementVariable="item" />${flows}</bpmn:manualTask>`,
      `<bpmn:callActivity id="Task" name="调用" calledElement="${ProcessId.patrolEntry}"><bpmn:extensionElements><camunda:in businessKey="${attribute(hostile)}" /></bpmn:extensionElements>${flows}</bpmn:callActivity>`,
    ];
    for (const place of places) {
      const rules = (await problemsOf(diagramWith(place))).map((problem) => problem.rule);
      expect(rules, place).toContain('contract/expression-method');
    }
    const condition = (await problemsOf(
      diagramWith(expressionTask('${true}')).replace(
        '<bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End" />',
        `<bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${hostile}</bpmn:conditionExpression></bpmn:sequenceFlow>`,
      ),
    )).map((problem) => [problem.rule, problem.elementId]);
    expect(condition).toContainEqual(['contract/expression-method', 'Flow_2']);
  });

  it('lets through what the diagrams do: bean methods, variable methods and properties, value methods', async () => {
    const allowed = [
      "${execution.setVariable('units', lists.concat(execution.getVariable('units'), lists.of(maps.of('name', unitName))))}",
      "${collector.put(execution, 'results', maps.put(result, 'at', dates.plusDays(entryDate.substring(0, 10), dates.durationDays('P3D'))))}",
      "#{execution.processBusinessKey.concat('-').concat(execution.processInstanceId)}",
      "${task.setName(approvalStep.title)}${task.execution.setVariable('reviewedBy', task.assignee)}",
      "${supervisionYear.intValue() > 2025 && findings.size() > 0 && allowedDisposals.contains('transfer') && periodTo.compareTo(periodFrom) >= 0}",
      "${empty execution.getVariableLocal('x') ? lists.first(lists.where(targets, 'id', targetId)) : null}",
      "${execution.removeVariable('draft')}",
      "${deadline.dueAt}${findings[0].category}${units[loopCounter]}",
      '\\${not an expression} ${"quoted } brace"} text',
    ];
    for (const expression of allowed) expect(checkExpressionText(expression), expression).toEqual([]);
    expect(await problemsOf(diagramWith(expressionTask(allowed[0]!)))).toEqual([]);
  });
});

describe('the deploy check refuses scripts and Java named by the diagram', () => {
  const CASES: ReadonlyArray<[what: string, xml: string, rule: string, elementId: string]> = [
    ['a script task', diagramWith(`<bpmn:scriptTask id="Task" name="计算" scriptFormat="groovy"><bpmn:script>1</bpmn:script>${flows}</bpmn:scriptTask>`), 'contract/script', 'Task'],
    ['a script task in JUEL', diagramWith(`<bpmn:scriptTask id="Task" name="计算" scriptFormat="juel"><bpmn:script>\${1}</bpmn:script>${flows}</bpmn:scriptTask>`), 'contract/script', 'Task'],
    ['a script task from camunda:resource', diagramWith(`<bpmn:scriptTask id="Task" name="计算" scriptFormat="javascript" camunda:resource="deployment://x.js">${flows}</bpmn:scriptTask>`), 'contract/script', 'Task'],
    [
      'an execution listener with a script',
      diagramWith(`<bpmn:manualTask id="Task" name="审核"><bpmn:extensionElements><camunda:executionListener event="start"><camunda:script scriptFormat="javascript">java.lang.Runtime.getRuntime().exec('id')</camunda:script></camunda:executionListener></bpmn:extensionElements>${flows}</bpmn:manualTask>`),
      'contract/script',
      'Task',
    ],
    [
      'a task listener with a script resource',
      diagramWith(`<bpmn:userTask id="Task" name="审核" camunda:candidateGroups="anwei-ban" camunda:formRef="patrol-entry-notice" camunda:formRefBinding="latest"><bpmn:extensionElements><camunda:taskListener event="create"><camunda:script scriptFormat="groovy" resource="classpath://x.groovy" /></camunda:taskListener></bpmn:extensionElements>${flows}</bpmn:userTask>`),
      'contract/script',
      'Task',
    ],
    [
      'an input parameter with a script',
      diagramWith(`<bpmn:manualTask id="Task" name="审核"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="x"><camunda:script scriptFormat="groovy">1</camunda:script></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>${flows}</bpmn:manualTask>`),
      'contract/script',
      'Task',
    ],
    [
      'a completion condition in a script language',
      diagramWith(`<bpmn:manualTask id="Task" name="审核"><bpmn:multiInstanceLoopCharacteristics camunda:collection="\${targets}" camunda:elementVariable="t"><bpmn:completionCondition xsi:type="bpmn:tFormalExpression" language="javascript">true</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics>${flows}</bpmn:manualTask>`),
      'contract/script',
      'Task',
    ],
    [
      'an execution listener naming a class',
      diagramWith(`<bpmn:manualTask id="Task" name="审核"><bpmn:extensionElements><camunda:executionListener event="start" class="java.lang.Thread" /></bpmn:extensionElements>${flows}</bpmn:manualTask>`),
      'contract/java-class',
      'Task',
    ],
    [
      'a task listener with a delegate expression',
      diagramWith(`<bpmn:userTask id="Task" name="审核" camunda:candidateGroups="anwei-ban" camunda:formRef="patrol-entry-notice" camunda:formRefBinding="latest"><bpmn:extensionElements><camunda:taskListener event="create" delegateExpression="\${lists}" /></bpmn:extensionElements>${flows}</bpmn:userTask>`),
      'contract/java-class',
      'Task',
    ],
    [
      'a call activity mapping variables with a class',
      diagramWith(`<bpmn:callActivity id="Task" name="调用" calledElement="${ProcessId.patrolEntry}" camunda:variableMappingClass="org.example.Mapping">${flows}</bpmn:callActivity>`),
      'contract/java-class',
      'Task',
    ],
    ['a service task naming a class', diagramWith(`<bpmn:serviceTask id="Task" name="计算" camunda:class="java.lang.Thread">${flows}</bpmn:serviceTask>`), 'contract/job-type', 'Task'],
    ['a shell task', diagramWith(`<bpmn:serviceTask id="Task" name="执行" camunda:type="shell">${flows}</bpmn:serviceTask>`), 'contract/job-type', 'Task'],
  ];

  it.each(CASES)('%s', async (_what, xml, rule, elementId) => {
    const problems = await problemsOf(xml);
    expect(problems.map((problem) => [problem.rule, problem.elementId]), JSON.stringify(problems, null, 2)).toContainEqual([rule, elementId]);
    for (const problem of problems) expect(problem.message).toMatch(BILINGUAL);
  });
});

describe('the shipped diagrams under the sandbox', () => {
  let check: ResourceCheck;
  beforeAll(async () => {
    check = await checkResources();
  });

  /** Every string of the diagrams' model that holds an expression. */
  function expressionTexts(): string[] {
    const texts: string[] = [];
    const seen = new Set<unknown>();
    const visit = (value: unknown): void => {
      if (typeof value === 'string') {
        if (/[$#]\{/.test(value)) texts.push(value);
        return;
      }
      if (value === null || typeof value !== 'object' || seen.has(value)) return;
      seen.add(value);
      if (Array.isArray(value)) return value.forEach(visit);
      for (const [key, nested] of Object.entries(value as ModdleElement)) if (!key.startsWith('$') || key === '$attrs') visit(nested);
    };
    for (const diagram of check.diagrams) visit(diagram.definitions);
    return texts;
  }

  it('all parse, pass, and use exactly the allowlist (so the allowlist is no wider than the diagrams need)', () => {
    const texts = expressionTexts();
    const parts = texts.flatMap((text) => parseExpressions(text));
    expect(parts.length).toBeGreaterThan(1000);
    expect(parts.filter((part) => part.error !== undefined)).toEqual([]);
    expect(texts.flatMap((text) => checkExpressionText(text))).toEqual([]);
    expect(check.problems.filter((problem) => problem.rule.startsWith('contract/expression') || problem.rule === 'contract/java-class')).toEqual([]);

    const used = new Set(texts.flatMap((text) => expressionUses(text)));
    const scopeMethods = new Set([...used].filter((use) => /^call (execution|task|task\.execution)\./.test(use)).map((use) => use.replace(/^.*\./, '')));
    const scopeProperties = new Set([...used].filter((use) => /^property (execution|task|task\.execution)\./.test(use)).map((use) => use.replace(/^.*\./, '')));
    const valueMethods = new Set([...used].filter((use) => use.startsWith('call value.')).map((use) => use.slice('call value.'.length)));
    expect([...scopeMethods].sort()).toEqual([...EXPRESSION_ALLOWLIST.variableScope.methods].sort());
    expect([...scopeProperties].sort()).toEqual([...EXPRESSION_ALLOWLIST.variableScope.properties].sort());
    expect([...valueMethods].sort()).toEqual([...EXPRESSION_ALLOWLIST.values.methods].sort());
    expect([...used].filter((use) => use.startsWith('function '))).toEqual([]);
  });

  it("is the engine's allowlist (deploy/engine/src/main/resources/expression-allowlist.properties), list for list", () => {
    // The engine's copy, which cn.anquan.engine.sandbox enforces at run time.
    const properties = readFileSync(path.join(PROJECT_ROOT, 'deploy/engine/src/main/resources/expression-allowlist.properties'), 'utf8');
    const entries = new Map(
      properties
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
        .map((line) => {
          const [key, value = ''] = line.split('=', 2);
          return [key!.trim(), value.split(',').map((name) => name.trim()).filter(Boolean)] as const;
        }),
    );
    const beans = Object.fromEntries([...entries].filter(([key]) => key.startsWith('bean.')).map(([key, methods]) => [key.slice('bean.'.length), methods]));
    expect(beans).toEqual(EXPRESSION_ALLOWLIST.beans);
    expect(entries.get('variableScope.methods')).toEqual(EXPRESSION_ALLOWLIST.variableScope.methods);
    expect(entries.get('variableScope.properties')).toEqual(EXPRESSION_ALLOWLIST.variableScope.properties);
    expect(entries.get('values.methods')).toEqual(EXPRESSION_ALLOWLIST.values.methods);
  });

  it('the allowlist names every public method of the registered beans, and only those (deploy/engine/…/expression/)', () => {
    const sources: Record<string, string> = { lists: 'Lists.java', maps: 'Maps.java', dates: 'Dates.java', collector: 'Collector.java' };
    expect(Object.keys(EXPRESSION_ALLOWLIST.beans).sort()).toEqual(Object.keys(sources).sort());
    for (const [bean, source] of Object.entries(sources)) {
      const java = readFileSync(path.join(PROJECT_ROOT, 'deploy/engine/src/main/java/cn/anquan/engine/expression', source), 'utf8');
      expect(java).toContain(`@Component("${bean}")`);
      const publicMethods = [...java.matchAll(/^ {2}public (?!class)[\w<>?,\s[\]]+?\s(\w+)\(/gm)].map((match) => match[1]!);
      expect([...new Set(publicMethods)].sort(), bean).toEqual([...EXPRESSION_ALLOWLIST.beans[bean]!].sort());
    }
  });
});
