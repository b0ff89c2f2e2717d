// 一人一档 from a lead (issue 11): load the demo, run, open 陈某's deposit
// lead, open the dossier; it lists her case and her leads, shows the 12309
// petition that names the case, prints through #print-view and exports XLSX.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, outsideRequests, loadDemoAndRun, xlsxPart } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });


test('dossier opens from a lead, lists the person, prints and exports', async () => {
  const { page, requests, errors } = await openPage(browser, srv.url, { init: () => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; } });
  await loadDemoAndRun(page);

  await page.selectOption('#f-rule', 'deposit.unreturned');
  await page.fill('#q', '陈某');
  const row = page.locator('.grid-row', { hasText: '（2019）浙0203执1234号' }).first();
  await row.waitFor();
  // The 12309 register names this case (written with half-width brackets).
  assert.equal(await row.locator('.badge.petition').count(), 1, 'has_petition badge in the table');
  await row.click();
  assert.match(await page.locator('#detail').innerText(), /有信访/);

  await page.click('#open-dossier');
  const dlg = page.locator('dialog#dossier');
  await dlg.locator('h1.dossier-title').waitFor();
  const text = await dlg.innerText();
  assert.match(text, /一人一档\s*陈某/);
  assert.match(text, /（2019）浙0203执1234号/, 'her case');
  assert.match(text, /执行案件（/, 'a cases section');
  assert.match(text, /筛查线索（[1-9]/, 'her leads');
  assert.match(text, /保证金/, 'the deposit lead or row');
  assert.match(text, /信访\/12309\s*有/, 'the petition is found');
  assert.match(text, /综合优先级\s*(高|中|低)（[\d.]+ 分）/);
  // Another debtor's case must not be in her list of cases.
  assert.doesNotMatch(await dlg.locator('.dossier-facts').innerText(), /执1888号/);

  // Export: an XLSX with the four sheets.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dossier-xlsx')]);
  const file = await download.path();
  const wb = xlsxPart(file, 'xl/workbook.xml');
  for (const s of ['概况', '线索', '档案明细', '账户']) assert.match(wb, new RegExp(s));

  // Print: the dossier goes to #print-view and the print dialog is asked for.
  await page.click('#dossier-print');
  await page.waitForFunction(() => window.__printed >= 1);
  const printed = await page.locator('#print-view').innerText();
  assert.match(printed, /一人一档/);
  assert.match(printed, /（2019）浙0203执1234号/);
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('#print-view h1.dossier-title').isVisible(), 'print view renders in print media');
  assert.ok(!(await page.locator('#step-leads').isVisible()), 'the page itself is hidden in print');

  assert.deepEqual(outsideRequests(requests, srv.origin), []);
  assert.deepEqual(errors, []);
});
