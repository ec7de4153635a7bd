/**
 * Chinese for the English that @bpmn-io/form-js-viewer 1.23 hard-codes.
 *
 * The viewer has no translate or i18n service (unlike bpmn-js): its
 * validation messages are string literals in its Validator, and its buttons
 * ("Add new", "Remove list item 2", "Search" …) literals in its components.
 * So the workbench translates in two places (forms/form-view.ts):
 * - validation messages, by wrapping the form's `validator` service, so the
 *   errors form-js shows and returns are Chinese;
 * - the other UI text, by rewriting text nodes and aria-label / placeholder /
 *   title attributes inside the form as the viewer renders them.
 * Both look the English up here. Pure functions, unit-tested; when a
 * form-js upgrade changes a literal, its test and the browser test's
 * "no English" check show it.
 */

type Rule = readonly [RegExp, string];

const VALIDATION_RULES: readonly Rule[] = [
  [/^Field is required\.$/, '此项为必填项'],
  [/^Field must match pattern .*\.$/s, '格式不符合要求'],
  [/^Field must have minimum value of (.+)\.$/, '不能小于 $1'],
  [/^Field must have maximum value of (.+)\.$/, '不能大于 $1'],
  [/^Field must have minimum length of (\d+)\.$/, '至少填写 $1 个字'],
  [/^Field must have maximum length of (\d+)\.$/, '不能超过 $1 个字'],
  [/^Field must be a valid email\.$/, '请填写有效的电子邮箱地址'],
  [/^Field must be a valid\s+international phone number\..*$/, '请填写有效的国际电话号码（如 +8613800000000）'],
  [/^Value is not a number\.$/, '请填写数字'],
  [/^Value is expected to be an integer\.$/, '请填写整数'],
  [/^Value is expected to have at most (\d+) decimal digits?\.$/, '最多保留 $1 位小数'],
  [/^Please select a valid value, the two nearest valid values are (.+) and (.+)\.$/, '数值无效，最接近的有效值为 $1 和 $2'],
  [/^Min validation value is not a valid number\.$/, '表单设置有误：最小值不是有效数字'],
  [/^Max validation value is not a valid number\.$/, '表单设置有误：最大值不是有效数字'],
];

function apply(rules: readonly Rule[], text: string): string | null {
  for (const [pattern, replacement] of rules) if (pattern.test(text)) return text.replace(pattern, replacement);
  return null;
}

/** A validation message in Chinese; a message form-js does not hard-code (a form's own patternErrorMessage) stays as it is. */
export function translateValidationMessage(message: string): string {
  return apply(VALIDATION_RULES, message) ?? message;
}

const TEXT_RULES: readonly Rule[] = [
  [/^Add new$/, '添加一行'],
  [/^Expand all \((\d+)\)$/, '展开全部（$1）'],
  [/^Collapse$/, '收起'],
  [/^Remove list item (\d+)$/, '删除第 $1 行'],
  [/^Search$/, '搜索'],
  [/^Select$/, '请选择'],
  [/^No results$/, '没有匹配的选项'],
  [/^All values selected$/, '已全部选择'],
  [/^Remove tag$/, '移除'],
  [/^Skip to search$/, '跳到搜索'],
  [/^Browse$/, '选择文件'],
  [/^No files selected$/, '未选择文件'],
  [/^(\d+) files selected$/, '已选择 $1 个文件'],
  [/^Nothing to show\.$/, '暂无内容'],
  [/^No content to show\.$/, '暂无内容'],
  [/^Increment$/, '增加'],
  [/^Decrement$/, '减少'],
  [/^Previous page$/, '上一页'],
  [/^Next page$/, '下一页'],
  [/^Unable to download document$/, '文档无法下载'],
  [/^Powered by bpmn\.io$/, '表单引擎 bpmn.io'],
  // The date picker's placeholder is the browser's date format spelt in letters (yyyy/mm/dd).
  [/^yyyy([/.-])mm\1dd$/, '年$1月$1日'],
  [/^dd([/.-])mm\1yyyy$/, '日$1月$1年'],
  [/^mm([/.-])dd\1yyyy$/, '月$1日$1年'],
];

/** The Chinese for one of the viewer's own texts (trimmed), or null when it is not one of them. */
export function translateViewerText(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const translated = apply(TEXT_RULES, trimmed);
  return translated === null ? null : text.replace(trimmed, translated);
}
