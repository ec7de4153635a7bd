/**
 * Working-day arithmetic on the official Chinese calendar: weekends, the
 * statutory holidays and the 调休 make-up working days announced each year by
 * the State Council (from the chinese-days package), corrected by an override
 * file an administrator edits when a new schedule is published before the
 * package carries it.
 */
import { readFile } from 'node:fs/promises';
// The package's own date helpers parse dates as UTC but read them back in the
// process time zone, which shifts every day by one west of Greenwich; its
// published data table has no such problem, so lookups go through the table.
import packagedSchedule from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** A calendar date written YYYY-MM-DD, always meaning the day in China (UTC+8, no daylight saving since 1991). */
export type IsoDate = string;

export interface CalendarOverrides {
  /** Days off that the package does not know (e.g. next year's 春节 before the package is updated). */
  readonly holidays: readonly IsoDate[];
  /** 调休 working days (often weekends) that the package does not know. */
  readonly workdays: readonly IsoDate[];
  /** Last year whose schedule the overrides complete; extends how far results are trusted. */
  readonly knownThroughYear?: number;
}

export interface WorkingDayResult {
  readonly date: IsoDate;
  /** True when the result lies in a year whose holiday schedule is not known: weekends only were skipped there. */
  readonly beyondKnownCalendar: boolean;
  readonly knownThroughYear: number;
}

export class CalendarOverrideError extends Error {
  constructor(source: string, problems: readonly string[]) {
    super(`节假日调整文件无效 / invalid calendar override file ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'CalendarOverrideError';
  }
}

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Whether `value` is a real calendar date in YYYY-MM-DD form (rejects 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The China calendar date of a YYYY-MM-DD string or an ISO-8601 date-time
 * with offset; undefined when it is neither.
 */
export function toChinaDate(value: string): IsoDate | undefined {
  if (isIsoDate(value)) return value;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const instant = Date.parse(value);
  if (Number.isNaN(instant)) return undefined;
  return new Date(instant + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  const instant = Date.parse(`${date}T00:00:00Z`) + days * 24 * 60 * 60 * 1000;
  return new Date(instant).toISOString().slice(0, 10);
}

/**
 * The date `months` calendar months after `date`: the same day of the month,
 * or the last day of the target month when it has no such day (民法典第二百零三条:
 * 到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日). E.g.
 * 2026-08-31 + 1 → 2026-09-30. Whether that day is a working day is the
 * caller's concern ({@link WorkingDayCalendar.nextWorkingDayOnOrAfter}).
 */
export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  if (!isIsoDate(date)) {
    throw new RangeError(`日期应为 YYYY-MM-DD / date must be YYYY-MM-DD, got "${date}"`);
  }
  if (!Number.isInteger(months)) {
    throw new RangeError(`月数应为整数 / months must be an integer, got ${months}`);
  }
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const target = new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)));
  target.setUTCFullYear(targetYear);
  return target.toISOString().slice(0, 10);
}

function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

function isWeekend(date: IsoDate): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

interface PackagedSchedule {
  /** Statutory days off, keyed YYYY-MM-DD, valued "English name,中文名,length". */
  readonly holidays: Readonly<Record<IsoDate, string>>;
  /** 调休 make-up working days on weekends. */
  readonly workdays: Readonly<Record<IsoDate, string>>;
}

const schedule: PackagedSchedule = packagedSchedule;

/** Last year for which the chinese-days package lists the State Council holiday schedule. */
export const PACKAGED_KNOWN_THROUGH_YEAR: number = Math.max(...Object.keys(schedule.holidays).map(yearOf));

/** Validates parsed override JSON, reporting every problem at once. */
export function parseCalendarOverrides(data: unknown, source = 'overrides'): CalendarOverrides {
  const problems: string[] = [];
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new CalendarOverrideError(source, ['顶层应为 JSON 对象 / top level must be a JSON object']);
  }
  const record = data as Record<string, unknown>;
  const readDates = (key: 'holidays' | 'workdays'): IsoDate[] => {
    const value = record[key] ?? [];
    if (!Array.isArray(value)) {
      problems.push(`${key} 应为日期数组 / ${key} must be an array of YYYY-MM-DD dates`);
      return [];
    }
    const dates: IsoDate[] = [];
    for (const entry of value) {
      if (typeof entry === 'string' && isIsoDate(entry)) {
        dates.push(entry);
      } else {
        problems.push(`${key} 中的 ${JSON.stringify(entry)} 不是 YYYY-MM-DD 日期 / ${JSON.stringify(entry)} in ${key} is not a YYYY-MM-DD date`);
      }
    }
    return dates;
  };
  const holidays = readDates('holidays');
  const workdays = readDates('workdays');
  for (const date of holidays.filter((day) => workdays.includes(day))) {
    problems.push(`${date} 同时列为休息日和工作日 / ${date} is listed both as holiday and as workday`);
  }
  const knownThroughYear = record['knownThroughYear'];
  if (knownThroughYear !== undefined && !(typeof knownThroughYear === 'number' && Number.isInteger(knownThroughYear))) {
    problems.push(`knownThroughYear 应为整数年份 / knownThroughYear must be an integer year`);
  }
  if (problems.length > 0) {
    throw new CalendarOverrideError(source, problems);
  }
  return {
    holidays,
    workdays,
    ...(typeof knownThroughYear === 'number' ? { knownThroughYear } : {}),
  };
}

export async function loadCalendarOverrides(file: string): Promise<CalendarOverrides> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CalendarOverrideError(file, [`无法读取 / cannot be read: ${(error as Error).message}`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CalendarOverrideError(file, [`不是合法 JSON / is not valid JSON: ${(error as Error).message}`]);
  }
  return parseCalendarOverrides(data, file);
}

/** Guards against a runaway loop from a nonsensical request; no procedure counts this many working days. */
export const MAX_WORKING_DAYS = 3660;

export class WorkingDayCalendar {
  readonly knownThroughYear: number;
  private readonly extraHolidays: ReadonlySet<IsoDate>;
  private readonly extraWorkdays: ReadonlySet<IsoDate>;

  constructor(overrides: CalendarOverrides = { holidays: [], workdays: [] }) {
    this.extraHolidays = new Set(overrides.holidays);
    this.extraWorkdays = new Set(overrides.workdays);
    this.knownThroughYear = Math.max(PACKAGED_KNOWN_THROUGH_YEAR, overrides.knownThroughYear ?? 0);
  }

  static async fromFile(file: string): Promise<WorkingDayCalendar> {
    return new WorkingDayCalendar(await loadCalendarOverrides(file));
  }

  isKnownYear(year: number): boolean {
    return year <= this.knownThroughYear;
  }

  isWorkingDay(date: IsoDate): boolean {
    if (this.extraWorkdays.has(date)) return true;
    if (this.extraHolidays.has(date)) return false;
    if (schedule.workdays[date] !== undefined) return true;
    if (schedule.holidays[date] !== undefined) return false;
    return !isWeekend(date);
  }

  /**
   * The date `workingDays` working days after `from` ("within N working
   * days" of an event on `from`). With 0 the result is `from` itself when it
   * is a working day, otherwise the next working day.
   */
  addWorkingDays(from: IsoDate, workingDays: number): WorkingDayResult {
    if (!isIsoDate(from)) {
      throw new RangeError(`起始日期应为 YYYY-MM-DD / start date must be YYYY-MM-DD, got "${from}"`);
    }
    if (!Number.isInteger(workingDays) || workingDays < 0 || workingDays > MAX_WORKING_DAYS) {
      throw new RangeError(
        `工作日数应为 0 到 ${MAX_WORKING_DAYS} 的整数 / working days must be an integer from 0 to ${MAX_WORKING_DAYS}, got ${workingDays}`,
      );
    }
    let date = from;
    if (workingDays === 0) {
      while (!this.isWorkingDay(date)) date = addCalendarDays(date, 1);
    } else {
      let remaining = workingDays;
      while (remaining > 0) {
        date = addCalendarDays(date, 1);
        if (this.isWorkingDay(date)) remaining -= 1;
      }
    }
    return this.result(date);
  }

  /** `date` itself when it is a working day, otherwise the first working day after it (遇节假日顺延). */
  nextWorkingDayOnOrAfter(date: IsoDate): WorkingDayResult {
    return this.addWorkingDays(date, 0);
  }

  /**
   * The date `workingDays` working days before `to`, e.g. the day a reminder
   * is due "N working days before the deadline". With 0 the result is `to`
   * itself when it is a working day, otherwise the previous working day.
   */
  subtractWorkingDays(to: IsoDate, workingDays: number): WorkingDayResult {
    if (!isIsoDate(to)) {
      throw new RangeError(`日期应为 YYYY-MM-DD / date must be YYYY-MM-DD, got "${to}"`);
    }
    if (!Number.isInteger(workingDays) || workingDays < 0 || workingDays > MAX_WORKING_DAYS) {
      throw new RangeError(
        `工作日数应为 0 到 ${MAX_WORKING_DAYS} 的整数 / working days must be an integer from 0 to ${MAX_WORKING_DAYS}, got ${workingDays}`,
      );
    }
    let date = to;
    if (workingDays === 0) {
      while (!this.isWorkingDay(date)) date = addCalendarDays(date, -1);
    } else {
      let remaining = workingDays;
      while (remaining > 0) {
        date = addCalendarDays(date, -1);
        if (this.isWorkingDay(date)) remaining -= 1;
      }
    }
    return this.result(date);
  }

  private result(date: IsoDate): WorkingDayResult {
    return {
      date,
      beyondKnownCalendar: !this.isKnownYear(yearOf(date)),
      knownThroughYear: this.knownThroughYear,
    };
  }
}
