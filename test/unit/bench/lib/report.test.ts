import { describe, expect, it } from 'vitest';
import { type BenchResult, TARGETS, formatValue, judge, judgeFigures, renderMarkdown, renderTargetChart } from '../../../../bench/lib/report.ts';

const result = (figures: BenchResult['figures'], quick = false): BenchResult => ({
  startedAt: '2026-12-03T14:00:00.000Z',
  finishedAt: '2026-12-03T14:10:00.000Z',
  quick,
  machine: { cores: 2, memoryGiB: 24, node: '24.21.0', loadBefore: 0.5, loadAfter: 1.25 },
  sections: ['ledger', 'workers'],
  figures,
  details: {},
  notes: ['PostgreSQL was not reachable'],
});

const target = (key: string) => TARGETS.find((entry) => entry.key === key)!;

describe('bench targets', () => {
  it('lists the eight targets of issue 14', () => {
    expect(TARGETS.map((entry) => `${entry.comparator} ${entry.threshold} ${entry.unit}`.trim())).toEqual([
      '>= 0.9',
      '< 50 ms',
      '< 600 s',
      '< 1000 ms',
      '< 200 MB',
      '< 700 MB',
      '< 15 s',
      '< 200 ms',
    ]);
  });

  it('judges below-targets strictly, at-least targets inclusively, and a missing figure as not measured', () => {
    expect(judge(target('workerPickupP99'), 49.9)).toBe('pass');
    expect(judge(target('workerPickupP99'), 50)).toBe('fail');
    expect(judge(target('overheadRatio'), 0.9)).toBe('pass');
    expect(judge(target('overheadRatio'), 0.89)).toBe('fail');
    expect(judge(target('overheadRatio'), undefined)).toBe('not measured');
    expect(judge(target('overheadRatio'), Number.NaN)).toBe('not measured');
  });

  it('judges every qualified figure of a target (one per database) and keeps unanswered targets once', () => {
    const judged = judgeFigures({
      'overheadRatio@postgres': { label: 'ratio', value: 0.8, unit: '' },
      'overheadRatio@h2': { label: 'ratio', value: 0.95, unit: '' },
      overheadRatioish: { label: 'not this target', value: 1, unit: '' },
    });
    expect(judged.filter((row) => row.target.key === 'overheadRatio').map((row) => [row.key, row.verdict])).toEqual([
      ['overheadRatio@h2', 'pass'],
      ['overheadRatio@postgres', 'fail'],
    ]);
    expect(judged).toHaveLength(TARGETS.length + 1);
    expect(judged.find((row) => row.target.key === 'coldStart')).toMatchObject({ verdict: 'not measured', key: 'coldStart' });
  });

  it('formats figures with a precision that suits their size', () => {
    expect(formatValue(356.04, 'ms')).toBe('356 ms');
    expect(formatValue(12.34, 's')).toBe('12.3 s');
    expect(formatValue(1.234, 's')).toBe('1.23 s');
    expect(formatValue(0.9123, '')).toBe('0.912');
    expect(formatValue(undefined, 'ms')).toBe('–');
  });
});

describe('bench Markdown', () => {
  it('has one row per judged figure with its target and verdict, then the other figures and the notes', () => {
    const markdown = renderMarkdown(
      result({
        'dispatchTable100k@sqlite': { label: '调度表', value: 356, unit: 'ms' },
        'coldStart@h2': { label: 'cold start', value: 16.2, unit: 's' },
        'dispatchUnitDraft@sqlite-100000': { label: "one unit's draft | 100k", value: 109, unit: 'ms' },
      }),
    );
    const lines = markdown.split('\n');
    expect(lines).toContain('| 调度表 over 100,000 rows on SQLite | sqlite | < 1000 ms | 356 ms | ✅ pass |');
    expect(lines).toContain('| cold start to ready | h2 | < 15 s | 16.2 s | ❌ fail |');
    expect(lines).toContain('| worker overhead ratio (real / trivial) | – | ≥ 0.9 | – | – not measured |');
    // A pipe in a label would break the table.
    expect(lines).toContain("| one unit's draft \\| 100k | sqlite-100000 | 109 ms |");
    expect(lines).toContain('- PostgreSQL was not reachable');
    expect(lines[0]).toBe('# npm run bench');
  });

  it('says in its title when it is a --quick smoke run', () => {
    expect(renderMarkdown(result({}, true)).split('\n')[0]).toContain('--quick');
  });
});

describe('bench chart', () => {
  const svg = renderTargetChart(
    result({
      'dispatchTable100k@sqlite': { label: '调度表', value: 356, unit: 'ms' },
      'coldStart@h2': { label: 'cold start', value: 30, unit: 's' },
    }),
  );

  it('is a standalone SVG with one target tick per judged figure', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<line /g)).toHaveLength(TARGETS.length);
  });

  it('draws a met target green and a missed one red, each bar scaled against its own target', () => {
    // 356 ms against 1000 ms: the row's scale is 1250 ms, 360 px wide.
    expect(svg).toContain(`width="${((356 / 1250) * 360).toFixed(1)}" height="16" fill="#2e7d32"`);
    // 30 s against 15 s: the row's scale is 37.5 s, so the bar is 80 % of the width, the tick at 40 %.
    expect(svg).toContain(`width="${(0.8 * 360).toFixed(1)}" height="16" fill="#c62828"`);
    expect(svg).toContain(`x1="${(330 + 0.4 * 360).toFixed(1)}"`);
  });
});
