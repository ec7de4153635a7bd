/**
 * Plain JavaScript values ↔ the engine's typed variables. Structured values
 * travel as the engine plugin's `Json` type (JSON text, never Java
 * serialization), so JUEL sees them as maps and lists and Tasklist forms can
 * submit them.
 */
import type { EngineVariable, EngineVariables } from './rest-types.ts';

export type { EngineVariable, EngineVariables } from './rest-types.ts';

/** A value the engine cannot hold as a typed variable (a function, NaN, a huge bigint…). */
export class EngineVariableError extends TypeError {
  readonly variable: string;

  constructor(variable: string, chinese: string, english: string) {
    super(`变量 ${variable} ${chinese} / variable ${variable} ${english}`);
    this.name = 'EngineVariableError';
    this.variable = variable;
  }
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The engine's REST date format, `yyyy-MM-dd'T'HH:mm:ss.SSSZ`; UTC keeps it independent of the worker's time zone. */
export function formatEngineDate(date: Date): string {
  return date.toISOString().replace(/Z$/, '+0000');
}

/**
 * An engine date (`2026-03-02T09:00:00.000+0800`) as ISO 8601 with a colon in
 * the offset (`…+08:00`), the form the workers' instant fields and
 * `Date.parse` accept everywhere. The instant and its offset are kept.
 */
export function normaliseEngineDate(text: string): string {
  return text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

/** Milliseconds since the epoch of an engine date; NaN when it is not one. */
export function parseEngineDate(text: string): number {
  return Date.parse(normaliseEngineDate(text));
}

function toEngineVariable(name: string, value: unknown): EngineVariable {
  if (value === null || value === undefined) return { value: null, type: 'Null' };
  switch (typeof value) {
    case 'string':
      return { value, type: 'String' };
    case 'boolean':
      return { value, type: 'Boolean' };
    case 'number':
      if (!Number.isFinite(value)) throw new EngineVariableError(name, `不是有限数值（${value}）`, `is not a finite number (${value})`);
      if (Number.isSafeInteger(value)) return { value, type: value >= INT32_MIN && value <= INT32_MAX ? 'Integer' : 'Long' };
      return { value, type: 'Double' };
    case 'bigint':
      if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) return { value: Number(value), type: 'Long' };
      throw new EngineVariableError(name, '超出可精确传输的整数范围', 'is an integer too large to travel exactly as JSON');
    case 'object':
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new EngineVariableError(name, '是无效日期', 'is an invalid date');
        return { value: formatEngineDate(value), type: 'Date' };
      }
      return { value: JSON.stringify(value), type: 'Json' };
    default:
      throw new EngineVariableError(name, `的类型 ${typeof value} 无法存为流程变量`, `has type ${typeof value}, which cannot be a process variable`);
  }
}

/**
 * Typed variables for a REST request: string → String, a safe integer →
 * Integer (32-bit) or Long, other numbers → Double, boolean → Boolean,
 * null/undefined → Null, Date → Date, objects and arrays → Json (JSON text).
 */
export function toEngineVariables(values: Readonly<Record<string, unknown>>): Record<string, EngineVariable> {
  const variables: Record<string, EngineVariable> = {};
  for (const [name, value] of Object.entries(values)) {
    variables[name] = toEngineVariable(name, value);
  }
  return variables;
}

function isJsonSerialized(variable: EngineVariable): boolean {
  const format = variable.valueInfo?.['serializationDataFormat'];
  return typeof format === 'string' && format.startsWith('application/json');
}

function parseJsonText(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new EngineVariableError(name, '标为 JSON，但内容不是合法的 JSON', 'is typed as JSON but its text is not valid JSON');
  }
}

function fromEngineVariable(name: string, variable: EngineVariable): unknown {
  const { value } = variable;
  if (value === null || value === undefined) return null;
  switch (variable.type) {
    case 'Json':
    case 'json':
      // The REST API sends the JSON text, or, from some endpoints, the parsed value.
      return typeof value === 'string' ? parseJsonText(name, value) : value;
    case 'Object':
      return isJsonSerialized(variable) && typeof value === 'string' ? parseJsonText(name, value) : value;
    case 'Date':
      return typeof value === 'string' ? normaliseEngineDate(value) : value;
    default:
      return value;
  }
}

/**
 * Plain values from typed variables: Json (text or already parsed) and
 * JSON-serialized Object values become objects and arrays, Date values become
 * ISO 8601 text with a `+08:00`-style offset, everything else is its value.
 */
export function fromEngineVariables(variables: EngineVariables | null | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(variables ?? {})) {
    values[name] = fromEngineVariable(name, variable);
  }
  return values;
}
