// The seed note's five demos in Spanish (`?lang=es`), found by the Spanish names of
// UI-CONTRACT.md ("Second wave"), and the language picker: its choice is remembered, `<html lang>`
// follows it, and a scenario's `lang` chooses it.
import { test, expect } from './fixtures.mjs';
import { button } from './helpers.mjs';

async function startScenario(page, app, n) {
  await app.open('/?lang=es');
  await button(page, `Iniciar escenario ${n}`).click();
  await expect(app.screen()).toContainText('Inserte su tarjeta');
}

async function typeOnKeypad(page, digits) {
  for (const d of digits) await button(page, d).click();
  await button(page, 'Aceptar').click();
}

async function logIn(page, app, last4, pin) {
  await button(page, `Insertar tarjeta terminada en ${last4}`).click();
  await expect(app.screen()).toContainText('Introduzca su PIN');
  await typeOnKeypad(page, pin);
  await expect(button(page, 'Saldo')).toBeVisible();
}

test('demo 1 in Spanish: log in and check the balance', async ({ page, app }) => {
  await startScenario(page, app, 1);
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page).toHaveTitle('Simulador de cajero automático');
  await logIn(page, app, '9012', '1234');
  await expect(app.screen().getByRole('heading')).toHaveText('Hola, John Doe');
  await button(page, 'Saldo').click();
  await expect(app.screen()).toContainText('Saldo: $1,500.00');
  await expect(app.screen().getByRole('heading')).toHaveText('Hecho');
  await expect(app.screen()).toContainText('¿Otra operación?');
  await button(page, 'No').click();
  await expect(app.screen()).toContainText('Retire su tarjeta');
  await button(page, 'Tomar tarjeta').click();
  await expect(button(page, 'Tomar tarjeta')).toHaveCount(0);
  await expect(app.screen()).toContainText('Inserte su tarjeta');
});

test('demo 2 in Spanish: withdraw $300, the machine cash and the notification', async ({ page, app }) => {
  await startScenario(page, app, 2);
  await expect(page.getByText('Efectivo en el cajero: $10,000.00')).toBeVisible();
  await logIn(page, app, '1111', '5678');
  await button(page, 'Retirar').click();
  await typeOnKeypad(page, '300');
  await expect(app.screen()).toContainText('Retire su efectivo: $300.00');
  await expect(app.screen()).toContainText('Saldo: $1,200.00');
  await expect(page.getByText('Retiro $300.00')).toBeVisible();
  await button(page, 'Tomar efectivo').click();
  await expect(button(page, 'Tomar efectivo')).toHaveCount(0);
  await expect(page.getByText('Efectivo en el cajero: $9,700.00')).toBeVisible();
  const phone = page.getByRole('region', { name: 'Teléfono' });
  await expect(phone.getByRole('listitem').filter({ hasText: '$300.00' }).first()).toBeVisible();
  const email = page.getByRole('region', { name: 'Correo electrónico' });
  await expect(email.getByRole('listitem').first()).toBeVisible();
  await button(page, 'Tomar recibo').click();
  await button(page, 'Sí').click();
  await button(page, 'Saldo').click();
  await expect(app.screen()).toContainText('Saldo: $1,200.00');
});

test('demo 3 in Spanish: insufficient funds', async ({ page, app }) => {
  await startScenario(page, app, 3);
  await logIn(page, app, '2222', '9999');
  await button(page, 'Retirar').click();
  await button(page, 'Otra cantidad').click();
  await typeOnKeypad(page, '500');
  await expect(app.screen()).toContainText('Saldo insuficiente');
  await expect(app.screen().getByRole('heading')).toHaveText('No realizado');
  await expect(button(page, 'Tomar efectivo')).toHaveCount(0);
  await button(page, 'Sí').click();
  await button(page, 'Saldo').click();
  await expect(app.screen()).toContainText('Saldo: $200.00');
});

test('demo 4 in Spanish: the daily limit', async ({ page, app }) => {
  await startScenario(page, app, 4);
  await logIn(page, app, '3333', '1111');
  await button(page, 'Retirar').click();
  await typeOnKeypad(page, '300');
  await expect(app.screen()).toContainText('Límite diario superado. Disponible: $200.00');
  await button(page, 'Sí').click();
  await button(page, 'Retirar').click();
  await button(page, '$200').click();
  await expect(app.screen()).toContainText('Saldo: $2,800.00');
});

test('demo 5 in Spanish: three wrong PINs block the card until the clock moves on', async ({ page, app }) => {
  await startScenario(page, app, 5);
  await button(page, 'Insertar tarjeta terminada en 4444').click();
  await typeOnKeypad(page, '9999');
  await expect(app.screen()).toContainText('PIN incorrecto. Quedan 2 intentos');
  await typeOnKeypad(page, '3333');
  await expect(app.screen()).toContainText('PIN incorrecto. Queda 1 intento');
  await typeOnKeypad(page, '4444');
  await expect(app.screen()).toContainText(/PIN incorrecto\. Tarjeta bloqueada hasta las \d\d:\d\d/);
  await expect(app.screen()).toContainText('Retire su tarjeta');
  await button(page, 'Tomar tarjeta').click();
  await button(page, 'Insertar tarjeta terminada en 4444').click();
  await expect(app.screen()).toContainText(/Tarjeta bloqueada\. Inténtelo de nuevo después de las \d\d:\d\d/);
  await button(page, 'Tomar tarjeta').click();
  await button(page, 'Avanzar 30 minutos').click();
  await logIn(page, app, '4444', '2222');
});

test('the Language picker switches live, is remembered, and <html lang> follows it', async ({ page, app }) => {
  await app.open();
  const picker = page.getByRole('combobox', { name: 'Language' });
  await expect(picker.getByRole('option')).toHaveText(['English', 'Español']);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await picker.selectOption({ label: 'Español' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('region', { name: 'Pantalla del cajero' })).toContainText('Inserte su tarjeta');
  const picked = page.getByRole('combobox', { name: 'Idioma' });
  await expect(picked.getByRole('option')).toHaveText(['English', 'Español']);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Pantalla del cajero' })).toContainText('Inserte su tarjeta');
  await page.getByRole('combobox', { name: 'Idioma' }).selectOption({ label: 'English' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(app.screen()).toContainText('Please insert your card');
});

test('a screen already shown changes language with the picker, refusal included', async ({ page, app }) => {
  await app.open('/?lang=es');
  await button(page, 'Iniciar escenario 3').click();
  await logIn(page, app, '2222', '9999');
  await button(page, 'Retirar').click();
  await button(page, 'Otra cantidad').click();
  await typeOnKeypad(page, '500');
  await expect(app.screen()).toContainText('Saldo insuficiente');
  await page.getByRole('combobox', { name: 'Idioma' }).selectOption({ label: 'English' });
  await expect(page.getByRole('region', { name: 'ATM screen' })).toContainText('Insufficient funds');
  await expect(button(page, 'Yes')).toBeVisible();
});

test("a scenario's lang chooses the language, and its texts and goals read in it", async ({ page, app }) => {
  const scenario = {
    lang: 'es',
    name: { en: 'Balance check', es: 'Consulta de saldo' },
    hints: [{ en: 'The PIN is 4321.', es: 'El PIN es 4321.' }],
    users: [
      {
        id: 'U1',
        name: 'Zoë Ünal',
        accounts: [{ id: 'A1', balance: '75.00' }],
        cards: [{ number: '4000123412341234', pin: '4321' }],
      },
    ],
    machines: [{ id: 'M1', location: 'Lobby' }],
    goals: [{ type: 'check_balance' }],
  };
  const link = Buffer.from(JSON.stringify(scenario), 'utf8').toString('base64url');
  await page.goto(`/#scenario=${link}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  const goals = page.getByRole('region', { name: 'Objetivos' });
  await expect(goals.getByRole('heading', { name: 'Consulta de saldo' })).toBeVisible();
  await expect(goals).toContainText('Consultar el saldo');
  await expect(page.getByText('El PIN es 4321.')).toBeVisible();
  await logIn(page, { screen: () => page.getByRole('region', { name: 'Pantalla del cajero' }) }, '1234', '4321');
  await button(page, 'Saldo').click();
  await expect(page.getByRole('region', { name: 'Pantalla del cajero' })).toContainText('Saldo: $75.00');
  // Switching back to English rewords the scenario's texts too.
  await page.getByRole('combobox', { name: 'Idioma' }).selectOption({ label: 'English' });
  await expect(page.getByRole('region', { name: 'Goals' }).getByRole('heading', { name: 'Balance check' })).toBeVisible();
  await expect(page.getByText('The PIN is 4321.')).toBeVisible();
});
