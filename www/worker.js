// Module worker: owns the wasm Session. Protocol (BRIEF.md):
//   page → worker  {id, method, args}
//   worker → page  {id, type: 'progress', stage, done, total}
//                  {id, type: 'result', value}   (ArrayBuffers transferred)
//                  {id, type: 'error', message}
// Any #[wasm_bindgen] method of Session is callable by name. With
// `progress: true` a callback onProgress(stage, done, total) that posts
// progress messages is passed as the last argument.
// The single-file build (dist/xiansuo.html) starts this code from a Blob
// with self.XIANSUO_WASM_B64 (the module as base64) set first, so initSync
// works from file:// where fetching the .wasm is impossible.
import init, { initSync, Session } from '../pkg/xiansuo.js';
import { wasmUrl } from './wasm-build.js';

const ready = (async () => {
  if (self.XIANSUO_WASM_B64) {
    const bin = atob(self.XIANSUO_WASM_B64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    initSync({ module: bytes });
  } else {
    await init({ module_or_path: wasmUrl() });
  }
  return new Session();
})();

// `{size, read(offset, length)}` over a Blob: FileReaderSync reads one
// slice at a time, synchronously (workers only), as the wasm call asks.
function blobSource(blob) {
  const reader = new FileReaderSync();
  return {
    size: blob.size,
    read: (offset, length) => new Uint8Array(reader.readAsArrayBuffer(blob.slice(offset, offset + length))),
  };
}

function transferables(value, out = []) {
  if (value instanceof Uint8Array) out.push(value.buffer);
  else if (value instanceof ArrayBuffer) out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => transferables(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => transferables(v, out));
  return out;
}

self.onmessage = async ({ data }) => {
  const { id, method, args = [], progress } = data;
  try {
    const session = await ready;
    if (typeof session[method] !== 'function' || method === 'constructor' || method.startsWith('_')) {
      throw new Error(`未知的方法：${method}`);
    }
    // File bytes arrive as transferred ArrayBuffers; Rust takes &[u8]. A
    // File/Blob becomes a source Rust reads in pieces (`loadSource`), so a
    // text file is never whole in wasm memory.
    const real = args.map((a) => (a instanceof ArrayBuffer ? new Uint8Array(a) : a instanceof Blob ? blobSource(a) : a));
    if (progress) real.push((stage, done, total) => self.postMessage({ id, type: 'progress', stage, done, total }));
    const value = session[method](...real);
    const list = [...new Set(transferables(value))];
    self.postMessage({ id, type: 'result', value }, list);
  } catch (e) {
    // A wasm trap (panic, out of memory) leaves the instance unusable: say so,
    // and the client replaces this worker before the next call.
    const fatal = e instanceof WebAssembly.RuntimeError;
    const message = String(e && e.message ? e.message : e);
    self.postMessage({
      id,
      type: 'error',
      fatal,
      message: fatal ? `分析引擎中止（可能内存不足或文件异常：${message}），已自动重启；请拆分文件或减少文件后重试。` : message,
    });
  }
};
