import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { BpmnErrorCode, JobType } from '../../../../workers/contract.ts';
import { type Draw, DrawInfeasibleError, drawInspection } from '../../../../workers/inspection/draw.ts';
import { SeededRandom } from '../../../../workers/inspection/prng.ts';
import { randomDrawWorker } from '../../../../workers/inspection/random-draw.worker.ts';
import {
  INSPECTORS_FILE,
  InspectionRegisters,
  type InspectionObject,
  type Inspector,
  OBJECTS_FILE,
  RegisterError,
  type Registers,
} from '../../../../workers/inspection/registers.ts';
import { completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
const DRAWN_AT = '2026-04-01T01:00:00.000Z';

let registers: Registers;

beforeAll(async () => {
  registers = await new InspectionRegisters(path.join(PROJECT_ROOT, 'processes/registers')).load();
});

function draw(seed: string, overrides: Partial<Parameters<typeof drawInspection>[0]> = {}): Draw {
  return drawInspection({ planId: '2026-Q2', seed, targetCount: 5, inspectorsPerTarget: 2, registers, drawnAt: DRAWN_AT, ...overrides });
}

function object(id: string, classification: InspectionObject['classification']): InspectionObject {
  return { id, name: `企业${id}`, unifiedCreditCode: null, region: null, industry: null, classification };
}

function inspector(id: string, avoid: string[] = []): Inspector {
  return { id, name: `检查员${id}`, department: '县应急管理局', qualification: null, avoid };
}

async function runWorker(variables: Record<string, unknown>) {
  const job = fakeJob({ type: JobType.randomDraw, bpmnProcessId: 'daily-inspection', variables });
  const { outcome } = await randomDrawWorker.run(job, { logger, services: testServices() });
  return { job, outcome };
}

describe('seeded randomness', () => {
  it('is xoshiro128** as published (reference outputs from state 1, 2, 3, 4)', () => {
    const random = new SeededRandom([1, 2, 3, 4]);
    const outputs = Array.from({ length: 10 }, () => random.nextUint32());
    expect(outputs).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  });

  it('shuffles into a permutation, the same one for the same seed', () => {
    const items = Array.from({ length: 50 }, (_, index) => index);
    const shuffled = SeededRandom.fromSeed('abc').shuffle(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(SeededRandom.fromSeed('abc').shuffle(items)).toEqual(shuffled);
    expect(SeededRandom.fromSeed('abd').shuffle(items)).not.toEqual(shuffled);
  });

  it('draws indices uniformly enough that every one occurs', () => {
    const random = SeededRandom.fromSeed('uniform');
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 7000; i += 1) {
      const index = random.uniformIndex(7);
      counts[index] = (counts[index] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });
});

describe('双随机 draw', () => {
  it('is reproducible from its seed, and another seed gives another draw', () => {
    expect(draw('2026-Q2-seed')).toEqual(draw('2026-Q2-seed'));
    expect(draw('2026-Q2-seed').randomTargets).not.toEqual(draw('2026-Q2-other').randomTargets);
  });

  it('does not depend on the order the registers list their entries in', () => {
    const reversed: Registers = { objects: [...registers.objects].reverse(), inspectors: [...registers.inspectors].reverse() };
    expect(draw('order', { registers: reversed })).toEqual(draw('order'));
  });

  it('over 200 seeds: never assigns an inspector to a target they avoid, covers every key object, spreads the load', () => {
    const keyIds = registers.objects.filter((o) => o.classification === 'key').map((o) => o.id);
    const generalIds = new Set(registers.objects.filter((o) => o.classification === 'general').map((o) => o.id));
    const avoids = new Map(registers.inspectors.map((i) => [i.id, new Set(i.avoid)]));
    const randomTargetSets = new Set<string>();
    for (let n = 0; n < 200; n += 1) {
      const result = draw(`seed-${n}`);
      expect(result.keyTargets.map((t) => t.id)).toEqual(keyIds);
      expect(result.randomTargets).toHaveLength(5);
      expect(new Set(result.randomTargets.map((t) => t.id)).size).toBe(5);
      for (const target of result.randomTargets) expect(generalIds.has(target.id)).toBe(true);
      expect(result.assignments.map((a) => a.targetId)).toEqual([...keyIds, ...result.randomTargets.map((t) => t.id)]);
      const load = new Map<string, number>(registers.inspectors.map((i) => [i.id, 0]));
      for (const assignment of result.assignments) {
        expect(new Set(assignment.inspectorIds).size).toBe(2);
        for (const id of assignment.inspectorIds) {
          expect(avoids.get(id)?.has(assignment.targetId), `${id} must avoid ${assignment.targetId} (seed-${n})`).toBe(false);
          load.set(id, (load.get(id) ?? 0) + 1);
        }
      }
      const loads = [...load.values()];
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
      randomTargetSets.add(result.randomTargets.map((t) => t.id).join(','));
    }
    // 18 general objects, 5 drawn: 200 seeds should give (almost) 200 different selections.
    expect(randomTargetSets.size).toBeGreaterThan(190);
  });

  it('gives every general object a chance (no object is never drawn over 200 seeds)', () => {
    const drawn = new Set<string>();
    for (let n = 0; n < 200; n += 1) for (const target of draw(`chance-${n}`).randomTargets) drawn.add(target.id);
    expect(drawn.size).toBe(registers.objects.filter((o) => o.classification === 'general').length);
  });

  it('refuses a target that too few inspectors may visit, and a plan larger than the register', () => {
    const small: Registers = {
      objects: [object('K1', 'key'), object('G1', 'general')],
      inspectors: [inspector('A', ['K1']), inspector('B'), inspector('C', ['K1'])],
    };
    const error = (() => {
      try {
        draw('x', { registers: small, targetCount: 1 });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DrawInfeasibleError);
    expect((error as DrawInfeasibleError).problems).toEqual([
      '重点监管对象 企业K1（K1）只有 1 名无需回避的检查人员，每个对象需要 2 名 / key object K1 has 1 inspectors free of conflicts of interest, 2 are needed',
    ]);
    expect(() => draw('x', { registers: small, targetCount: 2 })).toThrow('the plan asks for 2 general objects, the register has 1');
  });
});

describe(JobType.randomDraw, () => {
  it('draws from the registers, generates and returns a seed when none is given, and the seed repeats the draw', async () => {
    const first = await runWorker({ planId: '2026-Q2', targetCount: 4 });
    expect(first.outcome).toBe('completed');
    const { draw: recorded } = completedWith(first.job) as { draw: Draw };
    expect(recorded.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(recorded.algorithm).toContain('xoshiro128**');
    expect(recorded.algorithm).toContain('Fisher–Yates');
    expect(recorded.keyTargets).toHaveLength(6);
    expect(recorded.randomTargets).toHaveLength(4);
    expect(recorded.assignments).toHaveLength(10);
    expect(recorded.assignments[0]).toMatchObject({ targetId: 'E001', classification: 'key' });
    expect(recorded.assignments[0]?.inspectorNames).toHaveLength(2);

    const again = await runWorker({ planId: '2026-Q2', targetCount: 4, seed: recorded.seed });
    const { draw: repeated } = completedWith(again.job) as { draw: Draw };
    expect({ ...repeated, drawnAt: recorded.drawnAt }).toEqual(recorded);
    expect(drawInspection({ planId: '2026-Q2', seed: recorded.seed, targetCount: 4, inspectorsPerTarget: 2, registers, drawnAt: recorded.drawnAt })).toEqual(
      recorded,
    );
  });

  it('uses the registers given as variables instead of the files', async () => {
    const { job } = await runWorker({
      planId: 'p',
      seed: 's',
      targetCount: 1,
      inspectorsPerTarget: 1,
      objects: [{ id: 'G1', name: '某企业', classification: 'general' }],
      inspectors: [{ id: 'A', name: '甲', avoid: ['G1'] }, { id: 'B', name: '乙' }],
    });
    const { draw: result } = completedWith(job) as { draw: Draw };
    expect(result.keyTargets).toEqual([]);
    expect(result.assignments).toEqual([{ targetId: 'G1', targetName: '某企业', classification: 'general', inspectorIds: ['B'], inspectorNames: ['乙'] }]);
  });

  it('raises ANQUAN_DRAW_INFEASIBLE, with the seed, when a target cannot be staffed', async () => {
    const { job, outcome } = await runWorker({
      planId: 'p',
      seed: 'fixed',
      targetCount: 0,
      objects: [{ id: 'K1', name: '某化工企业', classification: 'key' }],
      inspectors: [{ id: 'A', name: '甲', avoid: ['K1'] }, { id: 'B', name: '乙' }],
    });
    expect(outcome).toBe('business-error');
    const [call] = job.calls;
    expect(call).toMatchObject({ action: 'error', errorCode: BpmnErrorCode.drawInfeasible });
    if (call?.action !== 'error') throw new Error('expected a BPMN error');
    expect(call.errorMessage).toContain('双随机抽取无法完成');
    expect(call.errorMessage).toContain('the random draw cannot be made');
    expect(call.variables).toEqual({ drawProblems: { planId: 'p', seed: 'fixed', problems: [expect.stringContaining('K1')] } });
  });

  it('names each bad variable', async () => {
    const { job, outcome } = await runWorker({ planId: ' ', targetCount: -1, inspectorsPerTarget: 0, objects: [{ id: 'X', name: 'x', classification: 'big' }] });
    expect(outcome).toBe('invalid-input');
    const message = incidentMessage(job);
    expect(message).toContain('variable planId must be non-empty text');
    expect(message).toContain('variable targetCount must be an integer from 0 to 10000');
    expect(message).toContain('variable inspectorsPerTarget must be an integer from 1 to 10');
    expect(message).toContain('variable objects[0].classification must be one of: general, key');
  });
});

describe('register files', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'anquan-registers-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('refuses an avoid entry that names no enterprise of the register, so 回避 never silently lapses', async () => {
    await writeFile(path.join(folder, OBJECTS_FILE), JSON.stringify({ enterprises: [{ id: 'E1', name: '甲企业', classification: 'key' }] }));
    await writeFile(path.join(folder, INSPECTORS_FILE), JSON.stringify({ inspectors: [{ id: 'I1', name: '张三', avoid: ['E9'] }] }));
    const error = await new InspectionRegisters(folder).load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegisterError);
    expect((error as RegisterError).message).toContain('inspector I1 avoids E9, which is not in the objects register');
  });

  it('refuses duplicate ids and a file that is not JSON', async () => {
    await writeFile(
      path.join(folder, OBJECTS_FILE),
      JSON.stringify({ enterprises: [{ id: 'E1', name: '甲', classification: 'key' }, { id: 'E1', name: '乙', classification: 'general' }] }),
    );
    await writeFile(path.join(folder, INSPECTORS_FILE), '{ not json');
    const error = await new InspectionRegisters(folder).load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegisterError);
  });
});

describe('双随机 within the inspecting department (000 第十九、二十条)', () => {
  it('draws only objects of the given industries and inspectors of the given departments, and records the scope', () => {
    const scope = { departments: ['县市场监督管理局'], industries: ['危险化学品', '燃气'], includeKeyTargets: true };
    const scoped = draw('scope-seed', { targetCount: 0, scope });
    expect(scoped.scope).toEqual(scope);
    const industries = new Map(registers.objects.map((object) => [object.id, object.industry]));
    const departments = new Map(registers.inspectors.map((inspector) => [inspector.id, inspector.department]));
    expect(scoped.assignments.length).toBeGreaterThan(0);
    for (const assignment of scoped.assignments) {
      expect(scope.industries).toContain(industries.get(assignment.targetId));
      for (const id of assignment.inspectorIds) expect(departments.get(id)).toBe('县市场监督管理局');
    }
  });

  it('leaves the key objects out of a batch in which they are not due, and is the v1 draw when unscoped', () => {
    const withoutKey = draw('scope-seed', { targetCount: 2, scope: { departments: null, industries: null, includeKeyTargets: false } });
    expect(withoutKey.keyTargets).toEqual([]);
    expect(withoutKey.assignments.every((assignment) => assignment.classification === 'general')).toBe(true);
    const unscoped = draw('scope-seed');
    expect(unscoped.scope).toEqual({ departments: null, industries: null, includeKeyTargets: true });
    expect(draw('scope-seed', { scope: { departments: null, industries: null, includeKeyTargets: true } })).toEqual(unscoped);
  });
});
