// The back office driven as a trainer would: issue, block, unblock and stop cards, refill and
// switch machines, change settings, read the journal, and move the whole bank in and out as a
// file. Each change is checked where the customer meets it: at the ATM, with the core's exact
// messages. Everything is found by role and accessible name (UI-CONTRACT.md).
import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures.mjs';
import { button, typeOnKeypad, logIn, threeWrongPins } from './helpers.mjs';

/** Opens the app on the demo bank and one back office section; returns the region. */
async function openSection(page, app, section) {
  await app.open();
  await expect(app.screen()).toContainText('Please insert your card');
  const office = page.getByRole('region', { name: 'Back office' });
  await button(office, section).click();
  await expect(button(office, section)).toHaveAttribute('aria-expanded', 'true');
  return office;
}

async function showSection(office, section) {
  if ((await button(office, section).getAttribute('aria-expanded')) !== 'true') {
    await button(office, section).click();
  }
}

/** Clicks `Export bank` and returns the downloaded file's text. */
async function exportBank(page, office) {
  await showSection(office, 'Data');
  const downloading = page.waitForEvent('download');
  await button(office, 'Export bank').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('atm-bank.json');
  return readFile(await download.path(), 'utf8');
}

async function importText(office, name, text) {
  await showSection(office, 'Data');
  await office.getByLabel('Import bank or scenario file').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
}

/** The data rows of a table holder (its header row left out). */
const dataRows = (holder) =>
  holder.getByRole('row').filter({ hasNot: holder.page().getByRole('columnheader') });

test('a card issued with a PIN logs in with that PIN', async ({ page, app }) => {
  const office = await openSection(page, app, 'Cards');
  const form = office.getByRole('form', { name: 'Issue a card' });
  await form.getByLabel('Holder').selectOption('U003');
  await expect(form.getByRole('checkbox', { name: 'ACC003' })).toBeChecked();
  const pin = form.getByLabel('PIN (4 to 6 digits)');
  await expect(pin).toHaveAttribute('type', 'password');
  await expect(pin).toHaveAttribute('inputmode', 'numeric');
  await pin.fill('2468');
  await button(form, 'Issue card').click();
  const status = form.getByRole('status');
  await expect(status).toHaveText(/^Issued card ending \d{4}$/);
  await expect(pin).toHaveValue('');
  const last4 = (await status.textContent()).slice(-4);
  await expect(office.getByRole('row').filter({ hasText: `•••• ${last4}` })).toContainText('Bob Johnson');
  await logIn(page, last4, '2468');
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $200.00');
});

test('a card cannot be issued with a bad PIN or without accounts', async ({ page, app }) => {
  const office = await openSection(page, app, 'Cards');
  const form = office.getByRole('form', { name: 'Issue a card' });
  await form.getByLabel('Holder').selectOption('U003');
  await form.getByLabel('PIN (4 to 6 digits)').fill('12');
  await button(form, 'Issue card').click();
  await expect(form.getByRole('alert')).toHaveText('A PIN has 4 to 6 digits');
  await form.getByRole('checkbox', { name: 'ACC003' }).uncheck();
  await form.getByLabel('PIN (4 to 6 digits)').fill('1234');
  await button(form, 'Issue card').click();
  await expect(form.getByRole('alert')).toHaveText('accounts: a card needs at least one account');
  await expect(office.getByRole('row').filter({ hasText: 'Bob Johnson' })).toHaveCount(1);
});

test('a card reported stolen is refused at the ATM', async ({ page, app }) => {
  const office = await openSection(page, app, 'Cards');
  await button(office, 'Report card ending 9012 stolen').click();
  await expect(office.getByRole('status').first()).toHaveText('Card ending 9012 reported stolen');
  await expect(office.getByRole('row').filter({ hasText: '•••• 9012' })).toContainText('Reported stolen');
  await expect(button(office, 'Report card ending 9012 stolen')).toHaveCount(0);
  await button(page, 'Insert card ending 9012').click();
  await expect(app.screen()).toContainText('This card has been reported stolen. Please contact your bank');
});

test('a card blocked by three wrong PINs logs in again once unblocked', async ({ page, app }) => {
  await app.open();
  await threeWrongPins(page, '4444', '2222');
  await expect(app.screen()).toContainText(/Incorrect PIN\. Card blocked until \d\d:\d\d/);
  await button(page, 'Take card').click();
  const office = page.getByRole('region', { name: 'Back office' });
  await button(office, 'Cards').click();
  await expect(office.getByRole('row').filter({ hasText: '•••• 4444' })).toContainText(/Blocked until \d\d:\d\d/);
  await button(office, 'Unblock card ending 4444').click();
  await expect(button(office, 'Unblock card ending 4444')).toHaveCount(0);
  await expect(office.getByRole('row').filter({ hasText: '•••• 4444' })).toContainText('Active');
  await logIn(page, '4444', '2222');
});

test('a refill changes the cash in the machine', async ({ page, app }) => {
  const office = await openSection(page, app, 'Machines');
  await expect(page.getByText('Cash in machine: $10,000.00')).toBeVisible();
  const machine = office.getByRole('article', { name: 'ATM001 — Main Street' });
  await expect(machine.getByRole('table')).toContainText('Cash: $10,000.00 in 350 notes');
  const form = machine.getByRole('form', { name: 'Refill ATM001' });
  await form.getByLabel('$20 notes to add').fill('10');
  await form.getByLabel('$50 notes to add').fill('2');
  await button(form, 'Refill ATM001').click();
  await expect(office.getByRole('status').first()).toHaveText('Refilled ATM001 with $300.00');
  await expect(page.getByText('Cash in machine: $10,300.00')).toBeVisible();
  await expect(machine.getByRole('table')).toContainText('Cash: $10,300.00 in 362 notes');
  await expect(machine.getByRole('row', { name: '$20 260 $5,200.00' })).toBeVisible();
  // A count that is not a number changes nothing.
  await machine.getByLabel('$20 notes to add').fill('ten');
  await button(machine, 'Refill ATM001').click();
  await expect(office.getByRole('alert').first()).toHaveText('$20 notes: enter a whole number of notes, like 100');
  await expect(page.getByText('Cash in machine: $10,300.00')).toBeVisible();
});

test('a machine taken out of service refuses cards until it is back', async ({ page, app }) => {
  const office = await openSection(page, app, 'Machines');
  const machine = office.getByRole('article', { name: 'ATM001 — Main Street' });
  await expect(machine.getByText('In service', { exact: true })).toBeVisible();
  await button(machine, 'Take ATM001 out of service').click();
  await expect(machine.getByText('Out of service', { exact: true })).toBeVisible();
  await button(page, 'Insert card ending 9012').click();
  await expect(app.screen()).toContainText('This ATM is out of service');
  await button(page, 'Take card').click();
  await button(machine, 'Put ATM001 back in service').click();
  await expect(button(machine, 'Take ATM001 out of service')).toBeVisible();
  await logIn(page, '9012', '1234');
});

test('a lower per-transaction limit refuses a larger withdrawal', async ({ page, app }) => {
  const office = await openSection(page, app, 'Settings');
  const form = office.getByRole('form', { name: 'Settings' });
  await expect(form.getByLabel('Per-transaction limit ($)')).toHaveValue('500.00');
  // The core checks the settings: a bad value is refused and nothing is saved.
  await form.getByLabel('Max PIN attempts').fill('0');
  await button(form, 'Save settings').click();
  await expect(form.getByRole('alert')).toHaveText('max_pin_attempts: must be between 1 and 20');
  await form.getByLabel('Max PIN attempts').fill('3');
  await form.getByLabel('Per-transaction limit ($)').fill('100');
  await button(form, 'Save settings').click();
  await expect(form.getByRole('status')).toHaveText('Settings saved. They apply to sessions that start from now on');
  await expect(form.getByLabel('Per-transaction limit ($)')).toHaveValue('100.00');
  await logIn(page, '9012', '1234');
  await button(page, 'Withdraw').click();
  await typeOnKeypad(page, '200');
  await expect(app.screen()).toContainText('Amount exceeds the per-transaction limit of $100.00');
});

test('the journal filter shows only matching entries', async ({ page, app }) => {
  await app.open();
  await button(page, 'Insert card ending 9012').click();
  await typeOnKeypad(page, '1111');
  await expect(app.screen()).toContainText('Incorrect PIN. 2 tries remaining');
  const office = page.getByRole('region', { name: 'Back office' });
  await button(office, 'Journal').click();
  const entries = office.getByRole('group', { name: 'Journal entries' });
  const filter = office.getByRole('form', { name: 'Filter the journal' });
  await filter.getByLabel('Operation').selectOption('enter PIN');
  await expect(dataRows(entries)).toHaveCount(1);
  await expect(dataRows(entries)).toContainText('•••• 9012');
  await expect(dataRows(entries)).toContainText('refused: Incorrect PIN. 2 tries remaining');
  await filter.getByLabel('Outcome').selectOption('ok');
  await expect(dataRows(entries)).toHaveCount(0);
  await expect(office.getByText(/^Showing 0 of \d+ entries$/)).toBeVisible();
  await filter.getByLabel('Operation').selectOption('');
  await filter.getByLabel('Outcome').selectOption('');
  await filter.getByLabel('Search').fill('9012');
  await expect(dataRows(entries)).toHaveCount(2);
  await expect(dataRows(entries).filter({ hasText: 'insert card' })).toHaveCount(1);
  for (const row of await dataRows(entries).all()) await expect(row).toContainText('•••• 9012');
  // The search ignores case.
  await filter.getByLabel('Search').fill('INCORRECT pin');
  await expect(dataRows(entries)).toHaveCount(1);
  await expect(dataRows(entries)).toContainText('refused: Incorrect PIN. 2 tries remaining');
});

test('each account shows its full history, newest first', async ({ page, app }) => {
  await app.open();
  await logIn(page, '9012', '1234');
  await button(page, 'Withdraw').click();
  await typeOnKeypad(page, '100');
  await expect(app.screen()).toContainText('Balance: $1,400.00');
  const office = page.getByRole('region', { name: 'Back office' });
  await button(office, 'Accounts').click();
  await expect(office.getByRole('row').filter({ hasText: 'ACC001' })).toContainText('$1,400.00');
  await button(office, 'History of ACC001').click();
  const history = office.getByRole('group', { name: 'History of ACC001' });
  const rows = dataRows(history);
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Withdrawal');
  await expect(rows.nth(0)).toContainText('−$100.00');
  await expect(rows.nth(0)).toContainText('$1,400.00');
  await expect(rows.nth(0)).toContainText('•••• 9012');
  await expect(rows.nth(1)).toContainText('Opening balance');
  await expect(button(history, 'Older transactions')).toBeDisabled();
});

test('export then import leaves the bank identical', async ({ page, app }) => {
  const office = await openSection(page, app, 'Machines');
  await office.getByRole('form', { name: 'Refill ATM002' }).getByLabel('$50 notes to add').fill('4');
  await button(office, 'Refill ATM002').click();
  await expect(office.getByRole('status').first()).toHaveText('Refilled ATM002 with $200.00');
  const before = await exportBank(page, office);
  await button(office, 'Cards').click();
  await button(office, 'Report card ending 9012 stolen').click();
  await expect(office.getByRole('row').filter({ hasText: '•••• 9012' })).toContainText('Reported stolen');
  await importText(office, 'atm-bank.json', before);
  await expect(office.getByRole('status')).toHaveText('Imported the bank file');
  const after = await exportBank(page, office);
  expect(after).toBe(before);
  await logIn(page, '9012', '1234');
});

test('a bad file names the field and leaves the bank as it was', async ({ page, app }) => {
  await app.open();
  const office = page.getByRole('region', { name: 'Back office' });
  const before = await exportBank(page, office);
  await importText(office, 'future.json', before.replace('"format": 1', '"format": 2'));
  await expect(office.getByRole('alert')).toHaveText('format: this app reads format 1, the file is 2');
  const badPin = {
    users: [{ id: 'U009', name: 'Eve Stone', accounts: [{ id: 'ACC009', balance: '10.00' }],
      cards: [{ number: '4532999999999999', pin: '12' }] }],
    machines: [{ id: 'ATM009', location: 'Lab' }],
  };
  await importText(office, 'scenario.json', JSON.stringify(badPin));
  await expect(office.getByRole('alert')).toHaveText('users[0].cards[0].pin: A PIN has 4 to 6 digits');
  await importText(office, 'broken.json', '{ "users": [');
  await expect(office.getByRole('alert')).toHaveText(/^line 1 column \d+: /);
  expect(await exportBank(page, office)).toBe(before);
  await expect(button(page, 'Insert card ending 9999')).toHaveCount(0);
});

test('a scenario file imported through the file input sets up its bank', async ({ page, app }) => {
  await app.open();
  const office = page.getByRole('region', { name: 'Back office' });
  const scenario = {
    name: 'Imported',
    clock: '2026-11-24T09:00:00-05:00',
    settings: { per_transaction_limit: '50.00' },
    users: [{ id: 'U009', name: 'Eve Stone', accounts: [{ id: 'ACC009', kind: 'checking', balance: '75.50' }],
      cards: [{ number: '4532999999999999', pin: '1357' }] }],
    machines: [{ id: 'ATM009', location: 'Lab', notes: { '20': 5 } }],
    hints: ['Insert the card ending 9999.'],
  };
  await importText(office, 'scenario.json', JSON.stringify(scenario));
  await expect(office.getByRole('status')).toHaveText('Loaded the scenario file');
  await expect(button(page, 'Insert card ending 9012')).toHaveCount(0);
  await expect(page.getByText('Cash in machine: $100.00')).toBeVisible();
  await expect(page.getByRole('note', { name: 'Hints' })).toContainText('Insert the card ending 9999.');
  await logIn(page, '9999', '1357');
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $75.50');
});

test('reset to demo bank restores the demo data', async ({ page, app }) => {
  const office = await openSection(page, app, 'Cards');
  await button(office, 'Report card ending 9012 stolen').click();
  await expect(office.getByRole('row').filter({ hasText: '•••• 9012' })).toContainText('Reported stolen');
  await button(office, 'Data').click();
  await button(office, 'Reset to demo bank').click();
  await expect(office.getByRole('status')).toHaveText('The demo bank is back');
  await button(office, 'Users').click();
  await expect(dataRows(office.getByRole('group', { name: 'Users list' }))).toHaveCount(6);
  await expect(office.getByRole('row').filter({ hasText: 'U004' })).toContainText('$1,800.00');
  await logIn(page, '9012', '1234');
});

test('the back office works at 320 px wide with the keyboard', async ({ page, app }) => {
  await page.setViewportSize({ width: 320, height: 720 });
  await app.open();
  const office = page.getByRole('region', { name: 'Back office' });
  await button(office, 'Users').focus();
  await page.keyboard.press('Enter');
  await expect(button(office, 'Users')).toHaveAttribute('aria-expanded', 'true');
  const form = office.getByRole('form', { name: 'Register a user' });
  await form.getByLabel('User ID').focus();
  await page.keyboard.type('U010');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Sam Green');
  await page.keyboard.press('Enter');
  await expect(form.getByRole('status')).toHaveText('Registered user U010');
  await expect(office.getByRole('row').filter({ hasText: 'U010' })).toContainText('Sam Green');
  await form.getByLabel('User ID').fill('U010');
  await form.getByLabel('Name').fill('Someone Else');
  await button(form, 'Register user').click();
  await expect(form.getByRole('alert')).toHaveText('A user with id U010 already exists');
  // The page itself never scrolls sideways: wide tables scroll inside their holder.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
