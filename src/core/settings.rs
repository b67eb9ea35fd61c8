//! The bank's tunable rules. A change applies to sessions that start after it: a session keeps
//! the limits and timeout it started with (see [`crate::session::SessionLimits`]).

use crate::money::Money;
use crate::time::UtcOffset;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub per_transaction_limit: Money,
    pub daily_limit: Money,
    pub session_timeout_secs: u32,
    /// How long before expiry the ATM asks "Do you need more time?".
    pub more_time_prompt_secs: u32,
    pub max_pin_attempts: u32,
    pub block_secs: u32,
    /// The bank's local zone: the daily limit resets at midnight here.
    pub utc_offset: UtcOffset,
    /// Below this much cash a machine raises a low-cash event.
    pub low_cash_threshold: Money,
    /// Whether the last wrong PIN keeps the card in the machine (otherwise it is ejected).
    pub retain_on_block: bool,
    /// Whether another operator's surcharge counts toward the daily withdrawal limit with the
    /// cash it came with. Off by default: the limit is about cash out of the machine.
    pub fee_counts_toward_daily_limit: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            per_transaction_limit: Money::from_dollars(500),
            daily_limit: Money::from_dollars(2_000),
            session_timeout_secs: 300,
            more_time_prompt_secs: 30,
            max_pin_attempts: 3,
            block_secs: 1_800,
            utc_offset: UtcOffset::UTC,
            low_cash_threshold: Money::from_dollars(1_000),
            retain_on_block: false,
            fee_counts_toward_daily_limit: false,
        }
    }
}

/// A setting outside what makes sense, named by its field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsError {
    pub field: &'static str,
    pub reason: &'static str,
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

impl std::error::Error for SettingsError {}

impl Settings {
    pub fn validate(&self) -> Result<(), SettingsError> {
        let err = |field, reason| Err(SettingsError { field, reason });
        if !self.per_transaction_limit.is_positive() {
            return err("per_transaction_limit", "must be more than $0.00");
        }
        if !self.daily_limit.is_positive() {
            return err("daily_limit", "must be more than $0.00");
        }
        if !(10..=86_400).contains(&self.session_timeout_secs) {
            return err(
                "session_timeout_secs",
                "must be between 10 and 86400 seconds",
            );
        }
        if self.more_time_prompt_secs >= self.session_timeout_secs {
            return err(
                "more_time_prompt_secs",
                "must be shorter than the session timeout",
            );
        }
        if !(1..=20).contains(&self.max_pin_attempts) {
            return err("max_pin_attempts", "must be between 1 and 20");
        }
        if !(1..=30 * 86_400).contains(&self.block_secs) {
            return err("block_secs", "must be between 1 second and 30 days");
        }
        if self.low_cash_threshold.is_negative() {
            return err("low_cash_threshold", "cannot be negative");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_spec_values_and_valid() {
        let s = Settings::default();
        assert_eq!(s.per_transaction_limit.to_string(), "$500.00");
        assert_eq!(s.daily_limit.to_string(), "$2,000.00");
        assert_eq!(
            (s.session_timeout_secs, s.max_pin_attempts, s.block_secs),
            (300, 3, 1_800)
        );
        assert_eq!(s.validate(), Ok(()));
    }

    #[test]
    fn invalid_settings_name_their_field() {
        let s = Settings {
            max_pin_attempts: 0,
            ..Settings::default()
        };
        assert_eq!(s.validate().unwrap_err().field, "max_pin_attempts");
        let s = Settings {
            daily_limit: Money::ZERO,
            ..Settings::default()
        };
        assert_eq!(s.validate().unwrap_err().field, "daily_limit");
        let s = Settings {
            session_timeout_secs: 5,
            ..Settings::default()
        };
        assert_eq!(s.validate().unwrap_err().field, "session_timeout_secs");
    }
}
