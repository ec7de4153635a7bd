import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { FindingCategory, JobType, Receiver } from '../../../../workers/contract.ts';
import type { Ledger } from '../../../../workers/ledger/index.ts';
import { type Notifier, createNotifier } from '../../../../workers/notify/notifier.ts';
import {
  DEFAULT_TRANSFER_BASIS,
  prepareTransferLetterWorker,
  transferIdFor,
} from '../../../../workers/transfer/prepare-transfer-letter.worker.ts';
import { recordTransferOutcomeWorker } from '../../../../workers/transfer/record-transfer-outcome.worker.ts';
import { sendTransferWorker } from '../../../../workers/transfer/send-transfer.worker.ts';
import type { RegisteredWorker } from '../../../../workers/worker-definition.ts';
import { type FakeJobOptions, completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { type TestLedger, openTestLedger, testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
const NOW = new Date('2026-03-10T08:00:00.000Z');

let testLedger: TestLedger;
let ledger: Ledger;
let notifier: Notifier;
let mailboxDir: string;

beforeEach(async () => {
  testLedger = await openTestLedger({ now: () => NOW });
  ledger = testLedger.ledger;
  mailboxDir = path.join(testLedger.folder, 'mailbox');
  notifier = await createNotifier({
    channel: 'mailbox',
    from: '江西省安委办 <anweiban@example.gov.cn>',
    mailboxDir,
    directoryFile: path.join(PROJECT_ROOT, 'processes/directory.json'),
  });
});

afterEach(async () => {
  await notifier.close();
  await testLedger.dispose();
});

async function run(worker: RegisteredWorker, options: Omit<FakeJobOptions, 'type'>) {
  // The engine activated the job at the test's NOW, the time the ledger's clock shows too.
  const job = fakeJob({ type: worker.jobType, activatedAt: NOW.toISOString(), ...options });
  const { outcome } = await worker.run(job, { logger, services: testServices({ ledger, notifier }) });
  return { job, outcome };
}

async function mailboxFiles(recipientId: string): Promise<string[]> {
  try {
    return (await readdir(path.join(mailboxDir, recipientId))).filter((name) => !name.startsWith('.'));
  } catch {
    return [];
  }
}

const cadreFinding = {
  category: FindingCategory.cadreConduct,
  description: '县应急管理局分管负责人对重大事故隐患长期不督促整改',
  responsibleUnit: '某县应急管理局',
};

async function prepareLetter(variables: Record<string, unknown>, elementInstanceKey = '2251799813687001') {
  const { job, outcome } = await run(prepareTransferLetterWorker, { bpmnProcessId: 'clue-transfer', elementInstanceKey, variables });
  expect(outcome).toBe('completed');
  return completedWith(job)['transferLetter'] as Record<string, string>;
}

describe(JobType.prepareTransferLetter, () => {
  it('drafts a formal 移交函 to the receiver, citing the basis, under a stable id', async () => {
    const letter = await prepareLetter({ finding: cadreFinding, receiver: Receiver.disciplineInspection, patrolTarget: { name: '某县委、县人民政府' } });
    expect(letter).toMatchObject({
      transferId: transferIdFor('2251799813685250', '2251799813687001'),
      receiver: 'discipline-inspection',
      receiverName: '纪检监察机关',
      title: '关于移交问题线索的函',
      issuer: '江西省安委办',
    });
    expect(letter['transferId']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(letter['letterNumber']).toMatch(/^赣安巡移〔\d{4}〕\d{6}号$/);
    const body = letter['body'] as string;
    expect(body.startsWith('纪检监察机关：\n')).toBe(true);
    expect(body).toContain('我办在对某县委、县人民政府开展安全生产巡查中发现下列问题');
    expect(body).toContain(`根据${DEFAULT_TRANSFER_BASIS}的规定，现予移交，请依法依规依纪调查处理。`);
    expect(body).toContain('一、问题类别：干部不担当不作为、形式主义官僚主义、失职渎职');
    expect(body).toContain('二、责任单位：某县应急管理局');
    expect(body).toContain('三、问题描述：县应急管理局分管负责人对重大事故隐患长期不督促整改');
    expect(body).toContain(`回执和反馈请注明移交编号 ${letter['transferId']}`);
    expect(body).toContain(letter['letterNumber'] as string);

    const retried = await prepareLetter({ finding: cadreFinding, receiver: Receiver.disciplineInspection, patrolTarget: { name: '某县委、县人民政府' } });
    expect(retried['transferId']).toBe(letter['transferId']);
    expect(retried['letterNumber']).toBe(letter['letterNumber']);
  });

  it('drafts a clue letter without the reporter, with a given basis, 文号 and receipt date', async () => {
    const letter = await prepareLetter({
      clue: { source: '来电', content: '某烟花爆竹作坊无证生产', reporterContact: '139****0000' },
      receiver: Receiver.competentDepartment,
      basis: '《盐城市安全生产巡查工作实施办法》四（六）',
      letterNumber: '盐安巡移〔2026〕3号',
      receiptDueDate: '2026-03-20',
    });
    expect(letter['receiverName']).toBe('有管辖权的部门');
    expect(letter['letterNumber']).toBe('盐安巡移〔2026〕3号');
    const body = letter['body'] as string;
    expect(body).toContain('一、线索来源：来电');
    expect(body).toContain('二、线索内容：某烟花爆竹作坊无证生产');
    expect(body).toContain('根据《盐城市安全生产巡查工作实施办法》四（六）的规定');
    expect(body).toContain('请于2026年3月20日前回执');
    expect(body).not.toContain('139');
  });

  it('raises an incident naming what is missing or wrong', async () => {
    const { job } = await run(prepareTransferLetterWorker, { variables: { receiver: 'police' } });
    expect(incidentMessage(job)).toContain('variable receiver must be one of: discipline-inspection');
    const noSubject = await run(prepareTransferLetterWorker, { variables: { receiver: Receiver.localPartyGovernment } });
    expect(incidentMessage(noSubject.job)).toContain('variable finding or clue is missing');
  });
});

describe(JobType.sendTransfer, () => {
  async function recordedFinding(): Promise<string> {
    const { record } = await ledger.recordFinding({ idempotencyKey: 'finding', source: '巡查', unitName: cadreFinding.responsibleUnit, ...cadreFinding });
    return record.id;
  }

  it('sends the approved letter once and records the transfer under the letter id', async () => {
    const findingId = await recordedFinding();
    const transferLetter = await prepareLetter({ finding: cadreFinding, receiver: Receiver.disciplineInspection });
    const variables = { transferLetter, findingId };

    const first = await run(sendTransferWorker, { elementInstanceKey: '2251799813687101', variables });
    const retried = await run(sendTransferWorker, { elementInstanceKey: '2251799813687101', variables });
    expect(first.outcome).toBe('completed');
    expect(completedWith(first.job)).toEqual({ transferId: transferLetter['transferId'], sentAt: NOW.toISOString() });
    expect(completedWith(retried.job)).toEqual(completedWith(first.job));

    const files = await mailboxFiles(Receiver.disciplineInspection);
    expect(files).toHaveLength(1);
    const mail = await readFile(path.join(mailboxDir, Receiver.disciplineInspection, files[0] as string), 'utf8');
    expect(mail).toContain('jjjc@example.gov.cn');

    expect(await ledger.listTransfers({ findingId })).toEqual([
      expect.objectContaining({
        id: transferLetter['transferId'],
        receiverKind: '纪检监察机关',
        letterNumber: transferLetter['letterNumber'],
        receiptReceivedAt: null,
      }),
    ]);
    const notices = await ledger.listNotifications();
    expect(notices).toEqual([expect.objectContaining({ noticeType: '移交函', recipient: 'discipline-inspection', deliveryResult: '已发送' })]);
  });

  it('marks a transferred clue 已移交', async () => {
    const { record: clue } = await ledger.recordClue({ idempotencyKey: 'clue', source: '来信', content: '某企业无证生产' });
    const transferLetter = await prepareLetter({ clue: { content: clue.content }, receiver: Receiver.localPartyGovernment });
    const { outcome } = await run(sendTransferWorker, { variables: { transferLetter, clueId: clue.id } });
    expect(outcome).toBe('completed');
    expect((await ledger.getClue(clue.id))?.status).toBe('已移交');
    expect(await mailboxFiles(Receiver.localPartyGovernment)).toHaveLength(1);
  });

  it('sends nothing about a finding the ledger does not know', async () => {
    const transferLetter = await prepareLetter({ finding: cadreFinding, receiver: Receiver.disciplineInspection });
    const { job } = await run(sendTransferWorker, { variables: { transferLetter, findingId: 'unknown-finding' } });
    expect(incidentMessage(job)).toContain('variable findingId: finding unknown-finding is not in the ledger');
    expect(await mailboxFiles(Receiver.disciplineInspection)).toEqual([]);

    const nothing = await run(sendTransferWorker, { variables: { transferLetter } });
    expect(incidentMessage(nothing.job)).toContain('variable findingId or clueId (what is transferred) is missing');
    const broken = await run(sendTransferWorker, { variables: { transferLetter: { ...transferLetter, body: '' }, findingId: 'x' } });
    expect(incidentMessage(broken.job)).toContain('variable transferLetter.body must be non-empty text');
  });
});

describe(JobType.recordTransferOutcome, () => {
  it('records the receipt and outcome against the transfer, once', async () => {
    const { record: clue } = await ledger.recordClue({ idempotencyKey: 'clue', source: '巡查发现', content: '干部失职' });
    const transferLetter = await prepareLetter({ clue: { content: clue.content }, receiver: Receiver.disciplineInspection });
    await run(sendTransferWorker, { variables: { transferLetter, clueId: clue.id } });
    const variables = {
      transferId: transferLetter['transferId'],
      receiptReceivedAt: '2026-03-12T10:00:00+08:00',
      outcome: '对县应急管理局分管负责人诫勉谈话',
      handledBy: '县纪委监委第三审查调查室',
    };
    const first = await run(recordTransferOutcomeWorker, { variables });
    const retried = await run(recordTransferOutcomeWorker, { variables });
    expect(completedWith(first.job)).toEqual({ transferOutcomeRecorded: true });
    expect(completedWith(retried.job)).toEqual({ transferOutcomeRecorded: true });
    expect(await ledger.getTransfer(transferLetter['transferId'] as string)).toMatchObject({
      receiptReceivedAt: '2026-03-12T02:00:00.000Z',
      outcome: '对县应急管理局分管负责人诫勉谈话（承办：县纪委监委第三审查调查室）',
    });
  });

  it('raises an incident for an unknown transfer or a missing outcome', async () => {
    const unknown = await run(recordTransferOutcomeWorker, { variables: { transferId: 'nope', outcome: '已办结' } });
    expect(incidentMessage(unknown.job)).toContain('variable transferId: transfer nope is not in the ledger');
    const missing = await run(recordTransferOutcomeWorker, { variables: { transferId: 'nope' } });
    expect(incidentMessage(missing.job)).toContain('variable outcome is missing');
  });
});
