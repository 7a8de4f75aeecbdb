//! A format-neutral, spanned document tree.
//!
//! YAML and JSON are both parsed into [`Node`]s; every key and value keeps its byte span so
//! that format adapters can point at the exact key or value at fault.

pub mod json;
pub mod yaml;

use crate::diag::{suggestion, Error};
use crate::source::{Span, Spanned};

/// Limits that keep hostile input cheap to reject.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes in a document, counting every alias expansion.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 64,
            max_nodes: 250_000,
        }
    }
}

/// The largest whole number a count may be: numbers are read as `f64`, exact up to 2^53 - 1.
pub const MAX_COUNT: u64 = (1 << 53) - 1;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    /// A number, and its text as written (`3.10`, not `3.1`).
    Number(f64, Box<str>),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Spanned<String>,
    pub value: Node,
}

impl Node {
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Number(..) => "a number",
            NodeKind::Str(_) => "a string",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The entry for `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().find(|e| e.key.value == key)
    }

    /// Number of nodes in this subtree (itself included).
    pub fn size(&self) -> usize {
        1 + match &self.kind {
            NodeKind::Seq(s) => s.iter().map(Node::size).sum(),
            NodeKind::Map(m) => m.iter().map(|e| 1 + e.value.size()).sum(),
            _ => 0,
        }
    }

    fn expected(&self, what: &str) -> Error {
        Error::at(
            self.span,
            format!("expected {what}, found {}", self.type_name()),
        )
    }

    /// This node as a mapping, or a located type error.
    pub fn map(&self) -> Result<&[Entry], Error> {
        self.as_map().ok_or_else(|| self.expected("a mapping"))
    }

    pub fn seq(&self) -> Result<&[Node], Error> {
        self.as_seq().ok_or_else(|| self.expected("a list"))
    }

    pub fn string(&self) -> Result<Spanned<String>, Error> {
        match &self.kind {
            NodeKind::Str(s) => Ok(Spanned::new(s.clone(), self.span)),
            _ => Err(self.expected("a string")),
        }
    }

    pub fn boolean(&self) -> Result<Spanned<bool>, Error> {
        match self.kind {
            NodeKind::Bool(b) => Ok(Spanned::new(b, self.span)),
            _ => Err(self.expected("`true` or `false`")),
        }
    }

    /// A non-negative whole number, at most [`MAX_COUNT`]; the error says which of these a
    /// number is not, quoting it as written.
    pub fn count(&self) -> Result<Spanned<u64>, Error> {
        let NodeKind::Number(n, ref text) = self.kind else {
            return Err(self.expected("a whole number"));
        };
        #[allow(clippy::cast_precision_loss)] // 2^53 - 1 is exact
        let max = MAX_COUNT as f64;
        if n < 0.0 {
            Err(Error::at(
                self.span,
                format!("expected a whole number, not negative, found `{text}`"),
            ))
        } else if n > max {
            Err(Error::at(
                self.span,
                format!("number too large (at most {MAX_COUNT})"),
            ))
        } else if n.fract() != 0.0 || n.is_nan() {
            Err(Error::at(
                self.span,
                format!("expected a whole number, found `{text}`"),
            ))
        } else {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Ok(Spanned::new(n as u64, self.span))
        }
    }

    /// A string, or a list of strings (a lone string counts as a list of one).
    pub fn strings(&self) -> Result<Vec<Spanned<String>>, Error> {
        match &self.kind {
            NodeKind::Seq(items) => items.iter().map(Node::string).collect(),
            NodeKind::Str(_) => Ok(vec![self.string()?]),
            _ => Err(self.expected("a string or a list of strings")),
        }
    }
}

/// Checks that every key of `entries` is in `known`; the first unknown key is a located error
/// with a "did you mean" when a known key is close.
pub fn check_keys(entries: &[Entry], known: &[&str], what: &str) -> Result<(), Error> {
    for e in entries {
        if !known.contains(&e.key.value.as_str()) {
            let mut err = Error::at(
                e.key.span,
                format!("unknown key `{}` in {what}", e.key.value),
            );
            err.help = Some(match suggestion(&e.key.value, known.iter().copied()) {
                Some(s) => s,
                // YAML 1.1's merge key, which YAML 1.2 (and so datamin) reads as a plain key.
                None if e.key.value == "<<" => format!(
                    "YAML merge keys are not read (YAML 1.2 has none): write the keys out here; expected one of: {}",
                    known.join(", ")
                ),
                None => format!("expected one of: {}", known.join(", ")),
            });
            return Err(err);
        }
    }
    Ok(())
}

/// Like [`check_keys`] but collects every unknown key.
pub fn unknown_keys(entries: &[Entry], known: &[&str], what: &str) -> Vec<Error> {
    entries
        .iter()
        .filter_map(|e| check_keys(std::slice::from_ref(e), known, what).err())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_key_is_an_unknown_key_that_says_why() {
        let text = "base: &b\n  days: 1\npolicy:\n  <<: *b\n  name: x\n";
        let root = yaml::parse(text, 0, Limits::default()).unwrap();
        let policy = root.get("policy").unwrap();
        let err =
            check_keys(policy.value.map().unwrap(), &["name", "days"], "a policy").unwrap_err();
        assert_eq!(err.message, "unknown key `<<` in a policy");
        assert_eq!(err.span.map(|s| s.start as usize), text.find("<<"));
        let help = err.help.unwrap();
        assert!(help.starts_with("YAML merge keys are not read"), "{help}");
        assert!(help.ends_with("expected one of: name, days"), "{help}");
    }
}
