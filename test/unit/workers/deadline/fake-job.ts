/** An activated job shaped like the SDK's that records what a worker did with it. */
import type { JobType } from '../../../../workers/contract.ts';
import type { JsonObject } from '../../../../workers/worker-definition.ts';

import { type FakeJob, type JobCall, fakeJob as recordingJob } from '../support/job.ts';

export type { JobCall };

/** A deadline job as the patrol's PlanReportDeadline task would deliver it. */
export function fakeJob(type: string, variables: Record<string, unknown>, retries = 3): FakeJob {
  return recordingJob({ type: type as JobType, variables, retries, elementId: 'PlanReportDeadline', elementInstanceKey: '2251799813685399' });
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
