//! Users and the daily withdrawal total, which belongs to the user (across all their cards and
//! accounts), not to an account as in the seed note.

use crate::account::AccountId;
use crate::card::CardId;
use crate::ident::Text;
use crate::money::Money;
use crate::time::{Timestamp, UtcOffset};
use serde::{Deserialize, Serialize};

crate::ident::text_id!(UserId);

/// How much a user has withdrawn on one local day. A total from an earlier day counts as zero,
/// which is how the limit resets at midnight without any timer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyTotal {
    pub day: i64,
    pub withdrawn: Money,
}

impl DailyTotal {
    pub fn on(&self, now: Timestamp, offset: UtcOffset) -> Money {
        if self.day == now.local_day(offset) {
            self.withdrawn
        } else {
            Money::ZERO
        }
    }

    /// The total after withdrawing `amount` at `now`.
    /// The total with `amount` given back, when it was counted on the day of `when` (a
    /// reversal); a total already reset for a later day stays as it is.
    pub fn minus(&self, amount: Money, when: Timestamp, offset: UtcOffset) -> DailyTotal {
        if self.day != when.local_day(offset) {
            return *self;
        }
        DailyTotal {
            day: self.day,
            withdrawn: self.withdrawn.saturating_sub(amount),
        }
    }

    pub fn plus(&self, amount: Money, now: Timestamp, offset: UtcOffset) -> Option<DailyTotal> {
        Some(DailyTotal {
            day: now.local_day(offset),
            withdrawn: self.on(now, offset).checked_add(amount)?,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub name: Text,
    pub accounts: Vec<AccountId>,
    pub cards: Vec<CardId>,
    #[serde(default)]
    pub daily: DailyTotal,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daily_total_resets_at_local_midnight() {
        let offset = UtcOffset::from_minutes(-300).unwrap();
        let (late, _) = Timestamp::parse_rfc3339("2026-11-24T23:59:59-05:00").unwrap();
        let (midnight, _) = Timestamp::parse_rfc3339("2026-11-25T00:00:00-05:00").unwrap();
        let t = DailyTotal::default()
            .plus(Money::from_dollars(1_800), late, offset)
            .unwrap();
        assert_eq!(t.on(late, offset), Money::from_dollars(1_800));
        assert_eq!(t.on(midnight, offset), Money::ZERO);
        let next = t.plus(Money::from_dollars(20), midnight, offset).unwrap();
        assert_eq!(next.on(midnight, offset), Money::from_dollars(20));
    }
}
