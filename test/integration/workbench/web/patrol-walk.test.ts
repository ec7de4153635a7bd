/**
 * A whole 安全生产巡查 walked through the staff workbench in headless Chromium,
 * every user task done by the demo login of the role that owns it, in the
 * page: log in, open the task from 本组待办, fill the real form, 提交. The
 * engine, its controlled clock and the real workers run as in the process
 * tests; only waiting for workers, the 现场巡查期满 timer (the clock is
 * advanced) and the receiving organ's 回执 (a message from outside) go
 * through the harness.
 *
 * Along the way: a findings list with three categories (一般问题隐患,
 * 重大事故隐患, 干部作风), the report rejected once with the 审核意见 shown at
 * the loop-back, an attachment uploaded by the 巡查组 and seen by the 领导小组,
 * the 被巡查单位 refused the confidential clue-transfer by URL and shown no
 * cadre-conduct finding, and the finished patrol shown as completed in Cockpit
 * (which, in Operaton 1.0.3, has no history view of an instance: it says the
 * instance completed and opens its definition), and 纪检监察联络, which works
 * no task in the clue transfer, finding its 移交函 under 移交来件.
 *
 * Load: one patrol (with one patrol-entry, two hazard-rectification and one
 * clue-transfer instance), 21 user tasks over 7 logins, 1 clock advance of 11 days.
 * Screenshots of every step at 1366×768 (the 移交函 case page also at 375 px)
 * go to var/screenshots/patrol-walk/.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { CandidateGroup, FindingCategory, MessageName, ProcessId } from '../../../../workers/contract.ts';
import { launchChromium } from '../../support/browser.ts';
import { logIntoCockpit } from '../../support/webapps.ts';
import { listen, type WorkbenchApp, workbenchApp } from '../../support/workbench-app.ts';
import { DAY_MS, type UserTask } from '../../support/engine-client.ts';
import { useEngineHarness } from '../../support/harness.ts';
import {
  addComment,
  addListRow,
  fillField,
  fillFields,
  formField,
  formOf,
  listRows,
  logIn,
  openByUrl,
  openList,
  openTaskFromList,
  screenshot,
  submitForm,
  uploadAttachment,
} from '../../support/workbench-page.ts';

const h = useEngineHarness();
const logger = pino({ level: 'warn' });
const SHOTS = path.join(PROJECT_ROOT, 'var', 'screenshots', 'patrol-walk');
const WIDE = { width: 1366, height: 768 } as const;
const PHONE = { width: 375, height: 812 } as const;

const TARGET = '漫步县委、县人民政府';
const PATROL_ID = '漫安巡〔2026〕1号';
const GENERAL = { description: '危化品仓库消防通道堵塞', unit: '漫步化工有限公司' };
const MAJOR = { description: '液氯储罐区安全联锁未投用', unit: '漫步氯碱有限公司' };
const CONDUCT = { description: '县应急管理局分管负责人执法检查流于形式', unit: '漫步县应急管理局' };
const REJECTION = '请补充责任追究清单，并写明整改时限。';
const ATTACHMENT = { name: '巡查报告初稿.txt', mimeType: 'text/plain', buffer: Buffer.from('漫步县安全生产巡查报告（初稿）\n发现问题三项。\n', 'utf8') };

let workbench: WorkbenchApp | undefined;
let server: { baseUrl: string; close(): Promise<void> } | undefined;
let baseUrl: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
let shot = 0;

/** What the walk found on the way, shared by the steps in order. */
const walk: { patrol?: string; entry?: string; rectifications?: string[]; transfer?: string; letterTask?: UserTask } = {};

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  workbench = await workbenchApp(h, { page: true, logger });
  const listening = await listen(workbench.app);
  server = listening;
  baseUrl = listening.baseUrl;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: WIDE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (walk.patrol) await h.engine.cancelProcessInstance(walk.patrol).catch(() => undefined);
  await workbench?.close();
});

afterEach(() => {
  expect(pageErrors, 'errors thrown in the page').toEqual([]);
});

async function snap(name: string): Promise<void> {
  shot += 1;
  await screenshot(page, SHOTS, `${String(shot).padStart(2, '0')}-${name}`);
}

/** Logs in as the task's owner, opens it from 本组待办 and checks the page names it. */
async function openAs(login: string, task: UserTask): Promise<void> {
  expect(task.candidateGroups, `${task.taskDefinitionKey} is offered to ${login}`).toContain(login);
  await logIn(page, baseUrl, login);
  await openTaskFromList(page, task.id);
  expect(await page.textContent('.task-facts')).toContain(task.name);
}

/** Fills, screenshots and submits the open task's form; waits until the engine moved past the task. */
async function work(task: UserTask, name: string, values: Record<string, string | number | boolean>): Promise<void> {
  await fillFields(formOf(page), values);
  await snap(name);
  expect(await submitForm(page)).toContain('已提交');
  await h.engine.waitForUserTaskGone(task.processInstanceId, task.taskDefinitionKey);
}

/** Each step needs the ones before it: once one fails, the rest are skipped instead of waiting out their timeouts. */
let broken = false;
function step(name: string, run: () => Promise<void>, options: { readonly blocksLater?: boolean } = {}): void {
  it(name, async (context) => {
    if (broken) context.skip();
    try {
      await run();
    } catch (error) {
      if (options.blocksLater !== false) broken = true;
      throw error;
    }
  });
}

/** The page's text with the case documents', each opened (they render in sandboxed frames of their own). */
async function pageTextWithDocuments(): Promise<string> {
  for (const details of await page.locator('.documents details').all()) if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  const frames = page.locator('.documents iframe.document-frame');
  const texts = [(await page.textContent('body')) ?? ''];
  for (let index = 0; index < (await frames.count()); index += 1) {
    await expect.poll(() => frames.nth(index).contentFrame().locator('body').textContent()).not.toBe('');
    texts.push((await frames.nth(index).contentFrame().locator('body').textContent()) ?? '');
  }
  return texts.join('\n');
}

describe('a whole patrol walked through the workbench', () => {
  step('安委办 starts the patrol from 发起 and completes 摸底 with a clue list', async () => {
    await h.clock.pin('2026-09-01T09:00:00+08:00');
    await logIn(page, baseUrl, CandidateGroup.safetyCommitteeOffice);
    await page.click('.start-menu summary');
    await page.click(`.start-menu a[data-process="${ProcessId.safetyPatrol}"]`);
    await page.locator('.start-page').waitFor();
    await snap('anwei-ban-start');
    await page.click('.start-page button[name="submit"]');
    await page.waitForURL(/#\/task\//, { timeout: 30_000 });
    await page.locator('.form-host .fjs-form').waitFor();
    const taskId = decodeURIComponent(new URL(page.url()).hash.replace('#/task/', ''));
    const task = await h.engine.userTask(taskId);
    expect(task.taskDefinitionKey).toBe('SurveyAndCollectClues');
    walk.patrol = task.processInstanceId;

    const form = formOf(page);
    await fillFields(form, {
      被巡查地区或单位: TARGET,
      被巡查对象类别: '县（市、区）党委政府',
      适用辖区期限配置: '盐城市',
      摸底分析情况: '全县共有危化企业 12 家，县应急管理局执法检查流于形式。',
    });
    const [clue] = await listRows(form, '问题线索').all();
    await fillFields(clue!, { 线索来源: '摸底分析', 线索内容: '县应急管理局分管负责人对危化企业执法检查流于形式' });
    await snap('anwei-ban-survey');
    expect(await submitForm(page)).toContain('已提交');
    await h.engine.waitForUserTaskGone(task.processInstanceId, task.taskDefinitionKey);
  });

  step('安委办 drafts the plan and the 领导小组 approves it', async () => {
    const plan = await h.engine.waitForUserTask(walk.patrol!, 'DraftPatrolPlan');
    await openAs(CandidateGroup.safetyCommitteeOffice, plan);
    await work(plan, 'anwei-ban-plan', {
      巡查编号: PATROL_ID,
      方案名称: `${TARGET}安全生产巡查工作方案`,
      巡查组: '市安委会第一巡查组',
      巡查组组长: '李明',
      现场巡查天数: 10,
      计划进驻日期: '2026-09-07',
      巡查重点: '危险化学品安全、党政领导干部安全生产责任制落实',
    });

    const review = await h.engine.waitForUserTask(walk.patrol!, 'ReviewPatrolPlan');
    await openAs(CandidateGroup.leadingGroup, review);
    expect(await formField(formOf(page), '巡查编号').locator('input').inputValue()).toBe(PATROL_ID);
    await work(review, 'lingdao-xiaozu-plan-review', { 审定结论: '同意', 审定意见: '同意按方案进驻。', 审定日期: '2026-09-02' });
  });

  step('巡查组 issues the entry notice; the on-site period runs out on the engine clock', async () => {
    const [entry] = await h.engine.waitForCalledInstances(walk.patrol!, ProcessId.patrolEntry);
    walk.entry = entry!.id;
    const notice = await h.engine.waitForUserTask(walk.entry, 'IssueEntryNotice');
    await openAs(CandidateGroup.patrolTeam, notice);
    await work(notice, 'xuncha-zu-entry-notice', {
      进驻通知文号: PATROL_ID,
      进驻时间: '2026-09-07',
      巡查组联系电话: '0515-88881234',
      举报邮箱: 'xuncha1@example.gov.cn',
      公告内容: '市安委会第一巡查组进驻漫步县开展安全生产巡查，受理来信来电举报。',
    });
    await h.engine.waitForCompletedElements(walk.entry, ['SendEntryNotice', 'PublishContactAnnouncement']);
    await h.clock.advance(11 * DAY_MS);
    await h.engine.waitForProcessInstanceState(walk.entry, 'COMPLETED');
  });

  step('巡查组 writes the report with three findings of different categories and attaches the draft', async () => {
    const report = await h.engine.waitForUserTask(walk.patrol!, 'WritePatrolReport');
    await openAs(CandidateGroup.patrolTeam, report);
    const form = formOf(page);
    await fillField(form, '巡查报告摘要', '发现一般问题隐患、重大事故隐患、干部作风问题各1项。');
    const rows = [(await listRows(form, '问题清单').all())[0]!, await addListRow(form, '问题清单'), await addListRow(form, '问题清单')];
    const findings = [
      { row: rows[0]!, category: FindingCategory.general, ...GENERAL, serious: false },
      { row: rows[1]!, category: FindingCategory.majorHazard, ...MAJOR, serious: true },
      { row: rows[2]!, category: FindingCategory.cadreConduct, ...CONDUCT, serious: false },
    ];
    for (const finding of findings) {
      await fillFields(finding.row, { 问题类别: finding.category, 问题描述: finding.description, 责任单位: finding.unit, '问题突出，需“回头看”': finding.serious });
    }
    await uploadAttachment(page, ATTACHMENT, '巡查报告初稿');
    await snap('xuncha-zu-report');
    expect(await submitForm(page)).toContain('已提交');
    await h.engine.waitForUserTaskGone(report.processInstanceId, report.taskDefinitionKey);
    expect(await h.engine.waitForVariable(walk.patrol!, 'findings')).toEqual([
      expect.objectContaining({ category: FindingCategory.general, description: GENERAL.description, responsibleUnit: GENERAL.unit, serious: false }),
      expect.objectContaining({ category: FindingCategory.majorHazard, description: MAJOR.description, responsibleUnit: MAJOR.unit, serious: true }),
      expect.objectContaining({ category: FindingCategory.cadreConduct, description: CONDUCT.description, responsibleUnit: CONDUCT.unit }),
    ]);
  });

  step('领导小组 sees the attachment and rejects the report with a comment', async () => {
    const review = await h.engine.waitForUserTask(walk.patrol!, 'ReviewPatrolReport');
    await openAs(CandidateGroup.leadingGroup, review);
    await expect.poll(() => page.textContent('.attachment-list')).toContain(ATTACHMENT.name);
    const download = page.locator('.attachment-list .attachment-link', { hasText: ATTACHMENT.name });
    const file = await page.request.get(new URL(await download.getAttribute('href') ?? '', page.url()).toString());
    expect(await file.text()).toContain('发现问题三项');
    await addComment(page, `退回：${REJECTION}`);
    await work(review, 'lingdao-xiaozu-report-reject', { 审核结论: '不同意，退回修改', 审核意见: REJECTION, 批准日期: '2026-09-28' });
  });

  step('巡查组 sees the 审核意见 at the loop-back and sends the report again', async () => {
    const again = await h.engine.waitForUserTask(walk.patrol!, 'WritePatrolReport');
    await openAs(CandidateGroup.patrolTeam, again);
    const form = formOf(page);
    expect(await formField(form, '审核意见（已退回）').locator('textarea').inputValue()).toBe(REJECTION);
    expect(await page.textContent('.comment-list')).toContain(REJECTION);
    expect(await listRows(form, '问题清单').count()).toBe(3);
    await work(again, 'xuncha-zu-report-again', { 巡查报告摘要: '发现一般问题隐患、重大事故隐患、干部作风问题各1项，已列出责任追究清单，整改时限见清单。' });

    const approve = await h.engine.waitForUserTask(walk.patrol!, 'ReviewPatrolReport');
    await openAs(CandidateGroup.leadingGroup, approve);
    await work(approve, 'lingdao-xiaozu-report-approve', { 审核结论: '同意', 审核意见: '同意', 批准日期: '2026-09-29' });

    const feedback = await h.engine.waitForUserTask(walk.patrol!, 'GiveFeedback');
    await openAs(CandidateGroup.patrolTeam, feedback);
    await work(feedback, 'xuncha-zu-feedback', {
      反馈日期: '2026-10-09',
      反馈会议: '巡查情况反馈会',
      反馈意见及整改要求: '危化品重大事故隐患未整改，监管部门执法宽松软，请限期整改。',
    });
  });

  step('安委办 and 责任单位 close both hazard rectifications', async () => {
    const rectifications = await h.engine.waitForCalledInstances(walk.patrol!, ProcessId.hazardRectification, 2);
    walk.rectifications = rectifications.map((instance) => instance.id);
    for (const [index, instance] of rectifications.entries()) {
      const diagnose = await h.engine.waitForUserTask(instance.id, 'DiagnoseHazard');
      await openAs(CandidateGroup.safetyCommitteeOffice, diagnose);
      await work(diagnose, `anwei-ban-diagnose-${index + 1}`, {
        原因分析: '企业主要负责人安全意识淡薄',
        处置方式: '限期整改',
        整改要求: '立即整改并开展全面排查',
        诊断日期: '2026-10-12',
      });
      const rectify = await h.engine.waitForUserTask(instance.id, 'RectifyHazard');
      await openAs(CandidateGroup.responsibleUnit, rectify);
      await work(rectify, `zeren-danwei-rectify-${index + 1}`, { 已采取的整改措施: '已完成整改并专项排查', 整改完成日期: '2026-11-02' });
      const review = await h.engine.waitForUserTask(instance.id, 'ReviewRectification');
      await openAs(CandidateGroup.safetyCommitteeOffice, review);
      await work(review, `anwei-ban-review-${index + 1}`, { 复核结论: '复核通过，予以销号', 复核意见: '现场复核整改到位' });
      await h.engine.waitForProcessInstanceState(instance.id, 'COMPLETED');
    }
  });

  step('纪检监察联络 finds the 移交函 of the clue transfer', async () => {
    const [transfer] = await h.engine.waitForCalledInstances(walk.patrol!, ProcessId.clueTransfer);
    walk.transfer = transfer!.id;
    walk.letterTask = await h.engine.waitForUserTask(walk.transfer, 'ReviewTransferLetter');
    await h.engine.waitForVariable(walk.transfer, 'transferLetter');
    // It works no task in the transfer (all are 安委办's): the engine lets it read the case, so 移交来件 lists it.
    await logIn(page, baseUrl, CandidateGroup.disciplineLiaison);
    await openList(page, 'transfers');
    await snap('jijian-lianluo-transfers');
    await page.locator(`tr[data-case-id="${walk.transfer}"] a.case-link`).click();
    await page.waitForURL(new RegExp(`#/case/${encodeURIComponent(walk.transfer)}$`));
    await page.locator('.case-page').waitFor();
    expect(await page.textContent('.case-page .task-title')).toContain('移交函');
    const text = await pageTextWithDocuments();
    expect(text).toContain(CONDUCT.description);
    expect(await page.textContent('.history')).toContain('拟制移交函');
    await snap('jijian-lianluo-transfer');
    await page.setViewportSize(PHONE);
    await snap('jijian-lianluo-transfer-phone');
    await page.setViewportSize(WIDE);
  }, { blocksLater: false });

  step('被巡查单位 is refused the clue transfer by URL, in Chinese', async () => {
    await logIn(page, baseUrl, CandidateGroup.patrolledUnit);
    // The engine does not let it read transfers: no 移交来件 tab.
    expect(await page.locator('.tabs [role="tab"]').count()).toBeGreaterThan(0);
    expect(await page.locator('.tabs [data-list="transfers"]').count()).toBe(0);
    await openByUrl(page, baseUrl, `#/task/${encodeURIComponent(walk.letterTask!.id)}`);
    const refusal = (await page.textContent('.content .error')) ?? '';
    expect(refusal).toContain('无权查看');
    expect(await page.textContent('body')).not.toContain(CONDUCT.description);
    await snap('bei-xuncha-danwei-transfer-refused');
    // Nor as a case, by its address.
    await openByUrl(page, baseUrl, `#/case/${encodeURIComponent(walk.transfer!)}`);
    await expect.poll(() => page.textContent('.content .error')).toContain('此案卷不存在，或您无权查看');
    expect(await page.textContent('body')).not.toContain(CONDUCT.description);
  });

  step('安委办 approves the 移交函 and, after the 回执, records the outcome', async () => {
    await openAs(CandidateGroup.safetyCommitteeOffice, walk.letterTask!);
    expect(await formField(formOf(page), '移交函正文').locator('textarea').inputValue()).toContain(CONDUCT.description);
    await work(walk.letterTask!, 'anwei-ban-transfer-review', { 审批结论: '同意', 审批意见: '同意移交' });
    const transferId = await h.engine.waitForVariable<string>(walk.transfer!, 'transferId');
    await h.engine.publishMessage(MessageName.transferReceiptReceived, { transferId }, {
      receipt: { receivedAt: '2026-10-20T10:00:00+08:00', note: '已收悉，已立案核查' },
    });
    const outcome = await h.engine.waitForUserTask(walk.transfer!, 'RecordTransferOutcome');
    await openAs(CandidateGroup.safetyCommitteeOffice, outcome);
    expect(await formField(formOf(page), '回执内容').locator('textarea').inputValue()).toContain('已立案核查');
    await work(outcome, 'anwei-ban-transfer-outcome', { 调查处理结果: '对县应急管理局分管负责人诫勉谈话', 承办单位及经办人: '县纪委监委第三监督检查室' });
    await h.engine.waitForProcessInstanceState(walk.transfer!, 'COMPLETED');
  });

  step('被巡查单位 submits its plan and results without seeing the cadre-conduct finding', async () => {
    const plan = await h.engine.waitForUserTask(walk.patrol!, 'SubmitRectificationPlan');
    await openAs(CandidateGroup.patrolledUnit, plan);
    const text = await pageTextWithDocuments();
    expect(text).not.toContain(CONDUCT.description);
    expect(text).not.toContain(CONDUCT.unit);
    await work(plan, 'bei-xuncha-danwei-plan', {
      整改方案文号: '漫委发〔2026〕30号',
      整改方案主要内容: '逐条制定整改措施，明确责任人和时限。',
      报送日期: '2026-10-30',
    });
    const result = await h.engine.waitForUserTask(walk.patrol!, 'SubmitRectificationResult');
    await openAs(CandidateGroup.patrolledUnit, result);
    expect(await page.textContent('body')).not.toContain(CONDUCT.description);
    await work(result, 'bei-xuncha-danwei-result', {
      整改落实情况: '各项问题已整改完毕。',
      查处及责任追究情况: '对2名责任人予以问责。',
      报送日期: '2026-11-20',
    });
  });

  step('巡查组 does the 回头看 and the patrol completes', async () => {
    const revisit = await h.engine.waitForUserTask(walk.patrol!, 'Revisit');
    await openAs(CandidateGroup.patrolTeam, revisit);
    await work(revisit, 'xuncha-zu-revisit', { 回头看日期: '2026-12-01', 回头看情况: '整改措施落实到位', 结论: '整改到位' });
    await h.engine.waitForProcessInstanceState(walk.patrol!, 'COMPLETED');
    expect(await h.engine.incidentHistory(walk.patrol!)).toEqual([]);
  });

  step('Cockpit shows the patrol completed, in Chinese', async () => {
    const cockpit = new URL('/operaton/app/cockpit/default/', h.config.engine.restUrl).toString();
    expect(await logIntoCockpit(page, cockpit, CandidateGroup.safetyCommitteeOffice)).toBe(200);
    await page.goto(`${cockpit}#/process-instance/${walk.patrol}`);
    // Operaton's Cockpit has no history view of a process instance: it says the instance completed and shows its definition.
    await expect.poll(() => page.locator('body').innerText(), { timeout: 30_000 }).toContain(`ID 为 ${walk.patrol} 的流程实例已完成`);
    await page.waitForURL(/#\/process-definition\//);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 30_000 }).toContain('安全生产巡查');
    await snap('cockpit-patrol-completed');
  });
});
