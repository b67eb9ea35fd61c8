// What the machine takes back (SPEC.md, "Card capture"): cash left 30 seconds is retracted and
// the withdrawal reversed, a card left 30 seconds after it came out is retained, and a bank
// that says so keeps the card on the last wrong PIN. A printer without paper asks before the
// customer goes on. All on the training clock: the page clock gives the machine's one-second
// heartbeat, `Advance 1 minute` the half minute. Each checks the balance, the machine's cash
// and the journal afterwards.
import { test, expect } from './fixtures.mjs';
import { button, typeOnKeypad, logIn, journal, entries, scenarioLink, drillBank } from './helpers.mjs';

/** The drill bank with no fault unless `extra` gives some. */
const bank = (extra = {}, machine = {}) => drillBank([], { name: 'Take back', ...extra }, machine);


/** The heartbeat sees what waits, then the trainer moves the clock on a minute. */
async function halfAMinuteLater(page) {
  await page.clock.runFor(1_000);
  await button(page, 'Advance 1 minute').click();
  await page.clock.runFor(1_000);
}

async function accountShows(page, amount) {
  const office = page.getByRole('region', { name: 'Back office' });
  const toggle = button(office, 'Accounts');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(office.getByRole('row').filter({ hasText: 'A1' })).toContainText(amount);
}

test('cash left 30 seconds goes back into the machine and the withdrawal is reversed', async ({ page, app }) => {
  await page.clock.install();
  await app.open(scenarioLink(bank()));
  await logIn(page, '5556', '4321');
  await button(page, 'Withdraw').click();
  await button(page, '$100').click();
  await expect(app.screen()).toContainText('Please take your cash: $100.00');
  await expect(app.screen()).toContainText('Balance: $400.00');
  await expect(page.getByText('Cash in machine: $1,900.00')).toBeVisible();
  // The customer takes the card and walks away without the cash.
  await button(page, 'No').click();
  await button(page, 'Take card').click();
  await halfAMinuteLater(page);
  await expect(app.screen()).toContainText(
    'Cash not taken was taken back: $100.00 has been returned to your account',
  );
  await expect(button(page, 'Take cash')).toHaveCount(0);
  await accountShows(page, '$500.00');
  // The notes are in the reject bin, not back in the cassettes.
  await expect(page.getByText('Cash in machine: $1,900.00')).toBeVisible();
  const j = await journal(page);
  await expect(entries(j, 'cash not taken: $100.00 retracted, withdrawal reversed')).toHaveCount(1);
  // The host hears a reversal advice.
  const hostLog = page.getByRole('region', { name: 'Host messages' });
  await expect(hostLog.getByRole('listitem').first()).toContainText('0430');
  await expect(hostLog.getByRole('listitem').nth(1)).toContainText('0420');
  // The day's total was given back too: the whole limit is there again.
  await logIn(page, '5556', '4321');
  await button(page, 'Withdraw').click();
  await button(page, '$100').click();
  await expect(app.screen()).toContainText('Balance: $400.00');
});

test('cash taken in time stays taken', async ({ page, app }) => {
  await page.clock.install();
  await app.open(scenarioLink(bank()));
  await logIn(page, '5556', '4321');
  await button(page, 'Withdraw').click();
  await button(page, '$100').click();
  await button(page, 'Take cash').click();
  await halfAMinuteLater(page);
  await expect(app.screen()).not.toContainText('taken back');
  await accountShows(page, '$400.00');
  await expect(entries(await journal(page), 'cash not taken: $100.00 retracted, withdrawal reversed')).toHaveCount(0);
});

test('a card left 30 seconds after it came out is retained until the bank returns it', async ({ page, app }) => {
  await page.clock.install();
  await app.open(scenarioLink(bank()));
  await logIn(page, '5556', '4321');
  await button(page, 'Exit').click();
  await expect(button(page, 'Take card')).toBeVisible();
  await halfAMinuteLater(page);
  await expect(app.screen()).toContainText('Your card has been retained by ATM009');
  await expect(app.screen()).toContainText('Please insert your card');
  await expect(button(page, 'Take card')).toHaveCount(0);
  const wallet = page.getByRole('region', { name: 'Wallet' });
  await expect(wallet).toContainText('Retained at ATM009');
  await expect(button(page, 'Insert card ending 5556')).toBeDisabled();
  await accountShows(page, '$500.00');
  await expect(page.getByText('Cash in machine: $2,000.00')).toBeVisible();
  const j = await journal(page);
  await expect(entries(j, 'card retained')).toHaveCount(1);
  const office = page.getByRole('region', { name: 'Back office' });
  await button(office, 'Cards').click();
  await button(office, 'Return card ending 5556').click();
  await expect(wallet).not.toContainText('Retained at');
  await logIn(page, '5556', '4321');
});

test('with the bank setting on, the last wrong PIN keeps the card', async ({ page, app }) => {
  await app.open(scenarioLink(bank({ settings: { retain_on_block: true } })));
  await button(page, 'Insert card ending 5556').click();
  for (const wrong of ['1111', '2222']) await typeOnKeypad(page, wrong);
  await typeOnKeypad(page, '3333');
  await expect(app.screen()).toContainText(/Incorrect PIN\. Card blocked until \d\d:\d\d and retained by ATM009/);
  await expect(button(page, 'Take card')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Wallet' })).toContainText('Retained at ATM009');
  await accountShows(page, '$500.00');
  await expect(page.getByText('Cash in machine: $2,000.00')).toBeVisible();
  await expect(entries(await journal(page), 'enter PIN', /retained by ATM009/)).toHaveCount(1);
  // The setting is the back office's too.
  const office = page.getByRole('region', { name: 'Back office' });
  await button(office, 'Settings').click();
  await expect(office.getByLabel('Retain the card on the last wrong PIN')).toBeChecked();
});

for (const [what, machine, faults] of [
  ['no paper left', { receipt_paper: 0 }, []],
  ['a printer fault', {}, [{ machine: 'ATM009', device: 'printer', kind: 'out_of_paper' }]],
]) {
  test(`with ${what}, the machine says no receipt is available and asks first`, async ({ page, app }) => {
    await app.open(scenarioLink(bank({ faults }, machine)));
    await button(page, 'Insert card ending 5556').click();
    await typeOnKeypad(page, '4321');
    await expect(app.screen().getByRole('heading')).toHaveText('No receipt available');
    await expect(app.screen()).toContainText('This ATM cannot print a receipt now. Do you want to continue without one?');
    await button(page, 'Yes').click();
    await button(page, 'Withdraw').click();
    await button(page, '$100').click();
    await expect(app.screen()).toContainText('Balance: $400.00');
    await expect(button(page, 'Take cash')).toBeVisible();
    await expect(button(page, 'Take receipt')).toHaveCount(0);
    await expect(page.getByText('Cash in machine: $1,900.00')).toBeVisible();
    await expect(entries(await journal(page), 'withdraw $100.00')).toHaveCount(1);
    // Saying no gives the card back before anything happens.
    await button(page, 'Take cash').click();
    await button(page, 'No').click();
    await button(page, 'Take card').click();
    await button(page, 'Insert card ending 5556').click();
    await typeOnKeypad(page, '4321');
    await button(page, 'No').click();
    await expect(button(page, 'Take card')).toBeVisible();
    await accountShows(page, '$400.00');
  });
}
