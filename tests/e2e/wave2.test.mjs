// Second-wave rules in the page (issue 11): load the demo, run, find a lead of
// each new model and open its evidence; filter to the leads with a petition;
// open the 拒执 referral sheet from the refusal lead, print it and export it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serve, launch, openPage, outsideRequests, loadDemoAndRun, xlsxPart } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });


// (model, a case the demo makes it fire on, words its evidence must show)
const MODELS = [
  ['auction', '执1888号', /网络司法拍卖/],
  ['disposal', '执2011号', /查封扣押冻结/],
  ['preservation', '执保91号', /查封扣押冻结/],
  ['distribution', '执567号', /参与分配|分配方案/],
  ['petition', '执1234号', /信访|12309/],
  ['refusal', '执1888号', /案件阶段/],
];

test('each second-wave model shows a lead with its evidence; the referral sheet opens, prints and exports', async () => {
  const { page, requests, errors } = await openPage(browser, srv.url, { init: () => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; } });
  await loadDemoAndRun(page);

  for (const [model, caseNo, evidence] of MODELS) {
    await page.selectOption('#f-model', model);
    const row = page.locator('.grid-row', { hasText: caseNo }).first();
    await row.waitFor({ timeout: 10000 });
    await row.click();
    const detail = page.locator('#detail');
    await detail.locator('table.evidence').first().waitFor();
    const text = await detail.innerText();
    assert.match(text, new RegExp(caseNo), `${model}: the lead's case`);
    assert.match(text, evidence, `${model}: evidence rows of the right file`);
    assert.match(text, /依据|法释|规定|解释|刑法|民事诉讼/, `${model}: legal basis`);
    assert.equal(await detail.locator('#open-referral').count(), model === 'refusal' ? 1 : 0, `${model}: referral button only for refusal leads`);
  }

  // has_petition: a filter of its own; every row it keeps carries the badge.
  await page.selectOption('#f-model', '');
  const all = await page.locator('.grid-row').count();
  await page.check('#f-petition');
  await page.waitForFunction((n) => document.querySelectorAll('.grid-row').length < n, all);
  const kept = page.locator('.grid-row');
  assert.ok((await kept.count()) > 0, 'some leads have a petition');
  assert.equal(await kept.locator('.badge.petition').count(), await kept.count(), 'each kept row shows the badge');
  await page.uncheck('#f-petition');

  // The referral sheet of the refusal lead.
  await page.selectOption('#f-model', 'refusal');
  await page.selectOption('#f-rule', 'refusal.transfer_after_suit');
  await page.locator('.grid-row', { hasText: '执1888号' }).first().click();
  await page.click('#open-referral');
  const dlg = page.locator('dialog#referral');
  await dlg.locator('h1.referral-title').waitFor();
  const sheet = await dlg.innerText();
  assert.match(sheet, /拒不执行判决、裁定罪移送线索表/);
  assert.match(sheet, /刘志强/);
  assert.match(sheet, /判决、裁定已经发生法律效力/);
  assert.match(sheet, /有能力执行/);
  assert.match(sheet, /转账明细（[1-9]\d* 笔，合计 [\d,]+\.\d\d/);
  assert.match(sheet, /诉讼中|执行立案后|终本后|判决生效后/, 'each transfer has its case phase');
  const transfers = await dlg.locator('table.referral-transfers tbody tr').count();
  assert.ok(transfers >= 2, `transfers listed: ${transfers}`);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#referral-xlsx')]);
  const wb = xlsxPart(await download.path(), 'xl/workbook.xml');
  for (const s of ['移送线索', '转账明细']) assert.match(wb, new RegExp(s));
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#referral-csv')]);
  const csv = readFileSync(await csvDl.path(), 'utf8');
  assert.match(csv, /交易时间,金额（元）/);
  assert.match(csv, /刘志强/);

  await page.click('#referral-print');
  await page.waitForFunction(() => window.__printed >= 1);
  const printed = await page.locator('#print-view').innerText();
  assert.match(printed, /拒不执行判决、裁定罪移送线索表/);
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('#print-view h1.referral-title').isVisible(), 'print view renders in print media');
  assert.ok(!(await page.locator('#step-leads').isVisible()), 'the page itself is hidden in print');

  assert.deepEqual(outsideRequests(requests, srv.origin), []);
  assert.deepEqual(errors, []);
});
