/**
 * Typed reading of job variables. A worker declares what it expects; anything
 * else becomes one bilingual message per variable so the incident in Cockpit
 * says exactly which variable to fix.
 */
import { type IsoDate, isIsoDate, toChinaDate } from './deadline/calendar.ts';

export type FieldResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** Reads one variable; only an optional parser is handed absent or null values. */
export interface FieldParser<T> {
  readonly optional: boolean;
  parse(value: unknown, name: string): FieldResult<T>;
}

export type VariableSchema = Readonly<Record<string, FieldParser<unknown>>>;
export type VariablesOf<S extends VariableSchema> = { readonly [K in keyof S]: S[K] extends FieldParser<infer T> ? T : never };

/** Input variables that no retry can fix: the process must be corrected first. */
export class InvalidVariablesError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `输入变量无效，请在 Cockpit 中修正流程变量后重试 / invalid input variables; fix them in Cockpit, then retry:\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'InvalidVariablesError';
    this.problems = problems;
  }
}

/** How much of a rejected value a message quotes: enough to find it, never the whole of a huge one. */
export const MAX_QUOTED_VALUE_LENGTH = 200;

/**
 * A rejected value for a message, as JSON cut to {@link MAX_QUOTED_VALUE_LENGTH}
 * characters. A value nested too deeply to serialise is described, not thrown
 * (JSON.stringify overflows the stack there, which would crash the job instead of
 * raising the incident).
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? '[… a list nested too deeply to show]' : '{… an object nested too deeply to show}';
  }
  if (text.length <= MAX_QUOTED_VALUE_LENGTH) return text;
  // Cut between characters, never inside a surrogate pair.
  const cut = text.slice(0, MAX_QUOTED_VALUE_LENGTH).replace(/[\uD800-\uDBFF]$/, '');
  return `${cut}… (${text.length} characters)`;
}

const describe = describeValue;

function ok<T>(value: T): FieldResult<T> {
  return { ok: true, value };
}

function problem<T>(name: string, chinese: string, english: string, value: unknown): FieldResult<T> {
  return { ok: false, problem: `变量 ${name} ${chinese} / variable ${name} ${english} (got ${describe(value)})` };
}

function required<T>(parse: (value: unknown, name: string) => FieldResult<T>): FieldParser<T> {
  return { optional: false, parse };
}

/** A calendar date: YYYY-MM-DD, or an ISO-8601 date-time with offset taken as its day in China. */
export function dateField(): FieldParser<IsoDate> {
  return required((value, name) => {
    const date = typeof value === 'string' ? toChinaDate(value.trim()) : undefined;
    return date !== undefined && isIsoDate(date)
      ? ok(date)
      : problem(name, '应为 YYYY-MM-DD 日期或带时区的 ISO-8601 时间', 'must be a YYYY-MM-DD date or an ISO-8601 date-time with offset', value);
  });
}

export function integerField(bounds: { readonly min: number; readonly max: number }): FieldParser<number> {
  return required((value, name) =>
    typeof value === 'number' && Number.isInteger(value) && value >= bounds.min && value <= bounds.max
      ? ok(value)
      : problem(
          name,
          `应为 ${bounds.min} 到 ${bounds.max} 之间的整数`,
          `must be an integer from ${bounds.min} to ${bounds.max}`,
          value,
        ),
  );
}

/** An amount of money in yuan (元): not negative, at most two decimals (分), as a 处罚决定书 states it. */
export function yuanField(bounds: { readonly max: number }): FieldParser<number> {
  return required((value, name) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= bounds.max && Math.abs(Math.round(value * 100) - value * 100) < 1e-6
      ? ok(value)
      : problem(name, `应为 0 到 ${bounds.max} 元之间、最多两位小数的金额`, `must be an amount of yuan from 0 to ${bounds.max} with at most two decimals`, value),
  );
}

export function booleanField(): FieldParser<boolean> {
  return required((value, name) =>
    typeof value === 'boolean' ? ok(value) : problem(name, '应为 true 或 false', 'must be true or false', value),
  );
}

/** A name usable as a process variable and in JUEL without quoting. */
export function variableNameField(): FieldParser<string> {
  return required((value, name) =>
    typeof value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)
      ? ok(value)
      : problem(name, '应为变量名（字母、数字、下划线，不以数字开头）', 'must be a variable name (letters, digits, underscore; not starting with a digit)', value),
  );
}

/** Absent or null yields `fallback`; a present value must still be valid. */
export function optionalField<T>(parser: FieldParser<T>, fallback: T): FieldParser<T> {
  return {
    optional: true,
    parse: (value, name) => (value === undefined || value === null ? ok(fallback) : parser.parse(value, name)),
  };
}

/** Reads every field of `schema` from `source`, naming nested fields `prefix.field`. */
function collectFields(
  source: Readonly<Record<string, unknown>>,
  schema: VariableSchema,
  prefix: string,
): { readonly values: Record<string, unknown>; readonly problems: string[] } {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [field, parser] of Object.entries(schema)) {
    const name = `${prefix}${field}`;
    const value = source[field];
    if (!parser.optional && (value === undefined || value === null)) {
      problems.push(`缺少变量 ${name} / variable ${name} is missing`);
      continue;
    }
    const result = parser.parse(value, name);
    if (result.ok) {
      if (result.value !== undefined) values[field] = result.value;
    } else {
      problems.push(result.problem);
    }
  }
  return { values, problems };
}

export function parseVariables<S extends VariableSchema>(variables: Readonly<Record<string, unknown>>, schema: S): VariablesOf<S> {
  const { values, problems } = collectFields(variables, schema, '');
  if (problems.length > 0) {
    throw new InvalidVariablesError(problems);
  }
  return values as VariablesOf<S>;
}

/**
 * The longest free text (a description, a letter's body, a report section) a
 * worker takes when the field sets no bound of its own: far beyond any 公文, and
 * a 1 MB value pasted or generated by mistake is an incident, not a ledger row.
 */
export const DEFAULT_MAX_TEXT_LENGTH = 100_000;

/**
 * Trimmed, non-empty text of at most `maxLength` characters (default
 * {@link DEFAULT_MAX_TEXT_LENGTH}), without NUL characters, which PostgreSQL
 * cannot store (the ledger and the engine would fail on every retry).
 */
export function textField(options: { readonly maxLength?: number } = {}): FieldParser<string> {
  const maxLength = options.maxLength ?? DEFAULT_MAX_TEXT_LENGTH;
  return required((value, name) => {
    if (typeof value !== 'string' || value.trim() === '') {
      return problem(name, '应为非空文本', 'must be non-empty text', value);
    }
    if (value.includes('\u0000')) {
      return problem(name, '不能含有 NUL 字符（\\u0000）', 'must not contain NUL characters (\\u0000)', value);
    }
    const trimmed = value.trim();
    return trimmed.length <= maxLength
      ? ok(trimmed)
      : problem(name, `不能超过 ${maxLength} 个字符`, `must be at most ${maxLength} characters`, `${trimmed.slice(0, 40)}…`);
  });
}

/** One of a fixed list of values, compared exactly (Chinese terms included). */
export function choiceField<T extends string>(choices: readonly T[]): FieldParser<T> {
  return required((value, name) =>
    typeof value === 'string' && (choices as readonly string[]).includes(value)
      ? ok(value as T)
      : problem(name, `应为以下之一：${choices.join('、')}`, `must be one of: ${choices.join(', ')}`, value),
  );
}

const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 date-time with Z or an offset (as the engine and the forms write them), kept as written. */
export function instantField(): FieldParser<string> {
  return required((value, name) =>
    typeof value === 'string' && OFFSET_DATE_TIME.test(value.trim()) && !Number.isNaN(Date.parse(value.trim()))
      ? ok(value.trim())
      : problem(
          name,
          '应为带时区的 ISO-8601 时间，如 2026-03-02T09:30:00+08:00',
          'must be an ISO-8601 date-time with Z or an offset, e.g. 2026-03-02T09:30:00+08:00',
          value,
        ),
  );
}

/** Absent or null yields undefined, so the caller can tell "not given" from any default. */
/** Camunda forms submit an optional text field left empty as "", which means "not given". */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export function maybeField<T>(parser: FieldParser<T>): FieldParser<T | undefined> {
  return {
    optional: true,
    parse: (value, name) => (isAbsent(value) ? ok(undefined) : parser.parse(value, name)),
  };
}

/**
 * A JSON object read with its own schema; problems name the nested variable
 * (`finding.category`) and are joined into one, as a FieldResult has one problem.
 */
export function objectField<S extends VariableSchema>(schema: S): FieldParser<VariablesOf<S>> {
  return required((value, name) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return problem(name, '应为对象', 'must be an object', value);
    }
    const { values, problems } = collectFields(value as Record<string, unknown>, schema, `${name}.`);
    return problems.length > 0 ? { ok: false, problem: problems.join('; ') } : ok(values as VariablesOf<S>);
  });
}

/** The wrong items of one list a message names one by one; the rest are counted. */
export const MAX_LISTED_ITEM_PROBLEMS = 10;

/** A JSON array whose items all satisfy `item`; problems name the item (`clues[2].source`). */
export function listField<T>(item: FieldParser<T>, bounds: { readonly minItems?: number; readonly maxItems?: number } = {}): FieldParser<T[]> {
  const minItems = bounds.minItems ?? 0;
  const maxItems = bounds.maxItems ?? Number.POSITIVE_INFINITY;
  return required((value, name) => {
    if (!Array.isArray(value)) return problem(name, '应为列表', 'must be a list', value);
    if (value.length < minItems || value.length > maxItems) {
      const range = Number.isFinite(maxItems) ? `${minItems} 到 ${maxItems}` : `至少 ${minItems}`;
      const englishRange = Number.isFinite(maxItems) ? `${minItems} to ${maxItems}` : `at least ${minItems}`;
      return { ok: false, problem: `变量 ${name} 应有${range}项 / variable ${name} must have ${englishRange} items (got ${value.length})` };
    }
    const values: T[] = [];
    const problems: string[] = [];
    let wrongItems = 0;
    value.forEach((element: unknown, index) => {
      const itemName = `${name}[${index}]`;
      let itemProblem: string | undefined;
      if (!item.optional && (element === undefined || element === null)) {
        itemProblem = `缺少变量 ${itemName} / variable ${itemName} is missing`;
      } else {
        const result = item.parse(element, itemName);
        if (result.ok) values.push(result.value);
        else itemProblem = result.problem;
      }
      if (itemProblem === undefined) return;
      wrongItems += 1;
      if (wrongItems <= MAX_LISTED_ITEM_PROBLEMS) problems.push(itemProblem);
    });
    if (wrongItems > MAX_LISTED_ITEM_PROBLEMS) {
      const more = wrongItems - MAX_LISTED_ITEM_PROBLEMS;
      problems.push(`变量 ${name} 另有 ${more} 项有误 / variable ${name} has ${more} more wrong items`);
    }
    return problems.length > 0 ? { ok: false, problem: problems.join('; ') } : ok(values);
  });
}
