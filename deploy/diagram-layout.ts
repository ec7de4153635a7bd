/**
 * Checks of a diagram's interchange (BPMN DI): whether a process owner can
 * read it in the modeler. Issue 11, "Readable diagrams": no shape overlaps
 * another, no sequence flow crosses a shape, every flow node lies inside its
 * lane, every user task lies in the lane of its candidate group's role, and
 * every plane (the diagram's, and each collapsed sub-process's drill-down)
 * is small enough that fit-to-screen keeps its labels readable.
 *
 * Pure functions on the parsed model (bpmn-moddle, as deploy/project-files.ts
 * parses it); geometry is the DI's, labels are ignored.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { CandidateGroup } from '../workers/contract.ts';
import type { ParsedDiagram, ResourceProblem } from './project-files.ts';

export type LayoutRule =
  | 'layout/overlap'
  | 'layout/outside-sub-process'
  | 'layout/flow-crosses-shape'
  | 'layout/outside-lane'
  | 'layout/no-lane'
  | 'layout/wrong-lane'
  | 'layout/unreadable';

export interface LayoutProblem {
  readonly rule: LayoutRule;
  /** The elements concerned, the one to fix first. */
  readonly elementIds: readonly string[];
  /** `中文 / English` */
  readonly message: string;
}

/**
 * The lane name of each candidate group's role: the names of the comments of
 * CandidateGroup in workers/contract.ts, as a table the type checker keeps
 * complete. Not the names in processes/directory.json: those are the 主送 of
 * notices, which a jurisdiction may edit together with its addresses (e.g.
 * 专项检查牵头部门), while the diagrams are the same in every jurisdiction.
 */
export const ROLE_LANE_NAMES: Readonly<Record<CandidateGroup, string>> = {
  [CandidateGroup.patrolTeam]: '巡查组',
  [CandidateGroup.safetyCommitteeOffice]: '安委办',
  [CandidateGroup.leadingGroup]: '巡查工作领导小组',
  [CandidateGroup.patrolledUnit]: '被巡查单位',
  [CandidateGroup.responsibleUnit]: '责任单位',
  [CandidateGroup.disciplineLiaison]: '纪检监察机关联络',
  [CandidateGroup.supervisionTeam]: '督查组',
  [CandidateGroup.supervisedUnit]: '被督查单位',
  [CandidateGroup.leadDepartment]: '牵头部门',
  [CandidateGroup.regulatoryDepartment]: '业务监管部门',
  [CandidateGroup.inspectionTeam]: '检查组',
  [CandidateGroup.industryAuthority]: '行业主管部门',
  [CandidateGroup.enterprise]: '生产经营单位',
  [CandidateGroup.partyGovernment]: '党委政府',
  [CandidateGroup.safetyCommittee]: '安委会',
  [CandidateGroup.safetyCommitteeOfficeLeader]: '安委办负责人',
  [CandidateGroup.leadDepartmentLeader]: '牵头部门负责人',
  [CandidateGroup.industryAuthorityLeader]: '行业主管部门负责人',
  [CandidateGroup.regulatoryDepartmentLeader]: '业务监管部门负责人',
  [CandidateGroup.reportingUnit]: '填报单位',
  [CandidateGroup.townshipPlanner]: '乡镇功能区',
};

/**
 * The modeler's canvas on a 1440×900 screen (modeler-ui/web/styles/app.css:
 * the file list folded to its rail, the properties panel open, the lint bar
 * shut); test/integration/modeler-ui/diagram-readability.test.ts measures it.
 */
export const MODELER_CANVAS_AT_1440x900 = { width: 1040, height: 800 } as const;

/**
 * The lowest fit-to-screen zoom at which the modeler's 12 px labels stay
 * readable (9 px on screen, the size of a footnote in an official document).
 */
export const READABLE_ZOOM = 0.75;

export interface LayoutOptions {
  /** Lane name per candidate group; ROLE_LANE_NAMES unless given. */
  readonly roleLaneNames?: Readonly<Record<string, string>>;
}

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

interface Point {
  readonly x: number;
  readonly y: number;
}

interface Shape {
  readonly element: ModdleElement;
  readonly id: string;
  readonly bounds: Rect;
  readonly outline: 'rectangle' | 'circle' | 'diamond';
}

interface Edge {
  readonly element: ModdleElement;
  readonly id: string;
  readonly waypoints: readonly Point[];
}

/**
 * What the modeler shows at once: one diagram plane, or the inside of a
 * collapsed sub-process. bpmn-js shows the children of a collapsed
 * sub-process on a drill-down plane of their own, also when the file draws
 * them on the parent's plane (as the older modelers did), so they are never
 * compared with the parent's shapes.
 */
interface View {
  /** The collapsed sub-process whose drill-down plane this is; undefined for a diagram's own plane. */
  readonly subProcess: ModdleElement | undefined;
  /** The element the plane draws (collaboration or process) when it is a diagram's own plane. */
  readonly planeElement: ModdleElement | undefined;
  readonly shapes: readonly Shape[];
  readonly edges: readonly Edge[];
  /** Everything drawn, pools, lanes and labels included: what fit-to-screen fits. */
  readonly extent: Rect | undefined;
}

interface Layout {
  readonly views: readonly View[];
  /** Sub-processes drawn expanded; the others show their content on a drill-down plane. */
  readonly expanded: ReadonlySet<ModdleElement>;
  /** Bounds of every element with a shape, lanes included (the first plane's when several draw it). */
  readonly boundsById: ReadonlyMap<string, Rect>;
}

/** Rounding in the modeler's XML; a shape touching another is not overlapping it. */
const TOLERANCE = 1;

function instanceOf(element: ModdleElement, type: string): boolean {
  return (element as unknown as { $instanceOf(type: string): boolean }).$instanceOf(type);
}

function list(element: ModdleElement | undefined, property: string): ModdleElement[] {
  return (element?.get(property) as ModdleElement[] | undefined) ?? [];
}

function idOf(element: ModdleElement): string {
  return element.id ?? element.$type;
}

function outlineOf(element: ModdleElement): Shape['outline'] {
  if (instanceOf(element, 'bpmn:Event')) return 'circle';
  if (instanceOf(element, 'bpmn:Gateway')) return 'diamond';
  return 'rectangle';
}

function union(a: Rect | undefined, b: Rect): Rect {
  if (!a) return b;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

function rectOf(bounds: ModdleElement | undefined): Rect | undefined {
  if (!bounds) return undefined;
  const b = bounds as unknown as Rect;
  return { x: Number(b.x), y: Number(b.y), width: Number(b.width), height: Number(b.height) };
}

function layoutOf(definitions: ModdleElement): Layout {
  const boundsById = new Map<string, Rect>();
  const expanded = new Set<ModdleElement>();
  const planes = list(definitions, 'diagrams').map((diagram) => {
    const plane = diagram.get('plane') as ModdleElement | undefined;
    const shapes: Shape[] = [];
    const edges: Edge[] = [];
    const drawn: Array<{ element: ModdleElement; rect: Rect }> = [];
    for (const item of list(plane, 'planeElement')) {
      const element = item.get('bpmnElement') as ModdleElement | undefined;
      if (!element?.id) continue;
      const labelBounds = rectOf((item.get('label') as ModdleElement | undefined)?.get('bounds') as ModdleElement | undefined);
      if (labelBounds) drawn.push({ element, rect: labelBounds });
      if (item.$type === 'bpmndi:BPMNShape') {
        const bounds = rectOf(item.get('bounds') as ModdleElement | undefined);
        if (!bounds) continue;
        drawn.push({ element, rect: bounds });
        if (!boundsById.has(element.id)) boundsById.set(element.id, bounds);
        if (item.get('isExpanded') === true && instanceOf(element, 'bpmn:SubProcess')) expanded.add(element);
        if (instanceOf(element, 'bpmn:FlowNode')) shapes.push({ element, id: element.id, bounds, outline: outlineOf(element) });
      } else if (item.$type === 'bpmndi:BPMNEdge') {
        const waypoints = list(item, 'waypoint').map((point) => ({ x: Number(point.get('x')), y: Number(point.get('y')) }));
        for (const point of waypoints) drawn.push({ element, rect: { ...point, width: 0, height: 0 } });
        if (element.$type === 'bpmn:SequenceFlow') edges.push({ element, id: element.id, waypoints });
      }
    }
    return { planeElement: plane?.get('bpmnElement') as ModdleElement | undefined, shapes, edges, drawn };
  });
  /** The collapsed sub-process whose drill-down shows an element, else undefined: the plane's own view. */
  const viewOf = (element: ModdleElement): ModdleElement | undefined =>
    ancestorsOf(element).find((ancestor) => instanceOf(ancestor, 'bpmn:SubProcess') && !expanded.has(ancestor));
  const views = planes.flatMap((plane) => {
    const planeIsSubProcess = plane.planeElement !== undefined && instanceOf(plane.planeElement, 'bpmn:SubProcess');
    const byView = new Map<ModdleElement | undefined, { subProcess: ModdleElement | undefined; planeElement: ModdleElement | undefined; shapes: Shape[]; edges: Edge[]; extent: Rect | undefined }>();
    const entry = (element: ModdleElement): { shapes: Shape[]; edges: Edge[]; extent: Rect | undefined } => {
      // A drill-down plane shows the inside of its sub-process; nodes nested deeper in collapsed ones have their own view.
      const key = viewOf(element) ?? (planeIsSubProcess ? plane.planeElement : undefined);
      let view = byView.get(key);
      if (!view) byView.set(key, (view = { subProcess: key, planeElement: key ? undefined : plane.planeElement, shapes: [], edges: [], extent: undefined }));
      return view;
    };
    for (const shape of plane.shapes) entry(shape.element).shapes.push(shape);
    for (const edge of plane.edges) entry(edge.element).edges.push(edge);
    for (const { element, rect } of plane.drawn) {
      const view = entry(element);
      view.extent = union(view.extent, rect);
    }
    return [...byView.values()];
  });
  return { views, boundsById, expanded };
}

function hostOf(element: ModdleElement): ModdleElement | undefined {
  return element.$type === 'bpmn:BoundaryEvent' ? (element.get('attachedToRef') as ModdleElement | undefined) : undefined;
}

/** The sub-processes (and the process) an element is nested in, innermost first. */
function ancestorsOf(element: ModdleElement): ModdleElement[] {
  const ancestors: ModdleElement[] = [];
  for (let parent = element.$parent; parent; parent = parent.$parent) ancestors.push(parent);
  return ancestors;
}

function interiorsIntersect(a: Rect, b: Rect): boolean {
  return (
    Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > TOLERANCE &&
    Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > TOLERANCE
  );
}

function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x - TOLERANCE &&
    inner.y >= outer.y - TOLERANCE &&
    inner.x + inner.width <= outer.x + outer.width + TOLERANCE &&
    inner.y + inner.height <= outer.y + outer.height + TOLERANCE
  );
}

/** Whether a shape lies across a lane: within its left and right sides, and over part of its height. */
function spansLane(lane: Rect, shape: Rect): boolean {
  return (
    shape.x >= lane.x - TOLERANCE &&
    shape.x + shape.width <= lane.x + lane.width + TOLERANCE &&
    Math.min(lane.y + lane.height, shape.y + shape.height) - Math.max(lane.y, shape.y) > TOLERANCE
  );
}

function center(rect: Rect): Point {
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

function containsPoint(rect: Rect, point: Point): boolean {
  return point.x >= rect.x && point.x <= rect.x + rect.width && point.y >= rect.y && point.y <= rect.y + rect.height;
}

/**
 * The part [t0, t1] of segment p→q (p + t·(q − p)) inside the interior of a
 * convex outline, shrunk by TOLERANCE so that a flow running along or docking
 * at the border does not count; undefined when the segment misses it.
 */
function clipSegment(p: Point, q: Point, shape: Shape): [number, number] | undefined {
  const { width, height } = shape.bounds;
  const c = center(shape.bounds);
  const d = { x: q.x - p.x, y: q.y - p.y };
  if (shape.outline === 'circle') {
    const r = Math.min(width, height) / 2 - TOLERANCE;
    const f = { x: p.x - c.x, y: p.y - c.y };
    const a = d.x * d.x + d.y * d.y;
    const b = 2 * (f.x * d.x + f.y * d.y);
    const k = f.x * f.x + f.y * f.y - r * r;
    if (a === 0) return k < 0 ? [0, 1] : undefined;
    const discriminant = b * b - 4 * a * k;
    if (discriminant <= 0) return undefined;
    const root = Math.sqrt(discriminant);
    const t0 = Math.max(0, (-b - root) / (2 * a));
    const t1 = Math.min(1, (-b + root) / (2 * a));
    return t0 < t1 ? [t0, t1] : undefined;
  }
  // Cyrus–Beck: half-planes n·(point − c) ≤ limit.
  const halfPlanes: Array<[Point, number]> =
    shape.outline === 'rectangle'
      ? [
          [{ x: 1, y: 0 }, width / 2 - TOLERANCE],
          [{ x: -1, y: 0 }, width / 2 - TOLERANCE],
          [{ x: 0, y: 1 }, height / 2 - TOLERANCE],
          [{ x: 0, y: -1 }, height / 2 - TOLERANCE],
        ]
      : [1, -1].flatMap((sx) =>
          [1, -1].map((sy): [Point, number] => {
            // |dx|/(w/2) + |dy|/(h/2) ≤ 1, scaled to a unit normal.
            const n = { x: (sx * height) / 2, y: (sy * width) / 2 };
            const length = Math.hypot(n.x, n.y);
            return [{ x: n.x / length, y: n.y / length }, (width * height) / 4 / length - TOLERANCE];
          }),
        );
  let t0 = 0;
  let t1 = 1;
  for (const [n, limit] of halfPlanes) {
    const start = n.x * (p.x - c.x) + n.y * (p.y - c.y) - limit;
    const along = n.x * d.x + n.y * d.y;
    if (along === 0) {
      if (start >= 0) return undefined;
      continue;
    }
    const t = -start / along;
    if (along < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 >= t1) return undefined;
  }
  return [t0, t1];
}

function at(p: Point, q: Point, t: number): Point {
  return { x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y) };
}

function grow(rect: Rect, by: number): Rect {
  return { x: rect.x - by, y: rect.y - by, width: rect.width + 2 * by, height: rect.height + 2 * by };
}

function overlapProblems(view: View): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const { shapes } = view;
  for (let i = 0; i < shapes.length; i++) {
    for (let j = i + 1; j < shapes.length; j++) {
      const a = shapes[i] as Shape;
      const b = shapes[j] as Shape;
      if (hostOf(a.element) === b.element || hostOf(b.element) === a.element) continue;
      const [outer, inner] = ancestorsOf(b.element).includes(a.element)
        ? [a, b]
        : ancestorsOf(a.element).includes(b.element)
          ? [b, a]
          : [undefined, undefined];
      if (outer && inner) {
        if (!contains(outer.bounds, inner.bounds)) {
          problems.push({
            rule: 'layout/outside-sub-process',
            elementIds: [inner.id, outer.id],
            message: `${inner.id} 超出其所在子流程 ${outer.id} 的边界 / ${inner.id} sticks out of its sub-process ${outer.id}`,
          });
        }
        continue;
      }
      if (interiorsIntersect(a.bounds, b.bounds)) {
        problems.push({
          rule: 'layout/overlap',
          elementIds: [a.id, b.id],
          message: `图形 ${a.id} 与 ${b.id} 重叠 / shapes ${a.id} and ${b.id} overlap`,
        });
      }
    }
  }
  return problems;
}

function crossingProblems(view: View, boundsById: ReadonlyMap<string, Rect>): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  for (const edge of view.edges) {
    const source = edge.element.get('sourceRef') as ModdleElement | undefined;
    const target = edge.element.get('targetRef') as ModdleElement | undefined;
    const ends = [source, target].filter((end): end is ModdleElement => end !== undefined);
    const containers = new Set(ancestorsOf(edge.element));
    /** A boundary event at an end: the part of the flow inside it may lie over its host. */
    const endEvents = ends.filter((end) => hostOf(end) !== undefined);
    for (const shape of view.shapes) {
      const element = shape.element;
      if (ends.includes(element) || containers.has(element)) continue;
      const host = hostOf(element);
      if (host && ends.includes(host)) continue;
      const dockedEvents = endEvents.filter((event) => hostOf(event) === element);
      const crosses = edge.waypoints.slice(1).some((q, index) => {
        const p = edge.waypoints[index] as Point;
        const inside = clipSegment(p, q, shape);
        if (!inside) return false;
        // Leaving a boundary event across its host's border is docking, not crossing.
        return !dockedEvents.some((event) => {
          const eventBounds = boundsById.get(idOf(event));
          return (
            eventBounds !== undefined &&
            containsPoint(grow(eventBounds, TOLERANCE), at(p, q, inside[0])) &&
            containsPoint(grow(eventBounds, TOLERANCE), at(p, q, inside[1]))
          );
        });
      });
      if (crosses) {
        problems.push({
          rule: 'layout/flow-crosses-shape',
          elementIds: [edge.id, shape.id],
          message: `顺序流 ${edge.id} 穿过图形 ${shape.id} / sequence flow ${edge.id} crosses shape ${shape.id}`,
        });
      }
    }
  }
  return problems;
}

interface LaneInfo {
  readonly lane: ModdleElement;
  readonly depth: number;
}

function lanesOf(container: ModdleElement): LaneInfo[] {
  const found: LaneInfo[] = [];
  const visit = (laneSet: ModdleElement, depth: number): void => {
    for (const lane of list(laneSet, 'lanes')) {
      found.push({ lane, depth });
      const child = lane.get('childLaneSet') as ModdleElement | undefined;
      if (child) visit(child, depth + 1);
    }
  };
  for (const laneSet of list(container, 'laneSets')) visit(laneSet, 0);
  return found;
}

function candidateGroupsOf(task: ModdleElement): string[] {
  const value = task.get('camunda:candidateGroups');
  if (typeof value !== 'string' || value.includes('${') || value.includes('#{')) return [];
  return value
    .split(',')
    .map((group) => group.trim())
    .filter((group) => group.length > 0);
}

function normalized(name: string | undefined): string {
  return (name ?? '').replace(/\s+/g, ' ').trim();
}

function subProcessesBelow(container: ModdleElement): ModdleElement[] {
  return list(container, 'flowElements').flatMap((element) => (instanceOf(element, 'bpmn:SubProcess') ? [element, ...subProcessesBelow(element)] : []));
}

/**
 * The user tasks a plane's lanes answer for: those of the container and of
 * the sub-processes drawn on its plane, not those on a drill-down plane.
 */
function userTasksOnPlane(container: ModdleElement, expanded: ReadonlySet<ModdleElement>): ModdleElement[] {
  return list(container, 'flowElements').flatMap((element) => {
    if (element.$type === 'bpmn:UserTask') return [element];
    if (instanceOf(element, 'bpmn:SubProcess') && expanded.has(element)) return userTasksOnPlane(element, expanded);
    return [];
  });
}

/**
 * Lanes of every plane: the process's, and those of each sub-process drawn
 * collapsed, whose drill-down plane has lanes of its own (its laneSet).
 */
function laneProblems(
  definitions: ModdleElement,
  boundsById: ReadonlyMap<string, Rect>,
  expanded: ReadonlySet<ModdleElement>,
  roleLaneNames: Readonly<Record<string, string>>,
): LayoutProblem[] {
  const processes = list(definitions, 'rootElements').filter((element) => element.$type === 'bpmn:Process');
  const containers = processes.flatMap((process) => [process, ...subProcessesBelow(process).filter((subProcess) => !expanded.has(subProcess))]);
  if (containers.every((container) => lanesOf(container).length === 0)) return [];
  const boundsOf = (id: string): Rect | undefined => boundsById.get(id);
  const problems: LayoutProblem[] = [];
  for (const container of containers) {
    const lanes = lanesOf(container);
    const direct = list(container, 'flowElements').filter((element) => instanceOf(element, 'bpmn:FlowNode'));
    /** The innermost lane that lists a node, or holds its shape when it is nested in an expanded sub-process. */
    const laneOf = new Map<ModdleElement, LaneInfo>();
    for (const node of direct) {
      const listing = lanes.filter((info) => list(info.lane, 'flowNodeRef').includes(node));
      if (listing.length === 0) {
        if (!hostOf(node)) {
          problems.push({
            rule: 'layout/no-lane',
            elementIds: [idOf(node)],
            message: `${idOf(node)} 不在任何泳道中 / ${idOf(node)} is in no lane`,
          });
        }
        continue;
      }
      const nodeBounds = boundsOf(idOf(node));
      for (const { lane } of listing) {
        const laneBounds = boundsOf(idOf(lane));
        if (!nodeBounds || !laneBounds) continue;
        // A boundary event sits on its host's border: its centre counts. An
        // expanded sub-process whose content belongs to several lanes spans
        // them: it must lie across its own lane.
        const inside = hostOf(node)
          ? containsPoint(laneBounds, center(nodeBounds))
          : contains(laneBounds, nodeBounds) || (instanceOf(node, 'bpmn:SubProcess') && spansLane(laneBounds, nodeBounds));
        if (!inside) {
          problems.push({
            rule: 'layout/outside-lane',
            elementIds: [idOf(node), idOf(lane)],
            message: `${idOf(node)} 超出所属泳道 ${idOf(lane)}（${normalized(lane.name)}）的边界 / ${idOf(node)} lies outside its lane ${idOf(lane)} (${normalized(lane.name)})`,
          });
        }
      }
      laneOf.set(node, listing.reduce((deepest, info) => (info.depth > deepest.depth ? info : deepest)));
    }
    for (const task of userTasksOnPlane(container, expanded)) {
      const groups = candidateGroupsOf(task);
      if (groups.length === 0) continue;
      let lane = laneOf.get(task);
      if (!lane && !direct.includes(task)) {
        const taskBounds = boundsOf(idOf(task));
        const holding = taskBounds
          ? lanes.filter((info) => {
              const laneBounds = boundsOf(idOf(info.lane));
              return laneBounds !== undefined && containsPoint(laneBounds, center(taskBounds));
            })
          : [];
        lane = holding.length > 0 ? holding.reduce((deepest, info) => (info.depth > deepest.depth ? info : deepest)) : undefined;
      }
      if (!lane) continue;
      const roles = groups.map((group) => roleLaneNames[group]).filter((name): name is string => name !== undefined);
      if (roles.length === 0) continue;
      const laneName = normalized(lane.lane.name);
      if (!roles.includes(laneName)) {
        const expected = roles.join('、');
        problems.push({
          rule: 'layout/wrong-lane',
          elementIds: [idOf(task), idOf(lane.lane)],
          message: `用户任务 ${idOf(task)} 的候选组是 ${groups.join(',')}，应在泳道「${expected}」中，而不在「${laneName}」中 / user task ${idOf(task)} of candidate group ${groups.join(',')} belongs in lane "${expected}", not "${laneName}"`,
        });
      }
    }
  }
  return problems;
}

/** The zoom at which the modeler's fit-to-screen shows a plane whole, given its extent. */
export function fitZoom(extent: { readonly width: number; readonly height: number }, canvas = MODELER_CANVAS_AT_1440x900): number {
  return Math.min(1, canvas.width / Math.max(1, extent.width), canvas.height / Math.max(1, extent.height));
}

/** A plane that fit-to-screen would show below READABLE_ZOOM on a 1440×900 screen. */
function readabilityProblems(view: View): LayoutProblem[] {
  if (!view.extent) return [];
  const zoom = fitZoom(view.extent);
  if (zoom >= READABLE_ZOOM) return [];
  const element = view.subProcess ?? view.planeElement;
  const id = element ? idOf(element) : 'diagram';
  const width = Math.round(view.extent.width);
  const height = Math.round(view.extent.height);
  const limit = `${Math.floor(MODELER_CANVAS_AT_1440x900.width / READABLE_ZOOM)}×${Math.floor(MODELER_CANVAS_AT_1440x900.height / READABLE_ZOOM)}`;
  return [
    {
      rule: 'layout/unreadable',
      elementIds: [id],
      message:
        `${id} 的画面 ${width}×${height} 像素，在 1440×900 屏幕上适应画布时缩放为 ${zoom.toFixed(2)}，文字难以辨认（至少 ${READABLE_ZOOM}，即不超过 ${limit}）：请把一段流程收进子流程 / ` +
        `the plane of ${id} measures ${width}×${height} px; fit-to-screen on a 1440×900 screen zooms it to ${zoom.toFixed(2)}, too small to read (at least ${READABLE_ZOOM}, i.e. at most ${limit}): move a stretch of it into a sub-process`,
    },
  ];
}

/** Every layout problem of a parsed diagram, overlaps first, then crossings, then lanes, then readability. */
export function checkDiagramLayout(definitions: ModdleElement, options: LayoutOptions = {}): LayoutProblem[] {
  const { views, boundsById, expanded } = layoutOf(definitions);
  return [
    ...views.flatMap(overlapProblems),
    ...views.flatMap((view) => crossingProblems(view, boundsById)),
    ...laneProblems(definitions, boundsById, expanded, options.roleLaneNames ?? ROLE_LANE_NAMES),
    ...views.flatMap(readabilityProblems),
  ];
}

/** Layout problems as warnings of `npm run lint:bpmn`: they make a diagram hard to read, not wrong. */
export function layoutWarnings(diagram: ParsedDiagram, options: LayoutOptions = {}): ResourceProblem[] {
  if (!diagram.definitions || diagram.problems.length > 0) return [];
  return checkDiagramLayout(diagram.definitions, options).map((problem) => ({
    file: diagram.file,
    ...(problem.elementIds[0] ? { elementId: problem.elementIds[0] } : {}),
    rule: problem.rule,
    message: problem.message,
    severity: 'warning',
  }));
}
