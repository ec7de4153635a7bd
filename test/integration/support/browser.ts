/**
 * Debian's Chromium driven by playwright-core, headless, for the browser tests
 * (a browser download of Playwright's own is not possible on this machine).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`未找到 ${CHROMIUM}，请安装 Debian 的 chromium 包（apt-get install chromium）/ ${CHROMIUM} not found; install Debian's chromium package`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flag Chromium keeps trying hosts this closed network refuses.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
