// Security in a real browser: the CSP blocks inline script and outside
// fetches; cells with HTML/JS payloads render as text and run nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, launch, openPage, outsideRequests, FIXTURES } from './helpers.mjs';

let srv;
let browser;
before(async () => { srv = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.close(); });

test('CSP blocks an injected inline script and a fetch to another origin', async () => {
  const { page, context } = await openPage(browser, srv.url);
  // Another origin that IS reachable (same server, host name "localhost"):
  // without the CSP this fetch would succeed.
  const other = srv.url.replace('127.0.0.1', 'localhost');
  const out = await page.evaluate(async (url) => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true;';
    document.body.append(s);
    let fetched;
    try { await fetch(url); fetched = 'fetched'; } catch { fetched = 'blocked'; }
    await new Promise((r) => setTimeout(r, 100));
    return { inlineRan: window.__inlineRan === true, fetched, violations };
  }, other);
  assert.equal(out.inlineRan, false, 'inline script must not run');
  assert.equal(out.fetched, 'blocked');
  assert.ok(out.violations.some((d) => d.startsWith('script-src')), `script-src violation in ${out.violations}`);
  assert.ok(out.violations.some((d) => d.startsWith('connect-src')), `connect-src violation in ${out.violations}`);
  await context.close();
});

const PAYLOADS = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>', 'javascript:alert(3)', '<a href="javascript:alert(4)">点我</a>'];

test('cells with HTML and JavaScript render as text and execute nothing', async () => {
  const { page, dialogs, requests, context } = await openPage(browser, srv.url);
  await page.setInputFiles('#file-input', [path.join(FIXTURES, 'xss.csv')]);
  const card = page.locator('.card').first();
  await card.waitFor();
  await card.locator('details.preview summary').click();
  await card.locator('.preview-scroll').waitFor();
  const text = await card.locator('.preview-scroll').innerText();
  for (const p of PAYLOADS) assert.ok(text.includes(p), `shown as text: ${p}`);

  // The same payloads as lead fields, in the table, the detail and the print view.
  await page.evaluate(async (p) => {
    const app = await import('./app.js');
    app.showReport({ as_of: '2025-06-30', not_evaluated: [], leads: [{
      model: 'deposit', rule: 'deposit.unreturned', case_no: p[0], subject_name: p[1], subject_id: p[2], match: 'id',
      amount_fen: 200000, basis: p[3], reason: p[1],
      evidence: [{ file: p[0], sheet: p[1], row: 2, fields: { debtor: { raw: p[1], normalized: p[2] } } }],
    }] });
  }, PAYLOADS);
  await page.click('nav.steps [data-step="leads"]');
  await page.locator('.grid-row').first().click();
  const detail = await page.locator('#detail').innerText();
  for (const p of PAYLOADS.slice(0, 3)) assert.ok(detail.includes(p), `detail shows ${p} as text`);
  await page.click('nav.steps [data-step="export"]');
  await page.evaluate(() => { window.print = () => {}; });
  await page.click('#print');
  const printed = await page.locator('#print-view').textContent();
  assert.ok(printed.includes(PAYLOADS[0]), printed + (await page.locator('#status').innerText()));

  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, [], 'no alert fired');
  const injected = await page.evaluate(() => ({
    imgs: [...document.querySelectorAll('img')].map((i) => i.getAttribute('src')),
    scripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
    jsLinks: [...document.querySelectorAll('a[href^="javascript"]')].length,
  }));
  assert.deepEqual(injected, { imgs: [], scripts: 0, jsLinks: 0 });
  assert.deepEqual(outsideRequests(requests, srv.origin), []);
  await context.close();
});
