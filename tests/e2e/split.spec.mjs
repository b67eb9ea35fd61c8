// Two parts of the app are wasm modules of their own (scripts/split-wasm), fetched when first
// needed:
// - the back office: a first visit does not download it, the first section opened fetches it
//   once (a pointer or the focus on the sections starts the fetch early), and a failed fetch
//   leaves the ATM working, says so in the section, and is tried again when the section is
//   chosen again;
// - the scenario code (scenario files, the demo bank, the seed demos): a first visit fetches it
//   to build the demo bank while the browser creates the database, a returning visit never does
//   unless it opens a scenario, and a failed fetch leaves the bank empty, says so, and the next
//   visit seeds it;
// - the session code (a card's requests and every request after the PIN; the bank in memory's
//   answers): fetched once the page has settled, or by the first card, and at once when the
//   bank runs in memory; a failed fetch hands the card back or refuses the request with a
//   message, changes nothing, and the next card or request fetches again.
import { test, expect } from './fixtures.mjs';
import { button, logIn, typeOnKeypad } from './helpers.mjs';

const SPLIT = /\/split_backoffice-[0-9a-f]+\.wasm$/;
const SCENARIOS = /\/split_scenarios-[0-9a-f]+\.wasm$/;
const SESSIONS = /\/split_sessions-[0-9a-f]+\.wasm$/;
/** The main module: neither a split module nor a chunk two of them share. */
const MAIN = /\/atm-sim-[0-9a-f]+_bg\.wasm$/;

/** Every wasm the page requests, as URLs, in order. */
function wasmRequests(page) {
  const urls = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) urls.push(r.url());
  });
  return urls;
}

const names = (urls) => urls.map((u) => u.slice(u.lastIndexOf('/') + 1));

/** Ends the session and takes the card, so the next page finds it back in the wallet. */
async function endSession(page, app) {
  await button(page, 'No').click();
  await button(page, 'Take card').click();
  await expect(app.screen()).toContainText('Please insert your card');
}

test('a visit that never opens the back office never fetches its module; the first section does, once', async ({ page, app }) => {
  const wasm = wasmRequests(page);
  await app.open();
  await logIn(page, '9012', '1234');
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $1,500.00');
  expect(wasm.filter((u) => MAIN.test(u))).toHaveLength(1);
  expect(wasm.filter((u) => SPLIT.test(u))).toHaveLength(0);

  const office = page.getByRole('region', { name: 'Back office' });
  await button(office, 'Users').click();
  await expect(office.getByRole('row').filter({ hasText: 'Jane Smith' })).toBeVisible();
  await button(office, 'Journal').click();
  await expect(office.getByRole('row').filter({ hasText: 'Balance' }).first()).toBeVisible();
  expect(wasm.filter((u) => SPLIT.test(u))).toHaveLength(1);
});

test('a first visit fetches the scenario code once; a returning visit does not', async ({ page, app }) => {
  const wasm = wasmRequests(page);
  await app.open();
  await logIn(page, '9012', '1234');
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $1,500.00');
  await endSession(page, app);
  expect(wasm.filter((u) => SCENARIOS.test(u))).toHaveLength(1);

  wasm.length = 0;
  await page.reload();
  await logIn(page, '9012', '1234');
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $1,500.00');
  expect(wasm.filter((u) => MAIN.test(u))).toHaveLength(1);
  expect(wasm.filter((u) => SCENARIOS.test(u))).toHaveLength(0);

  // A seed demo needs the scenario code again, once.
  await button(page, 'Start scenario 1').click();
  await expect(page.getByRole('note', { name: 'Hints' })).toBeVisible();
  expect(wasm.filter((u) => SCENARIOS.test(u))).toHaveLength(1);
});

test('a browser that cannot open IndexedDB runs the bank in memory, with the session code fetched once', async ({ page, app }) => {
  // As in a private mode that refuses storage: opening any database throws.
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  const wasm = wasmRequests(page);
  await app.open();
  await expect(page.getByRole('status').filter({ hasText: 'the bank runs in memory' })).toBeVisible();
  await logIn(page, '9012', '1234');
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $1,500.00');
  await endSession(page, app);
  await logIn(page, '9012', '1234');
  await button(page, 'Withdraw').click();
  await typeOnKeypad(page, '300');
  await expect(app.screen()).toContainText('Please take your cash: $300.00');
  await expect(app.screen()).toContainText('Balance: $1,200.00');
  expect(wasm.filter((u) => SESSIONS.test(u))).toHaveLength(1);
  expect(wasm.filter((u) => MAIN.test(u))).toHaveLength(1);
});

test('a scenario named by the URL fetches the scenario code alongside its file', async ({ page, app }) => {
  // A returning visit: a first one fetches the scenario code anyway, for the demo bank.
  await app.open();
  await expect(page.getByRole('button', { name: /^Insert card ending/ }).first()).toBeEnabled();
  const order = [];
  const isFile = (r) => new URL(r.url()).pathname.endsWith('/training.json');
  page.on('request', (r) => {
    if (SCENARIOS.test(r.url()) || isFile(r)) order.push(r.url());
  });
  page.on('requestfinished', (r) => {
    if (isFile(r)) order.push('file finished');
  });
  await app.open('/?scenario=scenarios/training.json');
  await expect(page.getByRole('region', { name: 'Goals' })).toBeVisible();
  // Both requests go out before the file has arrived, not one after the other.
  const fetched = order.findIndex((u) => SCENARIOS.test(u));
  expect(fetched).toBeGreaterThanOrEqual(0);
  expect(fetched).toBeLessThan(order.indexOf('file finished'));
});

for (const reach of ['pointer over', 'focus on']) {
  test(`the ${reach} a section starts the fetch before any click`, async ({ page, app }) => {
    await app.open();
    const office = page.getByRole('region', { name: 'Back office' });
    const users = button(office, 'Users');
    await expect(users).toBeVisible();
    const fetched = page.waitForRequest(SPLIT);
    if (reach === 'pointer over') await users.hover();
    else await users.focus();
    await fetched;
    await expect(users).toHaveAttribute('aria-expanded', 'false');
    await users.click();
    await expect(office.getByRole('row').filter({ hasText: 'Jane Smith' })).toBeVisible();
  });
}

test.describe('when the back office module cannot be fetched', () => {
  test.use({ allowPageErrors: true });

  test('the section says so, the ATM goes on, and choosing the section again retries', async ({ page, app, pageErrors }) => {
    await page.route(SPLIT, (route) => route.abort('internetdisconnected'));
    await app.open();
    const office = page.getByRole('region', { name: 'Back office' });
    await button(office, 'Users').click();
    await expect(office.getByRole('alert').filter({ hasText: 'The back office could not be loaded.' })).toHaveText(
      'The back office could not be loaded. Check the connection, then choose the section again.',
    );

    // The machine was not taken down with the section.
    await logIn(page, '9012', '1234');
    await button(page, 'Balance').click();
    await expect(app.screen()).toContainText('Balance: $1,500.00');

    await page.unroute(SPLIT);
    await button(office, 'Users').click();
    await button(office, 'Users').click();
    await expect(office.getByRole('row').filter({ hasText: 'Jane Smith' })).toBeVisible();
    await expect(office.getByText('The back office could not be loaded.')).toHaveCount(0);
    // The only errors are the failed fetch's own.
    expect(pageErrors.length).toBeGreaterThan(0);
    for (const e of pageErrors) expect(e).toMatch(/split_backoffice|Failed to fetch|ERR_INTERNET_DISCONNECTED/);
  });
});

test.describe('when the scenario code cannot be fetched', () => {
  test.use({ allowPageErrors: true });

  test('a first visit says the demo bank could not be loaded, and the next visit seeds it', async ({ page, app, pageErrors }) => {
    await page.route(SCENARIOS, (route) => route.abort('internetdisconnected'));
    await app.open();
    await expect(page.getByRole('status').filter({ hasText: 'The demo bank could not be loaded.' })).toHaveText(
      'The demo bank could not be loaded. Check the connection, then reload the page.',
    );
    // The first visit's guess at the wallet (the demo's cards) is taken back: the bank is empty.
    const wallet = page.getByRole('region', { name: 'Wallet' });
    await expect(wallet.getByRole('button', { name: /^Insert card ending/ })).toHaveCount(0);
    for (const e of pageErrors) expect(e).toMatch(/split_scenarios|Failed to fetch|ERR_INTERNET_DISCONNECTED/);

    await page.unroute(SCENARIOS);
    await page.reload();
    await logIn(page, '9012', '1234');
    await button(page, 'Balance').click();
    await expect(app.screen()).toContainText('Balance: $1,500.00');
    await expect(page.getByText('The demo bank could not be loaded.')).toHaveCount(0);
  });

  test('a seed demo says so and leaves the bank as it was', async ({ page, app, pageErrors }) => {
    await app.open();
    await logIn(page, '9012', '1234');
    await button(page, 'Balance').click();
    await expect(app.screen()).toContainText('Balance: $1,500.00');
    await endSession(page, app);
    await page.reload();
    await page.route(SCENARIOS, (route) => route.abort('internetdisconnected'));
    await button(page, 'Start scenario 1').click();
    await expect(app.screen()).toContainText("The simulator's code for this could not be loaded. Check the connection, then try again");
    await expect(page.getByRole('note', { name: 'Hints' })).toHaveCount(0);
    await logIn(page, '9012', '1234');
    await button(page, 'Balance').click();
    await expect(app.screen()).toContainText('Balance: $1,500.00');
    for (const e of pageErrors) expect(e).toMatch(/split_scenarios|Failed to fetch|ERR_INTERNET_DISCONNECTED/);
  });
});

test('the session code is fetched once, after the page has settled', async ({ page, app }) => {
  const wasm = wasmRequests(page);
  await app.open();
  // Before any PIN: the page fetches it once the panels below the machine are built.
  await expect(page.getByRole('region', { name: 'Scenarios' })).toBeVisible();
  await expect.poll(() => wasm.filter((u) => SESSIONS.test(u)).length).toBe(1);
  await logIn(page, '9012', '1234');
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $1,500.00');
  expect(wasm.filter((u) => SESSIONS.test(u))).toHaveLength(1);
});

test.describe('when the session code cannot be fetched', () => {
  test.use({ allowPageErrors: true });

  test('a card or a request says so and changes nothing, and the next one fetches again', async ({ page, app, pageErrors }) => {
    await page.route(SESSIONS, (route) => route.abort('internetdisconnected'));
    await app.open();
    // The card comes back out with the reason; the bank recorded nothing.
    await button(page, 'Insert card ending 9012').click();
    await expect(app.screen()).toContainText("The simulator's code for this could not be loaded");
    await expect(app.screen()).toContainText('Please take your card');
    await button(page, 'Take card').click();
    await expect(app.screen()).toContainText('Please insert your card');
    await expect(button(page, 'Insert card ending 9012')).toBeEnabled();

    await page.unroute(SESSIONS);
    await logIn(page, '9012', '1234');
    await page.route(SESSIONS, (route) => route.abort('internetdisconnected'));
    await button(page, 'Withdraw').click();
    await button(page, '$20').click();
    await expect(app.screen()).toContainText('Please take your cash: $20.00');
    // One withdrawal, not two.
    await expect(app.screen()).toContainText('Balance: $1,480.00');
    for (const e of pageErrors) expect(e).toMatch(/split_sessions|Failed to fetch|ERR_INTERNET_DISCONNECTED/);
  });
});
