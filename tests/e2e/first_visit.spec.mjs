// A first visit (every test starts with an empty browser profile) seeds the demo bank with PIN
// hashes computed ahead of time (src/core/demo_pins.rs) instead of running PBKDF2 at start-up.
// Every demo card must still open with its PIN from SPEC.md, and refuse any other.
import { test, expect } from './fixtures.mjs';
import { button, logIn, threeWrongPins, typeOnKeypad } from './helpers.mjs';

/** The demo cards' last four digits and PINs (SPEC.md, src/core/demo_bank.json). */
const DEMO_CARDS = [
  ['9012', '1234'],
  ['1111', '5678'],
  ['2222', '9999'],
  ['3333', '1111'],
  ['4444', '2222'],
  ['5556', '4321'],
];

test('first visit: every demo card logs in with its documented PIN', async ({ page, app }) => {
  await app.open();
  for (const [last4, pin] of DEMO_CARDS) {
    await logIn(page, last4, pin);
    await button(page, 'Exit').click();
    await button(page, 'Take card').click();
    await expect(app.screen()).toContainText('Please insert your card');
  }
});

test('first visit: a demo card refuses another card\'s PIN', async ({ page, app }) => {
  await app.open();
  await button(page, 'Insert card ending 9012').click();
  await expect(app.screen()).toContainText('Enter your PIN');
  await typeOnKeypad(page, '5678');
  await expect(app.screen()).toContainText('Incorrect PIN. 2 tries remaining');
});

// A first visit shows the demo wallet before the database exists (store/visits.rs); a card
// inserted then is answered once the bank is written. Later visits read the wallet from the
// bank, so what changed in it shows, and the hint that tells them apart holds nothing of it.
test('first visit: a card inserted before the bank exists is answered; the next visit reads the bank', async ({ page, app }) => {
  await page.goto('/');
  await threeWrongPins(page, '9012', '1234');
  await expect(app.screen()).toContainText(/Incorrect PIN\. Card blocked until \d\d:\d\d/);
  await button(page, 'Take card').click();
  await page.reload();
  const card = button(page, 'Insert card ending 9012');
  await expect(card).toHaveAccessibleDescription(/^Blocked until \d\d:\d\d$/);
  const stored = await page.evaluate(() => Object.entries(localStorage));
  expect(stored.map(([k]) => k).sort()).toEqual(['atm-sim.machine', 'atm-sim.opened']);
  for (const [key, value] of stored) expect(`${key}=${value}`).not.toMatch(/\d{4}/);
});

// A first visit whose URL brings a scenario shows that scenario's cards, never the demo's that
// its bank is about to replace.
test('first visit with a scenario in the URL: the wallet never shows the demo cards', async ({ page, app }) => {
  await page.addInitScript(() => {
    window.__demoCardShown = false;
    new MutationObserver(() => {
      if (document.querySelector('button[aria-label="Insert card ending 9012"]')) window.__demoCardShown = true;
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  await app.open('/?scenario=scenarios/training.json');
  await expect(button(page, 'Insert card ending 4242')).toBeVisible();
  expect(await page.evaluate(() => window.__demoCardShown)).toBe(false);
});

// While a first visit's database is being created the machine list is not known yet; the
// machine bar must wait for it, not report the machine missing.
test('first visit: the machine is never reported missing while the bank opens', async ({ page, app }) => {
  await page.addInitScript(() => {
    window.__cashLines = [];
    new MutationObserver(() => {
      const line = document.querySelector('.machine-cash')?.textContent;
      if (line !== undefined && window.__cashLines.at(-1) !== line) window.__cashLines.push(line);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await app.open();
  await expect(page.locator('.machine-cash')).toHaveText(/^Cash in machine: \$/);
  const lines = await page.evaluate(() => window.__cashLines);
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.filter((l) => l.includes('not found'))).toEqual([]);
});
