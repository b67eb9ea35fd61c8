//! Every screen of the machine and every refusal, driven through [`Atm::step`] as the page
//! drives it: inputs in, the state and the command out.

use super::*;
use crate::core::transaction::TxnKind as Kind;
use crate::core::{TxnId, UtcOffset};

const CARD: &str = "4000000000009012";

fn t(secs: i64) -> Timestamp {
    Timestamp::from_millis(1_800_000_000_000 + secs * 1000)
}

fn acc(id: &str) -> AccountId {
    AccountId::from(id)
}

fn ok(reply: Reply, deadline: Option<Timestamp>) -> StoreResult<Answer> {
    Ok(Answer {
        outcome: Ok(reply),
        deadline,
    })
}

fn no(rule: AtmError, deadline: Option<Timestamp>) -> StoreResult<Answer> {
    Ok(Answer {
        outcome: Err(rule),
        deadline,
    })
}

fn broken() -> StoreResult<Answer> {
    Err(StoreError::Storage("disk full".into()))
}

fn id() -> SessionId {
    SessionId::from_random_bytes([7; 16])
}

/// Steps through `inputs`, returning the state and the last command.
fn run(atm: Atm, inputs: impl IntoIterator<Item = Input>) -> (Atm, Command) {
    inputs
        .into_iter()
        .fold((atm, Command::default()), |(atm, _), input| atm.step(input))
}

fn keys(text: &str) -> Vec<Input> {
    text.chars()
        .map(|c| {
            Input::Key(match c {
                'E' => Key::Enter,
                'C' => Key::Clear,
                'X' => Key::Cancel,
                d => Key::Digit(d),
            })
        })
        .collect()
}

fn tick(secs: i64) -> Input {
    Input::Tick {
        now: t(secs),
        prompt_secs: 30,
    }
}

fn ended(reason: EndReason) -> StoreResult<Answer> {
    ok(Reply::Ended { reason }, None)
}

fn insert() -> Input {
    Input::Insert {
        card: CardNumber::parse(CARD).unwrap(),
        machine: MachineId::from("A"),
    }
}

fn soft(s: Soft) -> Input {
    Input::Soft(s)
}

/// A card in the slot at machine A, the PIN screen showing.
fn at_pin() -> Atm {
    let (atm, _) = run(
        Atm::default(),
        [insert(), Input::Card(ok(Reply::CardAccepted, None))],
    );
    atm
}

/// Logged in at `t(0)` with two accounts; the session ends at `t(300)`.
fn at_menu() -> Atm {
    let (atm, _) = run(at_pin(), keys("1234E"));
    let (atm, _) = atm.step(Input::Card(ok(
        Reply::LoggedIn {
            session: id(),
            name: "Pat Doe".into(),
            accounts: vec![acc("CHK"), acc("SAV")],
            deadline: t(300),
        },
        Some(t(300)),
    )));
    atm
}

fn asked_session(c: &Command) -> &SessionRequest {
    match &c.ask {
        Some(Ask::Session(s, request)) if *s == id() => request,
        other => panic!("expected a session request, got {other:?}"),
    }
}

fn labels(atm: &Atm) -> Vec<String> {
    atm.display().soft.into_iter().map(|(l, _)| l).collect()
}

fn transaction(report: &[Activity]) -> Option<&Activity> {
    report
        .iter()
        .find(|a| matches!(a, Activity::Transaction { .. }))
}

/// The answer to a withdrawal of `dollars` refused with `rule`, the deadline moved to `t(400)`.
fn refused_withdrawal(dollars: &str, rule: AtmError) -> (Atm, Command) {
    let (atm, c) = run(
        at_menu(),
        [soft(Soft::Withdraw)]
            .into_iter()
            .chain(keys(&format!("{dollars}E"))),
    );
    assert!(matches!(
        asked_session(&c),
        SessionRequest::Withdraw { amount, account: None } if amount.to_string() == format!("${dollars}.00")
    ));
    atm.step(Input::Session(no(rule, Some(t(400)))))
}

#[test]
fn welcome_asks_for_a_card_and_the_card_goes_to_the_bank() {
    let atm = Atm::default();
    let d = atm.display();
    assert_eq!(d.title, "Welcome");
    assert_eq!(d.lines, ["Please insert your card"]);
    assert_eq!((d.entry, d.soft.len()), (None, 0));
    let (atm, c) = atm.step(insert());
    assert!(matches!(c.ask, Some(Ask::Card(_, CardRequest::Insert))));
    assert!(atm.busy());
    // While the bank is busy, keys, soft keys and another card wait for nothing.
    for input in [
        Input::Key(Key::Digit('1')),
        Input::Key(Key::Cancel),
        soft(Soft::Balance),
    ] {
        let (next, c) = atm.clone().step(input);
        assert!(c.ask.is_none());
        assert_eq!((next.entry.as_str(), &next.screen), ("", &Screen::Welcome));
    }
    let (_, c) = atm.step(Input::Insert {
        card: CardNumber::parse("4000000000000028").unwrap(),
        machine: MachineId::from("A"),
    });
    assert!(c.ask.is_none());
}

#[test]
fn an_accepted_card_asks_for_the_pin_and_starts_the_session() {
    let (atm, c) = run(
        Atm::default(),
        [
            Input::Insert {
                card: CardNumber::parse(CARD).unwrap(),
                machine: MachineId::from("ATM001"),
            },
            Input::Card(ok(Reply::CardAccepted, None)),
        ],
    );
    assert_eq!(atm.screen, Screen::Pin);
    assert!(!atm.busy() && c.refresh);
    assert_eq!(
        c.report,
        [
            Activity::Outcome(Ok(Reply::CardAccepted)),
            Activity::SessionStarted {
                card_last4: "9012".into(),
                machine: "ATM001".into()
            }
        ]
    );
    let d = atm.display();
    assert_eq!(
        (d.title.as_str(), d.lines),
        ("Enter your PIN", vec!["Then press Enter".to_string()])
    );
}

#[test]
fn the_pin_shows_as_dots_and_stops_at_the_cores_longest_pin() {
    let (atm, _) = run(at_pin(), keys("12345678"));
    assert_eq!(atm.entry.len(), *Pin::DIGITS.end());
    assert_eq!(atm.display().entry.as_deref(), Some("••••••"));
    assert!(!atm.display().lines.concat().contains('1'));
    let (atm, _) = run(atm, keys("C"));
    assert_eq!(atm.display().entry.as_deref(), Some(""));
    // Too short: the core's sentence, and nothing is asked.
    let (atm, c) = run(atm, keys("123E"));
    assert!(c.ask.is_none());
    assert_eq!(atm.message.as_deref(), Some("A PIN has 4 to 6 digits"));
    assert_eq!(atm.entry, "");
    let (_, c) = run(atm, keys("1234E"));
    assert!(matches!(
        c.ask,
        Some(Ask::Card(_, CardRequest::EnterPin(_)))
    ));
}

#[test]
fn a_wrong_pin_with_tries_left_asks_again() {
    let (atm, _) = run(at_pin(), keys("9999E"));
    let (atm, c) = atm.step(Input::Card(no(AtmError::WrongPin { tries_left: 2 }, None)));
    assert_eq!(atm.screen, Screen::Pin);
    assert_eq!(
        atm.message.as_deref(),
        Some("Incorrect PIN. 2 tries remaining")
    );
    assert_eq!((atm.entry.as_str(), atm.card_out), ("", false));
    assert_eq!(
        c.report,
        [Activity::Outcome(Err(AtmError::WrongPin { tries_left: 2 }))]
    );
}

#[test]
fn the_pin_that_blocks_the_card_ejects_it() {
    let until = t(1800).local(UtcOffset::UTC);
    let (atm, _) = run(at_pin(), keys("9999E"));
    let (atm, c) = atm.step(Input::Card(no(AtmError::BlockedNow { until }, None)));
    assert!(
        matches!(&atm.screen, Screen::Goodbye(why) if why.starts_with("Incorrect PIN. Card blocked until"))
    );
    assert!(atm.card_out);
    assert_eq!(
        c.report[1..],
        [
            Activity::CardBlocked {
                card_last4: "9012".into()
            },
            Activity::SessionEnded {
                reason: SessionEnd::CardBlocked
            }
        ]
    );
    assert_eq!(atm.display().lines, ["Please take your card"]);
}

#[test]
fn a_blocked_or_stolen_card_comes_straight_back() {
    let until = t(1800).local(UtcOffset::UTC);
    for rule in [
        AtmError::CardBlocked { until },
        AtmError::CardStolen,
        AtmError::CardExpired,
        AtmError::OutOfService,
        AtmError::CardInUse,
    ] {
        let (atm, _) = Atm::default().step(insert());
        let (atm, c) = atm.step(Input::Card(no(rule.clone(), None)));
        assert_eq!(atm.screen, Screen::Goodbye(rule.to_string()));
        // No session began, so none ends.
        assert_eq!(c.report, [Activity::Outcome(Err(rule))]);
    }
}

#[test]
fn a_bank_that_cannot_be_reached_returns_the_card_or_says_so() {
    let (atm, _) = Atm::default().step(insert());
    let (atm, c) = atm.step(Input::Card(broken()));
    assert!(matches!(&atm.screen, Screen::Goodbye(why) if why.contains("disk full")));
    assert!(c.report.is_empty());
    let (atm, _) = run(at_pin(), keys("1234E"));
    let (atm, _) = atm.step(Input::Card(broken()));
    assert_eq!(atm.screen, Screen::Pin);
    assert!(atm.message.unwrap().contains("disk full"));
}

#[test]
fn the_menu_greets_the_customer_with_the_banks_deadline() {
    let atm = at_menu();
    assert_eq!(atm.screen, Screen::Menu);
    assert_eq!(atm.deadline, Some(t(300)));
    let d = atm.display();
    assert_eq!(d.title, "Hello, Pat Doe");
    assert_eq!(d.lines, ["Choose a transaction"]);
    assert_eq!(
        labels(&atm),
        [
            "Balance",
            "Withdraw",
            "Deposit",
            "History",
            "Transfer",
            "Change PIN",
            "Exit"
        ]
    );
}

#[test]
fn a_balance_is_done_and_moves_the_deadline_to_the_banks() {
    let (atm, c) = at_menu().step(soft(Soft::Balance));
    assert!(matches!(
        asked_session(&c),
        SessionRequest::Balance { account: None }
    ));
    let (atm, c) = atm.step(Input::Session(ok(
        Reply::Balance {
            account: acc("CHK"),
            balance: Money::from_dollars(1500),
        },
        Some(t(360)),
    )));
    assert_eq!(atm.deadline, Some(t(360)));
    let d = atm.display();
    assert_eq!(d.title, "Done");
    assert_eq!(
        d.lines,
        ["Account CHK", "Balance: $1,500.00", "Another transaction?"]
    );
    assert_eq!(labels(&atm), ["Yes", "No"]);
    assert_eq!(
        transaction(&c.report),
        Some(&Activity::Transaction {
            kind: TxnKind::Balance,
            amount: None,
            refusal: None
        })
    );
    let (back, _) = atm.clone().step(soft(Soft::Another(true)));
    assert_eq!(back.screen, Screen::Menu);
    let (_, c) = atm.step(soft(Soft::Another(false)));
    assert!(matches!(asked_session(&c), SessionRequest::Logout));
}

#[test]
fn fast_cash_pays_out_with_cash_and_receipt_to_take() {
    let (atm, _) = at_menu().step(soft(Soft::Withdraw));
    assert_eq!(atm.display().title, "Withdraw cash");
    assert_eq!(labels(&atm), ["$20", "$60", "$100", "$200", "Other amount"]);
    let (atm, c) = atm.step(soft(Soft::Fast(100)));
    assert!(matches!(
        asked_session(&c),
        SessionRequest::Withdraw { amount, .. } if *amount == Money::from_dollars(100)
    ));
    let notes = Notes([(20, 5)].into_iter().collect());
    let (atm, c) = atm.step(Input::Session(ok(
        Reply::Dispensed {
            account: acc("CHK"),
            amount: Money::from_dollars(100),
            notes: notes.clone(),
            balance: Money::from_dollars(1400),
        },
        Some(t(300)),
    )));
    assert_eq!(
        atm.display().lines,
        [
            "Please take your cash: $100.00",
            "Balance: $1,400.00",
            "Another transaction?"
        ]
    );
    assert_eq!(atm.cash, Some((Money::from_dollars(100), notes)));
    assert_eq!(
        atm.receipt.as_deref(),
        Some(
            &[
                "Withdrawal $100.00".to_string(),
                "Account CHK".into(),
                "Balance $1,400.00".into()
            ][..]
        )
    );
    assert!(c.refresh);
    let (atm, _) = run(atm, [Input::TakeCash, Input::TakeReceipt]);
    assert_eq!((atm.cash, atm.receipt), (None, None));
}

#[test]
fn another_amount_is_typed_in_dollars_and_parsed_by_money() {
    let (atm, _) = run(at_menu(), [soft(Soft::Withdraw), soft(Soft::Other)]);
    assert_eq!(atm.display().title, "Other amount");
    let (atm, c) = run(atm, keys("E"));
    assert!(c.ask.is_none());
    assert_eq!(atm.message.as_deref(), Some("Enter an amount"));
    let (atm, _) = run(atm, keys("300"));
    assert_eq!(atm.display().entry.as_deref(), Some("$300"));
    let (_, c) = run(atm, keys("E"));
    assert!(matches!(
        asked_session(&c),
        SessionRequest::Withdraw { amount, .. } if *amount == Money::from_dollars(300)
    ));
    // The keypad stops where Money stops: at the largest amount there is.
    let (atm, _) = run(
        at_menu(),
        [soft(Soft::Withdraw)]
            .into_iter()
            .chain(keys(&"9".repeat(20))),
    );
    assert!(Money::parse(&atm.entry).is_ok());
    assert!(Money::parse(&format!("{}9", atm.entry)).is_err());
}

#[test]
fn insufficient_funds_is_refused_not_done_and_the_refusal_moves_the_deadline() {
    let (atm, c) = refused_withdrawal("500", AtmError::InsufficientFunds);
    let d = atm.display();
    assert_eq!(d.title, "Not done");
    assert_eq!(d.lines, ["Insufficient funds", "Another transaction?"]);
    assert_eq!(labels(&atm), ["Yes", "No"]);
    assert_eq!(atm.deadline, Some(t(400)));
    assert_eq!((atm.cash, atm.receipt), (None, None));
    assert_eq!(
        transaction(&c.report),
        Some(&Activity::Transaction {
            kind: TxnKind::Withdrawal,
            amount: Some(Money::from_dollars(500)),
            refusal: Some("Insufficient funds".into())
        })
    );
}

#[test]
fn the_limits_are_refused_with_the_cores_sentence() {
    for rule in [
        AtmError::OverTransactionLimit {
            limit: Money::from_dollars(500),
        },
        AtmError::DailyLimitExceeded {
            remaining: Money::from_dollars(200),
        },
    ] {
        let (atm, _) = refused_withdrawal("600", rule.clone());
        assert_eq!(atm.screen, Screen::Refused(rule.to_string()));
    }
}

#[test]
fn the_machines_cash_is_refused_with_the_cores_sentence() {
    for rule in [
        AtmError::MachineCannotDispense,
        AtmError::NotesCannotMake {
            denominations: vec![20, 50],
        },
    ] {
        let (atm, _) = refused_withdrawal("30", rule.clone());
        assert_eq!(atm.screen, Screen::Refused(rule.to_string()));
        assert_eq!(atm.display().title, "Not done");
    }
}

#[test]
fn a_deposit_is_typed_and_printed() {
    let (atm, _) = at_menu().step(soft(Soft::Deposit));
    assert_eq!(atm.display().title, "Deposit");
    assert_eq!(
        atm.display().lines,
        ["Type the amount in whole dollars, then Enter"]
    );
    let (atm, c) = run(atm, keys("40E"));
    assert!(matches!(
        asked_session(&c),
        SessionRequest::Deposit { amount, account: None } if *amount == Money::from_dollars(40)
    ));
    let (atm, _) = atm.step(Input::Session(ok(
        Reply::Deposited {
            account: acc("CHK"),
            amount: Money::from_dollars(40),
            balance: Money::from_dollars(140),
        },
        Some(t(300)),
    )));
    assert_eq!(
        atm.display().lines[..2],
        ["Deposited $40.00", "Balance: $140.00"]
    );
    assert_eq!(
        atm.receipt.as_deref(),
        Some(&["Deposit $40.00".to_string(), "Balance $140.00".into()][..])
    );
}

#[test]
fn a_transfer_goes_from_the_primary_account_to_the_one_chosen() {
    let (atm, _) = at_menu().step(soft(Soft::Transfer));
    assert_eq!(atm.display().title, "Transfer");
    assert_eq!(labels(&atm), ["To SAV"]);
    let (atm, _) = atm.step(soft(Soft::To(acc("SAV"))));
    assert_eq!(atm.display().title, "Transfer to SAV");
    let (atm, c) = run(atm, keys("25E"));
    assert!(matches!(
        asked_session(&c),
        SessionRequest::Transfer { from, to, amount }
            if (from, to, *amount) == (&acc("CHK"), &acc("SAV"), Money::from_dollars(25))
    ));
    let (atm, _) = atm.step(Input::Session(ok(
        Reply::Transferred {
            from: acc("CHK"),
            to: acc("SAV"),
            amount: Money::from_dollars(25),
            from_balance: Money::from_dollars(75),
            to_balance: Money::from_dollars(125),
        },
        Some(t(300)),
    )));
    assert_eq!(
        atm.display().lines[..2],
        ["Transferred $25.00 from CHK to SAV", "Balance: $75.00"]
    );
    assert!(atm.receipt.is_some());
}

#[test]
fn a_new_pin_is_typed_twice_and_must_match() {
    let (atm, _) = at_menu().step(soft(Soft::ChangePin));
    assert_eq!(atm.display().title, "Change PIN");
    assert_eq!(atm.display().lines, ["Type your new PIN, then Enter"]);
    let (atm, _) = run(atm, keys("12E"));
    assert_eq!(atm.message.as_deref(), Some("A PIN has 4 to 6 digits"));
    let (atm, _) = run(atm, keys("4321E"));
    assert!(matches!(atm.screen, Screen::ConfirmPin(_)));
    assert_eq!(atm.display().lines, ["Type it again, then Enter"]);
    assert_eq!(atm.display().entry.as_deref(), Some(""));
    let (atm, c) = run(atm, keys("4322E"));
    assert!(c.ask.is_none());
    assert_eq!(atm.screen, Screen::NewPin);
    assert_eq!(
        atm.message.as_deref(),
        Some("The PINs do not match. Try again")
    );
    let (atm, c) = run(atm, keys("4321E4321E"));
    assert!(
        matches!(asked_session(&c), SessionRequest::ChangePin { new_pin } if *new_pin == Pin::parse("4321").unwrap())
    );
    let (done, _) = atm
        .clone()
        .step(Input::Session(ok(Reply::PinChanged, Some(t(300)))));
    assert_eq!(done.display().lines[0], "Your PIN has been changed");
    let (same, _) = atm.step(Input::Session(no(AtmError::SamePin, Some(t(300)))));
    assert_eq!(same.screen, Screen::Refused(AtmError::SamePin.to_string()));
}

#[test]
fn history_asks_the_bank_twice_then_lists_the_entries() {
    let (atm, c) = at_menu().step(soft(Soft::History));
    assert!(matches!(
        asked_session(&c),
        SessionRequest::History { account: None }
    ));
    let (atm, c) = atm.step(Input::Session(ok(
        Reply::History {
            account: acc("CHK"),
        },
        Some(t(300)),
    )));
    assert!(matches!(&c.ask, Some(Ask::History(a)) if *a == acc("CHK")));
    assert!(atm.busy());
    let entry = Transaction {
        id: TxnId(1),
        at: Timestamp::parse_rfc3339("2026-11-24T09:00:00Z").unwrap().0,
        account: acc("CHK"),
        kind: Kind::Withdrawal,
        amount: Money::from_dollars(100),
        balance_after: Money::from_dollars(1100),
        machine: None,
        card: None,
    };
    let (listed, _) = atm
        .clone()
        .step(Input::History(Ok(vec![entry]), UtcOffset::UTC));
    assert!(!listed.busy());
    assert_eq!(
        listed.display().lines,
        [
            "Last transactions, CHK",
            "Nov 24 Withdrawal -$100.00 → $1,100.00",
            "Another transaction?"
        ]
    );
    let (empty, _) = atm.step(Input::History(Ok(Vec::new()), UtcOffset::UTC));
    assert_eq!(empty.display().lines[1], "No transactions yet");
}

#[test]
fn near_the_deadline_the_machine_offers_more_time_and_returns_where_it_was() {
    let (atm, _) = at_menu().step(soft(Soft::Deposit));
    let (atm, _) = run(atm, keys("5"));
    // Far from the deadline the bank is not asked.
    let (atm, c) = atm.step(tick(269));
    assert!(c.ask.is_none());
    assert_eq!(atm.screen, Screen::Amount(AmountFor::Deposit));
    let (atm, c) = atm.step(tick(270));
    assert!(matches!(c.ask, Some(Ask::Tick(s)) if s == id()));
    assert!(!atm.busy(), "a tick does not hold up the keys");
    let d = atm.display();
    assert_eq!(d.title, "Do you need more time?");
    assert_eq!(d.lines, ["Your session is about to end"]);
    assert_eq!(labels(&atm), ["Yes", "No"]);
    let (atm, _) = atm.step(Input::Ticked(
        id(),
        ok(Reply::StillActive { deadline: t(300) }, Some(t(300))),
    ));
    let (atm, c) = atm.step(soft(Soft::MoreTime(true)));
    assert!(matches!(asked_session(&c), SessionRequest::MoreTime));
    let (atm, _) = atm.step(Input::Session(ok(
        Reply::MoreTime { deadline: t(580) },
        Some(t(580)),
    )));
    assert_eq!(atm.screen, Screen::Amount(AmountFor::Deposit));
    assert_eq!(atm.deadline, Some(t(580)));
    // "No" ends the session.
    let (atm, _) = atm.step(tick(560));
    let (_, c) = atm.step(soft(Soft::MoreTime(false)));
    assert!(matches!(asked_session(&c), SessionRequest::Logout));
}

#[test]
fn at_the_deadline_the_bank_ends_the_session_and_the_card_comes_out() {
    let (atm, c) = at_menu().step(tick(300));
    // Past the deadline there is no time left to offer: the bank is asked.
    assert_eq!(atm.screen, Screen::Menu);
    assert!(matches!(c.ask, Some(Ask::Tick(_))));
    let (atm, c) = atm.step(Input::Ticked(id(), ended(EndReason::Timeout)));
    assert_eq!(
        atm.screen,
        Screen::Goodbye(AtmError::SessionExpired.to_string())
    );
    assert_eq!(
        (atm.session, atm.deadline, atm.card_out),
        (None, None, true)
    );
    assert_eq!(
        c.report,
        [Activity::SessionEnded {
            reason: SessionEnd::Timeout
        }]
    );
    // A request that finds the session expired ends it the same way.
    let (atm, _) = at_menu().step(soft(Soft::Balance));
    let (atm, c) = atm.step(Input::Session(no(AtmError::SessionExpired, None)));
    assert_eq!(
        atm.screen,
        Screen::Goodbye(AtmError::SessionExpired.to_string())
    );
    assert!(c.report.contains(&Activity::SessionEnded {
        reason: SessionEnd::Timeout
    }));
}

#[test]
fn after_a_change_elsewhere_the_next_tick_asks_and_a_stopped_card_comes_out() {
    let (atm, _) = at_menu().step(Input::BankChanged);
    let (atm, c) = atm.step(tick(10));
    assert!(matches!(c.ask, Some(Ask::Tick(_))));
    // Once asked, the machine waits for the next change or the prompt.
    let (atm, c) = atm.step(tick(11));
    assert!(c.ask.is_none());
    // An answer about another session is stale.
    let (same, _) = atm.clone().step(Input::Ticked(
        SessionId::from_random_bytes([9; 16]),
        ended(EndReason::CardStopped),
    ));
    assert_eq!(same.screen, Screen::Menu);
    let (atm, c) = atm.step(Input::Ticked(id(), ended(EndReason::CardStopped)));
    assert_eq!(
        atm.screen,
        Screen::Goodbye(AtmError::CardStolen.to_string())
    );
    assert_eq!(
        c.report,
        [Activity::SessionEnded {
            reason: SessionEnd::CardStopped
        }]
    );
    // Stopped in the middle of a request: refused, and the card comes out.
    let (atm, _) = at_menu().step(soft(Soft::Balance));
    let (atm, c) = atm.step(Input::Session(no(AtmError::CardStolen, None)));
    assert!(matches!(atm.screen, Screen::Goodbye(_)));
    assert!(c.report.contains(&Activity::SessionEnded {
        reason: SessionEnd::CardStopped
    }));
}

#[test]
fn cancel_at_each_step() {
    // Before the PIN there is no session: the card simply comes back.
    let (atm, c) = run(at_pin(), keys("12X"));
    assert!(c.ask.is_none());
    assert_eq!(atm.screen, Screen::Goodbye("Transaction cancelled".into()));
    assert_eq!(
        c.report,
        [Activity::SessionEnded {
            reason: SessionEnd::Cancelled
        }]
    );
    // Inside a transaction it goes back to the menu.
    for path in [
        vec![soft(Soft::Withdraw)],
        vec![soft(Soft::Withdraw), soft(Soft::Other)],
        vec![soft(Soft::Deposit)],
        vec![soft(Soft::Transfer)],
        vec![soft(Soft::Transfer), soft(Soft::To(acc("SAV")))],
        vec![soft(Soft::ChangePin)],
        [soft(Soft::ChangePin)]
            .into_iter()
            .chain(keys("4321E"))
            .collect(),
    ] {
        let (atm, c) = run(at_menu(), path.into_iter().chain(keys("X")));
        assert_eq!((&atm.screen, c.ask.is_none()), (&Screen::Menu, true));
    }
    let (atm, _) = refused_withdrawal("500", AtmError::InsufficientFunds);
    let (atm, _) = run(atm, keys("X"));
    assert_eq!(atm.screen, Screen::Menu);
    // At the menu and at the "more time" prompt it logs out.
    let (_, c) = run(at_menu(), keys("X"));
    assert!(matches!(asked_session(&c), SessionRequest::Logout));
    let (atm, _) = at_menu().step(tick(290));
    let (atm, c) = run(atm, keys("X"));
    assert!(matches!(asked_session(&c), SessionRequest::Logout));
    let (atm, c) = atm.step(Input::Session(ended(EndReason::Logout)));
    assert_eq!(atm.display().title, "Thank you for banking with us");
    assert_eq!(
        c.report,
        [
            Activity::Outcome(Ok(Reply::Ended {
                reason: EndReason::Logout
            })),
            Activity::SessionEnded {
                reason: SessionEnd::Logout
            }
        ]
    );
    // With the card out (and on the welcome screen) Cancel does nothing.
    let (atm, c) = run(atm, keys("X"));
    assert!(c.ask.is_none() && c.report.is_empty());
    let (atm, c) = atm.step(Input::TakeCard);
    assert_eq!(
        (&atm.screen, atm.card.is_none(), c.refresh),
        (&Screen::Welcome, true, true)
    );
    let (_, c) = run(atm, keys("X"));
    assert!(c.ask.is_none() && c.report.is_empty());
}

#[test]
fn a_storage_failure_in_a_session_is_refused_and_keeps_the_deadline() {
    let (atm, _) = at_menu().step(soft(Soft::Balance));
    let (atm, c) = atm.step(Input::Session(broken()));
    assert!(matches!(&atm.screen, Screen::Refused(why) if why.contains("disk full")));
    assert_eq!(atm.deadline, Some(t(300)));
    assert!(!c.report.iter().any(|a| matches!(a, Activity::Outcome(_))));
    // A rule the store refused with itself reads as the core's refusal, the deadline unmoved.
    let (atm, _) = at_menu().step(soft(Soft::Balance));
    let rule = AtmError::AccountNotOnCard;
    let (atm, c) = atm.step(Input::Session(Err(StoreError::Rule(rule.clone()))));
    assert_eq!(atm.screen, Screen::Refused(rule.to_string()));
    assert_eq!(atm.deadline, Some(t(300)));
    assert!(c.report.contains(&Activity::Outcome(Err(rule))));
}

#[test]
fn the_card_is_taken_only_once_it_is_out() {
    let (atm, c) = at_menu().step(Input::TakeCard);
    assert!(atm.card.is_some() && !c.refresh);
}

#[test]
fn a_new_bank_empties_the_machine_and_a_notice_shows_under_the_title() {
    let (atm, _) = at_menu().step(soft(Soft::Balance));
    let (atm, _) = atm.step(Input::Reset);
    assert_eq!(atm.screen, Screen::Welcome);
    assert!(atm.card.is_none() && atm.session.is_none() && !atm.busy());
    // The answer to the request made before the reset is dropped.
    let (atm, c) = atm.step(Input::Session(ok(Reply::PinChanged, Some(t(300)))));
    assert_eq!((atm.screen.clone(), c.report.len()), (Screen::Welcome, 0));
    let (atm, _) = atm.step(Input::Notice("There is no scenario 9".into()));
    assert_eq!(
        atm.display().message.as_deref(),
        Some("There is no scenario 9")
    );
}
