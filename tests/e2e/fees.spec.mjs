// Fees and skimmers (SPEC.md "Coach, demos and runs"), through the two training scenarios in
// examples/scenarios/: a machine run by another bank states its fee before any cash moves, a
// declined fee changes nothing, an accepted one shows on the receipt, the mini-statement, the
// back office history, the journal and the host log, and the operator's name and the fees it
// collected on the machine, its receipt and the back office's Machines; a skimmer on a card slot is reported and
// the machine goes out of service.
import { test, expect } from './fixtures.mjs';
import { button, logIn, journal, entries, typeOnKeypad } from './helpers.mjs';

const goals = (page) => page.getByRole('region', { name: 'Goals' });
const goal = (page, text) => goals(page).getByRole('listitem').filter({ hasText: text });
const dataRows = (holder) =>
  holder.getByRole('row').filter({ hasNot: holder.page().getByRole('columnheader') });

test('a fee declined changes nothing; accepted, it is on the receipt and in every history', async ({ page, app }) => {
  await app.open('/?scenario=scenarios/fees.json');
  await expect(goals(page).getByRole('heading', { name: 'ATM fees' })).toBeVisible();
  await expect(page.getByText('Cash in machine: $2,000.00')).toBeVisible();
  await logIn(page, '3504', '1357');
  await button(page, 'Withdraw').click();
  await button(page, '$20').click();
  // The fee, before any cash moves.
  await expect(app.screen().getByRole('heading')).toHaveText('ATM fee');
  await expect(app.screen()).toContainText('This ATM charges a fee of $3.50 for your withdrawal of $20.00.');
  await expect(button(page, 'Take cash')).toHaveCount(0);
  await button(page, 'Decline').click();
  await expect(app.screen()).toContainText('Fee declined: nothing was charged.');
  await expect(goal(page, 'Decline an ATM fee')).toContainText('— done');
  await expect(button(page, 'Take cash')).toHaveCount(0);
  await button(page, 'Yes').click();
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $120.00');
  await expect(page.getByText('Cash in machine: $2,000.00')).toBeVisible();

  await button(page, 'Yes').click();
  await button(page, 'Withdraw').click();
  await button(page, '$20').click();
  await button(page, 'Accept fee').click();
  await expect(app.screen()).toContainText('Please take your cash: $20.00');
  await expect(app.screen()).toContainText('Fee charged: $3.50');
  await expect(app.screen()).toContainText('Balance: $96.50');
  await expect(goal(page, 'Accept an ATM fee and take the cash')).toContainText('— done');
  // The receipt lists the fee between the cash and the balance.
  await expect(page.getByText('Withdrawal $20.00', { exact: true })).toBeVisible();
  await expect(page.getByText('ATM fee $3.50', { exact: true })).toBeVisible();
  await expect(page.getByText('Balance $96.50', { exact: true })).toBeVisible();
  // Printed by the machine's operator, whose name is on the machine too.
  await expect(page.getByText('Metro Bank · ATM200', { exact: true })).toBeVisible();
  await expect(page.getByText('Metro Bank', { exact: true })).toBeVisible();
  await button(page, 'Take cash').click();
  await button(page, 'Take receipt').click();
  await expect(page.getByText('Cash in machine: $1,980.00')).toBeVisible();
  // The host saw one withdrawal of the cash and the fee together.
  const log = page.getByRole('region', { name: 'Host messages' }).getByRole('listitem');
  await expect(log.nth(0)).toContainText('0210 financial response · 010000 withdrawal · $23.50');

  // The mini-statement: the fee after the cash, each with the balance after it.
  await button(page, 'Yes').click();
  await button(page, 'History').click();
  await expect(app.screen()).toContainText('ATM fee -$3.50 → $96.50');
  await expect(app.screen()).toContainText('Withdrawal -$20.00 → $100.00');
  await expect(goals(page).getByRole('status')).toContainText('Scenario complete: 3 of 3 goals in');

  // The back office history and the journal say the same.
  const office = page.getByRole('region', { name: 'Back office' });
  await button(office, 'Accounts').click();
  await button(office, 'History of ACC200').click();
  const rows = dataRows(office.getByRole('group', { name: 'History of ACC200' }));
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('ATM fee');
  await expect(rows.nth(0)).toContainText('−$3.50');
  await expect(rows.nth(0)).toContainText('$96.50');
  await expect(rows.nth(1)).toContainText('Withdrawal');
  await expect(rows.nth(1)).toContainText('$100.00');
  const j = await journal(page);
  await expect(entries(j, 'decline fee $3.50 on withdrawal $20.00')).toHaveCount(1);
  await expect(entries(j, 'withdraw $20.00')).toHaveCount(1);
  await expect(entries(j, 'fee $3.50')).toHaveCount(1);

  // Machines: who runs each machine, its surcharge and the fees it has collected.
  await button(office, 'Machines').click();
  await expect(office.getByRole('article', { name: 'ATM200 — Train station' }))
    .toContainText("Run by Metro Bank. Surcharge to other banks' cards: $3.50. Fees collected: $3.50.");
  await expect(office.getByRole('article', { name: 'ATM201 — Rust Bank branch' }))
    .toContainText("Run by Rust Bank. Surcharge to other banks' cards: $0.00. Fees collected: $0.00.");
});

test('a skimmer reported: the machine goes out of service, the journal shows it, the goal is met', async ({ page, app }) => {
  await app.open('/?scenario=scenarios/skimmer.json');
  const skimmer = page.getByRole('img', { name: 'Warning sign: something is fitted over this card slot (a skimmer)' });
  await expect(skimmer).toBeVisible();
  const report = button(page, 'Report a problem with this machine');
  await expect(report).toBeEnabled();
  // Show me points at the report button, never the card slot, at a skimmed machine.
  await button(page, 'Show me').click();
  await expect(report).toHaveAttribute('aria-describedby', 'coach');
  await expect(page.getByRole('region', { name: 'Coach' })).toContainText('Do not insert your card');
  await report.click();
  await expect(page.getByRole('status').filter({ hasText: 'Problem reported: this machine is out of service' })).toBeVisible();
  await expect(report).toBeDisabled();
  await expect(page.getByText('Cash in machine: $2,000.00 (out of service)')).toBeVisible();
  await expect(goal(page, 'Report a problem with a machine')).toContainText('— done');
  // No card goes into it now.
  await button(page, 'Insert card ending 6101').click();
  await expect(app.screen()).toContainText('This ATM is out of service');
  await button(page, 'Take card').click();
  const j = await journal(page);
  await expect(entries(j, 'problem reported: out of service')).toHaveCount(1);

  // The bank lobby's machine has no skimmer and can be reported too; the learner uses it.
  await page.getByRole('combobox', { name: 'Machine' }).selectOption('ATM301');
  await expect(skimmer).toHaveCount(0);
  await expect(report).toBeEnabled();
  await logIn(page, '6101', '8642');
  await button(page, 'Withdraw').click();
  await typeOnKeypad(page, '40');
  await expect(app.screen()).toContainText('Please take your cash: $40.00');
  await expect(goals(page).getByRole('status')).toContainText('Scenario complete: 2 of 2 goals in');
});

test('in Spanish: the fee is accepted or declined by its Spanish keys, and the report button speaks Spanish', async ({ page, app }) => {
  await app.open('/?lang=es&scenario=scenarios/fees.json');
  await button(page, 'Insertar tarjeta terminada en 3504').click();
  for (const d of '1357') await button(page, d).click();
  await button(page, 'Aceptar').click();
  await button(page, 'Retirar').click();
  await button(page, '$20').click();
  await expect(app.screen()).toContainText('Este cajero cobra una comisión de $3.50 por su retirada de $20.00.');
  await expect(button(page, 'Aceptar comisión')).toBeVisible();
  await button(page, 'Rechazar').click();
  await expect(app.screen()).toContainText('Comisión rechazada: no se ha cobrado nada.');
  await expect(button(page, 'Informar de un problema con este cajero')).toBeEnabled();
});
