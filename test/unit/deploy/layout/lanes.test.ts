import type { ModdleElement } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { ROLE_LANE_NAMES, checkDiagramLayout } from '../../../../deploy/diagram-layout.ts';
import { EXPRESSION_LANE_NAME } from '../../../../deploy/layout/lanes.ts';
import { layoutBpmn } from '../../../../deploy/layout/layout.ts';
import { createBpmnModdle } from '../../../../deploy/project-files.ts';
import { CandidateGroup } from '../../../../workers/contract.ts';

const flow = (id: string, source: string, target: string, name = ''): string =>
  `<bpmn:sequenceFlow id="${id}" ${name ? `name="${name}" ` : ''}sourceRef="${source}" targetRef="${target}" />`;

/** 安委办 drafts, 领导小组 reviews (reject loops back), an approver by expression signs; a reminder on the draft; a sub-process by the 巡查组. */
const FIXTURE = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_fixture" targetNamespace="urn:test">
  <bpmn:process id="fixture" name="测试流程" isExecutable="true">
    <bpmn:documentation>测试</bpmn:documentation>
    <bpmn:startEvent id="Start" name="开始" />
    <bpmn:userTask id="Draft" name="拟定方案" camunda:candidateGroups="${CandidateGroup.safetyCommitteeOffice}" />
    <bpmn:boundaryEvent id="Draft_Reminder" name="期限前提醒" cancelActivity="false" attachedToRef="Draft"><bpmn:timerEventDefinition><bpmn:timeDate>\${remindAt}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:serviceTask id="SendReminder" name="发送提醒" camunda:type="external" camunda:topic="t" />
    <bpmn:endEvent id="Reminded" name="已提醒" />
    <bpmn:userTask id="Review" name="领导小组审定" camunda:candidateGroups="${CandidateGroup.leadingGroup}" />
    <bpmn:exclusiveGateway id="Approved" name="通过？" />
    <bpmn:userTask id="Sign" name="审批" camunda:candidateGroups="\${approvalStep.group}" />
    <bpmn:subProcess id="Inspect" name="现场巡查">
      <bpmn:startEvent id="InspectStart" />
      <bpmn:userTask id="Visit" name="走访" camunda:candidateGroups="${CandidateGroup.patrolTeam}" />
      <bpmn:endEvent id="InspectEnd" />
      ${flow('Flow_InspectStart_Visit', 'InspectStart', 'Visit')}
      ${flow('Flow_Visit_InspectEnd', 'Visit', 'InspectEnd')}
    </bpmn:subProcess>
    <bpmn:endEvent id="End" name="结束" />
    ${flow('Flow_Start_Draft', 'Start', 'Draft')}
    ${flow('Flow_Draft_Review', 'Draft', 'Review')}
    ${flow('Flow_Review_Approved', 'Review', 'Approved')}
    ${flow('Flow_Approved_Draft', 'Approved', 'Draft', '退回')}
    ${flow('Flow_Approved_Sign', 'Approved', 'Sign', '通过')}
    ${flow('Flow_Sign_Inspect', 'Sign', 'Inspect')}
    ${flow('Flow_Inspect_End', 'Inspect', 'End')}
    ${flow('Flow_Reminder_Send', 'Draft_Reminder', 'SendReminder')}
    ${flow('Flow_Send_Reminded', 'SendReminder', 'Reminded')}
  </bpmn:process>
</bpmn:definitions>
`;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function laidOut(): Promise<{ xml: string; definitions: ModdleElement; bounds: Map<string, Box>; waypoints: Map<string, Array<{ x: number; y: number }>> }> {
  const { xml } = await layoutBpmn(FIXTURE);
  const parsed = await createBpmnModdle().fromXML(xml);
  expect(parsed.warnings).toEqual([]);
  const bounds = new Map<string, Box>();
  const waypoints = new Map<string, Array<{ x: number; y: number }>>();
  const plane = ((parsed.rootElement.get('diagrams') as ModdleElement[])[0] as ModdleElement).get('plane') as ModdleElement;
  for (const item of plane.get('planeElement') as ModdleElement[]) {
    const id = (item.get('bpmnElement') as ModdleElement).id as string;
    if (item.$type === 'bpmndi:BPMNShape') bounds.set(id, item.get('bounds') as Box);
    else waypoints.set(id, (item.get('waypoint') as ModdleElement[]).map((point) => ({ x: Number(point.get('x')), y: Number(point.get('y')) })));
  }
  return { xml, definitions: parsed.rootElement, bounds, waypoints };
}

describe('the layout of a process without lanes', () => {
  it('adds a pool named after the process and one lane per role, the expression’s lane included', async () => {
    const { definitions } = await laidOut();
    const roots = definitions.get('rootElements') as ModdleElement[];
    const collaboration = roots.find((root) => root.$type === 'bpmn:Collaboration') as ModdleElement;
    const [participant] = collaboration.get('participants') as ModdleElement[];
    expect(participant?.name).toBe('测试流程');
    const process = roots.find((root) => root.$type === 'bpmn:Process') as ModdleElement;
    const lanes = ((process.get('laneSets') as ModdleElement[])[0] as ModdleElement).get('lanes') as ModdleElement[];
    const members = Object.fromEntries(lanes.map((lane) => [lane.name, (lane.get('flowNodeRef') as ModdleElement[]).map((node) => node.id)]));
    expect(members).toEqual({
      [ROLE_LANE_NAMES[CandidateGroup.safetyCommitteeOffice]]: ['Start', 'Draft', 'Draft_Reminder', 'SendReminder', 'Reminded'],
      [ROLE_LANE_NAMES[CandidateGroup.leadingGroup]]: ['Review', 'Approved'],
      [EXPRESSION_LANE_NAME]: ['Sign'],
      [ROLE_LANE_NAMES[CandidateGroup.patrolTeam]]: ['Inspect', 'End'],
    });
    expect(checkDiagramLayout(definitions)).toEqual([]);
  });

  it('puts the main path left to right, the reminder below its task, the reject loop around the shapes, the sub-process collapsed', async () => {
    const { xml, bounds, waypoints } = await laidOut();
    const box = (id: string): Box => bounds.get(id) as Box;
    // Left to right; a hand-over to another lane may go straight up or down.
    const centres = ['Start', 'Draft', 'Review', 'Approved', 'Sign', 'Inspect', 'End'].map((id) => box(id).x + box(id).width / 2);
    expect([...centres].sort((a, b) => a - b)).toEqual(centres);
    expect(box('End').x).toBeGreaterThan(box('Start').x + 300);
    expect(box('SendReminder').y).toBeGreaterThanOrEqual(box('Draft').y + box('Draft').height);
    expect(box('Draft_Reminder').y + box('Draft_Reminder').height / 2).toBe(box('Draft').y + box('Draft').height);
    // The loop leaves the gateway upwards or downwards, bends round and comes back into the task at a border.
    const loop = waypoints.get('Flow_Approved_Draft') as Array<{ x: number; y: number }>;
    const [first, last] = [loop[0], loop[loop.length - 1]] as [{ x: number; y: number }, { x: number; y: number }];
    expect([box('Approved').y, box('Approved').y + box('Approved').height]).toContain(first.y);
    expect(loop.length).toBeGreaterThanOrEqual(3);
    const draft = box('Draft');
    const onBorder = [draft.x, draft.x + draft.width].includes(last.x) || [draft.y, draft.y + draft.height].includes(last.y);
    expect(onBorder).toBe(true);
    // The sub-process is a box on this plane; its inside is on a drill-down plane with a lane of its own.
    expect(box('Inspect')).toMatchObject({ width: 100, height: 80 });
    expect(xml).not.toMatch(/bpmnElement="Inspect" isExpanded="true"/);
    expect(bounds.has('Visit')).toBe(false);
    // The name of a flow is drawn: a label next to it.
    expect(xml).toMatch(/bpmnElement="Flow_Approved_Sign">[\s\S]*?<bpmndi:BPMNLabel>/);
  });

  it('draws the inside of the sub-process on a drill-down plane, in a lane of the role it holds', async () => {
    const { xml, definitions } = await laidOut();
    const diagrams = definitions.get('diagrams') as ModdleElement[];
    expect(diagrams).toHaveLength(2);
    const plane = (diagrams[1] as ModdleElement).get('plane') as ModdleElement;
    expect((plane.get('bpmnElement') as ModdleElement).id).toBe('Inspect');
    const drawn = new Map<string, Box>();
    for (const item of plane.get('planeElement') as ModdleElement[]) {
      if (item.$type === 'bpmndi:BPMNShape') drawn.set((item.get('bpmnElement') as ModdleElement).id as string, item.get('bounds') as Box);
    }
    expect([...drawn.keys()].sort()).toEqual(['InspectEnd', 'InspectStart', 'Lane_Inspect_xuncha-zu', 'Visit']);
    const lane = drawn.get('Lane_Inspect_xuncha-zu') as Box;
    const visit = drawn.get('Visit') as Box;
    expect(visit.x).toBeGreaterThan(lane.x);
    expect(visit.y + visit.height).toBeLessThan(lane.y + lane.height);
    // The laneSet goes into the sub-process, where the schema wants it: before its flow elements.
    expect(xml).toMatch(/<bpmn:subProcess id="Inspect" name="现场巡查">\s*<bpmn:laneSet id="LaneSet_Inspect">\s*<bpmn:lane id="Lane_Inspect_xuncha-zu" name="巡查组">/);
    expect(checkDiagramLayout(definitions)).toEqual([]);
    // A second run keeps the laneSet it wrote and draws the same.
    expect((await layoutBpmn(xml)).xml).toBe(xml);
  });
});
