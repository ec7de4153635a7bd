/**
 * Typed reading of job variables. A worker declares what it expects; anything
 * else becomes one bilingual message per variable so the incident in Operate
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
      `输入变量无效，请修正流程变量后在 Operate 中重试 / invalid input variables; correct the process variables, then retry in Operate:\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'InvalidVariablesError';
    this.problems = problems;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}

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

export function booleanField(): FieldParser<boolean> {
  return required((value, name) =>
    typeof value === 'boolean' ? ok(value) : problem(name, '应为 true 或 false', 'must be true or false', value),
  );
}

/** A name usable as a process variable and in FEEL without quoting. */
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

export function parseVariables<S extends VariableSchema>(variables: Readonly<Record<string, unknown>>, schema: S): VariablesOf<S> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, parser] of Object.entries(schema)) {
    const value = variables[name];
    if (!parser.optional && (value === undefined || value === null)) {
      problems.push(`缺少变量 ${name} / variable ${name} is missing`);
      continue;
    }
    const result = parser.parse(value, name);
    if (result.ok) {
      values[name] = result.value;
    } else {
      problems.push(result.problem);
    }
  }
  if (problems.length > 0) {
    throw new InvalidVariablesError(problems);
  }
  return values as VariablesOf<S>;
}
