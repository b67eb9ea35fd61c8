//! The in-memory bank's own behaviour: what it writes back after a decision, and a bank
//! restored from its snapshot.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use atm_sim::core::ops::{Reply, SessionRequest};
use atm_sim::core::session::EndReason;
use atm_sim::core::synthetic::{PIN, SyntheticBank, account_id, machine_id, user_id};
use atm_sim::core::*;
use common::{Bank, SeededEntropy, synthetic};
use std::sync::{Arc, Mutex};

fn now() -> Timestamp {
    Timestamp::from_millis(1_764_000_000_000)
}

fn login(bank: &Bank, card: &CardNumber) -> SessionId {
    match bank.enter_pin(&machine_id(0), card, &Pin::parse(PIN).unwrap(), now()) {
        Ok(Reply::LoggedIn { session, .. }) => session,
        other => panic!("login failed: {other:?}"),
    }
}

/// A withdrawal writes back the user's daily total and leaves the rest of the record as it was.
#[test]
fn a_withdrawal_counts_the_day_and_keeps_the_users_lists() {
    let (bank, cards) = synthetic(&SyntheticBank::users(3).extra_cards(1, 1));
    let before = bank.user(&user_id(0)).unwrap();
    assert_eq!(before.cards.len(), 2);
    let s = login(&bank, &cards[0]);
    let withdraw = SessionRequest::Withdraw {
        account: None,
        amount: Money::from_dollars(40),
        fee: Money::ZERO,
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

/// A logout and a timer's tick name the holder in their events and leave the user's record,
/// daily total included, exactly as the withdrawal before them left it.
#[test]
fn a_session_ends_naming_its_holder_without_touching_the_user() {
    let (bank, cards) = synthetic(&SyntheticBank::users(3));
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
        fee: Money::ZERO,
    };
    bank.session(&machine_id(0), s, withdraw, now()).unwrap();
    let after_withdrawal = bank.user(&user_id(1)).unwrap();
    assert_ne!(after_withdrawal, user);
    assert_eq!(
        bank.session(&machine_id(0), s, SessionRequest::Logout, now()),
        Ok(Reply::Ended {
            reason: EndReason::Logout
        })
    );
    assert_eq!(
        ended(EndReason::Logout),
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
            reason: EndReason::Timeout
        })
    );
    assert_eq!(
        ended(EndReason::Timeout),
        vec![(user.id.clone(), user.name.clone())]
    );
    assert_eq!(bank.user(&user_id(1)).unwrap(), after_withdrawal);
}

/// A session restored from a snapshot finds its card and user again: its logout releases
/// the card it holds, and the card can log in at once.
#[test]
fn a_restored_session_still_reaches_its_card() {
    let (bank, cards) = synthetic(&SyntheticBank::users(50));
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

/// A card number belongs to one card: issuing it again is refused and leaves the bank's cards
/// as they were; a new number gives a card found by its number.
#[test]
fn a_card_number_is_issued_once() {
    let (bank, cards) = synthetic(&SyntheticBank::users(2));
    let before = bank.snapshot().cards;
    let pin = Pin::parse("9876").unwrap();
    let again = bank.issue_card(
        &user_id(1),
        Some(cards[0].clone()),
        &pin,
        vec![account_id(1)],
        now(),
    );
    assert!(
        matches!(again, Err(AtmError::Duplicate { what: "card", .. })),
        "{again:?}"
    );
    assert_eq!(bank.snapshot().cards, before);
    let issued = bank
        .issue_card(&user_id(1), None, &pin, vec![account_id(1)], now())
        .unwrap();
    assert_eq!(bank.card(&issued).unwrap().user, user_id(1));
    assert_eq!(bank.snapshot().cards.len(), 3);
}

#[test]
fn every_card_logs_in_with_the_one_pin() {
    let (bank, numbers) = synthetic(&SyntheticBank::users(3).extra_cards(2, 1));
    let now = Timestamp::from_millis(1_700_000_000_000);
    let pin = Pin::parse(PIN).unwrap();
    for number in &numbers {
        let Ok(Reply::LoggedIn { session, .. }) = bank.enter_pin(&machine_id(0), number, &pin, now)
        else {
            panic!("card {number} did not log in");
        };
        bank.session(&machine_id(0), session, SessionRequest::Logout, now)
            .unwrap();
    }
}
