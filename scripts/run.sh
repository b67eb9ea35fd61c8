#!/usr/bin/env bash
# Install what is missing (scripts/setup.sh), then build the app and serve it at
# http://127.0.0.1:8080 with live reload (trunk serve). Stop with Ctrl-C.
#
#   scripts/run.sh              debug build: quick to rebuild, larger wasm
#   scripts/run.sh --release    the optimised build, as shipped
#   PORT=9000 scripts/run.sh    another port
# Any arguments are passed to `trunk serve`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

scripts/setup.sh
# Cargo-installed tools, binaryen@132's wasm-opt ahead of any system wasm-opt, and the
# wasm-bindgen that splits the back office off first (scripts/split-wasm).
export PATH="$ROOT/scripts/split-wasm:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

PORT="${PORT:-8080}"
URL="http://127.0.0.1:$PORT"

# Serve from target/serve-dist, so dist/ only ever holds the release build the e2e tests use.
trunk serve --offline --dist target/serve-dist --address 127.0.0.1 --port "$PORT" "$@" &
trunk_pid=$!
trap 'kill "$trunk_pid" 2>/dev/null || true; wait "$trunk_pid" 2>/dev/null || true' EXIT INT TERM

# Trunk serves only after the first build succeeds; tell the user when the page is up.
echo "[run] building; the first build takes a minute or two..."
until curl -fsS -o /dev/null "$URL/" 2>/dev/null; do
    kill -0 "$trunk_pid" 2>/dev/null || { wait "$trunk_pid" || exit $?; exit 1; }
    sleep 1
done
echo
echo "[run] ready at $URL  (Ctrl-C to stop)"
echo
wait "$trunk_pid"
