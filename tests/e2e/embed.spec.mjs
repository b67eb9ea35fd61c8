// Embedding (issue 6) and scenarios by URL: a portal on one origin embeds the app served from
// another, drives a goals scenario inside the frame and hears every event; `?scenario=`,
// `#scenario=`, a bad scenario, and what embed mode shows. Roles and accessible names only.
import { test, expect, serveStatic } from './fixtures.mjs';
import { button, typeOnKeypad, drillBank } from './helpers.mjs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PIN = '2468';
const WRONG_PIN = '1357';
const CARD = '4532777788884242';
const LEARNER = 'mailto:ann@example.com';

/** The example host page (examples/embed.html) served as the index of its own origin. */
let host;
let hostDir;
test.beforeAll(async () => {
  hostDir = await mkdtemp(join(tmpdir(), 'atm-host-'));
  await copyFile('examples/embed.html', join(hostDir, 'index.html'));
  host = await serveStatic(hostDir);
});
test.afterAll(async () => {
  await host?.close();
  if (hostDir) await rm(hostDir, { recursive: true, force: true });
});

/** base64url of a UTF-8 string, as a `#scenario=` link carries it. */
const base64url = (text) => Buffer.from(text, 'utf8').toString('base64url');

/** A digit string that stands alone (a PIN inside a longer number is not a leak). */
const standalone = (digits) => new RegExp(`(?<!\\d)${digits}(?!\\d)`);

test('a portal on another origin embeds the app, drives a scenario and hears every event', async ({
  page,
  distServer,
}) => {
  test.slow(); // a whole scenario, clicked through inside a frame
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const app = `${distServer.url}/?scenario=scenarios/training.json&learner=${encodeURIComponent(LEARNER)}`;
  expect(new URL(app).origin).not.toBe(host.url);
  await page.goto(`${host.url}/?app=${encodeURIComponent(app)}`);
  const frame = page.getByTitle('ATM simulator').contentFrame();
  const screen = frame.getByRole('region', { name: 'ATM screen' });
  await expect(page.getByRole('status')).toHaveText('Simulator ready');

  // Inside a frame the app is in embed mode by itself: the machine, the wallet, the goals
  // and (for a scenario that needs time to pass) the clock; no scenarios list, no inboxes.
  const goals = frame.getByRole('region', { name: 'Goals' });
  await expect(goals.getByRole('listitem')).toHaveText([
    /Withdraw \$60\.00 — not yet$/,
    /Check the balance — not yet$/,
    /Get the card blocked — not yet$/,
    /Use the card again after the block — not yet$/,
  ]);
  await expect(frame.getByRole('region', { name: 'Training clock' })).toBeVisible();
  await expect(frame.getByRole('region', { name: 'Scenarios' })).toHaveCount(0);
  await expect(frame.getByRole('region', { name: 'Phone' })).toHaveCount(0);
  await expect(frame.getByRole('region', { name: 'Back office' })).toHaveCount(0);

  // Withdraw $60 and check the balance.
  await button(frame, 'Insert card ending 4242').click();
  await expect(screen).toContainText('Enter your PIN');
  await typeOnKeypad(frame, PIN);
  await button(frame, 'Withdraw').click();
  await button(frame, '$60').click();
  await expect(screen).toContainText('Please take your cash: $60.00');
  await button(frame, 'Take cash').click();
  await button(frame, 'Yes').click();
  await button(frame, 'Balance').click();
  await expect(screen).toContainText('Balance: $440.00');
  await button(frame, 'No').click();
  await button(frame, 'Take card').click();
  await expect(goals.getByRole('listitem').filter({ hasText: 'Withdraw $60.00' })).toContainText('— done');

  // Three wrong PINs block the card; the block passes; the card works again.
  await button(frame, 'Insert card ending 4242').click();
  for (let i = 0; i < 3; i++) {
    await expect(screen).toContainText('Enter your PIN');
    await typeOnKeypad(frame, WRONG_PIN);
  }
  await expect(screen).toContainText('Card blocked');
  await button(frame, 'Take card').click();
  await button(frame, 'Advance 30 minutes').click();
  await button(frame, 'Insert card ending 4242').click();
  await expect(screen).toContainText('Enter your PIN');
  await typeOnKeypad(frame, PIN);
  await expect(button(frame, 'Balance')).toBeVisible();
  await expect(goals.getByRole('status')).toContainText('Scenario complete: 4 of 4 goals in');
  await expect(goals.getByRole('listitem').filter({ hasText: '— done' })).toHaveCount(4);
  await button(frame, 'Exit').click();
  await expect(button(frame, 'Take card')).toBeVisible();

  // The events, in order.
  const read = () => page.evaluate(() => window.simulatorMessages);
  await expect.poll(async () => (await read()).filter((m) => m.type === 'session_ended').length).toBe(3);
  const messages = await read();
  const ours = messages.filter((m) => m && m.source === 'atm-sim');
  const types = ours.map((m) => m.type);
  const at = (type) => types.indexOf(type);
  expect(at('ready')).toBe(0);
  expect(at('session_started')).toBeGreaterThan(at('ready'));
  expect(at('transaction')).toBeGreaterThan(at('session_started'));
  expect(at('scenario_completed')).toBeGreaterThan(at('transaction'));
  expect(types.indexOf('resize', at('ready'))).toBeGreaterThan(0);

  expect(ours[0]).toEqual({
    source: 'atm-sim',
    type: 'ready',
    scenario: 'Card training',
    goals: ['Withdraw $60.00', 'Check the balance', 'Get the card blocked', 'Use the card again after the block'],
  });
  expect(ours.filter((m) => m.type === 'session_started')).toEqual(
    Array(3).fill({ source: 'atm-sim', type: 'session_started', card_last4: '4242', machine: 'ATM100' }),
  );
  expect(ours.filter((m) => m.type === 'transaction')).toEqual([
    { source: 'atm-sim', type: 'transaction', kind: 'withdrawal', amount: '60.00', ok: true, message: null },
    { source: 'atm-sim', type: 'transaction', kind: 'balance', amount: null, ok: true, message: null },
  ]);
  expect(ours.filter((m) => m.type === 'card_blocked')).toEqual([
    { source: 'atm-sim', type: 'card_blocked', card_last4: '4242' },
  ]);
  expect(ours.filter((m) => m.type === 'session_ended').map((m) => m.reason)).toEqual([
    'logout',
    'card_blocked',
    'logout',
  ]);
  const completed = ours.find((m) => m.type === 'scenario_completed');
  // The run's score: the three wrong PINs were its mistakes.
  expect(completed).toMatchObject({ scenario: 'Card training', goals_met: 4, goals_total: 4, mistakes: 3 });
  expect(completed.duration).toMatch(/^PT(\d+M)?\d+(\.\d+)?S$/);
  expect(completed.duration_ms).toBeGreaterThan(0);

  // The frame follows the app's height.
  const resizes = ours.filter((m) => m.type === 'resize');
  expect(resizes.every((m) => Number.isInteger(m.height) && m.height > 0)).toBe(true);
  await expect
    .poll(() => page.getByTitle('ATM simulator').evaluate((f) => f.getBoundingClientRect().height))
    .toBe(resizes.at(-1).height);

  // Canvas's lti.frameResize, and H5P's resizer handshake: the app says hello, answers the
  // portal's hello, then prepareResize → (resizePrepared) → resize.
  const lti = messages.filter((m) => m && m.subject === 'lti.frameResize');
  expect(lti.map((m) => m.height)).toEqual(resizes.map((m) => m.height));
  const h5p = messages.filter((m) => m && m.context === 'h5p').map((m) => m.action);
  expect(h5p.slice(0, 3)).toEqual(['hello', 'hello', 'prepareResize']);
  expect(h5p).toContain('resize');
  const prepare = messages.find((m) => m && m.action === 'prepareResize');
  expect(prepare.scrollHeight).toBeGreaterThan(0);
  expect(prepare.frameHeight).toBeGreaterThan(0);

  // The same story as xAPI statements about the learner.
  const statements = ours.filter((m) => m.type === 'xapi').map((m) => m.statement);
  expect(statements.length).toBeGreaterThan(5);
  for (const s of statements) {
    expect(s.actor).toEqual({ objectType: 'Agent', mbox: LEARNER });
    expect(s.verb.id).toMatch(/^http:\/\/adlnet\.gov\/expapi\/verbs\/[a-z]+$/);
    expect(Date.parse(s.timestamp)).not.toBeNaN();
  }
  const verbs = statements.map((s) => s.verb.display['en-US']);
  expect(verbs[0]).toBe('initialized');
  expect(verbs).toEqual(expect.arrayContaining(['interacted', 'completed', 'failed', 'exited']));
  const done = statements.find((s) => s.verb.display['en-US'] === 'completed' && s.result.completion);
  expect(done.object).toEqual({
    objectType: 'Activity',
    id: `${distServer.url}/atm-sim/scenario/card-training`,
    definition: { name: { 'en-US': 'Card training' } },
  });
  expect(done.result).toMatchObject({ success: true, completion: true, duration: completed.duration });
  expect(done.result.extensions).toEqual({ [`${distServer.url}/atm-sim/mistakes`]: 3 });

  // Nothing carries a PIN or the full card number.
  for (const m of messages) {
    const text = JSON.stringify(m);
    expect(text).not.toMatch(standalone(PIN));
    expect(text).not.toMatch(standalone(WRONG_PIN));
    expect(text).not.toContain(CARD);
  }

  // The app asked for nothing but its own files (and the scenario file on its own origin).
  const own = [host.url, distServer.url];
  const foreign = requests.filter((u) => !u.startsWith('data:') && !own.some((o) => u.startsWith(`${o}/`)));
  expect(foreign).toEqual([]);
  const appPaths = requests.filter((u) => u.startsWith(`${distServer.url}/`)).map((u) => new URL(u).pathname);
  expect(appPaths).toContain('/scenarios/training.json');
  for (const path of appPaths) {
    expect(path).toMatch(/^\/(|scenarios\/training\.json|[\w-]+\.(js|wasm|css))$/);
  }
});

test('the portal hears each fault, reversal and retained card, with their xAPI statements', async ({
  page,
  distServer,
}) => {
  test.slow(); // a minute of the page clock, second by second, inside a frame
  await page.clock.install();
  const drill = drillBank([{ device: 'dispenser', kind: 'jam', times: 1 }]);
  const app = `${distServer.url}/?learner=${encodeURIComponent(LEARNER)}#scenario=${base64url(JSON.stringify(drill))}`;
  await page.goto(`${host.url}/?app=${encodeURIComponent(app)}`);
  const frame = page.getByTitle('ATM simulator').contentFrame();
  const screen = frame.getByRole('region', { name: 'ATM screen' });
  await expect(page.getByRole('status')).toHaveText('Simulator ready');
  await button(frame, 'Insert card ending 5556').click();
  await typeOnKeypad(frame, '4321');
  // A jam, reversed; then cash left in the tray, taken back; then the card left in the slot.
  await button(frame, 'Withdraw').click();
  await button(frame, '$100').click();
  await expect(screen).toContainText('Unable to dispense $100.00');
  await button(frame, 'Yes').click();
  await button(frame, 'Withdraw').click();
  await button(frame, '$60').click();
  await expect(screen).toContainText('Please take your cash: $60.00');
  await button(frame, 'No').click();
  await page.clock.runFor(31_000);
  await expect(screen).toContainText('$60.00 has been returned to your account');
  await page.clock.runFor(31_000);
  await expect(screen).toContainText('Your card has been retained by ATM009');

  const read = () => page.evaluate(() => window.simulatorMessages);
  await expect.poll(async () => (await read()).filter((m) => m.type === 'card_retained').length).toBe(1);
  const ours = (await read()).filter((m) => m && m.source === 'atm-sim');
  expect(ours.filter((m) => m.type === 'fault')).toEqual([
    { source: 'atm-sim', type: 'fault', device: 'dispenser', kind: 'jam', machine: 'ATM009' },
  ]);
  expect(ours.filter((m) => m.type === 'reversal')).toEqual([
    { source: 'atm-sim', type: 'reversal', kind: 'withdrawal', amount: '100.00', reason: 'dispenser_jam' },
    { source: 'atm-sim', type: 'reversal', kind: 'withdrawal', amount: '60.00', reason: 'cash_not_taken' },
  ]);
  expect(ours.filter((m) => m.type === 'card_retained')).toEqual([
    { source: 'atm-sim', type: 'card_retained', card_last4: '5556', machine: 'ATM009' },
  ]);
  expect(ours.filter((m) => m.type === 'session_ended').map((m) => m.reason)).toEqual(['logout']);
  const experienced = ours
    .filter((m) => m.type === 'xapi' && m.statement.verb.display['en-US'] === 'experienced')
    .map((m) => [m.statement.object.id.replace(distServer.url, ''), m.statement.result.response]);
  expect(experienced).toEqual([
    ['/atm-sim/atm/fault', 'dispenser jam at ATM009'],
    ['/atm-sim/atm/reversal', '100.00 dispenser_jam'],
    ['/atm-sim/atm/reversal', '60.00 cash_not_taken'],
    ['/atm-sim/atm/card', 'card retained at ATM009'],
  ]);
  for (const m of ours) expect(JSON.stringify(m)).not.toContain('4000123412345556');
});

test('?scenario= loads a same-origin scenario file with its goals', async ({ page, app }) => {
  await app.open('/?scenario=scenarios/training.json');
  const goals = page.getByRole('region', { name: 'Goals' });
  await expect(goals.getByRole('heading', { name: 'Card training' })).toBeVisible();
  await expect(goals.getByRole('listitem')).toHaveCount(4);
  await expect(button(page, 'Insert card ending 4242')).toBeVisible();
  await expect(page.getByText('Cash in machine: $4,000.00')).toBeVisible();
  // Outside embed mode the whole room is there.
  await expect(page.getByRole('region', { name: 'Scenarios' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Phone' })).toBeVisible();
});

test('#scenario= loads a base64url scenario, UTF-8 names included', async ({ page, app }) => {
  const scenario = {
    name: 'Café check',
    users: [
      {
        id: 'U1',
        name: 'Zoë Ünal',
        accounts: [{ id: 'A1', balance: '75.00' }],
        cards: [{ number: '4000123412341234', pin: '4321' }],
      },
    ],
    machines: [{ id: 'M1', location: 'Lobby' }],
    goals: [{ type: 'check_balance' }],
  };
  await app.open(`/#scenario=${base64url(JSON.stringify(scenario))}`);
  const goals = page.getByRole('region', { name: 'Goals' });
  await expect(goals.getByRole('heading', { name: 'Café check' })).toBeVisible();
  await button(page, 'Insert card ending 1234').click();
  await typeOnKeypad(page, '4321');
  await expect(app.screen()).toContainText('Hello, Zoë Ünal');
  await button(page, 'Balance').click();
  await expect(app.screen()).toContainText('Balance: $75.00');
  await expect(goals.getByRole('status')).toContainText('Scenario complete: 1 of 1 goals in');
});

test('a bad scenario names the field and leaves the bank as it was', async ({ page, app }) => {
  await app.open();
  await button(page, 'Start scenario 2').click();
  await expect(page.getByText('Cash in machine: $10,000.00')).toBeVisible();
  const bad = {
    users: [{ id: 'U1', name: 'Pat', accounts: [{ id: 'A1', balance: '10.00' }], cards: [{ number: '4000123412341234', pin: '12' }] }],
    machines: [{ id: 'M1', location: 'Lobby' }],
  };
  await app.open(`/index.html#scenario=${base64url(JSON.stringify(bad))}`);
  await expect(page.getByRole('alert')).toHaveText('Scenario not loaded: users[0].cards[0].pin: A PIN has 4 to 6 digits');
  await expect(button(page, 'Insert card ending 1111')).toBeVisible();
  await expect(button(page, 'Insert card ending 1234')).toHaveCount(0);
  await expect(page.getByText('Cash in machine: $10,000.00')).toBeVisible();

  // A file on this site that is not a valid bank: refused the same way.
  await page.route('**/broken.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...bad, machines: [] }) }),
  );
  await app.open('/?scenario=broken.json');
  await expect(page.getByRole('alert')).toHaveText('Scenario not loaded: machines: a scenario needs at least one machine');
  await expect(button(page, 'Insert card ending 1111')).toBeVisible();

  // Not base64url at all.
  await app.open('/index.html#scenario=not*base64');
  await expect(page.getByRole('alert')).toHaveText('Scenario not loaded: #scenario: not valid base64url');
  await expect(button(page, 'Insert card ending 1111')).toBeVisible();
});

test('a scenario on another site is refused without a request', async ({ page, app, distServer }) => {
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await app.open(`/?scenario=${encodeURIComponent('http://localhost:9/evil.json')}`);
  await expect(page.getByRole('alert')).toHaveText(
    `Scenario not loaded: the scenario must be a file on this site (${distServer.url}), not on http://localhost:9`,
  );
  expect(requests.filter((u) => u.startsWith('http://localhost:9'))).toEqual([]);
});

test('?embed=1 shows the machine and wallet only; panels= adds panels by name', async ({ page, app }) => {
  await app.open('/?embed=1');
  await expect(page.getByRole('region', { name: 'Wallet' })).toBeVisible();
  for (const name of ['Training clock', 'Scenarios', 'Phone', 'Email inbox', 'Back office']) {
    await expect(page.getByRole('region', { name })).toHaveCount(0);
  }
  await expect(page.getByRole('heading', { name: 'ATM Simulator' })).toHaveCount(0);

  await app.open('/?embed=1&panels=clock,inboxes,scenarios');
  for (const name of ['Training clock', 'Scenarios', 'Phone', 'Email inbox', 'Wallet']) {
    await expect(page.getByRole('region', { name })).toBeVisible();
  }
  await expect(page.getByRole('region', { name: 'Back office' })).toHaveCount(0);

  await app.open('/?embed=1&panels=backoffice');
  await expect(page.getByRole('region', { name: 'Back office' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Scenarios' })).toHaveCount(0);
});

test('the example scenario file is the one shipped in dist', async () => {
  const shipped = JSON.parse(await readFile(join(process.env.ATM_DIST || 'dist', 'scenarios/training.json'), 'utf8'));
  const source = JSON.parse(await readFile('examples/scenarios/training.json', 'utf8'));
  expect(shipped).toEqual(source);
  expect(source.goals.map((g) => g.type)).toEqual([
    'withdraw',
    'check_balance',
    'get_card_blocked',
    'recover_blocked_card',
  ]);
});
