/**
 * anquan.campaign.dispatch-report: the monthly 调度表 of a special campaign
 * (seed 004 附件): its due date (the 23rd, 遇节假日顺延), its numbers from the
 * ledger (cumulative since the campaign start, see dispatch-table.ts), and the
 * table as CSV and HTML under REPORTS_DIR/<campaignId>/<month>. The same
 * inputs over the same ledger give byte-identical files, so a retried job
 * rewrites nothing.
 */
import { JobType } from '../contract.ts';
import { type IsoDate } from '../deadline/calendar.ts';
import { type FieldParser, InvalidVariablesError, dateField, maybeField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker } from '../worker-definition.ts';
import {
  type DispatchFields,
  MANUAL_FIELD_KEYS,
  MONTH_PATTERN,
  dispatchDue,
  dispatchFields,
  dispatchPeriod,
  renderDispatchCsv,
  renderDispatchHtml,
} from './dispatch-table.ts';
import { MAX_CAMPAIGN_ID_LENGTH, isCampaignId } from './report-folder.ts';

export const jobType = JobType.campaignDispatchReport;

function campaignIdField(): FieldParser<string> {
  return {
    optional: false,
    parse: (value, name) =>
      typeof value === 'string' && isCampaignId(value.trim())
        ? { ok: true, value: value.trim() }
        : {
            ok: false,
            problem:
              `变量 ${name} 应为不超过 ${MAX_CAMPAIGN_ID_LENGTH} 个字符的编号（字母、数字、点、短横线、下划线） / ` +
              `variable ${name} must be an id of at most ${MAX_CAMPAIGN_ID_LENGTH} letters, digits, dots, dashes or underscores (got ${JSON.stringify(value)})`,
          },
  };
}

function monthField(): FieldParser<string> {
  return {
    optional: false,
    parse: (value, name) =>
      typeof value === 'string' && MONTH_PATTERN.test(value.trim())
        ? { ok: true, value: value.trim() }
        : { ok: false, problem: `变量 ${name} 应为 YYYY-MM 月份 / variable ${name} must be a YYYY-MM month (got ${JSON.stringify(value)})` },
  };
}

const inputSchema = {
  /** Folder name of the campaign's tables, e.g. jinxian-2023-major-hazards. */
  campaignId: campaignIdField(),
  /** e.g. 进贤县重大事故隐患专项排查整治2023行动; the title adds 进展情况调度表. */
  campaignName: textField({ maxLength: 200 }),
  /** The month whose table is due (on its 23rd). */
  month: monthField(),
  /** First day of the campaign: counts are cumulative from it. */
  campaignStart: dateField(),
  /** 填报单位 shown under the title (the attachment's "(单位)"); the counts are not filtered by it. */
  region: maybeField(textField({ maxLength: 200 })),
} as const;

export interface DispatchReportInput {
  readonly campaignId: string;
  readonly campaignName: string;
  readonly month: string;
  readonly campaignStart: IsoDate;
  readonly region?: string;
}

export type DispatchReport = {
  month: string;
  dueDate: IsoDate;
  dueAt: string;
  movedFrom?: IsoDate;
  /** The cumulative statistics period [from, before). */
  periodFrom: string;
  periodBefore: string;
  csvPath: string;
  htmlPath: string;
  /** Every number of the table by key; null where the ledger has none and the reporting unit fills it in. */
  fields: DispatchFields;
  manualFields: string[];
  calendarWarning?: string;
};

export type DispatchReportOutput = { dispatchReport: DispatchReport };

export function parseDispatchReportInput(variables: Readonly<Record<string, unknown>>): DispatchReportInput {
  return parseVariables(variables, inputSchema);
}

export async function handleDispatchReport(
  input: DispatchReportInput,
  context: Pick<JobContext, 'logger' | 'services'>,
): Promise<DispatchReportOutput> {
  const { calendar, ledger, reports } = context.services;
  const due = dispatchDue(calendar, input.month);
  if (input.campaignStart >= due.dueDate) {
    throw new InvalidVariablesError([
      `${input.month} 的调度表于 ${due.dueDate} 报送，不晚于专项整治开始日期 campaignStart=${input.campaignStart}，没有可统计的时段 / ` +
        `the ${input.month} table is due ${due.dueDate}, not after campaignStart=${input.campaignStart}: there is no period to count`,
    ]);
  }
  const period = dispatchPeriod(input.campaignStart, due.dueDate);
  const summary = await ledger.summarize(period);
  const fields = dispatchFields(summary);
  const table = {
    campaignName: input.campaignName,
    month: input.month,
    campaignStart: input.campaignStart,
    due,
    fields,
    ...(input.region === undefined ? {} : { region: input.region }),
  };
  const written = await reports.writeDispatchReport(input.campaignId, input.month, {
    csv: renderDispatchCsv(table),
    html: renderDispatchHtml(table),
  });
  context.logger.info(
    { campaignId: input.campaignId, month: input.month, dueDate: due.dueDate, changed: written.changed },
    '调度表 written',
  );
  const dispatchReport: DispatchReport = {
    month: input.month,
    dueDate: due.dueDate,
    dueAt: due.dueAt,
    ...(due.movedFrom === undefined ? {} : { movedFrom: due.movedFrom }),
    periodFrom: period.from,
    periodBefore: period.before,
    csvPath: written.csvPath,
    htmlPath: written.htmlPath,
    fields,
    manualFields: [...MANUAL_FIELD_KEYS],
  };
  if (due.beyondKnownCalendar) {
    dispatchReport.calendarWarning =
      `${due.dueDate} 所在年份的法定节假日安排尚未收录（已知至 ${due.knownThroughYear} 年），仅按周末顺延；` +
      `国务院公布后请补充 processes/calendar/overrides.json 并核对报送日期 / ` +
      `the holiday schedule for ${due.dueDate} is not known yet (known through ${due.knownThroughYear}); only weekends were skipped.`;
    context.logger.warn({ month: input.month, dueDate: due.dueDate }, '调度表 due date beyond the known holiday schedule');
  }
  return { dispatchReport };
}

export const dispatchReportWorker = defineWorker<DispatchReportInput, DispatchReportOutput>({
  jobType,
  description: '专项整治月度调度表：每月23日报送（遇节假日顺延），台账累计数生成 CSV 与 HTML / monthly campaign dispatch table',
  parseInput: parseDispatchReportInput,
  handle: handleDispatchReport,
});
