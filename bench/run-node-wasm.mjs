// Runs one bench job on xiansuo's wasm in Node (same engine as Chromium's
// V8), beside DuckDB-wasm in Node: the like-for-like comparison.
// node bench/run-node-wasm.mjs --job screen --label L --file bench/out/a.csv --file …
// --load source: each file read in pieces (`loadSource`, the page's path) instead of copied in whole.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { initSync, BenchRun } from '../pkg/xiansuo.js';
import { parseArgs, peakRss, resultLine } from './jobs.mjs';
import { wasmUrl } from '../www/wasm-build.js';

const a = parseArgs(process.argv.slice(2));
// The build the page loads in this engine (SIMD where V8 has it).
const wasm = initSync({ module: readFileSync(wasmUrl()) });
const run = new BenchRun();
const c0 = process.cpuUsage();
const r = { rows: 0, bytes: 0, loadMs: 0, engineMs: null, leads: null, unavailable: null };
for (const f of a.file) {
  if (a.load === 'source') {
    // As the page's worker reads a File: pieces at given offsets.
    const fd = openSync(f, 'r');
    const size = fstatSync(fd).size;
    const source = { size, read: (o, n) => { const b = new Uint8Array(Math.max(0, Math.min(n, size - o))); readSync(fd, b, 0, b.length, o); return b; } };
    r.bytes += size;
    const t = performance.now();
    r.rows += run.loadSource(basename(f), source);
    r.loadMs += performance.now() - t;
    if (a.job === 'ingest') closeSync(fd);
    continue;
  }
  const buf = readFileSync(f);
  r.bytes += buf.length;
  const t = performance.now();
  r.rows += run.load(basename(f), buf);
  r.loadMs += performance.now() - t;
}
if (a.job !== 'ingest') {
  const t = performance.now();
  try {
    if (a.job === 'screen-all') {
      const all = JSON.parse(run.screenAll());
      [r.leads, r.stages, r.notEvaluated] = [all.counts, all.stages, all.not_evaluated];
    } else if (a.job === 'flow') {
      const all = JSON.parse(run.flowAll());
      [r.leads, r.stages] = [all.counts, all.stages];
    } else {
      r.leads = JSON.parse(run.screenVehicle());
    }
    r.engineMs = performance.now() - t;
  } catch (e) {
    r.unavailable = String(e.message || e);
  }
}
r.wasmMemory = wasm.memory.buffer.byteLength;
const c1 = process.cpuUsage(c0);
console.log(JSON.stringify(resultLine({ job: a.job, env: 'node-wasm', label: a.label, files: a.file.map((f) => basename(f)), r, peak: peakRss(), cpu: (c1.user + c1.system) / 1e6 })));
