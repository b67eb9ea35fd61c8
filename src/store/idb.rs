//! The bank in the browser's IndexedDB (wasm only).
//!
//! One object store per kind of record, each keyed by the record's id: `meta` (schema version,
//! counters, settings), `users`, `accounts`, `cards`, `machines`, `sessions`, `transactions`
//! (index `by_account`) and `journal`. A card is stored under its number as an out-of-line key
//! and the stored value does not hold the number (index `by_id` finds a card from a session).
//!
//! Every operation is one readwrite transaction: read the records by key, call the core's
//! decision, write its records and the journal entry, commit. Nothing but IndexedDB requests is
//! awaited in between (PIN hashing is synchronous Rust), so two tabs can never interleave inside
//! an operation: the transaction is the lock. A transaction dropped without commit is aborted by
//! `indexed_db_futures`, so an error anywhere leaves every store as it was. Events reach the
//! notifiers only after the commit succeeded, in a task after the one that answers.

use super::entropy::OsEntropy;
use super::sync::{Announcer, Subscription};
use super::{Notifiers, StoreError, StoreResult, WalletCard};
use crate::core::backoffice::{self, CardIssue};
use crate::core::journal::{JournalDraft, JournalEntry};
use crate::core::machine::{Device, Fault};
use crate::core::ops::{self, CardScene, Decision, SessionScene};
use crate::core::snapshot::SNAPSHOT_FORMAT;
use crate::core::transaction::MAX_TXNS_PER_OPERATION;
use crate::core::{
    Account, AccountId, AccountKind, Answer, BankSnapshot, Card, CardId, CardNumber, CardRequest,
    Fresh, Machine, MachineId, Money, Notes, Pin, Reply, Session, SessionId, SessionRequest,
    Settings, Timestamp, Transaction, User, UserId,
};
use indexed_db_futures::cursor::CursorDirection;
use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction as IdbTx, TransactionMode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cell::{Cell, OnceCell};
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};

/// The schema this build writes. Raise it and extend [`upgrade`] when the layout changes.
///
/// - 1: one store per kind of record; cards keyed by number (`by_id`), transactions `by_account`.
/// - 2: accounts and cards also `by_user`, so the back office finds a customer's accounts and
///   cards by key instead of scanning the bank.
///
/// New fields of a record need no new version: records are stored whole, as serde writes
/// them, and a field added with a default reads as that default from an older record (a
/// machine's `devices`, a card's `retained`).
pub const SCHEMA_VERSION: u32 = 2;

pub const META: &str = "meta";
pub const USERS: &str = "users";
pub const ACCOUNTS: &str = "accounts";
pub const CARDS: &str = "cards";
pub const MACHINES: &str = "machines";
pub const SESSIONS: &str = "sessions";
pub const TRANSACTIONS: &str = "transactions";
pub const JOURNAL: &str = "journal";
/// Every object store, in a fixed order.
pub const ALL_STORES: [&str; 8] = [
    META,
    USERS,
    ACCOUNTS,
    CARDS,
    MACHINES,
    SESSIONS,
    TRANSACTIONS,
    JOURNAL,
];

const CARDS_BY_ID: &str = "by_id";
const TXNS_BY_ACCOUNT: &str = "by_account";
/// Schema 2: accounts and cards by owner.
pub const BY_USER: &str = "by_user";

const META_SCHEMA: &str = "schema";
const META_NEXT_TXN: &str = "next_txn_id";
const META_NEXT_SEQ: &str = "next_seq";
const META_SETTINGS: &str = "settings";

fn storage(e: impl std::fmt::Display) -> StoreError {
    StoreError::Storage(e.to_string())
}

fn corrupt(store: &str, key: &str) -> StoreError {
    StoreError::Corrupt {
        store: store.to_string(),
        key: key.to_string(),
    }
}

/// Plain data → a JS object (through JSON, so the stored shape is exactly serde's).
fn to_js<T: Serialize>(value: &T) -> StoreResult<JsValue> {
    let text = serde_json::to_string(value).map_err(storage)?;
    js_sys::JSON::parse(&text).map_err(|_| StoreError::Storage("cannot encode a record".into()))
}

/// A stored value as JSON text (`None` if it cannot be one: a corrupt record).
fn js_text(value: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(value).ok()?.as_string()
}

/// A stored value → plain data. Decoding straight from the text (not through a JSON tree) keeps
/// one deserializer per record type in the wasm.
fn from_js<T: DeserializeOwned>(store: &str, key: &str, value: &JsValue) -> StoreResult<T> {
    let text = js_text(value).ok_or_else(|| corrupt(store, key))?;
    serde_json::from_str(&text).map_err(|_| corrupt(store, key))
}

/// A card's stored value: the card without its number (the number is the key).
fn card_to_js(card: &Card) -> StoreResult<JsValue> {
    let value = to_js(card)?;
    js_sys::Reflect::delete_property(
        value.unchecked_ref::<js_sys::Object>(),
        &JsValue::from_str("number"),
    )
    .map_err(|_| StoreError::Storage("cannot encode a card".into()))?;
    Ok(value)
}

fn card_from_js(number: &str, value: &JsValue) -> StoreResult<Card> {
    let masked = CardNumber::parse(number)
        .map(|n| n.masked().to_string())
        .unwrap_or_else(|_| "card".to_string());
    if !value.is_object()
        || !js_sys::Reflect::set(
            value,
            &JsValue::from_str("number"),
            &JsValue::from_str(number),
        )
        .unwrap_or(false)
    {
        return Err(corrupt(CARDS, &masked));
    }
    from_js(CARDS, &masked, value)
}

/// Runs `f` in a task of its own, after the current task and everything it queued for its end
/// (the page's updates) have run.
fn after_this_task(f: impl FnOnce() + 'static) {
    gloo_timers::callback::Timeout::new(0, f).forget();
}

fn num_key(n: u64) -> JsValue {
    // Ids and sequence numbers stay far below 2^53.
    JsValue::from_f64(n as f64)
}

/// Creates or upgrades the object stores from `old` to [`SCHEMA_VERSION`], one step per
/// version so a database written by any older build is carried forward intact. `tx` is the
/// upgrade's own transaction: the only way to reach stores that already exist.
fn upgrade(
    old: u32,
    db: &Database,
    tx: Option<&web_sys::IdbTransaction>,
) -> indexed_db_futures::Result<()> {
    if old < 1 {
        for name in [META, USERS, ACCOUNTS, MACHINES, SESSIONS, JOURNAL] {
            db.create_object_store(name).build()?;
        }
        let cards = db.create_object_store(CARDS).build()?;
        cards
            .create_index(CARDS_BY_ID, "id".into())
            .with_unique(true)
            .build()?;
        let txns = db.create_object_store(TRANSACTIONS).build()?;
        txns.create_index(TXNS_BY_ACCOUNT, "account".into())
            .build()?;
    }
    if old < 2 {
        let tx = tx.ok_or_else(|| JsValue::from_str("no upgrade transaction"))?;
        for name in [ACCOUNTS, CARDS] {
            // Existing records are indexed by the browser as part of the upgrade.
            tx.object_store(name)?
                .create_index_with_str(BY_USER, "user")?;
        }
    }
    Ok(())
}

/// Reads one record by key; `None` when absent.
async fn get_js(store: &ObjectStore<'_>, key: JsValue) -> StoreResult<Option<JsValue>> {
    let found: Option<JsValue> = store.get(key).await.map_err(storage)?;
    Ok(found.filter(|v| !v.is_undefined()))
}

/// Sends a read to the browser now and returns its result to await later. Reads sent together
/// share one round trip; awaited one by one, each waits for the one before.
fn read_soon<T: DeserializeOwned>(
    store: &ObjectStore<'_>,
    name: &'static str,
    key: &str,
) -> StoreResult<impl Future<Output = StoreResult<Option<T>>> + use<T>> {
    let request = store
        .get(JsValue::from_str(key))
        .primitive()
        .map_err(storage)?;
    let key = key.to_string();
    Ok(async move {
        let found: Option<JsValue> = request.await.map_err(storage)?;
        match found.filter(|v| !v.is_undefined()) {
            Some(v) => from_js(name, &key, &v).map(Some),
            None => Ok(None),
        }
    })
}

async fn get_rec<T: DeserializeOwned>(
    store: &ObjectStore<'_>,
    name: &'static str,
    key: &str,
) -> StoreResult<Option<T>> {
    read_soon(store, name, key)?.await
}

/// Queues a write in the store's transaction without waiting for it: requests in one
/// transaction run in order, so later reads see it, and a write that fails aborts the whole
/// transaction, which `commit` then reports. Not awaiting each write saves a round trip to the
/// browser per record, which is most of an operation's latency.
fn put_js(store: &ObjectStore<'_>, key: JsValue, value: JsValue) -> StoreResult<()> {
    store
        .put(value)
        .with_key(key)
        .primitive()
        .map_err(storage)?;
    Ok(())
}

fn put_rec<T: Serialize>(store: &ObjectStore<'_>, key: &str, value: &T) -> StoreResult<()> {
    put_js(store, JsValue::from_str(key), to_js(value)?)
}

async fn get_card(cards: &ObjectStore<'_>, number: &CardNumber) -> StoreResult<Option<Card>> {
    card_found(
        number.digits(),
        get_js(cards, JsValue::from_str(number.digits())).await?,
    )
}

/// [`read_soon`] for a card under its number.
fn card_soon(
    cards: &ObjectStore<'_>,
    number: &CardNumber,
) -> StoreResult<impl Future<Output = StoreResult<Option<Card>>> + use<>> {
    let request = cards
        .get(JsValue::from_str(number.digits()))
        .primitive()
        .map_err(storage)?;
    let number = number.clone();
    Ok(async move { card_found(number.digits(), request.await.map_err(storage)?) })
}

/// A card read under `number`, if one was there.
fn card_found(number: &str, found: Option<JsValue>) -> StoreResult<Option<Card>> {
    match found.filter(|v| !v.is_undefined()) {
        Some(v) => card_from_js(number, &v).map(Some),
        None => Ok(None),
    }
}

/// The card whose id is `id`: cards are keyed by number, and the `by_id` index maps one to the
/// other.
async fn card_by_id(cards: &ObjectStore<'_>, id: &CardId) -> StoreResult<Option<Card>> {
    let number: Option<JsValue> = cards
        .index(CARDS_BY_ID)
        .map_err(storage)?
        .get_key(JsValue::from_str(&id.0))
        .primitive()
        .map_err(storage)?
        .await
        .map_err(storage)?;
    match number.and_then(|n| n.as_string()) {
        Some(n) => card_found(&n, get_js(cards, JsValue::from_str(&n)).await?),
        None => Ok(None),
    }
}

fn put_card(cards: &ObjectStore<'_>, card: &Card) -> StoreResult<()> {
    put_js(
        cards,
        JsValue::from_str(card.number.digits()),
        card_to_js(card)?,
    )
}

async fn meta_u64(meta: &ObjectStore<'_>, key: &str, default: u64) -> StoreResult<u64> {
    Ok(get_rec::<u64>(meta, META, key).await?.unwrap_or(default))
}

async fn read_settings(meta: &ObjectStore<'_>) -> StoreResult<Settings> {
    get_rec::<Settings>(meta, META, META_SETTINGS)
        .await?
        .ok_or_else(|| corrupt(META, META_SETTINGS))
}

/// Every value of a store with its key, in key order.
async fn all_with_keys(store: &ObjectStore<'_>) -> StoreResult<Vec<(JsValue, JsValue)>> {
    let keys: Vec<JsValue> = store
        .get_all_keys::<JsValue>()
        .await
        .map_err(storage)?
        .collect::<Result<_, _>>()
        .map_err(storage)?;
    let values: Vec<JsValue> = store
        .get_all::<JsValue>()
        .await
        .map_err(storage)?
        .collect::<Result<_, _>>()
        .map_err(storage)?;
    Ok(keys.into_iter().zip(values).collect())
}

fn key_text(key: &JsValue) -> String {
    key.as_string()
        // Numeric keys are ids and sequence numbers: whole and far below 2^53. Printing them as
        // integers also keeps float formatting out of the wasm.
        .or_else(|| key.as_f64().map(|n| (n as u64).to_string()))
        .unwrap_or_default()
}

async fn all_recs<T: DeserializeOwned>(store: &ObjectStore<'_>, name: &str) -> StoreResult<Vec<T>> {
    all_with_keys(store)
        .await?
        .iter()
        .map(|(k, v)| from_js(name, &key_text(k), v))
        .collect()
}

async fn all_cards(store: &ObjectStore<'_>) -> StoreResult<Vec<Card>> {
    all_with_keys(store)
        .await?
        .iter()
        .map(|(k, v)| card_from_js(&key_text(k), v))
        .collect()
}

/// The bank in IndexedDB. One per connection; two connections to the same database behave as
/// two tabs do.
pub struct IdbStore {
    db: Database,
    announcer: Rc<Announcer>,
    notifiers: Arc<Notifiers>,
    entropy: OsEntropy,
    /// Set when another tab opened a newer schema: this connection is closed and every
    /// operation asks the user to reload.
    outdated: Rc<Cell<bool>>,
    /// Test hook: fail the next operation right after its first write (a replacement: after
    /// all of them), to show the abort.
    fail_after_first_write: Cell<bool>,
}

/// What an operation says once another tab has upgraded the database.
pub const RELOAD_NOTICE: &str =
    "the bank was upgraded in another tab; reload this page to continue";

impl IdbStore {
    /// Opens (creating or upgrading) the database. Returns the store and whether it holds no
    /// bank yet.
    pub async fn open(name: &str) -> StoreResult<(IdbStore, bool)> {
        IdbStore::open_with(name, || ()).await
    }

    /// [`IdbStore::open`], calling `on_blocked` if the upgrade has to wait for another tab
    /// (one that an older build left open) to close its connection.
    pub async fn open_with(
        name: &str,
        on_blocked: impl FnOnce() + 'static,
    ) -> StoreResult<(IdbStore, bool)> {
        let request: Rc<OnceCell<web_sys::IdbOpenDbRequest>> = Rc::default();
        let upgrading = request.clone();
        let opening = Database::open(name)
            .with_version(SCHEMA_VERSION)
            .with_on_blocked(move |_| {
                on_blocked();
                Ok(())
            })
            .with_on_upgrade_needed(move |event, db| {
                let tx = upgrading.get().and_then(|r| r.transaction());
                upgrade(event.old_version() as u32, &db, tx.as_ref())
            })
            .build()
            .map_err(storage)?;
        // Set before the first event can fire (events run only once this task yields).
        let _ = request.set(opening.as_sys().clone());
        let db = opening.await.map_err(storage)?;
        // Another tab opening a newer schema: close at once so its upgrade is not blocked, and
        // refuse every later operation with a request to reload.
        let outdated = Rc::new(Cell::new(false));
        if let Ok(mut changes) = db.version_changes() {
            let (flag, db) = (outdated.clone(), db.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if changes.recv().await.is_some() {
                    flag.set(true);
                    db.close();
                }
            });
        }
        let store = IdbStore {
            announcer: Rc::new(Announcer::new(name)),
            db,
            notifiers: Arc::new(Notifiers::default()),
            entropy: OsEntropy,
            outdated,
            fail_after_first_write: Cell::new(false),
        };
        let empty = {
            let tx = store.tx(&[META], false)?;
            let meta = tx.object_store(META).map_err(storage)?;
            get_js(&meta, JsValue::from_str(META_SETTINGS))
                .await?
                .is_none()
        };
        Ok((store, empty))
    }

    /// Closes the connection (a reload does the same).
    pub fn close(self) {
        self.db.close();
    }

    pub fn notifiers(&self) -> Arc<Notifiers> {
        self.notifiers.clone()
    }

    /// Calls `on_change` whenever another tab or connection commits a change to this database
    /// (not for this connection's own changes: whoever made them knows).
    pub fn on_change(&self, on_change: impl Fn() + 'static) -> Option<Subscription> {
        Subscription::new(&self.announcer, on_change)
    }

    /// Makes the next operation fail after its first write (tests show nothing is left behind).
    #[doc(hidden)]
    pub fn inject_failure_after_first_write(&self) {
        self.fail_after_first_write.set(true);
    }

    fn tx(&self, stores: &[&str], write: bool) -> StoreResult<IdbTx<'_>> {
        if self.outdated.get() {
            return Err(StoreError::Storage(RELOAD_NOTICE.into()));
        }
        let mode = if write {
            TransactionMode::Readwrite
        } else {
            TransactionMode::Readonly
        };
        self.db
            .transaction(stores)
            .with_mode(mode)
            .build()
            .map_err(storage)
    }

    /// Reserves a range of transaction ids inside `tx` (meta must be in its scope).
    async fn reserve_txn_ids(&self, tx: &IdbTx<'_>) -> StoreResult<u64> {
        let meta = tx.object_store(META).map_err(storage)?;
        let first = meta_u64(&meta, META_NEXT_TXN, 1).await?.max(1);
        put_js(
            &meta,
            JsValue::from_str(META_NEXT_TXN),
            num_key(first + MAX_TXNS_PER_OPERATION),
        )?;
        Ok(first)
    }

    fn check_injected(&self) -> StoreResult<()> {
        if self.fail_after_first_write.replace(false) {
            Err(StoreError::Storage("injected failure".into()))
        } else {
            Ok(())
        }
    }

    /// Writes a decision's records, transactions and journal entry inside `tx`. Only the stores
    /// the decision writes to need to be in scope (plus meta and journal). `next_seq`: the
    /// journal counter if it was read already in this transaction.
    async fn apply(&self, tx: &IdbTx<'_>, d: &Decision, next_seq: Option<u64>) -> StoreResult<()> {
        let w = &d.writes;
        if let Some(card) = &w.card {
            put_card(&tx.object_store(CARDS).map_err(storage)?, card)?;
            self.check_injected()?;
        }
        if let Some(session) = &w.session {
            let store = tx.object_store(SESSIONS).map_err(storage)?;
            put_rec(&store, &session.id.to_hex(), session)?;
            self.check_injected()?;
        }
        if let Some(user) = &w.user {
            let store = tx.object_store(USERS).map_err(storage)?;
            put_rec(&store, &user.id.0, user)?;
            self.check_injected()?;
        }
        if let Some(machine) = &w.machine {
            let store = tx.object_store(MACHINES).map_err(storage)?;
            put_rec(&store, &machine.id.0, machine)?;
            self.check_injected()?;
        }
        if !w.accounts.is_empty() {
            let store = tx.object_store(ACCOUNTS).map_err(storage)?;
            for a in &w.accounts {
                put_rec(&store, &a.id.0, a)?;
                self.check_injected()?;
            }
        }
        if !d.transactions.is_empty() {
            let store = tx.object_store(TRANSACTIONS).map_err(storage)?;
            for t in &d.transactions {
                put_js(&store, num_key(t.id.0), to_js(t)?)?;
            }
        }
        // Entries after the first take the numbers after it.
        let mut seq = next_seq;
        for draft in &d.journal {
            let used = self.append_journal(tx, draft.clone(), seq).await?;
            seq = Some(used + 1);
        }
        Ok(())
    }

    /// Appends the journal entry under the next sequence number: `next_seq` if the caller read
    /// it in this transaction with its other reads, else read now (one more round trip).
    /// Returns the number it used.
    async fn append_journal(
        &self,
        tx: &IdbTx<'_>,
        draft: JournalDraft,
        next_seq: Option<u64>,
    ) -> StoreResult<u64> {
        let meta = tx.object_store(META).map_err(storage)?;
        let seq = match next_seq {
            Some(seq) => seq,
            None => meta_u64(&meta, META_NEXT_SEQ, 1).await?,
        }
        .max(1);
        put_js(&meta, JsValue::from_str(META_NEXT_SEQ), num_key(seq + 1))?;
        let journal = tx.object_store(JOURNAL).map_err(storage)?;
        put_js(&journal, num_key(seq), to_js(&draft.with_seq(seq))?)?;
        Ok(seq)
    }

    /// Applies, commits, then publishes: the events go out only once the writes are durable.
    async fn finish(&self, tx: IdbTx<'_>, d: Decision) -> StoreResult<Reply> {
        let answer = self.finish_with_seq(tx, d, None).await?;
        answer.outcome.map_err(StoreError::Rule)
    }

    /// [`Self::finish`] with the journal counter already read (see [`Self::append_journal`]).
    async fn finish_with_seq(
        &self,
        tx: IdbTx<'_>,
        d: Decision,
        next_seq: Option<u64>,
    ) -> StoreResult<Answer> {
        self.apply(&tx, &d, next_seq).await?;
        tx.commit().await.map_err(storage)?;
        // A quiet timer tick changes nothing another tab shows: no message for it.
        let w = &d.writes;
        let changed = !d.journal.is_empty()
            || w.card.is_some()
            || w.session.is_some()
            || w.user.is_some()
            || w.machine.is_some()
            || !w.accounts.is_empty()
            || !d.transactions.is_empty();
        let tell_tabs = changed.then(|| self.announcer.telling());
        let (notifiers, events) = (self.notifiers.clone(), d.events);
        // The answer first: the other tabs and the notifiers (composing an SMS, a push and an
        // email) hear of the change in a task of their own, after the caller has shown it.
        after_this_task(move || {
            if let Some(tell) = tell_tabs {
                tell();
            }
            notifiers.publish(&events);
        });
        Ok(Answer {
            outcome: d.outcome,
            deadline: d.deadline,
            faults: d.faults,
        })
    }

    // ---- Customer side ----

    pub async fn card(
        &self,
        machine: &MachineId,
        number: &CardNumber,
        request: CardRequest,
        now: Timestamp,
    ) -> StoreResult<Answer> {
        let tx = self.tx(&[META, CARDS, USERS, MACHINES, SESSIONS, JOURNAL], true)?;
        let os = |name: &str| tx.object_store(name).map_err(storage);
        let (meta, cards, users, machines) = (os(META)?, os(CARDS)?, os(USERS)?, os(MACHINES)?);
        // One round trip for what the caller names, a second for the card's holder.
        let settings = read_soon::<Settings>(&meta, META, META_SETTINGS)?;
        let machine_rec = read_soon::<Machine>(&machines, MACHINES, &machine.0)?;
        let card = card_soon(&cards, number)?;
        let next_seq = read_soon::<u64>(&meta, META, META_NEXT_SEQ)?;
        let settings = settings
            .await?
            .ok_or_else(|| corrupt(META, META_SETTINGS))?;
        let machine_rec = machine_rec.await?;
        let card = card.await?;
        let next_seq = next_seq.await?.unwrap_or(1);
        let user = match &card {
            Some(c) => get_rec(&users, USERS, &c.user.0).await?,
            None => None,
        };
        let fresh = Fresh::draw(&self.entropy, 0);
        let scene = CardScene {
            settings,
            machine_id: machine.clone(),
            machine: machine_rec,
            card,
            holder_name: user.map(|u: User| u.name),
        };
        let d = ops::decide_card(&request, &scene, now, &fresh);
        self.finish_with_seq(tx, d, Some(next_seq)).await
    }

    pub async fn session(
        &self,
        machine: &MachineId,
        session_id: SessionId,
        request: SessionRequest,
        now: Timestamp,
    ) -> StoreResult<Answer> {
        let tx = self.tx(&ALL_STORES, true)?;
        let os = |name: &str| tx.object_store(name).map_err(storage);
        let (meta, sessions, cards, users) = (os(META)?, os(SESSIONS)?, os(CARDS)?, os(USERS)?);
        let (accounts_store, machines) = (os(ACCOUNTS)?, os(MACHINES)?);
        // First what the caller names (sent together: one round trip), then what the session
        // names.
        let settings = read_soon::<Settings>(&meta, META, META_SETTINGS)?;
        let session = read_soon::<Session>(&sessions, SESSIONS, &session_id.to_hex())?;
        let machine_rec = read_soon::<Machine>(&machines, MACHINES, &machine.0)?;
        let next_txn = read_soon::<u64>(&meta, META, META_NEXT_TXN)?;
        let next_seq = read_soon::<u64>(&meta, META, META_NEXT_SEQ)?;
        let settings = settings
            .await?
            .ok_or_else(|| corrupt(META, META_SETTINGS))?;
        let session = session.await?;
        let machine_rec = machine_rec.await?;
        let first_txn = next_txn.await?.unwrap_or(1).max(1);
        let next_seq = next_seq.await?.unwrap_or(1);
        put_js(
            &meta,
            JsValue::from_str(META_NEXT_TXN),
            num_key(first_txn + MAX_TXNS_PER_OPERATION),
        )?;
        let (mut card, mut user, mut accounts) = (None, None, Vec::new());
        if let Some(s) = &session {
            let mut wanted = request.accounts_needed(s);
            wanted.sort();
            wanted.dedup();
            let user_read = read_soon::<User>(&users, USERS, &s.user.0)?;
            let account_reads = wanted
                .iter()
                .map(|id| read_soon::<Account>(&accounts_store, ACCOUNTS, &id.0))
                .collect::<StoreResult<Vec<_>>>()?;
            card = card_by_id(&cards, &s.card).await?;
            user = user_read.await?;
            for read in account_reads {
                accounts.extend(read.await?);
            }
        }
        let fresh = Fresh::draw(&self.entropy, first_txn);
        let scene = SessionScene {
            machine_id: machine.clone(),
            session,
            card,
            user,
            machine: machine_rec,
            accounts,
        };
        let d = ops::decide_session(&request, &scene, &settings, now, &fresh);
        self.finish_with_seq(tx, d, Some(next_seq)).await
    }

    /// An account's newest `limit` transactions, newest first, through the account index.
    pub async fn history(
        &self,
        account: &AccountId,
        limit: usize,
    ) -> StoreResult<Vec<Transaction>> {
        let tx = self.tx(&[TRANSACTIONS], false)?;
        let store = tx.object_store(TRANSACTIONS).map_err(storage)?;
        let index = store.index(TXNS_BY_ACCOUNT).map_err(storage)?;
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        let cursor = index
            .open_cursor()
            .with_query(JsValue::from_str(&account.0))
            .with_direction(CursorDirection::Prev)
            .await
            .map_err(storage)?;
        if let Some(mut cursor) = cursor {
            while out.len() < limit {
                let Some(v) = cursor.next_record::<JsValue>().await.map_err(storage)? else {
                    break;
                };
                out.push(from_js(TRANSACTIONS, &account.0, &v)?);
            }
        }
        Ok(out)
    }

    // ---- Reads ----

    pub async fn settings(&self) -> StoreResult<Settings> {
        let tx = self.tx(&[META], false)?;
        read_settings(&tx.object_store(META).map_err(storage)?).await
    }

    pub async fn wallet(&self, now: Timestamp) -> StoreResult<Vec<WalletCard>> {
        let tx = self.tx(&[CARDS, USERS], false)?;
        let cards_store = tx.object_store(CARDS).map_err(storage)?;
        let users = tx.object_store(USERS).map_err(storage)?;
        // The first cards by number (keys and records, both asked for before either is awaited:
        // one round trip), then every holder at once (a second one). The start-up screen waits
        // for this, and its cost does not grow with the size of the bank.
        let limit = super::WALLET_SIZE as u32;
        let keys = cards_store
            .get_all_keys::<JsValue>()
            .with_limit(limit)
            .primitive()
            .map_err(storage)?;
        let values = cards_store
            .get_all::<JsValue>()
            .with_limit(limit)
            .primitive()
            .map_err(storage)?;
        let keys: Vec<JsValue> = keys
            .await
            .map_err(storage)?
            .collect::<Result<_, _>>()
            .map_err(storage)?;
        let values: Vec<JsValue> = values
            .await
            .map_err(storage)?
            .collect::<Result<_, _>>()
            .map_err(storage)?;
        let cards = keys
            .iter()
            .zip(&values)
            .map(|(k, v)| card_from_js(&key_text(k), v))
            .collect::<StoreResult<Vec<Card>>>()?;
        let mut holders = Vec::with_capacity(cards.len());
        for card in &cards {
            holders.push(read_soon::<User>(&users, USERS, &card.user.0)?);
        }
        let mut out = Vec::with_capacity(cards.len());
        for (card, holder) in cards.iter().zip(holders) {
            let holder = holder.await?;
            let name = holder
                .as_ref()
                .map_or(card.user.0.as_str(), |u| u.name.as_str());
            out.push(WalletCard::from_card(card, name, now));
        }
        Ok(out)
    }

    /// Every record of one store, in key order, in a read-only transaction of its own.
    async fn read_all<T: DeserializeOwned>(&self, name: &'static str) -> StoreResult<Vec<T>> {
        let tx = self.tx(&[name], false)?;
        all_recs(&tx.object_store(name).map_err(storage)?, name).await
    }

    /// One record by key, in a read-only transaction of its own.
    async fn read_one<T: DeserializeOwned>(
        &self,
        name: &'static str,
        key: &str,
    ) -> StoreResult<Option<T>> {
        let tx = self.tx(&[name], false)?;
        get_rec(&tx.object_store(name).map_err(storage)?, name, key).await
    }

    pub async fn machines(&self) -> StoreResult<Vec<Machine>> {
        self.read_all(MACHINES).await
    }

    pub async fn machine(&self, id: &MachineId) -> StoreResult<Option<Machine>> {
        self.read_one(MACHINES, &id.0).await
    }

    pub async fn users(&self) -> StoreResult<Vec<User>> {
        self.read_all(USERS).await
    }

    pub async fn accounts(&self) -> StoreResult<Vec<Account>> {
        self.read_all(ACCOUNTS).await
    }

    pub async fn account(&self, id: &AccountId) -> StoreResult<Option<Account>> {
        self.read_one(ACCOUNTS, &id.0).await
    }

    pub async fn cards(&self) -> StoreResult<Vec<Card>> {
        let tx = self.tx(&[CARDS], false)?;
        all_cards(&tx.object_store(CARDS).map_err(storage)?).await
    }

    /// One customer's accounts, through the `by_user` index (schema 2).
    pub async fn accounts_of(&self, user: &UserId) -> StoreResult<Vec<Account>> {
        let tx = self.tx(&[ACCOUNTS], false)?;
        let store = tx.object_store(ACCOUNTS).map_err(storage)?;
        let index = store.index(BY_USER).map_err(storage)?;
        let values: Vec<JsValue> = index
            .get_all::<JsValue>()
            .with_query(JsValue::from_str(&user.0))
            .await
            .map_err(storage)?
            .collect::<Result<_, _>>()
            .map_err(storage)?;
        values
            .iter()
            .map(|v| from_js(ACCOUNTS, &user.0, v))
            .collect()
    }

    /// One customer's cards, through the `by_user` index (schema 2).
    pub async fn cards_of(&self, user: &UserId) -> StoreResult<Vec<Card>> {
        let tx = self.tx(&[CARDS], false)?;
        let store = tx.object_store(CARDS).map_err(storage)?;
        let index = store.index(BY_USER).map_err(storage)?;
        let mut out = Vec::new();
        if let Some(mut cursor) = index
            .open_cursor()
            .with_query(JsValue::from_str(&user.0))
            .await
            .map_err(storage)?
        {
            while let Some(value) = cursor.next_record::<JsValue>().await.map_err(storage)? {
                let number: Option<String> = cursor.primary_key().map_err(storage)?;
                out.push(card_from_js(&number.unwrap_or_default(), &value)?);
            }
        }
        Ok(out)
    }

    /// A card by number (back office and tests).
    pub async fn card_record(&self, number: &CardNumber) -> StoreResult<Option<Card>> {
        let tx = self.tx(&[CARDS], false)?;
        get_card(&tx.object_store(CARDS).map_err(storage)?, number).await
    }

    /// The newest `limit` journal entries, newest first.
    pub async fn journal(&self, limit: usize) -> StoreResult<Vec<JournalEntry>> {
        let tx = self.tx(&[JOURNAL], false)?;
        let store = tx.object_store(JOURNAL).map_err(storage)?;
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        let cursor = store
            .open_cursor()
            .with_direction(CursorDirection::Prev)
            .await
            .map_err(storage)?;
        if let Some(mut cursor) = cursor {
            while out.len() < limit {
                let Some(v) = cursor.next_record::<JsValue>().await.map_err(storage)? else {
                    break;
                };
                out.push(from_js(JOURNAL, "entry", &v)?);
            }
        }
        Ok(out)
    }

    /// Every stored value of every store as JSON text, keyed by store name (tests search it).
    #[doc(hidden)]
    pub async fn dump(&self) -> StoreResult<Vec<(String, String)>> {
        let tx = self.tx(&ALL_STORES, false)?;
        let mut out = Vec::new();
        for name in ALL_STORES {
            let store = tx.object_store(name).map_err(storage)?;
            for (k, v) in all_with_keys(&store).await? {
                let text = js_text(&v).ok_or_else(|| corrupt(name, &key_text(&k)))?;
                out.push((name.to_string(), text));
            }
        }
        Ok(out)
    }

    // ---- Back office ----

    pub async fn register_user(&self, id: &UserId, name: &str, now: Timestamp) -> StoreResult<()> {
        let tx = self.tx(&[META, USERS, JOURNAL], true)?;
        let existing: Option<User> =
            get_rec(&tx.object_store(USERS).map_err(storage)?, USERS, &id.0).await?;
        let d = backoffice::register_user(existing.as_ref(), id, name, now);
        self.finish(tx, d).await.map(drop)
    }

    pub async fn open_account(
        &self,
        user: &UserId,
        id: &AccountId,
        kind: AccountKind,
        opening: Money,
        now: Timestamp,
    ) -> StoreResult<()> {
        let tx = self.tx(&[META, USERS, ACCOUNTS, TRANSACTIONS, JOURNAL], true)?;
        let owner: Option<User> =
            get_rec(&tx.object_store(USERS).map_err(storage)?, USERS, &user.0).await?;
        let existing: Option<Account> = get_rec(
            &tx.object_store(ACCOUNTS).map_err(storage)?,
            ACCOUNTS,
            &id.0,
        )
        .await?;
        let first_txn = self.reserve_txn_ids(&tx).await?;
        let d = backoffice::open_account(
            owner.as_ref(),
            existing.as_ref(),
            id,
            kind,
            opening,
            now,
            first_txn,
        );
        self.finish(tx, d).await.map(drop)
    }

    pub async fn issue_card(
        &self,
        user: &UserId,
        number: Option<CardNumber>,
        pin: &Pin,
        accounts: Vec<AccountId>,
        now: Timestamp,
    ) -> StoreResult<CardNumber> {
        let tx = self.tx(&[META, USERS, CARDS, JOURNAL], true)?;
        let cards = tx.object_store(CARDS).map_err(storage)?;
        let number = match number {
            Some(n) => n,
            None => loop {
                let n = ops::random_card_number(&self.entropy);
                if get_js(&cards, JsValue::from_str(n.digits()))
                    .await?
                    .is_none()
                {
                    break n;
                }
            },
        };
        let owner: Option<User> =
            get_rec(&tx.object_store(USERS).map_err(storage)?, USERS, &user.0).await?;
        let existing = get_card(&cards, &number).await?;
        let fresh = Fresh::draw(&self.entropy, 0);
        let issue = CardIssue {
            number: &number,
            id: fresh.card_id(),
            pin,
            salt: fresh.salt,
            accounts,
            expires: None,
        };
        let d = backoffice::issue_card(owner.as_ref(), existing.as_ref(), issue, now);
        self.finish(tx, d).await.map(|_| number)
    }

    pub async fn register_machine(
        &self,
        id: &MachineId,
        location: &str,
        notes: Notes,
        now: Timestamp,
    ) -> StoreResult<()> {
        let tx = self.tx(&[META, MACHINES, JOURNAL], true)?;
        let existing: Option<Machine> = get_rec(
            &tx.object_store(MACHINES).map_err(storage)?,
            MACHINES,
            &id.0,
        )
        .await?;
        let d = backoffice::register_machine(existing.as_ref(), id, location, notes, now);
        self.finish(tx, d).await.map(drop)
    }

    async fn with_machine(
        &self,
        id: &MachineId,
        decide: impl FnOnce(Option<&Machine>) -> Decision,
    ) -> StoreResult<()> {
        self.decide_machine(id, decide).await.map(drop)
    }

    /// Applies a decision about machine `id` alone, in one transaction, and answers its reply.
    async fn decide_machine(
        &self,
        id: &MachineId,
        decide: impl FnOnce(Option<&Machine>) -> Decision,
    ) -> StoreResult<Reply> {
        let tx = self.tx(&[META, MACHINES, JOURNAL], true)?;
        let existing: Option<Machine> = get_rec(
            &tx.object_store(MACHINES).map_err(storage)?,
            MACHINES,
            &id.0,
        )
        .await?;
        let d = decide(existing.as_ref());
        self.finish(tx, d).await
    }

    /// Somebody at machine `id` reported a problem with it: out of service, and journaled.
    pub async fn report_problem(&self, id: &MachineId, now: Timestamp) -> StoreResult<Reply> {
        self.decide_machine(id, |m| backoffice::report_problem(m, id, now))
            .await
    }

    pub async fn refill(&self, id: &MachineId, added: &Notes, now: Timestamp) -> StoreResult<()> {
        self.with_machine(id, |m| backoffice::refill(m, id, added, now))
            .await
    }

    pub async fn set_in_service(
        &self,
        id: &MachineId,
        in_service: bool,
        now: Timestamp,
    ) -> StoreResult<()> {
        self.with_machine(id, |m| backoffice::set_in_service(m, id, in_service, now))
            .await
    }

    pub async fn set_fault(
        &self,
        id: &MachineId,
        device: Device,
        fault: Fault,
        now: Timestamp,
    ) -> StoreResult<()> {
        self.with_machine(id, |m| backoffice::set_fault(m, id, device, fault, now))
            .await
    }

    pub async fn clear_fault(
        &self,
        id: &MachineId,
        device: Device,
        now: Timestamp,
    ) -> StoreResult<()> {
        self.with_machine(id, |m| backoffice::clear_fault(m, id, device, now))
            .await
    }

    async fn with_card(
        &self,
        number: &CardNumber,
        decide: impl FnOnce(Option<&Card>, Option<&User>) -> Decision,
    ) -> StoreResult<()> {
        let tx = self.tx(&[META, CARDS, USERS, JOURNAL], true)?;
        let card = get_card(&tx.object_store(CARDS).map_err(storage)?, number).await?;
        let user: Option<User> = match &card {
            Some(c) => get_rec(&tx.object_store(USERS).map_err(storage)?, USERS, &c.user.0).await?,
            None => None,
        };
        let d = decide(card.as_ref(), user.as_ref());
        self.finish(tx, d).await.map(drop)
    }

    pub async fn unblock(&self, card: &CardNumber, now: Timestamp) -> StoreResult<()> {
        self.with_card(card, |c, u| backoffice::unblock(c, u, card, now))
            .await
    }

    pub async fn report_stolen(&self, card: &CardNumber, now: Timestamp) -> StoreResult<()> {
        self.with_card(card, |c, u| backoffice::report_stolen(c, u, card, now))
            .await
    }

    pub async fn return_card(&self, card: &CardNumber, now: Timestamp) -> StoreResult<()> {
        self.with_card(card, |c, _| backoffice::return_card(c, card, now))
            .await
    }

    pub async fn update_settings(&self, settings: Settings, now: Timestamp) -> StoreResult<()> {
        let tx = self.tx(&[META, JOURNAL], true)?;
        let (result, journal) = backoffice::update_settings(&settings, now);
        if result.is_ok() {
            let meta = tx.object_store(META).map_err(storage)?;
            put_rec(&meta, META_SETTINGS, &settings)?;
        }
        self.append_journal(&tx, journal, None).await?;
        tx.commit().await.map_err(storage)?;
        self.announcer.changed();
        result.map_err(StoreError::Rule)
    }

    // ---- Whole bank ----

    /// The whole bank, read in one transaction, in canonical order.
    pub async fn export(&self) -> StoreResult<BankSnapshot> {
        let tx = self.tx(&ALL_STORES, false)?;
        let os = |name: &str| tx.object_store(name).map_err(storage);
        let meta = os(META)?;
        let mut snapshot = BankSnapshot {
            format: SNAPSHOT_FORMAT,
            settings: read_settings(&meta).await?,
            users: all_recs(&os(USERS)?, USERS).await?,
            accounts: all_recs(&os(ACCOUNTS)?, ACCOUNTS).await?,
            cards: all_cards(&os(CARDS)?).await?,
            machines: all_recs(&os(MACHINES)?, MACHINES).await?,
            sessions: all_recs(&os(SESSIONS)?, SESSIONS).await?,
            transactions: all_recs(&os(TRANSACTIONS)?, TRANSACTIONS).await?,
            journal: all_recs(&os(JOURNAL)?, JOURNAL).await?,
            next_txn_id: meta_u64(&meta, META_NEXT_TXN, 1).await?,
        };
        snapshot.sort();
        Ok(snapshot)
    }

    /// Replaces the whole bank in one transaction. Validated first: a bad snapshot changes
    /// nothing.
    pub async fn replace(&self, snapshot: BankSnapshot) -> StoreResult<()> {
        snapshot.validate().map_err(StoreError::Rule)?;
        let tx = self.tx(&ALL_STORES, true)?;
        // Requests in one transaction run in order, so the clears need not be awaited before the
        // puts (nine round trips fewer); a failed one aborts the transaction, which commit reports.
        for name in ALL_STORES {
            let _queued = tx
                .object_store(name)
                .map_err(storage)?
                .clear()
                .map_err(storage)?;
        }
        let os = |name: &str| tx.object_store(name).map_err(storage);
        let meta = os(META)?;
        put_js(
            &meta,
            JsValue::from_str(META_SCHEMA),
            num_key(u64::from(SCHEMA_VERSION)),
        )?;
        put_rec(&meta, META_SETTINGS, &snapshot.settings)?;
        put_js(
            &meta,
            JsValue::from_str(META_NEXT_TXN),
            num_key(snapshot.next_txn_id.max(1)),
        )?;
        let next_seq = snapshot
            .journal
            .iter()
            .map(|j| j.seq + 1)
            .max()
            .unwrap_or(1);
        put_js(&meta, JsValue::from_str(META_NEXT_SEQ), num_key(next_seq))?;
        let users = os(USERS)?;
        for u in &snapshot.users {
            put_rec(&users, &u.id.0, u)?;
        }
        let accounts = os(ACCOUNTS)?;
        for a in &snapshot.accounts {
            put_rec(&accounts, &a.id.0, a)?;
        }
        let cards = os(CARDS)?;
        for c in &snapshot.cards {
            put_card(&cards, c)?;
        }
        let machines = os(MACHINES)?;
        for m in &snapshot.machines {
            put_rec(&machines, &m.id.0, m)?;
        }
        let sessions = os(SESSIONS)?;
        for s in &snapshot.sessions {
            put_rec(&sessions, &s.id.to_hex(), s)?;
        }
        let txns = os(TRANSACTIONS)?;
        for t in &snapshot.transactions {
            put_js(&txns, num_key(t.id.0), to_js(t)?)?;
        }
        let journal = os(JOURNAL)?;
        for j in &snapshot.journal {
            put_js(&journal, num_key(j.seq), to_js(j)?)?;
        }
        if self.fail_after_first_write.replace(false) {
            // Dropped uncommitted, the transaction aborts.
            return Err(StoreError::Storage("injected failure".into()));
        }
        tx.commit().await.map_err(storage)?;
        self.announcer.changed();
        Ok(())
    }
}
