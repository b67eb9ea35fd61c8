//! The in-memory store: the thread-safe [`Bank`], swappable as a whole for import and reset.

mod bank;

pub use bank::Bank;

use super::{Notifiers, StoreError, StoreResult, WalletCard};
use crate::core::journal::JournalEntry;
use crate::core::machine::{Device, Fault};
use crate::core::{
    Account, AccountId, AccountKind, Answer, BankSnapshot, Card, CardNumber, CardRequest, Entropy,
    Machine, MachineId, Money, Notes, Pin, SessionId, SessionRequest, Settings, Timestamp,
    Transaction, User, UserId,
};
use std::sync::{Arc, RwLock};

pub struct MemoryStore {
    bank: RwLock<Arc<Bank>>,
    notifiers: Arc<Notifiers>,
    entropy: Arc<dyn Entropy>,
}

impl MemoryStore {
    pub fn new(snapshot: BankSnapshot, entropy: Arc<dyn Entropy>) -> StoreResult<MemoryStore> {
        MemoryStore::publishing_to(snapshot, entropy, Arc::default())
    }

    /// [`MemoryStore::new`], its events going to `notifiers` (which may have subscribers already).
    pub fn publishing_to(
        snapshot: BankSnapshot,
        entropy: Arc<dyn Entropy>,
        notifiers: Arc<Notifiers>,
    ) -> StoreResult<MemoryStore> {
        let bank =
            Bank::from_snapshot(snapshot, entropy.clone())?.with_notifiers(notifiers.clone());
        Ok(MemoryStore {
            bank: RwLock::new(Arc::new(bank)),
            notifiers,
            entropy,
        })
    }

    /// A store over a bank with nothing in it: nothing to validate, so it needs none of the code
    /// that checks and loads a snapshot (the browser's last resort when that code cannot be
    /// fetched).
    pub fn empty(entropy: Arc<dyn Entropy>) -> MemoryStore {
        let bank = Bank::new(Settings::default(), entropy.clone());
        MemoryStore {
            notifiers: bank.notifiers().clone(),
            bank: RwLock::new(Arc::new(bank)),
            entropy,
        }
    }

    /// The bank as it stands (an `Arc`, so a concurrent replace does not pull it away).
    pub fn bank(&self) -> Arc<Bank> {
        self.bank.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn notifiers(&self) -> Arc<Notifiers> {
        self.notifiers.clone()
    }

    pub fn card(
        &self,
        machine: &MachineId,
        card: &CardNumber,
        request: CardRequest,
        now: Timestamp,
    ) -> Answer {
        self.bank().answer_card(machine, card, request, now)
    }

    pub fn session(
        &self,
        machine: &MachineId,
        session: SessionId,
        request: SessionRequest,
        now: Timestamp,
    ) -> Answer {
        self.bank().answer_session(machine, session, request, now)
    }

    pub fn history(&self, account: &AccountId, limit: usize) -> Vec<Transaction> {
        self.bank().history(account, limit)
    }

    pub fn settings(&self) -> Settings {
        self.bank().settings()
    }

    pub fn wallet(&self, now: Timestamp) -> Vec<WalletCard> {
        super::wallet_of(&self.bank().snapshot(), now)
    }

    pub fn machines(&self) -> Vec<Machine> {
        self.bank().snapshot().machines
    }

    pub fn machine(&self, id: &MachineId) -> Option<Machine> {
        self.bank().machine(id)
    }

    pub fn users(&self) -> Vec<User> {
        self.bank().snapshot().users
    }

    pub fn accounts(&self) -> Vec<Account> {
        self.bank().snapshot().accounts
    }

    pub fn account(&self, id: &AccountId) -> Option<Account> {
        self.bank().account(id)
    }

    pub fn cards(&self) -> Vec<Card> {
        self.bank().snapshot().cards
    }

    pub fn accounts_of(&self, user: &UserId) -> Vec<Account> {
        let mut all = self.accounts();
        all.retain(|a| &a.user == user);
        all
    }

    pub fn cards_of(&self, user: &UserId) -> Vec<Card> {
        let mut all = self.cards();
        all.retain(|c| &c.user == user);
        all
    }

    pub fn journal(&self, limit: usize) -> Vec<JournalEntry> {
        let mut all = self.bank().journal();
        all.reverse();
        all.truncate(limit);
        all
    }

    pub fn register_user(&self, id: &UserId, name: &str, now: Timestamp) -> StoreResult<()> {
        Ok(self.bank().register_user(id, name, now)?)
    }

    pub fn open_account(
        &self,
        user: &UserId,
        id: &AccountId,
        kind: AccountKind,
        opening: Money,
        now: Timestamp,
    ) -> StoreResult<()> {
        Ok(self.bank().open_account(user, id, kind, opening, now)?)
    }

    pub fn issue_card(
        &self,
        user: &UserId,
        number: Option<CardNumber>,
        pin: &Pin,
        accounts: Vec<AccountId>,
        now: Timestamp,
    ) -> StoreResult<CardNumber> {
        Ok(self.bank().issue_card(user, number, pin, accounts, now)?)
    }

    pub fn register_machine(
        &self,
        id: &MachineId,
        location: &str,
        notes: Notes,
        now: Timestamp,
    ) -> StoreResult<()> {
        Ok(self.bank().register_machine(id, location, notes, now)?)
    }

    pub fn refill(&self, id: &MachineId, added: &Notes, now: Timestamp) -> StoreResult<()> {
        Ok(self.bank().refill(id, added, now)?)
    }

    pub fn set_in_service(
        &self,
        id: &MachineId,
        in_service: bool,
        now: Timestamp,
    ) -> StoreResult<()> {
        Ok(self.bank().set_in_service(id, in_service, now)?)
    }

    pub fn report_problem(
        &self,
        id: &MachineId,
        now: Timestamp,
    ) -> StoreResult<crate::core::Reply> {
        Ok(self.bank().report_problem(id, now)?)
    }

    pub fn set_fault(
        &self,
        id: &MachineId,
        device: Device,
        fault: Fault,
        now: Timestamp,
    ) -> StoreResult<()> {
        Ok(self.bank().set_fault(id, device, fault, now)?)
    }

    pub fn clear_fault(&self, id: &MachineId, device: Device, now: Timestamp) -> StoreResult<()> {
        Ok(self.bank().clear_fault(id, device, now)?)
    }

    pub fn return_card(&self, card: &CardNumber, now: Timestamp) -> StoreResult<()> {
        Ok(self.bank().return_card(card, now)?)
    }

    pub fn unblock(&self, card: &CardNumber, now: Timestamp) -> StoreResult<()> {
        Ok(self.bank().unblock(card, now)?)
    }

    pub fn report_stolen(&self, card: &CardNumber, now: Timestamp) -> StoreResult<()> {
        Ok(self.bank().report_stolen(card, now)?)
    }

    pub fn update_settings(&self, settings: Settings, now: Timestamp) -> StoreResult<()> {
        Ok(self.bank().update_settings(settings, now)?)
    }

    pub fn export(&self) -> BankSnapshot {
        self.bank().snapshot()
    }

    pub fn replace(&self, snapshot: BankSnapshot) -> StoreResult<()> {
        let bank = Bank::from_snapshot(snapshot, self.entropy.clone()).map_err(StoreError::Rule)?;
        *self.bank.write().unwrap_or_else(|p| p.into_inner()) =
            Arc::new(bank.with_notifiers(self.notifiers.clone()));
        Ok(())
    }
}
