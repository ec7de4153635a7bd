/**
 * 严重失信主体名单 in the ledger (migration 13), on SQLite and PostgreSQL: a listing with its events,
 * each once per key; it ends once (信用修复通过 or 期满移出) and takes no event after its end; an event
 * for an unknown listing is refused; a withdrawn public notice stays in the ledger with its date.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger } from '../../../../workers/ledger/ledger.ts';
import { type TestBackend, inputError, postgresBackend, postgresReachable, sqliteBackend } from './backends.ts';

const logger = pino({ level: 'silent' });
const postgresAvailable = await postgresReachable();
const NOW = new Date('2027-01-05T01:00:00.000Z');

describe.each([
  { backend: sqliteBackend(), available: true },
  { backend: postgresBackend(), available: postgresAvailable },
])('credit listings on $backend.name', ({ backend, available }: { backend: TestBackend; available: boolean }) => {
  afterEach(async () => {
    await backend.removeAll();
  });

  it('records a listing and its 信用修复 once, ends it once, and withdraws its notice', async ({ skip }) => {
    if (!available) skip();
    const ledger = await openLedger(await backend.fresh(), logger, { now: () => NOW });
    try {
      const notice = await ledger.recordDisclosure({ idempotencyKey: 'd1', kind: '失信惩戒', title: '甲公司列入安全生产严重失信主体名单', location: 'disclosures/d1.html', publishedAt: '2026-12-28T09:00:00+08:00' });
      const listing = { unitName: '甲公司', decidingOrgan: '县应急管理局', listedFrom: '2026-12-28', listedUntil: '2029-12-28', disclosureId: notice.record.id };
      const listed = await ledger.recordCreditListingEvent({ idempotencyKey: 'e1', listingId: 'L1', kind: '列入', occurredAt: '2026-12-28T09:00:00+08:00', listing });
      expect(listed).toMatchObject({ isNew: true, listing: { id: 'L1', status: '列入', listedUntil: '2029-12-28', disclosureId: notice.record.id } });
      expect((await ledger.recordCreditListingEvent({ idempotencyKey: 'e1', listingId: 'L1', kind: '列入', occurredAt: '2026-12-28T09:00:00+08:00', listing })).isNew).toBe(false);

      await ledger.recordCreditListingEvent({ idempotencyKey: 'e2', listingId: 'L1', kind: '信用修复申请', note: '已整改', occurredAt: '2027-01-02T09:00:00+08:00' });
      const approved = await ledger.recordCreditListingEvent({ idempotencyKey: 'e3', listingId: 'L1', kind: '信用修复通过', occurredAt: '2027-01-04T09:00:00+08:00' });
      expect(approved.listing.status).toBe('信用修复移出');
      expect(approved.listing.endedAt).toBe('2027-01-04T01:00:00.000Z');
      expect(approved.listing.events.map((event) => event.kind)).toEqual(['列入', '信用修复申请', '信用修复通过']);

      const late = await inputError(ledger.recordCreditListingEvent({ idempotencyKey: 'e4', listingId: 'L1', kind: '期满移出', occurredAt: '2029-12-28T18:00:00+08:00' }));
      expect(late.message).toContain('信用修复移出');
      const unknown = await inputError(ledger.recordCreditListingEvent({ idempotencyKey: 'e5', listingId: 'L2', kind: '信用修复申请', occurredAt: '2027-01-02T09:00:00+08:00' }));
      expect(unknown.message).toContain('L2');
      const noListing = await inputError(ledger.recordCreditListingEvent({ idempotencyKey: 'e6', listingId: 'L3', kind: '列入', occurredAt: '2027-01-02T09:00:00+08:00' }));
      expect(noListing.message).toContain('listing');

      const first = await ledger.withdrawDisclosure({ disclosureId: notice.record.id, reason: '信用修复通过', withdrawnAt: '2027-01-04T10:00:00+08:00' });
      const again = await ledger.withdrawDisclosure({ disclosureId: notice.record.id, reason: '重复', withdrawnAt: '2027-01-05T10:00:00+08:00' });
      expect(first).toEqual({ isNew: true, withdrawnAt: '2027-01-04T02:00:00.000Z' });
      expect(again).toEqual({ isNew: false, withdrawnAt: '2027-01-04T02:00:00.000Z' });
      const [kept] = await ledger.listDisclosures({});
      expect(kept).toMatchObject({ id: notice.record.id, withdrawnAt: '2027-01-04T02:00:00.000Z' });
      expect((await inputError(ledger.withdrawDisclosure({ disclosureId: 'nope', reason: 'x', withdrawnAt: '2027-01-04T10:00:00+08:00' }))).message).toContain('nope');
    } finally {
      await ledger.close();
    }
  });
});
