// Hardening in the served page: amounts beyond 2^53 分 cross the wasm
// boundary and show exactly (screening and flow); identical rows show on the
// file card; every masked export (screening and flow, CSV and XLSX) leaves
// no unmasked ID or account number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { serve, launch, openPage } from './helpers.mjs';

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

const csvFile = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

async function waitLoaded(page, n) {
  await page.waitForFunction((k) => new RegExp(`已载入\\s*${k}\\s*个文件`).test(document.querySelector('#file-summary')?.textContent || ''), n, { timeout: 60000 });
}

async function confirmAndRun(page) {
  await page.click('#confirm-all');
  await page.click('nav.steps [data-step="models"]');
  await page.fill('#as-of', '2025-06-30');
  await page.click('#run');
  await page.waitForFunction(() => /筛查完成|失败|错误/.test(document.querySelector('#status').textContent), null, { timeout: 120000 });
}

// The training demo loaded, confirmed and screened.
async function loadDemoAndRun(page) {
  await page.click('#demo');
  await page.waitForFunction(() => /已载入 1\d 个文件/.test(document.querySelector('#file-summary').textContent), null, { timeout: 60000 });
  await page.click('#confirm-all');
  await page.click('nav.steps [data-step="models"]');
  await page.click('#run');
  await page.waitForFunction(() => /筛查完成/.test(document.querySelector('#status').textContent), null, { timeout: 120000 });
}

// Every sheet's text of an XLSX (shared strings and inline strings), or a CSV's text.
function exportText(file, bytes) {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    return execFileSync('python3', ['-c', 'import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);print("\\n".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml")))', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  }
  return bytes.toString('utf8');
}

// Runs of 12+ digits (IDs, accounts, cards), not inside hex (lead fingerprints are hashes).
function longNumbers(text) {
  return new Set((text.match(/(?<![0-9a-f])(\d{17}[\dXx]|\d{12,})(?![0-9a-f])/g) || []));
}

test('amounts beyond 2^53 分 run through screening and flow and show exactly', async () => {
  const { page, errors, context } = await openPage(browser, srv.url);
  // 95 万亿元 = 9.5e15 分 > 2^53 (9.007e15): plausible enough to stay valid (money::MAX_CELL_FEN).
  const cases = '案号,被执行人,证件号码,立案日期,结案日期,结案方式,执行标的,未履行金额\n'
    + '（2019）浙0203执1234号,陈某,33020319800101001X,2019-03-05,2019-12-20,终结本次执行程序,95000000000000,95000000000000\n'
    + '（2020）浙0203执88号,王某某,330203197505050029,2020-01-06,2020-09-30,终结本次执行程序,"5,000.00",4500\n';
  const deposits = '被取保候审人,证件号码,保证金金额,缴纳人,缴纳日期,处理结果,应退赔被害人金额\n'
    + '陈某,33020319800101001X,95000000000000,陈某,2018-06-01,未处理,0\n'
    + '王某某,330203197505050029,5000,王某某,2018-07-01,未处理,3000\n';
  const header = '交易卡号,交易账号,交易户名,开户人证件号码,交易时间,交易金额,交易余额,收付标志,交易对手账卡号,对手户名,摘要说明,交易是否成功';
  // One transaction is capped at 1,000 亿元 (flow::cells::MAX_TXN_FEN: bigger is a
  // mis-mapped serial number), so the account total passes 2^53 分 through many
  // large, valid inflows: 1,000 × 990 亿元 = 99 万亿元 = 9.9e15 分.
  const rows = [];
  for (let i = 0; i < 1000; i++) {
    const t = `2024-05-${String(1 + (i % 28)).padStart(2, '0')} ${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`;
    rows.push(`6222000011112222,6222000011112222,陈某,33020319800101001X,${t},99000000000.00,,进,6222999900001111,李某,货款,成功`);
  }
  await page.setInputFiles('#file-input', [csvFile('终本案件.csv', cases), csvFile('保证金台账.csv', deposits), csvFile('流水.csv', `${header}\n${rows.join('\n')}\n`)]);
  await waitLoaded(page, 3);
  await confirmAndRun(page);
  const status = await page.locator('#status').textContent();
  assert.match(status, /筛查完成/, status);
  const grid = await page.locator('#step-leads').innerText();
  assert.ok(grid.includes('95,000,000,000,000.00'), grid.slice(0, 1500));

  await page.click('[data-step="flow"]');
  await page.waitForSelector('.flow-accounts table tbody tr', { timeout: 60000 });
  const accounts = await page.locator('.flow-accounts').innerText();
  // 1,000 inflows of 990 亿元: 9.9e15 分 > 2^53, summed in Rust, shown to the 分.
  assert.ok(accounts.includes('99,000,000,000,000.00'), accounts.slice(0, 400));
  const flowText = await page.locator('.flow-view').innerText();
  assert.ok(!/内部错误|internal error/i.test(flowText), 'no internal error in the flow view');
  assert.deepEqual(errors.filter((e) => !/favicon/.test(e)), []);
  await context.close();
});

test('identical rows are counted on the file card with their row numbers', async () => {
  const { page, context } = await openPage(browser, srv.url);
  const cases = '案号,被执行人,证件号码,结案方式,未履行金额\n'
    + '（2019）浙0203执1234号,陈某,33020319800101001X,终结本次执行程序,3000\n'
    + '（2019）浙0203执1235号,王某某,,终结本次执行程序,5000\n'
    + '（2019）浙0203执1234号,陈某,33020319800101001X,终结本次执行程序,3000\n';
  await page.setInputFiles('#file-input', [csvFile('终本案件.csv', cases)]);
  await waitLoaded(page, 1);
  const card = page.locator('.card').first();
  await card.locator('.duplicates').waitFor();
  const text = await card.locator('.duplicates').innerText();
  assert.match(text, /重复行 1 行/);
  assert.match(text, /第 2 行、第 4 行完全相同/);
  await context.close();
});

test('masked exports of screening and flow leave no unmasked ID or account', async () => {
  const { page, context } = await openPage(browser, srv.url);
  await loadDemoAndRun(page);

  const grab = async (selector) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    const file = await dl.path();
    return exportText(file, await readFile(file));
  };
  const exportsOf = async () => {
    await page.click('nav.steps [data-step="export"]');
    const out = { 'leads.csv': await grab('#export-csv'), 'leads.xlsx': await grab('#export-xlsx') };
    await page.click('[data-step="flow"]');
    await page.waitForSelector('.flow-accounts table tbody tr', { timeout: 60000 });
    out['flow.csv'] = await grab('[data-flow="export-csv"]');
    out['flow.xlsx'] = await grab('[data-flow="export-xlsx"]');
    return out;
  };
  const plain = await exportsOf();
  const secrets = new Set();
  for (const text of Object.values(plain)) for (const n of longNumbers(text)) secrets.add(n);
  assert.ok(secrets.size >= 10, `the demo's exports carry IDs and accounts (${secrets.size})`);

  await page.check('#mask');
  const masked = await exportsOf();
  for (const [name, text] of Object.entries(masked)) {
    const leaked = [...secrets].filter((n) => text.includes(n));
    assert.deepEqual(leaked, [], `${name}: unmasked IDs or accounts`);
    assert.ok(text.includes('****'), `${name} is masked`);
  }
  await context.close();
});

test('an error in a card handler reaches the status line', async () => {
  const { page, context } = await openPage(browser, srv.url);
  await page.setInputFiles('#file-input', [csvFile('终本案件.csv', '案号,被执行人,结案方式\n（2019）浙0203执1号,陈某,终结本次执行程序\n')]);
  await waitLoaded(page, 1);
  // A kind the engine does not know (as a stale remembered choice would be).
  await page.evaluate(() => {
    const sel = document.querySelector('.card select[id$="-kind"]');
    sel.append(new Option('bogus', 'bogus'));
    sel.value = 'bogus';
    sel.dispatchEvent(new Event('change'));
  });
  await page.waitForFunction(() => /操作失败/.test(document.querySelector('#status').textContent), null, { timeout: 10000 });
  await context.close();
});

test('flow results lost to a worker restart say so and can be run again', async () => {
  const { page, context } = await openPage(browser, srv.url);
  const header = '交易卡号,交易账号,交易户名,开户人证件号码,交易时间,交易金额,交易余额,收付标志,交易对手账卡号,对手户名,摘要说明,交易是否成功';
  const rows = [
    '6222000011112222,6222000011112222,张三,,2024-05-01 10:00:00,80000.00,90000.00,进,6222999900001111,李四,货款,成功',
    '6222000011112222,6222000011112222,张三,,2024-05-01 10:10:00,79000.00,11000.00,出,6222999900002222,王五,转账,成功',
  ];
  await page.setInputFiles('#file-input', [csvFile('流水.csv', `${header}\n${rows.join('\n')}\n`)]);
  await waitLoaded(page, 1);
  await page.click('[data-step="flow"]');
  await page.waitForSelector('.flow-accounts table tbody tr', { timeout: 60000 });
  assert.ok(await page.locator('#flow-lost').isHidden());
  // A cancelled call terminates the worker (as the 取消 button does); the
  // next call, a screening run, restores files and mappings in a fresh one.
  await page.evaluate(async () => {
    const app = await import('./app.js');
    const ctrl = new AbortController();
    // Abort once the call runs in the worker (its first progress message).
    const p = app.call('flowAnalyse', [{}], { signal: ctrl.signal, onProgress: () => ctrl.abort() });
    await p.catch(() => {});
  });
  await page.click('nav.steps [data-step="models"]');
  await page.click('#run');
  await page.waitForFunction(() => !document.querySelector('#flow-lost').hidden, null, { timeout: 60000 });
  await page.waitForFunction(() => /资金流水分析结果已丢失/.test(document.querySelector('#status').textContent) || /筛查完成/.test(document.querySelector('#status').textContent));
  await page.click('[data-step="flow"]');
  if (await page.locator('#flow-lost').isVisible()) {
    assert.match(await page.locator('#flow-lost').innerText(), /资金流水分析结果已丢失/);
    await page.locator('#flow-lost button').click();
  }
  await page.waitForFunction(() => document.querySelector('#flow-lost').hidden, null, { timeout: 60000 });
  await page.waitForSelector('.flow-accounts table tbody tr', { timeout: 60000 });
  await context.close();
});

test('the address alias table is editable, persisted, exportable and passed to the screen', async () => {
  const { page, context } = await openPage(browser, srv.url);
  const runDemo = async () => {
    await page.click('nav.steps [data-step="models"]');
    await page.click('#run');
    await page.waitForFunction(() => /筛查完成/.test(document.querySelector('#status').textContent), null, { timeout: 120000 });
    return page.evaluate(async () => {
      const app = await import('./app.js');
      void app;
      return [...document.querySelectorAll('#candidates tr, #lead-candidates tr')].map((r) => r.textContent).join('\n');
    });
  };
  await page.click('#demo');
  await page.waitForFunction(() => /已载入 1\d 个文件/.test(document.querySelector('#file-summary').textContent), null, { timeout: 60000 });
  await page.click('#confirm-all');
  // The built-in example: 某某花园 = 某某苑 finds the Yuexiu shop by its other name.
  let cands = await runDemo();
  assert.match(cands, /小区别名：合同写“某某花园”/);

  await page.click('nav.steps [data-step="models"]');
  await page.locator('details.aliases summary').click();
  assert.equal(await page.inputValue('[data-alias="estate-0-a"]'), '某某花园');
  await page.click('[data-alias="estate-0-remove"]');
  await page.click('[data-alias="estate-add"]');
  await page.fill('[data-alias="estate-0-a"]', '某某雅苑');
  await page.fill('[data-alias="estate-0-b"]', '某某华庭');
  cands = await runDemo();
  assert.doesNotMatch(cands, /小区别名：合同写“某某花园”/, 'the edited table reached the engine');

  // Persisted: a reload shows the edited table.
  await page.reload();
  await page.waitForSelector('html[data-ready="1"]');
  await page.click('nav.steps [data-step="models"]');
  await page.locator('details.aliases summary').click();
  assert.equal(await page.inputValue('[data-alias="estate-0-a"]'), '某某雅苑');
  // Exported as the CLI's --aliases JSON, and imported back.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#aliases-export')]);
  const exported = JSON.parse(await readFile(await dl.path(), 'utf8'));
  assert.deepEqual(exported.estates, [['某某雅苑', '某某华庭']]);
  exported.estates.push(['某某花园', '某某苑']);
  await page.setInputFiles('#aliases-import', { name: 'aliases.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await page.waitForFunction(() => /已导入 3 条别名/.test(document.querySelector('#status').textContent));
  assert.equal(await page.inputValue('[data-alias="estate-1-a"]'), '某某花园');
  await context.close();
});

// Every text node on its own line: adjacent cells (an amount next to an
// amount, a date next to a date) must not merge into one long "number".
function textNodes(page, selector) {
  return page.locator(selector).evaluate((el) => {
    const out = [];
    const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (w.nextNode()) out.push(w.currentNode.nodeValue);
    return out.join('\n');
  });
}

test('the masked print view shows no unmasked ID (core masker)', async () => {
  const { page, context } = await openPage(browser, srv.url);
  await loadDemoAndRun(page);
  await page.evaluate(() => { window.print = () => { document.documentElement.dataset.printed = String(Number(document.documentElement.dataset.printed || 0) + 1); }; });
  await page.click('nav.steps [data-step="export"]');
  await page.click('#print');
  await page.waitForSelector('html[data-printed="1"]');
  const plain = longNumbers(await textNodes(page, '#print-view'));
  assert.ok(plain.size >= 3, 'the print view names IDs');
  await page.check('#mask');
  await page.click('#print');
  await page.waitForSelector('html[data-printed="2"]');
  const masked = await textNodes(page, '#print-view');
  assert.deepEqual([...plain].filter((n) => masked.includes(n)), []);
  assert.ok(masked.includes('****'));
  await context.close();
});
