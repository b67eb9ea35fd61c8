// Two tabs of one browser share one IndexedDB bank: every withdrawal is one IndexedDB
// transaction and the tabs tell each other about changes (BroadcastChannel). Two pages of one
// context (`context.newPage()`) stand for two ATMs in front of two customers.
import { test, expect } from './fixtures.mjs';

const button = (page, name) => page.getByRole('button', { name, exact: true });
const screenOf = (page) => page.getByRole('region', { name: 'ATM screen' });

async function typeOnKeypad(page, digits) {
  for (const d of digits) await button(page, d).click();
  await button(page, 'Enter').click();
}

async function logIn(page, last4, pin) {
  await button(page, `Insert card ending ${last4}`).click();
  await expect(screenOf(page)).toContainText('Enter your PIN');
  await typeOnKeypad(page, pin);
  await expect(button(page, 'Balance')).toBeVisible();
}

test('a card in one tab is shown in use in the other and refused there', async ({ page, app, context }) => {
  await app.open();
  const other = await context.newPage();
  const otherErrors = [];
  other.on('console', (m) => m.type() === 'error' && otherErrors.push(m.text()));
  other.on('pageerror', (e) => otherErrors.push(e.message));
  await other.goto('/');
  const card = button(other, 'Insert card ending 9012');
  await expect(card).toHaveAccessibleDescription('Active');

  await logIn(page, '9012', '1234');
  await expect(button(page, 'Insert card ending 9012')).toHaveAccessibleDescription('In this machine');
  // The other tab learns of it without a reload.
  await expect(card).toHaveAccessibleDescription('In use at ATM001');

  await card.click();
  await expect(screenOf(other)).toContainText('This card is in use at another ATM');
  await button(other, 'Take card').click();
  await expect(screenOf(other)).toContainText('Please insert your card');

  // Once the first customer takes the card, the other tab may use it.
  await button(page, 'Exit').click();
  await button(page, 'Take card').click();
  await expect(card).toHaveAccessibleDescription('Active');
  await logIn(other, '9012', '1234');
  await button(other, 'Balance').click();
  await expect(screenOf(other)).toContainText('Balance: $1,500.00');
  expect(otherErrors).toEqual([]);
});
