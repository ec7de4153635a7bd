import { describe, expect, it } from 'vitest';
import { parsePatrolReport } from '../../../../../workbench/server/reports/report.ts';
import { receivedAtOf, todayInBeijing } from '../../../../../workbench/web/reports/report-logic.ts';

describe('the 举报 form 受理日期', () => {
  it('is today in Beijing, which is already tomorrow at 16:00 UTC', () => {
    expect(todayInBeijing(new Date('2026-09-07T15:59:59Z'))).toBe('2026-09-07');
    expect(todayInBeijing(new Date('2026-09-07T16:00:00Z'))).toBe('2026-09-08');
  });

  it('is sent as a date-time with offset the server accepts, or left to the server for today', () => {
    expect(receivedAtOf('2026-09-08', '2026-09-08')).toBeUndefined();
    expect(receivedAtOf('2026-09-05', '2026-09-08')).toBe('2026-09-05T00:00+08:00');
    const report = { patrolId: '盐安巡〔2026〕1号', source: '来电', content: '夜间违规装卸液氯' };
    const now = new Date('2026-09-08T02:00:00Z');
    expect(parsePatrolReport({ ...report, receivedAt: receivedAtOf('2026-09-05', '2026-09-08') }, now)).toMatchObject({ ok: true, value: { report: { receivedAt: '2026-09-05T00:00+08:00' } } });
    expect(parsePatrolReport({ ...report, receivedAt: receivedAtOf('2026-09-08', '2026-09-08') }, now)).toMatchObject({ ok: true, value: { report: { receivedAt: now.toISOString() } } });
    // What the form sent before: the bare date, which the server refuses.
    expect(parsePatrolReport({ ...report, receivedAt: '2026-09-05' }, now).ok).toBe(false);
  });
});
