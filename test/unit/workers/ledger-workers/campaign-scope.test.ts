/**
 * The ledger-recording workers take the optional variables campaignId and reportingUnitId and store them, so
 * the 调度表 of seed 004 counts a row for its campaign and its reporting unit; without them nothing changes.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FindingCategory } from '../../../../workers/contract.ts';
import { recordEnforcementWorker } from '../../../../workers/ledger-workers/record-enforcement.worker.ts';
import { recordFindingWorker } from '../../../../workers/ledger-workers/record-finding.worker.ts';
import { recordInspectionWorker } from '../../../../workers/ledger-workers/record-inspection.worker.ts';
import type { RegisteredWorker } from '../../../../workers/worker-definition.ts';
import { completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { type TestLedger, openTestLedger, testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
let testLedger: TestLedger;

beforeEach(async () => {
  testLedger = await openTestLedger();
});
afterEach(async () => {
  await testLedger.dispose();
});

async function run(worker: RegisteredWorker, elementInstanceKey: string, variables: Record<string, unknown>) {
  const job = fakeJob({ type: worker.jobType, elementInstanceKey, bpmnProcessId: 'special-inspection', variables });
  await worker.run(job, { logger, services: testServices({ ledger: testLedger.ledger }) });
  return job;
}

const scope = { campaignId: 'jinxian-2026-major-hazards', reportingUnitId: 'lidu' };

describe('campaign and reporting unit on the ledger-recording workers', () => {
  it('stores them on findings, inspections and enforcement actions', async () => {
    const ledger = testLedger.ledger;
    const finding = await run(recordFindingWorker, '11', {
      finding: { category: FindingCategory.majorHazard, description: '罐区未设置紧急切断装置', responsibleUnit: '进贤县鑫达化工有限公司' },
      ...scope,
    });
    const findingId = completedWith(finding)['findingId'] as string;
    expect(await ledger.getFinding(findingId)).toMatchObject(scope);
    await run(recordInspectionWorker, '12', { inspection: { kind: '抽查检查', unitName: '进贤县鑫达化工有限公司', inspectingOrgan: '进贤县应急管理局' }, ...scope });
    await run(recordEnforcementWorker, '13', { enforcement: { kind: '行政处罚', unitName: '进贤县鑫达化工有限公司', decidingOrgan: '进贤县应急管理局', fineYuan: 50000 }, ...scope });
    const period = { from: '2026-03-01T00:00:00+08:00', before: '2026-03-03T00:00:00+08:00' };
    const mine = await ledger.summarize(period, scope);
    expect([mine.majorHazardsBySource['部门检查'].found, mine.enterprisesByInspectionKind['抽查检查'], mine.enforcementByKind['行政处罚'].count]).toEqual([1, 1, 1]);
    const otherUnit = await ledger.summarize(period, { campaignId: scope.campaignId, reportingUnitId: 'wenzhen' });
    expect([otherUnit.majorHazardsBySource['部门检查'].found, otherUnit.enterprisesByInspectionKind['抽查检查'], otherUnit.enforcementByKind['行政处罚'].count]).toEqual([0, 0, 0]);
  });

  it('leaves them null when absent, and refuses a reporting unit without a campaign', async () => {
    const plain = await run(recordFindingWorker, '21', {
      finding: { category: FindingCategory.general, description: '安全警示标志缺失', responsibleUnit: '某企业' },
      campaignId: '',
    });
    expect(await testLedger.ledger.getFinding(completedWith(plain)['findingId'] as string)).toMatchObject({ campaignId: null, reportingUnitId: null });
    const unitOnly = await run(recordInspectionWorker, '22', { inspection: { kind: '抽查检查', unitName: '某企业', inspectingOrgan: '县应急管理局' }, reportingUnitId: 'lidu' });
    expect(incidentMessage(unitOnly)).toContain('campaignId');
  });
});
