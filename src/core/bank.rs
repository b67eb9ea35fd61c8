//! The bank coordinator (the seed's "ATMSystem"), natively thread-safe and in memory.
//!
//! No global lock on the hot path: cards and users live in slabs found through compact hash
//! indexes ([`crate::records`]), accounts, machines and sessions in sharded hash maps (O(1)
//! lookup by key everywhere), each record behind its own mutex. An
//! operation locks the records it touches in one fixed order — session, card, user, accounts
//! (sorted by id), machine — so two operations can never wait on each other in a cycle, and
//! check-then-change happens under the locks, so nothing is ever overdrawn or lost. The
//! decisions themselves are [`crate::ops`] and [`crate::backoffice`]; this file only loads,
//! locks and applies.

use crate::account::{Account, AccountId, AccountKind};
use crate::backoffice::{self, CardIssue};
use crate::card::{Card, CardNumber, Pin};
use crate::error::AtmError;
use crate::events::{Notifier, Notifiers};
use crate::journal::{JournalDraft, JournalEntry};
use crate::machine::{Machine, MachineId, Notes};
use crate::money::Money;
use crate::ops::{
    self, CardRequest, CardScene, Decision, Fresh, Reply, SessionRequest, SessionScene,
};
use crate::records::{Cards, SessionSlot, UserSlot, Users, in_session, name_only};
use crate::session::{Session, SessionId};
use crate::settings::Settings;
use crate::snapshot::{BankSnapshot, SNAPSHOT_FORMAT};
use crate::time::Timestamp;
use crate::transaction::Transaction;
use crate::user::{User, UserId};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

/// Where randomness comes from. The core draws none itself: natively the store passes the OS
/// generator, tests pass [`SeededEntropy`] so every run replays.
pub trait Entropy: Send + Sync {
    fn fill(&self, buf: &mut [u8]);
}

/// A deterministic generator (SplitMix64) for tests and benchmarks. Not for real session ids.
pub struct SeededEntropy(Mutex<u64>);

impl SeededEntropy {
    pub fn new(seed: u64) -> SeededEntropy {
        SeededEntropy(Mutex::new(seed))
    }
}

impl Entropy for SeededEntropy {
    fn fill(&self, buf: &mut [u8]) {
        let mut state = lock(&self.0);
        for chunk in buf.chunks_mut(8) {
            *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = *state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
    }
}

/// A poisoned lock means another thread panicked mid-update; the records it guards are whole
/// values replaced in one assignment, so the data is still consistent and we carry on.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

const SHARDS: usize = 32;

/// A hash map split into shards, each record behind its own mutex. Shard locks are held only to
/// find or insert an entry, never while a record is locked.
struct Table<K, V> {
    hasher: RandomState,
    shards: Vec<RwLock<HashMap<K, Arc<Mutex<V>>>>>,
}

impl<K: Hash + Eq + Clone, V> Table<K, V> {
    fn new() -> Table<K, V> {
        Table {
            hasher: RandomState::new(),
            shards: (0..SHARDS).map(|_| RwLock::new(HashMap::new())).collect(),
        }
    }

    fn shard(&self, key: &K) -> &RwLock<HashMap<K, Arc<Mutex<V>>>> {
        &self.shards[(self.hasher.hash_one(key) as usize) % SHARDS]
    }

    fn get(&self, key: &K) -> Option<Arc<Mutex<V>>> {
        self.shard(key)
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
    }

    /// Inserts unless the key exists; returns whether it did.
    fn insert_new(&self, key: K, value: V) -> bool {
        let mut shard = self.shard(&key).write().unwrap_or_else(|p| p.into_inner());
        if shard.contains_key(&key) {
            return false;
        }
        shard.insert(key, Arc::new(Mutex::new(value)));
        true
    }

    fn remove(&self, key: &K) {
        self.shard(key)
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }

    fn values(&self) -> Vec<Arc<Mutex<V>>> {
        self.shards
            .iter()
            .flat_map(|s| {
                s.read()
                    .unwrap_or_else(|p| p.into_inner())
                    .values()
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

/// An account with its history, locked together.
struct AccountSlot {
    account: Account,
    history: Vec<Transaction>,
}

/// The append-only journal, sharded so that appending is not a global lock either.
struct Journal {
    next: AtomicU64,
    shards: Vec<Mutex<Vec<JournalEntry>>>,
}

impl Journal {
    fn new(start: u64) -> Journal {
        Journal {
            next: AtomicU64::new(start),
            shards: (0..SHARDS).map(|_| Mutex::new(Vec::new())).collect(),
        }
    }

    fn append(&self, draft: JournalDraft) {
        let seq = self.next.fetch_add(1, Ordering::Relaxed);
        lock(&self.shards[seq as usize % SHARDS]).push(draft.with_seq(seq));
    }

    fn entries(&self) -> Vec<JournalEntry> {
        let mut all: Vec<JournalEntry> = self.shards.iter().flat_map(|s| lock(s).clone()).collect();
        all.sort_by_key(|e| e.seq);
        all
    }
}

/// The bank. Share it as `Arc<Bank>`; every method takes `&self` and `now`.
pub struct Bank {
    settings: RwLock<Settings>,
    users: Users,
    accounts: Table<AccountId, AccountSlot>,
    cards: Cards,
    machines: Table<MachineId, Machine>,
    sessions: Table<SessionId, SessionSlot>,
    journal: Journal,
    notifiers: Arc<Notifiers>,
    next_txn: AtomicU64,
    entropy: Arc<dyn Entropy>,
}

impl Bank {
    pub fn new(settings: Settings, entropy: Arc<dyn Entropy>) -> Bank {
        Bank {
            settings: RwLock::new(settings),
            users: Users::default(),
            accounts: Table::new(),
            cards: Cards::default(),
            machines: Table::new(),
            sessions: Table::new(),
            journal: Journal::new(1),
            notifiers: Arc::new(Notifiers::default()),
            next_txn: AtomicU64::new(1),
            entropy,
        }
    }

    pub fn settings(&self) -> Settings {
        self.settings
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn subscribe(&self, notifier: Arc<dyn Notifier>) {
        self.notifiers.subscribe(notifier);
    }

    pub fn notifiers(&self) -> &Arc<Notifiers> {
        &self.notifiers
    }

    /// Shares a set of subscribers with another bank (a store that swaps banks on import keeps
    /// its subscribers this way).
    pub fn with_notifiers(self, notifiers: Arc<Notifiers>) -> Bank {
        Bank { notifiers, ..self }
    }

    fn fresh(&self) -> Fresh {
        // Ids are handed out by `number` once a decision has recorded something, so a refused
        // operation leaves the counter (and so the whole bank) untouched.
        Fresh::draw(self.entropy.as_ref(), 0)
    }

    /// Gives the decision's transactions their final, unique ids.
    fn number(&self, transactions: &mut [Transaction]) {
        if transactions.is_empty() {
            return;
        }
        let base = self
            .next_txn
            .fetch_add(transactions.len() as u64, Ordering::Relaxed);
        for (i, t) in transactions.iter_mut().enumerate() {
            t.id = crate::transaction::TxnId(base + i as u64);
        }
    }

    /// Journals the decision and publishes its events, after its writes are in place.
    fn finish(&self, d: Decision) -> Result<Reply, AtmError> {
        if let Some(j) = d.journal {
            self.journal.append(j);
        }
        self.notifiers.publish(&d.events);
        d.outcome
    }

    // ---- Customer side -------------------------------------------------------------------

    /// Checks a card at the slot: machine in service, card known, not stolen, expired, blocked
    /// or in another machine.
    pub fn insert_card(
        &self,
        machine: &MachineId,
        card: &CardNumber,
        now: Timestamp,
    ) -> Result<Reply, AtmError> {
        self.card_request(machine, card, CardRequest::Insert, now)
    }

    /// Verifies the PIN; opens a session on success, counts the failure otherwise.
    pub fn enter_pin(
        &self,
        machine: &MachineId,
        card: &CardNumber,
        pin: &Pin,
        now: Timestamp,
    ) -> Result<Reply, AtmError> {
        self.card_request(machine, card, CardRequest::EnterPin(pin.clone()), now)
    }

    fn card_request(
        &self,
        machine_id: &MachineId,
        number: &CardNumber,
        request: CardRequest,
        now: Timestamp,
    ) -> Result<Reply, AtmError> {
        // In a big bank the card's index entry and then its slot are cold: each is requested
        // early and the work that needs neither is done while it comes, instead of waiting for
        // one, then the other, then doing that work (BENCHMARKS.md, "Why login at 1M users").
        let lookup = self.cards.start(number);
        let key = match &request {
            CardRequest::EnterPin(pin) => Some(pin.key()),
            CardRequest::Insert => None,
        };
        let settings = self.settings();
        let fresh = self.fresh();
        let candidate = self.cards.candidate(lookup);
        // Only the card is locked: the machine is read for its in-service flag, and the holder's
        // name comes with the card, so a login does not visit the user at all.
        let machine = self.machines.get(machine_id).map(|s| lock(&s).clone());
        let handle = self.cards.confirm(number, lookup, candidate);
        let card_slot = handle.and_then(|h| self.cards.get(h));
        let mut card_guard = card_slot.map(|s| s.lock());
        let card = card_guard.as_deref().map(|c| c.get());
        let owner = card_slot.and_then(|s| s.owner);
        let holder_name = card_slot.and_then(|s| s.holder.clone());
        let scene = CardScene {
            settings,
            machine_id: machine_id.clone(),
            machine,
            card,
            holder_name,
        };
        let d = ops::decide_card_keyed(&request, &scene, now, &fresh, key.as_ref());
        if let (Some(guard), Some(card)) = (card_guard.as_mut(), d.writes.card.clone()) {
            guard.set(card);
        }
        if let Some(session) = d.writes.session.clone() {
            let slot = SessionSlot {
                session,
                card: handle,
                user: owner,
            };
            self.sessions.insert_new(slot.session.id, slot);
        }
        drop(card_guard);
        self.finish(d)
    }

    /// Runs a request inside a session. Every request checks the session first.
    pub fn session(
        &self,
        machine: &MachineId,
        session_id: SessionId,
        request: SessionRequest,
        now: Timestamp,
    ) -> Result<Reply, AtmError> {
        let settings = self.settings();
        let fresh = self.fresh();
        let session_slot = self.sessions.get(&session_id);
        let mut session_guard = session_slot.as_ref().map(|s| lock(s));
        let session = session_guard.as_ref().map(|g| g.session.clone());

        // The session found its card and user when it opened: no lookup by key here.
        let card_slot = session_guard
            .as_ref()
            .and_then(|g| g.card)
            .and_then(|h| self.cards.get(h));
        let mut card_guard = card_slot.map(|s| s.lock());
        // A logout or a tick reads only the holder's name, which the card carries: the user's
        // record, cold in a big bank, is not visited (nor locked: such a decision changes no user).
        let reads_the_user = request.reads_the_user();
        let user_slot = session_guard
            .as_ref()
            .and_then(|g| g.user)
            .filter(|_| reads_the_user)
            .and_then(|h| self.users.get(h));
        let mut user_guard = user_slot.map(|s| s.lock());
        let user = match (&user_guard, &session) {
            (Some(g), _) => Some(in_session(g)),
            (None, Some(s)) if !reads_the_user => session_guard
                .as_ref()
                .and_then(|g| g.user)
                .and(card_slot)
                .and_then(|c| c.holder.clone())
                .map(|name| name_only(&s.user, name)),
            (None, _) => None,
        };
        let mut wanted = session
            .as_ref()
            .map(|s| request.accounts_needed(s))
            .unwrap_or_default();
        wanted.sort();
        wanted.dedup();
        let account_slots: Vec<Arc<Mutex<AccountSlot>>> = wanted
            .iter()
            .filter_map(|id| self.accounts.get(id))
            .collect();
        let mut account_guards: Vec<MutexGuard<'_, AccountSlot>> =
            account_slots.iter().map(|s| lock(s)).collect();
        let machine_slot = self.machines.get(machine);
        let mut machine_guard = machine_slot.as_ref().map(|s| lock(s));

        let scene = SessionScene {
            machine_id: machine.clone(),
            session,
            card: card_guard.as_deref().map(|c| c.get()),
            user,
            machine: machine_guard.as_deref().cloned(),
            accounts: account_guards.iter().map(|g| g.account.clone()).collect(),
        };
        let mut d = ops::decide_session(&request, &scene, &settings, now, &fresh);
        self.number(&mut d.transactions);

        let w = &d.writes;
        if let (Some(g), Some(v)) = (session_guard.as_mut(), &w.session) {
            g.session = v.clone();
        }
        if let (Some(g), Some(v)) = (card_guard.as_mut(), &w.card) {
            g.set(v.clone());
        }
        // A decision inside a session changes only the user's daily total (see `in_session`),
        // and one that reads only the name changes nothing of the user (see `name_only`).
        debug_assert!(
            reads_the_user || w.user.is_none(),
            "{request:?} wrote the user"
        );
        if let (Some(g), Some(v)) = (user_guard.as_mut(), &w.user) {
            g.daily = v.daily;
        }
        if let (Some(g), Some(v)) = (machine_guard.as_mut(), &w.machine) {
            **g = v.clone();
        }
        for account in &w.accounts {
            if let Some(g) = account_guards
                .iter_mut()
                .find(|g| g.account.id == account.id)
            {
                g.account = account.clone();
            }
        }
        for t in &d.transactions {
            if let Some(g) = account_guards
                .iter_mut()
                .find(|g| g.account.id == t.account)
            {
                g.history.push(t.clone());
            }
        }
        drop((
            machine_guard,
            account_guards,
            user_guard,
            card_guard,
            session_guard,
        ));
        self.finish(d)
    }

    /// The mini-statement: the newest `limit` entries of an account the session may read.
    pub fn statement(
        &self,
        machine: &MachineId,
        session: SessionId,
        account: Option<AccountId>,
        limit: usize,
        now: Timestamp,
    ) -> Result<Vec<Transaction>, AtmError> {
        match self.session(machine, session, SessionRequest::History { account }, now)? {
            Reply::History { account } => Ok(self.history(&account, limit)),
            _ => Err(AtmError::NotLoggedIn),
        }
    }

    /// An account's history, newest first (back office; no session check).
    pub fn history(&self, account: &AccountId, limit: usize) -> Vec<Transaction> {
        self.accounts
            .get(account)
            .map(|s| lock(&s).history.iter().rev().take(limit).cloned().collect())
            .unwrap_or_default()
    }

    // ---- Back office ---------------------------------------------------------------------

    pub fn register_user(&self, id: &UserId, name: &str, now: Timestamp) -> Result<(), AtmError> {
        let existing = self.users.lookup(id).map(|s| s.lock().clone());
        let d = backoffice::register_user(existing.as_ref(), id, name, now);
        let mut d = d;
        if let Some(user) = d.writes.user.take()
            && self.users.insert_new(UserSlot::new(user)).is_none()
        {
            return Err(AtmError::Duplicate {
                what: "user",
                id: id.to_string(),
            });
        }
        self.finish(d).map(drop)
    }

    pub fn open_account(
        &self,
        user: &UserId,
        id: &AccountId,
        kind: AccountKind,
        opening: Money,
        now: Timestamp,
    ) -> Result<(), AtmError> {
        let mut user_guard = self.users.lookup(user).map(|s| s.lock());
        let existing = self.accounts.get(id).map(|s| lock(&s).account.clone());
        let mut d = backoffice::open_account(
            user_guard.as_deref(),
            existing.as_ref(),
            id,
            kind,
            opening,
            now,
            0,
        );
        self.number(&mut d.transactions);
        if let Some(account) = d.writes.accounts.pop() {
            let history = std::mem::take(&mut d.transactions);
            if !self
                .accounts
                .insert_new(account.id.clone(), AccountSlot { account, history })
            {
                return Err(AtmError::Duplicate {
                    what: "account",
                    id: id.to_string(),
                });
            }
        }
        if let (Some(g), Some(u)) = (user_guard.as_mut(), d.writes.user.take()) {
            **g = u;
        }
        drop(user_guard);
        self.finish(d).map(drop)
    }

    /// Issues a card. With no number given, the bank generates a Luhn-valid one. Returns the
    /// card's number (the back office shows it in full).
    pub fn issue_card(
        &self,
        user: &UserId,
        number: Option<CardNumber>,
        pin: &Pin,
        accounts: Vec<AccountId>,
        now: Timestamp,
    ) -> Result<CardNumber, AtmError> {
        let number = match number {
            Some(n) => n,
            None => loop {
                let n = ops::random_card_number(self.entropy.as_ref());
                if self.cards.find(&n).is_none() {
                    break n;
                }
            },
        };
        let owner = self.users.find(user);
        let mut user_guard = owner.and_then(|h| self.users.get(h)).map(|s| s.lock());
        let existing = self.cards.by_number(&number).map(|s| s.lock().get());
        let fresh = self.fresh();
        let id = fresh.card_id();
        let issue = CardIssue {
            number: &number,
            id: id.clone(),
            pin,
            salt: fresh.salt,
            accounts,
            expires: None,
        };
        let mut d = backoffice::issue_card(user_guard.as_deref(), existing.as_ref(), issue, now);
        if let Some(card) = d.writes.card.take() {
            let holder = owner.zip(user_guard.as_ref().map(|u| u.name.clone()));
            if !self.cards.insert_new(card, holder) {
                return Err(AtmError::Duplicate {
                    what: "card",
                    id: number.masked().to_string(),
                });
            }
        }
        if let (Some(g), Some(u)) = (user_guard.as_mut(), d.writes.user.take()) {
            **g = u;
        }
        drop(user_guard);
        self.finish(d).map(|_| number)
    }

    pub fn register_machine(
        &self,
        id: &MachineId,
        location: &str,
        notes: Notes,
        now: Timestamp,
    ) -> Result<(), AtmError> {
        let existing = self.machines.get(id).map(|s| lock(&s).clone());
        let mut d = backoffice::register_machine(existing.as_ref(), id, location, notes, now);
        if let Some(m) = d.writes.machine.take()
            && !self.machines.insert_new(m.id.clone(), m)
        {
            return Err(AtmError::Duplicate {
                what: "machine",
                id: id.to_string(),
            });
        }
        self.finish(d).map(drop)
    }

    fn with_machine(
        &self,
        id: &MachineId,
        decide: impl FnOnce(Option<&Machine>) -> Decision,
    ) -> Result<(), AtmError> {
        let slot = self.machines.get(id);
        let mut guard = slot.as_ref().map(|s| lock(s));
        let d = decide(guard.as_deref());
        if let (Some(g), Some(m)) = (guard.as_mut(), &d.writes.machine) {
            **g = m.clone();
        }
        drop(guard);
        self.finish(d).map(drop)
    }

    pub fn refill(&self, id: &MachineId, added: &Notes, now: Timestamp) -> Result<(), AtmError> {
        self.with_machine(id, |m| backoffice::refill(m, id, added, now))
    }

    pub fn set_in_service(
        &self,
        id: &MachineId,
        in_service: bool,
        now: Timestamp,
    ) -> Result<(), AtmError> {
        self.with_machine(id, |m| backoffice::set_in_service(m, id, in_service, now))
    }

    fn with_card(
        &self,
        number: &CardNumber,
        decide: impl FnOnce(Option<&Card>, Option<&User>) -> Decision,
    ) -> Result<(), AtmError> {
        let slot = self.cards.by_number(number);
        let mut guard = slot.map(|s| s.lock());
        let user = slot
            .and_then(|s| s.owner)
            .and_then(|h| self.users.get(h))
            .map(|s| s.lock().clone());
        let card = guard.as_deref().map(|c| c.get());
        let d = decide(card.as_ref(), user.as_ref());
        if let (Some(g), Some(c)) = (guard.as_mut(), &d.writes.card) {
            g.set(c.clone());
        }
        drop(guard);
        self.finish(d).map(drop)
    }

    pub fn unblock(&self, number: &CardNumber, now: Timestamp) -> Result<(), AtmError> {
        self.with_card(number, |c, u| backoffice::unblock(c, u, number, now))
    }

    pub fn report_stolen(&self, number: &CardNumber, now: Timestamp) -> Result<(), AtmError> {
        self.with_card(number, |c, u| backoffice::report_stolen(c, u, number, now))
    }

    /// New settings apply to sessions that start after this call.
    pub fn update_settings(&self, new: Settings, now: Timestamp) -> Result<(), AtmError> {
        let (result, journal) = backoffice::update_settings(&new, now);
        if result.is_ok() {
            *self.settings.write().unwrap_or_else(|p| p.into_inner()) = new;
        }
        self.journal.append(journal);
        result
    }

    // ---- Reads ---------------------------------------------------------------------------

    pub fn account(&self, id: &AccountId) -> Option<Account> {
        self.accounts.get(id).map(|s| lock(&s).account.clone())
    }

    pub fn card(&self, number: &CardNumber) -> Option<Card> {
        self.cards.by_number(number).map(|s| s.lock().get())
    }

    pub fn user(&self, id: &UserId) -> Option<User> {
        self.users.lookup(id).map(|s| s.lock().clone())
    }

    pub fn machine(&self, id: &MachineId) -> Option<Machine> {
        self.machines.get(id).map(|s| lock(&s).clone())
    }

    pub fn session_record(&self, id: SessionId) -> Option<Session> {
        self.sessions.get(&id).map(|s| lock(&s).session.clone())
    }

    pub fn journal(&self) -> Vec<JournalEntry> {
        self.journal.entries()
    }

    pub fn user_count(&self) -> usize {
        self.users.len()
    }

    /// The whole bank as plain data, in canonical order. Meant for a quiet bank (export, tests):
    /// records are read one at a time, not as one atomic picture.
    pub fn snapshot(&self) -> BankSnapshot {
        let mut accounts = Vec::new();
        let mut transactions = Vec::new();
        for slot in self.accounts.values() {
            let g = lock(&slot);
            accounts.push(g.account.clone());
            transactions.extend(g.history.iter().cloned());
        }
        let mut s = BankSnapshot {
            format: SNAPSHOT_FORMAT,
            settings: self.settings(),
            users: self.users.iter().map(|s| s.lock().clone()).collect(),
            accounts,
            cards: self.cards.iter().map(|s| s.lock().get()).collect(),
            machines: self
                .machines
                .values()
                .iter()
                .map(|s| lock(s).clone())
                .collect(),
            sessions: self
                .sessions
                .values()
                .iter()
                .map(|s| lock(s).session.clone())
                .collect(),
            transactions,
            journal: self.journal(),
            next_txn_id: self.next_txn.load(Ordering::Relaxed),
        };
        s.sort();
        s
    }

    /// A bank holding exactly the snapshot's records (validated first: a bad snapshot is
    /// refused whole).
    pub fn from_snapshot(
        snapshot: BankSnapshot,
        entropy: Arc<dyn Entropy>,
    ) -> Result<Bank, AtmError> {
        snapshot.validate()?;
        let bank = Bank::new(snapshot.settings, entropy);
        let mut histories: HashMap<AccountId, Vec<Transaction>> = HashMap::new();
        for t in snapshot.transactions {
            histories.entry(t.account.clone()).or_default().push(t);
        }
        for u in snapshot.users {
            bank.users.insert_new(UserSlot::new(u));
        }
        for a in snapshot.accounts {
            let mut history = histories.remove(&a.id).unwrap_or_default();
            history.sort_by_key(|t| t.id);
            bank.accounts.insert_new(
                a.id.clone(),
                AccountSlot {
                    account: a,
                    history,
                },
            );
        }
        for c in snapshot.cards {
            let owner = bank.users.find(&c.user);
            let name = owner
                .and_then(|h| bank.users.get(h))
                .map(|s| s.lock().name.clone());
            bank.cards.insert_new(c, owner.zip(name));
        }
        for m in snapshot.machines {
            bank.machines.insert_new(m.id.clone(), m);
        }
        for s in snapshot.sessions {
            let slot = SessionSlot {
                card: bank.cards.find_id(&s.card),
                user: bank.users.find(&s.user),
                session: s,
            };
            bank.sessions.insert_new(slot.session.id, slot);
        }
        let next_seq = snapshot
            .journal
            .iter()
            .map(|j| j.seq + 1)
            .max()
            .unwrap_or(1);
        let journal = Journal::new(next_seq);
        for j in snapshot.journal {
            lock(&journal.shards[j.seq as usize % SHARDS]).push(j);
        }
        let bank = Bank {
            journal,
            next_txn: AtomicU64::new(snapshot.next_txn_id.max(1)),
            ..bank
        };
        Ok(bank)
    }

    /// Drops sessions that ended, to keep memory flat in long runs.
    pub fn forget_ended_sessions(&self, now: Timestamp) {
        for slot in self.sessions.values() {
            let s = lock(&slot).session.clone();
            if !s.is_live(now) {
                self.sessions.remove(&s.id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::BankEvent;
    use crate::synthetic::{PIN, SyntheticBank, account_id, machine_id, user_id};

    fn now() -> Timestamp {
        Timestamp::from_millis(1_764_000_000_000)
    }

    fn login(bank: &Bank, card: &CardNumber) -> SessionId {
        match bank.enter_pin(&machine_id(0), card, &Pin::parse(PIN).unwrap(), now()) {
            Ok(Reply::LoggedIn { session, .. }) => session,
            other => panic!("login failed: {other:?}"),
        }
    }

    /// The session scene carries the user without its lists (`records::in_session`), so the
    /// bank must write back the daily total and nothing else.
    #[test]
    fn a_withdrawal_counts_the_day_and_keeps_the_users_lists() {
        let (bank, cards) = SyntheticBank::users(3).extra_cards(1, 1).build();
        let before = bank.user(&user_id(0)).unwrap();
        assert_eq!(before.cards.len(), 2);
        let s = login(&bank, &cards[0]);
        let withdraw = SessionRequest::Withdraw {
            account: None,
            amount: Money::from_dollars(40),
        };
        bank.session(&machine_id(0), s, withdraw, now()).unwrap();
        let after = bank.user(&user_id(0)).unwrap();
        assert_eq!(
            after.daily.on(now(), Settings::default().utc_offset),
            Money::from_dollars(40)
        );
        assert_eq!(
            (&after.accounts, &after.cards),
            (&before.accounts, &before.cards)
        );
        assert_eq!(after.name, before.name);
    }

    /// Keeps every event the bank publishes.
    struct Recorder(Mutex<Vec<BankEvent>>);

    impl Notifier for Recorder {
        fn name(&self) -> &str {
            "recorder"
        }
        fn notify(&self, event: &BankEvent) {
            self.0.lock().unwrap().push(event.clone());
        }
    }

    /// A logout and a timer's tick read the holder's name from the card, not the user's record
    /// (`name_only`): their events still name the holder, and they leave the user's record,
    /// daily total included, exactly as the withdrawal before them left it.
    #[test]
    fn a_session_ends_naming_its_holder_without_touching_the_user() {
        let (bank, cards) = SyntheticBank::users(3).build();
        let recorder = Arc::new(Recorder(Mutex::new(Vec::new())));
        bank.subscribe(recorder.clone());
        let ended = |reason| {
            let events = recorder.0.lock().unwrap();
            let holders: Vec<_> = events
                .iter()
                .filter_map(|e| match e {
                    BankEvent::SessionEnded {
                        holder, reason: r, ..
                    } if *r == reason => Some((holder.user.clone(), holder.name.clone())),
                    _ => None,
                })
                .collect();
            holders
        };
        let user = bank.user(&user_id(1)).unwrap();
        let s = login(&bank, &cards[1]);
        let withdraw = SessionRequest::Withdraw {
            account: None,
            amount: Money::from_dollars(60),
        };
        bank.session(&machine_id(0), s, withdraw, now()).unwrap();
        let after_withdrawal = bank.user(&user_id(1)).unwrap();
        assert_ne!(after_withdrawal, user);
        assert_eq!(
            bank.session(&machine_id(0), s, SessionRequest::Logout, now()),
            Ok(Reply::Ended {
                reason: crate::session::EndReason::Logout
            })
        );
        assert_eq!(
            ended(crate::session::EndReason::Logout),
            vec![(user.id.clone(), user.name.clone())]
        );
        assert_eq!(bank.user(&user_id(1)).unwrap(), after_withdrawal);

        let s = login(&bank, &cards[1]);
        let late = now().plus_secs(i64::from(Settings::default().session_timeout_secs) + 1);
        assert!(matches!(
            bank.session(&machine_id(0), s, SessionRequest::Tick, now()),
            Ok(Reply::StillActive { .. })
        ));
        assert_eq!(
            bank.session(&machine_id(0), s, SessionRequest::Tick, late),
            Ok(Reply::Ended {
                reason: crate::session::EndReason::Timeout
            })
        );
        assert_eq!(
            ended(crate::session::EndReason::Timeout),
            vec![(user.id.clone(), user.name.clone())]
        );
        assert_eq!(bank.user(&user_id(1)).unwrap(), after_withdrawal);
    }

    /// A session restored from a snapshot finds its card and user again: its logout releases
    /// the card it holds, and the card can log in at once.
    #[test]
    fn a_restored_session_still_reaches_its_card() {
        let (bank, cards) = SyntheticBank::users(50).build();
        let s = login(&bank, &cards[17]);
        let restored = Bank::from_snapshot(bank.snapshot(), Arc::new(SeededEntropy::new(5)))
            .expect("a bank's own snapshot is valid");
        assert!(restored.card(&cards[17]).unwrap().hold.is_some());
        let balance = SessionRequest::Balance { account: None };
        assert_eq!(
            restored.session(&machine_id(0), s, balance, now()),
            Ok(Reply::Balance {
                account: account_id(17),
                balance: Money::from_dollars(1_000),
            })
        );
        restored
            .session(&machine_id(0), s, SessionRequest::Logout, now())
            .unwrap();
        assert_eq!(restored.card(&cards[17]).unwrap().hold, None);
        login(&restored, &cards[17]);
    }
}
