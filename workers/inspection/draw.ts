/**
 * 双随机 (000 第二十条): random general objects and random inspectors, full
 * coverage of key objects, 回避 honoured, and a recorded seed from which anyone
 * can repeat the draw (`npm run --silent draw -- --plan … --seed … --targets …`).
 *
 * Algorithm v1, given the seed, the registers and the two counts:
 *
 *   1. both registers are sorted by id (code-unit order), so the order the
 *      files list them in does not matter;
 *   2. a {@link SeededRandom} is seeded with SHA-256 of the seed;
 *   3. key objects are all targets (重点监管对象全覆盖), in id order;
 *   4. the general objects are shuffled (Fisher–Yates) and the first
 *      `targetCount` of the shuffled order are the random targets;
 *   5. for each target, key ones first, inspectors are chosen one at a time
 *      from those not avoiding it and not yet chosen for it, always among the
 *      ones with the fewest assignments so far, uniformly at random among
 *      ties; so loads differ by at most one when nobody has to step aside.
 *
 * Every random number is consumed in that order; changing any step is a new
 * algorithm version, and {@link DRAW_ALGORITHM} must change with it.
 */
import { createHash } from 'node:crypto';
import { PRNG_ALGORITHM, SeededRandom } from './prng.ts';
import { type InspectionObject, type Inspector, type Registers, compareCodeUnits } from './registers.ts';

export const DRAW_ALGORITHM_VERSION = 1;
export const DRAW_ALGORITHM = `双随机 v${DRAW_ALGORITHM_VERSION}: ${PRNG_ALGORITHM}; inspectors by least load, random among ties`;

/**
 * Two inspectors per target unless the plan says otherwise: 行政处罚法第四十二条
 * 执法人员不得少于两人.
 */
export const DEFAULT_INSPECTORS_PER_TARGET = 2;

export type DrawTarget = {
  id: string;
  name: string;
  unifiedCreditCode: string | null;
  region: string | null;
  industry: string | null;
};

export type DrawAssignment = {
  targetId: string;
  targetName: string;
  classification: InspectionObject['classification'];
  inspectorIds: string[];
  inspectorNames: string[];
};

export type Draw = {
  planId: string;
  seed: string;
  algorithm: string;
  drawnAt: string;
  /** SHA-256 of the registers as drawn from (sorted, canonical JSON): proves which registers a draw used. */
  registersDigest: string;
  inspectorsPerTarget: number;
  /** Every key object (重点监管对象全覆盖). */
  keyTargets: DrawTarget[];
  /** The general objects drawn, in drawing order. */
  randomTargets: DrawTarget[];
  /** One per target, key targets first; inspector ids in id order. */
  assignments: DrawAssignment[];
  /** The registers' part the draw was made from (repeat it with the same scope). */
  scope: DrawScope;
};

/**
 * Whose registers a draw is made from (000 第十九、二十条: 各级业务监管部门 inspect the
 * 生产经营单位 of their own industries with their own 执法检查人员; 第二十条 跨部门联动: the
 * departments of a joint inspection bring their inspectors). Absent fields mean no
 * restriction. Filtering happens before step 1, so an unscoped draw is the v1 draw.
 */
export type DrawScope = {
  /** 执法检查人员 of these departments only (the inspecting department and its 联动 partners). */
  departments: string[] | null;
  /** 检查对象 of these industries only. */
  industries: string[] | null;
  /** false for a batch in which the key objects are not due (分级分类 frequency). */
  includeKeyTargets: boolean;
};

export const UNSCOPED: DrawScope = { departments: null, industries: null, includeKeyTargets: true };

/** The part of the registers a scope allows. */
export function scopeRegisters(registers: Registers, scope: DrawScope): Registers {
  const industries = scope.industries === null || scope.industries.length === 0 ? null : new Set(scope.industries);
  const departments = scope.departments === null || scope.departments.length === 0 ? null : new Set(scope.departments);
  return {
    objects: registers.objects.filter(
      (object) => (industries === null || (object.industry !== null && industries.has(object.industry))) && (scope.includeKeyTargets || object.classification !== 'key'),
    ),
    inspectors: registers.inspectors.filter((inspector) => departments === null || (inspector.department !== null && departments.has(inspector.department))),
  };
}

export interface DrawRequest {
  readonly planId: string;
  readonly seed: string;
  readonly targetCount: number;
  readonly inspectorsPerTarget: number;
  readonly registers: Registers;
  /** When the draw is made; recorded only, it does not influence the result. */
  readonly drawnAt: string;
  /** Absent: the whole registers ({@link UNSCOPED}). */
  readonly scope?: DrawScope;
}

/** The draw cannot be made as asked; `problems` are bilingual, one per target or shortfall. */
export class DrawInfeasibleError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`双随机抽取无法完成 / the random draw cannot be made:\n  - ${problems.join('\n  - ')}`);
    this.name = 'DrawInfeasibleError';
    this.problems = problems;
  }
}

function byId<T extends { readonly id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareCodeUnits(a.id, b.id));
}

function asTarget(object: InspectionObject): DrawTarget {
  return {
    id: object.id,
    name: object.name,
    unifiedCreditCode: object.unifiedCreditCode,
    region: object.region,
    industry: object.industry,
  };
}

/** SHA-256 over the sorted registers, fields in a fixed order. */
export function registersDigest(registers: Registers): string {
  const canonical = {
    objects: byId(registers.objects).map((o) => [o.id, o.name, o.unifiedCreditCode, o.region, o.industry, o.classification]),
    inspectors: byId(registers.inspectors).map((i) => [i.id, i.name, i.department, i.qualification, [...i.avoid].sort(compareCodeUnits)]),
  };
  return createHash('sha256').update(JSON.stringify(canonical), 'utf8').digest('hex');
}

export function drawInspection(request: DrawRequest): Draw {
  const { planId, seed, targetCount, inspectorsPerTarget, drawnAt } = request;
  if (!Number.isInteger(targetCount) || targetCount < 0) {
    throw new RangeError(`抽取数量应为非负整数 / targetCount must be a non-negative integer, got ${targetCount}`);
  }
  if (!Number.isInteger(inspectorsPerTarget) || inspectorsPerTarget < 1) {
    throw new RangeError(`每个对象的检查人员数应为正整数 / inspectorsPerTarget must be a positive integer, got ${inspectorsPerTarget}`);
  }
  const scope = request.scope ?? UNSCOPED;
  const scoped = scopeRegisters(request.registers, scope);
  const objects = byId(scoped.objects);
  const inspectors = byId(scoped.inspectors);
  const keyObjects = objects.filter((object) => object.classification === 'key');
  const generalObjects = objects.filter((object) => object.classification === 'general');

  if (targetCount > generalObjects.length) {
    throw new DrawInfeasibleError([
      `计划抽取 ${targetCount} 家一般监管对象，名录中只有 ${generalObjects.length} 家 / ` +
        `the plan asks for ${targetCount} general objects, the register has ${generalObjects.length}`,
    ]);
  }

  const random = SeededRandom.fromSeed(seed);
  const drawnObjects = random.shuffle(generalObjects).slice(0, targetCount);
  const targets = [...keyObjects, ...drawnObjects];

  const eligibleFor = (target: InspectionObject) => inspectors.filter((inspector) => !inspector.avoid.includes(target.id));
  const shortfalls = targets.flatMap((target) => {
    const eligible = eligibleFor(target).length;
    if (eligible >= inspectorsPerTarget) return [];
    const kind = target.classification === 'key' ? '重点监管对象' : '一般监管对象';
    return [
      `${kind} ${target.name}（${target.id}）只有 ${eligible} 名无需回避的检查人员，每个对象需要 ${inspectorsPerTarget} 名 / ` +
        `${target.classification} object ${target.id} has ${eligible} inspectors free of conflicts of interest, ${inspectorsPerTarget} are needed`,
    ];
  });
  if (shortfalls.length > 0) throw new DrawInfeasibleError(shortfalls);

  const load = new Map(inspectors.map((inspector) => [inspector.id, 0]));
  const assignments = targets.map((target): DrawAssignment => {
    const candidates = eligibleFor(target);
    const chosen: Inspector[] = [];
    for (let slot = 0; slot < inspectorsPerTarget; slot += 1) {
      const open = candidates.filter((inspector) => !chosen.includes(inspector));
      const fewest = Math.min(...open.map((inspector) => load.get(inspector.id) ?? 0));
      const ties = open.filter((inspector) => (load.get(inspector.id) ?? 0) === fewest);
      const pick = ties[random.uniformIndex(ties.length)] as Inspector;
      chosen.push(pick);
      load.set(pick.id, fewest + 1);
    }
    const team = byId(chosen);
    return {
      targetId: target.id,
      targetName: target.name,
      classification: target.classification,
      inspectorIds: team.map((inspector) => inspector.id),
      inspectorNames: team.map((inspector) => inspector.name),
    };
  });

  return {
    planId,
    seed,
    algorithm: DRAW_ALGORITHM,
    drawnAt,
    registersDigest: registersDigest(request.registers),
    inspectorsPerTarget,
    keyTargets: keyObjects.map(asTarget),
    randomTargets: drawnObjects.map(asTarget),
    assignments,
    scope,
  };
}

/** One 回避 after the draw and its seeded redraw: who stepped aside, why, who replaced them, from which seed. */
export type Recusal = {
  targetId: string;
  targetName: string;
  replacedInspectorId: string;
  replacedInspectorName: string;
  reason: string;
  /** null when nobody in scope was free to replace them: the 业务监管部门 must add to the register. */
  replacementId: string | null;
  replacementName: string | null;
  /** `${draw.seed}|回避|${targetId}|${inspectorId}|${round}`: repeat it with the same registers. */
  seed: string;
  round: number;
  algorithm: string;
};

export const RECUSAL_ALGORITHM = `回避重抽 v1: ${PRNG_ALGORITHM}; in-scope inspectors not avoiding the target, not on its team, not recused from it; least load in the draw, random among ties`;

export interface RecusalRequest {
  readonly draw: Pick<Draw, 'seed' | 'scope' | 'assignments'>;
  /** The target's current team (may differ from the draw after earlier recusals). */
  readonly assignment: DrawAssignment;
  readonly inspectorId: string;
  readonly reason: string;
  /** Inspectors already recused from this target (they are never drawn back). */
  readonly recusedIds: readonly string[];
  readonly registers: Registers;
}

/**
 * 回避 after the draw (000 第二十条): the inspector leaves the target's team and
 * one replacement is drawn from the same scope with a seed derived from the
 * draw's, so the redraw is as reproducible as the draw.
 */
export function redrawForRecusal(request: RecusalRequest): { assignment: DrawAssignment; recusal: Recusal } {
  const { draw, assignment, inspectorId, reason } = request;
  const position = assignment.inspectorIds.indexOf(inspectorId);
  if (position < 0) {
    throw new RangeError(`检查人员 ${inspectorId} 不在 ${assignment.targetName} 的检查组中 / inspector ${inspectorId} is not on the team of ${assignment.targetId}`);
  }
  const round = request.recusedIds.length + 1;
  const seed = `${draw.seed}|回避|${assignment.targetId}|${inspectorId}|${round}`;
  const scoped = scopeRegisters(request.registers, draw.scope ?? UNSCOPED);
  const excluded = new Set([...assignment.inspectorIds, ...request.recusedIds]);
  const candidates = byId(scoped.inspectors).filter((inspector) => !inspector.avoid.includes(assignment.targetId) && !excluded.has(inspector.id));
  const load = new Map<string, number>();
  for (const drawn of draw.assignments) for (const id of drawn.inspectorIds) load.set(id, (load.get(id) ?? 0) + 1);
  let pick: Inspector | undefined;
  if (candidates.length > 0) {
    const fewest = Math.min(...candidates.map((inspector) => load.get(inspector.id) ?? 0));
    const ties = candidates.filter((inspector) => (load.get(inspector.id) ?? 0) === fewest);
    pick = ties[SeededRandom.fromSeed(seed).uniformIndex(ties.length)];
  }
  const replacedName = assignment.inspectorNames[position] ?? inspectorId;
  const remaining = assignment.inspectorIds.map((id, index) => ({ id, name: assignment.inspectorNames[index] ?? id })).filter((member) => member.id !== inspectorId);
  const team = pick === undefined ? remaining : [...remaining, { id: pick.id, name: pick.name }].sort((a, b) => compareCodeUnits(a.id, b.id));
  return {
    assignment: { ...assignment, inspectorIds: team.map((member) => member.id), inspectorNames: team.map((member) => member.name) },
    recusal: {
      targetId: assignment.targetId,
      targetName: assignment.targetName,
      replacedInspectorId: inspectorId,
      replacedInspectorName: replacedName,
      reason,
      replacementId: pick?.id ?? null,
      replacementName: pick?.name ?? null,
      seed,
      round,
      algorithm: RECUSAL_ALGORITHM,
    },
  };
}
