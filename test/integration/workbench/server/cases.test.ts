/**
 * 移交来件 through the workbench API against the real engine, as the
 * logged-in person: a 问题线索移交 started the way the patrol's call
 * activity starts it, drafted by the real worker. 纪检监察联络 works no task
 * in it, yet the engine lets it read the case, so the list has it, titled for
 * the receiving organ, and the case page has the 移交函. 被巡查单位 is told
 * it may not read transfers, lists none and gets a 404 for the case.
 */
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidateGroup, FindingCategory, ProcessId } from '../../../../workers/contract.ts';
import type { CaseDetail, CaseSummary } from '../../../../workbench/api-types.ts';
import { useEngineHarness } from '../../support/harness.ts';
import { login, type WorkbenchApp, workbenchApp } from '../../support/workbench-app.ts';

const h = useEngineHarness();
const FINDING = { category: FindingCategory.cadreConduct, description: '案卷测试：县应急管理局执法检查流于形式', responsibleUnit: '案卷测试县应急管理局' };

let app: Express;
let workbench: WorkbenchApp | undefined;
let transfer: string;
let letter: { receiverName: string; letterNumber: string };

beforeAll(async () => {
  workbench = await workbenchApp(h);
  app = workbench.app;
  transfer = await h.engine.startProcessInstance(ProcessId.clueTransfer, {
    finding: FINDING,
    // Already in the ledger, as when the patrol's finding is transferred: the case goes straight to the letter.
    findingId: `cases-test-${Date.now()}`,
    receiver: 'discipline-inspection',
    patrolTarget: { name: '案卷测试县委、县人民政府' },
  });
  await h.engine.waitForUserTask(transfer, 'ReviewTransferLetter');
  letter = await h.engine.waitForVariable(transfer, 'transferLetter');
});

afterAll(async () => {
  if (transfer) await h.engine.cancelProcessInstance(transfer).catch(() => undefined);
  await workbench?.close();
});

describe('移交来件 (GET /tasks/api/cases)', () => {
  it('lists the transfer for 纪检监察联络, titled for the receiving organ, and shows its 移交函', async () => {
    const { agent, session } = await login(app, CandidateGroup.disciplineLiaison);
    expect(session.canReadTransfers).toBe(true);
    const listed = await agent.get('/tasks/api/cases').query({ kind: 'transfers' });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const cases = listed.body as CaseSummary[];
    const ours = cases.find((item) => item.processInstanceId === transfer);
    expect(ours).toMatchObject({
      processDefinitionKey: ProcessId.clueTransfer,
      procedure: '问题线索移交',
      title: `移交函 · ${letter.receiverName}`,
      caseNumber: letter.letterNumber,
      state: 'ACTIVE',
      endTime: null,
    });
    // Newest first.
    expect(cases.map((item) => Date.parse(item.startTime))).toEqual([...cases.map((item) => Date.parse(item.startTime))].sort((a, b) => b - a));

    const opened = await agent.get(`/tasks/api/cases/${transfer}`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    const detail = opened.body as CaseDetail;
    expect(detail.summary).toEqual(ours);
    const document = detail.documents.find((found) => found.id === 'transferLetter');
    expect(document?.kind).toBe('移交函（待发送）');
    expect(document?.title).toContain(letter.letterNumber);
    expect(document?.html).toContain(FINDING.description);
    expect(detail.history.map((entry) => entry.activity)).toEqual(expect.arrayContaining(['拟制移交函', '审批移交函']));
    expect(detail.attachments).toEqual([]);
  });

  it('gives 安委办 the same case', async () => {
    const { agent, session } = await login(app, CandidateGroup.safetyCommitteeOffice);
    expect(session.canReadTransfers).toBe(true);
    const listed = await agent.get('/tasks/api/cases').query({ kind: 'transfers' });
    expect((listed.body as CaseSummary[]).map((item) => item.processInstanceId)).toContain(transfer);
  });

  it('gives 被巡查单位 no transfers: not offered, an empty list, and 404 for the case in Chinese and English', async () => {
    const { agent, session } = await login(app, CandidateGroup.patrolledUnit);
    expect(session.canReadTransfers).toBe(false);
    const listed = await agent.get('/tasks/api/cases').query({ kind: 'transfers' });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([]);
    const opened = await agent.get(`/tasks/api/cases/${transfer}`);
    expect(opened.status).toBe(404);
    expect(opened.body.error).toMatchObject({ code: 'not-found', zh: expect.stringContaining('无权查看'), en: expect.stringContaining('may not see it') });
    expect(JSON.stringify(opened.body)).not.toContain(FINDING.description);
  });

  it('refuses an unknown kind of case list', async () => {
    const { agent } = await login(app, CandidateGroup.disciplineLiaison);
    const response = await agent.get('/tasks/api/cases').query({ kind: 'everything' });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'unknown-case-kind', zh: expect.stringContaining('没有这类案卷') });
  });
});
