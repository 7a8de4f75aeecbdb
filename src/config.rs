//! `datamin.yaml`: found by walking up from a path (each project's own: see `pipeline::check`),
//! or given with `--config`.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher, GlobSet, GlobSetBuilder};

use crate::diag::{suggestion, Error};
use crate::formats::Format;
use crate::model::{Duration, RETENTION_SETTINGS};
use crate::rules::engine::Thresholds;
use crate::rules::Severity;
use crate::source::{FileId, SourceFile, Span, Spanned};
use crate::syntax::{unknown_keys, Limits, Node};

pub const FILE_NAMES: [&str; 2] = ["datamin.yaml", ".datamin.yaml"];

/// Whether `path` is named as datamin's config file.
pub fn is_config_name(path: &std::path::Path) -> bool {
    path.file_name()
        .is_some_and(|n| FILE_NAMES.iter().any(|c| n == *c))
}

pub const DEFAULT_INCLUDE: &[&str] = &["**/*.yaml", "**/*.yml", "**/*.json", "**/*.rs"];

const KEYS: &[&str] = &[
    "include",
    "exclude",
    "rules",
    "max_retention",
    "backup_grace",
    "rule_dirs",
    "context",
    "ignore",
    "limits",
    "formats",
    "rust",
    "private",
];

/// Input limits: files past them are errors, never slow runs or crashes.
#[derive(Debug, Clone, Copy)]
pub struct InputLimits {
    pub max_file_size: u64,
    pub max_fields: usize,
    pub syntax: Limits,
}

impl Default for InputLimits {
    fn default() -> Self {
        InputLimits {
            max_file_size: 10 * 1024 * 1024,
            max_fields: 1000,
            syntax: Limits::default(),
        }
    }
}

const IGNORE_KEYS: &[&str] = &["path", "field", "rules", "reason"];

/// A severity override: a level, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

#[derive(Debug, Clone)]
pub struct Config {
    /// The folder globs and paths are relative to.
    pub root: PathBuf,
    /// The config file, when one was read (its id in the report's files).
    pub file: Option<FileId>,
    pub include: GlobSet,
    pub exclude: GlobSet,
    /// The `exclude` globs that, matching a folder, match everything under it: the walk does
    /// not enter such a folder.
    pub exclude_folders: GlobSet,
    /// Rule id or name, as written, and its level.
    pub rules: Vec<(Spanned<String>, Level)>,
    pub thresholds: Thresholds,
    pub rule_dirs: Vec<ConfigPath>,
    /// Files always loaded for cross-file checks (retention files), reported only when checked.
    pub context: Vec<ConfigPath>,
    pub limits: InputLimits,
    /// Suppressions for files that cannot hold comments (JSON), or for whole folders.
    pub ignore: Vec<IgnoreEntry>,
    /// `formats:`: globs naming the format of files detection cannot tell (last match wins).
    pub formats: Vec<FormatOverride>,
    /// `rust:`: which Rust structs are forms.
    pub rust: crate::formats::rust::Options,
    /// `private:`: globs of files whose forms' submissions are not public (the issue forms of
    /// a private repository).
    pub private: GlobSet,
}

/// A path named in the config (`rule_dirs`, `context`): joined to the config's folder, with
/// the value as written, where errors about the path point.
#[derive(Debug, Clone)]
pub struct ConfigPath {
    pub path: PathBuf,
    pub written: Spanned<String>,
}

impl ConfigPath {
    /// The error for a path that cannot be read, at the config's value: `what` is what
    /// `key` names (`folder`, `file`). A missing file with a close name beside it gets a
    /// "did you mean" (`retention.yml` for `retention.yaml`).
    pub fn unreadable(&self, key: &str, what: &str, e: &std::io::Error) -> Error {
        let err = self.cannot_read(key, what, &crate::discover::io_reason(e));
        if e.kind() != std::io::ErrorKind::NotFound {
            return err;
        }
        match self.closest_sibling() {
            Some(name) => {
                let written = Path::new(&self.written.value).with_file_name(name);
                err.with_help(format!(
                    "did you mean `{}`?",
                    crate::source::slashed(&written.to_string_lossy())
                ))
            }
            None => err.with_help("paths in datamin.yaml are relative to its folder"),
        }
    }

    /// The error for a path that cannot be read for `reason` (`is a folder`), at the
    /// config's value.
    pub fn cannot_read(&self, key: &str, what: &str, reason: &str) -> Error {
        Error::at(
            self.written.span,
            format!(
                "cannot read `{key}` {what} `{}`: {reason}",
                crate::source::display_path(&self.path),
            ),
        )
    }

    /// The name of a file beside the path whose name is close to its own.
    fn closest_sibling(&self) -> Option<String> {
        let name = self.path.file_name()?.to_str()?;
        let parent = match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut names: Vec<String> = std::fs::read_dir(parent)
            .ok()?
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        // Sorted: of two names as close, the same one every run.
        names.sort();
        crate::diag::did_you_mean(name, names.iter().map(String::as_str))
            .filter(|c| *c != name)
            .map(str::to_string)
    }
}

/// One entry of `ignore:`: findings of `rules` in files matching `path` (and, when given,
/// about fields whose identity matches `field`) are suppressed.
#[derive(Debug, Clone)]
pub struct IgnoreEntry {
    /// The whole entry, where unused or reason-less entries are reported.
    pub span: Span,
    pub path: Spanned<String>,
    path_matcher: GlobSet,
    pub field: Option<Spanned<String>>,
    field_matcher: Option<GlobMatcher>,
    /// Rule ids or names, as written.
    pub rules: Vec<Spanned<String>>,
    pub reason: Option<Spanned<String>>,
}

impl IgnoreEntry {
    /// Whether the entry covers a finding in `rel_path` (relative to the config's folder,
    /// `/`-separated) about `identity`.
    pub fn covers(&self, rel_path: &Path, identity: &str) -> bool {
        self.applies_to(rel_path)
            && match (&self.field, &self.field_matcher) {
                (None, _) => true,
                (Some(f), m) => {
                    f.value == identity || m.as_ref().is_some_and(|m| m.is_match(identity))
                }
            }
    }

    /// Whether its `path` matches `rel_path` (relative to the config's folder, `/`-separated):
    /// findings in that file may be the entry's.
    pub fn applies_to(&self, rel_path: &Path) -> bool {
        self.path_matcher.is_match(rel_path)
    }

    /// Whether the entry's `path` is a file's path, not a glob, and no file (nor link, nor
    /// folder) is there under `root`, the config's folder: renamed, removed or misspelt.
    pub fn names_no_file(&self, root: &Path) -> bool {
        let path = &self.path.value;
        !path.contains(crate::model::GLOB_CHARS)
            && std::fs::symlink_metadata(root.join(path))
                .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
    }

    /// Reads one entry; its unknown keys go to `unknown`, the entry still read.
    fn parse(node: &Node, unknown: &mut Vec<Error>) -> Result<IgnoreEntry, Error> {
        unknown.extend(unknown_keys(node.map()?, IGNORE_KEYS, "an `ignore` entry"));
        let missing = |key: &str| {
            Error::at(
                Span::new(
                    node.span.file,
                    node.span.start as usize,
                    node.span.start as usize,
                ),
                format!("`ignore` entry has no `{key}`"),
            )
            .with_help(
                "write `{path: GLOB, field: FIELD, rules: [ID], reason: WHY}`; `field` is optional",
            )
        };
        let path = node
            .get("path")
            .ok_or_else(|| missing("path"))?
            .value
            .string()?;
        let path_matcher = glob_set(std::slice::from_ref(&path))?;
        let field = node.get("field").map(|e| e.value.string()).transpose()?;
        // Identities contain brackets (`retention[wallet-*].backups`, `processor[crm]`),
        // which globs read as a class: in `field` they are literal (`*` and `?` stay
        // wildcards). A field that is still not a valid glob matches itself exactly.
        let field_matcher = field
            .as_ref()
            .and_then(|f| Glob::new(&literal_brackets(&f.value)).ok())
            .map(|g| g.compile_matcher());
        let rules_node = &node.get("rules").ok_or_else(|| missing("rules"))?.value;
        let rules = rules_node.strings()?;
        if rules.is_empty() {
            return Err(Error::at(rules_node.span, "`rules` is empty")
                .with_help("name the rules to ignore, e.g. `rules: [DM001]`"));
        }
        let reason = node.get("reason").map(|e| e.value.string()).transpose()?;
        Ok(IgnoreEntry {
            span: node.span,
            path,
            path_matcher,
            field,
            field_matcher,
            rules,
            reason,
        })
    }
}

/// `glob` with `[` and `]` escaped (`[[]`, `[]]`), so they match themselves.
fn literal_brackets(glob: &str) -> String {
    let mut out = String::with_capacity(glob.len() + 8);
    for c in glob.chars() {
        match c {
            '[' => out.push_str("[[]"),
            ']' => out.push_str("[]]"),
            c => out.push(c),
        }
    }
    out
}

/// One `formats:` entry.
#[derive(Debug, Clone)]
pub struct FormatOverride {
    pub glob: Spanned<String>,
    pub matcher: GlobSet,
    pub format: &'static Format,
}

pub fn default_thresholds() -> Thresholds {
    Thresholds {
        max: [
            Duration::parse("1y").ok(),  // closed_tickets
            Duration::parse("90d").ok(), // free_text
            Duration::parse("90d").ok(), // attachments
            Duration::parse("1y").ok(),  // backups
        ],
        backup_grace: Duration::days(35),
    }
}

/// The path globs of datamin.yaml (`include`, `exclude`, `private`, `formats`, `ignore`
/// paths), each as [`path_globs`] reads it.
fn glob_set(globs: &[Spanned<String>]) -> Result<GlobSet, Error> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        if let Some((message, help)) = pitfall(&g.value) {
            return Err(Error::at(g.span, message).with_help(help));
        }
        for pattern in path_globs(&g.value) {
            let glob = Glob::new(&pattern).map_err(|e| {
                Error::at(g.span, format!("invalid glob `{}`: {}", g.value, e.kind()))
            })?;
            b.add(glob);
        }
    }
    b.build()
        .map_err(|e| Error::file("", format!("invalid globs: {e}")))
}

/// What makes a path glob a mistake that would match nothing it was meant to, as a message
/// and a help: an empty glob, a leading `!` (no negation: it matches names starting with `!`), or a `\`
/// before a character that needs no escape (a Windows separator: `\a` is `a`).
fn pitfall(glob: &str) -> Option<(String, &'static str)> {
    // An empty glob is the folder itself, so everything in it: `include: [""]` read every
    // file, `exclude: [""]` none, without a word.
    if glob.trim().is_empty() {
        return Some((
            "empty glob".to_string(),
            "write the files it is for (`**/*.yaml`, `forms/`), or remove the entry",
        ));
    }
    if glob.starts_with('!') {
        return Some((
            format!("glob `{glob}` starts with `!`, which does not negate a glob here"),
            "globs cannot take a path back out of a match: narrow the other globs instead; to match a name starting with `!`, write `\\!`",
        ));
    }
    let mut chars = glob.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            continue;
        }
        match chars.next() {
            Some('*' | '?' | '[' | ']' | '{' | '}' | ',' | '!' | '^' | '-' | '\\') => {}
            _ => {
                return Some((
                    format!("glob `{glob}` has a `\\`, which is not a folder separator here"),
                    "paths in datamin.yaml are `/`-separated, on Windows too; a `\\` only escapes a wildcard, as in `\\*`",
                ))
            }
        }
    }
    None
}

/// Of `globs` (as [`path_globs`] reads them), those ending in `*`: such a glob matching
/// `folder/` matches every path under the folder too (its last `*` takes the rest, `/`s and
/// all), so [`Config::excludes_folder`] asks them with the folder's path and a `/`.
fn folder_glob_set(globs: &[Spanned<String>]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        for pattern in path_globs(&g.value) {
            if pattern.ends_with('*') {
                if let Ok(glob) = Glob::new(&pattern) {
                    b.add(glob);
                }
            }
        }
    }
    b.build().unwrap_or_default()
}

/// What a path glob of datamin.yaml matches, as globs over paths relative to the config's
/// folder: a leading `./` or `/` is dropped (`./vendor/**`, `/vendor/**` are `vendor/**`),
/// and a glob naming a folder also matches everything under it (`vendor`, `vendor/`:
/// `vendor/**` too; `{vendor,forms}`: `{vendor,forms}/**` too). Unlike in `.gitignore`, a
/// bare name is a path from the config's folder, not a name at any depth (`**/vendor` is).
/// A `*` matches across `/`, so a glob ending in one already matches what is under it.
fn path_globs(pattern: &str) -> Vec<String> {
    let mut p = pattern;
    while let Some(rest) = p.strip_prefix("./").or_else(|| p.strip_prefix('/')) {
        p = rest;
    }
    let p = p.trim_end_matches('/');
    if p.is_empty() || p == "." {
        return vec!["**".to_string()];
    }
    let last = p.rsplit('/').next().unwrap_or(p);
    // Braces are alternatives, not wildcards: `{vendor,forms}` names folders too.
    if last.contains(['*', '?', '[', ']']) {
        return vec![p.to_string()];
    }
    vec![p.to_string(), format!("{p}/**")]
}

impl Config {
    pub fn defaults(root: PathBuf) -> Config {
        let include = DEFAULT_INCLUDE
            .iter()
            .map(|g| Spanned::new((*g).to_string(), Default::default()))
            .collect::<Vec<_>>();
        Config {
            root,
            file: None,
            include: glob_set(&include).unwrap_or_default(),
            exclude: GlobSet::empty(),
            exclude_folders: GlobSet::empty(),
            private: GlobSet::empty(),
            rules: Vec::new(),
            thresholds: default_thresholds(),
            rule_dirs: Vec::new(),
            context: Vec::new(),
            ignore: Vec::new(),
            limits: InputLimits::default(),
            formats: Vec::new(),
            rust: crate::formats::rust::Options::default(),
        }
    }

    /// Finds `datamin.yaml` in `start` or a parent folder. From a relative `start`, a config
    /// above the current folder is named relative to it (`../datamin.yaml`), as the files
    /// checked are: reports name it, and the paths it names, so.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        // `..` resolved first: the parent of `team/..` is not `team`.
        let abs = crate::discover::normalize(start);
        let mut dir = if abs.is_dir() {
            Some(abs.as_path())
        } else {
            abs.parent()
        };
        while let Some(d) = dir {
            if let Some(p) = Config::in_folder(d) {
                return Some(if start.is_relative() {
                    above_here(p)
                } else {
                    p
                });
            }
            dir = d.parent();
        }
        None
    }

    /// The config file in folder `dir` itself, if it holds one: anything of that name, a
    /// folder or a broken link too, which is then an error when read (not passed over for a
    /// config further up, which was not meant for these files).
    pub fn in_folder(dir: &Path) -> Option<PathBuf> {
        FILE_NAMES
            .iter()
            .map(|n| dir.join(n))
            .find(|p| std::fs::symlink_metadata(p).is_ok())
    }

    /// Reads a config file already loaded as `source` (with id `file`). Every unknown key, at
    /// every level, is an error, as in retention files; other errors stop the reading at the
    /// first. The errors come in file order.
    pub fn parse(source: &SourceFile, file: FileId) -> Result<Config, Vec<Error>> {
        let mut errors = Vec::new();
        match Config::read(source, file, &mut errors) {
            Ok(config) if errors.is_empty() => return Ok(config),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
        // Stable: an error without a place (a glob set that cannot be built) comes first.
        errors.sort_by_key(|e| e.span.map(|s| s.start));
        Err(errors)
    }

    /// [`Config::parse`]'s reading: unknown keys go to `unknown`, the rest read on.
    fn read(source: &SourceFile, file: FileId, unknown: &mut Vec<Error>) -> Result<Config, Error> {
        // Folders named in the config are joined to its folder as written (paths in output
        // stay as the user typed them); globs match against it absolute and without `..`, so
        // they match whatever way the config was named (`--config datamin.yaml`, `../x`).
        let dir = source
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let root_dir = crate::discover::normalize(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &dir
        });
        let node = crate::syntax::yaml::parse(&source.text, file, Limits::default())?;
        let mut config = Config::defaults(root_dir.clone());
        config.file = Some(file);
        if matches!(node.kind, crate::syntax::NodeKind::Null) {
            return Ok(config);
        }
        unknown.extend(unknown_keys(node.map()?, KEYS, "datamin.yaml"));
        let get = |k: &str| node.get(k).map(|e| &e.value);
        if let Some(v) = get("include") {
            config.include = glob_set(&v.strings()?)?;
        }
        if let Some(v) = get("exclude") {
            let globs = v.strings()?;
            config.exclude = glob_set(&globs)?;
            config.exclude_folders = folder_glob_set(&globs);
        }
        if let Some(v) = get("private") {
            config.private = glob_set(&v.strings()?)?;
        }
        if let Some(v) = get("rules") {
            for e in v.map()? {
                let level = e.value.string()?;
                let lv = match level.value.as_str() {
                    "off" => Level::Off,
                    s => Level::On(Severity::parse(s).ok_or_else(|| {
                        Error::at(level.span, format!("unknown level `{s}`"))
                            .with_help("expected `off`, `note`, `warning` or `error`")
                    })?),
                };
                config.rules.push((e.key.clone(), lv));
            }
        }
        if let Some(v) = get("max_retention") {
            unknown.extend(unknown_keys(
                v.map()?,
                &RETENTION_SETTINGS,
                "`max_retention`",
            ));
            for (i, name) in RETENTION_SETTINGS.iter().enumerate() {
                if let Some(e) = v.get(name) {
                    config.thresholds.max[i] = Some(duration(&e.value)?);
                }
            }
        }
        if let Some(v) = get("backup_grace") {
            config.thresholds.backup_grace = duration(v)?;
        }
        let paths = |v: &Node| -> Result<Vec<ConfigPath>, Error> {
            Ok(v.strings()?
                .into_iter()
                .map(|s| ConfigPath {
                    path: dir.join(&s.value),
                    written: s,
                })
                .collect())
        };
        if let Some(v) = get("rule_dirs") {
            config.rule_dirs = paths(v)?;
        }
        if let Some(v) = get("context") {
            config.context = paths(v)?;
        }
        if let Some(v) = get("ignore") {
            config.ignore = v
                .seq()?
                .iter()
                .map(|e| IgnoreEntry::parse(e, unknown))
                .collect::<Result<_, _>>()?;
        }
        if let Some(v) = get("limits") {
            unknown.extend(unknown_keys(
                v.map()?,
                &["max_file_size", "max_fields", "max_depth", "max_nodes"],
                "`limits`",
            ));
            let count = |k: &str| -> Result<Option<u64>, Error> {
                match v.get(k) {
                    Some(e) => {
                        let n = e.value.count()?;
                        if n.value == 0 {
                            return Err(Error::at(n.span, format!("`{k}` must be at least 1")));
                        }
                        Ok(Some(n.value))
                    }
                    None => Ok(None),
                }
            };
            let l = &mut config.limits;
            let to_usize = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
            if let Some(n) = count("max_file_size")? {
                l.max_file_size = n;
            }
            if let Some(n) = count("max_fields")? {
                l.max_fields = to_usize(n);
            }
            if let Some(n) = count("max_depth")? {
                l.syntax.max_depth = to_usize(n);
            }
            if let Some(n) = count("max_nodes")? {
                l.syntax.max_nodes = to_usize(n);
            }
        }
        if let Some(v) = get("formats") {
            config.formats = format_overrides(v)?;
        }
        if let Some(v) = get("rust") {
            config.rust = crate::formats::rust::Options::parse(v, unknown)?;
        }
        Ok(config)
    }

    /// The format `formats:` names for `path` (relative to the config's folder), if any.
    pub fn format_for(&self, path: &Path) -> Option<&'static Format> {
        if self.formats.is_empty() {
            return None;
        }
        let rel = self.relative(path);
        self.formats
            .iter()
            .rev()
            .find(|o| o.matcher.is_match(&*rel))
            .map(|o| o.format)
    }

    /// Whether `private:` says submissions of the forms in `path` are not public.
    pub fn is_private(&self, path: &Path) -> bool {
        if self.private.is_empty() {
            return false;
        }
        self.private.is_match(&*self.relative(path))
    }

    /// `path` relative to the config's folder, as every glob of the config is matched.
    pub fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        crate::discover::relative(&self.root, path)
    }

    /// Whether `exclude` leaves out every path under the folder `rel` (relative to the
    /// config's folder): then it is not walked.
    pub fn excludes_folder(&self, rel: &Path) -> bool {
        !self.exclude_folders.is_empty() && self.exclude_folders.is_match(rel.join(""))
    }

    /// The configured level of a rule (by id or name), if any.
    pub fn level_of(&self, id: &str, name: &str) -> Option<Level> {
        self.rules
            .iter()
            .rev()
            .find(|(k, _)| k.value == id || k.value == name)
            .map(|(_, l)| *l)
    }
}

/// `path` (absolute) as `../`s from the current folder when it is above it; else as it is
/// (a path under the current folder is shown relative to it anyway).
fn above_here(path: PathBuf) -> PathBuf {
    let Ok(cwd) = std::env::current_dir() else {
        return path;
    };
    if path.starts_with(&cwd) {
        return path;
    }
    for (ups, folder) in cwd.ancestors().enumerate().skip(1) {
        if let Ok(rest) = path.strip_prefix(folder) {
            let mut out: PathBuf = std::iter::repeat_n("..", ups).collect();
            out.push(rest);
            return out;
        }
    }
    path
}

fn format_overrides(v: &Node) -> Result<Vec<FormatOverride>, Error> {
    let mut out = Vec::new();
    for e in v.map()? {
        let name = e.value.string()?;
        let Some(format) = crate::formats::by_name(&name.value) else {
            let names = crate::formats::names();
            let mut err = Error::at(name.span, format!("unknown format `{}`", name.value));
            err.help = Some(
                suggestion(&name.value, names.iter().copied())
                    .unwrap_or_else(|| format!("expected one of: {}", names.join(", "))),
            );
            return Err(err);
        };
        let matcher = glob_set(std::slice::from_ref(&e.key))?;
        out.push(FormatOverride {
            glob: e.key.clone(),
            matcher,
            format,
        });
    }
    Ok(out)
}

fn duration(v: &Node) -> Result<Duration, Error> {
    crate::formats::native::parse_duration(v).map(|d| d.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder is left out whole only when every path under it is: `vendor` and
    /// `vendor/**` leave out `vendor` and what is under it, `forms/*` `forms` (its `*` takes
    /// `/`s), and a glob whose last `*` cannot take every name (`x/[!.]*` keeps `x/.y`) not
    /// `x`.
    #[test]
    fn excluded_folders_are_those_excluded_whole() {
        let mut config = Config::defaults(PathBuf::from("/p"));
        let globs: Vec<Spanned<String>> = ["vendor", "forms/*", "**/gen/**", "x/[!.]*", "*.json"]
            .iter()
            .map(|g| Spanned::new((*g).to_string(), Span::default()))
            .collect();
        config.exclude_folders = folder_glob_set(&globs);
        for yes in [
            "vendor", "vendor/a", "forms", "forms/a", "a/b/gen", "gen", "x/sub",
        ] {
            assert!(config.excludes_folder(Path::new(yes)), "{yes}");
        }
        for no in ["vendors", "form", "x", "src", "a/generated", "sub/vendor"] {
            assert!(!config.excludes_folder(Path::new(no)), "{no}");
        }
    }
}
