/**
 * anquan.patrol.entry-notice-deadline: the 进驻通知 goes out **before** the
 * patrol enters, at least N working days ahead (N = the profile's
 * `patrol.entryNoticeWorkingDays`; 湖南制度三(三)1 "提前通知被巡查地区、单位";
 * 盐城方案四(一) "有关内容可根据巡查工作需要提前告知被巡查地区或单位").
 *
 * Without `noticeDate` it plans: the last day the notice may be signed
 * (`entryDate` minus N working days, on the official calendar), for the
 * task's due date. With `noticeDate` (the 签发日期 the 巡查组 entered) it
 * checks: a notice signed after that day is refused with the BPMN error
 * ANQUAN_ENTRY_NOTICE_TOO_LATE and a Chinese / English reason in
 * `entryNoticeRefusal`, and the diagram sends the task back (the entry date
 * must move, or the notice be signed earlier).
 */
import { BpmnErrorCode, JobType } from '../contract.ts';
import { DEADLINE_TIME_OF_DAY } from '../deadline/add-working-days.worker.ts';
import { type IsoDate, MAX_WORKING_DAYS } from '../deadline/calendar.ts';
import { dateField, integerField, maybeField, parseVariables } from '../variables.ts';
import { BusinessError, type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.entryNoticeDeadline;

const inputSchema = {
  /** 进驻日期: the first day on site. */
  entryDate: dateField(),
  /** How many working days before the entry date the notice must be out at the latest. */
  workingDays: integerField({ min: 0, max: MAX_WORKING_DAYS }),
  /** 签发日期 of the notice; when given, the notice is checked against the latest day. */
  noticeDate: maybeField(dateField()),
  /** When given, also the reminder: 09:00 on the working day this many working days before the last signing day. */
  reminderLeadWorkingDays: maybeField(integerField({ min: 0, max: MAX_WORKING_DAYS })),
} as const;

const inputs = describeInputs(inputSchema, {
  entryDate: { label: '进驻日期', kind: 'text', description: '巡查组进驻被巡查地区或单位的日期（YYYY-MM-DD），如 ${entryDate}' },
  workingDays: {
    label: '提前工作日数',
    kind: 'expression',
    description: '进驻通知至少提前的法定工作日数，取自辖区配置 ${profile.patrol.entryNoticeWorkingDays}；流程图中不写字面天数',
  },
  noticeDate: {
    label: '签发日期',
    kind: 'text',
    description: '进驻通知的签发日期（YYYY-MM-DD）；填写时检查其不晚于最迟签发日，晚于则抛出 BPMN 错误 ANQUAN_ENTRY_NOTICE_TOO_LATE',
  },
  reminderLeadWorkingDays: {
    label: '提前提醒工作日数',
    kind: 'expression',
    description: '填写时另输出 entryNoticeRemindAt：最迟签发日前该工作日数当日 9:00（北京时间），如 ${profile.deadline.reminderLeadWorkingDays}',
  },
});

export interface EntryNoticeDeadlineInput {
  readonly entryDate: IsoDate;
  readonly workingDays: number;
  readonly noticeDate?: IsoDate;
  readonly reminderLeadWorkingDays?: number;
}

/** `entryNoticeDue` (the last day to sign, YYYY-MM-DD) and `entryNoticeDueAt` (18:00 that day, Beijing time); `entryNoticeRefusal` cleared. */
export type EntryNoticeDeadlineOutput = { entryNoticeDue: string; entryNoticeDueAt: string; entryNoticeRefusal: null; entryNoticeRemindAt?: string };

/** Start of the office day in China: the reminder is sent then. */
const MORNING_TIME_OF_DAY = '09:00:00+08:00';

export function parseEntryNoticeDeadlineInput(variables: Readonly<Record<string, unknown>>): EntryNoticeDeadlineInput {
  const parsed = parseVariables(variables, inputSchema);
  return {
    entryDate: parsed.entryDate,
    workingDays: parsed.workingDays,
    ...(parsed.noticeDate === undefined ? {} : { noticeDate: parsed.noticeDate }),
    ...(parsed.reminderLeadWorkingDays === undefined ? {} : { reminderLeadWorkingDays: parsed.reminderLeadWorkingDays }),
  };
}

export function handleEntryNoticeDeadline(input: EntryNoticeDeadlineInput, context: Pick<JobContext, 'logger' | 'services'>): EntryNoticeDeadlineOutput {
  const latest = context.services.calendar.subtractWorkingDays(input.entryDate, input.workingDays).date;
  if (input.noticeDate !== undefined && input.noticeDate > latest) {
    const reason =
      `进驻通知须于进驻日期（${input.entryDate}）前至少 ${input.workingDays} 个工作日签发，即最迟 ${latest}；` +
      `签发日期 ${input.noticeDate} 已晚于此，请推迟进驻日期或更正签发日期 / ` +
      `the entry notice must be signed at least ${input.workingDays} working days before the entry date ${input.entryDate}, ` +
      `i.e. by ${latest}; ${input.noticeDate} is too late: move the entry date or correct the signing date`;
    context.logger.info({ entryDate: input.entryDate, noticeDate: input.noticeDate, latest }, 'entry notice too late, refused');
    throw new BusinessError(BpmnErrorCode.entryNoticeTooLate, reason, { entryNoticeRefusal: reason, entryNoticeDue: latest, entryNoticeDueAt: `${latest}T${DEADLINE_TIME_OF_DAY}` });
  }
  const output: EntryNoticeDeadlineOutput = { entryNoticeDue: latest, entryNoticeDueAt: `${latest}T${DEADLINE_TIME_OF_DAY}`, entryNoticeRefusal: null };
  if (input.reminderLeadWorkingDays !== undefined) {
    const remindOn = context.services.calendar.subtractWorkingDays(latest, input.reminderLeadWorkingDays).date;
    output.entryNoticeRemindAt = `${remindOn}T${MORNING_TIME_OF_DAY}`;
  }
  return output;
}

export const entryNoticeDeadlineWorker = defineWorker<EntryNoticeDeadlineInput, EntryNoticeDeadlineOutput>({
  jobType,
  title: '进驻通知最迟签发日',
  inputs,
  description: '进驻通知须于进驻日期前至少 N 个工作日签发：计算最迟签发日并检查签发日期 / the entry notice is signed at least N working days before entry: latest day and check',
  parseInput: parseEntryNoticeDeadlineInput,
  handle: handleEntryNoticeDeadline,
});
