/**
 * POST /api/session   {username, password} → {user}; sets the session cookie
 * GET /api/session    → {user} of the current login (401 without one)
 * DELETE /api/session → 204; clears the cookie
 */
import { Router } from 'express';
import { HttpError } from '../errors.ts';
import { type AuthContext, identify, isOwner, unauthenticated } from './authenticate.ts';
import { SESSION_COOKIE, issueSessionToken } from './session.ts';
import { type ModelerUser, verifyPassword } from './users.ts';

/** Failed logins per username before it is locked for the rest of the window. */
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60_000;

export function userView(context: AuthContext, user: ModelerUser) {
  return { username: user.username, displayName: user.displayName, groups: user.groups, isOwner: isOwner(context, user) };
}

export function sessionRoutes(context: AuthContext): Router {
  const router = Router();
  const failures = new Map<string, { count: number; since: number }>();

  router.post('/', async (req, res) => {
    const setup = context.setup;
    if (setup.mode !== 'users-file') {
      throw new HttpError(400, 'sso-login', '登录由单点登录（SSO）代理完成', 'login is handled by the single sign-on proxy');
    }
    const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
    if (typeof body.username !== 'string' || typeof body.password !== 'string' || !body.username || !body.password) {
      throw new HttpError(400, 'invalid-login', '请提供用户名和密码', 'send a username and a password');
    }
    const now = context.now().getTime();
    const failed = failures.get(body.username);
    if (failed && now - failed.since > FAILURE_WINDOW_MS) failures.delete(body.username);
    if ((failures.get(body.username)?.count ?? 0) >= MAX_FAILURES) {
      throw new HttpError(429, 'too-many-attempts', '登录失败次数过多，请 15 分钟后再试', 'too many failed logins; try again in 15 minutes');
    }
    const user = await verifyPassword(setup.users, body.username, body.password);
    if (!user) {
      const entry = failures.get(body.username) ?? { count: 0, since: now };
      failures.set(body.username, { ...entry, count: entry.count + 1 });
      throw new HttpError(401, 'bad-credentials', '用户名或密码错误', 'wrong username or password');
    }
    failures.delete(body.username);
    res.cookie(SESSION_COOKIE, issueSessionToken(context.sessions, user.username, context.now()), {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      maxAge: context.sessions.ttlMinutes * 60_000,
    });
    res.json({ user: userView(context, user) });
  });

  router.get('/', async (req, res) => {
    const user = await identify(context, req);
    if (!user) throw unauthenticated();
    res.json({ user: userView(context, user) });
  });

  router.delete('/', (req, res) => {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
    res.status(204).end();
  });

  return router;
}
