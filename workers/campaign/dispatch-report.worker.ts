/**
 * anquan.campaign.dispatch-report: the monthly 调度表 of a special campaign
 * (seed 004 附件): its due date (the 23rd, 遇节假日顺延), its numbers from the
 * ledger (cumulative since the campaign start, see dispatch-table.ts), and the
 * table as CSV and HTML under REPORTS_DIR/<campaignId>/<month>. The same
 * inputs over the same ledger give byte-identical files, so a retried job
 * rewrites nothing.
 */
import { JobType } from '../contract.ts';
import { DEFAULT_JURISDICTION } from '../profile/profile.ts';
import { type IsoDate } from '../deadline/calendar.ts';
import {
  type FieldParser,
  InvalidVariablesError,
  choiceField,
  dateField,
  describeValue,
  integerField,
  maybeField,
  optionalField,
  parseVariables,
  textField,
} from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
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
import { type CampaignDates, type CampaignSchedule, campaignDateProblems, campaignSchedule } from './campaign-schedule.ts';

/** `report` writes one month's table; `schedule` computes the campaign's phases and owed tables without writing. */
export const DISPATCH_ACTIONS = ['report', 'schedule'] as const;

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
              `variable ${name} must be an id of at most ${MAX_CAMPAIGN_ID_LENGTH} letters, digits, dots, dashes or underscores (got ${describeValue(value)})`,
          },
  };
}

function monthField(): FieldParser<string> {
  return {
    optional: false,
    parse: (value, name) =>
      typeof value === 'string' && MONTH_PATTERN.test(value.trim())
        ? { ok: true, value: value.trim() }
        : { ok: false, problem: `变量 ${name} 应为 YYYY-MM 月份 / variable ${name} must be a YYYY-MM month (got ${describeValue(value)})` },
  };
}

const inputSchema = {
  /** Folder name of the campaign's tables, e.g. jinxian-2023-major-hazards. */
  campaignId: campaignIdField(),
  /** e.g. 进贤县重大事故隐患专项排查整治2023行动; the title adds 进展情况调度表. */
  campaignName: textField({ maxLength: 200 }),
  /** What to do: write one month's table (the default), or only compute the campaign's calendar (campaign-schedule.ts). */
  action: optionalField(choiceField(DISPATCH_ACTIONS), 'report' as DispatchAction),
  /** The month whose table is due (on its 23rd); required for `report`. */
  month: maybeField(monthField()),
  /** First day of the campaign (动员部署 begins): counts are cumulative from it. */
  campaignStart: dateField(),
  /** 填报单位 shown under the title (the attachment's "(单位)"); the counts are not filtered by it. */
  region: maybeField(textField({ maxLength: 200 })),
  /** `schedule` only: 企业自查自改和部门帮扶 begins. */
  selfCheckStart: maybeField(dateField()),
  /** `schedule` only: 部门精准执法 begins. */
  enforcementStart: maybeField(dateField()),
  /** `schedule` only: 总结提高 begins. */
  summaryStart: maybeField(dateField()),
  /** `schedule` only: the campaign's last day. */
  campaignEnd: maybeField(dateField()),
  /** `schedule` only: working days before the due day on which the review (and the draft table) opens. */
  reviewLeadWorkingDays: optionalField(integerField({ min: 0, max: 20 }), 0),
  /** Day of the month the table is due; the default jurisdiction profile's inspection.dispatchDayOfMonth when absent. */
  dispatchDayOfMonth: maybeField(integerField({ min: 1, max: 28 })),
} as const;

const inputs = describeInputs(inputSchema, {
  campaignId: { label: '专项行动编号', kind: 'text', description: `调度表文件夹名：至多 ${MAX_CAMPAIGN_ID_LENGTH} 个字母、数字、点、短横线或下划线，如 jinxian-2023-major-hazards` },
  campaignName: { label: '专项行动名称', kind: 'text', description: '如 进贤县重大事故隐患专项排查整治2023行动；表名后加“进展情况调度表”' },
  action: {
    label: '操作',
    kind: 'text',
    description: 'report（默认）：生成该月调度表；schedule：只计算专项行动日程（四个阶段的开始时间、应报送的各月调度表及其报送日和审核开始时间），不写文件',
    choices: DISPATCH_ACTIONS,
  },
  month: { label: '报送月份', kind: 'text', description: 'YYYY-MM，该月 23 日报送（遇节假日顺延）；report 时必填' },
  campaignStart: { label: '行动开始日期', kind: 'text', description: 'YYYY-MM-DD，动员部署开始，台账数据自此日累计' },
  region: { label: '填报单位', kind: 'text', description: '显示在表名下方，不影响统计范围' },
  selfCheckStart: { label: '企业自查自改和部门帮扶开始日期', kind: 'text', description: 'YYYY-MM-DD；schedule 时必填' },
  enforcementStart: { label: '部门精准执法开始日期', kind: 'text', description: 'YYYY-MM-DD；schedule 时必填' },
  summaryStart: { label: '总结提高开始日期', kind: 'text', description: 'YYYY-MM-DD；schedule 时必填' },
  campaignEnd: { label: '行动结束日期', kind: 'text', description: 'YYYY-MM-DD；schedule 时必填，23 日在此日之前（含）的月份须报送调度表' },
  reviewLeadWorkingDays: {
    label: '审核提前量（工作日）',
    kind: 'expression',
    description: 'schedule 时使用：报送日前第几个工作日上午 9 时开始审核并生成调度表草稿，取自辖区配置 ${profile.inspection.dispatchReviewLeadWorkingDays}',
  },
  dispatchDayOfMonth: {
    label: '每月报送日',
    kind: 'expression',
    description: '调度表每月几号报送（遇节假日顺延），取自辖区配置 ${profile.inspection.dispatchDayOfMonth}；留空时用默认辖区（江西）配置',
  },
});

export type DispatchAction = (typeof DISPATCH_ACTIONS)[number];

export interface DispatchReportInput {
  readonly action?: 'report';
  readonly campaignId: string;
  readonly campaignName: string;
  readonly month: string;
  readonly campaignStart: IsoDate;
  readonly region?: string;
  readonly dispatchDayOfMonth?: number;
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

export interface CampaignScheduleInput extends CampaignDates {
  readonly action: 'schedule';
  readonly campaignId: string;
  readonly campaignName: string;
  readonly reviewLeadWorkingDays: number;
  readonly dispatchDayOfMonth?: number;
}

export type CampaignScheduleOutput = { campaignSchedule: CampaignSchedule & { campaignId: string; campaignName: string } };

export function parseDispatchJobInput(variables: Readonly<Record<string, unknown>>): DispatchReportInput | CampaignScheduleInput {
  const parsed = parseVariables(variables, inputSchema);
  const missing = (names: ReadonlyArray<keyof typeof parsed>) =>
    names
      .filter((name) => parsed[name] === undefined)
      .map((name) => `操作 ${parsed.action} 须给出变量 ${name} / action ${parsed.action} requires the variable ${name}`);
  if (parsed.action === 'schedule') {
    const problems = missing(['selfCheckStart', 'enforcementStart', 'summaryStart', 'campaignEnd']);
    if (problems.length > 0) throw new InvalidVariablesError(problems);
    const dates: CampaignDates = {
      campaignStart: parsed.campaignStart,
      selfCheckStart: parsed.selfCheckStart as IsoDate,
      enforcementStart: parsed.enforcementStart as IsoDate,
      summaryStart: parsed.summaryStart as IsoDate,
      campaignEnd: parsed.campaignEnd as IsoDate,
    };
    const dateProblems = campaignDateProblems(dates);
    if (dateProblems.length > 0) throw new InvalidVariablesError(dateProblems);
    return {
      action: 'schedule',
      campaignId: parsed.campaignId,
      campaignName: parsed.campaignName,
      reviewLeadWorkingDays: parsed.reviewLeadWorkingDays,
      ...(parsed.dispatchDayOfMonth === undefined ? {} : { dispatchDayOfMonth: parsed.dispatchDayOfMonth }),
      ...dates,
    };
  }
  const problems = missing(['month']);
  if (problems.length > 0) throw new InvalidVariablesError(problems);
  return {
    campaignId: parsed.campaignId,
    campaignName: parsed.campaignName,
    month: parsed.month as string,
    campaignStart: parsed.campaignStart,
    ...(parsed.region === undefined ? {} : { region: parsed.region }),
    ...(parsed.dispatchDayOfMonth === undefined ? {} : { dispatchDayOfMonth: parsed.dispatchDayOfMonth }),
  };
}

export function parseDispatchReportInput(variables: Readonly<Record<string, unknown>>): DispatchReportInput {
  const input = parseDispatchJobInput({ ...variables, action: 'report' });
  return input as DispatchReportInput;
}

/** The day of the month a table is due: as given, else the default jurisdiction profile's (inspection.dispatchDayOfMonth). */
export async function dispatchDayOf(input: { readonly dispatchDayOfMonth?: number }, services: Pick<JobContext['services'], 'profiles'>): Promise<number> {
  if (input.dispatchDayOfMonth !== undefined) return input.dispatchDayOfMonth;
  return (await services.profiles.resolve(DEFAULT_JURISDICTION)).inspection.dispatchDayOfMonth;
}

export async function handleCampaignSchedule(
  input: CampaignScheduleInput,
  context: Pick<JobContext, 'logger' | 'services'>,
): Promise<CampaignScheduleOutput> {
  const schedule = campaignSchedule(context.services.calendar, input, input.reviewLeadWorkingDays, await dispatchDayOf(input, context.services));
  context.logger.info(
    { campaignId: input.campaignId, months: schedule.months.map((month) => `${month.month}→${month.dueDate}`) },
    '专项整治日程 computed',
  );
  return { campaignSchedule: { campaignId: input.campaignId, campaignName: input.campaignName, ...schedule } };
}

export async function handleDispatchJob(
  input: DispatchReportInput | CampaignScheduleInput,
  context: Pick<JobContext, 'logger' | 'services'>,
): Promise<DispatchReportOutput | CampaignScheduleOutput> {
  return input.action === 'schedule' ? handleCampaignSchedule(input, context) : handleDispatchReport(input, context);
}

export async function handleDispatchReport(
  input: DispatchReportInput,
  context: Pick<JobContext, 'logger' | 'services'>,
): Promise<DispatchReportOutput> {
  const { calendar, ledger, reports } = context.services;
  const due = dispatchDue(calendar, input.month, await dispatchDayOf(input, context.services));
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

export const dispatchReportWorker = defineWorker<DispatchReportInput | CampaignScheduleInput, DispatchReportOutput | CampaignScheduleOutput>({
  jobType,
  title: '专项整治月度调度表',
  inputs,
  description:
    '专项整治月度调度表：每月23日报送（遇节假日顺延），台账累计数生成 CSV 与 HTML；或计算专项行动日程 / monthly campaign dispatch table, or the campaign calendar',
  parseInput: parseDispatchJobInput,
  handle: handleDispatchJob,
});
