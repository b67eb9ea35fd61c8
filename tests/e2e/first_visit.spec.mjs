// A first visit (every test starts with an empty browser profile): the machine says "Opening the
// bank…" while the browser creates the database and the demo bank is written into it (with PIN
// hashes computed ahead of time, src/core/demo_pins.rs), then the demo wallet works. Every demo
// card opens with its PIN from SPEC.md, and refuses any other.
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

test('first visit: the machine says it is opening the bank, then the demo wallet works', async ({ page, app }) => {
  await page.addInitScript(() => {
    window.__screens = [];
    new MutationObserver(() => {
      const text = document.querySelector('[aria-label="ATM screen"]')?.textContent;
      if (text !== undefined && window.__screens.at(-1) !== text) window.__screens.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await app.open();
  await expect(app.screen()).toContainText('Please insert your card');
  const screens = await page.evaluate(() => window.__screens);
  expect(screens[0]).toBe('Opening the bank…');
  const wallet = page.getByRole('region', { name: 'Wallet' });
  await expect(wallet.getByRole('button', { name: /^Insert card ending/ })).toHaveCount(6);
  await logIn(page, '9012', '1234');
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $1,500.00');
});

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

// What a first visit does to the bank is kept: the next visit opens the same database.
test('first visit: a card blocked then is still blocked after a reload', async ({ page, app }) => {
  await app.open();
  await threeWrongPins(page, '9012', '1234');
  await expect(app.screen()).toContainText(/Incorrect PIN\. Card blocked until \d\d:\d\d/);
  await button(page, 'Take card').click();
  await page.reload();
  const card = button(page, 'Insert card ending 9012');
  await expect(card).toHaveAccessibleDescription(/^Blocked until \d\d:\d\d$/);
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

test('a browser that cannot open IndexedDB runs the bank in memory and says so', async ({ page, app }) => {
  // As in a private mode that refuses storage: opening any database throws.
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await app.open();
  await expect(page.getByRole('status').filter({ hasText: 'the bank runs in memory' })).toBeVisible();
  await logIn(page, '9012', '1234');
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $1,500.00');
  await button(page, 'No').click();
  await button(page, 'Take card').click();
  await expect(app.screen()).toContainText('Please insert your card');
  await logIn(page, '9012', '1234');
  await button(page, 'Withdraw').click();
  await typeOnKeypad(page, '300');
  await expect(app.screen()).toContainText('Please take your cash: $300.00');
  await expect(app.screen()).toContainText('Balance: $1,200.00');
});
