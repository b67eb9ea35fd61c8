// Time moved with the training clock: the daily limit resets at midnight, and a card blocked by
// three wrong PINs opens again exactly when its block ends. The page's real clock is pinned with
// Playwright's clock API (in UTC) so the times on screen are known; every move after that is a
// press on a `Training clock` button, as a trainer would do it.
import { test, expect } from './fixtures.mjs';
import { button, logIn, typeOnKeypad, threeWrongPins } from './helpers.mjs';

test.use({ timezoneId: 'UTC' });

/** Open the app with the page's clock pinned at `iso`, and start seed demo `n`. */
async function startAt(page, app, iso, n) {
  await page.clock.setFixedTime(new Date(iso));
  await app.open();
  await button(page, `Start scenario ${n}`).click();
  await expect(app.screen()).toContainText('Please insert your card');
}

const clockShows = (page, text) =>
  expect(page.getByRole('region', { name: 'Training clock' })).toContainText(text);

test('the daily limit resets at midnight', async ({ page, app }) => {
  await startAt(page, app, '2026-11-24T23:58:00Z', 4);
  await clockShows(page, '2026-11-24 23:58:00');
  await button(page, 'Insert card ending 3333').click();
  await typeOnKeypad(page, '1111');
  // $1,800 already taken today: $200 more reaches the $2,000 limit exactly.
  await button(page, 'Withdraw').click();
  await button(page, '$200').click();
  await expect(app.screen()).toContainText('Balance: $2,800.00');
  await button(page, 'Take cash').click();
  await button(page, 'Take receipt').click();

  await button(page, 'Advance 1 minute').click();
  await clockShows(page, '2026-11-24 23:59:00');
  await button(page, 'Yes').click();
  await button(page, 'Withdraw').click();
  await button(page, '$200').click();
  await expect(app.screen()).toContainText('Daily limit exceeded. Remaining: $0.00');
  await expect(button(page, 'Take cash')).toHaveCount(0);

  await button(page, 'Advance to midnight').click();
  await clockShows(page, '2026-11-25 00:00:00');
  await button(page, 'Yes').click();
  await button(page, 'Withdraw').click();
  await button(page, '$200').click();
  await expect(app.screen()).toContainText('Please take your cash: $200.00');
  await expect(app.screen()).toContainText('Balance: $2,600.00');
  await expect(button(page, 'Take cash')).toBeVisible();
});

test('a blocked card is refused until its 30 minutes are up, to the minute', async ({ page, app }) => {
  await startAt(page, app, '2026-11-24T10:00:00Z', 5);
  await threeWrongPins(page, '4444', '2222');
  await expect(app.screen()).toContainText('Incorrect PIN. Card blocked until 10:30');
  await button(page, 'Take card').click();

  // 29 minutes later: still blocked, and the right PIN is never even asked for.
  for (let i = 0; i < 5; i++) await button(page, 'Advance 5 minutes').click();
  for (let i = 0; i < 4; i++) await button(page, 'Advance 1 minute').click();
  await clockShows(page, '2026-11-24 10:29:00');
  await button(page, 'Insert card ending 4444').click();
  await expect(app.screen()).toContainText('Card blocked. Try again after 10:30');
  await expect(app.screen()).not.toContainText('Enter your PIN');
  await button(page, 'Take card').click();

  // At 10:30 the block is over: the card is accepted and the right PIN logs in.
  await button(page, 'Advance 1 minute').click();
  await clockShows(page, '2026-11-24 10:30:00');
  await button(page, 'Insert card ending 4444').click();
  await expect(app.screen()).toContainText('Enter your PIN');
  await typeOnKeypad(page, '2222');
  await expect(app.screen()).toContainText('Hello, Charlie Davis');
  await expect(button(page, 'Balance')).toBeVisible();
});

test('Advance 30 minutes ends a fresh block', async ({ page, app }) => {
  await startAt(page, app, '2026-11-24T10:00:00Z', 5);
  await threeWrongPins(page, '4444', '2222');
  await expect(app.screen()).toContainText('Incorrect PIN. Card blocked until 10:30');
  await button(page, 'Take card').click();
  await button(page, 'Insert card ending 4444').click();
  await expect(app.screen()).toContainText('Card blocked. Try again after 10:30');
  await button(page, 'Take card').click();
  await button(page, 'Advance 30 minutes').click();
  await button(page, 'Insert card ending 4444').click();
  await typeOnKeypad(page, '2222');
  await expect(app.screen()).toContainText('Hello, Charlie Davis');
});

// The machine does not ask the store about its session every second: it keeps the deadline
// each answer moves, and asks from the "more time" prompt on. These pin the moments exactly.
test('a withdrawal restarts the five idle minutes: the card comes out at 5:00 after it, not 4:59', async ({ page, app }) => {
  await startAt(page, app, '2026-11-24T10:00:00Z', 1);
  await logIn(page, '9012', '1234');
  const timer = page.getByRole('timer', { name: 'Session time left' });
  await expect(timer).toHaveText('5:00');

  await page.clock.setFixedTime(new Date('2026-11-24T10:02:00Z'));
  await button(page, 'Withdraw').click();
  await button(page, '$20').click();
  await expect(app.screen()).toContainText('Please take your cash: $20.00');
  // The countdown starts again from the withdrawal.
  await expect(timer).toHaveText('5:00');

  // 4:59 after it: the session is alive (the machine asks for more time), one second later it
  // is over.
  await page.clock.setFixedTime(new Date('2026-11-24T10:06:59Z'));
  await expect(app.screen()).toContainText('Do you need more time?');
  await expect(timer).toHaveText('0:01');
  await page.clock.setFixedTime(new Date('2026-11-24T10:07:00Z'));
  await expect(app.screen()).toContainText('Session expired: no activity for too long');
  await expect(button(page, 'Take card')).toBeVisible();
  await expect(timer).toHaveCount(0);
});

test('a card reported stolen while in use is stopped at the machine without a key press', async ({ page, app }) => {
  await startAt(page, app, '2026-11-24T10:00:00Z', 1);
  await logIn(page, '9012', '1234');
  const office = page.getByRole('region', { name: 'Back office' });
  await button(office, 'Cards').click();
  await button(office, 'Report card ending 9012 stolen').click();
  await expect(app.screen()).toContainText('This card has been reported stolen. Please contact your bank');
  await expect(button(page, 'Take card')).toBeVisible();
});

test('the wallet shows a block ending with no other change to the bank', async ({ page, app }) => {
  await startAt(page, app, '2026-11-24T10:00:00Z', 5);
  await threeWrongPins(page, '4444', '2222');
  await expect(app.screen()).toContainText('Incorrect PIN. Card blocked until 10:30');
  await button(page, 'Take card').click();
  const card = button(page, 'Insert card ending 4444');
  await expect(card).toHaveAccessibleDescription(/^Blocked until .*10:30/);
  // Time alone moves on: no button, no write, no other tab.
  await page.clock.setFixedTime(new Date('2026-11-24T10:30:00Z'));
  await expect(card).toHaveAccessibleDescription('Active');
});
