// Shared fixtures for the end-to-end tests. Import `test` and `expect` from here, not from
// '@playwright/test':
//
//   import { test, expect } from './fixtures.mjs';
//   test('…', async ({ page, app }) => { await app.open(); … });
//
// What they give every test:
// - `distServer` (one per worker): a static server for the release build in dist/ (or
//   $ATM_DIST) on 127.0.0.1 at a free port; `baseURL` points at it, so `page.goto('/')` works.
// - `pageErrors` (automatic): every console error and uncaught page error of the test. The test
//   FAILS at the end if there was any, unless it opts out with
//   `test.use({ allowPageErrors: true })` (for a test that provokes an error on purpose).
// - `app`: small helpers that speak the UI contract (roles and accessible names only).
import { test as base, expect } from '@playwright/test';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const DIST = resolve(process.env.ATM_DIST || 'dist');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serve `root` on 127.0.0.1 at a free port. Resolves to { url, close }. */
export async function serveStatic(root) {
  const index = join(root, 'index.html');
  try {
    await stat(index);
  } catch {
    throw new Error(`${index} is missing: build the release first (scripts/dist.sh, or trunk build --release)`);
  }
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
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
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

export const test = base.extend({
  distServer: [
    async ({}, use) => {
      const server = await serveStatic(DIST);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  baseURL: async ({ distServer }, use) => {
    await use(distServer.url);
  },

  allowPageErrors: [false, { option: true }],

  pageErrors: [
    async ({ page, allowPageErrors }, use) => {
      const errors = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
      });
      page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
      await use(errors);
      if (!allowPageErrors) {
        expect(errors, 'the page logged errors').toEqual([]);
      }
    },
    { auto: true },
  ],

  app: async ({ page }, use) => {
    await use({
      /** Open the app (optionally with a query or hash) and wait until the ATM screen shows. */
      async open(path = '/') {
        await page.goto(path);
        const screen = page.getByRole('region', { name: 'ATM screen' });
        await expect(screen).toBeVisible();
        // While the bank opens, a placeholder screen says "Starting the bank…"; the machine
        // replaces it once the store is ready. Wait for the machine, not the placeholder.
        await expect(screen).not.toContainText('Starting the bank');
      },
      /** The ATM's screen, found by its accessible name (UI-CONTRACT.md). */
      screen: () => page.getByRole('region', { name: 'ATM screen' }),
    });
  },
});

export { expect };
