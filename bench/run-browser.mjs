// Runs one bench job in headless Chromium (Debian's, via playwright-core):
// node bench/run-browser.mjs --base http://127.0.0.1:PORT --job ingest|screen|flow|screen-all --label L [--load bytes] --file out/x.csv …
// A fresh browser per job, so the renderer's peak RSS (VmHWM, which holds
// the worker and its wasm memory) is this job's alone. Prints one JSON line.
import { chromium } from 'playwright-core';
import { cmdline, descendants, parseArgs, peakRss, resultLine } from './jobs.mjs';

const a = parseArgs(process.argv.slice(2));
const browser = await chromium.launch({
  executablePath: '/usr/lib/chromium/chromium',
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  // --load bytes: the whole-file path (`load`), to compare with streaming.
  const qs = new URLSearchParams([['job', a.job], ...a.file.map((f) => ['file', f]), ...(a.load ? [['load', a.load]] : [])]);
  await page.goto(`${a.base}/bench/index.html?${qs}`);
  const limit = Number(a.timeout || 1800);
  let timedOut = false;
  try {
    await page.waitForFunction(() => window.__result, null, { timeout: limit * 1000, polling: 500 });
  } catch {
    timedOut = true;
  }
  const r = await page.evaluate(() => window.__result || window.__progress || {});
  const pids = descendants(process.pid).filter((p) => cmdline(p).includes('--type=renderer'));
  const peak = Math.max(0, ...pids.map((p) => peakRss(p) ?? 0)) || null;
  if (timedOut) {
    // What was measured before the limit: loading time and memory after loading.
    console.log(JSON.stringify({
      job: a.job, env: 'chromium', label: a.label, files: a.file, timeout: limit, bytes: r.bytes, rows: r.rows,
      ingest_seconds: r.loadMs != null ? r.loadMs / 1000 : null, wasm_memory_bytes: r.wasmMemory ?? null, peak_bytes: peak,
    }));
  } else if (!r.ok) {
    console.log(JSON.stringify({ job: a.job, env: 'chromium', label: a.label, files: a.file, error: r.error }));
  } else {
    console.log(JSON.stringify(resultLine({ job: a.job, env: 'chromium', label: a.label, files: a.file, r, peak })));
  }
} finally {
  await browser.close();
}
