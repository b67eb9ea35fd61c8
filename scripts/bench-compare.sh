#!/usr/bin/env bash
# Two release builds of the app against the minimal Leptos page, side by side in one run, on
# localhost and under Fast 3G with the CPU slowed 4× (issue 21's before and after):
#   scripts/bench-compare.sh BEFORE_DIST AFTER_DIST [MINIMAL_DIST]
# Each DIST is a `trunk build --release` output folder; MINIMAL_DIST defaults to
# bench/minimal-page/dist (built when missing). Knob: BENCH_LOADS (11 first visits per page and
# condition). Prints numbers and asserts nothing (see BENCHMARKS.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -lt 2 ]]; then
  echo "usage: $0 BEFORE_DIST AFTER_DIST [MINIMAL_DIST]" >&2
  exit 2
fi
BEFORE="$(realpath "$1")"
AFTER="$(realpath "$2")"
MINIMAL="$(realpath "${3:-$ROOT/bench/minimal-page/dist}")"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

if [[ ! -f "$MINIMAL/index.html" && "$MINIMAL" == "$ROOT/bench/minimal-page/dist" ]]; then
  echo "[bench-compare] building the minimal Leptos page into bench/minimal-page/dist/"
  (cd bench/minimal-page && trunk build --release --offline)
fi

echo "[bench-compare] machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "[bench-compare] load average before the run: $(cut -d" " -f1-3 /proc/loadavg) (other work on the machine inflates every time)"
SECONDS=0
node bench/browser/compare.mjs "$BEFORE" "$AFTER" "$MINIMAL"
echo "[bench-compare] wall time: ${SECONDS} s; load average after: $(cut -d" " -f1-3 /proc/loadavg)"
