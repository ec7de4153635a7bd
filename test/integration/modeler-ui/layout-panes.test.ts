/**
 * How the modeler shares the screen between the canvas and its side and
 * bottom panes, in headless Chromium against the modeler server (on a
 * temporary copy of processes/): below 1600 px the file list folds to its
 * rail when a file opens and follows the window across 1600 px, a person's
 * 展开/收起文件列表 holds until then; at 1920×1080 it stays open. The 检查结果
 * list is folded when a file opens, stays folded for warnings and for no more
 * errors than before, unfolds for more errors, folds back with 收起问题 and
 * by itself once the diagram is clean; a click on a problem of an element in
 * a collapsed sub-process shows that drill-down plane and selects it. A
 * drill-down plane is fitted on its first visit, clear of palette and
 * breadcrumbs, and keeps the person's zoom on the next.
 *
 * Nothing is saved or deployed; the global setup's engine only answers the
 * file list's deploy state. Screenshots go to var/screenshots/modeler-panes/.
 */
import path from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import { launchChromium } from '../support/browser.ts';
import { MODELER_OWNER, type ModelerServer, openFromFileList, startModelerServer } from '../support/modeler-ui.ts';
import { screenshot } from '../support/workbench-page.ts';

const NARROW = { width: 1440, height: 900 } as const;
const WIDE = { width: 1920, height: 1080 } as const;
const SCREENSHOTS = path.join(PROJECT_ROOT, 'var', 'screenshots', 'modeler-panes');
/** The folded file list: 40 px and its 1 px border (modeler-ui/web/styles/app.css). */
const RAIL_WIDTH = 41;
const PATROL = 'safety-patrol.bpmn';
/** A collapsed sub-process of the patrol, and a user task on its drill-down plane. */
const FEEDBACK_PHASE = 'FeedbackPhase';
const FEEDBACK_TASK = 'GiveFeedback';
const CANDIDATE_GROUP_FIELD = 'group-CamundaPlatform__UserAssignment';

const logger = pino({ level: 'warn' });
let server: ModelerServer | undefined;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** The page's modeler (BpmnEditor exposes it), as far as these tests use it. */
type PageModeler = {
  bpmnModeler: {
    get(name: 'canvas'): {
      getRootElement(): { id: string; businessObject: { $type: string } };
      findRoot(element: object): { id: string } | undefined;
      zoom(level?: number | 'fit-viewport'): number;
      viewbox(box?: { x: number; y: number; width: number; height: number }): { x: number; y: number; width: number; height: number };
    };
    get(name: 'elementRegistry'): {
      get(id: string): { id: string; x: number; y: number; width: number; height: number; businessObject: { $type: string } } | undefined;
      filter(match: (element: { parent?: { id: string }; businessObject: { $type: string } }) => boolean): Array<{ id: string }>;
    };
    get(name: 'modeling'): { moveElements(elements: object[], delta: { x: number; y: number }): void };
    get(name: 'commandStack'): { canUndo(): boolean };
    get(name: 'selection'): { get(): Array<{ id: string }> };
  };
};

beforeAll(async () => {
  server = await startModelerServer({ logger });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: NARROW, locale: 'zh-CN' });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.baseUrl);
  await page.fill('input[name="username"]', MODELER_OWNER.username);
  await page.fill('input[name="password"]', MODELER_OWNER.password);
  await page.click('button[type="submit"]');
  await page.locator('.file-entry').first().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(() => {
  expect(pageErrors, 'errors thrown in the page').toEqual([]);
});

function filePaneFolded(): Promise<string | null> {
  return page.getAttribute('.file-pane', 'data-folded');
}

async function filePaneWidth(): Promise<number | undefined> {
  return (await page.locator('.file-pane').boundingBox())?.width;
}

const unfoldFiles = () => page.getByRole('button', { name: '展开文件列表' });
const foldFiles = () => page.getByRole('button', { name: '收起文件列表' });
const lintList = () => page.locator('#lint-problems');
const lintToggle = () => page.locator('.lint-panel button[name="toggle-lint"]');

/** Waits for the check that a change about to be made triggers (debounced) and for the bar to show its answer. */
async function afterNextCheck(change: () => Promise<void>): Promise<void> {
  const checked = page.waitForResponse((response) => response.url().endsWith('/api/lint') && response.request().method() === 'POST', { timeout: 30_000 });
  await change();
  await checked;
  await expect.poll(() => page.textContent('.lint-panel .lint-summary')).not.toMatch(/正在检查|尚未检查/);
}

/**
 * Moves the first collapsed sub-process of the process's plane onto the second: the shapes overlap and flows cross
 * them, which the layout checks report as warnings only. Through the modeling API, as a drag would end.
 */
function overlapTwoPhases(): Promise<void> {
  return page.evaluate(() => {
    const { bpmnModeler } = globalThis as unknown as PageModeler;
    const registry = bpmnModeler.get('elementRegistry');
    const canvas = bpmnModeler.get('canvas');
    const root = canvas.getRootElement();
    const phases = registry
      .filter((element) => element.businessObject.$type === 'bpmn:SubProcess' && canvas.findRoot(element)?.id === root.id)
      .map((element) => registry.get(element.id)!);
    const [moved, onto] = phases;
    if (!moved || !onto) throw new Error('the process plane has fewer than two collapsed sub-processes');
    bpmnModeler.get('modeling').moveElements([moved], { x: onto.x + 20 - moved.x, y: onto.y + 20 - moved.y });
  });
}

/**
 * Opens a file from the list and waits for its new editor, also when the file is already open (the list opens it
 * again, and the page's data-open-file would already match).
 */
async function openAfresh(file: string): Promise<void> {
  await page.locator('.editor-host .canvas').evaluateAll((canvases) => canvases.forEach((canvas) => canvas.setAttribute('data-replaced', 'true')));
  await openFromFileList(page, file);
  await page.locator(`body[data-open-file="${file}"] .editor-host .canvas:not([data-replaced])`).waitFor();
}

function shownPlane(): Promise<{ id: string; type: string }> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as PageModeler).bpmnModeler.get('canvas').getRootElement();
    return { id: root.id, type: root.businessObject.$type };
  });
}

function selectedIds(): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as PageModeler).bpmnModeler.get('selection').get().map((element) => element.id));
}

function zoom(): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as PageModeler).bpmnModeler.get('canvas').zoom());
}

/** Back to the process's own plane through the first breadcrumb, as a person does. */
async function backToProcessPlane(): Promise<void> {
  await page.locator('.bjs-breadcrumbs li').first().locator('.bjs-crumb').click();
  await expect.poll(async () => (await shownPlane()).type).not.toBe('bpmn:SubProcess');
}

/** Opens the drill-down plane of a collapsed sub-process with the arrow on its shape. */
async function drillDown(subProcessId: string): Promise<void> {
  await page.locator(`.djs-overlays[data-container-id="${subProcessId}"] .bjs-drilldown`).click();
  await expect.poll(async () => (await shownPlane()).id).toBe(`${subProcessId}_plane`);
}

describe('the file list beside the canvas', () => {
  it('at 1440×900 folds to its 41 px rail when a file opens; 展开文件列表 and 收起文件列表 unfold and fold it', async () => {
    // Nothing open yet: the list is what there is to see.
    expect(await filePaneFolded()).toBe('false');
    await page.click(`.file-entry[data-file="${PATROL}"] button`);
    await page.locator(`body[data-open-file="${PATROL}"]`).waitFor();
    expect(await filePaneFolded()).toBe('true');
    expect(await filePaneWidth()).toBe(RAIL_WIDTH);
    expect(await page.locator('#file-list').isVisible()).toBe(false);
    await screenshot(page, SCREENSHOTS, 'patrol-1440-rail');

    await unfoldFiles().click();
    expect(await filePaneFolded()).toBe('false');
    expect(await page.locator(`.file-entry[data-file="${PATROL}"]`).isVisible()).toBe(true);
    expect(await filePaneWidth()).toBeGreaterThan(RAIL_WIDTH);
    expect(await foldFiles().getAttribute('aria-expanded')).toBe('true');

    await foldFiles().click();
    expect(await filePaneFolded()).toBe('true');
    expect(await filePaneWidth()).toBe(RAIL_WIDTH);
    expect(await unfoldFiles().getAttribute('aria-expanded')).toBe('false');
  });

  it('keeps a person’s choice until the next file opens', async () => {
    await unfoldFiles().click();
    expect(await filePaneFolded()).toBe('false');
    await page.click('.file-entry[data-file="hazard-rectification.bpmn"] button');
    await page.locator('body[data-open-file="hazard-rectification.bpmn"]').waitFor();
    expect(await filePaneFolded()).toBe('true');
  });

  it('unfolds when the window grows across 1600 px and folds when it shrinks back, over a person’s choice', async () => {
    // Not across 1600 px: the person's unfolding holds.
    await unfoldFiles().click();
    await page.setViewportSize({ width: 1500, height: NARROW.height });
    // Media query changes are delivered with the next rendering; after two frames a fold would have happened.
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    expect(await filePaneFolded()).toBe('false');

    await foldFiles().click();
    await page.setViewportSize({ width: 1600, height: NARROW.height });
    await expect.poll(() => filePaneFolded()).toBe('false');
    // Just below 1600 px, which the max-width query must still count as narrow.
    await page.setViewportSize({ width: 1599, height: NARROW.height });
    await expect.poll(() => filePaneFolded()).toBe('true');
    await page.setViewportSize({ width: 1700, height: NARROW.height });
    await expect.poll(() => filePaneFolded()).toBe('false');

    await page.setViewportSize(NARROW);
    await expect.poll(() => filePaneFolded()).toBe('true');
    expect(await filePaneWidth()).toBe(RAIL_WIDTH);
  });

  it('at 1920×1080 stays open when a file opens', async () => {
    await page.setViewportSize(WIDE);
    await expect.poll(() => filePaneFolded()).toBe('false');
    await openFromFileList(page, 'clue-transfer.bpmn');
    expect(await filePaneFolded()).toBe('false');
    expect(await page.locator('.file-entry.current[data-file="clue-transfer.bpmn"]').isVisible()).toBe(true);
    await screenshot(page, SCREENSHOTS, 'clue-transfer-1920-open');
    await page.setViewportSize(NARROW);
    await expect.poll(() => filePaneFolded()).toBe('true');
  });
});

describe('drill-down planes', () => {
  it('fits a plane on its first visit clear of palette and breadcrumbs, and keeps the person’s zoom on the next', async () => {
    // Opened here: no plane of the file has been shown yet.
    await openAfresh(PATROL);
    await drillDown(FEEDBACK_PHASE);
    const fitted = await zoom();
    const fitZoom = await page.evaluate(() => {
      // Measured without moving the view: fit, read the zoom, put the view back.
      const canvas = (globalThis as unknown as PageModeler).bpmnModeler.get('canvas');
      const before = canvas.viewbox();
      const level = canvas.zoom('fit-viewport');
      canvas.viewbox(before);
      return level;
    });
    expect(Math.abs(fitted - fitZoom) / fitZoom).toBeLessThanOrEqual(0.01);

    const palette = (await page.locator('.djs-palette').boundingBox())!;
    const breadcrumbs = (await page.locator('.bjs-breadcrumbs').boundingBox())!;
    const drawn = await page.locator('.djs-element.djs-shape:not([data-element-id$="_plane"])').evaluateAll((shapes) =>
      shapes
        .map((shape) => shape.getBoundingClientRect())
        .filter((box) => box.width > 0)
        .reduce((all, box) => ({ left: Math.min(all.left, box.left), top: Math.min(all.top, box.top) }), { left: Infinity, top: Infinity }),
    );
    await screenshot(page, SCREENSHOTS, 'patrol-1440-feedback-plane');
    expect(drawn.left).toBeGreaterThanOrEqual(palette.x + palette.width);
    expect(drawn.top).toBeGreaterThanOrEqual(breadcrumbs.y + breadcrumbs.height);

    const personal = Math.round(fitted * 1.5 * 100) / 100;
    await page.evaluate((level) => (globalThis as unknown as PageModeler).bpmnModeler.get('canvas').zoom(level), personal);
    await backToProcessPlane();
    await drillDown(FEEDBACK_PHASE);
    expect(await zoom()).toBeCloseTo(personal, 3);
  });
});

describe('the 检查结果 bar below the canvas', () => {
  it('is folded when a clean diagram opens, and stays folded when a change brings warnings only', async () => {
    // The bar keeps the state of the file shown before until the check of the opened one answers.
    await afterNextCheck(() => openAfresh(PATROL));
    expect(await page.getAttribute('.lint-panel', 'data-state')).toBe('clean');
    expect(await lintList().isHidden()).toBe(true);
    expect(await lintToggle().isHidden()).toBe(true);

    await afterNextCheck(overlapTwoPhases);
    expect(await page.getAttribute('.lint-panel', 'data-state')).toBe('warnings');
    const warnings = await page.locator('.lint-problem.warning').count();
    expect(warnings).toBeGreaterThan(0);
    expect(await page.locator('.lint-problem.error').count()).toBe(0);
    expect(await page.locator('.lint-problem.warning[data-rule="layout/overlap"]').count()).toBeGreaterThan(0);
    expect(await lintList().isHidden()).toBe(true);
    expect(await lintToggle().textContent()).toBe(`显示问题（${warnings}）`);
  });

  it('unfolds for more errors than before, folds with 收起问题, and stays folded while the errors do not grow', async () => {
    // The search shows the task's drill-down plane and selects it; the properties panel then shows its assignment.
    await page.locator('.canvas .djs-container > svg').focus();
    await page.keyboard.press('Control+f');
    await page.keyboard.type(FEEDBACK_TASK);
    await page.locator(`.djs-search-result[data-result-id="${FEEDBACK_TASK}"]`).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => selectedIds()).toEqual([FEEDBACK_TASK]);
    const header = page.locator(`[data-group-id="${CANDIDATE_GROUP_FIELD}"] .bio-properties-panel-group-header`);
    if (!(await header.getAttribute('class'))?.includes('open')) await header.click();
    await afterNextCheck(() => page.locator(`[data-group-id="${CANDIDATE_GROUP_FIELD}"]`).getByLabel('候选组', { exact: true }).fill(''));

    const problem = page.locator(`.lint-problem.error[data-element-id="${FEEDBACK_TASK}"][data-rule="contract/user-task-candidate-group"]`);
    expect(await page.getAttribute('.lint-panel', 'data-state')).toBe('errors');
    expect(await problem.isVisible()).toBe(true);
    expect(await lintToggle().textContent()).toBe('收起问题');
    await screenshot(page, SCREENSHOTS, 'patrol-1440-lint-unfolded');

    await lintToggle().click();
    expect(await lintList().isHidden()).toBe(true);
    const problems = await page.locator('.lint-problem').count();
    const errors = await page.locator('.lint-problem.error').count();
    expect(await lintToggle().textContent()).toBe(`显示问题（${problems}）`);

    // Another change, and no more errors than before: the bar keeps the person's folding.
    await afterNextCheck(() => page.evaluate(() => {
      const { bpmnModeler } = globalThis as unknown as PageModeler;
      const task = bpmnModeler.get('elementRegistry').get('GiveFeedback');
      if (!task) throw new Error('GiveFeedback is not in the diagram');
      bpmnModeler.get('modeling').moveElements([task], { x: 0, y: 10 });
    }));
    expect(await page.locator('.lint-problem.error').count()).toBe(errors);
    expect(await lintList().isHidden()).toBe(true);
  });

  it('shows the drill-down plane of a problem’s element and selects it when the problem is clicked', async () => {
    await backToProcessPlane();
    expect(await page.locator(`.djs-element[data-element-id="${FEEDBACK_TASK}"]`).count()).toBe(0);
    await lintToggle().click();
    expect(await lintToggle().textContent()).toBe('收起问题');
    await page.locator(`.lint-problem.error[data-element-id="${FEEDBACK_TASK}"] button`).click();

    await expect.poll(() => selectedIds()).toEqual([FEEDBACK_TASK]);
    expect(await shownPlane()).toEqual({ id: `${FEEDBACK_PHASE}_plane`, type: 'bpmn:SubProcess' });
    const task = page.locator(`.djs-element[data-element-id="${FEEDBACK_TASK}"]`);
    expect(await task.getAttribute('class')).toContain('selected');
    // Scrolled into the canvas, where the person can see it.
    const canvasBox = (await page.locator('.canvas').boundingBox())!;
    const taskBox = (await task.boundingBox())!;
    expect(taskBox.x).toBeGreaterThanOrEqual(canvasBox.x);
    expect(taskBox.y).toBeGreaterThanOrEqual(canvasBox.y);
    expect(taskBox.x + taskBox.width).toBeLessThanOrEqual(canvasBox.x + canvasBox.width);
    expect(taskBox.y + taskBox.height).toBeLessThanOrEqual(canvasBox.y + canvasBox.height);
    await screenshot(page, SCREENSHOTS, 'patrol-1440-problem-on-plane');
  });

  it('folds and hides its toggle once the diagram is clean again', async () => {
    await afterNextCheck(async () => {
      await page.locator('.canvas .djs-container > svg').focus();
      while (await page.evaluate(() => (globalThis as unknown as PageModeler).bpmnModeler.get('commandStack').canUndo())) {
        await page.keyboard.press('Control+z');
      }
    });
    await expect.poll(() => page.getAttribute('.lint-panel', 'data-state'), { timeout: 30_000 }).toBe('clean');
    expect(await lintList().isHidden()).toBe(true);
    expect(await lintToggle().isHidden()).toBe(true);
  });
});

