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
import {
  type Kysely,
  type Selectable,
  type Transaction,
  sql,
} from 'kysely';
import type { LedgerConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { type LedgerConnection, connectLedgerDatabase } from './database.ts';
import { type LedgerBackend, type MigrationOutcome, migrateLedger } from './migrations.ts';
import type {
  CluesTable,
  DisclosuresTable,
  DispatchSubmissionsTable,
  EnforcementActionsTable,
  EscalationDecisionsTable,
  FindingsTable,
  InspectionPlansTable,
  InspectionsTable,
  LedgerDatabase,
  LedgerTableName,
  NotificationsTable,
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
  DISPATCH_SUBMISSION_KINDS,
  type Disclosure,
  type DispatchSubmission,
  type DispatchSubmissionFilter,
  type DispatchSubmissionInput,
  type LedgerScope,
  type DisclosureInput,
  ENFORCEMENT_KINDS,
  type EnforcementAction,
  type EnforcementActionInput,
  ENTERPRISE_ESCALATION_MEASURES,
  ESCALATION_ENFORCEMENT_KINDS,
  ESCALATION_MEASURES,
  type EscalationDecision,
  type EscalationDecisionFilter,
  type EscalationDecisionInput,
  FINDING_CATEGORIES,
  FINDING_SOURCES,
  FINDING_STATUSES,
  type Finding,
  type FindingClosureInput,
  type FindingFilter,
  type FindingInput,
  type FindingStatus,
  INSPECTION_KINDS,
  type Inspection,
  type InspectionInput,
  type InspectionPlan,
  type InspectionPlanFilter,
  type InspectionPlanInput,
  type InstantInput,
  type InstantRange,
  type LedgerSummary,
  MAJOR_HAZARD,
  type MajorHazardFilter,
  NOTIFICATION_CHANNELS,
  OVERDUE_PARTY_KINDS,
  type Notification,
  type NotificationClaim,
  type NotificationClaimInput,
  type NotificationDeliveryInput,
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
  UNIT_ESCALATION_MEASURES,
} from './types.ts';
import {
  toClue,
  toDisclosure,
  toDispatchSubmission,
  toEnforcementAction,
  toEscalationDecision,
  toFinding,
  toInspection,
  toInspectionPlan,
  toNotification,
  toStatusChange,
  toTransfer,
} from './rows.ts';
import { summarizeLedger } from './summary.ts';
import {
  type LetterNumber,
  type LetterNumberFilter,
  type LetterNumberInput,
  type LetterSerialTables,
  allocateLetterNumber as allocateLetterSerial,
  listLetterNumbers as listLetterSerials,
} from './letter-serials.ts';
import {
  type SupervisionPlan,
  type SupervisionPlanInput,
  type SupervisionPlanRegistration,
  type SupervisionPlanRelease,
  type SupervisionPlanReleaseInput,
  type SupervisionPlanReleaseOutcome,
  type SupervisionPlanTables,
  listSupervisionPlanReleases as listSupervisionPlanReleaseRows,
  listSupervisionPlans as listSupervisionPlanRows,
  registerSupervisionPlan as registerSupervisionPlanRow,
  releaseSupervisionPlan as releaseSupervisionPlanRow,
} from './supervision-plans.ts';
import { type CreditListing, type CreditListingEventInput, type CreditListingTables, getCreditListing, recordCreditListingEvent, withdrawDisclosure, withdrawnDisclosures } from './credit-listings.ts';
import { type EnforcementFindingTables, MAX_PUNISHED_FINDINGS, findingIdsOfEnforcement, linkEnforcementFindings } from './enforcement-findings.ts';
import {
  type EnforcementDetailTables,
  type EnforcementDetails,
  type EnforcementDetailsInput,
  getEnforcementDetails as getEnforcementDetailRows,
  recordEnforcementDetails as recordEnforcementDetailRows,
} from './enforcement-details.ts';
import {
  type CampaignAccountability,
  type CampaignAccountabilityInput,
  type CampaignAccountabilityTables,
  listCampaignAccountability as listCampaignAccountabilityRows,
  recordCampaignAccountability as recordCampaignAccountabilityRow,
} from './campaign-accountability.ts';
import { InputCheck, LedgerInputError, MAX_SHORT_TEXT_LENGTH } from './validation.ts';

/** Allowed moves; a retried job repeating a move is recognised before this is consulted. */
export const CLUE_TRANSITIONS: Readonly<Record<ClueStatus, readonly ClueStatus[]>> = {
  登记: ['核查中', '已移交', '已办结'],
  核查中: ['已移交', '已办结'],
  已移交: ['已办结'],
  已办结: [],
};

/** 待复核 → 整改中 is a failed review; only review closes a finding (审核把关销号). */
export const FINDING_TRANSITIONS: Readonly<Record<FindingStatus, readonly FindingStatus[]>> = {
  待整改: ['整改中', '待复核', '已移交'],
  整改中: ['待复核', '已移交'],
  待复核: ['整改中', '已销号'],
  // The receiving organ's rectification may still be followed up; its 销号 goes through review like any other.
  已移交: ['整改中', '待复核'],
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
  updateFindingStatus(input: StatusUpdateInput<FindingStatus> & { readonly findingId: string; readonly closure?: FindingClosureInput }): Promise<Changed<Finding>>;
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
  /** Records the channel's answer; a notification already 已发送 is never changed again. */
  updateNotificationDelivery(input: NotificationDeliveryInput): Promise<Changed<Notification>>;
  /**
   * Claims a notice that is not yet delivered for one delivery attempt; false while another attempt's claim holds.
   * Recording its result (updateNotificationDelivery) releases the claim.
   */
  claimNotificationDelivery(input: NotificationClaimInput): Promise<NotificationClaim>;
  /** Gives up a claim this attempt holds, when it ends without a result to record (the notice was sent, the ledger failed). */
  releaseNotificationClaim(input: Pick<NotificationClaimInput, 'notificationId' | 'claimant'>): Promise<void>;
  listNotifications(filter?: ProcessInstanceFilter): Promise<Notification[]>;

  recordDisclosure(input: DisclosureInput): Promise<Recorded<Disclosure>>;
  listDisclosures(filter?: ProcessInstanceFilter): Promise<Disclosure[]>;
  /** 严重失信主体名单: 列入, 信用修复申请 and its decision, 期满移出 (credit-listings.ts, migration 13). */
  recordCreditListingEvent(input: CreditListingEventInput): Promise<{ isNew: boolean; listing: CreditListing }>;
  getCreditListing(id: string): Promise<CreditListing | undefined>;
  /** Takes a public notice off the public page and feed; the ledger keeps it with the withdrawal. */
  withdrawDisclosure(input: { readonly disclosureId: string; readonly reason: string; readonly withdrawnAt: string; readonly processInstanceKey?: string }): Promise<{ isNew: boolean; withdrawnAt: string }>;

  recordInspection(input: InspectionInput): Promise<Recorded<Inspection>>;
  /** 000 第十五条: one 专项检查方案 per 行业领域, 辖区 and year (once per idempotency key). */
  recordInspectionPlan(input: InspectionPlanInput): Promise<Recorded<InspectionPlan>>;
  /** 专项检查方案 by 行业领域, 辖区 and year range, oldest first: which 行业领域 are due (000 第十五条). */
  listInspectionPlans(filter?: InspectionPlanFilter): Promise<InspectionPlan[]>;
  recordEnforcementAction(input: EnforcementActionInput): Promise<Recorded<EnforcementAction>>;

  /**
   * One 督办决定 after a missed deadline. The measure must suit the party: an
   * enterprise never gets 提请责任追究 (a 纪检 clue), a unit never an enterprise
   * measure. 一案双罚、责令停产整顿、提请关闭 also write their 执法 record, in
   * the same transaction and under the same key.
   */
  recordEscalationDecision(input: EscalationDecisionInput): Promise<Recorded<EscalationDecision>>;
  listEscalationDecisions(filter?: EscalationDecisionFilter): Promise<EscalationDecision[]>;

  /** 移交函文号: the next serial of the series (jurisdiction, 机关代字, year), or the one this key already has (letter-serials.ts). */
  allocateLetterNumber(input: LetterNumberInput): Promise<Recorded<LetterNumber>>;
  listLetterNumbers(filter?: LetterNumberFilter): Promise<LetterNumber[]>;

  /** 年度综合督查计划: at most one per jurisdiction and year; `held` names the instance that has it (supervision-plans.ts). */
  registerSupervisionPlan(input: SupervisionPlanInput): Promise<SupervisionPlanRegistration>;
  listSupervisionPlans(filter?: { readonly jurisdiction?: string; readonly year?: number }): Promise<SupervisionPlan[]>;
  /** A plan cancelled before it runs frees its year, kept as a release with its reason; idempotent per instance (supervision-plans.ts). */
  releaseSupervisionPlan(input: SupervisionPlanReleaseInput): Promise<SupervisionPlanReleaseOutcome>;
  listSupervisionPlanReleases(filter?: { readonly jurisdiction?: string; readonly year?: number }): Promise<SupervisionPlanRelease[]>;

  /** 一案双罚 parties and the 提请关闭函 / 移送书 of an enforcement action, written once (enforcement-details.ts). */
  recordEnforcementDetails(input: EnforcementDetailsInput): Promise<EnforcementDetails>;
  getEnforcementDetails(enforcementActionId: string): Promise<EnforcementDetails>;

  /** 季通报 decisions (约谈/问责) on campaign units falling behind: the first per campaign, quarter and unit stays (campaign-accountability.ts). */
  recordCampaignAccountability(input: CampaignAccountabilityInput): Promise<Recorded<CampaignAccountability>>;
  listCampaignAccountability(filter?: { readonly campaignId?: string; readonly quarter?: string }): Promise<CampaignAccountability[]>;

  statusHistory(entityType: StatusEntity, id: string): Promise<StatusChange[]>;
  /**
   * Counts over [from, before); the 调度表 of seed 004 is this from the campaign start. With a scope, the
   * findings, inspections and enforcement actions count only the rows of that campaign (and reporting unit).
   */
  summarize(range: InstantRange, scope?: LedgerScope): Promise<LedgerSummary>;
  /** A submitted 调度表 (a reporting unit's or the consolidated one); a retried job finds the row it wrote. */
  recordDispatchSubmission(input: DispatchSubmissionInput): Promise<Recorded<DispatchSubmission>>;
  listDispatchSubmissions(filter: DispatchSubmissionFilter): Promise<DispatchSubmission[]>;

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
    throw new LedgerOpenError(connection.location, error);
  }
}

/** The database could not be reached or migrated; names the location (never the password) for the operator. */
export class LedgerOpenError extends Error {
  readonly location: string;

  constructor(location: string, cause: unknown) {
    super(
      `台账数据库无法打开 / could not open the ledger database at ${location}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'LedgerOpenError';
    this.location = location;
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

class KyselyLedger implements Ledger {
  readonly backend: LedgerBackend;
  readonly migration: MigrationOutcome;
  readonly #connection: LedgerConnection;
  readonly #db: Kysely<LedgerDatabase>;
  readonly #now: () => Date;
  #statusChangeMillis = -1;
  #statusChangeSequence = 0;

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

  /** The campaign and reporting unit a finding, inspection or enforcement row counts for (migration 8); null when not given. */
  #scope(check: InputCheck, input: LedgerScope): { campaign_id: string | null; reporting_unit_id: string | null } {
    const campaignId = check.optionalText('campaignId', input.campaignId, MAX_SHORT_TEXT_LENGTH);
    const reportingUnitId = check.optionalText('reportingUnitId', input.reportingUnitId, MAX_SHORT_TEXT_LENGTH);
    if (reportingUnitId !== null && campaignId === null) {
      check.problem('给出 reportingUnitId 时须同时给出 campaignId', 'reportingUnitId needs a campaignId: a reporting unit reports for a campaign');
    }
    return { campaign_id: campaignId, reporting_unit_id: reportingUnitId };
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

  /**
   * A UUIDv7-shaped id: the ledger clock's milliseconds, then a counter, so ids sort in the order
   * the changes were recorded. A state machine's changes are recorded one after another, so this
   * orders a history whose instants tie, e.g. under an engine clock pinned by a test.
   */
  #statusChangeId(): string {
    const millis = this.#now().getTime();
    this.#statusChangeSequence = millis === this.#statusChangeMillis ? this.#statusChangeSequence + 1 : 0;
    this.#statusChangeMillis = millis;
    const hex = millis.toString(16).padStart(12, '0').slice(-12) + (0x7000 | (this.#statusChangeSequence & 0xfff)).toString(16).padStart(4, '0');
    const random = randomUUID().replace(/-/g, '').slice(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${random.slice(0, 4)}-${random.slice(4, 16)}`;
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
      id: this.#statusChangeId(),
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
      closure_checked_by: null,
      closure_method: null,
      closure_checked_on: null,
      delisted_on: null,
      delisting_document_number: null,
      listing_authority: null,
      listing_document_number: null,
      listed_at: null,
      ...this.#scope(check, input),
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

  async updateFindingStatus(
    input: StatusUpdateInput<FindingStatus> & { readonly findingId: string; readonly closure?: FindingClosureInput },
  ): Promise<Changed<Finding>> {
    const check = new InputCheck('updateFindingStatus');
    const id = check.text('findingId', input.findingId, MAX_SHORT_TEXT_LENGTH);
    const key = check.idempotencyKey(input.idempotencyKey);
    const status = check.choice('status', input.status, FINDING_STATUSES);
    const at = check.instant('at', input.at, this.#now);
    const note = check.optionalText('note', input.note);
    const closure = input.closure === undefined ? undefined : this.#closureColumns(check, input.closure);
    if (closure !== undefined && status !== '已销号') {
      check.problem(`销号记录只能随「已销号」一并登记，而不是「${status}」`, `a closure record goes with the status 已销号 only, not ${status}`);
    }
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
            .set({ status, updated_at: this.#now().toISOString(), ...(status === '已销号' ? { rectified_at: at, ...closure } : {}) })
            .where('id', '=', id)
            .execute();
        },
      });
      const row = await this.#loadFinding(transaction, id);
      return { changed: outcome.changed, record: toFinding(row as Selectable<FindingsTable>) };
    });
  }

  /** The 销号 record as columns; its problems go to the operation's check. */
  #closureColumns(
    check: InputCheck,
    closure: FindingClosureInput,
  ): Pick<Selectable<FindingsTable>, 'closure_checked_by' | 'closure_method' | 'closure_checked_on' | 'delisted_on' | 'delisting_document_number'> {
    // A date given in a wrong format is reported once, by optionalDate; only a missing one is reported as missing.
    const given = (value: unknown): boolean => value !== undefined && value !== null && value !== '';
    const checkedOn = check.optionalDate('closure.checkedOn', closure.checkedOn);
    if (!given(closure.checkedOn)) check.problem('closure.checkedOn 核查日期必填', 'closure.checkedOn (the day of the check) is required');
    const delistedOn = closure.delisting === undefined ? null : check.optionalDate('closure.delisting.on', closure.delisting.on);
    if (closure.delisting !== undefined && !given(closure.delisting.on)) check.problem('closure.delisting.on 摘牌日期必填', 'closure.delisting.on (the day of the 摘牌) is required');
    return {
      closure_checked_by: check.text('closure.checkedBy', closure.checkedBy, MAX_SHORT_TEXT_LENGTH),
      closure_method: check.text('closure.method', closure.method, MAX_SHORT_TEXT_LENGTH),
      closure_checked_on: checkedOn,
      delisted_on: delistedOn,
      delisting_document_number: closure.delisting === undefined ? null : check.optionalText('closure.delisting.documentNumber', closure.delisting.documentNumber, MAX_SHORT_TEXT_LENGTH),
    };
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
      // Findings of one activation share found_at; the order they were recorded in decides, e.g. 督办文号 serials.
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toFinding);
  }

  async recordTransfer(input: TransferInput): Promise<Recorded<Transfer>> {
    const check = new InputCheck('recordTransfer');
    const row: Selectable<TransfersTable> = {
      id: input.id === undefined ? randomUUID() : check.text('id', input.id, MAX_SHORT_TEXT_LENGTH),
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
      claimed_by: null,
      claimed_until: null,
      ...this.#stamp(),
    };
    check.done();
    const result = await this.#writeOnce('notifications', row);
    return { isNew: result.isNew, record: toNotification(result.row) };
  }

  async updateNotificationDelivery(input: NotificationDeliveryInput): Promise<Changed<Notification>> {
    const check = new InputCheck('updateNotificationDelivery');
    const id = check.text('notificationId', input.notificationId, MAX_SHORT_TEXT_LENGTH);
    const deliveryResult = check.choice('deliveryResult', input.deliveryResult, DELIVERY_RESULTS);
    const deliveryDetail = check.optionalText('deliveryDetail', input.deliveryDetail);
    const sentAt = check.instant('sentAt', input.sentAt, this.#now);
    check.done();
    return this.#transaction(async (transaction) => {
      const load = () =>
        transaction
          .selectFrom('notifications')
          .selectAll()
          .where('id', '=', id)
          .$if(this.backend === 'postgres', (query) => query.forUpdate())
          .executeTakeFirst();
      const current = await load();
      if (!current) throw new LedgerInputError('updateNotificationDelivery', [`通知 / notification ${id} 不存在 / does not exist`]);
      // A delivered message stays delivered: a late failure report from a duplicate attempt must not hide it.
      const settled = current.delivery_result === '已发送';
      const same = current.delivery_result === deliveryResult && current.delivery_detail === deliveryDetail;
      if (settled || same) return { changed: false, record: toNotification(current) };
      await transaction
        .updateTable('notifications')
        .set({ delivery_result: deliveryResult, delivery_detail: deliveryDetail, sent_at: sentAt, claimed_by: null, claimed_until: null, updated_at: this.#now().toISOString() })
        .where('id', '=', id)
        .execute();
      const row = await load();
      return { changed: true, record: toNotification(row as Selectable<NotificationsTable>) };
    });
  }

  async claimNotificationDelivery(input: NotificationClaimInput): Promise<NotificationClaim> {
    const check = new InputCheck('claimNotificationDelivery');
    const id = check.text('notificationId', input.notificationId, MAX_SHORT_TEXT_LENGTH);
    const claimant = check.text('claimant', input.claimant, MAX_SHORT_TEXT_LENGTH);
    if (!Number.isInteger(input.leaseMs) || input.leaseMs <= 0) check.problem('leaseMs 应为正整数毫秒', 'leaseMs must be a positive whole number of milliseconds');
    check.done();
    const now = this.#now();
    // One conditional UPDATE: SQLite runs it alone, PostgreSQL re-checks the condition on a row another claim just changed.
    const result = await this.#db
      .updateTable('notifications')
      .set({ claimed_by: claimant, claimed_until: new Date(now.getTime() + input.leaseMs).toISOString(), updated_at: now.toISOString() })
      .where('id', '=', id)
      .where('delivery_result', '<>', '已发送')
      .where((where) => where.or([where('claimed_until', 'is', null), where('claimed_until', '<', now.toISOString()), where('claimed_by', '=', claimant)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) return { claimed: true };
    const held = await this.#db.selectFrom('notifications').select(['claimed_until']).where('id', '=', id).executeTakeFirst();
    return { claimed: false, heldUntil: held?.claimed_until ?? null };
  }

  async releaseNotificationClaim(input: Pick<NotificationClaimInput, 'notificationId' | 'claimant'>): Promise<void> {
    await this.#db
      .updateTable('notifications')
      .set({ claimed_by: null, claimed_until: null, updated_at: this.#now().toISOString() })
      .where('id', '=', input.notificationId)
      .where('claimed_by', '=', input.claimant)
      .execute();
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
      .orderBy('created_at')
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
    const withdrawn = await withdrawnDisclosures(this.#db as unknown as Kysely<CreditListingTables>);
    return rows.map((row) => ({ ...toDisclosure(row), withdrawnAt: withdrawn.get(row.id) ?? null }));
  }

  recordCreditListingEvent(input: CreditListingEventInput): Promise<{ isNew: boolean; listing: CreditListing }> {
    const db = this.#db as unknown as Kysely<CreditListingTables>;
    return recordCreditListingEvent((work) => withSqliteFileLock(this.#connection, () => db.transaction().execute(work)), input, this.#now);
  }

  getCreditListing(id: string): Promise<CreditListing | undefined> {
    return getCreditListing(this.#db as unknown as Kysely<CreditListingTables>, id);
  }

  withdrawDisclosure(input: { readonly disclosureId: string; readonly reason: string; readonly withdrawnAt: string; readonly processInstanceKey?: string }): Promise<{ isNew: boolean; withdrawnAt: string }> {
    return withSqliteFileLock(this.#connection, () => withdrawDisclosure(this.#db as unknown as Kysely<CreditListingTables>, input, this.#now));
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
      inspector_names: check.optionalText('inspectorNames', input.inspectorNames, MAX_SHORT_TEXT_LENGTH),
      inspector_signed_on: check.optionalDate('inspectorSignedOn', input.inspectorSignedOn),
      process_instance_key: check.optionalText('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH),
      inspected_at: check.instant('inspectedAt', input.inspectedAt, this.#now),
      ...this.#scope(check, input),
      ...this.#stamp(),
    };
    check.done();
    const result = await this.#writeOnce('inspections', row);
    return { isNew: result.isNew, record: toInspection(result.row) };
  }

  /** 000 第十五条: the 专项检查方案 of one 行业领域 in one 辖区 and year (once per key, a retry returns it). */
  async recordInspectionPlan(input: InspectionPlanInput): Promise<Recorded<InspectionPlan>> {
    const check = new InputCheck('recordInspectionPlan');
    const year = input.year;
    if (!Number.isInteger(year) || year < 2000 || year > 2100) check.problem(`年份 ${String(year)} 不在 2000–2100 之间`, `year ${String(year)} is not within 2000–2100`);
    const row: Selectable<InspectionPlansTable> = {
      id: randomUUID(),
      idempotency_key: check.idempotencyKey(input.idempotencyKey),
      industry: check.text('industry', input.industry, MAX_SHORT_TEXT_LENGTH),
      jurisdiction: check.text('jurisdiction', input.jurisdiction, MAX_SHORT_TEXT_LENGTH),
      key_industry: input.keyIndustry === true ? 1 : 0,
      plan_year: year,
      plan_title: check.text('planTitle', input.planTitle, MAX_SHORT_TEXT_LENGTH),
      lead_department: check.text('leadDepartment', input.leadDepartment, MAX_SHORT_TEXT_LENGTH),
      process_instance_key: check.optionalText('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH),
      ...this.#stamp(),
    };
    check.done();
    const result = await this.#writeOnce('inspection_plans', row);
    return { isNew: result.isNew, record: toInspectionPlan(result.row) };
  }

  /** 专项检查方案 by 行业领域, 辖区 and year range (inclusive), oldest year first. */
  async listInspectionPlans(filter: InspectionPlanFilter = {}): Promise<InspectionPlan[]> {
    let query = this.#db.selectFrom('inspection_plans').selectAll();
    if (filter.industry !== undefined) query = query.where('industry', '=', filter.industry);
    if (filter.jurisdiction !== undefined) query = query.where('jurisdiction', '=', filter.jurisdiction);
    if (filter.fromYear !== undefined) query = query.where('plan_year', '>=', filter.fromYear);
    if (filter.toYear !== undefined) query = query.where('plan_year', '<=', filter.toYear);
    const rows = await query.orderBy('plan_year').orderBy('created_at').orderBy('id').execute();
    return rows.map(toInspectionPlan);
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
      finding_id: null,
      process_instance_key: check.optionalText('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH),
      decided_at: check.instant('decidedAt', input.decidedAt, this.#now),
      ...this.#scope(check, input),
      ...this.#stamp(),
    };
    const findingIds = this.#punishedFindingIds(check, input);
    row.finding_id = findingIds[0] ?? null;
    return this.#transaction(async (transaction) => {
      for (const findingId of findingIds) await this.#requireRow(transaction, 'findings', findingId, check, 'findingId 问题隐患 / finding');
      check.done();
      const result = await this.#insertOnce(transaction, 'enforcement_actions', row);
      const links = transaction as unknown as Transaction<EnforcementFindingTables>;
      // A redelivered job finds its row and adds nothing; its links were written with it.
      if (result.isNew) await linkEnforcementFindings(links, result.row.id, findingIds, result.row.created_at);
      return { isNew: result.isNew, record: { ...toEnforcementAction(result.row), findingIds: await findingIdsOfEnforcement(links, result.row.id) } };
    });
  }

  /** findingId first, then findingIds, each once (migration 13: every finding a penalty punishes). */
  #punishedFindingIds(check: InputCheck, input: EnforcementActionInput): string[] {
    const single = check.optionalText('findingId', input.findingId, MAX_SHORT_TEXT_LENGTH);
    const listed = input.findingIds ?? [];
    if (!Array.isArray(listed) || listed.length > MAX_PUNISHED_FINDINGS) {
      check.problem(`findingIds 须为最多 ${MAX_PUNISHED_FINDINGS} 个问题编号的列表`, `findingIds must be a list of at most ${MAX_PUNISHED_FINDINGS} finding ids`);
      return single === null ? [] : [single];
    }
    const ids = listed.map((id, index) => check.optionalText(`findingIds[${index}]`, id, MAX_SHORT_TEXT_LENGTH));
    return [...new Set([single, ...ids].filter((id): id is string => id !== null))];
  }

  async recordEscalationDecision(input: EscalationDecisionInput): Promise<Recorded<EscalationDecision>> {
    const check = new InputCheck('recordEscalationDecision');
    const key = check.idempotencyKey(input.idempotencyKey);
    const measure = check.choice('measure', input.measure, ESCALATION_MEASURES);
    const partyKind = check.choice('partyKind', input.partyKind, OVERDUE_PARTY_KINDS);
    const allowed: readonly string[] = partyKind === '企业' ? ENTERPRISE_ESCALATION_MEASURES : UNIT_ESCALATION_MEASURES;
    if (!allowed.includes(measure)) {
      check.problem(
        `对${partyKind}不能采取「${measure}」，可采取：${allowed.join('、')}${partyKind === '企业' ? '（生产经营单位不作为纪检监察线索，进贤方案二(二)3）' : ''}`,
        `measure ${measure} does not apply to a party of kind ${partyKind}; allowed: ${allowed.join(', ')}`,
      );
    }
    const overdueDueDate = check.optionalDate('overdueDueDate', input.overdueDueDate);
    if (overdueDueDate === null) check.problem('缺少 overdueDueDate', 'overdueDueDate is missing');
    const details = input.details ?? {};
    if (typeof details !== 'object' || details === null || Array.isArray(details)) {
      check.problem('details 应为对象', `details must be an object (got ${JSON.stringify(details)})`);
    }
    const partyName = check.text('partyName', input.partyName, MAX_SHORT_TEXT_LENGTH);
    const partyCreditCode = check.optionalText('partyCreditCode', input.partyCreditCode, MAX_SHORT_TEXT_LENGTH);
    const decidingOrgan = check.text('decidingOrgan', input.decidingOrgan, MAX_SHORT_TEXT_LENGTH);
    const documentNumber = check.optionalText('documentNumber', input.documentNumber, MAX_SHORT_TEXT_LENGTH);
    const findingId = check.optionalText('findingId', input.findingId, MAX_SHORT_TEXT_LENGTH);
    const processInstanceKey = check.optionalText('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH);
    const decidedAt = check.instant('decidedAt', input.decidedAt, this.#now);
    const fineFen = check.yuanAsFen('fineYuan', input.fineYuan);
    const personCount = check.nonNegativeInteger('personCount', input.personCount);
    const row: Selectable<EscalationDecisionsTable> = {
      id: randomUUID(),
      idempotency_key: key,
      measure,
      party_name: partyName,
      party_kind: partyKind,
      party_credit_code: partyCreditCode,
      overdue_subject: check.text('overdueSubject', input.overdueSubject, MAX_SHORT_TEXT_LENGTH),
      overdue_due_date: overdueDueDate ?? '',
      deciding_group: check.text('decidingGroup', input.decidingGroup, MAX_SHORT_TEXT_LENGTH),
      deciding_organ: decidingOrgan,
      reason: check.text('reason', input.reason),
      document_number: documentNumber,
      details: JSON.stringify(details),
      case_title: check.optionalText('caseTitle', input.caseTitle, MAX_SHORT_TEXT_LENGTH),
      finding_id: findingId,
      enforcement_action_id: null,
      caller_process_instance_key: check.optionalText('callerProcessInstanceKey', input.callerProcessInstanceKey, MAX_SHORT_TEXT_LENGTH),
      process_instance_key: processInstanceKey,
      decided_at: decidedAt,
      ...this.#stamp(),
    };
    check.done();
    const enforcementKind = ESCALATION_ENFORCEMENT_KINDS[measure];
    return this.#transaction(async (transaction) => {
      const existing = await transaction.selectFrom('escalation_decisions').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
      if (existing) return { isNew: false, record: toEscalationDecision(existing) };
      if (enforcementKind !== undefined) {
        // The finding links the 执法 record only when this ledger holds it; the decision keeps the id either way.
        const finding = findingId === null ? undefined : await transaction.selectFrom('findings').select('id').where('id', '=', findingId).executeTakeFirst();
        const enforcement = await this.#insertOnce(transaction, 'enforcement_actions', {
          id: randomUUID(),
          idempotency_key: `${key}:enforcement`,
          kind: enforcementKind,
          unit_name: partyName,
          unit_credit_code: partyCreditCode,
          deciding_organ: decidingOrgan,
          fine_fen: fineFen,
          person_count: personCount,
          document_number: documentNumber,
          finding_id: finding?.id ?? null,
          process_instance_key: processInstanceKey,
          decided_at: decidedAt,
          campaign_id: null,
          reporting_unit_id: null,
          ...this.#stamp(),
        });
        row.enforcement_action_id = enforcement.row.id;
      }
      const result = await this.#insertOnce(transaction, 'escalation_decisions', row);
      return { isNew: result.isNew, record: toEscalationDecision(result.row) };
    });
  }

  allocateLetterNumber(input: LetterNumberInput): Promise<Recorded<LetterNumber>> {
    const db = this.#db as unknown as Kysely<LetterSerialTables>;
    return allocateLetterSerial(
      (work) => withSqliteFileLock(this.#connection, () => db.transaction().execute(work)),
      db,
      input,
      this.#now,
    );
  }

  listLetterNumbers(filter: LetterNumberFilter = {}): Promise<LetterNumber[]> {
    return listLetterSerials(this.#db as unknown as Kysely<LetterSerialTables>, filter);
  }

  registerSupervisionPlan(input: SupervisionPlanInput): Promise<SupervisionPlanRegistration> {
    const db = this.#db as unknown as Kysely<SupervisionPlanTables>;
    return registerSupervisionPlanRow((work) => withSqliteFileLock(this.#connection, () => db.transaction().execute(work)), db, input, this.#now);
  }

  listSupervisionPlans(filter: { readonly jurisdiction?: string; readonly year?: number } = {}): Promise<SupervisionPlan[]> {
    return listSupervisionPlanRows(this.#db as unknown as Kysely<SupervisionPlanTables>, filter);
  }

  releaseSupervisionPlan(input: SupervisionPlanReleaseInput): Promise<SupervisionPlanReleaseOutcome> {
    const db = this.#db as unknown as Kysely<SupervisionPlanTables>;
    return releaseSupervisionPlanRow((work) => withSqliteFileLock(this.#connection, () => db.transaction().execute(work)), input, this.#now);
  }

  listSupervisionPlanReleases(filter: { readonly jurisdiction?: string; readonly year?: number } = {}): Promise<SupervisionPlanRelease[]> {
    return listSupervisionPlanReleaseRows(this.#db as unknown as Kysely<SupervisionPlanTables>, filter);
  }

  recordEnforcementDetails(input: EnforcementDetailsInput): Promise<EnforcementDetails> {
    const db = this.#db as unknown as Kysely<EnforcementDetailTables>;
    return recordEnforcementDetailRows((work) => withSqliteFileLock(this.#connection, () => db.transaction().execute(work)), input, this.#now);
  }

  getEnforcementDetails(enforcementActionId: string): Promise<EnforcementDetails> {
    return getEnforcementDetailRows(this.#db as unknown as Kysely<EnforcementDetailTables>, enforcementActionId);
  }

  recordCampaignAccountability(input: CampaignAccountabilityInput): Promise<Recorded<CampaignAccountability>> {
    const db = this.#db as unknown as Kysely<CampaignAccountabilityTables>;
    return withSqliteFileLock(this.#connection, () => recordCampaignAccountabilityRow(db, input, this.#now));
  }

  listCampaignAccountability(filter: { readonly campaignId?: string; readonly quarter?: string } = {}): Promise<CampaignAccountability[]> {
    return listCampaignAccountabilityRows(this.#db as unknown as Kysely<CampaignAccountabilityTables>, filter);
  }

  async listEscalationDecisions(filter: EscalationDecisionFilter = {}): Promise<EscalationDecision[]> {
    const check = new InputCheck('listEscalationDecisions');
    const measure = check.optionalChoice('measure', filter.measure, ESCALATION_MEASURES);
    const limit = listLimit(check, filter.limit);
    check.done();
    const rows = await this.#db
      .selectFrom('escalation_decisions')
      .selectAll()
      .$if(filter.callerProcessInstanceKey !== undefined, (query) => query.where('caller_process_instance_key', '=', filter.callerProcessInstanceKey as string))
      .$if(filter.processInstanceKey !== undefined, (query) => query.where('process_instance_key', '=', filter.processInstanceKey as string))
      .$if(filter.partyName !== undefined, (query) => query.where('party_name', '=', filter.partyName as string))
      .$if(measure !== undefined, (query) => query.where('measure', '=', measure as string))
      .orderBy('decided_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toEscalationDecision);
  }

  async statusHistory(entityType: StatusEntity, id: string): Promise<StatusChange[]> {
    const rows = await this.#db
      .selectFrom('status_changes')
      .selectAll()
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', id)
      .orderBy('changed_at')
      // Ids sort in recording order (see #statusChangeId), which a state machine's history follows.
      .orderBy('id')
      .execute();
    return rows.map(toStatusChange);
  }

  summarize(range: InstantRange, scope?: LedgerScope): Promise<LedgerSummary> {
    return summarizeLedger(this.#db, range, scope);
  }

  async recordDispatchSubmission(input: DispatchSubmissionInput): Promise<Recorded<DispatchSubmission>> {
    const check = new InputCheck('recordDispatchSubmission');
    const fields = input.fields;
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
      check.problem('fields 应为对象', `fields must be an object (got ${JSON.stringify(fields)})`);
    } else {
      for (const [key, value] of Object.entries(fields)) {
        const valid = value === null || (typeof value === 'number' && Number.isFinite(value) && value >= 0) || typeof value === 'boolean';
        if (!valid) check.problem(`fields.${key} 应为非负数、是否或空`, `fields.${key} must be a non-negative number, a boolean or null (got ${JSON.stringify(value)})`);
      }
    }
    const month = check.text('dispatchMonth', input.dispatchMonth, 7);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) check.problem('dispatchMonth 应为 YYYY-MM', `dispatchMonth must be YYYY-MM (got ${JSON.stringify(input.dispatchMonth)})`);
    const kind = check.choice('kind', input.kind, DISPATCH_SUBMISSION_KINDS);
    const reportingUnitId = check.optionalText('reportingUnitId', input.reportingUnitId, MAX_SHORT_TEXT_LENGTH);
    if (kind === '填报单位' && reportingUnitId === null) check.problem('填报单位的调度表须给出 reportingUnitId', "a reporting unit's table needs its reportingUnitId");
    if (kind === '汇总' && reportingUnitId !== null) check.problem('汇总表不属于某一填报单位，reportingUnitId 应为空', 'the consolidated table belongs to no reporting unit: reportingUnitId must be empty');
    const row: Selectable<DispatchSubmissionsTable> = {
      id: randomUUID(),
      idempotency_key: check.idempotencyKey(input.idempotencyKey),
      campaign_id: check.text('campaignId', input.campaignId, MAX_SHORT_TEXT_LENGTH),
      dispatch_month: month,
      reporting_unit_id: reportingUnitId,
      reporting_unit_name: check.text('reportingUnitName', input.reportingUnitName, MAX_SHORT_TEXT_LENGTH),
      kind,
      fields: JSON.stringify(fields ?? {}),
      document_number: check.optionalText('documentNumber', input.documentNumber, MAX_SHORT_TEXT_LENGTH),
      submitted_by: check.optionalText('submittedBy', input.submittedBy, MAX_SHORT_TEXT_LENGTH),
      note: check.optionalText('note', input.note),
      process_instance_key: check.optionalText('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH),
      period_from: check.instant('periodFrom', input.periodFrom, this.#now),
      period_before: check.instant('periodBefore', input.periodBefore, this.#now),
      submitted_at: check.instant('submittedAt', input.submittedAt, this.#now),
      ...this.#stamp(),
    };
    check.done();
    const result = await this.#writeOnce('dispatch_submissions', row);
    return { isNew: result.isNew, record: toDispatchSubmission(result.row) };
  }

  async listDispatchSubmissions(filter: DispatchSubmissionFilter): Promise<DispatchSubmission[]> {
    const check = new InputCheck('listDispatchSubmissions');
    const campaignId = check.text('campaignId', filter.campaignId, MAX_SHORT_TEXT_LENGTH);
    const limit = listLimit(check, filter.limit);
    check.done();
    const rows = await this.#db
      .selectFrom('dispatch_submissions')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .$if(filter.dispatchMonth !== undefined, (query) => query.where('dispatch_month', '=', filter.dispatchMonth as string))
      .$if(filter.processInstanceKey !== undefined, (query) => query.where('process_instance_key', '=', filter.processInstanceKey as string))
      .$if(filter.kind !== undefined, (query) => query.where('kind', '=', filter.kind as string))
      .orderBy('dispatch_month')
      .orderBy('submitted_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toDispatchSubmission);
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }
}
