/**
 * The ledger (台账): clues, findings and hazards (the 重大事故隐患数据库 of
 * seed 003), transfers, notifications, disclosures, inspections and
 * enforcement actions, with their states and timestamps.
 *
 * Jobs are delivered at least once, so every write carries an idempotency key
 * under a UNIQUE constraint: `record…` inserts or returns the existing row and
 * says which, and state changes report whether they changed anything. One
 * implementation serves SQLite and PostgreSQL through Kysely.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import type { LedgerConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { type LedgerConnection, connectLedgerDatabase } from './database.ts';
import { type LedgerBackend, type MigrationOutcome, migrateLedger } from './migrations.ts';
import type {
  CluesTable,
  DisclosuresTable,
  EnforcementActionsTable,
  FindingsTable,
  InspectionsTable,
  LedgerDatabase,
  LedgerTableName,
  NotificationsTable,
  StatusChangesTable,
  TransfersTable,
} from './schema.ts';
import {
  CLUE_SOURCES,
  CLUE_STATUSES,
  type Changed,
  type Clue,
  type ClueInput,
  type ClueSource,
  type ClueStatus,
  DELIVERY_RESULTS,
  DISCLOSURE_KINDS,
  type DeliveryResult,
  type Disclosure,
  type DisclosureInput,
  type DisclosureKind,
  ENFORCEMENT_KINDS,
  type EnforcementAction,
  type EnforcementActionInput,
  type EnforcementKind,
  type EnforcementTotals,
  FINDING_CATEGORIES,
  FINDING_SOURCES,
  FINDING_STATUSES,
  type Finding,
  type FindingCategory,
  type FindingFilter,
  type FindingInput,
  type FindingSource,
  type FindingStatus,
  type FoundAndRectified,
  INSPECTION_KINDS,
  type Inspection,
  type InspectionInput,
  type InspectionKind,
  type InstantInput,
  type InstantRange,
  type LedgerSummary,
  MAJOR_HAZARD,
  type MajorHazardFilter,
  NOTIFICATION_CHANNELS,
  type Notification,
  type NotificationChannel,
  type NotificationInput,
  type Recorded,
  type StatusChange,
  type StatusEntity,
  type StatusUpdateInput,
  type SupervisionListingInput,
  TRANSFER_RECEIVER_KINDS,
  type Timestamp,
  type Transfer,
  type TransferInput,
  type TransferReceiptInput,
  type TransferReceiverKind,
} from './types.ts';
import { InputCheck, LedgerInputError, MAX_SHORT_TEXT_LENGTH, toInstant } from './validation.ts';

/** Allowed moves; a retried job repeating a move is recognised before this is consulted. */
export const CLUE_TRANSITIONS: Readonly<Record<ClueStatus, readonly ClueStatus[]>> = {
  登记: ['核查中', '已移交', '已办结'],
  核查中: ['已移交', '已办结'],
  已移交: ['已办结'],
  已办结: [],
};

/** 待复核 → 整改中 is a failed review; only review closes a finding (审核把关销号). */
export const FINDING_TRANSITIONS: Readonly<Record<FindingStatus, readonly FindingStatus[]>> = {
  待整改: ['整改中', '待复核'],
  整改中: ['待复核'],
  待复核: ['整改中', '已销号'],
  已销号: [],
};

export const DEFAULT_LIST_LIMIT = 1_000;
export const MAX_LIST_LIMIT = 10_000;

export interface ClueFilter {
  readonly status?: ClueStatus;
  readonly source?: ClueSource;
  readonly processInstanceKey?: string;
  readonly receivedFrom?: InstantInput;
  readonly receivedBefore?: InstantInput;
  readonly limit?: number;
}

export interface TransferFilter {
  readonly clueId?: string;
  readonly findingId?: string;
  readonly processInstanceKey?: string;
  /** Only transfers whose receipt (回执) has not come back. */
  readonly awaitingReceipt?: boolean;
  readonly limit?: number;
}

export interface ProcessInstanceFilter {
  readonly processInstanceKey?: string;
  readonly limit?: number;
}

export interface Ledger {
  readonly backend: LedgerBackend;
  /** The schema migrations this open applied. */
  readonly migration: MigrationOutcome;

  recordClue(input: ClueInput): Promise<Recorded<Clue>>;
  updateClueStatus(input: StatusUpdateInput<ClueStatus> & { readonly clueId: string }): Promise<Changed<Clue>>;
  getClue(id: string): Promise<Clue | undefined>;
  listClues(filter?: ClueFilter): Promise<Clue[]>;

  recordFinding(input: FindingInput): Promise<Recorded<Finding>>;
  updateFindingStatus(input: StatusUpdateInput<FindingStatus> & { readonly findingId: string }): Promise<Changed<Finding>>;
  /** 挂牌督办 of a 重大事故隐患; listing an already listed finding changes nothing. */
  recordSupervisionListing(input: SupervisionListingInput): Promise<Changed<Finding>>;
  getFinding(id: string): Promise<Finding | undefined>;
  listFindings(filter?: FindingFilter): Promise<Finding[]>;
  /** The 重大事故隐患数据库. */
  listMajorHazards(filter?: MajorHazardFilter): Promise<Finding[]>;

  recordTransfer(input: TransferInput): Promise<Recorded<Transfer>>;
  /** 回执 and, when known, the 办理结果; an outcome may follow a receipt in a later call. */
  recordTransferReceipt(input: TransferReceiptInput): Promise<Changed<Transfer>>;
  getTransfer(id: string): Promise<Transfer | undefined>;
  listTransfers(filter?: TransferFilter): Promise<Transfer[]>;

  recordNotification(input: NotificationInput): Promise<Recorded<Notification>>;
  listNotifications(filter?: ProcessInstanceFilter): Promise<Notification[]>;

  recordDisclosure(input: DisclosureInput): Promise<Recorded<Disclosure>>;
  listDisclosures(filter?: ProcessInstanceFilter): Promise<Disclosure[]>;

  recordInspection(input: InspectionInput): Promise<Recorded<Inspection>>;
  recordEnforcementAction(input: EnforcementActionInput): Promise<Recorded<EnforcementAction>>;

  statusHistory(entityType: StatusEntity, id: string): Promise<StatusChange[]>;
  /** Counts over [from, before); the 调度表 of seed 004 is this from the campaign start. */
  summarize(range: InstantRange): Promise<LedgerSummary>;

  close(): Promise<void>;
}

export interface OpenLedgerOptions {
  /** The clock for defaulted timestamps; tests pin it. */
  readonly now?: () => Date;
}

/**
 * Opens the configured database and brings its schema up to date. Safe to
 * call from several processes at once: migrations serialise.
 */
export async function openLedger(config: LedgerConfig, logger: Logger, options: OpenLedgerOptions = {}): Promise<Ledger> {
  const connection = connectLedgerDatabase(config, logger);
  const ledgerLogger = logger.child({ component: 'ledger', backend: connection.backend });
  try {
    const migration = await withSqliteFileLock(connection, () => migrateLedger(connection.db, connection.backend, ledgerLogger));
    ledgerLogger.info({ location: connection.location, schemaVersion: migration.currentVersion, applied: migration.applied }, 'ledger open');
    return new KyselyLedger(connection, migration, options.now ?? (() => new Date()));
  } catch (error) {
    await connection.db.destroy();
    throw error;
  }
}

/**
 * SQLite transactions hold the write lock across awaits, and a second
 * connection in the same process would then block the event loop in
 * busy_timeout while the first cannot finish. So, per file, this process
 * runs one SQLite transaction at a time; other processes wait on the lock.
 */
const sqliteFileQueues = new Map<string, Promise<void>>();

async function withSqliteFileLock<T>(connection: LedgerConnection, work: () => Promise<T>): Promise<T> {
  if (connection.backend !== 'sqlite') return work();
  const file = connection.location;
  const previous = sqliteFileQueues.get(file) ?? Promise.resolve();
  let release = (): void => {};
  const current = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => current);
  sqliteFileQueues.set(file, tail);
  await previous;
  try {
    return await work();
  } finally {
    release();
    if (sqliteFileQueues.get(file) === tail) sqliteFileQueues.delete(file);
  }
}

type Db = Kysely<LedgerDatabase> | Transaction<LedgerDatabase>;

interface InsertOnceResult<T extends LedgerTableName> {
  readonly isNew: boolean;
  readonly row: Selectable<LedgerDatabase[T]>;
}

function listLimit(check: InputCheck, limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIST_LIMIT;
  if (Number.isSafeInteger(limit) && limit > 0 && limit <= MAX_LIST_LIMIT) return limit;
  check.problem(`limit 应为 1 到 ${MAX_LIST_LIMIT} 之间的整数`, `limit must be an integer from 1 to ${MAX_LIST_LIMIT} (got ${String(limit)})`);
  return DEFAULT_LIST_LIMIT;
}

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function toClue(row: Selectable<CluesTable>): Clue {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    source: row.source as ClueSource,
    content: row.content,
    reporterContact: row.reporter_contact,
    processInstanceKey: row.process_instance_key,
    status: row.status as ClueStatus,
    receivedAt: row.received_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toFinding(row: Selectable<FindingsTable>): Finding {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    category: row.category as FindingCategory,
    source: row.source as FindingSource,
    unitName: row.unit_name,
    unitCreditCode: row.unit_credit_code,
    region: row.region,
    description: row.description,
    rectificationDeadline: row.rectification_deadline,
    processInstanceKey: row.process_instance_key,
    clueId: row.clue_id,
    status: row.status as FindingStatus,
    foundAt: row.found_at,
    rectifiedAt: row.rectified_at,
    listing:
      row.listed_at === null
        ? null
        : { authority: row.listing_authority ?? '', documentNumber: row.listing_document_number, listedAt: row.listed_at },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toTransfer(row: Selectable<TransfersTable>): Transfer {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    receiverKind: row.receiver_kind as TransferReceiverKind,
    receiverName: row.receiver_name,
    letterNumber: row.letter_number,
    clueId: row.clue_id,
    findingId: row.finding_id,
    processInstanceKey: row.process_instance_key,
    sentAt: row.sent_at,
    receiptReceivedAt: row.receipt_received_at,
    outcome: row.outcome,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toNotification(row: Selectable<NotificationsTable>): Notification {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    noticeType: row.notice_type,
    channel: row.channel as NotificationChannel,
    recipient: row.recipient,
    subject: row.subject,
    bodyDigest: row.body_digest,
    deliveryResult: row.delivery_result as DeliveryResult,
    deliveryDetail: row.delivery_detail,
    processInstanceKey: row.process_instance_key,
    sentAt: row.sent_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDisclosure(row: Selectable<DisclosuresTable>): Disclosure {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    kind: row.kind as DisclosureKind,
    title: row.title,
    location: row.location,
    processInstanceKey: row.process_instance_key,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toInspection(row: Selectable<InspectionsTable>): Inspection {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    kind: row.kind as InspectionKind,
    unitName: row.unit_name,
    unitCreditCode: row.unit_credit_code,
    region: row.region,
    inspectingOrgan: row.inspecting_organ,
    processInstanceKey: row.process_instance_key,
    inspectedAt: row.inspected_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toEnforcementAction(row: Selectable<EnforcementActionsTable>): EnforcementAction {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    kind: row.kind as EnforcementKind,
    unitName: row.unit_name,
    unitCreditCode: row.unit_credit_code,
    decidingOrgan: row.deciding_organ,
    fineYuan: Number(row.fine_fen) / 100,
    personCount: Number(row.person_count),
    documentNumber: row.document_number,
    findingId: row.finding_id,
    processInstanceKey: row.process_instance_key,
    decidedAt: row.decided_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toStatusChange(row: Selectable<StatusChangesTable>): StatusChange {
  return {
    entityType: row.entity_type as StatusEntity,
    entityId: row.entity_id,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    changedAt: row.changed_at,
    note: row.note,
    idempotencyKey: row.idempotency_key,
  };
}

function zeroed<K extends string, V>(keys: readonly K[], value: () => V): Record<K, V> {
  return Object.fromEntries(keys.map((key) => [key, value()])) as Record<K, V>;
}

class KyselyLedger implements Ledger {
  readonly backend: LedgerBackend;
  readonly migration: MigrationOutcome;
  readonly #connection: LedgerConnection;
  readonly #db: Kysely<LedgerDatabase>;
  readonly #now: () => Date;

  constructor(connection: LedgerConnection, migration: MigrationOutcome, now: () => Date) {
    this.backend = connection.backend;
    this.migration = migration;
    this.#connection = connection;
    this.#db = connection.db;
    this.#now = now;
  }

  #transaction<T>(work: (transaction: Transaction<LedgerDatabase>) => Promise<T>): Promise<T> {
    return withSqliteFileLock(this.#connection, () => this.#db.transaction().execute(work));
  }

  /**
   * INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING *, then the
   * existing row when nothing was inserted. Both backends support the syntax.
   */
  async #insertOnce<T extends LedgerTableName>(
    db: Db,
    table: T,
    row: Selectable<LedgerDatabase[T]>,
  ): Promise<InsertOnceResult<T>> {
    // Kysely cannot type a query over a table chosen at run time; the row type above keeps callers honest.
    const untyped = db as unknown as Kysely<Record<string, { idempotency_key: string }>>;
    const key: string = (row as { idempotency_key: string }).idempotency_key;
    const inserted = await untyped
      .insertInto(table)
      .values(row as never)
      .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { isNew: true, row: inserted as Selectable<LedgerDatabase[T]> };
    const existing = await untyped
      .selectFrom(table)
      .selectAll()
      .where(sql.ref('idempotency_key'), '=', key)
      .executeTakeFirstOrThrow();
    return { isNew: false, row: existing as Selectable<LedgerDatabase[T]> };
  }

  /** A single insert; on SQLite it still queues behind this process's transactions on the same file. */
  #writeOnce<T extends LedgerTableName>(table: T, row: Selectable<LedgerDatabase[T]>): Promise<InsertOnceResult<T>> {
    return withSqliteFileLock(this.#connection, () => this.#insertOnce(this.#db, table, row));
  }

  async #requireRow(db: Db, table: 'clues' | 'findings' | 'transfers', id: string | null, check: InputCheck, label: string): Promise<void> {
    if (id === null) return;
    const found = await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
    if (!found) check.problem(`${label} ${id} 不存在`, `${label} ${id} does not exist`);
  }

  #stamp(): { created_at: Timestamp; updated_at: Timestamp } {
    const now = this.#now().toISOString();
    return { created_at: now, updated_at: now };
  }

  async recordClue(input: ClueInput): Promise<Recorded<Clue>> {
    const check = new InputCheck('recordClue');
    const row: Selectable<CluesTable> = {
      id: randomUUID(),
      idempotency_key: check.idempotencyKey(input.idempotencyKey),
      source: check.choice('source', input.source, CLUE_SOURCES),
      content: check.text('content', input.content),
      reporter_contact: check.optionalText('reporterContact', input.reporterContact, MAX_SHORT_TEXT_LENGTH),
      process_instance_key: check.optionalText('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH),
      status: '登记',
      received_at: check.instant('receivedAt', input.receivedAt, this.#now),
      closed_at: null,
      ...this.#stamp(),
    };
    check.done();
    return this.#transaction(async (transaction) => {
      const result = await this.#insertOnce(transaction, 'clues', row);
      if (result.isNew) await this.#insertStatusChange(transaction, 'clue', row.id, null, row.status, row.received_at, null, `${row.idempotency_key}:登记`);
      return { isNew: result.isNew, record: toClue(result.row) };
    });
  }

  async updateClueStatus(input: StatusUpdateInput<ClueStatus> & { readonly clueId: string }): Promise<Changed<Clue>> {
    const check = new InputCheck('updateClueStatus');
    const id = check.text('clueId', input.clueId, MAX_SHORT_TEXT_LENGTH);
    const key = check.idempotencyKey(input.idempotencyKey);
    const status = check.choice('status', input.status, CLUE_STATUSES);
    const at = check.instant('at', input.at, this.#now);
    const note = check.optionalText('note', input.note);
    check.done();
    return this.#transaction(async (transaction) => {
      const load = async (): Promise<Selectable<CluesTable> | undefined> =>
        transaction
          .selectFrom('clues')
          .selectAll()
          .where('id', '=', id)
          .$if(this.backend === 'postgres', (query) => query.forUpdate())
          .executeTakeFirst();
      const outcome = await this.#changeStatus(transaction, {
        operation: 'updateClueStatus',
        entityType: 'clue',
        label: '线索 / clue',
        id,
        key,
        to: status,
        at,
        note,
        load,
        transitions: CLUE_TRANSITIONS,
        apply: async () => {
          await transaction
            .updateTable('clues')
            .set({ status, updated_at: this.#now().toISOString(), ...(status === '已办结' ? { closed_at: at } : {}) })
            .where('id', '=', id)
            .execute();
        },
      });
      const row = await load();
      return { changed: outcome.changed, record: toClue(row as Selectable<CluesTable>) };
    });
  }

  /** The shared part of a status change; the caller runs it inside a transaction. */
  async #changeStatus<Row extends { readonly status: string }, Status extends string>(
    transaction: Transaction<LedgerDatabase>,
    change: {
      readonly operation: string;
      readonly entityType: StatusEntity;
      readonly label: string;
      readonly id: string;
      readonly key: string;
      readonly to: Status;
      readonly at: Timestamp;
      readonly note: string | null;
      readonly load: () => Promise<Row | undefined>;
      readonly transitions: Readonly<Record<Status, readonly Status[]>>;
      readonly apply: () => Promise<void>;
    },
  ): Promise<{ readonly changed: boolean }> {
    const current = await change.load();
    if (!current) throw new LedgerInputError(change.operation, [`${change.label} ${change.id} 不存在 / does not exist`]);
    const earlier = await transaction
      .selectFrom('status_changes')
      .select(['entity_type', 'entity_id'])
      .where('idempotency_key', '=', change.key)
      .executeTakeFirst();
    if (earlier) {
      if (earlier.entity_type !== change.entityType || earlier.entity_id !== change.id) {
        throw new LedgerInputError(change.operation, [
          `idempotencyKey ${change.key} 已用于 ${earlier.entity_type} ${earlier.entity_id} / was already used for ${earlier.entity_type} ${earlier.entity_id}`,
        ]);
      }
      return { changed: false };
    }
    const from = current.status as Status;
    if (from === change.to) return { changed: false };
    if (!(change.transitions[from] ?? []).includes(change.to)) {
      throw new LedgerInputError(change.operation, [
        `${change.label} ${change.id} 的状态不能从「${from}」变为「${change.to}」，可变为：${(change.transitions[from] ?? []).join('、') || '无（已是终态）'} / ` +
          `cannot move from ${from} to ${change.to}; allowed: ${(change.transitions[from] ?? []).join(', ') || 'none (final state)'}`,
      ]);
    }
    await change.apply();
    await this.#insertStatusChange(transaction, change.entityType, change.id, from, change.to, change.at, change.note, change.key);
    return { changed: true };
  }

  async #insertStatusChange(
    db: Db,
    entityType: StatusEntity,
    entityId: string,
    fromStatus: string | null,
    toStatus: string,
    changedAt: Timestamp,
    note: string | null,
    idempotencyKey: string,
  ): Promise<void> {
    await this.#insertOnce(db, 'status_changes', {
      id: randomUUID(),
      idempotency_key: idempotencyKey,
      entity_type: entityType,
      entity_id: entityId,
      from_status: fromStatus,
      to_status: toStatus,
      changed_at: changedAt,
      note,
    });
  }

  async getClue(id: string): Promise<Clue | undefined> {
    const row = await this.#db.selectFrom('clues').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toClue(row) : undefined;
  }

  async listClues(filter: ClueFilter = {}): Promise<Clue[]> {
    const check = new InputCheck('listClues');
    const status = check.optionalChoice('status', filter.status, CLUE_STATUSES);
    const source = check.optionalChoice('source', filter.source, CLUE_SOURCES);
    const from = filter.receivedFrom === undefined ? undefined : check.instant('receivedFrom', filter.receivedFrom, this.#now);
    const before = filter.receivedBefore === undefined ? undefined : check.instant('receivedBefore', filter.receivedBefore, this.#now);
    const limit = listLimit(check, filter.limit);
    check.done();
    const rows = await this.#db
      .selectFrom('clues')
      .selectAll()
      .$if(status !== undefined, (query) => query.where('status', '=', status as string))
      .$if(source !== undefined, (query) => query.where('source', '=', source as string))
      .$if(filter.processInstanceKey !== undefined, (query) => query.where('process_instance_key', '=', filter.processInstanceKey as string))
      .$if(from !== undefined, (query) => query.where('received_at', '>=', from as string))
      .$if(before !== undefined, (query) => query.where('received_at', '<', before as string))
      .orderBy('received_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toClue);
  }

  async recordFinding(input: FindingInput): Promise<Recorded<Finding>> {
    const check = new InputCheck('recordFinding');
    const row: Selectable<FindingsTable> = {
      id: randomUUID(),
      idempotency_key: check.idempotencyKey(input.idempotencyKey),
      category: check.choice('category', input.category, FINDING_CATEGORIES),
      source: check.choice('source', input.source, FINDING_SOURCES),
      unit_name: check.text('unitName', input.unitName, MAX_SHORT_TEXT_LENGTH),
      unit_credit_code: check.optionalText('unitCreditCode', input.unitCreditCode, MAX_SHORT_TEXT_LENGTH),
      region: check.optionalText('region', input.region, MAX_SHORT_TEXT_LENGTH),
      description: check.text('description', input.description),
      rectification_deadline: check.optionalDate('rectificationDeadline', input.rectificationDeadline),
      process_instance_key: check.optionalText('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH),
      clue_id: check.optionalText('clueId', input.clueId, MAX_SHORT_TEXT_LENGTH),
      status: '待整改',
      found_at: check.instant('foundAt', input.foundAt, this.#now),
      rectified_at: null,
      listing_authority: null,
      listing_document_number: null,
      listed_at: null,
      ...this.#stamp(),
    };
    return this.#transaction(async (transaction) => {
      await this.#requireRow(transaction, 'clues', row.clue_id, check, 'clueId 线索 / clue');
      check.done();
      const result = await this.#insertOnce(transaction, 'findings', row);
      if (result.isNew) await this.#insertStatusChange(transaction, 'finding', row.id, null, row.status, row.found_at, null, `${row.idempotency_key}:待整改`);
      return { isNew: result.isNew, record: toFinding(result.row) };
    });
  }

  #loadFinding(transaction: Transaction<LedgerDatabase>, id: string): Promise<Selectable<FindingsTable> | undefined> {
    return transaction
      .selectFrom('findings')
      .selectAll()
      .where('id', '=', id)
      .$if(this.backend === 'postgres', (query) => query.forUpdate())
      .executeTakeFirst();
  }

  async updateFindingStatus(input: StatusUpdateInput<FindingStatus> & { readonly findingId: string }): Promise<Changed<Finding>> {
    const check = new InputCheck('updateFindingStatus');
    const id = check.text('findingId', input.findingId, MAX_SHORT_TEXT_LENGTH);
    const key = check.idempotencyKey(input.idempotencyKey);
    const status = check.choice('status', input.status, FINDING_STATUSES);
    const at = check.instant('at', input.at, this.#now);
    const note = check.optionalText('note', input.note);
    check.done();
    return this.#transaction(async (transaction) => {
      const outcome = await this.#changeStatus(transaction, {
        operation: 'updateFindingStatus',
        entityType: 'finding',
        label: '问题隐患 / finding',
        id,
        key,
        to: status,
        at,
        note,
        load: () => this.#loadFinding(transaction, id),
        transitions: FINDING_TRANSITIONS,
        apply: async () => {
          await transaction
            .updateTable('findings')
            .set({ status, updated_at: this.#now().toISOString(), ...(status === '已销号' ? { rectified_at: at } : {}) })
            .where('id', '=', id)
            .execute();
        },
      });
      const row = await this.#loadFinding(transaction, id);
      return { changed: outcome.changed, record: toFinding(row as Selectable<FindingsTable>) };
    });
  }

  async recordSupervisionListing(input: SupervisionListingInput): Promise<Changed<Finding>> {
    const check = new InputCheck('recordSupervisionListing');
    const id = check.text('findingId', input.findingId, MAX_SHORT_TEXT_LENGTH);
    const authority = check.text('authority', input.authority, MAX_SHORT_TEXT_LENGTH);
    const documentNumber = check.optionalText('documentNumber', input.documentNumber, MAX_SHORT_TEXT_LENGTH);
    const listedAt = check.instant('listedAt', input.listedAt, this.#now);
    check.done();
    return this.#transaction(async (transaction) => {
      const current = await this.#loadFinding(transaction, id);
      if (!current) throw new LedgerInputError('recordSupervisionListing', [`问题隐患 / finding ${id} 不存在 / does not exist`]);
      if (current.listed_at !== null) return { changed: false, record: toFinding(current) };
      if (current.category !== MAJOR_HAZARD) {
        throw new LedgerInputError('recordSupervisionListing', [
          `只有重大事故隐患可以挂牌督办，问题隐患 ${id} 的类别是「${current.category}」 / only a 重大事故隐患 (major hazard) can be listed for supervision; finding ${id} is ${current.category}`,
        ]);
      }
      if (current.status === '已销号') {
        throw new LedgerInputError('recordSupervisionListing', [`问题隐患 ${id} 已销号，不能挂牌督办 / finding ${id} is already closed and cannot be listed`]);
      }
      await transaction
        .updateTable('findings')
        .set({ listing_authority: authority, listing_document_number: documentNumber, listed_at: listedAt, updated_at: this.#now().toISOString() })
        .where('id', '=', id)
        .execute();
      const row = await this.#loadFinding(transaction, id);
      return { changed: true, record: toFinding(row as Selectable<FindingsTable>) };
    });
  }

  async getFinding(id: string): Promise<Finding | undefined> {
    const row = await this.#db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toFinding(row) : undefined;
  }

  async listFindings(filter: FindingFilter = {}): Promise<Finding[]> {
    return this.#listFindings('listFindings', filter);
  }

  async listMajorHazards(filter: MajorHazardFilter = {}): Promise<Finding[]> {
    return this.#listFindings('listMajorHazards', { ...filter, category: MAJOR_HAZARD });
  }

  async #listFindings(operation: string, filter: FindingFilter): Promise<Finding[]> {
    const check = new InputCheck(operation);
    const category = check.optionalChoice('category', filter.category, FINDING_CATEGORIES);
    const status = check.optionalChoice('status', filter.status, FINDING_STATUSES);
    const source = check.optionalChoice('source', filter.source, FINDING_SOURCES);
    const from = filter.foundFrom === undefined ? undefined : check.instant('foundFrom', filter.foundFrom, this.#now);
    const before = filter.foundBefore === undefined ? undefined : check.instant('foundBefore', filter.foundBefore, this.#now);
    const limit = listLimit(check, filter.limit);
    check.done();
    const rows = await this.#db
      .selectFrom('findings')
      .selectAll()
      .$if(category !== undefined, (query) => query.where('category', '=', category as string))
      .$if(status !== undefined, (query) => query.where('status', '=', status as string))
      .$if(source !== undefined, (query) => query.where('source', '=', source as string))
      .$if(filter.region !== undefined, (query) => query.where('region', '=', filter.region as string))
      .$if(filter.unitName !== undefined, (query) => query.where('unit_name', '=', filter.unitName as string))
      .$if(filter.processInstanceKey !== undefined, (query) => query.where('process_instance_key', '=', filter.processInstanceKey as string))
      .$if(filter.listed === true, (query) => query.where('listed_at', 'is not', null))
      .$if(filter.listed === false, (query) => query.where('listed_at', 'is', null))
      .$if(filter.open === true, (query) => query.where('status', '<>', '已销号'))
      .$if(filter.open === false, (query) => query.where('status', '=', '已销号'))
      .$if(from !== undefined, (query) => query.where('found_at', '>=', from as string))
      .$if(before !== undefined, (query) => query.where('found_at', '<', before as string))
      .orderBy('found_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toFinding);
  }

  async recordTransfer(input: TransferInput): Promise<Recorded<Transfer>> {
    const check = new InputCheck('recordTransfer');
    const row: Selectable<TransfersTable> = {
      id: randomUUID(),
      idempotency_key: check.idempotencyKey(input.idempotencyKey),
      receiver_kind: check.choice('receiverKind', input.receiverKind, TRANSFER_RECEIVER_KINDS),
      receiver_name: check.text('receiverName', input.receiverName, MAX_SHORT_TEXT_LENGTH),
      letter_number: check.text('letterNumber', input.letterNumber, MAX_SHORT_TEXT_LENGTH),
      clue_id: check.optionalText('clueId', input.clueId, MAX_SHORT_TEXT_LENGTH),
      finding_id: check.optionalText('findingId', input.findingId, MAX_SHORT_TEXT_LENGTH),
      process_instance_key: check.optionalText('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH),
      sent_at: check.instant('sentAt', input.sentAt, this.#now),
      receipt_received_at: null,
      outcome: null,
      ...this.#stamp(),
    };
    if (row.clue_id === null && row.finding_id === null) {
      check.problem('clueId 与 findingId 至少填一个', 'at least one of clueId and findingId is required');
    }
    return this.#transaction(async (transaction) => {
      await this.#requireRow(transaction, 'clues', row.clue_id, check, 'clueId 线索 / clue');
      await this.#requireRow(transaction, 'findings', row.finding_id, check, 'findingId 问题隐患 / finding');
      check.done();
      const result = await this.#insertOnce(transaction, 'transfers', row);
      return { isNew: result.isNew, record: toTransfer(result.row) };
    });
  }

  async recordTransferReceipt(input: TransferReceiptInput): Promise<Changed<Transfer>> {
    const check = new InputCheck('recordTransferReceipt');
    const id = check.text('transferId', input.transferId, MAX_SHORT_TEXT_LENGTH);
    const receivedAt = check.instant('receivedAt', input.receivedAt, this.#now);
    const outcome = check.optionalText('outcome', input.outcome);
    check.done();
    return this.#transaction(async (transaction) => {
      const load = () =>
        transaction
          .selectFrom('transfers')
          .selectAll()
          .where('id', '=', id)
          .$if(this.backend === 'postgres', (query) => query.forUpdate())
          .executeTakeFirst();
      const current = await load();
      if (!current) throw new LedgerInputError('recordTransferReceipt', [`移交 / transfer ${id} 不存在 / does not exist`]);
      const receiptMissing = current.receipt_received_at === null;
      const outcomeArrives = current.outcome === null && outcome !== null;
      if (!receiptMissing && !outcomeArrives) return { changed: false, record: toTransfer(current) };
      await transaction
        .updateTable('transfers')
        .set({
          ...(receiptMissing ? { receipt_received_at: receivedAt } : {}),
          ...(outcomeArrives ? { outcome } : {}),
          updated_at: this.#now().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      const row = await load();
      return { changed: true, record: toTransfer(row as Selectable<TransfersTable>) };
    });
  }

  async getTransfer(id: string): Promise<Transfer | undefined> {
    const row = await this.#db.selectFrom('transfers').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toTransfer(row) : undefined;
  }

  async listTransfers(filter: TransferFilter = {}): Promise<Transfer[]> {
    const check = new InputCheck('listTransfers');
    const limit = listLimit(check, filter.limit);
    check.done();
    const rows = await this.#db
      .selectFrom('transfers')
      .selectAll()
      .$if(filter.clueId !== undefined, (query) => query.where('clue_id', '=', filter.clueId as string))
      .$if(filter.findingId !== undefined, (query) => query.where('finding_id', '=', filter.findingId as string))
      .$if(filter.processInstanceKey !== undefined, (query) => query.where('process_instance_key', '=', filter.processInstanceKey as string))
      .$if(filter.awaitingReceipt === true, (query) => query.where('receipt_received_at', 'is', null))
      .$if(filter.awaitingReceipt === false, (query) => query.where('receipt_received_at', 'is not', null))
      .orderBy('sent_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toTransfer);
  }

  async recordNotification(input: NotificationInput): Promise<Recorded<Notification>> {
    const check = new InputCheck('recordNotification');
    const body = typeof input.body === 'string' ? input.body : check.text('body', input.body);
    const row: Selectable<NotificationsTable> = {
      id: randomUUID(),
      idempotency_key: check.idempotencyKey(input.idempotencyKey),
      notice_type: check.text('noticeType', input.noticeType, MAX_SHORT_TEXT_LENGTH),
      channel: check.choice('channel', input.channel, NOTIFICATION_CHANNELS),
      recipient: check.text('recipient', input.recipient, MAX_SHORT_TEXT_LENGTH),
      subject: check.text('subject', input.subject, MAX_SHORT_TEXT_LENGTH),
      body_digest: digest(body),
      delivery_result: check.choice('deliveryResult', input.deliveryResult, DELIVERY_RESULTS),
      delivery_detail: check.optionalText('deliveryDetail', input.deliveryDetail),
      process_instance_key: check.optionalText('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH),
      sent_at: check.instant('sentAt', input.sentAt, this.#now),
      ...this.#stamp(),
    };
    check.done();
    const result = await this.#writeOnce('notifications', row);
    return { isNew: result.isNew, record: toNotification(result.row) };
  }

  async listNotifications(filter: ProcessInstanceFilter = {}): Promise<Notification[]> {
    const check = new InputCheck('listNotifications');
    const limit = listLimit(check, filter.limit);
    check.done();
    const rows = await this.#db
      .selectFrom('notifications')
      .selectAll()
      .$if(filter.processInstanceKey !== undefined, (query) => query.where('process_instance_key', '=', filter.processInstanceKey as string))
      .orderBy('sent_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toNotification);
  }

  async recordDisclosure(input: DisclosureInput): Promise<Recorded<Disclosure>> {
    const check = new InputCheck('recordDisclosure');
    const row: Selectable<DisclosuresTable> = {
      id: randomUUID(),
      idempotency_key: check.idempotencyKey(input.idempotencyKey),
      kind: check.choice('kind', input.kind, DISCLOSURE_KINDS),
      title: check.text('title', input.title, MAX_SHORT_TEXT_LENGTH),
      location: check.text('location', input.location, MAX_SHORT_TEXT_LENGTH * 4),
      process_instance_key: check.optionalText('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH),
      published_at: check.instant('publishedAt', input.publishedAt, this.#now),
      ...this.#stamp(),
    };
    check.done();
    const result = await this.#writeOnce('disclosures', row);
    return { isNew: result.isNew, record: toDisclosure(result.row) };
  }

  async listDisclosures(filter: ProcessInstanceFilter = {}): Promise<Disclosure[]> {
    const check = new InputCheck('listDisclosures');
    const limit = listLimit(check, filter.limit);
    check.done();
    const rows = await this.#db
      .selectFrom('disclosures')
      .selectAll()
      .$if(filter.processInstanceKey !== undefined, (query) => query.where('process_instance_key', '=', filter.processInstanceKey as string))
      .orderBy('published_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toDisclosure);
  }

  async recordInspection(input: InspectionInput): Promise<Recorded<Inspection>> {
    const check = new InputCheck('recordInspection');
    const row: Selectable<InspectionsTable> = {
      id: randomUUID(),
      idempotency_key: check.idempotencyKey(input.idempotencyKey),
      kind: check.choice('kind', input.kind, INSPECTION_KINDS),
      unit_name: check.text('unitName', input.unitName, MAX_SHORT_TEXT_LENGTH),
      unit_credit_code: check.optionalText('unitCreditCode', input.unitCreditCode, MAX_SHORT_TEXT_LENGTH),
      region: check.optionalText('region', input.region, MAX_SHORT_TEXT_LENGTH),
      inspecting_organ: check.text('inspectingOrgan', input.inspectingOrgan, MAX_SHORT_TEXT_LENGTH),
      process_instance_key: check.optionalText('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH),
      inspected_at: check.instant('inspectedAt', input.inspectedAt, this.#now),
      ...this.#stamp(),
    };
    check.done();
    const result = await this.#writeOnce('inspections', row);
    return { isNew: result.isNew, record: toInspection(result.row) };
  }

  async recordEnforcementAction(input: EnforcementActionInput): Promise<Recorded<EnforcementAction>> {
    const check = new InputCheck('recordEnforcementAction');
    const row: Selectable<EnforcementActionsTable> = {
      id: randomUUID(),
      idempotency_key: check.idempotencyKey(input.idempotencyKey),
      kind: check.choice('kind', input.kind, ENFORCEMENT_KINDS),
      unit_name: check.text('unitName', input.unitName, MAX_SHORT_TEXT_LENGTH),
      unit_credit_code: check.optionalText('unitCreditCode', input.unitCreditCode, MAX_SHORT_TEXT_LENGTH),
      deciding_organ: check.text('decidingOrgan', input.decidingOrgan, MAX_SHORT_TEXT_LENGTH),
      fine_fen: check.yuanAsFen('fineYuan', input.fineYuan),
      person_count: check.nonNegativeInteger('personCount', input.personCount),
      document_number: check.optionalText('documentNumber', input.documentNumber, MAX_SHORT_TEXT_LENGTH),
      finding_id: check.optionalText('findingId', input.findingId, MAX_SHORT_TEXT_LENGTH),
      process_instance_key: check.optionalText('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH),
      decided_at: check.instant('decidedAt', input.decidedAt, this.#now),
      ...this.#stamp(),
    };
    return this.#transaction(async (transaction) => {
      await this.#requireRow(transaction, 'findings', row.finding_id, check, 'findingId 问题隐患 / finding');
      check.done();
      const result = await this.#insertOnce(transaction, 'enforcement_actions', row);
      return { isNew: result.isNew, record: toEnforcementAction(result.row) };
    });
  }

  async statusHistory(entityType: StatusEntity, id: string): Promise<StatusChange[]> {
    const rows = await this.#db
      .selectFrom('status_changes')
      .selectAll()
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', id)
      .orderBy('changed_at')
      .orderBy('from_status', (order) => order.nullsFirst())
      .execute();
    return rows.map(toStatusChange);
  }

  async summarize(range: InstantRange): Promise<LedgerSummary> {
    const check = new InputCheck('summarize');
    const from = toInstant(range.from);
    const before = toInstant(range.before);
    if (from === undefined || before === undefined || from >= before) {
      check.problem(
        'from 与 before 应为带时区的 ISO-8601 时间，且 from 早于 before',
        `from and before must be ISO-8601 date-times with offsets, from earlier than before (got ${String(range.from)} .. ${String(range.before)})`,
      );
    }
    check.done();
    const start = from as string;
    const end = before as string;
    const db = this.#db;
    const rectifiedBeforeEnd = sql<number>`sum(case when rectified_at is not null and rectified_at < ${end} then 1 else 0 end)`;
    const distinctUnits = sql<number>`count(distinct coalesce(unit_credit_code, unit_name))`;

    const [byCategory, byStatus, bySource, listed, inspections, enforcement, clues, transfersSent, receipts, notifications, disclosures] =
      await Promise.all([
        db
          .selectFrom('findings')
          .select(['category', db.fn.countAll<number>().as('found'), rectifiedBeforeEnd.as('rectified')])
          .where('found_at', '>=', start)
          .where('found_at', '<', end)
          .groupBy('category')
          .execute(),
        db
          .selectFrom('findings')
          .select(['status', db.fn.countAll<number>().as('count')])
          .where('found_at', '>=', start)
          .where('found_at', '<', end)
          .groupBy('status')
          .execute(),
        db
          .selectFrom('findings')
          .select(['source', db.fn.countAll<number>().as('found'), rectifiedBeforeEnd.as('rectified')])
          .where('category', '=', MAJOR_HAZARD)
          .where('found_at', '>=', start)
          .where('found_at', '<', end)
          .groupBy('source')
          .execute(),
        db
          .selectFrom('findings')
          .select([db.fn.countAll<number>().as('found'), rectifiedBeforeEnd.as('rectified')])
          .where('category', '=', MAJOR_HAZARD)
          .where('listed_at', '>=', start)
          .where('listed_at', '<', end)
          .executeTakeFirst(),
        db
          .selectFrom('inspections')
          .select(['kind', distinctUnits.as('units')])
          .where('inspected_at', '>=', start)
          .where('inspected_at', '<', end)
          .groupBy('kind')
          .execute(),
        db
          .selectFrom('enforcement_actions')
          .select([
            'kind',
            db.fn.countAll<number>().as('count'),
            distinctUnits.as('units'),
            sql<number>`coalesce(sum(fine_fen), 0)`.as('fine_fen'),
            sql<number>`coalesce(sum(person_count), 0)`.as('person_count'),
          ])
          .where('decided_at', '>=', start)
          .where('decided_at', '<', end)
          .groupBy('kind')
          .execute(),
        db
          .selectFrom('clues')
          .select(['source', db.fn.countAll<number>().as('count')])
          .where('received_at', '>=', start)
          .where('received_at', '<', end)
          .groupBy('source')
          .execute(),
        db
          .selectFrom('transfers')
          .select(db.fn.countAll<number>().as('count'))
          .where('sent_at', '>=', start)
          .where('sent_at', '<', end)
          .executeTakeFirst(),
        db
          .selectFrom('transfers')
          .select(db.fn.countAll<number>().as('count'))
          .where('receipt_received_at', '>=', start)
          .where('receipt_received_at', '<', end)
          .executeTakeFirst(),
        db
          .selectFrom('notifications')
          .select(['delivery_result', db.fn.countAll<number>().as('count')])
          .where('sent_at', '>=', start)
          .where('sent_at', '<', end)
          .groupBy('delivery_result')
          .execute(),
        db
          .selectFrom('disclosures')
          .select(db.fn.countAll<number>().as('count'))
          .where('published_at', '>=', start)
          .where('published_at', '<', end)
          .executeTakeFirst(),
      ]);

    const foundAndRectified = (): FoundAndRectified => ({ found: 0, rectified: 0 });
    const findingsByCategory = zeroed(FINDING_CATEGORIES, foundAndRectified);
    for (const row of byCategory) {
      findingsByCategory[row.category as FindingCategory] = { found: Number(row.found), rectified: Number(row.rectified ?? 0) };
    }
    const findingsByStatus = zeroed(FINDING_STATUSES, () => 0);
    for (const row of byStatus) findingsByStatus[row.status as FindingStatus] = Number(row.count);
    const majorHazardsBySource = zeroed(FINDING_SOURCES, foundAndRectified);
    for (const row of bySource) {
      majorHazardsBySource[row.source as FindingSource] = { found: Number(row.found), rectified: Number(row.rectified ?? 0) };
    }
    const enterprisesByInspectionKind = zeroed(INSPECTION_KINDS, () => 0);
    for (const row of inspections) enterprisesByInspectionKind[row.kind as InspectionKind] = Number(row.units);
    const enforcementByKind = zeroed(ENFORCEMENT_KINDS, (): EnforcementTotals => ({ count: 0, units: 0, fineYuan: 0, personCount: 0 }));
    for (const row of enforcement) {
      enforcementByKind[row.kind as EnforcementKind] = {
        count: Number(row.count),
        units: Number(row.units),
        fineYuan: Number(row.fine_fen) / 100,
        personCount: Number(row.person_count),
      };
    }
    const cluesBySource = zeroed(CLUE_SOURCES, () => 0);
    for (const row of clues) cluesBySource[row.source as ClueSource] = Number(row.count);
    const notificationsByResult = zeroed(DELIVERY_RESULTS, () => 0);
    for (const row of notifications) notificationsByResult[row.delivery_result as DeliveryResult] = Number(row.count);

    return {
      from: start,
      before: end,
      findingsByCategory,
      findingsByStatus,
      majorHazardsBySource,
      listedMajorHazards: { found: Number(listed?.found ?? 0), rectified: Number(listed?.rectified ?? 0) },
      enterprisesByInspectionKind,
      enforcementByKind,
      cluesBySource,
      transfers: { sent: Number(transfersSent?.count ?? 0), receiptReceived: Number(receipts?.count ?? 0) },
      notifications: notificationsByResult,
      disclosures: Number(disclosures?.count ?? 0),
    };
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }
}
