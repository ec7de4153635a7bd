/**
 * What the 巡查组 sends to its patrol on site (巡查编号 = patrolId):
 *
 * POST /reports       {patrolId, source, content, reporterContact?, receivedAt?} → 201 {correlated: true}   来信来电举报
 * POST /major-issues  {patrolId, description, responsibleUnit}                   → 201 {correlated: true}   上报重大问题
 * POST /obstructions  {patrolId, description}                                    → 201 {correlated: true}   记录阻挠巡查
 *
 * 400 with the fields for bad input; 403 for a login outside the 巡查组;
 * 404 when no patrol with that number is on site to receive it: patrol-entry
 * subscribes to each message only while the team is on site (correlate.ts),
 * so before entry and after that span the engine finds no subscription
 * (MismatchingMessageCorrelation). Everything is sent as the user, so the
 * engine's authorizations (UPDATE_INSTANCE on patrol-entry) decide as well.
 */
import { type Response, Router } from 'express';
import { CandidateGroup } from '../../../workers/contract.ts';
import type { OnSiteMessageResult } from '../../api-types.ts';
import { type WorkbenchContext, engineFor, userIdOf } from '../context.ts';
import { fromEngineError, invalidFields, workbenchError } from '../errors.ts';
import { type OnSiteMessageKind, correlateOnSite, onSiteMessageBody } from './correlate.ts';
import { type Check, parseMajorIssue, parseObstruction } from './on-site-events.ts';
import { parsePatrolReport } from './report.ts';

const WHAT: Readonly<Record<OnSiteMessageKind, readonly [zh: string, en: string]>> = {
  report: ['登记来信来电举报', 'log reports'],
  'major-issue': ['上报重大问题', 'raise major issues'],
  obstruction: ['记录不配合、干扰巡查的情形', 'record obstruction of the patrol'],
};

/**
 * Only the 巡查组 speaks for the patrol on site. The engine alone would not
 * say so: 运维值班 holds UPDATE_INSTANCE on patrol-entry for its repairs
 * (retry, modify), which is also what correlating needs. The groups are the
 * engine's, read as the user, as at login.
 */
async function requirePatrolTeam(context: WorkbenchContext, res: Response, kind: OnSiteMessageKind): Promise<void> {
  const userId = userIdOf(res);
  let groupIds: string[];
  try {
    const answer = await engineFor(context, res).request<{ groups: { id: string }[] }>('GET', '/identity/groups', undefined, { query: { userId } });
    groupIds = answer.groups.map((group) => group.id);
  } catch (error) {
    throw fromEngineError(error);
  }
  if (!groupIds.includes(CandidateGroup.patrolTeam)) {
    const [zh, en] = WHAT[kind];
    throw workbenchError(403, 'forbidden', `您无权${zh}：只有巡查组成员可以${zh}`, `you are not allowed to ${en}: only members of the patrol team (xuncha-zu) may`);
  }
}

function onSiteRoute<T extends { readonly patrolId: string }>(
  context: WorkbenchContext,
  kind: OnSiteMessageKind,
  parse: (body: unknown) => Check<T>,
  payload: (value: T) => Record<string, unknown>,
): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    await requirePatrolTeam(context, res, kind);
    const check = parse(req.body);
    if (!check.ok) throw invalidFields(check.fields);
    const { patrolId } = check.value;
    const body = onSiteMessageBody(kind, patrolId, payload(check.value));
    try {
      await correlateOnSite(kind, patrolId, () => engineFor(context, res).request('POST', '/message', body));
    } catch (error) {
      throw fromEngineError(error);
    }
    const answer: OnSiteMessageResult = { correlated: true };
    res.status(201).json(answer);
  });
  return router;
}

export function reportRoutes(context: WorkbenchContext): Router {
  return onSiteRoute(
    context,
    'report',
    (body) => parsePatrolReport(body, context.now()),
    ({ report }) => ({ report }),
  );
}

export function majorIssueRoutes(context: WorkbenchContext): Router {
  return onSiteRoute(context, 'major-issue', parseMajorIssue, ({ majorIssue }) => ({ majorIssue }));
}

export function obstructionRoutes(context: WorkbenchContext): Router {
  return onSiteRoute(context, 'obstruction', parseObstruction, ({ obstruction }) => ({ obstruction }));
}
