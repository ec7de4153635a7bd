import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BpmnErrorCode, JobType } from '../../../../workers/contract.ts';
import { registerSupervisionPlanWorker } from '../../../../workers/ledger-workers/register-supervision-plan.worker.ts';
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
  supervisionYear: 2026,
  jurisdiction: 'jiangxi',
  planTitle: '2026年度安全生产综合督查工作计划',
  planNumber: '测安委〔2026〕1号',
  memberUnits: [
    { unitName: '测试市应急管理局', crossSupervision: false },
    { unitName: '测试县委、县人民政府', targetKind: 'local-party-government', region: '测试市测试县', creditCode: '' },
    { unitName: '测试危化品有限公司', targetKind: 'key-enterprise', creditCode: '91360124MA35L0XX1Y' },
  ],
};

async function run(variables: Record<string, unknown>, processInstanceKey: string) {
  const job = fakeJob({ type: JobType.registerSupervisionPlan, variables, processInstanceKey, bpmnProcessId: 'comprehensive-supervision' });
  const { outcome } = await registerSupervisionPlanWorker.run(job, { logger, services: testServices({ ledger }) });
  return { job, outcome };
}

describe(JobType.registerSupervisionPlan, () => {
  it('registers the plan with structured targets, once however often delivered', async () => {
    for (let delivery = 0; delivery < 2; delivery += 1) {
      const { job } = await run(PLAN, 'pi-1');
      expect(completedWith(job)).toMatchObject({ supervisionPlan: { year: 2026, jurisdiction: 'jiangxi', targetCount: 3 }, planValidationMessage: null });
    }
    const [stored] = await ledger.listSupervisionPlans();
    expect(stored?.targets).toEqual([
      { kind: 'member-unit', name: '测试市应急管理局' },
      { kind: 'local-party-government', name: '测试县委、县人民政府', region: '测试市测试县' },
      { kind: 'key-enterprise', name: '测试危化品有限公司', creditCode: '91360124MA35L0XX1Y' },
    ]);
  });

  it('throws ANQUAN_SUPERVISION_ALREADY_PLANNED for a second plan of the year, naming the plan that holds it', async () => {
    await run(PLAN, 'pi-1');
    const { job, outcome } = await run({ ...PLAN, planTitle: '重复的计划' }, 'pi-2');
    expect(outcome).toBe('business-error');
    const [call] = job.calls;
    expect(call).toMatchObject({ action: 'error', errorCode: BpmnErrorCode.supervisionAlreadyPlanned });
    if (call?.action !== 'error') throw new Error('expected a BPMN error');
    expect(call.errorMessage).toContain('2026年度本辖区（jiangxi）已有综合督查计划《2026年度安全生产综合督查工作计划》');
    expect(call.errorMessage).toContain('pi-1');
    expect(call.errorMessage).toContain('第十一条');
    expect(call.variables['planValidationMessage']).toBe(call.errorMessage);
    expect(await ledger.listSupervisionPlans()).toHaveLength(1);
  });

  it('raises an incident for a key enterprise without credit code or an unknown target kind', async () => {
    for (const unit of [{ unitName: '某企业', targetKind: 'key-enterprise' }, { unitName: '某单位', targetKind: 'township' }]) {
      const { job, outcome } = await run({ ...PLAN, memberUnits: [unit] }, 'pi-3');
      expect(outcome).toBe('invalid-input');
      expect(incidentMessage(job)).toMatch(/信用代码|targetKind/);
    }
    expect(await ledger.listSupervisionPlans()).toEqual([]);
  });
});
