//! Bad input of every kind gets a clear message and leaves the bank as it was (compared as
//! canonical JSON). The journal is the exception by design: it records the refused attempt.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use atm_sim::core::ops::SessionRequest;
use atm_sim::core::*;
use common::*;

#[test]
fn refused_operations_change_no_record() {
    let bank = demo();
    let s = login(&bank, "ATM002", "4532111111111111", "5678", t0());
    // Let the login's activity settle so the comparisons below see only the refused calls.
    let before = state_without_journal(&bank);
    let journal_before = bank.journal().len();
    let attempts: Vec<(SessionRequest, &str)> = vec![
        (
            SessionRequest::Withdraw {
                account: None,
                amount: Money::from_cents(-2_000),
                fee: Money::ZERO,
            },
            "Enter an amount greater than $0.00",
        ),
        (
            SessionRequest::Withdraw {
                account: None,
                amount: Money::ZERO,
                fee: Money::ZERO,
            },
            "Enter an amount greater than $0.00",
        ),
        (
            SessionRequest::Withdraw {
                account: None,
                amount: Money::from_cents(i64::MAX),
                fee: Money::ZERO,
            },
            "That amount is too large",
        ),
        (
            SessionRequest::Withdraw {
                account: None,
                amount: Money::from_cents(2_001),
                fee: Money::ZERO,
            },
            "This ATM pays in $20 and $50 notes. Choose an amount they can make",
        ),
        (
            SessionRequest::Withdraw {
                account: Some(acc("ACC001")),
                amount: dollars(20),
                fee: Money::ZERO,
            },
            "That account is not available with this card",
        ),
        (
            SessionRequest::Deposit {
                account: None,
                amount: Money::from_cents(-5),
            },
            "Enter an amount greater than $0.00",
        ),
        (
            SessionRequest::Deposit {
                account: None,
                amount: Money::from_cents(i64::MAX / 100 * 100),
            },
            "That amount is too large",
        ),
        (
            SessionRequest::Balance {
                account: Some(acc("NOPE")),
            },
            "That account is not available with this card",
        ),
        (
            SessionRequest::ChangePin {
                new_pin: pin("5678"),
            },
            "The new PIN must differ from the current one",
        ),
    ];
    for (request, message) in attempts {
        let err = bank
            .session(&m("ATM002"), s, request.clone(), t0())
            .unwrap_err();
        assert_eq!(err.to_string(), message, "{request:?}");
        assert_eq!(
            state_without_journal(&bank),
            before,
            "{request:?} changed the bank"
        );
    }
    assert_eq!(
        bank.journal().len(),
        journal_before + 9,
        "each refusal is journaled"
    );
    // Back-office input.
    let bad = [
        bank.register_user(&UserId("".into()), "Nobody", t0()),
        bank.register_user(&UserId("U001".into()), "Duplicate", t0()),
        bank.register_user(&UserId("U9".into()), "   ", t0()),
        bank.open_account(
            &UserId("U404".into()),
            &acc("X"),
            AccountKind::Checking,
            dollars(1),
            t0(),
        ),
        bank.open_account(
            &UserId("U001".into()),
            &acc("ACC002"),
            AccountKind::Checking,
            dollars(1),
            t0(),
        ),
        bank.open_account(
            &UserId("U001".into()),
            &acc("NEW"),
            AccountKind::Checking,
            Money::from_cents(-1),
            t0(),
        ),
        bank.register_machine(&m("ATM001"), "Again", Notes::standard(), t0()),
        bank.register_machine(
            &m("ATM9"),
            "Odd notes",
            Notes([(30, 1)].into_iter().collect()),
            t0(),
        ),
        bank.refill(&m("NOPE"), &Notes::standard(), t0()),
        bank.unblock(&card("4999999999999999"), t0()),
        bank.report_stolen(&card("4999999999999999"), t0()),
        bank.update_settings(
            Settings {
                session_timeout_secs: 0,
                ..Settings::default()
            },
            t0(),
        ),
    ];
    for (i, r) in bad.iter().enumerate() {
        let e = r.as_ref().unwrap_err();
        assert!(!e.to_string().is_empty(), "#{i}");
    }
    assert_eq!(state_without_journal(&bank), before);
}

#[test]
fn malformed_scenarios_are_refused_naming_the_field() {
    let entropy = SeededEntropy::new(1);
    let build = |json: &str| {
        Scenario::from_json(json)
            .and_then(|s| s.build(t0(), UtcOffset::UTC, &entropy))
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    let machines = r#""machines": [ { "id": "A", "location": "a" } ]"#;
    let user = |extra: &str| {
        format!(
            r#"{{ "users": [ {{ "id": "U1", "name": "N", "accounts": [ {{ "id": "A1", "balance": "10.00" }} ], "cards": [ {{ "number": "4000000000000002", "pin": "1234" }} ] {extra} }} ], {machines} }}"#
        )
    };
    assert!(build("{").starts_with("line 1 column 1"));
    assert!(
        build("[]").starts_with("line 1 column 2"),
        "{}",
        build("[]")
    );
    assert!(build(r#"{ "users": [], "machines": [] }"#).starts_with("users:"));
    assert!(
        build(&user(r#", "withdrawn_today": "abc""#))
            .starts_with("users[0].withdrawn_today: Amounts are digits only")
    );
    let bad_pin = user("").replace("\"1234\"", "\"12\"");
    assert_eq!(
        build(&bad_pin),
        "users[0].cards[0].pin: A PIN has 4 to 6 digits"
    );
    let bad_card = user("").replace("4000000000000002", "40000");
    assert_eq!(
        build(&bad_card),
        "users[0].cards[0].number: A card number has 13 to 19 digits"
    );
    let negative = user("").replace("\"10.00\"", "\"-10.00\"");
    assert_eq!(
        build(&negative),
        "users[0].accounts[0].balance: The amount cannot be negative"
    );
    let float = user("").replace("\"10.00\"", "10.5");
    assert!(build(&float).starts_with("users[0].accounts[0].balance: write amounts as strings"));
    let bad_notes = user("").replace(
        r#""location": "a""#,
        r#""location": "a", "notes": { "30": 5 }"#,
    );
    assert!(build(&bad_notes).starts_with("machines[0].notes.30:"));
    let bad_clock = user("").replacen('{', r#"{ "clock": "tomorrow","#, 1);
    assert!(build(&bad_clock).starts_with("clock:"));
    let bad_setting = user("").replacen('{', r#"{ "settings": { "max_pin_attempts": 0 },"#, 1);
    assert!(build(&bad_setting).starts_with("settings.max_pin_attempts:"));
    let foreign = user("").replace(r#""pin": "1234""#, r#""pin": "1234", "accounts": ["ZZZ"]"#);
    assert_eq!(
        build(&foreign),
        "users[0].cards[0].accounts: ZZZ is not an account of U1"
    );
    let dup = user("").replace(
        r#"{ "id": "A", "location": "a" }"#,
        r#"{ "id": "A", "location": "a" }, { "id": "A", "location": "b" }"#,
    );
    assert!(build(&dup).starts_with("machines[1].id:"));
}

#[test]
fn a_bad_snapshot_is_refused_whole() {
    let bank = demo();
    let good = bank.snapshot().to_json();
    assert!(BankSnapshot::from_json(&good).is_ok());
    let broken = good.replacen("\"ACC001\"", "\"ACC999\"", 1);
    assert!(BankSnapshot::from_json(&broken).is_err());
    assert!(BankSnapshot::from_json("{\"format\": 1}").is_err());
    let mut future = bank.snapshot();
    future.format = 99;
    assert!(
        future
            .validate()
            .unwrap_err()
            .to_string()
            .starts_with("format:")
    );
    // Export → import is identical.
    let again = Bank::from_snapshot(
        BankSnapshot::from_json(&good).unwrap(),
        std::sync::Arc::new(SeededEntropy::new(3)),
    )
    .unwrap();
    assert_eq!(again.snapshot().to_json(), good);
}
