//! Entry points shared by the fuzz targets (`fuzz/`) and the regression tests that replay
//! what they found (`tests/fuzz_regressions.rs`). Each takes arbitrary bytes and must never
//! panic, hang or allocate without bound: errors are values.

use std::path::Path;

use crate::source::SourceFile;
use crate::syntax::Limits;

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// YAML parser and every YAML-based format adapter.
pub fn yaml(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok(root) = crate::syntax::yaml::parse(t, 0, Limits::default()) {
        load_any(&root);
    }
}

/// JSON parser and every JSON-based format adapter.
pub fn json(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok(root) = crate::syntax::json::parse(t, 0, Limits::default()) {
        load_any(&root);
    }
}

/// Detection, then every adapter whatever detection says (the document doubling as its own
/// uiSchema, so the uiSchema reader sees arbitrary input too).
fn load_any(root: &crate::syntax::Node) {
    use crate::formats::{detect, load, Document, FORMATS};
    for path in [
        "form.yaml",
        ".github/ISSUE_TEMPLATE/config.yml",
        "x.schema.json",
    ] {
        let _ = detect(&Document::new(Path::new(path), root), None);
    }
    let mut doc = Document::new(Path::new("x.schema.json"), root);
    doc.companion = Some(root);
    for f in FORMATS {
        let _ = load(f, &doc);
    }
}

/// The config loader.
pub fn config(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let source = SourceFile::new(Path::new("datamin.yaml"), t.to_string());
    let _ = crate::config::Config::parse(&source, 0);
}

/// The rule-file loader.
pub fn rule(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok(root) = crate::syntax::yaml::parse(t, 0, Limits::default()) {
        let _ = crate::rules::Rule::from_node(&root);
    }
}

/// Durations.
pub fn duration(data: &[u8]) {
    if let Some(t) = text(data) {
        let _ = crate::model::Duration::parse(t);
    }
}

/// The Rust reader: the module scan of a file without forms; parse, then build forms from
/// what was read.
pub fn rust(data: &[u8]) {
    let Some(t) = text(data) else { return };
    // The module declarations of a file without `Deserialize`, read by a scan of the text.
    let _ = crate::formats::rust::parse_modules(1, Path::new("src/lib.rs"), t);
    let source = SourceFile::new(Path::new("src/fuzz.rs"), t.to_string());
    if let Ok(parsed) = crate::formats::rust::parse(0, &source) {
        let mut sources = crate::formats::rust::Sources::default();
        sources.extend([parsed]);
        let _ = sources.finish(
            &crate::formats::rust::Options::default(),
            1000,
            Path::to_path_buf,
            |_| false,
        );
    }
}

/// Suppression comments: found, read as directives and given the lines they cover, in a
/// YAML or JSON file (with the strings and blocks its parse gives, when it parses) and in a
/// Rust source (attributes over several lines, strings left open).
pub fn suppress(data: &[u8]) {
    static RULES: std::sync::OnceLock<crate::rules::RuleSet> = std::sync::OnceLock::new();
    let rules = RULES.get_or_init(|| crate::load_rules(None, &mut crate::Report::default()));
    let Some(t) = text(data) else { return };
    for path in ["form.yaml", "form.json", "src/form.rs"] {
        let source = SourceFile::new(Path::new(path), t.to_string());
        let mut shape = crate::suppress::Shape::default();
        let openers = crate::suppress::CommentSyntax::of(Path::new(path)).openers();
        let root = if path.ends_with(".yaml") {
            crate::syntax::yaml::parse(t, 0, Limits::default()).ok()
        } else if path.ends_with(".json") {
            crate::syntax::json::parse(t, 0, Limits::default()).ok()
        } else {
            None
        };
        if let Some(root) = root {
            crate::pipeline::shape(t, &root, openers, &mut shape);
        }
        let _ = crate::suppress::scan(&source, 0, &shape, rules);
    }
}

/// A baseline: read in one pass or through the syntax tree, the same baseline or the same
/// error (see [`crate::baseline::Baseline::parse`]).
pub fn baseline(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let source = SourceFile::new(Path::new("/x/baseline.json"), t.to_string());
    let fast = crate::baseline::Baseline::parse(&source, 0);
    let located = crate::baseline::Baseline::parse_located(&source, 0);
    assert_eq!(format!("{fast:?}"), format!("{located:?}"), "{t:?}");
}

/// Decoding a file's bytes (UTF-8, or UTF-16 or UTF-32 after a byte-order mark): never a
/// panic; what decodes encodes back to the very bytes, in the encoding its mark names; and
/// the decoded text goes to the YAML and JSON entry points, as a file's would.
pub fn decode(data: &[u8]) {
    let Ok(t) = crate::source::decode(data.to_vec(), true) else {
        return;
    };
    let back: Vec<u8> = match data {
        [0, 0, 0xFE, 0xFF, ..] => t.chars().flat_map(|c| u32::from(c).to_be_bytes()).collect(),
        [0xFF, 0xFE, 0, 0, ..] => t.chars().flat_map(|c| u32::from(c).to_le_bytes()).collect(),
        [0xFE, 0xFF, ..] => t.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        [0xFF, 0xFE, ..] => t.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        _ => t.as_bytes().to_vec(),
    };
    assert_eq!(back, data, "{t:?}");
    assert!(!t.contains('\0'), "{t:?}");
    yaml(t.as_bytes());
    json(t.as_bytes());
}

/// Line tables: every character's line and column as counting from the start gives them
/// (LF, CRLF and a lone CR end a line; a byte-order mark at a line's start is no column),
/// from the whole text and from what eviction keeps, one end or a range's two.
pub fn lines(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let whole = SourceFile::new(Path::new("f.yaml"), t.to_string());
    let mut evicted = whole.clone();
    evicted.evict();
    assert_eq!(whole.line_count(), evicted.line_count());
    assert_eq!(whole.bom_len(), evicted.bom_len());
    // (offset, line, column) of every character boundary, counted.
    let mut counted = Vec::new();
    let (mut line, mut col, mut at_start) = (1, 1, true);
    let mut chars = t.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        counted.push((i, line, col));
        let lone_cr = c == '\r' && chars.peek().is_none_or(|&(_, n)| n != '\n');
        if c == '\n' || lone_cr {
            (line, col, at_start) = (line + 1, 1, true);
        } else {
            if !(at_start && c == '\u{feff}') {
                col += 1;
            }
            at_start = false;
        }
    }
    counted.push((t.len(), line, col));
    for file in [&whole, &evicted] {
        for &(offset, line, col) in counted.iter().take(4096) {
            assert_eq!(file.line_col(offset), (line, col), "{offset} in {t:?}");
        }
        // Ranges from every 7th boundary to some later (and earlier) ones.
        for (k, &(start, ..)) in counted.iter().enumerate().step_by(7).take(256) {
            for &(end, ..) in [k, k + 1, k + 5, k + 40, k + 300, k / 2]
                .iter()
                .filter_map(|&j| counted.get(j))
            {
                assert_eq!(
                    file.range_line_cols(start, end),
                    (file.line_col(start), file.line_col(end)),
                    "{start}..{end} in {t:?}"
                );
            }
        }
    }
}

/// A whole check of one file given as standard input, in each format datamin reads, then
/// every report: none may panic, the JSON and SARIF reports must be JSON, and a baseline
/// written from the findings must list every one of them when read back.
pub fn report(data: &[u8]) {
    static DIR: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    let Some(t) = text(data) else { return };
    // A project of its own (an empty config), so no config above the working folder counts.
    let Some(dir) = DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("datamin-fuzz-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok()?;
        std::fs::write(dir.join("datamin.yaml"), "{}\n").ok()?;
        Some(dir)
    }) else {
        return;
    };
    for name in [
        "form.yaml",
        "form.json",
        ".github/ISSUE_TEMPLATE/bug.yml",
        "x.schema.json",
        "retention.yaml",
        "src/form.rs",
    ] {
        let opts = crate::CheckOptions {
            stdin: Some(crate::Stdin {
                path: dir.join(name),
                text: t.to_string(),
            }),
            threads: 1,
            report_unused: true,
            ..Default::default()
        };
        let mut report = crate::check(&opts);
        let mut human = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        let _ = crate::report::human::write(&report, &mut human, false, true);
        let mut quiet = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        let _ = crate::report::human::write(&report, &mut quiet, true, false);
        let json = crate::report::json::render(&report);
        assert!(
            serde_json::from_str::<serde_json::Value>(&json).is_ok(),
            "{json}"
        );
        let sarif = crate::report::sarif::render(&report, true);
        assert!(
            serde_json::from_str::<serde_json::Value>(&sarif).is_ok(),
            "{sarif}"
        );
        let _ = crate::report::github::render(&report);
        let _ = crate::report::junit::render(&report);
        // Every finding in a baseline written from them.
        let path = dir.join("baseline.json");
        let written = crate::baseline::render(&report.files, &report.findings, &[], &path);
        let source = SourceFile::new(&path, written);
        let baseline = crate::baseline::Baseline::parse(&source, 0);
        let baseline = baseline.unwrap_or_else(|e| panic!("{e:?}: {}", source.text));
        let findings = std::mem::take(&mut report.findings);
        let n = findings.len();
        let (kept, listed) = baseline.filter(&report.files, findings);
        assert!(kept.is_empty() && listed.len() == n, "{}", source.text);
    }
}
