//! Reports: one renderer per output format. Reporters know nothing of formats or rules:
//! they see findings, errors and source files.

pub mod audit_html;
pub mod audit_json;
pub mod audit_markdown;
pub mod audit_text;
pub mod finding;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod rules;
pub mod sarif;
pub mod statistics;

use crate::diag::Error;
use crate::rules::Severity;
use crate::source::{FileId, SourceFile, Span};
pub use finding::Finding;

/// What a reporter may say about a rule (SARIF lists every rule of the run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMeta {
    pub id: String,
    pub name: String,
    /// The rule's own severity, before any config override.
    pub default_severity: Severity,
    /// One line.
    pub summary: String,
    /// Markdown: What it finds / Why it matters / Example / How to fix.
    pub explanation: String,
}

/// A finding that a suppression silenced: kept for outputs that can show it (SARIF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    pub finding: Finding,
    /// `true` for a comment in the file, `false` for the config's `ignore:` list.
    pub in_source: bool,
    pub reason: Option<String>,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// Every file read (inputs, config, rule files), indexed by [`crate::source::FileId`].
    pub files: Vec<SourceFile>,
    pub findings: Vec<Finding>,
    pub errors: Vec<Error>,
    /// Files checked (read and recognised).
    pub checked: usize,
    /// Files not checked: found by walking but in no known format, or named but known not
    /// to be forms.
    pub skipped: Vec<Skipped>,
    /// The input files read for checking (those with input errors too), in load order.
    pub inputs: Vec<FileId>,
    /// The config files read (a project's each), whose entries the run judges.
    pub configs: Vec<FileId>,
    /// Files found by walking or named that are not datamin's (no format claims them), their
    /// texts let go: nothing the run reads is in them.
    pub foreign: Vec<FileId>,
    /// Every rule of the run, sorted by id.
    pub rules: Vec<RuleMeta>,
    /// Findings silenced by a suppression comment or a config `ignore:` entry.
    pub suppressed: Vec<Suppressed>,
    /// Findings left out because the baseline lists them.
    pub baselined: Vec<Finding>,
}

/// A file that was read but not checked, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file as shown to users.
    pub path: String,
    pub reason: String,
    /// Named on the command line (reported even without `--verbose`).
    pub explicit: bool,
}

/// A resolved location: file name, 1-based line and column of start and end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location<'a> {
    /// As shown, with escapes where the path is not UTF-8, or holds a backslash or a control
    /// character (see [`crate::source::display_path`]).
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Report {
    /// Reads again the files whose text was let go after checking and that findings or
    /// errors point into (the human reporter reads them back itself, one at a time).
    pub fn restore_sources(&mut self) {
        let mut ids: Vec<u32> = self
            .findings
            .iter()
            .map(|f| f.span.file)
            .chain(self.errors.iter().filter_map(|e| e.span.map(|s| s.file)))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            if let Some(f) = self.files.get_mut(id as usize) {
                f.restore();
            }
        }
    }

    pub fn locate(&self, span: Span) -> Option<Location<'_>> {
        let f = self.files.get(span.file as usize)?;
        let ((line, column), (end_line, end_column)) =
            f.range_line_cols(span.start as usize, span.end as usize);
        Some(Location {
            file: &f.name,
            line,
            column,
            end_line,
            end_column,
        })
    }

    /// The file an error is about: its span's file, or its path.
    pub fn error_path(&self, e: &Error) -> String {
        match e.span.and_then(|s| self.files.get(s.file as usize)) {
            Some(f) => f.name.clone(),
            None => e.path.clone(),
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Exit code: 2 for any error, 1 for findings at or above `fail_on`, else 0.
    pub fn exit_code(&self, fail_on: Severity) -> i32 {
        if !self.errors.is_empty() {
            2
        } else if self.findings.iter().any(|f| f.severity >= fail_on) {
            1
        } else {
            0
        }
    }

    /// Adds another run's report (another project's): its files after this one's, every
    /// file id it holds moved along with them. Sort afterwards.
    pub fn absorb(&mut self, other: Report) {
        let base = FileId::try_from(self.files.len()).unwrap_or(FileId::MAX);
        let moved = |s: Span| Span {
            file: s.file.saturating_add(base),
            ..s
        };
        self.files.extend(other.files);
        self.findings
            .extend(other.findings.into_iter().map(|mut f| {
                f.span = moved(f.span);
                f
            }));
        self.errors.extend(other.errors.into_iter().map(|mut e| {
            e.span = e.span.map(moved);
            e
        }));
        self.checked += other.checked;
        self.skipped.extend(other.skipped);
        self.inputs
            .extend(other.inputs.into_iter().map(|f| f.saturating_add(base)));
        self.configs
            .extend(other.configs.into_iter().map(|f| f.saturating_add(base)));
        self.foreign
            .extend(other.foreign.into_iter().map(|f| f.saturating_add(base)));
        // Two projects may each define a rule of their own under one id: both are listed
        // (by id, then name), and each finding points at the one of its name.
        for rule in other.rules {
            if let Err(at) = self
                .rules
                .binary_search_by(|r| (&r.id, &r.name).cmp(&(&rule.id, &rule.name)))
            {
                self.rules.insert(at, rule);
            }
        }
        self.suppressed
            .extend(other.suppressed.into_iter().map(|mut s| {
                s.finding.span = moved(s.finding.span);
                s
            }));
        self.baselined
            .extend(other.baselined.into_iter().map(|mut f| {
                f.span = moved(f.span);
                f
            }));
    }

    /// Sorts findings and errors by file, position, then rule: output is the same whatever
    /// the order work was done in.
    pub fn sort(&mut self) {
        let files = &self.files;
        let name = |s: Span| files.get(s.file as usize).map_or("", |f| f.name.as_str());
        // Files ranked by name once (files of one name share a rank), so that ordering tens
        // of thousands of findings compares numbers, not paths.
        let mut by_name: Vec<usize> = (0..files.len()).collect();
        by_name.sort_by(|&a, &b| files[a].name.cmp(&files[b].name));
        let mut rank = vec![0u32; files.len()];
        let mut r = 0u32;
        let mut last = "";
        for &f in &by_name {
            if files[f].name != last {
                r += 1;
                last = &files[f].name;
            }
            rank[f] = r;
        }
        // A span outside the file list has no name: it sorts with the empty name, first.
        let key = |s: Span| {
            (
                rank.get(s.file as usize).copied().unwrap_or(0),
                s.start,
                s.end,
            )
        };
        let order = |a: &Finding, b: &Finding| {
            key(a.span)
                .cmp(&key(b.span))
                .then_with(|| a.rule_id.cmp(&b.rule_id))
                .then_with(|| a.message.cmp(&b.message))
        };
        // Every field decides, so equal findings are exactly the duplicates (dropped below):
        // an unstable sort, which needs no buffer of half the findings, gives one order
        // whatever order the findings came in, and whatever the threads (rayon's parallel
        // quicksort: about half the time of one thread's on two).
        let total = |a: &Finding, b: &Finding| {
            order(a, b)
                .then_with(|| a.rule_name.cmp(&b.rule_name))
                .then_with(|| a.severity.cmp(&b.severity))
                .then_with(|| a.help.cmp(&b.help))
                .then_with(|| a.identity.cmp(&b.identity))
                .then_with(|| a.span.file.cmp(&b.span.file))
        };
        {
            use rayon::slice::ParallelSliceMut as _;
            self.findings.par_sort_unstable_by(total);
        }
        self.suppressed
            .sort_by(|a, b| order(&a.finding, &b.finding));
        self.baselined.sort_by(order);
        self.findings.dedup();
        let ekey = |e: &Error| match e.span {
            Some(s) => ((name(s).to_string(), s.start, s.end), e.message.clone()),
            None => ((e.path.clone(), 0, 0), e.message.clone()),
        };
        // Equal by what they show (file name, place, message, help), not file id: projects
        // that read one file (a baseline, a shared rule folder) each report its error.
        let mut keyed: Vec<_> = std::mem::take(&mut self.errors)
            .into_iter()
            .map(|e| (ekey(&e), e))
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.help.cmp(&b.1.help)));
        keyed.dedup_by(|a, b| a.0 == b.0 && a.1.help == b.1.help);
        self.errors = keyed.into_iter().map(|(_, e)| e).collect();
        self.skipped.sort_by(|a, b| a.path.cmp(&b.path));
        self.skipped.dedup();
    }

    /// `N errors, N warnings, N notes in N files` and input errors.
    pub fn summary(&self) -> String {
        let plural = |n: usize, w: &str| {
            if n == 1 {
                format!("{n} {w}")
            } else {
                format!("{n} {w}s")
            }
        };
        let mut s = format!(
            "{} ({}, {}, {}) in {} checked",
            plural(self.findings.len(), "finding"),
            plural(self.count(Severity::Error), "error"),
            plural(self.count(Severity::Warning), "warning"),
            plural(self.count(Severity::Note), "note"),
            plural(self.checked, "file"),
        );
        if !self.skipped.is_empty() {
            s.push_str(&format!(", {} skipped", self.skipped.len()));
        }
        if !self.suppressed.is_empty() {
            s.push_str(&format!("; {} suppressed", self.suppressed.len()));
        }
        if !self.baselined.is_empty() {
            s.push_str(&format!("; {} in the baseline", self.baselined.len()));
        }
        if !self.errors.is_empty() {
            s.push_str(&format!(
                "; {} (exit 2)",
                plural(self.errors.len(), "input error")
            ));
        }
        s
    }
}

/// Items a window of parts holds: each window's parts are rendered at once on the pool, so
/// a report is never held whole (a few hundred kilobytes of output at a time).
pub(crate) const WINDOW: usize = 1024;

/// Findings a thread renders at a time (human, SARIF and GitHub output; JSON's, cheaper to
/// write, go 128 at a time).
pub(crate) const PART: usize = 64;

/// Renders items `0..n` a part of `part` items at a time on the pool, a window at once, and
/// hands each part's rendering to `write` in order: the same bytes as one pass, whatever the
/// thread count.
pub(crate) fn in_parts<P: Send>(
    n: usize,
    part: usize,
    render: impl Fn(std::ops::Range<usize>) -> P + Sync,
    mut write: impl FnMut(P) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    for start in (0..n).step_by(WINDOW) {
        let end = (start + WINDOW).min(n);
        let starts: Vec<usize> = (start..end).step_by(part).collect();
        let parts: Vec<P> = starts
            .into_par_iter()
            .map(|s| render(s..(s + part).min(end)))
            .collect();
        for p in parts {
            write(p)?;
        }
    }
    Ok(())
}

/// Writes `doc`, a pretty-printed JSON document with an empty array at `at` (a marker that
/// ends in `[]`, found once in it), with items `0..n` in that array's place: `render(range)`
/// gives those of `range` as array elements, each followed by `,\n` (nothing for an item
/// left out), rendered as [`in_parts`] does; `close` ends the array (a line break, its
/// indentation and `]`).
pub(crate) fn write_with_array(
    out: &mut dyn std::io::Write,
    doc: &[u8],
    at: &[u8],
    close: &[u8],
    (n, part): (usize, usize),
    render: impl Fn(std::ops::Range<usize>) -> Vec<u8> + Sync,
) -> std::io::Result<()> {
    use std::io::Write as _;
    let found = doc
        .windows(at.len())
        .position(|w| w == at)
        .ok_or_else(|| std::io::Error::other("the array to fill is missing from the document"))?;
    // Smaller than a rendered part (tens of kilobytes), which BufWriter then hands to `out`
    // whole instead of copying it into its buffer; the rest of the document is buffered.
    let mut out = std::io::BufWriter::with_capacity(1 << 13, out);
    // Up to and including `"key": `; `[]` when there are no items.
    let open = found + at.len() - 2;
    out.write_all(&doc[..open])?;
    // Each part ends with `,\n`, right for every part but the last: a part is written whole
    // once the next one comes, in one write (no separator between, no copy), and the last
    // without its comma.
    let mut last: Option<Vec<u8>> = None;
    in_parts(n, part, render, |p| {
        if p.is_empty() {
            return Ok(());
        }
        match last.replace(p) {
            Some(before) => out.write_all(&before),
            None => out.write_all(b"[\n"),
        }
    })?;
    match last {
        Some(p) => {
            out.write_all(&p[..p.len() - 2])?;
            out.write_all(close)?;
        }
        None => out.write_all(b"[]")?,
    }
    out.write_all(&doc[open + 2..])?;
    out.write_all(b"\n")?;
    out.flush()
}

/// A report of one file and `findings` findings (texts to escape, spans on every line),
/// for the reporters' tests of writing in parts.
#[cfg(test)]
pub(crate) fn sample(findings: usize) -> Report {
    let text = "a: \"quote \\\" and\nnewline\"\nb: é\n".repeat(4);
    let mut r = Report {
        files: vec![crate::source::SourceFile::new(
            std::path::Path::new("forms/x.yml"),
            text,
        )],
        checked: 1,
        skipped: vec![Skipped {
            path: "notes.txt".into(),
            reason: "not a form \"really\"".into(),
            explicit: true,
        }],
        ..Report::default()
    };
    r.findings = (0..findings)
        .map(|i| Finding {
            rule_id: "DM001".into(),
            rule_name: "unbounded-free-text".into(),
            severity: crate::rules::Severity::Warning,
            message: format!("field `f{i}` says \"hi\"\n\ttabbed").into(),
            help: "add `maxLength`".into(),
            span: crate::source::Span::new(0, i % 40, i % 40 + 3),
            identity: format!("form/f{i}").into(),
            category: (i % 3 == 1).then(|| "phone number".into()),
        })
        .collect();
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;
    use crate::source::{SourceFile, Span};

    fn finding(file: u32, start: usize, rule: &str, help: &str, identity: &str) -> Finding {
        Finding {
            rule_id: rule.into(),
            rule_name: "name".into(),
            severity: Severity::Warning,
            message: "message".into(),
            help: help.into(),
            span: Span::new(file, start, start + 1),
            identity: identity.into(),
            category: None,
        }
    }

    /// Findings alike in place, rule and message (only their help or identity differ) come
    /// out in one order whatever order they were found in, and exact duplicates go.
    #[test]
    fn findings_sort_to_one_order_whatever_order_they_came_in() {
        let files = vec![
            SourceFile::new(std::path::Path::new("b.yaml"), "x\n".repeat(8)),
            SourceFile::new(std::path::Path::new("a.yaml"), "x\n".repeat(8)),
        ];
        let found = vec![
            finding(0, 2, "DM001", "h2", "f/a"),
            finding(0, 2, "DM001", "h1", "f/b"),
            finding(0, 2, "DM001", "h1", "f/a"),
            finding(1, 4, "DM002", "h1", "g/a"),
            finding(0, 2, "DM001", "h1", "f/a"),
            finding(0, 0, "DM003", "h1", "f/c"),
        ];
        let mut sorted = Vec::new();
        // Every rotation and its reverse.
        for k in 0..found.len() {
            for reverse in [false, true] {
                let mut input = found.clone();
                input.rotate_left(k);
                if reverse {
                    input.reverse();
                }
                let mut report = Report {
                    files: files.clone(),
                    findings: input,
                    ..Report::default()
                };
                report.sort();
                sorted.push(report.findings);
            }
        }
        let first = &sorted[0];
        assert!(sorted.iter().all(|s| s == first));
        let shown: Vec<(u32, &str, &str, &str)> = first
            .iter()
            .map(|f| (f.span.file, &*f.rule_id, &*f.help, &*f.identity))
            .collect();
        assert_eq!(
            shown,
            [
                (1, "DM002", "h1", "g/a"),
                (0, "DM003", "h1", "f/c"),
                (0, "DM001", "h1", "f/a"),
                (0, "DM001", "h1", "f/b"),
                (0, "DM001", "h2", "f/a"),
            ]
        );
    }
}
