/**
 * Who is at the workbench. Two modes, as in the modeler UI (MODELER_AUTH):
 *
 * - users-file (local demo and any setup without SSO): POST /session checks
 *   the password by one call to the engine AS that user; afterwards the
 *   signed cookie `workbench_session` carries only {user id, expiry}. No
 *   password is kept anywhere.
 * - trusted-header: the organisation's SSO proxy names the user in a header
 *   and proves itself with the shared secret (modeler-ui/server/auth).
 *
 * Groups are never taken from the cookie or the proxy: the engine's identity
 * service is asked, so the engine and the workbench agree on who is who.
 */
import type { Request } from 'express';
import { type AuthContext, identify } from '../../../modeler-ui/server/auth/authenticate.ts';
import { type SessionKeys, cookieValue, issueSessionToken, readSessionToken } from '../../../modeler-ui/server/auth/session.ts';

export const WORKBENCH_SESSION_COOKIE = 'workbench_session';
/** The cookie goes only to the workbench. */
export const WORKBENCH_COOKIE_PATH = '/tasks';

export type WorkbenchAuth =
  | { readonly mode: 'users-file' }
  | { readonly mode: 'trusted-header'; readonly userHeader: string; readonly groupsHeader: string; readonly proxySecret: string };

export interface SessionContext {
  readonly auth: WorkbenchAuth;
  readonly sessions: SessionKeys;
  readonly now: () => Date;
}

export function issueWorkbenchSession(context: SessionContext, userId: string): string {
  return issueSessionToken(context.sessions, userId, context.now());
}

/** The user id of a request, or undefined without a valid session (or proxy header). */
export async function sessionUser(context: SessionContext, req: Request): Promise<string | undefined> {
  const { auth } = context;
  if (auth.mode === 'trusted-header') {
    const authContext: AuthContext = { setup: auth, sessions: context.sessions, ownerGroup: '', now: context.now };
    return (await identify(authContext, req))?.username;
  }
  const token = cookieValue(req.headers.cookie, WORKBENCH_SESSION_COOKIE);
  return token === undefined ? undefined : readSessionToken(context.sessions, token, context.now());
}

export function cookieOptions(context: SessionContext, secure: boolean) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure,
    path: WORKBENCH_COOKIE_PATH,
    maxAge: context.sessions.ttlMinutes * 60_000,
  };
}
