// Module worker of the bench page: a fresh wasm instance per job, so the
// linear memory's size after the run is the job's peak (wasm memory never
// shrinks). Fetching is not timed: the page gets File objects.
import init, { BenchRun } from '../pkg/xiansuo.js';
// The build the page loads (SIMD where the browser has it).
import { wasmUrl } from '../www/wasm-build.js';

self.onmessage = async ({ data }) => {
  try {
    const wasm = await init({ module_or_path: wasmUrl() });
    const run = new BenchRun();
    let loadMs = 0;
    let readMs = 0;
    let rows = 0;
    let bytes = 0;
    // One file at a time, as the page does: a Blob read in pieces with
    // FileReaderSync (`loadSource`, the page's path), or with load=bytes the
    // whole file copied into wasm (`load`, the page's path before streaming).
    for (const url of data.files) {
      let blob = await (await fetch(url)).blob();
      bytes += blob.size;
      const name = url.split('/').pop();
      if (data.load === 'bytes') {
        // Reading the File is timed apart (readMs): streaming does it inside loadSource.
        const r0 = performance.now();
        let buf = new Uint8Array(await blob.arrayBuffer());
        readMs += performance.now() - r0;
        const t = performance.now();
        rows += run.load(name, buf);
        loadMs += performance.now() - t;
        buf = null;
      } else {
        const reader = new FileReaderSync();
        const source = { size: blob.size, read: (o, n) => new Uint8Array(reader.readAsArrayBuffer(blob.slice(o, o + n))) };
        const t = performance.now();
        rows += run.loadSource(name, source);
        loadMs += performance.now() - t;
      }
      blob = null;
    }
    // Memory after loading, in case the engine does not finish in time.
    postMessage({ progress: 'loaded', rows, bytes, loadMs, wasmMemory: wasm.memory.buffer.byteLength });
    let engineMs = null;
    let leads = null;
    let unavailable = null;
    let stages = null;
    let notEvaluated = null;
    if (data.job === 'screen' || data.job === 'flow' || data.job === 'screen-all') {
      const t = performance.now();
      try {
        if (data.job === 'screen-all') {
          // Every rule (the catalogue): leads per rule, seconds per rule.
          const all = JSON.parse(run.screenAll());
          [leads, stages, notEvaluated] = [all.counts, all.stages, all.not_evaluated];
        } else if (data.job === 'flow') {
          // Leads per rule, and seconds per stage of the analysis.
          const all = JSON.parse(run.flowAll());
          [leads, stages] = [all.counts, all.stages];
        } else {
          leads = JSON.parse(run.screenVehicle());
        }
        engineMs = performance.now() - t;
      } catch (e) {
        unavailable = String((e && e.message) || e);
      }
    }
    postMessage({ ok: true, rows, bytes, loadMs, readMs, engineMs, leads, stages, notEvaluated, unavailable, wasmMemory: wasm.memory.buffer.byteLength });
  } catch (e) {
    postMessage({ ok: false, error: String((e && e.message) || e) });
  }
};
