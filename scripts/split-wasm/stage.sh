#!/usr/bin/env bash
# Trunk's post-build hook: the second half of the back office split, explained in
# scripts/split-wasm/wasm-bindgen.
set -euo pipefail
: "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}" "${TRUNK_PROFILE:?}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
stage="$TRUNK_STAGING_DIR"
split="${CARGO_TARGET_DIR:-$ROOT/target}/wasm-bindgen/$TRUNK_PROFILE/split"

for js in "$stage"/atm-sim*.js; do
    [[ -f "$js" ]] || continue
    if grep -q '__wasm_split_placeholder__' "$js"; then
        echo "split-wasm: $(basename "$js") was bound without splitting: run Trunk with" \
            "scripts/split-wasm first on PATH (scripts/dist.sh, scripts/run.sh do)" >&2
        exit 1
    fi
    loader="$(grep -o '__wasm_split-[0-9a-f]*\.js' "$js" | head -n1 || true)"
    [[ -n "$loader" ]] || continue
    [[ -f "$split/$loader" ]] || { echo "split-wasm: $split/$loader is missing" >&2; exit 1; }
    main="$(basename "$js")"
    sed "s|\"\\./atm-sim\\.js\"|\"./$main\"|" "$split/$loader" >"$stage/$loader"
    for chunk in "$split"/*.wasm; do
        name="$(basename "$chunk" .wasm)"
        if [[ "$TRUNK_PROFILE" == release ]]; then
            # A split module loses rustc's target-features section: name the features it enables.
            wasm-opt -O2 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
                --enable-mutable-globals --enable-reference-types --enable-multivalue \
                "$chunk" -o "$stage/$name.tmp.wasm" 2> >(grep -v 'unknown name subsection' >&2)
        else
            cp "$chunk" "$stage/$name.tmp.wasm"
        fi
        hashed="$name-$(sha256sum "$stage/$name.tmp.wasm" | cut -c1-16).wasm"
        mv "$stage/$name.tmp.wasm" "$stage/$hashed"
        sed -i "s|\"\\./$name\\.wasm\"|\"./$hashed\"|" "$stage/$loader"
        grep -q "\"./$hashed\"" "$stage/$loader" || { echo "split-wasm: the loader does not fetch $name.wasm" >&2; exit 1; }
    done
    grep -q "\"./$main\"" "$stage/$loader" || { echo "split-wasm: the loader does not import the main JS" >&2; exit 1; }
    # The main JS imports the loader: preload it beside the main JS (with its integrity), as
    # Trunk does for that one. The page is minified in release builds: match the tag by its parts.
    node - "$stage/index.html" "$main" "$loader" <<'JS'
const fs = require('fs');
const [html, main, loader] = process.argv.slice(2);
const page = fs.readFileSync(html, 'utf8');
const tag = (page.match(/<link\b[^>]*>/g) || [])
  .find((t) => /\bmodulepreload\b/.test(t) && t.includes(`./${main}`));
if (!tag) throw new Error(`split-wasm: index.html has no modulepreload of ${main}`);
const integrity = 'sha384-' + require('crypto').createHash('sha384')
  .update(fs.readFileSync(require('path').join(require('path').dirname(html), loader))).digest('base64');
const preload = `<link rel="modulepreload" href="./${loader}" crossorigin="anonymous" integrity="${integrity}">`;
fs.writeFileSync(html, page.replace(tag, () => tag + preload));
JS
done
