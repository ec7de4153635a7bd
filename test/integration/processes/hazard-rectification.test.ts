/**
 * The rectification loop (问题隐患闭环整改) started on its own: bad variables raise
 * an incident an operator can read and fix, a failed 复核 sends the unit back with
 * the comment, and 销号 closes the finding in the ledger.
 */
import { Camunda8 } from '@camunda8/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCamundaOptions } from '../../../workers/config.ts';
import { CandidateGroup, FindingCategory, ProcessId } from '../../../workers/contract.ts';
import { type Ledger, openLedger } from '../../../workers/ledger/index.ts';
import { createLogger } from '../../../workers/logger.ts';
import { profileVariables } from '../../../workers/profile/load-profile.worker.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/registry.ts';
import { EngineClock, eventually } from '../support/cluster-client.ts';
import { testClusterClient, testClusterConfig } from '../support/test-cluster.ts';

const config = testClusterConfig();
const cluster = testClusterClient(config);
const clock = new EngineClock(cluster);
const zeebe = new Camunda8(buildCamundaOptions(config)).getZeebeGrpcApiClient();
let workers: RunningWorkers;
let ledger: Ledger;

beforeAll(async () => {
  const logger = createLogger(config);
  workers = await startWorkers({ zeebe, logger, config });
  ledger = await openLedger(config.ledger, logger);
});

afterAll(async () => {
  await workers?.stop(config.workerShutdownTimeoutMs);
  await ledger?.close();
  await clock.reset();
  await zeebe.close();
});

async function complete(instanceKey: string, elementId: string, variables: Record<string, unknown>) {
  const task = await cluster.waitForUserTask(instanceKey, elementId);
  await cluster.completeUserTask(task.id, variables);
  await cluster.waitForUserTaskGone(instanceKey, elementId);
  return task;
}

describe(`${ProcessId.hazardRectification} started on its own`, () => {
  it('turns a bad category into a readable incident, and continues once an operator fixes the variable', async () => {
    await clock.pin('2026-12-01T09:00:00+08:00');
    const profile = await loadedProfile();
    const finding = { description: '仓库消防通道堵塞', responsibleUnit: '某物流有限公司', source: '督查' };
    const instanceKey = await cluster.startProcessInstance(ProcessId.hazardRectification, {
      finding: { ...finding, category: '一般隐患' },
      profile,
    });

    const [incident] = await cluster.waitForIncidents(instanceKey);
    expect(incident!.message).toContain('finding.category');
    expect(incident!.message).toMatch(/[\u4e00-\u9fa5]/);

    // What an operator does in Operate: correct the task's (input-mapped) variable, give the job a retry, resolve the incident.
    // Operate imports the incident and the element's incident flag separately; wait for both.
    const failing = await eventually('RecordHazard marked with the incident in Operate', async () =>
      (await cluster.flowNodeInstances(instanceKey)).find((node) => node.flowNodeId === 'RecordHazard' && node.incident),
    );
    await zeebe.setVariables({
      elementInstanceKey: String(failing!.key),
      variables: { finding: { ...finding, category: FindingCategory.general } },
      local: true,
    });
    await zeebe.updateJobRetries({ jobKey: String(incident!.jobKey), retries: 1 });
    await zeebe.resolveIncident({ incidentKey: String(incident!.key) });

    const diagnosis = await cluster.waitForUserTask(instanceKey, 'DiagnoseHazard');
    expect(diagnosis.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
    const [recorded] = await ledger.listFindings();
    expect(recorded).toMatchObject({ category: FindingCategory.general, unitName: '某物流有限公司', status: '待整改' });

    // Completed the way 安委办 staff do it: claimed and completed in Tasklist.
    await cluster.as('anwei-ban').completeInTasklist(diagnosis.id, {
      causeAnalysis: '日常巡查缺失',
      disposalMeasure: '限期整改',
      rectificationRequirement: '立即清理通道并建立每日巡查制度',
      diagnosisDate: '2026-12-01',
    });
    // 一般问题隐患: 1 month (江西 default profile) after 12-01 → 2027-01-01, a holiday, moved to the next working day.
    const rectify = await cluster.waitForUserTask(instanceKey, 'RectifyHazard');
    expect(rectify.candidateGroups).toEqual([CandidateGroup.responsibleUnit]);
    expect(rectify.dueDate).not.toBeNull();
    await cluster.completeUserTask(rectify.id, { rectificationMeasuresTaken: '已清理', rectificationCompletedDate: '2026-12-05' });
    await cluster.waitForUserTaskGone(instanceKey, 'RectifyHazard');

    await complete(instanceKey, 'ReviewRectification', { hazardReviewDecision: 'reject', hazardReviewComment: '未建立每日巡查制度' });
    await cluster.waitForUserTask(instanceKey, 'RectifyHazard');
    expect(await cluster.waitForVariable(instanceKey, 'hazardReviewComment')).toBe('未建立每日巡查制度');
    await complete(instanceKey, 'RectifyHazard', { rectificationMeasuresTaken: '已清理并建立制度', rectificationCompletedDate: '2026-12-08' });
    await complete(instanceKey, 'ReviewRectification', { hazardReviewDecision: 'approve', hazardReviewComment: '复核通过' });

    await cluster.waitForProcessInstanceState(instanceKey, 'COMPLETED');
    const closed = await eventually('the finding to be 已销号', async () => {
      const [finding] = await ledger.listFindings();
      return finding?.status === '已销号' ? finding : undefined;
    });
    expect(closed.rectifiedAt).not.toBeNull();
    const history = await ledger.statusHistory('finding', closed.id);
    expect(history.map((change) => change.toStatus)).toEqual(['待整改', '整改中', '待复核', '整改中', '待复核', '已销号']);
  });
});

/** The default jurisdiction's figures, as anquan.profile.load gives them to a patrol. */
async function loadedProfile(): Promise<unknown> {
  return profileVariables(await workers.services.profiles.resolve('jiangxi'));
}
