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
  const rows = [];
  for (let d = 1; d <= 3; d++) {
    rows.push(`6222000011112222,6222000011112222,陈某,33020319800101001X,2024-05-0${d} 10:00:00,90000000000000.00,90000000000000.00,进,6222999900001111,李某,货款,成功`);
    rows.push(`6222000011112222,6222000011112222,陈某,33020319800101001X,2024-05-0${d} 10:10:00,89999999999999.99,0.01,出,6222999900002222,王某,转账,成功`);
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
  // Three inflows of 90 万亿元: 2.7e16 分, summed in Rust, shown to the 分.
  assert.ok(accounts.includes('270,000,000,000,000.00'), accounts.slice(0, 400));
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
  await page.click('#demo');
  await page.waitForFunction(() => /已载入 1\d 个文件/.test(document.querySelector('#file-summary').textContent), null, { timeout: 60000 });
  await page.click('#confirm-all');
  await page.click('nav.steps [data-step="models"]');
  await page.click('#run');
  await page.waitForFunction(() => /筛查完成/.test(document.querySelector('#status').textContent), null, { timeout: 120000 });

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
