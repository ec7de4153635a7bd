/**
 * Login sessions as a signed cookie: `base64url(JSON {u, exp}).base64url(HMAC-SHA256)`.
 * Only the username travels; groups are looked up on every request, so
 * removing someone from the user file ends their rights at once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'modeler_session';

export interface SessionKeys {
  readonly secret: string;
  readonly ttlMinutes: number;
}

function signature(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function issueSessionToken(keys: SessionKeys, username: string, now: Date): string {
  const payload = Buffer.from(JSON.stringify({ u: username, exp: now.getTime() + keys.ttlMinutes * 60_000 }), 'utf8').toString('base64url');
  return `${payload}.${signature(keys.secret, payload)}`;
}

/** The username of a valid, unexpired token; undefined for anything else. */
export function readSessionToken(keys: SessionKeys, token: string, now: Date): string | undefined {
  const [payload, mac, ...rest] = token.split('.');
  if (!payload || !mac || rest.length > 0) return undefined;
  const expected = Buffer.from(signature(keys.secret, payload), 'utf8');
  const given = Buffer.from(mac, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; exp?: unknown };
    if (typeof data.u !== 'string' || typeof data.exp !== 'number' || data.exp <= now.getTime()) return undefined;
    return data.u;
  } catch {
    return undefined;
  }
}

/** Value of one cookie from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}
