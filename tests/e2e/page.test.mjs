// The served page: files dropped through the input become cards computed by
// Rust in the worker, and no request leaves the page's own static files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, launch, openPage, outsideRequests, FIXTURES } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

test('a GBK CSV and an XLSX become cards with Rust-computed summaries', async () => {
  const { page, requests, errors, context } = await openPage(browser, srv.url);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.setInputFiles('#file-input', [path.join(FIXTURES, '终本案件-gbk.csv'), path.join(FIXTURES, '保证金台账.xlsx')]);
  await page.waitForFunction(() => document.querySelectorAll('.card').length === 2);

  const csv = page.locator('.card', { hasText: '终本案件-gbk.csv' });
  const csvText = await csv.innerText();
  assert.match(csvText, /GB18030|GBK/, 'the GBK file is decoded as GB18030');
  assert.match(csvText, /数据行[：:\s]*3\b/);
  assert.equal(await csv.locator('select[id$="-kind"]').inputValue(), 'cases');
  assert.equal(await csv.locator('select[data-field="case_no"]').inputValue(), '案号');

  const xlsx = page.locator('.card', { hasText: '保证金台账.xlsx' });
  const xText = await xlsx.innerText();
  assert.match(xText, /XLSX/);
  assert.match(xText, /数据行[：:\s]*2\b/);
  assert.match(xText, /保证金台账\.xlsx · 保证金台账/, 'the sheet name is shown');
  assert.equal(await xlsx.locator('select[id$="-kind"]').inputValue(), 'deposits');

  // Decoded Chinese shows in the preview, row numbers as in Excel.
  await csv.locator('details.preview summary').click();
  await csv.locator('.preview-scroll').waitFor();
  const preview = await csv.locator('.preview-scroll').innerText();
  assert.match(preview, /（2019）浙0203执1234号/);
  assert.match(preview, /^2\t/m, 'first data row is row 2');

  assert.match(await page.locator('#file-summary').innerText(), /2 个文件、2 张表、共 5 行/);
  assert.deepEqual(outsideRequests(requests, srv.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a confirmed mapping is remembered by header signature and applied to the next load', async () => {
  const { page, context } = await openPage(browser, srv.url);
  await page.setInputFiles('#file-input', [path.join(FIXTURES, '终本案件-gbk.csv')]);
  const card = page.locator('.card').first();
  await card.waitFor();
  // Map 被执行人 somewhere unusual: the applicant column, and confirm.
  await card.locator('select[data-field="debtor"]').selectOption('申请执行人');
  await card.getByRole('button', { name: '确认映射' }).click();
  await page.locator('.card.confirmed').waitFor();
  await page.reload();
  await page.waitForSelector('html[data-ready="1"]');
  await page.setInputFiles('#file-input', [path.join(FIXTURES, '终本案件-gbk.csv')]);
  const again = page.locator('.card').first();
  await again.waitFor();
  assert.equal(await again.locator('select[data-field="debtor"]').inputValue(), '申请执行人');
  assert.match(await again.innerText(), /已按记住的映射设置/);
  await context.close();
});

test('the English switch relabels the page and is remembered', async () => {
  const { page, context } = await openPage(browser, srv.url);
  await page.click('#lang');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.locator('nav.steps').innerText(), /Add files/);
  await page.reload();
  await page.waitForSelector('html[data-ready="1"]');
  assert.match(await page.locator('nav.steps').innerText(), /Add files/);
  await page.click('#lang');
  assert.match(await page.locator('nav.steps').innerText(), /添加文件/);
  await context.close();
});

test('the i18n dictionaries have the same keys', async () => {
  const { _dicts } = await import('../../www/i18n.js').catch(() => ({}));
  // i18n.js touches localStorage only inside try, so it imports under Node.
  assert.ok(_dicts, 'i18n.js imports');
  assert.deepEqual(Object.keys(_dicts.en).sort(), Object.keys(_dicts.zh).sort());
});
