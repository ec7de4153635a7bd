/**
 * The daily inspection (安全生产日常监督检查, 000 第十九–二十三条) on the test
 * engine with the real workers and a 双随机 register in which 回避 decides
 * who may inspect the first key object and departments decide who may inspect
 * at all. Covered: the main path (plan → batch → draw within the department's
 * own registers → assignment notices with the plan's 文号 → one inspection per
 * target → 依法处理 with a penalty linked to the finding it punishes, published
 * at once → rectification closed → each target's result published after the
 * department approved it → results); a draw that cannot be staffed going to
 * the department to adjust, reproducible with `npm run draw`; a 回避 after the
 * draw and its recorded, seeded redraw; a 失信 listing preceded by the 告知书
 * and the enterprise's 陈述申辩; a hand-over triggered by the 行业主管部门's own
 * discovery (message correlated by plan id), signed by its leader and handled
 * by the 业务监管部门; a 回头看 run through a call activity that gets
 * `inspectionResult` back; and an annual plan spread over four quarters whose
 * batches start and fall due at different times on the engine's clock.
 * Also: a penalty linked in the ledger to every finding it punishes
 * (enforcement_findings); a 乡镇（街道） plan whose task goes to the 乡镇 group;
 * the listing handed to its own process (credit-listing) and ended early by
 * an approved 信用修复 with its notice withdrawn; the hand-over's 依法处理
 * deadline from the receipt, its reminder and the 安委办's overdue decision.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import { CandidateGroup, FindingCategory, MessageName, ProcessId, SignalName } from '../../../workers/contract.ts';
import { type Draw, type Recusal, redrawForRecusal } from '../../../workers/inspection/draw.ts';
import { type UserTask, eventually } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';

const run = promisify(execFile);

const ORGAN = '测试县应急管理局';
const PARTNER = '测试县市场监督管理局';

/**
 * Two key objects and four general ones. K01 is avoided by I01 and I02, so of
 * the four inspectors of the inspecting department only I03 and I04 may go
 * there; I05 belongs to another department and is drawn only when that
 * department joins the inspection (联动).
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
  { id: 'I01', name: '刘测试', department: ORGAN, qualification: '执法证 01', avoid: ['K01'] },
  { id: 'I02', name: '陈测试', department: ORGAN, qualification: '执法证 02', avoid: ['K01', 'G01'] },
  { id: 'I03', name: '王测试', department: ORGAN, qualification: '执法证 03', avoid: [] },
  { id: 'I04', name: '李测试', department: ORGAN, qualification: '执法证 04', avoid: ['G02'] },
  { id: 'I05', name: '赵测试', department: PARTNER, qualification: '执法证 05', avoid: [] },
];

const registerDir = mkdtempSync(path.join(os.tmpdir(), 'anquan-registers-'));
writeFileSync(path.join(registerDir, 'inspection-objects.json'), JSON.stringify({ enterprises: OBJECTS }));
writeFileSync(path.join(registerDir, 'inspectors.json'), JSON.stringify({ inspectors: INSPECTORS }));
const registers = { objects: OBJECTS.map((o) => ({ ...o, classification: o.classification as 'key' | 'general' })), inspectors: INSPECTORS };

const h = useEngineHarness({ smtp: true, environment: { INSPECTION_REGISTER_DIR: registerDir } });

beforeAll(async () => {
  // After the other files' dates: the engine clock should only move forward within one engine run.
  await h.clock.pin('2026-12-14T09:30:00+08:00');
});

type Assignment = Draw['assignments'][number];

/** The inspection tasks by target id, read from each branch's `assignment` as the task's form sees it. */
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

/** A variable as a task sees it (the batch's `draw`, the target's `recusals` …). */
async function taskVariable<T>(task: UserTask, name: string): Promise<T> {
  return (await h.engine.userTaskVariables(task.id, [name]))[name] as T;
}

function plan(planId: string, overrides: Record<string, unknown> = {}) {
  return {
    planId,
    planTitle: `测试县2027年度安全生产监督检查计划（${planId}）`,
    planningOrganKind: '业务监管部门',
    inspectingOrgan: ORGAN,
    inspectionFocus: '安全生产责任制落实、从业人员培训、隐患排查治理和应急预案演练',
    planYear: 2026,
    batchMode: 'single',
    randomTargetCount: 1,
    inspectorsPerTarget: 2,
    inspectionStartDate: '2026-12-14',
    ...overrides,
  };
}

const noFindings = (summary: string) => ({ inspectedDate: '2026-12-16', inspectionSummary: summary, inspectionFindings: [] });

/** The 业务监管部门 approves each target's public content; returns the targets' names in approval order. */
async function approvePublications(instanceId: string, count: number): Promise<string[]> {
  const names: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const task = await h.engine.waitForUserTask(instanceId, 'ApproveTargetPublication');
    expect(task.candidateGroups).toEqual([CandidateGroup.regulatoryDepartment]);
    const assignment = await taskVariable<Assignment>(task, 'assignment');
    await h.engine.completeUserTask(task, { targetPublicSummary: `对${assignment.targetName}开展监督检查，情况已依法处理。` });
    await eventually(`publication task ${task.id} to close`, async () => ((await h.engine.openUserTasks(instanceId, 'ApproveTargetPublication')).some((t) => t.id === task.id) ? undefined : true));
    names.push(assignment.targetName);
  }
  return names;
}

/** Diagnoses, rectifies and closes each of the first `count` hazard-rectification instances the inspection called. */
async function closeRectifications(parentId: string, count = 1): Promise<void> {
  const called = await h.engine.waitForCalledInstances(parentId, ProcessId.hazardRectification, count);
  for (const instance of called) {
    const id = instance.id;
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

/** The public feed's entries; none while the worker has not written it yet. */
function feedEntries(): Array<{ title: string; content_text: string }> {
  const file = path.join(h.config.disclosure.directory, 'feed.json');
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { items: Array<{ title: string; content_text: string }> }).items;
  } catch {
    return [];
  }
}

/** The findings an enforcement action punishes (enforcement_findings, ledger migration 13), in the order ticked. */
function punishedFindingsOf(enforcementActionId: string): string[] {
  const { ledger } = h.config;
  if (ledger.backend !== 'sqlite') throw new Error('the integration tests use the SQLite ledger');
  const db = new DatabaseSync(ledger.sqliteFile, { readOnly: true });
  try {
    const rows = db.prepare('select finding_id from enforcement_findings where enforcement_action_id = ? order by position').all(enforcementActionId) as Array<{ finding_id: string }>;
    return rows.map((row) => row.finding_id);
  } finally {
    db.close();
  }
}

async function timerJobs(instanceId: string): Promise<Array<{ id: string; dueDate: string }>> {
  return h.engine.rest.request<Array<{ id: string; dueDate: string }>>('GET', '/job', undefined, { query: { processInstanceId: instanceId, timers: true } });
}

describe(`${ProcessId.dailyInspection}: main path`, () => {
  it('plans, draws within the department, inspects every target, punishes the finding and publishes at once, closes the rectification and publishes each target after approval', async () => {
    const planId = '测应急检〔2026〕1号';
    const instanceId = await h.engine.startProcessInstance(ProcessId.dailyInspection, {});
    const planTask = await h.complete(instanceId, 'DraftInspectionPlan', plan(planId));
    expect(planTask.candidateGroups).toEqual(['yewu-jianguan']);

    const tasks = await inspectionTasksByTarget(instanceId, 3);
    const first = tasks.get('K01')!;
    // 双随机 within the department: both key objects (全覆盖) plus one general object, two of ORGAN's inspectors each, 回避 honoured.
    const draw = await taskVariable<Draw>(first, 'draw');
    expect(draw.planId).toBe(planId);
    expect(draw.scope).toEqual({ departments: [ORGAN], industries: null, includeKeyTargets: true });
    expect(draw.keyTargets.map((target) => target.id)).toEqual(['K01', 'K02']);
    expect(draw.randomTargets).toHaveLength(1);
    expect(draw.assignments).toHaveLength(3);
    expect(draw.assignments.find((assignment) => assignment.targetId === 'K01')!.inspectorIds).toEqual(['I03', 'I04']);
    for (const assignment of draw.assignments) expect(assignment.inspectorIds).not.toContain('I05');
    expect([...tasks.keys()].sort()).toEqual(draw.assignments.map((assignment) => assignment.targetId).sort());
    expect(first.candidateGroups).toEqual(['jiancha-zu']);
    const deadline = await taskVariable<Record<string, string>>(first, 'inspectionDeadline');
    expect(new Date(first.dueDate!).toISOString()).toBe(new Date(deadline.dueAt!).toISOString());
    expect(new Date(first.followUpDate!).toISOString()).toBe(new Date(deadline.remindAt!).toISOString());

    // The assignment notices went out by SMTP, one per target, the plan's 文号 printed.
    await eventually('three inspection-assignment e-mails', async () => {
      const subjects = h.subjects().filter((subject) => subject.includes('开展安全生产监督检查的通知'));
      return subjects.length >= 3 ? subjects : undefined;
    });
    const subjects = h.subjects();
    for (const assignment of draw.assignments) expect(subjects).toContain(`关于对${assignment.targetName}开展安全生产监督检查的通知`);
    const k01Notice = h.smtp.received.find((mail) => (mail.parsed.subject ?? '').includes(OBJECTS[0]!.name))!;
    expect(k01Notice.parsed.text).toContain('王测试、李测试');
    expect(k01Notice.parsed.text).toContain(planId);

    // K01 has three findings; the others are clean.
    await h.engine.completeUserTask(first, {
      inspectedDate: '2026-12-16',
      inspectionSummary: '检查危化品储存、从业人员培训和应急演练情况',
      inspectionFindings: [
        { category: FindingCategory.general, description: '甲类仓库可燃气体报警器未定期检定', legalBasis: '安全生产法第三十六条' },
        { category: FindingCategory.general, description: '应急预案未按期组织演练', legalBasis: '安全生产法第八十一条' },
        { category: FindingCategory.general, description: '特种作业人员未持证上岗', legalBasis: '安全生产法第三十条' },
      ],
    });
    for (const [targetId, task] of tasks) {
      if (targetId !== 'K01') await h.engine.completeUserTask(task, noFindings('未发现问题隐患'));
    }

    // 依法处理: one 行政处罚 for the second and third findings, each recorded against it and published while the rectification is still open.
    const decisionTask = await h.engine.waitForUserTask(instanceId, 'DecideEnforcement');
    const recorded = await taskVariable<Array<{ findingId: string; description: string; label: string; value: string }>>(decisionTask, 'recordedFindings');
    expect(recorded.map((finding) => finding.label)).toEqual(['一般问题隐患：甲类仓库可燃气体报警器未定期检定', '一般问题隐患：应急预案未按期组织演练', '一般问题隐患：特种作业人员未持证上岗']);
    const punished = [recorded[2]!.findingId, recorded[1]!.findingId];
    await h.engine.completeUserTask(decisionTask, {
      enforcementKind: '行政处罚',
      fineYuan: 30000,
      penaltyDocumentNumber: '（测）应急罚〔2026〕5号',
      punishedFindingIds: punished,
      decisionDate: '2026-12-18',
      decisionSummary: '责令限期改正，处三万元罚款。',
      seriousViolation: false,
    });
    expect(decisionTask.candidateGroups).toEqual(['yewu-jianguan']);
    const penalty = await eventually('the penalty published before the target closes', async () => {
      const published = await h.ledger.listDisclosures({ processInstanceKey: instanceId });
      return published.find((disclosure) => disclosure.kind === '行政处罚');
    });
    expect(penalty.title).toBe(`${OBJECTS[0]!.name}行政处罚决定信息公开`);
    const enforcement = ledgerRows('enforcement_actions', instanceId);
    expect(enforcement).toHaveLength(1);
    expect(enforcement[0]).toMatchObject({ kind: '行政处罚', unit_name: OBJECTS[0]!.name, deciding_organ: ORGAN, fine_fen: 3_000_000, finding_id: punished[0] });
    // Every finding the penalty punishes is linked in the ledger, in the order ticked; the unpunished one is not.
    expect(punishedFindingsOf(enforcement[0]!['id'] as string)).toEqual(punished);
    // The ledger lists the disclosure before the worker has rewritten the public feed: wait for the feed.
    const penaltyEntry = await eventually('the penalty in the public feed', async () => feedEntries().find((item) => item.title === penalty.title));
    expect(penaltyEntry.content_text).toContain('应急预案未按期组织演练');
    expect(penaltyEntry.content_text).toContain('特种作业人员未持证上岗');
    expect(penaltyEntry.content_text).not.toContain('甲类仓库可燃气体报警器未定期检定');

    // The clean targets are published one by one after approval, before the last target closes.
    const approvedFirst = await approvePublications(instanceId, 2);
    expect(approvedFirst.sort()).toEqual(draw.assignments.filter((a) => a.targetId !== 'K01').map((a) => a.targetName).sort());
    const early = await eventually('both approved targets published while K01 is still open', async () => {
      const published = (await h.ledger.listDisclosures({ processInstanceKey: instanceId })).filter((disclosure) => disclosure.kind === '检查结果');
      return published.length >= 2 ? published : undefined;
    });
    expect(early.map((disclosure) => disclosure.title).sort()).toEqual(
      approvedFirst.map((name) => `${name}安全生产监督检查结果公开`).sort(),
    );

    await closeRectifications(instanceId, 3);
    await approvePublications(instanceId, 1);
    await h.complete(instanceId, 'CompileResults', { resultsSummary: '本次检查生产经营单位3家，发现一般问题隐患3项，已整改销号，作出行政处罚1起。' });

    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    await h.engine.waitForCompletedElements(instanceId, ['PlanBatches', 'DrawTargetsAndInspectors', 'SendInspectionAssignment', 'RecordInspection', 'RecordPenalty', 'PublishPenalty', 'CloseFindings', 'PublishTargetResult', 'PublishResults', 'SummarizeResult', 'InspectionCompleted']);
    const activities = await h.engine.activityInstances(instanceId);
    expect(activities.some((activity) => activity.activityId === 'CreditPunishment')).toBe(false);
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);

    const inspections = ledgerRows('inspections', instanceId);
    expect(inspections.map((row) => row['unit_name']).sort()).toEqual(draw.assignments.map((assignment) => assignment.targetName).sort());
    const disclosures = await h.ledger.listDisclosures({ processInstanceKey: instanceId });
    expect(disclosures.map((disclosure) => disclosure.kind).sort()).toEqual(['检查结果', '检查结果', '检查结果', '检查结果', '行政处罚']);
    const publicPage = readFileSync(path.join(h.config.disclosure.directory, 'index.html'), 'utf8');
    expect(publicPage).toContain('（测）应急罚〔2026〕5号');
    expect(publicPage).toContain(draw.seed);
    const result = (await h.engine.processVariables(instanceId))['inspectionResult'];
    expect(result).toEqual({ conclusion: '本次检查生产经营单位3家，发现一般问题隐患3项，已整改销号，作出行政处罚1起。', findingCount: 3, majorHazardCount: 0, completedOn: '2026-12-14' });
  });
});

describe(`${ProcessId.dailyInspection}: a 乡镇 draws up its own plan`, () => {
  it('gives the plan task of a 乡镇（街道） to the 乡镇 group, not to the department, and inspects by that plan', async () => {
    const planId = '测镇安检〔2026〕1号';
    const instanceId = await h.engine.startProcessInstance(ProcessId.dailyInspection, { planningOrganKind: '乡镇（街道）' });
    const planTask = await h.engine.waitForUserTask(instanceId, 'DraftTownshipPlan');
    expect(planTask.candidateGroups).toEqual([CandidateGroup.townshipPlanner]);
    expect(await h.engine.openUserTasks(instanceId, 'DraftInspectionPlan')).toEqual([]);
    expect(await taskVariable<string>(planTask, 'planningOrganKind')).toBe('乡镇（街道）');
    // 第十九条: the 乡镇's plan rests on the department's annual plan; the department's inspectors join it (联动).
    await h.engine.completeUserTask(
      planTask,
      plan(planId, { planningOrganKind: '乡镇（街道）', basedOnPlanId: '测应急检〔2026〕1号', inspectingOrgan: '测试镇人民政府', jointDepartments: [{ department: ORGAN }] }),
    );
    const tasks = await inspectionTasksByTarget(instanceId, 3);
    const draw = await taskVariable<Draw>(tasks.get('K01')!, 'draw');
    expect(draw.planId).toBe(planId);
    expect(draw.scope.departments).toEqual(['测试镇人民政府', ORGAN]);
    await h.engine.waitForCompletedElements(instanceId, ['WhoPlans', 'DraftTownshipPlan', 'PlanMerge', 'PlanBatches']);
    expect((await h.engine.activityInstances(instanceId)).some((activity) => activity.activityId === 'DraftInspectionPlan')).toBe(false);
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);
    await h.engine.cancelProcessInstance(instanceId);
    await h.engine.waitForProcessInstanceState(instanceId, 'CANCELED');
  });

  it('leaves the plan with the department when no planner was chosen', async () => {
    const instanceId = await h.engine.startProcessInstance(ProcessId.dailyInspection, {});
    const planTask = await h.engine.waitForUserTask(instanceId, 'DraftInspectionPlan');
    expect(planTask.candidateGroups).toEqual([CandidateGroup.regulatoryDepartment]);
    expect(await taskVariable<string>(planTask, 'planningOrganKind')).toBe('业务监管部门');
    expect(await h.engine.openUserTasks(instanceId, 'DraftTownshipPlan')).toEqual([]);
    await h.engine.cancelProcessInstance(instanceId);
    await h.engine.waitForProcessInstanceState(instanceId, 'CANCELED');
  });
});

describe(`${ProcessId.dailyInspection}: 双随机 draw and 回避`, () => {
  it('lets the department adjust a draw that 回避 cannot staff, records a draw that npm run draw reproduces, and redraws a recused inspector from the seed', async () => {
    const planId = '测应急检〔2026〕2号';
    const instanceId = await h.engine.startProcessInstance(ProcessId.dailyInspection, {});
    await h.complete(instanceId, 'DraftInspectionPlan', plan(planId, { randomTargetCount: 3, inspectorsPerTarget: 3 }));

    // Three per target: K01 has only I03 and I04 free of 回避, so the draw fails and the department adjusts the batch.
    const adjust = await h.engine.waitForUserTask(instanceId, 'AdjustBatchDraw');
    expect(adjust.candidateGroups).toEqual(['yewu-jianguan']);
    const drawProblems = await taskVariable<{ problems: string[] }>(adjust, 'drawProblems');
    expect(drawProblems.problems.join('\n')).toContain('K01');
    await h.engine.completeUserTask(adjust, { batchTargetCount: 3, batchInspectorsPerTarget: 2 });

    const tasks = await inspectionTasksByTarget(instanceId, 5);
    const draw = await taskVariable<Draw>(tasks.get('K01')!, 'draw');
    await h.engine.waitForCompletedElements(instanceId, ['DrawInfeasible', 'AdjustBatchDraw', 'DrawTargetsAndInspectors']);
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);
    expect(draw.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(draw.assignments).toHaveLength(5);
    const avoid = new Map(INSPECTORS.map((inspector) => [inspector.id, inspector.avoid]));
    for (const assignment of draw.assignments) {
      expect(assignment.inspectorIds).toHaveLength(2);
      for (const inspectorId of assignment.inspectorIds) expect(avoid.get(inspectorId), `${inspectorId} → ${assignment.targetId}`).not.toContain(assignment.targetId);
    }

    // The auditor's re-draw from the recorded seed, scope and registers is the same draw.
    const { stdout } = await run(
      'npm',
      ['run', '--silent', 'draw', '--', '--plan', planId, '--seed', draw.seed, '--targets', '3', '--inspectors-per-target', '2', '--drawn-at', draw.drawnAt, '--departments', ORGAN],
      { cwd: PROJECT_ROOT, env: { ...process.env, INSPECTION_REGISTER_DIR: registerDir } },
    );
    expect(JSON.parse(stdout)).toEqual(draw);

    // 回避 after the draw: the first inspector of a general target steps aside; the replacement comes from the seed.
    const general = draw.assignments.find((assignment) => assignment.classification === 'general')!;
    const recusing = general.inspectorIds[0]!;
    await h.engine.completeUserTask(tasks.get(general.targetId)!, { recusalRequested: true, recusalInspector: recusing, recusalReason: '近亲属在该单位任职' });
    const expected = redrawForRecusal({ draw, assignment: general, inspectorId: recusing, reason: '近亲属在该单位任职', recusedIds: [], registers });
    expect(expected.recusal.replacementId).not.toBeNull();
    const again = await eventually('the inspection task handed to the new team', async () => {
      for (const task of await h.engine.openUserTasks(instanceId, 'InspectTarget')) {
        const assignment = await taskVariable<Assignment>(task, 'assignment');
        if (assignment.targetId === general.targetId && !assignment.inspectorIds.includes(recusing)) return task;
      }
      return undefined;
    });
    expect(await taskVariable<Assignment>(again, 'assignment')).toEqual(expected.assignment);
    const recusals = await taskVariable<Recusal[]>(again, 'recusals');
    expect(recusals).toEqual([expected.recusal]);
    expect(recusals[0]).toMatchObject({ replacedInspectorId: recusing, reason: '近亲属在该单位任职', seed: `${draw.seed}|回避|${general.targetId}|${recusing}|1` });
    await eventually('a new assignment notice naming the replacement', async () =>
      h.smtp.received.filter((mail) => (mail.parsed.subject ?? '') === `关于对${general.targetName}开展安全生产监督检查的通知` && (mail.parsed.text ?? '').includes(expected.recusal.replacementName!)).length > 0 ? true : undefined,
    );

    await h.engine.cancelProcessInstance(instanceId);
    await h.engine.waitForProcessInstanceState(instanceId, 'CANCELED');
  });
});

describe(`${ProcessId.dailyInspection}: 回头看 and 失信惩戒 with 陈述申辩`, () => {
  it('starts from the follow-up signal, notifies the enterprise, hears its statement and then lists it', async () => {
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
    const { followUp: shown } = await h.engine.userTaskVariables(planTask.id, ['followUp']);
    expect(shown).toEqual(followUp);
    // Only the 燃气 industry: the department's own register part is K02 alone.
    await h.engine.completeUserTask(planTask, plan('测应急检〔2026〕3号', { randomTargetCount: 0, inspectionFocus: followUp.focus, industryScope: [{ industry: '燃气' }] }));

    const tasks = await inspectionTasksByTarget(instanceId, 1);
    expect([...tasks.keys()]).toEqual(['K02']);
    await h.engine.completeUserTask(tasks.get('K02')!, {
      inspectedDate: '2026-12-16',
      inspectionSummary: '回头看：储罐区安全附件和人员持证情况',
      inspectionFindings: [{ category: FindingCategory.illegalProduction, description: '储罐区紧急切断装置被人为停用，拒不整改', legalBasis: '安全生产法第三十六条' }],
    });
    await h.complete(instanceId, 'DecideEnforcement', {
      enforcementKind: '一案双罚',
      fineYuan: 200000,
      penaltyDocumentNumber: '（测）应急罚〔2026〕9号',
      decisionDate: '2026-12-18',
      decisionSummary: '对单位及其主要负责人依法处罚，责令立即恢复紧急切断装置。',
      seriousViolation: true,
      seriousViolationFacts: '停用储罐区紧急切断装置，经责令改正拒不改正',
      creditNoticeNumber: '（测）应急信告〔2026〕2号',
    });

    // 告知: the notice to the enterprise with its 文号 and the 陈述申辩 period (5 working days, 江西 profile).
    const notice = await eventually('the 告知书 e-mail', async () => h.smtp.received.find((mail) => (mail.parsed.subject ?? '') === `关于拟将${OBJECTS[1]!.name}列入安全生产严重失信主体名单的告知书`));
    expect(notice.parsed.text).toContain('（测）应急信告〔2026〕2号');
    expect(notice.parsed.text).toContain('2026年12月25日');
    const statement = await h.engine.waitForUserTask(instanceId, 'SubmitStatement');
    expect(statement.candidateGroups).toEqual([CandidateGroup.enterprise]);
    const statementDeadline = await taskVariable<Record<string, string>>(statement, 'statementDeadline');
    expect(statementDeadline.due).toBe('2026-12-25');
    expect(new Date(statement.dueDate!).toISOString()).toBe(new Date(statementDeadline.dueAt!).toISOString());
    expect(await h.engine.openUserTasks(instanceId, 'DecideCreditListing')).toEqual([]);
    await h.engine.completeUserTask(statement, { statementText: '已于12月20日恢复紧急切断装置，请求从轻处理。', statementSubmittedOn: '2026-12-20' });

    const decide = await h.engine.waitForUserTask(instanceId, 'DecideCreditListing');
    expect(decide.candidateGroups).toEqual([CandidateGroup.regulatoryDepartment]);
    expect(await taskVariable<string>(decide, 'statementText')).toContain('已于12月20日恢复');
    await h.engine.completeUserTask(decide, { creditListingDecision: 'list', creditDecisionReason: '拒不改正在先，陈述申辩不足以免除失信惩戒', creditDecisionDate: '2026-12-28' });
    await closeRectifications(instanceId);
    await approvePublications(instanceId, 1);
    await h.complete(instanceId, 'CompileResults', { resultsSummary: '回头看检查1家，发现严重违法行为1起，经陈述申辩后实施失信惩戒。' });
    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    await h.engine.waitForCompletedElements(instanceId, ['SendCreditNotice', 'SubmitStatement', 'DecideCreditListing', 'PlanCreditListingPeriod', 'RecordCreditPunishment', 'StartCreditListing', 'InspectionCompleted']);
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);

    const enforcement = ledgerRows('enforcement_actions', instanceId);
    expect(enforcement.map((row) => row['kind']).sort()).toEqual(['一案双罚', '联合惩戒']);
    // The listing runs in its own process (credit-listing), keyed by the 联合惩戒's ledger id; the inspection did not wait for it.
    const listingId = enforcement.find((row) => row['kind'] === '联合惩戒')!['id'] as string;
    const listingInstanceId = await eventually('the credit-listing started by the inspection', async () => {
      for (const instance of await h.engine.processInstancesOf(ProcessId.creditListing)) {
        if ((await h.engine.processVariables(instance.id))['listingId'] === listingId) return instance.id;
      }
      return undefined;
    });
    const listing = await eventually('the listing published', async () => (await h.ledger.listDisclosures({ processInstanceKey: listingInstanceId })).find((disclosure) => disclosure.kind === '失信惩戒'));
    expect(listing.title).toBe(`${OBJECTS[1]!.name}列入安全生产严重失信主体名单`);
    const entry = await eventually('the listing in the public feed', async () => feedEntries().find((item) => item.title === listing.title));
    expect(entry.content_text).toContain('经告知和陈述申辩');
    expect(entry.content_text).toContain('列入期限36个月，自2026-12-28至2029-12-28');
    const listed = await eventually('the listing in the ledger', async () => h.ledger.getCreditListing(listingId));
    expect(listed).toMatchObject({ unitName: OBJECTS[1]!.name, decidingOrgan: ORGAN, listedFrom: '2026-12-28', listedUntil: '2029-12-28', status: '列入', disclosureId: listing.id });

    // 信用修复: the enterprise applies during the listing; the 业务监管部门 verifies both conditions and ends the listing early.
    // publishMessage retries until the listing waits for the application (after RecordListing).
    await h.engine.publishMessage(MessageName.creditRepairApplied, { listingId }, {
      repairApplication: { appliedOn: '2027-01-08', rectification: '紧急切断装置已恢复并经检测合格', penaltyFulfilment: '罚款已于2026年12月30日缴纳', statement: '申请信用修复' },
    });
    const review = await h.engine.waitForUserTask(listingInstanceId, 'ReviewRepair');
    expect(review.candidateGroups).toEqual([CandidateGroup.regulatoryDepartment]);
    expect(review.formId).toBe('credit-repair-review');
    await h.engine.completeUserTask(review, { repairRectified: true, repairPenaltyFulfilled: true, repairDecision: 'approve', repairReviewComment: '现场核实已整改，罚款已缴纳，同意修复', repairDecisionDate: '2027-01-12' });
    await h.engine.waitForProcessInstanceState(listingInstanceId, 'COMPLETED');
    await h.engine.waitForCompletedElements(listingInstanceId, ['RecordRepairApplication', 'RecordRepairApproved', 'WithdrawListing', 'ListingEnded']);
    expect(await h.engine.incidentHistory(listingInstanceId)).toEqual([]);
    const ended = await h.ledger.getCreditListing(listingId);
    expect(ended?.status).toBe('信用修复移出');
    expect(ended?.endedAt?.slice(0, 4)).toBe('2027');
    expect(ended!.events.map((event) => event.kind)).toEqual(['列入', '信用修复申请', '信用修复通过']);
    // The public notice is withdrawn: the ledger keeps it with the date, the public feed no longer shows it.
    const withdrawn = (await h.ledger.listDisclosures({ processInstanceKey: listingInstanceId })).find((disclosure) => disclosure.id === listing.id)!;
    expect(withdrawn.withdrawnAt).not.toBeNull();
    expect(feedEntries().some((item) => item.title === listing.title)).toBe(false);
  });
});

describe(`${ProcessId.dailyInspection}: 行业主管部门 hand-over`, () => {
  it('is started by the 行业主管部门’s own discovery (correlated by plan id), signed by its leader, and handled by the 业务监管部门', async () => {
    const planId = '测应急检〔2026〕4号';
    const instanceId = await h.engine.startProcessInstance(ProcessId.dailyInspection, {});
    await h.complete(instanceId, 'DraftInspectionPlan', plan(planId, { randomTargetCount: 0, industryScope: [{ industry: '燃气' }] }));
    const tasks = await inspectionTasksByTarget(instanceId, 1);
    expect(await h.engine.openUserTasks(instanceId, 'HandOverIndustryRecord')).toEqual([]);

    await h.engine.publishMessage(MessageName.dailyIndustryDiscovery, { planId });
    const record = await h.engine.waitForUserTask(instanceId, 'HandOverIndustryRecord');
    expect(record.candidateGroups).toEqual([CandidateGroup.industryAuthority]);
    await h.engine.completeUserTask(record, {
      industryAuthorityName: '测试县工业和信息化局',
      industryRecordDate: '2026-12-16',
      industryRecords: [{ unitName: '测试纺织有限公司', category: FindingCategory.illegalProduction, description: '擅自改变车间用途存放易燃原料' }],
    });
    const [transfer] = await h.engine.waitForCalledInstances(instanceId, ProcessId.clueTransfer);
    const transferInstanceId = transfer!.id;
    const letter = await h.engine.waitForVariable<Record<string, string>>(transferInstanceId, 'transferLetter');
    expect(letter.receiverName).toBe('业务监管部门');
    expect(letter.body).toContain('擅自改变车间用途存放易燃原料');
    // Signed by the 行业主管部门's own leader, not by the 安委办.
    const review = await h.engine.waitForUserTask(transferInstanceId, 'ReviewTransferLetter');
    expect(review.candidateGroups).toEqual([CandidateGroup.industryAuthorityLeader]);
    await h.engine.completeUserTask(review, { transferDecision: 'approve', transferReviewComment: '同意移交', transferSignatory: '孙局长', transferClassification: '内部' });
    const transferId = await h.engine.waitForVariable<string>(transferInstanceId, 'transferId');
    await h.engine.publishMessage(MessageName.transferReceiptReceived, { transferId }, { receipt: { receivedAt: '2026-12-21T10:00:00+08:00', note: '已收悉，依法处理' } });
    await h.complete(transferInstanceId, 'RecordTransferOutcome', { transferOutcome: '已立案调查', transferHandledBy: ORGAN });
    await h.engine.waitForProcessInstanceState(transferInstanceId, 'COMPLETED');

    const handle = await h.engine.waitForUserTask(instanceId, 'HandleHandedOver');
    expect(handle.candidateGroups).toEqual([CandidateGroup.regulatoryDepartment]);
    // The 依法处理 deadline runs from the 业务监管部门's receipt (inspection.handoverHandlingWorkingDays).
    const handlingDeadline = await taskVariable<Record<string, string>>(handle, 'handlingDeadline');
    expect(handlingDeadline).toMatchObject({ from: '2026-12-21', period: '20个工作日' });
    expect(new Date(handle.dueDate!).toISOString()).toBe(new Date(handlingDeadline.dueAt!).toISOString());
    await h.engine.completeUserTask(handle, { handlingMeasure: '行政处罚', handlingDocumentNumber: '（测）应急罚〔2026〕12号', handlingDate: '2026-12-22', handlingSummary: '责令改正并处罚款。' });
    await h.engine.waitForCompletedElements(instanceId, ['IndustryDiscovery', 'RecordIndustryFinding', 'TransferToRegulator', 'RecordHandoverEnforcement', 'IndustryHandoverDone']);
    const enforcement = ledgerRows('enforcement_actions', instanceId);
    expect(enforcement).toHaveLength(1);
    expect(enforcement[0]).toMatchObject({ kind: '行政处罚', unit_name: '测试纺织有限公司', deciding_organ: ORGAN, document_number: '（测）应急罚〔2026〕12号' });
    const transfers = await h.ledger.listTransfers({});
    expect(transfers.filter((row) => row.receiverKind === '业务监管部门' && row.processInstanceKey === transferInstanceId)).toHaveLength(1);

    await h.engine.completeUserTask(tasks.get('K02')!, noFindings('未发现问题隐患'));
    await approvePublications(instanceId, 1);
    await h.complete(instanceId, 'CompileResults', { resultsSummary: '检查1家，未发现问题；行业主管部门移交1项，已依法处理。' });
    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);
  });
});

const CALLER_ID = 'test-daily-inspection-caller';
const CALLER_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_caller" targetNamespace="urn:anquan-xuncha:test">
  <bpmn:process id="${CALLER_ID}" name="测试：回头看调用日常监督检查" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="Start" />
    <bpmn:callActivity id="RunDailyInspection" calledElement="daily-inspection">
      <bpmn:extensionElements>
        <camunda:in source="followUp" target="followUp" />
        <camunda:out source="inspectionResult" target="inspectionResult" />
      </bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="RunDailyInspection" />
    <bpmn:sequenceFlow id="F2" sourceRef="RunDailyInspection" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

describe(`${ProcessId.dailyInspection}: called by a call activity`, () => {
  let deploymentId: string | undefined;
  afterAll(async () => {
    if (deploymentId !== undefined) await h.engine.rest.request('DELETE', `/deployment/${deploymentId}`, undefined, { query: { cascade: true } });
  });

  it('takes followUp from the caller and hands inspectionResult back', async () => {
    const form = new FormData();
    form.append('deployment-name', 'daily-inspection caller (test)');
    form.append('caller.bpmn', new Blob([CALLER_BPMN], { type: 'application/xml' }), 'caller.bpmn');
    deploymentId = (await h.engine.rest.request<{ id: string }>('POST', '/deployment/create', form)).id;
    const followUp = { sourceProcess: ProcessId.comprehensiveSupervision, sourceInstanceKey: 'caller-1', unitName: OBJECTS[1]!.name, subject: '回头看：储配站整改', focus: '储罐区安全附件' };
    const callerId = await h.engine.startProcessInstance(CALLER_ID, { followUp });
    const [called] = await h.engine.waitForCalledInstances(callerId, ProcessId.dailyInspection);
    const instanceId = called!.id;
    const planTask = await h.engine.waitForUserTask(instanceId, 'DraftInspectionPlan');
    expect((await h.engine.userTaskVariables(planTask.id, ['followUp']))['followUp']).toEqual(followUp);
    await h.engine.completeUserTask(planTask, plan('测应急检〔2026〕5号', { randomTargetCount: 0, inspectionFocus: followUp.focus, industryScope: [{ industry: '燃气' }] }));
    const tasks = await inspectionTasksByTarget(instanceId, 1);
    await h.engine.completeUserTask(tasks.get('K02')!, {
      inspectedDate: '2026-12-16',
      inspectionSummary: '回头看：储罐区安全附件',
      inspectionFindings: [{ category: FindingCategory.majorHazard, description: '液化气储罐安全阀失效', legalBasis: '安全生产法第三十六条' }],
    });
    await h.complete(instanceId, 'DecideEnforcement', { enforcementKind: 'none', decisionDate: '2026-12-18', decisionSummary: '责令限期整改。', seriousViolation: false });
    await closeRectifications(instanceId);
    await approvePublications(instanceId, 1);
    await h.complete(instanceId, 'CompileResults', { resultsSummary: '回头看：发现重大事故隐患1项，已挂牌督办并整改销号。' });
    await h.engine.waitForProcessInstanceState(callerId, 'COMPLETED');
    const result = (await h.engine.processVariables(callerId))['inspectionResult'];
    expect(result).toEqual({ conclusion: '回头看：发现重大事故隐患1项，已挂牌督办并整改销号。', findingCount: 1, majorHazardCount: 1, completedOn: '2026-12-14' });
  });
});

describe(`${ProcessId.dailyInspection}: an annual plan spread over the year`, () => {
  it('starts one batch per quarter on its own day, each with its own deadline, with a 联动 department’s inspectors in the draw', async () => {
    const planId = '测应急检〔2027〕1号';
    const instanceId = await h.engine.startProcessInstance(ProcessId.dailyInspection, {});
    await h.complete(instanceId, 'DraftInspectionPlan', plan(planId, {
      planYear: 2027,
      batchMode: 'quarter',
      inspectionStartDate: '2027-01-01',
      randomTargetCount: 1,
      industryScope: [{ industry: '工贸' }],
      jointDepartments: [{ department: PARTNER }],
    }));
    await h.engine.waitForCompletedElements(instanceId, ['PlanBatches']);
    const batches = await h.engine.waitForVariable<Array<{ batchId: string; startDate: string; includeKeyTargets: boolean; includeRandomDraw: boolean }>>(instanceId, 'batches');
    expect(batches.map((batch) => batch.startDate)).toEqual(['2027-01-01', '2027-04-01', '2027-07-01', '2027-10-01']);
    const timers = await eventually('four batch timers', async () => {
      const jobs = await timerJobs(instanceId);
      return jobs.length >= 4 ? jobs : undefined;
    });
    expect(timers.map((job) => new Date(job.dueDate).toISOString()).sort()).toEqual(['2027-01-01T01:00:00.000Z', '2027-04-01T01:00:00.000Z', '2027-07-01T01:00:00.000Z', '2027-10-01T01:00:00.000Z']);
    expect(await h.engine.openUserTasks(instanceId, 'InspectTarget')).toEqual([]);

    // First quarter: the batch starts, draws G01 (the only 工贸 object) with inspectors of both departments' registers.
    await h.clock.pin('2027-01-01T09:30:00+08:00');
    const [q1] = await h.engine.waitForUserTasks(instanceId, 'InspectTarget', 1);
    const q1Draw = await taskVariable<Draw>(q1!, 'draw');
    expect(q1Draw.planId).toBe(batches[0]!.batchId);
    expect(q1Draw.scope).toEqual({ departments: [ORGAN, PARTNER], industries: ['工贸'], includeKeyTargets: true });
    expect(q1Draw.assignments.map((assignment) => assignment.targetId)).toEqual(['G01']);
    expect(q1Draw.assignments[0]!.inspectorIds).not.toContain('I02');
    const q1Deadline = await taskVariable<{ due: string }>(q1!, 'inspectionDeadline');
    expect((await timerJobs(instanceId)).filter((job) => new Date(job.dueDate) > new Date('2027-03-01')).length).toBe(3);
    await h.engine.completeUserTask(q1!, { ...noFindings('一季度检查未发现问题'), inspectedDate: '2027-01-05' });
    await approvePublications(instanceId, 1);

    // Second quarter: its own draw and a later deadline.
    await h.clock.pin('2027-04-01T09:30:00+08:00');
    const q2 = await eventually('the second quarter’s inspection', async () => (await h.engine.openUserTasks(instanceId, 'InspectTarget'))[0]);
    const q2Draw = await taskVariable<Draw>(q2, 'draw');
    expect(q2Draw.planId).toBe(batches[1]!.batchId);
    expect(q2Draw.seed).not.toBe(q1Draw.seed);
    const q2Deadline = await taskVariable<{ due: string }>(q2, 'inspectionDeadline');
    expect(q2Deadline.due > q1Deadline.due).toBe(true);
    expect(q1Deadline.due.startsWith('2027-0')).toBe(true);
    expect(new Date(q2.dueDate!) > new Date('2027-04-01')).toBe(true);

    await h.engine.cancelProcessInstance(instanceId);
    await h.engine.waitForProcessInstanceState(instanceId, 'CANCELED');
  });
});

describe(`${ProcessId.dailyInspection}: hand-over deadline`, () => {
  it('gives the 业务监管部门 a deadline from its receipt, reminds it, and puts the overdue before the 安委办 while the handling goes on', async () => {
    // After the annual plan's dates: the clock only moves forward.
    await h.clock.pin('2027-04-06T09:30:00+08:00');
    const planId = '测应急检〔2027〕2号';
    const instanceId = await h.engine.startProcessInstance(ProcessId.dailyInspection, {});
    await h.complete(instanceId, 'DraftInspectionPlan', plan(planId, { planYear: 2027, inspectionStartDate: '2027-04-06', randomTargetCount: 0, industryScope: [{ industry: '燃气' }] }));
    const tasks = await inspectionTasksByTarget(instanceId, 1);
    // The inspection itself is done, so only the hand-over's timers are left.
    await h.engine.completeUserTask(tasks.get('K02')!, { ...noFindings('未发现问题隐患'), inspectedDate: '2027-04-06' });

    await h.engine.publishMessage(MessageName.dailyIndustryDiscovery, { planId });
    await h.complete(instanceId, 'HandOverIndustryRecord', {
      industryAuthorityName: '测试县工业和信息化局',
      industryRecordDate: '2027-04-06',
      industryRecords: [{ unitName: '测试纺织有限公司', category: FindingCategory.illegalProduction, description: '员工宿舍设在生产车间内' }],
    });
    const [transfer] = await h.engine.waitForCalledInstances(instanceId, ProcessId.clueTransfer);
    await h.complete(transfer!.id, 'ReviewTransferLetter', { transferDecision: 'approve', transferReviewComment: '同意移交', transferSignatory: '孙局长', transferClassification: '内部' });
    const transferId = await h.engine.waitForVariable<string>(transfer!.id, 'transferId');
    await h.engine.publishMessage(MessageName.transferReceiptReceived, { transferId }, { receipt: { receivedAt: '2027-04-07T10:00:00+08:00', note: '已收悉' } });
    await h.complete(transfer!.id, 'RecordTransferOutcome', { transferOutcome: '已立案调查', transferHandledBy: ORGAN });

    const handle = await h.engine.waitForUserTask(instanceId, 'HandleHandedOver');
    const deadline = await taskVariable<Record<string, string>>(handle, 'handlingDeadline');
    expect(deadline).toMatchObject({ from: '2027-04-07', period: '20个工作日' });
    expect(new Date(handle.dueDate!).toISOString()).toBe(new Date(deadline.dueAt!).toISOString());
    expect(new Date(handle.followUpDate!).toISOString()).toBe(new Date(deadline.remindAt!).toISOString());
    expect(new Date(deadline.letterAt!) > new Date(deadline.dueAt!)).toBe(true);

    // Before the deadline: a reminder to the 业务监管部门.
    await h.clock.pin(deadline.remindAt!);
    const subject = '关于按期办理“依法处理测试县工业和信息化局移交的情况（测试纺织有限公司）”的提醒';
    await eventually('the hand-over handling reminder', async () => (h.subjects().includes(subject) ? true : undefined));
    expect(await h.engine.calledInstances(instanceId, ProcessId.overdueEscalation)).toEqual([]);

    // Overdue: the 安委办 decides the 督办 (the 业务监管部门 does not judge its own delay); the task stays open.
    await h.clock.pin(deadline.letterAt!);
    const [escalation] = await h.engine.waitForCalledInstances(instanceId, ProcessId.overdueEscalation);
    const decide = await h.engine.waitForUserTask(escalation!.id, 'DecideEscalation');
    expect(decide.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
    const escalated = await h.engine.processVariables(escalation!.id);
    expect(escalated).toMatchObject({ overdueSubject: '依法处理行业主管部门移交的情况', overdueDueDate: deadline.due, overdueParty: { name: ORGAN, kind: 'unit' } });
    expect(await h.engine.openUserTasks(instanceId, 'HandleHandedOver')).toHaveLength(1);
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);

    await h.engine.cancelProcessInstance(instanceId);
    await h.engine.waitForProcessInstanceState(instanceId, 'CANCELED');
  });
});
