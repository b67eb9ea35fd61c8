//! Random operation sequences (with time jumps) across several users, cards and machines, with
//! a device fault injected or cleared at random before any step, checked after every step
//! against a simple model. A failing case replays from its seed.
//!
//! CI runs 256 cases; a soak sets more and shows the count with `--nocapture`:
//! `PROPTEST_CASES=10000 cargo test --test bank_model -- --nocapture`.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use atm_sim::core::machine::{Device, Fault, FaultKind};
use atm_sim::core::ops::{Reply, SessionRequest};
use atm_sim::core::*;
use common::*;
use proptest::prelude::*;
use std::collections::HashMap;

const CARDS: [(&str, &str, &str); 4] = [
    ("4000000000000002", "1234", "U1"),
    ("4000000000000010", "4321", "U1"),
    ("4000000000000028", "1111", "U2"),
    ("4000000000000036", "2222", "U3"),
];
const MACHINES: [&str; 2] = ["A", "B"];

/// The model's fee, in cents, for card `card` at machine `machine`: A (this bank's) charges
/// the one card Other Bank issued $1.50; B (Other Bank's) charges every other card $2.50.
fn model_fee(card: usize, machine: usize) -> i64 {
    match (card == 3, machine) {
        (true, 0) => 150,
        (false, 1) => 250,
        _ => 0,
    }
}

fn bank() -> Bank {
    bank_from(
        Scenario::from_json(
            r#"{
      "users": [
        { "id": "U1", "name": "One", "accounts": [ { "id": "A1", "balance": "900.00" }, { "id": "S1", "balance": "300.00" } ],
          "cards": [ { "number": "4000000000000002", "pin": "1234" }, { "number": "4000000000000010", "pin": "4321", "accounts": ["S1"] } ] },
        { "id": "U2", "name": "Two", "accounts": [ { "id": "A2", "balance": "2500.00" } ],
          "cards": [ { "number": "4000000000000028", "pin": "1111" } ] },
        { "id": "U3", "name": "Three", "accounts": [ { "id": "A3", "balance": "40.00" } ],
          "cards": [ { "number": "4000000000000036", "pin": "2222", "issuer": "Other Bank" } ] }
      ],
      "machines": [ { "id": "A", "location": "a", "notes": { "20": 30, "50": 10 }, "surcharge": "1.50" },
                    { "id": "B", "location": "b", "notes": { "20": 5, "50": 40 },
                      "operator": "Other Bank", "surcharge": "2.50" } ]
    }"#,
        )
        .unwrap(),
    )
}

#[derive(Clone, Debug)]
enum Step {
    Login {
        card: usize,
        machine: usize,
        right_pin: bool,
    },
    Withdraw {
        card: usize,
        dollars: i64,
        /// Whether the customer accepts the machine's fee (otherwise none is sent).
        accept: bool,
    },
    Deposit {
        card: usize,
        dollars: i64,
    },
    Transfer {
        card: usize,
        dollars: i64,
    },
    Logout {
        card: usize,
    },
    Wait {
        secs: i64,
    },
    ReportStolen {
        card: usize,
    },
    Unblock {
        card: usize,
    },
    ReturnCard {
        card: usize,
    },
    /// The card's last cash not taken: the machine takes it back (refused within 30 s).
    Retract {
        card: usize,
    },
    /// A machine keeps the card (not taken after ejection).
    Capture {
        card: usize,
        machine: usize,
    },
}

/// A trainer's drill on a machine, before a step.
#[derive(Clone, Debug)]
enum Drill {
    Set {
        machine: usize,
        device: Device,
        fault: Fault,
    },
    Clear {
        machine: usize,
        device: Device,
    },
}

fn drill() -> impl Strategy<Value = Option<Drill>> {
    let mut kinds: Vec<(Device, FaultKind)> = Device::ALL
        .into_iter()
        .flat_map(|d| d.kinds().iter().map(move |k| (d, *k)))
        .collect();
    // The dispenser's faults are where money moves: drawn three times as often.
    for _ in 0..2 {
        kinds.extend([
            (Device::Dispenser, FaultKind::Jam),
            (Device::Dispenser, FaultKind::Partial),
        ]);
    }
    let times = prop_oneof![3 => (1u32..4).prop_map(Some), 1 => Just(None)];
    prop_oneof![
        6 => Just(None),
        2 => (0..MACHINES.len(), prop::sample::select(kinds), times).prop_map(|(machine, (device, kind), times)| {
            Some(Drill::Set { machine, device, fault: Fault { kind, times } })
        }),
        1 => (0..MACHINES.len(), prop::sample::select(Device::ALL.to_vec()))
            .prop_map(|(machine, device)| Some(Drill::Clear { machine, device })),
    ]
}

/// 256 cases, or `PROPTEST_CASES`.
fn cases() -> u32 {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    println!("bank_model: {cases} cases of up to 40 steps, faults injected at random");
    cases
}

fn step() -> impl Strategy<Value = Step> {
    let card = 0..CARDS.len();
    prop_oneof![
        3 => (card.clone(), 0..MACHINES.len(), prop::bool::weighted(0.7)).prop_map(|(card, machine, right_pin)| Step::Login { card, machine, right_pin }),
        5 => (card.clone(), prop::sample::select(vec![10i64, 20, 30, 40, 50, 60, 100, 200, 480, 500, 520, 1000]), prop::bool::weighted(0.85)).prop_map(|(card, dollars, accept)| Step::Withdraw { card, dollars, accept }),
        2 => (card.clone(), 1i64..300).prop_map(|(card, dollars)| Step::Deposit { card, dollars }),
        1 => (card.clone(), 1i64..500).prop_map(|(card, dollars)| Step::Transfer { card, dollars }),
        1 => card.clone().prop_map(|card| Step::Logout { card }),
        2 => prop::sample::select(vec![1i64, 60, 299, 300, 1799, 1800, 3600, 86_400]).prop_map(|secs| Step::Wait { secs }),
        1 => card.clone().prop_map(|card| Step::ReportStolen { card }),
        1 => card.clone().prop_map(|card| Step::Unblock { card }),
        1 => card.clone().prop_map(|card| Step::ReturnCard { card }),
        2 => card.clone().prop_map(|card| Step::Retract { card }),
        1 => (card, 0..MACHINES.len()).prop_map(|(card, machine)| Step::Capture { card, machine }),
    ]
}

fn accounts_total(bank: &Bank) -> i64 {
    bank.snapshot()
        .accounts
        .iter()
        .map(|a| a.balance.cents())
        .sum()
}

/// The fees the machines kept for their operators.
fn fees_total(bank: &Bank) -> i64 {
    bank.snapshot()
        .machines
        .iter()
        .map(|m| m.fees_collected.cents())
        .sum()
}

/// The cash in the machines: cassettes and reject bins.
fn cash_total(bank: &Bank) -> i64 {
    bank.snapshot()
        .machines
        .iter()
        .map(|m| m.notes.total().cents() + m.devices.reject_bin.total().cents())
        .sum()
}

fn host_offline(bank: &Bank, machine: usize) -> bool {
    bank.machine(&m(MACHINES[machine]))
        .unwrap()
        .devices
        .host
        .is_some()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_after_every_step(steps in prop::collection::vec((drill(), step()), 1..40)) {
        let bank = bank();
        let settings = bank.settings();
        let mut now = t0();
        // Money in customers' pockets: withdrawals put cash there, deposits take it out.
        let mut pocket: i64 = 1_000_000;
        let ledger0 = accounts_total(&bank) + pocket + fees_total(&bank);
        let cash0 = cash_total(&bank) + pocket;
        let mut sessions: HashMap<usize, (SessionId, usize)> = HashMap::new();
        // Model: withdrawn per (user, local day).
        let mut withdrawn: HashMap<(String, i64), i64> = HashMap::new();
        // Each card's last cash presented: session, machine, the day it counts on, amount.
        let mut presented: HashMap<usize, (SessionId, usize, (String, i64), i64)> = HashMap::new();

        for (drill, step) in steps {
            match drill {
                Some(Drill::Set { machine, device, fault }) => {
                    bank.set_fault(&m(MACHINES[machine]), device, fault, now).unwrap();
                }
                Some(Drill::Clear { machine, device }) => {
                    bank.clear_fault(&m(MACHINES[machine]), device, now).unwrap();
                }
                None => {}
            }
            match step {
                Step::Login { card: c, machine, right_pin } => {
                    let (number, good, _) = CARDS[c];
                    let before = bank.card(&card(number)).unwrap();
                    let status = before.status_at(now);
                    let atm = m(MACHINES[machine]);
                    let reader = bank.machine(&atm).unwrap().devices.card_reader.map(|f| f.kind);
                    let offline = host_offline(&bank, machine);
                    let inserted = bank.insert_card(&atm, &card(number), now);
                    match (reader, &inserted) {
                        (Some(FaultKind::ReadError), _) => prop_assert_eq!(&inserted, &Err(AtmError::CardUnreadable)),
                        (Some(_), _) => {
                            prop_assert_eq!(&inserted, &Err(AtmError::CardRetained { machine: atm.clone() }));
                            prop_assert_eq!(bank.card(&card(number)).unwrap().retained, Some(atm.clone()));
                        }
                        (None, _) if offline => prop_assert_eq!(&inserted, &Err(AtmError::HostOffline)),
                        (None, Ok(_)) => prop_assert!(before.retained.is_none()),
                        (None, Err(_)) => {}
                    }
                    if inserted.is_ok() {
                        let p = if right_pin { good } else { "0000" };
                        let r = bank.enter_pin(&atm, &card(number), &pin(p), now);
                        if let Ok(Reply::LoggedIn { session, .. }) = r {
                            prop_assert_eq!(status, CardStatus::Active, "a blocked, stolen or expired card never logs in");
                            prop_assert!(before.retained.is_none(), "a retained card never logs in");
                            prop_assert!(right_pin);
                            sessions.insert(c, (session, machine));
                        }
                    }
                }
                Step::Withdraw { card: c, dollars, accept } => {
                    if let Some((s, mach)) = sessions.get(&c) {
                        let offline = host_offline(&bank, *mach);
                        let asked = Money::from_dollars(dollars);
                        let due = model_fee(c, *mach);
                        let fee = Money::from_cents(if accept { due } else { 0 });
                        let r = bank.session(&m(MACHINES[*mach]), *s, SessionRequest::Withdraw { account: None, amount: asked, fee }, now);
                        if !accept && due > 0 {
                            prop_assert!(r.is_err(), "no fee is charged unaccepted: {:?}", r);
                        }
                        if let Err(AtmError::FeeNotAccepted { fee }) = &r {
                            prop_assert_eq!(fee.cents(), due);
                        }
                        if offline {
                            prop_assert!(matches!(r, Err(AtmError::HostOffline) | Err(AtmError::SessionExpired) | Err(AtmError::CardStolen) | Err(AtmError::NotLoggedIn)), "{:?}", r);
                        }
                        if let Err(AtmError::DispenserJam { amount }) = &r {
                            prop_assert_eq!(*amount, asked);
                        }
                        if let Ok(Reply::Dispensed { amount, notes, requested, fee, .. }) = r {
                            prop_assert_eq!(requested, asked);
                            prop_assert_eq!(fee.cents(), due, "the fee is the operator's, charged once");
                            prop_assert!(amount.is_positive() && amount <= requested);
                            prop_assert!(requested <= settings.per_transaction_limit);
                            prop_assert_eq!(notes.total(), amount);
                            pocket += amount.cents();
                            let key = (CARDS[c].2.to_string(), now.local_day(settings.utc_offset));
                            *withdrawn.entry(key.clone()).or_default() += amount.cents();
                            presented.insert(c, (*s, *mach, key.clone(), amount.cents()));
                            prop_assert!(withdrawn[&key] <= settings.daily_limit.cents(), "daily limit exceeded in the model");
                        }
                    }
                }
                Step::Deposit { card: c, dollars } => {
                    if let Some((s, mach)) = sessions.get(&c) {
                        let r = bank.session(&m(MACHINES[*mach]), *s, SessionRequest::Deposit { account: None, amount: Money::from_dollars(dollars * 10) }, now);
                        if let Ok(Reply::Deposited { amount, .. }) = r {
                            pocket -= amount.cents();
                        }
                    }
                }
                Step::Transfer { card: c, dollars } => {
                    if let Some((s, mach)) = sessions.get(&c) {
                        let req = SessionRequest::Transfer { from: acc("A1"), to: acc("S1"), amount: Money::from_dollars(dollars) };
                        let _ = bank.session(&m(MACHINES[*mach]), *s, req, now);
                    }
                }
                Step::Logout { card: c } => {
                    if let Some((s, mach)) = sessions.remove(&c) {
                        bank.session(&m(MACHINES[mach]), s, SessionRequest::Logout, now).unwrap();
                    }
                }
                Step::Wait { secs } => now = now.plus_secs(secs),
                Step::ReportStolen { card: c } => bank.report_stolen(&card(CARDS[c].0), now).unwrap(),
                Step::Unblock { card: c } => {
                    let _ = bank.unblock(&card(CARDS[c].0), now);
                }
                Step::ReturnCard { card: c } => {
                    let _ = bank.return_card(&card(CARDS[c].0), now);
                }
                Step::Retract { card: c } => {
                    if let Some((s, mach, key, cents)) = presented.get(&c).cloned() {
                        let r = bank.session(&m(MACHINES[mach]), s, SessionRequest::Retract, now);
                        if let Ok(Reply::Retracted { amount, .. }) = r {
                            prop_assert_eq!(amount.cents(), cents, "the cash presented comes back");
                            pocket -= cents;
                            *withdrawn.get_mut(&key).unwrap() -= cents;
                            presented.remove(&c);
                        }
                    }
                }
                Step::Capture { card: c, machine } => {
                    let r = bank.answer_card(&m(MACHINES[machine]), &card(CARDS[c].0), CardRequest::Capture, now);
                    prop_assert!(r.outcome.is_ok());
                    prop_assert_eq!(bank.card(&card(CARDS[c].0)).unwrap().retained, Some(m(MACHINES[machine])));
                }
            }
            let snap = bank.snapshot();
            prop_assert!(snap.accounts.iter().all(|a| !a.balance.is_negative()), "no negative balance");
            prop_assert_eq!(accounts_total(&bank) + pocket + fees_total(&bank), ledger0, "ledger money conserved");
            prop_assert_eq!(cash_total(&bank) + pocket, cash0, "physical cash conserved");
            for u in &snap.users {
                prop_assert!(u.daily.on(now, settings.utc_offset) <= settings.daily_limit);
            }
            // Balances replay from history.
            for a in &snap.accounts {
                let replay: i64 = bank.history(&a.id, usize::MAX).iter().map(|t| if t.kind.is_debit() { -t.amount.cents() } else { t.amount.cents() }).sum();
                prop_assert_eq!(replay, a.balance.cents());
            }
        }
    }
}
