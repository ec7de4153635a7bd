/**
 * Row shapes as the database holds them, for Kysely's type checking. Both
 * backends return the same JavaScript values: instants as ISO-8601 UTC text,
 * days as YYYY-MM-DD, integers as numbers (see database.ts for PostgreSQL's
 * type parsers).
 */

interface KeyedRow {
  id: string;
  idempotency_key: string;
  created_at: string;
  updated_at: string;
}

export interface CluesTable extends KeyedRow {
  source: string;
  content: string;
  reporter_contact: string | null;
  process_instance_key: string | null;
  status: string;
  received_at: string;
  closed_at: string | null;
}

export interface FindingsTable extends KeyedRow {
  category: string;
  source: string;
  unit_name: string;
  unit_credit_code: string | null;
  region: string | null;
  description: string;
  rectification_deadline: string | null;
  process_instance_key: string | null;
  clue_id: string | null;
  status: string;
  found_at: string;
  rectified_at: string | null;
  listing_authority: string | null;
  listing_document_number: string | null;
  /** Not null exactly when the finding is 挂牌督办. */
  listed_at: string | null;
  /** 销号 (migration 4): who checked the rectification, how, and on which day. */
  closure_checked_by: string | null;
  closure_method: string | null;
  closure_checked_on: string | null;
  /** 摘牌 of a listed hazard at its 销号 (migration 4). */
  delisted_on: string | null;
  delisting_document_number: string | null;
  /** The campaign (专项整治行动编号) and the reporting unit (填报单位) the row counts for in the 调度表 (migration 8). */
  campaign_id: string | null;
  reporting_unit_id: string | null;
}

export interface TransfersTable extends KeyedRow {
  receiver_kind: string;
  receiver_name: string;
  letter_number: string;
  clue_id: string | null;
  finding_id: string | null;
  process_instance_key: string | null;
  sent_at: string;
  receipt_received_at: string | null;
  outcome: string | null;
}

export interface NotificationsTable extends KeyedRow {
  notice_type: string;
  channel: string;
  recipient: string;
  subject: string;
  body_digest: string;
  delivery_result: string;
  delivery_detail: string | null;
  process_instance_key: string | null;
  sent_at: string;
  /** The attempt sending it now (migration 6), so a second worker holding the same job does not send it as well. */
  claimed_by: string | null;
  /** When that claim lapses: an attempt that crashed mid-send gives way to the next after this. */
  claimed_until: string | null;
}

export interface DisclosuresTable extends KeyedRow {
  kind: string;
  title: string;
  location: string;
  process_instance_key: string | null;
  published_at: string;
}

export interface InspectionsTable extends KeyedRow {
  kind: string;
  unit_name: string;
  unit_credit_code: string | null;
  region: string | null;
  inspecting_organ: string;
  process_instance_key: string | null;
  inspected_at: string;
  /** Migration 12: 谁检查、谁签名、谁负责 (004 二(二)5) — who signed the record, and on which day. */
  inspector_names: string | null;
  inspector_signed_on: string | null;
  /** Migration 8, as on findings. */
  campaign_id: string | null;
  reporting_unit_id: string | null;
}

export interface EnforcementActionsTable extends KeyedRow {
  kind: string;
  unit_name: string;
  unit_credit_code: string | null;
  deciding_organ: string;
  fine_fen: number;
  person_count: number;
  document_number: string | null;
  finding_id: string | null;
  process_instance_key: string | null;
  decided_at: string;
  /** Migration 8, as on findings. */
  campaign_id: string | null;
  reporting_unit_id: string | null;
}

/** A submitted 调度表 (migration 8): a reporting unit's, or the consolidated one (reporting_unit_id null). */
export interface DispatchSubmissionsTable extends KeyedRow {
  campaign_id: string;
  dispatch_month: string;
  reporting_unit_id: string | null;
  reporting_unit_name: string;
  kind: string;
  /** JSON text: every number of the table by key, null where nothing was entered. */
  fields: string;
  document_number: string | null;
  submitted_by: string | null;
  note: string | null;
  process_instance_key: string | null;
  period_from: string;
  period_before: string;
  submitted_at: string;
}

export interface StatusChangesTable {
  id: string;
  idempotency_key: string;
  entity_type: string;
  entity_id: string;
  from_status: string | null;
  to_status: string;
  changed_at: string;
  note: string | null;
}

export interface EscalationDecisionsTable extends KeyedRow {
  measure: string;
  party_name: string;
  party_kind: string;
  party_credit_code: string | null;
  overdue_subject: string;
  overdue_due_date: string;
  deciding_group: string;
  deciding_organ: string;
  reason: string;
  document_number: string | null;
  /** JSON text of the measure's own fields. */
  details: string;
  case_title: string | null;
  finding_id: string | null;
  enforcement_action_id: string | null;
  caller_process_instance_key: string | null;
  process_instance_key: string | null;
  decided_at: string;
}

/** 专项检查方案 per 行业领域, 辖区 and year (000 第十五条 frequency; migration 7). */
export interface InspectionPlansTable extends KeyedRow {
  industry: string;
  jurisdiction: string;
  /** 1 for a 重点行业领域 (at least once a year), 0 for the others (at least once every two years). */
  key_industry: number;
  plan_year: number;
  plan_title: string;
  lead_department: string;
  process_instance_key: string | null;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface LedgerDatabase {
  clues: CluesTable;
  findings: FindingsTable;
  transfers: TransfersTable;
  notifications: NotificationsTable;
  disclosures: DisclosuresTable;
  inspections: InspectionsTable;
  enforcement_actions: EnforcementActionsTable;
  status_changes: StatusChangesTable;
  escalation_decisions: EscalationDecisionsTable;
  dispatch_submissions: DispatchSubmissionsTable;
  inspection_plans: InspectionPlansTable;
  ledger_schema_migrations: SchemaMigrationsTable;
}

export type LedgerTableName = Exclude<keyof LedgerDatabase, 'ledger_schema_migrations'>;
