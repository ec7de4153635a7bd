/**
 * Which engine task queries make each list. The engine filters every query
 * by the caller's authorizations; these only say which of the tasks it lets
 * the user see belong in which list.
 *
 * - mine: assigned to me;
 * - group: offered to me (my candidate groups or me as candidate user), not yet claimed;
 * - due-soon: mine or offered to me, reminder date passed, not yet due. The
 *   diagrams set a task's followUpDate to the reminder of the jurisdiction
 *   profile's lead (`${…Deadline.remindAt}`, anquan.deadline.plan), which is
 *   already counted in working days;
 * - overdue: mine or offered to me, due date passed;
 * - all-open: every open task the engine lets me read (安委办 only).
 */
import { CandidateGroup } from '../../../workers/contract.ts';
import { formatEngineDate } from '../../../workers/engine/variables.ts';
import type { TaskListName } from '../../api-types.ts';

export const TASK_LIST_NAMES: readonly TaskListName[] = ['mine', 'group', 'due-soon', 'overdue', 'all-open'];

/** A list holds at most this many tasks; past it, the lists are for searching, not reading. */
export const MAX_LIST_SIZE = 500;

export type TaskQuery = Readonly<Record<string, string | number | boolean>>;

export function isTaskListName(value: unknown): value is TaskListName {
  return typeof value === 'string' && (TASK_LIST_NAMES as readonly string[]).includes(value);
}

/** The lists offered to a user of these groups: 全部在办 to 安委办 only. */
export function listsFor(groupIds: readonly string[]): TaskListName[] {
  return TASK_LIST_NAMES.filter((list) => list !== 'all-open' || groupIds.includes(CandidateGroup.safetyCommitteeOffice));
}

const PAGE = { sortBy: 'dueDate', sortOrder: 'asc', firstResult: 0, maxResults: MAX_LIST_SIZE } as const;

/**
 * The GET /task queries whose union is the list. "Mine or offered to me" is
 * two queries rather than an engine OR query, whose support for
 * candidateUser differs between engine versions.
 */
export function listQueries(list: TaskListName, userId: string, now: Date): TaskQuery[] {
  const at = formatEngineDate(now);
  const mine = { assignee: userId };
  const offered = { candidateUser: userId };
  switch (list) {
    case 'mine':
      return [{ ...PAGE, ...mine }];
    case 'group':
      return [{ ...PAGE, ...offered, unassigned: true }];
    case 'due-soon':
      return [mine, offered].map((who) => ({ ...PAGE, ...who, followUpBefore: at, dueAfter: at }));
    case 'overdue':
      return [mine, offered].map((who) => ({ ...PAGE, ...who, dueBefore: at }));
    case 'all-open':
      return [{ ...PAGE }];
  }
}

/** The history query of 已办: tasks I finished, newest first. */
export function completedQuery(userId: string): TaskQuery {
  return { taskAssignee: userId, finished: true, sortBy: 'endTime', sortOrder: 'desc', firstResult: 0, maxResults: MAX_LIST_SIZE };
}

/** Union by id, keeping the first occurrence. */
export function mergeById<T extends { readonly id: string }>(lists: readonly (readonly T[])[]): T[] {
  const seen = new Set<string>();
  const merged: T[] = [];
  for (const item of lists.flat()) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    merged.push(item);
  }
  return merged;
}

/** By due date, earliest first, tasks without one last; then by creation. */
export function sortByDue<T extends { readonly due: string | null; readonly created: string }>(tasks: readonly T[]): T[] {
  const time = (value: string | null) => (value === null ? Number.POSITIVE_INFINITY : Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
  return [...tasks].sort((a, b) => {
    const byDue = time(a.due) - time(b.due);
    if (byDue !== 0 && !Number.isNaN(byDue)) return byDue;
    return time(a.created) - time(b.created);
  });
}
