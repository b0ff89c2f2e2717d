// Leads produced on a cluster (spark/xiansuo_spark.py → leads.jsonl, issue 12)
// open in the lead step with the same detail view; their evidence is a
// file/sheet/row reference and the page says the raw cells are not there.
// The fixture was written by the runner's own lead_json from the demo data;
// its last two lines are not leads and must be counted, not fatal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { serve, launch, openPage, FIXTURES } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

test('导入线索: a leads.jsonl from a cluster run shows in the lead table and detail view', async () => {
  const file = path.join(FIXTURES, 'cluster-leads.jsonl');
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  const good = lines.filter((l) => { try { return !!JSON.parse(l).rule; } catch { return false; } });
  const { page, context, errors } = await openPage(browser, srv.url);
  await page.click('nav.steps [data-step="leads"]');
  await page.setInputFiles('#leads-import', file);
  await page.waitForSelector('.grid-row');
  assert.equal(await page.locator('#lead-count').innerText(), String(good.length));
  assert.match(await page.locator('#status').innerText(), new RegExp(`${good.length}.*2`), 'two unreadable lines counted');
  await page.locator('.grid-row').first().click();
  const detail = page.locator('#detail');
  await detail.locator('table.evidence').first().waitFor();
  const text = await detail.innerText();
  const files = new Set(good.flatMap((l) => JSON.parse(l).evidence.map((e) => e.file)));
  assert.ok([...files].some((f) => text.includes(f)), 'evidence names the source file');
  assert.ok(good.some((l) => text.includes(JSON.parse(l).rule)), 'the rule id is shown');
  assert.match(text, /原始单元格不在线索文件中/);
  assert.deepEqual(errors, []);
  await context.close();
});
