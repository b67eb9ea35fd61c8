// Two release builds of the app side by side with the minimal Leptos page, in one run:
// `node bench/browser/compare.mjs BEFORE_DIST AFTER_DIST MINIMAL_DIST` (scripts/bench-compare.sh).
// First visits (a fresh browser context each) of the three pages alternate, BENCH_LOADS (11)
// each, on localhost and under Fast 3G with the CPU slowed 4×; every time is taken inside the
// page, in ms since the navigation started. Prints numbers and asserts nothing.
import { resolve } from 'node:path';
import { launch, percentile, serve } from './harness.mjs';

const dists = process.argv.slice(2, 5).map((p) => resolve(p));
const LOADS = Number(process.env.BENCH_LOADS || 11);

/** Chrome DevTools' "Fast 3G" with the issue's figures: 1.6 Mbps down, 750 kbps up, 150 ms RTT. */
const FAST_3G = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 };
const CONDITIONS = [
  { name: 'localhost', network: null, cpu: 1 },
  { name: 'Fast 3G (1.6 Mbps, 150 ms RTT) + CPU 4× slower', network: FAST_3G, cpu: 4 },
];

/**
 * "A card can be inserted": the ATM screen says "Please insert your card" and a wallet button
 * "Insert card ending NNNN" is enabled. Both, because a build may show "Opening the bank…" with
 * the wallet already drawn. Its first click is answered when the screen asks for the PIN.
 */
const ATM = {
  ready: `() => {
    const screen = document.querySelector('[role="region"][aria-label="ATM screen"]');
    return !!screen && screen.textContent.includes('Please insert your card') &&
      !!document.querySelector('button[aria-label^="Insert card ending "]:not([disabled])');
  }`,
  click: `() => document.querySelector('button[aria-label^="Insert card ending "]:not([disabled])').click()`,
  answered: `() => document.querySelector('[role="region"][aria-label="ATM screen"]').textContent.includes('Enter your PIN')`,
};
/** The minimal page: its one button, enabled; its click is answered when the count moves. */
const MINIMAL = {
  ready: `() => [...document.querySelectorAll('button:not([disabled])')].some((b) => b.textContent === 'Clicked 0 times')`,
  click: `() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Clicked 0 times').click()`,
  answered: `() => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Clicked 1 times')`,
};
const PAGES = [
  { name: 'before', dist: dists[0], kind: ATM },
  { name: 'after', dist: dists[1], kind: ATM },
  { name: 'minimal', dist: dists[2], kind: MINIMAL },
];

const DONE = 'bench:compare-done';

/**
 * Installed before any page script: records when the page is ready (DOM), clicks in the next
 * frame and records when the click is answered, and takes the first contentful paint; logs
 * DONE once it has all three.
 */
const probe = ({ ready, click, answered }) => `(() => {
  const [ready, click, answered] = [${ready}, ${click}, ${answered}];
  const b = (window.__bench = {});
  const finish = () => b.pixels !== undefined && b.answered !== undefined && console.debug(${JSON.stringify(DONE)});
  new PerformanceObserver((list) => {
    const fcp = list.getEntriesByName('first-contentful-paint')[0];
    if (fcp && b.pixels === undefined) { b.pixels = fcp.startTime; finish(); }
  }).observe({ type: 'paint', buffered: true });
  const check = () => {
    if (b.ready === undefined && ready()) {
      b.ready = performance.now();
      requestAnimationFrame(() => { b.clicked = performance.now(); click(); check(); });
    } else if (b.clicked !== undefined && b.answered === undefined && answered()) {
      b.answered = performance.now();
      observer.disconnect();
      finish();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  document.addEventListener('DOMContentLoaded', check);
})();`;

/** One first visit of `url` in a fresh context under `condition`: the probe's times and the bytes fetched by then. */
async function visit(browser, url, kind, condition, errors) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const cdp = await context.newCDPSession(page);
  if (condition.network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', condition.network);
  }
  if (condition.cpu !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: condition.cpu });
  await page.addInitScript({ content: probe(kind) });
  const done = page.waitForEvent('console', { predicate: (m) => m.text() === DONE, timeout: 180_000 });
  await page.goto(url, { waitUntil: 'commit' });
  await done;
  const result = await page.evaluate(() => {
    // Bytes on the wire (headers and the gzipped body) of the page and of every response that
    // ended before the page was ready, and before the click was answered.
    const b = window.__bench;
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    const until = (t) => entries.filter((e) => e.responseEnd <= t).reduce((sum, e) => sum + e.transferSize, 0);
    // A person can insert the card once it is enabled and the page is on screen.
    return { ...b, shown: Math.max(b.ready, b.pixels), bytesReady: until(b.ready), bytesAnswered: until(b.answered) };
  });
  await context.close();
  return result;
}

const median = (loads, key) => percentile(loads.map((l) => l[key]), 50);
const FIGURES = [
  ['pixels', 'first pixels (first contentful paint)', 'ms'],
  ['ready', 'a card can be inserted, in the DOM (minimal: button)', 'ms'],
  ['shown', 'a card can be inserted and pixels are on screen', 'ms'],
  ['answered', 'first click answered (ATM: "Enter your PIN")', 'ms'],
  ['bytesReady', 'bytes fetched until a card can be inserted', 'KB'],
  ['bytesAnswered', 'bytes fetched until the first click is answered', 'KB'],
];

function report(condition, loads) {
  console.log(`\n== ${condition.name}: medians of ${LOADS} first visits each ==`);
  const head = `  ${'figure'.padEnd(52)}${'before'.padStart(10)}${'after'.padStart(10)}${'minimal'.padStart(10)}`;
  console.log(`${head}${'before÷min'.padStart(12)}${'after÷min'.padStart(11)}${'after÷before'.padStart(14)}`);
  for (const [key, title, unit] of FIGURES) {
    const [b, a, m] = PAGES.map((p) => median(loads[p.name], key));
    const show = (v) => (unit === 'KB' ? `${(v / 1000).toFixed(1)} KB` : `${v.toFixed(0)} ms`).padStart(10);
    const ratio = (x, y) => `${(x / y).toFixed(2)}×`;
    console.log(`  ${title.padEnd(52)}${show(b)}${show(a)}${show(m)}${ratio(b, m).padStart(12)}${ratio(a, m).padStart(11)}${ratio(a, b).padStart(14)}`);
  }
}

async function main() {
  const servers = await Promise.all(PAGES.map((p) => serve(p.dist)));
  const browser = await launch();
  console.log(`Browser: headless Chromium ${browser.version()}; ${LOADS} first visits per page and condition, alternating.`);
  PAGES.forEach((p, i) => console.log(`  ${p.name.padEnd(8)} ${p.dist} (${servers[i].url})`));
  const errors = [];
  const started = Date.now();
  try {
    // One visit each first, not counted: warms the servers' gzip and the browser's own start-up.
    for (const [i, p] of PAGES.entries()) await visit(browser, servers[i].url + '/', p.kind, CONDITIONS[0], errors);
    for (const condition of CONDITIONS) {
      const loads = Object.fromEntries(PAGES.map((p) => [p.name, []]));
      for (let n = 0; n < LOADS; n++) {
        // Rotated each round, so that no page always follows the same one.
        for (let k = 0; k < PAGES.length; k++) {
          const i = (n + k) % PAGES.length;
          loads[PAGES[i].name].push(await visit(browser, servers[i].url + '/', PAGES[i].kind, condition, errors));
        }
      }
      report(condition, loads);
    }
  } finally {
    await browser.close();
    await Promise.all(servers.map((s) => s.close()));
  }
  console.log(`\nWall time of the measured visits: ${((Date.now() - started) / 1000).toFixed(0)} s. Page errors: ${errors.length}`);
  for (const e of errors.slice(0, 10)) console.log(`  ${e}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
