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
import { issueTransferLetterWorker } from '../../../../workers/transfer/issue-transfer-letter.worker.ts';
import { recordTransferOutcomeWorker } from '../../../../workers/transfer/record-transfer-outcome.worker.ts';
import { recordTransferReceiptWorker } from '../../../../workers/transfer/record-transfer-receipt.worker.ts';
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
  it('drafts the 安委办 letter to the receiver, citing its basis, under a stable id, for its leader to sign', async () => {
    const letter = await prepareLetter({ finding: cadreFinding, receiver: Receiver.disciplineInspection, patrolTarget: { name: '某县委、县人民政府' } });
    expect(letter).toMatchObject({
      transferId: transferIdFor('2251799813685250', '2251799813687001'),
      receiver: 'discipline-inspection',
      // No cadre named and the 江西 default serves every level: the directory's own 纪检监察机关.
      receiverId: 'discipline-inspection',
      receiverName: '纪检监察机关',
      organ: 'anwei-ban',
      approvalGroup: 'anwei-ban-fuzeren',
      letterNumber: '赣安办移〔2026〕　号',
      letterNumberPrefix: '赣安办移',
      title: '关于移交问题线索的函',
      issuer: '江西省安委办',
      basis: DEFAULT_TRANSFER_BASIS,
    });
    expect(letter['transferId']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const body = letter['body'] as string;
    expect(body).toContain('我办在对某县委、县人民政府开展安全生产巡查督查中发现下列问题');
    expect(body).toContain(`根据${DEFAULT_TRANSFER_BASIS}的规定，现予移交，请依法依规依纪调查处理。`);
    expect(body).toContain('一、问题类别：干部不担当不作为、形式主义官僚主义、失职渎职');
    expect(body).toContain('二、责任单位：某县应急管理局');
    expect(body).toContain('三、问题描述：县应急管理局分管负责人对重大事故隐患长期不督促整改');
    expect(body).toContain(`回执和反馈请注明本函文号（电子回执编号 ${letter['transferId']}）`);

    const retried = await prepareLetter({ finding: cadreFinding, receiver: Receiver.disciplineInspection, patrolTarget: { name: '某县委、县人民政府' } });
    expect(retried).toEqual(letter);
  });

  it('words the letter by who transfers: 牵头部门 第十七条（二）, 行业主管部门 第二十二条（三）', async () => {
    const lead = await prepareLetter({ clue: { source: '来电', content: '某烟花爆竹作坊无证生产' }, receiver: Receiver.competentDepartment, transferringOrgan: 'qiantou-bumen', receiverName: '某县应急管理局', issuer: '某县市场监督管理局' });
    expect(lead).toMatchObject({ organ: 'qiantou-bumen', approvalGroup: 'qiantou-bumen-fuzeren', receiverName: '某县应急管理局', issuer: '某县市场监督管理局', letterNumberPrefix: '赣安专移' });
    expect(lead['body']).toContain('我单位在牵头组织的安全生产专项检查中发现下列问题线索');
    expect(lead['body']).toContain('第十七条（二）');
    expect(lead['body']).toContain('一、线索来源：来电');
    const industry = await prepareLetter({ finding: { ...cadreFinding, category: FindingCategory.illegalProduction }, receiver: Receiver.businessRegulator, transferringOrgan: 'hangye-zhuguan', jurisdiction: 'hunan' });
    expect(industry).toMatchObject({ approvalGroup: 'hangye-zhuguan-fuzeren', letterNumberPrefix: '湘安行移', receiverName: '业务监管部门' });
    expect(industry['body']).toContain('第二十二条（三）');
  });

  it('addresses a 责任追究 clue to the body competent for the highest-ranking cadre named', async () => {
    const letter = await prepareLetter({
      finding: cadreFinding,
      receiver: Receiver.disciplineInspection,
      accountability: true,
      jurisdiction: 'yancheng',
      cadres: [
        { name: '王某', post: '区应急管理局局长', level: 'county', unit: '亭湖区应急管理局', region: '亭湖区' },
        { name: '张某', post: '市应急管理局副局长', level: '市管干部', unit: '盐城市应急管理局' },
      ],
    });
    expect(letter).toMatchObject({ receiverId: 'yancheng-jiwei', receiverName: '中共盐城市纪委、盐城市监委', title: '关于移交责任追究问题线索的函', letterNumberPrefix: '盐安巡移' });
    expect(letter['routing']).toBe('按干部管理权限（市管干部 张某）');
    expect(letter['cadres']).toContain('张某（市应急管理局副局长，市管干部，盐城市应急管理局）');
    expect(letter['body']).toContain('现予移交，按照干部管理权限');
  });

  it('raises an incident naming what is missing or wrong', async () => {
    const { job } = await run(prepareTransferLetterWorker, { variables: { receiver: 'police' } });
    expect(incidentMessage(job)).toContain('variable receiver must be one of: discipline-inspection');
    const noSubject = await run(prepareTransferLetterWorker, { variables: { receiver: Receiver.localPartyGovernment } });
    expect(incidentMessage(noSubject.job)).toContain('variable finding or clue is missing');
    const noCadres = await run(prepareTransferLetterWorker, { variables: { finding: cadreFinding, receiver: Receiver.localPartyGovernment, accountability: true } });
    expect(incidentMessage(noCadres.job)).toContain('an accountability clue must name cadres');
    expect(incidentMessage(noCadres.job)).toContain('an accountability clue goes to discipline-inspection');
    const badLevel = await run(prepareTransferLetterWorker, {
      variables: { finding: cadreFinding, receiver: Receiver.disciplineInspection, cadres: [{ name: '王某', post: '局长', level: '处级', unit: '某局' }] },
    });
    expect(incidentMessage(badLevel.job)).toContain('variable cadres[0].level must be a cadre-management level: provincial, municipal, county');
    const noRegion = await run(prepareTransferLetterWorker, {
      variables: { finding: cadreFinding, receiver: Receiver.disciplineInspection, jurisdiction: 'yancheng', cadres: [{ name: '王某', post: '镇长', level: 'county', unit: '某镇' }] },
    });
    expect(incidentMessage(noRegion.job)).toContain('county cadre 王某 needs a region');
    const badOrgan = await run(prepareTransferLetterWorker, { variables: { finding: cadreFinding, receiver: Receiver.disciplineInspection, transferringOrgan: 'xuncha-zu' } });
    expect(incidentMessage(badOrgan.job)).toContain('variable transferringOrgan must be one of: anwei-ban, qiantou-bumen, hangye-zhuguan, yewu-jianguan');
  });
});

async function issuedLetter(draft: Record<string, string>, elementInstanceKey = '2251799813687050', extra: Record<string, unknown> = {}) {
  const { job, outcome } = await run(issueTransferLetterWorker, {
    bpmnProcessId: 'clue-transfer',
    elementInstanceKey,
    variables: { letter: draft, signatory: '李某', classification: '内部', attachments: '1．现场检查记录\n2．整改前照片', ...extra },
  });
  expect(outcome).toBe('completed');
  return completedWith(job)['transferLetter'] as Record<string, string>;
}

describe(JobType.issueTransferLetter, () => {
  it('numbers letters 1, 2 … per jurisdiction, 代字 and year, the same number for a retried job, and composes the 函', async () => {
    const first = await prepareLetter({ finding: cadreFinding, receiver: Receiver.disciplineInspection, jurisdiction: 'yancheng' }, '2251799813687001');
    const second = await prepareLetter({ finding: cadreFinding, receiver: Receiver.disciplineInspection, jurisdiction: 'yancheng' }, '2251799813687002');
    const other = await prepareLetter({ finding: cadreFinding, receiver: Receiver.disciplineInspection, jurisdiction: 'hunan' }, '2251799813687003');
    const issued1 = await issuedLetter(first);
    const issued2 = await issuedLetter(second);
    const retried = await issuedLetter(first, '2251799813687099');
    const issuedOther = await issuedLetter(other);
    expect(issued1['letterNumber']).toBe('盐安巡移〔2026〕1号');
    expect(issued2['letterNumber']).toBe('盐安巡移〔2026〕2号');
    expect(retried['letterNumber']).toBe('盐安巡移〔2026〕1号');
    expect(issuedOther['letterNumber']).toBe('湘安办移〔2026〕1号');
    expect(issued1).toMatchObject({ signatory: '李某', classification: '内部', attachments: '现场检查记录\n整改前照片', date: '2026-03-10' });
    expect(issued1['text']).toBe(
      [
        '密级：内部',
        '盐城市安全生产委员会办公室',
        '盐安巡移〔2026〕1号　　　　签发人：李某',
        '',
        '关于移交问题线索的函',
        '',
        '中共盐城市纪委、盐城市监委：',
        first['body'],
        '',
        '附件：1．现场检查记录\n　　　2．整改前照片',
        '',
        '盐城市安全生产委员会办公室',
        '2026年3月10日',
      ].join('\n'),
    );
    expect((await ledger.listLetterNumbers({ jurisdiction: 'yancheng' })).map((entry) => entry.serial)).toEqual([1, 2]);
  });

  it('raises an incident for a missing 签发人 or an unknown 密级', async () => {
    const draft = await prepareLetter({ finding: cadreFinding, receiver: Receiver.disciplineInspection });
    const { job } = await run(issueTransferLetterWorker, { variables: { letter: draft, classification: '绝密级' } });
    expect(incidentMessage(job)).toContain('variable signatory is missing');
    expect(incidentMessage(job)).toContain('variable classification must be one of: 无, 内部, 秘密, 机密');
  });
});

describe(JobType.sendTransfer, () => {
  async function recordedFinding(): Promise<string> {
    const { record } = await ledger.recordFinding({ idempotencyKey: 'finding', source: '巡查', unitName: cadreFinding.responsibleUnit, ...cadreFinding });
    return record.id;
  }

  it('sends the approved letter once and records the transfer under the letter id', async () => {
    const findingId = await recordedFinding();
    const transferLetter = await issuedLetter(await prepareLetter({ finding: cadreFinding, receiver: Receiver.disciplineInspection }));
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
    // The letter is the finding's disposal: 已移交, once, with the letter in its history.
    expect((await ledger.getFinding(findingId))?.status).toBe('已移交');
    const history = await ledger.statusHistory('finding', findingId);
    expect(history.filter((change) => change.toStatus === '已移交')).toEqual([expect.objectContaining({ note: expect.stringContaining(String(transferLetter['letterNumber'])) })]);
  });

  it('marks a transferred clue 已移交', async () => {
    const { record: clue } = await ledger.recordClue({ idempotencyKey: 'clue', source: '来信', content: '某企业无证生产' });
    const transferLetter = await issuedLetter(await prepareLetter({ clue: { content: clue.content }, receiver: Receiver.localPartyGovernment }));
    const { outcome } = await run(sendTransferWorker, { variables: { transferLetter, clueId: clue.id } });
    expect(outcome).toBe('completed');
    expect((await ledger.getClue(clue.id))?.status).toBe('已移交');
    expect(await mailboxFiles(Receiver.localPartyGovernment)).toHaveLength(1);
  });

  it('sends nothing about a finding the ledger does not know, nor a letter without its 文号', async () => {
    const transferLetter = await issuedLetter(await prepareLetter({ finding: cadreFinding, receiver: Receiver.disciplineInspection }));
    const unnumbered = await run(sendTransferWorker, { variables: { transferLetter: { ...transferLetter, letterNumber: '赣安办移〔2026〕　号' }, findingId: 'x' } });
    expect(incidentMessage(unnumbered.job)).toContain('variable transferLetter.letterNumber has no serial yet');
    const { job } = await run(sendTransferWorker, { variables: { transferLetter, findingId: 'unknown-finding' } });
    expect(incidentMessage(job)).toContain('variable findingId: finding unknown-finding is not in the ledger');
    expect(await mailboxFiles(Receiver.disciplineInspection)).toEqual([]);

    const nothing = await run(sendTransferWorker, { variables: { transferLetter } });
    expect(incidentMessage(nothing.job)).toContain('variable findingId or clueId (what is transferred) is missing');
    const broken = await run(sendTransferWorker, { variables: { transferLetter: { ...transferLetter, body: '', text: '' }, findingId: 'x' } });
    expect(incidentMessage(broken.job)).toContain('variable transferLetter.body must be non-empty text');
  });
});

describe(JobType.recordTransferOutcome, () => {
  it('records the receipt and outcome against the transfer, once', async () => {
    const { record: clue } = await ledger.recordClue({ idempotencyKey: 'clue', source: '巡查发现', content: '干部失职' });
    const transferLetter = await issuedLetter(await prepareLetter({ clue: { content: clue.content }, receiver: Receiver.disciplineInspection }));
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

describe(JobType.recordTransferReceipt, () => {
  it('records the 签收回执 alone, once, leaving the 办理结果 open', async () => {
    const { record: clue } = await ledger.recordClue({ idempotencyKey: 'clue', source: '来信', content: '某企业无证生产' });
    const transferLetter = await issuedLetter(await prepareLetter({ clue: { content: clue.content }, receiver: Receiver.localPartyGovernment }));
    await run(sendTransferWorker, { variables: { transferLetter, clueId: clue.id } });
    const variables = { transferId: transferLetter['transferId'], receipt: { receivedAt: '2026-03-12T10:00:00+08:00', note: '已收悉' } };
    const first = await run(recordTransferReceiptWorker, { variables });
    const later = await run(recordTransferReceiptWorker, { variables: { ...variables, receipt: { receivedAt: '2026-03-13T10:00:00+08:00' } } });
    expect(completedWith(first.job)).toEqual({ receiptReceivedAt: '2026-03-12T02:00:00.000Z' });
    expect(completedWith(later.job)).toEqual({ receiptReceivedAt: '2026-03-12T02:00:00.000Z' });
    expect(await ledger.getTransfer(transferLetter['transferId'] as string)).toMatchObject({ receiptReceivedAt: '2026-03-12T02:00:00.000Z', outcome: null });
  });

  it('raises an incident for an unknown transfer or a malformed receipt time', async () => {
    const unknown = await run(recordTransferReceiptWorker, { variables: { transferId: 'nope' } });
    expect(incidentMessage(unknown.job)).toContain('variable transferId: transfer nope is not in the ledger');
    const malformed = await run(recordTransferReceiptWorker, { variables: { transferId: 'nope', receipt: { receivedAt: '12 March' } } });
    expect(incidentMessage(malformed.job)).toContain('variable receipt.receivedAt must be an ISO-8601 date-time');
  });
});
