//! Retention durations: `30d`, `12w`, `18mo`, `2y`, ISO 8601 (`P90D`, `P1Y6M`), `forever`.
//! They print back in those forms: one unit short, several in ISO 8601.
//!
//! Durations compare by days, with a month counted as 30 days and a year as 365: retention
//! limits are policy, not calendar arithmetic (the audit does calendar dates itself).

use std::fmt;

pub const ACCEPTED: &str =
    "accepted: a number with d, w, mo or y (`30d`, `12w`, `18mo`, `2y`), ISO 8601 (`P90D`, `P1Y6M`), or `forever`";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Duration {
    /// Kept for as many days, approximately (see the module docs).
    Finite {
        days: u64,
        text: DurationText,
    },
    Forever,
}

/// How the duration was written, to print it back in a form a config accepts: one unit in the
/// short form (`18mo`), several in ISO 8601 (`P1Y6M`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DurationText {
    pub years: u32,
    pub months: u32,
    pub weeks: u32,
    pub days: u32,
}

impl Duration {
    pub fn days(days: u64) -> Duration {
        Duration::Finite {
            days,
            text: DurationText {
                years: 0,
                months: 0,
                weeks: 0,
                days: u32::try_from(days).unwrap_or(u32::MAX),
            },
        }
    }

    /// Days, with `forever` as `u64::MAX`.
    pub fn as_days(&self) -> u64 {
        match self {
            Duration::Finite { days, .. } => *days,
            Duration::Forever => u64::MAX,
        }
    }

    pub fn is_forever(&self) -> bool {
        matches!(self, Duration::Forever)
    }

    /// Parses a duration; the error says what is accepted, or that a duration written as
    /// accepted is too long to count.
    pub fn parse(s: &str) -> Result<Duration, String> {
        Duration::parse_written(s).map_err(|e| {
            // Each number as `1` parses: the form is right, a number is past the largest.
            let digits = |s: &str| {
                s.split(|c: char| !c.is_ascii_digit())
                    .filter(|d| !d.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            };
            let overflows = digits(s).iter().any(|d| d.parse::<u32>().is_err());
            let ones: String = {
                let mut out = String::new();
                let mut in_number = false;
                for c in s.chars() {
                    match (c.is_ascii_digit(), in_number) {
                        (true, true) => {}
                        (true, false) => out.push('1'),
                        (false, _) => out.push(c),
                    }
                    in_number = c.is_ascii_digit();
                }
                out
            };
            if overflows && Duration::parse_written(&ones).is_ok() {
                format!(
                    "`{s}` is too long: a number of it is over {}; for no limit write `forever`",
                    u32::MAX
                )
            } else {
                e
            }
        })
    }

    fn parse_written(s: &str) -> Result<Duration, String> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("forever") {
            return Ok(Duration::Forever);
        }
        if let Some(iso) = t.strip_prefix('P') {
            return parse_iso(iso).ok_or_else(|| format!("`{s}` is not an ISO 8601 duration of years, months, weeks and days; {ACCEPTED}"));
        }
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        let (num, unit) = t.split_at(digits);
        let n: u32 = num
            .parse()
            .map_err(|_| format!("`{s}` is not a duration; {ACCEPTED}"))?;
        let mut text = DurationText {
            years: 0,
            months: 0,
            weeks: 0,
            days: 0,
        };
        match unit {
            "d" => text.days = n,
            "w" => text.weeks = n,
            "mo" => text.months = n,
            "y" => text.years = n,
            "m" => {
                return Err(format!(
                    "`{s}` is ambiguous: write `{n}mo` for months (minutes are not a retention unit); {ACCEPTED}"
                ))
            }
            u if u.starts_with(['.', ',']) => {
                return Err(format!(
                    "`{s}` is not a whole number: write it in a smaller unit (`18mo` for 1.5y); {ACCEPTED}"
                ))
            }
            u => {
                return Err(match compound_as_iso(t) {
                    Some(iso) => format!(
                        "`{s}` combines units, which the short form cannot: write `{iso}` (ISO 8601) or one unit; {ACCEPTED}"
                    ),
                    None if u.contains(|c: char| c.is_ascii_digit()) => format!(
                        "`{s}` combines units, which the short form cannot: write it in ISO 8601 (`P1Y6M`) or in one unit; {ACCEPTED}"
                    ),
                    None => format!("`{s}` has an unknown unit; {ACCEPTED}"),
                })
            }
        }
        Ok(Duration::from_text(text))
    }

    fn from_text(text: DurationText) -> Duration {
        let days = u64::from(text.years) * 365
            + u64::from(text.months) * 30
            + u64::from(text.weeks) * 7
            + u64::from(text.days);
        Duration::Finite { days, text }
    }
}

/// `1y6mo` as the ISO 8601 duration it means (`P1Y6M`): short forms each of a known unit,
/// no unit twice. `None` when it is not one.
fn compound_as_iso(s: &str) -> Option<String> {
    let mut parts: [Option<&str>; 4] = [None; 4];
    let mut rest = s;
    let mut count = 0;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let unit_len = rest[digits..]
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        let (num, unit) = (&rest[..digits], &rest[digits..digits + unit_len]);
        let slot = match unit {
            "y" => 0,
            "mo" => 1,
            "w" => 2,
            "d" => 3,
            _ => return None,
        };
        if num.is_empty() || parts[slot].is_some() {
            return None;
        }
        parts[slot] = Some(num);
        count += 1;
        rest = &rest[digits + unit_len..];
    }
    let mut iso = String::from("P");
    for (num, unit) in parts.iter().zip(["Y", "M", "W", "D"]) {
        if let Some(n) = num {
            iso.push_str(n);
            iso.push_str(unit);
        }
    }
    (count > 1).then_some(iso)
}

fn parse_iso(s: &str) -> Option<Duration> {
    let mut text = DurationText {
        years: 0,
        months: 0,
        weeks: 0,
        days: 0,
    };
    let mut num = String::new();
    let mut any = false;
    let mut last_rank = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: u32 = num.parse().ok()?;
        num.clear();
        let rank = match c {
            'Y' => {
                text.years = n;
                1
            }
            'M' => {
                text.months = n;
                2
            }
            'W' => {
                text.weeks = n;
                3
            }
            'D' => {
                text.days = n;
                4
            }
            _ => return None, // `T` (hours and less) is not a retention period
        };
        if rank <= last_rank {
            return None;
        }
        last_rank = rank;
        any = true;
    }
    (any && num.is_empty()).then(|| Duration::from_text(text))
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Duration::Forever => f.write_str("forever"),
            Duration::Finite { text, days } => {
                let parts = [
                    (text.years, "y", "Y"),
                    (text.months, "mo", "M"),
                    (text.weeks, "w", "W"),
                    (text.days, "d", "D"),
                ];
                let used: Vec<_> = parts.iter().filter(|(n, _, _)| *n > 0).collect();
                match used.as_slice() {
                    [] => write!(f, "{days}d"),
                    [(n, unit, _)] => write!(f, "{n}{unit}"),
                    // The short form takes one unit: a compound prints as it parses back.
                    several => {
                        f.write_str("P")?;
                        for (n, _, unit) in several {
                            write!(f, "{n}{unit}")?;
                        }
                        Ok(())
                    }
                }
            }
        }
    }
}

impl PartialOrd for Duration {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.as_days().cmp(&other.as_days()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(s: &str) -> u64 {
        Duration::parse(s).map(|d| d.as_days()).unwrap_or(0)
    }

    #[test]
    fn short_forms() {
        assert_eq!(days("30d"), 30);
        assert_eq!(days("12w"), 84);
        assert_eq!(days("18mo"), 540);
        assert_eq!(days("2y"), 730);
        assert_eq!(days("0d"), 0);
    }

    #[test]
    fn iso_forms() {
        assert_eq!(days("P90D"), 90);
        assert_eq!(days("P1Y6M"), 545);
        assert_eq!(days("P2W"), 14);
        assert_eq!(days("P1Y2M3W4D"), 365 + 60 + 21 + 4);
    }

    #[test]
    fn forever() {
        assert_eq!(Duration::parse("forever"), Ok(Duration::Forever));
        assert!(Duration::parse("forever").is_ok_and(|d| d.is_forever()));
        assert!(Duration::Forever > Duration::days(1_000_000));
    }

    #[test]
    fn rejects_everything_else() {
        for bad in [
            "18m", "", "d", "30", "30 days", "1.5y", "P", "PT5M", "P1M1Y", "P1", "-3d", "3D", "2 y",
        ] {
            let err = Duration::parse(bad);
            assert!(err.is_err(), "{bad:?} should be rejected");
            assert!(
                err.unwrap_err().contains("accepted:"),
                "{bad:?} error lists what is accepted"
            );
        }
        assert!(Duration::parse("18m").unwrap_err().contains("`18mo`"));
        // A fraction says so (it is not the unit that is wrong).
        assert!(Duration::parse("1.5y")
            .unwrap_err()
            .starts_with("`1.5y` is not a whole number"));
    }

    #[test]
    fn a_number_past_the_largest_is_too_long_not_malformed() {
        for s in [
            "99999999999y",
            "4294967296d",
            "P99999999999Y",
            "P1Y99999999999D",
        ] {
            assert_eq!(
                Duration::parse(s),
                Err(format!(
                    "`{s}` is too long: a number of it is over 4294967295; for no limit write `forever`"
                )),
            );
        }
        assert_eq!(days("4294967295d"), 4_294_967_295);
        // Malformed as well: the form is what is wrong.
        for s in [
            "99999999999m",
            "99999999999x",
            "P99999999999T",
            "99999999999.5y",
        ] {
            let e = Duration::parse(s).unwrap_err();
            assert!(
                !e.contains("too long") && e.contains("accepted:"),
                "{s}: {e}"
            );
        }
    }

    #[test]
    fn displays_as_written() {
        for s in ["30d", "12w", "18mo", "2y", "forever"] {
            assert_eq!(Duration::parse(s).map(|d| d.to_string()).as_deref(), Ok(s));
        }
        // A compound prints in ISO 8601, which parses back (the short form takes one unit).
        for (written, shown) in [
            ("P1Y6M", "P1Y6M"),
            ("P1W2D", "P1W2D"),
            ("P1Y2M3W4D", "P1Y2M3W4D"),
            ("P2W", "2w"),
            ("P90D", "90d"),
            ("P0D", "0d"),
        ] {
            let d = Duration::parse(written);
            assert_eq!(
                d.as_ref().map(|d| d.to_string()).as_deref(),
                Ok(shown),
                "{written}"
            );
            assert_eq!(Duration::parse(shown), d, "{shown} parses back");
        }
    }

    #[test]
    fn a_compound_short_form_says_to_write_iso() {
        for (s, iso) in [("1y6mo", "P1Y6M"), ("1w2d", "P1W2D"), ("6mo1y", "P1Y6M")] {
            assert_eq!(
                Duration::parse(s),
                Err(format!(
                    "`{s}` combines units, which the short form cannot: write `{iso}` (ISO 8601) or one unit; {ACCEPTED}"
                ))
            );
        }
        // Not one duration of known units each once: no ISO form to offer.
        for s in ["1y2y", "1y6m"] {
            let e = Duration::parse(s).unwrap_err();
            assert!(
                e.starts_with(&format!("`{s}` combines units, which the short form cannot: write it in ISO 8601 (`P1Y6M`) or in one unit;")),
                "{e}"
            );
        }
        assert!(Duration::parse("3x")
            .unwrap_err()
            .starts_with("`3x` has an unknown unit"));
    }
}
