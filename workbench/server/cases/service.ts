/**
 * Cases read as the user, without any check of our own: the engine's history
 * query answers only the instances the user may read (READ_HISTORY on the
 * definition), and a case it does not let them read is a 404. The case page
 * is built from the same reads as the task page (case-file.ts).
 */
import type { EngineRestClient } from '../../../workers/engine/rest-client.ts';
import type { CaseDetail, CaseKind, CaseSummary } from '../../api-types.ts';
import { caseDocuments } from '../documents/documents.ts';
import type { EngineAuthorizationCheck, EngineHistoricProcessInstance } from '../engine-types.ts';
import { segment, unlessRefused } from '../engine.ts';
import { fromEngineError } from '../errors.ts';
import { caseAttachments, caseHistory, instanceVariables } from './case-file.ts';
import { CASE_KIND_PROCESS, caseListQuery, caseSummary, caseSummaryVariableNames, newestFirst } from './case-summary.ts';

export const CASE: readonly [string, string] = ['案卷', 'the case'];

/** Resource type and name of process definitions in Operaton's authorization API. */
const PROCESS_DEFINITION_RESOURCE = { resourceType: 6, resourceName: 'ProcessDefinition' } as const;

/**
 * Whether the engine lets the user read the history of the 问题线索移交
 * procedure: one authorization check for the current user, which needs no
 * permission of its own and answers even before the first transfer exists.
 */
export async function canReadTransfers(client: EngineRestClient): Promise<boolean> {
  const check = await unlessRefused(
    client.request<EngineAuthorizationCheck>('GET', '/authorization/check', undefined, {
      query: { permissionName: 'READ_HISTORY', ...PROCESS_DEFINITION_RESOURCE, resourceId: CASE_KIND_PROCESS.transfers },
    }),
    { authorized: false },
  );
  return check.authorized === true;
}

export async function caseList(client: EngineRestClient, kind: CaseKind): Promise<CaseSummary[]> {
  const instances = await client.request<EngineHistoricProcessInstance[]>('GET', '/history/process-instance', undefined, { query: caseListQuery(kind) });
  const values = await instanceVariables(
    client,
    instances.map((instance) => instance.id),
    caseSummaryVariableNames(CASE_KIND_PROCESS[kind]),
  );
  return newestFirst(instances.map((instance) => caseSummary(instance, values.get(instance.id) ?? {})));
}

/** One case, or the workbench's 404 when the engine does not let the user read it. */
export async function readCase(client: EngineRestClient, processInstanceId: string): Promise<EngineHistoricProcessInstance> {
  try {
    return await client.request<EngineHistoricProcessInstance>('GET', `/history/process-instance/${segment(processInstanceId)}`);
  } catch (error) {
    throw fromEngineError(error, { what: CASE, forbiddenAsNotFound: true });
  }
}

export async function caseDetail(client: EngineRestClient, processInstanceId: string): Promise<CaseDetail> {
  const instance = await readCase(client, processInstanceId);
  const [values, history, attachments] = await Promise.all([
    instanceVariables(client, [instance.id], undefined, { documents: true }),
    caseHistory(client, instance.id),
    caseAttachments(client, instance.id),
  ]);
  const variables = values.get(instance.id) ?? {};
  return {
    summary: caseSummary(instance, variables),
    documents: caseDocuments(variables),
    history,
    attachments,
  };
}
