// What drawing a page costs the browser, apart from building it: Chromium's own
// rasterize_and_record micro-benchmark (the `chrome.gpuBenchmarking` API that
// `--enable-gpu-benchmarking` turns on) run on the page once it is ready and settled. It
// rasterises every layer of the page in software, as this machine's Chromium does, and reports
// the time that took. Blurred shadows, gradients over large areas and the like cost here; on a
// busy machine that cost also delays the first frame on screen, which the time-to-interactive
// section prints as "on screen".

import { launch, openSettled } from './harness.mjs';

const RUNS = 7;
/** Each run rasterises the page this many times; Chromium reports the time of one raster. */
const REPEATS = 60;

/**
 * Opens `url` in a browser of its own (the benchmarking switch changes nothing else), waits
 * until `ready` (a function body run in the page) holds and `settleMs` more, and resolves to
 * { ms, pixels }: the fastest of RUNS runs, and the pixels rasterised.
 */
export async function rasterCost(url, ready, settleMs = 1500) {
  const browser = await launch(['--enable-gpu-benchmarking']);
  try {
    // Reduced motion: no animation is running while the page is rasterised.
    const page = await (await browser.newContext({ reducedMotion: 'reduce' })).newPage();
    await openSettled(page, url, ready, settleMs);
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await page.evaluate((repeats) => new Promise((done, fail) => {
        const sent = chrome.gpuBenchmarking.runMicroBenchmark('rasterize_and_record_benchmark', done, {
          rasterize_repeat_count: repeats,
          record_repeat_count: 1,
        });
        if (!sent) fail(new Error('rasterize_and_record_benchmark did not start'));
      }), REPEATS));
    }
    return { ms: Math.min(...runs.map((r) => r.rasterize_time_ms)), pixels: runs[0].pixels_rasterized };
  } finally {
    await browser.close();
  }
}

export const describeRaster = ({ ms, pixels }) =>
  `${ms.toFixed(2)} ms to rasterise the page (${(pixels / 1e6).toFixed(2)} Mpx; fastest of ${RUNS} runs)`;
