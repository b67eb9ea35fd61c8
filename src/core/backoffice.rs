//! The bank's back office as pure decisions, in the same shape as the customer's operations:
//! the shell loads the records named, calls the function, and applies the [`Decision`].

use crate::account::{Account, AccountId, AccountKind};
use crate::card::{Card, CardId, CardNumber, CardStatus, Pin, PinHash};
use crate::error::AtmError;
use crate::events::{BankEvent, Holder};
use crate::journal::{JournalDraft, Operation, Outcome};
use crate::machine::{Device, Fault, Machine, MachineId, Notes};
use crate::money::{MAX_AMOUNT, Money};
use crate::ops::{Decision, Reply, Writes};
use crate::settings::Settings;
use crate::time::Timestamp;
use crate::transaction::{TxnFactory, TxnKind};
use crate::user::{DailyTotal, User, UserId};

/// Builds the decision around a back-office step: journals it either way.
fn decided(
    now: Timestamp,
    operation: Operation,
    machine: Option<MachineId>,
    card: Option<&CardNumber>,
    step: impl FnOnce(&mut Decision) -> Result<(), AtmError>,
) -> Decision {
    let mut d = Decision {
        writes: Writes::default(),
        transactions: Vec::new(),
        events: Vec::new(),
        journal: Vec::new(),
        outcome: Ok(Reply::Done),
        deadline: None,
        faults: Vec::new(),
    };
    let result = step(&mut d);
    if result.is_err() {
        d.writes = Writes::default();
        d.transactions.clear();
        d.events.clear();
    }
    let outcome = match &result {
        Ok(()) => Outcome::Ok,
        Err(e) => Outcome::Refused(e.to_string()),
    };
    d.journal.push(JournalDraft {
        at: now,
        machine,
        card: card.map(CardNumber::masked),
        operation,
        outcome,
    });
    d.outcome = result.map(|()| Reply::Done);
    d
}

/// Ids are what trainers type in scenario files and the back office: short and plain.
pub(crate) fn check_id(field: &str, id: &str) -> Result<(), AtmError> {
    let ok = !id.is_empty()
        && id.len() <= 40
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(AtmError::Invalid {
            field: field.into(),
            reason: "use 1 to 40 letters, digits, - or _".into(),
        })
    }
}

fn check_text(field: &str, text: &str) -> Result<(), AtmError> {
    if text.trim().is_empty() || text.chars().count() > 80 {
        Err(AtmError::Invalid {
            field: field.into(),
            reason: "must be 1 to 80 characters".into(),
        })
    } else {
        Ok(())
    }
}

pub fn register_user(existing: Option<&User>, id: &UserId, name: &str, now: Timestamp) -> Decision {
    decided(now, Operation::RegisterUser, None, None, |d| {
        check_id("user id", &id.0)?;
        check_text("name", name)?;
        if existing.is_some() {
            return Err(AtmError::Duplicate {
                what: "user",
                id: id.to_string(),
            });
        }
        d.writes.user = Some(User {
            id: id.clone(),
            name: name.trim().into(),
            accounts: Vec::new(),
            cards: Vec::new(),
            daily: DailyTotal::default(),
        });
        Ok(())
    })
}

/// Opens an account with an opening balance (recorded as an opening transaction).
pub fn open_account(
    user: Option<&User>,
    existing: Option<&Account>,
    id: &AccountId,
    kind: AccountKind,
    opening: Money,
    now: Timestamp,
    first_txn_id: u64,
) -> Decision {
    decided(now, Operation::OpenAccount, None, None, |d| {
        check_id("account id", &id.0)?;
        let user = user.ok_or(AtmError::Unknown {
            what: "user",
            id: "(none)".into(),
        })?;
        if existing.is_some() {
            return Err(AtmError::Duplicate {
                what: "account",
                id: id.to_string(),
            });
        }
        if opening.is_negative() || opening > MAX_AMOUNT {
            return Err(AtmError::Invalid {
                field: "balance".into(),
                reason: "must be between $0.00 and $10,000,000,000.00".into(),
            });
        }
        let account = Account {
            id: id.clone(),
            user: user.id.clone(),
            kind,
            balance: opening,
        };
        if opening.is_positive() {
            let mut txns = TxnFactory::new(first_txn_id, now, None, None);
            txns.record(TxnKind::Opening, &account, opening);
            d.transactions = txns.finish();
        }
        let mut user = user.clone();
        user.accounts.push(id.clone());
        d.writes.user = Some(user);
        d.writes.accounts.push(account);
        Ok(())
    })
}

/// What the back office needs to issue a card.
pub struct CardIssue<'a> {
    pub number: &'a CardNumber,
    pub id: CardId,
    pub pin: &'a Pin,
    pub salt: [u8; 16],
    pub accounts: Vec<AccountId>,
    pub expires: Option<Timestamp>,
}

pub fn issue_card(
    user: Option<&User>,
    existing: Option<&Card>,
    issue: CardIssue<'_>,
    now: Timestamp,
) -> Decision {
    decided(now, Operation::IssueCard, None, Some(issue.number), |d| {
        let user = user.ok_or(AtmError::Unknown {
            what: "user",
            id: "(none)".into(),
        })?;
        if existing.is_some() {
            return Err(AtmError::Duplicate {
                what: "card",
                id: issue.number.masked().to_string(),
            });
        }
        if issue.accounts.is_empty() {
            return Err(AtmError::Invalid {
                field: "accounts".into(),
                reason: "a card needs at least one account".into(),
            });
        }
        if let Some(stranger) = issue.accounts.iter().find(|a| !user.accounts.contains(a)) {
            return Err(AtmError::Invalid {
                field: "accounts".into(),
                reason: format!("{stranger} is not an account of {}", user.id),
            });
        }
        let card = Card {
            number: issue.number.clone(),
            id: issue.id.clone(),
            user: user.id.clone(),
            accounts: issue.accounts.clone(),
            pin: PinHash::new(issue.pin, issue.salt),
            status: CardStatus::Active,
            failed_attempts: 0,
            expires: issue.expires,
            hold: None,
            retained: None,
            issuer: None,
        };
        let mut user = user.clone();
        user.cards.push(issue.id.clone());
        d.writes.user = Some(user);
        d.writes.card = Some(card);
        Ok(())
    })
}

fn check_notes(notes: &Notes) -> Result<(), AtmError> {
    if notes
        .0
        .keys()
        .any(|v| !matches!(v, 1 | 2 | 5 | 10 | 20 | 50 | 100))
    {
        return Err(AtmError::Invalid {
            field: "notes".into(),
            reason: "note values are 1, 2, 5, 10, 20, 50 or 100 dollars".into(),
        });
    }
    if notes.0.values().any(|c| *c > 100_000) {
        return Err(AtmError::Invalid {
            field: "notes".into(),
            reason: "at most 100,000 notes of a kind".into(),
        });
    }
    Ok(())
}

pub fn register_machine(
    existing: Option<&Machine>,
    id: &MachineId,
    location: &str,
    notes: Notes,
    now: Timestamp,
) -> Decision {
    decided(
        now,
        Operation::RegisterMachine,
        Some(id.clone()),
        None,
        |d| {
            check_id("machine id", &id.0)?;
            check_text("location", location)?;
            check_notes(&notes)?;
            if notes.0.is_empty() {
                return Err(AtmError::Invalid {
                    field: "notes".into(),
                    reason: "a machine needs at least one kind of note".into(),
                });
            }
            if existing.is_some() {
                return Err(AtmError::Duplicate {
                    what: "machine",
                    id: id.to_string(),
                });
            }
            d.writes.machine = Some(Machine {
                id: id.clone(),
                location: location.trim().to_string(),
                notes,
                in_service: true,
                devices: Default::default(),
                operator: None,
                surcharge: Money::ZERO,
                fees_collected: Money::ZERO,
                skimmer: false,
            });
            Ok(())
        },
    )
}

pub fn refill(
    machine: Option<&Machine>,
    id: &MachineId,
    added: &Notes,
    now: Timestamp,
) -> Decision {
    decided(now, Operation::Refill, Some(id.clone()), None, |d| {
        let machine = Machine::known(machine, id)?;
        check_notes(added)?;
        let notes = machine.notes.plus(added).ok_or(AtmError::AmountTooLarge)?;
        check_notes(&notes)?;
        d.writes.machine = Some(Machine {
            notes,
            ..machine.clone()
        });
        Ok(())
    })
}

pub fn set_in_service(
    machine: Option<&Machine>,
    id: &MachineId,
    in_service: bool,
    now: Timestamp,
) -> Decision {
    decided(
        now,
        Operation::SetInService { in_service },
        Some(id.clone()),
        None,
        |d| {
            let machine = Machine::known(machine, id)?;
            d.writes.machine = Some(Machine {
                in_service,
                ..machine.clone()
            });
            Ok(())
        },
    )
}

/// Somebody at machine `id` reports a problem with it (a skimmer on the card slot, say): the
/// machine goes out of service at once, as a real bank would until someone has looked, and the
/// report is journaled. A machine already out of service has nothing more to take out.
pub fn report_problem(machine: Option<&Machine>, id: &MachineId, now: Timestamp) -> Decision {
    let mut d = decided(now, Operation::ReportProblem, Some(id.clone()), None, |d| {
        let machine = Machine::known(machine, id)?;
        if !machine.in_service {
            return Err(AtmError::OutOfService);
        }
        d.writes.machine = Some(Machine {
            in_service: false,
            ..machine.clone()
        });
        Ok(())
    });
    if d.outcome.is_ok() {
        d.outcome = Ok(Reply::ProblemReported {
            machine: id.clone(),
        });
    }
    d
}

/// Gives a machine's device a fault (a trainer's drill), replacing any it had: for the next
/// `fault.times` uses of the device, or until cleared.
pub fn set_fault(
    machine: Option<&Machine>,
    id: &MachineId,
    device: Device,
    fault: Fault,
    now: Timestamp,
) -> Decision {
    let operation = Operation::SetFault {
        device,
        kind: fault.kind,
        times: fault.times,
    };
    decided(now, operation, Some(id.clone()), None, |d| {
        let machine = Machine::known(machine, id)?;
        let mut machine = machine.clone();
        machine
            .devices
            .set(device, Some(fault))
            .map_err(|reason| AtmError::Invalid {
                field: "fault".into(),
                reason,
            })?;
        d.writes.machine = Some(machine);
        Ok(())
    })
}

/// Puts a device back to working order (clearing a device that works changes nothing).
pub fn clear_fault(
    machine: Option<&Machine>,
    id: &MachineId,
    device: Device,
    now: Timestamp,
) -> Decision {
    decided(
        now,
        Operation::ClearFault { device },
        Some(id.clone()),
        None,
        |d| {
            let machine = Machine::known(machine, id)?;
            let mut machine = machine.clone();
            // Clearing is always a fault this device may have (none).
            let _ = machine.devices.set(device, None);
            d.writes.machine = Some(machine);
            Ok(())
        },
    )
}

/// Hands a retained card back to its holder: it can be inserted again.
pub fn return_card(card: Option<&Card>, number: &CardNumber, now: Timestamp) -> Decision {
    decided(now, Operation::ReturnCard, None, Some(number), |d| {
        let card = card.ok_or(AtmError::UnknownCard)?;
        if card.retained.is_none() {
            return Err(AtmError::Invalid {
                field: "card".into(),
                reason: "this card is not retained by any machine".into(),
            });
        }
        let mut card = card.clone();
        card.retained = None;
        d.writes.card = Some(card);
        Ok(())
    })
}

/// Lifts a block and clears the failed-PIN counter. A stolen card stays stolen.
pub fn unblock(
    card: Option<&Card>,
    user: Option<&User>,
    number: &CardNumber,
    now: Timestamp,
) -> Decision {
    decided(now, Operation::Unblock, None, Some(number), |d| {
        let card = card.ok_or(AtmError::UnknownCard)?;
        if card.status == CardStatus::Stolen {
            return Err(AtmError::CardStolen);
        }
        let mut card = card.clone();
        card.status = CardStatus::Active;
        card.failed_attempts = 0;
        d.events.push(BankEvent::CardUnblocked {
            at: now,
            holder: Holder::of(&card, user.map(|u| &u.name)),
        });
        d.writes.card = Some(card);
        Ok(())
    })
}

/// Stops a card at once, everywhere: the next insert or session step refuses it.
pub fn report_stolen(
    card: Option<&Card>,
    user: Option<&User>,
    number: &CardNumber,
    now: Timestamp,
) -> Decision {
    decided(now, Operation::ReportStolen, None, Some(number), |d| {
        let card = card.ok_or(AtmError::UnknownCard)?;
        let mut card = card.clone();
        card.status = CardStatus::Stolen;
        d.events.push(BankEvent::CardReportedStolen {
            at: now,
            holder: Holder::of(&card, user.map(|u| &u.name)),
        });
        d.writes.card = Some(card);
        Ok(())
    })
}

/// Validates new settings. The shell stores them; sessions already running keep their limits.
pub fn update_settings(new: &Settings, now: Timestamp) -> (Result<(), AtmError>, JournalDraft) {
    let result = new.validate().map_err(AtmError::from);
    let outcome = match &result {
        Ok(()) => Outcome::Ok,
        Err(e) => Outcome::Refused(e.to_string()),
    };
    (
        result,
        JournalDraft {
            at: now,
            machine: None,
            card: None,
            operation: Operation::UpdateSettings,
            outcome,
        },
    )
}
