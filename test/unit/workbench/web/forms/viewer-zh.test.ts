/**
 * The Chinese for form-js-viewer 1.23's hard-coded English: every validation
 * message its Validator can produce, and the texts of its buttons and lists.
 */
import { describe, expect, it } from 'vitest';
import { translateValidationMessage, translateViewerText } from '../../../../../workbench/web/forms/viewer-zh.ts';

describe('translateValidationMessage', () => {
  it.each([
    ['Field is required.', '此项为必填项'],
    ['Field must match pattern ^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$.', '格式不符合要求'],
    ['Field must have minimum value of 1.', '不能小于 1'],
    ['Field must have maximum value of 30.', '不能大于 30'],
    ['Field must have minimum length of 2.', '至少填写 2 个字'],
    ['Field must have maximum length of 5000.', '不能超过 5000 个字'],
    ['Field must be a valid email.', '请填写有效的电子邮箱地址'],
    ['Field must be a valid  international phone number. (e.g. +4930664040900)', '请填写有效的国际电话号码（如 +8613800000000）'],
    ['Value is not a number.', '请填写数字'],
    ['Value is expected to be an integer.', '请填写整数'],
    ['Value is expected to have at most 2 decimal digits.', '最多保留 2 位小数'],
    ['Value is expected to have at most 1 decimal digit.', '最多保留 1 位小数'],
    ['Please select a valid value, the two nearest valid values are 5 and 10.', '数值无效，最接近的有效值为 5 和 10'],
  ])('%s → %s', (english, chinese) => {
    expect(translateValidationMessage(english)).toBe(chinese);
  });

  it('keeps a form’s own message', () => {
    expect(translateValidationMessage('请填写手机号或带区号的固定电话')).toBe('请填写手机号或带区号的固定电话');
  });
});

describe('translateViewerText', () => {
  it.each([
    ['Add new', '添加一行'],
    ['Expand all (3)', '展开全部（3）'],
    ['Collapse', '收起'],
    ['Remove list item 2', '删除第 2 行'],
    ['Search', '搜索'],
    ['Select', '请选择'],
    ['No results', '没有匹配的选项'],
    ['Increment', '增加'],
    ['yyyy/mm/dd', '年/月/日'],
  ])('%s → %s', (english, chinese) => {
    expect(translateViewerText(english)).toBe(chinese);
  });

  it('keeps the spaces around a text (form-js writes " Add new" after its icon)', () => {
    expect(translateViewerText(' Add new')).toBe(' 添加一行');
  });

  it('leaves every other text alone', () => {
    expect(translateViewerText('问题线索')).toBeNull();
    expect(translateViewerText('Selection')).toBeNull();
    expect(translateViewerText('   ')).toBeNull();
  });
});
