//! Suppressions, between the findings and the report.
//!
//! In YAML (`#` comments), Rust and JSON (`//` comments, which the JSON parser allows):
//!
//! ```yaml
//! # datamin: allow DM001, credential-field -- reviewed with legal, see TICKET-12
//! # datamin: allow-file DM101 -- retention for this form lives in the vendor's contract
//! ```
//!
//! `allow` covers its own line when it trails code, else the next line that is neither
//! blank nor a comment; `allow-file` covers the whole file. The config's `ignore:` list does
//! the same job by file glob and field identity, for files whose comments are lost on
//! their way (JSON exports rewritten by a tool).
//!
//! Finding comments without parsing each syntax: a `#` (or `//`) starts a comment only at the
//! start of a line or after a space or tab, and never inside a string the YAML parser read
//! (quoted, plain or block scalar: the pipeline passes their byte ranges), nor inside a JSON
//! string (`"https://example.com"`), nor inside a Rust string or char literal (the
//! pipeline passes their ranges, [`crate::formats::rust::literal_ranges`]). So `label:
//! "Issue #5"`, a `|` block that happens to contain `# datamin: allow` and Rust's
//! `"see // datamin: allow"` are text, not suppressions. Block comments (`/* datamin: ...
//! */`, in Rust or JSON, on one line or over several) work as `//` ones, from their first
//! line to their last; Rust's doc comments (`///`, `/**`) are the form's text.
//!
//! A suppression without a reason is a finding (DM902), an unknown rule in one is DM901, and
//! with `--report-unused` a suppression that silenced nothing is DM903. Those findings are
//! about suppressions themselves and cannot be suppressed (turn them off in `rules:`).

use std::ops::Range;
use std::path::Path;

use crate::config::Config;
use crate::diag::{did_you_mean, suggestion, Error};
use crate::report::{Finding, Suppressed};
use crate::rules::engine::fill;
use crate::rules::{Rule, RuleSet, Severity};
use crate::source::{FileId, SourceFile, Span};

/// How a file writes comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentSyntax {
    /// `# ...` (YAML, and anything not otherwise known).
    Hash,
    /// `// ...` (Rust, and JSON: its parser allows comments).
    Slashes,
}

impl CommentSyntax {
    pub fn of(path: &Path) -> CommentSyntax {
        match crate::source::extension(path) {
            Some(e) if e.eq_ignore_ascii_case("rs") => CommentSyntax::Slashes,
            _ if crate::formats::is_json(path) => CommentSyntax::Slashes,
            _ => CommentSyntax::Hash,
        }
    }

    pub fn marker(self) -> &'static str {
        match self {
            CommentSyntax::Hash => "#",
            CommentSyntax::Slashes => "//",
        }
    }

    /// What starts a comment: the line comment's marker, and `/*` where block comments are.
    pub fn openers(self) -> &'static [&'static str] {
        match self {
            CommentSyntax::Hash => &["#"],
            CommentSyntax::Slashes => &["//", "/*"],
        }
    }
}

/// A comment holding a directive: a line comment, or a block comment (`/* ... */`, Rust and
/// JSON), which may run over several lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// 1-based line it starts on.
    pub line: usize,
    /// 1-based line it ends on (`line`, but for a block comment over several lines).
    pub last_line: usize,
    /// Byte offset of the comment marker that starts the directive (after other comment text,
    /// if any).
    pub start: usize,
    /// Byte offset of the text after the marker.
    pub body: usize,
    /// Byte offset of the end of the directive: of the line (line break excluded), or of a
    /// block comment's text (before its `*/`).
    pub end: usize,
    /// Code comes before it on its first line, or after a block comment on its last.
    pub trailing: bool,
}

/// Whether `text` holds `datamin:` anywhere, as every directive does (most files hold none:
/// nothing more is read of them). memchr's search, its needle prepared once: about half
/// the instructions of std's `contains`, and a check asks it of every file twice.
pub fn may_hold_directive(text: &str) -> bool {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER
        .get_or_init(|| memchr::memmem::Finder::new("datamin:"))
        .find(text.as_bytes())
        .is_some()
}

/// The comments of `text` that hold a `datamin:` directive, from the marker that starts it;
/// `strings` are byte ranges of string values, where a marker is text.
pub fn comments(text: &str, syntax: CommentSyntax, strings: &[Range<usize>]) -> Vec<Comment> {
    let marker = syntax.marker();
    if !may_hold_directive(text) {
        return Vec::new();
    }
    // By start, overlaps merged: whether an offset is inside one is a binary search, not a
    // scan of them all per `#` (a file of many suppressions and strings took seconds).
    let mut sorted = strings.to_vec();
    sorted.sort_unstable_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let in_string = |at: usize| {
        let i = merged.partition_point(|r| r.start <= at);
        i > 0 && at < merged[i - 1].end
    };
    let mut out = Vec::new();
    // The end of the last block comment read: the lines it runs over are its text.
    let mut inside_until = 0;
    // Set once a search for a `*/` found none: none after any later start either (a file of
    // many unclosed `/* datamin:` lines is read once, not once per line).
    let mut no_close = false;
    for (i, (line_start, line)) in crate::source::lines(text).enumerate() {
        let line_end = line_start + line.len();
        if line_start < inside_until {
            continue;
        }
        // A byte-order mark is not text: line 1 starts after it (else a comment there would
        // follow no space, or be taken to trail code, and be dropped without a word).
        let (line_start, line) = match line.strip_prefix('\u{feff}').filter(|_| i == 0) {
            Some(rest) => (line_start + '\u{feff}'.len_utf8(), rest),
            None => (line_start, line),
        };
        if line.contains("datamin:") {
            let found = line.match_indices(marker).map(|(j, _)| j).find(|&j| {
                let at = line_start + j;
                let after_space = j == 0 || matches!(line.as_bytes()[j - 1], b' ' | b'\t');
                after_space && !in_string(at)
            });
            // Rust doc comments are the form's text, never suppressions (a `// datamin:`
            // quoted in one included).
            let doc = |j: usize| {
                syntax == CommentSyntax::Slashes
                    && (line[j..].starts_with("///") || line[j..].starts_with("//!"))
            };
            // The directive may follow other comment text, after a marker of its own
            // (`# shown to users  # datamin: allow ...`, as ruff reads `# type: ignore  #
            // noqa`); only a `datamin:` right after a marker (and spaces) is one, so prose
            // that mentions datamin is not.
            let directive = found.filter(|&j| !doc(j)).and_then(|j| {
                let k = line[j..]
                    .match_indices(marker)
                    .map(|(k, _)| j + k)
                    .find(|&k| {
                        let starts = k == j || matches!(line.as_bytes()[k - 1], b' ' | b'\t');
                        starts
                            && line[k + marker.len()..]
                                .trim_start()
                                .starts_with("datamin:")
                    })?;
                Some((j, k))
            });
            // A block comment (`/* datamin: ... */`, not the doc comments `/**` and `/*!`),
            // when it comes first on the line.
            let block = (syntax == CommentSyntax::Slashes)
                .then(|| {
                    line.match_indices("/*").map(|(j, _)| j).find(|&j| {
                        let after_space = j == 0 || matches!(line.as_bytes()[j - 1], b' ' | b'\t');
                        let after = &line[j + 2..];
                        after_space
                            && !in_string(line_start + j)
                            && !after.starts_with(['*', '!'])
                            && after.trim_start().starts_with("datamin:")
                    })
                })
                .flatten()
                .filter(|&b| found.is_none_or(|j| b < j));
            if let Some(b) = block {
                let body = line_start + b + 2;
                let close = if no_close {
                    None
                } else {
                    memchr::memmem::find(&text.as_bytes()[body..], b"*/").map(|k| body + k)
                };
                no_close = close.is_none();
                let end = close.unwrap_or(line_end);
                let last_line =
                    i + 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[body..end]).count();
                let after = close.map_or("", |c| {
                    let rest = &text[c + 2..];
                    rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())].trim()
                });
                out.push(Comment {
                    line: i + 1,
                    last_line,
                    start: line_start + b,
                    body,
                    end,
                    trailing: !line[..b].trim().is_empty()
                        || !(after.is_empty() || after.starts_with("//")),
                });
                inside_until = end;
            } else if let Some((j, k)) = directive {
                out.push(Comment {
                    line: i + 1,
                    last_line: i + 1,
                    start: line_start + k,
                    body: line_start + k + marker.len(),
                    end: line_end,
                    trailing: !line[..j].trim().is_empty(),
                });
            }
        }
    }
    out
}

/// A rule named in a suppression.
#[derive(Debug, Clone)]
struct Named {
    text: String,
    span: Span,
    /// The rule's id, when a rule has this id or name.
    id: Option<String>,
    used: bool,
}

#[derive(Debug, Clone)]
enum Scope {
    /// Covers lines `first..=last` (1-based) of a file; `None` when no line follows.
    Line(FileId, Option<(usize, usize)>),
    File(FileId),
    /// A config `ignore:` entry (its index).
    Config(usize),
}

#[derive(Debug, Clone)]
struct Suppression {
    scope: Scope,
    rules: Vec<Named>,
    reason: Option<String>,
    /// Where reason-less suppressions are reported.
    span: Span,
}

impl Suppression {
    fn in_source(&self) -> bool {
        !matches!(self.scope, Scope::Config(_))
    }

    /// What a finding about the suppression's `rule` is about, for baselines and SARIF
    /// fingerprints: a config entry by its `path` and `field` as written, not its place in
    /// the list (an entry added above it would make every finding about it new).
    fn identity(&self, rule: &str, config: &Config) -> String {
        match self.scope {
            Scope::Line(..) => format!("suppression:{rule}"),
            Scope::File(_) => format!("suppression-file:{rule}"),
            Scope::Config(i) => match config.ignore.get(i) {
                Some(e) => match &e.field {
                    Some(field) => {
                        format!("config.ignore[{}][{}]:{rule}", e.path.value, field.value)
                    }
                    None => format!("config.ignore[{}]:{rule}", e.path.value),
                },
                None => format!("config.ignore:{rule}"),
            },
        }
    }
}

/// The suppressions one file's comments make, read while its text is at hand (the pipeline
/// lets go of texts once a file is checked), and its malformed ones.
#[derive(Debug, Default)]
pub struct Scanned {
    sups: Vec<Suppression>,
    errors: Vec<Error>,
}

impl Scanned {
    /// No suppression comment and no error: nothing to keep.
    pub fn is_empty(&self) -> bool {
        self.sups.is_empty() && self.errors.is_empty()
    }

    /// Malformed comments were found: input errors of the run.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Takes the malformed comments' errors out, for a run that reports them apart from the
    /// stage (the audit: as input errors, before it judges globs).
    pub fn take_errors(&mut self) -> Vec<Error> {
        std::mem::take(&mut self.errors)
    }

    /// Only the malformed comments, as errors: for a file read but not checked, whose
    /// suppressions are neither applied nor judged.
    pub fn errors_only(self) -> Scanned {
        Scanned {
            sups: Vec::new(),
            errors: self.errors,
        }
    }
}

/// What suppressions need of a file's syntax tree (YAML and JSON; empty for Rust).
#[derive(Debug, Default)]
pub struct Shape {
    /// Byte ranges of string values (keys too) holding a comment marker (see the module docs).
    pub strings: Vec<Range<usize>>,
    /// Byte ranges of every mapping entry and list item (JSON: object property and array
    /// element), nested ones included: a comment
    /// alone on its line covers the one that starts on the next line, whole.
    pub blocks: Vec<Range<usize>>,
}

/// What the stage needs to know.
pub struct Input<'a> {
    /// Every file of the run (evicted or not): for lines and paths.
    pub files: &'a [SourceFile],
    pub rules: &'a RuleSet,
    pub config: &'a Config,
    /// Report suppressions that silenced nothing (DM903).
    pub report_unused: bool,
    /// Whether this run can judge a suppression of a rule unused: not when the command line
    /// left the rule out (it did not run because of the flags, not the project's setup), nor
    /// when the rule could not judge (DM109 when no form was read).
    pub judged: &'a dyn Fn(&Rule) -> bool,
    /// The files checked whose findings count (no input error, not context only): a config
    /// `ignore:` entry is unused only if it matches one of them and silenced nothing, so a
    /// run over some files only (pre-commit) says nothing of entries about the others.
    pub checked: &'a [FileId],
    /// Whether the run walked the config's whole folder (a folder at or above it was named):
    /// then an `ignore:` entry whose `path` names a file that is not there (renamed, removed,
    /// misspelt; [`crate::config::IgnoreEntry::names_no_file`]) is unused too.
    pub walked: bool,
}

/// What the stage produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The findings left, plus findings about the suppressions.
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
    /// Malformed suppression comments.
    pub errors: Vec<Error>,
}

/// Applies every suppression (those `scanned` from the checked files, in file order, then
/// the config's) to `findings`.
pub fn apply(
    input: &Input<'_>,
    scanned: Vec<Scanned>,
    findings: Vec<Finding>,
    severity_of: impl Fn(&Rule) -> Option<Severity>,
) -> Outcome {
    let mut out = Outcome::default();
    let mut sups = Vec::new();
    for s in scanned {
        sups.extend(s.sups);
        out.errors.extend(s.errors);
    }
    for (i, entry) in input.config.ignore.iter().enumerate() {
        sups.push(Suppression {
            scope: Scope::Config(i),
            rules: entry
                .rules
                .iter()
                .map(|r| Named {
                    text: r.value.clone(),
                    span: r.span,
                    id: input.rules.find(&r.value).map(|x| x.id.clone()),
                    used: false,
                })
                .collect(),
            reason: entry
                .reason
                .as_ref()
                .map(|r| r.value.trim().to_string())
                .filter(|r| !r.is_empty()),
            span: entry.path.span,
        });
    }

    // Line suppressions are looked up by file, rule and line (see [`line_hits`]), file-wide ones
    // by file and rule: a finding is not tried against every suppression of its file (a form
    // of 20,000 fields, each under a comment allowing another rule, took seconds). The
    // config's entries match paths and identities, and are tried in turn.
    let of_lines = line_hits(input.files, &sups, &findings);
    let mut of_file: rustc_hash::FxHashMap<(FileId, &str), (usize, usize)> = Default::default();
    let mut of_config = Vec::new();
    for (si, s) in sups.iter().enumerate() {
        match s.scope {
            Scope::Line(..) => {}
            // The first that names the rule (the first time it does).
            Scope::File(file) => {
                for (ni, n) in s.rules.iter().enumerate() {
                    if let Some(id) = n.id.as_deref() {
                        of_file.entry((file, id)).or_insert((si, ni));
                    }
                }
            }
            Scope::Config(_) => of_config.push(si),
        }
    }
    let mut findings = findings;
    let mut at = 0;
    let mut used = Vec::new();
    findings.retain(|f| {
        let fi = at;
        at += 1;
        // Line suppressions first (the narrowest covering the finding), then file-wide, then
        // config: the one used is the most specific, so a redundant broader one shows up as
        // unused.
        let hit = of_lines
            .get(fi)
            .copied()
            .flatten()
            .or_else(|| {
                (!of_file.is_empty())
                    .then(|| of_file.get(&(f.span.file, f.rule_id.as_str())).copied())
                    .flatten()
            })
            .or_else(|| {
                if of_config.is_empty() {
                    return None;
                }
                // Only `ignore:` entries match paths.
                let source = input.files.get(f.span.file as usize)?;
                let rel = slash(&input.config.relative(&source.path));
                of_config.iter().find_map(|&si| {
                    let Scope::Config(i) = sups[si].scope else {
                        return None;
                    };
                    if !input.config.ignore[i].covers(&rel, &f.identity) {
                        return None;
                    }
                    let ni = sups[si]
                        .rules
                        .iter()
                        .position(|n| n.id.as_deref() == Some(f.rule_id.as_str()))?;
                    Some((si, ni))
                })
            });
        match hit {
            Some((si, ni)) => {
                used.push((si, ni));
                out.suppressed.push(Suppressed {
                    finding: f.clone(),
                    in_source: sups[si].in_source(),
                    reason: sups[si].reason.clone(),
                });
                false
            }
            None => true,
        }
    });
    for (si, ni) in used {
        sups[si].rules[ni].used = true;
    }
    out.findings = findings;

    // Which suppressions can be unused: a config entry whose `path` matches a file checked (one
    // about files none of which was checked may silence findings there), and a comment in a
    // file checked (in a file with input errors it silenced findings that were then dropped).
    let judgeable: Vec<bool> = if input.report_unused {
        let checked: rustc_hash::FxHashSet<FileId> = input.checked.iter().copied().collect();
        let paths: Vec<std::path::PathBuf> = input
            .checked
            .iter()
            .filter_map(|&f| input.files.get(f as usize))
            .map(|s| slash(&input.config.relative(&s.path)))
            .collect();
        sups.iter()
            .map(|s| match s.scope {
                Scope::Line(f, _) | Scope::File(f) => checked.contains(&f),
                Scope::Config(i) => {
                    let entry = &input.config.ignore[i];
                    // A file that is there but was not read (excluded, ignored by git, a
                    // link) may be checked when named: only a path to nothing is judged.
                    paths.iter().any(|p| entry.applies_to(p))
                        || (input.walked && entry.names_no_file(&input.config.root))
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    out.findings
        .extend(findings_about(input, &sups, &judgeable, &severity_of));
    out
}

/// For each finding, the line suppression (and the place of its rule in it) that silences it:
/// of those of the finding's file that name its rule and cover the line it starts on, the one
/// covering fewest lines, the first of equals. Empty when no line suppression names a rule.
///
/// Per file and rule, the suppressions by first line and the findings by line are swept
/// together: a heap holds those begun, narrowest first, and drops those ended (the lines
/// only grow), so each suppression goes in and out once; about `(S + F) log S`, not `S × F`.
fn line_hits(
    files: &[SourceFile],
    sups: &[Suppression],
    findings: &[Finding],
) -> Vec<Option<(usize, usize)>> {
    use std::cmp::Reverse;
    // (first line, last line, suppression, place of the rule in it).
    type Cover = (usize, usize, usize, usize);
    let mut covers: rustc_hash::FxHashMap<(FileId, &str), Vec<Cover>> = Default::default();
    for (si, s) in sups.iter().enumerate() {
        let Scope::Line(file, Some((first, last))) = s.scope else {
            continue;
        };
        for (ni, n) in s.rules.iter().enumerate() {
            if let Some(id) = n.id.as_deref() {
                covers
                    .entry((file, id))
                    .or_default()
                    .push((first, last, si, ni));
            }
        }
    }
    if covers.is_empty() {
        return Vec::new();
    }
    let mut out = vec![None; findings.len()];
    // (line, finding) per file and rule.
    let mut asked: rustc_hash::FxHashMap<(FileId, &str), Vec<(usize, usize)>> = Default::default();
    for (fi, f) in findings.iter().enumerate() {
        let key = (f.span.file, f.rule_id.as_str());
        if !covers.contains_key(&key) {
            continue;
        }
        if let Some(source) = files.get(f.span.file as usize) {
            let line = source.line_col(f.span.start as usize).0;
            asked.entry(key).or_default().push((line, fi));
        }
    }
    for (key, mut lines) in asked {
        let Some(list) = covers.get_mut(&key) else {
            continue;
        };
        // A rule named twice in one suppression: its first place.
        list.sort_unstable_by_key(|&(first, _, si, ni)| (first, si, ni));
        list.dedup_by_key(|c| c.2);
        lines.sort_unstable();
        let mut begun = std::collections::BinaryHeap::new();
        let mut next = list.iter().peekable();
        for (line, fi) in lines {
            while let Some(&&(first, last, si, ni)) = next.peek() {
                if first > line {
                    break;
                }
                tried();
                begun.push(Reverse((last - first, si, ni, last)));
                next.next();
            }
            while begun.peek().is_some_and(|Reverse(c)| c.3 < line) {
                tried();
                begun.pop();
            }
            out[fi] = begun.peek().map(|Reverse((_, si, ni, _))| (*si, *ni));
        }
    }
    out
}

crate::steps::step_counter!(
    /// How many times a line suppression was looked at for findings (see the tests).
    TRIED,
    tried
);

fn slash(p: &Path) -> std::path::PathBuf {
    std::path::PathBuf::from(crate::source::slashed(&p.to_string_lossy()).into_owned())
}

/// DM901 for unknown rules, DM902 for missing reasons, DM903 for unused suppressions.
fn findings_about(
    input: &Input<'_>,
    sups: &[Suppression],
    judgeable: &[bool],
    severity_of: &impl Fn(&Rule) -> Option<Severity>,
) -> Vec<Finding> {
    let meta = |id: &str| {
        let rule = input.rules.find(id)?;
        Some((rule, severity_of(rule)?))
    };
    let mut out = Vec::new();
    let names = || {
        input
            .rules
            .rules
            .iter()
            .flat_map(|r| [r.id.as_str(), r.name.as_str()])
    };
    for (si, s) in sups.iter().enumerate() {
        let entry = if s.in_source() {
            "suppression comment"
        } else {
            "config `ignore` entry"
        };
        let make = |rule: &Rule, severity: Severity, named: &str, span: Span, help_prefix| {
            let vars = [
                ("rule", named.to_string()),
                ("reason", s.reason.clone().unwrap_or_default()),
                ("entry", entry.to_string()),
            ];
            let mut help = fill(&rule.help, &vars);
            if let Some(p) = help_prefix {
                help = format!("{p} {help}");
            }
            Finding {
                rule_id: rule.id.as_str().into(),
                rule_name: rule.name.as_str().into(),
                severity,
                message: fill(&rule.message, &vars).into(),
                help: help.into(),
                span,
                identity: s.identity(named, input.config).into(),
                category: None,
            }
        };
        if let Some((rule, sev)) = meta("DM901") {
            for n in s.rules.iter().filter(|n| n.id.is_none()) {
                out.push(make(
                    rule,
                    sev,
                    &n.text,
                    n.span,
                    suggestion(&n.text, names()),
                ));
            }
        }
        if s.reason.is_none() {
            if let Some((rule, sev)) = meta("DM902") {
                let list: Vec<&str> = s.rules.iter().map(|n| n.text.as_str()).collect();
                out.push(make(rule, sev, &list.join(", "), s.span, None));
            }
        }
        // DM901 and DM902 are about the suppression's own text, so they hold in a file with
        // input errors too; DM903 is about findings.
        if input.report_unused && judgeable.get(si).copied().unwrap_or(false) {
            if let Some((rule, sev)) = meta("DM903") {
                let judged = |id: &str| input.rules.find(id).is_some_and(input.judged);
                for n in s
                    .rules
                    .iter()
                    .filter(|n| !n.used && n.id.as_deref().is_some_and(judged))
                {
                    out.push(make(rule, sev, &n.text, n.span, None));
                }
            }
        }
    }
    out
}

const VERBS: [&str; 2] = ["allow", "allow-file"];

/// Reads the suppression comments of one checked file, whose syntax tree has `shape`.
pub fn scan(source: &SourceFile, file: FileId, shape: &Shape, rules: &RuleSet) -> Scanned {
    let mut out = Scanned::default();
    let syntax = CommentSyntax::of(&source.path);
    let all = comments(&source.text, syntax, &shape.strings);
    let mut cover = Cover::new(source, syntax, &shape.blocks);
    for c in &all {
        match parse_directive(&source.text, file, c, rules) {
            Ok(Some((verb, named, reason))) => {
                let scope = if verb == "allow-file" {
                    Scope::File(file)
                } else if c.trailing {
                    Scope::Line(file, Some((c.line, c.last_line)))
                } else {
                    Scope::Line(file, cover.lines(c.last_line))
                };
                out.sups.push(Suppression {
                    scope,
                    rules: named,
                    reason,
                    span: Span::new(file, c.start, c.end),
                });
            }
            Ok(None) => {}
            Err(e) => out.errors.push(e),
        }
    }
    out
}

/// The lines comments alone on their line cover, in one file: from the next line through the
/// first line after it that is neither blank nor only a comment, and in YAML through the end
/// of the mapping entry or list item that starts there (`blocks`), so a comment above a field
/// covers the whole field. In Rust, attributes (`#[...]`, over several lines too) are passed
/// over as well, up to the first code after them (on their own last line, or the next), so a
/// comment above a field's docs and attributes covers them and the field: findings may point
/// at any of them.
///
/// Each line's answer is kept: a run of comment lines is walked once, not once per comment in
/// it, and the blocks are searched, not scanned, so a file of many suppressions is read in
/// time about linear in its size (60,000 comments above one field took 18 s).
struct Cover<'a> {
    source: &'a SourceFile,
    syntax: CommentSyntax,
    /// The blocks, by start.
    blocks: Vec<Range<usize>>,
    /// Per 1-based line, once known: the code line a walk from its start, outside any
    /// attribute, reaches (`None` inside: the file ends first). Made on first use.
    reached: Vec<Option<Option<usize>>>,
    /// The last code line whose blocks were read, and the line they end on.
    last: Option<(usize, usize)>,
}

impl<'a> Cover<'a> {
    fn new(source: &'a SourceFile, syntax: CommentSyntax, blocks: &[Range<usize>]) -> Cover<'a> {
        let mut blocks = blocks.to_vec();
        blocks.sort_unstable_by_key(|b| b.start);
        Cover {
            source,
            syntax,
            blocks,
            reached: Vec::new(),
            last: None,
        }
    }

    /// The lines the comment alone on line `line` covers; `None` when no code follows.
    fn lines(&mut self, line: usize) -> Option<(usize, usize)> {
        let l = self.reach(line + 1)?;
        Some((line + 1, self.block_end(l).max(l)))
    }

    /// The first code line from line `from` on (passing over blank and comment lines, and
    /// in Rust attributes), every line walked outside an attribute remembered with it.
    fn reach(&mut self, from: usize) -> Option<usize> {
        let count = self.source.line_count();
        if self.reached.is_empty() {
            self.reached = vec![None; count + 2];
        }
        let marker = self.syntax.marker();
        let mut walked = Vec::new();
        let mut at = Attrs::default();
        let mut l = from;
        let found = loop {
            if l > count {
                break None;
            }
            if at == Attrs::default() {
                // The walk from here was made before (for a comment above this one).
                if let Some(known) = self.reached[l] {
                    break known;
                }
                walked.push(l);
            }
            let mut t = self.source.line_text(l).trim_start();
            // Block comments that close on their line, before anything else on it, are
            // passed over (up to their first `*/`: JSON's do not nest). One left open is
            // code here: its lines are not read for what they hold (a `*/` in a string
            // below would end it for this walk and not for the parser).
            if self.syntax == CommentSyntax::Slashes && at == Attrs::default() {
                while let Some(rest) = t.strip_prefix("/*") {
                    match rest.find("*/") {
                        Some(k) => t = rest[k + 2..].trim_start(),
                        None => break,
                    }
                }
                if t.starts_with("/*") {
                    break Some(l);
                }
            }
            if self.syntax == CommentSyntax::Slashes
                && (at != Attrs::default() || t.starts_with("#["))
            {
                let rest;
                (at, rest) = attributes(t, at);
                let rest = rest.trim();
                if at == Attrs::default() && !rest.is_empty() && !rest.starts_with(marker) {
                    break Some(l);
                }
            } else if !t.is_empty() && !t.starts_with(marker) {
                break Some(l);
            }
            l += 1;
        };
        for w in walked {
            self.reached[w] = Some(found);
        }
        found
    }

    /// The last line of the blocks starting on line `l` (`l` when none does).
    fn block_end(&mut self, l: usize) -> usize {
        if let Some((known, end)) = self.last {
            if known == l {
                return end;
            }
        }
        let source = self.source;
        let start = source.line_start(l - 1).unwrap_or(0);
        let end = source.line_start(l).unwrap_or(source.len());
        let first = self.blocks.partition_point(|b| b.start < start);
        let last = self.blocks[first..]
            .iter()
            .take_while(|b| b.start < end)
            .filter(|b| b.end > b.start)
            .map(|b| source.line_col(b.end - 1).0)
            .max()
            .unwrap_or(l);
        self.last = Some((l, last));
        last
    }
}

/// Where a line of Rust attributes leaves off: the brackets still open, and a string literal
/// or block comment still open (both may run over several lines).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Attrs {
    depth: i32,
    open: Option<Str>,
}

/// An open string literal: plain (`"..."`, `b"..."`, `c"..."`: escapes) or raw (`r#"..."#`,
/// `br"..."`, `cr"..."`: no escapes, closed by a quote and as many `#` as it opened with); or
/// an open block comment, so many deep (they nest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Str {
    Plain,
    Raw(usize),
    Comment(usize),
}

/// Reads a line of Rust attributes, starting where the line before left off: where this one
/// leaves off and, once the last attribute closes, what follows it on the line (the field, if
/// it shares the line). Brackets inside string literals do not count.
fn attributes(line: &str, mut at: Attrs) -> (Attrs, &str) {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match at.open {
            Some(Str::Plain) => {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => {
                        at.open = None;
                        i += 1;
                    }
                    _ => i += 1,
                }
                continue;
            }
            Some(Str::Comment(depth)) => {
                match (bytes[i], bytes.get(i + 1)) {
                    (b'*', Some(b'/')) => {
                        at.open = depth.checked_sub(1).filter(|d| *d > 0).map(Str::Comment);
                        i += 2;
                    }
                    (b'/', Some(b'*')) => {
                        at.open = Some(Str::Comment(depth + 1));
                        i += 2;
                    }
                    _ => i += 1,
                }
                continue;
            }
            Some(Str::Raw(hashes)) => {
                let mut close = vec![b'"'];
                close.resize(hashes + 1, b'#');
                match memchr::memmem::find(&bytes[i..], &close) {
                    Some(k) => {
                        i += k + close.len();
                        at.open = None;
                    }
                    None => i = bytes.len(),
                }
                continue;
            }
            None => {}
        }
        let b = bytes[i];
        i += 1;
        match b {
            b'r' if !ident(bytes, i - 1)
                || (i >= 2 && matches!(bytes[i - 2], b'b' | b'c') && !ident(bytes, i - 2)) =>
            {
                let hashes = bytes[i..].iter().take_while(|c| **c == b'#').count();
                if bytes.get(i + hashes) == Some(&b'"') {
                    at.open = Some(Str::Raw(hashes));
                    i += hashes + 1;
                }
            }
            b'"' => at.open = Some(Str::Plain),
            // A line comment ends the line, a block comment runs to its end (this line's or
            // a later one's); a char literal (`'['`) is not a bracket.
            b'/' if bytes.get(i) == Some(&b'/') => break,
            b'/' if bytes.get(i) == Some(&b'*') => {
                at.open = Some(Str::Comment(1));
                i += 1;
            }
            b'\'' if bytes.get(i + 1) == Some(&b'\'') => i += 2,
            // An escaped char literal: `'\"'`, `'\''`, `'\\'`.
            b'\'' if bytes.get(i) == Some(&b'\\') && bytes.get(i + 2) == Some(&b'\'') => i += 3,
            b'[' => at.depth += 1,
            b']' => {
                at.depth -= 1;
                if at.depth <= 0 {
                    let rest = line.get(i..).unwrap_or("");
                    match rest.trim_start().strip_prefix('#') {
                        // Another attribute follows on the same line.
                        Some(_) => i = line.len() - rest.trim_start().len(),
                        None => return (Attrs::default(), rest),
                    }
                    at.depth = 0;
                }
            }
            _ => {}
        }
    }
    (at, "")
}

/// Whether the byte before position `at` of `bytes` continues an identifier (so an `r` at
/// `at` is part of a name, not a raw string's prefix).
fn ident(bytes: &[u8], at: usize) -> bool {
    at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_')
}

type Directive = (&'static str, Vec<Named>, Option<String>);

/// Reads `datamin: allow RULE[, RULE...] [-- reason]` from a comment. Other `datamin:`
/// comments are prose and ignored, unless their first word looks like a misspelt verb.
fn parse_directive(
    text: &str,
    file: FileId,
    c: &Comment,
    rules: &RuleSet,
) -> Result<Option<Directive>, Error> {
    let body = &text[c.body..c.end];
    let lead = body.len() - body.trim_start().len();
    let Some(rest) = body.trim_start().strip_prefix("datamin:") else {
        return Ok(None);
    };
    // Byte offset in `text` of position `i` of `rest`.
    let base = c.body + lead + "datamin:".len();
    let at = |i: usize, j: usize| Span::new(file, base + i, base + j);
    let mut i = rest.len() - rest.trim_start().len();
    let word_len = rest[i..]
        .find(|ch: char| !(ch.is_ascii_alphabetic() || ch == '-'))
        .unwrap_or(rest.len() - i);
    let word = &rest[i..i + word_len];
    let Some(verb) = VERBS.iter().find(|v| **v == word) else {
        if word.len() >= 3 {
            if let Some(s) = did_you_mean(word, VERBS) {
                return Err(Error::at(
                    at(i, i + word_len),
                    format!("unknown datamin directive `{word}`"),
                )
                .with_help(format!("did you mean `{s}`?")));
            }
        }
        return Ok(None);
    };
    let example = "write `datamin: allow DM001, DM002 -- why the findings do not apply`";
    i += word_len;
    let mut named = Vec::new();
    loop {
        i += rest[i..].len() - rest[i..].trim_start().len();
        let len = rest[i..]
            .char_indices()
            .find(|&(k, ch)| !(ch.is_ascii_alphanumeric() || (k > 0 && (ch == '-' || ch == '_'))))
            .map_or(rest.len() - i, |(k, _)| k);
        if len == 0 {
            let what = if named.is_empty() {
                format!("`{verb}` names no rule")
            } else {
                "expected a rule after `,`".to_string()
            };
            return Err(Error::at(at(i, i), what).with_help(example));
        }
        let token = &rest[i..i + len];
        named.push(Named {
            text: token.to_string(),
            span: at(i, i + len),
            id: rules.find(token).map(|r| r.id.clone()),
            used: false,
        });
        i += len;
        let after = rest[i..].trim_start();
        if let Some(more) = after.strip_prefix(',') {
            i = rest.len() - more.len();
        } else {
            break;
        }
    }
    let tail = rest[i..].trim();
    let reason = if tail.is_empty() {
        None
    } else if let Some(r) = tail.strip_prefix("--") {
        // A block comment's reason may run over lines, each perhaps led by ` * `.
        let r = if r.contains('\n') {
            r.lines()
                .map(|l| l.trim().trim_start_matches('*').trim())
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            r.trim().to_string()
        };
        Some(r).filter(|r| !r.is_empty())
    } else {
        let start = i + (rest[i..].len() - rest[i..].trim_start().len());
        return Err(Error::at(
            at(start, rest.trim_end().len()),
            "expected `-- reason` after the rules of a suppression",
        )
        .with_help(format!("separate rules with commas; {example}")));
    };
    Ok(Some((verb, named, reason)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, strings: &[Range<usize>]) -> Vec<(usize, bool, String)> {
        comments(text, CommentSyntax::Hash, strings)
            .into_iter()
            .map(|c| (c.line, c.trailing, text[c.body..c.end].to_string()))
            .collect()
    }

    fn finding(file: FileId, rule: &str, at: usize) -> Finding {
        Finding {
            rule_id: rule.into(),
            rule_name: rule.into(),
            severity: Severity::Warning,
            message: "m".into(),
            help: "h".into(),
            span: Span::new(file, at, at + 1),
            identity: format!("{file}:{at}").into(),
            category: None,
        }
    }

    /// A line suppression of `rules` (`None`: an unknown rule) in `file`, over `lines`.
    fn line_sup(file: FileId, lines: (usize, usize), rules: &[Option<&str>]) -> Suppression {
        Suppression {
            scope: Scope::Line(file, Some(lines)),
            rules: rules
                .iter()
                .map(|id| Named {
                    text: id.unwrap_or("nope").to_string(),
                    span: Span::new(file, 0, 0),
                    id: id.map(str::to_string),
                    used: false,
                })
                .collect(),
            reason: Some("r".to_string()),
            span: Span::new(file, 0, 0),
        }
    }

    #[test]
    fn the_narrowest_line_suppression_naming_the_rule_is_used_the_first_of_equals() {
        // Two files of 40 lines of two bytes; suppressions over random, nested and
        // overlapping lines, findings on random lines: [`line_hits`] against trying every
        // suppression of the file in turn, as it was done.
        let files: Vec<SourceFile> = (0..2)
            .map(|i| SourceFile::new(Path::new(&format!("f{i}.yaml")), "x\n".repeat(40)))
            .collect();
        let mut seed = 7u64;
        let mut rand = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let ids = [Some("DM001"), Some("DM004"), None];
        for round in 0..200 {
            let mut sups = Vec::new();
            for _ in 0..rand(12) {
                let first = 1 + rand(40);
                let last = first + rand(6).min(40 - first);
                let rules: Vec<Option<&str>> = (0..1 + rand(3)).map(|_| ids[rand(3)]).collect();
                sups.push(line_sup(rand(2) as FileId, (first, last), &rules));
            }
            let findings: Vec<Finding> = (0..20)
                .map(|_| finding(rand(2) as FileId, ["DM001", "DM004"][rand(2)], 2 * rand(40)))
                .collect();
            let expected: Vec<Option<(usize, usize)>> = findings
                .iter()
                .map(|f| {
                    let line = files[f.span.file as usize]
                        .line_col(f.span.start as usize)
                        .0;
                    let mut hit = None;
                    let mut width = usize::MAX;
                    for (si, s) in sups.iter().enumerate() {
                        let Scope::Line(file, Some((a, b))) = s.scope else {
                            continue;
                        };
                        if file != f.span.file || line < a || b < line || b - a >= width {
                            continue;
                        }
                        if let Some(ni) = s
                            .rules
                            .iter()
                            .position(|n| n.id.as_deref() == Some(f.rule_id.as_str()))
                        {
                            hit = Some((si, ni));
                            width = b - a;
                        }
                    }
                    hit
                })
                .collect();
            // Empty when no line suppression names a rule.
            let hits = line_hits(&files, &sups, &findings);
            let hits: Vec<_> = (0..findings.len())
                .map(|i| hits.get(i).copied().flatten())
                .collect();
            assert_eq!(hits, expected, "round {round}");
        }
    }

    #[test]
    fn a_finding_is_not_tried_against_every_line_suppression_of_its_file() {
        // A field a line, each with a suppression of its own: every other one allows the
        // rule of the field's finding.
        let n = 3000;
        let text: String = (0..n)
            .map(|i| {
                let rule = if i % 2 == 0 { "DM001" } else { "DM004" };
                format!("f{i}: x  # datamin: allow {rule} -- r\n")
            })
            .collect();
        let source = SourceFile::new(Path::new("form.yaml"), text);
        let rules = crate::pipeline::load_rules(None, &mut crate::report::Report::default());
        let scanned = scan(&source, 0, &Shape::default(), &rules);
        assert_eq!(scanned.sups.len(), n);
        let findings: Vec<Finding> = (0..n)
            .map(|i| finding(0, "DM001", source.line_start(i).unwrap_or(0)))
            .collect();
        let config = Config::defaults(std::path::PathBuf::from("."));
        let input = Input {
            files: std::slice::from_ref(&source),
            rules: &rules,
            config: &config,
            report_unused: true,
            judged: &|_| true,
            checked: &[0],
            walked: false,
        };
        TRIED.with(|t| t.set(0));
        let out = apply(&input, vec![scanned], findings, |_| Some(Severity::Warning));
        let tried = TRIED.with(std::cell::Cell::get);
        // The findings of odd lines are left, and the DM004 suppressions are unused.
        let left: Vec<usize> = out
            .findings
            .iter()
            .filter(|f| f.rule_id == "DM001")
            .map(|f| source.line_col(f.span.start as usize).0)
            .collect();
        assert_eq!(
            left,
            (0..n)
                .filter(|i| i % 2 == 1)
                .map(|i| i + 1)
                .collect::<Vec<_>>()
        );
        assert_eq!(out.suppressed.len(), n / 2);
        assert_eq!(
            out.findings.iter().filter(|f| f.rule_id == "DM903").count(),
            n / 2
        );
        // Each suppression is looked at a bounded number of times, not once per finding.
        assert!(tried <= 4 * n, "{tried} looks at {n} suppressions");
    }

    #[test]
    fn finds_comments_at_line_start_or_after_whitespace() {
        let text = "# datamin: a\nkey: v # datamin: b\nx: a#datamin: c\r\n  # datamin: d\r\n";
        assert_eq!(
            lines(text, &[]),
            vec![
                (1, false, " datamin: a".to_string()),
                (2, true, " datamin: b".to_string()),
                (4, false, " datamin: d".to_string()),
            ]
        );
    }

    /// The lines each `allow` comment of `text` (at `path`) covers.
    fn covered(path: &str, text: &str) -> Vec<Option<(usize, usize)>> {
        let source = SourceFile::new(Path::new(path), text.to_string());
        let mut shape = Shape::default();
        if path.ends_with(".yaml") {
            let root = crate::syntax::yaml::parse(text, 0, Default::default()).unwrap();
            crate::pipeline::shape(text, &root, &["#"], &mut shape);
        }
        scan(&source, 0, &shape, &RuleSet::default())
            .sups
            .into_iter()
            .map(|s| match s.scope {
                Scope::Line(_, lines) => lines,
                _ => None,
            })
            .collect()
    }

    #[test]
    fn comments_in_a_run_cover_the_same_code() {
        let allow = "# datamin: allow DM001 -- r";
        let text = format!(
            "fields:\n  {allow}\n  {allow}\n\n  # other\n  {allow}\n  - id: a\n    type: textarea\n  {allow}\n  - id: b\n  {allow}\n"
        );
        assert_eq!(
            covered("form.yaml", &text),
            [
                Some((3, 9)),
                Some((4, 9)),
                Some((7, 9)),
                Some((10, 11)),
                None
            ]
        );
        let allow = "// datamin: allow DM001 -- r";
        let text = format!(
            "struct F {{\n    {allow}\n    {allow}\n    /// Docs.\n    #[validate(\n        {allow}\n        length(max = 5),\n    )]\n    {allow}\n    #[serde(default)] pub a: String,\n    {allow}\n}}\n"
        );
        // The one inside the attribute reads the rest of it as code: a comment belongs
        // above the attributes.
        assert_eq!(
            covered("src/f.rs", &text),
            [
                Some((3, 10)),
                Some((4, 10)),
                Some((7, 7)),
                Some((10, 10)),
                Some((12, 12))
            ]
        );
    }

    #[test]
    fn a_directive_may_follow_other_comment_text() {
        let text = "label: Notes # shown to users # datamin: allow DM003 -- ok\n# a # b #datamin: c\n# see the datamin: docs\n# see issue#datamin: x\n# datamin: d # datamin: e\n";
        assert_eq!(
            lines(text, &[]),
            vec![
                (1, true, " datamin: allow DM003 -- ok".to_string()),
                (2, false, "datamin: c".to_string()),
                (5, false, " datamin: d # datamin: e".to_string()),
            ]
        );
        let text = "    pub p: String, // comment // datamin: allow DM001 -- second\n    /// Say `// datamin: allow DM001 -- r` to us.\n    //! // datamin: x\n";
        let found = comments(text, CommentSyntax::Slashes, &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (&text[found[0].start..found[0].end], found[0].trailing),
            ("// datamin: allow DM001 -- second", true)
        );
    }

    #[test]
    fn a_byte_order_mark_starts_line_one() {
        let text = "\u{feff}# datamin: allow-file DM108 -- r\n";
        assert_eq!(
            lines(text, &[]),
            vec![(1, false, " datamin: allow-file DM108 -- r".to_string())]
        );
        let found = comments("\u{feff}// datamin: a\n", CommentSyntax::Slashes, &[]);
        assert_eq!((found[0].start, found[0].trailing), (3, false));
        // Only at the start of the text.
        assert_eq!(lines("a: 1\n\u{feff}# datamin: b\n", &[]), vec![]);
    }

    #[test]
    fn a_hash_inside_a_string_is_not_a_comment() {
        let text = "a: \"x # datamin: allow DM001\" # datamin: real\n";
        let strings: Vec<Range<usize>> = std::iter::once(3..29).collect();
        assert_eq!(
            lines(text, &strings),
            vec![(1, true, " datamin: real".to_string())]
        );
        // In any order, one inside another (an alias's copy).
        assert_eq!(
            lines(text, &[31..33, 5..6, 3..29, 3..29]),
            vec![(1, true, " datamin: real".to_string())]
        );
    }

    #[test]
    fn attributes_are_read_past_strings_and_up_to_code() {
        // Depth and rest of a line read `depth` brackets deep, outside any string.
        let attributes = |line, depth| {
            let (at, rest) = attributes(line, Attrs { depth, open: None });
            assert_eq!(at.open, None, "{line}");
            (at.depth, rest)
        };
        assert_eq!(attributes("#[serde(default)]", 0), (0, ""));
        assert_eq!(
            attributes("#[serde(default)] pub message: String,", 0),
            (0, " pub message: String,")
        );
        assert_eq!(
            attributes(
                r#"#[serde(rename = "msg[0")] #[validate(email)] pub a: String,"#,
                0
            ),
            (0, " pub a: String,")
        );
        assert_eq!(attributes("#[validate(", 0), (1, ""));
        assert_eq!(attributes("length(max = 5),", 1), (1, ""));
        assert_eq!(attributes(")]", 1), (0, ""));
        assert_eq!(attributes("length(max = 5), // see [docs", 1), (1, ""));
        assert_eq!(attributes("#[validate(custom = '[')]", 0), (0, ""));
        assert_eq!(
            attributes(r#"#[serde(default = '\"')] pub a: u8,"#, 0),
            (0, " pub a: u8,")
        );
        // Raw strings: no escapes, closed only by a quote and their own number of `#`.
        assert_eq!(
            attributes(r#"#[serde(rename = r"\")] pub a: String,"#, 0),
            (0, " pub a: String,")
        );
        assert_eq!(
            attributes(r##"#[doc = r#"a "]" b"#] pub a: String,"##, 0),
            (0, " pub a: String,")
        );
        assert_eq!(
            attributes(r#"#[serde(rename = br"x]")] pub a: String,"#, 0),
            (0, " pub a: String,")
        );
        // An `r` ending a name is not a raw string's prefix (taken for one, `xr#"` would
        // leave the string open to the end of the line).
        assert_eq!(
            attributes(r##"#[attr(xr#"]")] pub b: u8,"##, 0),
            (0, " pub b: u8,")
        );
    }

    #[test]
    fn a_string_left_open_goes_on_to_the_next_line() {
        let at = |depth, open| Attrs { depth, open };
        let lines = [
            (r##"#[doc = r#"a "[x]" ]"##, at(1, Some(Str::Raw(1))), ""),
            (r#"  "]" "#, at(1, Some(Str::Raw(1))), ""),
            (r##"  "#] pub a: String,"##, at(0, None), " pub a: String,"),
        ];
        let mut state = Attrs::default();
        for (line, after, rest) in lines {
            let (next, r) = attributes(line, state);
            assert_eq!((next, r), (after, rest), "{line}");
            state = next;
        }
        assert_eq!(
            attributes(r#"#[doc = "a ] \"#, Attrs::default()),
            (at(1, Some(Str::Plain)), "")
        );
        assert_eq!(
            attributes(r#"b\" ] c"] pub b: u8,"#, at(1, Some(Str::Plain))),
            (at(0, None), " pub b: u8,")
        );
        // C raw strings too.
        assert_eq!(
            attributes(r#"#[doc = cr"]"] pub c: u8,"#, Attrs::default()),
            (at(0, None), " pub c: u8,")
        );
        // Block comments, nested and over lines.
        assert_eq!(
            attributes("#[serde(default /* ] */)] pub d: u8,", Attrs::default()),
            (at(0, None), " pub d: u8,")
        );
        assert_eq!(
            attributes("#[serde(default /* /* ] */", Attrs::default()),
            (at(1, Some(Str::Comment(1))), "")
        );
        assert_eq!(
            attributes("] */)] pub e: u8,", at(1, Some(Str::Comment(1)))),
            (at(0, None), " pub e: u8,")
        );
    }

    #[test]
    fn rust_comments() {
        let text = "let x = 1; // datamin: allow DM001 -- r\nlet u = \"http://datamin: x\";\n";
        let found = comments(text, CommentSyntax::Slashes, &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 1);
        // JSON: `//` inside a string (its range given) is text.
        let json = "{\"a\": \"https://x // datamin: allow DM001 -- no\" // datamin: b\n}";
        let strings: Vec<Range<usize>> = std::iter::once(6..47).collect();
        let found = comments(json, CommentSyntax::Slashes, &strings);
        assert_eq!(found.len(), 1);
        assert_eq!(&json[found[0].body..found[0].end], " datamin: b");
    }

    #[test]
    fn block_comments_in_rust_and_json() {
        let body = |text: &str, c: &Comment| text[c.body..c.end].to_string();
        let text = "/* datamin: allow DM001 -- a */\nlet x = 1; /* datamin: allow DM002 -- b */ // other\n/* datamin: allow DM003 -- c */ let y = 2;\n";
        let found = comments(text, CommentSyntax::Slashes, &[]);
        let got: Vec<_> = found
            .iter()
            .map(|c| (c.line, c.last_line, c.trailing, body(text, c)))
            .collect();
        assert_eq!(
            got,
            [
                (1, 1, false, " datamin: allow DM001 -- a ".to_string()),
                (2, 2, true, " datamin: allow DM002 -- b ".to_string()),
                (3, 3, true, " datamin: allow DM003 -- c ".to_string()),
            ]
        );
        // Over lines: read to its close; the lines inside are its text, not comments.
        let text =
            "  /* datamin: allow DM001 -- over\n   * // datamin: allow DM002 -- inside\n   */\nx\n";
        let found = comments(text, CommentSyntax::Slashes, &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].line, found[0].last_line, found[0].trailing),
            (1, 3, false)
        );
        // Doc comments, strings, no space before, YAML: none.
        let none: [(&str, CommentSyntax, Vec<Range<usize>>); 5] = [
            (
                "/** datamin: allow DM001 -- a */\n",
                CommentSyntax::Slashes,
                vec![],
            ),
            (
                "/*! datamin: allow DM001 -- a */\n",
                CommentSyntax::Slashes,
                vec![],
            ),
            (
                "x/* datamin: allow DM001 -- a */\n",
                CommentSyntax::Slashes,
                vec![],
            ),
            (
                "\"/* datamin: allow DM001 -- a */\"\n",
                CommentSyntax::Slashes,
                std::iter::once(0..33).collect(),
            ),
            (
                "/* datamin: allow DM001 -- a */\n",
                CommentSyntax::Hash,
                vec![],
            ),
        ];
        for (text, syntax, strings) in none {
            assert_eq!(comments(text, syntax, &strings), [], "{text}");
        }
        // The first directive on a line is the one read.
        let text = "// datamin: allow DM001 -- a /* datamin: allow DM002 -- b */\n";
        let found = comments(text, CommentSyntax::Slashes, &[]);
        assert_eq!(
            body(text, &found[0]),
            " datamin: allow DM001 -- a /* datamin: allow DM002 -- b */"
        );
    }

    #[test]
    fn block_comments_cover_like_line_comments() {
        let text = "struct F {\n    /* datamin: allow DM001 -- r */\n    pub a: String,\n    /* datamin: allow DM001 -- over\n       lines */\n    /* a note */\n    /* over\n       lines */ #[serde(default)]\n    pub b: String,\n    pub c: String, /* datamin: allow DM001 -- r */\n}\n";
        // A block comment over lines is not read through: the walk stops at its first line
        // (the suppression above covers up to it, not the field below).
        assert_eq!(
            covered("src/f.rs", text),
            [Some((3, 3)), Some((6, 7)), Some((10, 10))]
        );
        // A reason over lines is one line of text.
        let text = "/* datamin: allow DM001 -- one\n * two\n   three */\n";
        let c = comments(text, CommentSyntax::Slashes, &[]).remove(0);
        let (_, _, reason) = parse_directive(text, 0, &c, &RuleSet::default())
            .unwrap()
            .unwrap();
        assert_eq!(reason.as_deref(), Some("one two three"));
    }

    type Parsed = (String, Vec<String>, Option<String>);

    fn directive(body: &str) -> Result<Option<Parsed>, String> {
        let text = format!("# {body}");
        let c = comments(&text, CommentSyntax::Hash, &[]).remove(0);
        parse_directive(&text, 0, &c, &RuleSet::default())
            .map(|d| d.map(|(v, n, r)| (v.to_string(), n.into_iter().map(|n| n.text).collect(), r)))
            .map_err(|e| e.message)
    }

    #[test]
    fn parses_directives() {
        assert_eq!(
            directive("datamin: allow DM001, credential-field -- asked legal"),
            Ok(Some((
                "allow".into(),
                vec!["DM001".into(), "credential-field".into()],
                Some("asked legal".into())
            )))
        );
        assert_eq!(
            directive("datamin: allow-file DM101"),
            Ok(Some(("allow-file".into(), vec!["DM101".into()], None)))
        );
        assert_eq!(
            directive("datamin:allow DM001,DM002 --   "),
            Ok(Some((
                "allow".into(),
                vec!["DM001".into(), "DM002".into()],
                None
            )))
        );
        assert_eq!(directive("datamin: checked weekly by CI"), Ok(None));
        assert_eq!(
            directive("datamin: alow DM001"),
            Err("unknown datamin directive `alow`".into())
        );
        assert_eq!(
            directive("datamin: allow -- no rule"),
            Err("`allow` names no rule".into())
        );
        assert_eq!(
            directive("datamin: allow DM001 DM002"),
            Err("expected `-- reason` after the rules of a suppression".into())
        );
        assert_eq!(
            directive("datamin: allow DM001, -- r"),
            Err("expected a rule after `,`".into())
        );
    }
}
