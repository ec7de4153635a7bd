import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { BpmnErrorCode, JobType } from '../../../../workers/contract.ts';
import { entryNoticeDeadlineWorker, jobType } from '../../../../workers/patrol/entry-notice-deadline.worker.ts';
import type { WorkerServices } from '../../../../workers/worker-definition.ts';
import { fakeJob as recordingJob, incidentMessage } from '../support/job.ts';
import { testServices } from '../support/services.ts';

function fakeJob(variables: Record<string, unknown>) {
  return recordingJob({ type: JobType.entryNoticeDeadline, variables, bpmnProcessId: 'patrol-entry', elementId: 'CheckEntryNoticeTimely' });
}

const runtime = { logger: pino({ level: 'silent' }), services: testServices() satisfies WorkerServices };

describe(JobType.entryNoticeDeadline, () => {
  it('is registered under its contract job type', () => {
    expect(jobType).toBe('anquan.patrol.entry-notice-deadline');
    expect(entryNoticeDeadlineWorker.jobType).toBe(jobType);
  });

  it('plans the last signing day N working days before entry, across National Day and its make-up Saturday', async () => {
    // Entry Monday 2026-10-12; 10-10 is a 调休 working Saturday, 10-01…10-07 are off.
    const job = fakeJob({ entryDate: '2026-10-12', workingDays: 3 });
    expect((await entryNoticeDeadlineWorker.run(job, runtime)).outcome).toBe('completed');
    expect(job.calls).toEqual([
      { action: 'complete', variables: { entryNoticeDue: '2026-10-08', entryNoticeDueAt: '2026-10-08T18:00:00+08:00', entryNoticeRefusal: null } },
    ]);
  });

  it('also plans the reminder, N working days before the last signing day at 09:00', async () => {
    const job = fakeJob({ entryDate: '2026-10-12', workingDays: 3, reminderLeadWorkingDays: 1 });
    await entryNoticeDeadlineWorker.run(job, runtime);
    // One working day before 10-08 is 09-30 (10-01…10-07 off).
    expect(job.calls).toEqual([
      {
        action: 'complete',
        variables: { entryNoticeDue: '2026-10-08', entryNoticeDueAt: '2026-10-08T18:00:00+08:00', entryNoticeRefusal: null, entryNoticeRemindAt: '2026-09-30T09:00:00+08:00' },
      },
    ]);
  });

  it('accepts a notice signed on the last day or earlier', async () => {
    for (const noticeDate of ['2026-10-08', '2026-09-30']) {
      const job = fakeJob({ entryDate: '2026-10-12', workingDays: 3, noticeDate });
      expect((await entryNoticeDeadlineWorker.run(job, runtime)).outcome).toBe('completed');
    }
  });

  it('refuses a notice signed too late with a BPMN error and a bilingual reason', async () => {
    const job = fakeJob({ entryDate: '2026-10-12', workingDays: 3, noticeDate: '2026-10-09' });
    expect((await entryNoticeDeadlineWorker.run(job, runtime)).outcome).toBe('business-error');
    const [call] = job.calls;
    expect(call).toMatchObject({ action: 'error', errorCode: BpmnErrorCode.entryNoticeTooLate });
    if (call?.action !== 'error') throw new Error('expected a BPMN error');
    expect(call.errorMessage).toContain('最迟 2026-10-08');
    expect(call.errorMessage).toContain('too late');
    expect(call.variables).toMatchObject({ entryNoticeRefusal: call.errorMessage, entryNoticeDue: '2026-10-08' });
  });

  it('raises an incident naming a bad entry date', async () => {
    const job = fakeJob({ entryDate: '2026-10-32', workingDays: 3 });
    expect((await entryNoticeDeadlineWorker.run(job, runtime)).outcome).toBe('invalid-input');
    expect(incidentMessage(job)).toMatch(/变量 entryDate .* \/ variable entryDate/);
  });
});
