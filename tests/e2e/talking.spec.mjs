// Talking mode (SPEC.md, "Access for everyone"): the page's speechSynthesis is replaced by a stub
// that records every utterance (headless Chromium has no voices), and a whole withdrawal is
// heard: each screen with its soft keys by side and position, "Digit entered" for each PIN digit
// and never a digit of the PIN, the cash, the receipt and the card; Repeat, the volume, and any
// key stopping the speech. Roles and accessible names only.
import { test, expect } from './fixtures.mjs';
import { button, atmScreen } from './helpers.mjs';

/** Replaces speechSynthesis with a recorder: window.__spoken, window.__cancels. */
function recordSpeech() {
  window.__spoken = [];
  window.__cancels = 0;
  const recorder = {
    speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang, volume: u.volume }),
    cancel: () => window.__cancels++,
    pause() {},
    resume() {},
    getVoices: () => [],
    speaking: false,
    pending: false,
    paused: false,
  };
  Object.defineProperty(window, 'speechSynthesis', { value: recorder, configurable: true });
}

const spoken = (page) => page.evaluate(() => window.__spoken);
const access = (page) => page.getByRole('group', { name: 'Access' });

/** Waits until the newest utterance contains `text`, and returns it. */
async function heard(page, text) {
  await expect.poll(async () => (await spoken(page)).at(-1)?.text ?? '').toContain(text);
  return (await spoken(page)).at(-1);
}

/** What each language's speech and controls are called (UI-CONTRACT.md; locales/*.json). */
const LANGS = {
  en: {
    tag: 'en-US', access: 'Access', talking: 'Talking mode', insert: 'Insert card ending 1111',
    on: 'Talking mode on. Welcome. Please insert your card.', pin: 'Enter your PIN. Then press Enter.',
    digit: 'Digit entered.', enter: 'Enter', menu: 'Choose a transaction.',
    keys: ['Left 1: Balance. Left 2: Withdraw.', 'Right 2: Change PIN. Right 3: Exit.'],
    withdraw: 'Withdraw', withdrawing: 'Withdraw cash.', cash: 'The machine hands out $60.00 in cash.',
    done: ['Please take your cash: $60.00.', 'A receipt is printed.'],
    takeCash: 'Take cash', takeReceipt: 'Take receipt', no: 'No', card: 'Your card comes out of the slot.',
    screen: 'ATM screen', takeCard: 'Please take your card',
  },
  es: {
    tag: 'es-ES', access: 'Accesibilidad', talking: 'Modo de voz', insert: 'Insertar tarjeta terminada en 1111',
    on: 'Modo de voz activado. Bienvenido. Inserte su tarjeta.', pin: 'Introduzca su PIN. Después pulse Aceptar.',
    digit: 'Dígito introducido.', enter: 'Aceptar', menu: 'Elija una operación.',
    keys: ['Izquierda 1: Saldo. Izquierda 2: Retirar.', 'Derecha 2: Cambiar PIN. Derecha 3: Salir.'],
    withdraw: 'Retirar', withdrawing: 'Retirar efectivo.', cash: 'El cajero entrega $60.00 en efectivo.',
    done: ['Retire su efectivo: $60.00.', 'Se imprime un recibo.'],
    takeCash: 'Tomar efectivo', takeReceipt: 'Tomar recibo', no: 'No', card: 'Su tarjeta sale por la ranura.',
    screen: 'Pantalla del cajero', takeCard: 'Retire su tarjeta',
  },
};

for (const [lang, say] of Object.entries(LANGS)) {
  test(`a whole withdrawal, heard in ${lang}: screens, soft keys, digits entered, cash, receipt and card`, async ({ page, app }) => {
    await page.addInitScript(recordSpeech);
    await app.open(`/?lang=${lang}`);
    const toggle = button(page.getByRole('group', { name: say.access }), say.talking);
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect((await heard(page, say.on)).text).toBe(say.on);

    await button(page, say.insert).click();
    await heard(page, say.pin);
    const beforePin = (await spoken(page)).length;
    for (const d of '5678') await button(page, d).click();
    await expect.poll(async () => (await spoken(page)).length).toBe(beforePin + 4);
    const pinSpeech = (await spoken(page)).slice(beforePin).map((u) => u.text);
    expect(pinSpeech).toEqual([say.digit, say.digit, say.digit, say.digit]);
    await button(page, say.enter).click();
    const menu = await heard(page, say.menu);
    for (const keys of say.keys) expect(menu.text).toContain(keys);

    await button(page, say.withdraw).click();
    await heard(page, say.withdrawing);
    await button(page, '$60').click();
    const done = await heard(page, say.cash);
    for (const part of say.done) expect(done.text).toContain(part);
    await button(page, say.takeCash).click();
    await button(page, say.takeReceipt).click();
    await button(page, say.no).click();
    await heard(page, say.card);
    await expect(page.getByRole('region', { name: say.screen })).toContainText(say.takeCard);

    const all = await spoken(page);
    for (const u of all) expect(u.lang).toBe(say.tag);
    // The PIN is never spoken: not whole, and no utterance is one of its digits.
    expect(all.map((u) => u.text).join(' ')).not.toContain('5678');
    for (const d of '5678') expect(all.map((u) => u.text)).not.toContain(`${d}.`);
  });
}

test('Repeat says the last screen again, the volume steps, and any key stops the speech', async ({ page, app }) => {
  await page.addInitScript(recordSpeech);
  await app.open();
  await button(access(page), 'Talking mode').click();
  await heard(page, 'Please insert your card.');
  await button(access(page), 'Repeat').click();
  expect((await heard(page, 'Welcome.')).text).toBe('Welcome. Please insert your card.');

  await button(access(page), 'Volume down').click();
  expect(await heard(page, 'Volume 80 percent.')).toMatchObject({ volume: expect.closeTo(0.8, 5) });
  await button(access(page), 'Repeat').click();
  expect(await heard(page, 'Welcome.')).toMatchObject({ volume: expect.closeTo(0.8, 5) });
  await button(access(page), 'Volume up').click();
  await button(access(page), 'Volume up').click();
  expect(await heard(page, 'Volume 100 percent.')).toMatchObject({ volume: 1 });

  const cancels = await page.evaluate(() => window.__cancels);
  await page.keyboard.press('Shift');
  await expect.poll(() => page.evaluate(() => window.__cancels)).toBeGreaterThan(cancels);
  const again = await page.evaluate(() => window.__cancels);
  await button(page, '7').click();
  await expect.poll(() => page.evaluate(() => window.__cancels)).toBeGreaterThan(again);

  // Off: nothing more is spoken.
  await button(access(page), 'Talking mode').click();
  const count = (await spoken(page)).length;
  await button(page, 'Insert card ending 1111').click();
  await expect(atmScreen(page)).toContainText('Enter your PIN');
  expect((await spoken(page)).length).toBe(count);
});

test('a browser without speech: the toggle says so instead of failing', async ({ page, app }) => {
  await page.addInitScript(() => Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true }));
  await app.open();
  const toggle = button(access(page), 'Talking mode');
  await expect(toggle).toHaveAttribute('aria-disabled', 'true');
  await expect(toggle).toHaveAccessibleDescription('This browser cannot speak');
  // A press changes nothing and breaks nothing (the fixture fails the test on any page error).
  await toggle.click({ force: true });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(atmScreen(page)).toContainText('Please insert your card');
});

test('in talking mode the coach says each new step after the screen, and never a PIN digit', async ({ page, app }) => {
  await page.addInitScript(recordSpeech);
  await app.open('/?scenario=scenarios/training.json');
  await button(access(page), 'Talking mode').click();
  await button(page, 'Show me').click();
  await heard(page, 'Insert the card ending 4242: press it in the wallet.');
  await button(page, 'Insert card ending 4242').click();
  await heard(page, "Type the card's PIN (it is on the sticky note), then press Enter.");
  // The coach points at the PIN's keys one by one; the advice stays the same, so it is not
  // repeated, and no digit is ever spoken.
  for (const d of '2468') await button(page, d).click();
  const texts = (await spoken(page)).map((u) => u.text);
  expect(texts.filter((t) => t.startsWith("Type the card's PIN"))).toHaveLength(1);
  for (const t of texts) expect(t).not.toMatch(/(?<!\d)2468(?!\d)/);
});
