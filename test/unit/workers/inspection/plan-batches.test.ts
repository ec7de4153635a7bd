import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { JobType } from '../../../../workers/contract.ts';
import { planBatches, planBatchesWorker } from '../../../../workers/inspection/plan-batches.worker.ts';
import { completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
const base = { planId: '测应急检〔2027〕1号', planYear: 2027, keyIntervalMonths: 3, generalIntervalMonths: 3 } as const;

describe('annual plan batches (000 第二十条)', () => {
  it('spreads a quarterly plan over the year, each batch starting on the first day of its quarter', () => {
    const batches = planBatches({ ...base, batchMode: 'quarter' });
    expect(batches.map((batch) => [batch.batchId, batch.label, batch.startDate, batch.startsAt, batch.periodEnd])).toEqual([
      ['测应急检〔2027〕1号·2027Q1', '2027年第一季度', '2027-01-01', '2027-01-01T09:00:00+08:00', '2027-03-31'],
      ['测应急检〔2027〕1号·2027Q2', '2027年第二季度', '2027-04-01', '2027-04-01T09:00:00+08:00', '2027-06-30'],
      ['测应急检〔2027〕1号·2027Q3', '2027年第三季度', '2027-07-01', '2027-07-01T09:00:00+08:00', '2027-09-30'],
      ['测应急检〔2027〕1号·2027Q4', '2027年第四季度', '2027-10-01', '2027-10-01T09:00:00+08:00', '2027-12-31'],
    ]);
    expect(batches.every((batch) => batch.includeKeyTargets && batch.includeRandomDraw)).toBe(true);
  });

  it('sets the 分级分类 frequency per class: monthly batches, key objects quarterly, general objects every other month', () => {
    const batches = planBatches({ ...base, batchMode: 'month', keyIntervalMonths: 3, generalIntervalMonths: 2 });
    expect(batches).toHaveLength(12);
    expect(batches.filter((batch) => batch.includeKeyTargets).map((batch) => batch.startDate)).toEqual(['2027-01-01', '2027-04-01', '2027-07-01', '2027-10-01']);
    expect(batches.filter((batch) => batch.includeRandomDraw).map((batch) => batch.startDate)).toEqual([
      '2027-01-01',
      '2027-03-01',
      '2027-05-01',
      '2027-07-01',
      '2027-09-01',
      '2027-11-01',
    ]);
    expect(batches[1]).toMatchObject({ label: '2027年2月', periodEnd: '2027-02-28' });
  });

  it('covers a class once per window when the window is not a multiple of the batch length (quarters, key every 4 months)', () => {
    const batches = planBatches({ ...base, batchMode: 'quarter', keyIntervalMonths: 4 });
    expect(batches.map((batch) => batch.includeKeyTargets)).toEqual([true, false, true, true]);
  });

  it('leaves out periods already over when the plan starts during the year, and starts the current one on the start date', () => {
    const batches = planBatches({ ...base, batchMode: 'quarter', startDate: '2027-05-20' });
    expect(batches.map((batch) => batch.startDate)).toEqual(['2027-05-20', '2027-07-01', '2027-10-01']);
    expect(batches.map((batch) => batch.index)).toEqual([1, 2, 3]);
  });

  it('makes one batch of a single inspection, with the plan id as its id', () => {
    expect(planBatches({ ...base, batchMode: 'single', startDate: '2026-12-14' })).toEqual([
      { batchId: base.planId, index: 1, label: '2027年度检查', startDate: '2026-12-14', startsAt: '2026-12-14T09:00:00+08:00', periodEnd: null, includeKeyTargets: true, includeRandomDraw: true },
    ]);
  });
});

describe(JobType.inspectionPlanBatches, () => {
  it('returns the batches as a variable', async () => {
    const job = fakeJob({ type: JobType.inspectionPlanBatches, bpmnProcessId: 'daily-inspection', variables: { ...base, batchMode: 'quarter' } });
    const { outcome } = await planBatchesWorker.run(job, { logger, services: testServices() });
    expect(outcome).toBe('completed');
    expect((completedWith(job) as { batches: unknown[] }).batches).toHaveLength(4);
  });

  it('fails clearly on a single batch without a start date and on a start after the plan year', async () => {
    for (const variables of [{ ...base, batchMode: 'single' }, { ...base, batchMode: 'quarter', startDate: '2028-01-02' }]) {
      const job = fakeJob({ type: JobType.inspectionPlanBatches, bpmnProcessId: 'daily-inspection', variables });
      const { outcome } = await planBatchesWorker.run(job, { logger, services: testServices() });
      expect(outcome).toBe('invalid-input');
      expect(incidentMessage(job)).toMatch(/startDate/);
    }
  });
});
