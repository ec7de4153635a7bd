/**
 * 问题线索移交 started on its own, as the calling procedures and
 * overdue-escalation start it: letters numbered 代字〔年份〕N号 in sequence per
 * jurisdiction and stable when a job is delivered again, a 责任追究 clue about
 * a 市管干部 addressed to the 纪检监察机关 competent by 干部管理权限, a missing
 * 回执 put before the transferring organ for a decision, and the 办理结果
 * recorded on its own, after the 回执, with its own due date, an overdue one
 * put before the transferring organ while its task stays open.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CandidateGroup, EscalationMeasure, FindingCategory, MessageName, ProcessId, Receiver } from '../../../workers/contract.ts';
import { profileVariables } from '../../../workers/profile/load-profile.worker.ts';
import { issueTransferLetterWorker } from '../../../workers/transfer/issue-transfer-letter.worker.ts';
import { completedWith, fakeJob } from '../../unit/workers/support/job.ts';
import { eventually } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';

const h = useEngineHarness({ smtp: true });

async function profileOf(jurisdiction: 'jiangxi' | 'yancheng' | 'hunan'): Promise<unknown> {
  return profileVariables(await h.workers.services.profiles.resolve(jurisdiction));
}

const illegalProduction = (unit: string) => ({
  category: FindingCategory.illegalProduction,
  description: `${unit}未取得许可擅自储存危险化学品`,
  responsibleUnit: unit,
  source: '巡查',
});

async function approve(instanceId: string, signatory: string) {
  return h.complete(instanceId, 'ReviewTransferLetter', {
    transferDecision: 'approve',
    transferReviewComment: '同意移交',
    transferSignatory: signatory,
    transferClassification: '内部',
  });
}

async function issuedLetter(instanceId: string): Promise<Record<string, string>> {
  return eventually(`the issued letter of ${instanceId}`, async () => {
    const letter = (await h.engine.processVariables(instanceId))['transferLetter'] as Record<string, string> | undefined;
    return letter?.text ? letter : undefined;
  });
}

describe(`${ProcessId.clueTransfer} started on its own`, () => {
  it('numbers the letters of a jurisdiction and organ 1, 2 … in the year, and a job delivered again keeps its number', async () => {
    await h.clock.pin('2026-06-01T09:00:00+08:00');
    const profile = await profileOf('yancheng');
    const first = await h.engine.startProcessInstance(ProcessId.clueTransfer, {
      finding: illegalProduction('盐城某化工有限公司'),
      receiver: Receiver.localPartyGovernment,
      transferringOrgan: CandidateGroup.safetyCommitteeOffice,
      profile,
    });
    const second = await h.engine.startProcessInstance(ProcessId.clueTransfer, {
      finding: illegalProduction('盐城某仓储有限公司'),
      receiver: Receiver.localPartyGovernment,
      transferringOrgan: CandidateGroup.safetyCommitteeOffice,
      profile,
    });

    // The 安委办's letter is approved and signed by the 安委办's leader, never by the office itself.
    const review = await h.engine.waitForUserTask(first, 'ReviewTransferLetter');
    expect(review.candidateGroups).toEqual([CandidateGroup.safetyCommitteeOfficeLeader]);
    const draft = (await h.engine.processVariables(first))['transferLetter'] as Record<string, string>;
    expect(draft).toMatchObject({ letterNumber: `盐安巡移〔${draft['date']!.slice(0, 4)}〕　号`, organ: 'anwei-ban', letterNumberPrefix: '盐安巡移', issuer: '盐城市安全生产委员会办公室' });
    expect(draft['body']).toContain('第九条（四）、第十条');

    await approve(first, '李某');
    const firstLetter = await issuedLetter(first);
    await approve(second, '李某');
    const secondLetter = await issuedLetter(second);
    const year = firstLetter['date']!.slice(0, 4);
    expect(firstLetter['letterNumber']).toBe(`盐安巡移〔${year}〕1号`);
    expect(secondLetter['letterNumber']).toBe(`盐安巡移〔${year}〕2号`);
    expect(firstLetter['text']).toContain(`盐安巡移〔${year}〕1号　　　　签发人：李某`);
    expect(firstLetter['text']).toContain('密级：内部');

    // The engine delivers the 编号签发 job of the first letter again (a lost completion): same number, no new one.
    const variables = await h.engine.processVariables(first);
    const redelivered = fakeJob({
      type: issueTransferLetterWorker.jobType,
      processInstanceKey: first,
      bpmnProcessId: ProcessId.clueTransfer,
      elementId: 'IssueTransferLetter',
      activatedAt: new Date().toISOString(),
      variables: {
        letter: variables['transferLetter'] as Record<string, string>,
        signatory: '李某',
        classification: '内部',
      },
    });
    const again = await issueTransferLetterWorker.run(redelivered, { logger: pino({ level: 'silent' }), services: h.workers.services });
    expect(again.outcome).toBe('completed');
    expect((completedWith(redelivered)['transferLetter'] as Record<string, string>)['letterNumber']).toBe(`盐安巡移〔${year}〕1号`);
    const numbers = await h.ledger.listLetterNumbers({ jurisdiction: 'yancheng', prefix: '盐安巡移' });
    expect(numbers.map((entry) => entry.letterNumber)).toEqual([`盐安巡移〔${year}〕1号`, `盐安巡移〔${year}〕2号`]);

    // Each letter went to the 属地党委政府 and is in the ledger under its number.
    // The send worker writes the row after the letter is issued: wait for it rather than read it at once.
    const transfers = await eventually('the first letter in the ledger', async () => {
      const rows = await h.ledger.listTransfers({ processInstanceKey: first });
      return rows.length > 0 ? rows : undefined;
    });
    expect(transfers.map((transfer) => transfer.letterNumber)).toEqual([`盐安巡移〔${year}〕1号`]);
    for (const instance of [first, second]) await h.engine.cancelWhenQuiet(instance);
  });

  it('sends a 责任追究 clue about a 市管干部 to the 市纪委监委 by 干部管理权限, and refuses a 县管干部 without a known region', async () => {
    await h.clock.pin('2026-06-02T09:00:00+08:00');
    const profile = await profileOf('yancheng');
    const accountability = {
      category: FindingCategory.cadreConduct,
      description: '盐城市某局逾期未报送巡查整改方案，经函告仍未报送',
      responsibleUnit: '盐城市某局',
      source: '巡查',
    };
    const instanceId = await h.engine.startProcessInstance(ProcessId.clueTransfer, {
      finding: accountability,
      receiver: Receiver.disciplineInspection,
      transferringOrgan: CandidateGroup.safetyCommitteeOffice,
      accountability: true,
      cadres: [
        { name: '王某', post: '盐城市某局副局长', level: 'county', unit: '盐城市某局', region: '亭湖区' },
        { name: '张某', post: '盐城市某局局长', level: 'municipal', unit: '盐城市某局' },
      ],
      profile,
    });
    await approve(instanceId, '李某');
    const letter = await issuedLetter(instanceId);
    // The highest level named decides: 市管干部 → 盐城市纪委监委 (亭湖区's body would only take 县管干部).
    expect(letter).toMatchObject({ receiver: 'discipline-inspection', receiverId: 'yancheng-jiwei', receiverName: '中共盐城市纪委、盐城市监委' });
    expect(letter['routing']).toContain('市管干部 张某');
    expect(letter['title']).toBe('关于移交责任追究问题线索的函');
    expect(letter['text']).toContain('中共盐城市纪委、盐城市监委：');
    expect(letter['text']).toContain('按照干部管理权限');
    await h.waitForMail('the letter to the 盐城市纪委监委', (subject) => subject.includes(letter['letterNumber']!));
    const mail = h.smtp.received.find((received) => (received.parsed.subject ?? '').includes(letter['letterNumber']!));
    expect(mail!.envelopeTo).toEqual(['jiwei@yancheng.example.gov.cn']);
    const [transfer] = await h.ledger.listTransfers({ processInstanceKey: instanceId });
    expect(transfer).toMatchObject({ receiverKind: '纪检监察机关', receiverName: '中共盐城市纪委、盐城市监委' });
    await h.engine.waitForCompletedElements(instanceId, ['PlanReceiptDeadline']);
    await h.engine.cancelWhenQuiet(instanceId);

    // A 县管干部 whose 县（区） the directory does not know: an incident that says what to fix.
    const unknownRegion = await h.engine.startProcessInstance(ProcessId.clueTransfer, {
      finding: accountability,
      receiver: Receiver.disciplineInspection,
      accountability: true,
      cadres: [{ name: '赵某', post: '某镇镇长', level: '县管干部', unit: '某镇人民政府', region: '射阳县' }],
      profile,
    });
    const [incident] = await h.engine.waitForIncidents(unknownRegion);
    expect(incident!.activityId).toBe('PrepareTransferLetter');
    expect(incident!.incidentMessage).toContain('射阳县');
    expect(incident!.incidentMessage).toMatch(/no competent body for region/);
    await h.engine.cancelWhenQuiet(unknownRegion);
  });

  it('puts a missing 回执 before the transferring organ at its due date, and records the 办理结果 separately with its own due date', async () => {
    await h.clock.pin('2026-06-08T09:00:00+08:00');
    const profile = await profileOf('jiangxi');
    const instanceId = await h.engine.startProcessInstance(ProcessId.clueTransfer, {
      finding: illegalProduction('进贤县某烟花爆竹经营部'),
      receiver: Receiver.competentDepartment,
      transferringOrgan: CandidateGroup.leadDepartment,
      receiverName: '进贤县应急管理局',
      issuer: '进贤县市场监督管理局',
      profile,
    });
    const review = await h.engine.waitForUserTask(instanceId, 'ReviewTransferLetter');
    expect(review.candidateGroups).toEqual([CandidateGroup.leadDepartmentLeader]);
    await approve(instanceId, '陈某');
    const letter = await issuedLetter(instanceId);
    expect(letter['letterNumber']).toMatch(/^赣安专移〔\d{4}〕1号$/);
    expect(letter['body']).toContain('第十七条（二）');
    expect(letter['text']).toContain('进贤县应急管理局：');

    const receiptDeadline = await h.engine.waitForVariable<{ due: string; dueAt: string; remindAt: string }>(instanceId, 'receiptDeadline');
    await h.engine.waitForCompletedElements(instanceId, ['PlanReceiptDeadline']);
    // At the due date the 牵头部门 (who transferred) decides the 督办 measure: nothing is transferred by a timer.
    await h.clock.pin(new Date(new Date(receiptDeadline.dueAt).getTime() + 60_000));
    const [escalation] = await h.engine.waitForCalledInstances(instanceId, ProcessId.overdueEscalation);
    const escalationVariables = await h.engine.processVariables(escalation!.id);
    expect(escalationVariables['overdueSubject']).toBe(`签收移交函（${letter['letterNumber']}）回执`);
    expect(escalationVariables['overdueDueDate']).toBe(receiptDeadline.due);
    expect(escalationVariables['decidingGroup']).toBe(CandidateGroup.leadDepartment);
    expect(escalationVariables['overdueParty']).toMatchObject({ name: '进贤县应急管理局', kind: 'unit', receiver: 'competent-department' });
    const decision = await h.engine.waitForUserTask(escalation!.id, 'DecideEscalation');
    expect(decision.candidateGroups).toEqual([CandidateGroup.leadDepartment]);

    // The 牵头部门 decides a 函告; the 回执 is still missing at the next due date, so it comes before them again.
    await h.complete(escalation!.id, 'DecideEscalation', {
      escalationMeasure: EscalationMeasure.letter,
      escalationReason: '移交函逾期未签收回执。',
      requiredBy: '2026-06-24',
    });
    await h.engine.waitForProcessInstanceState(escalation!.id, 'COMPLETED');
    const renewed = await eventually('the renewed receipt deadline', async () => {
      const deadline = (await h.engine.processVariables(instanceId))['receiptDeadline'] as { due: string; dueAt: string } | undefined;
      return deadline && deadline.due !== receiptDeadline.due ? deadline : undefined;
    });
    expect(renewed.due > receiptDeadline.due).toBe(true);
    await h.clock.pin(new Date(new Date(renewed.dueAt).getTime() + 60_000));
    const escalations = await h.engine.waitForCalledInstances(instanceId, ProcessId.overdueEscalation, 2);
    const secondRound = escalations.find((instance) => instance.id !== escalation!.id)!;
    expect((await h.engine.processVariables(secondRound.id))['overdueDueDate']).toBe(renewed.due);

    // The 回执 still arrives by message (the receive task kept waiting); it is recorded alone.
    const receivedAt = `${renewed.due}T16:00:00+08:00`;
    const transferId = await h.engine.waitForVariable<string>(instanceId, 'transferId');
    await h.engine.publishMessage(MessageName.transferReceiptReceived, { transferId }, { receipt: { receivedAt: receivedAt, note: '已收悉' } });
    const outcomeTask = await h.engine.waitForUserTask(instanceId, 'RecordTransferOutcome');
    expect(outcomeTask.candidateGroups).toEqual([CandidateGroup.leadDepartment]);
    const outcomeDeadline = await h.engine.waitForVariable<{ due: string; dueAt: string; from: string }>(instanceId, 'outcomeDeadline');
    expect(outcomeDeadline.from).toBe(renewed.due);
    expect(new Date(outcomeTask.dueDate!).toISOString()).toBe(new Date(outcomeDeadline.dueAt).toISOString());
    const [received] = await h.ledger.listTransfers({ processInstanceKey: instanceId });
    expect(received).toMatchObject({ receiptReceivedAt: new Date(receivedAt).toISOString(), outcome: null });

    // The 办理结果 is overdue too: the transferring organ decides again, outside the 登记办理结果 phase, whose task stays open.
    await h.clock.pin(new Date(new Date(outcomeDeadline.dueAt).getTime() + 60_000));
    const withOutcome = await h.engine.waitForCalledInstances(instanceId, ProcessId.overdueEscalation, 3);
    const outcomeRound = withOutcome.find((instance) => instance.id !== escalation!.id && instance.id !== secondRound.id)!;
    expect(await h.engine.processVariables(outcomeRound.id)).toMatchObject({
      overdueSubject: `反馈移交函（${letter['letterNumber']}）办理结果`,
      overdueDueDate: outcomeDeadline.due,
      decidingGroup: CandidateGroup.leadDepartment,
    });
    expect(await h.engine.openUserTasks(instanceId, 'RecordTransferOutcome')).toHaveLength(1);
    const escalated = (await h.engine.activityInstances(instanceId)).map((activity) => activity.activityId);
    expect(escalated).toEqual(expect.arrayContaining(['RecordTransferOutcome_RaiseOverdue', 'OutcomePhase_Overdue', 'EscalateMissingOutcome']));

    await h.complete(instanceId, 'RecordTransferOutcome', { transferOutcome: '已立案查处，责令停业整顿', transferHandledBy: '进贤县应急管理局执法大队' });
    await eventually('the outcome in the ledger', async () => {
      const [closed] = await h.ledger.listTransfers({ processInstanceKey: instanceId });
      return closed?.outcome ? closed : undefined;
    });
    const [closed] = await h.ledger.listTransfers({ processInstanceKey: instanceId });
    expect(closed!.outcome).toContain('已立案查处');
    expect(closed!.receiptReceivedAt).toBe(new Date(receivedAt).toISOString());

    // Once the open decisions are taken the transfer is over: no renewed receipt timer is left to hold it (or its caller) open.
    const inTenDays = new Date(new Date(outcomeDeadline.dueAt).getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    for (const round of [secondRound, outcomeRound]) {
      await h.complete(round.id, 'DecideEscalation', { escalationMeasure: EscalationMeasure.letter, escalationReason: '逾期未办理。', requiredBy: inTenDays });
    }
    await h.engine.waitForProcessInstanceState(instanceId, 'COMPLETED');
    expect(await h.engine.incidentHistory(instanceId)).toEqual([]);
  });
});
