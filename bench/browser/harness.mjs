// Shared pieces of the browser benchmark (scripts/bench-browser.sh): the static server, the
// browser launch with the e2e suite's settings, download sizes and the statistics printed.
// Numbers are printed, never asserted.
import { chromium } from 'playwright-core';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
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

/**
 * Every wasm, JS and CSS file of a trunk dist/ folder, and its index.html (which holds the app's
 * styles, inlined): raw and gzip -9 bytes each. Which of them a visit fetches, and when, is the
 * caller's to measure (run.mjs reads a first visit's resource timing, `printSize`): the modules
 * split off the main one (scripts/split-wasm) are fetched when their part of the app is first
 * used.
 */
export async function downloadSize(dist) {
  const files = (await readdir(dist)).filter((f) => ['.wasm', '.js', '.css', '.html'].includes(extname(f)));
  const rows = [];
  for (const name of files.sort()) {
    const body = await readFile(join(dist, name));
    rows.push({ name, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  return rows;
}

/**
 * Opens `url` in `page`, waits until `ready` (a function, or its source, run in the page) holds,
 * then `settleMs` more: a page that has finished starting up, for the figures taken on it after.
 */
export async function openSettled(page, url, ready, settleMs) {
  await page.goto(url);
  await page.waitForFunction(ready, null, { timeout: 60_000 });
  await page.waitForTimeout(settleMs);
}

/** The raw and gzipped bytes of `rows` together. */
export const sumSizes = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });

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

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
