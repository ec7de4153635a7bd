import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { JobType } from '../../../../workers/contract.ts';
import { WorkingDayCalendar } from '../../../../workers/deadline/calendar.ts';
import {
  CAMPAIGN_PHASES,
  type CampaignDates,
  campaignDateProblems,
  campaignMonths,
  campaignPhases,
  monthsBetween,
} from '../../../../workers/campaign/campaign-schedule.ts';
import { type CampaignScheduleOutput, campaignScheduleWorker } from '../../../../workers/campaign/campaign-schedule.worker.ts';
import { completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { ledgerNotUsed, testServices } from '../support/services.ts';

/** 进贤方案附件注1, as processes/profiles/jiangxi.json gives it (inspection.dispatchDayOfMonth). */
const JIANGXI_DISPATCH_DAY = 23;

const logger = pino({ level: 'silent' });
const calendar = new WorkingDayCalendar();

/** A campaign shaped like seed 004 (May to December), moved to 2026. */
const yearLong: CampaignDates = {
  campaignStart: '2026-05-20',
  selfCheckStart: '2026-06-01',
  enforcementStart: '2026-08-01',
  summaryStart: '2026-12-01',
  campaignEnd: '2026-12-31',
};

describe('campaign phases (进贤方案三、阶段安排)', () => {
  it('start at 09:00 on the entered dates and end the day before the next phase', () => {
    const phases = campaignPhases(yearLong);
    expect(phases.map((phase) => [phase.name, phase.start, phase.startAt, phase.end])).toEqual([
      ['动员部署', '2026-05-20', '2026-05-20T09:00:00+08:00', '2026-05-31'],
      ['企业自查自改和部门帮扶', '2026-06-01', '2026-06-01T09:00:00+08:00', '2026-07-31'],
      ['部门精准执法', '2026-08-01', '2026-08-01T09:00:00+08:00', '2026-11-30'],
      ['总结提高', '2026-12-01', '2026-12-01T09:00:00+08:00', '2026-12-31'],
    ]);
    expect(phases[1]!.tasks).toBe(CAMPAIGN_PHASES.selfCheck.tasks);
  });

  it('reject dates out of order, in Chinese and English', () => {
    const problems = campaignDateProblems({ ...yearLong, enforcementStart: '2026-05-30' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('部门精准执法开始日期（2026-05-30）应晚于企业自查自改和部门帮扶开始日期（2026-06-01）');
    expect(problems[0]).toContain('enforcementStart (2026-05-30) must be after selfCheckStart (2026-06-01)');
    expect(campaignDateProblems({ ...yearLong, campaignEnd: '2026-12-01' })).toEqual([]);
    expect(campaignDateProblems({ ...yearLong, campaignEnd: '2026-11-30' })).toHaveLength(1);
    expect(campaignDateProblems({ ...yearLong, summaryStart: '2026-13-01' })[0]).toContain('summaryStart must be YYYY-MM-DD');
  });

  it('lists the months between two dates across a year end', () => {
    expect(monthsBetween('2025-11-30', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('调度表 owed by a campaign (附件注1：每月23日前报送，遇节假日顺延)', () => {
  it('owes one table per month whose 23rd lies in the campaign, due dates moved off weekends and holidays', () => {
    const months = campaignMonths(calendar, yearLong, 3, JIANGXI_DISPATCH_DAY);
    expect(months.map((month) => [month.month, month.dueDate, month.movedFrom ?? null, month.reviewFrom])).toEqual([
      // 2026-05-23 is a Saturday; three working days before Monday 05-25 is the campaign's first day.
      ['2026-05', '2026-05-25', '2026-05-23', '2026-05-20'],
      // 端午 2026-06-19 is skipped when counting back from the 23rd.
      ['2026-06', '2026-06-23', null, '2026-06-17'],
      ['2026-07', '2026-07-23', null, '2026-07-20'],
      // 2026-08-23 is a Sunday.
      ['2026-08', '2026-08-24', '2026-08-23', '2026-08-19'],
      // Sunday 2026-09-20 is a make-up working day (调休) before 国庆.
      ['2026-09', '2026-09-23', null, '2026-09-20'],
      ['2026-10', '2026-10-23', null, '2026-10-20'],
      ['2026-11', '2026-11-23', null, '2026-11-18'],
      ['2026-12', '2026-12-23', null, '2026-12-18'],
    ]);
    expect(months[3]!.dueAt).toBe('2026-08-24T18:00:00+08:00');
    expect(months[3]!.reviewFromAt).toBe('2026-08-19T09:00:00+08:00');
    expect(months.every((month) => month.calendarWarning === undefined)).toBe(true);
  });

  it('owes nothing for a 23rd on or before the first day, and the table of a 23rd on the last day', () => {
    const months = campaignMonths(
      calendar,
      { campaignStart: '2026-07-23', selfCheckStart: '2026-07-24', enforcementStart: '2026-08-01', summaryStart: '2026-08-10', campaignEnd: '2026-08-23' },
      3,
      JIANGXI_DISPATCH_DAY,
    );
    // The 07-23 table would count no day; the 08-23 table is owed and moves to Monday 08-24, after the end.
    expect(months.map((month) => month.dueDate)).toEqual(['2026-08-24']);
  });

  it('opens the review on the due day itself when the lead is 0', () => {
    const [first] = campaignMonths(calendar, yearLong, 0, JIANGXI_DISPATCH_DAY);
    expect(first!.reviewFrom).toBe('2026-05-25');
  });
});

describe(JobType.campaignSchedule, () => {
  async function run(variables: Record<string, unknown>) {
    const job = fakeJob({ type: JobType.campaignSchedule, bpmnProcessId: 'special-inspection', variables });
    // Computing the calendar reads no ledger and writes no file.
    const services = testServices({ ledger: ledgerNotUsed });
    const { outcome } = await campaignScheduleWorker.run(job, { logger, services });
    return { job, outcome };
  }

  const variables = {
    campaignId: 'jinxian-2026',
    campaignName: '进贤县重大事故隐患专项排查整治2026行动',
    campaignStart: '2026-06-25',
    selfCheckStart: '2026-07-01',
    enforcementStart: '2026-08-01',
    summaryStart: '2026-09-01',
    campaignEnd: '2026-09-15',
    reviewLeadWorkingDays: 3,
    dispatchDayOfMonth: JIANGXI_DISPATCH_DAY,
    leadDepartmentName: '进贤县应急管理局',
    memberUnitPlans: [
      { unitName: '进贤县市场监督管理局', planTitle: '特种设备专项整治方案', documentNumber: '进市监字〔2026〕3号', issuedDate: '2026-06-20' },
      { unitName: '进贤县应急管理局', planTitle: '危险化学品专项整治方案' },
    ],
  };

  it('returns the phases and the owed tables without a month', async () => {
    const { job, outcome } = await run(variables);
    expect(outcome).toBe('completed');
    const { campaignSchedule } = completedWith(job) as CampaignScheduleOutput;
    expect(campaignSchedule.campaignId).toBe('jinxian-2026');
    expect(campaignSchedule.phases.map((phase) => phase.startAt)).toEqual([
      '2026-06-25T09:00:00+08:00',
      '2026-07-01T09:00:00+08:00',
      '2026-08-01T09:00:00+08:00',
      '2026-09-01T09:00:00+08:00',
    ]);
    expect(campaignSchedule.months).toEqual([
      { month: '2026-07', dueDate: '2026-07-23', dueAt: '2026-07-23T18:00:00+08:00', reviewFrom: '2026-07-20', reviewFromAt: '2026-07-20T09:00:00+08:00' },
      {
        month: '2026-08',
        dueDate: '2026-08-24',
        dueAt: '2026-08-24T18:00:00+08:00',
        movedFrom: '2026-08-23',
        reviewFrom: '2026-08-19',
        reviewFromAt: '2026-08-19T09:00:00+08:00',
      },
    ]);
  });

  it('raises an incident naming each missing or misordered date', async () => {
    const { job, outcome } = await run({ ...variables, summaryStart: undefined, enforcementStart: '2026-06-01' });
    expect(outcome).toBe('invalid-input');
    expect(incidentMessage(job)).toContain('variable summaryStart');
    const misordered = await run({ ...variables, enforcementStart: '2026-06-01' });
    expect(misordered.outcome).toBe('invalid-input');
    expect(incidentMessage(misordered.job)).toContain('部门精准执法开始日期（2026-06-01）应晚于');
  });

  it('asks a table of the 牵头部门 and of each member unit once, by the name the ledger rows carry', async () => {
    const { job } = await run(variables);
    expect((completedWith(job) as CampaignScheduleOutput).campaignSchedule.reportingUnits).toEqual([
      { id: '进贤县应急管理局', name: '进贤县应急管理局' },
      { id: '进贤县市场监督管理局', name: '进贤县市场监督管理局' },
    ]);
    const alone = await run({ ...variables, memberUnitPlans: undefined });
    expect((completedWith(alone.job) as CampaignScheduleOutput).campaignSchedule.reportingUnits).toEqual([{ id: '进贤县应急管理局', name: '进贤县应急管理局' }]);
  });

  it('takes the due day from the profile and refuses a unit name that is no file name', async () => {
    const { job } = await run({ ...variables, dispatchDayOfMonth: 20 });
    expect((completedWith(job) as CampaignScheduleOutput).campaignSchedule.months.map((month) => month.dueDate)).toEqual(['2026-07-20', '2026-08-20']);
    const missing = await run({ ...variables, dispatchDayOfMonth: undefined });
    expect(missing.outcome).toBe('invalid-input');
    expect(incidentMessage(missing.job)).toContain('dispatchDayOfMonth');
    const slashed = await run({ ...variables, memberUnitPlans: [{ unitName: '县/局' }] });
    expect(slashed.outcome).toBe('invalid-input');
    expect(incidentMessage(slashed.job)).toContain('memberUnitPlans[0].unitName');
  });
});
