//! The screen flow (`src/flow`): every screen of the machine and every refusal, driven through
//! `Atm::step` as the page drives it: inputs in, the state and the command out.
#![cfg(not(target_arch = "wasm32"))]

use atm_sim::core::session::EndReason;
use atm_sim::core::transaction::TxnKind as Kind;
use atm_sim::core::{
    AccountId, Answer, AtmError, CardNumber, CardRequest, MachineId, Money, Notes, Pin, Reply,
    SessionId, SessionRequest, Timestamp, Transaction, TxnId, UtcOffset,
};
use atm_sim::flow::*;
use atm_sim::store::{StoreError, StoreResult};

fn t(secs: i64) -> Timestamp {
    Timestamp::from_millis(1_800_000_000_000 + secs * 1000)
}

fn usd(dollars: i64) -> Money {
    Money::from_dollars(dollars)
}

fn acc(id: &str) -> AccountId {
    AccountId::from(id)
}

fn id() -> SessionId {
    SessionId::from_random_bytes([7; 16])
}

/// The bank's reply, the session's deadline at `t(deadline)`.
fn ok(reply: Reply, deadline: Option<i64>) -> StoreResult<Answer> {
    let deadline = deadline.map(t);
    Ok(Answer {
        outcome: Ok(reply),
        deadline,
        faults: Vec::new(),
    })
}

fn no(rule: AtmError, deadline: Option<i64>) -> StoreResult<Answer> {
    let deadline = deadline.map(t);
    Ok(Answer {
        outcome: Err(rule),
        deadline,
        faults: Vec::new(),
    })
}

fn broken() -> StoreResult<Answer> {
    Err(StoreError::Storage("disk full".into()))
}

fn ended(reason: EndReason) -> StoreResult<Answer> {
    ok(Reply::Ended { reason }, None)
}

fn tick(secs: i64) -> Input {
    Input::Tick {
        now: t(secs),
        prompt_secs: 30,
    }
}

fn insert() -> Input {
    let card = CardNumber::parse("4000000000009012").unwrap();
    Input::Insert {
        card,
        machine: MachineId::from("ATM001"),
    }
}

fn soft(s: Soft) -> Input {
    Input::Soft(s)
}

/// Keypad keys: digits, `E`nter, `C`lear and `X` for Cancel.
fn keys(text: &str) -> Vec<Input> {
    let key = |c| match c {
        'E' => Key::Enter,
        'C' => Key::Clear,
        'X' => Key::Cancel,
        d => Key::Digit(d),
    };
    text.chars().map(|c| Input::Key(key(c))).collect()
}

/// Steps through `inputs`, returning the state and the last command.
fn run(atm: Atm, inputs: impl IntoIterator<Item = Input>) -> (Atm, Command) {
    let start = (atm, Command::default());
    inputs
        .into_iter()
        .fold(start, |(atm, _), input| atm.step(input))
}

/// A card in the slot, the PIN screen showing.
fn at_pin() -> Atm {
    run(
        Atm::default(),
        [insert(), Input::Card(ok(Reply::CardAccepted, None))],
    )
    .0
}

/// The reply to a right PIN at `t(0)`: two accounts, the session ending at `t(300)`.
fn login(receipt: bool) -> Reply {
    Reply::LoggedIn {
        session: id(),
        name: "Pat Doe".into(),
        accounts: vec![acc("CHK"), acc("SAV")],
        deadline: t(300),
        receipt,
        fee: Money::ZERO,
    }
}

/// Logged in at `t(0)` at a machine whose operator charges this card `fee`.
fn at_menu_with_fee(fee: Money) -> Atm {
    let (atm, _) = run(at_pin(), keys("1234E"));
    let reply = match login(true) {
        Reply::LoggedIn {
            session,
            name,
            accounts,
            deadline,
            receipt,
            ..
        } => Reply::LoggedIn {
            session,
            name,
            accounts,
            deadline,
            receipt,
            fee,
        },
        other => other,
    };
    atm.step(Input::Card(ok(reply, Some(300)))).0
}

/// Logged in at `t(0)` with two accounts; the session ends at `t(300)`.
fn at_menu() -> Atm {
    let (atm, _) = run(at_pin(), keys("1234E"));
    atm.step(Input::Card(ok(login(true), Some(300)))).0
}

fn asked(c: &Command) -> &SessionRequest {
    match &c.ask {
        Some(Ask::Session(s, request)) if *s == id() => request,
        other => panic!("expected a session request, got {other:?}"),
    }
}

fn title(atm: &Atm) -> Text {
    atm.display().title
}

fn lines(atm: &Atm) -> Vec<Text> {
    atm.display().lines
}

fn labels(atm: &Atm) -> Vec<Soft> {
    atm.display().soft
}

fn refusal(rule: AtmError) -> Text {
    Text::Refusal(rule)
}

const YES_NO: [Soft; 2] = [Soft::Another(true), Soft::Another(false)];

fn transaction(c: &Command) -> Option<&Activity> {
    c.report
        .iter()
        .find(|a| matches!(a, Activity::Transaction { .. }))
}

fn session_ended(reason: SessionEnd) -> Activity {
    Activity::SessionEnded { reason }
}

/// A withdrawal of `dollars` typed at the menu, refused with `rule`, which moved the deadline
/// to `t(400)`.
fn refused_withdrawal(dollars: i64, rule: AtmError) -> (Atm, Command) {
    let typed = keys(&format!("{dollars}E"));
    let (atm, c) = run(at_menu(), [soft(Soft::Withdraw)].into_iter().chain(typed));
    let amount = usd(dollars);
    assert!(
        matches!(asked(&c), SessionRequest::Withdraw { amount: a, account: None, fee: Money::ZERO, } if *a == amount)
    );
    atm.step(Input::Session(no(rule, Some(400))))
}

#[test]
fn welcome_asks_for_a_card_and_the_card_goes_to_the_bank() {
    let atm = Atm::default();
    let d = atm.display();
    assert_eq!((d.title, d.lines), (Text::Welcome, vec![Text::InsertCard]));
    assert_eq!((d.entry, d.soft.len()), (None, 0));
    let (atm, c) = atm.step(insert());
    assert!(matches!(c.ask, Some(Ask::Card(_, CardRequest::Insert))));
    assert!(atm.busy());
    // While the bank is busy, keys, soft keys and another card wait for nothing.
    for input in [
        Input::Key(Key::Digit('1')),
        Input::Key(Key::Cancel),
        soft(Soft::Balance),
        insert(),
    ] {
        let (next, c) = atm.clone().step(input);
        assert!(c.ask.is_none());
        assert_eq!((next.entry.as_str(), &next.screen), ("", &Screen::Welcome));
    }
}

#[test]
fn an_accepted_card_asks_for_the_pin_and_starts_the_session() {
    let (atm, c) = run(
        Atm::default(),
        [insert(), Input::Card(ok(Reply::CardAccepted, None))],
    );
    assert_eq!(atm.screen, Screen::Pin);
    assert!(!atm.busy() && c.refresh);
    let started = Activity::SessionStarted {
        card_last4: "9012".into(),
        machine: "ATM001".into(),
    };
    assert_eq!(
        c.report,
        [Activity::Outcome(Ok(Reply::CardAccepted)), started]
    );
    assert_eq!(
        (title(&atm), lines(&atm)),
        (Text::EnterPin, vec![Text::ThenEnter])
    );
}

#[test]
fn the_pin_shows_as_dots_and_stops_at_the_cores_longest_pin() {
    let (atm, _) = run(at_pin(), keys("12345678"));
    assert_eq!(atm.entry.len(), *Pin::DIGITS.end());
    assert_eq!(atm.display().entry.as_deref(), Some("••••••"));
    let (atm, _) = run(atm, keys("C"));
    assert_eq!(atm.display().entry.as_deref(), Some(""));
    // Too short: the core's sentence, and nothing is asked.
    let (atm, c) = run(atm, keys("123E"));
    assert!(c.ask.is_none());
    assert!(matches!(
        (&atm.message, atm.entry.as_str()),
        (Some(Text::Refusal(AtmError::BadCredential(_))), "")
    ));
    let (_, c) = run(atm, keys("1234E"));
    assert!(matches!(
        c.ask,
        Some(Ask::Card(_, CardRequest::EnterPin(_)))
    ));
}

#[test]
fn a_wrong_pin_with_tries_left_asks_again() {
    let (atm, _) = run(at_pin(), keys("9999E"));
    let rule = AtmError::WrongPin { tries_left: 2 };
    let (atm, c) = atm.step(Input::Card(no(rule.clone(), None)));
    assert_eq!(atm.screen, Screen::Pin);
    assert_eq!(atm.message, Some(refusal(rule.clone())));
    assert_eq!((atm.entry.as_str(), atm.card_out), ("", false));
    assert_eq!(c.report, [Activity::Outcome(Err(rule))]);
}

#[test]
fn the_pin_that_blocks_the_card_ejects_it() {
    let until = t(1800).local(UtcOffset::UTC);
    let (atm, _) = run(at_pin(), keys("9999E"));
    let (atm, c) = atm.step(Input::Card(no(AtmError::BlockedNow { until }, None)));
    assert_eq!(title(&atm), refusal(AtmError::BlockedNow { until }));
    assert_eq!(lines(&atm), [Text::TakeYourCard]);
    assert!(atm.card_out);
    let blocked = Activity::CardBlocked {
        card_last4: "9012".into(),
    };
    assert_eq!(
        c.report[1..],
        [blocked, session_ended(SessionEnd::CardBlocked)]
    );
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
        let (atm, c) = run(
            Atm::default(),
            [insert(), Input::Card(no(rule.clone(), None))],
        );
        assert_eq!(atm.screen, Screen::Goodbye(refusal(rule.clone())));
        // No session began, so none ends.
        assert_eq!(c.report, [Activity::Outcome(Err(rule))]);
    }
}

#[test]
fn a_card_the_machine_keeps_leaves_the_slot_and_the_welcome_screen_says_where() {
    let rule = AtmError::CardRetained {
        machine: MachineId::from("ATM001"),
    };
    let (atm, c) = run(
        Atm::default(),
        [insert(), Input::Card(no(rule.clone(), None))],
    );
    assert_eq!(atm.screen, Screen::Welcome);
    assert_eq!(atm.message, Some(refusal(rule.clone())));
    assert!(atm.card.is_none() && !atm.card_out && c.refresh);
    assert_eq!(
        c.report,
        [
            Activity::Outcome(Err(rule)),
            Activity::CardRetained {
                card_last4: "9012".into(),
                machine: "ATM001".into()
            }
        ]
    );
    // The slot is free for another card.
    let (_, c) = atm.step(insert());
    assert!(matches!(c.ask, Some(Ask::Card(_, CardRequest::Insert))));
}

#[test]
fn a_bank_that_cannot_be_reached_returns_the_card_or_says_so() {
    let (atm, c) = run(Atm::default(), [insert(), Input::Card(broken())]);
    let disk_full = Text::Problem(StoreError::Storage("disk full".into()));
    assert!(title(&atm) == disk_full && atm.card_out);
    assert!(c.report.is_empty());
    let (atm, _) = run(
        at_pin(),
        keys("1234E").into_iter().chain([Input::Card(broken())]),
    );
    assert_eq!(atm.screen, Screen::Pin);
    assert_eq!(atm.message, Some(disk_full));
}

#[test]
fn the_menu_greets_the_customer_with_the_banks_deadline() {
    let atm = at_menu();
    assert_eq!((&atm.screen, atm.deadline), (&Screen::Menu, Some(t(300))));
    assert_eq!(
        (title(&atm), lines(&atm)),
        (Text::Hello("Pat Doe".into()), vec![Text::ChooseTransaction])
    );
    let menu = [
        Soft::Balance,
        Soft::Withdraw,
        Soft::Deposit,
        Soft::History,
        Soft::Transfer,
        Soft::ChangePin,
        Soft::Exit,
    ];
    assert_eq!(labels(&atm), menu);
}

#[test]
fn a_balance_is_done_and_moves_the_deadline_to_the_banks() {
    let (atm, c) = at_menu().step(soft(Soft::Balance));
    assert!(matches!(
        asked(&c),
        SessionRequest::Balance { account: None }
    ));
    let reply = Reply::Balance {
        account: acc("CHK"),
        balance: usd(1500),
    };
    let (atm, c) = atm.step(Input::Session(ok(reply, Some(360))));
    assert_eq!(atm.deadline, Some(t(360)));
    assert_eq!(title(&atm), Text::Done);
    assert_eq!(
        lines(&atm),
        [
            Text::Account(acc("CHK")),
            Text::BalanceIs(usd(1500)),
            Text::AnotherTransaction
        ]
    );
    assert_eq!(labels(&atm), YES_NO);
    let done = Activity::Transaction {
        kind: TxnKind::Balance,
        amount: None,
        refusal: None,
    };
    assert_eq!(transaction(&c), Some(&done));
    assert_eq!(
        atm.clone().step(soft(Soft::Another(true))).0.screen,
        Screen::Menu
    );
    let (_, c) = atm.step(soft(Soft::Another(false)));
    assert!(matches!(asked(&c), SessionRequest::Logout));
}

#[test]
fn fast_cash_pays_out_with_cash_and_receipt_to_take() {
    let (atm, _) = at_menu().step(soft(Soft::Withdraw));
    assert_eq!(title(&atm), Text::WithdrawCash);
    let fast = [20, 60, 100, 200].map(Soft::Fast);
    assert_eq!(labels(&atm)[..4], fast);
    assert_eq!(labels(&atm)[4], Soft::Other);
    let (atm, c) = atm.step(soft(Soft::Fast(100)));
    assert!(matches!(asked(&c), SessionRequest::Withdraw { amount, .. } if *amount == usd(100)));
    let notes = Notes([(20, 5)].into_iter().collect());
    let (account, amount, balance) = (acc("CHK"), usd(100), usd(1400));
    let reply = Reply::Dispensed {
        account,
        amount,
        notes: notes.clone(),
        balance,
        requested: amount,
        fee: Money::ZERO,
        receipt: true,
    };
    let (atm, c) = atm.step(Input::Session(ok(reply, Some(300))));
    let shown = [
        Text::TakeCash(usd(100)),
        Text::BalanceIs(usd(1400)),
        Text::AnotherTransaction,
    ];
    assert_eq!(lines(&atm), shown);
    assert_eq!(atm.cash, Some((usd(100), notes)));
    let printed = [
        Text::ReceiptWithdrawal(usd(100)),
        Text::Account(acc("CHK")),
        Text::ReceiptBalance(usd(1400)),
    ];
    assert_eq!(atm.receipt.as_deref(), Some(&printed[..]));
    assert!(c.refresh);
    let (atm, _) = run(atm, [Input::TakeCash, Input::TakeReceipt]);
    assert_eq!((atm.cash, atm.receipt), (None, None));
}

#[test]
fn a_partial_dispense_says_what_came_out_and_a_printer_without_paper_prints_nothing() {
    let (atm, _) = run(at_menu(), [soft(Soft::Withdraw), soft(Soft::Fast(100))]);
    let notes = Notes([(20, 2)].into_iter().collect());
    let reply = Reply::Dispensed {
        account: acc("CHK"),
        amount: usd(40),
        notes: notes.clone(),
        balance: usd(1460),
        requested: usd(100),
        fee: Money::ZERO,
        receipt: false,
    };
    let (atm, _) = atm.step(Input::Session(ok(reply, Some(300))));
    let partly = Text::PartlyDispensed {
        amount: usd(40),
        requested: usd(100),
    };
    assert_eq!(
        lines(&atm)[..3],
        [partly, Text::TakeCash(usd(40)), Text::BalanceIs(usd(1460))]
    );
    assert_eq!((atm.cash, atm.receipt), (Some((usd(40), notes)), None));
    // A deposit without paper: done, no receipt.
    let (atm, _) = run(
        at_menu(),
        [soft(Soft::Deposit)].into_iter().chain(keys("40E")),
    );
    let reply = Reply::Deposited {
        account: acc("CHK"),
        amount: usd(40),
        balance: usd(140),
        receipt: false,
    };
    let (atm, _) = atm.step(Input::Session(ok(reply, Some(300))));
    assert_eq!((title(&atm), atm.receipt), (Text::Done, None));
}

#[test]
fn another_amount_is_typed_in_dollars_and_parsed_by_money() {
    let (atm, _) = run(at_menu(), [soft(Soft::Withdraw), soft(Soft::Other)]);
    assert_eq!(title(&atm), Text::OtherAmount);
    let (atm, c) = run(atm, keys("E"));
    assert!(c.ask.is_none());
    assert!(matches!(
        atm.message,
        Some(Text::Refusal(AtmError::BadAmount(_)))
    ));
    let (atm, _) = run(atm, keys("300"));
    assert_eq!(atm.display().entry.as_deref(), Some("$300"));
    let (_, c) = run(atm, keys("E"));
    assert!(matches!(asked(&c), SessionRequest::Withdraw { amount, .. } if *amount == usd(300)));
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
    let (atm, c) = refused_withdrawal(500, AtmError::InsufficientFunds);
    assert_eq!(title(&atm), Text::NotDone);
    assert_eq!(
        lines(&atm),
        [
            refusal(AtmError::InsufficientFunds),
            Text::AnotherTransaction
        ]
    );
    assert_eq!(labels(&atm), YES_NO);
    assert_eq!(atm.deadline, Some(t(400)));
    assert_eq!((atm.cash, atm.receipt), (None, None));
    let refusal = Some("Insufficient funds".into());
    let refused = Activity::Transaction {
        kind: TxnKind::Withdrawal,
        amount: Some(usd(500)),
        refusal,
    };
    assert_eq!(transaction(&c), Some(&refused));
}

#[test]
fn the_limits_and_the_machines_cash_are_refused_with_the_cores_sentence() {
    for rule in [
        AtmError::OverTransactionLimit { limit: usd(500) },
        AtmError::DailyLimitExceeded {
            remaining: usd(200),
        },
        AtmError::MachineCannotDispense,
        AtmError::NotesCannotMake {
            denominations: vec![20, 50],
        },
    ] {
        let (atm, _) = refused_withdrawal(600, rule.clone());
        assert_eq!(atm.screen, Screen::Refused(refusal(rule)));
        assert_eq!(title(&atm), Text::NotDone);
    }
}

#[test]
fn a_deposit_is_typed_and_printed() {
    let (atm, _) = at_menu().step(soft(Soft::Deposit));
    assert_eq!(
        (title(&atm), lines(&atm)),
        (Text::Deposit, vec![Text::TypeAmount])
    );
    let (atm, c) = run(atm, keys("40E"));
    assert!(
        matches!(asked(&c), SessionRequest::Deposit { amount, account: None } if *amount == usd(40))
    );
    let reply = Reply::Deposited {
        account: acc("CHK"),
        amount: usd(40),
        balance: usd(140),
        receipt: true,
    };
    let (atm, _) = atm.step(Input::Session(ok(reply, Some(300))));
    assert_eq!(
        lines(&atm)[..2],
        [Text::Deposited(usd(40)), Text::BalanceIs(usd(140))]
    );
    assert_eq!(
        atm.receipt.as_deref(),
        Some(
            &[
                Text::ReceiptDeposit(usd(40)),
                Text::ReceiptBalance(usd(140))
            ][..]
        )
    );
}

#[test]
fn a_transfer_goes_from_the_primary_account_to_the_one_chosen() {
    let (atm, _) = at_menu().step(soft(Soft::Transfer));
    assert_eq!(
        (title(&atm), labels(&atm)),
        (Text::Transfer, vec![Soft::To(acc("SAV"))])
    );
    let (atm, _) = atm.step(soft(Soft::To(acc("SAV"))));
    assert_eq!(title(&atm), Text::TransferTo(acc("SAV")));
    let (atm, c) = run(atm, keys("25E"));
    let SessionRequest::Transfer { from, to, amount } = asked(&c) else {
        panic!("a transfer")
    };
    assert_eq!((from, to, *amount), (&acc("CHK"), &acc("SAV"), usd(25)));
    let (from, to, amount) = (acc("CHK"), acc("SAV"), usd(25));
    let reply = Reply::Transferred {
        from,
        to,
        amount,
        from_balance: usd(75),
        to_balance: usd(125),
        receipt: true,
    };
    let (atm, _) = atm.step(Input::Session(ok(reply, Some(300))));
    assert_eq!(
        lines(&atm)[..2],
        [
            Text::Transferred {
                amount: usd(25),
                from: acc("CHK"),
                to: acc("SAV")
            },
            Text::BalanceIs(usd(75))
        ]
    );
    assert!(atm.receipt.is_some());
}

#[test]
fn a_new_pin_is_typed_twice_and_must_match() {
    let (atm, _) = at_menu().step(soft(Soft::ChangePin));
    assert_eq!(
        (title(&atm), lines(&atm)),
        (Text::ChangePin, vec![Text::TypeNewPin])
    );
    let (atm, _) = run(atm, keys("12E"));
    assert!(matches!(
        atm.message,
        Some(Text::Refusal(AtmError::BadCredential(_)))
    ));
    let (atm, _) = run(atm, keys("4321E"));
    assert!(matches!(atm.screen, Screen::ConfirmPin(_)));
    assert_eq!(lines(&atm), [Text::TypeAgain]);
    assert_eq!(atm.display().entry.as_deref(), Some(""));
    let (atm, c) = run(atm, keys("4322E"));
    assert!(c.ask.is_none());
    assert_eq!(atm.screen, Screen::NewPin);
    assert_eq!(atm.message, Some(Text::PinsDoNotMatch));
    let (atm, c) = run(atm, keys("4321E4321E"));
    let new = Pin::parse("4321").unwrap();
    assert!(matches!(asked(&c), SessionRequest::ChangePin { new_pin } if *new_pin == new));
    let (done, _) = atm
        .clone()
        .step(Input::Session(ok(Reply::PinChanged, Some(300))));
    assert_eq!(lines(&done)[0], Text::PinChanged);
    let (same, _) = atm.step(Input::Session(no(AtmError::SamePin, Some(300))));
    assert_eq!(same.screen, Screen::Refused(refusal(AtmError::SamePin)));
}

#[test]
fn history_asks_the_bank_twice_then_lists_the_entries() {
    let (atm, c) = at_menu().step(soft(Soft::History));
    assert!(matches!(
        asked(&c),
        SessionRequest::History { account: None }
    ));
    let (atm, c) = atm.step(Input::Session(ok(
        Reply::History {
            account: acc("CHK"),
        },
        Some(300),
    )));
    assert!(matches!(&c.ask, Some(Ask::History(a)) if *a == acc("CHK")));
    assert!(atm.busy());
    let at = Timestamp::parse_rfc3339("2026-11-24T09:00:00Z").unwrap().0;
    let (account, kind, amount, balance_after) =
        (acc("CHK"), Kind::Withdrawal, usd(100), usd(1100));
    let entry = Transaction {
        id: TxnId(1),
        at,
        account,
        kind,
        amount,
        balance_after,
        machine: None,
        card: None,
    };
    let (listed, _) = atm
        .clone()
        .step(Input::History(Ok(vec![entry]), UtcOffset::UTC));
    assert!(!listed.busy());
    let line = Text::Statement {
        date: at.local(UtcOffset::UTC),
        kind: Kind::Withdrawal,
        amount: usd(100),
        balance: usd(1100),
    };
    let shown = [
        Text::LastTransactions(acc("CHK")),
        line,
        Text::AnotherTransaction,
    ];
    assert_eq!(lines(&listed), shown);
    let (empty, _) = atm.step(Input::History(Ok(Vec::new()), UtcOffset::UTC));
    assert_eq!(lines(&empty)[1], Text::NoTransactions);
}

#[test]
fn near_the_deadline_the_machine_offers_more_time_and_returns_where_it_was() {
    let (atm, _) = run(
        at_menu(),
        [soft(Soft::Deposit), Input::Key(Key::Digit('5'))],
    );
    // Far from the deadline the bank is not asked.
    let (atm, c) = atm.step(tick(269));
    assert!(c.ask.is_none());
    assert_eq!(atm.screen, Screen::Amount(AmountFor::Deposit));
    let (atm, c) = atm.step(tick(270));
    assert!(matches!(c.ask, Some(Ask::Tick(s)) if s == id()));
    assert!(!atm.busy(), "a tick does not hold up the keys");
    assert_eq!(
        (title(&atm), lines(&atm)),
        (Text::NeedMoreTime, vec![Text::SessionEnding])
    );
    assert_eq!(labels(&atm), [Soft::MoreTime(true), Soft::MoreTime(false)]);
    let (atm, _) = atm.step(Input::Ticked(
        id(),
        ok(Reply::StillActive { deadline: t(300) }, Some(300)),
    ));
    let (atm, c) = atm.step(soft(Soft::MoreTime(true)));
    assert!(matches!(asked(&c), SessionRequest::MoreTime));
    let (atm, _) = atm.step(Input::Session(ok(
        Reply::MoreTime { deadline: t(580) },
        Some(580),
    )));
    assert_eq!(
        (&atm.screen, atm.deadline),
        (&Screen::Amount(AmountFor::Deposit), Some(t(580)))
    );
    // "No" ends the session.
    let (_, c) = run(atm, [tick(560), soft(Soft::MoreTime(false))]);
    assert!(matches!(asked(&c), SessionRequest::Logout));
}

#[test]
fn at_the_deadline_the_bank_ends_the_session_and_the_card_comes_out() {
    // Past the deadline there is no time left to offer: the bank is asked.
    let (atm, c) = at_menu().step(tick(300));
    assert_eq!(atm.screen, Screen::Menu);
    assert!(matches!(c.ask, Some(Ask::Tick(_))));
    let (atm, c) = atm.step(Input::Ticked(id(), ended(EndReason::Timeout)));
    assert_eq!(
        atm.screen,
        Screen::Goodbye(refusal(AtmError::SessionExpired))
    );
    assert_eq!(
        (atm.session, atm.deadline, atm.card_out),
        (None, None, true)
    );
    assert_eq!(c.report, [session_ended(SessionEnd::Timeout)]);
    // A request that finds the session expired ends it the same way.
    let (atm, c) = run(
        at_menu(),
        [
            soft(Soft::Balance),
            Input::Session(no(AtmError::SessionExpired, None)),
        ],
    );
    assert_eq!(
        atm.screen,
        Screen::Goodbye(refusal(AtmError::SessionExpired))
    );
    assert!(c.report.contains(&session_ended(SessionEnd::Timeout)));
}

#[test]
fn after_a_change_elsewhere_the_next_tick_asks_and_a_stopped_card_comes_out() {
    let (atm, c) = run(at_menu(), [Input::BankChanged, tick(10)]);
    assert!(matches!(c.ask, Some(Ask::Tick(_))));
    // Once asked, the machine waits for the next change or the prompt.
    let (atm, c) = atm.step(tick(11));
    assert!(c.ask.is_none());
    // An answer about another session is stale.
    let other = SessionId::from_random_bytes([9; 16]);
    let (same, _) = atm
        .clone()
        .step(Input::Ticked(other, ended(EndReason::CardStopped)));
    assert_eq!(same.screen, Screen::Menu);
    let (atm, c) = atm.step(Input::Ticked(id(), ended(EndReason::CardStopped)));
    assert_eq!(atm.screen, Screen::Goodbye(refusal(AtmError::CardStolen)));
    assert_eq!(c.report, [session_ended(SessionEnd::CardStopped)]);
    // Stopped in the middle of a request: refused, and the card comes out.
    let (atm, c) = run(
        at_menu(),
        [
            soft(Soft::Balance),
            Input::Session(no(AtmError::CardStolen, None)),
        ],
    );
    assert!(matches!(atm.screen, Screen::Goodbye(_)));
    assert!(c.report.contains(&session_ended(SessionEnd::CardStopped)));
}

#[test]
fn each_press_is_reported_for_a_run_with_a_pins_digits_as_dots() {
    use atm_sim::core::run::RunStep;
    let pressed = |c: &Command| -> Vec<RunStep> {
        c.report
            .iter()
            .filter_map(|a| match a {
                Activity::Pressed(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    };
    let key = |k: &str| RunStep::Key { key: k.into() };
    let (_, c) = Atm::default().step(insert());
    assert_eq!(
        pressed(&c),
        [RunStep::Insert {
            card_last4: "9012".into()
        }]
    );
    let (atm, c) = at_pin().step(Input::Key(Key::Digit('7')));
    assert_eq!(pressed(&c), [key("•")]);
    let (_, c) = atm.step(Input::Key(Key::Enter));
    assert_eq!(pressed(&c), [key("enter")]);
    // An amount's digits are themselves.
    let (atm, _) = run(at_menu(), [soft(Soft::Withdraw), soft(Soft::Other)]);
    let (_, c) = atm.step(Input::Key(Key::Digit('7')));
    assert_eq!(pressed(&c), [key("7")]);
    let (_, c) = at_menu().step(soft(Soft::Fast(60)));
    assert_eq!(
        pressed(&c),
        [RunStep::Soft {
            key: "fast:60".into()
        }]
    );
    // A press the machine ignores is not one: a card not out, a key while the bank answers.
    let (_, c) = at_menu().step(Input::TakeCard);
    assert!(pressed(&c).is_empty());
    let (busy, _) = at_menu().step(soft(Soft::Balance));
    let (_, c) = busy.step(Input::Key(Key::Digit('1')));
    assert!(pressed(&c).is_empty());
}

#[test]
fn cancel_at_each_step() {
    // Before the PIN there is no session: the card simply comes back.
    let (atm, c) = run(at_pin(), keys("12X"));
    assert!(c.ask.is_none());
    assert_eq!(atm.screen, Screen::Goodbye(Text::Cancelled));
    // A run records the press (a PIN's digits as •), then the card came out.
    let cancel = Activity::Pressed(atm_sim::core::run::RunStep::Key {
        key: "cancel".into(),
    });
    assert_eq!(c.report, [cancel, session_ended(SessionEnd::Cancelled)]);
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
    let (atm, _) = refused_withdrawal(500, AtmError::InsufficientFunds);
    assert_eq!(run(atm, keys("X")).0.screen, Screen::Menu);
    // At the menu and at the "more time" prompt it logs out.
    let (_, c) = run(at_menu(), keys("X"));
    assert!(matches!(asked(&c), SessionRequest::Logout));
    let (atm, c) = run(at_menu(), [tick(290)].into_iter().chain(keys("X")));
    assert!(matches!(asked(&c), SessionRequest::Logout));
    let (atm, c) = atm.step(Input::Session(ended(EndReason::Logout)));
    assert_eq!(title(&atm), Text::ThankYou);
    let outcome = Activity::Outcome(Ok(Reply::Ended {
        reason: EndReason::Logout,
    }));
    assert_eq!(c.report, [outcome, session_ended(SessionEnd::Logout)]);
    // With the card out (and on the welcome screen) Cancel does nothing but be pressed.
    let (atm, c) = run(atm, keys("X"));
    assert!(c.ask.is_none() && c.report.iter().all(|a| matches!(a, Activity::Pressed(_))));
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
    let (atm, c) = run(at_menu(), [soft(Soft::Balance), Input::Session(broken())]);
    let disk_full = Text::Problem(StoreError::Storage("disk full".into()));
    assert_eq!(atm.screen, Screen::Refused(disk_full));
    assert_eq!(atm.deadline, Some(t(300)));
    assert!(!c.report.iter().any(|a| matches!(a, Activity::Outcome(_))));
    // A rule the store refused with itself reads as the core's refusal, the deadline unmoved.
    let rule = AtmError::AccountNotOnCard;
    let answer = Input::Session(Err(StoreError::Rule(rule.clone())));
    let (atm, c) = run(at_menu(), [soft(Soft::Balance), answer]);
    assert_eq!(
        (&atm.screen, atm.deadline),
        (&Screen::Refused(refusal(rule.clone())), Some(t(300)))
    );
    assert!(c.report.contains(&Activity::Outcome(Err(rule))));
}

#[test]
fn the_card_is_taken_only_once_it_is_out() {
    let (atm, c) = at_menu().step(Input::TakeCard);
    assert!(atm.card.is_some() && !c.refresh);
}

/// Cash of `dollars` presented at `t(0)`, the receipt taken.
fn with_cash(dollars: i64) -> Atm {
    let (atm, _) = run(at_menu(), [soft(Soft::Withdraw), soft(Soft::Fast(dollars))]);
    let reply = Reply::Dispensed {
        account: acc("CHK"),
        amount: usd(dollars),
        notes: Notes([(20, (dollars / 20) as u32)].into_iter().collect()),
        balance: usd(1000 - dollars),
        requested: usd(dollars),
        fee: Money::ZERO,
        receipt: false,
    };
    atm.step(Input::Session(ok(reply, Some(300)))).0
}

#[test]
fn cash_left_30_seconds_is_taken_back_and_the_screen_says_so() {
    let atm = with_cash(60);
    // The first tick starts the count; 29 seconds later nothing is asked.
    let (atm, c) = run(atm, [tick(1), tick(30)]);
    assert!(c.ask.is_none(), "{:?}", c.ask);
    let (atm, c) = atm.step(tick(31));
    assert!(matches!(&c.ask, Some(Ask::Retract(s, _)) if *s == id()));
    assert!(atm.busy(), "keys wait for the answer");
    let back = Reply::Retracted {
        account: acc("CHK"),
        amount: usd(60),
        balance: usd(1000),
    };
    let (atm, c) = atm.step(Input::Retracted(ok(back.clone(), Some(300))));
    assert_eq!(atm.cash, None);
    assert_eq!(atm.message, Some(Text::CashRetracted(usd(60))));
    assert!(c.refresh);
    assert!(c.report.contains(&Activity::Reversal {
        amount: usd(60),
        reason: atm_sim::core::events::ReversalReason::CashNotTaken,
    }));
    // Nothing more to take back.
    let (_, c) = atm.step(tick(90));
    assert!(!matches!(c.ask, Some(Ask::Retract(..))));
    // Cash taken in time is never asked about; a refused retract is not asked again.
    let (_, c) = run(with_cash(60), [tick(1), Input::TakeCash, tick(60)]);
    assert!(!matches!(c.ask, Some(Ask::Retract(..))));
    let (atm, _) = run(with_cash(60), [tick(1), tick(31)]);
    let refused = AtmError::Invalid {
        field: "retract".into(),
        reason: "too early".into(),
    };
    let (atm, _) = atm.step(Input::Retracted(no(refused, Some(300))));
    assert!(atm.cash.is_some());
    let (_, c) = atm.step(tick(90));
    assert!(!matches!(c.ask, Some(Ask::Retract(..))));
}

#[test]
fn a_card_left_30_seconds_is_captured_and_the_welcome_screen_says_where() {
    let (atm, _) = run(at_pin(), [Input::Key(Key::Cancel)]);
    assert!(atm.card_out);
    let (atm, c) = run(atm, [tick(0), tick(29)]);
    assert!(c.ask.is_none());
    let (atm, c) = atm.step(tick(30));
    assert!(matches!(&c.ask, Some(Ask::Card(_, CardRequest::Capture))));
    let kept = Reply::Captured {
        machine: MachineId::from("ATM001"),
    };
    let (atm, c) = atm.step(Input::Card(ok(kept, None)));
    assert_eq!((atm.card.clone(), atm.card_out), (None, false));
    assert_eq!(title(&atm), Text::Welcome);
    assert_eq!(
        atm.message,
        Some(Text::Refusal(AtmError::CardRetained {
            machine: MachineId::from("ATM001")
        }))
    );
    assert!(c.report.contains(&Activity::CardRetained {
        card_last4: "9012".into(),
        machine: "ATM001".into(),
    }));
    // A card taken in time is not captured.
    let (atm, _) = run(
        at_pin(),
        [Input::Key(Key::Cancel), tick(0), Input::TakeCard],
    );
    let (_, c) = atm.step(tick(60));
    assert!(c.ask.is_none());
}

#[test]
fn the_host_offline_at_the_slot_gives_the_card_back_and_at_the_pin_asks_again() {
    let (atm, _) = run(
        Atm::default(),
        [insert(), Input::Card(no(AtmError::HostOffline, None))],
    );
    assert!(atm.card_out);
    assert_eq!(title(&atm), refusal(AtmError::HostOffline));
    let (atm, _) = run(at_pin(), keys("1234E"));
    let (atm, _) = atm.step(Input::Card(no(AtmError::HostOffline, None)));
    assert_eq!(atm.screen, Screen::Pin);
    assert!(!atm.card_out);
    assert_eq!(atm.message, Some(refusal(AtmError::HostOffline)));
}

#[test]
fn the_last_wrong_pin_with_retention_keeps_the_card_and_ends_the_session() {
    let until = t(1800).local(UtcOffset::UTC);
    let machine = MachineId::from("ATM001");
    let (atm, _) = run(at_pin(), keys("9999E"));
    let rule = AtmError::BlockedAndRetained {
        until,
        machine: machine.clone(),
    };
    let (atm, c) = atm.step(Input::Card(no(rule.clone(), None)));
    assert_eq!((atm.card.clone(), atm.card_out), (None, false));
    assert_eq!(atm.message, Some(Text::Refusal(rule)));
    assert!(c.report.contains(&Activity::SessionEnded {
        reason: SessionEnd::CardRetained
    }));
    assert!(c.report.contains(&Activity::CardRetained {
        card_last4: "9012".into(),
        machine: "ATM001".into(),
    }));
}

#[test]
fn without_a_receipt_the_machine_asks_before_going_on() {
    let (atm, _) = run(at_pin(), keys("1234E"));
    let (atm, _) = atm.step(Input::Card(ok(login(false), Some(300))));
    assert_eq!(title(&atm), Text::NoReceipt);
    assert_eq!(lines(&atm), [Text::GoOnWithoutReceipt]);
    let (menu, _) = atm.clone().step(soft(Soft::Another(true)));
    assert_eq!(menu.screen, Screen::Menu);
    let (_, c) = atm.step(soft(Soft::Another(false)));
    assert!(matches!(asked(&c), SessionRequest::Logout));
}

#[test]
fn each_fault_that_struck_is_reported_to_the_listeners() {
    use atm_sim::core::machine::{Device, FaultKind};
    let (atm, _) = run(at_menu(), [soft(Soft::Withdraw), soft(Soft::Fast(100))]);
    let jam = AtmError::DispenserJam { amount: usd(100) };
    let answer = Ok(Answer {
        outcome: Err(jam.clone()),
        deadline: Some(t(300)),
        faults: vec![(Device::Dispenser, FaultKind::Jam)],
    });
    let (atm, c) = atm.step(Input::Session(answer));
    assert_eq!(title(&atm), Text::NotDone);
    assert!(c.report.contains(&Activity::Fault {
        device: Device::Dispenser,
        kind: FaultKind::Jam,
        machine: "ATM001".into(),
    }));
    assert!(c.report.contains(&Activity::Reversal {
        amount: usd(100),
        reason: atm_sim::core::events::ReversalReason::DispenserJam,
    }));
}

#[test]
fn a_new_bank_empties_the_machine_and_a_notice_shows_under_the_title() {
    let (atm, _) = run(at_menu(), [soft(Soft::Balance), Input::Reset]);
    assert_eq!(atm.screen, Screen::Welcome);
    assert!(atm.card.is_none() && atm.session.is_none() && !atm.busy());
    // The answer to the request made before the reset is dropped.
    let (atm, c) = atm.step(Input::Session(ok(Reply::PinChanged, Some(300))));
    assert_eq!((&atm.screen, c.report.len()), (&Screen::Welcome, 0));
    let (atm, _) = atm.step(Input::Notice("There is no scenario 9".into()));
    assert_eq!(
        atm.display().message,
        Some(Text::Notice("There is no scenario 9".into()))
    );
}

// ---- Talking mode: what each step says ----

/// Steps through `inputs`, collecting what talking mode says at each.
fn said(atm: Atm, inputs: impl IntoIterator<Item = Input>) -> (Atm, Vec<Vec<Text>>) {
    inputs
        .into_iter()
        .fold((atm, Vec::new()), |(atm, mut heard), input| {
            let (next, _) = atm.clone().step(input);
            heard.extend(speech::speech(&atm, &next));
            (next, heard)
        })
}

fn key_at(right: bool, n: usize, key: Soft) -> Text {
    Text::SoftKeyAt { right, n, key }
}

#[test]
fn talking_mode_says_digit_entered_for_a_pin_and_never_the_digit() {
    let (_, heard) = said(at_pin(), keys("5678C97"));
    let digit = || vec![Text::DigitEntered];
    let expected = [
        digit(),
        digit(),
        digit(),
        digit(),
        vec![Text::Cleared],
        digit(),
        digit(),
    ];
    assert_eq!(heard, expected);
    // Change PIN's two screens hide the digits the same way.
    let (atm, _) = run(at_menu(), [soft(Soft::ChangePin)]);
    let (_, heard) = said(atm, keys("4321"));
    assert_eq!(heard, vec![digit(); 4]);
}

#[test]
fn talking_mode_speaks_each_screen_with_its_soft_keys_by_side_and_position() {
    let (_, heard) = said(
        Atm::default(),
        [insert(), Input::Card(ok(Reply::CardAccepted, None))],
    );
    assert_eq!(heard, [vec![Text::EnterPin, Text::ThenEnter]]);
    let menu = speech::screen(&at_menu().display());
    assert_eq!(
        menu,
        [
            Text::Hello("Pat Doe".into()),
            Text::ChooseTransaction,
            key_at(false, 1, Soft::Balance),
            key_at(false, 2, Soft::Withdraw),
            key_at(false, 3, Soft::Deposit),
            key_at(false, 4, Soft::History),
            key_at(true, 1, Soft::Transfer),
            key_at(true, 2, Soft::ChangePin),
            key_at(true, 3, Soft::Exit),
        ]
    );
    // An amount's digits are spoken: they are no secret.
    let (atm, _) = run(at_menu(), [soft(Soft::Withdraw), soft(Soft::Other)]);
    let (_, heard) = said(atm, keys("45C"));
    let expected = [
        vec![Text::Digit('4')],
        vec![Text::Digit('5')],
        vec![Text::Cleared],
    ];
    assert_eq!(heard, expected);
}

#[test]
fn talking_mode_speaks_a_refusal_what_comes_out_and_the_session_warning() {
    // A wrong PIN: the refusal, on the PIN screen spoken again.
    let wrong = AtmError::WrongPin { tries_left: 2 };
    let (_, heard) = said(
        at_pin(),
        keys("1111E")
            .into_iter()
            .chain([Input::Card(no(wrong.clone(), None))]),
    );
    let expected = [Text::EnterPin, refusal(wrong), Text::ThenEnter];
    assert_eq!(heard.last().unwrap(), &expected);

    // A withdrawal: the cash handed out, then the receipt and the card.
    let (atm, _) = run(at_menu(), [soft(Soft::Withdraw)]);
    let reply = Reply::Dispensed {
        account: acc("CHK"),
        amount: usd(60),
        notes: Notes([(20, 3)].into_iter().collect()),
        balance: usd(1440),
        requested: usd(60),
        fee: Money::ZERO,
        receipt: true,
    };
    let (atm, heard) = said(
        atm,
        [soft(Soft::Fast(60)), Input::Session(ok(reply, Some(300)))],
    );
    let done = [
        Text::Done,
        Text::TakeCash(usd(60)),
        Text::BalanceIs(usd(1440)),
        Text::AnotherTransaction,
        key_at(false, 1, Soft::Another(true)),
        key_at(false, 2, Soft::Another(false)),
        Text::CashOut(usd(60)),
        Text::ReceiptPrinted,
    ];
    assert_eq!(heard.last().unwrap(), &done);
    let (_, heard) = said(
        atm,
        [
            Input::TakeCash,
            soft(Soft::Another(false)),
            Input::Session(ended(EndReason::Logout)),
        ],
    );
    assert!(
        heard.iter().any(|h| h.contains(&Text::CardComesOut)),
        "{heard:?}"
    );

    // Thirty seconds before the end, the warning is a screen of its own.
    let (_, heard) = said(at_menu(), [tick(271)]);
    let warning = [
        Text::NeedMoreTime,
        Text::SessionEnding,
        key_at(false, 1, Soft::MoreTime(true)),
        key_at(false, 2, Soft::MoreTime(false)),
    ];
    assert_eq!(heard, [warning]);
}

#[test]
fn talking_mode_is_quiet_when_nothing_a_person_hears_changes() {
    let (_, heard) = said(at_menu(), [tick(10), tick(11)]);
    assert!(heard.is_empty(), "{heard:?}");
}

#[test]
fn a_machine_without_a_fee_for_this_card_withdraws_at_once() {
    let (_, c) = run(at_menu(), [soft(Soft::Withdraw), soft(Soft::Fast(20))]);
    assert!(matches!(
        asked(&c),
        SessionRequest::Withdraw { amount, fee, .. } if *amount == usd(20) && *fee == Money::ZERO
    ));
}

#[test]
fn a_fee_is_shown_and_accepted_before_any_cash_moves() {
    let fee = Money::from_cents(350);
    let (atm, c) = run(
        at_menu_with_fee(fee),
        [soft(Soft::Withdraw), soft(Soft::Fast(100))],
    );
    // Nothing asked of the bank yet: the screen states the fee and asks.
    assert!(c.ask.is_none());
    assert_eq!(title(&atm), Text::FeeTitle);
    assert_eq!(
        lines(&atm),
        [
            Text::FeeNotice {
                amount: usd(100),
                fee
            },
            Text::AcceptOrDecline
        ]
    );
    assert_eq!(labels(&atm), [Soft::Fee(true), Soft::Fee(false)]);
    let (atm, c) = atm.step(soft(Soft::Fee(true)));
    assert!(matches!(
        asked(&c),
        SessionRequest::Withdraw { amount, fee: f, .. } if *amount == usd(100) && *f == fee
    ));
    let reply = Reply::Dispensed {
        account: acc("CHK"),
        amount: usd(100),
        notes: Notes([(20, 5)].into_iter().collect()),
        balance: Money::from_cents(139_650),
        requested: usd(100),
        fee,
        receipt: true,
    };
    let (atm, _) = atm.step(Input::Session(ok(reply, Some(300))));
    assert_eq!(
        lines(&atm),
        [
            Text::TakeCash(usd(100)),
            Text::FeeCharged(fee),
            Text::BalanceIs(Money::from_cents(139_650)),
            Text::AnotherTransaction
        ]
    );
    assert_eq!(
        atm.receipt.as_deref(),
        Some(
            &[
                Text::ReceiptWithdrawal(usd(100)),
                Text::ReceiptFee(fee),
                Text::Account(acc("CHK")),
                Text::ReceiptBalance(Money::from_cents(139_650)),
            ][..]
        )
    );
}

#[test]
fn a_declined_fee_asks_the_bank_to_note_it_and_offers_another_transaction() {
    let fee = Money::from_cents(300);
    let (atm, _) = run(
        at_menu_with_fee(fee),
        [soft(Soft::Withdraw), soft(Soft::Other)],
    );
    let (atm, c) = run(atm, keys("60E"));
    assert!(c.ask.is_none());
    assert_eq!(title(&atm), Text::FeeTitle);
    let (atm, c) = atm.step(soft(Soft::Fee(false)));
    assert!(matches!(
        asked(&c),
        SessionRequest::DeclineFee { amount, fee: f } if *amount == usd(60) && *f == fee
    ));
    let (atm, c) = atm.step(Input::Session(ok(
        Reply::FeeDeclined {
            amount: usd(60),
            fee,
        },
        Some(310),
    )));
    assert_eq!(lines(&atm), [Text::FeeDeclined, Text::AnotherTransaction]);
    assert_eq!(atm.cash, None);
    assert_eq!(atm.deadline, Some(t(310)));
    // Not a transaction for the listeners, but an outcome the goals hear.
    assert!(
        !c.report
            .iter()
            .any(|a| matches!(a, Activity::Transaction { .. }))
    );
    assert!(
        c.report
            .iter()
            .any(|a| matches!(a, Activity::Outcome(Ok(Reply::FeeDeclined { .. }))))
    );
    assert_eq!(labels(&atm), [Soft::Another(true), Soft::Another(false)]);
    // Cancel on the fee screen goes back to the menu without asking the bank.
    let (atm, _) = run(
        atm,
        [
            soft(Soft::Another(true)),
            soft(Soft::Withdraw),
            soft(Soft::Fast(20)),
        ],
    );
    let (atm, c) = run(atm, keys("X"));
    assert!(c.ask.is_none());
    assert_eq!(atm.screen, Screen::Menu);
}

#[test]
fn a_refused_surcharged_withdrawal_shows_the_cores_sentence() {
    let fee = Money::from_cents(300);
    let (atm, _) = run(
        at_menu_with_fee(fee),
        [
            soft(Soft::Withdraw),
            soft(Soft::Fast(200)),
            soft(Soft::Fee(true)),
        ],
    );
    let (atm, _) = atm.step(Input::Session(no(AtmError::InsufficientFunds, Some(300))));
    assert_eq!(
        atm.screen,
        Screen::Refused(refusal(AtmError::InsufficientFunds))
    );
    assert_eq!(atm.cash, None);
}
