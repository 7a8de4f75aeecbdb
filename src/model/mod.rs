//! One model for every input format: forms with fields, processors, retention policies.
//!
//! Each node keeps the spans of the keys and values it came from; rules read only this model
//! and never the files.

pub mod duration;
pub mod export;

use globset::GlobMatcher;

pub use duration::Duration;
pub use export::Exports;

use crate::source::{FileId, Span, Spanned};

/// A retention policy and some of its `forms` globs.
pub type PolicyGlobs<'a> = (&'a RetentionPolicy, Vec<UnmatchedGlob<'a>>);

/// A `forms` glob that governs no form: it matches none, or, of a processor's policy, only
/// forms not sent to that processor.
#[derive(Debug, Clone)]
pub struct UnmatchedGlob<'a> {
    pub glob: &'a Spanned<String>,
    /// The forms it matches, none of them sent to the policy's processor, in file order
    /// (empty: it matches no form).
    pub not_sent: Vec<&'a str>,
}

/// A form's id and the processors it sends data to ([`Model::form_refs`]).
pub type FormRef<'a> = (&'a Spanned<String>, &'a [Spanned<String>]);

/// Everything loaded in one run.
#[derive(Debug, Default)]
pub struct Model {
    pub forms: Vec<Form>,
    pub processors: Vec<Processor>,
    pub policies: Vec<RetentionPolicy>,
    /// Parts of help-desk exports, until [`Model::join`] makes them forms.
    pub exports: Exports,
    /// Forms already checked as their files were read, and let go: what cross-file checks
    /// still need of them.
    pub stubs: Vec<FormStub>,
    /// The same, of forms whose ids are their files' names ([`Form::id_from_file_name`]):
    /// a list apart rather than a flag in each stub, which made every stub a size class
    /// larger (3 MiB more at the peak of 10,000 forms).
    pub file_named_stubs: Vec<FormStub>,
}

/// What is kept of a form once its rules have run: its id and the processors it names.
#[derive(Debug, Clone)]
pub struct FormStub {
    pub id: Spanned<String>,
    pub processors: Vec<Spanned<String>>,
}

impl From<Form> for FormStub {
    fn from(f: Form) -> FormStub {
        FormStub {
            id: f.id,
            processors: f.processors,
        }
    }
}

impl Model {
    pub fn extend(&mut self, other: Model) {
        self.forms.extend(other.forms);
        self.processors.extend(other.processors);
        self.policies.extend(other.policies);
        self.exports.extend(other.exports);
        self.stubs.extend(other.stubs);
        self.file_named_stubs.extend(other.file_named_stubs);
    }

    /// Only forms, each complete in itself: nothing another file's forms depend on, and
    /// nothing to join. Such a file's forms can be checked as soon as it is read.
    pub fn forms_only(&self) -> bool {
        self.processors.is_empty() && self.policies.is_empty() && self.exports.is_empty()
    }

    /// Id and processors of every form, checked already or not, in file order (whichever
    /// stage checked them, so that cross-file checks see the forms in one order).
    pub fn form_refs(&self) -> Vec<FormRef<'_>> {
        let mut refs: Vec<_> = self
            .forms
            .iter()
            .map(|f| (&f.id, f.processors.as_slice()))
            .chain(
                self.stubs
                    .iter()
                    .chain(&self.file_named_stubs)
                    .map(|f| (&f.id, f.processors.as_slice())),
            )
            .collect();
        refs.sort_by_key(|(id, _)| id.span);
        refs
    }

    /// Each form's id, checked already or not (stubs too), in no particular order.
    pub fn all_form_ids(&self) -> Vec<&str> {
        self.forms
            .iter()
            .map(|f| f.id.value.as_str())
            .chain(
                self.stubs
                    .iter()
                    .chain(&self.file_named_stubs)
                    .map(|f| f.id.value.as_str()),
            )
            .collect()
    }

    /// The policies of files `reported` says yes to that have `forms` globs governing no
    /// form of the run ([`Model::form_refs`]: every format, stubs too), each with those globs:
    /// what DM109 `unused-policy-glob` reports and the audit lists, found in one place so the
    /// two never disagree. Matched as coverage matches ([`RetentionPolicy::unmatched_globs`]:
    /// a processor's policy governs only the forms sent to it; implied policies are left
    /// out). `None` when the run read no form at all (a retention file alone, as pre-commit
    /// may check it): no glob is judged, as no form is unknown.
    pub fn unmatched_policy_globs(
        &self,
        reported: impl Fn(FileId) -> bool,
    ) -> Option<Vec<PolicyGlobs<'_>>> {
        let forms = self.form_refs();
        if forms.is_empty() {
            return None;
        }
        Some(
            self.policies
                .iter()
                .filter(|p| reported(p.span.file))
                .map(|p| (p, p.unmatched_globs(&forms)))
                .filter(|(_, globs)| !globs.is_empty())
                .collect(),
        )
    }

    /// Each form's id, checked already or not, in file order, and whether it comes from its
    /// file's name.
    pub fn form_ids(&self) -> Vec<(&Spanned<String>, bool)> {
        let mut ids: Vec<_> = self
            .forms
            .iter()
            .map(|f| (&f.id, f.id_from_file_name))
            .chain(self.stubs.iter().map(|f| (&f.id, false)))
            .chain(self.file_named_stubs.iter().map(|f| (&f.id, true)))
            .collect();
        ids.sort_by_key(|(id, _)| id.span);
        ids
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
            && self.processors.is_empty()
            && self.policies.is_empty()
            && self.exports.is_empty()
            && self.stubs.is_empty()
            && self.file_named_stubs.is_empty()
    }

    pub fn processor(&self, id: &str) -> Option<&Processor> {
        self.processors.iter().find(|p| p.id.value == id)
    }

    /// Policies whose `forms` globs match `form_id`.
    pub fn policies_for<'a>(
        &'a self,
        form_id: &'a str,
    ) -> impl Iterator<Item = &'a RetentionPolicy> + 'a {
        policies_for(&self.policies, form_id)
    }
}

/// The policies of `policies` that cover form `form_id`.
pub fn policies_for<'a>(
    policies: &'a [RetentionPolicy],
    form_id: &'a str,
) -> impl Iterator<Item = &'a RetentionPolicy> + 'a {
    policies.iter().filter(move |p| p.covers(form_id))
}

/// Who fills a form in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Customers or the public: free text here collects whatever people type.
    EndUser,
    /// Support agents only.
    Agent,
}

/// What a format can express, so rules never suggest a fix the format cannot take, and what
/// its records hold that no field asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// The format has a length limit attribute for text fields.
    pub max_length: bool,
    /// The format can declare a purpose for a field.
    pub purpose: bool,
    /// How the format expresses a length limit, for rule texts (`{fix_max_length}`), e.g.
    /// "`max_length`".
    pub fix_max_length: &'static str,
    /// How the format declares a purpose, for rule texts (`{fix_purpose}`), e.g. "`purpose:`".
    pub fix_purpose: &'static str,
    /// What every record of the format's forms holds though no field asks for it (a help
    /// desk's requester). Rules do not look at it (no field of the form is there to fix); the
    /// audit lists it with the fields.
    pub held: &'static [Held],
}

/// A datum every record holds without a field of the form asking for it: Zendesk keeps each
/// ticket's requester, by email address and name, as a user of the account. The user outlives
/// the ticket (ticket deletion schedules do not delete users), so it is kept until the user is
/// deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    /// A name for it, as a field's id: `requester.email`.
    pub id: &'static str,
    /// What it is, as a field's type: `requester`.
    pub kind: &'static str,
    /// The vocabulary category it is: `email`.
    pub category: &'static str,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub id: Spanned<String>,
    pub title: Option<Spanned<String>>,
    /// Form-level texts shown to users (a notice, a description, markdown blocks).
    pub notices: Vec<Spanned<String>>,
    pub processors: Vec<Spanned<String>>,
    pub fields: Vec<Field>,
    pub audience: Audience,
    /// Submissions are public (GitHub issues are).
    pub public: bool,
    pub capabilities: Capabilities,
    /// The input format's name, e.g. `datamin`.
    pub format: &'static str,
    /// What a submission of the form becomes, plural, for rule texts (`{records}`):
    /// "tickets" (a help desk's), "issues" or "discussions" (GitHub's).
    pub records: &'static str,
    /// The form's id is its file's name, not a name its file gives it (GitHub issue forms,
    /// JSON Schemas, a help-desk field export without forms): two such forms of one name in
    /// different folders are two forms, not a duplicate.
    pub id_from_file_name: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    Text,
    Textarea,
    Email,
    Phone,
    Date,
    Number,
    Select,
    Multiselect,
    Checkbox,
    File,
    Hidden,
}

impl FieldKind {
    pub const ALL: [(&'static str, FieldKind); 11] = [
        ("text", FieldKind::Text),
        ("textarea", FieldKind::Textarea),
        ("email", FieldKind::Email),
        ("phone", FieldKind::Phone),
        ("date", FieldKind::Date),
        ("number", FieldKind::Number),
        ("select", FieldKind::Select),
        ("multiselect", FieldKind::Multiselect),
        ("checkbox", FieldKind::Checkbox),
        ("file", FieldKind::File),
        ("hidden", FieldKind::Hidden),
    ];

    pub fn parse(s: &str) -> Option<FieldKind> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("text", |(n, _)| n)
    }

    /// Fields where people type whatever they like.
    pub fn is_free_text(self) -> bool {
        matches!(self, FieldKind::Text | FieldKind::Textarea)
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub id: Spanned<String>,
    /// A stable identity within the file (`form/field`, nested fields dotted), for baselines.
    pub path: String,
    pub label: Option<Spanned<String>>,
    pub kind: Spanned<FieldKind>,
    pub description: Option<Spanned<String>>,
    pub placeholder: Option<Spanned<String>>,
    pub required: Option<Spanned<bool>>,
    pub max_length: Option<Spanned<u64>>,
    pub options: Vec<Spanned<String>>,
    pub purpose: Option<Spanned<String>>,
    /// A prefilled or fixed value.
    pub value: Option<Spanned<String>>,
    /// Shown to the person filling the form in (false for agent-only fields).
    pub visible: bool,
    /// The field collects logs or console output (rendered as code).
    pub collects_logs: bool,
    /// A pattern the value must match (a validation, not a length limit).
    pub pattern: Option<Spanned<String>>,
    /// Only a masked part of the value is kept (a card's last four digits), never the whole.
    pub masked: bool,
    /// A list's entries' own title and description, where the form shows them beside each
    /// entry besides the list's `label` and `description` (a JSON Schema array of strings
    /// titled "Previous addresses" whose items are titled "Home address"). Rules read them
    /// as more of the label and of the description.
    pub item_label: Option<Spanned<String>>,
    pub item_description: Option<Spanned<String>>,
    /// The alternatives the field is shown within, as (group, option) pairs: a JSON Schema
    /// `oneOf`/`anyOf` is a group and each branch an option (`then` and `else` too). Empty
    /// for a field every filling-in shows.
    pub alternatives: Vec<(u32, u32)>,
}

impl Field {
    pub fn is_required(&self) -> bool {
        self.required.as_ref().is_some_and(|r| r.value)
    }

    /// Whether the two fields are never both shown: they are within different options of one
    /// group of alternatives (the "post" and the "courier" branch of a `oneOf`).
    pub fn excludes(&self, other: &Field) -> bool {
        self.alternatives.iter().any(|&(g, o)| {
            other
                .alternatives
                .iter()
                .any(|&(g2, o2)| g == g2 && o != o2)
        })
    }
}

#[derive(Debug, Clone)]
pub struct Processor {
    pub id: Spanned<String>,
    pub name: Option<Spanned<String>>,
    pub third_party: Option<Spanned<bool>>,
    /// How long the processor itself keeps ticket data after close.
    pub keeps: Option<Spanned<Duration>>,
}

impl Processor {
    pub fn is_third_party(&self) -> bool {
        self.third_party.as_ref().is_some_and(|t| t.value)
    }
}

/// The retention settings a policy can make, in the order they are reported.
pub const RETENTION_SETTINGS: [&str; 4] = ["closed_tickets", "free_text", "attachments", "backups"];

#[derive(Debug, Clone)]
pub struct RetentionPolicy {
    /// Globs over form ids.
    pub forms: Vec<Spanned<String>>,
    pub matchers: Vec<GlobMatcher>,
    pub processor: Option<Spanned<String>>,
    pub closed_tickets: Option<Spanned<Duration>>,
    pub free_text: Option<Spanned<Duration>>,
    pub attachments: Option<Spanned<Duration>>,
    pub backups: Option<Spanned<Duration>>,
    /// The start of the policy's entry.
    pub span: Span,
    /// Made by datamin, not written in a file (a help desk's deletion schedules): its glob is
    /// no one's to fix.
    pub implied: bool,
    /// Read with input errors (a period that does not parse, a mistyped key, a glob that does
    /// not compile): what it meant is not known, so it answers the coverage questions of
    /// the forms it may cover yes (see [`RetentionPolicy::may_cover`]). The run exits 2 for
    /// the error; the forms are not also reported as kept without limit.
    pub damaged: bool,
}

/// The characters that make a config's path or form id a glob rather than a name, as globset
/// reads them (a backslash escapes the character after it, where globs take it so: Unix).
pub const GLOB_CHARS: [char; 5] = ['*', '?', '[', '{', '\\'];

impl RetentionPolicy {
    /// The matcher of a `forms` glob, as every policy's globs are compiled: over whole form
    /// ids, `*` crossing `/` (`zendesk/*`, `support/*/billing`).
    pub fn form_glob(glob: &str) -> Result<GlobMatcher, globset::Error> {
        globset::GlobBuilder::new(glob)
            .literal_separator(false)
            .build()
            .map(|g| g.compile_matcher())
    }

    pub fn covers(&self, form_id: &str) -> bool {
        self.matchers.iter().any(|m| m.is_match(form_id))
    }

    /// Whether the policy covers `form_id`, or, [damaged](RetentionPolicy::damaged) with
    /// globs that did not all compile, might: coverage questions ask this.
    pub fn may_cover(&self, form_id: &str) -> bool {
        self.covers(form_id)
            || (self.damaged && (self.forms.is_empty() || self.matchers.len() != self.forms.len()))
    }

    /// The globs of `forms` that govern none of `forms`, matched as [`Self::covers`] matches
    /// them: that match none, or, of a policy with `processor:`, none sent to it (it governs
    /// only that processor's copies). None of an implied policy, nor of one with a glob that
    /// did not compile (an input error already: its file is not reported on).
    pub fn unmatched_globs<'a>(&'a self, forms: &[FormRef<'a>]) -> Vec<UnmatchedGlob<'a>> {
        if self.implied || self.matchers.len() != self.forms.len() {
            return Vec::new();
        }
        let sent = |to: &[Spanned<String>]| {
            self.processor
                .as_ref()
                .is_none_or(|x| to.iter().any(|r| r.value == x.value))
        };
        let mut out = Vec::new();
        for (glob, m) in self.forms.iter().zip(&self.matchers) {
            let matched: Vec<&FormRef<'a>> = forms
                .iter()
                .filter(|(id, _)| m.is_match(&id.value))
                .collect();
            if matched.iter().any(|(_, to)| sent(to)) {
                continue;
            }
            let mut not_sent: Vec<&'a str> = Vec::new();
            for (id, _) in matched {
                if !not_sent.contains(&id.value.as_str()) {
                    not_sent.push(id.value.as_str());
                }
            }
            out.push(UnmatchedGlob { glob, not_sent });
        }
        out
    }

    pub fn setting(&self, name: &str) -> Option<&Spanned<Duration>> {
        match name {
            "closed_tickets" => self.closed_tickets.as_ref(),
            "free_text" => self.free_text.as_ref(),
            "attachments" => self.attachments.as_ref(),
            "backups" => self.backups.as_ref(),
            _ => None,
        }
    }
}
