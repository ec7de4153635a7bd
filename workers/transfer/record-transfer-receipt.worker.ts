/**
 * anquan.transfer.record-receipt: enters the receiving organ's 签收回执 against
 * the transfer in the 台账. The 办理结果 is a separate step with its own due
 * date (anquan.transfer.record-outcome), so a transfer that was received but
 * not yet handled is visible as such.
 *
 * The receipt arrives as MessageName.transferReceiptReceived with
 * `receipt: { receivedAt?, note? }`; without a time the receipt counts from
 * when the job ran. Recording twice changes nothing (the first time stays).
 */
import { JobType } from '../contract.ts';
import { InvalidVariablesError, instantField, maybeField, objectField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.recordTransferReceipt;

const inputSchema = {
  transferId: textField({ maxLength: 500 }),
  receipt: maybeField(
    objectField({
      receivedAt: maybeField(instantField()),
      note: maybeField(textField({ maxLength: 2000 })),
    }),
  ),
} as const;

const inputs = describeInputs(inputSchema, {
  transferId: { label: '移交编号', kind: 'text', defaultValue: '${transferId}', description: '移交函的移交编号（回执按它关联）' },
  receipt: { label: '签收回执', kind: 'expression', defaultValue: '${receipt}', description: '回执消息的内容 {receivedAt?, note?}；receivedAt 为带时区的 ISO-8601 时间，不填为当前时间' },
});

export interface RecordTransferReceiptInput {
  readonly transferId: string;
  readonly receivedAt?: string;
  readonly note?: string;
}

export type RecordTransferReceiptOutput = { receiptReceivedAt: string };

export function parseRecordTransferReceiptInput(variables: Readonly<Record<string, unknown>>): RecordTransferReceiptInput {
  const { transferId, receipt } = parseVariables(variables, inputSchema);
  return {
    transferId,
    ...(receipt?.receivedAt === undefined ? {} : { receivedAt: receipt.receivedAt }),
    ...(receipt?.note === undefined ? {} : { note: receipt.note }),
  };
}

export async function handleRecordTransferReceipt(
  input: RecordTransferReceiptInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<RecordTransferReceiptOutput> {
  const { ledger } = context.services;
  if ((await ledger.getTransfer(input.transferId)) === undefined) {
    throw new InvalidVariablesError([`变量 transferId 所指的移交 ${input.transferId} 不在台账中 / variable transferId: transfer ${input.transferId} is not in the ledger`]);
  }
  const { record, changed } = await ledger.recordTransferReceipt({
    transferId: input.transferId,
    receivedAt: input.receivedAt ?? context.job.activatedAt,
  });
  context.logger.info({ transferId: record.id, changed, receiptReceivedAt: record.receiptReceivedAt }, 'transfer receipt recorded');
  return { receiptReceivedAt: record.receiptReceivedAt ?? input.receivedAt ?? context.job.activatedAt };
}

export const recordTransferReceiptWorker = defineWorker<RecordTransferReceiptInput, RecordTransferReceiptOutput>({
  jobType,
  title: '线索移交：登记签收回执',
  inputs,
  description: '登记接收机关的签收回执（办理结果另行登记） / records the receiving organ\'s receipt of a transfer (the outcome is recorded separately)',
  parseInput: parseRecordTransferReceiptInput,
  handle: handleRecordTransferReceipt,
});
