/**
 * External tasks are delivered at least once. Here a worker fetches and locks
 * the entry notice's task and sends the notice, but its completion never reaches
 * the engine (it reports a failure instead, as a worker whose acknowledgement
 * broke would); the engine hands the task again to the real notification
 * worker, which must see the notice in the ledger and send nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CandidateGroup, JobType, NoticeType, ProcessId } from '../../../../workers/contract.ts';
import { toActivatedJob } from '../../../../workers/engine/external-task-job.ts';
import { sendNotificationWorker } from '../../../../workers/notify/send-notification.worker.ts';
import { startWorkers, type RunningWorkers } from '../../../../workers/registry.ts';
import { eventually } from '../../support/engine-client.ts';
import { useEngineHarness } from '../../support/harness.ts';
import { declareNoRecusal } from '../../support/patrol.ts';
import { workerClient } from '../../support/test-engine.ts';

// Every worker but the notification worker: this test plays a broken one first.
const h = useEngineHarness({ smtp: true, workers: (worker) => worker.jobType !== JobType.sendNotification });

const entryNotices = () => h.smtp.received.filter((mail) => (mail.parsed.subject ?? '').includes('重投县'));

describe(`${JobType.sendNotification} delivered twice`, () => {
  it('sends the entry notice once although the task that sent it is delivered again', async () => {
    // Before the notice's reminder (due 12-11, reminded 12-10), so the only notification task is the notice itself.
    await h.clock.pin('2026-12-08T09:00:00+08:00');
    // Its own business key, so the broken worker fetches this patrol's notice and no other file's left-over one.
    const businessKey = `redelivery-${randomUUID()}`;
    const instanceId = await h.engine.startProcessInstance(
      ProcessId.patrolEntry,
      {
        patrolId: '赣安巡〔2026〕9号',
        profile: { id: 'jiangxi', patrol: { entryNoticeWorkingDays: 3 }, deadline: { reminderLeadWorkingDays: 1 }, procedures: { patrol: { majorIssueHandling: 'assign-at-once' } } },
        jurisdiction: 'jiangxi',
        patrolTarget: { name: '重投县委、县人民政府', kind: 'county' },
        entryDate: '2026-12-16',
        onSiteDays: 5,
        patrolTeam: { leader: { name: '李明', post: '组长' }, deputyLeaders: [], members: [], experts: [] },
        authorization: { documentNumber: '赣安巡授〔2026〕9号' },
        surveyClues: [],
        surveyClueIds: [],
      },
      businessKey,
    );
    await declareNoRecusal(h, instanceId);
    const task = await h.engine.waitForUserTask(instanceId, 'IssueEntryNotice');
    expect(task.candidateGroups).toEqual([CandidateGroup.patrolTeam]);
    await h.engine.completeUserTask(task, {
      entryNoticeNumber: '赣安巡〔2026〕9号',
      entryNoticeDate: '2026-12-08',
      entryDate: '2026-12-16',
      authorizationNumber: '赣安巡授〔2026〕9号',
    });

    // A worker fetches and locks the task with the workers' service account, sends, and dies before completing it:
    // the same adapter the runtime uses, but its completion never reaches the engine.
    const engine = workerClient(h.config);
    const workerId = 'worker-that-crashes';
    const lockDurationMs = 30_000;
    const [locked] = await eventually('the notification task', async () => {
      const tasks = await engine.fetchAndLock({
        workerId,
        maxTasks: 1,
        asyncResponseTimeout: 2_000,
        topics: [{ topicName: JobType.sendNotification, lockDuration: lockDurationMs, businessKey, deserializeValues: false }],
      });
      return tasks.length > 0 ? tasks : undefined;
    });
    expect(locked!.processInstanceId).toBe(instanceId);
    expect(locked!.activityId).toBe('SendEntryNotice');
    let acknowledgementsLost = 0;
    const lost = async () => {
      acknowledgementsLost += 1;
    };
    const crashing = toActivatedJob(locked!, {
      client: { complete: lost, handleBpmnError: lost, handleFailure: lost },
      workerId,
      lockDurationMs,
      outputParameters: { hasOutputParameters: async () => false },
      logger: h.logger,
    });
    const first = await sendNotificationWorker.run(crashing, { logger: h.logger, services: h.workers.services });
    expect(first.outcome).toBe('completed');
    expect(acknowledgementsLost).toBe(1);
    await eventually('the first delivery', async () => (entryNotices().length === 1 ? true : undefined));

    // The acknowledgement is lost; the failure releases the lock with the retries unchanged and no back-off,
    // so the engine offers the task again and the real worker takes it.
    await engine.handleFailure(locked!.id, workerId, {
      errorMessage: 'acknowledgement lost after sending',
      retries: crashing.retries,
      retryTimeout: 0,
    });
    let notifyWorkers: RunningWorkers | undefined;
    try {
      notifyWorkers = await startWorkers({
        client: workerClient(h.config),
        logger: h.logger,
        config: h.config,
        workers: [sendNotificationWorker],
        services: h.workers.services,
      });
      await h.engine.waitForCompletedElements(instanceId, ['SendEntryNotice']);
    } finally {
      await notifyWorkers?.stop(h.config.workerShutdownTimeoutMs);
    }

    expect(entryNotices()).toHaveLength(1);
    expect(entryNotices()[0]!.parsed.subject).toBe('关于对重投县委、县人民政府开展安全生产巡查的通知');
    const ledgerRows = (await h.workers.services.ledger.listNotifications({ processInstanceKey: instanceId })).filter(
      (notification) => notification.noticeType === NoticeType.patrolEntryNotice,
    );
    expect(ledgerRows).toHaveLength(1);
    expect(ledgerRows[0]!.deliveryResult).toBe('已发送');
    // Redelivered, not failed for good: the engine raised no incident for the lost acknowledgement.
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);
  });
});
