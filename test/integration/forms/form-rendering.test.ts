/**
 * Every Camunda Form under processes/forms/ as the staff workbench renders
 * it, in real headless Chromium: the workbench's own form panel
 * (workbench/web/forms/form-panel.ts → form-view.ts → viewer-zh.ts, the
 * form-js viewer of the same version as the modeler's form editor) and its
 * own stylesheet, bundled by esbuild, inside the task page's layout
 * (`.content > .task-page > .task-main > .panel.form-section`), so the form
 * gets the width of the task page's form panel at 1366×768 and on a phone
 * (375×812).
 *
 * Each form is pre-filled with plausible sample data (a case's variables and
 * a value for each field, three rows per dynamic list) and must then:
 * - import without a warning and render without a page error, every field
 *   drawn and its first labels on the page;
 * - overflow nothing: no sideways scroll of the page or of the form, and no
 *   visible element of the form panel reaching past the panel's content box;
 * - show no untranslated text, by this rule:
 *   1. none of form-js's own English (FORM_JS_ENGLISH, whole words) in the
 *      panel's visible text or in an aria-label / placeholder / title in it;
 *   2. every visible label, legend, description, text block, button and
 *      placeholder / aria-label in the panel holds at least one Chinese (Han)
 *      character — the schema's labels are all Chinese (checked too), so a
 *      text without one is the viewer's or a missing translation;
 * and the same form, emptied and submitted, shows its validation messages
 *   under the same rules (此项为必填项, not "Field is required").
 *
 * Screenshots of the filled panel: var/screenshots/forms/<form-id>.png
 * (1366 wide) and var/screenshots/forms/phone/<form-id>.png (375 wide).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFormFiles, readForm } from '../../../deploy/project-files.ts';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import { knownFormIds } from '../../../workers/contract.ts';
import { launchChromium } from '../support/browser.ts';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'var', 'screenshots', 'forms');
const WIDE = { width: 1366, height: 768 } as const;
const PHONE = { width: 375, height: 812 } as const;

/** form-js-viewer 1.23's own English (its literals, see workbench/web/forms/viewer-zh.ts); none may show. */
const FORM_JS_ENGLISH = [
  'Add new', 'Remove', 'Search', 'Select', 'Field is required', 'Field must', 'must have', 'Value is', 'Please select',
  'No results', 'All values selected', 'Collapse', 'Expand all', 'Skip to search', 'Browse', 'No files selected', 'files selected',
  'Nothing to show', 'No content to show', 'Increment', 'Decrement', 'Previous page', 'Next page', 'Unable to download', 'Powered by',
  'yyyy', 'mm/dd', 'dd/mm',
];

const HAN = /\p{Script=Han}/u;

type Component = Record<string, unknown> & { components?: Component[] };

interface PanelReport {
  /** The form panel's error text when the form could not be shown (form-panel.ts). */
  readonly failure: string | null;
  readonly renderedFields: number;
  readonly text: string;
  readonly panelWidth: number;
  readonly pageOverflow: number;
  readonly hostOverflow: number;
  /** Visible elements reaching past the panel's content box: `tag.class "text" left..right of panel left..right`. */
  readonly overflowing: string[];
  /** Visible texts of the panel that hold form-js English. */
  readonly english: string[];
  /** Visible labels, buttons, placeholders … without a Chinese character. */
  readonly withoutChinese: string[];
  readonly errorMessages: string[];
}

// Runs in the page: the workbench's form panel inside the task page's layout, and what a person would see wrong.
const ENTRY = `
import { Form } from '@bpmn-io/form-js-viewer';
import { renderFormPanel } from ${JSON.stringify(path.join(PROJECT_ROOT, 'workbench/web/forms/form-panel.ts'))};
import ${JSON.stringify(path.join(PROJECT_ROOT, 'workbench/web/styles/app.css'))};

const ENGLISH = ${JSON.stringify(FORM_JS_ENGLISH)};
const englishPattern = new RegExp('\\\\b(' + ENGLISH.map((word) => word.replace(/[.*+?^$()|[\\]\\\\/]/g, '\\\\$&')).join('|') + ')\\\\b');
const han = /\\p{Script=Han}/u;
let current;

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

function visible(element) {
  const rect = element.getBoundingClientRect();
  if (rect.width === 0 && rect.height === 0) return false;
  const style = getComputedStyle(element);
  return style.visibility !== 'hidden' && style.display !== 'none' && !element.closest('[hidden], .visually-hidden');
}

function describe(element) {
  const classes = typeof element.className === 'string' ? element.className.trim().split(/\\s+/).slice(0, 2).join('.') : '';
  return element.tagName.toLowerCase() + (classes ? '.' + classes : '') + ' "' + (element.textContent || element.getAttribute('aria-label') || '').trim().slice(0, 30) + '"';
}

window.importWarnings = async (schema, data) => {
  const container = document.createElement('div');
  const form = new Form({ container });
  const { warnings } = await form.importSchema(schema, structuredClone(data));
  form.destroy();
  return warnings.map((warning) => String(warning && warning.message ? warning.message : warning));
};

window.renderWorkbenchForm = async (schema, data, title) => {
  if (current) current.destroy();
  const content = document.getElementById('content');
  const context = { failed: (error) => String(error && error.message ? error.message : error) };
  current = renderFormPanel(context, { schema, data, submitLabel: '提交', noFormText: '此事项没有需要填写的表单。', send: async () => undefined });
  const section = document.createElement('section');
  section.className = 'panel form-section';
  section.append(current.element);
  const heading = document.createElement('h1');
  heading.className = 'task-title';
  heading.textContent = title;
  const main = document.createElement('div');
  main.className = 'task-main';
  main.append(heading, section);
  const side = document.createElement('aside');
  side.className = 'task-side';
  side.innerHTML = '<section class="panel"><h2>案卷材料</h2><p class="empty">暂无案卷材料。</p></section><section class="panel"><h2>附件</h2></section>';
  const page = document.createElement('div');
  page.className = 'task-page';
  page.append(main, side);
  content.replaceChildren(page);
  await current.ready;
  await nextFrame();
};

window.submitForm = async () => {
  document.querySelector('.form-panel button[name="submit"]').click();
  await nextFrame();
};

window.inspectPanel = () => {
  const section = document.querySelector('.form-section');
  const host = section.querySelector('.form-host');
  const box = section.getBoundingClientRect();
  const style = getComputedStyle(section);
  const left = box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
  const right = box.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
  const summary = section.querySelector('.form-summary');
  const failure = summary && !summary.hidden && summary.textContent.includes('表单无法显示') ? summary.textContent : null;
  const overflowing = [];
  const english = [];
  const withoutChinese = [];
  for (const element of section.querySelectorAll('*')) {
    if (!visible(element)) continue;
    const rect = element.getBoundingClientRect();
    if (rect.left < left - 1 || rect.right > right + 1) {
      overflowing.push(describe(element) + ' ' + Math.round(rect.left) + '..' + Math.round(rect.right) + ' of ' + Math.round(left) + '..' + Math.round(right));
    }
    for (const name of ['aria-label', 'placeholder', 'title']) {
      const value = element.getAttribute(name);
      if (value === null || value.trim() === '') continue;
      if (englishPattern.test(value)) english.push(name + '="' + value + '"');
      if (!han.test(value)) withoutChinese.push(describe(element) + ' ' + name + '="' + value + '"');
    }
    if (element.matches('label, legend, .fjs-form-field-label, .fjs-form-field-description, .fjs-form-field-text, button, .fjs-form-field-error')) {
      const text = (element.innerText || '').replace(/[*：:]/g, '').trim();
      if (text === '' && element.matches('button') && element.getAttribute('aria-label')) continue;
      if (text !== '' && !han.test(text)) withoutChinese.push(describe(element));
      if (text === '' && element.matches('button')) withoutChinese.push(describe(element) + ' (no text, no label)');
    }
  }
  const text = section.innerText;
  for (const line of text.split('\\n')) if (englishPattern.test(line)) english.push(line.trim());
  return {
    failure,
    renderedFields: host ? host.querySelectorAll('.fjs-form-field').length : 0,
    text,
    panelWidth: Math.round(right - left),
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    hostOverflow: host ? host.scrollWidth - host.clientWidth : 0,
    overflowing,
    english,
    withoutChinese,
    errorMessages: [...section.querySelectorAll('.fjs-form-field-error')].filter(visible).map((element) => element.innerText.trim()).filter(Boolean),
  };
};
`;

/**
 * A case as the forms' texts and conditions read it (deadlines, the unit
 * under supervision, a comment sent back …): every `{{…}}` and `hide`
 * variable of the forms, with values as the workers and earlier tasks set them.
 */
const CASE_VARIABLES: Record<string, unknown> = {
  assignment: { targetName: '盐城市大丰区应急管理局' },
  campaignName: '2026年危险化学品安全专项整治',
  campaignMode: true,
  dispatchMonth: '2026-09',
  draw: { algorithm: 'sha256-rank', seed: '2026-09-01-盐城市应急管理局' },
  drawProblems: '抽取名单中 1 家企业已注销，已按顺序递补。',
  enterprise: { unitName: '盐城市清江化工有限公司' },
  entryDate: '2026-09-07',
  feedbackDeadline: { due: '2026-10-20', period: '10个工作日' },
  feedbackOpinions: '请于 60 日内完成整改，整改情况按时报送巡查办。',
  findingCount: 3,
  followUp: {
    focus: '液氯储罐区安全联锁投用情况',
    sourceInstanceKey: '7f0c1d2e-3b4a-11f1-9c2d-0242ac120002',
    sourceProcess: '安全生产巡查',
    subject: '重大事故隐患整改复查',
    unitName: '盐城市清江化工有限公司',
  },
  followUpKind: 'recheck',
  handoverDeadline: { due: '2026-09-18', period: '5个工作日' },
  hazardReviewComment: '整改照片不清晰，请补充消防通道清理后的现场照片。',
  inspectedDate: '2026-09-10',
  inspectingOrgan: '盐城市应急管理局',
  inspectionDeadline: { due: '2026-09-30', period: '15个工作日' },
  inspectionFocus: '重大危险源监测预警、特殊作业审批',
  inspectionSummary: '共检查企业 12 家，发现问题隐患 27 项，其中重大事故隐患 2 项。',
  inspectionResult: { conclusion: '回头看检查 3 家企业，整改措施均已落实。', findingCount: 1, majorHazardCount: 0, completedOn: '2026-09-20' },
  inspectorNamesText: '王强、陈静',
  onSiteSummary: '督查组听取汇报、查阅资料 86 份，暗查暗访企业 6 家。',
  planReviewComment: '请补充巡查进驻后的联络员安排。',
  planScope: '全市 9 个县（市、区）危险化学品生产、储存企业',
  planTitle: '2026年第三季度危险化学品企业执法检查计划',
  planValidationMessage: '计划检查企业数超出本月执法力量，请核减或增派人员。',
  profile: { credit: { seriousViolationListingMonths: 36 } },
  quarterlyCompilation: {
    label: '2026年第三季度',
    monthsText: '2026年7月、2026年8月调度表',
    unitsText: '盐城市应急管理局：按时报送2026年7月、2026年8月调度表；盐城市市场监督管理局：按时报送2026年7月调度表，未报送2026年8月调度表。未按时报送的单位：盐城市市场监督管理局。',
    totalsText: '截至本季度最后报送的调度表（累计）：企业自查发现的重大事故隐患(个)5；部门检查发现的重大事故隐患(个)2。',
  },
  rectificationDeadline: { due: '2026-11-16', period: '60日' },
  rectificationPlanDeadline: { due: '2026-10-23', period: '10个工作日' },
  rectificationResultDeadline: { due: '2026-12-09', period: '2个月' },
  reportDeadline: { due: '2026-10-08', period: '10个工作日' },
  reportReviewComment: '请补充责任追究清单，问题描述写明具体点位。',
  resultsDeadline: { due: '2026-10-15', period: '5个工作日' },
  selfReport: { description: '企业自查发现储罐区可燃气体报警器 3 台失效，已停用该区域。', reportedAt: '2026-09-03', unitName: '盐城市清江化工有限公司' },
  seriousViolation: true,
  supervisionFocus: '党政领导干部安全生产责任制落实情况',
  supervisionTeamName: '省安委会第二综合督查组',
  supervisionYear: 2026,
  targetKindLabel: '县（市、区）党委政府',
  transferReviewComment: '移交函应写明问题线索的具体来源和佐证材料目录。',
  unit: {
    unitName: '盐城市大丰区人民政府',
    unitFocus: '化工园区整治提升',
    crossSupervision: true,
    crossSupervisingUnit: '盐城市射阳县人民政府',
  },
};

const LONG_TEXT =
  '经现场核查，该单位危险化学品仓库消防通道被货物堵塞，可燃气体报警装置 2 台未定期检定，特殊作业票证审批不规范；已责令立即清理通道并限期 15 日内完成检定和整改，整改期间停止相关作业。';

/** One text for a one-line field, chosen by what its label asks for; the first of them that matches the field's pattern. */
function textfieldValue(component: Component): string {
  const label = String(component['label'] ?? '');
  const candidates: string[] = [];
  if (/电话|手机|联系方式/.test(label)) candidates.push('0515-88881234');
  if (/邮箱|邮件/.test(label)) candidates.push('xuncha1@example.gov.cn');
  if (/信用代码/.test(label)) candidates.push('91320982MA1W0X3Y2T');
  if (/编号|文号|案号/.test(label)) candidates.push('盐安巡〔2026〕1号');
  if (/组长|负责人|姓名|人员|联系人|签发|检查人|执法人/.test(label)) candidates.push('李明');
  if (/巡查组|督查组|检查组/.test(label)) candidates.push('市安委会第一巡查组');
  if (/单位|部门|机关|企业|对象|地区|政府/.test(label)) candidates.push('盐城市清江化工有限公司');
  if (/标题|名称|题目/.test(label)) candidates.push('盐城市2026年安全生产巡查工作方案');
  if (/地址|地点|位置/.test(label)) candidates.push('盐城市大丰区经济开发区纬三路18号');
  candidates.push('已按要求落实并留存台账', '13800138000', '91320982MA1W0X3Y2T', 'campaign-2026');
  const validate = (component['validate'] ?? {}) as { pattern?: string; maxLength?: number; validationType?: string };
  if (validate.validationType === 'email') return 'xuncha1@example.gov.cn';
  const fitting = validate.pattern ? candidates.find((value) => new RegExp(validate.pattern as string).test(value)) : candidates[0];
  return (fitting ?? '').slice(0, validate.maxLength ?? Infinity);
}

function numberValue(component: Component): number {
  const validate = (component['validate'] ?? {}) as { min?: number; max?: number };
  const wanted = /年度|年份/.test(String(component['label'] ?? '')) ? 2026 : component['decimalDigits'] === 2 ? 12.5 : 12;
  return Math.min(Math.max(wanted, validate.min ?? -Infinity), validate.max ?? Infinity);
}

/** A choice that opens what depends on it (not "none" / "否"), varied by row. */
function choiceValue(component: Component, row: number): unknown {
  const values = (component['values'] as { value: unknown }[] | undefined) ?? [];
  const open = values.filter((value) => !['none', 'no', 'false', '否', '无'].includes(String(value.value)));
  const pool = open.length > 0 ? open : values;
  return pool.length > 0 ? pool[row % pool.length]!.value : undefined;
}

/** A value for each field the components write, as a person would have filled them in (`row` varies list rows). */
function sampleData(components: readonly Component[], row = 0): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const component of components) {
    const key = component['key'] as string | undefined;
    switch (component['type']) {
      case 'textfield':
        if (key) data[key] = textfieldValue(component);
        break;
      case 'textarea':
        if (key) data[key] = component['readonly'] === true && key in CASE_VARIABLES ? CASE_VARIABLES[key] : LONG_TEXT.slice(0, ((component['validate'] as { maxLength?: number }) ?? {}).maxLength ?? Infinity);
        break;
      case 'number':
        if (key) data[key] = numberValue(component);
        break;
      case 'datetime':
        if (key) data[key] = component['subtype'] === 'time' ? '09:30' : component['subtype'] === 'datetime' ? '2026-09-07T09:30' : '2026-09-07';
        break;
      case 'select':
      case 'radio':
        if (key) data[key] = choiceValue(component, row);
        break;
      case 'checkbox':
        if (key) data[key] = true;
        break;
      case 'checklist':
      case 'taglist':
        if (key) data[key] = ((component['values'] as { value: unknown }[] | undefined) ?? []).slice(0, 2).map((value) => value.value);
        break;
      case 'dynamiclist': {
        const rows = [0, 1, 2].map((index) => sampleData(component.components ?? [], index));
        data[component['path'] as string] = rows;
        break;
      }
      default:
        if (component.components) Object.assign(data, sampleData(component.components, row));
    }
  }
  return data;
}

/** The case's variables, then the form's fields filled in. */
function sampleVariables(schema: { components: Component[] }): Record<string, unknown> {
  return { ...CASE_VARIABLES, ...sampleData(schema.components) };
}

/** The labels a person reads on the empty form (fields shown only under a condition are not drawn yet). */
function labelsOf(components: readonly Component[]): string[] {
  return components.flatMap((component) => {
    if (component['conditional']) return [];
    const own = typeof component['label'] === 'string' && component['label'] ? [component['label'] as string] : [];
    // A dynamic list without data draws no rows, so the labels inside it are not on the page.
    const nested = component['type'] !== 'dynamiclist' && Array.isArray(component.components) ? labelsOf(component.components) : [];
    return [...own, ...nested];
  });
}

/** Every text of the schema a person reads: labels, descriptions, option labels, text blocks. */
function schemaTexts(components: readonly Component[]): string[] {
  return components.flatMap((component) => {
    const own = ['label', 'dateLabel', 'timeLabel', 'description', 'text']
      .map((name) => component[name])
      .filter((value): value is string => typeof value === 'string' && value.trim() !== '');
    const options = ((component['values'] as { label?: string }[] | undefined) ?? []).map((value) => value.label ?? '').filter(Boolean);
    return [...own, ...options, ...schemaTexts(component.components ?? [])];
  });
}

let folder: string;
let server: Server;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'anquan-form-render-'));
  await mkdir(path.join(SCREENSHOTS, 'phone'), { recursive: true });
  await writeFile(path.join(folder, 'entry.js'), ENTRY);
  await build({
    entryPoints: [path.join(folder, 'entry.js')],
    bundle: true,
    format: 'esm',
    outfile: path.join(folder, 'bundle.js'),
    nodePaths: [path.join(PROJECT_ROOT, 'node_modules')],
    loader: { '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl', '.png': 'dataurl' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><link rel="stylesheet" href="bundle.css"></head><body><main id="content" class="content"></main><script type="module" src="bundle.js"></script></body></html>`;
  server = createServer((request, response) => {
    const name = (request.url ?? '/').replace(/^\//, '') || 'index.html';
    if (name === 'index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    readFile(path.join(folder, path.basename(name))).then(
      (content) => response.writeHead(200, { 'content-type': name.endsWith('.css') ? 'text/css' : 'text/javascript' }).end(content),
      () => response.writeHead(404).end(),
    );
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: WIDE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${error.message}\n${error.stack ?? ''}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
  });
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => 'renderWorkbenchForm' in globalThis);
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function render(schema: unknown, data: Record<string, unknown>, title: string): Promise<void> {
  await page.evaluate(([value, variables, heading]) => (globalThis as unknown as { renderWorkbenchForm(...args: unknown[]): Promise<void> }).renderWorkbenchForm(value, variables, heading), [
    schema,
    data,
    title,
  ] as const);
}

function inspect(): Promise<PanelReport> {
  return page.evaluate(() => (globalThis as unknown as { inspectPanel(): PanelReport }).inspectPanel());
}

/** What fails a form at one width, as one comparable object (an empty list is a pass). */
function problems(report: PanelReport) {
  return {
    failure: report.failure,
    pageOverflow: Math.max(0, report.pageOverflow),
    hostOverflow: Math.max(0, report.hostOverflow),
    overflowing: report.overflowing,
    english: report.english,
    withoutChinese: report.withoutChinese,
  };
}

const NO_PROBLEMS = { failure: null, pageOverflow: 0, hostOverflow: 0, overflowing: [], english: [], withoutChinese: [] };

const files = await findFormFiles();

describe('every form under processes/forms/ as the workbench renders it', () => {
  it('has a file for every form id of the contract, and no other', () => {
    expect(files.map((file) => path.basename(file, '.form')).sort()).toEqual([...knownFormIds].sort());
  });

  for (const file of files) {
    const formId = path.basename(file, '.form');
    it(`${formId}: renders filled in at the panel width without a warning, an overflow or untranslated text`, async () => {
      pageErrors.splice(0);
      const form = await readForm(file);
      const schema = JSON.parse(form.content) as { id: string; components: Component[] };
      expect(schema.id).toBe(formId);
      // The schema speaks Chinese: a text without a Han character would be English on the page.
      expect(schemaTexts(schema.components).filter((text) => !HAN.test(text)), `${formId}: schema texts without Chinese`).toEqual([]);

      const empty = await page.evaluate(
        ([value]) => (globalThis as unknown as { importWarnings(schema: unknown, data: unknown): Promise<string[]> }).importWarnings(value, {}),
        [schema] as const,
      );
      expect(empty, `${formId}: import warnings`).toEqual([]);

      const data = sampleVariables(schema);
      await page.setViewportSize(WIDE);
      await render(schema, data, `${formId} · 盐城市大丰区人民政府`);
      const wide = await inspect();
      expect(wide.renderedFields, `${formId}: fields drawn`).toBeGreaterThan(0);
      // The task page's form column at 1366: the content (max 1440) less the 案卷 column (≤400) and gaps.
      expect(wide.panelWidth, `${formId}: panel width at 1366`).toBeGreaterThan(800);
      expect(wide.panelWidth).toBeLessThan(950);
      for (const label of labelsOf(schema.components).slice(0, 3)) expect(wide.text, `${formId}: label ${label}`).toContain(label.trim());
      await page.locator('.form-section').screenshot({ path: path.join(SCREENSHOTS, `${formId}.png`) });
      expect(problems(wide), `${formId} at 1366×768`).toEqual(NO_PROBLEMS);

      await page.setViewportSize(PHONE);
      await page.waitForTimeout(100);
      const phone = await inspect();
      await page.locator('.form-section').screenshot({ path: path.join(SCREENSHOTS, 'phone', `${formId}.png`) });
      expect(problems(phone), `${formId} at 375×812`).toEqual(NO_PROBLEMS);

      // Emptied and submitted: the validation messages in Chinese, and still nothing overflows.
      await page.setViewportSize(WIDE);
      await render(schema, {}, formId);
      await page.evaluate(() => (globalThis as unknown as { submitForm(): Promise<void> }).submitForm());
      const invalid = await inspect();
      expect(problems(invalid), `${formId} submitted empty`).toEqual(NO_PROBLEMS);
      for (const message of invalid.errorMessages) expect(message, `${formId}: validation message`).toMatch(HAN);
      expect(pageErrors, `${formId}: page errors`).toEqual([]);
    });
  }
});
