/**
 * anquan.deadline.plan: everything a user task with a deadline needs, in one
 * variable: the due date, the reminder before it and the escalation steps
 * after it (函告 → 约谈 → 责任追究建议, 江西办法第五条; 盐城方案四(七)). The
 * figures come from the jurisdiction profile (anquan.profile.load), so a
 * diagram writes e.g.
 *
 *   from: ${patrolEndedOn}, workingDays: ${profile.patrol.reportWorkingDays},
 *   reminderLeadWorkingDays: ${profile.deadline.reminderLeadWorkingDays},
 *   escalation: ${profile.escalation}, resultVariable: reportDeadline
 *
 * and then uses ${reportDeadline.dueAt} as the task's dueDate and
 * ${reportDeadline.remindAt} / .letterAt / … as timer timeDate values.
 *
 * Times (all ISO-8601 with the +08:00 offset, which the engine's timers and
 * camunda:dueDate and camunda:followUpDate accept):
 * - dueAt: 18:00 on the due day (close of the office day);
 * - remindAt: 09:00 on the working day `reminderLeadWorkingDays` before the
 *   due day, but not before the first working day of the period;
 * - escalation step N (letterAfterWorkingDays etc.): 09:00 on the (N+1)-th
 *   working day after the due day. N counts working days of grace after the
 *   deadline was missed, so 0 means the first working-day morning after it:
 *   every step comes strictly after dueAt.
 *
 * Periods in calendar months follow 民法典第二百零三条: the corresponding day
 * of the target month (its last day when it has none, 08-31 + 1 → 09-30);
 * when that day is a statutory holiday or weekend, the next working day
 * (顺延), which the output states in `dueNote`.
 */
import { BpmnErrorCode, JobType } from '../contract.ts';
import {
  type FieldParser,
  InvalidVariablesError,
  booleanField,
  dateField,
  describeValue,
  integerField,
  optionalField,
  parseVariables,
  variableNameField,
} from '../variables.ts';
import { BusinessError, type JobContext, type JsonObject, defineWorker, describeInputs } from '../worker-definition.ts';
import { DEADLINE_TIME_OF_DAY } from './add-working-days.worker.ts';
import { type IsoDate, MAX_WORKING_DAYS, type WorkingDayCalendar, addCalendarMonths } from './calendar.ts';

export const jobType = JobType.planDeadline;

/** Start of the office day in China: reminders and escalation steps are sent then. */
export const MORNING_TIME_OF_DAY = '09:00:00+08:00';

/** No procedure in the seeds runs longer than a few years. */
export const MAX_MONTHS = 120;

export interface EscalationFigures {
  readonly letterAfterWorkingDays: number;
  readonly interviewAfterWorkingDays: number;
  readonly accountabilityAfterWorkingDays: number;
}

export type DeadlinePeriod = { readonly workingDays: number } | { readonly months: number };

export interface PlanDeadlineInput {
  readonly from: IsoDate;
  readonly period: DeadlinePeriod;
  readonly reminderLeadWorkingDays: number;
  readonly escalation?: EscalationFigures;
  readonly resultVariable: string;
  readonly requirePublishedCalendar: boolean;
}

/** The value stored under `resultVariable`. */
export interface DeadlinePlan extends JsonObject {
  /** The day the period starts from (China date of `from`). */
  from: IsoDate;
  /** The period in Chinese, for forms and notices, e.g. "10个工作日", "6个月". */
  period: string;
  due: IsoDate;
  dueAt: string;
  remindAt: string;
}

export type PlanDeadlineOutput = { [resultVariable: string]: DeadlinePlan };

const ESCALATION_STEPS = ['letterAfterWorkingDays', 'interviewAfterWorkingDays', 'accountabilityAfterWorkingDays'] as const;

/** `{ letterAfterWorkingDays, interviewAfterWorkingDays, accountabilityAfterWorkingDays }`, in non-decreasing order. */
function escalationField(): FieldParser<EscalationFigures> {
  return {
    optional: false,
    parse(value, name) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return {
          ok: false,
          problem:
            `变量 ${name} 应为对象 { ${ESCALATION_STEPS.join(', ')} } / variable ${name} must be an object { ${ESCALATION_STEPS.join(', ')} } ` +
            `(got ${describeValue(value)})`,
        };
      }
      const record = value as Record<string, unknown>;
      const problems: string[] = [];
      for (const step of ESCALATION_STEPS) {
        const figure = record[step];
        if (!(typeof figure === 'number' && Number.isInteger(figure) && figure >= 0 && figure <= MAX_WORKING_DAYS)) {
          problems.push(
            `变量 ${name}.${step} 应为 0 到 ${MAX_WORKING_DAYS} 之间的整数 / variable ${name}.${step} must be an integer from 0 to ${MAX_WORKING_DAYS} ` +
              `(got ${describeValue(figure)})`,
          );
        }
      }
      if (problems.length > 0) return { ok: false, problem: problems.join('; ') };
      const figures = record as unknown as EscalationFigures;
      if (
        figures.interviewAfterWorkingDays < figures.letterAfterWorkingDays ||
        figures.accountabilityAfterWorkingDays < figures.interviewAfterWorkingDays
      ) {
        return {
          ok: false,
          problem:
            `变量 ${name} 的步骤应依次为函告 ≤ 约谈 ≤ 责任追究 / variable ${name} steps must satisfy letter ≤ interview ≤ accountability ` +
            `(got ${describeValue(value)})`,
        };
      }
      return {
        ok: true,
        value: {
          letterAfterWorkingDays: figures.letterAfterWorkingDays,
          interviewAfterWorkingDays: figures.interviewAfterWorkingDays,
          accountabilityAfterWorkingDays: figures.accountabilityAfterWorkingDays,
        },
      };
    },
  };
}

const inputSchema = {
  /** Start of the period: YYYY-MM-DD, or an ISO date-time taken as its day in China. */
  from: dateField(),
  /** Period in working days (exactly one of workingDays and months). */
  workingDays: optionalField<number | undefined>(integerField({ min: 0, max: MAX_WORKING_DAYS }), undefined),
  /** Period in calendar months (exactly one of workingDays and months). */
  months: optionalField<number | undefined>(integerField({ min: 0, max: MAX_MONTHS }), undefined),
  /** Working days before the due day on which the reminder goes out. */
  reminderLeadWorkingDays: integerField({ min: 0, max: MAX_WORKING_DAYS }),
  /** Escalation after a missed deadline; without it the plan has no letterAt/interviewAt/accountabilityAt. */
  escalation: optionalField<EscalationFigures | undefined>(escalationField(), undefined),
  /** Name of the process variable that receives the plan. */
  resultVariable: variableNameField(),
  /** When true, a plan reaching beyond the published holiday schedule is a BPMN error instead of a warning. */
  requirePublishedCalendar: optionalField(booleanField(), false),
} as const;

const inputs = describeInputs(inputSchema, {
  from: { label: '起算日期', kind: 'text', description: '期限的起算日：YYYY-MM-DD 日期，或带时区的 ISO-8601 时间（取其北京时间的日期），通常取流程变量，如 ${reportApprovedDate}' },
  workingDays: {
    label: '期限（工作日）',
    kind: 'expression',
    description: '以法定工作日计的期限，与“期限（月）”二者填其一。取自辖区配置，如 ${profile.patrol.reportWorkingDays}；流程图中不写字面天数',
  },
  months: {
    label: '期限（月）',
    kind: 'expression',
    description: '以月计的期限（民法典第二百零三条，遇节假日顺延），与“期限（工作日）”二者填其一，如 ${profile.patrol.rectificationMonths}',
  },
  reminderLeadWorkingDays: {
    label: '提前提醒（工作日）',
    kind: 'expression',
    description: '到期日前第几个工作日上午 9 时发送提醒，取自辖区配置，如 ${profile.deadline.reminderLeadWorkingDays}',
  },
  escalation: {
    label: '逾期处置',
    kind: 'expression',
    description:
      '逾期后函告、约谈、责任追究各在到期后第几个工作日：{letterAfterWorkingDays, interviewAfterWorkingDays, accountabilityAfterWorkingDays}，取自辖区配置，如 ${profile.escalation}；不填则不安排逾期处置',
  },
  resultVariable: {
    label: '结果变量名',
    kind: 'text',
    description: '保存期限计划的流程变量名，如 reportDeadline；任务到期时间用 ${reportDeadline.dueAt}，提醒定时器用 ${reportDeadline.remindAt}，函告/约谈/责任追究用 .letterAt/.interviewAt/.accountabilityAt',
  },
  requirePublishedCalendar: { label: '须在已公布的节假日安排内', kind: 'expression', description: '为 true 时，结果超出已公布节假日安排的年份即抛出 BPMN 错误 ANQUAN_CALENDAR_NOT_PUBLISHED；不填为 false，只在结果中给出 calendarWarning' },
});

export function parsePlanDeadlineInput(variables: Readonly<Record<string, unknown>>): PlanDeadlineInput {
  let parsed: ReturnType<typeof parseVariables<typeof inputSchema>> | undefined;
  const problems: string[] = [];
  try {
    parsed = parseVariables(variables, inputSchema);
  } catch (error) {
    if (!(error instanceof InvalidVariablesError)) throw error;
    problems.push(...error.problems);
  }
  const hasWorkingDays = variables['workingDays'] !== undefined && variables['workingDays'] !== null;
  const hasMonths = variables['months'] !== undefined && variables['months'] !== null;
  if (hasWorkingDays === hasMonths) {
    problems.push(
      hasWorkingDays
        ? '变量 workingDays 与 months 只能给出其一 / give only one of the variables workingDays and months, not both'
        : '缺少变量 workingDays 或 months（须给出其一）/ one of the variables workingDays and months is required',
    );
  }
  if (problems.length > 0 || parsed === undefined) {
    throw new InvalidVariablesError(problems);
  }
  const period: DeadlinePeriod = parsed.workingDays !== undefined ? { workingDays: parsed.workingDays } : { months: parsed.months ?? 0 };
  return {
    from: parsed.from,
    period,
    reminderLeadWorkingDays: parsed.reminderLeadWorkingDays,
    ...(parsed.escalation !== undefined ? { escalation: parsed.escalation } : {}),
    resultVariable: parsed.resultVariable,
    requirePublishedCalendar: parsed.requirePublishedCalendar,
  };
}

export function atDeadline(date: IsoDate): string {
  return `${date}T${DEADLINE_TIME_OF_DAY}`;
}

export function atMorning(date: IsoDate): string {
  return `${date}T${MORNING_TIME_OF_DAY}`;
}

/** Pure computation of a plan on a calendar; the worker adds the calendar warning policy. */
export function planDeadline(
  calendar: WorkingDayCalendar,
  input: Pick<PlanDeadlineInput, 'from' | 'period' | 'reminderLeadWorkingDays' | 'escalation'>,
): { readonly plan: DeadlinePlan; readonly datesBeyondKnownCalendar: readonly IsoDate[] } {
  const beyond: IsoDate[] = [];
  const track = (result: { date: IsoDate; beyondKnownCalendar: boolean }): IsoDate => {
    if (result.beyondKnownCalendar && !beyond.includes(result.date)) beyond.push(result.date);
    return result.date;
  };

  let due: IsoDate;
  let dueNote: string | undefined;
  let movedFrom: IsoDate | undefined;
  let period: string;
  if ('workingDays' in input.period) {
    period = `${input.period.workingDays}个工作日`;
    due = track(calendar.addWorkingDays(input.from, input.period.workingDays));
    if (input.period.workingDays === 0 && due !== input.from) {
      movedFrom = input.from;
      dueNote = `${input.from} 不是工作日，顺延至 ${due} / ${input.from} is not a working day; moved to ${due}`;
    }
  } else {
    period = `${input.period.months}个月`;
    const nominal = addCalendarMonths(input.from, input.period.months);
    due = track(calendar.nextWorkingDayOnOrAfter(nominal));
    if (due !== nominal) {
      movedFrom = nominal;
      dueNote =
        `期满日 ${nominal} 为法定节假日或休息日，顺延至 ${due}（民法典第二百零三条）/ ` +
        `the period ends on ${nominal}, a holiday or weekend; moved to the next working day ${due}`;
    }
  }

  const firstWorkingDay = calendar.nextWorkingDayOnOrAfter(input.from).date;
  let remindOn = track(calendar.subtractWorkingDays(due, input.reminderLeadWorkingDays));
  let remindNote: string | undefined;
  if (remindOn < firstWorkingDay) {
    remindNote =
      `期限短于提醒提前量，提醒提前至期限开始的首个工作日 ${firstWorkingDay} / ` +
      `the period is shorter than the reminder lead; the reminder goes out on its first working day ${firstWorkingDay}`;
    remindOn = firstWorkingDay;
  }

  const plan: DeadlinePlan = {
    from: input.from,
    period,
    due,
    dueAt: atDeadline(due),
    remindAt: atMorning(remindOn),
  };
  if (movedFrom !== undefined && dueNote !== undefined) {
    plan['movedFrom'] = movedFrom;
    plan['dueNote'] = dueNote;
  }
  if (remindNote !== undefined) plan['remindNote'] = remindNote;
  if (input.escalation !== undefined) {
    const stepAt = (graceWorkingDays: number): string => atMorning(track(calendar.addWorkingDays(due, graceWorkingDays + 1)));
    plan['letterAt'] = stepAt(input.escalation.letterAfterWorkingDays);
    plan['interviewAt'] = stepAt(input.escalation.interviewAfterWorkingDays);
    plan['accountabilityAt'] = stepAt(input.escalation.accountabilityAfterWorkingDays);
  }
  return { plan, datesBeyondKnownCalendar: beyond };
}

export function handlePlanDeadline(input: PlanDeadlineInput, context: Pick<JobContext, 'logger' | 'services'>): PlanDeadlineOutput {
  const { calendar } = context.services;
  const { plan, datesBeyondKnownCalendar } = planDeadline(calendar, input);
  const [firstBeyond] = datesBeyondKnownCalendar;
  if (firstBeyond !== undefined) {
    const warning =
      `${firstBeyond} 所在年份的法定节假日安排尚未收录（已知至 ${calendar.knownThroughYear} 年），仅按周末推算；` +
      `国务院公布后请补充 processes/calendar/overrides.json 并核对期限 / ` +
      `the holiday schedule for ${firstBeyond} is not known yet (known through ${calendar.knownThroughYear}); only weekends were skipped. ` +
      `Add the State Council schedule to processes/calendar/overrides.json once published and re-check this deadline.`;
    if (input.requirePublishedCalendar) {
      throw new BusinessError(BpmnErrorCode.calendarNotPublished, warning, { calendarWarning: warning });
    }
    context.logger.warn({ from: input.from, due: plan.due, datesBeyondKnownCalendar }, 'deadline plan beyond the known holiday schedule');
    plan['calendarWarning'] = warning;
  }
  return { [input.resultVariable]: plan };
}

export const planDeadlineWorker = defineWorker<PlanDeadlineInput, PlanDeadlineOutput>({
  jobType,
  title: '计算期限与提醒',
  inputs,
  description: '计算期限、到期前提醒和逾期后函告/约谈/责任追究时间 / plans a due date, its reminder and escalation steps',
  parseInput: parsePlanDeadlineInput,
  handle: handlePlanDeadline,
});
