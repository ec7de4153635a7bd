/**
 * 严重失信主体名单 in the ledger (migration 13): a listing (000 第二十三条
 * 依法依规实施失信惩戒), what happened to it (列入, 信用修复申请, 信用修复不予通过,
 * 信用修复通过, 期满移出) and, when it ends, how. A listing ends once: early by
 * 信用修复, or at its end date. The public notice of a listing that ended is
 * withdrawn (`disclosure_withdrawals`): the public page and feed stop showing it,
 * the ledger keeps it with the withdrawal's date and reason.
 *
 * Every event is written once per idempotency key (a redelivered job adds
 * nothing); an event for an unknown listing, a second end or an event after the
 * end is refused (LedgerInputError).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { InputCheck, MAX_SHORT_TEXT_LENGTH } from './validation.ts';

export const CREDIT_LISTING_EVENT_KINDS = ['列入', '信用修复申请', '信用修复不予通过', '信用修复通过', '期满移出'] as const;
export type CreditListingEventKind = (typeof CREDIT_LISTING_EVENT_KINDS)[number];
/** The events that end a listing, and the status each leaves. */
export const ENDING_EVENTS: Readonly<Partial<Record<CreditListingEventKind, CreditListingStatus>>> = {
  信用修复通过: '信用修复移出',
  期满移出: '期满移出',
};
export const CREDIT_LISTING_STATUSES = ['列入', '信用修复移出', '期满移出'] as const;
export type CreditListingStatus = (typeof CREDIT_LISTING_STATUSES)[number];

const MAX_NOTE_LENGTH = 4_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface CreditListingRow {
  id: string;
  unit_name: string;
  unit_credit_code: string | null;
  deciding_organ: string;
  listed_from: string;
  listed_until: string;
  status: string;
  disclosure_id: string | null;
  process_instance_key: string | null;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CreditListingEventRow {
  id: string;
  idempotency_key: string;
  listing_id: string;
  kind: string;
  note: string | null;
  occurred_at: string;
  process_instance_key: string | null;
  created_at: string;
}

export interface DisclosureWithdrawalRow {
  disclosure_id: string;
  reason: string;
  withdrawn_at: string;
  process_instance_key: string | null;
  created_at: string;
}

/** The tables this module owns, for its own queries. */
export interface CreditListingTables {
  credit_listings: CreditListingRow;
  credit_listing_events: CreditListingEventRow;
  disclosure_withdrawals: DisclosureWithdrawalRow;
  disclosures: { id: string };
}

type Db = Kysely<CreditListingTables> | Transaction<CreditListingTables>;

/** Creates the three tables; part of migration 13 (enforcement-findings.ts). */
export async function createCreditListingTables(db: Kysely<any>, instant: string): Promise<void> {
  const type = instant as 'text';
  await db.schema
    .createTable('credit_listings')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('unit_name', 'text', (column) => column.notNull())
    .addColumn('unit_credit_code', 'text')
    .addColumn('deciding_organ', 'text', (column) => column.notNull())
    .addColumn('listed_from', 'text', (column) => column.notNull())
    .addColumn('listed_until', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('disclosure_id', 'text', (column) => column.references('disclosures.id'))
    .addColumn('process_instance_key', 'text')
    .addColumn('ended_at', type)
    .addColumn('created_at', type, (column) => column.notNull())
    .addColumn('updated_at', type, (column) => column.notNull())
    .execute();
  await db.schema.createIndex('credit_listings_unit').on('credit_listings').columns(['unit_credit_code', 'status']).execute();
  await db.schema
    .createTable('credit_listing_events')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('idempotency_key', 'text', (column) => column.notNull().unique())
    .addColumn('listing_id', 'text', (column) => column.notNull().references('credit_listings.id'))
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('note', 'text')
    .addColumn('occurred_at', type, (column) => column.notNull())
    .addColumn('process_instance_key', 'text')
    .addColumn('created_at', type, (column) => column.notNull())
    .execute();
  await db.schema.createIndex('credit_listing_events_listing').on('credit_listing_events').column('listing_id').execute();
  await db.schema
    .createTable('disclosure_withdrawals')
    .addColumn('disclosure_id', 'text', (column) => column.primaryKey().references('disclosures.id'))
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('withdrawn_at', type, (column) => column.notNull())
    .addColumn('process_instance_key', 'text')
    .addColumn('created_at', type, (column) => column.notNull())
    .execute();
}

export interface CreditListingEventInput {
  readonly idempotencyKey: string;
  /** The listing's id: the ledger id of its 联合惩戒 enforcement action. */
  readonly listingId: string;
  readonly kind: CreditListingEventKind;
  readonly note?: string;
  readonly occurredAt: string;
  readonly processInstanceKey?: string;
  /** For 列入 only. */
  readonly listing?: {
    readonly unitName: string;
    readonly unitCreditCode?: string;
    readonly decidingOrgan: string;
    readonly listedFrom: string;
    readonly listedUntil: string;
    readonly disclosureId?: string;
  };
}

export interface CreditListing {
  readonly id: string;
  readonly unitName: string;
  readonly unitCreditCode: string | null;
  readonly decidingOrgan: string;
  readonly listedFrom: string;
  readonly listedUntil: string;
  readonly status: CreditListingStatus;
  readonly disclosureId: string | null;
  readonly processInstanceKey: string | null;
  readonly endedAt: string | null;
  readonly events: readonly { readonly kind: CreditListingEventKind; readonly note: string | null; readonly occurredAt: string }[];
}

function day(check: InputCheck, name: string, value: unknown): string {
  const text = check.text(name, value, 10);
  if (!ISO_DAY.test(text)) check.problem(`${name} 应为 YYYY-MM-DD 日期`, `${name} must be a YYYY-MM-DD date`);
  return text;
}

/** Records one event of a listing (and, for 列入, the listing; for an ending event, its end). */
export async function recordCreditListingEvent(
  transact: <T>(work: (transaction: Transaction<CreditListingTables>) => Promise<T>) => Promise<T>,
  input: CreditListingEventInput,
  now: () => Date,
): Promise<{ isNew: boolean; listing: CreditListing }> {
  const check = new InputCheck('recordCreditListingEvent');
  const key = check.idempotencyKey(input.idempotencyKey);
  const listingId = check.text('listingId', input.listingId, MAX_SHORT_TEXT_LENGTH);
  const kind = check.choice('kind', input.kind, CREDIT_LISTING_EVENT_KINDS);
  const note = check.optionalText('note', input.note, MAX_NOTE_LENGTH);
  const occurredAt = check.instant('occurredAt', input.occurredAt, now);
  const processInstanceKey = check.optionalText('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH);
  const stamp = now().toISOString();
  let listingRow: CreditListingRow | undefined;
  if (kind === '列入') {
    const listing = input.listing;
    if (listing === undefined) check.problem('列入须给出名单信息 listing', 'a 列入 event needs the listing');
    else {
      listingRow = {
        id: listingId,
        unit_name: check.text('listing.unitName', listing.unitName, MAX_SHORT_TEXT_LENGTH),
        unit_credit_code: check.optionalText('listing.unitCreditCode', listing.unitCreditCode, MAX_SHORT_TEXT_LENGTH),
        deciding_organ: check.text('listing.decidingOrgan', listing.decidingOrgan, MAX_SHORT_TEXT_LENGTH),
        listed_from: day(check, 'listing.listedFrom', listing.listedFrom),
        listed_until: day(check, 'listing.listedUntil', listing.listedUntil),
        status: '列入',
        disclosure_id: check.optionalText('listing.disclosureId', listing.disclosureId, MAX_SHORT_TEXT_LENGTH),
        process_instance_key: processInstanceKey,
        ended_at: null,
        created_at: stamp,
        updated_at: stamp,
      };
      if (listingRow.listed_until <= listingRow.listed_from) check.problem('列入期限的截止日须晚于起始日', 'listedUntil must be after listedFrom');
    }
  }
  return transact(async (transaction) => {
    const seen = await transaction.selectFrom('credit_listing_events').select('id').where('idempotency_key', '=', key).executeTakeFirst();
    if (seen) {
      check.done();
      return { isNew: false, listing: await loadListing(transaction, listingId) };
    }
    const existing = await transaction.selectFrom('credit_listings').selectAll().where('id', '=', listingId).executeTakeFirst();
    if (kind === '列入' && existing) check.problem(`失信名单 ${listingId} 已列入`, `listing ${listingId} exists already`);
    if (kind !== '列入' && !existing) check.problem(`失信名单 ${listingId} 不存在`, `listing ${listingId} does not exist`);
    if (kind !== '列入' && existing && existing.status !== '列入') {
      check.problem(`失信名单 ${listingId} 已于 ${existing.ended_at} ${existing.status}，不再记录「${kind}」`, `listing ${listingId} ended (${existing.status}); no ${kind} after that`);
    }
    if (listingRow?.disclosure_id) {
      const disclosure = await transaction.selectFrom('disclosures').select('id').where('id', '=', listingRow.disclosure_id).executeTakeFirst();
      if (!disclosure) check.problem(`公开记录 ${listingRow.disclosure_id} 不存在`, `disclosure ${listingRow.disclosure_id} does not exist`);
    }
    check.done();
    if (listingRow) await transaction.insertInto('credit_listings').values(listingRow).execute();
    await transaction
      .insertInto('credit_listing_events')
      .values({ id: randomUUID(), idempotency_key: key, listing_id: listingId, kind, note, occurred_at: occurredAt, process_instance_key: processInstanceKey, created_at: stamp })
      .execute();
    const ending = ENDING_EVENTS[kind];
    if (ending !== undefined) {
      await transaction.updateTable('credit_listings').set({ status: ending, ended_at: occurredAt, updated_at: stamp }).where('id', '=', listingId).execute();
    }
    return { isNew: true, listing: await loadListing(transaction, listingId) };
  });
}

async function loadListing(db: Db, id: string): Promise<CreditListing> {
  const row = await db.selectFrom('credit_listings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const events = await db.selectFrom('credit_listing_events').selectAll().where('listing_id', '=', id).orderBy('occurred_at').orderBy('created_at').execute();
  return {
    id: row.id,
    unitName: row.unit_name,
    unitCreditCode: row.unit_credit_code,
    decidingOrgan: row.deciding_organ,
    listedFrom: row.listed_from,
    listedUntil: row.listed_until,
    status: row.status as CreditListingStatus,
    disclosureId: row.disclosure_id,
    processInstanceKey: row.process_instance_key,
    endedAt: row.ended_at === null ? null : new Date(row.ended_at).toISOString(),
    events: events.map((event) => ({ kind: event.kind as CreditListingEventKind, note: event.note, occurredAt: new Date(event.occurred_at).toISOString() })),
  };
}

export async function getCreditListing(db: Db, id: string): Promise<CreditListing | undefined> {
  const row = await db.selectFrom('credit_listings').select('id').where('id', '=', id).executeTakeFirst();
  return row ? loadListing(db, id) : undefined;
}

/** Withdraws a public notice once; the first withdrawal's reason and date stay. */
export async function withdrawDisclosure(
  db: Db,
  input: { readonly disclosureId: string; readonly reason: string; readonly withdrawnAt: string; readonly processInstanceKey?: string },
  now: () => Date,
): Promise<{ isNew: boolean; withdrawnAt: string }> {
  const check = new InputCheck('withdrawDisclosure');
  const disclosureId = check.text('disclosureId', input.disclosureId, MAX_SHORT_TEXT_LENGTH);
  const reason = check.text('reason', input.reason, MAX_NOTE_LENGTH);
  const withdrawnAt = check.instant('withdrawnAt', input.withdrawnAt, now);
  const processInstanceKey = check.optionalText('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH);
  const disclosure = await db.selectFrom('disclosures').select('id').where('id', '=', disclosureId).executeTakeFirst();
  if (!disclosure) check.problem(`公开记录 ${disclosureId} 不存在`, `disclosure ${disclosureId} does not exist`);
  check.done();
  const inserted = await db
    .insertInto('disclosure_withdrawals')
    .values({ disclosure_id: disclosureId, reason, withdrawn_at: withdrawnAt, process_instance_key: processInstanceKey, created_at: now().toISOString() })
    .onConflict((conflict) => conflict.column('disclosure_id').doNothing())
    .returning('withdrawn_at')
    .executeTakeFirst();
  if (inserted) return { isNew: true, withdrawnAt: new Date(inserted.withdrawn_at).toISOString() };
  const existing = await db.selectFrom('disclosure_withdrawals').select('withdrawn_at').where('disclosure_id', '=', disclosureId).executeTakeFirstOrThrow();
  return { isNew: false, withdrawnAt: new Date(existing.withdrawn_at).toISOString() };
}

/** Withdrawal dates by disclosure id. */
export async function withdrawnDisclosures(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('disclosure_withdrawals').select(['disclosure_id', 'withdrawn_at']).execute();
  return new Map(rows.map((row) => [row.disclosure_id, new Date(row.withdrawn_at).toISOString()]));
}
