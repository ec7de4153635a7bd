/**
 * Errors the API answers with: a status, a stable code for the browser app,
 * and a message in Chinese and English (`中文 / English`), like the rest of
 * the project. The one error handler turns anything else into a 500 and logs it.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  /** Extra fields of the error body (problems, the current etag, …). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(status: number, code: string, zh: string, en: string, details: Readonly<Record<string, unknown>> = {}) {
    super(`${zh} / ${en}`);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly [detail: string]: unknown };
}

/** Errors raised by express.json() (body-parser) carry a `type`. */
function bodyParserError(error: { type?: unknown; status?: unknown; limit?: unknown }): HttpError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return new HttpError(413, 'too-large', `请求体超过上限 ${String(error.limit)} 字节`, `the request body exceeds the limit of ${String(error.limit)} bytes`, {
        limitBytes: error.limit,
      });
    case 'entity.parse.failed':
      return new HttpError(400, 'malformed-json', '请求体不是合法 JSON', 'the request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported-encoding', '请求体编码不受支持，请用 UTF-8', 'unsupported body encoding; send UTF-8');
    case 'request.aborted':
      return new HttpError(400, 'aborted', '请求被中断', 'the request was aborted');
    default:
      return undefined;
  }
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not-found', `没有这个接口：${req.method} ${req.path}`, `no such endpoint: ${req.method} ${req.path}`));
};

export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const known =
    error instanceof HttpError ? error : error !== null && typeof error === 'object' ? bodyParserError(error as Record<string, unknown>) : undefined;
  const httpError = known ?? new HttpError(500, 'internal', '服务器内部错误，详情见服务器日志', 'internal server error; see the server log');
  if (httpError.status >= 500) {
    req.log.error({ err: error }, '请求失败 / request failed');
  }
  const body: ErrorBody = { error: { ...httpError.details, code: httpError.code, message: httpError.message } };
  res.status(httpError.status).json(body);
};
