//! Baselines: the findings a project has accepted for now, so that only new ones fail.
//!
//! An entry is matched by rule, file and the finding's identity (what it is about, e.g.
//! `contact/problem`), never by line, so edits elsewhere in the file keep it matched. Paths
//! are stored relative to the baseline file's folder, so the baseline works whatever folder
//! datamin runs from. Entries are a multiset: two findings with the same key need two entries.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::diag::Error;
use crate::discover::normalize;
use crate::report::Finding;
use crate::source::{FileId, SourceFile};
use crate::syntax::{check_keys, Limits};

/// The format's version; bumped if an entry's meaning changes.
pub const VERSION: u64 = 1;

/// The largest baseline read (unless `limits.max_file_size` is larger): over a million
/// findings. A baseline is datamin's own output, so the limits on inputs do not apply to it;
/// this one only keeps a wrong path (a device) from being read without end.
pub const MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

type Key = (String, String, String);

/// A baseline read from its file.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// The folder entries' paths are relative to.
    dir: PathBuf,
    entries: HashMap<Key, usize>,
    /// Every entry's message, by key (the first one's, when several share a key).
    messages: HashMap<Key, String>,
}

/// An entry of a baseline that a new baseline keeps as it is (see [`Baseline::carried`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    /// The entry's file, absolute.
    path: PathBuf,
    rule: String,
    identity: String,
    message: String,
}

impl Baseline {
    /// Reads a baseline already loaded as `source` (with id `file`); errors are located.
    pub fn parse(source: &SourceFile, file: FileId) -> Result<Baseline, Error> {
        let root = crate::syntax::json::parse(&source.text, file, limits(&source.text))?;
        check_keys(root.map()?, &["version", "tool", "entries"], "a baseline")?;
        let version = root.get("version").ok_or_else(|| {
            Error::at(root.span, "baseline has no `version`")
                .with_help(format!("write `\"version\": {VERSION}`"))
        })?;
        let v = version.value.count()?;
        if v.value != VERSION {
            return Err(Error::at(
                v.span,
                format!("unsupported baseline version {}", v.value),
            )
            .with_help(format!(
                "this datamin reads version {VERSION}; write the baseline again with `--write-baseline`"
            )));
        }
        let (mut entries, mut messages) = (HashMap::new(), HashMap::new());
        if let Some(list) = root.get("entries") {
            for item in list.value.seq()? {
                check_keys(
                    item.map()?,
                    &["rule", "file", "identity", "message"],
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
                let key = (field("rule")?, field("file")?, field("identity")?);
                messages.entry(key.clone()).or_insert(message);
                *entries.entry(key).or_insert(0) += 1;
            }
        }
        Ok(Baseline {
            dir: folder_of(&source.path),
            entries,
            messages,
        })
    }

    /// Reads the baseline at `path` again, as a run read it (`None` if it cannot be read: the
    /// run reported why).
    pub fn read(path: &Path) -> Option<Baseline> {
        let text = std::fs::read_to_string(path).ok()?;
        Baseline::parse(&SourceFile::new(path, text), 0).ok()
    }

    /// The entries a run could not judge, which a baseline written from it keeps: those of
    /// files it did not check (`checked`: the absolute paths of the files it did) that are
    /// still there, and those of rules it did not run (`ran`). Sorted.
    pub fn carried(&self, checked: &HashSet<PathBuf>, ran: impl Fn(&str) -> bool) -> Vec<Carried> {
        let mut out = Vec::new();
        for (key, &n) in &self.entries {
            let (rule, file, identity) = key;
            let path = normalize(&self.dir.join(file));
            let judged = ran(rule) && (checked.contains(&path) || !path.is_file());
            if judged {
                continue;
            }
            let message = self.messages.get(key).cloned().unwrap_or_default();
            out.extend(std::iter::repeat_n(
                Carried {
                    path: path.clone(),
                    rule: rule.clone(),
                    identity: identity.clone(),
                    message,
                },
                n,
            ));
        }
        out.sort_by(|a, b| (&a.path, &a.rule, &a.identity).cmp(&(&b.path, &b.rule, &b.identity)));
        out
    }

    /// Splits `findings` into those not in the baseline and those it lists.
    pub fn filter(
        &self,
        files: &[SourceFile],
        findings: Vec<Finding>,
    ) -> (Vec<Finding>, Vec<Finding>) {
        let mut left = self.entries.clone();
        let mut kept = Vec::new();
        let mut listed = Vec::new();
        for f in findings {
            let key = key(files, &self.dir, &f);
            match left.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    listed.push(f);
                }
                _ => kept.push(f),
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
    let mut entries: Vec<EntryOut<'a>> = findings
        .into_iter()
        .map(|f| {
            let (_, file, _) = key(files, &dir, f);
            EntryOut {
                file,
                rule: &f.rule_id,
                identity: &f.identity,
                message: &f.message,
            }
        })
        .chain(carried.iter().map(|c| EntryOut {
            file: relative_to(&dir, &c.path),
            rule: &c.rule,
            identity: &c.identity,
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

fn key(files: &[SourceFile], dir: &Path, f: &Finding) -> Key {
    let file = files
        .get(f.span.file as usize)
        .map(|s| relative_to(dir, &s.path))
        .unwrap_or_default();
    (f.rule_id.to_string(), file, f.identity.clone())
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
        assert_eq!(baseline.entries.values().sum::<usize>(), n);
    }

    #[test]
    fn relative_paths() {
        let dir = Path::new("/a/b");
        assert_eq!(relative_to(dir, Path::new("/a/b/c/d.yaml")), "c/d.yaml");
        assert_eq!(relative_to(dir, Path::new("/a/x.yaml")), "../x.yaml");
        assert_eq!(relative_to(dir, Path::new("/a/b/./c/../e.yaml")), "e.yaml");
    }
}
