//! Human output, rustc-style, through codespan-reporting.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use std::io::Write as _;

use codespan_reporting::term::{self, termcolor::WriteColor, Config};

use super::Report;
use crate::rules::Severity;

/// The bytes of the control character a terminal acts on that starts at `b[i]`, if one does:
/// C0 (but tab, LF and CR, which the callers settle), DEL, C1 (two bytes in UTF-8), and the
/// bidirectional controls a terminal reorders text by (U+061C, U+200E, U+200F, U+202A to
/// U+202E, U+2066 to U+2069: "Trojan Source", CVE-2021-42574), so that a label cannot make
/// a line read otherwise than it is.
fn control_at(b: &[u8], i: usize) -> Option<usize> {
    let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match b[i] {
        b'\t' | b'\n' | b'\r' => None,
        0x00..=0x1f | 0x7f => Some(1),
        0xc2 if (0x80..=0x9f).contains(&next(1)) => Some(2),
        0xd8 if next(1) == 0x9c => Some(2),
        0xe2 if matches!(
            (next(1), next(2)),
            (0x80, 0x8e | 0x8f | 0xaa..=0xae) | (0x81, 0xa6..=0xa9)
        ) =>
        {
            Some(3)
        }
        _ => None,
    }
}

/// A file's text as its source lines are shown, when it holds control characters: each one
/// (a CR, alone or before LF, ends a line, which codespan does not print) a `?` per byte, so
/// that codespan measures what is printed and underlines stay under their text. `None` when
/// there is nothing to replace.
fn shown(text: &str) -> Option<String> {
    let b = text.as_bytes();
    if !(0..b.len()).any(|i| control_at(b, i).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if let Some(width) = control_at(b, i) {
            out.push_str(&"?".repeat(width));
            i += width;
        } else {
            let ch = text[i..].chars().next().unwrap_or('?');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    Some(out)
}

/// Passes text on with the control characters a terminal acts on (escape sequences, bell,
/// backspace, a carriage return that is not a line ending) shown in caret notation (`^[`), and
/// C1 and bidirectional controls as `<U+009B>`, `<U+202E>`: a form's text cannot recolour, retitle or overwrite what datamin
/// prints. The colours datamin sets itself go to the terminal directly.
struct Visible<'w>(&'w mut dyn WriteColor);

impl std::io::Write for Visible<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut start = 0;
        let mut i = 0;
        while i < buf.len() {
            let b = buf[i];
            let lone_cr = b == b'\r' && buf.get(i + 1) != Some(&b'\n');
            let (shown, width) = match (lone_cr, control_at(buf, i)) {
                (true, _) => (Some("^M".to_string()), 1),
                (false, Some(width)) if width > 1 => {
                    let c = std::str::from_utf8(&buf[i..i + width])
                        .ok()
                        .and_then(|c| c.chars().next())
                        .map_or(0, u32::from);
                    (Some(format!("<U+{c:04X}>")), width)
                }
                (false, Some(_)) if b == 0x7f => (Some("^?".to_string()), 1),
                (false, Some(_)) => (Some(format!("^{}", char::from(b + 0x40))), 1),
                (false, None) => (None, 1),
            };
            if let Some(shown) = shown {
                self.0.write_all(&buf[start..i])?;
                self.0.write_all(shown.as_bytes())?;
                start = i + width;
            }
            i += width;
        }
        self.0.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl WriteColor for Visible<'_> {
    fn supports_color(&self) -> bool {
        self.0.supports_color()
    }

    fn set_color(&mut self, spec: &term::termcolor::ColorSpec) -> std::io::Result<()> {
        self.0.set_color(spec)
    }

    fn reset(&mut self) -> std::io::Result<()> {
        self.0.reset()
    }

    fn is_synchronous(&self) -> bool {
        self.0.is_synchronous()
    }
}

/// The report's files for codespan. Files let go after checking are read back from disk
/// when a diagnostic needs their lines, one at a time (the last one is kept), so printing
/// findings across thousands of files never holds them all.
///
/// codespan gets a file's text without its byte-order mark, and byte offsets 3 bytes less
/// ([`Sources::range`]): a mark printed on the first source line is no column to editors,
/// but some terminals give it one, and codespan none, so the carets were off by one there.
struct Sources<'a> {
    report: &'a Report,
    back: RefCell<Option<(u32, Option<Rc<str>>)>>,
    /// Held files' texts as shown ([`shown`]), worked out once a file: codespan asks for a
    /// file's text several times a diagnostic. `None` inside: shown as held.
    held: RefCell<rustc_hash::FxHashMap<u32, Option<Rc<str>>>>,
}

/// A file's text: held by the report, or read back.
enum Text<'a> {
    Held(&'a str),
    Read(Rc<str>),
}

impl AsRef<str> for Text<'_> {
    fn as_ref(&self) -> &str {
        match self {
            Text::Held(s) => s,
            Text::Read(s) => s,
        }
    }
}

impl<'a> Sources<'a> {
    fn new(report: &'a Report) -> Sources<'a> {
        Sources {
            report,
            back: RefCell::new(None),
            held: RefCell::default(),
        }
    }

    /// Bytes of file `id`'s byte-order mark, which codespan does not see.
    fn bom(&self, id: u32) -> usize {
        self.report
            .files
            .get(id as usize)
            .map_or(0, |f| f.bom_len())
    }

    /// A span's bytes in the text codespan sees, without the byte-order mark.
    fn range(&self, span: crate::source::Span) -> Range<usize> {
        let bom = self.bom(span.file);
        (span.start as usize).saturating_sub(bom)..(span.end as usize).saturating_sub(bom)
    }

    fn text(&self, id: u32) -> Option<Text<'a>> {
        let f = self.report.files.get(id as usize)?;
        let bom = f.bom_len();
        if !f.is_evicted() {
            let text = f.text.get(bom..).unwrap_or_default();
            let mut held = self.held.borrow_mut();
            let shown = held.entry(id).or_insert_with(|| shown(text).map(Rc::from));
            return Some(match shown {
                Some(shown) => Text::Read(Rc::clone(shown)),
                None => Text::Held(text),
            });
        }
        let mut back = self.back.borrow_mut();
        if back.as_ref().is_none_or(|(cached, _)| *cached != id) {
            let text = f.read_back().map(|mut t| {
                t.drain(..bom);
                Rc::from(shown(&t).unwrap_or(t))
            });
            *back = Some((id, text));
        }
        back.as_ref().and_then(|(_, t)| t.clone()).map(Text::Read)
    }

    /// Why a span's source line cannot be shown, if it cannot.
    fn unshowable(&self, span: crate::source::Span) -> Option<&'static str> {
        let f = self.report.files.get(span.file as usize)?;
        if self.text(span.file).is_none() {
            return Some(
                "source not shown: the file changed or cannot be read since it was checked",
            );
        }
        let line = f.line_col(span.start as usize).0 - 1;
        let range = self.line_range(span.file, line).ok()?;
        let text = self.text(span.file)?;
        let shown = text
            .as_ref()
            .get(range)
            .map_or(0, |l| l.trim_end_matches(['\n', '\r']).len());
        (shown > MAX_SNIPPET_LINE).then_some("line too long to show")
    }
}

impl<'a> Files<'a> for Sources<'a> {
    type FileId = u32;
    type Name = &'a str;
    type Source = Text<'a>;

    fn name(&'a self, id: u32) -> Result<&'a str, FilesError> {
        self.report
            .files
            .get(id as usize)
            .map(|f| f.name.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: u32) -> Result<Text<'a>, FilesError> {
        self.text(id).ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: u32, byte_index: usize) -> Result<usize, FilesError> {
        let f = self
            .report
            .files
            .get(id as usize)
            .ok_or(FilesError::FileMissing)?;
        Ok(f.line_col(byte_index + f.bom_len()).0 - 1)
    }

    /// The column every other output gives (a byte-order mark not counted), not codespan's
    /// own count from the line's first byte.
    fn column_number(
        &'a self,
        id: u32,
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let f = self
            .report
            .files
            .get(id as usize)
            .ok_or(FilesError::FileMissing)?;
        Ok(f.line_col(byte_index + f.bom_len()).1)
    }

    fn line_range(&'a self, id: u32, line_index: usize) -> Result<Range<usize>, FilesError> {
        let f = self
            .report
            .files
            .get(id as usize)
            .ok_or(FilesError::FileMissing)?;
        let start = f.line_start(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: f.line_count() - 1,
        })?;
        let end = f.line_start(line_index + 1).unwrap_or(f.len());
        let bom = f.bom_len();
        Ok(start.saturating_sub(bom)..end.saturating_sub(bom))
    }
}

/// `s` on one line: line breaks from the files checked (a key, a multi-line label quoted in a
/// message) written `\n` and `\r`.
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\n', '\r']) {
        s.replace('\n', "\\n").replace('\r', "\\r").into()
    } else {
        s.into()
    }
}

/// codespan's error as an I/O error, keeping the kind of one that is (a closed pipe stays a
/// closed pipe, which `main` does not report).
fn io_error(e: FilesError) -> std::io::Error {
    match e {
        FilesError::Io(e) => e,
        other => std::io::Error::other(other.to_string()),
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

/// A diagnostic without a source snippet, for very long lines.
#[allow(clippy::too_many_arguments)]
fn write_compact(
    out: &mut dyn WriteColor,
    report: &Report,
    level: &str,
    code: Option<&str>,
    message: &str,
    span: crate::source::Span,
    (help, note): (Option<&str>, Option<&str>),
    why: &str,
) -> std::io::Result<()> {
    let code = code.map(|c| format!("[{c}]")).unwrap_or_default();
    writeln!(out, "{level}{code}: {message}")?;
    if let Some(loc) = report.locate(span) {
        writeln!(out, "  ┌─ {}:{}:{}", loc.file, loc.line, loc.column)?;
        writeln!(out, "  │ ({why})")?;
    }
    if let Some(h) = help {
        writeln!(out, "  = help: {h}")?;
    }
    if let Some(n) = note {
        writeln!(out, "  = {n}")?;
    }
    writeln!(out)
}

/// Writes every input error: in full, or with `quiet` one line each (as [`write`] does).
pub fn write_errors(report: &Report, out: &mut dyn WriteColor, quiet: bool) -> std::io::Result<()> {
    let out = &mut Visible(out);
    if quiet {
        quiet_errors(report, out)
    } else {
        errors(report, out)
    }
}

/// Every input error on one line: `file:line:col: error: message (help)`.
fn quiet_errors(report: &Report, out: &mut Visible) -> std::io::Result<()> {
    for e in &report.errors {
        let help = e
            .help
            .as_ref()
            .map(|h| format!(" ({})", one_line(h)))
            .unwrap_or_default();
        let message = one_line(&e.message);
        match e.span.and_then(|s| report.locate(s)) {
            Some(loc) => writeln!(
                out,
                "{}:{}:{}: error: {message}{help}",
                one_line(loc.file),
                loc.line,
                loc.column
            )?,
            None => writeln!(out, "{}: error: {message}{help}", one_line(&e.path))?,
        }
    }
    Ok(())
}

/// [`write_errors`] into a writer that shows control characters already.
fn errors(report: &Report, out: &mut Visible) -> std::io::Result<()> {
    let files = Sources::new(report);
    let config = Config::default();
    let emit = |out: &mut dyn WriteColor, d: &Diagnostic<u32>| -> std::io::Result<()> {
        term::emit_to_write_style(out, &config, &files, d).map_err(io_error)
    };
    for e in &report.errors {
        match e.span {
            Some(span) if files.unshowable(span).is_some() => {
                write_compact(
                    out,
                    report,
                    "error",
                    None,
                    &e.message,
                    span,
                    (e.help.as_deref(), None),
                    files.unshowable(span).unwrap_or_default(),
                )?;
            }
            Some(span) => {
                let mut d = Diagnostic::error()
                    .with_message(&e.message)
                    .with_label(Label::primary(span.file, files.range(span)));
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
    Ok(())
}

/// Whether two findings show the same: one rule's words and help at one place (forms that
/// share a type, a Rust struct nested in both, each have the finding, under their own
/// identity).
fn shows_same(a: &super::Finding, b: &super::Finding) -> bool {
    a.span == b.span
        && a.rule_id == b.rule_id
        && a.message == b.message
        && a.help == b.help
        && a.severity == b.severity
}

/// What tells apart the findings `others` from `shown`, which shows the same: their forms,
/// where the identities end alike from a `/` on (`support/return` of
/// `support/return/contact.email`; a form's id may hold `/` too), else the whole identities.
fn told_apart<'f>(shown: &str, others: &[&'f str]) -> Vec<&'f str> {
    for (at, _) in shown.match_indices('/') {
        let tail = &shown[at..];
        if others
            .iter()
            .all(|o| o.len() > tail.len() && o.ends_with(tail))
        {
            return others.iter().map(|o| &o[..o.len() - tail.len()]).collect();
        }
    }
    others.to_vec()
}

/// The note on a finding that others show the same as (see [`findings`]).
fn also_note(shown: &str, others: &[&str]) -> Option<String> {
    if others.is_empty() {
        return None;
    }
    let names: Vec<String> = told_apart(shown, others)
        .iter()
        .map(|n| format!("`{}`", one_line(n)))
        .collect();
    Some(format!(
        "also reported for {} (the same finding at this place)",
        names.join(", ")
    ))
}

/// Writes the report's findings `range`: in full, or with `quiet` one line each. A finding
/// that shows what the one before it shows (the report is sorted, so they are next to each
/// other) is not written again: the first says which other forms it is reported for.
fn findings(
    report: &Report,
    range: std::ops::Range<usize>,
    out: &mut Visible,
    quiet: bool,
) -> std::io::Result<()> {
    let files = Sources::new(report);
    let config = Config::default();
    let emit = |out: &mut dyn WriteColor, d: &Diagnostic<u32>| -> std::io::Result<()> {
        term::emit_to_write_style(out, &config, &files, d).map_err(io_error)
    };
    let all = &report.findings;
    for i in range {
        let f = &all[i];
        if i > 0 && shows_same(&all[i - 1], f) {
            continue;
        }
        let others: Vec<&str> = all[i + 1..]
            .iter()
            .take_while(|g| shows_same(f, g))
            .map(|g| &*g.identity)
            .collect();
        let also = also_note(&f.identity, &others);
        if quiet {
            if let Some(loc) = report.locate(f.span) {
                writeln!(
                    out,
                    "{}:{}:{}: {}: {} [{}]",
                    one_line(loc.file),
                    loc.line,
                    loc.column,
                    f.severity,
                    one_line(&f.message),
                    f.rule_id
                )?;
            }
            continue;
        }
        if let Some(why) = files.unshowable(f.span) {
            let code = format!("{} {}", f.rule_id, f.rule_name);
            write_compact(
                out,
                report,
                f.severity.as_str(),
                Some(&code),
                &f.message,
                f.span,
                (Some(&f.help), also.as_deref()),
                why,
            )?;
            continue;
        }
        let mut d = Diagnostic::new(severity(f.severity))
            .with_code(format!("{} {}", f.rule_id, f.rule_name))
            .with_message(&f.message)
            .with_label(Label::primary(f.span.file, files.range(f.span)))
            .with_note(format!("help: {}", f.help));
        if let Some(also) = also {
            d = d.with_note(also);
        }
        emit(out, &d)?;
    }
    Ok(())
}

/// Writes every error and finding, then the files not checked and the summary line (unless
/// `quiet`, which prints only errors' and findings' one-line forms). Files found by walking
/// and skipped are listed only when `verbose`; files named and skipped always are.
pub fn write(
    report: &Report,
    out: &mut dyn WriteColor,
    quiet: bool,
    verbose: bool,
) -> std::io::Result<()> {
    let out = &mut Visible(out);
    if quiet {
        // One line each, as findings are.
        quiet_errors(report, out)?;
    } else {
        errors(report, out)?;
    }
    // Findings are rendered a part at a time on the pool, each part into a buffer of its
    // own, and written in order: the same bytes as one after another.
    let color = out.supports_color();
    super::in_parts(
        report.findings.len(),
        super::PART,
        |range| {
            let mut buf = if color {
                term::termcolor::Buffer::ansi()
            } else {
                term::termcolor::Buffer::no_color()
            };
            findings(report, range, &mut Visible(&mut buf), quiet)?;
            Ok(buf)
        },
        // Control characters are shown in the part already.
        |part: std::io::Result<term::termcolor::Buffer>| out.0.write_all(part?.as_slice()),
    )?;
    if !quiet {
        for s in report.skipped.iter().filter(|s| verbose || s.explicit) {
            writeln!(out, "skipped: {}: {}", s.path, s.reason)?;
        }
        // Folders walked and nothing in them datamin's (a wrong path, an `include` that
        // matches nothing, an `exclude` that takes in the folder named): say so, as ruff does, rather than a clean run that checked
        // nothing. Files named and skipped are listed above already.
        if report.checked == 0
            && report.errors.is_empty()
            && !report.skipped.iter().any(|s| s.explicit)
        {
            let hint = if verbose {
                ""
            } else {
                " (`--verbose` lists the files found and skipped)"
            };
            writeln!(
                out,
                "note: no file checked: nothing found is a form, retention file or export datamin reads, or the config's `include`/`exclude` leave it out{hint}"
            )?;
        }
        writeln!(out, "{}", report.summary())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{PART, WINDOW};
    use codespan_reporting::term::termcolor::Buffer;

    #[test]
    fn the_note_tells_findings_apart_by_what_differs() {
        // Forms, also when their ids hold `/`.
        assert_eq!(
            told_apart("a::Refund/home.street", &["a::Return/home.street"]),
            ["a::Return"]
        );
        assert_eq!(
            told_apart(
                "support/refund/contact.email",
                &["support/return/contact.email"]
            ),
            ["support/return"]
        );
        // Two fields of one form (a rule whose message names no field): whole identities.
        assert_eq!(
            told_apart("f::Refund/home.x", &["f::Refund/billing.x"]),
            ["f::Refund/billing.x"]
        );
        assert_eq!(also_note("x", &[]), None);
    }

    #[test]
    fn parts_write_what_one_pass_writes() {
        // None, one, a part and one more, a window, several windows and a ragged end.
        for n in [0, 1, PART + 1, WINDOW, 2 * WINDOW + 300] {
            let mut r = crate::report::sample(n);
            for f in r.findings.iter_mut().step_by(50) {
                // Control characters are shown in each part as in one pass.
                f.message = "a \u{1b}[31m red \u{7} bell".to_string().into();
            }
            for (color, quiet) in [(false, false), (true, false), (false, true)] {
                let new = || {
                    if color {
                        Buffer::ansi()
                    } else {
                        Buffer::no_color()
                    }
                };
                let mut parts = new();
                write(&r, &mut parts, quiet, false).unwrap();
                let mut one = new();
                findings(&r, 0..r.findings.len(), &mut Visible(&mut one), quiet).unwrap();
                let (parts, one) = (parts.as_slice(), one.as_slice());
                assert!(parts.starts_with(one), "{n} findings, {color} {quiet}");
                // What follows is the skipped file and the summary.
                let rest = String::from_utf8_lossy(&parts[one.len()..]);
                assert!(!rest.contains("DM001"), "{n} findings: {rest}");
                if n > 0 && !color {
                    assert!(!parts.contains(&0x1b), "{n} findings");
                    assert!(String::from_utf8_lossy(parts).contains("a ^[[31m red ^G bell"));
                }
            }
        }
    }
}
