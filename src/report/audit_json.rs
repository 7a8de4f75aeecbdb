//! The audit as JSON: a documented, versioned object (see README, "Audit").

use serde::Serialize;
use std::io::Write as _;

use super::Report;
use crate::audit::{
    Audit, CategoryTotal, Exposure, FieldCopy, FormCopy, Holder, Judged, Retention, UnusedGlobs,
};

/// Bumped when a field changes meaning or goes away; new fields may appear in any version.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    kind: &'static str,
    tool: &'static str,
    tool_version: &'static str,
    days_per_month: u32,
    days_per_year: u32,
    max_retention: Maxima,
    holders: Vec<HolderOut<'a>>,
    /// `null` when no glob was judged (no form read, input errors).
    unused_policy_globs: Option<Vec<UnusedGlobsOut<'a>>>,
    /// The files whose policies' globs were not judged, and why.
    policy_globs_not_judged: Vec<NotJudgedOut<'a>>,
    breach: Option<BreachOut<'a>>,
    errors: Vec<super::json::ErrorOut<'a>>,
}

#[derive(Serialize)]
struct Maxima {
    closed_tickets: Option<String>,
    free_text: Option<String>,
    attachments: Option<String>,
    backups: Option<String>,
    backup_grace: String,
}

#[derive(Serialize)]
struct RetentionOut {
    /// As written (`5y`), or `forever` when unbounded.
    duration: String,
    days: Option<u64>,
    unbounded: bool,
    /// `closed_tickets`, `free_text`, `attachments`, `backups`, `keeps`, `unset` or
    /// `user_profile`.
    by: &'static str,
}

fn retention(r: &Retention) -> RetentionOut {
    RetentionOut {
        duration: r.duration.to_string(),
        days: r.days(),
        unbounded: r.is_unbounded(),
        by: r.by.name(),
    }
}

#[derive(Serialize)]
struct HolderOut<'a> {
    id: &'a str,
    kind: &'static str,
    name: Option<&'a str>,
    third_party: bool,
    keeps: Option<String>,
    location: Option<&'a str>,
    forms: Vec<FormOut<'a>>,
    categories: Vec<CategoryOut<'a>>,
}

#[derive(Serialize)]
struct FormOut<'a> {
    form: &'a str,
    title: Option<&'a str>,
    location: Option<&'a str>,
    policies: Vec<PolicyOut<'a>>,
    retention: RetentionOut,
    under_max: RetentionOut,
    fields: Vec<FieldOut<'a>>,
}

#[derive(Serialize)]
struct PolicyOut<'a> {
    describe: &'a str,
    location: Option<&'a str>,
}

#[derive(Serialize)]
struct UnusedGlobsOut<'a> {
    describe: &'a str,
    location: Option<&'a str>,
    forms_covered: usize,
    globs: Vec<GlobOut<'a>>,
}

#[derive(Serialize)]
struct NotJudgedOut<'a> {
    file: &'a str,
    /// `context`, `no_form` or `input_errors`.
    reason: &'static str,
}

#[derive(Serialize)]
struct GlobOut<'a> {
    glob: &'a str,
    location: Option<&'a str>,
    /// The forms it matches, of a processor's policy, none sent to the processor.
    not_sent: &'a [String],
    /// `null` unless `check` is told not to report it.
    suppressed: Option<SuppressedOut<'a>>,
}

#[derive(Serialize)]
struct SuppressedOut<'a> {
    /// `comment`, `ignore` or `rule_off`.
    by: &'static str,
    reason: Option<&'a str>,
}

fn unused_globs(u: &UnusedGlobs) -> UnusedGlobsOut<'_> {
    UnusedGlobsOut {
        describe: &u.policy.describe,
        location: u.policy.location.as_deref(),
        forms_covered: u.forms_covered,
        globs: u
            .globs
            .iter()
            .map(|g| GlobOut {
                glob: &g.glob,
                location: g.location.as_deref(),
                not_sent: &g.not_sent,
                suppressed: g.suppressed.as_ref().map(|s| SuppressedOut {
                    by: s.by.name(),
                    reason: s.reason.as_deref(),
                }),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct FieldOut<'a> {
    id: &'a str,
    label: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'static str,
    free_text: bool,
    /// Present, and true, for what every record holds with no field asking for it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    held: bool,
    categories: Vec<&'a str>,
    retention: RetentionOut,
    under_max: RetentionOut,
}

#[derive(Serialize)]
struct FieldRef<'a> {
    form: &'a str,
    field: &'a str,
}

#[derive(Serialize)]
struct CategoryOut<'a> {
    id: &'a str,
    name: &'a str,
    retention: RetentionOut,
    under_max: RetentionOut,
    fields: Vec<FieldRef<'a>>,
}

#[derive(Serialize)]
struct BreachOut<'a> {
    from: String,
    to: String,
    days: i64,
    holders: Vec<HolderExposureOut<'a>>,
}

#[derive(Serialize)]
struct HolderExposureOut<'a> {
    holder: &'a str,
    forms: Vec<FormExposureOut<'a>>,
    categories: Vec<CategoryExposureOut<'a>>,
}

#[derive(Serialize)]
struct ExposureOut {
    /// `null`: every submission since the form existed.
    from: Option<String>,
    to: String,
    days: Option<i64>,
    since_form_existed: bool,
}

fn exposure(e: &Exposure) -> ExposureOut {
    ExposureOut {
        from: e.from.map(|d| d.to_string()),
        to: e.to.to_string(),
        days: e.days(),
        since_form_existed: e.from.is_none(),
    }
}

#[derive(Serialize)]
struct FormExposureOut<'a> {
    form: &'a str,
    exposed: ExposureOut,
    under_max: ExposureOut,
    saving_days: Option<i64>,
    saving_fraction: Option<f64>,
    categories: Vec<&'a str>,
}

#[derive(Serialize)]
struct CategoryExposureOut<'a> {
    id: &'a str,
    name: &'a str,
    exposed: ExposureOut,
    under_max: ExposureOut,
    forms: Vec<&'a str>,
}

fn field(f: &FieldCopy) -> FieldOut<'_> {
    FieldOut {
        id: &f.id,
        label: f.label.as_deref(),
        kind: f.kind,
        free_text: f.free_text,
        held: f.held,
        categories: f.categories.iter().map(|c| c.id.as_str()).collect(),
        retention: retention(&f.retention),
        under_max: retention(&f.under_max),
    }
}

fn form(f: &FormCopy) -> FormOut<'_> {
    FormOut {
        form: &f.form,
        title: f.title.as_deref(),
        location: f.location.as_deref(),
        policies: f
            .policies
            .iter()
            .map(|p| PolicyOut {
                describe: &p.describe,
                location: p.location.as_deref(),
            })
            .collect(),
        retention: retention(&f.retention),
        under_max: retention(&f.under_max),
        fields: f.fields.iter().map(field).collect(),
    }
}

fn category(t: &CategoryTotal) -> CategoryOut<'_> {
    CategoryOut {
        id: &t.category.id,
        name: &t.category.name,
        retention: retention(&t.retention),
        under_max: retention(&t.under_max),
        fields: t
            .fields
            .iter()
            .map(|(form, field)| FieldRef { form, field })
            .collect(),
    }
}

fn holder(h: &Holder) -> HolderOut<'_> {
    HolderOut {
        id: &h.id,
        kind: h.kind.name(),
        name: h.name.as_deref(),
        third_party: h.third_party,
        keeps: h.keeps.map(|k| k.to_string()),
        location: h.location.as_deref(),
        forms: h.forms.iter().map(form).collect(),
        categories: h.categories.iter().map(category).collect(),
    }
}

/// Four decimals: enough for a percentage to one decimal, and stable across platforms.
fn round4(f: f64) -> f64 {
    (f * 10_000.0).round() / 10_000.0
}

pub fn render(a: &Audit, report: &Report) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(a, report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes [`render`]'s document to `out` as it is serialized.
pub fn write(a: &Audit, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let max = |i: usize| a.maxima[i].1.map(|d| d.to_string());
    let doc = Out {
        version: VERSION,
        kind: "audit",
        tool: "datamin",
        tool_version: env!("CARGO_PKG_VERSION"),
        days_per_month: 30,
        days_per_year: 365,
        max_retention: Maxima {
            closed_tickets: max(0),
            free_text: max(1),
            attachments: max(2),
            backups: max(3),
            backup_grace: a.backup_grace.to_string(),
        },
        holders: a.holders.iter().map(holder).collect(),
        unused_policy_globs: match &a.unused_globs.judged {
            Judged::Yes { list, .. } => Some(list.iter().map(unused_globs).collect()),
            Judged::NoPolicy { .. } => Some(Vec::new()),
            Judged::No(_) => None,
        },
        policy_globs_not_judged: a
            .unused_globs
            .not_judged
            .iter()
            .map(|n| NotJudgedOut {
                file: &n.file,
                reason: n.reason.name(),
            })
            .collect(),
        breach: a.breach.as_ref().map(|b| BreachOut {
            from: b.window.from.to_string(),
            to: b.window.to.to_string(),
            days: b.window.days(),
            holders: b
                .holders
                .iter()
                .map(|e| HolderExposureOut {
                    holder: &e.holder,
                    forms: e
                        .forms
                        .iter()
                        .map(|f| FormExposureOut {
                            form: &f.form,
                            exposed: exposure(&f.actual),
                            under_max: exposure(&f.under_max),
                            saving_days: f.saving.days,
                            saving_fraction: f.saving.fraction.map(round4),
                            categories: f.categories.iter().map(|c| c.id.as_str()).collect(),
                        })
                        .collect(),
                    categories: e
                        .categories
                        .iter()
                        .map(|c| CategoryExposureOut {
                            id: &c.category.id,
                            name: &c.category.name,
                            exposed: exposure(&c.actual),
                            under_max: exposure(&c.under_max),
                            forms: c.forms.iter().map(String::as_str).collect(),
                        })
                        .collect(),
                })
                .collect(),
        }),
        errors: super::json::errors(report),
    };
    let mut w = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut w, &doc)?;
    w.write_all(b"\n")?;
    w.flush()
}
