// The browser side of the browser test: Debian's Chromium, headless, and a context that records
// what the pages must not do. The database and the server process come from ../node-harness.

import fs from 'node:fs';

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.FRIENDLYGOV_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, headless; playwright-core only drives it (it never downloads a browser). */
export async function launchChromium() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} does not exist: install Debian's chromium (./test.sh does) or set FRIENDLYGOV_CHROMIUM`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox', // root in CI, and no user namespaces in containers
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-extensions',
      '--no-first-run',
      '--no-default-browser-check',
      '--metrics-recording-only',
      '--password-store=basic',
    ],
  });
}

/**
 * A browser context in which every request that is not to the loopback server is refused and
 * recorded in `offLoopback` (the pages must not need a CDN or any other host), every uncaught
 * page error is recorded in `pageErrors`, every stylesheet, script, image or font that did not
 * load (HTTP status 400 or more, or no response) in `failedResources`, and every message of
 * Chromium's console about a Content-Security-Policy violation in `cspViolations` (when given).
 */
export async function newContext(browser, { offLoopback, pageErrors, failedResources, cspViolations }) {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (['data:', 'blob:'].includes(url.protocol) || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return route.continue();
    offLoopback.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  context.on('page', (page) => {
    page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
    page.on('console', (message) => {
      if (cspViolations && /Content[ -]Security[ -]Policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
    });
  });
  const resource = (request) => ['stylesheet', 'script', 'image', 'font'].includes(request.resourceType());
  context.on('response', (response) => {
    const failure = `${response.status()} ${response.url()}`;
    if (response.status() >= 400 && resource(response.request()) && !failedResources.includes(failure)) failedResources.push(failure);
  });
  context.on('requestfailed', (request) => {
    // ERR_ABORTED: cancelled, as when the page is left before its lazy images came (or after a 4xx, counted above).
    const error = request.failure()?.errorText;
    if (resource(request) && error !== 'net::ERR_ABORTED') failedResources.push(`${error} ${request.url()}`);
  });
  return context;
}

/** Fails when the page is wider than its window (a reader would have to scroll sideways). */
export async function noSidewaysScroll(page, what) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  if (scroll > client) throw new Error(`${what}: ${scroll} px wide in a ${client} px window (sideways scrolling)`);
}

/** Fails on any axe-core violation of the page, naming each rule and element. */
export async function noAxeViolation(page, what) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  if (found.length > 0) throw new Error(`${what}: axe-core violations:\n  ${found.join('\n  ')}`);
}
