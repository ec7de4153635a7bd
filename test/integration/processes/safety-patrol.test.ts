/**
 * The safety patrol (安全生产巡查) on a real engine with the real workers.
 *
 * 盐城: the plan and the report each pass the profile's approval chain
 * (巡查工作领导小组 → 市委、市政府, 001 四(一)(四)(五)), a step that refuses
 * sends the plan back to drafting; feedback is due from the last approval; the
 * 整改方案 is a task list sent to 市委市政府 with a copy to the 领导小组办公室,
 * which 市委市政府 sends back once and then accepts; 整改落实 is checked item by item; the
 * 领导小组 does the 回头看; 安委办 reviews the publication, which leaves out the
 * finding routed to the 纪检监察机关.
 *
 * 湖南: 安委办审核 → 安委会审定 (002 三(三)4–5), the last step copies the report
 * to the 省委巡视办, the 整改方案 goes to 安委办, and a missed deadline is put
 * before 安委办 (escalation as a decision, never a timer-sent clue), which
 * decides beside the phases while 整改 goes on to 结果公开.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoLoginOf } from '../../../deploy/local/demo-users.ts';
import { CandidateGroup, FindingCategory, MessageName, ProcessId } from '../../../workers/contract.ts';
import { useEngineHarness } from '../support/harness.ts';
import { enterOnSite, finishOnSite, issueEntryNotice, patrolAtPlanReview, workApprovalChain } from '../support/patrol.ts';

const h = useEngineHarness({ smtp: true });
const CHEMICAL_PLANT = '清江化工有限公司';
const EMERGENCY_BUREAU = '测试县应急管理局';
const CONDUCT_DESCRIPTION = '执法检查流于形式，问题隐患长期未督促整改';

const approve = (prefix: 'plan' | 'report', date: string, comment = '同意') => ({
  [`${prefix}Decision`]: 'approve',
  [`${prefix}ReviewComment`]: comment,
  [`${prefix}ApprovedDate`]: date,
});

/** After the plan chain: the entry phase runs (patrol-entry), the notice goes out and the clock moves past the on-site period. */
async function enterAndFinishOnSite(patrol: string, entryDate: string, noticeNumber: string): Promise<void> {
  const [entry] = await h.engine.waitForCalledInstances(patrol, ProcessId.patrolEntry);
  await issueEntryNotice(h, entry!.id, { number: noticeNumber, entryDate });
  await enterOnSite(h, entry!.id, entryDate);
  await finishOnSite(h, entry!.id);
  await h.engine.waitForProcessInstanceState(entry!.id, 'COMPLETED');
}

describe(`${ProcessId.safetyPatrol}: 盐城`, () => {
  it('runs the 盐城 approval chains, reviews 整改方案 and 整改落实, and publishes without the 纪检 finding', async () => {
    await h.clock.pin('2026-09-01T09:00:00+08:00');
    const patrolId = '盐安巡〔2026〕1号';
    const target = '测试县委、县人民政府';
    const patrol = await patrolAtPlanReview(h, { patrolId, target, jurisdiction: 'yancheng', planFocus: '危险化学品安全、党政领导干部安全生产责任制落实' });

    // Plan chain: 领导小组研究 → 市委、市政府批准; the second step sends it back, the chain starts again from the first.
    await workApprovalChain(h, patrol, 'ReviewPatrolPlan', [
      { group: CandidateGroup.leadingGroup, title: '巡查工作领导小组研究巡查工作方案', variables: approve('plan', '2026-09-02') },
      { group: CandidateGroup.partyGovernment, title: '市委、市政府批准巡查工作方案', variables: { planDecision: 'reject', planReviewComment: '请补充专家人选', planApprovedDate: '2026-09-03' } },
    ]);
    const redraft = await h.engine.waitForUserTask(patrol, 'DraftPatrolPlan');
    expect((await h.engine.userTaskVariables(redraft.id, ['planReviewComment'])).planReviewComment).toBe('请补充专家人选');
    await h.engine.completeUserTask(redraft, {});
    await workApprovalChain(h, patrol, 'ReviewPatrolPlan', [
      { group: CandidateGroup.leadingGroup, title: '巡查工作领导小组研究巡查工作方案', variables: approve('plan', '2026-09-03') },
      { group: CandidateGroup.partyGovernment, title: '市委、市政府批准巡查工作方案', variables: approve('plan', '2026-09-04') },
    ]);
    const planApprovals = await h.engine.waitForVariable<Array<Record<string, string>>>(patrol, 'planApprovals');
    expect(planApprovals.filter(Boolean).map((step) => [step.group, step.decision, step.date])).toEqual([
      [CandidateGroup.leadingGroup, 'approve', '2026-09-03'],
      [CandidateGroup.partyGovernment, 'approve', '2026-09-04'],
    ]);
    const team = await h.engine.waitForVariable<Record<string, unknown>>(patrol, 'patrolTeam');
    expect(team).toMatchObject({ leader: '李明', deputyLeader: '王强', authorizationNumber: '盐安巡授〔2026〕1号' });
    expect(team.members).toHaveLength(2);
    expect(team.experts).toHaveLength(1);

    await enterAndFinishOnSite(patrol, '2026-09-07', '盐安巡〔2026〕1号');

    // Report (001 四(四)): findings, 原因剖析, 意见建议, 责任追究清单, 专题报告, full text attached.
    const report = await h.engine.waitForUserTask(patrol, 'WritePatrolReport');
    expect(new Date(report.dueDate ?? '').toISOString()).toBe('2026-10-08T10:00:00.000Z');
    const findings = [
      { category: FindingCategory.majorHazard, description: '液氯储罐区安全联锁未投用', responsibleUnit: CHEMICAL_PLANT, serious: true },
      { category: FindingCategory.cadreConduct, description: CONDUCT_DESCRIPTION, responsibleUnit: EMERGENCY_BUREAU, serious: false },
    ];
    await h.engine.rest.request('PUT', `/task/${report.id}/variables/reportFullText`, {
      type: 'File',
      value: Buffer.from('巡查报告全文').toString('base64'),
      valueInfo: { filename: '巡查报告全文.txt', mimeType: 'text/plain', encoding: 'UTF-8' },
    });
    await h.engine.completeUserTask(report, {
      reportSummary: '发现重大事故隐患1项、干部作风问题1项。',
      findings,
      reportCauseAnalysis: '县级监管部门履职不到位，企业主体责任落实不力。',
      reportRecommendations: '压实监管责任，开展危化品专项整治。',
      accountabilityList: [{ name: '张三', post: '副局长', level: 'county', region: '亭湖区', unit: EMERGENCY_BUREAU, problem: CONDUCT_DESCRIPTION }],
      specialReport: '关于液氯储罐区重大事故隐患的专题报告',
    });
    const firstReview = await h.engine.waitForUserTask(patrol, 'ReviewPatrolReport');
    const leadingGroup = h.engine.as(demoLoginOf(CandidateGroup.leadingGroup), DEMO_PASSWORD);
    const seen = await leadingGroup.userTaskVariables(firstReview.id, ['specialReport']);
    expect(seen.specialReport).toBe('关于液氯储罐区重大事故隐患的专题报告');
    const attached = await leadingGroup.rest.request<{ type: string; valueInfo: { filename: string } }>('GET', `/task/${firstReview.id}/variables/reportFullText`);
    expect(attached).toMatchObject({ type: 'File', valueInfo: { filename: '巡查报告全文.txt' } });
    await workApprovalChain(h, patrol, 'ReviewPatrolReport', [
      { group: CandidateGroup.leadingGroup, title: '巡查工作领导小组审核巡查报告', variables: approve('report', '2026-09-25') },
      { group: CandidateGroup.partyGovernment, title: '市委、市政府批准巡查报告', variables: approve('report', '2026-09-29') },
    ]);

    // Feedback is due 10 working days after the LAST approval (001 四(五)).
    const feedbackTask = await h.engine.waitForUserTask(patrol, 'GiveFeedback');
    const feedbackDeadline = await h.engine.waitForVariable<Record<string, string>>(patrol, 'feedbackDeadline');
    expect(feedbackDeadline).toMatchObject({ from: '2026-09-29', period: '10个工作日' });
    expect(new Date(feedbackTask.dueDate ?? '').toISOString()).toBe(new Date(feedbackDeadline.dueAt!).toISOString());
    await h.engine.completeUserTask(feedbackTask, { feedbackDate: '2026-10-09', feedbackMeeting: '巡查情况反馈会', feedbackOpinions: '危化品重大事故隐患未整改，监管部门执法宽松软。' });

    // The 反馈意见 names the unit itself as 主送, and the 整改方案 due date.
    const feedbackSubject = `关于${target}安全生产巡查情况的反馈意见`;
    await h.waitForMail('the 反馈意见', (subject) => subject === feedbackSubject);
    const feedbackMail = h.smtp.received.find((mail) => mail.parsed.subject === feedbackSubject)!;
    expect(String(feedbackMail.parsed.text ?? '')).toContain(`${target}：`);
    expect(String(feedbackMail.parsed.text ?? '')).toContain('巡查情况反馈会');

    // Finding routing as today: the major hazard is listed and rectified by 安委办's decision; the conduct finding is transferred.
    const [rectification] = await h.engine.waitForCalledInstances(patrol, ProcessId.hazardRectification);
    await h.complete(rectification!.id, 'DiagnoseHazard', {
      causeAnalysis: '企业主要负责人安全意识淡薄',
      disposalMeasure: '限期整改',
      rectificationRequirement: '立即投用安全联锁并开展全面排查',
      diagnosisDate: '2026-10-12',
    });
    await h.complete(rectification!.id, 'RectifyHazard', { rectificationMeasuresTaken: '安全联锁已投用，完成专项排查', rectificationCompletedDate: '2026-11-02' });
    // What the 复核 form (hazard-review) gives: 复核人员, 复核方式, 复核日期 and, for a listed hazard, the 摘牌文号.
    await h.complete(rectification!.id, 'ReviewRectification', {
      hazardReviewDecision: 'approve',
      hazardReviewComment: '现场复核整改到位',
      reviewers: '王复核、李复核',
      reviewMethod: '现场核查',
      reviewDate: '2026-11-05',
      delistingDocumentNumber: '盐安委摘〔2026〕3号',
    });
    await h.engine.waitForProcessInstanceState(rectification!.id, 'COMPLETED');
    const [transfer] = await h.engine.waitForCalledInstances(patrol, ProcessId.clueTransfer);
    const transferVariables = await h.engine.processVariables(transfer!.id);
    expect(transferVariables.transferringOrgan).toBe(CandidateGroup.safetyCommitteeOffice);
    expect(transferVariables.cadres).toEqual([expect.objectContaining({ name: '张三', unit: EMERGENCY_BUREAU })]);
    await h.engine.waitForUserTask(transfer!.id, 'ReviewTransferLetter').catch(async (error: unknown) => {
      throw new Error(`${String(error)}; incidents: ${JSON.stringify(await h.engine.rest.request('GET', '/incident'))}`);
    });
    await h.complete(transfer!.id, 'ReviewTransferLetter', { transferDecision: 'approve', transferReviewComment: '同意移交', transferSignatory: '王主任', transferClassification: '内部' });
    const transferId = await h.engine.waitForVariable<string>(transfer!.id, 'transferId');
    await h.engine.publishMessage(MessageName.transferReceiptReceived, { transferId }, { receipt: { receivedAt: '2026-10-20T10:00:00+08:00', note: '已收悉，已立案核查' } });
    await h.complete(transfer!.id, 'RecordTransferOutcome', { transferOutcome: '对县应急管理局分管负责人诫勉谈话', transferHandledBy: '县纪委监委第三监督检查室' });
    await h.engine.waitForProcessInstanceState(transfer!.id, 'COMPLETED');

    // 整改方案: a task list, sent to 市委市政府 with a copy to the 领导小组办公室, sent back once by 安委办.
    const planTask = await h.engine.waitForUserTask(patrol, 'SubmitRectificationPlan');
    const unitSees = await h.engine.userTaskVariables(planTask.id);
    expect(JSON.stringify(unitSees)).not.toContain(CONDUCT_DESCRIPTION);
    expect(unitSees.accountabilityList).toBeUndefined();
    const tasks = [{ problem: '液氯储罐区安全联锁未投用', measure: '投用联锁，专项排查', leader: '县长', unit: CHEMICAL_PLANT, deadline: '2026-11-30' }];
    const plan = { rectificationPlanNumber: '测委发〔2026〕30号', rectificationPlanSummary: '逐条制定整改措施，明确责任人和时限。', rectificationPlanSubmittedDate: '2026-10-30' };
    await h.engine.completeUserTask(planTask, { ...plan, rectificationTasks: [] });
    const planReview = await h.engine.waitForUserTask(patrol, 'ReviewRectificationPlan');
    expect(planReview.candidateGroups).toEqual([CandidateGroup.partyGovernment]);
    await h.engine.completeUserTask(planReview, { rectificationPlanDecision: 'return', rectificationPlanReviewComment: '整改任务清单为空' });
    await h.complete(patrol, 'SubmitRectificationPlan', { ...plan, rectificationTasks: tasks });
    await h.complete(patrol, 'ReviewRectificationPlan', { rectificationPlanDecision: 'accept', rectificationPlanReviewComment: '同意' });
    const notifications = await h.ledger.listNotifications({});
    const planReports = notifications.filter((notification) => notification.noticeType === 'work-report').map((notification) => notification.recipient);
    expect(planReports).toEqual(expect.arrayContaining([CandidateGroup.partyGovernment, CandidateGroup.safetyCommitteeOffice]));
    // 主送 and 抄送 are the bodies of 盐城 by name, not the roles (directory jurisdictions.yancheng.organs).
    const documents = Object.values(await h.engine.processVariables(patrol)) as { kind?: string; title?: string; body?: string }[];
    const planReport = documents.find((document) => document?.kind === 'work-report' && document.title?.includes('整改方案'));
    expect(planReport?.body).toMatch(/^中共盐城市委、盐城市人民政府：/);
    expect(planReport?.body).toContain('抄送：盐城市安全生产委员会办公室。');

    // 整改落实 item by item, with 对人员的处理意见, checked by the body it is reported to (市委、市政府).
    await h.complete(patrol, 'SubmitRectificationResult', {
      rectificationTasks: tasks.map((task) => ({ ...task, done: 'yes', result: '联锁已投用' })),
      rectificationResultSummary: '各项问题已整改完毕。',
      accountabilityHandling: '对2名责任人予以问责。',
      rectificationResultSubmittedDate: '2026-11-20',
    });
    await h.complete(patrol, 'CheckRectificationResult', {
      rectificationTasks: tasks.map((task) => ({ ...task, done: 'yes', result: '联锁已投用', checkResult: '已整改到位' })),
      rectificationResultDecision: 'accept',
      rectificationResultCheckComment: '逐项核查属实',
    });

    // 回头看 by the 领导小组 (a serious finding), then 安委办 reviews what goes public.
    const revisit = await h.engine.waitForUserTask(patrol, 'Revisit').catch(async (error: unknown) => {
      const called = await h.engine.calledInstances(patrol);
      const open = await Promise.all(called.map(async (instance) => [instance.processDefinitionKey, instance.state, (await h.engine.rest.request<Array<{ taskDefinitionKey: string }>>('GET', '/task', undefined, { query: { processInstanceId: instance.id } })).map((task) => task.taskDefinitionKey)]));
      throw new Error(`${String(error)}; called: ${JSON.stringify(open)}; incidents: ${JSON.stringify(await h.engine.rest.request('GET', '/incident'))}`);
    });
    expect(revisit.candidateGroups).toEqual([CandidateGroup.leadingGroup]);
    await h.engine.completeUserTask(revisit, { revisitDate: '2026-12-01', revisitConclusion: '整改措施落实到位', revisitDecision: 'effective' });
    const review = await h.engine.waitForUserTask(patrol, 'ReviewPublication');
    expect(review.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
    expect((await h.engine.userTaskVariables(review.id, ['publicationSummary'])).publicationSummary).toBe('发现重大事故隐患1项、干部作风问题1项。');
    await h.engine.completeUserTask(review, { publicationSummary: '巡查发现重大事故隐患1项，已整改销号。', publicationReviewer: '安委办 刘洋', publicationReviewedDate: '2026-12-02' });

    await h.engine.waitForProcessInstanceState(patrol, 'COMPLETED');
    expect(await h.engine.incidentHistory(patrol)).toEqual([]);
    const publicPage = readFileSync(path.join(h.config.disclosure.directory, 'index.html'), 'utf8');
    expect(publicPage).toContain(`${target}安全生产巡查及整改情况`);
    expect(publicPage).toContain('巡查发现重大事故隐患1项，已整改销号。');
    expect(publicPage).toContain('液氯储罐区安全联锁未投用');
    // 001 五(五): the approved plan's main points, the 整改方案 and 整改落实; 002 四(二)6: the 回头看 conclusion.
    for (const text of ['危险化学品安全、党政领导干部安全生产责任制落实', '逐条制定整改措施，明确责任人和时限。', '各项问题已整改完毕。', '整改措施落实到位']) {
      expect(publicPage).toContain(text);
    }
    const published = readdirSync(path.join(h.config.disclosure.directory, 'disclosures')).map((file) =>
      readFileSync(path.join(h.config.disclosure.directory, 'disclosures', file), 'utf8'),
    );
    expect([publicPage, ...published].some((text) => text.includes(CONDUCT_DESCRIPTION))).toBe(false);
    expect(published.some((text) => text.includes('张三'))).toBe(false);
  });
});

describe(`${ProcessId.safetyPatrol}: 湖南`, () => {
  it('runs 安委办审核 → 安委会审定, copies the report to the 省委巡视办 and puts a missed deadline before 安委办 without holding up 整改', async () => {
    // The engine clock only moves forward between tests: this patrol starts after the first one ended.
    await h.clock.pin('2026-09-21T09:00:00+08:00');
    const patrolId = '湘安巡〔2026〕2号';
    const target = '测试市人民政府';
    const patrol = await patrolAtPlanReview(h, { patrolId, target, jurisdiction: 'hunan', plannedEntryDate: '2026-09-28', authorizationNumber: '湘安委授〔2026〕2号' });
    await workApprovalChain(h, patrol, 'ReviewPatrolPlan', [
      { group: CandidateGroup.safetyCommitteeOffice, title: '省安委办审核巡查工作方案', variables: approve('plan', '2026-09-21') },
      { group: CandidateGroup.safetyCommittee, title: '省安委会审定巡查工作方案', variables: approve('plan', '2026-09-21') },
    ]);
    await enterAndFinishOnSite(patrol, '2026-09-28', '湘安巡〔2026〕2号');
    const hunanReport = { reportSummary: '未发现需移交的问题。', findings: [], reportCauseAnalysis: '—', reportRecommendations: '持续推进专项整治。', accountabilityList: [] };
    await h.complete(patrol, 'WritePatrolReport', hunanReport);
    // The 安委会 sends the report back: it returns to the 巡查组 with the comment, and the chain starts again at 安委办.
    await workApprovalChain(h, patrol, 'ReviewPatrolReport', [
      { group: CandidateGroup.safetyCommitteeOffice, title: '省安委办审核巡查报告', variables: approve('report', '2026-10-09') },
      { group: CandidateGroup.safetyCommittee, title: '省安委会审定巡查报告', variables: { reportDecision: 'reject', reportReviewComment: '请补充意见建议', reportApprovedDate: '2026-10-10' } },
    ]);
    const rewrite = await h.engine.waitForUserTask(patrol, 'WritePatrolReport');
    expect((await h.engine.userTaskVariables(rewrite.id, ['reportReviewComment'])).reportReviewComment).toBe('请补充意见建议');
    await h.engine.completeUserTask(rewrite, { ...hunanReport, reportRecommendations: '持续推进危化品专项整治，健全约谈机制。' });
    const reportApprovalsAfterReturn = await h.engine.waitForVariable<unknown[]>(patrol, 'reportApprovals');
    expect(reportApprovalsAfterReturn).toEqual([]);
    await workApprovalChain(h, patrol, 'ReviewPatrolReport', [
      { group: CandidateGroup.safetyCommitteeOffice, title: '省安委办审核巡查报告', variables: approve('report', '2026-10-12') },
      { group: CandidateGroup.safetyCommittee, title: '省安委会审定巡查报告', variables: { ...approve('report', '2026-10-13'), reportToInspectionOffice: true } },
    ]);
    await h.engine.waitForCompletedElements(patrol, ['SendReportToInspectionOffice']);
    const copies = (await h.ledger.listNotifications({})).filter((notification) => notification.recipient === 'inspection-office');
    expect(copies.map((copy) => copy.subject)).toEqual(expect.arrayContaining([`关于${target}安全生产巡查工作的报告`]));

    await h.complete(patrol, 'GiveFeedback', { feedbackDate: '2026-10-14', feedbackMeeting: '反馈会', feedbackOpinions: '请抓紧整改。' });
    const planTask = await h.engine.waitForUserTask(patrol, 'SubmitRectificationPlan');
    const deadline = await h.engine.waitForVariable<Record<string, string>>(patrol, 'rectificationPlanDeadline');
    expect(planTask.dueDate && new Date(planTask.dueDate).toISOString()).toBe(new Date(deadline.dueAt!).toISOString());

    await h.clock.pin(new Date(new Date(deadline.remindAt!).getTime() + 60_000));
    await h.waitForMail('the reminder e-mail', (subject) => subject.includes('整改方案报送') && subject.includes('提醒'));
    await h.clock.pin(new Date(new Date(deadline.dueAt!).getTime() + 60_000));
    const escalation = await expectEscalationBeforeOffice(patrol);

    // No timer ever transfers a clue, and the unit's own task stays open.
    expect(await h.engine.calledInstances(patrol)).not.toEqual(expect.arrayContaining([expect.objectContaining({ processDefinitionKey: ProcessId.clueTransfer })]));
    expect((await h.engine.waitForUserTask(patrol, 'SubmitRectificationPlan')).id).toBe(planTask.id);

    // The 督办决定 runs beside the phases (raised from 整改方案 to the process level): while 安委办 has not decided yet,
    // 整改方案 and 整改落实 are done and the patrol reaches 结果公开.
    await h.engine.completeUserTask(planTask, { rectificationPlanNumber: '测政发〔2026〕12号', rectificationPlanSummary: '逐项整改。', rectificationPlanSubmittedDate: '2026-10-29', rectificationTasks: [] });
    await h.complete(patrol, 'ReviewRectificationPlan', { rectificationPlanDecision: 'accept', rectificationPlanReviewComment: '同意' });
    await h.complete(patrol, 'SubmitRectificationResult', { rectificationTasks: [], rectificationResultSummary: '已整改。', accountabilityHandling: '无', rectificationResultSubmittedDate: '2026-10-30' });
    await h.complete(patrol, 'CheckRectificationResult', { rectificationTasks: [], rectificationResultDecision: 'accept', rectificationResultCheckComment: '属实' });
    await h.engine.waitForUserTask(patrol, 'ReviewPublication');
    expect((await h.engine.processInstance(escalation))?.state).toBe('ACTIVE');
    await decideInterview(patrol, escalation);
  });
});

/** The overdue timer puts the case before 安委办 (overdue-escalation); resolves to that instance, its decision still open. */
async function expectEscalationBeforeOffice(patrol: string): Promise<string> {
  const [escalation] = await h.engine.waitForCalledInstances(patrol, ProcessId.overdueEscalation);
  const variables = await h.engine.processVariables(escalation!.id);
  expect(variables).toMatchObject({ decidingGroup: CandidateGroup.safetyCommitteeOffice, overdueSubject: '整改方案报送', overdueParty: { name: '测试市人民政府', kind: 'unit' } });
  return escalation!.id;
}

/** 安委办 decides a 约谈 with a future date and a place; the measure reaches the patrol. */
async function decideInterview(patrol: string, escalation: string): Promise<void> {
  const decision = await h.engine.waitForUserTask(escalation, 'DecideEscalation').catch(async (error: unknown) => {
    const incidents = await h.engine.rest.request('GET', '/incident', undefined, { query: { processInstanceId: escalation } });
    throw new Error(`${String(error)}; incidents: ${JSON.stringify(incidents)}`);
  });
  expect(decision.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
  await h.engine.completeUserTask(decision, {
    escalationMeasure: 'interview',
    escalationReason: '整改方案逾期未报送',
    interviewAt: '2026-12-20T09:30+08:00',
    interviewPlace: '省安委办会议室',
    interviewee: '测试市人民政府主要负责人',
  });
  await h.engine.waitForProcessInstanceState(escalation, 'COMPLETED');
  expect(await h.engine.waitForVariable(patrol, 'submitRectificationPlanEscalationMeasure')).toBe('interview');
}

describe(`${ProcessId.safetyPatrol}: 不配合、干扰巡查`, () => {
  it('transfers the cadres 安委办 decided to hold accountable for an obstruction, beside the report and without holding it up', async () => {
    // After the 湖南 patrol's deadlines: the engine clock only moves forward in this file.
    await h.clock.pin('2026-11-02T09:00:00+08:00');
    const patrolId = '赣安巡〔2026〕7号';
    const target = '进贤县委、县人民政府';
    const patrol = await patrolAtPlanReview(h, { patrolId, target, jurisdiction: 'jiangxi', plannedEntryDate: '2026-11-09', authorizationNumber: '赣安巡授〔2026〕7号' });
    await workApprovalChain(h, patrol, 'ReviewPatrolPlan', [
      { group: CandidateGroup.leadingGroup, title: '巡查工作领导小组审定巡查工作方案', variables: approve('plan', '2026-11-02') },
    ]);
    const [entry] = await h.engine.waitForCalledInstances(patrol, ProcessId.patrolEntry);
    await issueEntryNotice(h, entry!.id, { number: patrolId, entryDate: '2026-11-09' });
    await enterOnSite(h, entry!.id, '2026-11-09');

    const cadres = [{ name: '吴某', post: '县应急管理局局长', level: 'county', unit: '进贤县应急管理局', region: '进贤县' }];
    for (const [kind, decision] of [
      ['拒绝或不按要求提供文件材料', 'accountability'],
      ['拖延接受巡查', 'no-accountability'],
    ] as const) {
      await h.engine.publishMessage(MessageName.patrolObstructionReported, { patrolId }, { obstruction: { description: `${kind}（来电反映）` } });
      const record = await h.engine.waitForUserTask(entry!.id, 'RecordObstruction');
      await h.engine.completeUserTask(record, {
        obstructionOccurredOn: '2026-11-10',
        obstructionKind: kind,
        obstructionDescription: `进贤县应急管理局${kind}，经催告仍不改正`,
        obstructionCadres: cadres,
      });
      const decide = await h.engine.waitForUserTask(entry!.id, 'DecideObstruction');
      expect(decide.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
      await h.engine.completeUserTask(decide, { obstructionDecision: decision, obstructionDecisionReason: decision === 'accountability' ? '干扰巡查，造成不良影响' : '经提醒已配合' });
    }
    await finishOnSite(h, entry!.id);

    // Only the obstruction decided for accountability is transferred, to the 纪检监察机关, naming the cadre; the report is due meanwhile.
    const transfers = await h.engine.waitForCalledInstances(patrol, ProcessId.clueTransfer);
    expect(transfers).toHaveLength(1);
    const transfer = await h.engine.processVariables(transfers[0]!.id);
    expect(transfer).toMatchObject({
      transferringOrgan: CandidateGroup.safetyCommitteeOffice,
      receiver: 'discipline-inspection',
      accountability: true,
      cadres: [expect.objectContaining({ name: '吴某', level: 'county' })],
      finding: { category: FindingCategory.cadreConduct, description: `不配合、干扰巡查：拒绝或不按要求提供文件材料。进贤县应急管理局拒绝或不按要求提供文件材料，经催告仍不改正`, responsibleUnit: target },
    });
    // By cadre-management authority: a 县管干部 of 进贤县 goes to that county's body.
    const letter = await h.engine.waitForVariable<{ receiverName: string }>(transfers[0]!.id, 'transferLetter');
    expect(letter.receiverName).toContain('进贤县');
    await h.engine.waitForUserTask(patrol, 'WritePatrolReport');
    expect((await h.engine.incidentHistory(transfers[0]!.id)).map((incident) => incident.incidentMessage)).toEqual([]);
    expect(await h.engine.incidentHistory(patrol)).toEqual([]);
  });
});
