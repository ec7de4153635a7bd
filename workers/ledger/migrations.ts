/**
 * Numbered schema migrations, applied on every open. All pending migrations
 * run in one transaction (both backends have transactional DDL), so a crash
 * leaves the schema at a known version, and concurrent openers serialise:
 * PostgreSQL through a transaction-scoped advisory lock, SQLite through
 * BEGIN IMMEDIATE plus an in-process lock (see ledger.ts).
 *
 * A migration, once released, never changes: a schema change is a new entry.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Logger } from '../logger.ts';
import type { LedgerDatabase } from './schema.ts';
import { CAMPAIGN_ACCOUNTABILITY_MIGRATION } from './campaign-accountability.ts';
import { ENFORCEMENT_DETAILS_MIGRATION } from './enforcement-details.ts';
import { ENFORCEMENT_FINDINGS_MIGRATION } from './enforcement-findings.ts';
import { SUPERVISION_PLANS_MIGRATION, SUPERVISION_PLAN_RELEASES_MIGRATION } from './supervision-plans.ts';

export type LedgerBackend = 'sqlite' | 'postgres';

/** Column types that differ between the backends; everything else is portable SQL. */
interface ColumnTypes {
  readonly instant: 'timestamptz' | 'text';
  readonly day: 'date' | 'text';
  readonly money: 'bigint' | 'integer';
}

const COLUMN_TYPES: Readonly<Record<LedgerBackend, ColumnTypes>> = {
  postgres: { instant: 'timestamptz', day: 'date', money: 'bigint' },
  sqlite: { instant: 'text', day: 'text', money: 'integer' },
};

/** Arbitrary but fixed: identifies "ledger schema migration" among the database's advisory locks. */
export const MIGRATION_ADVISORY_LOCK_KEY = 7_340_202_611;

export interface LedgerMigration {
  readonly version: number;
  readonly name: string;
  // Migrations describe tables that may not exist in the current row types, so they see an untyped database.
  up(db: Kysely<any>, types: ColumnTypes): Promise<void>;
}

export const LEDGER_MIGRATIONS: readonly LedgerMigration[] = [
  {
    version: 1,
    name: 'clues, findings, transfers, notifications, disclosures, inspections, enforcement actions, status changes',
    async up(db, types) {
      await db.schema
        .createTable('clues')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('idempotency_key', 'text', (column) => column.notNull().unique())
        .addColumn('source', 'text', (column) => column.notNull())
        .addColumn('content', 'text', (column) => column.notNull())
        .addColumn('reporter_contact', 'text')
        .addColumn('process_instance_key', 'text')
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('received_at', types.instant, (column) => column.notNull())
        .addColumn('closed_at', types.instant)
        .addColumn('created_at', types.instant, (column) => column.notNull())
        .addColumn('updated_at', types.instant, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('clues_received_at').on('clues').column('received_at').execute();
      await db.schema.createIndex('clues_process_instance_key').on('clues').column('process_instance_key').execute();

      await db.schema
        .createTable('findings')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('idempotency_key', 'text', (column) => column.notNull().unique())
        .addColumn('category', 'text', (column) => column.notNull())
        .addColumn('source', 'text', (column) => column.notNull())
        .addColumn('unit_name', 'text', (column) => column.notNull())
        .addColumn('unit_credit_code', 'text')
        .addColumn('region', 'text')
        .addColumn('description', 'text', (column) => column.notNull())
        .addColumn('rectification_deadline', types.day)
        .addColumn('process_instance_key', 'text')
        .addColumn('clue_id', 'text', (column) => column.references('clues.id'))
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('found_at', types.instant, (column) => column.notNull())
        .addColumn('rectified_at', types.instant)
        .addColumn('listing_authority', 'text')
        .addColumn('listing_document_number', 'text')
        .addColumn('listed_at', types.instant)
        .addColumn('created_at', types.instant, (column) => column.notNull())
        .addColumn('updated_at', types.instant, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('findings_category_found_at').on('findings').columns(['category', 'found_at']).execute();
      await db.schema.createIndex('findings_status').on('findings').column('status').execute();
      await db.schema.createIndex('findings_listed_at').on('findings').column('listed_at').execute();
      await db.schema.createIndex('findings_process_instance_key').on('findings').column('process_instance_key').execute();

      await db.schema
        .createTable('transfers')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('idempotency_key', 'text', (column) => column.notNull().unique())
        .addColumn('receiver_kind', 'text', (column) => column.notNull())
        .addColumn('receiver_name', 'text', (column) => column.notNull())
        .addColumn('letter_number', 'text', (column) => column.notNull())
        .addColumn('clue_id', 'text', (column) => column.references('clues.id'))
        .addColumn('finding_id', 'text', (column) => column.references('findings.id'))
        .addColumn('process_instance_key', 'text')
        .addColumn('sent_at', types.instant, (column) => column.notNull())
        .addColumn('receipt_received_at', types.instant)
        .addColumn('outcome', 'text')
        .addColumn('created_at', types.instant, (column) => column.notNull())
        .addColumn('updated_at', types.instant, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('transfers_sent_at').on('transfers').column('sent_at').execute();
      await db.schema.createIndex('transfers_clue_id').on('transfers').column('clue_id').execute();
      await db.schema.createIndex('transfers_finding_id').on('transfers').column('finding_id').execute();

      await db.schema
        .createTable('notifications')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('idempotency_key', 'text', (column) => column.notNull().unique())
        .addColumn('notice_type', 'text', (column) => column.notNull())
        .addColumn('channel', 'text', (column) => column.notNull())
        .addColumn('recipient', 'text', (column) => column.notNull())
        .addColumn('subject', 'text', (column) => column.notNull())
        .addColumn('body_digest', 'text', (column) => column.notNull())
        .addColumn('delivery_result', 'text', (column) => column.notNull())
        .addColumn('delivery_detail', 'text')
        .addColumn('process_instance_key', 'text')
        .addColumn('sent_at', types.instant, (column) => column.notNull())
        .addColumn('created_at', types.instant, (column) => column.notNull())
        .addColumn('updated_at', types.instant, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('notifications_sent_at').on('notifications').column('sent_at').execute();

      await db.schema
        .createTable('disclosures')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('idempotency_key', 'text', (column) => column.notNull().unique())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('title', 'text', (column) => column.notNull())
        .addColumn('location', 'text', (column) => column.notNull())
        .addColumn('process_instance_key', 'text')
        .addColumn('published_at', types.instant, (column) => column.notNull())
        .addColumn('created_at', types.instant, (column) => column.notNull())
        .addColumn('updated_at', types.instant, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('disclosures_published_at').on('disclosures').column('published_at').execute();

      await db.schema
        .createTable('inspections')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('idempotency_key', 'text', (column) => column.notNull().unique())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('unit_name', 'text', (column) => column.notNull())
        .addColumn('unit_credit_code', 'text')
        .addColumn('region', 'text')
        .addColumn('inspecting_organ', 'text', (column) => column.notNull())
        .addColumn('process_instance_key', 'text')
        .addColumn('inspected_at', types.instant, (column) => column.notNull())
        .addColumn('created_at', types.instant, (column) => column.notNull())
        .addColumn('updated_at', types.instant, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('inspections_kind_inspected_at').on('inspections').columns(['kind', 'inspected_at']).execute();

      await db.schema
        .createTable('enforcement_actions')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('idempotency_key', 'text', (column) => column.notNull().unique())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('unit_name', 'text', (column) => column.notNull())
        .addColumn('unit_credit_code', 'text')
        .addColumn('deciding_organ', 'text', (column) => column.notNull())
        .addColumn('fine_fen', types.money, (column) => column.notNull().defaultTo(0))
        .addColumn('person_count', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('document_number', 'text')
        .addColumn('finding_id', 'text', (column) => column.references('findings.id'))
        .addColumn('process_instance_key', 'text')
        .addColumn('decided_at', types.instant, (column) => column.notNull())
        .addColumn('created_at', types.instant, (column) => column.notNull())
        .addColumn('updated_at', types.instant, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('enforcement_actions_kind_decided_at').on('enforcement_actions').columns(['kind', 'decided_at']).execute();

      await db.schema
        .createTable('status_changes')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('idempotency_key', 'text', (column) => column.notNull().unique())
        .addColumn('entity_type', 'text', (column) => column.notNull())
        .addColumn('entity_id', 'text', (column) => column.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (column) => column.notNull())
        .addColumn('changed_at', types.instant, (column) => column.notNull())
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('status_changes_entity').on('status_changes').columns(['entity_type', 'entity_id']).execute();
    },
  },
  {
    version: 2,
    name: 'escalation decisions (督办决定 after a missed deadline)',
    async up(db, types) {
      // details holds the measure's own fields (约谈时间地点, 责任追究干部名单 …) as JSON text: portable to both backends.
      await db.schema
        .createTable('escalation_decisions')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('idempotency_key', 'text', (column) => column.notNull().unique())
        .addColumn('measure', 'text', (column) => column.notNull())
        .addColumn('party_name', 'text', (column) => column.notNull())
        .addColumn('party_kind', 'text', (column) => column.notNull())
        .addColumn('party_credit_code', 'text')
        .addColumn('overdue_subject', 'text', (column) => column.notNull())
        .addColumn('overdue_due_date', types.day, (column) => column.notNull())
        .addColumn('deciding_group', 'text', (column) => column.notNull())
        .addColumn('deciding_organ', 'text', (column) => column.notNull())
        .addColumn('reason', 'text', (column) => column.notNull())
        .addColumn('document_number', 'text')
        .addColumn('details', 'text', (column) => column.notNull())
        .addColumn('case_title', 'text')
        .addColumn('finding_id', 'text')
        .addColumn('enforcement_action_id', 'text', (column) => column.references('enforcement_actions.id'))
        .addColumn('caller_process_instance_key', 'text')
        .addColumn('process_instance_key', 'text')
        .addColumn('decided_at', types.instant, (column) => column.notNull())
        .addColumn('created_at', types.instant, (column) => column.notNull())
        .addColumn('updated_at', types.instant, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('escalation_decisions_decided_at').on('escalation_decisions').column('decided_at').execute();
      await db.schema.createIndex('escalation_decisions_caller').on('escalation_decisions').column('caller_process_instance_key').execute();
      await db.schema.createIndex('escalation_decisions_party_name').on('escalation_decisions').column('party_name').execute();
    },
  },
  {
    version: 3,
    name: 'letter serials (移交函文号: sequential per jurisdiction, prefix and year)',
    async up(db, types) {
      // One row per series (jurisdiction, 机关代字, year); its last_serial is incremented in the allocating transaction.
      await db.schema
        .createTable('letter_serial_counters')
        .addColumn('series_key', 'text', (column) => column.primaryKey())
        .addColumn('jurisdiction', 'text', (column) => column.notNull())
        .addColumn('prefix', 'text', (column) => column.notNull())
        .addColumn('year', 'integer', (column) => column.notNull())
        .addColumn('last_serial', 'integer', (column) => column.notNull())
        .addColumn('updated_at', types.instant, (column) => column.notNull())
        .execute();
      // One row per letter; the idempotency key (the transfer id) makes a retried job get the same number.
      await db.schema
        .createTable('letter_numbers')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('idempotency_key', 'text', (column) => column.notNull().unique())
        .addColumn('jurisdiction', 'text', (column) => column.notNull())
        .addColumn('prefix', 'text', (column) => column.notNull())
        .addColumn('year', 'integer', (column) => column.notNull())
        .addColumn('serial', 'integer', (column) => column.notNull())
        .addColumn('letter_number', 'text', (column) => column.notNull().unique())
        .addColumn('process_instance_key', 'text')
        .addColumn('allocated_at', types.instant, (column) => column.notNull())
        .addUniqueConstraint('letter_numbers_series_serial', ['jurisdiction', 'prefix', 'year', 'serial'])
        .execute();
    },
  },
  {
    version: 4,
    name: 'closure of a finding (销号: who checked, how, when; 摘牌 of a listed hazard)',
    async up(db, types) {
      // One ALTER per column: SQLite adds a single column per statement.
      for (const [column, type] of [
        ['closure_checked_by', 'text'],
        ['closure_method', 'text'],
        ['closure_checked_on', types.day],
        ['delisted_on', types.day],
        ['delisting_document_number', 'text'],
      ] as const) {
        await db.schema.alterTable('findings').addColumn(column, type).execute();
      }
    },
  },
  {
    version: 5,
    name: 'findings sent by a 移交函 before version 4 become 已移交',
    async up(db) {
      // From version 4 on, sending a 移交函 makes its finding 已移交; findings sent earlier still read 待整改 or 整改中
      // and would be counted as waiting for a rectification that the receiving organ now owns.
      const sent = await db
        .selectFrom('findings')
        .innerJoin('transfers', 'transfers.finding_id', 'findings.id')
        .select(['findings.id as findingId', 'findings.status as status', 'transfers.idempotency_key as transferKey', 'transfers.letter_number as letterNumber', 'transfers.receiver_name as receiverName', 'transfers.sent_at as sentAt'])
        .where('findings.status', 'in', ['待整改', '整改中'])
        .orderBy('transfers.sent_at')
        .orderBy('transfers.id')
        .execute();
      const moved = new Set<string>();
      for (const row of sent) {
        // The first letter moved the finding; a later one for the same finding changes nothing more.
        if (moved.has(row.findingId)) continue;
        moved.add(row.findingId);
        await db.updateTable('findings').set({ status: '已移交', updated_at: row.sentAt }).where('id', '=', row.findingId).execute();
        await db
          .insertInto('status_changes')
          .values({
            id: randomUUID(),
            // The key send-transfer uses (its transfer is keyed transfer:<transferId>), so a redelivered job of that letter finds the move made.
            idempotency_key: `${row.transferKey}:finding-status`,
            entity_type: 'finding',
            entity_id: row.findingId,
            from_status: row.status,
            to_status: '已移交',
            changed_at: row.sentAt,
            note: `${row.letterNumber} 移交${row.receiverName}（台账升级时补记）`,
          })
          .execute();
      }
    },
  },
  {
    version: 6,
    name: 'a claim on a notice being sent (two workers holding the same job send it once)',
    async up(db, types) {
      await db.schema.alterTable('notifications').addColumn('claimed_by', 'text').execute();
      await db.schema.alterTable('notifications').addColumn('claimed_until', types.instant).execute();
    },
  },
  {
    version: 7,
    name: 'special inspection plans per industry, jurisdiction and year (000 第十五条: 重点行业每年、其他每两年至少一次)',
    async up(db, types) {
      await db.schema
        .createTable('inspection_plans')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('idempotency_key', 'text', (column) => column.notNull().unique())
        .addColumn('industry', 'text', (column) => column.notNull())
        .addColumn('jurisdiction', 'text', (column) => column.notNull())
        .addColumn('key_industry', 'integer', (column) => column.notNull())
        .addColumn('plan_year', 'integer', (column) => column.notNull())
        .addColumn('plan_title', 'text', (column) => column.notNull())
        .addColumn('lead_department', 'text', (column) => column.notNull())
        .addColumn('process_instance_key', 'text')
        .addColumn('created_at', types.instant, (column) => column.notNull())
        .addColumn('updated_at', types.instant, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('inspection_plans_industry_year').on('inspection_plans').columns(['jurisdiction', 'industry', 'plan_year']).execute();
    },
  },
  {
    version: 8,
    name: 'campaign and reporting unit of findings, inspections and enforcement actions; 调度表 submissions',
    async up(db, types) {
      // Nullable: rows outside a campaign (patrols, supervisions, daily inspections) and rows written before keep null.
      for (const table of ['findings', 'inspections', 'enforcement_actions'] as const) {
        await db.schema.alterTable(table).addColumn('campaign_id', 'text').execute();
        await db.schema.alterTable(table).addColumn('reporting_unit_id', 'text').execute();
        await db.schema.createIndex(`${table}_campaign_unit`).on(table).columns(['campaign_id', 'reporting_unit_id']).execute();
      }
      // One row per submitted 调度表 (seed 004 附件): a reporting unit's own, or the 县安委办's consolidated one
      // (reporting_unit_id null); fields holds every number of the table, ledger and manual, as JSON text.
      await db.schema
        .createTable('dispatch_submissions')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('idempotency_key', 'text', (column) => column.notNull().unique())
        .addColumn('campaign_id', 'text', (column) => column.notNull())
        .addColumn('dispatch_month', 'text', (column) => column.notNull())
        .addColumn('reporting_unit_id', 'text')
        .addColumn('reporting_unit_name', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('fields', 'text', (column) => column.notNull())
        .addColumn('document_number', 'text')
        .addColumn('submitted_by', 'text')
        .addColumn('note', 'text')
        .addColumn('process_instance_key', 'text')
        .addColumn('period_from', types.instant, (column) => column.notNull())
        .addColumn('period_before', types.instant, (column) => column.notNull())
        .addColumn('submitted_at', types.instant, (column) => column.notNull())
        .addColumn('created_at', types.instant, (column) => column.notNull())
        .addColumn('updated_at', types.instant, (column) => column.notNull())
        .execute();
      await db.schema.createIndex('dispatch_submissions_campaign_month').on('dispatch_submissions').columns(['campaign_id', 'dispatch_month']).execute();
    },
  },
  // 综合督查年度计划 (supervision-plans.ts).
  SUPERVISION_PLANS_MIGRATION,
  // 季通报 约谈/问责 of campaign units (campaign-accountability.ts).
  CAMPAIGN_ACCOUNTABILITY_MIGRATION,
  // 一案双罚的被处罚对象，提请关闭函、涉嫌犯罪案件移送书及其答复 (enforcement-details.ts).
  ENFORCEMENT_DETAILS_MIGRATION,
  // 处罚所针对的全部问题 (enforcement-findings.ts).
  ENFORCEMENT_FINDINGS_MIGRATION,
  // 综合督查计划未获批准或撤回：释放年度 (supervision-plans.ts).
  SUPERVISION_PLAN_RELEASES_MIGRATION,
  // Append later versions here; a released entry never changes.
];

export interface MigrationOutcome {
  /** Versions applied by this call; empty when the schema was already current. */
  readonly applied: readonly number[];
  readonly currentVersion: number;
}

export async function migrateLedger(
  db: Kysely<LedgerDatabase>,
  backend: LedgerBackend,
  logger: Logger,
  migrations: readonly LedgerMigration[] = LEDGER_MIGRATIONS,
): Promise<MigrationOutcome> {
  return db.transaction().execute(async (transaction) => {
    if (backend === 'postgres') {
      // Released at commit or rollback, so a crashed opener never leaves it held.
      await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_ADVISORY_LOCK_KEY)})`.execute(transaction);
    }
    await transaction.schema
      .createTable('ledger_schema_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('applied_at', 'text', (column) => column.notNull())
      .execute();

    const appliedRows = await transaction.selectFrom('ledger_schema_migrations').select('version').execute();
    const alreadyApplied = new Set(appliedRows.map((row) => Number(row.version)));
    const knownVersions = new Set(migrations.map((migration) => migration.version));
    const unknown = [...alreadyApplied].filter((version) => !knownVersions.has(version));
    if (unknown.length > 0) {
      // A newer release migrated this database; additive migrations keep older code working, so go on.
      logger.warn({ unknownVersions: unknown }, 'ledger schema has migrations this release does not know');
    }

    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (alreadyApplied.has(migration.version)) continue;
      await migration.up(transaction, COLUMN_TYPES[backend]);
      await transaction
        .insertInto('ledger_schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() })
        .execute();
      applied.push(migration.version);
      logger.info({ version: migration.version, migration: migration.name }, 'ledger schema migration applied');
    }
    const currentVersion = Math.max(0, ...alreadyApplied, ...applied);
    return { applied, currentVersion };
  });
}
