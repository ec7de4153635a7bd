/**
 * A safety patrol driven by its roles through its first stages, as several
 * tests need one: 摸底 and 拟定方案 by 安委办, 审定 by the 领导小组, and the
 * 进驻通知 by the 巡查组. Each task is completed as the demo login of its
 * candidate group (EngineClient.completeUserTask), so authorizations apply.
 */
import { DEMO_PASSWORD } from '../../../deploy/local/demo-users.ts';
import { CandidateGroup, ProcessId } from '../../../workers/contract.ts';
import { eventually } from './engine-client.ts';
import type { EngineHarness } from './harness.ts';

export interface PatrolStart {
  readonly patrolId: string;
  /** 被巡查地区或单位, e.g. 测试县委、县人民政府. */
  readonly target: string;
  readonly jurisdiction?: string;
  readonly surveySummary?: string;
  readonly clue?: string;
  readonly planFocus?: string;
  readonly plannedEntryDate?: string;
  /** 一次一授权: the authorization's 文号. */
  readonly authorizationNumber?: string;
}

/** Starts a patrol as 安委办 and completes 摸底 and 拟定方案; the plan then waits for the 领导小组. */
export async function patrolAtPlanReview(h: EngineHarness, start: PatrolStart): Promise<string> {
  const patrol = await h.engine.as(CandidateGroup.safetyCommitteeOffice, DEMO_PASSWORD).startProcessInstance(ProcessId.safetyPatrol, {});
  await h.complete(patrol, 'SurveyAndCollectClues', {
    patrolTargetName: start.target,
    patrolTargetKind: 'county',
    jurisdiction: start.jurisdiction ?? 'yancheng',
    surveySummary: start.surveySummary ?? '该县危化品企业集中，近两年发生两起一般事故。',
    clues: [{ source: '摸底', content: start.clue ?? '县应急管理局对危化企业执法检查流于形式' }],
  });
  await h.complete(patrol, 'DraftPatrolPlan', {
    patrolId: start.patrolId,
    planTitle: `${start.target}安全生产巡查工作方案`,
    patrolTeamName: '市安委会第一巡查组',
    patrolTeamLeader: '李明',
    patrolTeamDeputyLeader: '王强',
    patrolTeamMembers: [
      { name: '赵敏', unit: '市应急管理局', post: '科长' },
      { name: '孙磊', unit: '市住房和城乡建设局', post: '主任科员' },
    ],
    patrolExperts: [{ name: '周工', unit: '市安全生产专家库', expertise: '危险化学品' }],
    patrolAuthorizationNumber: start.authorizationNumber ?? '盐安巡授〔2026〕1号',
    patrolAuthorizationDate: '2026-09-01',
    onSiteDays: 10,
    plannedEntryDate: start.plannedEntryDate ?? '2026-09-07',
    planFocus: start.planFocus ?? '危险化学品安全',
  });
  return patrol;
}

/**
 * Every step of the jurisdiction's plan-approval chain approves (领导小组, 市委市政府, 安委会 …, whatever the profile
 * lists); resolves to the patrol-entry instance the approved plan starts.
 */
export async function approvePlanAndEnter(h: EngineHarness, patrol: string): Promise<string> {
  return eventually(`the plan of ${patrol} approved and patrol-entry started`, async () => {
    const [entry] = await h.engine.calledInstances(patrol, ProcessId.patrolEntry);
    if (entry) return entry.id;
    for (const task of await h.engine.openUserTasks(patrol, 'ReviewPatrolPlan')) {
      await h.engine.completeUserTask(task, { planDecision: 'approve', planReviewComment: '同意', planApprovedDate: '2026-09-02' });
    }
    return undefined;
  });
}

/**
 * Drives a patrol to 现场巡查: plan approved, 回避 declared, 进驻通知 out, and the engine clock moved to the entry
 * date (start.plannedEntryDate, default 2026-09-07), so the report window is open: 举报 are accepted from now on.
 */
export async function patrolOnSite(h: EngineHarness, start: PatrolStart): Promise<{ patrol: string; entry: string }> {
  const patrol = await patrolAtPlanReview(h, start);
  const entry = await approvePlanAndEnter(h, patrol);
  const entryDate = start.plannedEntryDate ?? '2026-09-07';
  await issueEntryNotice(h, entry, { number: `${start.patrolId}进驻通知`, entryDate });
  await enterOnSite(h, entry, entryDate);
  return { patrol, entry };
}

/**
 * Each member of the team declares no 回避, then the 巡查组 issues the 进驻通知 (signed on `noticeDate`, by default the
 * last day the profile allows); resolves once the notice is out, when the timer waits for the entry date.
 */
export async function issueEntryNotice(
  h: EngineHarness,
  entry: string,
  notice: { readonly number: string; readonly entryDate: string; readonly noticeDate?: string; readonly authorizationNumber?: string },
): Promise<void> {
  await declareNoRecusal(h, entry);
  const task = await h.engine.waitForUserTask(entry, 'IssueEntryNotice');
  const latest = await h.engine.waitForVariable<string>(entry, 'entryNoticeDue');
  await h.engine.completeUserTask(task, {
    entryNoticeNumber: notice.number,
    entryNoticeDate: notice.noticeDate ?? latest,
    entryDate: notice.entryDate,
    authorizationNumber: notice.authorizationNumber ?? '盐安巡授〔2026〕1号',
  });
  await h.engine.waitForCompletedElements(entry, ['CheckEntryNoticeTimely', 'SendEntryNotice']);
}

// --- patrol-entry (巡查进驻与现场巡查), added for issue 11 -------------------------------------------

/** Completes every open 回避声明 of the entry with "no conflict" until the team is confirmed. */
export async function declareNoRecusal(h: EngineHarness, entry: string): Promise<void> {
  await eventually(`the 回避声明 of ${entry} made`, async () => {
    const open = await h.engine.openUserTasks(entry, 'DeclareRecusal');
    for (const task of open) await h.engine.completeUserTask(task, { recusalConflict: false, recusalReason: null });
    if (open.length > 0) return undefined;
    const notice = await h.engine.openUserTasks(entry, 'IssueEntryNotice');
    return notice.length > 0 ? true : undefined;
  });
}

/** Moves the engine clock to the entry date (00:00:30 Beijing time) and waits until the team is on site. */
export async function enterOnSite(h: EngineHarness, entry: string, entryDate: string): Promise<void> {
  await h.clock.pin(`${entryDate}T00:00:30+08:00`);
  await h.engine.waitForUserTask(entry, 'RecordMobilizationMeeting');
}

/** A clue disposition a test gives at a 线索核查 task: a finding of a category, or closed with a reason. */
export type ClueOutcome =
  | { readonly disposition: 'finding'; readonly category: string; readonly description: string; readonly responsibleUnit: string; readonly serious?: boolean }
  | { readonly disposition: 'closed'; readonly reason: string };

/** The variables of a 线索核查 form for an outcome. */
export function clueVerification(outcome: ClueOutcome, verification = '调阅资料并现场核实'): Record<string, unknown> {
  return outcome.disposition === 'finding'
    ? {
        clueVerification: verification,
        clueDisposition: 'finding',
        findingCategory: outcome.category,
        findingDescription: outcome.description,
        findingResponsibleUnit: outcome.responsibleUnit,
        findingSerious: outcome.serious ?? false,
      }
    : { clueVerification: verification, clueDisposition: 'closed', clueCloseReason: outcome.reason };
}

/**
 * Ends the on-site period: records the 动员会 and publishes the 驻地 when still open, disposes every open clue
 * (closed, unless `outcome` says otherwise), moves the clock past the window (`onSiteEndsOn`), disposes what was still
 * open then, and waits until patrol-entry has completed.
 */
export async function finishOnSite(h: EngineHarness, entry: string, outcome: ClueOutcome = { disposition: 'closed', reason: '反映情况已核实不属实' }): Promise<void> {
  for (const task of await h.engine.openUserTasks(entry, 'RecordMobilizationMeeting')) {
    await h.engine.completeUserTask(task, {
      mobilizationMeetingDate: await h.engine.waitForVariable<string>(entry, 'entryDate'),
      mobilizationMeetingPlace: '县委常委会会议室',
      mobilizationAttendees: '县委书记、县长，县委县政府班子成员，县应急管理局等部门主要负责同志',
      mobilizationMinutes: '巡查组通报巡查工作任务，说明巡查目的，部署巡查工作。',
    });
  }
  for (const task of await h.engine.openUserTasks(entry, 'PublishStation')) {
    await h.engine.completeUserTask(task, {
      stationAddress: '县政府招待所三楼',
      patrolContactPhone: '0515-88881234',
      reportEmail: 'xuncha1@example.gov.cn',
      entryAnnouncement: '市安委会第一巡查组进驻开展安全生产巡查，受理来信来电举报。',
    });
  }
  for (const element of ['VerifySurveyClue', 'VerifyReportedClue']) {
    for (const task of await h.engine.openUserTasks(entry, element)) await h.engine.completeUserTask(task, clueVerification(outcome));
  }
  const endsOn = await h.engine.waitForVariable<string>(entry, 'onSiteEndsOn');
  await h.clock.pin(`${endsOn}T00:00:30+08:00`);
  await eventually(`patrol-entry ${entry} to complete`, async () => {
    for (const task of await h.engine.openUserTasks(entry, 'VerifyOutstandingClue')) await h.engine.completeUserTask(task, clueVerification(outcome));
    const instance = await h.engine.processInstance(entry);
    return instance?.state === 'COMPLETED' ? true : undefined;
  });
}

/** One step of an approval chain as a test expects it: who is offered the task, what it is called, what they decide. */
export interface ApprovalStepAction {
  readonly group: string;
  readonly title: string;
  readonly variables: Record<string, unknown>;
}

/**
 * Works the steps of a sequential approval chain (`ReviewPatrolPlan`, `ReviewPatrolReport`) in order, checking that
 * each step is offered to its own group under its own name (the profile's procedures.patrol chain).
 */
export async function workApprovalChain(h: EngineHarness, patrol: string, elementId: string, steps: readonly ApprovalStepAction[]): Promise<void> {
  for (const step of steps) {
    const task = await h.engine.waitForUserTask(patrol, elementId);
    if (task.candidateGroups.join(',') !== step.group || task.name !== step.title) {
      throw new Error(`${elementId}: expected step ${step.title} for ${step.group}, got ${task.name} for ${task.candidateGroups.join(',')}`);
    }
    await h.engine.completeUserTask(task, step.variables);
    await eventually(`${elementId} (${task.id}) to close`, async () =>
      (await h.engine.openUserTasks(patrol, elementId)).some((open) => open.id === task.id) ? undefined : true,
    );
  }
}
