// Fault drills from a scenario's `faults` (SPEC.md, "The machine's devices and their faults"),
// clicked through as a learner meets them: a dispenser jam reverses the withdrawal, a partial
// dispense debits only what came out, a host that is offline refuses with nothing changed, a
// card reader jam keeps the card until the back office returns it, a card that cannot be read
// comes back out, and a printer out of paper asks first. Each checks the balance, the machine's
// cash and the journal afterwards.
import { test, expect } from './fixtures.mjs';
import { button, logIn, journal, entries, scenarioLink, drillBank as drill } from './helpers.mjs';


const hostLog = (page) => page.getByRole('region', { name: 'Host messages' });

test('a dispenser jam: nothing comes out, the account is not charged, the next withdrawal works', async ({ page, app }) => {
  await app.open(scenarioLink(drill([{ device: 'dispenser', kind: 'jam', times: 1 }])));
  await expect(page.getByText('Cash in machine: $2,000.00')).toBeVisible();
  await logIn(page, '5556', '4321');
  await button(page, 'Withdraw').click();
  await button(page, '$100').click();
  await expect(app.screen()).toContainText('Unable to dispense $100.00. Your account has not been charged');
  await expect(app.screen().getByRole('heading')).toHaveText('Not done');
  await expect(button(page, 'Take cash')).toHaveCount(0);
  // The host approved the 0200; the machine reverses it with a 0420 advice.
  const log = hostLog(page).getByRole('listitem');
  await expect(log.nth(0)).toContainText('0430 reversal advice response · 010000 withdrawal · $100.00');
  await expect(log.nth(1)).toContainText('0420 reversal advice · 010000 withdrawal · $100.00');
  await expect(log.nth(2)).toContainText('0210 financial response · 010000 withdrawal · $100.00');
  // The notes went to the reject bin: the cassettes hold $100 less.
  await expect(page.getByText('Cash in machine: $1,900.00')).toBeVisible();
  await button(page, 'Yes').click();
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $500.00');
  // The fault was for one use: the next withdrawal pays out.
  await button(page, 'Yes').click();
  await button(page, 'Withdraw').click();
  await button(page, '$100').click();
  await expect(app.screen()).toContainText('Please take your cash: $100.00');
  await expect(app.screen()).toContainText('Balance: $400.00');
  await expect(page.getByText('Cash in machine: $1,800.00')).toBeVisible();
  // The journal: the withdrawal, the fault that struck, its reversal, then the one that paid.
  const j = await journal(page);
  await expect(entries(j, 'fault: dispenser jam')).toHaveCount(1);
  await expect(entries(j, 'reverse withdrawal $100.00 (dispenser jam)')).toHaveCount(1);
  await expect(entries(j, 'withdraw $100.00')).toHaveCount(2);
});

test('a partial dispense: half the notes come out and only they are debited', async ({ page, app }) => {
  await app.open(scenarioLink(drill([{ device: 'dispenser', kind: 'partial' }])));
  await logIn(page, '5556', '4321');
  await button(page, 'Withdraw').click();
  await button(page, '$100').click();
  await expect(app.screen()).toContainText('Only $40.00 of $100.00 could be dispensed; only $40.00 was charged');
  await expect(app.screen()).toContainText('Please take your cash: $40.00');
  await expect(app.screen()).toContainText('Balance: $460.00');
  await button(page, 'Take cash').click();
  // $40 handed out, $60 in the reject bin: the cassettes hold $100 less.
  await expect(page.getByText('Cash in machine: $1,900.00')).toBeVisible();
  const j = await journal(page);
  await expect(entries(j, 'fault: dispenser partial')).toHaveCount(1);
  await expect(entries(j, 'partial dispense: only $40.00 presented')).toHaveCount(1);
});

test('the host offline: the card is refused with nothing changed, and the host log shows no approval', async ({ page, app }) => {
  await app.open(scenarioLink(drill([{ device: 'host', kind: 'offline' }])));
  await button(page, 'Insert card ending 5556').click();
  await expect(app.screen()).toContainText('Unable to process your request right now');
  await expect(page.getByText('Cash in machine: $2,000.00')).toBeVisible();
  await expect(hostLog(page).getByRole('listitem').first()).toContainText('91 Issuer unavailable');
  const j = await journal(page);
  await expect(entries(j, 'insert card', 'refused: Unable to process your request right now')).toHaveCount(1);
  await expect(entries(j, 'fault: host link offline')).toHaveCount(1);
  // Nothing changed: the balance is as it was.
  await button(page, 'Take card').click();
  const office = page.getByRole('region', { name: 'Back office' });
  await button(office, 'Accounts').click();
  await expect(office.getByRole('row').filter({ hasText: 'A1' })).toContainText('$500.00');
});

test('a card reader jam keeps the card: the wallet says where, and the back office returns it', async ({ page, app }) => {
  await app.open(scenarioLink(drill([{ device: 'card_reader', kind: 'jam', times: 1 }])));
  await button(page, 'Insert card ending 5556').click();
  await expect(app.screen()).toContainText('Your card has been retained');
  await expect(app.screen()).toContainText('Please insert your card');
  const wallet = page.getByRole('region', { name: 'Wallet' });
  await expect(wallet).toContainText('Retained at ATM009');
  await expect(button(page, 'Insert card ending 5556')).toBeDisabled();
  const office = page.getByRole('region', { name: 'Back office' });
  await button(office, 'Cards').click();
  await button(office, 'Return card ending 5556').click();
  await expect(office.getByText('Card ending 5556 returned to its holder')).toBeVisible();
  await expect(wallet).not.toContainText('Retained at');
  const j = await journal(page);
  await expect(entries(j, 'fault: card reader jam')).toHaveCount(1);
  await expect(entries(j, 'return card')).toHaveCount(1);
  await expect(page.getByText('Cash in machine: $2,000.00')).toBeVisible();
  // The fault was for one use: the card works again, its balance untouched.
  await logIn(page, '5556', '4321');
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $500.00');
});

test('a card that cannot be read comes straight back out', async ({ page, app }) => {
  await app.open(scenarioLink(drill([{ device: 'card_reader', kind: 'read_error', times: 1 }])));
  await button(page, 'Insert card ending 5556').click();
  await expect(app.screen()).toContainText('Card could not be read');
  await expect(app.screen()).toContainText('Please take your card');
  await button(page, 'Take card').click();
  const j = await journal(page);
  await expect(entries(j, 'fault: card reader read error')).toHaveCount(1);
  await expect(page.getByText('Cash in machine: $2,000.00')).toBeVisible();
  await logIn(page, '5556', '4321');
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $500.00');
});
