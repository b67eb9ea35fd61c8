#!/usr/bin/env bash
# The release wasm as `trunk build --release` makes it (cargo, wasm-bindgen --target web,
# wasm-opt -O2 as index.html asks), but with the function names kept (`--keep-debug`, `-g`), for
# the profiles that need names: scripts/wasm-profile.sh (bytes) and scripts/startup-profile.sh
# (what a first visit compiles). Writes OUT/atm-sim.js and OUT/atm-sim_bg.wasm.
#
#   scripts/named-wasm.sh OUT
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
OUT="${1:?usage: scripts/named-wasm.sh OUT}"
mkdir -p "$OUT"

cargo build --release --offline --target wasm32-unknown-unknown --bin atm-sim >&2
wasm-bindgen --target web --keep-debug --out-dir "$OUT" \
    target/wasm32-unknown-unknown/release/atm-sim.wasm
wasm-opt -O2 -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$OUT/atm-sim_bg.wasm" -o "$OUT/named.wasm"
mv "$OUT/named.wasm" "$OUT/atm-sim_bg.wasm"
