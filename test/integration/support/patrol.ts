/**
 * A safety patrol driven by its roles through its first stages, as several
 * tests need one: 摸底 and 拟定方案 by 安委办, 审定 by the 领导小组, and the
 * 进驻通知 by the 巡查组. Each task is completed as the demo login of its
 * candidate group (EngineClient.completeUserTask), so authorizations apply.
 */
import { DEMO_PASSWORD } from '../../../deploy/local/demo-users.ts';
import { CandidateGroup, ProcessId } from '../../../workers/contract.ts';
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
    onSiteDays: 10,
    plannedEntryDate: start.plannedEntryDate ?? '2026-09-07',
    planFocus: start.planFocus ?? '危险化学品安全',
  });
  return patrol;
}

/** The 领导小组 approves the plan; resolves to the patrol-entry instance it starts. */
export async function approvePlanAndEnter(h: EngineHarness, patrol: string): Promise<string> {
  await h.complete(patrol, 'ReviewPatrolPlan', { planDecision: 'approve', planReviewComment: '', planApprovedDate: '2026-09-02' });
  const [entry] = await h.engine.waitForCalledInstances(patrol, ProcessId.patrolEntry);
  return entry!.id;
}

/** Drives a patrol to 现场巡查 (plan approved, patrol-entry running): 举报 are accepted from now on. */
export async function patrolOnSite(h: EngineHarness, start: PatrolStart): Promise<{ patrol: string; entry: string }> {
  const patrol = await patrolAtPlanReview(h, start);
  return { patrol, entry: await approvePlanAndEnter(h, patrol) };
}

/** The 巡查组 issues the 进驻通知; resolves once notice and contact announcement are out, when the on-site timer is set. */
export async function issueEntryNotice(h: EngineHarness, entry: string, notice: { readonly number: string; readonly entryDate: string }): Promise<void> {
  await h.complete(entry, 'IssueEntryNotice', {
    entryNoticeNumber: notice.number,
    entryDate: notice.entryDate,
    patrolContactPhone: '0515-88881234',
    reportEmail: 'xuncha1@example.gov.cn',
    entryAnnouncement: '市安委会第一巡查组进驻开展安全生产巡查，受理来信来电举报。',
  });
  await h.engine.waitForCompletedElements(entry, ['SendEntryNotice', 'PublishContactAnnouncement']);
}
