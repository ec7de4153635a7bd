/**
 * The rectification loop (问题隐患闭环整改) on the test engine with the real
 * workers. Covered: started on its own, a bad category raises an incident an
 * operator fixes; the unit's evidence photo (a task attachment) is read by
 * the reviewer; a failed 复核 sets a new deadline and 销号 records who checked,
 * how and when. 安委办 is never offered 停产停业整顿 and a completion that
 * submits it anyway comes back to the diagnosis with nothing recorded;
 * 移交有关部门依法处理 calls clue-transfer from the diagnosing organ to the named
 * department; a caller giving 安委办 enforcement powers gets an incident naming 000
 * 第五、六条. A 挂牌督办 hazard keeps the listing's deadline (no second
 * computation), the department's 停产停业整顿 is recorded as an enforcement
 * action, and 销号 records the 摘牌. Called from a daily inspection, an
 * overdue enterprise is put before the 业务监管部门, which is offered only
 * 一案双罚 / 停产整顿 / 提请关闭 / 限期整改, and no 纪检 clue is ever started.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { demoLoginOf } from '../../../deploy/local/demo-users.ts';
import { CandidateGroup, EscalationMeasure, FindingCategory, ProcessId } from '../../../workers/contract.ts';
import { toEngineVariables } from '../../../workers/engine/variables.ts';
import { profileVariables } from '../../../workers/profile/load-profile.worker.ts';
import { eventually } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';

const OBJECTS = [
  { id: 'K01', name: '测试整改精细化工有限公司', unifiedCreditCode: '91360124RECT0001K', region: '测试经开区', industry: '危险化学品', classification: 'key' },
  { id: 'G01', name: '测试整改笔业有限公司', unifiedCreditCode: '91360124RECT0002G', region: '文港测试镇', industry: '工贸', classification: 'general' },
];
const INSPECTORS = [
  { id: 'I01', name: '刘整改', department: '测试县应急管理局', qualification: '执法证 11', avoid: [] },
  { id: 'I02', name: '陈整改', department: '测试县应急管理局', qualification: '执法证 12', avoid: [] },
];
const registerDir = mkdtempSync(path.join(os.tmpdir(), 'anquan-rectification-registers-'));
writeFileSync(path.join(registerDir, 'inspection-objects.json'), JSON.stringify({ enterprises: OBJECTS }));
writeFileSync(path.join(registerDir, 'inspectors.json'), JSON.stringify({ inspectors: INSPECTORS }));

const h = useEngineHarness({ environment: { INSPECTION_REGISTER_DIR: registerDir } });

const SUSPENSION = '停产停业整顿';

/** The default jurisdiction's figures, as anquan.profile.load gives them to a patrol. */
async function loadedProfile(): Promise<unknown> {
  return profileVariables(await h.workers.services.profiles.resolve('jiangxi'));
}

/** Same instant, whatever offset the engine writes. */
const instant = (value: string | null | undefined) => (value ? new Date(value).toISOString() : value);

function enforcementRows(findingId: string): Array<Record<string, unknown>> {
  const { ledger } = h.config;
  if (ledger.backend !== 'sqlite') throw new Error('the integration tests use the SQLite ledger');
  const db = new DatabaseSync(ledger.sqliteFile, { readOnly: true });
  try {
    return db.prepare('select * from enforcement_actions where finding_id = ? order by id').all(findingId) as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

describe(`${ProcessId.hazardRectification} started on its own`, () => {
  it('turns a bad category into a readable incident; the reviewer sees the photo, a failed 复核 sets a new deadline, 销号 records who, how and when', async () => {
    await h.clock.pin('2026-12-01T09:00:00+08:00');
    const profile = await loadedProfile();
    const finding = { description: '仓库消防通道堵塞', responsibleUnit: '某物流有限公司', source: '督查' };
    const instanceId = await h.engine.startProcessInstance(ProcessId.hazardRectification, {
      finding: { ...finding, category: '一般隐患' },
      profile,
    });

    // Cockpit shows a failed external task on 建立问题清单 whose message, in Chinese and English, names the variable to correct.
    const [incident] = await h.engine.waitForIncidents(instanceId);
    expect(incident!.incidentType).toBe('failedExternalTask');
    expect(incident!.activityId).toBe('RecordHazard');
    expect(incident!.incidentMessage).toContain('finding.category');
    expect(incident!.incidentMessage).toMatch(/[\u4e00-\u9fa5]/);
    expect(incident!.incidentMessage).toMatch(/invalid input variables/i);

    // What an operator does in Cockpit: correct the activity's (input-mapped, so local) variable on the failing
    // external task's execution, then give the external task a retry, which resolves the incident.
    const externalTaskId = incident!.configuration!;
    const externalTask = await h.engine.rest.request<{ executionId: string; activityId: string }>('GET', `/external-task/${externalTaskId}`);
    expect(externalTask.activityId).toBe('RecordHazard');
    const corrected = toEngineVariables({ finding: { ...finding, category: FindingCategory.general } });
    await h.engine.rest.request('PUT', `/execution/${externalTask.executionId}/localVariables/finding`, corrected.finding);
    await h.engine.rest.request('PUT', `/external-task/${externalTaskId}/retries`, { retries: 1 });

    // Started on its own, 安委办 diagnoses with 移交督办 powers only.
    const diagnosis = await h.engine.waitForUserTask(instanceId, 'DiagnoseHazard');
    expect(diagnosis.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
    expect(await h.engine.rest.request<unknown[]>('GET', '/incident', undefined, { query: { processInstanceId: instanceId } })).toEqual([]);
    const [resolved] = await h.engine.incidentHistory(instanceId);
    expect(resolved).toMatchObject({ id: incident!.id, resolved: true });
    const [recorded] = await h.ledger.listFindings({ unitName: finding.responsibleUnit });
    expect(recorded).toMatchObject({ category: FindingCategory.general, unitName: '某物流有限公司', status: '待整改' });

    // Completed the way 安委办 staff do it: claimed and completed in Tasklist with their own login.
    await h.engine.as(demoLoginOf(CandidateGroup.safetyCommitteeOffice)).completeAsCurrentUser(diagnosis.id, {
      causeAnalysis: '日常巡查缺失',
      disposalMeasure: '限期整改',
      rectificationRequirement: '立即清理通道并建立每日巡查制度',
      diagnosisDate: '2026-12-01',
    });
    // 一般问题隐患: 1 month (江西 default profile) after 12-01, computed once by 计算整改期限.
    const rectify = await h.engine.waitForUserTask(instanceId, 'RectifyHazard');
    expect(rectify.candidateGroups).toEqual([CandidateGroup.responsibleUnit]);
    const first = await h.engine.waitForVariable<{ from: string; period: string; dueAt: string }>(instanceId, 'rectificationDeadline');
    expect(first).toMatchObject({ from: '2026-12-01', period: '1个月' });
    expect(instant(rectify.dueDate)).toBe(instant(first.dueAt));

    // The unit attaches its after-rectification photo to the task; the reviewing organ reads it at 复核.
    const unit = h.engine.as(demoLoginOf(CandidateGroup.responsibleUnit));
    const photo = new FormData();
    photo.append('attachment-name', '整改后照片.png');
    photo.append('attachment-description', '消防通道清理后');
    photo.append('attachment-type', 'image/png');
    photo.append('content', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], { type: 'image/png' }), '整改后照片.png');
    await unit.rest.request('POST', `/task/${rectify.id}/attachment/create`, photo);
    await h.engine.completeUserTask(rectify, {
      rectificationMeasuresTaken: '已清理',
      rectificationCompletedDate: '2026-12-05',
      rectificationMode: 'immediate',
    });
    await h.engine.waitForUserTaskGone(instanceId, 'RectifyHazard');

    const review = await h.engine.waitForUserTask(instanceId, 'ReviewRectification');
    expect(review.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
    const reviewer = h.engine.as(demoLoginOf(CandidateGroup.safetyCommitteeOffice));
    const attachments = await reviewer.rest.request<Array<{ name: string; taskId: string }>>('GET', `/task/${rectify.id}/attachment`);
    expect(attachments.map((attachment) => attachment.name)).toEqual(['整改后照片.png']);

    // Failed 复核: 10 working days from the review day, 2026-12-07 → 2026-12-21, replace the first deadline.
    await reviewer.completeAsCurrentUser(review.id, {
      hazardReviewDecision: 'reject',
      hazardReviewComment: '未建立每日巡查制度',
      reviewers: '王复核、李复核',
      reviewMethod: '现场核查',
      reviewDate: '2026-12-07',
      renewedRectificationWorkingDays: 10,
    });
    const again = await h.engine.waitForUserTask(instanceId, 'RectifyHazard');
    expect(instant(again.dueDate)).toBe(instant('2026-12-21T18:00:00+08:00'));
    expect(await h.engine.waitForVariable(instanceId, 'hazardReviewComment')).toBe('未建立每日巡查制度');
    expect(await h.engine.waitForVariable(instanceId, 'rectificationDeadline')).toMatchObject({ from: '2026-12-07', due: '2026-12-21' });

    await h.complete(instanceId, 'RectifyHazard', { rectificationMeasuresTaken: '已清理并建立制度', rectificationCompletedDate: '2026-12-08', rectificationMode: 'immediate' });
    await h.complete(instanceId, 'ReviewRectification', {
      hazardReviewDecision: 'approve',
      hazardReviewComment: '复核通过',
      reviewers: '王复核、李复核',
      reviewMethod: '现场核查和资料审核',
      reviewDate: '2026-12-09',
    });

    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    const closed = await eventually('the finding to be 已销号', async () => {
      const [listed] = await h.ledger.listFindings({ unitName: finding.responsibleUnit });
      return listed?.status === '已销号' ? listed : undefined;
    });
    expect(closed.rectifiedAt).not.toBeNull();
    expect(closed.listing).toBeNull();
    expect(closed.closure).toEqual({
      checkedBy: `王复核、李复核（经办 ${demoLoginOf(CandidateGroup.safetyCommitteeOffice)}）`,
      method: '现场核查和资料审核',
      checkedOn: '2026-12-09',
      delisting: null,
    });
    const history = await h.ledger.statusHistory('finding', closed.id);
    expect(history.map((change) => change.toStatus)).toEqual(['待整改', '整改中', '待复核', '整改中', '待复核', '已销号']);
    const closing = history.at(-1)!.note!;
    for (const part of ['王复核、李复核', `经办 ${demoLoginOf(CandidateGroup.safetyCommitteeOffice)}`, '现场核查和资料审核', '2026-12-09', '复核通过']) {
      expect(closing).toContain(part);
    }
    expect(closing).not.toContain('摘牌');
    const variables = await h.engine.processVariables(instanceId);
    expect(variables.closure).toEqual({
      reviewers: '王复核、李复核',
      reviewedBy: demoLoginOf(CandidateGroup.safetyCommitteeOffice),
      method: '现场核查和资料审核',
      reviewedOn: '2026-12-09',
      comment: '复核通过',
    });
    expect(variables.delisting).toBeUndefined();
  });
});

describe(`${ProcessId.hazardRectification}: 安委办 never orders 停产停业整顿 (000 第五、六条)`, () => {
  it('offers 安委办 only 限期整改 and 移交, sends a submitted 停产停业整顿 back undone, transfers to the competent department, and refuses a caller that gives 安委办 enforcement powers', async () => {
    const profile = await loadedProfile();
    const finding = { category: FindingCategory.general, description: '配电室堆放可燃杂物', responsibleUnit: '某县城市管理局', source: '巡查' };
    const instanceId = await h.engine.startProcessInstance(ProcessId.hazardRectification, {
      finding,
      profile,
      actingGroup: CandidateGroup.safetyCommitteeOffice,
      powers: 'transfer-only',
    });
    const diagnosis = await h.engine.waitForUserTask(instanceId, 'DiagnoseHazard');
    const { disposalOptions, powersNote } = await h.engine.userTaskVariables(diagnosis.id, ['disposalOptions', 'powersNote']);
    expect((disposalOptions as Array<{ value: string }>).map((option) => option.value)).toEqual(['限期整改', '移交有关部门依法处理']);
    expect(powersNote).toContain('第五、六条');

    // Past the form (e.g. straight through the REST API): the choice is refused, nothing is ordered or recorded.
    await h.complete(instanceId, 'DiagnoseHazard', {
      causeAnalysis: '物业管理缺位',
      disposalMeasure: SUSPENSION,
      rectificationRequirement: '停产整顿',
      diagnosisDate: '2026-12-01',
      suspensionDocumentNumber: '测安停〔2026〕1号',
      suspensionDecisionDate: '2026-12-01',
    });
    const back = await h.engine.waitForUserTask(instanceId, 'DiagnoseHazard');
    expect(back.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
    const problem = await h.engine.waitForVariable<string>(instanceId, 'disposalProblem');
    expect(problem).toContain(`「${SUSPENSION}」不在安委办的职权内`);
    const activities = (await h.engine.activityInstances(instanceId)).map((activity) => activity.activityId);
    expect(activities).not.toContain('RecordSuspensionOrder');
    expect(activities).not.toContain('MarkRectifying');
    const [recorded] = await h.ledger.listFindings({ unitName: finding.responsibleUnit });
    expect(recorded!.status).toBe('待整改');
    expect(enforcementRows(recorded!.id)).toEqual([]);

    // The second diagnosis, within its powers, 移交有关部门依法处理: the competent department gets a 移交函 from 安委办.
    await h.complete(instanceId, 'DiagnoseHazard', {
      causeAnalysis: '物业管理缺位',
      disposalMeasure: '移交有关部门依法处理',
      rectificationRequirement: '请依法查处配电室违规堆放可燃物问题',
      diagnosisDate: '2026-12-01',
      competentDepartmentName: '某县住房和城乡建设局',
    });
    const [transfer] = await h.engine.waitForCalledInstances(instanceId, ProcessId.clueTransfer);
    const transferVariables = await h.engine.processVariables(transfer!.id);
    expect(transferVariables).toMatchObject({
      transferringOrgan: CandidateGroup.safetyCommitteeOffice,
      receiver: 'competent-department',
      receiverName: '某县住房和城乡建设局',
      findingId: recorded!.id,
      issuer: '安委办',
    });
    expect((await h.engine.processVariables(instanceId)).disposalProblem).toBeNull();
    const routed = (await h.engine.activityInstances(instanceId)).map((activity) => activity.activityId);
    expect(routed).toContain('TransferToCompetentDepartment');
    expect(routed).not.toContain('MarkRectifying');
    expect(routed).not.toContain('RectifyHazard');
    await h.engine.cancelProcessInstance(instanceId);

    // A caller that gives 安委办 enforcement powers is a modelling error: an incident names the articles.
    const misconfigured = await h.engine.startProcessInstance(ProcessId.hazardRectification, {
      finding,
      profile,
      actingGroup: CandidateGroup.safetyCommitteeOffice,
      powers: 'enforcement',
    });
    const [incident] = await h.engine.waitForIncidents(misconfigured);
    expect(incident!.activityId).toBe('CheckMandate');
    expect(incident!.incidentMessage).toContain('江西办法第五、六条');
    expect(await h.engine.openUserTasks(misconfigured, 'DiagnoseHazard')).toEqual([]);
    await h.engine.cancelProcessInstance(misconfigured);
  });
});

describe(`${ProcessId.hazardRectification}: a 挂牌督办 hazard`, () => {
  it('keeps the listing’s deadline, records the department’s 停产停业整顿, and records the 摘牌 at 销号', async () => {
    const profile = await loadedProfile();
    const enterprise = '测试挂牌化工有限公司';
    const { record: finding } = await h.ledger.recordFinding({
      category: FindingCategory.majorHazard,
      source: '部门检查',
      unitName: enterprise,
      description: '液氨储罐区未设置泄漏报警装置',
      idempotencyKey: 'hazard-rectification-test:listed',
    });
    const { record: listed } = await h.ledger.recordSupervisionListing({ findingId: finding.id, authority: '测试县安委会', documentNumber: '测安督〔2026〕7号' });
    const listing = { authority: listed.listing!.authority, documentNumber: listed.listing!.documentNumber, listedAt: listed.listing!.listedAt };
    // The caller's deadline plan for the listing (anquan.deadline.plan, 6 months): the only deadline this hazard has.
    const listedDeadline = { from: '2026-12-01', period: '6个月', due: '2027-06-01', dueAt: '2027-06-01T18:00:00+08:00', remindAt: '2027-05-27T09:00:00+08:00' };
    const instanceId = await h.engine.startProcessInstance(ProcessId.hazardRectification, {
      finding: { category: FindingCategory.majorHazard, description: finding.description, responsibleUnit: enterprise, source: '部门检查' },
      findingId: finding.id,
      profile,
      actingGroup: CandidateGroup.leadDepartment,
      reviewingGroup: CandidateGroup.leadDepartment,
      powers: 'enforcement',
      actingOrganName: '测试县应急管理局',
      responsibleParty: { name: enterprise, kind: 'enterprise', receiver: CandidateGroup.enterprise, creditCode: '91360124LIST0001X' },
      listing,
      listedDeadline,
    });

    const diagnosis = await h.engine.waitForUserTask(instanceId, 'DiagnoseHazard');
    expect(diagnosis.candidateGroups).toEqual([CandidateGroup.leadDepartment]);
    const { disposalOptions, listed: isListed } = await h.engine.userTaskVariables(diagnosis.id, ['disposalOptions', 'listed']);
    expect((disposalOptions as Array<{ value: string }>).map((option) => option.value)).toContain(SUSPENSION);
    expect(isListed).toBe(true);
    // A period entered on the form does not make a second deadline.
    await h.complete(instanceId, 'DiagnoseHazard', {
      causeAnalysis: '企业主要负责人未落实重大事故隐患排查治理责任',
      disposalMeasure: SUSPENSION,
      rectificationRequirement: '停产停业整顿，加装泄漏报警装置并经验收合格后方可恢复生产',
      diagnosisDate: '2026-12-01',
      rectificationMonths: 1,
      suspensionDocumentNumber: '测应急停〔2026〕2号',
      suspensionDecisionDate: '2026-12-01',
    });

    const rectify = await h.engine.waitForUserTask(instanceId, 'RectifyHazard');
    // The enterprise reports its own 整改落实 (进贤方案二(一)2 五落实).
    expect(rectify.candidateGroups).toEqual([CandidateGroup.enterprise]);
    expect(instant(rectify.dueDate)).toBe(instant(listedDeadline.dueAt));
    expect(instant(rectify.followUpDate)).toBe(instant(listedDeadline.remindAt));
    const activities = (await h.engine.activityInstances(instanceId)).map((activity) => activity.activityId);
    expect(activities).toEqual(expect.arrayContaining(['CheckMandate', 'RecordSuspensionOrder', 'AdoptListedDeadline']));
    expect(activities).not.toContain('PlanRectificationDeadline');
    expect(activities).not.toContain('RecordHazard');
    const [order, ...more] = enforcementRows(finding.id);
    expect(more).toEqual([]);
    expect(order).toMatchObject({ kind: '责令停产整顿', unit_name: enterprise, deciding_organ: '测试县应急管理局', document_number: '测应急停〔2026〕2号' });

    // 五落实 of a rectification that takes time.
    await h.complete(instanceId, 'RectifyHazard', {
      rectificationMeasuresTaken: '已加装泄漏报警装置并联网',
      rectificationCompletedDate: '2027-03-01',
      rectificationMode: 'over-time',
      rectificationResponsiblePerson: '赵某（总经理）',
      rectificationMeasurePlan: '停产期间加装报警装置，委托第三方检测',
      rectificationFunds: '企业自筹 30 万元',
      rectificationTimeLimit: '2027-03-01',
      rectificationEmergencyPlan: '停产期间储罐清空，设专人值守',
    });
    const review = await h.complete(instanceId, 'ReviewRectification', {
      hazardReviewDecision: 'approve',
      hazardReviewComment: '报警装置经检测合格，同意复产并销号',
      reviewers: '钱复核、孙复核',
      reviewMethod: '现场核查',
      reviewDate: '2027-03-05',
      delistingDocumentNumber: '测安督销〔2027〕1号',
    });
    expect(review.candidateGroups).toEqual([CandidateGroup.leadDepartment]);
    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');

    const variables = await h.engine.processVariables(instanceId);
    expect(variables.delisting).toEqual({
      authority: '测试县安委会',
      listingDocumentNumber: '测安督〔2026〕7号',
      delistingDocumentNumber: '测安督销〔2027〕1号',
      delistedOn: '2027-03-05',
    });
    expect(variables.rectificationDeadline).toEqual(listedDeadline);
    const history = await h.ledger.statusHistory('finding', finding.id);
    const closing = history.find((change) => change.toStatus === '已销号');
    expect(closing!.note).toContain('已摘牌（测试县安委会挂牌督办，督办文号 测安督〔2026〕7号，摘牌文号 测安督销〔2027〕1号）');
    expect((await h.ledger.getFinding(finding.id))?.closure).toEqual({
      checkedBy: expect.stringContaining('钱复核、孙复核'),
      method: '现场核查',
      checkedOn: '2027-03-05',
      delisting: { on: '2027-03-05', documentNumber: '测安督销〔2027〕1号' },
    });
    expect(history.find((change) => change.toStatus === '整改中')!.note).toContain('责令停产停业整顿，整改期限 2027-06-01（挂牌督办期限）');
  });
});

describe(`${ProcessId.hazardRectification} called from a daily inspection`, () => {
  it('puts an overdue enterprise before the 业务监管部门, which decides 一案双罚; no 纪检 clue is started', async () => {
    await h.clock.pin('2026-12-14T09:30:00+08:00');
    const dailyId = await h.engine.startProcessInstance(ProcessId.dailyInspection, {});
    await h.complete(dailyId, 'DraftInspectionPlan', {
      planId: '测应急整改检〔2026〕1号',
      planTitle: '测试县2027年度安全生产监督检查计划（整改）',
      planningOrganKind: '业务监管部门',
      planYear: 2026,
      batchMode: 'single',
      inspectingOrgan: '测试县应急管理局',
      inspectionFocus: '隐患排查治理',
      randomTargetCount: 1,
      inspectorsPerTarget: 2,
      inspectionStartDate: '2026-12-14',
    });
    const inspections = await h.engine.waitForUserTasks(dailyId, 'InspectTarget', 2);
    for (const task of inspections) {
      const { assignment } = await h.engine.userTaskVariables(task.id, ['assignment']);
      const findings =
        (assignment as { targetId: string }).targetId === 'K01'
          ? [{ category: FindingCategory.general, description: '甲类仓库可燃气体报警器未定期检定', legalBasis: '安全生产法第三十六条' }]
          : [];
      await h.engine.completeUserTask(task, { inspectedDate: '2026-12-16', inspectionSummary: '检查隐患排查治理情况', inspectionFindings: findings });
    }
    await h.complete(dailyId, 'DecideEnforcement', { enforcementKind: 'none', decisionDate: '2026-12-18', decisionSummary: '责令限期整改。', seriousViolation: false });

    const [rectification] = await h.engine.waitForCalledInstances(dailyId, ProcessId.hazardRectification);
    const hazardId = rectification!.id;
    const diagnosis = await h.engine.waitForUserTask(hazardId, 'DiagnoseHazard');
    expect(diagnosis.candidateGroups).toEqual([CandidateGroup.regulatoryDepartment]);
    const { disposalOptions } = await h.engine.userTaskVariables(diagnosis.id, ['disposalOptions']);
    expect((disposalOptions as Array<{ value: string }>).map((option) => option.value)).toEqual(['限期整改', SUSPENSION, '移交有关部门依法处理']);
    await h.complete(hazardId, 'DiagnoseHazard', {
      causeAnalysis: '企业安全管理制度执行不到位',
      disposalMeasure: '限期整改',
      rectificationRequirement: '检定报警器并建立定期检定制度',
      diagnosisDate: '2026-12-18',
      rectificationMonths: 1,
    });
    const rectify = await h.engine.waitForUserTask(hazardId, 'RectifyHazard');
    expect(instant(rectify.dueDate)).toBe(instant('2027-01-18T18:00:00+08:00'));

    // The deadline passes: a reminder went out before, and now the case goes before the department that has the powers.
    await h.clock.pin('2027-01-19T09:00:00+08:00');
    const [escalation] = await h.engine.waitForCalledInstances(hazardId, ProcessId.overdueEscalation);
    const escalationId = escalation!.id;
    const passed = await h.engine.processVariables(escalationId);
    expect(passed).toMatchObject({
      overdueSubject: '问题隐患整改',
      overdueDueDate: '2027-01-18',
      decidingGroup: CandidateGroup.regulatoryDepartment,
      overdueParty: { name: '测试整改精细化工有限公司', kind: 'enterprise', receiver: CandidateGroup.enterprise, creditCode: '91360124RECT0001K' },
      processInstanceKey: hazardId,
    });
    const decision = await h.engine.waitForUserTask(escalationId, 'DecideEscalation');
    expect(decision.candidateGroups).toEqual([CandidateGroup.regulatoryDepartment]);
    const { measureOptions } = await h.engine.userTaskVariables(decision.id, ['measureOptions']);
    const offered = (measureOptions as Array<{ value: string }>).map((option) => option.value);
    expect(offered).toEqual([EscalationMeasure.deadlineRectification, EscalationMeasure.dualPenalty, EscalationMeasure.suspension, EscalationMeasure.closure]);
    await h.complete(escalationId, 'DecideEscalation', {
      escalationMeasure: EscalationMeasure.dualPenalty,
      escalationReason: '逾期未整改，报警器仍未检定。',
      principalName: '赵某',
      fineYuan: 50000,
      documentNumber: '（测）应急罚〔2027〕1号',
    });
    await h.engine.waitForProcessInstanceState(escalationId, 'COMPLETED');
    expect(await h.engine.waitForVariable(hazardId, 'escalationMeasure')).toBe(EscalationMeasure.dualPenalty);
    const [decided] = await h.ledger.listEscalationDecisions({ callerProcessInstanceKey: hazardId });
    expect(decided).toMatchObject({ measure: '一案双罚', partyKind: '企业', partyName: '测试整改精细化工有限公司', decidingGroup: CandidateGroup.regulatoryDepartment });

    // No 纪检 clue, by timer or by decision, and the rectification task is still the enterprise's to finish.
    expect(await h.engine.calledInstances(hazardId, ProcessId.clueTransfer)).toEqual([]);
    expect(await h.engine.calledInstances(escalationId, ProcessId.clueTransfer)).toEqual([]);
    expect((await h.engine.activityInstances(hazardId)).map((activity) => activity.activityId)).toEqual(
      expect.arrayContaining(['RectifyHazard_SendReminder', 'RectifyHazard_Escalation']),
    );
    await h.complete(hazardId, 'RectifyHazard', { rectificationMeasuresTaken: '报警器已检定并建立制度', rectificationCompletedDate: '2027-01-25', rectificationMode: 'immediate' });
    await h.complete(hazardId, 'ReviewRectification', {
      hazardReviewDecision: 'approve',
      hazardReviewComment: '现场复核整改到位',
      reviewers: '刘整改、陈整改',
      reviewMethod: '现场核查',
      reviewDate: '2027-01-26',
    });
    await h.engine.waitForProcessInstanceState(hazardId, 'COMPLETED');
    expect(await h.engine.calledInstances(hazardId, ProcessId.clueTransfer)).toEqual([]);
  });
});
