/**
 * Where every shape goes: columns by the longest path from the start events
 * (loops found by a depth-first search do not count), rows within a lane for
 * parallel branches, and below its task everything reached from a boundary
 * event, also when it acts in another lane: that lane is then ordered below
 * the task's (orderLanes). A sub-process is laid out inside its box; a
 * sub-process whose content belongs to several lanes spans them, with each
 * inner node in its own lane's band.
 */
import type { Container, LayoutFlow, LayoutNode } from './model.ts';
import { allNodes } from './model.ts';
import { TASK_HEIGHT, labelSize, textWidth } from './text.ts';

export const GAP_X = 40;
export const GAP_Y = 34;
/** Inside a sub-process box: left/right, above the content (its name), below. */
export const PAD_X = 20;
export const PAD_TOP = 32;
export const PAD_BOTTOM = 24;
/** Around the content of a sub-process that spans lanes, in each of its lanes. */
export const SPAN_MARGIN = 22;
export const LANE_PAD = 26;
export const MIN_LANE_HEIGHT = 140;

/** Rows are uniform: a task's height and the channel below it. */
export const ROW_PITCH = TASK_HEIGHT + GAP_Y;

/** The width a branch's name wraps at beside a gateway (five characters a line). */
export const BRANCH_NAME_WIDTH = 60;
/** The width an event's or a gateway's name wraps at below it (six characters a line). */
export const NODE_LABEL_WIDTH = 72;

/**
 * The room a node needs in its column: its shape, or for an event or a
 * gateway its name below it, less what may hang into the gaps at its sides.
 */
function columnWidthOf(node: LayoutNode): number {
  const name = (node.element.name ?? '').trim();
  if (!name || (node.kind !== 'event' && node.kind !== 'gateway')) return node.size.width;
  return Math.max(node.size.width, labelSize(name, NODE_LABEL_WIDTH).width - GAP_X + 8);
}

/** Rows a node takes: one, or several for a tall sub-process. */
function rowSpan(node: LayoutNode): number {
  return node.size.height <= TASK_HEIGHT ? 1 : Math.ceil((node.size.height - TASK_HEIGHT) / ROW_PITCH) + 1;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Band {
  readonly top: number;
  readonly bottom: number;
}

interface Grid {
  readonly container: Container;
  col: Map<LayoutNode, number>;
  row: Map<LayoutNode, number>;
  readonly back: Set<LayoutFlow>;
  /** Nodes reached only from boundary events. */
  readonly below: Set<LayoutNode>;
  /** Per node, the lanes of what its boundary events lead to (below). */
  readonly chainLanes: ReadonlyMap<LayoutNode, ReadonlySet<number>>;
  readonly order: Map<LayoutNode, number>;
  colWidths: number[];
  /** The gap after each column: wider after a gateway whose branches carry names, so that a name fits beside its flow. */
  colGaps: number[];
  contentWidth: number;
  /** Height of the content per lane (visual position). */
  contentHeight: Map<number, number>;
}

export interface Placement {
  readonly bounds: Map<LayoutNode, Rect>;
  readonly back: Set<LayoutFlow>;
  readonly below: Set<LayoutNode>;
  /** Boundary events on the upper border of their host. */
  readonly onTop: ReadonlySet<LayoutNode>;
  /** Lane index → visual position (0 = top). */
  readonly laneOrder: number[];
  readonly laneBands: Map<number, Band>;
  /** Content size of the process (its lanes' heights by visual position). */
  readonly width: number;
  readonly laneHeights: number[];
}

function sourceOf(flow: LayoutFlow): LayoutNode {
  return flow.source.host ?? flow.source;
}

function isEventSubProcess(node: LayoutNode): boolean {
  return node.kind === 'sub-process' && node.element.get('triggeredByEvent') === true;
}

/**
 * `bent`: hand-overs that may not go straight up or down (see straightened);
 * `laneOrder`: the lanes' visual positions, once known.
 */
function layer(container: Container, bent: ReadonlySet<LayoutFlow> = new Set(), laneOrder?: readonly number[]): Grid {
  const nodes = container.nodes;
  const index = new Map(nodes.map((node, position) => [node, position]));
  const out = new Map<LayoutNode, LayoutFlow[]>();
  const incoming = new Map<LayoutNode, number>();
  for (const flow of container.flows) {
    const source = sourceOf(flow);
    if (!index.has(source) || !index.has(flow.target)) continue;
    out.set(source, [...(out.get(source) ?? []), flow]);
    incoming.set(flow.target, (incoming.get(flow.target) ?? 0) + 1);
  }
  const starts = nodes.filter((node) => !incoming.has(node) && !isEventSubProcess(node));
  // Depth-first: back edges are the loops.
  const state = new Map<LayoutNode, 1 | 2>();
  const back = new Set<LayoutFlow>();
  const order = new Map<LayoutNode, number>();
  const dfs = (root: LayoutNode): void => {
    if (state.has(root)) return;
    const stack: Array<[LayoutNode, number]> = [[root, 0]];
    state.set(root, 1);
    order.set(root, order.size);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [LayoutNode, number];
      const [node, next] = top;
      const flows = out.get(node) ?? [];
      if (next >= flows.length) {
        state.set(node, 2);
        stack.pop();
        continue;
      }
      top[1] = next + 1;
      const flow = flows[next] as LayoutFlow;
      const target = flow.target;
      const seen = state.get(target);
      if (seen === 1) back.add(flow);
      else if (seen === undefined) {
        state.set(target, 1);
        order.set(target, order.size);
        stack.push([target, 0]);
      }
    }
  };
  for (const start of starts) dfs(start);
  for (const node of nodes) dfs(node);
  // The main path: reached from a start without a boundary event.
  const main = new Set<LayoutNode>(starts);
  const queue = [...starts];
  while (queue.length > 0) {
    const node = queue.shift() as LayoutNode;
    for (const flow of out.get(node) ?? []) {
      if (flow.source.host || main.has(flow.target)) continue;
      main.add(flow.target);
      queue.push(flow.target);
    }
  }
  const below = new Set<LayoutNode>();
  const pending = container.flows.filter((flow) => flow.source.host && !main.has(flow.target)).map((flow) => flow.target);
  while (pending.length > 0) {
    const node = pending.shift() as LayoutNode;
    if (below.has(node) || main.has(node)) continue;
    below.add(node);
    for (const flow of out.get(node) ?? []) pending.push(flow.target);
  }
  // The lanes a node's reminders and escalations act in (in document order): there they take the cell next to it.
  const chainLanes = new Map<LayoutNode, Set<number>>();
  for (const event of container.boundaryEvents) {
    const host = event.host ?? event;
    const lanes = chainLanes.get(host) ?? new Set<number>();
    const seen = new Set<LayoutNode>();
    const reached = container.flows.filter((flow) => flow.source === event).map((flow) => flow.target);
    while (reached.length > 0) {
      const node = reached.shift() as LayoutNode;
      if (seen.has(node) || !below.has(node)) continue;
      seen.add(node);
      lanes.add(node.lane);
      for (const flow of out.get(node) ?? []) reached.push(flow.target);
    }
    chainLanes.set(host, lanes);
  }
  /**
   * Whether a chain of `node` takes the cell of `other` in its column: it acts
   * in the other's lane, or (the lanes' positions known) its flow runs up or
   * down across that lane.
   */
  const chainMeets = (node: LayoutNode, other: LayoutNode): boolean =>
    [...(chainLanes.get(node) ?? [])].some((lane) => {
      if (!laneOrder) return lane === other.lane;
      const [from, to, at] = [laneOrder[node.lane] ?? 0, laneOrder[lane] ?? 0, laneOrder[other.lane] ?? 0];
      return at !== from && at >= Math.min(from, to) && at <= Math.max(from, to);
    });
  /** Whether a hand-over may go straight up or down, both ends in one column: not where a chain of either end takes the other's cell. */
  const straight = (flow: LayoutFlow): boolean => !bent.has(flow) && !chainMeets(flow.target, flow.source) && !chainMeets(flow.source, flow.target);
  // Longest path over the forward flows, in a topological order (ties: document order).
  const indegree = new Map<LayoutNode, number>();
  for (const flows of out.values()) for (const flow of flows) if (!back.has(flow)) indegree.set(flow.target, (indegree.get(flow.target) ?? 0) + 1);
  const col = new Map<LayoutNode, number>(nodes.map((node) => [node, 0]));
  /** Whether a node's column comes from a hand-over drawn straight up or down (then its lane's cell must be free). */
  const handedOver = new Map<LayoutNode, boolean>();
  const occupied = new Set<string>();
  const ready = nodes.filter((node) => !indegree.get(node));
  while (ready.length > 0) {
    ready.sort((a, b) => (index.get(a) as number) - (index.get(b) as number));
    const node = ready.shift() as LayoutNode;
    let column = col.get(node) ?? 0;
    if (handedOver.get(node) && occupied.has(`${node.lane}:${column}`)) column++;
    col.set(node, column);
    if (!below.has(node)) occupied.add(`${node.lane}:${column}`);
    for (const flow of out.get(node) ?? []) {
      if (back.has(flow)) continue;
      // A boundary event's follower goes under its task; a hand-over to another lane goes straight up or down.
      const handOver =
        node.lane !== flow.target.lane && !flow.target.child && !node.child && !flow.source.host && !below.has(flow.target) && straight(flow);
      const weight = (flow.source.host && below.has(flow.target)) || handOver ? 0 : 1;
      const value = column + weight;
      const known = col.get(flow.target) ?? 0;
      if (value > known || (value === known && !handedOver.has(flow.target))) handedOver.set(flow.target, handOver);
      else if (value === known && !handOver) handedOver.set(flow.target, false);
      col.set(flow.target, Math.max(known, value));
      const left = (indegree.get(flow.target) ?? 0) - 1;
      indegree.set(flow.target, left);
      if (left === 0) ready.push(flow.target);
    }
  }
  return {
    container,
    col,
    row: new Map(),
    back,
    below,
    chainLanes,
    order,
    colWidths: [],
    colGaps: [],
    contentWidth: 0,
    contentHeight: new Map(),
  };
}

/** Visual lane positions a node's subtree occupies. */
function spanOf(node: LayoutNode, laneOrder: readonly number[]): [number, number] {
  const positions = [node, ...(node.child ? allNodes(node.child) : [])].map((member) => laneOrder[member.lane] ?? 0);
  return [Math.min(...positions), Math.max(...positions)];
}

function isSpanning(node: LayoutNode, laneOrder: readonly number[]): boolean {
  const [top, bottom] = spanOf(node, laneOrder);
  return top !== bottom;
}

/** A sub-process spanning lanes has its column to itself in those lanes. */
function separateSpanning(grid: Grid, laneOrder: readonly number[]): void {
  const nodes = grid.container.nodes;
  // Event sub-processes: spanning ones in columns of their own after the main path.
  const last = Math.max(0, ...nodes.filter((node) => !isEventSubProcess(node)).map((node) => grid.col.get(node) ?? 0));
  let next = last + 1;
  for (const node of nodes) if (isEventSubProcess(node)) grid.col.set(node, isSpanning(node, laneOrder) ? next++ : 0);
  const rank = (node: LayoutNode): number => grid.order.get(node) ?? 0;
  for (let column = 0; column <= Math.max(0, ...grid.col.values()); column++) {
    const inColumn = nodes.filter((node) => grid.col.get(node) === column).sort((a, b) => rank(a) - rank(b));
    const keep: LayoutNode[] = [];
    const move: LayoutNode[] = [];
    for (const node of inColumn) {
      const [top, bottom] = spanOf(node, laneOrder);
      const clash = keep.some((other) => {
        const [otherTop, otherBottom] = spanOf(other, laneOrder);
        const intersect = top <= otherBottom && otherTop <= bottom;
        return intersect && (isSpanning(node, laneOrder) || isSpanning(other, laneOrder));
      });
      (clash ? move : keep).push(node);
    }
    if (move.length === 0) continue;
    for (const node of nodes) if ((grid.col.get(node) ?? 0) > column) grid.col.set(node, (grid.col.get(node) ?? 0) + 1);
    for (const node of move) grid.col.set(node, column + 1);
  }
}

function assignRows(grid: Grid, laneOrder: readonly number[]): void {
  const { container, col, below } = grid;
  const group = (node: LayoutNode): number => (below.has(node) ? 1 : grid.order.has(node) && !isEventSubProcess(node) ? 0 : 2);
  const nodes = [...container.nodes].sort(
    (a, b) => (col.get(a) ?? 0) - (col.get(b) ?? 0) || group(a) - group(b) || (grid.order.get(a) ?? 0) - (grid.order.get(b) ?? 0),
  );
  const taken = new Set<string>();
  const raw = new Map<LayoutNode, number>();
  const lanePosition = (node: LayoutNode): number => laneOrder[node.lane] ?? 0;
  const incoming = new Map<LayoutNode, LayoutFlow[]>();
  const outgoing = new Map<LayoutNode, LayoutFlow[]>();
  for (const flow of container.flows) {
    if (grid.back.has(flow)) continue;
    incoming.set(flow.target, [...(incoming.get(flow.target) ?? []), flow]);
    outgoing.set(sourceOf(flow), [...(outgoing.get(sourceOf(flow)) ?? []), flow]);
  }
  let deepest = 0;
  for (const node of nodes) {
    if (isSpanning(node, laneOrder) || isEventSubProcess(node)) continue;
    let preferred = 0;
    if (isEventSubProcess(node) || !grid.order.has(node)) preferred = deepest + 1;
    else {
      const from = (incoming.get(node) ?? []).find((flow) => raw.has(sourceOf(flow)) && lanePosition(sourceOf(flow)) === lanePosition(node));
      if (from) {
        const source = sourceOf(from);
        if (from.source.host && below.has(node)) preferred = (raw.get(source) ?? 0) + rowSpan(source);
        else {
          const siblings = (outgoing.get(source) ?? []).filter(
            (flow) => !flow.source.host && lanePosition(flow.target) === lanePosition(node) && !below.has(flow.target),
          );
          const position = Math.max(0, siblings.findIndex((flow) => flow.target === node));
          preferred = (raw.get(source) ?? 0) + position;
        }
      }
    }
    const span = rowSpan(node);
    const free = (row: number): boolean => {
      for (let r = row; r < row + span; r++) if (taken.has(`${lanePosition(node)}:${col.get(node)}:${r}`)) return false;
      return true;
    };
    let row = preferred;
    while (!free(row)) row++;
    for (let r = row; r < row + span; r++) taken.add(`${lanePosition(node)}:${col.get(node)}:${r}`);
    raw.set(node, row);
    deepest = Math.max(deepest, row + span - 1);
  }
  // Event sub-processes side by side in a row below everything else (their x: see `position`).
  for (const node of nodes) if (isEventSubProcess(node) && !isSpanning(node, laneOrder)) raw.set(node, deepest + 1);
  // Dense rows per lane: drop the rows no node occupies.
  const used = new Map<number, Set<number>>();
  for (const [node, row] of raw) {
    const rows = used.get(lanePosition(node)) ?? new Set<number>();
    for (let r = row; r < row + rowSpan(node); r++) rows.add(r);
    used.set(lanePosition(node), rows);
  }
  for (const [node, row] of raw) {
    const rows = [...(used.get(lanePosition(node)) ?? [])].sort((a, b) => a - b);
    grid.row.set(node, rows.indexOf(row));
  }
}

interface Sized {
  readonly grids: Map<Container, Grid>;
  readonly laneOrder: readonly number[];
  readonly onTop: ReadonlySet<LayoutNode>;
}

/** Sizes bottom-up: a sub-process's box from its content, a grid's columns and rows from its nodes. */
function measure(container: Container, sized: Sized): void {
  const grid = sized.grids.get(container) as Grid;
  const { laneOrder } = sized;
  for (const node of container.nodes) if (node.child) measure(node.child, sized);
  // The boxes of the sub-processes first: a tall one takes several rows.
  for (const node of container.nodes) {
    if (!node.child) continue;
    const inner = sized.grids.get(node.child) as Grid;
    const width = Math.max(node.size.width, inner.contentWidth + 2 * PAD_X, 40 * node.boundaries.length + 20);
    if (isSpanning(node, laneOrder)) node.size = { width, height: 0 };
    else {
      // Room for the name above and for labels below the last row; the box fills whole rows.
      const needed = Math.max(...inner.contentHeight.values(), ROW_PITCH) - GAP_Y + PAD_TOP + PAD_BOTTOM;
      const height = needed <= TASK_HEIGHT ? TASK_HEIGHT : TASK_HEIGHT + Math.ceil((needed - TASK_HEIGHT) / ROW_PITCH) * ROW_PITCH;
      node.size = { width, height };
    }
  }
  separateSpanning(grid, laneOrder);
  assignRows(grid, laneOrder);
  const columns = Math.max(-1, ...container.nodes.map((node) => grid.col.get(node) ?? 0)) + 1;
  const bottomRow = (node: LayoutNode): boolean => isEventSubProcess(node) && !isSpanning(node, laneOrder);
  grid.colWidths = Array.from({ length: columns }, (_, column) =>
    Math.max(36, ...container.nodes.filter((node) => grid.col.get(node) === column && !bottomRow(node)).map(columnWidthOf)),
  );
  grid.colGaps = Array.from({ length: columns }, (_, column) =>
    Math.max(
      GAP_X,
      ...container.flows
        .filter((flow) => flow.name && flow.source.kind === 'gateway' && grid.col.get(flow.source) === column && !grid.back.has(flow))
        .map((flow) => Math.min(BRANCH_NAME_WIDTH, textWidth(flow.name)) + 16),
    ),
  );
  grid.contentWidth = Math.max(
    100,
    grid.colWidths.reduce((sum, width) => sum + width, 0) + grid.colGaps.slice(0, Math.max(0, columns - 1)).reduce((sum, gap) => sum + gap, 0),
  );
  const rowWidth = new Map<number, number>();
  for (const node of container.nodes.filter(bottomRow)) {
    const lane = laneOrder[node.lane] ?? 0;
    rowWidth.set(lane, (rowWidth.has(lane) ? (rowWidth.get(lane) as number) + GAP_X : 0) + node.size.width);
  }
  grid.contentWidth = Math.max(grid.contentWidth, ...rowWidth.values());
  grid.contentHeight = new Map();
  for (const node of container.nodes) {
    if (isSpanning(node, laneOrder)) continue;
    const lane = laneOrder[node.lane] ?? 0;
    const bottom = ((grid.row.get(node) ?? 0) + rowSpan(node)) * ROW_PITCH;
    grid.contentHeight.set(lane, Math.max(grid.contentHeight.get(lane) ?? 0, bottom));
  }
  for (const node of container.nodes) {
    if (!node.child || !isSpanning(node, laneOrder)) continue;
    const inner = sized.grids.get(node.child) as Grid;
    const [top, bottom] = spanOf(node, laneOrder);
    for (let lane = top; lane <= bottom; lane++) {
      const needed = (inner.contentHeight.get(lane) ?? 0) + 2 * SPAN_MARGIN;
      grid.contentHeight.set(lane, Math.max(grid.contentHeight.get(lane) ?? 0, needed));
    }
  }
}

function position(container: Container, left: number, bands: ReadonlyMap<number, Band>, sized: Sized, bounds: Map<LayoutNode, Rect>): void {
  const grid = sized.grids.get(container) as Grid;
  const { laneOrder } = sized;
  const colLeft: number[] = [];
  let x = left;
  grid.colWidths.forEach((width, column) => {
    colLeft.push(x);
    x += width + (grid.colGaps[column] ?? GAP_X);
  });
  const cursor = new Map<number, number>();
  for (const node of container.nodes) {
    const column = grid.col.get(node) ?? 0;
    const columnLeft = colLeft[column] ?? left;
    const columnWidth = grid.colWidths[column] ?? node.size.width;
    let nodeX = Math.round(columnLeft + (columnWidth - node.size.width) / 2);
    if (isEventSubProcess(node) && !isSpanning(node, laneOrder)) {
      const lane = laneOrder[node.lane] ?? 0;
      nodeX = cursor.get(lane) ?? left;
      cursor.set(lane, nodeX + node.size.width + GAP_X);
    }
    if (node.child && isSpanning(node, laneOrder)) {
      const [top, bottom] = spanOf(node, laneOrder);
      const y = bands.get(top)?.top ?? 0;
      const height = (bands.get(bottom)?.bottom ?? y) - y;
      bounds.set(node, { x: nodeX, y, width: node.size.width, height });
      const inner = new Map<number, Band>();
      for (let lane = top; lane <= bottom; lane++) {
        const band = bands.get(lane) as Band;
        inner.set(lane, { top: band.top + SPAN_MARGIN, bottom: band.bottom - SPAN_MARGIN });
      }
      position(node.child, nodeX + PAD_X, inner, sized, bounds);
      continue;
    }
    const lane = laneOrder[node.lane] ?? 0;
    const rowTop = (bands.get(lane)?.top ?? 0) + (grid.row.get(node) ?? 0) * ROW_PITCH;
    const y = node.size.height <= TASK_HEIGHT ? Math.round(rowTop + (TASK_HEIGHT - node.size.height) / 2) : rowTop;
    bounds.set(node, { x: nodeX, y, width: node.size.width, height: node.size.height });
    if (node.child) {
      const inner = new Map<number, Band>([[lane, { top: y + PAD_TOP, bottom: y + node.size.height - PAD_BOTTOM }]]);
      position(node.child, nodeX + PAD_X, inner, sized, bounds);
    }
  }
  for (const node of container.nodes) {
    const host = bounds.get(node);
    if (!host) continue;
    for (const onTop of [false, true]) {
      const events = node.boundaries.filter((event) => sized.onTop.has(event) === onTop);
      events.forEach((event, index) => {
        const cx = host.x + (host.width * (index + 0.5)) / events.length;
        const y = onTop ? host.y - 18 : host.y + host.height - 18;
        bounds.set(event, { x: Math.round(cx - 18), y: Math.round(y), width: 36, height: 36 });
      });
    }
  }
}

/**
 * The columns of a container once the lanes' positions are known: a
 * hand-over drawn straight up or down across a lane whose cell in that column
 * holds a node would run through it, so it gets a column of its own instead,
 * one at a time, in document order, until none does.
 */
function straightened(container: Container, laneOrder: readonly number[]): Grid {
  const bent = new Set<LayoutFlow>();
  for (;;) {
    const grid = layer(container, bent, laneOrder);
    const position = (node: LayoutNode): number => laneOrder[node.lane] ?? 0;
    const blocked = container.flows.find((flow) => {
      const column = grid.col.get(flow.source);
      if (flow.source.host || grid.back.has(flow) || flow.source.lane === flow.target.lane || column !== grid.col.get(flow.target)) return false;
      const [top, bottom] = [Math.min(position(flow.source), position(flow.target)), Math.max(position(flow.source), position(flow.target))];
      return container.nodes.some((node) => grid.col.get(node) === column && position(node) > top && position(node) < bottom);
    });
    if (!blocked || bent.has(blocked)) return grid;
    bent.add(blocked);
  }
}

/** Lane index → visual position, from the lanes in visual order. */
function positions(lanes: readonly number[]): number[] {
  const laneOrder: number[] = [];
  lanes.forEach((lane, visual) => (laneOrder[lane] = visual));
  return laneOrder;
}

/**
 * Pairs [host's lane, chain's lane]: what a boundary event (a reminder, an
 * escalation) leads to acts in another lane than the task it belongs to; in
 * document order, each pair once.
 */
function chainDemands(grids: ReadonlyMap<Container, Grid>): Array<readonly [number, number]> {
  const pairs: Array<readonly [number, number]> = [];
  for (const grid of grids.values()) {
    for (const [host, lanes] of grid.chainLanes) {
      for (const lane of lanes) {
        if (lane !== host.lane && !pairs.some(([above, under]) => above === host.lane && under === lane)) pairs.push([host.lane, lane]);
      }
    }
  }
  return pairs;
}

/**
 * How far the main path travels up and down: the lanes each of its flows
 * crosses (the flows of boundary events and of what they lead to left out).
 */
function mainPathTravel(grids: ReadonlyMap<Container, Grid>, laneOrder: readonly number[]): number {
  let travel = 0;
  for (const { container, below } of grids.values()) {
    for (const flow of container.flows) {
      if (flow.source.host || below.has(flow.source) || below.has(flow.target)) continue;
      travel += Math.abs((laneOrder[flow.source.lane] ?? 0) - (laneOrder[flow.target.lane] ?? 0));
    }
  }
  return travel;
}

/**
 * Lanes top to bottom in the order the main path first enters them, except
 * that a lane where a reminder or an escalation acts comes below the lane of
 * the task it belongs to, so that the chain hangs below its task as the
 * others do, rather than above it with its flow running up against the
 * reading direction. Each such demand is kept when the lanes can still be
 * ordered and the main path does not travel further up and down than in the
 * order of first entry (a longer zigzag of the main path reads worse than a
 * chain drawn above); the lanes then keep the order of first entry as far as
 * the demands allow. A chain whose demand is not kept is drawn above its task
 * (its boundary event on the upper border, see eventsOnTop).
 */
function orderLanes(root: Container, laneCount: number, grids: ReadonlyMap<Container, Grid>): number[] {
  const rootGrid = grids.get(root) as Grid;
  const firstColumn = new Map<number, number>();
  for (const node of root.nodes) {
    const column = rootGrid.col.get(node) ?? 0;
    for (const member of [node, ...(node.child ? allNodes(node.child) : [])]) {
      firstColumn.set(member.lane, Math.min(firstColumn.get(member.lane) ?? Infinity, column));
    }
  }
  const byEntry = Array.from({ length: laneCount }, (_, lane) => lane).sort(
    (a, b) => (firstColumn.get(a) ?? Infinity) - (firstColumn.get(b) ?? Infinity) || a - b,
  );
  /** The order of first entry with every pair's first lane above its second, undefined when the pairs form a cycle. */
  const ordered = (pairs: ReadonlyArray<readonly [number, number]>): number[] | undefined => {
    const placed: number[] = [];
    const remaining = [...byEntry];
    while (remaining.length > 0) {
      const next = remaining.find((lane) => pairs.every(([above, under]) => under !== lane || placed.includes(above)));
      if (next === undefined) return undefined;
      placed.push(next);
      remaining.splice(remaining.indexOf(next), 1);
    }
    return placed;
  };
  const limit = mainPathTravel(grids, positions(byEntry));
  let lanes = byEntry;
  const kept: Array<readonly [number, number]> = [];
  for (const pair of chainDemands(grids)) {
    const candidate = ordered([...kept, pair]);
    if (!candidate || mainPathTravel(grids, positions(candidate)) > limit) continue;
    kept.push(pair);
    lanes = candidate;
  }
  return positions(lanes);
}

/** Boundary events whose flows all lead to lanes above their host's: they sit on its upper border. */
function eventsOnTop(root: Container, laneOrder: readonly number[]): Set<LayoutNode> {
  const onTop = new Set<LayoutNode>();
  for (const container of [root, ...allNodes(root).flatMap((node) => (node.child ? [node.child] : []))]) {
    for (const event of container.boundaryEvents) {
      const targets = container.flows.filter((flow) => flow.source === event).map((flow) => flow.target);
      const hostLane = laneOrder[(event.host ?? event).lane] ?? 0;
      if (targets.length > 0 && targets.every((target) => (laneOrder[target.lane] ?? 0) < hostLane)) onTop.add(event);
    }
  }
  return onTop;
}

/**
 * `topInset`: room above the content of the first lane, e.g. under the
 * breadcrumb bpmn-js shows at the top left of a drill-down plane.
 */
export function place(root: Container, laneCount: number, origin: { x: number; y: number }, topInset = 0): Placement {
  const grids = new Map<Container, Grid>();
  const visit = (container: Container, laneOrder?: readonly number[]): void => {
    grids.set(container, laneOrder ? straightened(container, laneOrder) : layer(container));
    for (const node of container.nodes) if (node.child) visit(node.child, laneOrder);
  };
  visit(root);
  const laneOrder = orderLanes(root, laneCount, grids);
  // The columns again, now that the lanes' positions are known (the lanes keep their order).
  visit(root, laneOrder);
  const rootGrid = grids.get(root) as Grid;
  const onTop = eventsOnTop(root, laneOrder);
  const sized: Sized = { grids, laneOrder, onTop };
  measure(root, sized);
  const laneHeights = Array.from({ length: laneCount }, (_, visual) =>
    Math.max(MIN_LANE_HEIGHT, (rootGrid.contentHeight.get(visual) ?? 0) + 2 * LANE_PAD - GAP_Y / 2) + (visual === 0 ? topInset : 0),
  );
  const laneBands = new Map<number, Band>();
  let top = origin.y;
  laneHeights.forEach((height, visual) => {
    laneBands.set(visual, { top: top + LANE_PAD + (visual === 0 ? topInset : 0), bottom: top + height - LANE_PAD });
    top += height;
  });
  const bounds = new Map<LayoutNode, Rect>();
  position(root, origin.x, laneBands, sized, bounds);
  const back = new Set<LayoutFlow>();
  const below = new Set<LayoutNode>();
  for (const grid of grids.values()) {
    for (const flow of grid.back) back.add(flow);
    for (const node of grid.below) below.add(node);
  }
  return { bounds, back, below, onTop, laneOrder, laneBands, width: rootGrid.contentWidth, laneHeights };
}
