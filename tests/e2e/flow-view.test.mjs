// The fund-flow view on the training demo, in the served page with Debian's
// Chromium: load the demo, open 资金流水, the analysis runs by itself, the
// account graph draws on its canvas, the flow lead table has rows ranked
// with the debtor first, every shown lead has its evidence (fetched from wasm
// on demand) and so has every exported lead, clicking a lead lists its transactions, clicking an
// account row redraws the balance timeline, and nothing leaves 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve, launch, openPage, outsideRequests } from './helpers.mjs';

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

// The page reports loaded files in its status line or its file summary.
async function waitLoaded(page, files) {
  await page.waitForFunction((n) => ['#status', '#file-summary'].some((sel) => new RegExp(`已载入\\s*${n}\\s*个文件`).test(document.querySelector(sel)?.textContent || '')), files, { timeout: 60000 });
}

// Non-background pixels on a canvas: proves something was drawn.
async function inkedPixels(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    if (!c || !c.width || !c.height) return 0;
    const ctx = c.getContext('2d');
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) n++;
    return n;
  }, selector);
}

test('flow view on the demo data: graph, ranked leads, lead transactions, timeline', async () => {
  const { page, requests, errors, context } = await openPage(browser, server.url);
  await page.click('#demo');
  await waitLoaded(page, '\\d+'); // every demo file, however many
  await page.click('[data-step="flow"]');

  // The view analyses on its own when statements are loaded.
  await page.waitForSelector('.flow-leads table tbody tr', { timeout: 60000 });
  const leadRows = await page.locator('.flow-leads table tbody tr').count();
  assert.ok(leadRows >= 15, `flow leads: ${leadRows}`);

  // Ranked by score, the debtor's own patterns first.
  const firstLead = await page.locator('.flow-leads table tbody tr').first().innerText();
  assert.match(firstLead, /刘志强/);
  const scores = await page.locator('.flow-leads table tbody tr td:first-child').allInnerTexts();
  const nums = scores.map(Number);
  assert.deepEqual(nums, [...nums].sort((a, b) => b - a), 'sorted by score');

  // Every flow rule of domain.md appears in the table (by its Chinese label or id).
  const stats = await page.locator('.flow-stats').innerText();
  assert.match(stats, /失败\s*\d+\s*笔/);

  // The graph canvas has been drawn on.
  await page.waitForSelector('.flow-graph canvas', { timeout: 30000 });
  await page.waitForFunction(() => /显示\s*\d+\s*个账户/.test(document.querySelector('.flow-graph-info')?.textContent || ''), null, { timeout: 30000 });
  await page.waitForTimeout(500);
  assert.ok(await inkedPixels(page, '.flow-graph canvas') > 500, 'graph drawn');

  // Evidence is fetched from wasm for the leads on screen (flowEvidence):
  // every shown lead counts its transactions, none is left at 0.
  const txnCol = await page.locator('.flow-leads table thead th').evaluateAll((ths) => ths.findIndex((th) => /交易笔数|笔数/.test(th.textContent)));
  assert.ok(txnCol >= 0, 'a transactions column');
  const counts = await page.locator('.flow-leads table tbody tr').evaluateAll((trs, c) => trs.map((tr) => Number(tr.cells[c]?.textContent)), txnCol);
  assert.ok(counts.every((n) => n >= 1), `transactions per lead: ${counts}`);

  // Clicking a lead lists the transactions that make it, as many as counted.
  await page.locator('.flow-leads table tbody tr').first().click();
  await page.waitForSelector('.flow-lead-txns table tbody tr', { timeout: 10000 });
  const txnRows = await page.locator('.flow-lead-txns table tbody tr').count();
  assert.ok(txnRows >= 1, `lead transactions: ${txnRows}`);
  assert.equal(txnRows, counts[0], 'the detail lists the counted transactions');
  const firstTxn = await page.locator('.flow-lead-txns table tbody tr').first().innerText();
  assert.match(firstTxn, /\d{4}-\d{2}-\d{2}/, 'a dated transaction row');
  assert.match(firstTxn, /\d+(,\d{3})*\.\d{2}/, 'an amount in yuan with two decimals');

  // 一人一档 opens from a flow lead as from a screening lead: the debtor's dossier.
  await page.click('#open-dossier-flow');
  const dossier = page.locator('dialog#dossier');
  await dossier.locator('h1.dossier-title').waitFor({ timeout: 30000 });
  assert.match(await dossier.innerText(), /刘志强/);
  await page.click('#dossier-close');

  // The balance timeline of the subject, with the case nodes marked.
  assert.ok(await inkedPixels(page, '.flow-timeline canvas') > 200, 'timeline drawn');

  // 资金穿透 from the subject's account (selected by default) after a start
  // date: reached accounts with amounts and hops, the FIFO rule stated; no
  // account receives more than left the start account.
  assert.equal(await page.inputValue('#flow-trace-from'), '6222021001234567890');
  assert.match(await page.locator('.flow-trace-rule').innerText(), /先进先出/);
  await page.fill('#flow-trace-since', '2024-04-01');
  await page.click('[data-flow="trace"]');
  await page.waitForSelector('.flow-trace table tbody tr', { timeout: 30000 });
  const info = await page.locator('.flow-trace-info').innerText();
  assert.match(info, /2024-04-01/);
  const yuanOf = (s) => Math.round(Number(String(s).replace(/[^\d.]/g, '')) * 100);
  const traced = yuanOf(info.match(/转出\s*([\d,]+\.\d{2})/)?.[1]);
  const rows = await page.locator('.flow-trace table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.ok(rows.length >= 3, `trace rows: ${rows.length}`);
  assert.match(rows[0][0], /何美玲/, 'most of the money reached 何美玲');
  const reached = rows.map((r) => yuanOf(r[2]));
  assert.ok(reached.every((x) => x > 0 && x <= traced), `reached ${reached} vs traced ${traced}`);
  assert.deepEqual(reached, [...reached].sort((a, b) => b - a), 'most money first');
  assert.equal(rows[0][1], '1', '何美玲 is paid directly');
  assert.ok(rows.some((r) => Number(r[1]) >= 2), 'money followed beyond one hop');

  // Clicking an account in the counterparty table lists nothing unsafe and redraws.
  await page.locator('.flow-accounts table tbody tr').first().click();
  await page.waitForTimeout(300);

  // Export buttons produce files, every lead with its evidence rows (file:row),
  // though the page itself holds evidence only for the leads it shows.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-flow="export-csv"]')]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const csvText = await readFile(await download.path(), 'utf8');
  const csvLines = csvText.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const evCol = csvLines[0].split(',').indexOf('证据行');
  assert.ok(evCol >= 0, csvLines[0]);
  assert.ok(csvLines.length - 1 >= leadRows, `exported leads: ${csvLines.length - 1}`);
  const noEvidence = csvLines.slice(1).filter((line) => !/\.(csv|txt|xlsx?):\d+/.test(line));
  assert.deepEqual(noEvidence, [], 'every exported lead cites file:row evidence');

  // 脱敏显示 masks names and accounts in the tables, reasons included.
  await page.check('#mask');
  await page.waitForTimeout(300);
  const masked = await page.locator('.flow-leads table tbody tr').first().innerText();
  assert.ok(!masked.includes('刘志强') && !masked.includes('6222021001234567890'), masked);
  assert.match(masked, /刘\*/);
  await page.uncheck('#mask');

  assert.deepEqual(outsideRequests(requests, server.origin), []);
  assert.deepEqual(errors.filter((e) => !/favicon/.test(e)), []);
  await context.close();
});

// Lead reasons, labels and score parts are written in Rust in the page's
// language; leads on accounts with no link to a case are listed apart.
test('flow leads follow the English switch and keep unlinked accounts apart', async () => {
  const { page, errors, context } = await openPage(browser, server.url);
  await page.click('#demo');
  await waitLoaded(page, '\\d+'); // every demo file, however many
  await page.click('[data-step="flow"]');
  await page.waitForSelector('.flow-leads table tbody tr', { timeout: 60000 });
  const zh = await page.locator('.flow-leads table tbody tr').first().innerText();
  assert.match(zh, /[\u4e00-\u9fff]/);
  // The main list holds only accounts linked to a case (own, relative, counterparty).
  const links = await page.locator('.flow-leads table tbody tr td:nth-child(4)').allInnerTexts();
  assert.ok(links.length && links.every((x) => x !== '无'), links.join(','));
  await page.click('#lang');
  await page.waitForFunction(() => /yuan|after|before|debtor/.test(document.querySelector('.flow-leads table tbody tr')?.innerText || ''), null, { timeout: 60000 });
  const en = await page.locator('.flow-leads table tbody tr').first().innerText();
  assert.doesNotMatch(en.split('\t')[1] || '', /[\u4e00-\u9fff]/, `rule label in English: ${en}`);
  await page.locator('.flow-leads table tbody tr').first().click();
  await page.waitForSelector('.flow-detail .hint', { timeout: 10000 });
  assert.match(await page.locator('.flow-detail').innerText(), /rule base/);
  await page.click('#lang');
  assert.deepEqual(errors.filter((e) => !/favicon/.test(e)), []);
  await context.close();
});

test('names from a statement cannot become markup in the flow view', async () => {
  const { page, dialogs, errors, context } = await openPage(browser, server.url);
  const evil = '<img src=x onerror=alert(1)>';
  const header = '交易卡号,交易账号,交易户名,开户人证件号码,交易时间,交易金额,交易余额,收付标志,交易对手账卡号,对手户名,摘要说明,交易是否成功';
  const rows = [
    `6222000011112222,6222000011112222,张三,,2024-05-01 10:00:00,80000.00,90000.00,进,6222999900001111,"${evil}",<script>alert(2)</script>,成功`,
    `6222000011112222,6222000011112222,张三,,2024-05-01 10:10:00,79000.00,11000.00,出,6222999900002222,javascript:alert(3),转账,成功`,
  ];
  await page.setInputFiles('#file-input', [{ name: '流水.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${rows.join('\n')}\n`) }]);
  await waitLoaded(page, 1);
  await page.click('[data-step="flow"]');
  await page.waitForSelector('.flow-accounts table tbody tr', { timeout: 60000 });
  await page.waitForTimeout(800);
  // Hover and click every drawn node so tooltips render too.
  const box = await page.locator('.flow-graph canvas').boundingBox();
  for (let x = 0.1; x < 1; x += 0.2) for (let y = 0.1; y < 1; y += 0.2) await page.mouse.move(box.x + box.width * x, box.y + box.height * y);
  await page.locator('.flow-accounts table tbody tr').first().click();
  await page.waitForTimeout(300);
  assert.equal(await page.locator('.flow-view img, .flow-view script').count(), 0);
  assert.deepEqual(dialogs, []);
  const text = await page.locator('.flow-view').innerText();
  assert.ok(text.includes('javascript:alert(3)') || text.includes(evil), 'the names are shown as text');
  assert.deepEqual(errors.filter((e) => !/favicon/.test(e)), []);
  await context.close();
});
