// Browser test: a district leader logs in to the admin pages in headless Chromium, reads Hoằng Kim
// commune's dashboard (KPI cards, charts, slicers) on the demo data, and a commune leader cannot
// open another commune; against the real FriendlyGov server process on PostgreSQL.
//
//   FRIENDLYGOV_TEST_POSTGRES='Host=127.0.0.1;Port=55432;Username=postgres;Password=unused;Database=postgres' \
//     node --test          # in tests/browser, after `npm ci`; ./test.sh does both
//
// Environment:
//   FRIENDLYGOV_TEST_POSTGRES    admin connection string (required); a database fg_browser_<random>
//                                is created on that server for the run and dropped at the end
//   FRIENDLYGOV_SERVER_DLL       the server to run (default: the Release build of src/FriendlyGov.Server)
//   FRIENDLYGOV_CHROMIUM         the Chromium to drive (default: /usr/bin/chromium, Debian's package)
//   FRIENDLYGOV_BROWSER_RESULTS  a directory for the screenshots (test.sh: its results dir); the
//                                dashboard's screenshot also goes to docs/dashboard.png
//   PSQL                         psql to create and drop the database with
//   FRIENDLYGOV_BROWSER_PIDFILE  where to write the server's pid while it runs (for test.sh's cleanup)
//
// The expected figures are those of the source report (shared/seed/FACTS.md), which the demo data
// reproduces for Hoằng Kim (unit 15958) in 2023. Every request that is not to the loopback server
// is refused and fails the run: the pages must need no CDN.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { ROOT, Server, assertServerBuilt, createDatabase, sleep, tmpLogFile } from '../node-harness/server.mjs';
import { CHROMIUM, launchChromium, newContext, noAxeViolation, noSidewaysScroll } from './harness.mjs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const DISTRICT = '388'; // Hoằng Hóa, the demo district
const COMMUNE = '15958'; // Hoằng Kim, the commune of the source report
const NEWER_COMMUNES = ['16998', '16999']; // communes of the district formed in 2025
const OTHER_COMMUNE = '16998'; // Hoằng Giang (2025): not a successor of Hoằng Kim
const SUCCESSOR = '16999'; // Hoằng Phú (2025), which took Hoằng Kim over on 01/07/2025
const LEADER = 'lanhdao.test'; // leader of the district: sees all its communes
// Leader of Hoằng Kim only. Not `chutich.hoangkim`: that name may be taken by the demo users that
// seed-demo creates.
const COMMUNE_LEADER = 'chutich.hoangkim.test';
const PROVINCE = '38'; // Thanh Hóa: an admin of the root unit may open Hangfire's dashboard
const ROOT_ADMIN = 'quantri.test';
const CARDS_WITHIN_MS = 240_000; // the rollup of the demo data runs as a job once the server starts

// The cards this test reads (the page shows more: charts/dashboard.json lists them).
const INDICATORS = [
  'dossiers.on_time_share', 'dossiers.overdue_count', 'dossiers.received', 'dossiers.received.partly_online',
  'dossiers.received.fully_online', 'dossiers.received.counter', 'dossiers.inter_agency_count',
  'surveys.satisfaction_share', 'surveys.count', 'letters.marriage_congratulation',
  'letters.birth_congratulation', 'letters.death_condolence', 'letters.late_apology',
];
// Hoằng Kim, calendar year 2023 (FACTS.md).
const YEAR_2023 = {
  'dossiers.received': 779,
  'dossiers.received.partly_online': 397,
  'dossiers.received.fully_online': 203,
  'dossiers.received.counter': 179,
  'dossiers.overdue_count': 0,
  'dossiers.on_time_share': 100,
  'dossiers.inter_agency_count': 47,
  'surveys.count': 48,
  'surveys.satisfaction_share': 100,
  'letters.marriage_congratulation': 40,
  'letters.birth_congratulation': 81,
  'letters.death_condolence': 45,
  'letters.late_apology': 0,
};
// Met and not met in words; "running" (a period not over) and "no-value" (nothing to measure: its
// text names what is missing, "Không có hồ sơ trễ hạn") have a line of their own; a figure without a target has none.
// A running period's target says its status projected to the end (met, on track, at risk, behind).
const STATE_TEXT = { met: 'Đạt', 'not-met': 'Chưa đạt', running: /^(Đạt|Đúng hướng|Có nguy cơ|Chậm)$/, 'no-value': null, 'no-target': null };

const RESULTS = process.env.FRIENDLYGOV_BROWSER_RESULTS;
const SCREENSHOT = path.join(ROOT, 'docs', 'dashboard.png');

let db;
let server;
let browser;
let logFile;
const passwords = {};
const offLoopback = [];
const pageErrors = [];
const failedResources = [];
const cspViolations = [];
const timings = {};
const url = (p) => `${server.baseUrl}${p}`;
const dashboardPath = (unit, year, quarter) => `/dashboard?unit=${unit}&year=${year}&quarter=${quarter}`;
const params = (page) => new URL(page.url()).searchParams;

// --- Helpers -------------------------------------------------------------------------------------

async function addUser(name, unit, role = 'leader') {
  const out = await server.command(['users', 'add', '--role', role, '--unit', unit, '--name', name], 60_000);
  const m = out.match(/Password \(shown once\): (\S+)/);
  assert.ok(m, `users add ${name}: no "Password (shown once): ..." line in:\n${out.replace(/(Password\b.*?: )\S+/g, '$1***')}`);
  passwords[name] = m[1];
}

/** Saves a screenshot of `page` to the results dir (when there is one); returns its path. */
async function shot(page, name) {
  if (!RESULTS) return null;
  const file = path.join(RESULTS, `browser-${name}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => {});
  return file;
}

/** Runs `fn`; should it throw, saves a screenshot of the page and says where in the error. */
async function onPage(page, name, fn) {
  try {
    return await fn();
  } catch (e) {
    const file = await shot(page, `failed-${name}`);
    if (file) e.message += `\n(screenshot of ${page.url()}: ${file})`;
    throw e;
  }
}

async function submitLogin(page, userName, password) {
  const form = page.locator('form:has(input[name="Password"])');
  await form.locator('input[name="UserName"]').fill(userName);
  await form.locator('input[name="Password"]').fill(password);
  await Promise.all([
    page.waitForEvent('framenavigated', { timeout: 30_000 }),
    form.locator('button[type="submit"]').click(),
  ]);
  await page.waitForLoadState('load');
}

const bodyText = async (page) => (await page.locator('body').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 600);

/**
 * The dashboard shows KPI cards only once the demo data is rolled up (a job at the server's start):
 * reloads `page` (already on a dashboard) every 5 s until it shows cards.
 */
async function waitForCards(page) {
  const t0 = Date.now();
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      const response = await page.reload({ waitUntil: 'load' });
      assert.equal(response?.status(), 200, `reloading ${page.url()}: HTTP ${response?.status()}: ${await bodyText(page)}`);
    }
    if (await page.locator('article.kpi').count() > 0) return Date.now() - t0;
    if (Date.now() - t0 > CARDS_WITHIN_MS) {
      assert.fail(`no KPI card (article.kpi) on ${page.url()} after ${CARDS_WITHIN_MS / 1000} s: has the rollup of the demo data not finished? `
        + `Page text: ${await bodyText(page)}; server log: ${logFile}`);
    }
    await sleep(5_000);
  }
}

async function openDashboard(page, unit, year, quarter) {
  const response = await page.goto(url(dashboardPath(unit, year, quarter)), { waitUntil: 'load' });
  assert.equal(new URL(page.url()).pathname, '/dashboard', `opening ${dashboardPath(unit, year, quarter)} ended on ${page.url()}`);
  assert.equal(response?.status(), 200, `${dashboardPath(unit, year, quarter)}: HTTP ${response?.status()}: ${await bodyText(page)}`);
  return waitForCards(page);
}

/** Every KPI card of the page, as read from its markup. */
function readCards(page) {
  return page.$$eval('article.kpi', (articles) => articles.map((a) => {
    const actual = a.querySelector('data.kpi-actual');
    const placeholder = actual ? null : a.querySelector('.kpi-actual');
    const target = a.querySelector('data.kpi-target');
    const state = a.querySelector('.kpi-state');
    const stateText = state?.textContent ?? null;
    return {
      code: a.getAttribute('data-indicator'),
      state: a.getAttribute('data-state'),
      actual: actual && { value: actual.getAttribute('value'), text: actual.textContent },
      noValue: placeholder?.textContent.trim() ?? null, // "—" when the period has no value
      target: target && { value: target.getAttribute('value'), text: target.textContent },
      stateText,
      stateIcon: !!state && (state.querySelector('svg, img, i, [aria-hidden="true"], [class*="icon"]') !== null || /[^\p{L}\p{N}\s]/u.test(stateText)),
    };
  }));
}

const invariantNumber = /^-?\d+(\.\d+)?$/;
/** "1.234,5 %" (vi-VN) -> 1234.5 */
function parseVi(text) {
  const t = text.replace(/[\s\u00a0\u202f%]/g, '').replace(/\./g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

/** Checks what every card must hold; returns the cards by indicator code. */
async function checkedCards(page) {
  const cards = await readCards(page);
  const byCode = new Map();
  for (const c of cards) {
    const what = `card ${c.code ?? '(no data-indicator)'}`;
    assert.match(c.code ?? '', /^[a-z_]+(\.[a-z_]+)+$/, `${what}: data-indicator is not an indicator code`);
    assert.ok(!byCode.has(c.code), `${what} is shown twice`);
    byCode.set(c.code, c);
    assert.ok(Object.keys(STATE_TEXT).includes(c.state), `${what}: data-state="${c.state}", expected one of ${Object.keys(STATE_TEXT).join(', ')}`);
    assert.ok(c.actual || c.noValue === '—', `${what}: no data.kpi-actual (nor a "—" for no value)`);
    for (const [name, d] of [['kpi-actual', c.actual], ['kpi-target', c.target]]) {
      if (!d) continue;
      assert.match(d.value ?? '', invariantNumber, `${what}: data.${name} value="${d.value}" is not an invariant-culture number`);
      const shown = parseVi(d.text);
      assert.ok(Math.abs(shown - Number(d.value)) <= 0.05 + 1e-9, `${what}: data.${name} shows "${d.text.trim()}", which does not read as ${d.value} in vi-VN`);
    }
    if (['met', 'not-met', 'running'].includes(c.state)) assert.ok(c.target, `${what}: data-state="${c.state}" but no data.kpi-target`);
    if (c.state === 'no-value') assert.ok(!c.actual, `${what}: data-state="no-value" but a data.kpi-actual`);
    if (c.target && c.actual) assert.notEqual(c.state, 'no-target', `${what}: a value and a target, but data-state="no-target"`);
    if (c.state === 'no-target') {
      assert.equal(c.stateText, null, `${what}: a figure without a target says "${c.stateText?.trim()}"`);
      continue;
    }
    const words = (c.stateText ?? '').replace(/[^\p{L}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
    if (STATE_TEXT[c.state] instanceof RegExp) assert.match(words, STATE_TEXT[c.state], `${what}: .kpi-state says "${c.stateText?.trim()}" for data-state="${c.state}"`);
    else if (STATE_TEXT[c.state]) assert.equal(words, STATE_TEXT[c.state], `${what}: .kpi-state says "${c.stateText?.trim()}" for data-state="${c.state}"`);
    else assert.match(words, /^Không có|^Chưa có/, `${what}: .kpi-state says "${c.stateText?.trim()}" for a missing value`);
    assert.ok(c.stateIcon, `${what}: .kpi-state has no icon`);
  }
  const missing = INDICATORS.filter((code) => !byCode.has(code));
  assert.deepEqual(missing, [], `indicators without a card on ${page.url()}`);
  return byCode;
}

async function checkSlicers(page, unit, year, quarter) {
  const form = page.locator('form#slicers');
  assert.equal(await form.count(), 1, 'one form#slicers');
  assert.equal((await form.getAttribute('method'))?.toLowerCase(), 'get', 'form#slicers has method="get"');
  for (const [name, value] of [['unit', unit], ['year', year], ['quarter', quarter]]) {
    assert.equal(await form.locator(`select[name="${name}"]`).inputValue(), String(value), `select[name="${name}"] shows the page's ${name}`);
  }
  assert.ok(await form.locator('button[type="submit"], input[type="submit"], button:not([type])').count() > 0, 'form#slicers has a submit button');
  return form;
}

async function submitSlicers(page, changes) {
  const form = page.locator('form#slicers');
  for (const [name, value] of Object.entries(changes)) await form.locator(`select[name="${name}"]`).selectOption(String(value));
  await Promise.all([
    page.waitForURL((u) => Object.entries(changes).every(([name, value]) => u.searchParams.get(name) === String(value)), { timeout: 30_000 }),
    form.locator('button[type="submit"], input[type="submit"], button:not([type])').first().click(),
  ]);
  await page.waitForLoadState('load');
}

/** Runs `fn` on a page of a new context signed in as `user` (screenshot named `name` should it fail), then closes the context. */
async function signedIn(user, name, fn) {
  const context = await newContext(browser, { offLoopback, pageErrors, failedResources, cspViolations });
  const page = await context.newPage();
  try {
    await onPage(page, name, async () => {
      await page.goto(url('/login'));
      await submitLogin(page, user, passwords[user]);
      await fn(page);
    });
  } finally {
    await context.close();
  }
}

const h1 = async (page) => (await page.locator('h1').first().innerText()).trim();

// --- Setup and teardown --------------------------------------------------------------------------

before(async () => {
  assertServerBuilt();
  db = createDatabase('fg_browser');
  logFile = tmpLogFile(db.name, 'browser', `, chromium ${CHROMIUM}`);
  server = new Server({
    connectionString: db.connectionString,
    logFile,
    pidFile: process.env.FRIENDLYGOV_BROWSER_PIDFILE,
    env: { Admin__SecureCookies: 'false' }, // plain HTTP on the loopback: Secure cookies would not come back
  });

  let t0 = Date.now();
  await server.command(['seed-demo'], 180_000);
  timings.seedDemo = Date.now() - t0;

  t0 = Date.now();
  // One after the other: the first creates the role, which two at once could both try.
  await addUser(LEADER, DISTRICT);
  await addUser(COMMUNE_LEADER, COMMUNE);
  await addUser(ROOT_ADMIN, PROVINCE, 'admin');
  timings.users = Date.now() - t0;

  t0 = Date.now();
  await server.start();
  timings.serverStart = Date.now() - t0;

  t0 = Date.now();
  browser = await launchChromium();
  timings.browserStart = Date.now() - t0;
}, { timeout: 300_000 });

after(async () => {
  await browser?.close().catch((e) => console.error(String(e)));
  await server?.stop();
  if (db) {
    try { db.drop(); } catch (e) { console.error(String(e)); }
  }
  const s = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);
  console.log(`browser summary: seed-demo ${s(timings.seedDemo)}, 2 users ${s(timings.users)}, server start ${s(timings.serverStart)}, `
    + `Chromium start ${s(timings.browserStart)} (${browser?.version() ?? CHROMIUM}), KPI cards after ${s(timings.cards)}; server log ${logFile}`);
});

// --- The tests (run in order; each builds on the previous ones) -----------------------------------

let leader; // the district leader's page, logged in

test('0. Chromium opens the server\'s /healthz', { timeout: 60_000 }, async () => {
  const context = await newContext(browser, { offLoopback, pageErrors, failedResources, cspViolations });
  try {
    const page = await context.newPage();
    const response = await page.goto(url('/healthz'));
    assert.equal(response.status(), 200);
    assert.equal(JSON.parse(await response.text()).status, 'Healthy');
  } finally {
    await context.close();
  }
});

test('1. the district leader logs in on /login and lands on /dashboard', { timeout: 60_000 }, async () => {
  const context = await newContext(browser, { offLoopback, pageErrors, failedResources, cspViolations });
  const page = await context.newPage();
  leader = page;
  await onPage(page, 'login', async () => {
    const response = await page.goto(url('/login'));
    assert.equal(response.status(), 200, `GET /login: HTTP ${response.status()}`);
    await submitLogin(page, LEADER, passwords[LEADER]);
    assert.equal(new URL(page.url()).pathname, '/dashboard', `after logging in: ${page.url()}: ${await bodyText(page)}`);
  });
});

test('2. Hoằng Kim, 2023 Q4: the unit in <h1>, a card per indicator, all dossiers on time and none overdue', { timeout: CARDS_WITHIN_MS + 60_000 }, async () => {
  const page = leader;
  await onPage(page, 'q4', async () => {
    timings.cards = await openDashboard(page, COMMUNE, 2023, 4);
    assert.match(await h1(page), /Hoằng Kim/, '<h1> names the unit');
    await checkSlicers(page, COMMUNE, 2023, 4);
    const cards = await checkedCards(page);
    const onTime = cards.get('dossiers.on_time_share');
    for (const c of [onTime, cards.get('dossiers.overdue_count')]) assert.ok(c.actual, `${c.code} has a value in Q4 2023`);
    assert.equal(Number(onTime.actual.value), 100, 'dossiers.on_time_share in Q4 2023');
    assert.equal(onTime.state, 'met', 'dossiers.on_time_share against its target');
    const overdue = cards.get('dossiers.overdue_count');
    assert.equal(Number(overdue.actual.value), 0, 'dossiers.overdue_count in Q4 2023');
    assert.equal(overdue.state, 'met', 'dossiers.overdue_count against its target');
  });
});

test('3. every chart image has loaded (a PNG from /dashboard/charts/), with alt text', { timeout: 90_000 }, async () => {
  const page = leader;
  await onPage(page, 'charts', async () => {
    const charts = page.locator('img.chart');
    const n = await charts.count();
    assert.ok(n > 0, 'the dashboard shows img.chart elements');
    for (let i = 0; i < n; i++) await charts.nth(i).scrollIntoViewIfNeeded(); // in case they load lazily
    await page.waitForFunction(() => [...document.querySelectorAll('img.chart')].every((img) => img.complete), null, { timeout: 30_000 });
    const images = await charts.evaluateAll((imgs) => imgs.map((img) => ({
      src: img.getAttribute('src'), url: img.currentSrc || img.src, alt: img.getAttribute('alt'), complete: img.complete, naturalWidth: img.naturalWidth,
    })));
    for (const img of images) {
      assert.match(new URL(img.url).pathname, /^\/dashboard\/charts\/[^/]+\.png$/, `chart src ${img.src}`);
      assert.ok(img.complete && img.naturalWidth > 0, `chart ${img.src} did not load (complete ${img.complete}, naturalWidth ${img.naturalWidth})`);
      assert.ok(img.alt?.trim(), `chart ${img.src} has no alt text`);
      const res = await page.context().request.get(img.url);
      assert.equal(res.status(), 200, `GET ${img.src}`);
      assert.match(res.headers()['content-type'] ?? '', /^image\/png/, `${img.src}: content-type`);
      assert.deepEqual([...(await res.body()).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${img.src} is a PNG`);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
  });
});

test('4. screenshot of the Hoằng Kim 2023 Q4 dashboard (docs/dashboard.png)', { timeout: 60_000 }, async () => {
  const page = leader;
  const png = await page.screenshot({ fullPage: true });
  if (RESULTS) fs.writeFileSync(path.join(RESULTS, 'browser-dashboard-hoang-kim-2023-q4.png'), png);
  assert.ok(png.length > 10_000, 'the screenshot is not blank');
  // The README shows docs/dashboard.png: not replaced by a picture of a page that lacks its style or an image.
  assert.deepEqual(failedResources, [], 'resources that did not load, so docs/dashboard.png is left as it was');
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  fs.writeFileSync(SCREENSHOT, png);
});

test('5. the quarter slicer set to the whole year (0) shows the 2023 figures of the report', { timeout: CARDS_WITHIN_MS + 60_000 }, async () => {
  const page = leader;
  await onPage(page, 'year', async () => {
    await submitSlicers(page, { quarter: 0 });
    const p = params(page);
    assert.deepEqual([p.get('unit'), p.get('year'), p.get('quarter')], [COMMUNE, '2023', '0'], `after the slicer: ${page.url()}`);
    await waitForCards(page);
    assert.match(await h1(page), /Hoằng Kim/, '<h1> names the unit');
    const cards = await checkedCards(page);
    const shown = Object.fromEntries(Object.keys(YEAR_2023).map((code) => [code, cards.get(code).actual ? Number(cards.get(code).actual.value) : null]));
    assert.deepEqual(shown, YEAR_2023, 'Hoằng Kim, 2023: the figures of the source report');
    assert.equal(cards.get('dossiers.on_time_share').state, 'met');
    assert.equal(cards.get('dossiers.overdue_count').state, 'met');
  });
});

test('6. the unit slicer set to another unit opens that unit', { timeout: 60_000 }, async () => {
  const page = leader;
  await onPage(page, 'unit', async () => {
    const before = await h1(page);
    const options = await page.locator('form#slicers select[name="unit"] option').evaluateAll((os) => os.map((o) => o.value));
    // Preferably another commune of 2023 (not the district, nor a commune formed since).
    const other = options.find((v) => v && ![COMMUNE, DISTRICT, ...NEWER_COMMUNES].includes(v)) ?? options.find((v) => v && v !== COMMUNE);
    assert.ok(other, `the unit slicer offers another unit than ${COMMUNE} (options: ${options.join(', ')})`);
    await submitSlicers(page, { unit: other });
    assert.equal(new URL(page.url()).pathname, '/dashboard');
    assert.equal(params(page).get('unit'), other, `after the slicer: ${page.url()}`);
    const after = await h1(page);
    assert.notEqual(after, before, `<h1> after switching to unit ${other}`);
  });
});

test('7. a commune leader opens their own commune (after the login redirect) but not another one (403/404)', { timeout: 90_000 }, async () => {
  const context = await newContext(browser, { offLoopback, pageErrors, failedResources, cspViolations });
  const page = await context.newPage();
  try {
    await onPage(page, 'commune-leader', async () => {
      // Not logged in: the dashboard sends to /login, which sends back after logging in.
      const own = dashboardPath(COMMUNE, 2023, 4);
      await page.goto(url(own));
      assert.equal(new URL(page.url()).pathname, '/login', `${own} without logging in ended on ${page.url()}`);
      await submitLogin(page, COMMUNE_LEADER, passwords[COMMUNE_LEADER]);
      assert.equal(`${new URL(page.url()).pathname}${new URL(page.url()).search}`, own, 'after logging in: back on the page asked for');
      assert.match(await h1(page), /Hoằng Kim/);

      const options = await page.locator('form#slicers select[name="unit"] option').evaluateAll((os) => os.map((o) => o.value));
      assert.ok(!options.includes(OTHER_COMMUNE), `the unit slicer of a leader of ${COMMUNE} offers ${OTHER_COMMUNE}`);

      // Through the context's request API (same cookies): a 404 with no body is an error page to
      // page.goto, and a redirect to an error page must show as the redirect.
      const forbidden = dashboardPath(OTHER_COMMUNE, 2026, 1);
      const response = await context.request.get(url(forbidden), { maxRedirects: 0 });
      assert.ok([403, 404].includes(response.status()),
        `${forbidden} as ${COMMUNE_LEADER}: HTTP ${response.status()}${response.headers().location ? ` to ${response.headers().location}` : ''}, expected 403 or 404`);
      assert.doesNotMatch(await response.text(), /class="kpi[ "]/, 'no KPI card of the other commune');
    });
  } finally {
    await context.close();
  }
});

test('8. a wrong password shows an error on the login page and does not log in', { timeout: 60_000 }, async () => {
  const context = await newContext(browser, { offLoopback, pageErrors, failedResources, cspViolations });
  const page = await context.newPage();
  try {
    await onPage(page, 'wrong-password', async () => {
      await page.goto(url('/login'));
      await submitLogin(page, COMMUNE_LEADER, `${passwords[COMMUNE_LEADER]}x`);
      assert.equal(new URL(page.url()).pathname, '/login', `after a wrong password: ${page.url()}`);
      assert.equal(await page.locator('input[name="Password"]').count(), 1, 'the login form is shown again');
      const error = page.locator('[role="alert"], .validation-summary-errors, .field-validation-error, .text-danger, .error, .alert').filter({ hasText: /\S/ });
      assert.ok(await error.count() > 0, `no error message on the login page: ${await bodyText(page)}`);
      assert.ok(await error.first().isVisible(), 'the error message is visible');

      await page.goto(url('/dashboard'));
      assert.equal(new URL(page.url()).pathname, '/login', `not logged in: /dashboard ended on ${page.url()}`);
    });
  } finally {
    await context.close();
  }
});

test('8a. a commune leader lands on the last quarter with records of their closed commune, which links to its successor', { timeout: 120_000 }, async () => {
  await signedIn(COMMUNE_LEADER, 'landing', async (page) => {
    await page.goto(url('/dashboard'), { waitUntil: 'load' });
    await waitForCards(page);
    assert.match(await h1(page), /Hoằng Kim/);
    await checkSlicers(page, COMMUNE, 2025, 2); // closed on 30/06/2025: Q2 2025, not the empty quarters since
    const note = page.locator('.unit-closed');
    assert.match(await note.innerText(), /Đơn vị hoạt động đến 30\/06\/2025/);
    await Promise.all([page.waitForURL((u) => u.searchParams.get('unit') === SUCCESSOR), note.locator('a.successor').click()]);
    await page.waitForLoadState('load');
    assert.match(await h1(page), /Hoằng Phú/, 'the successor opens for the predecessor\'s leader');
    assert.match(await page.locator('.unit-predecessors').innerText(), /Xã Hoằng Kim/);
  });
});

test('8b. at 390 px the scorecard does not scroll sideways and chart text is at least 12 px on screen; at 1366 px too', { timeout: 120_000 }, async () => {
  const page = leader;
  await onPage(page, 'phone', async () => {
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(url(dashboardPath(DISTRICT, 2023, 4)), { waitUntil: 'load' });
      await noSidewaysScroll(page, `the scorecard at ${width} px`);
      const charts = page.locator('img.chart');
      for (let i = 0; i < await charts.count(); i++) await charts.nth(i).scrollIntoViewIfNeeded();
      await page.waitForFunction(() => [...document.querySelectorAll('img.chart')].every((img) => img.complete && img.naturalWidth > 0), null, { timeout: 30_000 });
      // The images draw 13 px text at their density: on screen it is 13 × shown width / (natural width / density).
      const sizes = await charts.evaluateAll((imgs) => imgs.map((img) => ({
        src: img.currentSrc, shown: img.getBoundingClientRect().width, natural: img.naturalWidth,
        density: Number(new URL(img.currentSrc).searchParams.get('density') ?? '1'),
      })));
      for (const s of sizes) {
        const text = (13 * s.shown) / (s.natural / s.density);
        assert.ok(text >= 12, `${s.src} at ${width} px: chart text ${text.toFixed(1)} px on screen (shown ${s.shown} px, drawn ${s.natural} px at density ${s.density})`);
        assert.ok(s.shown <= width, `${s.src} is wider than the ${width} px window`);
      }
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  });
});

test('8c. the report and the scorecard download; a red card leads to its records, the list a leader can read (axe-core: no violation on the scorecard and the list)', { timeout: 120_000 }, async () => {
  const page = leader;
  await onPage(page, 'drill', async () => {
    await page.goto(url(dashboardPath(COMMUNE, 2025, 2)), { waitUntil: 'load' });
    await noAxeViolation(page, 'the scorecard');
    // The report and the scorecard download from the summary: a Word document and a workbook (zip files).
    for (const [selector, type] of [['.summary-exports a.report', 'wordprocessingml'], ['.summary-exports a:not(.report):not(.subscribe)', 'spreadsheetml']]) {
      const href = await page.locator(selector).getAttribute('href');
      const file = await page.context().request.get(url(href));
      assert.equal(file.status(), 200, `GET ${href}`);
      assert.match(file.headers()['content-type'] ?? '', new RegExp(type), `${href}: content-type`);
      assert.deepEqual([...(await file.body()).subarray(0, 2)], [0x50, 0x4b], `${href} is a zip (Office) file`);
    }
    const red = page.locator('section.targets article.kpi[data-state="not-met"]:has(.kpi-drill a)').first();
    assert.equal(await red.count(), 1, 'a card not met with a link to its records');
    await Promise.all([page.waitForURL((u) => u.pathname !== '/dashboard'), red.locator('.kpi-drill a').first().click()]);
    await page.waitForLoadState('load');
    const p = params(page);
    assert.equal(p.get('unit'), COMMUNE, `the list keeps the unit: ${page.url()}`);
    assert.equal(p.get('from'), '01/04/2025', `the list keeps the period: ${page.url()}`);
    assert.ok(await page.locator('table tbody tr').count() > 0, `the list of ${page.url()} shows records`);
    await noAxeViolation(page, `the list ${page.url()}`);
  });
});

test('8g. every bar, point and segment of a chart is a named link over its image: a click opens its list, which says what it holds (axe-core: no violation), at 1366 and 390 px', { timeout: 180_000 }, async () => {
  const page = leader;
  await onPage(page, 'chart-links', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(url(dashboardPath(DISTRICT, 2023, 4)), { waitUntil: 'load' });
    await noAxeViolation(page, 'the district\'s scorecard with its chart links');
    const ranking = page.locator('section.chart-block:has(#chart-on-time-ranking)');
    const hits = ranking.locator('svg.chart-hits.wide a');
    assert.equal(await hits.count(), 8, 'a link over each of the 8 communes\' bars');
    assert.equal(await ranking.locator('svg.chart-hits.phone').isVisible(), false, 'the phone\'s links are hidden at 1366 px');

    // The keyboard reaches the links, and the focused one shows a ring: its rectangle gets a visible stroke.
    await hits.nth(1).focus();
    await page.keyboard.press('Shift+Tab');
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      return { name: a?.getAttribute('aria-label'), href: a?.getAttribute('href'), stroke: a?.querySelector('rect') ? getComputedStyle(a.querySelector('rect')).strokeWidth : null };
    });
    assert.match(focused.name ?? '', /^Xã .+: \d+(,\d)?% — hồ sơ trễ hạn$/, `the focused link's name: ${focused.name}`);
    assert.equal(focused.href, await hits.nth(0).getAttribute('href'));
    assert.equal(focused.stroke, '3px', 'the focused link has a visible ring');
    await ranking.scrollIntoViewIfNeeded();
    await shot(page, 'chart-focus-1366');
    if (RESULTS) await page.screenshot({ path: path.join(RESULTS, 'browser-chart-focus-1366-view.png') });

    // A click on a commune's bar (the pointer over the image) opens the commune's late dossiers of the quarter.
    const box = await ranking.locator('img.chart').boundingBox();
    const bar = await hits.nth(0).locator('rect').boundingBox();
    // (The focused link's box includes half of its 3 px ring.)
    assert.ok(bar.x >= box.x - 2 && bar.y >= box.y - 2 && bar.x + bar.width <= box.x + box.width + 2 && bar.y + bar.height <= box.y + box.height + 2, `the link lies on the image: link ${JSON.stringify(bar)}, image ${JSON.stringify(box)}`);
    await Promise.all([page.waitForURL((u) => u.pathname === '/dossiers'), page.mouse.click(bar.x + bar.width * 0.7, bar.y + bar.height / 2)]);
    await page.waitForLoadState('load');
    assert.equal(params(page).get('set'), 'late', `the list of late dossiers: ${page.url()}`);
    assert.equal(params(page).get('quarter'), '4');
    assert.match(await page.locator('.judged-title').innerText(), /^Hồ sơ trễ hạn của Xã .+ trong quý 4\/2023, tính đến hết ngày 31\/12\/2023 — [\d.]+ hồ sơ\.$/);
    assert.equal(await page.locator('select#set').inputValue(), 'late', 'the filter form shows the set');
    const count = Number(await page.locator('data.judged-count').getAttribute('value'));
    assert.equal(await page.locator('table.records tbody tr').count(), Math.min(count, 50), 'the list shows the dossiers it counts');
    await noAxeViolation(page, `the judged list ${page.url()}`);
    await noSidewaysScroll(page, 'the judged list at 1366 px');
    await shot(page, 'judged-list-1366');

    // A point of the trend: that quarter's late dossiers; a segment of the channels: that channel's dossiers of that quarter.
    await page.goto(url(dashboardPath(DISTRICT, 2023, 4)), { waitUntil: 'load' });
    const point = page.locator('section.chart-block:has(#chart-on-time-trend) svg.chart-hits.wide a').last();
    await Promise.all([page.waitForURL((u) => u.pathname === '/dossiers'), point.locator('rect').click()]);
    assert.equal(params(page).get('set'), 'late');
    await page.goto(url(dashboardPath(DISTRICT, 2023, 4)), { waitUntil: 'load' });
    const segment = page.locator('section.chart-block:has(#chart-channels) svg.chart-hits.wide a').last();
    const segmentName = await segment.getAttribute('aria-label');
    await Promise.all([page.waitForURL((u) => u.pathname === '/dossiers'), segment.locator('rect').click()]);
    assert.ok(params(page).get('channel') || params(page).get('level'), `a segment's list is filtered by its channel or level: ${page.url()}`);
    assert.match(segmentName, /^Quý \d\/\d{4}, .+: [\d.]+ — xem các hồ sơ$/);

    // On a phone the image and its links are the phone's.
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(url(dashboardPath(DISTRICT, 2023, 4)), { waitUntil: 'load' });
    const phone = page.locator('section.chart-block:has(#chart-targets) svg.chart-hits.phone a');
    assert.equal(await page.locator('section.chart-block:has(#chart-targets) svg.chart-hits.wide').isVisible(), false);
    await page.locator('section.chart-block:has(#chart-targets) svg.chart-hits.phone a').nth(1).focus();
    await page.keyboard.press('Shift+Tab');
    await page.locator('section.chart-block:has(#chart-targets)').scrollIntoViewIfNeeded();
    if (RESULTS) await page.screenshot({ path: path.join(RESULTS, 'browser-chart-focus-390-view.png') });
    await noSidewaysScroll(page, 'the scorecard with chart links at 390 px');
    await Promise.all([page.waitForURL((u) => u.pathname === '/dossiers'), phone.first().locator('rect').click()]);
    assert.equal(params(page).get('set'), 'late', `the on-time bar opens the late dossiers: ${page.url()}`);
    await noSidewaysScroll(page, 'the judged list at 390 px');
    await shot(page, 'judged-list-390');

    // The other lists behind numbers: the dialogues' opinions and the chairman's sessions.
    await page.setViewportSize({ width: 1366, height: 900 });
    for (const list of [`/dialogues/opinions?unit=${COMMUNE}&from=01/01/2023&to=31/12/2023`, `/receptions?unit=${COMMUNE}&from=01/01/2023&to=31/12/2023&rule=chairman`]) {
      await page.goto(url(list), { waitUntil: 'load' });
      assert.ok(await page.locator('table.records tbody tr').count() > 0, `${list} lists records`);
      await noAxeViolation(page, list);
    }
  });
});

test('8d. a unit outside the leader\'s scope is a Vietnamese 404 page in the layout with a way back; year=abc a Vietnamese message', { timeout: 60_000 }, async () => {
  await signedIn(COMMUNE_LEADER, 'errors', async (page) => {
    const response = await page.goto(url(dashboardPath(OTHER_COMMUNE, 2026, 1)), { waitUntil: 'load' });
    assert.equal(response.status(), 404);
    assert.equal(await h1(page), 'Không tìm thấy trang');
    assert.equal(await page.locator('main a[href="/dashboard"]').count(), 1, 'a way back to the scorecard');
    await noAxeViolation(page, 'the 404 page');
    const bad = await page.goto(url(`/dashboard?unit=${COMMUNE}&year=abc&quarter=4`), { waitUntil: 'load' });
    assert.equal(bad.status(), 400);
    assert.match(await page.locator('#year-error').innerText(), /^Năm phải là một số/);
  });
});

test('8e. a leader opens a target\'s check-ins from its card, is told in Vietnamese beside the field what is missing, writes one and sees it (axe-core: no violation)', { timeout: 120_000 }, async () => {
  const page = leader;
  await onPage(page, 'check-in', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(url(dashboardPath(COMMUNE, 2023, 4)), { waitUntil: 'load' });
    const card = page.locator('section.targets article.kpi[data-indicator="receptions.chairman_per_month"]');
    assert.equal(await card.getAttribute('data-status'), 'not-met');
    assert.match(await card.locator('.kpi-owner').innerText(), /^Phụ trách:/);
    await Promise.all([page.waitForURL((u) => u.pathname === '/targets/check-in'), card.locator('.kpi-check-in a').click()]);
    await page.waitForLoadState('load');
    assert.match(await h1(page), /Chủ tịch, Phó Chủ tịch tiếp công dân/);
    await noAxeViolation(page, 'the check-in page');
    const before = await page.locator('.check-in-list li').count();

    await Promise.all([page.waitForLoadState('load'), page.locator('form:has(textarea) button[type="submit"]').click()]);
    await page.waitForSelector('#Form_Note-error:not(:empty)');
    assert.match(await page.locator('#Form_Note-error').innerText(), /^Nhập nội dung ghi nhận/);
    assert.equal(await page.locator('.check-in-list li').count(), before, 'an empty note writes nothing');
    await noAxeViolation(page, 'the check-in page with an error');

    const note = 'Quý 4: Chủ tịch tiếp 2 buổi/tháng do họp huyện; tháng 1 bố trí đủ 4 buổi.';
    await page.locator('#Form_Note').fill(note);
    await page.locator('#Form_Status').selectOption('NotMet');
    await Promise.all([page.waitForURL((u) => u.pathname === '/targets/check-in'), page.locator('form:has(textarea) button[type="submit"]').click()]);
    await page.waitForSelector('.saved');
    assert.equal(await page.locator('.check-in-list li').count(), before + 1);
    assert.equal((await page.locator('.check-in-list li .check-in-note').first().innerText()).trim(), note);
    assert.match(await page.locator('.check-in-list li .check-in-status').first().innerText(), /Chưa đạt/);
    await noAxeViolation(page, 'the check-in page with its history');
    await noSidewaysScroll(page, 'the check-in page at 1366 px');
    await shot(page, 'check-in-1366');
    await page.setViewportSize({ width: 390, height: 900 });
    await noSidewaysScroll(page, 'the check-in page at 390 px');
    await shot(page, 'check-in-390');
    await page.goto(url(dashboardPath(COMMUNE, 2023, 4)), { waitUntil: 'load' });
    await shot(page, 'dashboard-targets-390');
    await page.setViewportSize({ width: 1366, height: 900 });
    assert.match(await page.locator('article.kpi[data-indicator="receptions.chairman_per_month"] .kpi-check-in a').innerText(), /Ghi nhận \(\d+\)/);
  });
});

test('8f. the print view: "In / Lưu PDF" calls window.print(); in print media no navigation, form or button, every section open, the unit, period and print date on top; page.pdf() gives A4 pages with the summary', { timeout: 120_000 }, async () => {
  const page = leader;
  await onPage(page, 'print', async () => {
    await page.goto(url(dashboardPath(COMMUNE, 2023, 4)), { waitUntil: 'load' });
    // The button's script comes from /js/print.js (no inline script under the policy).
    await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
    await page.getByRole('button', { name: 'In / Lưu PDF' }).click();
    assert.equal(await page.evaluate(() => window.printed), 1, 'the button calls window.print()');

    await page.emulateMedia({ media: 'print' });
    try {
      const shown = async (selector) => page.locator(selector).evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().height > 0).length);
      for (const hidden of ['.topbar', 'form#slicers', 'button', '.summary-exports', 'footer']) assert.equal(await shown(hidden), 0, `${hidden} is hidden in print`);
      const folded = await page.locator('details.counts:not([open]) article.kpi').count();
      assert.ok(folded > 0, 'the folded sections hold cards');
      assert.equal(await shown('details.counts:not([open]) article.kpi'), folded, 'the cards of folded sections are printed');
      const head = (await page.locator('.print-head').innerText()).replace(/\s+/g, ' ');
      assert.match(head, /Hoằng Kim – quý 4\/2023/, `the print header names the unit and period: ${head}`);
      assert.match(head, /In ngày \d{2}\/\d{2}\/\d{4}/, `the print header has the print date: ${head}`);
      for (const chart of await page.locator('img.chart').evaluateAll((imgs) => imgs.map((i) => ({ width: i.getBoundingClientRect().width, box: i.closest('.chart-block').getBoundingClientRect().width })))) {
        assert.ok(chart.width <= chart.box, `a chart fits its block (${chart.width} > ${chart.box} px)`);
      }
      const png = await page.screenshot({ fullPage: true });
      if (RESULTS) fs.writeFileSync(path.join(RESULTS, 'browser-dashboard-print.png'), png);
    } finally {
      await page.emulateMedia({ media: null });
    }

    // page.pdf() prints with print media (unless screen media is emulated).
    const summary = (await page.locator('.summary-verdict').innerText()).replace(/\s+/g, '');
    const pdf = await getDocument({ data: new Uint8Array(await page.pdf({ preferCSSPageSize: true, printBackground: true })), isEvalSupported: false }).promise;
    let text = '';
    for (let n = 1; n <= pdf.numPages; n++) {
      const p = await pdf.getPage(n);
      const [, , width, height] = p.view;
      // A4 is 210 × 297 mm: 595.3 × 841.9 points.
      assert.ok(Math.abs(width - 595.3) < 2 && Math.abs(height - 841.9) < 2, `page ${n} is ${width} × ${height} pt, not A4`);
      text += (await p.getTextContent()).items.map((i) => i.str).join('');
    }
    text = text.normalize('NFC').replace(/\s+/g, '');
    assert.ok(pdf.numPages >= 2, `the whole scorecard on ${pdf.numPages} page(s)`);
    for (const expected of ['HoằngKim–quý4/2023', summary, 'Inngày']) assert.ok(text.includes(expected), `the PDF holds "${expected}": ${text.slice(0, 300)}`);
    assert.ok(!text.includes('LưuPDF'), 'the PDF has no print button');
  });
});

test('8g. a district\'s scorecard: a grid of small multiples per main share, one per commune, linking to it; each table as .xlsx; the whole year in years (axe-core: no violation)', { timeout: 180_000 }, async () => {
  const page = leader;
  await onPage(page, 'multiples', async () => {
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(url(dashboardPath(DISTRICT, 2023, 4)), { waitUntil: 'load' });
      const grids = page.locator('section.multiples-block');
      assert.deepEqual(await grids.evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-labelledby'))),
        ['chart-on-time-by-unit', 'chart-online-by-unit', 'chart-satisfaction-by-unit'], 'the three grids of small multiples');
      for (let g = 0; g < 3; g++) {
        const links = await grids.nth(g).locator('a.multiple').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.equal(links.length, 8, `grid ${g}: a small chart per commune of the district`);
        for (const href of links) assert.match(href, /^\/dashboard\?unit=\d+&year=2023&quarter=4$/, `grid ${g}: ${href}`);
        assert.match(await grids.nth(g).locator('.multiples-note').innerText(), /cùng một trục tung/);
      }
      const smalls = page.locator('img.chart.small');
      for (let i = 0; i < await smalls.count(); i++) await smalls.nth(i).scrollIntoViewIfNeeded();
      await page.waitForFunction(() => [...document.querySelectorAll('img.chart.small')].every((img) => img.complete && img.naturalWidth > 0), null, { timeout: 60_000 });
      await noSidewaysScroll(page, `the district's scorecard at ${width} px`);
      if (width === 390) {
        await noAxeViolation(page, 'the district\'s scorecard with its small multiples');
        await shot(page, 'district-multiples-390');
      } else {
        await shot(page, 'district-multiples-1366');
      }
    }

    // Every chart's table downloads as a workbook.
    const workbooks = await page.locator('.exports a.xlsx').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.equal(workbooks.length, 8, 'a .xlsx under each of the 8 charts');
    for (const href of workbooks) {
      const file = await page.context().request.get(url(href));
      assert.equal(file.status(), 200, `GET ${href}`);
      assert.match(file.headers()['content-type'] ?? '', /spreadsheetml/, `${href}: content-type`);
      assert.deepEqual([...(await file.body()).subarray(0, 2)], [0x50, 0x4b], `${href} is a zip (Office) file`);
    }

    // A small chart opens that commune's scorecard.
    const first = page.locator('#chart-online-by-unit').locator('xpath=..').locator('a.multiple').first();
    const unit = await first.getAttribute('data-unit');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('unit') === unit), first.click()]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('section.multiples-block').count(), 0, 'a commune has no units below');

    // The whole year draws years.
    await page.goto(url(dashboardPath(DISTRICT, 2024, 0)), { waitUntil: 'load' });
    const trend = page.locator('#chart-on-time-trend').locator('xpath=..');
    assert.match(await trend.locator('h2').innerText(), /– \d năm đến năm 2024$/);
    assert.equal((await trend.locator('thead th').first().textContent()).trim(), 'Năm', 'the table of the year\'s trend is by year');
    await noAxeViolation(page, 'the district\'s year');
  });
});

test('9. under the Content-Security-Policy, the scorecard and Hangfire\'s dashboard work (its scripts run, its graphs draw)', { timeout: 120_000 }, async () => {
  const context = await newContext(browser, { offLoopback, pageErrors, failedResources, cspViolations });
  const page = await context.newPage();
  try {
    await onPage(page, 'hangfire', async () => {
      await page.goto(url('/login'));
      await submitLogin(page, ROOT_ADMIN, passwords[ROOT_ADMIN]);
      const dashboard = await page.goto(url(dashboardPath(COMMUNE, 2023, 4)), { waitUntil: 'load' });
      assert.match(dashboard.headers()['content-security-policy'] ?? '', /default-src 'self'/, 'the scorecard\'s Content-Security-Policy');
      assert.ok(await page.locator('article.kpi').count() > 0, 'the scorecard shows its cards');

      for (const path of ['/hangfire', '/hangfire/jobs/succeeded', '/hangfire/recurring', '/hangfire/servers']) {
        const response = await page.goto(url(path), { waitUntil: 'load' });
        assert.equal(response?.status(), 200, `${path}: HTTP ${response?.status()}: ${await bodyText(page)}`);
        assert.match(response.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/, `${path}: Content-Security-Policy`);
        // hangfire.js builds Hangfire.page when it runs: proof that its scripts were allowed.
        await page.waitForFunction(() => window.Hangfire?.page !== undefined, null, { timeout: 15_000 });
      }
      await page.goto(url('/hangfire'), { waitUntil: 'load' });
      await page.waitForFunction(() => [...document.querySelectorAll('canvas')].some((c) => c.width > 0 && c.height > 0), null, { timeout: 15_000 });
      await sleep(2_000); // a poll of the statistics, should it be refused
    });
    assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations in the console');
  } finally {
    await context.close();
  }
});

test('10. every stylesheet, script, image and font loaded, from the loopback server only, no page threw a script error or broke the policy', () => {
  assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations in the console');
  assert.deepEqual(offLoopback, [], 'requests to other hosts (refused)');
  // Off-loopback requests fail as refused: they are reported above, not twice.
  assert.deepEqual(failedResources.filter((r) => !offLoopback.some((u) => r.endsWith(u))), [], 'resources that did not load');
  assert.deepEqual(pageErrors, [], 'uncaught script errors');
});
