import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { BpmnErrorCode, JobType } from '../../../../workers/contract.ts';
import { addWorkingDaysWorker, jobType } from '../../../../workers/deadline/add-working-days.worker.ts';
import { PACKAGED_KNOWN_THROUGH_YEAR, WorkingDayCalendar } from '../../../../workers/deadline/calendar.ts';
import type { JsonObject, WorkerServices } from '../../../../workers/worker-definition.ts';
import { fakeJob as recordingJob } from '../support/job.ts';
import { testServices } from '../support/services.ts';

/** The job the patrol's ComputeEntryNoticeDeadline task delivers. */
function fakeJob(variables: Record<string, unknown>, retries = 3) {
  return recordingJob({ type: JobType.addWorkingDays, variables, retries, elementId: 'ComputeEntryNoticeDeadline', elementInstanceKey: '2251799813685299' });
}

const runtime = { logger: pino({ level: 'silent' }), services: testServices() satisfies WorkerServices };

describe('anquan.deadline.add-working-days', () => {
  it('is registered under its contract job type', () => {
    expect(jobType).toBe('anquan.deadline.add-working-days');
    expect(addWorkingDaysWorker.jobType).toBe(jobType);
  });

  it('completes with the date and an 18:00 Beijing-time deadline under the requested name', async () => {
    const job = fakeJob({ fromDate: '2026-09-30', workingDays: 5, resultVariable: 'entryNoticeDue' });
    const { outcome } = await addWorkingDaysWorker.run(job, runtime);
    expect(outcome).toBe('completed');
    expect(job.calls).toEqual([
      { action: 'complete', variables: { entryNoticeDue: '2026-10-13', entryNoticeDueAt: '2026-10-13T18:00:00+08:00' } },
    ]);
  });

  it('defaults the output name to dueDate and reads a date-time as its day in China', async () => {
    const job = fakeJob({ fromDate: '2026-09-29T17:00:00Z', workingDays: 1 });
    await addWorkingDaysWorker.run(job, runtime);
    expect(job.calls).toEqual([{ action: 'complete', variables: { dueDate: '2026-10-08', dueDateAt: '2026-10-08T18:00:00+08:00' } }]);
  });

  it('fails with retries 0 and a bilingual message naming each bad variable', async () => {
    const job = fakeJob({ workingDays: '5', resultVariable: '1st-due' });
    const { outcome } = await addWorkingDaysWorker.run(job, runtime);
    expect(outcome).toBe('invalid-input');
    expect(job.calls).toHaveLength(1);
    const [call] = job.calls;
    expect(call).toMatchObject({ action: 'fail', retries: 0 });
    const message = (call as { errorMessage: string }).errorMessage;
    expect(message).toContain('输入变量无效');
    expect(message).toContain('invalid input variables');
    expect(message).toContain('缺少变量 fromDate / variable fromDate is missing');
    expect(message).toContain('变量 workingDays 应为 0 到');
    expect(message).toContain('variable workingDays must be an integer');
    expect(message).toContain('(got "5")');
    expect(message).toContain('variable resultVariable must be a variable name');
  });

  it.each([
    [{ fromDate: '2026-02-30', workingDays: 1 }, 'fromDate'],
    [{ fromDate: 20260930, workingDays: 1 }, 'fromDate'],
    [{ fromDate: '2026-09-30', workingDays: -1 }, 'workingDays'],
    [{ fromDate: '2026-09-30', workingDays: 2.5 }, 'workingDays'],
    [{ fromDate: '2026-09-30', workingDays: 1, requirePublishedCalendar: 'yes' }, 'requirePublishedCalendar'],
  ])('rejects %o as an incident about %s', async (variables, name) => {
    const job = fakeJob(variables);
    await addWorkingDaysWorker.run(job, runtime);
    expect(job.calls[0]).toMatchObject({ action: 'fail', retries: 0 });
    expect((job.calls[0] as { errorMessage: string }).errorMessage).toContain(`variable ${name}`);
  });

  it('completes with a calendarWarning beyond the published schedule', async () => {
    const job = fakeJob({ fromDate: `${PACKAGED_KNOWN_THROUGH_YEAR}-12-31`, workingDays: 3 });
    await addWorkingDaysWorker.run(job, runtime);
    const [call] = job.calls;
    expect(call?.action).toBe('complete');
    const variables = (call as { variables: JsonObject }).variables;
    expect(String(variables['calendarWarning'])).toContain('processes/calendar/overrides.json');
    expect(String(variables['calendarWarning'])).toContain(`known through ${PACKAGED_KNOWN_THROUGH_YEAR}`);
  });

  it('throws the contract BPMN error when the process requires a published schedule', async () => {
    const job = fakeJob({ fromDate: `${PACKAGED_KNOWN_THROUGH_YEAR}-12-31`, workingDays: 3, requirePublishedCalendar: true });
    const { outcome } = await addWorkingDaysWorker.run(job, runtime);
    expect(outcome).toBe('business-error');
    expect(job.calls[0]).toMatchObject({ action: 'error', errorCode: BpmnErrorCode.calendarNotPublished });
  });

  it('treats an unexpected fault as transient: one retry fewer, with back-off', async () => {
    const brokenCalendar = {
      addWorkingDays: () => {
        throw new Error('calendar store unavailable');
      },
    } as unknown as WorkingDayCalendar;
    const job = fakeJob({ fromDate: '2026-09-30', workingDays: 5 }, 3);
    const { outcome } = await addWorkingDaysWorker.run(job, { ...runtime, services: { ...runtime.services, calendar: brokenCalendar } });
    expect(outcome).toBe('transient-failure');
    expect(job.calls[0]).toMatchObject({ action: 'fail', retries: 2 });
    expect((job.calls[0] as { retryBackOff: number }).retryBackOff).toBeGreaterThan(0);
    expect((job.calls[0] as { errorMessage: string }).errorMessage).toContain('calendar store unavailable');
  });

  it('says so when the last retry is used up', async () => {
    const brokenCalendar = {
      addWorkingDays: () => {
        throw new Error('calendar store unavailable');
      },
    } as unknown as WorkingDayCalendar;
    const job = fakeJob({ fromDate: '2026-09-30', workingDays: 5 }, 1);
    await addWorkingDaysWorker.run(job, { ...runtime, services: { ...runtime.services, calendar: brokenCalendar } });
    expect(job.calls[0]).toMatchObject({ action: 'fail', retries: 0 });
    expect((job.calls[0] as { errorMessage: string }).errorMessage).toContain('retries are exhausted');
  });
});
