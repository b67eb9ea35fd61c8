//! Time as plain numbers handed in by the caller. The core never reads a clock: every decision
//! takes `now`, so a test can jump straight past a 5-minute timeout, a 30-minute block or a
//! midnight in microseconds, and the browser's training clock can fast-forward at will.

use serde::{Deserialize, Serialize};
use std::fmt;

const MS_PER_SEC: i64 = 1_000;
const MS_PER_MIN: i64 = 60 * MS_PER_SEC;
const MS_PER_DAY: i64 = 24 * 60 * MS_PER_MIN;

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

    /// The local calendar day this moment falls in, as a day number. Two moments are "the same
    /// day" for the daily limit exactly when their day numbers are equal.
    pub fn local_day(self, offset: UtcOffset) -> i64 {
        (self.0 + offset.millis()).div_euclid(MS_PER_DAY)
    }

    /// The first moment of the next local day.
    pub fn next_local_midnight(self, offset: UtcOffset) -> Timestamp {
        Timestamp((self.local_day(offset) + 1) * MS_PER_DAY - offset.millis())
    }

    /// This moment on the local wall clock, for messages such as "Try again after 14:30".
    pub fn local(self, offset: UtcOffset) -> LocalTime {
        LocalTime { at: self, offset }
    }

    /// ISO 8601 in UTC, to the second: `2026-11-24T14:00:00Z`. The journal's format.
    pub fn to_utc_string(self) -> String {
        let civil = Civil::from_millis(self.0);
        civil.to_string() + "Z"
    }

    /// Parses RFC 3339 with an explicit offset or `Z`: `2026-11-24T09:00:00-05:00`. Returns the
    /// moment and the offset it was written in (scenario files set the bank's local zone so).
    pub fn parse_rfc3339(text: &str) -> Option<(Timestamp, UtcOffset)> {
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        if b[10] != b'T' && b[10] != b't' && b[10] != b' ' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let s = text.get(r)?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let mut rest = &text[19..];
        let mut millis = 0;
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            let ms_digits = &frac[..digits.min(3)];
            millis = ms_digits.parse::<i64>().ok()? * 10_i64.pow(3 - ms_digits.len() as u32);
            rest = &frac[digits..];
        }
        let offset_minutes = match rest {
            "Z" | "z" => 0,
            _ => {
                let ob = rest.as_bytes();
                if ob.len() != 6 || ob[3] != b':' {
                    return None;
                }
                let sign = match ob[0] {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let h: i64 = rest[1..3].parse().ok()?;
                let m: i64 = rest[4..6].parse().ok()?;
                if h > 23 || m > 59 {
                    return None;
                }
                sign * (h * 60 + m)
            }
        };
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return None;
        }
        let days = days_from_civil(year, month, day);
        let local_ms =
            days * MS_PER_DAY + hour * 3_600_000 + minute * MS_PER_MIN + second * 1000 + millis;
        let offset = UtcOffset::from_minutes(offset_minutes as i32)?;
        Some((Timestamp(local_ms - offset.millis()), offset))
    }
}

/// The bank's local zone as a fixed offset from UTC, in minutes (e.g. -300 for UTC-05:00).
/// The daily limit resets at local midnight in this zone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
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

    const fn millis(self) -> i64 {
        self.0 as i64 * MS_PER_MIN
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
    fn civil(self) -> Civil {
        Civil::from_millis(self.at.0 + self.offset.millis())
    }

    /// `2026-11-24 14:30:05`, for the training clock and statements.
    pub fn date_time_string(self) -> String {
        let c = self.civil();
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }

    /// `Nov 24`, for the mini-statement.
    pub fn short_date(self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let c = self.civil();
        format!("{} {:02}", MONTHS[(c.month - 1) as usize], c.day)
    }
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.civil();
        write!(f, "{:02}:{:02}", c.hour, c.minute)
    }
}

/// A broken-down calendar time (proleptic Gregorian).
struct Civil {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
}

impl Civil {
    fn from_millis(ms: i64) -> Civil {
        let days = ms.div_euclid(MS_PER_DAY);
        let secs_of_day = ms.rem_euclid(MS_PER_DAY) / 1000;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: secs_of_day / 3600,
            minute: secs_of_day % 3600 / 60,
            second: secs_of_day % 60,
        }
    }
}

impl fmt::Display for Civil {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
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
    fn local_clock_strings() {
        let offset = UtcOffset::from_minutes(-300).unwrap();
        let t = at("2026-11-24T14:35:09Z");
        assert_eq!(t.local(offset).to_string(), "09:35");
        assert_eq!(t.local(offset).date_time_string(), "2026-11-24 09:35:09");
        assert_eq!(t.local(offset).short_date(), "Nov 24");
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
