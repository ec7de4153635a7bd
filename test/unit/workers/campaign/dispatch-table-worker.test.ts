/**
 * anquan.campaign.dispatch-table: the due day from the profile (遇节假日顺延), a unit's table scoped to its
 * campaign and unit, stored once however often the job is delivered, and the consolidated table.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportFolder } from '../../../../workers/campaign/report-folder.ts';
import { MANUAL_FIELD_KEYS } from '../../../../workers/campaign/dispatch-sheet.ts';
import { dispatchTableWorker } from '../../../../workers/campaign/dispatch-table.worker.ts';
import { JurisdictionId } from '../../../../workers/contract.ts';
import { ProfileStore } from '../../../../workers/profile/profile.ts';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { type TestLedger, openTestLedger, testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
let testLedger: TestLedger;
let folder: string;

beforeEach(async () => {
  testLedger = await openTestLedger();
  folder = await mkdtemp(path.join(os.tmpdir(), 'anquan-dispatch-'));
});
afterEach(async () => {
  await testLedger.dispose();
  await rm(folder, { recursive: true, force: true });
});

async function run(variables: Record<string, unknown>, options: { processInstanceKey?: string; activatedAt?: string } = {}) {
  const job = fakeJob({ type: dispatchTableWorker.jobType, bpmnProcessId: 'campaign-dispatch', variables, ...options });
  await dispatchTableWorker.run(job, { logger, services: testServices({ ledger: testLedger.ledger, reports: new ReportFolder(folder) }) });
  return job;
}

const campaign = { campaignId: 'jinxian-2026', campaignName: '进贤县重大事故隐患专项排查整治2026行动', periodFrom: '2026-01-05' };
const entries = Object.fromEntries(MANUAL_FIELD_KEYS.map((key) => [key, key === 'mediaSafetyColumn' ? '是' : 1]));

describe('the due date', () => {
  it('is the profile day of the month, moved past a holiday to the next working day', async () => {
    const jiangxi = await new ProfileStore(path.join(PROJECT_ROOT, 'processes/profiles')).resolve(JurisdictionId.jiangxi);
    expect(jiangxi.inspection.dispatchDayOfMonth).toBe(23);
    expect(jiangxi.sources.inspection.dispatchDayOfMonth.source).toContain('进贤方案附件注1');
    const base = { action: 'due', ...campaign, dayOfMonth: jiangxi.inspection.dispatchDayOfMonth, reviewLeadWorkingDays: 3 };
    // 2026-02-23 falls in the 春节 holiday: due Tuesday 02-24; the units' work opens 3 working days before.
    const february = completedWith(await run({ ...base, dispatchMonth: '2026-02' }))['dispatchDue'];
    expect(february).toMatchObject({ dueDate: '2026-02-24', movedFrom: '2026-02-23', dueAt: '2026-02-24T18:00:00+08:00', reviewFrom: '2026-02-12', periodBefore: '2026-02-24T00:00:00+08:00' });
    // 2023-01-23 (春节) moves to Saturday 01-28, a 调休 working day.
    const january2023 = completedWith(await run({ ...base, periodFrom: '2023-01-03', dispatchMonth: '2023-01' }))['dispatchDue'];
    expect(january2023).toMatchObject({ dueDate: '2023-01-28', movedFrom: '2023-01-23' });
    // Another day in a profile gives another due date.
    expect(completedWith(await run({ ...base, dayOfMonth: 20, dispatchMonth: '2026-03' }))['dispatchDue']).toMatchObject({ dueDate: '2026-03-20' });
    expect(incidentMessage(await run({ ...base, dayOfMonth: 31, dispatchMonth: '2026-03' }))).toContain('dayOfMonth');
  });
});

describe('a unit table and the consolidated one', () => {
  it('counts the unit’s own rows of its campaign, stores the entries once and adds the units up', async () => {
    const ledger = testLedger.ledger;
    const hazard = (key: string, campaignId: string, reportingUnitId: string) =>
      ledger.recordFinding({ idempotencyKey: key, category: '重大事故隐患', source: '企业自查', unitName: key, description: '超量储存', foundAt: '2026-02-02T02:00:00Z', campaignId, reportingUnitId });
    await hazard('a-lidu-1', 'jinxian-2026', 'lidu');
    await hazard('a-lidu-2', 'jinxian-2026', 'lidu');
    await hazard('a-wenzhen', 'jinxian-2026', 'wenzhen');
    await hazard('b-lidu', 'other-campaign', 'lidu');
    const due = completedWith(await run({ action: 'due', ...campaign, dispatchMonth: '2026-02', dayOfMonth: 23, reviewLeadWorkingDays: 3 }))['dispatchDue'];
    const units = [{ id: 'lidu', name: '李渡镇' }, { id: 'wenzhen', name: '温圳镇' }];
    const common = { ...campaign, dispatchMonth: '2026-02', dispatchDue: due, reportingUnits: units };

    const draft = completedWith(await run({ action: 'unit-draft', ...common, reportingUnit: units[0] }))['unitTable'] as { fields: Record<string, unknown> };
    expect(draft.fields).toMatchObject({ selfFoundMajorHazards: 2, principalNotStudying: null });

    expect(incidentMessage(await run({ action: 'unit-submit', ...common, reportingUnit: units[0] }))).toContain('principalNotStudying');
    const submit = { action: 'unit-submit', ...common, reportingUnit: units[0], ...entries, documentNumber: '李府字〔2026〕8号', submittedBy: '王某', submittedAt: '2026-02-20T10:00:00+08:00' };
    const first = completedWith(await run(submit, { processInstanceKey: 'p1' }))['unitSubmission'] as { fields: Record<string, unknown>; csvPath: string };
    const again = completedWith(await run({ ...submit, principalNotStudying: 9 }, { processInstanceKey: 'p1' }))['unitSubmission'] as { fields: Record<string, unknown> };
    expect(first.fields).toMatchObject({ selfFoundMajorHazards: 2, principalNotStudying: 1, mediaSafetyColumn: true });
    expect(again.fields).toEqual(first.fields);
    expect(await readFile(first.csvPath, 'utf8')).toContain('文号：李府字〔2026〕8号');

    expect(incidentMessage(await run({ action: 'consolidate', ...common }, { processInstanceKey: 'p1' }))).toContain('温圳镇');
    await run({ ...submit, reportingUnit: units[1], documentNumber: undefined, mediaSafetyColumn: '否' }, { processInstanceKey: 'p1' });
    const consolidated = completedWith(await run({ action: 'consolidate', ...common, campaignRegion: '进贤县安委办' }, { processInstanceKey: 'p1' }))['consolidatedTable'] as { fields: Record<string, unknown> };
    expect(consolidated.fields).toMatchObject({ selfFoundMajorHazards: 3, principalNotStudying: 2, mediaSafetyColumn: true });
    const final = completedWith(
      await run({ action: 'consolidated-submit', ...common, campaignRegion: '进贤县安委办', documentNumber: '进安办字〔2026〕3号', campaignDocumentNumber: '进府办发〔2026〕25号' }, { processInstanceKey: 'p1' }),
    )['dispatchSubmission'] as { htmlPath: string; documentNumber: string };
    expect(final.documentNumber).toBe('进安办字〔2026〕3号');
    const html = await readFile(final.htmlPath, 'utf8');
    expect(html).toContain('文号：进安办字〔2026〕3号');
    expect(html).toContain('进府办发〔2026〕25号附件');
    expect(html).toContain('（进贤县安委办）');
    expect(html).toContain('汇总：李渡镇、温圳镇');
    expect((await ledger.listDispatchSubmissions({ campaignId: 'jinxian-2026', dispatchMonth: '2026-02' })).map((row) => row.kind).sort()).toEqual(['填报单位', '填报单位', '汇总']);
  });
});

describe('a reporting unit named as special-inspection names it', () => {
  it('takes an organ’s name as the unit id, counts the rows written in that name, and refuses one that is no file name', async () => {
    const organ = '进贤县应急管理局';
    await testLedger.ledger.recordFinding({ idempotencyKey: 'organ-1', category: '重大事故隐患', source: '部门检查', unitName: '甲公司', description: '未设置紧急切断装置', foundAt: '2026-02-02T02:00:00Z', campaignId: 'jinxian-2026', reportingUnitId: organ });
    const due = completedWith(await run({ action: 'due', ...campaign, dispatchMonth: '2026-02', dayOfMonth: 23, reviewLeadWorkingDays: 3 }))['dispatchDue'];
    const common = { ...campaign, dispatchMonth: '2026-02', dispatchDue: due };
    const draft = completedWith(await run({ action: 'unit-draft', ...common, reportingUnit: { id: organ, name: organ } }))['unitTable'] as { fields: Record<string, unknown>; csvPath: string };
    expect(draft.fields).toMatchObject({ departmentFoundMajorHazards: 1 });
    expect(path.basename(draft.csvPath)).toBe(`unit-${organ}-draft.csv`);
    expect(path.dirname(draft.csvPath)).toBe(path.join(folder, 'jinxian-2026', '2026-02'));
    for (const id of ['../进贤县', '县/局', '.局', 'a\u0007b']) {
      const message = incidentMessage(await run({ action: 'unit-draft', ...common, reportingUnit: { id, name: '某局' } }));
      expect(message, id).toContain('reportingUnit.id');
      expect(message).toContain('不含斜杠');
    }
  });
});
