/**
 * POST /session   {username, password} → SessionInfo; sets the workbench_session cookie
 * GET /session    → SessionInfo of the current login (401 without one)
 * DELETE /session → 204; clears the cookie
 *
 * In trusted-header mode the proxy has logged the person in: POST and GET
 * both answer with the proxy's user and no cookie is set.
 */
import { Router, type RequestHandler } from 'express';
import { CandidateGroup } from '../../../workers/contract.ts';
import { EngineRestError, type EngineRestClient } from '../../../workers/engine/rest-client.ts';
import type { SessionInfo } from '../../api-types.ts';
import type { WorkbenchContext } from '../context.ts';
import type { EngineGroupInfo, EngineUserProfile } from '../engine-types.ts';
import { segment, unlessRefused } from '../engine.ts';
import { unauthenticated, workbenchError } from '../errors.ts';
import { canReadTransfers } from '../cases/service.ts';
import { startableProcesses } from '../processes/startable.ts';
import { listsFor } from '../tasks/queries.ts';
import { WORKBENCH_SESSION_COOKIE, cookieOptions, issueWorkbenchSession, sessionUser } from './session.ts';

/** Failed logins per username before it is refused for the rest of the window (the engine locks accounts too). */
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60_000;
const USER_ID = /^[A-Za-z0-9._@-]{1,64}$/;

/** Name, groups, lists, startable procedures and whether 移交来件 is offered, all as the engine tells this user. */
export async function sessionInfo(context: WorkbenchContext, client: EngineRestClient, userId: string): Promise<SessionInfo> {
  const [groupInfo, profile, startable, readsTransfers] = await Promise.all([
    client.request<EngineGroupInfo>('GET', '/identity/groups', undefined, { query: { userId } }),
    unlessRefused(client.request<EngineUserProfile>('GET', `/user/${segment(userId)}/profile`), undefined),
    startableProcesses(client, context.startForms).catch((error: unknown) => {
      context.logger.warn({ err: error, userId }, '无法读取可发起的流程 / cannot list startable procedures');
      return [];
    }),
    canReadTransfers(client),
  ]);
  const groups = groupInfo.groups.map((group) => ({ id: group.id, name: group.name ?? group.id }));
  const groupIds = groups.map((group) => group.id);
  return {
    user: {
      id: userId,
      name: profile?.firstName?.trim() || profile?.lastName?.trim() || userId,
      groups,
      lists: listsFor(groupIds),
      canLogReports: groupIds.includes(CandidateGroup.patrolTeam),
    },
    startable,
    canReadTransfers: readsTransfers,
  };
}

export function requireWorkbenchUser(context: WorkbenchContext): RequestHandler {
  return (req, res, next) => {
    sessionUser(context, req).then((userId) => {
      if (!userId) {
        next(unauthenticated());
        return;
      }
      res.locals['workbenchUserId'] = userId;
      next();
    }, next);
  };
}

export function sessionRoutes(context: WorkbenchContext): Router {
  const router = Router();
  const failures = new Map<string, { count: number; since: number }>();

  const current: RequestHandler = async (req, res) => {
    const userId = await sessionUser(context, req);
    if (!userId) throw unauthenticated();
    res.json(await sessionInfo(context, context.engine.asUser(userId), userId));
  };

  router.post('/', async (req, res, next) => {
    if (context.auth.mode === 'trusted-header') {
      await current(req, res, next);
      return;
    }
    const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
    if (typeof body.username !== 'string' || typeof body.password !== 'string' || !body.username.trim() || !body.password) {
      throw workbenchError(400, 'invalid-login', '请输入用户名和密码', 'enter a username and a password', {
        fields: [
          ...(typeof body.username === 'string' && body.username.trim() ? [] : [{ field: 'username', zh: '请输入用户名', en: 'enter the username' }]),
          ...(typeof body.password === 'string' && body.password ? [] : [{ field: 'password', zh: '请输入密码', en: 'enter the password' }]),
        ],
      });
    }
    const username = body.username.trim();
    const now = context.now().getTime();
    const failed = failures.get(username);
    if (failed && now - failed.since > FAILURE_WINDOW_MS) failures.delete(username);
    if ((failures.get(username)?.count ?? 0) >= MAX_FAILURES) {
      throw workbenchError(429, 'too-many-attempts', '登录失败次数过多，请 15 分钟后再试', 'too many failed logins; try again in 15 minutes');
    }
    const badCredentials = () => {
      const entry = failures.get(username) ?? { count: 0, since: now };
      failures.set(username, { ...entry, count: entry.count + 1 });
      return workbenchError(401, 'bad-credentials', `用户名或密码错误（连续输错 ${MAX_FAILURES} 次后暂停登录 15 分钟）`, `wrong username or password (after ${MAX_FAILURES} failures, logins pause for 15 minutes)`);
    };
    if (!USER_ID.test(username)) throw badCredentials();
    // The one call with the password: the engine checks it; nothing of it is kept.
    try {
      await context.engine.withPassword(username, body.password).request('GET', '/identity/groups', undefined, { query: { userId: username } });
    } catch (error) {
      if (error instanceof EngineRestError && error.status === 401) throw badCredentials();
      throw error;
    }
    failures.delete(username);
    const info = await sessionInfo(context, context.engine.asUser(username), username);
    res.cookie(WORKBENCH_SESSION_COOKIE, issueWorkbenchSession(context, username), cookieOptions(context, req.secure));
    res.json(info);
  });

  router.get('/', current);

  router.delete('/', (req, res) => {
    const { maxAge: _maxAge, ...options } = cookieOptions(context, req.secure);
    res.clearCookie(WORKBENCH_SESSION_COOKIE, options);
    res.status(204).end();
  });

  return router;
}
