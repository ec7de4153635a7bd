/**
 * The staff workbench's HTTP API (`/tasks/api`, JSON), shared by the server
 * (workbench/server) and the browser app (workbench/web). Types only: the
 * browser bundle imports this file, so nothing here may touch Node.
 *
 * Errors: `{ error: { code, message: '中文 / English', zh, en, fields? } }`.
 */

export type TaskListName = 'mine' | 'group' | 'due-soon' | 'overdue' | 'all-open';

export interface WorkbenchUser {
  id: string;
  name: string;
  groups: { id: string; name: string }[];
  /** The lists offered to this user: 全部在办 (all-open) only to 安委办. */
  lists: TaskListName[];
  /**
   * 巡查组 members log 来信来电举报, raise 重大问题 and record 阻挠巡查 for their patrol on site;
   * the engine still decides whether a patrol is there to receive one.
   */
  canLogReports: boolean;
}

export interface StartableProcess {
  key: string;
  name: string;
  hasStartForm: boolean;
}

export interface SessionInfo {
  user: WorkbenchUser;
  startable: StartableProcess[];
  /** Whether the engine lets this user read the 问题线索移交 cases (移交来件): 纪检监察联络 and 安委办. */
  canReadTransfers: boolean;
}

export interface TaskSummary {
  id: string;
  name: string;
  /** What and for whom, e.g. `巡查报告 · 某某县应急管理局`. */
  title: string;
  processDefinitionKey: string;
  /** The procedure, e.g. 安全生产巡查 (the process definition's name). */
  procedure: string;
  processInstanceId: string;
  businessKey: string | null;
  /** 巡查编号, 督查计划文号, 专项整治编号, 移交编号 … of the case. */
  caseNumber: string | null;
  targetUnit: string | null;
  /** The enclosing sub-process (e.g. 问题分类处置), or null at the procedure's top level. */
  stage: string | null;
  /** ISO 8601. */
  due: string | null;
  /** ISO 8601: when the reminder of the jurisdiction profile's lead falls. */
  followUp: string | null;
  /** Working days from today to the due date on the official calendar; negative when overdue. */
  workingDaysLeft: number | null;
  overdue: boolean;
  assignee: string | null;
  created: string;
}

export interface CompletedTaskSummary {
  id: string;
  name: string;
  title: string;
  procedure: string;
  businessKey: string | null;
  endTime: string;
  processInstanceId: string;
}

export interface CaseDocument {
  id: string;
  title: string;
  /** 进驻通知, 移交函, 集中反馈意见 …  */
  kind: string;
  sentAt: string | null;
  /** The document as sent, as safe HTML (escaped text in paragraphs). */
  html: string;
}

export interface TaskComment {
  id: string;
  userId: string;
  time: string;
  message: string;
}

export interface TaskAttachment {
  id: string;
  name: string;
  description: string | null;
  /** The document kind it was filed under (检查记录 …): the 【kind】 its description starts with. */
  kind: string | null;
  contentType: string | null;
  taskId: string | null;
  processInstanceId: string | null;
  userId: string | null;
  time: string;
  /** Download address below the workbench (`api/attachments/<taskId>/<attachmentId>`), relative to `/tasks/`. */
  url: string;
}

export interface CaseHistoryEntry {
  activity: string;
  user: string | null;
  start: string;
  end: string | null;
}

export interface TaskDetail {
  task: TaskSummary;
  formId: string | null;
  formSchema: unknown | null;
  variables: Record<string, unknown>;
  documents: CaseDocument[];
  comments: TaskComment[];
  attachments: TaskAttachment[];
  /** The documents the task's diagram asks for; a required one must be attached to this task before it completes. */
  expectedAttachments: ExpectedAttachment[];
  history: CaseHistoryEntry[];
}

export interface ExpectedAttachment {
  /** 检查记录, 执法文书, 现场照片 … (ATTACHMENT_KINDS of workers/contract.ts). */
  kind: string;
  required: boolean;
  /** Whether this task already holds an attachment of the kind. */
  attached: boolean;
}

/** GET /tasks/api/cases?kind=<CaseKind>: 移交来件 (transfers) are the 问题线索移交 cases. */
export type CaseKind = 'transfers';

/** The engine's state of a process instance (running ones ACTIVE or SUSPENDED). */
export type CaseState = 'ACTIVE' | 'SUSPENDED' | 'COMPLETED' | 'EXTERNALLY_TERMINATED' | 'INTERNALLY_TERMINATED';

/** A case (process instance), running or finished, as far as the engine lets the user read it. */
export interface CaseSummary {
  processInstanceId: string;
  processDefinitionKey: string;
  /** The procedure, e.g. 问题线索移交. */
  procedure: string;
  /** What and for whom, e.g. `移交函 · 某某县纪委监委`. */
  title: string;
  /** The 移交函's 文号 (else the 移交编号) and its kin of other procedures. */
  caseNumber: string | null;
  businessKey: string | null;
  state: CaseState;
  /** ISO 8601. */
  startTime: string;
  endTime: string | null;
}

/** GET /tasks/api/cases/:processInstanceId: the case read-only, without tasks or forms. */
export interface CaseDetail {
  summary: CaseSummary;
  documents: CaseDocument[];
  history: CaseHistoryEntry[];
  attachments: TaskAttachment[];
}

export interface StartForm {
  key: string;
  name: string;
  formSchema: unknown | null;
}

export interface FieldError {
  field: string;
  zh: string;
  en: string;
}

/** POST /tasks/api/session (users-file mode; trusted-header mode needs no body). */
export interface LoginRequest {
  username: string;
  password: string;
}

export interface CompleteTaskRequest {
  variables: Record<string, unknown>;
}

export interface CommentRequest {
  message: string;
}

export interface AttachmentUpload {
  name: string;
  contentType: string;
  contentBase64: string;
  description?: string;
  /** File the upload under a document kind (ATTACHMENT_KINDS). */
  kind?: string;
}

export interface StartProcessRequest {
  variables: Record<string, unknown>;
  businessKey?: string;
}

export interface StartProcessResult {
  processInstanceId: string;
  businessKey: string | null;
}

/** POST /tasks/api/reports: a 来信来电举报 taken by phone or in person, for the running patrol with this 巡查编号. */
export interface PatrolReportRequest {
  patrolId: string;
  /** 来信, 来电, 来访 … */
  source: string;
  content: string;
  reporterContact?: string;
  receivedAt?: string;
}

/** The answer to a message sent to a patrol on site (举报, 重大问题, 阻挠巡查). */
export interface OnSiteMessageResult {
  correlated: true;
}

/** POST /tasks/api/major-issues: a 重大问题 found on site, handled per profile (交办 at once or 请示报告 first). */
export interface MajorIssueRequest {
  patrolId: string;
  /** 问题描述 */
  description: string;
  /** 责任单位: the unit the issue is assigned to. */
  responsibleUnit: string;
}

/** POST /tasks/api/obstructions: 不配合、干扰巡查 met on site, recorded by the 巡查组 and decided by 安委办. */
export interface ObstructionRequest {
  patrolId: string;
  /** 情况描述 */
  description: string;
}

export interface ErrorBody {
  error: { code: string; message: string; zh: string; en: string; fields?: FieldError[] };
}
