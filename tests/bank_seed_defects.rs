//! One regression test per defect of the seed note's code (SPEC.md, last section).
#![cfg(not(target_arch = "wasm32"))]

mod common;
use atm_sim::core::ops::{Reply, SessionRequest};
use atm_sim::core::synthetic::{PIN, SyntheticBank, machine_id};
use atm_sim::core::*;
use common::*;
use std::sync::{Arc, Mutex};

#[test]
fn daily_limit_is_per_user_not_per_account() {
    // The note kept the limit on each account; a user with two accounts got twice the limit.
    let bank = bank_from(
        Scenario::from_json(
            r#"{ "users": [ { "id": "U", "name": "Two Accounts",
            "accounts": [ { "id": "X", "balance": "3000.00" }, { "id": "Y", "balance": "3000.00" } ],
            "cards": [ { "number": "4000000000000002", "pin": "1234" } ] } ],
          "machines": [ { "id": "A", "location": "a" } ] }"#,
        )
        .unwrap(),
    );
    let s = login(&bank, "A", "4000000000000002", "1234", t0());
    for account in ["X", "X", "X", "X"] {
        bank.session(
            &m("A"),
            s,
            SessionRequest::Withdraw {
                account: Some(acc(account)),
                amount: dollars(500),
                fee: Money::ZERO,
            },
            t0(),
        )
        .unwrap();
    }
    let other = bank.session(
        &m("A"),
        s,
        SessionRequest::Withdraw {
            account: Some(acc("Y")),
            amount: dollars(20),
            fee: Money::ZERO,
        },
        t0(),
    );
    assert_eq!(
        other.unwrap_err().to_string(),
        "Daily limit exceeded. Remaining: $0.00"
    );
}

#[test]
fn demo_2_withdrawal_completes_instead_of_deadlocking() {
    // The note's withdraw and dispense re-took a non-reentrant lock and hung forever. Run the
    // same withdrawal on another thread and require it to finish.
    let bank = Arc::new(demo());
    let b = bank.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let s = login(&b, "ATM002", "4532111111111111", "5678", t0());
        tx.send(withdraw(&b, "ATM002", s, dollars(300), t0()).is_ok())
            .unwrap();
    });
    assert_eq!(
        rx.recv_timeout(std::time::Duration::from_secs(60)),
        Ok(true)
    );
}

#[test]
fn login_finds_cards_by_hash_lookup_among_many() {
    // The note scanned every user and card under one global lock. Here lookups go through hash
    // indexes: a bank of 20,000 cards finds any of them directly (timings are in the benches).
    let (bank, _) = synthetic(&SyntheticBank::users(20_000).balance(dollars(100)));
    assert_eq!(bank.user_count(), 20_000);
    let last = CardNumber::issue("4", 19_999);
    assert!(matches!(
        bank.enter_pin(&machine_id(0), &last, &pin(PIN), t0()),
        Ok(Reply::LoggedIn { .. })
    ));
}

#[test]
fn a_blocked_card_becomes_active_again() {
    let bank = demo();
    let c = card("4532444444444444");
    for _ in 0..3 {
        let _ = bank.enter_pin(&m("ATM005"), &c, &pin("0000"), t0());
    }
    assert!(matches!(
        bank.card(&c).unwrap().status_at(t0()),
        CardStatus::Blocked { .. }
    ));
    assert_eq!(
        bank.card(&c).unwrap().status_at(t0().plus_secs(1800)),
        CardStatus::Active
    );
    assert!(
        bank.enter_pin(&m("ATM005"), &c, &pin("2222"), t0().plus_secs(1800))
            .is_ok()
    );
}

#[test]
fn a_logged_out_session_cannot_transact() {
    let bank = demo();
    let s = login(&bank, "ATM002", "4532111111111111", "5678", t0());
    bank.session(&m("ATM002"), s, SessionRequest::Logout, t0())
        .unwrap();
    assert_eq!(
        withdraw(&bank, "ATM002", s, dollars(20), t0()).unwrap_err(),
        AtmError::NotLoggedIn
    );
    assert_eq!(
        bank.account(&acc("ACC002")).unwrap().balance,
        dollars(1_500)
    );
}

#[test]
fn cash_check_and_dispense_are_one_step() {
    // Two sessions race for a machine holding $100: exactly one $100 leaves it. The customers
    // have money and limit to spare, so only the machine's cash is contested.
    let bank = Arc::new(bank_from(
        Scenario::from_json(
            r#"{ "settings": { "daily_limit": "1000000.00" }, "users": [
              { "id": "U1", "name": "One", "accounts": [ { "id": "A1", "balance": "100000.00" } ], "cards": [ { "number": "4000000000000002", "pin": "1234" } ] },
              { "id": "U2", "name": "Two", "accounts": [ { "id": "A2", "balance": "100000.00" } ], "cards": [ { "number": "4000000000000010", "pin": "1234" } ] } ],
            "machines": [ { "id": "A", "location": "a", "notes": { "50": 2 } } ] }"#,
        )
        .unwrap(),
    ));
    for _ in 0..50 {
        let bank2 = bank.clone();
        let s1 = login(&bank, "A", "4000000000000002", "1234", t0());
        let s2 = login(&bank, "A", "4000000000000010", "1234", t0());
        let t = std::thread::spawn(move || withdraw(&bank2, "A", s1, dollars(100), t0()).is_ok());
        let mine = withdraw(&bank, "A", s2, dollars(100), t0()).is_ok();
        let theirs = t.join().unwrap();
        assert!(mine ^ theirs, "exactly one of the two got the last $100");
        assert_eq!(bank.machine(&m("A")).unwrap().notes.total(), Money::ZERO);
        bank.refill(&m("A"), &Notes([(50, 2)].into_iter().collect()), t0())
            .unwrap();
        for s in [s1, s2] {
            bank.session(&m("A"), s, SessionRequest::Logout, t0())
                .unwrap();
        }
    }
}

#[test]
fn no_pin_is_stored_or_journaled_in_clear() {
    let bank = demo();
    let _ = bank.enter_pin(&m("ATM001"), &card("4532123456789012"), &pin("7351"), t0());
    let s = login(&bank, "ATM001", "4532123456789012", "1234", t0());
    bank.session(
        &m("ATM001"),
        s,
        SessionRequest::ChangePin {
            new_pin: pin("864213"),
        },
        t0(),
    )
    .unwrap();
    let json = bank.snapshot().to_json();
    for secret in [
        "7351",
        "864213",
        "\"1234\"",
        "\"5678\"",
        "\"pin\": \"",
        "\"pin\":\"",
    ] {
        assert!(!json.contains(secret), "{secret} found in the stored bank");
    }
    let journal: String = bank.journal().iter().map(|j| j.to_string()).collect();
    assert!(!journal.contains("7351") && !journal.contains("864213"));
}

#[test]
fn observers_are_not_added_twice() {
    let bank = demo();
    let got = Arc::new(Mutex::new(0));
    for _ in 0..3 {
        let g = got.clone();
        bank.subscribe(Arc::new(ChannelNotifier::email(Arc::new(move |_| {
            *g.lock().unwrap() += 1
        }))));
    }
    let s = login(&bank, "ATM002", "4532111111111111", "5678", t0());
    withdraw(&bank, "ATM002", s, dollars(300), t0()).unwrap();
    // One login email and one withdrawal email, not three of each.
    assert_eq!(*got.lock().unwrap(), 2);
}
