//! Every rule of SPEC.md at its boundaries: the value that passes and the one that does not.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use atm_sim::core::ops::{Reply, SessionRequest};
use atm_sim::core::*;
use common::*;

/// One user with two cards on two accounts, machines with standard notes, with $1 notes, and
/// with an awkward stock.
fn bank() -> Bank {
    bank_from(
        Scenario::from_json(
            r#"{
      "users": [
        { "id": "U1", "name": "Pat Two-Cards",
          "accounts": [ { "id": "CHK", "kind": "checking", "balance": "5000.00" },
                        { "id": "SAV", "kind": "savings", "balance": "5000.00" } ],
          "cards": [ { "number": "4000000000000002", "pin": "1234", "accounts": ["CHK", "SAV"] },
                     { "number": "4000000000000010", "pin": "4321", "accounts": ["SAV"] } ] },
        { "id": "U2", "name": "Sam Stolen",
          "accounts": [ { "id": "S1", "balance": "100.00" } ],
          "cards": [ { "number": "4000000000000028", "pin": "1111" } ] }
      ],
      "machines": [
        { "id": "A", "location": "Standard" },
        { "id": "B", "location": "Singles", "notes": { "1": 5000 } },
        { "id": "C", "location": "Awkward", "notes": { "20": 0, "50": 2 } },
        { "id": "D", "location": "Closed", "in_service": false }
      ]
    }"#,
        )
        .unwrap(),
    )
}

const PAT: &str = "4000000000000002";
const PAT2: &str = "4000000000000010";

#[test]
fn per_transaction_limit_500_ok_500_01_refused() {
    let bank = bank();
    let s = login(&bank, "A", PAT, "1234", t0());
    assert!(withdraw(&bank, "A", s, dollars(500), t0()).is_ok());
    // $500.01 cannot be paid in notes at all; that check comes first.
    assert!(matches!(
        withdraw(&bank, "A", s, Money::from_cents(50_001), t0()),
        Err(AtmError::NotesCannotMake { .. })
    ));
    let err = withdraw(&bank, "A", s, dollars(520), t0()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Amount exceeds the per-transaction limit of $500.00"
    );
    bank.session(&m("A"), s, SessionRequest::Logout, t0())
        .unwrap();
    // With $1 notes the limit is exact to the dollar.
    let s = login(&bank, "B", PAT, "1234", t0());
    assert!(withdraw(&bank, "B", s, dollars(500), t0()).is_ok());
    assert!(matches!(
        withdraw(&bank, "B", s, dollars(501), t0()),
        Err(AtmError::OverTransactionLimit { .. })
    ));
}

#[test]
fn daily_limit_is_per_user_across_cards_and_accounts() {
    let bank = bank();
    let s = login(&bank, "A", PAT, "1234", t0());
    for _ in 0..3 {
        withdraw(&bank, "A", s, dollars(500), t0()).unwrap();
    }
    bank.session(&m("A"), s, SessionRequest::Logout, t0())
        .unwrap();
    // The second card reaches another account; the limit still counts the user.
    let s2 = login(&bank, "B", PAT2, "4321", t0());
    withdraw(&bank, "B", s2, dollars(499), t0()).unwrap();
    let err = withdraw(&bank, "B", s2, dollars(2), t0()).unwrap_err();
    assert_eq!(err.to_string(), "Daily limit exceeded. Remaining: $1.00");
    withdraw(&bank, "B", s2, dollars(1), t0()).unwrap();
    let err = withdraw(&bank, "B", s2, dollars(1), t0()).unwrap_err();
    assert_eq!(err.to_string(), "Daily limit exceeded. Remaining: $0.00");
}

#[test]
fn daily_total_resets_at_local_midnight() {
    let bank = bank();
    let late = at("2026-11-24T23:59:59-05:00");
    let s = login(&bank, "A", PAT, "1234", late);
    for _ in 0..4 {
        withdraw(&bank, "A", s, dollars(500), late).unwrap();
    }
    assert!(matches!(
        withdraw(&bank, "A", s, dollars(20), late),
        Err(AtmError::DailyLimitExceeded { .. })
    ));
    // One second later it is a new day in the bank's zone (UTC-05:00).
    let midnight = at("2026-11-25T00:00:00-05:00");
    assert!(withdraw(&bank, "A", s, dollars(20), midnight).is_ok());
}

#[test]
fn third_wrong_pin_blocks_for_30_minutes_then_counter_restarts() {
    let bank = bank();
    let (a, pat) = (m("A"), card(PAT));
    assert_eq!(
        bank.enter_pin(&a, &pat, &pin("0000"), t0()).unwrap_err(),
        AtmError::WrongPin { tries_left: 2 }
    );
    assert_eq!(
        bank.enter_pin(&a, &pat, &pin("0000"), t0()).unwrap_err(),
        AtmError::WrongPin { tries_left: 1 }
    );
    assert!(matches!(
        bank.enter_pin(&a, &pat, &pin("0000"), t0()),
        Err(AtmError::BlockedNow { .. })
    ));
    let almost = t0().plus_secs(29 * 60 + 59);
    assert!(matches!(
        bank.insert_card(&a, &pat, almost),
        Err(AtmError::CardBlocked { .. })
    ));
    assert!(matches!(
        bank.enter_pin(&a, &pat, &pin("1234"), almost),
        Err(AtmError::CardBlocked { .. })
    ));
    let free = t0().plus_secs(30 * 60);
    assert!(bank.insert_card(&a, &pat, free).is_ok());
    // The counter starts again from zero: a wrong PIN leaves two tries.
    assert_eq!(
        bank.enter_pin(&a, &pat, &pin("0000"), free).unwrap_err(),
        AtmError::WrongPin { tries_left: 2 }
    );
    // A correct PIN resets it.
    assert!(bank.enter_pin(&a, &pat, &pin("1234"), free).is_ok());
    assert_eq!(bank.card(&pat).unwrap().failed_attempts, 0);
}

#[test]
fn other_cards_of_the_user_and_other_machines_give_no_extra_tries() {
    let bank = bank();
    let pat = card(PAT);
    bank.enter_pin(&m("A"), &pat, &pin("0000"), t0())
        .unwrap_err();
    bank.enter_pin(&m("B"), &pat, &pin("0000"), t0())
        .unwrap_err();
    assert!(matches!(
        bank.enter_pin(&m("C"), &pat, &pin("0000"), t0()),
        Err(AtmError::BlockedNow { .. })
    ));
}

#[test]
fn idle_4_59_alive_5_00_expired() {
    let bank = bank();
    let s = login(&bank, "A", PAT, "1234", t0());
    assert!(balance(&bank, "A", s, t0().plus_secs(4 * 60 + 59)).is_ok());
    // That was activity: 4:59 later again is still fine, 5:00 after it is not.
    let last = t0().plus_secs(4 * 60 + 59);
    assert!(balance(&bank, "A", s, last.plus_secs(299)).is_ok());
    let last = last.plus_secs(299);
    assert_eq!(
        balance(&bank, "A", s, last.plus_secs(300)).unwrap_err(),
        AtmError::SessionExpired
    );
    // Expired for good, and the card is free for another machine.
    assert_eq!(
        balance(&bank, "A", s, last.plus_secs(301)).unwrap_err(),
        AtmError::SessionExpired
    );
    assert!(
        bank.insert_card(&m("B"), &card(PAT), last.plus_secs(301))
            .is_ok()
    );
}

#[test]
fn expiry_is_enforced_without_any_timer() {
    let bank = bank();
    let s = login(&bank, "A", PAT, "1234", t0());
    // No Tick was ever sent; the withdrawal after the deadline fails on its own.
    let err = withdraw(&bank, "A", s, dollars(20), t0().plus_secs(3600)).unwrap_err();
    assert_eq!(err, AtmError::SessionExpired);
    assert_eq!(bank.account(&acc("CHK")).unwrap().balance, dollars(5_000));
}

#[test]
fn more_time_counts_as_activity_and_tick_expires_idempotently() {
    let bank = bank();
    let s = login(&bank, "A", PAT, "1234", t0());
    let r = bank
        .session(&m("A"), s, SessionRequest::MoreTime, t0().plus_secs(280))
        .unwrap();
    assert_eq!(
        r,
        Reply::MoreTime {
            deadline: t0().plus_secs(580)
        }
    );
    let tick = bank
        .session(&m("A"), s, SessionRequest::Tick, t0().plus_secs(579))
        .unwrap();
    assert_eq!(
        tick,
        Reply::StillActive {
            deadline: t0().plus_secs(580)
        }
    );
    let journal_before = bank.journal().len();
    let r = bank
        .session(&m("A"), s, SessionRequest::Tick, t0().plus_secs(580))
        .unwrap();
    assert_eq!(
        r,
        Reply::Ended {
            reason: session::EndReason::Timeout
        }
    );
    let again = bank
        .session(&m("A"), s, SessionRequest::Tick, t0().plus_secs(600))
        .unwrap();
    assert_eq!(
        again,
        Reply::Ended {
            reason: session::EndReason::Timeout
        }
    );
    assert_eq!(
        bank.journal().len(),
        journal_before + 1,
        "one timeout entry, however many ticks"
    );
}

#[test]
fn cassettes_that_cannot_make_the_amount() {
    let bank = bank();
    let s = login(&bank, "C", PAT, "1234", t0());
    // Two $50s and no $20s: $100 yes, $60 no (but $60 is a valid amount in general).
    assert_eq!(
        withdraw(&bank, "C", s, dollars(60), t0())
            .unwrap_err()
            .to_string(),
        "This ATM cannot dispense that amount"
    );
    assert!(withdraw(&bank, "C", s, dollars(100), t0()).is_ok());
    assert_eq!(
        withdraw(&bank, "C", s, dollars(50), t0()).unwrap_err(),
        AtmError::MachineCannotDispense
    );
    // $30 can never be made of $20s and $50s.
    assert!(matches!(
        withdraw(&bank, "C", s, dollars(30), t0()),
        Err(AtmError::NotesCannotMake { .. })
    ));
    assert!(matches!(
        withdraw(&bank, "C", s, Money::ZERO, t0()),
        Err(AtmError::AmountNotPositive)
    ));
}

#[test]
fn withdrawal_checks_in_spec_order() {
    let bank = bank_from(Scenario::demo());
    // Bob: $200, asks $520 → the per-transaction limit speaks before the balance.
    let s = login(&bank, "ATM003", "4532222222222222", "9999", t0());
    assert!(matches!(
        withdraw(&bank, "ATM003", s, dollars(520), t0()),
        Err(AtmError::OverTransactionLimit { .. })
    ));
    // Alice: $1,800 today, asks $30 → the note rule speaks before the daily limit.
    let s = login(&bank, "ATM004", "4532333333333333", "1111", t0());
    assert!(matches!(
        withdraw(&bank, "ATM004", s, dollars(30), t0()),
        Err(AtmError::NotesCannotMake { .. })
    ));
    assert!(matches!(
        withdraw(&bank, "ATM004", s, dollars(220), t0()),
        Err(AtmError::DailyLimitExceeded { .. })
    ));
}

#[test]
fn logged_out_session_is_refused() {
    let bank = bank();
    let s = login(&bank, "A", PAT, "1234", t0());
    assert_eq!(
        bank.session(&m("A"), s, SessionRequest::Logout, t0())
            .unwrap(),
        Reply::Ended {
            reason: session::EndReason::Logout
        }
    );
    assert_eq!(
        withdraw(&bank, "A", s, dollars(20), t0()).unwrap_err(),
        AtmError::NotLoggedIn
    );
    assert_eq!(
        balance(&bank, "A", s, t0()).unwrap_err(),
        AtmError::NotLoggedIn
    );
    // An unknown session id is refused the same way.
    assert_eq!(
        balance(&bank, "A", SessionId::from_random_bytes([9; 16]), t0()).unwrap_err(),
        AtmError::NotLoggedIn
    );
    // And a session cannot be used from another machine.
    let s = login(&bank, "A", PAT, "1234", t0());
    assert_eq!(
        balance(&bank, "B", s, t0()).unwrap_err(),
        AtmError::NotLoggedIn
    );
}

#[test]
fn out_of_service_refuses_the_card_before_the_pin() {
    let bank = bank();
    assert_eq!(
        bank.insert_card(&m("D"), &card(PAT), t0())
            .unwrap_err()
            .to_string(),
        "This ATM is out of service"
    );
    assert_eq!(
        bank.enter_pin(&m("D"), &card(PAT), &pin("0000"), t0())
            .unwrap_err(),
        AtmError::OutOfService
    );
    assert_eq!(
        bank.card(&card(PAT)).unwrap().failed_attempts,
        0,
        "a refused card is not a wrong PIN"
    );
    bank.set_in_service(&m("D"), true, t0()).unwrap();
    assert!(bank.insert_card(&m("D"), &card(PAT), t0()).is_ok());
}

#[test]
fn unknown_stolen_and_in_use_cards() {
    let bank = bank();
    assert_eq!(
        bank.insert_card(&m("A"), &card("4999999999999999"), t0())
            .unwrap_err(),
        AtmError::UnknownCard
    );
    let s = login(&bank, "A", "4000000000000028", "1111", t0());
    // In one machine at a time.
    assert_eq!(
        bank.insert_card(&m("B"), &card("4000000000000028"), t0())
            .unwrap_err(),
        AtmError::CardInUse
    );
    // Reported stolen: the live session stops at its next step, and the card is refused everywhere.
    bank.report_stolen(&card("4000000000000028"), t0()).unwrap();
    assert_eq!(
        balance(&bank, "A", s, t0()).unwrap_err(),
        AtmError::CardStolen
    );
    assert_eq!(
        balance(&bank, "A", s, t0()).unwrap_err(),
        AtmError::CardStolen
    );
    assert_eq!(
        bank.insert_card(&m("B"), &card("4000000000000028"), t0())
            .unwrap_err(),
        AtmError::CardStolen
    );
    // The bank can unblock a blocked card, but not a stolen one.
    assert_eq!(
        bank.unblock(&card("4000000000000028"), t0()).unwrap_err(),
        AtmError::CardStolen
    );
}

#[test]
fn back_office_unblock_lifts_a_block_at_once() {
    let bank = bank();
    let pat = card(PAT);
    for _ in 0..3 {
        let _ = bank.enter_pin(&m("A"), &pat, &pin("0000"), t0());
    }
    assert!(matches!(
        bank.insert_card(&m("A"), &pat, t0()),
        Err(AtmError::CardBlocked { .. })
    ));
    bank.unblock(&pat, t0()).unwrap();
    assert!(bank.insert_card(&m("A"), &pat, t0()).is_ok());
}

#[test]
fn settings_apply_to_sessions_started_after_the_change() {
    let bank = bank();
    let old = login(&bank, "B", PAT, "1234", t0());
    let new_settings = Settings {
        per_transaction_limit: dollars(100),
        ..bank.settings()
    };
    bank.update_settings(new_settings, t0()).unwrap();
    assert!(
        withdraw(&bank, "B", old, dollars(300), t0()).is_ok(),
        "the running session keeps its limits"
    );
    bank.session(&m("B"), old, SessionRequest::Logout, t0())
        .unwrap();
    let new = login(&bank, "B", PAT, "1234", t0());
    assert!(matches!(
        withdraw(&bank, "B", new, dollars(101), t0()),
        Err(AtmError::OverTransactionLimit { .. })
    ));
    let bad = Settings {
        max_pin_attempts: 0,
        ..bank.settings()
    };
    assert!(matches!(
        bank.update_settings(bad, t0()),
        Err(AtmError::BadSettings(_))
    ));
}

#[test]
fn deposit_transfer_pin_change_and_history() {
    let bank = bank();
    let s = login(&bank, "A", PAT, "1234", t0());
    let r = bank
        .session(
            &m("A"),
            s,
            SessionRequest::Deposit {
                account: None,
                amount: dollars(70),
            },
            t0(),
        )
        .unwrap();
    assert_eq!(
        r,
        Reply::Deposited {
            account: acc("CHK"),
            amount: dollars(70),
            balance: dollars(5_070),
            receipt: true,
        }
    );
    assert_eq!(
        bank.machine(&m("A")).unwrap().notes.total(),
        dollars(10_070)
    );
    let r = bank
        .session(
            &m("A"),
            s,
            SessionRequest::Transfer {
                from: acc("CHK"),
                to: acc("SAV"),
                amount: dollars(1_070),
            },
            t0(),
        )
        .unwrap();
    assert_eq!(
        r,
        Reply::Transferred {
            from: acc("CHK"),
            to: acc("SAV"),
            amount: dollars(1_070),
            from_balance: dollars(4_000),
            to_balance: dollars(6_070),
            receipt: true,
        }
    );
    let over = SessionRequest::Transfer {
        from: acc("CHK"),
        to: acc("SAV"),
        amount: dollars(4_001),
    };
    assert_eq!(
        bank.session(&m("A"), s, over, t0()).unwrap_err(),
        AtmError::InsufficientFunds
    );
    let same = SessionRequest::Transfer {
        from: acc("CHK"),
        to: acc("CHK"),
        amount: dollars(1),
    };
    assert_eq!(
        bank.session(&m("A"), s, same, t0()).unwrap_err(),
        AtmError::SameAccount
    );
    let foreign = SessionRequest::Transfer {
        from: acc("CHK"),
        to: acc("S1"),
        amount: dollars(1),
    };
    assert_eq!(
        bank.session(&m("A"), s, foreign, t0()).unwrap_err(),
        AtmError::AccountNotOnCard
    );
    let statement = bank.statement(&m("A"), s, None, 10, t0()).unwrap();
    let kinds: Vec<TxnKind> = statement.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        [TxnKind::TransferOut, TxnKind::Deposit, TxnKind::Opening]
    );
    assert_eq!(statement[0].balance_after, dollars(4_000));
    // PIN change: same PIN refused, new PIN works next time, old one does not.
    assert_eq!(
        bank.session(
            &m("A"),
            s,
            SessionRequest::ChangePin {
                new_pin: pin("1234")
            },
            t0()
        )
        .unwrap_err(),
        AtmError::SamePin
    );
    bank.session(
        &m("A"),
        s,
        SessionRequest::ChangePin {
            new_pin: pin("8642"),
        },
        t0(),
    )
    .unwrap();
    bank.session(&m("A"), s, SessionRequest::Logout, t0())
        .unwrap();
    assert_eq!(
        bank.enter_pin(&m("A"), &card(PAT), &pin("1234"), t0())
            .unwrap_err(),
        AtmError::WrongPin { tries_left: 2 }
    );
    assert!(
        bank.enter_pin(&m("A"), &card(PAT), &pin("8642"), t0())
            .is_ok()
    );
}

#[test]
fn every_attempt_is_journaled_with_masked_card_and_utc_time() {
    let bank = demo();
    let s = login(&bank, "ATM003", "4532222222222222", "9999", t0());
    let _ = withdraw(&bank, "ATM003", s, dollars(500), t0());
    let _ = bank.enter_pin(&m("ATM001"), &card("4532123456789012"), &pin("0000"), t0());
    let lines: Vec<String> = bank.journal().iter().map(|j| j.to_string()).collect();
    let text = lines.join("\n");
    assert!(
        text.contains(
            "2026-11-24T14:00:00Z ATM003 •••• 2222 withdraw $500.00: refused: Insufficient funds"
        ),
        "{text}"
    );
    assert!(
        text.contains("ATM001 •••• 9012 enter PIN: refused: Incorrect PIN. 2 tries remaining"),
        "{text}"
    );
    assert!(!text.contains("4532222222222222") && !text.contains("9999\n"));
}

#[test]
fn issued_cards_are_luhn_valid_and_work() {
    let bank = bank();
    let number = bank
        .issue_card(
            &UserId("U1".into()),
            None,
            &pin("2468"),
            vec![acc("CHK")],
            t0(),
        )
        .unwrap();
    assert!(number.luhn_valid());
    assert!(bank.enter_pin(&m("A"), &number, &pin("2468"), t0()).is_ok());
    let err = bank
        .issue_card(
            &UserId("U1".into()),
            None,
            &pin("2468"),
            vec![acc("S1")],
            t0(),
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("S1 is not an account of U1"),
        "{err}"
    );
}

#[test]
fn expired_cards_are_refused() {
    let bank = bank_from(
        Scenario::from_json(
            r#"{ "users": [ { "id": "U", "name": "Old Card", "accounts": [ { "id": "A", "balance": "10.00" } ],
            "cards": [ { "number": "4000000000000002", "pin": "1234", "status": "expired" } ] } ],
          "machines": [ { "id": "M", "location": "m" } ] }"#,
        )
        .unwrap(),
    );
    let err = bank
        .insert_card(&m("M"), &card("4000000000000002"), t0())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "This card has expired. Please contact your bank"
    );
    assert!(err.ejects_card());
}

#[test]
fn every_answer_carries_the_sessions_deadline_after_it() {
    let bank = bank();
    let secs = |s| t0().plus_secs(s);
    let wrong = bank.answer_card(
        &m("A"),
        &card(PAT),
        CardRequest::EnterPin(pin("9999")),
        t0(),
    );
    assert_eq!((wrong.outcome.is_err(), wrong.deadline), (true, None));
    let login = bank.answer_card(
        &m("A"),
        &card(PAT),
        CardRequest::EnterPin(pin("1234")),
        t0(),
    );
    assert_eq!(login.deadline, Some(secs(300)));
    let Ok(Reply::LoggedIn { session: s, .. }) = login.outcome else {
        panic!("the right PIN logs in")
    };
    let balance = bank.answer_session(
        &m("A"),
        s,
        SessionRequest::Balance { account: None },
        secs(60),
    );
    assert_eq!(
        (balance.outcome.is_ok(), balance.deadline),
        (true, Some(secs(360)))
    );
    // A refusal is activity too: the deadline moves with it.
    let too_much = SessionRequest::Withdraw {
        account: None,
        amount: dollars(600),
        fee: Money::ZERO,
    };
    let refused = bank.answer_session(&m("A"), s, too_much, secs(120));
    assert_eq!(
        (refused.outcome.is_err(), refused.deadline),
        (true, Some(secs(420)))
    );
    // At another machine the session is not there; a tick keeps the deadline, the last ends it.
    let elsewhere = bank.answer_session(&m("B"), s, SessionRequest::Tick, secs(130));
    assert_eq!(
        (elsewhere.outcome, elsewhere.deadline),
        (Err(AtmError::NotLoggedIn), None)
    );
    assert_eq!(
        bank.answer_session(&m("A"), s, SessionRequest::Tick, secs(419))
            .deadline,
        Some(secs(420))
    );
    let over = bank.answer_session(&m("A"), s, SessionRequest::Tick, secs(420));
    assert!(matches!(over.outcome, Ok(Reply::Ended { .. })));
    assert_eq!(over.deadline, None);
}
