/**
 * The 季通报 of a campaign (进贤方案四(三)): the quarters the schedule owes with their circular dates on the
 * working-day calendar, the compilation of submitted, late and missing 调度表 per unit, and the worker that
 * records the 安委办's 约谈/问责 decisions once in the ledger.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../../../workers/deadline/calendar.ts';
import { type CampaignDates, campaignMonths, campaignQuarters, campaignSchedule, quarterLabel, quarterOf } from '../../../../workers/campaign/campaign-schedule.ts';
import { compileQuarter, decisionsText } from '../../../../workers/campaign/quarterly-circular.ts';
import { quarterlyCircularWorker } from '../../../../workers/campaign/quarterly-circular.worker.ts';
import { completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { type TestLedger, openTestLedger, testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
const calendar = new WorkingDayCalendar();

const yearLong: CampaignDates = {
  campaignStart: '2026-05-20',
  selfCheckStart: '2026-06-01',
  enforcementStart: '2026-08-01',
  summaryStart: '2026-12-01',
  campaignEnd: '2026-12-31',
};

const LEAD = '进贤县应急管理局';
const MEMBER = '进贤县市场监督管理局';
const UNITS = [
  { id: LEAD, name: LEAD },
  { id: MEMBER, name: MEMBER },
];

describe('campaign quarters (进贤方案四(三) 季通报)', () => {
  it('names the quarter of a month', () => {
    expect(quarterOf('2026-01')).toBe('2026-Q1');
    expect(quarterOf('2026-09')).toBe('2026-Q3');
    expect(quarterOf('2026-10')).toBe('2026-Q4');
    expect(quarterLabel('2026-Q3')).toBe('2026年第三季度');
  });

  it('has one circular per quarter with an owed table, on the first working day after its last due date', () => {
    const quarters = campaignQuarters(calendar, campaignMonths(calendar, yearLong, 3, 23));
    expect(quarters.map((quarter) => [quarter.quarter, quarter.months.map((month) => month.month), quarter.circularDate, quarter.circularAt])).toEqual([
      ['2026-Q2', ['2026-05', '2026-06'], '2026-06-24', '2026-06-24T09:00:00+08:00'],
      ['2026-Q3', ['2026-07', '2026-08', '2026-09'], '2026-09-24', '2026-09-24T09:00:00+08:00'],
      ['2026-Q4', ['2026-10', '2026-11', '2026-12'], '2026-12-24', '2026-12-24T09:00:00+08:00'],
    ]);
    expect(quarters[0]!.months[0]).toEqual({ month: '2026-05', dueDate: '2026-05-25', dueAt: '2026-05-25T18:00:00+08:00' });
  });

  it('skips weekends and holidays after the last due date (a table due 2026-09-30, then 国庆)', () => {
    const due = { month: '2026-09', dueDate: '2026-09-30', dueAt: '2026-09-30T18:00:00+08:00', reviewFrom: '2026-09-25', reviewFromAt: '2026-09-25T09:00:00+08:00' };
    const [quarter] = campaignQuarters(calendar, [due]);
    expect(quarter!.circularDate > '2026-10-01').toBe(true);
    expect(calendar.isWorkingDay(quarter!.circularDate)).toBe(true);
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
  });

  it('is part of the schedule', () => {
    expect(campaignSchedule(calendar, yearLong, 3, 23).quarters).toHaveLength(3);
  });
});

const Q3 = {
  quarter: '2026-Q3',
  label: '2026年第三季度',
  months: [
    { month: '2026-07', dueDate: '2026-07-23', dueAt: '2026-07-23T18:00:00+08:00' },
    { month: '2026-08', dueDate: '2026-08-24', dueAt: '2026-08-24T18:00:00+08:00' },
  ],
};

describe('compiling a quarter', () => {
  it('lists each unit on time, late or missing, and sums each unit’s latest table', () => {
    const compiled = compileQuarter(Q3, UNITS, [
      { reportingUnitId: LEAD, dispatchMonth: '2026-07', submittedAt: '2026-07-22T02:00:00Z', fields: { selfFoundMajorHazards: 1 } },
      { reportingUnitId: LEAD, dispatchMonth: '2026-08', submittedAt: '2026-08-24T09:00:00Z', fields: { selfFoundMajorHazards: 3 } },
      { reportingUnitId: MEMBER, dispatchMonth: '2026-07', submittedAt: '2026-07-24T02:00:00Z', fields: { selfFoundMajorHazards: 2 } },
      // Another quarter's table does not count.
      { reportingUnitId: MEMBER, dispatchMonth: '2026-06', submittedAt: '2026-06-20T02:00:00Z', fields: { selfFoundMajorHazards: 9 } },
    ]);
    expect(compiled.units.map((unit) => [unit.id, unit.onTime, unit.late, unit.missing, unit.lagging])).toEqual([
      [LEAD, ['2026-07', '2026-08'], [], [], false],
      [MEMBER, [], ['2026-07'], ['2026-08'], true],
    ]);
    expect(compiled.laggingUnits).toEqual([{ id: MEMBER, name: MEMBER, situation: '逾期报送2026年7月调度表，未报送2026年8月调度表' }]);
    expect(compiled.totals['selfFoundMajorHazards']).toBe(5);
    expect(compiled.unitsText).toContain(`未按时报送的单位：${MEMBER}。`);
    expect(compiled.totalsText).toContain('企业自查发现的重大事故隐患(个)5');
    expect(compiled.monthsText).toBe('2026年7月、2026年8月调度表');
  });

  it('says so when every unit reported on time, and when nothing was reported', () => {
    expect(compileQuarter(Q3, UNITS.slice(0, 1), [
      { reportingUnitId: LEAD, dispatchMonth: '2026-07', submittedAt: '2026-07-22T02:00:00Z', fields: {} },
      { reportingUnitId: LEAD, dispatchMonth: '2026-08', submittedAt: '2026-08-22T02:00:00Z', fields: {} },
    ]).unitsText).toContain('各填报单位均按时报送。');
    expect(compileQuarter(Q3, UNITS, []).totalsText).toBe('本季度尚无报送的调度表。');
  });

  it('words the decisions', () => {
    expect(decisionsText([])).toBe('本季度无须约谈、问责的单位。');
    expect(decisionsText([{ id: MEMBER, name: MEMBER, situation: '未报送2026年8月调度表', decision: '约谈', reason: '未报送2026年8月调度表' }])).toBe(`${MEMBER}（未报送2026年8月调度表）：予以约谈。`);
    expect(decisionsText([{ id: MEMBER, name: MEMBER, situation: '逾期报送', decision: '不约谈问责', reason: '系统故障，已补报' }])).toContain('暂不约谈、问责，理由：系统故障，已补报');
  });
});

describe('anquan.campaign.quarterly-circular', () => {
  let testLedger: TestLedger;
  beforeEach(async () => {
    testLedger = await openTestLedger();
  });
  afterEach(async () => {
    await testLedger.dispose();
  });

  async function run(variables: Record<string, unknown>) {
    const job = fakeJob({ type: quarterlyCircularWorker.jobType, bpmnProcessId: 'special-inspection', variables });
    await quarterlyCircularWorker.run(job, { logger, services: testServices({ ledger: testLedger.ledger }) });
    return job;
  }

  const base = { campaignId: 'jinxian-2026', campaignName: '进贤县重大事故隐患专项排查整治2026行动', quarter: Q3, reportingUnits: UNITS };

  it('compiles from the ledger, then records each decision once', async () => {
    for (const month of ['2026-07', '2026-08']) {
      await testLedger.ledger.recordDispatchSubmission({
        idempotencyKey: `lead-${month}`,
        campaignId: 'jinxian-2026',
        dispatchMonth: month,
        kind: '填报单位',
        reportingUnitId: LEAD,
        reportingUnitName: LEAD,
        fields: { selfFoundMajorHazards: 2 },
        periodFrom: '2026-06-25T00:00:00+08:00',
        periodBefore: `${month}-23T00:00:00+08:00`,
        submittedAt: `${month}-20T09:00:00+08:00`,
      });
    }
    const compiled = completedWith(await run({ ...base, action: 'compile' }));
    expect(compiled['accountabilityDecisions']).toEqual([{ unitId: MEMBER, unitName: MEMBER, situation: '未报送2026年7月、2026年8月调度表', decision: null, reason: null }]);

    const issue = {
      ...base,
      action: 'issue',
      quarterlyCompilation: compiled['quarterlyCompilation'],
      circularNumber: '进安办字〔2026〕12号',
      accountabilityDecisions: [{ unitId: MEMBER, decision: '约谈' }],
      decidedAt: '2026-08-26T10:00:00+08:00',
    };
    const issued = completedWith(await run(issue))['quarterlyCircular'] as Record<string, unknown>;
    expect(issued['circularNumber']).toBe('进安办字〔2026〕12号');
    expect(issued['decisionsText']).toBe(`${MEMBER}（未报送2026年7月、2026年8月调度表）：予以约谈。`);
    // Redelivered, or decided again: the first decision stays.
    completedWith(await run({ ...issue, accountabilityDecisions: [{ unitId: MEMBER, decision: '问责' }] }));
    const rows = await testLedger.ledger.listCampaignAccountability({ campaignId: 'jinxian-2026' });
    expect(rows.map((row) => [row.quarter, row.reportingUnitId, row.decision, row.circularNumber, row.reason])).toEqual([
      ['2026-Q3', MEMBER, '约谈', '进安办字〔2026〕12号', '未报送2026年7月、2026年8月调度表'],
    ]);
  });

  it('refuses a missing decision, a decision on a unit on time, and 不约谈问责 without a reason', async () => {
    const compiled = completedWith(await run({ ...base, action: 'compile' }));
    const issue = { ...base, action: 'issue', quarterlyCompilation: compiled['quarterlyCompilation'], circularNumber: '进安办字〔2026〕12号' };
    expect(incidentMessage(await run({ ...issue, accountabilityDecisions: [{ unitId: MEMBER, decision: '约谈' }] }))).toContain(`未对未按时报送的 ${LEAD} 作出决定`);
    expect(incidentMessage(await run({ ...issue, accountabilityDecisions: [{ unitId: LEAD, decision: '不约谈问责' }, { unitId: MEMBER, decision: '问责' }] }))).toContain('不约谈问责须写明理由');
    expect(incidentMessage(await run({ ...issue, accountabilityDecisions: [{ unitId: '别的单位', decision: '约谈' }] }))).toContain('不在约谈问责之列');
    expect(incidentMessage(await run({ ...base, action: 'issue' }))).toContain('action issue requires the variable circularNumber');
    expect(await testLedger.ledger.listCampaignAccountability()).toEqual([]);
  });
});
