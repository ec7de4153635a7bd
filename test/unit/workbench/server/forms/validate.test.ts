import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../../workers/config.ts';
import { formFieldNames, validateFormValues } from '../../../../../workbench/server/forms/validate.ts';

const report = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'processes/forms/patrol-report.form'), 'utf8')) as unknown;

describe('form rules on the server', () => {
  it('names each missing or too long field in Chinese, dynamic-list rows included', () => {
    const errors = validateFormValues(report, {
      reportSummary: '',
      reportCauseAnalysis: '制度落实不到位',
      reportRecommendations: '健全责任体系',
      findings: [{ category: '一般问题隐患', description: '描述', responsibleUnit: 'x'.repeat(201) }, { category: '', description: 'd', responsibleUnit: '单位' }],
    });
    expect(errors).toEqual([
      { field: 'reportSummary', zh: '“巡查报告主要内容”为必填项', en: '"巡查报告主要内容" is required' },
      expect.objectContaining({ field: 'findings[0].responsibleUnit', zh: '“责任单位”不能超过 200 个字符' }),
      expect.objectContaining({ field: 'findings[1].category', zh: '“问题类别”为必填项' }),
    ]);
  });

  it('passes a complete report and lists the fields it reads', () => {
    expect(validateFormValues(report, { reportSummary: '摘要', reportCauseAnalysis: '原因', reportRecommendations: '建议', findings: [] })).toEqual([]);
    expect(formFieldNames(report)).toEqual(expect.arrayContaining(['reportSummary', 'reportCauseAnalysis', 'reportRecommendations', 'findings']));
    expect(validateFormValues(null, {})).toEqual([]);
  });
});
