import packagedSchedule from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { BpmnErrorCode, JobType } from '../../../../workers/contract.ts';
import { PACKAGED_KNOWN_THROUGH_YEAR, WorkingDayCalendar } from '../../../../workers/deadline/calendar.ts';
import { jobType, planDeadlineWorker } from '../../../../workers/deadline/plan-deadline.worker.ts';
import { testServices } from '../support/services.ts';
import { completedVariables, failure, fakeJob } from './fake-job.ts';

const runtime = { logger: pino({ level: 'silent' }), services: testServices() };
const escalation = { letterAfterWorkingDays: 0, interviewAfterWorkingDays: 5, accountabilityAfterWorkingDays: 10 };

async function plan(variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const job = fakeJob(jobType, variables);
  const { outcome } = await planDeadlineWorker.run(job, runtime);
  expect(outcome).toBe('completed');
  const output = completedVariables(job.calls);
  const name = String(variables['resultVariable']);
  expect(Object.keys(output)).toEqual([name]);
  return output[name] as Record<string, unknown>;
}

async function rejection(variables: Record<string, unknown>): Promise<string> {
  const job = fakeJob(jobType, variables);
  const { outcome } = await planDeadlineWorker.run(job, runtime);
  expect(outcome).toBe('invalid-input');
  const { errorMessage, retries } = failure(job.calls);
  expect(retries).toBe(0);
  expect(errorMessage).toContain('输入变量无效');
  expect(errorMessage).toContain('invalid input variables');
  return errorMessage;
}

/** What a timer's timeDate and camunda:dueDate accept and this worker promises: seconds and an explicit +08:00 offset. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

describe('anquan.deadline.plan', () => {
  it('is registered under its contract job type', () => {
    expect(jobType).toBe(JobType.planDeadline);
    expect(jobType).toBe('anquan.deadline.plan');
  });

  it('relies on the package data: 2026-10-10 is a 调休 working Saturday, 10-01..07 National Day', () => {
    expect(new Date('2026-10-10T00:00:00Z').getUTCDay()).toBe(6);
    expect(packagedSchedule.workdays['2026-10-10' as keyof typeof packagedSchedule.workdays]).toBeDefined();
    for (let day = 1; day <= 7; day += 1) {
      expect(packagedSchedule.holidays[`2026-10-0${day}` as keyof typeof packagedSchedule.holidays]).toBeDefined();
    }
  });

  it('plans a 5-working-day report across National Day, counting the make-up Saturday', async () => {
    const result = await plan({
      from: '2026-09-30',
      workingDays: 5,
      reminderLeadWorkingDays: 2,
      escalation,
      resultVariable: 'reportDeadline',
    });
    expect(result).toEqual({
      from: '2026-09-30',
      period: '5个工作日',
      due: '2026-10-13',
      dueAt: '2026-10-13T18:00:00+08:00',
      // 10-12 (Mon) is one working day before, the make-up Saturday 10-10 two.
      remindAt: '2026-10-10T09:00:00+08:00',
      // Grace 0: the first working-day morning after the due day.
      letterAt: '2026-10-14T09:00:00+08:00',
      // Grace 5: 10-14, 15, 16, 19, 20 are grace days; the step is on the 6th working day after the due day.
      interviewAt: '2026-10-21T09:00:00+08:00',
      accountabilityAt: '2026-10-28T09:00:00+08:00',
    });
  });

  it('emits only valid ISO-8601 instants with offset, in order: remind < due < letter ≤ interview ≤ accountability', async () => {
    const result = await plan({ from: '2026-09-20', workingDays: 10, reminderLeadWorkingDays: 3, escalation, resultVariable: 'x' });
    const instants = ['remindAt', 'dueAt', 'letterAt', 'interviewAt', 'accountabilityAt'].map((key) => String(result[key]));
    for (const instant of instants) {
      expect(instant).toMatch(ISO_WITH_OFFSET);
      expect(Number.isNaN(Date.parse(instant))).toBe(false);
    }
    const times = instants.map((instant) => Date.parse(instant));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[1]! < times[2]!).toBe(true);
  });

  it('reads an ISO date-time as its day in China', async () => {
    const result = await plan({ from: '2026-09-29T17:00:00Z', workingDays: 1, reminderLeadWorkingDays: 0, resultVariable: 'feedbackDeadline' });
    expect(result['from']).toBe('2026-09-30');
    expect(result['due']).toBe('2026-10-08');
    expect(result['remindAt']).toBe('2026-10-08T09:00:00+08:00');
    expect(result).not.toHaveProperty('letterAt');
  });

  it('puts a reminder that would precede the period on its first working day, and says so', async () => {
    const result = await plan({ from: '2026-09-29', workingDays: 1, reminderLeadWorkingDays: 3, resultVariable: 'short' });
    expect(result['due']).toBe('2026-09-30');
    expect(result['remindAt']).toBe('2026-09-29T09:00:00+08:00');
    expect(String(result['remindNote'])).toContain('shorter than the reminder lead');
  });

  describe('calendar months', () => {
    it('ends on the last day of a shorter month: 2026-08-31 + 1 month = 2026-09-30 (a working day)', async () => {
      const result = await plan({ from: '2026-08-31', months: 1, reminderLeadWorkingDays: 2, resultVariable: 'rectification' });
      expect(result).toMatchObject({ period: '1个月', due: '2026-09-30', dueAt: '2026-09-30T18:00:00+08:00', remindAt: '2026-09-28T09:00:00+08:00' });
      expect(result).not.toHaveProperty('movedFrom');
      expect(result).not.toHaveProperty('dueNote');
    });

    it('moves a result on a holiday to the next working day and says so (半年 from 04-01 ends on National Day)', async () => {
      const result = await plan({ from: '2026-04-01', months: 6, reminderLeadWorkingDays: 2, escalation, resultVariable: 'rectification' });
      expect(result).toMatchObject({
        period: '6个月',
        due: '2026-10-08',
        movedFrom: '2026-10-01',
        remindAt: '2026-09-29T09:00:00+08:00',
        letterAt: '2026-10-09T09:00:00+08:00',
        // 10-09, the make-up Saturday 10-10, 10-12, 10-13, 10-14 are grace days.
        interviewAt: '2026-10-15T09:00:00+08:00',
      });
      expect(String(result['dueNote'])).toContain('顺延至 2026-10-08');
      expect(String(result['dueNote'])).toContain('moved to the next working day 2026-10-08');
    });

    it('moves a result on an ordinary Sunday to Monday', async () => {
      const result = await plan({ from: '2026-10-08', months: 1, reminderLeadWorkingDays: 0, resultVariable: 'r' });
      expect(result).toMatchObject({ due: '2026-11-09', movedFrom: '2026-11-08' });
    });

    it('keeps a result on a make-up working Saturday', async () => {
      const result = await plan({ from: '2026-09-10', months: 1, reminderLeadWorkingDays: 0, resultVariable: 'r' });
      expect(result['due']).toBe('2026-10-10');
      expect(result).not.toHaveProperty('movedFrom');
    });
  });

  it('moves a 0-working-day period that starts on a holiday and says so', async () => {
    const result = await plan({ from: '2026-10-03', workingDays: 0, reminderLeadWorkingDays: 0, resultVariable: 'r' });
    expect(result).toMatchObject({ due: '2026-10-08', movedFrom: '2026-10-03' });
  });

  it('warns when any planned date lies beyond the published holiday schedule', async () => {
    const result = await plan({ from: `${PACKAGED_KNOWN_THROUGH_YEAR}-12-20`, workingDays: 3, reminderLeadWorkingDays: 1, escalation, resultVariable: 'r' });
    expect(String(result['calendarWarning'])).toContain('processes/calendar/overrides.json');
    expect(String(result['calendarWarning'])).toContain(`known through ${PACKAGED_KNOWN_THROUGH_YEAR}`);
  });

  it('throws the contract BPMN error instead when the process requires a published schedule', async () => {
    const job = fakeJob(jobType, {
      from: `${PACKAGED_KNOWN_THROUGH_YEAR}-12-30`,
      months: 1,
      reminderLeadWorkingDays: 2,
      resultVariable: 'r',
      requirePublishedCalendar: true,
    });
    const { outcome } = await planDeadlineWorker.run(job, runtime);
    expect(outcome).toBe('business-error');
    expect(job.calls[0]).toMatchObject({ action: 'error', errorCode: BpmnErrorCode.calendarNotPublished });
  });

  describe('bad input becomes an incident (retries 0) with a bilingual message', () => {
    it('requires exactly one of workingDays and months', async () => {
      expect(await rejection({ from: '2026-09-30', reminderLeadWorkingDays: 2, resultVariable: 'r' })).toContain(
        'one of the variables workingDays and months is required',
      );
      const both = await rejection({ from: '2026-09-30', workingDays: 5, months: 1, reminderLeadWorkingDays: 2, resultVariable: 'r' });
      expect(both).toContain('只能给出其一');
      expect(both).toContain('not both');
    });

    it('lists every bad variable at once', async () => {
      const message = await rejection({ from: '2026-02-30', workingDays: -1, reminderLeadWorkingDays: '2', resultVariable: 'due-date' });
      expect(message).toContain('variable from must be');
      expect(message).toContain('variable workingDays must be an integer');
      expect(message).toContain('variable reminderLeadWorkingDays must be an integer');
      expect(message).toContain('variable resultVariable must be a variable name');
    });

    it('requires resultVariable and reminderLeadWorkingDays', async () => {
      const message = await rejection({ from: '2026-09-30', workingDays: 5 });
      expect(message).toContain('缺少变量 resultVariable / variable resultVariable is missing');
      expect(message).toContain('variable reminderLeadWorkingDays is missing');
    });

    it.each([
      [{ letterAfterWorkingDays: 0, interviewAfterWorkingDays: 5 }, 'escalation.accountabilityAfterWorkingDays'],
      [{ letterAfterWorkingDays: 0, interviewAfterWorkingDays: 1.5, accountabilityAfterWorkingDays: 10 }, 'escalation.interviewAfterWorkingDays'],
      [{ letterAfterWorkingDays: 5, interviewAfterWorkingDays: 2, accountabilityAfterWorkingDays: 10 }, 'letter ≤ interview ≤ accountability'],
      ['0,5,10', 'variable escalation must be an object'],
    ])('rejects escalation %o', async (value, expected) => {
      const message = await rejection({ from: '2026-09-30', workingDays: 5, reminderLeadWorkingDays: 2, escalation: value, resultVariable: 'r' });
      expect(message).toContain(expected);
    });

    it('rejects a month count out of range', async () => {
      expect(await rejection({ from: '2026-09-30', months: 121, reminderLeadWorkingDays: 2, resultVariable: 'r' })).toContain('variable months');
    });
  });

  it('treats an unexpected calendar fault as transient', async () => {
    const broken = {
      addWorkingDays: () => {
        throw new Error('calendar store unavailable');
      },
    } as unknown as WorkingDayCalendar;
    const job = fakeJob(jobType, { from: '2026-09-30', workingDays: 5, reminderLeadWorkingDays: 2, resultVariable: 'r' }, 3);
    const { outcome } = await planDeadlineWorker.run(job, { ...runtime, services: testServices({ calendar: broken }) });
    expect(outcome).toBe('transient-failure');
    expect(failure(job.calls).retries).toBe(2);
  });
});
