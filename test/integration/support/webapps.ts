/**
 * Operaton's own web apps in a browser test: logging in the way a person does,
 * and waiting for the engine's answer, so the next address is not opened
 * before the session exists.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../../deploy/local/demo-users.ts';

/** Fills Cockpit's login form at `cockpitUrl` (…/app/cockpit/default/) and resolves to the status of the engine's login answer. */
export async function logIntoCockpit(page: Page, cockpitUrl: string, username: string, password: string = DEMO_PASSWORD): Promise<number> {
  await page.goto(`${cockpitUrl}#/login`);
  const submit = page.locator('form[name="signinForm"] button[type="submit"]');
  await expect.poll(() => submit.innerText()).toBe('登录');
  await page.locator('input[ng-model="username"]').fill(username);
  await page.locator('input[ng-model="password"]').fill(password);
  const [answer] = await Promise.all([page.waitForResponse((response) => response.url().includes('/login/cockpit')), submit.click()]);
  // A successful login moves on to the dashboard by itself; wait for it, so the next address is not overtaken.
  if (answer.ok()) await page.waitForURL((url) => !url.hash.startsWith('#/login'));
  return answer.status();
}
