// The whole flow on the demo data (issue 6 "Done means"), in the served page
// and in dist/xiansuo.html opened from file://: load the demo, confirm the
// mappings, run, filter, set a status, reload and find it kept, export
// (download; formula-like cells neutralised), print view. No request may
// leave the page's own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { serve, launch, openPage, outsideRequests, ROOT } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

const DIST = path.join(ROOT, 'dist/xiansuo.html');

async function loadDemoAndRun(page) {
  await page.click('#demo');
  await page.waitForFunction(() => /已载入 1\d 个文件/.test(document.querySelector('#file-summary').textContent), null, { timeout: 60000 });
  // 确认数据: confirm one card by hand, then the rest at once.
  // (After a reload every mapping is remembered and already confirmed.)
  const one = page.locator('.card:not(.confirmed)').first();
  if (await one.count()) {
    const id = await one.getAttribute('id');
    await one.locator('.card-actions button').click();
    await page.waitForSelector(`#${id}.confirmed`);
  }
  await page.click('#confirm-all');
  await page.waitForFunction(() => /已确认/.test(document.querySelector('#status').textContent));
  await page.click('nav.steps [data-step="models"]');
  assert.equal(await page.inputValue('#as-of'), '2025-06-30', 'the demo sets its own as-of date');
  await page.click('#run');
  await page.waitForFunction(() => /筛查完成/.test(document.querySelector('#status').textContent), null, { timeout: 120000 });
}

// Unzip one part of an XLSX with Python's zipfile (no Node zip dependency).
function xlsxPart(file, part) {
  return execFileSync('python3', ['-c', 'import sys,zipfile;print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', file, part], { encoding: 'utf8' });
}

for (const where of ['served', 'file']) {
  test(`demo flow end to end (${where})`, { skip: where === 'file' && !existsSync(DIST) && 'run make dist first' }, async () => {
    const url = where === 'served' ? srv.url : `file://${DIST}`;
    const origin = where === 'served' ? srv.origin : 'file:';
    const { page, requests, errors, dialogs, context } = await openPage(browser, url);
    await loadDemoAndRun(page);
    assert.equal(await page.locator('.card.confirmed').count(), await page.locator('.card').count());

    // The Yuexiu contract-address candidate is shown on the leads step too.
    assert.ok(await page.locator('#step-leads').isVisible());
    await page.locator('#lead-candidates summary').click();
    const yx = page.locator('#lead-candidates tr', { hasText: '越秀区某某苑' }).first();
    assert.ok(await yx.isVisible(), 'Yuexiu candidate visible on the leads step');
    assert.match(await yx.innerText(), /白云区某某花园[\s\S]*1\.00[\s\S]*别名/);
    await page.locator('#lead-candidates summary').click();

    // Filter to the published Ningbo case: 陈某's deposit, 2,000 yuan.
    await page.selectOption('#f-rule', 'deposit.unreturned');
    await page.fill('#q', '陈某');
    const row = page.locator('.grid-row', { hasText: '（2019）浙0203执1234号' }).first();
    await row.waitFor();
    assert.match(await row.innerText(), /2,000\.00/);
    await row.click();
    assert.match(await page.locator('#detail').innerText(), /取保候审|保证金/);
    await page.selectOption('#lead-status', 'referred');
    await page.fill('#lead-note', '已移送执行局');
    await page.waitForSelector('#detail .saved:not(:empty)');

    // Reload: files are gone (nothing is stored but the lead work); run again.
    await page.reload();
    await page.waitForSelector('html[data-ready="1"]');
    await loadDemoAndRun(page);
    await page.selectOption('#f-status', 'referred');
    const kept = page.locator('.grid-row').first();
    await kept.waitFor();
    assert.match(await kept.innerText(), /（2019）浙0203执1234号[\s\S]*已移送/);
    assert.equal(await page.locator('.grid-row').count(), 1);
    await kept.click();
    assert.equal(await page.inputValue('#lead-note'), '已移送执行局');
    await page.selectOption('#f-status', '');

    // Export CSV and XLSX of all leads (Rust writes them).
    await page.click('nav.steps [data-step="export"]');
    const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const csv = await readFile(await csvDl.path());
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
    const text = csv.toString('utf8');
    assert.match(text, /（2019）浙0203执1234号/);
    assert.match(text, /deposit\.unreturned/);
    const [xDl] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
    const strings = xlsxPart(await xDl.path(), 'xl/sharedStrings.xml');
    assert.match(strings, /陈某/);

    // Print view of the ticked lead.
    await page.click('nav.steps [data-step="leads"]');
    await page.selectOption('#f-status', 'referred');
    await page.locator('.grid-row input[type=checkbox]').first().check();
    await page.click('nav.steps [data-step="export"]');
    await page.evaluate(() => { window.print = () => { document.documentElement.dataset.printed = '1'; }; });
    await page.click('#print');
    await page.waitForSelector('html[data-printed="1"]');
    await page.emulateMedia({ media: 'print' });
    const printed = page.locator('#print-view');
    assert.ok(await printed.isVisible(), 'print view shows in print media');
    assert.ok(!(await page.locator('#main').isVisible()), 'the workbench is hidden when printing');
    const ptext = await printed.innerText();
    assert.match(ptext, /检察建议附件/);
    assert.match(ptext, /共 1 条线索/);
    assert.match(ptext, /（2019）浙0203执1234号/);
    assert.match(ptext, /刑诉法|刑事诉讼法/);
    assert.match(ptext, /已移送执行局/);
    await page.emulateMedia({ media: 'screen' });

    assert.deepEqual(outsideRequests(requests, origin), []);
    // Chromium has wasm SIMD: served, the page must fetch that build (www/wasm-build.js) and no other;
    // the single file embeds the baseline build and fetches none.
    const wasm = [...new Set(requests.filter((u) => u.endsWith('.wasm')).map((u) => new URL(u).pathname))];
    assert.deepEqual(wasm, where === 'served' ? ['/pkg/xiansuo_simd_bg.wasm'] : []);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('exports neutralise formula-like cells and mask when masking is on', async () => {
  const { page, context } = await openPage(browser, srv.url);
  await page.evaluate(async () => {
    const app = await import('./app.js');
    const ev = { file: '案件.csv', sheet: null, row: 2, kind: 'cases', fields: { 被执行人: { raw: '+1+1', normalized: null }, 证件号码: { raw: '330203198001010017', normalized: '330203198001010017' } } };
    app.showReport({ as_of: '2025-06-30', not_evaluated: [], stats: { rules_run: ['deposit.unreturned'] }, leads: [
      { model: 'deposit', rule: 'deposit.unreturned', rule_name: '保证金未退还', case_no: '=HYPERLINK("http://example.invalid","x")', subject_name: '陈某某',
        subject_id: '330203198001010017', subject_id_source: '', match: 'id', weak: false, amount_fen: 200000, basis: '@SUM(A1)', reason: '-2 陈某某',
        figures: [], flags: [], evidence: [ev], fingerprint: 'f1' },
    ] });
  });
  await page.click('nav.steps [data-step="export"]');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const text = (await readFile(await dl.path())).toString('utf8');
  assert.ok(text.includes(`'=HYPERLINK`), 'a formula cell gets a leading quote');
  assert.ok(text.includes(`'@SUM(A1)`));
  assert.ok(text.includes(`'-2 陈某某`));
  assert.ok(!/(^|,)"?[=+\-@]/m.test(text.replace(/^\uFEFF/, '')), 'no cell starts with = + - @');
  const [xdl] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
  const file = await xdl.path();
  const strings = xlsxPart(file, 'xl/sharedStrings.xml');
  assert.ok(strings.includes(`'=HYPERLINK`));
  assert.ok(strings.includes(`'+1+1`), 'evidence cells too');
  assert.ok(!/<t[^>]*>[=+\-@]/.test(strings), 'no shared string starts with = + - @');

  await page.check('#mask');
  const [mdl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const masked = (await readFile(await mdl.path())).toString('utf8');
  assert.ok(!masked.includes('陈某某'), 'names masked in the export');
  assert.ok(!masked.includes('330203198001010017'), 'ID masked in the export');
  assert.ok(masked.includes('330203********0017'));
  await context.close();
});
