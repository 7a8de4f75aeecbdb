//! Effective retention and exposed windows: pure arithmetic over durations and dates.
//!
//! A copy of a field's value is kept for the longest of
//! - the policy setting that governs the field: `free_text` for text and textarea fields,
//!   `attachments` for file fields, `closed_tickets` for the rest; a field whose own setting
//!   is unset is kept as long as the ticket (`closed_tickets`);
//! - the policy's `backups` (backups hold every field);
//! - the holder's own `keeps` (a processor that keeps ticket data longer keeps every field).
//!
//! `forever`, and a governing setting that no policy sets, mean unbounded. Durations are whole
//! days (a month is 30, a year 365: [`crate::model::duration`]); how long a ticket stays open
//! before it is closed is not counted, so windows are, if anything, short.

use super::date::{Date, Window};
use crate::model::{Duration, FieldKind, RetentionPolicy};
use crate::rules::engine::Thresholds;

/// What made a retention as long as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// A policy setting: `closed_tickets`, `free_text`, `attachments` or `backups`.
    Setting(&'static str),
    /// The processor's own `keeps`.
    Keeps,
    /// No policy sets the governing setting, nor `closed_tickets`: kept without limit.
    Unset,
    /// Kept in the requester's user profile, which outlives the ticket: until the user is
    /// deleted ([`crate::model::Held`]).
    UserProfile,
}

impl By {
    /// A stable name, for JSON: the setting's name, `keeps`, `unset` or `user_profile`.
    pub fn name(self) -> &'static str {
        match self {
            By::Setting(s) => s,
            By::Keeps => "keeps",
            By::Unset => "unset",
            By::UserProfile => "user_profile",
        }
    }
}

/// How long a copy is kept, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// `forever` when unbounded.
    pub duration: Duration,
    pub by: By,
}

impl Retention {
    /// Days, or `None` when unbounded.
    pub fn days(&self) -> Option<u64> {
        (!self.duration.is_forever()).then(|| self.duration.as_days())
    }

    pub fn is_unbounded(&self) -> bool {
        self.duration.is_forever()
    }

    /// The longer of two; on a tie, `self`.
    pub fn max(self, other: Retention) -> Retention {
        if other.duration.as_days() > self.duration.as_days() {
            other
        } else {
            self
        }
    }
}

/// The setting that governs a field of this kind.
pub fn governing_setting(kind: FieldKind) -> &'static str {
    if kind.is_free_text() {
        "free_text"
    } else if kind == FieldKind::File {
        "attachments"
    } else {
        "closed_tickets"
    }
}

/// The retention settings that apply to one copy of a form's submissions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settings {
    pub closed_tickets: Option<Duration>,
    pub free_text: Option<Duration>,
    pub attachments: Option<Duration>,
    pub backups: Option<Duration>,
    /// The holder's own `keeps` (processors only).
    pub keeps: Option<Duration>,
    /// The longest `closed_tickets` of the policies that leave `free_text` unset (their free
    /// text follows their tickets), and the same for `attachments`: a policy's unset setting
    /// means its own `closed_tickets`, not the other policies' value of the setting.
    pub free_text_follows: Option<Duration>,
    pub attachments_follows: Option<Duration>,
}

fn longer(a: Option<Duration>, b: Option<Duration>) -> Option<Duration> {
    match (a, b) {
        (Some(a), Some(b)) if b.as_days() > a.as_days() => Some(b),
        (Some(a), _) => Some(a),
        (None, b) => b,
    }
}

/// The shorter of a value and a cap; an unset value becomes the cap (the fix sets it).
fn capped(value: Option<Duration>, cap: Option<Duration>) -> Option<Duration> {
    match (value, cap) {
        (Some(v), Some(c)) if c.as_days() < v.as_days() => Some(c),
        (None, c) => c,
        (v, _) => v,
    }
}

impl Settings {
    /// Several policies cover one copy: each setting is the longest any of them sets.
    pub fn from_policies<'a>(
        policies: impl IntoIterator<Item = &'a RetentionPolicy>,
        keeps: Option<Duration>,
    ) -> Settings {
        let mut s = Settings {
            keeps,
            ..Settings::default()
        };
        let value = |d: &Option<crate::source::Spanned<Duration>>| d.as_ref().map(|d| d.value);
        for p in policies {
            s.closed_tickets = longer(s.closed_tickets, value(&p.closed_tickets));
            s.free_text = longer(s.free_text, value(&p.free_text));
            s.attachments = longer(s.attachments, value(&p.attachments));
            if p.free_text.is_none() {
                s.free_text_follows = longer(s.free_text_follows, value(&p.closed_tickets));
            }
            if p.attachments.is_none() {
                s.attachments_follows = longer(s.attachments_follows, value(&p.closed_tickets));
            }
            s.backups = longer(s.backups, value(&p.backups));
        }
        s
    }

    /// A setting's own value, and the `closed_tickets` that applies in its place where a
    /// policy leaves it unset.
    fn get(&self, setting: &str) -> (Option<Duration>, Option<Duration>) {
        match setting {
            "closed_tickets" => (self.closed_tickets, None),
            "free_text" => (self.free_text, self.free_text_follows),
            "attachments" => (self.attachments, self.attachments_follows),
            "backups" => (self.backups, None),
            _ => (None, None),
        }
    }

    /// The governing setting's value, falling back to `closed_tickets`, and which one it is:
    /// the longer of the value the policies set and the tickets' of the policies that leave
    /// it unset.
    fn governing(&self, setting: &'static str) -> Option<(Duration, &'static str)> {
        match self.get(setting) {
            (Some(own), Some(follows)) if follows.as_days() > own.as_days() => {
                Some((follows, "closed_tickets"))
            }
            (Some(own), _) => Some((own, setting)),
            (None, _) => self.closed_tickets.map(|d| (d, "closed_tickets")),
        }
    }

    /// How long a field governed by `setting` is kept, as configured.
    pub fn effective(&self, setting: &'static str) -> Retention {
        let main = match self.governing(setting) {
            Some((duration, name)) => Retention {
                duration,
                by: By::Setting(name),
            },
            None => Retention {
                duration: Duration::Forever,
                by: By::Unset,
            },
        };
        combine(main, self.backups, self.keeps)
    }

    /// The settings once every one is within the configured maxima: what the fixes for the
    /// retention rules give. A governing setting is capped at its own maximum (an unset one
    /// becomes the maximum), backups at theirs and at `closed_tickets` plus the backup grace,
    /// and `keeps` at the fixed `closed_tickets` (a processor may keep no longer than the
    /// policy). An unset setting with no maximum stays unset.
    pub fn under_max(&self, thresholds: &Thresholds) -> Settings {
        let closed = capped(self.closed_tickets, thresholds.max_for("closed_tickets"));
        let grace_limit = closed.filter(|c| !c.is_forever()).map(|c| {
            Duration::days(
                c.as_days()
                    .saturating_add(thresholds.backup_grace.as_days()),
            )
        });
        let backups = self
            .backups
            .and_then(|b| capped(capped(Some(b), thresholds.max_for("backups")), grace_limit));
        Settings {
            closed_tickets: closed,
            // Free text and attachments without their own setting follow the ticket, which is
            // itself capped: cap what applies to them, at their own maximum.
            free_text: capped(
                self.governing("free_text").map(|(d, _)| d),
                thresholds.max_for("free_text"),
            ),
            attachments: capped(
                self.governing("attachments").map(|(d, _)| d),
                thresholds.max_for("attachments"),
            ),
            backups,
            keeps: self.keeps.map(|k| capped(Some(k), closed).unwrap_or(k)),
            free_text_follows: None,
            attachments_follows: None,
        }
    }
}

fn combine(main: Retention, backups: Option<Duration>, keeps: Option<Duration>) -> Retention {
    let mut r = main;
    if let Some(b) = backups {
        r = r.max(Retention {
            duration: b,
            by: By::Setting("backups"),
        });
    }
    if let Some(k) = keeps {
        r = r.max(Retention {
            duration: k,
            by: By::Keeps,
        });
    }
    r
}

/// Submissions readable during a breach: those made from `from` (`None`: since the form
/// existed, for a copy kept without limit) to the breach's end, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exposure {
    pub from: Option<Date>,
    pub to: Date,
}

impl Exposure {
    /// A breach over `window` of a copy kept for `retention` exposes what was submitted from
    /// `window.from − retention` to `window.to`: a submission made on day `d` is still held
    /// on day `d + retention`. A bounded retention that reaches back past year 1 exposes
    /// what was submitted since 0001-01-01 (nothing was before): it is no unbounded one.
    pub fn of(window: Window, retention: &Retention) -> Exposure {
        let from = retention.days().map(|d| {
            let back = i64::try_from(d).map_or(i64::MIN, |d| -d);
            window.from.saturating_add_days(back)
        });
        Exposure {
            from,
            to: window.to,
        }
    }

    /// Days of submissions exposed, or `None` for all since the form existed.
    pub fn days(&self) -> Option<i64> {
        self.from.map(|f| self.to.days_since(f) + 1)
    }
}

/// What bringing retention within the maxima saves, for one breach.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Saving {
    /// Days of submissions no longer exposed; `None` when the exposure was unbounded.
    pub days: Option<i64>,
    /// `days` over the days exposed as configured (0 to 1).
    pub fraction: Option<f64>,
}

pub fn saving(actual: &Exposure, fixed: &Exposure) -> Saving {
    match (actual.days(), fixed.days()) {
        (Some(a), Some(f)) => {
            let days = (a - f).max(0);
            Saving {
                days: Some(days),
                #[allow(clippy::cast_precision_loss)] // day counts are far below 2^52
                fraction: (a > 0).then(|| days as f64 / a as f64),
            }
        }
        _ => Saving {
            days: None,
            fraction: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dur(s: &str) -> Duration {
        Duration::parse(s).unwrap()
    }

    fn some(s: &str) -> Option<Duration> {
        Some(dur(s))
    }

    fn thresholds() -> Thresholds {
        crate::config::default_thresholds() // 1y, 90d, 90d, 1y; grace 35d
    }

    #[test]
    fn governing_settings() {
        assert_eq!(governing_setting(FieldKind::Textarea), "free_text");
        assert_eq!(governing_setting(FieldKind::Text), "free_text");
        assert_eq!(governing_setting(FieldKind::File), "attachments");
        assert_eq!(governing_setting(FieldKind::Date), "closed_tickets");
        assert_eq!(governing_setting(FieldKind::Email), "closed_tickets");
    }

    #[test]
    fn the_longest_of_setting_backups_and_keeps() {
        let s = Settings {
            closed_tickets: some("2y"),
            free_text: some("90d"),
            backups: some("13mo"),
            ..Settings::default()
        };
        let free = s.effective("free_text");
        assert_eq!((free.days(), free.by), (Some(390), By::Setting("backups")));
        let ticket = s.effective("closed_tickets");
        assert_eq!(
            (ticket.days(), ticket.by),
            (Some(730), By::Setting("closed_tickets"))
        );
        // Attachments without their own setting follow the ticket.
        assert_eq!(s.effective("attachments").by, By::Setting("closed_tickets"));
        let kept = Settings {
            keeps: some("5y"),
            ..s
        };
        let r = kept.effective("free_text");
        assert_eq!((r.days(), r.by), (Some(1825), By::Keeps));
        assert_eq!(r.duration.to_string(), "5y");
    }

    #[test]
    fn ties_go_to_the_policy_setting() {
        let s = Settings {
            closed_tickets: some("1y"),
            backups: some("365d"),
            keeps: some("12mo"), // 360 days
            ..Settings::default()
        };
        assert_eq!(
            s.effective("closed_tickets").by,
            By::Setting("closed_tickets")
        );
    }

    #[test]
    fn forever_is_unbounded() {
        let s = Settings {
            closed_tickets: some("1y"),
            backups: Some(Duration::Forever),
            ..Settings::default()
        };
        let r = s.effective("closed_tickets");
        assert!(r.is_unbounded());
        assert_eq!((r.days(), r.by), (None, By::Setting("backups")));
        let s = Settings {
            closed_tickets: some("1y"),
            keeps: Some(Duration::Forever),
            ..Settings::default()
        };
        assert_eq!(s.effective("free_text").by, By::Keeps);
        assert!(s.effective("free_text").is_unbounded());
    }

    #[test]
    fn no_policy_is_unbounded() {
        // A processor no policy covers, with or without its own `keeps`.
        let none = Settings::default();
        let r = none.effective("closed_tickets");
        assert_eq!((r.days(), r.by), (None, By::Unset));
        let keeps = Settings {
            keeps: some("30d"),
            ..Settings::default()
        };
        assert_eq!(keeps.effective("free_text").by, By::Unset);
        // A policy that sets only free text leaves the rest of the ticket unbounded.
        let free_only = Settings {
            free_text: some("30d"),
            ..Settings::default()
        };
        assert_eq!(free_only.effective("free_text").days(), Some(30));
        assert!(free_only.effective("closed_tickets").is_unbounded());
        assert!(free_only.effective("attachments").is_unbounded());
    }

    fn at(d: Option<Duration>) -> Option<crate::source::Spanned<Duration>> {
        d.map(|d| crate::source::Spanned::new(d, Default::default()))
    }

    /// A policy for every form with these settings.
    fn policy(closed: &str, free: Option<&str>, backups: Option<&str>) -> RetentionPolicy {
        RetentionPolicy {
            forms: Vec::new(),
            matchers: Vec::new(),
            processor: None,
            closed_tickets: at(some(closed)),
            free_text: at(free.map(dur)),
            attachments: None,
            backups: at(backups.map(dur)),
            span: Default::default(),
            implied: false,
            damaged: false,
        }
    }

    #[test]
    fn several_policies_take_the_longest() {
        let policies = [
            policy("1y", None, Some("30d")),
            policy("2y", Some("60d"), None),
        ];
        let s = Settings::from_policies(&policies, some("6mo"));
        assert_eq!(s.closed_tickets, some("2y"));
        assert_eq!(s.free_text, some("60d"));
        assert_eq!(s.backups, some("30d"));
        assert_eq!(s.attachments, None);
        assert_eq!(s.keeps, some("6mo"));
        // The 1y policy sets no free text: its free text is kept as its tickets, 1y, longer
        // than the other policy's 60d.
        let free = s.effective("free_text");
        assert_eq!(
            (free.days(), free.by),
            (Some(365), By::Setting("closed_tickets"))
        );
    }

    #[test]
    fn an_unset_free_text_follows_its_own_policys_tickets() {
        // contact-* keeps tickets 30d and free text and files 7d; `*` keeps tickets 2y and
        // sets neither: its free text and files are kept 2y, and so are the form's.
        let short = RetentionPolicy {
            free_text: at(Some(dur("7d"))),
            attachments: at(Some(dur("7d"))),
            ..policy("30d", None, None)
        };
        let policies = [short, policy("2y", None, None)];
        let s = Settings::from_policies(&policies, None);
        for setting in ["free_text", "attachments"] {
            let r = s.effective(setting);
            assert_eq!(
                (r.days(), r.by),
                (Some(730), By::Setting("closed_tickets")),
                "{setting}"
            );
        }
        // Under the (default) maxima: the 2y that applies, capped at 90d (not the 7d of the
        // one policy that sets them).
        let t = thresholds();
        let capped = s.under_max(&t);
        assert_eq!(capped.effective("free_text").days(), Some(90));
        assert_eq!(capped.effective("attachments").days(), Some(90));
        // When every policy sets its free text, the longest of those governs.
        let s = Settings::from_policies(&[policy("2y", Some("60d"), None)], None);
        assert_eq!(s.effective("free_text").days(), Some(60));
    }

    #[test]
    fn under_the_maxima() {
        let t = thresholds();
        let s = Settings {
            closed_tickets: some("5y"),
            free_text: None,
            attachments: some("30d"),
            backups: Some(Duration::Forever),
            keeps: some("10y"),
            ..Settings::default()
        };
        let f = s.under_max(&t);
        assert_eq!(f.closed_tickets, some("1y"));
        assert_eq!(f.free_text, some("90d")); // was the ticket's 5y
        assert_eq!(f.attachments, some("30d")); // already within
        assert_eq!(f.backups, some("1y"));
        assert_eq!(f.keeps, some("1y")); // no longer than the ticket
        assert_eq!(f.effective("free_text").days(), Some(365));
        // No policy at all: the fix adds one at the maxima; no backups are invented.
        let f = Settings::default().under_max(&t);
        assert_eq!(f.closed_tickets, some("1y"));
        assert_eq!(f.free_text, some("90d"));
        assert_eq!(f.backups, None);
        assert_eq!(f.effective("free_text").days(), Some(90));
        // Backups are held to closed_tickets plus the grace when that is shorter.
        let t2 = Thresholds {
            max: [some("30d"), some("30d"), some("30d"), some("1y")],
            backup_grace: dur("35d"),
        };
        let f = Settings {
            closed_tickets: some("30d"),
            backups: some("2y"),
            ..Settings::default()
        }
        .under_max(&t2);
        assert_eq!(f.backups.map(|b| b.as_days()), Some(65));
        // A setting with no maximum is left as it is.
        let t3 = Thresholds {
            max: [None, None, None, None],
            backup_grace: dur("35d"),
        };
        let f = Settings::default().under_max(&t3);
        assert!(f.effective("closed_tickets").is_unbounded());
    }

    #[test]
    fn exposed_windows() {
        let w = Window::parse("2021-08-01..2023-02-10").unwrap();
        let r = |s: &str| Retention {
            duration: dur(s),
            by: By::Setting("closed_tickets"),
        };
        let e = Exposure::of(w, &r("5y"));
        assert_eq!(e.from.map(|d| d.to_string()).as_deref(), Some("2016-08-02"));
        assert_eq!(e.days(), Some(1825 + 559));
        let e = Exposure::of(w, &r("90d"));
        assert_eq!(e.from.map(|d| d.to_string()).as_deref(), Some("2021-05-03"));
        assert_eq!(e.days(), Some(90 + 559));
        // Kept for no time at all: only what was submitted during the breach.
        assert_eq!(Exposure::of(w, &r("0d")).days(), Some(559));
        let forever = Exposure::of(w, &r("forever"));
        assert_eq!((forever.from, forever.days()), (None, None));
        // Across a leap day: 2024-02-29 is counted.
        let leap = Window::parse("2024-03-01..2024-03-01").unwrap();
        let e = Exposure::of(leap, &r("2d"));
        assert_eq!(e.from.map(|d| d.to_string()).as_deref(), Some("2024-02-28"));
        assert_eq!(e.days(), Some(3));
        let e = Exposure::of(leap, &r("1y"));
        assert_eq!(e.from.map(|d| d.to_string()).as_deref(), Some("2023-03-02"));
        // So long that it runs past year 1: since the first day there is, still bounded.
        let huge = Retention {
            duration: Duration::days(800_000),
            by: By::Keeps,
        };
        let e = Exposure::of(w, &huge);
        assert_eq!(e.from, Some(Date::MIN));
        assert_eq!(e.days(), Some(w.to.days_since(Date::MIN) + 1));
    }

    #[test]
    fn a_breach_in_year_1_exposes_bounded_retention_from_year_1() {
        // 6 years before 0001-01-01 is no date: it was taken for "since the form existed"
        // (unbounded), and the saving for "none: unbounded either way".
        let w = Window::parse("0001-01-01..0001-01-02").unwrap();
        let r = |s: &str| Retention {
            duration: dur(s),
            by: By::Setting("closed_tickets"),
        };
        let six = Exposure::of(w, &r("6y"));
        assert_eq!(six.from, Some(Date::MIN));
        assert_eq!(six.days(), Some(2));
        let s = saving(&six, &Exposure::of(w, &r("1y")));
        assert_eq!((s.days, s.fraction), (Some(0), Some(0.0)));
        assert_eq!(Exposure::of(w, &r("forever")).from, None);
    }

    #[test]
    fn savings() {
        let w = Window::parse("2021-08-01..2023-02-10").unwrap();
        let r = |s: &str| Retention {
            duration: dur(s),
            by: By::Setting("closed_tickets"),
        };
        let s = saving(&Exposure::of(w, &r("5y")), &Exposure::of(w, &r("1y")));
        assert_eq!(s.days, Some(1460));
        let f = s.fraction.unwrap();
        assert!((f - 1460.0 / 2384.0).abs() < 1e-12, "{f}");
        let none = saving(&Exposure::of(w, &r("1y")), &Exposure::of(w, &r("1y")));
        assert_eq!((none.days, none.fraction), (Some(0), Some(0.0)));
        let unbounded = saving(&Exposure::of(w, &r("forever")), &Exposure::of(w, &r("1y")));
        assert_eq!((unbounded.days, unbounded.fraction), (None, None));
    }
}
