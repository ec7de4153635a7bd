/**
 * A 重大问题 or a 不配合、干扰巡查 taken down by the 巡查组 on site, checked
 * before it is sent to the running patrol: the same messages and payloads
 * the REST path carries (processes/patrol-entry.bpmn, MajorIssueRaised and
 * ObstructionReported), which start MajorIssueHandling and ObstructionHandling.
 *
 * The limits are those of the task forms the text lands in, so the prefilled
 * 请示报告 / 交办 / 记录 forms accept it as it came: 5000 characters for a
 * description (patrol-major-issue-report, -assignment; the obstruction record
 * allows more), 200 for a unit (主送单位 / 涉及单位).
 */
import type { FieldError } from '../../api-types.ts';

const MAX_PATROL_ID_LENGTH = 64;
const MAX_DESCRIPTION_LENGTH = 5000;
const MAX_UNIT_LENGTH = 200;

export interface MajorIssueMessage {
  readonly patrolId: string;
  readonly majorIssue: { description: string; responsibleUnit: string };
}

export interface ObstructionMessage {
  readonly patrolId: string;
  readonly obstruction: { description: string };
}

export type Check<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly fields: FieldError[] };

type Input = Record<string, unknown>;

function inputOf(body: unknown): Input {
  return (body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Input;
}

/** A required text field, trimmed; its problem (missing, not text, too long) added to `fields`. */
function requiredText(input: Input, key: string, max: number, [zh, en]: readonly [zh: string, en: string], fields: FieldError[]): string | undefined {
  const raw = input[key];
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value === '') {
    fields.push({ field: key, zh: `请填写${zh}`, en: `enter ${en}` });
    return undefined;
  }
  if (value.length > max) {
    fields.push({ field: key, zh: `${zh}不能超过 ${max} 个字符`, en: `${en} may have at most ${max} characters` });
    return undefined;
  }
  return value;
}

export function parseMajorIssue(body: unknown): Check<MajorIssueMessage> {
  const input = inputOf(body);
  const fields: FieldError[] = [];
  const patrolId = requiredText(input, 'patrolId', MAX_PATROL_ID_LENGTH, ['巡查编号', 'the patrol number'], fields);
  const description = requiredText(input, 'description', MAX_DESCRIPTION_LENGTH, ['问题描述', 'the description of the issue'], fields);
  const responsibleUnit = requiredText(input, 'responsibleUnit', MAX_UNIT_LENGTH, ['责任单位', 'the responsible unit'], fields);
  if (!patrolId || !description || !responsibleUnit) return { ok: false, fields };
  return { ok: true, value: { patrolId, majorIssue: { description, responsibleUnit } } };
}

export function parseObstruction(body: unknown): Check<ObstructionMessage> {
  const input = inputOf(body);
  const fields: FieldError[] = [];
  const patrolId = requiredText(input, 'patrolId', MAX_PATROL_ID_LENGTH, ['巡查编号', 'the patrol number'], fields);
  const description = requiredText(input, 'description', MAX_DESCRIPTION_LENGTH, ['情况描述', 'what happened'], fields);
  if (!patrolId || !description) return { ok: false, fields };
  return { ok: true, value: { patrolId, obstruction: { description } } };
}
