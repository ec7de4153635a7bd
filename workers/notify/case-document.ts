/**
 * A notice as it was sent, kept as a process variable of the case
 * (`caseDocument_<element instance>`), so the staff workbench shows the
 * document read-only and the engine's authorizations decide who reads it,
 * as for every other variable of the case.
 *
 * The name comes from the element instance, which a retried or redelivered
 * job keeps: a retry writes the same variable again instead of a second one.
 */
import type { JsonObject } from '../worker-definition.ts';

export const CASE_DOCUMENT_VARIABLE_PREFIX = 'caseDocument_';

export type CaseDocumentVariable = JsonObject & {
  /** The notice type (contract NoticeType), e.g. `entry-notice`. */
  kind: string;
  /** Its Chinese name, e.g. 进驻通知. */
  kindLabel: string;
  /** The subject line as sent. */
  title: string;
  /** The text as sent (公文 frame included). */
  body: string;
  /** ISO 8601: when the job that sent it ran. */
  sentAt: string;
  /** 主送 and 抄送 by name. */
  recipients: string[];
  cc: string[];
};

export function caseDocumentVariableName(elementInstanceKey: string): string {
  // Activity instance ids carry ':' (`SendEntryNotice:8f2…`); a plain name stays readable in Cockpit.
  return `${CASE_DOCUMENT_VARIABLE_PREFIX}${elementInstanceKey.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

export function isCaseDocumentVariable(name: string): boolean {
  return name.startsWith(CASE_DOCUMENT_VARIABLE_PREFIX);
}
