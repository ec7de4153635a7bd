/**
 * Who is calling. Two modes (MODELER_AUTH):
 *
 * - users-file: a session cookie from POST /api/session, or HTTP Basic
 *   credentials (for scripts), checked against the user file's bcrypt hashes.
 *   No `WWW-Authenticate` challenge is sent, so browsers never cache Basic
 *   credentials and replay them on cross-site requests.
 * - trusted-header: the organisation's SSO reverse proxy authenticates the
 *   person and sends the login and groups in headers, together with a shared
 *   secret that direct callers do not know.
 *
 * Every /api route except the session login and the health check requires
 * a user; deploying additionally requires the process-owner group.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { HttpError } from '../errors.ts';
import { SESSION_COOKIE, type SessionKeys, cookieValue, readSessionToken } from './session.ts';
import { type ModelerUser, type UserRecord, verifyPassword } from './users.ts';

export type AuthSetup =
  | { readonly mode: 'users-file'; readonly users: readonly UserRecord[] }
  | { readonly mode: 'trusted-header'; readonly userHeader: string; readonly groupsHeader: string; readonly proxySecret: string };

/** Header in which the trusted proxy proves itself. */
export const PROXY_SECRET_HEADER = 'x-modeler-proxy-secret';

export interface AuthContext {
  readonly setup: AuthSetup;
  readonly sessions: SessionKeys;
  readonly ownerGroup: string;
  readonly now: () => Date;
}

export function unauthenticated(): HttpError {
  return new HttpError(401, 'unauthenticated', '请先登录', 'log in first');
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function userOfRecord(record: UserRecord): ModelerUser {
  return { username: record.username, displayName: record.displayName, groups: record.groups };
}

function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return undefined;
  return { username: decoded.slice(0, separator), password: decoded.slice(separator + 1) };
}

function headerText(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value.join(',') : value;
  return text?.trim() || undefined;
}

/** The user of a request, or undefined when it carries no valid credentials. */
export async function identify(context: AuthContext, req: Request): Promise<ModelerUser | undefined> {
  const { setup } = context;
  if (setup.mode === 'trusted-header') {
    const secret = headerText(req, PROXY_SECRET_HEADER);
    if (secret === undefined || !sameSecret(secret, setup.proxySecret)) return undefined;
    const username = headerText(req, setup.userHeader);
    if (username === undefined) return undefined;
    const groups = (headerText(req, setup.groupsHeader) ?? '')
      .split(',')
      .map((group) => group.trim())
      .filter(Boolean);
    return { username, displayName: username, groups };
  }
  const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
  if (token !== undefined) {
    const username = readSessionToken(context.sessions, token, context.now());
    const record = username === undefined ? undefined : setup.users.find((user) => user.username === username);
    if (record) return userOfRecord(record);
  }
  const basic = basicCredentials(req.headers.authorization);
  if (basic) return verifyPassword(setup.users, basic.username, basic.password);
  return undefined;
}

/** The authenticated user of a request that passed {@link requireUser}. */
export function currentUser(res: Response): ModelerUser {
  const user = res.locals['user'] as ModelerUser | undefined;
  if (!user) throw unauthenticated();
  return user;
}

export function isOwner(context: Pick<AuthContext, 'ownerGroup'>, user: ModelerUser): boolean {
  return user.groups.includes(context.ownerGroup);
}

export function requireUser(context: AuthContext): RequestHandler {
  return (req, res, next) => {
    identify(context, req).then((user) => {
      if (!user) {
        next(unauthenticated());
        return;
      }
      res.locals['user'] = user;
      next();
    }, next);
  };
}

export function requireOwner(context: AuthContext): RequestHandler {
  return (_req, res, next) => {
    const user = currentUser(res);
    if (!isOwner(context, user)) {
      next(
        new HttpError(
          403,
          'not-process-owner',
          `只有流程负责部门（${context.ownerGroup}）的成员可以部署`,
          `only members of the process-owner group (${context.ownerGroup}) may deploy`,
        ),
      );
      return;
    }
    next();
  };
}
