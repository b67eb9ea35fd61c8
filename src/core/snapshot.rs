//! The whole bank as plain data: what export writes, import reads, tests compare byte for byte,
//! and stores load from. Every list is sorted by key, so equal banks serialise identically.

use crate::account::{Account, AccountId};
use crate::card::Card;
use crate::card::{CardId, CardNumber};
use crate::error::AtmError;
use crate::journal::JournalEntry;
use crate::machine::{Machine, MachineId};
use crate::session::{Session, SessionId};
use crate::settings::Settings;
use crate::transaction::Transaction;
use crate::user::{User, UserId};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The format version of exported files. Import refuses versions it does not know.
pub const SNAPSHOT_FORMAT: u32 = 1;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankSnapshot {
    pub format: u32,
    pub settings: Settings,
    pub users: Vec<User>,
    pub accounts: Vec<Account>,
    pub cards: Vec<Card>,
    pub machines: Vec<Machine>,
    #[serde(default)]
    pub sessions: Vec<Session>,
    #[serde(default)]
    pub transactions: Vec<Transaction>,
    #[serde(default)]
    pub journal: Vec<JournalEntry>,
    /// The next transaction id to hand out.
    #[serde(default)]
    pub next_txn_id: u64,
}

fn invalid(field: String, reason: impl Into<String>) -> AtmError {
    AtmError::Invalid {
        field,
        reason: reason.into(),
    }
}

impl BankSnapshot {
    /// Puts every list in key order (the canonical form).
    pub fn sort(&mut self) {
        use crate::order::{sort_by_number, sort_by_text};
        sort_by_text(&mut self.users, |u| &u.id.0);
        sort_by_text(&mut self.accounts, |a| &a.id.0);
        sort_by_text(&mut self.cards, |c| c.number.digits());
        sort_by_text(&mut self.machines, |m| &m.id.0);
        let hex: Vec<String> = self.sessions.iter().map(|s| s.id.to_hex()).collect();
        let mut keyed: Vec<(&str, Session)> = hex
            .iter()
            .map(String::as_str)
            .zip(self.sessions.drain(..))
            .collect();
        sort_by_text(&mut keyed, |k| k.0);
        self.sessions.extend(keyed.into_iter().map(|k| k.1));
        sort_by_number(&mut self.transactions, |t| t.id.0);
        sort_by_number(&mut self.journal, |j| j.seq);
    }

    /// Canonical JSON: sorted lists, stable field order.
    pub fn to_json(&self) -> String {
        let mut sorted = self.clone();
        sorted.sort();
        // Plain data with string keys always serialises.
        serde_json::to_string_pretty(&sorted).unwrap_or_default()
    }

    /// Reads and validates an exported file. A bad file is refused whole, naming the field.
    pub fn from_json(text: &str) -> Result<BankSnapshot, AtmError> {
        let snapshot: BankSnapshot = serde_json::from_str(text).map_err(|e| {
            invalid(
                format!("line {} column {}", e.line(), e.column()),
                e.to_string(),
            )
        })?;
        snapshot.validate()?;
        Ok(snapshot)
    }

    /// Checks that the records refer to each other consistently and obey the rules.
    pub fn validate(&self) -> Result<(), AtmError> {
        if self.format != SNAPSHOT_FORMAT {
            return Err(invalid(
                "format".into(),
                format!(
                    "this app reads format {SNAPSHOT_FORMAT}, the file is {}",
                    self.format
                ),
            ));
        }
        self.settings
            .validate()
            .map_err(|e| invalid(format!("settings.{}", e.field), e.reason))?;
        let mut users: HashMap<&UserId, &User> = HashMap::new();
        for (i, u) in self.users.iter().enumerate() {
            if users.insert(&u.id, u).is_some() {
                return Err(invalid(
                    format!("users[{i}].id"),
                    format!("{} appears twice", u.id),
                ));
            }
        }
        let mut accounts: HashMap<&AccountId, &Account> = HashMap::new();
        for (i, a) in self.accounts.iter().enumerate() {
            if accounts.insert(&a.id, a).is_some() {
                return Err(invalid(
                    format!("accounts[{i}].id"),
                    format!("{} appears twice", a.id),
                ));
            }
            if a.balance.is_negative() {
                return Err(invalid(
                    format!("accounts[{i}].balance"),
                    "cannot be negative",
                ));
            }
            let owner = users.get(&a.user).ok_or_else(|| {
                invalid(format!("accounts[{i}].user"), format!("no user {}", a.user))
            })?;
            if !owner.accounts.contains(&a.id) {
                return Err(invalid(
                    format!("accounts[{i}].user"),
                    format!("{} does not list {}", a.user, a.id),
                ));
            }
        }
        let mut numbers: HashSet<&CardNumber> = HashSet::new();
        let mut card_ids: HashSet<&CardId> = HashSet::new();
        for (i, c) in self.cards.iter().enumerate() {
            if !numbers.insert(&c.number) || !card_ids.insert(&c.id) {
                return Err(invalid(
                    format!("cards[{i}]"),
                    format!("card {} appears twice", c.number),
                ));
            }
            let owner = users.get(&c.user).ok_or_else(|| {
                invalid(format!("cards[{i}].user"), format!("no user {}", c.user))
            })?;
            if c.accounts.is_empty() {
                return Err(invalid(
                    format!("cards[{i}].accounts"),
                    "a card needs at least one account",
                ));
            }
            if let Some(a) = c.accounts.iter().find(|a| !owner.accounts.contains(a)) {
                return Err(invalid(
                    format!("cards[{i}].accounts"),
                    format!("{a} is not an account of {}", c.user),
                ));
            }
        }
        for (i, u) in self.users.iter().enumerate() {
            if let Some(a) = u
                .accounts
                .iter()
                .find(|a| accounts.get(a).is_none_or(|acc| acc.user != u.id))
            {
                return Err(invalid(
                    format!("users[{i}].accounts"),
                    format!("{a} is not an account of {}", u.id),
                ));
            }
            if let Some(c) = u.cards.iter().find(|c| !card_ids.contains(c)) {
                return Err(invalid(format!("users[{i}].cards"), format!("no card {c}")));
            }
        }
        let mut machines: HashSet<&MachineId> = HashSet::new();
        for (i, m) in self.machines.iter().enumerate() {
            if !machines.insert(&m.id) {
                return Err(invalid(
                    format!("machines[{i}].id"),
                    format!("{} appears twice", m.id),
                ));
            }
            if m.notes.0.is_empty() {
                return Err(invalid(
                    format!("machines[{i}].notes"),
                    "a machine needs at least one kind of note",
                ));
            }
        }
        let mut sessions: HashSet<&SessionId> = HashSet::new();
        for (i, s) in self.sessions.iter().enumerate() {
            if !sessions.insert(&s.id) {
                return Err(invalid(format!("sessions[{i}].id"), "appears twice"));
            }
        }
        for (i, t) in self.transactions.iter().enumerate() {
            if !accounts.contains_key(&t.account) {
                return Err(invalid(
                    format!("transactions[{i}].account"),
                    format!("no account {}", t.account),
                ));
            }
            if t.id.0 >= self.next_txn_id {
                return Err(invalid(
                    format!("transactions[{i}].id"),
                    "is not below next_txn_id",
                ));
            }
        }
        Ok(())
    }
}
