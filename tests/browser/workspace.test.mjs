// Browser test of the records workspace: a commune officer records a reception (keyboard only) and
// sees the scorecard's card count rise after the rollup; imports a file with one bad row and sees
// the row and column named and nothing written; axe-core finds no violation on any new page; and
// no page needs sideways scrolling at 390 px. Against the real server process on PostgreSQL.
//
//   FRIENDLYGOV_TEST_POSTGRES='Host=127.0.0.1;Port=55432;Username=postgres;Password=unused;Database=postgres' \
//     node --test workspace.test.mjs      # in tests/browser, after `npm ci`; ./test.sh runs every file
//
// Environment: as dashboard.test.mjs. Screenshots at 1366 and 390 px, as officer and leader, go to
// FRIENDLYGOV_BROWSER_RESULTS when it is set.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { sleep } from '../node-harness/server.mjs';
import { browserSuite, noAxeViolation, noBadLoads, noSidewaysScroll } from './harness.mjs';

const COMMUNE = '16999'; // Hoằng Phú, the commune formed on 1 July 2025: it exists today
const OFFICER = 'motcua.hoangphu.test';
const LEADER = 'chutich.hoangphu.test';
const ADMIN = 'quantri.tinh.test'; // an admin of the province: may press "Trigger now" in /hangfire
const CARD = 'receptions.count';
const WITHIN_MS = 240_000;

const suite = browserSuite('workspace', [[OFFICER, 'officer', COMMUNE], [LEADER, 'leader', COMMUNE], [ADMIN, 'admin', '38']]);
const { url, signedIn, shot } = suite;

/** The card's count on Hoằng Phú's scorecard for the quarter of today (Vietnam). */
async function cardCount(page) {
  const today = new Date(Date.now() + 7 * 3600_000);
  const quarter = Math.floor(today.getUTCMonth() / 3) + 1;
  await page.goto(url(`/dashboard?unit=${COMMUNE}&year=${today.getUTCFullYear()}&quarter=${quarter}`));
  const value = page.locator(`article.kpi[data-indicator="${CARD}"] data.kpi-actual`);
  return (await value.count()) === 0 ? null : Number(await value.getAttribute('value'));
}

test('1. the officer lands on the worklist, records a reception with the keyboard only, and the card count rises after the rollup', { timeout: WITHIN_MS + 180_000 }, async () => {
  const page = await signedIn(OFFICER);
  assert.equal(new URL(page.url()).pathname, '/worklist', 'an officer starts at their day (the worklist)');

  let before = null;
  for (const t0 = Date.now(); before === null; await sleep(5_000)) {
    before = await cardCount(page);
    assert.ok(before !== null || Date.now() - t0 < WITHIN_MS, 'the demo data was never rolled up');
  }

  await page.goto(url('/receptions'));
  await page.getByRole('link', { name: '+ Ghi buổi tiếp công dân' }).click();
  await page.waitForURL('**/receptions/new');
  // Keyboard only: the day is prefilled with today; Tab from it through the fields, type, choose, and Enter to save.
  await page.locator('#Form_HeldOn').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.type('Nguyễn Văn Chủ');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown'); // Bí thư → Chủ tịch UBND
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab'); // the topic is prefilled; on to the outcome
  await page.keyboard.type('Đã trả lời công dân');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Đề nghị sửa cống thoát nước thôn 2');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Đã hướng dẫn');
  await Promise.all([page.waitForURL(/\/receptions\/\d+\?saved=true$/), page.keyboard.press('Enter')]);
  await shot(page, 'reception-saved-1366');
  assert.match(await page.locator('.saved').innerText(), /Đã lưu/);
  assert.match(await page.locator('dl.facts').innerText(), /Nguyễn Văn Chủ \(Chủ tịch UBND\)/);
  assert.match(await page.locator('table.records').innerText(), /Đề nghị sửa cống thoát nước thôn 2/);
  assert.match(await page.locator('.audit-list').innerText(), new RegExp(`Tạo mới · ${OFFICER.replace(/\./g, '\\.')}`));

  // The rollup: an admin of the province presses "Trigger now" on the quarter-to-date job, as one may at any time.
  const admin = await signedIn(ADMIN);
  await admin.goto(url('/hangfire/recurring'));
  await admin.locator('tr:has-text("rollup-quarter-to-date") input[type="checkbox"]').check();
  await admin.locator('button:has-text("Trigger now")').click();

  let after = before;
  for (const t0 = Date.now(); after === before && Date.now() - t0 < 120_000; await sleep(3_000)) after = await cardCount(page);
  assert.equal(after, before + 1, `the ${CARD} card of ${COMMUNE} went from ${before} to ${after}`);
  await admin.context().close();
  await page.context().close();
});

test('2. an import with one bad row names the row and the column, and writes nothing', { timeout: 180_000 }, async () => {
  const page = await signedIn(OFFICER);
  await page.goto(url('/receptions'));
  const total = async () => (await page.locator('.pager span').innerText().catch(() => '0 bản ghi')).match(/([\d.]+) bản ghi/)[1];
  const before = await total();

  await page.goto(url('/receptions/import'));
  await noAxeViolation(page, '/receptions/import');
  const csv = [
    'Ngày tiếp,Người chủ trì,Chức vụ người chủ trì,Số công dân được tiếp,Nội dung buổi tiếp,Nội dung vụ việc,Cách xử lý',
    '02/11/2026,Nguyễn Văn Chủ,Chủ tịch UBND,1,Tiếp công dân định kỳ,Hỏi về đất,"Trả lời, hướng dẫn trực tiếp"',
    '03/11/2026,Nguyễn Văn Chủ,Chủ tịch UBND,1,Tiếp công dân định kỳ,Hỏi về thuế,Gọi điện',
    '04/11/2026,Trịnh Văn Tâm,Bí thư Đảng ủy,0,Tiếp công dân định kỳ,,',
  ].join('\r\n');
  await page.locator('#Upload').setInputFiles({ name: 'so-tiep-cong-dan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
  await page.locator('.problems').waitFor({ timeout: 120_000 }); // the progress script reloads the page when the check is over
  await shot(page, 'import-problems-1366');
  const problems = await page.locator('tr.problem').allInnerTexts();
  assert.equal(problems.length, 1, `one bad cell: ${problems.join(' | ')}`);
  assert.match(problems[0], /^3\s+Cách xử lý\s+«Gọi điện» không có trong danh sách/);
  assert.match(await page.locator('.problems h2').innerText(), /Chưa ghi bản ghi nào/);
  await noAxeViolation(page, 'import problems');

  await page.goto(url('/receptions'));
  assert.equal(await total(), before, 'nothing was written');
  await page.context().close();
});

test('3. every new page: no axe-core violation, no sideways scrolling at 390 px, as officer and leader', { timeout: 300_000 }, async () => {
  for (const [name, role] of [[OFFICER, 'officer'], [LEADER, 'leader']]) {
    for (const width of [1366, 390]) {
      const page = await signedIn(name, width);
      const detail = async (list) => {
        await page.goto(url(`${list}?unit=${COMMUNE}`));
        const href = await page.locator('table.records tbody a').first().getAttribute('href');
        return href;
      };
      const pages = ['/receptions', '/dialogues', '/petitions', await detail('/receptions'), await detail('/dialogues'), await detail('/petitions')];
      if (role === 'officer') pages.push('/receptions/new', '/dialogues/new', '/petitions/new', '/dialogues/import', '/petitions/import', `${pages[5]}/edit`, `${pages[3]}/delete`);
      for (const p of pages) {
        const response = await page.goto(url(p));
        assert.equal(response.status(), 200, `${role} ${p}: HTTP ${response.status()}`);
        await noSidewaysScroll(page, `${role} ${p} at ${width} px`);
        if (width === 1366) await noAxeViolation(page, `${role} ${p}`);
        await shot(page, `${role}-${p.replace(/\W+/g, '_').replace(/^_|_$/g, '')}-${width}`);
      }
      await page.context().close();
    }
  }
  noBadLoads(suite.loads);
});
