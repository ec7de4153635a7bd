/**
 * Sending what the 巡查组 takes down on site to its running patrol, and what
 * the engine's answer means for the person who sent it. patrol-entry listens
 * for these messages only while the team is on site, each over its own span:
 *
 * - 来信来电举报 (MessageName.patrolReportReceived): the report window, from
 *   the entry date until the on-site period ends (盐城方案四(二)、二(一));
 * - 重大问题 (patrolMajorIssueRaised) and 不配合、干扰巡查
 *   (patrolObstructionReported): the whole 现场巡查 sub-process, from the
 *   entry date until its checks and assignments are done, which may be after
 *   the period ended when clues are still being 核查'd.
 *
 * Outside its span the engine finds no subscription: that is a 404 with the
 * reason in Chinese and English, not an engine fault.
 */
import { MessageName } from '../../../workers/contract.ts';
import { EngineRestError } from '../../../workers/engine/rest-client.ts';
import { toEngineVariables } from '../../../workers/engine/variables.ts';
import { retryOnConcurrentUpdate } from '../concurrent-update.ts';
import { type HttpError, workbenchError } from '../errors.ts';

/** What the workbench sends to a patrol on site. */
export type OnSiteMessageKind = 'report' | 'major-issue' | 'obstruction';

interface OnSiteMessage {
  readonly messageName: MessageName;
  /** Why nothing received it, after "no patrol numbered … is on site". */
  readonly window: readonly [zh: string, en: string];
}

const ON_SITE_MESSAGES: Readonly<Record<OnSiteMessageKind, OnSiteMessage>> = {
  report: {
    messageName: MessageName.patrolReportReceived,
    window: [
      '来信来电举报只在现场巡查期间（自进驻日期起至现场巡查期满）受理，进驻前和期满后均不能登记',
      'reports are accepted only during the on-site period (from the entry date until the period ends), not before entry nor after it',
    ],
  },
  'major-issue': {
    messageName: MessageName.patrolMajorIssueRaised,
    window: [
      '重大问题只在现场巡查阶段（自进驻日期起至现场巡查的核查、交办全部办结）上报，进驻前和现场巡查结束后均不能上报',
      'major issues are raised only during the on-site phase (from the entry date until its checks and assignments are done), not before entry nor after it',
    ],
  },
  obstruction: {
    messageName: MessageName.patrolObstructionReported,
    window: [
      '不配合、干扰巡查的情形只在现场巡查阶段（自进驻日期起至现场巡查的核查、交办全部办结）记录，进驻前和现场巡查结束后均不能记录',
      'obstruction is recorded only during the on-site phase (from the entry date until its checks and assignments are done), not before entry nor after it',
    ],
  },
};

/** The message a kind is sent as (anquan.patrol.…). */
export function onSiteMessageName(kind: OnSiteMessageKind): MessageName {
  return ON_SITE_MESSAGES[kind].messageName;
}

/** The POST /message body: correlated by the process variable patrolId, the payload set as process variables. */
export function onSiteMessageBody(kind: OnSiteMessageKind, patrolId: string, payload: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    messageName: onSiteMessageName(kind),
    correlationKeys: toEngineVariables({ patrolId }),
    processVariables: toEngineVariables(payload),
    resultEnabled: true,
  };
}

function engineSays(error: unknown, exception: RegExp): boolean {
  return error instanceof EngineRestError && exception.test(`${error.type ?? ''} ${error.message}`);
}

/** The 404 for a patrol number with nothing on site to receive this kind. */
export function noPatrolOnSite(patrolId: string, kind: OnSiteMessageKind = 'report'): HttpError {
  const [windowZh, windowEn] = ON_SITE_MESSAGES[kind].window;
  return workbenchError(
    404,
    'no-patrol-on-site',
    `没有正在现场巡查、巡查编号为“${patrolId}”的巡查：${windowZh}`,
    `no patrol numbered "${patrolId}" is on site: ${windowEn}`,
  );
}

/**
 * Runs `send` (the POST /message as the user). A message may arrive while the patrol's own step updates the same
 * instance (a clue being disposed); the engine then rolls the correlation back and it is sent again
 * (retryOnConcurrentUpdate). No subscription → {@link noPatrolOnSite}; anything else is rethrown.
 */
export async function correlateOnSite(kind: OnSiteMessageKind, patrolId: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await retryOnConcurrentUpdate(send);
  } catch (error) {
    if (error instanceof EngineRestError && error.status === 400 && engineSays(error, /MismatchingMessageCorrelation/)) throw noPatrolOnSite(patrolId, kind);
    throw error;
  }
}

