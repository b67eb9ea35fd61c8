//! Device faults through the in-memory bank (SPEC.md "The machine's devices and their faults"):
//! each kind's outcome, and the records afterwards — balance, cassettes, reject bin, the day's
//! total, history and journal; faults counting down and clearing; the back office's drills.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use atm_sim::core::journal::{Operation, Outcome};
use atm_sim::core::machine::{Device, Fault, FaultKind};
use atm_sim::core::ops::{Reply, SessionRequest};
use atm_sim::core::*;
use common::*;

const CARD: &str = "4000056655665556";
const PIN: &str = "1234";

/// One customer with $1,000 and a machine with 100 × $20 and 20 × $50 ($3,000).
fn bank() -> Bank {
    bank_from(
        Scenario::from_json(
            r#"{
      "users": [ { "id": "U1", "name": "Pat", "accounts": [ { "id": "CHK", "balance": "1000.00" } ],
                   "cards": [ { "number": "4000056655665556", "pin": "1234" } ] } ],
      "machines": [ { "id": "ATM009", "location": "Station", "notes": { "20": 100, "50": 20 } },
                    { "id": "ATM010", "location": "Square" } ]
    }"#,
        )
        .unwrap(),
    )
}

fn fault(kind: FaultKind, times: Option<u32>) -> Fault {
    Fault { kind, times }
}

fn machine(bank: &Bank) -> Machine {
    bank.machine(&m("ATM009")).unwrap()
}

fn account(bank: &Bank) -> Money {
    bank.account(&acc("CHK")).unwrap().balance
}

fn today(bank: &Bank) -> Money {
    let settings = bank.settings();
    bank.user(&UserId::from("U1"))
        .unwrap()
        .daily
        .on(t0(), settings.utc_offset)
}

/// The newest `n` journal entries, oldest first, as (operation, outcome).
fn last_journal(bank: &Bank, n: usize) -> Vec<(Operation, Outcome)> {
    let all = bank.journal();
    all[all.len() - n..]
        .iter()
        .map(|e| (e.draft.operation.clone(), e.draft.outcome.clone()))
        .collect()
}

/// The journal entry of a fault striking `device`.
fn struck(device: Device, kind: FaultKind) -> (Operation, Outcome) {
    (Operation::Fault { device, kind }, Outcome::Ok)
}

fn refused(e: &AtmError) -> Outcome {
    Outcome::Refused(e.to_string())
}

#[test]
fn a_dispenser_jam_reverses_the_withdrawal_in_the_same_step() {
    let bank = bank();
    bank.set_fault(
        &m("ATM009"),
        Device::Dispenser,
        fault(FaultKind::Jam, Some(1)),
        t0(),
    )
    .unwrap();
    let s = login(&bank, "ATM009", CARD, PIN, t0());
    let jam = withdraw(&bank, "ATM009", s, dollars(100), t0()).unwrap_err();
    assert_eq!(
        jam,
        AtmError::DispenserJam {
            amount: dollars(100)
        }
    );
    assert_eq!(
        jam.to_string(),
        "Unable to dispense $100.00. Your account has not been charged"
    );
    assert_eq!(
        ResponseCode::of(&jam).code(),
        "00",
        "the host had approved it"
    );
    assert!(!jam.ejects_card(), "the session goes on");

    // The account and the day's total end as they were; the notes left the cassettes for the
    // reject bin, so the machine still holds its $3,000.
    assert_eq!(account(&bank), dollars(1_000));
    assert_eq!(today(&bank), Money::ZERO);
    let atm = machine(&bank);
    assert_eq!(atm.notes.total(), dollars(2_900));
    assert_eq!(
        atm.devices.reject_bin,
        Notes([(50, 2)].into_iter().collect())
    );
    assert_eq!(
        atm.notes.total().cents() + atm.devices.reject_bin.total().cents(),
        dollars(3_000).cents()
    );
    // The history shows the withdrawal and its reversal; the journal too.
    let history = bank.history(&acc("CHK"), 2);
    let shown: Vec<(TxnKind, Money, Money)> = history
        .iter()
        .map(|t| (t.kind, t.amount, t.balance_after))
        .collect();
    assert_eq!(
        shown,
        [
            (TxnKind::Reversal, dollars(100), dollars(1_000)),
            (TxnKind::Withdrawal, dollars(100), dollars(900)),
        ]
    );
    assert_eq!(
        last_journal(&bank, 3),
        [
            (
                Operation::Withdraw {
                    amount: dollars(100)
                },
                Outcome::Ok
            ),
            struck(Device::Dispenser, FaultKind::Jam),
            (
                Operation::Reversal {
                    amount: dollars(100),
                    device: Device::Dispenser,
                    kind: FaultKind::Jam
                },
                Outcome::Ok
            ),
        ]
    );
    let line = bank.journal().last().unwrap().to_string();
    assert!(
        line.ends_with("ATM009 •••• 5556 reverse withdrawal $100.00 (dispenser jam): ok"),
        "{line}"
    );

    // The jam was for one use: the next withdrawal pays out, and the session was still open.
    assert_eq!(atm.devices.dispenser, None);
    let Ok(Reply::Dispensed {
        amount,
        requested,
        balance,
        receipt,
        ..
    }) = withdraw(&bank, "ATM009", s, dollars(100), t0())
    else {
        panic!("the dispenser works again");
    };
    assert_eq!(
        (amount, requested, balance, receipt),
        (dollars(100), dollars(100), dollars(900), true)
    );
    assert_eq!(today(&bank), dollars(100));
}

#[test]
fn a_partial_dispense_debits_only_what_came_out() {
    let bank = bank();
    bank.set_fault(
        &m("ATM009"),
        Device::Dispenser,
        fault(FaultKind::Partial, None),
        t0(),
    )
    .unwrap();
    let s = login(&bank, "ATM009", CARD, PIN, t0());
    // $100 is two $50s; half of them, one $50, is presented.
    let r = withdraw(&bank, "ATM009", s, dollars(100), t0()).unwrap();
    assert_eq!(
        r,
        Reply::Dispensed {
            account: acc("CHK"),
            amount: dollars(50),
            notes: Notes([(50, 1)].into_iter().collect()),
            balance: dollars(950),
            requested: dollars(100),
            fee: Money::ZERO,
            receipt: true,
        }
    );
    assert_eq!(account(&bank), dollars(950));
    assert_eq!(today(&bank), dollars(50), "only what came out counts today");
    let atm = machine(&bank);
    assert_eq!(atm.notes.total(), dollars(2_900));
    assert_eq!(
        atm.devices.reject_bin,
        Notes([(50, 1)].into_iter().collect())
    );
    let history = bank.history(&acc("CHK"), 5);
    assert_eq!(
        history
            .iter()
            .filter(|t| t.kind != TxnKind::Opening)
            .map(|t| (t.kind, t.amount))
            .collect::<Vec<_>>(),
        [(TxnKind::Withdrawal, dollars(50))]
    );
    assert_eq!(
        last_journal(&bank, 3),
        [
            (
                Operation::Withdraw {
                    amount: dollars(100)
                },
                Outcome::Ok
            ),
            struck(Device::Dispenser, FaultKind::Partial),
            (
                Operation::PartialDispense {
                    presented: dollars(50)
                },
                Outcome::Ok
            ),
        ]
    );
    // Until cleared: $170 is 3 × $50 and 1 × $20; two notes come out, largest first.
    let Ok(Reply::Dispensed { amount, notes, .. }) =
        withdraw(&bank, "ATM009", s, dollars(170), t0())
    else {
        panic!("a partial dispense");
    };
    assert_eq!(amount, dollars(100));
    assert_eq!(notes, Notes([(50, 2)].into_iter().collect()));
    // A single note comes out whole.
    let Ok(Reply::Dispensed { amount, .. }) = withdraw(&bank, "ATM009", s, dollars(20), t0())
    else {
        panic!("one note");
    };
    assert_eq!(amount, dollars(20));
    assert_eq!(today(&bank), dollars(170));
    let atm = machine(&bank);
    assert_eq!(
        atm.notes.total().cents() + atm.devices.reject_bin.total().cents() + dollars(170).cents(),
        dollars(3_000).cents(),
        "cassettes + reject bin + cash handed out"
    );
    assert_eq!(
        atm.devices.dispenser,
        Some(fault(FaultKind::Partial, None)),
        "until cleared"
    );
    bank.clear_fault(&m("ATM009"), Device::Dispenser, t0())
        .unwrap();
    let Ok(Reply::Dispensed { amount, .. }) = withdraw(&bank, "ATM009", s, dollars(100), t0())
    else {
        panic!("cleared");
    };
    assert_eq!(amount, dollars(100));
}

#[test]
fn an_unreadable_card_comes_back_until_the_fault_is_spent() {
    let bank = bank();
    bank.set_fault(
        &m("ATM009"),
        Device::CardReader,
        fault(FaultKind::ReadError, Some(2)),
        t0(),
    )
    .unwrap();
    let before = bank.card(&card(CARD)).unwrap();
    for left in [Some(1), None] {
        let e = bank
            .insert_card(&m("ATM009"), &card(CARD), t0())
            .unwrap_err();
        assert_eq!(e, AtmError::CardUnreadable);
        assert_eq!(e.to_string(), "Card could not be read");
        assert!(e.ejects_card());
        assert_eq!(
            machine(&bank).devices.card_reader.and_then(|f| f.times),
            left
        );
    }
    assert_eq!(bank.card(&card(CARD)).unwrap(), before);
    assert_eq!(
        last_journal(&bank, 2),
        [
            (Operation::InsertCard, refused(&AtmError::CardUnreadable)),
            struck(Device::CardReader, FaultKind::ReadError),
        ]
    );
    assert_eq!(machine(&bank).devices.card_reader, None);
    assert_eq!(
        bank.insert_card(&m("ATM009"), &card(CARD), t0()),
        Ok(Reply::CardAccepted)
    );
}

#[test]
fn a_card_reader_jam_retains_the_card_until_the_bank_returns_it() {
    let bank = bank();
    bank.set_fault(
        &m("ATM009"),
        Device::CardReader,
        fault(FaultKind::Jam, Some(1)),
        t0(),
    )
    .unwrap();
    let retained = AtmError::CardRetained {
        machine: m("ATM009"),
    };
    assert_eq!(
        bank.insert_card(&m("ATM009"), &card(CARD), t0()),
        Err(retained.clone())
    );
    assert!(!retained.ejects_card());
    assert_eq!(
        retained.to_string(),
        "Your card has been retained by ATM009. Please contact your bank"
    );
    assert_eq!(bank.card(&card(CARD)).unwrap().retained, Some(m("ATM009")));
    let wallet = atm_sim::store::wallet_of(&bank.snapshot(), t0());
    assert_eq!(wallet[0].retained_at, Some(m("ATM009")));
    // The jam is spent, but the card is still in ATM009: no machine takes it.
    assert_eq!(machine(&bank).devices.card_reader, None);
    for atm in ["ATM009", "ATM010"] {
        assert_eq!(
            bank.insert_card(&m(atm), &card(CARD), t0()),
            Err(retained.clone()),
            "{atm}"
        );
    }
    bank.return_card(&card(CARD), t0()).unwrap();
    assert_eq!(bank.card(&card(CARD)).unwrap().retained, None);
    assert_eq!(
        last_journal(&bank, 1),
        [(Operation::ReturnCard, Outcome::Ok)]
    );
    login(&bank, "ATM010", CARD, PIN, t0());
    // Returning a card no machine holds is refused.
    assert!(matches!(
        bank.return_card(&card(CARD), t0()),
        Err(AtmError::Invalid { .. })
    ));
}

#[test]
fn with_the_host_offline_every_request_is_refused_and_nothing_changes() {
    let bank = bank();
    let s = login(&bank, "ATM009", CARD, PIN, t0());
    bank.set_fault(
        &m("ATM009"),
        Device::Host,
        fault(FaultKind::Offline, None),
        t0(),
    )
    .unwrap();
    let before = state_without_journal(&bank);
    let offline = AtmError::HostOffline;
    assert_eq!(
        offline.to_string(),
        "Unable to process your request right now"
    );
    assert_eq!(ResponseCode::of(&offline).code(), "91");
    let requests = [
        SessionRequest::Balance { account: None },
        SessionRequest::Withdraw {
            account: None,
            amount: dollars(100),
            fee: Money::ZERO,
        },
        SessionRequest::Deposit {
            account: None,
            amount: dollars(100),
        },
        SessionRequest::History { account: None },
        SessionRequest::ChangePin {
            new_pin: pin("4321"),
        },
    ];
    for request in requests {
        assert_eq!(
            bank.session(&m("ATM009"), s, request.clone(), t0()),
            Err(offline.clone()),
            "{request:?}"
        );
    }
    // Another card at the slot: refused before the PIN is even checked, and a wrong PIN
    // costs no try.
    assert_eq!(
        bank.insert_card(&m("ATM009"), &card(CARD), t0()),
        Err(offline.clone())
    );
    assert_eq!(
        bank.enter_pin(&m("ATM009"), &card(CARD), &pin("0000"), t0()),
        Err(offline.clone())
    );
    assert_eq!(state_without_journal(&bank), before, "nothing changed");
    assert_eq!(bank.card(&card(CARD)).unwrap().failed_attempts, 0);
    // Every attempt is journaled.
    let offline_struck = struck(Device::Host, FaultKind::Offline);
    assert_eq!(
        last_journal(&bank, 4),
        [
            (Operation::InsertCard, refused(&offline)),
            offline_struck.clone(),
            (Operation::EnterPin, refused(&offline)),
            offline_struck,
        ]
    );
    // Leaving needs no host.
    assert!(matches!(
        bank.session(&m("ATM009"), s, SessionRequest::Logout, t0()),
        Ok(Reply::Ended { .. })
    ));
    // Other machines' links are up.
    login(&bank, "ATM010", CARD, PIN, t0());
}

#[test]
fn a_fault_for_n_uses_counts_down_and_clears() {
    let bank = bank();
    bank.set_fault(
        &m("ATM009"),
        Device::Host,
        fault(FaultKind::Offline, Some(2)),
        t0(),
    )
    .unwrap();
    let host = |bank: &Bank| machine(bank).devices.host;
    assert_eq!(host(&bank), Some(fault(FaultKind::Offline, Some(2))));
    let refuse = || bank.insert_card(&m("ATM009"), &card(CARD), t0());
    assert_eq!(refuse(), Err(AtmError::HostOffline));
    assert_eq!(host(&bank), Some(fault(FaultKind::Offline, Some(1))));
    assert_eq!(refuse(), Err(AtmError::HostOffline));
    assert_eq!(host(&bank), None);
    assert_eq!(refuse(), Ok(Reply::CardAccepted));

    // A device counts only its own uses: the dispenser's jam waits through balance requests
    // and refused withdrawals, and fires on the first one that pays out.
    bank.set_fault(
        &m("ATM009"),
        Device::Dispenser,
        fault(FaultKind::Jam, Some(1)),
        t0(),
    )
    .unwrap();
    let s = login(&bank, "ATM009", CARD, PIN, t0());
    balance(&bank, "ATM009", s, t0()).unwrap();
    assert_eq!(
        withdraw(&bank, "ATM009", s, dollars(2_000), t0()),
        Err(AtmError::OverTransactionLimit {
            limit: dollars(500)
        })
    );
    assert_eq!(
        machine(&bank).devices.dispenser,
        Some(fault(FaultKind::Jam, Some(1)))
    );
    assert!(matches!(
        withdraw(&bank, "ATM009", s, dollars(40), t0()),
        Err(AtmError::DispenserJam { .. })
    ));
    assert_eq!(machine(&bank).devices.dispenser, None);
}

#[test]
fn out_of_paper_means_no_receipt() {
    let bank = bank_from(
        Scenario::from_json(
            r#"{
      "users": [ { "id": "U1", "name": "Pat", "accounts": [ { "id": "CHK", "balance": "1000.00" } ],
                   "cards": [ { "number": "4000056655665556", "pin": "1234" } ] } ],
      "machines": [ { "id": "ATM009", "location": "Station", "receipt_paper": 1 } ],
      "faults": [ { "machine": "ATM009", "device": "printer", "kind": "out_of_paper", "times": 1 } ]
    }"#,
        )
        .unwrap(),
    );
    // The flow asks this before a transaction, to offer going on without a receipt.
    assert!(!machine(&bank).devices.receipt_available());
    let s = login(&bank, "ATM009", CARD, PIN, t0());
    let receipt = |r: Result<Reply, AtmError>| match r {
        Ok(Reply::Dispensed { receipt, .. }) | Ok(Reply::Deposited { receipt, .. }) => receipt,
        other => panic!("{other:?}"),
    };
    assert!(!receipt(withdraw(&bank, "ATM009", s, dollars(20), t0())));
    assert_eq!(account(&bank), dollars(980), "the money moves all the same");
    // The fault is spent; the one sheet left prints one receipt.
    assert!(machine(&bank).devices.receipt_available());
    let deposit = SessionRequest::Deposit {
        account: None,
        amount: dollars(20),
    };
    assert!(receipt(bank.session(
        &m("ATM009"),
        s,
        deposit.clone(),
        t0()
    )));
    assert_eq!(machine(&bank).devices.receipt_paper, Some(0));
    assert!(!machine(&bank).devices.receipt_available());
    assert!(!receipt(bank.session(&m("ATM009"), s, deposit, t0())));
}

#[test]
fn the_back_office_sets_and_clears_faults_and_journals_each() {
    let bank = bank();
    let jam = fault(FaultKind::Jam, Some(3));
    bank.set_fault(&m("ATM009"), Device::Dispenser, jam, t0())
        .unwrap();
    assert_eq!(machine(&bank).devices.dispenser, Some(jam));
    assert_eq!(machine(&bank).devices.faults(), [(Device::Dispenser, jam)]);
    let line = bank.journal().last().unwrap().to_string();
    assert!(
        line.ends_with("ATM009 set fault: dispenser jam for the next 3 uses: ok"),
        "{line}"
    );
    // A fault the device cannot have, or one that lasts no use, is refused and changes nothing.
    let before = state_without_journal(&bank);
    for (device, bad) in [
        (Device::Printer, fault(FaultKind::Jam, None)),
        (Device::Host, fault(FaultKind::ReadError, None)),
        (Device::DepositSlot, fault(FaultKind::Jam, None)),
        (Device::Dispenser, fault(FaultKind::Partial, Some(0))),
    ] {
        let e = bank.set_fault(&m("ATM009"), device, bad, t0()).unwrap_err();
        assert!(
            matches!(&e, AtmError::Invalid { field, .. } if field == "fault"),
            "{e}"
        );
    }
    let e = bank
        .set_fault(
            &m("ATM009"),
            Device::Printer,
            fault(FaultKind::Jam, None),
            t0(),
        )
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "fault: the printer's fault is \"out_of_paper\""
    );
    assert_eq!(
        bank.set_fault(
            &m("NOPE"),
            Device::Host,
            fault(FaultKind::Offline, None),
            t0()
        ),
        Err(AtmError::Unknown {
            what: "machine",
            id: "NOPE".into()
        })
    );
    assert_eq!(state_without_journal(&bank), before);
    bank.clear_fault(&m("ATM009"), Device::Dispenser, t0())
        .unwrap();
    assert_eq!(machine(&bank).devices.faults(), []);
    assert_eq!(
        last_journal(&bank, 1),
        [(
            Operation::ClearFault {
                device: Device::Dispenser
            },
            Outcome::Ok
        )]
    );
}

#[test]
fn a_bank_saved_before_devices_existed_loads_unchanged() {
    let mut json: serde_json::Value = serde_json::from_str(&demo().snapshot().to_json()).unwrap();
    for machine in json["machines"].as_array_mut().unwrap() {
        machine.as_object_mut().unwrap().remove("devices");
    }
    for card in json["cards"].as_array_mut().unwrap() {
        card.as_object_mut().unwrap().remove("retained");
    }
    let old = BankSnapshot::from_json(&json.to_string()).expect("an older export loads");
    assert_eq!(old, demo().snapshot());
    assert!(old.machines.iter().all(|m| m.devices.faults().is_empty()
        && m.devices.receipt_available()
        && m.devices.reject_bin.count() == 0));
}
