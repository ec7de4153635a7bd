/**
 * `npm run bench [-- --quick] [--only workers,ledger] [--database h2|postgres|both] [--port 18251]`:
 * the provincial-scale benchmarks of issue 14, against the real local engine on the bench profile
 * (its own port and data). Sections:
 *   workers   1 + 2: engine limit (trivial workers) against our real workers, 1/2/4 worker processes;
 *             pickup-to-complete latency per topic, long polling
 *   daily     3: daily inspection at scale (双随机 draw, inspection instances, user tasks by REST)
 *   ledger    4: the monthly 调度表 over 10k / 100k / 1M ledger rows, SQLite and PostgreSQL
 *   startup   5: warm build, cold start to ready, deploy of all resources (bench/engine-start.ts)
 *   tasklist  6: the role filters (本组待办, 即将到期) over 5,000 open tasks
 * `--database` picks the engine's database (H2 / PostgreSQL) and, with it, the ledger's (SQLite / PostgreSQL).
 * `--quick` runs every section at a small scale: a smoke run that checks the harness, not a measurement.
 * Writes var/bench/result.json, result.md and result.svg (bench/lib/report.ts).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../workers/config.ts';
import { createLogger } from '../workers/logger.ts';
import { postgresReachable, type EngineDatabase } from './lib/engine.ts';
import { type BenchResult, type Figure, writeReport } from './lib/report.ts';
import { median, round } from './lib/stats.ts';
import { measureLedger, type LedgerBench } from './sections/ledger.ts';
import { measureEngineStart } from './engine-start.ts';
import { BenchEngine } from './lib/engine.ts';
import { measureTasklist } from './sections/tasklist.ts';
import { PROCESS_COUNTS, WORKERS_SCALE, WORKER_KINDS, measureWorkers } from './sections/workers.ts';

export const SECTIONS = ['workers', 'daily', 'ledger', 'startup', 'tasklist'] as const;
export type Section = (typeof SECTIONS)[number];

/** Everything a section may add to the result. */
export interface SectionContext {
  readonly quick: boolean;
  readonly databases: readonly EngineDatabase[];
  readonly port: number;
  readonly workDirectory: string;
  /** `--ledger-rows 100000,200000`: the ledger sizes instead of the defaults (profiling one size). */
  readonly ledgerRows?: readonly number[];
  readonly logger: ReturnType<typeof createLogger>;
  figure(key: string, figure: Figure): void;
  detail(section: Section, value: unknown): void;
  note(text: string): void;
  progress(text: string): void;
}

export const LEDGER_ROWS = { full: [10_000, 100_000, 1_000_000], quick: [1_000, 10_000] } as const;

async function ledgerSection(context: SectionContext): Promise<void> {
  const backends: LedgerBench[] = context.databases.map((database) => (database === 'h2' ? 'sqlite' : 'postgres'));
  const measurements = [];
  const scales = context.ledgerRows ?? (context.quick ? LEDGER_ROWS.quick : LEDGER_ROWS.full);
  for (const backend of backends) {
    for (const rows of scales) {
      context.progress(`ledger: ${backend}, ${rows} rows`);
      const measurement = await measureLedger({ backend, rows, repeats: context.quick ? 3 : 7, workDirectory: context.workDirectory, logger: context.logger });
      measurements.push(measurement);
      context.progress(
        `ledger: ${backend}, ${rows} rows: filled in ${measurement.fillSeconds.toFixed(1)} s; 调度表 ${measurement.tableMs.toFixed(1)} ms (campaign), ` +
          `${measurement.unitMs.toFixed(1)} ms (one unit)`,
      );
      const label = `调度表 of one month over ${rows.toLocaleString('en')} rows (campaign-wide)`;
      const key = backend === 'sqlite' && rows === 100_000 ? 'dispatchTable100k@sqlite' : `dispatchTable@${backend}-${rows}`;
      context.figure(key, { label, value: round(measurement.tableMs, 1), unit: 'ms' });
      context.figure(`dispatchUnitDraft@${backend}-${rows}`, { label: `one reporting unit's 调度表 draft over ${rows.toLocaleString('en')} rows`, value: round(measurement.unitMs, 1), unit: 'ms' });
    }
  }
  context.detail('ledger', measurements);
}

async function workersSection(context: SectionContext): Promise<void> {
  const measurements = [];
  for (const database of context.databases) {
    const measurement = await measureWorkers({
      database,
      port: context.port,
      scale: context.quick ? WORKERS_SCALE.quick : WORKERS_SCALE.full,
      workDirectory: context.workDirectory,
      logger: context.logger,
      progress: context.progress,
    });
    measurements.push(measurement);
    for (const processes of PROCESS_COUNTS) {
      context.figure(`overheadRatio@${database}-${processes}p`, { label: 'real / trivial', value: round(measurement.ratio[processes]!, 3), unit: '' });
      for (const kind of WORKER_KINDS) {
        context.figure(`throughput@${database}-${kind}-${processes}p`, {
          label: `hazard path, ${kind} workers, ${processes} process(es): instances completed per second`,
          value: round(measurement.throughput[kind][processes]!, 1),
          unit: '/s',
        });
      }
    }
    const realP99 = Object.values(measurement.latency.real).map((entry) => entry.p99);
    context.figure(`workerPickupP99@${database}`, { label: 'worst topic p99', value: realP99.length ? Math.max(...realP99) : Number.NaN, unit: 'ms' });
    for (const kind of WORKER_KINDS) {
      for (const [topic, entry] of Object.entries(measurement.latency[kind])) {
        context.figure(`pickup@${database}-${kind}-${topic}`, {
          label: `pickup-to-complete p50 / p95 / p99 ${entry.p50} / ${entry.p95} / ${entry.p99} ms (${entry.count} tasks); p99`,
          value: entry.p99,
          unit: 'ms',
        });
      }
    }
    context.figure(`workersRss@${database}-workers`, { label: 'peak of any real worker process', value: round(measurement.workerRssPeakMB, 0), unit: 'MB' });
    context.figure(`engineRss@${database}-workers`, { label: 'engine peak during sections 1–2', value: round(measurement.engineRssPeakMB, 0), unit: 'MB' });
  }
  context.detail('workers', measurements);
}

/** MiB (what bench/engine-start.ts reports) to MB (the targets). */
const MIB_TO_MB = 2 ** 20 / 1e6;

async function startupSection(context: SectionContext): Promise<void> {
  const runs = context.quick ? 1 : 3;
  context.progress(`startup: ${runs} cold and warm start(s) on H2 (bench/engine-start.ts)${context.quick ? '' : ', after a forced Maven build'}`);
  const starts = await measureEngineStart({
    runs,
    port: context.port,
    settleSeconds: context.quick ? 5 : 30,
    timeBuild: !context.quick,
    logger: context.logger,
    progress: (text) => context.progress(`startup: ${text}`),
  });
  context.figure('coldStart@h2', { label: 'cold start (empty H2) to ready', value: round(starts.median.cold, 1), unit: 's' });
  context.figure('warmStart@h2', { label: 'warm start (same data) to ready', value: round(starts.median.warm, 1), unit: 's' });
  context.figure('engineRss@h2-idle', { label: 'engine resident memory settled after a cold start', value: round(starts.median.rss * MIB_TO_MB, 0), unit: 'MB' });
  if (starts.buildSeconds !== undefined) context.figure('engineBuild@warm-cache', { label: 'Maven build of the engine app, warm cache', value: round(starts.buildSeconds, 1), unit: 's' });
  // The deploy of all resources: what `npm start` does once the engine is ready (logins, then every diagram and form).
  const deploys = [];
  for (let run = 1; run <= runs; run += 1) {
    const engine = new BenchEngine({ port: context.port, database: 'h2', logger: context.logger });
    try {
      deploys.push(await engine.start());
    } finally {
      await engine.stop();
    }
    context.progress(`startup: deploy run ${run}/${runs}: logins ${deploys.at(-1)!.usersSeconds.toFixed(1)} s, resources ${deploys.at(-1)!.deploySeconds.toFixed(1)} s`);
  }
  context.figure('deployAll@h2', { label: 'deploy of every diagram and form to a fresh engine', value: round(median(deploys.map((entry) => entry.deploySeconds)), 1), unit: 's' });
  context.figure('demoLogins@h2', { label: 'demo logins and service account on a fresh engine', value: round(median(deploys.map((entry) => entry.usersSeconds)), 1), unit: 's' });
  context.detail('startup', { starts, deploys });
}

async function tasklistSection(context: SectionContext): Promise<void> {
  const measurements = [];
  for (const database of context.databases) {
    const measurement = await measureTasklist({
      database,
      port: context.port,
      openTasks: context.quick ? 200 : 5_000,
      repeats: context.quick ? 3 : 9,
      logger: context.logger,
      progress: context.progress,
    });
    measurements.push(measurement);
    const labels: Record<string, string> = { group: '本组待办', 'due-soon': '即将到期' };
    for (const [list, entry] of Object.entries(measurement.lists)) {
      context.figure(`roleFilter@${database}-${list}`, {
        label: `${labels[list] ?? list} over ${measurement.openTasks} open tasks (${entry.returned} returned)`,
        value: round(entry.ms, 1),
        unit: 'ms',
      });
    }
  }
  context.detail('tasklist', measurements);
}

const SECTION_RUNNERS: Record<Section, (context: SectionContext) => Promise<void>> = {
  workers: workersSection,
  daily: async (context) =>
    context.note('daily (section 3: 10,000 enterprises, 300 inspectors, 2,000 daily-inspection instances driven through their user tasks) is not built yet; its target is not measured.'),
  ledger: ledgerSection,
  startup: startupSection,
  tasklist: tasklistSection,
};

function parseSections(only: string | undefined): Section[] {
  if (only === undefined) return [...SECTIONS];
  const names = only.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length || names.length === 0) {
    throw new Error(`--only 应为以下之一（可用逗号分隔）/ --only takes one or more of: ${SECTIONS.join(', ')} (got ${only})`);
  }
  return SECTIONS.filter((section) => names.includes(section));
}

function parseRows(value: string): number[] {
  const rows = value.split(',').map((text) => Number(text.trim()));
  if (rows.length === 0 || rows.some((count) => !Number.isInteger(count) || count < 10 || count > 10_000_000)) {
    throw new Error(`--ledger-rows 应为 10 到 10000000 之间的整数（逗号分隔）/ --ledger-rows takes whole numbers from 10 to 10,000,000, comma-separated (got ${value})`);
  }
  return rows;
}

function parseDatabases(value: string): EngineDatabase[] {
  if (value === 'both') return ['h2', 'postgres'];
  if (value === 'h2' || value === 'postgres') return [value];
  throw new Error(`--database 应为 h2、postgres 或 both / --database takes h2, postgres or both (got ${value})`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      database: { type: 'string', default: 'both' },
      port: { type: 'string', default: '18251' },
      out: { type: 'string', default: path.join(PROJECT_ROOT, 'var', 'bench') },
      'ledger-rows': { type: 'string' },
    },
  });
  const sections = parseSections(values.only);
  let databases = parseDatabases(values.database);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1024 || port > 65_535) throw new Error(`--port 应为端口号 / --port must be a port number (got ${values.port})`);
  const logger = createLogger({ logLevel: 'warn' }, { stream: 'stderr', name: 'bench' });
  const notes: string[] = [];
  if (databases.includes('postgres') && !(await postgresReachable())) {
    notes.push('PostgreSQL 127.0.0.1:5432 was not reachable: the PostgreSQL runs were skipped.');
    databases = databases.filter((database) => database !== 'postgres');
  }
  const startedAt = new Date().toISOString();
  const loadBefore = os.loadavg()[0]!;
  const figures: Record<string, Figure> = {};
  const details: Record<string, unknown> = {};
  const context: SectionContext = {
    quick: values.quick,
    databases,
    port,
    workDirectory: values.out,
    ...(values['ledger-rows'] ? { ledgerRows: parseRows(values['ledger-rows']) } : {}),
    logger,
    figure: (key, figure) => {
      figures[key] = figure;
    },
    detail: (section, value) => {
      details[section] = value;
    },
    note: (text) => notes.push(text),
    progress: (text) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`),
  };
  if (values.quick) notes.push('--quick: a smoke run at small scale; its figures check the harness and say nothing about the targets.');
  for (const section of sections) {
    context.progress(`section ${section}`);
    try {
      await SECTION_RUNNERS[section](context);
    } catch (error) {
      // One broken section must not lose the others' figures.
      logger.error({ err: error, section }, 'bench section failed');
      notes.push(`section ${section} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  const result: BenchResult = {
    startedAt,
    finishedAt: new Date().toISOString(),
    quick: values.quick,
    machine: { cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.versions.node, loadBefore, loadAfter: os.loadavg()[0]! },
    sections,
    figures,
    details,
    notes,
  };
  const written = writeReport(result, values.out);
  process.stdout.write(`${readFileSync(written.markdown, "utf8")}\nwritten: ${written.json}, ${written.markdown}, ${written.svg}\n`);
  if (notes.some((note) => note.startsWith('section '))) process.exitCode = 1;
}


await main();
