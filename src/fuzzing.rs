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
        let marker = crate::suppress::CommentSyntax::of(Path::new(path)).marker();
        let root = if path.ends_with(".yaml") {
            crate::syntax::yaml::parse(t, 0, Limits::default()).ok()
        } else if path.ends_with(".json") {
            crate::syntax::json::parse(t, 0, Limits::default()).ok()
        } else {
            None
        };
        if let Some(root) = root {
            crate::pipeline::shape(t, &root, marker, &mut shape);
        }
        let _ = crate::suppress::scan(&source, 0, &shape, rules);
    }
}
