/**
 * The workbench server's API (/tasks/api, .work spec and workbench/api-types.ts)
 * as typed calls. URLs are relative to the page (`/tasks/`), so the app works
 * wherever the server mounts it. Errors keep the server's code, bilingual
 * message and field errors, so a screen can show a 400's fields next to the
 * form and the rest as it is.
 */
import type {
  AttachmentUpload,
  CompletedTaskSummary,
  FieldError,
  PatrolReportRequest,
  PatrolReportResult,
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

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`api/${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', '无法连接工作台服务，请检查网络或稍后再试 / cannot reach the workbench server; check the network or try again later');
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const error = (payload['error'] ?? {}) as Record<string, unknown>;
    throw new ApiError(
      response.status,
      typeof error['code'] === 'string' ? error['code'] : 'http-error',
      typeof error['message'] === 'string' ? error['message'] : `请求失败（HTTP ${response.status}）/ request failed (HTTP ${response.status})`,
      Array.isArray(error['fields']) ? (error['fields'] as FieldError[]) : [],
    );
  }
  return payload as T;
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
  report: (report: PatrolReportRequest) => call<PatrolReportResult>('POST', 'reports', report),
};
