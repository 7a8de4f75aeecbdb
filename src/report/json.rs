//! JSON output: a documented, versioned object (see README, "JSON output").

use serde::Serialize;

use super::Report;

/// Bumped when a field changes meaning or goes away; new fields may appear in any version.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    tool: &'static str,
    tool_version: &'static str,
    findings: Findings,
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
    /// The kind of data the finding is about (`phone number`), when its rule names one: what
    /// a baseline entry matches besides its identity.
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
}

/// Where the findings go in [`Out`]: an empty array the writer replaces with the findings,
/// rendered in parallel a window at a time (see [`write`]).
struct Findings;

impl Serialize for Findings {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_seq(std::iter::empty::<()>())
    }
}

/// What `Out` serializes to up to its (empty) findings: fixed text, no input in it.
const FINDINGS_AT: &[u8] = b"  \"findings\": []";

fn finding_out<'a>(report: &'a Report, f: &'a crate::report::Finding) -> Option<FindingOut<'a>> {
    let loc = report.locate(f.span)?;
    Some(FindingOut {
        rule: &f.rule_id,
        name: &f.rule_name,
        severity: f.severity.as_str(),
        message: &f.message,
        help: &f.help,
        file: loc.file,
        line: loc.line,
        column: loc.column,
        end_line: loc.end_line,
        end_column: loc.end_column,
        identity: &f.identity,
        category: f.category.as_deref(),
    })
}

/// Findings as elements of the pretty-printed `findings` array (indented 4), each followed
/// by `,\n`: written field by field, exactly as serde's pretty printer lays out a
/// [`FindingOut`] (a unit test holds the two to the same bytes), without a second pass to
/// indent it.
fn render_findings(report: &Report, findings: &[crate::report::Finding]) -> Vec<u8> {
    // A finding takes about 540 bytes on the bench corpus: room for 512 made every part
    // grow once, copying it whole (18 M instructions on 10,000 forms).
    let mut out = Vec::with_capacity(findings.len() * 768);
    let mut digits = itoa::Buffer::new();
    for f in findings {
        let Some(f) = finding_out(report, f) else {
            continue;
        };
        // Each key with the end of the value before it and its indent, one copy each.
        let strings = [
            (&b"    {\n      \"rule\": "[..], f.rule),
            (b",\n      \"name\": ", f.name),
            (b",\n      \"severity\": ", f.severity),
            (b",\n      \"message\": ", f.message),
            (b",\n      \"help\": ", f.help),
            (b",\n      \"file\": ", f.file),
        ];
        for (key, value) in strings {
            out.extend_from_slice(key);
            string(&mut out, value);
        }
        let numbers = [
            (&b",\n      \"line\": "[..], f.line),
            (b",\n      \"column\": ", f.column),
            (b",\n      \"end_line\": ", f.end_line),
            (b",\n      \"end_column\": ", f.end_column),
        ];
        for (key, value) in numbers {
            out.extend_from_slice(key);
            out.extend_from_slice(digits.format(value).as_bytes());
        }
        out.extend_from_slice(b",\n      \"identity\": ");
        string(&mut out, f.identity);
        if let Some(category) = f.category {
            out.extend_from_slice(b",\n      \"category\": ");
            string(&mut out, category);
        }
        out.extend_from_slice(b"\n    },\n");
    }
    out
}

/// A JSON string, escaped as serde_json escapes it.
fn string(out: &mut Vec<u8>, s: &str) {
    // Most texts have nothing to escape: copied whole, after one pass that the compiler
    // can do many bytes at a time.
    if !s.bytes().fold(false, |esc, b| {
        esc | (b < 0x20) | (b == b'"') | (b == b'\\')
    }) {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    // Writing to memory cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
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
    /// Findings a suppression silenced and findings the baseline lists: with them, a script
    /// tells a clean run from one whose findings are all accepted.
    suppressed: usize,
    baselined: usize,
}

impl Summary {
    fn of(report: &Report) -> Summary {
        use crate::rules::Severity;
        Summary {
            files_checked: report.checked,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            notes: report.count(Severity::Note),
            input_errors: report.errors.len(),
            files_skipped: report.skipped.len(),
            suppressed: report.suppressed.len(),
            baselined: report.baselined.len(),
        }
    }
}

pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the report to `out`: the findings a window at a time (each window rendered in
/// parallel, written in order), never the whole document in memory.
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
        findings: Findings,
        errors: errors(report),
        skipped,
        summary: Summary::of(report),
    };
    let rest = serde_json::to_vec_pretty(&doc)?;
    super::write_with_array(
        out,
        &rest,
        FINDINGS_AT,
        b"\n  ]",
        (report.findings.len(), 128),
        |range| render_findings(report, &report.findings[range]),
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::WINDOW;

    /// The document as serde writes it in one piece: what [`write`] must produce.
    #[derive(Serialize)]
    struct Whole<'a> {
        version: u32,
        tool: &'static str,
        tool_version: &'static str,
        findings: Vec<FindingOut<'a>>,
        errors: Vec<ErrorOut<'a>>,
        skipped: Vec<SkippedOut<'a>>,
        summary: Summary,
    }

    fn whole(report: &Report) -> String {
        let doc = Whole {
            version: VERSION,
            tool: "datamin",
            tool_version: env!("CARGO_PKG_VERSION"),
            findings: report
                .findings
                .iter()
                .filter_map(|f| finding_out(report, f))
                .collect(),
            errors: errors(report),
            skipped: report
                .skipped
                .iter()
                .map(|s| SkippedOut {
                    file: &s.path,
                    reason: &s.reason,
                })
                .collect(),
            summary: Summary::of(report),
        };
        serde_json::to_string_pretty(&doc).unwrap() + "\n"
    }

    /// The copy for texts with nothing to escape writes what serde_json writes, for every
    /// ASCII byte alone and within text, and for text beyond ASCII.
    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let mut texts: Vec<String> = (0u8..0x80)
            .flat_map(|b| {
                let c = char::from(b);
                [c.to_string(), format!("field `{c}` of a form")]
            })
            .collect();
        texts.extend(["".into(), "é ünïcode ✓ \u{7f}".into(), "x".repeat(100)]);
        for t in texts {
            let mut out = Vec::new();
            string(&mut out, &t);
            assert_eq!(out, serde_json::to_vec(&t).unwrap(), "{t:?}");
        }
    }

    #[test]
    fn windows_write_what_one_serialization_writes() {
        // None, one, part of a chunk, several chunks, several windows and a ragged end.
        for n in [0, 1, 127, 129, WINDOW, 2 * WINDOW + 300] {
            let r = crate::report::sample(n);
            assert_eq!(render(&r), whole(&r), "{n} findings");
        }
    }
}
