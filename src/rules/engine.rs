//! Evaluates rules against the model. Knows nothing of file formats.

use rustc_hash::FxHashMap as HashMap;

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use super::predicate::{Condition, Pred, Scope};
use super::vocabulary::Vocabulary;
use super::{Rule, Severity};
use crate::model::{
    Duration, Field, FieldKind, Form, Model, Processor, RetentionPolicy, RETENTION_SETTINGS,
};
use crate::report::finding::{Finding, Interner, Text};
use crate::source::{Span, Spanned};

/// Thresholds that rules compare against (from the config).
#[derive(Debug, Clone)]
pub struct Thresholds {
    /// Maximum per retention setting, in [`RETENTION_SETTINGS`] order.
    pub max: [Option<Duration>; 4],
    /// How much longer than closed tickets backups may be kept.
    pub backup_grace: Duration,
}

impl Thresholds {
    pub fn max_for(&self, setting: &str) -> Option<Duration> {
        RETENTION_SETTINGS
            .iter()
            .position(|s| *s == setting)
            .and_then(|i| self.max[i])
    }
}

/// What a form's rules may ask of the run's retention policies: whether one covers the form,
/// whether one sets attachment retention for it, whether one covers it for a processor.
///
/// Files of forms alone are checked as they are read and their text and model let go, so a
/// run's memory does not grow with its files; the policies may come later, from any file.
/// Rules that ask are evaluated then under each possible answer (`Some`), and the findings
/// wait as [`Pending`] until every policy is known. `None`: ask the model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Assume {
    covered: Option<bool>,
    attachments: Option<bool>,
    has_policy: Option<bool>,
}

const COVERED: u8 = 1;
const ATTACHMENTS: u8 = 2;
const HAS_POLICY: u8 = 4;

/// Which of the policy questions a condition asks.
fn policy_questions(c: &Condition) -> u8 {
    match c {
        Condition::All(cs) | Condition::Any(cs) => {
            cs.iter().fold(0, |m, c| m | policy_questions(c))
        }
        Condition::Not(c) => policy_questions(c),
        Condition::Pred(Pred::Covered(_)) => COVERED,
        Condition::Pred(Pred::AttachmentRetention(_)) => ATTACHMENTS,
        Condition::Pred(Pred::HasPolicy(_)) => HAS_POLICY,
        Condition::Pred(_) => 0,
    }
}

/// The texts of forms that the rules that run ask the vocabulary about: a mask of text
/// attributes ([`attr_index`]) for fields and for forms, and whether notices are asked (`warns`).
/// Texts no rule asks about (most forms' ids and titles) are not learnt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Asked {
    field: u16,
    form: u16,
    notices: bool,
}

const ID: usize = 0;
const LABEL: usize = 1;
const DESCRIPTION: usize = 2;
const PLACEHOLDER: usize = 3;
const PURPOSE: usize = 4;
const VALUE: usize = 5;
const OPTIONS: usize = 6;
const TITLE: usize = 7;
const TEXT_ATTR_COUNT: usize = 8;

/// In a set of categories as bits ([`Vocabulary::category_bit`]): the set is known (it may be
/// empty). No category has this bit.
const KNOWN: u64 = 1 << 63;

/// The index of a text attribute of fields or forms that conditions can ask about.
fn attr_index(attr: &str) -> Option<usize> {
    Some(match attr {
        "id" => ID,
        "label" => LABEL,
        "description" => DESCRIPTION,
        "placeholder" => PLACEHOLDER,
        "purpose" => PURPOSE,
        "value" => VALUE,
        "options" => OPTIONS,
        "title" => TITLE,
        _ => return None,
    })
}

/// The texts of a field that say what it asks for (its facts, `asks_for`), in the order
/// they are read: the first to name a category is where a finding points.
const ASKS_ATTRS: [usize; 3] = [LABEL, ID, PLACEHOLDER];

/// The texts of a field that can warn people not to share (with the form's notices): what
/// people read of it, its options too (a box to tick: "I removed personal data from the
/// logs") and the text it starts with (a textarea's prefilled "redact the lines").
const WARNING_ATTRS: [usize; 5] = [DESCRIPTION, LABEL, PLACEHOLDER, OPTIONS, VALUE];

fn index_bits(attrs: &[usize]) -> u16 {
    attrs.iter().fold(0, |m, i| m | 1 << i)
}

fn attr_bits<'s>(attrs: impl IntoIterator<Item = &'s str>) -> u16 {
    attrs
        .into_iter()
        .filter_map(attr_index)
        .fold(0, |m, i| m | 1 << i)
}

impl Asked {
    /// Every text of every form (when the rules are not known).
    pub const ALL: Asked = Asked {
        field: u16::MAX,
        form: u16::MAX,
        notices: true,
    };

    pub fn is_empty(&self) -> bool {
        *self == Asked::default()
    }

    fn form(&self, attr: &str) -> bool {
        self.form & attr_bits([attr]) != 0
    }

    /// Adds what `c`, a condition of a rule of `scope`, asks.
    fn add(&mut self, c: &Condition, scope: Scope) {
        match c {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| self.add(c, scope)),
            Condition::Not(c) => self.add(c, scope),
            Condition::Pred(Pred::AsksFor(_) | Pred::RepeatsCategory(_)) => {
                self.field |= index_bits(&ASKS_ATTRS);
            }
            Condition::Pred(Pred::Warns(_)) => {
                self.notices = true;
                self.field |= index_bits(&WARNING_ATTRS);
            }
            // Of a field's texts on fields, of a form's on forms (see `Engine::pred`).
            Condition::Pred(Pred::Mentions { attrs, .. }) => {
                let bits = attr_bits(attrs.iter().map(String::as_str));
                match scope {
                    Scope::Field => self.field |= bits,
                    Scope::Form => self.form |= bits,
                    _ => {}
                }
            }
            Condition::Pred(_) => {}
        }
    }
}

/// What the rules that run (`severity_of` gives Some) ask the vocabulary about; empty when
/// none asks anything, and there is nothing to learn ([`Matches::learn_forms`]).
pub fn rules_ask(rules: &[Rule], severity_of: impl Fn(&Rule) -> Option<Severity>) -> Asked {
    let mut asked = Asked::default();
    for r in rules.iter().filter(|r| severity_of(r).is_some()) {
        asked.add(&r.when, r.scope);
        for (c, _) in r.message_if.iter().chain(&r.help_if) {
            asked.add(c, r.scope);
        }
    }
    asked
}

/// Variables [`Engine::base_vars`] gives a subject at most (a field's).
const BASE_VARS: usize = 9;

/// A rule that runs, with what its findings share.
struct Enabled<'r> {
    rule: &'r Rule,
    severity: Severity,
    id: Text,
    name: Text,
    /// The answers to assume (see [`Assume`]) for a processor reference, and for any other
    /// subject of a form; empty: ask the model.
    of_ref: Vec<Assume>,
    of_form: Vec<Assume>,
    /// For a field rule, what its plain conditions need of a field (see [`Gate`]).
    gate: Gate,
    /// The rule's `when`, less what its gate answers (see [`residual`]).
    when: Cow<'r, Condition>,
    /// The rule's `message` and `help`, then those of its `message_if` and `help_if`
    /// alternatives, in order.
    message: Template<'r>,
    help: Template<'r>,
    message_if: Vec<Template<'r>>,
    help_if: Vec<Template<'r>>,
}

/// The rules that run, worked out once for any number of engine runs.
pub struct Prepared<'r> {
    /// Per scope (by `Scope as usize`), its rules that run, in the rules' order: a subject
    /// goes through its own scope's alone (of about two dozen rules, a field has a dozen).
    enabled: Vec<Vec<Enabled<'r>>>,
}

impl<'r> Prepared<'r> {
    /// The rules of `rules` that `severity_of` turns on, for an engine that is partial
    /// ([`Engine::partial`]) or not.
    pub fn new(
        rules: &'r [Rule],
        severity_of: impl Fn(&Rule) -> Option<Severity>,
        partial: bool,
    ) -> Prepared<'r> {
        let mut enabled: Vec<Vec<Enabled<'r>>> = Scope::ALL.iter().map(|_| Vec::new()).collect();
        let all = rules.iter().filter_map(|r| {
            let asks = if partial {
                r.message_if
                    .iter()
                    .chain(&r.help_if)
                    .fold(policy_questions(&r.when), |m, (c, _)| {
                        m | policy_questions(c)
                    })
            } else {
                0
            };
            severity_of(r).map(|severity| Enabled {
                rule: r,
                severity,
                id: r.id.as_str().into(),
                name: r.name.as_str().into(),
                of_ref: assumptions(asks),
                of_form: assumptions(asks & !HAS_POLICY),
                gate: match r.scope {
                    Scope::Field => Gate::of(&r.when),
                    _ => Gate::OPEN,
                },
                when: match r.scope {
                    Scope::Field => {
                        Cow::Owned(residual(&r.when).unwrap_or_else(|| Condition::All(Vec::new())))
                    }
                    _ => Cow::Borrowed(&r.when),
                },
                message: Template::new(&r.message),
                help: Template::new(&r.help),
                message_if: r.message_if.iter().map(|(_, t)| Template::new(t)).collect(),
                help_if: r.help_if.iter().map(|(_, t)| Template::new(t)).collect(),
            })
        });
        for e in all {
            if let Some(of_scope) = enabled.get_mut(e.rule.scope as usize) {
                of_scope.push(e);
            }
        }
        Prepared { enabled }
    }
}

/// What a field rule's plain conditions (kind, flags, which attributes a field has, its
/// form's `public` and capabilities: those at the top of its `when`, or under `not:`) need of
/// a field, as bits ([`field_bits`]): a necessary condition of the rule, checked before its
/// condition tree is walked. Most fields fail most rules there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Gate {
    /// The bits that must be as `want` says.
    mask: u32,
    want: u32,
    /// The field kinds allowed, a bit per [`FieldKind`].
    kinds: u32,
}

impl Gate {
    const OPEN: Gate = Gate {
        mask: 0,
        want: 0,
        kinds: u32::MAX,
    };

    fn admits(self, bits: u32, kind: FieldKind) -> bool {
        bits & self.mask == self.want && self.kinds & kind_bit(kind) != 0
    }

    /// The gate of a field rule's `when`.
    fn of(c: &Condition) -> Gate {
        let mut g = Gate::OPEN;
        g.add(c, true);
        g
    }

    /// Adds what `c` needs to hold (`holds`) or not to hold, where that is a plain fact.
    fn add(&mut self, c: &Condition, holds: bool) {
        match c {
            Condition::All(cs) if holds => cs.iter().for_each(|c| self.add(c, true)),
            Condition::Not(c) => self.add(c, !holds),
            Condition::Pred(Pred::Type(kinds)) if holds => {
                self.kinds &= kinds.iter().fold(0, |m, k| m | kind_bit(*k));
            }
            Condition::Pred(p) => {
                if let Some((bit, value)) = plain_fact(p) {
                    // Asked both ways, it can never hold: no field gets through.
                    if self.mask & bit != 0 && (self.want & bit != 0) != (value == holds) {
                        self.kinds = 0;
                    }
                    self.mask |= bit;
                    if value == holds {
                        self.want |= bit;
                    } else {
                        self.want &= !bit;
                    }
                }
            }
            _ => {}
        }
    }
}

/// What is left of a field rule's `when` (`c`) for a field its [`Gate`] lets through: the
/// plain conditions the gate checked (at the top, in `all:`, or a plain one under `not:`)
/// hold there and add nothing to a hit, so they are left out (None: nothing is left, the
/// condition holds). `all:` of one condition is that condition. Keep it in step with
/// [`Gate::add`].
fn residual(c: &Condition) -> Option<Condition> {
    match c {
        Condition::All(cs) => {
            let mut rest: Vec<Condition> = cs.iter().filter_map(residual).collect();
            match rest.len() {
                0 => None,
                1 => rest.pop(),
                _ => Some(Condition::All(rest)),
            }
        }
        Condition::Pred(Pred::Type(_)) => None,
        Condition::Pred(p) if plain_fact(p).is_some() => None,
        Condition::Not(inner) => match &**inner {
            Condition::Pred(p) if plain_fact(p).is_some() => None,
            _ => Some(c.clone()),
        },
        _ => Some(c.clone()),
    }
}

fn kind_bit(k: FieldKind) -> u32 {
    1 << (k as u32)
}

// The bits of [`field_bits`].
const FREE_TEXT: u32 = 1;
const VISIBLE: u32 = 1 << 1;
const REQUIRED: u32 = 1 << 2;
const LOGS: u32 = 1 << 3;
const PUBLIC: u32 = 1 << 4;
const SUPPORTS_MAX_LENGTH: u32 = 1 << 5;
const SUPPORTS_PURPOSE: u32 = 1 << 6;
/// Then a bit per attribute of [`Scope::attributes`] of fields: the field has it.
const HAS: u32 = 8;

/// The bit a field predicate answers with a plain fact of the field (see [`field_bits`]),
/// and the value it asks for; None for every other predicate.
fn plain_fact(p: &Pred) -> Option<(u32, bool)> {
    let has = |a: &str| field_attr_at(a).map(|i| 1 << (HAS as usize + i));
    Some(match p {
        Pred::FreeText(b) => (FREE_TEXT, *b),
        Pred::Visible(b) => (VISIBLE, *b),
        Pred::Required(b) => (REQUIRED, *b),
        Pred::CollectsLogs(b) => (LOGS, *b),
        Pred::Public(b) => (PUBLIC, *b),
        Pred::Supports(c) if c == "max_length" => (SUPPORTS_MAX_LENGTH, true),
        Pred::Supports(c) if c == "purpose" => (SUPPORTS_PURPOSE, true),
        Pred::Missing(a) => (has(a)?, false),
        Pred::Present(a) => (has(a)?, true),
        _ => return None,
    })
}

/// A field's plain facts as bits, answering the predicates of [`plain_fact`] as
/// [`Engine::pred`] does.
fn field_bits(form: &Form, f: &Field) -> u32 {
    let flag = |b: bool, bit: u32| if b { bit } else { 0 };
    let mut bits = flag(f.kind.value.is_free_text(), FREE_TEXT)
        | flag(f.visible, VISIBLE)
        | flag(f.is_required(), REQUIRED)
        | flag(f.collects_logs, LOGS)
        | flag(form.public, PUBLIC)
        | flag(supports(form, "max_length"), SUPPORTS_MAX_LENGTH)
        | flag(supports(form, "purpose"), SUPPORTS_PURPOSE);
    for (i, has) in field_attrs(f).into_iter().enumerate() {
        bits |= flag(has, 1 << (HAS as usize + i));
    }
    bits
}

/// Every combination of answers to the questions in `asks`; none when it asks none.
fn assumptions(asks: u8) -> Vec<Assume> {
    if asks == 0 {
        return Vec::new();
    }
    let bits: Vec<u8> = [COVERED, ATTACHMENTS, HAS_POLICY]
        .into_iter()
        .filter(|b| asks & b != 0)
        .collect();
    (0..1u8 << bits.len())
        .map(|n| {
            let mut a = Assume::default();
            for (i, b) in bits.iter().enumerate() {
                let v = Some((n >> i) & 1 == 1);
                match *b {
                    COVERED => a.covered = v,
                    ATTACHMENTS => a.attachments = v,
                    _ => a.has_policy = v,
                }
            }
            a
        })
        .collect()
}

/// A finding that holds if the run's policies answer as assumed.
#[derive(Debug)]
pub struct Pending {
    pub finding: Finding,
    form: String,
    processor: Option<String>,
    /// The processors the form sends to (a policy naming another covers none of its copies).
    sends_to: Vec<String>,
    assume: Assume,
}

/// What the policies known so far say of one form (and, for a processor reference, its
/// processor): a yes is final, a no may still turn.
#[derive(Clone, Copy)]
struct Known {
    covered: bool,
    attachments: bool,
    has_policy: bool,
}

impl Known {
    fn of(
        known: &[RetentionPolicy],
        form: &str,
        processor: Option<&str>,
        sends_to: impl Fn(&str) -> bool,
    ) -> Known {
        let mut k = Known {
            covered: false,
            attachments: false,
            has_policy: false,
        };
        for p in may_cover(known, form) {
            k.covered |= keeps_tickets(p, &sends_to);
            k.attachments |= keeps_attachments(p);
            k.has_policy |= processor.is_some_and(|r| keeps_tickets_at(p, r));
        }
        k
    }
}

impl Assume {
    /// Each question: the answer assumed (if any), and the answer `known` gives.
    fn against(&self, known: Known) -> [(Option<bool>, bool); 3] {
        [
            (self.covered, known.covered),
            (self.attachments, known.attachments),
            (self.has_policy, known.has_policy),
        ]
    }

    /// Against what the policies known so far say: `None` when they already answer a
    /// question this assumes otherwise (this cannot hold); `Some(true)` when they answer
    /// every question it assumes as it does (it holds whatever policies come); else
    /// `Some(false)`.
    fn settled(&self, known: Known) -> Option<bool> {
        let mut settled = true;
        for (assumed, yes) in self.against(known) {
            let Some(v) = assumed else { continue };
            if yes && !v {
                return None;
            }
            settled &= yes;
        }
        Some(settled)
    }
}

impl Pending {
    /// What `policies` say of this finding's form (and processor).
    fn known(&self, policies: &[RetentionPolicy]) -> Known {
        Known::of(policies, &self.form, self.processor.as_deref(), |p| {
            self.sends_to.iter().any(|s| s == p)
        })
    }

    /// Whether the policies known so far already answer a question otherwise than this
    /// finding assumed: it can never hold.
    pub fn contradicted(&self, known: &[RetentionPolicy]) -> bool {
        self.assume.settled(self.known(known)).is_none()
    }

    /// Whether the run's policies, all of them, answer every question as this finding
    /// assumed.
    pub fn holds(&self, policies: &[RetentionPolicy]) -> bool {
        self.assume
            .against(self.known(policies))
            .into_iter()
            .all(|(assumed, yes)| assumed.is_none_or(|v| v == yes))
    }
}

/// Whether a policy says how long `form`'s tickets are kept (`closed_tickets`), for a copy
/// the form has: the company's own (a policy without `processor:`) or that of a processor
/// it sends to. A policy that sets no `closed_tickets`, or names a processor the form does
/// not send to, leaves its tickets kept without limit.
/// A policy read with errors ([damaged](RetentionPolicy::damaged)) answers yes for every form
/// it may cover: what it meant is not known.
fn covered(policies: &[RetentionPolicy], form: &Form) -> bool {
    let sends_to = |p: &str| form.processors.iter().any(|r| r.value == p);
    may_cover(policies, &form.id.value).any(|p| keeps_tickets(p, &sends_to))
}

/// Whether policy `p` (covering a form that sends to the processors `sends_to` says yes to)
/// says how long its tickets are kept, or may (damaged).
fn keeps_tickets(p: &RetentionPolicy, sends_to: &impl Fn(&str) -> bool) -> bool {
    sets_tickets_for(p, sends_to)
        || (p.damaged && p.processor.as_ref().is_none_or(|x| sends_to(&x.value)))
}

/// Whether policy `p` says how long `processor` keeps tickets, or may (damaged, naming no
/// processor it could be read to name another).
fn keeps_tickets_at(p: &RetentionPolicy, processor: &str) -> bool {
    sets_tickets_at(p, processor)
        || (p.damaged && p.processor.as_ref().is_none_or(|x| x.value == processor))
}

/// Whether policy `p` says how long attachments are kept, or may (damaged).
fn keeps_attachments(p: &RetentionPolicy) -> bool {
    p.damaged || p.attachments.is_some()
}

/// The policies of `policies` that cover form `form`, and the damaged ones that may.
fn may_cover<'a>(
    policies: &'a [RetentionPolicy],
    form: &'a str,
) -> impl Iterator<Item = &'a RetentionPolicy> + 'a {
    policies.iter().filter(move |p| p.may_cover(form))
}

/// Whether `p` sets `closed_tickets` for a copy of a form that sends to the processors
/// `sends_to` says yes to.
fn sets_tickets_for(p: &RetentionPolicy, sends_to: &impl Fn(&str) -> bool) -> bool {
    p.closed_tickets.is_some() && p.processor.as_ref().is_none_or(|x| sends_to(&x.value))
}

/// Whether a policy covering `form` names `processor` and says how long its tickets are
/// kept there (a damaged one: may, unless it names another processor).
fn has_policy(policies: &[RetentionPolicy], form: &str, processor: &str) -> bool {
    may_cover(policies, form).any(|p| keeps_tickets_at(p, processor))
}

/// Whether `p` names `processor` and sets `closed_tickets` for its copy.
fn sets_tickets_at(p: &RetentionPolicy, processor: &str) -> bool {
    p.closed_tickets.is_some() && p.processor.as_ref().is_some_and(|x| x.value == processor)
}

/// Whether a policy covering `form` says how long attachments are kept (a damaged one: may).
fn attachment_retention(policies: &[RetentionPolicy], form: &str) -> bool {
    may_cover(policies, form).any(keeps_attachments)
}

/// `unused-policy-glob` (with `--report-unused`): a finding of `rule` at each glob of a
/// policy in a file `reported` says yes to that matches the id of no form of the run (of
/// every format; forms checked as they were read count through their stubs). Globs are
/// matched as for coverage ([`RetentionPolicy::covers`]), so the two never disagree, and
/// found by [`Model::unmatched_policy_globs`], as the audit finds them. `None` when the run
/// read no form at all (a retention file checked alone, as pre-commit may): it judges no
/// glob, as it reports no unknown form.
pub fn unused_policy_globs(
    model: &Model,
    rule: &Rule,
    severity: Severity,
    reported: impl Fn(crate::source::FileId) -> bool,
) -> Option<Vec<Finding>> {
    let unmatched = model.unmatched_policy_globs(reported)?;
    let ids = model.all_form_ids();
    let mut out = Vec::new();
    for (p, globs) in unmatched {
        for crate::model::UnmatchedGlob { glob, not_sent } in globs {
            let quoted = |ids: &[&str]| {
                ids.iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            // A processor's policy whose glob matches only forms sent elsewhere.
            let sent_to = match (&p.processor, not_sent.is_empty()) {
                (Some(x), false) => format!(
                    " sent to `{}` (it matches {}, not sent there)",
                    x.value,
                    quoted(&not_sent)
                ),
                _ => String::new(),
            };
            let vars = [
                ("glob", glob.value.clone()),
                ("policy", describe_policy(p)),
                ("sent_to", sent_to),
            ];
            let mut help = fill(&rule.help, &vars);
            if let (Some(x), false) = (&p.processor, not_sent.is_empty()) {
                help = format!(
                    "{help} (to govern the copies of {} at `{}`, add `{}` to their `processors`)",
                    quoted(&not_sent),
                    x.value,
                    x.value
                );
            } else if let Some(id) = closest_form(&glob.value, &ids) {
                help = format!("{help} (the closest form id is `{id}`)");
            }
            out.push(Finding {
                rule_id: rule.id.as_str().into(),
                rule_name: rule.name.as_str().into(),
                severity,
                message: fill(&rule.message, &vars).into(),
                help: help.into(),
                span: glob.span,
                identity: format!("retention[{}].forms[{}]", policy_key(p), glob.value).into(),
                category: None,
            });
        }
    }
    Some(out)
}

/// The form id closest to `glob`, if one is close enough to be a typo of it: a glob without
/// wildcards is compared with whole ids, one with wildcards by its part before the first
/// wildcard with the start of each id (of that length, give or take a character). Ties go
/// to the id that sorts first. A part of fewer than three characters is too short to be a
/// typo of anything in particular: no hint.
fn closest_form<'a>(glob: &str, ids: &[&'a str]) -> Option<&'a str> {
    let literal = glob
        .find(['*', '?', '[', '{'])
        .map_or(glob, |end| &glob[..end]);
    let whole = literal.len() == glob.len();
    if literal.chars().count() < 3 {
        return None;
    }
    let literal = literal.to_lowercase();
    let n = literal.chars().count();
    let limit = |len: usize| (len.max(n) / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for &id in ids {
        let id_lower = id.to_lowercase();
        let distance = if whole {
            Some(crate::diag::levenshtein(&literal, &id_lower))
                .filter(|&d| d <= limit(id_lower.chars().count()))
        } else {
            // The id's starts of n - 1, n and n + 1 characters.
            let ends = id_lower
                .char_indices()
                .map(|(i, _)| i)
                .chain([id_lower.len()])
                .skip(n.saturating_sub(1))
                .take(3);
            ends.filter_map(|end| {
                let start = &id_lower[..end];
                let d = crate::diag::levenshtein(&literal, start);
                (d <= limit(start.chars().count())).then_some(d)
            })
            .min()
        };
        if let Some(d) = distance {
            if best.is_none_or(|(bd, bid)| (d, id) < (bd, bid)) {
                best = Some((d, id));
            }
        }
    }
    best.map(|(_, id)| id)
}

use std::borrow::Cow;
use std::sync::OnceLock;

use super::vocabulary::Match;

/// Texts and their vocabulary matches, as an engine learnt them ([`Engine::learnt`]).
pub type Learnt = Vec<(Box<str>, Vec<Match>)>;

/// Vocabulary matches per distinct text, worked out once: many rules ask about the same
/// label, and many forms share labels. In a check each thread keeps one from file to file
/// (and the files checked at the end one of their own; [`Engine::with_matches`]), bounded so
/// that it never holds every text of a run:
/// two generations, the texts learnt or used since the last turn (`hot`) and those of the
/// turn before (`cold`); a text of the cold one that is used again moves back while the hot
/// one has room, the rest go at the next turn. Labels that recur stay; a run's one-off texts
/// (ids, titles) pass.
#[derive(Default, Clone)]
pub struct Matches {
    hot: HashMap<Box<str>, Vec<Match>>,
    cold: HashMap<Box<str>, Vec<Match>>,
}

impl Matches {
    /// Texts per generation at most.
    const MAX: usize = 2_048;

    /// Whether no text's matches are kept.
    pub fn is_empty(&self) -> bool {
        self.hot.is_empty() && self.cold.is_empty()
    }

    /// Works out the matches of the texts not known yet, in parallel.
    pub fn learn<'t>(&mut self, vocab: &Vocabulary, texts: impl Iterator<Item = &'t str>) {
        use rayon::prelude::*;
        let mut seen = rustc_hash::FxHashSet::default();
        let mut new: Vec<&str> = Vec::new();
        for t in texts {
            if self.hot.contains_key(t) {
                continue;
            }
            if self.cold.contains_key(t) {
                // Used again: back to the hot generation while it has room.
                if self.hot.len() < Self::MAX {
                    if let Some((k, v)) = self.cold.remove_entry(t) {
                        self.hot.insert(k, v);
                    }
                }
                continue;
            }
            if seen.insert(t) {
                new.push(t);
            }
        }
        // Past the bound even alone, the rest are matched when asked, not kept.
        new.truncate(Self::MAX);
        let found: Vec<Vec<Match>> = new.par_iter().map(|t| asked(vocab, t)).collect();
        if self.hot.len() + new.len() > Self::MAX {
            self.cold = std::mem::take(&mut self.hot);
        }
        self.hot.extend(new.into_iter().map(Box::from).zip(found));
    }

    /// The texts of `model`'s forms that rules ask about (`asked`; nothing when it is empty).
    pub fn learn_forms(&mut self, vocab: &Vocabulary, model: &Model, asked: &Asked) {
        if asked.is_empty() {
            return;
        }
        let mut texts = Vec::new();
        for f in &model.forms {
            form_texts(f, *asked, &mut texts);
        }
        self.learn(vocab, texts.into_iter());
    }

    #[cfg(test)]
    fn asked(&self, vocab: &Vocabulary, text: &str) -> Cow<'_, [Match]> {
        match self.known(text) {
            Some((m, _)) => Cow::Borrowed(m),
            None => Cow::Owned(asked(vocab, text)),
        }
    }

    /// The matches of `text`, if known, and whether they are of the cold generation.
    fn known(&self, text: &str) -> Option<(&[Match], bool)> {
        match self.hot.get(text) {
            Some(m) => Some((m, false)),
            None => self.cold.get(text).map(|m| (&m[..], true)),
        }
    }

    /// Keeps what an engine run learnt ([`Engine::keeping`]): the texts it matched, and
    /// those of the cold generation it used again, in the hot generation (as
    /// [`Matches::learn`] would have).
    pub fn keep(&mut self, mut learnt: Learnt) {
        learnt.truncate(Self::MAX);
        if self.hot.len() + learnt.len() > Self::MAX {
            self.cold = std::mem::take(&mut self.hot);
        }
        self.hot.extend(learnt);
    }
}

/// What a keeping engine learnt ([`Engine::keeping`]), in the order it learnt it, and, once
/// that is more than a few texts, where each is: a file of many distinct texts looked each up
/// in those learnt before it (a form of 20,000 distinct labels: about 3 s).
#[derive(Default)]
struct Learning {
    texts: Learnt,
    /// Past [`Learning::SCAN`] texts, the place of the first text of each hash in `texts`.
    at: HashMap<u64, usize>,
}

impl Learning {
    /// Texts looked up by a scan (most files learn fewer: no hash to work out, no index).
    const SCAN: usize = 32;

    fn hash(text: &str) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(text)
    }

    /// The matches of `text`, if learnt.
    fn find(&self, text: &str) -> Option<&[Match]> {
        if self.texts.len() > Self::SCAN {
            match self.at.get(&Self::hash(text)) {
                None => return None,
                Some(&i) if *self.texts[i].0 == *text => return Some(&self.texts[i].1),
                // Another text of the same hash: a scan, as rarely as that happens.
                Some(_) => {}
            }
        }
        self.texts
            .iter()
            .find(|(t, _)| {
                compared();
                **t == *text
            })
            .map(|(_, m)| &m[..])
    }

    /// Learns `text` (not learnt yet) and its matches.
    fn push(&mut self, text: &str, matches: Vec<Match>) {
        self.texts.push((text.into(), matches));
        let n = self.texts.len();
        if n <= Self::SCAN {
            return;
        }
        let from = if n == Self::SCAN + 1 { 0 } else { n - 1 };
        for (i, (t, _)) in self.texts.iter().enumerate().skip(from) {
            self.at.entry(Self::hash(t)).or_insert(i);
        }
    }
}

/// What a keeping engine knows of `text` (`known`: what its memo knows, if it is of the cold
/// generation): learnt already, or learnt now.
// Not inlined: the memo answers most questions, and that path, kept small, is inlined where
// rules ask (check on the bench corpus: 10 M instructions fewer than with this inlined).
#[inline(never)]
fn learnt_or_learn(
    learnt: &std::sync::Mutex<Learning>,
    vocab: &Vocabulary,
    text: &str,
    known: Option<(&[Match], bool)>,
) -> Vec<Match> {
    let mut learnt = learnt
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(m) = learnt.find(text) {
        return m.to_vec();
    }
    let m = match known {
        // Used again: back to the hot generation.
        Some((m, _)) => m.to_vec(),
        None => asked(vocab, text),
    };
    learnt.push(text, m.clone());
    m
}

crate::steps::step_counter!(
    /// Learnt texts compared with one asked about (see the tests).
    COMPARED,
    compared
);

/// The texts of a form that rules match against the vocabulary (those in `asked`), added
/// to `out` (plain loops: the iterator chain this was cost seven times as much a text).
fn form_texts<'f>(form: &'f Form, asked: Asked, out: &mut Vec<&'f str>) {
    for a in ["id", "title"] {
        if asked.form(a) {
            out.extend(form_attr(form, a).map(|t| t.value.as_str()));
        }
    }
    if asked.notices {
        out.extend(form.notices.iter().map(|t| t.value.as_str()));
    }
    for f in &form.fields {
        for i in (0..TEXT_ATTR_COUNT).filter(|i| asked.field & (1 << i) != 0) {
            out.extend(field_text(f, i).map(|t| t.value.as_str()));
        }
    }
}

/// What a field asks for, worked out once per field.
struct FieldFacts<'a> {
    /// (category index, span of the text that revealed it, matched words).
    asks: Vec<(usize, Span, &'a str)>,
    /// The parties its own name names ([`Vocabulary::parties`]), worked out when a rule
    /// first compares it with another field.
    parties: OnceLock<u128>,
    /// For each of `asks`: the first earlier field of the form that asks for the same
    /// category of the same person, not another part of one datum ([`Engine::repeats`]).
    repeats: OnceLock<Vec<Option<usize>>>,
}

/// The node a rule is evaluated on.
#[derive(Clone, Copy)]
/// A form's subjects carry the form's place in the model's list (`at`), where its facts are.
enum Subject<'m> {
    Field {
        form: &'m Form,
        at: usize,
        fi: usize,
    },
    Form {
        form: &'m Form,
        at: usize,
    },
    ProcessorRef {
        form: &'m Form,
        at: usize,
        reference: &'m Spanned<String>,
    },
    Policy(&'m RetentionPolicy),
    Setting {
        name: &'static str,
        value: &'m Spanned<Duration>,
        owner: Owner<'m>,
    },
    Processor(&'m Processor),
}

#[derive(Clone, Copy)]
enum Owner<'m> {
    Policy(&'m RetentionPolicy),
    Processor(&'m Processor),
}

/// Variables and a location picked up while a condition matched.
/// Values borrow from the model and the vocabulary where they can: most hits are dropped
/// unreported (a later condition fails), so they should cost no allocation.
#[derive(Default, Clone)]
struct Hit<'a> {
    vars: Vec<(&'static str, Cow<'a, str>)>,
    span: Option<Span>,
}

impl<'a> Hit<'a> {
    fn var(mut self, k: &'static str, v: impl Into<Cow<'a, str>>) -> Hit<'a> {
        self.vars.push((k, v.into()));
        self
    }
    fn at(mut self, span: Span) -> Hit<'a> {
        self.span = Some(span);
        self
    }
    fn merge(&mut self, other: Hit<'a>) {
        // Most hits carry no values, and the first that does is taken whole.
        if self.vars.is_empty() {
            self.vars = other.vars;
        } else if !other.vars.is_empty() {
            self.vars.extend(other.vars);
        }
        if other.span.is_some() {
            self.span = other.span;
        }
    }
}

pub struct Engine<'a> {
    pub model: &'a Model,
    pub vocab: &'a Vocabulary,
    pub thresholds: &'a Thresholds,
    /// Per form, in the model's order: its fields' facts, and whether it warns people;
    /// worked out when a rule first asks (rules that never ask cost nothing).
    facts: Vec<OnceLock<(Vec<FieldFacts<'a>>, bool)>>,
    /// Per form, per field, per text attribute ([`attr_index`]): the categories its texts
    /// mention, as bits ([`Vocabulary::category_bit`]) with [`KNOWN`], once asked (0 until
    /// then). Several rules ask whether one text mentions a category, most of them of texts
    /// that mention none: the bits answer no without looking the text up again.
    mentioned: Vec<Box<[[AtomicU64; TEXT_ATTR_COUNT]]>>,
    /// `vocab` is the built-in vocabulary, which conditions' categories are read against
    /// ([`Categories::bits_in`]).
    builtin: bool,
    memo: Cow<'a, Matches>,
    /// The run's policies are not all known yet (see [`Assume`]).
    partial: bool,
    /// In a partial engine, the policies known so far: an answer they give is final.
    known: &'a [RetentionPolicy],
    /// The forms (ids, in file order) that send to each processor, worked out when first
    /// asked.
    senders: OnceLock<HashMap<&'a str, Vec<&'a str>>>,
    /// With [`Engine::keeping`]: the texts matched that `memo` did not know, and those it
    /// knew from its cold generation, for the caller to keep ([`Engine::learnt`]).
    learnt: Option<std::sync::Mutex<Learning>>,
}

fn truth<'a>(b: bool) -> Option<Hit<'a>> {
    b.then(Hit::default)
}

impl<'a> Engine<'a> {
    /// An engine that has learnt every text of `model`'s forms, whatever the rules ask.
    pub fn new(model: &'a Model, vocab: &'a Vocabulary, thresholds: &'a Thresholds) -> Engine<'a> {
        let mut memo = Matches::default();
        memo.learn_forms(vocab, model, &Asked::ALL);
        Self::build(model, vocab, thresholds, Cow::Owned(memo))
    }

    /// An engine that looks vocabulary matches up in `matches` (texts it has not learnt,
    /// [`Matches::learn_forms`], are matched when asked).
    pub fn with_matches(
        model: &'a Model,
        vocab: &'a Vocabulary,
        thresholds: &'a Thresholds,
        matches: &'a Matches,
    ) -> Engine<'a> {
        Self::build(model, vocab, thresholds, Cow::Borrowed(matches))
    }

    fn build(
        model: &'a Model,
        vocab: &'a Vocabulary,
        thresholds: &'a Thresholds,
        memo: Cow<'a, Matches>,
    ) -> Engine<'a> {
        Engine {
            model,
            vocab,
            thresholds,
            facts: model.forms.iter().map(|_| OnceLock::new()).collect(),
            mentioned: model
                .forms
                .iter()
                .map(|f| f.fields.iter().map(|_| Default::default()).collect())
                .collect(),
            builtin: std::ptr::eq(vocab, Vocabulary::builtin()),
            memo,
            partial: false,
            known: &[],
            senders: OnceLock::new(),
            learnt: None,
        }
    }

    /// An engine that matches the texts its memo does not know as rules ask about them (not
    /// every text of the model beforehand: most of a file's one-off texts are never asked),
    /// each once, and gives them back with [`Engine::learnt`].
    #[must_use]
    pub fn keeping(mut self) -> Self {
        self.learnt = Some(std::sync::Mutex::default());
        self
    }

    /// What a [`Engine::keeping`] engine learnt, for [`Matches::keep`].
    pub fn learnt(self) -> Learnt {
        self.learnt
            .map(|l| {
                l.into_inner()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .texts
            })
            .unwrap_or_default()
    }

    /// The vocabulary matches of `text`: from the memo, or worked out (and, keeping, kept).
    fn asked(&self, text: &str) -> Cow<'_, [Match]> {
        let known = self.memo.known(text);
        let Some(learnt) = &self.learnt else {
            return match known {
                Some((m, _)) => Cow::Borrowed(m),
                None => Cow::Owned(asked(self.vocab, text)),
            };
        };
        if let Some((m, false)) = known {
            return Cow::Borrowed(m);
        }
        Cow::Owned(learnt_or_learn(learnt, self.vocab, text, known))
    }

    /// Evaluates with the run's retention policies not all known yet (see [`Assume`]);
    /// `known` are those read so far. More policies only ever cover more, so a question
    /// they answer yes is settled: no finding waits on it.
    #[must_use]
    pub fn partial(mut self, known: &'a [RetentionPolicy]) -> Self {
        self.partial = true;
        self.known = known;
        self
    }

    /// Runs every enabled rule; `severity_of` gives the effective severity (None: off).
    /// `skip` tells which files' nodes not to report on (files with input errors). A partial
    /// engine also returns the findings that wait on the policies.
    pub fn run(
        &self,
        rules: &[Rule],
        severity_of: impl Fn(&Rule) -> Option<Severity>,
        skip: impl Fn(u32) -> bool + Sync,
    ) -> (Vec<Finding>, Vec<Pending>) {
        use rayon::prelude::*;
        let prepared = Prepared::new(rules, severity_of, self.partial);
        // Subjects are independent: evaluate them in parallel; the report sorts findings.
        let out: Vec<Result<Finding, Pending>> = self
            .subjects()
            .par_iter()
            .filter(|s| !skip(s.anchor().file))
            .flat_map_iter(|s| {
                let mut out = Vec::new();
                self.evaluate(&prepared, s, &mut out, &mut Texts::new(None));
                out
            })
            .collect();
        let mut findings = Vec::with_capacity(out.len());
        let mut pending = Vec::new();
        // Findings of many forms say the same few things: keep each text once. Those that
        // wait on the policies (most of which the policies will drop) share only among
        // themselves, so that the run's texts do not keep theirs.
        let (mut texts, mut waiting) = (Interner::default(), Interner::default());
        for o in out {
            match o {
                Ok(mut f) => {
                    texts.finding(&mut f);
                    findings.push(f);
                }
                Err(mut p) => {
                    waiting.finding(&mut p.finding);
                    pending.push(p);
                }
            }
        }
        (findings, pending)
    }

    /// Runs `prepared` (made for a partial engine or not, as this one is) on every subject,
    /// on this thread, adding findings to `findings` and those that wait on the policies to
    /// `pending`; the texts of `findings` shared through `shared` (when given), those of
    /// `pending` not. For a small model checked where it was loaded, on a thread of a pool
    /// that is busy already.
    pub fn run_here(
        &self,
        prepared: &Prepared,
        findings: &mut Vec<Finding>,
        pending: &mut Vec<Pending>,
        shared: Option<&mut Interner>,
    ) {
        let mut out = Vec::new();
        let mut texts = Texts::new(shared);
        // Room for most messages and helps at once, not grown several times a file.
        texts.buf.reserve(256);
        for s in &self.subjects() {
            self.evaluate(prepared, s, &mut out, &mut texts);
        }
        for o in out {
            match o {
                Ok(f) => findings.push(f),
                Err(p) => pending.push(p),
            }
        }
    }

    /// Evaluates every enabled rule of `s`'s scope on `s`, the findings' texts made by
    /// `texts`.
    fn evaluate(
        &self,
        prepared: &Prepared,
        s: &Subject<'a>,
        out: &mut Vec<Result<Finding, Pending>>,
        texts: &mut Texts,
    ) {
        // What the policies known so far say of the subject's form, once asked.
        let mut answers: Option<Known> = None;
        let field = match *s {
            Subject::Field { form, fi, .. } => form
                .fields
                .get(fi)
                .map(|f| (field_bits(form, f), f.kind.value)),
            _ => None,
        };
        for e in prepared
            .enabled
            .get(s.scope() as usize)
            .map_or(&[][..], Vec::as_slice)
        {
            if field.is_some_and(|(bits, kind)| !e.gate.admits(bits, kind)) {
                continue;
            }
            let assumed = match s {
                Subject::ProcessorRef { .. } => &e.of_ref,
                _ => &e.of_form,
            };
            let form = Self::form_of(s)
                .map(|(form, _)| form)
                .filter(|_| !assumed.is_empty());
            let Some(form) = form else {
                if let Some(hit) = self.eval(&e.when, s, Assume::default()) {
                    out.push(Ok(self.finding(e, s, hit, Assume::default(), texts)));
                }
                continue;
            };
            let processor = match s {
                Subject::ProcessorRef { reference, .. } => Some(reference.value.as_str()),
                _ => None,
            };
            for &a in assumed {
                let known = *answers.get_or_insert_with(|| {
                    Known::of(self.known, &form.id.value, processor, |p| {
                        form.processors.iter().any(|r| r.value == p)
                    })
                });
                let Some(settled) = a.settled(known) else {
                    continue;
                };
                let Some(hit) = self.eval(&e.when, s, a) else {
                    continue;
                };
                if settled {
                    out.push(Ok(self.finding(e, s, hit, a, texts)));
                } else {
                    out.push(Err(Pending {
                        // Not shared with the run's: most of them the policies will drop.
                        finding: texts.unshared(|texts| self.finding(e, s, hit, a, texts)),
                        form: form.id.value.clone(),
                        processor: processor.map(str::to_owned),
                        sends_to: form.processors.iter().map(|r| r.value.clone()).collect(),
                        assume: a,
                    }));
                }
            }
        }
    }

    fn subjects(&self) -> Vec<Subject<'a>> {
        let m = self.model;
        let forms: usize = m
            .forms
            .iter()
            .map(|f| 1 + f.fields.len() + f.processors.len())
            .sum();
        let mut v = Vec::with_capacity(forms + m.policies.len() * 5 + m.processors.len() * 2);
        for (at, form) in m.forms.iter().enumerate() {
            v.push(Subject::Form { form, at });
            for fi in 0..form.fields.len() {
                v.push(Subject::Field { form, at, fi });
            }
            for reference in &form.processors {
                v.push(Subject::ProcessorRef {
                    form,
                    at,
                    reference,
                });
            }
        }
        for p in &m.policies {
            v.push(Subject::Policy(p));
            for name in RETENTION_SETTINGS {
                if let Some(value) = p.setting(name) {
                    v.push(Subject::Setting {
                        name,
                        value,
                        owner: Owner::Policy(p),
                    });
                }
            }
        }
        for p in &m.processors {
            v.push(Subject::Processor(p));
            if let Some(value) = &p.keeps {
                v.push(Subject::Setting {
                    name: "keeps",
                    value,
                    owner: Owner::Processor(p),
                });
            }
        }
        v
    }

    fn eval(&self, c: &Condition, s: &Subject<'a>, a: Assume) -> Option<Hit<'a>> {
        match c {
            Condition::All(cs) => {
                let mut hit = Hit::default();
                for c in cs {
                    hit.merge(self.eval_inner(c, s, a)?);
                }
                Some(hit)
            }
            Condition::Any(cs) => cs.iter().find_map(|c| self.eval_inner(c, s, a)),
            Condition::Not(c) => truth(self.eval_inner(c, s, a).is_none()),
            Condition::Pred(p) => self.pred(p, s, a),
        }
    }

    /// [`Engine::eval`] of a condition inside another: a predicate (most of them) asked
    /// straight away, without a call of `eval` around it.
    #[inline(always)]
    fn eval_inner(&self, c: &Condition, s: &Subject<'a>, a: Assume) -> Option<Hit<'a>> {
        match c {
            Condition::Pred(p) => self.pred(p, s, a),
            _ => self.eval(c, s, a),
        }
    }

    /// The facts of `form`, one of the model's forms: found by its place in the model's
    /// list, worked out from its address (no lookup per question).
    fn form_facts(&self, at: usize) -> Option<&(Vec<FieldFacts<'a>>, bool)> {
        let form = self.model.forms.get(at)?;
        self.facts
            .get(at)
            .map(|once| once.get_or_init(|| self.work_out_facts(form, at)))
    }

    fn work_out_facts(&self, form: &'a Form, at: usize) -> (Vec<FieldFacts<'a>>, bool) {
        let vocab = self.vocab;
        let warning = vocab.warning();
        let mentions = |cat: Option<usize>, text: &str| {
            cat.is_some_and(|c| self.asked(text).iter().any(|m| m.category == c))
        };
        let mut warns = form.notices.iter().any(|n| mentions(warning, &n.value));
        let mut facts = Vec::with_capacity(form.fields.len());
        for (fi, field) in form.fields.iter().enumerate() {
            // The texts read whole for the facts: what they mention is known too.
            let mut read = [0; TEXT_ATTR_COUNT];
            facts.push(field_facts(vocab, &|t| self.asked(t), field, &mut read));
            if let Some(slots) = self.mentioned.get(at).and_then(|f| f.get(fi)) {
                for (slot, bits) in slots.iter().zip(read).filter(|(_, b)| *b != 0) {
                    slot.store(bits, Relaxed);
                }
            }
            // Once the form is known to warn, its other texts need not be asked. Only what
            // people see warns them: not an agent-only field's options ("Removed personal
            // data", a step of the agents' workflow), nor a hidden field's value.
            warns = warns
                || field.visible
                    && WARNING_ATTRS
                        .iter()
                        .any(|&i| field_text(field, i).any(|t| mentions(warning, &t.value)));
        }
        (facts, warns)
    }

    /// The subject's form and the form's place in the model's list.
    fn form_of(s: &Subject<'a>) -> Option<(&'a Form, usize)> {
        match *s {
            Subject::Field { form, at, .. }
            | Subject::Form { form, at }
            | Subject::ProcessorRef { form, at, .. } => Some((form, at)),
            _ => None,
        }
    }

    #[allow(clippy::too_many_lines)]
    fn pred(&self, p: &Pred, s: &Subject<'a>, a: Assume) -> Option<Hit<'a>> {
        // Form-level questions, asked of a form or of a field's form.
        if let Some((form, at)) = Self::form_of(s) {
            match p {
                Pred::Audience(a) => return truth(form.audience == *a),
                Pred::Public(b) => return truth(form.public == *b),
                Pred::HasFreeText(b) => {
                    return truth(
                        form.fields
                            .iter()
                            .any(|f| f.kind.value.is_free_text() && f.visible)
                            == *b,
                    )
                }
                Pred::Warns(b) => return truth(self.form_facts(at).is_some_and(|(_, w)| *w) == *b),
                Pred::Covered(b) => {
                    let covered = a
                        .covered
                        .unwrap_or_else(|| covered(&self.model.policies, form));
                    return truth(covered == *b);
                }
                _ => {}
            }
        }
        match (p, *s) {
            (_, Subject::Field { form, at, fi }) => self.field_pred(p, form, at, fi, a),
            (Pred::Missing(a), Subject::Form { form, .. }) => truth(form_attr(form, a).is_none()),
            (Pred::Present(a), Subject::Form { form, .. }) => truth(form_attr(form, a).is_some()),
            (Pred::Supports(c), Subject::Form { form, .. }) => truth(supports(form, c)),
            (Pred::Mentions { categories, attrs }, Subject::Form { form, .. }) => {
                attrs.iter().find_map(|a| {
                    let t = form_attr(form, a)?;
                    self.mention(categories, t)
                })
            }
            (Pred::Pattern { regex, attrs }, Subject::Form { form, .. }) => {
                attrs.iter().find_map(|a| {
                    let t = form_attr(form, a)?;
                    regex
                        .find(&t.value)
                        .map(|m| Hit::default().var("matched", m.as_str()).at(t.span))
                })
            }
            (
                Pred::HasPolicy(b),
                Subject::ProcessorRef {
                    form, reference, ..
                },
            ) => {
                let has = a.has_policy.unwrap_or_else(|| {
                    has_policy(&self.model.policies, &form.id.value, &reference.value)
                });
                truth(has == *b)
            }
            (Pred::Setting(names), Subject::Setting { name, .. }) => {
                truth(names.iter().any(|n| n == name))
            }
            (Pred::Owner(o), Subject::Setting { owner, .. }) => truth(match owner {
                Owner::Policy(_) => o == "policy",
                Owner::Processor(_) => o == "processor",
            }),
            (Pred::Forever(b), Subject::Setting { value, .. }) => {
                truth(value.value.is_forever() == *b)
            }
            (Pred::ExceedsMax(b), Subject::Setting { name, value, .. }) => {
                let max = self.thresholds.max_for(name);
                let exceeds = max.is_some_and(|m| value.value.as_days() > m.as_days());
                let hit = truth(exceeds == *b)?;
                Some(match max {
                    Some(m) => hit.var("max", m.to_string()),
                    None => hit,
                })
            }
            (Pred::Missing(a), Subject::Policy(p)) => truth(policy_attr(p, a).is_none()),
            (Pred::Present(a), Subject::Policy(p)) => truth(policy_attr(p, a).is_some()),
            (Pred::FreeTextShorter(b), Subject::Policy(p)) => {
                let ticket = p.closed_tickets.as_ref().map(|d| d.value.as_days());
                let free = p.free_text.as_ref().map(|d| d.value.as_days());
                // Free text without its own setting is kept as long as the ticket.
                let shorter = match (free, ticket) {
                    // Tickets deleted at once: free text cannot go sooner, nor needs to.
                    (_, Some(0)) => true,
                    (Some(f), Some(t)) => f < t,
                    (Some(_), None) => true,
                    (None, _) => false,
                };
                let at = p
                    .free_text
                    .as_ref()
                    .or(p.closed_tickets.as_ref())
                    .map_or(p.span, |d| d.span);
                truth(shorter == *b).map(|h| h.at(at))
            }
            (Pred::FreeTextLonger(b), Subject::Policy(p)) => {
                let longer = match (&p.free_text, &p.closed_tickets) {
                    (Some(f), Some(t)) => f.value.as_days() > t.value.as_days(),
                    _ => false,
                };
                truth(longer == *b)
            }
            (Pred::BackupsWithinGrace(b), Subject::Policy(p)) => {
                // `forever` is `unbounded-retention`'s to report.
                let (Some(backups), Some(ticket)) = (&p.backups, &p.closed_tickets) else {
                    return truth(*b);
                };
                if backups.value.is_forever() {
                    return truth(*b);
                }
                let limit = ticket
                    .value
                    .as_days()
                    .saturating_add(self.thresholds.backup_grace.as_days());
                let within = backups.value.as_days() <= limit;
                // The period suggested is also within `max_retention.backups`, so that
                // taking it does not trip `retention-above-maximum`.
                let suggested = match self.thresholds.max_for("backups") {
                    Some(m) if m.as_days() < limit => m,
                    _ => Duration::days(limit),
                };
                truth(within == *b).map(|h| {
                    h.at(backups.span)
                        .var("grace", self.thresholds.backup_grace.to_string())
                        .var("limit", suggested.to_string())
                })
            }
            (Pred::Missing(a), Subject::Processor(p)) => truth(processor_attr(p, a).is_none()),
            (Pred::Present(a), Subject::Processor(p)) => truth(processor_attr(p, a).is_some()),
            (Pred::ThirdParty(b), Subject::Processor(p)) => truth(p.is_third_party() == *b),
            (Pred::KeepsExceedsPolicy(b), Subject::Processor(p)) => {
                // Of the periods the processor's copies are kept for (per form), the
                // shortest that `keeps` exceeds: keeping no longer than it clears the finding.
                let exceeded = p.keeps.as_ref().and_then(|keeps| {
                    self.sending_policies(p)
                        .into_iter()
                        .filter_map(|pol| pol.closed_tickets.as_ref().map(|d| (pol, d)))
                        .filter(|(_, d)| keeps.value.as_days() > d.value.as_days())
                        .min_by_key(|(_, d)| d.value.as_days())
                });
                match (exceeded, b) {
                    (Some((pol, d)), true) => Some(
                        Hit::default()
                            .var("policy", describe_policy(pol))
                            .var("policy_value", d.value.to_string()),
                    ),
                    (None, false) => Some(Hit::default()),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The policies under which data reaches processor `p`, as the audit reads them: for
    /// each form that sends to it, the policies covering the form that name `p` (and set
    /// `closed_tickets`), or else the form's general policies; of several, the one keeping
    /// tickets longest governs. With no form sending to it (a run of the retention file
    /// alone), the policies naming it.
    fn sending_policies(&self, p: &Processor) -> Vec<&'a RetentionPolicy> {
        let senders = self.senders.get_or_init(|| {
            let mut by: HashMap<&'a str, Vec<&'a str>> = HashMap::default();
            for (id, refs) in self.model.form_refs() {
                for r in refs {
                    let forms = by.entry(r.value.as_str()).or_default();
                    if forms.last() != Some(&id.value.as_str()) {
                        forms.push(id.value.as_str());
                    }
                }
            }
            by
        });
        let forms = senders.get(p.id.value.as_str());
        if forms.is_none_or(Vec::is_empty) {
            return self
                .model
                .policies
                .iter()
                .filter(|pol| {
                    pol.processor
                        .as_ref()
                        .is_some_and(|x| x.value == p.id.value)
                })
                .collect();
        }
        let days = |pol: &RetentionPolicy| pol.closed_tickets.as_ref().map(|d| d.value.as_days());
        let mut v: Vec<&RetentionPolicy> = Vec::new();
        for id in forms.into_iter().flatten() {
            let named = || {
                self.model
                    .policies_for(id)
                    .filter(|pol| sets_tickets_at(pol, &p.id.value))
            };
            let governing = if named().next().is_some() {
                named().max_by_key(|pol| days(pol))
            } else {
                self.model
                    .policies_for(id)
                    .filter(|pol| pol.processor.is_none())
                    .max_by_key(|pol| days(pol))
            };
            if let Some(pol) = governing {
                if !v.iter().any(|x| std::ptr::eq(*x, pol)) {
                    v.push(pol);
                }
            }
        }
        v
    }

    /// The categories field `fi` of form `at` (`field`) mentions in its texts of attribute
    /// `i`, as bits with [`KNOWN`] ([`Engine::mentioned`]): worked out on first ask.
    fn mentioned(&self, at: usize, fi: usize, field: &Field, i: usize) -> u64 {
        let Some(slot) = self
            .mentioned
            .get(at)
            .and_then(|f| f.get(fi))
            .and_then(|attrs| attrs.get(i))
        else {
            // Not a field of the model: every category may be there.
            return u64::MAX;
        };
        let known = slot.load(Relaxed);
        if known != 0 {
            return known;
        }
        let bits =
            field_text(field, i).fold(KNOWN, |m, t| m | Vocabulary::bits_of(&self.asked(&t.value)));
        slot.store(bits, Relaxed);
        bits
    }

    fn mention(&self, categories: &[String], t: &'a Spanned<String>) -> Option<Hit<'a>> {
        self.mention_if(categories, t, |_| true)
    }

    /// [`Engine::mention`], of the matches whose words `keep` says yes to.
    fn mention_if(
        &self,
        categories: &[String],
        t: &'a Spanned<String>,
        keep: impl Fn(&str) -> bool,
    ) -> Option<Hit<'a>> {
        self.asked(&t.value).iter().find_map(|m| {
            let c = &self.vocab.categories[m.category];
            let words = t.value.get(m.start..m.end).unwrap_or_default();
            (categories.contains(&c.id) && keep(words)).then(|| {
                Hit::default()
                    .var("category", c.name.as_str())
                    .var("matched", words)
                    .at(t.span)
            })
        })
    }

    fn field_pred(
        &self,
        p: &Pred,
        form: &'a Form,
        at: usize,
        fi: usize,
        a: Assume,
    ) -> Option<Hit<'a>> {
        let field = &form.fields[fi];
        let facts = || self.form_facts(at).and_then(|f| f.0.get(fi));
        match p {
            Pred::Type(kinds) => truth(kinds.contains(&field.kind.value)),
            Pred::FreeText(b) => truth(field.kind.value.is_free_text() == *b),
            Pred::Missing(a) => truth(!field_has(field, a)),
            Pred::Present(a) => truth(field_has(field, a)),
            Pred::Supports(c) => truth(supports(form, c)),
            Pred::Required(b) => truth(field.is_required() == *b),
            Pred::Visible(b) => truth(field.visible == *b),
            Pred::CollectsLogs(b) => truth(field.collects_logs == *b),
            Pred::AsksFor(cats) => {
                let wanted = cats.bits_in(self.vocab, self.builtin);
                facts()?.asks.iter().find_map(|(c, span, words)| {
                    let cat = &self.vocab.categories[*c];
                    (wanted & Vocabulary::category_bit(*c) != 0 && cats.contains(&cat.id)).then(
                        || {
                            Hit::default()
                                .var("category", cat.name.as_str())
                                .var("matched", *words)
                                .at(*span)
                        },
                    )
                })
            }
            Pred::Mentions { categories, attrs } => {
                let wanted = categories.bits_in(self.vocab, self.builtin);
                attrs.iter().find_map(|a| {
                    let i = attr_index(a)?;
                    if self.mentioned(at, fi, field, i) & wanted == 0 {
                        return None;
                    }
                    // A description's bare word means what the label's does: "The address
                    // of the token" under "Token contract address" names no home address.
                    field_text(field, i).find_map(|t| {
                        if i == DESCRIPTION {
                            self.mention_if(categories, t, |w| {
                                !label_says_otherwise(self.vocab, field, w)
                            })
                        } else {
                            self.mention(categories, t)
                        }
                    })
                })
            }
            Pred::Pattern { regex, attrs } => attrs.iter().find_map(|a| {
                field_texts(field, a).find_map(|t| {
                    regex
                        .find(&t.value)
                        .map(|m| Hit::default().var("matched", m.as_str()).at(t.span))
                })
            }),
            Pred::RepeatsCategory(cats) => {
                let all = &self.form_facts(at)?.0;
                let wanted = cats.bits_in(self.vocab, self.builtin);
                all.get(fi)?.asks.iter().find_map(|(c, span, _)| {
                    if wanted & Vocabulary::category_bit(*c) == 0
                        || !cats.contains(&self.vocab.categories[*c].id)
                    {
                        return None;
                    }
                    let earlier = self.first_repeat(form, all, fi, *c)?;
                    // An object that repeats another (`temporaryAddress` after
                    // `permanentAddress`: street, city, postal code...) is reported once, at
                    // its first field that does: one decision, not one finding a part.
                    // The message names the others (`{others}`), so that a suppression
                    // or baseline entry of the one finding knowingly covers them all.
                    let group = parent(&form.fields[fi].id.value);
                    let other = parent(&form.fields[earlier].id.value);
                    let mut others = String::new();
                    if other != group {
                        // Whether field `s` of the object repeats one of the other object.
                        let repeats_other = |s: usize| {
                            parent(&form.fields[s].id.value) == group
                                && all[s]
                                    .asks
                                    .iter()
                                    .position(|(sc, _, _)| sc == c)
                                    .is_some_and(|ks| {
                                        self.repeats(form, all, s)
                                            .get(ks)
                                            .copied()
                                            .flatten()
                                            .is_some_and(|e| {
                                                parent(&form.fields[e].id.value) == other
                                            })
                                    })
                        };
                        if (0..fi).any(repeats_other) {
                            return None;
                        }
                        let more: Vec<usize> = (fi + 1..form.fields.len())
                            .filter(|&t| repeats_other(t))
                            .collect();
                        others =
                            object_others(&more, |t| own_part(&form.fields[t].id.value), group);
                    }
                    Some(
                        Hit::default()
                            .var("category", self.vocab.categories[*c].name.as_str())
                            .var("other", form.fields[earlier].id.value.as_str())
                            .var("others", others)
                            .at(*span),
                    )
                })
            }
            Pred::AttachmentRetention(b) => {
                let has = a
                    .attachments
                    .unwrap_or_else(|| attachment_retention(&self.model.policies, &form.id.value));
                truth(has == *b)
            }
            _ => None,
        }
    }

    /// For each category field `fi` of `form` asks (its facts' `asks`, in order), its
    /// [`Engine::first_repeat`]: worked out once a field, for fields compared again and again
    /// (the siblings of a field that repeats another object's, DM010).
    fn repeats<'f>(
        &self,
        form: &'a Form,
        all: &'f [FieldFacts<'a>],
        fi: usize,
    ) -> &'f [Option<usize>] {
        let Some(facts) = all.get(fi) else {
            return &[];
        };
        facts.repeats.get_or_init(|| {
            facts
                .asks
                .iter()
                .map(|(c, _, _)| self.first_repeat(form, all, fi, *c))
                .collect()
        })
    }

    /// The first field before field `fi` of `form` that asks for category `c` too, of the
    /// same person, and not for another part of one datum (DM010).
    fn first_repeat(
        &self,
        form: &'a Form,
        all: &[FieldFacts<'a>],
        fi: usize,
        c: usize,
    ) -> Option<usize> {
        // "Last name" after "First name" asks for the other part of one name: a field's label
        // tells which part (its id, when it has none).
        fn text(f: &Field) -> &str {
            f.label.as_ref().map_or(&f.id.value, |l| &l.value)
        }
        // A yes/no question ("Diabetes?", "Heart disease?") asks one thing of a category,
        // never a datum a second time.
        let checkbox = yes_no;
        let me = form.fields.get(fi)?;
        let my_facts = all.get(fi)?;
        if checkbox(me) {
            return None;
        }
        let mine = text(me);
        // Fields of objects named for different parties are of different people or owners
        // (`veteran.phone`, `claimant.phone`; `address.city`, `employerAddress.city`);
        // `billing.street` and `home.street` are one person's.
        // In one object, the parties its fields' names give: `veteranSsn` and `claimantSsn`
        // are two people's, `phone` and `mobile` one's.
        let group = parent(&me.id.value);
        let party = std::cell::OnceCell::new();
        let party = || *party.get_or_init(|| self.vocab.parties(group));
        let parties = |ef: &FieldFacts, f: &Field| {
            *ef.parties
                .get_or_init(|| self.vocab.parties(own_part(&f.id.value)))
        };
        // Objects named for one party in different ranks are two of them: `primaryCaregiver`
        // and `secondaryCaregiverOne`, `applicant` and `coApplicant`.
        let same_subject = |ef: &FieldFacts, f: &'a Field| {
            let other = parent(&f.id.value);
            if other == group {
                parties(ef, f) == parties(my_facts, me)
            } else {
                self.vocab.parties(other) == party()
                    && (party() == 0 || self.vocab.same_rank(other, group))
            }
        };
        all[..fi].iter().zip(&form.fields).position(|(ef, f)| {
            ef.asks.iter().any(|(ec, _, _)| *ec == c)
                && !checkbox(f)
                // Never both shown: a `oneOf`'s "post" branch and its "courier" branch.
                && !me.excludes(f)
                && same_subject(ef, f)
                && !self.vocab.different_parts(mine, text(f))
        })
    }

    fn finding(
        &self,
        e: &Enabled,
        s: &Subject<'a>,
        hit: Hit<'a>,
        a: Assume,
        texts: &mut Texts,
    ) -> Finding {
        let rule = e.rule;
        // Sized for the hit's values too: one allocation, not one grown at once.
        let mut vars = Vec::with_capacity(BASE_VARS + hit.vars.len());
        self.base_vars(s, &mut vars);
        vars.extend(hit.vars);
        let span = match rule.at.as_deref() {
            Some("matched") | None => hit.span.unwrap_or_else(|| s.anchor()),
            Some(attr) => s.attr_span(attr).unwrap_or_else(|| s.anchor()),
        };
        Finding {
            rule_id: e.id.clone(),
            rule_name: e.name.clone(),
            severity: e.severity,
            message: texts.filled(self.message(e, s, a), &vars),
            help: texts.filled(self.help(e, s, a), &vars),
            span,
            identity: s.identity().into(),
            // The value a message would show (the last one bound).
            category: vars
                .iter()
                .rev()
                .find(|(k, _)| *k == "category")
                .map(|(_, v)| texts.text(v)),
        }
    }

    /// The rule's message, or the first `message_if` alternative that holds for the subject.
    fn message<'e>(&self, e: &'e Enabled, s: &Subject<'a>, a: Assume) -> &'e Template<'e> {
        Self::first(&e.rule.message_if, &e.message_if, |when| {
            self.eval(when, s, a)
        })
        .unwrap_or(&e.message)
    }

    /// The rule's help, or the first `help_if` alternative that holds for the subject.
    fn help<'e>(&self, e: &'e Enabled, s: &Subject<'a>, a: Assume) -> &'e Template<'e> {
        Self::first(&e.rule.help_if, &e.help_if, |when| self.eval(when, s, a)).unwrap_or(&e.help)
    }

    /// The template of the first alternative whose condition holds.
    fn first<'t, T>(
        alternatives: &[(Condition, String)],
        templates: &'t [T],
        holds: impl Fn(&Condition) -> Option<Hit<'a>>,
    ) -> Option<&'t T> {
        alternatives
            .iter()
            .zip(templates)
            .find(|((when, _), _)| holds(when).is_some())
            .map(|(_, t)| t)
    }

    /// The variables every finding of `s` has, added to `vars` (at most [`BASE_VARS`]).
    fn base_vars(&self, s: &Subject<'a>, vars: &mut Vec<(&'static str, Cow<'a, str>)>) {
        match *s {
            Subject::Field { form, fi, .. } => {
                let f = &form.fields[fi];
                vars.extend([
                    ("field", Cow::Borrowed(f.id.value.as_str())),
                    (
                        "label",
                        Cow::Borrowed(f.label.as_ref().unwrap_or(&f.id).value.as_str()),
                    ),
                    ("type", Cow::Borrowed(f.kind.value.name())),
                    ("form", Cow::Borrowed(form.id.value.as_str())),
                    (
                        "max",
                        f.max_length.as_ref().map_or(Cow::Borrowed(""), |m| {
                            itoa::Buffer::new().format(m.value).to_owned().into()
                        }),
                    ),
                    (
                        "value",
                        Cow::Borrowed(f.value.as_ref().map_or("", |m| m.value.as_str())),
                    ),
                    (
                        "fix_max_length",
                        Cow::Borrowed(form.capabilities.fix_max_length),
                    ),
                    ("fix_purpose", Cow::Borrowed(form.capabilities.fix_purpose)),
                    ("records", Cow::Borrowed(form.records)),
                ]);
            }
            Subject::Form { form, .. } => vars.extend([
                ("form", Cow::Borrowed(form.id.value.as_str())),
                (
                    "title",
                    Cow::Borrowed(form.title.as_ref().unwrap_or(&form.id).value.as_str()),
                ),
                (
                    "fix_max_length",
                    Cow::Borrowed(form.capabilities.fix_max_length),
                ),
                ("fix_purpose", Cow::Borrowed(form.capabilities.fix_purpose)),
                ("records", Cow::Borrowed(form.records)),
            ]),
            Subject::ProcessorRef {
                form, reference, ..
            } => vars.extend([
                ("form", Cow::Borrowed(form.id.value.as_str())),
                ("processor", Cow::Borrowed(reference.value.as_str())),
            ]),
            Subject::Policy(p) => {
                vars.push(("policy", Cow::Owned(describe_policy(p))));
                for name in RETENTION_SETTINGS {
                    vars.push((
                        name,
                        p.setting(name)
                            .map_or(Cow::Borrowed("unset"), |d| d.value.to_string().into()),
                    ));
                }
            }
            Subject::Setting { name, value, owner } => vars.extend([
                ("setting", Cow::Borrowed(name)),
                ("value", value.value.to_string().into()),
                (
                    "owner",
                    match owner {
                        Owner::Policy(p) => describe_policy(p),
                        Owner::Processor(p) => format!("processor `{}`", p.id.value),
                    }
                    .into(),
                ),
            ]),
            Subject::Processor(p) => vars.extend([
                ("processor", Cow::Borrowed(p.id.value.as_str())),
                (
                    "keeps",
                    p.keeps
                        .as_ref()
                        .map_or(Cow::Borrowed("unset"), |k| k.value.to_string().into()),
                ),
            ]),
        }
    }
}

impl Subject<'_> {
    fn scope(&self) -> Scope {
        match self {
            Subject::Field { .. } => Scope::Field,
            Subject::Form { .. } => Scope::Form,
            Subject::ProcessorRef { .. } => Scope::ProcessorRef,
            Subject::Policy(_) => Scope::Policy,
            Subject::Setting { .. } => Scope::Setting,
            Subject::Processor(_) => Scope::Processor,
        }
    }

    /// Where a finding points when the rule names no attribute.
    fn anchor(&self) -> Span {
        match *self {
            Subject::Field { form, fi, .. } => form.fields[fi].id.span,
            Subject::Form { form, .. } => form.id.span,
            Subject::ProcessorRef { reference, .. } => reference.span,
            Subject::Policy(p) => p.forms.first().map_or(p.span, |f| f.span),
            Subject::Setting { value, .. } => value.span,
            Subject::Processor(p) => p.id.span,
        }
    }

    fn attr_span(&self, attr: &str) -> Option<Span> {
        match *self {
            Subject::Field { form, fi, .. } => {
                let f = &form.fields[fi];
                match attr {
                    "type" => Some(f.kind.span),
                    "required" => f.required.as_ref().map(|r| r.span),
                    "max_length" => f.max_length.as_ref().map(|r| r.span),
                    "options" => f.options.first().map(|o| o.span),
                    _ => field_texts(f, attr).next().map(|t| t.span),
                }
            }
            Subject::Form { form, .. } => {
                form_attr(form, attr)
                    .map(|t| t.span)
                    .or_else(|| match attr {
                        "processors" => form.processors.first().map(|p| p.span),
                        _ => None,
                    })
            }
            Subject::Policy(p) => policy_attr(p, attr),
            Subject::Processor(p) => match attr {
                "id" => Some(p.id.span),
                "name" => p.name.as_ref().map(|n| n.span),
                "third_party" => p.third_party.as_ref().map(|n| n.span),
                "keeps" => p.keeps.as_ref().map(|n| n.span),
                _ => None,
            },
            Subject::ProcessorRef { reference, .. } => Some(reference.span),
            Subject::Setting { value, .. } => Some(value.span),
        }
    }

    fn identity(&self) -> String {
        match *self {
            Subject::Field { form, fi, .. } => form.fields[fi].path.clone(),
            Subject::Form { form, .. } => form.id.value.clone(),
            Subject::ProcessorRef {
                form, reference, ..
            } => {
                format!("{}->{}", form.id.value, reference.value)
            }
            Subject::Policy(p) => format!("retention[{}]", policy_key(p)),
            Subject::Setting { name, owner, .. } => match owner {
                Owner::Policy(p) => format!("retention[{}].{name}", policy_key(p)),
                Owner::Processor(p) => format!("processor[{}].{name}", p.id.value),
            },
            Subject::Processor(p) => format!("processor[{}]", p.id.value),
        }
    }
}

fn policy_key(p: &RetentionPolicy) -> String {
    let forms: Vec<&str> = p.forms.iter().map(|f| f.value.as_str()).collect();
    match &p.processor {
        Some(proc) => format!("{}@{}", forms.join(","), proc.value),
        None => forms.join(","),
    }
}

fn describe_policy(p: &RetentionPolicy) -> String {
    let forms: Vec<String> = p.forms.iter().map(|f| format!("`{}`", f.value)).collect();
    match &p.processor {
        Some(proc) => format!("the policy for {} at `{}`", forms.join(", "), proc.value),
        None => format!("the policy for {}", forms.join(", ")),
    }
}

/// The part of a field's id that names the field itself. A nested field's id is its path
/// (`shipping_address.type`, `phones[].kind`): its parents' names say what a value holds
/// (`address.line1`, `date_of_birth.day`, `ssn.last4`), but a choice or a checkbox under
/// `address` (`address.country`, `address.isVerified`) does not ask for the address. Only
/// an id whose last part is a plain name (`a.b`, `a[].b`: not a title such as
/// `Date of birth (dd.mm.yyyy)`) is cut.
fn own_name(f: &Field) -> &str {
    let id = f.id.value.as_str();
    if !matches!(
        f.kind.value,
        FieldKind::Select | FieldKind::Multiselect | FieldKind::Checkbox
    ) || !id.contains('.')
    {
        return id;
    }
    // `a.b[0]`, `a.b[]`: the position is not a name.
    let (path, balanced) = unindexed(id);
    if !balanced {
        return id;
    }
    match path.rsplit_once('.') {
        Some((_, last))
            if !last.is_empty()
                && last
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-') =>
        {
            last
        }
        _ => id,
    }
}

/// Whether a field is a yes/no question: a checkbox, or a choice of yes and no (and "not
/// sure"): "Do you still have your recovery phrase?" asks whether, not for the phrase.
fn yes_no(f: &Field) -> bool {
    const ANSWERS: [&str; 16] = [
        "yes",
        "no",
        "y",
        "n",
        "true",
        "false",
        "not sure",
        "unsure",
        "i don't know",
        "don't know",
        "maybe",
        "oui",
        "non",
        "ja",
        "nein",
        "si",
    ];
    match f.kind.value {
        FieldKind::Checkbox => true,
        FieldKind::Select => {
            let answer = |o: &Spanned<String>| {
                let o = o.value.trim().trim_end_matches(['.', '!']).to_lowercase();
                let o = o.replace('\u{2019}', "'");
                ANSWERS.contains(&o.as_str()) || o == "sí"
            };
            f.options.len() >= 2 && f.options.iter().all(answer)
        }
        _ => false,
    }
}

/// The categories whose data is a value a yes/no question cannot hold.
const VALUE_CATEGORIES: [&str; 8] = [
    "credentials",
    "government_id",
    "date_of_birth",
    "email",
    "phone",
    "home_address",
    "full_name",
    "wallet_address",
];

/// The categories of an organisation's contact details, when a field's object is one.
const CONTACT_CATEGORIES: [&str; 4] = ["email", "phone", "home_address", "full_name"];

/// The object a field's id is a property of: `veteran.address` for
/// `veteran.address.city`, `a.b[]` for `a.b[].c` (a list's items), `a` for `a.b[0]`; empty
/// for a field of the form itself (`email`, `body[3]`).
fn parent(id: &str) -> &str {
    // Only an id that is a path (`a.b`, `a[].b`): a help desk's field titled "Your home
    // address (as your bank has it, e.g. 1 Main St.)" is one name.
    if !id.contains('.')
        || id.ends_with('.')
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'[' | b']'))
    {
        return "";
    }
    unindexed(id).0.rsplit_once('.').map_or("", |(p, _)| p)
}

/// What of `id` follows its [`parent`]: its own name (`.city` of `veteran.address.city`; the
/// whole id of a field of the form itself).
/// What a DM010 finding at an object's first repeating field says of the object's other
/// repeating fields `more` (named by `name`): `, as do 2 more fields of `temporaryAddress`
/// (`city`, `postalCode`)`; nothing when there are none. Three names at most.
fn object_others<'n>(more: &[usize], name: impl Fn(usize) -> &'n str, group: &str) -> String {
    if more.is_empty() {
        return String::new();
    }
    let names: Vec<String> = more
        .iter()
        .take(3)
        .map(|&t| format!("`{}`", name(t).trim_start_matches('.')))
        .collect();
    let rest = if more.len() > 3 { ", ..." } else { "" };
    let fields = if more.len() == 1 { "field" } else { "fields" };
    format!(
        ", as do {} more {fields} of `{group}` ({}{rest})",
        more.len(),
        names.join(", ")
    )
}

fn own_part(id: &str) -> &str {
    id.get(parent(id).len()..).unwrap_or(id)
}

/// `id` without the list positions it ends with (`a.b` for `a.b[0]`, `a.b[]`), and whether
/// each `]` there had its `[` (if not, the positions up to that one are taken off).
fn unindexed(id: &str) -> (&str, bool) {
    let mut path = id;
    while let Some(rest) = path.strip_suffix(']') {
        match rest.rfind('[') {
            Some(i) => path = &rest[..i],
            None => return (path, false),
        }
    }
    (path, true)
}

/// A placeholder of more words than this (of two letters or more: not the "e" and "g" of
/// "e.g.") is an example answer written out, not a hint of what to type: what it names in
/// passing ("Impersonates USDC; the sender address is unrelated") is not asked for.
const PLACEHOLDER_WORDS: usize = 8;

/// Whether most of `text` is one link (`e.g. http://mainnet.coordinator.com`,
/// `www.example.org`), and not a map's (`https://maps.google.com/?q=12+Main+St` is a place).
fn mostly_a_link(text: &str) -> bool {
    let size = text.trim().len();
    text.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| matches!(c, '"' | '\'' | '(' | ')' | ',' | '<' | '>'));
        (w.contains("://") || w.starts_with("www."))
            && w.len() * 2 >= size
            && !w.to_ascii_lowercase().contains("map")
    })
}

fn is_prose(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().nth(1).is_some())
        .nth(PLACEHOLDER_WORDS)
        .is_some()
}

/// What field `f` asks for, its texts' vocabulary matches given by `asked`. The categories
/// that the texts of an attribute mention, when all of them were read as they are (not an id
/// cut to its own name), are added to `read` (per [`attr_index`], with [`KNOWN`]).
fn field_facts<'f, 'm>(
    vocab: &'f Vocabulary,
    asked: &dyn Fn(&str) -> Cow<'m, [Match]>,
    f: &'f Field,
    read: &mut [u64; TEXT_ATTR_COUNT],
) -> FieldFacts<'f> {
    let mut asks: Vec<(usize, Span, &'f str)> = Vec::new();
    // A placeholder that is mostly an address of another kind (a wallet's, an e-mail) says
    // what a bare "Address" label or id asks for; not when a text names the home address
    // itself (id `home_address`, labelled "Address").
    let mut shown_address = false;
    let mut home_named = false;
    let home = vocab.home_address();
    // One word, not a compound of the id (`home_address`, `homeAddress`).
    let bare = |words: &str| {
        words.chars().all(char::is_alphabetic) && !words.chars().skip(1).any(char::is_uppercase)
    };
    for &i in &ASKS_ATTRS {
        let (mut bits, mut whole) = (KNOWN, true);
        for t in field_text(f, i) {
            let text = if i == ID { own_name(f) } else { &t.value };
            let found = asked(text);
            bits |= Vocabulary::bits_of(&found);
            whole &= text.len() == t.value.len();
            // Most texts mention nothing: no more to read of them.
            if found.is_empty() {
                continue;
            }
            let (prose, size) = (i == PLACEHOLDER && is_prose(text), text.trim().len());
            for m in found.iter() {
                // What is most of the text (an address written out) is asked for whatever
                // its length; terms, only in a placeholder short enough to be a hint.
                let most = (m.end - m.start) * 2 >= size;
                if prose && !most {
                    continue;
                }
                let address = i == PLACEHOLDER
                    && most
                    && [vocab.category("wallet_address"), vocab.category("email")]
                        .contains(&Some(m.category));
                // The address of what the label says is no one's: "Token contract address",
                // `e.g. 0xA0b8...` (the label's "address" only in a `not:` phrase).
                if address
                    && field_text(f, LABEL)
                        .any(|l| vocab.used_only_in_not_phrases(&l.value, "address") == Some(true))
                {
                    continue;
                }
                shown_address |= address;
                let words = text.get(m.start..m.end).unwrap_or_default();
                home_named |= Some(m.category) == home && !bare(words.trim());
                if !asks.iter().any(|(c, _, _)| *c == m.category)
                    && !described_otherwise(vocab, f, i, m.category, words)
                {
                    asks.push((m.category, t.span, words));
                }
            }
        }
        // An id cut to its own name is another text: what the id mentions stays to be asked.
        if whole {
            read[i] = bits;
        }
    }
    // A link shown as the example says so too ("Coordinator Service Address", `e.g.
    // http://...onion`): looked at only when a bare address is asked for.
    if !home_named
        && asks.iter().any(|(c, _, _)| Some(*c) == home)
        && (shown_address || field_text(f, PLACEHOLDER).any(|t| mostly_a_link(&t.value)))
    {
        asks.retain(|(c, _, _)| Some(*c) != home);
    }
    // So does a description that names a wallet address ("Receiving address", "The wallet
    // address we send your refund to"), for the word "address" alone (not "Street" or
    // "City"); not one that says what the address is not ("Where we mail your card. This is
    // not your wallet address.").
    let bare_address = |w: &str| {
        ["address", "adresse", "direccion", "dirección"]
            .iter()
            .any(|a| w.trim().eq_ignore_ascii_case(a))
    };
    let at_home = asks
        .iter()
        .position(|(c, _, words)| Some(*c) == home && bare_address(words));
    if let (Some(at), false, Some(wallet)) = (at_home, home_named, vocab.wallet_address()) {
        let described = field_text(f, DESCRIPTION).any(|d| {
            let found = asked(&d.value);
            found
                .iter()
                .any(|m| m.category == wallet && !negated(&d.value, m.start))
                && !found.iter().any(|m| Some(m.category) == home)
        });
        if described {
            if asks.iter().any(|(c, _, _)| *c == wallet) {
                asks.remove(at);
            } else {
                asks[at].0 = wallet;
            }
        }
    }

    // A field's type says what it asks for even when its label does not.
    let by_type = match f.kind.value {
        FieldKind::Email => vocab.category("email"),
        FieldKind::Phone => vocab.category("phone"),
        _ => None,
    };
    if let Some(c) = by_type {
        if !asks.iter().any(|(x, _, _)| *x == c) {
            asks.push((c, f.kind.span, f.kind.value.name()));
        }
    }
    // A yes/no question cannot hold an address, a number or a name ("Consent to an address
    // change?", "Remember my password"); it can reveal health or beliefs ("Diabetes?").
    // And the contact details of an object named for an organisation
    // (`claimant.employerAddress.city`, `provider.phone`) are the organisation's.
    let checkbox = yes_no(f);
    let owned = || {
        let group = parent(&f.id.value);
        let nearest = group.rsplit('.').next().unwrap_or(group);
        !checkbox
            && vocab.names_owner(nearest)
            && !vocab.names_party_person(nearest)
            && !field_text(f, LABEL).any(|t| vocab.names_person(&t.value))
            && !vocab.names_person(own_part(&f.id.value))
    };
    if !asks.is_empty() && (checkbox || owned()) {
        let dropped: &[&str] = if checkbox {
            &VALUE_CATEGORIES
        } else {
            &CONTACT_CATEGORIES
        };
        asks.retain(|(c, _, _)| !dropped.contains(&vocab.categories[*c].id.as_str()));
    }
    // A masked field never holds the whole secret ("Card number" keeping the last four
    // digits), but what it keeps is still financial data.
    if f.masked {
        if let Some(financial) = vocab.category("financial") {
            let credentials = vocab.category("credentials");
            for ask in &mut asks {
                if Some(ask.0) == credentials {
                    ask.0 = financial;
                }
            }
            let mut seen = Vec::new();
            asks.retain(|a| {
                let first = !seen.contains(&a.0);
                seen.push(a.0);
                first
            });
            if !asks.iter().any(|(x, _, _)| *x == financial) {
                asks.push((financial, f.kind.span, "masked card number"));
            }
        }
    }
    FieldFacts {
        asks,
        parties: OnceLock::new(),
        repeats: OnceLock::new(),
    }
}

/// Whether the field's other texts give the one word that its label, id or placeholder (`attr`)
/// matched another sense: its description, or its label (for a match in the id or the
/// placeholder), uses the word only inside `not` phrases, and the description does not use
/// it plainly. Label "Seed" and id `seed`, described "The random seed used for generation";
/// id `cell`, labelled "Which notebook cell fails?"; label "Address", described "The IP
/// address of the node". Not "Your home address, not your IP address".
fn described_otherwise(
    vocab: &Vocabulary,
    f: &Field,
    attr: usize,
    category: usize,
    word: &str,
) -> bool {
    if !vocab.is_data(category)
        || (attr == LABEL && f.description.is_none() && f.item_description.is_none())
    {
        return false;
    }
    // The label says what the field is: when it uses the word only in `not` phrases
    // ("Token contract address"), a description using it bare ("The address of the token")
    // means the same, unless it names the category in words of its own ("Your home
    // address, not ...").
    let label_otherwise = || attr != LABEL && label_says_otherwise(vocab, f, word);
    let mut otherwise = false;
    for d in field_text(f, DESCRIPTION) {
        match vocab.used_only_in_not_phrases(&d.value, word) {
            Some(false)
                if !label_otherwise() || names_otherwise(vocab, &d.value, category, word) =>
            {
                return false
            }
            Some(_) => otherwise = true,
            None => {}
        }
    }
    otherwise || label_otherwise()
}

/// Whether the field's label uses `word` only inside `not` phrases ("address" in "Token
/// contract address"): the field's other texts mean the word as the label does.
fn label_says_otherwise(vocab: &Vocabulary, f: &Field, word: &str) -> bool {
    field_text(f, LABEL).any(|l| vocab.used_only_in_not_phrases(&l.value, word) == Some(true))
}

/// Whether `text` names `category` in other words than `word` ("home address" for
/// "address").
fn names_otherwise(vocab: &Vocabulary, text: &str, category: usize, word: &str) -> bool {
    asked(vocab, text).iter().any(|m| {
        m.category == category
            && !text
                .get(m.start..m.end)
                .is_some_and(|t| t.trim().eq_ignore_ascii_case(word.trim()))
    })
}

/// The data categories (vocabulary indices, in order found) that a field collects: what its
/// label, id, placeholder and type ask for, as the `asks_for` condition sees them, plus what
/// its description asks for (a free-text box described as "include your date of birth"
/// collects dates of birth), plus what its `value` carries ([`value_categories`]). Phrase
/// lists (invitations, catch-alls, warnings) are left out.
pub fn field_categories(vocab: &Vocabulary, f: &Field) -> Vec<usize> {
    let mut cats: Vec<usize> = field_facts(
        vocab,
        &|t| Cow::Owned(asked(vocab, t)),
        f,
        &mut [0; TEXT_ATTR_COUNT],
    )
    .asks
    .into_iter()
    .map(|(c, _, _)| c)
    .collect();
    for d in field_text(f, DESCRIPTION) {
        cats.extend(asked(vocab, &d.value).into_iter().map(|m| m.category));
    }
    // Of every field, not only hidden ones: a prefilled `{{user.email}}` is sent as it is
    // unless the person overwrites it, so the holder may well keep it.
    for v in field_text(f, VALUE) {
        cats.extend(value_categories(vocab, &v.value));
    }
    let mut out = Vec::new();
    for c in cats {
        if vocab.is_data(c) && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The built-in rule whose pattern tells what a field's `value` carries.
const VALUE_RULE: &str = "DM009-hidden-personal-data.yaml";

/// DM009 `hidden-personal-data`'s pattern on `value`, read from the built-in rule file: its
/// groups `email`, `wallet` and `template` say what it found. One pattern, so that the audit
/// and the rule agree.
fn value_pattern() -> Option<&'static regex::Regex> {
    static RE: OnceLock<Option<regex::Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        let (_, text) = super::BUILTIN.iter().find(|(n, _)| *n == VALUE_RULE)?;
        let node = crate::syntax::yaml::parse(text, 0, crate::syntax::Limits::default()).ok()?;
        let rule = super::Rule::from_node(&node).ok()?;
        fn find(c: &Condition) -> Option<&regex::Regex> {
            match c {
                Condition::All(cs) | Condition::Any(cs) => cs.iter().find_map(find),
                Condition::Not(_) => None,
                Condition::Pred(Pred::Pattern { regex, attrs }) => {
                    attrs.iter().any(|a| a == "value").then_some(regex)
                }
                Condition::Pred(_) => None,
            }
        }
        find(&rule.when).cloned()
    })
    .as_ref()
}

/// The data categories (vocabulary indices) that a field's `value` carries, as DM009
/// `hidden-personal-data` finds them ([`value_pattern`]): an email address, a wallet address,
/// or a template of an account's data (`{{user.email}}`, `{{wallet.address}}`), whose path the
/// vocabulary reads. Other text of a value (a textarea's prefilled instructions) collects
/// nothing itself.
fn value_categories(vocab: &Vocabulary, value: &str) -> Vec<usize> {
    let Some(re) = value_pattern() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in re.captures_iter(value) {
        if c.name("email").is_some() {
            out.extend(vocab.category("email"));
        } else if c.name("wallet").is_some() {
            out.extend(vocab.category("wallet_address"));
        } else if let Some(t) = c.name("template") {
            out.extend(vocab.find(t.as_str()).into_iter().map(|m| m.category));
        }
    }
    out
}

/// Matches in `text`, leaving out those in a sentence that warns against sharing ("Do not
/// include account details" does not invite account details), and the warnings that warn of
/// nothing: a warning's sentence must name a kind of data ("Never share your seed phrase") or
/// use a `sensitive:` word of the vocabulary ("Do not post personal details"); "Do not post
/// issues about other versions" and "Do not share your entire project" are no warnings.
fn asked(vocab: &Vocabulary, text: &str) -> Vec<super::vocabulary::Match> {
    let all = vocab.find(text);
    let Some(warning) = vocab.warning() else {
        return all;
    };
    if all.iter().all(|m| m.category != warning) {
        return all;
    }
    // The sentences that warn, in order, each once (a sentence of many warnings is not read
    // again for each), and each match looked up among them, not against them all.
    let mut warned: Vec<(usize, usize)> = Vec::new();
    for m in all.iter().filter(|m| m.category == warning) {
        if !warned
            .last()
            .is_some_and(|&(s, e)| m.start >= s && m.start < e)
        {
            warned.push(sentence_around(text, m.start));
        }
    }
    // Whether each warned sentence warns of data (its data matches are left out below): the
    // matches (by start) looked up by the sentence's start, not each sentence against them
    // all (a text of thousands of warnings and terms).
    let of_data: Vec<bool> = warned
        .iter()
        .map(|&(s, e)| {
            let from = all.partition_point(|m| m.start < s);
            all[from..]
                .iter()
                .take_while(|m| m.start < e)
                .any(|m| vocab.is_data(m.category) && m.end <= e)
                || vocab.names_sensitive(text.get(s..e).unwrap_or_default())
        })
        .collect();
    all.into_iter()
        .filter(|m| {
            let i = warned.partition_point(|&(s, _)| s <= m.start);
            let inside = i > 0 && m.start < warned[i - 1].1;
            if m.category == warning {
                inside && of_data[i - 1]
            } else {
                !inside
            }
        })
        .collect()
}

/// Whether the sentence of `text` around byte `at` says "not" before it ("This is not your
/// wallet address", "no", "never", "nicht", "kein", "pas").
fn negated(text: &str, at: usize) -> bool {
    let (start, _) = sentence_around(text, at);
    text.get(start..at).is_some_and(|before| {
        before
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .any(|w| {
                let w = w.to_lowercase();
                matches!(
                    w.as_str(),
                    "not"
                        | "no"
                        | "never"
                        | "isn't"
                        | "aren't"
                        | "don't"
                        | "doesn't"
                        | "nicht"
                        | "kein"
                        | "keine"
                        | "pas"
                        | "jamais"
                        | "nunca"
                )
            })
    })
}

/// The byte range of the sentence of `text` around byte `at`: from after the sentence end
/// before it to the sentence end after it, a `!`, `?`, `;`, line break or a `.` that ends a
/// sentence ([`period_ends_sentence`]).
fn sentence_around(text: &str, at: usize) -> (usize, usize) {
    let b = text.as_bytes();
    // The ends are ASCII, which no byte of a longer UTF-8 character is.
    let is_end = |i: usize| match b[i] {
        b'!' | b'?' | b';' | b'\n' => true,
        b'.' => period_ends_sentence(text, i),
        _ => false,
    };
    let start = (0..at).rev().find(|&i| is_end(i)).map_or(0, |i| i + 1);
    let end = (at..b.len()).find(|&i| is_end(i)).unwrap_or(b.len());
    (start, end)
}

/// Abbreviations whose `.` never ends a sentence, dots left out: "Do not include secrets
/// (e.g. your API key)" is one sentence, which warns. "etc." and "no." ("Contact no.") end
/// one before a capital, as any word does; before anything else the rule for every `.` keeps
/// them in it.
const ABBREVIATIONS: [&str; 9] = [
    "eg", "ie", "vs", "approx", "incl", "excl", "ex", "cf", "viz",
];

/// Whether the `.` at byte `at` of `text` ends a sentence: not when what follows it (after
/// spaces) is a lowercase letter, a digit, `)` or `,` ("e.g", "example.com", "v1.2", "etc.)"),
/// nor after one of the [`ABBREVIATIONS`].
fn period_ends_sentence(text: &str, at: usize) -> bool {
    let next = text[at + 1..]
        .trim_start_matches([' ', '\t'])
        .chars()
        .next();
    if next.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || matches!(c, ')' | ',')) {
        return false;
    }
    // The word before the dot, with the dots inside it ("e.g"), at a word's start; no
    // abbreviation is longer than a few letters, so no more is read (a text of letters and
    // dots alone would be read back to its start for every dot).
    let before = &text[..at];
    let word_start = before
        .char_indices()
        .rev()
        .take(12)
        .find(|&(_, c)| !(c.is_ascii_alphabetic() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    if word_start == 0 && before.len() > 12 {
        return true;
    }
    let word: String = before[word_start..]
        .chars()
        .filter(|&c| c != '.')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    !ABBREVIATIONS.contains(&word.as_str())
}

fn supports(form: &Form, cap: &str) -> bool {
    match cap {
        "max_length" => form.capabilities.max_length,
        "purpose" => form.capabilities.purpose,
        _ => false,
    }
}

fn field_texts<'f>(f: &'f Field, attr: &str) -> impl Iterator<Item = &'f Spanned<String>> {
    attr_index(attr).into_iter().flat_map(|i| field_text(f, i))
}

/// A field's texts of the attribute `i` ([`attr_index`]; none for form attributes): a
/// list's entries' own title and description come after the list's label and description.
fn field_text(f: &Field, i: usize) -> impl Iterator<Item = &Spanned<String>> {
    let (own, item): (&[Spanned<String>], _) = match i {
        ID => (std::slice::from_ref(&f.id), None),
        LABEL => (f.label.as_slice(), f.item_label.as_ref()),
        DESCRIPTION => (f.description.as_slice(), f.item_description.as_ref()),
        PLACEHOLDER => (f.placeholder.as_slice(), None),
        PURPOSE => (f.purpose.as_slice(), None),
        VALUE => (f.value.as_slice(), None),
        OPTIONS => (&f.options, None),
        _ => (&[], None),
    };
    own.iter().chain(item)
}

/// Whether `f` has each attribute of `Scope::Field.attributes()`, in that order (the answers
/// of `missing:`/`present:`, and the gate's bits).
fn field_attrs(f: &Field) -> [bool; 11] {
    [
        true,                    // id
        f.label.is_some(),       // label
        true,                    // type
        f.description.is_some(), // description
        f.placeholder.is_some(), // placeholder
        f.required.is_some(),    // required
        f.max_length.is_some(),  // max_length
        f.purpose.is_some(),     // purpose
        f.value.is_some(),       // value
        !f.options.is_empty(),   // options
        false,                   // matched
    ]
}

/// `attr`'s place in `Scope::Field.attributes()` (and in [`field_attrs`]).
fn field_attr_at(attr: &str) -> Option<usize> {
    Scope::Field.attributes().iter().position(|a| *a == attr)
}

fn field_has(f: &Field, attr: &str) -> bool {
    field_attr_at(attr).is_some_and(|i| field_attrs(f)[i])
}

fn form_attr<'f>(form: &'f Form, attr: &str) -> Option<&'f Spanned<String>> {
    match attr {
        "id" => Some(&form.id),
        "title" => form.title.as_ref(),
        "processors" => form.processors.first(),
        _ => None,
    }
}

fn policy_attr(p: &RetentionPolicy, attr: &str) -> Option<Span> {
    match attr {
        "forms" => p.forms.first().map(|f| f.span),
        "processor" => p.processor.as_ref().map(|x| x.span),
        name => p.setting(name).map(|d| d.span),
    }
}

fn processor_attr(p: &Processor, attr: &str) -> Option<Span> {
    match attr {
        "id" => Some(p.id.span),
        "name" => p.name.as_ref().map(|n| n.span),
        "third_party" => p.third_party.as_ref().map(|n| n.span),
        "keeps" => p.keeps.as_ref().map(|n| n.span),
        _ => None,
    }
}

/// Where an engine run makes its findings' messages and helps: filled in one buffer, then
/// shared through an [`Interner`] when there is one (findings of many forms say the same few
/// things: most texts are found there, and cost no allocation), else copied out.
pub struct Texts<'i> {
    buf: String,
    shared: Option<&'i mut Interner>,
}

impl<'i> Texts<'i> {
    fn new(shared: Option<&'i mut Interner>) -> Texts<'i> {
        Texts {
            buf: String::new(),
            shared,
        }
    }

    /// `template` filled with `vars` ([`fill`]).
    fn filled<S: AsRef<str>>(&mut self, template: &Template, vars: &[(&str, S)]) -> Text {
        self.buf.clear();
        template.fill_into(&mut self.buf, vars);
        match &mut self.shared {
            Some(shared) => shared.share(&self.buf),
            None => self.buf.as_str().into(),
        }
    }

    /// `s`, shared as the filled texts are.
    fn text(&mut self, s: &str) -> Text {
        match &mut self.shared {
            Some(shared) => shared.share(s),
            None => s.into(),
        }
    }

    /// What `make` makes with texts shared with no one (in this one's buffer).
    fn unshared<T>(&mut self, make: impl FnOnce(&mut Texts) -> T) -> T {
        let mut own = Texts::new(None);
        own.buf = std::mem::take(&mut self.buf);
        let made = make(&mut own);
        self.buf = own.buf;
        made
    }
}

/// Fills `{var}` placeholders; the last value bound to a name wins.
pub fn fill<S: AsRef<str>>(template: &str, vars: &[(&str, S)]) -> String {
    // Room for the values too: most messages would otherwise grow once.
    let mut out = String::with_capacity(template.len() + 64);
    Template::new(template).fill_into(&mut out, vars);
    out
}

/// A message template split once at its `{var}` placeholders (a run fills each of its
/// rules' templates for every finding: no looking for braces each time). A name no value is
/// bound to stays as written, braces and all; a `{` with no `}` after it is text.
struct Template<'t> {
    parts: Vec<Part<'t>>,
}

enum Part<'t> {
    Text(&'t str),
    Var(&'t str),
}

impl<'t> Template<'t> {
    fn new(template: &'t str) -> Template<'t> {
        let mut parts = Vec::new();
        let mut rest = template;
        // Braces are ASCII, so the byte positions memchr finds are character boundaries.
        while let Some(i) = memchr::memchr(b'{', rest.as_bytes()) {
            let after = &rest[i + 1..];
            match memchr::memchr(b'}', after.as_bytes()) {
                Some(j) => {
                    parts.push(Part::Text(&rest[..i]));
                    parts.push(Part::Var(&after[..j]));
                    rest = &after[j + 1..];
                }
                None => {
                    // No name closes: the rest is text.
                    break;
                }
            }
        }
        parts.push(Part::Text(rest));
        parts.retain(|p| !matches!(p, Part::Text("")));
        Template { parts }
    }

    fn fill_into<S: AsRef<str>>(&self, out: &mut String, vars: &[(&str, S)]) {
        for part in &self.parts {
            match *part {
                Part::Text(t) => out.push_str(t),
                Part::Var(name) => match vars.iter().rev().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v.as_ref()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_objects_other_repeating_fields_are_named() {
        let names = ["a.street", "a.city", "a.zip", "a.state", "a.country"];
        let name = |t: usize| own_part(names[t]);
        assert_eq!(object_others(&[], name, "a"), "");
        assert_eq!(
            object_others(&[1], name, "a"),
            ", as do 1 more field of `a` (`city`)"
        );
        assert_eq!(
            object_others(&[1, 2, 3, 4], name, "a"),
            ", as do 4 more fields of `a` (`city`, `zip`, `state`, ...)"
        );
    }
    use crate::model::Audience;

    #[test]
    fn the_closest_form_id_to_a_glob_is_found_by_its_part_before_the_wildcards() {
        let ids = ["support/contact", "support/refund", "wallet-eu", "billing"];
        assert_eq!(closest_form("suport/*", &ids), Some("support/contact"));
        assert_eq!(closest_form("Walet-*", &ids), Some("wallet-eu"));
        assert_eq!(closest_form("biling", &ids), Some("billing"));
        // Nothing before the first wildcard, or nothing close.
        assert_eq!(closest_form("*-support", &ids), None);
        assert_eq!(closest_form("orders/*", &ids), None);
        // Too short to be a typo of anything: one or two characters before the wildcard.
        assert_eq!(closest_form("x*", &ids), None);
        assert_eq!(closest_form("wx*", &ids), None);
        // Whole or not is told before lowercasing (`İ` lowercases to two characters).
        assert_eq!(closest_form("İbilling", &["ibilling"]), Some("ibilling"));
    }

    /// A warning's sentence runs on past an abbreviation's dot and a dot inside a word or a
    /// number, so what the warning names is not asked for; a real end still ends it.
    #[test]
    fn a_warning_sentence_runs_past_abbreviations() {
        let v = Vocabulary::builtin();
        let ids = |text: &str| -> Vec<&str> {
            let mut ids: Vec<&str> = asked(v, text)
                .into_iter()
                .filter(|m| v.is_data(m.category))
                .map(|m| v.categories[m.category].id.as_str())
                .collect();
            ids.dedup();
            ids
        };
        for warns in [
            "Please do not include personal data (e.g. your home address or phone number).",
            "Please do not include personal data (E.g. your home address or phone number).",
            "Don't include secrets, i.e. passwords, API keys or your recovery phrase.",
            "Paste the log output. Do not include tokens, e.g. your API key or password.",
            "Do not include tokens, eg. your API key or password.",
            "Do not include tokens (ex. API keys, passwords).",
            "Do not include secrets (passwords, keys, etc.), nor your home address.",
            "Do not include secrets like passwords, keys etc. or your home address.",
            "Do not include your contact no. or home address.",
            "Never include approx. balances, incl. your account balance.",
            "Do not paste config.yaml or your password.",
            "Do not include v1.2 logs with your password.",
            "Redact secrets from the log (see docs.example.com for how), passwords too.",
        ] {
            assert_eq!(ids(warns), Vec::<&str>::new(), "{warns:?}");
        }
        // The sentence after a warning asks for what it names.
        for (asks, want) in [
            (
                "Do not include passwords. Tell us your home address.",
                "home_address",
            ),
            (
                "Do not include passwords, keys, etc. Tell us your home address.",
                "home_address",
            ),
            (
                "Never share your password! Your date of birth, please.",
                "date_of_birth",
            ),
            ("Do not include tokens e.g.\nyour phone number", "phone"),
        ] {
            assert_eq!(ids(asks), [want], "{asks:?}");
        }
        // A dot after a character of more than one byte is read whole.
        assert_eq!(sentence_around("Passwö. X", 0), (0, 7));
        assert_eq!(sentence_around("Passwö. X", 9), (8, 10));
        assert_eq!(sentence_around("ég. X", 0), (0, 3));
    }

    fn vocab() -> Vocabulary {
        Vocabulary::new(
            vec![("email".into(), "email".into(), vec!["email".into()])],
            &[],
        )
    }

    #[test]
    fn only_rules_that_run_and_ask_make_the_vocabulary_learn() {
        let mut report = crate::report::Report::default();
        let rules = crate::pipeline::load_rules(None, &mut report);
        let sev = |on: &'static [&'static str]| {
            move |r: &Rule| on.contains(&r.id.as_str()).then_some(Severity::Warning)
        };
        let text = |s: &str| Spanned::new(s.to_string(), Span::default());
        let form = Form {
            id: text("contact"),
            title: Some(text("Contact")),
            notices: vec![text("Never share keys")],
            processors: Vec::new(),
            fields: vec![Field {
                id: text("dob"),
                path: "contact/dob".into(),
                label: Some(text("Date of birth")),
                kind: Spanned::new(FieldKind::Date, Span::default()),
                description: None,
                placeholder: None,
                required: None,
                max_length: None,
                options: Vec::new(),
                purpose: Some(text("age checks")),
                value: None,
                visible: true,
                collects_logs: false,
                pattern: None,
                masked: false,
                item_label: None,
                item_description: None,
                alternatives: Vec::new(),
            }],
            audience: Audience::EndUser,
            public: false,
            capabilities: crate::model::Capabilities {
                max_length: true,
                purpose: true,
                fix_max_length: "",
                fix_purpose: "",
                held: &[],
            },
            format: "datamin",
            records: "tickets",
            id_from_file_name: false,
        };
        let texts = |asked: &Asked| {
            let mut out = Vec::new();
            form_texts(&form, *asked, &mut out);
            out
        };
        // Every built-in rule on: field texts and notices, never a form's own id or title.
        let all = rules_ask(&rules.rules, |r| Some(r.severity));
        assert_eq!(texts(&all), ["Never share keys", "dob", "Date of birth"]);
        assert_eq!(texts(&Asked::ALL).len(), 6);
        // Length limits and retention ask nothing of the vocabulary.
        assert!(rules_ask(&rules.rules, sev(&["DM001", "DM101", "DM104"])).is_empty());
        assert!(rules_ask(&rules.rules, sev(&[])).is_empty());
        // Sensitive fields (asks_for) read labels and ids; missing warnings read notices.
        let asks = rules_ask(&rules.rules, sev(&["DM001", "DM005"]));
        assert_eq!(texts(&asks), ["dob", "Date of birth"]);
        let warns = rules_ask(&rules.rules, sev(&["DM004"]));
        assert_eq!(texts(&warns), ["Never share keys", "Date of birth"]);
    }

    /// Fields of every mix of plain facts (a bit of `n` each), of every kind.
    fn plain_fields(text: &dyn Fn(&str) -> Spanned<String>) -> Vec<Field> {
        (0..4096u32)
            .map(|n| {
                let on = |bit: u32| n & (1 << bit) != 0;
                let some = |bit: u32, t: &str| on(bit).then(|| text(t));
                Field {
                    id: text("f"),
                    path: "form/f".into(),
                    label: some(0, "Email"),
                    kind: Spanned::new(
                        FieldKind::ALL[n as usize % FieldKind::ALL.len()].1,
                        Span::default(),
                    ),
                    description: some(1, "d"),
                    placeholder: some(2, "p"),
                    required: on(3).then(|| Spanned::new(on(4), Span::default())),
                    max_length: on(5).then(|| Spanned::new(10, Span::default())),
                    options: if on(6) { vec![text("o")] } else { Vec::new() },
                    purpose: some(7, "why"),
                    value: some(8, "v"),
                    visible: on(9),
                    collects_logs: on(10),
                    pattern: None,
                    masked: on(11),
                    item_label: None,
                    item_description: None,
                    alternatives: Vec::new(),
                }
            })
            .collect()
    }

    #[test]
    fn a_gate_turns_away_only_fields_the_rule_would_not_report() {
        let mut report = crate::report::Report::default();
        let mut rules = crate::pipeline::load_rules(None, &mut report).rules;
        // Conditions under `not:`, asked twice, and of every plain kind.
        for when in [
            "[not: {free_text: true}, not: {missing: label}, type: [text, textarea], required: false]",
            "[visible: true, not: {visible: true}]",
            "[all: [present: options, missing: max_length], not: {not: {public: true}}]",
            "[supports: purpose, collects_logs: false, not: {type: [file]}, present: value]",
            "[any: [free_text: true, required: true], present: description, missing: placeholder]",
        ] {
            let text = format!(
                "id: DM999\nname: gate-test\nseverity: note\nscope: field\nsummary: s\nwhen: {when}\nmessage: m\nhelp: h\nexplanation: e\n"
            );
            let node = crate::syntax::yaml::parse(&text, 0, crate::syntax::Limits::default());
            rules.push(node.and_then(|n| Rule::from_node(&n)).unwrap_or_else(|e| panic!("{when}: {e:?}")));
        }
        let text = |s: &str| Spanned::new(s.to_string(), Span::default());
        let fields = plain_fields(&text);
        let v = vocab();
        let thresholds = Thresholds {
            max: [None; 4],
            backup_grace: Duration::days(0),
        };
        let (mut admitted, mut turned_away) = (0, 0);
        for (public, max_length, purpose) in [
            (false, true, true),
            (true, false, false),
            (false, true, false),
        ] {
            let form = Form {
                id: text("form"),
                title: None,
                notices: Vec::new(),
                processors: Vec::new(),
                fields: fields.clone(),
                audience: Audience::EndUser,
                public,
                capabilities: crate::model::Capabilities {
                    max_length,
                    purpose,
                    fix_max_length: "",
                    fix_purpose: "",
                    held: &[],
                },
                format: "datamin",
                records: "tickets",
                id_from_file_name: false,
            };
            let model = Model {
                forms: vec![form],
                ..Model::default()
            };
            let engine = Engine::new(&model, &v, &thresholds);
            let form = &model.forms[0];
            for (fi, f) in form.fields.iter().enumerate() {
                let bits = field_bits(form, f);
                assert_eq!(Scope::Field.attributes().len(), field_attrs(f).len());
                for (i, attr) in Scope::Field.attributes().iter().enumerate() {
                    let bit = 1 << (HAS as usize + i);
                    assert_eq!(bits & bit != 0, field_has(f, attr), "{attr} of field {fi}");
                    // A text attribute is had when the field has its text.
                    let text = attr_index(attr).map(|i| field_text(f, i).next().is_some());
                    let has = match *attr {
                        "required" => f.required.is_some(),
                        "max_length" => f.max_length.is_some(),
                        "type" => true,
                        _ => text.unwrap_or(false),
                    };
                    assert_eq!(field_has(f, attr), has, "{attr} of field {fi}");
                }
                let s = Subject::Field { form, at: 0, fi };
                for r in rules.iter().filter(|r| r.scope == Scope::Field) {
                    if Gate::of(&r.when).admits(bits, f.kind.value) {
                        admitted += 1;
                        // What is left of the condition finds what all of it finds.
                        let rest = residual(&r.when).unwrap_or_else(|| Condition::All(Vec::new()));
                        let found = |c: &Condition| {
                            engine
                                .eval(c, &s, Assume::default())
                                .map(|h| (h.vars, h.span))
                        };
                        assert_eq!(found(&rest), found(&r.when), "{} on field {fi}", r.id);
                    } else {
                        turned_away += 1;
                        assert!(
                            engine.eval(&r.when, &s, Assume::default()).is_none(),
                            "{} turned field {fi} away",
                            r.id
                        );
                    }
                }
            }
        }
        // Both ways, many times: the gate is neither shut nor open.
        assert!(
            admitted > 10_000 && turned_away > 50_000,
            "{admitted} {turned_away}"
        );
    }

    #[test]
    fn templates_fill_named_values_and_keep_what_they_cannot() {
        let vars = [("a", "1"), ("b", "two"), ("a", "3"), ("é", "e")];
        for (template, filled) in [
            ("", ""),
            ("plain", "plain"),
            ("{a}", "3"),
            ("x{b}y{a}z", "xtwoy3z"),
            ("{c} and {}", "{c} and {}"),
            ("open { and {b", "open { and {b"),
            ("{{b}}", "{{b}}"),
            ("}{b}{", "}two{"),
            ("ü{é}ü", "üeü"),
        ] {
            assert_eq!(fill(template, &vars), filled, "{template:?}");
        }
    }

    #[test]
    fn matches_keep_recurring_texts_and_stay_bounded() {
        let v = vocab();
        let mut m = Matches::default();
        m.learn(&v, ["Email address"].into_iter());
        // Batches of one-off texts, the recurring label among them each time.
        for batch in 0..5 {
            let texts: Vec<String> = (0..Matches::MAX / 2)
                .map(|i| format!("title {batch} {i}"))
                .collect();
            m.learn(
                &v,
                texts
                    .iter()
                    .map(String::as_str)
                    .chain(std::iter::once("Email address")),
            );
            assert!(m.hot.len() <= Matches::MAX && m.cold.len() <= Matches::MAX);
            assert!(
                m.hot.contains_key("Email address") || m.cold.contains_key("Email address"),
                "batch {batch}"
            );
        }
        // A batch that reuses a whole generation and brings as many new texts.
        let mut m = Matches::default();
        let n = Matches::MAX - Matches::MAX / 16;
        let old: Vec<String> = (0..n).map(|i| format!("old {i}")).collect();
        let new: Vec<String> = (0..n).map(|i| format!("new {i}")).collect();
        m.learn(&v, old.iter().map(String::as_str));
        m.learn(&v, old.iter().chain(&new).map(String::as_str));
        assert!(m.hot.len() <= Matches::MAX && m.cold.len() <= Matches::MAX);
        assert_eq!(m.hot.len() + m.cold.len(), 2 * n);
        // A text never learnt is still answered, and the same way.
        assert_eq!(
            m.asked(&v, "your email").into_owned(),
            asked(&v, "your email")
        );
        assert_eq!(m.asked(&v, "Email address").len(), 1);
    }

    #[test]
    fn a_keeping_engine_finds_a_text_it_learnt_without_comparing_it_with_all() {
        let v = Vocabulary::builtin();
        let model = Model::default();
        let thresholds = crate::config::default_thresholds();
        let memo = Matches::default();
        let engine = Engine::with_matches(&model, v, &thresholds, &memo).keeping();
        let n = 3000;
        let texts: Vec<String> = (0..n).map(|i| format!("your email, take {i}")).collect();
        COMPARED.with(|c| c.set(0));
        for t in &texts {
            assert_eq!(engine.asked(t).into_owned(), asked(v, t));
        }
        for t in texts.iter().rev() {
            assert_eq!(engine.asked(t).into_owned(), asked(v, t));
        }
        let compared = COMPARED.with(std::cell::Cell::get);
        assert!(compared <= 4 * n, "{compared} comparisons for {n} texts");
        // Each learnt once, in the order asked.
        let learnt = engine.learnt();
        assert!(learnt
            .iter()
            .map(|(t, _)| &**t)
            .eq(texts.iter().map(String::as_str)));
        assert!(learnt.iter().all(|(_, m)| m.len() == 1));
    }

    #[test]
    fn a_value_carries_what_dm009_finds_in_it() {
        let v = Vocabulary::builtin();
        let ids = |value: &str| -> Vec<&str> {
            value_categories(v, value)
                .into_iter()
                .map(|c| v.categories[c].id.as_str())
                .collect()
        };
        assert_eq!(ids("{{user.email}}"), ["email"]);
        assert_eq!(ids("{{ customer.phone_number }}"), ["phone"]);
        assert_eq!(ids("{{wallet.address}}"), ["wallet_address"]);
        assert_eq!(ids("{{user.wallet_address}}"), ["wallet_address"]);
        assert_eq!(ids("jane@example.com"), ["email"]);
        assert_eq!(
            ids("0x52908400098527886E0F7030069857D2E4169EE7"),
            ["wallet_address"]
        );
        // Not personal data, as DM009 sees it.
        assert!(ids("{{account.opaque_id}}").is_empty());
        assert!(ids("Please describe what happened").is_empty());
    }

    /// The audit reads DM009's own pattern, whose groups it names.
    #[test]
    fn the_value_pattern_is_dm009s_and_names_its_groups() {
        let re = value_pattern().expect("DM009 has a pattern on `value`");
        let names: Vec<&str> = re.capture_names().flatten().collect();
        assert_eq!(names, ["email", "wallet", "template"]);
    }

    #[test]
    fn only_a_path_has_a_parent() {
        for (id, parent_of) in [
            ("veteran.address.city", "veteran.address"),
            ("a.b[].c", "a.b[]"),
            ("a.b[0]", "a"),
            ("email", ""),
            ("body[3]", ""),
            // Titles (help desks' field ids), not paths.
            ("Your home address as your employer has it.", ""),
            (
                "Home address (as registered with your bank, e.g. 1 Main St.)",
                "",
            ),
            ("a.", ""),
            // A `]` without its `[`: the positions before it are still taken off.
            ("e.f][g.h]", "e"),
        ] {
            assert_eq!(parent(id), parent_of, "{id}");
        }
    }
}
