/**
 * The modeler's browser app in real headless Chromium against the modeler
 * server (in-process, on a temporary copy of processes/) and the test
 * engine (Operaton, through its REST API): a process owner logs in, opens
 * the patrol, changes its report reminder (names and documentation), picks
 * the 发送通知 worker template for the reminder task, sees a lint error appear and go away again, meets a
 * stale-save conflict, saves, is refused a deploy while a saved error
 * remains, deploys, and the next safety-patrol instance runs on the new
 * definition version the deploy dialog announced.
 *
 * The diagrams draw their phases as collapsed sub-processes, whose content
 * lies on drill-down planes of their own: the test shows an element's plane
 * before it looks at the element, and clicks a lint problem from another
 * plane than its element's, as a person would after looking around.
 *
 * The modeler deploys into the global setup's deployment stream, as the
 * admin login (demo) that may deploy. The test leaves the engine as it
 * found it: afterAll deploys the real processes/ again into that stream, so
 * integration files running after it start the original diagrams.
 */
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResources } from '../../../deploy/check-resources.ts';
import { EngineDeployState } from '../../../deploy/deploy-records.ts';
import { deployResources } from '../../../deploy/deploy.ts';
import { CandidateGroup, ProcessId } from '../../../workers/contract.ts';
import { launchChromium } from '../support/browser.ts';
import { MODELER_OWNER as OWNER, type ModelerServer, openFromFileList, startModelerServer } from '../support/modeler-ui.ts';
import { TEST_DEPLOYMENT_STREAM, testEngineClient, testEngineConfig } from '../support/test-engine.ts';
const REMINDER_TASK = 'WritePatrolReport_SendReminder';
const REMINDER_TIMER = 'WritePatrolReport_Reminder';
const REPORT_TASK = 'WritePatrolReport';
const FIRST_TASK = 'SurveyAndCollectClues';
const CANDIDATE_GROUP_FIELD = 'group-CamundaPlatform__UserAssignment';
const NEW_REMINDER_NAME = '提醒：巡查报告报送（到期前）';
const NEW_TIMER_DOCUMENTATION = '到期前按辖区配置的提前工作日数提醒巡查组（profile.deadline.reminderLeadWorkingDays）。';

// The admin login (demo): it may deploy, as the modeler server's engine account must.
const engine = testEngineClient(testEngineConfig());
const deployState = new EngineDeployState(engine.rest, TEST_DEPLOYMENT_STREAM);
const logger = pino({ level: 'warn' });

let server: ModelerServer | undefined;
let baseUrl: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
let deployedVersion: number | undefined;
let startedInstance: string | undefined;

beforeAll(async () => {
  server = await startModelerServer({ engine, deployState, logger });
  baseUrl = server.baseUrl;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (startedInstance) await engine.cancelProcessInstance(startedInstance).catch(() => undefined);
  // Put the original diagrams back as the latest versions for the integration files that follow.
  if (deployedVersion !== undefined) {
    const check = await checkResources();
    const restored = await deployResources(engine.rest, check.diagrams, check.forms, { state: deployState, ...TEST_DEPLOYMENT_STREAM });
    const patrol = restored.resources.find((resource) => resource.id === ProcessId.safetyPatrol);
    if (!patrol?.changed || patrol.version <= deployedVersion) {
      throw new Error(`safety-patrol was not redeployed from processes/ (now ${patrol?.id}@${patrol?.version}, changed ${patrol?.changed})`);
    }
  }
});

/** Selects an element the way a person finds one: Ctrl+F on the canvas, its id, Enter. */
async function findElement(elementId: string): Promise<void> {
  await page.locator('.canvas .djs-container > svg').focus();
  await page.keyboard.press('Control+f');
  await page.locator('.djs-search-input input').waitFor();
  await page.keyboard.type(elementId);
  await page.locator(`.djs-search-result[data-result-id="${elementId}"]`).waitFor();
  await page.keyboard.press('Enter');
  await expect.poll(() => selectedIds()).toEqual([elementId]);
}

function selectedIds(): Promise<string[]> {
  return page.evaluate(() =>
    (globalThis as unknown as { bpmnModeler: { get(name: 'selection'): { get(): Array<{ id: string }> } } }).bpmnModeler
      .get('selection')
      .get()
      .map((element) => element.id),
  );
}

type PlaneModeler = {
  bpmnModeler: {
    get(name: 'canvas'): {
      findRoot(element: object): { id: string } | undefined;
      getRootElement(): { id: string };
      getRootElements(): Array<{ id: string; businessObject: { $type: string } }>;
      setRootElement(root: object): void;
    };
    get(name: 'elementRegistry'): { get(id: string): object | undefined };
  };
};

/** Waits until the open diagram holds the element, on whichever plane it is drawn (not necessarily the one shown). */
async function waitForDiagramElement(elementId: string): Promise<void> {
  await page.waitForFunction(
    (id) => (globalThis as unknown as Partial<PlaneModeler>).bpmnModeler?.get('elementRegistry').get(id) !== undefined,
    elementId,
  );
}

/** The plane an element is drawn on: the process's, or the drill-down plane of the collapsed sub-process it is in. */
function planeOf(elementId: string): Promise<string | undefined> {
  return page.evaluate((id) => {
    const { bpmnModeler } = globalThis as unknown as PlaneModeler;
    const element = bpmnModeler.get('elementRegistry').get(id);
    return element ? bpmnModeler.get('canvas').findRoot(element)?.id : undefined;
  }, elementId);
}

function shownPlane(): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as PlaneModeler).bpmnModeler.get('canvas').getRootElement().id);
}

/** Shows the element's plane, as a person gets there through the drill-down arrows, and waits until the element is drawn. */
async function showPlaneOf(elementId: string): Promise<void> {
  await waitForDiagramElement(elementId);
  await page.evaluate((id) => {
    const canvas = (globalThis as unknown as PlaneModeler).bpmnModeler.get('canvas');
    const registry = (globalThis as unknown as PlaneModeler).bpmnModeler.get('elementRegistry');
    const plane = canvas.findRoot(registry.get(id) as object);
    if (plane && plane !== canvas.getRootElement()) canvas.setRootElement(plane);
  }, elementId);
  await page.locator(`.djs-element[data-element-id="${elementId}"]`).waitFor();
}

/** Shows the process's own plane (the one a diagram opens on). */
async function showProcessPlane(): Promise<void> {
  await page.evaluate(() => {
    const canvas = (globalThis as unknown as PlaneModeler).bpmnModeler.get('canvas');
    const top = canvas.getRootElements().find((root) => root.businessObject.$type !== 'bpmn:SubProcess');
    if (top && top !== canvas.getRootElement()) canvas.setRootElement(top);
  });
}

async function openGroup(groupId: string): Promise<void> {
  const header = page.locator(`[data-group-id="${groupId}"] .bio-properties-panel-group-header`);
  if (!(await header.getAttribute('class'))?.includes('open')) await header.click();
}

function lintProblem(elementId: string, rule: string) {
  return page.locator(`.lint-problem[data-element-id="${elementId}"][data-rule="${rule}"]`);
}

async function saveWithComment(comment: string): Promise<void> {
  await page.click('button[name="save"]');
  await page.fill('.dialog-save textarea[name="comment"]', comment);
  await page.click('.dialog-save button[name="ok"]');
}

describe('modeler UI in the browser', () => {
  it('logs in and lists the procedures with their deploy state', async () => {
    await page.goto(baseUrl);
    await page.fill('input[name="username"]', OWNER.username);
    await page.fill('input[name="password"]', 'wrong');
    await page.click('button[type="submit"]');
    await expect.poll(() => page.textContent('.login-error')).toContain('用户名或密码不正确');

    await page.fill('input[name="password"]', OWNER.password);
    await page.click('button[type="submit"]');
    const patrol = page.locator('.file-entry[data-file="safety-patrol.bpmn"]');
    await patrol.waitFor();
    expect(await patrol.textContent()).toContain('安全生产巡查');
    // The deploy state comes from the engine: the global setup deployed every file, unchanged since.
    expect(await patrol.locator('.badge.deployed').textContent()).toContain(`${ProcessId.safetyPatrol} v`);
    expect(await patrol.locator('.badge.differs').count()).toBe(0);
    expect(await page.locator('.file-entry[data-file="forms/patrol-report.form"]').count()).toBe(1);
    expect(await page.textContent('.topbar .user')).toContain('anwei-ban');
  });

  it('opens safety-patrol.bpmn fitted to the viewport with the Chinese palette and a clean lint', async () => {
    await openFromFileList(page, 'safety-patrol.bpmn');
    // From 1600 px on the file list stays open beside the diagram.
    expect(await page.getAttribute('.file-pane', 'data-folded')).toBe('false');
    // The reminder may lie on the drill-down plane of its phase: the diagram opens on the process's plane.
    await waitForDiagramElement(REMINDER_TASK);
    const paletteTitles = await page.locator('.djs-palette .entry').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('aria-label')));
    expect(paletteTitles).toContain('创建元素');
    expect(paletteTitles).toContain('创建开始事件');
    // fit-viewport: the whole diagram is inside the visible canvas.
    const inside = await page.evaluate(() => {
      const canvas = (globalThis as unknown as { bpmnModeler: { get(name: 'canvas'): { viewbox(): { x: number; y: number; width: number; height: number; inner: { x: number; y: number; width: number; height: number } } } } })
        .bpmnModeler.get('canvas');
      const { x, y, width, height, inner } = canvas.viewbox();
      // Half a percent of slack for the rounding of the zoom level.
      const slack = 0.005 * Math.max(inner.width, inner.height);
      return inner.x >= x - slack && inner.y >= y - slack && inner.x + inner.width <= x + width + slack && inner.y + inner.height <= y + height + slack;
    });
    expect(inside).toBe(true);
    await expect.poll(() => page.getAttribute('.lint-panel', 'data-state'), { timeout: 30_000 }).toBe('clean');
  });

  it('opens the form the report task links, then returns to the diagram', async () => {
    await findElement(REPORT_TASK);
    await page.click('button[name="open-form"]');
    await page.locator('.file-entry.current[data-file="forms/patrol-report.form"]').waitFor();
    await page.locator('.form-editor .fjs-editor-container').waitFor();
    await expect.poll(() => page.getAttribute('.lint-panel', 'data-state'), { timeout: 30_000 }).toBe('clean');
    await page.click('button[name="back"]');
    await page.locator('.file-entry.current[data-file="safety-patrol.bpmn"]').waitFor();
    await showPlaneOf(REMINDER_TASK);
  });

  it('renames the reminder task and documents the reminder timer in the properties panel', async () => {
    await findElement(REMINDER_TASK);
    await openGroup('group-general');
    await page.fill('#bio-properties-panel-name', NEW_REMINDER_NAME);
    await expect.poll(() => page.textContent(`[data-element-id="${REMINDER_TASK}"]`)).toContain('到期前');

    await findElement(REMINDER_TIMER);
    await openGroup('group-documentation');
    await page.fill('#bio-properties-panel-documentation', NEW_TIMER_DOCUMENTATION);
    await expect.poll(() => page.getAttribute('.topbar .open-file', 'data-dirty')).toBe('true');
  });

  it('applies the 发送通知 worker template to the reminder task and shows its inputs as named fields', async () => {
    await findElement(REMINDER_TASK);
    await page.click('.bio-properties-panel-select-template-button');
    await page.locator('.djs-popup.element-template-chooser').waitFor();
    await page.keyboard.type('anquan.notify.send');
    await page.click('.djs-popup .entry[data-id="apply-template-anquan.worker.notify.send"]');

    await openGroup('group-ElementTemplates__CustomProperties-inputs');
    const inputs = page.locator('[data-group-id="group-ElementTemplates__CustomProperties-inputs"]');
    expect(await inputs.locator('.bio-properties-panel-label').allTextContents()).toEqual(['通知种类', '主送', '抄送', '发文单位', '模板取值']);
    // The task's existing mappings are kept: the template names them, it does not reset them.
    expect(await inputs.getByLabel('通知种类', { exact: true }).inputValue()).toBe('deadline-reminder');
    const xml = await page.evaluate(async () => {
      const modeler = (globalThis as unknown as { bpmnModeler: { saveXML(options: object): Promise<{ xml: string }> } }).bpmnModeler;
      return (await modeler.saveXML({ format: true })).xml;
    });
    expect(xml).toMatch(/id="WritePatrolReport_SendReminder"[^>]*camunda:modelerTemplate="anquan.worker.notify.send"/);
    expect(xml).toContain(`name="${NEW_REMINDER_NAME}"`);
    // Also the list of recipients, which the field for 主送 cannot show (it is a camunda:list).
    expect(xml).toMatch(/<camunda:inputParameter name="recipients">\s*<camunda:list>\s*<camunda:value>xuncha-zu<\/camunda:value>/);
  });

  it('shows a lint error when the report task loses its candidate group, and clears it after Ctrl+Z', async () => {
    await findElement(REPORT_TASK);
    await openGroup(CANDIDATE_GROUP_FIELD);
    const candidateGroups = page.locator(`[data-group-id="${CANDIDATE_GROUP_FIELD}"]`).getByLabel('候选组', { exact: true });
    expect(await candidateGroups.inputValue()).toBe(CandidateGroup.patrolTeam);
    await candidateGroups.fill('');
    const problem = lintProblem(REPORT_TASK, 'contract/user-task-candidate-group');
    await problem.waitFor({ timeout: 30_000 });
    expect(await page.getAttribute('.lint-panel', 'data-state')).toBe('errors');

    // Clicking the problem shows the task's plane (its phase's drill-down plane when it is in one), selects it and scrolls it into view.
    await findElement(REMINDER_TASK);
    await showProcessPlane();
    await problem.locator('button').click();
    await expect.poll(() => selectedIds()).toEqual([REPORT_TASK]);
    expect(await shownPlane()).toBe(await planeOf(REPORT_TASK));
    await page.locator(`.djs-element[data-element-id="${REPORT_TASK}"]`).waitFor();

    // The keyboard shortcut works on the canvas: undo the removal.
    await page.locator('.canvas .djs-container > svg').focus();
    await page.keyboard.press('Control+z');
    await problem.waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => page.getAttribute('.lint-panel', 'data-state'), { timeout: 30_000 }).toBe('clean');
  });

  it('refuses a save over someone else’s newer version and says who saved it', async () => {
    // Another process owner saves the file through the API while this page still edits the version it opened.
    const other = await fetch(`${baseUrl}/api/files/safety-patrol.bpmn`, { headers: { authorization: basic('demo', 'demo') } });
    const { content, etag } = (await other.json()) as { content: string; etag: string };
    const saved = await fetch(`${baseUrl}/api/files/safety-patrol.bpmn`, {
      method: 'PUT',
      headers: { authorization: basic('demo', 'demo'), 'content-type': 'application/json' },
      body: JSON.stringify({ content: `${content}\n`, baseEtag: etag, comment: '同时修改' }),
    });
    expect(saved.status).toBe(200);

    await saveWithComment('调整报告提醒');
    const conflict = page.locator('.dialog-conflict');
    await conflict.waitFor();
    expect(await conflict.locator('.conflict-author').textContent()).toContain('demo');
    await conflict.locator('button[name="keep"]').click();
    // Nothing was overwritten: the edit is still unsaved in the page.
    expect(await page.getAttribute('.topbar .open-file', 'data-dirty')).toBe('true');
  });

  it('reloads after the conflict, redoes the change, saves with a comment and lists the version in the history', async () => {
    await saveWithComment('再次保存');
    await page.locator('.dialog-conflict button[name="reload"]').click();
    await expect.poll(() => page.getAttribute('.topbar .open-file', 'data-dirty')).toBe('false');

    await findElement(REMINDER_TASK);
    await openGroup('group-general');
    await page.fill('#bio-properties-panel-name', NEW_REMINDER_NAME);
    await findElement(REMINDER_TIMER);
    await openGroup('group-documentation');
    await page.fill('#bio-properties-panel-documentation', NEW_TIMER_DOCUMENTATION);
    await expect.poll(() => page.getAttribute('.topbar .open-file', 'data-dirty')).toBe('true');
    await saveWithComment('调整报告提醒');
    await expect.poll(() => page.textContent('.topbar .status')).toMatch(/已保存为第 \d+ 版/);
    expect(await page.getAttribute('.topbar .open-file', 'data-dirty')).toBe('false');

    await page.click('button[name="history"]');
    const history = page.locator('.dialog-history');
    await history.waitFor();
    const versions = await history.locator('.history-version .version-text').allTextContents();
    expect(versions[0]).toContain('调整报告提醒');
    expect(versions.some((text) => text.includes('同时修改'))).toBe(true);
    await history.locator('.history-version').first().locator('button[name="view"]').click();
    const view = page.locator('.dialog-version');
    await view.locator('.version-view .djs-container').waitFor();
    await view.locator('button[name="ok"]').click();
    await history.locator('button[name="close"]').click();
    // Saved, not deployed: the engine still runs the version the global setup deployed.
    await expect
      .poll(() => page.locator('.file-entry[data-file="safety-patrol.bpmn"] .badge.differs').count(), { timeout: 30_000 })
      .toBe(1);
  });

  it('refuses to deploy while a saved diagram has a lint error, listing it', async () => {
    await findElement(REPORT_TASK);
    await openGroup(CANDIDATE_GROUP_FIELD);
    await page.locator(`[data-group-id="${CANDIDATE_GROUP_FIELD}"]`).getByLabel('候选组', { exact: true }).fill('');
    await lintProblem(REPORT_TASK, 'contract/user-task-candidate-group').waitFor({ timeout: 30_000 });
    await saveWithComment('临时：去掉候选组');
    await expect.poll(() => page.textContent('.topbar .status')).toMatch(/已保存为第 \d+ 版/);

    await page.click('button[name="deploy"]');
    await page.click('.dialog-deploy-confirm button[name="deploy"]');
    const refused = page.locator('.dialog-deploy-refused');
    await refused.waitFor({ timeout: 60_000 });
    expect(await refused.locator(`.lint-problem[data-element-id="${REPORT_TASK}"]`).count()).toBe(1);
    await refused.locator('button[name="close"]').click();
  });

  it('deploys the fixed diagram and shows the new version, which the next safety-patrol instance runs on', async () => {
    await page.locator('.canvas .djs-container > svg').focus();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getAttribute('.lint-panel', 'data-state'), { timeout: 30_000 }).toBe('clean');
    await saveWithComment('恢复候选组');
    await expect.poll(() => page.textContent('.topbar .status')).toMatch(/已保存为第 \d+ 版/);

    await page.click('button[name="deploy"]');
    await page.click('.dialog-deploy-confirm button[name="deploy"]');
    const deployed = page.locator('.dialog-deployed');
    await deployed.waitFor({ timeout: 120_000 });
    const patrolRow = deployed.locator(`tr[data-resource-id="${ProcessId.safetyPatrol}"]`);
    deployedVersion = Number(await patrolRow.locator('.version').textContent());
    expect(deployedVersion).toBeGreaterThan(1);
    expect(await patrolRow.getAttribute('data-changed')).toBe('true');
    expect(await patrolRow.locator('.change').textContent()).toBe('新版本');
    // Deploy-changed-only: the process it calls and the patrol's forms were not touched and keep their versions.
    for (const id of [ProcessId.hazardRectification, 'patrol-report']) {
      const row = deployed.locator(`tr[data-resource-id="${id}"]`);
      expect(await row.getAttribute('data-changed')).toBe('false');
      expect(await row.locator('.change').textContent()).toBe('未变');
    }
    await deployed.locator('button[name="ok"]').click();
    await expect
      .poll(() => page.textContent('.file-entry[data-file="safety-patrol.bpmn"] .badge.deployed'), { timeout: 30_000 })
      .toContain(`${ProcessId.safetyPatrol} v${deployedVersion}`);
    expect(await page.locator('.file-entry[data-file="safety-patrol.bpmn"] .badge.differs').count()).toBe(0);

    // The file list reads the same deployment from the engine: deployed as saved.
    const listed = await apiFiles();
    const patrolFile = listed.files.find((file) => file.file === 'safety-patrol.bpmn');
    expect(listed.deployState.available).toBe(true);
    expect(patrolFile?.differsFromDeployed).toBe(false);
    const listedDefinition = patrolFile?.deployed?.resources.find((resource) => resource.id === ProcessId.safetyPatrol);
    expect(listedDefinition?.version).toBe(deployedVersion);

    // A safety-patrol started through the REST API, as any client of the engine would, runs on that version.
    const started = await engine.rest.startProcessInstance(ProcessId.safetyPatrol, {});
    startedInstance = started.id;
    expect(started.definitionId).toBe(listedDefinition?.definitionId);
    const definition = await engine.rest.request<{ key: string; version: number }>(
      'GET',
      `/process-definition/${encodeURIComponent(started.definitionId)}`,
    );
    expect(definition).toMatchObject({ key: ProcessId.safetyPatrol, version: deployedVersion });
    const firstTask = await engine.waitForUserTask(started.id, FIRST_TASK);
    expect(firstTask.processDefinitionId).toBe(started.definitionId);
    const xml = await engine.rest.processDefinitionXml(started.definitionId);
    expect(xml).toContain(NEW_REMINDER_NAME);
    expect(xml).toContain(NEW_TIMER_DOCUMENTATION);
    expect(pageErrors).toEqual([]);
  });

  it('restores an earlier version from the history as a new version', async () => {
    await page.click('button[name="history"]');
    const history = page.locator('.dialog-history');
    await history.waitFor();
    const earlier = history.locator('.history-version', { hasText: '同时修改' });
    const earlierVersion = await earlier.getAttribute('data-version');
    await earlier.locator('button[name="restore"]').click();
    await page.click('.dialog-restore button[name="ok"]');
    await history.waitFor({ state: 'detached' });
    await expect.poll(() => page.textContent('.topbar .status')).toMatch(/已恢复，保存为第 \d+ 版/);
    await page.click('button[name="history"]');
    expect(await page.locator('.dialog-history .history-version .version-text').first().textContent()).toContain(`恢复自第 ${earlierVersion} 版`);
    await page.click('.dialog-history button[name="close"]');
    // The restored content predates the renaming.
    await showPlaneOf(REMINDER_TASK);
    expect(await page.textContent(`[data-element-id="${REMINDER_TASK}"]`)).not.toContain('到期前');
  });
});

interface ListedFiles {
  readonly files: ReadonlyArray<{
    readonly file: string;
    readonly differsFromDeployed: boolean | null;
    readonly deployed: { readonly resources: ReadonlyArray<{ readonly id: string; readonly version: number; readonly definitionId?: string }> } | null;
  }>;
  readonly deployState: { readonly available: boolean; readonly message?: string };
}

/** GET /api/files as another process owner would read it. */
async function apiFiles(): Promise<ListedFiles> {
  const response = await fetch(`${baseUrl}/api/files`, { headers: { authorization: basic('demo', 'demo') } });
  expect(response.status).toBe(200);
  return (await response.json()) as ListedFiles;
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
