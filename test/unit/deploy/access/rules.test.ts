import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ANY,
  AuthorizationType,
  CALLER_ASSIGNED_GROUPS,
  CONFIDENTIAL_PROCESSES,
  PROFILE_ASSIGNED_PROCESSES,
  ResourceType,
  TASK_PROCESSES,
  accessRules,
  findAuthorization,
  grantKey,
  isManaged,
  lacksTaskVariableRead,
  missingPermissions,
  samePermissions,
  type AuthorizationDto,
  type Grant,
} from '../../../../deploy/access/rules.ts';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { CandidateGroup, OperationsGroup, ProcessId } from '../../../../workers/contract.ts';
import { ProfileStore } from '../../../../workers/profile/profile.ts';
import { patrolProcedureGroups } from '../../../../workers/profile/procedures.ts';

/** The candidate-group expression of the patrol's sequential multi-instance approval task (brief decision 2). */
const APPROVAL_STEP_GROUP = '${approvalStep.group}';

const SERVICE_ACCOUNT = 'anquan-worker';
const rules = accessRules({ filterId: 'filter-1', serviceAccount: SERVICE_ACCOUNT });
const of = (groupId: string) => rules.filter((grant) => grant.groupId === groupId);
const permissionsOn = (groupId: string, resourceType: number, resourceId: string) =>
  rules.find((grant) => grant.groupId === groupId && grant.resourceType === resourceType && grant.resourceId === resourceId)?.permissions ?? [];
/** Every process definition a group's grants name, by key (`*` included). */
const definitionsOf = (groupId: string) => of(groupId).filter((grant) => grant.resourceType === ResourceType.processDefinition);
const UNITS = [CandidateGroup.patrolledUnit, CandidateGroup.supervisedUnit, CandidateGroup.responsibleUnit, CandidateGroup.enterprise];

describe('access rules', () => {
  it('give every candidate group Tasklist, the shared filter and its own group, and nothing on tasks', () => {
    for (const group of Object.values(CandidateGroup)) {
      expect(of(group), group).toEqual(
        expect.arrayContaining([
          { groupId: group, resourceType: ResourceType.application, resourceId: 'tasklist', permissions: ['ACCESS'] },
          { groupId: group, resourceType: ResourceType.filter, resourceId: 'filter-1', permissions: ['READ'] },
          { groupId: group, resourceType: ResourceType.group, resourceId: group, permissions: ['READ'] },
        ]),
      );
    }
    // The engine grants each task to its candidate groups; a standing grant on tasks would widen that.
    expect(rules.filter((grant) => grant.resourceType === ResourceType.task || grant.resourceType === ResourceType.historicTask)).toEqual([]);
  });

  it('keep one authorization per subject and resource, as the engine requires', () => {
    expect(new Set(rules.map(grantKey)).size).toBe(rules.length);
  });

  it('let only 纪检监察联络 and 安委办 read the confidential processes', () => {
    expect(CONFIDENTIAL_PROCESSES).toEqual([ProcessId.clueTransfer]);
    const readers = rules
      .filter(
        (grant) =>
          grant.resourceType === ResourceType.processDefinition &&
          (grant.resourceId === ProcessId.clueTransfer || grant.resourceId === ANY) &&
          grant.permissions.some((permission) => ['READ_INSTANCE', 'READ_HISTORY', 'READ_INSTANCE_VARIABLE', 'READ_HISTORY_VARIABLE', 'READ_TASK'].includes(permission)),
      )
      .map((grant) => grant.groupId ?? grant.userId);
    // The service account reads instances to fetch their external tasks, nothing through the UI.
    expect([...new Set(readers)].sort()).toEqual([SERVICE_ACCOUNT, CandidateGroup.safetyCommitteeOffice, CandidateGroup.disciplineLiaison].sort());
    expect(permissionsOn(CandidateGroup.disciplineLiaison, ResourceType.processDefinition, ProcessId.clueTransfer)).toEqual(
      expect.arrayContaining(['READ_INSTANCE', 'READ_INSTANCE_VARIABLE', 'READ_HISTORY', 'READ_HISTORY_VARIABLE']),
    );
    expect(definitionsOf(OperationsGroup.operator).map((grant) => grant.resourceId)).not.toContain(ProcessId.clueTransfer);
  });

  it('let the units read no instance, history or variables of any process, and start nothing', () => {
    for (const unit of UNITS) {
      for (const grant of definitionsOf(unit)) expect(grant.permissions, `${unit} ${grant.resourceId}`).toEqual(['READ']);
      expect(of(unit).some((grant) => grant.resourceType === ResourceType.processInstance), unit).toBe(false);
      expect(of(unit).some((grant) => grant.resourceType === ResourceType.application && grant.resourceId !== 'tasklist'), unit).toBe(false);
    }
  });

  it('let 安委办 start patrols and supervisions, 牵头部门 special and 业务监管部门 (or a 乡镇、功能区, 第十九条) daily inspections, and nobody else start anything', () => {
    const starters = rules
      .filter((grant) => grant.resourceType === ResourceType.processDefinition && grant.permissions.includes('CREATE_INSTANCE'))
      .map((grant) => `${grant.groupId}:${grant.resourceId}`)
      .sort();
    expect(starters).toEqual(
      [
        `anwei-ban:${ProcessId.safetyPatrol}`,
        `anwei-ban:${ProcessId.comprehensiveSupervision}`,
        `qiantou-bumen:${ProcessId.specialInspection}`,
        `yewu-jianguan:${ProcessId.dailyInspection}`,
        `xiangzhen-gongnengqu:${ProcessId.dailyInspection}`,
      ].sort(),
    );
    const instanceCreators = rules.filter((grant) => grant.resourceType === ResourceType.processInstance).map((grant) => grant.groupId).sort();
    expect(instanceCreators).toEqual(['anwei-ban', 'qiantou-bumen', 'xiangzhen-gongnengqu', 'yewu-jianguan']);
  });

  it('give Cockpit to the operator and the owner only, Admin to the owner only, and repairs to the operator only', () => {
    const apps = (id: string) => rules.filter((grant) => grant.resourceType === ResourceType.application && grant.resourceId === id).map((grant) => grant.groupId).sort();
    expect(apps('cockpit')).toEqual(['anwei-ban', 'yunwei']);
    expect(apps('admin')).toEqual(['anwei-ban']);
    const repairers = rules
      .filter((grant) => grant.groupId && grant.permissions.some((permission) => ['DELETE_INSTANCE', 'RETRY_JOB', 'SUSPEND_INSTANCE', 'MIGRATE_INSTANCE'].includes(permission)))
      .map((grant) => grant.groupId);
    expect(new Set(repairers)).toEqual(new Set(['yunwei']));
    // UPDATE_INSTANCE (modify, retry) beyond the operator: only where the 巡查组 correlates its 举报 messages
    // and the 业务监管部门 a 信用修复申请 into a 失信 listing.
    const updaters = rules
      .filter((grant) => grant.groupId && grant.groupId !== 'yunwei' && grant.permissions.includes('UPDATE_INSTANCE'))
      .map((grant) => `${grant.groupId}:${grant.resourceId}`);
    // (patrol-entry holds the on-site window into which the 举报 are correlated.)
    expect(updaters.sort()).toEqual([`xuncha-zu:${ProcessId.patrolEntry}`, `xuncha-zu:${ProcessId.safetyPatrol}`, `yewu-jianguan:${ProcessId.creditListing}`]);
    // The operator repairs without reading content.
    for (const grant of definitionsOf('yunwei')) expect(grant.permissions.some((permission) => permission.endsWith('_VARIABLE'))).toBe(false);
    // Admin for the owner: read users, groups and authorizations; add staff to role groups, never to operaton-admin.
    expect(permissionsOn('anwei-ban', ResourceType.authorization, ANY)).toEqual(['READ']);
    expect(permissionsOn('anwei-ban', ResourceType.user, ANY)).toEqual(['READ', 'CREATE']);
    expect(of('anwei-ban').filter((grant) => grant.resourceType === ResourceType.groupMembership).map((grant) => grant.resourceId).sort()).toEqual(Object.values(CandidateGroup).sort());
  });

  it('let 党委政府 and 安委会 work and follow the patrols they approve (the 安委会 also the 综合督查 it approves and the special inspections whose 挂牌督办 it decides), and nothing else', () => {
    const worked: ReadonlyArray<readonly [CandidateGroup, readonly ProcessId[]]> = [
      [CandidateGroup.partyGovernment, [ProcessId.safetyPatrol]],
      [CandidateGroup.safetyCommittee, [ProcessId.safetyPatrol, ProcessId.comprehensiveSupervision, ProcessId.specialInspection]],
    ];
    for (const [group, processes] of worked) {
      expect(TASK_PROCESSES[group], group).toEqual(processes);
      expect(definitionsOf(group).map((grant) => grant.resourceId).sort(), group).toEqual([...processes].sort());
      for (const processId of processes) {
        expect(permissionsOn(group, ResourceType.processDefinition, processId), group).toEqual(
          expect.arrayContaining(['READ', 'READ_INSTANCE', 'READ_INSTANCE_VARIABLE', 'READ_HISTORY', 'READ_HISTORY_VARIABLE']),
        );
        expect(permissionsOn(group, ResourceType.processDefinition, processId), group).not.toContain('CREATE_INSTANCE');
      }
      expect(of(group).some((grant) => grant.resourceType === ResourceType.processInstance), group).toBe(false);
    }
  });

  it('let a department work its tasks in the shared hazard-rectification without following every rectification', () => {
    for (const group of [CandidateGroup.leadDepartment, CandidateGroup.regulatoryDepartment]) {
      expect(TASK_PROCESSES[group], group).toContain(ProcessId.hazardRectification);
      expect(permissionsOn(group, ResourceType.processDefinition, ProcessId.hazardRectification), group).toEqual(['READ']);
    }
  });

  it('give the service account exactly what external tasks need', () => {
    expect(rules.filter((grant) => grant.userId)).toEqual([
      { userId: SERVICE_ACCOUNT, resourceType: ResourceType.processDefinition, resourceId: ANY, permissions: ['READ', 'READ_INSTANCE', 'UPDATE_INSTANCE'] },
    ]);
  });

  it('name, for every candidate group, exactly the processes in which the diagrams (and the profiles) offer it tasks', async () => {
    const folder = path.join(PROJECT_ROOT, 'processes');
    const offered = new Map<string, Set<string>>();
    const offer = (group: string, processId: string) => {
      if (!offered.has(group)) offered.set(group, new Set());
      offered.get(group)!.add(processId);
    };
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.bpmn'))) {
      const xml = readFileSync(path.join(folder, file), 'utf8');
      const processId = /<bpmn:process id="([^"]+)"/.exec(xml)?.[1];
      for (const [, groups] of xml.matchAll(/<bpmn:userTask [^>]*camunda:candidateGroups="([^"]+)"/g)) {
        for (const group of groups!.split(',').map((id) => id.trim())) {
          if (group === APPROVAL_STEP_GROUP || group.includes('profile.procedures.')) {
            // The approval steps, the 整改方案 review and the 回头看 take their group from the profile (below), only where the rules say so.
            expect(PROFILE_ASSIGNED_PROCESSES, `${file}: ${group}`).toContain(processId);
            continue;
          }
          if (group.startsWith('${') || group.startsWith('#{')) {
            // A group the calling procedure passes: the rules must say which groups it can be (below).
            expect(CALLER_ASSIGNED_GROUPS[processId as ProcessId]?.expressions ?? [], `${file}: ${group} (add it to CALLER_ASSIGNED_GROUPS)`).toContain(group);
            continue;
          }
          offer(group, processId!);
        }
      }
    }
    for (const [processId, assigned] of Object.entries(CALLER_ASSIGNED_GROUPS)) {
      for (const group of assigned!.groups) offer(group, processId);
    }
    // Every group a profile names in its procedures' approval chains works approval tasks of the patrol.
    for (const profile of await new ProfileStore(path.join(folder, 'profiles')).resolveAll()) {
      for (const group of patrolProcedureGroups(profile.procedures)) {
        for (const processId of PROFILE_ASSIGNED_PROCESSES) offer(group, processId);
      }
    }
    for (const group of Object.values(CandidateGroup)) {
      expect([...(offered.get(group) ?? [])].sort(), group).toEqual([...TASK_PROCESSES[group]].sort());
    }
    expect([...offered.keys()].every((group) => (Object.values(CandidateGroup) as string[]).includes(group))).toBe(true);
  });
});

describe('matching existing authorizations', () => {
  const dto = (fields: Partial<AuthorizationDto>): AuthorizationDto => ({
    id: 'a',
    type: AuthorizationType.grant,
    permissions: ['READ'],
    userId: null,
    groupId: 'qiye',
    resourceType: ResourceType.processDefinition,
    resourceId: ANY,
    ...fields,
  });
  const grant: Grant = { groupId: 'qiye', resourceType: ResourceType.processDefinition, resourceId: ANY, permissions: ['READ'] };

  it('finds the grant of the same subject and resource', () => {
    const existing = [dto({ id: 'a' }), dto({ id: 'b', type: AuthorizationType.global, groupId: null, userId: '*' })];
    expect(findAuthorization(existing, grant)?.id).toBe('a');
    expect(findAuthorization(existing, { ...grant, groupId: undefined, userId: 'qiye' })).toBeUndefined();
    expect(missingPermissions(['READ'], ['READ', 'CREATE_INSTANCE'])).toEqual(['CREATE_INSTANCE']);
    expect(missingPermissions(['ALL'], ['READ'])).toEqual([]);
    expect(samePermissions(['CREATE_INSTANCE', 'READ'], ['READ', 'CREATE_INSTANCE'])).toBe(true);
    expect(samePermissions(['READ', 'CREATE_INSTANCE'], ['READ'])).toBe(false);
  });

  it('manages the role groups, the service account and global authorizations, but not per-task grants or other subjects', () => {
    expect(isManaged(dto({}), SERVICE_ACCOUNT)).toBe(true);
    expect(isManaged(dto({ type: AuthorizationType.revoke }), SERVICE_ACCOUNT)).toBe(true);
    expect(isManaged(dto({ groupId: 'yunwei' }), SERVICE_ACCOUNT)).toBe(true);
    expect(isManaged(dto({ groupId: null, userId: SERVICE_ACCOUNT }), SERVICE_ACCOUNT)).toBe(true);
    expect(isManaged(dto({ type: AuthorizationType.global, groupId: null, userId: '*' }), SERVICE_ACCOUNT)).toBe(true);
    expect(isManaged(dto({ groupId: 'operaton-admin' }), SERVICE_ACCOUNT)).toBe(false);
    expect(isManaged(dto({ groupId: null, userId: 'anwei-ban', resourceType: ResourceType.filter, resourceId: 'own-filter' }), SERVICE_ACCOUNT)).toBe(false);
    expect(isManaged(dto({ resourceType: ResourceType.task, resourceId: 'task-1' }), SERVICE_ACCOUNT)).toBe(false);
    expect(isManaged(dto({ resourceType: ResourceType.task, resourceId: ANY }), SERVICE_ACCOUNT)).toBe(true);
  });

  it('finds task grants from before variables needed their own permission', () => {
    expect(lacksTaskVariableRead(dto({ resourceType: ResourceType.task, resourceId: 't', permissions: ['READ', 'UPDATE'] }))).toBe(true);
    expect(lacksTaskVariableRead(dto({ resourceType: ResourceType.task, resourceId: 't', permissions: ['READ', 'UPDATE', 'READ_VARIABLE'] }))).toBe(false);
    expect(lacksTaskVariableRead(dto({ resourceType: ResourceType.task, resourceId: 't', permissions: ['ALL'] }))).toBe(false);
    expect(lacksTaskVariableRead(dto({ resourceType: ResourceType.processDefinition, resourceId: 't', permissions: ['READ'] }))).toBe(false);
  });
});
