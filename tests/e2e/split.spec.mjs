// The back office is a wasm module of its own (scripts/split-wasm), fetched when first needed:
// a visit that never opens it does not download it, the first section opened fetches it once
// (a pointer or the focus on the sections starts the fetch early), and a failed fetch leaves the
// ATM working, says so in the section, and is tried again when the section is chosen again.
import { test, expect } from './fixtures.mjs';
import { button, logIn } from './helpers.mjs';

const SPLIT = /\/split_backoffice-[0-9a-f]+\.wasm$/;
/** The main module. */
const MAIN = /\/atm-sim-[0-9a-f]+_bg\.wasm$/;

/** Every wasm the page requests, as URLs, in order. */
function wasmRequests(page) {
  const urls = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) urls.push(r.url());
  });
  return urls;
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
