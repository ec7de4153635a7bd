/**
 * The documents of a case as they were sent: every notice the notify worker
 * kept as `caseDocument_<element instance>` (进驻通知, 集中反馈意见, 函告 …) and
 * the 移交函 of a clue transfer (`transferLetter`: the issued letter `text`,
 * with 密级, 文号 and 签发人, once its leader approved it, the draft `body`
 * before; `sentAt` once anquan.transfer.send delivered it). They are variables of the case, so the
 * engine's authorizations decide who reads them, like everything else.
 */
import { isCaseDocumentVariable } from '../../../workers/notify/case-document.ts';
import type { CaseDocument } from '../../api-types.ts';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** The 公文 text as HTML: one paragraph per line (the full-width indent kept), an empty line as a gap. */
export function documentHtml(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  return lines.map((line) => (line.trim() === '' ? '<p class="gap"></p>' : `<p>${escapeHtml(line)}</p>`)).join('');
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Documents found among the variables, oldest first; documents not yet sent last. */
export function caseDocuments(variables: Readonly<Record<string, unknown>>): CaseDocument[] {
  const documents: CaseDocument[] = [];
  for (const [name, value] of Object.entries(variables)) {
    if (!isCaseDocumentVariable(name)) continue;
    const notice = record(value);
    const title = text(notice?.['title']);
    const body = text(notice?.['body']);
    if (!notice || !title || !body) continue;
    documents.push({
      id: name,
      title,
      kind: text(notice['kindLabel']) ?? text(notice['kind']) ?? '通知',
      sentAt: text(notice['sentAt']),
      html: documentHtml(body),
    });
  }
  const letter = record(variables['transferLetter']);
  const letterTitle = text(letter?.['title']);
  const letterBody = text(letter?.['text']) ?? text(letter?.['body']);
  if (letter && letterTitle && letterBody) {
    const sentAt = text(variables['sentAt']);
    const number = text(letter['letterNumber']);
    documents.push({
      id: 'transferLetter',
      title: number ? `${letterTitle}（${number}）` : letterTitle,
      kind: sentAt ? '移交函' : '移交函（待发送）',
      sentAt,
      html: documentHtml(letterBody),
    });
  }
  const time = (document: CaseDocument) => (document.sentAt === null ? Number.POSITIVE_INFINITY : Date.parse(document.sentAt));
  return documents.sort((a, b) => time(a) - time(b));
}

/** Variables that are documents are shown as documents, not as form data. */
export function isDocumentVariable(name: string): boolean {
  return isCaseDocumentVariable(name);
}
