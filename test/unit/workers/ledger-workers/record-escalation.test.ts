/**
 * anquan.ledger.record-escalation: what the deciding organ may decide, checked
 * before anything is recorded. A decision the person must correct is a BPMN
 * error back to the decision (escalationRefusal), a variable the calling
 * procedure failed to pass is an incident, and a retried job records once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { BpmnErrorCode, CandidateGroup, EscalationMeasure, FindingCategory } from '../../../../workers/contract.ts';
import {
  ESCALATION_MEASURE_SPECS,
  measuresFor,
  parseRecordEscalationInput,
  recordEscalationWorker,
} from '../../../../workers/ledger-workers/record-escalation.worker.ts';
import type { Ledger } from '../../../../workers/ledger/index.ts';
import { Directory } from '../../../../workers/notify/directory.ts';
import type { Notifier } from '../../../../workers/notify/notifier.ts';
import { InvalidVariablesError } from '../../../../workers/variables.ts';
import { type FakeJob, completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { type TestLedger, openTestLedger, testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
/** 2026-03-02 09:00 Beijing time, the fake job's activation. */
const NOW = '2026-03-02T01:00:00.000Z';

const directory = new Directory(
  [
    [CandidateGroup.safetyCommitteeOffice, '安委办'],
    [CandidateGroup.regulatoryDepartment, '县应急管理局'],
    [CandidateGroup.responsibleUnit, '责任单位'],
    [CandidateGroup.enterprise, '生产经营单位'],
    [CandidateGroup.patrolledUnit, '被巡查单位'],
  ].map(([id, name]) => ({ id: id as string, name: name as string, channels: { email: [`${id}@example.gov.cn`] } })),
);
const notifier = { directory } as unknown as Notifier;

let testLedger: TestLedger;
let ledger: Ledger;

beforeEach(async () => {
  testLedger = await openTestLedger({ now: () => new Date(NOW) });
  ledger = testLedger.ledger;
});

afterEach(async () => {
  await testLedger.dispose();
});

const unitCase = {
  overdueParty: { name: '甲县人民政府', kind: 'unit', receiver: CandidateGroup.patrolledUnit },
  overdueSubject: '报送整改方案',
  overdueDueDate: '2026-02-27',
  decidingGroup: CandidateGroup.safetyCommitteeOffice,
  caseTitle: '甲县安全生产巡查',
  callerProcessInstanceKey: 'caller-1',
  escalationReason: '逾期未报送。',
};
const enterpriseCase = {
  ...unitCase,
  overdueParty: { name: '丙化工有限公司', kind: 'enterprise', creditCode: '91360124MA00000001' },
  decidingGroup: CandidateGroup.regulatoryDepartment,
  callerProcessInstanceKey: 'caller-2',
};

async function run(variables: Record<string, unknown>, elementInstanceKey = 'RecordEscalation:1'): Promise<FakeJob> {
  const job = fakeJob({ type: recordEscalationWorker.jobType, variables, elementInstanceKey, bpmnProcessId: 'overdue-escalation', activatedAt: NOW });
  await recordEscalationWorker.run(job, { logger, services: testServices({ ledger, notifier }) });
  return job;
}

function refusal(job: FakeJob): string {
  const [call] = job.calls;
  if (call?.action !== 'error') throw new Error(`expected a BPMN error, got ${JSON.stringify(job.calls)}`);
  expect(call.errorCode).toBe(BpmnErrorCode.escalationRefused);
  expect(call.variables.escalationRefusal).toBe(call.errorMessage);
  return call.errorMessage;
}

describe('the measures', () => {
  it('offers a unit 函告、通报、约谈、专项督查、提请责任追究 and an enterprise only the department’s measures', () => {
    expect(measuresFor('unit').map((code) => ESCALATION_MEASURE_SPECS[code].label)).toEqual(['函告', '通报', '约谈', '专项督查', '提请责任追究']);
    expect(measuresFor('enterprise').map((code) => ESCALATION_MEASURE_SPECS[code].label)).toEqual(['责令限期整改', '一案双罚', '责令停产整顿', '提请关闭']);
    for (const code of Object.values(EscalationMeasure)) expect(ESCALATION_MEASURE_SPECS[code].source).toMatch(/江西办法|盐城方案|湖南制度|进贤方案/);
  });
});

describe('the diagram offers and routes what the worker accepts', () => {
  const diagram = readFileSync(path.join(PROJECT_ROOT, 'processes/overdue-escalation.bpmn'), 'utf8');

  it('lists, per party kind, the same measures with the same labels as the form options', () => {
    const options = /name="measureOptions">\$\{overdueParty\.kind == 'enterprise' \? (lists\.of\(.*?\)\)) : (lists\.of\(.*?\)\))\}</.exec(diagram);
    expect(options).not.toBeNull();
    const parse = (list: string) => [...list.matchAll(/maps\.of\('label', '([^']+)', 'value', '([^']+)'\)/g)].map(([, label, value]) => ({ label, value }));
    const expected = (kind: 'unit' | 'enterprise') => measuresFor(kind).map((code) => ({ label: ESCALATION_MEASURE_SPECS[code].label, value: code }));
    expect(parse(options![1]!)).toEqual(expected('enterprise'));
    expect(parse(options![2]!)).toEqual(expected('unit'));
  });

  it('routes every unit measure by its code and never sends an enterprise to clue-transfer', () => {
    for (const code of measuresFor('unit')) expect(diagram).toContain(`escalationMeasure == '${code}'`);
    expect(diagram).toContain("escalationMeasure == 'accountability' and overdueParty.kind != 'enterprise'");
  });
});

describe('input the calling procedure must pass', () => {
  it('names every missing or malformed variable at once, in Chinese and English', () => {
    let error: unknown;
    try {
      parseRecordEscalationInput({ escalationMeasure: '警告', overdueParty: { name: '甲县人民政府', kind: 'person' }, overdueDueDate: '2026/02/27' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidVariablesError);
    const problems = (error as InvalidVariablesError).problems.join('\n');
    for (const name of ['escalationMeasure', 'escalationReason', 'overdueParty.kind', 'overdueSubject', 'overdueDueDate', 'decidingGroup']) {
      expect(problems).toContain(name);
    }
    expect(problems).toMatch(/应为以下之一/);
    expect(problems).toMatch(/must be one of/);
  });

  it('raises an incident for a deciding organ or party receiver the directory does not know, and records nothing', async () => {
    const job = await run({ ...unitCase, decidingGroup: 'shi-wei', escalationMeasure: EscalationMeasure.circular, circularScope: '全县' });
    expect(incidentMessage(job)).toContain('decidingGroup "shi-wei"');
    expect(await ledger.listEscalationDecisions()).toEqual([]);
  });

  it('raises an incident when a caller lets 安委办 decide an enterprise’s enforcement measure', async () => {
    const job = await run({ ...enterpriseCase, decidingGroup: CandidateGroup.safetyCommitteeOffice, escalationMeasure: EscalationMeasure.suspension });
    expect(incidentMessage(job)).toContain('安委办不作执法决定');
    expect(await ledger.listEscalationDecisions()).toEqual([]);
  });
});

describe('decisions the person must correct', () => {
  it('refuses an 约谈 that is not in the future, and one without place or interviewee', async () => {
    const past = refusal(await run({ ...unitCase, escalationMeasure: EscalationMeasure.interview, interviewAt: '2026-03-02T08:59+08:00', interviewPlace: '县安委办会议室', interviewee: '主要负责人' }));
    expect(past).toContain('约谈时间须晚于当前时间');
    expect(past).toContain('must be in the future');
    const now = refusal(await run({ ...unitCase, escalationMeasure: EscalationMeasure.interview, interviewAt: '2026-03-02T09:00:00+08:00', interviewPlace: '县安委办会议室', interviewee: '主要负责人' }));
    expect(now).toContain('约谈时间须晚于当前时间');
    const incomplete = refusal(await run({ ...unitCase, escalationMeasure: EscalationMeasure.interview, interviewAt: '2026-03-10' }));
    expect(incomplete).toContain('约谈时间');
    expect(incomplete).toContain('约谈地点');
    expect(incomplete).toContain('约谈对象');
    expect(await ledger.listEscalationDecisions()).toEqual([]);
  });

  it('refuses 提请责任追究 against an enterprise, and a unit measure for it', async () => {
    const clue = refusal(
      await run({ ...enterpriseCase, escalationMeasure: EscalationMeasure.accountability, cadres: [{ name: '王五', post: '总经理', level: 'county', unit: '丙化工有限公司' }] }),
    );
    expect(clue).toContain('生产经营单位逾期不作为纪检监察线索移交');
    expect(clue).toContain('never the subject of a discipline-inspection clue');
    expect(refusal(await run({ ...enterpriseCase, escalationMeasure: EscalationMeasure.interview }))).toContain('不能采取「约谈」');
    expect(refusal(await run({ ...unitCase, escalationMeasure: EscalationMeasure.suspension }))).toContain('不能采取「责令停产整顿」');
    expect(await ledger.listEscalationDecisions()).toEqual([]);
  });

  it('refuses 提请责任追究 without cadres or with a cadre missing the management level', async () => {
    expect(refusal(await run({ ...unitCase, escalationMeasure: EscalationMeasure.accountability }))).toContain('须列明责任干部');
    const wrongLevel = refusal(
      await run({ ...unitCase, escalationMeasure: EscalationMeasure.accountability, cadres: [{ name: '张三', post: '局长', level: '科级', unit: '县应急管理局' }] }),
    );
    expect(wrongLevel).toContain('第 1 名责任干部');
    expect(wrongLevel).toContain('干部管理层级');
  });

  it('refuses a 函告 whose 限期 is not after today', async () => {
    expect(refusal(await run({ ...unitCase, escalationMeasure: EscalationMeasure.letter, requiredBy: '2026-03-02' }))).toContain('限期完成日期须晚于今天');
  });
});

describe('accepted decisions', () => {
  it('records an 约谈 once with its date and place, however often the job is delivered', async () => {
    const variables = { ...unitCase, escalationMeasure: EscalationMeasure.interview, interviewAt: '2026-03-09T09:30+08:00', interviewPlace: '县安委办会议室', interviewee: '主要负责人' };
    const first = completedWith(await run(variables));
    const retried = completedWith(await run(variables));
    expect(retried.escalationId).toBe(first.escalationId);
    expect(first).toMatchObject({
      escalationRefusal: null,
      measureLabel: '约谈',
      decidingOrganName: '安委办',
      partyRecipient: CandidateGroup.patrolledUnit,
      accountabilityFinding: null,
      escalationDecision: { measure: 'interview', interviewAt: '2026-03-09T09:30+08:00', interviewPlace: '县安委办会议室' },
    });
    const decisions = await ledger.listEscalationDecisions({ callerProcessInstanceKey: 'caller-1' });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ measure: '约谈', partyKind: '单位', decidingOrgan: '安委办', reason: '逾期未报送。', caseTitle: '甲县安全生产巡查' });
  });

  it('hands clue-transfer a 干部问题 finding for 提请责任追究, the cadres kept in the ledger', async () => {
    const cadres = [{ name: '张三', post: '局长', level: '县管干部', unit: '县应急管理局' }];
    const output = completedWith(await run({ ...unitCase, escalationMeasure: EscalationMeasure.accountability, cadres }));
    expect(output.accountabilityFinding).toMatchObject({ category: FindingCategory.cadreConduct, responsibleUnit: '甲县人民政府', source: '巡查' });
    expect(String((output.accountabilityFinding as { description: string }).description)).toContain('2026年2月27日前完成“报送整改方案”');
    const [decision] = await ledger.listEscalationDecisions();
    expect(decision!.details).toEqual({ cadres: [{ name: '张三', post: '局长', level: 'county', unit: '县应急管理局' }] });
  });

  it('records 一案双罚 for an enterprise also as an enforcement action the 调度表 counts, sent to 生产经营单位 by default', async () => {
    const output = completedWith(
      await run({ ...enterpriseCase, escalationMeasure: EscalationMeasure.dualPenalty, principalName: '赵六', fineYuan: 150000, documentNumber: '县应急罚〔2026〕5号' }),
    );
    expect(output).toMatchObject({ partyRecipient: CandidateGroup.enterprise, decidingOrganName: '县应急管理局', measureLabel: '一案双罚' });
    expect(output.measureText).toContain('主要负责人赵六实行“一案双罚”');
    const summary = await ledger.summarize({ from: '2026-03-01T00:00:00+08:00', before: '2026-03-03T00:00:00+08:00' });
    expect(summary.enforcementByKind.一案双罚).toEqual({ count: 1, units: 1, fineYuan: 150000, personCount: 1 });
  });
});
