//! Time as plain numbers handed in by the caller. The core never reads a clock: every decision
//! takes `now`, so a test can jump straight past a 5-minute timeout, a 30-minute block or a
//! midnight in microseconds, and the browser's training clock can fast-forward at will. The
//! calendar (days, months, RFC 3339) is chrono's, on instants this module is handed.

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDateTime, SecondsFormat, TimeDelta, Timelike, Utc,
};
use serde::{Deserialize, Serialize};
use std::fmt;

const MS_PER_SEC: i64 = 1_000;

/// A moment: milliseconds since 1970-01-01T00:00:00Z.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    pub const fn from_millis(ms: i64) -> Timestamp {
        Timestamp(ms)
    }

    pub const fn millis(self) -> i64 {
        self.0
    }

    pub const fn plus_secs(self, secs: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(secs.saturating_mul(MS_PER_SEC)))
    }

    pub const fn plus_millis(self, ms: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(ms))
    }

    /// Whole milliseconds from `self` to `later` (negative if `later` is earlier).
    pub const fn millis_until(self, later: Timestamp) -> i64 {
        later.0.saturating_sub(self.0)
    }

    /// This moment in chrono's terms; moments beyond chrono's ±262,000 years (only a saturated
    /// sum gets there) are pinned to its ends rather than panicking.
    fn utc(self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0).unwrap_or(if self.0 < 0 {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        })
    }

    /// This moment on the wall clock of `offset`.
    fn wall(self, offset: UtcOffset) -> NaiveDateTime {
        self.utc().with_timezone(&offset.fixed()).naive_local()
    }

    /// The local calendar day this moment falls in, as days since 1970-01-01 (kept in stored
    /// daily totals). Two moments are "the same day" for the daily limit exactly when their day
    /// numbers are equal.
    pub fn local_day(self, offset: UtcOffset) -> i64 {
        (self.wall(offset).date() - DateTime::UNIX_EPOCH.date_naive()).num_days()
    }

    /// The first moment of the next local day.
    pub fn next_local_midnight(self, offset: UtcOffset) -> Timestamp {
        let next_day = self.wall(offset).date() + TimeDelta::days(1);
        let midnight = next_day.and_time(chrono::NaiveTime::MIN) - offset.fixed();
        Timestamp(midnight.and_utc().timestamp_millis())
    }

    /// This moment on the local wall clock, for messages such as "Try again after 14:30".
    pub fn local(self, offset: UtcOffset) -> LocalTime {
        LocalTime { at: self, offset }
    }

    /// ISO 8601 in UTC, to the second: `2026-11-24T14:00:00Z`. The journal's format.
    pub fn to_utc_string(self) -> String {
        self.utc().to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// Parses RFC 3339 with an explicit offset or `Z`: `2026-11-24T09:00:00-05:00`. Returns the
    /// moment and the offset it was written in (scenario files set the bank's local zone so).
    pub fn parse_rfc3339(text: &str) -> Option<(Timestamp, UtcOffset)> {
        let parsed = DateTime::parse_from_rfc3339(text).ok()?;
        let offset = UtcOffset::from_minutes(parsed.offset().local_minus_utc() / 60)?;
        Some((Timestamp(parsed.timestamp_millis()), offset))
    }
}

/// The bank's local zone as a fixed offset from UTC, in minutes (e.g. -300 for UTC-05:00).
/// The daily limit resets at local midnight in this zone. A stored offset beyond ±18 hours is
/// refused when read, like one in a scenario.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct UtcOffset(i32);

impl UtcOffset {
    pub const UTC: UtcOffset = UtcOffset(0);

    /// Offsets beyond ±18 hours do not exist anywhere and are refused.
    pub const fn from_minutes(minutes: i32) -> Option<UtcOffset> {
        if minutes >= -18 * 60 && minutes <= 18 * 60 {
            Some(UtcOffset(minutes))
        } else {
            None
        }
    }

    pub const fn minutes(self) -> i32 {
        self.0
    }

    fn fixed(self) -> FixedOffset {
        // Within ±18 hours by construction, well inside chrono's ±24.
        FixedOffset::east_opt(self.0 * 60).expect("a UtcOffset is within ±18 hours")
    }
}

impl TryFrom<i32> for UtcOffset {
    type Error = String;

    fn try_from(minutes: i32) -> Result<UtcOffset, String> {
        UtcOffset::from_minutes(minutes)
            .ok_or_else(|| format!("{minutes} minutes is not an offset from UTC"))
    }
}

impl From<UtcOffset> for i32 {
    fn from(offset: UtcOffset) -> i32 {
        offset.0
    }
}

impl fmt::Display for UtcOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { '-' } else { '+' };
        let abs = self.0.unsigned_abs();
        write!(f, "UTC{sign}{:02}:{:02}", abs / 60, abs % 60)
    }
}

/// A moment seen on the bank's local wall clock. Displays as `HH:MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalTime {
    pub at: Timestamp,
    pub offset: UtcOffset,
}

impl LocalTime {
    /// `2026-11-24 14:30:05`, for the training clock and statements.
    pub fn date_time_string(self) -> String {
        let t = self.at.wall(self.offset);
        format!("{} {}", t.date(), self.time_string())
    }

    /// `14:30:05`, for the host's messages.
    pub fn time_string(self) -> String {
        let t = self.at.wall(self.offset);
        format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
    }

    /// `Nov 24`, for the mini-statement.
    pub fn short_date(self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let (month, day) = self.month_day();
        format!("{} {day:02}", MONTHS[month as usize - 1])
    }

    /// The month (1–12) and the day of the month, for a date worded in another language.
    pub fn month_day(self) -> (u32, u32) {
        let t = self.at.wall(self.offset);
        (t.month(), t.day())
    }
}

// Written with the calendar's accessors: chrono's strftime formatter would cost the wasm
// 11 KB gzipped for three fixed layouts.
impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.at.wall(self.offset);
        write!(f, "{:02}:{:02}", t.hour(), t.minute())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap().0
    }

    #[test]
    fn parses_rfc3339_with_offsets() {
        let (t, off) = Timestamp::parse_rfc3339("2026-11-24T09:00:00-05:00").unwrap();
        assert_eq!(off.minutes(), -300);
        assert_eq!(t.to_utc_string(), "2026-11-24T14:00:00Z");
        assert_eq!(at("1970-01-01T00:00:00Z").millis(), 0);
        assert_eq!(
            at("2000-02-29T12:00:00.250+01:00").to_utc_string(),
            "2000-02-29T11:00:00Z"
        );
        assert_eq!(at("2000-02-29T12:00:00.250+01:00").millis() % 1000, 250);
        // RFC 3339 allows a lower-case `t`/`z` and a space between date and time.
        assert_eq!(at("2026-11-24t14:00:00z"), at("2026-11-24 09:00:00-05:00"));
    }

    #[test]
    fn refuses_malformed_dates() {
        for bad in [
            "",
            "2026-11-24",
            "2026-11-24T09:00:00",
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T09:00:00+25:00",
            "2026-11-24T09:00:00.Z",
            "2026-1a-24T09:00:00Z",
        ] {
            assert_eq!(Timestamp::parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn local_midnight_boundary() {
        let offset = UtcOffset::from_minutes(-300).unwrap();
        let before = at("2026-11-24T23:59:59-05:00");
        let after = at("2026-11-25T00:00:00-05:00");
        assert_eq!(before.local_day(offset) + 1, after.local_day(offset));
        assert_eq!(before.next_local_midnight(offset), after);
        assert_eq!(
            after.next_local_midnight(offset),
            at("2026-11-26T00:00:00-05:00")
        );
        // The same instants in UTC fall on other day boundaries.
        assert_eq!(
            before.local_day(UtcOffset::UTC),
            after.local_day(UtcOffset::UTC)
        );
    }

    #[test]
    fn midnight_is_the_banks_whatever_zone_the_instant_came_from() {
        // 14:00 UTC is 09:00 in New York and 23:00 in Tokyo: each bank's next midnight differs.
        let t = at("2026-11-24T14:00:00Z");
        let new_york = UtcOffset::from_minutes(-300).unwrap();
        let tokyo = UtcOffset::from_minutes(540).unwrap();
        assert_eq!(t.local(new_york).date_time_string(), "2026-11-24 09:00:00");
        assert_eq!(t.local(tokyo).date_time_string(), "2026-11-24 23:00:00");
        assert_eq!(
            t.next_local_midnight(new_york),
            at("2026-11-25T00:00:00-05:00")
        );
        assert_eq!(
            t.next_local_midnight(tokyo),
            at("2026-11-25T00:00:00+09:00")
        );
        assert_eq!(
            t.next_local_midnight(tokyo).local_day(tokyo),
            t.local_day(tokyo) + 1
        );
    }

    #[test]
    fn stored_offsets_are_checked_when_read() {
        let offset: UtcOffset = serde_json::from_str("-300").unwrap();
        assert_eq!(offset.minutes(), -300);
        assert_eq!(serde_json::to_string(&offset).unwrap(), "-300");
        assert!(serde_json::from_str::<UtcOffset>("2000").is_err());
        // Day numbers count from 1970-01-01, as stored daily totals do.
        assert_eq!(Timestamp::from_millis(0).local_day(UtcOffset::UTC), 0);
        assert_eq!(Timestamp::from_millis(-1).local_day(UtcOffset::UTC), -1);
    }

    #[test]
    fn local_clock_strings() {
        let offset = UtcOffset::from_minutes(-300).unwrap();
        let t = at("2026-11-24T14:35:09Z");
        assert_eq!(t.local(offset).to_string(), "09:35");
        assert_eq!(t.local(offset).date_time_string(), "2026-11-24 09:35:09");
        assert_eq!(t.local(offset).short_date(), "Nov 24");
        // Milliseconds are not shown.
        assert_eq!(
            t.plus_millis(250).local(offset).date_time_string(),
            "2026-11-24 09:35:09"
        );
        assert_eq!(offset.to_string(), "UTC-05:00");
    }

    #[test]
    fn dates_before_1970_work() {
        assert_eq!(at("1969-12-31T23:59:59Z").millis(), -1000);
        assert_eq!(
            Timestamp::from_millis(-1000).to_utc_string(),
            "1969-12-31T23:59:59Z"
        );
    }

    proptest::proptest! {
        #[test]
        fn utc_string_round_trips(secs in -5_000_000_000i64..5_000_000_000i64) {
            let t = Timestamp::from_millis(secs * 1000);
            proptest::prop_assert_eq!(at(&t.to_utc_string()), t);
        }
    }
}
