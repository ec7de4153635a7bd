/**
 * The names shared by diagrams, forms, workers and tests. A name that is not
 * here is not part of the product: deploy/contract-check.ts rejects a diagram
 * that uses a process id, job type, message, error code or form id unknown to
 * this module, so renaming something is a change in exactly one place.
 */

/**
 * The Camunda 7 dialect the diagrams, forms and lint rules target. Operaton
 * 1.0.3 executes it, and camunda-bpmn-js, Camunda Desktop Modeler (Camunda 7
 * mode) and bpmnlint-plugin-camunda-compat understand it; the compat plugin
 * knows Camunda 7 up to 7.24, which Operaton 1.0 continues.
 */
export const EXECUTION_PLATFORM_VERSION = '7.24.0';

/** The `modeler:executionPlatform` every diagram and form declares. */
export const EXECUTION_PLATFORM = 'Camunda Platform';

/** bpmnlint-plugin-camunda-compat config name for {@link EXECUTION_PLATFORM_VERSION}, e.g. `camunda-platform-7-24`. */
export function camundaCompatLintConfigName(platformVersion: string = EXECUTION_PLATFORM_VERSION): string {
  const [major, minor] = platformVersion.split('.');
  if (!major || !minor) {
    throw new Error(`平台版本格式应为 主版本.次版本[.补丁] / platform version must look like MAJOR.MINOR[.PATCH], got "${platformVersion}"`);
  }
  return `camunda-platform-${major}-${minor}`;
}

/** Days the engine keeps a finished instance's history (camunda:historyTimeToLive on every process). */
export const HISTORY_TIME_TO_LIVE_DAYS = 1825;

/** BPMN process ids. The first six are fixed by the mission: tests and tools rely on them. */
export const ProcessId = {
  /** 安全生产巡查 */
  safetyPatrol: 'safety-patrol',
  /** 安全生产综合督查 */
  comprehensiveSupervision: 'comprehensive-supervision',
  /** 安全生产专项检查 */
  specialInspection: 'special-inspection',
  /** 安全生产日常监督检查 */
  dailyInspection: 'daily-inspection',
  /** 问题隐患闭环整改 (call activity) */
  hazardRectification: 'hazard-rectification',
  /** 问题线索移交 (call activity) */
  clueTransfer: 'clue-transfer',
  /** 巡查进驻: the entry phase of the patrol, deployable on its own */
  patrolEntry: 'patrol-entry',
  /** 逾期督办决定 (call activity): a missed deadline put before the deciding organ, who chooses the measure */
  overdueEscalation: 'overdue-escalation',
  /** 月度调度表 (call activity): one month's 调度表 of a campaign, each reporting unit's own table, then the 安委办's consolidated one (进贤方案附件) */
  campaignDispatch: 'campaign-dispatch',
  /** 严重失信主体名单: published for its period, ended early by 信用修复 or at its end date (started by the daily inspection's signal) */
  creditListing: 'credit-listing',
} as const;
export type ProcessId = (typeof ProcessId)[keyof typeof ProcessId];

/** External-task topics served by workers/registry.ts, namespaced `anquan.<area>.<action>` (`camunda:topic`). */
export const JobType = {
  /** Date N working days after a date, on the official Chinese calendar. */
  addWorkingDays: 'anquan.deadline.add-working-days',
  /** A user task's deadline: due date, reminder before it, escalation steps after it (函告 → 约谈 → 责任追究). */
  planDeadline: 'anquan.deadline.plan',
  /** Loads a jurisdiction profile (江西 default, 盐城, 湖南) into the process: every figure a deadline needs. */
  loadProfile: 'anquan.profile.load',
  /** Records 问题线索 (clues) in the ledger, e.g. 摸底 clues or a 来信来电举报. */
  recordClues: 'anquan.ledger.record-clues',
  /** Records one finding (问题隐患) in the ledger: 建立清单. */
  recordFinding: 'anquan.ledger.record-finding',
  /** Moves a finding along 待整改 → 整改中 → 待复核 → 已销号. */
  updateFindingStatus: 'anquan.ledger.update-finding-status',
  /** 核对职权: who diagnoses and reviews a rectification, with what powers (安委办 only 移交督办), and its disposal choices. */
  checkHazardMandate: 'anquan.hazard.check-mandate',
  /** 挂牌督办: lists a major accident hazard for supervision by the 安委会. */
  listMajorHazard: 'anquan.supervision.list-major-hazard',
  /** Sends a notice (email over SMTP, mailbox folder, or webhook) from a Chinese template. */
  sendNotification: 'anquan.notify.send',
  /** Renders the 移交函 (transfer letter) for a clue or finding. */
  prepareTransferLetter: 'anquan.transfer.prepare-letter',
  /** Sends an approved 移交函 to the receiving organ and records the transfer. */
  sendTransfer: 'anquan.transfer.send',
  /** Records the receiving organ's outcome of a transfer. */
  recordTransferOutcome: 'anquan.transfer.record-outcome',
  /** 编号签发: gives an approved 移交函 its 文号 (sequential per jurisdiction, prefix and year) and 签发人. */
  issueTransferLetter: 'anquan.transfer.issue-letter',
  /** Records the receiving organ's 签收回执 of a transfer (the 办理结果 follows separately). */
  recordTransferReceipt: 'anquan.transfer.record-receipt',
  /** Publishes results to the public page and feed (结果公开, 通报曝光). */
  publishDisclosure: 'anquan.disclosure.publish',
  /** Takes a public notice off the public page and feed (a 失信 listing that ended); the ledger keeps it. */
  withdrawDisclosure: 'anquan.disclosure.withdraw',
  /** 严重失信主体名单 in the ledger: 列入, 信用修复申请 and its decision, 期满移出 (000 第二十三条). */
  recordCreditListing: 'anquan.ledger.record-credit-listing',
  /** 双随机: draws general objects and inspectors from the registers with a recorded seed (回避 honoured); key objects all covered. */
  randomDraw: 'anquan.inspection.random-draw',
  /** The calendar of a special campaign (seed 004 三、附件注1): phases, the owed 调度表 with due dates from the profile, the reporting units. */
  campaignSchedule: 'anquan.campaign.schedule',
  /** Records one 检查记录 (执法检查, 抽查检查, 帮扶指导) in the ledger: the 调度表 counts enterprises checked. */
  recordInspection: 'anquan.ledger.record-inspection',
  /** Records one 查处/执法 measure (行政处罚, 一案双罚, 移送司法机关, 联合惩戒 …) in the ledger. */
  recordEnforcement: 'anquan.ledger.record-enforcement',
  /** Records one 督办决定 after a missed deadline (函告、通报、约谈、专项督查、提请责任追究; for an enterprise 一案双罚 …) in the ledger. */
  recordEscalation: 'anquan.ledger.record-escalation',
  /** 进驻通知: the last day it may be signed (N working days before entry) and, given the 签发日期, the check that it is not later. */
  entryNoticeDeadline: 'anquan.patrol.entry-notice-deadline',
  /** A verified 问题线索 disposed in the ledger: became a finding (with category) or closed with a reason. */
  disposeClue: 'anquan.ledger.dispose-clue',
  /** 调度表 of campaign-dispatch (seed 004 附件): due date from the profile, a unit's table scoped to campaign and unit, submissions stored in the ledger, the consolidated table. */
  campaignDispatchTable: 'anquan.campaign.dispatch-table',
  /** 季通报 of a campaign (seed 004 四(三)): a quarter's submitted, late and missing 调度表 per unit from the ledger; the 安委办's 约谈/问责 decisions recorded. */
  campaignQuarterlyCircular: 'anquan.campaign.quarterly-circular',
  /** 年度综合督查计划入台账: at most one comprehensive supervision per jurisdiction and year (000 第十一条), with its structured targets. */
  registerSupervisionPlan: 'anquan.ledger.register-supervision-plan',
  /** 年度综合督查计划撤销: a plan the 安委会 did not approve or the 安委办 withdrew frees its year and jurisdiction (000 第十一条); idempotent. */
  releaseSupervisionPlan: 'anquan.ledger.release-supervision-plan',
  /** 专项检查方案入台账 by 行业领域, 辖区 and year; refuses a second one in the same cycle unless confirmed (000 第十五条 重点行业每年、其他每两年至少一次). */
  recordInspectionPlan: 'anquan.ledger.record-inspection-plan',
  /** 年度监督检查计划 split into batches (季度 or 月), each with its start date and which classes it covers (000 第二十条 分级分类). */
  inspectionPlanBatches: 'anquan.inspection.plan-batches',
  /** 回避 after the draw: a recorded, seeded redraw of one inspector of one target (000 第二十条). */
  inspectionRecusalRedraw: 'anquan.inspection.recusal-redraw',
  /** The daily inspection's `inspectionResult` JSON for a calling process (综合督查 回头看). */
  inspectionResultSummary: 'anquan.inspection.result-summary',
  /** 提请关闭函 or 涉嫌犯罪案件移送书 of the acting organ: its 文号 (letter serials), issuer, citation and receivers (004 二(二)3). */
  issueEnforcementDocument: 'anquan.enforcement.issue-document',
} as const;
export type JobType = (typeof JobType)[keyof typeof JobType];

/** BPMN message names correlated into running instances. */
export const MessageName = {
  /** 来信来电举报 received while a patrol team is on site; correlation key: the patrol id. */
  patrolReportReceived: 'anquan.patrol.report-received',
  /** 重大问题及时交办 raised by the patrol team while on site; correlation key: the patrol id. */
  patrolMajorIssueRaised: 'anquan.patrol.major-issue-raised',
  /** The receiving organ's receipt (回执) of a 移交函; correlation key: the transfer id. */
  transferReceiptReceived: 'anquan.transfer.receipt-received',
  /** 企业自查自报重大事故隐患 during a special campaign (进贤方案二(一)2); correlation key: the campaign id. */
  campaignSelfReportReceived: 'anquan.campaign.self-report-received',
  /** 不配合、干扰巡查 recorded by the patrol team while on site (江西办法第二十四条); correlation key: the patrol id. */
  patrolObstructionReported: 'anquan.patrol.obstruction-reported',
  /** 行业主管部门 discovers a problem in its own work and hands it to the 业务监管部门 (000 第二十二条(三)); correlation key: the plan id. */
  dailyIndustryDiscovery: 'anquan.inspection.industry-discovery',
  /** 信用修复申请 of a listed enterprise (000 第二十三条); correlation key: the listing id (listingId); variables: repairApplication. */
  creditRepairApplied: 'anquan.credit.repair-applied',
} as const;
export type MessageName = (typeof MessageName)[keyof typeof MessageName];

/**
 * BPMN signal names. A 回头看 of a 综合督查 (000 第十三条(四)) broadcasts one to
 * start a follow-up 专项检查 or 日常监督检查: each of those processes has a
 * signal start event for its own name, so one signal starts exactly one kind.
 */
export const SignalName = {
  /** Starts a `daily-inspection` as a 回头看 follow-up; variables: followUp {sourceProcess, sourceInstanceKey, subject, focus}. */
  dailyInspectionFollowUp: 'anquan.follow-up.daily-inspection',
  /** Starts a `special-inspection` as a 回头看 follow-up; same variables. */
  specialInspectionFollowUp: 'anquan.follow-up.special-inspection',
  /** Starts a `credit-listing` once the daily inspection decided to list; variables: listingId, creditListing, creditListingRequest. */
  creditListingDecided: 'anquan.credit.listing-decided',
} as const;
export type SignalName = (typeof SignalName)[keyof typeof SignalName];

/**
 * Documents a user task expects as attachments, named in its diagram by the extension properties
 * {@link AttachmentProperty} (labels separated by 、). A required one is checked by the engine on
 * completion (cn.anquan.engine.attachments.RequiredAttachmentsPlugin); an attachment is of a kind
 * when its description starts with 【kind】, which the workbench writes for an upload filed under it.
 */
export const ATTACHMENT_KINDS = ['检查记录', '执法文书', '现场照片', '整改照片'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** The user-task extension properties (camunda:property) naming its expected attachments. */
export const AttachmentProperty = {
  /** Must be attached before the task completes (the engine refuses otherwise). */
  required: 'anquan.attachments.required',
  /** Offered as a kind to file an upload under; not enforced. */
  optional: 'anquan.attachments.optional',
} as const;

/** The labels of an attachment property's value (、 , or ， between them). */
export function attachmentKindsOf(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(/[、,，]/).map((kind) => kind.trim()).filter(Boolean))];
}

/** The 【kind】 an attachment's description starts with, if it names a known kind. */
export function attachmentKindOfDescription(description: string | null | undefined): AttachmentKind | null {
  const match = /^\s*【([^】]+)】/.exec(description ?? '');
  const kind = match?.[1]?.trim();
  return kind && (ATTACHMENT_KINDS as readonly string[]).includes(kind) ? (kind as AttachmentKind) : null;
}

/** BPMN error codes that workers throw as business outcomes (job.error). */
export const BpmnErrorCode = {
  /** The requested deadline falls beyond the years whose holiday schedule is published. */
  calendarNotPublished: 'ANQUAN_CALENDAR_NOT_PUBLISHED',
  /** A 双随机 draw cannot be staffed: too few targets, or too few inspectors free of 回避 for a target. */
  drawInfeasible: 'ANQUAN_DRAW_INFEASIBLE',
  /** A 督办决定 the deciding organ may not take as entered (约谈 not in the future, 责任追究 against an enterprise …); back to the decision. */
  escalationRefused: 'ANQUAN_ESCALATION_REFUSED',
  /** A 进驻通知 signed later than N working days before the entry date; back to the notice task with the reason. */
  entryNoticeTooLate: 'ANQUAN_ENTRY_NOTICE_TOO_LATE',
  /** Another comprehensive supervision already holds this year and jurisdiction (000 第十一条 原则上每年组织1次); back to the planner with the reason. */
  supervisionAlreadyPlanned: 'ANQUAN_SUPERVISION_ALREADY_PLANNED',
  /** 综合督查: the yearly plan cancelled before it runs (安委会 不予批准, 安委办 撤回, 000 第十一条), its year released: thrown by the plan phase's error end event, caught on the phase; the supervision ends. */
  supervisionPlanCancelled: 'ANQUAN_SUPERVISION_PLAN_CANCELLED',
  /** A 专项检查方案 for a 行业领域 and 辖区 whose cycle (重点行业 a year, others two years, 000 第十五条) another inspection already covers; back to the plan. */
  inspectionCycleCovered: 'ANQUAN_INSPECTION_CYCLE_COVERED',
} as const;
export type BpmnErrorCode = (typeof BpmnErrorCode)[keyof typeof BpmnErrorCode];

/**
 * BPMN escalation codes: a deadline missed inside a phase (an embedded
 * sub-process) is raised to the process level, where the deciding organ's
 * 督办决定 (overdue-escalation: 安委办 in the patrol, the transferring organ
 * in clue-transfer) runs beside the phase instead of holding it up.
 */
export const EscalationCode = {
  patrolReportOverdue: 'ANQUAN_OVERDUE_PATROL_REPORT',
  patrolFeedbackOverdue: 'ANQUAN_OVERDUE_PATROL_FEEDBACK',
  rectificationPlanOverdue: 'ANQUAN_OVERDUE_RECTIFICATION_PLAN',
  rectificationResultOverdue: 'ANQUAN_OVERDUE_RECTIFICATION_RESULT',
  hazardRectificationOverdue: 'ANQUAN_OVERDUE_HAZARD_RECTIFICATION',
  transferReceiptOverdue: 'ANQUAN_OVERDUE_TRANSFER_RECEIPT',
  transferOutcomeOverdue: 'ANQUAN_OVERDUE_TRANSFER_OUTCOME',
  /** 综合督查: a problem recorded during the on-site phase, handed over at once outside the phase (000 第十三条(二)). */
  supervisionProblemRecorded: 'ANQUAN_SUPERVISION_PROBLEM_RECORDED',
  /** special-inspection: a finding the department itself disposes of starts its 整改跟踪 at once, beside the inspection (000 第十七条(四); 004 二(二)3). */
  findingForRectification: 'ANQUAN_FINDING_FOR_RECTIFICATION',
} as const;
export type EscalationCode = (typeof EscalationCode)[keyof typeof EscalationCode];

/** Camunda form ids (the `id` of each processes/forms/*.form). */
export const FormId = {
  /** 签发进驻通知 */
  patrolEntryNotice: 'patrol-entry-notice',
  /** 摸底分析与线索收集 */
  patrolSurvey: 'patrol-survey',
  /** 拟定巡查工作方案 (also shows the reviewer's comment after a rejection) */
  patrolPlan: 'patrol-plan',
  /** 领导小组审定巡查工作方案 */
  patrolPlanReview: 'patrol-plan-review',
  /** 撰写巡查报告 with the list of findings */
  patrolReport: 'patrol-report',
  /** 审核/审批巡查报告 */
  patrolReportReview: 'patrol-report-review',
  /** 集中反馈 */
  patrolFeedback: 'patrol-feedback',
  /** 报送整改方案 */
  rectificationPlan: 'rectification-plan',
  /** 报送整改落实情况 */
  rectificationResult: 'rectification-result',
  /** 回头看 */
  patrolRevisit: 'patrol-revisit',
  /** 审核整改方案 (安委办: the task list accepted or sent back) */
  rectificationPlanReview: 'rectification-plan-review',
  /** 逐项核查整改落实情况 (安委办) */
  rectificationResultCheck: 'rectification-result-check',
  /** 审核公开内容 before the patrol's results go public (安委办) */
  patrolPublicationReview: 'patrol-publication-review',
  /** 诊断分析 (hazard-rectification) */
  hazardDiagnosis: 'hazard-diagnosis',
  /** 整改落实 (hazard-rectification) */
  hazardRectificationReport: 'hazard-rectification-report',
  /** 复核销号 (hazard-rectification) */
  hazardReview: 'hazard-review',
  /** 审批移交函 (clue-transfer) */
  transferLetterReview: 'transfer-letter-review',
  /** 修改移交函 after a rejection (clue-transfer) */
  transferLetterRevision: 'transfer-letter-revision',
  /** 登记办理结果 (clue-transfer) */
  transferOutcome: 'transfer-outcome',
  // comprehensive-supervision (综合督查) forms
  /** 制定年度综合督查计划: member units, 交叉督查, focus */
  supervisionPlan: 'supervision-plan',
  /** 摸底分析与线索收集 (one member unit) */
  supervisionSurvey: 'supervision-survey',
  /** 印发督查通知 */
  supervisionNotice: 'supervision-notice',
  /** 进驻督查并记录问题 (findings, 反面典型) */
  supervisionOnSite: 'supervision-onsite',
  /** 向被督查单位反馈情况 */
  supervisionFeedback: 'supervision-feedback',
  /** 撰写并报送综合督查工作报告 (also shows the 安委办 comment after a return) */
  supervisionReport: 'supervision-report',
  /** 安委办审核督查报告 */
  supervisionReportReview: 'supervision-report-review',
  /** 被督查单位报送整改落实情况 */
  supervisionRectification: 'supervision-rectification',
  /** 回头看 (may start a daily or special inspection) */
  supervisionRevisit: 'supervision-revisit',
  /** 汇总督查结果并确定通报曝光的反面典型 */
  supervisionResults: 'supervision-results',

  // special-inspection (专项检查) forms
  /** 牵头部门制定专项检查方案（含专项整治行动的四个阶段） */
  specialInspectionPlan: 'special-inspection-plan',
  /** 检查组对一家企业开展检查，逐项查处或移交 */
  specialInspectionRecord: 'special-inspection-record',
  /** 检查结束后形成工作报告报送安委办 */
  specialInspectionReport: 'special-inspection-report',
  /** 企业自报重大事故隐患未在整改时依法查处 (进贤方案二(二)3) */
  campaignSelfReportEnforcement: 'campaign-self-report-enforcement',

  // daily-inspection (日常监督检查) forms
  /** 编制年度监督检查计划 (shows a 回头看 follow-up and why a draw failed) */
  dailyPlan: 'daily-plan',
  /** 启动日常监督检查: who draws up the plan (业务监管部门, or 乡镇（街道）/功能区, 第十九条) */
  dailyPlanStart: 'daily-plan-start',
  /** 审核信用修复申请 (credit-listing) */
  creditRepairReview: 'credit-repair-review',
  /** 现场监督检查并录入检查结果, one per drawn or key target */
  dailyInspectionRecord: 'daily-inspection-record',
  /** 依法处理决定: 行政处罚 and 失信惩戒 */
  dailyEnforcement: 'daily-enforcement',
  /** 行业主管部门书面记录并移交业务监管部门 */
  dailyIndustryHandover: 'daily-industry-handover',
  /** 汇总检查结果并公开 */
  dailyResults: 'daily-results',

  // overdue-escalation (逾期督办决定) form
  /** 决定督办措施 after a missed deadline */
  escalationDecision: 'escalation-decision',

  // patrol-entry (巡查进驻与现场巡查) forms
  /** 回避声明, one per team member */
  patrolRecusalDeclaration: 'patrol-recusal-declaration',
  /** 安委办调整巡查组人员 after a declared 回避 */
  patrolTeamAdjustment: 'patrol-team-adjustment',
  /** 召开进驻动员会 (date, attendees, minutes) */
  patrolMobilizationMeeting: 'patrol-mobilization-meeting',
  /** 公布巡查组驻地和联系方式 */
  patrolStationNotice: 'patrol-station-notice',
  /** 线索核查处置 (摸底 and 举报 clues) */
  patrolClueVerification: 'patrol-clue-verification',
  /** 重大问题请示报告 to the 领导小组 */
  patrolMajorIssueReport: 'patrol-major-issue-report',
  /** 领导小组对重大问题的批示 */
  patrolMajorIssueInstruction: 'patrol-major-issue-instruction',
  /** 重大问题交办 (交办函) */
  patrolMajorIssueAssignment: 'patrol-major-issue-assignment',
  /** 记录不配合、干扰巡查情形 */
  patrolObstructionRecord: 'patrol-obstruction-record',
  /** 安委办对不配合、干扰巡查作出责任追究决定 */
  patrolObstructionDecision: 'patrol-obstruction-decision',
  /** 日常监督检查: 生产经营单位对拟列入严重失信主体名单的陈述申辩 */
  dailyCreditStatement: 'daily-credit-statement',
  /** 日常监督检查: 业务监管部门听取陈述申辩后作出失信惩戒决定 */
  dailyCreditDecision: 'daily-credit-decision',
  /** 日常监督检查: 业务监管部门审定本对象检查结果的公开内容 */
  dailyTargetPublication: 'daily-target-publication',
  /** 日常监督检查: 业务监管部门依法处理行业主管部门移交的情况 */
  dailyHandoverHandling: 'daily-handover-handling',
  /** 日常监督检查: 本批次双随机抽取无法完成时调整抽取数量 */
  dailyDrawAdjustment: 'daily-draw-adjustment',

  // campaign-dispatch (月度调度表) forms
  /** 填报单位填报本单位调度表 (the items the ledger cannot know) */
  campaignDispatchUnitReport: 'campaign-dispatch-unit-report',
  /** 县安委办审核汇总调度表 and enters its 文号 */
  campaignDispatchConsolidatedReview: 'campaign-dispatch-consolidated-review',
  /** 县安委办 issues the 季通报 with its 文号 and decides 约谈/问责 of each lagging unit (004 四(三)) */
  campaignQuarterlyCircular: 'campaign-quarterly-circular',
  // comprehensive-supervision (综合督查), issue-supervision forms
  /** 安委会审定年度综合督查计划 (000 第十一条) */
  supervisionPlanApproval: 'supervision-plan-approval',
  /** 回头看结论: shows the called inspection's inspectionResult (000 第十三条(四)) */
  supervisionRevisitConclusion: 'supervision-revisit-conclusion',
  /** 安委会审定综合督查结果 before exposure, publication and the 党委综合考核 copy (000 第十四条) */
  supervisionResultsApproval: 'supervision-results-approval',
  // special-inspection (issue special: 第十五–十八条, 进贤方案)
  /** 安委会决定重大事故隐患是否挂牌督办 (000 第九条(四)) */
  majorHazardListingDecision: 'major-hazard-listing-decision',
  /** 部门核实企业自报的重大事故隐患已按规定报告并正在消除 (004 二(二)3) */
  campaignSelfReportVerification: 'campaign-self-report-verification',
  /** 企业自查自改阶段部门帮扶重点地区和企业 (004 三(二)) */
  campaignAssistance: 'campaign-assistance',
  /** 安委办审核专项检查的典型执法案例和重大事故隐患曝光 (004 二(二)3、二(三)3) */
  specialInspectionPublicationReview: 'special-inspection-publication-review',
  // special-inspection 依法处理 (issue enforcement: 004 二(二)3)
  /** 执法部门登记本级人民政府对提请关闭的决定 */
  enforcementClosureDecision: 'enforcement-closure-decision',
  /** 执法部门登记公安机关对涉嫌犯罪案件移送书的回执（受理） */
  enforcementReferralReceipt: 'enforcement-referral-receipt',
} as const;
export type FormId = (typeof FormId)[keyof typeof FormId];

/** Candidate groups that user tasks are offered to in Tasklist. */
export const CandidateGroup = {
  /** 巡查组 */
  patrolTeam: 'xuncha-zu',
  /** 安委办 */
  safetyCommitteeOffice: 'anwei-ban',
  /** 巡查工作领导小组 */
  leadingGroup: 'lingdao-xiaozu',
  /** 被巡查单位 (the patrolled region's party committee and government, or department) */
  patrolledUnit: 'bei-xuncha-danwei',
  /** 责任单位: the unit that must rectify a finding */
  responsibleUnit: 'zeren-danwei',
  /** 纪检监察联络: liaison of the discipline inspection organ */
  disciplineLiaison: 'jijian-lianluo',
  /** 督查组 of a 综合督查 */
  supervisionTeam: 'ducha-zu',
  /** 被督查单位: the 安委会成员单位 (or region) under 综合督查 */
  supervisedUnit: 'bei-ducha-danwei',
  /** 牵头部门 of a 专项检查 (drafts the plan, reports to 安委办) */
  leadDepartment: 'qiantou-bumen',
  /** 业务监管部门: organises 日常监督检查, 依法处理 */
  regulatoryDepartment: 'yewu-jianguan',
  /** 检查组: the inspectors on site (专项检查, 日常监督检查) */
  inspectionTeam: 'jiancha-zu',
  /** 行业主管部门、企业主管部门: record problems in writing and hand them to the 业务监管部门 */
  industryAuthority: 'hangye-zhuguan',
  /** 生产经营单位: the enterprise that self-reports hazards in a campaign (企业自查自报) */
  enterprise: 'qiye',
  /** 党委政府: 市委市政府 / 省委省政府, approving the patrol plan and report where the profile says so (盐城方案四(一)(四)) */
  partyGovernment: 'dangwei-zhengfu',
  /** 安委会: 审定 the patrol plan and report where the profile says so (湖南制度三(三)4–5) */
  safetyCommittee: 'anweihui',
  /** 安委办负责人: approves and signs (签发) the 安委办's 移交函 (江西办法第九条(四)、第十条) */
  safetyCommitteeOfficeLeader: 'anwei-ban-fuzeren',
  /** 牵头部门负责人: approves and signs the lead department's 移交函 (江西办法第十七条(二)) */
  leadDepartmentLeader: 'qiantou-bumen-fuzeren',
  /** 行业主管部门负责人: approves and signs the industry authority's 移交函 (江西办法第二十二条(三)) */
  industryAuthorityLeader: 'hangye-zhuguan-fuzeren',
  /** 业务监管部门负责人: approves and signs the regulator's 移交函 (江西办法第二十二条(三)) */
  regulatoryDepartmentLeader: 'yewu-jianguan-fuzeren',
  /** 填报单位: a 乡镇 or 县安委会成员单位 reporting its own monthly 调度表 to the 县安委办 (进贤方案附件注1) */
  reportingUnit: 'tianbao-danwei',
  /** 乡镇（街道）、功能区: draws up its own daily-inspection plan from the departments' annual plans (江西办法第十九条) */
  townshipPlanner: 'xiangzhen-gongnengqu',
} as const;
export type CandidateGroup = (typeof CandidateGroup)[keyof typeof CandidateGroup];

/**
 * Groups that work no user task: they run the engine, not the procedures. Their
 * access, like every role's, is written in deploy/access/rules.ts.
 */
export const OperationsGroup = {
  /** 运维值班: Cockpit; retries failed jobs, modifies and cancels instances */
  operator: 'yunwei',
} as const;
export type OperationsGroup = (typeof OperationsGroup)[keyof typeof OperationsGroup];

/** The owner role: 安委办 organises the procedures, reads all of them in Cockpit (read-only) and manages staff in Admin. */
export const OWNER_GROUP = CandidateGroup.safetyCommitteeOffice;

function valuesOf<T extends Record<string, string>>(names: T): ReadonlySet<string> {
  return new Set(Object.values(names));
}

export const knownProcessIds = valuesOf(ProcessId);
export const knownJobTypes = valuesOf(JobType);
export const knownMessageNames = valuesOf(MessageName);
export const knownSignalNames = valuesOf(SignalName);
export const knownBpmnErrorCodes = valuesOf(BpmnErrorCode);
export const knownEscalationCodes = valuesOf(EscalationCode);
export const knownFormIds = valuesOf(FormId);
export const knownCandidateGroups = valuesOf(CandidateGroup);

/**
 * External receivers of transfers and copies (MISSION: finding routing). Their
 * addresses and channels live in processes/directory.json, keyed by these ids.
 */
export const Receiver = {
  /** 纪检监察机关 */
  disciplineInspection: 'discipline-inspection',
  /** 党委组织部门 */
  organizationDepartment: 'organization-department',
  /** 属地党委政府 */
  localPartyGovernment: 'local-party-government',
  /** 有管辖权的部门 (competent department) */
  competentDepartment: 'competent-department',
  /** 业务监管部门: receives what 行业主管部门 found (000 第二十二条(三)) */
  businessRegulator: 'business-regulator',
  /** 巡视巡察机构 (湖南: 省委巡视工作办公室): receives the patrol report when needed (湖南制度三(三)4) */
  inspectionOffice: 'inspection-office',
  /** 本级人民政府: receives a 提请关闭函 (004 二(二)3 提请地方政府予以关闭) */
  peopleGovernment: 'renmin-zhengfu',
  /** 公安机关: receives a 涉嫌犯罪案件移送书 (004 二(二)3 移送司法机关) */
  publicSecurity: 'gongan-jiguan',
  /** 同级人民检察院: copied on a 涉嫌犯罪案件移送书 (安全生产行政执法与刑事司法衔接工作办法第八条) */
  procuratorate: 'jiancha-yuan',
} as const;
export type Receiver = (typeof Receiver)[keyof typeof Receiver];

/** Receivers of the enforcement documents (提请关闭函, 涉嫌犯罪案件移送书), never of a 移交函. */
export const ENFORCEMENT_RECEIVERS = [Receiver.peopleGovernment, Receiver.publicSecurity, Receiver.procuratorate] as const;
/** Receivers a 移交函 may go to: every {@link Receiver} but the 巡视巡察机构, which only receives copies of patrol reports, and the enforcement receivers. */
export type TransferReceiver = Exclude<Receiver, typeof Receiver.inspectionOffice | (typeof ENFORCEMENT_RECEIVERS)[number]>;
export const TRANSFER_RECEIVERS: readonly TransferReceiver[] = Object.values(Receiver).filter(
  (receiver): receiver is TransferReceiver => receiver !== Receiver.inspectionOffice && !(ENFORCEMENT_RECEIVERS as readonly string[]).includes(receiver),
);

/** Kinds of notice; each has a Chinese template under workers/notify/templates. */
export const NoticeType = {
  /** 进驻通知 to the patrolled unit */
  entryNotice: 'entry-notice',
  /** 公布巡查组联系方式 (contact announcement) */
  contactAnnouncement: 'contact-announcement',
  /** 重大问题交办 */
  majorIssueAssignment: 'major-issue-assignment',
  /** 集中反馈意见 */
  feedback: 'feedback',
  /** 办理提醒 before a deadline */
  deadlineReminder: 'deadline-reminder',
  /** 函告: written notice after a missed deadline */
  overdueLetter: 'overdue-letter',
  /** 通报 */
  circular: 'circular',
  /** 约谈通知 */
  interview: 'interview',
  /** 巡查结果抄送 组织部门 / 纪检监察机关 */
  resultCopy: 'result-copy',
  /** 挂牌督办通知 */
  majorHazardListing: 'major-hazard-listing',
  /** 整改督办 to the responsible unit */
  rectificationAssignment: 'rectification-assignment',
  /** 移交函 */
  transferLetter: 'transfer-letter',
  /** 回执催办 */
  receiptReminder: 'receipt-reminder',
  /** 印发综合督查通知 to the 被督查单位 (000 第十三条(二)) */
  supervisionNotice: 'supervision-notice',
  /** 专项检查方案报送安委办 (000 第十七条(一)) */
  planFiling: 'plan-filing',
  /** 督查/检查工作报告报送安委办 (000 第十三条(三)、第十七条(三)) */
  workReport: 'work-report',
  /** 专项整治进入新阶段 (004 三、阶段安排) */
  campaignPhase: 'campaign-phase',
  /** 专项整治季通报 with the 约谈/问责 decided (004 四(三)) */
  campaignQuarterlyCircular: 'campaign-quarterly-circular',
  /** 双随机 or 全覆盖 inspection assignment to the inspectors (000 第二十条) */
  inspectionAssignment: 'inspection-assignment',
  /** 综合督查反馈意见 to the 被督查单位 (000 第十三条(三)) */
  supervisionFeedback: 'supervision-feedback',
  /** 综合督查结果 to 组织部门 (党委综合考核) and 纪检监察机关 (000 第十条、第十四条) */
  supervisionResultCopy: 'supervision-result-copy',
  /** 逾期情况报告 to the organ that decides the escalation (000 第五条) */
  overdueReport: 'overdue-report',
  /** 督办函 (函告) decided after a missed deadline (000 第五条; 001 四(七)) */
  escalationLetter: 'escalation-letter',
  /** 通报 decided after a missed deadline (000 第五条; 001 四(七)) */
  escalationCircular: 'escalation-circular',
  /** 约谈通知 with date and place, decided after a missed deadline (002 四(二)3) */
  escalationInterview: 'escalation-interview',
  /** 专项督查 decided after a missed deadline, to 安委办 and the 牵头部门 (001 四(七)) */
  specialSupervision: 'special-supervision',
  /** 执法决定告知 (一案双罚、责令停产整顿、提请关闭、责令限期整改) to an enterprise (004 二(二)3) */
  enforcementDecision: 'enforcement-decision',
  /** 督办决定逾期催办: the deciding organ has not decided within escalation.decisionWorkingDays (000 第五条 督办) */
  escalationDecisionOverdue: 'escalation-decision-overdue',
  /** 进驻通知 of patrol-entry: 主送 the actual unit, 文号 and 授权文号 printed */
  patrolEntryNotice: 'patrol-entry-notice',
  /** 重大问题交办函 of patrol-entry: 主送 the unit it is assigned to, 文号 printed */
  majorIssueLetter: 'major-issue-letter',
  /** 巡查反馈意见 of safety-patrol: 主送 the patrolled unit by name, 整改方案 due date (001 四(五)(七)) */
  patrolFeedback: 'patrol-feedback',
  /** 安委会印发专项检查通知 to member units and 属地党委政府 (000 第十五条: 必要时由安委会组织开展) */
  committeeInspectionNotice: 'committee-inspection-notice',
  /** 重大事故隐患抄送属地党委政府跟踪督办, every major hazard of a special inspection (000 第十七条(四)) */
  majorHazardCopy: 'major-hazard-copy',
  /** 拟列入严重失信主体名单告知书 to the enterprise, 文号 printed, 陈述申辩 period (000 第二十三条) */
  creditListingNotice: 'credit-listing-notice',
  /** 一案双罚 行政处罚决定书 to the enterprise: the enterprise and its 主要负责人/实际控制人, each with its penalty (004 二(二)3) */
  doublePenaltyDecision: 'double-penalty-decision',
  /** 提请关闭函 to the 本级人民政府, with the 行业禁入 consequence (004 二(二)3) */
  closureRequest: 'closure-request',
  /** 涉嫌犯罪案件移送书 to the 公安机关, copied to the 同级人民检察院 (004 二(二)3 移送司法机关) */
  criminalReferral: 'criminal-referral',
} as const;
export type NoticeType = (typeof NoticeType)[keyof typeof NoticeType];

/**
 * 督办措施 the deciding organ chooses after a missed deadline (overdue-escalation,
 * form escalation-decision). A unit (地方党委政府、部门、单位) gets 函告、通报、约谈、
 * 专项督查 or 提请责任追究 (000 第五条; 001 四(七)); an enterprise only what the law
 * gives the department (004 二(二)3), never a 纪检 clue.
 */
export const EscalationMeasure = {
  /** 函告 */
  letter: 'letter',
  /** 通报 */
  circular: 'circular',
  /** 约谈 (date in the future and place) */
  interview: 'interview',
  /** 专项督查 */
  specialSupervision: 'special-supervision',
  /** 提请责任追究: cadres → clue-transfer to the 纪检监察机关 */
  accountability: 'accountability',
  /** 责令限期整改 (enterprise) */
  deadlineRectification: 'deadline-rectification',
  /** 一案双罚 (enterprise and its principal) */
  dualPenalty: 'dual-penalty',
  /** 责令停产整顿 (enterprise) */
  suspension: 'suspension',
  /** 提请关闭 (enterprise) */
  closure: 'closure',
} as const;
export type EscalationMeasure = (typeof EscalationMeasure)[keyof typeof EscalationMeasure];

/** Who missed the deadline: a unit (党委政府、部门、单位) or an enterprise (生产经营单位). */
export const OverduePartyKind = { unit: 'unit', enterprise: 'enterprise' } as const;
export type OverduePartyKind = (typeof OverduePartyKind)[keyof typeof OverduePartyKind];

/** Finding categories and how MISSION routes them. */
export const FindingCategory = {
  /** 一般问题隐患 → 属地/责任单位整改 (hazard-rectification) */
  general: '一般问题隐患',
  /** 重大事故隐患 → 安委会挂牌督办 + hazard-rectification */
  majorHazard: '重大事故隐患',
  /** 干部不担当不作为、形式主义官僚主义、失职渎职 → 纪检监察机关 (clue-transfer) */
  cadreConduct: '干部不担当不作为、形式主义官僚主义、失职渎职',
  /** 违法违规生产经营 → 属地党委政府 or 有管辖权的部门 (clue-transfer) */
  illegalProduction: '违法违规生产经营',
} as const;
export type FindingCategory = (typeof FindingCategory)[keyof typeof FindingCategory];

/** Jurisdiction profiles under processes/profiles/<id>.json; 江西 is the default. */
export const JurisdictionId = {
  jiangxi: 'jiangxi',
  yancheng: 'yancheng',
  hunan: 'hunan',
} as const;
export type JurisdictionId = (typeof JurisdictionId)[keyof typeof JurisdictionId];

/**
 * The group of the workers' service accounts: the engine app lets only its members (and the
 * operaton-admin and 运维值班 groups) lock and complete external tasks (anquan.rest.external-task-groups,
 * ReservedEndpointsFilter). Not a role: no person belongs to it, no demo login has its name.
 */
export const SERVICE_ACCOUNT_GROUP = 'anquan-workers';
