// Squoosh-style worker client: calls queue one at a time; abort terminates
// the worker (the only way to stop a running wasm call) and the next call
// starts a fresh one. A fresh worker has an empty Session, so the client
// replays `restore()` (supplied by the page: re-load kept file bytes and
// confirmed mappings) before the next call. A cancel during the restore
// cancels (the half-restored worker is dropped), a restore that fails
// drops its worker too (the next call starts over), and `onRestart` tells
// the page that state kept only in the old worker (flow results) is gone.

export class WorkerClient {
  constructor(url, { restore = async () => {}, create, onRestart = () => {} } = {}) {
    this.url = url;
    this.restore = restore;
    this.onRestart = onRestart;
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
    if (this.generation === 1) return;
    try {
      await this.restore((m, a, o) => this.raw(m, a, o));
    } catch (e) {
      // Never use a half-restored Session: drop it, the next call restores afresh.
      if (this.worker === w) this.failAll(e);
      throw e;
    }
    // Aborted while restoring: failAll already replaced the worker.
    if (this.worker !== w) throw abortError();
    this.onRestart();
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

  // Queue a call. `signal` aborts it, also while a fresh worker is being
  // restored: the worker is terminated at once.
  call(method, args = [], { signal, onProgress } = {}) {
    const run = async () => {
      if (signal?.aborted) throw abortError();
      if (!signal) {
        await this.ensure();
        return this.raw(method, args, { onProgress });
      }
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          this.failAll(abortError());
          reject(abortError());
        };
        signal.addEventListener('abort', onAbort, { once: true });
        this.ensure()
          .then(() => this.raw(method, args, { onProgress }))
          .then(resolve, reject)
          .finally(() => signal.removeEventListener('abort', onAbort));
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
