//! Transaction records and the one place that makes them, so every record is complete (id,
//! time, kind, amount, balance after) and ids are unique.

use crate::account::{Account, AccountId};
use crate::card::MaskedCard;
use crate::machine::MachineId;
use crate::money::Money;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A transaction id. The shell hands out a fresh range per operation (an atomic counter
/// natively, a counter record inside the same IndexedDB transaction in the browser).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TxnId(pub u64);

impl fmt::Display for TxnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "T{:08}", self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TxnKind {
    Withdrawal,
    Deposit,
    TransferOut,
    TransferIn,
    /// Money put in by the bank itself (opening balances of a scenario).
    Opening,
    /// A withdrawal given back because the machine did not pay it out (a dispenser jam).
    Reversal,
    /// Another operator's surcharge, charged with a withdrawal at its machine.
    Fee,
}

impl TxnKind {
    /// Whether the amount left the account.
    pub fn is_debit(self) -> bool {
        matches!(
            self,
            TxnKind::Withdrawal | TxnKind::TransferOut | TxnKind::Fee
        )
    }
}

impl fmt::Display for TxnKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TxnKind::Withdrawal => "Withdrawal",
            TxnKind::Deposit => "Deposit",
            TxnKind::TransferOut => "Transfer out",
            TxnKind::TransferIn => "Transfer in",
            TxnKind::Opening => "Opening balance",
            TxnKind::Reversal => "Reversal",
            TxnKind::Fee => "ATM fee",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    pub id: TxnId,
    pub at: Timestamp,
    pub account: AccountId,
    pub kind: TxnKind,
    /// Always positive; [`TxnKind::is_debit`] says which way it went.
    pub amount: Money,
    pub balance_after: Money,
    pub machine: Option<MachineId>,
    pub card: Option<MaskedCard>,
}

/// Hands out transaction records with consecutive ids from a range the shell reserved.
pub struct TxnFactory {
    next: u64,
    at: Timestamp,
    machine: Option<MachineId>,
    card: Option<MaskedCard>,
    made: Vec<Transaction>,
}

impl TxnFactory {
    pub fn new(
        first_id: u64,
        at: Timestamp,
        machine: Option<MachineId>,
        card: Option<MaskedCard>,
    ) -> TxnFactory {
        TxnFactory {
            next: first_id,
            at,
            machine,
            card,
            made: Vec::new(),
        }
    }

    /// Records `amount` of `kind` on `account`, whose balance is already the one after it.
    pub fn record(&mut self, kind: TxnKind, account_after: &Account, amount: Money) {
        let id = TxnId(self.next);
        self.next += 1;
        self.made.push(Transaction {
            id,
            at: self.at,
            account: account_after.id.clone(),
            kind,
            amount,
            balance_after: account_after.balance,
            machine: self.machine.clone(),
            card: self.card.clone(),
        });
    }

    pub fn finish(self) -> Vec<Transaction> {
        self.made
    }
}

/// How many ids one operation may use at most (a transfer makes two records).
pub const MAX_TXNS_PER_OPERATION: u64 = 2;
