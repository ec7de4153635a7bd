/**
 * The comprehensive supervision (安全生产综合督查, 000 第十一–十四条) on the
 * test engine with the real workers: the yearly plan approved by the 安委会 (sent
 * back once), one plan per year and jurisdiction (a second refused with the
 * reason), structured targets; each problem handed over while the team is still
 * on site (a 重大事故隐患 also to clue-transfer for 依法处理, 第六条); feedback,
 * graded report, rectification, 回头看, the 安委会's approval of the results,
 * 通报曝光 of 反面典型 and 问题隐患 with an internal 通报, graded results to the
 * 组织部门; a 回头看 run through a called daily inspection whose end it waits for;
 * and an overdue rectification reminded, then decided by the 安委办 (overdue-escalation).
 * Every task is completed by the demo login of its candidate group. Notices are
 * asserted as received by a real SMTP server, side effects as rows in the ledger.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../deploy/local/demo-users.ts';
import { CandidateGroup, EscalationMeasure, FindingCategory, MessageName, ProcessId } from '../../../workers/contract.ts';
import { eventually, type UserTask } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';

// A small 双随机 register for the daily inspection the 回头看 calls: one key object, two inspectors.
const registerDir = mkdtempSync(path.join(os.tmpdir(), 'anquan-supervision-registers-'));
writeFileSync(
  path.join(registerDir, 'inspection-objects.json'),
  JSON.stringify({ enterprises: [{ id: 'K01', name: '回头看测试化工有限公司', unifiedCreditCode: '91360124TEST00009K', region: '测试经开区', industry: '危险化学品', classification: 'key' }] }),
);
writeFileSync(
  path.join(registerDir, 'inspectors.json'),
  JSON.stringify({ inspectors: [{ id: 'I01', name: '周测试', department: '测试市应急管理局', qualification: '执法证 11', avoid: [] }, { id: 'I02', name: '吴测试', department: '测试市应急管理局', qualification: '执法证 12', avoid: [] }] }),
);

const h = useEngineHarness({ smtp: true, environment: { INSPECTION_REGISTER_DIR: registerDir } });

/** The open task at `elementId` of the member unit `unitName`: each unit runs in a parallel branch with the same element ids. */
async function unitTask(instanceId: string, elementId: string, unitName: string): Promise<UserTask> {
  return eventually(`task ${elementId} of ${unitName} in ${instanceId}`, async () => {
    for (const task of await h.engine.openUserTasks(instanceId, elementId)) {
      const { unit } = await h.engine.userTaskVariables(task.id, ['unit']);
      if ((unit as { unitName?: string } | undefined)?.unitName === unitName) return task;
    }
    return undefined;
  });
}

async function completeUnitTask(instanceId: string, elementId: string, unitName: string, variables: Record<string, unknown>) {
  const task = await unitTask(instanceId, elementId, unitName);
  await h.engine.completeUserTask(task, variables);
  await eventually(`task ${elementId} of ${unitName} to close`, async () => {
    const tasks = await h.engine.openUserTasks(instanceId, elementId);
    return tasks.some((open) => open.id === task.id) ? undefined : true;
  });
  return task;
}

/** The instance of `processId` called for the finding whose description contains `text`. */
async function calledFor(parentId: string, processId: string, text: string): Promise<string> {
  return eventually(`${processId} called by ${parentId} for “${text}”`, async () => {
    for (const instance of await h.engine.calledInstances(parentId, processId)) {
      const variables = await h.engine.processVariables(instance.id);
      const finding = variables['finding'] as { description?: string } | undefined;
      if (finding?.description?.includes(text)) return instance.id;
    }
    return undefined;
  });
}

async function settleTransfer(transferInstanceId: string, outcome: string) {
  await h.complete(transferInstanceId, 'ReviewTransferLetter', { transferDecision: 'approve', transferReviewComment: '同意移交' });
  const transferId = await h.engine.waitForVariable<string>(transferInstanceId, 'transferId');
  await h.engine.publishMessage(
    MessageName.transferReceiptReceived,
    { transferId },
    { receipt: { receivedAt: '2026-03-25T10:00:00+08:00', note: '已收悉' } },
  );
  await h.complete(transferInstanceId, 'RecordTransferOutcome', { transferOutcome: outcome, transferHandledBy: '承办科室' });
  await h.engine.waitForProcessInstanceState(transferInstanceId, 'COMPLETED');
}

async function settleRectification(rectificationId: string) {
  await h.complete(rectificationId, 'DiagnoseHazard', {
    causeAnalysis: '主体责任落实不到位',
    disposalMeasure: '限期整改',
    rectificationRequirement: '立即整改并举一反三',
    diagnosisDate: '2026-03-23',
  });
  await h.complete(rectificationId, 'RectifyHazard', { rectificationMeasuresTaken: '已整改到位', rectificationCompletedDate: '2026-04-10' });
  await h.complete(rectificationId, 'ReviewRectification', { hazardReviewDecision: 'approve', hazardReviewComment: '复核整改到位', reviewers: '督查组 赵复核', reviewMethod: '现场核查', reviewDate: '2026-04-15' });
  await h.engine.waitForProcessInstanceState(rectificationId, 'COMPLETED');
}

const PLAN = {
  supervisionYear: 2026,
  planTitle: '2026年度安全生产综合督查工作计划',
  planNumber: '测安委〔2026〕1号',
  jurisdiction: 'jiangxi',
  supervisionFocus: '落实“三管三必须”、安全生产权责清单和监管执法情况',
};

/** A plan for `year` over `memberUnits`, approved by the 安委会. Each test takes its own year: one plan per year and jurisdiction. */
async function approvedPlan(year: number, memberUnits: unknown[]): Promise<string> {
  const instanceId = await h.engine.startProcessInstance(ProcessId.comprehensiveSupervision, {});
  await h.complete(instanceId, 'DraftAnnualPlan', { ...PLAN, supervisionYear: year, planTitle: `${year}年度安全生产综合督查工作计划`, memberUnits });
  const approval = await h.complete(instanceId, 'ApproveAnnualPlan', { planApprovalDecision: 'approve', planApprovalComment: '同意' });
  expect(approval.candidateGroups).toEqual([CandidateGroup.safetyCommittee]);
  return instanceId;
}

/** 摸底 → 通知 (文号、日期、方式、材料) for one unit. */
async function surveyAndNotice(instanceId: string, unitName: string) {
  await completeUnitTask(instanceId, 'SurveyUnit', unitName, {
    surveySummary: `${unitName}近年执法检查数量下降`,
    clues: [{ source: '摸底', content: `${unitName}对重点企业检查流于形式` }],
  });
  await completeUnitTask(instanceId, 'IssueSupervisionNotice', unitName, {
    supervisionNoticeNumber: '测安委督〔2026〕5号',
    entryDate: '2026-03-09',
    supervisionEndDate: '2026-03-13',
    supervisionTeamName: '市安委会督查组',
    supervisionTeamLeader: '王强',
    supervisionMethods: ['听取汇报', '查阅资料', '暗查暗访'],
    requiredMaterials: '安全生产权责清单、年度执法计划及执行情况',
  });
}

interface Problem {
  category: string;
  description: string;
  responsibleUnit: string;
  responsibleKind?: 'unit' | 'enterprise';
  receiver?: string;
  negativeExample?: boolean;
}

/** One problem recorded on site: the on-site task comes back for the next one. */
async function recordProblem(instanceId: string, unitName: string, problem: Problem) {
  await completeUnitTask(instanceId, 'OnSiteSupervision', unitName, {
    onSiteAction: 'record',
    problemCategory: problem.category,
    problemDescription: problem.description,
    problemResponsibleUnit: problem.responsibleUnit,
    problemResponsibleKind: problem.responsibleKind ?? 'unit',
    problemReceiver: problem.receiver ?? 'local-party-government',
    problemNegativeExample: problem.negativeExample ?? false,
  });
}

async function finishOnSite(instanceId: string, unitName: string) {
  await completeUnitTask(instanceId, 'OnSiteSupervision', unitName, {
    onSiteAction: 'finish',
    onSiteSummary: `${unitName}履职情况总体较好，存在若干问题。`,
    onSiteEndDate: '2026-03-13',
  });
}

async function superviseOnSite(instanceId: string, unitName: string, problems: Problem[]) {
  await surveyAndNotice(instanceId, unitName);
  for (const problem of problems) await recordProblem(instanceId, unitName, problem);
  await finishOnSite(instanceId, unitName);
}

async function feedbackAndReport(instanceId: string, unitName: string) {
  await completeUnitTask(instanceId, 'GiveFeedback', unitName, {
    feedbackDate: '2026-03-20',
    feedbackMeeting: '综合督查情况反馈会',
    feedbackOpinions: `${unitName}须落实监管责任，限期整改。`,
  });
  await completeUnitTask(instanceId, 'WriteSupervisionReport', unitName, {
    reportTitle: `${unitName}安全生产综合督查情况`,
    reportSummary: `${unitName}督查发现问题已逐项移交。`,
  });
  await completeUnitTask(instanceId, 'ReviewSupervisionReport', unitName, { reportDecision: 'approve', reportReviewComment: '同意', assessmentGrade: '较好', assessmentScore: 86.5 });
}

describe(`${ProcessId.comprehensiveSupervision}: the yearly plan`, () => {
  it('sends an incomplete plan back, has the 安委会 approve it (returning it once), and refuses a second plan for the same year and jurisdiction', async () => {
    await h.clock.pin('2026-03-02T09:00:00+08:00');
    const instanceId = await h.engine.startProcessInstance(ProcessId.comprehensiveSupervision, {});
    const plan = { ...PLAN, supervisionYear: 2030, planTitle: '2030年度安全生产综合督查工作计划' };
    // A key enterprise without its credit code is not a structured target: back with the reason.
    await h.complete(instanceId, 'DraftAnnualPlan', { ...plan, memberUnits: [{ unitName: '测试重点企业', targetKind: 'key-enterprise' }] });
    await eventually('the reason for the incomplete plan', async () => {
      const message = (await h.engine.processVariables(instanceId))['planValidationMessage'] as string | undefined;
      return message?.includes('统一社会信用代码') ? true : undefined;
    });
    const targets = [
      { unitName: '测试市应急管理局', targetKind: 'member-unit', crossSupervision: false },
      { unitName: '测试县委、县人民政府', targetKind: 'local-party-government', region: '测试市测试县', crossSupervision: false },
      { unitName: '测试危化品有限公司', targetKind: 'key-enterprise', creditCode: '91360124MA35L0XX1Y', crossSupervision: false },
    ];
    await h.complete(instanceId, 'DraftAnnualPlan', { ...plan, memberUnits: targets });

    // The 安委会 returns it with its opinion, then approves the redraft.
    const first = await h.complete(instanceId, 'ApproveAnnualPlan', { planApprovalDecision: 'return', planApprovalComment: '请补充交叉督查安排' });
    expect(first.candidateGroups).toEqual([CandidateGroup.safetyCommittee]);
    const redraft = await h.engine.waitForUserTask(instanceId, 'DraftAnnualPlan');
    expect((await h.engine.userTaskVariables(redraft.id, ['planValidationMessage']))['planValidationMessage']).toBe('安委会审定意见：请补充交叉督查安排');
    await h.complete(instanceId, 'DraftAnnualPlan', { ...plan, memberUnits: targets });
    await h.complete(instanceId, 'ApproveAnnualPlan', { planApprovalDecision: 'approve', planApprovalComment: '同意' });
    await h.engine.waitForCompletedElements(instanceId, ['RegisterSupervisionPlan', 'LoadJurisdictionProfile']);
    await h.engine.waitForUserTasks(instanceId, 'SurveyUnit', 3);

    // The ledger holds one plan for 2030, with its structured targets, registered once although drafted three times.
    const plans = await h.ledger.listSupervisionPlans({ year: 2030 });
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ processInstanceKey: instanceId, jurisdiction: 'jiangxi' });
    expect(plans[0]!.targets).toEqual([
      { kind: 'member-unit', name: '测试市应急管理局' },
      { kind: 'local-party-government', name: '测试县委、县人民政府', region: '测试市测试县' },
      { kind: 'key-enterprise', name: '测试危化品有限公司', creditCode: '91360124MA35L0XX1Y' },
    ]);

    // A second comprehensive supervision for 2030 in 江西 goes back to its planner, naming the plan that holds the year.
    const second = await h.engine.startProcessInstance(ProcessId.comprehensiveSupervision, {});
    const secondDraft = await h.complete(second, 'DraftAnnualPlan', { ...plan, planTitle: '重复的年度计划', memberUnits: [targets[0]] });
    const back = await eventually('the second plan to come back', async () => {
      const task = await h.engine.waitForUserTask(second, 'DraftAnnualPlan');
      return task.id === secondDraft.id ? undefined : task;
    });
    const { planValidationMessage } = await h.engine.userTaskVariables(back.id, ['planValidationMessage']);
    expect(planValidationMessage).toContain('2030年度本辖区（jiangxi）已有综合督查计划《2030年度安全生产综合督查工作计划》');
    expect(planValidationMessage).toContain(instanceId);
    expect(await h.engine.openUserTasks(second, 'ApproveAnnualPlan')).toEqual([]);
    expect(await h.ledger.listSupervisionPlans({ year: 2030 })).toHaveLength(1);
    // Nothing went wrong technically: the refusal is a business outcome, not an incident.
    expect(await h.engine.incidentHistory(second)).toEqual([]);
    await h.engine.cancelProcessInstance(second);
    await h.engine.cancelProcessInstance(instanceId);
  });
});

describe(`${ProcessId.comprehensiveSupervision}: two member units`, () => {
  it('hands each problem over while on site, settles them, grades the units, has the 安委会 approve the results, exposes 反面典型 and 问题隐患 and copies the graded result', async () => {
    await h.clock.pin('2026-03-02T09:00:00+08:00');
    const emergency = '测试市应急管理局';
    const transport = '测试市交通运输局';
    const housing = '测试市住房城乡建设局';
    const instanceId = await approvedPlan(2026, [
      { unitName: emergency, crossSupervision: true, crossSupervisingUnit: housing },
      { unitName: transport, crossSupervision: false, unitFocus: '道路运输和水上交通安全监管' },
    ]);

    const plant = '测试危化品有限公司';
    const quarry = '测试采石场';
    await surveyAndNotice(instanceId, emergency);
    // The first problem, a 重大事故隐患, is handed over at once: listed, rectified and sent to the competent department
    // for 依法处理 (第六条), while the team is still on site (the on-site task is open again).
    await recordProblem(instanceId, emergency, { category: FindingCategory.majorHazard, description: '液氨储罐区未设置紧急切断装置', responsibleUnit: plant, responsibleKind: 'enterprise', negativeExample: true });
    const majorRectification = await calledFor(instanceId, ProcessId.hazardRectification, '液氨储罐区');
    const majorTransfer = await calledFor(instanceId, ProcessId.clueTransfer, '液氨储罐区');
    expect(await h.engine.openUserTasks(instanceId, 'OnSiteSupervision')).toHaveLength(1);
    expect((await h.engine.processVariables(majorTransfer))['receiver']).toBe('competent-department');
    expect((await h.engine.processVariables(majorRectification))['responsibleParty']).toMatchObject({ name: plant, kind: 'enterprise' });
    await recordProblem(instanceId, emergency, { category: FindingCategory.illegalProduction, description: '无证开采石料', responsibleUnit: quarry, receiver: 'competent-department' });
    const quarryTransfer = await calledFor(instanceId, ProcessId.clueTransfer, '无证开采');
    expect(await h.engine.openUserTasks(instanceId, 'OnSiteSupervision')).toHaveLength(1);
    await finishOnSite(instanceId, emergency);

    await superviseOnSite(instanceId, transport, [
      { category: FindingCategory.general, description: '客运站安全出口堵塞', responsibleUnit: '测试客运站' },
      { category: FindingCategory.cadreConduct, description: '对港口危货作业长期不检查', responsibleUnit: transport },
    ]);

    // Feedback and report are due 10 working days (江西 profile) after the on-site end 2026-03-13.
    const feedbackTask = await unitTask(instanceId, 'GiveFeedback', emergency);
    expect(new Date(feedbackTask.dueDate ?? '').toISOString()).toBe('2026-03-27T10:00:00.000Z');
    expect(feedbackTask.candidateGroups).toEqual(['ducha-zu']);

    // Each problem goes where MISSION routes it, while the units report.
    await settleTransfer(majorTransfer, '已立案查处，责令限期消除');
    await settleRectification(majorRectification);
    await settleRectification(await calledFor(instanceId, ProcessId.hazardRectification, '客运站安全出口'));
    await settleTransfer(quarryTransfer, '已立案查处');
    await settleTransfer(await calledFor(instanceId, ProcessId.clueTransfer, '港口危货'), '对分管负责人诫勉谈话');

    for (const unitName of [emergency, transport]) {
      await feedbackAndReport(instanceId, unitName);
      const rectification = await unitTask(instanceId, 'SubmitRectification', unitName);
      expect(rectification.candidateGroups).toEqual(['bei-ducha-danwei']);
      expect(rectification.dueDate).not.toBeNull();
      // The unit reads what its task sees: its findings without the cadre-conduct one (now in clue-transfer) and no 摸底.
      const seen = await h.engine.as(CandidateGroup.supervisedUnit, DEMO_PASSWORD).userTaskVariables(rectification.id);
      expect(JSON.stringify(seen)).not.toContain('港口危货作业长期不检查');
      expect(seen).not.toHaveProperty('surveySummary');
      expect((seen['findings'] as { category: string }[]).map((finding) => finding.category)).not.toContain(FindingCategory.cadreConduct);
      await completeUnitTask(instanceId, 'SubmitRectification', unitName, {
        rectificationSummary: `${unitName}已完成整改`,
        accountabilityHandling: '已问责1人',
        rectificationSubmittedDate: '2026-05-20',
      });
      await completeUnitTask(instanceId, 'Revisit', unitName, { revisitDate: '2026-06-01', followUpKind: 'none' });
      await completeUnitTask(instanceId, 'ConcludeRevisit', unitName, { revisitConclusion: '整改措施落实到位', revisitDecision: 'effective' });
    }

    // The negative example the team marked and the other publishable problem are offered for 通报曝光; the grades are shown.
    const results = await h.engine.waitForUserTask(instanceId, 'CompileSupervisionResults');
    const offered = await h.engine.userTaskVariables(results.id, ['negativeExamples', 'problemHazards', 'unitResultsText', 'assessmentText']);
    expect(offered['negativeExamples']).toEqual([{ unitName: plant, category: FindingCategory.majorHazard, description: '液氨储罐区未设置紧急切断装置' }]);
    expect(offered['problemHazards']).toEqual([
      { unitName: quarry, category: FindingCategory.illegalProduction, description: '无证开采石料' },
      { unitName: '测试客运站', category: FindingCategory.general, description: '客运站安全出口堵塞' },
    ]);
    expect(offered['unitResultsText']).toContain(`${emergency}（交叉督查：${housing}）`);
    expect(offered['assessmentText']).toBe(`${emergency}：较好，86.5分；${transport}：较好，86.5分`);
    await h.engine.completeUserTask(results, {
      resultSummary: '两个成员单位履职总体到位，发现问题4项均已处置。',
      negativeExamples: offered['negativeExamples'],
      problemHazards: offered['problemHazards'],
      exposureSummary: '现将综合督查发现的反面典型及问题隐患通报如下。',
    });
    // Nothing is published before the 安委会 approves the results.
    const approval = await h.engine.waitForUserTask(instanceId, 'ApproveSupervisionResults');
    expect(approval.candidateGroups).toEqual([CandidateGroup.safetyCommittee]);
    expect(await h.ledger.listDisclosures({})).toEqual([]);
    await h.complete(instanceId, 'ApproveSupervisionResults', { resultsApprovalDecision: 'approve', resultsApprovalComment: '同意通报曝光' });

    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    // No incident was ever raised on the instance (or propagated from those it called).
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);
    await h.engine.waitForCompletedElements(instanceId, ['PublishExposure', 'CircularExposure', 'PublishResults', 'CopyResults', 'SupervisionCompleted']);

    // Ledger: clues, the four findings from the 督查, the listing, three transfers, both disclosures.
    expect((await h.ledger.listClues()).map((clue) => clue.source)).toEqual(['摸底', '摸底']);
    const findings = await h.ledger.listFindings();
    expect(findings).toHaveLength(4);
    const major = findings.find((finding) => finding.category === FindingCategory.majorHazard)!;
    expect(major.listing?.documentNumber).toMatch(/^赣安督〔2026〕\d+号$/);
    expect(major.status).toBe('已销号');
    expect(findings.find((finding) => finding.category === FindingCategory.general)!.status).toBe('已销号');
    const transfers = await h.ledger.listTransfers({});
    expect(transfers.map((transfer) => transfer.receiverKind).sort()).toEqual(['有管辖权的部门', '有管辖权的部门', '纪检监察机关'].sort());
    expect(transfers.find((transfer) => transfer.findingId === major.id)?.receiverKind).toBe('有管辖权的部门');
    const disclosures = await h.ledger.listDisclosures({});
    expect(disclosures.map((disclosure) => disclosure.kind).sort()).toEqual(['督查结果', '通报曝光'].sort());
    const exposure = disclosures.find((disclosure) => disclosure.kind === '通报曝光')!;
    expect(exposure.title).toBe('2026年度安全生产综合督查反面典型及问题隐患通报曝光');
    expect(existsSync(path.join(h.config.disclosure.directory, 'index.html'))).toBe(true);

    // SMTP: the 督查通知 with its 文号, dates, method and materials; feedback, report, listing, transfers, 通报, result copies.
    const notice = h.smtp.received.find((mail) => mail.parsed.subject === `关于对${emergency}开展安全生产综合督查的通知`)!;
    expect(notice.parsed.text).toContain('测安委督〔2026〕5号');
    expect(notice.parsed.text).toContain('定于2026年3月9日至2026年3月13日进驻');
    expect(notice.parsed.text).toContain('督查方式：听取汇报、查阅资料、暗查暗访。');
    expect(notice.parsed.text).toContain('请于进驻前准备以下材料：安全生产权责清单、年度执法计划及执行情况');
    expect(notice.parsed.text).toContain(`交叉督查，由${housing}组成督查组实施`);
    expect(h.subjects()).toEqual(expect.arrayContaining([`关于对${transport}开展安全生产综合督查的通知`, `关于${emergency}安全生产综合督查情况的报告`]));
    expect(h.subjects().filter((subject) => subject.includes('安全生产综合督查情况的反馈意见'))).toHaveLength(2);
    expect(h.subjects().some((subject) => subject.includes('挂牌督办'))).toBe(true);
    expect(h.subjects().filter((subject) => subject.includes('移交问题线索')).length).toBeGreaterThanOrEqual(3);
    const circular = h.smtp.received.find((mail) => mail.parsed.subject === '关于2026年度安全生产综合督查发现的反面典型及问题隐患的通报')!;
    expect(circular.parsed.text).toContain('液氨储罐区未设置紧急切断装置');
    expect(circular.parsed.text).toContain('客运站安全出口堵塞');
    expect(circular.parsed.text).not.toContain('港口危货');
    const copies = h.smtp.received.filter((mail) => mail.parsed.subject === '关于2026年度安全生产综合督查结果的函');
    expect(copies.flatMap((mail) => mail.envelopeTo)).toEqual(expect.arrayContaining(['zzb@example.gov.cn', 'jjjc@example.gov.cn']));
    expect(copies[0]!.parsed.text).toContain(`${emergency}：较好，86.5分`);
    const notifications = await h.ledger.listNotifications({});
    const copied = notifications.filter((notification) => notification.noticeType === 'supervision-result-copy').map((notification) => notification.recipient);
    expect(copied.sort()).toEqual(['discipline-inspection', 'organization-department']);
    const circulated = notifications.filter((notification) => notification.noticeType === 'circular').map((notification) => notification.recipient);
    expect(circulated).toEqual(expect.arrayContaining(['local-party-government', 'bei-ducha-danwei']));
  });
});

/** How each kind of inspection a 回头看 may run through is worked to its end, by its own people; returns its conclusion. */
const INSPECTIONS: Record<'daily-inspection' | 'special-inspection', (calledId: string, supervisionId: string) => Promise<string>> = {
  'daily-inspection': async (dailyId, supervisionId) => {
    const planTask = await h.complete(dailyId, 'DraftInspectionPlan', {
      planId: '测应急检〔2026〕回1号',
      planTitle: '回头看专项日常监督检查计划',
      planningOrganKind: '业务监管部门',
      inspectingOrgan: '测试市应急管理局',
      inspectionFocus: '危化品企业执法检查整改落实',
      planYear: 2026,
      batchMode: 'single',
      randomTargetCount: 0,
      inspectorsPerTarget: 1,
      inspectionStartDate: '2026-06-02',
    });
    expect(planTask.candidateGroups).toEqual(['yewu-jianguan']);
    expect(await h.engine.openUserTasks(supervisionId, 'ConcludeRevisit')).toEqual([]);
    // The inspection's one batch starts on its start date.
    await h.clock.pin('2026-06-02T09:30:00+08:00');
    await h.complete(dailyId, 'InspectTarget', { inspectedDate: '2026-06-03', inspectionSummary: '整改措施已落实，未发现新问题', inspectionFindings: [] });
    const publication = await h.engine.waitForUserTask(dailyId, 'ApproveTargetPublication');
    await h.engine.completeUserTask(publication, { targetPublicSummary: '回头看检查1家，整改到位。' });
    expect(await h.engine.openUserTasks(supervisionId, 'ConcludeRevisit')).toEqual([]);
    await h.complete(dailyId, 'CompileResults', { resultsSummary: '回头看检查1家，整改到位。' });
    return '回头看检查1家，整改到位。';
  },
  'special-inspection': async (specialId, supervisionId) => {
    const planTask = await h.complete(specialId, 'DraftInspectionPlan', {
      planTitle: '回头看危险化学品专项检查',
      leadDepartmentName: '测试市应急管理局',
      planScope: '危化品企业执法检查整改落实',
      industry: '危险化学品（回头看）',
      planJurisdiction: '测试市',
      keyIndustry: true,
      planFiledDate: '2026-06-01',
      periodFrom: '2026-06-02',
      periodTo: '2026-06-30',
      campaignMode: false,
      enterprises: [{ unitName: '回头看化工有限公司', unitCreditCode: '91360124MA35HTK01X', region: '温圳镇', inspectingDepartment: '测试市应急管理局' }],
    });
    expect(planTask.candidateGroups).toEqual(['qiantou-bumen']);
    const [inspection] = await h.engine.waitForUserTasks(specialId, 'InspectEnterprise', 1);
    expect(await h.engine.openUserTasks(supervisionId, 'ConcludeRevisit')).toEqual([]);
    await h.engine.completeUserTask(inspection!, {
      inspectionKind: '执法检查',
      inspectedDate: '2026-06-03',
      inspectingDepartment: '测试市应急管理局',
      inspectorNames: '周检查',
      inspectorSignedDate: '2026-06-03',
      inspectionSummary: '整改措施已落实，未发现新问题',
      problems: [],
    });
    await h.complete(specialId, 'WriteInspectionReport', { reportTitle: '回头看专项检查情况', reportSummary: '回头看专项检查1家，整改到位。', reportDate: '2026-06-04' });
    expect(await h.engine.openUserTasks(supervisionId, 'ConcludeRevisit')).toEqual([]);
    await h.complete(specialId, 'ReviewPublication', { publishCases: false, publishExposure: false, publicationReviewer: '安委办 赵审核', publicationReviewedDate: '2026-06-05' });
    return '回头看专项检查1家，整改到位。';
  },
};

describe(`${ProcessId.comprehensiveSupervision}: 回头看 through a daily or a special inspection`, () => {
  it.each([
    ['daily-inspection', 2031, '2026-06-02'],
    ['special-inspection', 2033, '2026-06-04'],
  ] as const)('calls a %s with the followUp variable and asks for the conclusion only after it has ended', async (kind, year, completedOn) => {
    const unitName = `回头看市应急管理局（${kind}）`;
    const instanceId = await approvedPlan(year, [{ unitName, crossSupervision: false }]);
    await superviseOnSite(instanceId, unitName, []);
    await feedbackAndReport(instanceId, unitName);
    await completeUnitTask(instanceId, 'SubmitRectification', unitName, {
      rectificationSummary: '已整改',
      accountabilityHandling: '无',
      rectificationSubmittedDate: '2026-05-20',
    });
    const subject = `${unitName}综合督查整改回头看`;
    await completeUnitTask(instanceId, 'Revisit', unitName, {
      revisitDate: '2026-06-01',
      followUpKind: kind,
      followUpSubject: subject,
      followUpFocus: '危化品企业执法检查整改落实',
    });

    const [called] = await h.engine.waitForCalledInstances(instanceId, kind);
    const calledId = called!.id;
    const variables = await h.engine.processVariables(calledId);
    expect(variables['followUp']).toMatchObject({ sourceProcess: ProcessId.comprehensiveSupervision, sourceInstanceKey: instanceId, unitName, subject, focus: '危化品企业执法检查整改落实' });
    // Nothing of the supervision leaks into the called instance but what it needs.
    expect(variables['unit']).toBeUndefined();
    expect(variables['memberUnits']).toBeUndefined();

    // The inspection runs as any other, with its own people; the 回头看 waits for it.
    const inspectionConclusion = await INSPECTIONS[kind](calledId, instanceId);
    await h.engine.waitForProcessInstanceState(calledId, 'COMPLETED');

    // Only now the 安委办 concludes, with the inspection's result.
    const conclusion = await unitTask(instanceId, 'ConcludeRevisit', unitName);
    expect(conclusion.candidateGroups).toEqual(['anwei-ban']);
    const { inspectionResult } = await h.engine.userTaskVariables(conclusion.id, ['inspectionResult']);
    expect(inspectionResult).toEqual({ conclusion: inspectionConclusion, findingCount: 0, majorHazardCount: 0, completedOn });
    await completeUnitTask(instanceId, 'ConcludeRevisit', unitName, { revisitConclusion: '检查核实整改到位', revisitDecision: 'effective' });

    await h.complete(instanceId, 'CompileSupervisionResults', { resultSummary: '履职到位。', negativeExamples: [], problemHazards: [], exposureSummary: '' });
    await h.complete(instanceId, 'ApproveSupervisionResults', { resultsApprovalDecision: 'approve' });
    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    // No incident was ever raised on the instance (or propagated from those it called).
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);
    const activities = await h.engine.waitForCompletedElements(instanceId, ['FollowUpInspection', 'ConcludeRevisit', 'PublishResults', 'CopyResults']);
    expect(activities.some((activity) => activity.activityId === 'PublishExposure')).toBe(false);
  });
});

describe(`${ProcessId.comprehensiveSupervision}: overdue rectification`, () => {
  it('reminds, then puts the overdue rectification before the 安委办, who decides the measure (overdue-escalation); no timer sends a 函告 or a clue by itself', async () => {
    const unitName = '逾期市交通运输局';
    const instanceId = await approvedPlan(2032, [{ unitName, crossSupervision: false }]);
    await superviseOnSite(instanceId, unitName, []);
    await feedbackAndReport(instanceId, unitName);

    const task = await unitTask(instanceId, 'SubmitRectification', unitName);
    const deadline = await eventually('the rectification deadline', async () => {
      const variables = await h.engine.userTaskVariables(task.id, ['unitRectificationDeadline']);
      return variables['unitRectificationDeadline'] as Record<string, string> | undefined;
    });
    // 3 months (江西 supervision.rectificationMonths) from the feedback on 2026-03-20.
    expect(deadline['from']).toBe('2026-03-20');
    expect(new Date(task.dueDate ?? '').toISOString()).toBe(new Date(deadline['dueAt']!).toISOString());

    const label = '综合督查整改情况报送';
    await h.clock.pin(new Date(new Date(deadline['remindAt']!).getTime() + 60_000));
    await eventually('the reminder e-mail', async () => (h.subjects().includes(`关于按期办理“${label}”的提醒`) ? true : undefined));

    // The deadline passes: the case goes before the 安委办, who decides (江西办法第五条), beside the unit's open task.
    await h.clock.pin(new Date(new Date(deadline['dueAt']!).getTime() + 60_000));
    const [escalation] = await h.engine.waitForCalledInstances(instanceId, ProcessId.overdueEscalation);
    const escalationId = escalation!.id;
    expect(await h.engine.processVariables(escalationId)).toMatchObject({
      overdueSubject: label,
      overdueDueDate: deadline['due'],
      decidingGroup: CandidateGroup.safetyCommitteeOffice,
      overdueParty: { name: unitName, kind: 'unit', receiver: CandidateGroup.supervisedUnit },
      processInstanceKey: instanceId,
    });
    const requiredBy = new Date(new Date(deadline['dueAt']!).getTime() + 20 * 86_400_000).toISOString().slice(0, 10);
    const decision = await h.complete(escalationId, 'DecideEscalation', {
      escalationMeasure: EscalationMeasure.letter,
      escalationReason: '整改情况逾期未报送。',
      requiredBy,
      documentNumber: '测安委督〔2026〕9号',
    });
    expect(decision.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
    await h.engine.waitForProcessInstanceState(escalationId, 'COMPLETED');
    await eventually('the 督办函', async () => (h.subjects().includes(`关于督促${unitName}限期完成“${label}”的函`) ? true : undefined));
    const [decided] = await h.ledger.listEscalationDecisions({ callerProcessInstanceKey: instanceId });
    expect(decided).toMatchObject({ partyName: unitName, decidingGroup: CandidateGroup.safetyCommitteeOffice });

    // No 函告 by timer and no 纪检 clue by timer; the unit's obligation stays open.
    expect(await h.engine.calledInstances(instanceId, ProcessId.clueTransfer)).toEqual([]);
    expect(h.subjects()).not.toContain(`关于逾期未完成“${label}”的函`);
    expect((await unitTask(instanceId, 'SubmitRectification', unitName)).id).toBe(task.id);
  });
});

describe(`${ProcessId.comprehensiveSupervision}: 整改不力 at the 回头看`, () => {
  it('puts the 整改不力 the daily inspection confirmed before the 安委办, who decides the measure (overdue-escalation); the decision is in the ledger and in the 通报曝光 of 问题隐患', async () => {
    await h.clock.pin('2026-03-02T09:00:00+08:00');
    const unitName = '整改不力市应急管理局';
    const instanceId = await approvedPlan(2035, [{ unitName, crossSupervision: false }]);
    await superviseOnSite(instanceId, unitName, []);
    await feedbackAndReport(instanceId, unitName);
    await completeUnitTask(instanceId, 'SubmitRectification', unitName, { rectificationSummary: '已整改', accountabilityHandling: '无', rectificationSubmittedDate: '2026-05-20' });
    await completeUnitTask(instanceId, 'Revisit', unitName, {
      revisitDate: '2026-06-01',
      followUpKind: 'daily-inspection',
      followUpSubject: `${unitName}综合督查整改回头看`,
      followUpFocus: '危化品企业执法检查整改落实',
    });
    const [daily] = await h.engine.waitForCalledInstances(instanceId, 'daily-inspection');
    await INSPECTIONS['daily-inspection'](daily!.id, instanceId);
    await h.engine.waitForProcessInstanceState(daily!.id, 'COMPLETED');

    // The 安委办 concludes from the inspection's result: not rectified.
    const conclusion = '日常监督检查复查：执法检查计划未调整，对重点企业的检查仍流于形式，原问题未整改到位';
    await completeUnitTask(instanceId, 'ConcludeRevisit', unitName, { revisitConclusion: conclusion, revisitDecision: 'ineffective', revisitConcludedDate: '2026-06-05' });

    // The consequence is the 安委办's decision, through overdue-escalation; its deadline runs from the conclusion.
    const [escalation] = await h.engine.waitForCalledInstances(instanceId, ProcessId.overdueEscalation);
    const escalationId = escalation!.id;
    const passed = await h.engine.processVariables(escalationId);
    expect(passed).toMatchObject({
      overdueSubject: '综合督查反馈问题整改（回头看认定整改不力）',
      decidingGroup: CandidateGroup.safetyCommitteeOffice,
      overdueParty: { name: unitName, kind: 'unit', receiver: CandidateGroup.supervisedUnit },
      processInstanceKey: instanceId,
      decisionFrom: '2026-06-05',
    });
    expect((await h.engine.waitForVariable<Record<string, string>>(escalationId, 'decisionDeadline'))['from']).toBe('2026-06-05');
    // No 通报, 约谈 or clue by the diagram itself: only what the 安委办 decides.
    expect(await h.engine.calledInstances(instanceId, ProcessId.clueTransfer)).toEqual([]);
    const decision = await h.complete(escalationId, 'DecideEscalation', {
      escalationMeasure: EscalationMeasure.circular,
      escalationReason: '回头看检查核实原问题未整改到位。',
      circularScope: '全市安委会成员单位',
      documentNumber: '测安委督〔2026〕21号',
    });
    expect(decision.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
    await h.engine.waitForProcessInstanceState(escalationId, 'COMPLETED');
    const [decided] = await h.ledger.listEscalationDecisions({ callerProcessInstanceKey: instanceId });
    expect(decided).toMatchObject({ measure: '通报', partyName: unitName, decidingGroup: CandidateGroup.safetyCommitteeOffice, documentNumber: '测安委督〔2026〕21号' });

    // The decision flows into the results: the unit's line, and the 问题隐患 offered for 通报曝光 (第十四条).
    const results = await h.engine.waitForUserTask(instanceId, 'CompileSupervisionResults');
    const offered = await h.engine.userTaskVariables(results.id, ['problemHazards', 'unitResultsText', 'unitResults']);
    const exposed = { unitName, category: '整改不力', description: `回头看认定整改不力：${conclusion}（督办措施：通报）` };
    expect(offered['problemHazards']).toEqual([exposed]);
    expect(offered['unitResultsText']).toContain('督办决定：通报');
    expect((offered['unitResults'] as Record<string, unknown>[])[0]!['poorRectificationDecision']).toMatchObject({ measure: EscalationMeasure.circular, measureLabel: '通报' });
    await h.engine.completeUserTask(results, { resultSummary: '1个单位整改不力，已通报。', negativeExamples: [], problemHazards: offered['problemHazards'], exposureSummary: '' });
    await h.complete(instanceId, 'ApproveSupervisionResults', { resultsApprovalDecision: 'approve' });
    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);
    await h.engine.waitForCompletedElements(instanceId, ['PoorRectificationEscalation', 'PublishExposure', 'CircularExposure']);
    const circular = h.smtp.received.find((mail) => mail.parsed.subject === '关于2035年度安全生产综合督查发现的反面典型及问题隐患的通报')!;
    expect(circular.parsed.text).toContain('回头看认定整改不力');
    expect(circular.parsed.text).toContain('督办措施：通报');
    expect((await h.ledger.listDisclosures({})).some((disclosure) => disclosure.title === '2035年度安全生产综合督查反面典型及问题隐患通报曝光')).toBe(true);
  });
});

describe(`${ProcessId.comprehensiveSupervision}: a cancelled plan frees its year`, () => {
  it('releases the year when the 安委会 does not approve the plan or the 安委办 withdraws it, once, so that a new plan for that year can be registered', async () => {
    await h.clock.pin('2026-03-02T09:00:00+08:00');
    const year = 2036;
    const plan = { ...PLAN, supervisionYear: year, planTitle: `${year}年度安全生产综合督查工作计划`, memberUnits: [{ unitName: '撤销测试市应急管理局', crossSupervision: false }] };

    // The 安委会 does not approve: the year is released and the supervision ends before anyone goes on site.
    const rejected = await h.engine.startProcessInstance(ProcessId.comprehensiveSupervision, {});
    await h.complete(rejected, 'DraftAnnualPlan', plan);
    await h.engine.waitForUserTask(rejected, 'ApproveAnnualPlan');
    expect((await h.ledger.listSupervisionPlans({ year })).map((row) => row.processInstanceKey)).toEqual([rejected]);
    await h.complete(rejected, 'ApproveAnnualPlan', { planApprovalDecision: 'reject', planApprovalComment: '本年度并入专项检查，不单独开展综合督查' });
    await h.engine.waitForProcessInstanceState(rejected, 'COMPLETED');
    await h.engine.waitForCompletedElements(rejected, ['ReleaseSupervisionPlan', 'SupervisionCancelled']);
    expect(await h.ledger.listSupervisionPlans({ year })).toEqual([]);

    // A new plan for the year is registered; the 安委会 returns it, and the 安委办 withdraws it when redrafting.
    const withdrawn = await h.engine.startProcessInstance(ProcessId.comprehensiveSupervision, {});
    await h.complete(withdrawn, 'DraftAnnualPlan', plan);
    await h.complete(withdrawn, 'ApproveAnnualPlan', { planApprovalDecision: 'return', planApprovalComment: '请补充督查对象' });
    expect((await h.ledger.listSupervisionPlans({ year })).map((row) => row.processInstanceKey)).toEqual([withdrawn]);
    await h.complete(withdrawn, 'DraftAnnualPlan', { ...plan, planWithdrawn: true, planWithdrawalReason: '机构调整，本年度计划撤回重新研究' });
    await h.engine.waitForProcessInstanceState(withdrawn, 'COMPLETED');
    expect(await h.ledger.listSupervisionPlans({ year })).toEqual([]);
    const releases = await h.ledger.listSupervisionPlanReleases({ year });
    expect(releases.map((release) => [release.processInstanceKey, release.reason, release.note])).toEqual([
      [rejected, 'rejected', '本年度并入专项检查，不单独开展综合督查'],
      [withdrawn, 'withdrawn', '机构调整，本年度计划撤回重新研究'],
    ]);
    for (const id of [rejected, withdrawn]) {
      expect(await h.engine.incidentHistory(id)).toEqual([]);
      const started = (await h.engine.waitForCompletedElements(id, ['SupervisionCancelled'])).map((activity) => activity.activityId);
      expect(started).not.toContain('LoadJurisdictionProfile');
    }

    // The year is free again: a third plan registers and goes to the 安委会.
    const third = await h.engine.startProcessInstance(ProcessId.comprehensiveSupervision, {});
    await h.complete(third, 'DraftAnnualPlan', plan);
    await h.engine.waitForUserTask(third, 'ApproveAnnualPlan');
    expect((await h.ledger.listSupervisionPlans({ year })).map((row) => row.processInstanceKey)).toEqual([third]);
    await h.engine.cancelProcessInstance(third);
  });
});
