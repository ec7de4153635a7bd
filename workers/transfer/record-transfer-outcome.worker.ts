/**
 * anquan.transfer.record-outcome: enters the receiving organ's 办理结果
 * against the transfer, closing the loop the 台账 tracks for every 移交. The
 * 签收回执 is recorded before, on its own (anquan.transfer.record-receipt);
 * a receipt time given here only fills one that is still missing.
 */
import { JobType } from '../contract.ts';
import { InvalidVariablesError, instantField, maybeField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.recordTransferOutcome;

const inputSchema = {
  transferId: textField({ maxLength: 500 }),
  /** When the 回执 arrived; defaults to now. */
  receiptReceivedAt: maybeField(instantField()),
  /** 办理结果 as the receiver reported it. */
  outcome: textField(),
  /** Who handled it on the receiver's side, e.g. 县纪委监委第三审查调查室. */
  handledBy: maybeField(textField({ maxLength: 500 })),
} as const;

const inputs = describeInputs(inputSchema, {
  transferId: { label: '移交编号', kind: 'text', defaultValue: '${transferLetter.transferId}', description: '移交函的移交编号（回执按它关联）' },
  receiptReceivedAt: { label: '回执收到时间', kind: 'text', description: '带时区的 ISO-8601 时间，如 ${receipt.receivedAt}；不填为当前时间' },
  outcome: { label: '办理结果', kind: 'text', description: '接收机关反馈的办理结果' },
  handledBy: { label: '承办单位', kind: 'text', description: '接收方的承办部门，如 县纪委监委第三审查调查室' },
});

export interface RecordTransferOutcomeInput {
  readonly transferId: string;
  readonly receiptReceivedAt?: string;
  readonly outcome: string;
  readonly handledBy?: string;
}

export type RecordTransferOutcomeOutput = { transferOutcomeRecorded: true };

export function parseRecordTransferOutcomeInput(variables: Readonly<Record<string, unknown>>): RecordTransferOutcomeInput {
  return parseVariables(variables, inputSchema);
}

export async function handleRecordTransferOutcome(
  input: RecordTransferOutcomeInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<RecordTransferOutcomeOutput> {
  const { ledger } = context.services;
  if ((await ledger.getTransfer(input.transferId)) === undefined) {
    throw new InvalidVariablesError([`变量 transferId 所指的移交 ${input.transferId} 不在台账中 / variable transferId: transfer ${input.transferId} is not in the ledger`]);
  }
  // The ledger keeps one outcome text, so the handling organ is written into it rather than lost.
  const outcome = input.handledBy === undefined ? input.outcome : `${input.outcome}（承办：${input.handledBy}）`;
  const { record, changed } = await ledger.recordTransferReceipt({
    transferId: input.transferId,
    outcome,
    receivedAt: input.receiptReceivedAt ?? context.job.activatedAt,
  });
  context.logger.info({ transferId: record.id, changed, receiptReceivedAt: record.receiptReceivedAt }, 'transfer outcome recorded');
  return { transferOutcomeRecorded: true };
}

export const recordTransferOutcomeWorker = defineWorker<RecordTransferOutcomeInput, RecordTransferOutcomeOutput>({
  jobType,
  title: '线索移交：登记办理结果',
  inputs,
  description: '登记移交的办理结果（签收回执另行登记） / records the outcome of a transfer (the receipt is recorded on its own)',
  parseInput: parseRecordTransferOutcomeInput,
  handle: handleRecordTransferOutcome,
});
