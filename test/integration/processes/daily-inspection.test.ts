/**
 * The daily inspection (安全生产日常监督检查, 000 第十九–二十三条) on the test
 * engine with the real workers and a 双随机 register in which 回避 decides
 * who may inspect the first key object. Covered: the main path (plan → draw →
 * assignment notices → one inspection per target → 依法处理 with a published
 * penalty → rectification closed → 行业主管部门 hand-over to the 业务监管部门 →
 * results published), a draw that cannot be staffed (BPMN error
 * ANQUAN_DRAW_INFEASIBLE) going back to the plan and a recorded draw that
 * `npm run draw` reproduces from its seed, and a 回头看 signal starting an
 * inspection that ends with a serious violation on the published 失信 list.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import { FindingCategory, MessageName, ProcessId, SignalName } from '../../../workers/contract.ts';
import type { Draw } from '../../../workers/inspection/draw.ts';
import { type UserTask, eventually } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';

const run = promisify(execFile);

/**
 * Two key objects and four general ones. K01 is avoided by I01 and I02, so of
 * four inspectors only I03 and I04 may go there: a draw that ignored 回避
 * would send I01 or I02 there most of the time, and three per target cannot
 * be staffed at all.
 */
const OBJECTS = [
  { id: 'K01', name: '测试精细化工有限公司', unifiedCreditCode: '91360124TEST00001K', region: '测试经开区', industry: '危险化学品', classification: 'key' },
  { id: 'K02', name: '测试液化气储配站', unifiedCreditCode: '91360124TEST00002K', region: '测试镇', industry: '燃气', classification: 'key' },
  { id: 'G01', name: '测试笔业有限公司', unifiedCreditCode: '91360124TEST00003G', region: '文港测试镇', industry: '工贸', classification: 'general' },
  { id: 'G02', name: '测试粮油加工厂', unifiedCreditCode: '91360124TEST00004G', region: '温圳测试镇', industry: '粉尘涉爆', classification: 'general' },
  { id: 'G03', name: '测试木业有限公司', unifiedCreditCode: '91360124TEST00005G', region: '架桥测试镇', industry: '木材加工', classification: 'general' },
  { id: 'G04', name: '测试机械制造有限公司', unifiedCreditCode: '91360124TEST00006G', region: '前坊测试镇', industry: '机械', classification: 'general' },
];
const INSPECTORS = [
  { id: 'I01', name: '刘测试', department: '测试县应急管理局', qualification: '执法证 01', avoid: ['K01'] },
  { id: 'I02', name: '陈测试', department: '测试县应急管理局', qualification: '执法证 02', avoid: ['K01', 'G01'] },
  { id: 'I03', name: '王测试', department: '测试县应急管理局', qualification: '执法证 03', avoid: [] },
  { id: 'I04', name: '李测试', department: '测试县市场监督管理局', qualification: '执法证 04', avoid: ['G02'] },
];

const ORGAN = '测试县应急管理局';

const registerDir = mkdtempSync(path.join(os.tmpdir(), 'anquan-registers-'));
writeFileSync(path.join(registerDir, 'inspection-objects.json'), JSON.stringify({ enterprises: OBJECTS }));
writeFileSync(path.join(registerDir, 'inspectors.json'), JSON.stringify({ inspectors: INSPECTORS }));

const h = useEngineHarness({ smtp: true, environment: { INSPECTION_REGISTER_DIR: registerDir } });

beforeAll(async () => {
  // After the other files' dates: the engine clock should only move forward within one engine run.
  await h.clock.pin('2026-12-14T09:00:00+08:00');
});

type Assignment = Draw['assignments'][number];

/** The inspection tasks by target id, read from each multi-instance branch's `assignment` as the task's form sees it. */
async function inspectionTasksByTarget(instanceId: string, count: number): Promise<Map<string, UserTask>> {
  const tasks = await h.engine.waitForUserTasks(instanceId, 'InspectTarget', count);
  const byTarget = new Map<string, UserTask>();
  for (const task of tasks) {
    const { assignment } = await h.engine.userTaskVariables(task.id, ['assignment']);
    expect(assignment, `assignment of task ${task.id}`).toBeDefined();
    byTarget.set((assignment as Assignment).targetId, task);
  }
  return byTarget;
}

function plan(planId: string, overrides: Record<string, unknown> = {}) {
  return {
    planId,
    planTitle: `测试县2027年度安全生产监督检查计划（${planId}）`,
    inspectingOrgan: ORGAN,
    inspectionFocus: '安全生产责任制落实、从业人员培训、隐患排查治理和应急预案演练',
    randomTargetCount: 1,
    inspectorsPerTarget: 2,
    inspectionStartDate: '2026-12-15',
    ...overrides,
  };
}

const noFindings = (summary: string) => ({ inspectedDate: '2026-12-16', inspectionSummary: summary, inspectionFindings: [] });

async function closeRectification(parentId: string, count = 1): Promise<void> {
  const [called] = (await h.engine.waitForCalledInstances(parentId, ProcessId.hazardRectification, count)).slice(-1);
  const id = called!.id;
  await h.complete(id, 'DiagnoseHazard', {
    causeAnalysis: '企业安全管理制度执行不到位',
    disposalMeasure: '限期整改',
    rectificationRequirement: '按检查意见逐项整改并报送整改报告',
    diagnosisDate: '2026-12-18',
  });
  await h.complete(id, 'RectifyHazard', { rectificationMeasuresTaken: '已逐项整改并组织复查', rectificationCompletedDate: '2026-12-28' });
  await h.complete(id, 'ReviewRectification', { hazardReviewDecision: 'approve', hazardReviewComment: '现场复核整改到位，同意销号', reviewers: '县应急管理局 钱复核', reviewMethod: '现场核查', reviewDate: '2026-12-30' });
  await h.engine.waitForProcessInstanceState(id, 'COMPLETED');
}

/** The rows of a ledger table, read as an auditor would, straight from the SQLite file. */
function ledgerRows(table: 'enforcement_actions' | 'inspections', processInstanceId: string): Array<Record<string, unknown>> {
  const { ledger } = h.config;
  if (ledger.backend !== 'sqlite') throw new Error('the integration tests use the SQLite ledger');
  const db = new DatabaseSync(ledger.sqliteFile, { readOnly: true });
  try {
    return db.prepare(`select * from ${table} where process_instance_key = ? order by id`).all(processInstanceId) as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

describe(`${ProcessId.dailyInspection}: main path`, () => {
  it('plans, draws, inspects every target, punishes and publishes, closes the rectification and takes the 行业主管部门 hand-over', async () => {
    const planId = '测应急检〔2026〕1号';
    const instanceId = await h.engine.startProcessInstance(ProcessId.dailyInspection, {});
    const planTask = await h.complete(instanceId, 'DraftInspectionPlan', plan(planId));
    expect(planTask.candidateGroups).toEqual(['yewu-jianguan']);

    // 双随机: both key objects (全覆盖) plus one general object, two inspectors each, 回避 honoured.
    const draw = await h.engine.waitForVariable<Draw>(instanceId, 'draw');
    expect(draw.planId).toBe(planId);
    expect(draw.keyTargets.map((target) => target.id)).toEqual(['K01', 'K02']);
    expect(draw.randomTargets).toHaveLength(1);
    expect(draw.assignments).toHaveLength(3);
    expect(draw.assignments.find((assignment) => assignment.targetId === 'K01')!.inspectorIds).toEqual(['I03', 'I04']);

    const tasks = await inspectionTasksByTarget(instanceId, 3);
    expect([...tasks.keys()].sort()).toEqual(draw.assignments.map((assignment) => assignment.targetId).sort());
    const first = tasks.get('K01')!;
    expect(first.candidateGroups).toEqual(['jiancha-zu']);
    const deadline = await h.engine.waitForVariable<Record<string, string>>(instanceId, 'inspectionDeadline');
    expect(new Date(first.dueDate!).toISOString()).toBe(new Date(deadline.dueAt!).toISOString());
    expect(new Date(first.followUpDate!).toISOString()).toBe(new Date(deadline.remindAt!).toISOString());

    // The assignment notices went out by SMTP, one per target.
    await eventually('three inspection-assignment e-mails', async () => {
      const subjects = h.subjects().filter((subject) => subject.includes('开展安全生产监督检查的通知'));
      return subjects.length >= 3 ? subjects : undefined;
    });
    const subjects = h.subjects();
    for (const assignment of draw.assignments) expect(subjects).toContain(`关于对${assignment.targetName}开展安全生产监督检查的通知`);
    const k01Notice = h.smtp.received.find((mail) => (mail.parsed.subject ?? '').includes(OBJECTS[0]!.name))!;
    expect(k01Notice.parsed.text).toContain('王测试、李测试');

    // K01 has a finding; the others are clean.
    await h.engine.completeUserTask(first, {
      inspectedDate: '2026-12-16',
      inspectionSummary: '检查危化品储存、从业人员培训和应急演练情况',
      inspectionFindings: [
        { category: FindingCategory.general, description: '甲类仓库可燃气体报警器未定期检定', legalBasis: '安全生产法第三十六条' },
      ],
    });
    for (const [targetId, task] of tasks) {
      if (targetId !== 'K01') await h.engine.completeUserTask(task, noFindings('未发现问题隐患'));
    }

    // 依法处理: a 行政处罚 with a fine, recorded and published.
    const decision = await h.complete(instanceId, 'DecideEnforcement', {
      enforcementKind: '行政处罚',
      fineYuan: 30000,
      penaltyDocumentNumber: '（测）应急罚〔2026〕5号',
      decisionDate: '2026-12-18',
      decisionSummary: '责令限期改正，处三万元罚款。',
      seriousViolation: false,
    });
    expect(decision.candidateGroups).toEqual(['yewu-jianguan']);
    await closeRectification(instanceId);

    // 行业主管部门 records one problem in writing and hands it over to the 业务监管部门.
    const handover = await h.complete(instanceId, 'HandOverIndustryRecord', {
      industryAuthorityName: '测试县工业和信息化局',
      industryRecordDate: '2026-12-16',
      industryRecords: [{ unitName: '测试纺织有限公司', category: FindingCategory.illegalProduction, description: '擅自改变车间用途存放易燃原料' }],
    });
    expect(handover.candidateGroups).toEqual(['hangye-zhuguan']);
    const [transfer] = await h.engine.waitForCalledInstances(instanceId, ProcessId.clueTransfer);
    const transferInstanceId = transfer!.id;
    const letter = await h.engine.waitForVariable<Record<string, string>>(transferInstanceId, 'transferLetter');
    expect(letter.receiverName).toBe('业务监管部门');
    expect(letter.body).toContain('擅自改变车间用途存放易燃原料');
    await h.complete(transferInstanceId, 'ReviewTransferLetter', { transferDecision: 'approve', transferReviewComment: '同意移交' });
    const transferId = await h.engine.waitForVariable<string>(transferInstanceId, 'transferId');
    await h.engine.publishMessage(
      MessageName.transferReceiptReceived,
      { transferId },
      { receipt: { receivedAt: '2026-12-21T10:00:00+08:00', note: '已收悉，纳入执法检查计划' } },
    );
    await h.complete(transferInstanceId, 'RecordTransferOutcome', { transferOutcome: '已立案调查并责令改正', transferHandledBy: ORGAN });
    await h.engine.waitForProcessInstanceState(transferInstanceId, 'COMPLETED');

    await h.complete(instanceId, 'CompileResults', { resultsSummary: '本批次检查生产经营单位3家，发现一般问题隐患1项，已整改销号，作出行政处罚1起。' });

    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    await h.engine.waitForCompletedElements(instanceId, [
      'DrawTargetsAndInspectors',
      'SendInspectionAssignment',
      'RecordInspection',
      'RecordPenalty',
      'PublishPenalty',
      'CloseFindings',
      'TransferToRegulator',
      'PublishResults',
      'InspectionCompleted',
    ]);
    const activities = await h.engine.activityInstances(instanceId);
    expect(activities.some((activity) => activity.activityId === 'RecordCreditPunishment')).toBe(false);
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);

    // Ledger: one inspection per target, the penalty, the closed finding, the hand-over.
    const inspections = ledgerRows('inspections', instanceId);
    expect(inspections.map((row) => row['unit_name']).sort()).toEqual(draw.assignments.map((assignment) => assignment.targetName).sort());
    expect(inspections.filter((row) => row['kind'] === '执法检查')).toHaveLength(2);
    expect(inspections.filter((row) => row['kind'] === '抽查检查')).toHaveLength(1);
    const enforcement = ledgerRows('enforcement_actions', instanceId);
    expect(enforcement).toHaveLength(1);
    expect(enforcement[0]).toMatchObject({ kind: '行政处罚', unit_name: OBJECTS[0]!.name, unit_credit_code: OBJECTS[0]!.unifiedCreditCode, deciding_organ: ORGAN, fine_fen: 3_000_000 });
    const findings = await h.ledger.listFindings({});
    const inspected = findings.find((finding) => finding.description === '甲类仓库可燃气体报警器未定期检定')!;
    expect(inspected.status).toBe('已销号');
    expect(inspected.source).toBe('部门检查');
    expect(findings.some((finding) => finding.unitName === '测试纺织有限公司')).toBe(true);
    const transfers = await h.ledger.listTransfers({});
    const handedOver = transfers.filter((row) => row.receiverKind === '业务监管部门');
    expect(handedOver).toHaveLength(1);
    expect(handedOver[0]!.receiptReceivedAt).not.toBeNull();
    expect(handedOver[0]!.outcome).toContain('已立案调查并责令改正');

    // Published: the penalty and the results.
    const disclosures = await h.ledger.listDisclosures({ processInstanceKey: instanceId });
    expect(disclosures.map((disclosure) => disclosure.kind).sort()).toEqual(['检查结果', '行政处罚']);
    const publicPage = readFileSync(path.join(h.config.disclosure.directory, 'index.html'), 'utf8');
    expect(publicPage).toContain(`${OBJECTS[0]!.name}行政处罚决定信息公开`);
    expect(publicPage).toContain('（测）应急罚〔2026〕5号');
    expect(publicPage).toContain(`随机种子 ${draw.seed}`);
  });
});

describe(`${ProcessId.dailyInspection}: 双随机 draw`, () => {
  it('goes back to the plan when 回避 leaves too few inspectors, and records a draw that npm run draw reproduces from its seed', async () => {
    const planId = '测应急检〔2026〕2号';
    const instanceId = await h.engine.startProcessInstance(ProcessId.dailyInspection, {});
    const first = await h.engine.waitForUserTask(instanceId, 'DraftInspectionPlan');
    await h.engine.completeUserTask(first, plan(planId, { randomTargetCount: 3, inspectorsPerTarget: 3 }));

    // Three per target: K01 has only I03 and I04 free of 回避, so the draw fails and the plan comes back with why.
    const again = await eventually('the plan task to come back', async () => {
      const task = await h.engine.waitForUserTask(instanceId, 'DraftInspectionPlan');
      return task.id === first.id ? undefined : task;
    });
    // The first draw ended in the boundary event of ANQUAN_DRAW_INFEASIBLE: no draw recorded, no incident.
    const drawsSoFar = (await h.engine.activityInstances(instanceId)).filter((activity) => activity.activityId === 'DrawTargetsAndInspectors');
    expect(drawsSoFar.map((activity) => activity.state)).toEqual(['CANCELED']);
    expect((await h.engine.processVariables(instanceId))['draw'] ?? null).toBeNull();
    const { drawProblems } = await h.engine.userTaskVariables(again.id, ['drawProblems']);
    expect((drawProblems as { problems: string[] }).problems.join('\n')).toContain('K01');
    await h.engine.completeUserTask(again, plan(planId, { randomTargetCount: 3, inspectorsPerTarget: 2 }));
    await h.engine.waitForUserTaskGone(instanceId, 'DraftInspectionPlan');

    const draw = await h.engine.waitForVariable<Draw>(instanceId, 'draw');
    await h.engine.waitForCompletedElements(instanceId, ['DrawInfeasible', 'DrawTargetsAndInspectors']);
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);
    expect(draw.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(draw.assignments).toHaveLength(5);

    // Never an inspector at a target they must avoid; K01 therefore always gets I03 and I04.
    const avoid = new Map(INSPECTORS.map((inspector) => [inspector.id, inspector.avoid]));
    for (const assignment of draw.assignments) {
      expect(assignment.inspectorIds).toHaveLength(2);
      for (const inspectorId of assignment.inspectorIds) expect(avoid.get(inspectorId), `${inspectorId} → ${assignment.targetId}`).not.toContain(assignment.targetId);
    }
    expect(draw.assignments.find((assignment) => assignment.targetId === 'K01')!.inspectorIds).toEqual(['I03', 'I04']);

    // The auditor's re-draw from the recorded seed and the same registers is the same draw.
    const { stdout } = await run(
      'npm',
      ['run', '--silent', 'draw', '--', '--plan', planId, '--seed', draw.seed, '--targets', '3', '--inspectors-per-target', '2', '--drawn-at', draw.drawnAt],
      { cwd: PROJECT_ROOT, env: { ...process.env, INSPECTION_REGISTER_DIR: registerDir } },
    );
    expect(JSON.parse(stdout)).toEqual(draw);

    // The batch is called off once its inspections are handed out (every assignment notice sent, so no
    // worker holds one of its external tasks while the instance is deleted).
    const tasks = await inspectionTasksByTarget(instanceId, 5);
    expect([...tasks.keys()].sort()).toEqual(draw.assignments.map((assignment) => assignment.targetId).sort());
    await h.engine.cancelProcessInstance(instanceId);
    await h.engine.waitForProcessInstanceState(instanceId, 'CANCELED');
  });
});

describe(`${ProcessId.dailyInspection}: 回头看 and 失信惩戒`, () => {
  it('starts from the follow-up signal and puts a serious violation on the published 失信 list with its listing period', async () => {
    const followUp = {
      sourceProcess: ProcessId.comprehensiveSupervision,
      sourceInstanceKey: '2251799813999999',
      unitName: OBJECTS[1]!.name,
      subject: '综合督查发现液化气储配站安全管理问题，整改情况回头看',
      focus: '储罐区安全附件、从业人员持证上岗',
    };
    await h.engine.broadcastSignal(SignalName.dailyInspectionFollowUp, { followUp });
    const instanceId = await eventually('the daily inspection started by the signal', async () => {
      for (const instance of await h.engine.processInstancesOf(ProcessId.dailyInspection)) {
        if (instance.state !== 'ACTIVE') continue;
        const variables = await h.engine.processVariables(instance.id);
        if ((variables['followUp'] as typeof followUp | undefined)?.sourceInstanceKey === followUp.sourceInstanceKey) return instance.id;
      }
      return undefined;
    });
    const planTask = await h.engine.waitForUserTask(instanceId, 'DraftInspectionPlan');
    // What the plan form shows.
    const { followUp: shown } = await h.engine.userTaskVariables(planTask.id, ['followUp']);
    expect(shown).toEqual(followUp);
    await h.engine.completeUserTask(planTask, plan('测应急检〔2026〕3号', { randomTargetCount: 0, inspectionFocus: followUp.focus }));
    await h.engine.waitForCompletedElements(instanceId, ['FollowUpReceived', 'DraftInspectionPlan']);

    const tasks = await inspectionTasksByTarget(instanceId, 2);
    expect([...tasks.keys()].sort()).toEqual(['K01', 'K02']);
    await h.engine.completeUserTask(tasks.get('K02')!, {
      inspectedDate: '2026-12-16',
      inspectionSummary: '回头看：储罐区安全附件和人员持证情况',
      inspectionFindings: [
        { category: FindingCategory.illegalProduction, description: '储罐区紧急切断装置被人为停用，拒不整改', legalBasis: '安全生产法第三十六条' },
      ],
    });
    await h.engine.completeUserTask(tasks.get('K01')!, noFindings('未发现问题隐患'));
    await h.complete(instanceId, 'HandOverIndustryRecord', { industryAuthorityName: '测试县住房和城乡建设局', industryRecordDate: '2026-12-16', industryRecords: [] });

    await h.complete(instanceId, 'DecideEnforcement', {
      enforcementKind: '一案双罚',
      fineYuan: 200000,
      penaltyDocumentNumber: '（测）应急罚〔2026〕9号',
      decisionDate: '2026-12-18',
      decisionSummary: '对单位及其主要负责人依法处罚，责令立即恢复紧急切断装置。',
      seriousViolation: true,
      seriousViolationFacts: '停用储罐区紧急切断装置，经责令改正拒不改正',
    });
    await closeRectification(instanceId);
    await h.complete(instanceId, 'CompileResults', { resultsSummary: '回头看检查2家，发现严重违法行为1起，已实施失信惩戒。' });
    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    await h.engine.waitForCompletedElements(instanceId, ['PlanCreditListingPeriod', 'RecordCreditPunishment', 'PublishCreditListing', 'InspectionCompleted']);
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);

    // Ledger: the 一案双罚 and the 联合惩戒 row for the same enterprise.
    const enforcement = ledgerRows('enforcement_actions', instanceId);
    expect(enforcement.map((row) => row['kind']).sort()).toEqual(['一案双罚', '联合惩戒']);
    const credit = enforcement.find((row) => row['kind'] === '联合惩戒')!;
    expect(credit).toMatchObject({ unit_name: OBJECTS[1]!.name, unit_credit_code: OBJECTS[1]!.unifiedCreditCode, deciding_organ: ORGAN, document_number: '（测）应急罚〔2026〕9号' });

    // Public: the enterprise on the 失信 list with its listing period (36 months from the decision, 江西 profile).
    const disclosures = await h.ledger.listDisclosures({ processInstanceKey: instanceId });
    expect(disclosures.map((disclosure) => disclosure.kind).sort()).toEqual(['失信惩戒', '检查结果', '行政处罚']);
    const listing = disclosures.find((disclosure) => disclosure.kind === '失信惩戒')!;
    expect(listing.title).toBe(`${OBJECTS[1]!.name}列入安全生产严重失信主体名单`);
    const feed = JSON.parse(readFileSync(path.join(h.config.disclosure.directory, 'feed.json'), 'utf8')) as { items: Array<{ title: string; content_text: string }> };
    const entry = feed.items.find((item) => item.title === listing.title)!;
    expect(entry.content_text).toContain(OBJECTS[1]!.unifiedCreditCode);
    expect(entry.content_text).toContain('列入期限36个月，自2026-12-18至2029-12-18');
    const publicPage = readFileSync(path.join(h.config.disclosure.directory, 'index.html'), 'utf8');
    expect(publicPage).toContain(listing.title);
    expect(publicPage).toContain('2029-12-18');
  });
});
