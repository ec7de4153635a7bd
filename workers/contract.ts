/**
 * The names shared by diagrams, forms, workers and tests. A name that is not
 * here is not part of the product: deploy/contract-check.ts rejects a diagram
 * that uses a process id, job type, message, error code or form id unknown to
 * this module, so renaming something is a change in exactly one place.
 */

/**
 * The Camunda 8 orchestration cluster version the diagrams, forms and lint
 * rules target. Moving to another minor version starts here.
 */
export const CAMUNDA_PLATFORM_VERSION = '8.6.0';

/** The `modeler:executionPlatform` every diagram and form declares. */
export const CAMUNDA_EXECUTION_PLATFORM = 'Camunda Cloud';

/** bpmnlint-plugin-camunda-compat config name for {@link CAMUNDA_PLATFORM_VERSION}, e.g. `camunda-cloud-8-6`. */
export function camundaCompatLintConfigName(platformVersion: string = CAMUNDA_PLATFORM_VERSION): string {
  const [major, minor] = platformVersion.split('.');
  if (!major || !minor) {
    throw new Error(`平台版本格式应为 主版本.次版本[.补丁] / platform version must look like MAJOR.MINOR[.PATCH], got "${platformVersion}"`);
  }
  return `camunda-cloud-${major}-${minor}`;
}

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

/** Job types served by workers/registry.ts, namespaced `anquan.<area>.<action>`. */
export const JobType = {
  /** Date N working days after a date, on the official Chinese calendar. */
  addWorkingDays: 'anquan.deadline.add-working-days',
} as const;
export type JobType = (typeof JobType)[keyof typeof JobType];

/** BPMN message names correlated into running instances. */
export const MessageName = {
  /** 来信来电举报 received while a patrol team is on site. */
  patrolReportReceived: 'anquan.patrol.report-received',
} as const;
export type MessageName = (typeof MessageName)[keyof typeof MessageName];

/** BPMN error codes that workers throw as business outcomes (job.error). */
export const BpmnErrorCode = {
  /** The requested deadline falls beyond the years whose holiday schedule is published. */
  calendarNotPublished: 'ANQUAN_CALENDAR_NOT_PUBLISHED',
} as const;
export type BpmnErrorCode = (typeof BpmnErrorCode)[keyof typeof BpmnErrorCode];

/** Camunda form ids (the `id` of each processes/forms/*.form). */
export const FormId = {
  /** 签发进驻通知 */
  patrolEntryNotice: 'patrol-entry-notice',
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
} as const;
export type CandidateGroup = (typeof CandidateGroup)[keyof typeof CandidateGroup];

function valuesOf<T extends Record<string, string>>(names: T): ReadonlySet<string> {
  return new Set(Object.values(names));
}

export const knownProcessIds = valuesOf(ProcessId);
export const knownJobTypes = valuesOf(JobType);
export const knownMessageNames = valuesOf(MessageName);
export const knownBpmnErrorCodes = valuesOf(BpmnErrorCode);
export const knownFormIds = valuesOf(FormId);
export const knownCandidateGroups = valuesOf(CandidateGroup);
