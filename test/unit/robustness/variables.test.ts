/**
 * The variable parsers' answers to values no field should take (issue 13, item 6): what
 * worker-inputs.test.ts found, pinned where the rules live (workers/variables.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_TEXT_LENGTH,
  InvalidVariablesError,
  MAX_LISTED_ITEM_PROBLEMS,
  MAX_QUOTED_VALUE_LENGTH,
  choiceField,
  describeValue,
  listField,
  parseVariables,
  textField,
} from '../../../workers/variables.ts';

function problems(variables: Record<string, unknown>, schema: Parameters<typeof parseVariables>[1]): string {
  try {
    parseVariables(variables, schema);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidVariablesError);
    return (error as InvalidVariablesError).message;
  }
  throw new Error('expected the variables to be refused');
}

function nested(depth: number): unknown {
  let value: unknown = [];
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

describe('a rejected value in a message', () => {
  it('is quoted up to a bound, with its full length', () => {
    const quoted = describeValue('x'.repeat(1_000_000));
    expect(quoted.length).toBeLessThan(MAX_QUOTED_VALUE_LENGTH + 40);
    expect(quoted).toMatch(/… \(1000002 characters\)$/);
    expect(describeValue('巡查')).toBe('"巡查"');
    expect(describeValue(undefined)).toBe('undefined');
  });

  it('never cuts a surrogate pair', () => {
    const quoted = describeValue(`${'a'.repeat(MAX_QUOTED_VALUE_LENGTH - 2)}😀😀`);
    expect(quoted).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('is described, not thrown, when nested too deeply for JSON.stringify', () => {
    expect(() => JSON.stringify(nested(10_000))).toThrow(RangeError);
    expect(describeValue(nested(10_000))).toContain('nested too deeply');
    expect(problems({ kind: nested(10_000) }, { kind: choiceField(['a', 'b']) })).toContain('variable kind must be one of: a, b');
  });

  it('keeps a 1 MB value of a choice field out of the incident', () => {
    expect(problems({ kind: 'x'.repeat(1_000_000) }, { kind: choiceField(['a', 'b']) }).length).toBeLessThan(1_000);
  });
});

describe('text fields', () => {
  it('refuse a NUL character, which PostgreSQL cannot store', () => {
    const message = problems({ note: '已收悉\u0000' }, { note: textField() });
    expect(message).toContain('不能含有 NUL 字符');
    expect(message).toContain('variable note must not contain NUL characters');
  });

  it(`refuse free text over ${DEFAULT_MAX_TEXT_LENGTH} characters unless the field sets its own bound`, () => {
    expect(parseVariables({ note: '隐'.repeat(DEFAULT_MAX_TEXT_LENGTH) }, { note: textField() }).note).toHaveLength(DEFAULT_MAX_TEXT_LENGTH);
    expect(problems({ note: '隐'.repeat(DEFAULT_MAX_TEXT_LENGTH + 1) }, { note: textField() })).toContain(`variable note must be at most ${DEFAULT_MAX_TEXT_LENGTH} characters`);
    expect(parseVariables({ note: 'x'.repeat(200_000) }, { note: textField({ maxLength: 200_000 }) }).note).toHaveLength(200_000);
  });
});

describe('list fields', () => {
  it(`name the first ${MAX_LISTED_ITEM_PROBLEMS} wrong items and count the rest`, () => {
    const message = problems({ ids: Array.from({ length: 100_000 }, () => 42) }, { ids: listField(textField()) });
    expect(message).toContain('variable ids[0] must be non-empty text');
    expect(message).toContain(`variable ids[${MAX_LISTED_ITEM_PROBLEMS - 1}] must be non-empty text`);
    expect(message).not.toContain(`ids[${MAX_LISTED_ITEM_PROBLEMS}]`);
    expect(message).toContain(`变量 ids 另有 ${100_000 - MAX_LISTED_ITEM_PROBLEMS} 项有误 / variable ids has ${100_000 - MAX_LISTED_ITEM_PROBLEMS} more wrong items`);
    expect(message.length).toBeLessThan(2_000);
  });
});
