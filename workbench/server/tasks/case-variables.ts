/**
 * Where each procedure keeps what a task's title and columns show: the
 * target unit (for whom) and the case number (巡查编号 and its kin). Read
 * from the diagrams and forms; the first path with a value wins, because a
 * variable is set only from a certain stage on (patrolTarget after 摸底,
 * patrolId after the plan) and multi-instance bodies hold their own element
 * (unit, assignment, enterprise …).
 */
import { ProcessId } from '../../../workers/contract.ts';

/** A variable name, then fields into its (Json) value. */
export type VariablePath = readonly [variable: string, ...fields: string[]];

export interface CaseVariables {
  readonly caseNumber: readonly VariablePath[];
  readonly targetUnit: readonly VariablePath[];
}

const PATROL: CaseVariables = {
  caseNumber: [['patrolId']],
  targetUnit: [['patrolTarget', 'name'], ['patrolTargetName']],
};

export const CASE_VARIABLES: Readonly<Record<string, CaseVariables>> = {
  [ProcessId.safetyPatrol]: PATROL,
  [ProcessId.patrolEntry]: PATROL,
  [ProcessId.hazardRectification]: {
    caseNumber: [['findingId']],
    targetUnit: [['responsibleParty', 'name'], ['finding', 'responsibleUnit'], ['responsibleUnitName']],
  },
  [ProcessId.overdueEscalation]: {
    caseNumber: [['findingId']],
    targetUnit: [['overdueParty', 'name']],
  },
  [ProcessId.clueTransfer]: {
    caseNumber: [['transferLetter', 'letterNumber'], ['transferId']],
    targetUnit: [['finding', 'responsibleUnit'], ['patrolTarget', 'name'], ['transferLetter', 'receiverName']],
  },
  [ProcessId.comprehensiveSupervision]: {
    caseNumber: [['planNumber']],
    targetUnit: [['unit', 'unitName']],
  },
  [ProcessId.specialInspection]: {
    caseNumber: [['campaignId']],
    targetUnit: [['enterprise', 'unitName'], ['campaignName']],
  },
  [ProcessId.dailyInspection]: {
    caseNumber: [['planId']],
    targetUnit: [['assignment', 'targetName'], ['closing', 'responsibleUnit'], ['record', 'unitName'], ['industryAuthorityName']],
  },
};

/** The variable names to fetch for tasks of this process (none for a process we do not know). */
export function caseVariableNames(processDefinitionKey: string): string[] {
  const entry = CASE_VARIABLES[processDefinitionKey];
  if (!entry) return [];
  return [...new Set([...entry.caseNumber, ...entry.targetUnit].map((path) => path[0]))];
}

export function valueAt(values: Readonly<Record<string, unknown>>, path: VariablePath): string | null {
  let current: unknown = values[path[0]];
  for (const field of path.slice(1)) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return null;
    current = (current as Record<string, unknown>)[field];
  }
  if (typeof current === 'number' && Number.isFinite(current)) return String(current);
  return typeof current === 'string' && current.trim() !== '' ? current.trim() : null;
}

export function firstValue(values: Readonly<Record<string, unknown>>, paths: readonly VariablePath[]): string | null {
  for (const path of paths) {
    const value = valueAt(values, path);
    if (value !== null) return value;
  }
  return null;
}

export function caseFacts(processDefinitionKey: string, values: Readonly<Record<string, unknown>>): { caseNumber: string | null; targetUnit: string | null } {
  const entry = CASE_VARIABLES[processDefinitionKey];
  if (!entry) return { caseNumber: null, targetUnit: null };
  return { caseNumber: firstValue(values, entry.caseNumber), targetUnit: firstValue(values, entry.targetUnit) };
}
