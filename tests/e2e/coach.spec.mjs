// The coach (issue 24): `Show me` rings the next control for the scenario's current goal and
// says the step in the `Coach` region; the control carries `aria-describedby` with the region's
// id, which is how these tests find it (UI-CONTRACT.md). A learner who sits still 20 seconds is
// offered help. The demo bank's cards carry their PINs on sticky notes.
import { test, expect } from './fixtures.mjs';
import { button } from './helpers.mjs';

const pointed = (page) => page.locator('[aria-describedby~="coach"]');
const coachSays = (page, name = 'Coach') => page.getByRole('region', { name });

/** Clicks whatever the coach points at, until `done` is visible; the names clicked. */
async function followTheCoach(page, done, most = 80) {
  const clicked = [];
  for (let i = 0; i < most; i++) {
    if (await done.isVisible()) return clicked;
    const target = pointed(page);
    // The machine may be answering (nothing is pointed at for a moment), or the goal just met.
    try {
      await expect(target).toHaveCount(1, { timeout: 2_000 });
    } catch {
      continue;
    }
    // A ring one can see: the outline is drawn.
    expect(await target.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    clicked.push((await target.getAttribute('aria-label')) || (await target.innerText()).trim());
    await target.click();
  }
  await expect(done).toBeVisible();
  return clicked;
}

test('Show me leads a learner through the training scenario by the highlight alone', async ({ page, app }) => {
  test.slow(); // four goals, one click at a time
  await app.open('/?scenario=scenarios/training.json');
  const goals = page.getByRole('region', { name: 'Goals' });
  await expect(goals.getByRole('listitem')).toHaveCount(4);
  await expect(pointed(page)).toHaveCount(0);
  await button(page, 'Show me').click();
  await expect(button(page, 'Show me')).toHaveAttribute('aria-pressed', 'true');
  await expect(coachSays(page)).toHaveText('Insert the card ending 4242: press it in the wallet.');
  const clicked = await followTheCoach(page, goals.getByRole('status').filter({ hasText: 'Scenario complete' }));
  await expect(goals.getByRole('listitem').filter({ hasText: '— done' })).toHaveCount(4);
  await expect(coachSays(page)).toHaveText('Every goal is met. Well done!');
  // The way went through the PIN key by key, fast cash, wrong PINs and the training clock.
  expect(clicked).toContain('Insert card ending 4242');
  expect(clicked).toContain('$60');
  expect(clicked).toContain('Balance');
  expect(clicked).toContain('Advance 30 minutes');
  expect(clicked.filter((c) => c === 'Enter').length).toBeGreaterThanOrEqual(5);
});

test('after 20 seconds still on one screen, the coach offers help', async ({ page, app }) => {
  await page.clock.install();
  await app.open('/?scenario=scenarios/training.json');
  await expect(coachSays(page)).toHaveText('Press Show me and the next step lights up.');
  await page.clock.runFor(15_000);
  await expect(coachSays(page)).toHaveText('Press Show me and the next step lights up.');
  await page.clock.runFor(6_000);
  await expect(coachSays(page)).toHaveText('Need a hand? Press Show me to see the next step.');
  // Any input starts the wait again.
  await button(page, 'Insert card ending 4242').click();
  await expect(coachSays(page)).toHaveText('Press Show me and the next step lights up.');
  await button(page, 'Show me').click();
  await expect(coachSays(page)).toHaveText("Type the card's PIN (it is on the sticky note), then press Enter.");
  await expect(pointed(page)).toHaveAccessibleName('2');
});

test('the demo cards carry their PINs on sticky notes, and Show me leads a visitor to a balance', async ({ page, app }) => {
  await app.open();
  const wallet = page.getByRole('region', { name: 'Wallet' });
  const card = wallet.getByRole('listitem').filter({ has: button(page, 'Insert card ending 9012') });
  await expect(card.getByRole('note')).toHaveText('PIN 1234');
  await button(page, 'Show me').click();
  await followTheCoach(page, app.screen().getByText(/^Balance: \$/));
  await expect(app.screen()).toContainText('Balance: $1,500.00');
});

test('in Spanish: Muéstrame and the Guía region', async ({ page, app }) => {
  await app.open('/?lang=es&scenario=scenarios/training.json');
  await button(page, 'Muéstrame').click();
  await expect(coachSays(page, 'Guía')).toHaveText('Inserte la tarjeta terminada en 4242: púlsela en la cartera.');
  await pointed(page).click();
  await expect(coachSays(page, 'Guía')).toHaveText(
    'Escriba el PIN de la tarjeta (está en la nota adhesiva) y pulse Aceptar.',
  );
});
