/**
 * Section 4, 调度表 over a large ledger: a ledger of N rows (findings, 重大事故隐患 among them, inspections,
 * enforcement actions, transfers, clues), opened by the ledger itself (openLedger applies its migrations) and
 * filled by bulk INSERTs of its own schema's rows; then one month's 调度表 computed by the product's code,
 * timed: the county-wide table of a campaign (ledger.summarize scoped to the campaign, dispatchFields) and one
 * reporting unit's draft (scoped to campaign and unit, as the unit-draft step of dispatch-table.worker.ts).
 * SQLite in var/bench/, PostgreSQL in a database created and dropped here. Median of repeated runs after one
 * warm-up run; the rows are deterministic (seeded), so every backend sees the same ledger.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Insertable, Kysely } from 'kysely';
import { sql } from 'kysely';
import type { LedgerConfig } from '../../workers/config.ts';
import { dispatchFields, dispatchPeriod } from '../../workers/campaign/dispatch-table.ts';
import { connectLedgerDatabase } from '../../workers/ledger/database.ts';
import { openLedger } from '../../workers/ledger/index.ts';
import type { LedgerDatabase } from '../../workers/ledger/schema.ts';
import {
  CLUE_SOURCES,
  CLUE_STATUSES,
  ENFORCEMENT_KINDS,
  FINDING_CATEGORIES,
  FINDING_SOURCES,
  FINDING_STATUSES,
  INSPECTION_KINDS,
  MAJOR_HAZARD,
  TRANSFER_RECEIVER_KINDS,
} from '../../workers/ledger/types.ts';
import type { Logger } from '../../workers/logger.ts';
import { createScratchDatabase } from '../lib/engine.ts';
import { median } from '../lib/stats.ts';

export const LEDGER_BACKENDS = ['sqlite', 'postgres'] as const;
export type LedgerBench = (typeof LEDGER_BACKENDS)[number];

/** The year the generated ledger covers, the campaign start and the due day of the timed month (June's table). */
export const LEDGER_YEAR = 2026;
export const CAMPAIGN_START = '2026-03-01';
export const DISPATCH_DUE = '2026-06-23';
export const CAMPAIGNS = 4;
export const REPORTING_UNITS = 20;
/** Shares of the rows per table; findings are 1 in 5 重大事故隐患. */
const SHARES = { findings: 0.5, inspections: 0.2, enforcement_actions: 0.1, transfers: 0.1, clues: 0.1 } as const;

/** mulberry32: a small seeded generator, so each run builds the same ledger. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const YEAR_START = Date.UTC(LEDGER_YEAR, 0, 1);
const YEAR_MS = Date.UTC(LEDGER_YEAR + 1, 0, 1) - YEAR_START;

class RowMaker {
  readonly #random: () => number;
  constructor(seed: number) {
    this.#random = seededRandom(seed);
  }
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.#random() * values.length)]!;
  }
  chance(p: number): boolean {
    return this.#random() < p;
  }
  instant(): string {
    return new Date(YEAR_START + Math.floor(this.#random() * YEAR_MS)).toISOString();
  }
  later(instant: string, maxDays: number): string {
    return new Date(Date.parse(instant) + Math.floor(this.#random() * maxDays * 86_400_000)).toISOString();
  }
  /** Half the rows belong to a campaign (and one of its units); the others (daily work) to none. */
  scope(): { campaign_id: string | null; reporting_unit_id: string | null } {
    if (this.chance(0.5)) return { campaign_id: null, reporting_unit_id: null };
    return { campaign_id: `ZX-${LEDGER_YEAR}-${1 + Math.floor(this.#random() * CAMPAIGNS)}`, reporting_unit_id: `unit-${1 + Math.floor(this.#random() * REPORTING_UNITS)}` };
  }
  unit(index: number): { unit_name: string; unit_credit_code: string } {
    const number = index % 10_000;
    return { unit_name: `企业${number}`, unit_credit_code: `91360000BENCH${String(number).padStart(5, '0')}` };
  }
}

const stamps = (instant: string) => ({ created_at: instant, updated_at: instant });

function findingRow(rows: RowMaker, index: number): Insertable<LedgerDatabase['findings']> {
  const foundAt = rows.instant();
  const major = rows.chance(0.2);
  const status = rows.pick(FINDING_STATUSES);
  const closed = status === '已销号';
  return {
    id: `finding-${index}`,
    idempotency_key: `bench-finding-${index}`,
    category: major ? MAJOR_HAZARD : rows.pick(FINDING_CATEGORIES.filter((category) => category !== MAJOR_HAZARD)),
    source: rows.pick(FINDING_SOURCES),
    ...rows.unit(index),
    region: '进贤县',
    description: `隐患描述 ${index}`,
    process_instance_key: `pi-${index}`,
    status,
    found_at: foundAt,
    rectified_at: closed ? rows.later(foundAt, 60) : null,
    listed_at: major && rows.chance(0.3) ? rows.later(foundAt, 10) : null,
    ...rows.scope(),
    ...stamps(foundAt),
  };
}

function inspectionRow(rows: RowMaker, index: number): Insertable<LedgerDatabase['inspections']> {
  const at = rows.instant();
  return {
    id: `inspection-${index}`,
    idempotency_key: `bench-inspection-${index}`,
    kind: rows.pick(INSPECTION_KINDS),
    ...rows.unit(index),
    region: '进贤县',
    inspecting_organ: '县应急管理局',
    process_instance_key: `pi-${index}`,
    inspected_at: at,
    ...rows.scope(),
    ...stamps(at),
  };
}

function enforcementRow(rows: RowMaker, index: number): Insertable<LedgerDatabase['enforcement_actions']> {
  const at = rows.instant();
  return {
    id: `enforcement-${index}`,
    idempotency_key: `bench-enforcement-${index}`,
    kind: rows.pick(ENFORCEMENT_KINDS),
    ...rows.unit(index),
    deciding_organ: '县应急管理局',
    fine_fen: rows.chance(0.5) ? 1_000_000 : 0,
    person_count: rows.chance(0.2) ? 1 : 0,
    process_instance_key: `pi-${index}`,
    decided_at: at,
    ...rows.scope(),
    ...stamps(at),
  };
}

function transferRow(rows: RowMaker, index: number): Insertable<LedgerDatabase['transfers']> {
  const at = rows.instant();
  return {
    id: `transfer-${index}`,
    idempotency_key: `bench-transfer-${index}`,
    receiver_kind: rows.pick(TRANSFER_RECEIVER_KINDS),
    receiver_name: '县纪委监委',
    letter_number: `赣安巡移〔${LEDGER_YEAR}〕${index}号`,
    process_instance_key: `pi-${index}`,
    sent_at: at,
    receipt_received_at: rows.chance(0.6) ? rows.later(at, 30) : null,
    ...stamps(at),
  };
}

function clueRow(rows: RowMaker, index: number): Insertable<LedgerDatabase['clues']> {
  const at = rows.instant();
  return {
    id: `clue-${index}`,
    idempotency_key: `bench-clue-${index}`,
    source: rows.pick(CLUE_SOURCES),
    content: `线索内容 ${index}`,
    process_instance_key: `pi-${index}`,
    status: rows.pick(CLUE_STATUSES),
    received_at: at,
    ...stamps(at),
  };
}

/** Rows per table for a ledger of `total` rows. */
export function ledgerShares(total: number): Record<keyof typeof SHARES, number> {
  return Object.fromEntries(Object.entries(SHARES).map(([table, share]) => [table, Math.round(total * share)])) as Record<keyof typeof SHARES, number>;
}

const BATCH = 500;

async function insertAll<T>(db: Kysely<LedgerDatabase>, table: keyof LedgerDatabase, count: number, make: (index: number) => T): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    const values = Array.from({ length: Math.min(BATCH, count - start) }, (_, offset) => make(start + offset));
    // The generated rows are of the table's own Insertable type; Kysely cannot follow a table name held in a variable.
    await db.insertInto(table).values(values as never).execute();
  }
}

/** Fills an empty, migrated ledger with `total` rows; bulk SQL in transactions of 10 batches. */
export async function fillLedger(db: Kysely<LedgerDatabase>, total: number, seed = 14): Promise<void> {
  const counts = ledgerShares(total);
  const rows = new RowMaker(seed);
  await db.transaction().execute(async (transaction) => {
    await insertAll(transaction, 'findings', counts.findings, (index) => findingRow(rows, index));
    await insertAll(transaction, 'inspections', counts.inspections, (index) => inspectionRow(rows, index));
    await insertAll(transaction, 'enforcement_actions', counts.enforcement_actions, (index) => enforcementRow(rows, index));
    await insertAll(transaction, 'transfers', counts.transfers, (index) => transferRow(rows, index));
    await insertAll(transaction, 'clues', counts.clues, (index) => clueRow(rows, index));
  });
}

export interface LedgerMeasurement {
  readonly backend: LedgerBench;
  readonly rows: number;
  /** Filling the ledger, seconds (not a target; says what a run costs). */
  readonly fillSeconds: number;
  /** Median ms of the campaign's county-wide 调度表 (campaign scope), and each run's. */
  readonly tableMs: number;
  readonly tableRunsMs: readonly number[];
  /** Median ms of one reporting unit's draft (campaign and unit scope). */
  readonly unitMs: number;
  /** A check that the table counted something: 部门检查 重大事故隐患 of the campaign. */
  readonly departmentMajorHazards: number;
}

export interface LedgerBenchOptions {
  readonly backend: LedgerBench;
  readonly rows: number;
  readonly repeats: number;
  readonly workDirectory: string;
  readonly logger: Logger;
}

export async function measureLedger(options: LedgerBenchOptions): Promise<LedgerMeasurement> {
  const { backend, rows, logger } = options;
  let config: LedgerConfig;
  let cleanup: () => Promise<void>;
  if (backend === 'sqlite') {
    const file = path.join(options.workDirectory, `ledger-${rows}.sqlite`);
    const remove = () => {
      for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(`${file}${suffix}`, { force: true });
    };
    remove();
    config = { backend: 'sqlite', sqliteFile: file };
    cleanup = async () => remove();
  } else {
    const scratch = await createScratchDatabase('anquan_bench_ledger');
    config = { backend: 'postgres', databaseUrl: scratch.url };
    cleanup = () => scratch.drop();
  }
  try {
    const ledger = await openLedger(config, logger);
    const connection = connectLedgerDatabase(config, logger);
    let fillSeconds: number;
    try {
      const filling = performance.now();
      await fillLedger(connection.db, rows);
      // PostgreSQL's autovacuum analyses a table this changed within a minute; the bench does not wait for it.
      if (backend === 'postgres') await sql`ANALYZE`.execute(connection.db);
      fillSeconds = (performance.now() - filling) / 1000;
    } finally {
      await connection.db.destroy();
    }
    try {
      const period = dispatchPeriod(CAMPAIGN_START, DISPATCH_DUE);
      const campaignId = `ZX-${LEDGER_YEAR}-1`;
      const table = async () => dispatchFields(await ledger.summarize(period, { campaignId }));
      const unit = async () => dispatchFields(await ledger.summarize(period, { campaignId, reportingUnitId: 'unit-1' }));
      const timed = async (work: () => Promise<unknown>) => {
        const started = performance.now();
        await work();
        return performance.now() - started;
      };
      const fields = await table(); // warm-up: statement and page caches
      await unit();
      const tableRunsMs: number[] = [];
      const unitRunsMs: number[] = [];
      for (let run = 0; run < options.repeats; run += 1) {
        tableRunsMs.push(await timed(table));
        unitRunsMs.push(await timed(unit));
      }
      return {
        backend,
        rows,
        fillSeconds,
        tableMs: median(tableRunsMs),
        tableRunsMs,
        unitMs: median(unitRunsMs),
        departmentMajorHazards: Number(fields['departmentFoundMajorHazards'] ?? 0),
      };
    } finally {
      await ledger.close();
    }
  } finally {
    await cleanup();
  }
}
