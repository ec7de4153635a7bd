/**
 * Proven 3 of issue 10: an operator repairs a failing task in Cockpit, in Chinese.
 *
 * A throw-away process (its own deployment) has one external task whose test
 * worker, run by the product runtime (startWorkers, as the workers' service
 * account), fails while "the mail server" is down: after its three attempts
 * the runtime fails the task with retries 0 and the engine raises a real
 * failedExternalTask incident with our bilingual message. Then, in headless
 * Chromium with an en-US browser (so Chinese is the default, not the browser's
 * choice):
 * - 被巡查单位 (`bei-xuncha-danwei`) cannot log into Cockpit;
 * - 安委办 (`anwei-ban`, read-only) sees the incident but its retry is refused
 *   by the engine, and nothing changes;
 * - 运维值班 (`yunwei`) sees the incident and its details in Chinese and, once
 *   the cause is gone, clicks 重试; the instance goes on: the task is fetched
 *   again and completed, the incident resolved and the next user task open,
 *   all asserted through the REST API.
 * The rules grant the operator each product procedure by key, so the drill's
 * key gets, for this file only, exactly what the operator holds on one of them.
 * Screenshots: var/screenshots/cockpit/; every English word on them that is
 * not ours, an id or one Cockpit prints without a label key fails the test.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRules, ResourceType } from '../../../../deploy/access/rules.ts';
import { demoLoginOf } from '../../../../deploy/local/demo-users.ts';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { CandidateGroup, type JobType, OperationsGroup, OWNER_GROUP, ProcessId } from '../../../../workers/contract.ts';
import { createLogger } from '../../../../workers/logger.ts';
import { startWorkers, type RunningWorkers } from '../../../../workers/registry.ts';
import { defineWorker } from '../../../../workers/worker-definition.ts';
import { launchChromium } from '../../support/browser.ts';
import { logIntoCockpit } from '../../support/webapps.ts';
import { type Incident } from '../../support/engine-client.ts';
import { oneExternalTaskProcess } from '../../support/one-task-process.ts';
import { TEST_PROFILE, testEngineClient, testEngineConfig, workerClient } from '../../support/test-engine.ts';

const WEBAPPS = `http://localhost:${TEST_PROFILE.port}/operaton`;
const COCKPIT = `${WEBAPPS}/app/cockpit/default/`;
const SCREENSHOTS = path.join(PROJECT_ROOT, 'var', 'screenshots', 'cockpit');

const config = testEngineConfig({ LOG_LEVEL: 'silent' });
/** The admin login (demo): deploys, starts, and reads what happened. */
const admin = testEngineClient(config);

const PROCESS = 'cockpit-incident-drill';
const PROCESS_NAME = '故障处置演练';
const WORK_NAME = '发送整改通知';
const NEXT_NAME = '安委办复核';
const TOPIC = 'test.cockpit.notify';
const DEPLOYMENT = { name: 'cockpit-incident-tests', source: 'cockpit-incident-tests' } as const;
const FAILURE = '邮件服务器拒绝连接 / the mail server refused the connection';
const INCIDENT_MESSAGE = `处理失败且重试次数已用完，请排除故障后在 Cockpit 中重试 / processing failed and retries are exhausted; fix the cause, then retry in Cockpit: ${FAILURE}`;

const operator = OperationsGroup.operator; // yunwei
const owner = demoLoginOf(OWNER_GROUP); // anwei-ban
const unit = demoLoginOf(CandidateGroup.patrolledUnit); // bei-xuncha-danwei

interface ExternalTaskDto {
  readonly id: string;
  readonly retries: number | null;
  readonly workerId: string | null;
}

interface HistoricIncidentDto extends Incident {
  readonly open: boolean;
  readonly resolved: boolean;
}

/** Whether the worker's "mail server" answers; the operator's fix before retrying. */
let mailServerUp = false;
const attempts: Array<{ retries: number; succeeded: boolean }> = [];

const notifyWorker = defineWorker({
  // A topic only this file serves, not one of the product's job types.
  jobType: TOPIC as JobType,
  title: '发送整改通知（演练）',
  description: 'test worker of the Cockpit incident drill',
  inputs: [],
  timeoutMs: 30_000,
  maxJobsToActivate: 1,
  // No back-off, so the three attempts before the incident take no time.
  retryBackOffMs: 0,
  parseInput: (variables) => variables,
  handle: (_input, context) => {
    attempts.push({ retries: context.job.retries, succeeded: mailServerUp });
    if (!mailServerUp) throw new Error(FAILURE);
    return { noticeSent: true };
  },
});

let runtime: RunningWorkers | undefined;
let grantId: string | undefined;
let instanceId: string;
let incident: Incident;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
/** English words per screenshot; asserted empty at the end, so one run lists them all. */
const englishSeen: Record<string, string[]> = {};

async function externalTaskOfInstance(): Promise<ExternalTaskDto | undefined> {
  const [task] = await admin.rest.request<ExternalTaskDto[]>('GET', '/external-task', undefined, { query: { processInstanceId: instanceId } });
  return task;
}

async function openIncidents(): Promise<Incident[]> {
  return admin.rest.request<Incident[]>('GET', '/incident', undefined, { query: { processInstanceId: instanceId } });
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  await admin.rest.createDeployment({
    ...DEPLOYMENT,
    deployChangedOnly: true,
    files: [
      {
        name: `${PROCESS}.bpmn`,
        content: oneExternalTaskProcess(PROCESS, PROCESS_NAME, { name: WORK_NAME, topic: TOPIC }, { name: NEXT_NAME, candidateGroup: OWNER_GROUP }),
      },
    ],
  });

  // The rules grant the operator each product procedure by key; the drill's key gets exactly what it holds on one of them.
  const operatorGrant = accessRules({ filterId: 'unused', serviceAccount: config.engine.username }).find(
    (grant) => grant.groupId === operator && grant.resourceType === ResourceType.processDefinition && grant.resourceId === ProcessId.dailyInspection,
  );
  if (!operatorGrant) throw new Error('the access rules give the operator nothing on daily-inspection');
  const created = await admin.rest.request<{ id: string }>('POST', '/authorization/create', {
    type: 1,
    groupId: operator,
    resourceType: ResourceType.processDefinition,
    resourceId: PROCESS,
    permissions: operatorGrant.permissions,
  });
  grantId = created.id;

  runtime = await startWorkers({
    client: workerClient(config),
    logger: createLogger(config),
    // Short polls, so a task whose retries Cockpit restores is fetched at once.
    config: { ...config, engine: { ...config.engine, workerId: 'cockpit-incident-tests', asyncResponseTimeoutMs: 1_000 } },
    workers: [notifyWorker],
  });
  instanceId = await admin.startProcessInstance(PROCESS, {});
  [incident] = (await admin.waitForIncidents(instanceId)) as [Incident];

  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await runtime?.stop(5_000);
  if (instanceId) {
    const [running] = await admin.rest.request<unknown[]>('GET', '/process-instance', undefined, { query: { processInstanceIds: instanceId } });
    if (running) await admin.cancelProcessInstance(instanceId);
  }
  if (grantId) await admin.rest.request('DELETE', `/authorization/${grantId}`);
});

/** A fresh browser (own cookies) whose language is US English and whose clock is in New York. */
async function newPage(label: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York', viewport: { width: 1400, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${label}: ${error.message}`));
  return page;
}

/** Logs into this test's Cockpit. */
function logIn(page: Page, username: string): Promise<number> {
  return logIntoCockpit(page, COCKPIT, username);
}

const incidentRow = (page: Page) => page.locator('table.incidents-tab tbody tr');

/** The retry dialog, once it has faded in. */
async function retryDialog(page: Page) {
  await page.locator('.modal.in .modal-dialog').waitFor();
  await page.waitForTimeout(500);
  return page.locator('.modal.in .modal-dialog');
}

/** Takes a screenshot and notes the English words visible on it. */
async function look(page: Page, name: string, notLabels: readonly string[] = []): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const words = await englishWords(page, notLabels);
  if (words.length > 0) englishSeen[name] = words;
}

/** The instance's incidents tab, with our incident listed (a screenshot when it is not). */
async function openIncidentTab(page: Page, name: string): Promise<void> {
  await page.goto(`${COCKPIT}#/process-instance/${instanceId}/runtime?tab=incidents-tab`);
  try {
    await expect.poll(() => incidentRow(page).count(), { timeout: 30_000 }).toBe(1);
  } catch (error) {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-no-incident.png`), fullPage: true });
    throw error;
  }
  // Let the diagram and its incident badge settle before looking.
  await page.waitForTimeout(1_000);
}

/**
 * Cockpit prints these itself, with no label key a locale could translate: the
 * incident type (getIncidentType of the incidents tab: only failedJob gets a
 * name, "Failed Job", the rest their raw type) and `null` for an empty field
 * (span.null-value in its templates).
 */
const UNTRANSLATABLE = ['failedExternalTask', 'null'];

/**
 * Latin words of the visible text that are neither ours (the incident's English
 * half, ids and keys, logins, our footer with the browser's time zone, what the
 * caller names as not a label) nor Cockpit's untranslatable ones: any left is
 * an English label the zh locale should cover.
 */
async function englishWords(page: Page, notLabels: readonly string[]): Promise<string[]> {
  let text = await page.locator('body').innerText();
  const footer = page.locator('footer');
  if ((await footer.count()) > 0) text = text.split(await footer.first().innerText()).join(' ');
  // Longest first: the engine's refusal names the instance, whose id would otherwise go before it.
  for (const ours of [...notLabels, INCIDENT_MESSAGE, FAILURE, instanceId, incident.configuration ?? '', operator, owner, 'Operaton', 'Cockpit']) {
    text = text.split(ours).join(' ');
  }
  // Ids: uuids, then process keys (safety-patrol, cockpit-incident-drill).
  text = text.replace(/\b[0-9a-f]{8}-[0-9a-f-]{27}\b/g, ' ').replace(/\b[a-z]+(?:-[a-z]+)+\b/g, ' ');
  return [...new Set(text.match(/[A-Za-z][A-Za-z'’]{2,}/g) ?? [])].filter((word) => !UNTRANSLATABLE.includes(word));
}

describe('a failing external task', () => {
  it('is failed with retries 0 by the runtime after three attempts, raising our bilingual incident', async () => {
    expect(attempts).toEqual([
      { retries: 3, succeeded: false },
      { retries: 2, succeeded: false },
      { retries: 1, succeeded: false },
    ]);
    expect(incident).toMatchObject({ incidentType: 'failedExternalTask', activityId: 'Work', incidentMessage: INCIDENT_MESSAGE });
    const task = await externalTaskOfInstance();
    expect(task).toMatchObject({ id: incident.configuration, retries: 0 });
  });
});

describe('Cockpit in an en-US browser', () => {
  it('refuses 被巡查单位 (bei-xuncha-danwei): the login fails, in Chinese', async () => {
    const page = await newPage(unit);
    const status = await logIn(page, unit);
    expect(status).toBe(403);
    await expect.poll(() => page.locator('body').innerText()).toContain('登录失败');
    await page.waitForTimeout(500);
    await look(page, 'unit-refused');
    // Still the login form: no Cockpit behind it.
    await expect(page.locator('form[name="signinForm"]').isVisible()).resolves.toBe(true);
    await page.goto(`${COCKPIT}#/process-instance/${instanceId}/runtime?tab=incidents-tab`);
    await expect.poll(() => page.locator('form[name="signinForm"]').isVisible()).toBe(true);
    expect(await incidentRow(page).count()).toBe(0);
  });

  it('shows 安委办 (anwei-ban) the incident, but the engine refuses its retry and nothing changes', async () => {
    const page = await newPage(owner);
    expect(await logIn(page, owner)).toBe(200);
    await openIncidentTab(page, 'owner');
    await look(page, 'owner-incident');
    await expect.poll(() => incidentRow(page).innerText()).toContain(INCIDENT_MESSAGE);

    // Cockpit offers the action to anyone who sees the incident; the engine decides.
    const retry = incidentRow(page).locator('td.action a.action-button:visible');
    await expect(retry.isVisible()).resolves.toBe(true);
    await retry.click();
    const dialog = await retryDialog(page);
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.url().includes(`/external-task/${incident.configuration}/retries`)),
      dialog.locator('.modal-footer button.btn-primary', { hasText: '重试' }).click(),
    ]);
    expect(answer.status()).toBe(403);
    // Cockpit puts the engine's own refusal after its Chinese words; the engine writes it in English.
    const refusal = ((await answer.json()) as { message: string }).message;
    expect(refusal).toContain(`'UPDATE_INSTANCE' permission on resource '${PROCESS}'`);
    await expect.poll(() => dialog.innerText()).toContain(`增加重试次数失败：${refusal}`);
    expect(await dialog.innerText()).toContain('未能增加所选故障对应失败作业的重试次数');
    await look(page, 'owner-retry-refused', [refusal]);
    await dialog.locator('.modal-footer button.btn-primary', { hasText: '确定' }).click();

    expect(await externalTaskOfInstance()).toMatchObject({ retries: 0 });
    expect((await openIncidents()).map((open) => open.id)).toEqual([incident.id]);
    expect(attempts).toHaveLength(3);
  });

  it('shows 运维值班 (yunwei) the incident in Chinese; its 重试 lets the instance go on', async () => {
    const page = await newPage(operator);
    expect(await logIn(page, operator)).toBe(200);

    await page.goto(`${COCKPIT}#/processes`);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 30_000 }).toContain(PROCESS_NAME);
    await page.waitForTimeout(1_000);
    await look(page, 'operator-processes');

    await openIncidentTab(page, 'operator');
    await look(page, 'operator-incident');
    const row = incidentRow(page);
    expect(await row.locator('td.message').innerText()).toContain(INCIDENT_MESSAGE);
    expect(await row.locator('td.activity').innerText()).toContain(WORK_NAME);
    const headers = await page.locator('table.incidents-tab thead').innerText();
    for (const label of ['消息', '时间戳', '活动', '类型', '操作']) expect(headers).toContain(label);
    const tabs = await page.locator('body').innerText();
    expect(tabs).toContain('故障');

    // The message opens the failure's details (errorDetails), as the worker sent them.
    await row.locator('td.message a').click();
    const details = page.locator('.modal.in .modal-dialog');
    await details.waitFor();
    await page.waitForTimeout(500);
    expect(await details.locator('.modal-header').innerText()).toContain('查看堆栈跟踪');
    await expect.poll(() => details.locator('textarea').inputValue()).toContain(FAILURE);
    await look(page, 'operator-incident-details', [await details.locator('textarea').inputValue()]);
    await details.locator('.modal-footer button', { hasText: '关闭' }).click();
    await page.locator('.modal').waitFor({ state: 'detached' });

    const retryButton = row.locator('td.action a.action-button:visible');
    await retryButton.hover();
    await expect.poll(() => page.locator('.tooltip').innerText()).toBe('增加失败外部任务的重试次数');

    // The cause is gone; the operator retries the incident.
    mailServerUp = true;
    await retryButton.click();
    const dialog = await retryDialog(page);
    await expect.poll(() => dialog.innerText()).toContain('增加重试次数');
    await look(page, 'operator-retry-dialog');
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.url().includes(`/external-task/${incident.configuration}/retries`)),
      dialog.locator('.modal-footer button.btn-primary', { hasText: '重试' }).click(),
    ]);
    expect(answer.status()).toBe(204);
    await expect.poll(() => dialog.innerText()).toContain('已成功增加重试次数');
    await look(page, 'operator-retry-done');
    await dialog.locator('.modal-footer button.btn-primary', { hasText: '确定' }).click();

    // The engine's side: fetched again by the runtime, completed, incident resolved, next task open.
    const next = await admin.waitForUserTask(instanceId, 'Task');
    expect(next).toMatchObject({ name: NEXT_NAME, candidateGroups: [OWNER_GROUP] });
    expect(attempts).toEqual([
      { retries: 3, succeeded: false },
      { retries: 2, succeeded: false },
      { retries: 1, succeeded: false },
      { retries: 1, succeeded: true },
    ]);
    expect(await externalTaskOfInstance()).toBeUndefined();
    expect(await openIncidents()).toEqual([]);
    const history = await admin.rest.request<HistoricIncidentDto[]>('GET', '/history/incident', undefined, { query: { processInstanceId: instanceId } });
    expect(history.map(({ id, open, resolved }) => ({ id, open, resolved }))).toEqual([{ id: incident.id, open: false, resolved: true }]);
    expect(await admin.processInstance(instanceId)).toMatchObject({ state: 'ACTIVE' });
    const work = (await admin.activityInstances(instanceId)).filter((activity) => activity.activityId === 'Work');
    expect(work.map((activity) => activity.state)).toEqual(['COMPLETED']);

    // And Cockpit, reloaded, no longer lists it.
    await page.reload();
    await expect.poll(() => page.locator('body').innerText(), { timeout: 30_000 }).toContain('没有故障');
    expect(await incidentRow(page).count()).toBe(0);
    await page.waitForTimeout(500);
    await look(page, 'operator-after-retry');
  });

  it('shows no English label in the views it looked at', () => {
    expect(englishSeen).toEqual({});
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
