/**
 * Documents a task's diagram asks for (anquan.attachments.required /
 * .optional): the workbench lists them, files an upload under a kind and
 * refuses to complete the task while a required one is missing; the engine
 * refuses the same completion for any client (RequiredAttachmentsPlugin), and
 * lets it through once an attachment of the kind is there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentProperty, CandidateGroup } from '../../../../workers/contract.ts';
import type { TaskDetail } from '../../../../workbench/api-types.ts';
import { demoLoginOf } from '../../../../deploy/local/demo-users.ts';
import { eventually } from '../../support/engine-client.ts';
import { useEngineHarness } from '../../support/harness.ts';
import { oneTaskProcess } from '../../support/one-task-process.ts';
import { type WorkbenchApp, login, workbenchApp } from '../../support/workbench-app.ts';

const h = useEngineHarness();
const PROCESS_ID = 'expected-attachments-check';
const office = CandidateGroup.safetyCommitteeOffice;

let workbench: WorkbenchApp | undefined;

beforeAll(async () => {
  await h.engine.rest.createDeployment({
    name: PROCESS_ID,
    source: 'integration-tests',
    deployChangedOnly: true,
    files: [
      {
        name: `${PROCESS_ID}.bpmn`,
        content: oneTaskProcess(PROCESS_ID, '现场检查', office, {
          [AttachmentProperty.required]: '检查记录',
          [AttachmentProperty.optional]: '现场照片、执法文书',
        }),
      },
    ],
  });
  workbench = await workbenchApp(h);
});

afterAll(async () => {
  await workbench?.close();
});

interface TaskDto {
  readonly id: string;
}

async function openTask(processInstanceId: string): Promise<string> {
  const task = await eventually('the 现场检查 task', async () => {
    const [found] = await h.engine.rest.request<TaskDto[]>('GET', '/task', undefined, { query: { processInstanceId } });
    return found;
  });
  return task.id;
}

const text = (content: string) => Buffer.from(content).toString('base64');

describe('expected attachments', () => {
  it('are listed, filed by kind and required before the workbench completes the task', async () => {
    const processInstanceId = await h.engine.startProcessInstance(PROCESS_ID, {});
    const taskId = await openTask(processInstanceId);
    const { agent } = await login(workbench!.app, office);

    const before = (await agent.get(`/tasks/api/tasks/${taskId}`)).body as TaskDetail;
    expect(before.expectedAttachments).toEqual([
      { kind: '检查记录', required: true, attached: false },
      { kind: '现场照片', required: false, attached: false },
      { kind: '执法文书', required: false, attached: false },
    ]);

    const photo = await agent
      .post(`/tasks/api/tasks/${taskId}/attachments`)
      .send({ name: '现场.txt', contentType: 'text/plain', contentBase64: text('照片说明'), kind: '现场照片', description: '车间东侧' });
    expect(photo.status, JSON.stringify(photo.body)).toBe(201);
    expect(photo.body).toMatchObject({ kind: '现场照片', description: '【现场照片】 车间东侧' });

    const unknownKind = await agent
      .post(`/tasks/api/tasks/${taskId}/attachments`)
      .send({ name: 'a.txt', contentType: 'text/plain', contentBase64: text('x'), kind: '会议纪要' });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.error.fields[0]).toMatchObject({ field: 'kind', zh: expect.stringContaining('检查记录') });

    const refused = await agent.post(`/tasks/api/tasks/${taskId}/complete`).send({ variables: {} });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0]).toMatchObject({ field: 'attachments', zh: expect.stringContaining('检查记录'), en: expect.stringContaining('检查记录') });

    const record = await agent
      .post(`/tasks/api/tasks/${taskId}/attachments`)
      .send({ name: '检查记录.txt', contentType: 'text/plain', contentBase64: text('检查人员签名：张三、李四'), kind: '检查记录' });
    expect(record.status, JSON.stringify(record.body)).toBe(201);
    const after = (await agent.get(`/tasks/api/tasks/${taskId}`)).body as TaskDetail;
    expect(after.expectedAttachments.filter((entry) => entry.attached).map((entry) => entry.kind).sort()).toEqual(['检查记录', '现场照片'].sort());

    const completed = await agent.post(`/tasks/api/tasks/${taskId}/complete`).send({ variables: {} });
    expect(completed.status, JSON.stringify(completed.body)).toBe(204);
  });

  it('are required by the engine itself, whatever the client', async () => {
    const processInstanceId = await h.engine.startProcessInstance(PROCESS_ID, {});
    const taskId = await openTask(processInstanceId);
    const asOffice = h.engine.as(demoLoginOf(office)).rest;

    const refused = await asOffice.request('POST', `/task/${taskId}/complete`, { variables: {} }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(refused?.message).toContain('须先上传附件：检查记录');
    expect(refused?.message).toContain('attach the required documents first');
    // An attachment without the kind does not count.
    const plain = new FormData();
    plain.append('attachment-name', '说明.txt');
    plain.append('attachment-description', '检查记录在纸质档案中');
    plain.append('attachment-type', 'text/plain');
    plain.append('content', new Blob(['纸质'], { type: 'text/plain' }), '说明.txt');
    await asOffice.request('POST', `/task/${taskId}/attachment/create`, plain);
    await expect(asOffice.request('POST', `/task/${taskId}/complete`, { variables: {} })).rejects.toThrow(/检查记录/);

    const filed = new FormData();
    filed.append('attachment-name', '检查记录.pdf');
    filed.append('attachment-description', '【检查记录】 扫描件');
    filed.append('attachment-type', 'application/pdf');
    filed.append('content', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), '检查记录.pdf');
    await asOffice.request('POST', `/task/${taskId}/attachment/create`, filed);
    await asOffice.request('POST', `/task/${taskId}/complete`, { variables: {} });
    const [instance] = await h.engine.rest.request<{ state: string }[]>('GET', '/history/process-instance', undefined, { query: { processInstanceId } });
    expect(instance?.state).toBe('COMPLETED');
  });
});
