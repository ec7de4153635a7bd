/**
 * The reads a task page and a case page share, every one made as the user:
 * the case's variables from the history, its attachments (those of every
 * task of the case the engine lets the user read) and its history of steps.
 * When the engine refuses a part, the page shows what the user may see
 * instead of failing, so each read falls back to nothing.
 */
import { mapLimit } from '../../../workers/engine/map-limit.ts';
import type { EngineRestClient } from '../../../workers/engine/rest-client.ts';
import { type EngineVariables, fromEngineVariables } from '../../../workers/engine/variables.ts';
import type { CaseHistoryEntry, TaskAttachment } from '../../api-types.ts';
import type { EngineAttachment, EngineHistoricActivity, EngineHistoricTask, EngineHistoricVariable } from '../engine-types.ts';
import { segment, unlessRefused } from '../engine.ts';
import { historyEntries } from '../tasks/history.ts';
import { mergeById } from '../tasks/queries.ts';
import { isoDate } from '../tasks/summary.ts';
import { isCaseDocumentVariable } from '../../../workers/notify/case-document.ts';
import { attachmentKindOfDescription } from '../../../workers/contract.ts';

/** Engine calls per page in flight at once. */
export const CONCURRENCY = 8;

export function taskPath(taskId: string): string {
  return `/task/${segment(taskId)}`;
}

/** Plain values, or none when the engine refuses or a value cannot be read. */
export function plainVariables(variables: EngineVariables | undefined): Record<string, unknown> {
  try {
    return fromEngineVariables(variables);
  } catch {
    return {};
  }
}

/** Whether a historic variable belongs to the instance itself rather than to one step (a task's input, a branch of a multi-instance). */
function ofInstanceScope(variable: EngineHistoricVariable): boolean {
  return variable.activityInstanceId === null || variable.activityInstanceId === variable.processInstanceId;
}

/**
 * Plain values per process instance from the history: the instance's own
 * scope, and with `documents` also the case documents wherever they were
 * kept (each has a name of its own, so none hides another).
 */
export function historicValues(variables: readonly EngineHistoricVariable[], options: { readonly documents?: boolean } = {}): Map<string, Record<string, unknown>> {
  const byInstance = new Map<string, Record<string, unknown>>();
  for (const variable of variables) {
    if (!ofInstanceScope(variable) && !(options.documents && isCaseDocumentVariable(variable.name))) continue;
    const values = byInstance.get(variable.processInstanceId) ?? {};
    const typed = { type: variable.type, value: variable.value, ...(variable.valueInfo ? { valueInfo: variable.valueInfo } : {}) };
    Object.assign(values, plainVariables({ [variable.name]: typed } as EngineVariables));
    byInstance.set(variable.processInstanceId, values);
  }
  return byInstance;
}

/** The case variables of these instances (all of them when `names` is undefined), from the history the user may read. */
export async function instanceVariables(
  client: EngineRestClient,
  instanceIds: readonly string[],
  names?: readonly string[],
  options: { readonly documents?: boolean } = {},
): Promise<Map<string, Record<string, unknown>>> {
  const ids = [...new Set(instanceIds.filter(Boolean))];
  if (ids.length === 0 || (names !== undefined && names.length === 0)) return new Map();
  const variables = await unlessRefused(
    client.request<EngineHistoricVariable[]>(
      'POST',
      '/history/variable-instance',
      { processInstanceIdIn: ids, ...(names === undefined ? {} : { variableNameIn: [...names] }) },
      { query: { deserializeValues: false, maxResults: 5000 } },
    ),
    [] as EngineHistoricVariable[],
  );
  return historicValues(variables, options);
}

export function attachmentView(attachment: EngineAttachment): TaskAttachment {
  return {
    id: attachment.id,
    name: attachment.name ?? attachment.id,
    description: attachment.description,
    kind: attachmentKindOfDescription(attachment.description),
    contentType: attachment.type,
    taskId: attachment.taskId,
    processInstanceId: attachment.processInstanceId,
    // Operaton's attachment DTO carries no author; the comment trail names who worked the task.
    userId: null,
    time: isoDate(attachment.createTime) ?? '',
    url: `api/attachments/${segment(attachment.taskId ?? '')}/${segment(attachment.id)}`,
  };
}

/** Attachments of every task of the case the user may read (and of `alsoTaskIds`), so the next roles see what earlier ones uploaded. */
export async function caseAttachments(client: EngineRestClient, processInstanceId: string | null, alsoTaskIds: readonly string[] = []): Promise<TaskAttachment[]> {
  const earlier = processInstanceId
    ? await unlessRefused(
        client.request<EngineHistoricTask[]>('GET', '/history/task', undefined, { query: { processInstanceId, maxResults: 500 } }),
        [] as EngineHistoricTask[],
      )
    : [];
  const taskIds = [...new Set([...alsoTaskIds, ...earlier.map((other) => other.id)])];
  const lists = await mapLimit(taskIds, CONCURRENCY, (id) =>
    unlessRefused(client.request<EngineAttachment[]>('GET', `${taskPath(id)}/attachment`), [] as EngineAttachment[]),
  );
  return mergeById(lists)
    .map(attachmentView)
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

/** Who did what, when, in the case. */
export async function caseHistory(client: EngineRestClient, processInstanceId: string | null): Promise<CaseHistoryEntry[]> {
  if (!processInstanceId) return [];
  const activities = await unlessRefused(
    client.request<EngineHistoricActivity[]>('GET', '/history/activity-instance', undefined, {
      query: { processInstanceId, sortBy: 'startTime', sortOrder: 'asc', maxResults: 1000 },
    }),
    [] as EngineHistoricActivity[],
  );
  return historyEntries(activities);
}
