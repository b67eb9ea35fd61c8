//! Accounts: where balances live. A balance never goes negative; every change goes through
//! [`Account::debit`] or [`Account::credit`], which refuse instead of wrapping.

use crate::money::Money;
use crate::user::UserId;
use serde::{Deserialize, Serialize};
use std::fmt;

crate::ident::text_id!(AccountId);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Checking,
    Savings,
}

impl fmt::Display for AccountKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AccountKind::Checking => "Checking",
            AccountKind::Savings => "Savings",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub user: UserId,
    pub kind: AccountKind,
    pub balance: Money,
}

impl Account {
    /// Takes `amount` out, or returns `None` (and changes nothing) if that would overdraw.
    #[must_use]
    pub fn debit(&self, amount: Money) -> Option<Account> {
        let balance = self
            .balance
            .checked_sub(amount)
            .filter(|b| !b.is_negative())?;
        Some(Account {
            balance,
            ..self.clone()
        })
    }

    /// Puts `amount` in, or returns `None` on overflow.
    #[must_use]
    pub fn credit(&self, amount: Money) -> Option<Account> {
        let balance = self.balance.checked_add(amount)?;
        Some(Account {
            balance,
            ..self.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debit_never_overdraws() {
        let a = Account {
            id: AccountId("A".into()),
            user: UserId("U".into()),
            kind: AccountKind::Checking,
            balance: Money::from_dollars(200),
        };
        assert_eq!(
            a.debit(Money::from_dollars(200)).unwrap().balance,
            Money::ZERO
        );
        assert!(a.debit(Money::from_cents(20_001)).is_none());
        assert_eq!(
            a.credit(Money::from_cents(1)).unwrap().balance,
            Money::from_cents(20_001)
        );
        assert!(a.credit(Money::from_cents(i64::MAX)).is_none());
    }
}
