/**
 * 逾期督办决定 (overdue-escalation): a missed deadline is put before the deciding
 * organ, who chooses the measure 视情节轻重 (001 四(七)); each choice is recorded
 * in the ledger and notified. 安委办 decides an 约谈 (a date in the past is refused)
 * and a 提请责任追究 (which, and only which, starts a clue-transfer with the
 * cadres); an enterprise is offered only the department's measures (004 二(二)3)
 * and a 纪检 clue against it is refused. A caller's overdue timer starts the
 * escalation through a call activity and gets the decision back.
 */
import { describe, expect, it } from 'vitest';
import { CandidateGroup, EscalationMeasure, FindingCategory, ProcessId, Receiver } from '../../../workers/contract.ts';
import { profileVariables } from '../../../workers/profile/load-profile.worker.ts';
import { eventually } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';

const h = useEngineHarness({ smtp: true });

/** Tuesday 2026-12-01, 18:00 in China: the close of the office day on which the deadline fell. */
const DUE_AT = '2026-12-01T18:00:00+08:00';
const DUE_DAY = '2026-12-01';

async function loadedProfile(): Promise<unknown> {
  return profileVariables(await h.workers.services.profiles.resolve('jiangxi'));
}

interface Case {
  readonly party: { name: string; kind: 'unit' | 'enterprise'; receiver?: string; creditCode?: string };
  readonly decidingGroup: string;
  readonly caller: string;
}

async function startEscalation({ party, decidingGroup, caller }: Case): Promise<string> {
  return h.engine.startProcessInstance(
    ProcessId.overdueEscalation,
    {
      profile: await loadedProfile(),
      jurisdiction: 'jiangxi',
      processInstanceKey: caller,
      overdueSubject: '报送整改方案',
      overdueDueDate: DUE_DAY,
      overdueParty: party,
      decidingGroup,
      caseTitle: `${party.name}安全生产巡查`,
    },
    `escalation-${caller}`,
  );
}

function mailsAbout(subjectPart: string) {
  return h.smtp.received.filter((mail) => (mail.parsed.subject ?? '').includes(subjectPart));
}

async function waitForMailText(subjectPart: string): Promise<string> {
  await h.waitForMail(`a notice about ${subjectPart}`, (subject) => subject.includes(subjectPart));
  const [mail] = mailsAbout(subjectPart);
  return mail!.parsed.text ?? '';
}

async function refusalAfter(instanceId: string, variables: Record<string, unknown>): Promise<string> {
  await h.complete(instanceId, 'DecideEscalation', variables);
  // Refused: the decision comes back to the same organ, with the reason on the form.
  await h.engine.waitForUserTask(instanceId, 'DecideEscalation');
  return eventually('the refusal reason', async () => {
    const refusal = (await h.engine.processVariables(instanceId)).escalationRefusal;
    return typeof refusal === 'string' && refusal !== '' ? refusal : undefined;
  });
}

describe(`${ProcessId.overdueEscalation}: 安委办 decides for a unit`, () => {
  it('puts the overdue case before 安委办 with a due date, refuses an 约谈 in the past, then records and notifies the 约谈 with date and place', async () => {
    await h.clock.pin(DUE_AT);
    const unit = { name: '甲县人民政府', kind: 'unit' as const, receiver: CandidateGroup.patrolledUnit };
    const instanceId = await startEscalation({ party: unit, decidingGroup: CandidateGroup.safetyCommitteeOffice, caller: 'caller-interview' });

    const task = await h.engine.waitForUserTask(instanceId, 'DecideEscalation');
    expect(task.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOffice]);
    expect(task.formId).toBe('escalation-decision');
    // 3 working days (江西 administrative default) after the missed day: Friday 2026-12-04, close of the office day.
    expect(Date.parse(task.dueDate!)).toBe(Date.parse('2026-12-04T18:00:00+08:00'));
    const { measureOptions } = await h.engine.userTaskVariables(task.id, ['measureOptions']);
    expect((measureOptions as { value: string }[]).map((option) => option.value)).toEqual([
      EscalationMeasure.letter,
      EscalationMeasure.circular,
      EscalationMeasure.interview,
      EscalationMeasure.specialSupervision,
      EscalationMeasure.accountability,
    ]);
    const report = await waitForMailText('甲县人民政府逾期未完成“报送整改方案”的报告');
    expect(report).toContain('2026年12月4日前视情节轻重研究决定督办措施');

    const decision = {
      escalationMeasure: EscalationMeasure.interview,
      escalationReason: '经两次提醒仍未报送，情节较重。',
      interviewPlace: '县安委办三楼会议室',
      interviewee: '主要负责人',
    };
    const refusal = await refusalAfter(instanceId, { ...decision, interviewAt: '2026-11-30T09:30+08:00' });
    expect(refusal).toContain('约谈时间须晚于当前时间');
    expect(refusal).toMatch(/must be in the future/);
    expect(await h.ledger.listEscalationDecisions({ callerProcessInstanceKey: 'caller-interview' })).toEqual([]);

    await h.complete(instanceId, 'DecideEscalation', { ...decision, interviewAt: '2026-12-08T09:30+08:00' });
    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');

    const [recorded, ...others] = await h.ledger.listEscalationDecisions({ callerProcessInstanceKey: 'caller-interview' });
    expect(others).toEqual([]);
    expect(recorded).toMatchObject({
      measure: '约谈',
      partyName: '甲县人民政府',
      partyKind: '单位',
      decidingGroup: CandidateGroup.safetyCommitteeOffice,
      decidingOrgan: '安委办',
      overdueDueDate: DUE_DAY,
      details: { interviewAt: '2026-12-08T09:30+08:00', interviewPlace: '县安委办三楼会议室', interviewee: '主要负责人' },
      enforcementActionId: null,
    });
    const interview = await waitForMailText('关于约谈甲县人民政府主要负责人的通知');
    // 主送 the actual unit, not the role the mail box belongs to; the date and place are printed.
    expect(interview.split('\n')[0]).toBe('甲县人民政府：');
    expect(interview).toContain('定于2026年12月8日9时30分在县安委办三楼会议室约谈你单位主要负责人');
    const variables = await h.engine.processVariables(instanceId);
    expect(variables.escalationMeasure).toBe(EscalationMeasure.interview);
    expect(variables.escalationDecision).toMatchObject({ measure: 'interview', measureLabel: '约谈', escalationId: recorded!.id });
    expect(await h.engine.calledInstances(instanceId, ProcessId.clueTransfer)).toEqual([]);
  });

  it('starts a clue-transfer to the 纪检监察机关 with the cadres only when 安委办 decides 提请责任追究, and refuses it without cadres', async () => {
    await h.clock.pin(DUE_AT);
    const unit = { name: '进贤县应急管理局', kind: 'unit' as const };
    const instanceId = await startEscalation({ party: unit, decidingGroup: CandidateGroup.safetyCommitteeOffice, caller: 'caller-accountability' });
    await h.engine.waitForUserTask(instanceId, 'DecideEscalation');
    const decision = { escalationMeasure: EscalationMeasure.accountability, escalationReason: '整改方案逾期一个月未报送，经函告、约谈仍未整改。' };

    const refusal = await refusalAfter(instanceId, { ...decision, cadres: [] });
    expect(refusal).toContain('须列明责任干部');
    expect(await h.engine.calledInstances(instanceId, ProcessId.clueTransfer)).toEqual([]);

    const cadres = [
      { name: '张三', post: '局长', level: 'county', unit: '进贤县应急管理局', region: '进贤县' },
      { name: '李四', post: '副局长', level: 'county', unit: '进贤县应急管理局', region: '进贤县' },
    ];
    await h.complete(instanceId, 'DecideEscalation', { ...decision, cadres });
    const [transfer] = await h.engine.waitForCalledInstances(instanceId, ProcessId.clueTransfer);
    const passed = await eventually('the clue-transfer variables', async () => {
      const variables = await h.engine.processVariables(transfer!.id);
      return variables.cadres === undefined ? undefined : variables;
    });
    expect(passed).toMatchObject({
      cadres,
      receiver: Receiver.disciplineInspection,
      accountability: true,
      transferringOrgan: CandidateGroup.safetyCommitteeOffice,
      finding: { category: FindingCategory.cadreConduct, responsibleUnit: '进贤县应急管理局', source: '巡查' },
    });
    expect(transfer!.businessKey).toBe('escalation-caller-accountability');
    const [recorded] = await h.ledger.listEscalationDecisions({ callerProcessInstanceKey: 'caller-accountability' });
    expect(recorded).toMatchObject({ measure: '提请责任追究', details: { cadres } });
    // The transfer letter goes its own way (clue-transfer): drafted and put before the transferring organ's leader.
    await h.engine.waitForUserTask(transfer!.id, 'ReviewTransferLetter');
    await h.engine.cancelProcessInstance(instanceId);
  });
});

describe(`${ProcessId.overdueEscalation}: a decision not taken in time`, () => {
  it('reminds the deciding organ before its due date and presses it after, leaving the decision to it', async () => {
    await h.clock.pin(DUE_AT);
    const unit = { name: '己县交通运输局', kind: 'unit' as const };
    const instanceId = await startEscalation({ party: unit, decidingGroup: CandidateGroup.industryAuthority, caller: 'caller-late-decision' });
    const task = await h.engine.waitForUserTask(instanceId, 'DecideEscalation');
    expect(task.candidateGroups).toEqual([CandidateGroup.industryAuthority]);
    // The reminder lead (2 working days) before Friday 12-04 is Wednesday 12-02, 09:00.
    expect(Date.parse(task.followUpDate!)).toBe(Date.parse('2026-12-02T09:00:00+08:00'));

    await h.clock.pin('2026-12-02T09:00:01+08:00');
    await h.waitForMail('the reminder to decide', (subject) => subject === '关于按期办理“决定督办措施（报送整改方案）”的提醒');
    await h.clock.pin('2026-12-04T18:00:01+08:00');
    const pressed = await waitForMailText('关于尽快对己县交通运输局逾期未完成“报送整改方案”作出督办决定的函');
    expect(pressed).toContain('应于2026年12月4日前作出的督办决定至今未作出');
    // 主送 the deciding organ, 抄送 安委办: one mail each, sent one after the other.
    await eventually('the 催办 to reach the deciding organ and 安委办', async () => {
      const addressed = mailsAbout('作出督办决定的函').flatMap((mail) => mail.envelopeTo);
      return addressed.includes('hangyezhuguan@example.gov.cn') && addressed.includes('anweiban@example.gov.cn') ? true : undefined;
    });
    // No timer decides: the task is still there, and nothing was recorded.
    expect(await h.engine.openUserTasks(instanceId, 'DecideEscalation')).toHaveLength(1);
    expect(await h.ledger.listEscalationDecisions({ callerProcessInstanceKey: 'caller-late-decision' })).toEqual([]);
    await h.engine.cancelProcessInstance(instanceId);
  });
});

describe(`${ProcessId.overdueEscalation}: 专项督查`, () => {
  it('notifies 安委办 and the 牵头部门 and starts a follow-up special inspection of the unit', async () => {
    await h.clock.pin(DUE_AT);
    const unit = { name: '戊县住房和城乡建设局', kind: 'unit' as const };
    const instanceId = await startEscalation({ party: unit, decidingGroup: CandidateGroup.safetyCommitteeOffice, caller: 'caller-special' });
    await h.complete(instanceId, 'DecideEscalation', {
      escalationMeasure: EscalationMeasure.specialSupervision,
      escalationReason: '整改方案逾期，且同类问题反复出现。',
      supervisionFocus: '城镇燃气管网隐患整改落实情况',
    });
    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    const followUp = await eventually('a special inspection started by the 专项督查 signal', async () => {
      for (const started of await h.engine.processInstancesOf(ProcessId.specialInspection)) {
        const variables = await h.engine.processVariables(started.id);
        const value = variables.followUp as { sourceInstanceKey?: string } | undefined;
        if (value?.sourceInstanceKey === instanceId) return value;
      }
      return undefined;
    });
    expect(followUp).toMatchObject({ sourceProcess: ProcessId.overdueEscalation, unitName: '戊县住房和城乡建设局', focus: '城镇燃气管网隐患整改落实情况' });
    const notice = await waitForMailText('关于对戊县住房和城乡建设局“报送整改方案”开展专项督查的通知');
    expect(notice).toContain('督查重点：城镇燃气管网隐患整改落实情况');
    await eventually('the 专项督查 notice to reach 安委办 and the 牵头部门', async () => {
      const addressed = mailsAbout('开展专项督查的通知').flatMap((mail) => mail.envelopeTo);
      return addressed.includes('anweiban@example.gov.cn') && addressed.includes('qiantoubumen@example.gov.cn') ? true : undefined;
    });
    const [recorded] = await h.ledger.listEscalationDecisions({ callerProcessInstanceKey: 'caller-special' });
    expect(recorded).toMatchObject({ measure: '专项督查', details: { supervisionFocus: '城镇燃气管网隐患整改落实情况' } });
  });
});

describe(`${ProcessId.overdueEscalation}: an overdue enterprise`, () => {
  it('offers only the department’s measures, refuses a 纪检 clue, and records 责令停产整顿 as an enforcement action', async () => {
    await h.clock.pin(DUE_AT);
    const enterprise = { name: '丙化工有限公司', kind: 'enterprise' as const, creditCode: '91360124MA00000001' };
    const instanceId = await startEscalation({ party: enterprise, decidingGroup: CandidateGroup.regulatoryDepartment, caller: 'caller-enterprise' });

    const task = await h.engine.waitForUserTask(instanceId, 'DecideEscalation');
    expect(task.candidateGroups).toEqual([CandidateGroup.regulatoryDepartment]);
    const { measureOptions } = await h.engine.userTaskVariables(task.id, ['measureOptions']);
    const offered = (measureOptions as { value: string }[]).map((option) => option.value);
    expect(offered).toEqual([EscalationMeasure.deadlineRectification, EscalationMeasure.dualPenalty, EscalationMeasure.suspension, EscalationMeasure.closure]);
    expect(offered).not.toContain(EscalationMeasure.accountability);

    // Even when submitted past the form (e.g. through the REST API), a 纪检 clue against an enterprise is refused.
    const refusal = await refusalAfter(instanceId, {
      escalationMeasure: EscalationMeasure.accountability,
      escalationReason: '重大事故隐患逾期未整改。',
      cadres: [{ name: '王五', post: '总经理', level: 'county', unit: '丙化工有限公司' }],
    });
    expect(refusal).toContain('生产经营单位逾期不作为纪检监察线索移交');
    expect(await h.engine.calledInstances(instanceId, ProcessId.clueTransfer)).toEqual([]);

    await h.complete(instanceId, 'DecideEscalation', {
      escalationMeasure: EscalationMeasure.suspension,
      escalationReason: '重大事故隐患逾期未整改，仍在生产。',
      documentNumber: '乙应急停〔2026〕3号',
    });
    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    expect(await h.engine.calledInstances(instanceId, ProcessId.clueTransfer)).toEqual([]);

    const [recorded] = await h.ledger.listEscalationDecisions({ callerProcessInstanceKey: 'caller-enterprise' });
    expect(recorded).toMatchObject({ measure: '责令停产整顿', partyKind: '企业', decidingOrgan: '业务监管部门', documentNumber: '乙应急停〔2026〕3号' });
    expect(recorded!.enforcementActionId).not.toBeNull();
    const summary = await h.ledger.summarize({ from: '2026-12-01T00:00:00+08:00', before: '2026-12-02T00:00:00+08:00' });
    expect(summary.enforcementByKind.责令停产整顿.count).toBeGreaterThanOrEqual(1);

    const notice = await waitForMailText('关于对丙化工有限公司责令停产整顿的决定');
    const lines = notice.split('\n');
    expect(lines[0]).toBe('乙应急停〔2026〕3号');
    expect(lines).toContain('丙化工有限公司：');
    expect(notice).toContain('业务监管部门依法决定：责令你单位停产停业整顿');
    await eventually('the decision to reach the enterprise', async () =>
      mailsAbout('关于对丙化工有限公司责令停产整顿的决定').some((mail) => mail.envelopeTo.includes('qiye@example.gov.cn')) ? true : undefined,
    );
  });
});

/** A procedure's deadline task as every caller models it: a reminder, then at the due time the escalation call activity. */
const CALLER_PROCESS = 'test-overdue-caller';
const callerXml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${CALLER_PROCESS}" targetNamespace="urn:anquan:test">
  <bpmn:process id="${CALLER_PROCESS}" name="逾期督办调用示例" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_Start_Task" sourceRef="Start" targetRef="SubmitPlan" />
    <bpmn:userTask id="SubmitPlan" name="报送整改方案" camunda:candidateGroups="bei-xuncha-danwei" camunda:dueDate="\${planDueAt}" />
    <bpmn:sequenceFlow id="Flow_Task_End" sourceRef="SubmitPlan" targetRef="End" />
    <bpmn:endEvent id="End" />
    <bpmn:boundaryEvent id="SubmitPlan_Overdue" cancelActivity="false" attachedToRef="SubmitPlan">
      <bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">\${planDueAt}</bpmn:timeDate></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="Flow_Overdue_Escalation" sourceRef="SubmitPlan_Overdue" targetRef="SubmitPlan_Escalation" />
    <bpmn:callActivity id="SubmitPlan_Escalation" name="逾期督办决定" calledElement="overdue-escalation">
      <bpmn:extensionElements>
        <camunda:in businessKey="#{execution.processBusinessKey}" />
        <camunda:in source="profile" target="profile" />
        <camunda:in source="jurisdiction" target="jurisdiction" />
        <camunda:in sourceExpression="\${execution.processInstanceId}" target="processInstanceKey" />
        <camunda:in sourceExpression="报送整改方案" target="overdueSubject" />
        <camunda:in sourceExpression="\${planDueAt.substring(0, 10)}" target="overdueDueDate" />
        <camunda:in sourceExpression="\${maps.of('name', patrolTarget.name, 'kind', 'unit', 'receiver', 'bei-xuncha-danwei')}" target="overdueParty" />
        <camunda:in sourceExpression="anwei-ban" target="decidingGroup" />
        <camunda:in sourceExpression="\${patrolTarget.name}安全生产巡查" target="caseTitle" />
        <camunda:out source="escalationMeasure" target="escalationMeasure" />
        <camunda:out source="escalationDecision" target="escalationDecision" />
      </bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:sequenceFlow id="Flow_Escalation_Decided" sourceRef="SubmitPlan_Escalation" targetRef="Decided" />
    <bpmn:endEvent id="Decided" />
  </bpmn:process>
</bpmn:definitions>`;

describe(`${ProcessId.overdueEscalation} called at a deadline`, () => {
  it('starts from the overdue timer of the caller’s task, leaves the task open, and hands the 函告 back with its 文号 printed', async () => {
    await h.engine.rest.createDeployment({
      name: 'overdue-escalation-caller',
      source: 'integration-tests',
      deployChangedOnly: true,
      files: [{ name: `${CALLER_PROCESS}.bpmn`, content: callerXml }],
    });
    await h.clock.pin('2026-12-01T09:00:00+08:00');
    const callerId = await h.engine.startProcessInstance(
      CALLER_PROCESS,
      { profile: await loadedProfile(), jurisdiction: 'jiangxi', planDueAt: DUE_AT, patrolTarget: { name: '丁县人民政府' } },
      'caller-letter',
    );
    await h.engine.waitForUserTask(callerId, 'SubmitPlan');
    expect(await h.engine.calledInstances(callerId, ProcessId.overdueEscalation)).toEqual([]);

    await h.clock.pin('2026-12-01T18:00:01+08:00');
    const [escalation] = await h.engine.waitForCalledInstances(callerId, ProcessId.overdueEscalation);
    expect(escalation!.businessKey).toBe('caller-letter');
    await h.engine.waitForUserTask(escalation!.id, 'DecideEscalation');
    // Non-interrupting: the late unit can still submit its plan.
    expect(await h.engine.openUserTasks(callerId, 'SubmitPlan')).toHaveLength(1);

    await h.complete(escalation!.id, 'DecideEscalation', {
      escalationMeasure: EscalationMeasure.letter,
      escalationReason: '逾期未报送整改方案。',
      requiredBy: '2026-12-15',
      documentNumber: '赣安办督〔2026〕7号',
    });
    await h.engine.waitForProcessInstanceState(escalation!.id, 'COMPLETED');
    const measure = await h.engine.waitForVariable(callerId, 'escalationMeasure');
    expect(measure).toBe(EscalationMeasure.letter);
    expect(await h.engine.waitForVariable(callerId, 'escalationDecision')).toMatchObject({ measureLabel: '函告', requiredBy: '2026-12-15', documentNumber: '赣安办督〔2026〕7号' });
    const [recorded] = await h.ledger.listEscalationDecisions({ callerProcessInstanceKey: callerId });
    expect(recorded).toMatchObject({ measure: '函告', partyName: '丁县人民政府', caseTitle: '丁县人民政府安全生产巡查' });

    const letter = await waitForMailText('关于督促丁县人民政府限期完成“报送整改方案”的函');
    const lines = letter.split('\n');
    expect(lines[0]).toBe('赣安办督〔2026〕7号');
    expect(lines).toContain('丁县人民政府：');
    expect(letter).toContain('请于2026年12月15日前完成');
    await h.engine.cancelProcessInstance(callerId);
  });
});
