/**
 * The workbench reaches the engine only as the person at the screen: one
 * HTTP Basic call with their password at login (users-file mode), and from
 * then on a fresh signed token per request (workers/engine/user-token.ts).
 * There is no service account here, so every answer is what the engine's
 * authorizations give that person.
 */
import { EngineRestClient, EngineRestError, EngineUnreachableError } from '../../workers/engine/rest-client.ts';
import { type UserTokenKey, signUserToken } from '../../workers/engine/user-token.ts';

export interface WorkbenchEngineOptions {
  /** Base of the REST API, e.g. http://localhost:8080/engine-rest. */
  readonly baseUrl: string;
  /** Shared with the engine application (its ANQUAN_USER_TOKEN_SECRET). */
  readonly userTokenSecret: string;
  readonly fetch?: typeof fetch;
}

export interface WorkbenchEngine {
  readonly baseUrl: string;
  /** The engine as this user, by signed token. */
  asUser(userId: string): EngineRestClient;
  /** The engine as this user, by their password: the login check only. */
  withPassword(userId: string, password: string): EngineRestClient;
  /** A binary download (attachment content) as this user; the JSON client would decode it as text. */
  download(userId: string, path: string): Promise<Response>;
}

export function workbenchEngine(options: WorkbenchEngineOptions): WorkbenchEngine {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const key: UserTokenKey = { secret: options.userTokenSecret };
  const doFetch = options.fetch ?? globalThis.fetch;
  // Carries no credentials of its own: it only derives the per-person clients.
  const base = new EngineRestClient({ baseUrl, username: '', password: '', fetch: doFetch });
  return {
    baseUrl,
    asUser: (userId) => base.asUser(userId, key),
    withPassword: (userId, password) => base.as(userId, password),
    async download(userId, path) {
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${signUserToken(key, userId)}`, accept: '*/*' } });
      } catch (error) {
        throw new EngineUnreachableError({ method: 'GET', path, baseUrl, cause: error });
      }
      if (!response.ok) {
        const text = await response.text();
        let body: { type?: string; message?: string } | undefined;
        try {
          body = JSON.parse(text) as { type?: string; message?: string };
        } catch {
          body = text ? { message: text.slice(0, 200) } : undefined;
        }
        throw new EngineRestError({ status: response.status, method: 'GET', path, username: userId, ...(body ? { body } : {}) });
      }
      return response;
    },
  };
}

/** Path segment from data (ids), encoded. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/** The engine's answer when it matters whether it said 404 or 403 (task reads). */
export function isNotVisible(error: unknown): boolean {
  return error instanceof EngineRestError && (error.status === 404 || error.status === 403);
}

/**
 * What the person may not see (403) or what is not there (404, and 400 where the engine says so for a missing
 * form) becomes `fallback`, so a page shows what the engine allows instead of failing; an outage or an engine
 * fault still fails the request with its own message.
 */
export async function unlessRefused<T, F>(request: Promise<T>, fallback: F, statuses: readonly number[] = [403, 404]): Promise<T | F> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof EngineRestError && statuses.includes(error.status)) return fallback;
    throw error;
  }
}

