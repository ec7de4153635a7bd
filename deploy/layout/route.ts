/**
 * Orthogonal routing of sequence flows around the shapes: a shortest path
 * (length, bends, shared stretches) on the grid of the coordinates that
 * matter — the shapes' sides kept at a distance, the channels between
 * columns and rows. A flow leaves its source at a side's middle and enters
 * its target at one; a boundary event's flow leaves it downwards.
 */
import type { Rect } from './place.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Distance kept from every shape. */
export const CLEARANCE = 7;
const BEND = 40;
const SHARED = 3;
const OVER_LABEL = 1.5;

export type Side = 'right' | 'bottom' | 'left' | 'top';
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];
const SIDES: readonly Side[] = ['right', 'bottom', 'left', 'top'];

export interface Port {
  readonly side: Side;
  /** Extra cost of using this side. */
  readonly cost: number;
}

/** One flow to route. Its ends stay obstacles: the ports are on their borders, the path keeps its distance. */
export interface RouteRequest {
  readonly source: Rect;
  readonly target: Rect;
  readonly sourcePorts: readonly Port[];
  readonly targetPorts: readonly Port[];
}

export interface Obstacle {
  readonly rect: Rect;
}

function portPoint(rect: Rect, side: Side): Point {
  switch (side) {
    case 'right':
      return { x: rect.x + rect.width, y: rect.y + rect.height / 2 };
    case 'left':
      return { x: rect.x, y: rect.y + rect.height / 2 };
    case 'top':
      return { x: rect.x + rect.width / 2, y: rect.y };
    case 'bottom':
      return { x: rect.x + rect.width / 2, y: rect.y + rect.height };
  }
}

function outward(point: Point, side: Side, distance: number): Point {
  const d = SIDES.indexOf(side);
  return { x: point.x + (DX[d] as number) * distance, y: point.y + (DY[d] as number) * distance };
}

class Heap {
  private readonly keys: number[] = [];
  private readonly values: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  push(key: number, value: number): void {
    const { keys, values } = this;
    let i = keys.length;
    keys.push(key);
    values.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((keys[parent] as number) < key || ((keys[parent] as number) === key && (values[parent] as number) <= value)) break;
      keys[i] = keys[parent] as number;
      values[i] = values[parent] as number;
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }
  pop(): number {
    const { keys, values } = this;
    const top = values[0] as number;
    const lastKey = keys.pop() as number;
    const lastValue = values.pop() as number;
    if (keys.length > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= keys.length) break;
        const right = child + 1;
        if (right < keys.length && ((keys[right] as number) < (keys[child] as number) || ((keys[right] as number) === (keys[child] as number) && (values[right] as number) < (values[child] as number)))) child = right;
        if ((keys[child] as number) > lastKey || ((keys[child] as number) === lastKey && (values[child] as number) >= lastValue)) break;
        keys[i] = keys[child] as number;
        values[i] = values[child] as number;
        i = child;
      }
      keys[i] = lastKey;
      values[i] = lastValue;
    }
    return top;
  }
}

function uniqueSorted(values: number[]): number[] {
  return [...new Set(values.map((value) => Math.round(value * 2) / 2))].sort((a, b) => a - b);
}

/**
 * A router for one region (the pool, or the inside of a sub-process): its
 * obstacles are the shapes directly in it.
 */
export class Router {
  private readonly xs: number[];
  private readonly ys: number[];
  /** Per horizontal / vertical grid segment: how many obstacles block it, and whether a label lies on it. */
  private readonly blockedH: Uint16Array;
  private readonly blockedV: Uint16Array;
  private readonly labelH: Uint8Array;
  private readonly labelV: Uint8Array;
  private readonly usedH = new Map<number, Set<string>>();
  private readonly usedV = new Map<number, Set<string>>();

  constructor(
    region: Rect,
    obstacles: readonly Obstacle[],
    labels: readonly Rect[],
    channels: { xs: number[]; ys: number[] },
  ) {
    const m = CLEARANCE;
    const inRegion = (value: number, low: number, high: number): boolean => value >= low && value <= high;
    const xs: number[] = [region.x, region.x + region.width, ...channels.xs];
    const ys: number[] = [region.y, region.y + region.height, ...channels.ys];
    for (const { rect } of obstacles) {
      xs.push(rect.x - m, rect.x + rect.width + m, rect.x + rect.width / 2);
      ys.push(rect.y - m, rect.y + rect.height + m, rect.y + rect.height / 2);
      // Stubs of a boundary event's downward port.
      ys.push(rect.y + rect.height + m);
    }
    this.xs = uniqueSorted(xs.filter((x) => inRegion(x, region.x, region.x + region.width)));
    this.ys = uniqueSorted(ys.filter((y) => inRegion(y, region.y, region.y + region.height)));
    const nx = this.xs.length;
    const ny = this.ys.length;
    this.blockedH = new Uint16Array(nx * ny);
    this.blockedV = new Uint16Array(nx * ny);
    this.labelH = new Uint8Array(nx * ny);
    this.labelV = new Uint8Array(nx * ny);
    for (const { rect } of obstacles) this.mark(rect, m, this.blockedH, this.blockedV, 1);
    for (const rect of labels) this.mark(rect, 0, this.labelH, this.labelV, 1);
  }

  /** Marks the grid segments whose middle lies strictly inside the rectangle grown by `grow`. */
  private mark(rect: Rect, grow: number, horizontal: Uint16Array | Uint8Array, vertical: Uint16Array | Uint8Array, by: number): void {
    const left = rect.x - grow;
    const right = rect.x + rect.width + grow;
    const top = rect.y - grow;
    const bottom = rect.y + rect.height + grow;
    const nx = this.xs.length;
    const { xs, ys } = this;
    for (let iy = 0; iy < ys.length; iy++) {
      const y = ys[iy] as number;
      for (let ix = 0; ix < nx; ix++) {
        const x = xs[ix] as number;
        if (ix + 1 < nx) {
          const mx = (x + (xs[ix + 1] as number)) / 2;
          if (mx > left && mx < right && y > top && y < bottom) horizontal[iy * nx + ix] = Math.min(255, (horizontal[iy * nx + ix] as number) + by);
        }
        if (iy + 1 < ys.length) {
          const my = (y + (ys[iy + 1] as number)) / 2;
          if (x > left && x < right && my > top && my < bottom) vertical[iy * nx + ix] = Math.min(255, (vertical[iy * nx + ix] as number) + by);
        }
      }
    }
  }

  private indexOf(values: readonly number[], value: number): number {
    const rounded = Math.round(value * 2) / 2;
    let low = 0;
    let high = values.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const at = values[mid] as number;
      if (at === rounded) return mid;
      if (at < rounded) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** The waypoints of one flow, or undefined when no path exists. */
  route(request: RouteRequest, ownerKey: string): Point[] | undefined {
    const { xs, ys } = this;
    const nx = xs.length;
    const ny = ys.length;
    const m = CLEARANCE;
    const starts: Array<{ port: Point; exitNode: number; dir: number; cost: number }> = [];
    for (const port of request.sourcePorts) {
      const point = portPoint(request.source, port.side);
      const exitPoint = outward(point, port.side, m);
      const ix = this.indexOf(xs, exitPoint.x);
      const iy = this.indexOf(ys, exitPoint.y);
      if (ix < 0 || iy < 0) continue;
      starts.push({ port: point, exitNode: iy * nx + ix, dir: SIDES.indexOf(port.side), cost: port.cost });
    }
    const goals = new Map<number, { port: Point; dir: number; cost: number }>();
    for (const port of request.targetPorts) {
      const point = portPoint(request.target, port.side);
      const approachPoint = outward(point, port.side, m);
      const ix = this.indexOf(xs, approachPoint.x);
      const iy = this.indexOf(ys, approachPoint.y);
      if (ix < 0 || iy < 0) continue;
      const key = iy * nx + ix;
      const inward = (SIDES.indexOf(port.side) + 2) % 4;
      const known = goals.get(key);
      if (!known || known.cost > port.cost) goals.set(key, { port: point, dir: inward, cost: port.cost });
    }
    if (starts.length === 0 || goals.size === 0) return undefined;
    const goalList = [...goals.keys()].map((key) => ({ x: xs[key % nx] as number, y: ys[Math.floor(key / nx)] as number }));
    const heuristic = (cell: number): number => {
      const x = xs[cell % nx] as number;
      const y = ys[Math.floor(cell / nx)] as number;
      let best = Infinity;
      for (const goal of goalList) best = Math.min(best, Math.abs(goal.x - x) + Math.abs(goal.y - y));
      return best;
    };
    const states = nx * ny * 4;
    const cost = new Float64Array(states).fill(Infinity);
    const previous = new Int32Array(states).fill(-1);
    const heap = new Heap();
    const FINISH = states;
    let finishCost = Infinity;
    let finishFrom = -1;
    for (const start of starts) {
      const state = start.exitNode * 4 + start.dir;
      if (start.cost < (cost[state] as number)) {
        cost[state] = start.cost;
        heap.push(start.cost + heuristic(start.exitNode), state);
      }
    }
    const owners = (used: Map<number, Set<string>>, segment: number): boolean => {
      const set = used.get(segment);
      if (!set) return false;
      for (const owner of set) if (owner !== ownerKey && !owner.split('|').some((end) => ownerKey.split('|').includes(end))) return true;
      return false;
    };
    while (heap.size > 0) {
      const state = heap.pop();
      if (state === FINISH) break;
      const g = cost[state] as number;
      const cell = state >> 2;
      const dir = state & 3;
      const goal = goals.get(cell);
      if (goal) {
        const total = g + goal.cost + (goal.dir === dir ? 0 : BEND) + (goal.dir === (dir + 2) % 4 ? BEND : 0);
        if (total < finishCost) {
          finishCost = total;
          finishFrom = state;
          heap.push(total, FINISH);
        }
      }
      const ix = cell % nx;
      const iy = Math.floor(cell / nx);
      for (let d = 0; d < 4; d++) {
        if (d === (dir + 2) % 4) continue;
        const jx = ix + (DX[d] as number);
        const jy = iy + (DY[d] as number);
        if (jx < 0 || jy < 0 || jx >= nx || jy >= ny) continue;
        const horizontal = d === 0 || d === 2;
        const segment = horizontal ? iy * nx + Math.min(ix, jx) : Math.min(iy, jy) * nx + ix;
        if (((horizontal ? this.blockedH : this.blockedV)[segment] as number) > 0) continue;
        const length = horizontal ? Math.abs((xs[jx] as number) - (xs[ix] as number)) : Math.abs((ys[jy] as number) - (ys[iy] as number));
        let step = length + (d === dir ? 0 : BEND);
        if (owners(horizontal ? this.usedH : this.usedV, segment)) step += SHARED * length;
        if (((horizontal ? this.labelH : this.labelV)[segment] as number) > 0) step += OVER_LABEL * length;
        const next = (jy * nx + jx) * 4 + d;
        const total = g + step;
        if (total < (cost[next] as number)) {
          cost[next] = total;
          previous[next] = state;
          heap.push(total + heuristic(jy * nx + jx), next);
        }
      }
    }
    if (finishFrom < 0) return undefined;
    const cells: number[] = [];
    for (let state = finishFrom; state >= 0; state = previous[state] as number) cells.push(state);
    cells.reverse();
    const first = cells[0] as number;
    const start = starts.find((candidate) => candidate.exitNode === first >> 2 && candidate.dir === (first & 3)) ?? (starts[0] as (typeof starts)[number]);
    const goal = goals.get(finishFrom >> 2) as { port: Point };
    const points: Point[] = [start.port];
    for (const state of cells) points.push({ x: xs[(state >> 2) % nx] as number, y: ys[Math.floor((state >> 2) / nx)] as number });
    points.push(goal.port);
    // Remember the segments for the next flows.
    for (let i = 1; i < cells.length; i++) {
      const a = (cells[i - 1] as number) >> 2;
      const b = (cells[i] as number) >> 2;
      const horizontal = Math.floor(a / nx) === Math.floor(b / nx);
      const segment = horizontal ? Math.floor(a / nx) * nx + Math.min(a % nx, b % nx) : Math.min(Math.floor(a / nx), Math.floor(b / nx)) * nx + (a % nx);
      const used = horizontal ? this.usedH : this.usedV;
      used.set(segment, new Set([...(used.get(segment) ?? []), ownerKey]));
    }
    return simplify(points);
  }
}

/** Drops repeated and collinear waypoints. */
export function simplify(points: readonly Point[]): Point[] {
  const rounded = points.map((point) => ({ x: Math.round(point.x), y: Math.round(point.y) }));
  const unique = rounded.filter((point, index) => index === 0 || point.x !== (rounded[index - 1] as Point).x || point.y !== (rounded[index - 1] as Point).y);
  return unique.filter((point, index) => {
    if (index === 0 || index === unique.length - 1) return true;
    const a = unique[index - 1] as Point;
    const b = unique[index + 1] as Point;
    return !((a.x === point.x && point.x === b.x) || (a.y === point.y && point.y === b.y));
  });
}

export { portPoint };
