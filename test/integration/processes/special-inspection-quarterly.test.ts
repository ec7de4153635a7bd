/**
 * The 季通报 of a special campaign (seed 004 四(三) “月调度、季通报、年总结”; 对工作推进落实不力地区和单位，将适时
 * 进行约谈、问责) on the test engine with the real workers: a campaign from 06-25 to 07-31 2026 owes the July
 * 调度表 (due Thursday 07-23), so its third-quarter circular is compiled on Friday 07-24. The 牵头部门 submits its
 * table, the member unit does not; the circular lists the member unit as falling behind, the 安委办 decides 约谈,
 * and the ledger and the printed 季通报 (mail and case document, with its 文号) show it.
 */
import { describe, expect, it } from 'vitest';
import { MANUAL_FIELD_KEYS } from '../../../workers/campaign/dispatch-sheet.ts';
import { CandidateGroup, FormId, ProcessId } from '../../../workers/contract.ts';
import { eventually } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';
import { JINXIAN_EMERGENCY, JINXIAN_MARKET, jinxianCampaignPlan } from '../support/jinxian-campaign.ts';

const h = useEngineHarness({ smtp: true });

const EMERGENCY = JINXIAN_EMERGENCY;
const MARKET = JINXIAN_MARKET;

/** The items of the 调度表 the ledger cannot know, as a 填报单位 enters them in its form. */
function entries(): Record<string, unknown> {
  return Object.fromEntries(MANUAL_FIELD_KEYS.map((key, index) => [key, key === 'mediaSafetyColumn' ? '是' : key.endsWith('WanYuan') ? 0.1 : 1 + index]));
}

describe(`${ProcessId.specialInspection}: 季通报 and 约谈/问责 (进贤方案四(三))`, () => {
  it('lists the unit that did not submit its 调度表, records the 安委办’s 约谈 and prints it in the 季通报', async () => {
    await h.clock.pin('2026-06-22T09:00:00+08:00');
    const campaignId = 'jinxian-2026-quarterly';
    const campaignName = '进贤县重大事故隐患专项排查整治2026季通报测试行动';
    const key = await h.engine.startProcessInstance(ProcessId.specialInspection, {});
    await h.complete(key, 'DraftInspectionPlan', jinxianCampaignPlan({ campaignId, campaignName, selfCheckStart: '2026-07-01', enforcementStart: '2026-07-10', summaryStart: '2026-07-25', periodTo: '2026-07-31' }));
    const schedule = await h.engine.waitForVariable<{ quarters: Array<Record<string, unknown>> }>(key, 'campaignSchedule');
    expect(schedule.quarters).toEqual([
      {
        quarter: '2026-Q3',
        label: '2026年第三季度',
        months: [{ month: '2026-07', dueDate: '2026-07-23', dueAt: '2026-07-23T18:00:00+08:00' }],
        circularDate: '2026-07-24',
        circularAt: '2026-07-24T09:00:00+08:00',
      },
    ]);

    // July: the 牵头部门 submits its table; the member unit leaves its task open.
    const [july] = await h.engine.waitForCalledInstances(key, ProcessId.campaignDispatch, 1);
    await h.engine.waitForVariable(july!.id, 'dispatchDue');
    await h.clock.pin('2026-07-20T09:01:00+08:00');
    for (const task of await h.engine.waitForUserTasks(july!.id, 'ReportUnitTable', 2)) {
      const { reportingUnit } = await h.engine.userTaskVariables(task.id, ['reportingUnit']);
      if ((reportingUnit as { id: string }).id === EMERGENCY) await h.engine.completeUserTask(task, { ...entries(), unitFilledBy: `${EMERGENCY} 填报员` });
    }
    await eventually('the 牵头部门’s July table in the ledger', async () =>
      (await h.ledger.listDispatchSubmissions({ campaignId, kind: '填报单位' })).length === 1 ? true : undefined,
    );
    expect(await h.engine.openUserTasks(key, 'DecideQuarterlyCircular')).toHaveLength(0);

    // Friday 07-24, the first working day after the quarter's last due date: the 季通报 is compiled.
    await h.clock.pin('2026-07-24T09:01:00+08:00');
    const decision = await h.engine.waitForUserTask(key, 'DecideQuarterlyCircular');
    expect(decision.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
    expect(decision.formId).toBe(FormId.campaignQuarterlyCircular);
    const { quarterlyCompilation, accountabilityDecisions } = await h.engine.userTaskVariables(decision.id, ['quarterlyCompilation', 'accountabilityDecisions']);
    const compiled = quarterlyCompilation as { units: Array<Record<string, unknown>>; laggingUnits: Array<Record<string, unknown>>; totals: Record<string, unknown> };
    expect(compiled.units.map((unit) => [unit['id'], unit['onTime'], unit['missing'], unit['lagging']])).toEqual([
      [EMERGENCY, ['2026-07'], [], false],
      [MARKET, [], ['2026-07'], true],
    ]);
    expect(compiled.laggingUnits).toEqual([{ id: MARKET, name: MARKET, situation: '未报送2026年7月调度表' }]);
    expect(compiled.totals['principalNotStudying']).toBe(Number(entries()['principalNotStudying']));
    expect(accountabilityDecisions).toEqual([{ unitId: MARKET, unitName: MARKET, situation: '未报送2026年7月调度表', decision: null, reason: null }]);
    await h.engine.completeUserTask(decision, {
      circularNumber: '进安办字〔2026〕12号',
      circularIssuedBy: '进贤县安委办 陈欣',
      accountabilityDecisions: [{ unitId: MARKET, unitName: MARKET, situation: '未报送2026年7月调度表', decision: '约谈', reason: '未报送2026年7月调度表，经函告仍未报送' }],
    });

    // The 季通报 goes to the reporting units and the 安委办, with its 文号, the lagging unit and the decision.
    const subject = `关于${campaignName}2026年第三季度工作进展情况的通报`;
    await h.waitForMail('the 季通报', (received) => received === subject);
    const mail = h.smtp.received.find((received) => received.parsed.subject === subject)!.parsed.text ?? '';
    expect(mail).toContain('进安办字〔2026〕12号');
    expect(mail).toContain(`${EMERGENCY}：按时报送2026年7月调度表`);
    expect(mail).toContain(`未按时报送的单位：${MARKET}。`);
    expect(mail).toContain(`${MARKET}（未报送2026年7月调度表）：予以约谈，未报送2026年7月调度表，经函告仍未报送。`);
    await h.engine.waitForCompletedElements(key, ['QuarterlyCircular']);
    const notices = (await h.ledger.listNotifications({})).filter((notification) => notification.processInstanceKey === key && notification.noticeType === 'campaign-quarterly-circular');
    expect(new Set(notices.map((notification) => notification.recipient))).toEqual(new Set(['tianbao-danwei', 'anwei-ban']));

    // The printed document is kept with the case, as every notice is.
    const variables = await h.engine.processVariables(key);
    const documents = Object.entries(variables).filter(([name]) => name.startsWith('caseDocument_SendQuarterlyCircular'));
    expect(documents).toHaveLength(1);
    const document = documents[0]![1] as { kindLabel: string; title: string; body: string };
    expect(document.kindLabel).toBe('季通报');
    expect(document.title).toBe(subject);
    expect(document.body).toContain('进安办字〔2026〕12号');
    expect(document.body).toContain('予以约谈');

    // The ledger holds the decision once, with the circular's 文号.
    const decided = await h.ledger.listCampaignAccountability({ campaignId });
    expect(decided.map((row) => [row.quarter, row.reportingUnitId, row.decision, row.circularNumber, row.reason])).toEqual([
      ['2026-Q3', MARKET, '约谈', '进安办字〔2026〕12号', '未报送2026年7月调度表，经函告仍未报送'],
    ]);
    expect(await h.engine.incidentHistory(key)).toEqual([]);
    await h.engine.cancelWhenQuiet(key);
  });
});
