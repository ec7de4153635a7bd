/**
 * What the integration tests do to the engine, through Operaton's REST API, the
 * one Cockpit, Tasklist and our workers use too. Commands go out as the person
 * who would give them: a user task is completed by the demo login of the group
 * it is offered to, so the engine's authorizations are part of every test.
 * Reads (history, incidents, variables) go through the admin login, as an
 * operator looking at Cockpit would see them.
 */
import { LOCAL_LOGIN } from '../../../deploy/local/manifest.ts';
import { demoLoginOf } from '../../../deploy/local/demo-users.ts';
import type { CandidateGroup } from '../../../workers/contract.ts';
import { EngineRestClient, EngineRestError } from '../../../workers/engine/rest-client.ts';
import { fromEngineVariables, toEngineVariables, type EngineVariables } from '../../../workers/engine/variables.ts';
import { retryOnConcurrentUpdate } from '../../../workbench/server/concurrent-update.ts';
import { type DiagramFacts, diagramFacts } from '../../../workbench/server/tasks/stage.ts';

/** Per deployed definition: what its diagram says of its user tasks (a deployed definition never changes). */
const factsByDefinition = new Map<string, Promise<DiagramFacts>>();

export interface UserTask {
  readonly id: string;
  readonly name: string;
  /** The BPMN element id of the user task. */
  readonly taskDefinitionKey: string;
  readonly processInstanceId: string;
  readonly processDefinitionId: string;
  /** The Camunda Form the task links with camunda:formRef, as Tasklist resolves it. */
  readonly formId: string | null;
  readonly candidateGroups: readonly string[];
  readonly dueDate: string | null;
  readonly followUpDate: string | null;
  readonly assignee: string | null;
}

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'CANCELED';

export interface ProcessInstance {
  readonly id: string;
  readonly processDefinitionKey: string;
  readonly superProcessInstanceId: string | null;
  readonly businessKey: string | null;
  readonly state: ProcessInstanceState;
}

export interface ActivityInstance {
  readonly id: string;
  readonly activityId: string;
  readonly activityType: string;
  readonly state: 'ACTIVE' | 'COMPLETED' | 'CANCELED';
  readonly executionId: string;
}

export interface Incident {
  readonly id: string;
  readonly processInstanceId: string;
  readonly incidentType: string;
  readonly incidentMessage: string | null;
  readonly activityId: string;
  readonly executionId: string;
  /** For a failed external task: its id. */
  readonly configuration: string | null;
}

export interface HistoricIncident extends Incident {
  readonly open: boolean;
  readonly resolved: boolean;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Polls until `probe` returns a value, so tests wait on workers and timers without fixed sleeps. */
export async function eventually<T>(
  description: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  intervalMs = 200,
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

interface TaskDto {
  id: string;
  name: string | null;
  taskDefinitionKey: string;
  processInstanceId: string;
  processDefinitionId: string;
  due: string | null;
  followUp: string | null;
  assignee: string | null;
  operatonFormRef?: { key: string } | null;
  camundaFormRef?: { key: string } | null;
}

interface HistoricProcessInstanceDto {
  id: string;
  processDefinitionKey: string;
  superProcessInstanceId: string | null;
  businessKey: string | null;
  state: string;
}

interface HistoricActivityInstanceDto {
  id: string;
  activityId: string;
  activityType: string;
  endTime: string | null;
  canceled: boolean;
  executionId: string;
}

interface HistoricVariableDto {
  name: string;
  type: string;
  value: unknown;
  valueInfo?: Record<string, unknown>;
  activityInstanceId: string;
  processInstanceId: string;
}

function instanceState(state: string): ProcessInstanceState {
  if (state === 'COMPLETED') return 'COMPLETED';
  if (state === 'EXTERNALLY_TERMINATED' || state === 'INTERNALLY_TERMINATED') return 'CANCELED';
  return 'ACTIVE';
}

export class EngineClient {
  constructor(
    /** The admin login: reads what Cockpit shows, starts processes, correlates what outside systems send. */
    readonly rest: EngineRestClient,
  ) {}

  /** The same engine seen by another login, e.g. a role's demo user (password demo). */
  as(username: string, password: string = LOCAL_LOGIN.password): EngineClient {
    return new EngineClient(this.rest.as(username, password));
  }

  async startProcessInstance(processDefinitionKey: string, variables: Record<string, unknown>, businessKey?: string): Promise<string> {
    const started = await this.rest.request<{ id: string }>('POST', `/process-definition/key/${encodeURIComponent(processDefinitionKey)}/start`, {
      variables: toEngineVariables(variables),
      ...(businessKey === undefined ? {} : { businessKey }),
    });
    return started.id;
  }

  /**
   * Correlates a message as an external system (a reporting hotline, a receiving
   * organ) would: to the one instance whose `correlationVariable` equals `correlationValue`.
   */
  async publishMessage(name: string, correlation: Record<string, unknown>, variables: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<void> {
    const body = { messageName: name, correlationKeys: toEngineVariables(correlation), processVariables: toEngineVariables(variables) };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.rest.request('POST', '/message', body);
        return;
      } catch (error) {
        // Operaton refuses a message while no execution waits for it yet (e.g. a worker still sends the letter
        // before 等待回执); a receiving organ's system would send again, so retry until one waits.
        const notYetWaiting = error instanceof EngineRestError && error.status === 400 && error.message.includes('MismatchingMessageCorrelationException');
        if (!notYetWaiting || Date.now() >= deadline) throw error;
        await sleep(200);
      }
    }
  }

  async broadcastSignal(name: string, variables: Record<string, unknown> = {}): Promise<void> {
    await this.rest.request('POST', '/signal', { name, variables: toEngineVariables(variables) });
  }

  async cancelProcessInstance(processInstanceId: string): Promise<void> {
    await this.rest.request('DELETE', `/process-instance/${processInstanceId}`, undefined, { query: { skipCustomListeners: true, skipIoMappings: true } });
  }

  /**
   * Ends an instance the test is done with, once it is cancelled: a worker completing a job of it at that
   * moment makes the engine refuse the first attempt (OptimisticLockingException), so it is tried again.
   */
  async cancelWhenQuiet(processInstanceId: string): Promise<void> {
    await eventually(`instance ${processInstanceId} cancelled`, async () => {
      try {
        await this.cancelProcessInstance(processInstanceId);
        return true;
      } catch (error) {
        if (error instanceof Error && error.message.includes('OptimisticLockingException')) return undefined;
        throw error;
      }
    });
    await this.waitForProcessInstanceState(processInstanceId, 'CANCELED');
  }

  private toInstance(dto: HistoricProcessInstanceDto): ProcessInstance {
    return {
      id: dto.id,
      processDefinitionKey: dto.processDefinitionKey,
      superProcessInstanceId: dto.superProcessInstanceId,
      businessKey: dto.businessKey,
      state: instanceState(dto.state),
    };
  }

  /** Instances started by call activities of `parentId`, optionally of one process only, oldest first. */
  async calledInstances(parentId: string, processDefinitionKey?: string): Promise<ProcessInstance[]> {
    const instances = await this.rest.request<HistoricProcessInstanceDto[]>('GET', '/history/process-instance', undefined, {
      query: { superProcessInstanceId: parentId, processDefinitionKey, sortBy: 'startTime', sortOrder: 'asc' },
    });
    return instances.map((dto) => this.toInstance(dto));
  }

  /** Instances of one process, however they were started (e.g. by a signal another process threw). */
  async processInstancesOf(processDefinitionKey: string): Promise<ProcessInstance[]> {
    const instances = await this.rest.request<HistoricProcessInstanceDto[]>('GET', '/history/process-instance', undefined, {
      query: { processDefinitionKey, sortBy: 'startTime', sortOrder: 'asc' },
    });
    return instances.map((dto) => this.toInstance(dto));
  }

  async waitForCalledInstances(parentId: string, processDefinitionKey: string, count = 1, timeoutMs?: number): Promise<ProcessInstance[]> {
    return eventually(
      `${count} ${processDefinitionKey} instance(s) called by ${parentId}`,
      async () => {
        const instances = await this.calledInstances(parentId, processDefinitionKey);
        return instances.length >= count ? instances : undefined;
      },
      timeoutMs,
    );
  }

  private async toUserTask(dto: TaskDto): Promise<UserTask> {
    const links = await this.rest.request<Array<{ type: string; groupId: string | null }>>('GET', `/task/${dto.id}/identity-links`);
    const formRef = dto.operatonFormRef ?? dto.camundaFormRef ?? null;
    return {
      id: dto.id,
      name: dto.name ?? dto.taskDefinitionKey,
      taskDefinitionKey: dto.taskDefinitionKey,
      processInstanceId: dto.processInstanceId,
      processDefinitionId: dto.processDefinitionId,
      formId: formRef?.key ?? null,
      candidateGroups: links.filter((link) => link.type === 'candidate' && link.groupId).map((link) => link.groupId!),
      dueDate: dto.due,
      followUpDate: dto.followUp,
      assignee: dto.assignee,
    };
  }

  /** Every open user task of an instance at a BPMN element (several under a parallel multi-instance). */
  async openUserTasks(processInstanceId: string, elementId: string): Promise<UserTask[]> {
    const tasks = await this.rest.request<TaskDto[]>('GET', '/task', undefined, {
      query: { processInstanceId, taskDefinitionKey: elementId, sortBy: 'created', sortOrder: 'asc' },
    });
    return Promise.all(tasks.map((task) => this.toUserTask(task)));
  }

  /** The open user task of an instance at a given BPMN element. */
  async waitForUserTask(processInstanceId: string, elementId: string, timeoutMs?: number): Promise<UserTask> {
    return eventually(
      `user task ${elementId} of instance ${processInstanceId}`,
      async () => (await this.openUserTasks(processInstanceId, elementId))[0],
      timeoutMs,
    );
  }

  /** Waits until `count` tasks are open at `elementId` (parallel multi-instance). */
  async waitForUserTasks(processInstanceId: string, elementId: string, count: number, timeoutMs?: number): Promise<UserTask[]> {
    return eventually(
      `${count} user task(s) ${elementId} of instance ${processInstanceId}`,
      async () => {
        const tasks = await this.openUserTasks(processInstanceId, elementId);
        return tasks.length >= count ? tasks : undefined;
      },
      timeoutMs,
    );
  }

  /** Resolves once the task at `elementId` is no longer open, i.e. the engine has moved past it. */
  async waitForUserTaskGone(processInstanceId: string, elementId: string, timeoutMs?: number): Promise<void> {
    await eventually(
      `user task ${elementId} of instance ${processInstanceId} to close`,
      async () => ((await this.openUserTasks(processInstanceId, elementId)).length === 0 ? true : undefined),
      timeoutMs,
    );
  }

  /**
   * Completes a task as a person of the group it is offered to would: that
   * group's demo login claims it and submits the form's variables. The engine
   * refuses when the login may not work the task, so a wrong candidate group fails the test.
   */
  async completeUserTask(task: UserTask | string, variables: Record<string, unknown>): Promise<void> {
    const userTask = typeof task === 'string' ? await this.userTask(task) : task;
    const group = userTask.candidateGroups[0];
    if (!group) throw new Error(`user task ${userTask.taskDefinitionKey} (${userTask.id}) is offered to no candidate group`);
    await this.as(demoLoginOf(group as CandidateGroup)).completeAsCurrentUser(userTask.id, variables);
  }

  /**
   * Claims and completes the task as this client's login (what Tasklist does on "Claim" and "Complete"). The
   * documents the task requires (anquan.attachments.required) are attached first, as the person would upload them:
   * the engine refuses the completion otherwise.
   */
  async completeAsCurrentUser(taskId: string, variables: Record<string, unknown>): Promise<void> {
    const username = this.rest.username;
    await this.rest.request('POST', `/task/${taskId}/claim`, { userId: username });
    await this.attachRequiredDocuments(taskId);
    // As the workbench does: a worker finishing a parallel branch meanwhile makes the engine roll the completion back.
    await retryOnConcurrentUpdate(() => this.rest.request('POST', `/task/${taskId}/complete`, { variables: toEngineVariables(variables) }));
  }

  /** Uploads, as this login, one document of each kind the task requires and does not hold yet (a signed 检查记录 …). */
  async attachRequiredDocuments(taskId: string): Promise<string[]> {
    const task = await this.rest.request<TaskDto>('GET', `/task/${taskId}`);
    let facts = factsByDefinition.get(task.processDefinitionId);
    if (!facts) {
      facts = this.rest.processDefinitionXml(task.processDefinitionId).then(diagramFacts);
      factsByDefinition.set(task.processDefinitionId, facts);
      facts.catch(() => factsByDefinition.delete(task.processDefinitionId));
    }
    const required = (await facts).attachments.get(task.taskDefinitionKey)?.required ?? [];
    if (required.length === 0) return [];
    const held = await this.rest.request<{ description: string | null }[]>('GET', `/task/${taskId}/attachment`);
    const missing = required.filter((kind) => !held.some((attachment) => attachment.description?.trim().startsWith(`【${kind}】`)));
    for (const kind of missing) {
      const form = new FormData();
      form.append('attachment-name', `${kind}.txt`);
      form.append('attachment-description', `【${kind}】 ${task.name ?? ''}`);
      form.append('attachment-type', 'text/plain');
      form.append('content', new Blob([`${kind}：${task.name ?? ''}，经办人 ${this.rest.username} 签名`], { type: 'text/plain' }), `${kind}.txt`);
      await this.rest.request('POST', `/task/${taskId}/attachment/create`, form);
    }
    return missing;
  }

  async userTask(taskId: string): Promise<UserTask> {
    return this.toUserTask(await this.rest.request<TaskDto>('GET', `/task/${taskId}`));
  }

  /** The variables a user task's form sees (its own scope up to the process). */
  async userTaskVariables(taskId: string, names: readonly string[] = []): Promise<Record<string, unknown>> {
    const variables = await this.rest.request<EngineVariables>('GET', `/task/${taskId}/variables`, undefined, {
      query: { deserializeValues: false, ...(names.length > 0 ? { variableNames: names.join(',') } : {}) },
    });
    return fromEngineVariables(variables);
  }

  async processInstance(processInstanceId: string): Promise<ProcessInstance | undefined> {
    const instances = await this.rest.request<HistoricProcessInstanceDto[]>('GET', '/history/process-instance', undefined, {
      query: { processInstanceId },
    });
    return instances[0] ? this.toInstance(instances[0]) : undefined;
  }

  async waitForProcessInstanceState(processInstanceId: string, state: ProcessInstanceState, timeoutMs?: number): Promise<ProcessInstance> {
    return eventually(
      `instance ${processInstanceId} to be ${state}`,
      async () => {
        const instance = await this.processInstance(processInstanceId);
        return instance?.state === state ? instance : undefined;
      },
      timeoutMs,
    );
  }

  /** Every activity instance of the process instance (not of the instances it called), from the history. */
  async activityInstances(processInstanceId: string): Promise<ActivityInstance[]> {
    const instances = await this.rest.request<HistoricActivityInstanceDto[]>('GET', '/history/activity-instance', undefined, {
      query: { processInstanceId, sortBy: 'startTime', sortOrder: 'asc' },
    });
    return instances.map((dto) => ({
      id: dto.id,
      activityId: dto.activityId,
      activityType: dto.activityType,
      executionId: dto.executionId,
      state: dto.endTime === null ? 'ACTIVE' : dto.canceled ? 'CANCELED' : 'COMPLETED',
    }));
  }

  /** Waits until every listed element of the instance has completed at least once. */
  async waitForCompletedElements(processInstanceId: string, elementIds: readonly string[], timeoutMs?: number): Promise<ActivityInstance[]> {
    return eventually(
      `elements ${elementIds.join(', ')} of instance ${processInstanceId} to complete`,
      async () => {
        const activities = await this.activityInstances(processInstanceId);
        const completed = new Set(activities.filter((activity) => activity.state === 'COMPLETED').map((activity) => activity.activityId));
        return elementIds.every((id) => completed.has(id)) ? activities : undefined;
      },
      timeoutMs,
    );
  }

  /** The open incidents of an instance, as Cockpit lists them, once at least one exists. */
  async waitForIncidents(processInstanceId: string, timeoutMs?: number): Promise<Incident[]> {
    return eventually(
      `an incident on instance ${processInstanceId}`,
      async () => {
        const incidents = await this.rest.request<Incident[]>('GET', '/incident', undefined, { query: { processInstanceId } });
        return incidents.length > 0 ? incidents : undefined;
      },
      timeoutMs,
    );
  }

  /**
   * Every incident ever raised on an instance, open or resolved, from the history:
   * empty means the instance ran without one (for finished instances too).
   */
  async incidentHistory(processInstanceId: string): Promise<HistoricIncident[]> {
    return this.rest.request<HistoricIncident[]>('GET', '/history/incident', undefined, { query: { processInstanceId } });
  }

  /** The Camunda Form a user task links (camunda:formRef), as Tasklist loads it to render. */
  async formSchema(taskId: string): Promise<Record<string, unknown>> {
    const form = await this.rest.request<Record<string, unknown> | string>('GET', `/task/${taskId}/deployed-form`);
    return typeof form === 'string' ? (JSON.parse(form) as Record<string, unknown>) : form;
  }

  /** A process-level variable once it is set (and not null). */
  async waitForVariable<T = unknown>(processInstanceId: string, name: string, timeoutMs?: number): Promise<T> {
    return eventually(
      `variable ${name} of instance ${processInstanceId}`,
      async () => {
        const value = (await this.processVariables(processInstanceId))[name];
        return value === undefined || value === null ? undefined : (value as T);
      },
      timeoutMs,
    );
  }

  /** Process-level variables (not those local to an activity or a multi-instance branch), running or finished. */
  async processVariables(processInstanceId: string): Promise<Record<string, unknown>> {
    const variables = await this.rest.request<HistoricVariableDto[]>('GET', '/history/variable-instance', undefined, {
      query: { processInstanceId, deserializeValues: false },
    });
    const processLevel = variables.filter((variable) => variable.activityInstanceId === processInstanceId);
    return fromEngineVariables(Object.fromEntries(processLevel.map((variable) => [variable.name, variable])));
  }
}

/**
 * The engine clock, pinned by the tests through the test-only endpoint of the
 * engine app (on only in the test profile). Pinning is global to the engine,
 * so integration files run one at a time.
 */
export class EngineClock {
  private pinnedAt: number | undefined;

  constructor(private readonly engine: EngineClient) {}

  private get clockPath(): string {
    // The endpoint sits beside /engine-rest, not below it.
    return new URL('../engine-test/clock', `${this.engine.rest.baseUrl}/`).pathname;
  }

  async pin(at: Date | string): Promise<void> {
    const timestamp = new Date(at).getTime();
    await this.engine.rest.request('PUT', this.clockPath, { time: new Date(timestamp).toISOString() }, { absolutePath: true });
    this.pinnedAt = timestamp;
  }

  /** Moves the pinned clock forward; timers that fall due fire at once (the endpoint wakes the job executor). */
  async advance(milliseconds: number): Promise<void> {
    if (this.pinnedAt === undefined) throw new Error('pin the clock before advancing it');
    await this.pin(new Date(this.pinnedAt + milliseconds));
  }

  async reset(): Promise<void> {
    await this.engine.rest.request('DELETE', this.clockPath, undefined, { absolutePath: true });
    this.pinnedAt = undefined;
  }
}

export const DAY_MS = 24 * 60 * 60 * 1000;
