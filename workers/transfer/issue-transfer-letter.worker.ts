/**
 * anquan.transfer.issue-letter (编号签发): once the transferring organ's leader
 * has approved and signed the 移交函, gives it its 文号 — the next serial of
 * the series (jurisdiction, 机关代字, year) in the ledger, e.g.
 * 盐安巡移〔2026〕3号 — and composes the document that is sent: 密级, 发文机关,
 * 文号 and 签发人, title, 主送 (the actual unit), 正文, 附件, 发文机关署名 and date.
 *
 * The number is allocated under the key `transfer-letter:<transferId>`: the
 * same letter always gets the same number, a retried job never takes a
 * second one (workers/ledger/letter-serials.ts).
 */
import { JobType, JurisdictionId } from '../contract.ts';
import { toChinaDate } from '../deadline/calendar.ts';
import type { IsoDate } from '../deadline/calendar.ts';
import { InvalidVariablesError, choiceField, maybeField, objectField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
import { chineseDate } from './prepare-transfer-letter.worker.ts';

export const jobType = JobType.issueTransferLetter;

/** 密级 of a 公文 (GB/T 9704 密级和保密期限); 无 prints none. */
export const CLASSIFICATIONS = ['无', '内部', '秘密', '机密'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

const SHORT_TEXT = { maxLength: 500 } as const;

const inputSchema = {
  /** The approved draft (named apart from the output transferLetter, which an input mapping of that name would shadow). */
  letter: objectField({
    transferId: textField(SHORT_TEXT),
    /** A profile id, as the draft carries it: a series of 文号 per unknown id would clash with the known one's numbers. */
    jurisdiction: choiceField(Object.values(JurisdictionId)),
    letterNumberPrefix: textField({ maxLength: 40 }),
    receiverName: textField(SHORT_TEXT),
    title: textField(SHORT_TEXT),
    body: textField(),
    issuer: textField(SHORT_TEXT),
  }),
  /** 签发人: the leader who signed, as the approval form recorded. */
  signatory: textField({ maxLength: 50 }),
  classification: choiceField(CLASSIFICATIONS),
  /** 附件 names, one per line; the files themselves are task attachments of the case. */
  attachments: maybeField(textField({ maxLength: 2000 })),
} as const;

const inputs = describeInputs(inputSchema, {
  letter: { label: '移交函', kind: 'expression', defaultValue: '${transferLetter}', description: '审批通过的移交函（“线索移交：拟制移交函”的结果，可经修改）' },
  signatory: { label: '签发人', kind: 'text', description: '签发移交函的负责人姓名，如 ${transferSignatory}' },
  classification: { label: '密级', kind: 'text', description: '移交函密级', choices: CLASSIFICATIONS },
  attachments: { label: '附件', kind: 'text', description: '附件名称，每行一件，如 ${transferAttachments}；文件以任务附件上传' },
});

export interface IssueTransferLetterInput {
  readonly letter: Readonly<Record<string, unknown>> & {
    readonly transferId: string;
    readonly jurisdiction: string;
    readonly letterNumberPrefix: string;
    readonly receiverName: string;
    readonly title: string;
    readonly body: string;
    readonly issuer: string;
  };
  readonly signatory: string;
  readonly classification: Classification;
  readonly attachments: readonly string[];
}

export type IssueTransferLetterOutput = { transferLetter: Record<string, string> };

export function parseIssueTransferLetterInput(variables: Readonly<Record<string, unknown>>): IssueTransferLetterInput {
  const parsed = parseVariables(variables, inputSchema);
  const raw = variables['letter'];
  if (raw === null || typeof raw !== 'object') throw new InvalidVariablesError(['变量 letter 应为对象 / variable letter must be an object']);
  const attachments = (parsed.attachments ?? '')
    .split('\n')
    .map((line) => line.replace(/^\s*\d+[.．、]\s*/, '').trim())
    .filter((line) => line !== '');
  return {
    // Parsing trims; the 正文 keeps its paragraphs' 首行缩进 (the full-width spaces a trim would drop).
    letter: { ...(raw as Record<string, unknown>), ...parsed.letter, body: String((raw as Record<string, unknown>)['body']).replace(/\s+$/u, '') },
    signatory: parsed.signatory,
    classification: parsed.classification,
    attachments,
  };
}

/** The document as sent: the parts of a 函 in their 公文 order. */
export function composeIssuedLetter(
  input: IssueTransferLetterInput,
  issued: { readonly letterNumber: string; readonly date: IsoDate },
): string {
  const { letter } = input;
  return [
    ...(input.classification === '无' ? [] : [`密级：${input.classification}`]),
    letter.issuer,
    `${issued.letterNumber}　　　　签发人：${input.signatory}`,
    '',
    letter.title,
    '',
    `${letter.receiverName}：`,
    letter.body,
    ...(input.attachments.length === 0
      ? []
      : ['', `附件：${input.attachments.map((name, index) => `${index + 1}．${name}`).join('\n　　　')}`]),
    '',
    letter.issuer,
    chineseDate(issued.date),
  ].join('\n');
}

export async function handleIssueTransferLetter(
  input: IssueTransferLetterInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<IssueTransferLetterOutput> {
  const { job, services } = context;
  const date = toChinaDate(job.activatedAt) as IsoDate;
  const { record, isNew } = await services.ledger.allocateLetterNumber({
    idempotencyKey: `transfer-letter:${input.letter.transferId}`,
    jurisdiction: input.letter.jurisdiction,
    prefix: input.letter.letterNumberPrefix,
    year: Number(date.slice(0, 4)),
    processInstanceKey: job.processInstanceKey,
  });
  // The 文号's year and the date printed belong together, also for a retry on the first day of a new year.
  const issuedDate = record.year === Number(date.slice(0, 4)) ? date : (`${record.year}-12-31` as IsoDate);
  const text = composeIssuedLetter(input, { letterNumber: record.letterNumber, date: issuedDate });
  context.logger.info({ transferId: input.letter.transferId, letterNumber: record.letterNumber, isNew }, 'transfer letter numbered and issued');
  const transferLetter: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.letter)) if (typeof value === 'string') transferLetter[key] = value;
  return {
    transferLetter: {
      ...transferLetter,
      letterNumber: record.letterNumber,
      signatory: input.signatory,
      classification: input.classification,
      attachments: input.attachments.join('\n'),
      date: issuedDate,
      text,
    },
  };
}

export const issueTransferLetterWorker = defineWorker<IssueTransferLetterInput, IssueTransferLetterOutput>({
  jobType,
  title: '线索移交：编号签发',
  inputs,
  description: '按辖区、机关代字和年度连续编号并生成签发的移交函 / numbers the approved transfer letter (sequential per jurisdiction, prefix and year) and composes it',
  parseInput: parseIssueTransferLetterInput,
  handle: handleIssueTransferLetter,
});
