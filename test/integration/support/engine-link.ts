/**
 * The line between the real workers and the engine, for tests that break it:
 * a `fetch` for the workers' EngineRestClient (its `fetch` option) that
 *
 * - records every task each fetchAndLock hands out, so a test counts redeliveries;
 * - holds chosen completions of the workers, either before they reach the engine
 *   (the handler's side effect is done, the engine never hears of it) or after
 *   the engine answered (the engine has committed, the worker does not know it);
 *   held calls end as a dropped connection when the test releases them;
 * - can be cut: while cut every call fails as an unreachable engine does.
 *
 * The workers are not mocked: their code, their retries and their ledger run
 * unchanged; only the network answers as a crashing engine's network would.
 */

type Fetch = typeof fetch;

export interface DeliveredTask {
  readonly id: string;
  readonly topicName: string;
  readonly activityId: string;
  readonly processInstanceId: string;
  /** How often a fetchAndLock handed this task out. */
  deliveries: number;
}

/** Which completions to hold: tasks of one BPMN element, the first `limit` once armed. */
export interface HoldRule {
  readonly name: string;
  readonly activityId: string;
  /** before-engine: the call never reaches the engine; after-engine: the engine's answer never reaches the worker. */
  readonly mode: 'before-engine' | 'after-engine';
  readonly limit: number;
}

export interface HeldCall {
  readonly rule: string;
  readonly taskId: string;
  readonly processInstanceId: string;
  readonly mode: HoldRule['mode'];
  /** after-engine: the HTTP status the engine answered (204: the completion is committed). */
  engineStatus?: number;
}

interface Waiting extends HeldCall {
  readonly drop: (error: Error) => void;
}

function connectionError(message: string, code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

const COMPLETE_PATH = /\/external-task\/([^/]+)\/complete$/;

export class EngineLink {
  readonly fetch: Fetch;
  readonly #inner: Fetch;
  readonly #tasks = new Map<string, DeliveredTask>();
  readonly #held: Waiting[] = [];
  readonly #released: HeldCall[] = [];
  #rules: HoldRule[] = [];
  /** Completions each rule has taken (held now or released), counted when chosen. */
  readonly #claims = new Map<string, number>();
  #cut = false;
  /** After releaseAsDropped: a call a rule had already taken (its engine answer still on the way) is dropped at once. */
  #dropping = false;
  readonly #inFlight = new Set<{ readonly call: string; readonly since: number }>();
  #listeners: Array<() => void> = [];

  constructor(inner: Fetch = globalThis.fetch) {
    this.#inner = inner;
    this.fetch = (input, init) => this.#send(input, init);
  }

  /** Every task fetchAndLock handed out so far. */
  get tasks(): readonly DeliveredTask[] {
    return [...this.#tasks.values()];
  }

  /** Tasks handed out more than once (redelivered after a lost completion or an expired lock). */
  get redelivered(): readonly DeliveredTask[] {
    return this.tasks.filter((task) => task.deliveries > 1);
  }

  /** Calls on their way to the engine now (method, path, since when), for a timeout's message. */
  get inFlight(): readonly string[] {
    return [...this.#inFlight].map((entry) => `${entry.call} (${Date.now() - entry.since} ms)`);
  }

  /** Calls held now. */
  get held(): readonly HeldCall[] {
    return this.#held.map(({ drop: _drop, ...call }) => call);
  }

  /** Calls held earlier and since released as dropped connections. */
  get released(): readonly HeldCall[] {
    return this.#released;
  }

  /** Completions a rule has taken so far (held now, on their way to the engine, or released). */
  heldBy(rule: string): number {
    return this.#claims.get(rule) ?? 0;
  }

  /** From now on, hold the completions these rules name. */
  arm(rules: readonly HoldRule[]): void {
    this.#rules = [...rules];
    this.#dropping = false;
  }

  /** Resolves once `probe` holds; checked after every held call. */
  until(probe: () => boolean): Promise<void> {
    if (probe()) return Promise.resolve();
    return new Promise((resolve) => {
      const listener = () => {
        if (!probe()) return;
        this.#listeners = this.#listeners.filter((other) => other !== listener);
        resolve();
      };
      this.#listeners.push(listener);
    });
  }

  /** Every call fails as against an engine that is down (connection refused), until {@link restore}. */
  cut(): void {
    this.#cut = true;
  }

  restore(): void {
    this.#cut = false;
  }

  /** Ends every held call as a connection dropped mid-request; holds nothing more. */
  releaseAsDropped(): readonly HeldCall[] {
    this.#rules = [];
    this.#dropping = true;
    const calls = this.#held.splice(0);
    for (const call of calls) {
      const { drop, ...held } = call;
      this.#released.push(held);
      drop(connectionError('other side closed', 'UND_ERR_SOCKET'));
    }
    return calls.map(({ drop: _drop, ...call }) => call);
  }

  #ruleFor(taskId: string): HoldRule | undefined {
    const task = this.#tasks.get(taskId);
    if (!task) return undefined;
    const rule = this.#rules.find((candidate) => candidate.activityId === task.activityId && this.heldBy(candidate.name) < candidate.limit);
    if (rule) this.#claims.set(rule.name, this.heldBy(rule.name) + 1);
    return rule;
  }

  #hold(rule: HoldRule, taskId: string, engineStatus?: number): Promise<never> {
    return new Promise<never>((_resolve, reject) => {
      const call: Waiting = {
        rule: rule.name,
        taskId,
        processInstanceId: this.#tasks.get(taskId)?.processInstanceId ?? '',
        mode: rule.mode,
        ...(engineStatus === undefined ? {} : { engineStatus }),
        drop: reject,
      };
      if (this.#dropping) {
        const { drop: _drop, ...held } = call;
        this.#released.push(held);
        reject(connectionError('other side closed', 'UND_ERR_SOCKET'));
        return;
      }
      this.#held.push(call);
      for (const listener of [...this.#listeners]) listener();
    });
  }

  async #send(input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]): Promise<Response> {
    if (this.#cut) throw connectionError('connect ECONNREFUSED', 'ECONNREFUSED');
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const completing = COMPLETE_PATH.exec(url.pathname);
    const taskId = completing ? decodeURIComponent(completing[1]!) : undefined;
    const rule = taskId === undefined ? undefined : this.#ruleFor(taskId);
    if (rule?.mode === 'before-engine') return this.#hold(rule, taskId!);

    const entry = { call: `${init?.method ?? 'GET'} ${url.pathname}`, since: Date.now() };
    this.#inFlight.add(entry);
    let response: Response;
    try {
      response = await this.#inner(input, init);
    } finally {
      this.#inFlight.delete(entry);
    }
    if (url.pathname.endsWith('/external-task/fetchAndLock') && response.ok) {
      const tasks = (await response.clone().json()) as Array<{ id: string; topicName: string; activityId: string; processInstanceId: string }>;
      for (const task of tasks) {
        const known = this.#tasks.get(task.id);
        if (known) known.deliveries += 1;
        else this.#tasks.set(task.id, { id: task.id, topicName: task.topicName, activityId: task.activityId, processInstanceId: task.processInstanceId, deliveries: 1 });
      }
    }
    if (rule?.mode === 'after-engine') {
      // Read the answer, so the engine's side of the exchange is finished, then never hand it on.
      await response.arrayBuffer();
      return this.#hold(rule, taskId!, response.status);
    }
    return response;
  }
}
