/**
 * The modeler server's API (modeler-ui/README.md) as typed calls. Errors keep
 * the server's `code` and bilingual message, so each screen can react to a
 * 409 or 422 and show the rest as it is.
 */
import { jsonRequest } from './json-request.ts';

export interface User {
  readonly username: string;
  readonly displayName: string;
  readonly groups: readonly string[];
  readonly isOwner: boolean;
}

/** A process or form as the engine runs it. */
export interface DeployedResource {
  readonly kind: string;
  /** Process id or form id. */
  readonly id: string;
  readonly version: number;
  /** Process definition id (`safety-patrol:3:…`); absent for forms. */
  readonly definitionId?: string;
}

export interface FileEntry {
  readonly file: string;
  readonly kind: 'process' | 'form';
  readonly defines: ReadonlyArray<{ readonly id: string; readonly name?: string }>;
  readonly etag: string;
  readonly modifiedAt: string;
  /** The latest version of this file the project deployed to the engine; null when never deployed or the engine did not answer. */
  readonly deployed: {
    readonly deployedAt: string;
    /** The engine account that deployed it, when the engine says. */
    readonly deployedBy: string | null;
    readonly deploymentId: string;
    readonly resources: readonly DeployedResource[];
  } | null;
  readonly differsFromDeployed: boolean | null;
  readonly lastSaved: { readonly version: number; readonly savedAt: string; readonly author: { readonly username: string; readonly displayName: string } | null; readonly comment: string } | null;
}

export interface FileContent {
  readonly file: string;
  readonly kind: 'process' | 'form';
  readonly content: string;
  readonly etag: string;
}

export interface SaveResult {
  readonly file: string;
  readonly etag: string;
  readonly changed: boolean;
  /** The history entry a change was stored as; absent when the content was unchanged. */
  readonly version?: HistoryVersion;
}

export interface HistoryVersion {
  readonly version: number;
  readonly savedAt: string;
  readonly author?: { readonly username: string; readonly displayName: string };
  readonly comment: string;
  readonly source: 'modeler' | 'on-disk';
  readonly restoredFrom?: number;
}

export interface Problem {
  readonly file: string;
  readonly elementId?: string;
  readonly rule: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface LintResult {
  readonly file: string;
  readonly passes: boolean;
  readonly deployable: boolean;
  readonly problems: readonly Problem[];
  readonly otherProblems: readonly Problem[];
}

/** Whether the file list could ask the engine what is deployed. */
export interface DeployState {
  readonly available: boolean;
  readonly message?: string;
}

export interface FileList {
  readonly files: FileEntry[];
  readonly deployState: DeployState;
}

export interface DeployResult {
  readonly deploymentId: string;
  readonly deployedAt: string;
  /** False when nothing had changed, so the engine created no deployment. */
  readonly created: boolean;
  /** Every process and form at the version the engine now runs; `changed` for those this deployment brought. */
  readonly resources: ReadonlyArray<DeployedResource & { readonly resourceName: string; readonly changed: boolean }>;
  readonly warnings: readonly Problem[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly body: Readonly<Record<string, unknown>>;

  constructor(status: number, code: string, message: string, body: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

/** Path segments are encoded one by one: `forms/patrol-plan.form` keeps its slash. */
function filePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

const UNREACHABLE = '无法连接建模服务，请检查服务是否在运行 / cannot reach the modeler server; check that it is running';

function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  return jsonRequest<T>(path, method, body, {
    unreachable: UNREACHABLE,
    fail: (failure) => new ApiError(failure.status, failure.code, failure.message, failure.error),
  });
}

export const api = {
  currentUser: () => call<{ user: User }>('GET', '/api/session').then((body) => body.user),
  login: (username: string, password: string) => call<{ user: User }>('POST', '/api/session', { username, password }).then((body) => body.user),
  logout: () => call<void>('DELETE', '/api/session'),
  files: () => call<FileList>('GET', '/api/files'),
  file: (file: string) => call<FileContent>('GET', `/api/files/${filePath(file)}`),
  save: (file: string, content: string, baseEtag: string | null, comment: string) =>
    call<SaveResult>('PUT', `/api/files/${filePath(file)}`, { content, baseEtag, comment }),
  history: (file: string) => call<{ versions: HistoryVersion[] }>('GET', `/api/history/${filePath(file)}`).then((body) => body.versions),
  version: (file: string, version: number) =>
    call<{ content: string }>('GET', `/api/history/${filePath(file)}/versions/${version}`).then((body) => body.content),
  restore: (file: string, version: number, baseEtag: string, comment: string) =>
    call<SaveResult>('POST', `/api/history/${filePath(file)}/versions/${version}/restore`, { baseEtag, comment }),
  lint: (file: string, content: string) => call<LintResult>('POST', '/api/lint', { file, content }),
  deploy: () => call<DeployResult>('POST', '/api/deploy', {}),
  elementTemplates: () => call<{ templates: unknown[] }>('GET', '/api/element-templates').then((body) => body.templates),
};
