/**
 * The whole chain on a real cluster: deployed diagram and form → instance →
 * the real deadline worker → a user task with its Chinese form and candidate
 * group, completed through REST → the on-site timer crossed by pinning the
 * engine clock → completed, as Operate reports it.
 */
import { Camunda8 } from '@camunda8/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCamundaOptions } from '../../../workers/config.ts';
import { CandidateGroup, FormId, ProcessId } from '../../../workers/contract.ts';
import { createLogger } from '../../../workers/logger.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/registry.ts';
import { DAY_MS, EngineClock } from '../support/cluster-client.ts';
import { TEST_PROFILE, testClusterClient, testClusterConfig } from '../support/test-cluster.ts';

const config = testClusterConfig();
const cluster = testClusterClient(config);
const clock = new EngineClock(cluster);
const zeebe = new Camunda8(buildCamundaOptions(config)).getZeebeGrpcApiClient();
let workers: RunningWorkers;

beforeAll(async () => {
  workers = await startWorkers({ zeebe, logger: createLogger(config), config });
});

afterAll(async () => {
  await workers?.stop(config.workerShutdownTimeoutMs);
  await clock.reset();
  await zeebe.close();
});

describe(`${ProcessId.patrolEntry} on the ${TEST_PROFILE.name} cluster`, () => {
  it('computes the notice deadline, offers the task to 巡查组, waits out the on-site period and completes', async () => {
    // Plan approved on the last working day before National Day 2026 (10-01…10-07 off, 10-10 a make-up Saturday).
    await clock.pin('2026-09-30T09:00:00+08:00');
    const instanceKey = await cluster.startProcessInstance(ProcessId.patrolEntry, {
      planApprovedDate: '2026-09-30',
      profile: { patrol: { entryNoticeWorkingDays: 5 } },
      onSitePeriod: 'P10D',
    });

    const task = await cluster.waitForUserTask(instanceKey, 'IssueEntryNotice');
    expect(task.name).toBe('签发进驻通知');
    expect(task.candidateGroups).toEqual([CandidateGroup.patrolTeam]);
    expect(task.formId).toBe(FormId.patrolEntryNotice);
    // 5 working days after 09-30 skipping the holiday: 10-08, 10-09, 10-10 (调休), 10-12, 10-13; due at 18:00 Beijing time.
    expect(new Date(task.dueDate ?? '').toISOString()).toBe('2026-10-13T10:00:00.000Z');

    const form = await cluster.formSchema(FormId.patrolEntryNotice, task.processDefinitionKey);
    expect(JSON.stringify(form)).toContain('进驻通知文号');

    await cluster.completeUserTask(task.id, {
      entryNoticeNumber: '赣安巡〔2026〕1号',
      entryDate: '2026-10-14',
      patrolContactPhone: '0791-88888888',
      reportEmail: 'xuncha@example.gov.cn',
      entryAnnouncement: '省安委会第一巡查组进驻，受理来信来电举报。',
    });

    await cluster.waitForUserTaskGone(instanceKey, 'IssueEntryNotice');
    const waiting = await cluster.processInstance(instanceKey);
    expect(waiting?.state).toBe('ACTIVE');

    await clock.advance(10 * DAY_MS + 60_000);
    const completed = await cluster.waitForProcessInstanceState(instanceKey, 'COMPLETED');
    expect(completed.incident).toBe(false);

    const nodes = await cluster.waitForCompletedElements(instanceKey, [
      'ComputeEntryNoticeDeadline',
      'IssueEntryNotice',
      'OnSitePeriodElapsed',
      'EntryPhaseCompleted',
    ]);
    expect(nodes.some((node) => node.incident)).toBe(false);
    const variables = await cluster.processVariables(instanceKey);
    expect(variables).toMatchObject({
      entryNoticeDue: '2026-10-13',
      entryNoticeDueAt: '2026-10-13T18:00:00+08:00',
      entryNoticeNumber: '赣安巡〔2026〕1号',
    });
  });
});
