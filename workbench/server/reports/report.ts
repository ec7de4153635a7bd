/**
 * A 来信来电举报 taken by the 巡查组 by phone or in person, checked before it
 * is sent to the running patrol as MessageName.patrolReportReceived: the
 * same message (correlation key patrolId, payload `report`) the REST path
 * carries, recorded by anquan.ledger.record-clues as a clue.
 */
import { CLUE_SOURCES } from '../../../workers/ledger/types.ts';
import type { FieldError } from '../../api-types.ts';

/** record-clues keeps a reporter's contact in at most this many characters. */
const MAX_CONTACT_LENGTH = 200;
const MAX_CONTENT_LENGTH = 5000;

export interface PatrolReport {
  readonly patrolId: string;
  readonly report: { source: string; content: string; reporterContact?: string; receivedAt: string };
}

export type ReportCheck = { readonly ok: true; readonly value: PatrolReport } | { readonly ok: false; readonly fields: FieldError[] };

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function parsePatrolReport(body: unknown, now: Date): ReportCheck {
  const input = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const fields: FieldError[] = [];
  const patrolId = optionalText(input['patrolId']);
  if (!patrolId) fields.push({ field: 'patrolId', zh: '请填写巡查编号', en: 'enter the patrol number' });
  const source = optionalText(input['source']);
  if (!source || !(CLUE_SOURCES as readonly string[]).includes(source)) {
    fields.push({ field: 'source', zh: `举报来源应为 ${CLUE_SOURCES.join('、')} 之一`, en: `the source must be one of ${CLUE_SOURCES.join(', ')}` });
  }
  const content = optionalText(input['content']);
  if (!content) fields.push({ field: 'content', zh: '请填写举报内容', en: 'enter what was reported' });
  else if (content.length > MAX_CONTENT_LENGTH) {
    fields.push({ field: 'content', zh: `举报内容不能超过 ${MAX_CONTENT_LENGTH} 个字符`, en: `the report may have at most ${MAX_CONTENT_LENGTH} characters` });
  }
  const reporterContact = optionalText(input['reporterContact']);
  if (reporterContact !== undefined && reporterContact.length > MAX_CONTACT_LENGTH) {
    fields.push({ field: 'reporterContact', zh: `联系方式不能超过 ${MAX_CONTACT_LENGTH} 个字符`, en: `the contact may have at most ${MAX_CONTACT_LENGTH} characters` });
  }
  const receivedAtText = optionalText(input['receivedAt']);
  const receivedAtValid = receivedAtText === undefined || (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(receivedAtText) && !Number.isNaN(Date.parse(receivedAtText)));
  if (!receivedAtValid) {
    fields.push({ field: 'receivedAt', zh: '受理时间应为带时区的日期时间，如 2026-09-08T10:30+08:00', en: 'the time received must be a date-time with offset, e.g. 2026-09-08T10:30+08:00' });
  }
  if (fields.length > 0 || !patrolId || !source || !content) return { ok: false, fields };
  return {
    ok: true,
    value: {
      patrolId,
      report: { source, content, ...(reporterContact ? { reporterContact } : {}), receivedAt: receivedAtText ?? now.toISOString() },
    },
  };
}
