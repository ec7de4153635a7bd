/**
 * The special inspection (安全生产专项检查) on the test engine with the real
 * workers: the plain path of 江西办法第十七条 (方案报送安委办 → 检查 → 查处 or
 * 移交 → 重大事故隐患挂牌督办并抄送属地党委政府 → 工作报告 → 整改跟踪), the
 * follow-up start from a 综合督查 回头看 signal, and a campaign after seed 004
 * whose clock is pinned across two month-ends: four phase notices, 企业自查自报
 * (依法不予处罚 when reported and being fixed), 部门精准执法, and two monthly
 * 调度表 run through the called campaign-dispatch: the 牵头部门 and a member unit
 * each enter their items and submit a table counting only their own rows of this
 * campaign, and the 安委办 reviews the consolidated one.
 * Every task is completed by the demo login of the group it is offered to.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANUAL_FIELD_KEYS, SHEET_KEYS } from '../../../workers/campaign/dispatch-sheet.ts';
import { dispatchFields } from '../../../workers/campaign/dispatch-table.ts';
import { CandidateGroup, FindingCategory, FormId, MessageName, ProcessId, SignalName } from '../../../workers/contract.ts';
import { eventually, type ProcessInstance, type UserTask } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';
import { JINXIAN_EMERGENCY, JINXIAN_MARKET, jinxianCampaignPlan } from '../support/jinxian-campaign.ts';

const h = useEngineHarness({ smtp: true });

/** The open InspectEnterprise tasks by the enterprise each one is for (the multi-instance element variable). */
async function inspectionTasksByUnit(instanceId: string, count: number): Promise<Map<string, UserTask>> {
  const byUnit = new Map<string, UserTask>();
  for (const task of await h.engine.waitForUserTasks(instanceId, 'InspectEnterprise', count)) {
    const { enterprise } = await h.engine.userTaskVariables(task.id, ['enterprise']);
    byUnit.set((enterprise as { unitName: string }).unitName, task);
  }
  return byUnit;
}

/** 诊断分析 → 整改落实 → 复核销号 of one hazard-rectification instance. */
async function rectify(rectificationId: string, diagnosisDate: string): Promise<void> {
  await h.complete(rectificationId, 'DiagnoseHazard', {
    causeAnalysis: '企业主要负责人未落实隐患排查治理责任',
    disposalMeasure: '限期整改',
    rectificationRequirement: '立即整改并举一反三开展排查',
    diagnosisDate,
  });
  await h.complete(rectificationId, 'RectifyHazard', { rectificationMeasuresTaken: '已按要求整改完毕', rectificationCompletedDate: diagnosisDate });
  await h.complete(rectificationId, 'ReviewRectification', { hazardReviewDecision: 'approve', hazardReviewComment: '现场复核整改到位', reviewers: '牵头部门 孙复核', reviewMethod: '现场核查和资料审核', reviewDate: diagnosisDate });
  await h.engine.waitForProcessInstanceState(rectificationId, 'COMPLETED');
}

/** The text of the first received mail with this subject. */
function mailText(subject: string): string {
  const mail = h.smtp.received.find((received) => received.parsed.subject === subject);
  return mail?.parsed.text ?? '';
}

/** How often an element of the instance has completed (history). */
async function completedCount(instanceId: string, elementId: string): Promise<number> {
  return (await h.engine.activityInstances(instanceId)).filter((activity) => activity.activityId === elementId && activity.state === 'COMPLETED').length;
}

const ORGAN = '测试县应急管理局';
const CHEMICAL = '清江化工有限公司';
const FIREWORKS = '赣鑫烟花爆竹有限公司';
const JOINT = '测试县市场监督管理局';

describe(`${ProcessId.specialInspection}: 专项检查 main path`, () => {
  it('a joint inspection: checks the organisers, starts a rectification at once, copies every major hazard to 属地, the 安委会 lists one, 摘牌 at 销号', async () => {
    await h.clock.pin('2026-06-01T09:00:00+08:00');
    const key = await h.engine.startProcessInstance(ProcessId.specialInspection, {});
    const plan = {
      planTitle: '全县危险化学品和烟花爆竹安全专项检查方案',
      leadDepartmentName: ORGAN,
      organisedBy: '联合',
      jointDepartments: [] as Array<{ departmentName: string }>,
      planScope: '危险化学品储存、烟花爆竹生产企业重大事故隐患排查整治',
      industry: '危险化学品',
      planJurisdiction: '测试县',
      keyIndustry: true,
      planFiledDate: '2026-06-01',
      periodFrom: '2026-06-03',
      periodTo: '2026-06-19',
      campaignMode: false,
      enterprises: [
        { unitName: CHEMICAL, unitCreditCode: '91360124MA35ABCD1X', region: '温圳镇', inspectingDepartment: ORGAN },
        { unitName: FIREWORKS, unitCreditCode: '91360124MA35EFGH2Y', region: '李渡镇', inspectingDepartment: JOINT },
      ],
    };
    // A joint inspection (江西办法第十五条) must name the departments taking part; no 报备期 in 江西 (profile 0).
    const first = await h.engine.waitForUserTask(key, 'DraftInspectionPlan');
    await h.engine.completeUserTask(first, plan);
    const again = await eventually('the plan sent back for its missing joint departments', async () => {
      const task = await h.engine.waitForUserTask(key, 'DraftInspectionPlan');
      return task.id === first.id ? undefined : task;
    });
    const comment = await h.engine.waitForVariable<string>(key, 'planReviewComment');
    expect(comment).toContain('联合组织的须列明参加部门');
    expect(comment).not.toContain('检查开始日期应不早于');
    await h.engine.completeUserTask(again, { ...plan, jointDepartments: [{ departmentName: JOINT }] });
    await h.waitForMail('the plan filed with the 安委办', (subject) => subject === `关于报送《${plan.planTitle}》的报告`);
    expect(mailText(`关于报送《${plan.planTitle}》的报告`)).toContain(`${ORGAN}会同${JOINT}`);
    expect(await completedCount(key, 'ComputeEarliestStart')).toBe(0);

    const tasks = await inspectionTasksByUnit(key, 2);
    const inspectionDeadline = await h.engine.waitForVariable<Record<string, string>>(key, 'inspectionDeadline');
    expect(tasks.get(CHEMICAL)!.candidateGroups).toEqual(['jiancha-zu']);
    expect(new Date(tasks.get(CHEMICAL)!.dueDate!).toISOString()).toBe(new Date(inspectionDeadline.dueAt!).toISOString());
    expect((await h.engine.userTaskVariables(tasks.get(FIREWORKS)!.id, ['inspectingDepartment']))['inspectingDepartment']).toBe(JOINT);
    await h.engine.completeUserTask(tasks.get(CHEMICAL)!, {
      inspectionKind: '执法检查',
      inspectedDate: '2026-06-10',
      inspectingDepartment: ORGAN,
      inspectorNames: '张检查、李检查',
      inspectorSignedDate: '2026-06-10',
      inspectionSummary: '检查储罐区、装卸作业和仓库',
      problems: [
        {
          category: FindingCategory.general,
          description: '液氯装卸作业未执行双人确认制度',
          disposal: '查处',
          penaltyKind: '行政处罚',
          fineYuan: 30000,
          documentNumber: '测应急罚〔2026〕12号',
          decidedDate: '2026-06-12',
        },
        { category: FindingCategory.illegalProduction, description: '厂外租用仓库无证储存危险化学品（属市场监管部门管辖）', disposal: '移交' },
      ],
    });

    // 第十七条(四): the penalised hazard's rectification starts at once, while the other enterprise is still being inspected.
    const [general] = await h.engine.waitForCalledInstances(key, ProcessId.hazardRectification, 1);
    expect(await h.engine.openUserTasks(key, 'InspectEnterprise')).toHaveLength(1);
    expect(await h.engine.openUserTasks(key, 'WriteInspectionReport')).toHaveLength(0);
    const diagnosis = await h.engine.waitForUserTask(general!.id, 'DiagnoseHazard');
    expect(diagnosis.candidateGroups).toEqual(['qiantou-bumen']);
    await rectify(general!.id, '2026-06-11');

    await h.engine.completeUserTask(tasks.get(FIREWORKS)!, {
      inspectionKind: '执法检查',
      inspectedDate: '2026-06-11',
      inspectingDepartment: JOINT,
      inspectorNames: '王检查',
      inspectorSignedDate: '2026-06-11',
      problems: [
        {
          category: FindingCategory.majorHazard,
          description: '药物混合工房超员超量生产',
          disposal: '查处',
          penaltyKind: '责令停产整顿',
          documentNumber: '测应急停〔2026〕3号',
          decidedDate: '2026-06-11',
        },
        { category: FindingCategory.majorHazard, description: '厂区内违规建设的液化气储罐（属住建部门管辖）', disposal: '移交' },
      ],
    });

    // Both major hazards, the transferred one too, are copied to the 属地党委政府; the 安委会 decides the listing of the one it tracks.
    const listing = await h.engine.waitForUserTask(key, 'DecideMajorHazardListing');
    expect(listing.candidateGroups).toEqual(['anweihui']);
    expect(await h.engine.openUserTasks(key, 'DecideMajorHazardListing')).toHaveLength(1);
    await h.engine.completeUserTask(listing, { listingDecision: 'list', listingDocumentNumber: '测安督〔2026〕1号', listingComment: '同意挂牌督办' });
    await h.waitForMail('the listing notice', (subject) => subject === `关于对${FIREWORKS}重大事故隐患挂牌督办的通知`);
    const copies = await eventually('two major-hazard copies to the 属地', async () => {
      const found = (await h.ledger.listNotifications({})).filter((notification) => notification.processInstanceKey === key && notification.noticeType === 'major-hazard-copy' && notification.recipient === 'local-party-government');
      return found.length === 2 ? found : undefined;
    });
    expect(copies).toHaveLength(2);
    expect(h.subjects().filter((subject) => subject === `关于抄送${FIREWORKS}重大事故隐患跟踪督办的函`).length).toBeGreaterThanOrEqual(2);

    // 移交有管辖权的部门 through clue-transfer, twice.
    const transfers = await h.engine.waitForCalledInstances(key, ProcessId.clueTransfer, 2);
    for (const transfer of transfers) {
      const letter = await h.engine.waitForVariable<Record<string, string>>(transfer.id, 'transferLetter');
      expect(letter.receiverName).toBe('有管辖权的部门');
      await h.complete(transfer.id, 'ReviewTransferLetter', { transferDecision: 'approve', transferReviewComment: '同意移交' });
      const transferId = await h.engine.waitForVariable<string>(transfer.id, 'transferId');
      await h.engine.publishMessage(MessageName.transferReceiptReceived, { transferId }, { receipt: { receivedAt: '2026-06-15T10:00:00+08:00', note: '已收悉' } });
      await h.complete(transfer.id, 'RecordTransferOutcome', { transferOutcome: '已立案查处', transferHandledBy: '测试县有关部门' });
      await h.engine.waitForProcessInstanceState(transfer.id, 'COMPLETED');
    }

    // 检查结束 on 06-11: the report is due 10 working days later, skipping 端午 (06-19).
    const reportTask = await h.engine.waitForUserTask(key, 'WriteInspectionReport');
    expect(reportTask.candidateGroups).toEqual(['qiantou-bumen']);
    expect(new Date(reportTask.dueDate!).toISOString()).toBe('2026-06-26T10:00:00.000Z');
    const { findingCount } = await h.engine.userTaskVariables(reportTask.id, ['findingCount']);
    expect(findingCount).toBe(4);
    const reportSummary = '联合检查企业2家，查处问题隐患2项，移交2项，重大事故隐患2项均抄送属地，挂牌督办1项。';
    await h.engine.completeUserTask(reportTask, { reportTitle: '全县危险化学品和烟花爆竹安全专项检查情况', reportSummary, reportDate: '2026-06-22' });
    await h.waitForMail('the work report to the 安委办', (subject) => subject === '关于全县危险化学品和烟花爆竹安全专项检查情况的报告');

    // 典型执法案例 and 重大隐患曝光 are published only as the 安委办 approved them (进贤方案二(二)3、二(三)3).
    const review = await h.engine.waitForUserTask(key, 'ReviewPublication');
    expect(review.candidateGroups).toEqual(['anwei-ban']);
    await h.engine.completeUserTask(review, {
      publishCases: true,
      casesSummary: '测试县应急管理局对清江化工有限公司液氯装卸作业未执行双人确认制度依法罚款3万元。',
      publishExposure: true,
      exposureSummary: '赣鑫烟花爆竹有限公司药物混合工房超员超量生产，已责令停产整顿并挂牌督办。',
      publicationReviewer: '安委办 赵审核',
      publicationReviewedDate: '2026-06-23',
    });
    const disclosures = await eventually('the two publications', async () => {
      const found = await h.ledger.listDisclosures({ processInstanceKey: key });
      return found.length === 2 ? found : undefined;
    });
    expect(disclosures.map((disclosure) => disclosure.kind).sort()).toEqual(['典型执法案例', '问题隐患曝光'].sort());

    // The listed major hazard: its rectification uses the listing's deadline and ends with 摘牌.
    const rectifications = await h.engine.waitForCalledInstances(key, ProcessId.hazardRectification, 2);
    const listed = rectifications.find((instance) => instance.id !== general!.id)!;
    expect((await h.engine.waitForVariable<Record<string, string>>(listed.id, 'listing')).documentNumber).toBe('测安督〔2026〕1号');
    await rectify(listed.id, '2026-06-29');

    await h.engine.waitForProcessInstanceState(key, 'COMPLETED');
    expect(await h.engine.incidentHistory(key)).toEqual([]);
    await h.engine.waitForCompletedElements(key, ['FilePlanWithSafetyOffice', 'ProblemRecordPenaltyDecision', 'CopyToLocalGovernment', 'DecideMajorHazardListing', 'ListMajorHazard', 'SendWorkReport', 'InspectionCompleted']);
    expect(await completedCount(key, 'IssueCommitteePlan')).toBe(0);
    expect(await h.engine.waitForVariable(key, 'inspectionResult')).toEqual({ conclusion: reportSummary, findingCount: 4, majorHazardCount: 2, completedOn: '2026-06-22' });

    // The ledger: four findings from the department's inspection; the listed one delisted at 销号.
    const findings = (await h.ledger.listFindings()).filter((finding) => finding.processInstanceKey === key);
    expect(findings.map((finding) => finding.source)).toEqual(['部门检查', '部门检查', '部门检查', '部门检查']);
    const majors = findings.filter((finding) => finding.category === FindingCategory.majorHazard);
    expect(majors).toHaveLength(2);
    const major = majors.find((finding) => finding.listing !== null)!;
    expect(major.unitName).toBe(FIREWORKS);
    expect(major.listing!.documentNumber).toBe('测安督〔2026〕1号');
    expect(major.status).toBe('已销号');
    expect(major.closure!.delisting).toMatchObject({ on: '2026-06-29' });
    expect(majors.find((finding) => finding !== major)!.status).toBe('已移交');
    expect(findings.find((finding) => finding.category === FindingCategory.general)!.status).toBe('已销号');
    const june = await h.ledger.summarize({ from: '2026-06-01T00:00:00+08:00', before: '2026-07-01T00:00:00+08:00' });
    expect(june.enforcementByKind['行政处罚']).toMatchObject({ count: 1, fineYuan: 30000 });
    expect(june.enforcementByKind['责令停产整顿']).toMatchObject({ count: 1, units: 1 });
    expect(june.enterprisesByInspectionKind['执法检查']).toBe(2);

    const notifications = (await h.ledger.listNotifications({})).filter((notification) => notification.processInstanceKey === key);
    const sent = (type: string) => notifications.filter((notification) => notification.noticeType === type).map((notification) => notification.recipient);
    expect(sent('plan-filing')).toEqual(['anwei-ban']);
    expect(sent('major-hazard-listing')).toEqual(expect.arrayContaining(['local-party-government']));
    expect(sent('work-report')).toEqual(['anwei-ban']);
  });

  it('an inspection organised by the 安委会 is issued by it to the member units, not filed', async () => {
    await h.clock.pin('2026-06-01T09:00:00+08:00');
    const key = await h.engine.startProcessInstance(ProcessId.specialInspection, {});
    await h.complete(key, 'DraftInspectionPlan', {
      planTitle: '全县城镇燃气安全专项检查',
      leadDepartmentName: '测试县住房和城乡建设局',
      organisedBy: '安委会',
      planDocumentNumber: '测安委〔2026〕7号',
      planScope: '瓶装液化石油气充装站、餐饮场所',
      industry: '城镇燃气',
      planJurisdiction: '测试县',
      keyIndustry: true,
      planFiledDate: '2026-06-01',
      periodFrom: '2026-06-02',
      periodTo: '2026-06-30',
      campaignMode: false,
      enterprises: [],
    });
    await h.waitForMail('the 安委会 notice', (subject) => subject === '关于开展全县城镇燃气安全专项检查的通知');
    expect(mailText('关于开展全县城镇燃气安全专项检查的通知')).toContain('测安委〔2026〕7号');
    await h.engine.waitForCompletedElements(key, ['IssueCommitteePlan']);
    expect(await completedCount(key, 'FilePlanWithSafetyOffice')).toBe(0);
    await h.engine.cancelWhenQuiet(key);
  });

  it('sends back a second plan for a 重点行业领域 whose yearly cycle another inspection covers, unless confirmed (第十五条)', async () => {
    await h.clock.pin('2026-06-01T09:00:00+08:00');
    const plan = {
      planTitle: '全县粉尘涉爆企业专项检查',
      leadDepartmentName: ORGAN,
      planScope: '粉尘涉爆企业除尘系统',
      industry: '工贸（粉尘涉爆）',
      planJurisdiction: '测试县',
      keyIndustry: true,
      planFiledDate: '2026-06-01',
      periodFrom: '2026-06-02',
      periodTo: '2026-06-30',
      campaignMode: false,
      enterprises: [],
    };
    const first = await h.engine.startProcessInstance(ProcessId.specialInspection, {});
    await h.complete(first, 'DraftInspectionPlan', plan);
    await h.engine.waitForCompletedElements(first, ['RecordInspectionPlan', 'FilePlanWithSafetyOffice']);

    const second = await h.engine.startProcessInstance(ProcessId.specialInspection, {});
    const draft = await h.engine.waitForUserTask(second, 'DraftInspectionPlan');
    await h.engine.completeUserTask(draft, { ...plan, planTitle: '粉尘涉爆企业复查', periodFrom: '2026-09-01', periodTo: '2026-09-30' });
    const redraft = await eventually('the second plan sent back', async () => {
      const task = await h.engine.waitForUserTask(second, 'DraftInspectionPlan');
      return task.id === draft.id ? undefined : task;
    });
    const comment = await h.engine.waitForVariable<string>(second, 'planReviewComment');
    expect(comment).toContain(`${ORGAN}《全县粉尘涉爆企业专项检查》（2026年）`);
    expect(comment).toContain('重点行业领域每年至少1次');
    await h.engine.completeUserTask(redraft, { ...plan, planTitle: '粉尘涉爆企业复查', periodFrom: '2026-09-01', periodTo: '2026-09-30', repeatInCycle: true });
    await h.engine.waitForCompletedElements(second, ['FilePlanWithSafetyOffice']);
    expect((await h.ledger.listInspectionPlans({ industry: '工贸（粉尘涉爆）', jurisdiction: '测试县' })).map((entry) => entry.planTitle)).toEqual([
      '全县粉尘涉爆企业专项检查',
      '粉尘涉爆企业复查',
    ]);
    for (const key of [first, second]) await h.engine.cancelWhenQuiet(key);
  });

  it('starts from a 综合督查 回头看 signal and shows the follow-up on the plan form', async () => {
    const followUp = {
      sourceProcess: ProcessId.comprehensiveSupervision,
      sourceInstanceKey: '5f3c2a1e-7d4b-11f0-9a2c-0242ac120002',
      unitName: '测试县住房和城乡建设局',
      subject: '综合督查发现燃气安全监管薄弱，回头看发起专项检查',
      focus: '瓶装液化石油气充装站、餐饮场所燃气安全',
    };
    await h.engine.broadcastSignal(SignalName.specialInspectionFollowUp, { followUp });
    const key = await eventually('the special inspection started by the signal', async () => {
      for (const instance of await h.engine.processInstancesOf(ProcessId.specialInspection)) {
        if (instance.state !== 'ACTIVE') continue;
        const variables = await h.engine.processVariables(instance.id);
        if ((variables['followUp'] as typeof followUp | undefined)?.sourceInstanceKey === followUp.sourceInstanceKey) return instance.id;
      }
      return undefined;
    });
    const planTask = await h.engine.waitForUserTask(key, 'DraftInspectionPlan');
    expect(planTask.candidateGroups).toEqual(['qiantou-bumen']);
    const { followUp: shown } = await h.engine.userTaskVariables(planTask.id, ['followUp']);
    expect(shown).toEqual(followUp);
    // The form Tasklist renders for this task (camunda:formRef) shows the follow-up's subject.
    expect(planTask.formId).toBe(FormId.specialInspectionPlan);
    const schema = await h.engine.formSchema(planTask.id);
    expect(schema['id']).toBe(FormId.specialInspectionPlan);
    expect(JSON.stringify(schema)).toContain('{{followUp.subject}}');
    await h.engine.waitForCompletedElements(key, ['FollowUpRequested', 'LoadJurisdictionProfile']);
    await h.engine.cancelProcessInstance(key);
    await h.engine.waitForProcessInstanceState(key, 'CANCELED');
  });
});

const EMERGENCY = JINXIAN_EMERGENCY;
const MARKET = JINXIAN_MARKET;

/** The items of the 调度表 the ledger cannot know, as a 填报单位 enters them in its form. */
function entries(base: number): Record<string, unknown> {
  return Object.fromEntries(
    MANUAL_FIELD_KEYS.map((key, index) => [key, key === 'mediaSafetyColumn' ? (base === 1 ? '是' : '否') : key.endsWith('WanYuan') ? base / 10 : base + index]),
  );
}

/** The campaign-dispatch instance special-inspection called for one month (business key <campaignId>/<YYYY-MM>). */
async function dispatchOf(parentId: string, campaignId: string, month: string): Promise<ProcessInstance> {
  const called = await h.engine.waitForCalledInstances(parentId, ProcessId.campaignDispatch, 2);
  const instance = called.find((candidate) => candidate.businessKey === `${campaignId}/${month}`);
  expect(instance, month).toBeDefined();
  return instance!;
}

/**
 * One month's 调度表 in the called campaign-dispatch: each 填报单位's task, completed by the tianbao-danwei login
 * with the unit's entries (the 牵头部门 base 1, the member unit base 2), then the 安委办's review of the
 * consolidated table with its 文号. Returns the tasks' due dates and the drafts the units saw, by unit.
 */
async function reportMonth(dispatch: ProcessInstance, documentNumber: string): Promise<{ dueDates: Set<string>; drafts: Map<string, Record<string, unknown>> }> {
  const dueDates = new Set<string>();
  const drafts = new Map<string, Record<string, unknown>>();
  for (const task of await h.engine.waitForUserTasks(dispatch.id, 'ReportUnitTable', 2)) {
    expect(task.candidateGroups).toEqual([CandidateGroup.reportingUnit]);
    dueDates.add(new Date(task.dueDate!).toISOString());
    const { reportingUnit, unitTable } = await h.engine.userTaskVariables(task.id, ['reportingUnit', 'unitTable']);
    const unit = (reportingUnit as { id: string }).id;
    drafts.set(unit, (unitTable as { fields: Record<string, unknown> }).fields);
    await h.engine.completeUserTask(task, { ...entries(unit === EMERGENCY ? 1 : 2), unitFilledBy: `${unit} 填报员` });
  }
  const review = await h.engine.waitForUserTask(dispatch.id, 'ReviewConsolidatedTable');
  expect(review.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
  await h.engine.completeUserTask(review, { dispatchDocumentNumber: documentNumber, consolidatedReviewer: '进贤县安委办 陈欣', consolidatedConfirmed: true });
  await h.engine.waitForProcessInstanceState(dispatch.id, 'COMPLETED');
  return { dueDates, drafts };
}

/**
 * The month's submissions in the ledger: each unit's table holds exactly the ledger's count of that unit's rows
 * of this campaign (up to the due day) and the items it entered; the consolidated table adds them up.
 */
async function checkSubmissions(campaignId: string, month: string, before: string): Promise<Record<string, Record<string, unknown>>> {
  const rows = await h.ledger.listDispatchSubmissions({ campaignId, dispatchMonth: month });
  expect(rows.map((row) => [row.kind, row.reportingUnitId]).sort()).toEqual([['填报单位', EMERGENCY], ['填报单位', MARKET], ['汇总', null]].sort());
  const byUnit: Record<string, Record<string, unknown>> = {};
  for (const [unit, base] of [[EMERGENCY, 1], [MARKET, 2]] as const) {
    const row = rows.find((candidate) => candidate.reportingUnitId === unit)!;
    expect(row.submittedBy).toBe(`${unit} 填报员`);
    const counted = dispatchFields(await h.ledger.summarize({ from: '2026-06-25T00:00:00+08:00', before }, { campaignId, reportingUnitId: unit }));
    const entered = entries(base);
    for (const key of SHEET_KEYS) {
      const expected = MANUAL_FIELD_KEYS.includes(key) ? (key === 'mediaSafetyColumn' ? entered[key] === '是' : entered[key]) : counted[key];
      expect(row.fields[key], `${month} ${unit} ${key}`).toEqual(expected);
    }
    byUnit[unit] = row.fields;
  }
  const total = rows.find((row) => row.kind === '汇总')!;
  expect(total.reportingUnitName).toBe('进贤县安委办');
  expect(total.fields).toMatchObject({
    selfFoundMajorHazards: Number(byUnit[EMERGENCY]!['selfFoundMajorHazards']) + Number(byUnit[MARKET]!['selfFoundMajorHazards']),
    principalNotStudying: Number(entries(1)['principalNotStudying']) + Number(entries(2)['principalNotStudying']),
    mediaSafetyColumn: true,
  });
  byUnit['汇总'] = total.fields;
  return byUnit;
}

/** Waits until the `phase`-th phase's start timer is armed (the history shows its PhaseBegins instance waiting). */
async function waitForPhaseTimer(instanceId: string, phase: number): Promise<void> {
  await eventually(`the timer of campaign phase ${phase}`, async () => {
    const timers = (await h.engine.activityInstances(instanceId)).filter((activity) => activity.activityId === 'PhaseBegins');
    return timers.length >= phase && timers.some((activity) => activity.state === 'ACTIVE') ? true : undefined;
  });
}

describe(`${ProcessId.specialInspection}: 专项整治行动 across two month-ends`, () => {
  it('announces the phases, takes self-reports without penalty, and has each unit report its two 调度表 through campaign-dispatch', async () => {
    await h.clock.pin('2026-06-22T09:00:00+08:00');
    const campaignId = 'jinxian-2026-major-hazards';
    const campaignName = '进贤县重大事故隐患专项排查整治2026行动';
    // Another campaign runs in parallel: its row for the same unit never counts in this campaign's tables.
    await h.ledger.recordFinding({
      idempotencyKey: 'special-inspection-test:other-campaign',
      category: FindingCategory.majorHazard,
      source: '企业自查',
      unitName: '进贤县燃气有限公司',
      description: '燃气管道未设置泄漏报警装置',
      foundAt: '2026-07-02T10:00:00+08:00',
      campaignId: 'jinxian-2026-gas',
      reportingUnitId: EMERGENCY,
    });
    const key = await h.engine.startProcessInstance(ProcessId.specialInspection, {});
    await h.complete(key, 'DraftInspectionPlan', jinxianCampaignPlan({ campaignId, campaignName, selfCheckStart: '2026-07-01', enforcementStart: '2026-08-01', summaryStart: '2026-09-01', periodTo: '2026-09-15' }));
    const schedule = await h.engine.waitForVariable<{ months: Array<Record<string, string>>; phases: Array<Record<string, string>>; reportingUnits: unknown }>(key, 'campaignSchedule');
    // The 牵头部门 and each member unit report, by the name the recording tasks write as reportingUnitId.
    expect(schedule.reportingUnits).toEqual([{ id: EMERGENCY, name: EMERGENCY }, { id: MARKET, name: MARKET }]);
    expect(schedule.months.map((month) => [month.month, month.dueDate, month.movedFrom ?? null])).toEqual([
      ['2026-07', '2026-07-23', null],
      ['2026-08', '2026-08-24', '2026-08-23'],
    ]);
    const phaseMail = (phase: string) => (subject: string) => subject === `关于${campaignName}进入“${phase}”阶段的通知`;

    // A sequential phase arms its timer only after the previous notice went out: pin the clock once it is armed.
    await waitForPhaseTimer(key, 1);
    await h.clock.pin('2026-06-25T09:01:00+08:00');
    await h.waitForMail('the 动员部署 notice', phaseMail('动员部署'));
    await waitForPhaseTimer(key, 2);
    await h.clock.pin('2026-07-01T09:01:00+08:00');
    await h.waitForMail('the 企业自查自改和部门帮扶 notice', phaseMail('企业自查自改和部门帮扶'));
    expect(h.subjects().some(phaseMail('部门精准执法'))).toBe(false);

    // 部门帮扶 of key areas and enterprises during 企业自查自改 (进贤方案三(二)), due when 部门精准执法 begins; no enforcement inspection yet.
    const assistance = await h.engine.waitForUserTask(key, 'RecordAssistance');
    expect(assistance.candidateGroups).toEqual(['qiantou-bumen']);
    expect(new Date(assistance.dueDate!).toISOString()).toBe(new Date(schedule.phases[2]!.startAt!).toISOString());
    expect(await h.engine.openUserTasks(key, 'InspectEnterprise')).toHaveLength(0);
    await h.engine.completeUserTask(assistance, {
      assistedAreas: [{ areaName: '温圳镇', assistingUnit: '进贤县应急管理局', assistedDate: '2026-07-03', content: '指导建立重大事故隐患台账' }],
      assistedEnterprises: [
        { unitName: '进贤县温圳花炮厂', unitCreditCode: '91360124MA35NOPQ4A', region: '温圳镇', assistingUnit: '进贤县应急管理局', assistedDate: '2026-07-03', content: '专家指导中转库储存管理' },
      ],
    });
    await h.engine.waitForCompletedElements(key, ['RecordAssistedEnterprise']);
    const assisted = await h.ledger.summarize({ from: '2026-07-01T00:00:00+08:00', before: '2026-07-04T00:00:00+08:00' });
    expect(assisted.enterprisesByInspectionKind['帮扶指导']).toBe(1);

    // 企业自查自报: the department verifies one as reported and being fixed (依法不予处罚); the other says so too, but the
    // 核实 finds it was not reported as required, so it is penalised (一案双罚): the enterprise's own flag is not enough.
    await h.clock.pin('2026-07-08T10:00:00+08:00');
    await h.engine.publishMessage(MessageName.campaignSelfReportReceived, { campaignId }, {
      selfReport: {
        unitName: '进贤县温圳花炮厂',
        unitCreditCode: '91360124MA35NOPQ4A',
        region: '温圳镇',
        category: FindingCategory.majorHazard,
        description: '企业自查：中转库超量储存',
        reportedAt: '2026-07-08T10:00:00+08:00',
        rectifying: true,
        measures: '已停止进货并清运超量成品，限期7日内完成',
      },
    });
    await h.engine.publishMessage(MessageName.campaignSelfReportReceived, { campaignId }, {
      selfReport: {
        unitName: '进贤县李渡机械厂',
        region: '李渡镇',
        category: FindingCategory.majorHazard,
        description: '企业自查：有限空间作业未审批',
        reportedAt: '2026-07-09T15:00:00+08:00',
        rectifying: true,
        measures: '正在整改',
      },
    });
    const verifications = await h.engine.waitForUserTasks(key, 'VerifySelfReport', 2);
    for (const verification of verifications) {
      expect(verification.candidateGroups).toEqual(['qiantou-bumen']);
      const { selfReport } = await h.engine.userTaskVariables(verification.id, ['selfReport']);
      const fireworks = (selfReport as { unitName: string }).unitName === '进贤县温圳花炮厂';
      await h.engine.completeUserTask(verification, fireworks
        ? { selfReportVerification: 'verified', verificationMethod: '现场核查', verifiedBy: '进贤县应急管理局 周核实', verifiedDate: '2026-07-10', verificationNote: '已停止进货，超量成品正在清运' }
        : { selfReportVerification: 'not-reported', verificationMethod: '查阅报告记录', verifiedBy: '进贤县应急管理局 周核实', verifiedDate: '2026-07-10', verificationNote: '隐患发现后未按规定报告，现场未采取措施' });
    }
    const decision = await h.engine.waitForUserTask(key, 'DecideSelfReportEnforcement');
    expect(decision.candidateGroups).toEqual(['jiancha-zu']);
    await h.engine.completeUserTask(decision, {
      penaltyKind: '一案双罚',
      decidingOrgan: '进贤县应急管理局',
      enterprisePenalty: '罚款人民币10万元',
      enterpriseFineYuan: 100000,
      responsiblePersons: [{ role: '主要负责人', name: '主要负责人甲', penalty: '罚款人民币5万元', fineYuan: 50000 }],
      fineYuan: 150000,
      personCount: 1,
      documentNumber: '进应急罚〔2026〕21号',
      decidedDate: '2026-07-15',
    });
    const selfRectifications = await h.engine.waitForCalledInstances(key, ProcessId.hazardRectification, 2);
    const selfFindings = await eventually('the two self-reported hazards in the ledger', async () => {
      const found = (await h.ledger.listFindings()).filter((finding) => finding.source === '企业自查' && finding.campaignId === campaignId);
      return found.length === 2 ? found : undefined;
    });
    const fixing = selfFindings.find((finding) => finding.unitName === '进贤县温圳花炮厂')!;
    expect(fixing.foundAt).toBe('2026-07-08T02:00:00.000Z');
    expect(fixing.status).toBe('整改中');
    const history = await h.ledger.statusHistory('finding', fixing.id);
    expect(history.map((change) => change.note).join('')).toContain('依法不予行政处罚');
    expect(history.map((change) => change.note).join('')).toContain('进贤方案二(二)3');
    expect(history.map((change) => change.note).join('')).toContain('周核实');

    // The July table (campaign-dispatch, one instance a month): the units' work opens 3 working days before Thursday 07-23.
    const julyDispatch = await dispatchOf(key, campaignId, '2026-07');
    await h.engine.waitForVariable(julyDispatch.id, 'dispatchDue');
    await h.clock.pin('2026-07-20T09:01:00+08:00');
    const july = await reportMonth(julyDispatch, '进安办字〔2026〕7号');
    expect([...july.dueDates]).toEqual(['2026-07-23T10:00:00.000Z']);
    // The draft each unit saw: the 牵头部门 has both self-reported hazards and the 一案双罚, the member unit nothing yet.
    expect(july.drafts.get(EMERGENCY)).toMatchObject({ selfFoundMajorHazards: 2, doublePenaltyCases: 1, departmentFoundMajorHazards: 0, principalNotStudying: null });
    expect(july.drafts.get(MARKET)).toMatchObject({ selfFoundMajorHazards: 0, doublePenaltyCases: 0, enterprisesSpotChecked: 0 });
    const julyTables = await checkSubmissions(campaignId, '2026-07', '2026-07-23T00:00:00+08:00');
    expect(julyTables[EMERGENCY]).toMatchObject({ selfFoundMajorHazards: 2, selfFoundMajorHazardsRectified: 0, administrativePenalties: 0, doublePenaltyCases: 1 });
    expect(julyTables['汇总']).toMatchObject({ selfFoundMajorHazards: 2, doublePenaltyCases: 1 });
    const julySheet = path.join(h.config.reportsDirectory, campaignId, '2026-07');
    const julyConsolidated = readFileSync(path.join(julySheet, 'consolidated.csv'), 'utf8');
    expect(julyConsolidated).toContain('文号：进安办字〔2026〕7号');
    expect(julyConsolidated).toContain('进府办发〔2026〕25号附件');
    expect(julyConsolidated).toContain(`汇总：${EMERGENCY}、${MARKET}`);
    expect(readFileSync(path.join(julySheet, `unit-${MARKET}.html`), 'utf8')).toContain(`（${MARKET}）`);

    // 部门精准执法 from 08-01: the department's spot check finds a major hazard and imposes a fine.
    await waitForPhaseTimer(key, 3);
    await h.clock.pin('2026-08-01T09:01:00+08:00');
    await h.waitForMail('the 部门精准执法 notice', phaseMail('部门精准执法'));
    const [inspection] = await h.engine.waitForUserTasks(key, 'InspectEnterprise', 1);
    // The enforcement phase's own length bounds the inspection: due when 总结提高 begins (进贤方案三(三)(四)).
    expect(new Date(inspection!.dueDate!).toISOString()).toBe(new Date(schedule.phases[3]!.startAt!).toISOString());
    await h.engine.completeUserTask(inspection!, {
      inspectionKind: '抽查检查',
      inspectedDate: '2026-08-05',
      inspectingDepartment: MARKET,
      inspectorNames: '吴检查',
      inspectorSignedDate: '2026-08-05',
      inspectionSummary: '抽查企业自查自改情况',
      problems: [
        {
          category: FindingCategory.majorHazard,
          description: '重大危险源罐区未设置紧急切断装置',
          disposal: '查处',
          penaltyKind: '行政处罚',
          fineYuan: 50000,
          documentNumber: '进应急罚〔2026〕35号',
          decidedDate: '2026-08-06',
        },
        { category: FindingCategory.general, description: '安全警示标志缺失', disposal: '查处', penaltyKind: '不予处罚', noPenaltyReason: '当场整改完毕' },
      ],
    });
    await h.complete(key, 'DecideMajorHazardListing', { listingDecision: 'list', listingDocumentNumber: '' });
    await h.engine.waitForCompletedElements(key, ['CopyToLocalGovernment', 'ListMajorHazard', 'SendListingNotice', 'RecordNoPenaltyReason']);

    // The August table: 08-23 is a Sunday, so it is due Monday 08-24; the units' work opens 08-19.
    const augustDispatch = await dispatchOf(key, campaignId, '2026-08');
    await h.clock.pin('2026-08-19T09:01:00+08:00');
    const august = await reportMonth(augustDispatch, '进安办字〔2026〕9号');
    expect([...august.dueDates]).toEqual(['2026-08-24T10:00:00.000Z']);
    const augustTables = await checkSubmissions(campaignId, '2026-08', '2026-08-24T00:00:00+08:00');
    // The member unit's spot check counts in its own table only; the 牵头部门's table is what it was.
    expect(augustTables[MARKET]).toMatchObject({ selfFoundMajorHazards: 0, departmentFoundMajorHazards: 1, enterprisesSpotChecked: 1, administrativePenalties: 1, administrativePenaltyFinesWanYuan: 5, doublePenaltyCases: 0 });
    expect(augustTables[EMERGENCY]).toMatchObject({ selfFoundMajorHazards: 2, departmentFoundMajorHazards: 0, enterprisesSpotChecked: 0, administrativePenalties: 0, doublePenaltyCases: 1 });
    expect(augustTables['汇总']).toMatchObject({ selfFoundMajorHazards: 2, departmentFoundMajorHazards: 1, administrativePenalties: 1, doublePenaltyCases: 1 });
    const augustHtml = readFileSync(path.join(h.config.reportsDirectory, campaignId, '2026-08', 'consolidated.html'), 'utf8');
    expect(augustHtml).toContain('2026年8月23日非工作日，遇节假日顺延');
    expect(augustHtml).toContain('文号：进安办字〔2026〕9号');

    // 总结提高 from 09-01: the self-reports are rectified, the campaign closes, the summary report goes to the 安委办.
    await waitForPhaseTimer(key, 4);
    await h.clock.pin('2026-09-01T09:01:00+08:00');
    await h.waitForMail('the 总结提高 notice', phaseMail('总结提高'));
    // The third-quarter 季通报 (进贤方案四(三)), due 08-25 after the August table: both units reported on time, nobody to 约谈.
    const circular = await h.engine.waitForUserTask(key, 'DecideQuarterlyCircular');
    await h.engine.completeUserTask(circular, { circularNumber: '进安办字〔2026〕10号', circularIssuedBy: '进贤县安委办 陈欣', accountabilityDecisions: [] });
    await h.waitForMail('the 季通报', (subject) => subject === `关于${campaignName}2026年第三季度工作进展情况的通报`);
    for (const rectification of selfRectifications) await rectify(rectification.id, '2026-09-01');
    const report = await h.engine.waitForUserTask(key, 'WriteInspectionReport');
    const reportDeadline = await h.engine.waitForVariable<Record<string, string>>(key, 'reportDeadline');
    expect(reportDeadline.from).toBe('2026-09-01');
    await h.engine.completeUserTask(report, { reportTitle: `${campaignName}总结`, reportSummary: '四个阶段按期完成，企业自查重大事故隐患2个，部门检查发现1个。', reportDate: '2026-09-03' });
    await h.complete(key, 'ReviewPublication', { publishCases: false, publishExposure: false, publicationReviewer: '进贤县安委办 陈欣', publicationReviewedDate: '2026-09-04' });
    const all = await h.engine.waitForCalledInstances(key, ProcessId.hazardRectification, 4);
    const selfIds = new Set(selfRectifications.map((instance) => instance.id));
    for (const rectification of all.filter((instance) => !selfIds.has(instance.id))) await rectify(rectification.id, '2026-09-02');

    await h.engine.waitForProcessInstanceState(key, 'COMPLETED');
    expect(await h.engine.incidentHistory(key)).toEqual([]);
    await h.engine.waitForCompletedElements(key, ['RunCampaign', 'RecordNoPenaltyForSelfReport', 'SelfReportRecordDoublePenalty', 'SendWorkReport', 'InspectionCompleted']);
    const phaseNotices = (await h.ledger.listNotifications({})).filter(
      (notification) => notification.processInstanceKey === key && notification.noticeType === 'campaign-phase' && notification.recipient === 'qiye',
    );
    expect(phaseNotices).toHaveLength(4);
    expect(await h.engine.waitForVariable(key, 'inspectionResult')).toMatchObject({ findingCount: 2, majorHazardCount: 1, completedOn: '2026-09-03' });
  });
});
