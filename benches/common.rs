//! Builds banks of any size straight from records, for benchmarks.
#![allow(dead_code)]

use atm_core::*;
use std::sync::Arc;

pub const PIN: &str = "1234";

pub fn now() -> Timestamp {
    Timestamp::from_millis(1_764_000_000_000)
}

/// `users` users, each with one account and one card, and `machines` well-stocked machines.
/// `cards_per_account` > 1 puts several cards on the first accounts (for thread benchmarks).
/// The PIN hash is computed once with one iteration and shared: these benchmarks measure the
/// bank (lookups, locks, decisions), and `pin_hash_verify` measures PBKDF2 on its own.
pub fn bank(
    users: usize,
    machines: usize,
    extra_cards: usize,
    shared_accounts: usize,
) -> (Bank, Vec<CardNumber>) {
    let pin_hash = PinHash::with_iterations(&Pin::parse(PIN).unwrap(), [3; 16], 1);
    let mut snap = BankSnapshot {
        format: snapshot::SNAPSHOT_FORMAT,
        settings: Settings {
            daily_limit: Money::from_dollars(1_000_000_000),
            ..Settings::default()
        },
        next_txn_id: 1,
        ..BankSnapshot::default()
    };
    let mut numbers = Vec::with_capacity(users + extra_cards);
    for i in 0..users {
        let (user, account, id) = (
            UserId(format!("U{i}")),
            AccountId(format!("A{i}")),
            CardId(format!("C{i}")),
        );
        let number = CardNumber::issue("4", i as u64);
        snap.users.push(User {
            id: user.clone(),
            name: format!("User {i}"),
            accounts: vec![account.clone()],
            cards: vec![id.clone()],
            daily: Default::default(),
        });
        snap.accounts.push(Account {
            id: account.clone(),
            user: user.clone(),
            kind: AccountKind::Checking,
            balance: Money::from_dollars(1_000_000),
        });
        snap.cards.push(Card {
            number: number.clone(),
            id,
            user,
            accounts: vec![account],
            pin: pin_hash.clone(),
            status: CardStatus::Active,
            failed_attempts: 0,
            expires: None,
            hold: None,
        });
        numbers.push(number);
    }
    for j in 0..extra_cards {
        let owner = j % shared_accounts.max(1);
        let id = CardId(format!("X{j}"));
        let number = CardNumber::issue("5", j as u64);
        snap.users[owner].cards.push(id.clone());
        snap.cards.push(Card {
            number: number.clone(),
            id,
            user: UserId(format!("U{owner}")),
            accounts: vec![AccountId(format!("A{owner}"))],
            pin: pin_hash.clone(),
            status: CardStatus::Active,
            failed_attempts: 0,
            expires: None,
            hold: None,
        });
        numbers.push(number);
    }
    for k in 0..machines {
        let notes = Notes([(20, 100_000), (50, 100_000)].into_iter().collect());
        snap.machines.push(Machine {
            id: MachineId(format!("M{k}")),
            location: "Hall".into(),
            notes,
            in_service: true,
        });
    }
    (
        Bank::from_snapshot(snap, Arc::new(SeededEntropy::new(11))).unwrap(),
        numbers,
    )
}

pub fn login(bank: &Bank, machine: &MachineId, card: &CardNumber) -> SessionId {
    match bank.enter_pin(machine, card, &Pin::parse(PIN).unwrap(), now()) {
        Ok(ops::Reply::LoggedIn { session, .. }) => session,
        other => panic!("login failed: {other:?}"),
    }
}

/// A spread of indexes over `n` that defeats the cache the way real traffic would.
pub fn scatter(i: u64, n: usize) -> usize {
    (i.wrapping_mul(2_654_435_761) % n as u64) as usize
}
