// Browser test of the administration: an admin of the province sets a commune's target on
// /admin/targets, presses "Trigger now" on the quarter-to-date rollup in /hangfire, and sees the
// commune's card go from met to not met when the target is raised; exports the commune's targets as
// .xlsx and uploads the file again (nothing changes); every admin page has no axe-core
// violation and no sideways scrolling at 390 px, and breaks no Content-Security-Policy rule.
// Against the real server process on PostgreSQL, with the demo data and its jobs.
//
//   FRIENDLYGOV_TEST_POSTGRES='Host=127.0.0.1;Port=55432;Username=postgres;Password=unused;Database=postgres' \
//     node --test admin.test.mjs      # in tests/browser, after `npm ci`; ./test.sh runs every file
//
// Environment: as dashboard.test.mjs. Screenshots at 1366 and 390 px go to FRIENDLYGOV_BROWSER_RESULTS when it is set.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { sleep } from '../node-harness/server.mjs';
import { browserSuite, noAxeViolation, noBadLoads, noSidewaysScroll } from './harness.mjs';

const COMMUNE = '15958'; // Hoằng Kim, whose 2023 figures are the report's
const ADMIN = 'quantri.tinh.admin';
const CARD = 'dossiers.received';
const WITHIN_MS = 240_000;

const suite = browserSuite('admin', [[ADMIN, 'admin', '38']]);
const { url, signedIn, shot } = suite;

/** The card's state and target on Hoằng Kim's scorecard of Q4 2023; null while the period is not rolled up. */
async function card(page) {
  await page.goto(url(`/dashboard?unit=${COMMUNE}&year=2023&quarter=4`));
  const article = page.locator(`article.kpi[data-indicator="${CARD}"]`);
  if ((await article.count()) === 0) return null;
  const target = page.locator(`article.kpi[data-indicator="${CARD}"] data.kpi-target`);
  return { state: await article.getAttribute('data-state'), target: (await target.count()) === 0 ? null : Number(await target.getAttribute('value')) };
}

async function setTarget(page, value) {
  await page.goto(url(`/admin/targets?unit=${COMMUNE}&year=2023`));
  await page.locator('#Form_IndicatorCode').selectOption(CARD);
  await page.locator('#Form_Quarter').selectOption('4');
  await page.locator('#Form_Direction').selectOption('AtLeast');
  await page.locator('#Form_Value').fill(value);
  await Promise.all([page.waitForURL(/\/admin\/targets\?unit=15958&year=2023$/), page.getByRole('button', { name: 'Lưu chỉ tiêu' }).click()]);
  assert.match(await page.locator('.saved').innerText(), /Đã lưu chỉ tiêu/);
}

async function rollUpUntil(page, expected) {
  // In a tab of its own: Hangfire's page reloads itself after the click, while the scorecard is read in the first tab.
  const jobs = await page.context().newPage();
  await jobs.goto(url('/hangfire/recurring'));
  await jobs.locator('tr:has-text("rollup-quarter-to-date") input[type="checkbox"]').check();
  await jobs.locator('button:has-text("Trigger now")').click();
  await jobs.waitForLoadState('load');
  let seen = null;
  for (const t0 = Date.now(); Date.now() - t0 < 180_000; await sleep(3_000)) {
    seen = await card(page);
    if (seen?.target === expected.target && seen?.state === expected.state) break;
  }
  await jobs.close();
  assert.deepEqual(seen, expected, `the ${CARD} card of ${COMMUNE} in Q4 2023`);
}

test('1. a target set on /admin/targets turns the card from met to not met after the rollup', { timeout: WITHIN_MS + 420_000 }, async () => {
  const page = await signedIn(ADMIN);
  for (const t0 = Date.now(); (await card(page)) === null; await sleep(5_000)) {
    assert.ok(Date.now() - t0 < WITHIN_MS, 'the demo data was never rolled up');
  }

  await setTarget(page, '10');
  await rollUpUntil(page, { state: 'met', target: 10 });
  await setTarget(page, '100000');
  await page.goto(url(`/admin/targets?unit=${COMMUNE}&year=2023`));
  assert.match(await page.locator(`tr[data-indicator="${CARD}"] td[data-quarter="4"]`).innerText(), /100\.000\s+đặt tại đây/);
  assert.match(await page.locator('.audit-list').innerText(), new RegExp(`Sửa · Xã Hoằng Kim · ${ADMIN.replace(/\./g, '\\.')}`));
  await shot(page, 'targets-1366');
  await rollUpUntil(page, { state: 'not-met', target: 100000 });
  await page.context().close();
});

test('2. the targets exported as .xlsx and uploaded again change nothing', { timeout: 120_000 }, async () => {
  const page = await signedIn(ADMIN);
  await page.goto(url(`/admin/targets?unit=${COMMUNE}&year=2023`));
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-targets').click()]);
  assert.equal(download.suggestedFilename(), `chi-tieu-${COMMUNE}-2023.xlsx`);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'fg-targets-')), download.suggestedFilename());
  await download.saveAs(file);

  await page.locator('#Upload').setInputFiles(file);
  await Promise.all([page.waitForURL(/\/admin\/targets\?unit=15958&year=2023$/), page.getByRole('button', { name: 'Nhập tệp' }).click()]);
  assert.match(await page.locator('.saved').innerText(), /Đã nhập \d+ chỉ tiêu từ chi-tieu-15958-2023\.xlsx: 0 thay đổi/);
  await noAxeViolation(page, '/admin/targets after an import');
  await shot(page, 'targets-import-1366');
  await page.context().close();
});

test('3. every admin page: no axe-core violation, no sideways scrolling at 390 px, no CSP violation', { timeout: 300_000 }, async () => {
  for (const width of [1366, 390]) {
    const page = await signedIn(ADMIN, width);
    for (const p of [`/admin/targets?unit=${COMMUNE}&year=2023`, '/admin/targets', '/admin/users', `/admin/users/${ADMIN}`, '/admin/clients', '/admin/personal-data-log', '/admin/calendar', '/admin/units', '/account/password']) {
      const response = await page.goto(url(p));
      assert.equal(response.status(), 200, `${p}: HTTP ${response.status()}`);
      await noSidewaysScroll(page, `${p} at ${width} px`);
      if (width === 1366) await noAxeViolation(page, p);
      await shot(page, `${p.replace(/\W+/g, '_').replace(/^_|_$/g, '')}-${width}`);
    }
    await page.context().close();
  }
  noBadLoads(suite.loads);
});
