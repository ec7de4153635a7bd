/**
 * Fills a notice template and wraps it in the 公文 frame. Every missing or
 * unusable value is reported at once, naming the variable, because the
 * process must be corrected before any retry can succeed.
 */
import { toChinaDate } from '../deadline/calendar.ts';
import type { NoticeType } from '../contract.ts';
import { InvalidVariablesError } from '../variables.ts';
import { NOTICE_TEMPLATES, type NoticeTemplate } from './templates.ts';

/** `{{ name }}` or `{{ name.field.sub }}`; names are variable-like, so a process variable or a camunda:map entry can fill them. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;

/** Filled in by the worker, never looked up in variables. */
export const RESERVED_NAMESPACE = 'notice';

const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Two full-width spaces: the first-line indent of a 公文 paragraph. */
const PARAGRAPH_INDENT = '\u3000\u3000';

export interface NoticeFrame {
  /** 主送: the names of the main recipients. */
  readonly recipients: readonly string[];
  /** 抄送: the names of the copied recipients. */
  readonly cc: readonly string[];
  /** 发文单位. */
  readonly issuer: string;
  /** 成文日期, YYYY-MM-DD in China. */
  readonly date: string;
}

export interface RenderedNotice {
  readonly subject: string;
  readonly body: string;
}

/** Where placeholder values come from, first match wins. */
export type ValueScopes = readonly Readonly<Record<string, unknown>>[];

/** `2026-03-02` → `2026年3月2日`, the way dates are written in 公文. */
export function chineseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** The China wall-clock time of an ISO date-time with offset: `9时`, `18时30分`. */
function chineseTime(dateTime: string): string {
  const china = new Date(Date.parse(dateTime) + CHINA_UTC_OFFSET_MS);
  const hours = china.getUTCHours();
  const minutes = china.getUTCMinutes();
  return minutes === 0 ? `${hours}时` : `${hours}时${minutes}分`;
}

export function placeholdersOf(template: NoticeTemplate): string[] {
  const names = new Set<string>();
  for (const text of [template.subject, ...template.paragraphs, ...(template.addressee === undefined ? [] : [template.addressee])]) {
    for (const match of text.matchAll(PLACEHOLDER)) names.add(match[1] as string);
  }
  return [...names];
}

function lookup(scope: Readonly<Record<string, unknown>>, path: string): unknown {
  let current: unknown = scope;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

type Formatted = { readonly ok: true; readonly text: string } | { readonly ok: false };

function formatScalar(value: unknown): Formatted {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return { ok: false };
    // Dates arrive as YYYY-MM-DD or as date-times (e.g. due dates from the deadline workers); a 公文 writes 年月日 and 时分.
    const date = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(text) ? toChinaDate(text) : undefined;
    if (date === undefined) return { ok: true, text };
    return { ok: true, text: text.length === 10 ? chineseDate(date) : `${chineseDate(date)}${chineseTime(text)}` };
  }
  if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, text: String(value) };
  if (typeof value === 'boolean') return { ok: true, text: value ? '是' : '否' };
  return { ok: false };
}

function format(value: unknown): Formatted {
  if (!Array.isArray(value)) return formatScalar(value);
  const parts: string[] = [];
  for (const item of value) {
    const formatted = formatScalar(item);
    if (!formatted.ok) return formatted;
    parts.push(formatted.text);
  }
  return parts.length > 0 ? { ok: true, text: parts.join('、') } : { ok: false };
}

/**
 * The subject and body of `noticeType` for `frame`, with placeholders filled
 * from `scopes`; throws {@link InvalidVariablesError} naming each variable
 * that is missing or not text, a number, a date or a list of those.
 */
export function renderNotice(noticeType: NoticeType, scopes: ValueScopes, frame: NoticeFrame): RenderedNotice {
  const template: NoticeTemplate = NOTICE_TEMPLATES[noticeType];
  const reserved: Record<string, string> = {
    [`${RESERVED_NAMESPACE}.recipients`]: frame.recipients.join('、'),
    [`${RESERVED_NAMESPACE}.issuer`]: frame.issuer,
    [`${RESERVED_NAMESPACE}.date`]: chineseDate(frame.date),
  };
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (const name of placeholdersOf(template)) {
    if (name.split('.')[0] === RESERVED_NAMESPACE) {
      const text = reserved[name];
      if (text === undefined) {
        problems.push(
          `模板 "${noticeType}" 使用了未定义的 ${name}，可用 ${Object.keys(reserved).join('、')} / template "${noticeType}" uses ${name}, which is not defined; available: ${Object.keys(reserved).join(', ')}`,
        );
      } else {
        values.set(name, text);
      }
      continue;
    }
    const found = scopes.map((scope) => lookup(scope, name)).find((value) => value !== undefined && value !== null);
    if (found === undefined) {
      problems.push(
        `模板 "${noticeType}" 需要变量 ${name}，请在 context 或流程变量中提供 / template "${noticeType}" needs variable ${name}; provide it in context or as a process variable`,
      );
      continue;
    }
    const formatted = format(found);
    if (!formatted.ok) {
      problems.push(
        `变量 ${name} 应为非空的文字、数字、日期或其列表 / variable ${name} must be non-empty text, a number, a date or a list of those (got ${JSON.stringify(found)})`,
      );
      continue;
    }
    values.set(name, formatted.text);
  }
  if (problems.length > 0) throw new InvalidVariablesError(problems);

  const fill = (text: string): string => text.replace(PLACEHOLDER, (_match, name: string) => values.get(name) as string);
  // A header is one line: line breaks inside a value would end it early.
  const subject = fill(template.subject).replace(/\s+/g, ' ').trim();
  const addressee = template.addressee === undefined ? frame.recipients.join('、') : fill(template.addressee).replace(/\s+/g, ' ').trim();
  const documentNumber = documentNumberOf(template, scopes);
  const lines = [
    ...(documentNumber === undefined ? [] : [documentNumber, '']),
    `${addressee}：`,
    ...template.paragraphs.map((paragraph) => `${PARAGRAPH_INDENT}${fill(paragraph)}`),
    '',
    frame.issuer,
    chineseDate(frame.date),
    ...(frame.cc.length > 0 ? ['', `抄送：${frame.cc.join('、')}。`] : []),
  ];
  return { subject, body: `${lines.join('\n')}\n` };
}

/** The 文号 a template prints when its variable is given as non-blank text (it is optional: no problem when absent). */
function documentNumberOf(template: NoticeTemplate, scopes: ValueScopes): string | undefined {
  const name = template.documentNumberVariable;
  if (name === undefined) return undefined;
  const found = scopes.map((scope) => lookup(scope, name)).find((value) => value !== undefined && value !== null);
  return typeof found === 'string' && found.trim() !== '' ? found.replace(/\s+/g, ' ').trim() : undefined;
}
