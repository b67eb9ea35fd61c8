#!/usr/bin/env bash
# Install what is missing (scripts/setup.sh), then make the release build in dist/:
# static files that any web server (or an iframe in a training portal) can serve as they are.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

scripts/setup.sh
# Cargo-installed tools, and binaryen@132's wasm-opt ahead of any system wasm-opt.
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

trunk build --release --offline "$@"

wasm="$(find dist -maxdepth 1 -name '*.wasm' | head -n1)"
echo
echo "[dist] release build in dist/:"
ls -l dist
echo "[dist] wasm: $(stat -c %s "$wasm") bytes, $(gzip -9c "$wasm" | wc -c) bytes gzipped"
