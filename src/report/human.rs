//! Human output, rustc-style, through codespan-reporting.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor::WriteColor, Config};

use super::Report;
use crate::rules::Severity;

struct Sources<'a>(&'a Report);

impl<'a> Files<'a> for Sources<'a> {
    type FileId = u32;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: u32) -> Result<&'a str, FilesError> {
        self.0
            .files
            .get(id as usize)
            .map(|f| f.name.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: u32) -> Result<&'a str, FilesError> {
        self.0
            .files
            .get(id as usize)
            .map(|f| f.text.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: u32, byte_index: usize) -> Result<usize, FilesError> {
        let f = self
            .0
            .files
            .get(id as usize)
            .ok_or(FilesError::FileMissing)?;
        Ok(f.line_col(byte_index).0 - 1)
    }

    fn line_range(&'a self, id: u32, line_index: usize) -> Result<Range<usize>, FilesError> {
        let f = self
            .0
            .files
            .get(id as usize)
            .ok_or(FilesError::FileMissing)?;
        let starts = f.line_starts();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: starts.len() - 1,
        })?;
        let end = starts.get(line_index + 1).copied().unwrap_or(f.text.len());
        Ok(start..end)
    }
}

fn severity(s: Severity) -> codespan_reporting::diagnostic::Severity {
    match s {
        Severity::Error => codespan_reporting::diagnostic::Severity::Error,
        Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        Severity::Note => codespan_reporting::diagnostic::Severity::Note,
    }
}

/// Lines longer than this are not shown (minified JSON would print megabytes).
const MAX_SNIPPET_LINE: usize = 400;

fn long_line(report: &Report, span: crate::source::Span) -> bool {
    report.files.get(span.file as usize).is_some_and(|f| {
        let (line, _) = f.line_col(span.start as usize);
        f.line_text(line).len() > MAX_SNIPPET_LINE
    })
}

/// A diagnostic without a source snippet, for very long lines.
fn write_compact(
    out: &mut dyn WriteColor,
    report: &Report,
    level: &str,
    code: Option<&str>,
    message: &str,
    span: crate::source::Span,
    help: Option<&str>,
) -> std::io::Result<()> {
    let code = code.map(|c| format!("[{c}]")).unwrap_or_default();
    writeln!(out, "{level}{code}: {message}")?;
    if let Some(loc) = report.locate(span) {
        writeln!(out, "  ┌─ {}:{}:{}", loc.file, loc.line, loc.column)?;
        writeln!(out, "  │ (line too long to show)")?;
    }
    if let Some(h) = help {
        writeln!(out, "  = help: {h}")?;
    }
    writeln!(out)
}

/// Writes every error and finding, then the files not checked and the summary line (unless
/// `quiet`, which prints only findings' one-line forms and errors). Files found by walking
/// and skipped are listed only when `verbose`; files named and skipped always are.
pub fn write(
    report: &Report,
    out: &mut dyn WriteColor,
    quiet: bool,
    verbose: bool,
) -> std::io::Result<()> {
    let files = Sources(report);
    let config = Config::default();
    let emit = |out: &mut dyn WriteColor, d: &Diagnostic<u32>| -> std::io::Result<()> {
        term::emit_to_write_style(out, &config, &files, d)
            .map_err(|e| std::io::Error::other(e.to_string()))
    };
    for e in &report.errors {
        match e.span {
            Some(span) if long_line(report, span) => {
                write_compact(
                    out,
                    report,
                    "error",
                    None,
                    &e.message,
                    span,
                    e.help.as_deref(),
                )?;
            }
            Some(span) => {
                let mut d = Diagnostic::error()
                    .with_message(&e.message)
                    .with_label(Label::primary(span.file, span.range()));
                if let Some(h) = &e.help {
                    d = d.with_note(format!("help: {h}"));
                }
                emit(out, &d)?;
            }
            None => {
                writeln!(out, "error: {}: {}", e.path, e.message)?;
                if let Some(h) = &e.help {
                    writeln!(out, "  = help: {h}")?;
                }
                writeln!(out)?;
            }
        }
    }
    for f in &report.findings {
        if quiet {
            if let Some(loc) = report.locate(f.span) {
                writeln!(
                    out,
                    "{}:{}:{}: {}: {} [{}]",
                    loc.file, loc.line, loc.column, f.severity, f.message, f.rule_id
                )?;
            }
            continue;
        }
        if long_line(report, f.span) {
            let code = format!("{} {}", f.rule_id, f.rule_name);
            write_compact(
                out,
                report,
                f.severity.as_str(),
                Some(&code),
                &f.message,
                f.span,
                Some(&f.help),
            )?;
            continue;
        }
        let d = Diagnostic::new(severity(f.severity))
            .with_code(format!("{} {}", f.rule_id, f.rule_name))
            .with_message(&f.message)
            .with_label(Label::primary(f.span.file, f.span.range()))
            .with_note(format!("help: {}", f.help));
        emit(out, &d)?;
    }
    if !quiet {
        for s in report.skipped.iter().filter(|s| verbose || s.explicit) {
            writeln!(out, "skipped: {}: {}", s.path, s.reason)?;
        }
        writeln!(out, "{}", report.summary())?;
    }
    Ok(())
}
