// Two tabs of one browser share one IndexedDB bank: every withdrawal is one IndexedDB
// transaction and the tabs tell each other about changes (BroadcastChannel). Two pages of one
// context (`context.newPage()`) stand for two ATMs in front of two customers.
import { test, expect } from './fixtures.mjs';
import { atmScreen, button, typeOnKeypad, logIn } from './helpers.mjs';


/** A joint account: two cards of one customer on the same $800.00 account, two machines. */
const JOINT = {
  name: 'Joint account race',
  users: [
    {
      id: 'U001',
      name: 'Sam Joint',
      accounts: [{ id: 'ACC001', kind: 'checking', balance: '800.00' }],
      cards: [
        { number: '4532123456789012', pin: '1234', accounts: ['ACC001'] },
        { number: '4532111111111111', pin: '5678', accounts: ['ACC001'] },
      ],
    },
  ],
  machines: [
    { id: 'ATM001', location: 'Main Street', notes: { 20: 250, 50: 100 } },
    { id: 'ATM002', location: 'Downtown', notes: { 20: 250, 50: 100 } },
  ],
};

test('two tabs withdraw more than half of one balance at once: exactly one wins', async ({ page, context }) => {
  const hash = Buffer.from(JSON.stringify(JOINT)).toString('base64url');
  await page.goto(`/#scenario=${hash}`);
  await expect(button(page, 'Insert card ending 9012')).toBeVisible();
  await expect(page.getByText('Cash in machine: $10,000.00')).toBeVisible();

  const other = await context.newPage();
  const otherErrors = [];
  other.on('console', (m) => m.type() === 'error' && otherErrors.push(m.text()));
  other.on('pageerror', (e) => otherErrors.push(e.message));
  await other.goto('/');
  await expect(button(other, 'Insert card ending 1111')).toBeVisible();
  await other.getByRole('combobox', { name: 'Machine' }).selectOption('ATM002');

  await logIn(page, '9012', '1234');
  await logIn(other, '1111', '5678');
  for (const p of [page, other]) {
    await button(p, 'Withdraw').click();
    await button(p, 'Other amount').click();
    for (const d of '500') await button(p, d).click();
    await expect(atmScreen(p)).toContainText('$500');
  }

  // Both press Enter at the same moment.
  await Promise.all([button(page, 'Enter').click(), button(other, 'Enter').click()]);
  for (const p of [page, other]) await expect(atmScreen(p)).toContainText('Another transaction?');

  const won = [];
  for (const p of [page, other]) {
    const text = await atmScreen(p).innerText();
    if (text.includes('Please take your cash: $500.00')) {
      expect(text).toContain('Balance: $300.00');
      await expect(button(p, 'Take cash')).toBeVisible();
      won.push(p);
    } else {
      expect(text).toContain('Insufficient funds');
      await expect(button(p, 'Take cash')).toHaveCount(0);
    }
  }
  expect(won).toHaveLength(1);

  // Both tabs read the same final balance.
  for (const p of [page, other]) {
    await button(p, 'Yes').click();
    await button(p, 'Balance').click();
    await expect(atmScreen(p)).toContainText('Balance: $300.00');
  }
  expect(otherErrors).toEqual([]);
});

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
  await expect(atmScreen(other)).toContainText('This card is in use at another ATM');
  await button(other, 'Take card').click();
  await expect(atmScreen(other)).toContainText('Please insert your card');

  // Once the first customer takes the card, the other tab may use it.
  await button(page, 'Exit').click();
  await button(page, 'Take card').click();
  await expect(card).toHaveAccessibleDescription('Active');
  await logIn(other, '9012', '1234');
  await button(other, 'Balance').click();
  await expect(atmScreen(other)).toContainText('Balance: $1,500.00');
  expect(otherErrors).toEqual([]);
});
