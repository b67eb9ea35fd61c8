#!/usr/bin/env bash
# Where the release wasm's bytes go: the app built as `trunk build --release` builds it (the back
# office split off), run through wasm-bindgen and `wasm-opt -O2` (index.html's level) with
# function names kept, then measured with twiggy (https://github.com/rustwasm/twiggy; `cargo
# install twiggy` if it is missing) and summed by crate. Prints the biggest functions and the total per crate, in bytes
# after wasm-opt.
#
#   scripts/wasm-profile.sh            # TOP=25 by default
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
command -v twiggy >/dev/null || { echo "twiggy is missing: cargo install twiggy" >&2; exit 1; }

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
scripts/named-wasm.sh "$OUT"
twiggy top -n 100000 -f csv "$OUT/atm-sim_bg.wasm" >"$OUT/top.csv"
shopt -s nullglob
for wasm in "$OUT"/split_*.wasm; do
    echo "$(basename "$wasm" .wasm), split off, fetched when first used and not profiled below:" \
        "$(stat -c %s "$wasm") bytes (names kept)"
done

python3 - "$OUT/top.csv" "${TOP:-25}" <<'PY'
import collections, csv, re, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]))
        if 'subsection' not in r['Name'] and 'custom section' not in r['Name']]
top = int(sys.argv[2])
total = sum(int(r['ShallowSize']) for r in rows)

def group(name):
    if 'drop_in_place' in name: return 'drop glue (core::ptr::drop_in_place)'
    if re.search(r'core.*::slice::sort', name): return 'sorting (core::slice::sort)'
    for crate in ('serde_json', 'serde', 'tachys', 'reactive_graph', 'leptos', 'atm_core',
                  'indexed_db_futures', 'js_sys', 'web_sys', 'wasm_bindgen', 'hashbrown',
                  'dlmalloc', 'sha2', 'alloc', 'core', 'std'):
        if re.match(r'<?&?(mut )?' + crate + r'\b', name) or name.startswith(crate + '['):
            return crate
    m = re.match(r'<?&?(?:mut )?(atm_sim::\w+(?:::\w+)?)', name)
    if m: return m.group(1)
    if name.startswith('data'): return 'data (strings, tables)'
    return 'other'

by = collections.Counter()
for r in rows:
    by[group(r['Name'])] += int(r['ShallowSize'])
print(f'main wasm (what a first visit loads) after wasm-opt -O2 (names kept): {total} bytes of code and data\n')
print('by crate / module:')
for name, size in by.most_common():
    print(f'  {size:9d} B  {100 * size / total:5.1f} %  {name}')
print(f'\nthe {top} largest items:')
for r in sorted(rows, key=lambda r: -int(r['ShallowSize']))[:top]:
    name = re.sub(r'::h[0-9a-f]{16}$', '', r['Name'])
    print(f'  {int(r["ShallowSize"]):7d} B  {name[:110]}')
PY
