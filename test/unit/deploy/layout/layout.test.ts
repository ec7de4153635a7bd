import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModdleElement } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { checkDiagramLayout } from '../../../../deploy/diagram-layout.ts';
import { layoutBpmn } from '../../../../deploy/layout/layout.ts';
import { semanticXml, verifyLayout } from '../../../../deploy/layout/verify.ts';
import { PROCESSES_DIR, createBpmnModdle, findDiagramFiles } from '../../../../deploy/project-files.ts';
import { waivedUntilIssue12 } from '../support.ts';

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

/** The lane (by DI bounds) that holds a shape's centre. */
function laneAt(lanes: ReadonlyArray<[string, Box]>, box: Box): string | undefined {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  return lanes.find(([, lane]) => cx >= lane.x && cx <= lane.x + lane.width && cy >= lane.y && cy <= lane.y + lane.height)?.[0];
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
      expect(checkDiagramLayout(after).filter((problem) => !waivedUntilIssue12(name, problem.rule)).map((problem) => problem.message)).toEqual([]);
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

    it('draws what a boundary event leads to below its task (above it when it acts in a lane above)', async () => {
      const { xml } = await layoutBpmn(await readFile(file, 'utf8'));
      const definitions = await parse(xml);
      const bounds = boundsOf(definitions);
      const laneIds = new Set([...semanticIds(definitions)].filter(([, type]) => type === 'bpmn:Lane').map(([id]) => id));
      const lanes = [...bounds].filter(([id]) => laneIds.has(id));
      const flows: ModdleElement[] = [];
      const visit = (container: ModdleElement): void => {
        for (const element of list(container, 'flowElements')) {
          if (element.$type === 'bpmn:SequenceFlow') flows.push(element);
          if (list(element, 'flowElements').length > 0) visit(element);
        }
      };
      for (const root of list(definitions, 'rootElements')) if (root.$type === 'bpmn:Process') visit(root);
      let checked = 0;
      for (const flow of flows) {
        const source = flow.get('sourceRef') as ModdleElement;
        const target = flow.get('targetRef') as ModdleElement;
        if (source.$type !== 'bpmn:BoundaryEvent') continue;
        // A follower that the main path also reaches is part of it.
        if (flows.some((other) => other.get('targetRef') === target && other !== flow)) continue;
        const hostId = (source.get('attachedToRef') as ModdleElement).id as string;
        const host = bounds.get(hostId) as Box;
        const event = bounds.get(source.id as string) as Box;
        const follower = bounds.get(target.id as string) as Box;
        const hostLane = laneAt(lanes, host);
        const followerLane = laneAt(lanes, follower);
        const laneAbove = hostLane !== followerLane && follower.y + follower.height <= host.y;
        if (laneAbove) {
          // Acting in a lane above (e.g. 安委办 reminding): the event sits on the upper border, its follower above.
          expect(event.y + event.height / 2, `${source.id} on the upper border of ${hostId}`).toBe(host.y);
        } else {
          expect(event.y + event.height / 2, `${source.id} on the lower border of ${hostId}`).toBe(host.y + host.height);
          expect(follower.y, `${target.id} below ${hostId}`).toBeGreaterThanOrEqual(host.y + host.height);
        }
        checked++;
      }
      // Every boundary event sits on a border of its host, whether or not its flow leads to the main path.
      for (const flow of flows) {
        const source = flow.get('sourceRef') as ModdleElement;
        if (source.$type !== 'bpmn:BoundaryEvent') continue;
        const host = bounds.get((source.get('attachedToRef') as ModdleElement).id as string) as Box;
        const event = bounds.get(source.id as string) as Box;
        expect([host.y, host.y + host.height]).toContain(event.y + event.height / 2);
        checked++;
      }
      expect(checked).toBeGreaterThanOrEqual(flows.filter((flow) => (flow.get('sourceRef') as ModdleElement).$type === 'bpmn:BoundaryEvent').length);
    }, 60_000);
  });

});
