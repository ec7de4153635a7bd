/**
 * The notices of a 督办决定 (overdue-escalation) in 公文 form: 主送 names the
 * actual unit (not the mailbox it is sent to), and a 文号 that was entered is
 * printed above it; without one, nothing is printed and nothing is missing.
 */
import { describe, expect, it } from 'vitest';
import { NoticeType } from '../../../../workers/contract.ts';
import { renderNotice } from '../../../../workers/notify/render.ts';
import { InvalidVariablesError } from '../../../../workers/variables.ts';

const frame = { recipients: ['被巡查单位'], cc: ['安委办'], issuer: '县安委办', date: '2026-12-02' } as const;
const escalation = {
  caseTitle: '甲县安全生产巡查',
  overdueParty: { name: '甲县人民政府', kind: 'unit' },
  overdueSubject: '报送整改方案',
  overdueDueDate: '2026-12-01',
  escalationReason: '经提醒仍未报送。',
};

describe('escalation notices', () => {
  it('addresses the 约谈通知 to the unit and prints its 文号, date, time and place', () => {
    const notice = renderNotice(
      NoticeType.escalationInterview,
      [{ ...escalation, interviewAt: '2026-12-08T09:30+08:00', interviewPlace: '县安委办三楼会议室', interviewee: '主要负责人', documentNumber: '甲安办约〔2026〕2号' }],
      frame,
    );
    expect(notice.subject).toBe('关于约谈甲县人民政府主要负责人的通知');
    const lines = notice.body.split('\n');
    expect(lines.slice(0, 3)).toEqual(['甲安办约〔2026〕2号', '', '甲县人民政府：']);
    expect(notice.body).toContain('定于2026年12月8日9时30分在县安委办三楼会议室约谈你单位主要负责人');
    expect(notice.body).toContain('抄送：安委办。');
  });

  it('prints no 文号 line when none was entered, and a 通报 is addressed to its scope', () => {
    const notice = renderNotice(NoticeType.escalationCircular, [{ ...escalation, circularScope: '各乡镇人民政府、县安委会各成员单位', documentNumber: '' }], frame);
    expect(notice.body.split('\n')[0]).toBe('各乡镇人民政府、县安委会各成员单位：');
    expect(notice.body).toContain('甲县人民政府应于2026年12月1日前完成“报送整改方案”');
  });

  it('names the missing addressee like any other missing value', () => {
    let error: unknown;
    try {
      renderNotice(NoticeType.escalationLetter, [{ ...escalation, overdueParty: {}, requiredBy: '2026-12-15' }], frame);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidVariablesError);
    expect((error as InvalidVariablesError).problems.join('\n')).toContain('overdueParty.name');
  });

  it('keeps the directory names as 主送 for notices without an addressee', () => {
    const notice = renderNotice(NoticeType.overdueReport, [{ ...escalation, decisionDeadline: { due: '2026-12-04' } }], { ...frame, recipients: ['安委办'], cc: [] });
    expect(notice.body.split('\n')[0]).toBe('安委办：');
    expect(notice.body).toContain('请于2026年12月4日前视情节轻重研究决定督办措施');
  });
});
