//! What the machine tells the rest of the page: the flow reports these, listeners (the goal
//! tracker, the embedding bridge) hear them. A card appears only as its last four digits, and a
//! PIN never.

use crate::core::events::ReversalReason;
use crate::core::machine::{Device, FaultKind};
use crate::core::run::RunStep;
use crate::core::{AtmError, Money, Reply};

/// A customer-facing operation at the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxnKind {
    Balance,
    Withdrawal,
    Deposit,
    Transfer,
    ChangePin,
    History,
}

impl TxnKind {
    /// The `kind` field of a `transaction` message.
    pub fn name(self) -> &'static str {
        match self {
            TxnKind::Balance => "balance",
            TxnKind::Withdrawal => "withdrawal",
            TxnKind::Deposit => "deposit",
            TxnKind::Transfer => "transfer",
            TxnKind::ChangePin => "change_pin",
            TxnKind::History => "history",
        }
    }

    /// How an xAPI statement names it.
    pub fn title(self) -> &'static str {
        match self {
            TxnKind::Balance => "Balance enquiry",
            TxnKind::Withdrawal => "Cash withdrawal",
            TxnKind::Deposit => "Deposit",
            TxnKind::Transfer => "Transfer",
            TxnKind::ChangePin => "PIN change",
            TxnKind::History => "Mini-statement",
        }
    }
}

/// Why the card came out of the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionEnd {
    /// The customer chose Exit or No.
    Logout,
    /// Cancel before logging in.
    Cancelled,
    /// No activity for the timeout.
    Timeout,
    /// Too many wrong PINs.
    CardBlocked,
    /// The bank stopped the card (reported stolen).
    CardStopped,
    /// Another refusal that returns the card (expired, out of service…).
    Refused,
    /// The machine kept the card.
    CardRetained,
}

impl SessionEnd {
    pub fn name(self) -> &'static str {
        match self {
            SessionEnd::Logout => "logout",
            SessionEnd::Cancelled => "cancelled",
            SessionEnd::Timeout => "timeout",
            SessionEnd::CardBlocked => "card_blocked",
            SessionEnd::CardStopped => "card_stopped",
            SessionEnd::Refused => "refused",
            SessionEnd::CardRetained => "card_retained",
        }
    }
}

/// Something that happened at the machine or in the scenario, reported to every listener
/// (the goal tracker, the embedding bridge, …).
#[derive(Clone, Debug, PartialEq)]
pub enum Activity {
    /// A card was accepted: the card's session at the machine begins.
    SessionStarted { card_last4: String, machine: String },
    /// A transaction was asked for: `refusal` is the core's message when it was refused.
    Transaction {
        kind: TxnKind,
        amount: Option<Money>,
        refusal: Option<String>,
    },
    /// Wrong PINs blocked the card.
    CardBlocked { card_last4: String },
    /// The card came out (or the machine kept it).
    SessionEnded { reason: SessionEnd },
    /// A device fault struck at the machine.
    Fault {
        device: Device,
        kind: FaultKind,
        machine: String,
    },
    /// A withdrawal was reversed: the account has the money back.
    Reversal {
        amount: Money,
        reason: ReversalReason,
    },
    /// The machine kept the card.
    CardRetained { card_last4: String, machine: String },
    /// The learner pressed something (a run records it; a PIN's digits are `•`).
    Pressed(RunStep),
    /// Every answer of the core at this machine, as is (goals are judged on these).
    Outcome(Result<Reply, AtmError>),
    /// The scenario's last goal was met.
    ScenarioCompleted {
        scenario: Option<String>,
        goals_met: usize,
        goals_total: usize,
        /// Refusals met on the way (the run's score).
        mistakes: usize,
        duration_ms: i64,
    },
}
