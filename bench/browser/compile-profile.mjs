// scripts/startup-profile.sh: which wasm functions a first visit compiles before the ATM is
// interactive. `node bench/browser/compile-profile.mjs DIR` (DIR: index.html, atm-sim.js and a
// names-kept atm-sim_bg.wasm). Chromium prints each function it compiles
// (--trace-wasm-compilation-times) with its index; the wasm's name section turns indexes into
// names. The page marks the moment it becomes interactive in that same output by compiling a
// one-function module of its own then.
import { chromium } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config.mjs';
import { percentile, serve } from './harness.mjs';

const [dir] = process.argv.slice(2);
const LOADS = Number(process.env.PROFILE_LOADS || 5);
/** How many of the costliest functions to list (median compile time over the loads). */
const TOP = Number(process.env.PROFILE_TOP || 15);

/** Function index → name, from the wasm's `name` custom section (function names, subsection 1). */
function functionNames(bytes) {
  let at = 8;
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++];
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
  };
  const text = (n) => new TextDecoder().decode(bytes.subarray(at, (at += n)));
  const names = new Map();
  while (at < bytes.length) {
    const id = bytes[at++];
    const end = leb() + at;
    if (id === 0 && text(leb()) === 'name') {
      while (at < end) {
        const sub = bytes[at++];
        const subEnd = leb() + at;
        if (sub === 1) {
          for (let count = leb(); count > 0; count--) {
            const index = leb();
            names.set(index, text(leb()));
          }
        }
        at = subEnd;
      }
    }
    at = end;
  }
  return names;
}

const GROUPS = [
  ['drop_in_place', 'drop glue'],
  ['tachys', "tachys (Leptos's renderer)"],
  ['reactive_graph', "reactive_graph (Leptos's signals)"],
  ['leptos', 'leptos'],
  ['serde_json', 'serde_json'],
  ['atm_core', 'atm_core'],
  ['atm_sim', 'atm_sim (the app)'],
  ['wasm_bindgen', 'wasm_bindgen / js_sys / web_sys'],
  ['js_sys', 'wasm_bindgen / js_sys / web_sys'],
  ['web_sys', 'wasm_bindgen / js_sys / web_sys'],
  ['indexed_db_futures', 'indexed_db_futures'],
  ['hashbrown', 'hashbrown'],
  ['alloc::', 'alloc / core / std'],
  ['core::', 'alloc / core / std'],
  ['std::', 'alloc / core / std'],
];
const group = (name = '?') => GROUPS.find(([part]) => name.includes(part))?.[1] ?? 'other';

// Interactive as in run.mjs; then a tiny module of the page's own is compiled: the marker.
const PROBE = `(() => {
  const o = new MutationObserver(() => {
    const screen = document.querySelector('[role="region"][aria-label="ATM screen"]');
    if (!screen || !screen.textContent.includes('Please insert your card') ||
        !document.querySelector('button[aria-label^="Insert card ending "]:not([disabled])')) return;
    o.disconnect();
    const empty = new Uint8Array([0,97,115,109,1,0,0,0,1,4,1,96,0,0,3,2,1,0,7,5,1,1,102,0,0,10,4,1,2,0,11]);
    new WebAssembly.Instance(new WebAssembly.Module(empty)).exports.f();
    window.__marked = true;
  });
  o.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`;

// Liftoff compiles a function on its first call, on the thread that calls it (the page's main
// thread); TurboFan recompiles the hot ones later on background threads (dynamic tiering), so
// only the Liftoff lines are time the page waits for.
const COMPILED = /Compiled function (0x[0-9a-f]+)#(\d+) using (\w+), took (\d+) μs/;

async function main() {
  const names = functionNames(new Uint8Array(await readFile(join(dir, 'atm-sim_bg.wasm'))));
  const server = await chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, '--js-flags=--trace-wasm-compilation-times'],
  });
  let lines = [];
  let partial = '';
  server.process().stdout.on('data', (chunk) => {
    const text = partial + chunk.toString();
    const all = text.split('\n');
    partial = all.pop();
    lines.push(...all);
  });
  const browser = await chromium.connect(server.wsEndpoint());
  const site = await serve(dir);
  const loads = [];
  try {
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript({ content: PROBE });
      lines = [];
      await page.goto(site.url + '/');
      await page.waitForFunction(() => window.__marked === true, null, { timeout: 60_000 });
      await page.waitForTimeout(200);
      const compiled = lines.map((l) => l.match(COMPILED)).filter(Boolean);
      // The app's module compiles far more functions than the one-function marker.
      const counts = new Map();
      for (const m of compiled) counts.set(m[1], (counts.get(m[1]) || 0) + 1);
      const app = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
      const marker = compiled.findIndex((m) => m[1] !== app);
      const ours = compiled.slice(0, marker < 0 ? compiled.length : marker).filter((m) => m[1] === app);
      const before = ours.filter((m) => m[3] === 'Liftoff');
      const tierUps = ours.filter((m) => m[3] !== 'Liftoff');
      const byGroup = new Map();
      const byFunction = new Map();
      for (const m of before) {
        const name = names.get(Number(m[2])) ?? `#${m[2]}`;
        byFunction.set(name, (byFunction.get(name) || 0) + Number(m[4]));
        const g = group(name);
        const row = byGroup.get(g) || { functions: 0, us: 0 };
        row.functions += 1;
        row.us += Number(m[4]);
        byGroup.set(g, row);
      }
      const us = (ms) => ms.reduce((t, m) => t + Number(m[4]), 0);
      loads.push({ functions: before.length, us: us(before), tierUps: tierUps.length, tierUpUs: us(tierUps), byGroup, byFunction });
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    await site.close();
  }
  console.log(`wasm functions compiled on a first visit before the ATM is interactive (${LOADS} loads)`);
  console.log(`  per load: ${loads.map((l) => l.functions).join(', ')} functions compiled by Liftoff on the ` +
    `main thread, ${loads.map((l) => (l.us / 1000).toFixed(1)).join(', ')} ms`);
  console.log(`  meanwhile on background threads (TurboFan tier-up of hot functions, not waited for): ` +
    `${loads.map((l) => l.tierUps).join(', ')} functions, ${loads.map((l) => (l.tierUpUs / 1000).toFixed(1)).join(', ')} ms`);
  const groups = new Set(loads.flatMap((l) => [...l.byGroup.keys()]));
  const rows = [...groups].map((g) => {
    const of = (key) => percentile(loads.map((l) => l.byGroup.get(g)?.[key] ?? 0), 50);
    return { g, functions: of('functions'), ms: of('us') / 1000 };
  });
  console.log('  Liftoff, median per load, by crate:');
  for (const r of rows.sort((a, b) => b.functions - a.functions)) {
    console.log(`    ${String(r.functions).padStart(5)} functions  ${r.ms.toFixed(1).padStart(5)} ms  ${r.g}`);
  }
  const functions = new Set(loads.flatMap((l) => [...l.byFunction.keys()]));
  const costliest = [...functions]
    .map((name) => ({ name, ms: percentile(loads.map((l) => l.byFunction.get(name) ?? 0), 50) / 1000 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, TOP);
  console.log(`  Liftoff, the ${TOP} costliest (median ms per load; under load a thread descheduled mid-compile inflates one):`);
  for (const f of costliest) {
    console.log(`    ${f.ms.toFixed(2).padStart(6)} ms  ${f.name.replace(/::h[0-9a-f]{16}$/, '').slice(0, 110)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
