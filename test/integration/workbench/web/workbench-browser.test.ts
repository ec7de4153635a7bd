/**
 * The staff workbench (待办) in real headless Chromium, served by the real
 * modeler server with the workbench mounted at /tasks, against the test
 * engine as each logged-in person (user tokens):
 *
 * - 安委办 (anwei-ban) logs in (a wrong password first), sees its tabs with
 *   全部在办, starts a patrol from the 发起 menu, lands on the patrol's first
 *   task, is told in Chinese what is missing, fills the form (a dynamic list
 *   of clues included) and completes it with Enter; the engine then has the
 *   task completed with the clues stored as a list;
 * - 被巡查单位 (bei-xuncha-danwei) logs in and sees a Chinese workbench
 *   without that task, without 发起 and 登记举报.
 *
 * Screenshots at 1366×768 and 375×812 go to var/screenshots/workbench/.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { CandidateGroup, ProcessId } from '../../../../workers/contract.ts';
import { launchChromium } from '../../support/browser.ts';
import { listen, type WorkbenchApp, workbenchApp } from '../../support/workbench-app.ts';
import { testEngineClient, testEngineConfig } from '../../support/test-engine.ts';

const OWNER = CandidateGroup.safetyCommitteeOffice;
const PATROLLED_UNIT = CandidateGroup.patrolledUnit;
/** The engine holds a login back for a few seconds after a wrong password, so the wrong one is tried on a login this file does not use. */
const WRONG_PASSWORD_LOGIN = CandidateGroup.enterprise;
const FIRST_TASK = 'SurveyAndCollectClues';
const TARGET = '浏览器测试县人民政府';
const SCREENSHOTS = path.join(PROJECT_ROOT, 'var', 'screenshots', 'workbench');
const WIDE = { width: 1366, height: 768 } as const;
const PHONE = { width: 375, height: 812 } as const;
/** form-js-viewer's own English (forms/viewer-zh.ts); none of it may reach the page. */
const VIEWER_ENGLISH = ['Field is required', 'Add new', 'Remove list item', 'No results', 'Search', 'Select', 'Collapse', 'Expand all', 'must have'];

const config = testEngineConfig();
const engine = testEngineClient(config);
const logger = pino({ level: 'warn' });

let workbench: WorkbenchApp | undefined;
let server: { baseUrl: string; close(): Promise<void> } | undefined;
let baseUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
const startedInstances: string[] = [];

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  workbench = await workbenchApp({ config, engine }, { page: true, logger });
  const listening = await listen(workbench.app);
  server = listening;
  baseUrl = listening.baseUrl;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: WIDE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  for (const id of startedInstances) await engine.cancelProcessInstance(id).catch(() => undefined);
  await workbench?.close();
});

async function screenshot(name: string): Promise<void> {
  for (const [viewport, suffix] of [
    [PHONE, '375x812'],
    [WIDE, '1366x768'],
  ] as const) {
    await page.setViewportSize(viewport);
    // Let the layout (and form-js's resize handling) settle at the new width.
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${suffix}.png`), fullPage: true });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow, `${name} at ${suffix} scrolls sideways`).toBeLessThanOrEqual(0);
  }
}

/** The page's visible text and labels hold none of form-js's English. */
async function expectNoViewerEnglish(): Promise<void> {
  // A string, as the test code is typed for Node, not the DOM.
  const texts = await page.evaluate<string>(`[
    document.body.innerText,
    ...[...document.querySelectorAll('[aria-label], [placeholder], [title]')].flatMap((element) =>
      ['aria-label', 'placeholder', 'title'].map((name) => element.getAttribute(name) ?? '')),
  ].join('\\n')`);
  for (const english of VIEWER_ENGLISH) expect(texts, `"${english}" on the page`).not.toContain(english);
}

async function logIn(username: string, password = 'demo'): Promise<void> {
  await page.goto(`${baseUrl}/tasks`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await page.keyboard.press('Enter');
}

function formField(label: string) {
  return page.locator('.form-host').getByLabel(label, { exact: false });
}

describe('the workbench in the browser', () => {
  it('refuses a wrong password in both languages, then shows 安委办 its lists', async () => {
    await logIn(WRONG_PASSWORD_LOGIN, 'wrong');
    await expect.poll(() => page.textContent('.login-error')).toContain('用户名或密码不正确');
    expect(await page.textContent('.login-error')).toContain('wrong user name or password');
    await screenshot('login');

    await page.fill('input[name="username"]', OWNER);
    await page.fill('input[name="password"]', 'demo');
    await page.keyboard.press('Enter');
    await page.locator('.tabs [role="tab"]').first().waitFor();
    const tabs = await page.locator('.tabs [role="tab"] .tab-label').allTextContents();
    expect(tabs).toEqual(['我的待办', '本组待办', '即将到期', '已逾期', '已办', '移交来件', '全部在办']);
    expect(await page.textContent('.app-user')).toContain('退出登录');
    expect(await page.locator('.start-menu a[data-process]').count()).toBeGreaterThan(0);
  });

  it('starts a patrol from the 发起 menu and opens its first task', async () => {
    await page.click('.start-menu summary');
    await page.click(`.start-menu a[data-process="${ProcessId.safetyPatrol}"]`);
    await page.locator('.start-page').waitFor();
    expect(await page.textContent('.start-page h1')).toContain('安全生产巡查');
    await screenshot('start-safety-patrol');
    await page.click('.start-page button[name="submit"]');

    await page.waitForURL(/#\/task\//, { timeout: 30_000 });
    await page.locator('.form-host .fjs-form').waitFor();
    const taskId = decodeURIComponent(new URL(page.url()).hash.replace('#/task/', ''));
    const task = await engine.userTask(taskId);
    expect(task.taskDefinitionKey).toBe(FIRST_TASK);
    startedInstances.push(task.processInstanceId);
    expect(await page.textContent('.task-title')).toContain('摸底分析与线索收集');
    expect(await page.textContent('.flash')).toContain('已发起');
  });

  it('says in Chinese what the form is missing', async () => {
    await formField('被巡查地区或单位').fill('');
    await page.click('.form-panel button[name="submit"]');
    await page.locator('.form-summary:not([hidden])').waitFor();
    expect(await page.textContent('.form-summary')).toContain('处需要修改');
    expect(await page.locator('.fjs-form-field-error').first().textContent()).toContain('此项为必填项');
    await expectNoViewerEnglish();
    await screenshot('task-survey-errors');
  });

  it('fills the form, a clue list included, and completes the task with Enter', async () => {
    const url = page.url();
    const taskId = decodeURIComponent(new URL(url).hash.replace('#/task/', ''));
    await formField('被巡查地区或单位').fill(TARGET);
    await page.locator('.fjs-form-field-select', { hasText: '被巡查对象类别' }).locator('.fjs-input-group').click();
    await page.locator('.fjs-dropdownlist-item', { hasText: '县（市、区）党委政府' }).click();
    await formField('摸底分析情况').fill('全县共有危化企业 12 家，近三年发生较大事故 1 起。');
    await formField('线索内容').first().fill('某化工园区消防通道长期被占用。');
    await page.locator('.fjs-repeat-render-add').click();
    await expect.poll(() => formField('线索内容').count()).toBe(2);
    await formField('线索内容').nth(1).fill('群众来电反映某矿超层越界开采。');
    await page.locator('.fjs-form-field-select', { hasText: '线索来源' }).nth(1).locator('.fjs-input-group').click();
    await page.locator('.fjs-dropdownlist-item', { hasText: '来电' }).click();
    await expectNoViewerEnglish();

    // A comment and an attachment on the task, shown at once.
    await page.fill('.comment-form textarea[name="comment"]', '摸底材料已齐。');
    await page.click('.comment-form button[type="submit"]');
    await expect.poll(() => page.textContent('.comment-list')).toContain('摸底材料已齐。');
    await page.setInputFiles('.attachment-form input[type="file"]', { name: '摸底情况.txt', mimeType: 'text/plain', buffer: Buffer.from('危化企业 12 家', 'utf8') });
    expect(await page.textContent('.file-chosen')).toContain('text/plain');
    await page.click('.attachment-form button[type="submit"]');
    await expect.poll(() => page.textContent('.attachment-list')).toContain('摸底情况.txt');
    await screenshot('task-survey-filled');

    // Enter in a one-line field submits the form, as in any form.
    await formField('反映人联系方式').nth(1).fill('13800000000');
    await formField('反映人联系方式').nth(1).press('Enter');
    await page.waitForURL(/#\/list/, { timeout: 30_000 });
    expect(await page.textContent('.flash')).toContain('已提交');

    const instanceId = startedInstances[0] as string;
    await engine.waitForUserTaskGone(instanceId, FIRST_TASK);
    const variables = await engine.processVariables(instanceId);
    expect(variables['patrolTargetName']).toBe(TARGET);
    expect(variables['clues']).toEqual([
      expect.objectContaining({ source: '摸底', content: '某化工园区消防通道长期被占用。' }),
      expect.objectContaining({ source: '来电', content: '群众来电反映某矿超层越界开采。', reporterContact: '13800000000' }),
    ]);
    expect(await page.locator(`tr[data-task-id="${taskId}"]`).count()).toBe(0);
    await screenshot('list-anwei-ban');
    await page.click('.tab[data-list="completed"]');
    await page.locator('.task-table.completed').waitFor();
    expect(await page.textContent('.task-table.completed')).toContain('摸底分析与线索收集');
  });

  it('shows the 被巡查单位 a Chinese workbench without that task, 发起 or 登记举报', async () => {
    await page.click('.app-user .logout');
    await page.locator('.login-form').waitFor();
    await logIn(PATROLLED_UNIT);
    await page.locator('.tabs [role="tab"]').first().waitFor();
    await page.locator('.task-panel[aria-busy="false"]').waitFor();
    const tabs = await page.locator('.tabs [role="tab"] .tab-label').allTextContents();
    expect(tabs).not.toContain('全部在办');
    expect(tabs).not.toContain('移交来件');
    expect(await page.locator('.start-menu').count()).toBe(0);
    expect(await page.locator('a[href="#/report"]').count()).toBe(0);
    const text = await page.textContent('body');
    expect(text).not.toContain(TARGET);
    expect(text).toContain('待办');
    await expectNoViewerEnglish();
    await screenshot('list-bei-xuncha-danwei');
    expect(pageErrors).toEqual([]);
  });
});
