/**
 * The Operaton web apps speak Chinese by default: for Welcome, Cockpit, Tasklist and Admin the
 * running test engine serves a zh locale holding every label of the shipped en locale (with its
 * {{placeholders}}), and a config.js that puts zh first. So an Operaton upgrade that adds labels
 * fails here, listing them, instead of showing English or raw keys.
 *
 * Then a real headless Chromium whose browser language is en-US and whose time zone is New York
 * logs into Tasklist (anwei-ban) and Admin (demo) and sees Chinese labels, dates in Beijing time
 * (YYYY-MM-DD HH:mm, UTC+8) and Chinese relative times. Screenshots: var/screenshots/webapps/.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoLoginOf } from '../../../../deploy/local/demo-users.ts';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { OWNER_GROUP } from '../../../../workers/contract.ts';
import { launchChromium } from '../../support/browser.ts';
import { TEST_PROFILE } from '../../support/test-engine.ts';

const WEBAPPS = `http://localhost:${TEST_PROFILE.port}/operaton`;
const APPS = ['cockpit', 'admin', 'tasklist', 'welcome'] as const;
type App = (typeof APPS)[number];
const SCREENSHOTS = path.join(PROJECT_ROOT, 'var', 'screenshots', 'webapps');

type LocaleFile = Record<string, unknown>;

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
  return response.text();
}

async function fetchLocale(app: App, locale: 'en' | 'zh'): Promise<LocaleFile> {
  // The shipped files start with a byte-order mark.
  return JSON.parse((await fetchText(`${WEBAPPS}/app/${app}/locales/${locale}.json`)).replace(/^\uFEFF/, '')) as LocaleFile;
}

/** Every leaf of a locale file as `labels.KEY` / `dateLocales.months` (arrays are leaves). */
function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const found = new Map<string, unknown>();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      for (const [leaf, leafValue] of leaves(child, prefix ? `${prefix}.${key}` : key)) found.set(leaf, leafValue);
    }
  } else {
    found.set(prefix, value);
  }
  return found;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((match) => match[1]!).sort();
}

describe.each(APPS)('%s locale', (app) => {
  it('has a zh label for every key of the shipped en locale, with the same placeholders', async () => {
    const en = leaves(await fetchLocale(app, 'en'));
    const zh = leaves(await fetchLocale(app, 'zh'));
    const missing = [...en.keys()].filter((key) => !zh.has(key));
    expect(missing, `${app}/locales/zh.json 缺少 ${missing.length} 个键 / misses ${missing.length} keys of en.json`).toEqual([]);

    const brokenPlaceholders = [...en]
      .filter(([key, text]) => typeof text === 'string' && typeof zh.get(key) === 'string')
      .filter(([key, text]) => placeholders(text as string).join() !== placeholders(zh.get(key) as string).join())
      .map(([key]) => key);
    expect(brokenPlaceholders, `${app}/locales/zh.json 占位符与 en 不一致 / placeholders differ from en`).toEqual([]);
  });

  it('config.js puts zh first and applies the Chinese defaults', async () => {
    const config = await fetchText(`${WEBAPPS}/app/${app}/scripts/config.js`);
    expect(config).toMatch(/^\s*locales:\s*\{\s*availableLocales:\s*\[\s*'zh'\s*,\s*'en'\s*\]\s*,\s*fallbackLocale:\s*'zh'\s*\}/m);
    expect(config).toMatch(/^applyChineseDefaults\(\);$/m);
    // The module it imports is served beside the apps.
    await expect(fetchText(`${WEBAPPS}/app/anquan-webapp-locale.js`)).resolves.toContain('export function applyChineseDefaults');
  });
});

describe('web apps in an en-US browser in New York', () => {
  let browser: Browser;
  let context: BrowserContext;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York', viewport: { width: 1400, height: 900 } });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  async function openLogin(app: App): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${app}: ${error.message}`));
    await page.goto(`${WEBAPPS}/app/${app}/default/#/login`);
    await page.locator('form[name="signinForm"] button[type="submit"]').waitFor();
    await expect.poll(() => page.locator('form[name="signinForm"] button[type="submit"]').innerText()).toBe('登录');
    return page;
  }

  async function logIn(page: Page, username: string, password: string): Promise<void> {
    await page.locator('input[ng-model="username"]').fill(username);
    await page.locator('input[ng-model="password"]').fill(password);
    await page.locator('form[name="signinForm"] button[type="submit"]').click();
    await page.locator('.navbar-brand .brand-name').waitFor();
  }

  /** Visible text that is still an untranslated label key such as CREATION_DATE. */
  async function rawKeys(page: Page): Promise<string[]> {
    const text = await page.locator('body').innerText();
    return [...new Set(text.match(/\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b/g) ?? [])];
  }

  /** The apps' own date filters, as their templates use them. */
  async function formatDates(page: Page): Promise<{ date: string; relative: string | null }> {
    return page.evaluate(() => {
      // Browser code (no DOM types here): the AngularJS the apps expose on window.
      type Injector = { get(name: string): unknown; has(name: string): boolean };
      const browserWindow = globalThis as unknown as {
        angular: { element(node: unknown): { injector(): Injector } };
        document: { documentElement: unknown };
      };
      const injector = browserWindow.angular.element(browserWindow.document.documentElement).injector();
      const filter = injector.get('$filter') as (name: string) => (value: unknown, format?: string) => string;
      const date = filter('camDate')('2025-06-01T01:30:00.000+0000');
      // Relative times exist in the Tasklist only (angular-moment).
      const relative = injector.has('amTimeAgoFilter') ? filter('amTimeAgo')(new Date(Date.now() - 11 * 60_000)) : null;
      return { date, relative };
    });
  }

  it('Welcome shows its login page in Chinese', async () => {
    const page = await openLogin('welcome');
    await expect.poll(() => page.locator('body').innerText()).toContain('欢迎');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'welcome-login.png') });
    expect(await rawKeys(page)).toEqual([]);
    await page.close();
  });

  it('Tasklist: login page, header and task list in Chinese, dates in Beijing time', async () => {
    const page = await openLogin('tasklist');
    // The login page is headed by the app's name (config.js).
    await expect.poll(() => page.locator('body').innerText()).toContain('待办任务');
    expect(await page.locator('input[ng-model="username"]').getAttribute('placeholder')).toBe('用户名');
    expect(await page.locator('body').innerText()).toContain('北京时间');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'tasklist-login.png') });

    // 安委办 (anwei-ban), the owner role.
    await logIn(page, demoLoginOf(OWNER_GROUP), DEMO_PASSWORD);
    await expect.poll(() => page.locator('.navbar-brand .brand-name').innerText()).toContain('待办任务');
    await expect.poll(() => page.locator('body').innerText()).toContain('发起流程');
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'tasklist-home.png') });
    const text = await page.locator('body').innerText();
    for (const english of ['Start process', 'Log out', 'Filter Tasks', 'Add a simple filter', 'Created']) {
      expect(text, `Tasklist 仍显示英文 / still shows "${english}"`).not.toContain(english);
    }
    expect(await rawKeys(page)).toEqual([]);

    // 01:30 UTC is 09:30 in Beijing (and 21:30 the day before in the browser's New York).
    const { date, relative } = await formatDates(page);
    expect(date).toBe('2025-06-01 09:30');
    expect(relative).toBe('11 分钟前');
    await page.close();
  });

  it('Admin: login page, header and dashboard in Chinese, dates in Beijing time', async () => {
    const page = await openLogin('admin');
    await expect.poll(() => page.locator('body').innerText()).toContain('系统管理');
    expect(await page.locator('input[ng-model="password"]').getAttribute('placeholder')).toBe('密码');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-login.png') });
    await logIn(page, 'demo', 'demo');
    await expect.poll(() => page.locator('.navbar-brand .brand-name').innerText()).toContain('系统管理');
    await expect.poll(() => page.locator('body').innerText()).toContain('用户组');
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-dashboard.png') });
    const text = await page.locator('body').innerText();
    for (const english of ['Users', 'Groups', 'Tenants', 'Authorizations', 'Log out']) {
      expect(text, `Admin 仍显示英文 / still shows "${english}"`).not.toContain(english);
    }
    expect(await rawKeys(page)).toEqual([]);

    await page.goto(`${WEBAPPS}/app/admin/default/#/users`);
    await expect.poll(() => page.locator('body').innerText()).toContain('用户列表');
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-users.png') });
    expect(await rawKeys(page)).toEqual([]);

    expect((await formatDates(page)).date).toBe('2025-06-01 09:30');
    await page.close();
  });

  it('Cockpit shows its login page in Chinese', async () => {
    const page = await openLogin('cockpit');
    await expect.poll(() => page.locator('body').innerText()).toContain('流程监控');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'cockpit-login.png') });
    expect(await rawKeys(page)).toEqual([]);
    await page.close();
  });

  it('switches to English with ?locale=en, remembered, and back with ?locale=zh', async () => {
    const own = await browser.newContext({ locale: 'en-US' });
    try {
      const page = await own.newPage();
      const submit = page.locator('form[name="signinForm"] button[type="submit"]');
      await page.goto(`${WEBAPPS}/app/tasklist/default/?locale=en#/login`);
      await expect.poll(() => submit.innerText()).toBe('Log in');
      await page.goto(`${WEBAPPS}/app/admin/default/#/login`);
      await expect.poll(() => submit.innerText()).toBe('Log in');
      await page.goto(`${WEBAPPS}/app/admin/default/?locale=zh#/login`);
      await expect.poll(() => submit.innerText()).toBe('登录');
    } finally {
      await own.close();
    }
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
