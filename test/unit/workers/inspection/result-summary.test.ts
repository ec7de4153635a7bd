import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { JobType } from '../../../../workers/contract.ts';
import { chinaDate, resultSummaryWorker } from '../../../../workers/inspection/result-summary.worker.ts';
import { completedWith, fakeJob } from '../support/job.ts';
import { testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });

describe(JobType.inspectionResultSummary, () => {
  it('counts findings and major hazards over every batch and dates the result in China time', async () => {
    const job = fakeJob({
      type: JobType.inspectionResultSummary,
      bpmnProcessId: 'daily-inspection',
      variables: { conclusion: '检查3家，发现问题3项。', batchResults: [[{ findingCount: 2, majorHazardCount: 1 }, null], null, [{ findingCount: 1 }]] },
    });
    const { outcome } = await resultSummaryWorker.run(job, { logger, services: testServices() });
    expect(outcome).toBe('completed');
    const { inspectionResult } = completedWith(job) as { inspectionResult: unknown };
    expect(inspectionResult).toEqual({ conclusion: '检查3家，发现问题3项。', findingCount: 3, majorHazardCount: 1, completedOn: chinaDate(job.activatedAt) });
  });

  it('takes the calendar day in UTC+8', () => {
    expect(chinaDate('2026-12-14T16:30:00.000Z')).toBe('2026-12-15');
    expect(chinaDate('2026-12-14T15:59:59.000Z')).toBe('2026-12-14');
  });
});
