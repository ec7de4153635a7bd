/**
 * What the task lists show: the due column's wording in working days, the
 * order by due date, the tabs each kind of user gets, and the 巡查编号 the
 * report form offers.
 */
import { describe, expect, it } from 'vitest';
import type { TaskSummary } from '../../../../../workbench/api-types.ts';
import {
  caseHash,
  caseNumberOf,
  caseStateLabel,
  dueWording,
  formatDateTime,
  formatDue,
  listTabs,
  openPatrolIds,
  sortByDue,
  tabFromRoute,
} from '../../../../../workbench/web/lists/list-logic.ts';

const NOW = new Date('2026-05-18T02:00:00Z'); // 10:00 Beijing time

type DueFields = Pick<TaskSummary, 'due' | 'followUp' | 'workingDaysLeft' | 'overdue'>;
const due = (fields: Partial<DueFields>): DueFields => ({ due: '2026-05-22T09:59:59.000Z', followUp: null, workingDaysLeft: 4, overdue: false, ...fields });

describe('dueWording', () => {
  it('says how many working days are left, in Beijing time', () => {
    expect(dueWording(due({}), NOW)).toEqual({ date: '2026-05-22 17:59', relative: '剩 4 个工作日', tone: 'normal' });
  });

  it('shows a date without a time when the task is due at midnight or at the end of the day', () => {
    expect(dueWording(due({ due: '2026-05-21T16:00:00.000Z' }), NOW).date).toBe('2026-05-22');
    expect(dueWording(due({ due: '2026-05-22T15:59:59.000Z' }), NOW).date).toBe('2026-05-22');
  });

  it('counts overdue tasks in working days late', () => {
    expect(dueWording(due({ overdue: true, workingDaysLeft: -3 }), NOW)).toMatchObject({ relative: '逾期 3 个工作日', tone: 'overdue' });
    // Due earlier today: late, but not by a whole working day.
    expect(dueWording(due({ overdue: true, workingDaysLeft: 0 }), NOW)).toMatchObject({ relative: '已逾期', tone: 'overdue' });
  });

  it('says 今日到期 on the last day, and marks a task soon once its reminder has come', () => {
    expect(dueWording(due({ workingDaysLeft: 0 }), NOW)).toMatchObject({ relative: '今日到期', tone: 'soon' });
    expect(dueWording(due({ followUp: '2026-05-18T01:00:00Z' }), NOW)).toMatchObject({ relative: '剩 4 个工作日', tone: 'soon' });
    expect(dueWording(due({ followUp: '2026-05-19T01:00:00Z' }), NOW).tone).toBe('normal');
  });

  it('has no relative wording without a due date or a count', () => {
    expect(dueWording(due({ due: null }), NOW)).toEqual({ date: '无期限', relative: null, tone: 'none' });
    expect(dueWording(due({ workingDaysLeft: null }), NOW).relative).toBeNull();
  });
});

describe('formatting dates', () => {
  it('writes Beijing time, whatever the machine’s zone', () => {
    expect(formatDateTime('2026-05-18T16:30:00Z')).toBe('2026-05-19 00:30');
    expect(formatDue('2026-05-18T06:30:00Z')).toBe('2026-05-18 14:30');
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});

describe('sortByDue', () => {
  it('puts the earliest due first and tasks without a due date last, ties by creation', () => {
    const tasks = [
      { id: 'd', due: null, created: '2026-05-01T00:00:00Z' },
      { id: 'b', due: '2026-05-20T00:00:00Z', created: '2026-05-02T00:00:00Z' },
      { id: 'a', due: '2026-05-20T00:00:00Z', created: '2026-05-01T00:00:00Z' },
      { id: 'c', due: '2026-05-19T00:00:00Z', created: '2026-05-03T00:00:00Z' },
      { id: 'e', due: null, created: '2026-04-01T00:00:00Z' },
    ];
    expect(sortByDue(tasks).map((task) => task.id)).toEqual(['c', 'a', 'b', 'e', 'd']);
    expect(tasks[0]?.id).toBe('d');
  });
});

describe('listTabs', () => {
  it('gives 安委办 every list with 全部在办 last', () => {
    expect(listTabs({ lists: ['all-open', 'mine', 'group', 'due-soon', 'overdue'] })).toEqual(['mine', 'group', 'due-soon', 'overdue', 'completed', 'all-open']);
  });

  it('gives other roles their lists and 已办, without 全部在办', () => {
    expect(listTabs({ lists: ['mine', 'group', 'due-soon', 'overdue'] })).toEqual(['mine', 'group', 'due-soon', 'overdue', 'completed']);
  });

  it('keeps 已办 even when the server offers no open list', () => {
    expect(listTabs({ lists: [] })).toEqual(['completed']);
  });

  it('reads the tab from the address, falling back to the first tab for one not offered', () => {
    const tabs = listTabs({ lists: ['mine', 'group'] });
    expect(tabFromRoute('group', tabs)).toBe('group');
    expect(tabFromRoute('completed', tabs)).toBe('completed');
    expect(tabFromRoute('all-open', tabs)).toBe('mine');
    expect(tabFromRoute(undefined, tabs)).toBe('mine');
  });
});

describe('the 编号 column and the report form’s patrols', () => {
  it('shows the case number, else the business key', () => {
    expect(caseNumberOf({ caseNumber: '赣安巡〔2026〕1号', businessKey: 'bk' })).toBe('赣安巡〔2026〕1号');
    expect(caseNumberOf({ caseNumber: null, businessKey: 'bk' })).toBe('bk');
    expect(caseNumberOf({ caseNumber: null, businessKey: null })).toBe('—');
  });

  it('offers the 巡查编号 of open patrol tasks once each', () => {
    expect(
      openPatrolIds([
        { processDefinitionKey: 'safety-patrol', caseNumber: '赣安巡〔2026〕2号' },
        { processDefinitionKey: 'patrol-entry', caseNumber: '赣安巡〔2026〕1号' },
        { processDefinitionKey: 'safety-patrol', caseNumber: '赣安巡〔2026〕1号' },
        { processDefinitionKey: 'safety-patrol', caseNumber: null },
        { processDefinitionKey: 'comprehensive-supervision', caseNumber: '督查〔2026〕1号' },
      ]),
    ).toEqual(['赣安巡〔2026〕1号', '赣安巡〔2026〕2号']);
  });
});

describe('移交来件', () => {
  it('is a tab only for those the engine lets read the transfers, after 已办 and before 全部在办', () => {
    expect(listTabs({ lists: ['mine', 'group'] }, { canReadTransfers: true })).toEqual(['mine', 'group', 'completed', 'transfers']);
    expect(listTabs({ lists: ['mine', 'all-open'] }, { canReadTransfers: true })).toEqual(['mine', 'completed', 'transfers', 'all-open']);
    expect(listTabs({ lists: ['mine', 'group'] }, { canReadTransfers: false })).toEqual(['mine', 'group', 'completed']);
    expect(tabFromRoute('transfers', listTabs({ lists: ['mine'] }))).toBe('mine');
  });

  it('says a case’s state in Chinese and links to its page', () => {
    expect(caseStateLabel('ACTIVE')).toBe('办理中');
    expect(caseStateLabel('COMPLETED')).toBe('已办结');
    expect(caseStateLabel('EXTERNALLY_TERMINATED')).toBe('已撤销');
    expect(caseStateLabel('SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect(caseHash('a b/c')).toBe('#/case/a%20b%2Fc');
  });
});
