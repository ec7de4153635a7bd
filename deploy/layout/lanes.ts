/**
 * Which lane every flow node goes in. Lanes come from the semantic
 * `bpmn:laneSet` (its `flowNodeRef`s); a process without one gets one lane
 * per role: a user task in the lane of its candidate group, a task whose
 * candidate group is an expression in the lane of the organ it stands for
 * (EXPRESSION_LANES; else 审批机关（按辖区配置）), a boundary
 * event with its host, any other node with the nearest preceding user task
 * (else the next one). Nested nodes that no lane lists follow the same rules.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { type Container, type Lane, type LayoutNode, allNodes, deepNodes, list } from './model.ts';

export const EXPRESSION_LANE_NAME = '审批机关（按辖区配置）';
const EXPRESSION_LANE_KEY = 'by-jurisdiction';

/**
 * The lane of a user task whose candidate group is an expression: by the
 * expression, named after the organ it stands for (the id suffix `key`);
 * expressions of one organ share a name, hence a lane. Others go into
 * EXPRESSION_LANE_NAME.
 */
const ACTING_ORGAN = '诊断复核机关（由调用流程指定：安委办、牵头部门或业务监管部门）';

export const EXPRESSION_LANES: Readonly<Record<string, { readonly key: string; readonly name: string }>> = {
  '${approvalStep.group}': { key: EXPRESSION_LANE_KEY, name: EXPRESSION_LANE_NAME },
  '${profile.procedures.patrol.rectificationPlanTo.to[0]}': { key: 'plan-reviewer', name: '整改方案审核机关（按辖区配置）' },
  '${profile.procedures.patrol.revisitBy}': { key: 'revisit-organ', name: '回头看组织机关（按辖区配置）' },
  '${actingGroup}': { key: 'acting-organ', name: ACTING_ORGAN },
  '${reviewingGroup}': { key: 'acting-organ', name: ACTING_ORGAN },
  '${decidingGroup}': { key: 'deciding-organ', name: '督办决定机关（按调用流程）' },
  '${transferLetter.organ}': { key: 'transferring-organ', name: '移交机关（按调用流程）' },
  '${transferLetter.approvalGroup}': { key: 'organ-leader', name: '移交机关负责人（按移交机关）' },
};

function expressionLane(key: string): { readonly key: string; readonly name: string } {
  return EXPRESSION_LANES[key.slice(EXPRESSION_PREFIX.length)] ?? { key: EXPRESSION_LANE_KEY, name: EXPRESSION_LANE_NAME };
}

const EXPRESSION_PREFIX = 'expression:';

export interface LanePlan {
  readonly lanes: Lane[];
  /** Flow node ids per generated lane (flowNodeRef of the lanes the layout adds). */
  readonly members: Map<string, string[]>;
  /** Whether the process had no laneSet and the layout adds one. */
  readonly generated: boolean;
  readonly laneSetId: string;
}

function normalized(name: string | undefined): string {
  return (name ?? '').replace(/\s+/g, ' ').trim();
}

/** The lane key of a user task: its first candidate group with a role name, or the expression lane. */
function roleOf(node: LayoutNode, roleLaneNames: Readonly<Record<string, string>>): string | undefined {
  if (node.element.$type !== 'bpmn:UserTask') return undefined;
  const value = node.element.get('camunda:candidateGroups');
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (value.includes('${') || value.includes('#{')) return `${EXPRESSION_PREFIX}${value.trim()}`;
  return value
    .split(',')
    .map((group) => group.trim())
    .find((group) => roleLaneNames[group] !== undefined);
}

function leafLanes(process: ModdleElement): ModdleElement[] {
  const found: ModdleElement[] = [];
  const visit = (laneSet: ModdleElement): void => {
    for (const lane of list(laneSet, 'lanes')) {
      const child = lane.get('childLaneSet') as ModdleElement | undefined;
      if (child && list(child, 'lanes').length > 0) visit(child);
      else found.push(lane);
    }
  };
  for (const laneSet of list(process, 'laneSets')) visit(laneSet);
  return found;
}

/** Predecessors and successors of a node among the flows of its container (a boundary event counts as its host). */
function neighbours(container: Container): { before: Map<LayoutNode, LayoutNode[]>; after: Map<LayoutNode, LayoutNode[]> } {
  const before = new Map<LayoutNode, LayoutNode[]>();
  const after = new Map<LayoutNode, LayoutNode[]>();
  for (const flow of container.flows) {
    const source = flow.source.host ?? flow.source;
    before.set(flow.target, [...(before.get(flow.target) ?? []), source]);
    after.set(source, [...(after.get(source) ?? []), flow.target]);
  }
  return { before, after };
}

function nearest(start: LayoutNode, step: Map<LayoutNode, LayoutNode[]>, pick: (node: LayoutNode) => number | undefined): number | undefined {
  const seen = new Set<LayoutNode>([start]);
  let frontier = step.get(start) ?? [];
  while (frontier.length > 0) {
    const next: LayoutNode[] = [];
    for (const node of frontier) {
      if (seen.has(node)) continue;
      seen.add(node);
      const lane = pick(node);
      if (lane !== undefined) return lane;
      next.push(...(step.get(node) ?? []));
    }
    frontier = next;
  }
  return undefined;
}

/**
 * Assigns `lane` on every node of a plane (a process, or a sub-process drawn
 * collapsed on its own drill-down plane) and returns the plane's lanes (in
 * semantic order; the layout orders them on screen).
 */
export function planLanes(
  process: ModdleElement,
  root: Container,
  roleLaneNames: Readonly<Record<string, string>>,
  usedIds: ReadonlySet<string>,
  /** The lane of a plane without user tasks: for a sub-process, the lane its box sits in on the plane above. */
  fallbackLaneName?: string,
): LanePlan {
  const existing = leafLanes(process);
  // Lanes of a sub-process's plane carry its id: lane ids are unique in a file.
  const lanePrefix = process.$type === 'bpmn:Process' ? 'Lane' : `Lane_${process.id ?? 'sub-process'}`;
  const lanes: Lane[] = [];
  const members = new Map<string, string[]>();
  const fixed = new Map<LayoutNode, number>();
  const nodes = allNodes(root);
  const laneSetId = uniqueId(`LaneSet_${process.id ?? 'process'}`, usedIds);
  if (existing.length > 0) {
    existing.forEach((lane, index) => {
      lanes.push({ id: lane.id ?? `Lane_${index}`, name: normalized(lane.name), existing: true });
      for (const ref of list(lane, 'flowNodeRef')) {
        const node = nodes.find((candidate) => candidate.element === ref);
        if (node && !fixed.has(node)) fixed.set(node, index);
      }
    });
  }
  const laneByKey = new Map<string, number>();
  const laneForKey = (role: string): number | undefined => {
    const expression = role.startsWith(EXPRESSION_PREFIX) ? expressionLane(role) : undefined;
    const key = expression?.key ?? role;
    const name = expression?.name ?? roleLaneNames[role];
    if (name === undefined) return undefined;
    const found = lanes.findIndex((lane) => lane.name === name);
    if (found >= 0) return found;
    if (existing.length > 0) return undefined;
    const known = laneByKey.get(key);
    if (known !== undefined) return known;
    lanes.push({ id: uniqueId(`${lanePrefix}_${key}`, usedIds), name, existing: false });
    laneByKey.set(key, lanes.length - 1);
    return lanes.length - 1;
  };
  const assigned = new Map<LayoutNode, number>(fixed);
  /** Nodes whose lane the nodes around them follow (besides user tasks). */
  const anchors = new Set<LayoutNode>(fixed.keys());
  // User tasks first: their role decides.
  for (const node of nodes) {
    if (assigned.has(node)) continue;
    const role = roleOf(node, roleLaneNames);
    const lane = role === undefined ? undefined : laneForKey(role);
    if (lane !== undefined) assigned.set(node, lane);
  }
  if (lanes.length === 0) {
    const name = fallbackLaneName ?? (normalized(process.name) || (process.id ?? ''));
    const key = Object.entries(roleLaneNames).find(([, laneName]) => laneName === name)?.[0];
    lanes.push({ id: uniqueId(key ? `${lanePrefix}_${key}` : `Lane_${process.id ?? 'process'}`, usedIds), name, existing: false });
  }
  const assignContainer = (container: Container, fallback: number): void => {
    const { before, after } = neighbours(container);
    const userLane = (node: LayoutNode): number | undefined => (node.element.$type === 'bpmn:UserTask' || anchors.has(node) ? assigned.get(node) : undefined);
    for (const node of container.nodes) {
      if (assigned.has(node)) continue;
      let lane: number | undefined;
      if (node.child) {
        // A sub-process goes with the first role inside it.
        const inside = allNodes(node.child).find((child) => child.element.$type === 'bpmn:UserTask' && assigned.has(child));
        lane = inside ? assigned.get(inside) : undefined;
        // Its role then counts as a user task's for the nodes around it.
        if (lane !== undefined) anchors.add(node);
      } else if (node.plane) {
        // A collapsed one too, by the first role on its planes.
        const role = deepNodes(node.plane)
          .map((inner) => roleOf(inner, roleLaneNames))
          .find((key) => key !== undefined);
        lane = role === undefined ? undefined : laneForKey(role);
        if (lane !== undefined) anchors.add(node);
      }
      lane ??= nearest(node, before, userLane) ?? nearest(node, after, userLane);
      assigned.set(node, lane ?? fallback);
    }
    for (const event of container.boundaryEvents) {
      if (!assigned.has(event)) assigned.set(event, assigned.get(event.host ?? event) ?? fallback);
    }
    for (const node of container.nodes) if (node.child) assignContainer(node.child, assigned.get(node) ?? fallback);
  };
  assignContainer(root, 0);
  for (const node of nodes) node.lane = assigned.get(node) ?? 0;
  if (existing.length === 0) {
    for (const node of root.nodes.flatMap((direct) => [direct, ...direct.boundaries])) {
      const lane = lanes[node.lane] as Lane;
      members.set(lane.id, [...(members.get(lane.id) ?? []), node.id]);
    }
  }
  return { lanes, members, generated: existing.length === 0, laneSetId };
}

export function uniqueId(base: string, used: ReadonlySet<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (!used.has(clean)) return clean;
  for (let index = 2; ; index++) if (!used.has(`${clean}_${index}`)) return `${clean}_${index}`;
}
