import path from 'node:path';
import type { ModdleElement } from 'bpmn-moddle';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ResourceCheck, checkResources } from '../../../deploy/check-resources.ts';
import { checkContract } from '../../../deploy/contract-check.ts';
import { lintDiagram } from '../../../deploy/lint.ts';
import { PROCESSES_DIR, parseDiagram, parseForm } from '../../../deploy/project-files.ts';
import { CAMUNDA_EXECUTION_PLATFORM, CAMUNDA_PLATFORM_VERSION, FormId, JobType, ProcessId, SignalName } from '../../../workers/contract.ts';
import { allWorkers, registeredJobTypes } from '../../../workers/registry.ts';

function elementsOfType(root: ModdleElement, type: string): ModdleElement[] {
  const found: ModdleElement[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    const element = value as ModdleElement;
    if (element.$type === type) found.push(element);
    for (const [key, nested] of Object.entries(element)) {
      if (!key.startsWith('$')) visit(nested);
    }
  };
  visit(root);
  return found;
}

describe('the diagrams and forms in processes/', () => {
  let check: ResourceCheck;
  beforeAll(async () => {
    check = await checkResources();
  });

  it('include the patrol entry process and its form', () => {
    expect(check.diagrams.map((diagram) => diagram.file)).toContain('processes/patrol-entry.bpmn');
    expect(check.forms.map((form) => form.formId)).toContain(FormId.patrolEntryNotice);
  });

  it('pass lint and the contract check without any problem, warnings included', () => {
    expect(check.problems).toEqual([]);
    expect(check.deployable).toBe(true);
  });

  it('use only job types that a registered worker serves', () => {
    const served = registeredJobTypes();
    const used = check.diagrams.flatMap((diagram) =>
      elementsOfType(diagram.definitions as ModdleElement, 'zeebe:TaskDefinition').map((definition) => String(definition.get('type'))),
    );
    expect(used).toContain(JobType.addWorkingDays);
    for (const jobType of used) expect(served, jobType).toContain(jobType);
  });

  it('link only forms that exist in processes/forms', () => {
    const formIds = new Set(check.forms.map((form) => form.formId));
    const linked = check.diagrams.flatMap((diagram) =>
      elementsOfType(diagram.definitions as ModdleElement, 'zeebe:FormDefinition').map((definition) => String(definition.get('formId'))),
    );
    expect(linked).toContain(FormId.patrolEntryNotice);
    for (const formId of linked) expect(formIds, formId).toContain(formId);
  });

  it('declare the target platform and document every flow element with its source', () => {
    for (const diagram of check.diagrams) {
      expect(diagram.xml).toContain('modeler:executionPlatform="Camunda Cloud"');
      const definitions = diagram.definitions as ModdleElement;
      for (const type of ['bpmn:StartEvent', 'bpmn:ServiceTask', 'bpmn:UserTask', 'bpmn:IntermediateCatchEvent', 'bpmn:EndEvent']) {
        for (const element of elementsOfType(definitions, type)) {
          const documentation = (element.get('documentation') as Array<{ text?: string }>).map((entry) => entry.text ?? '').join('');
          expect(documentation, `${diagram.file}#${element.id}`).toMatch(/(江西办法|盐城方案|湖南制度|固本强基意见|进贤方案)\S*[条(（]/);
        }
      }
    }
  });
});

const minimalDiagram = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_Test" targetNamespace="urn:test" modeler:executionPlatform="${CAMUNDA_EXECUTION_PLATFORM}" modeler:executionPlatformVersion="${CAMUNDA_PLATFORM_VERSION}">
  <bpmn:process id="${ProcessId.patrolEntry}" isExecutable="true">
    <bpmn:startEvent id="Start" name="开始"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    ${body}
    <bpmn:endEvent id="End" name="结束"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

const file = path.join(PROCESSES_DIR, 'under-test.bpmn');
const targetPlatform = { executionPlatform: CAMUNDA_EXECUTION_PLATFORM, executionPlatformVersion: CAMUNDA_PLATFORM_VERSION };
const form = parseForm(
  path.join(PROCESSES_DIR, 'forms/patrol-entry-notice.form'),
  JSON.stringify({ id: FormId.patrolEntryNotice, ...targetPlatform }),
);

describe('checkContract', () => {
  it('reports a job type without a worker, with file, element and rule', async () => {
    const diagram = await parseDiagram(
      file,
      minimalDiagram(`<bpmn:serviceTask id="Task" name="发函"><bpmn:extensionElements><zeebe:taskDefinition type="anquan.notify.send-letter" /></bpmn:extensionElements><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:serviceTask>`),
    );
    expect(checkContract([diagram], [form], registeredJobTypes(allWorkers))).toEqual([
      expect.objectContaining({ file: 'processes/under-test.bpmn', elementId: 'Task', rule: 'contract/job-type', severity: 'error' }),
    ]);
  });

  it('reports a form id that no form file defines', async () => {
    const diagram = await parseDiagram(
      file,
      minimalDiagram(`<bpmn:userTask id="Task" name="审核"><bpmn:extensionElements><zeebe:userTask /><zeebe:formDefinition formId="missing-form" /><zeebe:assignmentDefinition candidateGroups="anwei-ban" /></bpmn:extensionElements><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:userTask>`),
    );
    const problems = checkContract([diagram], [form], registeredJobTypes());
    expect(problems).toEqual([expect.objectContaining({ elementId: 'Task', rule: 'contract/form-id' })]);
    expect(problems[0]?.message).toContain('"missing-form"');
  });

  it('reports a user task without form or candidate group, and deadlines written into the diagram', async () => {
    const diagram = await parseDiagram(
      file,
      minimalDiagram(
        `<bpmn:userTask id="Task" name="审核"><bpmn:extensionElements><zeebe:userTask /><zeebe:taskSchedule dueDate="2026-10-13T18:00:00+08:00" /></bpmn:extensionElements><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:userTask>` +
          `<bpmn:boundaryEvent id="Overdue" attachedToRef="Task" cancelActivity="false"><bpmn:timerEventDefinition id="Overdue_Timer"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P5D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>` +
          `<bpmn:boundaryEvent id="Reminder" attachedToRef="Task" cancelActivity="false"><bpmn:timerEventDefinition id="Reminder_Timer"><bpmn:timeDate xsi:type="bpmn:tFormalExpression">=date and time("2026-10-12T09:00:00@Asia/Shanghai")</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>` +
          `<bpmn:boundaryEvent id="FromProfile" attachedToRef="Task" cancelActivity="false"><bpmn:timerEventDefinition id="FromProfile_Timer"><bpmn:timeDate xsi:type="bpmn:tFormalExpression">=reportDeadline.remindAt</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>`,
      ),
    );
    const problems = checkContract([diagram], [form], registeredJobTypes());
    const located = problems.map((problem) => [problem.rule, problem.elementId]);
    expect(located).toEqual(
      expect.arrayContaining([
        ['contract/user-task-form', 'Task'],
        ['contract/user-task-candidate-group', 'Task'],
        ['contract/literal-deadline', 'Task'],
        ['contract/literal-deadline', 'Overdue'],
        ['contract/literal-deadline', 'Reminder'],
      ]),
    );
    expect(located).not.toContainEqual(['contract/literal-deadline', 'FromProfile']);
  });

  it('reports unknown candidate groups, process ids and duplicate process ids', async () => {
    const xml = minimalDiagram(`<bpmn:userTask id="Task" name="审核"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="xuncha-zu, somebody" /></bpmn:extensionElements><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:userTask>`);
    const first = await parseDiagram(file, xml);
    const second = await parseDiagram(path.join(PROCESSES_DIR, 'copy.bpmn'), xml.replace(`id="${ProcessId.patrolEntry}"`, 'id="unknown-process"'));
    const duplicate = await parseDiagram(path.join(PROCESSES_DIR, 'duplicate.bpmn'), xml);
    const problems = checkContract([first, second, duplicate], [form], registeredJobTypes());
    expect(problems).toContainEqual(expect.objectContaining({ elementId: 'Task', rule: 'contract/candidate-group' }));
    expect(problems.find((problem) => problem.rule === 'contract/candidate-group')?.message).toContain('"somebody"');
    expect(problems).toContainEqual(expect.objectContaining({ file: 'processes/copy.bpmn', elementId: 'unknown-process', rule: 'contract/process-id' }));
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'processes/duplicate.bpmn', elementId: ProcessId.patrolEntry, rule: 'contract/duplicate-process-id' }),
    );
  });

  it('reports a signal the contract does not name, and accepts the 回头看 signals it does', async () => {
    const throwing = (signalName: string) =>
      minimalDiagram(`<bpmn:intermediateThrowEvent id="Task" name="回头看"><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing><bpmn:signalEventDefinition id="Task_Signal" signalRef="Signal_1" /></bpmn:intermediateThrowEvent>`).replace(
        '</bpmn:definitions>',
        `<bpmn:signal id="Signal_1" name="${signalName}" /></bpmn:definitions>`,
      );
    const unknown = await parseDiagram(file, throwing('anquan.follow-up.somewhere'));
    const problems = checkContract([unknown], [form], registeredJobTypes());
    expect(problems).toEqual([expect.objectContaining({ elementId: 'Signal_1', rule: 'contract/signal-name' })]);
    expect(problems[0]?.message).toContain('"anquan.follow-up.somewhere"');
    const known = await parseDiagram(file, throwing(SignalName.dailyInspectionFollowUp));
    expect(checkContract([known], [form], registeredJobTypes())).toEqual([]);
  });

  it('reports a form whose id the contract does not name, and broken form JSON', () => {
    const stray = parseForm(path.join(PROCESSES_DIR, 'forms/stray.form'), JSON.stringify({ id: 'stray', ...targetPlatform }));
    const broken = parseForm(path.join(PROCESSES_DIR, 'forms/broken.form'), '{');
    const rules = checkContract([], [stray, broken], registeredJobTypes()).map((problem) => problem.rule);
    expect(rules).toEqual(expect.arrayContaining(['contract/form-id', 'form-parse']));
  });

  it('warns when a resource declares another platform version than workers/contract.ts', async () => {
    const diagram = await parseDiagram(
      file,
      minimalDiagram(`<bpmn:task id="Task" name="办理"><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:task>`).replace(
        `modeler:executionPlatformVersion="${CAMUNDA_PLATFORM_VERSION}"`,
        'modeler:executionPlatformVersion="8.2.0"',
      ),
    );
    const oldForm = parseForm(path.join(PROCESSES_DIR, 'forms/patrol-entry-notice.form'), JSON.stringify({ id: FormId.patrolEntryNotice }));
    const problems = checkContract([diagram], [oldForm], registeredJobTypes());
    expect(problems).toEqual([
      expect.objectContaining({ file: 'processes/forms/patrol-entry-notice.form', rule: 'contract/platform-version', severity: 'warning' }),
      expect.objectContaining({ file: 'processes/under-test.bpmn', rule: 'contract/platform-version', severity: 'warning' }),
    ]);
    expect(problems[1]?.message).toContain('8.2.0');
  });
});

describe('lintDiagram', () => {
  it('reports a service task without a job type as a camunda-compat error', async () => {
    const diagram = await parseDiagram(
      file,
      minimalDiagram(`<bpmn:serviceTask id="Task" name="计算"><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:serviceTask>`),
    );
    const problems = await lintDiagram(diagram);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'processes/under-test.bpmn', elementId: 'Task', rule: 'camunda-compat/implementation', severity: 'error' }),
    );
  });

  it('reports a dangling element through bpmnlint:recommended', async () => {
    const diagram = await parseDiagram(
      file,
      minimalDiagram(
        `<bpmn:userTask id="Task" name="审核"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:userTask><bpmn:task id="Orphan" name="孤立" />`,
      ),
    );
    const problems = await lintDiagram(diagram);
    expect(problems).toContainEqual(expect.objectContaining({ elementId: 'Orphan', rule: 'no-disconnected' }));
  });

  it('leaves a diagram with broken references to its import problems instead of crashing rules', async () => {
    const diagram = await parseDiagram(
      file,
      minimalDiagram(`<bpmn:task id="Task" name="办理"><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing></bpmn:task>`).replace(
        'targetRef="End"',
        'targetRef="Nowhere"',
      ),
    );
    expect(diagram.problems).toContainEqual(expect.objectContaining({ rule: 'bpmn-import', severity: 'error' }));
    await expect(lintDiagram(diagram)).resolves.toEqual([]);
  });

  it('reports XML that does not parse', async () => {
    const diagram = await parseDiagram(file, '<bpmn:definitions');
    expect(diagram.problems).toEqual([expect.objectContaining({ rule: 'bpmn-parse', severity: 'error' })]);
  });
});
