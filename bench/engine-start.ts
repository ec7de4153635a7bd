/**
 * `npm run bench:engine [-- --runs 3 --port 8095 --settle 30]`: how fast the
 * local engine starts and how much memory it holds, for the README. Each run:
 * a cold start (empty H2 database: schema created, admin user made) to
 * readiness, the resident memory `--settle` seconds later, then a warm start
 * (same data) to readiness. Uses its own profile (`bench`: own port and data),
 * so a running dev or test engine is not touched. Prints a markdown table.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../workers/config.ts';
import { createLogger, type Logger } from '../workers/logger.ts';
import { median } from './lib/stats.ts';
import { ensureEngineJar } from '../deploy/local/build.ts';
import { engineRssMiB, engineStatus, JVM_OPTIONS, startEngine, stopEngine, type EngineOptions } from '../deploy/local/engine.ts';
import { findJdk } from '../deploy/local/jdk.ts';
import { benchEngineProfile, MIN_JAVA_VERSION, OPERATON_VERSION } from '../deploy/local/manifest.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timedStart(options: EngineOptions): Promise<number> {
  const started = performance.now();
  await startEngine(options);
  return (performance.now() - started) / 1000;
}

export interface EngineStartRun {
  /** Empty H2 database (schema created, admin made) to readiness, seconds. */
  readonly cold: number;
  /** Resident memory `settleSeconds` after the cold start was ready, MiB. */
  readonly rss: number;
  /** Same data to readiness, seconds. */
  readonly warm: number;
}

export interface EngineStartMeasurement {
  readonly runs: readonly EngineStartRun[];
  readonly median: EngineStartRun;
  /** A forced Maven build of the engine app with the Maven cache as it is (warm), seconds. */
  readonly buildSeconds?: number;
  readonly javaMajor: number;
  readonly javaHome: string;
  readonly loadBefore: number;
  readonly loadAfter: number;
}

/**
 * The runs of `npm run bench:engine`, for it and for section 5 of `npm run bench`. With `timeBuild`, first a
 * forced rebuild of the jar (warm Maven cache: an empty cache measures the network, not the build).
 */
export async function measureEngineStart(options: { readonly runs: number; readonly port: number; readonly settleSeconds: number; readonly timeBuild?: boolean; readonly logger?: Logger; readonly progress?: (text: string) => void }): Promise<EngineStartMeasurement> {
  const { runs, settleSeconds } = options;
  const profile = benchEngineProfile(options.port);
  const config = loadConfig();
  const logger = options.logger ?? createLogger({ logLevel: 'warn' }, { stream: 'stderr' });
  const progress = options.progress ?? ((text: string) => process.stderr.write(`${text}\n`));
  const jdkSearch = {
    ...(config.localEngine.javaHome ? { javaHome: config.localEngine.javaHome } : {}),
    ...(config.localEngine.path ? { pathVariable: config.localEngine.path } : {}),
  };
  const jdk = findJdk(MIN_JAVA_VERSION, jdkSearch);
  // Built once up front, so no run's time includes Maven.
  const building = performance.now();
  await ensureEngineJar({ logger, jdk, ...(options.timeBuild ? { force: true } : {}), ...(config.localEngine.path ? { pathVariable: config.localEngine.path } : {}) });
  const buildSeconds = options.timeBuild ? (performance.now() - building) / 1000 : undefined;
  const engineOptions: EngineOptions = {
    profile,
    logger,
    ...(config.localEngine.path ? { pathVariable: config.localEngine.path } : {}),
    jdkSearch: { javaHome: jdk.home },
    startTimeoutMs: config.localEngine.startTimeoutMs,
    build: false,
  };

  // Other work on the machine slows a start; the load average says how much there was.
  const loadBefore = os.loadavg()[0]!;
  const rows: EngineStartRun[] = [];
  for (let run = 1; run <= runs; run += 1) {
    await stopEngine(profile, logger);
    const cold = await timedStart({ ...engineOptions, freshData: true });
    // Memory once start-up work (schema, caches, JIT) has settled, not the start-up peak.
    await sleep(settleSeconds * 1000);
    const { pid } = await engineStatus(profile);
    const rss = (pid && engineRssMiB(pid)) || Number.NaN;
    await stopEngine(profile, logger);
    const warm = await timedStart(engineOptions);
    await stopEngine(profile, logger);
    rows.push({ cold, rss, warm });
    progress(`run ${run}/${runs}: cold ${cold.toFixed(1)} s, RSS ${rss} MiB, warm ${warm.toFixed(1)} s`);
  }
  return {
    runs: rows,
    median: { cold: median(rows.map((row) => row.cold)), rss: median(rows.map((row) => row.rss)), warm: median(rows.map((row) => row.warm)) },
    ...(buildSeconds !== undefined ? { buildSeconds } : {}),
    javaMajor: jdk.major,
    javaHome: jdk.home,
    loadBefore,
    loadAfter: os.loadavg()[0]!,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '3' }, port: { type: 'string', default: '8095' }, settle: { type: 'string', default: '30' } },
  });
  const runs = Number(values.runs);
  const settleSeconds = Number(values.settle);
  const measured = await measureEngineStart({ runs, port: Number(values.port), settleSeconds });
  const rows = measured.runs;
  const lines = [
    `Operaton ${OPERATON_VERSION} on H2, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Java ${measured.javaMajor} (${measured.javaHome}), JVM ${JVM_OPTIONS.join(' ')}; ` +
      `ready = GET /engine-rest/engine answers; RSS ${settleSeconds} s after ready; ` +
      `1-min load average ${measured.loadBefore.toFixed(1)} before, ${measured.loadAfter.toFixed(1)} after.`,
    '',
    '| run | cold start → ready | RSS after settling | warm start → ready |',
    '| --- | --- | --- | --- |',
    ...rows.map((row, index) => `| ${index + 1} | ${row.cold.toFixed(1)} s | ${row.rss} MiB | ${row.warm.toFixed(1)} s |`),
    `| **median of ${runs}** | **${measured.median.cold.toFixed(1)} s** | ` +
      `**${measured.median.rss} MiB** | **${measured.median.warm.toFixed(1)} s** |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

// Run as `npm run bench:engine`; imported by bench/cli.ts for section 5.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
