/**
 * The failure both API clients (modeler and workbench) make of an error
 * answer: the server's code and bilingual message, its `error` object kept
 * for each client's extras (the workbench's field errors), and a bilingual
 * fallback when the answer says nothing.
 */
import { describe, expect, it } from 'vitest';
import { failureOf } from '../../../../../modeler-ui/web/api/json-request.ts';

describe('failureOf', () => {
  it('keeps the server’s code, message and error object', () => {
    const error = { code: 'invalid-fields', message: '请修改以下内容 / please correct', fields: [{ field: 'a', zh: '甲', en: 'a' }] };
    expect(failureOf(400, { error })).toEqual({ status: 400, code: 'invalid-fields', message: error.message, error });
  });

  it('says the HTTP status in both languages when the answer carries no error', () => {
    for (const payload of [{}, null, 'text', { error: 'not an object' }, { error: [] }]) {
      expect(failureOf(502, payload)).toEqual({ status: 502, code: 'http-error', message: '请求失败（HTTP 502）/ request failed (HTTP 502)', error: {} });
    }
  });
});
