//! The append-only audit journal: every attempt, successful or not, with its UTC time, machine,
//! masked card, operation and result. Never a PIN, never a full card number: the types it holds
//! cannot carry either.

use crate::card::MaskedCard;
use crate::machine::{Device, FaultKind, MachineId};
use crate::money::Money;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Operation {
    InsertCard,
    EnterPin,
    Balance,
    Withdraw {
        amount: Money,
    },
    Deposit {
        amount: Money,
    },
    Transfer {
        amount: Money,
    },
    History,
    ChangePin,
    MoreTime,
    Logout,
    Timeout,
    /// A withdrawal undone in the step that made it, after a device fault (a dispenser jam).
    Reversal {
        amount: Money,
        device: Device,
        kind: FaultKind,
    },
    /// A dispenser fault presented only `presented` of the withdrawal entered just before.
    PartialDispense {
        presented: Money,
    },
    RegisterUser,
    OpenAccount,
    IssueCard,
    RegisterMachine,
    Refill,
    SetInService {
        in_service: bool,
    },
    Unblock,
    ReportStolen,
    UpdateSettings,
    LoadBank,
    SetFault {
        device: Device,
        kind: FaultKind,
        #[serde(default)]
        times: Option<u32>,
    },
    ClearFault {
        device: Device,
    },
    /// A retained card handed back by the bank.
    ReturnCard,
    /// A fault struck a device while it was used (the drill a trainer set, counted down).
    Fault {
        device: Device,
        kind: FaultKind,
    },
    /// The machine kept a card: not taken within the time allowed, or the last wrong PIN
    /// with the bank's `retain_on_block` setting.
    CaptureCard,
    /// Cash not taken within the time allowed went back into the machine; the withdrawal of
    /// `amount` was reversed.
    RetractCash {
        amount: Money,
    },
    /// Another operator's surcharge, charged with the withdrawal entered just before.
    Fee {
        amount: Money,
    },
    /// The customer declined the surcharge for a withdrawal of `amount`: nothing moved.
    DeclineFee {
        amount: Money,
        fee: Money,
    },
    /// Somebody at the machine reported a problem with it (a skimmer on the slot, say): it is
    /// out of service until the bank puts it back.
    ReportProblem,
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operation::InsertCard => f.write_str("insert card"),
            Operation::EnterPin => f.write_str("enter PIN"),
            Operation::Balance => f.write_str("balance"),
            Operation::Withdraw { amount } => write!(f, "withdraw {amount}"),
            Operation::Fee { amount } => write!(f, "fee {amount}"),
            Operation::DeclineFee { amount, fee } => {
                write!(f, "decline fee {fee} on withdrawal {amount}")
            }
            Operation::ReportProblem => f.write_str("problem reported: out of service"),
            Operation::Deposit { amount } => write!(f, "deposit {amount}"),
            Operation::Transfer { amount } => write!(f, "transfer {amount}"),
            Operation::History => f.write_str("history"),
            Operation::ChangePin => f.write_str("change PIN"),
            Operation::MoreTime => f.write_str("more time"),
            Operation::Logout => f.write_str("logout"),
            Operation::Timeout => f.write_str("session timeout"),
            Operation::Reversal {
                amount,
                device,
                kind,
            } => write!(f, "reverse withdrawal {amount} ({device} {kind})"),
            Operation::PartialDispense { presented } => {
                write!(f, "partial dispense: only {presented} presented")
            }
            Operation::RegisterUser => f.write_str("register user"),
            Operation::OpenAccount => f.write_str("open account"),
            Operation::IssueCard => f.write_str("issue card"),
            Operation::RegisterMachine => f.write_str("register machine"),
            Operation::Refill => f.write_str("refill"),
            Operation::SetInService { in_service: true } => f.write_str("put in service"),
            Operation::SetInService { in_service: false } => f.write_str("take out of service"),
            Operation::Unblock => f.write_str("unblock card"),
            Operation::ReportStolen => f.write_str("report stolen"),
            Operation::UpdateSettings => f.write_str("update settings"),
            Operation::LoadBank => f.write_str("load bank"),
            Operation::SetFault {
                device,
                kind,
                times: None,
            } => write!(f, "set fault: {device} {kind} until cleared"),
            Operation::SetFault {
                device,
                kind,
                times: Some(1),
            } => write!(f, "set fault: {device} {kind} for the next use"),
            Operation::SetFault {
                device,
                kind,
                times: Some(n),
            } => write!(f, "set fault: {device} {kind} for the next {n} uses"),
            Operation::ClearFault { device } => write!(f, "clear fault: {device}"),
            Operation::ReturnCard => f.write_str("return card"),
            Operation::Fault { device, kind } => write!(f, "fault: {device} {kind}"),
            Operation::CaptureCard => f.write_str("card retained"),
            Operation::RetractCash { amount } => {
                write!(f, "cash not taken: {amount} retracted, withdrawal reversed")
            }
        }
    }
}

/// `ok`, or the refusal message the customer saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", content = "message", rename_all = "snake_case")]
pub enum Outcome {
    Ok,
    Refused(String),
}

/// An entry before the shell gives it its place in the journal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalDraft {
    pub at: Timestamp,
    pub machine: Option<MachineId>,
    pub card: Option<MaskedCard>,
    pub operation: Operation,
    pub outcome: Outcome,
}

impl JournalDraft {
    pub fn with_seq(self, seq: u64) -> JournalEntry {
        JournalEntry { seq, draft: self }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub seq: u64,
    #[serde(flatten)]
    pub draft: JournalDraft,
}

/// One line as an auditor reads it: `#12 2026-11-24T14:00:00Z ATM002 •••• 1111 withdraw $300.00: ok`.
impl fmt::Display for JournalEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.draft;
        write!(f, "#{} {}", self.seq, d.at.to_utc_string())?;
        if let Some(m) = &d.machine {
            write!(f, " {m}")?;
        }
        if let Some(c) = &d.card {
            write!(f, " {c}")?;
        }
        match &d.outcome {
            Outcome::Ok => write!(f, " {}: ok", d.operation),
            Outcome::Refused(why) => write!(f, " {}: refused: {why}", d.operation),
        }
    }
}
