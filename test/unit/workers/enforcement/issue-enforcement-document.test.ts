/**
 * anquan.enforcement.issue-document and the 一案双罚 / 文书 records of
 * anquan.ledger.record-enforcement: the 文号 代字, 发文机关 and receivers follow
 * the organ acting and the jurisdiction; a retried job keeps its number; a
 * 一案双罚 that names no responsible person is an incident.
 */
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { JobType } from '../../../../workers/contract.ts';
import { issueEnforcementDocumentWorker } from '../../../../workers/enforcement/issue-enforcement-document.worker.ts';
import { recordEnforcementWorker } from '../../../../workers/ledger-workers/record-enforcement.worker.ts';
import type { Ledger } from '../../../../workers/ledger/index.ts';
import { type Notifier, createNotifier } from '../../../../workers/notify/notifier.ts';
import type { RegisteredWorker } from '../../../../workers/worker-definition.ts';
import { type FakeJobOptions, completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { type TestLedger, openTestLedger, testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
const NOW = new Date('2026-06-12T02:00:00.000Z');

let testLedger: TestLedger;
let ledger: Ledger;
let notifier: Notifier;

beforeEach(async () => {
  testLedger = await openTestLedger({ now: () => NOW });
  ledger = testLedger.ledger;
  notifier = await createNotifier({
    channel: 'mailbox',
    from: '安委办 <anweiban@example.gov.cn>',
    mailboxDir: path.join(testLedger.folder, 'mailbox'),
    directoryFile: path.join(PROJECT_ROOT, 'processes/directory.json'),
  });
});

afterEach(async () => {
  await notifier.close();
  await testLedger.dispose();
});

async function run(worker: RegisteredWorker, options: Omit<FakeJobOptions, 'type'>) {
  const job = fakeJob({ type: worker.jobType, activatedAt: NOW.toISOString(), ...options });
  const { outcome } = await worker.run(job, { logger, services: testServices({ ledger, notifier }) });
  return { job, outcome };
}

const measure = {
  unitName: '某化工有限公司',
  facts: '重大事故隐患长期存在并多次受到处罚',
  industryBan: '主要负责人五年内不得担任任何生产经营单位的主要负责人',
  suspects: '实际控制人陈某',
  enterprisePenalty: '罚款人民币20万元',
  enterpriseFineYuan: 200000,
  responsiblePersons: [{ role: '主要负责人', name: '刘某', penalty: '罚款人民币5万元', fineYuan: 50000 }],
};

describe(JobType.issueEnforcementDocument, () => {
  it('numbers a 移送书 with the department 代字, addresses the 公安机关 and copies the 检察院; a retry keeps the number', async () => {
    const variables = { documentKind: 'criminal-referral', actingOrgan: 'qiantou-bumen', actingOrganName: '进贤县应急管理局', jurisdiction: 'jiangxi', measure };
    const first = await run(issueEnforcementDocumentWorker, { elementInstanceKey: 'IssueCriminalReferral:1', variables });
    const document = completedWith(first.job)['enforcementDocument'] as Record<string, unknown>;
    expect(document).toMatchObject({
      documentName: '涉嫌犯罪案件移送书',
      documentNumber: '赣安专刑移〔2026〕1号',
      issuer: '进贤县应急管理局',
      recipients: ['gongan-jiguan'],
      cc: ['jiancha-yuan'],
      receiverName: '公安机关',
      ccNames: ['人民检察院'],
    });
    expect(document['basis']).toContain('《安全生产行政执法与刑事司法衔接工作办法》第七条、第八条');
    const again = await run(issueEnforcementDocumentWorker, { elementInstanceKey: 'IssueCriminalReferral:1', variables });
    expect((completedWith(again.job)['enforcementDocument'] as Record<string, unknown>)['documentNumber']).toBe('赣安专刑移〔2026〕1号');
    const next = await run(issueEnforcementDocumentWorker, { elementInstanceKey: 'IssueCriminalReferral:2', variables });
    expect((completedWith(next.job)['enforcementDocument'] as Record<string, unknown>)['documentNumber']).toBe('赣安专刑移〔2026〕2号');
  });

  it('a 提请关闭函 of the 安委会 in 盐城 goes to 盐城市人民政府 under the 安委会 name and 代字', async () => {
    const { job } = await run(issueEnforcementDocumentWorker, {
      elementInstanceKey: 'IssueClosureRequest:1',
      variables: { documentKind: 'closure-request', actingOrgan: 'anweihui', actingOrganName: null, jurisdiction: 'yancheng', measure },
    });
    expect(completedWith(job)['enforcementDocument']).toMatchObject({
      documentNumber: '盐安委关〔2026〕1号',
      issuer: '盐城市安全生产委员会',
      recipients: ['renmin-zhengfu'],
      receiverName: '盐城市人民政府',
      industryBan: measure.industryBan,
    });
  });

  it('a 一案双罚 decision keeps the 文号 entered and lists the enterprise and its 主要负责人; without a responsible person it is an incident', async () => {
    const { job } = await run(issueEnforcementDocumentWorker, {
      elementInstanceKey: 'IssueDoublePenaltyDecision:1',
      variables: { documentKind: 'double-penalty-decision', actingOrgan: 'qiantou-bumen', actingOrganName: '进贤县应急管理局', measure: { ...measure, documentNumber: '进应急罚〔2026〕21号' } },
    });
    const document = completedWith(job)['enforcementDocument'] as Record<string, unknown>;
    expect(document).toMatchObject({ documentNumber: '进应急罚〔2026〕21号', receiverName: '某化工有限公司', recipients: ['qiye'], personRoles: '主要负责人' });
    expect(document['partiesText']).toBe('一、对某化工有限公司：罚款人民币20万元；二、对主要负责人刘某：罚款人民币5万元。');
    expect(await ledger.listLetterNumbers({ year: 2026 })).toEqual([]);

    const refused = await run(issueEnforcementDocumentWorker, {
      variables: { documentKind: 'double-penalty-decision', actingOrgan: 'qiantou-bumen', measure: { ...measure, responsiblePersons: [] } },
    });
    expect(incidentMessage(refused.job)).toContain('一案双罚须点名至少一名主要负责人或实际控制人');
  });
});

describe(`${JobType.recordEnforcement}: 一案双罚 parties and the document with its answer`, () => {
  it('records both penalties of a 一案双罚 with their total, once', async () => {
    const variables = {
      enforcement: { kind: '一案双罚', unitName: '某化工有限公司', decidingOrgan: '进贤县应急管理局', documentNumber: '进应急罚〔2026〕21号' },
      parties: [
        { role: '企业', name: '某化工有限公司', penalty: '罚款人民币20万元', fineYuan: 200000 },
        { role: '主要负责人', name: '刘某', penalty: '罚款人民币5万元', fineYuan: 50000 },
      ],
    };
    const first = await run(recordEnforcementWorker, { elementInstanceKey: 'RecordDoublePenalty:1', variables });
    const { enforcementId } = completedWith(first.job) as { enforcementId: string };
    await run(recordEnforcementWorker, { elementInstanceKey: 'RecordDoublePenalty:1', variables });
    const details = await ledger.getEnforcementDetails(enforcementId);
    expect(details.parties.map((party) => [party.role, party.fineYuan])).toEqual([
      ['企业', 200000],
      ['主要负责人', 50000],
    ]);
    const summary = await ledger.summarize({ from: '2026-06-01T00:00:00+08:00', before: '2026-07-01T00:00:00+08:00' });
    expect(summary.enforcementByKind['一案双罚']).toMatchObject({ count: 1, fineYuan: 250000 });
  });

  it('refuses a 一案双罚 naming no 主要负责人 or 实际控制人', async () => {
    const { job } = await run(recordEnforcementWorker, {
      variables: { enforcement: { kind: '一案双罚', unitName: '某化工有限公司', decidingOrgan: '进贤县应急管理局' }, parties: [{ role: '企业', name: '某化工有限公司', penalty: '罚款' }] },
    });
    expect(incidentMessage(job)).toContain('主要负责人或实际控制人');
  });

  it('records a 提请关闭函 with the 行业禁入 and the government decision', async () => {
    const { job } = await run(recordEnforcementWorker, {
      elementInstanceKey: 'RecordClosureRequest:1',
      variables: {
        enforcement: { kind: '提请关闭', unitName: '某化工有限公司', decidingOrgan: '进贤县应急管理局', documentNumber: '赣安专关〔2026〕1号' },
        document: { documentName: '提请关闭函', documentNumber: '赣安专关〔2026〕1号', issuer: '进贤县应急管理局', receiverName: '本级人民政府', industryBan: '五年内不得担任主要负责人' },
        outcome: { decision: '决定关闭', documentNumber: '进府字〔2026〕3号', date: '2026-06-20' },
      },
    });
    const { enforcementId } = completedWith(job) as { enforcementId: string };
    expect((await ledger.getEnforcementDetails(enforcementId)).document).toMatchObject({
      documentName: '提请关闭函',
      consequence: '行业禁入：五年内不得担任主要负责人',
      outcome: '决定关闭',
      outcomeDocumentNumber: '进府字〔2026〕3号',
    });
  });
});
