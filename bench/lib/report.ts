/**
 * What `npm run bench` writes: var/bench/result.json (every figure and the
 * details of each section), result.md (the issue's targets with pass/fail,
 * then the other figures) and result.svg (each targeted figure against its
 * target). Hand-written SVG; pure functions apart from writeReport.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Figure {
  /** What it measures, as the Markdown table shows it. */
  readonly label: string;
  readonly value: number;
  readonly unit: string;
}

export interface Target {
  /** Figure key; figures `key` and `key@<qualifier>` (e.g. `@h2`, `@postgres`) are judged against it. */
  readonly key: string;
  /** The issue's wording of the figure. */
  readonly figure: string;
  readonly comparator: '<' | '>=';
  readonly threshold: number;
  readonly unit: string;
}

/** The targets of issue 14, in its order. */
export const TARGETS: readonly Target[] = [
  { key: 'overheadRatio', figure: 'worker overhead ratio (real / trivial)', comparator: '>=', threshold: 0.9, unit: '' },
  { key: 'workerPickupP99', figure: "our workers' p99 pickup-to-complete", comparator: '<', threshold: 50, unit: 'ms' },
  { key: 'dailyPlanWall', figure: '2,000-instance daily plan end to end', comparator: '<', threshold: 600, unit: 's' },
  { key: 'dispatchTable100k', figure: '调度表 over 100,000 rows on SQLite', comparator: '<', threshold: 1000, unit: 'ms' },
  { key: 'workersRss', figure: "workers' resident memory", comparator: '<', threshold: 200, unit: 'MB' },
  { key: 'engineRss', figure: "engine's resident memory", comparator: '<', threshold: 700, unit: 'MB' },
  { key: 'coldStart', figure: 'cold start to ready', comparator: '<', threshold: 15, unit: 's' },
  { key: 'roleFilter', figure: 'role filter over 5,000 open tasks', comparator: '<', threshold: 200, unit: 'ms' },
];

export interface BenchResult {
  readonly startedAt: string;
  readonly finishedAt: string;
  /** `--quick`: small scale, a smoke run; its figures say nothing about the targets. */
  readonly quick: boolean;
  readonly machine: { readonly cores: number; readonly memoryGiB: number; readonly node: string; readonly loadBefore: number; readonly loadAfter: number };
  readonly sections: readonly string[];
  /** Keyed `name` or `name@qualifier`. */
  readonly figures: Readonly<Record<string, Figure>>;
  /** Per section, the measurements behind the figures (samples summarised, parameters). */
  readonly details: Readonly<Record<string, unknown>>;
  /** What limited a figure, what was skipped and why. */
  readonly notes: readonly string[];
}

export type Verdict = 'pass' | 'fail' | 'not measured';

export interface JudgedFigure {
  readonly target: Target;
  readonly key: string;
  readonly figure?: Figure;
  readonly verdict: Verdict;
}

export function judge(target: Target, value: number | undefined): Verdict {
  if (value === undefined || !Number.isFinite(value)) return 'not measured';
  return (target.comparator === '<' ? value < target.threshold : value >= target.threshold) ? 'pass' : 'fail';
}

/** Every target with the figures it judges; a target no figure answers appears once, not measured. */
export function judgeFigures(figures: Readonly<Record<string, Figure>>, targets: readonly Target[] = TARGETS): JudgedFigure[] {
  return targets.flatMap((target): JudgedFigure[] => {
    const keys = Object.keys(figures)
      .filter((key) => key === target.key || key.startsWith(`${target.key}@`))
      .sort();
    if (keys.length === 0) return [{ target, key: target.key, verdict: 'not measured' as const }];
    return keys.map((key) => ({ target, key, figure: figures[key]!, verdict: judge(target, figures[key]!.value) }));
  });
}

/** A figure as the tables show it: 3 significant decimals at most, "–" for none. */
export function formatValue(value: number | undefined, unit: string): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  const text = value.toFixed(digits);
  return unit ? `${text} ${unit}` : text;
}

const targetText = (target: Target) => `${target.comparator === '<' ? '<' : '≥'} ${target.threshold}${target.unit ? ` ${target.unit}` : ''}`;
const qualifier = (key: string) => (key.includes('@') ? key.slice(key.indexOf('@') + 1) : '');
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function renderMarkdown(result: BenchResult): string {
  const judged = judgeFigures(result.figures);
  const targetedKeys = new Set(judged.map((row) => row.key));
  const others = Object.entries(result.figures)
    .filter(([key]) => !targetedKeys.has(key))
    .sort(([a], [b]) => a.localeCompare(b));
  const { machine } = result;
  const lines = [
    `# npm run bench${result.quick ? ' --quick (smoke run: small scale, not a measurement)' : ''}`,
    '',
    `${result.startedAt} – ${result.finishedAt}; ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; ` +
      `1-min load average ${machine.loadBefore.toFixed(1)} before, ${machine.loadAfter.toFixed(1)} after; sections: ${result.sections.join(', ')}.`,
    '',
    '| figure | where | target | measured | result |',
    '| --- | --- | --- | --- | --- |',
    ...judged.map(
      (row) =>
        `| ${cell(row.target.figure)} | ${cell(qualifier(row.key) || '–')} | ${cell(targetText(row.target))} | ` +
        `${cell(formatValue(row.figure?.value, row.target.unit))} | ${row.verdict === 'pass' ? '✅ pass' : row.verdict === 'fail' ? '❌ fail' : '– not measured'} |`,
    ),
  ];
  if (others.length) {
    lines.push('', '| other figure | where | measured |', '| --- | --- | --- |');
    for (const [key, figure] of others) lines.push(`| ${cell(figure.label)} | ${cell(qualifier(key) || '–')} | ${cell(formatValue(figure.value, figure.unit))} |`);
  }
  if (result.notes.length) lines.push('', ...result.notes.map((note) => `- ${note}`));
  return `${lines.join('\n')}\n`;
}

const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * One row per judged figure: a bar for the measured value and a tick at the target, each row on its own
 * scale (0 to 1.25 × the larger of the two); green when the target is met, red when not, grey when not measured.
 */
export function renderTargetChart(result: BenchResult): string {
  const rows = judgeFigures(result.figures);
  const labelWidth = 330;
  const barWidth = 360;
  const rowHeight = 28;
  const top = 40;
  const width = labelWidth + barWidth + 130;
  const height = top + rows.length * rowHeight + 30;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="14" font-weight="bold">${escapeXml(`npm run bench${result.quick ? ' --quick (smoke run)' : ''}: figures against their targets`)}</text>`,
  ];
  rows.forEach((row, index) => {
    const y = top + index * rowHeight;
    const where = qualifier(row.key);
    parts.push(`<text x="10" y="${y + 17}">${escapeXml(row.target.figure + (where ? ` (${where})` : ''))}</text>`);
    const value = row.figure?.value;
    const scale = 1.25 * Math.max(row.target.threshold, Number.isFinite(value) ? (value as number) : 0);
    const x = (amount: number) => labelWidth + (scale > 0 ? (amount / scale) * barWidth : 0);
    parts.push(`<rect x="${labelWidth}" y="${y + 5}" width="${barWidth}" height="16" fill="#f0f0f0"/>`);
    const color = row.verdict === 'pass' ? '#2e7d32' : row.verdict === 'fail' ? '#c62828' : '#9e9e9e';
    if (value !== undefined && Number.isFinite(value)) {
      parts.push(`<rect x="${labelWidth}" y="${y + 5}" width="${(x(value) - labelWidth).toFixed(1)}" height="16" fill="${color}"/>`);
    }
    const tick = x(row.target.threshold).toFixed(1);
    parts.push(`<line x1="${tick}" y1="${y + 2}" x2="${tick}" y2="${y + 24}" stroke="#000000" stroke-width="2"/>`);
    parts.push(
      `<text x="${labelWidth + barWidth + 8}" y="${y + 17}" fill="${color}">${escapeXml(`${formatValue(value, row.target.unit)} (${targetText(row.target)})`)}</text>`,
    );
  });
  parts.push(`<text x="10" y="${height - 10}" fill="#555555">${escapeXml('bar: measured; black tick: target; each row on its own scale')}</text>`, '</svg>');
  return `${parts.join('\n')}\n`;
}

export interface WrittenReport {
  readonly json: string;
  readonly markdown: string;
  readonly svg: string;
}

export function writeReport(result: BenchResult, directory: string): WrittenReport {
  mkdirSync(directory, { recursive: true });
  const written = { json: path.join(directory, 'result.json'), markdown: path.join(directory, 'result.md'), svg: path.join(directory, 'result.svg') };
  writeFileSync(written.json, `${JSON.stringify(result, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`);
  writeFileSync(written.markdown, renderMarkdown(result));
  writeFileSync(written.svg, renderTargetChart(result));
  return written;
}
