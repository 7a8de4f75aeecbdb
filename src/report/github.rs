//! GitHub Actions workflow commands: one annotation per finding and input error.
//!
//! `::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=T::message`, escaped as the
//! Actions toolkit does: in the message `%`, CR and LF (and other control characters as `%XX`);
//! in properties also `:` and `,`.
//! Notes become `notice`, as do files named on the command line but not checked (as in the
//! human output; files found by walking and skipped are left out). Columns are left out when
//! a span covers several lines (GitHub ignores them then).

use std::fmt::Write as _;
use std::io::Write as _;

use super::{Location, Report};
use crate::rules::Severity;

/// Escapes a command's message: `%`, CR and LF as the toolkit does, and any other control
/// character as `%XX` too (shown as such in the log: a form's text cannot put escape
/// sequences into it), and a bidirectional control as `<U+202E>`.
pub fn escape_data(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, bidi: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() && c != '\t' => {
                let _ = write!(out, "%{:02X}", u32::from(c));
            }
            // Bidirectional controls (as the human output shows them): GitHub's log and
            // annotations would reorder the line around them.
            '\u{061c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
                if bidi =>
            {
                let _ = write!(out, "<U+{:04X}>", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Escapes a file name for `file=`: as a property, but a bidirectional control stays (it is
/// part of the name GitHub looks the file up by).
fn escape_file(s: &str) -> String {
    escape(s, false).replace(':', "%3A").replace(',', "%2C")
}

fn command(level: &str, loc: Option<&Location>, file: &str, title: &str, message: &str) -> String {
    let mut props = Vec::new();
    if !file.is_empty() {
        // The file's own name, not as shown: `back\slash.yaml` is shown `back\\slash.yaml`
        // (a name that is not UTF-8 cannot be given, and is shown).
        let real = if file.contains('\\') {
            String::from_utf8(super::sarif::unescaped(file)).ok()
        } else {
            None
        };
        props.push(format!(
            "file={}",
            escape_file(real.as_deref().unwrap_or(file))
        ));
    }
    if let Some(l) = loc {
        props.push(format!("line={}", l.line));
        if l.line == l.end_line {
            props.push(format!("col={}", l.column));
        }
        props.push(format!("endLine={}", l.end_line));
        if l.line == l.end_line {
            props.push(format!("endColumn={}", l.end_column));
        }
    }
    props.push(format!("title={}", escape_property(title)));
    format!("::{level} {}::{}\n", props.join(","), escape_data(message))
}

pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// A finding's command, if it is located.
fn finding(report: &Report, f: &super::Finding) -> Option<String> {
    let loc = report.locate(f.span)?;
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    Some(command(
        level,
        Some(&loc),
        loc.file,
        &format!("{} {}", f.rule_id, f.rule_name),
        &format!("{}\nhelp: {}", f.message, f.help),
    ))
}

/// Writes [`render`]'s commands to `out`: the findings a window at a time (each window
/// rendered in parallel, written in order), never all of them in memory.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 13, out);
    for e in &report.errors {
        let loc = e.span.and_then(|sp| report.locate(sp));
        let mut message = e.message.clone();
        if let Some(h) = &e.help {
            let _ = write!(message, "\nhelp: {h}");
        }
        out.write_all(
            command(
                "error",
                loc.as_ref(),
                &report.error_path(e),
                "datamin: input error",
                &message,
            )
            .as_bytes(),
        )?;
    }
    super::in_parts(
        report.findings.len(),
        super::PART,
        |range| -> String {
            (report.findings[range].iter())
                .filter_map(|f| finding(report, f))
                .collect()
        },
        |part| out.write_all(part.as_bytes()),
    )?;
    for skipped in report.skipped.iter().filter(|s| s.explicit) {
        out.write_all(
            command(
                "notice",
                None,
                &skipped.path,
                "datamin: not checked",
                &format!("skipped: {}", skipped.reason),
            )
            .as_bytes(),
        )?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{PART, WINDOW};

    #[test]
    fn parts_write_what_one_pass_writes() {
        for n in [0, 1, PART + 1, WINDOW, 2 * WINDOW + 300] {
            let r = crate::report::sample(n);
            let one: String = r.findings.iter().filter_map(|f| finding(&r, f)).collect();
            let skipped = "::notice file=notes.txt,title=datamin%3A not checked::skipped: not a form \"really\"\n";
            assert_eq!(render(&r), one + skipped, "{n} findings");
        }
    }

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50%\r\nnext: a,b"), "50%25%0D%0Anext: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
