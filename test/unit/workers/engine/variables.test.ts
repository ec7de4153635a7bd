import { describe, expect, it } from 'vitest';
import {
  EngineVariableError,
  formatEngineDate,
  fromEngineVariables,
  normaliseEngineDate,
  parseEngineDate,
  toEngineVariables,
} from '../../../../workers/engine/variables.ts';

describe('toEngineVariables', () => {
  it('types each value as the engine stores it', () => {
    expect(
      toEngineVariables({
        name: '巡查组',
        count: 3,
        negative: -(2 ** 31),
        big: 2 ** 31,
        ratio: 0.5,
        done: false,
        nothing: null,
        missing: undefined,
        at: new Date('2026-03-02T01:00:00.000Z'),
        finding: { category: '重大事故隐患', items: [1, 'a', null] },
        list: ['a', 'b'],
      }),
    ).toEqual({
      name: { value: '巡查组', type: 'String' },
      count: { value: 3, type: 'Integer' },
      negative: { value: -(2 ** 31), type: 'Integer' },
      big: { value: 2 ** 31, type: 'Long' },
      ratio: { value: 0.5, type: 'Double' },
      done: { value: false, type: 'Boolean' },
      nothing: { value: null, type: 'Null' },
      missing: { value: null, type: 'Null' },
      at: { value: '2026-03-02T01:00:00.000+0000', type: 'Date' },
      finding: { value: '{"category":"重大事故隐患","items":[1,"a",null]}', type: 'Json' },
      list: { value: '["a","b"]', type: 'Json' },
    });
  });

  it('refuses values no variable can hold, naming the variable', () => {
    expect(() => toEngineVariables({ ratio: Number.NaN })).toThrow(EngineVariableError);
    expect(() => toEngineVariables({ ratio: Number.POSITIVE_INFINITY })).toThrow(/variable ratio is not a finite number/);
    expect(() => toEngineVariables({ callback: () => 1 })).toThrow(/变量 callback/);
    expect(() => toEngineVariables({ when: new Date('nonsense') })).toThrow(/invalid date/);
  });
});

describe('fromEngineVariables', () => {
  it('accepts Json as text or already parsed, and JSON-serialized Object values', () => {
    expect(
      fromEngineVariables({
        asText: { type: 'Json', value: '{"a":[1,2]}' },
        parsed: { type: 'Json', value: { a: [1, 2] } },
        object: { type: 'Object', value: '{"b":true}', valueInfo: { objectTypeName: 'java.util.HashMap', serializationDataFormat: 'application/json' } },
        javaSerialized: { type: 'Object', value: 'rO0ABXNy', valueInfo: { serializationDataFormat: 'application/x-java-serialized-object' } },
        nothing: { type: 'Null', value: null },
        count: { type: 'Long', value: 12 },
      }),
    ).toEqual({ asText: { a: [1, 2] }, parsed: { a: [1, 2] }, object: { b: true }, javaSerialized: 'rO0ABXNy', nothing: null, count: 12 });
  });

  it('gives dates as ISO 8601 with a colon in the offset', () => {
    expect(fromEngineVariables({ at: { type: 'Date', value: '2026-03-02T09:00:00.000+0800' } })).toEqual({ at: '2026-03-02T09:00:00.000+08:00' });
  });

  it('names a Json variable whose text is broken', () => {
    expect(() => fromEngineVariables({ finding: { type: 'Json', value: '{broken' } })).toThrow(/variable finding is typed as JSON/);
  });

  it('reads nothing from absent variables', () => {
    expect(fromEngineVariables(null)).toEqual({});
    expect(fromEngineVariables(undefined)).toEqual({});
  });
});

describe('round trip', () => {
  it('returns every JSON value unchanged', () => {
    const values = {
      text: '安全生产巡查',
      empty: '',
      integer: 42,
      long: 9_007_199_254_740_991,
      double: -3.25,
      yes: true,
      nothing: null,
      profile: { id: 'jiangxi', deadlines: { rectificationDays: 30 }, tags: ['a', { b: null }] },
      rows: [[1, 2], []],
    };
    // JSON.parse(JSON.stringify(...)) stands in for the HTTP hop.
    expect(fromEngineVariables(JSON.parse(JSON.stringify(toEngineVariables(values))))).toEqual(values);
  });

  it('keeps the instant of a Date', () => {
    const at = new Date('2026-12-01T09:00:00.123+08:00');
    const back = fromEngineVariables(toEngineVariables({ at }))['at'];
    expect(typeof back).toBe('string');
    expect(Date.parse(back as string)).toBe(at.getTime());
  });
});

describe('engine dates', () => {
  it('formats, normalises and parses the engine format', () => {
    expect(formatEngineDate(new Date('2026-03-02T01:00:00.000Z'))).toBe('2026-03-02T01:00:00.000+0000');
    expect(normaliseEngineDate('2026-03-02T09:00:00.000-0330')).toBe('2026-03-02T09:00:00.000-03:30');
    expect(normaliseEngineDate('2026-03-02T09:00:00.000+08:00')).toBe('2026-03-02T09:00:00.000+08:00');
    expect(parseEngineDate('2026-03-02T09:00:00.000+0800')).toBe(Date.parse('2026-03-02T01:00:00.000Z'));
    expect(parseEngineDate('not a date')).toBeNaN();
  });
});
