// The `Host messages` log (SPEC.md, "The host's view"): the seed demos' exchanges as ISO 8583
// pairs with their response codes — 00 for demos 1 and 2, 51 for demo 3, 61 for demo 4, and 55
// then 75 for demo 5 — never a PIN or a whole card number; in Spanish too.
import { test, expect } from './fixtures.mjs';
import { button, typeOnKeypad, logIn, threeWrongPins, startScenario } from './helpers.mjs';

const hostLog = (page, name = 'Host messages') => page.getByRole('region', { name });
const responses = (page, code) => hostLog(page).getByRole('listitem').filter({ hasText: new RegExp(`^0[12]10 .* · ${code} `) });

test('demo 1 and demo 2: the card check, the PIN and the transaction, each approved with 00', async ({ page, app }) => {
  await startScenario(page, app, 1);
  await expect(hostLog(page)).toContainText('No messages yet');
  await logIn(page, '9012', '1234');
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $1,500.00');
  const items = hostLog(page).getByRole('listitem');
  // Newest first: the balance inquiry's pair, the PIN's, the card check's.
  await expect(items).toHaveCount(6);
  await expect(items.nth(0)).toHaveText(/^0110 authorization response · 310000 balance inquiry · trace 000003 · •••• 9012 · \d\d:\d\d:\d\d · 00 Approved$/);
  await expect(items.nth(1)).toHaveText(/^0100 authorization request · 310000 balance inquiry · trace 000003 · •••• 9012 · \d\d:\d\d:\d\d$/);
  await expect(items.nth(3)).toContainText('0100 authorization request · 910000 PIN verification · trace 000002');
  await expect(items.nth(5)).toContainText('0100 authorization request · 900000 card check · trace 000001');

  await startScenario(page, app, 2);
  await expect(hostLog(page)).toContainText('No messages yet');
  await logIn(page, '1111', '5678');
  await button(page, 'Withdraw').click();
  await typeOnKeypad(page, '300');
  await expect(app.screen()).toContainText('Please take your cash: $300.00');
  await expect(hostLog(page).getByRole('listitem').first()).toHaveText(/^0210 financial response · 010000 withdrawal · \$300\.00 · trace 000003 · •••• 1111 · .* · 00 Approved$/);
  await expect(hostLog(page).getByRole('listitem').nth(1)).toContainText('0200 financial request · 010000 withdrawal · $300.00');
});

test('demo 3 answers 51 and demo 4 answers 61', async ({ page, app }) => {
  await startScenario(page, app, 3);
  await logIn(page, '2222', '9999');
  await button(page, 'Withdraw').click();
  await button(page, 'Other amount').click();
  await typeOnKeypad(page, '500');
  await expect(app.screen()).toContainText('Insufficient funds');
  await expect(responses(page, '51')).toHaveCount(1);
  await expect(responses(page, '51')).toContainText('0210 financial response · 010000 withdrawal');
  await expect(responses(page, '51')).toContainText('51 Insufficient funds');

  await startScenario(page, app, 4);
  await logIn(page, '3333', '1111');
  await button(page, 'Withdraw').click();
  await typeOnKeypad(page, '300');
  await expect(app.screen()).toContainText('Daily limit exceeded');
  await expect(responses(page, '61')).toHaveCount(1);
  await expect(responses(page, '61')).toContainText('61 Exceeds withdrawal limit');
});

test('demo 5: two wrong PINs answer 55, the third 75, and the log holds no PIN and no card number', async ({ page, app }) => {
  await startScenario(page, app, 5);
  await threeWrongPins(page, '4444', '2222');
  await expect(app.screen()).toContainText('Please take your card');
  await expect(responses(page, '55')).toHaveCount(2);
  await expect(responses(page, '75')).toHaveCount(1);
  await expect(responses(page, '75')).toContainText('910000 PIN verification');
  await expect(responses(page, '75')).toContainText('75 PIN tries exceeded');
  const text = await hostLog(page).innerText();
  expect(text).not.toContain('4532444444444444');
  for (const pin of ['9999', '3333', '2222']) expect(text).not.toContain(pin);
});

test('the host log reads in Spanish: Mensajes del host, 51 Fondos insuficientes', async ({ page, app }) => {
  await app.open('/?lang=es');
  await button(page, 'Iniciar escenario 3').click();
  await button(page, 'Insertar tarjeta terminada en 2222').click();
  for (const d of '9999') await button(page, d).click();
  await button(page, 'Aceptar').click();
  await button(page, 'Retirar').click();
  await button(page, 'Otra cantidad').click();
  for (const d of '500') await button(page, d).click();
  await button(page, 'Aceptar').click();
  await expect(app.screen()).toContainText('Saldo insuficiente');
  const log = hostLog(page, 'Mensajes del host');
  await expect(log.getByRole('listitem').first()).toHaveText(/^0210 respuesta financiera · 010000 retiro · \$500\.00 · traza 000003 · •••• 2222 · .* · 51 Fondos insuficientes$/);
});
