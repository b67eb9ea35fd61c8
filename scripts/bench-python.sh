#!/usr/bin/env bash
# The seed note's design (bench/python/seed_design.py) against our Rust core on the same
# workload: login + logout on scattered cards of a bank of 1,000 and 100,000 users, nanoseconds
# per pair, best of five runs each. Then the seed's withdrawal, which deadlocks: it is run on a
# worker thread with a timeout and reported as such, never as a number. Prints, asserts nothing.
# Knob: BENCH_DEADLOCK_WAIT (seconds to wait for the seed's withdrawal, default 3).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
WAIT="${BENCH_DEADLOCK_WAIT:-3}"

echo "[bench-python] machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(python3 --version)"
echo "[bench-python] load average before the run: $(cut -d" " -f1-3 /proc/loadavg)"
echo "[bench-python] building the Rust side (cargo build --profile bench --example login_lookup)"
cargo build --quiet --profile bench --example login_lookup
RUST_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/login_lookup"

echo
echo "Login + logout, ns per pair (best of 5 runs; Python: the seed's global lock and O(n) scan,"
echo "PIN compared in clear; Rust: sharded hash maps, PIN checked with a 1-iteration PBKDF2 hash,"
echo "as in benches/operations.rs)"
printf '%-10s %14s %14s %14s\n' users python rust "python/rust"
for spec in "1000 5000" "100000 100"; do
  set -- $spec
  py=$(python3 bench/python/seed_design.py login "$1" "$2")
  rs=$("$RUST_BIN" "$1" 20000)
  printf '%-10s %14s %14s %13s×\n' "$1" "$py" "$rs" "$(python3 -c "print(f'{$py/$rs:,.0f}')")"
  eval "py_$1=$py; rs_$1=$rs"
done
echo
echo "Growth from 1,000 to 100,000 users: python $(python3 -c "print(f'{$py_100000/$py_1000:.1f}')")×, rust $(python3 -c "print(f'{$rs_100000/$rs_1000:.2f}')")×"
echo
echo "Withdrawal (\$20) on the seed design: $(python3 bench/python/seed_design.py withdraw "$WAIT")"
echo "  (The note's Account.withdraw holds its non-reentrant lock and calls can_withdraw, which"
echo "  takes it again; ATMMachine.dispense_cash does the same with has_cash. seed_design.py keeps"
echo "  both (Account.take -> allowed, Machine.pay_out -> can_pay). The thread blocks on itself:"
echo "  no withdrawal ever completes, so there is no time to compare. SPEC.md lists this defect.)"
