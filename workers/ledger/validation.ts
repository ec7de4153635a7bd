/**
 * Input checks for ledger writes. Every problem of one call is collected and
 * reported at once, in Chinese and English, because the values come from
 * process variables and an operator fixes them all in one pass in Cockpit.
 */
import { isIsoDate } from '../deadline/calendar.ts';
import { InvalidVariablesError } from '../variables.ts';
import type { CalendarDate, InstantInput, Timestamp } from './types.ts';

/**
 * Raised for input no retry can fix. It is an {@link InvalidVariablesError},
 * so the worker policy fails the job with no retries and Cockpit shows an
 * incident naming the field.
 */
export class LedgerInputError extends InvalidVariablesError {
  readonly operation: string;

  constructor(operation: string, problems: readonly string[]) {
    super(problems.map((problem) => `${operation}: ${problem}`));
    this.name = 'LedgerInputError';
    this.operation = operation;
  }
}

/** Idempotency keys are built from engine ids (activity instance ids) and a purpose; anything longer is a mistake. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
/** Names, numbers and titles; free text (content, description) is unbounded. */
export const MAX_SHORT_TEXT_LENGTH = 500;

const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? String(value);
}

/** Collects the problems of one operation's input, then throws them together. */
export class InputCheck {
  readonly #operation: string;
  readonly #problems: string[] = [];

  constructor(operation: string) {
    this.#operation = operation;
  }

  problem(chinese: string, english: string): void {
    this.#problems.push(`${chinese} / ${english}`);
  }

  /** Trimmed, non-empty text. */
  text(name: string, value: unknown, maxLength?: number): string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.problem(`缺少 ${name} 或为空`, `${name} is missing or empty (got ${show(value)})`);
      return '';
    }
    const trimmed = value.trim();
    if (maxLength !== undefined && trimmed.length > maxLength) {
      this.problem(`${name} 超过 ${maxLength} 个字符`, `${name} is longer than ${maxLength} characters`);
    }
    return trimmed;
  }

  /** Absent, null or blank yields null; present must be text. */
  optionalText(name: string, value: unknown, maxLength?: number): string | null {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
    return this.text(name, value, maxLength);
  }

  idempotencyKey(value: unknown): string {
    return this.text('idempotencyKey', value, MAX_IDEMPOTENCY_KEY_LENGTH);
  }

  choice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
    this.problem(
      `${name} 应为以下之一：${choices.join('、')}`,
      `${name} must be one of: ${choices.join(', ')} (got ${show(value)})`,
    );
    return choices[0] as T;
  }

  optionalChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T | undefined {
    return value === undefined || value === null ? undefined : this.choice(name, value, choices);
  }

  /** A Date or ISO-8601 text with Z or an offset; absent yields `fallback`. */
  instant(name: string, value: InstantInput | null | undefined, fallback: () => Date): Timestamp {
    if (value === undefined || value === null) return fallback().toISOString();
    const parsed = toInstant(value);
    if (parsed === undefined) {
      this.problem(
        `${name} 应为带时区的 ISO-8601 时间，如 2026-03-02T09:30:00+08:00`,
        `${name} must be an ISO-8601 date-time with Z or an offset, e.g. 2026-03-02T09:30:00+08:00 (got ${show(value)})`,
      );
      return fallback().toISOString();
    }
    return parsed;
  }

  optionalDate(name: string, value: unknown): CalendarDate | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'string' && isIsoDate(value)) return value;
    this.problem(`${name} 应为 YYYY-MM-DD 日期`, `${name} must be a YYYY-MM-DD date (got ${show(value)})`);
    return null;
  }

  nonNegativeInteger(name: string, value: unknown): number {
    if (value === undefined || value === null) return 0;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    this.problem(`${name} 应为非负整数`, `${name} must be a non-negative integer (got ${show(value)})`);
    return 0;
  }

  /** Yuan with at most two decimals, returned in fen so sums stay exact. */
  yuanAsFen(name: string, value: unknown): number {
    if (value === undefined || value === null) return 0;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      const fen = Math.round(value * 100);
      if (Math.abs(fen - value * 100) < 1e-6 && Number.isSafeInteger(fen)) return fen;
    }
    this.problem(`${name} 应为非负金额（元，最多两位小数）`, `${name} must be a non-negative amount in yuan with at most two decimals (got ${show(value)})`);
    return 0;
  }

  /** Throws a {@link LedgerInputError} when anything was wrong. */
  done(): void {
    if (this.#problems.length > 0) throw new LedgerInputError(this.#operation, this.#problems);
  }
}

/** Normalises to the one text form both backends compare correctly: UTC with milliseconds. */
export function toInstant(value: InstantInput): Timestamp | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  }
  if (typeof value !== 'string' || !OFFSET_DATE_TIME.test(value.trim())) return undefined;
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
