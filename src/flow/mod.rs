//! The machine's screen flow as a pure reducer: [`Atm::step`] takes the state and one input (a
//! key, a soft key, the bank's answer, a clock tick) and returns the next state and a
//! [`Command`] (what to ask the bank, what to report). It reads no clock and calls nothing, so
//! every screen and every refusal is tested natively (`tests/flow.rs`); the Leptos components
//! only render the state ([`Atm::display`]) and turn clicks, keys and answers into inputs. Every
//! rule is the core's: a refusal is shown as its sentence, a PIN's length is [`Pin::DIGITS`], an
//! amount is what [`Money::parse`] reads, and the session's deadline is the one the bank answered
//! with.

pub mod activity;
pub mod coach;
mod display;
pub mod replay;
pub mod speech;
mod text;

pub use activity::{Activity, SessionEnd, TxnKind};
pub use display::Display;
pub use text::Text;

use crate::core::events::ReversalReason;
use crate::core::ops::TAKE_WITHIN_SECS;
use crate::core::session::EndReason;
use crate::core::{
    AccountId, Answer, AtmError, CardNumber, CardRequest, MachineId, Money, Notes, Pin, Reply,
    SessionId, SessionRequest, Timestamp, Transaction, UtcOffset,
};
use crate::store::{StoreError, StoreResult};

/// How many of an account's latest transactions the mini-statement lists.
pub const HISTORY_LINES: usize = 5;

/// What the amount being typed is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountFor {
    Withdraw,
    Deposit,
    Transfer(AccountId),
}

/// The screens of the machine.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Screen {
    #[default]
    Welcome,
    Pin,
    Menu,
    /// Fast cash, or type an amount.
    Withdraw,
    Amount(AmountFor),
    TransferTo,
    NewPin,
    /// The new PIN typed once; it is asked for again.
    ConfirmPin(Pin),
    /// An answer, then "Another transaction?".
    Result(Vec<Text>),
    /// A request refused (the core's sentence, or why the store could not do it), then
    /// "Another transaction?": titled apart from an answer, so a refusal never reads as done.
    Refused(Text),
    /// "Do you need more time?", then back to the screen it interrupted.
    MoreTime(Box<Screen>),
    /// No receipt can be printed: go on without one? (asked after the PIN)
    NoReceipt,
    /// This machine charges the card `fee` (as the bank said at login): accept it for a
    /// withdrawal of `amount`, or decline, before any cash moves.
    Fee {
        amount: Money,
        fee: Money,
    },
    /// The card is out: the reason, and "Please take your card".
    Goodbye(Text),
}

/// A soft key's meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Soft {
    Balance,
    Withdraw,
    Deposit,
    History,
    Transfer,
    ChangePin,
    Exit,
    /// Fast cash: this many whole dollars.
    Fast(i64),
    Other,
    To(AccountId),
    Another(bool),
    MoreTime(bool),
    /// Accept the fee on the fee screen (`true`), or decline it.
    Fee(bool),
}

/// A keypad key (or the physical keyboard's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Digit(char),
    Enter,
    Clear,
    Cancel,
}

/// The logged-in customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    pub session: SessionId,
    pub name: String,
    pub accounts: Vec<AccountId>,
    /// What a withdrawal at this machine costs this card, as the bank said at login.
    pub fee: Money,
}

/// Something the machine asks of the bank; its answer comes back as an [`Input`].
#[derive(Clone, Debug)]
pub enum Ask {
    /// Answered with [`Input::Card`].
    Card(CardNumber, CardRequest),
    /// Answered with [`Input::Session`].
    Session(SessionId, SessionRequest),
    /// The account's latest [`HISTORY_LINES`] transactions; answered with [`Input::History`].
    History(AccountId),
    /// Whether the session is still alive (a timer's question, which keys do not wait for);
    /// answered with [`Input::Ticked`].
    Tick(SessionId),
    /// Take back the cash this session presented, not taken in time; answered with
    /// [`Input::Retracted`]. The card is the session's (for the host log).
    Retract(SessionId, CardNumber),
}

/// What one step asks the shell to do.
#[derive(Clone, Debug, Default)]
pub struct Command {
    pub ask: Option<Ask>,
    /// For the listeners, in order.
    pub report: Vec<Activity>,
    /// The bank may have changed, or a card moved: the read-outs (wallet, machine cash) reload.
    pub refresh: bool,
}

/// Everything that can happen to the machine.
#[derive(Clone, Debug)]
pub enum Input {
    /// A card from the wallet goes into the slot of `machine`.
    Insert {
        card: CardNumber,
        machine: MachineId,
    },
    Key(Key),
    Soft(Soft),
    Card(StoreResult<Answer>),
    Session(StoreResult<Answer>),
    /// The transactions [`Ask::History`] asked for, newest first, and the bank's offset to date
    /// them in.
    History(Result<Vec<Transaction>, StoreError>, UtcOffset),
    /// The one-second heartbeat, with the simulated time and the bank's "more time" prompt.
    Tick {
        now: Timestamp,
        prompt_secs: i64,
    },
    /// The answer to [`Ask::Tick`] for this session.
    Ticked(SessionId, StoreResult<Answer>),
    /// The answer to [`Ask::Retract`].
    Retracted(StoreResult<Answer>),
    /// The bank changed elsewhere (the back office, another tab): the next tick asks about the
    /// session, which may have been stopped.
    BankChanged,
    TakeCard,
    TakeCash,
    TakeReceipt,
    /// A notice under the screen's title (a scenario could not be started, say).
    Notice(String),
    /// A new bank was loaded: back to the welcome screen with nothing in the machine.
    Reset,
}

/// The machine's whole state.
#[derive(Clone, Debug, Default)]
pub struct Atm {
    pub screen: Screen,
    /// The card in the slot (inside, or ejected and waiting to be taken).
    pub card: Option<CardNumber>,
    pub card_out: bool,
    pub session: Option<Customer>,
    /// When the session ends without activity, as the bank last said.
    pub deadline: Option<Timestamp>,
    /// What is typed on the keypad.
    pub entry: String,
    /// A refusal or notice under the screen's title.
    pub message: Option<Text>,
    pub cash: Option<(Money, Notes)>,
    pub receipt: Option<Vec<Text>>,
    /// The session and card the cash came to, while it can still be taken back.
    cash_from: Option<(SessionId, CardNumber)>,
    /// When a tick first saw the cash, and the ejected card, waiting to be taken.
    cash_since: Option<Timestamp>,
    card_since: Option<Timestamp>,
    /// The request out to the bank: keys and soft keys wait for its answer.
    pending: Option<Ask>,
    /// The machine the card went into (for the listeners).
    machine: Option<MachineId>,
    /// A card was accepted and its end not reported yet.
    open: bool,
    /// The bank changed elsewhere since the machine last asked about its session.
    stale: bool,
}

impl Atm {
    /// A request is out to the bank.
    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    /// The next state after `input`, and what the shell must do.
    pub fn step(mut self, input: Input) -> (Atm, Command) {
        let mut c = Command::default();
        self.apply(input, &mut c);
        (self, c)
    }

    fn apply(&mut self, input: Input, c: &mut Command) {
        let busy = self.busy();
        let accepted = match &input {
            Input::Insert { .. } => !busy && self.card.is_none(),
            // Keys do nothing with no card in the machine.
            Input::Key(_) | Input::Soft(_) => !busy && self.card.is_some(),
            Input::TakeCard => self.card_out,
            Input::TakeCash => self.cash.is_some(),
            Input::TakeReceipt => self.receipt.is_some(),
            _ => false,
        };
        if let Some(step) = replay::pressed(self, &input).filter(|_| accepted) {
            c.report.push(Activity::Pressed(step));
        }
        match input {
            Input::Insert { card, machine } if !busy && self.card.is_none() => {
                self.card = Some(card.clone());
                self.machine = Some(machine);
                self.cash = None;
                self.receipt = None;
                self.ask(c, Ask::Card(card, CardRequest::Insert));
            }
            Input::Key(key) if !busy => self.key(key, c),
            Input::Soft(soft) if !busy => self.soft(soft, c),
            Input::Card(answer) => self.card_answer(answer, c),
            Input::Session(answer) => self.session_answer(answer, c),
            Input::History(entries, offset) => self.history(entries, offset, c),
            Input::Tick { now, prompt_secs } => self.tick(now, prompt_secs, c),
            Input::Ticked(id, answer) => self.ticked(id, answer, c),
            Input::Retracted(answer) => self.retracted(answer, c),
            Input::BankChanged => self.stale = true,
            Input::TakeCard if self.card_out => {
                self.card = None;
                self.card_out = false;
                self.card_since = None;
                self.show(Screen::Welcome);
                c.refresh = true;
            }
            Input::TakeCash => {
                self.cash = None;
                self.cash_from = None;
                self.cash_since = None;
            }
            Input::TakeReceipt => self.receipt = None,
            Input::Notice(text) => self.message = Some(Text::Notice(text)),
            Input::Reset => *self = Atm::default(),
            // A key while the bank is busy, a card while one is in, a card not there to take.
            Input::Insert { .. } | Input::Key(_) | Input::Soft(_) | Input::TakeCard => {}
        }
    }

    fn ask(&mut self, c: &mut Command, ask: Ask) {
        if !matches!(ask, Ask::Tick(_)) {
            self.pending = Some(ask.clone());
        }
        c.ask = Some(ask);
    }

    fn ask_session(&mut self, c: &mut Command, request: SessionRequest) {
        if let Some(id) = self.session.as_ref().map(|s| s.session) {
            self.ask(c, Ask::Session(id, request));
        }
    }

    /// The request out, taken if `is` says the answer is to it (an answer to a request made
    /// before a reset is not).
    fn answered(&mut self, is: impl Fn(&Ask) -> bool) -> Option<Ask> {
        self.pending.take_if(|a| is(a))
    }

    fn show(&mut self, screen: Screen) {
        self.entry.clear();
        self.message = None;
        self.screen = screen;
    }

    /// A refusal shown under the title, the typed entry cleared.
    fn say(&mut self, text: impl Into<Text>) {
        self.entry.clear();
        self.message = Some(text.into());
    }

    fn card_last4(&self) -> String {
        self.card
            .as_ref()
            .map(|c| c.last4().to_string())
            .unwrap_or_default()
    }

    /// The card comes out with a reason; the session (if any) is over.
    fn eject(&mut self, why: Text, reason: SessionEnd, c: &mut Command) {
        if self.open {
            self.open = false;
            c.report.push(Activity::SessionEnded { reason });
        }
        self.session = None;
        self.deadline = None;
        self.card_out = true;
        self.card_since = None;
        self.show(Screen::Goodbye(why));
        c.refresh = true;
    }

    /// The card comes out because the core refused with `rule`.
    fn eject_for(&mut self, rule: &AtmError, c: &mut Command) {
        let reason = match rule {
            AtmError::BlockedNow { .. } => {
                c.report.push(Activity::CardBlocked {
                    card_last4: self.card_last4(),
                });
                SessionEnd::CardBlocked
            }
            AtmError::SessionExpired => SessionEnd::Timeout,
            AtmError::CardStolen => SessionEnd::CardStopped,
            _ => SessionEnd::Refused,
        };
        self.eject(rule.clone().into(), reason, c);
    }

    fn ended(&mut self, reason: EndReason, c: &mut Command) {
        let (why, end) = match reason {
            EndReason::Logout => (Text::ThankYou, SessionEnd::Logout),
            EndReason::Timeout => (AtmError::SessionExpired.into(), SessionEnd::Timeout),
            EndReason::CardStopped => (AtmError::CardStolen.into(), SessionEnd::CardStopped),
        };
        self.eject(why, end, c);
    }

    fn logout(&mut self, c: &mut Command) {
        if self.session.is_some() {
            self.ask_session(c, SessionRequest::Logout);
        } else if self.card.is_some() {
            self.eject(Text::Cancelled, SessionEnd::Cancelled, c);
        }
    }

    /// The store's answer as the core's: a rule the store refused with itself reads as a
    /// refusal that left the deadline as it was.
    fn heard(&self, r: StoreResult<Answer>) -> StoreResult<Answer> {
        match r {
            Err(StoreError::Rule(rule)) => Ok(Answer {
                outcome: Err(rule),
                deadline: self.deadline,
                faults: Vec::new(),
            }),
            other => other,
        }
    }

    fn card_answer(&mut self, r: StoreResult<Answer>, c: &mut Command) {
        let Some(Ask::Card(number, request)) = self.answered(|a| matches!(a, Ask::Card(..))) else {
            return;
        };
        c.refresh = true;
        let r = self.heard(r);
        self.report(&r, c);
        match (request, r) {
            (
                _,
                Ok(Answer {
                    outcome: Err(rule), ..
                }),
            ) if rule.ejects_card() => self.eject_for(&rule, c),
            // The machine kept the card: it is gone from the slot, and the welcome screen says
            // where it is.
            (
                _,
                Ok(Answer {
                    outcome:
                        Err(
                            rule @ (AtmError::CardRetained { .. }
                            | AtmError::BlockedAndRetained { .. }),
                        ),
                    ..
                }),
            ) => self.kept(rule.into(), c),
            (
                CardRequest::Capture,
                Ok(Answer {
                    outcome: Ok(Reply::Captured { machine }),
                    ..
                }),
            ) => self.kept(AtmError::CardRetained { machine }.into(), c),
            // Refused at the slot with no session to go on with (the host offline): the card
            // comes back out with the reason.
            (
                CardRequest::Insert,
                Ok(Answer {
                    outcome: Err(rule), ..
                }),
            ) => self.eject(rule.into(), SessionEnd::Refused, c),
            (
                _,
                Ok(Answer {
                    outcome: Err(rule), ..
                }),
            ) => self.say(rule),
            (CardRequest::Insert, Ok(_)) => {
                self.open = true;
                c.report.push(Activity::SessionStarted {
                    card_last4: number.last4().to_string(),
                    machine: self
                        .machine
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                });
                self.show(Screen::Pin);
            }
            (
                CardRequest::EnterPin(_),
                Ok(Answer {
                    outcome: Ok(reply),
                    deadline,
                    ..
                }),
            ) => {
                let mut receipt = true;
                if let Reply::LoggedIn {
                    session,
                    name,
                    accounts,
                    receipt: printer,
                    fee,
                    ..
                } = reply
                {
                    self.session = Some(Customer {
                        session,
                        name: name.to_string(),
                        accounts,
                        fee,
                    });
                    self.deadline = deadline;
                    receipt = printer;
                }
                self.show(if receipt {
                    Screen::Menu
                } else {
                    Screen::NoReceipt
                });
            }
            // The bank recorded nothing (it could not be reached): the card comes back out
            // with the reason rather than stay in the slot with nothing to do.
            (CardRequest::Insert, Err(e)) => self.eject(problem(e), SessionEnd::Refused, c),
            (CardRequest::EnterPin(_), Err(e)) => self.say(problem(e)),
            // A capture the bank could not record: the card stays out to be taken.
            (CardRequest::Capture, _) => {}
        }
    }

    /// The machine kept the card: it leaves the slot, the session (if any) is over, and the
    /// welcome screen says why and where the card is.
    fn kept(&mut self, why: Text, c: &mut Command) {
        if self.open {
            self.open = false;
            c.report.push(Activity::SessionEnded {
                reason: SessionEnd::CardRetained,
            });
        }
        self.session = None;
        self.deadline = None;
        self.card = None;
        self.card_out = false;
        self.card_since = None;
        self.show(Screen::Welcome);
        self.message = Some(why);
    }

    /// Tells the listeners what the bank answered, and what the machine's devices did on the
    /// way: each fault that struck, a reversal, a card kept.
    fn report(&self, r: &StoreResult<Answer>, c: &mut Command) {
        let Ok(answer) = r else { return };
        let machine = self
            .machine
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        c.report.push(Activity::Outcome(answer.outcome.clone()));
        for &(device, kind) in &answer.faults {
            c.report.push(Activity::Fault {
                device,
                kind,
                machine: machine.clone(),
            });
        }
        match &answer.outcome {
            Err(AtmError::DispenserJam { amount }) => c.report.push(Activity::Reversal {
                amount: *amount,
                reason: ReversalReason::DispenserJam,
            }),
            Ok(Reply::Retracted { amount, .. }) => c.report.push(Activity::Reversal {
                amount: *amount,
                reason: ReversalReason::CashNotTaken,
            }),
            Err(
                AtmError::CardRetained { machine } | AtmError::BlockedAndRetained { machine, .. },
            )
            | Ok(Reply::Captured { machine }) => c.report.push(Activity::CardRetained {
                card_last4: self.card_last4(),
                machine: machine.to_string(),
            }),
            _ => {}
        }
    }

    fn session_answer(&mut self, r: StoreResult<Answer>, c: &mut Command) {
        let Some(Ask::Session(_, request)) = self.answered(|a| matches!(a, Ask::Session(..)))
        else {
            return;
        };
        c.refresh = true;
        let r = self.heard(r);
        self.report(&r, c);
        let (ended, refusal) = match &r {
            Ok(a) => (
                matches!(a.outcome, Ok(Reply::Ended { .. })),
                a.outcome.as_ref().err().map(ToString::to_string),
            ),
            Err(e) => (false, Some(e.to_string())),
        };
        if let Some((kind, amount)) = transaction_of(&request)
            && !ended
        {
            c.report.push(Activity::Transaction {
                kind,
                amount,
                refusal,
            });
        }
        match r {
            Ok(Answer {
                outcome: Ok(Reply::Ended { reason }),
                ..
            }) => self.ended(reason, c),
            Ok(Answer {
                outcome: Ok(reply),
                deadline,
                ..
            }) => {
                self.deadline = deadline;
                self.replied(reply, c);
            }
            Ok(Answer {
                outcome: Err(rule), ..
            }) if rule.ejects_card() => self.eject_for(&rule, c),
            Ok(Answer {
                outcome: Err(rule),
                deadline,
                ..
            }) => {
                self.deadline = deadline;
                self.show(Screen::Refused(rule.into()));
            }
            // The store could not answer: nothing changed, so the deadline stands.
            Err(e) => self.show(Screen::Refused(problem(e))),
        }
    }

    /// A reply inside a live session.
    fn replied(&mut self, reply: Reply, c: &mut Command) {
        let lines = match reply {
            // A partial dispense presents less than was asked (and debits only that); a printer
            // without paper prints nothing.
            Reply::Dispensed {
                account,
                amount,
                notes,
                balance,
                requested,
                fee,
                receipt,
            } => {
                self.cash = Some((amount, notes));
                self.cash_since = None;
                self.cash_from = self
                    .session
                    .as_ref()
                    .map(|s| s.session)
                    .zip(self.card.clone());
                let charged = fee.is_positive().then_some(fee);
                self.receipt = receipt.then(|| {
                    let mut lines = vec![Text::ReceiptWithdrawal(amount)];
                    lines.extend(charged.map(Text::ReceiptFee));
                    lines.extend([Text::Account(account), Text::ReceiptBalance(balance)]);
                    lines
                });
                let mut lines = vec![Text::TakeCash(amount)];
                lines.extend(charged.map(Text::FeeCharged));
                lines.push(Text::BalanceIs(balance));
                if amount < requested {
                    lines.insert(0, Text::PartlyDispensed { amount, requested });
                }
                lines
            }
            Reply::Balance { account, balance } => {
                vec![Text::Account(account), Text::BalanceIs(balance)]
            }
            Reply::Deposited {
                amount,
                balance,
                receipt,
                ..
            } => {
                self.receipt = receipt
                    .then(|| vec![Text::ReceiptDeposit(amount), Text::ReceiptBalance(balance)]);
                vec![Text::Deposited(amount), Text::BalanceIs(balance)]
            }
            Reply::Transferred {
                from,
                to,
                amount,
                from_balance,
                receipt,
                ..
            } => {
                self.receipt = receipt.then(|| {
                    vec![
                        Text::ReceiptTransfer(amount),
                        Text::ReceiptFromTo(from.clone(), to.clone()),
                        Text::ReceiptBalance(from_balance),
                    ]
                });
                vec![
                    Text::Transferred { amount, from, to },
                    Text::BalanceIs(from_balance),
                ]
            }
            Reply::PinChanged => vec![Text::PinChanged],
            Reply::FeeDeclined { .. } => vec![Text::FeeDeclined],
            Reply::History { account } => return self.ask(c, Ask::History(account)),
            Reply::MoreTime { .. } => {
                let back = match std::mem::take(&mut self.screen) {
                    Screen::MoreTime(prev) => *prev,
                    other => other,
                };
                return self.show(back);
            }
            _ => vec![Text::Done],
        };
        self.show(Screen::Result(lines));
    }

    fn history(
        &mut self,
        entries: Result<Vec<Transaction>, StoreError>,
        offset: UtcOffset,
        c: &mut Command,
    ) {
        let Some(Ask::History(account)) = self.answered(|a| matches!(a, Ask::History(_))) else {
            return;
        };
        c.refresh = true;
        let mut lines = vec![Text::LastTransactions(account)];
        match entries {
            Ok(txns) if txns.is_empty() => lines.push(Text::NoTransactions),
            Ok(txns) => lines.extend(txns.iter().map(|t| Text::Statement {
                date: t.at.local(offset),
                kind: t.kind,
                amount: t.amount,
                balance: t.balance_after,
            })),
            Err(e) => lines.push(problem(e)),
        }
        self.show(Screen::Result(lines));
    }

    /// The heartbeat. Near the deadline the machine offers more time, and from then on (or once
    /// the bank changed elsewhere) asks the bank each second, which ends the session at its
    /// deadline or when its card was stopped. Otherwise the deadline the bank last gave stands.
    fn tick(&mut self, now: Timestamp, prompt_secs: i64, c: &mut Command) {
        if self.busy() || self.take_back(now, c) {
            return;
        }
        let Some(id) = self.session.as_ref().map(|s| s.session) else {
            return;
        };
        let left_ms = self.deadline.map(|d| now.millis_until(d));
        let near = left_ms.is_none_or(|ms| ms / 1000 <= prompt_secs);
        if near && left_ms.is_some_and(|ms| ms > 0) && !matches!(self.screen, Screen::MoreTime(_)) {
            let prev = std::mem::take(&mut self.screen);
            self.show(Screen::MoreTime(Box::new(prev)));
        }
        if near || self.stale {
            self.stale = false;
            self.ask(c, Ask::Tick(id));
        }
    }

    /// Cash or an ejected card left [`TAKE_WITHIN_SECS`] after a tick first saw it: the machine
    /// asks the bank to take it back (the core checks the time again). Cash first: its
    /// reversal matters more than the card.
    fn take_back(&mut self, now: Timestamp, c: &mut Command) -> bool {
        let overdue = |since: &mut Option<Timestamp>| {
            since.get_or_insert(now).plus_secs(TAKE_WITHIN_SECS) <= now
        };
        if self.cash.is_some() && self.cash_from.is_some() && overdue(&mut self.cash_since) {
            if let Some((id, card)) = self.cash_from.clone() {
                self.ask(c, Ask::Retract(id, card));
            }
            return true;
        }
        if self.card_out && overdue(&mut self.card_since) {
            if let Some(card) = self.card.clone() {
                self.ask(c, Ask::Card(card, CardRequest::Capture));
            }
            return true;
        }
        false
    }

    /// The bank's answer to a retract: the cash is back in the machine and the account; the
    /// screen says so. Refused or failed, the cash stays out and is not asked about again.
    fn retracted(&mut self, r: StoreResult<Answer>, c: &mut Command) {
        if self.answered(|a| matches!(a, Ask::Retract(..))).is_none() {
            return;
        }
        c.refresh = true;
        let r = self.heard(r);
        self.report(&r, c);
        self.cash_from = None;
        if let Ok(Answer {
            outcome: Ok(Reply::Retracted { amount, .. }),
            ..
        }) = r
        {
            self.cash = None;
            self.cash_since = None;
            self.message = Some(Text::CashRetracted(amount));
        }
    }

    fn ticked(&mut self, id: SessionId, r: StoreResult<Answer>, c: &mut Command) {
        // The session may have ended while the tick was on its way.
        if self.session.as_ref().map(|s| s.session) != Some(id) {
            return;
        }
        match self.heard(r) {
            Ok(Answer {
                outcome: Ok(Reply::Ended { reason }),
                ..
            }) => self.ended(reason, c),
            Ok(Answer {
                outcome: Err(rule), ..
            }) if rule.ejects_card() => self.eject_for(&rule, c),
            Ok(answer) => self.deadline = answer.deadline,
            Err(_) => {}
        }
    }

    fn soft(&mut self, soft: Soft, c: &mut Command) {
        match soft {
            Soft::Balance => self.ask_session(c, SessionRequest::Balance { account: None }),
            Soft::Withdraw => self.show(Screen::Withdraw),
            Soft::Deposit => self.show(Screen::Amount(AmountFor::Deposit)),
            Soft::History => self.ask_session(c, SessionRequest::History { account: None }),
            Soft::Transfer => self.show(Screen::TransferTo),
            Soft::ChangePin => self.show(Screen::NewPin),
            Soft::Exit | Soft::Another(false) | Soft::MoreTime(false) => self.logout(c),
            Soft::Another(true) => self.show(Screen::Menu),
            Soft::Fast(dollars) => self.withdraw(Money::from_dollars(dollars), c),
            Soft::Other => self.show(Screen::Amount(AmountFor::Withdraw)),
            Soft::To(to) => self.show(Screen::Amount(AmountFor::Transfer(to))),
            Soft::MoreTime(true) => self.ask_session(c, SessionRequest::MoreTime),
            Soft::Fee(accept) => {
                if let Screen::Fee { amount, fee } = self.screen {
                    self.ask_session(
                        c,
                        if accept {
                            SessionRequest::Withdraw {
                                account: None,
                                amount,
                                fee,
                            }
                        } else {
                            SessionRequest::DeclineFee { amount, fee }
                        },
                    );
                }
            }
        }
    }

    /// A withdrawal of `amount`: at a machine that charges this card a fee (the bank said so
    /// at login), the customer first accepts or declines it; otherwise straight to the bank.
    fn withdraw(&mut self, amount: Money, c: &mut Command) {
        let fee = self.session.as_ref().map_or(Money::ZERO, |s| s.fee);
        if fee.is_positive() {
            return self.show(Screen::Fee { amount, fee });
        }
        self.ask_session(
            c,
            SessionRequest::Withdraw {
                account: None,
                amount,
                fee,
            },
        );
    }

    fn key(&mut self, key: Key, c: &mut Command) {
        match key {
            Key::Digit(d) => {
                let mut typed = self.entry.clone();
                typed.push(d);
                let takes = match self.screen {
                    Screen::Pin | Screen::NewPin | Screen::ConfirmPin(_) => {
                        typed.len() <= *Pin::DIGITS.end()
                    }
                    Screen::Withdraw | Screen::Amount(_) => Money::parse(&typed).is_ok(),
                    _ => false,
                };
                if takes && d.is_ascii_digit() {
                    self.entry = typed;
                }
            }
            Key::Clear => self.entry.clear(),
            Key::Cancel => match self.screen {
                Screen::Welcome | Screen::Goodbye(_) => {}
                Screen::Pin | Screen::Menu | Screen::MoreTime(_) => self.logout(c),
                _ => self.show(Screen::Menu),
            },
            Key::Enter => self.enter(c),
        }
    }

    fn enter(&mut self, c: &mut Command) {
        match self.screen.clone() {
            Screen::Pin => match (Pin::parse(&self.entry), self.card.clone()) {
                (Ok(pin), Some(card)) => self.ask(c, Ask::Card(card, CardRequest::EnterPin(pin))),
                (Err(e), _) => self.say(AtmError::from(e)),
                (Ok(_), None) => {}
            },
            Screen::Withdraw | Screen::Amount(_) => {
                let amount = match Money::parse(&self.entry) {
                    Ok(amount) => amount,
                    Err(e) => return self.say(AtmError::from(e)),
                };
                match self.screen.clone() {
                    Screen::Amount(AmountFor::Deposit) => self.ask_session(
                        c,
                        SessionRequest::Deposit {
                            account: None,
                            amount,
                        },
                    ),
                    Screen::Amount(AmountFor::Transfer(to)) => {
                        let from = self.session.as_ref().and_then(|s| s.accounts.first());
                        if let Some(from) = from.cloned() {
                            self.ask_session(c, SessionRequest::Transfer { from, to, amount });
                        }
                    }
                    _ => self.withdraw(amount, c),
                }
            }
            Screen::NewPin => match Pin::parse(&self.entry) {
                Ok(pin) => self.show(Screen::ConfirmPin(pin)),
                Err(e) => self.say(AtmError::from(e)),
            },
            Screen::ConfirmPin(first) => match Pin::parse(&self.entry) {
                Ok(new_pin) if new_pin == first => {
                    self.ask_session(c, SessionRequest::ChangePin { new_pin })
                }
                _ => {
                    self.show(Screen::NewPin);
                    self.message = Some(Text::PinsDoNotMatch);
                }
            },
            _ => {}
        }
    }
}

/// What the screen says when the store answered with an error: the core's refusal worded as
/// such, or the store's own problem.
fn problem(e: StoreError) -> Text {
    match e {
        StoreError::Rule(rule) => Text::Refusal(rule),
        other => Text::Problem(other),
    }
}

/// The transaction a session request is (kind and amount), if it is one at all.
fn transaction_of(request: &SessionRequest) -> Option<(TxnKind, Option<Money>)> {
    match request {
        SessionRequest::Balance { .. } => Some((TxnKind::Balance, None)),
        SessionRequest::Withdraw { amount, .. } => Some((TxnKind::Withdrawal, Some(*amount))),
        SessionRequest::Deposit { amount, .. } => Some((TxnKind::Deposit, Some(*amount))),
        SessionRequest::Transfer { amount, .. } => Some((TxnKind::Transfer, Some(*amount))),
        SessionRequest::ChangePin { .. } => Some((TxnKind::ChangePin, None)),
        SessionRequest::History { .. } => Some((TxnKind::History, None)),
        SessionRequest::MoreTime
        | SessionRequest::Logout
        | SessionRequest::Tick
        | SessionRequest::Retract
        | SessionRequest::DeclineFee { .. } => None,
    }
}
