import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobType } from '../../../../workers/contract.ts';
import { WorkingDayCalendar } from '../../../../workers/deadline/calendar.ts';
import { type DispatchReport, dispatchReportWorker } from '../../../../workers/campaign/dispatch-report.worker.ts';
import {
  CSV_HEADER,
  DISPATCH_ITEMS,
  MANUAL_FIELD_KEYS,
  dispatchDue,
  dispatchFields,
} from '../../../../workers/campaign/dispatch-table.ts';
import { ReportFolder } from '../../../../workers/campaign/report-folder.ts';
import type { Ledger } from '../../../../workers/ledger/index.ts';
import { completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { type TestLedger, openTestLedger, testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
const calendar = new WorkingDayCalendar();

/** RFC 4180, enough for the tables written here: quoted cells with doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index] as string;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (character === '"') {
        quoted = false;
      } else {
        cell += character;
      }
    } else if (character === '"') {
      quoted = true;
    } else if (character === ',') {
      row.push(cell);
      cell = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index += 1;
    } else {
      cell += character;
    }
  }
  return rows;
}

describe('调度表 due date (每月 23 日前报送，遇节假日顺延)', () => {
  it.each([
    ['2026-01', '2026-01-23', undefined],
    // 2026-02-23 is the last day of the 春节 holiday (a Monday).
    ['2026-02', '2026-02-24', '2026-02-23'],
    ['2026-03', '2026-03-23', undefined],
    // 2026-05-23 is a Saturday.
    ['2026-05', '2026-05-25', '2026-05-23'],
    ['2026-08', '2026-08-24', '2026-08-23'],
  ])('%s is due %s', (month, dueDate, movedFrom) => {
    const due = dispatchDue(calendar, month, 23);
    expect(due.dueDate).toBe(dueDate);
    expect(due.dueAt).toBe(`${dueDate}T18:00:00+08:00`);
    expect(due.movedFrom).toBe(movedFrom);
    expect(due.beyondKnownCalendar).toBe(false);
  });
});

describe('调度表 labels', () => {
  const seedFile = '/work/shared/seeds/004_127960e34d22d354.txt';
  it.skipIf(!existsSync(seedFile))('are the attachment of seed 004, verbatim', () => {
    const seed = readFileSync(seedFile, 'utf8');
    for (const entry of DISPATCH_ITEMS) {
      expect(seed, entry.label).toContain(`${entry.number}\t${entry.label}`);
      expect(seed).toContain(entry.section);
    }
  });

  it('cover every item of the four sections once', () => {
    const counts = Object.fromEntries(['总体情况', '对企业自查自改进行抽查检查情况', '部门精准严格执法情况', '党委政府组织领导情况'].map((s) => [s, 0]));
    for (const entry of DISPATCH_ITEMS) counts[entry.section] = (counts[entry.section] ?? 0) + 1;
    expect(counts).toEqual({ 总体情况: 6, 对企业自查自改进行抽查检查情况: 8, 部门精准严格执法情况: 10, 党委政府组织领导情况: 8 });
    const keys = DISPATCH_ITEMS.flatMap((entry) => entry.parts.map((part) => part.key));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe(JobType.campaignDispatchReport, () => {
  let testLedger: TestLedger;
  let ledger: Ledger;
  let reportsDirectory: string;

  beforeEach(async () => {
    testLedger = await openTestLedger();
    ledger = testLedger.ledger;
    reportsDirectory = await mkdtemp(path.join(os.tmpdir(), 'anquan-reports-'));
  });

  afterEach(async () => {
    await testLedger.dispose();
    await rm(reportsDirectory, { recursive: true, force: true });
  });

  async function run(variables: Record<string, unknown>) {
    const job = fakeJob({ type: JobType.campaignDispatchReport, bpmnProcessId: 'special-inspection', variables });
    const services = testServices({ ledger, reports: new ReportFolder(reportsDirectory) });
    const { outcome } = await dispatchReportWorker.run(job, { logger, services });
    return { job, outcome };
  }

  async function report(month: string): Promise<DispatchReport> {
    const { job, outcome } = await run({
      campaignId: 'jinxian-2026',
      campaignName: '进贤县重大事故隐患专项排查整治2026行动',
      month,
      campaignStart: '2026-01-05',
      region: '进贤县安委办',
    });
    expect(outcome).toBe('completed');
    return (completedWith(job) as { dispatchReport: DispatchReport }).dispatchReport;
  }

  async function closeFinding(findingId: string, at: string): Promise<void> {
    await ledger.updateFindingStatus({ findingId, idempotencyKey: `${findingId}:review`, status: '待复核', at });
    await ledger.updateFindingStatus({ findingId, idempotencyKey: `${findingId}:close`, status: '已销号', at });
  }

  async function majorHazard(key: string, source: '企业自查' | '部门检查', foundAt: string): Promise<string> {
    const { record } = await ledger.recordFinding({
      idempotencyKey: key,
      category: '重大事故隐患',
      source,
      unitName: `企业${key}`,
      description: '重大事故隐患',
      foundAt,
    });
    return record.id;
  }

  /** A campaign from 2026-01-05 across the January and February month-ends, with records on both sides of each cut-off. */
  async function recordCampaign(): Promise<void> {
    // Before the campaign: never counted.
    await majorHazard('before', '企业自查', '2026-01-02T10:00:00+08:00');
    const selfFound = await majorHazard('self-jan', '企业自查', '2026-01-10T10:00:00+08:00');
    await closeFinding(selfFound, '2026-01-20T10:00:00+08:00');
    const departmentFound = await majorHazard('dept-jan', '部门检查', '2026-01-12T10:00:00+08:00');
    await ledger.recordSupervisionListing({ findingId: departmentFound, authority: '县安委会', listedAt: '2026-01-13T10:00:00+08:00' });
    await ledger.recordFinding({
      idempotencyKey: 'general',
      category: '一般问题隐患',
      source: '部门检查',
      unitName: '某企业',
      description: '一般隐患',
      foundAt: '2026-01-14T10:00:00+08:00',
    });
    // After the January cut-off (the table is due 2026-01-23): counted from February on.
    await majorHazard('self-late-jan', '企业自查', '2026-01-23T09:00:00+08:00');
    await closeFinding(departmentFound, '2026-02-03T10:00:00+08:00');
    // On 2026-02-23, a 春节 holiday: the February table is due the 24th, so this counts.
    await majorHazard('dept-holiday', '部门检查', '2026-02-23T10:00:00+08:00');
    // After the February cut-off.
    await majorHazard('dept-march', '部门检查', '2026-02-24T09:00:00+08:00');

    const inspection = (key: string, unitCreditCode: string, inspectedAt: string) =>
      ledger.recordInspection({ idempotencyKey: key, kind: '抽查检查', unitName: unitCreditCode, unitCreditCode, inspectingOrgan: '县应急管理局', inspectedAt });
    await inspection('i1', '91360124000000001A', '2026-01-15T10:00:00+08:00');
    await inspection('i2', '91360124000000001A', '2026-01-16T10:00:00+08:00');
    await inspection('i3', '91360124000000002B', '2026-01-16T11:00:00+08:00');
    await inspection('i4', '91360124000000003C', '2026-02-10T10:00:00+08:00');

    const enforcement = (key: string, kind: Parameters<Ledger['recordEnforcementAction']>[0]['kind'], decidedAt: string, extra = {}) =>
      ledger.recordEnforcementAction({ idempotencyKey: key, kind, unitName: `企业${key}`, decidingOrgan: '县应急管理局', decidedAt, ...extra });
    await enforcement('p1', '行政处罚', '2026-01-16T10:00:00+08:00', { fineYuan: 12_345.67 });
    await enforcement('s1', '责令停产整顿', '2026-01-18T10:00:00+08:00');
    await enforcement('p2', '行政处罚', '2026-02-05T10:00:00+08:00', { fineYuan: 50_000 });
    await enforcement('d1', '一案双罚', '2026-02-06T10:00:00+08:00');
    await enforcement('j1', '移送司法机关', '2026-02-07T10:00:00+08:00', { personCount: 2 });
    await enforcement('a1', '责任追究', '2026-02-09T10:00:00+08:00', { personCount: 3 });
    await enforcement('p3', '行政处罚', '2026-02-24T10:00:00+08:00', { fineYuan: 1_000 });
  }

  it('produces the January and February tables with their due dates and the cumulative counts of the ledger', async () => {
    await recordCampaign();
    const january = await report('2026-01');
    const february = await report('2026-02');

    expect(january).toMatchObject({ month: '2026-01', dueDate: '2026-01-23', dueAt: '2026-01-23T18:00:00+08:00' });
    expect(january.movedFrom).toBeUndefined();
    expect(february).toMatchObject({ month: '2026-02', dueDate: '2026-02-24', dueAt: '2026-02-24T18:00:00+08:00', movedFrom: '2026-02-23' });
    expect(january).toMatchObject({ periodFrom: '2026-01-05T00:00:00+08:00', periodBefore: '2026-01-23T00:00:00+08:00' });
    expect(february).toMatchObject({ periodFrom: '2026-01-05T00:00:00+08:00', periodBefore: '2026-02-24T00:00:00+08:00' });

    expect(january.fields).toMatchObject({
      selfFoundMajorHazards: 1,
      selfFoundMajorHazardsRectified: 1,
      departmentFoundMajorHazards: 1,
      departmentFoundMajorHazardsRectified: 0,
      listedMajorHazards: 1,
      listedMajorHazardsRectified: 0,
      enterprisesSpotChecked: 2,
      administrativePenalties: 1,
      administrativePenaltyFinesWanYuan: 1.234567,
      doublePenaltyCases: 0,
      transferredToJudiciaryPersons: 0,
      orderedToSuspend: 1,
      accountabilityPersons: 0,
    });
    expect(february.fields).toMatchObject({
      selfFoundMajorHazards: 2,
      selfFoundMajorHazardsRectified: 1,
      departmentFoundMajorHazards: 2,
      departmentFoundMajorHazardsRectified: 1,
      listedMajorHazards: 1,
      listedMajorHazardsRectified: 1,
      enterprisesSpotChecked: 3,
      administrativePenalties: 2,
      administrativePenaltyFinesWanYuan: 6.234567,
      doublePenaltyCases: 1,
      transferredToJudiciaryPersons: 2,
      orderedToSuspend: 1,
      accountabilityPersons: 3,
    });
    // Exactly what the ledger summarises over each period, and nothing invented where it has no number.
    for (const table of [january, february]) {
      expect(table.fields).toEqual(dispatchFields(await ledger.summarize({ from: table.periodFrom, before: table.periodBefore })));
      for (const key of MANUAL_FIELD_KEYS) expect(table.fields[key]).toBeNull();
      expect(table.manualFields).toEqual(MANUAL_FIELD_KEYS);
    }
  });

  it('writes a CSV (UTF-8 with BOM) that reads back to the same numbers, and a Chinese HTML table', async () => {
    await recordCampaign();
    const february = await report('2026-02');
    expect(february.csvPath).toBe(path.join(reportsDirectory, 'jinxian-2026', '2026-02.csv'));
    expect(february.htmlPath).toBe(path.join(reportsDirectory, 'jinxian-2026', '2026-02.html'));

    const bytes = await readFile(february.csvPath);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.toString('utf8').slice(1));
    expect(header).toEqual([...CSV_HEADER]);
    const expected = DISPATCH_ITEMS.flatMap((entry) =>
      entry.parts.map((part) => [entry.section, String(entry.number), entry.label, part.measure, february.fields[part.key]]),
    );
    expect(rows.map(([section, number, label, measure, value]) => [section, number, label, measure, value === '' ? null : Number(value)])).toEqual(
      expected,
    );

    const html = await readFile(february.htmlPath, 'utf8');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('进贤县重大事故隐患专项排查整治2026行动进展情况调度表');
    expect(html).toContain('（进贤县安委办）');
    expect(html).toContain('时间：2026年2月24日');
    expect(html).toContain('报送期限：2026年2月24日 18:00 前（2026年2月23日非工作日，遇节假日顺延）');
    expect(html).toContain('统计时段：2026年1月5日至2026年2月23日，专项整治开展以来累计');
    for (const entry of DISPATCH_ITEMS) expect(html).toContain(entry.label);
    expect(html).toContain('次：<strong>2</strong>；万元：<strong>6.234567</strong>');
    expect(html).toContain('待填报');
  });

  it('rewrites nothing when run again on the same ledger', async () => {
    await recordCampaign();
    const first = await report('2026-02');
    const before = await Promise.all([stat(first.csvPath), stat(first.htmlPath)]);
    const csv = await readFile(first.csvPath, 'utf8');
    const second = await report('2026-02');
    expect(second).toEqual(first);
    expect(await readFile(second.csvPath, 'utf8')).toBe(csv);
    const after = await Promise.all([stat(first.csvPath), stat(first.htmlPath)]);
    expect(after.map((s) => s.mtimeMs)).toEqual(before.map((s) => s.mtimeMs));
  });

  it('refuses a month due before the campaign started, and a campaign id that is not a folder name', async () => {
    const early = await run({ campaignId: 'c', campaignName: '专项整治', month: '2026-01', campaignStart: '2026-01-23' });
    expect(early.outcome).toBe('invalid-input');
    expect(incidentMessage(early.job)).toContain('the 2026-01 table is due 2026-01-23, not after campaignStart=2026-01-23');

    const bad = await run({ campaignId: '../etc', campaignName: '专项整治', month: '2026-13', campaignStart: '2026-01-05' });
    expect(bad.outcome).toBe('invalid-input');
    const message = incidentMessage(bad.job);
    expect(message).toContain('variable campaignId must be an id');
    expect(message).toContain('variable month must be a YYYY-MM month');
  });
});
