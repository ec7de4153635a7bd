/**
 * campaign-dispatch (月度调度表) on the test engine with the real workers, started directly as a caller would
 * start it: two campaigns run in parallel, campaign A with two reporting units (李渡镇, 温圳镇), campaign B with
 * one (李渡镇). The February table is due on the 23rd from the 江西 profile, a 春节 holiday, so it moves to
 * Tuesday 02-24 (遇节假日顺延); each unit's table counts only its own ledger rows of its own campaign, its
 * manual items are entered in the unit's form (as the 填报单位 login), stored in the ledger and printed; the
 * 县安委办 reviews the consolidated table, enters its 文号, and the sums of A never include B's rows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MANUAL_FIELD_KEYS } from '../../../workers/campaign/dispatch-sheet.ts';
import { CandidateGroup, ProcessId } from '../../../workers/contract.ts';
import { eventually, type UserTask } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';

const h = useEngineHarness();

const LIDU = { id: 'lidu', name: '李渡镇' };
const WENZHEN = { id: 'wenzhen', name: '温圳镇' };

function entries(base: number): Record<string, unknown> {
  return Object.fromEntries(MANUAL_FIELD_KEYS.map((key, index) => [key, key === 'mediaSafetyColumn' ? (base === 1 ? '是' : '否') : key.endsWith('WanYuan') ? base / 10 : base + index]));
}

async function unitTasks(instanceId: string, count: number): Promise<Map<string, UserTask>> {
  const byUnit = new Map<string, UserTask>();
  for (const task of await h.engine.waitForUserTasks(instanceId, 'ReportUnitTable', count)) {
    const { reportingUnit } = await h.engine.userTaskVariables(task.id, ['reportingUnit']);
    byUnit.set((reportingUnit as { id: string }).id, task);
  }
  return byUnit;
}

async function hazard(key: string, campaignId: string, reportingUnitId: string, source: '企业自查' | '部门检查'): Promise<void> {
  await h.ledger.recordFinding({
    idempotencyKey: `dispatch-test:${key}`,
    category: '重大事故隐患',
    source,
    unitName: `${key}有限公司`,
    description: '重大危险源未设置紧急切断装置',
    foundAt: '2026-02-03T10:00:00+08:00',
    campaignId,
    reportingUnitId,
  });
}

describe(`${ProcessId.campaignDispatch}: 一个月的调度表，两个填报单位，另一专项整治行动并行`, () => {
  it('moves the due day past 春节, scopes each table to its campaign and unit, stores the entries and consolidates them', async () => {
    await h.clock.pin('2026-02-10T09:00:00+08:00');
    const campaignA = 'dispatch-test-a-2026';
    const campaignB = 'dispatch-test-b-2026';
    // Ledger rows as the recording workers write them with campaignId and reportingUnitId.
    await hazard('a-lidu-1', campaignA, 'lidu', '企业自查');
    await hazard('a-lidu-2', campaignA, 'lidu', '企业自查');
    await hazard('a-wenzhen-1', campaignA, 'wenzhen', '部门检查');
    await hazard('b-lidu-1', campaignB, 'lidu', '企业自查');
    await hazard('b-lidu-2', campaignB, 'lidu', '企业自查');
    await hazard('b-lidu-3', campaignB, 'lidu', '企业自查');
    await h.ledger.recordEnforcementAction({
      idempotencyKey: 'dispatch-test:b-penalty',
      kind: '行政处罚',
      unitName: '乙有限公司',
      decidingOrgan: '进贤县应急管理局',
      fineYuan: 20000,
      decidedAt: '2026-02-05T10:00:00+08:00',
      campaignId: campaignB,
      reportingUnitId: 'lidu',
    });

    // The profile comes from the caller; here it is loaded as special-inspection loads it.
    const profile = await h.workers.services.profiles.resolve('jiangxi');
    const a = await h.engine.startProcessInstance(
      ProcessId.campaignDispatch,
      {
        dispatchMonth: '2026-02',
        campaignId: campaignA,
        campaignName: '进贤县重大事故隐患专项排查整治2026行动',
        periodFrom: '2026-01-05',
        campaignRegion: '进贤县安委办',
        campaignDocumentNumber: '进府办发〔2026〕25号',
        profile,
        reportingUnits: [LIDU, WENZHEN],
      },
      `${campaignA}/2026-02`,
    );
    const b = await h.engine.startProcessInstance(
      ProcessId.campaignDispatch,
      {
        dispatchMonth: '2026-02',
        campaignId: campaignB,
        campaignName: '进贤县燃气安全专项整治2026行动',
        periodFrom: '2026-01-05',
        campaignRegion: '进贤县安委办',
        profile,
        reportingUnits: [LIDU],
      },
      `${campaignB}/2026-02`,
    );

    const due = await h.engine.waitForVariable<Record<string, string>>(a, 'dispatchDue');
    expect(due).toMatchObject({ dueDate: '2026-02-24', movedFrom: '2026-02-23', reviewFrom: '2026-02-12' });
    // Both wait for the day the units' work opens; then the clock reaches it.
    for (const instance of [a, b]) {
      await eventually('the reporting window timer', async () =>
        (await h.engine.activityInstances(instance)).some((activity) => activity.activityId === 'ReportingOpens' && activity.state === 'ACTIVE') ? true : undefined,
      );
    }
    await h.clock.pin('2026-02-12T09:01:00+08:00');

    const tasksA = await unitTasks(a, 2);
    const [taskB] = await h.engine.waitForUserTasks(b, 'ReportUnitTable', 1);
    const lidu = tasksA.get('lidu')!;
    expect(lidu.candidateGroups).toEqual([CandidateGroup.reportingUnit]);
    expect(new Date(lidu.dueDate!).toISOString()).toBe('2026-02-24T10:00:00.000Z');
    const draft = async (task: UserTask) =>
      ((await h.engine.userTaskVariables(task.id, ['unitTable'])).unitTable as { fields: Record<string, number | null> }).fields;
    // Campaign A's 李渡镇 sees its two self-found hazards, not campaign B's three nor B's penalty.
    expect(await draft(lidu)).toMatchObject({ selfFoundMajorHazards: 2, departmentFoundMajorHazards: 0, administrativePenalties: 0, principalNotStudying: null });
    expect(await draft(tasksA.get('wenzhen')!)).toMatchObject({ selfFoundMajorHazards: 0, departmentFoundMajorHazards: 1 });
    expect(await draft(taskB!)).toMatchObject({ selfFoundMajorHazards: 3, administrativePenalties: 1, administrativePenaltyFinesWanYuan: 2 });

    await h.engine.completeUserTask(lidu, { ...entries(1), unitDocumentNumber: '李府字〔2026〕8号', unitFilledBy: '李渡镇安监办 王某' });
    await h.engine.completeUserTask(tasksA.get('wenzhen')!, { ...entries(2), unitFilledBy: '温圳镇安监办 李某' });
    await h.engine.completeUserTask(taskB!, { ...entries(5), unitFilledBy: '李渡镇燃气办 赵某' });

    const review = await h.engine.waitForUserTask(a, 'ReviewConsolidatedTable');
    expect(review.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
    const { consolidatedTable } = await h.engine.userTaskVariables(review.id, ['consolidatedTable']);
    const consolidated = (consolidatedTable as { fields: Record<string, unknown> }).fields;
    expect(consolidated).toMatchObject({
      selfFoundMajorHazards: 2,
      departmentFoundMajorHazards: 1,
      administrativePenalties: 0,
      // Entered: 李渡镇 1, 温圳镇 2 for the first manual item; 是 from 李渡镇.
      principalNotStudying: 3,
      mediaSafetyColumn: true,
      reportRewardsWanYuan: 0.3,
    });
    await h.engine.completeUserTask(review, { dispatchDocumentNumber: '进安办字〔2026〕3号', consolidatedReviewer: '县安委办 陈某', consolidatedConfirmed: true, consolidatedReviewComment: '与各单位报表一致' });
    await h.complete(b, 'ReviewConsolidatedTable', { consolidatedReviewer: '县安委办 陈某', consolidatedConfirmed: true });

    for (const instance of [a, b]) {
      await h.engine.waitForProcessInstanceState(instance, 'COMPLETED');
      expect(await h.engine.incidentHistory(instance)).toEqual([]);
    }

    // The ledger holds each submission once, with the entries; B's rows never counted in A.
    const submittedA = await h.ledger.listDispatchSubmissions({ campaignId: campaignA, dispatchMonth: '2026-02' });
    expect(submittedA.map((row) => [row.kind, row.reportingUnitId]).sort()).toEqual([['填报单位', 'lidu'], ['填报单位', 'wenzhen'], ['汇总', null]]);
    const liduRow = submittedA.find((row) => row.reportingUnitId === 'lidu')!;
    expect(liduRow).toMatchObject({ documentNumber: '李府字〔2026〕8号', submittedBy: '李渡镇安监办 王某' });
    expect(liduRow.fields).toMatchObject({ selfFoundMajorHazards: 2, principalNotStudying: 1, mediaSafetyColumn: true });
    const totalA = submittedA.find((row) => row.kind === '汇总')!;
    expect(totalA).toMatchObject({ documentNumber: '进安办字〔2026〕3号', reportingUnitName: '进贤县安委办' });
    expect(totalA.fields).toMatchObject({ selfFoundMajorHazards: 2, administrativePenalties: 0, principalNotStudying: 3 });
    const totalB = (await h.ledger.listDispatchSubmissions({ campaignId: campaignB, kind: '汇总' }))[0]!;
    expect(totalB.fields).toMatchObject({ selfFoundMajorHazards: 3, administrativePenalties: 1, principalNotStudying: 5 });

    // The submitted tables as the attachment lays them out, with the 文号 printed; handed back as dispatchSubmission.
    const result = await h.engine.waitForVariable<{ csvPath: string; htmlPath: string }>(a, 'dispatchSubmission');
    const csv = readFileSync(result.csvPath, 'utf8');
    expect(csv).toContain('文号：进安办字〔2026〕3号');
    expect(csv).toContain('进府办发〔2026〕25号附件');
    expect(csv).toContain('（进贤县安委办）');
    expect(csv).toContain('汇总：李渡镇、温圳镇');
    const html = readFileSync(result.htmlPath, 'utf8');
    expect(html).toContain('2026年2月23日非工作日，遇节假日顺延');
    expect(html).toContain('注：1. 调度表于每月 23 日前报送县安委办，遇节假日顺延');
    expect(readFileSync(result.csvPath.replace('consolidated.csv', 'unit-lidu.csv'), 'utf8')).toContain('文号：李府字〔2026〕8号');
  });
});
