/**
 * The 巡查组's on-site forms in real headless Chromium, on the real modeler
 * server with the workbench at /tasks, against the test engine with the real
 * workers and a 盐城 patrol on site:
 *
 * - 上报重大问题 from the header: the empty form is told in Chinese what is
 *   missing, the filled one reaches the patrol, which opens 向领导小组请示报告
 *   with the text as typed; a number with no patrol on site shows the
 *   bilingual refusal in the form;
 * - 记录阻挠巡查: 记录不配合、干扰巡查情形 opens with the description;
 * - 登记举报 with a 受理日期 picked in the form reaches the patrol and the ledger;
 * - 被巡查单位 sees none of the three and is refused the address.
 *
 * Screenshots at 1366×768 and 375×812 go to var/screenshots/workbench-on-site/
 * (the helper fails on a page scrolling sideways).
 */
import path from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { CandidateGroup } from '../../../../workers/contract.ts';
import { launchChromium } from '../../support/browser.ts';
import { eventually } from '../../support/engine-client.ts';
import { useEngineHarness } from '../../support/harness.ts';
import { patrolOnSite } from '../../support/patrol.ts';
import { listen, type WorkbenchApp, workbenchApp } from '../../support/workbench-app.ts';
import { logIn, screenshot } from '../../support/workbench-page.ts';

const h = useEngineHarness();
const SHOTS = path.join(PROJECT_ROOT, 'var', 'screenshots', 'workbench-on-site');
const WIDE = { width: 1366, height: 768 } as const;
const PHONE = { width: 375, height: 812 } as const;
const PATROL_ID = '盐页测巡〔2026〕1号';
const ISSUE = { description: '液氯储罐区安全联锁长期未投用，夜间无人值守', unit: '页面测试氯碱有限公司' };
const OBSTRUCTION = '县应急管理局以“领导不在”为由，拒不提供2025年度执法检查台账';
const REPORT = '来电反映某加油站违规在站内卸油时使用明火';

let workbench: WorkbenchApp | undefined;
let server: { baseUrl: string; close(): Promise<void> } | undefined;
let baseUrl: string;
let browser: Browser;
let page: Page;
let onSite: { patrol: string; entry: string } | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  await h.clock.pin('2026-09-01T09:00:00+08:00');
  const logger = pino({ level: 'warn' });
  workbench = await workbenchApp(h, { page: true, logger });
  server = await listen(workbench.app);
  baseUrl = server.baseUrl;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: WIDE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  onSite = await patrolOnSite(h, { patrolId: PATROL_ID, target: '页面测试县委、县人民政府' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (onSite) await h.engine.cancelProcessInstance(onSite.patrol).catch(() => undefined);
  await workbench?.close();
});

afterEach(() => {
  expect(pageErrors, 'errors thrown in the page').toEqual([]);
});

/** Both widths, the phone first, back to the wide one. */
async function shots(name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(150);
  await screenshot(page, SHOTS, `${name}-375x812`);
  await page.setViewportSize(WIDE);
  await page.waitForTimeout(150);
  await screenshot(page, SHOTS, `${name}-1366x768`);
}

/** Waits for the next answer of the form (the status line changes from what it said before). */
async function submitAndWait(): Promise<{ tone: string | null; text: string }> {
  const status = page.locator('.report-form .status');
  await page.click('.report-form button[type="submit"]');
  await expect.poll(async () => !(await page.locator('.report-form button[type="submit"]').isDisabled()) && !(await status.isHidden())).toBe(true);
  return { tone: await status.getAttribute('data-tone'), text: (await status.textContent()) ?? '' };
}

describe('the 巡查组 on site, in the browser', () => {
  it('offers the three on-site forms in the header', async () => {
    await logIn(page, baseUrl, CandidateGroup.patrolTeam);
    const nav = await page.locator('.app-nav a').allTextContents();
    expect(nav).toEqual(['待办', '登记举报', '上报重大问题', '记录阻挠巡查']);
    await shots('01-xuncha-zu-list');
  });

  it('上报重大问题: says what is missing, then reaches the patrol, which asks the 领导小组 first (盐城)', async () => {
    await page.click('.app-nav a[href="#/major-issue"]');
    await page.locator('.report-form').waitFor();
    expect(await page.textContent('.report-form h1')).toBe('上报重大问题');
    expect(await page.title()).toContain('上报重大问题');
    await page.click('.report-form button[type="submit"]');
    const errors = await page.locator('.report-form .field-error:not([hidden])').allTextContents();
    expect(errors).toEqual(['此项为必填项', '此项为必填项', '此项为必填项']);
    expect(await page.evaluate<string>('document.activeElement.name')).toBe('patrolId');
    await shots('02-major-issue-missing');

    await page.fill('.report-form input[name="patrolId"]', PATROL_ID);
    await page.fill('.report-form textarea[name="description"]', ISSUE.description);
    await page.fill('.report-form input[name="responsibleUnit"]', ISSUE.unit);
    const answer = await submitAndWait();
    expect(answer, answer.text).toMatchObject({ tone: 'ok' });
    expect(answer.text).toContain(`已上报：重大问题已关联到巡查 ${PATROL_ID}`);
    // Sent fields are cleared; the patrol number stays for the next one.
    expect(await page.inputValue('.report-form textarea[name="description"]')).toBe('');
    expect(await page.inputValue('.report-form input[name="patrolId"]')).toBe(PATROL_ID);
    await shots('03-major-issue-sent');

    const report = await h.engine.waitForUserTask(onSite!.entry, 'ReportMajorIssue');
    expect(await h.engine.userTaskVariables(report.id)).toMatchObject({ majorIssueDescription: ISSUE.description, majorIssueResponsibleUnit: ISSUE.unit });
  });

  it('上报重大问题 for a patrol not on site shows the refusal in Chinese and English', async () => {
    await page.fill('.report-form input[name="patrolId"]', '没有这个巡〔2026〕9号');
    await page.fill('.report-form textarea[name="description"]', ISSUE.description);
    await page.fill('.report-form input[name="responsibleUnit"]', ISSUE.unit);
    const answer = await submitAndWait();
    expect(answer.tone).toBe('error');
    expect(answer.text).toContain('没有正在现场巡查、巡查编号为“没有这个巡〔2026〕9号”的巡查');
    expect(answer.text).toContain('重大问题只在现场巡查阶段');
    expect(answer.text).toContain('is on site');
    await shots('04-major-issue-not-on-site');
  });

  it('记录阻挠巡查 reaches the patrol, which opens 记录不配合、干扰巡查情形', async () => {
    await page.click('.app-nav a[href="#/obstruction"]');
    await page.locator('.report-form textarea[name="description"]').waitFor();
    expect(await page.textContent('.report-form h1')).toBe('记录阻挠巡查');
    await page.fill('.report-form input[name="patrolId"]', PATROL_ID);
    await page.fill('.report-form textarea[name="description"]', OBSTRUCTION);
    const answer = await submitAndWait();
    expect(answer, answer.text).toMatchObject({ tone: 'ok' });
    expect(answer.text).toContain('请在本组待办中补全“记录不配合、干扰巡查情形”');
    await shots('05-obstruction-sent');
    const record = await h.engine.waitForUserTask(onSite!.entry, 'RecordObstruction');
    expect(await h.engine.userTaskVariables(record.id)).toMatchObject({ obstructionDescription: OBSTRUCTION });
  });

  it('登记举报 with a 受理日期 picked in the form reaches the patrol and the ledger', async () => {
    await page.click('.app-nav a[href="#/report"]');
    await page.locator('.report-form textarea[name="content"]').waitFor();
    await page.fill('.report-form input[name="patrolId"]', PATROL_ID);
    await page.fill('.report-form textarea[name="content"]', REPORT);
    await page.fill('.report-form input[name="receivedAt"]', '2026-09-07');
    const answer = await submitAndWait();
    expect(answer, answer.text).toMatchObject({ tone: 'ok' });
    await shots('06-report-sent');
    const clue = await eventually('the report in the ledger', async () =>
      (await h.ledger.listClues()).find((row) => row.processInstanceKey === onSite!.entry && row.content === REPORT),
    );
    expect(new Date(clue.receivedAt ?? '').toISOString()).toBe('2026-09-06T16:00:00.000Z');
  });

  it('shows the 被巡查单位 none of them and refuses the address', async () => {
    await logIn(page, baseUrl, CandidateGroup.patrolledUnit);
    expect(await page.locator('.app-nav a').allTextContents()).toEqual(['待办']);
    await page.goto(`${baseUrl}/tasks/#/major-issue`);
    await page.locator('.content .error').waitFor();
    expect(await page.textContent('.content .error')).toContain('只有巡查组可以上报重大问题');
    expect(await page.locator('.report-form').count()).toBe(0);
    await shots('07-bei-xuncha-danwei-refused');
  });
});
