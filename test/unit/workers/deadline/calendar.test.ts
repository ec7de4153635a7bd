import path from 'node:path';
import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import {
  CalendarOverrideError,
  PACKAGED_KNOWN_THROUGH_YEAR,
  WorkingDayCalendar,
  addCalendarDays,
  isIsoDate,
  loadCalendarOverrides,
  parseCalendarOverrides,
  toChinaDate,
} from '../../../../workers/deadline/calendar.ts';

// Expected dates below follow the State Council's 2026 schedule as shipped in
// chinese-days: 元旦 01-01..03 (Sun 01-04 worked), 春节 02-15..23 (Sat 02-14
// and Sat 02-28 worked), 劳动节 05-01..05 (Sat 05-09 worked), 中秋 09-25..27
// (Sun 09-20 worked), 国庆 10-01..07 (Sat 10-10 worked).
describe('WorkingDayCalendar on the 2026 official calendar', () => {
  const calendar = new WorkingDayCalendar();

  it.each<[from: string, workingDays: number, expected: string, reason: string]>([
    ['2026-09-30', 5, '2026-10-13', 'National Day 10-01..07 skipped, make-up Saturday 10-10 counted'],
    ['2026-09-30', 3, '2026-10-10', 'the make-up Saturday itself is a due date'],
    ['2026-09-30', 1, '2026-10-08', 'first day after the National Day holiday'],
    ['2026-09-24', 1, '2026-09-28', 'Mid-Autumn 09-25..27 skipped'],
    ['2026-09-18', 1, '2026-09-20', 'make-up Sunday 09-20 counted'],
    ['2026-02-13', 1, '2026-02-14', 'make-up Saturday before Spring Festival'],
    ['2026-02-13', 2, '2026-02-24', 'Spring Festival 02-15..23 skipped'],
    ['2026-04-30', 1, '2026-05-06', 'Labour Day 05-01..05 skipped'],
    ['2026-05-08', 1, '2026-05-09', 'make-up Saturday after Labour Day'],
    ['2026-03-02', 10, '2026-03-16', 'ordinary weeks: two weekends skipped'],
  ])('%s + %i working days = %s (%s)', (from, days, expected) => {
    const result = calendar.addWorkingDays(from, days);
    expect(result.date).toBe(expected);
    expect(result.beyondKnownCalendar).toBe(false);
  });

  it('treats 0 working days as the same day when it is a working day', () => {
    expect(calendar.addWorkingDays('2026-10-09', 0).date).toBe('2026-10-09');
  });

  it('treats 0 working days on a holiday as the next working day (a Sunday make-up day here)', () => {
    expect(calendar.addWorkingDays('2026-01-01', 0).date).toBe('2026-01-04');
  });

  it('classifies holidays, make-up days and weekends', () => {
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-12')).toBe(true);
  });

  it('agrees with chinese-days on every day of 2024-2026', () => {
    // The package's own helpers are only right where the process time zone is not west of UTC.
    if (new Date('2026-01-01T00:00:00Z').getTimezoneOffset() > 0) return;
    for (let date = '2024-01-01'; date <= '2026-12-31'; date = addCalendarDays(date, 1)) {
      expect(calendar.isWorkingDay(date), date).toBe(chineseDays.isWorkday(date));
    }
  });
});

describe('beyond the published holiday schedule', () => {
  it('knows the years the package ships', () => {
    expect(PACKAGED_KNOWN_THROUGH_YEAR).toBeGreaterThanOrEqual(2026);
  });

  it('flags a result in an unknown year instead of silently trusting weekends', () => {
    const calendar = new WorkingDayCalendar();
    const year = PACKAGED_KNOWN_THROUGH_YEAR + 1;
    const result = calendar.addWorkingDays(`${year - 1}-12-31`, 1);
    expect(result.beyondKnownCalendar).toBe(true);
    expect(result.knownThroughYear).toBe(PACKAGED_KNOWN_THROUGH_YEAR);
  });

  it('uses override holidays and workdays and extends the known range', () => {
    const calendar = new WorkingDayCalendar({
      holidays: ['2027-01-01'],
      workdays: ['2027-01-09'],
      knownThroughYear: 2027,
    });
    expect(calendar.addWorkingDays('2026-12-31', 1)).toEqual({ date: '2027-01-04', beyondKnownCalendar: false, knownThroughYear: 2027 });
    expect(calendar.isWorkingDay('2027-01-09')).toBe(true);
    expect(calendar.addWorkingDays('2027-01-08', 1).date).toBe('2027-01-09');
  });

  it('lets an override correct a packaged day', () => {
    const calendar = new WorkingDayCalendar({ holidays: ['2026-10-09'], workdays: ['2026-10-11'] });
    expect(calendar.isWorkingDay('2026-10-09')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-11')).toBe(true);
  });
});

describe('override file', () => {
  it('loads the shipped processes/calendar/overrides.json', async () => {
    const overrides = await loadCalendarOverrides(path.join(PROJECT_ROOT, 'processes/calendar/overrides.json'));
    expect(Array.isArray(overrides.holidays)).toBe(true);
    expect(Array.isArray(overrides.workdays)).toBe(true);
  });

  it('rejects malformed dates and contradictions with every problem listed', () => {
    expect(() => parseCalendarOverrides({ holidays: ['2027-02-30', '2027-01-01'], workdays: ['2027-01-01'], knownThroughYear: 'next' })).toThrow(
      CalendarOverrideError,
    );
    try {
      parseCalendarOverrides({ holidays: ['2027-02-30', '2027-01-01'], workdays: ['2027-01-01'], knownThroughYear: 'next' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('"2027-02-30"');
      expect(message).toContain('2027-01-01 同时列为休息日和工作日');
      expect(message).toContain('knownThroughYear');
    }
  });

  it('reports a missing file clearly', async () => {
    await expect(loadCalendarOverrides('/nonexistent/overrides.json')).rejects.toThrow(/无法读取 \/ cannot be read/);
  });
});

describe('date helpers', () => {
  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-9-30')).toBe(false);
  });

  it('reads a date-time as its day in China', () => {
    expect(toChinaDate('2026-09-30T20:00:00Z')).toBe('2026-10-01');
    expect(toChinaDate('2026-09-30T09:00:00+08:00')).toBe('2026-09-30');
    expect(toChinaDate('2026-09-30')).toBe('2026-09-30');
    expect(toChinaDate('30/09/2026')).toBeUndefined();
  });

  it('rejects nonsense arguments', () => {
    const calendar = new WorkingDayCalendar();
    expect(() => calendar.addWorkingDays('2026-09-31', 1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-09-30', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-09-30', 1.5)).toThrow(RangeError);
  });
});
