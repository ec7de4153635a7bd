/**
 * The product's workers as a real child process, exactly as the image runs
 * them (`node workers/main.ts`, Node's own type stripping, configuration from
 * the environment only), for tests that must kill, starve or watch a worker
 * process from outside:
 *
 * - its pino JSON lines are collected from stdout (stdout is a pipe, so
 *   workers/logger.ts writes JSON, not pretty text);
 * - its monitoring endpoint (WORKERS_METRICS_PORT, a free port) answers
 *   /health/ready and /metrics as a probe or Prometheus would see them;
 * - `kill()` is SIGKILL (no handler, no finally, no lock release), `stop()` is SIGTERM
 *   and the product's own graceful stop;
 * - with `inspect`, the process is started with the V8 inspector on a free
 *   loopback port, and {@link WorkerProcess.pauseAt} sets a breakpoint on a line
 *   of our source: the process then stops exactly there, as under a debugger,
 *   and the test can look at the files and the ledger before it kills it.
 *   Nothing of the worker is replaced or wrapped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import { eventually } from './engine-client.ts';

export type LogLine = Readonly<Record<string, unknown>> & { readonly level: number; readonly msg: string };

/** pino's numeric levels. */
export const LogLevel = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

/** A free TCP port on the loopback interface (bound and released at once). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface WorkerProcessOptions {
  /** Becomes ENGINE_WORKER_ID, the lock owner the engine records. */
  readonly workerId: string;
  /** The workers' settings (ENGINE_REST_URL, LEDGER_SQLITE_FILE, NOTIFY_* …): the keys of workers/config.ts. */
  readonly environment: Readonly<Record<string, string>>;
  /** Start with the V8 inspector, so {@link WorkerProcess.pauseAt} can stop the process at a source line. */
  readonly inspect?: boolean;
}

export interface ProbeAnswer {
  readonly status: number;
  readonly body: { readonly status: string; readonly reasons: ReadonlyArray<{ readonly code: string; readonly message: string }>; readonly lastFetchSucceededAt?: string };
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A breakpoint in our source: the first line (after `after`, if given) whose text includes `text`. */
export interface SourceLine {
  /** Path from the repository root, e.g. `workers/notify/channels.ts`. */
  readonly file: string;
  readonly text: string;
  readonly after?: string;
}

/** 0-based line of `text` in `file`, after the line holding `after`; throws when the source no longer has it. */
export function findSourceLine(line: SourceLine): number {
  const lines = readFileSync(path.join(PROJECT_ROOT, line.file), 'utf8').split('\n');
  const afterIndex = line.after === undefined ? -1 : lines.findIndex((candidate) => candidate.includes(line.after!));
  const index = line.after !== undefined && afterIndex < 0 ? -1 : lines.findIndex((candidate, at) => at > afterIndex && candidate.includes(line.text));
  if (index < 0) throw new Error(`${line.file} has no line "${line.text}"${line.after ? ` after "${line.after}"` : ''}: the test's breakpoint must be moved with the code`);
  return index;
}

/** The little of the Chrome DevTools Protocol a breakpoint needs, over the global WebSocket. */
class InspectorSession {
  readonly #socket: WebSocket;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly #listeners = new Map<string, Array<(params: unknown) => void>>();

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } };
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) pending?.reject(new Error(`inspector: ${message.error.message}`));
        else pending?.resolve(message.result);
      } else if (message.method) {
        for (const listener of this.#listeners.get(message.method) ?? []) listener(message.params);
      }
    });
  }

  static async connect(url: string): Promise<InspectorSession> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot connect to the inspector at ${url}`)), { once: true });
    });
    return new InspectorSession(socket);
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  once(method: string): Promise<unknown> {
    return new Promise((resolve) => {
      const listeners = this.#listeners.get(method) ?? [];
      const listener = (params: unknown) => {
        this.#listeners.set(method, (this.#listeners.get(method) ?? []).filter((other) => other !== listener));
        resolve(params);
      };
      this.#listeners.set(method, [...listeners, listener]);
    });
  }

  close(): void {
    this.#socket.close();
  }
}

export interface Breakpoint {
  /** Resolves when the process has stopped at the line (with the call frames' function names, innermost first). */
  readonly hit: Promise<{ readonly functions: readonly string[] }>;
}

export class WorkerProcess {
  readonly workerId: string;
  readonly monitoringUrl: string;
  /** Every JSON line the process wrote to stdout, in order. */
  readonly logs: LogLine[] = [];
  /** stdout lines that were not JSON, and stderr, for a failure's message. */
  readonly otherOutput: string[] = [];
  readonly exited: Promise<Exit>;
  readonly #child: ChildProcess;
  #exit: Exit | undefined;
  #inspector: InspectorSession | undefined;
  readonly #inspectorUrl: Promise<string> | undefined;

  private constructor(child: ChildProcess, workerId: string, monitoringUrl: string, inspect: boolean) {
    this.#child = child;
    this.workerId = workerId;
    this.monitoringUrl = monitoringUrl;
    this.exited = new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
    });
    let stdoutRest = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      const lines = (stdoutRest + chunk).split('\n');
      stdoutRest = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          this.otherOutput.push(line);
        }
      }
    });
    let stderrRest = '';
    let foundInspector: (url: string) => void = () => undefined;
    this.#inspectorUrl = inspect
      ? new Promise<string>((resolve) => {
          foundInspector = resolve;
        })
      : undefined;
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      const lines = (stderrRest + chunk).split('\n');
      stderrRest = lines.pop() ?? '';
      for (const line of lines) {
        const listening = /Debugger listening on (ws:\/\/\S+)/.exec(line);
        if (listening) foundInspector(listening[1]!);
        else if (line.trim() !== '') this.otherOutput.push(line);
      }
    });
  }

  /**
   * Starts `node workers/main.ts` with the given settings and waits until its
   * runtime says it started (the fetch loop then runs, whether or not the engine answers).
   */
  static async start(options: WorkerProcessOptions): Promise<WorkerProcess> {
    const metricsPort = await freePort();
    const environment: Record<string, string> = {};
    // The machine's PATH, HOME, locale …; not the test runner's NODE_OPTIONS or any workers setting of the developer's shell.
    for (const [key, value] of Object.entries(process.env)) {
      if (value === undefined || key === 'NODE_OPTIONS' || key.startsWith('VITEST')) continue;
      environment[key] = value;
    }
    Object.assign(environment, {
      ENGINE_WORKER_ID: options.workerId,
      WORKERS_METRICS_PORT: String(metricsPort),
      WORKERS_METRICS_HOST: '127.0.0.1',
      ...options.environment,
    });
    const node = process.execPath;
    const argv = [...(options.inspect ? ['--inspect=127.0.0.1:0'] : []), 'workers/main.ts'];
    const child = spawn(node, argv, { cwd: PROJECT_ROOT, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    const worker = new WorkerProcess(child, options.workerId, `http://127.0.0.1:${metricsPort}`, options.inspect === true);
    await worker.waitForLog('the runtime to start', (line) => line.msg === 'external-task workers started', 30_000);
    return worker;
  }

  get pid(): number {
    return this.#child.pid!;
  }

  get exit(): Exit | undefined {
    return this.#exit;
  }

  /** Lines whose message includes `text` (or matches), at `level` when given. */
  lines(text: string | RegExp, level?: number): LogLine[] {
    return this.logs.filter((line) => (level === undefined || line.level === level) && (typeof text === 'string' ? line.msg.includes(text) : text.test(line.msg)));
  }

  async waitForLog(description: string, matches: (line: LogLine) => boolean, timeoutMs = 60_000): Promise<LogLine> {
    try {
      return await eventually(
        `worker ${this.workerId}: ${description}`,
        async () => {
          const line = this.logs.find(matches);
          if (line) return line;
          if (this.#exit) throw new Error(`the worker process exited (${JSON.stringify(this.#exit)})`);
          return undefined;
        },
        timeoutMs,
        50,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${this.outputTail()}`);
    }
  }

  /** The last lines it wrote, for a failure's message. */
  outputTail(lines = 20): string {
    return [...this.logs.slice(-lines).map((line) => JSON.stringify(line)), ...this.otherOutput.slice(-lines)].join('\n');
  }

  /** GET /health/ready as an orchestrator's probe sees it. */
  async ready(): Promise<ProbeAnswer> {
    const response = await fetch(`${this.monitoringUrl}/health/ready`);
    return { status: response.status, body: (await response.json()) as ProbeAnswer['body'] };
  }

  /** GET /metrics, the Prometheus text. */
  async metrics(): Promise<string> {
    const response = await fetch(`${this.monitoringUrl}/metrics`);
    if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
    return response.text();
  }

  /**
   * A breakpoint on a line of our source (found by its text, so it follows edits). The process stops
   * there the next time it runs the line; the test then looks at what it has done so far, and kills it.
   */
  async pauseAt(line: SourceLine): Promise<Breakpoint> {
    if (!this.#inspectorUrl) throw new Error('start the worker process with inspect: true to set a breakpoint');
    const lineNumber = findSourceLine(line);
    this.#inspector ??= await InspectorSession.connect(await this.#inspectorUrl);
    const inspector = this.#inspector;
    await inspector.send('Debugger.enable');
    const url = pathToFileURL(path.join(PROJECT_ROOT, line.file)).href;
    const { locations } = await inspector.send<{ locations: unknown[] }>('Debugger.setBreakpointByUrl', { url, lineNumber });
    if (locations.length === 0) throw new Error(`the breakpoint at ${line.file}:${lineNumber + 1} did not resolve in the worker process (${url})`);
    const hit = inspector.once('Debugger.paused').then((params) => ({
      functions: ((params as { callFrames: Array<{ functionName: string }> }).callFrames ?? []).map((frame) => frame.functionName),
    }));
    return { hit };
  }

  /** SIGKILL: the process ends where it is, without a handler, a finally or a lock released. */
  async kill(): Promise<Exit> {
    this.#inspector?.close();
    if (!this.#exit) this.#child.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM: the product's graceful stop; resolves with the exit code. */
  async stop(timeoutMs = 30_000): Promise<Exit> {
    this.#inspector?.close();
    if (this.#exit) return this.#exit;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
