/**
 * Writing the layout into the file's text: the bpmndi:BPMNDiagram elements
 * are replaced, a collaboration (or its missing participants) and generated
 * laneSets are inserted; every other character of the file stays as it was.
 */
import type { Point } from './route.ts';
import type { Rect } from './place.ts';

export interface ShapeDrawing {
  readonly id: string;
  readonly rect: Rect;
  readonly label?: Rect;
  readonly expanded: boolean;
  readonly marker: boolean;
}

/** What one plane shows: a process's pool, or a collapsed sub-process's drill-down plane (its `pool` is only its extent). */
export interface PlaneDrawing {
  readonly pool: Rect;
  readonly lanes: ReadonlyArray<{ id: string; rect: Rect }>;
  readonly shapes: readonly ShapeDrawing[];
  readonly edges: ReadonlyArray<{ id: string; points: readonly Point[]; label?: Rect }>;
  readonly annotations: ReadonlyArray<{ id: string; rect: Rect; association?: { id: string; points: readonly Point[] } }>;
}

export interface PoolDrawing extends PlaneDrawing {
  readonly processId: string;
  readonly participantId: string;
}

export interface DrillDownDrawing extends PlaneDrawing {
  readonly diagramId: string;
  readonly planeId: string;
  /** The collapsed sub-process whose inside the plane shows. */
  readonly elementId: string;
}

export interface DiagramDrawing {
  readonly diagramId: string;
  readonly planeId: string;
  readonly collaborationId: string;
  readonly collaborationExists: boolean;
  readonly newParticipants: ReadonlyArray<{ id: string; name: string; processId: string }>;
  /** Generated laneSets: of a process without one, or of a collapsed sub-process without one. */
  readonly laneSets: ReadonlyArray<{
    containerId: string;
    kind: 'process' | 'subProcess';
    laneSetId: string;
    lanes: ReadonlyArray<{ id: string; name: string; refs: readonly string[] }>;
  }>;
  readonly pools: readonly PoolDrawing[];
  readonly planes: readonly DrillDownDrawing[];
  readonly usedIds: ReadonlySet<string>;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function n(value: number): string {
  return String(Math.round(value));
}

function bounds(rect: Rect, indent: string): string {
  return `${indent}<dc:Bounds x="${n(rect.x)}" y="${n(rect.y)}" width="${n(rect.width)}" height="${n(rect.height)}" />`;
}

function label(rect: Rect | undefined, indent: string): string[] {
  if (!rect) return [];
  return [`${indent}<bpmndi:BPMNLabel>`, bounds(rect, `${indent}  `), `${indent}</bpmndi:BPMNLabel>`];
}

function diId(id: string, used: ReadonlySet<string>, taken: Set<string>): string {
  let candidate = `${id}_di`;
  for (let index = 2; used.has(candidate) || taken.has(candidate); index++) candidate = `${id}_di_${index}`;
  taken.add(candidate);
  return candidate;
}

export function diagramXml(drawing: DiagramDrawing): string {
  const lines: string[] = [];
  const taken = new Set<string>();
  const i3 = '      ';
  const i4 = '        ';
  const shape = (id: string, rect: Rect, attributes: string, labelRect?: Rect): void => {
    lines.push(`${i3}<bpmndi:BPMNShape id="${diId(id, drawing.usedIds, taken)}" bpmnElement="${id}"${attributes}>`);
    lines.push(bounds(rect, i4), ...label(labelRect, i4));
    lines.push(`${i3}</bpmndi:BPMNShape>`);
  };
  const content = (plane: PlaneDrawing): void => {
    for (const lane of plane.lanes) shape(lane.id, lane.rect, ' isHorizontal="true"');
    for (const item of plane.shapes) {
      const attributes = `${item.expanded ? ' isExpanded="true"' : ''}${item.marker ? ' isMarkerVisible="true"' : ''}`;
      shape(item.id, item.rect, attributes, item.label);
    }
    for (const annotation of plane.annotations) shape(annotation.id, annotation.rect, '');
    for (const edge of plane.edges) {
      lines.push(`${i3}<bpmndi:BPMNEdge id="${diId(edge.id, drawing.usedIds, taken)}" bpmnElement="${edge.id}">`);
      for (const point of edge.points) lines.push(`${i4}<di:waypoint x="${n(point.x)}" y="${n(point.y)}" />`);
      lines.push(...label(edge.label, i4));
      lines.push(`${i3}</bpmndi:BPMNEdge>`);
    }
    for (const annotation of plane.annotations) {
      if (!annotation.association) continue;
      lines.push(`${i3}<bpmndi:BPMNEdge id="${diId(annotation.association.id, drawing.usedIds, taken)}" bpmnElement="${annotation.association.id}">`);
      for (const point of annotation.association.points) lines.push(`${i4}<di:waypoint x="${n(point.x)}" y="${n(point.y)}" />`);
      lines.push(`${i3}</bpmndi:BPMNEdge>`);
    }
  };
  lines.push(`  <bpmndi:BPMNDiagram id="${drawing.diagramId}">`);
  lines.push(`    <bpmndi:BPMNPlane id="${drawing.planeId}" bpmnElement="${drawing.collaborationId}">`);
  for (const pool of drawing.pools) {
    shape(pool.participantId, pool.pool, ' isHorizontal="true"');
    content(pool);
  }
  lines.push('    </bpmndi:BPMNPlane>', '  </bpmndi:BPMNDiagram>');
  for (const plane of drawing.planes) {
    lines.push(`  <bpmndi:BPMNDiagram id="${plane.diagramId}">`);
    lines.push(`    <bpmndi:BPMNPlane id="${plane.planeId}" bpmnElement="${plane.elementId}">`);
    content(plane);
    lines.push('    </bpmndi:BPMNPlane>', '  </bpmndi:BPMNDiagram>');
  }
  return lines.join('\n');
}

function participantXml(participant: { id: string; name: string; processId: string }, indent: string): string {
  const name = participant.name ? ` name="${escapeXml(participant.name)}"` : '';
  return `${indent}<bpmn:participant id="${participant.id}"${name} processRef="${participant.processId}" />`;
}

function laneSetXml(laneSet: DiagramDrawing['laneSets'][number], indent: string): string {
  const lines = [`${indent}<bpmn:laneSet id="${laneSet.laneSetId}">`];
  for (const lane of laneSet.lanes) {
    if (lane.refs.length === 0) {
      lines.push(`${indent}  <bpmn:lane id="${lane.id}" name="${escapeXml(lane.name)}" />`);
      continue;
    }
    lines.push(`${indent}  <bpmn:lane id="${lane.id}" name="${escapeXml(lane.name)}">`);
    for (const ref of lane.refs) lines.push(`${indent}    <bpmn:flowNodeRef>${ref}</bpmn:flowNodeRef>`);
    lines.push(`${indent}  </bpmn:lane>`);
  }
  lines.push(`${indent}</bpmn:laneSet>`);
  return lines.join('\n');
}

/**
 * Where a generated laneSet goes: after the start tag of its process or
 * sub-process and the elements the schema puts before a laneSet
 * (documentation, extension elements, incoming/outgoing, loop characteristics).
 */
function laneSetPosition(xml: string, kind: 'process' | 'subProcess', containerId: string): { at: number; indent: string } {
  const start = new RegExp(`<bpmn:${kind}\\b[^>]*\\bid="${escapeRegExp(containerId)}"[^>]*>`).exec(xml);
  if (!start) throw new Error(`找不到 ${containerId} / ${kind} ${containerId} not found in the XML`);
  let at = start.index + start[0].length;
  const leading =
    /^(\s*)<bpmn:(documentation|extensionElements|incoming|outgoing|ioSpecification|property|dataInputAssociation|dataOutputAssociation|multiInstanceLoopCharacteristics|standardLoopCharacteristics)\b[^>]*?(\/>|>[\s\S]*?<\/bpmn:\2>)/;
  for (;;) {
    const match = leading.exec(xml.slice(at));
    if (!match) break;
    at += match[0].length;
  }
  const lineStart = xml.lastIndexOf('\n', start.index) + 1;
  const indent = /^[ \t]*/.exec(xml.slice(lineStart, start.index))?.[0] ?? '  ';
  return { at, indent: `${indent}  ` };
}

/** The file with its diagram interchange replaced by the drawing. */
export function spliceLayout(xml: string, drawing: DiagramDrawing): string {
  let text = xml.replace(/[ \t]*<bpmndi:BPMNDiagram\b[\s\S]*?<\/bpmndi:BPMNDiagram>[ \t]*\r?\n?/g, '');
  // Generated laneSets, last one first so that earlier offsets stay valid.
  const positions = drawing.laneSets
    .map((laneSet) => ({ laneSet, ...laneSetPosition(text, laneSet.kind, laneSet.containerId) }))
    .sort((a, b) => b.at - a.at);
  for (const { laneSet, at, indent } of positions) text = `${text.slice(0, at)}\n${laneSetXml(laneSet, indent)}${text.slice(at)}`;
  if (drawing.newParticipants.length > 0) {
    if (drawing.collaborationExists) {
      const close = text.indexOf('</bpmn:collaboration>');
      if (close < 0) throw new Error('协作元素无法扩展 / cannot add participants to a self-closing bpmn:collaboration');
      const lineStart = text.lastIndexOf('\n', close) + 1;
      const indent = `${text.slice(lineStart, close)}  `;
      const added = drawing.newParticipants.map((participant) => `${participantXml(participant, indent)}\n`).join('');
      text = `${text.slice(0, lineStart)}${added}${text.slice(lineStart)}`;
    } else {
      const first = /\n([ \t]*)<bpmn:process\b/.exec(text);
      if (!first) throw new Error('文件中没有流程 / the file has no bpmn:process');
      const indent = first[1] ?? '  ';
      const block = [
        `${indent}<bpmn:collaboration id="${drawing.collaborationId}">`,
        ...drawing.newParticipants.map((participant) => participantXml(participant, `${indent}  `)),
        `${indent}</bpmn:collaboration>`,
      ].join('\n');
      text = `${text.slice(0, first.index + 1)}${block}\n${text.slice(first.index + 1)}`;
    }
  }
  const close = text.lastIndexOf('</bpmn:definitions>');
  if (close < 0) throw new Error('缺少 </bpmn:definitions> / no closing bpmn:definitions');
  let head = text.slice(0, close);
  if (!head.endsWith('\n')) head += '\n';
  text = `${head}${diagramXml(drawing)}\n${text.slice(close)}`;
  const root = /<bpmn:definitions\b[^>]*>/.exec(text);
  if (root) {
    const declarations = [
      ['bpmndi', 'http://www.omg.org/spec/BPMN/20100524/DI'],
      ['dc', 'http://www.omg.org/spec/DD/20100524/DC'],
      ['di', 'http://www.omg.org/spec/DD/20100524/DI'],
    ]
      .filter(([prefix]) => !root[0].includes(`xmlns:${prefix}=`))
      .map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`)
      .join('');
    if (declarations) {
      const end = root.index + root[0].length - 1;
      text = `${text.slice(0, end)}${declarations}${text.slice(end)}`;
    }
  }
  return text;
}
