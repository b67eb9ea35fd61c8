// Shared pieces of the browser benchmark (scripts/bench-browser.sh): a static server, the
// browser launch with the e2e suite's settings, download sizes and the statistics printed.
// Numbers are printed, never asserted.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config.mjs';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** A same-origin page with nothing on it: where the IndexedDB is filled before a load. */
export const BLANK_PATH = '/__bench_blank.html';

/**
 * Serves `root` on 127.0.0.1 with `no-store`, so every load fetches and compiles everything
 * again (a first visit), plus the blank page.
 */
export async function serve(root) {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      if (path === BLANK_PATH) {
        res.writeHead(200, { 'content-type': MIME['.html'], 'cache-control': 'no-store' });
        res.end('<!DOCTYPE html><title>blank</title>');
        return;
      }
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      if (path.endsWith('/')) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Every wasm, JS and CSS file of a trunk dist/ folder: raw and gzip -9 bytes. */
export async function downloadSize(dist) {
  const files = (await readdir(dist)).filter((f) => ['.wasm', '.js', '.css'].includes(extname(f)));
  const rows = [];
  for (const name of files.sort()) {
    const body = await readFile(join(dist, name));
    rows.push({ name, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });
  return { rows, total };
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

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
