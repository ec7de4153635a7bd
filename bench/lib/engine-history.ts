/**
 * What the engine's own history says about a bench run (history level full): when the instances of one process
 * definition started and ended, and each external task's creation and success (the external task log), so
 * throughput and pickup-to-complete latency are measured on the engine's clock, not the bench's.
 */
import type { EngineRestClient } from '../../workers/engine/rest-client.ts';

/** The engine writes `2026-12-03T14:30:00.123+0000`; Date.parse wants `+00:00`. */
export function parseEngineTime(text: string): number {
  return Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

const PAGE = 2_000;

async function allPages<T>(admin: EngineRestClient, path: string, query: Record<string, string>): Promise<T[]> {
  const rows: T[] = [];
  for (let first = 0; ; first += PAGE) {
    const page = await admin.request<T[]>('GET', path, undefined, { query: { ...query, firstResult: String(first), maxResults: String(PAGE) } });
    rows.push(...page);
    if (page.length < PAGE) return rows;
  }
}

export async function finishedCount(admin: EngineRestClient, processDefinitionKey: string): Promise<number> {
  const { count } = await admin.request<{ count: number }>('GET', '/history/process-instance/count', undefined, { query: { processDefinitionKey, finished: 'true' } });
  return count;
}

export async function openIncidents(admin: EngineRestClient, processDefinitionKey: string): Promise<number> {
  const { count } = await admin.request<{ count: number }>('GET', '/history/incident/count', undefined, { query: { processDefinitionKey, open: 'true' } });
  return count;
}

/** First start to last end of the definition's instances, seconds (engine clock). */
export async function instanceSpanSeconds(admin: EngineRestClient, processDefinitionKey: string): Promise<number> {
  type Row = { startTime: string; endTime: string | null };
  const first = await admin.request<Row[]>('GET', '/history/process-instance', undefined, {
    query: { processDefinitionKey, sortBy: 'startTime', sortOrder: 'asc', maxResults: '1' },
  });
  const last = await admin.request<Row[]>('GET', '/history/process-instance', undefined, {
    query: { processDefinitionKey, finished: 'true', sortBy: 'endTime', sortOrder: 'desc', maxResults: '1' },
  });
  if (!first[0] || !last[0]?.endTime) return Number.NaN;
  return (parseEngineTime(last[0].endTime) - parseEngineTime(first[0].startTime)) / 1000;
}

/** Creation to success of every completed external task of the definition, ms, by topic. */
export async function pickupLatencies(admin: EngineRestClient, processDefinitionKey: string): Promise<Map<string, number[]>> {
  type Log = { externalTaskId: string; topicName: string; timestamp: string };
  const [created, succeeded] = await Promise.all([
    allPages<Log>(admin, '/history/external-task-log', { processDefinitionKey, creationLog: 'true' }),
    allPages<Log>(admin, '/history/external-task-log', { processDefinitionKey, successLog: 'true' }),
  ]);
  const createdAt = new Map(created.map((log) => [log.externalTaskId, parseEngineTime(log.timestamp)]));
  const byTopic = new Map<string, number[]>();
  for (const log of succeeded) {
    const start = createdAt.get(log.externalTaskId);
    if (start === undefined) continue;
    const list = byTopic.get(log.topicName) ?? [];
    list.push(parseEngineTime(log.timestamp) - start);
    byTopic.set(log.topicName, list);
  }
  return byTopic;
}
