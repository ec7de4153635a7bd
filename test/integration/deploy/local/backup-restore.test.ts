/**
 * The documented backup and restore (deploy/backup/backup.sh, restore.sh) on the local PostgreSQL server: an
 * engine on PostgreSQL holds running instances (user tasks open, timers pending) and a PostgreSQL ledger holds
 * their side effects; both are backed up while the engine runs, restored into empty databases, and an engine
 * started on the restored one carries every instance on: its timers fire, its tasks are there to complete,
 * and the ledger has every row. A restore over a database that is not empty is refused.
 *
 * Load: 20 instances waiting at a user task and 20 waiting on a timer, 40 ledger findings with a notice each.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, loadConfig } from '../../../../workers/config.ts';
import { EngineRestClient } from '../../../../workers/engine/rest-client.ts';
import { openLedger } from '../../../../workers/ledger/ledger.ts';
import { createLogger } from '../../../../workers/logger.ts';
import { engineUrls, startEngine, stopEngine } from '../../../../deploy/local/engine.ts';
import { LOCAL_LOGIN, postgresTestEngineProfile } from '../../../../deploy/local/manifest.ts';
import { postgresReachable } from '../../../unit/workers/ledger/backends.ts';
import { eventually } from '../../support/engine-client.ts';
import { oneTaskProcess } from '../../support/one-task-process.ts';
import { TEST_PROFILE } from '../../support/test-engine.ts';

const run = promisify(execFile);
const SERVER = 'postgres://postgres@127.0.0.1:5432';
const suffix = `${process.pid}`;
const DATABASES = { engine: `anquan_bk_engine_${suffix}`, ledger: `anquan_bk_ledger_${suffix}`, engineRestored: `anquan_bk_engine_r_${suffix}`, ledgerRestored: `anquan_bk_ledger_r_${suffix}` };
const url = (database: string) => `${SERVER}/${database}`;
const profile = postgresTestEngineProfile(TEST_PROFILE.port + 5);
const logger = createLogger({ logLevel: 'warn' }, { name: 'backup-restore', stream: 'stderr' });
const reachable = await postgresReachable();
const INSTANCES_EACH = 20;

const timerProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_backup_timer" targetNamespace="urn:anquan:test">
  <bpmn:process id="backup-timer" name="备份期间的计时器" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_Start_Wait" sourceRef="Start" targetRef="Wait" />
    <bpmn:intermediateCatchEvent id="Wait" name="等待期限"><bpmn:timerEventDefinition><bpmn:timeDuration>PT20S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="Flow_Wait_Task" sourceRef="Wait" targetRef="Task" />
    <bpmn:userTask id="Task" name="期限届满后办理" camunda:candidateGroups="anwei-ban" />
    <bpmn:sequenceFlow id="Flow_Task_End" sourceRef="Task" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${SERVER}/test` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function startEngineOn(database: string): Promise<EngineRestClient> {
  const machine = loadConfig();
  await startEngine({
    profile,
    logger,
    pathVariable: machine.localEngine.path,
    jdkSearch: { javaHome: machine.localEngine.javaHome, pathVariable: machine.localEngine.path },
    startTimeoutMs: machine.localEngine.startTimeoutMs,
    environment: { SPRING_DATASOURCE_URL: `jdbc:postgresql://127.0.0.1:5432/${database}`, SPRING_DATASOURCE_USERNAME: 'postgres', SPRING_DATASOURCE_PASSWORD: '' },
  });
  return new EngineRestClient({ baseUrl: engineUrls(profile).restUrl, ...LOCAL_LOGIN });
}

const script = (name: string) => path.join(PROJECT_ROOT, 'deploy/backup', name);

describe.skipIf(!reachable)('backup and restore of the engine and ledger databases', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'anquan-backup-'));
    await onServer(async (client) => {
      for (const database of Object.values(DATABASES)) {
        await client.query(`DROP DATABASE IF EXISTS ${database}`);
        await client.query(`CREATE DATABASE ${database}`);
      }
    });
    await stopEngine(profile, logger);
  });

  afterAll(async () => {
    await stopEngine(profile, logger);
    await onServer(async (client) => {
      for (const database of Object.values(DATABASES)) await client.query(`DROP DATABASE IF EXISTS ${database}`);
    });
    await rm(folder, { recursive: true, force: true });
  });

  it('brings back running instances that continue, and every ledger row, from a backup taken while running', async () => {
    // Before: an engine on PostgreSQL with instances in flight, and their ledger.
    let engine = await startEngineOn(DATABASES.engine);
    await engine.createDeployment({
      name: 'backup-check',
      source: 'integration-tests',
      deployChangedOnly: false,
      files: [
        { name: 'backup-task.bpmn', content: oneTaskProcess('backup-task', '备份期间的待办', 'anwei-ban') },
        { name: 'backup-timer.bpmn', content: timerProcess },
      ],
    });
    const started: string[] = [];
    for (let index = 0; index < INSTANCES_EACH; index += 1) {
      started.push((await engine.startProcessInstance('backup-task', { serial: index })).id);
      started.push((await engine.startProcessInstance('backup-timer', { serial: index })).id);
    }
    const ledger = await openLedger({ backend: 'postgres', databaseUrl: url(DATABASES.ledger) }, logger);
    try {
      for (const [index, instanceId] of started.entries()) {
        const { record } = await ledger.recordFinding({ idempotencyKey: `${instanceId}:finding`, category: '一般问题隐患', source: '巡查', unitName: `单位${index}`, description: '消防通道堵塞', processInstanceKey: instanceId });
        await ledger.recordNotification({ idempotencyKey: `${instanceId}:notice`, noticeType: 'deadline-reminder', channel: 'email', recipient: 'zeren-danwei', subject: `整改提醒 ${record.id}`, body: '请按期整改。', deliveryResult: '已发送', processInstanceKey: instanceId });
      }
    } finally {
      await ledger.close();
    }

    // Backup while the engine runs, engine first; then the engine goes away for good.
    const backup = await run('bash', [script('backup.sh'), url(DATABASES.engine), url(DATABASES.ledger), folder]);
    expect(backup.stdout).toContain('已备份 / backed up');
    expect(await readFile(path.join(folder, 'manifest.txt'), 'utf8')).toContain('engine first, ledger second');
    await stopEngine(profile, logger);

    // A restore over a database that holds data is refused, and changes nothing there.
    const refused = await run('bash', [script('restore.sh'), folder, url(DATABASES.engineRestored), url(DATABASES.ledger)]).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr).toMatch(/不是空库.*is not empty/);

    const restore = await run('bash', [script('restore.sh'), folder, url(DATABASES.engineRestored), url(DATABASES.ledgerRestored)]);
    expect(restore.stdout).toContain('已恢复 / restored');

    // After: an engine on the restored database carries every instance on.
    engine = await startEngineOn(DATABASES.engineRestored);
    const running = await engine.request<{ count: number }>('GET', '/process-instance/count');
    expect(running.count).toBe(2 * INSTANCES_EACH);
    // The timers, pending at the backup, fire on the restored engine and lead to their task.
    const tasks = await eventually(
      'every instance at its user task',
      async () => {
        const list = await engine.request<Array<{ id: string; processInstanceId: string }>>('GET', '/task', undefined, { query: { maxResults: '1000' } });
        return list.length === 2 * INSTANCES_EACH ? list : undefined;
      },
      120_000,
    );
    expect(new Set(tasks.map((task) => task.processInstanceId))).toEqual(new Set(started));
    for (const task of tasks) await engine.request('POST', `/task/${task.id}/complete`, { variables: {} });
    const finished = await engine.request<{ count: number }>('GET', '/history/process-instance/count', undefined, { query: { finished: 'true' } });
    expect(finished.count).toBe(2 * INSTANCES_EACH);
    expect((await engine.request<{ count: number }>('GET', '/incident/count')).count).toBe(0);

    const restoredLedger = await openLedger({ backend: 'postgres', databaseUrl: url(DATABASES.ledgerRestored) }, logger);
    try {
      expect(restoredLedger.migration.applied).toEqual([]);
      expect(await restoredLedger.listFindings()).toHaveLength(2 * INSTANCES_EACH);
      const notices = await restoredLedger.listNotifications();
      expect(notices).toHaveLength(2 * INSTANCES_EACH);
      expect(notices.every((notice) => notice.deliveryResult === '已发送')).toBe(true);
    } finally {
      await restoredLedger.close();
    }
  }, 600_000);
});
