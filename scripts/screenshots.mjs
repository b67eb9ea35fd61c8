// Screenshots of the release build for the README: docs/screenshot-desktop.png (1280×900) and
// docs/screenshot-phone.png (375×812), each mid-session (logged in, after a withdrawal, cash in
// the tray). Run after a release build:  trunk build --release --offline && node scripts/screenshots.mjs
import { chromium } from '@playwright/test';
import { serveStatic } from '../tests/e2e/fixtures.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config.mjs';
import { resolve } from 'node:path';

const DIST = resolve(process.env.ATM_DIST || 'dist');
const SHOTS = [
  { file: 'docs/screenshot-desktop.png', width: 1280, height: 900, fullPage: false },
  { file: 'docs/screenshot-phone.png', width: 375, height: 812, fullPage: false },
];

const server = await serveStatic(DIST);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  for (const shot of SHOTS) {
    const page = await browser.newPage({
      viewport: { width: shot.width, height: shot.height },
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
      timezoneId: 'UTC',
    });
    await page.clock.setFixedTime(new Date('2026-11-24T14:05:00Z'));
    const button = (name) => page.getByRole('button', { name, exact: true });
    const screen = page.getByRole('region', { name: 'ATM screen' });
    await page.goto(server.url);
    await button('Start scenario 2').click();
    await screen.getByText('Please insert your card').waitFor();
    await button('Insert card ending 1111').click();
    await screen.getByText('Enter your PIN').waitFor();
    for (const d of '5678') await button(d).click();
    await button('Enter').click();
    await button('Withdraw').click();
    await button('Other amount').click();
    for (const d of '170') await button(d).click();
    await button('Enter').click();
    await button('Take cash').waitFor();
    // On the phone, show the machine itself rather than the page header.
    if (shot.width < 600) {
      const box = await page.getByRole('region', { name: 'ATM screen' }).boundingBox();
      await page.evaluate((y) => window.scrollTo(0, y), Math.max(0, box.y - 70));
    }
    await page.screenshot({ path: shot.file, fullPage: shot.fullPage });
    console.log(`saved ${shot.file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
