// Steps the end-to-end specs share, spoken in the UI contract's roles and names only.
import { expect } from './fixtures.mjs';

/** The button named exactly `name` in `scope` (a page, a frame or a region). */
export const button = (scope, name) => scope.getByRole('button', { name, exact: true });

/** The ATM's screen region. */
export const atmScreen = (scope) => scope.getByRole('region', { name: 'ATM screen' });

/** Press keypad keys one by one: `typeOnKeypad(page, '1234')`, then Enter. */
export async function typeOnKeypad(scope, digits) {
  for (const d of digits) await button(scope, d).click();
  await button(scope, 'Enter').click();
}

/** Open the app and start seed demo `n` from the `Scenarios` list. */
export async function startScenario(page, app, n) {
  await app.open();
  await button(page, `Start scenario ${n}`).click();
  await expect(app.screen()).toContainText('Please insert your card');
}

/** Insert the card ending `last4`, type `pin`, and wait for the main menu. */
export async function logIn(page, last4, pin) {
  await button(page, `Insert card ending ${last4}`).click();
  await expect(atmScreen(page)).toContainText('Enter your PIN');
  await typeOnKeypad(page, pin);
  await expect(button(page, 'Balance')).toBeVisible();
}

/**
 * Insert the card ending `last4` and type three wrong PINs (none of them is `pin`), checking the
 * tries left after the first two. What the third one shows is the caller's to check.
 */
export async function threeWrongPins(page, last4, pin) {
  const wrong = ['9999', '3333', '4444', '5555'].filter((p) => p !== pin);
  await button(page, `Insert card ending ${last4}`).click();
  await typeOnKeypad(page, wrong[0]);
  await expect(atmScreen(page)).toContainText('Incorrect PIN. 2 tries remaining');
  await typeOnKeypad(page, wrong[1]);
  await expect(atmScreen(page)).toContainText('Incorrect PIN. 1 try remaining');
  await typeOnKeypad(page, wrong[2]);
}

/**
 * The back office's journal, opened (once) in `page`: `await journal(page)` gives the
 * `Journal entries` group, whose rows read like the audit lines (`… withdraw $100.00: ok`).
 */
export async function journal(page) {
  const office = page.getByRole('region', { name: 'Back office' });
  const toggle = button(office, 'Journal');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return office.getByRole('group', { name: 'Journal entries' });
}

/** A base64url `#scenario=` link for `scenario` (an object). */
export const scenarioLink = (scenario) =>
  `/#scenario=${Buffer.from(JSON.stringify(scenario), 'utf8').toString('base64url')}`;

/** The journal rows whose operation reads `operation` and whose result reads `result`. */
export const entries = (group, operation, result = 'ok') =>
  group
    .getByRole('row')
    .filter({ has: group.page().getByRole('cell', { name: operation, exact: true }) })
    .filter({ has: group.page().getByRole('cell', { name: result, exact: true }) });

/**
 * A one-customer drill bank: Dana Drill with $500 in A1, card ending 5556 (PIN 4321), at
 * machine ATM009 holding 100 × $20 = $2,000, with `faults` on that machine; `extra` adds or
 * replaces top-level fields, `machine` fields of ATM009.
 */
export function drillBank(faults = [], extra = {}, machine = {}) {
  return {
    name: 'Fault drill',
    users: [
      {
        id: 'U1',
        name: 'Dana Drill',
        accounts: [{ id: 'A1', balance: '500.00' }],
        cards: [{ number: '4000123412345556', pin: '4321' }],
      },
    ],
    machines: [{ id: 'ATM009', location: 'Station', notes: { 20: 100 }, ...machine }],
    faults: faults.map((f) => ({ machine: 'ATM009', ...f })),
    ...extra,
  };
}
