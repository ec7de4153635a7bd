/**
 * The safety patrol (安全生产巡查) on a real engine with the real workers: the
 * happy path through every stage with finding routing, a public report turning
 * into a clue, a rejected report coming back, and the overdue path escalating
 * 提醒 → 函告 → 约谈 → 责任追究 clue. Notices are asserted as received by a real
 * SMTP server, side effects as rows in the ledger.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FindingCategory, MessageName, ProcessId } from '../../../workers/contract.ts';
import { DAY_MS } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';
import { approvePlanAndEnter, issueEntryNotice, patrolAtPlanReview } from '../support/patrol.ts';

const h = useEngineHarness({ smtp: true });
const CHEMICAL_PLANT = '清江化工有限公司';
const EMERGENCY_BUREAU = '测试县应急管理局';

describe(`${ProcessId.safetyPatrol}: happy path`, () => {
  it('runs from 摸底 to 结果公开, routing a major hazard and a conduct finding and keeping the ledger', async () => {
    await h.clock.pin('2026-09-01T09:00:00+08:00');
    const patrolId = '盐安巡〔2026〕1号';
    const target = '测试县委、县人民政府';
    const patrolInstanceId = await patrolAtPlanReview(h, { patrolId: patrolId, target: target, planFocus: '危险化学品安全、党政领导干部安全生产责任制落实' });
    const entryInstanceId = await approvePlanAndEnter(h, patrolInstanceId);

    // 来信来电举报 while on site becomes a clue.
    await h.engine.publishMessage(MessageName.patrolReportReceived, { patrolId }, {
      report: { source: '来电', content: '某化工企业夜间违规装卸液氯', reporterContact: '138****0000' },
    });
    await issueEntryNotice(h, entryInstanceId, { number: '盐安巡〔2026〕1号', entryDate: '2026-09-07' });
    await h.clock.advance(11 * DAY_MS);
    await h.engine.waitForProcessInstanceState(entryInstanceId, 'COMPLETED');

    // Report: 10 working days (盐城) after the on-site end 2026-09-17 → 10-08, across 中秋/国庆 and the 09-20 make-up day.
    const report = await h.engine.waitForUserTask(patrolInstanceId, 'WritePatrolReport');
    expect(new Date(report.dueDate ?? '').toISOString()).toBe('2026-10-08T10:00:00.000Z');
    const findings = [
      { category: FindingCategory.majorHazard, description: '液氯储罐区安全联锁未投用', responsibleUnit: CHEMICAL_PLANT, serious: true },
      { category: FindingCategory.cadreConduct, description: '执法检查流于形式，问题隐患长期未督促整改', responsibleUnit: EMERGENCY_BUREAU, serious: false },
    ];
    await h.engine.completeUserTask(report, { reportSummary: '初稿', findings });
    await h.engine.waitForUserTaskGone(patrolInstanceId, 'WritePatrolReport');

    // A rejected report comes back to the team with the comment, then passes.
    await h.complete(patrolInstanceId, 'ReviewPatrolReport', { reportDecision: 'reject', reportReviewComment: '请补充责任追究清单', reportApprovedDate: '2026-09-28' });
    const again = await h.engine.waitForUserTask(patrolInstanceId, 'WritePatrolReport');
    expect(await h.engine.waitForVariable(patrolInstanceId, 'reportReviewComment')).toBe('请补充责任追究清单');
    await h.engine.completeUserTask(again, { reportSummary: '发现重大事故隐患1项、干部作风问题1项，已列出责任追究清单。', findings });
    await h.engine.waitForUserTaskGone(patrolInstanceId, 'WritePatrolReport');
    await h.complete(patrolInstanceId, 'ReviewPatrolReport', { reportDecision: 'approve', reportReviewComment: '同意', reportApprovedDate: '2026-09-29' });
    await h.complete(patrolInstanceId, 'GiveFeedback', {
      feedbackDate: '2026-10-09',
      feedbackMeeting: '巡查情况反馈会',
      feedbackOpinions: '危化品重大事故隐患未整改，监管部门执法宽松软。',
    });

    // Finding routing: the major hazard is listed and rectified; the conduct finding goes to 纪检监察机关.
    const [rectification] = await h.engine.waitForCalledInstances(patrolInstanceId, ProcessId.hazardRectification);
    const rectificationInstanceId = rectification!.id;
    await h.complete(rectificationInstanceId, 'DiagnoseHazard', {
      causeAnalysis: '企业主要负责人安全意识淡薄',
      disposalMeasure: '限期整改',
      rectificationRequirement: '立即投用安全联锁并开展全面排查',
      diagnosisDate: '2026-10-12',
    });
    await h.complete(rectificationInstanceId, 'RectifyHazard', {
      rectificationMeasuresTaken: '安全联锁已投用，完成专项排查',
      rectificationCompletedDate: '2026-11-02',
    });
    await h.complete(rectificationInstanceId, 'ReviewRectification', { hazardReviewDecision: 'approve', hazardReviewComment: '现场复核整改到位' });
    await h.engine.waitForProcessInstanceState(rectificationInstanceId, 'COMPLETED');

    const [transfer] = await h.engine.waitForCalledInstances(patrolInstanceId, ProcessId.clueTransfer);
    const transferInstanceId = transfer!.id;
    await h.complete(transferInstanceId, 'ReviewTransferLetter', { transferDecision: 'approve', transferReviewComment: '同意移交' });
    const transferId = await h.engine.waitForVariable<string>(transferInstanceId, 'transferId');
    await h.engine.publishMessage(MessageName.transferReceiptReceived, { transferId }, {
      receipt: { receivedAt: '2026-10-20T10:00:00+08:00', note: '已收悉，已立案核查' },
    });
    await h.complete(transferInstanceId, 'RecordTransferOutcome', { transferOutcome: '对县应急管理局分管负责人诫勉谈话', transferHandledBy: '县纪委监委第三监督检查室' });
    await h.engine.waitForProcessInstanceState(transferInstanceId, 'COMPLETED');

    await h.complete(patrolInstanceId, 'SubmitRectificationPlan', {
      rectificationPlanNumber: '测委发〔2026〕30号',
      rectificationPlanSummary: '逐条制定整改措施，明确责任人和时限。',
      rectificationPlanSubmittedDate: '2026-10-30',
    });
    await h.complete(patrolInstanceId, 'SubmitRectificationResult', {
      rectificationResultSummary: '各项问题已整改完毕。',
      accountabilityHandling: '对2名责任人予以问责。',
      rectificationResultSubmittedDate: '2026-11-20',
    });
    await h.complete(patrolInstanceId, 'Revisit', { revisitDate: '2026-12-01', revisitConclusion: '整改措施落实到位', revisitDecision: 'effective' });

    await h.engine.waitForProcessInstanceState(patrolInstanceId, 'COMPLETED');
    expect(await h.engine.incidentHistory(patrolInstanceId)).toEqual([]);
    await h.engine.waitForCompletedElements(patrolInstanceId, ['CopyResults', 'ListMajorHazard', 'PublishResults', 'PatrolCompleted']);

    // The ledger holds every side effect exactly once.
    const clues = await h.ledger.listClues();
    expect(clues.map((clue) => clue.source).sort()).toEqual(['摸底', '来电']);
    const recorded = await h.ledger.listFindings();
    expect(recorded).toHaveLength(2);
    const major = recorded.find((finding) => finding.category === FindingCategory.majorHazard)!;
    expect(major.listing).not.toBeNull();
    expect(major.status).toBe('已销号');
    const transfers = await h.ledger.listTransfers({});
    expect(transfers).toHaveLength(1);
    expect(transfers[0]!.receiverKind).toBe('纪检监察机关');
    expect(transfers[0]!.outcome).toContain('对县应急管理局分管负责人诫勉谈话');
    expect(transfers[0]!.receiptReceivedAt).not.toBeNull();
    const disclosures = await h.ledger.listDisclosures({});
    expect(disclosures.map((disclosure) => disclosure.kind)).toEqual(expect.arrayContaining(['进驻公告', '巡查结果']));
    const publicPage = readFileSync(path.join(h.config.disclosure.directory, 'index.html'), 'utf8');
    expect(publicPage).toContain(`${target}安全生产巡查及整改情况`);

    // Notices really left through SMTP: entry notice, result copies (000 第十条), listing, transfer letter.
    const subjects = h.subjects();
    expect(subjects).toEqual(expect.arrayContaining([`关于对${target}开展安全生产巡查的通知`, `关于${target}安全生产巡查结果的函`]));
    expect(subjects.some((subject) => subject.includes('挂牌督办'))).toBe(true);
    expect(subjects.some((subject) => subject.includes('移交问题线索'))).toBe(true);
    const resultCopies = h.smtp.received.filter((mail) => (mail.parsed.subject ?? '').includes('巡查结果的函'));
    const copyRecipients = resultCopies.flatMap((mail) => mail.envelopeTo);
    expect(copyRecipients.length).toBeGreaterThanOrEqual(2);
    const notifications = await h.ledger.listNotifications({});
    const copied = notifications.filter((notification) => notification.noticeType === 'result-copy').map((notification) => notification.recipient);
    expect(copied).toEqual(expect.arrayContaining(['organization-department', 'discipline-inspection']));
  });
});

describe(`${ProcessId.safetyPatrol}: overdue rectification plan`, () => {
  it('reminds, then sends 函告 and 约谈 notices, then transfers a 责任追究 clue to 纪检监察机关', async () => {
    // The engine clock only moves forward between tests: this patrol starts after the first one ended.
    await h.clock.pin('2026-10-12T09:00:00+08:00');
    const patrolId = '盐安巡〔2026〕2号';
    const target = '逾期县委、县人民政府';
    const patrolInstanceId = await patrolAtPlanReview(h, { patrolId: patrolId, target: target, planFocus: '危险化学品安全、党政领导干部安全生产责任制落实' });
    const entryInstanceId = await approvePlanAndEnter(h, patrolInstanceId);
    await issueEntryNotice(h, entryInstanceId, { number: '盐安巡〔2026〕1号', entryDate: '2026-10-19' });
    await h.clock.advance(11 * DAY_MS);
    await h.engine.waitForProcessInstanceState(entryInstanceId, 'COMPLETED');
    await h.complete(patrolInstanceId, 'WritePatrolReport', { reportSummary: '未发现需移交的问题。', findings: [] });
    await h.complete(patrolInstanceId, 'ReviewPatrolReport', { reportDecision: 'approve', reportApprovedDate: '2026-11-13' });
    await h.complete(patrolInstanceId, 'GiveFeedback', { feedbackDate: '2026-11-16', feedbackMeeting: '反馈会', feedbackOpinions: '请抓紧整改。' });

    const planTask = await h.engine.waitForUserTask(patrolInstanceId, 'SubmitRectificationPlan');
    const deadline = await h.engine.waitForVariable<Record<string, string>>(patrolInstanceId, 'rectificationPlanDeadline');
    expect(planTask.dueDate && new Date(planTask.dueDate).toISOString()).toBe(new Date(deadline.dueAt!).toISOString());

    await h.clock.pin(new Date(new Date(deadline.remindAt!).getTime() + 60_000));
    await h.waitForMail('the reminder e-mail', (s) => s.includes('整改方案报送') && s.includes('提醒'));
    await h.clock.pin(new Date(new Date(deadline.letterAt!).getTime() + 60_000));
    await h.waitForMail('the 函告 e-mail', (s) => s.includes('逾期未完成“整改方案报送”'));
    await h.clock.pin(new Date(new Date(deadline.interviewAt!).getTime() + 60_000));
    await h.waitForMail('the 约谈 e-mail', (s) => s.includes('约谈') && s.includes(target));
    await h.clock.pin(new Date(new Date(deadline.accountabilityAt!).getTime() + 60_000));
    const [accountability] = await h.engine.waitForCalledInstances(patrolInstanceId, ProcessId.clueTransfer);
    const letterTask = await h.engine.waitForUserTask(accountability!.id, 'ReviewTransferLetter');
    expect(letterTask.candidateGroups).toEqual(['anwei-ban']);
    const letter = await h.engine.waitForVariable<Record<string, string>>(accountability!.id, 'transferLetter');
    expect(letter.receiverName).toBe('纪检监察机关');
    expect(letter.body).toContain('逾期未报送巡查整改方案');

    // The plan task itself is still open: escalation never completes the unit's obligation for it.
    expect((await h.engine.waitForUserTask(patrolInstanceId, 'SubmitRectificationPlan')).id).toBe(planTask.id);
  });
});
