//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines).
//!
//! One test suite; one test case per file (each checked file, and any other file a finding
//! or an input error is about), named by its path; one `<failure>` per finding, typed with
//! the rule id, and one `<error>` per input error. A file without either passes. Every
//! finding is a failure, whatever `--fail-on` says. Files found or named but not checked (no
//! format datamin reads) are test cases marked `<skipped>`, with the reason. The suite's
//! `<properties>` count the findings left out: suppressed, and in the baseline.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Report;

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

#[derive(Default)]
struct Case {
    failures: Vec<String>,
    errors: Vec<String>,
    /// Why the file was not checked.
    skipped: Option<String>,
}

pub fn render(report: &Report) -> String {
    let mut cases: BTreeMap<String, Case> = BTreeMap::new();
    for &id in &report.inputs {
        if let Some(f) = report.files.get(id as usize) {
            cases.entry(f.name.clone()).or_default();
        }
    }
    for s in &report.skipped {
        cases.entry(s.path.clone()).or_default().skipped = Some(s.reason.clone());
    }
    for e in &report.errors {
        let loc = e.span.and_then(|s| report.locate(s));
        let at = loc
            .as_ref()
            .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
            .unwrap_or_else(|| format!("{}: ", report.error_path(e)));
        let mut body = format!("{at}{}", e.message);
        if let Some(h) = &e.help {
            let _ = write!(body, "\nhelp: {h}");
        }
        let xml = format!(
            "      <error type=\"input-error\" message=\"{}\">{}</error>\n",
            escape(&e.message),
            escape(&body)
        );
        cases
            .entry(report.error_path(e))
            .or_default()
            .errors
            .push(xml);
    }
    for f in &report.findings {
        let Some(loc) = report.locate(f.span) else {
            continue;
        };
        let body = format!(
            "{}:{}:{}: {}: {} [{} {}]\nhelp: {}",
            loc.file, loc.line, loc.column, f.severity, f.message, f.rule_id, f.rule_name, f.help
        );
        let xml = format!(
            "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
            escape(&f.rule_id),
            escape(&f.message),
            escape(&body)
        );
        cases
            .entry(loc.file.to_string())
            .or_default()
            .failures
            .push(xml);
    }
    let tests = cases.len();
    let errors = cases.values().filter(|c| !c.errors.is_empty()).count();
    let failures = cases
        .values()
        .filter(|c| c.errors.is_empty() && !c.failures.is_empty())
        .count();
    let skipped = cases
        .values()
        .filter(|c| c.errors.is_empty() && c.failures.is_empty() && c.skipped.is_some())
        .count();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<testsuites name=\"datamin\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
    );
    let _ = writeln!(
        s,
        "  <testsuite name=\"datamin\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">"
    );
    // The findings left out (no file's test case shows them), counted as the other formats'
    // summaries count them.
    let _ = writeln!(
        s,
        "    <properties>\n      <property name=\"suppressed\" value=\"{}\"/>\n      <property name=\"baselined\" value=\"{}\"/>\n    </properties>",
        report.suppressed.len(),
        report.baselined.len()
    );
    for (name, case) in &cases {
        let open = format!(
            "    <testcase name=\"{}\" classname=\"datamin\" file=\"{}\"",
            escape(name),
            escape(name)
        );
        if case.failures.is_empty() && case.errors.is_empty() {
            match &case.skipped {
                Some(reason) => {
                    let _ = writeln!(
                        s,
                        "{open}>\n      <skipped message=\"{}\"/>\n    </testcase>",
                        escape(reason)
                    );
                }
                None => {
                    let _ = writeln!(s, "{open}/>");
                }
            }
            continue;
        }
        let _ = writeln!(s, "{open}>");
        for x in case.errors.iter().chain(&case.failures) {
            s.push_str(x);
        }
        s.push_str("    </testcase>\n");
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
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
