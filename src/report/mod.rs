//! Reports: one renderer per output format. Reporters know nothing of formats or rules:
//! they see findings, errors and source files.

pub mod audit_html;
pub mod audit_json;
pub mod audit_markdown;
pub mod audit_text;
pub mod finding;
pub mod human;
pub mod json;
pub mod rules;

use crate::diag::Error;
use crate::rules::Severity;
use crate::source::{SourceFile, Span};
pub use finding::Finding;

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
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Report {
    pub fn locate(&self, span: Span) -> Option<Location> {
        let f = self.files.get(span.file as usize)?;
        let (line, column) = f.line_col(span.start as usize);
        let (end_line, end_column) = f.line_col(span.end as usize);
        Some(Location {
            file: f.name.clone(),
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

    /// Sorts findings and errors by file, position, then rule: output is the same whatever
    /// the order work was done in.
    pub fn sort(&mut self) {
        let files = &self.files;
        let key = |s: Span| {
            (
                files
                    .get(s.file as usize)
                    .map(|f| f.name.clone())
                    .unwrap_or_default(),
                s.start,
                s.end,
            )
        };
        self.findings.sort_by(|a, b| {
            key(a.span)
                .cmp(&key(b.span))
                .then_with(|| a.rule_id.cmp(&b.rule_id))
                .then_with(|| a.message.cmp(&b.message))
        });
        self.findings.dedup();
        let ekey = |e: &Error| match e.span {
            Some(s) => (key(s), e.message.clone()),
            None => ((e.path.clone(), 0, 0), e.message.clone()),
        };
        self.errors.sort_by_key(ekey);
        self.errors.dedup();
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
        if !self.errors.is_empty() {
            s.push_str(&format!(
                "; {} (exit 2)",
                plural(self.errors.len(), "input error")
            ));
        }
        s
    }
}
