#!/usr/bin/env bash
# Installs everything building and testing xiansuo needs, and nothing that is
# already there. Safe to run again. Follows ../shared/docs/toolchain.md:
# Debian's rustc-web for wasm32 (rustup target downloads are not reachable),
# wasm-bindgen-cli from crates.io at the crate's pinned version, Chromium from
# Debian, Node packages from the committed package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

# --- Debian packages ---------------------------------------------------------
APT_PKGS=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22 chromium chromium-driver fonts-wqy-microhei)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  for attempt in 1 2 3 4 5 6; do
    if $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
      break
    fi
    [ "$attempt" = 6 ] && { log "apt-get failed"; exit 1; }
    log "apt-get failed (dpkg lock?), retrying in 10 s"; sleep 10
  done
fi

# --- wasm-bindgen-cli at exactly the pinned version --------------------------
WB_VERSION=$(sed -n 's/^wasm-bindgen = { *version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
[ -n "$WB_VERSION" ] || { log "cannot read the pinned wasm-bindgen version from Cargo.toml"; exit 1; }
export PATH="$HOME/.cargo/bin:$PATH"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION\$"; then
  log "installing wasm-bindgen-cli $WB_VERSION (5-7 minutes on 2 cores)"
  if ! cargo install wasm-bindgen-cli --version "$WB_VERSION" --locked 2>/tmp/xiansuo-wbcli.log; then
    # The reachable index can lack a version the CLI's lock file pins: unpack
    # the downloaded crate and re-lock only the entries that are missing.
    crate=$(ls "$HOME"/.cargo/registry/cache/*/wasm-bindgen-cli-"$WB_VERSION".crate 2>/dev/null | head -n1)
    [ -n "$crate" ] || { cat /tmp/xiansuo-wbcli.log >&2; exit 1; }
    work=$(mktemp -d)
    tar xzf "$crate" -C "$work"
    cd "$work/wasm-bindgen-cli-$WB_VERSION"
    for _ in $(seq 1 20); do
      if out=$(cargo metadata --locked --format-version 1 2>&1 >/dev/null); then break; fi
      # error: failed to select a version for the requirement `name = "^x"` (locked to y)
      name=$(printf '%s\n' "$out" | sed -n 's/.*requirement `\([A-Za-z0-9_-]*\) = .*(locked to \([0-9A-Za-z.+-]*\)).*/\1@\2/p' | head -n1)
      [ -n "$name" ] || { printf '%s\n' "$out" >&2; exit 1; }
      log "re-locking $name (not in the reachable index)"
      cargo update -p "$name" >/dev/null
    done
    cargo install --path . --locked
    cd - >/dev/null
    rm -rf "$work"
  fi
fi

# --- Node packages (playwright-core, binaryen's wasm-opt, echarts) ------------
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing Node packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
# --- SQL engines for the equality checks (issue 12): DuckDB and PySpark from
# PyPI (pinned: the equality checks compare exact result sets), a Java runtime
# from Debian for Spark -------------------------------------------------------
if ! command -v java >/dev/null 2>&1; then
  log "installing a Java runtime for Spark (default-jre-headless)"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends default-jre-headless
fi
if ! python3 -c 'import duckdb, pyspark' >/dev/null 2>&1; then
  log "installing the duckdb and pyspark Python packages"
  python3 -m pip install -q duckdb==2.0.1 pyspark==4.3.0 2>/dev/null || python3 -m pip install -q --break-system-packages duckdb==2.0.1 pyspark==4.3.0
fi

log "ready"
