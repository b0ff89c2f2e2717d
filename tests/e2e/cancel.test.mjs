// Cancel really terminates the worker (the only way to stop a running wasm
// call), and the next call gets a fresh worker with the files re-loaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, launch, openPage, FIXTURES } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

test('cancel terminates the worker; the files come back in a fresh one', async () => {
  // Count workers made and terminated, without changing what they do.
  const init = () => {
    const W = window.Worker;
    window.__workers = { made: 0, terminated: 0 };
    window.Worker = class extends W {
      constructor(...a) { super(...a); window.__workers.made += 1; }
      terminate() { window.__workers.terminated += 1; super.terminate(); }
    };
  };
  const { page, context, errors } = await openPage(browser, srv.url, { init });
  await page.setInputFiles('#file-input', [path.join(FIXTURES, '终本案件-gbk.csv'), path.join(FIXTURES, '保证金台账.xlsx')]);
  await page.waitForFunction(() => document.querySelectorAll('.card').length === 2);
  await page.click('nav.steps [data-step="models"]');

  // A long call: loading a 60 MB CSV. Abort it while it runs.
  const aborted = await page.evaluate(async () => {
    const { call } = await import('./app.js');
    const row = '（2019）浙0203执1号,陈某,330203198001010017,3200,2019-03-05,2019-09-20,终结本次执行程序\n';
    const big = new TextEncoder().encode('案号,被执行人,证件号码,未履行金额,立案日期,结案日期,结案方式\n' + row.repeat(600000)).buffer;
    const ctrl = new AbortController();
    const p = call('load', ['大文件.csv', big], { signal: ctrl.signal });
    await new Promise((r) => setTimeout(r, 150));
    const t = performance.now();
    ctrl.abort();
    try { await p; return { name: 'finished' }; } catch (e) { return { name: e.name, ms: performance.now() - t }; }
  });
  assert.equal(aborted.name, 'AbortError');
  assert.ok(aborted.ms < 100, `abort is immediate (${aborted.ms} ms)`);

  // The run button and cancel button, back to back: the run is cancelled.
  await page.evaluate(() => { document.querySelector('#run').click(); document.querySelector('#cancel').click(); });
  await page.waitForFunction(() => /已取消/.test(document.querySelector('#status').textContent));
  const counts = await page.evaluate(() => window.__workers);
  assert.ok(counts.terminated >= 1, `a worker was terminated: ${JSON.stringify(counts)}`);

  // Next run: a fresh worker, restored with the two files (not the big one).
  await page.click('#run');
  await page.waitForFunction(() => /筛查完成/.test(document.querySelector('#status').textContent));
  const tables = await page.evaluate(async () => (await import('./app.js')).call('tables'));
  assert.deepEqual(tables.map((c) => c.file), ['终本案件-gbk.csv', '保证金台账.xlsx']);
  assert.ok((await page.evaluate(() => window.__workers)).made >= 2, 'a new worker was started');
  assert.ok((await page.locator('.grid-row').count()) > 0);
  assert.deepEqual(errors.filter((e) => !/AbortError|已取消/.test(e)), []);
  await context.close();
});
