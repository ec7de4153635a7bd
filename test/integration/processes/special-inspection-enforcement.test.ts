/**
 * 依法处理 in a special inspection (进贤方案二(二)3) on the test engine with the
 * real workers: a 一案双罚 whose 决定书 names the enterprise and its 主要负责人
 * with both penalties in the ledger, a 移送司法机关 whose 涉嫌犯罪案件移送书
 * goes to the 公安机关 with its 文号 and a copy to the 同级人民检察院, and a
 * 提请关闭 whose 提请关闭函 goes to the 本级人民政府 with the 行业禁入 and whose
 * government decision is recorded. The 文号 代字, 发文机关 and receivers follow
 * the organ acting: the inspecting department in 江西, the 安委会 organising
 * the inspection in 盐城. A 约谈 is recorded, but not as a 行政处罚决定.
 */
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { FindingCategory, ProcessId } from '../../../workers/contract.ts';
import { eventually } from '../support/engine-client.ts';
import { useEngineHarness } from '../support/harness.ts';

const h = useEngineHarness({ smtp: true });

const ORGAN = '执法测试县应急管理局';
const MINE = '赣南非煤矿山有限公司';

/** The ledger rows of the instance, read as an auditor would, straight from the SQLite file. */
function ledgerRows(table: 'enforcement_actions' | 'inspections', processInstanceId: string): Array<Record<string, unknown>> {
  const { ledger } = h.config;
  if (ledger.backend !== 'sqlite') throw new Error('the integration tests use the SQLite ledger');
  const db = new DatabaseSync(ledger.sqliteFile, { readOnly: true });
  try {
    return db.prepare(`select * from ${table} where process_instance_key = ? order by id`).all(processInstanceId) as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

function mail(subject: string): { text: string; to: string; cc: string } {
  const found = h.smtp.received.filter((received) => received.parsed.subject === subject);
  const text = found.map((received) => received.parsed.text ?? '').join('\n');
  const addresses = (field: 'to' | 'cc'): string =>
    found
      .map((received) => {
        const value = received.parsed[field];
        return value === undefined ? '' : Array.isArray(value) ? value.map((item) => item.text).join(',') : value.text;
      })
      .join(',');
  return { text, to: addresses('to'), cc: addresses('cc') };
}

async function startInspection(variables: Record<string, unknown>, plan: Record<string, unknown>): Promise<string> {
  const key = await h.engine.startProcessInstance(ProcessId.specialInspection, variables);
  await h.complete(key, 'DraftInspectionPlan', plan);
  return key;
}

describe(`${ProcessId.specialInspection}: 依法处理 (进贤方案二(二)3)`, () => {
  it('一案双罚, 移送司法机关 and 约谈 by the inspecting department: documents numbered with its 代字, both penalties and the 回执 in the ledger', async () => {
    await h.clock.pin('2026-06-01T09:00:00+08:00');
    const key = await startInspection(
      {},
      {
        planTitle: '非煤矿山安全专项执法检查方案',
        leadDepartmentName: ORGAN,
        organisedBy: '牵头部门',
        planScope: '非煤矿山重大事故隐患',
        industry: '非煤矿山执法测试',
        planJurisdiction: '执法测试县',
        keyIndustry: true,
        planFiledDate: '2026-06-01',
        periodFrom: '2026-06-03',
        periodTo: '2026-06-19',
        campaignMode: false,
        enterprises: [{ unitName: MINE, unitCreditCode: '91360700MA35MINE1X', region: '大余镇' }],
      },
    );
    const inspection = await h.engine.waitForUserTask(key, 'InspectEnterprise');
    await h.engine.completeUserTask(inspection, {
      inspectionKind: '执法检查',
      inspectedDate: '2026-06-10',
      inspectingDepartment: ORGAN,
      inspectorNames: '张检查、李检查',
      inspectorSignedDate: '2026-06-10',
      problems: [
        {
          category: FindingCategory.general,
          description: '排查整治不力，井下采空区未按设计充填，隐患依然存在',
          disposal: '查处',
          penaltyKind: '一案双罚',
          enterprisePenalty: '罚款人民币20万元',
          enterpriseFineYuan: 200000,
          responsiblePersons: [{ role: '主要负责人', name: '刘某', penalty: '处上一年年收入百分之四十的罚款', fineYuan: 48000 }],
          documentNumber: '执应急罚〔2026〕7号',
          decidedDate: '2026-06-12',
        },
        {
          category: FindingCategory.illegalProduction,
          description: '明知存在重大事故隐患仍强令工人冒险井下作业',
          disposal: '查处',
          penaltyKind: '移送司法机关',
          suspects: '实际控制人陈某',
          personCount: 1,
          decidedDate: '2026-06-13',
        },
        { category: FindingCategory.general, description: '安全生产责任制落实不到位', disposal: '查处', penaltyKind: '约谈', decidedDate: '2026-06-14' },
      ],
    });

    // 一案双罚: the 决定书 names both and goes to the enterprise, with the 文号 entered from the enforcement system.
    const decisionSubject = `关于对${MINE}及其主要负责人实行“一案双罚”的行政处罚决定书`;
    await h.waitForMail('the 一案双罚 decision', (subject) => subject === decisionSubject);
    const decision = mail(decisionSubject);
    expect(decision.text).toContain('执应急罚〔2026〕7号');
    expect(decision.text).toContain(`${MINE}：`);
    expect(decision.text).toContain('一、对赣南非煤矿山有限公司：罚款人民币20万元；');
    expect(decision.text).toContain('二、对主要负责人刘某：处上一年年收入百分之四十的罚款（计人民币4.8万元）。');
    expect(decision.text).toContain(ORGAN);

    // 移送司法机关: the 移送书 goes to the 公安机关, copied to the 人民检察院, numbered with the department's 代字.
    const referralSubject = `关于移送${MINE}涉嫌犯罪案件的移送书`;
    // One delivery per receiver: the 公安机关 (主送) and the 人民检察院 (抄送).
    await eventually('the criminal referral to both receivers', async () => (h.subjects().filter((subject) => subject === referralSubject).length === 2 ? true : undefined));
    const referral = mail(referralSubject);
    const referralNumber = /赣安专刑移〔2026〕\d+号/.exec(referral.text)?.[0];
    expect(referralNumber).toBeDefined();
    expect(referral.to).toContain('gongan@example.gov.cn');
    expect(referral.to).toContain('jianchayuan@example.gov.cn');
    expect(referral.text).toContain('公安机关：');
    expect(referral.text).toContain('抄送：人民检察院。');
    expect(referral.text).toContain('实际控制人陈某');
    expect(referral.text).toContain('《安全生产行政执法与刑事司法衔接工作办法》第七条、第八条');
    expect((await h.ledger.listLetterNumbers({ prefix: '赣安专刑移', year: 2026 })).map((number) => number.letterNumber)).toContain(referralNumber);

    const receipt = await h.engine.waitForUserTask(key, 'ProblemRecordReferralReceipt');
    expect(receipt.candidateGroups).toEqual(['qiantou-bumen']);
    await h.engine.completeUserTask(receipt, { referralAcceptance: '已受理', referralReceiptNumber: '执公回〔2026〕5号', referralReceiptDate: '2026-06-14', referralReceivedBy: '县公安局 王警官' });

    const rows = await eventually('three enforcement rows of the instance', async () => {
      const found = ledgerRows('enforcement_actions', key);
      return found.length === 3 ? found : undefined;
    });
    const byKind = new Map(rows.map((row) => [row['kind'] as string, row]));
    expect([...byKind.keys()].sort()).toEqual(['一案双罚', '移送司法机关', '约谈'].sort());

    // Both penalties of the 一案双罚, linked to the finding they punish; the fine is their total.
    const double = byKind.get('一案双罚')!;
    expect(double).toMatchObject({ fine_fen: 24_800_000, person_count: 1, document_number: '执应急罚〔2026〕7号', deciding_organ: ORGAN });
    const finding = await h.ledger.getFinding(double['finding_id'] as string);
    expect(finding?.description).toContain('井下采空区');
    const doubleDetails = await h.ledger.getEnforcementDetails(double['id'] as string);
    expect(doubleDetails.parties).toEqual([
      { seq: 1, role: '企业', name: MINE, penalty: '罚款人民币20万元', fineYuan: 200000 },
      { seq: 2, role: '主要负责人', name: '刘某', penalty: '处上一年年收入百分之四十的罚款', fineYuan: 48000 },
    ]);
    expect(doubleDetails.document).toMatchObject({ documentName: '行政处罚决定书', documentNumber: '执应急罚〔2026〕7号', issuer: ORGAN, receiverName: MINE });

    const referred = byKind.get('移送司法机关')!;
    expect(referred).toMatchObject({ document_number: referralNumber, person_count: 1, deciding_organ: ORGAN });
    expect((await h.ledger.getEnforcementDetails(referred['id'] as string)).document).toMatchObject({
      documentName: '涉嫌犯罪案件移送书',
      documentNumber: referralNumber,
      receiverName: '公安机关',
      ccNames: ['人民检察院'],
      outcome: '已受理',
      outcomeDocumentNumber: '执公回〔2026〕5号',
      outcomeDate: '2026-06-14',
      outcomeNote: '签收人：县公安局 王警官',
    });

    // 谁检查、谁签名、谁负责 (进贤方案二(二)5): the 检查记录 in the ledger carries who signed it and when.
    expect(ledgerRows('inspections', key)).toEqual([expect.objectContaining({ unit_name: MINE, inspecting_organ: ORGAN, inspector_names: '张检查、李检查', inspector_signed_on: '2026-06-10' })]);

    // 约谈 is a measure recorded apart from the 行政处罚决定 (no parties, no document).
    await h.engine.waitForCompletedElements(key, ['ProblemRecordOtherMeasure', 'ProblemRecordDoublePenalty', 'ProblemRecordCriminalReferral']);
    expect((await h.engine.activityInstances(key)).filter((activity) => activity.activityId === 'ProblemRecordPenaltyDecision')).toHaveLength(0);
    const other = await h.ledger.getEnforcementDetails(byKind.get('约谈')!['id'] as string);
    expect(other).toMatchObject({ parties: [], document: null });
    expect(await h.engine.incidentHistory(key)).toEqual([]);
    await h.engine.cancelWhenQuiet(key);
  });

  it('提请关闭 of an inspection the 安委会 organises in 盐城: the 安委会 sends the 提请关闭函 to 盐城市人民政府 with the 行业禁入; the decision is recorded', async () => {
    await h.clock.pin('2026-06-01T09:00:00+08:00');
    const key = await startInspection(
      { jurisdiction: 'yancheng' },
      {
        planTitle: '全市危险化学品重大事故隐患专项检查方案',
        leadDepartmentName: '盐城市应急管理局',
        organisedBy: '安委会',
        planScope: '危险化学品重大事故隐患长期存在的企业',
        industry: '危化执法测试',
        planJurisdiction: '盐城市',
        keyIndustry: true,
        planFiledDate: '2026-06-01',
        periodFrom: '2026-06-03',
        periodTo: '2026-06-19',
        campaignMode: false,
        enterprises: [{ unitName: '盐城某化工有限公司', unitCreditCode: '91320900MA35CHEM2Y', region: '亭湖区' }],
      },
    );
    const inspection = await h.engine.waitForUserTask(key, 'InspectEnterprise');
    await h.engine.completeUserTask(inspection, {
      inspectionKind: '执法检查',
      inspectedDate: '2026-06-10',
      inspectingDepartment: '盐城市应急管理局',
      inspectorNames: '周检查',
      inspectorSignedDate: '2026-06-10',
      problems: [
        {
          category: FindingCategory.general,
          description: '储罐区重大事故隐患长期存在，三年内三次受到行政处罚仍未消除',
          disposal: '查处',
          penaltyKind: '提请关闭',
          industryBan: '主要负责人赵某五年内不得担任任何生产经营单位的主要负责人',
          decidedDate: '2026-06-12',
        },
      ],
    });

    const subject = '关于提请依法关闭盐城某化工有限公司的函';
    await h.waitForMail('the closure request', (mailSubject) => mailSubject === subject);
    const letter = mail(subject);
    const letterNumber = /盐安委关〔2026〕\d+号/.exec(letter.text)?.[0];
    expect(letterNumber).toBeDefined();
    expect(letter.to).toContain('renminzhengfu@example.gov.cn');
    expect(letter.text).toContain('盐城市人民政府：');
    expect(letter.text).toContain('盐城市安全生产委员会');
    expect(letter.text).toContain('主要负责人赵某五年内不得担任任何生产经营单位的主要负责人');
    expect(letter.text).toContain('《中华人民共和国安全生产法》第一百一十三条');

    await h.complete(key, 'ProblemRecordGovernmentDecision', {
      governmentDecision: '决定关闭',
      governmentDecisionNumber: '盐政发〔2026〕18号',
      governmentDecisionDate: '2026-06-18',
      governmentDecisionNote: '由市应急管理局依法吊销安全生产许可证',
    });
    const [row] = await eventually('the closure in the ledger', async () => {
      const found = ledgerRows('enforcement_actions', key);
      return found.length === 1 ? found : undefined;
    });
    expect(row).toMatchObject({ kind: '提请关闭', document_number: letterNumber, deciding_organ: '盐城市安全生产委员会' });
    expect((await h.ledger.getEnforcementDetails(row!['id'] as string)).document).toMatchObject({
      documentName: '提请关闭函',
      documentNumber: letterNumber,
      issuer: '盐城市安全生产委员会',
      receiverName: '盐城市人民政府',
      consequence: '行业禁入：主要负责人赵某五年内不得担任任何生产经营单位的主要负责人',
      outcome: '决定关闭',
      outcomeDocumentNumber: '盐政发〔2026〕18号',
      outcomeDate: '2026-06-18',
    });
    expect(await h.engine.incidentHistory(key)).toEqual([]);
    await h.engine.cancelWhenQuiet(key);
  });
});
