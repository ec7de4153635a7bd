/**
 * One JSON request to our own server, shared by the modeler's and the
 * workbench's API clients: same-origin credentials, JSON in and out, 204 as
 * nothing, and an error answer `{ error: { code, message, … } }` (or none)
 * turned into one failure shape. Each client makes its own error class
 * from it and says in its own words that its server cannot be reached.
 */

/** What went wrong: status 0 and code `network` when the server was not reached. */
export interface RequestFailure {
  readonly status: number;
  readonly code: string;
  /** The server's bilingual message, or a generic one with the HTTP status. */
  readonly message: string;
  /** The answer's `error` object as sent (empty when there was none). */
  readonly error: Readonly<Record<string, unknown>>;
}

export interface JsonRequestOptions {
  /** Shown when the server cannot be reached: '中文 / English'. */
  readonly unreachable: string;
  /** Turns a failure into the client's own error. */
  readonly fail: (failure: RequestFailure) => Error;
}

/** The failure of an answer that is not ok, from its status and decoded body. */
export function failureOf(status: number, payload: unknown): RequestFailure {
  const body = payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  const raw = body['error'];
  const error = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  return {
    status,
    code: typeof error['code'] === 'string' ? error['code'] : 'http-error',
    message: typeof error['message'] === 'string' ? error['message'] : `请求失败（HTTP ${status}）/ request failed (HTTP ${status})`,
    error,
  };
}

export async function jsonRequest<T>(url: string, method: string, body: unknown, options: JsonRequestOptions): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw options.fail({ status: 0, code: 'network', message: options.unreachable, error: {} });
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => ({}));
  if (!response.ok) throw options.fail(failureOf(response.status, payload));
  return payload as T;
}
