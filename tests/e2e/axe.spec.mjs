// axe-core on the pages a learner sees, in each display mode: no violation of serious or
// critical impact (WCAG 2.1 A and AA rules), and in high contrast none of the enhanced (7:1)
// contrast rule at all. Pages: the welcome screen, the PIN screen, a refusal, the menu, the back
// office open, and embed mode. Talking mode adds its own buttons to the page.
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.mjs';
import { button, atmScreen, typeOnKeypad } from './helpers.mjs';

const MODES = [
  { name: 'normal', toggles: [] },
  { name: 'large text', toggles: ['Large text'] },
  { name: 'high contrast', toggles: ['High contrast'] },
  { name: 'talking mode', toggles: ['Talking mode'] },
];

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
  if (mode.toggles.includes('High contrast')) {
    const { violations: enhanced } = await new AxeBuilder({ page }).withRules(['color-contrast-enhanced']).analyze();
    bad.push(...enhanced);
  }
  return bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const mode of MODES) {
  test(`axe finds nothing serious, ${mode.name}: welcome, PIN, refusal, menu, back office, embed mode`, async ({ page, app }) => {
    await app.open();
    for (const name of mode.toggles) {
      await button(page.getByRole('group', { name: 'Access' }), name).click();
    }
    const checked = [];
    const check = async (what) => {
      expect(await violations(page, mode), `${what}, ${mode.name}`).toEqual([]);
      checked.push(what);
    };

    await expect(atmScreen(page)).toContainText('Please insert your card');
    await check('welcome');
    await button(page, 'Insert card ending 1111').click();
    await expect(atmScreen(page)).toContainText('Enter your PIN');
    await check('PIN screen');
    await typeOnKeypad(page, '9999');
    await expect(atmScreen(page)).toContainText('Incorrect PIN. 2 tries remaining');
    await check('a refusal');
    await typeOnKeypad(page, '5678');
    await expect(button(page, 'Balance')).toBeVisible();
    await check('menu');
    const office = page.getByRole('region', { name: 'Back office' });
    await button(office, 'Cards').click();
    await expect(button(office, 'Cards')).toHaveAttribute('aria-expanded', 'true');
    await check('back office, Cards open');
    await app.open('/?embed=1');
    await expect(atmScreen(page)).toContainText('Please insert your card');
    await check('embed mode');
    expect(checked).toHaveLength(6);
  });
}
