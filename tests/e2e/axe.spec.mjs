// axe-core on the pages a learner sees, in each language and each display mode: no violation of serious or
// critical impact (WCAG 2.1 A and AA rules), and in high contrast none of the enhanced (7:1)
// contrast rule at all. Pages: the welcome screen, the PIN screen, a refusal, the menu, the back
// office open (Cards, Faults, Machine health), and embed mode; then the fee screen and a skimmer,
// and a demo playing (paused) and the coach's ring. Talking mode adds its own buttons to the page.
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.mjs';
import { button } from './helpers.mjs';

const MODES = [
  { name: 'normal', toggles: [] },
  { name: 'large text', toggles: ['largeText'] },
  { name: 'high contrast', toggles: ['highContrast'] },
  { name: 'talking mode', toggles: ['talking'] },
];

/** The names the walk goes by, in each language (UI-CONTRACT.md; locales/*.json). */
const LANGS = {
  en: {
    access: 'Access', largeText: 'Large text', highContrast: 'High contrast', talking: 'Talking mode',
    screen: 'ATM screen', welcome: 'Please insert your card', insert: 'Insert card ending 1111',
    pin: 'Enter your PIN', enter: 'Enter', wrong: 'Incorrect PIN. 2 tries remaining', balance: 'Balance',
    office: 'Back office', cards: 'Cards', faults: 'Faults', health: 'Machine health',
  },
  es: {
    access: 'Accesibilidad', largeText: 'Texto grande', highContrast: 'Alto contraste', talking: 'Modo de voz',
    screen: 'Pantalla del cajero', welcome: 'Inserte su tarjeta', insert: 'Insertar tarjeta terminada en 1111',
    pin: 'Introduzca su PIN', enter: 'Aceptar', wrong: 'PIN incorrecto. Quedan 2 intentos', balance: 'Saldo',
    office: 'Oficina del banco', cards: 'Tarjetas', faults: 'Averías', health: 'Estado de los cajeros',
  },
};

/** The serious and critical violations on the page as it is, and in high contrast the 7:1 ones. */
async function violations(page, mode) {
  // Colours are judged as they settle: a message sliding into an inbox is faint for 240 ms.
  await page.evaluate(() =>
    Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished)),
  );
  const { violations: found } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (mode.toggles.includes('highContrast')) {
    const { violations: enhanced } = await new AxeBuilder({ page }).withRules(['color-contrast-enhanced']).analyze();
    bad.push(...enhanced);
  }
  return bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const [lang, n] of Object.entries(LANGS)) {
  for (const mode of MODES) {
    test(`axe finds nothing serious in ${lang}, ${mode.name}: welcome, PIN, refusal, menu, back office (Cards, Faults, Machine health), embed mode`, async ({ page, app }) => {
      test.slow(); // eight pages, each analysed once (twice in high contrast)
      await app.open(`/?lang=${lang}`);
      for (const toggle of mode.toggles) {
        await button(page.getByRole('group', { name: n.access }), n[toggle]).click();
      }
      const checked = [];
      const check = async (what) => {
        expect(await violations(page, mode), `${what}, ${lang}, ${mode.name}`).toEqual([]);
        checked.push(what);
      };
      const screen = page.getByRole('region', { name: n.screen });
      const type = async (digits) => {
        for (const d of digits) await button(page, d).click();
        await button(page, n.enter).click();
      };

      await expect(screen).toContainText(n.welcome);
      await check('welcome');
      await button(page, n.insert).click();
      await expect(screen).toContainText(n.pin);
      await check('PIN screen');
      await type('9999');
      await expect(screen).toContainText(n.wrong);
      await check('a refusal');
      await type('5678');
      await expect(button(page, n.balance)).toBeVisible();
      await check('menu');
      const office = page.getByRole('region', { name: n.office });
      await button(office, n.cards).click();
      await expect(button(office, n.cards)).toHaveAttribute('aria-expanded', 'true');
      await check('back office, Cards open');
      for (const section of ['faults', 'health']) {
        await button(office, n[section]).click();
        await expect(button(office, n[section])).toHaveAttribute('aria-expanded', 'true');
        await expect(office.getByRole('article').first()).toBeVisible();
        await check(`back office, ${n[section]} open`);
      }
      await app.open(`/?embed=1&lang=${lang}`);
      await expect(screen).toContainText(n.welcome);
      await check('embed mode');
      expect(checked).toHaveLength(8);
    });
  }
}

/** The fee screen and the skimmer's machine, by their names in each language. */
const FEES = {
  en: { insert: 'Insert card ending 3504', enter: 'Enter', withdraw: 'Withdraw', accept: 'Accept fee', report: 'Report a problem with this machine' },
  es: { insert: 'Insertar tarjeta terminada en 3504', enter: 'Aceptar', withdraw: 'Retirar', accept: 'Aceptar comisión', report: 'Informar de un problema con este cajero' },
};

for (const [lang, n] of Object.entries(FEES)) {
  for (const mode of MODES.filter((m) => m.name !== 'talking mode')) {
    test(`axe finds nothing serious in ${lang}, ${mode.name}: the fee screen and a machine with a skimmer`, async ({ page, app }) => {
      await app.open(`/?lang=${lang}&scenario=scenarios/skimmer.json`);
      for (const toggle of mode.toggles) {
        await button(page.getByRole('group', { name: LANGS[lang].access }), LANGS[lang][toggle]).click();
      }
      await expect(page.getByRole('img', { name: /skimmer/ })).toBeVisible();
      expect(await violations(page, mode), `skimmer, ${lang}, ${mode.name}`).toEqual([]);
      await button(page, n.report).click();
      await expect(button(page, n.report)).toBeDisabled();
      expect(await violations(page, mode), `reported, ${lang}, ${mode.name}`).toEqual([]);

      await app.open(`/?lang=${lang}&scenario=scenarios/fees.json`);
      await button(page, n.insert).click();
      for (const d of '1357') await button(page, d).click();
      await button(page, n.enter).click();
      await button(page, n.withdraw).click();
      await button(page, '$20').click();
      await expect(button(page, n.accept)).toBeVisible();
      expect(await violations(page, mode), `fee screen, ${lang}, ${mode.name}`).toEqual([]);
    });
  }
}

/** A demo playing by itself, and the coach's ring, by their names in each language. */
const PLAYER = {
  en: { play: 'Play demo 2', region: 'Now playing', pause: 'Pause', resume: 'Resume', showMe: 'Show me' },
  es: { play: 'Reproducir demo 2', region: 'En reproducción', pause: 'Pausa', resume: 'Continuar', showMe: 'Muéstrame' },
};

for (const [lang, n] of Object.entries(PLAYER)) {
  for (const mode of MODES.filter((m) => m.name !== 'talking mode')) {
    test(`axe finds nothing serious in ${lang}, ${mode.name}: a demo playing, paused, and the coach's ring`, async ({ page, app }) => {
      await app.open(`/?lang=${lang}`);
      for (const toggle of mode.toggles) {
        await button(page.getByRole('group', { name: LANGS[lang].access }), LANGS[lang][toggle]).click();
      }
      await button(page, n.play).click();
      const playing = page.getByRole('region', { name: n.region });
      await button(playing, n.pause).click();
      await expect(button(playing, n.resume)).toBeVisible();
      expect(await violations(page, mode), `a demo paused, ${lang}, ${mode.name}`).toEqual([]);

      await app.open(`/?lang=${lang}`);
      await button(page, n.showMe).click();
      await expect(page.locator('[aria-describedby~="coach"]')).toHaveCount(1);
      expect(await violations(page, mode), `the coach's ring, ${lang}, ${mode.name}`).toEqual([]);
    });
  }
}
