/**
 * A fetched external task as the engine-neutral {@link ActivatedJob} the
 * workers handle, and its three outcomes as REST calls:
 *
 * - complete: with `localVariables` when the activity declares
 *   camunda:outputParameter (only the mapped outputs reach the process),
 *   otherwise with `variables`, which propagate to the scope that already
 *   holds each variable, or to the process instance;
 * - error: handleBpmnError with the contract's code, caught by a boundary event;
 * - fail: handleFailure with the retries the worker chose and a back-off;
 *   retries 0 raises the incident Cockpit shows.
 */
import type { ActivatedJob, JsonObject } from '../worker-definition.ts';
import type { Logger } from '../logger.ts';
import { EngineRestError, EngineUnreachableError, type EngineRestClient } from './rest-client.ts';
import type { LockedExternalTask } from './rest-types.ts';
import type { OutputParameterIndex } from './output-parameters.ts';
import { fromEngineVariables, parseEngineDate } from './variables.ts';
import { taskLogFields } from './external-task-runner.ts';

/** Retries of a task no worker has failed yet (the engine reports null): three attempts in all before an incident. */
export const DEFAULT_TASK_RETRIES = 3;

/**
 * The engine stores at most this many characters of a failure's message (the
 * incident message in Cockpit) and cuts the rest silently; the full text goes
 * to errorDetails instead.
 */
export const MAX_ERROR_MESSAGE_LENGTH = 666;

/** Pauses before re-sending an outcome the engine could not take (unreachable, 5xx): quick ones first … */
const REPORT_RETRY_DELAYS_MS = [250, 1_000, 3_000];
/** … then one every so often, for as long as the task's lock lasts (see {@link reportRetryDelays}). */
const REPORT_RETRY_STEADY_MS = 5_000;

/**
 * The pauses before each re-send of an outcome: the quick ones, then one every
 * {@link REPORT_RETRY_STEADY_MS} until they add up to the lock duration. Until
 * then the task is still this worker's (another worker gets it only once the
 * lock has expired), so an engine that comes back within it takes the outcome;
 * giving up sooner would leave the task to its lock expiry and have the work
 * (a notice, a letter) done a second time.
 */
export function reportRetryDelays(lockDurationMs: number): number[] {
  const delays = [...REPORT_RETRY_DELAYS_MS];
  let total = delays.reduce((sum, delay) => sum + delay, 0);
  while (total + REPORT_RETRY_STEADY_MS <= lockDurationMs) {
    delays.push(REPORT_RETRY_STEADY_MS);
    total += REPORT_RETRY_STEADY_MS;
  }
  return delays;
}

export interface JobAdapterContext {
  readonly client: Pick<EngineRestClient, 'complete' | 'handleBpmnError' | 'handleFailure'>;
  readonly workerId: string;
  /** The lock duration the task was fetched with; the activation time is its lock expiry less this. */
  readonly lockDurationMs: number;
  readonly outputParameters: Pick<OutputParameterIndex, 'hasOutputParameters'>;
  readonly logger: Logger;
  /** Waits between re-sends (default {@link reportRetryDelays} of the lock duration); tests shorten it. */
  readonly reportRetryDelaysMs?: readonly number[];
}

/** The engine's clock at fetch time: the lock expires lockDuration after it. */
export function activationTime(task: Pick<LockedExternalTask, 'lockExpirationTime'>, lockDurationMs: number): string {
  const expiry = parseEngineDate(task.lockExpirationTime ?? '');
  return new Date(Number.isFinite(expiry) ? expiry - lockDurationMs : Date.now()).toISOString();
}

/** A message short enough to be stored whole, cut with an ellipsis. */
export function shortErrorMessage(message: string): string {
  // Code points, not UTF-16 units, so a cut never splits a character.
  const characters = [...message];
  if (characters.length <= MAX_ERROR_MESSAGE_LENGTH) return message;
  return `${characters.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1).join('')}…`;
}

function isTransient(error: unknown): boolean {
  return error instanceof EngineUnreachableError || (error instanceof EngineRestError && error.status >= 500);
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * Sends one outcome, re-sending it while the engine is unavailable, for as long
 * as the lock lasts: otherwise the work already done would be repeated after the
 * lock expires. A 404 means the task is gone (its instance was cancelled or an
 * interrupting event left the activity); there is nothing left to report.
 */
async function report(context: JobAdapterContext, task: LockedExternalTask, action: string, send: () => Promise<void>): Promise<void> {
  const delays = context.reportRetryDelaysMs ?? reportRetryDelays(context.lockDurationMs);
  for (let attempt = 0; ; attempt += 1) {
    try {
      await send();
      if (attempt > 0) context.logger.info({ ...taskLogFields(task), action, attempts: attempt + 1 }, 'the engine took the outcome after it was sent again');
      return;
    } catch (error) {
      if (error instanceof EngineRestError && error.status === 404) {
        context.logger.warn({ ...taskLogFields(task), action }, 'the task no longer exists; its outcome is dropped');
        return;
      }
      const delay = delays[attempt];
      if (!isTransient(error) || delay === undefined) throw error;
      // Once per outcome as a warning; the repeats of a long outage only at debug.
      context.logger[attempt === 0 ? 'warn' : 'debug'](
        { ...taskLogFields(task), action, err: error, attempt: attempt + 1, retryInMs: delay },
        'the engine did not take the outcome; sending it again',
      );
      await sleep(delay);
    }
  }
}

export function toActivatedJob(task: LockedExternalTask, context: JobAdapterContext): ActivatedJob<void> {
  const { client, workerId } = context;
  return {
    key: task.id,
    type: task.topicName,
    processInstanceKey: task.processInstanceId,
    bpmnProcessId: task.processDefinitionKey,
    elementId: task.activityId,
    // The activity instance outlives lock expiry and retries, so idempotency keys built on it hold across redelivery.
    elementInstanceKey: task.activityInstanceId,
    retries: task.retries ?? DEFAULT_TASK_RETRIES,
    activatedAt: activationTime(task, context.lockDurationMs),
    variables: fromEngineVariables(task.variables),
    complete: async (variables: JsonObject) => {
      const local = await context.outputParameters.hasOutputParameters(task.processDefinitionId, task.activityId);
      await report(context, task, 'complete', () => client.complete(task.id, workerId, local ? { localVariables: variables } : { variables }));
    },
    error: async ({ errorCode, errorMessage, variables }) => {
      await report(context, task, 'bpmnError', () => client.handleBpmnError(task.id, workerId, { errorCode, errorMessage, variables }));
    },
    fail: async ({ errorMessage, retries, retryBackOff }) => {
      const short = shortErrorMessage(errorMessage);
      await report(context, task, 'failure', () =>
        client.handleFailure(task.id, workerId, {
          errorMessage: short,
          // Cockpit shows the details on demand; keep the full text there even when the message fits.
          errorDetails: errorMessage,
          retries: Math.max(0, Math.floor(retries)),
          retryTimeout: Math.max(0, Math.floor(retryBackOff)),
        }),
      );
    },
  };
}
