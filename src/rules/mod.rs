//! Rules: declarative rule files (built into the binary from `rules/`, or the user's own),
//! evaluated against the [`crate::model::Model`]. Rules know nothing of file formats.

pub mod engine;
pub mod predicate;
pub mod select;
pub mod vocabulary;

use std::fmt;

use serde::Serialize;

use crate::diag::{suggestion, Error};
use crate::source::{FileId, Span, Spanned};
use crate::syntax::{check_keys, Node};
pub use predicate::{Condition, Scope};

mod builtin;
pub use builtin::BUILTIN;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "note" => Some(Severity::Note),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule, as read from its file.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub severity: Severity,
    pub scope: Scope,
    /// One line, for `datamin rules` and SARIF `shortDescription`.
    pub summary: String,
    /// Template: `{field}`, `{form}`, `{category}`... filled from the match.
    pub message: String,
    pub help: String,
    /// Messages for the cases where `message` would not be true (free text kept longer than
    /// tickets, not as long): the first alternative whose condition holds replaces `message`.
    pub message_if: Vec<(Condition, String)>,
    /// Help for the cases where `help` would suggest what cannot be done (a key the input
    /// format lacks): the first alternative whose condition holds replaces `help`.
    pub help_if: Vec<(Condition, String)>,
    /// Markdown: What it finds / Why it matters / Example / How to fix.
    pub explanation: String,
    pub when: Condition,
    /// Which attribute's span to point at; defaults by scope.
    pub at: Option<String>,
    /// The rule file, for errors.
    pub file: Option<FileId>,
}

const RULE_KEYS: &[&str] = &[
    "id",
    "name",
    "severity",
    "scope",
    "summary",
    "message",
    "message_if",
    "help",
    "help_if",
    "explanation",
    "when",
    "at",
];

fn required<'a>(root: &'a Node, key: &str) -> Result<&'a Node, Error> {
    root.get(key).map(|e| &e.value).ok_or_else(|| {
        Error::at(
            Span::new(
                root.span.file,
                root.span.start as usize,
                root.span.start as usize,
            ),
            format!("rule has no `{key}`"),
        )
    })
}

impl Rule {
    /// Reads one rule file.
    pub fn from_node(root: &Node) -> Result<Rule, Error> {
        check_keys(root.map()?, RULE_KEYS, "a rule")?;
        let id = required(root, "id")?.string()?;
        if !is_rule_id(&id.value) {
            return Err(Error::at(
                id.span,
                format!("rule id `{}` is not `DM` and three digits", id.value),
            ));
        }
        let name = required(root, "name")?.string()?;
        if name.value.is_empty()
            || !name
                .value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(Error::at(
                name.span,
                format!("rule name `{}` is not kebab-case", name.value),
            ));
        }
        let sev = required(root, "severity")?.string()?;
        let severity = Severity::parse(&sev.value).ok_or_else(|| {
            Error::at(sev.span, format!("unknown severity `{}`", sev.value))
                .with_help("expected `error`, `warning` or `note`")
        })?;
        let scope_s = required(root, "scope")?.string()?;
        let scope = Scope::parse(&scope_s.value).ok_or_else(|| {
            let names = Scope::ALL.iter().map(|(n, _)| *n);
            Error::at(scope_s.span, format!("unknown scope `{}`", scope_s.value)).with_help(
                suggestion(&scope_s.value, names.clone()).unwrap_or_else(|| {
                    format!("expected one of: {}", names.collect::<Vec<_>>().join(", "))
                }),
            )
        })?;
        let text = |k: &str| -> Result<String, Error> { Ok(required(root, k)?.string()?.value) };
        let when = Condition::from_node(required(root, "when")?, scope)?;
        let at = match root.get("at") {
            Some(e) => {
                let at: Spanned<String> = e.value.string()?;
                if !scope.attributes().contains(&at.value.as_str()) {
                    return Err(Error::at(
                        at.span,
                        format!("`{}` is not an attribute of a {}", at.value, scope.name()),
                    )
                    .with_help(format!(
                        "expected one of: {}",
                        scope.attributes().join(", ")
                    )));
                }
                Some(at.value)
            }
            None => None,
        };
        let message = required(root, "message")?.string()?;
        predicate::check_template(&message, scope, "message")?;
        let help = required(root, "help")?.string()?;
        predicate::check_template(&help, scope, "help")?;
        Ok(Rule {
            id: id.value,
            name: name.value,
            severity,
            scope,
            summary: text("summary")?,
            message: message.value,
            help: help.value,
            message_if: match root.get("message_if") {
                Some(e) => alternatives(&e.value, scope, "message")?,
                None => Vec::new(),
            },
            help_if: match root.get("help_if") {
                Some(e) => alternatives(&e.value, scope, "help")?,
                None => Vec::new(),
            },
            explanation: text("explanation")?,
            when,
            at,
            file: Some(root.span.file),
        })
    }
}

/// `help_if:` a list of `{when: CONDITIONS, help: TEXT}`, or `message_if:` of
/// `{when: CONDITIONS, message: TEXT}` (`text` names the text key).
fn alternatives(node: &Node, scope: Scope, text: &str) -> Result<Vec<(Condition, String)>, Error> {
    let list = format!("{text}_if");
    let mut out = Vec::new();
    for item in node.seq()? {
        check_keys(item.map()?, &["when", text], &format!("a `{list}` entry"))?;
        let get = |k: &str| {
            item.get(k).map(|e| &e.value).ok_or_else(|| {
                Error::at(item.span, format!("`{list}` entry has no `{k}`"))
                    .with_help(format!("write `- when: [...]` and `{text}: \"...\"`"))
            })
        };
        let when = Condition::from_node(get("when")?, scope)?;
        let value = get(text)?.string()?;
        predicate::check_template(&value, scope, text)?;
        out.push((when, value.value));
    }
    Ok(out)
}

pub fn is_rule_id(s: &str) -> bool {
    s.len() == 5 && s.starts_with("DM") && s[2..].bytes().all(|b| b.is_ascii_digit())
}

/// Rules of the engine itself, reported by the pipeline rather than by a rule file.
pub struct BuiltinMeta {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub help: &'static str,
    pub explanation: &'static str,
}

/// Every rule known to a run: built-in files, the engine's own rules, and user rules.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    pub fn find(&self, id_or_name: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.id == id_or_name || r.name == id_or_name)
    }

    pub fn sort(&mut self) {
        self.rules.sort_by(|a, b| a.id.cmp(&b.id));
    }
}
