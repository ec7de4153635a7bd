/**
 * Counts over a period for reports. Seed 004's monthly 调度表 is cumulative
 * since the campaign began, so it is this summary with `from` at the campaign
 * start; "rectified" counts the findings of the period closed before its end.
 */
import { type Kysely, sql } from 'kysely';
import type { LedgerDatabase } from './schema.ts';
import {
  CLUE_SOURCES,
  type ClueSource,
  DELIVERY_RESULTS,
  type DeliveryResult,
  ENFORCEMENT_KINDS,
  ESCALATION_MEASURES,
  type EnforcementKind,
  type EscalationMeasureName,
  type EnforcementTotals,
  FINDING_CATEGORIES,
  FINDING_SOURCES,
  FINDING_STATUSES,
  type FindingCategory,
  type FindingSource,
  type FindingStatus,
  type FoundAndRectified,
  INSPECTION_KINDS,
  type InspectionKind,
  type InstantRange,
  type LedgerScope,
  type LedgerSummary,
  MAJOR_HAZARD,
} from './types.ts';
import { InputCheck, toInstant } from './validation.ts';

function zeroed<K extends string, V>(keys: readonly K[], value: () => V): Record<K, V> {
  return Object.fromEntries(keys.map((key) => [key, value()])) as Record<K, V>;
}

/**
 * `scope` narrows the counts of findings, inspections and enforcement actions to one campaign and, within it, one
 * reporting unit (the columns of migration 8): the 调度表 of a 乡镇 counts its own rows of its own campaign, never
 * those of a campaign running beside it. The other tables carry no campaign and are counted over the whole ledger.
 */
export async function summarizeLedger(db: Kysely<LedgerDatabase>, range: InstantRange, scope: LedgerScope = {}): Promise<LedgerSummary> {
  const check = new InputCheck('summarize');
  const from = toInstant(range.from);
  const before = toInstant(range.before);
  if (from === undefined || before === undefined || from >= before) {
    check.problem(
      'from 与 before 应为带时区的 ISO-8601 时间，且 from 早于 before',
      `from and before must be ISO-8601 date-times with offsets, from earlier than before (got ${String(range.from)} .. ${String(range.before)})`,
    );
  }
  if (scope.reportingUnitId !== undefined && scope.campaignId === undefined) {
    check.problem('按填报单位统计须同时给出 campaignId', 'a reporting unit scope needs a campaignId');
  }
  check.done();
  const campaignId = scope.campaignId;
  const reportingUnitId = scope.reportingUnitId;
  const start = from as string;
  const end = before as string;
  const rectifiedBeforeEnd = sql<number>`sum(case when rectified_at is not null and rectified_at < ${end} then 1 else 0 end)`;
  const distinctUnits = sql<number>`count(distinct coalesce(unit_credit_code, unit_name))`;

  const [byCategory, byStatus, bySource, listed, inspections, enforcement, clues, transfersSent, receipts, notifications, disclosures, escalations] =
    await Promise.all([
      db
        .selectFrom('findings')
        .$if(campaignId !== undefined, (query) => query.where('campaign_id', '=', campaignId as string))
        .$if(reportingUnitId !== undefined, (query) => query.where('reporting_unit_id', '=', reportingUnitId as string))
        .select(['category', db.fn.countAll<number>().as('found'), rectifiedBeforeEnd.as('rectified')])
        .where('found_at', '>=', start)
        .where('found_at', '<', end)
        .groupBy('category')
        .execute(),
      db
        .selectFrom('findings')
        .$if(campaignId !== undefined, (query) => query.where('campaign_id', '=', campaignId as string))
        .$if(reportingUnitId !== undefined, (query) => query.where('reporting_unit_id', '=', reportingUnitId as string))
        .select(['status', db.fn.countAll<number>().as('count')])
        .where('found_at', '>=', start)
        .where('found_at', '<', end)
        .groupBy('status')
        .execute(),
      db
        .selectFrom('findings')
        .$if(campaignId !== undefined, (query) => query.where('campaign_id', '=', campaignId as string))
        .$if(reportingUnitId !== undefined, (query) => query.where('reporting_unit_id', '=', reportingUnitId as string))
        .select(['source', db.fn.countAll<number>().as('found'), rectifiedBeforeEnd.as('rectified')])
        .where('category', '=', MAJOR_HAZARD)
        .where('found_at', '>=', start)
        .where('found_at', '<', end)
        .groupBy('source')
        .execute(),
      db
        .selectFrom('findings')
        .$if(campaignId !== undefined, (query) => query.where('campaign_id', '=', campaignId as string))
        .$if(reportingUnitId !== undefined, (query) => query.where('reporting_unit_id', '=', reportingUnitId as string))
        .select([db.fn.countAll<number>().as('found'), rectifiedBeforeEnd.as('rectified')])
        .where('category', '=', MAJOR_HAZARD)
        .where('listed_at', '>=', start)
        .where('listed_at', '<', end)
        .executeTakeFirst(),
      db
        .selectFrom('inspections')
        .$if(campaignId !== undefined, (query) => query.where('campaign_id', '=', campaignId as string))
        .$if(reportingUnitId !== undefined, (query) => query.where('reporting_unit_id', '=', reportingUnitId as string))
        .select(['kind', distinctUnits.as('units')])
        .where('inspected_at', '>=', start)
        .where('inspected_at', '<', end)
        .groupBy('kind')
        .execute(),
      db
        .selectFrom('enforcement_actions')
        .$if(campaignId !== undefined, (query) => query.where('campaign_id', '=', campaignId as string))
        .$if(reportingUnitId !== undefined, (query) => query.where('reporting_unit_id', '=', reportingUnitId as string))
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
      db
        .selectFrom('escalation_decisions')
        .select(['measure', 'party_kind', db.fn.countAll<number>().as('count')])
        .where('decided_at', '>=', start)
        .where('decided_at', '<', end)
        .groupBy(['measure', 'party_kind'])
        .execute(),
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

  const escalationsByMeasure = zeroed(ESCALATION_MEASURES, () => ({ units: 0, enterprises: 0 }));
  for (const row of escalations) {
    const totals = escalationsByMeasure[row.measure as EscalationMeasureName];
    if (totals === undefined) continue;
    escalationsByMeasure[row.measure as EscalationMeasureName] =
      row.party_kind === '企业' ? { ...totals, enterprises: Number(row.count) } : { ...totals, units: Number(row.count) };
  }

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
    escalationsByMeasure,
  };
}
