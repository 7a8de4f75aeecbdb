//! SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.
//!
//! One run. `tool.driver.rules` lists every rule of the run (built-in and the user's) with
//! its summary, explanation and default level; results point at their rule by id and index.
//! Columns count Unicode code points (`columnKind`), as everywhere in datamin. Input errors
//! are tool execution notifications, and make `executionSuccessful` false; files not checked
//! (in no format datamin reads) are `note` notifications. Suppressed
//! findings are left out, as are those in the baseline (`--sarif-suppressed` keeps them, with
//! a `suppressions` entry: GitHub code scanning ignores it and opens alerts for them); the
//! run's `properties` count both.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{json, Value};

use super::{Finding, Location, Report, RuleMeta, Suppressed};
use crate::rules::Severity;

pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The `partialFingerprints` key; the number changes if the fingerprint's recipe does.
pub const FINGERPRINT: &str = "datamin/v1";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Value,
    invocations: [Value; 1],
    column_kind: &'static str,
    /// Line ends as datamin counts lines: a lone CR ends one too (the schema's default is
    /// CRLF and LF only, which would read a CR-only file as one line).
    newline_sequences: [&'static str; 3],
    /// Left empty: [`write`] writes the results in their place.
    results: [Value; 0],
    /// The run's property bag (SARIF's place for what a tool adds): how many findings were
    /// left out as suppressed or in the baseline, as the other formats' summaries count them.
    properties: Counts,
}

#[derive(Serialize)]
struct Counts {
    suppressed: usize,
    baselined: usize,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The first section of an explanation ("What it finds"), as plain text; else the summary.
fn full_description(rule: &RuleMeta) -> String {
    let mut lines = rule
        .explanation
        .lines()
        .skip_while(|l| !l.starts_with("## "))
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .map(str::trim)
        .peekable();
    let mut s = String::new();
    while let Some(l) = lines.next() {
        if l.is_empty() && s.is_empty() {
            continue;
        }
        if l.is_empty() && lines.peek().is_none_or(|n| n.is_empty()) {
            break;
        }
        if !s.is_empty() {
            s.push(if l.is_empty() { '\n' } else { ' ' });
        }
        s.push_str(l);
    }
    let s = s.trim().to_string();
    if s.is_empty() {
        rule.summary.clone()
    } else {
        s
    }
}

/// The id each rule has in the log: its own, or `id/name` where projects define rules of one
/// id (rule ids are unique in a SARIF run, and code scanning looks a rule up by its id).
/// `rules` is sorted by id, then name.
fn log_ids(rules: &[RuleMeta]) -> Vec<String> {
    (0..rules.len())
        .map(|i| {
            let r = &rules[i];
            let shared = (i > 0 && rules[i - 1].id == r.id)
                || rules.get(i + 1).is_some_and(|n| n.id == r.id);
            if shared {
                format!("{}/{}", r.id, r.name)
            } else {
                r.id.clone()
            }
        })
        .collect()
}

/// The rules' descriptors, with [`log_ids`].
fn rules_json(rules: &[RuleMeta]) -> Vec<Value> {
    rules
        .iter()
        .zip(log_ids(rules))
        .map(|(r, id)| rule_json(r, &id))
        .collect()
}

fn rule_json(rule: &RuleMeta, id: &str) -> Value {
    json!({
        "id": id,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": full_description(rule) },
        "help": {
            "text": rule.explanation.trim_end(),
            "markdown": rule.explanation.trim_end(),
        },
        "defaultConfiguration": { "level": level(rule.default_severity) },
    })
}

/// Percent-encodes a path for a URI reference, keeping `/` and unreserved characters.
pub fn uri_path(path: &str) -> String {
    uri_bytes(path.as_bytes())
}

/// [`uri_path`] of a path's bytes (which need not be UTF-8).
fn uri_bytes(path: &[u8]) -> String {
    let mut s = String::with_capacity(path.len());
    for &b in path {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// The bytes of a name shown with escapes (see [`crate::source::display_path`]): `\xNN` for
/// a byte (`caf\xE9.yaml`: `caf`, 0xE9, `.yaml`), `\n`, `\r`, and `\\` for a backslash.
pub(crate) fn unescaped(name: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(name.len());
    let mut rest = name.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        let hex = |c: u8| char::from(c).to_digit(16);
        if b == b'\\' {
            let (byte, more) = match tail {
                [b'x', h, l, more @ ..] => match (hex(*h), hex(*l)) {
                    (Some(h), Some(l)) => (u8::try_from(h * 16 + l).ok(), more),
                    _ => (None, tail),
                },
                [b'\\', more @ ..] => (Some(b'\\'), more),
                [b'n', more @ ..] => (Some(b'\n'), more),
                [b'r', more @ ..] => (Some(b'\r'), more),
                _ => (None, tail),
            };
            if let Some(byte) = byte {
                bytes.push(byte);
                rest = more;
                continue;
            }
        }
        bytes.push(b);
        rest = tail;
    }
    bytes
}

fn physical(loc: &Location) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": artifact(loc.file),
            "region": {
                "startLine": loc.line,
                "startColumn": loc.column,
                "endLine": loc.end_line,
                "endColumn": loc.end_column,
            }
        }
    })
}

/// Relative paths are relative to the source root (`%SRCROOT%`, where datamin ran); absolute
/// ones become `file://` URIs. `file` is a name as shown (a finding's, an error's, a skipped
/// file's): its escapes (`caf\xE9.yaml`, `back\\slash.yaml`) are the bytes they stand for,
/// and a shown name has a backslash only as an escape.
fn artifact(file: &str) -> Value {
    if file.contains('\\') {
        artifact_of(file, |p| uri_bytes(&unescaped(p)))
    } else {
        artifact_of(file, uri_path)
    }
}

/// [`artifact`], with `encode` making a part of the name a URI path: the name's bytes, or
/// those its `\xNN` escapes stand for when the path is not UTF-8 (`caf%E9.yaml`).
fn artifact_of(file: &str, encode: impl Fn(&str) -> String) -> Value {
    if file.starts_with('/') {
        json!({ "uri": format!("file://{}", encode(file)) })
    } else if file.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && file.as_bytes().get(1..3) == Some(b":/")
    {
        // A Windows drive path.
        json!({ "uri": format!("file:///{}:{}", &file[..1], encode(&file[2..])) })
    } else {
        json!({ "uri": encode(file), "uriBaseId": "%SRCROOT%" })
    }
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `DefaultHasher`.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Hash of rule, file and identity (what the finding is about), never of the line, so the
/// fingerprint survives edits that move the finding; `:N` tells repeats apart.
fn fingerprint(f: &Finding, file: &str, seen: &mut HashMap<u64, usize>) -> (u64, usize) {
    let h = fnv1a(&[&f.rule_id, file, &f.identity]);
    let n = seen.entry(h).or_insert(0);
    *n += 1;
    (h, *n)
}

/// Where the results go in the log rendered without them (the run's keys are indented 6).
const RESULTS_AT: &[u8] = b"\n      \"results\": []";

/// What the results are made of: the findings, then (with `--sarif-suppressed`) the
/// suppressed ones, each with its fingerprint worked out in order.
struct Results<'a> {
    report: &'a Report,
    kept: &'a [Suppressed],
    /// By rule id and name: two projects' rules may share an id (see `Report::absorb`).
    /// Its index and its id in the log ([`log_ids`]).
    index: HashMap<(&'a str, &'a str), (usize, String)>,
    /// Per result, its fingerprint's hash and repeat number (`None`: not located, left out).
    fingerprints: Vec<Option<(u64, usize)>>,
}

impl<'a> Results<'a> {
    fn new(report: &'a Report, suppressed: bool) -> Results<'a> {
        let kept = if suppressed {
            &report.suppressed[..]
        } else {
            &[]
        };
        let index = (report.rules.iter().zip(log_ids(&report.rules)))
            .enumerate()
            .map(|(i, (r, id))| ((r.id.as_str(), r.name.as_str()), (i, id)))
            .collect();
        let mut seen = HashMap::new();
        let fingerprints = (report.findings.iter())
            .chain(kept.iter().map(|s| &s.finding))
            .map(|f| {
                let file = &report.files.get(f.span.file as usize)?.name;
                Some(fingerprint(f, file, &mut seen))
            })
            .collect();
        Results {
            report,
            kept,
            index,
            fingerprints,
        }
    }

    fn len(&self) -> usize {
        self.fingerprints.len()
    }

    /// Result `i`, if it is located.
    fn value(&self, i: usize) -> Option<Value> {
        let found = self.report.findings.len();
        let (f, suppression) = match self.report.findings.get(i) {
            Some(f) => (f, None),
            None => {
                let s = self.kept.get(i - found)?;
                let mut sup = json!({ "kind": if s.in_source { "inSource" } else { "external" } });
                if let Some(r) = &s.reason {
                    sup["justification"] = json!(r);
                }
                (&s.finding, Some(sup))
            }
        };
        let (h, n) = self.fingerprints.get(i).copied().flatten()?;
        let loc = self.report.locate(f.span)?;
        let mut r = json!({
            "ruleId": f.rule_id,
            "level": level(f.severity),
            "message": { "text": format!("{}\nhelp: {}", f.message, f.help) },
            "locations": [physical(&loc)],
            "partialFingerprints": { FINGERPRINT: format!("{h:016x}:{n}") },
        });
        if let Some((i, id)) = self.index.get(&(f.rule_id.as_str(), f.rule_name.as_str())) {
            r["ruleIndex"] = json!(i);
            r["ruleId"] = json!(id);
        }
        if let Some(s) = suppression {
            r["suppressions"] = json!([s]);
        }
        if let Some(c) = &f.category {
            r["properties"] = json!({ "category": c.as_str() });
        }
        Some(r)
    }

    /// Results `range` as elements of the pretty-printed `results` array (indented 8), each
    /// followed by `,\n`: each pretty-printed alone, its lines indented (a JSON text has no
    /// line break but between its tokens, none inside a string).
    fn render(&self, range: std::ops::Range<usize>) -> Vec<u8> {
        let mut out = Vec::with_capacity(range.len() * 1024);
        let mut one = Vec::with_capacity(1024);
        for i in range {
            let Some(r) = self.value(i) else {
                continue;
            };
            one.clear();
            // Writing to memory cannot fail.
            let _ = serde_json::to_writer_pretty(&mut one, &r);
            out.extend_from_slice(b"        ");
            for (k, line) in one.split(|&b| b == b'\n').enumerate() {
                if k > 0 {
                    out.extend_from_slice(b"\n        ");
                }
                out.extend_from_slice(line);
            }
            out.extend_from_slice(b",\n");
        }
        out
    }
}

/// The SARIF log of `report`; with `suppressed`, suppressed findings too, each with a
/// `suppressions` entry (left out by default: GitHub code scanning ignores the entry and opens
/// an alert for each, as ruff's SARIF leaves them out).
pub fn render(report: &Report, suppressed: bool) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(report, suppressed, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes [`render`]'s log to `out`: the results a window at a time (each window rendered in
/// parallel, written in order), never the whole log in memory.
pub fn write(
    report: &Report,
    suppressed: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let results = Results::new(report, suppressed);
    let mut notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            let mut text = e.message.clone();
            if let Some(h) = &e.help {
                text.push_str(&format!("\nhelp: {h}"));
            }
            let location = match e.span.and_then(|s| report.locate(s)) {
                Some(loc) => physical(&loc),
                None => json!({ "physicalLocation": {
                    "artifactLocation": artifact(&report.error_path(e)),
                } }),
            };
            json!({
                "level": "error",
                "message": { "text": text },
                "locations": [location],
            })
        })
        .collect();
    notifications.extend(report.skipped.iter().map(|s| {
        json!({
            "level": "note",
            "message": { "text": format!("skipped: {}", s.reason) },
            "locations": [{ "physicalLocation": { "artifactLocation": artifact(&s.path) } }],
        })
    }));

    let mut driver = json!({
        "name": "datamin",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules_json(&report.rules),
    });
    let home = option_env!("CARGO_PKG_REPOSITORY").unwrap_or_default();
    if !home.is_empty() {
        driver["informationUri"] = json!(home);
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: json!({ "driver": driver }),
            invocations: [json!({
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            })],
            column_kind: "unicodeCodePoints",
            newline_sequences: ["\r\n", "\n", "\r"],
            results: [],
            properties: Counts {
                suppressed: report.suppressed.len(),
                baselined: report.baselined.len(),
            },
        }],
    };
    let rest = serde_json::to_vec_pretty(&log)?;
    super::write_with_array(
        out,
        &rest,
        RESULTS_AT,
        b"\n      ]",
        (results.len(), super::PART),
        |range| results.render(range),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{PART, WINDOW};

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri_path("forms/a b%.yaml"), "forms/a%20b%25.yaml");
        assert_eq!(artifact("/x/y.yaml")["uri"], "file:///x/y.yaml");
        assert_eq!(artifact("C:/x/y.yaml")["uri"], "file:///C:/x/y.yaml");
        assert_eq!(artifact("y.yaml")["uriBaseId"], "%SRCROOT%");
        let escaped = |f: &str| artifact_of(f, |p| uri_bytes(&unescaped(p)));
        assert_eq!(escaped("caf\\xE9.yaml")["uri"], "caf%E9.yaml");
        assert_eq!(escaped("/a/\\xFFb c")["uri"], "file:///a/%FFb%20c");
        assert_eq!(escaped("caf\\\\xE9.yaml")["uri"], "caf%5CxE9.yaml");
        assert_eq!(escaped("new\\nline\\r.yaml")["uri"], "new%0Aline%0D.yaml");
        // A relative name with a colon is no drive.
        assert_eq!(artifact("x:y.yaml")["uri"], "x%3Ay.yaml");
        assert_eq!(artifact("x:y.yaml")["uriBaseId"], "%SRCROOT%");
    }

    /// The log as serde writes it in one piece: what [`write`] must produce.
    fn whole(report: &Report, suppressed: bool) -> String {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct WholeRun {
            tool: Value,
            invocations: [Value; 1],
            column_kind: &'static str,
            newline_sequences: [&'static str; 3],
            results: Vec<Value>,
            properties: Counts,
        }
        #[derive(Serialize)]
        struct WholeLog {
            #[serde(rename = "$schema")]
            schema: &'static str,
            version: &'static str,
            runs: [WholeRun; 1],
        }
        // The log without results, from `write` itself: what surrounds them is not what
        // changes with their number.
        let mut log: Value = serde_json::from_str(&render(&Report::default(), false)).unwrap();
        let run = &mut log["runs"][0];
        let mut invocation = run["invocations"][0].take();
        invocation["executionSuccessful"] = json!(report.errors.is_empty());
        invocation["toolExecutionNotifications"] = report
            .skipped
            .iter()
            .map(|s| {
                json!({
                    "level": "note",
                    "message": { "text": format!("skipped: {}", s.reason) },
                    "locations": [{ "physicalLocation": { "artifactLocation": artifact(&s.path) } }],
                })
            })
            .collect();
        let results = Results::new(report, suppressed);
        let mut tool = run["tool"].take();
        tool["driver"]["rules"] = rules_json(&report.rules).into();
        let whole = WholeLog {
            schema: SCHEMA,
            version: "2.1.0",
            runs: [WholeRun {
                tool,
                invocations: [invocation],
                column_kind: "unicodeCodePoints",
                newline_sequences: ["\r\n", "\n", "\r"],
                results: (0..results.len())
                    .filter_map(|i| results.value(i))
                    .collect(),
                properties: Counts {
                    suppressed: report.suppressed.len(),
                    baselined: report.baselined.len(),
                },
            }],
        };
        serde_json::to_string_pretty(&whole).unwrap() + "\n"
    }

    #[test]
    fn windows_write_what_one_serialization_writes() {
        // None, one, part of a chunk, several chunks, several windows and a ragged end; the
        // suppressed ones after them.
        for n in [0, 1, 63, 65, WINDOW, 2 * WINDOW + 300] {
            let mut r = crate::report::sample(n);
            r.rules = vec![RuleMeta {
                id: "DM001".into(),
                name: "unbounded-free-text".into(),
                default_severity: Severity::Warning,
                summary: "Free text".into(),
                explanation: "Why".into(),
            }];
            // Repeats of a finding, whose fingerprints count on across parts.
            for (i, f) in r.findings.iter_mut().enumerate() {
                f.identity = format!("form/f{}", i % 7).into();
            }
            r.suppressed = (r.findings.iter().take(70))
                .map(|f| Suppressed {
                    finding: f.clone(),
                    in_source: f.span.start % 2 == 0,
                    reason: Some("known \"why\"".into()),
                })
                .collect();
            assert_eq!(render(&r, true), whole(&r, true), "{n} findings");
            assert_eq!(render(&r, false), whole(&r, false), "{n} findings");
        }
        let r = crate::report::sample(2 * WINDOW + 300);
        let log: Value = serde_json::from_str(&render(&r, false)).unwrap();
        assert_eq!(
            log["runs"][0]["results"].as_array().unwrap().len(),
            2 * WINDOW + 300
        );
    }

    #[test]
    fn repeats_count_on_in_order() {
        let mut r = crate::report::sample(3 * PART);
        for f in &mut r.findings {
            f.identity = "form/same".into();
        }
        let log: Value = serde_json::from_str(&render(&r, false)).unwrap();
        let numbers: Vec<String> = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"][FINGERPRINT]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .map(|f| f.split(':').nth(1).unwrap().to_string())
            .collect();
        let expected: Vec<String> = (1..=3 * PART).map(|n| n.to_string()).collect();
        assert_eq!(numbers, expected);
    }

    #[test]
    fn fingerprints_ignore_lines() {
        assert_eq!(fnv1a(&[""]), 0xaf63_bd4c_8601_b7df);
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
    }
}
