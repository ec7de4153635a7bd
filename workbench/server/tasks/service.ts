/**
 * Tasks as the workbench shows them, every read made as the user: the lists
 * with their summaries, 已办 from the history, and one task with its form,
 * variables, documents, comments, attachments and history. When the engine
 * refuses a part (the history, another task's attachments), the page shows
 * what the user may see instead of failing.
 */
import type { EngineRestClient } from '../../../workers/engine/rest-client.ts';
import type { EngineVariables } from '../../../workers/engine/variables.ts';
import type { CompletedTaskSummary, ExpectedAttachment, TaskAttachment, TaskComment, TaskDetail, TaskListName, TaskSummary } from '../../api-types.ts';
import { attachmentKindOfDescription } from '../../../workers/contract.ts';
import type { ExpectedKinds } from './stage.ts';
import { mapLimit } from '../../../workers/engine/map-limit.ts';
import { CONCURRENCY, caseAttachments, caseHistory, instanceVariables, plainVariables, taskPath } from '../cases/case-file.ts';
import type { WorkbenchContext } from '../context.ts';
import { caseDocuments, isDocumentVariable } from '../documents/documents.ts';
import type { EngineAttachment, EngineComment, EngineHistoricTask, EngineProcessDefinition, EngineProcessInstance, EngineTask } from '../engine-types.ts';
import { segment, unlessRefused } from '../engine.ts';
import { fromEngineError } from '../errors.ts';
import { caseVariableNames } from './case-variables.ts';
import { completedQuery, listQueries, mergeById, sortByDue } from './queries.ts';
import { definitionKeyOf, completedSummary, isoDate, taskSummary } from './summary.ts';

const TASK: readonly [string, string] = ['任务', 'the task'];

async function procedureNames(client: EngineRestClient, definitionIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(definitionIds.filter(Boolean))];
  if (ids.length === 0) return new Map();
  const definitions = await unlessRefused(
    client.request<EngineProcessDefinition[]>('GET', '/process-definition', undefined, {
      query: { processDefinitionIdIn: ids.join(','), maxResults: ids.length },
    }),
    [] as EngineProcessDefinition[],
  );
  return new Map(definitions.map((definition) => [definition.id, definition.name ?? definition.key]));
}

async function businessKeys(client: EngineRestClient, instanceIds: readonly string[], history = false): Promise<Map<string, string | null>> {
  const ids = [...new Set(instanceIds.filter(Boolean))];
  if (ids.length === 0) return new Map();
  const instances = await unlessRefused(
    client.request<EngineProcessInstance[]>('POST', history ? '/history/process-instance' : '/process-instance', { processInstanceIds: ids }),
    [] as EngineProcessInstance[],
  );
  return new Map(instances.map((instance) => [instance.id, instance.businessKey]));
}

async function caseVariables(client: EngineRestClient, task: EngineTask): Promise<Record<string, unknown>> {
  const names = caseVariableNames(definitionKeyOf(task.processDefinitionId));
  if (names.length === 0) return {};
  // GET /task/{id}/variables has no name filter in Operaton 1.0.3: the case's few are picked before any JSON is parsed.
  const variables = await unlessRefused(
    client.request<EngineVariables>('GET', `${taskPath(task.id)}/variables`, undefined, { query: { deserializeValues: false } }),
    undefined,
  );
  const wanted = Object.fromEntries(Object.entries(variables ?? {}).filter(([name]) => names.includes(name)));
  return plainVariables(wanted);
}

export async function summarise(context: WorkbenchContext, client: EngineRestClient, tasks: readonly EngineTask[], now: Date): Promise<TaskSummary[]> {
  const [names, keys] = await Promise.all([
    procedureNames(client, tasks.map((task) => task.processDefinitionId ?? '')),
    businessKeys(client, tasks.map((task) => task.processInstanceId ?? '')),
  ]);
  return mapLimit(tasks, CONCURRENCY, async (task) => {
    const [variables, stage] = await Promise.all([
      caseVariables(client, task),
      context.diagrams.stageOf(client, task.processDefinitionId, task.taskDefinitionKey),
    ]);
    return taskSummary(task, {
      procedureNames: names,
      variables,
      businessKey: (task.processInstanceId && keys.get(task.processInstanceId)) ?? null,
      stage,
      calendar: context.calendar,
      now,
    });
  });
}

export async function taskList(context: WorkbenchContext, client: EngineRestClient, userId: string, list: TaskListName): Promise<TaskSummary[]> {
  const now = context.now();
  const results = await Promise.all(listQueries(list, userId, now).map((query) => client.request<EngineTask[]>('GET', '/task', undefined, { query })));
  return summarise(context, client, sortByDue(mergeById(results)), now);
}

export async function completedTasks(client: EngineRestClient, userId: string): Promise<CompletedTaskSummary[]> {
  const tasks = await client.request<EngineHistoricTask[]>('GET', '/history/task', undefined, { query: completedQuery(userId) });
  const [names, keys] = await Promise.all([
    procedureNames(client, tasks.map((task) => task.processDefinitionId ?? '')),
    businessKeys(client, tasks.map((task) => task.processInstanceId ?? ''), true),
  ]);
  const byKey = new Map<string, string>();
  for (const task of tasks) {
    const name = task.processDefinitionId ? names.get(task.processDefinitionId) : undefined;
    if (name) byKey.set(task.processDefinitionKey ?? definitionKeyOf(task.processDefinitionId), name);
  }
  const targets = await instanceVariables(
    client,
    tasks.map((task) => task.processInstanceId ?? ''),
    [...new Set(tasks.flatMap((task) => caseVariableNames(task.processDefinitionKey ?? definitionKeyOf(task.processDefinitionId))))],
  );
  return tasks
    .filter((task) => task.deleteReason === null || task.deleteReason === 'completed')
    .map((task) =>
      completedSummary(task, {
        procedureNames: byKey,
        variables: targets.get(task.processInstanceId ?? '') ?? {},
        businessKey: (task.processInstanceId && keys.get(task.processInstanceId)) ?? null,
      }),
    );
}

/** One task, or the workbench's 404 when the engine does not let the user see it. */
export async function readTask(client: EngineRestClient, taskId: string): Promise<EngineTask> {
  try {
    return await client.request<EngineTask>('GET', taskPath(taskId));
  } catch (error) {
    throw fromEngineError(error, { what: TASK, forbiddenAsNotFound: true });
  }
}

export async function taskVariables(client: EngineRestClient, taskId: string): Promise<Record<string, unknown>> {
  const variables = await unlessRefused(
    client.request<EngineVariables>('GET', `${taskPath(taskId)}/variables`, undefined, { query: { deserializeValues: false } }),
    undefined,
  );
  return plainVariables(variables);
}

/** The task's Camunda Form as JSON, or null when it has none or the engine does not give it. */
export async function taskForm(client: EngineRestClient, task: EngineTask): Promise<unknown | null> {
  if (!task.operatonFormRef?.key && !task.formKey) return null;
  // The engine answers 400 or 404 when the referenced form is not deployed.
  const form = await unlessRefused(client.request<unknown>('GET', `${taskPath(task.id)}/deployed-form`), null, [400, 403, 404]);
  return typeof form === 'string' ? (JSON.parse(form) as unknown) : form;
}

export function commentView(comment: EngineComment): TaskComment {
  return { id: comment.id, userId: comment.userId ?? '', time: isoDate(comment.time) ?? comment.time, message: comment.message };
}

/** Comments of the whole case, so a rejection's reason is seen at the loop-back; the task's own when the engine refuses the case's. */
async function comments(client: EngineRestClient, task: EngineTask): Promise<TaskComment[]> {
  const ofInstance = task.processInstanceId
    ? await unlessRefused(client.request<EngineComment[]>('GET', `/process-instance/${segment(task.processInstanceId)}/comment`), undefined)
    : undefined;
  const found = ofInstance ?? (await unlessRefused(client.request<EngineComment[]>('GET', `${taskPath(task.id)}/comment`), [] as EngineComment[]));
  return found.map(commentView).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

export async function taskDetail(context: WorkbenchContext, client: EngineRestClient, taskId: string): Promise<TaskDetail> {
  const task = await readTask(client, taskId);
  const now = context.now();
  const [variables, formSchema, [summary], commentList, attachmentList, historyList, expected] = await Promise.all([
    taskVariables(client, task.id),
    taskForm(client, task),
    summarise(context, client, [task], now),
    comments(client, task),
    caseAttachments(client, task.processInstanceId, [task.id]),
    caseHistory(client, task.processInstanceId),
    context.diagrams.expectedAttachmentsOf(client, task.processDefinitionId, task.taskDefinitionKey),
  ]);
  const formVariables = Object.fromEntries(Object.entries(variables).filter(([name]) => !isDocumentVariable(name)));
  return {
    task: summary!,
    formId: task.operatonFormRef?.key ?? null,
    formSchema,
    variables: formVariables,
    documents: caseDocuments(variables),
    comments: commentList,
    attachments: attachmentList,
    expectedAttachments: expectedAttachments(expected, attachmentList.filter((attachment) => attachment.taskId === task.id)),
    history: historyList,
  };
}

/** The task's expected documents, each with whether the task already holds one (required ones first). */
export function expectedAttachments(expected: ExpectedKinds, ofTask: readonly TaskAttachment[]): ExpectedAttachment[] {
  const attached = new Set(ofTask.map((attachment) => attachment.kind).filter(Boolean));
  const required = expected.required.map((kind) => ({ kind, required: true, attached: attached.has(kind) }));
  const optional = expected.optional
    .filter((kind) => !expected.required.includes(kind))
    .map((kind) => ({ kind, required: false, attached: attached.has(kind) }));
  return [...required, ...optional];
}

/** The required documents the task does not hold yet, as the engine would refuse its completion. */
export async function missingAttachments(context: WorkbenchContext, client: EngineRestClient, task: EngineTask): Promise<string[]> {
  const expected = await context.diagrams.expectedAttachmentsOf(client, task.processDefinitionId, task.taskDefinitionKey);
  if (expected.required.length === 0) return [];
  const ofTask = await unlessRefused(client.request<EngineAttachment[]>('GET', `${taskPath(task.id)}/attachment`), [] as EngineAttachment[]);
  const kinds = new Set(ofTask.map((attachment) => attachmentKindOfDescription(attachment.description)));
  return expected.required.filter((kind) => !kinds.has(kind as never));
}

export { TASK };
