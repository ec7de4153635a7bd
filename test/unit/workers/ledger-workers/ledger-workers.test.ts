import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FindingCategory, JobType } from '../../../../workers/contract.ts';
import { listMajorHazardWorker } from '../../../../workers/ledger-workers/list-major-hazard.worker.ts';
import { recordCluesWorker } from '../../../../workers/ledger-workers/record-clues.worker.ts';
import { recordEnforcementWorker } from '../../../../workers/ledger-workers/record-enforcement.worker.ts';
import { recordFindingWorker } from '../../../../workers/ledger-workers/record-finding.worker.ts';
import { recordInspectionWorker } from '../../../../workers/ledger-workers/record-inspection.worker.ts';
import { updateFindingStatusWorker } from '../../../../workers/ledger-workers/update-finding-status.worker.ts';
import type { Ledger } from '../../../../workers/ledger/index.ts';
import type { RegisteredWorker } from '../../../../workers/worker-definition.ts';
import { type FakeJobOptions, completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { type TestLedger, openTestLedger, testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
/** From 2026-03-02 09:00 Beijing time, a minute later at every reading, so status histories have a clear order. */
const START = Date.parse('2026-03-02T01:00:00.000Z');
let minutesElapsed = 0;
const advancingClock = () => new Date(START + 60_000 * minutesElapsed++);

let testLedger: TestLedger;
let ledger: Ledger;

beforeEach(async () => {
  minutesElapsed = 0;
  testLedger = await openTestLedger({ now: advancingClock });
  ledger = testLedger.ledger;
});

afterEach(async () => {
  await testLedger.dispose();
});

async function run(worker: RegisteredWorker, options: Omit<FakeJobOptions, 'type'>) {
  const job = fakeJob({ type: worker.jobType, ...options });
  const { outcome } = await worker.run(job, { logger, services: testServices({ ledger }) });
  return { job, outcome };
}

async function recordFinding(category: FindingCategory, elementInstanceKey: string): Promise<string> {
  const { job } = await run(recordFindingWorker, {
    elementInstanceKey,
    variables: { finding: { category, description: '液氨储罐区未设置泄漏报警装置', responsibleUnit: '某化工有限公司' } },
  });
  return completedWith(job)['findingId'] as string;
}

describe(JobType.recordClues, () => {
  it('records a 摸底 list once, however often the job is delivered', async () => {
    const variables = {
      clues: [
        { source: '摸底', content: '园区企业安全管理人员配备不足' },
        { source: '来信', content: '某矿山企业夜间违规出矿', reporterContact: '139****0000', receivedAt: '2026-02-27T10:00:00+08:00' },
      ],
    };
    const first = await run(recordCluesWorker, { variables });
    const retried = await run(recordCluesWorker, { variables });
    expect(first.outcome).toBe('completed');
    const { clueIds } = completedWith(first.job) as { clueIds: string[] };
    expect(clueIds).toHaveLength(2);
    expect(completedWith(retried.job)).toEqual({ clueIds });
    const clues = await ledger.listClues();
    expect(clues).toHaveLength(2);
    expect(clues.find((clue) => clue.source === '来信')).toMatchObject({
      reporterContact: '139****0000',
      receivedAt: '2026-02-27T02:00:00.000Z',
      processInstanceKey: '2251799813685250',
      status: '登记',
    });
  });

  it('records nothing for a 摸底 that found no clue, and takes a null clue list as absent', async () => {
    const empty = await run(recordCluesWorker, { variables: { clues: [] } });
    expect(completedWith(empty.job)).toEqual({ clueIds: [] });
    const report = await run(recordCluesWorker, { variables: { clues: null, clue: { source: '来电', content: '某企业违规动火' } } });
    expect((completedWith(report.job) as { clueIds: string[] }).clueIds).toHaveLength(1);
    expect(await ledger.listClues()).toHaveLength(1);
  });

  it('takes an optional field a form left empty as not given', async () => {
    const { job } = await run(recordCluesWorker, { variables: { clues: [{ source: '摸底', content: '园区消防通道堵塞', reporterContact: '' }] } });
    const { clueIds } = completedWith(job) as { clueIds: string[] };
    expect((await ledger.getClue(clueIds[0]!))?.reporterContact).toBeNull();
  });

  it('records the single clue a 来信来电举报 message brought and names it clueId', async () => {
    const { job } = await run(recordCluesWorker, { variables: { clue: { source: '来电', content: '某烟花爆竹作坊非法生产' } } });
    const output = completedWith(job) as { clueIds: string[]; clueId: string };
    expect(output.clueIds).toEqual([output.clueId]);
    expect((await ledger.getClue(output.clueId))?.content).toBe('某烟花爆竹作坊非法生产');
  });

  it('refuses clues and clue together, and names each bad field', async () => {
    const both = await run(recordCluesWorker, { variables: { clues: [{ source: '摸底', content: 'x' }], clue: { source: '来电', content: 'y' } } });
    expect(both.outcome).toBe('invalid-input');
    expect(incidentMessage(both.job)).toContain('variables clues and clue are mutually exclusive');

    const bad = await run(recordCluesWorker, { variables: { clues: [{ source: '摸底', content: 'x' }, { source: '微信', content: ' ' }] } });
    const message = incidentMessage(bad.job);
    expect(message).toContain('变量 clues[1].source 应为以下之一');
    expect(message).toContain('variable clues[1].content must be non-empty text');
    expect(await ledger.listClues()).toEqual([]);

    const none = await run(recordCluesWorker, { variables: {} });
    expect(incidentMessage(none.job)).toContain('variable clues (a list) or clue (one clue) is missing');
  });
});

describe(JobType.recordFinding, () => {
  it('records one finding per branch, its source taken from the procedure', async () => {
    const findingId = await recordFinding(FindingCategory.majorHazard, '2251799813686001');
    expect(await recordFinding(FindingCategory.majorHazard, '2251799813686001')).toBe(findingId);
    expect(await recordFinding(FindingCategory.majorHazard, '2251799813686002')).not.toBe(findingId);
    expect(await ledger.getFinding(findingId)).toMatchObject({
      category: '重大事故隐患',
      source: '巡查',
      unitName: '某化工有限公司',
      status: '待整改',
      processInstanceKey: '2251799813685250',
    });
  });

  it('keeps location, deadline and the originating clue', async () => {
    const { record: clue } = await ledger.recordClue({ idempotencyKey: 'clue', source: '来电', content: '干部不作为' });
    const { job } = await run(recordFindingWorker, {
      bpmnProcessId: 'comprehensive-supervision',
      variables: {
        finding: {
          category: FindingCategory.cadreConduct,
          description: '县应急管理局对企业重大隐患长期不督促整改',
          responsibleUnit: '某县应急管理局',
          location: '某县',
          clueId: clue.id,
          rectificationDeadline: '2026-04-30',
          serious: true,
        },
      },
    });
    const finding = await ledger.getFinding(completedWith(job)['findingId'] as string);
    expect(finding).toMatchObject({ source: '督查', region: '某县', clueId: clue.id, rectificationDeadline: '2026-04-30' });
  });

  it('takes a finding already in the ledger (a 重大问题 交办 on site) as it is, and refuses an unknown or reclassified one', async () => {
    const assigned = await recordFinding(FindingCategory.majorHazard, '2251799813686001');
    const before = (await ledger.listFindings()).length;
    const again = {
      finding: { category: FindingCategory.majorHazard, description: '液氨储罐区未设置泄漏报警装置', responsibleUnit: '某化工有限公司', findingId: assigned },
    };
    const { job } = await run(recordFindingWorker, { elementInstanceKey: '2251799813687001', variables: again });
    expect(completedWith(job)).toEqual({ findingId: assigned });
    expect(await ledger.listFindings()).toHaveLength(before);

    const unknown = await run(recordFindingWorker, { variables: { finding: { ...again.finding, findingId: 'F-nonexistent' } } });
    expect(incidentMessage(unknown.job)).toContain('finding.findingId F-nonexistent is not in the ledger');
    const reclassified = await run(recordFindingWorker, { variables: { finding: { ...again.finding, category: FindingCategory.general } } });
    expect(incidentMessage(reclassified.job)).toContain(`finding ${assigned} is "重大事故隐患" in the ledger but "一般问题隐患" in the report`);
    expect(await ledger.listFindings()).toHaveLength(before);
  });

  it('asks for the source where the procedure does not imply one, and for an exact category', async () => {
    const noSource = await run(recordFindingWorker, {
      bpmnProcessId: 'hazard-rectification',
      variables: { finding: { category: FindingCategory.general, description: '消防通道堵塞', responsibleUnit: '某商场' } },
    });
    expect(incidentMessage(noSource.job)).toContain('variable finding.source (企业自查, 部门检查, 巡查, 督查, 举报) is required in process hazard-rectification');

    const badCategory = await run(recordFindingWorker, { variables: { finding: { category: '重大隐患', description: 'x', responsibleUnit: 'y' } } });
    expect(incidentMessage(badCategory.job)).toContain('variable finding.category must be one of: 一般问题隐患, 重大事故隐患');
  });
});

describe(JobType.updateFindingStatus, () => {
  it('moves a finding along its states and records a failed review as 整改中 again', async () => {
    const findingId = await recordFinding(FindingCategory.general, '2251799813686101');
    // Each step activated a minute after the previous one by the engine's clock (the finding itself: START).
    let steps = 0;
    const step = async (elementInstanceKey: string, status: string, note?: string) => {
      const activatedAt = new Date(START + 60_000 * ++steps).toISOString();
      return completedWith((await run(updateFindingStatusWorker, { elementInstanceKey, activatedAt, variables: { findingId, status, note } })).job);
    };
    expect(await step('2251799813686102', '整改中')).toEqual({ findingStatus: '整改中' });
    expect(await step('2251799813686103', '待复核')).toEqual({ findingStatus: '待复核' });
    expect(await step('2251799813686104', '整改中', '复核不通过：报警装置未联动')).toEqual({ findingStatus: '整改中' });
    expect(await step('2251799813686104', '整改中', '复核不通过：报警装置未联动')).toEqual({ findingStatus: '整改中' });
    expect(await step('2251799813686105', '待复核')).toEqual({ findingStatus: '待复核' });
    expect(await step('2251799813686106', '已销号')).toEqual({ findingStatus: '已销号' });
    const history = await ledger.statusHistory('finding', findingId);
    expect(history.map((change) => change.toStatus)).toEqual(['待整改', '整改中', '待复核', '整改中', '待复核', '已销号']);
    expect(history[3]?.note).toBe('复核不通过：报警装置未联动');
  });

  it('raises an incident for a move the rules forbid or an unknown status', async () => {
    const findingId = await recordFinding(FindingCategory.general, '2251799813686201');
    const skipped = await run(updateFindingStatusWorker, { variables: { findingId, status: '已销号' } });
    expect(incidentMessage(skipped.job)).toContain('cannot move from 待整改 to 已销号');
    const unknown = await run(updateFindingStatusWorker, { variables: { findingId, status: '已整改' } });
    expect(incidentMessage(unknown.job)).toContain('variable status must be one of: 待整改, 整改中, 待复核, 已移交, 已销号');
  });

  it('records the 销号 with who checked, how, when and the 摘牌; an incomplete record raises an incident', async () => {
    const findingId = await recordFinding(FindingCategory.majorHazard, '2251799813686301');
    await run(updateFindingStatusWorker, { elementInstanceKey: '2251799813686302', variables: { findingId, status: '待复核' } });
    const incomplete = await run(updateFindingStatusWorker, {
      elementInstanceKey: '2251799813686303',
      variables: { findingId, status: '已销号', closure: { checkedBy: '县应急管理局 王某某', method: '现场核查' } },
    });
    expect(incidentMessage(incomplete.job)).toContain('variable closure.checkedOn');
    const closure = { checkedBy: '县应急管理局 王某某', method: '现场核查', checkedOn: '2026-03-28', delisting: { on: '2026-03-29' } };
    const closed = await run(updateFindingStatusWorker, { elementInstanceKey: '2251799813686304', variables: { findingId, status: '已销号', closure } });
    expect(completedWith(closed.job)).toEqual({ findingStatus: '已销号' });
    expect((await ledger.getFinding(findingId))?.closure).toEqual({ ...closure, delisting: { on: '2026-03-29', documentNumber: null } });
  });
});

describe(JobType.listMajorHazard, () => {
  it('lists a major hazard under a generated 督办文号 that a retry keeps', async () => {
    const first = await recordFinding(FindingCategory.majorHazard, '2251799813686301');
    const second = await recordFinding(FindingCategory.majorHazard, '2251799813686302');
    const list = async (findingId: string) => completedWith((await run(listMajorHazardWorker, { variables: { findingId } })).job);

    const listed = await list(second);
    expect(listed).toEqual({
      // Listed at the engine's time of activation, not the ledger's clock.
      listing: { authority: '安委会', documentNumber: '赣安督〔2026〕2号', listedAt: '2026-03-02T01:00:00.000Z' },
    });
    expect(await list(second)).toEqual(listed);
    expect(((await list(first))['listing'] as { documentNumber: string }).documentNumber).toBe('赣安督〔2026〕1号');
    expect(await ledger.listMajorHazards({ listed: true })).toHaveLength(2);
  });

  it('takes a given 文号 and authority', async () => {
    const findingId = await recordFinding(FindingCategory.majorHazard, '2251799813686401');
    const { job } = await run(listMajorHazardWorker, { variables: { findingId, authority: '县安委会', documentNumber: '进安督〔2026〕7号' } });
    expect(completedWith(job)['listing']).toMatchObject({ authority: '县安委会', documentNumber: '进安督〔2026〕7号' });
  });

  it('refuses a finding that is not a major hazard or not in the ledger', async () => {
    const general = await recordFinding(FindingCategory.general, '2251799813686501');
    expect(incidentMessage((await run(listMajorHazardWorker, { variables: { findingId: general } })).job)).toContain(
      'only a 重大事故隐患 (major hazard) can be listed',
    );
    expect(incidentMessage((await run(listMajorHazardWorker, { variables: { findingId: 'missing' } })).job)).toContain(
      'variable findingId: finding missing is not in the ledger',
    );
  });
});

describe(JobType.recordInspection, () => {
  const inspection = {
    kind: '执法检查',
    unitName: '进贤县某烟花爆竹经营部',
    unitCreditCode: '91360124MA0000000X',
    region: '民和镇',
    inspectingOrgan: '进贤县应急管理局',
    inspectedAt: '2026-08-05T10:00:00+08:00',
  };

  it('records one inspection per element instance, however often the job is delivered', async () => {
    const first = await run(recordInspectionWorker, { elementInstanceKey: '2251799813690001', variables: { inspection } });
    const retried = await run(recordInspectionWorker, { elementInstanceKey: '2251799813690001', variables: { inspection } });
    expect(first.outcome).toBe('completed');
    const { inspectionId } = completedWith(first.job) as { inspectionId: string };
    expect(completedWith(retried.job)).toEqual({ inspectionId });
    const summary = await ledger.summarize({ from: '2026-08-01T00:00:00+08:00', before: '2026-09-01T00:00:00+08:00' });
    expect(summary.enterprisesByInspectionKind['执法检查']).toBe(1);
  });

  it('counts the 检查记录 of another branch separately', async () => {
    await run(recordInspectionWorker, { elementInstanceKey: '2251799813690001', variables: { inspection } });
    await run(recordInspectionWorker, {
      elementInstanceKey: '2251799813690002',
      variables: { inspection: { ...inspection, unitName: '进贤县某化工有限公司', unitCreditCode: '', region: null } },
    });
    const summary = await ledger.summarize({ from: '2026-08-01T00:00:00+08:00', before: '2026-09-01T00:00:00+08:00' });
    expect(summary.enterprisesByInspectionKind['执法检查']).toBe(2);
  });

  it('fails with a message naming the bad field, recording nothing', async () => {
    const bad = await run(recordInspectionWorker, { variables: { inspection: { ...inspection, kind: '暗访' } } });
    expect(bad.outcome).toBe('invalid-input');
    expect(incidentMessage(bad.job)).toContain('inspection.kind');
    const summary = await ledger.summarize({ from: '2026-01-01T00:00:00+08:00', before: '2027-01-01T00:00:00+08:00' });
    expect(Object.values(summary.enterprisesByInspectionKind).every((count) => count === 0)).toBe(true);
  });
});

describe(JobType.recordEnforcement, () => {
  const enforcement = {
    kind: '一案双罚',
    unitName: '进贤县某化工有限公司',
    decidingOrgan: '进贤县应急管理局',
    fineYuan: 52_000.5,
    personCount: 1,
    documentNumber: '进应急罚〔2026〕12号',
    decidedAt: '2026-09-10T15:00:00+08:00',
  };
  const september = { from: '2026-09-01T00:00:00+08:00', before: '2026-10-01T00:00:00+08:00' };

  it('records a penalty once with its fine and people, however often the job is delivered', async () => {
    const findingId = await recordFinding(FindingCategory.majorHazard, '2251799813690100');
    // 一案双罚 (004 二(二)3) names the enterprise and its 主要负责人, each with the penalty.
    const parties = [
      { role: '企业', name: enforcement.unitName, penalty: '罚款人民币4万元', fineYuan: 40_000 },
      { role: '主要负责人', name: '张某', penalty: '罚款人民币12000.5元', fineYuan: 12_000.5 },
    ];
    const variables = { enforcement: { ...enforcement, findingId }, parties };
    const first = await run(recordEnforcementWorker, { elementInstanceKey: '2251799813690101', variables });
    const retried = await run(recordEnforcementWorker, { elementInstanceKey: '2251799813690101', variables });
    expect(first.outcome).toBe('completed');
    const { enforcementId } = completedWith(first.job) as { enforcementId: string };
    expect(completedWith(retried.job)).toEqual({ enforcementId });
    const summary = await ledger.summarize(september);
    expect(summary.enforcementByKind['一案双罚']).toEqual({ count: 1, units: 1, fineYuan: 52_000.5, personCount: 1 });
  });

  it('refuses a fine in fractions of a fen or a negative one, recording nothing', async () => {
    for (const fineYuan of [10.005, -1, '5000']) {
      const bad = await run(recordEnforcementWorker, { variables: { enforcement: { ...enforcement, fineYuan } } });
      expect(bad.outcome).toBe('invalid-input');
      expect(incidentMessage(bad.job)).toContain('enforcement.fineYuan');
    }
    expect((await ledger.summarize(september)).enforcementByKind['一案双罚'].count).toBe(0);
  });

  it('takes optional fields a form left empty as not given', async () => {
    const { job, outcome } = await run(recordEnforcementWorker, {
      variables: { enforcement: { kind: '联合惩戒', unitName: '进贤县某矿业有限公司', decidingOrgan: '进贤县应急管理局', fineYuan: null, documentNumber: '', decidedAt: '2026-09-11T09:00:00+08:00' } },
    });
    expect(outcome).toBe('completed');
    expect(completedWith(job)).toHaveProperty('enforcementId');
    expect((await ledger.summarize(september)).enforcementByKind['联合惩戒']).toMatchObject({ count: 1, fineYuan: 0 });
  });
});
