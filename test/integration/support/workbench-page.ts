/**
 * Page helpers for browser tests of the staff workbench (待办 at /tasks/):
 * log in and out as a demo login, open a task from a list or by its address,
 * fill a form-js field by its label whatever its type, submit, and take a
 * screenshot that also fails on a page scrolling sideways. They act as a
 * person does (click, type, Tab), so what they reach is what the page offers.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** The password of every demo login (deploy/local/demo-users.ts). */
export const DEMO_PASSWORD = 'demo';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Logs out whoever is logged in, then logs in as `username`; resolves once the task lists show. */
export async function logIn(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/tasks/`);
  await page.locator('.login-form, .app-header').first().waitFor();
  if (await page.locator('.app-header').count()) await logOut(page);
  await page.fill('.login-form input[name="username"]', username);
  await page.fill('.login-form input[name="password"]', password);
  await page.keyboard.press('Enter');
  await page.locator('.app-header .user-name').waitFor();
  await page.locator('.task-panel[aria-busy="false"], .task-page, .start-page').first().waitFor();
}

export async function logOut(page: Page): Promise<void> {
  await page.click('.app-user .logout');
  await page.locator('.login-form').waitFor();
}

/** Opens a list tab (`group` = 本组待办, `mine`, `completed` …) and waits until it has loaded. */
export async function openList(page: Page, list: string): Promise<void> {
  if (!page.url().includes('#/list')) await page.click('.app-nav a[href="#/list"]');
  await page.click(`.tabs [role="tab"][data-list="${list}"]`);
  await page.locator(`.tabs [role="tab"][data-list="${list}"][aria-selected="true"]`).waitFor();
  await page.locator('.task-panel[aria-busy="false"]').waitFor();
}

/** Waits for the task page's form (or its no-form text) to have rendered. */
export async function waitForTaskPage(page: Page): Promise<void> {
  await page.locator('.task-page').waitFor();
  await page.locator('.form-host .fjs-form, .form-panel .no-form').first().waitFor();
}

/**
 * Opens a task the way a person does: from 本组待办 (or the list given), by
 * clicking its row's link. Fails when the list does not offer it.
 */
export async function openTaskFromList(page: Page, taskId: string, list = 'group'): Promise<void> {
  await openList(page, list);
  await page.locator(`tr[data-task-id="${taskId}"] a.task-link`).click();
  await page.waitForURL(new RegExp(`#/task/${escapeRegExp(encodeURIComponent(taskId))}$`));
  await waitForTaskPage(page);
}

/** Opens an address of the app directly (`#/task/<id>`), as a bookmarked or pasted link does. */
export async function openByUrl(page: Page, baseUrl: string, hash: string): Promise<void> {
  await page.goto(`${baseUrl}/tasks/${hash}`);
  await page.locator('.task-page, .content .error, .start-page').first().waitFor();
}

/**
 * The form-js field whose own label is `label` (exactly, a required mark
 * aside), within `scope` (the form, or one row of a dynamic list).
 */
export function formField(scope: Locator, label: string): Locator {
  const exact = new RegExp(`^\\s*${escapeRegExp(label)}\\s*\\*?\\s*$`);
  return scope
    .locator('.fjs-form-field:not(.fjs-form-field-grouplike)')
    .filter({ has: scope.page().locator('label.fjs-form-field-label, .fjs-form-field-label').filter({ hasText: exact }) })
    .first();
}

/** The form of the task or start page. */
export function formOf(page: Page): Locator {
  return page.locator('.form-host');
}

/** `2026-09-02` as the page's locale writes a date (zh-CN: 2026/9/2), which is what the date picker parses. */
async function typedDate(page: Page, isoDate: string): Promise<string> {
  // A string, as the test code is typed for Node, not the DOM.
  return page.evaluate<string>(`new Intl.DateTimeFormat(undefined, { timeZone: 'UTC' }).format(new Date(${JSON.stringify(`${isoDate}T00:00:00Z`)}))`);
}

export type FieldValue = string | number | boolean;

/**
 * Fills one field by its label as a person would, whatever form-js made of
 * it: a select or radio by the option's visible text, a checkbox by true or
 * false, a date (`YYYY-MM-DD`) typed in the page's date format, text and
 * numbers typed. Leaves the focus elsewhere, so the value is taken.
 */
export async function fillField(scope: Locator, label: string, value: FieldValue): Promise<void> {
  const field = formField(scope, label);
  await field.waitFor();
  const kind = (await field.getAttribute('class')) ?? '';
  if (kind.includes('fjs-form-field-select')) {
    await field.locator('.fjs-input-group').click();
    await field.locator('.fjs-dropdownlist-item', { hasText: String(value) }).first().click();
  } else if (kind.includes('fjs-form-field-radio')) {
    await field.getByLabel(String(value), { exact: true }).check();
  } else if (kind.includes('fjs-form-field-checkbox')) {
    await field.locator('input[type="checkbox"]').setChecked(Boolean(value));
  } else if (kind.includes('fjs-form-field-datetime')) {
    const input = field.locator('input.fjs-input').first();
    await input.fill(await typedDate(scope.page(), String(value)));
    // Escape closes the calendar; the picker takes the typed date when the field loses the focus.
    await input.press('Escape');
    await input.evaluate((element) => (element as unknown as { blur(): void }).blur());
  } else {
    const input = field.locator('input, textarea').first();
    await input.fill(String(value));
  }
}

/** Fills several fields in order (see {@link fillField}). */
export async function fillFields(scope: Locator, values: Readonly<Record<string, FieldValue>>): Promise<void> {
  for (const [label, value] of Object.entries(values)) await fillField(scope, label, value);
}

/** A dynamic list (or group), by its label. */
export function dynamicList(scope: Locator, listLabel: string): Locator {
  return scope
    .locator('.fjs-form-field-grouplike')
    .filter({ has: scope.page().locator('.fjs-form-field-label, .fjs-form-field-grouplike-label', { hasText: listLabel }) })
    .last();
}

/** The rows of a dynamic list, by the list's label. */
export function listRows(scope: Locator, listLabel: string): Locator {
  return dynamicList(scope, listLabel).locator('.fjs-repeat-row-container');
}

/** Adds a row to the dynamic list labelled `listLabel` and returns it. */
export async function addListRow(scope: Locator, listLabel: string): Promise<Locator> {
  const list = dynamicList(scope, listLabel);
  const rows = list.locator('.fjs-repeat-row-container');
  const before = await rows.count();
  await list.locator('.fjs-repeat-render-add').last().click();
  await rows.nth(before).waitFor();
  return rows.nth(before);
}

/** Clicks 提交 (or the start page's button); resolves once the app went back to the list with its 已提交 notice. */
export async function submitForm(page: Page): Promise<string> {
  await page.click('.form-panel button[name="submit"]');
  const outcome = await Promise.race([
    page.waitForURL(/#\/list/, { timeout: 30_000 }).then(() => 'done' as const),
    page
      .locator('.form-summary:not([hidden])')
      .waitFor({ timeout: 30_000 })
      .then(() => 'refused' as const),
  ]);
  if (outcome === 'refused') throw new Error(`the form was not submitted: ${(await page.textContent('.form-summary'))?.trim()}`);
  return (await page.textContent('.flash')) ?? '';
}

/** Adds a 意见 (comment) on the open task page and waits until it is listed. */
export async function addComment(page: Page, message: string): Promise<void> {
  await page.fill('.comment-form textarea[name="comment"]', message);
  await page.click('.comment-form button[type="submit"]');
  await page.locator('.comment-list .comment-message', { hasText: message }).waitFor();
}

/** Uploads a file on the open task page and waits until it is listed. */
export async function uploadAttachment(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, description?: string): Promise<void> {
  await page.setInputFiles('.attachment-form input[type="file"]', file);
  if (description) await page.fill('.attachment-form input[name="description"]', description);
  await page.click('.attachment-form button[type="submit"]');
  await page.locator('.attachment-list .attachment-link', { hasText: file.name }).waitFor();
}

/**
 * A full-page screenshot at the page's current viewport under `dir`; fails
 * when the page scrolls sideways (a form overflowing its panel).
 */
export async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  if (overflow > 0) throw new Error(`${name}: the page scrolls sideways by ${overflow}px`);
  return file;
}
