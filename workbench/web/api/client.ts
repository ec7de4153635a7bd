/**
 * The workbench server's API (/tasks/api, .work spec and workbench/api-types.ts)
 * as typed calls. URLs are relative to the page (`/tasks/`), so the app works
 * wherever the server mounts it. Errors keep the server's code, bilingual
 * message and field errors, so a screen can show a 400's fields next to the
 * form and the rest as it is.
 */
import { jsonRequest } from '../../../modeler-ui/web/api/json-request.ts';
import type {
  AttachmentUpload,
  CaseDetail,
  CaseKind,
  CaseSummary,
  CompletedTaskSummary,
  FieldError,
  MajorIssueRequest,
  ObstructionRequest,
  OnSiteMessageResult,
  PatrolReportRequest,
  SessionInfo,
  StartForm,
  StartProcessResult,
  TaskAttachment,
  TaskComment,
  TaskDetail,
  TaskListName,
  TaskSummary,
} from '../../api-types.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: readonly FieldError[];

  constructor(status: number, code: string, message: string, fields: readonly FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

const UNREACHABLE = '无法连接工作台服务，请检查网络或稍后再试 / cannot reach the workbench server; check the network or try again later';

function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  return jsonRequest<T>(`api/${path}`, method, body, {
    unreachable: UNREACHABLE,
    fail: (failure) =>
      new ApiError(failure.status, failure.code, failure.message, Array.isArray(failure.error['fields']) ? (failure.error['fields'] as FieldError[]) : []),
  });
}

const id = encodeURIComponent;

export const api = {
  session: () => call<SessionInfo>('GET', 'session'),
  login: (username: string, password: string) => call<SessionInfo>('POST', 'session', { username, password }),
  // With a JSON body: the server refuses every change not sent as JSON, a bodiless DELETE included.
  logout: () => call<void>('DELETE', 'session', {}),
  tasks: (list: TaskListName) => call<TaskSummary[]>('GET', `tasks?list=${id(list)}`),
  completed: () => call<CompletedTaskSummary[]>('GET', 'completed'),
  task: (taskId: string) => call<TaskDetail>('GET', `tasks/${id(taskId)}`),
  claim: (taskId: string) => call<TaskSummary>('POST', `tasks/${id(taskId)}/claim`, {}),
  unclaim: (taskId: string) => call<TaskSummary>('POST', `tasks/${id(taskId)}/unclaim`, {}),
  complete: (taskId: string, variables: Record<string, unknown>) => call<void>('POST', `tasks/${id(taskId)}/complete`, { variables }),
  comment: (taskId: string, message: string) => call<TaskComment>('POST', `tasks/${id(taskId)}/comments`, { message }),
  attach: (taskId: string, upload: AttachmentUpload) => call<TaskAttachment>('POST', `tasks/${id(taskId)}/attachments`, upload),
  startForm: (key: string) => call<StartForm>('GET', `processes/${id(key)}/start-form`),
  start: (key: string, variables: Record<string, unknown>) => call<StartProcessResult>('POST', `processes/${id(key)}/start`, { variables }),
  report: (report: PatrolReportRequest) => call<OnSiteMessageResult>('POST', 'reports', report),
  raiseMajorIssue: (issue: MajorIssueRequest) => call<OnSiteMessageResult>('POST', 'major-issues', issue),
  reportObstruction: (obstruction: ObstructionRequest) => call<OnSiteMessageResult>('POST', 'obstructions', obstruction),
  cases: (kind: CaseKind) => call<CaseSummary[]>('GET', `cases?kind=${id(kind)}`),
  case: (processInstanceId: string) => call<CaseDetail>('GET', `cases/${id(processInstanceId)}`),
};
