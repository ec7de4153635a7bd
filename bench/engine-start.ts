/**
 * `npm run bench:engine [-- --runs 3 --port 8095 --settle 30]`: how fast the
 * local engine starts and how much memory it holds, for the README. Each run:
 * a cold start (empty H2 database: schema created, admin user made) to
 * readiness, the resident memory `--settle` seconds later, then a warm start
 * (same data) to readiness. Uses its own profile (`bench`: own port and data),
 * so a running dev or test engine is not touched. Prints a markdown table.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../workers/config.ts';
import { createLogger } from '../workers/logger.ts';
import { ensureEngineJar } from '../deploy/local/build.ts';
import { engineRssMiB, engineStatus, JVM_OPTIONS, startEngine, stopEngine, type EngineOptions } from '../deploy/local/engine.ts';
import { findJdk } from '../deploy/local/jdk.ts';
import { benchEngineProfile, MIN_JAVA_VERSION, OPERATON_VERSION } from '../deploy/local/manifest.ts';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timedStart(options: EngineOptions): Promise<number> {
  const started = performance.now();
  await startEngine(options);
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '3' }, port: { type: 'string', default: '8095' }, settle: { type: 'string', default: '30' } },
  });
  const runs = Number(values.runs);
  const settleSeconds = Number(values.settle);
  const profile = benchEngineProfile(Number(values.port));
  const config = loadConfig();
  const logger = createLogger({ logLevel: 'warn' }, { stream: 'stderr' });
  const jdkSearch = {
    ...(config.localEngine.javaHome ? { javaHome: config.localEngine.javaHome } : {}),
    ...(config.localEngine.path ? { pathVariable: config.localEngine.path } : {}),
  };
  const jdk = findJdk(MIN_JAVA_VERSION, jdkSearch);
  // Built once up front, so no run's time includes Maven.
  await ensureEngineJar({ logger, jdk, ...(config.localEngine.path ? { pathVariable: config.localEngine.path } : {}) });
  const options: EngineOptions = {
    profile,
    logger,
    ...(config.localEngine.path ? { pathVariable: config.localEngine.path } : {}),
    jdkSearch: { javaHome: jdk.home },
    startTimeoutMs: config.localEngine.startTimeoutMs,
    build: false,
  };

  // Other work on the machine slows a start; the load average says how much there was.
  const loadBefore = os.loadavg()[0]!;
  const rows: Array<{ cold: number; rss: number; warm: number }> = [];
  for (let run = 1; run <= runs; run += 1) {
    await stopEngine(profile, logger);
    const cold = await timedStart({ ...options, freshData: true });
    // Memory once start-up work (schema, caches, JIT) has settled, not the start-up peak.
    await sleep(settleSeconds * 1000);
    const { pid } = await engineStatus(profile);
    const rss = (pid && engineRssMiB(pid)) || Number.NaN;
    await stopEngine(profile, logger);
    const warm = await timedStart(options);
    await stopEngine(profile, logger);
    rows.push({ cold, rss, warm });
    process.stderr.write(`run ${run}/${runs}: cold ${cold.toFixed(1)} s, RSS ${rss} MiB, warm ${warm.toFixed(1)} s\n`);
  }

  const lines = [
    `Operaton ${OPERATON_VERSION} on H2, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Java ${jdk.major} (${jdk.home}), JVM ${JVM_OPTIONS.join(' ')}; ` +
      `ready = GET /engine-rest/engine answers; RSS ${settleSeconds} s after ready; ` +
      `1-min load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after.`,
    '',
    '| run | cold start → ready | RSS after settling | warm start → ready |',
    '| --- | --- | --- | --- |',
    ...rows.map((row, index) => `| ${index + 1} | ${row.cold.toFixed(1)} s | ${row.rss} MiB | ${row.warm.toFixed(1)} s |`),
    `| **median of ${runs}** | **${median(rows.map((row) => row.cold)).toFixed(1)} s** | ` +
      `**${median(rows.map((row) => row.rss))} MiB** | **${median(rows.map((row) => row.warm)).toFixed(1)} s** |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
