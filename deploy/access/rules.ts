/**
 * Who sees what, in one place: every role's authorizations in Operaton, derived
 * from workers/contract.ts. Pure data; deploy/access/apply.ts makes the engine
 * hold exactly these (and nothing else for these subjects), the README's
 * "谁能看到什么 / Who sees what" table describes them, and
 * test/integration/access/access-table.test.ts proves them against the engine.
 *
 * What the engine adds by itself and these rules rely on:
 * - a task's candidate groups (and its assignee) get READ, UPDATE and
 *   READ_VARIABLE on that one task, and HISTORIC_TASK READ (+ READ_VARIABLE) on
 *   it (application.yaml: enforce-specific-variable-permission,
 *   enable-historic-instance-permissions). No rule grants tasks more widely:
 *   a user works only its groups' tasks and those assigned to it.
 * - the built-in operaton-admin group (user `demo`) passes every check.
 *
 * Variables have no per-variable permission: whoever reads a task reads every
 * variable its execution sees, parent scopes included. What a unit may read is
 * therefore decided by the diagrams' data flow (call activities pass only what
 * the called process needs, unit tasks see no cadre-conduct finding), not here;
 * see the README.
 */
import { CandidateGroup, OperationsGroup, OWNER_GROUP, ProcessId } from '../../workers/contract.ts';

/** Resource types of Operaton's authorization API (org.operaton.bpm.engine.authorization.Resources). */
export const ResourceType = {
  application: 0,
  user: 1,
  group: 2,
  groupMembership: 3,
  authorization: 4,
  filter: 5,
  processDefinition: 6,
  task: 7,
  processInstance: 8,
  historicTask: 19,
} as const;
export type ResourceType = (typeof ResourceType)[keyof typeof ResourceType];

/** The resource id that stands for every resource of a type. */
export const ANY = '*';

/** The web applications of the engine (APPLICATION resource ids). */
export const Application = { tasklist: 'tasklist', cockpit: 'cockpit', admin: 'admin' } as const;

/** One authorization (a grant): exactly these permissions of one subject on one resource. */
export interface Grant {
  readonly userId?: string;
  readonly groupId?: string;
  readonly resourceType: ResourceType;
  readonly resourceId: string;
  readonly permissions: readonly string[];
}

/**
 * The processes in which each candidate group works user tasks (the diagrams'
 * camunda:candidateGroups; test/unit/deploy/access/rules.test.ts checks this
 * table against processes/*.bpmn). A group reads these definitions, so its
 * task lists can name the procedure.
 */
export const TASK_PROCESSES: Readonly<Record<CandidateGroup, readonly ProcessId[]>> = {
  [CandidateGroup.patrolTeam]: [ProcessId.safetyPatrol, ProcessId.patrolEntry],
  [CandidateGroup.safetyCommitteeOffice]: [
    ProcessId.safetyPatrol,
    // 调整巡查组人员 (回避), 作出责任追究决定 on an obstruction.
    ProcessId.patrolEntry,
    ProcessId.comprehensiveSupervision,
    ProcessId.specialInspection,
    ProcessId.hazardRectification,
    ProcessId.clueTransfer,
    ProcessId.overdueEscalation,
    // 审核汇总调度表 of campaign-dispatch.
    ProcessId.campaignDispatch,
  ],
  // 领导小组批示 on a 重大问题 reported to it first (盐城: profile majorIssueHandling report-to-leading-group-first).
  [CandidateGroup.leadingGroup]: [ProcessId.safetyPatrol, ProcessId.patrolEntry],
  [CandidateGroup.patrolledUnit]: [ProcessId.safetyPatrol],
  [CandidateGroup.responsibleUnit]: [ProcessId.hazardRectification],
  [CandidateGroup.disciplineLiaison]: [],
  [CandidateGroup.supervisionTeam]: [ProcessId.comprehensiveSupervision],
  [CandidateGroup.supervisedUnit]: [ProcessId.comprehensiveSupervision],
  [CandidateGroup.leadDepartment]: [ProcessId.specialInspection, ProcessId.clueTransfer, ProcessId.hazardRectification, ProcessId.overdueEscalation],
  [CandidateGroup.regulatoryDepartment]: [ProcessId.dailyInspection, ProcessId.creditListing, ProcessId.clueTransfer, ProcessId.hazardRectification, ProcessId.overdueEscalation],
  [CandidateGroup.inspectionTeam]: [ProcessId.specialInspection, ProcessId.dailyInspection],
  [CandidateGroup.industryAuthority]: [ProcessId.dailyInspection, ProcessId.clueTransfer, ProcessId.overdueEscalation],
  // 陈述申辩 before a 失信 listing (daily-inspection SubmitStatement).
  [CandidateGroup.enterprise]: [ProcessId.hazardRectification, ProcessId.dailyInspection],
  // The patrol's approval steps (profile.procedures.patrol.planApproval / reportApproval) are offered to the
  // groups a jurisdiction profile names, e.g. 盐城 市委市政府审批, 湖南 安委会审定 (workers/profile/profile.ts).
  [CandidateGroup.partyGovernment]: [ProcessId.safetyPatrol],
  // 安委会 also 审定 the yearly 综合督查 plan and its results (000 第十一条、第十四条), and decides 挂牌督办 of a special
  // inspection's 重大事故隐患 (000 第九条(四)).
  [CandidateGroup.safetyCommittee]: [ProcessId.safetyPatrol, ProcessId.comprehensiveSupervision, ProcessId.specialInspection],
  // The transferring organ's leader approves and signs its 移交函 (clue-transfer ReviewTransferLetter,
  // camunda:candidateGroups="${transferLetter.approvalGroup}"; see CALLER_ASSIGNED_GROUPS).
  [CandidateGroup.safetyCommitteeOfficeLeader]: [ProcessId.clueTransfer],
  [CandidateGroup.leadDepartmentLeader]: [ProcessId.clueTransfer],
  [CandidateGroup.industryAuthorityLeader]: [ProcessId.clueTransfer],
  [CandidateGroup.regulatoryDepartmentLeader]: [ProcessId.clueTransfer],
  // 填报本单位调度表 (campaign-dispatch): a unit under supervision, it reads its own tasks only (not in FOLLOWING_GROUPS).
  [CandidateGroup.reportingUnit]: [ProcessId.campaignDispatch],
  // 乡镇（街道）、功能区 draw up their own daily-inspection plan (江西办法第十九条; daily-inspection DraftTownshipPlan).
  [CandidateGroup.townshipPlanner]: [ProcessId.dailyInspection],
};

/**
 * Processes whose user tasks take their candidate group from what the calling
 * procedure passed: clue-transfer offers 修改移交函 and 登记办理结果 to the
 * transferring organ (`${transferLetter.organ}`) and 审批签发移交函 to its
 * leader (`${transferLetter.approvalGroup}`), see workers/transfer/organs.ts.
 * Every group listed works tasks of that process (and is listed for it in
 * {@link TASK_PROCESSES} where the diagrams give it no literal task there).
 */
export const CALLER_ASSIGNED_GROUPS: Readonly<Partial<Record<ProcessId, { readonly expressions: readonly string[]; readonly groups: readonly CandidateGroup[] }>>> = {
  // 决定督办措施 by the organ the caller names: 安委办 in patrol and supervision, the department in special and daily inspections.
  [ProcessId.overdueEscalation]: {
    expressions: ['${decidingGroup}'],
    groups: [CandidateGroup.safetyCommitteeOffice, CandidateGroup.leadDepartment, CandidateGroup.regulatoryDepartment, CandidateGroup.industryAuthority],
  },
  // 诊断分析与分类处置 and 复核销号 by the organ the caller names (normalised by 核对职权), as the README's hazard-rectification interface says.
  // 整改落实 by the responsible party (${rectifyingGroup}): the 责任单位, or the enterprise itself.
  [ProcessId.hazardRectification]: {
    expressions: ['${actingGroup}', '${reviewingGroup}', '${rectifyingGroup}'],
    groups: [
      CandidateGroup.safetyCommitteeOffice,
      CandidateGroup.leadDepartment,
      CandidateGroup.regulatoryDepartment,
      CandidateGroup.responsibleUnit,
      CandidateGroup.enterprise,
    ],
  },
  [ProcessId.clueTransfer]: {
    expressions: ['${transferLetter.organ}', '${transferLetter.approvalGroup}'],
    groups: [
      CandidateGroup.safetyCommitteeOffice,
      CandidateGroup.leadDepartment,
      CandidateGroup.industryAuthority,
      CandidateGroup.regulatoryDepartment,
      CandidateGroup.safetyCommitteeOfficeLeader,
      CandidateGroup.leadDepartmentLeader,
      CandidateGroup.industryAuthorityLeader,
      CandidateGroup.regulatoryDepartmentLeader,
    ],
  },
};

/**
 * Processes whose user tasks take their candidate group from a jurisdiction
 * profile (`camunda:candidateGroups="${approvalStep.group}"` over
 * `profile.procedures.patrol.planApproval` and `reportApproval`): every group a
 * profile names there works tasks in that process, so it must be listed for it
 * in {@link TASK_PROCESSES} (test/unit/deploy/access/rules.test.ts checks this
 * against processes/profiles/*.json).
 */
export const PROFILE_ASSIGNED_PROCESSES: readonly ProcessId[] = [ProcessId.safetyPatrol];

/** Who starts which procedure (from the workbench or Tasklist); nobody else starts anything. */
export const STARTS: Readonly<Partial<Record<CandidateGroup, readonly ProcessId[]>>> = {
  [CandidateGroup.safetyCommitteeOffice]: [ProcessId.safetyPatrol, ProcessId.comprehensiveSupervision],
  [CandidateGroup.leadDepartment]: [ProcessId.specialInspection],
  [CandidateGroup.regulatoryDepartment]: [ProcessId.dailyInspection],
  // 乡镇（街道）、功能区 start the daily inspection of their own plan (江西办法第十九条).
  [CandidateGroup.townshipPlanner]: [ProcessId.dailyInspection],
};

/**
 * The supervising side: it follows the instances of the procedures it works in
 * (instances, history, variables), the confidential ones excepted. The units
 * under supervision (被巡查单位, 被督查单位, 责任单位, 生产经营单位, and the
 * 行业主管部门 that hands records over) are not here: they read their tasks only.
 */
export const FOLLOWING_GROUPS: ReadonlySet<CandidateGroup> = new Set([
  CandidateGroup.patrolTeam,
  CandidateGroup.leadingGroup,
  // They approve the patrol's plan and report, so they read the patrol instances they approve.
  CandidateGroup.partyGovernment,
  CandidateGroup.safetyCommittee,
  CandidateGroup.supervisionTeam,
  CandidateGroup.leadDepartment,
  CandidateGroup.regulatoryDepartment,
  CandidateGroup.inspectionTeam,
]);

/**
 * Shared sub-processes that every procedure calls: a group that works a task in
 * one instance (a 牵头部门 diagnosing the hazard its own inspection found) reads
 * that task, but does not follow all instances, which hold the findings of
 * other procedures (a patrol's findings about a party committee).
 */
export const UNFOLLOWED_PROCESSES: readonly ProcessId[] = [ProcessId.hazardRectification, ProcessId.overdueEscalation];

/** Processes whose instances, history and variables only {@link CONFIDENTIAL_READERS} read (the cadre-conduct clues and 移交函). */
export const CONFIDENTIAL_PROCESSES: readonly ProcessId[] = [ProcessId.clueTransfer];

/** 纪检监察联络 and the owner 安委办. */
export const CONFIDENTIAL_READERS: ReadonlySet<CandidateGroup> = new Set([CandidateGroup.disciplineLiaison, OWNER_GROUP]);

/**
 * Messages a role correlates into running instances itself: the 巡查组 logs a
 * phoned-in or walk-in 来信来电举报 (and raises a 重大问题) into its patrol.
 * Correlating needs UPDATE on the instance; UPDATE_INSTANCE on the one
 * definition is the narrowest standing grant (per-instance grants would have to
 * be created at every start).
 */
export const CORRELATES_INTO: Readonly<Partial<Record<CandidateGroup, readonly ProcessId[]>>> = {
  // patrol-entry holds the report window (来信来电举报, 重大问题, 不配合巡查 messages; issue 11).
  [CandidateGroup.patrolTeam]: [ProcessId.safetyPatrol, ProcessId.patrolEntry],
  // The 业务监管部门 registers the 信用修复申请 it received into the listing (credit-listing RepairApplied).
  [CandidateGroup.regulatoryDepartment]: [ProcessId.creditListing],
};

/** Reading instances and their history, with content. */
const FOLLOW = ['READ', 'READ_INSTANCE', 'READ_INSTANCE_VARIABLE', 'READ_HISTORY', 'READ_HISTORY_VARIABLE'] as const;
/** The operator: structure, incidents and the three repairs, but no variable values (enforce-specific-variable-permission). */
const OPERATE = ['READ', 'READ_INSTANCE', 'READ_HISTORY', 'UPDATE_INSTANCE', 'DELETE_INSTANCE'] as const;
/**
 * fetchAndLock needs READ_INSTANCE + UPDATE_INSTANCE (or it silently returns
 * nothing); complete, failure, BPMN error, extend lock and unlock need
 * UPDATE_INSTANCE; READ reads the deployed XML (output-parameter lookup).
 * Workers send no signals or messages themselves: throw events do, inside the engine.
 */
export const SERVICE_ACCOUNT_PERMISSIONS = ['READ', 'READ_INSTANCE', 'UPDATE_INSTANCE'] as const;

/** Every role group the rules cover: the candidate groups and the operations groups. */
export const ROLE_GROUPS: readonly string[] = [...Object.values(CandidateGroup), ...Object.values(OperationsGroup)];

export interface RulesInput {
  /** The shared Tasklist filter every candidate group reads. */
  readonly filterId: string;
  /** The workers' login. */
  readonly serviceAccount: string;
}

/** Merges permissions of grants on the same subject and resource: the engine keeps one authorization per such key. */
function merged(grants: readonly Grant[]): Grant[] {
  const byKey = new Map<string, Grant>();
  for (const grant of grants) {
    const key = grantKey(grant);
    const earlier = byKey.get(key);
    byKey.set(key, earlier ? { ...earlier, permissions: [...new Set([...earlier.permissions, ...grant.permissions])] } : grant);
  }
  return [...byKey.values()];
}

/** Subject and resource of a grant, e.g. `group:anwei-ban 6:safety-patrol`. */
export function grantKey(grant: { readonly userId?: string | null; readonly groupId?: string | null; readonly resourceType: number; readonly resourceId: string }): string {
  const subject = grant.userId ? `user:${grant.userId}` : `group:${grant.groupId}`;
  return `${subject} ${grant.resourceType}:${grant.resourceId}`;
}

function definitionGrants(groupId: string, processes: readonly ProcessId[], permissions: readonly string[]): Grant[] {
  return processes.map((key) => ({ groupId, resourceType: ResourceType.processDefinition, resourceId: key, permissions }));
}

/** What the engine grants a group when it is created: its members read the group itself (e.g. for GET /identity/groups). */
function ownGroupRead(groupId: string): Grant {
  return { groupId, resourceType: ResourceType.group, resourceId: groupId, permissions: ['READ'] };
}

function candidateGroupRules(groupId: CandidateGroup, filterId: string): Grant[] {
  const grants: Grant[] = [
    ownGroupRead(groupId),
    { groupId, resourceType: ResourceType.application, resourceId: Application.tasklist, permissions: ['ACCESS'] },
    { groupId, resourceType: ResourceType.filter, resourceId: filterId, permissions: ['READ'] },
    // READ names the procedure of a task in the lists; it shows no instance.
    ...definitionGrants(groupId, TASK_PROCESSES[groupId], ['READ']),
  ];
  if (FOLLOWING_GROUPS.has(groupId)) {
    const followed = TASK_PROCESSES[groupId].filter((key) => !CONFIDENTIAL_PROCESSES.includes(key) && !UNFOLLOWED_PROCESSES.includes(key));
    grants.push(...definitionGrants(groupId, followed, FOLLOW));
  }
  if (CONFIDENTIAL_READERS.has(groupId)) grants.push(...definitionGrants(groupId, CONFIDENTIAL_PROCESSES, FOLLOW));
  const starts = STARTS[groupId] ?? [];
  if (starts.length > 0) {
    grants.push(...definitionGrants(groupId, starts, ['READ', 'CREATE_INSTANCE']));
    grants.push({ groupId, resourceType: ResourceType.processInstance, resourceId: ANY, permissions: ['CREATE'] });
  }
  grants.push(...definitionGrants(groupId, CORRELATES_INTO[groupId] ?? [], ['READ', 'UPDATE_INSTANCE']));
  return grants;
}

/**
 * The owner 安委办 on top of its candidate-group rules: Cockpit read-only over
 * every procedure (confidential ones included), 全部在办 (every open task,
 * read-only: READ_TASK, not TASK_WORK), and Admin to look at users, groups and
 * authorizations and to add staff to the role groups. It cannot change users
 * (that would reset the admin's password) or authorizations (these rules are
 * re-applied at every start), nor retry, modify or cancel anything.
 */
function ownerRules(groupId: string): Grant[] {
  return [
    { groupId, resourceType: ResourceType.application, resourceId: Application.cockpit, permissions: ['ACCESS'] },
    { groupId, resourceType: ResourceType.application, resourceId: Application.admin, permissions: ['ACCESS'] },
    {
      groupId,
      resourceType: ResourceType.processDefinition,
      resourceId: ANY,
      permissions: [...FOLLOW, 'READ_TASK', 'READ_TASK_VARIABLE'],
    },
    { groupId, resourceType: ResourceType.user, resourceId: ANY, permissions: ['READ', 'CREATE'] },
    { groupId, resourceType: ResourceType.group, resourceId: ANY, permissions: ['READ'] },
    { groupId, resourceType: ResourceType.authorization, resourceId: ANY, permissions: ['READ'] },
    // Per role group, never `*`: a membership of operaton-admin would make anyone the engine's admin.
    ...Object.values(CandidateGroup).map((group) => ({
      groupId,
      resourceType: ResourceType.groupMembership,
      resourceId: group,
      permissions: ['CREATE', 'DELETE'],
    })),
  ];
}

/** 运维值班: Cockpit over every non-confidential procedure, with retry, modify and cancel. */
function operatorRules(groupId: string): Grant[] {
  const operated = Object.values(ProcessId).filter((key) => !CONFIDENTIAL_PROCESSES.includes(key));
  return [
    ownGroupRead(groupId),
    { groupId, resourceType: ResourceType.application, resourceId: Application.cockpit, permissions: ['ACCESS'] },
    ...definitionGrants(groupId, operated, OPERATE),
  ];
}

/** Every authorization the roles and the service account hold, merged to one per subject and resource. */
export function accessRules({ filterId, serviceAccount }: RulesInput): Grant[] {
  const grants: Grant[] = [];
  for (const group of Object.values(CandidateGroup)) {
    grants.push(...candidateGroupRules(group, filterId));
    if (group === OWNER_GROUP) grants.push(...ownerRules(group));
  }
  grants.push(...operatorRules(OperationsGroup.operator));
  grants.push(...serviceAccountRules(serviceAccount));
  return merged(grants);
}

/** The workers' service account: every external task of every definition, nothing else. */
export function serviceAccountRules(userId: string): Grant[] {
  return [{ userId, resourceType: ResourceType.processDefinition, resourceId: ANY, permissions: SERVICE_ACCOUNT_PERMISSIONS }];
}

/** An authorization as `GET /authorization` returns it (type 0 global, 1 grant, 2 revoke). */
export interface AuthorizationDto {
  readonly id: string;
  readonly type: number;
  readonly permissions: readonly string[];
  readonly userId: string | null;
  readonly groupId: string | null;
  readonly resourceType: number;
  readonly resourceId: string;
}

export const AuthorizationType = { global: 0, grant: 1, revoke: 2 } as const;

/** The grant (type 1) of the same subject and resource; the engine allows one per such key. */
export function findAuthorization(existing: readonly AuthorizationDto[], grant: Grant): AuthorizationDto | undefined {
  return existing.find(
    (authorization) =>
      authorization.type === AuthorizationType.grant &&
      authorization.resourceType === grant.resourceType &&
      authorization.resourceId === grant.resourceId &&
      (authorization.userId ?? undefined) === grant.userId &&
      (authorization.groupId ?? undefined) === grant.groupId,
  );
}

/** Permissions the grant wants that the authorization lacks (ALL covers everything). */
export function missingPermissions(have: readonly string[] | undefined, want: readonly string[]): string[] {
  if (have?.includes('ALL')) return [];
  return want.filter((permission) => !have?.includes(permission));
}

/** Whether two permission lists grant the same (order aside). */
export function samePermissions(have: readonly string[], want: readonly string[]): boolean {
  const a = new Set(have.filter((permission) => permission !== 'NONE'));
  const b = new Set(want);
  return a.size === b.size && [...b].every((permission) => a.has(permission));
}

/**
 * Whether an existing authorization is ours to keep in line with the rules:
 * any authorization of a role group or the service account, and every global
 * one (the rules want none), except what the engine creates per task.
 */
export function isManaged(authorization: AuthorizationDto, serviceAccount: string): boolean {
  const perTask =
    (authorization.resourceType === ResourceType.task || authorization.resourceType === ResourceType.historicTask) && authorization.resourceId !== ANY;
  if (perTask) return false;
  if (authorization.type === AuthorizationType.global) return true;
  if (authorization.groupId) return ROLE_GROUPS.includes(authorization.groupId);
  return authorization.userId === serviceAccount;
}

/**
 * A task authorization the engine created before variables needed their own
 * permission: it still reads the task, so it should read its variables too, as
 * the engine now grants on every new task.
 */
export function lacksTaskVariableRead(authorization: AuthorizationDto): boolean {
  return (
    authorization.type === AuthorizationType.grant &&
    authorization.resourceType === ResourceType.task &&
    authorization.resourceId !== ANY &&
    authorization.permissions.includes('READ') &&
    !authorization.permissions.includes('ALL') &&
    !authorization.permissions.includes('READ_VARIABLE')
  );
}
