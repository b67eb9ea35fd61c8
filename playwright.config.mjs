// Playwright configuration for the end-to-end suite (tests/e2e/).
//
// The tests run against the release build in dist/ (make it with `scripts/dist.sh` or let
// `scripts/test.sh` do everything). tests/e2e/fixtures.mjs serves dist/ on 127.0.0.1 itself,
// so `npx playwright test` needs no other server. The browser is Debian's Chromium
// (/usr/bin/chromium): never run `npx playwright install`, it downloads a browser and fails here.
import { defineConfig } from '@playwright/test';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Keep Chromium quiet on a network that reaches nothing but localhost.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.mjs',
  outputDir: 'test-results',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
