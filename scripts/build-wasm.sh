#!/usr/bin/env bash
# Release wasm → pkg/ (wasm-bindgen --target web, then wasm-opt -O3 (speed: the page is served
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
node_modules/binaryen/bin/wasm-opt -O3 --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue pkg/xiansuo_bg.wasm -o pkg/xiansuo_bg.wasm.opt
mv pkg/xiansuo_bg.wasm.opt pkg/xiansuo_bg.wasm
mkdir -p www/vendor
cp node_modules/echarts/dist/echarts.esm.min.mjs www/vendor/echarts.esm.min.mjs
cp node_modules/echarts/LICENSE www/vendor/ECHARTS-LICENSE.txt
raw=$(stat -c %s pkg/xiansuo_bg.wasm); gz=$(gzip -9c pkg/xiansuo_bg.wasm | wc -c)
printf '[build] pkg/xiansuo_bg.wasm: %s bytes (%s gzipped)\n' "$raw" "$gz" >&2
