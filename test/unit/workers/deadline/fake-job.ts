/** An activated job shaped like the SDK's that records what a worker did with it. */
import type { ActivatedJob, JsonObject } from '../../../../workers/worker-definition.ts';

export type JobCall =
  | { readonly action: 'complete'; readonly variables: JsonObject }
  | { readonly action: 'fail'; readonly errorMessage: string; readonly retries: number; readonly retryBackOff: number }
  | { readonly action: 'error'; readonly errorCode: string; readonly errorMessage: string; readonly variables: JsonObject };

export function fakeJob(type: string, variables: Record<string, unknown>, retries = 3): ActivatedJob<'ACK'> & { readonly calls: JobCall[] } {
  const calls: JobCall[] = [];
  return {
    calls,
    key: '2251799813685400',
    type,
    processInstanceKey: '2251799813685250',
    bpmnProcessId: 'safety-patrol',
    elementId: 'PlanReportDeadline',
    elementInstanceKey: '2251799813685399',
    retries,
    variables,
    complete: async (output) => {
      calls.push({ action: 'complete', variables: output });
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

export function completedVariables(calls: readonly JobCall[]): JsonObject {
  const [call] = calls;
  if (call?.action !== 'complete') throw new Error(`expected the job to complete, got ${JSON.stringify(calls)}`);
  return call.variables;
}

export function failure(calls: readonly JobCall[]): { readonly errorMessage: string; readonly retries: number } {
  const [call] = calls;
  if (call?.action !== 'fail') throw new Error(`expected the job to fail, got ${JSON.stringify(calls)}`);
  return call;
}
