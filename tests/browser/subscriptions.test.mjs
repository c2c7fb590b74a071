// Browser test of the leaders' subscriptions: a commune's leader opens /subscriptions from the
// dashboard's "Nhận qua thư" link, subscribes to the unit's scorecard and report, sees the
// subscription listed, changes it and cancels it; the leader of a commune closed by the 2025 reform
// is told to choose its successor; bad input is named beside its field in Vietnamese and saves
// nothing; the page has no axe-core violation, no sideways scrolling at 390 px, and breaks no
// Content-Security-Policy rule. Against the real server process on PostgreSQL, with the demo data
// and its jobs (mail is off on this server: the subscription is kept all the same).
//
//   FRIENDLYGOV_TEST_POSTGRES='Host=127.0.0.1;Port=55432;Username=postgres;Password=unused;Database=postgres' \
//     node --test subscriptions.test.mjs      # in tests/browser, after `npm ci`; ./test.sh runs every file
//
// Environment: as dashboard.test.mjs. Screenshots at 1366 and 390 px go to FRIENDLYGOV_BROWSER_RESULTS when it is set.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { sleep } from '../node-harness/server.mjs';
import { browserSuite, noAxeViolation, noBadLoads, noSidewaysScroll } from './harness.mjs';

const COMMUNE = '16999'; // Hoằng Phú, formed on 1 July 2025: its quarters are still to come
const LEADER = 'chutich.hoangphu.thu';
const CLOSED = '15958'; // Hoằng Kim, merged into Hoằng Phú on 1 July 2025
const CLOSED_LEADER = 'chutich.hoangkim.thu';
// Where a save (the form with what was saved) or a cancel lands; the browser keeps the fragment of the "Sửa" link across the redirect.
const BACK = /\/subscriptions(\?unit=\d+)?(#subscribe-title)?$/;
const CARDS_WITHIN_MS = 240_000; // the demo data is rolled up by a job at the server's start

const suite = browserSuite('subscriptions', [[LEADER, 'leader', COMMUNE], [CLOSED_LEADER, 'leader', CLOSED]]);
const { url, signedIn, shot } = suite;

/** The leader's dashboard, reloaded until the start-up rollup has given it its summary. */
async function dashboard(page) {
  const t0 = Date.now();
  for (;;) {
    await page.goto(url('/dashboard'));
    if (await page.locator('.summary a.subscribe').count() > 0) return;
    assert.ok(Date.now() - t0 < CARDS_WITHIN_MS, `no summary on ${page.url()}: has the rollup of the demo data not finished? server log ${suite.logFile}`);
    await sleep(5_000);
  }
}

/** The subscriptions listed: each row's unit and what it gets. */
async function listed(page) {
  return page.$$eval('table.subscriptions tbody tr', (rows) => rows.map((r) => [r.querySelector('th').innerText.trim(), r.querySelector('td').innerText.trim()]));
}

async function checkPage(page, what) {
  await noAxeViolation(page, what);
  await noSidewaysScroll(page, what);
}

test('1. a leader subscribes from the dashboard, sees the subscription listed and cancels it', { timeout: CARDS_WITHIN_MS + 120_000 }, async () => {
  const page = await signedIn(LEADER);
  await dashboard(page);
  await Promise.all([page.waitForURL(`**/subscriptions?unit=${COMMUNE}`), page.locator('.summary a.subscribe').click()]);
  assert.equal(await page.locator('h1').innerText(), 'Nhận báo cáo qua thư');
  assert.equal(await page.locator('#unit').inputValue(), COMMUNE, 'the dashboard\'s unit is chosen');
  assert.match(await page.locator('p.empty').innerText(), /chưa đăng ký/);
  assert.match(await page.locator('.mail-off').innerText(), /Đăng ký vẫn được lưu/);
  await checkPage(page, '/subscriptions, empty');
  await shot(page, 'empty-1366');

  await page.locator('#Report').check();
  await page.locator('#Email').fill('chutich@hoangphu.gov.vn');
  await Promise.all([page.waitForURL(BACK), page.getByRole('button', { name: 'Lưu đăng ký' }).click()]);
  assert.match(await page.locator('.saved').innerText(), /Đã lưu đăng ký nhận thư về Xã Hoằng Phú/);
  assert.deepEqual(await listed(page), [['Xã Hoằng Phú', 'bảng chỉ số, báo cáo (.docx); hằng quý']]);
  assert.equal(await page.locator('#subscribe-title').innerText(), 'Sửa đăng ký: Xã Hoằng Phú', 'the form shows what was saved');
  assert.equal(await page.locator('#Email').inputValue(), 'chutich@hoangphu.gov.vn', 'the address is kept for the next one');
  await checkPage(page, '/subscriptions, one subscription');
  await shot(page, 'listed-1366');

  // "Sửa" shows the subscription in the form; saved again, it is changed, not doubled.
  await page.goto(url('/subscriptions'));
  assert.equal(await page.locator('#subscribe-title').innerText(), 'Đăng ký mới');
  await Promise.all([page.waitForURL(`**/subscriptions?unit=${COMMUNE}#subscribe-title`), page.getByRole('link', { name: 'Sửa đăng ký Xã Hoằng Phú' }).click()]);
  assert.equal(await page.locator('#subscribe-title').innerText(), 'Sửa đăng ký: Xã Hoằng Phú');
  assert.deepEqual([await page.locator('#Scorecard').isChecked(), await page.locator('#Report').isChecked(), await page.locator('#Monthly').isChecked()], [true, true, false]);
  await page.locator('#Report').uncheck();
  await page.locator('#Monthly').check();
  await Promise.all([page.waitForURL(BACK), page.getByRole('button', { name: 'Lưu đăng ký' }).click()]);
  assert.deepEqual(await listed(page), [['Xã Hoằng Phú', 'bảng chỉ số; hằng quý và hằng tháng']]);

  await Promise.all([page.waitForURL(BACK), page.getByRole('button', { name: 'Hủy đăng ký Xã Hoằng Phú' }).click()]);
  assert.match(await page.locator('.saved').innerText(), /Đã hủy đăng ký/);
  assert.deepEqual(await listed(page), []);
  assert.match(await page.locator('p.empty').innerText(), /chưa đăng ký/);
  await page.context().close();
});

test('2. bad input is named beside its field in Vietnamese and saves nothing', async () => {
  const page = await signedIn(LEADER);
  await page.goto(url(`/subscriptions?unit=${COMMUNE}`));
  await page.locator('#Scorecard').uncheck();
  await page.locator('#Email').fill('chutich@');
  await page.getByRole('button', { name: 'Lưu đăng ký' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('#Scorecard-error').innerText(), /Chọn ít nhất một: bảng chỉ số hoặc báo cáo/);
  assert.match(await page.locator('#Email-error').innerText(), /Nhập một địa chỉ thư điện tử/);
  assert.equal(await page.locator('#Email').inputValue(), 'chutich@', 'what was typed stays to be corrected');
  assert.deepEqual(await listed(page), []);
  await checkPage(page, '/subscriptions, with errors');
  await shot(page, 'errors-1366');
  await page.context().close();
});

test('3. the leader of a commune closed by the 2025 reform is told to choose the unit that took it over', async () => {
  const page = await signedIn(CLOSED_LEADER);
  await dashboard(page);
  await Promise.all([page.waitForURL(`**/subscriptions?unit=${CLOSED}`), page.locator('.summary a.subscribe').click()]);
  assert.match(await page.locator('.closed-unit').innerText(), /^Xã Hoằng Kim hoạt động đến 30\/06\/2025: không còn quý mới để gửi\. Chọn đơn vị kế thừa/);
  assert.equal(await page.locator('#unit option:checked').innerText(), 'Xã Hoằng Phú');
  await checkPage(page, '/subscriptions of a closed commune');
  await shot(page, 'closed-1366');
  await page.context().close();
});

test('4. at 390 px the page reads without sideways scrolling, a subscription listed', async () => {
  const page = await signedIn(LEADER, 390);
  await page.goto(url(`/subscriptions?unit=${COMMUNE}`));
  await page.locator('#Report').check();
  await page.locator('#Email').fill('chutich@hoangphu.gov.vn');
  await Promise.all([page.waitForURL(BACK), page.getByRole('button', { name: 'Lưu đăng ký' }).click()]);
  assert.equal((await listed(page)).length, 1);
  await checkPage(page, '/subscriptions at 390 px');
  await shot(page, 'listed-390');
  await page.context().close();
});

test('5. no page went off loopback, threw, missed a file or broke the Content-Security-Policy', () => {
  noBadLoads(suite.loads);
});
