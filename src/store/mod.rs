//! The only place that keeps state. One command API, [`Store`], with two homes for the bank:
//!
//! - [`memory::MemoryStore`]: the thread-safe [`memory::Bank`] in memory. Used
//!   by native tests and benchmarks, and by the app when IndexedDB cannot be opened (some private
//!   modes), in which case the app says plainly that nothing will be saved.
//! - `idb::IdbStore` (wasm only): the bank in IndexedDB, each operation one readwrite
//!   transaction that loads its records, calls the core's decision, writes, and commits.
//!
//! Both run the same decisions from `crate::core::ops` and `crate::core::backoffice`; a rule is
//! never re-checked here.

pub mod building;
pub mod entropy;
#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod memory;
pub mod memory_code;
pub mod notifiers;
#[cfg(target_arch = "wasm32")]
mod opening;
pub mod session_code;
pub mod split;
#[cfg(target_arch = "wasm32")]
pub mod sync;
#[cfg(target_arch = "wasm32")]
pub mod visits;

use crate::core::journal::JournalEntry;
use crate::core::{
    Account, AccountId, AccountKind, AtmError, BankSnapshot, Card, CardNumber, CardRequest,
    CardStatus, Machine, MachineId, Money, Notes, Pin, Reply, SessionId, SessionRequest, Settings,
    Timestamp, Transaction, User, UserId,
};
use std::fmt;
use std::sync::Arc;

#[cfg(target_arch = "wasm32")]
pub use idb::IdbStore;
pub use memory::MemoryStore;
pub use notifiers::Notifiers;
#[cfg(target_arch = "wasm32")]
use std::rc::Rc;

/// Why a store operation failed: a rule said no, or the storage itself failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The core refused: show the message as it is.
    Rule(AtmError),
    /// The browser's storage failed (quota, closed database, aborted transaction).
    Storage(String),
    /// A stored record could not be read back; nothing was changed.
    Corrupt { store: String, key: String },
    /// The code for the operation, a module of its own in release builds, could not be
    /// fetched; nothing was changed.
    NotLoaded,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Rule(e) => e.fmt(f),
            StoreError::Storage(why) => write!(f, "Storage error: {why}. Nothing was changed"),
            StoreError::NotLoaded => write!(f, "{}. Nothing was changed", split::NotLoaded),
            StoreError::Corrupt { store, key } => {
                write!(
                    f,
                    "A stored {store} record ({key}) is damaged and was not used. Nothing was changed"
                )
            }
        }
    }
}

impl std::error::Error for StoreError {}

impl From<split::NotLoaded> for StoreError {
    fn from(_: split::NotLoaded) -> StoreError {
        StoreError::NotLoaded
    }
}

impl From<AtmError> for StoreError {
    fn from(e: AtmError) -> StoreError {
        StoreError::Rule(e)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// How many cards the wallet holds: the first ones by number. A bank of ten thousand cards still
/// opens as fast as the demo, because start-up never reads more than this many cards.
pub const WALLET_SIZE: usize = 24;

/// A card as the wallet shows it. Two are equal when they show the same (`changes_at` says when
/// to look again, and moves with every request of a session: comparing it would redraw the
/// wallet after each one).
#[derive(Clone, Debug)]
pub struct WalletCard {
    pub number: CardNumber,
    pub holder: String,
    pub status: CardStatus,
    /// The machine the card is in right now, if any.
    pub in_machine: Option<MachineId>,
    /// The next moment the card's times can change what it shows with nothing written: its
    /// block ends, its hold lapses or it expires. The wallet reads the bank again then, instead
    /// of every second.
    pub changes_at: Option<Timestamp>,
}

impl PartialEq for WalletCard {
    fn eq(&self, other: &WalletCard) -> bool {
        (&self.number, &self.holder, &self.status, &self.in_machine)
            == (
                &other.number,
                &other.holder,
                &other.status,
                &other.in_machine,
            )
    }
}

impl Eq for WalletCard {}

impl WalletCard {
    pub fn from_card(card: &Card, holder: &str, now: Timestamp) -> WalletCard {
        let block_ends = match card.status {
            CardStatus::Blocked { until } => Some(until),
            _ => None,
        };
        let times = [
            block_ends,
            card.hold.as_ref().map(|h| h.until),
            card.expires,
        ];
        WalletCard {
            number: card.number.clone(),
            holder: holder.to_string(),
            status: card.status_at(now),
            in_machine: card.live_hold(now).map(|h| h.machine.clone()),
            changes_at: times.into_iter().flatten().filter(|t| *t > now).min(),
        }
    }
}

/// The wallet of a bank held whole in memory: its first [`WALLET_SIZE`] cards by number, as
/// the IndexedDB store reads them by key. Also what a first visit shows while the demo bank it
/// has just built is still being written.
pub fn wallet_of(bank: &BankSnapshot, now: Timestamp) -> Vec<WalletCard> {
    let mut cards: Vec<&Card> = bank.cards.iter().collect();
    crate::core::order::sort_by_text(&mut cards, |c| c.number.digits());
    cards
        .into_iter()
        .take(WALLET_SIZE)
        .map(|c| {
            let name = bank
                .users
                .iter()
                .find(|u| u.id == c.user)
                .map_or(c.user.0.as_str(), |u| u.name.as_str());
            WalletCard::from_card(c, name, now)
        })
        .collect()
}

/// The built-in demo bank's cards by number, with their holders: its wallet, known without
/// building the bank (which a first visit would otherwise do before it can show the machine).
/// Kept equal to `core/demo_bank.json` by a test.
const DEMO_WALLET: [(&str, &str); 6] = [
    ("4000056655665556", "Dana Lee"),
    ("4532111111111111", "Jane Smith"),
    ("4532123456789012", "John Doe"),
    ("4532222222222222", "Bob Johnson"),
    ("4532333333333333", "Alice Brown"),
    ("4532444444444444", "Charlie Davis"),
];

/// What [`wallet_of`] gives for the built-in demo bank as built: every card active, in no
/// machine, with no time of its own.
pub fn demo_wallet() -> Vec<WalletCard> {
    DEMO_WALLET
        .iter()
        .map(|&(number, holder)| WalletCard {
            number: CardNumber::parse(number)
                .unwrap_or_else(|e| panic!("a demo card number is invalid: {e}")),
            holder: holder.to_string(),
            status: CardStatus::Active,
            in_machine: None,
            changes_at: None,
        })
        .collect()
}

/// The app's handle on the bank. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    Memory(Arc<MemoryStore>),
    #[cfg(target_arch = "wasm32")]
    Idb(Rc<IdbStore>),
    /// The bank is still opening; calls wait for it (see [`Store::opening`]).
    #[cfg(target_arch = "wasm32")]
    Opening(Rc<opening::Opening>),
}

/// Dispatches a call to whichever store backs this handle: the in-memory form as written, the
/// IndexedDB form (same signature, async) awaited, a store still opening once it has opened.
/// With two expressions, the first is for memory and the second for IndexedDB.
macro_rules! dispatch {
    ($self:ident, $s:ident => $mem:expr, $idb:expr) => {{
        #[cfg(target_arch = "wasm32")]
        let opened;
        #[cfg(target_arch = "wasm32")]
        let inner = match &$self.inner {
            Inner::Opening(o) => {
                opened = o.store().await;
                &opened.inner
            }
            inner => inner,
        };
        #[cfg(not(target_arch = "wasm32"))]
        let inner = &$self.inner;
        match inner {
            Inner::Memory($s) => $mem,
            // A bank still being seeded answers once the seed has committed (or with its error).
            #[cfg(target_arch = "wasm32")]
            Inner::Idb($s) => match $s.seeded().await {
                Ok(()) => $idb.await,
                Err(e) => Err(e),
            },
            #[cfg(target_arch = "wasm32")]
            Inner::Opening(_) => unreachable!("an opened store is never still opening"),
        }
    }};
    ($self:ident, $s:ident => $call:expr) => {
        dispatch!($self, $s => $call, $call)
    };
}

impl Store {
    pub fn memory(store: MemoryStore) -> Store {
        Store {
            inner: Inner::Memory(Arc::new(store)),
        }
    }

    /// The bank in IndexedDB (browser only).
    #[cfg(target_arch = "wasm32")]
    pub fn idb(store: IdbStore) -> Store {
        Store {
            inner: Inner::Idb(Rc::new(store)),
        }
    }

    /// A store usable at once while `db_name` opens: calls wait for the bank (see
    /// [`open_browser_store`], which this starts). The app builds the page meanwhile, so the
    /// browser creating the database and the page being built overlap; and when this browser
    /// has never opened the bank ([`visits::first_visit`]), the demo bank's wallet is handed out
    /// at once, to be shown while the database is created and seeded with that bank.
    #[cfg(target_arch = "wasm32")]
    pub fn opening<B: FnOnce() + 'static>(
        db_name: &str,
        now: Timestamp,
        offset: crate::core::UtcOffset,
        on_blocked: B,
    ) -> Starting<impl std::future::Future<Output = Opened> + use<B>> {
        let notifiers = Arc::new(Notifiers::default());
        let announcer = Rc::new(sync::Announcer::new(db_name));
        let voices = Voices {
            notifiers: notifiers.clone(),
            announcer: announcer.clone(),
        };
        let first_visit = visits::first_visit(db_name);
        let request = IdbStore::begin_open(db_name, on_blocked);
        let open = open_sharing(db_name, request, now, offset, voices, first_visit);
        let (opening, opened) = opening::Opening::start(announcer, notifiers, open);
        let store = Store {
            inner: Inner::Opening(Rc::new(opening)),
        };
        Starting {
            store,
            expected_wallet: first_visit.then(demo_wallet),
            opened,
        }
    }

    /// False when the bank lives only in memory and a reload loses it.
    pub fn is_persistent(&self) -> bool {
        match &self.inner {
            Inner::Memory(_) => false,
            #[cfg(target_arch = "wasm32")]
            Inner::Idb(_) => true,
            #[cfg(target_arch = "wasm32")]
            Inner::Opening(o) => o.is_persistent(),
        }
    }

    /// Calls `on_change` whenever another tab commits a change to the bank, so the caller can
    /// re-read what it shows. Keep the subscription alive as long as you listen; `None` when
    /// the bank lives only in this tab (memory) or the browser lacks BroadcastChannel.
    #[cfg(target_arch = "wasm32")]
    pub fn on_change(&self, on_change: impl Fn() + 'static) -> Option<sync::Subscription> {
        match &self.inner {
            Inner::Memory(_) => None,
            Inner::Idb(s) => s.on_change(on_change),
            Inner::Opening(o) => o.on_change(on_change),
        }
    }

    /// The subscribers that hear every committed event.
    pub fn notifiers(&self) -> Arc<Notifiers> {
        match &self.inner {
            Inner::Memory(s) => s.notifiers(),
            #[cfg(target_arch = "wasm32")]
            Inner::Idb(s) => s.notifiers(),
            #[cfg(target_arch = "wasm32")]
            Inner::Opening(o) => o.notifiers(),
        }
    }

    /// Completes once the bank is open (at once unless the store is still opening), with the
    /// error every call would give if a first visit's demo bank could not be saved.
    pub async fn opened(&self) -> StoreResult<()> {
        dispatch!(self, _s => Ok(()), std::future::ready(Ok(())))
    }

    // ---- Customer side ----

    pub async fn card(
        &self,
        machine: &MachineId,
        card: &CardNumber,
        request: CardRequest,
        now: Timestamp,
    ) -> StoreResult<Reply> {
        // The bank in IndexedDB answers with the session code: its fetch (the first card's, in
        // split builds, unless the settled page has made it) goes on while this waits for the
        // bank to open.
        #[cfg(target_arch = "wasm32")]
        if matches!(self.inner, Inner::Idb(_) | Inner::Opening(_)) {
            session_code::prefetch();
        }
        dispatch!(self, s => (memory_code::code().await?.card)(s, machine, card, request, now),
            (session_code::code().await?.card_idb)(s, machine, card, request, now))
    }

    pub async fn session(
        &self,
        machine: &MachineId,
        session: SessionId,
        request: SessionRequest,
        now: Timestamp,
    ) -> StoreResult<Reply> {
        let code = session_code::code().await?;
        dispatch!(self, s => (code.memory)(s, machine, session, request, now),
            (code.idb)(s, machine, session, request, now))
    }

    /// An account's newest `limit` transactions, newest first.
    pub async fn history(
        &self,
        account: &AccountId,
        limit: usize,
    ) -> StoreResult<Vec<Transaction>> {
        let code = session_code::code().await?;
        dispatch!(self, s => Ok((code.history_memory)(s, account, limit)),
            (code.history_idb)(s, account, limit))
    }

    // ---- Reads for the screens ----

    pub async fn settings(&self) -> StoreResult<Settings> {
        dispatch!(self, s => Ok((memory_code::code().await?.settings)(s)), s.settings())
    }

    /// The first [`WALLET_SIZE`] cards by number, with their holders' names.
    pub async fn wallet(&self, now: Timestamp) -> StoreResult<Vec<WalletCard>> {
        dispatch!(self, s => Ok((memory_code::code().await?.wallet)(s, now)), s.wallet(now))
    }

    pub async fn machines(&self) -> StoreResult<Vec<Machine>> {
        dispatch!(self, s => Ok((memory_code::code().await?.machines)(s)), s.machines())
    }

    pub async fn machine(&self, id: &MachineId) -> StoreResult<Option<Machine>> {
        dispatch!(self, s => Ok(s.machine(id)), s.machine(id))
    }

    pub async fn users(&self) -> StoreResult<Vec<User>> {
        dispatch!(self, s => Ok(s.users()), s.users())
    }

    pub async fn accounts(&self) -> StoreResult<Vec<Account>> {
        dispatch!(self, s => Ok(s.accounts()), s.accounts())
    }

    pub async fn account(&self, id: &AccountId) -> StoreResult<Option<Account>> {
        dispatch!(self, s => Ok(s.account(id)), s.account(id))
    }

    pub async fn cards(&self) -> StoreResult<Vec<Card>> {
        dispatch!(self, s => Ok(s.cards()), s.cards())
    }

    /// One customer's accounts, in id order (an index lookup in IndexedDB).
    pub async fn accounts_of(&self, user: &UserId) -> StoreResult<Vec<Account>> {
        dispatch!(self, s => Ok(s.accounts_of(user)), s.accounts_of(user))
    }

    /// One customer's cards, in number order (an index lookup in IndexedDB).
    pub async fn cards_of(&self, user: &UserId) -> StoreResult<Vec<Card>> {
        dispatch!(self, s => Ok(s.cards_of(user)), s.cards_of(user))
    }

    /// The newest `limit` journal entries, newest first.
    pub async fn journal(&self, limit: usize) -> StoreResult<Vec<JournalEntry>> {
        dispatch!(self, s => Ok(s.journal(limit)), s.journal(limit))
    }

    // ---- Back office ----

    pub async fn register_user(&self, id: &UserId, name: &str, now: Timestamp) -> StoreResult<()> {
        dispatch!(self, s => s.register_user(id, name, now))
    }

    pub async fn open_account(
        &self,
        user: &UserId,
        id: &AccountId,
        kind: AccountKind,
        opening: Money,
        now: Timestamp,
    ) -> StoreResult<()> {
        dispatch!(self, s => s.open_account(user, id, kind, opening, now))
    }

    pub async fn issue_card(
        &self,
        user: &UserId,
        number: Option<CardNumber>,
        pin: &Pin,
        accounts: Vec<AccountId>,
        now: Timestamp,
    ) -> StoreResult<CardNumber> {
        dispatch!(self, s => s.issue_card(user, number, pin, accounts, now))
    }

    pub async fn register_machine(
        &self,
        id: &MachineId,
        location: &str,
        notes: Notes,
        now: Timestamp,
    ) -> StoreResult<()> {
        dispatch!(self, s => s.register_machine(id, location, notes, now))
    }

    pub async fn refill(&self, id: &MachineId, added: &Notes, now: Timestamp) -> StoreResult<()> {
        dispatch!(self, s => s.refill(id, added, now))
    }

    pub async fn set_in_service(
        &self,
        id: &MachineId,
        in_service: bool,
        now: Timestamp,
    ) -> StoreResult<()> {
        dispatch!(self, s => s.set_in_service(id, in_service, now))
    }

    pub async fn unblock(&self, card: &CardNumber, now: Timestamp) -> StoreResult<()> {
        dispatch!(self, s => s.unblock(card, now))
    }

    pub async fn report_stolen(&self, card: &CardNumber, now: Timestamp) -> StoreResult<()> {
        dispatch!(self, s => s.report_stolen(card, now))
    }

    pub async fn update_settings(&self, settings: Settings, now: Timestamp) -> StoreResult<()> {
        dispatch!(self, s => s.update_settings(settings, now))
    }

    // ---- Whole bank ----

    pub async fn export(&self) -> StoreResult<BankSnapshot> {
        dispatch!(self, s => Ok(s.export()), s.export())
    }

    /// Replaces the whole bank (import, scenario, reset to demo). Validated first: a bad
    /// snapshot changes nothing.
    ///
    /// The code that checks and loads a whole bank comes with the scenario code (fetched first in
    /// split builds), which every way of replacing the bank needs anyway.
    pub async fn replace(&self, snapshot: BankSnapshot) -> StoreResult<()> {
        let code = building::code().await?;
        dispatch!(self, s => (code.replace_memory)(s, snapshot), (code.replace_idb)(s, snapshot))
    }
}

/// What the app says when the bank cannot be saved.
pub const MEMORY_NOTICE: &str =
    "Storage is unavailable in this browser: the bank runs in memory and nothing will be saved.";

/// What the app says when a first visit's bank stays empty: the demo bank's code (a module of its
/// own in split builds) could not be fetched. The next visit seeds the bank.
pub const DEMO_NOT_LOADED: &str =
    "The demo bank could not be loaded. Check the connection, then reload the page.";

/// What the app says while a newer build waits for an old tab to let go of the database.
pub const BLOCKED_NOTICE: &str =
    "The bank is being upgraded: close the other tabs of the ATM simulator to continue.";

/// What [`Store::opening`] hands out at once.
#[cfg(target_arch = "wasm32")]
pub struct Starting<F> {
    /// Usable at once: its calls wait for the bank.
    pub store: Store,
    /// The wallet to show before the bank has opened: on what looks like a first visit, the
    /// demo bank's, which the database about to be created will be seeded with. `None` when the
    /// wallet must be read from the bank.
    pub expected_wallet: Option<Vec<WalletCard>>,
    /// Completes with the rest of the opening.
    pub opened: F,
}

/// What [`open_browser_store`] gives the app.
pub struct Opened {
    pub store: Store,
    /// What to tell the user when the bank cannot be saved (see [`MEMORY_NOTICE`]).
    pub notice: Option<String>,
    /// The wallet, when it is known without asking the store: on a first visit, the demo bank's
    /// cards, shown while the browser is still writing them.
    pub wallet: Option<Vec<WalletCard>>,
}

/// Opens the bank in IndexedDB database `db_name`, seeding it with the demo bank when it is
/// empty. When IndexedDB cannot be used, falls back to the in-memory demo bank and says so in
/// [`Opened::notice`]. `on_blocked` runs if the opening has to wait for another tab (see
/// [`BLOCKED_NOTICE`]); the call completes once that tab closes.
///
/// The open request goes to the browser when this is called, not when the result is first
/// awaited: the app calls it before it builds the page, so the browser opens (on a first visit,
/// creates) the database while the page is being built. On a first visit the call completes as
/// soon as the demo bank's write is sent (see [`IdbStore::seed`]).
#[cfg(target_arch = "wasm32")]
pub fn open_browser_store<B: FnOnce() + 'static>(
    db_name: &str,
    now: Timestamp,
    offset: crate::core::UtcOffset,
    on_blocked: B,
) -> impl std::future::Future<Output = Opened> + use<B> {
    let voices = Voices {
        notifiers: Arc::default(),
        announcer: Rc::new(sync::Announcer::new(db_name)),
    };
    let opening = IdbStore::begin_open(db_name, on_blocked);
    open_sharing(db_name, opening, now, offset, voices, false)
}

/// Where a store opened in the background speaks: the notifiers its subscribers joined and the
/// announcer whose subscriptions must not hear its own changes, both made (and perhaps already
/// subscribed to) before the database opened.
#[cfg(target_arch = "wasm32")]
struct Voices {
    notifiers: Arc<Notifiers>,
    announcer: Rc<sync::Announcer>,
}

/// The rest of [`open_browser_store`] once its open request (`opening`) is sent: the store it
/// opens speaks through `voices` and, if the database turns out to be new, is seeded with the
/// demo bank (built while the browser creates the database when `expect_new`).
#[cfg(target_arch = "wasm32")]
fn open_sharing<O: std::future::Future<Output = StoreResult<(IdbStore, bool)>>>(
    db_name: &str,
    opening: StoreResult<O>,
    now: Timestamp,
    offset: crate::core::UtcOffset,
    voices: Voices,
    expect_new: bool,
) -> impl std::future::Future<Output = Opened> + use<O> {
    let db_name = db_name.to_string();
    async move {
        let notifiers = voices.notifiers.clone();
        match open_idb(opening, now, offset, voices, expect_new).await {
            Ok((store, seeded)) => {
                visits::remember_opened(&db_name);
                let (wallet, notice) = match seeded {
                    Seeded::Before => (None, None),
                    Seeded::Now(wallet) => (Some(wallet), None),
                    // An empty bank until a visit can fetch the demo's code: the next one seeds.
                    Seeded::NotYet => (Some(Vec::new()), Some(DEMO_NOT_LOADED.to_string())),
                };
                Opened {
                    store,
                    notice,
                    wallet,
                }
            }
            Err(_) => {
                // Every read of this bank needs the session code: on its way now.
                session_code::prefetch();
                let (store, notice) = match open_in_memory_sharing(now, offset, notifiers).await {
                    Ok(store) => (store, MEMORY_NOTICE.to_string()),
                    // The in-memory demo bank is built from the core's built-in demo, which the
                    // core's tests validate: only a failed fetch of its code ends here. The bank
                    // starts empty rather than not at all.
                    Err(_) => (
                        Store::memory(empty_memory_bank()),
                        format!("{MEMORY_NOTICE} {DEMO_NOT_LOADED}"),
                    ),
                };
                Opened {
                    store,
                    notice: Some(notice),
                    wallet: None,
                }
            }
        }
    }
}

/// Whether the database opened holds a bank.
#[cfg(target_arch = "wasm32")]
enum Seeded {
    /// It did: read the wallet from it.
    Before,
    /// It was empty and the demo bank's write is under way; the demo's wallet.
    Now(Vec<WalletCard>),
    /// It was empty and stays so: the demo bank's code could not be fetched.
    NotYet,
}

#[cfg(target_arch = "wasm32")]
async fn open_idb(
    opening: StoreResult<impl std::future::Future<Output = StoreResult<(IdbStore, bool)>>>,
    now: Timestamp,
    offset: crate::core::UtcOffset,
    voices: Voices,
    expect_new: bool,
) -> StoreResult<(Store, Seeded)> {
    let opening = opening?;
    // An expected first visit fetches the scenario code and builds the demo bank while the
    // browser creates the database, once the page is painted (before, both would hold up the
    // first frame; within 100 ms at the latest); any other visit only if the database turns
    // out empty.
    let early = expect_new.then(|| {
        opening::started(async move {
            opening::when_idle(100, || ()).await;
            demo_snapshot(now, offset).await
        })
    });
    let (mut idb, empty) = opening.await?;
    idb.speak_through(voices.notifiers, voices.announcer);
    let mut seeded = Seeded::Before;
    if empty {
        let demo = match early {
            Some(demo) => demo.await,
            None => demo_snapshot(now, offset).await,
        };
        seeded = match demo {
            Ok((demo, code)) => {
                (code.seed)(&idb, &demo)?;
                Seeded::Now(wallet_of(&demo, now))
            }
            Err(DemoError::NotLoaded(_)) => Seeded::NotYet,
            Err(DemoError::Store(e)) => return Err(e),
        };
    }
    Ok((Store::idb(idb), seeded))
}

/// Why the demo bank was not built.
#[derive(Debug)]
enum DemoError {
    /// Its code could not be fetched (split builds).
    NotLoaded(split::NotLoaded),
    Store(StoreError),
}

/// The built-in demo bank, and the code that built it (which also puts it in place). Cheap: the
/// demo cards' PIN hashes are precomputed (`core::demo_pins`).
async fn demo_snapshot(
    now: Timestamp,
    offset: crate::core::UtcOffset,
) -> Result<(BankSnapshot, building::ScenarioCode), DemoError> {
    let code = building::code().await.map_err(DemoError::NotLoaded)?;
    let built =
        (code.build)(&(code.demo)(), now, offset).map_err(|e| DemoError::Store(e.into()))?;
    Ok((built.snapshot, code))
}

/// Opens the app's bank with the built-in demo data. The browser build tries IndexedDB first
/// (see `idb`); this in-memory form is what runs natively and when IndexedDB is unavailable.
pub async fn open_in_memory(now: Timestamp, offset: crate::core::UtcOffset) -> StoreResult<Store> {
    open_in_memory_sharing(now, offset, Arc::default())
        .await
        .map_err(|e| match e {
            DemoError::Store(e) => e,
            DemoError::NotLoaded(why) => why.into(),
        })
}

/// [`open_in_memory`], the store publishing to `notifiers`.
async fn open_in_memory_sharing(
    now: Timestamp,
    offset: crate::core::UtcOffset,
    notifiers: Arc<Notifiers>,
) -> Result<Store, DemoError> {
    let entropy: Arc<dyn crate::core::Entropy> = Arc::new(entropy::OsEntropy);
    let (demo, code) = demo_snapshot(now, offset).await?;
    let store = (code.memory_store)(demo, entropy, notifiers).map_err(DemoError::Store)?;
    Ok(Store::memory(store))
}

/// A bank with nothing in it, for a browser that can neither save nor fetch the demo's code.
#[cfg(target_arch = "wasm32")]
fn empty_memory_bank() -> MemoryStore {
    MemoryStore::empty(Arc::new(entropy::OsEntropy))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::UtcOffset;

    #[test]
    fn the_demo_wallet_is_the_wallet_of_the_demo_bank_as_built() {
        let now = Timestamp::from_millis(1_795_000_000_000);
        let (demo, _) =
            split::ready_now(demo_snapshot(now, UtcOffset::UTC)).expect("the demo bank builds");
        let wallet = wallet_of(&demo, now);
        assert_eq!(demo_wallet(), wallet);
        // Equality ignores `changes_at`; a first visit's guess must not differ there either.
        let times: Vec<_> = wallet.iter().map(|c| c.changes_at).collect();
        assert_eq!(times, vec![None; DEMO_WALLET.len()]);
    }
}
