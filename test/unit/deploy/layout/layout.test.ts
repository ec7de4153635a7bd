import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModdleElement } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { ROLE_LANE_NAMES, checkDiagramLayout, fitZoom } from '../../../../deploy/diagram-layout.ts';
import { PALETTE_GAP, PALETTE_WIDTH, layoutBpmn } from '../../../../deploy/layout/layout.ts';
import { semanticXml, verifyLayout } from '../../../../deploy/layout/verify.ts';
import { PROCESSES_DIR, createBpmnModdle, findDiagramFiles } from '../../../../deploy/project-files.ts';
import { CandidateGroup } from '../../../../workers/contract.ts';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

async function parse(xml: string): Promise<ModdleElement> {
  const parsed = await createBpmnModdle().fromXML(xml);
  expect(parsed.warnings.map((warning) => warning.message)).toEqual([]);
  return parsed.rootElement;
}

function list(element: ModdleElement | undefined, property: string): ModdleElement[] {
  return (element?.get(property) as ModdleElement[] | undefined) ?? [];
}

/** The drawn elements of every plane: the diagram's and the drill-down planes of collapsed sub-processes. */
function planeElements(definitions: ModdleElement): ModdleElement[] {
  return list(definitions, 'diagrams').flatMap((diagram) => list(diagram.get('plane') as ModdleElement, 'planeElement'));
}

/** Shape bounds by element id, from every plane (an element is drawn on one). */
function boundsOf(definitions: ModdleElement): Map<string, Box> {
  const bounds = new Map<string, Box>();
  for (const item of planeElements(definitions)) {
    const element = item.get('bpmnElement') as ModdleElement | undefined;
    const b = item.get('bounds') as Box | undefined;
    if (element?.id && b) bounds.set(element.id, { x: Number(b.x), y: Number(b.y), width: Number(b.width), height: Number(b.height) });
  }
  return bounds;
}

/** Every element with an id below the definitions, the diagram interchange excluded: id → type. */
function semanticIds(definitions: ModdleElement): Map<string, string> {
  const ids = new Map<string, string>();
  const visit = (element: ModdleElement): void => {
    if (element.id) ids.set(element.id, element.$type);
    const descriptor = (element as unknown as { $descriptor: { properties: Array<{ name: string; isReference?: boolean }> } }).$descriptor;
    for (const property of descriptor.properties) {
      if (property.isReference || property.name === 'diagrams') continue;
      const value = (element as unknown as Record<string, unknown>)[property.name];
      for (const child of Array.isArray(value) ? value : [value]) if (child && typeof child === 'object' && '$type' in child) visit(child as ModdleElement);
    }
  };
  visit(definitions);
  return ids;
}

const withoutDi = (xml: string): string => xml.replace(/[ \t]*<bpmndi:BPMNDiagram\b[\s\S]*?<\/bpmndi:BPMNDiagram>[ \t]*\r?\n?/g, '');

/** A node that a boundary event leads to and the main path of its process or sub-process does not reach. */
interface ChainNode {
  readonly event: string;
  readonly host: string;
  readonly node: string;
}

/** The processes and every sub-process below them. */
function containersOf(definitions: ModdleElement): ModdleElement[] {
  const below = (container: ModdleElement): ModdleElement[] =>
    list(container, 'flowElements').flatMap((element) => (element.$type === 'bpmn:SubProcess' ? [element, ...below(element)] : []));
  return list(definitions, 'rootElements').flatMap((root) => (root.$type === 'bpmn:Process' ? [root, ...below(root)] : []));
}

/**
 * Every reminder or escalation chain, in semantic terms: in each container,
 * the main path is what its start nodes reach without leaving through a
 * boundary event; a chain is what a boundary event reaches beyond it.
 */
function boundaryChains(definitions: ModdleElement): ChainNode[] {
  const chains: ChainNode[] = [];
  for (const container of containersOf(definitions)) {
    const elements = list(container, 'flowElements');
    const flows = elements.filter((element) => element.$type === 'bpmn:SequenceFlow');
    const outgoing = (node: ModdleElement): ModdleElement[] => flows.filter((flow) => flow.get('sourceRef') === node).map((flow) => flow.get('targetRef') as ModdleElement);
    const targets = new Set(flows.map((flow) => flow.get('targetRef') as ModdleElement));
    const starts = elements.filter(
      (element) =>
        element.$type !== 'bpmn:SequenceFlow' &&
        element.$type !== 'bpmn:BoundaryEvent' &&
        !targets.has(element) &&
        element.get('triggeredByEvent') !== true &&
        flows.some((flow) => flow.get('sourceRef') === element),
    );
    const main = new Set<ModdleElement>(starts);
    const queue = [...starts];
    while (queue.length > 0) for (const next of outgoing(queue.shift() as ModdleElement)) if (!main.has(next)) (main.add(next), queue.push(next));
    for (const event of elements.filter((element) => element.$type === 'bpmn:BoundaryEvent')) {
      const host = (event.get('attachedToRef') as ModdleElement).id as string;
      const seen = new Set<ModdleElement>();
      const pending = outgoing(event);
      while (pending.length > 0) {
        const node = pending.shift() as ModdleElement;
        if (seen.has(node) || main.has(node)) continue;
        seen.add(node);
        chains.push({ event: event.id as string, host, node: node.id as string });
        pending.push(...outgoing(node));
      }
    }
  }
  return chains;
}

/**
 * In DI terms, the chains not drawn below their task: the boundary event on
 * the task's lower border, every node of the chain lower than the task's
 * bottom. Empty when all are; `checked` counts the chain nodes looked at.
 */
function chainsNotBelow(definitions: ModdleElement): { misplaced: string[]; checked: number } {
  const bounds = boundsOf(definitions);
  const misplaced: string[] = [];
  const chains = boundaryChains(definitions);
  for (const { event, host, node } of chains) {
    const hostBox = bounds.get(host) as Box;
    const eventBox = bounds.get(event) as Box;
    const nodeBox = bounds.get(node) as Box;
    const notOnBorder = `${event} is not on the lower border of ${host}`;
    if (eventBox.y + eventBox.height / 2 !== hostBox.y + hostBox.height && !misplaced.includes(notOnBorder)) misplaced.push(notOnBorder);
    if (nodeBox.y < hostBox.y + hostBox.height) misplaced.push(`${node} (from ${event}) is not below ${host}`);
  }
  return { misplaced, checked: chains.length };
}

/** Per drill-down plane: what the palette covers of its flow nodes and their names once the modeler fits the plane. */
function underThePalette(definitions: ModdleElement): { covered: string[]; planes: number } {
  const covered: string[] = [];
  let planes = 0;
  for (const diagram of list(definitions, 'diagrams')) {
    const plane = diagram.get('plane') as ModdleElement;
    if ((plane.get('bpmnElement') as ModdleElement).$type !== 'bpmn:SubProcess') continue;
    planes++;
    const items = list(plane, 'planeElement');
    const rects: Array<{ id: string; node: boolean; box: Box }> = [];
    for (const item of items) {
      const element = item.get('bpmnElement') as ModdleElement;
      const node = element.$type !== 'bpmn:Lane' && element.$type !== 'bpmn:SequenceFlow' && element.$type !== 'bpmn:Association';
      for (const box of [item.get('bounds'), (item.get('label') as ModdleElement | undefined)?.get('bounds')] as Array<Box | undefined>) {
        if (box) rects.push({ id: element.id as string, node, box: { x: Number(box.x), y: Number(box.y), width: Number(box.width), height: Number(box.height) } });
      }
      for (const point of list(item, 'waypoint')) rects.push({ id: element.id as string, node: false, box: { x: Number(point.get('x')), y: Number(point.get('y')), width: 0, height: 0 } });
    }
    const left = Math.min(...rects.map(({ box }) => box.x));
    const top = Math.min(...rects.map(({ box }) => box.y));
    const extent = {
      width: Math.max(...rects.map(({ box }) => box.x + box.width)) - left,
      height: Math.max(...rects.map(({ box }) => box.y + box.height)) - top,
    };
    // fit-viewport puts the plane's left edge at the canvas's; the modeler moves it right only when there is room.
    const zoom = fitZoom(extent);
    for (const { id, node, box } of rects) if (node && (box.x - left) * zoom < PALETTE_WIDTH + PALETTE_GAP) covered.push(`${id} on the plane of ${(plane.get('bpmnElement') as ModdleElement).id}`);
  }
  return { covered, planes };
}

/** Names (labels) that lie under the drill-down button bpmn-js puts below the lower right corner of a collapsed sub-process (20×20, 7px below, 8px right). */
function underDrillDownButtons(definitions: ModdleElement): string[] {
  const hidden: string[] = [];
  for (const diagram of list(definitions, 'diagrams')) {
    const items = list(diagram.get('plane') as ModdleElement, 'planeElement');
    const buttons = items
      .filter((item) => (item.get('bpmnElement') as ModdleElement).$type === 'bpmn:SubProcess' && item.get('isExpanded') !== true)
      .map((item) => {
        const box = item.get('bounds') as Box;
        return { id: (item.get('bpmnElement') as ModdleElement).id as string, x: Number(box.x) + Number(box.width) - 12, y: Number(box.y) + Number(box.height) + 7, width: 20, height: 20 };
      });
    for (const item of items) {
      const label = (item.get('label') as ModdleElement | undefined)?.get('bounds') as Box | undefined;
      if (!label) continue;
      const [x, y, width, height] = [Number(label.x), Number(label.y), Number(label.width), Number(label.height)];
      for (const button of buttons) {
        if (Math.min(x + width, button.x + button.width) > Math.max(x, button.x) && Math.min(y + height, button.y + button.height) > Math.max(y, button.y)) {
          hidden.push(`${(item.get('bpmnElement') as ModdleElement).id} under the button of ${button.id}`);
        }
      }
    }
  }
  return hidden;
}

const files = await findDiagramFiles();

describe('the layout of the diagrams in processes/ (on copies)', () => {
  it('covers every diagram', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  describe.each(files.map((file) => path.relative(PROCESSES_DIR, file)))('%s', (name) => {
    const file = path.join(PROCESSES_DIR, name);

    it('has no layout problem, keeps the semantic model and every id, and is deterministic and stable', async () => {
      const original = await readFile(file, 'utf8');
      const { xml, unrouted } = await layoutBpmn(original);
      expect(unrouted).toEqual([]);
      const before = await parse(original);
      const after = await parse(xml);
      expect(checkDiagramLayout(after).map((problem) => problem.message)).toEqual([]);
      // The moddle trees without diagram interchange (and without the pools and lanes the layout adds).
      expect(await semanticXml(xml, original)).toBe(await semanticXml(original));
      expect((await verifyLayout(original, xml)).semanticChanged).toBe(false);
      // Byte for byte: the semantic text is the original's, plus what the layout inserts.
      let text = withoutDi(xml);
      if (!original.includes('<bpmn:collaboration')) text = text.replace(/[ \t]*<bpmn:collaboration\b[\s\S]*?<\/bpmn:collaboration>\r?\n/, '');
      text = text.replace(/\n[ \t]*<bpmn:laneSet id="([^"]+)"[\s\S]*?<\/bpmn:laneSet>/g, (laneSet, id: string) => (original.includes(`<bpmn:laneSet id="${id}"`) ? laneSet : ''));
      expect(text).toBe(withoutDi(original));
      const ids = semanticIds(after);
      for (const [id, type] of semanticIds(before)) expect(ids.get(id), id).toBe(type);
      // Every flow node and flow is drawn.
      const bounds = boundsOf(after);
      const drawable = /^bpmn:(\w*Task|\w*Event|\w*Gateway|SubProcess|CallActivity|SequenceFlow|Lane|Participant)$/;
      const edges = new Set(planeElements(after).map((item) => (item.get('bpmnElement') as ModdleElement | undefined)?.id));
      for (const [id, type] of ids) if (drawable.test(type)) expect(bounds.has(id) || edges.has(id), id).toBe(true);
      expect((await layoutBpmn(original)).xml).toBe(xml);
      expect((await layoutBpmn(xml)).xml).toBe(xml);
    }, 120_000);

    it('draws what a boundary event leads to below its task, its event on the lower border, and no name under a drill-down button', async () => {
      const { xml } = await layoutBpmn(await readFile(file, 'utf8'));
      const definitions = await parse(xml);
      const { misplaced } = chainsNotBelow(definitions);
      expect(misplaced).toEqual([]);
      expect(underDrillDownButtons(definitions)).toEqual([]);
      // Every boundary event sits on a border of its host, whether or not its flow leads to the main path.
      const bounds = boundsOf(definitions);
      for (const container of containersOf(definitions)) {
        for (const event of list(container, 'flowElements').filter((element) => element.$type === 'bpmn:BoundaryEvent')) {
          const host = bounds.get((event.get('attachedToRef') as ModdleElement).id as string) as Box;
          const box = bounds.get(event.id as string) as Box;
          expect([host.y, host.y + host.height], event.id).toContain(box.y + box.height / 2);
        }
      }
    }, 60_000);
  });

});

describe('the layout of the four diagrams as they are in processes/', () => {
  const redrawn = ['safety-patrol.bpmn', 'patrol-entry.bpmn', 'hazard-rectification.bpmn', 'clue-transfer.bpmn'];

  it.each(redrawn)('%s: every reminder and escalation sits below its task, on every plane', async (name) => {
    const definitions = await parse(await readFile(path.join(PROCESSES_DIR, name), 'utf8'));
    const { misplaced, checked } = chainsNotBelow(definitions);
    expect(misplaced).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it.each(redrawn)('%s: no name lies under the drill-down button of a phase', async (name) => {
    const definitions = await parse(await readFile(path.join(PROCESSES_DIR, name), 'utf8'));
    expect(underDrillDownButtons(definitions)).toEqual([]);
  });

  it.each(redrawn)('%s: no flow node of a drill-down plane and no name of one lies under the palette at fit-to-screen', async (name) => {
    const definitions = await parse(await readFile(path.join(PROCESSES_DIR, name), 'utf8'));
    const { covered, planes } = underThePalette(definitions);
    expect(covered).toEqual([]);
    expect(planes).toBeGreaterThan(0);
  });
});

const sequenceFlow = (id: string, source: string, target: string): string => `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`;
const userTask = (id: string, name: string, group: CandidateGroup): string => `<bpmn:userTask id="${id}" name="${name}" camunda:candidateGroups="${group}" />`;
const overdue = (id: string, host: string): string =>
  `<bpmn:boundaryEvent id="${id}" name="逾期" cancelActivity="false" attachedToRef="${host}"><bpmn:timerEventDefinition><bpmn:timeDate>\${dueAt}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;
const processXml = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_fixture" targetNamespace="urn:test">
  <bpmn:process id="fixture" name="测试流程" isExecutable="true">
    ${body}
  </bpmn:process>
</bpmn:definitions>
`;

/** The lane names top to bottom, by the lanes' DI. */
function lanesTopDown(definitions: ModdleElement): string[] {
  const bounds = boundsOf(definitions);
  const lanes = [...semanticIds(definitions)].filter(([, type]) => type === 'bpmn:Lane').map(([id]) => id);
  const names = new Map<string, string>();
  for (const container of containersOf(definitions)) {
    for (const laneSet of list(container, 'laneSets')) for (const lane of list(laneSet, 'lanes')) names.set(lane.id as string, lane.name as string);
  }
  return lanes.sort((a, b) => (bounds.get(a) as Box).y - (bounds.get(b) as Box).y).map((id) => names.get(id) as string);
}

describe('where the layout draws what a boundary event leads to in another lane', () => {
  it('puts that lane below the task’s when the main path does not zigzag further, and the chain below the task', async () => {
    // 安委办 diagnoses, 责任单位 rectifies, 安委办 closes; on overdue 安委办 decides (the shape of 问题隐患闭环整改).
    const xml = processXml(`
    <bpmn:startEvent id="Start" name="开始" />
    ${userTask('Diagnose', '诊断', CandidateGroup.safetyCommitteeOffice)}
    ${userTask('Rectify', '整改', CandidateGroup.responsibleUnit)}
    ${overdue('Rectify_Overdue', 'Rectify')}
    ${userTask('Escalate', '督办决定', CandidateGroup.safetyCommitteeOffice)}
    <bpmn:endEvent id="Escalated" name="已督办" />
    ${userTask('Close', '销号', CandidateGroup.safetyCommitteeOffice)}
    <bpmn:endEvent id="End" name="结束" />
    ${sequenceFlow('F1', 'Start', 'Diagnose')}
    ${sequenceFlow('F2', 'Diagnose', 'Rectify')}
    ${sequenceFlow('F3', 'Rectify', 'Close')}
    ${sequenceFlow('F4', 'Close', 'End')}
    ${sequenceFlow('F5', 'Rectify_Overdue', 'Escalate')}
    ${sequenceFlow('F6', 'Escalate', 'Escalated')}`);
    const { xml: laidOut } = await layoutBpmn(xml);
    const definitions = await parse(laidOut);
    expect(checkDiagramLayout(definitions)).toEqual([]);
    // 安委办 is entered first, yet comes below: two hand-overs either way.
    expect(lanesTopDown(definitions)).toEqual([ROLE_LANE_NAMES[CandidateGroup.responsibleUnit], ROLE_LANE_NAMES[CandidateGroup.safetyCommitteeOffice]]);
    expect(chainsNotBelow(definitions)).toEqual({ misplaced: [], checked: 2 });
    const bounds = boundsOf(definitions);
    // The main path left to right, no hand-over straight up or down: the decision takes the cell under 整改.
    const centres = ['Start', 'Diagnose', 'Rectify', 'Close', 'End'].map((id) => (bounds.get(id) as Box).x + (bounds.get(id) as Box).width / 2);
    for (let index = 1; index < centres.length; index++) expect(centres[index]).toBeGreaterThan(centres[index - 1] as number);
    expect((bounds.get('Escalate') as Box).x).toBe((bounds.get('Rectify') as Box).x);
    expect((await layoutBpmn(laidOut)).xml).toBe(laidOut);
  });

  it('keeps the lanes in the order of first entry and draws the chain above when moving its lane would lengthen the main path', async () => {
    // 安委办 → 巡查组 → 被巡查单位; a reminder of 安委办 on the last: 安委办 at the bottom would make the main path zigzag.
    const xml = processXml(`
    <bpmn:startEvent id="Start" name="开始" />
    ${userTask('Draft', '拟定方案', CandidateGroup.safetyCommitteeOffice)}
    ${userTask('Inspect', '巡查', CandidateGroup.patrolTeam)}
    ${userTask('Rectify', '整改', CandidateGroup.patrolledUnit)}
    ${overdue('Rectify_Overdue', 'Rectify')}
    ${userTask('Remind', '督促整改', CandidateGroup.safetyCommitteeOffice)}
    <bpmn:endEvent id="Reminded" name="已督促" />
    <bpmn:endEvent id="End" name="结束" />
    ${sequenceFlow('F1', 'Start', 'Draft')}
    ${sequenceFlow('F2', 'Draft', 'Inspect')}
    ${sequenceFlow('F3', 'Inspect', 'Rectify')}
    ${sequenceFlow('F4', 'Rectify', 'End')}
    ${sequenceFlow('F5', 'Rectify_Overdue', 'Remind')}
    ${sequenceFlow('F6', 'Remind', 'Reminded')}`);
    const { xml: laidOut } = await layoutBpmn(xml);
    const definitions = await parse(laidOut);
    expect(checkDiagramLayout(definitions)).toEqual([]);
    expect(lanesTopDown(definitions)).toEqual([CandidateGroup.safetyCommitteeOffice, CandidateGroup.patrolTeam, CandidateGroup.patrolledUnit].map((group) => ROLE_LANE_NAMES[group]));
    const bounds = boundsOf(definitions);
    const rectify = bounds.get('Rectify') as Box;
    const event = bounds.get('Rectify_Overdue') as Box;
    expect(event.y + event.height / 2).toBe(rectify.y);
    expect((bounds.get('Remind') as Box).y + (bounds.get('Remind') as Box).height).toBeLessThanOrEqual(rectify.y);
    expect(chainsNotBelow(definitions).misplaced).toEqual([
      'Rectify_Overdue is not on the lower border of Rectify',
      'Remind (from Rectify_Overdue) is not below Rectify',
      'Reminded (from Rectify_Overdue) is not below Rectify',
    ]);
    expect((await layoutBpmn(laidOut)).xml).toBe(laidOut);
  });
});
