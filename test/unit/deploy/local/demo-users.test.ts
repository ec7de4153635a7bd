import { hash } from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { DEMO_DIRECTORY_FILE, DEMO_PASSWORD, DEMO_ROLES, demoUsers, isCurrent, userDocument } from '../../../../deploy/local/demo-users.ts';
import { CandidateGroup } from '../../../../workers/contract.ts';
import { loadDirectory } from '../../../../workers/notify/directory.ts';

describe('demo users', () => {
  it('has one user per candidate group, named in Chinese from the directory, 安委办 as OWNER', async () => {
    const users = demoUsers(await loadDirectory(DEMO_DIRECTORY_FILE));
    expect(users.map((user) => user.userId).sort()).toEqual(Object.values(CandidateGroup).sort());
    expect(users.find((user) => user.userId === CandidateGroup.patrolTeam)).toEqual({ userId: 'xuncha-zu', displayName: '巡查组', role: 'OPERATOR' });
    expect(DEMO_ROLES[CandidateGroup.safetyCommitteeOffice]).toBe('OWNER');
    for (const user of users) expect(user.displayName).toMatch(/\p{Script=Han}/u);
  });

  it('names the group a directory lacks', () => {
    expect(() => demoUsers({ get: () => undefined })).toThrow(/xuncha-zu/);
  });

  it('builds the document Operate and Tasklist 8.6 store, and recognises it as current', async () => {
    const user = { userId: CandidateGroup.leadingGroup, displayName: '巡查工作领导小组', role: 'OPERATOR' } as const;
    const document = userDocument(user, await hash(DEMO_PASSWORD, 4));
    expect(document).toMatchObject({ id: 'lingdao-xiaozu', userId: 'lingdao-xiaozu', displayName: '巡查工作领导小组', roles: ['OPERATOR'] });
    expect(document.password).toMatch(/^\{bcrypt\}\$2[aby]\$04\$/);
    expect(await isCurrent(document, user, DEMO_PASSWORD)).toBe(true);
    expect(await isCurrent(document, user, 'other')).toBe(false);
    expect(await isCurrent({ ...document, roles: ['USER'] }, user, DEMO_PASSWORD)).toBe(false);
    expect(await isCurrent({ ...document, displayName: 'x' }, user, DEMO_PASSWORD)).toBe(false);
    expect(await isCurrent(undefined, user, DEMO_PASSWORD)).toBe(false);
  });
});
