/**
 * patrol-entry (巡查进驻与现场巡查) on a real engine with the real workers:
 * 回避声明 with a replacement, the 进驻通知 refused when signed too late and
 * accepted once the entry is postponed (its 文号 and 主送 printed), the
 * on-site period timed from the entry date, 来信来电举报 accepted for exactly
 * that window (refused before entry and after it, also for the 巡查组's own
 * login), every clue 核查 and disposed (one still open when the window closes
 * included), 重大问题 per profile (湖南 交办 at once, 盐城 请示报告 to the
 * 领导小组 first) entered in the ledger with its deadline, and an obstruction
 * recorded and decided by 安委办.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../deploy/local/demo-users.ts';
import { CandidateGroup, FindingCategory, FormId, MessageName, ProcessId } from '../../../workers/contract.ts';
import { EngineRestError } from '../../../workers/engine/rest-client.ts';
import { toEngineVariables } from '../../../workers/engine/variables.ts';
import { eventually } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';
import { clueVerification, declareNoRecusal, enterOnSite, finishOnSite, issueEntryNotice } from '../support/patrol.ts';

const h = useEngineHarness({ smtp: true });

const TARGET = { name: '进驻测试县委、县人民政府', kind: 'county' };

function profile(majorIssueHandling: 'assign-at-once' | 'report-to-leading-group-first') {
  return {
    id: majorIssueHandling === 'assign-at-once' ? 'hunan' : 'yancheng',
    patrol: { entryNoticeWorkingDays: 3 },
    deadline: { reminderLeadWorkingDays: 1 },
    procedures: { patrol: { majorIssueHandling } },
  };
}

/** POST /message once, as `engine` would be asked by a hotline or the workbench: no retry, so a refusal shows. */
async function correlateOnce(client: typeof h.engine, messageName: string, patrolId: string, variables: Record<string, unknown>): Promise<unknown> {
  try {
    await client.rest.request('POST', '/message', { messageName, correlationKeys: toEngineVariables({ patrolId }), processVariables: toEngineVariables(variables) });
    return undefined;
  } catch (error) {
    return error;
  }
}

function expectRefused(error: unknown): void {
  expect(error).toBeInstanceOf(EngineRestError);
  expect((error as EngineRestError).status).toBe(400);
  expect(`${(error as EngineRestError).type ?? ''} ${(error as EngineRestError).message}`).toMatch(/MismatchingMessageCorrelation/);
}

async function cluesOf(entry: string) {
  return (await h.ledger.listClues()).filter((clue) => clue.processInstanceKey === entry);
}

describe(`${ProcessId.patrolEntry}: 回避, 进驻通知, the report window and the clues`, () => {
  it('replaces a member who declares 回避, refuses a late notice, times the window from entryDate and disposes every clue', async () => {
    await h.clock.pin('2026-09-28T09:00:00+08:00');
    const patrolId = '盐安巡〔2026〕21号';
    const surveyClue = await h.ledger.recordClue({ idempotencyKey: `${patrolId}:survey`, source: '摸底', content: '县应急管理局危化企业执法检查流于形式' });
    const entry = await h.engine.startProcessInstance(ProcessId.patrolEntry, {
      patrolId,
      profile: profile('report-to-leading-group-first'),
      jurisdiction: 'yancheng',
      patrolTarget: TARGET,
      // Monday after National Day 2026 (10-01…10-07 off, 10-10 a make-up Saturday).
      entryDate: '2026-10-12',
      onSiteDays: 5,
      patrolTeam: {
        leader: { name: '李明', post: '市人大常委会副主任' },
        deputyLeaders: [{ name: '王强', post: '市应急管理局副局长' }],
        members: [{ name: '张华', role: '成员', unit: '市住建局' }],
        experts: [{ name: '陈工', role: '专家' }],
      },
      authorization: { documentNumber: '盐安巡授〔2026〕21号' },
      surveyClues: [{ source: '摸底', content: surveyClue.record.content }],
      surveyClueIds: [surveyClue.record.id],
    });

    // 回避声明: one task per member, offered to the 巡查组; 张华 declares a conflict.
    const declarations = await h.engine.waitForUserTasks(entry, 'DeclareRecusal', 4);
    expect(declarations).toHaveLength(4);
    expect(declarations[0]!.candidateGroups).toEqual([CandidateGroup.patrolTeam]);
    expect(declarations[0]!.formId).toBe(FormId.patrolRecusalDeclaration);
    const names = await Promise.all(declarations.map(async (task) => ((await h.engine.userTaskVariables(task.id, ['teamMember']))['teamMember'] as { name: string }).name));
    expect([...names].sort()).toEqual(['李明', '王强', '张华', '陈工'].sort());
    for (const [index, task] of declarations.entries()) {
      await h.engine.completeUserTask(task, names[index] === '张华' ? { recusalConflict: true, recusalReason: '近亲属在被巡查县任职' } : { recusalConflict: false });
    }
    // 安委办 excludes the member and names a replacement, who declares in turn.
    const adjust = await h.engine.waitForUserTask(entry, 'AdjustPatrolTeam');
    expect(adjust.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
    await h.engine.completeUserTask(adjust, { replacementMembers: [{ name: '赵刚', role: '成员', unit: '市交通运输局' }], teamAdjustmentNote: '张华回避，不参加本次巡查，由赵刚替补。' });
    const [replacement] = await h.engine.waitForUserTasks(entry, 'DeclareRecusal', 1);
    expect(((await h.engine.userTaskVariables(replacement!.id, ['teamMember']))['teamMember'] as { name: string }).name).toBe('赵刚');
    await declareNoRecusal(h, entry);

    // The notice is due 3 working days before entry: 10-12 → 10-10 (调休), 10-09, 10-08.
    const notice = await h.engine.waitForUserTask(entry, 'IssueEntryNotice');
    expect(notice.formId).toBe(FormId.patrolEntryNotice);
    expect(new Date(notice.dueDate ?? '').toISOString()).toBe('2026-10-08T10:00:00.000Z');
    expect(JSON.stringify(await h.engine.formSchema(notice.id))).toContain('进驻通知文号');
    // Reminded one working day before the last day (09-30, before the holiday), at 09:00.
    expect(new Date(notice.followUpDate ?? '').toISOString()).toBe('2026-09-30T01:00:00.000Z');
    await h.clock.pin('2026-09-30T09:00:30+08:00');
    await h.waitForMail('the reminder to sign the notice', (subject) => subject === '关于按期办理“签发进驻通知”的提醒');
    // Signed on 10-09 for an entry on 10-12: too late, refused with the reason, the task comes back.
    await h.engine.completeUserTask(notice, { entryNoticeNumber: '盐安巡〔2026〕21号', entryNoticeDate: '2026-10-09', entryDate: '2026-10-12', authorizationNumber: '盐安巡授〔2026〕21号' });
    const again = await eventually('the notice task back after the refusal', async () => (await h.engine.openUserTasks(entry, 'IssueEntryNotice')).find((task) => task.id !== notice.id));
    const refusal = await h.engine.waitForVariable<string>(entry, 'entryNoticeRefusal');
    expect(refusal).toContain('2026-10-08');
    expect(refusal).toContain(' / ');
    expect(refusal).toMatch(/too late/);
    // Not on site yet: a 举报 is refused before entry.
    expectRefused(await correlateOnce(h.engine, MessageName.patrolReportReceived, patrolId, { report: { source: '来电', content: '进驻前的举报' } }));
    // Entry postponed to 10-14: a notice signed 10-09 is now 3 working days ahead (10-10, 10-12, 10-13).
    await h.engine.completeUserTask(again, { entryNoticeNumber: '盐安巡〔2026〕21号', entryNoticeDate: '2026-10-09', entryDate: '2026-10-14', authorizationNumber: '盐安巡授〔2026〕21号' });
    await h.engine.waitForCompletedElements(entry, ['CheckEntryNoticeTimely', 'SendEntryNotice']);
    expect(await h.engine.waitForVariable(entry, 'onSiteEndsOn')).toBe('2026-10-19');

    // The notice: 主送 the actual unit, its 文号 and the 授权 printed.
    await h.waitForMail('the 进驻通知', (subject) => subject === `关于对${TARGET.name}开展安全生产巡查的通知`);
    const mail = h.smtp.received.find((received) => received.parsed.subject === `关于对${TARGET.name}开展安全生产巡查的通知`)!;
    const body = String(mail.parsed.text ?? '');
    expect(body).toContain('盐安巡〔2026〕21号');
    expect(body).toContain(`${TARGET.name}：`);
    expect(body).toContain('盐安巡授〔2026〕21号');
    expect(body).toContain('2026年10月14日');
    expect(body).not.toContain('被巡查单位：');

    // Still before entry: refused. The timer holds until 10-14 00:00 Beijing time.
    await h.clock.pin('2026-10-13T23:59:00+08:00');
    expectRefused(await correlateOnce(h.engine, MessageName.patrolReportReceived, patrolId, { report: { source: '来电', content: '进驻前一分钟的举报' } }));
    await enterOnSite(h, entry, '2026-10-14');

    // Inside the window: the 巡查组's own login logs a phoned-in report; it becomes a clue and is 核查'd.
    const patrolTeam = h.engine.as(CandidateGroup.patrolTeam, DEMO_PASSWORD);
    expect(await correlateOnce(patrolTeam, MessageName.patrolReportReceived, patrolId, { report: { source: '来电', content: '某化工企业夜间违规装卸液氯', reporterContact: '138****0000' } })).toBeUndefined();
    const verify = await h.engine.waitForUserTask(entry, 'VerifyReportedClue');
    expect(verify.formId).toBe(FormId.patrolClueVerification);
    expect(new Date(verify.dueDate ?? '').toISOString()).toBe('2026-10-18T16:00:00.000Z');
    const shown = await h.engine.userTaskVariables(verify.id, ['clue', 'report']);
    expect(shown['clue']).toEqual({ source: '来电', content: '某化工企业夜间违规装卸液氯' });
    expect(shown['report'] ?? null).toBeNull();
    const [reported] = (await cluesOf(entry)).filter((clue) => clue.content === '某化工企业夜间违规装卸液氯');
    expect(reported).toMatchObject({ source: '来电', reporterContact: '138****0000', status: '登记' });
    await h.engine.completeUserTask(
      verify,
      clueVerification({ disposition: 'finding', category: FindingCategory.illegalProduction, description: '清江化工夜间违规装卸液氯', responsibleUnit: '清江化工有限公司' }),
    );
    await h.engine.waitForCompletedElements(entry, ['DisposeReportedClue', 'ReportedClueDone']);
    expect((await h.ledger.getClue(reported!.id))?.status).toBe('已办结');
    const history = await h.ledger.statusHistory('clue', reported!.id);
    expect(history.at(-1)?.note).toContain(`转为问题（${FindingCategory.illegalProduction}）`);

    // A second report is still being checked when the window closes.
    expect(await correlateOnce(h.engine, MessageName.patrolReportReceived, patrolId, { report: { source: '来信', content: '某矿超层越界开采' } })).toBeUndefined();
    await eventually('the second report waiting for its check', async () => {
      const incidents = await h.engine.incidentHistory(entry);
      if (incidents.length > 0) throw new Error(JSON.stringify(incidents));
      return (await h.engine.openUserTasks(entry, 'VerifyReportedClue')).length === 1 ? true : undefined;
    });

    // The survey clue is 核查'd on site as well; 动员会 and 驻地 recorded.
    const surveyTask = await h.engine.waitForUserTask(entry, 'VerifySurveyClue');
    expect((await h.engine.userTaskVariables(surveyTask.id, ['clue']))['clue']).toMatchObject({ source: '摸底', content: surveyClue.record.content });
    await h.engine.completeUserTask(surveyTask, clueVerification({ disposition: 'closed', reason: '经调阅执法台账，检查记录完整，反映不属实' }));
    const meeting = await h.engine.waitForUserTask(entry, 'RecordMobilizationMeeting');
    expect(meeting.formId).toBe(FormId.patrolMobilizationMeeting);
    await h.engine.completeUserTask(meeting, {
      mobilizationMeetingDate: '2026-10-14',
      mobilizationMeetingPlace: '县委常委会会议室',
      mobilizationAttendees: '县委书记、县长、县委县政府班子成员，县应急管理局主要负责同志',
      mobilizationMinutes: '通报巡查任务和目的，部署巡查工作。',
    });
    const station = await h.engine.waitForUserTask(entry, 'PublishStation');
    await h.engine.completeUserTask(station, {
      stationAddress: '县政府招待所三楼',
      patrolContactPhone: '0515-88881234',
      reportEmail: 'xuncha21@example.gov.cn',
      entryAnnouncement: '市安委会巡查组进驻开展安全生产巡查，受理来信来电举报。',
    });
    await h.engine.waitForCompletedElements(entry, ['PublishContactAnnouncement']);
    const disclosures = (await h.ledger.listDisclosures({})).filter((disclosure) => disclosure.processInstanceKey === entry);
    expect(disclosures.map((disclosure) => disclosure.kind)).toEqual(['进驻公告']);

    // On the last on-site day the 巡查组 is reminded of the clue still open, and only of that one.
    await h.clock.pin('2026-10-18T09:00:30+08:00');
    await h.engine.waitForCompletedElements(entry, ['RemindReportedClue']);
    const reminders = h.smtp.received.filter((mail) => String(mail.parsed.subject ?? '').startsWith('关于按期办理“核查'));
    expect(reminders.map((mail) => mail.parsed.subject)).toEqual(['关于按期办理“核查举报线索：某矿超层越界开采”的提醒']);
    expect(String(reminders[0]!.parsed.text)).toContain('办理期限为2026年10月18日');

    // The window closes at 10-19 00:00: a 举报 is refused, even for the 巡查组; the open check moves on.
    await h.clock.pin('2026-10-19T00:00:30+08:00');
    await h.engine.waitForCompletedElements(entry, ['OnSitePeriodElapsed', 'ReportWindowClosed']);
    expectRefused(await correlateOnce(patrolTeam, MessageName.patrolReportReceived, patrolId, { report: { source: '来电', content: '期满后的举报' } }));
    const outstanding = await h.engine.waitForUserTask(entry, 'VerifyOutstandingClue');
    expect((await h.engine.userTaskVariables(outstanding.id, ['clue']))['clue']).toMatchObject({ source: '来信', content: '某矿超层越界开采' });
    expect(await h.engine.openUserTasks(entry, 'VerifyReportedClue')).toEqual([]);
    await h.engine.completeUserTask(outstanding, clueVerification({ disposition: 'closed', reason: '已由县自然资源局立案查处' }));

    await h.engine.waitForProcessInstanceState(entry, 'COMPLETED');
    expect(await h.engine.incidentHistory(entry)).toEqual([]);
    // Nothing stays recorded and forgotten: every clue of the patrol is closed in the ledger.
    const clues = [...(await cluesOf(entry)), (await h.ledger.getClue(surveyClue.record.id))!];
    expect(clues.map((clue) => clue.content).sort()).toEqual(['县应急管理局危化企业执法检查流于形式', '某化工企业夜间违规装卸液氯', '某矿超层越界开采']);
    expect(clues.every((clue) => clue.status === '已办结')).toBe(true);
    expect((await cluesOf(entry)).map((clue) => clue.content)).not.toContain('期满后的举报');

    const variables = await h.engine.processVariables(entry);
    expect(variables['entryDate']).toBe('2026-10-14');
    expect(variables['entryNoticeNumber']).toBe('盐安巡〔2026〕21号');
    expect((variables['patrolTeamRoster'] as Array<{ name: string }>).map((member) => member.name)).toEqual(['李明', '王强', '陈工', '赵刚']);
    expect(variables['recusals']).toEqual([expect.objectContaining({ name: '张华', reason: '近亲属在被巡查县任职' })]);
    expect(variables['mobilizationMeeting']).toMatchObject({ date: '2026-10-14', place: '县委常委会会议室' });
    expect(variables['findings']).toEqual([
      { category: FindingCategory.illegalProduction, description: '清江化工夜间违规装卸液氯', responsibleUnit: '清江化工有限公司', serious: false, clueId: reported!.id },
    ]);
    const dispositions = variables['clueDispositions'] as Array<{ clueId: string; disposition: string; closeReason: string | null }>;
    expect(dispositions.map((item) => item.disposition).sort()).toEqual(['closed', 'closed', 'finding']);
    expect(dispositions.find((item) => item.clueId === surveyClue.record.id)?.closeReason).toContain('反映不属实');
    expect(JSON.stringify(dispositions)).not.toContain('138****0000');
    expect(variables['report'] ?? null).toBeNull();
  });
});

describe(`${ProcessId.patrolEntry}: 重大问题 per profile, and obstruction`, () => {
  async function onSite(patrolId: string, handling: 'assign-at-once' | 'report-to-leading-group-first'): Promise<string> {
    const entry = await h.engine.startProcessInstance(ProcessId.patrolEntry, {
      patrolId,
      profile: profile(handling),
      patrolTarget: TARGET,
      entryDate: '2026-10-26',
      onSiteDays: 10,
      patrolTeam: { leader: { name: '刘洋' }, deputyLeaders: [], members: [], experts: [] },
      authorization: { documentNumber: `${patrolId}授` },
    });
    await issueEntryNotice(h, entry, { number: `${patrolId}通`, entryDate: '2026-10-26' });
    return entry;
  }

  const issue = { majorIssue: { description: '液氯储罐区安全联锁长期未投用', responsibleUnit: '清江化工有限公司' } };
  const assignment = {
    majorIssueLetterNumber: '',
    majorIssueResponsibleUnit: '清江化工有限公司',
    majorIssueCategory: FindingCategory.majorHazard,
    majorIssueDescription: '液氯储罐区安全联锁长期未投用',
    majorIssueRequirement: '立即停用储罐区并投用安全联锁',
    majorIssueDeadline: '2026-11-06',
  };

  it('交办 at once under 湖南, 请示报告 to the 领导小组 first under 盐城, each in the ledger with its deadline', async () => {
    await h.clock.pin('2026-10-20T09:00:00+08:00');
    const hunan = await onSite('湘安巡〔2026〕22号', 'assign-at-once');
    const yancheng = await onSite('盐安巡〔2026〕23号', 'report-to-leading-group-first');
    await enterOnSite(h, hunan, '2026-10-26');
    await h.engine.waitForUserTask(yancheng, 'RecordMobilizationMeeting');

    // 湖南三(三)3: the 巡查组 assigns at once.
    await h.engine.publishMessage(MessageName.patrolMajorIssueRaised, { patrolId: '湘安巡〔2026〕22号' }, issue);
    const assignHunan = await h.engine.waitForUserTask(hunan, 'AssignMajorIssue');
    expect(assignHunan.candidateGroups).toEqual([CandidateGroup.patrolTeam]);
    expect(await h.engine.openUserTasks(hunan, 'ReportMajorIssue')).toEqual([]);
    await h.engine.completeUserTask(assignHunan, { ...assignment, majorIssueLetterNumber: '湘安巡交〔2026〕1号' });

    // 盐城五(四): 请示报告 first; the 领导小组 sends it back once, then agrees.
    await h.engine.publishMessage(MessageName.patrolMajorIssueRaised, { patrolId: '盐安巡〔2026〕23号' }, issue);
    const report = await h.engine.waitForUserTask(yancheng, 'ReportMajorIssue');
    expect(await h.engine.openUserTasks(yancheng, 'AssignMajorIssue')).toEqual([]);
    await h.engine.completeUserTask(report, { majorIssueDescription: issue.majorIssue.description, majorIssueResponsibleUnit: '清江化工有限公司', majorIssueProposal: '建议交办企业立即整改' });
    const instruct = await h.engine.waitForUserTask(yancheng, 'InstructMajorIssue');
    expect(instruct.candidateGroups).toEqual([CandidateGroup.leadingGroup]);
    await h.engine.completeUserTask(instruct, { majorIssueInstructionDecision: 'return', majorIssueInstruction: '请补充核实联锁停用时长' });
    const again = await eventually('the report back', async () => (await h.engine.openUserTasks(yancheng, 'ReportMajorIssue')).find((task) => task.id !== report.id));
    expect((await h.engine.userTaskVariables(again.id, ['majorIssueInstruction']))['majorIssueInstruction']).toBe('请补充核实联锁停用时长');
    await h.engine.completeUserTask(again, { majorIssueProposal: '联锁停用已逾半年，建议交办企业立即整改' });
    const instructAgain = await eventually('the instruction again', async () => (await h.engine.openUserTasks(yancheng, 'InstructMajorIssue')).find((task) => task.id !== instruct.id));
    await h.engine.completeUserTask(instructAgain, { majorIssueInstructionDecision: 'assign', majorIssueInstruction: '同意交办，限期整改' });
    const assignYancheng = await h.engine.waitForUserTask(yancheng, 'AssignMajorIssue');
    await h.engine.completeUserTask(assignYancheng, { ...assignment, majorIssueLetterNumber: '盐安巡交〔2026〕1号' });

    const assignedFindings = new Map<string, string>();
    for (const [entry, letter] of [[hunan, '湘安巡交〔2026〕1号'], [yancheng, '盐安巡交〔2026〕1号']] as const) {
      await h.engine.waitForCompletedElements(entry, ['RecordMajorIssueFinding', 'SendMajorIssueAssignment']);
      const [finding] = (await h.ledger.listFindings({ processInstanceKey: entry })).filter((row) => row.description === assignment.majorIssueDescription);
      assignedFindings.set(entry, finding!.id);
      expect(finding).toMatchObject({ category: FindingCategory.majorHazard, unitName: '清江化工有限公司', rectificationDeadline: '2026-11-06', status: '待整改' });
      const majorIssues = await h.engine.waitForVariable<Array<Record<string, unknown>>>(entry, 'majorIssues');
      expect(majorIssues).toEqual([expect.objectContaining({ findingId: finding!.id, deadline: '2026-11-06', letterNumber: letter })]);
      const letters = h.smtp.received.filter((mail) => String(mail.parsed.text ?? '').includes(letter));
      expect(letters.length).toBeGreaterThan(0);
      expect(String(letters[0]!.parsed.text)).toContain('清江化工有限公司：');
    }
    expect((await h.engine.waitForVariable<Array<{ handling: string; instruction: string | null }>>(yancheng, 'majorIssues'))[0]).toMatchObject({
      handling: 'report-to-leading-group-first',
      instruction: '同意交办，限期整改',
    });
    expect((await h.engine.waitForVariable<Array<{ handling: string }>>(hunan, 'majorIssues'))[0]!.handling).toBe('assign-at-once');

    // 不配合、干扰巡查 recorded on site, then decided by 安委办.
    await h.engine.publishMessage(MessageName.patrolObstructionReported, { patrolId: '盐安巡〔2026〕23号' }, { obstruction: { description: '县应急管理局拒不提供执法台账' } });
    const record = await h.engine.waitForUserTask(yancheng, 'RecordObstruction');
    expect(record.candidateGroups).toEqual([CandidateGroup.patrolTeam]);
    expect((await h.engine.userTaskVariables(record.id, ['obstructionDescription']))['obstructionDescription']).toBe('县应急管理局拒不提供执法台账');
    const cadres = [{ name: '周某', post: '局长', level: 'county', unit: '测试县应急管理局' }];
    await h.engine.completeUserTask(record, {
      obstructionOccurredOn: '2026-10-27',
      obstructionKind: '拒绝或不按要求提供文件材料',
      obstructionDescription: '县应急管理局拒不提供2025年度执法台账，经两次催要仍未提供',
      obstructionCadres: cadres,
    });
    const decide = await h.engine.waitForUserTask(yancheng, 'DecideObstruction');
    expect(decide.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
    expect(decide.formId).toBe(FormId.patrolObstructionDecision);
    await h.engine.completeUserTask(decide, { obstructionDecision: 'accountability', obstructionDecisionReason: '拒不提供材料，干扰巡查，造成不良影响' });
    const obstructions = await eventually('the decision recorded', async () => {
      const list = (await h.engine.processVariables(yancheng))['obstructions'] as Array<Record<string, unknown>> | undefined;
      return list && list.length > 0 ? list : undefined;
    });
    expect(obstructions).toEqual([
      expect.objectContaining({ occurredOn: '2026-10-27', kind: '拒绝或不按要求提供文件材料', decision: 'accountability', cadres }),
    ]);

    for (const entry of [hunan, yancheng]) {
      await finishOnSite(h, entry);
      expect(await h.engine.incidentHistory(entry)).toEqual([]);
      // The 交办 重大问题 goes on to the report's 问题清单 with its ledger id, so the 分类处置 takes it up instead of listing it again.
      expect((await h.engine.processVariables(entry))['findings']).toEqual([
        { findingId: assignedFindings.get(entry), category: FindingCategory.majorHazard, description: assignment.majorIssueDescription, responsibleUnit: '清江化工有限公司' },
      ]);
    }
  });
});
