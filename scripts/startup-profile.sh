#!/usr/bin/env bash
# What a first visit compiles before the machine is usable: the release build with function
# names kept (scripts/named-wasm.sh), loaded PROFILE_LOADS times (5) as a first visit in headless
# Chromium started with V8's --trace-wasm-compilation-times, each wasm function compiled before
# the ATM is interactive (as scripts/bench-browser.sh defines it) counted and summed by crate.
# Chromium compiles wasm lazily, on a function's first call, on the main thread: this is where
# the time from main() to the first screen goes. Prints numbers and asserts nothing.
#
#   scripts/startup-profile.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/scripts/split-wasm:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

[[ -f dist/index.html ]] || trunk build --release --offline
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
scripts/named-wasm.sh "$OUT"
# The release page (its styles inlined) around the named build (no hashed names, no integrity).
sed -E -e 's#\./atm-sim-[0-9a-f]+(_bg\.wasm|\.js)#./atm-sim\1#g' \
    -e 's#<link[^>]* rel="?(modulepreload|preload)"?[^>]*>##g' -e 's# integrity="?sha[^" >]*"?##g' \
    dist/index.html >"$OUT/index.html"
node bench/browser/compile-profile.mjs "$OUT"
