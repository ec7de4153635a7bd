/**
 * Sending a checked 来信来电举报 to the patrol on site, and what the engine's
 * answer means for the person who logged it. patrol-entry subscribes to
 * MessageName.patrolReportReceived only inside its report window (the entry
 * date until the on-site period ends, 盐城方案四(二)、二(一)), so before entry
 * and after the window the engine finds no subscription: that is a 404 with
 * the reason in Chinese and English, not an engine fault.
 */
import { EngineRestError } from '../../../workers/engine/rest-client.ts';
import { retryOnConcurrentUpdate } from '../concurrent-update.ts';
import { type HttpError, workbenchError } from '../errors.ts';

function engineSays(error: unknown, exception: RegExp): boolean {
  return error instanceof EngineRestError && exception.test(`${error.type ?? ''} ${error.message}`);
}

/** The 404 for a patrol number with no report window open. */
export function noPatrolOnSite(patrolId: string): HttpError {
  return workbenchError(
    404,
    'no-patrol-on-site',
    `没有正在现场巡查、巡查编号为“${patrolId}”的巡查：来信来电举报只在现场巡查期间（自进驻日期起至现场巡查期满）受理，进驻前和期满后均不能登记`,
    `no patrol numbered "${patrolId}" is on site: reports are accepted only during the on-site period (from the entry date until the period ends), not before entry nor after it`,
  );
}

/**
 * Runs `send` (the POST /message as the user). A report may arrive while the patrol's own step updates the same
 * instance (another clue being disposed); the engine then rolls the correlation back and it is sent again
 * (retryOnConcurrentUpdate). No subscription → {@link noPatrolOnSite}; anything else is rethrown.
 */
export async function correlateReport(patrolId: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await retryOnConcurrentUpdate(send);
  } catch (error) {
    if (error instanceof EngineRestError && error.status === 400 && engineSays(error, /MismatchingMessageCorrelation/)) throw noPatrolOnSite(patrolId);
    throw error;
  }
}
