/**
 * anquan.disclosure.withdraw: takes a public notice off the public page and
 * feed, e.g. the 严重失信主体名单 notice of a listing that ended by 信用修复 or at
 * its end date (000 第二十三条). The ledger keeps the notice, with the
 * withdrawal's date and reason (disclosure_withdrawals, migration 13); a
 * redelivered job withdraws nothing twice and rewrites the pages again.
 */
import { JobType } from '../contract.ts';
import { parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
import { MAX_LISTED_DISCLOSURES } from './public-site.ts';

export const jobType = JobType.withdrawDisclosure;

const inputSchema = {
  disclosureId: textField({ maxLength: 500 }),
  withdrawalReason: textField({ maxLength: 4_000 }),
} as const;

const inputs = describeInputs(inputSchema, {
  disclosureId: { label: '公开记录编号', kind: 'expression', defaultValue: '${disclosureId}', description: '要撤下的公开记录（anquan.disclosure.publish 输出的 disclosureId）' },
  withdrawalReason: { label: '撤下原因', kind: 'text', description: '如：信用修复，提前移出严重失信主体名单' },
});

export interface WithdrawDisclosureInput {
  readonly disclosureId: string;
  readonly withdrawalReason: string;
}

export type WithdrawDisclosureOutput = { withdrawnAt: string };

export function parseWithdrawDisclosureInput(variables: Readonly<Record<string, unknown>>): WithdrawDisclosureInput {
  return parseVariables(variables, inputSchema);
}

export async function handleWithdrawDisclosure(
  input: WithdrawDisclosureInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<WithdrawDisclosureOutput> {
  const { ledger, publicSite } = context.services;
  const { isNew, withdrawnAt } = await ledger.withdrawDisclosure({
    disclosureId: input.disclosureId,
    reason: input.withdrawalReason,
    withdrawnAt: context.job.activatedAt,
    processInstanceKey: context.job.processInstanceKey,
  });
  // Rewritten on a retry too: the attempt that recorded the withdrawal may have stopped before the pages were written.
  await publicSite.regenerate(await ledger.listDisclosures({ limit: MAX_LISTED_DISCLOSURES }), context.job.activatedAt);
  context.logger.info({ disclosureId: input.disclosureId, withdrawnAt, isNew }, 'disclosure withdrawn');
  return { withdrawnAt };
}

export const withdrawDisclosureWorker = defineWorker<WithdrawDisclosureInput, WithdrawDisclosureOutput>({
  jobType,
  title: '撤下公开信息',
  inputs,
  description: '从公开页面和 JSON Feed 撤下一条公开信息（如失信名单移出），台账保留撤下记录 / withdraws a public notice',
  parseInput: parseWithdrawDisclosureInput,
  handle: handleWithdrawDisclosure,
});
