// The browser benchmark: `node bench/browser/run.mjs APP_DIST MINIMAL_DIST` (scripts/bench-browser.sh
// builds both and calls this). Prints download size, time to interactive against a minimal Leptos
// page, keypress and withdrawal latency, and start-up with a small and a large bank. Every time is
// taken inside the page with performance.now() (milliseconds since performance.timeOrigin, the
// start of the navigation), not by the test driver.
import { resolve } from 'node:path';
import { downloadSize, kb, launch, ms, percentile, serve, sumSizes, summary } from './harness.mjs';
import { idbFloor } from './idb-floor.mjs';
import { describeIdle, IDLE_SETTINGS, idleCost } from './idle.mjs';
import { describeRaster, rasterCost } from './paint.mjs';
import { PIN, seedBank } from './seed-bank.mjs';

const [appArg, minimalArg] = process.argv.slice(2);
const [appDist, minimalDist] = [appArg, minimalArg].map((p) => resolve(p));
const LOADS = Number(process.env.BENCH_LOADS || 15);
const PRESSES = Number(process.env.BENCH_PRESSES || 100);
const WITHDRAWALS = Number(process.env.BENCH_WITHDRAWALS || 40);
const BIG_USERS = Number(process.env.BENCH_BIG_USERS || 10_000);
const BIG_TXNS = Number(process.env.BENCH_BIG_TXNS || 100_000);
/**
 * `interactive` runs only the time-to-interactive part (to iterate on start-up), `withdrawal` only
 * the keypress and withdrawal part (to iterate on the store), `idle` only what drawing the first
 * screen costs and what the pages cost left alone; unset: all.
 */
const ONLY = process.env.BENCH_ONLY || '';

/**
 * "Interactive" for the ATM: the ATM screen region shows "Please insert your card" and at least
 * one wallet button "Insert card ending NNNN" (ending `last4`, when given) exists and is enabled,
 * i.e. a click would insert a card; `ATM_FIRST_CLICK` times its answer. For the minimal page:
 * its one button exists and is enabled.
 */
const atmReady = (last4 = '') => `() => {
  const screen = document.querySelector('[role="region"][aria-label="ATM screen"]');
  return !!screen && screen.textContent.includes('Please insert your card') &&
    !!document.querySelector('button[aria-label^="Insert card ending ${last4}"]:not([disabled])');
}`;
const ATM_READY = atmReady();
const MINIMAL_READY = `() => [...document.querySelectorAll('button:not([disabled])')]
  .some((b) => b.textContent === 'Clicked 0 times')`;

/**
 * The first click, made in the frame that paints the page interactive, and what answers it: for
 * the ATM, the first card inserted and the screen asking for its PIN (which needs the bank open);
 * for the minimal page, its button counting the click.
 */
const ATM_FIRST_CLICK = {
  click: `() => document.querySelector('button[aria-label^="Insert card ending "]:not([disabled])').click()`,
  answered: `() => document.querySelector('[role="region"][aria-label="ATM screen"]')
    .textContent.includes('Enter your PIN')`,
};
const MINIMAL_FIRST_CLICK = {
  click: `() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Clicked 0 times').click()`,
  answered: `() => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Clicked 1 times')`,
};

/** What the probe logs once its last time is taken. */
const DONE = 'bench:probe-done';

/**
 * Installed before any page script: watches every DOM change and records the first moment the
 * condition holds (`interactive`) and the start of the next animation frame (`frame`, the frame
 * that paints it), both in ms since the navigation started. In that frame it clicks (`first`)
 * and records when the click is answered in the DOM (`answered`) and painted (`answeredFrame`).
 * It also records when the page's first text or image reached the screen (`pixels`: the
 * browser's first contentful paint, the frame's presentation time). The start of the frame is
 * not that: the frame's style, layout, paint and rasterisation come after it, and a page that is
 * costly to draw shows up here only.
 */
function probe(ready, first) {
  return `(() => {
    const ready = ${ready};
    const click = ${first ? first.click : 'null'};
    const answered = ${first ? first.answered : 'null'};
    const DONE = ${JSON.stringify(DONE)};
    let pixels;
    let answeredFrame = false;
    const finish = () => {
      if (pixels === undefined || !answeredFrame) return;
      window.__bench.pixels = pixels;
      console.debug(DONE);
    };
    new PerformanceObserver((list) => {
      const fcp = list.getEntriesByName('first-contentful-paint')[0];
      if (fcp && pixels === undefined) {
        pixels = fcp.startTime;
        if (window.__bench) finish();
      }
    }).observe({ type: 'paint', buffered: true });
    const check = () => {
      const b = window.__bench;
      if (!b) {
        if (!ready()) return;
        window.__bench = { interactive: performance.now() };
        requestAnimationFrame(() => {
          const b = window.__bench;
          b.frame = performance.now();
          if (click) return click();
          [b.answered, b.answeredFrame] = [b.frame, b.frame];
          observer.disconnect();
          answeredFrame = true;
          finish();
        });
      } else if (b.frame !== undefined && b.answered === undefined && answered()) {
        b.answered = performance.now();
        observer.disconnect();
        requestAnimationFrame(() => {
          b.answeredFrame = performance.now();
          answeredFrame = true;
          finish();
        });
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    // A page without script (the static first screen) can be parsed whole after the observer's
    // last callback, which then never sees it complete: look again once it is parsed.
    document.addEventListener('DOMContentLoaded', check);
  })();`;
}

function watchErrors(page, errors) {
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
}

/**
 * One navigation in `context`; resolves to { interactive, frame, answered, answeredFrame, pixels } in ms
 * (without `first`, nothing is clicked and the two answers are the frame's), the start-up marks
 * (`points`) and, per file fetched, when its response ended (`fetched`), read `linger` ms after
 * the first click's answer.
 */
async function timeLoad(context, url, ready, first, errors, linger = 0) {
  const page = await context.newPage();
  watchErrors(page, errors);
  await page.addInitScript({ content: probe(ready, first) });
  // Told by a console message, not by polling: Playwright's polling evaluates its own script in
  // the page (about 20 ms of main thread on this machine), which would land inside the start-up.
  const done = page.waitForEvent('console', { predicate: (m) => m.text() === DONE, timeout: 120_000 });
  await page.goto(url, { waitUntil: 'commit' });
  await done.catch(async (e) => {
    const state = await page.evaluate(`JSON.stringify({ bench: window.__bench, ready: (${ready})(),
      paints: performance.getEntriesByType('paint').map((p) => p.name),
      screen: document.querySelector('[role="region"][aria-label="ATM screen"]')?.textContent,
      cards: document.querySelectorAll('button[aria-label^="Insert card ending "]').length,
      body: document.body?.innerHTML.slice(0, 400) })`).catch(() => '?');
    throw new Error(`${url}: the probe never finished (${state}; ${e.message})`);
  });
  // Stays on the page a while (`linger` ms) to see what it fetches once settled.
  if (linger > 0) await page.waitForTimeout(linger);
  const result = await page.evaluate(() => {
    // Where the time went: the app's start-up marks (src/ui/mod.rs; the first of each name) and
    // the wasm download.
    const points = {};
    for (const m of performance.getEntriesByType('mark')) points[m.name] ??= m.startTime;
    // Each file fetched, by name: when its response ended.
    const fetched = {};
    for (const r of performance.getEntriesByType('resource')) {
      const file = new URL(r.name).pathname.slice(1);
      fetched[file] = r.responseEnd;
      // The main module: not one split off it (scripts/split-wasm), fetched later.
      if (file.endsWith('.wasm') && !/^(split|chunk)_/.test(file)) points['wasm downloaded'] = r.responseEnd;
    }
    // On screen: what is interactive can be pressed only once it is presented, so the later of
    // the two (a page may paint "Opening the bank…" first).
    const b = window.__bench;
    return { ...b, shown: Math.max(b.interactive, b.pixels), points, fetched };
  });
  await page.close();
  return result;
}

const button = (page, name) => page.getByRole('button', { name, exact: true });

/**
 * Clicks `name` from inside the page and times until `selector`'s text satisfies the test
 * (`equals` or `includes`): `dom` when the DOM has it, `frame` at the next animation frame.
 */
async function timeClick(page, name, selector, test) {
  const handle = await button(page, name).elementHandle();
  return page.evaluate(
    ([el, selector, test]) =>
      new Promise((done, fail) => {
        const target = document.querySelector(selector);
        const holds = () => {
          const text = document.querySelector(selector)?.textContent ?? '';
          return test.equals !== undefined ? text === test.equals : text.includes(test.includes);
        };
        let t0 = 0;
        const observer = new MutationObserver(() => {
          if (!holds()) return;
          const dom = performance.now() - t0;
          observer.disconnect();
          requestAnimationFrame(() => done({ dom, frame: performance.now() - t0 }));
        });
        observer.observe(target.closest('[role="region"]') ?? document.body, {
          subtree: true, childList: true, characterData: true,
        });
        setTimeout(() => fail(new Error(`no ${JSON.stringify(test)} in ${selector}`)), 30_000);
        t0 = performance.now();
        el.click();
      }),
    [handle, selector, test],
  );
}

const SCREEN = '[role="region"][aria-label="ATM screen"]';

async function logIn(page, last4) {
  await button(page, `Insert card ending ${last4}`).click();
  await page.getByRole('region', { name: 'ATM screen' }).getByText('Enter your PIN').waitFor();
  for (const d of PIN) await button(page, d).click();
  await button(page, 'Enter').click();
  await button(page, 'Withdraw').waitFor();
}

/** Digit key → one more PIN dot in the "Typed" line, 4 digits then Clear, `PRESSES` times. */
async function keypressLatency(page, last4) {
  await button(page, `Insert card ending ${last4}`).click();
  await page.getByRole('region', { name: 'ATM screen' }).getByText('Enter your PIN').waitFor();
  const samples = [];
  while (samples.length < PRESSES) {
    for (let k = 1; k <= 4 && samples.length < PRESSES; k++) {
      samples.push(await timeClick(page, String(k), `${SCREEN} [aria-label="Typed"]`, { equals: '•'.repeat(k) }));
    }
    await button(page, 'Clear').click();
  }
  await button(page, 'Cancel').click();
  await button(page, 'Take card').click();
  await button(page, `Insert card ending ${last4}`).waitFor();
  return samples;
}

/** Enter on a $20 amount → "Please take your cash" (shown after the IndexedDB commit). */
async function withdrawalLatency(page, last4) {
  await page.waitForFunction(
    (name) => !document.querySelector(`button[aria-label="${name}"]`)?.disabled,
    `Insert card ending ${last4}`,
  );
  await logIn(page, last4);
  const samples = [];
  for (let i = 0; i < WITHDRAWALS; i++) {
    await button(page, 'Withdraw').click();
    await button(page, 'Other amount').waitFor();
    await button(page, '2').click();
    await button(page, '0').click();
    // A person presses Enter well after the last digit showed: let its frame be painted first.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    samples.push(await timeClick(page, 'Enter', SCREEN, { includes: 'Please take your cash: $20.00' }));
    await button(page, 'Take cash').click();
    await button(page, 'Take receipt').click();
    await button(page, 'Yes').click();
  }
  return samples;
}

/** Fills a fresh context's IndexedDB once, then times `LOADS` loads of the app against it. */
async function seededLoads(browser, url, bank, errors) {
  const context = await browser.newContext();
  const started = Date.now();
  const cards = await seedBank(context, url, bank);
  const seeded = Date.now() - started;
  // Interactive with this bank's own wallet: its first card's button.
  const ready = atmReady(cards[0].slice(-4));
  const loads = [];
  for (let i = 0; i < LOADS; i++) loads.push(await timeLoad(context, url + '/', ready, null, errors));
  await context.close();
  return { loads, seeded };
}

/** Where the ATM's first screen is served as a page without script (`firstScreenSnapshot`). */
const FIRST_SCREEN_PATH = '/__bench_first_screen.html';

/**
 * The ATM's first screen as a page of its own: the app's DOM once it is interactive, with the
 * inlined styles and without any script or preload. What its first visit takes to reach the
 * screen is what the markup alone costs to deliver, lay out and draw, with no wasm: the floor
 * under the app's own "on screen" figure, and the part of it no change to the code can take off.
 */
async function firstScreenSnapshot(browser, app) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(app.url + '/');
  // Cloned once the page has settled, and only while it is interactive: a clone taken while the
  // wallet redraws would never be ready, and its loads would never finish.
  await page.waitForFunction(ATM_READY, null, { timeout: 60_000 });
  await page.waitForTimeout(1000);
  let html = null;
  while (html === null) {
    html = await page.evaluate(`(() => {
      if (!(${ATM_READY})()) return null;
      const root = document.documentElement.cloneNode(true);
      for (const el of root.querySelectorAll('script, link[rel="modulepreload"], link[rel="preload"]')) el.remove();
      return '<!DOCTYPE html>\\n' + root.outerHTML;
    })()`);
    if (html === null) await page.waitForTimeout(50);
  }
  await context.close();
  return html;
}

/** How long the size's first visit stays after its first click's answer, to see what it fetches once settled. */
const LINGER_MS = 1500;

/**
 * Prints the files of a dist and their sizes. With `visit` (a first visit's `timeLoad` result),
 * sorted by when that visit fetched them: before it was interactive, after it (by `LINGER_MS`
 * after its first click was answered), or not at all. Returns the bytes the first visit downloaded in all.
 */
function printSize(title, rows, visit) {
  console.log(`\n${title}`);
  const row = (name, r) => `  ${name.padEnd(44)} ${String(r.raw).padStart(9)} B raw  ${String(r.gzip).padStart(8)} B gzip`;
  // The page itself is the navigation, not a resource entry: always the first thing fetched.
  const at = (r) => (r.name.endsWith('.html') ? 0 : visit?.fetched[r.name]);
  const before = visit ? rows.filter((r) => at(r) !== undefined && at(r) <= visit.interactive) : rows;
  const after = visit ? rows.filter((r) => at(r) !== undefined && at(r) > visit.interactive) : [];
  const never = rows.filter((r) => !before.includes(r) && !after.includes(r));
  for (const r of before) console.log(row(r.name, r));
  console.log(`${row(visit ? 'before interactive (wasm + JS + CSS + HTML)' : 'total (wasm + JS + CSS + HTML)', sumSizes(before))}  = ${kb(sumSizes(before).gzip)} gzipped`);
  if (after.length > 0) {
    console.log(`  fetched by the first visit once interactive (by ${LINGER_MS / 1000} s after its first click's answer):`);
    for (const r of after) console.log(row(r.name, r));
  }
  const all = sumSizes([...before, ...after]);
  if (visit) console.log(`${row('a first visit in all', all)}  = ${kb(all.gzip)} gzipped`);
  if (never.length > 0) {
    console.log('  not fetched by a first visit (fetched when first used):');
    for (const r of never) console.log(row(r.name, r));
  }
  return all;
}

const times = (loads, key) => loads.map((l) => l[key]);

/** What each start-up mark means (src/ui/mod.rs sets them). */
const POINTS = {
  'wasm downloaded': 'response end of the .wasm',
  'atm:main': 'wasm compiled and instantiated, main() starts',
  'atm:bank-open': 'the bank open (first visit: IndexedDB created, the demo bank written)',
  'atm:room': 'the room starts to build (then reads the wallet and the machines)',
  interactive: 'interactive (DOM)',
  frame: 'next frame',
  pixels: 'on screen (first contentful paint)',
};

/** The median time of each start-up point over `loads` (BENCH_ONLY=interactive). */
function printPoints(title, loads) {
  console.log(`  ${title}: median ms from navigation start, and since the point before`);
  const medians = [];
  for (const [key, meaning] of Object.entries(POINTS)) {
    const values = loads.map((l) => (key in l ? l[key] : l.points[key])).filter((v) => v !== undefined);
    if (values.length > 0) medians.push({ meaning, at: percentile(values, 50) });
  }
  // In the order they happen (on a first visit the machine is usable before the bank is open).
  medians.sort((a, b) => a.at - b.at);
  let before = 0;
  for (const { meaning, at } of medians) {
    console.log(`    ${meaning.padEnd(64)} ${at.toFixed(1).padStart(7)}  (+${(at - before).toFixed(1)})`);
    before = at;
  }
}

/**
 * Keypress and withdrawal latency in a seeded bank, then the floor under the withdrawal: the
 * same kind of IndexedDB transaction in plain JavaScript.
 */
async function latency(browser, app, errors) {
  console.log('\n== Keypress → PIN dot, and withdrawal with the IndexedDB commit ==');
  const context = await browser.newContext();
  const cards = await seedBank(context, app.url, { users: 10, transactions: 10 });
  const page = await context.newPage();
  watchErrors(page, errors);
  await page.goto(app.url + '/');
  const last4 = cards[0].slice(-4);
  await button(page, `Insert card ending ${last4}`).waitFor();
  const presses = await keypressLatency(page, last4);
  console.log(`  keypad digit click → dot in the DOM : ${summary(times(presses, 'dom'))}`);
  console.log(`  keypad digit click → next frame     : ${summary(times(presses, 'frame'))}`);
  const withdrawals = await withdrawalLatency(page, last4);
  const wDom = times(withdrawals, 'dom');
  console.log(`  Enter on $20 → "Please take your cash" in the DOM: ${summary(wDom)}`);
  console.log(`  Enter on $20 → next frame                       : ${summary(times(withdrawals, 'frame'))}`);
  const p95 = percentile(wDom, 95);
  console.log(`  withdrawal p50 ${ms(percentile(wDom, 50))}, p95 ${ms(p95)} (budget p95 ≤ 10 ms: ${p95 <= 10 ? 'met' : 'NOT met'})`);
  await context.close();
  const floor = await idbFloor(browser, app.url, WITHDRAWALS);
  console.log('  the floor: IndexedDB alone (plain JS, blank page), readwrite over 8 stores, start → commit:');
  console.log(`    empty transaction          : ${summary(floor[0])}`);
  console.log(`    8 gets in 1 batch, 8 puts  : ${summary(floor[1])}`);
  console.log(`    8 gets in 3 batches, 8 puts: ${summary(floor[3])}`);
}

/** BENCH_ONLY=withdrawal: only the latency part. */
async function latencyOnly() {
  const app = await serve(appDist);
  const browser = await launch();
  const errors = [];
  try {
    await latency(browser, app, errors);
  } finally {
    await browser.close();
    await app.close();
  }
  console.log(`\nPage errors during the run: ${errors.length}`);
  for (const e of errors.slice(0, 10)) console.log(`  ${e}`);
}

/** Keypress and withdrawal latency, then start-up with a small and a large bank. */
async function latencyAndStartUp(browser, app, errors) {
  await latency(browser, app, errors);

  console.log(`\n== Start-up with a small and a large bank (IndexedDB filled before the first load; same context, no-store HTTP) ==`);
  const small = await seededLoads(browser, app.url, { users: 10, transactions: 10 }, errors);
  console.log(`  10 accounts, 10 transactions (seeded in ${small.seeded} ms):`);
  console.log(`    DOM ready : ${summary(times(small.loads, 'interactive'))}`);
  console.log(`    next frame: ${summary(times(small.loads, 'frame'))}`);
  const big = await seededLoads(browser, app.url, { users: BIG_USERS, transactions: BIG_TXNS }, errors);
  console.log(`  ${BIG_USERS.toLocaleString('en')} accounts (one card each), ${BIG_TXNS.toLocaleString('en')} transactions (seeded in ${big.seeded} ms):`);
  console.log(`    DOM ready : ${summary(times(big.loads, 'interactive'))}`);
  console.log(`    next frame: ${summary(times(big.loads, 'frame'))}`);
  const startRatio = percentile(times(big.loads, 'frame'), 50) / percentile(times(small.loads, 'frame'), 50);
  console.log(`  ratio of medians, large ÷ small: ${startRatio.toFixed(2)}× (budget ≤ 1.5×: ${startRatio <= 1.5 ? 'met' : 'NOT met'})`);
}

/**
 * What drawing the first screen costs, and what the ATM costs left waiting for a card; the
 * minimal page for comparison.
 */
async function idle(browser, app, minimal) {
  console.log('\n== Drawing the first screen (Chromium\'s rasterize_and_record micro-benchmark, software raster) ==');
  console.log(`  ATM app, waiting for a card: ${describeRaster(await rasterCost(app.url + '/', ATM_READY))}`);
  console.log(`  minimal Leptos page        : ${describeRaster(await rasterCost(minimal.url + '/', MINIMAL_READY))}`);
  console.log(`\n== Idle: the page left alone, ${IDLE_SETTINGS} (first visit; CPU time per second) ==`);
  console.log(`  ATM app, waiting for a card: ${describeIdle(await idleCost(browser, app.url + '/', ATM_READY))}`);
  console.log(`  minimal Leptos page        : ${describeIdle(await idleCost(browser, minimal.url + '/', MINIMAL_READY))}`);
}

async function main() {
  const chromeVersion = (await (async () => {
    const b = await launch();
    const v = b.version();
    await b.close();
    return v;
  })());
  console.log(`Browser: headless Chromium ${chromeVersion}; ${LOADS} loads per figure; times in ms from navigation start.`);
  if (ONLY === 'withdrawal') return latencyOnly();

  const app = await serve(appDist);
  const minimal = await serve(minimalDist);
  const browser = await launch();
  const errors = [];
  try {
    if (ONLY === 'idle') return await idle(browser, app, minimal);
    console.log('\n== Download size (gzip -9; budget: app ≤ 100 KB gzipped, all a first visit downloads) ==');
    // Which files a first visit fetches, and when: measured, from one visit (fresh profile).
    const context = await browser.newContext();
    const visit = await timeLoad(context, app.url + '/', ATM_READY, ATM_FIRST_CLICK, errors, LINGER_MS);
    await context.close();
    const appAll = printSize(`ATM app (${appArg})`, await downloadSize(appDist), visit);
    printSize(`minimal Leptos page (${minimalArg})`, await downloadSize(minimalDist));
    const appGzipKb = appAll.gzip / 1000;
    console.log(`  budget ≤ 100 KB gzipped: ${appGzipKb.toFixed(1)} KB → ${appGzipKb <= 100 ? 'met' : 'NOT met'}`);

    console.log('\n== Time to interactive, first visit (fresh profile per load) ==');
    console.log('  ATM interactive = ATM screen shows "Please insert your card" and an "Insert card ending NNNN" button is enabled');
    console.log('  minimal interactive = its one button "Clicked 0 times" is in the DOM and enabled');
    console.log('  ATM first screen, static = the same markup and styles saved once the ATM is interactive, without any script');
    const still = await serve(appDist, { [FIRST_SCREEN_PATH]: await firstScreenSnapshot(browser, app) });
    // Alternate the three so all see the same machine load.
    const appLoads = [];
    const minLoads = [];
    const stillLoads = [];
    try {
      for (let i = 0; i < LOADS; i++) {
        const [a, m, s] = [await browser.newContext(), await browser.newContext(), await browser.newContext()];
        appLoads.push(await timeLoad(a, app.url + '/', ATM_READY, ATM_FIRST_CLICK, errors));
        minLoads.push(await timeLoad(m, minimal.url + '/', MINIMAL_READY, MINIMAL_FIRST_CLICK, errors));
        stillLoads.push(await timeLoad(s, still.url + FIRST_SCREEN_PATH, ATM_READY, null, errors));
        await Promise.all([a.close(), m.close(), s.close()]);
      }
    } finally {
      await still.close();
    }
    console.log(`  ATM app        DOM ready : ${summary(times(appLoads, 'interactive'))}`);
    console.log(`  ATM app        next frame: ${summary(times(appLoads, 'frame'))}`);
    console.log(`  ATM app        on screen : ${summary(times(appLoads, 'shown'))}`);
    console.log(`  minimal Leptos DOM ready : ${summary(times(minLoads, 'interactive'))}`);
    console.log(`  minimal Leptos next frame: ${summary(times(minLoads, 'frame'))}`);
    console.log(`  minimal Leptos on screen : ${summary(times(minLoads, 'shown'))}`);
    console.log(`  ATM first screen, static, DOM ready : ${summary(times(stillLoads, 'interactive'))}`);
    console.log(`  ATM first screen, static, on screen : ${summary(times(stillLoads, 'shown'))}`);
    console.log('  (on screen = interactive and presented: the later of that and the first contentful paint)');
    const ratio = percentile(times(appLoads, 'frame'), 50) / percentile(times(minLoads, 'frame'), 50);
    console.log(`  ratio of medians (next frame), app ÷ minimal: ${ratio.toFixed(2)}× (budget ≤ 1.3×: ${ratio <= 1.3 ? 'met' : 'NOT met'})`);
    const shownRatio = percentile(times(appLoads, 'shown'), 50) / percentile(times(minLoads, 'shown'), 50);
    console.log(`  ratio of medians (on screen), app ÷ minimal: ${shownRatio.toFixed(2)}× (budget ≤ 1.3×: ${shownRatio <= 1.3 ? 'met' : 'NOT met'})`);
    const stillRatio = percentile(times(stillLoads, 'shown'), 50) / percentile(times(minLoads, 'shown'), 50);
    console.log(`  ratio of medians (on screen), the static first screen ÷ minimal: ${stillRatio.toFixed(2)}× (what the markup alone costs)`);
    console.log('  first click, made in that frame: ATM = a card inserted until "Enter your PIN" (needs the bank open); minimal = "Clicked 1 times"');
    console.log(`  ATM app        answered, next frame: ${summary(times(appLoads, 'answeredFrame'))}`);
    console.log(`  minimal Leptos answered, next frame: ${summary(times(minLoads, 'answeredFrame'))}`);
    const answeredRatio = percentile(times(appLoads, 'answeredFrame'), 50) / percentile(times(minLoads, 'answeredFrame'), 50);
    console.log(`  ratio of medians (first click answered, next frame), app ÷ minimal: ${answeredRatio.toFixed(2)}×`);
    if (ONLY === 'interactive') {
      printPoints('ATM app', appLoads);
      printPoints('minimal Leptos', minLoads);
    } else {
      await idle(browser, app, minimal);
      await latencyAndStartUp(browser, app, errors);
    }
  } finally {
    await browser.close();
    await app.close();
    await minimal.close();
  }
  console.log(`\nPage errors during the run: ${errors.length}`);
  for (const e of errors.slice(0, 10)) console.log(`  ${e}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
