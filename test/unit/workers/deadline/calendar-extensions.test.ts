import { describe, expect, it } from 'vitest';
import { PACKAGED_KNOWN_THROUGH_YEAR, WorkingDayCalendar, addCalendarMonths } from '../../../../workers/deadline/calendar.ts';

describe('addCalendarMonths (民法典第二百零三条: corresponding day, else the last day of the month)', () => {
  it.each<[from: string, months: number, expected: string]>([
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-15', 6, '2026-09-15'],
    ['2026-09-30', 1, '2026-10-30'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-12-31', 12, '2027-12-31'],
    ['2026-05-20', 0, '2026-05-20'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(addCalendarMonths(from, months)).toBe(expected);
  });

  it('rejects a malformed date or a fractional count', () => {
    expect(() => addCalendarMonths('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addCalendarMonths('2026-02-01', 1.5)).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar: next and previous working days on the 2026 calendar', () => {
  const calendar = new WorkingDayCalendar();

  it('keeps a working day and moves a holiday to the next working day', () => {
    expect(calendar.nextWorkingDayOnOrAfter('2026-09-30').date).toBe('2026-09-30');
    expect(calendar.nextWorkingDayOnOrAfter('2026-10-01').date).toBe('2026-10-08');
    expect(calendar.nextWorkingDayOnOrAfter('2026-10-10').date).toBe('2026-10-10');
    expect(calendar.nextWorkingDayOnOrAfter('2026-10-11').date).toBe('2026-10-12');
  });

  it.each<[to: string, workingDays: number, expected: string, reason: string]>([
    ['2026-10-13', 2, '2026-10-10', 'counts the make-up Saturday 10-10'],
    ['2026-10-12', 1, '2026-10-10', 'the make-up Saturday is the previous working day'],
    ['2026-10-09', 1, '2026-10-08', 'inside the week after National Day'],
    ['2026-10-08', 1, '2026-09-30', 'National Day 10-01..07 skipped backwards'],
    ['2026-10-08', 2, '2026-09-29', 'two before the first day after the holiday'],
    ['2026-10-05', 0, '2026-09-30', '0 on a holiday is the previous working day'],
    ['2026-10-13', 0, '2026-10-13', '0 on a working day is the day itself'],
  ])('%s - %i working days = %s (%s)', (to, workingDays, expected) => {
    expect(calendar.subtractWorkingDays(to, workingDays).date).toBe(expected);
  });

  it('flags a result beyond the published schedule and rejects nonsense', () => {
    const year = PACKAGED_KNOWN_THROUGH_YEAR + 1;
    expect(calendar.subtractWorkingDays(`${year}-03-02`, 1).beyondKnownCalendar).toBe(true);
    expect(() => calendar.subtractWorkingDays('2026-10-32', 1)).toThrow(RangeError);
    expect(() => calendar.subtractWorkingDays('2026-10-13', -1)).toThrow(RangeError);
  });
});
