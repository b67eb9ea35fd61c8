// Shared fixtures for the end-to-end tests. Import `test` and `expect` from here, not from
// '@playwright/test':
//
//   import { test, expect } from './fixtures.mjs';
//   test('…', async ({ page, app }) => { await app.open(); … });
//
// What they give every test:
// - `distServer` (one per worker): scripts/static-server.mjs serving the release build in dist/
//   (or $ATM_DIST) on 127.0.0.1 at a free port; `baseURL` points at it, so `page.goto('/')` works.
// - `pageErrors` (automatic): every console error and uncaught page error of the test. The test
//   FAILS at the end if there was any, unless it opts out with
//   `test.use({ allowPageErrors: true })` (for a test that provokes an error on purpose).
// - `app`: small helpers that speak the UI contract (roles and accessible names only).
import { test as base, expect } from '@playwright/test';
import { resolve } from 'node:path';
import { serveStatic } from '../../scripts/static-server.mjs';

// Specs that serve a folder of their own (embed.spec.mjs) take the same server from here.
export { serveStatic };

const DIST = resolve(process.env.ATM_DIST || 'dist');

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
    // The screen's name and its opening words in the language the page was opened in (`?lang=`).
    let lang = 'en';
    const screen = () => page.getByRole('region', { name: SCREEN_NAME[lang] });
    await use({
      /** Open the app (optionally with a query or hash) and wait until the bank is open. */
      async open(path = '/') {
        lang = /[?&]lang=es/.test(path) ? 'es' : 'en';
        await page.goto(path);
        // The screen says "Opening the bank…" until the bank is open, and the machine replaces
        // it then: wait for that, so a test never measures or reads the screen being replaced.
        await expect(screen()).toBeVisible();
        await expect(screen()).not.toContainText(OPENING[lang]);
      },
      /** The ATM's screen, found by its accessible name (UI-CONTRACT.md). */
      screen,
    });
  },
});

const SCREEN_NAME = { en: 'ATM screen', es: 'Pantalla del cajero' };
const OPENING = { en: 'Opening the bank', es: 'Abriendo el banco' };

export { expect };
