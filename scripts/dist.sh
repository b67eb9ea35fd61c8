#!/usr/bin/env bash
# Install what is missing (scripts/setup.sh), then make the release build in dist/:
# static files that any web server (or an iframe in a training portal) can serve as they are.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

scripts/setup.sh
# Cargo-installed tools, binaryen@132's wasm-opt ahead of any system wasm-opt, and the
# wasm-bindgen that splits the back office off first (scripts/split-wasm).
export PATH="$ROOT/scripts/split-wasm:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

trunk build --release --offline "$@"

echo
echo "[dist] release build in dist/:"
ls -l dist
# The main module is what a first visit waits for; split_*.wasm (and chunk_*.wasm, code two of
# them share) are fetched when first used: split_scenarios by a first visit once it is
# interactive, split_sessions once the page has settled, split_backoffice when a section first
# opens.
for wasm in dist/*.wasm; do
    echo "[dist] $(basename "$wasm"): $(stat -c %s "$wasm") bytes, $(gzip -9c "$wasm" | wc -c) bytes gzipped"
done
