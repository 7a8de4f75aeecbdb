//! GitHub Actions workflow commands: one annotation per finding and input error.
//!
//! `::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=T::message`, escaped as the
//! Actions toolkit does: in the message `%`, CR and LF (and other control characters as `%XX`);
//! in properties also `:` and `,`.
//! Notes become `notice`, as do files named on the command line but not checked (as in the
//! human output; files found by walking and skipped are left out). Columns are left out when
//! a span covers several lines (GitHub ignores them then).

use std::fmt::Write as _;

use super::{Location, Report};
use crate::rules::Severity;

/// Escapes a command's message: `%`, CR and LF as the toolkit does, and any other control
/// character as `%XX` too (shown as such in the log: a form's text cannot put escape
/// sequences into it).
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() && c != '\t' => {
                let _ = write!(out, "%{:02X}", u32::from(c));
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

fn command(level: &str, loc: Option<&Location>, file: &str, title: &str, message: &str) -> String {
    let mut props = Vec::new();
    if !file.is_empty() {
        props.push(format!("file={}", escape_property(file)));
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
    let mut s = String::new();
    for e in &report.errors {
        let loc = e.span.and_then(|sp| report.locate(sp));
        let mut message = e.message.clone();
        if let Some(h) = &e.help {
            let _ = write!(message, "\nhelp: {h}");
        }
        s.push_str(&command(
            "error",
            loc.as_ref(),
            &report.error_path(e),
            "datamin: input error",
            &message,
        ));
    }
    for f in &report.findings {
        let Some(loc) = report.locate(f.span) else {
            continue;
        };
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        s.push_str(&command(
            level,
            Some(&loc),
            loc.file,
            &format!("{} {}", f.rule_id, f.rule_name),
            &format!("{}\nhelp: {}", f.message, f.help),
        ));
    }
    for skipped in report.skipped.iter().filter(|s| s.explicit) {
        s.push_str(&command(
            "notice",
            None,
            &skipped.path,
            "datamin: not checked",
            &format!("skipped: {}", skipped.reason),
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50%\r\nnext: a,b"), "50%25%0D%0Anext: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
