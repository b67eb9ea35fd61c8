//! Money as integer cents. There is no float anywhere near money: a float cannot hold $0.10
//! exactly, and a bank that loses a cent per thousand withdrawals is a broken bank.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in cents (minor units of the dollar).
///
/// The field is private: the only ways in are [`Money::from_cents`], [`Money::from_dollars`] and
/// [`Money::parse`], and arithmetic is checked, so an overflow is an error and never a wrap.
/// Balances are never negative in practice, but the type is signed so that a subtraction that
/// would go below zero can be detected and refused instead of wrapping.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

/// Why a piece of text is not an amount of money.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoneyParseError {
    Empty,
    Negative,
    NotANumber,
    TooManyDecimals,
    TooLarge,
}

impl fmt::Display for MoneyParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MoneyParseError::Empty => "Enter an amount",
            MoneyParseError::Negative => "The amount cannot be negative",
            MoneyParseError::NotANumber => "Amounts are digits only, like 300 or 1,234.50",
            MoneyParseError::TooManyDecimals => "Amounts have at most two decimal places",
            MoneyParseError::TooLarge => "That amount is too large",
        })
    }
}

impl std::error::Error for MoneyParseError {}

/// The largest amount anyone can type or hold: ten billion dollars. Far above any real balance,
/// far below `i64::MAX`, so sums of many such amounts still cannot overflow silently.
pub const MAX_AMOUNT: Money = Money(1_000_000_000_000);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_cents(cents: i64) -> Money {
        Money(cents)
    }

    /// Whole dollars. Panics only on overflow of an amount no human types; for user input use
    /// [`Money::parse`].
    pub const fn from_dollars(dollars: i64) -> Money {
        Money(dollars * 100)
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    pub const fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    pub fn checked_mul(self, factor: i64) -> Option<Money> {
        self.0.checked_mul(factor).map(Money)
    }

    /// `self - other`, or zero when `other` is larger. Used for "what remains today".
    pub fn saturating_sub(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0).max(0))
    }

    /// Parses what a person types: `300`, `1,234.50`, `$20`, `0.5`. Refuses negatives, more than
    /// two decimals, anything that is not digits, and amounts above [`MAX_AMOUNT`].
    pub fn parse(text: &str) -> Result<Money, MoneyParseError> {
        let text = text.trim();
        let text = text.strip_prefix('$').unwrap_or(text).trim();
        if text.is_empty() {
            return Err(MoneyParseError::Empty);
        }
        if text.starts_with('-') {
            return Err(MoneyParseError::Negative);
        }
        let (whole, fraction) = match text.split_once('.') {
            Some((w, f)) => (w, f),
            None => (text, ""),
        };
        if fraction.len() > 2 {
            return if fraction.bytes().all(|b| b.is_ascii_digit()) {
                Err(MoneyParseError::TooManyDecimals)
            } else {
                Err(MoneyParseError::NotANumber)
            };
        }
        if !valid_grouping(whole) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyParseError::NotANumber);
        }
        if whole.is_empty() && fraction.is_empty() {
            return Err(MoneyParseError::NotANumber);
        }
        let mut cents: i64 = 0;
        for b in whole.bytes().filter(|b| *b != b',') {
            cents = cents
                .checked_mul(10)
                .and_then(|c| c.checked_add(i64::from(b - b'0')))
                .ok_or(MoneyParseError::TooLarge)?;
            if cents > MAX_AMOUNT.0 {
                return Err(MoneyParseError::TooLarge);
            }
        }
        let frac_cents = match fraction.len() {
            0 => 0,
            1 => i64::from(fraction.as_bytes()[0] - b'0') * 10,
            _ => fraction
                .parse::<i64>()
                .map_err(|_| MoneyParseError::NotANumber)?,
        };
        let total = cents
            .checked_mul(100)
            .and_then(|c| c.checked_add(frac_cents))
            .ok_or(MoneyParseError::TooLarge)?;
        if total > MAX_AMOUNT.0 {
            return Err(MoneyParseError::TooLarge);
        }
        Ok(Money(total))
    }

    /// The plain decimal form used in files: `1234.50`, `-3.00`.
    pub fn to_decimal_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// Commas are allowed only as thousands separators: `1,234` yes, `12,34` no.
fn valid_grouping(whole: &str) -> bool {
    if !whole.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return false;
    }
    if !whole.contains(',') {
        return true;
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let first = groups[0];
    !first.is_empty() && first.len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)
}

/// Shown to people: `$1,234.50`, `-$3.00`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let dollars = (abs / 100).to_string();
        let mut grouped = String::with_capacity(dollars.len() + dollars.len() / 3);
        for (i, ch) in dollars.chars().enumerate() {
            if i > 0 && (dollars.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        write!(f, "{sign}${grouped}.{:02}", abs % 100)
    }
}

/// An amount written as a decimal string of dollars, the way trainers write scenario files
/// (`"1500.00"`). Serialises back to the same form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dollars(pub Money);

impl Serialize for Dollars {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_decimal_string())
    }
}

impl<'de> Deserialize<'de> for Dollars {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Money::parse(&text)
            .map(Dollars)
            .map_err(|e| serde::de::Error::custom(format!("\"{text}\": {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_grouping_and_cents() {
        assert_eq!(Money::from_cents(123_450).to_string(), "$1,234.50");
        assert_eq!(Money::from_dollars(1_500).to_string(), "$1,500.00");
        assert_eq!(Money::from_dollars(200).to_string(), "$200.00");
        assert_eq!(Money::from_cents(5).to_string(), "$0.05");
        assert_eq!(Money::from_dollars(1_000_000).to_string(), "$1,000,000.00");
        assert_eq!(Money::from_cents(-300).to_string(), "-$3.00");
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Money::parse("300"), Ok(Money::from_dollars(300)));
        assert_eq!(Money::parse("1,234.50"), Ok(Money::from_cents(123_450)));
        assert_eq!(Money::parse("$20"), Ok(Money::from_dollars(20)));
        assert_eq!(Money::parse("0.5"), Ok(Money::from_cents(50)));
        assert_eq!(Money::parse(" 500.01 "), Ok(Money::from_cents(50_001)));
        assert_eq!(Money::parse("1800.00"), Ok(Money::from_dollars(1_800)));
    }

    #[test]
    fn refuses_bad_input_with_a_reason() {
        assert_eq!(Money::parse(""), Err(MoneyParseError::Empty));
        assert_eq!(Money::parse("  "), Err(MoneyParseError::Empty));
        assert_eq!(Money::parse("-5"), Err(MoneyParseError::Negative));
        assert_eq!(Money::parse("abc"), Err(MoneyParseError::NotANumber));
        assert_eq!(Money::parse("12a"), Err(MoneyParseError::NotANumber));
        assert_eq!(Money::parse("1.234"), Err(MoneyParseError::TooManyDecimals));
        assert_eq!(Money::parse("12,34"), Err(MoneyParseError::NotANumber));
        assert_eq!(Money::parse("."), Err(MoneyParseError::NotANumber));
        assert_eq!(Money::parse("1e3"), Err(MoneyParseError::NotANumber));
        assert_eq!(
            Money::parse("99999999999999999999999"),
            Err(MoneyParseError::TooLarge)
        );
        assert_eq!(Money::parse("10000000001"), Err(MoneyParseError::TooLarge));
    }

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(
            Money::from_cents(i64::MAX).checked_add(Money::from_cents(1)),
            None
        );
        assert_eq!(
            Money::from_cents(i64::MIN).checked_sub(Money::from_cents(1)),
            None
        );
        assert_eq!(
            Money::from_dollars(2_000).saturating_sub(Money::from_dollars(2_100)),
            Money::ZERO
        );
    }

    #[test]
    fn dollars_round_trip_through_json() {
        let d: Dollars = serde_json::from_str("\"3000.00\"").unwrap();
        assert_eq!(d.0, Money::from_dollars(3_000));
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"3000.00\"");
        assert!(serde_json::from_str::<Dollars>("\"-1\"").is_err());
        assert!(serde_json::from_str::<Dollars>("12").is_err());
    }

    proptest::proptest! {
        #[test]
        fn display_then_parse_is_identity(cents in 0i64..=MAX_AMOUNT.cents()) {
            let m = Money::from_cents(cents);
            proptest::prop_assert_eq!(Money::parse(&m.to_string()), Ok(m));
            proptest::prop_assert_eq!(Money::parse(&m.to_decimal_string()), Ok(m));
        }
    }
}
