import { describe, expect, it } from 'vitest';
import { parsePatrolReport } from '../../../../../workbench/server/reports/report.ts';

const NOW = new Date('2026-09-08T02:00:00.000Z');

describe('来信来电举报 input', () => {
  it('builds the message payload the patrol waits for', () => {
    expect(parsePatrolReport({ patrolId: ' 盐安巡〔2026〕1号 ', source: '来电', content: '夜间违规装卸液氯', reporterContact: '138****0000' }, NOW)).toEqual({
      ok: true,
      value: { patrolId: '盐安巡〔2026〕1号', report: { source: '来电', content: '夜间违规装卸液氯', reporterContact: '138****0000', receivedAt: '2026-09-08T02:00:00.000Z' } },
    });
  });

  it('names every problem per field', () => {
    const check = parsePatrolReport({ source: '微信', receivedAt: '昨天' }, NOW);
    expect(!check.ok && check.fields.map((field) => field.field)).toEqual(['patrolId', 'source', 'content', 'receivedAt']);
  });
});
