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
  /** Publishes results to the public page and feed (结果公开, 通报曝光). */
  publishDisclosure: 'anquan.disclosure.publish',
  /** 双随机: draws general objects and inspectors from the registers with a recorded seed (回避 honoured); key objects all covered. */
  randomDraw: 'anquan.inspection.random-draw',
  /** The monthly 调度表 of a special campaign (seed 004): due the 23rd (遇节假日顺延), counts from the ledger, CSV and HTML. */
  campaignDispatchReport: 'anquan.campaign.dispatch-report',
  /** Records one 检查记录 (执法检查, 抽查检查, 帮扶指导) in the ledger: the 调度表 counts enterprises checked. */
  recordInspection: 'anquan.ledger.record-inspection',
  /** Records one 查处/执法 measure (行政处罚, 一案双罚, 移送司法机关, 联合惩戒 …) in the ledger. */
  recordEnforcement: 'anquan.ledger.record-enforcement',
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
} as const;
export type SignalName = (typeof SignalName)[keyof typeof SignalName];

/** BPMN error codes that workers throw as business outcomes (job.error). */
export const BpmnErrorCode = {
  /** The requested deadline falls beyond the years whose holiday schedule is published. */
  calendarNotPublished: 'ANQUAN_CALENDAR_NOT_PUBLISHED',
  /** A 双随机 draw cannot be staffed: too few targets, or too few inspectors free of 回避 for a target. */
  drawInfeasible: 'ANQUAN_DRAW_INFEASIBLE',
} as const;
export type BpmnErrorCode = (typeof BpmnErrorCode)[keyof typeof BpmnErrorCode];

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
  /** 重大问题及时交办 */
  patrolMajorIssue: 'patrol-major-issue',
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
  /** 安委办审核报送月度调度表 (进贤方案附件) */
  campaignDispatchReview: 'campaign-dispatch-review',

  // daily-inspection (日常监督检查) forms
  /** 编制年度监督检查计划 (shows a 回头看 follow-up and why a draw failed) */
  dailyPlan: 'daily-plan',
  /** 现场监督检查并录入检查结果, one per drawn or key target */
  dailyInspectionRecord: 'daily-inspection-record',
  /** 依法处理决定: 行政处罚 and 失信惩戒 */
  dailyEnforcement: 'daily-enforcement',
  /** 行业主管部门书面记录并移交业务监管部门 */
  dailyIndustryHandover: 'daily-industry-handover',
  /** 汇总检查结果并公开 */
  dailyResults: 'daily-results',

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
} as const;
export type Receiver = (typeof Receiver)[keyof typeof Receiver];

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
  /** 双随机 or 全覆盖 inspection assignment to the inspectors (000 第二十条) */
  inspectionAssignment: 'inspection-assignment',
  /** 综合督查反馈意见 to the 被督查单位 (000 第十三条(三)) */
  supervisionFeedback: 'supervision-feedback',
  /** 综合督查结果 to 组织部门 (党委综合考核) and 纪检监察机关 (000 第十条、第十四条) */
  supervisionResultCopy: 'supervision-result-copy',
} as const;
export type NoticeType = (typeof NoticeType)[keyof typeof NoticeType];

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
