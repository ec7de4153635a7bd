import { describe, expect, it } from 'vitest';
import { parseMajorIssue, parseObstruction } from '../../../../../workbench/server/reports/on-site-events.ts';

const fieldsOf = (check: { ok: boolean; fields?: { field: string }[] }) => (check.ok ? [] : (check.fields ?? []).map((field) => field.field));

describe('重大问题 input', () => {
  it('builds the majorIssue payload MajorIssueRaised waits for, trimmed', () => {
    expect(parseMajorIssue({ patrolId: ' 湘安巡〔2026〕22号 ', description: ' 液氯储罐区安全联锁长期未投用 ', responsibleUnit: '清江化工有限公司 ' })).toEqual({
      ok: true,
      value: { patrolId: '湘安巡〔2026〕22号', majorIssue: { description: '液氯储罐区安全联锁长期未投用', responsibleUnit: '清江化工有限公司' } },
    });
  });

  it('names every missing field in Chinese and English', () => {
    const check = parseMajorIssue({ patrolId: '  ', description: '', responsibleUnit: 42 });
    expect(fieldsOf(check)).toEqual(['patrolId', 'description', 'responsibleUnit']);
    expect(!check.ok && check.fields[1]).toEqual({ field: 'description', zh: '请填写问题描述', en: 'enter the description of the issue' });
    expect(!check.ok && check.fields[2]).toEqual({ field: 'responsibleUnit', zh: '请填写责任单位', en: 'enter the responsible unit' });
    expect(fieldsOf(parseMajorIssue(null))).toEqual(['patrolId', 'description', 'responsibleUnit']);
    expect(fieldsOf(parseMajorIssue(['湘安巡〔2026〕22号']))).toEqual(['patrolId', 'description', 'responsibleUnit']);
  });

  it('keeps to the limits of the 请示报告 and 交办 forms the text is prefilled into', () => {
    const base = { patrolId: '湘安巡〔2026〕22号', description: '问'.repeat(5000), responsibleUnit: '单'.repeat(200) };
    expect(parseMajorIssue(base).ok).toBe(true);
    const check = parseMajorIssue({ ...base, description: '问'.repeat(5001), responsibleUnit: '单'.repeat(201), patrolId: '号'.repeat(65) });
    expect(fieldsOf(check)).toEqual(['patrolId', 'description', 'responsibleUnit']);
    expect(!check.ok && check.fields.map((field) => field.zh)).toEqual(['巡查编号不能超过 64 个字符', '问题描述不能超过 5000 个字符', '责任单位不能超过 200 个字符']);
    expect(!check.ok && check.fields[1]!.en).toBe('the description of the issue may have at most 5000 characters');
  });
});

describe('阻挠巡查 input', () => {
  it('builds the obstruction payload ObstructionReported waits for', () => {
    expect(parseObstruction({ patrolId: '盐安巡〔2026〕23号', description: '县应急管理局拒不提供执法台账\n' })).toEqual({
      ok: true,
      value: { patrolId: '盐安巡〔2026〕23号', obstruction: { description: '县应急管理局拒不提供执法台账' } },
    });
  });

  it('requires the patrol number and the description, length-limited', () => {
    expect(fieldsOf(parseObstruction({}))).toEqual(['patrolId', 'description']);
    const check = parseObstruction({ patrolId: '盐安巡〔2026〕23号', description: '拒'.repeat(5001) });
    expect(!check.ok && check.fields).toEqual([
      { field: 'description', zh: '情况描述不能超过 5000 个字符', en: 'what happened may have at most 5000 characters' },
    ]);
  });
});
