/**
 * The findings a penalty punishes (migration 13). A 处罚决定 often covers
 * several 问题隐患 of one inspection (000 第二十二条(三) 依法依规处理; issue 12
 * "a penalty links to the findings it punishes"); the column
 * `enforcement_actions.finding_id` holds one. The table `enforcement_findings`
 * holds every link, one row per (enforcement action, finding), in the order
 * the deciding department ticked them (`position`), so the ledger answers both
 * "what was this finding punished with" and "which findings does this
 * decision punish".
 *
 * Migration 13 also creates the tables of credit-listings.ts. It copies the existing single links (finding_id) into the table.
 * Writing a link is idempotent: a redelivered job adds nothing.
 */
import type { Kysely, Transaction } from 'kysely';
import { createCreditListingTables } from './credit-listings.ts';
import type { LedgerMigration } from './migrations.ts';

export interface EnforcementFindingRow {
  enforcement_action_id: string;
  finding_id: string;
  position: number;
  created_at: string;
}

/** The table this module owns, for its own queries. */
export interface EnforcementFindingTables {
  enforcement_findings: EnforcementFindingRow;
}

type Db = Kysely<EnforcementFindingTables> | Transaction<EnforcementFindingTables>;

/** More findings than one inspection's list holds belong in separate decisions. */
export const MAX_PUNISHED_FINDINGS = 200;

export const ENFORCEMENT_FINDINGS_MIGRATION: LedgerMigration = {
  version: 13,
  name: 'every finding an enforcement action punishes (enforcement_findings), the single finding_id links copied in; 失信名单 with 信用修复 (credit_listings, credit_listing_events) and withdrawn disclosures',
  async up(db, types) {
    await db.schema
      .createTable('enforcement_findings')
      .addColumn('enforcement_action_id', 'text', (column) => column.notNull().references('enforcement_actions.id'))
      .addColumn('finding_id', 'text', (column) => column.notNull().references('findings.id'))
      .addColumn('position', 'integer', (column) => column.notNull())
      .addColumn('created_at', types.instant, (column) => column.notNull())
      .addPrimaryKeyConstraint('enforcement_findings_pk', ['enforcement_action_id', 'finding_id'])
      .execute();
    await db.schema.createIndex('enforcement_findings_finding').on('enforcement_findings').column('finding_id').execute();
    const linked = await db
      .selectFrom('enforcement_actions')
      .select(['id', 'finding_id', 'created_at'])
      .where('finding_id', 'is not', null)
      .execute();
    for (const row of linked) {
      await db
        .insertInto('enforcement_findings')
        .values({ enforcement_action_id: row.id, finding_id: row.finding_id, position: 0, created_at: row.created_at })
        .execute();
    }
    // 严重失信主体名单, its 信用修复 and the withdrawal of its public notice (credit-listings.ts).
    await createCreditListingTables(db, types.instant);
  },
};

/** Links the findings (in the given order, duplicates dropped) to the enforcement action; existing links stay. */
export async function linkEnforcementFindings(db: Db, enforcementActionId: string, findingIds: readonly string[], now: string): Promise<void> {
  const unique = [...new Set(findingIds)];
  for (const [position, findingId] of unique.entries()) {
    await db
      .insertInto('enforcement_findings')
      .values({ enforcement_action_id: enforcementActionId, finding_id: findingId, position, created_at: now })
      .onConflict((conflict) => conflict.columns(['enforcement_action_id', 'finding_id']).doNothing())
      .execute();
  }
}

/** The findings an enforcement action punishes, in the order they were ticked. */
export async function findingIdsOfEnforcement(db: Db, enforcementActionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('enforcement_findings')
    .select('finding_id')
    .where('enforcement_action_id', '=', enforcementActionId)
    .orderBy('position')
    .execute();
  return rows.map((row) => row.finding_id);
}
