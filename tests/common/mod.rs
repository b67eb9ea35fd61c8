//! Shared set-up for the in-memory bank's tests: the demo bank at a fixed clock, and logins.
#![allow(dead_code)]

use atm_sim::core::ops::{Reply, SessionRequest};
use atm_sim::core::synthetic::SyntheticBank;
use atm_sim::core::*;
pub use atm_sim::store::entropy::SeededEntropy;
pub use atm_sim::store::memory::Bank;
use std::sync::Arc;

/// 2026-11-24 09:00 in UTC-05:00, the scenario format's example clock.
pub const CLOCK: &str = "2026-11-24T09:00:00-05:00";

pub fn t0() -> Timestamp {
    Timestamp::parse_rfc3339(CLOCK).unwrap().0
}

pub fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).unwrap().0
}

pub fn bank_from(mut scenario: Scenario) -> Bank {
    scenario.clock = Some(CLOCK.to_string());
    let entropy = Arc::new(SeededEntropy::new(7));
    let built = scenario
        .build(t0(), UtcOffset::UTC, entropy.as_ref())
        .unwrap();
    Bank::from_snapshot(built.snapshot, entropy).unwrap()
}

/// A synthetic bank (see `atm_sim::core::synthetic`) with seeded session ids, and every card's
/// number.
pub fn synthetic(bank: &SyntheticBank) -> (Bank, Vec<CardNumber>) {
    let (snapshot, numbers) = bank.snapshot();
    let entropy = Arc::new(SeededEntropy::new(11));
    let bank = Bank::from_snapshot(snapshot, entropy).expect("synthetic records are consistent");
    (bank, numbers)
}

pub fn demo() -> Bank {
    bank_from(Scenario::demo())
}

pub fn card(n: &str) -> CardNumber {
    CardNumber::parse(n).unwrap()
}

pub fn pin(p: &str) -> Pin {
    Pin::parse(p).unwrap()
}

pub fn m(id: &str) -> MachineId {
    MachineId(id.into())
}

pub fn acc(id: &str) -> AccountId {
    AccountId(id.into())
}

pub fn dollars(d: i64) -> Money {
    Money::from_dollars(d)
}

pub fn login(bank: &Bank, machine: &str, number: &str, p: &str, now: Timestamp) -> SessionId {
    bank.insert_card(&m(machine), &card(number), now).unwrap();
    match bank
        .enter_pin(&m(machine), &card(number), &pin(p), now)
        .unwrap()
    {
        Reply::LoggedIn { session, .. } => session,
        other => panic!("expected a login, got {other:?}"),
    }
}

pub fn withdraw(
    bank: &Bank,
    machine: &str,
    s: SessionId,
    amount: Money,
    now: Timestamp,
) -> Result<Reply, AtmError> {
    bank.session(
        &m(machine),
        s,
        SessionRequest::Withdraw {
            account: None,
            amount,
            fee: Money::ZERO,
        },
        now,
    )
}

pub fn balance(
    bank: &Bank,
    machine: &str,
    s: SessionId,
    now: Timestamp,
) -> Result<Money, AtmError> {
    match bank.session(
        &m(machine),
        s,
        SessionRequest::Balance { account: None },
        now,
    )? {
        Reply::Balance { balance, .. } => Ok(balance),
        other => panic!("expected a balance, got {other:?}"),
    }
}

/// Everything but the journal, as canonical JSON: what "the bank did not change" compares.
pub fn state_without_journal(bank: &Bank) -> String {
    let mut s = bank.snapshot();
    s.journal.clear();
    s.to_json()
}
