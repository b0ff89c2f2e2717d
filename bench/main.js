// Starts one job in a module worker, as the page runs the core: the worker
// loads ../pkg/xiansuo.js, receives file bytes, times the wasm calls.
// URL: index.html?job=ingest|screen|flow|screen-all&file=out/a.csv[&file=…][&load=bytes]
const q = new URLSearchParams(location.search);
const worker = new Worker('./worker.js', { type: 'module' });
const done = (r) => {
  window.__result = r;
  document.getElementById('out').textContent = JSON.stringify(r, null, 1);
};
worker.onmessage = (e) => {
  if (e.data.progress) window.__progress = e.data;
  else done(e.data);
};
worker.onerror = (e) => done({ ok: false, error: e.message || 'worker error' });
worker.postMessage({ job: q.get('job'), files: q.getAll('file'), load: q.get('load') });
