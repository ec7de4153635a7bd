import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FindingCategory, JobType } from '../../../../workers/contract.ts';
import { disposeClueWorker } from '../../../../workers/ledger-workers/dispose-clue.worker.ts';
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

async function clue(content: string): Promise<string> {
  return (await ledger.recordClue({ idempotencyKey: `clue:${content}`, source: '来电', content })).record.id;
}

async function run(variables: Record<string, unknown>, elementInstanceKey = '2251799813685301') {
  const job = fakeJob({ type: JobType.disposeClue, variables, elementInstanceKey, bpmnProcessId: 'patrol-entry' });
  const { outcome } = await disposeClueWorker.run(job, { logger, services: testServices({ ledger }) });
  return { job, outcome };
}

describe(JobType.disposeClue, () => {
  it('closes a clue that became a finding, with its category and the verification as the note, once however often delivered', async () => {
    const clueId = await clue('某化工企业夜间违规装卸液氯');
    const variables = { clueId, disposition: 'finding', verification: '现场核实属实', category: FindingCategory.illegalProduction };
    for (let delivery = 0; delivery < 2; delivery += 1) {
      const { job } = await run(variables);
      expect(completedWith(job)).toEqual({ clueStatus: '已办结' });
    }
    expect((await ledger.getClue(clueId))?.status).toBe('已办结');
    const history = await ledger.statusHistory('clue', clueId);
    expect(history.map((change) => change.toStatus)).toEqual(['登记', '已办结']);
    expect(history[1]?.note).toBe(`核查属实，转为问题（${FindingCategory.illegalProduction}）。核查情况：现场核实属实`);
  });

  it('closes a clue with the reason it is closed', async () => {
    const clueId = await clue('某矿超层越界开采');
    await run({ clueId, disposition: 'closed', verification: '调阅执法台账', closeReason: '已由县自然资源局立案查处' });
    expect((await ledger.statusHistory('clue', clueId)).at(-1)?.note).toBe('予以了结：已由县自然资源局立案查处。核查情况：调阅执法台账');
  });

  it('raises an incident for a finding without category, a closure without reason, or an unknown clue', async () => {
    const clueId = await clue('无类别');
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ clueId, disposition: 'finding', verification: '属实' }, /问题类别.*category/s],
      [{ clueId, disposition: 'closed', verification: '不属实' }, /了结理由.*reason/s],
      [{ clueId: 'no-such-clue', disposition: 'closed', verification: '不属实', closeReason: '不属实' }, /no-such-clue/],
    ];
    for (const [variables, message] of cases) {
      const { job, outcome } = await run(variables);
      expect(outcome).toBe('invalid-input');
      expect(incidentMessage(job)).toMatch(message);
    }
    expect((await ledger.getClue(clueId))?.status).toBe('登记');
  });
});
