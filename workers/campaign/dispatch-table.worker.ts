/**
 * anquan.campaign.dispatch-table: the steps of the campaign-dispatch process, one month's 调度表 of a special
 * campaign after seed 004 (附件 and its 注1–3):
 *
 *   due                  the due date: the profile's day of the month (inspection.dispatchDayOfMonth, 23 in 江西
 *                        after 注1), moved to the next working day (遇节假日顺延); the morning the reporting units'
 *                        work opens (inspection.dispatchReviewLeadWorkingDays before it); the cumulative period.
 *   unit-draft           one reporting unit's numbers from the ledger, counting only the rows of this campaign and
 *                        this unit (campaign_id, reporting_unit_id), up to the due day; the CSV and HTML draft.
 *   unit-submit          the unit's table with the items it entered (the ledger cannot know them), stored in the
 *                        ledger (dispatch_submissions, keyed by the process instance and the unit: a retried job
 *                        stores nothing twice) and written as CSV and HTML.
 *   consolidate          the 县安委办's consolidated table: the sum of every unit's submitted table; the draft.
 *   consolidated-submit  the consolidated table, with the 文号 the 安委办 entered, stored and written.
 */
import { JobType } from '../contract.ts';
import { type IsoDate, addCalendarDays } from '../deadline/calendar.ts';
import {
  type FieldParser,
  InvalidVariablesError,
  choiceField,
  dateField,
  describeValue,
  instantField,
  integerField,
  listField,
  maybeField,
  objectField,
  parseVariables,
  textField,
} from '../variables.ts';
import { type JobContext, type JsonObject, defineWorker, describeInputs } from '../worker-definition.ts';
import { dispatchDue, dispatchFields, dispatchPeriod } from './dispatch-table.ts';
import {
  type DispatchSheet,
  MANUAL_FIELD_KEYS,
  SHEET_KEYS,
  type SheetFields,
  YES_NO_KEYS,
  consolidateFields,
  isWanYuanKey,
  mergeEntries,
  renderSheetCsv,
  renderSheetHtml,
} from './dispatch-sheet.ts';
import { CAMPAIGN_MORNING_TIME_OF_DAY } from './campaign-schedule.ts';
import { campaignIdField, monthField, reportingUnitField } from './campaign-fields.ts';

export const jobType = JobType.campaignDispatchTable;

export const DISPATCH_TABLE_ACTIONS = ['due', 'unit-draft', 'unit-submit', 'consolidate', 'consolidated-submit'] as const;
export type DispatchTableAction = (typeof DISPATCH_TABLE_ACTIONS)[number];

/** Far above any count a county reports in a month. */
export const MAX_ENTRY = 1_000_000;
const MAX_SHORT_TEXT_LENGTH = 200;
/** Reporting units of one county: 乡镇 and 县安委会成员单位. */
export const MAX_REPORTING_UNITS = 200;

/** An entered number of the table (a form's number field): not negative; whole for counts, up to four decimals for 万元. */
function entryField(key: string): FieldParser<number | boolean> {
  if (YES_NO_KEYS.has(key)) {
    return {
      optional: false,
      parse: (value, name) =>
        value === true || value === '是' || value === 'yes'
          ? { ok: true, value: true }
          : value === false || value === '否' || value === 'no'
            ? { ok: true, value: false }
            : { ok: false, problem: `变量 ${name} 应为“是”或“否” / variable ${name} must be 是 or 否 (got ${describeValue(value)})` },
    };
  }
  const decimals = isWanYuanKey(key) ? 4 : 0;
  return {
    optional: false,
    parse: (value, name) => {
      const number = value;
      const scaled = typeof number === 'number' ? number * 10 ** decimals : Number.NaN;
      return typeof number === 'number' && Number.isFinite(number) && number >= 0 && number <= MAX_ENTRY && Math.abs(Math.round(scaled) - scaled) < 1e-6
        ? { ok: true, value: number }
        : {
            ok: false,
            problem:
              `变量 ${name} 应为 0 到 ${MAX_ENTRY} 之间的${decimals === 0 ? '整数' : `数（最多 ${decimals} 位小数）`} / ` +
              `variable ${name} must be ${decimals === 0 ? 'a whole number' : `a number with at most ${decimals} decimals`} from 0 to ${MAX_ENTRY} (got ${describeValue(value)})`,
          };
    },
  };
}

const dueField = objectField({
  dueDate: dateField(),
  dueAt: instantField(),
  periodFrom: instantField(),
  periodBefore: instantField(),
  movedFrom: maybeField(dateField()),
});

const entrySchema = Object.fromEntries(MANUAL_FIELD_KEYS.map((key) => [key, maybeField(entryField(key))])) as Record<string, FieldParser<number | boolean | undefined>>;

const inputSchema = {
  action: choiceField(DISPATCH_TABLE_ACTIONS),
  /** 专项整治行动编号: the ledger rows of this campaign only; folder of the tables. */
  campaignId: campaignIdField(),
  campaignName: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
  dispatchMonth: monthField(),
  /** First day of the campaign: counts are cumulative from it (注1). */
  periodFrom: dateField(),
  /** `due`: the profile's inspection.dispatchDayOfMonth. */
  dayOfMonth: maybeField(integerField({ min: 1, max: 28 })),
  /** `due`: the profile's inspection.dispatchReviewLeadWorkingDays. */
  reviewLeadWorkingDays: maybeField(integerField({ min: 0, max: 20 })),
  /** The `due` action's result, for the other actions. */
  dispatchDue: maybeField(dueField),
  /** `unit-…`: the reporting unit {id, name}. */
  reportingUnit: maybeField(reportingUnitField),
  /** `consolidate`: every reporting unit {id, name} that must have submitted. */
  reportingUnits: maybeField(listField(reportingUnitField, { minItems: 1, maxItems: MAX_REPORTING_UNITS })),
  /** The consolidated table's "(单位)", e.g. 进贤县安委办. */
  campaignRegion: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
  /** 文号 of the campaign's 方案, e.g. 进府办发〔2023〕25号. */
  campaignDocumentNumber: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
  /** `…-submit`: 文号 of the submission, printed when entered. */
  documentNumber: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
  /** `…-submit`: 填报人 / 审核人. */
  submittedBy: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
  /** `…-submit`: when it was submitted (the completed task's end); the job's activation otherwise. */
  submittedAt: maybeField(instantField()),
  ...entrySchema,
};

const entryDescriptions = Object.fromEntries(
  MANUAL_FIELD_KEYS.map((key) => [
    key,
    {
      label: `填报项 ${key}`,
      kind: 'expression' as const,
      description: `unit-submit 时必填：填报单位在表单中填报的调度表项目（台账未记录）；${YES_NO_KEYS.has(key) ? '是或否' : isWanYuanKey(key) ? '万元，最多4位小数' : '整数'}`,
    },
  ]),
);

const inputs = describeInputs(inputSchema as typeof inputSchema, {
  action: { label: '操作', kind: 'text', description: 'due 计算报送日；unit-draft 填报单位草表；unit-submit 报送填报单位调度表；consolidate 汇总；consolidated-submit 报送汇总表', choices: DISPATCH_TABLE_ACTIONS },
  campaignId: { label: '专项整治行动编号', kind: 'text', description: '只统计本行动的台账记录；也是调度表文件夹名', defaultValue: '${campaignId}' },
  campaignName: { label: '专项整治行动名称', kind: 'text', description: '表名为“<名称>进展情况调度表”', defaultValue: '${campaignName}' },
  dispatchMonth: { label: '调度月份', kind: 'text', description: 'YYYY-MM', defaultValue: '${dispatchMonth}' },
  periodFrom: { label: '行动开始日期', kind: 'text', description: 'YYYY-MM-DD，台账数据自此日累计（进贤方案附件注1）', defaultValue: '${periodFrom}' },
  dayOfMonth: { label: '每月报送日', kind: 'expression', description: 'due 时必填：${profile.inspection.dispatchDayOfMonth}（江西 23 日，遇节假日顺延）' },
  reviewLeadWorkingDays: { label: '填报提前量（工作日）', kind: 'expression', description: 'due 时必填：${profile.inspection.dispatchReviewLeadWorkingDays}，报送日前第几个工作日上午开始填报' },
  dispatchDue: { label: '报送期限', kind: 'expression', description: 'due 以外的操作必填：due 的结果 ${dispatchDue}', defaultValue: '${dispatchDue}' },
  reportingUnit: { label: '填报单位', kind: 'expression', description: 'unit-draft、unit-submit 必填：{id, name}，多实例元素变量 ${reportingUnit}' },
  reportingUnits: { label: '全部填报单位', kind: 'expression', description: 'consolidate、consolidated-submit 必填：[{id, name}]，${reportingUnits}' },
  campaignRegion: { label: '汇总单位', kind: 'text', description: '汇总表“（单位）”，如 进贤县安委办；留空为“县安委办”' },
  campaignDocumentNumber: { label: '方案文号', kind: 'text', description: '调度表所附方案的文号，如 进府办发〔2023〕25号，印在表上' },
  documentNumber: { label: '报送文号', kind: 'text', description: '报送时填写的文号，印在表上' },
  submittedBy: { label: '填报人', kind: 'text', description: '填报人或审核人' },
  submittedAt: { label: '报送时间', kind: 'text', description: '带时区 ISO-8601；留空为任务开始时间' },
  ...entryDescriptions,
} as never);

type Parsed = ReturnType<typeof parseVariables<typeof inputSchema>>;

export interface DispatchTableInput {
  readonly action: DispatchTableAction;
  readonly campaignId: string;
  readonly campaignName: string;
  readonly dispatchMonth: string;
  readonly periodFrom: IsoDate;
  readonly dayOfMonth?: number;
  readonly reviewLeadWorkingDays?: number;
  readonly dispatchDue?: { dueDate: IsoDate; dueAt: string; periodFrom: string; periodBefore: string; movedFrom?: IsoDate };
  readonly reportingUnit?: { id: string; name: string };
  readonly reportingUnits?: Array<{ id: string; name: string }>;
  readonly campaignRegion?: string;
  readonly campaignDocumentNumber?: string;
  readonly documentNumber?: string;
  readonly submittedBy?: string;
  readonly submittedAt?: string;
  readonly entries: SheetFields;
}

const REQUIRED: Readonly<Record<DispatchTableAction, readonly (keyof Parsed)[]>> = {
  due: ['dayOfMonth', 'reviewLeadWorkingDays'],
  'unit-draft': ['dispatchDue', 'reportingUnit'],
  'unit-submit': ['dispatchDue', 'reportingUnit'],
  consolidate: ['dispatchDue', 'reportingUnits'],
  'consolidated-submit': ['dispatchDue', 'reportingUnits'],
};

export function parseDispatchTableInput(variables: Readonly<Record<string, unknown>>): DispatchTableInput {
  const parsed = parseVariables(variables, inputSchema) as Parsed & Record<string, unknown>;
  const action = parsed.action as DispatchTableAction;
  const problems = REQUIRED[action]
    .filter((name) => parsed[name] === undefined)
    .map((name) => `操作 ${action} 须给出变量 ${String(name)} / action ${action} requires the variable ${String(name)}`);
  const entries: SheetFields = {};
  for (const key of MANUAL_FIELD_KEYS) {
    const value = parsed[key] as number | boolean | undefined;
    entries[key] = value ?? null;
    if (action === 'unit-submit' && value === undefined) {
      problems.push(`调度表项目 ${key} 未填报（进贤方案附件注2：如实填报）/ item ${key} of the table was not entered`);
    }
  }
  if (problems.length > 0) throw new InvalidVariablesError(problems);
  const optional = <K extends string>(key: K, value: unknown) => (value === undefined ? {} : { [key]: value });
  return {
    action,
    campaignId: parsed.campaignId as string,
    campaignName: parsed.campaignName as string,
    dispatchMonth: parsed.dispatchMonth as string,
    periodFrom: parsed.periodFrom as IsoDate,
    entries,
    ...optional('dayOfMonth', parsed.dayOfMonth),
    ...optional('reviewLeadWorkingDays', parsed.reviewLeadWorkingDays),
    ...optional('dispatchDue', parsed.dispatchDue),
    ...optional('reportingUnit', parsed.reportingUnit),
    ...optional('reportingUnits', parsed.reportingUnits),
    ...optional('campaignRegion', parsed.campaignRegion),
    ...optional('campaignDocumentNumber', parsed.campaignDocumentNumber),
    ...optional('documentNumber', parsed.documentNumber),
    ...optional('submittedBy', parsed.submittedBy),
    ...optional('submittedAt', parsed.submittedAt),
  } as DispatchTableInput;
}

type Context = Pick<JobContext, 'job' | 'logger' | 'services'>;

/** The day a submitted table is dated: the submission's, in China. */
function chinaDay(instant: string): IsoDate {
  return new Date(Date.parse(instant) + 8 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

function lastDayCounted(due: NonNullable<DispatchTableInput['dispatchDue']>): IsoDate {
  return addCalendarDays(due.dueDate, -1);
}

function sheetOf(input: DispatchTableInput, unitName: string, fields: SheetFields, date: IsoDate, extra: Partial<DispatchSheet>, dayOfMonth: number): DispatchSheet {
  const due = input.dispatchDue!;
  return {
    campaignName: input.campaignName,
    unitName,
    date,
    month: input.dispatchMonth,
    dayOfMonth,
    periodFrom: input.periodFrom,
    periodTo: lastDayCounted(due),
    dueDate: due.dueDate,
    ...(due.movedFrom === undefined ? {} : { movedFrom: due.movedFrom }),
    fields,
    ...(input.campaignDocumentNumber === undefined ? {} : { campaignDocumentNumber: input.campaignDocumentNumber }),
    ...extra,
  };
}

/** The due day of the month as the table's 注1 prints it: the nominal day of the due date (moved or not). */
function dayOfMonthOf(due: NonNullable<DispatchTableInput['dispatchDue']>): number {
  return Number((due.movedFrom ?? due.dueDate).slice(8, 10));
}

async function ledgerFieldsOf(input: DispatchTableInput, unitId: string, context: Context): Promise<SheetFields> {
  const due = input.dispatchDue!;
  const summary = await context.services.ledger.summarize({ from: due.periodFrom, before: due.periodBefore }, { campaignId: input.campaignId, reportingUnitId: unitId });
  return dispatchFields(summary);
}

function handleDue(input: DispatchTableInput, context: Context): JsonObject {
  const { calendar } = context.services;
  const due = dispatchDue(calendar, input.dispatchMonth, input.dayOfMonth!);
  if (input.periodFrom >= due.dueDate) {
    throw new InvalidVariablesError([
      `${input.dispatchMonth} 的调度表于 ${due.dueDate} 报送，不晚于专项整治开始日期 ${input.periodFrom}，没有可统计的时段 / ` +
        `the ${input.dispatchMonth} table is due ${due.dueDate}, not after the campaign start ${input.periodFrom}: there is no period to count`,
    ]);
  }
  const period = dispatchPeriod(input.periodFrom, due.dueDate);
  const opens = calendar.subtractWorkingDays(due.dueDate, input.reviewLeadWorkingDays!).date;
  const reviewFrom = opens < input.periodFrom ? input.periodFrom : opens;
  const result: JsonObject = {
    month: input.dispatchMonth,
    dueDate: due.dueDate,
    dueAt: due.dueAt,
    ...(due.movedFrom === undefined ? {} : { movedFrom: due.movedFrom }),
    reviewFrom,
    reviewFromAt: `${reviewFrom}T${CAMPAIGN_MORNING_TIME_OF_DAY}`,
    periodFrom: period.from,
    periodBefore: period.before,
    ...(due.beyondKnownCalendar
      ? {
          calendarWarning:
            `${due.dueDate} 所在年份的法定节假日安排尚未收录（已知至 ${due.knownThroughYear} 年），仅按周末顺延 / ` +
            `the holiday schedule for ${due.dueDate} is not known yet (known through ${due.knownThroughYear}); only weekends were skipped`,
        }
      : {}),
  };
  context.logger.info({ campaignId: input.campaignId, month: input.dispatchMonth, dueDate: due.dueDate, movedFrom: due.movedFrom }, '调度表 due date computed');
  return { dispatchDue: result };
}

function unitSheetName(unitId: string): string {
  return `unit-${unitId}`;
}

async function handleUnitDraft(input: DispatchTableInput, context: Context): Promise<JsonObject> {
  const unit = input.reportingUnit!;
  const fields = await ledgerFieldsOf(input, unit.id, context);
  const sheet = sheetOf(input, unit.name, fields, chinaDay(context.job.activatedAt), { draft: true }, dayOfMonthOf(input.dispatchDue!));
  const written = await context.services.reports.writeDispatchSheet(input.campaignId, input.dispatchMonth, `${unitSheetName(unit.id)}-draft`, {
    csv: renderSheetCsv(sheet),
    html: renderSheetHtml(sheet),
  });
  return { unitTable: { reportingUnitId: unit.id, reportingUnitName: unit.name, fields, manualFields: [...MANUAL_FIELD_KEYS], csvPath: written.csvPath, htmlPath: written.htmlPath } };
}

async function handleUnitSubmit(input: DispatchTableInput, context: Context): Promise<JsonObject> {
  const unit = input.reportingUnit!;
  const due = input.dispatchDue!;
  const submittedAt = input.submittedAt ?? context.job.activatedAt;
  // The numbers the ledger gives are counted again at submission, up to the due day; the entries are the unit's.
  const fields = mergeEntries(await ledgerFieldsOf(input, unit.id, context), input.entries);
  const { record, isNew } = await context.services.ledger.recordDispatchSubmission({
    idempotencyKey: `${context.job.processInstanceKey}:dispatch:${unit.id}`,
    campaignId: input.campaignId,
    dispatchMonth: input.dispatchMonth,
    kind: '填报单位',
    reportingUnitId: unit.id,
    reportingUnitName: unit.name,
    fields,
    processInstanceKey: context.job.processInstanceKey,
    periodFrom: due.periodFrom,
    periodBefore: due.periodBefore,
    submittedAt,
    ...(input.documentNumber === undefined ? {} : { documentNumber: input.documentNumber }),
    ...(input.submittedBy === undefined ? {} : { submittedBy: input.submittedBy }),
  });
  // A redelivered job writes the table as first stored, so the files never differ from the ledger.
  const stored = record.fields as SheetFields;
  const sheet = sheetOf(input, unit.name, stored, chinaDay(record.submittedAt), {
    ...(record.documentNumber === null ? {} : { documentNumber: record.documentNumber }),
    ...(record.submittedBy === null ? {} : { submittedBy: record.submittedBy }),
  }, dayOfMonthOf(due));
  const written = await context.services.reports.writeDispatchSheet(input.campaignId, input.dispatchMonth, unitSheetName(unit.id), {
    csv: renderSheetCsv(sheet),
    html: renderSheetHtml(sheet),
  });
  context.logger.info({ campaignId: input.campaignId, month: input.dispatchMonth, unit: unit.id, isNew, changed: written.changed }, '填报单位调度表 submitted');
  return { unitSubmission: { submissionId: record.id, reportingUnitId: unit.id, reportingUnitName: unit.name, fields: stored, csvPath: written.csvPath, htmlPath: written.htmlPath } };
}

async function unitTables(input: DispatchTableInput, context: Context): Promise<{ names: string[]; fields: SheetFields[] }> {
  const submitted = await context.services.ledger.listDispatchSubmissions({
    campaignId: input.campaignId,
    dispatchMonth: input.dispatchMonth,
    processInstanceKey: context.job.processInstanceKey,
    kind: '填报单位',
  });
  const byUnit = new Map(submitted.map((row) => [row.reportingUnitId, row]));
  const missing = input.reportingUnits!.filter((unit) => !byUnit.has(unit.id));
  if (missing.length > 0) {
    throw new InvalidVariablesError([
      `尚未报送调度表的填报单位：${missing.map((unit) => unit.name).join('、')} / no table submitted yet by: ${missing.map((unit) => unit.id).join(', ')}`,
    ]);
  }
  return {
    names: input.reportingUnits!.map((unit) => unit.name),
    fields: input.reportingUnits!.map((unit) => byUnit.get(unit.id)!.fields as SheetFields),
  };
}

const CONSOLIDATED = 'consolidated';

async function handleConsolidate(input: DispatchTableInput, context: Context): Promise<JsonObject> {
  const units = await unitTables(input, context);
  const fields = consolidateFields(units.fields);
  const unitName = input.campaignRegion ?? '县安委办';
  const sheet = sheetOf(input, unitName, fields, chinaDay(context.job.activatedAt), { draft: true, consolidates: units.names }, dayOfMonthOf(input.dispatchDue!));
  const written = await context.services.reports.writeDispatchSheet(input.campaignId, input.dispatchMonth, `${CONSOLIDATED}-draft`, {
    csv: renderSheetCsv(sheet),
    html: renderSheetHtml(sheet),
  });
  return { consolidatedTable: { unitName, fields, reportingUnits: units.names, csvPath: written.csvPath, htmlPath: written.htmlPath } };
}

async function handleConsolidatedSubmit(input: DispatchTableInput, context: Context): Promise<JsonObject> {
  const due = input.dispatchDue!;
  const units = await unitTables(input, context);
  const fields = consolidateFields(units.fields);
  const unitName = input.campaignRegion ?? '县安委办';
  const { record, isNew } = await context.services.ledger.recordDispatchSubmission({
    idempotencyKey: `${context.job.processInstanceKey}:dispatch:${CONSOLIDATED}`,
    campaignId: input.campaignId,
    dispatchMonth: input.dispatchMonth,
    kind: '汇总',
    reportingUnitName: unitName,
    fields,
    processInstanceKey: context.job.processInstanceKey,
    periodFrom: due.periodFrom,
    periodBefore: due.periodBefore,
    submittedAt: input.submittedAt ?? context.job.activatedAt,
    note: `汇总：${units.names.join('、')}`,
    ...(input.documentNumber === undefined ? {} : { documentNumber: input.documentNumber }),
    ...(input.submittedBy === undefined ? {} : { submittedBy: input.submittedBy }),
  });
  const stored = record.fields as SheetFields;
  const sheet = sheetOf(input, unitName, stored, chinaDay(record.submittedAt), {
    consolidates: units.names,
    ...(record.documentNumber === null ? {} : { documentNumber: record.documentNumber }),
    ...(record.submittedBy === null ? {} : { submittedBy: record.submittedBy }),
  }, dayOfMonthOf(due));
  const written = await context.services.reports.writeDispatchSheet(input.campaignId, input.dispatchMonth, CONSOLIDATED, {
    csv: renderSheetCsv(sheet),
    html: renderSheetHtml(sheet),
  });
  context.logger.info({ campaignId: input.campaignId, month: input.dispatchMonth, isNew, changed: written.changed }, '汇总调度表 submitted');
  return {
    dispatchSubmission: {
      submissionId: record.id,
      campaignId: input.campaignId,
      month: input.dispatchMonth,
      dueDate: due.dueDate,
      documentNumber: record.documentNumber,
      fields: stored,
      reportingUnits: units.names,
      csvPath: written.csvPath,
      htmlPath: written.htmlPath,
    },
  };
}

export async function handleDispatchTable(input: DispatchTableInput, context: Context): Promise<JsonObject> {
  switch (input.action) {
    case 'due':
      return handleDue(input, context);
    case 'unit-draft':
      return handleUnitDraft(input, context);
    case 'unit-submit':
      return handleUnitSubmit(input, context);
    case 'consolidate':
      return handleConsolidate(input, context);
    case 'consolidated-submit':
      return handleConsolidatedSubmit(input, context);
  }
}

/** Every key of the table, for callers and tests. */
export { SHEET_KEYS };

export const dispatchTableWorker = defineWorker<DispatchTableInput, JsonObject>({
  jobType,
  title: '月度调度表（按行动、按填报单位）',
  inputs,
  description:
    '专项整治月度调度表（进贤方案附件）：报送日取自辖区配置（遇节假日顺延），填报单位按行动和单位统计台账并填报其余项目，报送入台账，县安委办汇总 / monthly campaign dispatch table per reporting unit and consolidated',
  parseInput: parseDispatchTableInput,
  handle: handleDispatchTable,
});
