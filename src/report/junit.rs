//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines).
//!
//! One test suite; one test case per finding (named by its rule and identity, `DM005
//! credential-field: contact/secret`, which stay when lines move, its class the file's path)
//! with its `<failure>` typed with the rule id, and one per input error with its `<error>`:
//! several of Azure Pipelines', Jenkins' and CircleCI's readers show one failure per test
//! case, and the JUnit schema they follow allows no more. A file checked without either is
//! one passing test case; files found or named but not checked (no format datamin reads) are
//! test cases marked `<skipped>`, with the reason. Every finding is a failure, whatever
//! `--fail-on` says. The suite's `<properties>` count the findings left out: suppressed, and
//! in the baseline.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;

use super::{Finding, Report};
use crate::diag::Error;

/// Escapes text for XML content and attribute values; characters XML cannot hold at all
/// become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A file's test cases: what is in them, rendered as they are written.
#[derive(Default)]
struct Case<'a> {
    failures: Vec<&'a Finding>,
    errors: Vec<&'a Error>,
    /// Why the file was not checked.
    skipped: Option<&'a str>,
}

impl Case<'_> {
    /// How many test cases the file has.
    fn tests(&self) -> usize {
        (self.failures.len() + self.errors.len()).max(1)
    }
}

pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes [`render`]'s XML to `out`, each failure rendered as it is written: the test cases
/// hold references to the findings, not their XML.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut cases: BTreeMap<Cow<'_, str>, Case> = BTreeMap::new();
    for &id in &report.inputs {
        if let Some(f) = report.files.get(id as usize) {
            cases.entry(Cow::Borrowed(&f.name)).or_default();
        }
    }
    for s in &report.skipped {
        cases.entry(Cow::Borrowed(&s.path)).or_default().skipped = Some(&s.reason);
    }
    for e in &report.errors {
        cases
            .entry(Cow::Owned(report.error_path(e)))
            .or_default()
            .errors
            .push(e);
    }
    for f in &report.findings {
        // The file's name, as `locate` gives it when the failure is written (line and
        // column are worked out then, once).
        let Some(file) = report.files.get(f.span.file as usize) else {
            continue;
        };
        cases
            .entry(Cow::Borrowed(&file.name))
            .or_default()
            .failures
            .push(f);
    }
    let tests: usize = cases.values().map(Case::tests).sum();
    let errors: usize = cases.values().map(|c| c.errors.len()).sum();
    let failures: usize = cases.values().map(|c| c.failures.len()).sum();
    let skipped = cases
        .values()
        .filter(|c| c.errors.is_empty() && c.failures.is_empty() && c.skipped.is_some())
        .count();
    let mut out = std::io::BufWriter::with_capacity(1 << 13, out);
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    writeln!(
        out,
        "<testsuites name=\"datamin\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
    )?;
    writeln!(
        out,
        "  <testsuite name=\"datamin\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">"
    )?;
    // The findings left out (no file's test case shows them), counted as the other formats'
    // summaries count them.
    writeln!(
        out,
        "    <properties>\n      <property name=\"suppressed\" value=\"{}\"/>\n      <property name=\"baselined\" value=\"{}\"/>\n    </properties>",
        report.suppressed.len(),
        report.baselined.len()
    )?;
    for (name, case) in &cases {
        let file = escape(name);
        // Test cases are told apart by name within a file (GitLab compares them so across
        // pipelines): a name given again (two policies of one glob list, two errors at one
        // place) is numbered, `(2)`.
        let mut given: HashMap<String, usize> = HashMap::new();
        let mut unique = |test: String| {
            let n = given.entry(test.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                test
            } else {
                format!("{test} ({n})")
            }
        };
        let open = |test: &str, line: Option<usize>| {
            let line = line.map(|l| format!(" line=\"{l}\"")).unwrap_or_default();
            format!(
                "    <testcase name=\"{}\" classname=\"{file}\" file=\"{file}\"{line}",
                escape(test)
            )
        };
        if case.failures.is_empty() && case.errors.is_empty() {
            match case.skipped {
                Some(reason) => writeln!(
                    out,
                    "{}>\n      <skipped message=\"{}\"/>\n    </testcase>",
                    open("not checked", None),
                    escape(reason)
                )?,
                None => writeln!(out, "{}/>", open("no findings", None))?,
            }
            continue;
        }
        for e in &case.errors {
            let loc = e.span.and_then(|s| report.locate(s));
            let at = loc
                .as_ref()
                .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
                .unwrap_or_else(|| format!("{}: ", report.error_path(e)));
            let mut body = format!("{at}{}", e.message);
            if let Some(h) = &e.help {
                let _ = write!(body, "\nhelp: {h}");
            }
            let test = unique(match &loc {
                Some(l) => format!("input error at {}:{}", l.line, l.column),
                None => "input error".to_string(),
            });
            writeln!(
                out,
                "{}>\n      <error type=\"input-error\" message=\"{}\">{}</error>\n    </testcase>",
                open(&test, loc.as_ref().map(|l| l.line)),
                escape(&e.message),
                escape(&body)
            )?;
        }
        for f in &case.failures {
            let Some(loc) = report.locate(f.span) else {
                continue;
            };
            let body = format!(
                "{}:{}:{}: {}: {} [{} {}]\nhelp: {}",
                loc.file,
                loc.line,
                loc.column,
                f.severity,
                f.message,
                f.rule_id,
                f.rule_name,
                f.help
            );
            writeln!(
                out,
                "{}>\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                open(
                    &unique(format!("{} {}: {}", f.rule_id, f.rule_name, f.identity)),
                    Some(loc.line)
                ),
                escape(&f.rule_id),
                escape(&f.message),
                escape(&body)
            )?;
        }
    }
    out.write_all(b"  </testsuite>\n</testsuites>\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml() {
        assert_eq!(
            escape("a<b>&\"c'\n\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;\u{fffd}"
        );
    }
}
