// Demos that play themselves and runs a trainer can replay (issue 24): `Play demo N` presses a
// seed demo's script at a readable pace with captions, `Pause` / `Resume` / `Stop demo`;
// `Download run` saves the learner's run (a PIN's digits as •) and `Load a run` replays it on
// its scenario to the same balance. The page clock drives the pace.
import { test, expect } from './fixtures.mjs';
import { button, logIn } from './helpers.mjs';
import { readFile } from 'node:fs/promises';

const nowPlaying = (page) => page.getByRole('region', { name: 'Now playing' });

/** Moves the page clock on until `done` shows (each step waits at most 1.4 s). */
async function playUntil(page, done, most = 60) {
  for (let i = 0; i < most && !(await done.isVisible()); i++) await page.clock.runFor(1_500);
  await expect(done).toBeVisible();
}

test('Play demo 2 withdraws $300 by itself, with a caption for each step, to its goal', async ({ page, app }) => {
  await page.clock.install();
  await app.open();
  await button(page, 'Play demo 2').click();
  const region = nowPlaying(page);
  await expect(region.getByRole('heading')).toHaveText('Demo 2 is playing');
  await page.clock.runFor(1_500);
  await expect(region).toContainText('Insert the card ending 1111 and type PIN 5678.');
  await playUntil(page, region.getByRole('heading', { name: 'Finished' }));
  await expect(region).toContainText('Take the cash: the balance is $1,200.00');
  await expect(region).toContainText(/^.*Step (\d+) of \1/);
  const goals = page.getByRole('region', { name: 'Goals' });
  await expect(goals.getByRole('listitem')).toContainText(['Withdraw $300.00 — done']);
  await expect(page.getByText('Cash in machine: $9,700.00')).toBeVisible();
  await expect(app.screen()).toContainText('Please insert your card');
});

test('a demo pauses, resumes and stops', async ({ page, app }) => {
  await page.clock.install();
  await app.open();
  await button(page, 'Play demo 1').click();
  const region = nowPlaying(page);
  await page.clock.runFor(3_000);
  await button(page, 'Pause').click();
  const progress = await region.getByText(/^Step \d+ of \d+$/).innerText();
  await page.clock.runFor(10_000);
  await expect(region.getByText(/^Step \d+ of \d+$/)).toHaveText(progress);
  await button(page, 'Resume').click();
  await page.clock.runFor(3_000);
  await expect(region.getByText(/^Step \d+ of \d+$/)).not.toHaveText(progress);
  await button(page, 'Stop demo').click();
  await expect(region).toHaveCount(0);
});

test('a downloaded run holds no PIN and replays on its scenario to the same balance', async ({ page, app }) => {
  await app.open('/?scenario=scenarios/training.json');
  await logIn(page, '4242', '2468');
  await button(page, 'Withdraw').click();
  await button(page, '$60').click();
  await expect(app.screen()).toContainText('Balance: $440.00');
  await button(page, 'Take cash').click();
  const runs = page.getByRole('region', { name: 'Runs' });
  const [download] = await Promise.all([page.waitForEvent('download'), button(runs, 'Download run').click()]);
  expect(download.suggestedFilename()).toBe('atm-run.json');
  const text = await readFile(await download.path(), 'utf8');
  const run = JSON.parse(text);
  expect(run.format).toBe('atm-sim run');
  expect(run.scenario).toBe('Card training');
  expect(run.score).toMatchObject({ goals_met: 1, goals_total: 4, mistakes: 0 });
  expect(text).not.toMatch(/(?<!\d)2468(?!\d)/);
  expect(text).not.toContain('4532777788884242');
  expect(run.events.filter((e) => e.type === 'key' && e.key === '•')).toHaveLength(4);
  expect(run.events).toContainEqual(expect.objectContaining({ type: 'pin', right: true }));

  // The learner goes on ($20 more); the replay starts the scenario afresh and ends at $440.
  await button(page, 'Yes').click();
  await button(page, 'Withdraw').click();
  await button(page, '$20').click();
  await expect(app.screen()).toContainText('Balance: $420.00');
  await runs.getByLabel('Load a run').setInputFiles(await download.path());
  await expect(runs.getByRole('status')).toHaveText('Replaying the run on its scenario');
  await expect(nowPlaying(page).getByRole('heading')).toHaveText('Finished', { timeout: 15_000 });
  await expect(app.screen()).toContainText('Balance: $440.00');
  const office = page.getByRole('region', { name: 'Back office' });
  await button(office, 'Accounts').click();
  await expect(office.getByRole('row').filter({ hasText: 'ACC100' })).toContainText('$440.00');
});

test('a bad run file is refused naming the field, and nothing changes', async ({ page, app }) => {
  await app.open('/?scenario=scenarios/training.json');
  const runs = page.getByRole('region', { name: 'Runs' });
  const bad = {
    format: 'atm-sim run',
    events: [{ at_ms: 0, type: 'key', key: 'x' }],
    score: { goals_met: 0, goals_total: 0, mistakes: 0, duration_ms: 0 },
  };
  await runs.getByLabel('Load a run').setInputFiles({
    name: 'bad-run.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  await expect(runs.getByRole('status')).toContainText('events[0].key');
  await expect(nowPlaying(page)).toHaveCount(0);
});

test('in Spanish: Reproducir demo, Pausa, Continuar, Detener demo, Descargar sesión', async ({ page, app }) => {
  await page.clock.install();
  await app.open('/?lang=es');
  await expect(button(page, 'Descargar sesión')).toBeVisible();
  await expect(page.getByLabel('Cargar sesión')).toBeAttached();
  await button(page, 'Reproducir demo 1').click();
  await page.clock.runFor(1_500);
  await button(page, 'Pausa').click();
  await button(page, 'Continuar').click();
  await button(page, 'Detener demo').click();
  await expect(page.getByRole('region', { name: 'En reproducción' })).toHaveCount(0);
});
