/**
 * `npm run --silent draw -- --plan <planId> --seed <seed> --targets <N>
 * [--inspectors-per-target <K>] [--drawn-at <ISO time>]` prints a 双随机 draw
 * as JSON, from the registers in INSPECTION_REGISTER_DIR. Given the seed and
 * drawnAt of a recorded draw (Cockpit: variable `draw`), it prints that draw
 * again: an auditor compares the two, registersDigest included. Without
 * --seed a fresh seed is generated, as the worker does.
 */
import { ConfigError, loadConfig } from '../config.ts';
import { DEFAULT_INSPECTORS_PER_TARGET, DrawInfeasibleError, drawInspection } from './draw.ts';
import { MAX_INSPECTORS_PER_TARGET, MAX_TARGET_COUNT, generateSeed } from './random-draw.worker.ts';
import { InspectionRegisters, RegisterError } from './registers.ts';

const EXIT_USAGE = 2;
const EXIT_INFEASIBLE = 3;

const USAGE =
  '用法 / usage: npm run --silent draw -- --plan <计划编号 planId> --seed <种子 seed> --targets <抽取数量 N>\n' +
  '              [--inspectors-per-target <每个对象检查人员数 K>] [--drawn-at <抽取时间 ISO-8601>]\n' +
  '              [--departments <部门,部门>] [--industries <行业,行业>] [--without-key-targets yes]\n' +
  '例 / example: npm run --silent draw -- --plan 2026-Q2 --seed 8f3c0e5a --targets 5';

function fail(message: string, exitCode: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(exitCode);
}

function usageError(chinese: string, english: string): never {
  fail(`错误：${chinese}\nerror: ${english}\n${USAGE}`, EXIT_USAGE);
}

const OPTIONS = ['--plan', '--seed', '--targets', '--inspectors-per-target', '--drawn-at', '--departments', '--industries', '--without-key-targets'] as const;
type Option = (typeof OPTIONS)[number];

function parseArguments(argv: readonly string[]): Partial<Record<Option, string>> {
  const values: Partial<Record<Option, string>> = {};
  for (let index = 0; index < argv.length; index += 2) {
    const name = argv[index] ?? '';
    const value = argv[index + 1];
    if (!(OPTIONS as readonly string[]).includes(name)) usageError(`未知参数 ${name}`, `unknown argument ${name}`);
    if (value === undefined) usageError(`${name} 缺少取值`, `${name} needs a value`);
    values[name as Option] = value;
  }
  return values;
}

function integerOption(text: string | undefined, name: Option, min: number, max: number, fallback?: number): number {
  if (text === undefined) {
    if (fallback !== undefined) return fallback;
    usageError(`缺少 ${name}`, `${name} is required`);
  }
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    usageError(`${name} 应为 ${min} 到 ${max} 的整数`, `${name} must be an integer from ${min} to ${max}`);
  }
  return Number(text);
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseArguments(argv);
  const planId = options['--plan']?.trim();
  if (!planId) usageError('缺少 --plan', '--plan is required');
  const targetCount = integerOption(options['--targets'], '--targets', 0, MAX_TARGET_COUNT);
  const inspectorsPerTarget = integerOption(
    options['--inspectors-per-target'],
    '--inspectors-per-target',
    1,
    MAX_INSPECTORS_PER_TARGET,
    DEFAULT_INSPECTORS_PER_TARGET,
  );
  const drawnAtText = options['--drawn-at'];
  if (drawnAtText !== undefined && Number.isNaN(Date.parse(drawnAtText))) {
    usageError(`--drawn-at "${drawnAtText}" 不是 ISO-8601 时间`, `--drawn-at "${drawnAtText}" is not an ISO-8601 time`);
  }
  const drawnAt = drawnAtText === undefined ? new Date().toISOString() : new Date(drawnAtText).toISOString();

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, EXIT_USAGE);
    throw error;
  }

  try {
    const registers = await new InspectionRegisters(config.inspectionRegisterDirectory).load();
    const list = (text: string | undefined) => (text === undefined || text.trim() === '' ? null : text.split(',').map((item) => item.trim()).filter((item) => item !== ''));
    const scope = { departments: list(options['--departments']), industries: list(options['--industries']), includeKeyTargets: options['--without-key-targets'] === undefined };
    const draw = drawInspection({ planId, seed: options['--seed'] ?? generateSeed(), targetCount, inspectorsPerTarget, registers, drawnAt, scope });
    process.stdout.write(`${JSON.stringify(draw, null, 2)}\n`);
  } catch (error) {
    if (error instanceof RegisterError) fail(error.message, EXIT_USAGE);
    if (error instanceof DrawInfeasibleError) fail(error.message, EXIT_INFEASIBLE);
    throw error;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
