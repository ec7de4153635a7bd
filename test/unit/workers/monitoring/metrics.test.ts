/**
 * The workers' metrics as Prometheus reads them: each observation moves the
 * series it names and no other, topics appear before their first task, the
 * registry is the metrics' own, and process metrics come only when asked for.
 */
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { TASK_DURATION_BUCKETS, WorkerMetrics } from '../../../../workers/monitoring/metrics.ts';
import type { LockedExternalTask } from '../../../../workers/engine/rest-types.ts';
import { parseSamples, sampleValue } from '../../../support/prometheus-text.ts';

const PLAN = 'anquan.deadline.plan';
const NOTIFY = 'anquan.notify.send';

function lockedTask(topicName: string, id: string): LockedExternalTask {
  return {
    id,
    topicName,
    workerId: 'w',
    lockExpirationTime: '2026-12-01T09:01:00.000+0800',
    retries: null,
    errorMessage: null,
    processInstanceId: 'pi',
    processDefinitionId: 'pd',
    processDefinitionKey: 'safety-patrol',
    activityId: 'a',
    activityInstanceId: 'a:1',
    executionId: 'e',
    businessKey: null,
    tenantId: null,
    priority: 0,
    variables: {},
  };
}

describe('WorkerMetrics', () => {
  it('shows every registered topic at zero before its first task', async () => {
    const metrics = new WorkerMetrics();
    metrics.registerTopics([PLAN, NOTIFY]);
    const text = await metrics.text();
    for (const topic of [PLAN, NOTIFY]) {
      expect(sampleValue(text, 'anquan_worker_tasks_fetched_total', { topic })).toBe(0);
      expect(sampleValue(text, 'anquan_worker_tasks_completed_total', { topic })).toBe(0);
      expect(sampleValue(text, 'anquan_worker_tasks_failed_total', { topic, result: 'retry' })).toBe(0);
      expect(sampleValue(text, 'anquan_worker_tasks_failed_total', { topic, result: 'incident' })).toBe(0);
      expect(sampleValue(text, 'anquan_worker_lock_extensions_total', { topic, result: 'extended' })).toBe(0);
      expect(sampleValue(text, 'anquan_worker_tasks_held', { topic })).toBe(0);
    }
    expect(sampleValue(text, 'anquan_worker_last_fetch_success_timestamp_seconds')).toBe(0);
  });

  it('counts fetches, fetched tasks per topic and fetch errors per kind', async () => {
    const metrics = new WorkerMetrics();
    const before = Date.now() / 1000;
    metrics.fetchSucceeded([lockedTask(PLAN, '1'), lockedTask(PLAN, '2'), lockedTask(NOTIFY, '3')]);
    metrics.fetchSucceeded([]);
    metrics.fetchFailed('unreachable');
    metrics.fetchFailed('unreachable');
    metrics.fetchFailed('unauthorized');
    const text = await metrics.text();
    expect(sampleValue(text, 'anquan_worker_fetch_requests_total')).toBe(5);
    expect(sampleValue(text, 'anquan_worker_tasks_fetched_total', { topic: PLAN })).toBe(2);
    expect(sampleValue(text, 'anquan_worker_tasks_fetched_total', { topic: NOTIFY })).toBe(1);
    expect(sampleValue(text, 'anquan_worker_fetch_errors_total', { kind: 'unreachable' })).toBe(2);
    expect(sampleValue(text, 'anquan_worker_fetch_errors_total', { kind: 'unauthorized' })).toBe(1);
    expect(sampleValue(text, 'anquan_worker_last_fetch_success_timestamp_seconds')).toBeGreaterThanOrEqual(Math.floor(before));
  });

  it('tells a failure the engine retries from one that raised an incident, and counts BPMN errors by code', async () => {
    const metrics = new WorkerMetrics();
    metrics.taskCompleted(PLAN);
    metrics.taskFailed(PLAN, 2);
    metrics.taskFailed(PLAN, 0);
    // The engine takes whole retries: 0.5 is sent as 0, an incident.
    metrics.taskFailed(PLAN, 0.5);
    metrics.bpmnError(PLAN, 'ANQUAN_CALENDAR_NOT_PUBLISHED');
    metrics.bpmnError(PLAN, 'ANQUAN_CALENDAR_NOT_PUBLISHED');
    metrics.taskUnreported(NOTIFY);
    const text = await metrics.text();
    expect(sampleValue(text, 'anquan_worker_tasks_completed_total', { topic: PLAN })).toBe(1);
    expect(sampleValue(text, 'anquan_worker_tasks_failed_total', { topic: PLAN, result: 'retry' })).toBe(1);
    expect(sampleValue(text, 'anquan_worker_tasks_failed_total', { topic: PLAN, result: 'incident' })).toBe(2);
    expect(sampleValue(text, 'anquan_worker_bpmn_errors_total', { topic: PLAN, error_code: 'ANQUAN_CALENDAR_NOT_PUBLISHED' })).toBe(2);
    expect(sampleValue(text, 'anquan_worker_tasks_unreported_total', { topic: NOTIFY })).toBe(1);
  });

  it('holds tasks per topic and counts lock extensions and lost locks', async () => {
    const metrics = new WorkerMetrics();
    metrics.taskHeld(PLAN);
    metrics.taskHeld(PLAN);
    metrics.taskHeld(NOTIFY);
    metrics.taskReleased(PLAN);
    metrics.lockExtended(NOTIFY);
    metrics.lockExtended(NOTIFY);
    metrics.lockExtensionFailed(NOTIFY);
    const text = await metrics.text();
    expect(sampleValue(text, 'anquan_worker_tasks_held', { topic: PLAN })).toBe(1);
    expect(sampleValue(text, 'anquan_worker_tasks_held', { topic: NOTIFY })).toBe(1);
    expect(sampleValue(text, 'anquan_worker_lock_extensions_total', { topic: NOTIFY, result: 'extended' })).toBe(2);
    expect(sampleValue(text, 'anquan_worker_lock_extensions_total', { topic: NOTIFY, result: 'failed' })).toBe(1);
  });

  it('puts each duration in its bucket, by topic and outcome', async () => {
    const metrics = new WorkerMetrics();
    metrics.taskFinished(PLAN, 'completed', 0.003);
    metrics.taskFinished(PLAN, 'completed', 0.2);
    metrics.taskFinished(PLAN, 'failed', 45);
    const text = await metrics.text();
    const completed = { topic: PLAN, outcome: 'completed' };
    expect(sampleValue(text, 'anquan_worker_task_duration_seconds_bucket', { ...completed, le: '0.005' })).toBe(1);
    expect(sampleValue(text, 'anquan_worker_task_duration_seconds_bucket', { ...completed, le: '0.25' })).toBe(2);
    expect(sampleValue(text, 'anquan_worker_task_duration_seconds_count', completed)).toBe(2);
    expect(sampleValue(text, 'anquan_worker_task_duration_seconds_sum', completed)).toBeCloseTo(0.203, 6);
    expect(sampleValue(text, 'anquan_worker_task_duration_seconds_bucket', { topic: PLAN, outcome: 'failed', le: '30' })).toBe(0);
    expect(sampleValue(text, 'anquan_worker_task_duration_seconds_bucket', { topic: PLAN, outcome: 'failed', le: '60' })).toBe(1);
    const buckets = parseSamples(text).filter((sample) => sample.name === 'anquan_worker_task_duration_seconds_bucket' && sample.labels['outcome'] === 'completed');
    expect(buckets.map((sample) => sample.labels['le'])).toEqual([...TASK_DURATION_BUCKETS.map(String), '+Inf']);
  });

  it('exports readiness as 0 or 1 at each scrape', async () => {
    let ready = false;
    const metrics = new WorkerMetrics({ ready: () => ready });
    expect(sampleValue(await metrics.text(), 'anquan_worker_ready')).toBe(0);
    ready = true;
    expect(sampleValue(await metrics.text(), 'anquan_worker_ready')).toBe(1);
    expect(sampleValue(await new WorkerMetrics().text(), 'anquan_worker_ready')).toBeUndefined();
  });

  it('keeps its own registry: two sets of workers count apart, and nothing lands in the global one', async () => {
    const first = new WorkerMetrics();
    const second = new WorkerMetrics();
    first.taskCompleted(PLAN);
    expect(sampleValue(await first.text(), 'anquan_worker_tasks_completed_total', { topic: PLAN })).toBe(1);
    expect(sampleValue(await second.text(), 'anquan_worker_tasks_completed_total', { topic: PLAN })).toBeUndefined();
    expect(globalRegistry.getSingleMetric('anquan_worker_tasks_completed_total')).toBeUndefined();
  });

  it('adds the process and Node.js metrics only when asked, in the Prometheus text format', async () => {
    const plain = await new WorkerMetrics().text();
    expect(sampleValue(plain, 'process_resident_memory_bytes')).toBeUndefined();
    const withProcess = new WorkerMetrics({ processMetrics: true });
    const text = await withProcess.text();
    expect(sampleValue(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sampleValue(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(withProcess.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE anquan_worker_task_duration_seconds histogram');
  });
});
