/**
 * Worker processes for the bench: the product's workers exactly as deployed (`node workers/main.ts`, the
 * registry's every worker, configuration from the environment) or the trivial workers of
 * bench/trivial-workers.ts, 1 to 4 at a time, each with its own worker id; their output is drained (a full
 * pipe would stall them) and only the start-up line is looked for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../workers/config.ts';
import { peakRssMB } from './proc.ts';

export type WorkerKind = 'trivial' | 'real';

export interface WorkerGroup {
  readonly pids: readonly number[];
  /** Each process's resident high-water mark so far, MB. */
  peakRss(): number[];
  /** SIGTERM (the product's graceful stop) and wait for every process to exit. */
  stop(): Promise<void>;
}

function startOne(kind: WorkerKind, environment: Readonly<Record<string, string>>): Promise<ChildProcess> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'NODE_OPTIONS') env[key] = value;
  Object.assign(env, environment);
  const script = kind === 'real' ? path.join('workers', 'main.ts') : path.join('bench', 'trivial-workers.ts');
  const child = spawn(process.execPath, [script], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const readyLine = kind === 'real' ? '"msg":"external-task workers started"' : 'ready';
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    const timer = setTimeout(() => reject(new Error(`${kind} worker did not start within 60 s:\n${output.slice(-2000)}`)), 60_000);
    const look = (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString('utf8');
      if (output.includes(readyLine)) {
        ready = true;
        clearTimeout(timer);
        output = '';
        resolve(child);
      } else if (output.length > 200_000) output = output.slice(-20_000);
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code, signal) => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`${kind} worker exited before it started (${code ?? signal}):\n${output.slice(-2000)}`));
      }
    });
  });
}

/**
 * `count` processes of one kind; `environment(index)` gives each its settings (ENGINE_REST_URL, the ledger,
 * the mailbox, ENGINE_WORKER_ID, WORKERS_METRICS_PORT …).
 */
export async function startWorkerGroup(kind: WorkerKind, count: number, environment: (index: number) => Record<string, string>): Promise<WorkerGroup> {
  const children: ChildProcess[] = [];
  try {
    for (let index = 0; index < count; index += 1) children.push(await startOne(kind, environment(index)));
  } catch (error) {
    for (const child of children) child.kill('SIGKILL');
    throw error;
  }
  return {
    pids: children.map((child) => child.pid!),
    peakRss: () => children.map((child) => peakRssMB(child.pid!) ?? Number.NaN),
    stop: async () => {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
              child.once('exit', () => {
                clearTimeout(kill);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
