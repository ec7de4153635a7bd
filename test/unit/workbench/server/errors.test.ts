import { describe, expect, it } from 'vitest';
import { EngineRestError, EngineUnreachableError } from '../../../../workers/engine/rest-client.ts';
import { EngineVariableError } from '../../../../workers/engine/variables.ts';
import { HttpError, fromEngineError } from '../../../../workbench/server/errors.ts';

function engineError(status: number, type?: string, message?: string) {
  return new EngineRestError({ status, method: 'GET', path: '/task/1', username: 'qiye', ...(type || message ? { body: { ...(type ? { type } : {}), ...(message ? { message } : {}) } } : {}) });
}

function mapped(error: unknown, forbiddenAsNotFound = false): HttpError {
  const result = fromEngineError(error, { what: ['任务', 'the task'], forbiddenAsNotFound });
  if (!(result instanceof HttpError)) throw new Error('not mapped');
  return result;
}

describe('engine errors in the workbench’s words', () => {
  it('maps 401, 403 and 404 to clear bilingual answers carrying the engine’s message', () => {
    expect(mapped(engineError(401))).toMatchObject({ status: 401, code: 'engine-refused-login' });
    const forbidden = mapped(engineError(403, 'AuthorizationException', "The user with id 'qiye' does not have 'UPDATE' permission"));
    expect(forbidden).toMatchObject({ status: 403, code: 'forbidden' });
    expect(forbidden.details['zh']).toContain('您无权执行此操作');
    expect(forbidden.details['engineMessage']).toContain('UPDATE');
    expect(mapped(engineError(404))).toMatchObject({ status: 404, code: 'not-found' });
    expect(mapped(engineError(404)).details['zh']).toBe('任务不存在、已办结，或您无权查看');
  });

  it('answers a forbidden read of one task as 404, a claim race as 409, other refusals as 400, engine failures as 502', () => {
    expect(mapped(engineError(403), true).status).toBe(404);
    expect(mapped(engineError(400, 'TaskAlreadyClaimedException', 'Task 1 is already claimed by someone else.')).status).toBe(409);
    expect(mapped(engineError(400, 'InvalidRequestException', 'bad'))).toMatchObject({ status: 400, code: 'engine-rejected' });
    expect(mapped(engineError(500)).status).toBe(502);
    expect(mapped(new EngineUnreachableError({ method: 'GET', path: '/task', baseUrl: 'http://x', cause: new Error('ECONNREFUSED') })).status).toBe(503);
  });

  it('turns a variable the engine cannot hold into a field error and leaves other errors alone', () => {
    const error = mapped(new EngineVariableError('amount', '不是有限数值', 'is not a finite number'));
    expect(error).toMatchObject({ status: 400, code: 'invalid-fields' });
    expect(error.details['fields']).toEqual([expect.objectContaining({ field: 'amount' })]);
    const other = new Error('x');
    expect(fromEngineError(other)).toBe(other);
  });
});
