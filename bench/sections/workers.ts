/**
 * Sections 1 and 2 on one engine (H2 or PostgreSQL):
 *
 * 1. Engine limit and worker overhead: the hazard-path shape (lib/hazard-path.ts) run by trivial workers
 *    (complete at once: the engine's limit) and by our real workers (workers/main.ts: every registered worker,
 *    ledger, mailbox notices, deadline computation), with 1, 2 and 4 worker processes. Per run, `instances`
 *    instances are started by 8 concurrent REST clients while the workers run; throughput is instances over the
 *    engine's span from the first start to the last end. The ratio real / trivial per process count.
 * 2. Pickup latency: instances one after another (each waits for the previous to end, so no queue forms), one
 *    worker process, long polling; per topic, creation to success of each external task from the engine's
 *    external task log, p50 / p95 / p99.
 * Memory: the engine's largest resident size over the section (sampled), each worker process's high-water mark.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { EngineRestClient } from '../../workers/engine/rest-client.ts';
import type { Logger } from '../../workers/logger.ts';
import { BenchEngine, createScratchDatabase, type EngineDatabase } from '../lib/engine.ts';
import { finishedCount, instanceSpanSeconds, openIncidents, pickupLatencies } from '../lib/engine-history.ts';
import { HAZARD_PATH_TOPICS, deployHazardPaths, hazardPathProcessId, hazardPathVariables } from '../lib/hazard-path.ts';
import { RssSampler } from '../lib/proc.ts';
import { type Distribution, distribution, median } from '../lib/stats.ts';
import { type WorkerKind, startWorkerGroup } from '../lib/worker-processes.ts';

export const PROCESS_COUNTS = [1, 2, 4] as const;
export const WORKER_KINDS: readonly WorkerKind[] = ['trivial', 'real'];

export interface WorkersScale {
  /** Instances per throughput run. */
  readonly instances: number;
  /** Throughput runs per kind and process count (the figure is their median). */
  readonly repeats: number;
  /** Instances of the latency run, one after another. */
  readonly latencyInstances: number;
}

export const WORKERS_SCALE: { readonly full: WorkersScale; readonly quick: WorkersScale } = {
  full: { instances: 300, repeats: 3, latencyInstances: 100 },
  quick: { instances: 20, repeats: 1, latencyInstances: 10 },
};

export interface ThroughputRun {
  readonly kind: WorkerKind;
  readonly processes: number;
  readonly repeat: number;
  readonly instances: number;
  readonly seconds: number;
  readonly instancesPerSecond: number;
}

export interface WorkersMeasurement {
  readonly database: EngineDatabase;
  readonly runs: readonly ThroughputRun[];
  /** Median instances/s by kind and process count. */
  readonly throughput: Record<WorkerKind, Record<number, number>>;
  /** real / trivial by process count. */
  readonly ratio: Record<number, number>;
  /** Pickup-to-complete ms per topic, by kind (one worker process, one instance at a time). */
  readonly latency: Record<WorkerKind, Record<string, Distribution>>;
  readonly engineRssPeakMB: number;
  /** The largest high-water mark of any real worker process, MB. */
  readonly workerRssPeakMB: number;
}

export interface WorkersBenchOptions {
  readonly database: EngineDatabase;
  readonly port: number;
  readonly scale: WorkersScale;
  readonly workDirectory: string;
  readonly logger: Logger;
  readonly progress: (text: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startInstances(admin: EngineRestClient, key: string, count: number, concurrency = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        await admin.startProcessInstance(key, hazardPathVariables(index), { businessKey: `${key}-${index}` });
      }
    }),
  );
}

async function waitFinished(admin: EngineRestClient, key: string, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await finishedCount(admin, key)) >= count) return;
    const incidents = await openIncidents(admin, key);
    if (incidents > 0) throw new Error(`${key}: ${incidents} open incident(s) (a worker failed a task); see Cockpit`);
    await sleep(100);
  }
  throw new Error(`${key}: ${await finishedCount(admin, key)} of ${count} instances finished within ${timeoutMs / 1000} s`);
}

export async function measureWorkers(options: WorkersBenchOptions): Promise<WorkersMeasurement> {
  const { database, scale, logger, progress } = options;
  const engine = new BenchEngine({ port: options.port, database, logger });
  const sideEffects = path.join(options.workDirectory, `workers-${database}`);
  rmSync(sideEffects, { recursive: true, force: true });
  mkdirSync(sideEffects, { recursive: true });
  const scratchLedger = database === 'postgres' ? await createScratchDatabase('anquan_bench_workers_ledger') : undefined;
  progress(`workers (${database}): starting the engine`);
  await engine.start();
  const enginePid = await engine.pid();
  const engineSampler = new RssSampler(() => (enginePid ? [enginePid] : []));
  let workerRssPeakMB = 0;
  try {
    const runIds: string[] = [];
    for (const kind of WORKER_KINDS) {
      runIds.push(`${kind}-latency`);
      for (const processes of PROCESS_COUNTS) for (let repeat = 1; repeat <= scale.repeats; repeat += 1) runIds.push(`${kind}-${processes}-${repeat}`);
    }
    await deployHazardPaths(engine.admin, runIds);

    const environment = (kind: WorkerKind, index: number): Record<string, string> => ({
      ENGINE_REST_URL: engine.restUrl,
      ENGINE_WORKER_ID: `bench-${kind}-${index + 1}`,
      // Ports of the bench's range: the engine has options.port, the worker processes the next four.
      WORKERS_METRICS_PORT: String(options.port + 4 + index),
      WORKERS_METRICS_HOST: '127.0.0.1',
      LEDGER_SQLITE_FILE: path.join(sideEffects, 'ledger.sqlite'),
      ...(scratchLedger ? { LEDGER_DATABASE_URL: scratchLedger.url } : {}),
      NOTIFY_CHANNEL: 'mailbox',
      NOTIFY_MAILBOX_DIR: path.join(sideEffects, 'mailbox'),
      PUBLIC_DIR: path.join(sideEffects, 'public'),
      REPORTS_DIR: path.join(sideEffects, 'reports'),
      BENCH_TOPICS: HAZARD_PATH_TOPICS.join(','),
    });

    const runs: ThroughputRun[] = [];
    const latency: Record<WorkerKind, Record<string, Distribution>> = { trivial: {}, real: {} };
    // Latency first, for both kinds (one process, one instance at a time); it also warms the engine up (JIT,
    // caches), so the throughput runs after it do not favour whichever kind would run first.
    for (const kind of WORKER_KINDS) {
      const group = await startWorkerGroup(kind, 1, (index) => environment(kind, index));
      try {
        const key = hazardPathProcessId(`${kind}-latency`);
        progress(`workers (${database}): ${kind} latency, ${scale.latencyInstances} instances one at a time`);
        for (let index = 0; index < scale.latencyInstances; index += 1) {
          await startInstances(engine.admin, key, 1);
          await waitFinished(engine.admin, key, index + 1, 60_000);
        }
        for (const [topic, samples] of await pickupLatencies(engine.admin, key)) latency[kind][topic] = distribution(samples);
      } finally {
        if (kind === 'real') workerRssPeakMB = Math.max(workerRssPeakMB, ...group.peakRss().filter(Number.isFinite));
        await group.stop();
      }
    }
    // Throughput: per process count, trivial and real one after the other, so a drift of the machine's load
    // touches both sides of a ratio alike.
    for (const processes of PROCESS_COUNTS) {
      for (const kind of WORKER_KINDS) {
        const group = await startWorkerGroup(kind, processes, (index) => environment(kind, index));
        try {
          for (let repeat = 1; repeat <= scale.repeats; repeat += 1) {
            const key = hazardPathProcessId(`${kind}-${processes}-${repeat}`);
            await startInstances(engine.admin, key, scale.instances);
            await waitFinished(engine.admin, key, scale.instances, 600_000);
            const seconds = await instanceSpanSeconds(engine.admin, key);
            const run = { kind, processes, repeat, instances: scale.instances, seconds, instancesPerSecond: scale.instances / seconds };
            runs.push(run);
            progress(`workers (${database}): ${kind}, ${processes} process(es), run ${repeat}: ${run.instancesPerSecond.toFixed(1)} instances/s`);
          }
        } finally {
          if (kind === 'real') workerRssPeakMB = Math.max(workerRssPeakMB, ...group.peakRss().filter(Number.isFinite));
          await group.stop();
        }
      }
    }
    const throughput = { trivial: {}, real: {} } as Record<WorkerKind, Record<number, number>>;
    for (const kind of WORKER_KINDS) {
      for (const processes of PROCESS_COUNTS) {
        throughput[kind][processes] = median(runs.filter((run) => run.kind === kind && run.processes === processes).map((run) => run.instancesPerSecond));
      }
    }
    const ratio = Object.fromEntries(PROCESS_COUNTS.map((processes) => [processes, throughput.real[processes]! / throughput.trivial[processes]!]));
    const engineRss = engineSampler.stop();
    return {
      database,
      runs,
      throughput,
      ratio,
      latency,
      engineRssPeakMB: Math.max(0, ...engineRss.values()),
      workerRssPeakMB,
    };
  } finally {
    engineSampler.stop();
    await engine.stop();
    await scratchLedger?.drop();
  }
}

