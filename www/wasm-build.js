// Which wasm build to load. pkg/ holds the same code twice: baseline and
// with wasm SIMD (simd128), which reads files about a quarter faster.
// Browsers before Chrome 91 / Firefox 89 / Safari 16.4 cannot compile the
// SIMD one, so it is chosen only when the browser validates a tiny module
// that uses a SIMD instruction (i8x16.splat + i8x16.popcnt; the probe of the
// wasm-feature-detect library).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

export const simd = (() => {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
})();

/** URL of the wasm module this browser should load. */
export function wasmUrl() {
  return new URL(simd ? '../pkg/xiansuo_simd_bg.wasm' : '../pkg/xiansuo_bg.wasm', import.meta.url);
}
