#!/usr/bin/env bash
# Release wasm → pkg/ (baseline and SIMD builds; wasm-bindgen --target web, then wasm-opt -O3 (speed: the page is served
# locally, so size matters less than analysis time) from the
# npm binaryen: Debian's binaryen 108 breaks wasm-bindgen output), and the
# vendored ECharts into www/vendor/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# --no-default-features: the `gen` generators (via `cli`) stay out of the page.
scripts/wasm-cargo.sh build --release --lib --no-default-features --quiet
wasm=target/wasm/wasm32-unknown-unknown/release/xiansuo.wasm
wasm-bindgen --target web --out-dir pkg --out-name xiansuo "$wasm"
opt=(node_modules/binaryen/bin/wasm-opt -O3 --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue)
"${opt[@]}" pkg/xiansuo_bg.wasm -o pkg/xiansuo_bg.wasm.opt
mv pkg/xiansuo_bg.wasm.opt pkg/xiansuo_bg.wasm
# The same code with wasm SIMD (simd128): reading files is about a quarter
# faster (memchr and simdutf8 use it). Browsers without SIMD (before
# Chrome 91) get the baseline build: www/wasm-build.js picks one. Both builds
# must share the JS glue, or one file could not load the other's module.
XIANSUO_WASM_SIMD=1 scripts/wasm-cargo.sh build --release --lib --no-default-features --quiet
rm -rf pkg/.simd
wasm-bindgen --target web --out-dir pkg/.simd --out-name xiansuo target/wasm-simd/wasm32-unknown-unknown/release/xiansuo.wasm
cmp -s pkg/.simd/xiansuo.js pkg/xiansuo.js || { echo "[build] the SIMD build's JS glue differs from the baseline's" >&2; exit 1; }
"${opt[@]}" --enable-simd pkg/.simd/xiansuo_bg.wasm -o pkg/xiansuo_simd_bg.wasm
rm -rf pkg/.simd
mkdir -p www/vendor
cp node_modules/echarts/dist/echarts.esm.min.mjs www/vendor/echarts.esm.min.mjs
cp node_modules/echarts/LICENSE www/vendor/ECHARTS-LICENSE.txt
for f in pkg/xiansuo_bg.wasm pkg/xiansuo_simd_bg.wasm; do
  raw=$(stat -c %s "$f"); gz=$(gzip -9c "$f" | wc -c)
  printf '[build] %s: %s bytes (%s gzipped)\n' "$f" "$raw" "$gz" >&2
done
