//! Another operator's surcharge (SPEC.md "Coach, demos and runs", Fees) and reporting a problem
//! with a machine, at the rules' boundaries, through the in-memory bank.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use atm_sim::core::journal::Operation;
use atm_sim::core::ops::{Reply, SessionRequest};
use atm_sim::core::transaction::TxnKind;
use atm_sim::core::*;
use common::*;

const OWN: &str = "4000000000000010";
const OTHERS: &str = "4000000000000028";

/// Pat has $103.50 and two cards: this bank's and one "Other Bank" issued. Four machines: this
/// bank's (charging $3.00 to other banks' cards), Other Bank's ($3.50), Third Bank's (no
/// surcharge) and one fitted with a skimmer.
fn scenario(settings: &str) -> Scenario {
    Scenario::from_json(&format!(
        r#"{{ "settings": {{ {settings} }},
          "users": [ {{ "id": "U1", "name": "Pat", "accounts": [ {{ "id": "A1", "balance": "103.50" }} ],
                       "cards": [ {{ "number": "{OWN}", "pin": "1234" }},
                                  {{ "number": "{OTHERS}", "pin": "1234", "issuer": "Other Bank" }} ] }} ],
          "machines": [ {{ "id": "HOME", "location": "Lobby", "surcharge": "3.00" }},
                        {{ "id": "AWAY", "location": "Station", "operator": "Other Bank", "surcharge": "3.50" }},
                        {{ "id": "FREE", "location": "Mall", "operator": "Third Bank" }},
                        {{ "id": "SKIM", "location": "Car park", "skimmer": true }} ] }}"#
    ))
    .unwrap()
}

fn fee_at(bank: &Bank, machine: &str, number: &str) -> Money {
    bank.insert_card(&m(machine), &card(number), t0()).unwrap();
    match bank
        .enter_pin(&m(machine), &card(number), &pin("1234"), t0())
        .unwrap()
    {
        Reply::LoggedIn { fee, .. } => fee,
        other => panic!("expected a login, got {other:?}"),
    }
}

fn pay(
    bank: &Bank,
    machine: &str,
    s: SessionId,
    amount: Money,
    fee: Money,
) -> Result<Reply, AtmError> {
    bank.session(
        &m(machine),
        s,
        SessionRequest::Withdraw {
            account: None,
            amount,
            fee,
        },
        t0(),
    )
}

fn cents(c: i64) -> Money {
    Money::from_cents(c)
}

/// Accounts, machines, users and transactions: what a refused or declined withdrawal must
/// leave as it was (the session's activity and the journal move on).
fn money_state(bank: &Bank) -> String {
    let s = bank.snapshot();
    format!(
        "{:?}",
        (&s.accounts, &s.machines, &s.users, &s.transactions)
    )
}

#[test]
fn a_fee_applies_only_where_the_operator_is_not_the_issuer_and_charges_something() {
    let bank = bank_from(scenario(""));
    // This bank's card at this bank's machine: same operator, no fee despite its surcharge.
    assert_eq!(fee_at(&bank, "HOME", OWN), Money::ZERO);
    bank.session(
        &m("HOME"),
        login_id(&bank, "HOME"),
        SessionRequest::Logout,
        t0(),
    )
    .unwrap();
    // Another bank's card at this bank's machine: its surcharge.
    assert_eq!(fee_at(&bank, "HOME", OTHERS), dollars(3));
    let bank = bank_from(scenario(""));
    // This bank's card at Other Bank's machine: Other Bank's surcharge.
    assert_eq!(fee_at(&bank, "AWAY", OWN), cents(350));
    // Other Bank's own card there: none.
    let bank = bank_from(scenario(""));
    assert_eq!(fee_at(&bank, "AWAY", OTHERS), Money::ZERO);
    // Another operator that charges nothing: none.
    let bank = bank_from(scenario(""));
    assert_eq!(fee_at(&bank, "FREE", OWN), Money::ZERO);
}

/// The session logged in at `machine` (the only one live there).
fn login_id(bank: &Bank, machine: &str) -> SessionId {
    bank.snapshot()
        .sessions
        .iter()
        .find(|s| s.machine == m(machine) && s.end_reason().is_none())
        .map(|s| s.id)
        .expect("a live session")
}

#[test]
fn a_withdrawal_without_the_fee_accepted_is_refused_and_changes_nothing() {
    let bank = bank_from(scenario(""));
    let s = login(&bank, "AWAY", OWN, "1234", t0());
    let before = money_state(&bank);
    for wrong in [Money::ZERO, dollars(3), cents(351)] {
        assert_eq!(
            pay(&bank, "AWAY", s, dollars(20), wrong),
            Err(AtmError::FeeNotAccepted { fee: cents(350) })
        );
    }
    assert_eq!(money_state(&bank), before);
}

#[test]
fn the_balance_must_cover_amount_and_fee_together() {
    // $103.50 covers $100 and the $3.50 fee exactly.
    let bank = bank_from(scenario(""));
    let s = login(&bank, "AWAY", OWN, "1234", t0());
    let reply = pay(&bank, "AWAY", s, dollars(100), cents(350)).unwrap();
    let Reply::Dispensed {
        amount,
        fee,
        balance,
        ..
    } = reply
    else {
        panic!("expected cash, got {reply:?}");
    };
    assert_eq!(
        (amount, fee, balance),
        (dollars(100), cents(350), Money::ZERO)
    );
    let snap = bank.snapshot();
    let away = snap.machines.iter().find(|x| x.id == m("AWAY")).unwrap();
    assert_eq!(away.fees_collected, cents(350));
    // The history has both, the fee after the cash, each with the balance after it.
    let history = bank.history(&acc("A1"), 5);
    let kinds: Vec<(TxnKind, Money, Money)> = history
        .iter()
        .map(|t| (t.kind, t.amount, t.balance_after))
        .collect();
    assert_eq!(
        kinds[..2],
        [
            (TxnKind::Fee, cents(350), Money::ZERO),
            (TxnKind::Withdrawal, dollars(100), cents(350)),
        ]
    );
    // One step: the journal has the withdrawal, then its fee.
    let ops: Vec<&Operation> = snap.journal.iter().map(|j| &j.draft.operation).collect();
    let at = ops
        .iter()
        .position(|o| {
            **o == Operation::Withdraw {
                amount: dollars(100),
            }
        })
        .unwrap();
    assert_eq!(*ops[at + 1], Operation::Fee { amount: cents(350) });

    // A cent short of amount + fee: refused whole.
    let bank = bank_from(scenario("").tap_balance("103.49"));
    let s = login(&bank, "AWAY", OWN, "1234", t0());
    let before = money_state(&bank);
    assert_eq!(
        pay(&bank, "AWAY", s, dollars(100), cents(350)),
        Err(AtmError::InsufficientFunds)
    );
    assert_eq!(money_state(&bank), before);
    // The same balance covers the cash alone at a machine without a fee.
    let bank = bank_from(scenario("").tap_balance("103.49"));
    let s = login(&bank, "HOME", OWN, "1234", t0());
    assert!(pay(&bank, "HOME", s, dollars(100), Money::ZERO).is_ok());
}

trait TapBalance {
    fn tap_balance(self, balance: &str) -> Scenario;
}

impl TapBalance for Scenario {
    /// The scenario with Pat's balance set to `balance`.
    fn tap_balance(mut self, balance: &str) -> Scenario {
        self.users[0].accounts[0].balance =
            atm_sim::core::scenario::RawAmount::Text(balance.into());
        self
    }
}

#[test]
fn declining_the_fee_is_journaled_and_moves_nothing() {
    let bank = bank_from(scenario(""));
    let s = login(&bank, "AWAY", OWN, "1234", t0());
    let before = money_state(&bank);
    let reply = bank
        .session(
            &m("AWAY"),
            s,
            SessionRequest::DeclineFee {
                amount: dollars(60),
                fee: cents(350),
            },
            t0(),
        )
        .unwrap();
    assert_eq!(
        reply,
        Reply::FeeDeclined {
            amount: dollars(60),
            fee: cents(350)
        }
    );
    assert_eq!(money_state(&bank), before);
    let last = bank.snapshot().journal.last().cloned().unwrap();
    assert_eq!(
        last.draft.operation,
        Operation::DeclineFee {
            amount: dollars(60),
            fee: cents(350)
        }
    );
    // The session goes on: the cash can still be taken with the fee accepted.
    assert!(pay(&bank, "AWAY", s, dollars(60), cents(350)).is_ok());
}

#[test]
fn the_fee_counts_toward_the_daily_limit_only_if_the_bank_says_so() {
    // Limit $100: $100 of cash fits whether or not the $3.50 counts…
    let bank = bank_from(scenario(r#""daily_limit": "100.00""#));
    let s = login(&bank, "AWAY", OWN, "1234", t0());
    assert!(pay(&bank, "AWAY", s, dollars(100), cents(350)).is_ok());
    let today = &bank.snapshot().users[0].daily;
    assert_eq!(today.withdrawn, dollars(100));

    // …but not when it does: $103.50 would pass $100.
    let counting = r#""daily_limit": "100.00", "fee_counts_toward_daily_limit": true"#;
    let bank = bank_from(scenario(counting));
    let s = login(&bank, "AWAY", OWN, "1234", t0());
    assert_eq!(
        pay(&bank, "AWAY", s, dollars(100), cents(350)),
        Err(AtmError::DailyLimitExceeded {
            remaining: dollars(100)
        })
    );
    // $60 + $3.50 counts $63.50, leaving $36.50: $40 more with its fee is over, $20 is not.
    assert!(pay(&bank, "AWAY", s, dollars(60), cents(350)).is_ok());
    assert_eq!(bank.snapshot().users[0].daily.withdrawn, cents(6_350));
    let refused = pay(&bank, "AWAY", s, dollars(40), cents(350));
    assert_eq!(
        refused,
        Err(AtmError::DailyLimitExceeded {
            remaining: cents(3_650)
        })
    );
}

#[test]
fn a_jammed_dispenser_charges_no_fee() {
    let mut s = scenario("");
    s.faults = serde_json::from_str(
        r#"[ { "machine": "AWAY", "device": "dispenser", "kind": "jam", "times": 1 } ]"#,
    )
    .unwrap();
    let bank = bank_from(s);
    let session = login(&bank, "AWAY", OWN, "1234", t0());
    assert_eq!(
        pay(&bank, "AWAY", session, dollars(20), cents(350)),
        Err(AtmError::DispenserJam {
            amount: dollars(20)
        })
    );
    let snap = bank.snapshot();
    assert_eq!(snap.accounts[0].balance, cents(10_350));
    let away = snap.machines.iter().find(|x| x.id == m("AWAY")).unwrap();
    assert_eq!(away.fees_collected, Money::ZERO);
}

#[test]
fn reporting_a_problem_takes_the_machine_out_of_service_once() {
    let bank = bank_from(scenario(""));
    let skim = bank
        .snapshot()
        .machines
        .into_iter()
        .find(|x| x.id == m("SKIM"))
        .unwrap();
    assert!(skim.skimmer && skim.in_service);
    assert_eq!(
        bank.report_problem(&m("SKIM"), t0()),
        Ok(Reply::ProblemReported { machine: m("SKIM") })
    );
    let snap = bank.snapshot();
    assert!(
        !snap
            .machines
            .iter()
            .find(|x| x.id == m("SKIM"))
            .unwrap()
            .in_service
    );
    let last = snap.journal.last().unwrap();
    assert_eq!(last.draft.operation, Operation::ReportProblem);
    assert_eq!(last.draft.machine, Some(m("SKIM")));
    // No card goes in now; a second report has nothing to take out of service.
    assert_eq!(
        bank.insert_card(&m("SKIM"), &card(OWN), t0()),
        Err(AtmError::OutOfService)
    );
    assert_eq!(
        bank.report_problem(&m("SKIM"), t0()),
        Err(AtmError::OutOfService)
    );
    // Any machine can be reported, skimmer or not; an unknown one is refused.
    assert!(bank.report_problem(&m("FREE"), t0()).is_ok());
    assert!(matches!(
        bank.report_problem(&m("NOPE"), t0()),
        Err(AtmError::Unknown { .. })
    ));
}

#[test]
fn bad_fee_fields_are_refused_naming_them() {
    let build = |s: Scenario| {
        s.build(t0(), UtcOffset::UTC, &SeededEntropy::new(1))
            .unwrap_err()
            .to_string()
    };
    let mut s = scenario("");
    s.machines[1].surcharge = Some(atm_sim::core::scenario::RawAmount::Text("-1.00".into()));
    assert!(
        build(s).starts_with("machines[1].surcharge: "),
        "a negative surcharge"
    );
    let mut s = scenario("");
    s.machines[1].surcharge = Some(atm_sim::core::scenario::RawAmount::Text("100.01".into()));
    assert_eq!(
        build(s),
        "machines[1].surcharge: must be from $0.00 to $100.00"
    );
    let mut s = scenario("");
    s.machines[1].operator = Some(" ".into());
    assert_eq!(build(s), "machines[1].operator: must be 1 to 80 characters");
    let mut s = scenario("");
    s.users[0].cards[1].issuer = Some("x".repeat(81));
    assert_eq!(
        build(s),
        "users[0].cards[1].issuer: must be 1 to 80 characters"
    );
    let wrong = Scenario::from_json(
        &serde_json::to_string(&scenario(""))
            .unwrap()
            .replace(r#""skimmer":true"#, r#""skimmer":"yes""#),
    )
    .unwrap_err()
    .to_string();
    assert!(wrong.starts_with("machines[3].skimmer: "), "{wrong}");
}

#[test]
fn a_machine_is_run_by_this_bank_unless_the_scenario_names_another() {
    let machines = bank_from(scenario("")).snapshot().machines;
    let name = |id: &str| {
        let machine = machines.iter().find(|x| x.id == m(id)).unwrap();
        machine.operator_name().to_string()
    };
    assert_eq!(name("HOME"), OWN_BANK);
    assert_eq!(name("AWAY"), "Other Bank");
    assert_eq!(name("FREE"), "Third Bank");
}
