/**
 * 约谈 and 问责 of units falling behind in a special campaign (seed 004 四(三): 对工作推进落实不力地区和单位，将适时
 * 进行约谈、问责; 二(二)5: 县安委会办公室将视情况对有关单位进行约谈，并在全县通报), as the 县安委办 decided them
 * in a 季通报 (migration 11). One row per campaign, quarter and unit: the table has a unique key on the three, so
 * a redelivered job or a decision entered again keeps the first decision and writes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { LedgerMigration } from './migrations.ts';
import { InputCheck, MAX_SHORT_TEXT_LENGTH } from './validation.ts';

/** 约谈, 问责, or neither (with a reason). */
export const ACCOUNTABILITY_DECISIONS = ['约谈', '问责', '不约谈问责'] as const;
export type AccountabilityDecisionKind = (typeof ACCOUNTABILITY_DECISIONS)[number];

export interface CampaignAccountabilityInput {
  readonly campaignId: string;
  /** YYYY-Qn */
  readonly quarter: string;
  readonly reportingUnitId: string;
  readonly reportingUnitName: string;
  readonly decision: AccountabilityDecisionKind;
  /** Why: the lag found (tables missing or late) and, for 不约谈问责, the reason. */
  readonly reason: string;
  /** 文号 of the 季通报 that carries the decision. */
  readonly circularNumber: string;
  readonly processInstanceKey: string;
  readonly decidedAt: string;
}

export interface CampaignAccountability extends CampaignAccountabilityInput {
  readonly id: string;
  readonly createdAt: string;
}

interface CampaignAccountabilityRow {
  id: string;
  campaign_id: string;
  quarter: string;
  reporting_unit_id: string;
  reporting_unit_name: string;
  decision: string;
  reason: string;
  circular_number: string;
  process_instance_key: string;
  decided_at: string;
  created_at: string;
}

/** The table this module owns, for its own queries. */
export interface CampaignAccountabilityTables {
  campaign_accountability: CampaignAccountabilityRow;
}

type Db = Kysely<CampaignAccountabilityTables>;

export const CAMPAIGN_ACCOUNTABILITY_MIGRATION: LedgerMigration = {
  version: 11,
  name: '约谈 and 问责 of campaign units falling behind, decided in a 季通报 (进贤方案四(三))',
  async up(db, types) {
    await db.schema
      .createTable('campaign_accountability')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('campaign_id', 'text', (column) => column.notNull())
      .addColumn('quarter', 'text', (column) => column.notNull())
      .addColumn('reporting_unit_id', 'text', (column) => column.notNull())
      .addColumn('reporting_unit_name', 'text', (column) => column.notNull())
      .addColumn('decision', 'text', (column) => column.notNull())
      .addColumn('reason', 'text', (column) => column.notNull())
      .addColumn('circular_number', 'text', (column) => column.notNull())
      .addColumn('process_instance_key', 'text', (column) => column.notNull())
      .addColumn('decided_at', types.instant, (column) => column.notNull())
      .addColumn('created_at', types.instant, (column) => column.notNull())
      .addUniqueConstraint('campaign_accountability_campaign_quarter_unit', ['campaign_id', 'quarter', 'reporting_unit_id'])
      .execute();
  },
};

function toRecord(row: CampaignAccountabilityRow): CampaignAccountability {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    quarter: row.quarter,
    reportingUnitId: row.reporting_unit_id,
    reportingUnitName: row.reporting_unit_name,
    decision: row.decision as AccountabilityDecisionKind,
    reason: row.reason,
    circularNumber: row.circular_number,
    processInstanceKey: row.process_instance_key,
    decidedAt: new Date(row.decided_at).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

async function stored(db: Db, campaignId: string, quarter: string, unitId: string): Promise<CampaignAccountabilityRow | undefined> {
  return db
    .selectFrom('campaign_accountability')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('quarter', '=', quarter)
    .where('reporting_unit_id', '=', unitId)
    .executeTakeFirst();
}

/** Records one decision; the first decision for (campaign, quarter, unit) stays, and `isNew` says whether this call wrote it. */
export async function recordCampaignAccountability(
  db: Db,
  input: CampaignAccountabilityInput,
  now: () => Date,
): Promise<{ readonly isNew: boolean; readonly record: CampaignAccountability }> {
  const check = new InputCheck('recordCampaignAccountability');
  const campaignId = check.text('campaignId', input.campaignId, MAX_SHORT_TEXT_LENGTH);
  const quarter = check.text('quarter', input.quarter, 7);
  if (!/^\d{4}-Q[1-4]$/.test(quarter)) check.problem('quarter 应为 YYYY-Qn', `quarter must be YYYY-Qn (got ${JSON.stringify(input.quarter)})`);
  const unitId = check.text('reportingUnitId', input.reportingUnitId, MAX_SHORT_TEXT_LENGTH);
  const unitName = check.text('reportingUnitName', input.reportingUnitName, MAX_SHORT_TEXT_LENGTH);
  if (!ACCOUNTABILITY_DECISIONS.includes(input.decision)) {
    check.problem(`decision 应为 ${ACCOUNTABILITY_DECISIONS.join('、')} 之一`, `decision must be one of ${ACCOUNTABILITY_DECISIONS.join(', ')}`);
  }
  const reason = check.text('reason', input.reason, 5000);
  const circularNumber = check.text('circularNumber', input.circularNumber, MAX_SHORT_TEXT_LENGTH);
  const processInstanceKey = check.text('processInstanceKey', input.processInstanceKey, MAX_SHORT_TEXT_LENGTH);
  if (Number.isNaN(Date.parse(input.decidedAt))) check.problem('decidedAt 应为 ISO-8601 时间', `decidedAt must be an ISO-8601 instant (got ${JSON.stringify(input.decidedAt)})`);
  check.done();
  const existing = await stored(db, campaignId, quarter, unitId);
  if (existing !== undefined) return { isNew: false, record: toRecord(existing) };
  const row: CampaignAccountabilityRow = {
    id: randomUUID(),
    campaign_id: campaignId,
    quarter,
    reporting_unit_id: unitId,
    reporting_unit_name: unitName,
    decision: input.decision,
    reason,
    circular_number: circularNumber,
    process_instance_key: processInstanceKey,
    decided_at: new Date(input.decidedAt).toISOString(),
    created_at: now().toISOString(),
  };
  const inserted = await db.insertInto('campaign_accountability').values(row).onConflict((conflict) => conflict.doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { isNew: true, record: toRecord(row) };
  // Another delivery wrote it first.
  return { isNew: false, record: toRecord((await stored(db, campaignId, quarter, unitId))!) };
}

export async function listCampaignAccountability(db: Db, filter: { readonly campaignId?: string; readonly quarter?: string } = {}): Promise<CampaignAccountability[]> {
  let query = db.selectFrom('campaign_accountability').selectAll();
  if (filter.campaignId !== undefined) query = query.where('campaign_id', '=', filter.campaignId);
  if (filter.quarter !== undefined) query = query.where('quarter', '=', filter.quarter);
  const rows = await query.orderBy('campaign_id').orderBy('quarter').orderBy('reporting_unit_id').execute();
  return rows.map(toRecord);
}
