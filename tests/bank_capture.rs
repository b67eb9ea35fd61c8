//! What a machine takes back and what it tells (SPEC.md "Card capture", "The machine's devices"):
//! a card not taken, cash not taken (the withdrawal reversed), the last wrong PIN with
//! `retain_on_block`, the question before a transaction without a receipt, the deposit slot's
//! own limits, and the journal entries, events and answers every fault gives.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use atm_sim::core::events::ReversalReason;
use atm_sim::core::journal::{Operation, Outcome};
use atm_sim::core::machine::{Device, Fault, FaultKind};
use atm_sim::core::ops::{CardRequest, MAX_DEPOSIT_NOTES, Reply, SessionRequest, TAKE_WITHIN_SECS};
use atm_sim::core::*;
use common::*;
use std::sync::{Arc, Mutex};

const CARD: &str = "4000056655665556";
const PIN: &str = "1234";

/// One customer with $1,000 and a machine with 100 × $20 and 20 × $50 ($3,000).
fn bank() -> Bank {
    bank_from(
        Scenario::from_json(
            r#"{
      "users": [ { "id": "U1", "name": "Pat", "accounts": [ { "id": "CHK", "balance": "1000.00" } ],
                   "cards": [ { "number": "4000056655665556", "pin": "1234" } ] } ],
      "machines": [ { "id": "ATM009", "location": "Station", "notes": { "20": 100, "50": 20 } } ]
    }"#,
        )
        .unwrap(),
    )
}

/// Every event the bank publishes, in order.
#[derive(Default)]
struct Recorder(Mutex<Vec<BankEvent>>);

impl Notifier for Recorder {
    fn name(&self) -> &str {
        "recorder"
    }
    fn notify(&self, event: &BankEvent) {
        self.0.lock().unwrap().push(event.clone());
    }
}

fn recorded(bank: &Bank) -> Arc<Recorder> {
    let r = Arc::new(Recorder::default());
    bank.subscribe(r.clone());
    r
}

fn events(r: &Recorder) -> Vec<BankEvent> {
    std::mem::take(&mut *r.0.lock().unwrap())
}

fn atm(bank: &Bank) -> Machine {
    bank.machine(&m("ATM009")).unwrap()
}

fn balance_of(bank: &Bank) -> Money {
    bank.account(&acc("CHK")).unwrap().balance
}

fn today(bank: &Bank, now: Timestamp) -> Money {
    let offset = bank.settings().utc_offset;
    bank.user(&UserId::from("U1"))
        .unwrap()
        .daily
        .on(now, offset)
}

fn last_op(bank: &Bank) -> (Operation, Outcome) {
    let e = bank.journal().pop().unwrap();
    (e.draft.operation, e.draft.outcome)
}

fn capture(bank: &Bank, now: Timestamp) -> Answer {
    bank.answer_card(&m("ATM009"), &card(CARD), CardRequest::Capture, now)
}

fn retract(bank: &Bank, s: SessionId, now: Timestamp) -> Result<Reply, AtmError> {
    bank.session(&m("ATM009"), s, SessionRequest::Retract, now)
}

fn secs(n: i64) -> Timestamp {
    t0().plus_secs(n)
}

#[test]
fn a_card_not_taken_is_retained_and_the_holder_told() {
    let bank = bank();
    let r = recorded(&bank);
    let s = login(&bank, "ATM009", CARD, PIN, t0());
    bank.session(&m("ATM009"), s, SessionRequest::Logout, t0())
        .unwrap();
    events(&r);
    let answer = capture(&bank, secs(TAKE_WITHIN_SECS));
    assert_eq!(
        answer.outcome,
        Ok(Reply::Captured {
            machine: m("ATM009")
        })
    );
    assert_eq!(bank.card(&card(CARD)).unwrap().retained, Some(m("ATM009")));
    assert_eq!(last_op(&bank), (Operation::CaptureCard, Outcome::Ok));
    assert!(matches!(
        events(&r).as_slice(),
        [BankEvent::CardRetained { holder, machine, .. }]
            if machine == &m("ATM009") && holder.card.last4() == "5556"
    ));
    // Kept until the back office gives it back.
    let kept = AtmError::CardRetained {
        machine: m("ATM009"),
    };
    assert_eq!(
        bank.insert_card(&m("ATM009"), &card(CARD), secs(60)),
        Err(kept)
    );
    bank.return_card(&card(CARD), secs(61)).unwrap();
    assert_eq!(
        bank.insert_card(&m("ATM009"), &card(CARD), secs(62)),
        Ok(Reply::CardAccepted)
    );
}

#[test]
fn cash_not_taken_goes_back_and_the_withdrawal_is_reversed_once() {
    let bank = bank();
    let r = recorded(&bank);
    let s = login(&bank, "ATM009", CARD, PIN, t0());
    let Ok(Reply::Dispensed { notes, .. }) = withdraw(&bank, "ATM009", s, dollars(120), t0())
    else {
        panic!("expected cash")
    };
    assert_eq!(balance_of(&bank), dollars(880));
    assert_eq!(today(&bank, t0()), dollars(120));
    // The card can come out first: the session is over, the cash still waits.
    bank.session(&m("ATM009"), s, SessionRequest::Logout, secs(5))
        .unwrap();
    events(&r);
    let before = state_without_journal(&bank);

    // One second early: refused, nothing moves.
    let early = retract(&bank, s, secs(TAKE_WITHIN_SECS - 1)).unwrap_err();
    assert!(
        matches!(&early, AtmError::Invalid { field, .. } if field == "retract"),
        "{early}"
    );
    assert_eq!(state_without_journal(&bank), before);

    assert_eq!(
        retract(&bank, s, secs(TAKE_WITHIN_SECS)),
        Ok(Reply::Retracted {
            account: acc("CHK"),
            amount: dollars(120),
            balance: dollars(1_000),
        })
    );
    // The account and the day's total are as before; the notes are in the reject bin, so the
    // machine still holds its $3,000 minus nothing.
    assert_eq!(balance_of(&bank), dollars(1_000));
    assert_eq!(today(&bank, secs(30)), Money::ZERO);
    let machine = atm(&bank);
    assert_eq!(machine.devices.reject_bin, notes);
    assert_eq!(
        machine.notes.total().cents() + machine.devices.reject_bin.total().cents(),
        dollars(3_000).cents()
    );
    let history = bank.history(&acc("CHK"), 2);
    assert_eq!(
        history
            .iter()
            .map(|t| (t.kind, t.amount))
            .collect::<Vec<_>>(),
        [
            (TxnKind::Reversal, dollars(120)),
            (TxnKind::Withdrawal, dollars(120))
        ]
    );
    assert_eq!(
        last_op(&bank),
        (
            Operation::RetractCash {
                amount: dollars(120)
            },
            Outcome::Ok
        )
    );
    assert!(matches!(
        events(&r).as_slice(),
        [BankEvent::Reversal { amount, reason: ReversalReason::CashNotTaken, .. }]
            if *amount == dollars(120)
    ));
    // Once only.
    let after = state_without_journal(&bank);
    assert!(retract(&bank, s, secs(90)).is_err());
    assert_eq!(state_without_journal(&bank), after);
}

#[test]
fn the_last_wrong_pin_ejects_by_default_and_retains_with_the_setting() {
    for retain in [false, true] {
        let bank = bank();
        bank.update_settings(
            Settings {
                retain_on_block: retain,
                ..bank.settings()
            },
            t0(),
        )
        .unwrap();
        bank.insert_card(&m("ATM009"), &card(CARD), t0()).unwrap();
        let mut last = Ok(Reply::CardAccepted);
        for _ in 0..3 {
            last = bank.enter_pin(&m("ATM009"), &card(CARD), &pin("9999"), t0());
        }
        let record = bank.card(&card(CARD)).unwrap();
        let e = last.unwrap_err();
        assert_eq!(ResponseCode::of(&e).code(), "75");
        if retain {
            assert!(
                matches!(&e, AtmError::BlockedAndRetained { machine, .. } if machine == &m("ATM009"))
            );
            assert!(!e.ejects_card());
            assert_eq!(record.retained, Some(m("ATM009")));
            assert!(e.to_string().contains("retained by ATM009"), "{e}");
        } else {
            assert!(matches!(e, AtmError::BlockedNow { .. }));
            assert!(e.ejects_card());
            assert_eq!(record.retained, None);
        }
        assert!(matches!(record.status, CardStatus::Blocked { .. }));
    }
}

#[test]
fn without_paper_the_login_says_no_receipt_can_be_printed() {
    for (paper, fault, receipt) in [
        (None, None, true),
        (Some(1), None, true),
        (Some(0), None, false),
        (None, Some(FaultKind::OutOfPaper), false),
    ] {
        let mut scenario = Scenario::from_json(&format!(
            r#"{{ "users": [ {{ "id": "U1", "name": "Pat",
                 "accounts": [ {{ "id": "CHK", "balance": "1000.00" }} ],
                 "cards": [ {{ "number": "{CARD}", "pin": "{PIN}" }} ] }} ],
               "machines": [ {{ "id": "ATM009", "location": "Station"{} }} ] }}"#,
            paper.map_or(String::new(), |p| format!(r#", "receipt_paper": {p}"#))
        ))
        .unwrap();
        if let Some(kind) = fault {
            scenario.faults = serde_json::from_value(serde_json::json!([
                { "machine": "ATM009", "device": "printer", "kind": kind.name() }
            ]))
            .unwrap();
        }
        let bank = bank_from(scenario);
        bank.insert_card(&m("ATM009"), &card(CARD), t0()).unwrap();
        let Ok(Reply::LoggedIn { receipt: said, .. }) =
            bank.enter_pin(&m("ATM009"), &card(CARD), &pin(PIN), t0())
        else {
            panic!("expected a login")
        };
        assert_eq!(said, receipt, "paper {paper:?}, fault {fault:?}");
    }
}

#[test]
fn the_deposit_slot_has_its_own_message_and_takes_at_most_50_notes() {
    let bank = bank();
    let s = login(&bank, "ATM009", CARD, PIN, t0());
    let deposit = |amount| {
        bank.session(
            &m("ATM009"),
            s,
            SessionRequest::Deposit {
                account: None,
                amount,
            },
            t0(),
        )
    };
    let odd = deposit(dollars(30)).unwrap_err();
    assert_eq!(odd.to_string(), "This ATM accepts $20 and $50 notes");
    assert_eq!(ResponseCode::of(&odd).code(), "13");
    // 50 × $50 fits; $2,520 needs 51 notes ($2,500 + one $20).
    assert_eq!(MAX_DEPOSIT_NOTES, 50);
    let before = state_without_journal(&bank);
    assert_eq!(
        deposit(dollars(2_520)),
        Err(AtmError::DepositTooManyNotes { max: 50 })
    );
    assert_eq!(
        AtmError::DepositTooManyNotes { max: 50 }.to_string(),
        "The deposit slot takes at most 50 notes"
    );
    assert_eq!(state_without_journal(&bank), before);
    assert!(matches!(
        deposit(dollars(2_500)),
        Ok(Reply::Deposited { amount, .. }) if amount == dollars(2_500)
    ));
    // The dispenser keeps its own message.
    assert_eq!(
        withdraw(&bank, "ATM009", s, dollars(30), t0())
            .unwrap_err()
            .to_string(),
        "This ATM pays in $20 and $50 notes. Choose an amount they can make"
    );
}

#[test]
fn every_fault_that_strikes_is_answered_journaled_and_raised() {
    let bank = bank();
    let r = recorded(&bank);
    let jam = Fault {
        kind: FaultKind::Jam,
        times: Some(1),
    };
    bank.set_fault(&m("ATM009"), Device::Dispenser, jam, t0())
        .unwrap();
    let s = login(&bank, "ATM009", CARD, PIN, t0());
    events(&r);
    let withdraw_100 = || {
        bank.answer_session(
            &m("ATM009"),
            s,
            SessionRequest::Withdraw {
                account: None,
                amount: dollars(100),
                fee: Money::ZERO,
            },
            t0(),
        )
    };
    let answer = withdraw_100();
    assert_eq!(answer.faults, [(Device::Dispenser, FaultKind::Jam)]);
    let got = events(&r);
    assert!(
        matches!(
            got.as_slice(),
            [
                BankEvent::Fault { device: Device::Dispenser, kind: FaultKind::Jam, machine, .. },
                BankEvent::Reversal { reason: ReversalReason::DispenserJam, amount, .. },
            ] if machine == &m("ATM009") && *amount == dollars(100)
        ),
        "{got:?}"
    );
    // The fault was spent: the next withdrawal strikes nothing.
    let answer = withdraw_100();
    assert!(answer.faults.is_empty());
    assert!(matches!(answer.outcome, Ok(Reply::Dispensed { .. })));
    // Fault alerts reach bank operations by email only.
    let alert = BankEvent::Fault {
        at: t0(),
        machine: m("ATM009"),
        device: Device::Dispenser,
        kind: FaultKind::Jam,
    };
    assert!(Channel::Email.carries(&alert));
    assert!(!Channel::Sms.carries(&alert) && !Channel::Push.carries(&alert));
    assert_eq!(alert.holder(), None);
}
