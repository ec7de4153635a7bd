import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../../../workers/deadline/calendar.ts';
import { DISPATCH_ITEMS, dispatchDue } from '../../../../workers/campaign/dispatch-table.ts';

const calendar = new WorkingDayCalendar();

describe('调度表 due date (每月 23 日前报送，遇节假日顺延)', () => {
  it.each([
    ['2026-01', '2026-01-23', undefined],
    // 2026-02-23 is the last day of the 春节 holiday (a Monday).
    ['2026-02', '2026-02-24', '2026-02-23'],
    ['2026-03', '2026-03-23', undefined],
    // 2026-05-23 is a Saturday.
    ['2026-05', '2026-05-25', '2026-05-23'],
    ['2026-08', '2026-08-24', '2026-08-23'],
  ])('%s is due %s', (month, dueDate, movedFrom) => {
    const due = dispatchDue(calendar, month, 23);
    expect(due.dueDate).toBe(dueDate);
    expect(due.dueAt).toBe(`${dueDate}T18:00:00+08:00`);
    expect(due.movedFrom).toBe(movedFrom);
    expect(due.beyondKnownCalendar).toBe(false);
  });
});

describe('调度表 labels', () => {
  const seedFile = '/work/shared/seeds/004_127960e34d22d354.txt';
  it.skipIf(!existsSync(seedFile))('are the attachment of seed 004, verbatim', () => {
    const seed = readFileSync(seedFile, 'utf8');
    for (const entry of DISPATCH_ITEMS) {
      expect(seed, entry.label).toContain(`${entry.number}\t${entry.label}`);
      expect(seed).toContain(entry.section);
    }
  });

  it('cover every item of the four sections once', () => {
    const counts = Object.fromEntries(['总体情况', '对企业自查自改进行抽查检查情况', '部门精准严格执法情况', '党委政府组织领导情况'].map((s) => [s, 0]));
    for (const entry of DISPATCH_ITEMS) counts[entry.section] = (counts[entry.section] ?? 0) + 1;
    expect(counts).toEqual({ 总体情况: 6, 对企业自查自改进行抽查检查情况: 8, 部门精准严格执法情况: 10, 党委政府组织领导情况: 8 });
    const keys = DISPATCH_ITEMS.flatMap((entry) => entry.parts.map((part) => part.key));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
