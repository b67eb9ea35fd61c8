//! The machine's screen flow: which screen shows, what the keys and soft keys do, and the calls
//! to the store they make. The rules are the core's: a refusal is shown as its message.

use super::super::Ctx;
use super::super::activity::{Activity, ActivitySink, SessionEnd, TxnKind};
use crate::core::session::EndReason;
use crate::core::{
    AccountId, AtmError, CardNumber, CardRequest, Money, Notes, Pin, Reply, SessionId,
    SessionRequest, Timestamp,
};
use crate::store::StoreError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// What the amount being typed is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountFor {
    Withdraw,
    Deposit,
    Transfer(AccountId),
}

/// The screens of the machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Welcome,
    Pin,
    Menu,
    /// Fast cash, or type an amount.
    Withdraw,
    Amount(AmountFor),
    TransferTo,
    NewPin,
    ConfirmPin(String),
    /// An answer, then "Another transaction?".
    Result(Vec<String>),
    /// A request refused (the core's sentence, or why the store could not do it), then
    /// "Another transaction?": titled apart from an answer, so a refusal never reads as done.
    Refused(String),
    /// "Do you need more time?", then back to the screen it interrupted.
    MoreTime(Box<Screen>),
    /// The card is out: the reason, and "Please take your card".
    Goodbye(String),
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
    Fast(i64),
    Other,
    To(AccountId),
    Another(bool),
    MoreTime(bool),
}

/// A keypad key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Digit(char),
    Enter,
    Clear,
    Cancel,
}

/// The logged-in customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionInfo {
    pub id: SessionId,
    pub name: String,
    pub accounts: Vec<AccountId>,
    /// How long the session lives without activity (its login's deadline minus the login's
    /// time): every answered request moves the deadline to its own time plus this.
    pub idle_ms: i64,
}

/// The machine's state, all signals: `Copy`, shared through context.
#[derive(Clone, Copy)]
pub struct Machine {
    pub ctx: Ctx,
    pub screen: RwSignal<Screen>,
    /// The card in the slot (inside, or ejected and waiting to be taken).
    pub card: RwSignal<Option<CardNumber>>,
    pub card_out: RwSignal<bool>,
    pub session: RwSignal<Option<SessionInfo>>,
    pub deadline: RwSignal<Option<Timestamp>>,
    pub prompt_secs: RwSignal<i64>,
    /// What is typed on the keypad.
    pub entry: RwSignal<String>,
    /// A refusal or notice under the screen's title.
    pub message: RwSignal<Option<String>>,
    pub cash: RwSignal<Option<(Money, Notes)>>,
    pub receipt: RwSignal<Option<Vec<String>>>,
    /// A request is out to the store: keys and soft keys wait for its answer.
    pub busy: RwSignal<bool>,
    /// The request has taken long enough for the screen to say "Please wait…".
    pub waiting: RwSignal<bool>,
    /// The timer that turns `waiting` on, while a request is out.
    wait_notice: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    /// Listeners hear what happens here (goals, the embedding bridge).
    pub activity: ActivitySink,
    /// A card was accepted and has not come out yet (so its end is reported once).
    open: RwSignal<bool>,
    /// The read-outs' reload after this machine's own answer is queued (see [`Machine::refresh`]).
    refresh_queued: StoredValue<bool, LocalStorage>,
    /// The bank's `version` as of this machine's last word with the store: a newer one means the
    /// bank changed elsewhere (the back office, another tab) and the tick asks about the session.
    heard: StoredValue<u32, LocalStorage>,
    /// The last answer leaves the deadline unsure (a refusal): the next tick asks the store.
    unsure: StoredValue<bool, LocalStorage>,
}

/// How long a request may take before the screen says "Please wait…". Most answers come well
/// within it, and then the screen changes once, straight to the answer: no flash of the notice,
/// and no repaint of the whole page between the key press and the answer.
const WAIT_NOTICE_AFTER: Duration = Duration::from_millis(150);

const MAX_AMOUNT_DIGITS: usize = 7;
const MAX_PIN_DIGITS: usize = 6;

impl Machine {
    pub fn new(ctx: Ctx) -> Machine {
        Machine {
            ctx,
            screen: RwSignal::new(Screen::Welcome),
            card: RwSignal::new(None),
            card_out: RwSignal::new(false),
            session: RwSignal::new(None),
            deadline: RwSignal::new(None),
            prompt_secs: RwSignal::new(30),
            entry: RwSignal::new(String::new()),
            message: RwSignal::new(None),
            cash: RwSignal::new(None),
            receipt: RwSignal::new(None),
            busy: RwSignal::new(false),
            waiting: RwSignal::new(false),
            wait_notice: StoredValue::new_local(None),
            activity: ActivitySink::default(),
            open: RwSignal::new(false),
            refresh_queued: StoredValue::new_local(false),
            heard: StoredValue::new_local(ctx.version.get_untracked()),
            unsure: StoredValue::new_local(false),
        }
    }

    /// Asks the read-outs (wallet, machine cash, back office) to reload after this machine's own
    /// answer, in a task after the one that shows it: the answer reaches the screen first, and
    /// their reads never stand between a key press and the screen. Calls within one task reload
    /// once. This machine knows what it just did, so the tick does not count the change as news.
    fn refresh(&self) {
        if self.refresh_queued.get_value() {
            return;
        }
        self.refresh_queued.set_value(true);
        let m = *self;
        set_timeout(
            move || {
                m.refresh_queued.try_set_value(false);
                m.ctx.refresh();
                if let Some(version) = m.ctx.version.try_get_untracked() {
                    m.heard.try_set_value(version);
                }
            },
            Duration::ZERO,
        );
    }

    /// Back to the welcome screen with nothing in the machine (a new bank was loaded).
    pub fn reset(&self) {
        self.card.set(None);
        self.card_out.set(false);
        self.session.set(None);
        self.deadline.set(None);
        self.entry.set(String::new());
        self.message.set(None);
        self.cash.set(None);
        self.receipt.set(None);
        self.open.set(false);
        self.screen.set(Screen::Welcome);
    }

    fn report(&self, activity: Activity) {
        self.activity.report(activity);
    }

    fn begin_request(&self) {
        self.busy.set(true);
        let waiting = self.waiting;
        let notice = set_timeout_with_handle(move || waiting.set(true), WAIT_NOTICE_AFTER).ok();
        if let Some(old) = self
            .wait_notice
            .try_update_value(|t| std::mem::replace(t, notice))
            .flatten()
        {
            old.clear();
        }
    }

    fn end_request(&self) {
        self.busy.set(false);
        if let Some(notice) = self.wait_notice.try_update_value(Option::take).flatten() {
            notice.clear();
        }
        if self.waiting.get_untracked() {
            self.waiting.set(false);
        }
    }

    /// Every answer of the core goes to the listeners as is (storage failures are not answers).
    fn report_outcome(&self, r: &Result<Reply, StoreError>) {
        match r {
            Ok(reply) => self.report(Activity::Outcome(Ok(reply.clone()))),
            Err(StoreError::Rule(e)) => self.report(Activity::Outcome(Err(e.clone()))),
            Err(_) => {}
        }
    }

    fn card_last4(&self) -> String {
        self.card
            .with_untracked(|c| c.as_ref().map(|c| c.last4().to_string()))
            .unwrap_or_default()
    }

    /// Shows a notice on the screen.
    pub fn notice(&self, text: String) {
        self.message.set(Some(text));
    }

    fn show(&self, screen: Screen) {
        self.entry.set(String::new());
        self.message.set(None);
        self.screen.set(screen);
    }

    /// The card comes out with a reason; the session (if any) is over.
    fn eject(&self, why: String, reason: SessionEnd) {
        if self.open.get_untracked() {
            self.open.set(false);
            self.report(Activity::SessionEnded { reason });
        }
        self.session.set(None);
        self.deadline.set(None);
        self.entry.set(String::new());
        self.message.set(None);
        self.card_out.set(true);
        self.screen.set(Screen::Goodbye(why));
        self.refresh();
    }

    pub fn insert(&self, number: CardNumber) {
        if self.card.with_untracked(Option::is_some) || self.busy.get_untracked() {
            return;
        }
        self.card.set(Some(number.clone()));
        self.cash.set(None);
        self.receipt.set(None);
        let m = *self;
        m.begin_request();
        spawn_local(async move {
            let ctx = m.ctx;
            let machine = ctx.machine.get_untracked();
            let r = ctx
                .store()
                .card(&machine, &number, CardRequest::Insert, ctx.now())
                .await;
            m.end_request();
            m.report_outcome(&r);
            match r {
                Ok(_) => {
                    m.open.set(true);
                    m.report(Activity::SessionStarted {
                        card_last4: number.last4().to_string(),
                        machine: machine.to_string(),
                    });
                    m.show(Screen::Pin)
                }
                Err(e @ StoreError::Rule(_)) => m.refused(e),
                // The bank recorded nothing (it could not be reached, or the code to ask it
                // could not be fetched): the card comes back out with the reason rather than
                // stay in the slot with nothing to do.
                Err(e) => m.eject(e.to_string(), SessionEnd::Refused),
            }
            m.refresh();
        });
    }

    fn refused(&self, e: StoreError) {
        if let StoreError::Rule(rule) = &e
            && rule.ejects_card()
        {
            self.eject_for(rule);
        } else {
            self.entry.set(String::new());
            self.message.set(Some(e.to_string()));
        }
    }

    /// The card comes out because the core refused with `rule`.
    fn eject_for(&self, rule: &AtmError) {
        let reason = match rule {
            AtmError::BlockedNow { .. } => {
                self.report(Activity::CardBlocked {
                    card_last4: self.card_last4(),
                });
                SessionEnd::CardBlocked
            }
            AtmError::SessionExpired => SessionEnd::Timeout,
            AtmError::CardStolen => SessionEnd::CardStopped,
            _ => SessionEnd::Refused,
        };
        self.eject(rule.to_string(), reason);
    }

    fn enter_pin(&self) {
        let typed = self.entry.get_untracked();
        let Some(number) = self.card.get_untracked() else {
            return;
        };
        let pin = match Pin::parse(&typed) {
            Ok(p) => p,
            Err(e) => {
                self.entry.set(String::new());
                self.message.set(Some(e.to_string()));
                return;
            }
        };
        let m = *self;
        m.begin_request();
        spawn_local(async move {
            let ctx = m.ctx;
            let machine = ctx.machine.get_untracked();
            let store = ctx.store();
            let now = ctx.now();
            let r = store
                .card(&machine, &number, CardRequest::EnterPin(pin), now)
                .await;
            if let Ok(settings) = store.settings().await {
                m.prompt_secs.set(i64::from(settings.more_time_prompt_secs));
            }
            m.end_request();
            m.report_outcome(&r);
            match r {
                Ok(Reply::LoggedIn {
                    session,
                    name,
                    accounts,
                    deadline,
                }) => {
                    m.session.set(Some(SessionInfo {
                        id: session,
                        name: name.to_string(),
                        accounts,
                        idle_ms: now.millis_until(deadline),
                    }));
                    m.deadline.set(Some(deadline));
                    m.show(Screen::Menu);
                }
                Ok(_) => m.show(Screen::Menu),
                Err(e) => m.refused(e),
            }
            m.refresh();
        });
    }

    /// Sends a request in the session and handles the common outcomes; `on_ok` gets the rest.
    fn run(&self, request: SessionRequest, on_ok: impl FnOnce(Machine, Reply) + 'static) {
        let Some(info) = self.session.get_untracked() else {
            return;
        };
        let m = *self;
        let transaction = transaction_of(&request);
        m.begin_request();
        spawn_local(async move {
            let ctx = m.ctx;
            let machine = ctx.machine.get_untracked();
            let now = ctx.now();
            let r = ctx.store().session(&machine, info.id, request, now).await;
            m.end_request();
            m.report_outcome(&r);
            if let Some((kind, amount)) = transaction
                && !matches!(r, Ok(Reply::Ended { .. }))
            {
                let refusal = r.as_ref().err().map(ToString::to_string);
                m.report(Activity::Transaction {
                    kind,
                    amount,
                    refusal,
                });
            }
            match r {
                Ok(Reply::Ended { reason }) => m.ended(reason),
                Ok(reply) => {
                    // Answered inside a live session: it was activity at `now`.
                    m.deadline.set(Some(now.plus_millis(info.idle_ms)));
                    on_ok(m, reply)
                }
                Err(StoreError::Rule(e)) if e.ejects_card() => m.eject_for(&e),
                Err(e) => {
                    // Whether a refusal moved the deadline is the core's business: the next
                    // tick asks the store.
                    m.unsure.set_value(true);
                    m.show(Screen::Refused(e.to_string()))
                }
            }
            m.refresh();
        });
    }

    fn ended(&self, reason: EndReason) {
        let (why, end) = match reason {
            EndReason::Logout => (
                "Thank you for banking with us".to_string(),
                SessionEnd::Logout,
            ),
            EndReason::Timeout => (AtmError::SessionExpired.to_string(), SessionEnd::Timeout),
            EndReason::CardStopped => (AtmError::CardStolen.to_string(), SessionEnd::CardStopped),
        };
        self.eject(why, end);
    }

    /// The one-second heartbeat: expires the session when its deadline passes, and asks for
    /// more time shortly before. It asks the store (a readwrite transaction) only when that can
    /// change something: once the "more time" prompt is due (and each second from then on, so
    /// the deadline itself is caught within a second), after the bank changed elsewhere (a card
    /// stopped in the back office or another tab), or after a refusal. Otherwise the deadline
    /// this machine keeps is exact: each answered request moved it to the request's time plus
    /// the session's idle time, as the core does.
    pub fn tick(&self) {
        if self.busy.get_untracked() || self.session.with_untracked(Option::is_none) {
            return;
        }
        let Some(info) = self.session.get_untracked() else {
            return;
        };
        let ctx = self.ctx;
        let version = ctx.version.get_untracked();
        let news = self.heard.get_value() != version || self.unsure.get_value();
        // The same test as the prompt's below, on the deadline this machine keeps.
        let prompt_secs = self.prompt_secs.get_untracked();
        let near = self
            .deadline
            .get_untracked()
            .is_none_or(|d| ctx.now().millis_until(d) / 1000 <= prompt_secs);
        if !news && !near {
            return;
        }
        self.heard.set_value(version);
        self.unsure.set_value(false);
        let m = *self;
        spawn_local(async move {
            let ctx = m.ctx;
            let machine = ctx.machine.get_untracked();
            let now = ctx.now();
            let r = ctx
                .store()
                .session(&machine, info.id, SessionRequest::Tick, now)
                .await;
            // The session may have ended while the tick was on its way.
            if m.session
                .with_untracked(|s| s.as_ref().map(|s| s.id) != Some(info.id))
            {
                return;
            }
            match r {
                Ok(Reply::StillActive { deadline }) => {
                    m.deadline.set(Some(deadline));
                    let left = now.millis_until(deadline) / 1000;
                    let asking = m
                        .screen
                        .with_untracked(|s| matches!(s, Screen::MoreTime(_)));
                    if left <= m.prompt_secs.get_untracked() && !asking {
                        let prev = m.screen.get_untracked();
                        m.show(Screen::MoreTime(Box::new(prev)));
                    }
                }
                Ok(Reply::Ended { reason }) => m.ended(reason),
                Err(StoreError::Rule(e)) if e.ejects_card() => m.eject_for(&e),
                _ => {}
            }
        });
    }

    pub fn take_card(&self) {
        self.card.set(None);
        self.card_out.set(false);
        self.show(Screen::Welcome);
        self.refresh();
    }

    pub fn take_cash(&self) {
        self.cash.set(None);
    }

    pub fn take_receipt(&self) {
        self.receipt.set(None);
    }

    fn logout(&self) {
        if self.session.with_untracked(Option::is_some) {
            self.run(SessionRequest::Logout, |m, _| {
                m.ended(EndReason::Logout);
            });
        } else if self.card.with_untracked(Option::is_some) {
            self.eject("Transaction cancelled".to_string(), SessionEnd::Cancelled);
        }
    }

    fn amount(&self) -> Money {
        let typed = self.entry.get_untracked();
        Money::from_dollars(typed.parse::<i64>().unwrap_or(0))
    }

    fn withdraw(&self, amount: Money) {
        self.run(
            SessionRequest::Withdraw {
                account: None,
                amount,
            },
            |m, reply| match reply {
                Reply::Dispensed {
                    account,
                    amount,
                    notes,
                    balance,
                } => {
                    m.cash.set(Some((amount, notes)));
                    m.receipt.set(Some(vec![
                        format!("Withdrawal {amount}"),
                        format!("Account {}", account.0),
                        format!("Balance {balance}"),
                    ]));
                    m.show(Screen::Result(vec![
                        format!("Please take your cash: {amount}"),
                        format!("Balance: {balance}"),
                    ]));
                }
                other => m.generic(other),
            },
        );
    }

    /// A reply shown as plain lines.
    fn generic(&self, reply: Reply) {
        let lines = match reply {
            Reply::Balance { account, balance } => {
                vec![
                    format!("Account {}", account.0),
                    format!("Balance: {balance}"),
                ]
            }
            Reply::Deposited {
                amount, balance, ..
            } => {
                self.receipt.set(Some(vec![
                    format!("Deposit {amount}"),
                    format!("Balance {balance}"),
                ]));
                vec![format!("Deposited {amount}"), format!("Balance: {balance}")]
            }
            Reply::Transferred {
                from,
                to,
                amount,
                from_balance,
                ..
            } => {
                self.receipt.set(Some(vec![
                    format!("Transfer {amount}"),
                    format!("{} to {}", from.0, to.0),
                    format!("Balance {from_balance}"),
                ]));
                vec![
                    format!("Transferred {amount} from {} to {}", from.0, to.0),
                    format!("Balance: {from_balance}"),
                ]
            }
            Reply::PinChanged => vec!["Your PIN has been changed".to_string()],
            _ => vec!["Done".to_string()],
        };
        self.show(Screen::Result(lines));
    }

    fn history(&self) {
        self.run(SessionRequest::History { account: None }, |m, reply| {
            let Reply::History { account } = reply else {
                return m.generic(reply);
            };
            spawn_local(async move {
                let ctx = m.ctx;
                let mut lines = vec![format!("Last transactions, {}", account.0)];
                match ctx.store().history(&account, 5).await {
                    Ok(txns) if txns.is_empty() => lines.push("No transactions yet".into()),
                    Ok(txns) => lines.extend(txns.iter().map(|t| {
                        let sign = if t.kind.is_debit() { "-" } else { "+" };
                        format!(
                            "{} {} {sign}{} → {}",
                            t.at.local(ctx.offset()).short_date(),
                            t.kind,
                            t.amount,
                            t.balance_after
                        )
                    })),
                    Err(e) => lines.push(e.to_string()),
                }
                m.show(Screen::Result(lines));
            });
        });
    }

    /// A soft key was pressed.
    pub fn soft(&self, key: Soft) {
        if self.busy.get_untracked() {
            return;
        }
        match key {
            Soft::Balance => self.run(SessionRequest::Balance { account: None }, |m, r| {
                m.generic(r)
            }),
            Soft::Withdraw => self.show(Screen::Withdraw),
            Soft::Deposit => self.show(Screen::Amount(AmountFor::Deposit)),
            Soft::History => self.history(),
            Soft::Transfer => self.show(Screen::TransferTo),
            Soft::ChangePin => self.show(Screen::NewPin),
            Soft::Exit | Soft::Another(false) => self.logout(),
            Soft::Another(true) => self.show(Screen::Menu),
            Soft::Fast(d) => self.withdraw(Money::from_dollars(d)),
            Soft::Other => self.show(Screen::Amount(AmountFor::Withdraw)),
            Soft::To(to) => self.show(Screen::Amount(AmountFor::Transfer(to))),
            Soft::MoreTime(true) => {
                let back = match self.screen.get_untracked() {
                    Screen::MoreTime(prev) => *prev,
                    other => other,
                };
                self.run(SessionRequest::MoreTime, move |m, reply| {
                    if let Reply::MoreTime { deadline } = reply {
                        m.deadline.set(Some(deadline));
                    }
                    m.show(back);
                });
            }
            Soft::MoreTime(false) => self.logout(),
        }
    }

    /// A keypad key (or the physical keyboard) was pressed.
    pub fn key(&self, key: Key) {
        if self.busy.get_untracked() {
            return;
        }
        let screen = self.screen.get_untracked();
        let max = match &screen {
            Screen::Pin | Screen::NewPin | Screen::ConfirmPin(_) => MAX_PIN_DIGITS,
            Screen::Withdraw | Screen::Amount(_) => MAX_AMOUNT_DIGITS,
            _ => 0,
        };
        match key {
            Key::Digit(d) => {
                if self.entry.with_untracked(String::len) < max {
                    self.entry.update(|e| e.push(d));
                }
            }
            Key::Clear => self.entry.set(String::new()),
            Key::Cancel => match screen {
                Screen::Welcome | Screen::Goodbye(_) => {}
                Screen::Pin | Screen::Menu | Screen::MoreTime(_) => self.logout(),
                _ => self.show(Screen::Menu),
            },
            Key::Enter => match screen {
                Screen::Pin => self.enter_pin(),
                Screen::Withdraw | Screen::Amount(AmountFor::Withdraw) => {
                    if self.entry.with_untracked(String::is_empty) && screen == Screen::Withdraw {
                        return;
                    }
                    self.withdraw(self.amount())
                }
                Screen::Amount(AmountFor::Deposit) => {
                    let amount = self.amount();
                    self.run(
                        SessionRequest::Deposit {
                            account: None,
                            amount,
                        },
                        |m, r| m.generic(r),
                    );
                }
                Screen::Amount(AmountFor::Transfer(to)) => {
                    let amount = self.amount();
                    let from = self
                        .session
                        .with_untracked(|s| s.as_ref().and_then(|s| s.accounts.first().cloned()));
                    if let Some(from) = from {
                        self.run(SessionRequest::Transfer { from, to, amount }, |m, r| {
                            m.generic(r)
                        });
                    }
                }
                Screen::NewPin => {
                    let typed = self.entry.get_untracked();
                    match Pin::parse(&typed) {
                        Ok(_) => self.show(Screen::ConfirmPin(typed)),
                        Err(e) => {
                            self.entry.set(String::new());
                            self.message.set(Some(e.to_string()));
                        }
                    }
                }
                Screen::ConfirmPin(first) => {
                    let typed = self.entry.get_untracked();
                    if typed != first {
                        self.show(Screen::NewPin);
                        self.message
                            .set(Some("The PINs do not match. Try again".into()));
                        return;
                    }
                    match Pin::parse(&typed) {
                        Ok(new_pin) => {
                            self.run(SessionRequest::ChangePin { new_pin }, |m, r| m.generic(r))
                        }
                        Err(e) => self.message.set(Some(e.to_string())),
                    }
                }
                _ => {}
            },
        }
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
        SessionRequest::MoreTime | SessionRequest::Logout | SessionRequest::Tick => None,
    }
}
