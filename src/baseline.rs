//! Baselines: the findings a project has accepted for now, so that only new ones fail.
//!
//! An entry is matched by rule, file, the finding's identity (what it is about, e.g.
//! `contact/problem`) and the kind of data it is about (`category`, when its rule names
//! one), never by line, so edits elsewhere in the file keep it matched. An entry without a
//! category (written before entries had one) matches a finding of any. Paths
//! are stored relative to the baseline file's folder, so the baseline works whatever folder
//! datamin runs from. Entries are a multiset: two findings with the same key need two entries.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::diag::Error;
use crate::discover::normalize;
use crate::report::Finding;
use crate::source::{FileId, SourceFile};
use crate::syntax::{check_keys, Limits};

/// The format's version; bumped if an entry's meaning changes. Version 2 added `category`
/// (an older datamin says the version is too new rather than that the key is unknown);
/// version 1 baselines are read as they are, their entries of no category.
pub const VERSION: u64 = 2;

/// Whether this datamin reads a baseline of version `v`.
fn known_version(v: u64) -> bool {
    (1..=VERSION).contains(&v)
}

/// The largest baseline read (unless `limits.max_file_size` is larger): over a million
/// findings. A baseline is datamin's own output, so the limits on inputs do not apply to it;
/// this one only keeps a wrong path (a device) from being read without end.
pub const MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// Rule, file (relative to the baseline's folder), identity and category (empty for none).
type Key = (String, String, String, String);

/// A baseline read from its file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Baseline {
    /// The folder entries' paths are relative to.
    dir: PathBuf,
    /// How many entries each key has, and the first one's message.
    entries: FxHashMap<Key, (usize, String)>,
}

/// A baseline as datamin writes it, read in one pass with nothing but its texts copied (see
/// [`Baseline::parse`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct In<'a> {
    version: u64,
    /// Not checked: any text (anything else is read through the syntax tree).
    #[serde(default, borrow, rename = "tool")]
    _tool: Option<Cow<'a, str>>,
    #[serde(default)]
    entries: Entries,
}

/// A baseline's entries, counted by key as they are read (no list of them made first).
#[derive(Default)]
struct Entries(FxHashMap<Key, (usize, String)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Entries, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of baseline entries")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Entries, A::Error> {
                let mut entries = FxHashMap::default();
                entries.reserve(seq.size_hint().unwrap_or(0));
                while let Some(e) = seq.next_element::<EntryIn<'de>>()? {
                    let key = (
                        e.rule.into_owned(),
                        e.file.into_owned(),
                        e.identity.into_owned(),
                        e.category.into_owned(),
                    );
                    entries
                        .entry(key)
                        .or_insert_with(|| (0, e.message.into_owned()))
                        .0 += 1;
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_seq(Visit)
    }
}

/// An entry as datamin writes it.
struct EntryIn<'a> {
    rule: Cow<'a, str>,
    file: Cow<'a, str>,
    identity: Cow<'a, str>,
    /// Empty when the entry has none.
    category: Cow<'a, str>,
    message: Cow<'a, str>,
}

/// Only a JSON object is an entry (a struct derived by serde takes a list of its fields too).
impl<'de> Deserialize<'de> for EntryIn<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<EntryIn<'de>, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = EntryIn<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a baseline entry")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<EntryIn<'de>, A::Error> {
                use serde::de::Error as _;
                const KEYS: [&str; 5] = ["rule", "file", "identity", "category", "message"];
                let mut values: [Option<Cow<'de, str>>; 5] = Default::default();
                while let Some(Text(key)) = map.next_key()? {
                    let i = (KEYS.iter().position(|k| *k == key))
                        .ok_or_else(|| A::Error::unknown_field(&key, &KEYS))?;
                    if values[i].is_some() {
                        return Err(A::Error::duplicate_field(KEYS[i]));
                    }
                    values[i] = Some(map.next_value::<Text>()?.0);
                }
                let [rule, file, identity, category, message] = values;
                // Read through the syntax tree, which locates the error.
                if category.as_deref() == Some("") {
                    return Err(A::Error::custom("empty category"));
                }
                Ok(EntryIn {
                    rule: rule.ok_or_else(|| A::Error::missing_field("rule"))?,
                    file: file.ok_or_else(|| A::Error::missing_field("file"))?,
                    identity: identity.ok_or_else(|| A::Error::missing_field("identity"))?,
                    category: category.unwrap_or_default(),
                    message: message.unwrap_or_default(),
                })
            }
        }
        d.deserialize_map(Visit)
    }
}

/// A JSON string, borrowed from the text when it has no escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Text<'de>, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        d.deserialize_str(Visit)
    }
}

/// The paths of a run's files relative to a baseline's folder, each worked out once (a
/// path made absolute asks the system for the working folder).
struct Relative<'a> {
    files: &'a [SourceFile],
    dir: &'a Path,
    known: Vec<Option<String>>,
}

impl<'a> Relative<'a> {
    fn new(files: &'a [SourceFile], dir: &'a Path) -> Relative<'a> {
        Relative {
            files,
            dir,
            known: vec![None; files.len()],
        }
    }

    /// A finding's file, relative to the baseline's folder.
    fn file(&mut self, f: &Finding) -> &str {
        match self.known.get_mut(f.span.file as usize) {
            Some(known) => known.get_or_insert_with(|| {
                relative_to(self.dir, &self.files[f.span.file as usize].path)
            }),
            None => "",
        }
    }

    /// A finding's key.
    fn key(&mut self, f: &Finding) -> Key {
        let file = self.file(f).to_string();
        let category = f.category.as_ref().map_or("", |c| c.as_str());
        (
            f.rule_id.to_string(),
            file,
            f.identity.to_string(),
            category.to_string(),
        )
    }
}

/// An entry of a baseline that a new baseline keeps as it is (see [`Baseline::carried`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    /// The entry's file, absolute.
    path: PathBuf,
    rule: String,
    identity: String,
    category: String,
    message: String,
}

impl Baseline {
    /// Reads a baseline already loaded as `source` (with id `file`); errors are located.
    ///
    /// A baseline as datamin writes it is read straight into its entries (serde_json, texts
    /// borrowed where they have no escapes); anything else, and any error, is read again
    /// through the syntax tree, which locates what is wrong.
    pub fn parse(source: &SourceFile, file: FileId) -> Result<Baseline, Error> {
        match written(&source.text) {
            Some(entries) => Ok(Baseline {
                dir: folder_of(&source.path),
                entries,
            }),
            None => Baseline::parse_located(source, file),
        }
    }

    /// [`Baseline::parse`] through the syntax tree: every error located.
    pub fn parse_located(source: &SourceFile, file: FileId) -> Result<Baseline, Error> {
        let root = crate::syntax::json::parse(&source.text, file, limits(&source.text))?;
        check_keys(root.map()?, &["version", "tool", "entries"], "a baseline")?;
        let version = root.get("version").ok_or_else(|| {
            Error::at(root.span, "baseline has no `version`")
                .with_help(format!("write `\"version\": {VERSION}`"))
        })?;
        let v = version.value.count()?;
        if !known_version(v.value) {
            return Err(Error::at(
                v.span,
                format!("unsupported baseline version {}", v.value),
            )
            .with_help(format!(
                "this datamin reads versions 1 to {VERSION}; write the baseline again with `--write-baseline`"
            )));
        }
        let mut entries = FxHashMap::default();
        if let Some(list) = root.get("entries") {
            for item in list.value.seq()? {
                check_keys(
                    item.map()?,
                    &["rule", "file", "identity", "category", "message"],
                    "a baseline entry",
                )?;
                let field = |k: &str| -> Result<String, Error> {
                    match item.get(k) {
                        Some(e) => Ok(e.value.string()?.value),
                        None => Err(Error::at(item.span, format!("baseline entry has no `{k}`"))),
                    }
                };
                let message = match item.get("message") {
                    Some(m) => m.value.string()?.value,
                    None => String::new(),
                };
                let category = match item.get("category") {
                    Some(c) => {
                        let c = c.value.string()?;
                        if c.value.is_empty() {
                            return Err(Error::at(c.span, "baseline entry's `category` is empty")
                                .with_help("leave `category` out for an entry that covers a finding of any kind of data"));
                        }
                        c.value
                    }
                    None => String::new(),
                };
                let key = (field("rule")?, field("file")?, field("identity")?, category);
                entries.entry(key).or_insert((0, message)).0 += 1;
            }
        }
        Ok(Baseline {
            dir: folder_of(&source.path),
            entries,
        })
    }

    /// Reads the baseline at `path` again, as a run read it (`None` if it cannot be read: the
    /// run reported why).
    pub fn read(path: &Path) -> Option<Baseline> {
        // Decoded as the run read it: a UTF-16 baseline's entries are carried too.
        let text = crate::source::decode(std::fs::read(path).ok()?, true).ok()?;
        Baseline::parse(&SourceFile::new(path, text), 0).ok()
    }

    /// The entries a run could not judge, which a baseline written from it keeps: those of
    /// files it did not check (`checked`: the absolute paths of the files it did) that are
    /// still there, and those of rules it did not run (`ran`). Entries of the rules that
    /// report what is unused (DM903 suppressions, DM109 policy globs) stay but for those
    /// `found` (the run's findings, of `files`) has again: whether a run judges a suppression
    /// or a glob hangs on which rules ran and which files it checked (a suppression of a rule
    /// left out by `--select`, an `ignore:` entry for a file not checked, globs when no form
    /// was read), so one the run did not find is not known to be gone, unless its file is.
    /// Sorted.
    pub fn carried<'a>(
        &self,
        checked: &HashSet<PathBuf>,
        ran: impl Fn(&str) -> bool,
        files: &[SourceFile],
        found: impl IntoIterator<Item = &'a Finding>,
    ) -> Vec<Carried> {
        let about_unused = |rule: &str| matches!(rule, "DM903" | "DM109");
        let mut relative = Relative::new(files, &self.dir);
        let mut again: FxHashMap<Key, usize> = FxHashMap::default();
        for f in found {
            if about_unused(&f.rule_id) {
                *again.entry(relative.key(f)).or_insert(0) += 1;
            }
        }
        let mut out = Vec::new();
        for (key, (n, message)) in &self.entries {
            let (rule, file, identity, category) = key;
            let path = normalize(&self.dir.join(file));
            let kept = if about_unused(rule) && path.is_file() {
                n.saturating_sub(again.get(key).copied().unwrap_or(0))
            } else if about_unused(rule) {
                // Its file is gone (renamed, deleted): so is what it said.
                0
            } else if ran(rule) && (checked.contains(&path) || !path.is_file()) {
                0
            } else {
                *n
            };
            out.extend(std::iter::repeat_n(
                Carried {
                    path: path.clone(),
                    rule: rule.clone(),
                    identity: identity.clone(),
                    category: category.clone(),
                    message: message.clone(),
                },
                kept,
            ));
        }
        out.sort_by(|a, b| {
            (&a.path, &a.rule, &a.identity, &a.category).cmp(&(
                &b.path,
                &b.rule,
                &b.identity,
                &b.category,
            ))
        });
        out
    }

    /// Splits `findings` into those not in the baseline and those it lists.
    pub fn filter(
        &self,
        files: &[SourceFile],
        findings: Vec<Finding>,
    ) -> (Vec<Finding>, Vec<Finding>) {
        // How many of each key's entries are used up: only the keys the findings have (a
        // pre-commit run checks a file or two against a baseline of thousands).
        let mut used: FxHashMap<&Key, usize> = FxHashMap::default();
        let mut kept = Vec::new();
        let mut listed = Vec::new();
        let mut relative = Relative::new(files, &self.dir);
        for f in findings {
            let mut key = relative.key(&f);
            let mut left = |key: &Key| match self.entries.get_key_value(key) {
                Some((key, (n, _))) if used.get(key).is_none_or(|u| u < n) => {
                    *used.entry(key).or_insert(0) += 1;
                    true
                }
                _ => false,
            };
            // An entry of the finding's category, or one of none (written before entries had
            // categories).
            let listed_here = left(&key) || {
                !key.3.is_empty() && {
                    key.3.clear();
                    left(&key)
                }
            };
            if listed_here {
                listed.push(f);
            } else {
                kept.push(f);
            }
        }
        (kept, listed)
    }
}

#[derive(Serialize)]
struct Out<'a> {
    version: u64,
    tool: &'static str,
    entries: Vec<EntryOut<'a>>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct EntryOut<'a> {
    file: String,
    rule: &'a str,
    identity: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    category: &'a str,
    message: &'a str,
}

/// The baseline file for `findings`, to be written at `path`: sorted, so the same findings
/// always give the same bytes.
pub fn render<'a>(
    files: &[SourceFile],
    findings: impl IntoIterator<Item = &'a Finding>,
    carried: &'a [Carried],
    path: &Path,
) -> String {
    let dir = folder_of(path);
    let mut relative = Relative::new(files, &dir);
    let mut entries: Vec<EntryOut<'a>> = findings
        .into_iter()
        .map(|f| EntryOut {
            file: relative.file(f).to_string(),
            rule: &f.rule_id,
            identity: &f.identity,
            category: f.category.as_ref().map_or("", |c| c.as_str()),
            message: &f.message,
        })
        .chain(carried.iter().map(|c| EntryOut {
            file: relative_to(&dir, &c.path),
            rule: &c.rule,
            identity: &c.identity,
            category: &c.category,
            message: &c.message,
        }))
        .collect();
    entries.sort();
    let out = Out {
        version: VERSION,
        tool: "datamin",
        entries,
    };
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    s
}

/// The entries of a baseline as datamin writes it, read in one pass; `None` for anything
/// else, which [`Baseline::parse_located`] reads (or rejects with a located error).
fn written(text: &str) -> Option<FxHashMap<Key, (usize, String)>> {
    // Only an object is a baseline (serde takes a struct from a list of its fields too).
    if !(text.trim_start_matches([' ', '\t', '\n', '\r'])).starts_with('{') {
        return None;
    }
    let read = serde_json::from_str::<In>(text).ok()?;
    known_version(read.version).then_some(read.entries.0)
}

/// The syntax limits a baseline of `text` is read with: as many nodes as it has bytes (a JSON
/// node takes at least one byte, so any baseline datamin writes reads back, however many
/// findings it lists), and the usual depth (a baseline is three levels deep).
fn limits(text: &str) -> Limits {
    let default = Limits::default();
    Limits {
        max_nodes: default.max_nodes.max(text.len()),
        ..default
    }
}

fn folder_of(path: &Path) -> PathBuf {
    let abs = normalize(path);
    abs.parent().map(Path::to_path_buf).unwrap_or(abs)
}

/// `path` relative to the folder `dir`, `/`-separated (with `..` when it lies outside).
pub fn relative_to(dir: &Path, path: &Path) -> String {
    let path = normalize(path);
    let a: Vec<Component> = dir.components().collect();
    let b: Vec<Component> = path.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return crate::source::slashed(&path.to_string_lossy()).into_owned();
    }
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// More findings than the node limit of inputs allows (about 50,000) read back.
    #[test]
    fn a_baseline_of_many_findings_reads_back() {
        let entry = r#"{"file": "f.yaml", "rule": "DM001", "identity": "f/x", "message": ""}"#;
        let n = 60_000;
        let text = format!(
            "{{\"version\": 1, \"entries\": [{}]}}",
            vec![entry; n].join(",\n")
        );
        let source = SourceFile::new(Path::new("baseline.json"), text);
        let baseline = Baseline::parse(&source, 0).expect("a baseline datamin could write");
        assert_eq!(baseline.entries.values().map(|e| e.0).sum::<usize>(), n);
    }

    /// The one-pass read gives what the syntax tree gives, and leaves every text it does not
    /// take as datamin's own to the tree, whose errors are located.
    #[test]
    fn both_reads_agree() {
        let texts = [
            r#"{"version": 1, "tool": "datamin", "entries": [{"file": "a.yaml", "rule": "DM001", "identity": "f/x", "message": "m"}]}"#,
            r#"{"version": 1, "entries": [{"file": "a\u00e9\n.yaml", "rule": "DM001", "identity": "f/\"x\"", "message": "tab\t"},
                {"file": "a.yaml", "rule": "DM001", "identity": "f/x"}, {"file": "a.yaml", "rule": "DM001", "identity": "f/x", "message": "second"}]}"#,
            r#"{"version": 1}"#,
            r#"{"entries": [], "version": 1}"#,
            "\u{feff}{\"version\": 1, \"entries\": []}",
            r#"{"version": 1, "tool": {"name": "x"}, "entries": []}"#,
            r#"{"version": 1, "tool": null, "entries": []}"#,
            r#"{"version": 1, "entries": [{"file": "a", "rule": "r", "identity": "i", "message": null}]}"#,
            r#"{"version": 1, "entries": [{"file": "a", "rule": "r", "identity": "i", "file": "b"}]}"#,
            r#"{"version": 1, "version": 1}"#,
            r#"{"version": 1.0, "entries": []}"#,
            r#"{"version": 2, "entries": []}"#,
            r#"{"version": 1, "entries": null}"#,
            r#"{"version": 1, "entries": [{"file": "a", "rule": "r"}]}"#,
            r#"{"version": 1, "entrys": []}"#,
            "{\"version\": 1, // a comment\n \"entries\": []}",
            r#"{"version": 1, "entries": [{"file": "\ud800", "rule": "r", "identity": "i"}]}"#,
            r#"[]"#,
            "[1\n]\n\n",
            r#"{"version": 1, "entries": [["DM001", "a.yaml", "f/x", "m"]]}"#,
            r#"{"version": 1, "entries": [{"r\u0075le": "DM001", "file": "a", "identity": "i"}]}"#,
            r#"{"version": 1, "entries": [{"file": "a", "rule": "r", "identity": "i", "category": "phone number"},
                {"file": "a", "rule": "r", "identity": "i"}]}"#,
            r#"{"version": 1, "entries": [{"file": "a", "rule": "r", "identity": "i", "category": 5}]}"#,
            r#"{"version": 2, "entries": [{"file": "a", "rule": "r", "identity": "i", "category": ""}]}"#,
            r#"{"version": 3, "entries": []}"#,
        ];
        // The texts the one pass takes (the rest fall back to the tree).
        let fast: Vec<usize> = (0..texts.len())
            .filter(|&i| written(texts[i]).is_some())
            .collect();
        assert_eq!(fast, [0, 1, 2, 3, 6, 11, 20, 21]);
        for text in texts {
            let source = SourceFile::new(Path::new("/x/baseline.json"), text.to_string());
            let (fast, located) = (
                Baseline::parse(&source, 0),
                Baseline::parse_located(&source, 0),
            );
            assert_eq!(format!("{fast:?}"), format!("{located:?}"), "{text}");
        }
    }

    #[test]
    fn relative_paths() {
        let dir = Path::new("/a/b");
        assert_eq!(relative_to(dir, Path::new("/a/b/c/d.yaml")), "c/d.yaml");
        assert_eq!(relative_to(dir, Path::new("/a/x.yaml")), "../x.yaml");
        assert_eq!(relative_to(dir, Path::new("/a/b/./c/../e.yaml")), "e.yaml");
    }
}
