/**
 * anquan.deadline.add-working-days: the date N working days after a date, so
 * that "within N working days" in the seeds becomes a due date a user task
 * can carry (camunda:dueDate) without a literal in the diagram.
 */
import { BpmnErrorCode, JobType } from '../contract.ts';
import { BusinessError, type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
import { booleanField, dateField, integerField, optionalField, parseVariables, variableNameField } from '../variables.ts';
import { type IsoDate, MAX_WORKING_DAYS } from './calendar.ts';

export const jobType = JobType.addWorkingDays;

const inputSchema = {
  /** The day the period starts from (YYYY-MM-DD, or an ISO date-time taken as its day in China). */
  fromDate: dateField(),
  /** How many working days the period lasts. */
  workingDays: integerField({ min: 0, max: MAX_WORKING_DAYS }),
  /** Name of the output variable; `<name>At` receives the matching date-time. */
  resultVariable: optionalField(variableNameField(), 'dueDate'),
  /** When true, a result beyond the published holiday schedule is a BPMN error instead of a warning. */
  requirePublishedCalendar: optionalField(booleanField(), false),
} as const;

const inputs = describeInputs(inputSchema, {
  fromDate: { label: '起算日期', kind: 'text', description: '期限的起算日：YYYY-MM-DD 日期，或带时区的 ISO-8601 时间（取其北京时间的日期），通常取流程变量，如 ${entryDate}' },
  workingDays: {
    label: '工作日数',
    kind: 'expression',
    description: '期限的法定工作日数（按国务院节假日安排含调休）。取自辖区配置，如 ${profile.patrol.reportWorkingDays}；流程图中不写字面天数',
  },
  resultVariable: {
    label: '结果变量名',
    kind: 'text',
    description: '保存到期日（YYYY-MM-DD）的流程变量名，不填为 dueDate；同名加 At 的变量保存当日 18:00（北京时间）',
  },
  requirePublishedCalendar: { label: '须在已公布的节假日安排内', kind: 'expression', description: '为 true 时，结果超出已公布节假日安排的年份即抛出 BPMN 错误 ANQUAN_CALENDAR_NOT_PUBLISHED；不填为 false，只在结果中给出 calendarWarning' },
});

export interface AddWorkingDaysInput {
  readonly fromDate: IsoDate;
  readonly workingDays: number;
  readonly resultVariable: string;
  readonly requirePublishedCalendar: boolean;
}

/**
 * `{ [resultVariable]: 'YYYY-MM-DD', [resultVariable + 'At']: '…T18:00:00+08:00' }`,
 * plus `calendarWarning` when the date lies beyond the known holiday schedule.
 */
export type AddWorkingDaysOutput = { [variable: string]: string };

/** End of the office day in China: a deadline "on" a day means by its close of business. */
export const DEADLINE_TIME_OF_DAY = '18:00:00+08:00';

export function parseAddWorkingDaysInput(variables: Readonly<Record<string, unknown>>): AddWorkingDaysInput {
  return parseVariables(variables, inputSchema);
}

export function handleAddWorkingDays(input: AddWorkingDaysInput, context: Pick<JobContext, 'logger' | 'services'>): AddWorkingDaysOutput {
  const { calendar } = context.services;
  const result = calendar.addWorkingDays(input.fromDate, input.workingDays);
  const output: AddWorkingDaysOutput = {
    [input.resultVariable]: result.date,
    [`${input.resultVariable}At`]: `${result.date}T${DEADLINE_TIME_OF_DAY}`,
  };
  if (result.beyondKnownCalendar) {
    const warning =
      `${result.date} 所在年份的法定节假日安排尚未收录（已知至 ${result.knownThroughYear} 年），仅按周末推算；` +
      `国务院公布后请补充 processes/calendar/overrides.json 并核对期限 / ` +
      `the holiday schedule for ${result.date} is not known yet (known through ${result.knownThroughYear}); only weekends were skipped. ` +
      `Add the State Council schedule to processes/calendar/overrides.json once published and re-check this deadline.`;
    if (input.requirePublishedCalendar) {
      throw new BusinessError(BpmnErrorCode.calendarNotPublished, warning, { calendarWarning: warning });
    }
    context.logger.warn({ fromDate: input.fromDate, workingDays: input.workingDays, dueDate: result.date }, 'deadline beyond the known holiday schedule');
    output['calendarWarning'] = warning;
  }
  return output;
}

export const addWorkingDaysWorker = defineWorker<AddWorkingDaysInput, AddWorkingDaysOutput>({
  jobType,
  title: '按工作日计算期限',
  inputs,
  description: '按法定工作日（含调休）计算期限 / computes a deadline in official Chinese working days',
  parseInput: parseAddWorkingDaysInput,
  handle: handleAddWorkingDays,
});
