// Layout and keyboard: the page works at 320 px wide and on a large monitor, a person with only
// a keyboard can insert a card, type the PIN and ask for the balance, and nothing animates
// forever while the page waits.
import { test, expect } from './fixtures.mjs';
import { button } from './helpers.mjs';

/** The page scrolls sideways by this many px (0 = fits). */
const sideways = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('at 320 px wide nothing scrolls sideways and the keypad and wallet show', async ({ page, app }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await app.open();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expect(page.getByRole('group', { name: 'Keypad' })).toBeVisible();
  await expect(button(page, 'Enter')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Wallet' })).toBeVisible();
  await expect(button(page, 'Insert card ending 9012')).toBeVisible();

  // The longest labels show once logged in: still no sideways scroll, every soft key visible.
  await button(page, 'Insert card ending 9012').click();
  for (const d of '1234') await button(page, d).click();
  await button(page, 'Enter').click();
  for (const name of ['Balance', 'Withdraw', 'Deposit', 'History', 'Transfer', 'Change PIN', 'Exit']) {
    await expect(button(page, name)).toBeVisible();
  }
  expect(await sideways(page)).toBe(0);
  await button(page, 'Withdraw').click();
  await button(page, '$100').click();
  await expect(button(page, 'Take cash')).toBeVisible();
  await expect(button(page, 'Take receipt')).toBeVisible();
  expect(await sideways(page)).toBe(0);
});

test('on a large monitor the machine stays machine-sized and the room is centred', async ({ page, app }) => {
  await page.setViewportSize({ width: 2560, height: 1440 });
  await app.open();
  expect(await sideways(page)).toBe(0);
  const screen = await app.screen().boundingBox();
  expect(screen.width).toBeLessThan(800);
  const room = await page.getByRole('main').boundingBox();
  const left = room.x;
  const right = 2560 - (room.x + room.width);
  expect(Math.abs(left - right)).toBeLessThanOrEqual(2);
  expect(left).toBeGreaterThan(0);
});

/** Press Tab until `target` has the focus; fails after `max` presses. */
async function tabTo(page, target, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

test('keyboard only: Tab to a card, Enter inserts it, type the PIN, Tab to Balance', async ({ page, app }) => {
  // Dozens of Tab presses, each followed by a focus check: on a machine at load 15 this took
  // 22-40 s, past the default 30 s, so the test gets three times the usual time.
  test.slow();
  await app.open();
  const card = button(page, 'Insert card ending 9012');
  await tabTo(page, card);
  // The focus ring is drawn (:focus-visible) and it is not invisible.
  const ring = await card.evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  expect(ring.style).toBe('solid');
  expect(ring.width).toBeGreaterThanOrEqual(2);

  await page.keyboard.press('Enter');
  await expect(app.screen()).toContainText('Enter your PIN');
  await page.keyboard.type('1234');
  await expect(app.screen()).toContainText('••••');
  await page.keyboard.press('Enter');
  const balance = button(page, 'Balance');
  await expect(balance).toBeVisible();
  await tabTo(page, balance);
  await page.keyboard.press('Enter');
  await expect(app.screen()).toContainText('Balance: $1,500.00');
  // And out again, still by keyboard.
  await tabTo(page, button(page, 'No'));
  await page.keyboard.press('Enter');
  await expect(app.screen()).toContainText('Please take your card');
  await tabTo(page, button(page, 'Take card'));
  await page.keyboard.press('Enter');
  await expect(app.screen()).toContainText('Please insert your card');
});

test('nothing on the page animates forever while the machine waits for a card', async ({ page, app }) => {
  // An endless animation of a painted property redraws the page every frame for as long as it
  // sits idle (a pulsing box-shadow costs a third of a core). Motion allowed.
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await app.open();
  await expect(app.screen()).toContainText('Please insert your card');
  const running = await page.evaluate(() =>
    document.getAnimations().map((a) => ({
      name: a.animationName ?? a.id,
      iterations: a.effect.getComputedTiming().iterations,
    })),
  );
  // The slot's glow is running now, and stops after a few pulses.
  expect(running.length).toBeGreaterThan(0);
  for (const animation of running) expect(animation.iterations, animation.name).not.toBe(Infinity);
});
