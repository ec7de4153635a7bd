import { describe, expect, it } from 'vitest';
import {
  COCKPIT_GROUPS,
  DEMO_DIRECTORY_FILE,
  STARTER_GROUPS,
  TASK_FILTER_QUERY,
  WORKER_ACCOUNT,
  demoLoginOf,
  demoUsers,
  desiredGrants,
  findAuthorization,
  hasEntries,
  missingPermissions,
  ResourceType,
  type AuthorizationDto,
} from '../../../../deploy/local/demo-users.ts';
import { CandidateGroup } from '../../../../workers/contract.ts';
import { loadDirectory } from '../../../../workers/notify/directory.ts';


describe('demo users', () => {
  it('has one user per candidate group, named in Chinese from the directory', async () => {
    const users = demoUsers(await loadDirectory(DEMO_DIRECTORY_FILE));
    expect(users.map((user) => user.userId).sort()).toEqual(Object.values(CandidateGroup).sort());
    expect(users.find((user) => user.userId === CandidateGroup.patrolTeam)).toEqual({ userId: 'xuncha-zu', displayName: '巡查组' });
    for (const user of users) expect(user.displayName).toMatch(/\p{Script=Han}/u);
    expect(demoLoginOf(CandidateGroup.safetyCommitteeOffice)).toBe('anwei-ban');
  });

  it('names the group a directory lacks', () => {
    expect(() => demoUsers({ get: () => undefined })).toThrow(/xuncha-zu/);
  });
});

describe('desired grants', () => {
  const users = [
    { userId: CandidateGroup.safetyCommitteeOffice, displayName: '安委办' },
    { userId: CandidateGroup.enterprise, displayName: '生产经营单位' },
  ];
  const grants = desiredGrants(users, 'filter-1');
  const of = (groupId: string) => grants.filter((grant) => grant.groupId === groupId);

  it('gives every role Tasklist, the shared filter and read on definitions', () => {
    for (const { userId } of users) {
      expect(of(userId)).toEqual(
        expect.arrayContaining([
          { groupId: userId, resourceType: ResourceType.application, resourceId: 'tasklist', permissions: ['ACCESS'] },
          { groupId: userId, resourceType: ResourceType.filter, resourceId: 'filter-1', permissions: ['READ'] },
          expect.objectContaining({ groupId: userId, resourceType: ResourceType.processDefinition, resourceId: '*' }),
        ]),
      );
    }
  });

  it('lets the supervising side start processes, and 安委办 open Cockpit; the enterprise neither', () => {
    expect(STARTER_GROUPS.has(CandidateGroup.safetyCommitteeOffice)).toBe(true);
    expect(COCKPIT_GROUPS.has(CandidateGroup.safetyCommitteeOffice)).toBe(true);
    expect(of('anwei-ban')).toEqual(
      expect.arrayContaining([
        { groupId: 'anwei-ban', resourceType: ResourceType.processDefinition, resourceId: '*', permissions: ['READ', 'CREATE_INSTANCE'] },
        { groupId: 'anwei-ban', resourceType: ResourceType.processInstance, resourceId: '*', permissions: ['CREATE'] },
        { groupId: 'anwei-ban', resourceType: ResourceType.application, resourceId: 'cockpit', permissions: ['ACCESS'] },
      ]),
    );
    expect(of('qiye').find((grant) => grant.resourceType === ResourceType.processDefinition)?.permissions).toEqual(['READ']);
    expect(of('qiye').some((grant) => grant.resourceType === ResourceType.processInstance || grant.resourceId === 'cockpit')).toBe(false);
  });

  it('gives the service account what fetchAndLock and complete need', () => {
    expect(grants.filter((grant) => grant.userId === WORKER_ACCOUNT.username)).toEqual([
      { userId: 'anquan-worker', resourceType: ResourceType.processDefinition, resourceId: '*', permissions: ['READ', 'READ_INSTANCE', 'UPDATE_INSTANCE'] },
      { userId: 'anquan-worker', resourceType: ResourceType.processInstance, resourceId: '*', permissions: ['READ', 'UPDATE'] },
    ]);
  });

  it('matches an existing grant by subject and resource, and finds what it lacks', () => {
    const existing: AuthorizationDto[] = [
      { id: 'a', type: 1, permissions: ['READ'], userId: null, groupId: 'qiye', resourceType: 6, resourceId: '*' },
      { id: 'b', type: 0, permissions: ['READ'], userId: null, groupId: null, resourceType: 6, resourceId: '*' },
    ];
    expect(findAuthorization(existing, { groupId: 'qiye', resourceType: 6, resourceId: '*', permissions: ['READ'] })?.id).toBe('a');
    expect(findAuthorization(existing, { userId: 'qiye', resourceType: 6, resourceId: '*', permissions: ['READ'] })).toBeUndefined();
    expect(missingPermissions(['READ'], ['READ', 'CREATE_INSTANCE'])).toEqual(['CREATE_INSTANCE']);
    expect(missingPermissions(['ALL'], ['READ', 'CREATE_INSTANCE'])).toEqual([]);
    expect(missingPermissions(undefined, ['READ'])).toEqual(['READ']);
  });

  it('compares only the filter keys it sets', () => {
    expect(hasEntries({ ...TASK_FILTER_QUERY, assignee: null }, TASK_FILTER_QUERY)).toBe(true);
    expect(hasEntries({ ...TASK_FILTER_QUERY, includeAssignedTasks: false }, TASK_FILTER_QUERY)).toBe(false);
    expect(hasEntries(null, TASK_FILTER_QUERY)).toBe(false);
  });
});

