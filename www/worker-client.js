// Squoosh-style worker client: calls queue one at a time; abort terminates
// the worker (the only way to stop a running wasm call) and the next call
// starts a fresh one. A fresh worker has an empty Session, so the client
// replays `restore()` (supplied by the page: re-load kept file bytes and
// confirmed mappings) before the next call.

export class WorkerClient {
  constructor(url, { restore = async () => {}, create } = {}) {
    this.url = url;
    this.restore = restore;
    this.create = create || ((u) => new Worker(u, { type: 'module' }));
    this.worker = null;
    this.pending = new Map();
    this.nextId = 1;
    this.queue = Promise.resolve();
    this.generation = 0;
  }

  // Spawn the worker if needed; a new worker is restored before use.
  async ensure() {
    if (this.worker) return;
    const w = this.create(this.url);
    w.onmessage = ({ data }) => this.onMessage(data);
    w.onerror = (ev) => this.failAll(new Error(ev.message || '后台计算进程出错'));
    this.worker = w;
    this.generation += 1;
    if (this.generation > 1) await this.restore((m, a, o) => this.raw(m, a, o));
  }

  onMessage(data) {
    const p = this.pending.get(data.id);
    if (!p) return;
    if (data.type === 'progress') {
      p.onProgress?.(data.stage, data.done, data.total);
      return;
    }
    this.pending.delete(data.id);
    if (data.type === 'result') p.resolve(data.value);
    else p.reject(Object.assign(new Error(data.message), { name: 'WorkerError' }));
    // The wasm instance trapped: drop this worker; the next call starts a
    // fresh one and restore() reloads the files that had loaded.
    if (data.fatal) this.failAll(Object.assign(new Error(data.message), { name: 'WorkerError' }));
  }

  failAll(error) {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.worker?.terminate();
    this.worker = null;
  }

  // Post one message; ArrayBuffer arguments are transferred, not copied (the
  // caller keeps its own copy). With onProgress, the Rust method receives a
  // progress callback as its last argument.
  raw(method, args = [], { onProgress } = {}) {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject, onProgress });
      const transfer = args.filter((a) => a instanceof ArrayBuffer);
      this.worker.postMessage({ id, method, args, progress: !!onProgress }, transfer);
    });
  }

  // Queue a call. `signal` aborts it: the worker is terminated at once.
  call(method, args = [], { signal, onProgress } = {}) {
    const run = async () => {
      if (signal?.aborted) throw abortError();
      await this.ensure();
      const p = this.raw(method, args, { onProgress });
      if (!signal) return p;
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          this.failAll(abortError());
          reject(abortError());
        };
        signal.addEventListener('abort', onAbort, { once: true });
        p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  terminate() {
    this.failAll(abortError());
  }
}

function abortError() {
  return new DOMException('已取消', 'AbortError');
}
