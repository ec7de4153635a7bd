/**
 * The external-task runtime (workers/engine/ and startWorkers of
 * workers/registry.ts) against the real test engine: long polling, what each
 * outcome does to the process (completion scopes, BPMN errors, failures with
 * retries, back-off and incidents), lock extension, graceful stop, a refused
 * login, Json variables, and what the REST client says when the engine refuses.
 *
 * The diagrams are small fixtures of this file (fixtures/*.bpmn, topics
 * `test.runtime.*` that no product worker serves), deployed by the admin into
 * their own deployment stream `runtime-tests`. The workers are test workers
 * built with defineWorker, run by the product runtime, which fetches as the
 * workers' service account. Its client's fetch is the global one, observed:
 * every request and answer is recorded, nothing is changed or made up.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serviceAccountRules } from '../../../../deploy/access/rules.ts';
import { LOCAL_LOGIN } from '../../../../deploy/local/manifest.ts';
import { type BpmnErrorCode, type JobType, SERVICE_ACCOUNT_GROUP } from '../../../../workers/contract.ts';
import { EngineRestError, EngineRestClient } from '../../../../workers/engine/rest-client.ts';
import type { FetchAndLockRequest, LockedExternalTask } from '../../../../workers/engine/rest-types.ts';
import { parseEngineDate } from '../../../../workers/engine/variables.ts';
import { startWorkers, type RunningWorkers } from '../../../../workers/registry.ts';
import { InvalidVariablesError } from '../../../../workers/variables.ts';
import { BusinessError, defineWorker, type JobContext, type JsonObject, type RegisteredWorker } from '../../../../workers/worker-definition.ts';
import { EngineClock, eventually } from '../../support/engine-client.ts';
import { testEngineClient, testEngineConfig, workerClient } from '../../support/test-engine.ts';
import { capturingLogger } from '../../../support/capturing-logger.ts';

const config = testEngineConfig({ LOG_LEVEL: 'silent' });
/** The admin login (demo): deploys the fixtures, starts instances, reads what Cockpit shows. */
const admin = testEngineClient(config);
const clock = new EngineClock(admin);

/** The fixtures' own deployment stream, apart from the product's. */
const RUNTIME_DEPLOYMENT = { name: 'runtime-tests', source: 'runtime-tests' } as const;
const FIXTURES = ['runtime-scopes.bpmn', 'runtime-topics.bpmn', 'runtime-error.bpmn', 'runtime-single.bpmn', 'runtime-json.bpmn'];
const FIXTURE_PROCESSES = ['runtime-scopes', 'runtime-topics', 'runtime-error', 'runtime-single', 'runtime-json'];

/** Topics of the fixtures; runtime-single takes its topic from the variable `topic`, so each test serves its own. */
const Topic = {
  alpha: 'test.runtime.alpha',
  beta: 'test.runtime.beta',
  scopes: 'test.runtime.scopes',
  json: 'test.runtime.json',
  check: 'test.runtime.check',
  fail: 'test.runtime.fail',
  invalid: 'test.runtime.invalid',
  gone: 'test.runtime.gone',
  slow: 'test.runtime.slow',
  gated: 'test.runtime.gated',
  idle: 'test.runtime.idle',
  hang: 'test.runtime.hang',
  poll: 'test.runtime.poll',
  stopA: 'test.runtime.stop-a',
  stopB: 'test.runtime.stop-b',
  login: 'test.runtime.login',
} as const;

/** One request the runtime's client sent and what the engine answered. */
interface Exchange {
  readonly method: string;
  /** Below /engine-rest, e.g. `/external-task/fetchAndLock`. */
  readonly path: string;
  readonly body: unknown;
  /** The engine's status; undefined while pending, or when our side dropped the request. */
  status?: number;
  answer?: unknown;
  /** Aborted by the runtime (never answered by the engine). */
  dropped: boolean;
  settled: boolean;
}

/** The global fetch, with every exchange recorded. */
function observedFetch() {
  const exchanges: Exchange[] = [];
  let pollsInFlight = 0;
  let maxPollsInFlight = 0;
  const fetchAndRecord: typeof fetch = async (input, init) => {
    const exchange: Exchange = {
      method: init?.method ?? 'GET',
      path: new URL(String(input)).pathname.replace(/^\/engine-rest/, ''),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      dropped: false,
      settled: false,
    };
    exchanges.push(exchange);
    // The 1 ms poll that ends a pending one when stopping overlaps it on purpose; every other poll must be alone.
    const isPoll = exchange.path === '/external-task/fetchAndLock' && (exchange.body as FetchAndLockRequest).maxTasks > 0;
    if (isPoll) maxPollsInFlight = Math.max(maxPollsInFlight, ++pollsInFlight);
    try {
      const response = await fetch(input, init);
      exchange.status = response.status;
      const text = await response.clone().text();
      try {
        exchange.answer = text === '' ? undefined : JSON.parse(text);
      } catch {
        exchange.answer = text;
      }
      return response;
    } catch (error) {
      exchange.dropped = init?.signal?.aborted ?? false;
      throw error;
    } finally {
      exchange.settled = true;
      if (isPoll) pollsInFlight -= 1;
    }
  };
  return {
    fetch: fetchAndRecord,
    exchanges,
    get maxPollsInFlight() {
      return maxPollsInFlight;
    },
    /** fetchAndLock requests that wait for tasks (not the 1 ms polls that end one). */
    polls: () => exchanges.filter((exchange) => exchange.path === '/external-task/fetchAndLock' && (exchange.body as FetchAndLockRequest).maxTasks > 0),
    to: (method: string, path: string) => exchanges.filter((exchange) => exchange.method === method && exchange.path === path),
  };
}


interface Runtime {
  readonly running: RunningWorkers;
  readonly workerId: string;
  readonly observed: ReturnType<typeof observedFetch>;
  readonly log: ReturnType<typeof capturingLogger>;
  stop(timeoutMs: number): Promise<{ readonly drained: boolean }>;
}

const started = new Set<Runtime>();
let runtimeCount = 0;

/**
 * The product runtime (startWorkers) running `workers`, as the workers'
 * service account (the identity of workerClient(config)) unless a test names
 * another login, with its own worker id.
 */
async function startRuntime(
  workers: readonly RegisteredWorker[],
  options: { login?: { username: string; password: string }; asyncResponseTimeoutMs?: number; maxTasks?: number; backOff?: { initialMs: number; maxMs: number } } = {},
): Promise<Runtime> {
  const observed = observedFetch();
  const log = capturingLogger();
  const client = new EngineRestClient({
    baseUrl: config.engine.restUrl,
    username: options.login?.username ?? config.engine.username,
    password: options.login?.password ?? config.engine.password,
    fetch: observed.fetch,
  });
  runtimeCount += 1;
  const workerId = `runtime-tests-${runtimeCount}`;
  const running = await startWorkers({
    client,
    logger: log.logger,
    config: { ...config, engine: { ...config.engine, workerId, asyncResponseTimeoutMs: options.asyncResponseTimeoutMs ?? 10_000, maxTasks: options.maxTasks ?? 8 } },
    workers,
    ...(options.backOff ? { backOff: options.backOff } : {}),
  });
  const runtime: Runtime = {
    running,
    workerId,
    observed,
    log,
    async stop(timeoutMs) {
      started.delete(runtime);
      return running.stop(timeoutMs);
    },
  };
  started.add(runtime);
  return runtime;
}

type Handler = (variables: Readonly<Record<string, unknown>>, job: JobContext['job']) => JsonObject | Promise<JsonObject>;

/** A test worker for a test topic, run by the product runtime like any worker of the registry. */
function testWorker(topic: string, handle: Handler, options: { timeoutMs?: number; maxJobsToActivate?: number; retryBackOffMs?: number } = {}): RegisteredWorker {
  return defineWorker({
    // A topic only these tests serve, not one of the product's job types.
    jobType: topic as JobType,
    title: '运行时测试',
    description: `test worker of ${topic}`,
    inputs: [],
    timeoutMs: options.timeoutMs ?? 30_000,
    maxJobsToActivate: options.maxJobsToActivate ?? 4,
    retryBackOffMs: options.retryBackOffMs ?? 0,
    parseInput: (variables) => variables,
    handle: (input, context) => handle(input, context.job),
  });
}

/** A promise a test resolves when the worker may finish. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open: () => open() };
}

interface ExternalTaskDto extends LockedExternalTask {
  readonly suspended: boolean;
}

async function externalTasks(query: Record<string, string>): Promise<ExternalTaskDto[]> {
  return admin.rest.request<ExternalTaskDto[]>('GET', '/external-task', undefined, { query });
}

async function externalTask(id: string): Promise<ExternalTaskDto> {
  return admin.rest.request<ExternalTaskDto>('GET', `/external-task/${encodeURIComponent(id)}`);
}

/** An instance of runtime-single: one external task of `topic`. */
function startSingle(topic: string, variables: Record<string, unknown> = {}): Promise<string> {
  return admin.startProcessInstance('runtime-single', { topic, ...variables });
}

/** A failure's full text as Cockpit shows it (text/plain, which the JSON client does not ask for). */
async function errorDetails(taskId: string): Promise<string> {
  const response = await fetch(`${config.engine.restUrl}/external-task/${encodeURIComponent(taskId)}/errorDetails`, {
    headers: { authorization: `Basic ${Buffer.from(`${LOCAL_LOGIN.username}:${LOCAL_LOGIN.password}`).toString('base64')}`, accept: 'text/plain' },
  });
  expect(response.status).toBe(200);
  return response.text();
}

async function rejection(promise: Promise<unknown>): Promise<EngineRestError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(EngineRestError);
  return error as EngineRestError;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

beforeAll(async () => {
  const directory = fileURLToPath(new URL('./fixtures/', import.meta.url));
  const files = await Promise.all(FIXTURES.map(async (name) => ({ name, content: await readFile(`${directory}${name}`, 'utf8') })));
  await admin.rest.createDeployment({ ...RUNTIME_DEPLOYMENT, deployChangedOnly: true, files });
});

afterEach(async () => {
  for (const runtime of [...started]) await runtime.stop(5_000);
});

afterAll(async () => {
  // Leave no instance of the fixtures behind for the files that follow.
  const running = await admin.rest.request<Array<{ id: string }>>('GET', '/process-instance', undefined, {
    query: { processDefinitionKeyIn: FIXTURE_PROCESSES.join(',') },
  });
  for (const instance of running) await admin.cancelProcessInstance(instance.id);
});

describe('fetching', () => {
  it('fetches the tasks of several topics with one long poll at a time, within its capacity', async () => {
    const served: Record<string, string[]> = { [Topic.alpha]: [], [Topic.beta]: [] };
    const runtime = await startRuntime(
      [
        testWorker(Topic.alpha, (_variables, job) => {
          served[Topic.alpha]!.push(job.key);
          return { alphaDone: true };
        }),
        testWorker(
          Topic.beta,
          (_variables, job) => {
            served[Topic.beta]!.push(job.key);
            return { betaDone: true };
          },
          { timeoutMs: 9_000 },
        ),
      ],
      { maxTasks: 3, asyncResponseTimeoutMs: 20_000 },
    );
    // Nothing to do yet: the engine holds the poll.
    const waiting = await eventually('a long poll held by the engine', async () => runtime.observed.polls().find((poll) => !poll.settled));
    expect(waiting.body).toEqual({
      workerId: runtime.workerId,
      maxTasks: 3,
      usePriority: true,
      asyncResponseTimeout: 20_000,
      topics: [
        { topicName: Topic.alpha, lockDuration: 30_000, deserializeValues: false },
        { topicName: Topic.beta, lockDuration: 9_000, deserializeValues: false },
      ],
    });

    const instances = await Promise.all(Array.from({ length: 5 }, () => admin.startProcessInstance('runtime-topics', {})));
    for (const instance of instances) await admin.waitForProcessInstanceState(instance, 'COMPLETED');

    // The poll that was waiting before the instances existed brought their first tasks.
    expect(waiting.status).toBe(200);
    expect((waiting.answer as LockedExternalTask[]).length).toBeGreaterThan(0);
    expect(new Set(served[Topic.alpha]).size).toBe(5);
    expect(new Set(served[Topic.beta]).size).toBe(5);
    expect(runtime.observed.maxPollsInFlight).toBe(1);
    for (const poll of runtime.observed.polls()) {
      expect((poll.body as FetchAndLockRequest).maxTasks).toBeLessThanOrEqual(3);
      if (Array.isArray(poll.answer)) expect(poll.answer.length).toBeLessThanOrEqual((poll.body as FetchAndLockRequest).maxTasks);
    }
  });
});

describe('outcomes', () => {
  it('completes with variables where the activity maps no outputs, and with localVariables where camunda:outputParameter does', async () => {
    const jobs: Array<JobContext['job']> = [];
    const runtime = await startRuntime([
      testWorker(Topic.scopes, (_variables, job): JsonObject => {
        jobs.push(job);
        return job.elementId === 'Plain' ? { result: 'plain', plainExtra: 1 } : { result: 'mapped', mappedExtra: 2 };
      }),
    ]);
    const first = await admin.startProcessInstance('runtime-scopes', {});
    const second = await admin.startProcessInstance('runtime-scopes', {});
    await admin.waitForProcessInstanceState(first, 'COMPLETED');
    await admin.waitForProcessInstanceState(second, 'COMPLETED');

    // Plain's variables reached the process; of Mapped's only what its output parameter maps did.
    expect(await admin.processVariables(first)).toEqual({ result: 'plain', plainExtra: 1, mappedResult: 'mapped' });
    expect(await admin.processVariables(second)).toEqual({ result: 'plain', plainExtra: 1, mappedResult: 'mapped' });
    // Which activities map outputs comes from the deployed XML, read once per definition.
    expect(runtime.observed.exchanges.filter((exchange) => /^\/process-definition\/[^/]+\/xml$/.test(exchange.path))).toHaveLength(1);

    // The job identity workers see is the engine's.
    const plain = jobs.find((job) => job.processInstanceKey === first && job.elementId === 'Plain')!;
    const [created] = await admin.rest.request<Array<{ externalTaskId: string }>>('GET', '/history/external-task-log', undefined, {
      query: { processInstanceId: first, activityIdIn: 'Plain', creationLog: true },
    });
    const activity = (await admin.activityInstances(first)).find((instance) => instance.activityId === 'Plain');
    expect(plain).toMatchObject({
      key: created?.externalTaskId,
      type: Topic.scopes,
      processInstanceKey: first,
      bpmnProcessId: 'runtime-scopes',
      elementId: 'Plain',
      elementInstanceKey: activity?.id,
      retries: 3,
    });
    expect(runtime.log.lines.find((line) => line['msg'] === 'job completed' && line['taskId'] === plain.key)).toMatchObject({
      topic: Topic.scopes,
      processInstanceId: first,
      activityId: 'Plain',
      processDefinitionKey: 'runtime-scopes',
      workerId: runtime.workerId,
    });
  });

  it('hands a Json variable to workers as an object and stores a structured result as Json, which JUEL reads as a map', async () => {
    const seen = new Map<string, Readonly<Record<string, unknown>>>();
    await startRuntime([
      testWorker(Topic.json, (variables, job): JsonObject => {
        seen.set(job.elementId, variables);
        if (job.elementId === 'Plan') {
          const profile = variables['profile'] as { id: string };
          return { plan: { owner: profile.id, days: [1, 2], checks: { fire: true, note: null } } };
        }
        return { summary: `${String(variables['owner'])}:${(variables['days'] as number[]).join('+')}` };
      }),
    ]);
    const instance = await admin.startProcessInstance('runtime-json', { profile: { id: 'jiangxi', name: '江西省', leadDays: 2 } });
    await admin.waitForProcessInstanceState(instance, 'COMPLETED');

    expect(seen.get('Plan')?.['profile']).toEqual({ id: 'jiangxi', name: '江西省', leadDays: 2 });
    // ${plan.owner} and ${plan.days} in Use's input parameters.
    expect(seen.get('Use')).toMatchObject({ owner: 'jiangxi', days: [1, 2], plan: { owner: 'jiangxi', days: [1, 2], checks: { fire: true, note: null } } });
    expect(await admin.processVariables(instance)).toMatchObject({ plan: { owner: 'jiangxi', days: [1, 2], checks: { fire: true, note: null } }, summary: 'jiangxi:1+2' });
    const [stored] = await admin.rest.request<Array<{ type: string }>>('GET', '/history/variable-instance', undefined, {
      query: { processInstanceId: instance, variableName: 'plan', deserializeValues: false },
    });
    expect(stored?.type).toBe('Json');
  });

  it('throws a BPMN error that the boundary event catches, with its code, message and variables', async () => {
    await startRuntime([
      testWorker(Topic.check, () => {
        throw new BusinessError('test.runtime.rejected' as BpmnErrorCode, '材料不全，退回补正', { missing: ['现场照片'], reviewer: '巡查组' });
      }),
    ]);
    const instance = await admin.startProcessInstance('runtime-error', {});
    await admin.waitForProcessInstanceState(instance, 'COMPLETED');

    const completed = (await admin.activityInstances(instance)).filter((activity) => activity.state === 'COMPLETED').map((activity) => activity.activityId);
    expect(completed).toEqual(expect.arrayContaining(['Rejected', 'EndRejected']));
    expect(completed).not.toContain('EndAccepted');
    expect(await admin.processVariables(instance)).toMatchObject({
      rejectedCode: 'test.runtime.rejected',
      rejectedMessage: '材料不全，退回补正',
      missing: ['现场照片'],
      reviewer: '巡查组',
    });
    expect(await admin.incidentHistory(instance)).toEqual([]);
  });

  it('fails with one retry fewer each time, waits the back-off by the engine clock, then raises a failedExternalTask incident', async () => {
    const attempts: Array<{ retries: number; activatedAt: string }> = [];
    const failure = '邮件服务器拒绝连接 / the mail server refused the connection';
    const pinnedAt = Date.parse('2026-12-01T12:00:00.000Z');
    await clock.pin(new Date(pinnedAt));
    try {
      await startRuntime(
        [
          testWorker(
            Topic.fail,
            (_variables, job) => {
              attempts.push({ retries: job.retries, activatedAt: job.activatedAt });
              throw new Error(failure);
            },
            { retryBackOffMs: 60_000 },
          ),
        ],
        // The engine re-checks a held poll only when it times out; a frozen clock never lets one time out, so keep them short.
        { asyncResponseTimeoutMs: 1_000 },
      );
      const instance = await startSingle(Topic.fail);

      const afterFirst = await eventually('the first failure', async () => (await externalTasks({ processInstanceId: instance })).find((task) => task.retries === 2));
      expect(attempts).toEqual([{ retries: 3, activatedAt: new Date(pinnedAt).toISOString() }]);
      expect(afterFirst.errorMessage).toBe(`处理失败，将自动重试（剩余 2 次）/ processing failed, will retry automatically (2 retries left): ${failure}`);
      // Not to be fetched again before the back-off has passed on the engine's clock.
      expect(parseEngineDate(afterFirst.lockExpirationTime)).toBe(pinnedAt + 60_000);

      await clock.advance(60_000);
      const afterSecond = await eventually('the second failure', async () => (await externalTasks({ processInstanceId: instance })).find((task) => task.retries === 1));
      expect(attempts[1]).toEqual({ retries: 2, activatedAt: new Date(pinnedAt + 60_000).toISOString() });
      expect(parseEngineDate(afterSecond.lockExpirationTime)).toBe(pinnedAt + 120_000);

      await clock.advance(60_000);
      const [incident, ...others] = await admin.waitForIncidents(instance);
      expect(others).toEqual([]);
      expect(attempts.map((attempt) => attempt.retries)).toEqual([3, 2, 1]);
      expect(incident).toMatchObject({
        incidentType: 'failedExternalTask',
        activityId: 'Work',
        configuration: afterFirst.id,
        incidentMessage: `处理失败且重试次数已用完，请排除故障后在 Cockpit 中重试 / processing failed and retries are exhausted; fix the cause, then retry in Cockpit: ${failure}`,
      });
      expect(await errorDetails(afterFirst.id)).toBe(incident?.incidentMessage);
    } finally {
      await clock.reset();
    }
  });

  it('raises an incident at once for input no retry can fix, its message within the engine limit and the full text in the details', async () => {
    let attempts = 0;
    const problems = Array.from({ length: 40 }, (_, index) => `变量 field${index} 应为非空文本 / variable field${index} must be non-empty text`);
    await startRuntime([
      testWorker(Topic.invalid, () => {
        attempts += 1;
        throw new InvalidVariablesError(problems);
      }),
    ]);
    const instance = await startSingle(Topic.invalid);
    const [incident] = await admin.waitForIncidents(instance);
    expect(attempts).toBe(1);
    const message = incident!.incidentMessage!;
    expect(message.startsWith('输入变量无效，请在 Cockpit 中修正流程变量后重试 / invalid input variables')).toBe(true);
    expect([...message]).toHaveLength(666);
    expect(message.endsWith('…')).toBe(true);
    expect(await errorDetails(incident!.configuration!)).toBe(new InvalidVariablesError(problems).message);
  });

  it('drops the outcome of a task whose instance was cancelled while the worker ran', async () => {
    let calls = 0;
    const runtime = await startRuntime([
      testWorker(Topic.gone, async (_variables, job) => {
        calls += 1;
        await admin.cancelProcessInstance(job.processInstanceKey);
        return { late: true };
      }),
    ]);
    const instance = await startSingle(Topic.gone);
    await eventually('the dropped outcome', async () => (runtime.log.messages().includes('the task no longer exists; its outcome is dropped') ? true : undefined));
    expect(await admin.processInstance(instance)).toMatchObject({ state: 'CANCELED' });
    expect(calls).toBe(1);
    const [completion] = runtime.observed.exchanges.filter((exchange) => exchange.path.endsWith('/complete'));
    expect(completion).toMatchObject({ status: 404 });
    expect(runtime.observed.exchanges.filter((exchange) => exchange.path.endsWith('/failure'))).toEqual([]);
    expect(await admin.incidentHistory(instance)).toEqual([]);
  });
});

describe('locks', () => {
  it('extends the lock of a task that runs longer than its lock, so no other worker gets it', async () => {
    const slow = gate();
    const jobs: Array<JobContext['job']> = [];
    const lockDurationMs = 2_000;
    const runtime = await startRuntime([
      testWorker(
        Topic.slow,
        async (_variables, job) => {
          jobs.push(job);
          await slow.opened;
          return { slowDone: true };
        },
        { timeoutMs: lockDurationMs },
      ),
    ]);
    const instance = await startSingle(Topic.slow);
    const job = await eventually('the slow job to start', async () => jobs[0]);
    // A second worker polls the same topic often: it would get the task as soon as the lock ran out.
    let rivalCalls = 0;
    await startRuntime(
      [
        testWorker(Topic.slow, () => {
          rivalCalls += 1;
          return {};
        }),
      ],
      { asyncResponseTimeoutMs: 500 },
    );

    // Wait, by the engine's record, until the lock has been extended well past twice its duration.
    const activatedAt = Date.parse(job.activatedAt);
    await eventually(
      'the lock to be extended past twice its duration',
      async () => {
        const task = await externalTask(job.key);
        return parseEngineDate(task.lockExpirationTime) > activatedAt + 2 * lockDurationMs + 500 ? task : undefined;
      },
      30_000,
    );
    expect(await externalTask(job.key)).toMatchObject({ workerId: runtime.workerId });
    slow.open();
    await admin.waitForProcessInstanceState(instance, 'COMPLETED');

    expect(jobs).toHaveLength(1);
    expect(rivalCalls).toBe(0);
    const extensions = runtime.observed.exchanges.filter((exchange) => exchange.path === `/external-task/${job.key}/extendLock`);
    expect(extensions.length).toBeGreaterThanOrEqual(2);
    for (const extension of extensions) expect(extension).toMatchObject({ body: { workerId: runtime.workerId, newDuration: lockDurationMs }, status: 204 });
    expect(runtime.log.messages(40).filter((message) => message.startsWith('could not extend the lock'))).toEqual([]);
  });
});

describe('stopping', () => {
  it('lets the running task finish, hands back the fetched one that had not started, and reports drained', async () => {
    const release = gate();
    const begun: string[] = [];
    // Both tasks exist before the worker starts, so its first fetch, asking for the free slots of both
    // topics (1 + 4), brings both: one runs, the other waits for the slot.
    const instances = [await startSingle(Topic.gated), await startSingle(Topic.gated)];
    const runtime = await startRuntime([
      testWorker(
        Topic.gated,
        async (_variables, job) => {
          begun.push(job.key);
          await release.opened;
          return { gatedDone: true };
        },
        { maxJobsToActivate: 1 },
      ),
      testWorker(Topic.idle, () => ({}), { maxJobsToActivate: 4 }),
    ]);
    const locked = await eventually('both tasks locked by the worker', async () => {
      const tasks = await externalTasks({ topicName: Topic.gated, workerId: runtime.workerId, locked: 'true' });
      return tasks.length === 2 && begun.length === 1 ? tasks : undefined;
    });

    const stopping = runtime.stop(10_000);
    release.open();
    await expect(stopping).resolves.toEqual({ drained: true });

    const [runningTask] = begun;
    const waitingTask = locked.find((task) => task.id !== runningTask)!;
    const finished = locked.find((task) => task.id === runningTask)!;
    expect(await admin.waitForProcessInstanceState(finished.processInstanceId, 'COMPLETED')).toBeDefined();
    expect(await externalTask(waitingTask.id)).toMatchObject({ workerId: null, lockExpirationTime: null });
    expect(await admin.processInstance(waitingTask.processInstanceId)).toMatchObject({ state: 'ACTIVE' });
    expect(runtime.observed.to('POST', `/external-task/${waitingTask.id}/unlock`)).toMatchObject([{ status: 204 }]);
    expect(begun).toHaveLength(1);
    expect(instances).toContain(waitingTask.processInstanceId);
  });

  it('gives up at the deadline on a task still running, and reports not drained', async () => {
    const release = gate();
    let begun: JobContext['job'] | undefined;
    const runtime = await startRuntime([
      testWorker(Topic.hang, async (_variables, job) => {
        begun = job;
        await release.opened;
        return {};
      }),
    ]);
    const instance = await startSingle(Topic.hang);
    await eventually('the job to start', async () => begun);
    await expect(runtime.stop(200)).resolves.toEqual({ drained: false });
    expect(runtime.log.messages(40).some((message) => message.startsWith('tasks did not finish in time'))).toBe(true);
    // Still locked to the stopped worker: the engine hands the task out again when the lock expires.
    expect(await externalTask(begun!.key)).toMatchObject({ workerId: runtime.workerId });
    await admin.cancelProcessInstance(instance);
    release.open();
  });

  it('ends its long poll through the engine when stopping, leaving no poll behind to lock new tasks', async () => {
    const runtime = await startRuntime([testWorker(Topic.poll, () => ({}))], { asyncResponseTimeoutMs: 20_000 });
    const waiting = await eventually('a long poll held by the engine', async () => runtime.observed.polls().find((poll) => !poll.settled));
    await expect(runtime.stop(10_000)).resolves.toEqual({ drained: true });

    // The engine cancelled the held poll (503) when the same worker id polled again for 1 ms; the worker did not just drop it.
    expect(waiting).toMatchObject({ settled: true, dropped: false, status: 503 });
    expect(runtime.observed.to('POST', '/external-task/fetchAndLock').map((exchange) => exchange.body)).toContainEqual(
      expect.objectContaining({ workerId: runtime.workerId, maxTasks: 0, asyncResponseTimeout: 1 }),
    );
    // A task created now is free for any other worker.
    const instance = await startSingle(Topic.poll);
    await eventually('the task of the new instance', async () => (await externalTasks({ processInstanceId: instance }))[0]);
    const fetched = await workerClient(config).fetchAndLock({ workerId: 'runtime-tests-other', maxTasks: 1, topics: [{ topicName: Topic.poll, lockDuration: 10_000 }] });
    expect(fetched.map((task) => task.processInstanceId)).toEqual([instance]);
  });

  it('stops one topic while the others go on; a task the pending poll still brings for it is handed back', async () => {
    const served: string[] = [];
    const runtime = await startRuntime(
      [
        testWorker(Topic.stopA, (_variables, job) => {
          served.push(`a:${job.key}`);
          return {};
        }),
        testWorker(Topic.stopB, (_variables, job) => {
          served.push(`b:${job.key}`);
          return {};
        }),
      ],
      { asyncResponseTimeoutMs: 20_000 },
    );
    await eventually('a long poll held by the engine', async () => runtime.observed.polls().find((poll) => !poll.settled));
    const topicA = runtime.running.handles.find((handle) => handle.jobType === Topic.stopA)!;
    await expect(topicA.stop(5_000)).resolves.toEqual({ drained: true });
    const stoppedAt = runtime.observed.exchanges.length;

    // The poll held since before the stop asks for both topics: the engine locks the new task of A for it.
    const instanceA = await startSingle(Topic.stopA);
    const taskA = await eventually('the task of topic A to be handed back', async () => {
      const [task] = await externalTasks({ processInstanceId: instanceA });
      return task && runtime.observed.to('POST', `/external-task/${task.id}/unlock`).some((exchange) => exchange.status === 204) ? task : undefined;
    });
    expect(await externalTask(taskA.id)).toMatchObject({ workerId: null, lockExpirationTime: null });

    const instanceB = await startSingle(Topic.stopB);
    await admin.waitForProcessInstanceState(instanceB, 'COMPLETED');
    expect(served.filter((entry) => entry.startsWith('a:'))).toEqual([]);
    expect(served.filter((entry) => entry.startsWith('b:'))).toHaveLength(1);
    const laterPolls = runtime.observed.exchanges.slice(stoppedAt).filter((exchange) => exchange.path === '/external-task/fetchAndLock');
    expect(laterPolls.length).toBeGreaterThan(0);
    for (const poll of laterPolls) expect((poll.body as FetchAndLockRequest).topics.map((topic) => topic.topicName)).toEqual([Topic.stopB]);
    expect(await admin.processInstance(instanceA)).toMatchObject({ state: 'ACTIVE' });
  });
});

describe('engine trouble', () => {
  it('backs off while the engine refuses the login, says so once, and carries on once the account exists', async () => {
    // A login the engine does not know (a wrong password would lock a real account for a moment).
    const login = { username: 'runtime-tests-late-account', password: 'runtime-tests-secret' };
    const grants = serviceAccountRules(login.username);
    const runtime = await startRuntime([testWorker(Topic.login, () => ({ loginDone: true }))], { login, backOff: { initialMs: 100, maxMs: 400 } });
    try {
      await eventually('three refused fetches', async () => (runtime.observed.polls().filter((poll) => poll.status === 401).length >= 3 ? true : undefined));
      const before = runtime.observed.polls().length;
      await sleep(2_000);
      const during = runtime.observed.polls().length - before;
      // 400 ms apart once backed off: about five in two seconds; a tight loop would send hundreds.
      expect(during).toBeGreaterThanOrEqual(1);
      expect(during).toBeLessThanOrEqual(20);
      expect(runtime.observed.polls().every((poll) => poll.status === 401 || !poll.settled)).toBe(true);
      const reported = runtime.log.lines.filter((line) => line['level'] === 50);
      expect(reported).toHaveLength(1);
      expect(reported[0]).toMatchObject({ kind: 'unauthorized' });
      expect(String(reported[0]?.['msg'])).toContain(`以用户 ${login.username} 登录失败`);
      expect(String(reported[0]?.['msg'])).toContain(`authentication as ${login.username} failed`);

      // An administrator creates the account with the service account's group and authorizations.
      await admin.rest.request('POST', '/user/create', {
        profile: { id: login.username, firstName: '运行时', lastName: '测试', email: 'runtime-tests@example.gov.cn' },
        credentials: { password: login.password },
      });
      await admin.rest.request('PUT', `/group/${SERVICE_ACCOUNT_GROUP}/members/${login.username}`);
      for (const grant of grants) {
        await admin.rest.request('POST', '/authorization/create', { type: 1, userId: grant.userId, resourceType: grant.resourceType, resourceId: grant.resourceId, permissions: grant.permissions });
      }
      const instance = await startSingle(Topic.login);
      await admin.waitForProcessInstanceState(instance, 'COMPLETED');
      expect(runtime.log.messages(30)).toContain('fetching external tasks works again');
    } finally {
      await runtime.stop(5_000);
      const authorizations = await admin.rest.request<Array<{ id: string }>>('GET', '/authorization', undefined, { query: { userIdIn: login.username } });
      for (const authorization of authorizations) await admin.rest.request('DELETE', `/authorization/${authorization.id}`);
      await admin.rest.request('DELETE', `/user/${login.username}`).catch(() => undefined);
    }
  });
});

describe('EngineRestClient against the engine', () => {
  it("says in both languages what failed, with the engine's error type and message, the status and the path", async () => {
    const missing = await rejection(admin.rest.processDefinitionXml('runtime-tests-no-such-definition'));
    expect(missing).toMatchObject({
      status: 404,
      type: 'InvalidRequestException',
      engineMessage: 'No matching definition with id runtime-tests-no-such-definition',
      method: 'GET',
      path: '/process-definition/runtime-tests-no-such-definition/xml',
    });
    expect(missing.message).toBe(
      '引擎请求失败：对象不存在（可能已完成或已取消） / engine request failed: not found (it may have been completed or cancelled) ' +
        '(GET /process-definition/runtime-tests-no-such-definition/xml → HTTP 404): InvalidRequestException: No matching definition with id runtime-tests-no-such-definition',
    );

    const gone = await rejection(workerClient(config).complete('runtime-tests-no-such-task', 'runtime-tests'));
    expect(gone).toMatchObject({ status: 404, type: 'RestException', engineMessage: 'External task with id runtime-tests-no-such-task does not exist' });

    const nobodyWaits = await rejection(admin.rest.correlateMessage({ messageName: 'runtime-tests-nobody-waits' }));
    expect(nobodyWaits).toMatchObject({ status: 400, type: 'RestException' });
    expect(nobodyWaits.message).toContain('引擎请求失败：请求被引擎拒绝 / engine request failed: the engine rejected the request (POST /message → HTTP 400)');
    expect(nobodyWaits.message).toContain("MismatchingMessageCorrelationException: Cannot correlate message 'runtime-tests-nobody-waits'");

    const notAllowed = await rejection(
      workerClient(config).createDeployment({ ...RUNTIME_DEPLOYMENT, deployChangedOnly: true, files: [{ name: 'runtime-single.bpmn', content: '<bpmn:definitions/>' }] }),
    );
    expect(notAllowed).toMatchObject({ status: 403, type: 'AuthorizationException', path: '/deployment/create' });
    expect(notAllowed.message).toContain('用户 anquan-worker 无权执行此操作 / engine request failed: user anquan-worker is not authorized to do this');
    expect(notAllowed.message).toContain("does not have 'CREATE' permission on resource 'Deployment'");

    // The authentication filter answers 401 without a body.
    const unknown = await rejection(admin.rest.as('runtime-tests-nobody', 'not-a-password').version());
    expect(unknown).toMatchObject({ status: 401, path: '/version' });
    expect(unknown.type).toBeUndefined();
    expect(unknown.message).toMatch(/^引擎请求失败：以用户 runtime-tests-nobody 登录失败.* \/ engine request failed: authentication as runtime-tests-nobody failed/);
  });

  it('reads JSON, resolves 204 to undefined, and speaks as another login with as()', async () => {
    await expect(admin.rest.version()).resolves.toMatch(/^1\.0\.3/);
    await expect(admin.rest.broadcastSignal({ name: 'runtime-tests-nobody-listens' })).resolves.toBeUndefined();
    const asWorker = admin.rest.as(config.engine.username, config.engine.password);
    expect(asWorker.baseUrl).toBe(admin.rest.baseUrl);
    expect(asWorker.username).toBe('anquan-worker');
    // The service account reads definitions (PROCESS_DEFINITION READ on *), as the runtime does for their XML.
    await expect(asWorker.request('GET', '/process-definition', undefined, { query: { key: 'runtime-single' } })).resolves.toEqual([
      expect.objectContaining({ key: 'runtime-single', version: 1 }),
    ]);
  });
});
