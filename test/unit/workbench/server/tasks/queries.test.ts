import { describe, expect, it } from 'vitest';
import { completedQuery, listQueries, listsFor, mergeById, sortByDue } from '../../../../../workbench/server/tasks/queries.ts';

const NOW = new Date('2026-09-08T02:00:00.000Z');

describe('task list queries', () => {
  it('asks for my tasks, my groups’ unclaimed tasks, and for mine or offered ones by reminder and due date', () => {
    expect(listQueries('mine', 'anwei-ban', NOW)).toEqual([expect.objectContaining({ assignee: 'anwei-ban', sortBy: 'dueDate', sortOrder: 'asc' })]);
    expect(listQueries('group', 'anwei-ban', NOW)).toEqual([expect.objectContaining({ candidateUser: 'anwei-ban', unassigned: true })]);
    const dueSoon = listQueries('due-soon', 'xuncha-zu', NOW);
    expect(dueSoon).toHaveLength(2);
    expect(dueSoon[0]).toMatchObject({ assignee: 'xuncha-zu', followUpBefore: '2026-09-08T02:00:00.000+0000', dueAfter: '2026-09-08T02:00:00.000+0000' });
    expect(dueSoon[1]).toMatchObject({ candidateUser: 'xuncha-zu', followUpBefore: '2026-09-08T02:00:00.000+0000' });
    expect(listQueries('overdue', 'xuncha-zu', NOW).map((query) => query['dueBefore'])).toEqual(['2026-09-08T02:00:00.000+0000', '2026-09-08T02:00:00.000+0000']);
    const [all] = listQueries('all-open', 'anwei-ban', NOW);
    expect(all).not.toHaveProperty('assignee');
    expect(all).not.toHaveProperty('candidateUser');
  });

  it('offers 全部在办 to 安委办 only', () => {
    expect(listsFor(['anwei-ban'])).toEqual(['mine', 'group', 'due-soon', 'overdue', 'all-open']);
    expect(listsFor(['bei-xuncha-danwei'])).toEqual(['mine', 'group', 'due-soon', 'overdue']);
  });

  it('reads 已办 from the history, newest first', () => {
    expect(completedQuery('qiye')).toMatchObject({ taskAssignee: 'qiye', finished: true, sortBy: 'endTime', sortOrder: 'desc' });
  });

  it('merges the queries of one list without duplicates and sorts by due date, tasks without one last', () => {
    const a = { id: 'a', due: null, created: '2026-09-01T00:00:00.000+0000' };
    const b = { id: 'b', due: '2026-09-10T10:00:00.000+0800', created: '2026-09-02T00:00:00.000+0000' };
    const c = { id: 'c', due: '2026-09-09T10:00:00.000+0800', created: '2026-09-03T00:00:00.000+0000' };
    const merged = mergeById([[a, b], [b, c]]);
    expect(merged.map((task) => task.id)).toEqual(['a', 'b', 'c']);
    expect(sortByDue(merged).map((task) => task.id)).toEqual(['c', 'b', 'a']);
  });
});
