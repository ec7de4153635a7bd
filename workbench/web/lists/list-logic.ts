/**
 * What the task lists show, as pure functions of the server's answers (no
 * DOM), so the wording of due dates, the order and the tabs a user gets are
 * unit-tested without a browser.
 */
import type { CaseState, TaskListName, TaskSummary, WorkbenchUser } from '../../api-types.ts';
import { ProcessId } from '../../../workers/contract.ts';

/** A tab: one of the server's open-task lists, 已办 (history), or 移交来件 (the clue-transfer cases the engine lets the user read). */
export type ListView = TaskListName | 'completed' | 'transfers';

export const LIST_LABELS: Readonly<Record<ListView, string>> = {
  mine: '我的待办',
  group: '本组待办',
  'due-soon': '即将到期',
  overdue: '已逾期',
  completed: '已办',
  transfers: '移交来件',
  'all-open': '全部在办',
};

/** The order of the tabs; 全部在办 last, as the overview for 安委办. */
const TAB_ORDER: readonly ListView[] = ['mine', 'group', 'due-soon', 'overdue', 'completed', 'transfers', 'all-open'];

/**
 * The tabs for this user: the lists the server offers it, plus 已办, which
 * everyone has, and 移交来件 when the engine lets the user read the transfers
 * (SessionInfo.canReadTransfers).
 */
export function listTabs(user: Pick<WorkbenchUser, 'lists'>, options: { readonly canReadTransfers?: boolean } = {}): ListView[] {
  const offered = new Set<ListView>([...user.lists, 'completed', ...(options.canReadTransfers ? (['transfers'] as const) : [])]);
  return TAB_ORDER.filter((view) => offered.has(view));
}

/** Reads a tab from the address (`#/list/overdue`); an unknown or not offered one falls back to the first tab. */
export function tabFromRoute(segment: string | undefined, tabs: readonly ListView[]): ListView {
  const found = tabs.find((tab) => tab === segment);
  return found ?? tabs[0] ?? 'completed';
}

const TIME_ZONE = 'Asia/Shanghai';

function parts(date: Date): Record<string, string> {
  const formatted = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  return Object.fromEntries(formatted.map((part) => [part.type, part.value]));
}

/** `2026-05-20`, and ` 14:30` when the time is not midnight or the end of the day (Beijing time). */
export function formatDue(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = parts(date);
  const day = `${p['year']}-${p['month']}-${p['day']}`;
  const time = `${p['hour']}:${p['minute']}`;
  return time === '00:00' || time === '23:59' ? day : `${day} ${time}`;
}

/** `2026-05-20 14:30` in Beijing time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = parts(date);
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}`;
}

export type DueTone = 'none' | 'normal' | 'soon' | 'overdue';

export interface DueWording {
  /** The due date, or 无期限. */
  readonly date: string;
  /** 剩 3 个工作日, 今日到期, 逾期 2 个工作日 …; null without a due date or a working-day count. */
  readonly relative: string | null;
  readonly tone: DueTone;
}

/**
 * The due column: the date and the working days left as the server counted
 * them on the official calendar. `soon` once the reminder (followUp) has come.
 */
export function dueWording(task: Pick<TaskSummary, 'due' | 'followUp' | 'workingDaysLeft' | 'overdue'>, now: Date): DueWording {
  if (!task.due) return { date: '无期限', relative: null, tone: 'none' };
  const date = formatDue(task.due);
  const days = task.workingDaysLeft;
  if (task.overdue) {
    const late = days === null ? 0 : Math.abs(days);
    return { date, relative: late === 0 ? '已逾期' : `逾期 ${late} 个工作日`, tone: 'overdue' };
  }
  const reminded = task.followUp !== null && new Date(task.followUp).getTime() <= now.getTime();
  const tone: DueTone = reminded || days === 0 ? 'soon' : 'normal';
  if (days === null) return { date, relative: null, tone };
  return { date, relative: days <= 0 ? '今日到期' : `剩 ${days} 个工作日`, tone };
}

function time(iso: string | null): number {
  if (!iso) return Number.POSITIVE_INFINITY;
  const value = new Date(iso).getTime();
  return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
}

/** Earliest due first, tasks without a due date last; equal dues by creation, oldest first. */
export function sortByDue<T extends Pick<TaskSummary, 'due' | 'created' | 'id'>>(tasks: readonly T[]): T[] {
  return [...tasks].sort((a, b) => time(a.due) - time(b.due) || time(a.created) - time(b.created) || a.id.localeCompare(b.id));
}

/** The 编号 column: the case number (巡查编号 …), else the business key. */
export function caseNumberOf(task: Pick<TaskSummary, 'caseNumber' | 'businessKey'>): string {
  return task.caseNumber ?? task.businessKey ?? '—';
}

const PATROL_PROCESSES: ReadonlySet<string> = new Set([ProcessId.safetyPatrol, ProcessId.patrolEntry]);

/** The 巡查编号 of the patrols among these tasks, for the 来信来电举报 form to pick from. */
export function openPatrolIds(tasks: readonly Pick<TaskSummary, 'processDefinitionKey' | 'caseNumber'>[]): string[] {
  const ids = new Set<string>();
  for (const task of tasks) if (PATROL_PROCESSES.has(task.processDefinitionKey) && task.caseNumber) ids.add(task.caseNumber);
  return [...ids].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

const CASE_STATE_LABELS: Readonly<Record<CaseState, string>> = {
  ACTIVE: '办理中',
  SUSPENDED: '已暂停',
  COMPLETED: '已办结',
  EXTERNALLY_TERMINATED: '已撤销',
  INTERNALLY_TERMINATED: '已终止',
};

/** A case's state in words (办理中, 已办结 …); one the app does not know is shown as the engine names it. */
export function caseStateLabel(state: string): string {
  return CASE_STATE_LABELS[state as CaseState] ?? state;
}

/** The address of a case page. */
export function caseHash(processInstanceId: string): string {
  return `#/case/${encodeURIComponent(processInstanceId)}`;
}
