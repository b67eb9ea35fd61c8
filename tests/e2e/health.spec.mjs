// The back office's `Faults` and `Machine health` sections (SPEC.md, "The machine's devices and
// their faults" and "The host's view"): a trainer injects a fault through the form, watches
// Machine health while a customer meets it at the machine (cash, reject bin, today's figures,
// the fault among the last ones, all live), clears a fault, and gives back a retained card
// from the machine's own list. Found by role and accessible name only (UI-CONTRACT.md).
import { test, expect } from './fixtures.mjs';
import { button, logIn, drillBank } from './helpers.mjs';

/** The drill bank, low on cash below $1,950. */
const drill = (faults = []) =>
  drillBank(faults, { name: 'Health drill', settings: { low_cash_threshold: '1950.00' } });

const base64url = (text) => Buffer.from(text, 'utf8').toString('base64url');


/** The back office region, by its name in the page's language. */
const office = (page) => page.getByRole('region', { name: /^(Back office|Oficina del banco)$/ });

/** Opens back office section `name` (a button with aria-expanded). */
async function openSection(page, name) {
  const section = button(office(page), name);
  await section.click();
  await expect(section).toHaveAttribute('aria-expanded', 'true');
}

/** A machine's card in the open section, and a device's row in its devices table. */
const machine = (page) => office(page).getByRole('article', { name: 'ATM009 — Station' });
const deviceRow = (page, device) => machine(page).getByRole('row').filter({ hasText: device });

test('a dispenser jam injected in Faults shows in Machine health, live, as the customer meets it', async ({ page, app }) => {
  await app.open(`/#scenario=${base64url(JSON.stringify(drill()))}`);
  await openSection(page, 'Faults');
  await expect(deviceRow(page, 'Cash dispenser')).toContainText('Working');
  const form = office(page).getByRole('form', { name: 'Inject a fault' });
  // Only the chosen device's faults are offered.
  await form.getByLabel('Device').selectOption({ label: 'Receipt printer' });
  await expect(form.getByLabel('Fault').getByRole('option')).toHaveText(['Out of paper']);
  await form.getByLabel('Device').selectOption({ label: 'Cash dispenser' });
  await expect(form.getByLabel('Fault').getByRole('option')).toHaveText(['Jam', 'Partial dispense']);
  await form.getByLabel('Fault').selectOption({ label: 'Jam' });
  await form.getByLabel('Uses (empty: until cleared)').fill('1');
  await button(form, 'Inject fault').click();
  await expect(form.getByRole('status')).toHaveText('Fault set: cash dispenser of ATM009 — Jam, for the next use');
  await expect(deviceRow(page, 'Cash dispenser')).toContainText('Jam, for the next use');

  await openSection(page, 'Machine health');
  const health = machine(page);
  await expect(health).toContainText('In service');
  await expect(deviceRow(page, 'Cash dispenser')).toContainText('Jam, for the next use');
  await expect(deviceRow(page, 'Card reader')).toContainText('Working');
  await expect(health.getByText('Cash: $2,000.00')).toBeVisible();
  await expect(health.getByText('Low cash')).toHaveCount(0);
  await expect(health.getByText('Reject bin: empty')).toBeVisible();
  await expect(health.getByText('Transactions today: 0')).toBeVisible();
  await expect(health.getByText('Error rate: no transactions yet')).toBeVisible();
  await expect(health.getByText('No faults so far')).toBeVisible();

  // The customer withdraws $100 and the dispenser jams: the account is not charged.
  await logIn(page, '5556', '4321');
  await button(page, 'Withdraw').click();
  await button(page, '$100').click();
  await expect(app.screen()).toContainText('Unable to dispense $100.00. Your account has not been charged');

  // Machine health, still open, follows: the notes are in the reject bin, the cash is low.
  await expect(health.getByText('Cash: $1,900.00')).toBeVisible();
  await expect(health.getByText('Low cash: below $1,950.00')).toBeVisible();
  await expect(health.getByRole('row').filter({ hasText: '$20' }).filter({ hasText: '95' })).toBeVisible();
  await expect(health.getByText('Reject bin: $100.00 (5 × $20)')).toBeVisible();
  await expect(health.getByText('Transactions today: 1')).toBeVisible();
  await expect(health.getByText('Refused: 0')).toBeVisible();
  await expect(health.getByText('Reversed: 1')).toBeVisible();
  await expect(health.getByText('Error rate: 100%')).toBeVisible();
  await expect(health.getByRole('listitem').filter({ hasText: 'cash dispenser: Jam' })).toHaveCount(1);
  // The fault was for one use: the dispenser works again.
  await expect(deviceRow(page, 'Cash dispenser')).toContainText('Working');

  // A balance that goes through halves the error rate.
  await button(page, 'Yes').click();
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $500.00');
  await expect(health.getByText('Transactions today: 2')).toBeVisible();
  await expect(health.getByText('Error rate: 50%')).toBeVisible();
});

test('a fault until cleared, cleared from Faults; a bad number of uses is refused in words', async ({ page, app }) => {
  await app.open(`/#scenario=${base64url(JSON.stringify(drill()))}`);
  await openSection(page, 'Faults');
  const form = office(page).getByRole('form', { name: 'Inject a fault' });
  await form.getByLabel('Machine').selectOption('ATM009');
  await form.getByLabel('Device').selectOption({ label: 'Host link' });
  await form.getByLabel('Uses (empty: until cleared)').fill('two');
  await button(form, 'Inject fault').click();
  await expect(form.getByRole('alert')).toHaveText('uses: enter a whole number of uses, like 1, or leave it empty');
  await form.getByLabel('Uses (empty: until cleared)').fill('0');
  await button(form, 'Inject fault').click();
  await expect(form.getByRole('alert')).toContainText('a fault lasts 1 use or more');
  await expect(deviceRow(page, 'Host link')).toContainText('Working');
  await form.getByLabel('Uses (empty: until cleared)').fill('');
  await button(form, 'Inject fault').click();
  await expect(form.getByRole('status')).toHaveText('Fault set: host link of ATM009 — Offline, until cleared');
  await expect(deviceRow(page, 'Host link')).toContainText('Offline, until cleared');

  await button(machine(page), 'Clear fault: host link of ATM009').click();
  await expect(office(page).getByText('Fault cleared: host link of ATM009')).toBeVisible();
  await expect(deviceRow(page, 'Host link')).toContainText('Working');
  await expect(button(machine(page), 'Clear fault: host link of ATM009')).toHaveCount(0);
  // The customer meets a working host again.
  await logIn(page, '5556', '4321');
});

test('a card the machine kept is listed in Machine health and given back from there', async ({ page, app }) => {
  await app.open(`/#scenario=${base64url(JSON.stringify(drill([{ device: 'card_reader', kind: 'jam', times: 1 }])))}`);
  await openSection(page, 'Machine health');
  await expect(machine(page).getByText('No cards retained')).toBeVisible();
  await button(page, 'Insert card ending 5556').click();
  await expect(app.screen()).toContainText('Your card has been retained');
  const kept = machine(page).getByRole('listitem').filter({ hasText: '•••• 5556' });
  await expect(kept).toBeVisible();
  await button(kept, 'Return card ending 5556').click();
  await expect(office(page).getByText('Card ending 5556 returned to its holder')).toBeVisible();
  await expect(machine(page).getByText('No cards retained')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Wallet' })).not.toContainText('Retained at');
});

test('in Spanish: Averías and Estado de los cajeros by their Spanish names', async ({ page, app }) => {
  await app.open(`/?lang=es#scenario=${base64url(JSON.stringify(drill()))}`);
  await openSection(page, 'Averías');
  const form = office(page).getByRole('form', { name: 'Provocar una avería' });
  await form.getByLabel('Dispositivo').selectOption({ label: 'Dispensador de efectivo' });
  await form.getByLabel('Avería').selectOption({ label: 'Dispensación parcial' });
  await form.getByLabel('Usos (vacío: hasta que se borre)').fill('2');
  await button(form, 'Provocar avería').click();
  await expect(form.getByRole('status')).toHaveText(
    'Avería puesta: dispensador de efectivo de ATM009 — Dispensación parcial, en los próximos 2 usos',
  );
  await openSection(page, 'Estado de los cajeros');
  await expect(deviceRow(page, 'Dispensador de efectivo')).toContainText('Dispensación parcial, en los próximos 2 usos');
  await expect(machine(page).getByText('Efectivo: $2,000.00')).toBeVisible();
  await expect(machine(page).getByText('Operaciones hoy: 0')).toBeVisible();
  await expect(machine(page).getByText('Ninguna tarjeta retenida')).toBeVisible();
});
