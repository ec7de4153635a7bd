/**
 * anquan.ledger.update-finding-status: moves a finding along
 * 待整改 → 整改中 → 待复核 → 已销号 as the rectification loop advances; a
 * failed review sends it back from 待复核 to 整改中. With 已销号 it records
 * the 销号: who checked, how and when, and the 摘牌 of a listed hazard
 * (seed 003 审核把关销号; 004 二(一)2).
 */
import { JobType } from '../contract.ts';
import { FINDING_STATUSES, type FindingClosureInput, type FindingStatus } from '../ledger/index.ts';
import { choiceField, dateField, maybeField, objectField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.updateFindingStatus;

const inputSchema = {
  findingId: textField({ maxLength: 500 }),
  status: choiceField(FINDING_STATUSES),
  /** Why, e.g. the reviewer's comment; kept in the finding's status history. */
  note: maybeField(textField()),
  /** With 已销号: the record of the closing check. */
  closure: maybeField(
    objectField({
      checkedBy: textField({ maxLength: 500 }),
      method: textField({ maxLength: 500 }),
      checkedOn: dateField(),
      delisting: maybeField(objectField({ on: dateField(), documentNumber: maybeField(textField({ maxLength: 500 })) })),
    }),
  ),
} as const;

const inputs = describeInputs(inputSchema, {
  findingId: { label: '问题编号', kind: 'text', defaultValue: '${findingId}', description: '台账中的问题隐患编号（“问题隐患建立清单”的结果 findingId）' },
  status: { label: '新状态', kind: 'text', description: '整改状态：待整改 → 整改中 → 待复核 → 已销号，复核未通过时由待复核退回整改中；移交后为已移交', choices: FINDING_STATUSES },
  note: { label: '说明', kind: 'text', description: '状态变化的原因，如复核意见；记入问题的状态历史' },
  closure: {
    label: '销号记录',
    kind: 'expression',
    description: '随“已销号”登记的对象：{checkedBy 核查人, method 核查方式, checkedOn 核查日期, delisting?: {on 摘牌日期, documentNumber? 摘牌文号}}，如 ${maps.of("checkedBy", reviewers, "method", reviewMethod, "checkedOn", reviewDate)}',
  },
});

export interface UpdateFindingStatusInput {
  readonly findingId: string;
  readonly status: FindingStatus;
  readonly note?: string;
  readonly closure?: {
    readonly checkedBy: string;
    readonly method: string;
    readonly checkedOn: string;
    readonly delisting?: { readonly on: string; readonly documentNumber?: string | undefined } | undefined;
  };
}

export type UpdateFindingStatusOutput = { findingStatus: FindingStatus };

export function parseUpdateFindingStatusInput(variables: Readonly<Record<string, unknown>>): UpdateFindingStatusInput {
  return parseVariables(variables, inputSchema);
}

function closureInput(closure: NonNullable<UpdateFindingStatusInput['closure']>): FindingClosureInput {
  const { delisting } = closure;
  return {
    checkedBy: closure.checkedBy,
    method: closure.method,
    checkedOn: closure.checkedOn,
    ...(delisting === undefined ? {} : { delisting: { on: delisting.on, ...(delisting.documentNumber === undefined ? {} : { documentNumber: delisting.documentNumber }) } }),
  };
}

export async function handleUpdateFindingStatus(
  input: UpdateFindingStatusInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<UpdateFindingStatusOutput> {
  // A loop (复核不通过 → 整改中 → 待复核) enters the task again as a new element instance, so each pass is its own change.
  const { record, changed } = await context.services.ledger.updateFindingStatus({
    findingId: input.findingId,
    status: input.status,
    idempotencyKey: `${context.job.elementInstanceKey}:finding-status`,
    // Dated like the finding itself (found at the engine's time), so the history keeps its order.
    at: context.job.activatedAt,
    ...(input.note === undefined ? {} : { note: input.note }),
    ...(input.closure === undefined ? {} : { closure: closureInput(input.closure) }),
  });
  context.logger.info({ findingId: record.id, status: record.status, changed }, 'finding status updated');
  return { findingStatus: record.status };
}

export const updateFindingStatusWorker = defineWorker<UpdateFindingStatusInput, UpdateFindingStatusOutput>({
  jobType,
  title: '更新整改状态',
  inputs,
  description: '更新问题隐患整改状态（待整改/整改中/待复核/已移交/已销号），销号时登记核查人、方式、日期与摘牌 / moves a finding along its rectification states and records its closing check',
  parseInput: parseUpdateFindingStatusInput,
  handle: handleUpdateFindingStatus,
});
