//! Banks of any size as records (a snapshot), for benchmarks and tests that need thousands
//! of users or cards. Not part of the ATM: going through registration would stretch every PIN
//! with PBKDF2 and take minutes, so every card here shares one PIN hash of one iteration
//! (`pin_hash_verify` in the benches measures the real hashing on its own).
//!
//! The records are named by index — users `U{i}`, their accounts `A{i}`, their cards `C{i}`,
//! extra cards `X{j}`, machines `M{k}` — through [`user_id`], [`account_id`], [`card_id`] and
//! [`machine_id`], so a caller names what it built the same way the builder did.

use crate::account::{Account, AccountId, AccountKind};
use crate::card::{Card, CardId, CardNumber, CardStatus, Pin, PinHash};
use crate::machine::{Machine, MachineId, Notes};
use crate::money::Money;
use crate::settings::Settings;
use crate::snapshot::{BankSnapshot, SNAPSHOT_FORMAT};
use crate::user::{User, UserId};

/// Every card's PIN.
pub const PIN: &str = "1234";

pub fn user_id(i: usize) -> UserId {
    UserId::from(format!("U{i}"))
}

pub fn account_id(i: usize) -> AccountId {
    AccountId::from(format!("A{i}"))
}

/// `C{i}` is user `i`'s own card; `X{j}` the `j`-th extra card.
pub fn card_id(prefix: char, i: usize) -> CardId {
    CardId::from(format!("{prefix}{i}"))
}

pub fn machine_id(k: usize) -> MachineId {
    MachineId::from(format!("M{k}"))
}

/// What to build: `users` users, each with one checking account and one card; then extra cards
/// spread over the first accounts; then in-service machines, all stocked alike.
#[derive(Clone, Debug)]
pub struct SyntheticBank {
    users: usize,
    balance: Money,
    extra_cards: usize,
    shared_accounts: usize,
    machines: usize,
    notes: Notes,
    settings: Settings,
}

impl SyntheticBank {
    /// `users` users with $1,000 each and one machine with the standard notes.
    pub fn users(users: usize) -> SyntheticBank {
        SyntheticBank {
            users,
            balance: Money::from_dollars(1_000),
            extra_cards: 0,
            shared_accounts: 1,
            machines: 1,
            notes: Notes::standard(),
            settings: Settings::default(),
        }
    }

    /// Every account's opening balance.
    pub fn balance(mut self, balance: Money) -> SyntheticBank {
        self.balance = balance;
        self
    }

    /// `cards` more cards, the `j`-th on user `j % accounts`'s account: several cards on one
    /// account, each usable in its own machine at the same time (a card is in one at a time).
    pub fn extra_cards(mut self, cards: usize, accounts: usize) -> SyntheticBank {
        self.extra_cards = cards;
        self.shared_accounts = accounts.clamp(1, self.users.max(1));
        self
    }

    /// `machines` machines, each stocked with `notes`.
    pub fn machines(mut self, machines: usize, notes: Notes) -> SyntheticBank {
        self.machines = machines;
        self.notes = notes;
        self
    }

    pub fn settings(mut self, settings: Settings) -> SyntheticBank {
        self.settings = settings;
        self
    }

    /// The records, and every card's number: the users' own cards in user order, then the
    /// extra cards in order (card `users + j` is extra card `j`).
    pub fn snapshot(&self) -> (BankSnapshot, Vec<CardNumber>) {
        let pin = PinHash::with_iterations(&Pin::parse(PIN).expect("a valid PIN"), [3; 16], 1);
        let mut snap = BankSnapshot {
            format: SNAPSHOT_FORMAT,
            settings: self.settings.clone(),
            next_txn_id: 1,
            ..BankSnapshot::default()
        };
        let mut numbers = Vec::with_capacity(self.users + self.extra_cards);
        let mut card = |snap: &mut BankSnapshot, id: CardId, number: CardNumber, owner: usize| {
            snap.users[owner].cards.push(id.clone());
            snap.cards.push(Card {
                number: number.clone(),
                id,
                user: user_id(owner),
                accounts: vec![account_id(owner)],
                pin: pin.clone(),
                status: CardStatus::Active,
                failed_attempts: 0,
                expires: None,
                hold: None,
                retained: None,
                issuer: None,
            });
            numbers.push(number);
        };
        for i in 0..self.users {
            snap.users.push(User {
                id: user_id(i),
                name: format!("User {i}").into(),
                accounts: vec![account_id(i)],
                cards: Vec::new(),
                daily: Default::default(),
            });
            snap.accounts.push(Account {
                id: account_id(i),
                user: user_id(i),
                kind: AccountKind::Checking,
                balance: self.balance,
            });
            card(
                &mut snap,
                card_id('C', i),
                CardNumber::issue("4", i as u64),
                i,
            );
        }
        for j in 0..self.extra_cards {
            let number = CardNumber::issue("5", j as u64);
            card(&mut snap, card_id('X', j), number, j % self.shared_accounts);
        }
        snap.machines = (0..self.machines)
            .map(|k| Machine {
                id: machine_id(k),
                location: "Hall".into(),
                notes: self.notes.clone(),
                in_service: true,
                devices: Default::default(),
                operator: None,
                surcharge: Money::ZERO,
                fees_collected: Money::ZERO,
                skimmer: false,
            })
            .collect();
        (snap, numbers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_t_draws_on_account_t_mod_accounts() {
        let (snap, numbers) = SyntheticBank::users(4).extra_cards(10, 4).snapshot();
        assert_eq!(numbers.len(), 14);
        for (t, number) in numbers.iter().enumerate() {
            let card = snap.cards.iter().find(|c| &c.number == number).unwrap();
            assert_eq!(card.accounts, vec![account_id(t % 4)], "card {t}");
            assert_eq!(card.user, user_id(t % 4), "card {t}");
            assert!(snap.users[t % 4].cards.contains(&card.id), "card {t}");
        }
    }
}
