// Lead reasons are written by Rust from the model's zh/en templates: the
// English switch shows the English one in the detail (issue 14 item 11).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, loadDemoAndRun } from './helpers.mjs';

let srv;
let browser;

before(async () => {
  srv = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  srv?.close();
});

test('lead reasons made in Rust follow the English switch', async () => {
  const { page, errors, context } = await openPage(browser, srv.url);
  await loadDemoAndRun(page);
  const row = page.locator('.grid-row', { hasText: /保证金未退还|Bail deposit/ }).first();
  await row.click();
  const reason = page.locator('#detail h4:first-of-type + p');
  const zh = await reason.innerText();
  assert.match(zh, /保证金/, zh);
  await page.click('#lang');
  await page.locator('.grid-row', { hasText: /保证金未退还|Bail deposit/ }).first().click();
  await page.waitForFunction((before) => {
    const p = document.querySelector('#detail h4:first-of-type + p');
    return p && p.textContent !== before;
  }, zh, { timeout: 10000 });
  const en = await reason.innerText();
  assert.match(en, /deposit/i, en);
  assert.doesNotMatch(en, /保证金|未退还|案件/, en);
  await page.click('#lang');
  assert.deepEqual(errors.filter((e) => !/favicon/.test(e)), []);
  await context.close();
});
