//! The vendor audit: who holds which data, for how long, and what a breach would expose.
//!
//! The audit walks the loaded [`Model`] and builds an [`Audit`], plain data that the
//! `report::audit_*` renderers turn into Markdown, JSON or HTML. It shares the pipeline's
//! loading stages with `check` and asks the rule engine what each field collects
//! ([`crate::rules::engine::field_categories`]), so both commands see the same model.
//!
//! # Holders
//! Every declared processor is a holder of the submissions of the forms that list it. Its
//! copy is governed by the policies that name it and cover the form; when none does, by the
//! form's general policies (those without `processor:`), as for the rules. The processor's
//! `keeps` applies on top.
//!
//! The in-house copy is one more holder, `in-house`: it holds the forms that a general
//! policy covers (the policy describes that copy) and the forms that send to no processor (the
//! data has nowhere else to be), under their general policies. A form that sends only to
//! processors and has no general policy is taken to live only at those processors. A
//! declared processor called `in-house` hides this holder.
//!
//! # Policy globs that match no form
//! A policy whose globs match no form governs nothing and so appears under no holder: the
//! audit lists such globs as DM109 finds them ([`Model::unmatched_policy_globs`]), and says
//! what it did not judge and why: the policies of `context:` files, and every glob when no
//! form was read or the project has input errors (as `check --report-unused` judges none
//! then). A glob whose DM109 `check` suppresses is listed too, as kept on purpose, with how
//! and why. Policies made from a help desk's deletion schedules are left out: no one wrote
//! their glob, and a schedule deletes every ticket at the help desk whether or not its forms
//! were read.
//!
//! See [`retention`] for the arithmetic and [`date`] for the calendar.

pub mod date;
pub mod retention;

use crate::config::Config;
use crate::config::Level;
use crate::diag::{suggestion, Error};
use crate::model::{Duration, Form, Model, RetentionPolicy};
use crate::report::Report;
use crate::rules::engine::{field_categories, Thresholds};
use crate::rules::vocabulary::Vocabulary;
use crate::rules::{RuleSet, Severity};
use crate::source::{FileId, Span, Spanned};
use crate::CheckOptions;
pub use date::{Date, Window};
pub use retention::{By, Exposure, Retention, Saving, Settings};

/// DM109 `unused-policy-glob`, whose findings the audit lists.
const UNUSED_POLICY_GLOB: &str = "DM109";

/// The id of the in-house holder.
pub const IN_HOUSE: &str = "in-house";

/// The pseudo-category of free-text fields: whatever people type.
pub const FREE_TEXT: (&str, &str) = ("free_text", "free text (whatever people type)");

#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    /// What to read, as for `check`.
    pub inputs: CheckOptions,
    pub breach_window: Option<Window>,
    /// Only this holder in the breach what-if (default: every holder of some form).
    pub breach_processor: Option<String>,
}

/// A data category: a vocabulary category id and name, or [`FREE_TEXT`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolderKind {
    Processor,
    InHouse,
}

impl HolderKind {
    pub fn name(self) -> &'static str {
        match self {
            HolderKind::Processor => "processor",
            HolderKind::InHouse => "in_house",
        }
    }
}

/// Everything the renderers show.
#[derive(Debug, Clone)]
pub struct Audit {
    pub holders: Vec<Holder>,
    /// The retention policies with `forms` globs that match no form, or why none was judged.
    pub unused_globs: PolicyGlobs,
    pub breach: Option<Breach>,
    /// The configured maxima, in [`crate::model::RETENTION_SETTINGS`] order, and the grace.
    pub maxima: [(&'static str, Option<Duration>); 4],
    pub backup_grace: Duration,
    /// Files read and recognised.
    pub files: usize,
    /// Input errors: the audit may be missing what those files held.
    pub input_errors: usize,
}

/// A processor, or the in-house copy.
#[derive(Debug, Clone)]
pub struct Holder {
    pub id: String,
    pub kind: HolderKind,
    pub name: Option<String>,
    pub third_party: bool,
    pub keeps: Option<Duration>,
    /// Where it is declared (`file:line`).
    pub location: Option<String>,
    pub forms: Vec<FormCopy>,
    /// Per data category, the longest any value of it is held; vocabulary order, free text
    /// last.
    pub categories: Vec<CategoryTotal>,
}

impl Holder {
    /// The longest retention of any form's copy here.
    pub fn longest(&self) -> Option<(Retention, Retention)> {
        self.forms
            .iter()
            .map(|f| (f.retention, f.under_max))
            .reduce(|a, b| (a.0.max(b.0), a.1.max(b.1)))
    }
}

/// One form's submissions as one holder keeps them.
#[derive(Debug, Clone)]
pub struct FormCopy {
    pub form: String,
    pub title: Option<String>,
    /// Where the form is declared (`file:line`).
    pub location: Option<String>,
    /// The policies that govern this copy.
    pub policies: Vec<PolicyRef>,
    pub fields: Vec<FieldCopy>,
    /// The longest of the fields' (the ticket's, for a form without fields); not the held
    /// data's, which the ticket's deletion leaves.
    pub retention: Retention,
    pub under_max: Retention,
}

impl FormCopy {
    /// Every category the form's fields collect, without repeats, in field order: what its
    /// tickets hold as long as they are kept (not what is held besides, kept longer).
    pub fn categories(&self) -> Vec<&Category> {
        let mut out: Vec<&Category> = Vec::new();
        for c in self
            .fields
            .iter()
            .filter(|f| !f.held)
            .flat_map(|f| &f.categories)
        {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct PolicyRef {
    /// `billing-*` or `billing-* at helpdesk`.
    pub describe: String,
    pub location: Option<String>,
}

/// What the audit found of the `forms` globs that match no form.
#[derive(Debug, Clone)]
pub struct PolicyGlobs {
    pub judged: Judged,
    /// The files whose policies were not judged, in file order: `context:` files always,
    /// every file with policies when no glob was judged.
    pub not_judged: Vec<NotJudged>,
}

/// Whether the globs were judged, and what was found.
#[derive(Debug, Clone)]
pub enum Judged {
    /// The policies with globs that match no form, in file order, of the files judged.
    Yes {
        list: Vec<UnusedGlobs>,
        /// How many policies were judged: 0 when every policy is a `context:` file's.
        policies: usize,
    },
    /// No policy was written: none was read, or only those made from a help desk's
    /// deletion schedules (`implied`), whose globs no one wrote.
    NoPolicy { implied: bool },
    /// No glob was judged, for this reason ([`NotJudgedReason::NoForm`] or
    /// [`NotJudgedReason::InputErrors`]).
    No(NotJudgedReason),
}

/// A file whose policies' globs were not judged.
#[derive(Debug, Clone)]
pub struct NotJudged {
    pub file: String,
    pub reason: NotJudgedReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotJudgedReason {
    /// Read as context only (`context:` in datamin.yaml): `check` does not report on it.
    Context,
    /// No form was read: no form id is unknown, so no glob is judged.
    NoForm,
    /// The audit has input errors: a file that could not be read may hold the forms a glob
    /// is meant for, so no glob is judged (as `check --report-unused` judges none).
    InputErrors,
}

impl NotJudgedReason {
    pub fn name(self) -> &'static str {
        match self {
            NotJudgedReason::Context => "context",
            NotJudgedReason::NoForm => "no_form",
            NotJudgedReason::InputErrors => "input_errors",
        }
    }
}

/// A retention policy with `forms` globs that match the id of no form read (of a processor's
/// policy, of no form sent to the processor): DM109's
/// `unused-policy-glob`, found as `check` finds it ([`Model::unmatched_policy_globs`]).
#[derive(Debug, Clone)]
pub struct UnusedGlobs {
    pub policy: PolicyRef,
    /// The processor it is for (`processor:`), if any.
    pub processor: Option<String>,
    /// How many forms it governs through its other globs: those they match, and of a
    /// processor's policy only those of them that send data to the processor (as under
    /// its holder). 0 when it governs nothing.
    pub forms_covered: usize,
    pub globs: Vec<GlobRef>,
}

#[derive(Debug, Clone)]
pub struct GlobRef {
    pub glob: String,
    /// Where it is written (`file:line:col`): the place to fix.
    pub location: Option<String>,
    /// The forms it matches, of a processor's policy, none of them sent to the processor
    /// (empty: it matches no form).
    pub not_sent: Vec<String>,
    /// Kept on purpose: how `check` is told not to report it as DM109, if it is.
    pub suppressed: Option<Suppression>,
}

/// How a glob's DM109 is suppressed, and why, as `check` finds it.
#[derive(Debug, Clone)]
pub struct Suppression {
    pub by: SuppressedBy,
    /// The reason given (`-- REASON`, or the `ignore:` entry's `reason`).
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressedBy {
    /// `# datamin: allow DM109 -- REASON` in the retention file.
    Comment,
    /// An `ignore:` entry of the config.
    Ignore,
    /// DM109 turned off in the config (`rules:`).
    Off,
}

impl SuppressedBy {
    pub fn name(self) -> &'static str {
        match self {
            SuppressedBy::Comment => "comment",
            SuppressedBy::Ignore => "ignore",
            SuppressedBy::Off => "rule_off",
        }
    }
}

#[derive(Debug, Clone)]
pub struct FieldCopy {
    pub id: String,
    pub label: Option<String>,
    /// The field type's name (`textarea`).
    pub kind: &'static str,
    pub free_text: bool,
    /// No field of the form: what every record holds besides ([`crate::model::Held`]), listed
    /// after the fields, at the help desk (a processor, or the in-house copy of a form sent
    /// to none: then the company's copy is the help desk's).
    pub held: bool,
    /// Data categories, with [`FREE_TEXT`] last for free-text fields.
    pub categories: Vec<Category>,
    pub retention: Retention,
    pub under_max: Retention,
}

#[derive(Debug, Clone)]
pub struct CategoryTotal {
    pub category: Category,
    pub retention: Retention,
    pub under_max: Retention,
    /// (form, field) of each field that collects it.
    pub fields: Vec<(String, String)>,
}

/// The breach what-if.
#[derive(Debug, Clone)]
pub struct Breach {
    pub window: Window,
    pub holders: Vec<HolderExposure>,
}

#[derive(Debug, Clone)]
pub struct HolderExposure {
    pub holder: String,
    pub forms: Vec<FormExposure>,
    pub categories: Vec<CategoryExposure>,
}

#[derive(Debug, Clone)]
pub struct FormExposure {
    pub form: String,
    pub actual: Exposure,
    pub under_max: Exposure,
    pub saving: Saving,
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone)]
pub struct CategoryExposure {
    pub category: Category,
    pub actual: Exposure,
    pub under_max: Exposure,
    pub forms: Vec<String>,
}

/// Loads the inputs as `check` does and builds the audit. The report holds the files read and
/// every error; the audit is `None` only when nothing could be audited (an unreadable config,
/// an unknown `--breach-processor`).
pub fn run(opts: &AuditOptions) -> (Report, Option<Audit>) {
    crate::pipeline::on_pool(opts.inputs.threads, || run_on_pool(opts))
}

fn run_on_pool(opts: &AuditOptions) -> (Report, Option<Audit>) {
    // One project: folders with a config of their own (projects of their own, as `check`
    // finds them) are not walked, and each is an error naming it, unless `--config` makes
    // everything one project.
    let split = opts.inputs.config.is_none();
    // Loaded as `check` loads (its rules and the files' suppression comments too, for the
    // globs kept on purpose), every file held whole: the audit reads every form.
    let mut whole = CheckOptions {
        whole: true,
        ..opts.inputs.clone()
    };
    // The project is the first path's: another path named that another config governs is
    // a project of its own too (`datamin audit wallet-support incident`, each with its
    // config), not read into this one with this one's config.
    let mut apart = Vec::new();
    if split && whole.paths.len() > 1 {
        let project = |p: &std::path::Path| {
            crate::config::Config::discover(p).map(|c| crate::discover::normalize(&c))
        };
        let first = project(&whole.paths[0]);
        whole.paths.retain(|p| {
            // A path that is not there is read, and reported as such.
            let own = project(p);
            if own == first || std::fs::symlink_metadata(p).is_err() {
                return true;
            }
            apart.push((p.clone(), own));
            false
        });
    }
    let mut inputs = match crate::pipeline::load(&whole, true, split) {
        Ok(inputs) => inputs,
        Err(report) => return (*report, None),
    };
    let mut report = inputs.report;
    for (path, config) in apart {
        let shown = crate::source::display_path(&path);
        let why = if config.is_some() {
            "another config governs it"
        } else {
            "no config governs it"
        };
        // Its project is audited from the config's folder (or, with none, the path itself),
        // named from here.
        let home = config.as_deref().and_then(std::path::Path::parent);
        let project = match (home, std::env::current_dir()) {
            (Some(d), Ok(cwd)) => match crate::baseline::relative_to(&cwd, d) {
                r if r.is_empty() => ".".to_string(),
                r => r,
            },
            (Some(d), Err(_)) => crate::source::display_path(d),
            (None, _) => shown.clone(),
        };
        // A folder that holds its config is a project of its own; any other path is in one.
        let own = home.is_some_and(|d| d == crate::discover::normalize(&path));
        report.errors.push(
            Error::file(
                shown.clone(),
                if own {
                    format!("`{shown}` is a project of its own ({why}): it is not in this audit")
                } else {
                    format!("`{shown}` is in another project ({why}): it is not in this audit")
                },
            )
            .with_help(format!(
                "an audit reads one project's processors and policies, the first path's: run `datamin audit {project}` for it, or give `--config` to read everything named as one project"
            )),
        );
    }
    // What `check` would fail on in the rules (an unreadable rule folder, already in the
    // report) and in the suppression comments (a misspelt `allow`) is an input error here
    // too: which globs are kept on purpose cannot be known.
    let mut scanned = std::mem::take(&mut inputs.early.scanned);
    for s in &mut scanned {
        report.errors.extend(s.take_errors());
    }
    let input_errors = !report.errors.is_empty();
    for (root, config) in &inputs.nested {
        let root = crate::source::display_path(root);
        report.errors.push(
            Error::file(
                crate::source::display_path(config),
                format!("`{root}` is a project of its own: it is not in this audit"),
            )
            .with_help(format!(
                "an audit reads one project's processors and policies: run `datamin audit {root}` for it"
            )),
        );
    }
    report.sort();
    // As `check` judges globs: not those of context files, nor of files with errors, and
    // none when the project has input errors (the projects below it are no input of this
    // one: `check` checks them apart).
    let reported = |f| !inputs.skip.contains(&f);
    let kept = if input_errors {
        Vec::new()
    } else {
        suppressed(
            &inputs.model,
            &inputs.config,
            &report,
            &reported,
            (&inputs.rules, scanned),
        )
    };
    let audit = build(
        &inputs.model,
        &inputs.config,
        &report,
        &Globs {
            reported: &reported,
            input_errors,
            suppressed: &kept,
        },
        opts.breach_window,
        opts.breach_processor.as_deref(),
    );
    match audit {
        Ok(a) => (report, Some(a)),
        Err(e) => {
            report.errors.push(e);
            (report, None)
        }
    }
}

/// Which policies' globs [`build`] judges (for globs that match no form), as `check
/// --report-unused` judges them for DM109.
pub struct Globs<'a> {
    /// Only the policies of files it says yes to: not `context:` files, nor files with
    /// input errors.
    pub reported: &'a dyn Fn(FileId) -> bool,
    /// The project has input errors: no glob is judged, as a file that could not be read
    /// may hold the forms a glob is meant for.
    pub input_errors: bool,
    /// The globs whose DM109 `check` would suppress (see [`suppressed`]), by location.
    pub suppressed: &'a [(Span, Suppression)],
}

/// Builds the audit of `model`; `report` gives file names and line numbers for locations.
pub fn build(
    model: &Model,
    config: &Config,
    report: &Report,
    globs: &Globs<'_>,
    window: Option<Window>,
    breach_processor: Option<&str>,
) -> Result<Audit, Error> {
    let vocab = Vocabulary::builtin();
    let where_ = |span| {
        report
            .locate(span)
            .map(|l| format!("{}:{}", l.file, l.line))
    };
    let thresholds = &config.thresholds;
    let mut holders = Vec::new();
    for p in &model.processors {
        let forms = model
            .forms
            .iter()
            .filter(|f| f.processors.iter().any(|r| r.value == p.id.value))
            .map(|form| {
                let named: Vec<&RetentionPolicy> = model
                    .policies_for(&form.id.value)
                    .filter(|pol| {
                        pol.processor
                            .as_ref()
                            .is_some_and(|x| x.value == p.id.value)
                    })
                    .collect();
                let policies = if named.is_empty() {
                    general(model, form)
                } else {
                    named
                };
                let keeps = p.keeps.as_ref().map(|k| k.value);
                let held = form.capabilities.held;
                form_copy(vocab, thresholds, (form, held), &policies, keeps, &where_)
            })
            .collect();
        holders.push(holder(
            p.id.value.clone(),
            HolderKind::Processor,
            p.name.as_ref().map(|n| n.value.clone()),
            p.is_third_party(),
            p.keeps.as_ref().map(|k| k.value),
            where_(p.id.span),
            forms,
        ));
    }
    if model.processor(IN_HOUSE).is_none() {
        let forms: Vec<FormCopy> = model
            .forms
            .iter()
            .filter_map(|form| {
                let policies = general(model, form);
                // What a help desk's records hold besides the fields is at the help desk: here
                // only for a form sent to no processor, whose copy this is.
                let held = if form.processors.is_empty() {
                    form.capabilities.held
                } else {
                    &[]
                };
                (!policies.is_empty() || form.processors.is_empty())
                    .then(|| form_copy(vocab, thresholds, (form, held), &policies, None, &where_))
            })
            .collect();
        if !forms.is_empty() {
            holders.push(holder(
                IN_HOUSE.to_string(),
                HolderKind::InHouse,
                Some("In-house copy".to_string()),
                false,
                None,
                None,
                forms,
            ));
        }
    }

    if let Some(id) = breach_processor {
        if !holders.iter().any(|h| h.id == id) {
            let ids: Vec<&str> = holders.iter().map(|h| h.id.as_str()).collect();
            let help = suggestion(id, ids.iter().copied())
                .unwrap_or_else(|| format!("holders: {}", ids.join(", ")));
            return Err(
                Error::file("--breach-processor", format!("unknown processor `{id}`"))
                    .with_help(help),
            );
        }
    }
    let breach = window.map(|w| Breach {
        window: w,
        holders: holders
            .iter()
            .filter(|h| breach_processor.map_or(!h.forms.is_empty(), |id| h.id == id))
            .map(|h| exposure(h, w))
            .collect(),
    });
    let maxima = crate::model::RETENTION_SETTINGS.map(|s| (s, thresholds.max_for(s)));
    Ok(Audit {
        holders,
        unused_globs: policy_globs(model, report, globs),
        breach,
        maxima,
        backup_grace: thresholds.backup_grace,
        files: report.checked,
        input_errors: report.errors.len(),
    })
}

/// The policies with globs that match no form, in file order, or why none was judged, and
/// the files whose policies were not judged.
fn policy_globs(model: &Model, report: &Report, scope: &Globs<'_>) -> PolicyGlobs {
    let written: Vec<&RetentionPolicy> = model.policies.iter().filter(|p| !p.implied).collect();
    let judged = if scope.input_errors {
        Judged::No(NotJudgedReason::InputErrors)
    } else if written.is_empty() {
        Judged::NoPolicy {
            implied: !model.policies.is_empty(),
        }
    } else {
        match model.unmatched_policy_globs(scope.reported) {
            None => Judged::No(NotJudgedReason::NoForm),
            Some(list) => Judged::Yes {
                list: unused_globs(model, report, list, scope.suppressed),
                policies: written
                    .iter()
                    .filter(|p| (scope.reported)(p.span.file))
                    .count(),
            },
        }
    };
    let mut files: Vec<FileId> = written.iter().map(|p| p.span.file).collect();
    files.sort_unstable();
    files.dedup();
    let not_judged = files
        .into_iter()
        .filter_map(|f| {
            // Checked files are inputs; a file read only as context is not.
            let reason = if report.inputs.binary_search(&f).is_err() {
                NotJudgedReason::Context
            } else {
                match judged {
                    Judged::No(reason) => reason,
                    _ if !(scope.reported)(f) => NotJudgedReason::InputErrors,
                    _ => return None,
                }
            };
            Some(NotJudged {
                file: report
                    .files
                    .get(f as usize)
                    .map_or_else(String::new, |s| s.name.clone()),
                reason,
            })
        })
        .collect();
    PolicyGlobs { judged, not_judged }
}

/// The globs whose DM109 `check` would suppress, each with how and why: found as `check`
/// finds them, through its suppression stage, with the run's rules and the suppression
/// comments the pipeline read (`scanned`, without their errors: those are input errors, and
/// with any no glob is judged), and the config's `ignore:` entries.
fn suppressed(
    model: &Model,
    config: &Config,
    report: &Report,
    reported: &dyn Fn(FileId) -> bool,
    (rules, scanned): (&RuleSet, Vec<crate::suppress::Scanned>),
) -> Vec<(Span, Suppression)> {
    let Some(rule) = rules.find(UNUSED_POLICY_GLOB) else {
        return Vec::new();
    };
    let Some(findings) =
        crate::rules::engine::unused_policy_globs(model, rule, Severity::Warning, reported)
    else {
        return Vec::new();
    };
    if config.level_of(&rule.id, &rule.name) == Some(Level::Off) {
        return findings
            .iter()
            .map(|f| {
                let by = SuppressedBy::Off;
                (f.span, Suppression { by, reason: None })
            })
            .collect();
    }
    let input = crate::suppress::Input {
        files: &report.files,
        rules,
        config,
        report_unused: false,
        judged: &|_| true,
        checked: &[],
        walked: false,
    };
    crate::suppress::apply(&input, scanned, findings, |_| Some(Severity::Warning))
        .suppressed
        .into_iter()
        .map(|s| {
            let by = if s.in_source {
                SuppressedBy::Comment
            } else {
                SuppressedBy::Ignore
            };
            let reason = s.reason;
            (s.finding.span, Suppression { by, reason })
        })
        .collect()
}

fn unused_globs(
    model: &Model,
    report: &Report,
    mut unmatched: Vec<crate::model::PolicyGlobs<'_>>,
    suppressed: &[(Span, Suppression)],
) -> Vec<UnusedGlobs> {
    let forms = model.form_refs();
    unmatched.sort_by_key(|(p, _)| p.span);
    let at = |span| {
        report
            .locate(span)
            .map(|l| format!("{}:{}:{}", l.file, l.line, l.column))
    };
    unmatched
        .into_iter()
        .map(|(p, globs)| {
            let matched: Vec<&[Spanned<String>]> = forms
                .iter()
                .filter(|(id, _)| p.covers(&id.value))
                .map(|(_, to)| *to)
                .collect();
            // A processor's policy governs the copies of the forms sent to it, no other (as
            // under its holder).
            let governed = matched
                .iter()
                .filter(|to| {
                    p.processor
                        .as_ref()
                        .is_none_or(|x| to.iter().any(|r| r.value == x.value))
                })
                .count();
            UnusedGlobs {
                policy: PolicyRef {
                    describe: describe(p),
                    location: report
                        .locate(p.span)
                        .map(|l| format!("{}:{}", l.file, l.line)),
                },
                processor: p.processor.as_ref().map(|x| x.value.clone()),
                forms_covered: governed,
                globs: globs
                    .into_iter()
                    .map(|g| GlobRef {
                        glob: g.glob.value.clone(),
                        location: at(g.glob.span),
                        not_sent: g.not_sent.iter().map(|id| id.to_string()).collect(),
                        suppressed: suppressed
                            .iter()
                            .find(|(span, _)| *span == g.glob.span)
                            .map(|(_, s)| s.clone()),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The form's general policies: those without `processor:`.
fn general<'m>(model: &'m Model, form: &'m Form) -> Vec<&'m RetentionPolicy> {
    model
        .policies_for(&form.id.value)
        .filter(|p| p.processor.is_none())
        .collect()
}

fn holder(
    id: String,
    kind: HolderKind,
    name: Option<String>,
    third_party: bool,
    keeps: Option<Duration>,
    location: Option<String>,
    forms: Vec<FormCopy>,
) -> Holder {
    let categories = totals(&forms);
    Holder {
        id,
        kind,
        name,
        third_party,
        keeps,
        location,
        forms,
        categories,
    }
}

/// One holder's copy of `form`, with `held` (what every record holds besides its fields, or
/// nothing) after its fields.
fn form_copy(
    vocab: &Vocabulary,
    thresholds: &Thresholds,
    (form, held): (&Form, &[crate::model::Held]),
    policies: &[&RetentionPolicy],
    keeps: Option<Duration>,
    where_: &dyn Fn(crate::source::Span) -> Option<String>,
) -> FormCopy {
    let settings = Settings::from_policies(policies.iter().copied(), keeps);
    let fixed = settings.under_max(thresholds);
    // A vocabulary category, by index.
    let category = |c: usize| {
        vocab.categories.get(c).map(|c| Category {
            id: c.id.clone(),
            name: c.name.clone(),
        })
    };
    let mut fields: Vec<FieldCopy> = form
        .fields
        .iter()
        .map(|f| {
            let setting = retention::governing_setting(f.kind.value);
            let free_text = f.kind.value.is_free_text();
            let mut categories: Vec<Category> = field_categories(vocab, f)
                .into_iter()
                .filter_map(category)
                .collect();
            if free_text {
                categories.push(free_text_category());
            }
            FieldCopy {
                id: f.id.value.clone(),
                label: f.label.as_ref().map(|l| l.value.clone()),
                kind: f.kind.value.name(),
                free_text,
                held: false,
                categories,
                retention: settings.effective(setting),
                under_max: fixed.effective(setting),
            }
        })
        .collect();
    let ticket = (
        settings.effective("closed_tickets"),
        fixed.effective("closed_tickets"),
    );
    let (retention, under_max) = fields
        .iter()
        .map(|f| (f.retention, f.under_max))
        .reduce(|a, b| (a.0.max(b.0), a.1.max(b.1)))
        .unwrap_or(ticket);
    // Kept as long as the user: no retention setting, nor any maximum, bounds it.
    let profile = Retention {
        duration: Duration::Forever,
        by: By::UserProfile,
    };
    fields.extend(held.iter().map(|h| {
        FieldCopy {
            id: h.id.to_string(),
            label: None,
            kind: h.kind,
            free_text: false,
            held: true,
            categories: vocab
                .category(h.category)
                .and_then(category)
                .into_iter()
                .collect(),
            retention: profile,
            under_max: profile,
        }
    }));
    FormCopy {
        form: form.id.value.clone(),
        title: form.title.as_ref().map(|t| t.value.clone()),
        location: where_(form.id.span),
        policies: policies
            .iter()
            .map(|p| PolicyRef {
                describe: describe(p),
                location: where_(p.span),
            })
            .collect(),
        fields,
        retention,
        under_max,
    }
}

fn free_text_category() -> Category {
    Category {
        id: FREE_TEXT.0.to_string(),
        name: FREE_TEXT.1.to_string(),
    }
}

fn describe(p: &RetentionPolicy) -> String {
    let forms: Vec<&str> = p.forms.iter().map(|f| f.value.as_str()).collect();
    match &p.processor {
        Some(x) => format!("{} at {}", forms.join(", "), x.value),
        None => forms.join(", "),
    }
}

/// Category order: the vocabulary's, then free text.
fn category_rank(id: &str) -> usize {
    let vocab = Vocabulary::builtin();
    vocab
        .category(id)
        .unwrap_or(vocab.categories.len() + usize::from(id != FREE_TEXT.0))
}

fn totals(forms: &[FormCopy]) -> Vec<CategoryTotal> {
    let mut out: Vec<CategoryTotal> = Vec::new();
    for form in forms {
        for field in &form.fields {
            for c in &field.categories {
                let name = (form.form.clone(), field.id.clone());
                match out.iter_mut().find(|t| t.category == *c) {
                    Some(t) => {
                        t.retention = t.retention.max(field.retention);
                        t.under_max = t.under_max.max(field.under_max);
                        t.fields.push(name);
                    }
                    None => out.push(CategoryTotal {
                        category: c.clone(),
                        retention: field.retention,
                        under_max: field.under_max,
                        fields: vec![name],
                    }),
                }
            }
        }
    }
    out.sort_by_key(|t| category_rank(&t.category.id));
    out
}

fn exposure(h: &Holder, w: Window) -> HolderExposure {
    let forms = h
        .forms
        .iter()
        .map(|f| {
            let actual = Exposure::of(w, &f.retention);
            let under_max = Exposure::of(w, &f.under_max);
            FormExposure {
                form: f.form.clone(),
                actual,
                under_max,
                saving: retention::saving(&actual, &under_max),
                categories: f.categories().into_iter().cloned().collect(),
            }
        })
        .collect();
    let categories = h
        .categories
        .iter()
        .map(|t| {
            let mut forms: Vec<String> = Vec::new();
            for (form, _) in &t.fields {
                if !forms.contains(form) {
                    forms.push(form.clone());
                }
            }
            CategoryExposure {
                category: t.category.clone(),
                actual: Exposure::of(w, &t.retention),
                under_max: Exposure::of(w, &t.under_max),
                forms,
            }
        })
        .collect();
    HolderExposure {
        holder: h.id.clone(),
        forms,
        categories,
    }
}
