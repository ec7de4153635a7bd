/**
 * anquan.ledger.record-clues: enters 问题线索 in the 台账, either the list
 * gathered during 摸底分析 (`clues`) or the single 来信来电举报 that a message
 * brought in while the team is on site (`clue`).
 */
import { JobType } from '../contract.ts';
import { CLUE_SOURCES, type ClueSource } from '../ledger/index.ts';
import { InvalidVariablesError, choiceField, instantField, listField, maybeField, objectField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.recordClues;

/** Above this a list is almost certainly a modelling mistake (a whole table mapped in), not a survey's clues. */
export const MAX_CLUES_PER_JOB = 500;
/** Same bound as the ledger's short texts: a phone number, an address, a name. */
const MAX_CONTACT_LENGTH = 500;

const clueSchema = {
  source: choiceField(CLUE_SOURCES),
  content: textField(),
  reporterContact: maybeField(textField({ maxLength: MAX_CONTACT_LENGTH })),
  receivedAt: maybeField(instantField()),
} as const;

const inputSchema = {
  // A 摸底 that found no clue is a normal outcome: an empty list records nothing.
  clues: maybeField(listField(objectField(clueSchema), { minItems: 0, maxItems: MAX_CLUES_PER_JOB })),
  clue: maybeField(objectField(clueSchema)),
} as const;

const CLUE_SHAPE = `{source, content, reporterContact?, receivedAt?}，source 为 ${CLUE_SOURCES.join('、')} 之一`;

const inputs = describeInputs(inputSchema, {
  clues: { label: '线索列表', kind: 'expression', description: `摸底等收集的多条线索，与“单条线索”二者填其一：列表，每项 ${CLUE_SHAPE}；空列表不登记` },
  clue: { label: '单条线索', kind: 'expression', description: `一条线索（如来信来电举报 \${report}），与“线索列表”二者填其一：${CLUE_SHAPE}` },
});

export interface ClueToRecord {
  readonly source: ClueSource;
  readonly content: string;
  readonly reporterContact?: string;
  readonly receivedAt?: string;
}

export interface RecordCluesInput {
  readonly clues: readonly ClueToRecord[];
  /** True when the job carried one `clue`; the output then also names it as `clueId`. */
  readonly single: boolean;
}

export type RecordCluesOutput = { clueIds: string[]; clueId?: string };

export function parseRecordCluesInput(variables: Readonly<Record<string, unknown>>): RecordCluesInput {
  const { clues, clue } = parseVariables(variables, inputSchema);
  if (clues !== undefined && clue !== undefined) {
    // Both in scope means the task sees a 摸底 list and a 举报 at once; recording both would duplicate one of them later.
    throw new InvalidVariablesError([
      '变量 clues 与 clue 只能有一个，请在任务的输入映射中只传入其一 / variables clues and clue are mutually exclusive; map only one of them into the task',
    ]);
  }
  if (clues === undefined && clue === undefined) {
    throw new InvalidVariablesError(['缺少变量 clues（线索列表）或 clue（单条线索） / variable clues (a list) or clue (one clue) is missing']);
  }
  const single = clue !== undefined;
  return { clues: clues ?? [clue as ClueToRecord], single };
}

export async function handleRecordClues(input: RecordCluesInput, context: Pick<JobContext, 'job' | 'services' | 'logger'>): Promise<RecordCluesOutput> {
  const { ledger } = context.services;
  const clueIds: string[] = [];
  // One at a time, in order: the index is part of the key, and a retry must meet the same clue at the same index.
  for (const [index, clue] of input.clues.entries()) {
    const { record } = await ledger.recordClue({
      idempotencyKey: `${context.job.elementInstanceKey}:clue:${index}`,
      source: clue.source,
      content: clue.content,
      ...(clue.reporterContact === undefined ? {} : { reporterContact: clue.reporterContact }),
      ...(clue.receivedAt === undefined ? {} : { receivedAt: clue.receivedAt }),
      processInstanceKey: context.job.processInstanceKey,
    });
    clueIds.push(record.id);
  }
  context.logger.info({ clueCount: clueIds.length }, 'clues recorded in the ledger');
  return input.single ? { clueIds, clueId: clueIds[0] as string } : { clueIds };
}

export const recordCluesWorker = defineWorker<RecordCluesInput, RecordCluesOutput>({
  jobType,
  title: '登记问题线索',
  inputs,
  description: '问题线索登记入台账 / records clues (摸底, 来信来电举报) in the ledger',
  parseInput: parseRecordCluesInput,
  handle: handleRecordClues,
});
