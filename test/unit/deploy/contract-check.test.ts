import path from 'node:path';
import type { ModdleElement } from 'bpmn-moddle';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ResourceCheck, checkResources } from '../../../deploy/check-resources.ts';
import { checkContract } from '../../../deploy/contract-check.ts';
import { lintDiagram } from '../../../deploy/lint.ts';
import { PROCESSES_DIR, parseDiagram, parseForm } from '../../../deploy/project-files.ts';
import {
  EXECUTION_PLATFORM,
  EXECUTION_PLATFORM_VERSION,
  EscalationCode,
  FormId,
  HISTORY_TIME_TO_LIVE_DAYS,
  JobType,
  ProcessId,
  SignalName,
} from '../../../workers/contract.ts';
import { allWorkers, registeredJobTypes } from '../../../workers/registry.ts';

/** A message in Chinese and English: `中文 / English`. */
const BILINGUAL = /[\u4e00-\u9fff].*\/ .*[A-Za-z]{3}/s;

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

  it('name exactly the signals of SignalName, each one thrown or awaited by some signal event', () => {
    const declared = check.diagrams.flatMap((diagram) => elementsOfType(diagram.definitions as ModdleElement, 'bpmn:Signal').map((signal) => signal.get('name') as string));
    expect([...new Set(declared)].sort()).toEqual(Object.values(SignalName).sort());
    const referenced = check.diagrams.flatMap((diagram) =>
      elementsOfType(diagram.definitions as ModdleElement, 'bpmn:SignalEventDefinition').map((definition) => (definition.get('signalRef') as ModdleElement | undefined)?.get('name') as string | undefined),
    );
    expect(referenced).not.toContain(undefined);
    expect([...new Set(referenced)].sort()).toEqual(Object.values(SignalName).sort());
  });

  it('use only external-task topics that a registered worker serves', () => {
    const served = registeredJobTypes();
    const serviceTasks = check.diagrams.flatMap((diagram) => elementsOfType(diagram.definitions as ModdleElement, 'bpmn:ServiceTask'));
    const used = serviceTasks.map((task) => String(task.get('camunda:topic')));
    expect(used).toContain(JobType.addWorkingDays);
    for (const task of serviceTasks) expect(task.get('camunda:type'), task.id).toBe('external');
    for (const jobType of used) expect(served, jobType).toContain(jobType);
  });

  it('link only forms that exist in processes/forms', () => {
    const formIds = new Set(check.forms.map((form) => form.formId));
    const userTasks = check.diagrams.flatMap((diagram) => elementsOfType(diagram.definitions as ModdleElement, 'bpmn:UserTask'));
    const linked = userTasks.map((task) => String(task.get('camunda:formRef')));
    expect(linked).toContain(FormId.patrolEntryNotice);
    for (const formId of linked) expect(formIds, formId).toContain(formId);
  });

  it('declare the target platform, keep history for the contract time and document every flow element with its source', () => {
    for (const diagram of check.diagrams) {
      expect(diagram.xml).toContain(`modeler:executionPlatform="${EXECUTION_PLATFORM}"`);
      for (const process of elementsOfType(diagram.definitions as ModdleElement, 'bpmn:Process')) {
        expect(process.get('camunda:historyTimeToLive'), `${diagram.file}#${process.id}`).toBe(String(HISTORY_TIME_TO_LIVE_DAYS));
      }
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
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_Test" targetNamespace="urn:test" modeler:executionPlatform="${EXECUTION_PLATFORM}" modeler:executionPlatformVersion="${EXECUTION_PLATFORM_VERSION}">
  <bpmn:process id="${ProcessId.patrolEntry}" isExecutable="true" camunda:historyTimeToLive="${HISTORY_TIME_TO_LIVE_DAYS}">
    <bpmn:startEvent id="Start" name="开始"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    ${body}
    <bpmn:endEvent id="End" name="结束"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

const file = path.join(PROCESSES_DIR, 'under-test.bpmn');
const targetPlatform = { executionPlatform: EXECUTION_PLATFORM, executionPlatformVersion: EXECUTION_PLATFORM_VERSION };
const taskFlows = '<bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>';
/** A user task that passes every contract check; attributes replace or add to the defaults. */
const userTask = (attributes = '', inner = ''): string =>
  `<bpmn:userTask id="Task" name="审核" camunda:candidateGroups="anwei-ban" camunda:formRef="${FormId.patrolEntryNotice}" camunda:formRefBinding="latest" ${attributes}>${inner}${taskFlows}</bpmn:userTask>`;
const form = parseForm(
  path.join(PROCESSES_DIR, 'forms/patrol-entry-notice.form'),
  JSON.stringify({ id: FormId.patrolEntryNotice, ...targetPlatform }),
);

describe('checkContract', () => {
  it('passes an external task with a served topic and a complete user task', async () => {
    const diagram = await parseDiagram(
      file,
      minimalDiagram(
        userTask('camunda:dueDate="${reportDeadline.dueAt}" camunda:followUpDate="${reportDeadline.remindAt}"').replace(
          'id="Task"',
          'id="Review"',
        ).replace('<bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>', '') +
          `<bpmn:serviceTask id="Task" name="计算" camunda:type="external" camunda:topic="${JobType.addWorkingDays}"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="fromDate">\${planApprovedDate}</camunda:inputParameter><camunda:inputParameter name="recipients"><camunda:list><camunda:value>xuncha-zu</camunda:value></camunda:list></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>${taskFlows}</bpmn:serviceTask>`,
      ),
    );
    expect(diagram.problems).toEqual([]);
    expect(checkContract([diagram], [form], registeredJobTypes())).toEqual([]);
  });

  it('reports a topic without a worker, a service task that is no external task, and one without implementation', async () => {
    const task = (id: string, attributes: string, next: string) =>
      `<bpmn:serviceTask id="${id}" name="发函" ${attributes}><bpmn:incoming>Flow_${id}</bpmn:incoming><bpmn:outgoing>Flow_${next}</bpmn:outgoing></bpmn:serviceTask>`;
    const diagram = await parseDiagram(
      file,
      minimalDiagram(
        task('Task', 'camunda:type="external" camunda:topic="anquan.notify.send-letter"', '2') +
          task('Java', 'camunda:class="cn.anquan.SendLetter"', '2') +
          task('Bare', '', '2') +
          task('Expression', 'camunda:expression="${lists.join(recipients, \'、\')}"', '2'),
      ),
    );
    const problems = checkContract([diagram], [form], registeredJobTypes(allWorkers));
    const byElement = new Map(problems.map((problem) => [problem.elementId, problem]));
    expect(problems.map((problem) => problem.rule)).toEqual(['contract/job-type', 'contract/job-type', 'contract/job-type']);
    expect([...byElement.keys()].sort()).toEqual(['Bare', 'Java', 'Task']);
    expect(byElement.get('Task')).toMatchObject({ file: 'processes/under-test.bpmn', severity: 'error' });
    expect(byElement.get('Task')?.message).toContain('"anquan.notify.send-letter"');
    expect(byElement.get('Bare')?.message).toContain('camunda:type="external"');
  });

  it('reports a form id that no form file defines, a form linked by formKey and a binding that breaks on a partial deployment', async () => {
    const missing = await parseDiagram(file, minimalDiagram(userTask().replace(`camunda:formRef="${FormId.patrolEntryNotice}"`, 'camunda:formRef="missing-form"')));
    const problems = checkContract([missing], [form], registeredJobTypes());
    expect(problems).toEqual([expect.objectContaining({ elementId: 'Task', rule: 'contract/form-id' })]);
    expect(problems[0]?.message).toContain('"missing-form"');

    const byKey = await parseDiagram(
      file,
      minimalDiagram(userTask().replace(`camunda:formRef="${FormId.patrolEntryNotice}" camunda:formRefBinding="latest"`, 'camunda:formKey="camunda-forms:deployment:forms/x.form"')),
    );
    expect(checkContract([byKey], [form], registeredJobTypes()).map((problem) => problem.rule)).toEqual(['contract/user-task-form']);

    const deploymentBinding = await parseDiagram(file, minimalDiagram(userTask().replace('camunda:formRefBinding="latest"', 'camunda:formRefBinding="deployment"')));
    const binding = checkContract([deploymentBinding], [form], registeredJobTypes());
    expect(binding).toEqual([expect.objectContaining({ elementId: 'Task', rule: 'contract/form-ref-binding' })]);
    expect(binding[0]?.message).toMatch(BILINGUAL);
  });

  it('reports a user task without form or candidate group, and deadlines written into the diagram', async () => {
    const diagram = await parseDiagram(
      file,
      minimalDiagram(
        `<bpmn:userTask id="Task" name="审核" camunda:dueDate="2026-10-13T18:00:00+08:00">${taskFlows}</bpmn:userTask>` +
          `<bpmn:boundaryEvent id="Overdue" attachedToRef="Task" cancelActivity="false"><bpmn:timerEventDefinition id="Overdue_Timer"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P5D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>` +
          `<bpmn:boundaryEvent id="Reminder" attachedToRef="Task" cancelActivity="false"><bpmn:timerEventDefinition id="Reminder_Timer"><bpmn:timeDate xsi:type="bpmn:tFormalExpression">\${'2026-10-12T09:00:00+08:00'}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>` +
          `<bpmn:boundaryEvent id="FromProfile" attachedToRef="Task" cancelActivity="false"><bpmn:timerEventDefinition id="FromProfile_Timer"><bpmn:timeDate xsi:type="bpmn:tFormalExpression">\${reportDeadline.remindAt}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>`,
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
    for (const problem of problems) expect(problem.message).toMatch(BILINGUAL);
  });

  it('reports expected attachments of kinds the contract does not name', async () => {
    const properties = (required: string, optional: string) =>
      `<bpmn:extensionElements><camunda:properties><camunda:property name="anquan.attachments.required" value="${required}" /><camunda:property name="anquan.attachments.optional" value="${optional}" /></camunda:properties></bpmn:extensionElements>`;
    const good = await parseDiagram(file, minimalDiagram(userTask('', properties('检查记录', '现场照片、执法文书'))));
    expect(checkContract([good], [form], registeredJobTypes()).filter((problem) => problem.rule === 'contract/attachment-kind')).toEqual([]);
    const bad = await parseDiagram(file, minimalDiagram(userTask('', properties('检查笔录', ' '))));
    const problems = checkContract([bad], [form], registeredJobTypes()).filter((problem) => problem.rule === 'contract/attachment-kind');
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('"检查笔录" 未在 ATTACHMENT_KINDS 中登记'),
      expect.stringContaining('anquan.attachments.optional 未列出附件种类'),
    ]);
  });

  it('reports unknown candidate groups, process ids, duplicate process ids and a missing history time-to-live', async () => {
    const xml = minimalDiagram(userTask().replace('camunda:candidateGroups="anwei-ban"', 'camunda:candidateGroups="xuncha-zu, somebody"'));
    const first = await parseDiagram(file, xml);
    const second = await parseDiagram(
      path.join(PROCESSES_DIR, 'copy.bpmn'),
      xml.replace(`id="${ProcessId.patrolEntry}"`, 'id="unknown-process"').replace(/ camunda:historyTimeToLive="\d+"/, ''),
    );
    const duplicate = await parseDiagram(path.join(PROCESSES_DIR, 'duplicate.bpmn'), xml);
    const problems = checkContract([first, second, duplicate], [form], registeredJobTypes());
    expect(problems).toContainEqual(expect.objectContaining({ elementId: 'Task', rule: 'contract/candidate-group' }));
    expect(problems.find((problem) => problem.rule === 'contract/candidate-group')?.message).toContain('"somebody"');
    expect(problems).toContainEqual(expect.objectContaining({ file: 'processes/copy.bpmn', elementId: 'unknown-process', rule: 'contract/process-id' }));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'processes/copy.bpmn', elementId: 'unknown-process', rule: 'contract/history-time-to-live' }));
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'processes/duplicate.bpmn', elementId: ProcessId.patrolEntry, rule: 'contract/duplicate-process-id' }),
    );
  });

  it('names the file and element of another dialect: its namespace, extension elements and FEEL expressions', async () => {
    // Any namespace but BPMN's, the Camunda 7 extensions' and the modeler's, e.g. that of another engine's dialect.
    const foreignNamespace = 'http://example.org/schema/other-engine/1.0';
    const diagram = await parseDiagram(
      file,
      minimalDiagram(
        `<bpmn:serviceTask id="Task" name="发函" camunda:type="external" camunda:topic="${JobType.sendNotification}"><bpmn:extensionElements><other:taskDefinition type="${JobType.sendNotification}" /></bpmn:extensionElements>${taskFlows}</bpmn:serviceTask>`,
      )
        .replace('xmlns:camunda=', `xmlns:other="${foreignNamespace}" xmlns:camunda=`)
        .replace('<bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End" />', '<bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=approved</bpmn:conditionExpression></bpmn:sequenceFlow>')
        .replace('<bpmn:outgoing>Flow_1</bpmn:outgoing>', '<bpmn:outgoing>Flow_1</bpmn:outgoing><bpmn:extensionElements><camunda:inputOutput><camunda:outputParameter name="x">=y</camunda:outputParameter></camunda:inputOutput></bpmn:extensionElements>'),
    );
    const problems = checkContract([diagram], [form], registeredJobTypes());
    const located = problems.map((problem) => [problem.rule, problem.elementId ?? null]);
    expect(located).toEqual(
      expect.arrayContaining([
        ['contract/dialect', null],
        ['contract/dialect', 'Task'],
        ['contract/feel-expression', 'Flow_2'],
        ['contract/feel-expression', 'Start'],
      ]),
    );
    expect(problems.find((problem) => problem.rule === 'contract/dialect' && !problem.elementId)?.message).toContain(foreignNamespace);
    expect(problems.find((problem) => problem.elementId === 'Task')?.message).toContain('<other:taskDefinition>');
    expect(problems.find((problem) => problem.elementId === 'Flow_2')?.message).toContain('=approved');
    for (const problem of problems) expect(problem).toMatchObject({ file: 'processes/under-test.bpmn', severity: 'error' });
  });

  it('reports a condition that is no JUEL expression and a script task', async () => {
    const diagram = await parseDiagram(
      file,
      minimalDiagram(`<bpmn:scriptTask id="Task" name="计算" scriptFormat="javascript"><bpmn:script>1</bpmn:script>${taskFlows}</bpmn:scriptTask>`).replace(
        '<bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End" />',
        '<bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">approved</bpmn:conditionExpression></bpmn:sequenceFlow>',
      ),
    );
    const located = checkContract([diagram], [form], registeredJobTypes()).map((problem) => [problem.rule, problem.elementId]);
    expect(located).toHaveLength(2);
    expect(located).toEqual(
      expect.arrayContaining([
        ['contract/condition-expression', 'Flow_2'],
        ['contract/script', 'Task'],
      ]),
    );
  });

  it('reports a call activity whose process is not deployed', async () => {
    const diagram = await parseDiagram(
      file,
      minimalDiagram(`<bpmn:callActivity id="Task" name="整改" calledElement="nowhere">${taskFlows}</bpmn:callActivity>`),
    );
    expect(checkContract([diagram], [form], registeredJobTypes())).toEqual([expect.objectContaining({ elementId: 'Task', rule: 'contract/called-process' })]);
  });

  it('reports a signal the contract does not name, and accepts the 回头看 signals it does', async () => {
    const throwing = (signalName: string) =>
      minimalDiagram(`<bpmn:intermediateThrowEvent id="Task" name="回头看">${taskFlows}<bpmn:signalEventDefinition id="Task_Signal" signalRef="Signal_1" /></bpmn:intermediateThrowEvent>`).replace(
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

  it('reports a signal without a name and a signal event that references no declared signal', async () => {
    const event = (signalRef: string) =>
      `<bpmn:intermediateThrowEvent id="Task" name="回头看">${taskFlows}<bpmn:signalEventDefinition id="Task_Signal"${signalRef} /></bpmn:intermediateThrowEvent>`;
    const nameless = minimalDiagram(event(' signalRef="Signal_1"')).replace('</bpmn:definitions>', '<bpmn:signal id="Signal_1" /></bpmn:definitions>');
    const problems = checkContract([await parseDiagram(file, nameless)], [form], registeredJobTypes());
    expect(problems).toEqual([expect.objectContaining({ elementId: 'Signal_1', rule: 'contract/signal-name' })]);
    expect(problems[0]?.message).toMatch(BILINGUAL);
    for (const signalRef of ['', ' signalRef="Signal_missing"']) {
      const dangling = checkContract([await parseDiagram(file, minimalDiagram(event(signalRef)))], [form], registeredJobTypes());
      expect(dangling).toEqual([expect.objectContaining({ elementId: 'Task', rule: 'contract/signal-name' })]);
    }
  });

  it('reports an escalation code the contract does not name, and accepts the overdue codes it does', async () => {
    const raising = (escalationCode: string) =>
      minimalDiagram(`<bpmn:intermediateThrowEvent id="Task" name="提请督办决定">${taskFlows}<bpmn:escalationEventDefinition id="Task_Escalation" escalationRef="Escalation_1" /></bpmn:intermediateThrowEvent>`).replace(
        '</bpmn:definitions>',
        `<bpmn:escalation id="Escalation_1" name="逾期" escalationCode="${escalationCode}" /></bpmn:definitions>`,
      );
    const problems = checkContract([await parseDiagram(file, raising('LATE'))], [form], registeredJobTypes());
    expect(problems).toEqual([expect.objectContaining({ elementId: 'Escalation_1', rule: 'contract/escalation-code' })]);
    expect(problems[0]?.message).toMatch(BILINGUAL);
    // A known code thrown with nobody to catch it is reported as well: the engine would drop it.
    const uncaught = checkContract([await parseDiagram(file, raising(EscalationCode.patrolReportOverdue))], [form], registeredJobTypes());
    expect(uncaught).toEqual([expect.objectContaining({ elementId: 'Task', rule: 'contract/escalation-uncaught' })]);
    expect(uncaught[0]?.message).toMatch(BILINGUAL);
  });

  it('wants every overdue escalation caught in an enclosing scope, by a non-interrupting event', async () => {
    const phase = (cancelActivity: boolean) =>
      minimalDiagram(
        `<bpmn:subProcess id="Task" name="巡查报告">${taskFlows}
          <bpmn:startEvent id="PhaseStart" name="开始"><bpmn:outgoing>Flow_P1</bpmn:outgoing></bpmn:startEvent>
          <bpmn:endEvent id="RaiseOverdue" name="提请督办决定"><bpmn:incoming>Flow_P1</bpmn:incoming><bpmn:escalationEventDefinition id="RaiseOverdue_Escalation" escalationRef="Escalation_1" /></bpmn:endEvent>
          <bpmn:sequenceFlow id="Flow_P1" sourceRef="PhaseStart" targetRef="RaiseOverdue" />
        </bpmn:subProcess>
        <bpmn:boundaryEvent id="Phase_Overdue" name="逾期" cancelActivity="${cancelActivity}" attachedToRef="Task"><bpmn:outgoing>Flow_E</bpmn:outgoing><bpmn:escalationEventDefinition id="Phase_Overdue_Escalation" escalationRef="Escalation_1" /></bpmn:boundaryEvent>
        <bpmn:endEvent id="Escalated" name="已提请"><bpmn:incoming>Flow_E</bpmn:incoming></bpmn:endEvent>
        <bpmn:sequenceFlow id="Flow_E" sourceRef="Phase_Overdue" targetRef="Escalated" />`,
      ).replace('</bpmn:definitions>', `<bpmn:escalation id="Escalation_1" name="逾期" escalationCode="${EscalationCode.patrolReportOverdue}" /></bpmn:definitions>`);
    expect(checkContract([await parseDiagram(file, phase(false))], [form], registeredJobTypes())).toEqual([]);
    const interrupting = checkContract([await parseDiagram(file, phase(true))], [form], registeredJobTypes());
    expect(interrupting).toEqual([expect.objectContaining({ elementId: 'Phase_Overdue', rule: 'contract/escalation-interrupting' })]);
    expect(interrupting[0]?.message).toMatch(BILINGUAL);
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
      minimalDiagram(`<bpmn:task id="Task" name="办理">${taskFlows}</bpmn:task>`).replace(
        `modeler:executionPlatformVersion="${EXECUTION_PLATFORM_VERSION}"`,
        'modeler:executionPlatformVersion="7.19.0"',
      ),
    );
    const oldForm = parseForm(path.join(PROCESSES_DIR, 'forms/patrol-entry-notice.form'), JSON.stringify({ id: FormId.patrolEntryNotice }));
    const problems = checkContract([diagram], [oldForm], registeredJobTypes());
    expect(problems).toEqual([
      expect.objectContaining({ file: 'processes/forms/patrol-entry-notice.form', rule: 'contract/platform-version', severity: 'warning' }),
      expect.objectContaining({ file: 'processes/under-test.bpmn', rule: 'contract/platform-version', severity: 'warning' }),
    ]);
    expect(problems[1]?.message).toContain('7.19.0');
  });
});

describe('lintDiagram', () => {
  it('runs the camunda-platform-7-24 rules: a process without history time-to-live is reported', async () => {
    const diagram = await parseDiagram(
      file,
      minimalDiagram(`<bpmn:task id="Task" name="办理">${taskFlows}</bpmn:task>`).replace(/ camunda:historyTimeToLive="\d+"/, ''),
    );
    const problems = await lintDiagram(diagram);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'processes/under-test.bpmn', elementId: ProcessId.patrolEntry, rule: 'camunda-compat/history-time-to-live' }),
    );
  });

  it('reports a dangling element through bpmnlint:recommended', async () => {
    const diagram = await parseDiagram(file, minimalDiagram(`${userTask()}<bpmn:task id="Orphan" name="孤立" />`));
    const problems = await lintDiagram(diagram);
    expect(problems).toContainEqual(expect.objectContaining({ elementId: 'Orphan', rule: 'no-disconnected' }));
  });

  it('leaves a diagram with broken references to its import problems instead of crashing rules', async () => {
    const diagram = await parseDiagram(
      file,
      minimalDiagram(`<bpmn:task id="Task" name="办理">${taskFlows}</bpmn:task>`).replace('targetRef="End"', 'targetRef="Nowhere"'),
    );
    expect(diagram.problems).toContainEqual(expect.objectContaining({ rule: 'bpmn-import', severity: 'error' }));
    await expect(lintDiagram(diagram)).resolves.toEqual([]);
  });

  it('reports XML that does not parse', async () => {
    const diagram = await parseDiagram(file, '<bpmn:definitions');
    expect(diagram.problems).toEqual([expect.objectContaining({ rule: 'bpmn-parse', severity: 'error' })]);
  });
});
