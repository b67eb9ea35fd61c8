//! Builds banks of any size straight from records, for benchmarks.
#![allow(dead_code)]

use atm_sim::core::synthetic::{PIN, SyntheticBank};
use atm_sim::core::*;
use atm_sim::store::entropy::SeededEntropy;
pub use atm_sim::store::memory::Bank;
use std::sync::Arc;

pub fn now() -> Timestamp {
    Timestamp::from_millis(1_764_000_000_000)
}

/// `users` users, each with one account and one card, and `machines` well-stocked machines.
/// `extra_cards` more cards go on the first `shared_accounts` accounts (for thread benchmarks).
/// Every card shares one 1-iteration PIN hash (see `atm_sim::core::synthetic`): these benchmarks
/// measure the bank (lookups, locks, decisions), and `pin_hash_verify` measures PBKDF2 on its own.
pub fn bank(
    users: usize,
    machines: usize,
    extra_cards: usize,
    shared_accounts: usize,
) -> (Bank, Vec<CardNumber>) {
    let (snapshot, cards) = SyntheticBank::users(users)
        .balance(Money::from_dollars(1_000_000))
        .extra_cards(extra_cards, shared_accounts)
        .machines(
            machines,
            Notes([(20, 100_000), (50, 100_000)].into_iter().collect()),
        )
        .settings(Settings {
            daily_limit: Money::from_dollars(1_000_000_000),
            ..Settings::default()
        })
        .snapshot();
    let entropy = Arc::new(SeededEntropy::new(11));
    let bank = Bank::from_snapshot(snapshot, entropy).expect("synthetic records are consistent");
    (bank, cards)
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
