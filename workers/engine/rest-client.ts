/**
 * The one client of the engine's REST API (`…/engine-rest`) that workers, the
 * deploy CLI, the modeler UI and the tests share: JSON over the global fetch,
 * HTTP Basic as one identity per client, typed errors whose message says in
 * Chinese and English what failed and carries the engine's own explanation.
 */
import type {
  DeploymentWithDefinitions,
  EngineErrorBody,
  FetchAndLockRequest,
  LockedExternalTask,
  MessageCorrelationResult,
  StartedProcessInstance,
} from './rest-types.ts';
import { type UserTokenKey, signUserToken } from './user-token.ts';
import { toEngineVariables } from './variables.ts';

export type * from './rest-types.ts';

interface EngineRestBase {
  /** Base of the REST API including its path, e.g. `http://localhost:8080/engine-rest`. */
  readonly baseUrl: string;
  /**
   * Further nodes' REST APIs on the same database (ENGINE_REST_FAILOVER_URLS). When a request gets no
   * HTTP answer at all, it fails as before (EngineUnreachableError) and the client's next requests go to
   * the next base in the list, round, until one answers; the caller's own retry thus reaches another node.
   */
  readonly failoverUrls?: readonly string[];
  /** Replaces the global fetch (tests, proxies). */
  readonly fetch?: typeof fetch;
}

/** HTTP Basic: the workers' service account, the deployer, the admin, a test's demo login. */
export interface EngineBasicLogin extends EngineRestBase {
  readonly username: string;
  readonly password: string;
}

/** A person, by a fresh signed token per request (user-token.ts): the staff workbench. */
export interface EngineUserTokenLogin extends EngineRestBase {
  readonly username: string;
  readonly userToken: UserTokenKey;
}

export type EngineRestOptions = EngineBasicLogin | EngineUserTokenLogin;

export type QueryParameters = Readonly<Record<string, string | number | boolean | undefined>>;

export interface RequestOptions {
  readonly signal?: AbortSignal;
  /** Appended as `?name=value`; undefined entries are left out. */
  readonly query?: QueryParameters;
  /**
   * `path` is a path on the server itself, not below the REST base URL: for
   * the app's own endpoints beside `/engine-rest`, such as the test clock at
   * `/engine-test/clock`. Same credentials.
   */
  readonly absolutePath?: boolean;
}

/** Why a request failed in words an operator can act on; the engine's own message follows. */
function statusExplanation(status: number, username: string): readonly [chinese: string, english: string] {
  if (status === 401) return [`以用户 ${username} 登录失败（用户名或密码错误，或账户被暂时锁定）`, `authentication as ${username} failed (wrong user or password, or the account is locked for a moment)`];
  if (status === 403) return [`用户 ${username} 无权执行此操作`, `user ${username} is not authorized to do this`];
  if (status === 404) return ['对象不存在（可能已完成或已取消）', 'not found (it may have been completed or cancelled)'];
  if (status >= 500) return ['引擎内部错误', 'the engine failed internally'];
  return ['请求被引擎拒绝', 'the engine rejected the request'];
}

/** The engine answered with an HTTP error status. */
export class EngineRestError extends Error {
  readonly status: number;
  /** The engine's exception type, e.g. `InvalidRequestException`; absent when the body was not the engine's JSON. */
  readonly type?: string;
  /** The engine's own message, untranslated. */
  readonly engineMessage?: string;
  readonly method: string;
  /** Path below the base URL, without query, e.g. `/external-task/abc/complete`. */
  readonly path: string;

  constructor(input: { status: number; method: string; path: string; username: string; body?: EngineErrorBody }) {
    const [chinese, english] = statusExplanation(input.status, input.username);
    const engineSays = input.body?.message ? `: ${input.body.type ? `${input.body.type}: ` : ''}${input.body.message}` : '';
    super(`引擎请求失败：${chinese} / engine request failed: ${english} (${input.method} ${input.path} → HTTP ${input.status})${engineSays}`);
    this.name = 'EngineRestError';
    this.status = input.status;
    if (input.body?.type !== undefined) this.type = input.body.type;
    if (input.body?.message !== undefined) this.engineMessage = input.body.message;
    this.method = input.method;
    this.path = input.path;
  }
}

/** No HTTP answer at all: connection refused, DNS failure, reset, TLS failure. */
export class EngineUnreachableError extends Error {
  readonly method: string;
  readonly path: string;
  readonly baseUrl: string;

  constructor(input: { method: string; path: string; baseUrl: string; cause: unknown }) {
    const reason = describeCause(input.cause);
    super(`无法连接流程引擎 ${input.baseUrl} / cannot reach the engine at ${input.baseUrl} (${input.method} ${input.path}): ${reason}`, {
      cause: input.cause,
    });
    this.name = 'EngineUnreachableError';
    this.method = input.method;
    this.path = input.path;
    this.baseUrl = input.baseUrl;
  }
}

/** undici reports `fetch failed` and hides the useful part (ECONNREFUSED…) in `cause`. */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause;
  if (inner instanceof Error) {
    const code = (inner as NodeJS.ErrnoException).code;
    return code ? `${code} ${inner.message}` : inner.message;
  }
  return cause.message;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** A resource of a deployment: its name is the one the engine stores (and `camunda:formRef` resolves against). */
export interface DeploymentFile {
  readonly name: string;
  readonly content: string | Buffer;
}

export interface CreateDeploymentInput {
  /** `deployment-name`; deploy-changed-only compares against earlier deployments of the same name. */
  readonly name: string;
  /** `deployment-source`, shown in Cockpit (e.g. `anquan-deploy-cli`). */
  readonly source: string;
  /** Deploy only resources that differ from the latest deployed version of the same name. */
  readonly deployChangedOnly: boolean;
  readonly files: readonly DeploymentFile[];
}

export interface StartProcessOptions {
  readonly businessKey?: string;
  /** Return the instance's variables after the first wait state. */
  readonly withVariablesInReturn?: boolean;
}

export interface CorrelateMessageInput {
  readonly messageName: string;
  readonly businessKey?: string;
  /** Process variables the waiting instance must have with these values, e.g. `{ patrolNumber: '…' }`. */
  readonly correlationKeys?: Readonly<Record<string, unknown>>;
  readonly processInstanceId?: string;
  /** Variables set on the instance the message reaches. */
  readonly processVariables?: Readonly<Record<string, unknown>>;
  /** Correlate to every waiting match instead of exactly one. */
  readonly all?: boolean;
}

export interface BroadcastSignalInput {
  readonly name: string;
  readonly variables?: Readonly<Record<string, unknown>>;
  /** Deliver to this execution only instead of to every subscription. */
  readonly executionId?: string;
}

export interface CompleteTaskInput {
  /** Set where each variable already lives (the task's scope or above), new ones on the process instance. */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** Set on the task's own scope; the activity's camunda:outputParameter decide what reaches the process. */
  readonly localVariables?: Readonly<Record<string, unknown>>;
}

export interface BpmnErrorInput {
  readonly errorCode: string;
  readonly errorMessage?: string;
  readonly variables?: Readonly<Record<string, unknown>>;
}

export interface FailureInput {
  /** Shown as the incident message in Cockpit; the engine keeps at most 666 characters. */
  readonly errorMessage: string;
  /** Full text, shown in Cockpit's incident details. */
  readonly errorDetails?: string;
  /** Retries left; 0 raises an incident. */
  readonly retries: number;
  /** Milliseconds before the task can be fetched again. */
  readonly retryTimeout: number;
}

const JSON_CONTENT = /^application\/(.+\+)?json\b/i;

export class EngineRestClient {
  readonly username: string;
  readonly #authorization: () => string;
  readonly #fetch: typeof fetch;
  /** baseUrl, then the failover URLs; {@link #current} is the one requests go to now. */
  readonly #bases: readonly string[];
  #current = 0;

  constructor(options: EngineRestOptions) {
    this.#bases = [options.baseUrl, ...(options.failoverUrls ?? [])].map((url) => url.replace(/\/+$/, ''));
    this.username = options.username;
    if ('userToken' in options) {
      const { userToken, username } = options;
      this.#authorization = () => `Bearer ${signUserToken(userToken, username)}`;
    } else {
      const basic = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;
      this.#authorization = () => basic;
    }
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** The base URL requests go to now: the configured one, or after a failover the node that took over. */
  get baseUrl(): string {
    return this.#bases[this.#current]!;
  }

  /** The same engine as another identity, e.g. a demo user completing their own task. */
  as(username: string, password: string): EngineRestClient {
    return new EngineRestClient({ baseUrl: this.baseUrl, failoverUrls: this.#others(), username, password, fetch: this.#fetch });
  }

  /** The same engine as a person named by a signed token (the workbench's calls on a user's behalf). */
  asUser(username: string, userToken: UserTokenKey): EngineRestClient {
    return new EngineRestClient({ baseUrl: this.baseUrl, failoverUrls: this.#others(), username, userToken, fetch: this.#fetch });
  }

  /** The other bases, in list order after the current one. */
  #others(): string[] {
    return this.#bases.map((_, offset) => this.#bases[(this.#current + offset) % this.#bases.length]!).slice(1);
  }

  /**
   * One JSON request. `path` starts with `/` and is relative to the base URL;
   * path segments taken from data must be encoded by the caller
   * (the helpers below do). Resolves to the parsed body, or undefined for 204.
   */
  async request<T>(method: string, path: string, body?: unknown, init: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { authorization: this.#authorization(), accept: 'application/json' };
    let payload: string | FormData | undefined;
    if (body instanceof FormData) {
      payload = body;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return this.#send<T>(method, path, { headers, ...(payload !== undefined ? { body: payload } : {}) }, init);
  }

  async #send<T>(method: string, path: string, requestInit: { headers: Record<string, string>; body?: string | FormData }, init: RequestOptions): Promise<T> {
    const index = this.#current;
    const baseUrl = this.#bases[index]!;
    const base = init.absolutePath ? new URL(baseUrl).origin : baseUrl;
    const url = `${base}${path}${queryString(init.query)}`;
    let response: Response;
    try {
      response = await this.#fetch(url, { method, ...requestInit, ...(init.signal ? { signal: init.signal } : {}) });
    } catch (error) {
      // An abort is the caller's decision, not an engine problem: pass it on unchanged.
      if (init.signal?.aborted || isAbort(error)) throw error;
      // Not re-sent here: the request may have reached the node before it went (a completion, a lock), and
      // the callers' retries know how to handle that. Their next request goes to the next node.
      if (this.#current === index) this.#current = (index + 1) % this.#bases.length;
      throw new EngineUnreachableError({ method, path, baseUrl, cause: error });
    }
    const text = await response.text();
    if (!response.ok) {
      throw new EngineRestError({ status: response.status, method, path, username: this.username, body: errorBody(text) });
    }
    if (response.status === 204 || text === '') return undefined as T;
    const contentType = response.headers.get('content-type') ?? '';
    return (JSON_CONTENT.test(contentType) ? JSON.parse(text) : text) as T;
  }

  /**
   * `POST /deployment/create`: one multipart part per file, named and
   * file-named by its resource name, which is the name the engine stores.
   */
  async createDeployment(input: CreateDeploymentInput): Promise<DeploymentWithDefinitions> {
    const form = new FormData();
    form.append('deployment-name', input.name);
    form.append('deployment-source', input.source);
    form.append('deploy-changed-only', String(input.deployChangedOnly));
    for (const file of input.files) {
      const bytes = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
      form.append(file.name, new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }), file.name);
    }
    return this.request<DeploymentWithDefinitions>('POST', '/deployment/create', form);
  }

  /** The engine's version (`GET /version`); also a cheap authenticated readiness probe. */
  async version(init?: RequestOptions): Promise<string> {
    const { version } = await this.request<{ version: string }>('GET', '/version', undefined, init);
    return version;
  }

  /** The deployed BPMN XML of a process definition (`GET /process-definition/{id}/xml`). */
  async processDefinitionXml(processDefinitionId: string, init?: RequestOptions): Promise<string> {
    const { bpmn20Xml } = await this.request<{ bpmn20Xml: string }>(
      'GET',
      `/process-definition/${encodeURIComponent(processDefinitionId)}/xml`,
      undefined,
      init,
    );
    return bpmn20Xml;
  }

  /** Starts the latest version of a process (`POST /process-definition/key/{key}/start`). */
  async startProcessInstance(
    processDefinitionKey: string,
    variables: Readonly<Record<string, unknown>> = {},
    options: StartProcessOptions = {},
  ): Promise<StartedProcessInstance> {
    return this.request<StartedProcessInstance>('POST', `/process-definition/key/${encodeURIComponent(processDefinitionKey)}/start`, {
      variables: toEngineVariables(variables),
      ...(options.businessKey !== undefined ? { businessKey: options.businessKey } : {}),
      ...(options.withVariablesInReturn ? { withVariablesInReturn: true } : {}),
    });
  }

  /**
   * `POST /message` with the correlation results, so the caller learns which
   * instance (or new instance) the message reached. The engine answers 400
   * (MismatchingMessageCorrelationException) when nothing, or with `all`
   * unset more than one instance, matches.
   */
  async correlateMessage(input: CorrelateMessageInput): Promise<MessageCorrelationResult[]> {
    return this.request<MessageCorrelationResult[]>('POST', '/message', {
      messageName: input.messageName,
      ...(input.businessKey !== undefined ? { businessKey: input.businessKey } : {}),
      ...(input.correlationKeys ? { correlationKeys: toEngineVariables(input.correlationKeys) } : {}),
      ...(input.processInstanceId !== undefined ? { processInstanceId: input.processInstanceId } : {}),
      ...(input.processVariables ? { processVariables: toEngineVariables(input.processVariables) } : {}),
      ...(input.all ? { all: true } : {}),
      resultEnabled: true,
    });
  }

  /** `POST /signal`: delivered to every waiting subscription (or one execution). */
  async broadcastSignal(input: BroadcastSignalInput): Promise<void> {
    await this.request<void>('POST', '/signal', {
      name: input.name,
      ...(input.variables ? { variables: toEngineVariables(input.variables) } : {}),
      ...(input.executionId !== undefined ? { executionId: input.executionId } : {}),
    });
  }

  /** `POST /external-task/fetchAndLock`; with `asyncResponseTimeout` the engine holds the request until tasks arrive. */
  async fetchAndLock(request: FetchAndLockRequest, init?: RequestOptions): Promise<LockedExternalTask[]> {
    return this.request<LockedExternalTask[]>('POST', '/external-task/fetchAndLock', request, init);
  }

  /** `POST /external-task/{id}/complete`. */
  async complete(taskId: string, workerId: string, input: CompleteTaskInput = {}): Promise<void> {
    await this.request<void>('POST', `${externalTaskPath(taskId)}/complete`, {
      workerId,
      ...(input.variables ? { variables: toEngineVariables(input.variables) } : {}),
      ...(input.localVariables ? { localVariables: toEngineVariables(input.localVariables) } : {}),
    });
  }

  /** `POST /external-task/{id}/bpmnError`: caught by an error boundary event with this code. */
  async handleBpmnError(taskId: string, workerId: string, input: BpmnErrorInput): Promise<void> {
    await this.request<void>('POST', `${externalTaskPath(taskId)}/bpmnError`, {
      workerId,
      errorCode: input.errorCode,
      ...(input.errorMessage !== undefined ? { errorMessage: input.errorMessage } : {}),
      ...(input.variables ? { variables: toEngineVariables(input.variables) } : {}),
    });
  }

  /** `POST /external-task/{id}/failure`: retries 0 raises a `failedExternalTask` incident. */
  async handleFailure(taskId: string, workerId: string, input: FailureInput): Promise<void> {
    await this.request<void>('POST', `${externalTaskPath(taskId)}/failure`, {
      workerId,
      errorMessage: input.errorMessage,
      ...(input.errorDetails !== undefined ? { errorDetails: input.errorDetails } : {}),
      retries: input.retries,
      retryTimeout: input.retryTimeout,
    });
  }

  /** `POST /external-task/{id}/extendLock`: the lock then expires `newDurationMs` from now (engine time). */
  async extendLock(taskId: string, workerId: string, newDurationMs: number): Promise<void> {
    await this.request<void>('POST', `${externalTaskPath(taskId)}/extendLock`, { workerId, newDuration: newDurationMs });
  }

  /**
   * `GET /external-task?workerId=…&locked=true`: the tasks the engine holds locked
   * for this worker id now, whether or not the worker ever received them.
   */
  async lockedExternalTasks(workerId: string, init?: RequestOptions): Promise<LockedExternalTask[]> {
    return this.request<LockedExternalTask[]>('GET', '/external-task', undefined, { ...init, query: { workerId, locked: true } });
  }

  /** `POST /external-task/{id}/unlock`: another worker may fetch it at once. */
  async unlock(taskId: string): Promise<void> {
    await this.request<void>('POST', `${externalTaskPath(taskId)}/unlock`);
  }
}

function externalTaskPath(taskId: string): string {
  return `/external-task/${encodeURIComponent(taskId)}`;
}

function queryString(query: QueryParameters | undefined): string {
  if (!query) return '';
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) parameters.append(name, String(value));
  }
  const text = parameters.toString();
  return text ? `?${text}` : '';
}

/** The engine's ExceptionDto when the body is one; a 401 from the auth filter has no body. */
function errorBody(text: string): EngineErrorBody | undefined {
  if (text.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const { type, message, code } = parsed as Record<string, unknown>;
      return {
        ...(typeof type === 'string' ? { type } : {}),
        ...(typeof message === 'string' ? { message } : {}),
        ...(typeof code === 'number' ? { code } : {}),
      };
    }
  } catch {
    // Not JSON (a proxy's HTML error page): keep a short excerpt as the message.
  }
  return { message: text.trim().slice(0, 200) };
}
