//! The in-memory bank: the shell that loads records, hands them to the core's decisions and
//! applies what they decide, natively thread-safe.
//!
//! Every kind of record lives in a [`Table`]: a hash map split into shards, each record behind
//! its own mutex, so lookups are O(1) and no lock covers the whole bank. An operation locks the
//! records it touches in one fixed order (session, card, user, accounts sorted by id, machine),
//! so two operations never wait on each other in a cycle, and it checks and changes under those
//! locks, so nothing is ever overdrawn or lost. The rules are all in [`crate::core::ops`] and
//! [`crate::core::backoffice`].

use crate::core::backoffice::{self, CardIssue};
use crate::core::journal::{JournalDraft, JournalEntry};
use crate::core::machine::{Device, Fault};
use crate::core::ops::{CardScene, Decision, Fresh, SessionScene};
use crate::core::snapshot::SNAPSHOT_FORMAT;
use crate::core::transaction::TxnId;
use crate::core::{
    Account, AccountId, AccountKind, Answer, AtmError, BankSnapshot, Card, CardId, CardNumber,
    CardRequest, Entropy, Machine, MachineId, Money, Notes, Notifier, Pin, Reply, Session,
    SessionId, SessionRequest, Settings, Timestamp, Transaction, User, UserId, ops,
};
use crate::store::Notifiers;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, Hash, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// A poisoned lock means another thread panicked mid-update; the records it guards are whole
/// values replaced in one assignment, so the data is still consistent and we carry on.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn read<T>(l: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|p| p.into_inner())
}

fn write<T>(l: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|p| p.into_inner())
}

/// Writes a decision's new value of a record over the locked old one.
fn put<T: Clone>(guard: &mut Option<MutexGuard<'_, T>>, value: &Option<T>) {
    if let (Some(g), Some(v)) = (guard.as_mut(), value) {
        **g = v.clone();
    }
}

type Record<V> = Arc<Mutex<V>>;

fn record<V>(value: V) -> Record<V> {
    Arc::new(Mutex::new(value))
}

const SHARDS: usize = 32;

type Shard<K, V> = RwLock<HashMap<K, Record<V>>>;

/// A hash map split into shards. A shard's lock is held only to find, insert or remove an
/// entry, never while a record is locked.
struct Table<K, V> {
    hasher: RandomState,
    shards: Vec<Shard<K, V>>,
}

impl<K: Hash + Eq, V: Clone> Table<K, V> {
    fn new() -> Table<K, V> {
        let shards = (0..SHARDS).map(|_| RwLock::default()).collect();
        Table {
            hasher: RandomState::new(),
            shards,
        }
    }

    fn shard(&self, key: &K) -> &Shard<K, V> {
        &self.shards[(self.hasher.hash_one(key) as usize) % SHARDS]
    }

    fn get(&self, key: &K) -> Option<Record<V>> {
        read(self.shard(key)).get(key).cloned()
    }

    /// A copy of the record under `key`.
    fn copy(&self, key: &K) -> Option<V> {
        self.get(key).map(|r| lock(&r).clone())
    }

    /// Inserts unless the key exists; returns whether it did.
    fn insert_new(&self, key: K, value: Record<V>) -> bool {
        match write(self.shard(&key)).entry(key) {
            Entry::Vacant(e) => {
                e.insert(value);
                true
            }
            Entry::Occupied(_) => false,
        }
    }

    fn remove(&self, key: &K) {
        write(self.shard(key)).remove(key);
    }

    fn len(&self) -> usize {
        self.shards.iter().map(|s| read(s).len()).sum()
    }

    fn values(&self) -> Vec<Record<V>> {
        let shard = |s: &Shard<K, V>| read(s).values().cloned().collect::<Vec<_>>();
        self.shards.iter().flat_map(shard).collect()
    }

    /// Copies of every record.
    fn copy_all(&self) -> Vec<V> {
        self.values().iter().map(|r| lock(r).clone()).collect()
    }
}

/// An account with its history, locked together.
#[derive(Clone)]
struct AccountSlot {
    account: Account,
    history: Vec<Transaction>,
}

/// The append-only journal and the sequence number of its next entry.
struct Journal {
    next: u64,
    entries: Vec<JournalEntry>,
}

/// The bank. Share it as `Arc<Bank>`; every method takes `&self` and `now`.
pub struct Bank {
    settings: RwLock<Settings>,
    users: Table<UserId, User>,
    accounts: Table<AccountId, AccountSlot>,
    /// Every card twice: by number (the card slot) and by id (a session names its card so).
    cards: Table<CardNumber, Card>,
    cards_by_id: Table<CardId, Card>,
    machines: Table<MachineId, Machine>,
    sessions: Table<SessionId, Session>,
    journal: Mutex<Journal>,
    next_txn: AtomicU64,
    notifiers: Arc<Notifiers>,
    entropy: Arc<dyn Entropy>,
}

impl Bank {
    pub fn new(settings: Settings, entropy: Arc<dyn Entropy>) -> Bank {
        Bank {
            settings: RwLock::new(settings),
            users: Table::new(),
            accounts: Table::new(),
            cards: Table::new(),
            cards_by_id: Table::new(),
            machines: Table::new(),
            sessions: Table::new(),
            journal: Mutex::new(Journal {
                next: 1,
                entries: Vec::new(),
            }),
            next_txn: AtomicU64::new(1),
            notifiers: Arc::default(),
            entropy,
        }
    }

    pub fn settings(&self) -> Settings {
        read(&self.settings).clone()
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

    /// Ids are handed out by [`Bank::number`] once a decision has recorded something, so a
    /// refused operation leaves the counter (and so the whole bank) untouched.
    fn fresh(&self) -> Fresh {
        Fresh::draw(self.entropy.as_ref(), 0)
    }

    /// Gives the decision's transactions their final, unique ids.
    fn number(&self, transactions: &mut [Transaction]) {
        let count = transactions.len() as u64;
        let base = self.next_txn.fetch_add(count, Ordering::Relaxed);
        for (id, t) in (base..).zip(transactions) {
            t.id = TxnId(id);
        }
    }

    fn append(&self, draft: JournalDraft) {
        let mut journal = lock(&self.journal);
        let seq = journal.next;
        journal.next += 1;
        journal.entries.push(draft.with_seq(seq));
    }

    /// Journals the decision and publishes its events, after its writes are in place and its
    /// locks released.
    fn finish(&self, mut d: Decision) -> Answer {
        for j in std::mem::take(&mut d.journal) {
            self.append(j);
        }
        self.notifiers.publish(&d.events);
        d.answer()
    }

    fn store_card(&self, card: Card) -> bool {
        let (number, id) = (card.number.clone(), card.id.clone());
        let card = record(card);
        if !self.cards.insert_new(number, card.clone()) {
            return false;
        }
        // Card ids are drawn at random; should one repeat, the first card keeps it.
        self.cards_by_id.insert_new(id, card);
        true
    }

    fn holder_name(&self, user: &UserId) -> Option<crate::core::ident::Text> {
        self.users.get(user).map(|u| lock(&u).name.clone())
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
        self.answer_card(machine, card, CardRequest::Insert, now)
            .outcome
    }

    /// Verifies the PIN; opens a session on success, counts the failure otherwise.
    pub fn enter_pin(
        &self,
        machine: &MachineId,
        card: &CardNumber,
        pin: &Pin,
        now: Timestamp,
    ) -> Result<Reply, AtmError> {
        self.answer_card(machine, card, CardRequest::EnterPin(pin.clone()), now)
            .outcome
    }

    /// A card-slot request, answered with the session's deadline after it.
    pub fn answer_card(
        &self,
        machine_id: &MachineId,
        number: &CardNumber,
        request: CardRequest,
        now: Timestamp,
    ) -> Answer {
        let fresh = self.fresh();
        let card_record = self.cards.get(number);
        let mut card = card_record.as_ref().map(|c| lock(c));
        // The user is only read, so it is copied (its lock taken and let go before the
        // machine's, which comes after it in the lock order). The machine is held: a device
        // fault it has counts down.
        let holder_name = card.as_ref().and_then(|c| self.holder_name(&c.user));
        let machine_record = self.machines.get(machine_id);
        let mut machine = machine_record.as_ref().map(|m| lock(m));
        let scene = CardScene {
            settings: self.settings(),
            machine_id: machine_id.clone(),
            machine: machine.as_deref().cloned(),
            card: card.as_deref().cloned(),
            holder_name,
        };
        let d = ops::decide_card(&request, &scene, now, &fresh);
        put(&mut card, &d.writes.card);
        put(&mut machine, &d.writes.machine);
        if let Some(session) = &d.writes.session {
            self.sessions
                .insert_new(session.id, record(session.clone()));
        }
        drop((machine, card));
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
        self.answer_session(machine, session_id, request, now)
            .outcome
    }

    /// [`Bank::session`], answered with the session's deadline after it.
    pub fn answer_session(
        &self,
        machine: &MachineId,
        session_id: SessionId,
        request: SessionRequest,
        now: Timestamp,
    ) -> Answer {
        let settings = self.settings();
        let fresh = self.fresh();
        let session_record = self.sessions.get(&session_id);
        let mut session = session_record.as_ref().map(|s| lock(s));
        let card_record = session.as_ref().and_then(|s| self.cards_by_id.get(&s.card));
        let mut card = card_record.as_ref().map(|c| lock(c));
        let user_record = session.as_ref().and_then(|s| self.users.get(&s.user));
        let mut user = user_record.as_ref().map(|u| lock(u));
        let mut wanted = session
            .as_ref()
            .map(|s| request.accounts_needed(s))
            .unwrap_or_default();
        wanted.sort();
        wanted.dedup();
        let account_records: Vec<_> = wanted
            .iter()
            .filter_map(|id| self.accounts.get(id))
            .collect();
        let mut accounts: Vec<_> = account_records.iter().map(|a| lock(a)).collect();
        let machine_record = self.machines.get(machine);
        let mut machine_guard = machine_record.as_ref().map(|m| lock(m));

        let scene = SessionScene {
            machine_id: machine.clone(),
            session: session.as_deref().cloned(),
            card: card.as_deref().cloned(),
            user: user.as_deref().cloned(),
            machine: machine_guard.as_deref().cloned(),
            accounts: accounts.iter().map(|a| a.account.clone()).collect(),
        };
        let mut d = ops::decide_session(&request, &scene, &settings, now, &fresh);
        self.number(&mut d.transactions);

        let w = &d.writes;
        put(&mut session, &w.session);
        put(&mut card, &w.card);
        put(&mut user, &w.user);
        put(&mut machine_guard, &w.machine);
        for slot in accounts.iter_mut() {
            if let Some(v) = w.accounts.iter().find(|a| a.id == slot.account.id) {
                slot.account = v.clone();
            }
            let id = slot.account.id.clone();
            let new = d.transactions.iter().filter(|t| t.account == id);
            slot.history.extend(new.cloned());
        }
        drop((machine_guard, accounts, user, card, session));
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
        let existing = self.users.copy(id);
        let mut d = backoffice::register_user(existing.as_ref(), id, name, now);
        if let Some(user) = d.writes.user.take()
            && !self.users.insert_new(user.id.clone(), record(user))
        {
            return Err(duplicate("user", id.to_string()));
        }
        self.finish(d).outcome.map(drop)
    }

    pub fn open_account(
        &self,
        user: &UserId,
        id: &AccountId,
        kind: AccountKind,
        opening: Money,
        now: Timestamp,
    ) -> Result<(), AtmError> {
        let user_record = self.users.get(user);
        let mut user_guard = user_record.as_ref().map(|u| lock(u));
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
            let slot = record(AccountSlot { account, history });
            if !self.accounts.insert_new(id.clone(), slot) {
                return Err(duplicate("account", id.to_string()));
            }
        }
        if let (Some(g), Some(u)) = (user_guard.as_mut(), d.writes.user.take()) {
            **g = u;
        }
        drop(user_guard);
        self.finish(d).outcome.map(drop)
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
                if self.cards.get(&n).is_none() {
                    break n;
                }
            },
        };
        // Read before the user is locked: a card comes before its user in the lock order.
        let existing = self.cards.copy(&number);
        let user_record = self.users.get(user);
        let mut user_guard = user_record.as_ref().map(|u| lock(u));
        let fresh = self.fresh();
        let issue = CardIssue {
            number: &number,
            id: fresh.card_id(),
            pin,
            salt: fresh.salt,
            accounts,
            expires: None,
        };
        let mut d = backoffice::issue_card(user_guard.as_deref(), existing.as_ref(), issue, now);
        if let Some(card) = d.writes.card.take()
            && !self.store_card(card)
        {
            return Err(duplicate("card", number.masked().to_string()));
        }
        if let (Some(g), Some(u)) = (user_guard.as_mut(), d.writes.user.take()) {
            **g = u;
        }
        drop(user_guard);
        self.finish(d).outcome.map(|_| number)
    }

    pub fn register_machine(
        &self,
        id: &MachineId,
        location: &str,
        notes: Notes,
        now: Timestamp,
    ) -> Result<(), AtmError> {
        let existing = self.machines.copy(id);
        let mut d = backoffice::register_machine(existing.as_ref(), id, location, notes, now);
        if let Some(m) = d.writes.machine.take()
            && !self.machines.insert_new(m.id.clone(), record(m))
        {
            return Err(duplicate("machine", id.to_string()));
        }
        self.finish(d).outcome.map(drop)
    }

    fn with_machine(
        &self,
        id: &MachineId,
        decide: impl FnOnce(Option<&Machine>) -> Decision,
    ) -> Result<(), AtmError> {
        self.decide_machine(id, decide).map(drop)
    }

    /// Applies a decision about machine `id` alone, under its lock, and answers its reply.
    fn decide_machine(
        &self,
        id: &MachineId,
        decide: impl FnOnce(Option<&Machine>) -> Decision,
    ) -> Result<Reply, AtmError> {
        let machine = self.machines.get(id);
        let mut guard = machine.as_ref().map(|m| lock(m));
        let d = decide(guard.as_deref());
        put(&mut guard, &d.writes.machine);
        drop(guard);
        self.finish(d).outcome
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

    /// Somebody at machine `id` reported a problem with it: out of service, and journaled.
    pub fn report_problem(&self, id: &MachineId, now: Timestamp) -> Result<Reply, AtmError> {
        self.decide_machine(id, |m| backoffice::report_problem(m, id, now))
    }

    /// Gives a device of machine `id` a fault (a trainer's drill).
    pub fn set_fault(
        &self,
        id: &MachineId,
        device: Device,
        fault: Fault,
        now: Timestamp,
    ) -> Result<(), AtmError> {
        self.with_machine(id, |m| backoffice::set_fault(m, id, device, fault, now))
    }

    pub fn clear_fault(
        &self,
        id: &MachineId,
        device: Device,
        now: Timestamp,
    ) -> Result<(), AtmError> {
        self.with_machine(id, |m| backoffice::clear_fault(m, id, device, now))
    }

    fn with_card(
        &self,
        number: &CardNumber,
        decide: impl FnOnce(Option<&Card>, Option<&User>) -> Decision,
    ) -> Result<(), AtmError> {
        let card = self.cards.get(number);
        let mut guard = card.as_ref().map(|c| lock(c));
        let user = guard.as_ref().and_then(|c| self.users.copy(&c.user));
        let d = decide(guard.as_deref(), user.as_ref());
        put(&mut guard, &d.writes.card);
        drop(guard);
        self.finish(d).outcome.map(drop)
    }

    pub fn unblock(&self, number: &CardNumber, now: Timestamp) -> Result<(), AtmError> {
        self.with_card(number, |c, u| backoffice::unblock(c, u, number, now))
    }

    pub fn report_stolen(&self, number: &CardNumber, now: Timestamp) -> Result<(), AtmError> {
        self.with_card(number, |c, u| backoffice::report_stolen(c, u, number, now))
    }

    /// Hands a retained card back to its holder.
    pub fn return_card(&self, number: &CardNumber, now: Timestamp) -> Result<(), AtmError> {
        self.with_card(number, |c, _| backoffice::return_card(c, number, now))
    }

    /// New settings apply to sessions that start after this call.
    pub fn update_settings(&self, new: Settings, now: Timestamp) -> Result<(), AtmError> {
        let (result, journal) = backoffice::update_settings(&new, now);
        if result.is_ok() {
            *write(&self.settings) = new;
        }
        self.append(journal);
        result
    }

    // ---- Reads ---------------------------------------------------------------------------

    pub fn account(&self, id: &AccountId) -> Option<Account> {
        self.accounts.get(id).map(|s| lock(&s).account.clone())
    }

    pub fn card(&self, number: &CardNumber) -> Option<Card> {
        self.cards.copy(number)
    }

    pub fn user(&self, id: &UserId) -> Option<User> {
        self.users.copy(id)
    }

    pub fn machine(&self, id: &MachineId) -> Option<Machine> {
        self.machines.copy(id)
    }

    pub fn session_record(&self, id: SessionId) -> Option<Session> {
        self.sessions.copy(&id)
    }

    pub fn user_count(&self) -> usize {
        self.users.len()
    }

    pub fn journal(&self) -> Vec<JournalEntry> {
        lock(&self.journal).entries.clone()
    }

    /// The whole bank as plain data, in canonical order. Meant for a quiet bank (export, tests):
    /// records are read one at a time, not as one atomic picture.
    pub fn snapshot(&self) -> BankSnapshot {
        let mut accounts = Vec::new();
        let mut transactions = Vec::new();
        for slot in self.accounts.values() {
            let slot = lock(&slot);
            accounts.push(slot.account.clone());
            transactions.extend(slot.history.iter().cloned());
        }
        let mut s = BankSnapshot {
            format: SNAPSHOT_FORMAT,
            settings: self.settings(),
            users: self.users.copy_all(),
            accounts,
            cards: self.cards.copy_all(),
            machines: self.machines.copy_all(),
            sessions: self.sessions.copy_all(),
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
        let mut bank = Bank::new(snapshot.settings, entropy);
        let mut histories: HashMap<AccountId, Vec<Transaction>> = HashMap::new();
        for t in snapshot.transactions {
            histories.entry(t.account.clone()).or_default().push(t);
        }
        for u in snapshot.users {
            bank.users.insert_new(u.id.clone(), record(u));
        }
        for account in snapshot.accounts {
            let mut history = histories.remove(&account.id).unwrap_or_default();
            history.sort_by_key(|t| t.id);
            let id = account.id.clone();
            bank.accounts
                .insert_new(id, record(AccountSlot { account, history }));
        }
        for c in snapshot.cards {
            bank.store_card(c);
        }
        for m in snapshot.machines {
            bank.machines.insert_new(m.id.clone(), record(m));
        }
        for s in snapshot.sessions {
            bank.sessions.insert_new(s.id, record(s));
        }
        let mut entries = snapshot.journal;
        entries.sort_by_key(|j| j.seq);
        let next = entries.last().map_or(1, |j| j.seq + 1);
        bank.journal = Mutex::new(Journal { next, entries });
        bank.next_txn = AtomicU64::new(snapshot.next_txn_id.max(1));
        Ok(bank)
    }

    /// Drops sessions that ended, to keep memory flat in long runs.
    pub fn forget_ended_sessions(&self, now: Timestamp) {
        for s in self.sessions.copy_all() {
            if !s.is_live(now) {
                self.sessions.remove(&s.id);
            }
        }
    }
}

fn duplicate(what: &'static str, id: String) -> AtmError {
    AtmError::Duplicate { what, id }
}
