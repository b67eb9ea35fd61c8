// The floor under the withdrawal figure: what IndexedDB itself costs in this browser on this
// machine, measured in a blank page of the app's origin with plain JavaScript (no wasm, no
// Leptos). A database shaped like the app's (eight object stores, small JSON records) gets
// readwrite transactions over all eight stores, timed with performance.now() from the
// transaction's creation to its `complete` event (the commit):
//   - empty: no request at all, only the commit;
//   - 1 read batch: eight gets sent together and awaited, then eight puts, commit (the shape of
//     a withdrawal that knows every key up front: settings, counters, session, card, user,
//     account, machine; then those records, a transaction and a journal entry written);
//   - N read batches: the same gets in N dependent rounds, then the puts, commit.
import { BLANK_PATH } from './harness.mjs';

const DB = 'idb-floor';
/** Reads and writes per transaction, as many as a withdrawal's. */
const N = 8;
const STORES = ['meta', 'users', 'accounts', 'cards', 'machines', 'sessions', 'transactions', 'journal'];

/** Runs in the page: `reps` of each shape, interleaved; resolves to { shape: [ms...] }. */
function measure([db, stores, n, reps, batches]) {
  const open = () =>
    new Promise((ok, fail) => {
      const r = indexedDB.open(db, 1);
      r.onupgradeneeded = () => stores.forEach((s) => r.result.createObjectStore(s));
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
  const done = (tx) =>
    new Promise((ok, fail) => {
      tx.oncomplete = ok;
      tx.onabort = () => fail(tx.error);
    });
  const get = (store, key) =>
    new Promise((ok, fail) => {
      const r = store.get(key);
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
  const record = { id: 'A1', user: 'U1', balance: 100000000, kind: 'Checking', daily: [1, 2, 3] };
  return (async () => {
    const conn = await open();
    const seed = conn.transaction(stores, 'readwrite');
    for (const s of stores) for (let k = 0; k < n; k++) seed.objectStore(s).put({ ...record, k }, `k${k}`);
    await done(seed);
    const store = (tx, k) => tx.objectStore(stores[k % stores.length]);
    // `rounds` dependent batches share the n gets; 0 rounds: an empty transaction.
    const once = async (rounds) => {
      const t0 = performance.now();
      const tx = conn.transaction(stores, 'readwrite');
      const finished = done(tx);
      const per = rounds === 0 ? 0 : Math.ceil(n / rounds);
      for (let r = 0, k = 0; r < rounds; r++) {
        const batch = [];
        for (let i = 0; i < per && k < n; i++, k++) batch.push(get(store(tx, k), `k${k}`));
        await Promise.all(batch);
      }
      if (rounds > 0) for (let k = 0; k < n; k++) store(tx, k).put({ ...record, k }, `k${k}`);
      tx.commit();
      await finished;
      return performance.now() - t0;
    };
    const out = {};
    for (const b of batches) out[b] = [];
    for (let i = 0; i < reps; i++) for (const b of batches) out[b].push(await once(b));
    conn.close();
    return out;
  })();
}

/** `reps` timings of each shape in a fresh context at `url`'s origin. */
export async function idbFloor(browser, url, reps, batches = [0, 1, 3]) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url + BLANK_PATH);
  const out = await page.evaluate(measure, [DB, STORES, N, reps, batches]);
  await context.close();
  return out;
}
