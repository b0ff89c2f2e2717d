// Shared by the browser tests: start scripts/serve.py on a free port, launch
// Debian's Chromium headless with no outside traffic, and record every
// request the page makes.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));

export const FLAGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu', '--disable-quic'];

export async function serve() {
  const proc = spawn('python3', [path.join(ROOT, 'scripts/serve.py'), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/http:\/\/127\.0\.0\.1:\d+\/www\//);
      if (m) resolve(m[0]);
    });
    proc.on('exit', (c) => reject(new Error(`serve.py exited ${c}`)));
  });
  return { url, origin: new URL(url).origin, close: () => proc.kill() };
}

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

// A page that records every request and every console error, with the tour
// marked as seen (it is tested on its own).
export async function openPage(browser, url, { tour = false, viewport = { width: 1366, height: 768 }, acceptDownloads = true, init } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads });
  if (init) await context.addInitScript(init);
  if (!tour) await context.addInitScript(() => { try { localStorage.setItem('xiansuo.tour.done', '1'); } catch { /* file:// */ } });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  const dialogs = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.goto(url);
  await page.waitForSelector('html[data-ready="1"]', { timeout: 30000 });
  return { context, page, requests, errors, dialogs };
}

// Requests allowed: the page's own static files on 127.0.0.1 (or the single
// file itself), plus in-page blob:/data: URLs.
export function outsideRequests(requests, origin) {
  return requests.filter((u) => {
    if (u.startsWith('blob:') || u.startsWith('data:')) return false;
    if (origin === 'file:') return !u.startsWith('file:');
    const x = new URL(u);
    return x.origin !== origin || x.hostname !== '127.0.0.1';
  });
}

export const FIXTURES = path.join(ROOT, 'tests/e2e/fixtures');

// Load the demo files, confirm them and run every model (the page's own buttons).
export async function loadDemoAndRun(page) {
  await page.click('#demo');
  await page.waitForFunction(() => /已载入 1\d 个文件/.test(document.querySelector('#file-summary').textContent), null, { timeout: 60000 });
  await page.click('#confirm-all');
  await page.waitForFunction(() => /已确认/.test(document.querySelector('#status').textContent));
  await page.click('nav.steps [data-step="models"]');
  await page.click('#run');
  await page.waitForFunction(() => /筛查完成/.test(document.querySelector('#status').textContent), null, { timeout: 120000 });
}

// One part of an XLSX (a zip) as text.
export function xlsxPart(file, part) {
  return execFileSync('python3', ['-c', 'import sys,zipfile;print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', file, part], { encoding: 'utf8', maxBuffer: 1 << 28 });
}
