// Module worker: owns the wasm Session. Protocol (BRIEF.md):
//   page → worker  {id, method, args}
//   worker → page  {id, type: 'progress', stage, done, total}
//                  {id, type: 'result', value}   (ArrayBuffers transferred)
//                  {id, type: 'error', message}
// Any #[wasm_bindgen] method of Session is callable by name. With
// `progress: true` a callback onProgress(stage, done, total) that posts
// progress messages is passed as the last argument.
// The single-file build (dist/xiansuo.html) sets self.XIANSUO_WASM to the
// module bytes before importing this file, so initSync works from file://.
import init, { initSync, Session } from '../pkg/xiansuo.js';

const ready = (async () => {
  if (self.XIANSUO_WASM) initSync({ module: self.XIANSUO_WASM });
  else await init();
  return new Session();
})();

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
    // File bytes arrive as transferred ArrayBuffers; Rust takes &[u8].
    const real = args.map((a) => (a instanceof ArrayBuffer ? new Uint8Array(a) : a));
    if (progress) real.push((stage, done, total) => self.postMessage({ id, type: 'progress', stage, done, total }));
    const value = session[method](...real);
    const list = [...new Set(transferables(value))];
    self.postMessage({ id, type: 'result', value }, list);
  } catch (e) {
    self.postMessage({ id, type: 'error', message: String(e && e.message ? e.message : e) });
  }
};
