// Fills the app's IndexedDB database ("atm-sim", schema version 1) before the app loads, with
// the record layout src/store/idb.rs writes (see tests/fixtures/idb_schema_v1.json): one object
// store per record kind keyed by id, cards keyed by number without the number in the value,
// index `by_id` on cards and `by_account` on transactions. Runs in a same-origin blank page.
import { pbkdf2Sync } from 'node:crypto';
import { BLANK_PATH } from './harness.mjs';

export const PIN = '1234';
const SALT = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');

/** The PIN hash record the core writes: PBKDF2-HMAC-SHA256, 16-byte salt, 10,000 iterations. */
function pinRecord() {
  const iterations = 10_000;
  const hash = pbkdf2Sync(PIN, SALT, iterations, 32, 'sha256');
  return { hash: hash.toString('hex'), iterations, salt: SALT.toString('hex') };
}

/** A Luhn-valid 16-digit card number for user `i` (prefix 4, the user's index in the body). */
export function cardNumber(i) {
  const body = `4${String(i).padStart(14, '0')}`;
  let sum = 0;
  for (let k = 0; k < body.length; k++) {
    // Doubling starts from the digit left of the check digit.
    let d = Number(body[body.length - 1 - k]);
    if (k % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/**
 * Writes a bank of `users` users (one checking account and one card each, $1,000,000 each) and
 * `transactions` transactions in all (an opening deposit per account, then $20 withdrawals
 * spread over the accounts), one machine ATM001 with plenty of notes, and settings whose daily
 * limit ($1,000,000) never stops a benchmark. Every card's PIN is `PIN`.
 */
export async function seedBank(context, baseUrl, { users, transactions }) {
  const page = await context.newPage();
  await page.goto(baseUrl + BLANK_PATH);
  const cards = Array.from({ length: users }, (_, i) => cardNumber(i));
  // A bank the app has opened before (a returning visitor's): the hint it leaves in localStorage
  // (src/store/visits.rs), so its first load reads the wallet instead of expecting a first visit.
  await page.evaluate(() => localStorage.setItem('atm-sim.opened', '1'));
  await page.evaluate(
    async ({ cards, transactions, pin, now }) => {
      const db = await new Promise((ok, fail) => {
        const req = indexedDB.open('atm-sim', 1);
        req.onupgradeneeded = () => {
          const db = req.result;
          for (const name of ['meta', 'users', 'accounts', 'machines', 'sessions', 'journal']) {
            db.createObjectStore(name);
          }
          db.createObjectStore('cards').createIndex('by_id', 'id', { unique: true });
          db.createObjectStore('transactions').createIndex('by_account', 'account');
        };
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      const tx = db.transaction(
        ['meta', 'users', 'accounts', 'machines', 'cards', 'transactions'],
        'readwrite',
      );
      const store = (name) => tx.objectStore(name);
      const opening = 100_000_000; // $1,000,000.00 in cents
      const users = cards.length;
      const balances = new Array(users).fill(opening);
      for (let i = 0; i < users; i++) {
        const n = String(i).padStart(5, '0');
        const [user, account, card] = [`U${n}`, `A${n}`, `C${n}`];
        store('users').put(
          { accounts: [account], cards: [card], daily: { day: 0, withdrawn: 0 }, id: user, name: `User ${n}` },
          user,
        );
        store('accounts').put({ balance: opening, id: account, kind: 'checking', user }, account);
        store('cards').put(
          {
            accounts: [account], expires: null, failed_attempts: 0, hold: null, id: card, pin,
            status: { status: 'active' }, user,
          },
          cards[i],
        );
      }
      let id = 1;
      for (let i = 0; i < users && id <= transactions; i++, id++) {
        const account = `A${String(i).padStart(5, '0')}`;
        store('transactions').put(
          { account, amount: opening, at: now, balance_after: opening, card: null, id, kind: 'opening', machine: null },
          id,
        );
      }
      for (let i = 0; id <= transactions; i = (i + 1) % users, id++) {
        const account = `A${String(i).padStart(5, '0')}`;
        balances[i] -= 2000;
        store('transactions').put(
          {
            account, amount: 2000, at: now, balance_after: balances[i], card: cards[i].slice(-4), id,
            kind: 'withdrawal', machine: 'ATM001',
          },
          id,
        );
      }
      for (let i = 0; i < users; i++) {
        const account = `A${String(i).padStart(5, '0')}`;
        store('accounts').put({ balance: balances[i], id: account, kind: 'checking', user: `U${String(i).padStart(5, '0')}` }, account);
      }
      store('machines').put(
        { id: 'ATM001', in_service: true, location: 'Bench Hall', notes: { 20: 5000, 50: 5000 } },
        'ATM001',
      );
      const meta = store('meta');
      meta.put(1, 'schema');
      meta.put(
        {
          block_secs: 1800, daily_limit: 100_000_000, low_cash_threshold: 100_000, max_pin_attempts: 3,
          more_time_prompt_secs: 30, per_transaction_limit: 50_000, session_timeout_secs: 300, utc_offset: 0,
        },
        'settings',
      );
      meta.put(id, 'next_txn_id');
      meta.put(1, 'next_seq');
      await new Promise((ok, fail) => {
        tx.oncomplete = ok;
        tx.onerror = () => fail(tx.error);
        tx.onabort = () => fail(tx.error);
      });
      db.close();
    },
    { cards, transactions, pin: pinRecord(), now: Date.now() },
  );
  await page.close();
  return cards;
}
