/**
 * anquan.ledger.record-credit-listing: one event of a 严重失信主体名单 listing
 * in the 台账 (credit_listings, credit_listing_events, migration 13): 列入 (with
 * the unit, the deciding organ, the period and the public notice), a
 * 信用修复申请, its decision (信用修复通过 ends the listing early, 信用修复不予通过
 * keeps it) and 期满移出 at the end date. 000 第二十三条 依法依规实施失信惩戒.
 * The listing's id is the ledger id of its 联合惩戒 enforcement action.
 */
import { JobType } from '../contract.ts';
import { CREDIT_LISTING_EVENT_KINDS, type CreditListingEventKind } from '../ledger/credit-listings.ts';
import { choiceField, dateField, instantField, maybeField, objectField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.recordCreditListing;

const SHORT = { maxLength: 500 } as const;

const inputSchema = {
  listingId: textField(SHORT),
  listingEvent: choiceField(CREDIT_LISTING_EVENT_KINDS),
  note: maybeField(textField({ maxLength: 4_000 })),
  occurredAt: maybeField(instantField()),
  listing: maybeField(
    objectField({
      unitName: textField(SHORT),
      unitCreditCode: maybeField(textField(SHORT)),
      decidingOrgan: textField(SHORT),
      listedFrom: dateField(),
      listedUntil: dateField(),
      disclosureId: maybeField(textField(SHORT)),
    }),
  ),
} as const;

const inputs = describeInputs(inputSchema, {
  listingId: { label: '失信名单编号', kind: 'expression', defaultValue: '${listingId}', description: '名单编号（联合惩戒的台账编号），如 ${listingId}' },
  listingEvent: { label: '事项', kind: 'text', description: `${CREDIT_LISTING_EVENT_KINDS.join('、')} 之一` },
  note: { label: '说明', kind: 'text', description: '申请理由、审核意见或移出原因（可不填）' },
  occurredAt: { label: '发生时间', kind: 'text', description: '带时区的 ISO-8601 时间，如 ${repairDecisionDate}T09:00:00+08:00；不填为引擎激活任务的时间' },
  listing: {
    label: '名单信息',
    kind: 'expression',
    description: '列入时必填：{unitName, unitCreditCode?, decidingOrgan, listedFrom, listedUntil（YYYY-MM-DD）, disclosureId?}',
  },
});

export interface RecordCreditListingInput {
  readonly listingId: string;
  readonly listingEvent: CreditListingEventKind;
  readonly note?: string;
  readonly occurredAt?: string;
  readonly listing?: { unitName: string; unitCreditCode?: string; decidingOrgan: string; listedFrom: string; listedUntil: string; disclosureId?: string };
}

export type RecordCreditListingOutput = { creditListingStatus: string };

export function parseRecordCreditListingInput(variables: Readonly<Record<string, unknown>>): RecordCreditListingInput {
  return parseVariables(variables, inputSchema) as RecordCreditListingInput;
}

export async function handleRecordCreditListing(
  input: RecordCreditListingInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<RecordCreditListingOutput> {
  const { listing, isNew } = await context.services.ledger.recordCreditListingEvent({
    idempotencyKey: `${context.job.elementInstanceKey}:credit-listing`,
    listingId: input.listingId,
    kind: input.listingEvent,
    occurredAt: input.occurredAt ?? context.job.activatedAt,
    processInstanceKey: context.job.processInstanceKey,
    ...(input.note === undefined ? {} : { note: input.note }),
    ...(input.listing === undefined ? {} : { listing: input.listing }),
  });
  context.logger.info({ listingId: listing.id, event: input.listingEvent, status: listing.status, isNew }, 'credit listing event recorded in the ledger');
  return { creditListingStatus: listing.status };
}

export const recordCreditListingWorker = defineWorker<RecordCreditListingInput, RecordCreditListingOutput>({
  jobType,
  title: '登记失信名单事项',
  inputs,
  description: '严重失信主体名单入台账：列入、信用修复申请与审核结果、期满移出 / records a 失信 listing, its 信用修复 and its end in the ledger',
  parseInput: parseRecordCreditListingInput,
  handle: handleRecordCreditListing,
});
