// Browser test of the officer's day: the worklist (their home) and its badge, an apology letter
// proposed by the job, completed, issued and downloaded as .docx, paper survey forms typed with the
// keyboard only; axe-core finds no violation on any of these pages; none scrolls sideways at 390 px.
// Against the real server process on PostgreSQL, with the demo data and its jobs.
//
//   FRIENDLYGOV_TEST_POSTGRES='Host=127.0.0.1;Port=55432;Username=postgres;Password=unused;Database=postgres' \
//     node --test letters.test.mjs      # in tests/browser, after `npm ci`; ./test.sh runs every file
//
// Environment: as dashboard.test.mjs. Screenshots at 1366 and 390 px, as officer and leader, go to
// FRIENDLYGOV_BROWSER_RESULTS when it is set; the officer's worklist also to docs/worklist.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ROOT, sleep } from '../node-harness/server.mjs';
import { browserSuite, noAxeViolation, noBadLoads, noSidewaysScroll } from './harness.mjs';

const COMMUNE = '16999'; // Hoằng Phú, the commune formed on 1 July 2025: its counter works today
const OFFICER = 'motcua.hoangphu.thu';
const LEADER = 'chutich.hoangphu.thu';
const RESULTS = process.env.FRIENDLYGOV_BROWSER_RESULTS;
const SCREENSHOT = path.join(ROOT, 'docs', 'worklist.png');
const PROPOSED_WITHIN_MS = 180_000; // the proposal job runs once at the server's start

const suite = browserSuite('letters', [[OFFICER, 'officer', COMMUNE], [LEADER, 'leader', COMMUNE]]);
const { url, signedIn, shot } = suite;

/** The first link of a list's rows, once the list has one (the jobs fill some lists after the start). */
async function firstRowLink(page, list, withinMs = 0) {
  const t0 = Date.now();
  for (;;) {
    await page.goto(url(list));
    const link = page.locator('table.records tbody tr td a').first();
    if (await link.count() > 0) return link.getAttribute('href');
    assert.ok(Date.now() - t0 < withinMs, `${list} stayed empty; server log ${suite.logFile}`);
    await sleep(3_000);
  }
}

let letterPath; // the apology issued in test 1

test('1. an officer lands on the worklist, completes a proposed apology, issues it and downloads it as .docx', { timeout: PROPOSED_WITHIN_MS + 120_000 }, async () => {
  const page = await signedIn(OFFICER);
  assert.equal(new URL(page.url()).pathname, '/worklist', 'an officer starts at their day');
  letterPath = await firstRowLink(page, `/letters?unit=${COMMUNE}&state=Proposed&kind=LateApology`, PROPOSED_WITHIN_MS);

  await page.goto(url(letterPath));
  assert.match(await page.locator('dl.facts').innerText(), /cần nhập trước khi phát hành/);
  await page.getByRole('link', { name: 'Sửa nội dung' }).click();
  await page.waitForURL(`**${letterPath}/edit`);
  await page.locator('#Form_Reason').fill('Hồ sơ cần xác minh thêm với cơ quan thuế');
  await page.locator('#Form_Number').fill('15/PXL-UBND');
  await page.locator('#Form_SignerName').fill('Lê Văn Hùng');
  await Promise.all([page.waitForURL(/\?saved=true$/), page.getByRole('button', { name: 'Lưu thư' }).click()]);

  await page.locator('#Delivery').selectOption('Printed');
  await Promise.all([page.waitForURL(/\?saved=true$/), page.getByRole('button', { name: 'Phát hành', exact: true }).click()]);
  assert.match(await page.locator('.saved').innerText(), /Đã phát hành thư/);
  assert.match(await page.locator('dl.facts').innerText(), /Đã phát hành/);
  await shot(page, 'officer-letter-issued-1366');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải .docx' }).first().click()]);
  assert.match(download.suggestedFilename(), /^thu-lateapology-\d+\.docx$/);
  const file = path.join(RESULTS ?? os.tmpdir(), `letters-${download.suggestedFilename()}`);
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a .docx is a zip package');
  assert.ok(bytes.includes(Buffer.from('word/document.xml')), 'the package holds word/document.xml');

  await page.goto(url(`${letterPath}/print`));
  assert.match(await page.locator('article.letter-paper').innerText(), /PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ[\s\S]*Hồ sơ cần xác minh thêm với cơ quan thuế/);
  await shot(page, 'officer-letter-print-1366');
  await page.context().close();
});

test('2. the worklist shows at 390 px without sideways scrolling, and its count is in the navigation', { timeout: 120_000 }, async () => {
  const wide = await signedIn(OFFICER, 1366);
  await wide.goto(url('/worklist'));
  const counts = await wide.locator('.worklist-section h2 .count').allInnerTexts();
  const total = counts.reduce((sum, c) => sum + Number(c), 0);
  assert.ok(total > 0, 'the demo data gives the officer something to do');
  assert.equal(await wide.locator('.topbar a[href="/worklist"] .badge').innerText(), String(total));
  await wide.screenshot({ path: SCREENSHOT });
  await shot(wide, 'officer-worklist-1366');
  await wide.context().close();

  const narrow = await signedIn(OFFICER, 390);
  await narrow.goto(url('/worklist'));
  await noSidewaysScroll(narrow, 'officer /worklist at 390 px');
  await shot(narrow, 'officer-worklist-390');
  await narrow.context().close();
});

test('3. paper survey forms are typed with the keyboard only, one after the other', { timeout: 120_000 }, async () => {
  const page = await signedIn(OFFICER);
  await page.goto(url('/surveys/new'));
  for (let form = 1; form <= 2; form++) {
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'Form_Scores_0_', `form ${form}: the focus is on the first score`);
    await page.keyboard.type('545543');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-answer')), 'c', 'the scores lead on to the answer');
    await page.keyboard.press(form === 1 ? 'c' : 'k');
    // After the first form the address already says saved=…: wait for the next form's number.
    const before = page.url();
    await Promise.all([page.waitForURL((u) => /saved=\d+/.test(u.href) && u.href !== before), page.keyboard.press('Enter')]);
    assert.match(await page.locator('.saved').innerText(), new RegExp(`đã nhập ${form} phiếu`));
  }

  await page.goto(url(`/surveys?unit=${COMMUNE}&channel=Paper`));
  const rows = await page.locator('table.records tbody tr').allInnerTexts();
  assert.ok(rows.length >= 2 && rows.slice(0, 2).every((r) => /5 · 4 · 5 · 5 · 4 · 3/.test(r)), `the two forms lead the list: ${rows.slice(0, 2).join(' | ')}`);
  await page.context().close();
});

test('4. every page of letters, dossiers, surveys and the worklist: no axe-core violation, no sideways scrolling at 390 px, as officer and leader', { timeout: 420_000 }, async () => {
  const officer = await signedIn(OFFICER);
  const proposed = await firstRowLink(officer, `/letters?unit=${COMMUNE}&state=Proposed`, 60_000);
  const dossier = await firstRowLink(officer, `/dossiers?unit=${COMMUNE}&late=late`, 0);
  await officer.context().close();
  const pages = {
    officer: ['/worklist', '/letters', letterPath, proposed, `${proposed}/edit`, '/letters/new', `${letterPath}/print`, '/dossiers', dossier, `${dossier}?personal=show`,
      '/surveys', '/surveys/new', '/surveys/import'],
    leader: ['/worklist', '/letters', letterPath, '/dossiers', dossier, '/surveys'],
  };
  for (const [role, name] of [['officer', OFFICER], ['leader', LEADER]]) {
    for (const width of [1366, 390]) {
      const page = await signedIn(name, width);
      for (const p of pages[role]) {
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
