/**
 * anquan.ledger.dispose-clue: a 问题线索 that was 核查 is disposed in the
 * 台账, so none stays recorded and forgotten (湖南制度四(二)4 闭环管理
 * "发现问题、建立清单、诊断分析、分类处置"; 江西办法第九条(一)(四)). Either
 * it became a finding (问题, with its category; the finding itself is
 * entered once by the procedure's 建立清单 step, with this clue's id) or it
 * is closed with a reason (核查不属实、已在办理 …). Both end the clue
 * (已办结), with the verification and the disposition as the note.
 */
import { FindingCategory, JobType } from '../contract.ts';
import { FINDING_CATEGORIES } from '../ledger/index.ts';
import { InvalidVariablesError, choiceField, maybeField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.disposeClue;

export const CLUE_DISPOSITIONS = ['finding', 'closed'] as const;
export type ClueDisposition = (typeof CLUE_DISPOSITIONS)[number];

const MAX_SHORT_TEXT_LENGTH = 500;

const inputSchema = {
  clueId: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
  disposition: choiceField(CLUE_DISPOSITIONS),
  /** 核查情况. */
  verification: textField(),
  /** For a finding: its category (000 第十条). */
  category: maybeField(choiceField(FINDING_CATEGORIES)),
  /** For a closed clue: why it is closed. */
  closeReason: maybeField(textField()),
} as const;

const inputs = describeInputs(inputSchema, {
  clueId: { label: '线索编号', kind: 'text', description: '台账中的线索编号，如 ${clueId}' },
  disposition: { label: '处置结果', kind: 'text', description: 'finding（转为问题，须填问题类别）或 closed（予以了结，须填了结理由）' },
  verification: { label: '核查情况', kind: 'text', description: '核查经过和结论，如 ${clueVerification}' },
  category: { label: '问题类别', kind: 'text', description: `转为问题时的类别：${FINDING_CATEGORIES.join('、')}` },
  closeReason: { label: '了结理由', kind: 'text', description: '予以了结时的理由，如核查不属实、已由有关部门依法处理' },
});

export interface DisposeClueInput {
  readonly clueId: string;
  readonly disposition: ClueDisposition;
  readonly verification: string;
  readonly category?: FindingCategory;
  readonly closeReason?: string;
}

export type DisposeClueOutput = { clueStatus: string };

export function parseDisposeClueInput(variables: Readonly<Record<string, unknown>>): DisposeClueInput {
  const parsed = parseVariables(variables, inputSchema);
  if (parsed.disposition === 'finding' && parsed.category === undefined) {
    throw new InvalidVariablesError([
      `转为问题的线索须填写问题类别（${FINDING_CATEGORIES.join('、')}） / a clue that became a finding needs its category (one of ${FINDING_CATEGORIES.join(', ')})`,
    ]);
  }
  if (parsed.disposition === 'closed' && parsed.closeReason === undefined) {
    throw new InvalidVariablesError(['予以了结的线索须填写了结理由 / a closed clue needs the reason it is closed']);
  }
  return {
    clueId: parsed.clueId,
    disposition: parsed.disposition,
    verification: parsed.verification,
    ...(parsed.category === undefined ? {} : { category: parsed.category }),
    ...(parsed.closeReason === undefined ? {} : { closeReason: parsed.closeReason }),
  };
}

/** The ledger note: what was found and what became of the clue. */
export function dispositionNote(input: DisposeClueInput): string {
  const outcome = input.disposition === 'finding' ? `核查属实，转为问题（${input.category}）` : `予以了结：${input.closeReason}`;
  return `${outcome}。核查情况：${input.verification}`;
}

export async function handleDisposeClue(input: DisposeClueInput, context: Pick<JobContext, 'job' | 'services' | 'logger'>): Promise<DisposeClueOutput> {
  const { ledger } = context.services;
  const clue = await ledger.getClue(input.clueId);
  if (clue === undefined) {
    throw new InvalidVariablesError([`台账中没有编号为 ${input.clueId} 的线索 / the ledger has no clue ${input.clueId}`]);
  }
  const { record, changed } = await ledger.updateClueStatus({
    idempotencyKey: `${context.job.elementInstanceKey}:dispose-clue`,
    clueId: input.clueId,
    status: '已办结',
    note: dispositionNote(input),
  });
  context.logger.info({ clueId: input.clueId, disposition: input.disposition, changed }, 'clue disposed in the ledger');
  return { clueStatus: record.status };
}

export const disposeClueWorker = defineWorker<DisposeClueInput, DisposeClueOutput>({
  jobType,
  title: '线索核查处置',
  inputs,
  description: '核查后的问题线索在台账中处置（转为问题或予以了结） / disposes a verified clue in the ledger (finding or closed with a reason)',
  parseInput: parseDisposeClueInput,
  handle: handleDisposeClue,
});
