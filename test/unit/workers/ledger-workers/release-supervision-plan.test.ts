/**
 * anquan.ledger.release-supervision-plan: a plan the 安委会 did not approve or
 * the 安委办 withdrew frees its year (000 第十一条), idempotently; bad input is
 * an incident with a Chinese and English message.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobType } from '../../../../workers/contract.ts';
import { releaseSupervisionPlanWorker } from '../../../../workers/ledger-workers/release-supervision-plan.worker.ts';
import type { Ledger } from '../../../../workers/ledger/index.ts';
import { completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { type TestLedger, openTestLedger, testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
let testLedger: TestLedger;
let ledger: Ledger;

beforeEach(async () => {
  testLedger = await openTestLedger();
  ledger = testLedger.ledger;
});

afterEach(async () => {
  await testLedger.dispose();
});

const PLAN = {
  jurisdiction: 'jiangxi',
  year: 2026,
  planTitle: '2026年度安全生产综合督查工作计划',
  targets: [{ kind: 'member-unit' as const, name: '测试市应急管理局' }],
};

async function run(variables: Record<string, unknown>, processInstanceKey: string) {
  const job = fakeJob({ type: JobType.releaseSupervisionPlan, variables, processInstanceKey, bpmnProcessId: 'comprehensive-supervision' });
  const { outcome } = await releaseSupervisionPlanWorker.run(job, { logger, services: testServices({ ledger }) });
  return { job, outcome };
}

describe(JobType.releaseSupervisionPlan, () => {
  it('releases the year once however often delivered, so another instance can register it', async () => {
    await ledger.registerSupervisionPlan({ ...PLAN, processInstanceKey: 'pi-1' });
    const first = await run({ planReleaseReason: 'rejected', planReleaseNote: '本年度不开展' }, 'pi-1');
    expect(completedWith(first.job)).toMatchObject({ supervisionPlanRelease: { outcome: 'released', reason: 'rejected', year: 2026, jurisdiction: 'jiangxi' }, supervisionPlan: null });
    const second = await run({ planReleaseReason: 'rejected', planReleaseNote: '本年度不开展' }, 'pi-1');
    expect(completedWith(second.job)).toMatchObject({ supervisionPlanRelease: { outcome: 'already-released', year: 2026 } });
    expect(await ledger.listSupervisionPlanReleases()).toHaveLength(1);
    expect((await ledger.registerSupervisionPlan({ ...PLAN, processInstanceKey: 'pi-2' })).outcome).toBe('registered');
  });

  it('completes with not-registered when the plan was withdrawn before it was ever registered', async () => {
    const { job, outcome } = await run({ planReleaseReason: 'withdrawn', planReleaseNote: null }, 'pi-3');
    expect(outcome).toBe('completed');
    expect(completedWith(job)).toMatchObject({ supervisionPlanRelease: { outcome: 'not-registered', reason: 'withdrawn', year: null } });
  });

  it('raises an incident for an unknown reason', async () => {
    const { job, outcome } = await run({ planReleaseReason: 'forgotten' }, 'pi-4');
    expect(outcome).toBe('invalid-input');
    expect(incidentMessage(job)).toMatch(/planReleaseReason/);
  });
});
