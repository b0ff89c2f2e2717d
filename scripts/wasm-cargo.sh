#!/usr/bin/env bash
# The one place that selects Debian's rustc-web toolchain, for wasm32 only
# (see ../shared/docs/toolchain.md). Native work stays on the default toolchain.
# Usage: scripts/wasm-cargo.sh build --release --lib | test --tests
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_BUILD_TARGET=wasm32-unknown-unknown
export CARGO_TARGET_DIR=target/wasm
# XIANSUO_WASM_SIMD=1: the same code with wasm SIMD (scripts/build-wasm.sh's
# second build); its own target dir, since std is rebuilt with the flag.
if [ -n "${XIANSUO_WASM_SIMD:-}" ]; then
  export CARGO_TARGET_DIR=target/wasm-simd
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128"
fi
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
exec /usr/bin/cargo "$@"
