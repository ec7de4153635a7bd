import { describe, expect, it } from 'vitest';
import { caseDocuments, documentHtml } from '../../../../../workbench/server/documents/documents.ts';

describe('case documents', () => {
  it('shows every notice kept with the case and the 移交函, oldest first, as escaped HTML', () => {
    const documents = caseDocuments({
      caseDocument_SendFeedback_2: { kind: 'feedback', kindLabel: '反馈意见', title: '关于巡查情况的反馈意见', body: '测试县：\n　　<危化品>问题\n\n安委办', sentAt: '2026-10-09T01:00:00.000Z', recipients: [], cc: [] },
      caseDocument_SendEntryNotice_1: { kind: 'entry-notice', kindLabel: '进驻通知', title: '关于开展巡查的通知', body: '正文', sentAt: '2026-09-07T01:00:00.000Z', recipients: [], cc: [] },
      transferLetter: { title: '关于移交问题线索的函', body: '纪检监察机关：', letterNumber: '赣安巡移〔2026〕3号' },
      patrolId: '盐安巡〔2026〕1号',
    });
    expect(documents.map((document) => [document.kind, document.title])).toEqual([
      ['进驻通知', '关于开展巡查的通知'],
      ['反馈意见', '关于巡查情况的反馈意见'],
      ['移交函（待发送）', '关于移交问题线索的函（赣安巡移〔2026〕3号）'],
    ]);
    expect(documents[1]?.html).toBe('<p>测试县：</p><p>　　&lt;危化品&gt;问题</p><p class="gap"></p><p>安委办</p>');
  });

  it('marks the letter as sent once anquan.transfer.send set sentAt', () => {
    const [letter] = caseDocuments({ transferLetter: { title: '函', body: '正文' }, sentAt: '2026-10-20T02:00:00.000Z' });
    expect(letter).toMatchObject({ kind: '移交函', sentAt: '2026-10-20T02:00:00.000Z' });
    expect(documentHtml('a & b\n')).toBe('<p>a &amp; b</p>');
  });

  it('shows the issued letter, with 密级, 文号 and 签发人, instead of the draft once the leader approved it', () => {
    const [letter] = caseDocuments({ transferLetter: { title: '函', body: '草稿正文', text: '内部\n盐安巡移〔2026〕3号　签发人：王某\n草稿正文', letterNumber: '盐安巡移〔2026〕3号' } });
    expect(letter?.html).toBe('<p>内部</p><p>盐安巡移〔2026〕3号　签发人：王某</p><p>草稿正文</p>');
  });
});
