#!/usr/bin/env bash
# Everything CI checks, in order, stopping at the first failure:
#
#   setup      scripts/setup.sh (installs only what is missing)
#   fmt        cargo fmt --all --check
#   contrast   node scripts/contrast.mjs   (the palettes' ratios: normal AA, high contrast 7:1)
#   clippy     cargo clippy --workspace --all-targets -- -D warnings          (native)
#   clippy-wasm cargo clippy -p atm-sim --no-deps --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings
#   clippy-split the same with the `split` feature (the back office split point; --lib --bins)
#   test       cargo test --workspace                                          (native)
#   wasm-test  wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver
#   build      trunk build --release --offline                                 (-> dist/)
#   e2e        Playwright (tests/e2e) against dist/, served on 127.0.0.1
#
# Hooks (nothing is skipped by default):
#   SKIP_STAGES="wasm-test e2e"   skip the named stages (they show as SKIPPED in the summary)
#   E2E_ARGS="--grep smoke"       extra arguments for `playwright test`
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/atm-test.XXXXXX")"
trap 'rm -rf "$LOG_DIR"' EXIT

STAGE_NAMES=()
STAGE_RESULTS=()
STAGE_TIMES=()
started=$SECONDS

skipped() { [[ " ${SKIP_STAGES:-} " == *" $1 "* ]]; }

# Sum "N passed; M failed" from cargo / wasm-bindgen-test result lines in a log.
cargo_counts() {
    [[ -f "$1" ]] || { echo "0 0"; return; }
    grep -E '^test result: ' "$1" |
        sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/' |
        awk '{p += $1; f += $2} END {print p + 0, f + 0}'
}

# Playwright's list reporter ends with lines like "  3 passed (2.1s)", "  1 failed".
playwright_counts() {
    [[ -f "$1" ]] || { echo "0 0"; return; }
    awk '/^ +[0-9]+ passed/ {p += $1} /^ +[0-9]+ (failed|flaky)/ {f += $1} END {print p + 0, f + 0}' "$1"
}

summary() {
    local status="$1" i np nf wp wf ep ef
    echo
    echo "==================================== summary ===================================="
    for i in "${!STAGE_NAMES[@]}"; do
        printf '  %-12s %-8s %5ss\n' "${STAGE_NAMES[$i]}" "${STAGE_RESULTS[$i]}" "${STAGE_TIMES[$i]}"
    done
    read -r np nf <<<"$(cargo_counts "$LOG_DIR/test.log")"
    read -r wp wf <<<"$(cargo_counts "$LOG_DIR/wasm-test.log")"
    read -r ep ef <<<"$(playwright_counts "$LOG_DIR/e2e.log")"
    echo
    echo "  native tests (cargo test):      $np passed, $nf failed"
    echo "  browser tests (wasm-pack test): $wp passed, $wf failed"
    echo "  end-to-end tests (Playwright):  $ep passed, $ef failed"
    echo "  wall time: $((SECONDS - started))s"
    if [[ " ${STAGE_NAMES[*]} " == *" build "* ]] && [[ -n "$(find dist -maxdepth 1 -name '*.wasm' 2>/dev/null)" ]]; then
        local wasm
        for wasm in dist/*.wasm; do
            echo "  release wasm $(basename "$wasm"): $(stat -c %s "$wasm") bytes, $(gzip -9c "$wasm" | wc -c) gzipped"
        done
    fi
    echo "================================================================================="
    echo "total: $((np + wp + ep)) passed, $((nf + wf + ef)) failed"
    echo "RESULT: $status"
}

# stage <name> <command...>: run it, log its output to $LOG_DIR/<name>.log, stop on failure.
stage() {
    local name="$1"
    shift
    STAGE_NAMES+=("$name")
    if skipped "$name"; then
        echo "---- $name: SKIPPED (SKIP_STAGES)"
        STAGE_RESULTS+=(SKIPPED)
        STAGE_TIMES+=(0)
        return
    fi
    echo
    echo "---- $name: $*"
    local t0=$SECONDS rc=0
    "$@" 2>&1 | tee "$LOG_DIR/$name.log" || rc=$?
    STAGE_TIMES+=($((SECONDS - t0)))
    if ((rc != 0)); then
        STAGE_RESULTS+=(FAILED)
        echo "---- $name: FAILED (exit $rc)"
        summary FAILED
        exit "$rc"
    fi
    STAGE_RESULTS+=(ok)
}

stage setup scripts/setup.sh

# Tools: cargo-installed ones, then binaryen@132's wasm-opt ahead of any system wasm-opt.
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

stage fmt cargo fmt --all --check
stage contrast node scripts/contrast.mjs
stage clippy cargo clippy --workspace --all-targets -- -D warnings
stage clippy-wasm cargo clippy -p atm-sim --no-deps --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings
stage clippy-split cargo clippy -p atm-sim --no-deps --target wasm32-unknown-unknown --lib --bins --features split -- -D warnings
stage test cargo test --workspace
stage wasm-test wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver
# Only Trunk gets the wasm-bindgen that splits the back office off (scripts/split-wasm/wasm-bindgen):
# wasm-pack looks for wasm-bindgen-test-runner beside the first wasm-bindgen on PATH.
trunk() { PATH="$ROOT/scripts/split-wasm:$PATH" command trunk "$@"; }
stage build trunk build --release --offline
# shellcheck disable=SC2086 # E2E_ARGS is a list of words on purpose
stage e2e node_modules/.bin/playwright test ${E2E_ARGS:-}

summary PASSED
