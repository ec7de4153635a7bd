/**
 * anquan.ledger.record-inspection-plan on a real (SQLite) ledger: 000 第十五条,
 * 重点行业领域每年至少1次、其他行业领域每2年至少1次. A plan is recorded per 行业领域,
 * 辖区 and year (migration 7); a second plan in a cycle another inspection already
 * covers is sent back with a BPMN error naming that inspection, unless confirmed.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BpmnErrorCode, JobType } from '../../../../workers/contract.ts';
import { cycleYears, recordInspectionPlanWorker } from '../../../../workers/ledger-workers/record-inspection-plan.worker.ts';
import { LEDGER_MIGRATIONS, type Ledger } from '../../../../workers/ledger/index.ts';
import { completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { type TestLedger, openTestLedger, testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
let testLedger: TestLedger;
let ledger: Ledger;

beforeEach(async () => {
  testLedger = await openTestLedger({});
  ledger = testLedger.ledger;
});

afterEach(async () => {
  await testLedger.dispose();
});

function plan(overrides: Record<string, unknown> = {}) {
  return {
    industry: '危险化学品',
    jurisdiction: '进贤县',
    keyIndustry: true,
    year: 2026,
    planTitle: '全县危险化学品安全专项检查方案',
    leadDepartment: '进贤县应急管理局',
    ...overrides,
  };
}

async function run(variables: Record<string, unknown>, processInstanceKey: string) {
  const job = fakeJob({ type: JobType.recordInspectionPlan, variables, processInstanceKey, bpmnProcessId: 'special-inspection' });
  const { outcome } = await recordInspectionPlanWorker.run(job, { logger, services: testServices({ ledger }) });
  return { job, outcome };
}

describe('the special inspection plans table (ledger migration 7)', () => {
  it('is migration version 7 and lists plans by 行业领域, 辖区 and year', async () => {
    expect(LEDGER_MIGRATIONS.find((migration) => migration.version === 7)?.name).toContain('special inspection plans');
    const first = await ledger.recordInspectionPlan({ idempotencyKey: 'a:inspection-plan', ...plan(), processInstanceKey: 'a' });
    const again = await ledger.recordInspectionPlan({ idempotencyKey: 'a:inspection-plan', ...plan({ planTitle: '重试' }), processInstanceKey: 'a' });
    expect(again.isNew).toBe(false);
    expect(again.record.id).toBe(first.record.id);
    await ledger.recordInspectionPlan({ idempotencyKey: 'b:inspection-plan', ...plan({ industry: '烟花爆竹', keyIndustry: false, year: 2025 }), processInstanceKey: 'b' });
    expect((await ledger.listInspectionPlans({ jurisdiction: '进贤县' })).map((entry) => [entry.industry, entry.year, entry.keyIndustry])).toEqual([
      ['烟花爆竹', 2025, false],
      ['危险化学品', 2026, true],
    ]);
    expect(await ledger.listInspectionPlans({ industry: '危险化学品', fromYear: 2027 })).toEqual([]);
  });
});

describe(`${JobType.recordInspectionPlan}: 检查频次 (000 第十五条)`, () => {
  it('gives a 重点行业领域 a one-year cycle and the others two years', () => {
    expect(cycleYears(true)).toBe(1);
    expect(cycleYears(false)).toBe(2);
  });

  it('records the first plan of a cycle and sends back a second one of the same 重点行业领域, 辖区 and year', async () => {
    const { job, outcome } = await run({ plan: plan() }, 'instance-1');
    expect(outcome).toBe('completed');
    expect(completedWith(job)).toMatchObject({ inspectionCycle: { fromYear: 2026, toYear: 2026, cycleYears: 1, earlierPlans: 0 } });

    const second = await run({ plan: plan({ planTitle: '第二次危险化学品专项检查', leadDepartment: '进贤县市场监督管理局' }) }, 'instance-2');
    expect(second.outcome).toBe('business-error');
    const [call] = second.job.calls;
    expect(call).toMatchObject({ action: 'error', errorCode: BpmnErrorCode.inspectionCycleCovered });
    expect(call?.action === 'error' ? call.errorMessage : '').toContain('进贤县应急管理局《全县危险化学品安全专项检查方案》（2026年）');
    expect(call?.action === 'error' ? call.variables['inspectionCycleRefusal'] : undefined).toContain('重点行业领域每年至少1次');
    expect(await ledger.listInspectionPlans({ industry: '危险化学品' })).toHaveLength(1);

    // A redelivered job of the first instance finds its own plan, not a conflict.
    const redelivered = await run({ plan: plan() }, 'instance-1');
    expect(redelivered.outcome).toBe('completed');
  });

  it('covers two years for another 行业领域, and a new key-industry year is due again', async () => {
    await run({ plan: plan({ industry: '工贸', keyIndustry: false, year: 2025 }) }, 'instance-1');
    const sameCycle = await run({ plan: plan({ industry: '工贸', keyIndustry: false, year: 2026 }) }, 'instance-2');
    expect(sameCycle.outcome).toBe('business-error');
    const nextCycle = await run({ plan: plan({ industry: '工贸', keyIndustry: false, year: 2027 }) }, 'instance-3');
    expect(nextCycle.outcome).toBe('completed');

    await run({ plan: plan({ year: 2025 }) }, 'instance-4');
    expect((await run({ plan: plan({ year: 2026 }) }, 'instance-5')).outcome).toBe('completed');
  });

  it('records a second plan in a covered cycle when the department confirms it, and counts the earlier one', async () => {
    await run({ plan: plan() }, 'instance-1');
    const { job, outcome } = await run({ plan: plan({ repeatInCycle: true }) }, 'instance-2');
    expect(outcome).toBe('completed');
    expect(completedWith(job)).toMatchObject({ inspectionCycle: { earlierPlans: 1 } });
    expect(await ledger.listInspectionPlans({ industry: '危险化学品', jurisdiction: '进贤县' })).toHaveLength(2);
  });

  it('raises an incident with a clear message for a plan without its 行业领域', async () => {
    const { job, outcome } = await run({ plan: { ...plan(), industry: undefined } }, 'instance-1');
    expect(outcome).toBe('invalid-input');
    expect(incidentMessage(job)).toContain('industry');
  });
});
