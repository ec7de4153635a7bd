/**
 * A case (process instance) as the 移交来件 list and the case page show it,
 * as pure functions of the engine's answers: which instances a kind of case
 * list asks the history for, the title (`移交函 · <receiving organ>`), the
 * case number and the state. The engine decides which instances the user
 * gets; these only say how they are shown.
 */
import { ProcessId } from '../../../workers/contract.ts';
import type { CaseKind, CaseState, CaseSummary } from '../../api-types.ts';
import type { EngineHistoricProcessInstance } from '../engine-types.ts';
import { type VariablePath, caseFacts, caseVariableNames, firstValue } from '../tasks/case-variables.ts';
import { definitionKeyOf, isoDate, taskTitle } from '../tasks/summary.ts';

export const CASE_KINDS: readonly CaseKind[] = ['transfers'];

/** A case list holds at most this many cases, newest first. */
export const MAX_CASES = 500;

/** The procedure behind each kind of case list. */
export const CASE_KIND_PROCESS: Readonly<Record<CaseKind, string>> = {
  transfers: ProcessId.clueTransfer,
};

export function isCaseKind(value: unknown): value is CaseKind {
  return typeof value === 'string' && (CASE_KINDS as readonly string[]).includes(value);
}

/** GET /history/process-instance: running and finished instances of the kind's procedure, newest first. */
export function caseListQuery(kind: CaseKind): Readonly<Record<string, string | number>> {
  return { processDefinitionKey: CASE_KIND_PROCESS[kind], sortBy: 'startTime', sortOrder: 'desc', firstResult: 0, maxResults: MAX_CASES };
}

/** What a case's title names: the document, then for whom (the first path with a value). */
interface CaseTitle {
  readonly label: string;
  readonly subject: readonly VariablePath[];
}

/** The 移交函 is named for the organ that receives it; before it is drafted, for the unit the finding concerns. */
const CASE_TITLES: Readonly<Record<string, CaseTitle>> = {
  [ProcessId.clueTransfer]: {
    label: '移交函',
    subject: [['transferLetter', 'receiverName'], ['finding', 'responsibleUnit'], ['patrolTarget', 'name']],
  },
};

/** The variables a case summary of this procedure reads. */
export function caseSummaryVariableNames(processDefinitionKey: string): string[] {
  const title = CASE_TITLES[processDefinitionKey];
  return [...new Set([...caseVariableNames(processDefinitionKey), ...(title?.subject.map((path) => path[0]) ?? [])])];
}

/** `移交函 · 某某县纪委监委`; other procedures `<procedure> · <target unit>`. */
export function caseTitle(processDefinitionKey: string, procedure: string, values: Readonly<Record<string, unknown>>): string {
  const title = CASE_TITLES[processDefinitionKey];
  if (title) return taskTitle(title.label, firstValue(values, title.subject));
  return taskTitle(procedure, caseFacts(processDefinitionKey, values).targetUnit);
}

const STATES: readonly CaseState[] = ['ACTIVE', 'SUSPENDED', 'COMPLETED', 'EXTERNALLY_TERMINATED', 'INTERNALLY_TERMINATED'];

/** The engine's state; one it does not name is running until it has an end. */
export function caseState(instance: Pick<EngineHistoricProcessInstance, 'state' | 'endTime'>): CaseState {
  const found = STATES.find((state) => state === instance.state);
  return found ?? (instance.endTime ? 'COMPLETED' : 'ACTIVE');
}

export function caseSummary(instance: EngineHistoricProcessInstance, values: Readonly<Record<string, unknown>>): CaseSummary {
  const key = instance.processDefinitionKey ?? definitionKeyOf(instance.processDefinitionId);
  const procedure = instance.processDefinitionName?.trim() || key;
  return {
    processInstanceId: instance.id,
    processDefinitionKey: key,
    procedure,
    title: caseTitle(key, procedure, values),
    caseNumber: caseFacts(key, values).caseNumber,
    businessKey: instance.businessKey,
    state: caseState(instance),
    startTime: isoDate(instance.startTime) ?? instance.startTime,
    endTime: isoDate(instance.endTime),
  };
}

/** Newest first (the engine sorts already; this keeps the order when lists are merged). */
export function newestFirst<T extends Pick<CaseSummary, 'startTime' | 'processInstanceId'>>(cases: readonly T[]): T[] {
  return [...cases].sort((a, b) => Date.parse(b.startTime) - Date.parse(a.startTime) || a.processInstanceId.localeCompare(b.processInstanceId));
}
