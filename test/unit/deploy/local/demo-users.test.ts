import { describe, expect, it } from 'vitest';
import { DEMO_DIRECTORY_FILE, TASK_FILTER_QUERY, demoLoginOf, demoUsers, hasEntries } from '../../../../deploy/local/demo-users.ts';
import { CandidateGroup, OperationsGroup } from '../../../../workers/contract.ts';
import { loadDirectory } from '../../../../workers/notify/directory.ts';

describe('demo users', () => {
  it('has one user per candidate group and per operations group, named in Chinese from the directory', async () => {
    const users = demoUsers(await loadDirectory(DEMO_DIRECTORY_FILE));
    expect(users.map((user) => user.userId).sort()).toEqual([...Object.values(CandidateGroup), ...Object.values(OperationsGroup)].sort());
    expect(users.find((user) => user.userId === CandidateGroup.patrolTeam)).toEqual({ userId: 'xuncha-zu', displayName: '巡查组' });
    expect(users.find((user) => user.userId === OperationsGroup.operator)).toEqual({ userId: 'yunwei', displayName: '运维值班' });
    for (const user of users) expect(user.displayName).toMatch(/\p{Script=Han}/u);
    expect(demoLoginOf(CandidateGroup.safetyCommitteeOffice)).toBe('anwei-ban');
  });

  it('names the group a directory lacks', () => {
    expect(() => demoUsers({ get: () => undefined })).toThrow(/xuncha-zu/);
  });
});

describe('the shared task filter', () => {
  it('compares only the filter keys it sets', () => {
    expect(hasEntries({ ...TASK_FILTER_QUERY, assignee: null }, TASK_FILTER_QUERY)).toBe(true);
    expect(hasEntries({ ...TASK_FILTER_QUERY, includeAssignedTasks: false }, TASK_FILTER_QUERY)).toBe(false);
    expect(hasEntries(null, TASK_FILTER_QUERY)).toBe(false);
  });
});
