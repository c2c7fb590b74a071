// The browser side of the browser test: Debian's Chromium, headless, and a context that records
// what the pages must not do. The database and the server process come from ../node-harness.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';

import { chromium } from 'playwright-core';

import { Server, assertServerBuilt, createDatabase, tmpLogFile } from '../node-harness/server.mjs';

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

/**
 * One test file's world: a database of its own with the demo data, the given users (each `[name, role, unit]`,
 * their generated passwords kept), the real server process and Chromium, started before the file's tests and
 * stopped after them; what the pages must not do is collected in `loads` for `noBadLoads`.
 */
export function browserSuite(name, users, { results = process.env.FRIENDLYGOV_BROWSER_RESULTS } = {}) {
  const suite = {
    passwords: {},
    loads: { offLoopback: [], pageErrors: [], failedResources: [], cspViolations: [] },
    url: (p) => `${suite.server.baseUrl}${p}`,

    /** A new browser context signed in as `user`, at that width. */
    async signedIn(user, width = 1366) {
      const context = await newContext(suite.browser, suite.loads);
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(suite.url('/login'));
      await page.locator('input[name="UserName"]').fill(user);
      await page.locator('input[name="Password"]').fill(suite.passwords[user]);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.getByRole('button', { name: 'Đăng nhập' }).click()]);
      return page;
    },

    /** A screenshot into FRIENDLYGOV_BROWSER_RESULTS, when it is set. */
    async shot(page, shotName, options = { fullPage: true }) {
      if (results) await page.screenshot({ path: path.join(results, `${name}-${shotName}.png`), ...options }).catch(() => {});
    },
  };

  before(async () => {
    assertServerBuilt();
    suite.db = createDatabase(`fg_${name}`);
    suite.logFile = tmpLogFile(suite.db.name, `browser (${name})`, `, chromium ${CHROMIUM}`);
    suite.server = new Server({ connectionString: suite.db.connectionString, logFile: suite.logFile, pidFile: process.env.FRIENDLYGOV_BROWSER_PIDFILE, env: { Admin__SecureCookies: 'false' } });
    await suite.server.command(['seed-demo'], 180_000);
    for (const [user, role, unit] of users) {
      const out = await suite.server.command(['users', 'add', '--role', role, '--unit', unit, '--name', user], 60_000);
      suite.passwords[user] = out.match(/Password \(shown once\): (\S+)/)[1];
    }
    await suite.server.start();
    suite.browser = await launchChromium();
  }, { timeout: 300_000 });

  after(async () => {
    await suite.browser?.close().catch((e) => console.error(String(e)));
    await suite.server?.stop();
    if (suite.db) {
      try { suite.db.drop(); } catch (e) { console.error(String(e)); }
    }
    console.log(`${name} browser test: server log ${suite.logFile}`);
  });

  return suite;
}

/** Fails when a page went off loopback, threw, missed a file of its own or broke the Content-Security-Policy. */
export function noBadLoads({ offLoopback, pageErrors, failedResources, cspViolations }) {
  assert.deepEqual(offLoopback, [], 'requests off the loopback server');
  assert.deepEqual(pageErrors, [], 'page errors');
  assert.deepEqual(failedResources, [], 'resources that did not load');
  assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations in the console');
}
