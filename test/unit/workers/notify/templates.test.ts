import { describe, expect, it } from 'vitest';
import { NoticeType } from '../../../../workers/contract.ts';
import { chineseDate, placeholdersOf, renderNotice } from '../../../../workers/notify/render.ts';
import { NOTICE_TEMPLATES } from '../../../../workers/notify/templates.ts';
import { InvalidVariablesError } from '../../../../workers/variables.ts';

const frame = { recipients: ['被巡查单位'], cc: [], issuer: '安委办', date: '2026-03-02' } as const;

function renderError(work: () => unknown): InvalidVariablesError {
  try {
    work();
  } catch (error) {
    if (error instanceof InvalidVariablesError) return error;
    throw error;
  }
  throw new Error('expected an InvalidVariablesError');
}

describe('notice templates', () => {
  it('has a Chinese template for every notice type of the contract, and no other', () => {
    expect(Object.keys(NOTICE_TEMPLATES).sort()).toEqual(Object.values(NoticeType).sort());
    for (const template of Object.values(NOTICE_TEMPLATES)) {
      expect(template.label).toMatch(/\p{Script=Han}/u);
      expect(template.subject).toMatch(/^关于.+\p{Script=Han}/u);
      expect(template.subject).not.toContain('\n');
      expect(template.paragraphs.length).toBeGreaterThan(0);
    }
  });

  it('uses only well-formed placeholders', () => {
    for (const template of Object.values(NOTICE_TEMPLATES)) {
      const texts = [template.subject, ...template.paragraphs].join('\n');
      const opened = texts.split('{{').length - 1;
      expect(placeholdersOf(template).length).toBeGreaterThan(0);
      expect(texts.match(/\{\{\s*[A-Za-z_][A-Za-z0-9_.]*\s*\}\}/g)?.length).toBe(opened);
    }
  });

  it('renders an entry notice in 公文 form, from context first and process variables second', () => {
    const notice = renderNotice(
      'entry-notice',
      [
        { patrolTarget: { name: '青山湖区人民政府' }, entryDate: '2026-03-10' },
        { patrolTarget: { name: '被 context 覆盖' }, patrolDays: 20 },
      ],
      { ...frame, cc: ['纪检监察机关', '党委组织部门'] },
    );
    expect(notice.subject).toBe('关于对青山湖区人民政府开展安全生产巡查的通知');
    expect(notice.body).toBe(
      [
        '被巡查单位：',
        '　　根据安全生产巡查工作安排，巡查组定于2026年3月10日进驻青山湖区人民政府开展安全生产巡查，时间为20天。',
        '　　请做好配合工作，如实提供有关情况和资料。',
        '　　特此通知。',
        '',
        '安委办',
        '2026年3月2日',
        '',
        '抄送：纪检监察机关、党委组织部门。',
        '',
      ].join('\n'),
    );
  });

  it('writes date-times in Beijing time and lists as 、-separated text', () => {
    const notice = renderNotice(
      'interview',
      [{ interviewee: ['县应急管理局局长', '分管副局长'], interviewReason: '整改不力', interviewDate: '2026-03-12T01:30:00Z', interviewPlace: '县政府三楼会议室' }],
      frame,
    );
    expect(notice.subject).toBe('关于约谈县应急管理局局长、分管副局长的通知');
    expect(notice.body).toContain('定于2026年3月12日9时30分在县政府三楼会议室');
    expect(chineseDate('2026-10-08')).toBe('2026年10月8日');
  });

  it('fills the reserved notice.* values itself', () => {
    const notice = renderNotice('receipt-reminder', [{ sentDate: '2026-02-27', letterNumber: '赣安巡移〔2026〕3号', dueDate: '2026-03-06' }], {
      ...frame,
      issuer: '县安委办',
    });
    expect(notice.body).toContain('县安委办于2026年2月27日移交的问题线索（赣安巡移〔2026〕3号）');
  });

  it('names every missing or unusable variable, in Chinese and English', () => {
    const error = renderError(() => renderNotice('entry-notice', [{ patrolTarget: { name: '  ' }, patrolDays: { value: 20 } }], frame));
    expect(error.problems).toEqual([
      '变量 patrolTarget.name 应为非空的文字、数字、日期或其列表 / variable patrolTarget.name must be non-empty text, a number, a date or a list of those (got "  ")',
      '模板 "entry-notice" 需要变量 entryDate，请在 context 或流程变量中提供 / template "entry-notice" needs variable entryDate; provide it in context or as a process variable',
      '变量 patrolDays 应为非空的文字、数字、日期或其列表 / variable patrolDays must be non-empty text, a number, a date or a list of those (got {"value":20})',
    ]);
    expect(error.message).toContain('输入变量无效');
  });

  it('keeps the subject on one line', () => {
    const notice = renderNotice('circular', [{ circularSubject: '某某\n事故', circularContent: '经查……' }], frame);
    expect(notice.subject).toBe('关于某某 事故的通报');
  });
});
