/**
 * The whole chain on a real engine: deployed diagram and form → instance →
 * the real deadline worker → a user task with its Chinese form and candidate
 * group, completed through REST by that group's login → the on-site timer
 * crossed by pinning the engine clock → completed without an incident, as
 * Cockpit's history reports it.
 */
import { describe, expect, it } from 'vitest';
import { CandidateGroup, FormId, ProcessId } from '../../../workers/contract.ts';
import { DAY_MS } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';
import { TEST_PROFILE } from '../support/test-engine.ts';

const h = useEngineHarness();

describe(`${ProcessId.patrolEntry} on the ${TEST_PROFILE.name} engine`, () => {
  it('computes the notice deadline, offers the task to 巡查组, waits out the on-site period and completes', async () => {
    // Plan approved on the last working day before National Day 2026 (10-01…10-07 off, 10-10 a make-up Saturday).
    await h.clock.pin('2026-09-30T09:00:00+08:00');
    const instanceId = await h.engine.startProcessInstance(ProcessId.patrolEntry, {
      planApprovedDate: '2026-09-30',
      profile: { patrol: { entryNoticeWorkingDays: 5 } },
      onSitePeriod: 'P10D',
    });

    const task = await h.engine.waitForUserTask(instanceId, 'IssueEntryNotice');
    expect(task.name).toBe('签发进驻通知');
    expect(task.candidateGroups).toEqual([CandidateGroup.patrolTeam]);
    expect(task.formId).toBe(FormId.patrolEntryNotice);
    // 5 working days after 09-30 skipping the holiday: 10-08, 10-09, 10-10 (调休), 10-12, 10-13; due at 18:00 Beijing time.
    expect(new Date(task.dueDate ?? '').toISOString()).toBe('2026-10-13T10:00:00.000Z');

    const form = await h.engine.formSchema(task.id);
    expect(JSON.stringify(form)).toContain('进驻通知文号');

    await h.engine.completeUserTask(task, {
      entryNoticeNumber: '赣安巡〔2026〕1号',
      entryDate: '2026-10-14',
      patrolContactPhone: '0791-88888888',
      reportEmail: 'xuncha@example.gov.cn',
      entryAnnouncement: '省安委会第一巡查组进驻，受理来信来电举报。',
    });

    await h.engine.waitForUserTaskGone(instanceId, 'IssueEntryNotice');
    // The on-site timer starts once notice and announcement are out; the clock is pinned, so it is set from then.
    await h.engine.waitForCompletedElements(instanceId, ['SendEntryNotice', 'PublishContactAnnouncement']);
    const waiting = await h.engine.processInstance(instanceId);
    expect(waiting?.state).toBe('ACTIVE');

    await h.clock.advance(10 * DAY_MS + 60_000);
    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');

    await h.engine.waitForCompletedElements(instanceId, [
      'ComputeEntryNoticeDeadline',
      'IssueEntryNotice',
      'OnSitePeriodElapsed',
      'EntryPhaseCompleted',
    ]);
    // No incident was raised on the instance or any of its activities, not even one resolved later.
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);
    const variables = await h.engine.processVariables(instanceId);
    expect(variables).toMatchObject({
      entryNoticeDue: '2026-10-13',
      entryNoticeDueAt: '2026-10-13T18:00:00+08:00',
      entryNoticeNumber: '赣安巡〔2026〕1号',
    });
  });
});
