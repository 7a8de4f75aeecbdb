//! JSON output: a documented, versioned object (see README, "JSON output").

use std::io::Write as _;

use serde::Serialize;

use super::Report;

/// Bumped when a field changes meaning or goes away; new fields may appear in any version.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    tool: &'static str,
    tool_version: &'static str,
    findings: Findings<'a>,
    errors: Vec<ErrorOut<'a>>,
    skipped: Vec<SkippedOut<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct SkippedOut<'a> {
    file: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    rule: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    help: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    identity: &'a str,
}

/// The findings, serialized one by one as they are written (never all at once).
struct Findings<'a>(&'a Report);

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        ser.collect_seq(report.findings.iter().filter_map(|f| {
            let src = report.files.get(f.span.file as usize)?;
            let (line, column) = src.line_col(f.span.start as usize);
            let (end_line, end_column) = src.line_col(f.span.end as usize);
            Some(FindingOut {
                rule: &f.rule_id,
                name: &f.rule_name,
                severity: f.severity.as_str(),
                message: &f.message,
                help: &f.help,
                file: &src.name,
                line,
                column,
                end_line,
                end_column,
                identity: &f.identity,
            })
        }))
    }
}

#[derive(Serialize)]
pub(crate) struct ErrorOut<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    files_checked: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    input_errors: usize,
    files_skipped: usize,
}

pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the report to `out` as it is serialized, without building it in memory first.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let skipped = report
        .skipped
        .iter()
        .map(|s| SkippedOut {
            file: &s.path,
            reason: &s.reason,
        })
        .collect();
    let doc = Out {
        version: VERSION,
        tool: "datamin",
        tool_version: env!("CARGO_PKG_VERSION"),
        findings: Findings(report),
        errors: errors(report),
        skipped,
        summary: Summary {
            files_checked: report.checked,
            errors: report.count(crate::rules::Severity::Error),
            warnings: report.count(crate::rules::Severity::Warning),
            notes: report.count(crate::rules::Severity::Note),
            input_errors: report.errors.len(),
            files_skipped: report.skipped.len(),
        },
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, &doc)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The report's errors in the shape of the `errors` array (shared with the audit's JSON).
pub(crate) fn errors(report: &Report) -> Vec<ErrorOut<'_>> {
    report
        .errors
        .iter()
        .map(|e| {
            let loc = e.span.and_then(|s| report.locate(s));
            ErrorOut {
                file: report.error_path(e),
                line: loc.as_ref().map(|l| l.line),
                column: loc.as_ref().map(|l| l.column),
                end_line: loc.as_ref().map(|l| l.end_line),
                end_column: loc.as_ref().map(|l| l.end_column),
                message: &e.message,
                help: e.help.as_deref(),
            }
        })
        .collect()
}
