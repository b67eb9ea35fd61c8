// The training clock is the bank's, not the browser's (SPEC.md, "Time is the bank's"): a
// scenario at 09:00-05:00 shows 09:00 in a browser in UTC and in Tokyo alike, "Advance to
// midnight" goes to the bank's midnight (where the daily limit resets), and the clock survives a
// reload and is shared by tabs. Roles and accessible names only.
import { test, expect } from './fixtures.mjs';
import { button, logIn } from './helpers.mjs';

/** The contract's daily-limit example: $1,800 of $2,000 already taken today, at 09:00 in New York. */
const DAILY_LIMIT = {
  name: 'Daily limit',
  clock: '2026-11-24T09:00:00-05:00',
  settings: { per_transaction_limit: '500.00', daily_limit: '2000.00' },
  users: [
    {
      id: 'U004',
      name: 'Alice Brown',
      accounts: [{ id: 'ACC004', kind: 'checking', balance: '3000.00' }],
      cards: [{ number: '4532333333333333', pin: '1111', accounts: ['ACC004'] }],
      withdrawn_today: '1800.00',
    },
  ],
  machines: [{ id: 'ATM004', location: 'Airport', notes: { 20: 250, 50: 100 } }],
};
const LINK = `/#scenario=${Buffer.from(JSON.stringify(DAILY_LIMIT)).toString('base64url')}`;

const clockShows = (page, text) =>
  expect(page.getByRole('region', { name: 'Training clock' })).toContainText(text);

async function withdraw200(page) {
  await button(page, 'Withdraw').click();
  await button(page, '$200').click();
}

for (const timezoneId of ['UTC', 'Asia/Tokyo']) {
  test.describe(`a browser in ${timezoneId}`, () => {
    test.use({ timezoneId });

    test('shows the bank time, and Advance to midnight resets the daily limit at the bank\'s midnight', async ({ page, app, context }) => {
      // The page's real time is pinned (well away from the scenario's) so the read-out is exact.
      await page.clock.setFixedTime(new Date('2030-06-01T12:00:00Z'));
      await app.open(LINK);
      await clockShows(page, '2026-11-24 09:00:00');

      await logIn(page, '3333', '1111');
      await withdraw200(page);
      await expect(app.screen()).toContainText('Please take your cash: $200.00');
      await button(page, 'Take cash').click();
      await button(page, 'Take receipt').click();
      await button(page, 'Yes').click();
      await withdraw200(page);
      await expect(app.screen()).toContainText('Daily limit exceeded. Remaining: $0.00');

      await button(page, 'Advance to midnight').click();
      await clockShows(page, '2026-11-25 00:00:00');
      // Fifteen hours on, the session is long over: the card comes back.
      await button(page, 'Take card').click();

      // The clock is the bank's: a reload keeps it, and another tab shows and moves the same one.
      await page.reload();
      await clockShows(page, '2026-11-25 00:00:00');
      const other = await context.newPage();
      await other.goto('/');
      await clockShows(other, '2026-11-25 00:00:00');
      await button(other, 'Advance 5 minutes').click();
      await clockShows(other, '2026-11-25 00:05:00');
      await clockShows(page, '2026-11-25 00:05:00');
      await other.close();

      // A new day at the bank: $200 more is allowed again.
      await logIn(page, '3333', '1111');
      await withdraw200(page);
      await expect(app.screen()).toContainText('Please take your cash: $200.00');
      await expect(app.screen()).toContainText('Balance: $2,600.00');
    });
  });
}
