//! The in-memory store (the browser's fallback) natively: the demo bank, whole-bank replace,
//! a bad snapshot refused whole, and notifiers that survive a replace.
#![cfg(not(target_arch = "wasm32"))]

use atm_sim::core::ops::{CardRequest, Reply, SessionRequest};
use atm_sim::core::*;
use atm_sim::store::entropy::SeededEntropy;
use atm_sim::store::{MemoryStore, StoreError};
use std::sync::{Arc, Mutex};

fn store() -> MemoryStore {
    let entropy: Arc<dyn Entropy> = Arc::new(SeededEntropy::new(5));
    let built = Scenario::demo()
        .build(
            Timestamp::from_millis(1_764_000_000_000),
            UtcOffset::UTC,
            entropy.as_ref(),
        )
        .unwrap();
    MemoryStore::new(built.snapshot, entropy).unwrap()
}

#[test]
fn demo_bank_wallet_and_a_withdrawal() {
    let s = store();
    let now = Timestamp::from_millis(1_764_000_000_000);
    let wallet = s.wallet(now);
    assert_eq!(wallet.len(), 6);
    assert!(
        wallet.iter().any(|c| c.number.last4() == "1111"
            && c.holder == "Jane Smith"
            && c.in_machine.is_none())
    );
    let (atm, card) = (
        MachineId("ATM002".into()),
        CardNumber::parse("4532111111111111").unwrap(),
    );
    let Reply::LoggedIn { session, .. } = s
        .card(
            &atm,
            &card,
            CardRequest::EnterPin(Pin::parse("5678").unwrap()),
            now,
        )
        .outcome
        .unwrap()
    else {
        panic!("login")
    };
    assert_eq!(
        s.wallet(now)
            .iter()
            .find(|c| c.number == card)
            .unwrap()
            .in_machine,
        Some(atm.clone())
    );
    s.session(
        &atm,
        session,
        SessionRequest::Withdraw {
            account: None,
            amount: Money::from_dollars(300),
            fee: Money::ZERO,
        },
        now,
    )
    .outcome
    .unwrap();
    assert_eq!(
        s.machine(&atm).unwrap().notes.total(),
        Money::from_dollars(9_700)
    );
    let err = s.session(
        &atm,
        session,
        SessionRequest::Withdraw {
            account: None,
            amount: Money::from_dollars(30),
            fee: Money::ZERO,
        },
        now,
    );
    assert!(matches!(err.outcome, Err(AtmError::NotesCannotMake { .. })));
    // A refusal is activity too: it carries the deadline it moved.
    assert_eq!(err.deadline, Some(now.plus_secs(300)));
    assert_eq!(
        s.journal(1)[0].draft.operation,
        journal::Operation::Withdraw {
            amount: Money::from_dollars(30)
        }
    );
}

#[test]
fn replace_keeps_subscribers_and_refuses_a_bad_snapshot_whole() {
    let s = store();
    let got = Arc::new(Mutex::new(0));
    let g = got.clone();
    s.notifiers()
        .subscribe(Arc::new(ChannelNotifier::push(Arc::new(move |_| {
            *g.lock().unwrap() += 1
        }))));
    let exported = s.export();
    let mut broken = exported.clone();
    broken.accounts[0].balance = Money::from_cents(-1);
    assert!(matches!(
        s.replace(broken),
        Err(StoreError::Rule(AtmError::Invalid { .. }))
    ));
    assert_eq!(s.export(), exported, "a refused import changes nothing");
    s.replace(exported.clone()).unwrap();
    assert_eq!(
        s.export().to_json(),
        exported.to_json(),
        "export → import is identical"
    );
    let now = Timestamp::from_millis(1_764_000_000_000);
    let card = CardNumber::parse("4532123456789012").unwrap();
    s.card(
        &MachineId("ATM001".into()),
        &card,
        CardRequest::EnterPin(Pin::parse("1234").unwrap()),
        now,
    )
    .outcome
    .unwrap();
    assert_eq!(
        *got.lock().unwrap(),
        1,
        "the login push reached the subscriber after the replace"
    );
}

/// A wallet card says when time alone changes what it shows (its hold lapses, its block ends),
/// so the wallet reads the bank again at that moment instead of every second.
#[test]
fn a_wallet_card_says_when_time_alone_changes_it() {
    let s = store();
    let now = Timestamp::from_millis(1_764_000_000_000);
    let shown = |number: &CardNumber, at: Timestamp| {
        s.wallet(at)
            .into_iter()
            .find(|c| &c.number == number)
            .unwrap()
    };
    let atm = MachineId("ATM001".into());
    let held = CardNumber::parse("4532123456789012").unwrap();
    assert_eq!(shown(&held, now).changes_at, None);
    let Reply::LoggedIn {
        session, deadline, ..
    } = s
        .card(
            &atm,
            &held,
            CardRequest::EnterPin(Pin::parse("1234").unwrap()),
            now,
        )
        .outcome
        .unwrap()
    else {
        panic!("login")
    };
    let in_use = shown(&held, now);
    assert_eq!(in_use.in_machine, Some(atm.clone()));
    assert_eq!(in_use.changes_at, Some(deadline));
    // Activity moves the hold, so the moment moves too; what the card shows does not.
    let later = now.plus_secs(60);
    s.session(
        &atm,
        session,
        SessionRequest::Balance { account: None },
        later,
    )
    .outcome
    .unwrap();
    let moved = shown(&held, later);
    assert_eq!(moved.changes_at, Some(deadline.plus_secs(60)));
    assert_eq!(moved, in_use, "equal: they show the same");
    let lapsed = shown(&held, deadline.plus_secs(60));
    assert_eq!(lapsed.in_machine, None);
    assert_eq!(lapsed.changes_at, None);

    let blocked = CardNumber::parse("4532444444444444").unwrap();
    let wrong = || CardRequest::EnterPin(Pin::parse("9999").unwrap());
    let machine = MachineId("ATM002".into());
    for _ in 0..3 {
        assert!(s.card(&machine, &blocked, wrong(), now).outcome.is_err());
    }
    let card = shown(&blocked, now);
    let CardStatus::Blocked { until } = card.status else {
        panic!("the third wrong PIN blocks the card")
    };
    assert_eq!(card.changes_at, Some(until));
    let free = shown(&blocked, until);
    assert_eq!(free.status, CardStatus::Active);
    assert_eq!(free.changes_at, None);
}
