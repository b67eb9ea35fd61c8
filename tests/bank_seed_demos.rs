//! The seed note's five demos, corrected as SPEC.md says, with its exact messages.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use atm_sim::core::ops::Reply;
use atm_sim::core::*;
use common::*;
use std::sync::{Arc, Mutex};

#[test]
fn demo_1_login_and_balance() {
    let bank = demo();
    let s = login(&bank, "ATM001", "4532123456789012", "1234", t0());
    assert_eq!(
        balance(&bank, "ATM001", s, t0()).unwrap().to_string(),
        "$1,500.00"
    );
}

#[test]
fn demo_2_withdrawal_moves_balance_cash_and_notifies() {
    let bank = demo();
    let got = Arc::new(Mutex::new(Vec::<Message>::new()));
    let sink = got.clone();
    bank.subscribe(Arc::new(ChannelNotifier::sms(Arc::new(move |msg| {
        sink.lock().unwrap().push(msg)
    }))));
    let s = login(&bank, "ATM002", "4532111111111111", "5678", t0());
    match withdraw(&bank, "ATM002", s, dollars(300), t0()).unwrap() {
        Reply::Dispensed { balance, notes, .. } => {
            assert_eq!(balance.to_string(), "$1,200.00");
            assert_eq!(notes.total(), dollars(300));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        bank.account(&acc("ACC002")).unwrap().balance.to_string(),
        "$1,200.00"
    );
    assert_eq!(
        bank.machine(&m("ATM002"))
            .unwrap()
            .notes
            .total()
            .to_string(),
        "$9,700.00"
    );
    let got = got.lock().unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].channel, Channel::Sms);
    match &got[0].event {
        BankEvent::Withdrawal {
            holder,
            amount,
            balance,
            ..
        } => {
            assert_eq!(holder.card.to_string(), "•••• 1111");
            assert_eq!(amount.to_string(), "$300.00");
            assert_eq!(balance.to_string(), "$1,200.00");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn demo_3_insufficient_funds_changes_nothing() {
    let bank = demo();
    let s = login(&bank, "ATM003", "4532222222222222", "9999", t0());
    let before = state_without_journal(&bank);
    let err = withdraw(&bank, "ATM003", s, dollars(500), t0()).unwrap_err();
    assert_eq!(err.to_string(), "Insufficient funds");
    // Only the session's last-activity stamp and the card's hold moved; money did not.
    assert_eq!(
        bank.account(&acc("ACC003")).unwrap().balance.to_string(),
        "$200.00"
    );
    assert_eq!(
        bank.machine(&m("ATM003")).unwrap().notes.total(),
        dollars(10_000)
    );
    assert_eq!(
        balance(&bank, "ATM003", s, t0()).unwrap().to_string(),
        "$200.00"
    );
    let after = state_without_journal(&bank);
    assert_eq!(
        before, after,
        "a refused withdrawal at the same instant leaves every record as it was"
    );
}

#[test]
fn demo_4_daily_limit_says_what_remains() {
    let bank = demo();
    let s = login(&bank, "ATM004", "4532333333333333", "1111", t0());
    let err = withdraw(&bank, "ATM004", s, dollars(300), t0()).unwrap_err();
    assert_eq!(err.to_string(), "Daily limit exceeded. Remaining: $200.00");
    assert_eq!(
        bank.account(&acc("ACC004")).unwrap().balance,
        dollars(3_000)
    );
    assert_eq!(
        bank.machine(&m("ATM004")).unwrap().notes.total(),
        dollars(10_000)
    );
    assert!(withdraw(&bank, "ATM004", s, dollars(200), t0()).is_ok());
}

#[test]
fn demo_5_three_wrong_pins_block_the_card() {
    let bank = demo();
    let (machine, number) = (m("ATM005"), card("4532444444444444"));
    bank.insert_card(&machine, &number, t0()).unwrap();
    let e1 = bank
        .enter_pin(&machine, &number, &pin("9999"), t0())
        .unwrap_err();
    assert_eq!(e1.to_string(), "Incorrect PIN. 2 tries remaining");
    let e2 = bank
        .enter_pin(&machine, &number, &pin("3333"), t0())
        .unwrap_err();
    assert_eq!(e2.to_string(), "Incorrect PIN. 1 try remaining");
    let e3 = bank
        .enter_pin(&machine, &number, &pin("4444"), t0())
        .unwrap_err();
    // 09:00 UTC-05:00 plus 30 minutes; the bank's zone is the scenario's.
    assert_eq!(e3.to_string(), "Incorrect PIN. Card blocked until 09:30");
    assert!(e3.ejects_card());
    let again = bank
        .insert_card(&machine, &number, t0().plus_secs(60))
        .unwrap_err();
    assert_eq!(again.to_string(), "Card blocked. Try again after 09:30");
    let right = bank
        .enter_pin(&machine, &number, &pin("2222"), t0().plus_secs(60))
        .unwrap_err();
    assert_eq!(right.to_string(), "Card blocked. Try again after 09:30");
}
