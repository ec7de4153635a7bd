/**
 * The workbench's errors: the modeler's HttpError (one error handler for the
 * whole server) with the message also split into `zh` and `en`, and the
 * engine's refusals turned into answers a member of staff can act on. The
 * engine decides what a user may see and do; these only put its answer in words.
 */
import type { ErrorRequestHandler } from 'express';
import { HttpError } from '../../modeler-ui/server/errors.ts';
import { EngineRestError, EngineUnreachableError } from '../../workers/engine/rest-client.ts';
import { EngineVariableError } from '../../workers/engine/variables.ts';
import type { FieldError } from '../api-types.ts';

export { HttpError };

export function workbenchError(status: number, code: string, zh: string, en: string, details: Readonly<Record<string, unknown>> = {}): HttpError {
  return new HttpError(status, code, zh, en, { zh, en, ...details });
}

export function invalidFields(fields: readonly FieldError[]): HttpError {
  const zh = fields.map((field) => field.zh).join('；');
  const en = fields.map((field) => field.en).join('; ');
  return workbenchError(400, 'invalid-fields', `请修改以下内容：${zh}`, `please correct: ${en}`, { fields });
}

export function unauthenticated(): HttpError {
  return workbenchError(401, 'unauthenticated', '请先登录', 'log in first');
}

/** What the request was about, for the words of a 404. */
export interface EngineErrorContext {
  /** e.g. ['任务', 'task']. */
  readonly what?: readonly [zh: string, en: string];
  /**
   * The engine answers 403 for a task the user may not read on some
   * endpoints and 404 on others; for reads of one object both mean
   * "not yours", which the workbench answers alike, as 404.
   */
  readonly forbiddenAsNotFound?: boolean;
}

/** Exceptions whose message the engine meant for the person at the form (a task claimed by someone else …). */
const CONFLICT_TYPES = new Set(['TaskAlreadyClaimedException', 'OptimisticLockingException']);

/** An EngineRestError or EngineUnreachableError in the workbench's words; anything else is returned unchanged. */
export function fromEngineError(error: unknown, context: EngineErrorContext = {}): unknown {
  if (error instanceof EngineVariableError) {
    return invalidFields([{ field: error.variable, zh: error.message, en: error.message }]);
  }
  if (error instanceof EngineUnreachableError) {
    return workbenchError(503, 'engine-unreachable', '暂时无法连接流程引擎，请稍后再试', 'the process engine cannot be reached; try again shortly');
  }
  if (!(error instanceof EngineRestError)) return error;
  const [whatZh, whatEn] = context.what ?? ['对象', 'it'];
  const engineMessage = error.engineMessage ?? null;
  const says = engineMessage ? `（引擎：${engineMessage}）` : '';
  const saysEn = engineMessage ? ` (engine: ${engineMessage})` : '';
  if (error.status === 401) {
    return workbenchError(401, 'engine-refused-login', '流程引擎不接受当前登录，请重新登录', 'the process engine does not accept this login; log in again');
  }
  if (error.status === 404 || (error.status === 403 && context.forbiddenAsNotFound)) {
    return workbenchError(404, 'not-found', `${whatZh}不存在、已办结，或您无权查看`, `${whatEn} does not exist, is finished, or you may not see it`);
  }
  if (error.status === 403) {
    return workbenchError(403, 'forbidden', `您无权执行此操作${says}`, `you are not allowed to do this${saysEn}`, { engineMessage });
  }
  if (error.type !== undefined && CONFLICT_TYPES.has(error.type)) {
    return workbenchError(409, 'conflict', `${whatZh}已被他人处理，请刷新后再试${says}`, `someone else has already acted on ${whatEn}; reload and try again${saysEn}`, {
      engineMessage,
    });
  }
  if (error.status >= 400 && error.status < 500) {
    return workbenchError(400, 'engine-rejected', `流程引擎拒绝了该请求${says}`, `the process engine rejected the request${saysEn}`, { engineMessage });
  }
  return workbenchError(502, 'engine-failed', '流程引擎内部错误，详情见服务器日志', 'the process engine failed; see the server log', { engineMessage });
}

/** Last handler of the workbench router: engine errors in words, everything else to the server's error handler. */
export const engineErrorHandler: ErrorRequestHandler = (error: unknown, req, _res, next) => {
  const mapped = fromEngineError(error);
  if (mapped instanceof HttpError && mapped.status >= 500 && mapped !== error) {
    req.log.error({ err: error }, '流程引擎请求失败 / engine request failed');
  }
  next(mapped);
};
