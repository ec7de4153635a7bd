/**
 * The rectification loop (问题隐患闭环整改) started on its own: bad variables raise
 * an incident an operator can read and fix, a failed 复核 sends the unit back with
 * the comment, and 销号 closes the finding in the ledger.
 */
import { describe, expect, it } from 'vitest';
import { demoLoginOf } from '../../../deploy/local/demo-users.ts';
import { CandidateGroup, FindingCategory, ProcessId } from '../../../workers/contract.ts';
import { toEngineVariables } from '../../../workers/engine/variables.ts';
import { profileVariables } from '../../../workers/profile/load-profile.worker.ts';
import { eventually } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';

const h = useEngineHarness();

describe(`${ProcessId.hazardRectification} started on its own`, () => {
  it('turns a bad category into a readable incident, and continues once an operator fixes the variable', async () => {
    await h.clock.pin('2026-12-01T09:00:00+08:00');
    const profile = await loadedProfile();
    const finding = { description: '仓库消防通道堵塞', responsibleUnit: '某物流有限公司', source: '督查' };
    const instanceId = await h.engine.startProcessInstance(ProcessId.hazardRectification, {
      finding: { ...finding, category: '一般隐患' },
      profile,
    });

    // Cockpit shows a failed external task on 建立问题清单 whose message, in Chinese and English, names the variable to correct.
    const [incident] = await h.engine.waitForIncidents(instanceId);
    expect(incident!.incidentType).toBe('failedExternalTask');
    expect(incident!.activityId).toBe('RecordHazard');
    expect(incident!.incidentMessage).toContain('finding.category');
    expect(incident!.incidentMessage).toMatch(/[\u4e00-\u9fa5]/);
    expect(incident!.incidentMessage).toMatch(/invalid input variables/i);

    // What an operator does in Cockpit: correct the activity's (input-mapped, so local) variable on the failing
    // external task's execution, then give the external task a retry, which resolves the incident.
    const externalTaskId = incident!.configuration!;
    const externalTask = await h.engine.rest.request<{ executionId: string; activityId: string }>('GET', `/external-task/${externalTaskId}`);
    expect(externalTask.activityId).toBe('RecordHazard');
    const corrected = toEngineVariables({ finding: { ...finding, category: FindingCategory.general } });
    await h.engine.rest.request('PUT', `/execution/${externalTask.executionId}/localVariables/finding`, corrected.finding);
    await h.engine.rest.request('PUT', `/external-task/${externalTaskId}/retries`, { retries: 1 });

    const diagnosis = await h.engine.waitForUserTask(instanceId, 'DiagnoseHazard');
    expect(diagnosis.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
    expect(await h.engine.rest.request<unknown[]>('GET', '/incident', undefined, { query: { processInstanceId: instanceId } })).toEqual([]);
    const [resolved] = await h.engine.incidentHistory(instanceId);
    expect(resolved).toMatchObject({ id: incident!.id, resolved: true });
    const [recorded] = await h.ledger.listFindings({ unitName: finding.responsibleUnit });
    expect(recorded).toMatchObject({ category: FindingCategory.general, unitName: '某物流有限公司', status: '待整改' });

    // Completed the way 安委办 staff do it: claimed and completed in Tasklist with their own login.
    await h.engine.as(demoLoginOf(CandidateGroup.safetyCommitteeOffice)).completeAsCurrentUser(diagnosis.id, {
      causeAnalysis: '日常巡查缺失',
      disposalMeasure: '限期整改',
      rectificationRequirement: '立即清理通道并建立每日巡查制度',
      diagnosisDate: '2026-12-01',
    });
    // 一般问题隐患: 1 month (江西 default profile) after 12-01 → 2027-01-01, a holiday, moved to the next working day.
    const rectify = await h.engine.waitForUserTask(instanceId, 'RectifyHazard');
    expect(rectify.candidateGroups).toEqual([CandidateGroup.responsibleUnit]);
    expect(rectify.dueDate).not.toBeNull();
    await h.engine.completeUserTask(rectify, { rectificationMeasuresTaken: '已清理', rectificationCompletedDate: '2026-12-05' });
    await h.engine.waitForUserTaskGone(instanceId, 'RectifyHazard');

    await h.complete(instanceId, 'ReviewRectification', { hazardReviewDecision: 'reject', hazardReviewComment: '未建立每日巡查制度' });
    await h.engine.waitForUserTask(instanceId, 'RectifyHazard');
    expect(await h.engine.waitForVariable(instanceId, 'hazardReviewComment')).toBe('未建立每日巡查制度');
    await h.complete(instanceId, 'RectifyHazard', { rectificationMeasuresTaken: '已清理并建立制度', rectificationCompletedDate: '2026-12-08' });
    await h.complete(instanceId, 'ReviewRectification', { hazardReviewDecision: 'approve', hazardReviewComment: '复核通过' });

    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    const closed = await eventually('the finding to be 已销号', async () => {
      const [listed] = await h.ledger.listFindings({ unitName: finding.responsibleUnit });
      return listed?.status === '已销号' ? listed : undefined;
    });
    expect(closed.rectifiedAt).not.toBeNull();
    const history = await h.ledger.statusHistory('finding', closed.id);
    expect(history.map((change) => change.toStatus)).toEqual(['待整改', '整改中', '待复核', '整改中', '待复核', '已销号']);
  });
});

/** The default jurisdiction's figures, as anquan.profile.load gives them to a patrol. */
async function loadedProfile(): Promise<unknown> {
  return profileVariables(await h.workers.services.profiles.resolve('jiangxi'));
}
