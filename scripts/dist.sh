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
# The main module is what a visit waits for; split_backoffice is fetched when a back office
# section first opens.
for wasm in dist/*.wasm; do
    echo "[dist] $(basename "$wasm"): $(stat -c %s "$wasm") bytes, $(gzip -9c "$wasm" | wc -c) bytes gzipped"
done
