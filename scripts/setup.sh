#!/usr/bin/env bash
# Install what this machine lacks to build, run and test the ATM simulator, and nothing else.
# Idempotent: every tool already present at the right version is skipped, so a second run takes
# about a second. See shared TOOLCHAIN notes: these machines reach only the package registries
# (crates.io, npm, Debian), so every tool comes from one of them; nothing downloads binaries.
#
#   rustup target wasm32-unknown-unknown
#   wasm-bindgen-cli 0.2.130   (cargo install; must equal wasm-bindgen in Cargo.lock)
#   trunk 0.21.14              (cargo install --locked)
#   wasm-pack 0.15.1           (cargo install)
#   wasm_split_cli_support 0.2.4 --features build-binary  (cargo install --locked; wasm-split-cli)
#   chromium + chromium-driver (apt-get, Debian)
#   node_modules               (npm ci: @playwright/test, binaryen@132 for wasm-opt)
#
# First run on a fresh machine: ~20 minutes (the four cargo installs), then cached.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14
WASM_PACK_VERSION=0.15.1
WASM_SPLIT_VERSION=0.2.4
NODE_MAJOR_MIN=20

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# Print the second word of `$1 --version` ("trunk 0.21.14" -> "0.21.14"), or nothing.
tool_version() {
    command -v "$1" >/dev/null 2>&1 || return 0
    "$1" --version 2>/dev/null | head -n1 | awk '{print $2}'
}

# If another process is already running `cargo install <crate>`, wait for it instead of
# starting a second, competing build of the same tool.
wait_for_other_install() {
    local crate="$1"
    if pgrep -f "cargo install .*$crate" >/dev/null 2>&1; then
        log "another 'cargo install $crate' is running; waiting for it to finish"
        while pgrep -f "cargo install .*$crate" >/dev/null 2>&1; do sleep 10; done
    fi
}

# cargo_tool <binary> <crate> <version> [extra cargo install args...]
cargo_tool() {
    local bin="$1" crate="$2" version="$3"
    shift 3
    if [[ "$(tool_version "$bin")" == "$version" ]]; then
        log "$bin $version: present"
        return
    fi
    wait_for_other_install "$crate"
    if [[ "$(tool_version "$bin")" == "$version" ]]; then
        log "$bin $version: present"
        return
    fi
    log "$bin $version: installing with cargo (takes minutes, once)"
    cargo install "$crate" --version "$version" "$@"
    [[ "$(tool_version "$bin")" == "$version" ]] || die "$bin --version is not $version after install"
}

started=$SECONDS

# --- Rust: the wasm target, rustfmt and clippy -------------------------------------------------
command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust with rustup first"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "rust target wasm32-unknown-unknown: present"
else
    log "rust target wasm32-unknown-unknown: adding"
    rustup target add wasm32-unknown-unknown
fi
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    log "rustfmt/clippy: adding"
    rustup component add rustfmt clippy
fi

# --- cargo-installed tools -----------------------------------------------------------------------
# wasm-bindgen-cli: `--locked` fails on this registry mirror (a locked dependency is missing).
cargo_tool wasm-bindgen wasm-bindgen-cli "$WASM_BINDGEN_VERSION"
cargo_tool trunk trunk "$TRUNK_VERSION" --locked
cargo_tool wasm-pack wasm-pack "$WASM_PACK_VERSION"
# wasm-split-cli has no --version: ask cargo which version it installed.
if cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:" && command -v wasm-split-cli >/dev/null; then
    log "wasm-split-cli $WASM_SPLIT_VERSION: present"
else
    wait_for_other_install wasm_split_cli_support
    log "wasm-split-cli $WASM_SPLIT_VERSION: installing with cargo (takes a minute or two, once)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

# --- Chromium and ChromeDriver from Debian -------------------------------------------------------
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    log "chromium + chromedriver: present"
else
    log "chromium + chromedriver: installing with apt-get"
    SUDO=""
    [[ "$(id -u)" == 0 ]] || SUDO="sudo"
    $SUDO apt-get -o DPkg::Lock::Timeout=900 update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y chromium chromium-driver
fi
chromium_major="$(/usr/bin/chromium --version 2>/dev/null | grep -oE '[0-9]+' | head -n1 || true)"
driver_major="$(/usr/bin/chromedriver --version 2>/dev/null | grep -oE '[0-9]+' | head -n1 || true)"
if [[ "$chromium_major" != "$driver_major" ]]; then
    die "chromium ($chromium_major) and chromedriver ($driver_major) major versions differ: apt-get install -y chromium chromium-driver"
fi

# --- Node packages: Playwright (no browser download) and binaryen's wasm-opt --------------------
command -v node >/dev/null 2>&1 || die "node not found (Node.js >= $NODE_MAJOR_MIN is needed for the end-to-end tests)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= NODE_MAJOR_MIN)) || die "node $(node --version) is too old: need >= $NODE_MAJOR_MIN"

# node_modules is stale when package-lock.json changed since the last `npm ci`.
stamp=node_modules/.atm-setup-stamp
lock_sum="$(sha256sum package-lock.json | awk '{print $1}')"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$lock_sum" && -x node_modules/.bin/wasm-opt ]]; then
    log "node_modules: up to date"
else
    log "node_modules: npm ci"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
    echo "$lock_sum" >"$stamp"
fi
wasm_opt_version="$(node_modules/.bin/wasm-opt --version | awk '{print $3}')"
[[ "$wasm_opt_version" == 132 ]] || die "node_modules/.bin/wasm-opt is version $wasm_opt_version, expected 132"

log "ready ($((SECONDS - started))s)"
