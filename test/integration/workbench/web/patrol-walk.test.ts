/**
 * A whole 安全生产巡查 walked through the staff workbench in headless Chromium,
 * every user task done by the demo login of the role that owns it, in the
 * page: log in, open the task from 本组待办, fill the real form, 提交. The
 * engine, its controlled clock and the real workers run as in the process
 * tests; only waiting for workers, the clock (moved to the 进驻日期 and past
 * the on-site window), three of the four 回避声明 and the receiving organ's
 * 回执 (a message from outside) go through the harness.
 *
 * Along the way (盐城 profile): the plan and the report each through the
 * approval chain 领导小组研究 → 市委、市政府批准; the 进驻通知 with its 文号
 * signed before the entry date; 动员会 and 驻地 on the entry date; the 摸底
 * clue 核查'd into the cadre-conduct finding that is then in the report; a
 * findings list with three categories (一般问题隐患, 重大事故隐患, 干部作风)
 * with 原因剖析 and 意见建议, the report rejected once for its missing
 * 责任追究清单 with the 审批意见 shown at the loop-back, an attachment uploaded
 * by the 巡查组 and seen by the 领导小组; 复核 with 复核人员, 复核方式 and 复核日期;
 * the 被巡查单位 refused the confidential clue-transfer by URL and shown no
 * cadre-conduct finding, the 移交函 signed by 安委办负责人 (签发人, 密级) and its
 * 回执 in time (no escalation); the 整改方案 reviewed and the 整改落实 checked
 * item by item by 市委、市政府; the 回头看 by the 领导小组 and the publication
 * reviewed by 安委办 without the 纪检 finding; the finished patrol shown as
 * completed in Cockpit (which, in Operaton 1.0.3, has no history view of an
 * instance: it says the instance completed and opens its definition), and
 * 纪检监察联络, which works no task in the clue transfer, finding its 移交函
 * under 移交来件.
 *
 * Load: one patrol (with one patrol-entry, two hazard-rectification and one
 * clue-transfer instance), 30 user tasks in the page over 8 logins, the clock
 * pinned twice (09-07, 09-17).
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
import { eventually, type UserTask } from '../../support/engine-client.ts';
import { useEngineHarness } from '../../support/harness.ts';
import { declareNoRecusal, enterOnSite, finishOnSite } from '../../support/patrol.ts';
import {
  addComment,
  addListRow,
  dynamicList,
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
const CONDUCT = { category: FindingCategory.cadreConduct, description: '县应急管理局分管负责人执法检查流于形式', unit: '漫步县应急管理局' };
const SURVEY_CLUE = '县应急管理局分管负责人对危化企业执法检查流于形式';
const CADRE = { name: '张三', post: '县应急管理局副局长' };
const AUTHORIZATION = '漫安巡授〔2026〕1号';
const ENTRY_NOTICE_NUMBER = '漫安巡通〔2026〕1号';
const PLAN_FOCUS = '危险化学品安全、党政领导干部安全生产责任制落实';
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
  await taskGone(task);
}

/** Waits until this very task closed (an approval chain opens the next step at the same element at once). */
async function taskGone(task: UserTask): Promise<void> {
  await eventually(`${task.taskDefinitionKey} (${task.id}) to close`, async () =>
    (await h.engine.openUserTasks(task.processInstanceId, task.taskDefinitionKey)).some((open) => open.id === task.id) ? undefined : true,
  );
}

/** The first row of a dynamic list, added when the list starts empty. */
async function firstRow(form: ReturnType<typeof formOf>, listLabel: string) {
  const rows = listRows(form, listLabel);
  return (await rows.count()) > 0 ? rows.first() : addListRow(form, listLabel);
}

/** The 市委、市政府 step (盐城: 领导小组研究 → 市委、市政府批准) of an approval chain, worked in the page. */
async function nextChainStep(elementId: string, group: string, title: string): Promise<UserTask> {
  const task = await h.engine.waitForUserTask(walk.patrol!, elementId);
  expect(task.candidateGroups).toEqual([group]);
  expect(task.name).toBe(title);
  return task;
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
    await fillFields(clue!, { 线索来源: '摸底分析', 线索内容: SURVEY_CLUE });
    await snap('anwei-ban-survey');
    expect(await submitForm(page)).toContain('已提交');
    await h.engine.waitForUserTaskGone(task.processInstanceId, task.taskDefinitionKey);
  });

  step('安委办 drafts the plan; the 领导小组 studies it and 市委、市政府 approve it', async () => {
    const plan = await h.engine.waitForUserTask(walk.patrol!, 'DraftPatrolPlan');
    await openAs(CandidateGroup.safetyCommitteeOffice, plan);
    const form = formOf(page);
    await fillFields(form, {
      巡查编号: PATROL_ID,
      方案名称: `${TARGET}安全生产巡查工作方案`,
      巡查组: '市安委会第一巡查组',
      组长: '李明',
      副组长: '王强',
    });
    await fillFields(await firstRow(form, '巡查组成员'), { 姓名: '赵敏', 所在单位: '市应急管理局', 职务: '科长' });
    await fillFields(await firstRow(form, '安全生产专家'), { 姓名: '周工', 所在单位: '市安全生产专家库', 专业领域: '危险化学品' });
    await work(plan, 'anwei-ban-plan', {
      授权文号: AUTHORIZATION,
      授权日期: '2026-09-01',
      现场巡查天数: 10,
      计划进驻日期: '2026-09-07',
      巡查重点: PLAN_FOCUS,
    });

    const study = await nextChainStep('ReviewPatrolPlan', CandidateGroup.leadingGroup, '巡查工作领导小组研究巡查工作方案');
    await openAs(CandidateGroup.leadingGroup, study);
    expect(await formField(formOf(page), '巡查编号').locator('input').inputValue()).toBe(PATROL_ID);
    await work(study, 'lingdao-xiaozu-plan-review', { 审批结论: '同意', 审批意见: '同意按方案进驻，报市委、市政府批准。', 审批日期: '2026-09-02' });

    const approval = await nextChainStep('ReviewPatrolPlan', CandidateGroup.partyGovernment, '市委、市政府批准巡查工作方案');
    await openAs(CandidateGroup.partyGovernment, approval);
    expect(await page.textContent('.form-host')).toContain('同意按方案进驻');
    await work(approval, 'dangwei-zhengfu-plan-approve', { 审批结论: '同意', 审批意见: '同意。', 审批日期: '2026-09-02' });
  });

  step('巡查组 declares 回避 and issues the entry notice with its 文号 before the entry date', async () => {
    const [entry] = await h.engine.waitForCalledInstances(walk.patrol!, ProcessId.patrolEntry);
    walk.entry = entry!.id;
    // One 回避声明 per member of the team (组长, 副组长, member, expert): the first in the page, the others through the harness.
    const declarations = await h.engine.waitForUserTasks(walk.entry, 'DeclareRecusal', 4);
    await openAs(CandidateGroup.patrolTeam, declarations[0]!);
    await fillFields(formOf(page), { 本人与被巡查地区或单位存在需要回避的情形: false });
    await snap('xuncha-zu-recusal');
    expect(await submitForm(page)).toContain('已提交');
    await taskGone(declarations[0]!);
    await declareNoRecusal(h, walk.entry);

    const notice = await h.engine.waitForUserTask(walk.entry, 'IssueEntryNotice');
    const latest = await h.engine.waitForVariable<string>(walk.entry, 'entryNoticeDue');
    await openAs(CandidateGroup.patrolTeam, notice);
    expect(await formField(formOf(page), '最迟签发日期（进驻日期前按法定工作日计算，含调休）').locator('input').inputValue()).toContain(latest.slice(0, 10));
    await work(notice, 'xuncha-zu-entry-notice', {
      进驻通知文号: ENTRY_NOTICE_NUMBER,
      签发日期: latest.slice(0, 10),
      进驻日期: '2026-09-07',
      '巡查授权文号（一次一授权）': AUTHORIZATION,
    });
    await h.engine.waitForCompletedElements(walk.entry, ['CheckEntryNoticeTimely', 'SendEntryNotice']);
    expect(await h.engine.waitForVariable(walk.entry, 'entryNoticeNumber')).toBe(ENTRY_NOTICE_NUMBER);
  });

  step('on the entry date the 巡查组 records the 动员会, publishes its 驻地 and 核查 the 摸底 clue; the window closes on the engine clock', async () => {
    // The timer waits for the entry date (the on-site period is timed from it, not from the notice).
    await enterOnSite(h, walk.entry!, '2026-09-07');
    const meeting = await h.engine.waitForUserTask(walk.entry!, 'RecordMobilizationMeeting');
    await openAs(CandidateGroup.patrolTeam, meeting);
    await work(meeting, 'xuncha-zu-mobilization', {
      会议日期: '2026-09-07',
      会议地点: '县委常委会会议室',
      参会人员: '县委书记、县长，县委县政府班子成员，县应急管理局等部门主要负责同志',
      会议纪要: '巡查组通报巡查工作任务，说明巡查目的，部署巡查工作。',
    });

    const station = await h.engine.waitForUserTask(walk.entry!, 'PublishStation');
    await openAs(CandidateGroup.patrolTeam, station);
    await work(station, 'xuncha-zu-station', {
      巡查组驻地: '漫步县政府招待所三楼',
      举报电话: '0515-88881234',
      举报邮箱: 'xuncha1@example.gov.cn',
      公告内容: '市安委会第一巡查组进驻漫步县开展安全生产巡查，受理来信来电举报。',
    });
    await h.engine.waitForCompletedElements(walk.entry!, ['PublishContactAnnouncement']);

    // The 摸底 clue is 核查'd and becomes the cadre-conduct finding.
    const verify = await h.engine.waitForUserTask(walk.entry!, 'VerifySurveyClue');
    await openAs(CandidateGroup.patrolTeam, verify);
    expect(await page.textContent('body')).toContain(SURVEY_CLUE);
    await fillFields(formOf(page), { 核查情况: '调阅执法台账并现场核实，情况属实。', 处置结果: '核查属实，转为问题' });
    await work(verify, 'xuncha-zu-clue-verification', {
      问题类别: CONDUCT.category,
      问题描述: CONDUCT.description,
      责任单位: CONDUCT.unit,
    });

    // Ten days on site from 09-07: the clock moves to 09-17, the window closes and the patrol goes on to its report.
    await finishOnSite(h, walk.entry!);
    expect(await h.engine.waitForVariable(walk.entry!, 'onSiteEndsOn')).toBe('2026-09-17');
  });

  step('巡查组 writes the report with three findings of different categories and attaches the draft', async () => {
    const report = await h.engine.waitForUserTask(walk.patrol!, 'WritePatrolReport');
    await openAs(CandidateGroup.patrolTeam, report);
    const form = formOf(page);
    await fillField(form, '巡查报告主要内容', '发现一般问题隐患、重大事故隐患、干部作风问题各1项。');
    // The finding verified on site is in the list already.
    const prefilled = listRows(form, '问题清单');
    expect(await prefilled.count()).toBe(1);
    expect(await formField(prefilled.first(), '问题描述').locator('textarea').inputValue()).toBe(CONDUCT.description);
    const rows = [await addListRow(form, '问题清单'), await addListRow(form, '问题清单')];
    const findings = [
      { row: rows[0]!, category: FindingCategory.general, ...GENERAL, serious: false },
      { row: rows[1]!, category: FindingCategory.majorHazard, ...MAJOR, serious: true },
    ];
    for (const finding of findings) {
      await fillFields(finding.row, { 问题类别: finding.category, 问题描述: finding.description, 责任单位: finding.unit, '问题突出，需“回头看”': finding.serious });
    }
    await fillFields(form, { 原因剖析: '县级监管部门履职不到位，企业主体责任落实不力。', 意见建议: '压实监管责任，开展危化品专项整治。' });
    // Sent without its 责任追究清单: the 领导小组 asks for it.
    for (const row of (await listRows(form, '责任追究清单').all()).reverse()) await row.locator('.fjs-repeat-row-remove').click();
    await uploadAttachment(page, ATTACHMENT, '巡查报告初稿');
    await snap('xuncha-zu-report');
    expect(await submitForm(page)).toContain('已提交');
    await taskGone(report);
    expect(await h.engine.waitForVariable(walk.patrol!, 'findings')).toEqual([
      expect.objectContaining({ category: FindingCategory.cadreConduct, description: CONDUCT.description, responsibleUnit: CONDUCT.unit }),
      expect.objectContaining({ category: FindingCategory.general, description: GENERAL.description, responsibleUnit: GENERAL.unit, serious: false }),
      expect.objectContaining({ category: FindingCategory.majorHazard, description: MAJOR.description, responsibleUnit: MAJOR.unit, serious: true }),
    ]);
  });

  step('领导小组 sees the attachment and rejects the report with a comment', async () => {
    const review = await nextChainStep('ReviewPatrolReport', CandidateGroup.leadingGroup, '巡查工作领导小组审核巡查报告');
    await openAs(CandidateGroup.leadingGroup, review);
    await expect.poll(() => page.textContent('.attachment-list')).toContain(ATTACHMENT.name);
    const download = page.locator('.attachment-list .attachment-link', { hasText: ATTACHMENT.name });
    const file = await page.request.get(new URL(await download.getAttribute('href') ?? '', page.url()).toString());
    expect(await file.text()).toContain('发现问题三项');
    expect(await formField(formOf(page), '原因剖析').locator('textarea').inputValue()).toContain('县级监管部门履职不到位');
    await addComment(page, `退回：${REJECTION}`);
    await work(review, 'lingdao-xiaozu-report-reject', { 审批结论: '不同意，退回修改', 审批意见: REJECTION, 审批日期: '2026-09-28' });
  });

  step('巡查组 sees the 审批意见 at the loop-back and sends the report again; the 领导小组 and 市委、市政府 approve it', async () => {
    const again = await h.engine.waitForUserTask(walk.patrol!, 'WritePatrolReport');
    await openAs(CandidateGroup.patrolTeam, again);
    const form = formOf(page);
    expect(await formField(form, '审批意见（已退回）').locator('textarea').inputValue()).toBe(REJECTION);
    expect(await page.textContent('.comment-list')).toContain(REJECTION);
    expect(await listRows(form, '问题清单').count()).toBe(3);
    await fillFields(await firstRow(form, '责任追究清单'), {
      姓名: CADRE.name,
      职务: CADRE.post,
      干部管理权限: '县管干部',
      所在单位: CONDUCT.unit,
      // The directory resolves the competent 纪检监察机关 by cadre level and county (盐城: 亭湖区、盐都区).
      所在地区: '亭湖区',
      应追究的问题: CONDUCT.description,
    });
    await work(again, 'xuncha-zu-report-again', { 巡查报告主要内容: '发现一般问题隐患、重大事故隐患、干部作风问题各1项，已列出责任追究清单，整改时限见清单。' });

    const study = await nextChainStep('ReviewPatrolReport', CandidateGroup.leadingGroup, '巡查工作领导小组审核巡查报告');
    await openAs(CandidateGroup.leadingGroup, study);
    expect(await page.textContent('.form-host')).toContain(CADRE.name);
    await work(study, 'lingdao-xiaozu-report-approve', { 审批结论: '同意', 审批意见: '同意，报市委、市政府。', 审批日期: '2026-09-28' });
    const approval = await nextChainStep('ReviewPatrolReport', CandidateGroup.partyGovernment, '市委、市政府批准巡查报告');
    await openAs(CandidateGroup.partyGovernment, approval);
    await work(approval, 'dangwei-zhengfu-report-approve', { 审批结论: '同意', 审批意见: '同意', 审批日期: '2026-09-29' });

    // Feedback is due 10 working days after the last approval (盐城 四(五)).
    const feedback = await h.engine.waitForUserTask(walk.patrol!, 'GiveFeedback');
    expect(await h.engine.waitForVariable(walk.patrol!, 'feedbackDeadline')).toMatchObject({ from: '2026-09-29' });
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
        整改要求或移交事由: '立即整改并开展全面排查',
        诊断日期: '2026-10-12',
      });
      const rectify = await h.engine.waitForUserTask(instance.id, 'RectifyHazard');
      await openAs(CandidateGroup.responsibleUnit, rectify);
      await work(rectify, `zeren-danwei-rectify-${index + 1}`, { 已采取的整改措施: '已完成整改并专项排查', 整改完成日期: '2026-11-02' });
      const review = await h.engine.waitForUserTask(instance.id, 'ReviewRectification');
      await openAs(CandidateGroup.safetyCommitteeOffice, review);
      await work(review, `anwei-ban-review-${index + 1}`, {
        复核结论: '复核通过，予以销号',
        复核意见: '现场复核整改到位',
        复核人员: '安委办 刘洋、市应急管理局 赵敏',
        复核方式: '现场核查和资料审核',
        复核日期: '2026-11-05',
      });
      await h.engine.waitForProcessInstanceState(instance.id, 'COMPLETED');
    }
  });

  step('纪检监察联络 finds the 移交函 of the clue transfer', async () => {
    const [transfer] = await h.engine.waitForCalledInstances(walk.patrol!, ProcessId.clueTransfer);
    walk.transfer = transfer!.id;
    walk.letterTask = await h.engine.waitForUserTask(walk.transfer, 'ReviewTransferLetter');
    await h.engine.waitForVariable(walk.transfer, 'transferLetter');
    // It works no task in the transfer (安委办 drafts, its 负责人 signs): the engine lets it read the case, so 移交来件 lists it.
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

  step('安委办负责人 signs the 移交函 and, after the 回执, 安委办 records the outcome', async () => {
    await openAs(CandidateGroup.safetyCommitteeOfficeLeader, walk.letterTask!);
    expect(await formField(formOf(page), '移交函正文').locator('textarea').inputValue()).toContain(CONDUCT.description);
    expect(await formField(formOf(page), '涉及干部（按干部管理权限）').locator('textarea').inputValue()).toContain(CADRE.name);
    await fillFields(formOf(page), { 审批结论: '同意' });
    await work(walk.letterTask!, 'anwei-ban-fuzeren-transfer-review', { 签发人: '王主任', 密级: '内部', 审批意见: '同意移交' });
    const transferId = await h.engine.waitForVariable<string>(walk.transfer!, 'transferId');
    await h.engine.publishMessage(MessageName.transferReceiptReceived, { transferId }, {
      receipt: { receivedAt: '2026-10-20T10:00:00+08:00', note: '已收悉，已立案核查' },
    });
    const outcome = await h.engine.waitForUserTask(walk.transfer!, 'RecordTransferOutcome');
    await openAs(CandidateGroup.safetyCommitteeOffice, outcome);
    expect(await formField(formOf(page), '回执内容').locator('textarea').inputValue()).toContain('已立案核查');
    // A real 文号: the jurisdiction's prefix and a sequential number, no hash serial.
    expect(await formField(formOf(page), '移交函文号').locator('input').inputValue()).toMatch(/〔2026〕\d+号$/);
    await work(outcome, 'anwei-ban-transfer-outcome', { 调查处理结果: '对县应急管理局分管负责人诫勉谈话', 承办单位及经办人: '县纪委监委第三监督检查室' });
    await h.engine.waitForProcessInstanceState(walk.transfer!, 'COMPLETED');
    // The 回执 came in time: nothing was escalated.
    expect(await h.engine.calledInstances(walk.transfer!)).toEqual([]);
  });

  step('被巡查单位 submits its plan and results without seeing the cadre-conduct finding; 市委、市政府 review both', async () => {
    const plan = await h.engine.waitForUserTask(walk.patrol!, 'SubmitRectificationPlan');
    await openAs(CandidateGroup.patrolledUnit, plan);
    const text = await pageTextWithDocuments();
    expect(text).not.toContain(CONDUCT.description);
    expect(text).not.toContain(CONDUCT.unit);
    expect(text).not.toContain(CADRE.name);
    const form = formOf(page);
    await fillFields(await firstRow(form, '整改任务清单'), { 问题: MAJOR.description, 整改措施: '投用安全联锁，开展专项排查', 责任领导: '县长', 责任单位: MAJOR.unit, 整改时限: '2026-11-30' });
    await work(plan, 'bei-xuncha-danwei-plan', {
      整改方案文号: '漫委发〔2026〕30号',
      整改方案主要内容: '逐条制定整改措施，明确责任人和时限。',
      报送日期: '2026-10-30',
    });
    const planReview = await h.engine.waitForUserTask(walk.patrol!, 'ReviewRectificationPlan');
    await openAs(CandidateGroup.partyGovernment, planReview);
    expect(await formField(formOf(page), '整改方案文号').locator('input').inputValue()).toBe('漫委发〔2026〕30号');
    await work(planReview, 'dangwei-zhengfu-plan-review', { 审核结论: '同意，进入整改落实', 审核意见: '同意' });

    const result = await h.engine.waitForUserTask(walk.patrol!, 'SubmitRectificationResult');
    await openAs(CandidateGroup.patrolledUnit, result);
    expect(await page.textContent('body')).not.toContain(CONDUCT.description);
    await page.locator('.form-host .fjs-form').waitFor();
    const tasks = await h.engine.userTaskVariables(result.id, ['rectificationTasks']);
    expect(tasks.rectificationTasks, 'the 整改任务清单 reaches the 整改落实 task').toEqual([expect.objectContaining({ problem: MAJOR.description })]);
    // One task, in a list without 添加/删除 (form-js renders its row without a row container): the list is the row.
    const task = dynamicList(formOf(page), '整改任务逐项落实');
    await task.waitFor();
    await fillFields(task, { 是否完成: '已完成', 落实情况: '安全联锁已投用' });
    await work(result, 'bei-xuncha-danwei-result', {
      整改落实情况总结: '各项问题已整改完毕。',
      对有关单位及人员的处理意见: '对2名责任人予以问责。',
      报送日期: '2026-11-20',
    });
    const check = await h.engine.waitForUserTask(walk.patrol!, 'CheckRectificationResult');
    await openAs(CandidateGroup.partyGovernment, check);
    const checked = dynamicList(formOf(page), '整改任务逐项核查');
    await checked.waitFor();
    await fillFields(checked, { 核查结论: '已整改到位' });
    // Two fields are called 核查结论: the row's (above) and the whole check's radio.
    await formOf(page).locator('.fjs-form-field-radio').filter({ hasText: '核查结论' }).getByLabel('通过', { exact: true }).check();
    await work(check, 'dangwei-zhengfu-result-check', { 核查意见: '逐项核查属实' });
  });

  step('领导小组 does the 回头看, 安委办 reviews the publication and the patrol completes', async () => {
    const revisit = await h.engine.waitForUserTask(walk.patrol!, 'Revisit');
    await openAs(CandidateGroup.leadingGroup, revisit);
    await work(revisit, 'lingdao-xiaozu-revisit', { 回头看日期: '2026-12-01', 回头看结论: '整改措施落实到位', 整改是否到位: '整改到位' });

    const publication = await h.engine.waitForUserTask(walk.patrol!, 'ReviewPublication');
    await openAs(CandidateGroup.safetyCommitteeOffice, publication);
    // What goes public never holds the finding routed to the 纪检监察机关.
    const shown = (await page.textContent('.form-host')) ?? '';
    expect(shown).toContain(MAJOR.description);
    expect(shown).not.toContain(CONDUCT.description);
    await work(publication, 'anwei-ban-publication-review', {
      公开的巡查报告主要内容: '巡查发现一般问题隐患、重大事故隐患各1项，均已整改销号。',
      审核人: '安委办 刘洋',
      审核日期: '2026-12-02',
    });
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
