/**
 * Recomputes the whole diagram interchange of a BPMN file from its semantic
 * model: one pool per process, one lane per role, the main path left to
 * right, reminders and escalations below their task, flows routed around
 * the shapes. The semantic part of the file is kept byte for byte; the
 * layout only adds a collaboration (the pools) and, for a process without
 * one, a laneSet, and replaces the bpmndi:BPMNDiagram elements.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { READABLE_ZOOM, ROLE_LANE_NAMES } from '../diagram-layout.ts';
import { createBpmnModdle } from '../project-files.ts';
import { type LanePlan, planLanes, uniqueId } from './lanes.ts';
import { type Container, type Lane, type LayoutNode, allContainers, allNodes, buildContainer, list } from './model.ts';
import { GAP_X, NODE_LABEL_WIDTH, type Placement, type Rect, place } from './place.ts';
import { CLEARANCE, type Obstacle, type Point, type Port, Router, type Side } from './route.ts';
import { LINE_HEIGHT, labelSize, textWidth } from './text.ts';
import { type DiagramDrawing, type PlaneDrawing, type PoolDrawing, spliceLayout } from './xml.ts';

export interface LayoutResult {
  readonly xml: string;
  /** Flows for which no free path was found (drawn straight). */
  readonly unrouted: readonly string[];
}

export interface LayoutOptions {
  readonly roleLaneNames?: Readonly<Record<string, string>>;
}

const POOL_HEADER = 30;
const LANE_HEADER = 30;
const CONTENT_INSET = 24;
const POOL_GAP = 60;
const ANNOTATION_GAP = 30;
/** Room at the top of a drill-down plane for the breadcrumb (about 40px at zoom 1). */
const BREADCRUMB_HEIGHT = 40;
/**
 * The screen pixels bpmn-js's palette covers at the left of the canvas, and
 * the gap the modeler keeps from it (modeler-ui/web/bpmn/bpmn-editor.ts).
 * The modeler moves a fitted plane out from under the palette only as far as
 * the canvas has room to spare, none for a plane that fills the width.
 */
export const PALETTE_WIDTH = 68;
export const PALETTE_GAP = 12;
/** How far the name of an event or a gateway may reach left of its column (see columnWidthOf in place.ts). */
const NAME_OVERHANG = (GAP_X - 8) / 2;
/**
 * Where the content of a drill-down plane starts at the least: the first
 * column and the names hanging left of it right of the palette even at the
 * lowest readable fit-to-screen zoom, so that the start event is never
 * under it. The lane names stay under it; the lanes are drawn the wider. (A
 * process's own plane is not widened: its pool's header puts the first
 * column at 84, whose shapes the palette covers only at a fit below zoom
 * 0.81.)
 */
export const DRILL_DOWN_CONTENT_LEFT = Math.ceil((PALETTE_WIDTH + PALETTE_GAP) / READABLE_ZOOM + NAME_OVERHANG);

function idsOf(definitions: ModdleElement): Set<string> {
  const ids = new Set<string>();
  const visit = (element: unknown): void => {
    if (!element || typeof element !== 'object') return;
    const moddle = element as ModdleElement;
    if (typeof moddle.id === 'string') ids.add(moddle.id);
    const descriptor = (moddle as unknown as { $descriptor?: { properties?: Array<{ name: string; isReference?: boolean; isMany?: boolean }> } }).$descriptor;
    for (const property of descriptor?.properties ?? []) {
      // The diagram interchange is replaced: its ids are free again.
      if (property.isReference || property.name === 'diagrams') continue;
      const value = (moddle as unknown as Record<string, unknown>)[property.name];
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && '$type' in (value as object)) visit(value);
    }
  };
  visit(definitions);
  return ids;
}

function labelBelow(shape: Rect, name: string): Rect {
  const size = labelSize(name, NODE_LABEL_WIDTH);
  return { x: Math.round(shape.x + shape.width / 2 - size.width / 2), y: Math.round(shape.y + shape.height + 4), width: size.width, height: size.height };
}

/**
 * A boundary event's name: beside it (left for the first on a border, right
 * for the last, below for those between), else the first other of those
 * places, then of those beside it wrapped narrower or past the host's
 * drill-down button, that covers no shape, no drill-down button and no name
 * placed before it.
 */
function boundaryLabel(event: LayoutNode, bounds: Rect, name: string, onTop: ReadonlySet<LayoutNode>, taken: readonly Rect[], button?: Rect): Rect {
  const host = event.host as LayoutNode;
  const side = host.boundaries.filter((other) => onTop.has(other) === onTop.has(event));
  const index = side.indexOf(event);
  const size = labelSize(name, 72);
  const y = onTop.has(event) ? Math.round(bounds.y + 14 - size.height) : Math.round(bounds.y + 22);
  const right: Rect = { x: bounds.x + bounds.width + 2, y, width: size.width, height: size.height };
  const left: Rect = { x: bounds.x - size.width - 2, y, width: size.width, height: size.height };
  const awayY = onTop.has(event) ? bounds.y - size.height - 2 : bounds.y + bounds.height + 2;
  const away: Rect = { x: Math.round(bounds.x + bounds.width / 2 - size.width / 2), y: Math.round(awayY), width: size.width, height: size.height };
  const awayRight: Rect = { x: Math.round(bounds.x + bounds.width / 2 + 3), y: Math.round(awayY), width: size.width, height: size.height };
  const further: Rect = { ...away, y: Math.round(onTop.has(event) ? awayY - size.height - 2 : awayY + size.height + 2) };
  // Wrapped narrower, beside the event still: where a drill-down button or a neighbour's name leaves less room.
  const narrow = labelSize(name, 48);
  const narrowRight: Rect = { x: bounds.x + bounds.width + 2, y, width: narrow.width, height: narrow.height };
  const narrowLeft: Rect = { x: bounds.x - narrow.width - 2, y, width: narrow.width, height: narrow.height };
  const preferred = index === side.length - 1 ? right : index === 0 ? left : awayRight;
  // Past the host's drill-down button, when it takes the place beside the event.
  const pastButton: Rect[] = button ? [{ x: button.x + button.width + 2, y, width: size.width, height: size.height }] : [];
  const candidates = [preferred, right, left, away, awayRight, further, narrowLeft, narrowRight, ...pastButton];
  return candidates.find((candidate) => !taken.some((rect) => intersects(rect, candidate))) ?? preferred;
}

/**
 * The drill-down button bpmn-js puts at the lower right corner of a collapsed
 * sub-process (DrilldownOverlayBehavior: 20×20, 7px below, 8px right of the
 * corner): a name placed there would be hidden under it.
 */
function drillDownButton(node: LayoutNode, bounds: Rect): Rect | undefined {
  return node.plane ? { x: bounds.x + bounds.width - 12, y: bounds.y + bounds.height + 7, width: 20, height: 20 } : undefined;
}

function intersects(a: Rect, b: Rect): boolean {
  return Math.min(a.x + a.width, b.x + b.width) > Math.max(a.x, b.x) && Math.min(a.y + a.height, b.y + b.height) > Math.max(a.y, b.y);
}

/**
 * A flow's name: above (or below) one of its horizontal stretches, where the
 * branch has left its gateway, else beside a vertical one; the first place
 * that covers no shape and no other name.
 */
function flowLabel(points: readonly Point[], name: string, taken: readonly Rect[], region: Rect): Rect {
  const size = labelSize(name, 90);
  const horizontal: Rect[] = [];
  const vertical: Rect[] = [];
  for (let index = 1; index < points.length; index++) {
    const p = points[index - 1] as Point;
    const q = points[index] as Point;
    if (p.y === q.y) {
      // Wrapped to the stretch's length, so that it stays beside the line.
      const room = Math.abs(q.x - p.x) - 14;
      if (room < 36) continue;
      const fitted = labelSize(name, Math.min(90, room));
      const x = q.x >= p.x ? p.x + 7 : p.x - 7 - fitted.width;
      horizontal.push({ x: Math.round(x), y: Math.round(p.y - fitted.height - 2), width: fitted.width, height: fitted.height });
      horizontal.push({ x: Math.round(x), y: Math.round(p.y + 3), width: fitted.width, height: fitted.height });
    } else if (Math.abs(q.y - p.y) >= size.height + 12) {
      const y = q.y >= p.y ? p.y + 6 : p.y - 6 - size.height;
      vertical.push({ x: Math.round(p.x + 5), y: Math.round(y), width: size.width, height: size.height });
      vertical.push({ x: Math.round(p.x - 5 - size.width), y: Math.round(y), width: size.width, height: size.height });
    }
  }
  const candidates = [...horizontal, ...vertical];
  const [p, q] = points as [Point, Point];
  const fallback: Rect =
    p.y === q.y
      ? { x: Math.round(q.x >= p.x ? p.x + 6 : p.x - 6 - size.width), y: Math.round(p.y - size.height - 2), width: size.width, height: size.height }
      : { x: Math.round(p.x + 5), y: Math.round(q.y >= p.y ? p.y + 4 : p.y - 4 - size.height), width: size.width, height: size.height };
  const inside = (rect: Rect): boolean =>
    rect.x >= region.x && rect.y >= region.y && rect.x + rect.width <= region.x + region.width && rect.y + rect.height <= region.y + region.height;
  return candidates.find((candidate) => inside(candidate) && !taken.some((rect) => intersects(rect, candidate))) ?? candidates.find(inside) ?? fallback;
}

/** Which sides of a shape a flow's end uses. */
function sideAt(rect: Rect, point: Point): Side {
  if (point.x === rect.x + rect.width) return 'right';
  if (point.x === rect.x) return 'left';
  if (point.y === rect.y) return 'top';
  return 'bottom';
}

/** An event's or gateway's name below it, or above it when a flow leaves or enters below and not above. */
function placeNodeLabel(shape: Rect, name: string, used: ReadonlySet<Side>): Rect {
  const size = labelSize(name, NODE_LABEL_WIDTH);
  const x = Math.round(shape.x + shape.width / 2 - size.width / 2);
  if (used.has('bottom') && !used.has('top')) return { x, y: Math.round(shape.y - size.height - 4), width: size.width, height: size.height };
  if (used.has('bottom') && used.has('top')) return { x: Math.round(shape.x + shape.width / 2 + 4), y: Math.round(shape.y + shape.height + 2), width: size.width, height: size.height };
  return { x, y: Math.round(shape.y + shape.height + 4), width: size.width, height: size.height };
}

const FORWARD_SOURCE: readonly Port[] = [
  { side: 'right', cost: 0 },
  { side: 'bottom', cost: 20 },
  { side: 'top', cost: 20 },
  { side: 'left', cost: 120 },
];
const FORWARD_TARGET: readonly Port[] = [
  { side: 'left', cost: 0 },
  { side: 'top', cost: 20 },
  { side: 'bottom', cost: 20 },
  { side: 'right', cost: 120 },
];
const LOOP_SOURCE: readonly Port[] = [
  { side: 'top', cost: 0 },
  { side: 'bottom', cost: 0 },
  { side: 'right', cost: 30 },
];
const LOOP_TARGET: readonly Port[] = [
  { side: 'top', cost: 0 },
  { side: 'bottom', cost: 0 },
  { side: 'left', cost: 30 },
];

interface Drawn {
  readonly bounds: Map<LayoutNode, Rect>;
  readonly labels: Map<string, Rect>;
  readonly edges: Map<string, { points: Point[]; label?: Rect }>;
  readonly unrouted: string[];
}

function route(containers: readonly Container[], placement: Placement, regionOf: (container: Container) => Rect, drawn: Drawn): void {
  for (const container of containers) {
    const shapes: LayoutNode[] = container.nodes.flatMap((node) => [node, ...node.boundaries]);
    const obstacles: Obstacle[] = shapes.map((node) => ({ rect: drawn.bounds.get(node) as Rect }));
    const labels = shapes.map((node) => drawn.labels.get(node.id)).filter((rect): rect is Rect => rect !== undefined);
    const channels = { xs: [] as number[], ys: [] as number[] };
    for (const { rect } of obstacles) {
      channels.xs.push(rect.x - 3 * CLEARANCE, rect.x + rect.width + 3 * CLEARANCE);
      channels.ys.push(rect.y - 3 * CLEARANCE, rect.y + rect.height + 3 * CLEARANCE);
    }
    const region = regionOf(container);
    const router = new Router(region, obstacles, labels, channels);
    const usedSides = new Map<string, number>();
    const named: Array<{ id: string; name: string; points: Point[] }> = [];
    // Forward flows along the main path first, then the boundary events' flows, then the loops.
    const rank = (flow: (typeof container.flows)[number]): number => (placement.back.has(flow) ? 2 : flow.source.host ? 1 : 0);
    const flows = [...container.flows].sort((a, b) => rank(a) - rank(b));
    for (const flow of flows) {
      const source = drawn.bounds.get(flow.source) as Rect;
      const target = drawn.bounds.get(flow.target) as Rect;
      const loop = placement.back.has(flow);
      let sourcePorts: readonly Port[] = flow.source.host ? [{ side: placement.onTop.has(flow.source) ? 'top' : 'bottom', cost: 0 }] : loop ? LOOP_SOURCE : FORWARD_SOURCE;
      if (flow.source.kind === 'gateway') {
        // One branch leaves a gateway to the right; the others share its lower or upper corner.
        const reuse = (side: Side): number => (side === 'right' || side === 'left' ? 90 : 10);
        sourcePorts = sourcePorts.map((port) => ({ side: port.side, cost: port.cost + reuse(port.side) * (usedSides.get(`${flow.source.id}:${port.side}`) ?? 0) }));
      }
      const targetPorts = loop ? LOOP_TARGET : FORWARD_TARGET;
      const points = router.route(
        { source, target, sourcePorts, targetPorts },
        `${flow.source.id}|${flow.target.id}`,
      );
      if (!points) {
        drawn.unrouted.push(flow.id);
        drawn.edges.set(flow.id, {
          points: [
            { x: source.x + source.width, y: source.y + source.height / 2 },
            { x: target.x, y: target.y + target.height / 2 },
          ],
        });
        continue;
      }
      const first = points[0] as Point;
      const side: Side =
        first.x === source.x + source.width ? 'right' : first.x === source.x ? 'left' : first.y === source.y ? 'top' : 'bottom';
      usedSides.set(`${flow.source.id}:${side}`, (usedSides.get(`${flow.source.id}:${side}`) ?? 0) + 1);
      drawn.edges.set(flow.id, { points });
      if (flow.name) named.push({ id: flow.id, name: flow.name, points });
    }
    // Names of events and gateways clear of the flows at their sides.
    const sides = new Map<LayoutNode, Set<Side>>();
    for (const flow of container.flows) {
      const points = drawn.edges.get(flow.id)?.points;
      if (!points || points.length < 2) continue;
      for (const [node, point] of [
        [flow.source, points[0]],
        [flow.target, points[points.length - 1]],
      ] as const) {
        const rect = drawn.bounds.get(node);
        if (rect && point) sides.set(node, new Set([...(sides.get(node) ?? []), sideAt(rect, point)]));
      }
    }
    for (const node of container.nodes) {
      const bounds = drawn.bounds.get(node);
      const name = (node.element.name ?? '').trim();
      if (!bounds || !name || (node.kind !== 'event' && node.kind !== 'gateway')) continue;
      drawn.labels.set(node.id, placeNodeLabel(bounds, name, sides.get(node) ?? new Set()));
    }
    // Names of flows where they cover neither a shape nor another name.
    const nodeLabels = shapes.map((node) => drawn.labels.get(node.id)).filter((rect): rect is Rect => rect !== undefined);
    const buttons = container.nodes.map((node) => drillDownButton(node, drawn.bounds.get(node) as Rect)).filter((rect): rect is Rect => rect !== undefined);
    const taken: Rect[] = [...obstacles.map((obstacle) => obstacle.rect), ...nodeLabels, ...buttons];
    for (const { id, name, points } of named) {
      const label = flowLabel(points, name, taken, region);
      taken.push(label);
      (drawn.edges.get(id) as { points: Point[]; label?: Rect }).label = label;
    }
  }
}

/**
 * One plane: a process's pool with its lanes, or the lanes of a collapsed
 * sub-process's drill-down plane (no pool there: bpmn-js draws none).
 */
function drawPlane(plan: LanePlan, root: Container, top: number, pooled: boolean): PlaneDrawing & { height: number; unrouted: string[] } {
  const hasLanes = plan.lanes.length > 0;
  const left = 0;
  const laneLeft = left + (pooled ? POOL_HEADER : 0);
  // bpmn-js shows a drill-down plane with the palette over its left side (and the breadcrumb over its top left corner).
  const contentLeft = Math.max(laneLeft + (hasLanes ? LANE_HEADER : 0) + CONTENT_INSET, pooled ? 0 : DRILL_DOWN_CONTENT_LEFT);
  const placement = place(root, plan.lanes.length, { x: contentLeft, y: top }, pooled ? 0 : BREADCRUMB_HEIGHT);
  const width = contentLeft - left + CONTENT_INSET + placement.width;
  const laneRects = new Map<string, Rect>();
  let y = top;
  placement.laneHeights.forEach((height, visual) => {
    const lane = placement.laneOrder.indexOf(visual);
    const info = plan.lanes[lane];
    if (info) laneRects.set(info.id, { x: laneLeft, y, width: width - (laneLeft - left), height });
    y += height;
  });
  const height = y - top;
  const pool: Rect = { x: left, y: top, width, height };
  const drawn: Drawn = { bounds: placement.bounds, labels: new Map(), edges: new Map(), unrouted: [] };
  const takenByLabels: Rect[] = allNodes(root)
    .filter((node) => node.child === undefined)
    .flatMap((node) => {
      const bounds = drawn.bounds.get(node);
      const button = bounds ? drillDownButton(node, bounds) : undefined;
      return [bounds, button].filter((rect): rect is Rect => rect !== undefined);
    });
  for (const node of allNodes(root)) {
    const bounds = drawn.bounds.get(node);
    const name = (node.element.name ?? '').trim();
    if (!bounds || !name || node.host || (node.kind !== 'event' && node.kind !== 'gateway')) continue;
    const label = labelBelow(bounds, name);
    drawn.labels.set(node.id, label);
    takenByLabels.push(label);
  }
  for (const node of allNodes(root)) {
    const bounds = drawn.bounds.get(node);
    const name = (node.element.name ?? '').trim();
    if (!bounds || !name || !node.host) continue;
    const host = node.host as LayoutNode;
    const label = boundaryLabel(node, bounds, name, placement.onTop, takenByLabels, drillDownButton(host, drawn.bounds.get(host) as Rect));
    drawn.labels.set(node.id, label);
    takenByLabels.push(label);
  }
  const regionOf = (container: Container): Rect => {
    if (container === root) return { x: contentLeft - CONTENT_INSET + 4, y: top + 2, width: width - (contentLeft - CONTENT_INSET + 4 - left) - 4, height: height - 4 };
    const box = drawn.bounds.get(container.node as LayoutNode) as Rect;
    return { x: box.x + 3, y: box.y + 3, width: box.width - 6, height: box.height - 6 };
  };
  route(allContainers(root), placement, regionOf, drawn);
  const annotations: Array<PlaneDrawing['annotations'][number]> = [];
  for (const container of allContainers(root)) {
    for (const annotation of container.annotations) {
      // A note on a boundary event points at its task's upper side.
      const anchor = annotation.target ? drawn.bounds.get(annotation.target.host ?? annotation.target) : undefined;
      const text = String(annotation.element.get('text') ?? '');
      const widthOf = Math.min(220, Math.max(80, textWidth(text)));
      const heightOf = Math.max(30, Math.ceil(textWidth(text) / widthOf) * LINE_HEIGHT + 8);
      // Above the pool, over the element it explains, clear of the other notes.
      let x = anchor ? Math.round(anchor.x) : contentLeft;
      for (const other of annotations) if (x < other.rect.x + other.rect.width + 10 && x + widthOf > other.rect.x - 10) x = other.rect.x + other.rect.width + 10;
      const rect: Rect = { x, y: top - heightOf - ANNOTATION_GAP, width: widthOf, height: heightOf };
      annotations.push({
        id: annotation.element.id ?? '',
        rect,
        ...(annotation.association?.id && anchor
          ? { association: { id: annotation.association.id, points: [{ x: Math.round(anchor.x + anchor.width / 2), y: anchor.y }, { x: Math.round(Math.max(rect.x, Math.min(rect.x + rect.width, anchor.x + anchor.width / 2))), y: rect.y + rect.height }] } }
          : {}),
      });
    }
  }
  return {
    pool,
    lanes: plan.lanes.map((lane) => ({ id: lane.id, rect: laneRects.get(lane.id) as Rect })),
    shapes: allNodes(root).map((node) => ({
      id: node.id,
      rect: drawn.bounds.get(node) as Rect,
      ...(drawn.labels.get(node.id) ? { label: drawn.labels.get(node.id) as Rect } : {}),
      expanded: node.child !== undefined,
      marker: node.element.$type === 'bpmn:ExclusiveGateway',
    })),
    edges: allContainers(root).flatMap((container) =>
      container.flows.map((flow) => ({ id: flow.id, ...(drawn.edges.get(flow.id) as { points: Point[]; label?: Rect }) })),
    ),
    annotations,
    height,
    unrouted: drawn.unrouted,
  };
}

/** Lays out a BPMN file; throws when the XML cannot be parsed. */
export async function layoutBpmn(xml: string, options: LayoutOptions = {}): Promise<LayoutResult> {
  const parsed = await createBpmnModdle().fromXML(xml);
  const definitions = parsed.rootElement;
  const roleLaneNames = options.roleLaneNames ?? ROLE_LANE_NAMES;
  const used = idsOf(definitions);
  const roots = list(definitions, 'rootElements');
  const processes = roots.filter((element) => element.$type === 'bpmn:Process');
  const collaboration = roots.find((element) => element.$type === 'bpmn:Collaboration');
  const participants = list(collaboration, 'participants');
  const unrouted: string[] = [];
  const pools: PoolDrawing[] = [];
  const laneSets: Array<DiagramDrawing['laneSets'][number]> = [];
  const newParticipants: Array<DiagramDrawing['newParticipants'][number]> = [];
  const planes: Array<DiagramDrawing['planes'][number]> = [];
  const generateLaneSet = (containerId: string, kind: 'process' | 'subProcess', plan: LanePlan): void => {
    if (!plan.generated) return;
    laneSets.push({
      containerId,
      kind,
      laneSetId: plan.laneSetId,
      lanes: plan.lanes.map((lane) => ({ id: lane.id, name: lane.name, refs: plan.members.get(lane.id) ?? [] })),
    });
    used.add(plan.laneSetId);
    for (const lane of plan.lanes) used.add(lane.id);
  };
  /** The drill-down planes below a plane, each with lanes of its own, outermost first. */
  const drawDrillDowns = (root: Container, lanes: readonly Lane[]): void => {
    for (const node of allNodes(root)) {
      if (!node.plane) continue;
      const subProcess = node.element;
      const plan = planLanes(subProcess, node.plane, roleLaneNames, used, lanes[node.lane]?.name);
      generateLaneSet(subProcess.id ?? '', 'subProcess', plan);
      const drawing = drawPlane(plan, node.plane, 0, false);
      planes.push({
        diagramId: uniqueId(`BPMNDiagram_${subProcess.id ?? 'sub-process'}`, used),
        planeId: uniqueId(`BPMNPlane_${subProcess.id ?? 'sub-process'}`, used),
        elementId: subProcess.id ?? '',
        ...drawing,
      });
      unrouted.push(...drawing.unrouted);
      drawDrillDowns(node.plane, plan.lanes);
    }
  };
  let top = 0;
  for (const process of processes) {
    const root = buildContainer(process, new Map());
    const plan = planLanes(process, root, roleLaneNames, used);
    let participantId = participants.find((participant) => participant.get('processRef') === process)?.id;
    if (!participantId) {
      participantId = uniqueId(`Participant_${process.id ?? 'process'}`, used);
      used.add(participantId);
      newParticipants.push({ id: participantId, name: (process.name ?? '').trim(), processId: process.id ?? '' });
    }
    generateLaneSet(process.id ?? '', 'process', plan);
    const pool = drawPlane(plan, root, top, true);
    pools.push({ processId: process.id ?? '', participantId, ...pool });
    unrouted.push(...pool.unrouted);
    top += pool.height + POOL_GAP;
    drawDrillDowns(root, plan.lanes);
  }
  const collaborationId = collaboration?.id ?? uniqueId(`Collaboration_${processes[0]?.id ?? 'diagram'}`, used);
  const diagramId = uniqueId(`BPMNDiagram_${processes[0]?.id ?? 'diagram'}`, used);
  const drawing: DiagramDrawing = {
    diagramId,
    planeId: uniqueId(`BPMNPlane_${processes[0]?.id ?? 'diagram'}`, used),
    collaborationId,
    collaborationExists: collaboration !== undefined,
    newParticipants,
    laneSets,
    pools,
    planes,
    usedIds: used,
  };
  return { xml: spliceLayout(xml, drawing), unrouted };
}
