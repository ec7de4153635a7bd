/**
 * What the unit tests of deploy/ share about the shipped diagrams.
 */
import path from 'node:path';

/**
 * The three diagrams issue 12 redraws (综合督查、专项检查、日常监督检查) are still
 * too large for the modeler's fit-to-screen to keep their labels readable.
 * Only that one rule is waived for them, and only until issue 12 lands;
 * `npm run lint:bpmn` still shows the warning to a process owner.
 */
const UNREADABLE_UNTIL_ISSUE_12: ReadonlySet<string> = new Set(['comprehensive-supervision.bpmn', 'daily-inspection.bpmn', 'special-inspection.bpmn']);

/** Whether a layout problem of a shipped diagram is the one waived above. */
export function waivedUntilIssue12(file: string, rule: string): boolean {
  return rule === 'layout/unreadable' && UNREADABLE_UNTIL_ISSUE_12.has(path.basename(file));
}
