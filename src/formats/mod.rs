//! Input formats: each adapter turns a parsed document into the [`Model`], with spans.
//! Formats know nothing of rules.

pub mod freshdesk;
pub mod native;
pub mod rust;
pub mod zendesk;

use std::cell::RefCell;
use std::path::Path;

use crate::diag::Error;
use crate::model::{Duration, Model};
use crate::source::{FileId, Spanned};
use crate::syntax::{self, Entry, Limits, Node};

/// The formats datamin reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// datamin's form file (`form:`).
    Form,
    /// datamin's retention file (`retention:` / `processors:`).
    Retention,
    /// Zendesk API export: ticket fields, ticket forms, deletion schedules.
    Zendesk,
    /// Freshdesk API export: ticket fields.
    Freshdesk,
}

impl Format {
    pub const ALL: [(&'static str, Format); 4] = [
        ("form", Format::Form),
        ("retention", Format::Retention),
        ("zendesk", Format::Zendesk),
        ("freshdesk", Format::Freshdesk),
    ];

    pub fn name(self) -> &'static str {
        Format::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("?", |(n, _)| n)
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.iter().find(|(n, _)| *n == s).map(|(_, f)| *f)
    }
}

/// The syntax a file is written in, from its extension.
pub fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Parses `text` by its extension.
pub fn parse(path: &Path, text: &str, file: FileId, limits: Limits) -> Result<Node, Error> {
    if is_json(path) {
        syntax::json::parse(text, file, limits)
    } else {
        syntax::yaml::parse(text, file, limits)
    }
}

/// Picks the format of a parsed document by its content.
pub fn detect(root: &Node) -> Option<Format> {
    if native::is_form(root) {
        Some(Format::Form)
    } else if native::is_retention(root) {
        Some(Format::Retention)
    } else if zendesk::detect(root) {
        Some(Format::Zendesk)
    } else if freshdesk::detect(root) {
        Some(Format::Freshdesk)
    } else {
        None
    }
}

/// Loads a document of a known format into a model; errors are collected, not fatal.
pub fn load(format: Format, root: &Node) -> (Model, Vec<Error>) {
    let mut model = Model::default();
    let mut errors = Vec::new();
    match format {
        Format::Form => native::load_form(root, &mut model, &mut errors),
        Format::Retention => native::load_retention(root, &mut model, &mut errors),
        Format::Zendesk => zendesk::load(root, &mut model, &mut errors),
        Format::Freshdesk => freshdesk::load(root, &mut model, &mut errors),
    }
    (model, errors)
}

/// Typed, spanned access to the values of a mapping; type errors are collected.
pub(crate) struct Fields<'a, 'e> {
    entries: &'a [Entry],
    errors: RefCell<&'e mut Vec<Error>>,
}

impl<'a, 'e> Fields<'a, 'e> {
    pub fn new(node: &'a Node, errors: &'e mut Vec<Error>) -> Fields<'a, 'e> {
        Fields {
            entries: node.as_map().unwrap_or_default(),
            errors: RefCell::new(errors),
        }
    }

    pub fn push(&self, e: Error) {
        self.errors.borrow_mut().push(e);
    }

    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|e| e.key.value == key)
            .map(|e| &e.value)
            .filter(|v| !matches!(v.kind, syntax::NodeKind::Null))
    }

    fn take<T>(&self, key: &str, f: impl FnOnce(&Node) -> Result<T, Error>) -> Option<T> {
        let v = self.get(key)?;
        f(v).map_err(|e| self.push(e)).ok()
    }

    pub fn string(&self, key: &str) -> Option<Spanned<String>> {
        self.take(key, Node::string)
    }

    pub fn boolean(&self, key: &str) -> Option<Spanned<bool>> {
        self.take(key, Node::boolean)
    }

    pub fn count(&self, key: &str) -> Option<Spanned<u64>> {
        self.take(key, Node::count)
    }

    pub fn strings(&self, key: &str) -> Vec<Spanned<String>> {
        self.take(key, Node::strings).unwrap_or_default()
    }

    pub fn seq(&self, key: &str) -> Option<&'a [Node]> {
        let v = self.get(key)?;
        v.seq().map_err(|e| self.push(e)).ok()
    }

    pub fn duration(&self, key: &str) -> Option<Spanned<Duration>> {
        self.take(key, native::parse_duration)
    }
}
