import path from 'node:path';
import type { ModdleElement } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import {
  type LayoutProblem,
  MODELER_CANVAS_AT_1440x900,
  READABLE_ZOOM,
  ROLE_LANE_NAMES,
  checkDiagramLayout,
  fitZoom,
  layoutWarnings,
} from '../../../deploy/diagram-layout.ts';
import { PROCESSES_DIR, findDiagramFiles, parseDiagram, readDiagram } from '../../../deploy/project-files.ts';
import { CandidateGroup } from '../../../workers/contract.ts';

/** A message in Chinese and English: `中文 / English`. */
const BILINGUAL = /[\u4e00-\u9fff].* \/ .*[A-Za-z]{3}/s;

/** A diagram of one process: `process` is the semantic part, `di` the plane's shapes and edges. */
function diagram(process: string, di: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_fixture" targetNamespace="urn:test">
  <bpmn:process id="fixture" isExecutable="true">
${process}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_fixture">
    <bpmndi:BPMNPlane id="BPMNPlane_fixture" bpmnElement="fixture">
${di}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

function shape(id: string, x: number, y: number, width: number, height: number, extra = ''): string {
  return `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"${extra}><dc:Bounds x="${x}" y="${y}" width="${width}" height="${height}" /></bpmndi:BPMNShape>`;
}

function edge(id: string, ...points: Array<[number, number]>): string {
  return `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}">${points.map(([x, y]) => `<di:waypoint x="${x}" y="${y}" />`).join('')}</bpmndi:BPMNEdge>`;
}

function flow(id: string, source: string, target: string): string {
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`;
}

async function layoutProblems(xml: string): Promise<LayoutProblem[]> {
  const parsed = await parseDiagram(path.join(PROCESSES_DIR, 'fixture.bpmn'), xml);
  expect(parsed.problems).toEqual([]);
  return checkDiagramLayout(parsed.definitions as ModdleElement);
}

function summary(problems: readonly LayoutProblem[]): string[] {
  return problems.map((problem) => `${problem.rule} ${problem.elementIds.join(' ')}`);
}

/** Start → task (with a timer on its lower border, leading to a second end below) → end, all on one line. */
const CLEAN_PROCESS = `
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Task" name="审核" camunda:candidateGroups="anwei-ban" />
    <bpmn:boundaryEvent id="Task_Reminder" attachedToRef="Task" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:exclusiveGateway id="Decide" />
    <bpmn:endEvent id="End" />
    <bpmn:endEvent id="Reminded" />
    ${flow('Flow_Start_Task', 'Start', 'Task')}
    ${flow('Flow_Task_Decide', 'Task', 'Decide')}
    ${flow('Flow_Decide_End', 'Decide', 'End')}
    ${flow('Flow_Reminder_Reminded', 'Task_Reminder', 'Reminded')}`;
const CLEAN_DI = [
  shape('Start', 100, 102, 36, 36),
  shape('Task', 200, 80, 100, 80),
  shape('Task_Reminder', 232, 142, 36, 36),
  shape('Decide', 360, 95, 50, 50, ' isMarkerVisible="true"'),
  shape('End', 470, 102, 36, 36),
  shape('Reminded', 232, 240, 36, 36),
  edge('Flow_Start_Task', [136, 120], [200, 120]),
  edge('Flow_Task_Decide', [300, 120], [360, 120]),
  edge('Flow_Decide_End', [410, 120], [470, 120]),
  edge('Flow_Reminder_Reminded', [250, 178], [250, 240]),
].join('\n');

describe('diagram layout checks', () => {
  it('find nothing in a clean diagram: a boundary event on its host, touching neighbours, a flow docking at its ends', async () => {
    expect(await layoutProblems(diagram(CLEAN_PROCESS, CLEAN_DI))).toEqual([]);
  });

  it('report two overlapping shapes, and a boundary event over a shape that is not its host', async () => {
    const process = `
      <bpmn:userTask id="A" />
      <bpmn:userTask id="B" />
      <bpmn:userTask id="C" />
      <bpmn:serviceTask id="D" camunda:type="external" camunda:topic="t" />
      <bpmn:boundaryEvent id="C_Timer" attachedToRef="C"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;
    const di = [
      shape('A', 100, 100, 100, 80),
      shape('B', 150, 150, 100, 80),
      shape('C', 400, 100, 100, 80),
      // Touches C's right border: not an overlap.
      shape('D', 500, 100, 100, 80),
      // On C's lower border, but also over D.
      shape('C_Timer', 482, 162, 36, 36),
    ].join('\n');
    const problems = await layoutProblems(diagram(process, di));
    expect(summary(problems)).toEqual(['layout/overlap A B', 'layout/overlap D C_Timer']);
    for (const problem of problems) expect(problem.message).toMatch(BILINGUAL);
  });

  it('ignore labels', async () => {
    const di = CLEAN_DI.replace(
      '<dc:Bounds x="470" y="102" width="36" height="36" /></bpmndi:BPMNShape>',
      '<dc:Bounds x="470" y="102" width="36" height="36" /><bpmndi:BPMNLabel><dc:Bounds x="200" y="90" width="200" height="40" /></bpmndi:BPMNLabel></bpmndi:BPMNShape>',
    );
    expect(di).toContain('BPMNLabel');
    expect(await layoutProblems(diagram(CLEAN_PROCESS, di))).toEqual([]);
  });

  it('accept shapes inside an expanded sub-process and report one that sticks out of it', async () => {
    const process = `
      <bpmn:subProcess id="Sub">
        <bpmn:startEvent id="SubStart" />
        <bpmn:userTask id="Inside" />
        <bpmn:userTask id="Outside" />
        ${flow('Flow_SubStart_Inside', 'SubStart', 'Inside')}
      </bpmn:subProcess>`;
    const di = [
      shape('Sub', 100, 100, 400, 200, ' isExpanded="true"'),
      shape('SubStart', 130, 182, 36, 36),
      shape('Inside', 220, 160, 100, 80),
      shape('Outside', 450, 160, 100, 80),
      edge('Flow_SubStart_Inside', [166, 200], [220, 200]),
    ].join('\n');
    expect(summary(await layoutProblems(diagram(process, di)))).toEqual(['layout/outside-sub-process Outside Sub']);
  });

  it('compare the inside of a collapsed sub-process only with itself, as the modeler drills down into it', async () => {
    const process = `
      <bpmn:startEvent id="Start" />
      <bpmn:subProcess id="Sub">
        <bpmn:startEvent id="SubStart" />
        <bpmn:userTask id="SubTask" />
        <bpmn:userTask id="SubTaskOverlapping" />
      </bpmn:subProcess>`;
    // Drawn on the parent's plane as older modelers did: SubStart lies on Start.
    const di = [
      shape('Start', 100, 100, 36, 36),
      shape('Sub', 200, 80, 100, 80),
      shape('SubStart', 100, 100, 36, 36),
      shape('SubTask', 200, 80, 100, 80),
      shape('SubTaskOverlapping', 250, 100, 100, 80),
    ].join('\n');
    expect(summary(await layoutProblems(diagram(process, di)))).toEqual(['layout/overlap SubTask SubTaskOverlapping']);
  });

  it('report a sequence flow through a shape other than its ends, and not one that goes around it', async () => {
    const process = `
      <bpmn:startEvent id="Start" />
      <bpmn:userTask id="Middle" />
      <bpmn:exclusiveGateway id="Gateway" />
      <bpmn:endEvent id="End" />
      <bpmn:endEvent id="Other" />
      ${flow('Flow_Through', 'Start', 'End')}
      ${flow('Flow_Around', 'Start', 'Other')}
      ${flow('Flow_PastCorner', 'Middle', 'Other')}`;
    const di = [
      shape('Start', 100, 102, 36, 36),
      shape('Middle', 200, 80, 100, 80),
      // A diamond: its bounding box's corner is not the gateway.
      shape('Gateway', 400, 300, 50, 50),
      shape('End', 500, 102, 36, 36),
      shape('Other', 500, 402, 36, 36),
      edge('Flow_Through', [136, 120], [500, 120]),
      edge('Flow_Around', [118, 138], [118, 420], [500, 420]),
      edge('Flow_PastCorner', [250, 160], [250, 250], [445, 250], [445, 305], [500, 360], [518, 402]),
    ].join('\n');
    const problems = await layoutProblems(diagram(process, di));
    expect(summary(problems)).toEqual(['layout/flow-crosses-shape Flow_Through Middle']);
    expect(problems[0]?.message).toMatch(BILINGUAL);
  });

  it('let a flow leave a boundary event across its host, but not cross back through the host', async () => {
    const process = `
      <bpmn:userTask id="Task" />
      <bpmn:boundaryEvent id="Task_Timer" attachedToRef="Task"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:endEvent id="Below" />
      <bpmn:endEvent id="Above" />
      ${flow('Flow_Timer_Below', 'Task_Timer', 'Below')}
      ${flow('Flow_Timer_Above', 'Task_Timer', 'Above')}`;
    const di = [
      shape('Task', 200, 80, 100, 80),
      shape('Task_Timer', 232, 142, 36, 36),
      shape('Below', 232, 240, 36, 36),
      shape('Above', 232, 0, 36, 36),
      // Starts inside the host, within the event.
      edge('Flow_Timer_Below', [250, 155], [250, 240]),
      edge('Flow_Timer_Above', [250, 142], [250, 36]),
    ].join('\n');
    expect(summary(await layoutProblems(diagram(process, di)))).toEqual(['layout/flow-crosses-shape Flow_Timer_Above Task']);
  });

  describe('readability at fit-to-screen', () => {
    /** A second diagram: the drill-down plane of sub-process `Sub`. */
    const withDrillDown = (xml: string, di: string): string =>
      xml.replace('</bpmn:definitions>', `  <bpmndi:BPMNDiagram id="BPMNDiagram_Sub"><bpmndi:BPMNPlane id="BPMNPlane_Sub" bpmnElement="Sub">${di}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>\n</bpmn:definitions>`);
    const process = `
      <bpmn:startEvent id="Start" />
      <bpmn:subProcess id="Sub" name="现场巡查">
        <bpmn:userTask id="Visit" name="走访" />
        <bpmn:userTask id="Talk" name="谈话" />
      </bpmn:subProcess>`;
    const limit = MODELER_CANVAS_AT_1440x900.width / READABLE_ZOOM;

    it('measure what the modeler fits: the larger of width and height against its canvas, never zooming in', () => {
      expect(fitZoom({ width: 100, height: 100 })).toBe(1);
      expect(fitZoom({ width: 2 * MODELER_CANVAS_AT_1440x900.width, height: 100 })).toBe(0.5);
      expect(fitZoom({ width: 100, height: 4 * MODELER_CANVAS_AT_1440x900.height })).toBe(0.25);
    });

    it('report a plane wider than the modeler can show readably, labels included, and measure each drill-down plane by itself', async () => {
      const small = [shape('Start', 100, 100, 36, 36), shape('Sub', 200, 80, 100, 80)].join('\n');
      const inside = (right: number) => [shape('Visit', 100, 100, 100, 80), shape('Talk', right - 100, 100, 100, 80)].join('');
      expect(await layoutProblems(withDrillDown(diagram(process, small), inside(900)))).toEqual([]);
      // A label far to the right widens the plane as much as a shape does.
      const labelled = `<bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /><bpmndi:BPMNLabel><dc:Bounds x="${100 + limit}" y="140" width="60" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNShape>`;
      const wide = summary(await layoutProblems(withDrillDown(diagram(process, [labelled, shape('Sub', 200, 80, 100, 80)].join('\n')), inside(900))));
      expect(wide).toEqual(['layout/unreadable fixture']);
      const problems = await layoutProblems(withDrillDown(diagram(process, small), inside(200 + limit)));
      expect(summary(problems)).toEqual(['layout/unreadable Sub']);
      expect(problems[0]?.message).toMatch(BILINGUAL);
      expect(problems[0]?.message).toContain(`${READABLE_ZOOM}`);
    });
  });

  describe('with lanes', () => {
    const laneSet = (lanes: ReadonlyArray<[id: string, name: string, nodes: readonly string[]]>): string =>
      `<bpmn:laneSet id="LaneSet">${lanes
        .map(([id, name, nodes]) => `<bpmn:lane id="${id}" name="${name}">${nodes.map((node) => `<bpmn:flowNodeRef>${node}</bpmn:flowNodeRef>`).join('')}</bpmn:lane>`)
        .join('')}</bpmn:laneSet>`;
    const collaboration = (xml: string): string =>
      xml
        .replace('<bpmn:process id="fixture"', '<bpmn:collaboration id="Collaboration"><bpmn:participant id="Pool" processRef="fixture" /></bpmn:collaboration>\n  <bpmn:process id="fixture"')
        .replace('bpmnElement="fixture"', 'bpmnElement="Collaboration"');
    const laneShapes = [shape('Pool', 50, 0, 700, 400, ' isHorizontal="true"'), shape('Lane_Office', 80, 0, 670, 200, ' isHorizontal="true"'), shape('Lane_Team', 80, 200, 670, 200, ' isHorizontal="true"')];
    const process = (lanes: string) => `
      ${lanes}
      <bpmn:startEvent id="Start" />
      <bpmn:userTask id="Review" name="审核" camunda:candidateGroups="anwei-ban" />
      <bpmn:boundaryEvent id="Review_Reminder" attachedToRef="Review" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:userTask id="Inspect" name="巡查" camunda:candidateGroups="xuncha-zu" />
      <bpmn:userTask id="Assigned" name="指定" camunda:candidateGroups="\${assignee}" />
      <bpmn:endEvent id="End" />
      ${flow('Flow_Start_Review', 'Start', 'Review')}
      ${flow('Flow_Review_Inspect', 'Review', 'Inspect')}
      ${flow('Flow_Inspect_Assigned', 'Inspect', 'Assigned')}
      ${flow('Flow_Assigned_End', 'Assigned', 'End')}`;
    const nodeShapes = (inspectY: number) => [
      shape('Start', 120, 82, 36, 36),
      shape('Review', 200, 60, 100, 80),
      // On Review's lower border, at the lane's edge is fine as long as its centre is in the lane.
      shape('Review_Reminder', 232, 122, 36, 36),
      shape('Inspect', 350, inspectY, 100, 80),
      shape('Assigned', 500, 260, 100, 80),
      shape('End', 650, 282, 36, 36),
      edge('Flow_Start_Review', [156, 100], [200, 100]),
      edge('Flow_Review_Inspect', [300, 100], [325, 100], [325, inspectY + 40], [350, inspectY + 40]),
      edge('Flow_Inspect_Assigned', [450, inspectY + 40], [475, inspectY + 40], [475, 300], [500, 300]),
      edge('Flow_Assigned_End', [600, 300], [650, 300]),
    ];
    const lanedDiagram = (lanes: string, inspectY = 260): string =>
      collaboration(diagram(process(lanes), [...laneShapes, ...nodeShapes(inspectY)].join('\n')));

    it('find nothing when each node lies in its lane and each user task in its role’s lane', async () => {
      const lanes = laneSet([
        ['Lane_Office', '安委办', ['Start', 'Review', 'Review_Reminder']],
        ['Lane_Team', ' 巡查组 ', ['Inspect', 'Assigned', 'End']],
      ]);
      expect(await layoutProblems(lanedDiagram(lanes))).toEqual([]);
    });

    it('report a node outside the bounds of the lane that lists it', async () => {
      const lanes = laneSet([
        ['Lane_Office', '安委办', ['Start', 'Review', 'Review_Reminder']],
        ['Lane_Team', '巡查组', ['Inspect', 'Assigned', 'End']],
      ]);
      const problems = await layoutProblems(lanedDiagram(lanes, 160));
      expect(summary(problems)).toEqual(['layout/outside-lane Inspect Lane_Team']);
      expect(problems[0]?.message).toMatch(BILINGUAL);
    });

    it('report a user task in the lane of another role, and a node in no lane', async () => {
      const lanes = laneSet([
        ['Lane_Office', '安委办', ['Start', 'Review', 'Review_Reminder']],
        ['Lane_Team', '巡查工作领导小组', ['Inspect', 'Assigned']],
      ]);
      const problems = await layoutProblems(lanedDiagram(lanes));
      expect(summary(problems)).toEqual(['layout/no-lane End', 'layout/wrong-lane Inspect Lane_Team']);
      expect(problems[1]?.message).toContain('巡查组');
      for (const problem of problems) expect(problem.message).toMatch(BILINGUAL);
    });

    it('accept an expanded sub-process lying across its lane and the next, and report one beside its lane', async () => {
      const lanes = laneSet([
        ['Lane_Office', '安委办', ['Start', 'Sub']],
        ['Lane_Team', '巡查组', []],
      ]);
      const process = `
        ${lanes}
        <bpmn:startEvent id="Start" />
        <bpmn:subProcess id="Sub">
          <bpmn:userTask id="Plan" name="计划" camunda:candidateGroups="anwei-ban" />
          <bpmn:userTask id="Visit" name="走访" camunda:candidateGroups="xuncha-zu" />
        </bpmn:subProcess>`;
      const shapes = (subY: number, subHeight: number) => [
        ...laneShapes,
        shape('Start', 120, 82, 36, 36),
        shape('Sub', 200, subY, 400, subHeight, ' isExpanded="true"'),
        shape('Plan', 250, 60, 100, 80),
        shape('Visit', 400, 260, 100, 80),
      ];
      expect(await layoutProblems(collaboration(diagram(process, shapes(20, 360).join('\n'))))).toEqual([]);
      // Entirely in the other lane: Plan is then outside the sub-process, and the sub-process outside its lane.
      const problems = summary(await layoutProblems(collaboration(diagram(process, shapes(220, 160).join('\n')))));
      expect(problems).toContain('layout/outside-lane Sub Lane_Office');
    });

    it('check the lanes of a drill-down plane against its sub-process’s own laneSet', async () => {
      const lanes = laneSet([
        ['Lane_Office', '安委办', ['Start', 'Sub']],
        ['Lane_Team', '巡查组', []],
      ]);
      const subLanes = (teamTasks: string) =>
        `<bpmn:laneSet id="LaneSet_Sub"><bpmn:lane id="Lane_Sub_Office" name="安委办"><bpmn:flowNodeRef>Plan</bpmn:flowNodeRef></bpmn:lane><bpmn:lane id="Lane_Sub_Team" name="巡查组">${teamTasks}</bpmn:lane></bpmn:laneSet>`;
      const process = (teamTasks: string) => `
        ${lanes}
        <bpmn:startEvent id="Start" />
        <bpmn:subProcess id="Sub" name="现场巡查">
          ${subLanes(teamTasks)}
          <bpmn:userTask id="Plan" name="计划" camunda:candidateGroups="anwei-ban" />
          <bpmn:userTask id="Visit" name="走访" camunda:candidateGroups="xuncha-zu" />
        </bpmn:subProcess>`;
      const parent = [...laneShapes, shape('Start', 120, 82, 36, 36), shape('Sub', 200, 60, 100, 80)].join('\n');
      const plane = [
        shape('Lane_Sub_Office', 0, 0, 600, 200, ' isHorizontal="true"'),
        shape('Lane_Sub_Team', 0, 200, 600, 200, ' isHorizontal="true"'),
        shape('Plan', 100, 60, 100, 80),
        shape('Visit', 300, 260, 100, 80),
      ].join('');
      const file = (teamTasks: string, drawn = plane): string =>
        collaboration(diagram(process(teamTasks), parent)).replace(
          '</bpmn:definitions>',
          `  <bpmndi:BPMNDiagram id="BPMNDiagram_Sub"><bpmndi:BPMNPlane id="BPMNPlane_Sub" bpmnElement="Sub">${drawn}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>\n</bpmn:definitions>`,
        );
      expect(await layoutProblems(file('<bpmn:flowNodeRef>Visit</bpmn:flowNodeRef>'))).toEqual([]);
      expect(summary(await layoutProblems(file('')))).toEqual(['layout/no-lane Visit']);
      const misplaced = plane.replace('x="300" y="260"', 'x="300" y="60"');
      expect(summary(await layoutProblems(file('<bpmn:flowNodeRef>Visit</bpmn:flowNodeRef>', misplaced)))).toEqual(['layout/outside-lane Visit Lane_Sub_Team']);
    });

    it('do not apply to a diagram without lanes', async () => {
      const problems = await layoutProblems(diagram(process(''), nodeShapes(260).join('\n')));
      expect(problems.filter((problem) => problem.rule.includes('lane'))).toEqual([]);
    });
  });

  it('name a lane for every candidate group, in Chinese', () => {
    for (const group of Object.values(CandidateGroup)) expect(ROLE_LANE_NAMES[group], group).toMatch(/^\p{Script=Han}+$/u);
  });

  it('become warnings of the resource check, located at the first element', async () => {
    const process = '<bpmn:userTask id="A" /><bpmn:userTask id="B" />';
    const parsed = await parseDiagram(path.join(PROCESSES_DIR, 'fixture.bpmn'), diagram(process, [shape('A', 0, 0, 100, 80), shape('B', 50, 0, 100, 80)].join('\n')));
    expect(layoutWarnings(parsed)).toEqual([
      { file: 'processes/fixture.bpmn', elementId: 'A', rule: 'layout/overlap', message: expect.stringMatching(BILINGUAL), severity: 'warning' },
    ]);
  });
});

const files = await findDiagramFiles();

describe('the diagrams in processes/', () => {

  it('are all checked', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((file) => path.relative(path.dirname(PROCESSES_DIR), file).split(path.sep).join('/')))(
    '%s is laid out: no overlap, no crossing, every node in its lane, every user task in its role\'s lane, every plane readable',
    async (file) => {
      const parsed = await readDiagram(path.join(path.dirname(PROCESSES_DIR), file));
      expect(parsed.problems).toEqual([]);
      expect(summary(checkDiagramLayout(parsed.definitions as ModdleElement))).toEqual([]);
    },
  );
});
