/** A stand-in for the SDK's activated job that records what the worker did with it. */
import type { JobType } from '../../../../workers/contract.ts';
import type { ActivatedJob, JsonObject } from '../../../../workers/worker-definition.ts';

export type JobCall =
  | { readonly action: 'complete'; readonly variables: JsonObject }
  | { readonly action: 'fail'; readonly errorMessage: string; readonly retries: number; readonly retryBackOff: number }
  | { readonly action: 'error'; readonly errorCode: string; readonly errorMessage: string; readonly variables: JsonObject };

export interface FakeJobOptions {
  readonly type: JobType;
  readonly variables: Record<string, unknown>;
  readonly elementInstanceKey?: string;
  readonly processInstanceKey?: string;
  readonly bpmnProcessId?: string;
  readonly elementId?: string;
  readonly retries?: number;
  /** The engine's time at activation; 2026-03-02 09:00 Beijing time unless given. */
  readonly activatedAt?: string;
}

export type FakeJob = ActivatedJob<'ACK'> & { readonly calls: JobCall[] };

export function fakeJob(options: FakeJobOptions): FakeJob {
  const calls: JobCall[] = [];
  return {
    calls,
    key: `${options.elementInstanceKey ?? '2251799813685299'}1`,
    type: options.type,
    processInstanceKey: options.processInstanceKey ?? '2251799813685250',
    bpmnProcessId: options.bpmnProcessId ?? 'safety-patrol',
    elementId: options.elementId ?? 'Task',
    elementInstanceKey: options.elementInstanceKey ?? '2251799813685299',
    retries: options.retries ?? 3,
    activatedAt: options.activatedAt ?? '2026-03-02T01:00:00.000Z',
    variables: options.variables,
    complete: async (variables) => {
      calls.push({ action: 'complete', variables });
      return 'ACK';
    },
    fail: async (failure) => {
      calls.push({ action: 'fail', ...failure });
      return 'ACK';
    },
    error: async (error) => {
      calls.push({ action: 'error', ...error });
      return 'ACK';
    },
  };
}

/** The variables the job completed with; fails the test when it did anything else. */
export function completedWith(job: FakeJob): JsonObject {
  const [call] = job.calls;
  if (call?.action !== 'complete') throw new Error(`expected the job to complete, got ${JSON.stringify(job.calls)}`);
  return call.variables;
}

/** The incident message of a job failed without retries; fails the test otherwise. */
export function incidentMessage(job: FakeJob): string {
  const [call] = job.calls;
  if (call?.action !== 'fail' || call.retries !== 0) throw new Error(`expected an incident (fail with retries 0), got ${JSON.stringify(job.calls)}`);
  return call.errorMessage;
}
