// Shared pieces of the browser benchmark (scripts/bench-browser.sh): the static server, the
// browser launch with the e2e suite's settings and the statistics printed.
// Numbers are printed, never asserted.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';

/** A same-origin page with nothing on it: where the IndexedDB is filled before a load. */
export const BLANK_PATH = '/__bench_blank.html';

/**
 * Serves `root` as the e2e suite does (every load a first visit), plus the blank page and any
 * `pages` (path → HTML).
 */
export function serve(root, pages = {}) {
  return serveStatic(root, { pages: { [BLANK_PATH]: '<!DOCTYPE html><title>blank</title>', ...pages } });
}

/** Chromium with the e2e suite's settings, and `extraArgs` (e.g. a benchmarking switch). */
export function launch(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least p % of the samples at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export const ms = (v) => `${v.toFixed(1)} ms`;

export function summary(values) {
  return `median ${ms(percentile(values, 50))}, p95 ${ms(percentile(values, 95))}, ` +
    `min ${ms(Math.min(...values))}, max ${ms(Math.max(...values))} (n=${values.length})`;
}

