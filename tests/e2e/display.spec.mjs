// Large text and high contrast (SPEC.md, "Access for everyone"): toggles with aria-pressed,
// remembered across reloads, `prefers-contrast: more` on by itself, the 5 key's tactile dot, and
// a page that still fits 320 px. Roles and accessible names only; sizes and colours read from
// the rendered page.
import { test, expect } from './fixtures.mjs';
import { button, atmScreen, logIn } from './helpers.mjs';

const screenTitle = (page) => atmScreen(page).getByRole('heading').first();
const fontSize = (locator) => locator.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
const access = (page) => page.getByRole('group', { name: 'Access' });

test('Large text makes the screen text at least 1.5× larger, and is remembered', async ({ page, app }) => {
  await app.open();
  const toggle = button(access(page), 'Large text');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const title = await fontSize(screenTitle(page));
  const line = await fontSize(atmScreen(page).getByText('Please insert your card'));
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await fontSize(screenTitle(page))).toBeGreaterThanOrEqual(title * 1.5);
  expect(await fontSize(atmScreen(page).getByText('Please insert your card'))).toBeGreaterThanOrEqual(line * 1.5);

  await page.reload();
  await expect(button(access(page), 'Large text')).toHaveAttribute('aria-pressed', 'true');
  expect(await fontSize(screenTitle(page))).toBeGreaterThanOrEqual(title * 1.5);
  await button(access(page), 'Large text').click();
  await expect(button(access(page), 'Large text')).toHaveAttribute('aria-pressed', 'false');
  await page.reload();
  await expect(button(access(page), 'Large text')).toHaveAttribute('aria-pressed', 'false');
  expect(await fontSize(screenTitle(page))).toBeCloseTo(title, 1);
});

test('High contrast shows white on black, is remembered, and is on by itself with prefers-contrast: more', async ({ page, app, browser }) => {
  await app.open();
  const toggle = button(access(page), 'High contrast');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const colours = (locator) =>
    locator.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
  expect(await colours(atmScreen(page))).toEqual(['rgb(255, 255, 255)', 'rgb(0, 0, 0)']);
  expect(await colours(button(page, 'Insert card ending 1111'))).toEqual(['rgb(255, 255, 255)', 'rgb(0, 0, 0)']);
  await page.reload();
  await expect(button(access(page), 'High contrast')).toHaveAttribute('aria-pressed', 'true');

  // A browser asking for more contrast gets it before any choice is made...
  const context = await browser.newContext({ contrast: 'more' });
  const asking = await context.newPage();
  await asking.goto(page.url());
  await expect(button(access(asking), 'High contrast')).toHaveAttribute('aria-pressed', 'true');
  expect(await colours(atmScreen(asking))).toEqual(['rgb(255, 255, 255)', 'rgb(0, 0, 0)']);
  // ...and a choice to turn it off is kept.
  await button(access(asking), 'High contrast').click();
  await asking.reload();
  await expect(button(access(asking), 'High contrast')).toHaveAttribute('aria-pressed', 'false');
  await context.close();
});

test('the 5 key carries a raised dot, and no other key does', async ({ page, app }) => {
  await app.open();
  const dot = (name) =>
    button(page, name).evaluate((el) => {
      const after = getComputedStyle(el, '::after');
      return after.content !== 'none' && parseFloat(after.width) > 0 ? after.width : null;
    });
  expect(await dot('5')).not.toBeNull();
  for (const other of ['1', '2', '4', '6', '8', '0']) expect(await dot(other)).toBeNull();
});

/** Every soft key's label stays inside its key. */
async function softKeysFit(page) {
  for (const name of ['Balance', 'Withdraw', 'Deposit', 'History', 'Transfer', 'Change PIN', 'Exit']) {
    const inside = await button(page, name).evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(inside, `${name} fits its key`).toBe(true);
  }
}

test('with large text on a wide screen, the soft keys of the menu hold their labels', async ({ page, app }) => {
  await app.open();
  await button(access(page), 'Large text').click();
  await logIn(page, '1111', '5678');
  await softKeysFit(page);
});

test('with both modes on, the page fits 320 px on the welcome screen, the PIN screen and the menu', async ({ page, app }) => {
  await page.setViewportSize({ width: 320, height: 740 });
  await app.open();
  await button(access(page), 'Large text').click();
  await button(access(page), 'High contrast').click();
  // Talking mode's buttons join the same bar.
  await button(access(page), 'Talking mode').click();
  await expect(button(access(page), 'Volume up')).toBeVisible();
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(await fits()).toBe(true);
  await button(page, 'Insert card ending 1111').click();
  await expect(atmScreen(page)).toContainText('Enter your PIN');
  expect(await fits()).toBe(true);
  await button(page, 'Cancel').click();
  await button(page, 'Take card').click();
  await logIn(page, '1111', '5678');
  expect(await fits()).toBe(true);
  await softKeysFit(page);
});
