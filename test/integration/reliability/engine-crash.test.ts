/**
 * Reliability 1 (issue 13): the engine JVM is killed with `kill -9` while 200
 * 问题隐患闭环整改 (hazard-rectification, started on its own) cases are in
 * flight, then started again on the same H2 data folder and port. Every case
 * must go on to its end, every timer that falls due must fire once, no task may
 * be lost and no side effect may happen twice: ledger rows, mails received by a
 * real SMTP server and webhook posts received by a real HTTP server are counted.
 *
 * The load, 50 cases in each of four states at the kill:
 * - U: waiting at the user task 诊断分析与分类处置 (DiagnoseHazard);
 * - T1: at 整改落实 (RectifyHazard) with its 期限前提醒 timer falling due while the engine is down
 *   (killed about a minute of engine time before it, back about a minute after it);
 * - T2: at 整改落实 with its timer due after the restart (the clock is moved a day on later);
 * - X: 诊断 completed by REST in a burst when the engine is killed, the real workers mid-handler
 *   on 计算整改期限 / 台账：整改中 / 移交督办：通知责任单位. At the kill, 4 notices are on the wire
 *   to an SMTP server that holds its answer (sent once the engine is dead), 8 notices are sent and
 *   recorded but their completion is held before it reaches the engine, and 8 台账：整改中
 *   completions were committed by the engine but its answer is held from the worker. Other X
 *   cases are wherever the kill finds them, REST completions in flight included.
 *
 * After the restart the people complete every open task through the REST API, as their role's
 * login, until every case has ended. Nothing the engine acknowledged before the kill may be open
 * again (checked before the workers see the restarted engine).
 *
 * The engine is this file's own (test/integration/support/dedicated-engine.ts, port
 * LOCAL_ENGINE_RELIABILITY_PORT or the test port + 2): the engine of global-setup.ts, shared by
 * the other files, is never touched. The workers run in this process on the product's runtime;
 * only their network is cut and held (support/engine-link.ts). ENGINE_CRASH_H2_OPTIONS (e.g.
 * `;WRITE_DELAY=1000`) replaces application.yaml's H2 options after DB_CLOSE_ON_EXIT, to try a storage setting
 * against the kill (application.yaml's WRITE_DELAY=0 is what makes the default survive it);
 * ENGINE_CRASH_KEEP_DATA=1 keeps the H2 folder after the run (the logs of both JVMs stay in any case,
 * in .engine/run/reliability-<port>/: engine-killed-1.log and engine.log).
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLoginOf } from '../../../deploy/local/demo-users.ts';
import { CandidateGroup, FindingCategory, ProcessId } from '../../../workers/contract.ts';
import type { AppConfig } from '../../../workers/config.ts';
import { planDeadline } from '../../../workers/deadline/plan-deadline.worker.ts';
import { mapLimit } from '../../../workers/engine/map-limit.ts';
import { EngineRestClient, EngineRestError, EngineUnreachableError } from '../../../workers/engine/rest-client.ts';
import { createLogger } from '../../../workers/logger.ts';
import { profileVariables } from '../../../workers/profile/load-profile.worker.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/registry.ts';
import { capturingLogger, type CapturedLog } from '../../support/capturing-logger.ts';
import { DedicatedEngine, dedicatedEngineProfile, type KillReport } from '../support/dedicated-engine.ts';
import { EngineClient, EngineClock, eventually } from '../support/engine-client.ts';
import { EngineLink } from '../support/engine-link.ts';
import { RunningEngineClock } from '../support/running-clock.ts';
import { startHoldingSmtpServer, startWebhookSink, type HoldingSmtpServer, type WebhookSink } from '../support/side-effect-sinks.ts';
import { testEngineConfig } from '../support/test-engine.ts';
import { within } from '../support/within.ts';
import { summaryLogger } from '../../support/summary-logger.ts';

const PER_GROUP = 50;
const GROUPS = ['U', 'T1', 'T2', 'X'] as const;
type Group = (typeof GROUPS)[number];
const INSTANCES = PER_GROUP * GROUPS.length;

/** The engine clock while the cases are brought to their states (a Tuesday, years after the machine's date). */
const T0 = '2030-03-05T09:00:00+08:00';
/** 诊断日期 per group: one day apart, so T1's reminder falls due a day before T2's. */
const DIAGNOSIS_DATE: Record<Group, string> = { U: '2030-03-05', T1: '2030-03-04', T2: '2030-03-05', X: '2030-03-05' };

/** The holds at the kill (see the file comment). */
const SMTP_HELD = 4;
const NOTICE_COMPLETIONS_HELD = 8;
const STATUS_COMPLETIONS_HELD = 8;

const OFFICE = demoLoginOf(CandidateGroup.safetyCommitteeOffice);
const UNIT = demoLoginOf(CandidateGroup.responsibleUnit);
const LOGIN_OF: Record<string, string> = { DiagnoseHazard: OFFICE, RectifyHazard: UNIT, ReviewRectification: OFFICE };

function diagnosis(group: Group): Record<string, unknown> {
  return { causeAnalysis: '日常巡查缺失', disposalMeasure: '限期整改', rectificationRequirement: '立即清理通道并建立每日巡查制度', diagnosisDate: DIAGNOSIS_DATE[group] };
}
const RECTIFIED = { rectificationMeasuresTaken: '已清理并建立制度', rectificationCompletedDate: '2030-04-03', rectificationMode: 'immediate' };
const REVIEWED = { hazardReviewDecision: 'approve', hazardReviewComment: '复核通过', reviewers: '王复核、李复核', reviewMethod: '现场核查', reviewDate: '2030-04-03' };

interface TaskRow {
  readonly id: string;
  readonly taskDefinitionKey: string;
  readonly processInstanceId: string;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const seconds = (milliseconds: number) => Math.round(milliseconds / 100) / 10;
function tally<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

const logger = createLogger({ logLevel: 'warn' }, { name: 'engine-crash', stream: 'stderr' });
const h2Options = process.env['ENGINE_CRASH_H2_OPTIONS'];
const engine = new DedicatedEngine({
  logger,
  // The URL of application.yaml, with the extra options.
  ...(h2Options ? { environment: { SPRING_DATASOURCE_URL: `jdbc:h2:file:${dedicatedEngineProfile().dataDir}/h2/engine;DB_CLOSE_ON_EXIT=FALSE${h2Options}` } } : {}),
});
let smtp: HoldingSmtpServer;
let webhook: WebhookSink;
let link: EngineLink;
let config: AppConfig;
let workers: RunningWorkers;
let workerLog: CapturedLog;
let admin: EngineClient;
let clock: RunningEngineClock;
const startedAt = Date.now();
const phases: Record<string, number> = {};
const phase = (name: string) => {
  phases[name] = seconds(Date.now() - startedAt);
};

beforeAll(async () => {
  await engine.startFresh();
  phase('engineStarted');
  smtp = await startHoldingSmtpServer();
  webhook = await startWebhookSink();
  // The product's recipient directory, with a webhook for 责任单位 beside its e-mail address.
  const directoryDir = mkdtempSync(path.join(os.tmpdir(), 'anquan-crash-directory-'));
  const directoryFile = path.join(directoryDir, 'directory.json');
  copyFileSync('processes/directory.json', directoryFile);
  const directory = JSON.parse(readFileSync(directoryFile, 'utf8')) as { recipients: Record<string, { channels: Record<string, unknown> }> };
  directory.recipients[CandidateGroup.responsibleUnit]!.channels['webhook'] = webhook.url;
  writeFileSync(directoryFile, JSON.stringify(directory));

  config = testEngineConfig({ ENGINE_REST_URL: engine.restUrl, NOTIFY_CHANNEL: 'smtp', SMTP_URL: smtp.url, NOTIFY_DIRECTORY_FILE: directoryFile });
  link = new EngineLink();
  const client = new EngineRestClient({ baseUrl: config.engine.restUrl, username: config.engine.username, password: config.engine.password, fetch: link.fetch });
  // The workers' warnings and errors are kept, not printed: the kill makes many, and the summary counts them.
  workerLog = capturingLogger();
  workerLog.logger.level = 'warn';
  // The product's fetch back-off doubles from 0.5 s to 30 s; capped at 1 s here, so the restarted engine is seen soon.
  workers = await startWorkers({ client, logger: workerLog.logger, config, backOff: { initialMs: 200, maxMs: 1_000 } });
  admin = new EngineClient(engine.admin);
  clock = new RunningEngineClock(new EngineClock(admin));
}, 600_000);

afterAll(async () => {
  await clock?.stop();
  await workers?.stop(config.workerShutdownTimeoutMs);
  await smtp?.close();
  await webhook?.close();
  await engine.stop();
  // Hundreds of MB of H2 file; ENGINE_CRASH_KEEP_DATA=1 keeps them for a look after a failure.
  if (!process.env['ENGINE_CRASH_KEEP_DATA']) engine.removeData();
});

async function openTasks(taskDefinitionKey?: string): Promise<TaskRow[]> {
  return admin.rest.request<TaskRow[]>('GET', '/task', undefined, {
    query: { processDefinitionKey: ProcessId.hazardRectification, taskDefinitionKey, maxResults: 10_000 },
  });
}

async function count(pathname: string, query: Record<string, string | number | boolean | undefined>): Promise<number> {
  return (await admin.rest.request<{ count: number }>('GET', pathname, undefined, { query })).count;
}

/** Completes a task as its candidate group's demo login (claim, then complete), as Tasklist or the workbench does. */
async function completeTask(task: TaskRow, variables: Record<string, unknown>): Promise<void> {
  await admin.as(LOGIN_OF[task.taskDefinitionKey]!).completeAsCurrentUser(task.id, variables);
}

/** Where the cases and the workers are, for a timeout's message. */
async function whereTheCasesAre(): Promise<string> {
  const external = await admin.rest.request<Array<{ activityId: string; lockExpirationTime: string | null }>>('GET', '/external-task', undefined, {
    query: { processDefinitionKey: ProcessId.hazardRectification, maxResults: 10_000 },
  });
  const heldByTopic = (await workers.metrics.registry.getSingleMetricAsString('anquan_worker_tasks_held')).split('\n').filter((line) => /\} [1-9]/.test(line));
  return JSON.stringify({
    userTasks: Object.fromEntries(tally(await openTasks(), (task) => task.taskDefinitionKey)),
    externalTasks: Object.fromEntries(tally(external, (task) => `${task.activityId}${task.lockExpirationTime ? ' (locked)' : ''}`)),
    incidents: await count('/incident/count', {}),
    fetchLoop: workers.status(),
    heldByTopic,
    callsInFlight: link.inFlight,
    callsHeld: link.held.length,
    smtpHolding: smtp.holding,
    workerLog: Object.fromEntries(tally(workerLog.lines, (line) => String(line['msg']).slice(0, 60))),
  });
}

/** Polls `probe` until true; on timeout the error says where the cases are. */
async function waitFor(description: string, probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 300): Promise<void> {
  try {
    await eventually(description, async () => ((await probe()) ? true : undefined), timeoutMs, intervalMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await whereTheCasesAre().catch((cause: unknown) => String(cause))}`);
  }
}

function ledgerRows<T>(sql: string): T[] {
  if (config.ledger.backend !== 'sqlite') throw new Error('this test reads the SQLite ledger');
  const db = new DatabaseSync(config.ledger.sqliteFile, { readOnly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe(`engine SIGKILL with ${INSTANCES} hazard-rectification cases in flight (${PER_GROUP} each: 诊断 open, 提醒 timer due while down, 提醒 timer due after restart, external tasks mid-handler)`, () => {
  it('every case completes after the restart, every due timer fires once, no task is lost, each ledger row, mail and webhook post happens once', async () => {
    const profile = profileVariables(await workers.services.profiles.resolve('jiangxi'));
    const plan = (group: Group) => planDeadline(workers.services.calendar, { from: DIAGNOSIS_DATE[group], period: { months: 1 }, reminderLeadWorkingDays: 2 }).plan;
    const remindT1 = Date.parse(plan('T1').remindAt);
    const remindT2 = Date.parse(plan('T2').remindAt);
    const earliestDue = Math.min(...GROUPS.map((group) => Date.parse(plan(group).dueAt)));
    // The clock when the workers see the restarted engine (just past T1's reminders, long before T2's), and later
    // (past every reminder, before any due date, so no 逾期 timer fires).
    const afterRestart = remindT1 + 60_000;
    const later = remindT2 + 60_000;
    expect(remindT1 - 90_000 > Date.parse(T0) && afterRestart < remindT2 && later < earliestDue).toBe(true);

    // --- 1. 200 cases, each stopped at 诊断 ------------------------------------------------------------
    await clock.runFrom(T0);
    const groupOf = new Map<string, Group>();
    const started = await mapLimit(
      Array.from({ length: INSTANCES }, (_, index) => index),
      8,
      async (index) => {
        const group = GROUPS[Math.floor(index / PER_GROUP)]!;
        const id = await admin.startProcessInstance(
          ProcessId.hazardRectification,
          { finding: { category: FindingCategory.general, description: `消防通道堵塞（第 ${index + 1} 号）`, responsibleUnit: `可靠性测试物流公司 ${index + 1}`, source: '督查' }, profile },
          `crash-${group}-${index + 1}`,
        );
        groupOf.set(id, group);
        return id;
      },
    );
    const byGroup = (group: Group) => started.filter((id) => groupOf.get(id) === group);
    let diagnoses: TaskRow[] = [];
    await waitFor(
      `${INSTANCES} 诊断 tasks`,
      async () => {
        diagnoses = await openTasks('DiagnoseHazard');
        return diagnoses.length === INSTANCES;
      },
      120_000,
      500,
    );
    const diagnosisOf = new Map(diagnoses.map((task) => [task.processInstanceId, task]));
    phase('atDiagnosis');

    // --- 2. T1 and T2 to 整改落实, their timers pending ---------------------------------------------
    /** 诊断 tasks whose completion the engine answered with success, and when (Date.now()). */
    const acknowledged = new Map<string, number>();
    await mapLimit([...byGroup('T1'), ...byGroup('T2')], 6, async (id) => {
      await completeTask(diagnosisOf.get(id)!, diagnosis(groupOf.get(id)!));
      acknowledged.set(diagnosisOf.get(id)!.id, Date.now());
    });
    await waitFor(`${2 * PER_GROUP} 整改落实 tasks`, async () => (await openTasks('RectifyHazard')).length === 2 * PER_GROUP, 120_000, 500);
    expect(await count('/job/count', { activityId: 'RectifyHazard_Reminder', timers: true })).toBe(2 * PER_GROUP);
    phase('timersPending');

    // --- 3. X: a burst of 诊断 completions; the engine is killed once the holds are all taken ----------
    // The engine's clock runs up to the kill, which comes before T1's reminders are due (checked below).
    await clock.runFrom(remindT1 - 90_000);
    smtp.holdNext(SMTP_HELD);
    link.arm([
      { name: 'notice', activityId: 'SendRectificationAssignment', mode: 'before-engine', limit: NOTICE_COMPLETIONS_HELD },
      { name: 'status', activityId: 'MarkRectifying', mode: 'after-engine', limit: STATUS_COMPLETIONS_HELD },
    ]);
    const holdsTaken = Promise.all([
      smtp.untilHolding(SMTP_HELD),
      link.until(() => link.held.filter((call) => call.rule === 'notice').length >= NOTICE_COMPLETIONS_HELD),
      link.until(() => link.held.filter((call) => call.rule === 'status').length >= STATUS_COMPLETIONS_HELD),
    ]);
    let killed = false;
    const unknownOutcome = new Set<string>();
    const burst = mapLimit(byGroup('X'), 2, async (id) => {
      if (killed) return;
      const task = diagnosisOf.get(id)!;
      try {
        await completeTask(task, diagnosis('X'));
        if (!killed) acknowledged.set(task.id, Date.now());
        else unknownOutcome.add(task.id);
      } catch (error) {
        if (!killed && !(error instanceof EngineUnreachableError)) throw error;
        unknownOutcome.add(task.id);
      }
      await sleep(40);
    });
    await within(holdsTaken, 60_000, 'the holds at the kill to be all taken');
    await clock.stop();
    const engineTimeAtKill = clock.now();
    const inFlightAtKill = {
      smtpHeld: smtp.holding,
      completionsHeld: link.held.length,
      workerTasksHeld: workers.status().heldTasks,
      xDiagnosesAcknowledged: byGroup('X').filter((id) => acknowledged.has(diagnosisOf.get(id)!.id)).length,
    };
    const killAt = Date.now();
    const kill: KillReport = await engine.kill();
    killed = true;
    link.cut();
    phase('killed');
    expect(engineTimeAtKill).toBeLessThan(remindT1);
    await burst;

    // --- 4. Down: the relay answers the held mails, the held completions break, the engine starts again --
    const restart = engine.restart();
    // The notify workers caught mid-send finish sending while the engine is away.
    await sleep(1_000);
    const smtpReleased = smtp.release();
    link.releaseAsDropped();
    await restart;
    phase('restarted');

    // --- 5. Nothing the engine acknowledged before the kill is lost ------------------------------------
    // Checked before the workers see the engine again, so nothing of theirs can have redone it.
    const instancesAfterRestart = await count('/history/process-instance/count', { processDefinitionKey: ProcessId.hazardRectification });
    // A user task whose completion the engine answered with success must not be open again …
    const lostCompletions = (await openTasks('DiagnoseHazard'))
      .filter((task) => acknowledged.has(task.id))
      .map((task) => ({ group: groupOf.get(task.processInstanceId), task: task.id, acknowledgedMsBeforeKill: killAt - acknowledged.get(task.id)! }));
    // … nor an external task whose completion it answered with 204 (that answer held from the worker).
    const committedHeld = link.released.filter((call) => call.mode === 'after-engine' && call.engineStatus === 204);
    const lostExternalCompletions: string[] = [];
    for (const call of committedHeld) {
      if ((await count('/external-task/count', { externalTaskId: call.taskId })) > 0) lostExternalCompletions.push(call.taskId);
    }

    // Down from before T1's reminders until after them (about two minutes of engine time: the workers' 60 s locks
    // have expired, the notices' 300 s locks not); the clock stands there when the workers see the engine again.
    await clock.runFrom(afterRestart);
    link.restore();
    const definitionId = (await admin.rest.request<{ id: string }>('GET', `/process-definition/key/${ProcessId.hazardRectification}`)).id;
    const reminders = async () =>
      admin.rest.request<Array<{ processInstanceId: string; startTime: string }>>('GET', '/history/activity-instance', undefined, {
        query: { processDefinitionId: definitionId, activityId: 'RectifyHazard_SendReminder', finished: true, maxResults: 10_000 },
      });
    await waitFor('T1 reminders sent', async () => (await reminders()).length >= PER_GROUP, 90_000);
    const remindedGroupsAfterRestart = [...new Set((await reminders()).map((reminder) => groupOf.get(reminder.processInstanceId)))];
    phase('timersDueWhileDownFired');
    // Before the clock jumps a day: the workers hold nothing and no task waits for them, so the jump expires no
    // lock of a task still being worked (which would hand it out twice, as no real outage would).
    await waitFor(
      'the workers to be idle before the clock moves on',
      async () => workers.status().heldTasks === 0 && (await count('/external-task/count', { processDefinitionKey: ProcessId.hazardRectification, notLocked: true })) === 0,
      120_000,
    );

    // --- 6. The clock moves past every reminder; the people finish their tasks ------------------------
    await clock.runFrom(later);
    const done = new Set<string>();
    const completedAfterRestart = new Map<string, number>();
    const finishDeadline = Date.now() + 240_000;
    for (;;) {
      const finished = await count('/history/process-instance/count', { processDefinitionKey: ProcessId.hazardRectification, finished: true });
      if (finished === INSTANCES) break;
      if (Date.now() > finishDeadline) throw new Error(`only ${finished} of ${INSTANCES} cases finished: ${await whereTheCasesAre()}`);
      // 整改落实 only once its reminder has gone out: completing it earlier would cancel the timer.
      const reminded = new Set((await reminders()).map((reminder) => reminder.processInstanceId));
      const ready = (await openTasks()).filter((task) => !done.has(task.id) && (task.taskDefinitionKey !== 'RectifyHazard' || reminded.has(task.processInstanceId)));
      await mapLimit(ready, 6, async (task) => {
        const variables = task.taskDefinitionKey === 'DiagnoseHazard' ? diagnosis(groupOf.get(task.processInstanceId)!) : task.taskDefinitionKey === 'RectifyHazard' ? RECTIFIED : REVIEWED;
        try {
          await completeTask(task, variables);
        } catch (error) {
          if (error instanceof EngineRestError && error.status === 404) return;
          throw error;
        }
        done.add(task.id);
        completedAfterRestart.set(task.taskDefinitionKey, (completedAfterRestart.get(task.taskDefinitionKey) ?? 0) + 1);
      });
      await sleep(ready.length === 0 ? 300 : 50);
    }
    phase('allCompleted');
    await waitFor('the workers to be idle', async () => workers.status().heldTasks === 0, 30_000, 200);

    // --- 7. Counts ---------------------------------------------------------------------------------
    const historic = (query: Record<string, string | number | boolean>) => count('/history/activity-instance/count', { processDefinitionId: definitionId, ...query });
    const userTaskKeys = ['DiagnoseHazard', 'RectifyHazard', 'ReviewRectification'];
    const userTasks = Object.fromEntries(
      await Promise.all(userTaskKeys.map(async (key) => [key, await count('/history/task/count', { processDefinitionKey: ProcessId.hazardRectification, taskDefinitionKey: key, finished: true })] as const)),
    );
    const externalActivities = ['CheckMandate', 'RecordHazard', 'PlanRectificationDeadline', 'MarkRectifying', 'SendRectificationAssignment', 'RectifyHazard_SendReminder', 'MarkPendingReview', 'CloseHazard'];
    const externalTasks = Object.fromEntries(await Promise.all(externalActivities.map(async (activityId) => [activityId, await historic({ activityId, finished: true })] as const)));
    const allReminders = await reminders();
    const timers = {
      reminderFired: await historic({ activityId: 'RectifyHazard_Reminder', finished: true }),
      firedWhenBackUp: allReminders.filter((reminder) => Date.parse(reminder.startTime) >= afterRestart && Date.parse(reminder.startTime) < later).length,
      firedAfterClockMoved: allReminders.filter((reminder) => Date.parse(reminder.startTime) >= later).length,
      overdueFired: await historic({ activityId: 'RectifyHazard_Overdue', finished: true }),
      jobsLeft: await count('/job/count', { processDefinitionKey: ProcessId.hazardRectification }),
    };

    const findings = ledgerRows<{ process_instance_key: string; id: string; status: string }>('select process_instance_key, id, status from findings');
    const statusChanges = ledgerRows<{ entity_id: string; to_status: string }>("select entity_id, to_status from status_changes where entity_type = 'finding' order by id");
    const notifications = ledgerRows<{ idempotency_key: string; notice_type: string; channel: string; delivery_result: string; process_instance_key: string }>(
      'select idempotency_key, notice_type, channel, delivery_result, process_instance_key from notifications',
    );
    const historyPerFinding = new Map<string, string[]>();
    for (const change of statusChanges) historyPerFinding.set(change.entity_id, [...(historyPerFinding.get(change.entity_id) ?? []), change.to_status]);
    const caseOfNotice = new Map(notifications.map((row) => [row.idempotency_key, row.process_instance_key]));
    const mailsPerKey = tally(smtp.received, (mail) => mail.idempotencyKey);
    const mailsPerCase = tally(smtp.received, (mail) => caseOfNotice.get(mail.idempotencyKey) ?? `unknown key ${mail.idempotencyKey}`);
    const postsPerKey = tally(webhook.posts, (post) => post.idempotencyKey);
    const postsPerCase = tally(webhook.posts, (post) => post.body.processInstanceKey);

    // A notice sent twice for one case comes with two keys, i.e. from two activity instances of the same task.
    const noticesOfCase = new Map<string, string[]>();
    for (const row of notifications.filter((notice) => notice.channel === 'email')) {
      const key = `${row.process_instance_key} ${row.notice_type}`;
      noticesOfCase.set(key, [...(noticesOfCase.get(key) ?? []), row.idempotency_key]);
    }
    const noticesSentTwice = [...noticesOfCase].filter(([, keys]) => keys.length > 1).map(([caseAndType, keys]) => ({ case: caseAndType, group: groupOf.get(caseAndType.split(' ')[0]!), keys }));
    const summary = {
      load: {
        instances: INSTANCES,
        perGroup: PER_GROUP,
        inFlightAtKill,
        engineExitMs: kill.exitMs,
        mailsAnsweredAfterKill: smtpReleased,
        completionsDropped: link.released.length,
        committedButUnanswered: committedHeld.length,
        restCompletionsCutByKill: unknownOutcome.size,
      },
      seconds: { ...phases, total: seconds(Date.now() - startedAt) },
      instancesAfterRestart,
      lostCompletions,
      lostExternalCompletions,
      noticesSentTwice,
      remindedGroupsAfterRestart,
      instancesCompleted: await count('/history/process-instance/count', { processDefinitionKey: ProcessId.hazardRectification, finished: true }),
      userTasks,
      completedAfterRestart: Object.fromEntries(completedAfterRestart),
      externalTasks,
      tasksHandedOutAgain: link.redelivered.length,
      timers,
      incidents: await count('/history/incident/count', {}),
      ledger: { findings: findings.length, findingStatusChanges: statusChanges.length, notifications: notifications.length },
      mails: smtp.received.length,
      webhookPosts: webhook.posts.length,
      workerLog: Object.fromEntries(tally(workerLog.lines, (line) => `${line['level'] === 50 ? 'error' : 'warn'}: ${String(line['msg']).slice(0, 60)}`)),
    };
    summaryLogger.info({ summary }, 'engine-crash: counts and phase times');

    // Nothing the engine had acknowledged before the kill was lost.
    expect(instancesAfterRestart).toBe(INSTANCES);
    expect(lostCompletions).toEqual([]);
    expect(lostExternalCompletions).toEqual([]);
    expect(noticesSentTwice).toEqual([]);
    // T1's reminders fell due while the engine was down and fired when it came back; T2's waited for their time.
    expect(remindedGroupsAfterRestart).toEqual(['T1']);
    // Every case went on to its end, with no incident and nothing left open.
    expect(summary.instancesCompleted).toBe(INSTANCES);
    expect(await count('/history/process-instance/count', { processDefinitionKey: ProcessId.hazardRectification, unfinished: true })).toBe(0);
    expect(summary.incidents).toBe(0);
    expect(await count('/external-task/count', {})).toBe(0);
    expect(timers.jobsLeft).toBe(0);
    // No user task lost or done twice: three per case, each completed once.
    expect(userTasks).toEqual({ DiagnoseHazard: INSTANCES, RectifyHazard: INSTANCES, ReviewRectification: INSTANCES });
    expect(await count('/history/task/count', { processDefinitionKey: ProcessId.hazardRectification })).toBe(3 * INSTANCES);
    // Every external task completed once in the engine's history.
    expect(externalTasks).toEqual(Object.fromEntries(externalActivities.map((activityId) => [activityId, INSTANCES])));
    // Every reminder fired once (T1's when the engine was back, the others after the clock moved on); no due date was reached.
    expect(timers).toEqual({ reminderFired: INSTANCES, firedWhenBackUp: PER_GROUP, firedAfterClockMoved: INSTANCES - PER_GROUP, overdueFired: 0, jobsLeft: 0 });

    // Ledger: one finding per case, its history 待整改 → 整改中 → 待复核 → 已销号 once each.
    expect(new Set(findings.map((finding) => finding.process_instance_key))).toEqual(new Set(started));
    expect(findings).toHaveLength(INSTANCES);
    expect(findings.every((finding) => finding.status === '已销号')).toBe(true);
    expect([...tally([...historyPerFinding.values()], (history) => history.join('→'))]).toEqual([['待整改→整改中→待复核→已销号', INSTANCES]]);
    // Notices: per case one 整改交办 and one 提醒, by e-mail and by webhook, all delivered.
    expect(notifications).toHaveLength(4 * INSTANCES);
    expect(notifications.every((row) => row.delivery_result === '已发送')).toBe(true);
    expect([...tally(notifications, (row) => `${row.notice_type}/${row.channel}`)].sort()).toEqual([
      ['deadline-reminder/email', INSTANCES],
      ['deadline-reminder/webhook', INSTANCES],
      ['rectification-assignment/email', INSTANCES],
      ['rectification-assignment/webhook', INSTANCES],
    ]);
    expect(new Set(tally(notifications, (row) => row.process_instance_key).values())).toEqual(new Set([4]));
    // What the SMTP server and the webhook receiver really got: each notice once per case, nothing else.
    expect(smtp.received).toHaveLength(2 * INSTANCES);
    expect(new Set(mailsPerKey.values())).toEqual(new Set([1]));
    expect(new Set(mailsPerKey.keys())).toEqual(new Set(notifications.filter((row) => row.channel === 'email').map((row) => row.idempotency_key)));
    expect(new Set(smtp.received.map((mail) => mail.messageId)).size).toBe(2 * INSTANCES);
    expect(mailsPerCase.size).toBe(INSTANCES);
    expect(new Set(mailsPerCase.values())).toEqual(new Set([2]));
    expect(webhook.posts).toHaveLength(2 * INSTANCES);
    expect(new Set(postsPerKey.values())).toEqual(new Set([1]));
    expect(postsPerCase.size).toBe(INSTANCES);
    expect(new Set(postsPerCase.values())).toEqual(new Set([2]));
  }, 600_000);
});
