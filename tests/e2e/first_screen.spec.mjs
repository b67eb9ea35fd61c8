// The machine the page draws before the wasm arrives (index.html, `#first-screen`): on a slow
// phone it is what a visitor sees for the first seconds. It must say what the app's own first
// screen says, in the language and display modes the app will choose, pass axe, and be replaced
// by the app with nothing left behind.
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.mjs';

const locale = (lang) => JSON.parse(readFileSync(new URL(`../../locales/${lang}.json`, import.meta.url)));

/** The wasm is held back until `release()`: the page shows only what index.html draws. */
async function holdWasm(page) {
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(/\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

for (const lang of ['en', 'es']) {
  test(`before the wasm arrives the page draws the machine opening the bank, in ${lang}, and the app takes its place`, async ({ page, app }) => {
    const words = locale(lang);
    const release = await holdWasm(page);
    await page.goto(`/?lang=${lang}`);
    const machine = page.getByRole('region', { name: words.atm.region, exact: true });
    const screen = machine.getByRole('region', { name: words.atm.screen });
    await expect(screen).toHaveText(words.opening_bank);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.app.title);
    await expect(page).toHaveTitle(words.app.title);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    // Nothing on it can be pressed yet: no control promises what the app has not brought.
    await expect(page.getByRole('button')).toHaveCount(0);
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    release();
    await expect(screen).toContainText(lang === 'en' ? 'Please insert your card' : 'Inserte su tarjeta');
    await expect(page.locator('#first-screen')).toHaveCount(0);
    await expect(page.getByRole('region', { name: words.atm.screen })).toHaveCount(1);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  });
}

test('the page\'s first screen follows the remembered language and display modes, and embed mode', async ({ page }) => {
  const es = locale('es');
  await page.addInitScript(() => {
    localStorage.setItem('atm-sim.lang', 'es');
    localStorage.setItem('atm-sim.large-text', 'on');
    localStorage.setItem('atm-sim.high-contrast', 'on');
  });
  const release = await holdWasm(page);
  await page.goto('/');
  await expect(page.getByRole('region', { name: es.atm.screen })).toHaveText(es.opening_bank);
  const classes = () => page.evaluate(() => [...document.documentElement.classList].sort());
  expect(await classes()).toEqual(['high-contrast', 'large-text']);
  release();
  await expect(page.getByRole('region', { name: es.atm.screen })).toContainText('Inserte su tarjeta');
  expect(await classes()).toEqual(['high-contrast', 'large-text']);

  // Embed mode: no page title bar, as the app draws it in a portal's frame.
  const releaseEmbed = await holdWasm(page);
  await page.goto('/?embed=1&lang=en');
  await expect(page.getByRole('region', { name: 'ATM screen' })).toHaveText('Opening the bank…');
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.hasAttribute('data-embed'))).toBe(true);
  releaseEmbed();
  await expect(page.getByRole('region', { name: 'ATM screen' })).toContainText('Please insert your card');
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(0);
});

test('with more contrast asked of the system and no choice remembered, the first screen is in high contrast', async ({ page }) => {
  await page.emulateMedia({ contrast: 'more' });
  const release = await holdWasm(page);
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'ATM screen' })).toHaveText('Opening the bank…');
  expect(await page.evaluate(() => document.documentElement.classList.contains('high-contrast'))).toBe(true);
  release();
  await expect(page.getByRole('button', { name: 'High contrast', exact: true })).toHaveAttribute('aria-pressed', 'true');
});
