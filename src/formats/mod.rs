//! Input formats: each adapter turns a parsed document into the [`Model`], with spans.
//! Formats know nothing of rules.
//!
//! A format is a [`Format`] value: a name, a detector and a loader. [`FORMATS`] lists them
//! all; adding a format is adding its module and one line there. [`detect`] picks the format
//! of a document by its content and path (see `detect.rs`).

pub mod detect;
pub mod freshdesk;
pub mod github;
pub mod jsonschema;
pub mod native;
pub mod rust;
pub mod zendesk;

use std::cell::RefCell;
use std::path::{Path, PathBuf};

pub use detect::{detect, Detected, Detection};

use crate::diag::Error;
use crate::model::{Duration, FieldKind, Model};
use crate::source::{FileId, Span, Spanned};
use crate::syntax::{self, Entry, Limits, Node};

/// One input format.
pub struct Format {
    /// The name used in `formats:` in datamin.yaml and in messages.
    pub name: &'static str,
    /// Whether a document is in this format (see [`Detection`]).
    pub detect: fn(&Document<'_>) -> Detection,
    /// Reads a document into the model; errors are collected, not fatal.
    pub load: fn(&Document<'_>, &mut Model, &mut Vec<Error>),
}

impl Format {
    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl std::fmt::Debug for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for Format {
    fn eq(&self, other: &Format) -> bool {
        self.name == other.name
    }
}

impl Eq for Format {}

/// Every format datamin reads, in the order they are listed to users.
pub static FORMATS: &[&Format] = &[
    &native::FORM,
    &native::RETENTION,
    &github::FORMAT,
    &jsonschema::FORMAT,
    &zendesk::FORMAT,
    &freshdesk::FORMAT,
];

/// The format called `name`.
pub fn by_name(name: &str) -> Option<&'static Format> {
    FORMATS.iter().copied().find(|f| f.name == name)
}

/// The names of every format, for help texts.
pub fn names() -> Vec<&'static str> {
    FORMATS.iter().map(|f| f.name).collect()
}

/// A parsed input file, with the file read as part of it, if any.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The path as given or found.
    pub path: &'a Path,
    pub root: &'a Node,
    /// A companion file read with this one (a JSON Schema's uiSchema), parsed. Its spans point
    /// into its own file.
    pub companion: Option<&'a Node>,
}

impl<'a> Document<'a> {
    pub fn new(path: &'a Path, root: &'a Node) -> Document<'a> {
        Document {
            path,
            root,
            companion: None,
        }
    }

    /// The file name, without folders.
    pub fn file_name(&self) -> &str {
        crate::source::file_name(self.path)
            .and_then(|n| n.to_str())
            .unwrap_or_default()
    }
}

/// For a main file, the companion file that is read with it, by name (`X.schema.json` →
/// `X.uischema.json`), whether or not it exists.
pub fn companion_path(main: &Path) -> Option<PathBuf> {
    jsonschema::uischema_path(main)
}

/// For a companion file (by name), the main file it belongs to (`X.uischema.json` →
/// `X.schema.json`), whether or not it exists.
pub fn main_path(companion: &Path) -> Option<PathBuf> {
    jsonschema::schema_path(companion)
}

/// The syntax a file is written in, from its extension.
pub fn is_json(path: &Path) -> bool {
    // `.jsonc`: JSON with comments, as editors write it, which the JSON parser reads.
    crate::source::extension(path)
        .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("jsonc"))
}

/// Parses `text` by its extension.
pub fn parse(path: &Path, text: &str, file: FileId, limits: Limits) -> Result<Node, Error> {
    if is_json(path) {
        syntax::json::parse(text, file, limits)
    } else {
        syntax::yaml::parse(text, file, limits)
    }
}

/// Parses `text` by its extension, only as far as its first document; with where a second
/// YAML document starts, if one does (see [`syntax::yaml::parse_first`]).
pub fn parse_first(
    path: &Path,
    text: &str,
    file: FileId,
    limits: Limits,
) -> Result<(Node, Option<Span>), Error> {
    if is_json(path) {
        syntax::json::parse(text, file, limits).map(|n| (n, None))
    } else {
        syntax::yaml::parse_first(text, file, limits)
    }
}

/// Loads a document of a known format into a model.
pub fn load(format: &Format, doc: &Document<'_>) -> (Model, Vec<Error>) {
    let mut model = Model::default();
    let mut errors = Vec::new();
    (format.load)(doc, &mut model, &mut errors);
    (model, errors)
}

/// `a`, `sep` and `b` as one string: a field's path, made for every field (without the
/// formatting machinery of `format!`, several times slower for two short strings).
pub(crate) fn joined(a: &str, sep: char, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + sep.len_utf8() + b.len());
    s.push_str(a);
    s.push(sep);
    s.push_str(b);
    s
}

/// Where to point when something is missing from a mapping: its first key, or the node.
pub(crate) fn head(node: &Node) -> Span {
    node.as_map()
        .and_then(|m| m.first())
        .map_or(node.span, |e| e.key.span)
}

/// A help-desk export's `what` (a field, a form, a choice) without its `key`, pointed at the
/// entry's first character.
pub(crate) fn missing(node: &Node, what: &str, key: &str) -> Error {
    let start = node.span.start as usize;
    Error::at(
        Span::new(node.span.file, start, start + 1),
        format!("{what} has no `{key}`"),
    )
}

/// The kind of field a help desk's field type `name` stands for, by the help desk's `types`;
/// an unknown type is an error (pushed to `f`) that names `vendor`'s known types.
pub(crate) fn field_kind(
    f: &Fields,
    types: &[(&str, FieldKind)],
    name: &Spanned<String>,
    vendor: &str,
) -> Option<FieldKind> {
    let kind = types
        .iter()
        .find(|(n, _)| *n == name.value)
        .map(|(_, k)| *k);
    if kind.is_none() {
        f.push(crate::diag::unknown_name(
            &format!("{vendor} field type"),
            name,
            types.iter().map(|(n, _)| *n),
            &format!("datamin knows these {vendor} field types"),
        ));
    }
    kind
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

    /// A list, each item read by `item` (a lone value is an error here).
    pub fn list<T>(&self, key: &str, item: impl Fn(&Node) -> Result<T, Error>) -> Vec<T> {
        self.seq(key)
            .unwrap_or_default()
            .iter()
            .filter_map(|n| item(n).map_err(|e| self.push(e)).ok())
            .collect()
    }

    pub fn seq(&self, key: &str) -> Option<&'a [Node]> {
        let v = self.get(key)?;
        v.seq().map_err(|e| self.push(e)).ok()
    }

    pub fn map(&self, key: &str) -> Option<&'a Node> {
        let v = self.get(key)?;
        v.map().map_err(|e| self.push(e)).ok().map(|_| v)
    }

    /// A duration; unlike other values, a key written with no value is an error, not unset
    /// (an empty retention period reads as "no limit" otherwise).
    pub fn duration(&self, key: &str) -> Option<Spanned<Duration>> {
        let v = self.entries.iter().find(|e| e.key.value == key)?;
        native::parse_duration(&v.value)
            .map_err(|e| self.push(e))
            .ok()
    }
}
