/**
 * anquan.inspection.plan-batches: the 年度安全生产监督检查计划 (000 第二十条) as the
 * batches it is carried out in. An annual plan is spread over the year: one
 * batch per quarter (`quarter`) or per month (`month`), each starting on the
 * first day of its period (a period already under way when the plan is made
 * starts on `startDate`; one already over is left out); `single` is one batch
 * from `startDate` (a 回头看 or an ad-hoc inspection).
 *
 * 分级分类 (000 第二十条): key objects are covered in full once every
 * `keyIntervalMonths`, general objects drawn once every `generalIntervalMonths`
 * (profile figures inspection.keyInspectionIntervalMonths and
 * inspection.generalDrawIntervalMonths): a batch covers a class when it is the
 * first batch of that class's interval window (months counted from January).
 * The batches are a pure function of the inputs, so a redelivered job returns
 * the same list.
 */
import { JobType } from '../contract.ts';
import { InvalidVariablesError, choiceField, dateField, integerField, maybeField, parseVariables, textField } from '../variables.ts';
import { defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.inspectionPlanBatches;

export const BATCH_MODES = ['single', 'quarter', 'month'] as const;
export type BatchMode = (typeof BATCH_MODES)[number];

/** Batches start at the office day's beginning, as reminders do (workers/deadline/plan-deadline.worker.ts). */
export const BATCH_START_TIME = 'T09:00:00+08:00';

const inputSchema = {
  planId: textField({ maxLength: 200 }),
  planYear: integerField({ min: 2000, max: 2100 }),
  batchMode: choiceField(BATCH_MODES),
  /** The day the plan takes effect; required for `single`. */
  startDate: maybeField(dateField()),
  keyIntervalMonths: integerField({ min: 1, max: 12 }),
  generalIntervalMonths: integerField({ min: 1, max: 12 }),
} as const;

const inputs = describeInputs(inputSchema, {
  planId: { label: '检查计划编号', kind: 'expression', description: '年度监督检查计划编号（文号），如 ${planId}' },
  planYear: { label: '计划年度', kind: 'expression', description: '计划所属年度，如 ${planYear}' },
  batchMode: { label: '分批方式', kind: 'expression', description: 'quarter 按季度分批，month 按月分批，single 一次检查', choices: BATCH_MODES },
  startDate: { label: '计划开始日期', kind: 'expression', description: '计划开始执行的日期（single 必填；已结束的时段不再安排）' },
  keyIntervalMonths: { label: '重点监管对象检查频次（月）', kind: 'expression', description: '如 ${profile.inspection.keyInspectionIntervalMonths}' },
  generalIntervalMonths: { label: '一般监管对象抽查频次（月）', kind: 'expression', description: '如 ${profile.inspection.generalDrawIntervalMonths}' },
});

export type PlanBatchesInput = {
  readonly planId: string;
  readonly planYear: number;
  readonly batchMode: BatchMode;
  readonly startDate?: string;
  readonly keyIntervalMonths: number;
  readonly generalIntervalMonths: number;
};

export type InspectionBatch = {
  batchId: string;
  index: number;
  label: string;
  startDate: string;
  startsAt: string;
  /** Last day of the batch's period (single: null). */
  periodEnd: string | null;
  includeKeyTargets: boolean;
  includeRandomDraw: boolean;
};

export type PlanBatchesOutput = { batches: InspectionBatch[] };

const QUARTERS = ['一', '二', '三', '四'];

const pad = (value: number) => String(value).padStart(2, '0');
const isoDate = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function planBatches(input: PlanBatchesInput): InspectionBatch[] {
  if (input.batchMode === 'single') {
    if (input.startDate === undefined) throw new InvalidVariablesError(['一次检查须填写计划开始日期 startDate / a single batch needs startDate']);
    return [
      { batchId: input.planId, index: 1, label: `${input.planYear}年度检查`, startDate: input.startDate, startsAt: `${input.startDate}${BATCH_START_TIME}`, periodEnd: null, includeKeyTargets: true, includeRandomDraw: true },
    ];
  }
  if (input.startDate !== undefined && Number(input.startDate.slice(0, 4)) > input.planYear) {
    throw new InvalidVariablesError([`计划开始日期 ${input.startDate} 晚于计划年度 ${input.planYear} / startDate ${input.startDate} is after the plan year`]);
  }
  const months = input.batchMode === 'quarter' ? 3 : 1;
  const batches: InspectionBatch[] = [];
  let previousKeyWindow = -1;
  let previousGeneralWindow = -1;
  for (let first = 0; first < 12; first += months) {
    const startMonth = first + 1;
    const endMonth = first + months;
    const periodStart = isoDate(input.planYear, startMonth, 1);
    const periodEnd = isoDate(input.planYear, endMonth, lastDayOf(input.planYear, endMonth));
    if (input.startDate !== undefined && input.startDate > periodEnd) continue;
    const startDate = input.startDate !== undefined && input.startDate > periodStart ? input.startDate : periodStart;
    const keyWindow = Math.floor(first / input.keyIntervalMonths);
    const generalWindow = Math.floor(first / input.generalIntervalMonths);
    const index = batches.length + 1;
    const label = input.batchMode === 'quarter' ? `${input.planYear}年第${QUARTERS[first / 3]}季度` : `${input.planYear}年${startMonth}月`;
    const suffix = input.batchMode === 'quarter' ? `${input.planYear}Q${first / 3 + 1}` : `${input.planYear}-${pad(startMonth)}`;
    batches.push({
      batchId: `${input.planId}·${suffix}`,
      index,
      label,
      startDate,
      startsAt: `${startDate}${BATCH_START_TIME}`,
      periodEnd,
      includeKeyTargets: keyWindow !== previousKeyWindow,
      includeRandomDraw: generalWindow !== previousGeneralWindow,
    });
    previousKeyWindow = keyWindow;
    previousGeneralWindow = generalWindow;
  }
  return batches;
}

export function parsePlanBatchesInput(variables: Readonly<Record<string, unknown>>): PlanBatchesInput {
  return parseVariables(variables, inputSchema);
}

export const planBatchesWorker = defineWorker<PlanBatchesInput, PlanBatchesOutput>({
  jobType,
  title: '年度计划分批',
  inputs,
  description: '年度监督检查计划按季度或月分批，按分级分类频次安排重点对象全覆盖和一般对象双随机抽查 / splits the annual plan into batches',
  parseInput: parsePlanBatchesInput,
  handle: async (input, context) => {
    const batches = planBatches(input);
    context.logger.info({ planId: input.planId, batches: batches.length }, 'annual plan split into batches');
    return { batches };
  },
});
