/**
 * Short-lived tokens with which the staff workbench calls the engine **as the
 * logged-in person**, so the engine's own authorizations decide what that
 * person sees and may do. No password is kept anywhere: the workbench checks
 * the password once at login (or trusts the SSO proxy), then signs a token per
 * engine request with a secret it shares with the engine application.
 *
 * Format (the engine's UserTokenAuthenticationProvider reads the same):
 *   `at1.<base64url(JSON {"sub": userId, "exp": epochSeconds})>.<base64url(HMAC-SHA256(secret, "at1." + payload))>`
 * sent as `Authorization: Bearer <token>`. The engine looks the user's groups
 * up in its own identity service; the token only names the user.
 */
import { createHmac } from 'node:crypto';

export const USER_TOKEN_PREFIX = 'at1';

/** A token lives long enough for one request, retries included, and no longer. */
export const DEFAULT_USER_TOKEN_TTL_SECONDS = 60;

/** The shortest secret accepted on either side. */
export const MIN_USER_TOKEN_SECRET_LENGTH = 32;

export interface UserTokenKey {
  readonly secret: string;
  readonly ttlSeconds?: number;
}

export function signUserToken(key: UserTokenKey, userId: string, now: Date = new Date()): string {
  if (key.secret.length < MIN_USER_TOKEN_SECRET_LENGTH) {
    throw new Error(
      `用户令牌密钥须至少 ${MIN_USER_TOKEN_SECRET_LENGTH} 个字符 / the user token secret must be at least ${MIN_USER_TOKEN_SECRET_LENGTH} characters`,
    );
  }
  if (!userId) throw new Error('用户令牌须指明用户 / a user token must name a user');
  const exp = Math.floor(now.getTime() / 1000) + (key.ttlSeconds ?? DEFAULT_USER_TOKEN_TTL_SECONDS);
  const payload = Buffer.from(JSON.stringify({ sub: userId, exp }), 'utf8').toString('base64url');
  const signed = `${USER_TOKEN_PREFIX}.${payload}`;
  const mac = createHmac('sha256', key.secret).update(signed, 'utf8').digest('base64url');
  return `${signed}.${mac}`;
}
