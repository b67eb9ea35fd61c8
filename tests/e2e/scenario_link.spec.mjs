// A scenario link loads its scenario once. A reload, another tab or a back/forward visit keeps
// the bank as it is, so three wrong PINs are never undone by F5 (SPEC.md, "Time is the bank's");
// `Restart scenario` starts the scenario afresh on purpose. Roles and accessible names only.
import { test, expect } from './fixtures.mjs';
import { button, typeOnKeypad, threeWrongPins } from './helpers.mjs';

const SCENARIO = {
  name: 'Three tries',
  users: [
    {
      id: 'U1',
      name: 'Pat Lee',
      accounts: [{ id: 'A1', kind: 'checking', balance: '500.00' }],
      cards: [{ number: '4532333333333333', pin: '1111', accounts: ['A1'] }],
    },
  ],
  machines: [{ id: 'ATM009', location: 'Lobby', notes: { 20: 100 } }],
  goals: [{ type: 'check_balance' }],
};

const goalsHeading = (page) =>
  page.getByRole('region', { name: 'Goals' }).getByRole('heading', { name: 'Three tries' });

/** The card is refused as blocked at the machine, and handed back. */
async function refusedAsBlocked(page) {
  await button(page, 'Insert card ending 3333').click();
  await expect(page.getByRole('region', { name: 'ATM screen' })).toContainText(
    /Card blocked\. Try again after \d\d:\d\d/,
  );
  await button(page, 'Take card').click();
}

const SCENARIO_BASE64 = Buffer.from(JSON.stringify(SCENARIO)).toString('base64url');

for (const [kind, link] of [
  ['#scenario=', `/#scenario=${SCENARIO_BASE64}`],
  ['?scenario=', '/?scenario=three-tries.json'],
]) {
  test(`a ${kind} link loads once: reloads, tabs and back/forward keep a blocked card blocked until Restart scenario`, async ({ page, app, context }) => {
    await context.route('**/three-tries.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(SCENARIO) }),
    );
    await app.open(link);
    await expect(goalsHeading(page)).toBeVisible();
    const card = button(page, 'Insert card ending 3333');
    await expect(card).toHaveAccessibleDescription('Active');
    await threeWrongPins(page, '3333', '1111');
    await expect(app.screen()).toContainText('Incorrect PIN. Card blocked until');
    await button(page, 'Take card').click();
    await expect(card).toHaveAccessibleDescription(/^Blocked until/);
    // What the page keeps to remember the link holds neither the PIN nor the card number.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).toContain('scenario-link');
    for (const secret of ['4532333333333333', '"pin"', SCENARIO_BASE64]) {
      expect(stored).not.toContain(secret);
    }

    // F5: the same link, the same bank. The scenario's goals are shown again.
    await page.reload();
    await expect(goalsHeading(page)).toBeVisible();
    await expect(card).toHaveAccessibleDescription(/^Blocked until/);
    await refusedAsBlocked(page);

    // Another tab opened with the link.
    const other = await context.newPage();
    await other.goto(link);
    await expect(button(other, 'Insert card ending 3333')).toHaveAccessibleDescription(/^Blocked until/);
    await refusedAsBlocked(other);
    await other.close();

    // Away and back again.
    await page.goto('/');
    await expect(card).toHaveAccessibleDescription(/^Blocked until/);
    await page.goBack();
    await expect(goalsHeading(page)).toBeVisible();
    await refusedAsBlocked(page);

    // Starting afresh is explicit.
    await button(page, 'Restart scenario').click();
    await expect(card).toHaveAccessibleDescription('Active');
    await card.click();
    await typeOnKeypad(page, '1111');
    await expect(app.screen()).toContainText('Hello, Pat Lee');
  });
}

test('a page without a scenario link offers no Restart scenario', async ({ page, app }) => {
  await app.open();
  await expect(button(page, 'Insert card ending 9012')).toBeVisible();
  await expect(button(page, 'Restart scenario')).toHaveCount(0);
});
