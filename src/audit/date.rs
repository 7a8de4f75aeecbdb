//! Civil (proleptic Gregorian) dates as day numbers, and `FROM..TO` windows.
//!
//! Dates convert to and from a count of days since 1970-01-01 with Howard Hinnant's
//! `days_from_civil` / `civil_from_days` algorithms: exact for every leap year rule (every
//! 4th year, not every 100th, every 400th), and a few lines, so no date crate is needed.
//! Durations are already whole days (see [`crate::model::duration`]); the calendar only comes
//! in when they are subtracted from a date.

use std::fmt;

/// A calendar date, stored as days since 1970-01-01 (negative before).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i64);

/// Years accepted in dates: four digits.
const MIN_YEAR: i64 = 1;
const MAX_YEAR: i64 = 9999;

pub fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a valid civil date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    // Years start in March, so the leap day is the last day of the (shifted) year.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let mp = (i64::from(m) + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let y = yoe + era * 400 + i64::from(m <= 2);
    // Both are in range by construction.
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

impl Date {
    /// The first date there is: 0001-01-01.
    pub const MIN: Date = Date(-719_162);
    /// The last date there is: 9999-12-31.
    pub const MAX: Date = Date(2_932_896);

    /// A date from year, month and day, if it exists.
    pub fn new(year: i64, month: u32, day: u32) -> Option<Date> {
        let valid = (MIN_YEAR..=MAX_YEAR).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then(|| Date(days_from_civil(year, month, day)))
    }

    /// Parses `YYYY-MM-DD`; the error says what is wrong.
    pub fn parse(s: &str) -> Result<Date, String> {
        let b = s.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return Err(format!("`{s}` is not a date: write it as YYYY-MM-DD"));
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
        let (y, m, d) = (num(0..4), num(5..7), num(8..10));
        if !(1..=12).contains(&m) {
            return Err(format!("`{s}` is not a date: there is no month {m}"));
        }
        Date::new(i64::from(y), m, d).ok_or_else(|| {
            let y = i64::from(y);
            if y < MIN_YEAR {
                format!("`{s}` is not a date: there is no year 0")
            } else if m == 2 && d == 29 {
                format!("`{s}` is not a date: {y} is not a leap year")
            } else {
                format!(
                    "`{s}` is not a date: month {m} of {y} has {} days",
                    days_in_month(y, m)
                )
            }
        })
    }

    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.0)
    }

    /// Days since 1970-01-01.
    pub fn day_number(self) -> i64 {
        self.0
    }

    /// The date `days` later (earlier when negative); `None` outside years 1 to 9999.
    pub fn add_days(self, days: i64) -> Option<Date> {
        let n = self.0.checked_add(days)?;
        let (y, _, _) = civil_from_days(n);
        (MIN_YEAR..=MAX_YEAR).contains(&y).then_some(Date(n))
    }

    /// The date `days` later (earlier when negative), or the first or last date there is
    /// when that is past year 1 or 9999: a span that reaches back past year 1 reaches back
    /// to the first day there is, not to no day at all.
    pub fn saturating_add_days(self, days: i64) -> Date {
        Date(self.0.saturating_add(days).clamp(Date::MIN.0, Date::MAX.0))
    }

    /// Whole days from `earlier` to `self` (negative if `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i64 {
        self.0 - earlier.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// An inclusive range of dates: `FROM..TO`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: Date,
    pub to: Date,
}

impl Window {
    /// Parses `FROM..TO` (ISO dates, `FROM` not after `TO`); for clap's `value_parser`.
    pub fn parse(s: &str) -> Result<Window, String> {
        let Some((a, b)) = s.split_once("..") else {
            return Err(format!(
                "`{s}` is not a window: write FROM..TO, e.g. 2021-08-01..2023-02-10"
            ));
        };
        let from = Date::parse(a.trim())?;
        let to = Date::parse(b.trim())?;
        if from > to {
            return Err(format!("the window `{s}` ends before it starts"));
        }
        Ok(Window { from, to })
    }

    /// Days in the window, both ends included.
    pub fn days(self) -> i64 {
        self.to.days_since(self.from) + 1
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.from, self.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn epoch_and_known_day_numbers() {
        assert_eq!(d("1970-01-01").day_number(), 0);
        assert_eq!(d("1969-12-31").day_number(), -1);
        assert_eq!(d("2000-03-01").day_number(), 11_017);
        assert_eq!(d("2021-08-01").day_number(), 18_840);
        assert_eq!(d("0001-01-01").day_number(), -719_162);
        assert_eq!(d("9999-12-31").day_number(), 2_932_896);
    }

    #[test]
    fn round_trips_every_day_of_four_centuries() {
        // 1600..2000 covers every leap rule: 4, 100 (1700, 1800, 1900) and 400 (1600, 2000).
        let start = d("1600-01-01");
        let mut prev: Option<(i64, u32, u32)> = None;
        for n in 0..146_097 * 2 {
            let date = start.add_days(n).unwrap();
            let (y, m, dd) = date.ymd();
            assert_eq!(Date::new(y, m, dd), Some(date));
            if let Some((py, pm, pd)) = prev {
                let next_day = (y, m, dd) == (py, pm, pd + 1);
                let next_month = (y, m, dd) == (py, pm + 1, 1) && pd == days_in_month(py, pm);
                let next_year = (y, m, dd) == (py + 1, 1, 1) && (pm, pd) == (12, 31);
                assert!(
                    next_day || next_month || next_year,
                    "{date} after {py}-{pm}-{pd}"
                );
            }
            prev = Some((y, m, dd));
        }
    }

    #[test]
    fn leap_years() {
        assert!(is_leap(2024));
        assert!(is_leap(2000));
        assert!(!is_leap(1900));
        assert!(!is_leap(2023));
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2000-02-29").is_ok());
        let e = Date::parse("2023-02-29").unwrap_err();
        assert!(e.contains("2023 is not a leap year"), "{e}");
        assert!(Date::parse("1900-02-29").is_err());
        // A leap day inside a span makes it one day longer.
        assert_eq!(d("2024-03-01").days_since(d("2024-02-28")), 2);
        assert_eq!(d("2023-03-01").days_since(d("2023-02-28")), 1);
        assert_eq!(d("2024-02-29").add_days(365), Some(d("2025-02-28")));
        assert_eq!(d("2024-02-29").add_days(-366), Some(d("2023-02-28")));
        assert_eq!(d("2025-01-01").days_since(d("2024-01-01")), 366);
    }

    #[test]
    fn subtracting_durations_from_dates() {
        // The incident's window and the model's durations (a year is 365 days).
        assert_eq!(d("2021-08-01").add_days(-730), Some(d("2019-08-02")));
        assert_eq!(d("2021-08-01").add_days(-365 * 5), Some(d("2016-08-02")));
        assert_eq!(d("2021-08-01").add_days(-90), Some(d("2021-05-03")));
        assert_eq!(d("2021-08-01").add_days(0), Some(d("2021-08-01")));
        assert_eq!(d("0001-01-01").add_days(-1), None);
        assert_eq!(d("9999-12-31").add_days(1), None);
        assert_eq!(d("2021-08-01").add_days(i64::MIN), None);
    }

    #[test]
    fn saturating_at_years_1_and_9999() {
        assert_eq!(Date::MIN, d("0001-01-01"));
        assert_eq!(Date::MAX, d("9999-12-31"));
        assert_eq!(d("0001-01-02").saturating_add_days(-1), d("0001-01-01"));
        assert_eq!(d("0001-01-02").saturating_add_days(-2190), Date::MIN);
        assert_eq!(d("2021-08-01").saturating_add_days(i64::MIN), Date::MIN);
        assert_eq!(d("9999-12-30").saturating_add_days(5), Date::MAX);
        assert_eq!(d("2021-08-01").saturating_add_days(i64::MAX), Date::MAX);
        assert_eq!(d("2021-08-01").saturating_add_days(-730), d("2019-08-02"));
    }

    #[test]
    fn rejects_malformed_dates() {
        for bad in [
            "2021-8-01",
            "21-08-01",
            "2021/08/01",
            "2021-08-01T00:00",
            "",
            "0000-01-01",
            "2021-13-01",
            "2021-00-10",
            "2021-04-31",
            "2021-04-00",
            "２０２１-08-01",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(Date::parse("2021-04-31")
            .unwrap_err()
            .contains("month 4 of 2021 has 30 days"));
    }

    #[test]
    fn windows() {
        let w = Window::parse("2021-08-01..2023-02-10").unwrap();
        assert_eq!(w.days(), 559);
        assert_eq!(w.to_string(), "2021-08-01..2023-02-10");
        assert_eq!(Window::parse("2024-02-29..2024-02-29").unwrap().days(), 1);
        assert!(Window::parse("2023-02-10..2021-08-01")
            .unwrap_err()
            .contains("ends before it starts"));
        assert!(Window::parse("2021-08-01")
            .unwrap_err()
            .contains("FROM..TO"));
        assert!(Window::parse("2021-08-01..2023-02-30").is_err());
    }
}
