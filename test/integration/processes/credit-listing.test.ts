/**
 * 严重失信主体名单 (credit-listing, 000 第二十三条) on the test engine with the
 * real workers, started the way the daily inspection starts it (the signal
 * anquan.credit.listing-decided with listingId, creditListing and
 * creditListingRequest): the listing is published and recorded; a 信用修复
 * application (message correlated by listing id) whose penalty is not yet
 * carried out is refused although the reviewer ticked 准予, and the listing
 * stays; at its end date (the timer) it expires, is recorded as 期满移出 and
 * its public notice is withdrawn. The early end by an approved 信用修复 is
 * tested from a daily inspection (daily-inspection.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CandidateGroup, MessageName, ProcessId, SignalName } from '../../../workers/contract.ts';
import { eventually } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';

const h = useEngineHarness({ smtp: true });

const UNIT = '测试危险废物处置有限公司';
const ORGAN = '测试县应急管理局';

function feedTitles(): string[] {
  try {
    const feed = JSON.parse(readFileSync(path.join(h.config.disclosure.directory, 'feed.json'), 'utf8')) as { items: Array<{ title: string }> };
    return feed.items.map((item) => item.title);
  } catch {
    return [];
  }
}

async function listingInstance(listingId: string): Promise<string> {
  return eventually(`the credit-listing of ${listingId}`, async () => {
    for (const instance of await h.engine.processInstancesOf(ProcessId.creditListing)) {
      if ((await h.engine.processVariables(instance.id))['listingId'] === listingId) return instance.id;
    }
    return undefined;
  });
}

describe(`${ProcessId.creditListing}: a refused 信用修复 and the end date`, () => {
  it('keeps the listing when the penalty is not carried out, and ends it at its end date with the notice withdrawn', async () => {
    await h.clock.pin('2027-03-01T09:30:00+08:00');
    const listingId = 'test-listing-expiry-1';
    await h.engine.broadcastSignal(SignalName.creditListingDecided, {
      listingId,
      creditListing: { from: '2027-03-01', due: '2027-09-01', dueAt: '2027-09-01T18:00:00+08:00', remindAt: '2027-08-25T09:00:00+08:00', period: '6个月' },
      creditListingRequest: { unitName: UNIT, unitCreditCode: '91360124TEST00009X', decidingOrgan: ORGAN, facts: '非法转移危险废物，拒不改正', penaltyDocumentNumber: '（测）应急罚〔2027〕3号', sourceInstanceKey: 'test-daily' },
    });
    const instanceId = await listingInstance(listingId);
    const title = `${UNIT}列入安全生产严重失信主体名单`;
    await eventually('the listing in the public feed', async () => (feedTitles().includes(title) ? true : undefined));
    expect((await eventually('the listing in the ledger', async () => h.ledger.getCreditListing(listingId)))).toMatchObject({ status: '列入', listedFrom: '2027-03-01', listedUntil: '2027-09-01' });

    // The reviewer ticks 准予 but the penalty is not carried out: the gateway refuses, the listing stays and waits again.
    await h.engine.publishMessage(MessageName.creditRepairApplied, { listingId }, {
      repairApplication: { appliedOn: '2027-04-01', rectification: '已停止违法转移并整改', penaltyFulfilment: '罚款尚未缴纳，申请分期', statement: '申请信用修复' },
    });
    const review = await h.engine.waitForUserTask(instanceId, 'ReviewRepair');
    expect(review.candidateGroups).toEqual([CandidateGroup.regulatoryDepartment]);
    await h.engine.completeUserTask(review, { repairRectified: true, repairPenaltyFulfilled: false, repairDecision: 'approve', repairReviewComment: '行政处罚尚未履行完毕', repairDecisionDate: '2027-04-03' });
    await h.engine.waitForCompletedElements(instanceId, ['RecordRepairRejected']);
    const refused = await eventually('the refusal in the ledger', async () => {
      const listing = await h.ledger.getCreditListing(listingId);
      return listing?.events.some((event) => event.kind === '信用修复不予通过') ? listing : undefined;
    });
    expect(refused.status).toBe('列入');
    expect(refused.events.find((event) => event.kind === '信用修复不予通过')!.note).toBe('行政处罚尚未履行完毕');
    expect(feedTitles()).toContain(title);

    // The end date: the timer ends the listing and withdraws its notice.
    await h.clock.pin('2027-09-01T18:00:01+08:00');
    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    await h.engine.waitForCompletedElements(instanceId, ['ListingExpires', 'RecordExpiry', 'WithdrawListing', 'ListingEnded']);
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);
    const ended = await h.ledger.getCreditListing(listingId);
    expect(ended?.status).toBe('期满移出');
    expect(ended!.events.map((event) => event.kind)).toEqual(['列入', '信用修复申请', '信用修复不予通过', '期满移出']);
    const [notice] = await h.ledger.listDisclosures({ processInstanceKey: instanceId });
    expect(notice!.withdrawnAt).not.toBeNull();
    await eventually('the notice gone from the public feed', async () => (feedTitles().includes(title) ? undefined : true));
  });
});
