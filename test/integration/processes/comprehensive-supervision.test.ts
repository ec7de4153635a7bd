/**
 * The comprehensive supervision (安全生产综合督查, 000 第十一–十四条) on the
 * test engine with the real workers: a yearly plan over two 安委会成员单位 (one by
 * 交叉督查) with findings routed by category, feedback, report, rectification,
 * 回头看, 通报曝光 and result copies; a 回头看 that starts a daily inspection by
 * signal; and an overdue rectification escalating 提醒 → 函告 → 约谈 → 责任追究.
 * Every task is completed by the demo login of its candidate group. Notices are
 * asserted as received by a real SMTP server, side effects as rows in the ledger.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../deploy/local/demo-users.ts';
import { CandidateGroup, FindingCategory, MessageName, ProcessId, SignalName } from '../../../workers/contract.ts';
import { eventually, type UserTask } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';

const h = useEngineHarness({ smtp: true });

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
  planNumber: '测安办〔2026〕1号',
  jurisdiction: 'jiangxi',
  supervisionFocus: '落实“三管三必须”、安全生产权责清单和监管执法情况',
};

/** 摸底 → 通知 → 进驻 for one unit; returns nothing, the findings are what the team records. */
async function superviseOnSite(instanceId: string, unitName: string, findings: unknown[]) {
  await completeUnitTask(instanceId, 'SurveyUnit', unitName, {
    surveySummary: `${unitName}近年执法检查数量下降`,
    clues: [{ source: '摸底', content: `${unitName}对重点企业检查流于形式` }],
  });
  await completeUnitTask(instanceId, 'IssueSupervisionNotice', unitName, {
    supervisionNoticeNumber: '测安办〔2026〕5号',
    entryDate: '2026-03-09',
    supervisionTeamName: '市安委会督查组',
    supervisionTeamLeader: '王强',
  });
  await completeUnitTask(instanceId, 'OnSiteSupervision', unitName, {
    onSiteSummary: `${unitName}履职情况总体较好，存在若干问题。`,
    onSiteEndDate: '2026-03-13',
    findings,
  });
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
  await completeUnitTask(instanceId, 'ReviewSupervisionReport', unitName, { reportDecision: 'approve', reportReviewComment: '同意' });
}

describe(`${ProcessId.comprehensiveSupervision}: two member units`, () => {
  it('supervises two units (one 交叉督查), routes findings, tracks rectification, exposes negative examples and copies the result', async () => {
    await h.clock.pin('2026-03-02T09:00:00+08:00');
    const instanceId = await h.engine.startProcessInstance(ProcessId.comprehensiveSupervision, {});
    const emergency = '测试市应急管理局';
    const transport = '测试市交通运输局';
    const housing = '测试市住房城乡建设局';

    // A 交叉督查 without the supervising unit comes back with the reason.
    const first = await h.engine.waitForUserTask(instanceId, 'DraftAnnualPlan');
    await h.engine.completeUserTask(first, { ...PLAN, memberUnits: [{ unitName: emergency, crossSupervision: true }] });
    const again = await eventually('the plan to come back', async () => {
      const task = await h.engine.waitForUserTask(instanceId, 'DraftAnnualPlan');
      return task.id === first.id ? undefined : task;
    });
    expect(await h.engine.waitForVariable<string>(instanceId, 'planValidationMessage')).toContain('交叉督查');
    await h.engine.completeUserTask(again, {
      ...PLAN,
      memberUnits: [
        { unitName: emergency, crossSupervision: true, crossSupervisingUnit: housing },
        { unitName: transport, crossSupervision: false, unitFocus: '道路运输和水上交通安全监管' },
      ],
    });
    await h.engine.waitForUserTaskGone(instanceId, 'DraftAnnualPlan');

    const plant = '测试危化品有限公司';
    const quarry = '测试采石场';
    await superviseOnSite(instanceId, emergency, [
      { category: FindingCategory.majorHazard, description: '液氨储罐区未设置紧急切断装置', responsibleUnit: plant, negativeExample: true },
      { category: FindingCategory.illegalProduction, description: '无证开采石料', responsibleUnit: quarry, receiver: 'competent-department', negativeExample: false },
    ]);
    await superviseOnSite(instanceId, transport, [
      { category: FindingCategory.general, description: '客运站安全出口堵塞', responsibleUnit: '测试客运站', negativeExample: false },
      { category: FindingCategory.cadreConduct, description: '对港口危货作业长期不检查', responsibleUnit: transport, negativeExample: false },
    ]);

    // Feedback and report are due 10 working days (江西 profile) after the on-site end 2026-03-13.
    const feedbackTask = await unitTask(instanceId, 'GiveFeedback', emergency);
    expect(new Date(feedbackTask.dueDate ?? '').toISOString()).toBe('2026-03-27T10:00:00.000Z');
    expect(feedbackTask.candidateGroups).toEqual(['ducha-zu']);

    // Each finding goes where MISSION routes it, while the units report.
    await settleRectification(await calledFor(instanceId, ProcessId.hazardRectification, '液氨储罐区'));
    await settleRectification(await calledFor(instanceId, ProcessId.hazardRectification, '客运站安全出口'));
    await settleTransfer(await calledFor(instanceId, ProcessId.clueTransfer, '无证开采'), '已立案查处');
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
      await completeUnitTask(instanceId, 'Revisit', unitName, {
        revisitDate: '2026-06-01',
        followUpKind: 'none',
        revisitConclusion: '整改措施落实到位',
        revisitDecision: 'effective',
      });
    }

    // The negative example the team marked is offered for 通报曝光.
    const results = await h.engine.waitForUserTask(instanceId, 'CompileSupervisionResults');
    const offered = await h.engine.userTaskVariables(results.id, ['negativeExamples', 'unitResultsText']);
    expect(offered['negativeExamples']).toEqual([{ unitName: plant, category: FindingCategory.majorHazard, description: '液氨储罐区未设置紧急切断装置' }]);
    expect(offered['unitResultsText']).toContain(`${emergency}（交叉督查：${housing}）`);
    await h.engine.completeUserTask(results, {
      resultSummary: '两个成员单位履职总体到位，发现问题4项均已处置。',
      negativeExamples: offered['negativeExamples'],
      exposureSummary: '现将综合督查发现的反面典型通报如下。',
    });

    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    // No incident was ever raised on the instance (or propagated from those it called).
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);
    await h.engine.waitForCompletedElements(instanceId, ['PublishExposure', 'PublishResults', 'CopyResults', 'SupervisionCompleted']);

    // Ledger: clues, the four findings from the 督查, the listing, both transfers, both disclosures.
    expect((await h.ledger.listClues()).map((clue) => clue.source)).toEqual(['摸底', '摸底']);
    const findings = await h.ledger.listFindings();
    expect(findings).toHaveLength(4);
    expect(new Set(findings.map((finding) => finding.source))).toEqual(new Set(['督查']));
    const major = findings.find((finding) => finding.category === FindingCategory.majorHazard)!;
    expect(major.listing?.documentNumber).toMatch(/^赣安督〔2026〕\d+号$/);
    expect(major.status).toBe('已销号');
    expect(findings.find((finding) => finding.category === FindingCategory.general)!.status).toBe('已销号');
    const transfers = await h.ledger.listTransfers({});
    expect(transfers.map((transfer) => transfer.receiverKind).sort()).toEqual(['有管辖权的部门', '纪检监察机关'].sort());
    expect(transfers.every((transfer) => transfer.receiptReceivedAt !== null)).toBe(true);
    const disclosures = await h.ledger.listDisclosures({});
    expect(disclosures.map((disclosure) => disclosure.kind).sort()).toEqual(['督查结果', '通报曝光'].sort());
    expect(existsSync(path.join(h.config.disclosure.directory, 'index.html'))).toBe(true);

    // SMTP: the 督查通知 (with the 交叉督查 named), feedback, report, listing, transfer letters, result copies.
    expect(h.subjects()).toEqual(
      expect.arrayContaining([`关于对${emergency}开展安全生产综合督查的通知`, `关于对${transport}开展安全生产综合督查的通知`]),
    );
    const notice = h.smtp.received.find((mail) => mail.parsed.subject === `关于对${emergency}开展安全生产综合督查的通知`)!;
    expect(notice.parsed.text).toContain(`交叉督查，由${housing}组成督查组实施`);
    expect(h.subjects().filter((subject) => subject.includes('反馈意见'))).toHaveLength(2);
    expect(h.subjects()).toEqual(expect.arrayContaining([`关于${emergency}安全生产综合督查情况的报告`]));
    expect(h.subjects().some((subject) => subject.includes('挂牌督办'))).toBe(true);
    expect(h.subjects().filter((subject) => subject.includes('移交问题线索')).length).toBeGreaterThanOrEqual(2);
    expect(h.subjects().filter((subject) => subject.includes('安全生产综合督查情况的反馈意见'))).toHaveLength(2);
    const copies = h.smtp.received.filter((mail) => mail.parsed.subject === '关于2026年度安全生产综合督查结果的函');
    expect(copies.flatMap((mail) => mail.envelopeTo)).toEqual(expect.arrayContaining(['zzb@example.gov.cn', 'jjjc@example.gov.cn']));
    const notifications = await h.ledger.listNotifications({});
    const copied = notifications.filter((notification) => notification.noticeType === 'supervision-result-copy').map((notification) => notification.recipient);
    expect(copied.sort()).toEqual(['discipline-inspection', 'organization-department']);
    const noticed = notifications.filter((notification) => notification.noticeType === 'supervision-notice').map((notification) => notification.recipient);
    expect(noticed).toEqual(expect.arrayContaining(['bei-ducha-danwei', 'ducha-zu']));
  });
});

describe(`${ProcessId.comprehensiveSupervision}: 回头看 by a daily inspection`, () => {
  it('throws the follow-up signal and a daily-inspection instance starts with the followUp variable', async () => {
    const instanceId = await h.engine.startProcessInstance(ProcessId.comprehensiveSupervision, {});
    const unitName = '回头看市应急管理局';
    await h.complete(instanceId, 'DraftAnnualPlan', { ...PLAN, memberUnits: [{ unitName, crossSupervision: false }] });
    await superviseOnSite(instanceId, unitName, []);
    await feedbackAndReport(instanceId, unitName);
    await completeUnitTask(instanceId, 'SubmitRectification', unitName, {
      rectificationSummary: '已整改',
      accountabilityHandling: '无',
      rectificationSubmittedDate: '2026-05-20',
    });
    const before = new Set((await h.engine.processInstancesOf(ProcessId.dailyInspection)).map((instance) => instance.id));
    const subject = `${unitName}综合督查整改回头看`;
    await completeUnitTask(instanceId, 'Revisit', unitName, {
      revisitDate: '2026-06-01',
      followUpKind: 'daily-inspection',
      followUpSubject: subject,
      followUpFocus: '危化品企业执法检查整改落实',
      revisitConclusion: '委托日常监督检查核查整改情况',
      revisitDecision: 'effective',
    });
    await h.engine.waitForCompletedElements(instanceId, ['StartDailyInspectionFollowUp']);

    const started = await eventually(`a daily-inspection started by ${SignalName.dailyInspectionFollowUp}`, async () => {
      for (const instance of await h.engine.processInstancesOf(ProcessId.dailyInspection)) {
        if (before.has(instance.id)) continue;
        const followUp = (await h.engine.processVariables(instance.id))['followUp'] as Record<string, unknown> | undefined;
        if (followUp?.['unitName'] === unitName) return { instance, followUp };
      }
      return undefined;
    });
    expect(started.instance.processDefinitionKey).toBe(ProcessId.dailyInspection);
    expect(started.followUp).toMatchObject({
      sourceProcess: ProcessId.comprehensiveSupervision,
      sourceInstanceKey: instanceId,
      unitName,
      subject,
      focus: '危化品企业执法检查整改落实',
    });
    // Nothing of the supervision leaks into the started instance but the one variable.
    const leaked = await h.engine.processVariables(started.instance.id);
    expect(leaked['unit']).toBeUndefined();
    expect(leaked['memberUnits']).toBeUndefined();

    await h.complete(instanceId, 'CompileSupervisionResults', { resultSummary: '履职到位。', negativeExamples: [], exposureSummary: '' });
    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    // No incident was ever raised on the instance (or propagated from those it called).
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);
    const activities = await h.engine.waitForCompletedElements(instanceId, ['PublishResults', 'CopyResults']);
    expect(activities.some((activity) => activity.activityId === 'PublishExposure')).toBe(false);
  });
});

describe(`${ProcessId.comprehensiveSupervision}: overdue rectification`, () => {
  it('reminds, then sends 函告 and 约谈 notices, then transfers a 责任追究 clue to 纪检监察机关', async () => {
    const instanceId = await h.engine.startProcessInstance(ProcessId.comprehensiveSupervision, {});
    const unitName = '逾期市交通运输局';
    await h.complete(instanceId, 'DraftAnnualPlan', { ...PLAN, memberUnits: [{ unitName, crossSupervision: false }] });
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
    await h.clock.pin(new Date(new Date(deadline['letterAt']!).getTime() + 60_000));
    await eventually('the 函告 e-mail', async () => (h.subjects().includes(`关于逾期未完成“${label}”的函`) ? true : undefined));
    await h.clock.pin(new Date(new Date(deadline['interviewAt']!).getTime() + 60_000));
    await eventually('the 约谈 e-mail', async () => (h.subjects().includes(`关于约谈${unitName}主要负责人的通知`) ? true : undefined));
    await h.clock.pin(new Date(new Date(deadline['accountabilityAt']!).getTime() + 60_000));
    const [accountability] = await h.engine.waitForCalledInstances(instanceId, ProcessId.clueTransfer);
    const letter = await h.engine.waitForVariable<Record<string, string>>(accountability!.id, 'transferLetter');
    expect(letter['receiverName']).toBe('纪检监察机关');
    expect(letter['body']).toContain(`被督查单位${unitName}逾期未完成“${label}”`);

    const reminders = await h.ledger.listNotifications({});
    const toUnit = reminders.filter((notification) => notification.recipient === 'bei-ducha-danwei').map((notification) => notification.noticeType);
    expect(toUnit).toEqual(expect.arrayContaining(['deadline-reminder', 'overdue-letter', 'interview']));
    // The unit's obligation stays open: escalation never completes the task for it.
    expect((await unitTask(instanceId, 'SubmitRectification', unitName)).id).toBe(task.id);
  });
});
