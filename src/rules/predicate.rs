//! The condition language of rule files: a list of predicates, all of which must hold, with
//! `any:`, `all:` and `not:` to combine them. Each predicate is a named, typed question about
//! one node of the model; the engine answers it.

use regex::Regex;

use crate::diag::{suggestion, Error};
use crate::model::{Audience, FieldKind, RETENTION_SETTINGS};
use crate::source::Spanned;
use crate::syntax::{Node, NodeKind};

/// The kind of model node a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Field,
    Form,
    /// A processor named by a form's `processors` list.
    ProcessorRef,
    Policy,
    /// One duration setting of a policy or a processor (`closed_tickets: 2y`, `keeps: forever`).
    Setting,
    Processor,
    /// Reported by the pipeline itself (suppressions, config), not by conditions.
    Engine,
}

impl Scope {
    pub const ALL: [(&'static str, Scope); 7] = [
        ("field", Scope::Field),
        ("form", Scope::Form),
        ("processor_ref", Scope::ProcessorRef),
        ("policy", Scope::Policy),
        ("setting", Scope::Setting),
        ("processor", Scope::Processor),
        ("engine", Scope::Engine),
    ];

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    pub fn name(self) -> &'static str {
        Scope::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("?", |(n, _)| n)
    }

    /// Attributes a rule can point at with `at:` (and test with `missing:`/`present:`).
    pub fn attributes(self) -> &'static [&'static str] {
        match self {
            Scope::Field => &[
                "id",
                "label",
                "type",
                "description",
                "placeholder",
                "required",
                "max_length",
                "purpose",
                "value",
                "options",
                "matched",
            ],
            Scope::Form => &["id", "title", "processors", "matched"],
            Scope::ProcessorRef => &["processor"],
            Scope::Policy => &[
                "forms",
                "processor",
                "closed_tickets",
                "free_text",
                "attachments",
                "backups",
            ],
            Scope::Setting => &["value"],
            Scope::Processor => &["id", "name", "third_party", "keeps"],
            Scope::Engine => &[],
        }
    }

    /// Variables a message template may use.
    pub fn variables(self) -> &'static [&'static str] {
        match self {
            Scope::Field => &[
                "field",
                "label",
                "type",
                "form",
                "category",
                "matched",
                "other",
                "others",
                "max",
                "value",
                "fix_max_length",
                "fix_purpose",
                "records",
            ],
            Scope::Form => &[
                "form",
                "title",
                "category",
                "matched",
                "fix_max_length",
                "fix_purpose",
                "records",
            ],
            Scope::ProcessorRef => &["form", "processor"],
            Scope::Policy => &[
                "policy",
                "closed_tickets",
                "free_text",
                "attachments",
                "backups",
                "grace",
                "limit",
            ],
            Scope::Setting => &["setting", "value", "max", "owner"],
            Scope::Processor => &["processor", "keeps", "policy", "policy_value"],
            Scope::Engine => &["rule", "reason", "entry", "glob", "policy", "sent_to"],
        }
    }
}

#[derive(Debug, Clone)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Pred(Pred),
}

#[derive(Debug, Clone)]
pub enum Pred {
    // Fields.
    Type(Vec<FieldKind>),
    FreeText(bool),
    Missing(String),
    Present(String),
    Supports(String),
    Required(bool),
    Visible(bool),
    CollectsLogs(bool),
    /// The field asks for one of these categories (label, id, placeholder, type).
    AsksFor(Categories),
    /// One of these attributes mentions one of these categories.
    Mentions {
        categories: Categories,
        attrs: Vec<String>,
    },
    /// One of these attributes matches a regular expression.
    Pattern {
        regex: Regex,
        attrs: Vec<String>,
    },
    /// The field asks for one of these categories that an earlier field already asks for.
    RepeatsCategory(Categories),
    /// A policy covering the field's form sets `attachments`.
    AttachmentRetention(bool),
    // Forms (also usable on fields and processor references: the field's form).
    Audience(Audience),
    Public(bool),
    HasFreeText(bool),
    Warns(bool),
    Covered(bool),
    // Processor references.
    HasPolicy(bool),
    // Settings.
    Setting(Vec<String>),
    Owner(String),
    Forever(bool),
    ExceedsMax(bool),
    // Policies.
    FreeTextShorter(bool),
    FreeTextLonger(bool),
    BackupsWithinGrace(bool),
    // Processors.
    ThirdParty(bool),
    KeepsExceedsPolicy(bool),
}

/// Which scopes each predicate applies to, and its argument kind.
const PREDICATES: &[(&str, &[Scope])] = {
    use Scope::*;
    &[
        ("type", &[Field]),
        ("free_text", &[Field]),
        ("missing", &[Field, Form, Policy, Processor]),
        ("present", &[Field, Form, Policy, Processor]),
        ("supports", &[Field, Form]),
        ("required", &[Field]),
        ("visible", &[Field]),
        ("collects_logs", &[Field]),
        ("asks_for", &[Field]),
        ("mentions", &[Field, Form]),
        ("pattern", &[Field, Form]),
        ("repeats_category", &[Field]),
        ("attachment_retention", &[Field]),
        ("audience", &[Field, Form, ProcessorRef]),
        ("public", &[Field, Form, ProcessorRef]),
        ("has_free_text", &[Field, Form, ProcessorRef]),
        ("warns", &[Field, Form]),
        ("covered", &[Field, Form, ProcessorRef]),
        ("has_policy", &[ProcessorRef]),
        ("setting", &[Setting]),
        ("owner", &[Setting]),
        ("forever", &[Setting]),
        ("exceeds_max", &[Setting]),
        ("free_text_shorter", &[Policy]),
        ("free_text_longer", &[Policy]),
        ("backups_within_grace", &[Policy]),
        ("third_party", &[Processor]),
        ("keeps_exceeds_policy", &[Processor]),
    ]
};

impl Condition {
    /// Reads a `when:` list (all must hold) or a single condition mapping.
    pub fn from_node(node: &Node, scope: Scope) -> Result<Condition, Error> {
        match &node.kind {
            NodeKind::Seq(items) => Ok(Condition::All(
                items
                    .iter()
                    .map(|n| Condition::from_node(n, scope))
                    .collect::<Result<_, _>>()?,
            )),
            NodeKind::Map(entries) => {
                if entries.len() != 1 {
                    return Err(Error::at(node.span, "a condition has exactly one key")
                        .with_help("write several conditions as a list: all of them must hold"));
                }
                let e = &entries[0];
                let (key, v) = (&e.key, &e.value);
                match key.value.as_str() {
                    "all" => Ok(Condition::All(list(v, scope)?)),
                    "any" => Ok(Condition::Any(list(v, scope)?)),
                    "not" => Ok(Condition::Not(Box::new(Condition::from_node(v, scope)?))),
                    name => Ok(Condition::Pred(Pred::parse(key, v, scope).map_err(
                        |e| {
                            if e.message.is_empty() {
                                unknown_predicate(name, key)
                            } else {
                                e
                            }
                        },
                    )?)),
                }
            }
            _ => Err(Error::at(
                node.span,
                format!("expected a condition, found {}", node.type_name()),
            )),
        }
    }
}

fn unknown_predicate(name: &str, key: &Spanned<String>) -> Error {
    let names = PREDICATES
        .iter()
        .map(|(n, _)| *n)
        .chain(["all", "any", "not"]);
    Error::at(key.span, format!("unknown condition `{name}`")).with_help(
        suggestion(name, names.clone()).unwrap_or_else(|| {
            format!("expected one of: {}", names.collect::<Vec<_>>().join(", "))
        }),
    )
}

fn list(v: &Node, scope: Scope) -> Result<Vec<Condition>, Error> {
    v.seq()?
        .iter()
        .map(|n| Condition::from_node(n, scope))
        .collect()
}

fn attr_list(v: &Node, scope: Scope) -> Result<Vec<String>, Error> {
    let list = v.strings()?;
    for a in &list {
        if !scope.attributes().contains(&a.value.as_str()) {
            return Err(Error::at(
                a.span,
                format!("`{}` is not an attribute of a {}", a.value, scope.name()),
            )
            .with_help(format!(
                "expected one of: {}",
                scope.attributes().join(", ")
            )));
        }
    }
    Ok(list.into_iter().map(|s| s.value).collect())
}

/// Vocabulary categories a condition names (`asks_for`, `mentions`, `repeats_category`):
/// their ids, and the same as bits of the built-in vocabulary's categories
/// ([`Vocabulary::category_bit`]), which conditions are read against, so that an engine
/// with that vocabulary tells whether a text's categories include one of them in one
/// instruction, not a comparison of ids per category ([`Categories::bits_in`]).
///
/// [`Vocabulary::category_bit`]: super::vocabulary::Vocabulary::category_bit
#[derive(Debug, Clone, Default)]
pub struct Categories {
    ids: Vec<String>,
    builtin: u64,
}

impl Categories {
    pub fn new(ids: Vec<String>) -> Categories {
        let builtin = Categories::bits(&ids, super::vocabulary::Vocabulary::builtin());
        Categories { ids, builtin }
    }

    fn bits(ids: &[String], vocab: &super::vocabulary::Vocabulary) -> u64 {
        ids.iter()
            .filter_map(|id| vocab.category(id))
            .fold(0, |m, c| m | super::vocabulary::Vocabulary::category_bit(c))
    }

    /// The categories as bits of `vocab`'s ([`Vocabulary::category_bit`]); `builtin` tells
    /// that `vocab` is the built-in vocabulary, whose bits are known.
    ///
    /// [`Vocabulary::category_bit`]: super::vocabulary::Vocabulary::category_bit
    pub fn bits_in(&self, vocab: &super::vocabulary::Vocabulary, builtin: bool) -> u64 {
        if builtin {
            self.builtin
        } else {
            Categories::bits(&self.ids, vocab)
        }
    }
}

impl std::ops::Deref for Categories {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.ids
    }
}

fn categories(v: &Node) -> Result<Categories, Error> {
    let vocab = super::vocabulary::Vocabulary::builtin();
    let list = v.strings()?;
    for c in &list {
        if vocab.category(&c.value).is_none() {
            let ids = vocab.categories.iter().map(|c| c.id.as_str());
            return Err(
                Error::at(c.span, format!("unknown vocabulary category `{}`", c.value)).with_help(
                    suggestion(&c.value, ids.clone()).unwrap_or_else(|| {
                        format!("expected one of: {}", ids.collect::<Vec<_>>().join(", "))
                    }),
                ),
            );
        }
    }
    Ok(Categories::new(list.into_iter().map(|s| s.value).collect()))
}

impl Pred {
    fn parse(key: &Spanned<String>, v: &Node, scope: Scope) -> Result<Pred, Error> {
        let Some((_, scopes)) = PREDICATES.iter().find(|(n, _)| *n == key.value) else {
            return Err(Error::at(key.span, ""));
        };
        if !scopes.contains(&scope) {
            let names: Vec<&str> = scopes.iter().map(|s| s.name()).collect();
            return Err(Error::at(
                key.span,
                format!(
                    "condition `{}` does not apply to a {}",
                    key.value,
                    scope.name()
                ),
            )
            .with_help(format!("it applies to: {}", names.join(", "))));
        }
        let b = || v.boolean().map(|b| b.value);
        Ok(match key.value.as_str() {
            "type" => {
                let mut kinds = Vec::new();
                for t in v.strings()? {
                    kinds.push(FieldKind::parse(&t.value).ok_or_else(|| {
                        Error::at(t.span, format!("unknown field type `{}`", t.value))
                    })?);
                }
                Pred::Type(kinds)
            }
            "free_text" => Pred::FreeText(b()?),
            "missing" | "present" => {
                let a = attr_list(v, scope)?;
                let [a] = <[String; 1]>::try_from(a)
                    .map_err(|_| Error::at(v.span, "name one attribute"))?;
                if key.value == "missing" {
                    Pred::Missing(a)
                } else {
                    Pred::Present(a)
                }
            }
            "supports" => {
                let s = v.string()?;
                if !["max_length", "purpose"].contains(&s.value.as_str()) {
                    return Err(
                        Error::at(s.span, format!("unknown capability `{}`", s.value))
                            .with_help("expected `max_length` or `purpose`"),
                    );
                }
                Pred::Supports(s.value)
            }
            "required" => Pred::Required(b()?),
            "visible" => Pred::Visible(b()?),
            "collects_logs" => Pred::CollectsLogs(b()?),
            "asks_for" => Pred::AsksFor(categories(v)?),
            "mentions" => {
                let m = v.map()?;
                crate::syntax::check_keys(m, &["categories", "in"], "`mentions`")?;
                let cats = v
                    .get("categories")
                    .ok_or_else(|| Error::at(v.span, "`mentions` needs `categories`"))?;
                let attrs = match v.get("in") {
                    Some(e) => attr_list(&e.value, scope)?,
                    None => vec!["label".into(), "description".into(), "placeholder".into()],
                };
                Pred::Mentions {
                    categories: categories(&cats.value)?,
                    attrs,
                }
            }
            "pattern" => {
                let m = v.map()?;
                crate::syntax::check_keys(m, &["regex", "in"], "`pattern`")?;
                let r = v
                    .get("regex")
                    .ok_or_else(|| Error::at(v.span, "`pattern` needs `regex`"))?
                    .value
                    .string()?;
                let regex = Regex::new(&r.value).map_err(|e| {
                    Error::at(
                        r.span,
                        format!("invalid regex: {}", first_line(&e.to_string())),
                    )
                })?;
                let attrs = match v.get("in") {
                    Some(e) => attr_list(&e.value, scope)?,
                    None => vec!["label".into()],
                };
                Pred::Pattern { regex, attrs }
            }
            "repeats_category" => Pred::RepeatsCategory(categories(v)?),
            "attachment_retention" => Pred::AttachmentRetention(b()?),
            "audience" => {
                let s = v.string()?;
                Pred::Audience(match s.value.as_str() {
                    "end_user" => Audience::EndUser,
                    "agent" => Audience::Agent,
                    _ => return Err(Error::at(s.span, "expected `end_user` or `agent`")),
                })
            }
            "public" => Pred::Public(b()?),
            "has_free_text" => Pred::HasFreeText(b()?),
            "warns" => Pred::Warns(b()?),
            "covered" => Pred::Covered(b()?),
            "has_policy" => Pred::HasPolicy(b()?),
            "setting" => {
                let list = v.strings()?;
                let known: Vec<&str> = RETENTION_SETTINGS
                    .iter()
                    .copied()
                    .chain(["keeps"])
                    .collect();
                for s in &list {
                    if !known.contains(&s.value.as_str()) {
                        return Err(Error::at(s.span, format!("unknown setting `{}`", s.value))
                            .with_help(format!("expected one of: {}", known.join(", "))));
                    }
                }
                Pred::Setting(list.into_iter().map(|s| s.value).collect())
            }
            "owner" => {
                let s = v.string()?;
                if !["policy", "processor"].contains(&s.value.as_str()) {
                    return Err(Error::at(s.span, "expected `policy` or `processor`"));
                }
                Pred::Owner(s.value)
            }
            "forever" => Pred::Forever(b()?),
            "exceeds_max" => Pred::ExceedsMax(b()?),
            "free_text_shorter" => Pred::FreeTextShorter(b()?),
            "free_text_longer" => Pred::FreeTextLonger(b()?),
            "backups_within_grace" => Pred::BackupsWithinGrace(b()?),
            "third_party" => Pred::ThirdParty(b()?),
            "keeps_exceeds_policy" => Pred::KeepsExceedsPolicy(b()?),
            _ => return Err(Error::at(key.span, "")),
        })
    }
}

fn first_line(s: &str) -> &str {
    s.lines().last().unwrap_or(s).trim()
}

/// Checks that a template (`what`: `message` or `help`) uses only the scope's variables.
pub fn check_template(t: &Spanned<String>, scope: Scope, what: &str) -> Result<(), Error> {
    let mut rest = t.value.as_str();
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let Some(j) = after.find('}') else { break };
        let var = &after[..j];
        if !scope.variables().contains(&var) {
            return Err(
                Error::at(t.span, format!("unknown variable `{{{var}}}` in {what}")).with_help(
                    format!(
                        "a {} rule can use: {}",
                        scope.name(),
                        scope.variables().join(", ")
                    ),
                ),
            );
        }
        rest = &after[j + 1..];
    }
    Ok(())
}
