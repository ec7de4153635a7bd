/**
 * `npm run bench:engine [-- --runs 3]`: cold-start time to readiness and resident
 * memory of the local cluster (OpenSearch + Camunda), on the test profile with
 * empty data each run. Prints one line per run and the medians, for the README.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../workers/config.ts';
import { createLogger } from '../workers/logger.ts';
import { startEngine, stopEngine } from '../deploy/local/engine.ts';
import { ENGINE_PROFILES } from '../deploy/local/manifest.ts';

const profile = ENGINE_PROFILES.test;

/** Resident memory of a process group in MiB: the launcher scripts and their JVMs. */
function groupRssMiB(pidFile: string): number {
  const pid = readFileSync(pidFile, 'utf8').trim();
  const output = execFileSync('ps', ['-o', 'rss=', '-g', pid], { encoding: 'utf8' });
  const kib = output.split('\n').reduce((sum, line) => sum + (Number(line.trim()) || 0), 0);
  return Math.round(kib / 1024);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, settle: { type: 'string', default: '30' } } });
  const runs = Number(values.runs);
  const settleSeconds = Number(values.settle);
  const config = loadConfig();
  const logger = createLogger({ logLevel: 'warn' }, { stream: 'stderr' });
  const results: Array<{ seconds: number; searchMiB: number; camundaMiB: number }> = [];

  for (let run = 1; run <= runs; run += 1) {
    await stopEngine(profile, logger);
    const started = Date.now();
    await startEngine({
      profile,
      logger,
      pathVariable: config.localEngine.path,
      jdkSearch: { javaHome: config.localEngine.javaHome, pathVariable: config.localEngine.path },
      startTimeoutMs: config.localEngine.startTimeoutMs,
      freshData: true,
    });
    const seconds = (Date.now() - started) / 1000;
    // Memory after the importers and schedulers have settled, not the start-up peak.
    await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000));
    const searchMiB = groupRssMiB(path.join(profile.runDir, 'search.pid'));
    // Broker and web apps (Operate, Tasklist) run as two JVMs; both count as Camunda.
    const camundaMiB = groupRssMiB(path.join(profile.runDir, 'broker.pid')) + groupRssMiB(path.join(profile.runDir, 'webapps.pid'));
    results.push({ seconds, searchMiB, camundaMiB });
    process.stdout.write(
      `run ${run}: ready in ${seconds.toFixed(1)} s; RSS OpenSearch ${searchMiB} MiB, Camunda ${camundaMiB} MiB, total ${searchMiB + camundaMiB} MiB\n`,
    );
  }
  await stopEngine(profile, logger);
  process.stdout.write(
    `median of ${runs}: ready in ${median(results.map((r) => r.seconds)).toFixed(1)} s; ` +
      `RSS OpenSearch ${median(results.map((r) => r.searchMiB))} MiB, Camunda ${median(results.map((r) => r.camundaMiB))} MiB, ` +
      `total ${median(results.map((r) => r.searchMiB + r.camundaMiB))} MiB\n`,
  );
}

await main();
