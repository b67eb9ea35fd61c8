//! The coach's next step (`flow::coach::next`) on every screen, and the coach leading a learner
//! through whole scenarios against the in-memory bank: each step presses only the control the
//! coach names, until every goal is met.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use atm_sim::core::goals::{Goal, GoalTracker};
use atm_sim::core::money::Dollars;
use atm_sim::core::ops::Reply;
use atm_sim::core::run::{PIN_DIGIT, Run, RunEvent, RunStep};
use atm_sim::core::*;
use atm_sim::flow::coach::{Advice, Control, KnownCard, Step, next};
use atm_sim::flow::replay::{self, Press};
use atm_sim::flow::*;
use common::*;

const TRAINING: &str = include_str!("../examples/scenarios/training.json");

fn known(pin: Option<&str>, blocked: bool) -> KnownCard {
    KnownCard {
        last4: "4242".into(),
        pin: pin.map(String::from),
        blocked,
    }
}

fn usd(d: i64) -> Money {
    Money::from_dollars(d)
}

fn withdraw_60() -> Goal {
    Goal::Withdraw {
        amount: Some(Dollars(usd(60))),
    }
}

/// The machine, driven by the coach's controls and answered by a real bank.
struct Walk {
    bank: Bank,
    atm: Atm,
    now: Timestamp,
    machine: MachineId,
    number: CardNumber,
    tracker: GoalTracker,
    pressed: Vec<Control>,
    /// The run as the page records it: presses and what the bank answered.
    recorded: Vec<RunEvent>,
}

impl Walk {
    fn new(scenario: Scenario, number: &str) -> Walk {
        let machine = m(&scenario.machines[0].id);
        let tracker = GoalTracker::new(scenario.goals.clone());
        Walk {
            bank: bank_from(scenario),
            atm: Atm::default(),
            now: t0(),
            machine,
            number: card(number),
            tracker,
            pressed: Vec::new(),
            recorded: Vec::new(),
        }
    }

    fn card(&self, pin: &str) -> KnownCard {
        let record = self.bank.card(&self.number).unwrap();
        KnownCard {
            last4: self.number.last4().to_string(),
            pin: Some(pin.into()),
            blocked: matches!(record.status_at(self.now), CardStatus::Blocked { .. }),
        }
    }

    fn send(&mut self, input: Input) {
        let mut next_input = Some(input);
        while let Some(input) = next_input.take() {
            let (atm, c) = std::mem::take(&mut self.atm).step(input);
            self.atm = atm;
            let at_ms = self.recorded.len() as u64 * 100;
            for a in &c.report {
                match a {
                    Activity::Outcome(o) => {
                        self.tracker.observe(o);
                        for step in replay::seen(o) {
                            self.recorded.push(RunEvent { at_ms, step });
                        }
                    }
                    Activity::Pressed(step) => self.recorded.push(RunEvent {
                        at_ms,
                        step: step.clone(),
                    }),
                    _ => {}
                }
            }
            next_input = c.ask.map(|ask| self.answer(ask));
        }
    }

    fn answer(&self, ask: Ask) -> Input {
        let (b, m, now) = (&self.bank, &self.machine, self.now);
        match ask {
            Ask::Card(number, request) => Input::Card(Ok(b.answer_card(m, &number, request, now))),
            Ask::Session(id, request) => Input::Session(Ok(b.answer_session(m, id, request, now))),
            Ask::History(account) => {
                Input::History(Ok(b.history(&account, HISTORY_LINES)), UtcOffset::UTC)
            }
            Ask::Tick(id) => Input::Ticked(
                id,
                Ok(b.answer_session(m, id, ops::SessionRequest::Tick, now)),
            ),
            Ask::Retract(id, _) => Input::Retracted(Ok(b.answer_session(
                m,
                id,
                ops::SessionRequest::Retract,
                now,
            ))),
        }
    }

    /// Presses what the coach points at, as the page would.
    fn press(&mut self, control: Control) {
        self.pressed.push(control.clone());
        let input = match control {
            Control::Insert(last4) => {
                assert_eq!(last4, self.number.last4());
                Input::Insert {
                    card: self.number.clone(),
                    machine: self.machine.clone(),
                }
            }
            Control::Key(k) => Input::Key(k),
            Control::Soft(s) => Input::Soft(s),
            Control::TakeCard => Input::TakeCard,
            Control::TakeCash => Input::TakeCash,
            Control::TakeReceipt => Input::TakeReceipt,
            Control::AdvanceClock => {
                self.clock(30);
                Input::BankChanged
            }
            // The button beside the machine, as the page answers it: the goals hear the reply.
            Control::ReportProblem => {
                let reply = self.bank.report_problem(&self.machine, self.now);
                self.tracker.observe(&reply);
                return;
            }
        };
        self.send(input);
    }

    fn clock(&mut self, minutes: i64) {
        self.now = self.now.plus_secs(minutes * 60);
        let at_ms = self.recorded.len() as u64 * 100;
        self.recorded.push(RunEvent {
            at_ms,
            step: RunStep::Clock { minutes },
        });
    }

    /// Replays `run`'s presses, typing `pin` where it has `•`.
    fn replay(&mut self, run: &Run, pin: &str) {
        for (_, press) in replay::presses(&run.events, Some(pin)) {
            match press {
                Press::Insert(last4) => {
                    assert_eq!(last4, self.number.last4());
                    self.send(Input::Insert {
                        card: self.number.clone(),
                        machine: self.machine.clone(),
                    });
                }
                Press::Input(input) => self.send(input),
                Press::Clock(minutes) => {
                    self.clock(minutes);
                    self.send(Input::BankChanged);
                }
            }
        }
    }

    /// Follows the coach until every goal is met; the number of presses it took.
    fn follow(&mut self, pin: &str) -> usize {
        for n in 0..200 {
            let goal = self
                .tracker
                .goals()
                .find(|(_, met)| !met)
                .map(|(g, _)| g.clone());
            let Some(goal) = goal else { return n };
            let step = next(&self.atm, &goal, &self.card(pin));
            let Some(control) = step.control.clone() else {
                panic!("no control for {goal:?} on {:?}: {step:?}", self.atm.screen);
            };
            self.press(control);
        }
        panic!(
            "the coach went round in circles: {:?}",
            &self.pressed[self.pressed.len() - 20..]
        );
    }
}

#[test]
fn the_coach_leads_through_the_training_scenario_by_its_controls_alone() {
    let mut walk = Walk::new(Scenario::from_json(TRAINING).unwrap(), "4532777788884242");
    let presses = walk.follow("2468");
    assert!(walk.tracker.is_complete());
    assert!(presses < 60, "{presses} presses");
    // It went through the fast-cash key, three wrong PINs and the clock.
    assert!(walk.pressed.contains(&Control::Soft(Soft::Fast(60))));
    assert!(walk.pressed.contains(&Control::AdvanceClock));
    assert_eq!(walk.bank.account(&acc("ACC100")).unwrap().balance, usd(440));
}

#[test]
fn the_coach_leads_to_every_goal_it_can_name() {
    let goals = r#"[ { "type": "check_balance" }, { "type": "withdraw", "amount": "130.00" },
        { "type": "deposit", "amount": "40.00" }, { "type": "transfer" },
        { "type": "view_history" }, { "type": "change_pin" }, { "type": "withdraw" } ]"#;
    let scenario = Scenario::from_json(&format!(
        r#"{{ "users": [ {{ "id": "U1", "name": "Pat",
              "accounts": [ {{ "id": "CHK", "balance": "1000.00" }}, {{ "id": "SAV", "balance": "50.00" }} ],
              "cards": [ {{ "number": "4000056655665556", "pin": "1234" }} ] }} ],
            "machines": [ {{ "id": "ATM009", "location": "Station", "notes": {{ "20": 100, "50": 20 }} }} ],
            "goals": {goals} }}"#
    ))
    .unwrap();
    let mut walk = Walk::new(scenario, "4000056655665556");
    // After the PIN change the coach's sticky note is out of date; the goals before it use it.
    walk.follow("1234");
    assert!(walk.tracker.is_complete());
    assert!(
        walk.pressed.contains(&Control::Soft(Soft::Other)),
        "$130 is typed"
    );
    let chk = walk.bank.account(&acc("CHK")).unwrap().balance;
    // $1,000 − $130 + $40 − the transfer's $20 (the $130 met "withdraw anything" too).
    assert_eq!(chk, usd(890));
}

#[test]
fn the_coach_leads_through_the_fees_scenario_declining_then_accepting() {
    let fees = Scenario::from_json(include_str!("../examples/scenarios/fees.json")).unwrap();
    let mut walk = Walk::new(fees, "4532777788883504");
    walk.follow("1357");
    assert!(walk.tracker.is_complete());
    assert!(walk.pressed.contains(&Control::Soft(Soft::Fee(false))));
    assert!(walk.pressed.contains(&Control::Soft(Soft::Fee(true))));
    // $120 − $20 − the $3.50 fee, once: the declined one charged nothing.
    let balance = walk.bank.account(&acc("ACC200")).unwrap().balance;
    assert_eq!(balance, Money::from_cents(9_650));
}

#[test]
fn at_a_skimmed_machine_the_coach_points_at_the_report_button_not_the_slot() {
    let mut skimmer =
        Scenario::from_json(include_str!("../examples/scenarios/skimmer.json")).unwrap();
    skimmer.goals.truncate(1);
    assert_eq!(skimmer.goals, [Goal::ReportProblem]);
    let mut walk = Walk::new(skimmer, "4532777788886101");
    let first = next(&walk.atm, &Goal::ReportProblem, &walk.card("8642"));
    assert_eq!(
        (first.control, first.advice),
        (Some(Control::ReportProblem), Advice::ReportProblem)
    );
    assert_eq!(walk.follow("8642"), 1);
    assert!(!walk.bank.machine(&m("ATM300")).unwrap().in_service);
    // With a card already in, the coach first takes it out (Exit from the menu).
    let menu = next(
        &at(logged_in()),
        &Goal::ReportProblem,
        &known(Some("2468"), false),
    );
    assert_eq!(control(menu), Some(Control::Soft(Soft::Exit)));
}

/// The machine after `inputs` from the start.
fn at(inputs: impl IntoIterator<Item = Input>) -> Atm {
    inputs
        .into_iter()
        .fold(Atm::default(), |atm, i| atm.step(i).0)
}

fn answer(outcome: Result<Reply, AtmError>) -> StoreResultAnswer {
    Ok(Answer {
        outcome,
        deadline: Some(t0().plus_secs(300)),
        faults: Vec::new(),
    })
}

type StoreResultAnswer = atm_sim::store::StoreResult<Answer>;

fn inserted() -> Vec<Input> {
    vec![
        Input::Insert {
            card: card("4532777788884242"),
            machine: m("ATM100"),
        },
        Input::Card(answer(Ok(Reply::CardAccepted))),
    ]
}

/// The right PIN typed and answered: `accounts`, a printer with or without paper, a fee.
fn login_as(accounts: &[&str], receipt: bool, fee: Money) -> Vec<Input> {
    let mut v = inserted();
    v.extend("2468".chars().map(|d| Input::Key(Key::Digit(d))));
    v.push(Input::Key(Key::Enter));
    v.push(Input::Card(answer(Ok(Reply::LoggedIn {
        session: SessionId::from_random_bytes([3; 16]),
        name: "Dana".into(),
        accounts: accounts.iter().map(|a| acc(a)).collect(),
        deadline: t0().plus_secs(300),
        receipt,
        fee,
    }))));
    v
}

fn logged_in() -> Vec<Input> {
    login_as(&["ACC100", "SAV100"], true, Money::ZERO)
}

/// Logged in at a machine that charges this card $3.50.
fn fee_login() -> Vec<Input> {
    login_as(&["ACC100"], true, Money::from_cents(350))
}

fn with(mut v: Vec<Input>, more: impl IntoIterator<Item = Input>) -> Vec<Input> {
    v.extend(more);
    v
}

fn control(step: Step) -> Option<Control> {
    step.control
}

/// A screen reached by the inputs, the goal, and the control and advice expected there.
type Case = (&'static str, Vec<Input>, Goal, Option<Control>, Advice);

#[test]
fn on_every_screen_the_coach_names_one_next_step() {
    let card = known(Some("2468"), false);
    let soft = |s| Input::Soft(s);
    let key = |k| Input::Key(k);
    let digit = |d| Input::Key(Key::Digit(d));
    let goal = withdraw_60();
    let k = |c| Some(Control::Key(c));
    let cases: Vec<Case> = vec![
        (
            "welcome",
            vec![],
            goal.clone(),
            Some(Control::Insert("4242".into())),
            Advice::InsertCard("4242".into()),
        ),
        (
            "welcome, blocked, to recover",
            vec![],
            Goal::RecoverBlockedCard,
            Some(Control::AdvanceClock),
            Advice::WaitForBlock,
        ),
        (
            "busy",
            vec![inserted()[0].clone()],
            goal.clone(),
            None,
            Advice::Wait,
        ),
        (
            "PIN, first digit",
            inserted(),
            goal.clone(),
            k(Key::Digit('2')),
            Advice::TypePin,
        ),
        (
            "PIN, next digit",
            with(inserted(), [digit('2'), digit('4')]),
            goal.clone(),
            k(Key::Digit('6')),
            Advice::TypePin,
        ),
        (
            "PIN, typed",
            with(inserted(), "2468".chars().map(digit)),
            goal.clone(),
            k(Key::Enter),
            Advice::TypePin,
        ),
        (
            "PIN, mistyped",
            with(inserted(), [digit('9')]),
            goal.clone(),
            k(Key::Clear),
            Advice::TypePin,
        ),
        (
            "PIN, to block",
            inserted(),
            Goal::GetCardBlocked,
            k(Key::Digit('3')),
            Advice::TypeWrongPin,
        ),
        (
            "menu, withdraw",
            logged_in(),
            goal.clone(),
            Some(Control::Soft(Soft::Withdraw)),
            Advice::Press(Soft::Withdraw),
        ),
        (
            "menu, balance",
            logged_in(),
            Goal::CheckBalance,
            Some(Control::Soft(Soft::Balance)),
            Advice::Press(Soft::Balance),
        ),
        (
            "menu, history",
            logged_in(),
            Goal::ViewHistory,
            Some(Control::Soft(Soft::History)),
            Advice::Press(Soft::History),
        ),
        (
            "menu, deposit",
            logged_in(),
            Goal::Deposit { amount: None },
            Some(Control::Soft(Soft::Deposit)),
            Advice::Press(Soft::Deposit),
        ),
        (
            "menu, transfer",
            logged_in(),
            Goal::Transfer,
            Some(Control::Soft(Soft::Transfer)),
            Advice::Press(Soft::Transfer),
        ),
        (
            "menu, PIN",
            logged_in(),
            Goal::ChangePin,
            Some(Control::Soft(Soft::ChangePin)),
            Advice::Press(Soft::ChangePin),
        ),
        (
            "menu, to block",
            logged_in(),
            Goal::GetCardBlocked,
            Some(Control::Soft(Soft::Exit)),
            Advice::Press(Soft::Exit),
        ),
        (
            "fast cash",
            with(logged_in(), [soft(Soft::Withdraw)]),
            goal.clone(),
            Some(Control::Soft(Soft::Fast(60))),
            Advice::Press(Soft::Fast(60)),
        ),
        (
            "fast cash lacks it",
            with(logged_in(), [soft(Soft::Withdraw)]),
            Goal::Withdraw {
                amount: Some(Dollars(usd(130))),
            },
            Some(Control::Soft(Soft::Other)),
            Advice::Press(Soft::Other),
        ),
        (
            "withdraw, other goal",
            with(logged_in(), [soft(Soft::Withdraw)]),
            Goal::CheckBalance,
            k(Key::Cancel),
            Advice::BackToMenu,
        ),
        (
            "amount",
            with(
                logged_in(),
                [soft(Soft::Withdraw), soft(Soft::Other), digit('1')],
            ),
            Goal::Withdraw {
                amount: Some(Dollars(usd(130))),
            },
            k(Key::Digit('3')),
            Advice::TypeAmount(usd(130)),
        ),
        (
            "amount, deposit",
            with(logged_in(), [soft(Soft::Deposit), digit('4'), digit('0')]),
            Goal::Deposit {
                amount: Some(Dollars(usd(40))),
            },
            k(Key::Enter),
            Advice::TypeAmount(usd(40)),
        ),
        (
            "amount, other goal",
            with(logged_in(), [soft(Soft::Deposit)]),
            goal.clone(),
            k(Key::Cancel),
            Advice::BackToMenu,
        ),
        (
            "transfer to",
            with(logged_in(), [soft(Soft::Transfer)]),
            Goal::Transfer,
            Some(Control::Soft(Soft::To(acc("SAV100")))),
            Advice::Press(Soft::To(acc("SAV100"))),
        ),
        (
            "transfer amount",
            with(
                logged_in(),
                [soft(Soft::Transfer), soft(Soft::To(acc("SAV100")))],
            ),
            Goal::Transfer,
            k(Key::Digit('2')),
            Advice::TypeAmount(usd(20)),
        ),
        (
            "new PIN",
            with(logged_in(), [soft(Soft::ChangePin)]),
            Goal::ChangePin,
            k(Key::Digit('8')),
            Advice::TypeNewPin,
        ),
        (
            "new PIN again",
            with(
                logged_in(),
                [soft(Soft::ChangePin)]
                    .into_iter()
                    .chain("8642".chars().map(digit))
                    .chain([key(Key::Enter)]),
            ),
            Goal::ChangePin,
            k(Key::Digit('8')),
            Advice::TypeNewPin,
        ),
        (
            "new PIN, other goal",
            with(logged_in(), [soft(Soft::ChangePin)]),
            goal.clone(),
            k(Key::Cancel),
            Advice::BackToMenu,
        ),
        (
            "more time",
            with(
                logged_in(),
                [Input::Tick {
                    now: t0().plus_secs(280),
                    prompt_secs: 30,
                }],
            ),
            goal.clone(),
            Some(Control::Soft(Soft::MoreTime(true))),
            Advice::Press(Soft::MoreTime(true)),
        ),
        (
            "card out",
            with(inserted(), [key(Key::Cancel)]),
            goal.clone(),
            Some(Control::TakeCard),
            Advice::TakeCard,
        ),
        (
            "welcome, a machine to report",
            vec![],
            Goal::ReportProblem,
            Some(Control::ReportProblem),
            Advice::ReportProblem,
        ),
        (
            "menu, a fee to decline",
            logged_in(),
            Goal::DeclineFee,
            Some(Control::Soft(Soft::Withdraw)),
            Advice::Press(Soft::Withdraw),
        ),
        (
            "fee screen, to decline",
            with(fee_login(), [soft(Soft::Withdraw), soft(Soft::Fast(20))]),
            Goal::DeclineFee,
            Some(Control::Soft(Soft::Fee(false))),
            Advice::Press(Soft::Fee(false)),
        ),
        (
            "fee screen, to accept",
            with(fee_login(), [soft(Soft::Withdraw), soft(Soft::Fast(20))]),
            Goal::AcceptFee,
            Some(Control::Soft(Soft::Fee(true))),
            Advice::Press(Soft::Fee(true)),
        ),
        (
            "fee screen, on the way to cash",
            with(fee_login(), [soft(Soft::Withdraw), soft(Soft::Fast(60))]),
            goal.clone(),
            Some(Control::Soft(Soft::Fee(true))),
            Advice::Press(Soft::Fee(true)),
        ),
    ];
    for (name, inputs, goal, want, advice) in cases {
        let mut card = card.clone();
        card.blocked = matches!(goal, Goal::RecoverBlockedCard);
        let got = next(&at(inputs), &goal, &card);
        assert_eq!((got.control, got.advice), (want, advice), "{name}");
    }
}

#[test]
fn answers_lead_on_cash_and_receipt_first_then_another_transaction_or_out() {
    let card = known(Some("2468"), false);
    let dispensed = Reply::Dispensed {
        account: acc("ACC100"),
        amount: usd(60),
        notes: Notes([(20, 3)].into_iter().collect()),
        balance: usd(440),
        requested: usd(60),
        fee: Money::ZERO,
        receipt: true,
    };
    let paid = with(
        logged_in(),
        [
            Input::Soft(Soft::Withdraw),
            Input::Soft(Soft::Fast(60)),
            Input::Session(answer(Ok(dispensed))),
        ],
    );
    assert_eq!(
        control(next(&at(paid.clone()), &Goal::CheckBalance, &card)),
        Some(Control::TakeCash)
    );
    let cash_taken = with(paid, [Input::TakeCash]);
    assert_eq!(
        control(next(&at(cash_taken.clone()), &Goal::CheckBalance, &card)),
        Some(Control::TakeReceipt)
    );
    let result = with(cash_taken, [Input::TakeReceipt]);
    assert_eq!(
        control(next(&at(result.clone()), &Goal::CheckBalance, &card)),
        Some(Control::Soft(Soft::Another(true)))
    );
    assert_eq!(
        control(next(&at(result.clone()), &Goal::GetCardBlocked, &card)),
        Some(Control::Soft(Soft::Another(false)))
    );
    let refused = with(
        logged_in(),
        [
            Input::Soft(Soft::Balance),
            Input::Session(answer(Err(AtmError::HostOffline))),
        ],
    );
    assert_eq!(
        control(next(&at(refused), &Goal::CheckBalance, &card)),
        Some(Control::Soft(Soft::Another(true)))
    );
    // Without the PIN (no sticky note) the coach says what to do but points at no key.
    let step = next(&at(inserted()), &Goal::CheckBalance, &known(None, false));
    assert_eq!((step.control, step.advice), (None, Advice::TypePin));
    // A goal it cannot lead step by step: the learner tries.
    let see = Goal::SeeMessage {
        message: LocalText::from("Insufficient funds"),
    };
    let step = next(&at(logged_in()), &see, &card);
    assert_eq!((step.control, step.advice), (None, Advice::TryIt));
    // No receipt available: go on.
    let no_paper = login_as(&["ACC100"], false, Money::ZERO);
    assert_eq!(
        control(next(&at(no_paper), &Goal::CheckBalance, &card)),
        Some(Control::Soft(Soft::Another(true)))
    );
}

#[test]
fn a_recorded_run_keeps_no_pin_and_replays_to_the_same_bank() {
    let training = || Scenario::from_json(TRAINING).unwrap();
    let mut walk = Walk::new(training(), "4532777788884242");
    walk.follow("2468");
    let met = walk.tracker.met_count();
    let run = Run::new(
        Some("Card training".into()),
        walk.recorded.clone(),
        (met, 4),
    );
    let text = run.to_json();
    assert!(!text.contains("2468"), "no PIN in the file");
    assert!(
        !text.contains("4532777788884242"),
        "no card number in the file"
    );
    assert!(text.contains(PIN_DIGIT));
    // Three wrong PINs and two right ones, each answered.
    let pins: Vec<bool> = run
        .events
        .iter()
        .filter_map(|e| match e.step {
            RunStep::Pin { right } => Some(right),
            _ => None,
        })
        .collect();
    assert_eq!(pins, [true, false, false, false, true]);
    assert_eq!(run.score.mistakes, 3, "the three wrong PINs");
    assert_eq!((run.score.goals_met, run.score.goals_total), (4, 4));

    let loaded = Run::from_json(&text).unwrap();
    let mut again = Walk::new(training(), "4532777788884242");
    again.replay(&loaded, "2468");
    assert!(again.tracker.is_complete());
    assert_eq!(
        again.bank.account(&acc("ACC100")).unwrap(),
        walk.bank.account(&acc("ACC100")).unwrap()
    );
    assert_eq!(
        again.bank.machine(&m("ATM100")).unwrap().notes,
        walk.bank.machine(&m("ATM100")).unwrap().notes
    );
}

#[test]
fn soft_keys_have_names_a_run_file_can_hold() {
    for soft in [
        Soft::Balance,
        Soft::Withdraw,
        Soft::Deposit,
        Soft::History,
        Soft::Transfer,
        Soft::ChangePin,
        Soft::Exit,
        Soft::Fast(60),
        Soft::Other,
        Soft::To(acc("SAV100")),
        Soft::Another(true),
        Soft::Another(false),
        Soft::MoreTime(true),
        Soft::MoreTime(false),
        Soft::Fee(true),
        Soft::Fee(false),
    ] {
        assert_eq!(
            Soft::from_name(&soft.name()),
            Some(soft.clone()),
            "{}",
            soft.name()
        );
    }
    for bad in [
        "",
        "fast:",
        "fast:-5",
        "fast:x",
        "to:",
        "another:maybe",
        "fee:maybe",
        "dance",
    ] {
        assert_eq!(Soft::from_name(bad), None, "{bad}");
    }
}

#[test]
fn each_seed_demo_plays_itself_to_its_goals() {
    for demo in atm_sim::core::scenario::seed_demos() {
        let scenario = Scenario::seed_demo(demo.number).unwrap();
        let number = scenario.users[0].cards[0].number.clone();
        let mut walk = Walk::new(scenario, &number);
        assert!(!demo.goals.is_empty(), "demo {} has goals", demo.number);
        for step in &demo.script {
            if let Some(hint) = step.hint {
                assert!(hint < demo.hints.len(), "demo {}: hint {hint}", demo.number);
            }
        }
        let events: Vec<RunEvent> = demo
            .script
            .iter()
            .enumerate()
            .map(|(i, s)| RunEvent {
                at_ms: i as u64 * 1_000,
                step: s.step.clone(),
            })
            .collect();
        let run = Run::new(None, events, (0, 0));
        walk.replay(&run, "");
        assert!(
            walk.tracker.is_complete(),
            "demo {} met its goals",
            demo.number
        );
        assert!(
            walk.atm.card.is_none(),
            "demo {} ends with the card taken",
            demo.number
        );
    }
}
