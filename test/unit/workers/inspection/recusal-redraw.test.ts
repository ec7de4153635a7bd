import path from 'node:path';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { JobType } from '../../../../workers/contract.ts';
import { type Draw, drawInspection, redrawForRecusal } from '../../../../workers/inspection/draw.ts';
import { recusalRedrawWorker } from '../../../../workers/inspection/recusal-redraw.worker.ts';
import { InspectionRegisters, type Registers } from '../../../../workers/inspection/registers.ts';
import { completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
let registers: Registers;
let draw: Draw;

beforeAll(async () => {
  registers = await new InspectionRegisters(path.join(PROJECT_ROOT, 'processes/registers')).load();
  draw = drawInspection({
    planId: '2027Q1',
    seed: 'recusal-test',
    targetCount: 3,
    inspectorsPerTarget: 2,
    registers,
    drawnAt: '2027-01-01T01:00:00.000Z',
    scope: { departments: ['县应急管理局', '县市场监督管理局'], industries: null, includeKeyTargets: true },
  });
});

describe('回避 after the draw (000 第二十条)', () => {
  it('replaces the inspector with one from the draw’s scope who need not avoid the target and is not on its team, reproducibly', () => {
    for (const assignment of draw.assignments) {
      const inspectorId = assignment.inspectorIds[0]!;
      const first = redrawForRecusal({ draw, assignment, inspectorId, reason: '近亲属任职', recusedIds: [], registers });
      expect(redrawForRecusal({ draw, assignment, inspectorId, reason: '近亲属任职', recusedIds: [], registers })).toEqual(first);
      expect(first.recusal).toMatchObject({ targetId: assignment.targetId, replacedInspectorId: inspectorId, reason: '近亲属任职', round: 1, seed: `recusal-test|回避|${assignment.targetId}|${inspectorId}|1` });
      const replacement = registers.inspectors.find((inspector) => inspector.id === first.recusal.replacementId)!;
      expect(['县应急管理局', '县市场监督管理局']).toContain(replacement.department);
      expect(replacement.avoid).not.toContain(assignment.targetId);
      expect(assignment.inspectorIds).not.toContain(replacement.id);
      expect(first.assignment.inspectorIds).toHaveLength(2);
      expect(first.assignment.inspectorIds).not.toContain(inspectorId);
      expect(first.assignment.inspectorIds).toContain(replacement.id);
    }
  });

  it('never draws back an inspector recused from the target before, and says so when nobody in scope is left', () => {
    const assignment = { targetId: 'E002', targetName: '储配站', classification: 'key' as const, inspectorIds: ['I002', 'I003'], inspectorNames: ['陈晓梅', '王志强'] };
    const narrow = { ...draw, scope: { departments: ['县应急管理局'], industries: null, includeKeyTargets: true } };
    const inScope = registers.inspectors.filter((inspector) => inspector.department === '县应急管理局' && !inspector.avoid.includes('E002')).map((inspector) => inspector.id);
    const others = inScope.filter((id) => !assignment.inspectorIds.includes(id));
    const exhausted = redrawForRecusal({ draw: narrow, assignment, inspectorId: 'I002', reason: '曾在该单位任职', recusedIds: others, registers });
    expect(exhausted.recusal.replacementId).toBeNull();
    expect(exhausted.recusal.round).toBe(others.length + 1);
    expect(exhausted.assignment.inspectorIds).toEqual(['I003']);
  });
});

describe(JobType.inspectionRecusalRedraw, () => {
  it('accepts the inspector’s name as the form gives it and returns the new team and the record', async () => {
    const assignment = draw.assignments[0]!;
    const job = fakeJob({ type: JobType.inspectionRecusalRedraw, bpmnProcessId: 'daily-inspection', variables: { draw, assignment, inspectorId: assignment.inspectorNames[0], reason: '利害关系', recusals: [] } });
    const { outcome } = await recusalRedrawWorker.run(job, { logger, services: testServices() });
    expect(outcome).toBe('completed');
    const output = completedWith(job) as ReturnType<typeof redrawForRecusal>;
    expect(output).toEqual(redrawForRecusal({ draw, assignment, inspectorId: assignment.inspectorIds[0]!, reason: '利害关系', recusedIds: [], registers }));
  });

  it('fails clearly when the inspector is not on the team', async () => {
    const job = fakeJob({ type: JobType.inspectionRecusalRedraw, bpmnProcessId: 'daily-inspection', variables: { draw, assignment: draw.assignments[0], inspectorId: 'NOBODY', reason: '利害关系' } });
    const { outcome } = await recusalRedrawWorker.run(job, { logger, services: testServices() });
    expect(outcome).toBe('invalid-input');
    expect(incidentMessage(job)).toContain('NOBODY');
  });
});
