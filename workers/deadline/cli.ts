/**
 * `npm run --silent deadline -- <YYYY-MM-DD> <N>` prints the date N working
 * days after the given date, one line, so a process owner can check a
 * deadline by hand. Warnings (a date beyond the published holiday schedule)
 * go to stderr and leave stdout a single date.
 */
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { CalendarOverrideError, MAX_WORKING_DAYS, WorkingDayCalendar, isIsoDate } from './calendar.ts';

const EXIT_USAGE = 2;

const USAGE =
  '用法 / usage: npm run --silent deadline -- <YYYY-MM-DD> <工作日数 working days>\n' +
  '例 / example: npm run --silent deadline -- 2026-09-30 5';

function usageError(chinese: string, english: string): never {
  process.stderr.write(`错误：${chinese}\nerror: ${english}\n${USAGE}\n`);
  process.exit(EXIT_USAGE);
}

/** For errors whose message is already bilingual. */
function configurationError(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(EXIT_USAGE);
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv.length !== 2) {
    usageError(`需要 2 个参数，收到 ${argv.length} 个`, `expected 2 arguments, got ${argv.length}`);
  }
  const [fromDate = '', workingDaysText = ''] = argv;
  if (!isIsoDate(fromDate)) {
    usageError(`"${fromDate}" 不是 YYYY-MM-DD 格式的有效日期`, `"${fromDate}" is not a valid YYYY-MM-DD date`);
  }
  if (!/^\d+$/.test(workingDaysText) || Number(workingDaysText) > MAX_WORKING_DAYS) {
    usageError(
      `"${workingDaysText}" 不是 0 到 ${MAX_WORKING_DAYS} 之间的整数`,
      `"${workingDaysText}" is not an integer from 0 to ${MAX_WORKING_DAYS}`,
    );
  }

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) configurationError(error.message);
    throw error;
  }
  const logger = createLogger(config, { stream: 'stderr', name: 'deadline' });

  let calendar: WorkingDayCalendar;
  try {
    calendar = await WorkingDayCalendar.fromFile(config.calendarOverrideFile);
  } catch (error) {
    if (error instanceof CalendarOverrideError) configurationError(error.message);
    throw error;
  }

  const result = calendar.addWorkingDays(fromDate, Number(workingDaysText));
  if (result.beyondKnownCalendar) {
    logger.warn(
      { dueDate: result.date, knownThroughYear: result.knownThroughYear, overrides: config.calendarOverrideFile },
      `${result.date} 超出已公布的节假日安排（已知至 ${result.knownThroughYear} 年），仅跳过了周末 / beyond the published holiday schedule; only weekends were skipped`,
    );
  }
  process.stdout.write(`${result.date}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
