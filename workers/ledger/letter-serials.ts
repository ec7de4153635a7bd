/**
 * 发文字号 of 移交函: `机关代字〔年份〕序号号`, e.g. 盐安巡移〔2026〕3号, the
 * serial running 1, 2, 3 … per jurisdiction, 机关代字 and year, as a 公文
 * register numbers its letters (GB/T 9704 发文字号). Issue 11: hash serials
 * are not acceptable.
 *
 * Jobs are delivered at least once, so each allocation carries an idempotency
 * key (the letter's transfer id): the same letter always gets the same number
 * and a retried job never takes a second one. Numbers come from a counter row
 * per series, incremented in the same transaction that records the number, so
 * concurrent allocations (parallel branches, several worker processes, both
 * backends) never hand out one number twice and leave no gaps on rollback.
 *
 * Tables (migration 3 in migrations.ts): `letter_serial_counters` (one row per
 * series) and `letter_numbers` (one row per letter).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Recorded } from './types.ts';
import { InputCheck, MAX_SHORT_TEXT_LENGTH } from './validation.ts';

/** A 机关代字: Han characters (letters or digits allowed), never the brackets of the 文号 itself. */
const PREFIX = /^[\p{Script=Han}A-Za-z0-9]{1,12}$/u;
export const MIN_LETTER_YEAR = 2000;
export const MAX_LETTER_YEAR = 2199;

export interface LetterNumberInput {
  /** Same key, same number: the transfer id of the letter. */
  readonly idempotencyKey: string;
  /** The jurisdiction profile id (jiangxi, yancheng, hunan …). */
  readonly jurisdiction: string;
  /** 机关代字, e.g. 盐安巡移. */
  readonly prefix: string;
  /** Year of the letter (its date in China). */
  readonly year: number;
  readonly processInstanceKey?: string;
}

export interface LetterNumber {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly jurisdiction: string;
  readonly prefix: string;
  readonly year: number;
  readonly serial: number;
  /** e.g. 盐安巡移〔2026〕3号 */
  readonly letterNumber: string;
  readonly processInstanceKey: string | null;
  readonly allocatedAt: string;
}

export interface LetterNumberFilter {
  readonly jurisdiction?: string;
  readonly prefix?: string;
  readonly year?: number;
}

interface LetterNumberRow {
  id: string;
  idempotency_key: string;
  jurisdiction: string;
  prefix: string;
  year: number;
  serial: number;
  letter_number: string;
  process_instance_key: string | null;
  allocated_at: string;
}

interface CounterRow {
  series_key: string;
  jurisdiction: string;
  prefix: string;
  year: number;
  last_serial: number;
  updated_at: string;
}

/** The tables this module owns, for its own queries (the ledger's row types do not list them). */
export interface LetterSerialTables {
  letter_numbers: LetterNumberRow;
  letter_serial_counters: CounterRow;
}

export function formatLetterNumber(prefix: string, year: number, serial: number): string {
  return `${prefix}〔${year}〕${serial}号`;
}

function toLetterNumber(row: LetterNumberRow): LetterNumber {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    jurisdiction: row.jurisdiction,
    prefix: row.prefix,
    year: Number(row.year),
    serial: Number(row.serial),
    letterNumber: row.letter_number,
    processInstanceKey: row.process_instance_key,
    allocatedAt: row.allocated_at,
  };
}

function checked(input: LetterNumberInput): Required<Omit<LetterNumberInput, 'processInstanceKey'>> & { processInstanceKey: string | null } {
  const check = new InputCheck('allocateLetterNumber');
  const idempotencyKey = check.idempotencyKey(input.idempotencyKey);
  const jurisdiction = check.text('jurisdiction', input.jurisdiction, 40);
  const prefix = check.text('prefix', input.prefix, 40);
  if (!PREFIX.test(prefix)) {
    check.problem(`prefix 应为机关代字（最多 12 个汉字，如 盐安巡移）`, `prefix must be an issuing-organ code of up to 12 Han characters, e.g. 盐安巡移 (got ${JSON.stringify(input.prefix)})`);
  }
  if (!(Number.isInteger(input.year) && input.year >= MIN_LETTER_YEAR && input.year <= MAX_LETTER_YEAR)) {
    check.problem(`year 应为 ${MIN_LETTER_YEAR} 到 ${MAX_LETTER_YEAR} 之间的年份`, `year must be a year from ${MIN_LETTER_YEAR} to ${MAX_LETTER_YEAR} (got ${String(input.year)})`);
  }
  const processInstanceKey = input.processInstanceKey === undefined ? null : check.text('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH);
  check.done();
  return { idempotencyKey, jurisdiction, prefix, year: input.year, processInstanceKey };
}

type Db = Kysely<LetterSerialTables> | Transaction<LetterSerialTables>;

async function existing(db: Db, idempotencyKey: string): Promise<LetterNumberRow | undefined> {
  return db.selectFrom('letter_numbers').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
}

/**
 * Allocates (or returns) the number of one letter. `transaction` runs its
 * work in one ledger transaction (SQLite: queued per file; PostgreSQL: the
 * counter row's lock serialises concurrent allocations of a series).
 */
export async function allocateLetterNumber(
  runInTransaction: <T>(work: (transaction: Transaction<LetterSerialTables>) => Promise<T>) => Promise<T>,
  read: Db,
  input: LetterNumberInput,
  now: () => Date,
): Promise<Recorded<LetterNumber>> {
  const request = checked(input);
  const seriesKey = `${request.jurisdiction}|${request.prefix}|${request.year}`;
  try {
    return await runInTransaction(async (transaction) => {
      const earlier = await existing(transaction, request.idempotencyKey);
      if (earlier) return { isNew: false, record: toLetterNumber(earlier) };
      const at = now().toISOString();
      const counter = await transaction
        .insertInto('letter_serial_counters')
        .values({ series_key: seriesKey, jurisdiction: request.jurisdiction, prefix: request.prefix, year: request.year, last_serial: 1, updated_at: at })
        .onConflict((conflict) =>
          conflict.column('series_key').doUpdateSet((update) => ({
            last_serial: update('letter_serial_counters.last_serial', '+', 1),
            updated_at: at,
          })),
        )
        .returning('last_serial')
        .executeTakeFirstOrThrow();
      const serial = Number(counter.last_serial);
      const row: LetterNumberRow = {
        id: randomUUID(),
        idempotency_key: request.idempotencyKey,
        jurisdiction: request.jurisdiction,
        prefix: request.prefix,
        year: request.year,
        serial,
        letter_number: formatLetterNumber(request.prefix, request.year, serial),
        process_instance_key: request.processInstanceKey,
        allocated_at: at,
      };
      await transaction.insertInto('letter_numbers').values(row).execute();
      return { isNew: true, record: toLetterNumber(row) };
    });
  } catch (error) {
    // Two deliveries of one job raced on PostgreSQL: the loser's transaction rolled back (counter included) on the
    // unique idempotency key; the winner's number is the letter's.
    const winner = await existing(read, request.idempotencyKey);
    if (winner) return { isNew: false, record: toLetterNumber(winner) };
    throw error;
  }
}

export async function listLetterNumbers(read: Db, filter: LetterNumberFilter = {}): Promise<LetterNumber[]> {
  let query = read.selectFrom('letter_numbers').selectAll();
  if (filter.jurisdiction !== undefined) query = query.where('jurisdiction', '=', filter.jurisdiction);
  if (filter.prefix !== undefined) query = query.where('prefix', '=', filter.prefix);
  if (filter.year !== undefined) query = query.where('year', '=', filter.year);
  const rows = await query.orderBy('jurisdiction').orderBy('prefix').orderBy('year').orderBy('serial').execute();
  return rows.map(toLetterNumber);
}
