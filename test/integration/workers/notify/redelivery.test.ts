/**
 * Jobs are delivered at least once. Here a worker sends the entry notice but its
 * completion never reaches the engine (it reports a failure instead, as a worker
 * whose acknowledgement broke would); the engine hands the job again to the real
 * notification worker, which must see the notice in the ledger and send nothing twice.
 */
import { Camunda8, Zeebe } from '@camunda8/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCamundaOptions } from '../../../../workers/config.ts';
import { CandidateGroup, JobType, NoticeType, ProcessId } from '../../../../workers/contract.ts';
import { createLogger } from '../../../../workers/logger.ts';
import { sendNotificationWorker } from '../../../../workers/notify/send-notification.worker.ts';
import { allWorkers, startWorkers, type RunningWorkers } from '../../../../workers/registry.ts';
import type { ActivatedJob } from '../../../../workers/worker-definition.ts';
import { startSmtpServer, type TestSmtpServer } from '../../../support/smtp-server.ts';
import { ClusterClient, EngineClock, eventually } from '../../support/cluster-client.ts';
import { testClusterClient, testClusterConfig } from '../../support/test-cluster.ts';

let smtp: TestSmtpServer;
let config: ReturnType<typeof testClusterConfig>;
let cluster: ClusterClient;
let clock: EngineClock;
let zeebe: ReturnType<Camunda8['getZeebeGrpcApiClient']>;
let otherWorkers: RunningWorkers;
let notifyWorkers: RunningWorkers | undefined;

beforeAll(async () => {
  smtp = await startSmtpServer();
  config = testClusterConfig({ NOTIFY_CHANNEL: 'smtp', SMTP_URL: smtp.url });
  cluster = testClusterClient(config);
  clock = new EngineClock(cluster);
  zeebe = new Camunda8(buildCamundaOptions(config)).getZeebeGrpcApiClient();
  otherWorkers = await startWorkers({
    zeebe,
    logger: createLogger(config),
    config,
    workers: allWorkers.filter((worker) => worker.jobType !== JobType.sendNotification),
  });
});

afterAll(async () => {
  await notifyWorkers?.stop(config.workerShutdownTimeoutMs);
  await otherWorkers?.stop(config.workerShutdownTimeoutMs);
  await clock?.reset();
  await zeebe?.close();
  await smtp?.close();
});

const entryNotices = () => smtp.received.filter((mail) => (mail.parsed.subject ?? '').includes('重投县'));

describe(`${JobType.sendNotification} delivered twice`, () => {
  it('sends the entry notice once although the job that sent it is delivered again', async () => {
    await clock.pin('2026-12-10T09:00:00+08:00');
    const instanceKey = await cluster.startProcessInstance(ProcessId.patrolEntry, {
      planApprovedDate: '2026-12-10',
      profile: { patrol: { entryNoticeWorkingDays: 3 } },
      onSitePeriod: 'P5D',
      patrolTarget: { name: '重投县委、县人民政府' },
    });
    const task = await cluster.waitForUserTask(instanceKey, 'IssueEntryNotice');
    expect(task.candidateGroups).toEqual([CandidateGroup.patrolTeam]);
    await cluster.completeUserTask(task.id, {
      entryNoticeNumber: '赣安巡〔2026〕9号',
      entryDate: '2026-12-16',
      patrolContactPhone: '0791-86000000',
      entryAnnouncement: '巡查组进驻，受理来信来电。',
    });

    // A worker takes the job, sends, and dies before completing it.
    const [job] = await eventually('the notification job', async () => {
      const jobs = await zeebe.activateJobs({
        type: JobType.sendNotification,
        worker: 'worker-that-crashes',
        maxJobsToActivate: 1,
        timeout: Zeebe.Duration.seconds.of(30),
        requestTimeout: Zeebe.Duration.seconds.of(2),
      });
      return jobs.length > 0 ? jobs : undefined;
    });
    const lostAcknowledgement = 'never acknowledged';
    const crashing: ActivatedJob<string> = {
      key: job!.key,
      type: job!.type,
      processInstanceKey: job!.processInstanceKey,
      bpmnProcessId: job!.bpmnProcessId,
      elementId: job!.elementId,
      elementInstanceKey: job!.elementInstanceKey,
      retries: job!.retries,
      activatedAt: new Date(Number(job!.deadline) - 30_000).toISOString(),
      variables: job!.variables as Record<string, unknown>,
      complete: async () => lostAcknowledgement,
      fail: async () => lostAcknowledgement,
      error: async () => lostAcknowledgement,
    };
    const first = await sendNotificationWorker.run(crashing, { logger: createLogger(config), services: otherWorkers.services });
    expect(first.outcome).toBe('completed');
    await eventually('the first delivery', async () => (entryNotices().length === 1 ? true : undefined));

    // The acknowledgement is lost; the engine makes the job available again and the real worker takes it.
    await zeebe.failJob({ jobKey: job!.key, retries: job!.retries, errorMessage: 'acknowledgement lost after sending', retryBackOff: 0 });
    notifyWorkers = await startWorkers({
      zeebe,
      logger: createLogger(config),
      config,
      workers: [sendNotificationWorker],
      services: otherWorkers.services,
    });
    await cluster.waitForCompletedElements(instanceKey, ['SendEntryNotice'], 120_000);

    expect(entryNotices()).toHaveLength(1);
    expect(entryNotices()[0]!.parsed.subject).toBe('关于对重投县委、县人民政府开展安全生产巡查的通知');
    const ledgerRows = (await otherWorkers.services.ledger.listNotifications({ processInstanceKey: instanceKey })).filter(
      (notification) => notification.noticeType === NoticeType.entryNotice,
    );
    expect(ledgerRows).toHaveLength(1);
    expect(ledgerRows[0]!.deliveryResult).toBe('已发送');
  });
});
