/**
 * What a form sends (its data without the read-only fields), how form-js's
 * errors are counted (an empty list entry is none), and the labels the
 * server's field errors are shown with.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countErrors, fieldLabels, submittedVariables } from '../../../../../workbench/web/forms/form-data.ts';
import { PROCESSES_DIR } from '../../../../../deploy/project-files.ts';

async function form(id: string): Promise<unknown> {
  return JSON.parse(await readFile(path.join(PROCESSES_DIR, 'forms', `${id}.form`), 'utf8'));
}

describe('submittedVariables', () => {
  it('sends what the user can edit, dynamic lists as they are, and not the read-only fields', async () => {
    const schema = await form('patrol-plan');
    const data = { planReviewComment: '请补充', patrolId: '赣安巡〔2026〕1号', onSiteDays: 10 };
    expect(submittedVariables(schema, data)).toEqual({ patrolId: '赣安巡〔2026〕1号', onSiteDays: 10 });

    const survey = await form('patrol-survey');
    const clues = [{ source: '来电', content: '某矿超层越界', reporterContact: '' }];
    expect(submittedVariables(survey, { patrolTargetName: '某某县', clues })).toEqual({ patrolTargetName: '某某县', clues });
  });
});

describe('countErrors', () => {
  it('counts messages at fields and in dynamic-list rows, not empty entries', () => {
    expect(countErrors({})).toBe(0);
    expect(countErrors({ List_8: [] })).toBe(0);
    expect(countErrors({ Field_1: ['此项为必填项'], Field_6: { 0: ['此项为必填项'], 2: ['不能超过 5000 个字'] } })).toBe(3);
  });
});

describe('fieldLabels', () => {
  it('names each variable by its label, date fields and list fields included', async () => {
    const labels = fieldLabels(await form('patrol-survey'));
    expect(labels.get('patrolTargetName')).toBe('被巡查地区或单位');
    expect(labels.get('clues')).toBe('问题线索（无则删除此行）');
    expect(labels.get('content')).toBe('线索内容');
    expect(fieldLabels(await form('patrol-plan')).get('plannedEntryDate')).toBe('计划进驻日期');
  });
});
