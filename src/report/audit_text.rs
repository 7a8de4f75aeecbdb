//! The audit's words and tables, shared by the Markdown and HTML renderers so both say the
//! same thing. Cells are runs of plain text and code (ids), which each renderer escapes and
//! marks up its own way.

use crate::audit::{
    Audit, By, Exposure, FieldCopy, FormCopy, FormExposure, Holder, HolderExposure, HolderKind,
    Judged, NotJudgedReason, Retention, SuppressedBy, Suppression, UnusedGlobs,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
}

pub type Cell = Vec<Inline>;

pub fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

pub fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}

pub struct Table {
    pub head: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// `helpdesk` (or `helpdesk`: Name).
pub fn holder_title(h: &Holder) -> Cell {
    let mut c = vec![code(&h.id)];
    if let Some(n) = &h.name {
        c.push(text(format!(": {n}")));
    }
    c
}

pub fn form_title(f: &FormCopy) -> Cell {
    let mut c = vec![code(&f.form)];
    if let Some(t) = &f.title {
        c.push(text(format!(": {t}")));
    }
    c
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `2y (730 days)`, `90 days`, `forever`, `unbounded (no retention set)`, `until the user
/// is deleted`.
pub fn retention(r: &Retention) -> String {
    match r.by {
        By::Unset => return "unbounded (no retention set)".to_string(),
        By::UserProfile => return "until the user is deleted".to_string(),
        By::Setting(_) | By::Keeps => {}
    }
    match r.days() {
        None => "forever".to_string(),
        Some(days) => {
            let written = r.duration.to_string();
            if written == format!("{days}d") {
                plural(days, "day")
            } else {
                format!("{written} ({})", plural(days, "day"))
            }
        }
    }
}

/// What set the retention: policy `free_text`, processor `keeps`, nothing.
pub fn by(r: &Retention) -> Cell {
    match r.by {
        By::Setting(s) => vec![text("policy "), code(s)],
        By::Keeps => vec![text("processor "), code("keeps")],
        By::Unset => vec![text("nothing")],
        By::UserProfile => vec![text("the requester's user profile")],
    }
}

pub fn window_text(e: &Exposure) -> String {
    match e.from {
        Some(f) => format!("{f} to {}", e.to),
        None => format!("all submissions since the form existed, to {}", e.to),
    }
}

pub fn days_text(e: &Exposure) -> String {
    e.days()
        .map_or_else(|| "unbounded".to_string(), |d| d.to_string())
}

pub fn saving_text(f: &FormExposure) -> String {
    match (f.saving.days, f.saving.fraction, f.under_max.from) {
        (Some(d), Some(frac), _) => format!("{} ({:.1}%)", plural_i(d, "day"), frac * 100.0),
        (Some(d), None, _) => plural_i(d, "day"),
        (None, _, Some(from)) => format!("every submission before {from}"),
        (None, _, None) => "none: unbounded either way".to_string(),
    }
}

fn plural_i(n: i64, word: &str) -> String {
    plural(n.unsigned_abs(), word)
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The paragraph that says how to read the numbers.
pub fn method(a: &Audit) -> Vec<Inline> {
    let maxima: Vec<String> = a
        .maxima
        .iter()
        .map(|(s, d)| match d {
            Some(d) => format!("{s} {d}"),
            None => format!("{s} unlimited"),
        })
        .collect();
    let mut v = vec![
        text("A copy of a field is kept for the longest of the policy setting that governs it ("),
        code("free_text"),
        text(" for free text, "),
        code("attachments"),
        text(" for files, else "),
        code("closed_tickets"),
        text(", which also stands in for an unset one), the policy's "),
        code("backups"),
        text(" and the processor's "),
        code("keeps"),
        text(". A month counts 30 days and a year 365. Unbounded means "),
        code("forever"),
        text(" or no retention set. \"Under max_retention\" is the same with every setting brought within the configured maxima ("),
        text(maxima.join(", ")),
        text(format!(
            "; backups at most closed_tickets + {}; keeps at most closed_tickets).",
            a.backup_grace
        )),
    ];
    let held = a
        .holders
        .iter()
        .flat_map(|h| &h.forms)
        .flat_map(|f| &f.fields)
        .any(|f| f.held);
    if held {
        v.push(text(" Rows of type "));
        v.push(code("requester"));
        v.push(text(" are no field of the form: every Zendesk ticket has a requester, a user of the account (as a rule known by an email address, with a name, often taken from it), and deleting the ticket leaves the user, so they are kept at the help desk until the user is deleted (by hand, or by an end-user deletion schedule, which deletes end users inactive for its period and which datamin does not read; deleted users go for good 30 days later). A form's retention, its exposed submissions and their categories are its ticket's."));
    }
    v
}

pub fn incomplete(a: &Audit) -> Option<String> {
    (a.input_errors > 0).then(|| {
        format!(
            "Incomplete: {} (printed on stderr): a file that could not be read is missing from this audit, and the rest of a file read with errors is used as written (a retention file's other policies too).",
            plural(a.input_errors as u64, "input error")
        )
    })
}

/// Under the summary: the holders whose forms' records hold data no field asks for (a
/// requester), which the "longest retention" column, the tickets', leaves out.
pub fn summary_held(a: &Audit) -> Option<Vec<Inline>> {
    let mut v = Vec::new();
    for h in &a.holders {
        let mut names: Vec<&str> = Vec::new();
        for c in h
            .forms
            .iter()
            .flat_map(|f| &f.fields)
            .filter(|f| f.held)
            .flat_map(|f| &f.categories)
        {
            if !names.contains(&c.name.as_str()) {
                names.push(&c.name);
            }
        }
        if names.is_empty() {
            continue;
        }
        v.push(text(if v.is_empty() { "At " } else { " At " }));
        v.push(code(&h.id));
        v.push(text(format!(
            ", every ticket's requester ({}) is kept until the user is deleted, longer than the retention above.",
            names.join(", ")
        )));
    }
    (!v.is_empty()).then_some(v)
}

pub fn summary_table(a: &Audit) -> Table {
    Table {
        head: vec![
            "holder",
            "third party",
            "keeps",
            "forms",
            "longest retention",
            "under max_retention",
        ],
        rows: a
            .holders
            .iter()
            .map(|h| {
                let (r, m) = h.longest().map_or_else(
                    || ("no form sends data".to_string(), String::new()),
                    |(r, m)| (retention(&r), retention(&m)),
                );
                let keeps = match (h.kind, h.keeps) {
                    (HolderKind::InHouse, _) => "n/a".to_string(),
                    (_, Some(k)) => k.to_string(),
                    (_, None) => "not declared".to_string(),
                };
                vec![
                    holder_title(h),
                    vec![text(yes_no(h.third_party))],
                    vec![text(keeps)],
                    vec![text(h.forms.len().to_string())],
                    vec![text(r)],
                    vec![text(m)],
                ]
            })
            .collect(),
    }
}

/// The heading of the section on policy globs that match no form.
pub const UNUSED_GLOBS_TITLE: &str = "Policy globs that match no form";

/// Under [`UNUSED_GLOBS_TITLE`], what the section says: the paragraph before the table, or
/// the one that stands for it when there is no table.
pub fn unused_globs_intro(a: &Audit) -> Vec<Inline> {
    let g = &a.unused_globs;
    let mut v = match &g.judged {
        Judged::NoPolicy { implied: false } => vec![text("No retention policy was read.")],
        Judged::NoPolicy { implied: true } => vec![text(
            "No retention policy was read but those made from a help desk's deletion schedules, whose globs no one wrote.",
        )],
        Judged::No(NotJudgedReason::InputErrors) => vec![
            text("No policy's globs were judged: the audit has input errors (printed on stderr), and a file at fault may hold the forms a glob is meant for. "),
            code("datamin check --report-unused"),
            text(" judges none either until they are fixed."),
        ],
        Judged::No(_) => vec![text("No form was found, so no policy's globs were judged.")],
        Judged::Yes { list, .. } if !list.is_empty() => vec![
            text("A retention policy governs the forms whose ids its "),
            code("forms"),
            text(if list.iter().flat_map(|u| &u.globs).any(|g| !g.not_sent.is_empty()) {
                " globs match, and a policy for a processor only those of them sent to it. The globs below match none (a typo, or forms renamed or gone), or only forms not sent to the policy's processor; a policy that covers no form governs nothing, whatever it says. "
            } else {
                " globs match. The globs below match none (a typo, or forms renamed or gone); a policy that covers no form governs nothing, whatever it says. "
            }),
            code("datamin check --report-unused"),
            text(if list.iter().flat_map(|u| &u.globs).any(|g| g.suppressed.is_some()) {
                " reports each as DM109, but those kept on purpose (suppressed, as noted beside them)."
            } else {
                " reports each as DM109."
            }),
        ],
        Judged::Yes { policies: 0, .. } => Vec::new(),
        Judged::Yes { .. } if g.not_judged.is_empty() => vec![
            text("Each "),
            code("forms"),
            text(" glob of each retention policy matches at least one form."),
        ],
        Judged::Yes { .. } => vec![
            text("Each "),
            code("forms"),
            text(" glob of each retention policy judged matches at least one form."),
        ],
    };
    // The files left out of a judgement made (those of one that was not are all left out).
    let context: Vec<&str> = g
        .not_judged
        .iter()
        .filter(|n| n.reason == NotJudgedReason::Context)
        .map(|n| n.file.as_str())
        .collect();
    if !context.is_empty() && matches!(g.judged, Judged::Yes { .. }) {
        if !v.is_empty() {
            v.push(text(" "));
        }
        v.push(text("Not judged: the policies of "));
        for (i, f) in context.iter().enumerate() {
            if i > 0 {
                v.push(text(if i + 1 == context.len() {
                    " and "
                } else {
                    ", "
                }));
            }
            v.push(code(*f));
        }
        v.push(text(if context.len() == 1 {
            ", a file read as context only ("
        } else {
            ", files read as context only ("
        }));
        v.push(code("context:"));
        v.push(text(" in "));
        v.push(code("datamin.yaml"));
        v.push(text("), which "));
        v.push(code("check"));
        v.push(text(" does not report on."));
    }
    v
}

/// The policies to list under [`UNUSED_GLOBS_TITLE`], if any.
pub fn unused_globs_list(a: &Audit) -> Option<&[UnusedGlobs]> {
    match &a.unused_globs.judged {
        Judged::Yes { list, .. } if !list.is_empty() => Some(list),
        _ => None,
    }
}

pub fn unused_globs_table(list: &[UnusedGlobs]) -> Table {
    Table {
        head: vec![
            "policy",
            "declared at",
            "globs that match no form",
            "forms it covers",
        ],
        rows: list
            .iter()
            .map(|u| {
                let mut globs = Vec::new();
                for (i, g) in u.globs.iter().enumerate() {
                    if i > 0 {
                        globs.push(text("; "));
                    }
                    globs.push(code(&g.glob));
                    if let Some(l) = &g.location {
                        globs.push(text(" at "));
                        globs.push(code(l));
                    }
                    if let (Some(x), false) = (&u.processor, g.not_sent.is_empty()) {
                        globs.push(text(" (matches "));
                        for (i, id) in g.not_sent.iter().enumerate() {
                            if i > 0 {
                                globs.push(text(", "));
                            }
                            globs.push(code(id));
                        }
                        globs.push(text(", not sent to "));
                        globs.push(code(x));
                        globs.push(text(")"));
                    }
                    if let Some(s) = &g.suppressed {
                        globs.extend(suppression(s));
                    }
                }
                let covered = match (u.forms_covered, &u.processor) {
                    (0, _) => vec![text("none: it governs nothing")],
                    (n, Some(x)) => vec![
                        text(format!("{n} sent to ")),
                        code(x),
                        text(", through its other globs"),
                    ],
                    (n, None) => vec![text(format!("{n}, through its other globs"))],
                };
                vec![
                    vec![code(&u.policy.describe)],
                    u.policy
                        .location
                        .as_ref()
                        .map_or_else(Vec::new, |l| vec![code(l)]),
                    globs,
                    covered,
                ]
            })
            .collect(),
    }
}

/// ` (kept on purpose: ...)`, after a glob whose DM109 is suppressed.
fn suppression(s: &Suppression) -> Vec<Inline> {
    let mut v = vec![text(" (kept on purpose: ")];
    match s.by {
        SuppressedBy::Comment => v.extend([code("datamin: allow DM109"), text(" comment")]),
        SuppressedBy::Ignore => v.extend([code("ignore:"), text(" entry of the config")]),
        SuppressedBy::Off => v.push(text("DM109 turned off in the config")),
    }
    v.push(text(match (&s.reason, s.by) {
        (Some(r), _) => format!(", \u{201c}{r}\u{201d})"),
        (None, SuppressedBy::Off) => ")".to_string(),
        (None, _) => ", no reason given)".to_string(),
    }));
    v
}

/// About a holder, under its heading.
pub fn holder_intro(h: &Holder) -> Vec<Inline> {
    let mut v = Vec::new();
    match h.kind {
        HolderKind::InHouse => v.extend([
            text("The in-house copy: forms covered by a retention policy without "),
            code("processor:"),
            text(", and forms sent to no processor."),
        ]),
        HolderKind::Processor => {
            v.push(text(if h.third_party {
                "Third party"
            } else {
                "Not a third party"
            }));
            match h.keeps {
                Some(k) => v.push(text(format!(", keeps ticket data {k} after close"))),
                None => v.push(text(", keeps: not declared (taken to follow the policy)")),
            }
            if let Some(l) = &h.location {
                v.push(text(". Declared at "));
                v.push(code(l));
            }
            v.push(text("."));
        }
    }
    v
}

pub fn form_intro(f: &FormCopy) -> Vec<Inline> {
    let mut v = Vec::new();
    if let Some(l) = &f.location {
        v.push(text("Form at "));
        v.push(code(l));
        v.push(text(". "));
    }
    if f.policies.is_empty() {
        v.push(text("No retention policy covers this copy."));
    } else {
        v.push(text(if f.policies.len() == 1 {
            "Policy: "
        } else {
            "Policies: "
        }));
        for (i, p) in f.policies.iter().enumerate() {
            if i > 0 {
                v.push(text("; "));
            }
            v.push(code(&p.describe));
            if let Some(l) = &p.location {
                v.push(text(" ("));
                v.push(code(l));
                v.push(text(")"));
            }
        }
        v.push(text("."));
    }
    v
}

fn categories_cell(f: &FieldCopy) -> Cell {
    let names: Vec<&str> = f.categories.iter().map(|c| c.name.as_str()).collect();
    vec![text(if names.is_empty() {
        "none found".to_string()
    } else {
        names.join(", ")
    })]
}

pub fn fields_table(f: &FormCopy) -> Table {
    Table {
        head: vec![
            "field",
            "type",
            "free text",
            "categories",
            "kept for",
            "set by",
            "under max_retention",
        ],
        rows: f
            .fields
            .iter()
            .map(|x| {
                vec![
                    vec![code(&x.id)],
                    vec![text(x.kind)],
                    vec![text(yes_no(x.free_text))],
                    categories_cell(x),
                    vec![text(retention(&x.retention))],
                    by(&x.retention),
                    vec![text(retention(&x.under_max))],
                ]
            })
            .collect(),
    }
}

pub fn categories_table(h: &Holder) -> Table {
    Table {
        head: vec!["category", "held for", "under max_retention", "fields"],
        rows: h
            .categories
            .iter()
            .map(|t| {
                let mut fields = Vec::new();
                for (i, (form, field)) in t.fields.iter().enumerate() {
                    if i > 0 {
                        fields.push(text(", "));
                    }
                    fields.push(code(format!("{form}/{field}")));
                }
                vec![
                    vec![text(&t.category.name)],
                    vec![text(retention(&t.retention))],
                    vec![text(retention(&t.under_max))],
                    fields,
                ]
            })
            .collect(),
    }
}

pub fn breach_intro(a: &Audit) -> Option<Vec<Inline>> {
    let b = a.breach.as_ref()?;
    Some(vec![text(format!(
        "A breach from {} to {} ({}) exposes, at each holder, every submission made from the breach's start minus the holder's retention up to its end: a submission is still held that many days after it is made.",
        b.window.from,
        b.window.to,
        plural(b.window.days().unsigned_abs(), "day")
    ))])
}

pub fn breach_forms_table(e: &HolderExposure) -> Table {
    Table {
        head: vec![
            "form",
            "exposed submissions",
            "days",
            "under max_retention",
            "days",
            "saving",
        ],
        rows: e
            .forms
            .iter()
            .map(|f| {
                vec![
                    vec![code(&f.form)],
                    vec![text(window_text(&f.actual))],
                    vec![text(days_text(&f.actual))],
                    vec![text(window_text(&f.under_max))],
                    vec![text(days_text(&f.under_max))],
                    vec![text(saving_text(f))],
                ]
            })
            .collect(),
    }
}

fn since(e: &Exposure) -> String {
    e.from
        .map_or_else(|| "since the form existed".to_string(), |d| d.to_string())
}

pub fn breach_categories_table(e: &HolderExposure) -> Table {
    Table {
        head: vec![
            "category",
            "exposed from",
            "under max_retention from",
            "forms",
        ],
        rows: e
            .categories
            .iter()
            .map(|c| {
                let mut forms = Vec::new();
                for (i, f) in c.forms.iter().enumerate() {
                    if i > 0 {
                        forms.push(text(", "));
                    }
                    forms.push(code(f));
                }
                vec![
                    vec![text(&c.category.name)],
                    vec![text(since(&c.actual))],
                    vec![text(since(&c.under_max))],
                    forms,
                ]
            })
            .collect(),
    }
}
