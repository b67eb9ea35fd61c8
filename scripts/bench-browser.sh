#!/usr/bin/env bash
# Browser benchmark, one command (BENCHMARKS.md): the release build against a minimal Leptos page,
# first visits on localhost and on a slow phone (Fast 3G, CPU 4× slower) — the machine's first
# pixels, when a card can be inserted, the bytes fetched before that, the first click's answer —
# keypress and withdrawal latency on both CPUs, and start-up with a small and a large bank. Prints
# numbers, ratios to the minimal page and the budgets met or missed; asserts nothing. Builds the
# release (dist/) and the minimal page (bench/minimal-page/dist/) when they are missing or stale.
#
#   scripts/bench-browser.sh [OTHER_DIST…]   # other builds visited alongside, e.g. a `before`
#
# Knobs: BENCH_LOADS (15), BENCH_PRESSES (100), BENCH_WITHDRAWALS (40), BENCH_BIG_USERS (10000),
# BENCH_BIG_TXNS (100000); BENCH_ONLY=visits|latency|bank runs one part.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Cargo-installed tools, binaryen@132's wasm-opt ahead of any system wasm-opt, and the
# wasm-bindgen that splits the back office off first (scripts/split-wasm).
export PATH="$ROOT/scripts/split-wasm:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# True when $1/index.html is missing or any of the other paths holds a newer file.
stale() {
  local built="$1/index.html"
  shift
  [[ ! -f "$built" ]] && return 0
  [[ -n "$(find "$@" -newer "$built" -type f -print -quit 2>/dev/null)" ]]
}

if stale dist src index.html style Cargo.toml Cargo.lock Trunk.toml; then
  echo "[bench-browser] building the release into dist/ (trunk build --release)"
  scripts/setup.sh
  trunk build --release --offline
fi
MIN=bench/minimal-page
if stale "$MIN/dist" "$MIN/src" "$MIN/index.html" "$MIN/Cargo.toml" "$MIN/Trunk.toml" Cargo.lock Cargo.toml; then
  echo "[bench-browser] building the minimal Leptos page into $MIN/dist/"
  (cd "$MIN" && trunk build --release --offline)
fi

echo "[bench-browser] machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "[bench-browser] app build: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "[bench-browser] load average before the run: $(cut -d" " -f1-3 /proc/loadavg) (other work on the machine inflates every time)"
SECONDS=0
node bench/browser/run.mjs dist "$MIN/dist" "$@"
echo "[bench-browser] wall time: ${SECONDS} s; load average after: $(cut -d" " -f1-3 /proc/loadavg)"
