/**
 * The engine's monitoring on the engine port (application.yaml `management:`,
 * cn.anquan.engine.metrics.EngineMetrics):
 * - /actuator/health and its liveness and readiness groups answer UP to
 *   anyone, with the status only, as probes and load balancers call them;
 * - /actuator/prometheus needs an engine login, and any login reads the same
 *   numbers: the gauges do not depend on what the scraping account may see;
 * - the gauges and Operaton's own counters move at once (not after the
 *   engine's 15-minute metrics flush) when a throw-away process starts an
 *   async job, waits at an external task and raises a failedExternalTask
 *   incident, and the incident gauge falls when the instance is cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLoginOf } from '../../../../deploy/local/demo-users.ts';
import { LOCAL_LOGIN } from '../../../../deploy/local/manifest.ts';
import { CandidateGroup } from '../../../../workers/contract.ts';
import type { LockedExternalTask } from '../../../../workers/engine/rest-types.ts';
import { sampleValue } from '../../../support/prometheus-text.ts';
import { TEST_PROFILE, testEngineClient, testEngineConfig, workerClient } from '../../support/test-engine.ts';

const ENGINE = `http://localhost:${TEST_PROFILE.port}`;
const config = testEngineConfig({ LOG_LEVEL: 'silent' });
const admin = testEngineClient(config);
const workers = workerClient(config);

const PROCESS = 'monitoring-probe';
const TOPIC = 'test.monitoring.probe';
const DEPLOYMENT = { name: 'monitoring-tests', source: 'monitoring-tests' } as const;
/** Start → (async job) external task → user task: one job for the job executor, one task for a worker. */
const DIAGRAM = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${PROCESS}" targetNamespace="urn:anquan:test">
  <bpmn:process id="${PROCESS}" name="监控探针" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_Start_Work" sourceRef="Start" targetRef="Work" />
    <bpmn:serviceTask id="Work" name="探针任务" camunda:asyncBefore="true" camunda:type="external" camunda:topic="${TOPIC}" />
    <bpmn:sequenceFlow id="Flow_Work_Task" sourceRef="Work" targetRef="Task" />
    <bpmn:userTask id="Task" name="复核" camunda:candidateGroups="anwei-ban" />
    <bpmn:sequenceFlow id="Flow_Task_End" sourceRef="Task" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

function basic(username: string, password: string = LOCAL_LOGIN.password): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

async function get(path: string, authorization?: string): Promise<{ status: number; text: string; contentType: string | null }> {
  const response = await fetch(`${ENGINE}${path}`, { headers: authorization ? { authorization } : {} });
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
}

/** A scrape as `username` (the demo admin unless named). */
async function scrape(username: string = LOCAL_LOGIN.username): Promise<string> {
  const { status, text } = await get('/actuator/prometheus', basic(username));
  expect(status).toBe(200);
  return text;
}

function gauge(text: string, name: string, labels: Record<string, string> = {}): number {
  const value = sampleValue(text, name, labels);
  if (value === undefined) throw new Error(`no sample ${name} ${JSON.stringify(labels)} in the scrape`);
  return value;
}

async function openIncidentCount(incidentType: string): Promise<number> {
  const { count } = await admin.rest.request<{ count: number }>('GET', '/incident/count', undefined, { query: { incidentType } });
  return count;
}

let instanceId: string | undefined;

beforeAll(async () => {
  await admin.rest.createDeployment({ ...DEPLOYMENT, deployChangedOnly: true, files: [{ name: `${PROCESS}.bpmn`, content: DIAGRAM }] });
});

afterAll(async () => {
  if (instanceId && (await admin.processInstance(instanceId))) await admin.cancelProcessInstance(instanceId);
});

describe('engine health', () => {
  it.each(['/actuator/health', '/actuator/health/liveness', '/actuator/health/readiness'])('%s answers UP without credentials, status only', async (path) => {
    const { status, text, contentType } = await get(path);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^application\/vnd\.spring-boot\.actuator\.v3\+json|^application\/json/);
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body['status']).toBe('UP');
    // No details for anonymous callers: neither the database nor the job executor is described.
    expect(body).not.toHaveProperty('components');
    expect(body).not.toHaveProperty('details');
  });

  it('names the two probe groups and exposes nothing else of the actuator', async () => {
    expect(JSON.parse((await get('/actuator/health')).text)).toEqual({ status: 'UP', groups: ['liveness', 'readiness'] });
    for (const path of ['/actuator', '/actuator/env', '/actuator/beans', '/actuator/heapdump', '/actuator/metrics']) {
      expect((await get(path, basic(LOCAL_LOGIN.username))).status, path).toBe(404);
    }
  });
});

describe('engine metrics', () => {
  it('needs an engine login on the engine port', async () => {
    expect((await get('/actuator/prometheus')).status).toBe(401);
    expect((await get('/actuator/prometheus', basic('nobody-at-all', 'wrong'))).status).toBe(401);
    const { status, contentType } = await get('/actuator/prometheus', basic(LOCAL_LOGIN.username));
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/plain/);
  });

  it("shows the job executor, its thread pool, the backlogs, open incidents and Operaton's counters", async () => {
    const text = await scrape();
    expect(gauge(text, 'operaton_job_executor_active')).toBe(1);
    expect(gauge(text, 'operaton_jobs_executable')).toBeGreaterThanOrEqual(0);
    expect(gauge(text, 'operaton_external_tasks_waiting')).toBeGreaterThanOrEqual(0);
    for (const type of ['failedJob', 'failedExternalTask', 'other']) expect(gauge(text, 'operaton_incidents_open', { type })).toBeGreaterThanOrEqual(0);
    // The job executor has polled for jobs since the engine started.
    expect(gauge(text, 'operaton_job_acquisition_attempt_total')).toBeGreaterThan(0);
    expect(gauge(text, 'executor_pool_max_threads', { name: 'operatonTaskExecutor' })).toBeGreaterThan(0);
    expect(gauge(text, 'hikaricp_connections_max')).toBeGreaterThan(0);
    expect(text).toMatch(/^jvm_memory_used_bytes\{/m);
    expect(text).toContain('application="anquan-engine"');
  });

  it('moves at once when an async job runs, an external task waits and its failure raises an incident, and falls back when it is gone', async () => {
    const before = await scrape();
    const startsBefore = gauge(before, 'operaton_root_process_instance_start_total');
    const jobsBefore = gauge(before, 'operaton_job_successful_total');
    const incidentsBefore = gauge(before, 'operaton_incidents_open', { type: 'failedExternalTask' });

    instanceId = await admin.startProcessInstance(PROCESS, {});
    // The job executor runs the async continuation; the task then waits for a worker.
    await expect
      .poll(async () => {
        const text = await scrape();
        return {
          started: gauge(text, 'operaton_root_process_instance_start_total') - startsBefore,
          jobs: gauge(text, 'operaton_job_successful_total') - jobsBefore >= 1,
          waiting: gauge(text, 'operaton_external_tasks_waiting') >= 1,
        };
      })
      .toEqual({ started: 1, jobs: true, waiting: true });

    // The workers' service account takes the task and fails it for good.
    const [task] = await workers.fetchAndLock({ workerId: 'monitoring-tests', maxTasks: 1, topics: [{ topicName: TOPIC, lockDuration: 60_000 }] });
    expect(task).toMatchObject<Partial<LockedExternalTask>>({ processInstanceId: instanceId });
    await workers.handleFailure(task!.id, 'monitoring-tests', {
      errorMessage: '探针故障 / probe failure',
      retries: 0,
      retryTimeout: 0,
    });
    await expect.poll(async () => gauge(await scrape(), 'operaton_incidents_open', { type: 'failedExternalTask' })).toBeGreaterThanOrEqual(incidentsBefore + 1);

    // A unit's login, which lists no incident over REST, scrapes the same count as the admin sees.
    const asUnit = await scrape(demoLoginOf(CandidateGroup.patrolledUnit));
    const unitsRestCount = await admin.as(demoLoginOf(CandidateGroup.patrolledUnit)).rest.request<{ count: number }>('GET', '/incident/count');
    expect(unitsRestCount.count).toBe(0);
    expect(gauge(asUnit, 'operaton_incidents_open', { type: 'failedExternalTask' })).toBe(await openIncidentCount('failedExternalTask'));

    const withIncident = gauge(asUnit, 'operaton_incidents_open', { type: 'failedExternalTask' });
    await admin.cancelProcessInstance(instanceId);
    instanceId = undefined;
    await expect.poll(async () => gauge(await scrape(), 'operaton_incidents_open', { type: 'failedExternalTask' })).toBeLessThanOrEqual(withIncident - 1);
  });
});
