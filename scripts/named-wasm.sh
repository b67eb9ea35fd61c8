#!/usr/bin/env bash
# The release wasm as `trunk build --release` makes it (cargo with the `split` feature, the back
# office split off by wasm-split-cli, wasm-bindgen --target web, wasm-opt -O2 as index.html asks),
# but with the function names kept (`--keep-debug`, `-g`), for the profiles that need names:
# scripts/wasm-profile.sh (bytes) and scripts/startup-profile.sh (what a first visit compiles).
# Writes OUT/atm-sim.js and OUT/atm-sim_bg.wasm (the main module), and the back office split off
# it (OUT/split_backoffice.wasm) with its loader OUT/__wasm_split.js (unhashed names).
#
#   scripts/named-wasm.sh OUT
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
OUT="${1:?usage: scripts/named-wasm.sh OUT}"
mkdir -p "$OUT"

cargo build --release --offline --target wasm32-unknown-unknown --bin atm-sim --features split >&2
wasm-split-cli "${CARGO_TARGET_DIR:-target}"/wasm32-unknown-unknown/release/atm-sim.wasm "$OUT" --target web --out-name atm-sim >&2
wasm-bindgen --target web --keep-debug --keep-lld-exports --out-dir "$OUT" "$OUT/atm-sim.wasm"
rm "$OUT/atm-sim.wasm"
shopt -s nullglob
for wasm in "$OUT/atm-sim_bg.wasm" "$OUT"/split_*.wasm; do
    wasm-opt -O2 -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$wasm" -o "$OUT/named.wasm" 2> >(grep -v 'unknown name subsection' >&2)
    mv "$OUT/named.wasm" "$wasm"
done
