/**
 * The user token's exact format, which the engine application's
 * UserTokenAuthenticationProvider (Java) reads: recomputed here independently,
 * so a change on this side that the engine would no longer accept shows up.
 * The engine's answers to good and bad tokens are tested against the real
 * engine in test/integration/deploy/engine/user-token.test.ts.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_TOKEN_TTL_SECONDS, MIN_USER_TOKEN_SECRET_LENGTH, signUserToken } from '../../../../workers/engine/user-token.ts';

const SECRET = 'unit-test-secret-of-at-least-32-characters';
const NOW = new Date('2025-03-04T05:06:07.890Z');
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

function parts(token: string) {
  const [prefix, payload, mac, ...rest] = token.split('.');
  return { prefix, payload: payload!, mac: mac!, rest };
}

describe('signUserToken', () => {
  it('signs at1.<base64url JSON {sub, exp}>.<base64url HMAC-SHA256 of "at1."+payload>, no padding', () => {
    const token = signUserToken({ secret: SECRET }, 'bei-xuncha-danwei', NOW);
    const { prefix, payload, mac, rest } = parts(token);
    expect(prefix).toBe('at1');
    expect(rest).toEqual([]);
    expect(token).toMatch(/^at1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))).toEqual({ sub: 'bei-xuncha-danwei', exp: NOW_SECONDS + DEFAULT_USER_TOKEN_TTL_SECONDS });
    expect(mac).toBe(createHmac('sha256', SECRET).update(`at1.${payload}`).digest('base64url'));
  });

  it('sets exp in whole epoch seconds from now plus the lifetime', () => {
    const { payload } = parts(signUserToken({ secret: SECRET, ttlSeconds: 5 }, 'anwei-ban', NOW));
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp: number };
    expect(claims.exp).toBe(NOW_SECONDS + 5);
    expect(Number.isInteger(claims.exp)).toBe(true);
  });

  it('encodes a non-ASCII user id as UTF-8 JSON', () => {
    const { payload } = parts(signUserToken({ secret: SECRET }, '张三', NOW));
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))).toMatchObject({ sub: '张三' });
  });

  it('gives another signature for another secret or user, the same for the same input', () => {
    const token = signUserToken({ secret: SECRET }, 'anwei-ban', NOW);
    expect(signUserToken({ secret: SECRET }, 'anwei-ban', NOW)).toBe(token);
    expect(parts(signUserToken({ secret: `${SECRET}x` }, 'anwei-ban', NOW)).mac).not.toBe(parts(token).mac);
    expect(parts(signUserToken({ secret: SECRET }, 'qiye', NOW)).mac).not.toBe(parts(token).mac);
  });

  it('refuses a secret shorter than the minimum, in Chinese and English', () => {
    const short = 'x'.repeat(MIN_USER_TOKEN_SECRET_LENGTH - 1);
    expect(() => signUserToken({ secret: short }, 'anwei-ban', NOW)).toThrow(/用户令牌密钥须至少 32 个字符 \/ the user token secret must be at least 32 characters/);
    expect(() => signUserToken({ secret: '' }, 'anwei-ban', NOW)).toThrow(/at least 32/);
    expect(() => signUserToken({ secret: 'x'.repeat(MIN_USER_TOKEN_SECRET_LENGTH) }, 'anwei-ban', NOW)).not.toThrow();
  });

  it('refuses to sign for no user', () => {
    expect(() => signUserToken({ secret: SECRET }, '', NOW)).toThrow(/用户令牌须指明用户 \/ a user token must name a user/);
  });
});
