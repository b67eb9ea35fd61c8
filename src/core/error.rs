//! One error per broken rule. Each carries what its message needs (tries left, blocked until,
//! remaining today), and `Display` gives the exact sentence the customer reads: the UI shows it
//! and never invents its own.

use crate::card::CredentialError;
use crate::machine::MachineId;
use crate::money::{Money, MoneyParseError};
use crate::settings::SettingsError;
use crate::time::LocalTime;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AtmError {
    // Card and machine, before the PIN.
    OutOfService,
    UnknownCard,
    CardStolen,
    CardExpired,
    CardBlocked {
        until: LocalTime,
    },
    CardInUse,
    // PIN.
    WrongPin {
        tries_left: u32,
    },
    /// The wrong PIN that used up the last try: the card is now blocked.
    BlockedNow {
        until: LocalTime,
    },
    /// The last wrong PIN, at a bank that keeps the card then (`Settings::retain_on_block`).
    BlockedAndRetained {
        until: LocalTime,
        machine: MachineId,
    },
    // Session.
    SessionExpired,
    NotLoggedIn,
    // Amounts, in the order a withdrawal checks them.
    AmountNotPositive,
    NotesCannotMake {
        denominations: Vec<u32>,
    },
    OverTransactionLimit {
        limit: Money,
    },
    DailyLimitExceeded {
        remaining: Money,
    },
    InsufficientFunds,
    MachineCannotDispense,
    /// A deposit the accepted kinds of note cannot make (the slot's message, not the
    /// dispenser's).
    DepositNotesCannotMake {
        denominations: Vec<u32>,
    },
    /// A deposit that needs more notes than the slot takes.
    DepositTooManyNotes {
        max: u32,
    },
    // Other operations.
    AccountNotOnCard,
    SameAccount,
    SamePin,
    AmountTooLarge,
    // A device fault the customer meets (SPEC.md "The machine's devices and their faults").
    /// The host link is down: nothing was asked of the bank and nothing changed.
    HostOffline,
    /// The card reader could not read the card; it comes back out.
    CardUnreadable,
    /// The card stays in `machine` (a card reader jam); the bank returns it.
    CardRetained {
        machine: MachineId,
    },
    /// The dispenser jammed: nothing came out and the withdrawal of `amount` was reversed in
    /// the same step, so the account was not charged.
    DispenserJam {
        amount: Money,
    },
    /// A withdrawal at a machine that charges this card `fee`, sent without accepting it.
    FeeNotAccepted {
        fee: Money,
    },
    // Input that is not even well formed.
    BadAmount(MoneyParseError),
    BadCredential(CredentialError),
    BadSettings(SettingsError),
    // Back office.
    Unknown {
        what: &'static str,
        id: String,
    },
    Duplicate {
        what: &'static str,
        id: String,
    },
    Invalid {
        field: String,
        reason: String,
    },
}

impl fmt::Display for AtmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AtmError::OutOfService => f.write_str("This ATM is out of service"),
            AtmError::FeeNotAccepted { fee } => {
                write!(f, "This ATM charges a fee of {fee}. Accept it to withdraw")
            }
            AtmError::UnknownCard => f.write_str("Card not recognised. Please contact your bank"),
            AtmError::CardStolen => {
                f.write_str("This card has been reported stolen. Please contact your bank")
            }
            AtmError::CardExpired => f.write_str("This card has expired. Please contact your bank"),
            AtmError::CardBlocked { until } => write!(f, "Card blocked. Try again after {until}"),
            AtmError::CardInUse => f.write_str("This card is in use at another ATM"),
            AtmError::WrongPin { tries_left: 1 } => f.write_str("Incorrect PIN. 1 try remaining"),
            AtmError::WrongPin { tries_left } => {
                write!(f, "Incorrect PIN. {tries_left} tries remaining")
            }
            AtmError::BlockedNow { until } => {
                write!(f, "Incorrect PIN. Card blocked until {until}")
            }
            AtmError::BlockedAndRetained { until, machine } => write!(
                f,
                "Incorrect PIN. Card blocked until {until} and retained by {machine}. Please contact your bank"
            ),
            AtmError::SessionExpired => f.write_str("Session expired: no activity for too long"),
            AtmError::NotLoggedIn => f.write_str("No active session. Please insert your card"),
            AtmError::AmountNotPositive => f.write_str("Enter an amount greater than $0.00"),
            AtmError::NotesCannotMake { denominations } => {
                let notes: Vec<String> = denominations.iter().map(|d| format!("${d}")).collect();
                write!(
                    f,
                    "This ATM pays in {} notes. Choose an amount they can make",
                    join_and(&notes)
                )
            }
            AtmError::OverTransactionLimit { limit } => {
                write!(f, "Amount exceeds the per-transaction limit of {limit}")
            }
            AtmError::DailyLimitExceeded { remaining } => {
                write!(f, "Daily limit exceeded. Remaining: {remaining}")
            }
            AtmError::DepositNotesCannotMake { denominations } => {
                let notes: Vec<String> = denominations.iter().map(|d| format!("${d}")).collect();
                write!(f, "This ATM accepts {} notes", join_and(&notes))
            }
            AtmError::DepositTooManyNotes { max } => {
                write!(f, "The deposit slot takes at most {max} notes")
            }
            AtmError::InsufficientFunds => f.write_str("Insufficient funds"),
            AtmError::MachineCannotDispense => f.write_str("This ATM cannot dispense that amount"),
            AtmError::AccountNotOnCard => {
                f.write_str("That account is not available with this card")
            }
            AtmError::SameAccount => f.write_str("Choose two different accounts"),
            AtmError::SamePin => f.write_str("The new PIN must differ from the current one"),
            AtmError::AmountTooLarge => f.write_str("That amount is too large"),
            AtmError::HostOffline => f.write_str("Unable to process your request right now"),
            AtmError::CardUnreadable => f.write_str("Card could not be read"),
            AtmError::CardRetained { machine } => write!(
                f,
                "Your card has been retained by {machine}. Please contact your bank"
            ),
            AtmError::DispenserJam { amount } => write!(
                f,
                "Unable to dispense {amount}. Your account has not been charged"
            ),
            AtmError::BadAmount(e) => e.fmt(f),
            AtmError::BadCredential(e) => e.fmt(f),
            AtmError::BadSettings(e) => e.fmt(f),
            AtmError::Unknown { what, id } => write!(f, "No {what} with id {id}"),
            AtmError::Duplicate { what, id } => write!(f, "A {what} with id {id} already exists"),
            AtmError::Invalid { field, reason } => write!(f, "{field}: {reason}"),
        }
    }
}

impl std::error::Error for AtmError {}

impl AtmError {
    /// Whether the machine gives the card back with this refusal (the customer cannot go on).
    /// Not for [`AtmError::CardRetained`] (the card stays in the machine), nor for
    /// [`AtmError::HostOffline`] and [`AtmError::DispenserJam`]: a session stays open after
    /// them, so the customer can try again or leave (a host refusal at insert leaves no
    /// session, so there the screen flow hands the card back).
    pub fn ejects_card(&self) -> bool {
        matches!(
            self,
            AtmError::OutOfService
                | AtmError::UnknownCard
                | AtmError::CardStolen
                | AtmError::CardExpired
                | AtmError::CardBlocked { .. }
                | AtmError::CardInUse
                | AtmError::CardUnreadable
                | AtmError::BlockedNow { .. }
                | AtmError::SessionExpired
                | AtmError::NotLoggedIn
        )
    }
}

impl From<MoneyParseError> for AtmError {
    fn from(e: MoneyParseError) -> AtmError {
        AtmError::BadAmount(e)
    }
}

impl From<CredentialError> for AtmError {
    fn from(e: CredentialError) -> AtmError {
        AtmError::BadCredential(e)
    }
}

impl From<SettingsError> for AtmError {
    fn from(e: SettingsError) -> AtmError {
        AtmError::BadSettings(e)
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{Timestamp, UtcOffset};

    #[test]
    fn messages_are_the_spec_sentences() {
        assert_eq!(
            AtmError::DailyLimitExceeded {
                remaining: Money::from_dollars(200)
            }
            .to_string(),
            "Daily limit exceeded. Remaining: $200.00"
        );
        assert_eq!(
            AtmError::InsufficientFunds.to_string(),
            "Insufficient funds"
        );
        assert_eq!(
            AtmError::MachineCannotDispense.to_string(),
            "This ATM cannot dispense that amount"
        );
        let (t, off) = Timestamp::parse_rfc3339("2026-11-24T14:30:00-05:00").unwrap();
        assert_eq!(
            AtmError::CardBlocked {
                until: t.local(off)
            }
            .to_string(),
            "Card blocked. Try again after 14:30"
        );
        assert_eq!(
            AtmError::WrongPin { tries_left: 2 }.to_string(),
            "Incorrect PIN. 2 tries remaining"
        );
        assert_eq!(
            AtmError::WrongPin { tries_left: 1 }.to_string(),
            "Incorrect PIN. 1 try remaining"
        );
        assert_eq!(
            AtmError::NotesCannotMake {
                denominations: vec![20, 50]
            }
            .to_string(),
            "This ATM pays in $20 and $50 notes. Choose an amount they can make"
        );
        let _ = UtcOffset::UTC;
    }
}
