/**
 * The parts of the external-task runtime that need no engine: a fetched task
 * (a literal LockedExternalTaskDto) as the ActivatedJob workers see and the REST
 * calls its outcomes become, the activation time, the incident message limit,
 * the back-off arithmetic, how the next fetch is planned, worker ids, and the
 * fetch loop's own decisions when a call answers with a literal result.
 *
 * What the engine does with all this (long polling, locks and their extension,
 * retries and incidents, completion scopes, graceful stop, 401s) is tested
 * against the test engine in test/integration/workers/engine/external-task-runtime.test.ts.
 */
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_TASK_RETRIES,
  MAX_ERROR_MESSAGE_LENGTH,
  activationTime,
  shortErrorMessage,
  toActivatedJob,
  type JobAdapterContext,
} from '../../../../workers/engine/external-task-job.ts';
import {
  DEFAULT_BACK_OFF,
  ExternalTaskRunner,
  backOffDelay,
  claimWorkerId,
  planFetch,
  releaseWorkerId,
  taskLogFields,
  type ExternalTaskRunnerOptions,
  type FetchLoopObserver,
} from '../../../../workers/engine/external-task-runner.ts';
import { EngineRestError, EngineUnreachableError } from '../../../../workers/engine/rest-client.ts';
import type { FetchAndLockRequest, LockedExternalTask } from '../../../../workers/engine/rest-types.ts';
import { EngineVariableError } from '../../../../workers/engine/variables.ts';
import { capturingLogger } from '../../../support/capturing-logger.ts';


/** A fetched task as the engine's REST API sends it (LockedExternalTaskDto), fetched at 09:00 Beijing time with a one-minute lock. */
const TASK: LockedExternalTask = {
  id: 'ext-task-1',
  topicName: 'anquan.deadline.plan',
  workerId: 'worker-1',
  lockExpirationTime: '2026-12-01T09:01:00.000+0800',
  retries: null,
  errorMessage: null,
  processInstanceId: 'pi-1',
  processDefinitionId: 'safety-patrol:3:d-1',
  processDefinitionKey: 'safety-patrol',
  activityId: 'PlanReportDeadline',
  activityInstanceId: 'PlanReportDeadline:ai-1',
  executionId: 'ex-1',
  businessKey: null,
  tenantId: null,
  priority: 0,
  variables: {
    startDate: { type: 'String', value: '2026-03-02' },
    profile: { type: 'Json', value: '{"id":"jiangxi","deadline":{"reminderLeadWorkingDays":2}}' },
    approvedAt: { type: 'Date', value: '2026-03-02T09:00:00.000+0800' },
    rounds: { type: 'Integer', value: 2 },
  },
};

type OutcomeCall = { readonly action: 'complete' | 'bpmnError' | 'failure'; readonly taskId: string; readonly workerId: string; readonly input: unknown };

/**
 * Our client seam with one literal answer per call: undefined (the engine's 204)
 * unless the test queued an error for that call.
 */
function recordingClient(answers: Array<Error | undefined> = []) {
  const calls: OutcomeCall[] = [];
  const answer = (call: OutcomeCall) => {
    calls.push(call);
    const next = answers.shift();
    return next ? Promise.reject(next) : Promise.resolve();
  };
  return {
    calls,
    client: {
      complete: (taskId: string, workerId: string, input: unknown) => answer({ action: 'complete', taskId, workerId, input }),
      handleBpmnError: (taskId: string, workerId: string, input: unknown) => answer({ action: 'bpmnError', taskId, workerId, input }),
      handleFailure: (taskId: string, workerId: string, input: unknown) => answer({ action: 'failure', taskId, workerId, input }),
    } as JobAdapterContext['client'],
  };
}

function context(client: JobAdapterContext['client'], options: { outputs?: boolean; logger?: pino.Logger } = {}) {
  const asked: Array<[string, string]> = [];
  const adapter: JobAdapterContext = {
    client,
    workerId: 'worker-1',
    lockDurationMs: 60_000,
    outputParameters: {
      hasOutputParameters: async (processDefinitionId, activityId) => {
        asked.push([processDefinitionId, activityId]);
        return options.outputs ?? false;
      },
    },
    logger: options.logger ?? pino({ level: 'silent' }),
    reportRetryDelaysMs: [0, 0],
  };
  return { adapter, asked };
}

const notFound = () => new EngineRestError({ status: 404, method: 'POST', path: '/external-task/ext-task-1/complete', username: 'anquan-worker', body: { type: 'RestException', message: 'External task with id ext-task-1 does not exist' } });
const unavailable = () => new EngineRestError({ status: 503, method: 'POST', path: '/external-task/ext-task-1/complete', username: 'anquan-worker' });
const refused = () => new EngineRestError({ status: 400, method: 'POST', path: '/external-task/ext-task-1/complete', username: 'anquan-worker', body: { type: 'BadUserRequestException', message: 'cannot be completed by worker x' } });

afterEach(() => {
  vi.useRealTimers();
});

describe('activationTime', () => {
  it('is the lock expiry less the lock duration, by the engine clock', () => {
    expect(activationTime({ lockExpirationTime: '2026-12-01T09:01:00.000+0800' }, 60_000)).toBe('2026-12-01T01:00:00.000Z');
    expect(activationTime({ lockExpirationTime: '2026-12-01T01:00:05.250+0000' }, 5_250)).toBe('2026-12-01T01:00:00.000Z');
  });

  it('falls back to the local clock when the engine sent no readable expiry', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-01T03:00:00.000Z'), toFake: ['Date'] });
    expect(activationTime({ lockExpirationTime: 'not a date' }, 60_000)).toBe('2026-12-01T03:00:00.000Z');
  });
});

describe('shortErrorMessage', () => {
  it('keeps a message the engine stores whole', () => {
    const fits = '处'.repeat(MAX_ERROR_MESSAGE_LENGTH);
    expect(shortErrorMessage(fits)).toBe(fits);
  });

  it('cuts a longer one to the limit with an ellipsis, never inside a character', () => {
    const long = `${'a'.repeat(MAX_ERROR_MESSAGE_LENGTH - 2)}𠀀𠀀𠀀`;
    const short = shortErrorMessage(long);
    expect([...short]).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
    expect(short).toBe(`${'a'.repeat(MAX_ERROR_MESSAGE_LENGTH - 2)}𠀀…`);
  });
});

describe('toActivatedJob', () => {
  it('maps the task to the job identity workers use and decodes its variables', () => {
    const job = toActivatedJob(TASK, context(recordingClient().client).adapter);
    expect(job).toMatchObject({
      key: 'ext-task-1',
      type: 'anquan.deadline.plan',
      processInstanceKey: 'pi-1',
      bpmnProcessId: 'safety-patrol',
      elementId: 'PlanReportDeadline',
      elementInstanceKey: 'PlanReportDeadline:ai-1',
      retries: DEFAULT_TASK_RETRIES,
      activatedAt: '2026-12-01T01:00:00.000Z',
    });
    expect(job.variables).toEqual({
      startDate: '2026-03-02',
      profile: { id: 'jiangxi', deadline: { reminderLeadWorkingDays: 2 } },
      approvedAt: '2026-03-02T09:00:00.000+08:00',
      rounds: 2,
    });
    expect(toActivatedJob({ ...TASK, retries: 1 }, context(recordingClient().client).adapter).retries).toBe(1);
    expect(toActivatedJob({ ...TASK, variables: null }, context(recordingClient().client).adapter).variables).toEqual({});
  });

  it('refuses a task with a variable nobody can read, naming it', () => {
    const broken = { ...TASK, variables: { finding: { type: 'Json', value: '{broken' } } };
    expect(() => toActivatedJob(broken, context(recordingClient().client).adapter)).toThrow(EngineVariableError);
    expect(() => toActivatedJob(broken, context(recordingClient().client).adapter)).toThrow(/variable finding is typed as JSON/);
  });

  it('completes with variables when the activity maps no outputs, with localVariables when it does', async () => {
    const plain = recordingClient();
    const withoutOutputs = context(plain.client, { outputs: false });
    await toActivatedJob(TASK, withoutOutputs.adapter).complete({ due: '2026-03-20', steps: [1, 2] });
    expect(withoutOutputs.asked).toEqual([['safety-patrol:3:d-1', 'PlanReportDeadline']]);
    expect(plain.calls).toEqual([{ action: 'complete', taskId: 'ext-task-1', workerId: 'worker-1', input: { variables: { due: '2026-03-20', steps: [1, 2] } } }]);

    const mapped = recordingClient();
    await toActivatedJob(TASK, context(mapped.client, { outputs: true }).adapter).complete({ due: '2026-03-20' });
    expect(mapped.calls).toEqual([{ action: 'complete', taskId: 'ext-task-1', workerId: 'worker-1', input: { localVariables: { due: '2026-03-20' } } }]);
  });

  it('throws a BPMN error with its code, message and variables', async () => {
    const recorded = recordingClient();
    await toActivatedJob(TASK, context(recorded.client).adapter).error({ errorCode: 'ANQUAN_CALENDAR_NOT_PUBLISHED', errorMessage: '2031 年的节假日安排尚未公布', variables: { requestedYear: 2031 } });
    expect(recorded.calls).toEqual([
      {
        action: 'bpmnError',
        taskId: 'ext-task-1',
        workerId: 'worker-1',
        input: { errorCode: 'ANQUAN_CALENDAR_NOT_PUBLISHED', errorMessage: '2031 年的节假日安排尚未公布', variables: { requestedYear: 2031 } },
      },
    ]);
  });

  it('fails with whole retries and back-off, the message within the engine limit and the full text in the details', async () => {
    const recorded = recordingClient();
    const message = `处理失败 / failed: ${'x'.repeat(1_000)}`;
    await toActivatedJob(TASK, context(recorded.client).adapter).fail({ errorMessage: message, retries: 1.7, retryBackOff: 10_000.5 });
    await toActivatedJob(TASK, context(recorded.client).adapter).fail({ errorMessage: 'short', retries: -1, retryBackOff: -5 });
    const [long, negative] = recorded.calls.map((call) => call.input as { errorMessage: string; errorDetails: string; retries: number; retryTimeout: number });
    expect([...long!.errorMessage]).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
    expect(long!.errorMessage.endsWith('…')).toBe(true);
    expect(long).toMatchObject({ errorDetails: message, retries: 1, retryTimeout: 10_000 });
    expect(negative).toEqual({ errorMessage: 'short', errorDetails: 'short', retries: 0, retryTimeout: 0 });
  });

  it('drops the outcome of a task that is gone (404), and says so', async () => {
    const log = capturingLogger();
    const recorded = recordingClient([notFound()]);
    await expect(toActivatedJob(TASK, context(recorded.client, { logger: log.logger }).adapter).complete({})).resolves.toBeUndefined();
    expect(recorded.calls).toHaveLength(1);
    expect(log.lines.find((line) => line['msg'] === 'the task no longer exists; its outcome is dropped')).toMatchObject({
      action: 'complete',
      ...taskLogFields(TASK),
    });
  });

  it('sends an outcome again while the engine is briefly unavailable, and gives up after the last pause', async () => {
    const recovered = recordingClient([unavailable(), new EngineUnreachableError({ method: 'POST', path: '/x', baseUrl: 'http://engine', cause: new Error('ECONNRESET') })]);
    await toActivatedJob(TASK, context(recovered.client).adapter).complete({});
    expect(recovered.calls.map((call) => call.action)).toEqual(['complete', 'complete', 'complete']);

    const down = recordingClient([unavailable(), unavailable(), unavailable()]);
    await expect(toActivatedJob(TASK, context(down.client).adapter).complete({})).rejects.toMatchObject({ status: 503 });
    expect(down.calls).toHaveLength(3);
  });

  it('does not repeat an outcome the engine refused', async () => {
    const recorded = recordingClient([refused()]);
    await expect(toActivatedJob(TASK, context(recorded.client).adapter).complete({})).rejects.toMatchObject({ status: 400 });
    expect(recorded.calls).toHaveLength(1);
  });
});

describe('taskLogFields', () => {
  it('names what leads from a log line to the task in Cockpit', () => {
    expect(taskLogFields(TASK)).toEqual({
      topic: 'anquan.deadline.plan',
      taskId: 'ext-task-1',
      processInstanceId: 'pi-1',
      activityId: 'PlanReportDeadline',
      processDefinitionKey: 'safety-patrol',
    });
  });
});

describe('backOffDelay', () => {
  it('doubles from the first pause up to the cap', () => {
    const backOff = { initialMs: 500, maxMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((failures) => backOffDelay(backOff, failures))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(backOffDelay(backOff, 0)).toBe(500);
    expect(DEFAULT_BACK_OFF).toEqual({ initialMs: 500, maxMs: 30_000 });
  });
});

describe('planFetch', () => {
  const topic = (topicName: string, maxConcurrent: number, held = 0, stopped = false) => ({
    subscription: { topicName, lockDurationMs: maxConcurrent * 1_000, maxConcurrent },
    held,
    stopped,
  });

  it('asks for every topic in one request, each with its lock, for what is free overall and per topic, all variables as text', () => {
    expect(planFetch([topic('a', 4), topic('b', 2)], { maxTasks: 16, held: 0, asyncResponseTimeoutMs: 20_000 })).toEqual({
      maxTasks: 6,
      asyncResponseTimeout: 20_000,
      topics: [
        { topicName: 'a', lockDuration: 4_000, deserializeValues: false },
        { topicName: 'b', lockDuration: 2_000, deserializeValues: false },
      ],
    });
    expect(planFetch([topic('a', 4), topic('b', 2)], { maxTasks: 8, held: 5, asyncResponseTimeoutMs: 20_000 })?.maxTasks).toBe(3);
  });

  it('holds back a topic at its limit and polls briefly, so it rejoins soon after a slot frees up', () => {
    const plan = planFetch([topic('a', 1, 1), topic('b', 2, 1)], { maxTasks: 10, held: 2, asyncResponseTimeoutMs: 20_000 });
    expect(plan).toMatchObject({ maxTasks: 1, asyncResponseTimeout: 1_000 });
    expect(plan?.topics.map((entry) => entry.topicName)).toEqual(['b']);
    expect(planFetch([topic('a', 1, 1), topic('b', 2)], { maxTasks: 10, held: 1, asyncResponseTimeoutMs: 300 })?.asyncResponseTimeout).toBe(300);
  });

  it('leaves a stopped topic out without shortening the poll', () => {
    const plan = planFetch([topic('a', 1, 0, true), topic('b', 2)], { maxTasks: 10, held: 0, asyncResponseTimeoutMs: 20_000 });
    expect(plan).toMatchObject({ maxTasks: 2, asyncResponseTimeout: 20_000 });
    expect(plan?.topics.map((entry) => entry.topicName)).toEqual(['b']);
  });

  it('fetches nothing while every topic is stopped or full, or the worker holds its maximum', () => {
    expect(planFetch([topic('a', 1, 1), topic('b', 2, 2)], { maxTasks: 10, held: 3, asyncResponseTimeoutMs: 20_000 })).toBeUndefined();
    expect(planFetch([topic('a', 1, 0, true)], { maxTasks: 10, held: 0, asyncResponseTimeoutMs: 20_000 })).toBeUndefined();
    expect(planFetch([topic('a', 4, 2)], { maxTasks: 2, held: 2, asyncResponseTimeoutMs: 20_000 })).toBeUndefined();
  });
});

describe('claimWorkerId', () => {
  it('gives a second fetch loop in the same process its own worker id, and takes ids back', () => {
    const ids = [claimWorkerId('unit-claim'), claimWorkerId('unit-claim'), claimWorkerId('unit-claim')];
    expect(ids).toEqual(['unit-claim', 'unit-claim-2', 'unit-claim-3']);
    releaseWorkerId('unit-claim-2');
    expect(claimWorkerId('unit-claim')).toBe('unit-claim-2');
    for (const id of ids) releaseWorkerId(id);
    expect(claimWorkerId('unit-claim')).toBe('unit-claim');
    releaseWorkerId('unit-claim');
  });
});

/**
 * The fetch loop with our client seam answering each call with a literal
 * result the test chooses, for the decisions the loop takes on its own.
 */
describe('ExternalTaskRunner', () => {
  type Fetch = ExternalTaskRunnerOptions['client']['fetchAndLock'];

  function runner(fetchAndLock: Fetch, log: ReturnType<typeof capturingLogger>, handled: string[] = [], unlocked: string[] = []) {
    return new ExternalTaskRunner({
      client: {
        fetchAndLock,
        extendLock: async () => undefined,
        unlock: async (taskId: string) => {
          unlocked.push(taskId);
        },
      },
      workerId: 'worker-1',
      asyncResponseTimeoutMs: 20_000,
      maxTasks: 4,
      logger: log.logger,
      backOff: { initialMs: 1, maxMs: 2 },
      subscriptions: [
        {
          topicName: TASK.topicName,
          lockDurationMs: 60_000,
          maxConcurrent: 2,
          handle: async (task) => {
            handled.push(task.id);
          },
        },
      ],
    });
  }

  /** A call that never answers until the runner drops it. */
  function unanswered(init?: { signal?: AbortSignal }): Promise<LockedExternalTask[]> {
    return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
  }

  it('refuses a topic subscribed twice', () => {
    const subscription = { topicName: 'a', lockDurationMs: 1_000, maxConcurrent: 1, handle: async () => undefined };
    expect(
      () =>
        new ExternalTaskRunner({
          client: { fetchAndLock: async () => [], extendLock: async () => undefined, unlock: async () => undefined },
          workerId: 'w',
          asyncResponseTimeoutMs: 1_000,
          maxTasks: 1,
          logger: pino({ level: 'silent' }),
          subscriptions: [subscription, subscription],
        }),
    ).toThrow(/主题重复订阅 \/ topic subscribed twice: a/);
  });

  it('logs a failing fetch once per kind while it repeats, again when the kind changes, and once more when it works again', async () => {
    const log = capturingLogger();
    const failures: Error[] = [
      new EngineRestError({ status: 500, method: 'POST', path: '/external-task/fetchAndLock', username: 'anquan-worker', body: { type: 'NullPointerException', message: 'boom' } }),
      new EngineRestError({ status: 500, method: 'POST', path: '/external-task/fetchAndLock', username: 'anquan-worker' }),
      new EngineRestError({ status: 401, method: 'POST', path: '/external-task/fetchAndLock', username: 'anquan-worker' }),
      new EngineRestError({ status: 401, method: 'POST', path: '/external-task/fetchAndLock', username: 'anquan-worker' }),
    ];
    let answered = 0;
    const fetchAndLock: Fetch = async (request, init) => {
      if (request.maxTasks === 0) return [];
      const failure = failures.shift();
      if (failure) throw failure;
      answered += 1;
      return answered === 1 ? [] : unanswered(init);
    };
    const loop = runner(fetchAndLock, log);
    loop.start();
    await vi.waitFor(() => expect(answered).toBe(2));
    await loop.stop(50);
    const errors = log.lines.filter((line) => line['level'] === 50);
    expect(errors.map((line) => line['kind'])).toEqual(['engine-error', 'unauthorized']);
    expect(errors.map((line) => line['consecutiveFailures'])).toEqual([1, 3]);
    expect(String(errors[1]?.['msg'])).toContain('authentication as anquan-worker failed');
    expect(log.lines.find((line) => line['msg'] === 'fetching external tasks works again')).toMatchObject({ failedAttempts: 4 });
  });

  it('drops a long poll the engine does not end only at the deadline, and says what that means', async () => {
    const log = capturingLogger();
    const requests: FetchAndLockRequest[] = [];
    let dropped = false;
    // An engine without unique worker requests: the 1 ms eviction poll returns empty and the pending one goes on.
    const fetchAndLock: Fetch = async (request, init) => {
      requests.push(request);
      if (request.maxTasks === 0) return [];
      return unanswered(init).catch((error: unknown) => {
        dropped = true;
        throw error;
      });
    };
    const loop = runner(fetchAndLock, log);
    loop.start();
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    await expect(loop.stop(50)).resolves.toEqual({ drained: true });
    expect(requests[1]).toMatchObject({ workerId: 'worker-1', maxTasks: 0, asyncResponseTimeout: 1 });
    expect(dropped).toBe(true);
    expect(log.lines.some((line) => String(line['msg']).startsWith('the long poll did not end before the deadline'))).toBe(true);
  });

  it('hands back, unworked, a task the last poll brings after stopping began', async () => {
    const log = capturingLogger();
    const handled: string[] = [];
    const unlocked: string[] = [];
    let bring: ((tasks: LockedExternalTask[]) => void) | undefined;
    const fetchAndLock: Fetch = async (request) => {
      if (request.maxTasks === 0) return [];
      return new Promise<LockedExternalTask[]>((resolve) => {
        bring = resolve;
      });
    };
    const loop = runner(fetchAndLock, log, handled, unlocked);
    loop.start();
    await vi.waitFor(() => expect(bring).toBeDefined());
    const stopped = loop.stop(5_000);
    bring!([TASK]);
    await expect(stopped).resolves.toEqual({ drained: true });
    expect(handled).toEqual([]);
    expect(unlocked).toEqual([TASK.id]);
  });
});

/**
 * What the fetch loop tells its observer (the metrics) and its status (the
 * readiness check), with our client seam answering each call.
 */
describe('ExternalTaskRunner status and observer', () => {
  type Fetch = ExternalTaskRunnerOptions['client']['fetchAndLock'];

  function recordingObserver() {
    const events: string[] = [];
    const observer: FetchLoopObserver = {
      fetchSucceeded: (tasks) => events.push(`fetched ${tasks.map((task) => task.id).join(',')}`),
      fetchFailed: (kind) => events.push(`failed ${kind}`),
      taskHeld: (topic) => events.push(`held ${topic}`),
      taskReleased: (topic) => events.push(`released ${topic}`),
      lockExtended: (topic) => events.push(`extended ${topic}`),
      lockExtensionFailed: (topic) => events.push(`extension failed ${topic}`),
    };
    return { events, observer };
  }

  function runner(options: {
    fetchAndLock: Fetch;
    observer: FetchLoopObserver;
    extendLock?: ExternalTaskRunnerOptions['client']['extendLock'];
    lockDurationMs?: number;
    handle?: (task: LockedExternalTask) => Promise<void>;
  }) {
    return new ExternalTaskRunner({
      client: { fetchAndLock: options.fetchAndLock, extendLock: options.extendLock ?? (async () => undefined), unlock: async () => undefined },
      workerId: 'worker-status',
      asyncResponseTimeoutMs: 20_000,
      maxTasks: 4,
      logger: pino({ level: 'silent' }),
      backOff: { initialMs: 1, maxMs: 2 },
      observer: options.observer,
      subscriptions: [
        { topicName: TASK.topicName, lockDurationMs: options.lockDurationMs ?? 60_000, maxConcurrent: 2, handle: options.handle ?? (async () => undefined) },
      ],
    });
  }

  it('reports not started, then failures by kind, then the success that ends them, then stopping', async () => {
    const { events, observer } = recordingObserver();
    const answers: Array<() => Promise<LockedExternalTask[]>> = [
      () => Promise.reject(new EngineUnreachableError({ method: 'POST', path: '/external-task/fetchAndLock', baseUrl: 'http://engine', cause: new Error('ECONNREFUSED') })),
      () => Promise.reject(new EngineRestError({ status: 401, method: 'POST', path: '/external-task/fetchAndLock', username: 'anquan-worker' })),
    ];
    let release: ((tasks: LockedExternalTask[]) => void) | undefined;
    const fetchAndLock: Fetch = async (request) => {
      if (request.maxTasks === 0) {
        release?.([]);
        return [];
      }
      const next = answers.shift();
      if (next) return next();
      return new Promise<LockedExternalTask[]>((resolve) => {
        release = resolve;
      });
    };
    const loop = runner({ fetchAndLock, observer });
    expect(loop.status()).toMatchObject({ phase: 'not-started', lastSuccessAt: undefined, consecutiveFailures: 0, pollStartedAt: undefined, asyncResponseTimeoutMs: 20_000 });

    const before = Date.now();
    loop.start();
    await vi.waitFor(() => expect(release).toBeDefined());
    // Two failures, and a third poll now waiting for the engine.
    expect(events).toEqual(['failed unreachable', 'failed unauthorized']);
    const waiting = loop.status();
    expect(waiting).toMatchObject({ phase: 'running', lastSuccessAt: undefined, consecutiveFailures: 2, lastFailureKind: 'unauthorized' });
    expect(waiting.pollStartedAt).toBeGreaterThanOrEqual(before);

    release!([]);
    await vi.waitFor(() => expect(loop.status().consecutiveFailures).toBe(0));
    const recovered = loop.status();
    expect(recovered.lastFailureKind).toBeUndefined();
    expect(recovered.lastSuccessAt).toBeGreaterThanOrEqual(before);
    expect(events).toEqual(['failed unreachable', 'failed unauthorized', 'fetched ']);

    const stopping = loop.stop(1_000);
    expect(loop.status().phase).toBe('stopping');
    await stopping;
    expect(loop.status()).toMatchObject({ phase: 'stopping', pollStartedAt: undefined });
  });

  it('tells each fetched task held and released, and each lock extension made or lost', async () => {
    const { events, observer } = recordingObserver();
    let delivered = false;
    let endPoll: ((tasks: LockedExternalTask[]) => void) | undefined;
    // An engine with unique worker requests: the stop-time eviction ends the pending poll.
    const fetchAndLock: Fetch = async (request) => {
      if (request.maxTasks === 0) {
        endPoll?.([]);
        return [];
      }
      if (!delivered) {
        delivered = true;
        return [TASK, { ...TASK, id: 'ext-task-2' }];
      }
      return new Promise<LockedExternalTask[]>((resolve) => {
        endPoll = resolve;
      });
    };
    const extensions: string[] = [];
    let finish: (() => void) | undefined;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const loop = runner({
      fetchAndLock,
      observer,
      lockDurationMs: 40,
      // The first task's lock is extended; the second was completed elsewhere and its extension is refused.
      extendLock: async (taskId) => {
        extensions.push(taskId);
        if (taskId === 'ext-task-2') throw new EngineRestError({ status: 404, method: 'POST', path: `/external-task/${taskId}/extendLock`, username: 'anquan-worker' });
      },
      handle: () => finished,
    });
    loop.start();
    await vi.waitFor(() => expect(events.filter((event) => event.startsWith('extended')).length).toBeGreaterThanOrEqual(2));
    expect(loop.status().heldTasks).toBe(2);
    finish!();
    await vi.waitFor(() => expect(events.filter((event) => event.startsWith('released'))).toHaveLength(2));
    await loop.stop(1_000);
    expect(events.slice(0, 3)).toEqual([`fetched ${TASK.id},ext-task-2`, `held ${TASK.topicName}`, `held ${TASK.topicName}`]);
    expect(events.filter((event) => event.startsWith('extension failed'))).toEqual([`extension failed ${TASK.topicName}`]);
    expect(loop.status().heldTasks).toBe(0);
  });
});
