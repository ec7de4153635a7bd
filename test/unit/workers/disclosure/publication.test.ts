/**
 * What a publication may hold (001 五(五)): the checks of publication.ts that
 * keep every 纪检 finding and every cadre's name off the public site, and the
 * projection onto the public fields.
 */
import { describe, expect, it } from 'vitest';
import { FindingCategory, Receiver } from '../../../../workers/contract.ts';
import {
  DISCIPLINE_CATEGORY,
  type PublicationDraft,
  publicItem,
  publicSections,
  publicTask,
  publicationProblems,
} from '../../../../workers/disclosure/publication.ts';

const clean = { namesCadres: false } as const;

function draft(overrides: Partial<PublicationDraft> = {}): PublicationDraft {
  return {
    title: '某县安全生产巡查及整改情况',
    summary: '巡查发现问题隐患2项。',
    patrolTargetName: '某县委、县人民政府',
    items: [{ text: '危化品仓库消防通道堵塞', category: FindingCategory.general, responsibleUnit: '某化工有限公司', routing: { ...clean, category: FindingCategory.general } }],
    sections: [{ heading: '整改方案', text: '逐条整改，限期销号。' }],
    rectificationTasks: [{ problem: '消防通道堵塞', measure: '立即清理', responsibleUnit: '某化工有限公司', deadline: '2026-11-30', routing: clean }],
    reviewedBy: '安委办 李华',
    reviewedDate: '2026-12-01',
    withheldNames: [],
    ...overrides,
  };
}

describe('publication checks', () => {
  it('accept a reviewed publication of general findings and their rectification', () => {
    expect(DISCIPLINE_CATEGORY).toBe('干部不担当不作为、形式主义官僚主义、失职渎职');
    expect(publicationProblems(draft())).toEqual([]);
  });

  it('refuse a finding routed to the 纪检监察机关: by category, by receiver, or because it names cadres', () => {
    const problems = publicationProblems(
      draft({
        items: [
          { text: '危化品仓库消防通道堵塞', routing: clean },
          { text: '县应急管理局执法检查流于形式', category: FindingCategory.cadreConduct, routing: { ...clean, category: FindingCategory.cadreConduct } },
          { text: '某局长失职', routing: { ...clean, receiver: Receiver.disciplineInspection } },
          { text: '责任追究', routing: { namesCadres: true } },
        ],
        rectificationTasks: [{ problem: '作风问题', measure: '移交处理', routing: { ...clean, category: FindingCategory.cadreConduct } }],
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^变量 items\[1\] 不得公开：类别为“干部不担当不作为、形式主义官僚主义、失职渎职”.*variable items\[1\] must not be published$/),
      expect.stringContaining('variable items[2] must not be published'),
      expect.stringContaining('items[3] 不得公开：列有责任追究的干部'),
      expect.stringContaining('variable rectificationTasks[0] must not be published'),
    ]);
    // Other routes (属地党委政府, 有管辖权的部门) are public.
    expect(publicationProblems(draft({ items: [{ text: '违法生产', routing: { ...clean, receiver: Receiver.localPartyGovernment } }] }))).toEqual([]);
  });

  it('refuse any text holding the name of a cadre the process named, without repeating the name', () => {
    const problems = publicationProblems(
      draft({
        summary: '县应急管理局副局长王建国对执法检查流于形式负有责任。',
        sections: [{ heading: '整改落实情况', text: '已对王建国同志诫勉谈话。' }],
        rectificationTasks: [{ problem: '执法检查流于形式', measure: '整改', responsibleUnit: '县应急管理局（王建国）', routing: clean }],
        withheldNames: ['张三', '王建国', ' '],
      }),
    );
    expect(problems).toEqual([
      "变量 summary 含有不得公开的干部姓名（withheldNames[1]）/ variable summary contains a cadre's name that must not be published",
      expect.stringContaining('variable sections[0].text contains'),
      expect.stringContaining('variable rectificationTasks[0].responsibleUnit contains'),
    ]);
    for (const problem of problems) expect(problem).not.toContain('王建国');
  });

  it('require a reviewer and a review date for the 001 五(五) publication, not for a plain notice', () => {
    expect(publicationProblems(draft({ reviewedBy: undefined }))).toEqual([expect.stringContaining('must name its reviewer and review date (reviewedBy, reviewedDate)')]);
    expect(publicationProblems(draft({ reviewedDate: undefined }))).toHaveLength(1);
    // A 进驻公告 or a 通报 has no sections or task list: no review is asked here.
    expect(publicationProblems(draft({ sections: [], rectificationTasks: [], reviewedBy: undefined, reviewedDate: undefined }))).toEqual([]);
  });
});

describe('projection onto what the public page prints', () => {
  it('keeps the sections in order and leaves out the empty ones', () => {
    expect(
      publicSections([
        { heading: '巡查工作方案要点（经审批）', text: '  危险化学品安全 ' },
        { heading: '巡查工作报告主要内容', text: '' },
        { heading: '整改方案', text: '逐条整改。' },
        { heading: '回头看结论' },
      ]),
    ).toEqual([
      { heading: '巡查工作方案要点（经审批）', text: '危险化学品安全' },
      { heading: '整改方案', text: '逐条整改。' },
    ]);
  });

  it('drops the routing marks and every field that is not public', () => {
    const item = { text: '消防通道堵塞', category: FindingCategory.general, routing: clean, responsibleLeader: '王建国' } as Parameters<typeof publicItem>[0];
    expect(publicItem(item)).toEqual({ text: '消防通道堵塞', category: FindingCategory.general });
    const task = { problem: 'p', measure: 'm', status: '已完成', routing: clean, personnelOpinion: '对王建国诫勉' } as Parameters<typeof publicTask>[0];
    expect(publicTask(task)).toEqual({ problem: 'p', measure: 'm', status: '已完成' });
  });
});
