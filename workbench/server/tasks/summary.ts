/**
 * A task as the lists show it: what and for whom, the procedure, the case
 * number, the stage, and the due date in working days on the official
 * calendar (workers/deadline/calendar.ts), the way the procedures count deadlines.
 */
import { type IsoDate, type WorkingDayCalendar, addCalendarDays, toChinaDate } from '../../../workers/deadline/calendar.ts';
import { normaliseEngineDate } from '../../../workers/engine/variables.ts';
import type { CompletedTaskSummary, TaskSummary } from '../../api-types.ts';
import type { EngineHistoricTask, EngineTask } from '../engine-types.ts';
import { caseFacts } from './case-variables.ts';

/** Beyond this the count stops: a deadline years away is shown as that many working days at most. */
const MAX_COUNTED_DAYS = 3660;

/** `巡查报告 · 某某县应急管理局`, or the task name alone while the target unit is not known yet. */
export function taskTitle(name: string, targetUnit: string | null): string {
  return targetUnit ? `${name} · ${targetUnit}` : name;
}

/** The key of a process definition id (`key:version:uuid`). */
export function definitionKeyOf(processDefinitionId: string | null): string {
  return processDefinitionId?.split(':')[0] ?? '';
}

/** An engine date as ISO 8601 with a colon in the offset. */
export function isoDate(value: string | null | undefined): string | null {
  return value ? normaliseEngineDate(value) : null;
}

/**
 * Working days from today (China) to the due day: 0 when due today, 1 when
 * due on the next working day; negative, counting the working days since,
 * once the due day is past.
 */
export function workingDaysLeft(calendar: WorkingDayCalendar, now: Date, due: string): number | null {
  const today = toChinaDate(now.toISOString());
  const dueDay = toChinaDate(normaliseEngineDate(due));
  if (today === undefined || dueDay === undefined) return null;
  const countBetween = (from: IsoDate, to: IsoDate): number => {
    let count = 0;
    let day = from;
    for (let step = 0; day < to && step < MAX_COUNTED_DAYS; step += 1) {
      day = addCalendarDays(day, 1);
      if (calendar.isWorkingDay(day)) count += 1;
    }
    return count;
  };
  return dueDay >= today ? countBetween(today, dueDay) : -countBetween(dueDay, today);
}

export interface SummaryContext {
  /** Names of the process definitions by id. */
  readonly procedureNames: ReadonlyMap<string, string>;
  /** The task's case variables (plain values). */
  readonly variables: Readonly<Record<string, unknown>>;
  readonly businessKey: string | null;
  readonly stage: string | null;
  readonly calendar: WorkingDayCalendar;
  readonly now: Date;
}

export function taskSummary(task: EngineTask, context: SummaryContext): TaskSummary {
  const key = definitionKeyOf(task.processDefinitionId);
  const name = task.name ?? task.taskDefinitionKey ?? task.id;
  const { caseNumber, targetUnit } = caseFacts(key, context.variables);
  const due = isoDate(task.due);
  return {
    id: task.id,
    name,
    title: taskTitle(name, targetUnit),
    processDefinitionKey: key,
    procedure: (task.processDefinitionId && context.procedureNames.get(task.processDefinitionId)) || key,
    processInstanceId: task.processInstanceId ?? '',
    businessKey: context.businessKey,
    caseNumber,
    targetUnit,
    stage: context.stage,
    due,
    followUp: isoDate(task.followUp),
    workingDaysLeft: due === null ? null : workingDaysLeft(context.calendar, context.now, due),
    overdue: due !== null && Date.parse(due) < context.now.getTime(),
    assignee: task.assignee,
    created: isoDate(task.created) ?? task.created,
  };
}

export function completedSummary(
  task: EngineHistoricTask,
  context: { readonly procedureNames: ReadonlyMap<string, string>; readonly variables: Readonly<Record<string, unknown>>; readonly businessKey: string | null },
): CompletedTaskSummary {
  const key = task.processDefinitionKey ?? definitionKeyOf(task.processDefinitionId);
  const name = task.name ?? task.id;
  const { targetUnit } = caseFacts(key, context.variables);
  return {
    id: task.id,
    name,
    title: taskTitle(name, targetUnit),
    procedure: context.procedureNames.get(key) ?? key,
    businessKey: context.businessKey,
    endTime: isoDate(task.endTime) ?? '',
    processInstanceId: task.processInstanceId ?? '',
  };
}
