/**
 * What the integration tests do to the cluster, through the same public APIs a
 * person's browser and Camunda's own tools use: REST v2 for commands (start,
 * complete, clock, messages), Tasklist's v1 API to find user tasks, Operate's v1
 * API for what Operate shows. The local REST API needs no login; Operate and
 * Tasklist take a session cookie from the demo login.
 */
import { LOCAL_LOGIN } from '../../../deploy/local/manifest.ts';

export interface UserTask {
  readonly id: string;
  readonly name: string;
  readonly taskDefinitionId: string;
  readonly processInstanceKey: string;
  readonly processDefinitionKey: string;
  readonly formId: string | null;
  readonly candidateGroups: readonly string[] | null;
  readonly dueDate: string | null;
  readonly taskState: 'CREATED' | 'COMPLETED' | 'CANCELED' | 'FAILED';
}

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'CANCELED';

export interface ProcessInstance {
  readonly key: number;
  readonly bpmnProcessId: string;
  readonly parentKey?: number;
  readonly state: ProcessInstanceState;
  readonly incident: boolean;
}

export interface FlowNodeInstance {
  readonly key: number;
  readonly flowNodeId: string;
  readonly type: string;
  readonly state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  readonly incident: boolean;
}

export interface Incident {
  readonly key: number;
  readonly processInstanceKey: number;
  readonly type: string;
  readonly message: string;
  readonly state: 'ACTIVE' | 'RESOLVED' | 'PENDING';
  readonly jobKey?: number;
}

export class ClusterRequestError extends Error {
  constructor(
    readonly status: number,
    method: string,
    requestPath: string,
    body: string,
  ) {
    super(`${method} ${requestPath} → HTTP ${status}: ${body.slice(0, 500)}`);
    this.name = 'ClusterRequestError';
  }
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Polls until `probe` returns a value, so tests wait on the exporter and importers without fixed sleeps. */
export async function eventually<T>(
  description: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  const reason = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${reason}`);
}

export class ClusterClient {
  private cookie: string | undefined;

  constructor(
    private readonly restUrl: string,
    private readonly webappsUrl: string,
    private readonly credentials: { readonly username: string; readonly password: string } = LOCAL_LOGIN,
  ) {}

  /** The same cluster seen by another local login, e.g. a role's demo user (password demo). */
  as(username: string, password: string = LOCAL_LOGIN.password): ClusterClient {
    return new ClusterClient(this.restUrl, this.webappsUrl, { username, password });
  }

  private async login(): Promise<void> {
    const url = `${this.webappsUrl}/api/login?username=${encodeURIComponent(this.credentials.username)}&password=${encodeURIComponent(this.credentials.password)}`;
    const response = await fetch(url, { method: 'POST' });
    if (!response.ok) throw new ClusterRequestError(response.status, 'POST', '/api/login', await response.text());
    const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
    this.cookie = cookies.join('; ');
  }

  async request<T>(method: string, requestPath: string, body?: unknown): Promise<T> {
    const toRestApi = requestPath.startsWith('/v2/');
    if (!toRestApi && !this.cookie) await this.login();
    const send = () =>
      fetch(`${toRestApi ? this.restUrl : this.webappsUrl}${requestPath}`, {
        method,
        headers: {
          ...(toRestApi ? {} : { cookie: this.cookie ?? '' }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    let response = await send();
    if (response.status === 401 && !toRestApi) {
      await this.login();
      response = await send();
    }
    const text = await response.text();
    if (!response.ok) throw new ClusterRequestError(response.status, method, requestPath, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * Tasklist names a task from its process definition at import time; a task
   * imported before its definition keeps the element id as its name. Waiting
   * here after a deployment keeps tests as close to real use as possible.
   */
  async waitForDefinitionsImported(processDefinitionKeys: readonly string[], timeoutMs?: number): Promise<void> {
    await eventually(
      `Operate and Tasklist to import process definitions ${processDefinitionKeys.join(', ')}`,
      async () => {
        const operate = await this.request<{ items: Array<{ key: number }> }>('POST', '/v1/process-definitions/search', {
          size: 1000,
        });
        const tasklist = await this.request<Array<{ id: string }>>('GET', '/v1/internal/processes?query=');
        const imported = new Set([...operate.items.map((item) => String(item.key))]);
        const importedByTasklist = new Set(tasklist.map((process) => process.id));
        return processDefinitionKeys.every((key) => imported.has(key) && importedByTasklist.has(key)) ? true : undefined;
      },
      timeoutMs,
    );
  }

  async startProcessInstance(processDefinitionId: string, variables: Record<string, unknown>): Promise<string> {
    const created = await this.request<{ processInstanceKey: number | string }>('POST', '/v2/process-instances', {
      processDefinitionId,
      variables,
    });
    return String(created.processInstanceKey);
  }

  /** Publishes a message, as an external system (a reporting hotline, a receiving organ) would. */
  async publishMessage(name: string, correlationKey: string, variables: Record<string, unknown> = {}): Promise<void> {
    await this.request('POST', '/v2/messages/publication', { name, correlationKey, variables, timeToLive: 60_000 });
  }

  /** Instances started by call activities of `parentKey`, optionally of one process only. */
  async calledInstances(parentKey: string, bpmnProcessId?: string): Promise<ProcessInstance[]> {
    const result = await this.request<{ items: ProcessInstance[] }>('POST', '/v1/process-instances/search', {
      filter: { parentKey: Number(parentKey), ...(bpmnProcessId ? { bpmnProcessId } : {}) },
      size: 100,
    });
    return result.items;
  }

  /** Instances of one process, however they were started (e.g. by a signal another process threw). */
  async processInstancesOf(bpmnProcessId: string): Promise<ProcessInstance[]> {
    const result = await this.request<{ items: ProcessInstance[] }>('POST', '/v1/process-instances/search', {
      filter: { bpmnProcessId },
      size: 1000,
    });
    return result.items;
  }

  /**
   * The variables a user task's form sees (its own scope up to the process), parsed
   * from their JSON text; what tells apart the tasks of parallel multi-instance branches.
   */
  async userTaskVariables(taskId: string, names: readonly string[] = []): Promise<Record<string, unknown>> {
    const variables = await this.request<Array<{ name: string; value: string }>>('POST', `/v1/tasks/${taskId}/variables/search`, {
      variableNames: names,
    });
    return Object.fromEntries(variables.map((variable) => [variable.name, JSON.parse(variable.value) as unknown]));
  }

  /** Waits until `parentKey` has called `count` instances of `bpmnProcessId`, and returns them. */
  async waitForCalledInstances(parentKey: string, bpmnProcessId: string, count = 1, timeoutMs?: number): Promise<ProcessInstance[]> {
    return eventually(
      `${count} ${bpmnProcessId} instance(s) called by ${parentKey}`,
      async () => {
        const instances = await this.calledInstances(parentKey, bpmnProcessId);
        return instances.length >= count ? instances : undefined;
      },
      timeoutMs,
    );
  }

  /** The open user task of an instance at a given BPMN element, once Tasklist has imported it. */
  async waitForUserTask(processInstanceKey: string, elementId: string, timeoutMs?: number): Promise<UserTask> {
    return eventually(
      `user task ${elementId} of instance ${processInstanceKey}`,
      async () => {
        const tasks = await this.request<UserTask[]>('POST', '/v1/tasks/search', {
          processInstanceKey,
          taskDefinitionId: elementId,
          state: 'CREATED',
        });
        return tasks[0];
      },
      timeoutMs,
    );
  }

  /** Resolves once the task at `elementId` is no longer open, i.e. the engine has moved past it. */
  async waitForUserTaskGone(processInstanceKey: string, elementId: string, timeoutMs?: number): Promise<void> {
    await eventually(
      `user task ${elementId} of instance ${processInstanceKey} to close`,
      async () => {
        const tasks = await this.request<UserTask[]>('POST', '/v1/tasks/search', {
          processInstanceKey,
          taskDefinitionId: elementId,
          state: 'CREATED',
        });
        return tasks.length === 0 ? true : undefined;
      },
      timeoutMs,
    );
  }

  async completeUserTask(userTaskKey: string, variables: Record<string, unknown>): Promise<void> {
    await this.request('POST', `/v2/user-tasks/${userTaskKey}/completion`, { variables });
  }

  /**
   * What the logged-in person does in Tasklist: claim the task, then complete it
   * from its form. Tasklist's v1 API is the one its own UI calls.
   */
  async completeInTasklist(taskId: string, variables: Record<string, unknown>): Promise<void> {
    await this.request('PATCH', `/v1/tasks/${taskId}/assign`, {});
    await this.request('PATCH', `/v1/tasks/${taskId}/complete`, {
      variables: Object.entries(variables).map(([name, value]) => ({ name, value: JSON.stringify(value) })),
    });
  }

  async formSchema(formId: string, processDefinitionKey: string): Promise<Record<string, unknown>> {
    const form = await this.request<{ schema: string }>(
      'GET',
      `/v1/forms/${encodeURIComponent(formId)}?processDefinitionKey=${processDefinitionKey}`,
    );
    return JSON.parse(form.schema) as Record<string, unknown>;
  }

  async processInstance(processInstanceKey: string): Promise<ProcessInstance | undefined> {
    const result = await this.request<{ items: ProcessInstance[] }>('POST', '/v1/process-instances/search', {
      filter: { key: Number(processInstanceKey) },
    });
    return result.items[0];
  }

  async waitForProcessInstanceState(
    processInstanceKey: string,
    state: ProcessInstanceState,
    timeoutMs?: number,
  ): Promise<ProcessInstance> {
    return eventually(
      `instance ${processInstanceKey} to be ${state}`,
      async () => {
        const instance = await this.processInstance(processInstanceKey);
        return instance?.state === state ? instance : undefined;
      },
      timeoutMs,
    );
  }

  async flowNodeInstances(processInstanceKey: string): Promise<FlowNodeInstance[]> {
    const result = await this.request<{ items: FlowNodeInstance[] }>('POST', '/v1/flownode-instances/search', {
      filter: { processInstanceKey: Number(processInstanceKey) },
      size: 1000,
    });
    return result.items;
  }

  /** Waits until Operate shows every listed element of the instance as completed. */
  async waitForCompletedElements(processInstanceKey: string, elementIds: readonly string[], timeoutMs?: number): Promise<FlowNodeInstance[]> {
    return eventually(
      `elements ${elementIds.join(', ')} of instance ${processInstanceKey} to complete`,
      async () => {
        const nodes = await this.flowNodeInstances(processInstanceKey);
        const completed = new Set(nodes.filter((node) => node.state === 'COMPLETED').map((node) => node.flowNodeId));
        return elementIds.every((id) => completed.has(id)) ? nodes : undefined;
      },
      timeoutMs,
    );
  }

  /** The incidents Operate shows for an instance, once at least one exists. */
  async waitForIncidents(processInstanceKey: string, timeoutMs?: number): Promise<Incident[]> {
    return eventually(
      `an incident on instance ${processInstanceKey}`,
      async () => {
        const result = await this.request<{ items: Incident[] }>('POST', '/v1/incidents/search', {
          filter: { processInstanceKey: Number(processInstanceKey), state: 'ACTIVE' },
        });
        return result.items.length > 0 ? result.items : undefined;
      },
      timeoutMs,
    );
  }

  /** A process-level variable once Operate has imported it (the exporter runs a moment behind the engine). */
  async waitForVariable<T = unknown>(processInstanceKey: string, name: string, timeoutMs?: number): Promise<T> {
    return eventually(
      `variable ${name} of instance ${processInstanceKey}`,
      async () => {
        const variables = await this.processVariables(processInstanceKey);
        return variables[name] === undefined || variables[name] === null ? undefined : (variables[name] as T);
      },
      timeoutMs,
    );
  }

  /** Process-level variables as Operate shows them, parsed from their JSON text. */
  async processVariables(processInstanceKey: string): Promise<Record<string, unknown>> {
    const result = await this.request<{ items: Array<{ name: string; value: string; scopeKey: number }> }>(
      'POST',
      '/v1/variables/search',
      { filter: { processInstanceKey: Number(processInstanceKey), scopeKey: Number(processInstanceKey) }, size: 1000 },
    );
    return Object.fromEntries(result.items.map((variable) => [variable.name, JSON.parse(variable.value) as unknown]));
  }
}

/**
 * The engine clock, pinned by the tests (the test cluster runs with a controlled
 * clock). Pinning is global to the cluster, so integration files run one at a time.
 */
export class EngineClock {
  private pinnedAt: number | undefined;

  constructor(private readonly cluster: ClusterClient) {}

  async pin(at: Date | string): Promise<void> {
    const timestamp = new Date(at).getTime();
    await this.cluster.request('PUT', '/v2/clock', { timestamp });
    this.pinnedAt = timestamp;
  }

  /** Moves the pinned clock forward; timers that fall due fire within a few seconds. */
  async advance(milliseconds: number): Promise<void> {
    if (this.pinnedAt === undefined) throw new Error('pin the clock before advancing it');
    await this.pin(new Date(this.pinnedAt + milliseconds));
  }

  async reset(): Promise<void> {
    await this.cluster.request('POST', '/v2/clock/reset');
    this.pinnedAt = undefined;
  }
}

export const DAY_MS = 24 * 60 * 60 * 1000;
