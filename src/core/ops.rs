//! The customer's operations as pure decisions ("sans-IO", like quinn-proto and rustls).
//!
//! The shell loads the records an operation involves into a scene, calls [`decide_card`] or
//! [`decide_session`] with `now` and fresh randomness, then writes [`Decision::writes`] and the
//! journal entry atomically and hands the events to the notifiers. The same functions run under
//! a thousand native threads (the main crate's in-memory bank) and inside one IndexedDB
//! transaction in the browser, so every rule lives here and only here.

use crate::account::{Account, AccountId};
use crate::card::{Card, CardHold, CardId, CardNumber, CardStatus, MaskedCard, Pin, PinHash};
use crate::error::AtmError;
use crate::events::{BankEvent, Holder, ReversalReason};
use crate::health::is_low_cash;
use crate::journal::{JournalDraft, Operation, Outcome};
use crate::machine::{Device, Devices, FaultKind, Machine, MachineId, Notes};
use crate::money::{MAX_AMOUNT, Money};
use crate::session::{
    EndReason, Presented, Session, SessionId, SessionInput, SessionLimits, SessionState,
};
use crate::settings::Settings;
use crate::time::Timestamp;
use crate::transaction::{Transaction, TxnFactory, TxnKind};
use crate::user::User;

/// Where randomness comes from. The core draws none itself: the store passes the operating
/// system's generator, tests pass a seeded one so every run replays.
pub trait Entropy: Send + Sync {
    fn fill(&self, buf: &mut [u8]);
}

/// Randomness and ids the shell supplies, so decisions stay deterministic.
#[derive(Clone, Copy, Debug)]
pub struct Fresh {
    pub session_id: SessionId,
    pub salt: [u8; 16],
    /// First of [`crate::transaction::MAX_TXNS_PER_OPERATION`] transaction ids reserved for this call.
    pub first_txn_id: u64,
}

impl Fresh {
    /// A new session id and PIN salt from `entropy`. `first_txn_id` is the start of the ids the
    /// shell reserved for this call, or 0 where the shell numbers transactions afterwards. Both
    /// shells (the in-memory bank and the IndexedDB store) draw through here, so they hand the
    /// core the same kind of randomness.
    pub fn draw(entropy: &(impl Entropy + ?Sized), first_txn_id: u64) -> Fresh {
        let mut session = [0u8; 16];
        let mut salt = [0u8; 16];
        entropy.fill(&mut session);
        entropy.fill(&mut salt);
        Fresh {
            session_id: SessionId::from_random_bytes(session),
            salt,
            first_txn_id,
        }
    }

    /// The internal id of a card issued with this randomness.
    pub fn card_id(&self) -> CardId {
        CardId::from(format!("C{}", &self.session_id.to_hex()[..12]))
    }
}

/// A random Luhn-valid card number for a card issued without one; the shell draws again while
/// the number is taken.
pub fn random_card_number(entropy: &(impl Entropy + ?Sized)) -> CardNumber {
    let mut body = [0u8; 8];
    entropy.fill(&mut body);
    CardNumber::issue("4", u64::from_le_bytes(body))
}

/// What a customer does at the card slot, before a session exists.
#[derive(Clone, Debug)]
pub enum CardRequest {
    Insert,
    EnterPin(Pin),
    /// The machine keeps a card it ejected and nobody took within [`TAKE_WITHIN_SECS`].
    Capture,
}

/// How long a customer has to take an ejected card or presented cash before the machine takes
/// it back (SPEC.md "Card capture"). The screen flow asks after this long; the core checks it.
pub const TAKE_WITHIN_SECS: i64 = 30;

/// What a customer does inside a session. `None` for an account means the card's primary one.
#[derive(Clone, Debug)]
pub enum SessionRequest {
    Balance {
        account: Option<AccountId>,
    },
    Withdraw {
        account: Option<AccountId>,
        amount: Money,
        /// The fee the customer accepted: the one [`Reply::LoggedIn`] named for this machine,
        /// zero where none was asked. Any other is refused, so no fee is charged unseen.
        fee: Money,
    },
    /// The customer declined the fee `fee` for a withdrawal of `amount`: journaled, nothing
    /// else changes.
    DeclineFee {
        amount: Money,
        fee: Money,
    },
    Deposit {
        account: Option<AccountId>,
        amount: Money,
    },
    Transfer {
        from: AccountId,
        to: AccountId,
        amount: Money,
    },
    ChangePin {
        new_pin: Pin,
    },
    History {
        account: Option<AccountId>,
    },
    MoreTime,
    Logout,
    /// A timer fired. Expires the session if its deadline has passed; otherwise nothing.
    Tick,
    /// The cash this session's last withdrawal presented was not taken within
    /// [`TAKE_WITHIN_SECS`]: the machine takes it back and the withdrawal is reversed. Allowed
    /// after the session ended (the card can be taken before the cash).
    Retract,
}

impl SessionRequest {
    /// The accounts the shell must load for this request, given the session's card.
    pub fn accounts_needed(&self, session: &Session) -> Vec<AccountId> {
        let primary = || {
            session
                .accounts
                .first()
                .cloned()
                .into_iter()
                .collect::<Vec<_>>()
        };
        let or_primary = |a: &Option<AccountId>| a.clone().map_or_else(primary, |a| vec![a]);
        match self {
            SessionRequest::Balance { account }
            | SessionRequest::Withdraw { account, .. }
            | SessionRequest::Deposit { account, .. }
            | SessionRequest::History { account } => or_primary(account),
            SessionRequest::Transfer { from, to, .. } => vec![from.clone(), to.clone()],
            SessionRequest::Retract => session
                .presented
                .iter()
                .map(|p| p.account.clone())
                .collect(),
            SessionRequest::ChangePin { .. }
            | SessionRequest::DeclineFee { .. }
            | SessionRequest::MoreTime
            | SessionRequest::Logout
            | SessionRequest::Tick => Vec::new(),
        }
    }

    /// Whether the machine asks the bank's host for this (the requests `host::session_exchange`
    /// logs): session housekeeping does not, so it works with the host link down.
    pub fn asks_host(&self) -> bool {
        !matches!(
            self,
            SessionRequest::MoreTime
                | SessionRequest::Logout
                | SessionRequest::Tick
                | SessionRequest::Retract
                | SessionRequest::DeclineFee { .. }
        )
    }

    fn operation(&self, session: Option<&Session>) -> Operation {
        match self {
            SessionRequest::Balance { .. } => Operation::Balance,
            SessionRequest::Withdraw { amount, .. } => Operation::Withdraw { amount: *amount },
            SessionRequest::DeclineFee { amount, fee } => Operation::DeclineFee {
                amount: *amount,
                fee: *fee,
            },
            SessionRequest::Deposit { amount, .. } => Operation::Deposit { amount: *amount },
            SessionRequest::Transfer { amount, .. } => Operation::Transfer { amount: *amount },
            SessionRequest::ChangePin { .. } => Operation::ChangePin,
            SessionRequest::History { .. } => Operation::History,
            SessionRequest::MoreTime => Operation::MoreTime,
            SessionRequest::Logout => Operation::Logout,
            SessionRequest::Tick => Operation::Timeout,
            SessionRequest::Retract => Operation::RetractCash {
                amount: session
                    .and_then(|s| s.presented.as_ref())
                    .map_or(Money::ZERO, |p| p.amount),
            },
        }
    }
}

/// The records a card-slot request involves, as loaded by the shell.
#[derive(Clone, Debug)]
pub struct CardScene {
    pub settings: Settings,
    pub machine_id: MachineId,
    pub machine: Option<Machine>,
    pub card: Option<Card>,
    /// The card owner's name (loaded after the card, by `card.user`): all a card-slot request
    /// needs of the user, so a login does not copy the user's lists of accounts and cards.
    pub holder_name: Option<crate::ident::Text>,
}

/// The records a session request involves, as loaded by the shell: the session by id, then its
/// card (by card id), user, machine, and the accounts [`SessionRequest::accounts_needed`] names.
#[derive(Clone, Debug)]
pub struct SessionScene {
    pub machine_id: MachineId,
    pub session: Option<Session>,
    pub card: Option<Card>,
    /// Read for the name and the daily total; a decision here changes only the daily total.
    pub user: Option<User>,
    pub machine: Option<Machine>,
    pub accounts: Vec<Account>,
}

/// Records to write back. `None` / empty means unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Writes {
    pub card: Option<Card>,
    pub session: Option<Session>,
    pub user: Option<User>,
    pub machine: Option<Machine>,
    pub accounts: Vec<Account>,
}

/// What an operation answers on success.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    CardAccepted,
    LoggedIn {
        session: SessionId,
        name: crate::ident::Text,
        accounts: Vec<AccountId>,
        deadline: Timestamp,
        /// Whether this machine can print a receipt now: without one the screen asks before
        /// the customer goes on.
        receipt: bool,
        /// What a withdrawal at this machine costs this card ([`Machine::fee_for`]): the screen
        /// asks the customer to accept it before any cash moves.
        fee: Money,
    },
    Balance {
        account: AccountId,
        balance: Money,
    },
    /// Cash presented. `amount` is what came out and was debited; it is less than `requested`
    /// when a faulty dispenser presented only part (the rest went to the reject bin).
    Dispensed {
        account: AccountId,
        amount: Money,
        notes: Notes,
        balance: Money,
        requested: Money,
        /// The operator's surcharge charged with it (zero at this bank's own machines);
        /// `balance` is after both.
        fee: Money,
        /// Whether the printer gave a receipt (no paper or a printer fault: none).
        receipt: bool,
    },
    /// The customer declined the fee: nothing moved.
    FeeDeclined {
        amount: Money,
        fee: Money,
    },
    /// A problem with the machine was reported: it is out of service now.
    ProblemReported {
        machine: MachineId,
    },
    Deposited {
        account: AccountId,
        amount: Money,
        balance: Money,
        receipt: bool,
    },
    Transferred {
        from: AccountId,
        to: AccountId,
        amount: Money,
        from_balance: Money,
        to_balance: Money,
        receipt: bool,
    },
    PinChanged,
    /// The session may read this account's history; the shell fetches the entries.
    History {
        account: AccountId,
    },
    MoreTime {
        deadline: Timestamp,
    },
    /// The session is over (logout, or a tick after the deadline).
    Ended {
        reason: EndReason,
    },
    /// A tick before the deadline: nothing happened.
    StillActive {
        deadline: Timestamp,
    },
    /// The machine kept the card it ejected (not taken in time).
    Captured {
        machine: MachineId,
    },
    /// The cash not taken went back into the machine and `amount` was credited back.
    Retracted {
        account: AccountId,
        amount: Money,
        balance: Money,
    },
    /// A back-office step succeeded.
    Done,
}

/// What a customer's request gets back: the reply or the refusal, and the session's deadline as
/// it stands after it (`None` when no session is live at this machine), so a screen never
/// re-derives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub outcome: Result<Reply, AtmError>,
    pub deadline: Option<Timestamp>,
    /// The device faults that struck while deciding it (for the machine's listeners).
    pub faults: Vec<(Device, FaultKind)>,
}

/// Everything an operation decided. The shell applies it as one atomic step.
#[derive(Clone, Debug)]
pub struct Decision {
    pub writes: Writes,
    pub transactions: Vec<Transaction>,
    pub events: Vec<BankEvent>,
    /// The journal entries, in order: the request's own, then any a device fault added (a
    /// reversal). Empty only for a timer tick that changed nothing.
    pub journal: Vec<JournalDraft>,
    pub outcome: Result<Reply, AtmError>,
    /// The session's deadline after this decision, for the [`Answer`].
    pub deadline: Option<Timestamp>,
    /// The device faults that struck, in order (each also journaled and raised as an event).
    pub faults: Vec<(Device, FaultKind)>,
}

impl Decision {
    /// What the customer gets back, once the shell has applied the rest.
    pub fn answer(self) -> Answer {
        Answer {
            outcome: self.outcome,
            deadline: self.deadline,
            faults: self.faults,
        }
    }
}

/// Where a request is decided: for the journal entries and events a device adds.
struct Site<'a> {
    now: Timestamp,
    machine: &'a MachineId,
    card: Option<MaskedCard>,
}

impl Site<'_> {
    /// Uses `device` once: a fault in force strikes, counts down, is journaled and raised as an
    /// alert for bank operations.
    fn use_device(
        &self,
        devices: &mut Devices,
        device: Device,
        d: &mut Decision,
    ) -> Option<FaultKind> {
        let kind = devices.use_once(device)?;
        d.faults.push((device, kind));
        self.journal(d, Operation::Fault { device, kind });
        d.events.push(BankEvent::Fault {
            at: self.now,
            machine: self.machine.clone(),
            device,
            kind,
        });
        Some(kind)
    }

    /// Prints a receipt if the printer works and has paper.
    fn print_receipt(&self, devices: &mut Devices, d: &mut Decision) -> bool {
        self.use_device(devices, Device::Printer, d).is_none() && devices.take_paper()
    }

    fn journal(&self, d: &mut Decision, operation: Operation) {
        d.journal.push(JournalDraft {
            at: self.now,
            machine: Some(self.machine.clone()),
            card: self.card.clone(),
            operation,
            outcome: Outcome::Ok,
        });
    }

    /// The machine keeps `card`: marked retained here, and the holder told. The request's own
    /// journal entry says so (a refused insert or PIN, or a capture).
    fn retain(&self, card: &mut Card, holder: Holder, d: &mut Decision) {
        card.retained = Some(self.machine.clone());
        card.hold = None;
        d.events.push(BankEvent::CardRetained {
            at: self.now,
            holder,
            machine: self.machine.clone(),
        });
    }
}

/// The bank's checks of a card, in order: known, not retained, status, not elsewhere.
fn check_card(scene: &CardScene, now: Timestamp) -> Result<&Card, AtmError> {
    let card = scene.card.as_ref().ok_or(AtmError::UnknownCard)?;
    if let Some(machine) = &card.retained {
        return Err(AtmError::CardRetained {
            machine: machine.clone(),
        });
    }
    match card.status_at(now) {
        CardStatus::Active => {}
        CardStatus::Stolen => return Err(AtmError::CardStolen),
        CardStatus::Expired => return Err(AtmError::CardExpired),
        CardStatus::Blocked { until } => {
            return Err(AtmError::CardBlocked {
                until: until.local(scene.settings.utc_offset),
            });
        }
    }
    if card.live_hold(now).is_some() {
        return Err(AtmError::CardInUse);
    }
    Ok(card)
}

/// Decides a card-slot request: inserting a card, or entering its PIN.
pub fn decide_card(
    request: &CardRequest,
    scene: &CardScene,
    now: Timestamp,
    fresh: &Fresh,
) -> Decision {
    let operation = match request {
        CardRequest::Insert => Operation::InsertCard,
        CardRequest::EnterPin(_) => Operation::EnterPin,
        CardRequest::Capture => Operation::CaptureCard,
    };
    let mut d = Decision {
        writes: Writes::default(),
        transactions: Vec::new(),
        events: Vec::new(),
        journal: Vec::new(),
        outcome: Err(AtmError::UnknownCard),
        deadline: None,
        faults: Vec::new(),
    };
    d.outcome = card_step(request, scene, now, fresh, &mut d);
    d.journal.insert(
        0,
        JournalDraft {
            at: now,
            machine: Some(scene.machine_id.clone()),
            card: scene.card.as_ref().map(|c| c.number.masked()),
            operation,
            outcome: outcome_of(&d.outcome),
        },
    );
    d.deadline = d.writes.session.as_ref().and_then(Session::deadline);
    d
}

/// The card slot's checks in order: the machine (known, in service), then its devices (the
/// card reader, on insert only; the host link), then the bank's checks of the card. A device
/// a request uses counts its fault down, so the machine is written when one was in force.
fn card_step(
    request: &CardRequest,
    scene: &CardScene,
    now: Timestamp,
    fresh: &Fresh,
    d: &mut Decision,
) -> Result<Reply, AtmError> {
    let machine = Machine::known(scene.machine.as_ref(), &scene.machine_id)?;
    if matches!(request, CardRequest::Capture) {
        return capture(scene, now, d);
    }
    if !machine.in_service {
        return Err(AtmError::OutOfService);
    }
    let mut devices = machine.devices.clone();
    let result = card_at_machine(request, scene, &mut devices, now, fresh, d);
    if devices != machine.devices {
        d.writes.machine = Some(Machine {
            devices,
            ..machine.clone()
        });
    }
    result
}

fn card_at_machine(
    request: &CardRequest,
    scene: &CardScene,
    devices: &mut Devices,
    now: Timestamp,
    fresh: &Fresh,
    d: &mut Decision,
) -> Result<Reply, AtmError> {
    let site = Site {
        now,
        machine: &scene.machine_id,
        card: scene.card.as_ref().map(|c| c.number.masked()),
    };
    if matches!(request, CardRequest::Insert) {
        match site.use_device(devices, Device::CardReader, d) {
            None => {}
            Some(FaultKind::ReadError) => return Err(AtmError::CardUnreadable),
            // A jam, the reader's other fault: the card stays in this machine. A card the bank
            // does not know has no record to mark, but stays in all the same.
            Some(_) => {
                if let Some(card) = &scene.card {
                    let mut card = card.clone();
                    let holder = Holder::of(&card, scene.holder_name.as_ref());
                    site.retain(&mut card, holder, d);
                    d.writes.card = Some(card);
                }
                return Err(AtmError::CardRetained {
                    machine: scene.machine_id.clone(),
                });
            }
        }
    }
    if site.use_device(devices, Device::Host, d).is_some() {
        return Err(AtmError::HostOffline);
    }
    let card = check_card(scene, now)?;
    match request {
        CardRequest::Insert => Ok(Reply::CardAccepted),
        CardRequest::EnterPin(pin) => {
            let verified = card.pin.verify(pin);
            let receipt = devices.receipt_available();
            enter_pin(card, verified, receipt, scene, now, fresh, d)
        }
        CardRequest::Capture => unreachable!("decided in card_step"),
    }
}

/// The machine keeps the card it ejected: any machine may (in service or not), and a card the
/// bank does not know has no record to mark. The flow asks after [`TAKE_WITHIN_SECS`].
fn capture(scene: &CardScene, now: Timestamp, d: &mut Decision) -> Result<Reply, AtmError> {
    if let Some(card) = &scene.card {
        let site = Site {
            now,
            machine: &scene.machine_id,
            card: Some(card.number.masked()),
        };
        let mut card = card.clone();
        let holder = Holder::of(&card, scene.holder_name.as_ref());
        site.retain(&mut card, holder, d);
        d.writes.card = Some(card);
    }
    Ok(Reply::Captured {
        machine: scene.machine_id.clone(),
    })
}

/// Opens a session if the PIN was right (`verified`), counts the failure otherwise. `receipt`:
/// whether the machine can print one (the customer is asked before going on without).
fn enter_pin(
    card: &Card,
    verified: bool,
    receipt: bool,
    scene: &CardScene,
    now: Timestamp,
    fresh: &Fresh,
    d: &mut Decision,
) -> Result<Reply, AtmError> {
    let settings = &scene.settings;
    let mut card = card.clone();
    card.settle(now);
    let who = Holder::of(&card, scene.holder_name.as_ref());
    let machine = scene.machine_id.clone();
    if !verified {
        card.failed_attempts += 1;
        let max = settings.max_pin_attempts;
        let result = if card.failed_attempts >= max {
            let until = now.plus_secs(i64::from(settings.block_secs));
            card.status = CardStatus::Blocked { until };
            let until = until.local(settings.utc_offset);
            d.events.push(BankEvent::FailedPin {
                at: now,
                holder: who.clone(),
                machine: machine.clone(),
                tries_left: 0,
            });
            d.events.push(BankEvent::CardBlocked {
                at: now,
                holder: who.clone(),
                machine: machine.clone(),
                until,
            });
            if settings.retain_on_block {
                let site = Site {
                    now,
                    machine: &machine,
                    card: Some(card.number.masked()),
                };
                site.retain(&mut card, who, d);
                Err(AtmError::BlockedAndRetained { until, machine })
            } else {
                Err(AtmError::BlockedNow { until })
            }
        } else {
            let tries_left = max - card.failed_attempts;
            d.events.push(BankEvent::FailedPin {
                at: now,
                holder: who,
                machine,
                tries_left,
            });
            Err(AtmError::WrongPin { tries_left })
        };
        d.writes.card = Some(card);
        return result;
    }
    let limits = SessionLimits::from(settings);
    let session = Session {
        id: fresh.session_id,
        card: card.id.clone(),
        card_masked: card.number.masked(),
        user: card.user.clone(),
        accounts: card.accounts.clone(),
        machine: machine.clone(),
        started: now,
        limits,
        state: SessionState::LoggedIn { last_activity: now },
        presented: None,
    };
    // A live session has a deadline by construction.
    let deadline = session.deadline().unwrap_or(now);
    card.failed_attempts = 0;
    card.hold = Some(CardHold {
        machine: machine.clone(),
        session: fresh.session_id,
        until: deadline,
    });
    d.events.push(BankEvent::LoggedIn {
        at: now,
        holder: who.clone(),
        machine,
    });
    let reply = Reply::LoggedIn {
        session: fresh.session_id,
        name: who.name,
        accounts: card.accounts.clone(),
        deadline,
        receipt,
        fee: scene
            .machine
            .as_ref()
            .map_or(Money::ZERO, |m| m.fee_for(&card)),
    };
    d.writes.card = Some(card);
    d.writes.session = Some(session);
    Ok(reply)
}

/// The most notes the deposit slot takes at once (SPEC.md "The machine's devices").
pub const MAX_DEPOSIT_NOTES: u32 = 50;

/// Cash in or out: a positive, sane amount that this machine's kinds of note can make; if they
/// cannot, the refusal `cannot` makes of them (the dispenser's and the deposit slot's differ).
fn check_cash_amount(
    machine: &Machine,
    amount: Money,
    cannot: fn(Vec<u32>) -> AtmError,
) -> Result<(), AtmError> {
    if !amount.is_positive() {
        return Err(AtmError::AmountNotPositive);
    }
    if amount > MAX_AMOUNT {
        return Err(AtmError::AmountTooLarge);
    }
    if !machine.notes.can_ever_make(amount) {
        return Err(cannot(machine.notes.denominations().collect()));
    }
    Ok(())
}

fn outcome_of(outcome: &Result<Reply, AtmError>) -> Outcome {
    match outcome {
        Ok(_) => Outcome::Ok,
        Err(e) => Outcome::Refused(e.to_string()),
    }
}

/// Decides a request inside a session.
pub fn decide_session(
    request: &SessionRequest,
    scene: &SessionScene,
    settings: &Settings,
    now: Timestamp,
    fresh: &Fresh,
) -> Decision {
    let mut d = Decision {
        writes: Writes::default(),
        transactions: Vec::new(),
        events: Vec::new(),
        journal: Vec::new(),
        outcome: Err(AtmError::NotLoggedIn),
        deadline: None,
        faults: Vec::new(),
    };
    let masked = scene.session.as_ref().map(|s| s.card_masked.clone());
    d.outcome = session_step(request, scene, settings, now, fresh, &mut d);
    let quiet_tick =
        matches!(request, SessionRequest::Tick) && !matches!(d.outcome, Ok(Reply::Ended { .. }));
    let quiet_end = matches!(request, SessionRequest::Tick | SessionRequest::Logout)
        && d.writes.session.is_none();
    if !quiet_tick && !quiet_end {
        let outcome = match &d.outcome {
            // The withdrawal itself went through; the entry after this one reverses it.
            Err(AtmError::DispenserJam { .. }) => Outcome::Ok,
            other => outcome_of(other),
        };
        d.journal.insert(
            0,
            JournalDraft {
                at: now,
                machine: Some(scene.machine_id.clone()),
                card: masked,
                operation: request.operation(scene.session.as_ref()),
                outcome,
            },
        );
    }
    d.deadline = d
        .writes
        .session
        .as_ref()
        .or(scene.session.as_ref())
        .filter(|s| s.machine == scene.machine_id)
        .and_then(Session::deadline);
    d
}

/// Ends `session` in `state`: writes it, releases the card, and announces it.
fn end_session(
    session: Session,
    card: Option<&Card>,
    holder: Option<Holder>,
    now: Timestamp,
    d: &mut Decision,
) -> EndReason {
    let reason = session.end_reason().unwrap_or(EndReason::Logout);
    if let Some(card) = card
        && card.hold.as_ref().is_some_and(|h| h.session == session.id)
    {
        let mut card = card.clone();
        card.hold = None;
        d.writes.card = Some(card);
    }
    if let Some(holder) = holder {
        d.events.push(BankEvent::SessionEnded {
            at: now,
            holder,
            machine: session.machine.clone(),
            reason,
        });
    }
    d.writes.session = Some(session);
    reason
}

fn session_step(
    request: &SessionRequest,
    scene: &SessionScene,
    settings: &Settings,
    now: Timestamp,
    fresh: &Fresh,
    d: &mut Decision,
) -> Result<Reply, AtmError> {
    let session = scene.session.as_ref().ok_or(AtmError::NotLoggedIn)?;
    if session.machine != scene.machine_id {
        return Err(AtmError::NotLoggedIn);
    }
    let who = scene
        .card
        .as_ref()
        .map(|c| Holder::of(c, scene.user.as_ref().map(|u| &u.name)));
    let was_live = session.end_reason().is_none();
    if matches!(request, SessionRequest::Retract) {
        return retract(session, scene, settings, now, fresh, d);
    }

    // A card reported stolen stops its session at the next touch, wherever it is.
    let stolen = scene
        .card
        .as_ref()
        .is_none_or(|c| c.status_at(now) == CardStatus::Stolen);
    if stolen && was_live {
        let stopped = session
            .apply(SessionInput::Stop, now)
            .unwrap_or_else(|refused| refused.0);
        let reason = end_session(stopped, scene.card.as_ref(), who, now, d);
        // Taking the card or a timer still ends the session cleanly; anything else is refused.
        return match request {
            SessionRequest::Logout | SessionRequest::Tick => Ok(Reply::Ended { reason }),
            _ => Err(AtmError::CardStolen),
        };
    }

    let input = match request {
        SessionRequest::Logout => SessionInput::Logout,
        SessionRequest::Tick => SessionInput::Tick,
        _ => SessionInput::Activity,
    };
    let next = match session.apply(input, now) {
        Ok(next) => next,
        Err(refused) => {
            let (next, err) = *refused;
            if was_live {
                end_session(next, scene.card.as_ref(), who, now, d);
            }
            return Err(err);
        }
    };
    if let Some(reason) = next.end_reason() {
        if was_live {
            end_session(next, scene.card.as_ref(), who, now, d);
        }
        return Ok(Reply::Ended { reason });
    }
    // Still logged in. Activity moved the deadline; the card's hold follows it.
    let deadline = next.deadline().unwrap_or(now);
    if matches!(request, SessionRequest::Tick) {
        return Ok(Reply::StillActive { deadline });
    }
    // Every customer request below comes from a card with a live session, so card and user exist
    // unless a record is missing from the store; refuse rather than guess.
    let card = scene.card.as_ref().ok_or(AtmError::NotLoggedIn)?;
    let user = scene.user.as_ref().ok_or_else(|| AtmError::Unknown {
        what: "user",
        id: session.user.to_string(),
    })?;
    let who = Holder::of(card, Some(&user.name));
    let mut card_after = card.clone();
    if let Some(hold) = card_after.hold.as_mut().filter(|h| h.session == next.id) {
        hold.until = deadline;
    }
    d.writes.card = Some(card_after.clone());
    d.writes.session = Some(next.clone());

    let account_on_card = |id: &AccountId| -> Result<&Account, AtmError> {
        if !next.accounts.contains(id) {
            return Err(AtmError::AccountNotOnCard);
        }
        scene
            .accounts
            .iter()
            .find(|a| &a.id == id)
            .ok_or(AtmError::AccountNotOnCard)
    };
    let target = |a: &Option<AccountId>| -> Result<&Account, AtmError> {
        let id = a
            .as_ref()
            .or(next.accounts.first())
            .ok_or(AtmError::AccountNotOnCard)?;
        account_on_card(id)
    };
    let machine_id = scene.machine_id.clone();
    let site = Site {
        now,
        machine: &scene.machine_id,
        card: Some(next.card_masked.clone()),
    };
    if request.asks_host()
        && let Some(machine) = &scene.machine
    {
        let mut after = machine.clone();
        if site
            .use_device(&mut after.devices, Device::Host, d)
            .is_some()
        {
            d.writes.machine = Some(after);
            return Err(AtmError::HostOffline);
        }
    }
    let mut txns = TxnFactory::new(
        fresh.first_txn_id,
        now,
        Some(machine_id.clone()),
        Some(next.card_masked.clone()),
    );

    let reply = match request {
        SessionRequest::Balance { account } => {
            let a = target(account)?;
            Reply::Balance {
                account: a.id.clone(),
                balance: a.balance,
            }
        }
        SessionRequest::History { account } => Reply::History {
            account: target(account)?.id.clone(),
        },
        SessionRequest::MoreTime => Reply::MoreTime { deadline },
        SessionRequest::DeclineFee { amount, fee } => Reply::FeeDeclined {
            amount: *amount,
            fee: *fee,
        },
        SessionRequest::Withdraw {
            account,
            amount,
            fee: accepted,
        } => {
            let amount = *amount;
            let account = target(account)?;
            let machine = Machine::known(scene.machine.as_ref(), &machine_id)?;
            let fee = machine.fee_for(card);
            if *accepted != fee {
                return Err(AtmError::FeeNotAccepted { fee });
            }
            // What counts toward the day's limit for `cash` paid out: the fee too, if the bank
            // says so.
            let counted = |cash: Money| {
                if settings.fee_counts_toward_daily_limit {
                    cash.checked_add(fee).ok_or(AtmError::AmountTooLarge)
                } else {
                    Ok(cash)
                }
            };
            // The order is SPEC.md's: amount, note mix, per-transaction, daily, balance, cash.
            check_cash_amount(machine, amount, |denominations| AtmError::NotesCannotMake {
                denominations,
            })?;
            if amount > next.limits.per_transaction_limit {
                return Err(AtmError::OverTransactionLimit {
                    limit: next.limits.per_transaction_limit,
                });
            }
            let today = user.daily.on(now, settings.utc_offset);
            let after_today = today
                .checked_add(counted(amount)?)
                .ok_or(AtmError::AmountTooLarge)?;
            if after_today > next.limits.daily_limit {
                return Err(AtmError::DailyLimitExceeded {
                    remaining: next.limits.daily_limit.saturating_sub(today),
                });
            }
            // The balance must cover the cash and the fee together: refused whole otherwise.
            let total = amount.checked_add(fee).ok_or(AtmError::AmountTooLarge)?;
            account.debit(total).ok_or(AtmError::InsufficientFunds)?;
            let debited = account.debit(amount).ok_or(AtmError::InsufficientFunds)?;
            let notes = machine
                .notes
                .plan(amount)
                .ok_or(AtmError::MachineCannotDispense)?;
            // The plan was drawn from this very stock, so taking it out cannot fail.
            let left = machine
                .notes
                .minus(&notes)
                .ok_or(AtmError::MachineCannotDispense)?;
            let before = machine.notes.total();
            let mut machine_after = Machine {
                notes: left,
                ..machine.clone()
            };
            let remaining = machine_after.notes.total();
            if is_low_cash(remaining, settings) && !is_low_cash(before, settings) {
                d.events.push(BankEvent::LowCash {
                    at: now,
                    machine: machine_id.clone(),
                    remaining,
                });
            }
            // The cassettes gave up the planned notes; the dispenser presents them, or part of
            // them, and what it does not present goes to the reject bin.
            let presented = match site.use_device(&mut machine_after.devices, Device::Dispenser, d)
            {
                None => notes.clone(),
                Some(FaultKind::Partial) => notes.partial(),
                // A jam, the dispenser's other fault: nothing comes out.
                Some(_) => Notes::default(),
            };
            // `presented` is drawn from `notes`, so this cannot fail.
            let rejected = notes
                .minus(&presented)
                .ok_or(AtmError::MachineCannotDispense)?;
            let bin = &mut machine_after.devices.reject_bin;
            *bin = bin.plus(&rejected).ok_or(AtmError::AmountTooLarge)?;
            let paid = presented.total();
            if !paid.is_positive() {
                // The jam: the withdrawal is reversed in this same step, so the account and
                // the day's total end as they were and only the notes have moved.
                let restored = debited.credit(amount).ok_or(AtmError::AmountTooLarge)?;
                txns.record(TxnKind::Withdrawal, &debited, amount);
                txns.record(TxnKind::Reversal, &restored, amount);
                d.transactions = txns.finish();
                site.journal(
                    d,
                    Operation::Reversal {
                        amount,
                        device: Device::Dispenser,
                        kind: FaultKind::Jam,
                    },
                );
                d.events.push(BankEvent::Reversal {
                    at: now,
                    holder: who,
                    machine: machine_id,
                    account: restored.id.clone(),
                    amount,
                    reason: ReversalReason::DispenserJam,
                });
                d.writes.machine = Some(machine_after);
                d.writes.accounts.push(restored);
                return Err(AtmError::DispenserJam { amount });
            }
            // Only what was presented is debited and counts against the day's limit.
            let mut debited = account.debit(paid).ok_or(AtmError::InsufficientFunds)?;
            let daily = user
                .daily
                .plus(counted(paid)?, now, settings.utc_offset)
                .ok_or(AtmError::AmountTooLarge)?;
            txns.record(TxnKind::Withdrawal, &debited, paid);
            if paid < amount {
                site.journal(d, Operation::PartialDispense { presented: paid });
            }
            // The fee leaves the account in the same step and is kept by the machine for its
            // operator, so the bank's money adds up.
            if fee.is_positive() {
                debited = debited.debit(fee).ok_or(AtmError::InsufficientFunds)?;
                txns.record(TxnKind::Fee, &debited, fee);
                machine_after.fees_collected = machine_after
                    .fees_collected
                    .checked_add(fee)
                    .ok_or(AtmError::AmountTooLarge)?;
                site.journal(d, Operation::Fee { amount: fee });
            }
            d.events.push(BankEvent::Withdrawal {
                at: now,
                holder: who,
                machine: machine_id,
                account: debited.id.clone(),
                amount: paid,
                balance: debited.balance,
            });
            let receipt = site.print_receipt(&mut machine_after.devices, d);
            if let Some(session) = d.writes.session.as_mut() {
                session.presented = Some(Presented {
                    account: debited.id.clone(),
                    amount: paid,
                    notes: presented.clone(),
                    at: now,
                });
            }
            d.writes.user = Some(User {
                daily,
                ..user.clone()
            });
            d.writes.machine = Some(machine_after);
            d.writes.accounts.push(debited.clone());
            Reply::Dispensed {
                account: debited.id,
                amount: paid,
                notes: presented,
                balance: debited.balance,
                requested: amount,
                fee,
                receipt,
            }
        }
        SessionRequest::Deposit { account, amount } => {
            let amount = *amount;
            let account = target(account)?;
            let machine = Machine::known(scene.machine.as_ref(), &machine_id)?;
            // The notes go into the machine's cassettes, so a deposit is made of notes it takes.
            check_cash_amount(machine, amount, |denominations| {
                AtmError::DepositNotesCannotMake { denominations }
            })?;
            let unlimited = Notes(
                machine
                    .notes
                    .denominations()
                    .map(|d| (d, u32::MAX))
                    .collect(),
            );
            let notes = unlimited.plan(amount).ok_or(AtmError::AmountTooLarge)?;
            if notes.count() > MAX_DEPOSIT_NOTES {
                return Err(AtmError::DepositTooManyNotes {
                    max: MAX_DEPOSIT_NOTES,
                });
            }
            let stocked = machine.notes.plus(&notes).ok_or(AtmError::AmountTooLarge)?;
            let credited = account.credit(amount).ok_or(AtmError::AmountTooLarge)?;
            txns.record(TxnKind::Deposit, &credited, amount);
            d.events.push(BankEvent::Deposit {
                at: now,
                holder: who,
                machine: machine_id,
                account: credited.id.clone(),
                amount,
                balance: credited.balance,
            });
            let mut machine_after = Machine {
                notes: stocked,
                ..machine.clone()
            };
            let receipt = site.print_receipt(&mut machine_after.devices, d);
            d.writes.machine = Some(machine_after);
            d.writes.accounts.push(credited.clone());
            Reply::Deposited {
                account: credited.id,
                amount,
                balance: credited.balance,
                receipt,
            }
        }
        SessionRequest::Transfer { from, to, amount } => {
            let amount = *amount;
            if from == to {
                return Err(AtmError::SameAccount);
            }
            let (from, to) = (account_on_card(from)?, account_on_card(to)?);
            if !amount.is_positive() {
                return Err(AtmError::AmountNotPositive);
            }
            if amount > MAX_AMOUNT {
                return Err(AtmError::AmountTooLarge);
            }
            let debited = from.debit(amount).ok_or(AtmError::InsufficientFunds)?;
            let credited = to.credit(amount).ok_or(AtmError::AmountTooLarge)?;
            txns.record(TxnKind::TransferOut, &debited, amount);
            txns.record(TxnKind::TransferIn, &credited, amount);
            d.events.push(BankEvent::Transfer {
                at: now,
                holder: who,
                from: debited.id.clone(),
                to: credited.id.clone(),
                amount,
                from_balance: debited.balance,
            });
            let receipt = match &scene.machine {
                Some(machine) => {
                    let mut after = machine.clone();
                    let printed = site.print_receipt(&mut after.devices, d);
                    if after != *machine {
                        d.writes.machine = Some(after);
                    }
                    printed
                }
                None => false,
            };
            let reply = Reply::Transferred {
                from: debited.id.clone(),
                to: credited.id.clone(),
                amount,
                from_balance: debited.balance,
                to_balance: credited.balance,
                receipt,
            };
            d.writes.accounts.extend([debited, credited]);
            reply
        }
        SessionRequest::ChangePin { new_pin } => {
            if card.pin.verify(new_pin) {
                return Err(AtmError::SamePin);
            }
            card_after.pin = PinHash::new(new_pin, fresh.salt);
            d.writes.card = Some(card_after);
            d.events.push(BankEvent::PinChanged {
                at: now,
                holder: who,
            });
            Reply::PinChanged
        }
        SessionRequest::Logout | SessionRequest::Tick | SessionRequest::Retract => {
            unreachable!("handled above: they end, keep or leave the session")
        }
    };
    d.transactions = txns.finish();
    Ok(reply)
}

/// Takes back the cash `session`'s last withdrawal presented, once [`TAKE_WITHIN_SECS`] have
/// passed: the notes go to the reject bin, the account and the day's total get the amount back,
/// and the session forgets the cash, so it is reversed once only.
fn retract(
    session: &Session,
    scene: &SessionScene,
    settings: &Settings,
    now: Timestamp,
    fresh: &Fresh,
    d: &mut Decision,
) -> Result<Reply, AtmError> {
    let nothing = || AtmError::Invalid {
        field: "retract".into(),
        reason: format!("no cash has waited {TAKE_WITHIN_SECS} seconds to be taken"),
    };
    let presented = session.presented.as_ref().ok_or_else(nothing)?;
    if now < presented.at.plus_secs(TAKE_WITHIN_SECS) {
        return Err(nothing());
    }
    let account = scene
        .accounts
        .iter()
        .find(|a| a.id == presented.account)
        .ok_or(AtmError::AccountNotOnCard)?;
    let machine = Machine::known(scene.machine.as_ref(), &scene.machine_id)?;
    let user = scene.user.as_ref().ok_or_else(|| AtmError::Unknown {
        what: "user",
        id: session.user.to_string(),
    })?;
    let amount = presented.amount;
    let credited = account.credit(amount).ok_or(AtmError::AmountTooLarge)?;
    let mut machine_after = machine.clone();
    let bin = &mut machine_after.devices.reject_bin;
    *bin = bin.plus(&presented.notes).ok_or(AtmError::AmountTooLarge)?;
    let mut txns = TxnFactory::new(
        fresh.first_txn_id,
        now,
        Some(scene.machine_id.clone()),
        Some(session.card_masked.clone()),
    );
    txns.record(TxnKind::Reversal, &credited, amount);
    d.transactions = txns.finish();
    if let Some(card) = &scene.card {
        d.events.push(BankEvent::Reversal {
            at: now,
            holder: Holder::of(card, Some(&user.name)),
            machine: scene.machine_id.clone(),
            account: credited.id.clone(),
            amount,
            reason: ReversalReason::CashNotTaken,
        });
    }
    d.writes.user = Some(User {
        daily: user.daily.minus(amount, presented.at, settings.utc_offset),
        ..user.clone()
    });
    d.writes.machine = Some(machine_after);
    d.writes.session = Some(Session {
        presented: None,
        ..session.clone()
    });
    d.writes.accounts.push(credited.clone());
    Ok(Reply::Retracted {
        account: credited.id,
        amount,
        balance: credited.balance,
    })
}
