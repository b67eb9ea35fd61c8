// The ATM clicked through as a person would: the seed note's five demos and session expiry.
// Everything is found by role and accessible name (UI-CONTRACT.md); names are matched exactly.
import { test, expect } from './fixtures.mjs';
import { button, typeOnKeypad, logIn, threeWrongPins, startScenario } from './helpers.mjs';

test('scenario 1: log in and check the balance', async ({ page, app }) => {
  await startScenario(page, app, 1);
  await logIn(page, '9012', '1234');
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $1,500.00');
  await expect(app.screen().getByRole('heading')).toHaveText('Done');
  await expect(app.screen()).toContainText('Another transaction?');
  await button(page, 'No').click();
  await expect(app.screen()).toContainText('Please take your card');
  await button(page, 'Take card').click();
  await expect(button(page, 'Take card')).toHaveCount(0);
  await expect(app.screen()).toContainText('Please insert your card');
});

test('scenario 2: withdraw cash moves balance, machine cash and notifies', async ({ page, app }) => {
  await startScenario(page, app, 2);
  await expect(page.getByText('Cash in machine: $10,000.00')).toBeVisible();
  await logIn(page, '1111', '5678');
  await button(page, 'Withdraw').click();
  await typeOnKeypad(page, '300');
  await expect(app.screen()).toContainText('Please take your cash: $300.00');
  await expect(app.screen()).toContainText('Balance: $1,200.00');
  await button(page, 'Take cash').click();
  await expect(button(page, 'Take cash')).toHaveCount(0);
  await expect(page.getByText('Cash in machine: $9,700.00')).toBeVisible();
  const phone = page.getByRole('region', { name: 'Phone' });
  await expect(phone.getByRole('listitem').filter({ hasText: '$300.00 withdrawn' })).toHaveCount(1);
  const email = page.getByRole('region', { name: 'Email inbox' });
  await expect(email.getByRole('listitem').first()).toBeVisible();
  await button(page, 'Take receipt').click();
  await button(page, 'Yes').click();
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $1,200.00');
});

test('scenario 2 by fast cash and the physical keyboard', async ({ page, app }) => {
  await startScenario(page, app, 2);
  await button(page, 'Insert card ending 1111').click();
  await expect(app.screen()).toContainText('Enter your PIN');
  await page.keyboard.type('5679');
  await expect(app.screen()).toContainText('••••');
  await expect(app.screen()).not.toContainText('5679');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('5678');
  await page.keyboard.press('Enter');
  await button(page, 'Withdraw').click();
  await button(page, '$100').click();
  await expect(app.screen()).toContainText('Balance: $1,400.00');
});

test('scenario 3: insufficient funds', async ({ page, app }) => {
  await startScenario(page, app, 3);
  await logIn(page, '2222', '9999');
  await button(page, 'Withdraw').click();
  await button(page, 'Other amount').click();
  await typeOnKeypad(page, '500');
  await expect(app.screen()).toContainText('Insufficient funds');
  // A refusal is titled as one, not as a finished transaction.
  await expect(app.screen().getByRole('heading')).toHaveText('Not done');
  await expect(button(page, 'Take cash')).toHaveCount(0);
  await button(page, 'Yes').click();
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $200.00');
});

test('scenario 4: daily limit', async ({ page, app }) => {
  await startScenario(page, app, 4);
  await logIn(page, '3333', '1111');
  await button(page, 'Withdraw').click();
  await typeOnKeypad(page, '300');
  await expect(app.screen()).toContainText('Daily limit exceeded. Remaining: $200.00');
  await button(page, 'Yes').click();
  await button(page, 'Withdraw').click();
  await button(page, '$200').click();
  await expect(app.screen()).toContainText('Balance: $2,800.00');
});

test('scenario 5: three wrong PINs block the card', async ({ page, app }) => {
  await startScenario(page, app, 5);
  await threeWrongPins(page, '4444', '2222');
  await expect(app.screen()).toContainText('Please take your card');
  await button(page, 'Take card').click();
  await button(page, 'Insert card ending 4444').click();
  await expect(app.screen()).toContainText(/Card blocked\. Try again after \d\d:\d\d/);
  await button(page, 'Take card').click();
  // After the block, the right PIN works.
  await button(page, 'Advance 30 minutes').click();
  await logIn(page, '4444', '2222');
});

test('the session expires after five idle minutes and ejects the card', async ({ page, app }) => {
  await startScenario(page, app, 1);
  await logIn(page, '9012', '1234');
  const timer = page.getByRole('timer', { name: 'Session time left' });
  await expect(timer).toHaveText(/^\d:\d\d$/);
  await button(page, 'Advance 5 minutes').click();
  await expect(app.screen()).toContainText('Session expired: no activity for too long');
  await expect(button(page, 'Take card')).toBeVisible();
  await expect(timer).toHaveCount(0);
});

test('thirty seconds before expiry the machine offers more time', async ({ page, app }) => {
  await page.clock.install();
  await startScenario(page, app, 1);
  await logIn(page, '9012', '1234');
  for (let i = 0; i < 4; i++) await button(page, 'Advance 1 minute').click();
  await page.clock.runFor(32_000);
  await expect(app.screen()).toContainText('Do you need more time?');
  await button(page, 'Yes').click();
  await expect(app.screen()).toContainText('Choose a transaction');
  await expect(page.getByRole('timer', { name: 'Session time left' })).toHaveText(/^[45]:\d\d$/);
  await button(page, 'Exit').click();
  await expect(button(page, 'Take card')).toBeVisible();
});

test('a blocked card stays blocked after a reload', async ({ page, app }) => {
  await startScenario(page, app, 5);
  await threeWrongPins(page, '4444', '2222');
  await expect(button(page, 'Take card')).toBeVisible();
  await page.reload();
  await expect(app.screen()).toContainText('Please insert your card');
  await button(page, 'Insert card ending 4444').click();
  await expect(app.screen()).toContainText(/Card blocked\. Try again after \d\d:\d\d/);
});

test("History lists the account's latest transactions, newest first, with the balance after each", async ({ page, app }) => {
  await startScenario(page, app, 2);
  await logIn(page, '1111', '5678');
  await button(page, 'History').click();
  await expect(app.screen()).toContainText('Last transactions, ACC002');
  await expect(app.screen()).toContainText('Opening balance +$1,500.00 → $1,500.00');
  await button(page, 'Yes').click();
  await button(page, 'Withdraw').click();
  await typeOnKeypad(page, '300');
  await expect(app.screen()).toContainText('Please take your cash: $300.00');
  await button(page, 'Take cash').click();
  await button(page, 'Take receipt').click();
  await button(page, 'Yes').click();
  await button(page, 'Withdraw').click();
  await button(page, '$100').click();
  await expect(app.screen()).toContainText('Balance: $1,100.00');
  await button(page, 'Take cash').click();
  await button(page, 'Take receipt').click();
  await button(page, 'Yes').click();
  await button(page, 'History').click();
  const screen = app.screen();
  await expect(screen).toContainText('Last transactions');
  await expect(screen).toContainText('-$100.00 → $1,100.00');
  await expect(screen).toContainText('-$300.00 → $1,200.00');
  const text = await screen.textContent();
  expect(text.indexOf('-$100.00')).toBeLessThan(text.indexOf('-$300.00'));
  expect(text.indexOf('-$300.00')).toBeLessThan(text.indexOf('Opening balance'));
});
