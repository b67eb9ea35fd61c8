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

pub mod entropy;
#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod memory;
pub mod notifiers;
#[cfg(target_arch = "wasm32")]
pub mod sync;

use crate::core::journal::JournalEntry;
use crate::core::machine::{Device, Fault};
use crate::core::{
    Account, AccountId, AccountKind, Answer, AtmError, BankSnapshot, Card, CardNumber, CardRequest,
    CardStatus, Machine, MachineId, Money, Notes, Pin, Scenario, SessionId, SessionRequest,
    Settings, Timestamp, Transaction, User, UserId, UtcOffset,
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
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Rule(e) => e.fmt(f),
            StoreError::Storage(why) => write!(f, "Storage error: {why}. Nothing was changed"),
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
    /// The machine that retained the card (`Retained at ATMxxx`), if one did.
    pub retained_at: Option<MachineId>,
    /// The next moment the card's times can change what it shows with nothing written: its
    /// block ends, its hold lapses or it expires. The wallet reads the bank again then, instead
    /// of every second.
    pub changes_at: Option<Timestamp>,
}

impl PartialEq for WalletCard {
    fn eq(&self, other: &WalletCard) -> bool {
        (
            &self.number,
            &self.holder,
            &self.status,
            &self.in_machine,
            &self.retained_at,
        ) == (
            &other.number,
            &other.holder,
            &other.status,
            &other.in_machine,
            &other.retained_at,
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
            retained_at: card.retained.clone(),
            changes_at: times.into_iter().flatten().filter(|t| *t > now).min(),
        }
    }
}

/// The wallet of a bank held whole in memory: its first [`WALLET_SIZE`] cards by number, as
/// the IndexedDB store reads them by key.
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

/// The app's handle on the bank: in memory, or in IndexedDB (browser only). Cheap to clone.
#[derive(Clone)]
pub enum Store {
    Memory(Arc<MemoryStore>),
    #[cfg(target_arch = "wasm32")]
    Idb(Rc<IdbStore>),
}

impl Store {
    pub fn memory(store: MemoryStore) -> Store {
        Store::Memory(Arc::new(store))
    }

    /// False when the bank lives only in memory and a reload loses it.
    pub fn is_persistent(&self) -> bool {
        match self {
            Store::Memory(_) => false,
            #[cfg(target_arch = "wasm32")]
            Store::Idb(_) => true,
        }
    }

    /// Calls `on_change` whenever another tab commits a change to the bank, so the caller can
    /// re-read what it shows. Keep the subscription alive as long as you listen; `None` when
    /// the bank lives only in this tab (memory) or the browser lacks BroadcastChannel.
    #[cfg(target_arch = "wasm32")]
    pub fn on_change(&self, on_change: impl Fn() + 'static) -> Option<sync::Subscription> {
        match self {
            Store::Memory(_) => None,
            Store::Idb(s) => s.on_change(on_change),
        }
    }

    /// The subscribers that hear every committed event.
    pub fn notifiers(&self) -> Arc<Notifiers> {
        match self {
            Store::Memory(s) => s.notifiers(),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.notifiers(),
        }
    }

    // ---- Customer side ----

    /// A card-slot request: the core's reply or refusal with the session's deadline after it;
    /// an error only when the store itself failed (and then nothing changed).
    pub async fn card(
        &self,
        machine: &MachineId,
        card: &CardNumber,
        request: CardRequest,
        now: Timestamp,
    ) -> StoreResult<Answer> {
        match self {
            Store::Memory(s) => Ok(s.card(machine, card, request, now)),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.card(machine, card, request, now).await,
        }
    }

    /// A request inside a session, answered as [`Store::card`] is.
    pub async fn session(
        &self,
        machine: &MachineId,
        session: SessionId,
        request: SessionRequest,
        now: Timestamp,
    ) -> StoreResult<Answer> {
        match self {
            Store::Memory(s) => Ok(s.session(machine, session, request, now)),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.session(machine, session, request, now).await,
        }
    }

    /// An account's newest `limit` transactions, newest first.
    pub async fn history(
        &self,
        account: &AccountId,
        limit: usize,
    ) -> StoreResult<Vec<Transaction>> {
        match self {
            Store::Memory(s) => Ok(s.history(account, limit)),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.history(account, limit).await,
        }
    }

    // ---- Reads for the screens ----

    pub async fn settings(&self) -> StoreResult<Settings> {
        match self {
            Store::Memory(s) => Ok(s.settings()),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.settings().await,
        }
    }

    /// The first [`WALLET_SIZE`] cards by number, with their holders' names.
    pub async fn wallet(&self, now: Timestamp) -> StoreResult<Vec<WalletCard>> {
        match self {
            Store::Memory(s) => Ok(s.wallet(now)),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.wallet(now).await,
        }
    }

    pub async fn machines(&self) -> StoreResult<Vec<Machine>> {
        match self {
            Store::Memory(s) => Ok(s.machines()),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.machines().await,
        }
    }

    pub async fn machine(&self, id: &MachineId) -> StoreResult<Option<Machine>> {
        match self {
            Store::Memory(s) => Ok(s.machine(id)),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.machine(id).await,
        }
    }

    pub async fn users(&self) -> StoreResult<Vec<User>> {
        match self {
            Store::Memory(s) => Ok(s.users()),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.users().await,
        }
    }

    pub async fn accounts(&self) -> StoreResult<Vec<Account>> {
        match self {
            Store::Memory(s) => Ok(s.accounts()),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.accounts().await,
        }
    }

    pub async fn account(&self, id: &AccountId) -> StoreResult<Option<Account>> {
        match self {
            Store::Memory(s) => Ok(s.account(id)),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.account(id).await,
        }
    }

    pub async fn cards(&self) -> StoreResult<Vec<Card>> {
        match self {
            Store::Memory(s) => Ok(s.cards()),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.cards().await,
        }
    }

    /// One customer's accounts, in id order (an index lookup in IndexedDB).
    pub async fn accounts_of(&self, user: &UserId) -> StoreResult<Vec<Account>> {
        match self {
            Store::Memory(s) => Ok(s.accounts_of(user)),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.accounts_of(user).await,
        }
    }

    /// One customer's cards, in number order (an index lookup in IndexedDB).
    pub async fn cards_of(&self, user: &UserId) -> StoreResult<Vec<Card>> {
        match self {
            Store::Memory(s) => Ok(s.cards_of(user)),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.cards_of(user).await,
        }
    }

    /// The newest `limit` journal entries, newest first.
    pub async fn journal(&self, limit: usize) -> StoreResult<Vec<JournalEntry>> {
        match self {
            Store::Memory(s) => Ok(s.journal(limit)),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.journal(limit).await,
        }
    }

    // ---- Back office ----

    pub async fn register_user(&self, id: &UserId, name: &str, now: Timestamp) -> StoreResult<()> {
        match self {
            Store::Memory(s) => s.register_user(id, name, now),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.register_user(id, name, now).await,
        }
    }

    pub async fn open_account(
        &self,
        user: &UserId,
        id: &AccountId,
        kind: AccountKind,
        opening: Money,
        now: Timestamp,
    ) -> StoreResult<()> {
        match self {
            Store::Memory(s) => s.open_account(user, id, kind, opening, now),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.open_account(user, id, kind, opening, now).await,
        }
    }

    pub async fn issue_card(
        &self,
        user: &UserId,
        number: Option<CardNumber>,
        pin: &Pin,
        accounts: Vec<AccountId>,
        now: Timestamp,
    ) -> StoreResult<CardNumber> {
        match self {
            Store::Memory(s) => s.issue_card(user, number, pin, accounts, now),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.issue_card(user, number, pin, accounts, now).await,
        }
    }

    pub async fn register_machine(
        &self,
        id: &MachineId,
        location: &str,
        notes: Notes,
        now: Timestamp,
    ) -> StoreResult<()> {
        match self {
            Store::Memory(s) => s.register_machine(id, location, notes, now),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.register_machine(id, location, notes, now).await,
        }
    }

    pub async fn refill(&self, id: &MachineId, added: &Notes, now: Timestamp) -> StoreResult<()> {
        match self {
            Store::Memory(s) => s.refill(id, added, now),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.refill(id, added, now).await,
        }
    }

    pub async fn set_in_service(
        &self,
        id: &MachineId,
        in_service: bool,
        now: Timestamp,
    ) -> StoreResult<()> {
        match self {
            Store::Memory(s) => s.set_in_service(id, in_service, now),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.set_in_service(id, in_service, now).await,
        }
    }

    /// Somebody at machine `id` reported a problem with it (a skimmer, say): the core takes it
    /// out of service and journals the report.
    pub async fn report_problem(
        &self,
        id: &MachineId,
        now: Timestamp,
    ) -> StoreResult<crate::core::Reply> {
        match self {
            Store::Memory(s) => s.report_problem(id, now),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.report_problem(id, now).await,
        }
    }

    /// Gives a device of machine `id` a fault, for `fault.times` uses or until cleared.
    pub async fn set_fault(
        &self,
        id: &MachineId,
        device: Device,
        fault: Fault,
        now: Timestamp,
    ) -> StoreResult<()> {
        match self {
            Store::Memory(s) => s.set_fault(id, device, fault, now),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.set_fault(id, device, fault, now).await,
        }
    }

    pub async fn clear_fault(
        &self,
        id: &MachineId,
        device: Device,
        now: Timestamp,
    ) -> StoreResult<()> {
        match self {
            Store::Memory(s) => s.clear_fault(id, device, now),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.clear_fault(id, device, now).await,
        }
    }

    /// Hands a card a machine retained back to its holder.
    pub async fn return_card(&self, card: &CardNumber, now: Timestamp) -> StoreResult<()> {
        match self {
            Store::Memory(s) => s.return_card(card, now),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.return_card(card, now).await,
        }
    }

    pub async fn unblock(&self, card: &CardNumber, now: Timestamp) -> StoreResult<()> {
        match self {
            Store::Memory(s) => s.unblock(card, now),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.unblock(card, now).await,
        }
    }

    pub async fn report_stolen(&self, card: &CardNumber, now: Timestamp) -> StoreResult<()> {
        match self {
            Store::Memory(s) => s.report_stolen(card, now),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.report_stolen(card, now).await,
        }
    }

    pub async fn update_settings(&self, settings: Settings, now: Timestamp) -> StoreResult<()> {
        match self {
            Store::Memory(s) => s.update_settings(settings, now),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.update_settings(settings, now).await,
        }
    }

    // ---- Whole bank ----

    pub async fn export(&self) -> StoreResult<BankSnapshot> {
        match self {
            Store::Memory(s) => Ok(s.export()),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.export().await,
        }
    }

    /// Replaces the whole bank (import, scenario, reset to demo). Validated first: a bad
    /// snapshot changes nothing.
    pub async fn replace(&self, snapshot: BankSnapshot) -> StoreResult<()> {
        match self {
            Store::Memory(s) => s.replace(snapshot),
            #[cfg(target_arch = "wasm32")]
            Store::Idb(s) => s.replace(snapshot).await,
        }
    }
}

/// What the page tells the user about where the bank lives; the UI words it in its language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The bank cannot be saved: it runs in memory (with why, if even the demo bank failed).
    InMemory(Option<String>),
    /// A newer build waits for an old tab to let go of the database.
    Blocked,
}

/// The app's bank, opened.
#[derive(Clone)]
pub struct Opened {
    pub store: Store,
    /// What to tell the user when the bank cannot be saved.
    pub notice: Option<Notice>,
}

/// Opens the bank in IndexedDB database `db_name`, seeding a new (empty) one with the demo bank
/// before it answers. When IndexedDB cannot be used, falls back to the in-memory demo bank and
/// says so in [`Opened::notice`]. `on_blocked` runs if the opening has to wait for another tab
/// ([`Notice::Blocked`]); the call completes once that tab closes.
#[cfg(target_arch = "wasm32")]
pub async fn open_browser_store(
    db_name: &str,
    now: Timestamp,
    offset: UtcOffset,
    on_blocked: impl FnOnce() + 'static,
) -> Opened {
    let opened = async {
        let (idb, empty) = IdbStore::open_with(db_name, on_blocked).await?;
        if empty {
            idb.replace(demo_bank(now, offset)?).await?;
        }
        StoreResult::Ok(Store::Idb(Rc::new(idb)))
    };
    match opened.await {
        Ok(store) => Opened {
            store,
            notice: None,
        },
        Err(_) => match open_in_memory(now, offset) {
            Ok(store) => Opened {
                store,
                notice: Some(Notice::InMemory(None)),
            },
            // The core's tests build the demo bank, so this is out of reach; an empty bank that
            // says why still beats a page that never opens.
            Err(e) => Opened {
                store: Store::memory(MemoryStore::empty(Arc::new(entropy::OsEntropy))),
                notice: Some(Notice::InMemory(Some(e.to_string()))),
            },
        },
    }
}

/// The built-in demo bank, its clock starting at `now`.
fn demo_bank(now: Timestamp, offset: UtcOffset) -> StoreResult<BankSnapshot> {
    Ok(Scenario::demo()
        .build(now, offset, &entropy::OsEntropy)?
        .snapshot)
}

/// The demo bank in memory: what runs natively, and in a browser where IndexedDB cannot be
/// opened.
pub fn open_in_memory(now: Timestamp, offset: UtcOffset) -> StoreResult<Store> {
    let store = MemoryStore::new(demo_bank(now, offset)?, Arc::new(entropy::OsEntropy))?;
    Ok(Store::memory(store))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Reply;

    /// The output of a future the in-memory store answers at once (it never waits).
    fn now_or_never<F: std::future::Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match f.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(v) => v,
            std::task::Poll::Pending => panic!("the in-memory store never waits"),
        }
    }

    /// The demo bank through the app's handle: a login, a session's requests and the mini
    /// statement's read.
    #[test]
    fn a_session_goes_through_the_handle() {
        let now = Timestamp::from_millis(1_795_000_000_000);
        let store = open_in_memory(now, UtcOffset::UTC).expect("the demo bank");
        assert!(!store.is_persistent());
        let atm = MachineId::from("ATM002");
        let card = CardNumber::parse("4532111111111111").expect("a demo card");
        let pin = CardRequest::EnterPin(Pin::parse("5678").expect("a PIN"));
        let reply = |answer: StoreResult<Answer>| answer.map(|a| a.outcome);
        let Ok(Ok(Reply::LoggedIn { session, .. })) =
            reply(now_or_never(store.card(&atm, &card, pin, now)))
        else {
            panic!("the demo card logs in");
        };
        let balance = SessionRequest::Balance { account: None };
        let later = now.plus_secs(60);
        let answer = now_or_never(store.session(&atm, session, balance, later));
        assert!(
            matches!(&answer, Ok(Answer { outcome: Ok(Reply::Balance { balance, .. }), .. }) if *balance == Money::from_dollars(1_500)),
            "{answer:?}"
        );
        // The answer carries the session's deadline, moved by the request.
        assert_eq!(answer.map(|a| a.deadline), Ok(Some(later.plus_secs(300))));
        let withdraw = SessionRequest::Withdraw {
            account: None,
            amount: Money::from_dollars(20),
            fee: Money::ZERO,
        };
        let Ok(Ok(Reply::Dispensed { account, .. })) =
            reply(now_or_never(store.session(&atm, session, withdraw, later)))
        else {
            panic!("the demo account pays out $20");
        };
        let history = now_or_never(store.history(&account, 5)).expect("the history reads");
        assert_eq!(
            history.first().map(|t| t.amount),
            Some(Money::from_dollars(20))
        );
        assert_eq!(
            history.first().map(|t| t.balance_after),
            Some(Money::from_dollars(1_480))
        );
    }

    /// Putting a bank in place goes through the checks: a bad snapshot is refused whole and the
    /// bank stays as it was; a good one is what an export then gives back.
    #[test]
    fn a_bad_bank_is_refused_whole_and_a_good_one_round_trips() {
        let now = Timestamp::from_millis(1_795_000_000_000);
        let store = open_in_memory(now, UtcOffset::UTC).expect("the demo bank");
        let demo = now_or_never(store.export()).expect("export");
        let mut bad = demo.clone();
        bad.cards[0].user = UserId::from("nobody");
        assert!(now_or_never(store.replace(bad)).is_err());
        assert_eq!(now_or_never(store.export()), Ok(demo.clone()));
        let seed = Scenario::seed_demo(2).expect("seed demo 2");
        let built = seed
            .build(now, UtcOffset::UTC, &entropy::OsEntropy)
            .expect("seed demo 2 builds");
        now_or_never(store.replace(built.snapshot.clone())).expect("seed demo 2 loads");
        assert_eq!(now_or_never(store.export()), Ok(built.snapshot));
    }

    /// The browser's last resort, an empty bank, is what an empty snapshot loads as.
    #[test]
    fn the_empty_bank_is_an_empty_snapshot_loaded_through_the_checks() {
        let empty = MemoryStore::empty(Arc::new(entropy::OsEntropy)).export();
        let checked = BankSnapshot {
            format: crate::core::snapshot::SNAPSHOT_FORMAT,
            ..BankSnapshot::default()
        };
        let loaded = MemoryStore::new(checked, Arc::new(entropy::OsEntropy));
        assert_eq!(loaded.map(|s| s.export()), Ok(empty));
    }
}
