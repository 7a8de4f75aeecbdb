#![allow(clippy::unwrap_used, clippy::expect_used)]

//! `check` reads files in batches and checks files of forms alone as soon as they are read,
//! letting their texts go (see `pipeline::load`). These tests hold it to the reference that
//! keeps every file until the end (`CheckOptions::whole`): the same report, byte for byte,
//! on every fixture, example and input of the test suite, and on a generated tree of more
//! files than a batch, where policies, processors and duplicate ids come from other batches.

use std::path::{Path, PathBuf};

use datamin::report::json;
use datamin::{check, CheckOptions};

fn both(paths: Vec<PathBuf>, config: Option<PathBuf>) -> (String, String) {
    let opts = |whole| CheckOptions {
        paths: paths.clone(),
        config: config.clone(),
        report_unused: true,
        whole,
        ..CheckOptions::default()
    };
    (
        json::render(&check(&opts(false))),
        json::render(&check(&opts(true))),
    )
}

fn dirs(root: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    out.push(root.to_path_buf());
    if depth == 0 {
        return;
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    entries.sort();
    for e in entries {
        dirs(&e, depth - 1, out);
    }
}

#[test]
fn batched_checks_report_what_whole_checks_report() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for (dir, depth) in [("tests/fixtures", 3), ("tests/cases", 2), ("examples", 1)] {
        dirs(&root.join(dir), depth, &mut all);
    }
    all.push(root.join("tests/inputs"));
    let mut compared = 0;
    for dir in all {
        let (batched, whole) = both(vec![dir.clone()], None);
        assert_eq!(batched, whole, "{}", dir.display());
        compared += 1;
    }
    assert!(compared > 100, "only {compared} folders compared");
}

/// Forms (some uncovered, some with attachments, some sending to processors, one id twice,
/// one unknown processor), and the retention file at `retention` (relative to `dir`).
fn generated_tree(dir: &Path, forms: usize, retention: &str) {
    std::fs::create_dir_all(dir.join("forms")).unwrap();
    for i in 0..forms {
        let id = if i == forms - 7 { 3 } else { i };
        let prefix = if i % 3 == 0 { "wallet" } else { "billing" };
        let processors = match i % 5 {
            0 => "processors: [helpdesk]\n",
            1 => "processors: [crm]\n",
            2 if i == 17 => "processors: [crmm]\n",
            _ => "",
        };
        let text = format!(
            "form: {prefix}-{id}\n{processors}fields:\n  - id: details\n    label: Describe the problem and your date of birth\n    type: textarea\n  - id: proof\n    label: Screenshot\n    type: file\n"
        );
        std::fs::write(dir.join(format!("forms/f{i:04}.yaml")), text).unwrap();
    }
    std::fs::write(
        dir.join(retention),
        "processors:\n  - id: helpdesk\n    third_party: true\n    keeps: 2y\n  - id: crm\n    keeps: 30d\nretention:\n  - forms: [\"wallet-*\"]\n    closed_tickets: 1y\n    free_text: 60d\n    attachments: 30d\n  - forms: [\"billing-1*\"]\n    processor: crm\n    closed_tickets: 1y\n",
    )
    .unwrap();
}

#[test]
fn batched_checks_agree_across_batches() {
    let dir = std::env::temp_dir().join(format!("datamin-batched-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    generated_tree(&dir, 700, "zz-retention.yaml");
    let (batched, whole) = both(vec![dir.clone()], None);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(batched, whole);
    // The generated tree exercises what waits on the policies and the cross-file errors.
    for needle in [
        "\"rule\": \"DM101\"",
        "\"rule\": \"DM108\"",
        "\"rule\": \"DM008\"",
        "duplicate form id `wallet-3`",
        "unknown processor `crmm`",
    ] {
        assert!(batched.contains(needle), "no {needle} in the report");
    }
}

/// The policies read before a batch settle what its findings would otherwise assume, and
/// those read after drop the findings that assumed them absent: with the retention file
/// read first, in the middle or last, the report is the reference's.
#[test]
fn policies_read_before_or_between_batches_settle_what_findings_assume() {
    for (n, at) in [
        "aa-retention.yaml",
        "forms/f0400r.yaml",
        "zz-retention.yaml",
    ]
    .into_iter()
    .enumerate()
    {
        let dir = std::env::temp_dir().join(format!("datamin-settled-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        generated_tree(&dir, 700, at);
        let (batched, whole) = both(vec![dir.clone()], None);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(batched, whole, "retention file at {at}");
        assert!(batched.contains("\"rule\": \"DM101\""), "{at}");
        assert!(batched.contains("\"rule\": \"DM108\""), "{at}");
    }
}

#[test]
fn human_output_reads_checked_files_again_and_says_when_one_changed() {
    use codespan_reporting::term::termcolor::NoColor;
    let dir = std::env::temp_dir().join(format!("datamin-reread-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let form = dir.join("form.yaml");
    std::fs::write(
        &form,
        "form: wallet\nfields:\n  - id: story\n    label: Tell us everything\n    type: textarea\n",
    )
    .unwrap();
    let render = |changed: bool| {
        let mut report = check(&CheckOptions {
            paths: vec![form.clone()],
            ..CheckOptions::default()
        });
        assert!(report.files.iter().any(|f| f.is_evicted()));
        if changed {
            std::fs::write(&form, "form: wallet\n").unwrap();
        }
        report.restore_sources();
        let mut out = NoColor::new(Vec::new());
        datamin::report::human::write(&report, &mut out, false, false).unwrap();
        String::from_utf8(out.into_inner()).unwrap()
    };
    let shown = render(false);
    assert!(shown.contains("    type: textarea"), "{shown}");
    let changed = render(true);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(changed.contains("form.yaml:5:11"), "{changed}");
    assert!(
        changed.contains(
            "(source not shown: the file changed or cannot be read since it was checked)"
        ),
        "{changed}"
    );
    assert!(!changed.contains("    type: textarea"), "{changed}");
}

/// Writes `files` under a fresh temporary folder named `name`.
fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("datamin-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// A processor keeping tickets 2 years, and policies of 1 year for `alpha` and of 180 days
/// for the forms `beta` matches.
fn retention(beta: &str) -> String {
    format!("processors:\n  - id: helpdesk\n    third_party: true\n    keeps: 2y\nretention:\n  - forms: [alpha]\n    closed_tickets: 1y\n  - forms: [\"{beta}\"]\n    closed_tickets: 180d\n")
}

fn form(id: &str) -> String {
    format!("form: {id}\nprocessors: [helpdesk]\nfields:\n  - id: country\n    label: Country\n    type: select\n    options: [DE, FR]\n")
}

/// Forms checked early and forms kept to the end (context files, Rust) send to one
/// processor: every form's policy is seen, in both modes (the finding names the shortest
/// period exceeded, that of the form kept to the end).
#[test]
fn cross_file_checks_see_forms_in_file_order() {
    let beta = form("beta");
    let dir = tree(
        "order",
        &[
            ("forms/alpha.yaml", &form("alpha")),
            ("shared/beta.yaml", &beta),
            ("shared/retention.yaml", &retention("beta")),
            (
                "datamin.yaml",
                "context: [shared/beta.yaml, shared/retention.yaml]\n",
            ),
        ],
    );
    let (batched, whole) = both(
        vec![dir.join("forms"), dir.join("shared/retention.yaml")],
        None,
    );
    let rust = tree(
        "order-rust",
        &[
            ("a.yaml", &form("alpha")),
            (
                "b.rs",
                "use serde::Deserialize;\n\n/// datamin: processors helpdesk\n#[derive(Deserialize)]\npub struct BetaForm {\n    pub agree: bool,\n}\n",
            ),
            ("z.yaml", &retention("*BetaForm")),
        ],
    );
    let (batched_rust, whole_rust) = both(vec![rust.clone()], None);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&rust);
    assert_eq!(batched, whole);
    assert_eq!(batched_rust, whole_rust);
    assert!(
        batched.contains("the policy for `beta` (180d)"),
        "{batched}"
    );
    assert!(
        batched_rust.contains("the policy for `*BetaForm` (180d)"),
        "{batched_rust}"
    );
}

/// Two JSON Schemas of one file name in different folders are two forms (their ids are file
/// names): both are checked, a uiSchema's findings with its own schema, in both modes.
#[test]
fn forms_named_by_their_files_may_share_a_name() {
    let schema = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"details\": { \"type\": \"string\", \"title\": \"Details\" }\n  }\n}\n";
    let issue = "name: Bug\ndescription: Report a bug\nbody:\n  - type: input\n    id: email\n    attributes:\n      label: Email address\n";
    let dir = tree(
        "same-names",
        &[
            ("a/contact.schema.json", schema),
            ("b/contact.schema.json", schema),
            (
                "b/contact.uischema.json",
                "{\n  \"ui:title\": \"Contact us\",\n  \"details\": { \"ui:placeholder\": \"Tell us your date of birth and passport number\" }\n}\n",
            ),
            ("x/.github/ISSUE_TEMPLATE/bug_report.yml", issue),
            ("y/.github/ISSUE_TEMPLATE/bug_report.yml", issue),
        ],
    );
    let (batched, whole) = both(vec![dir.clone()], None);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(batched, whole);
    assert!(!batched.contains("duplicate form id"), "{batched}");
    for file in [
        "a/contact.schema.json",
        "b/contact.schema.json",
        "b/contact.uischema.json",
        "x/.github/ISSUE_TEMPLATE/bug_report.yml",
        "y/.github/ISSUE_TEMPLATE/bug_report.yml",
    ] {
        assert!(batched.contains(&format!("{file}\"")), "{file}: {batched}");
    }
}

/// Files walked but not forms are not held: nothing is reported about them.
#[test]
fn files_that_are_not_forms_are_not_held() {
    let dir = tree(
        "not-forms",
        &[
            (
                "package.json",
                "{\"name\": \"app\", \"version\": \"1.0.0\"}\n",
            ),
            ("form.yaml", "form: wallet\nfields: []\n"),
        ],
    );
    let r = check(&CheckOptions {
        paths: vec![dir.clone()],
        ..CheckOptions::default()
    });
    let _ = std::fs::remove_dir_all(&dir);
    let held: Vec<(&str, usize)> = r
        .files
        .iter()
        .filter(|f| f.path.starts_with(&dir))
        .map(|f| (f.name.rsplit('/').next().unwrap(), f.text.len()))
        .collect();
    assert!(held.iter().all(|(_, len)| *len == 0), "{held:?}");
    assert_eq!(held.len(), 2, "{held:?}");
}

/// A uiSchema named under `context:` stands for its JSON Schema, as one named on the command
/// line does: read once, with its schema, not a second time alone (whether the schema is
/// checked or also context).
#[test]
fn a_context_uischema_is_read_once_with_its_schema() {
    let schema = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"details\": { \"type\": \"string\", \"title\": \"Details\" }\n  }\n}\n";
    let ui = "{\n  \"details\": { \"ui:placeholder\": \"What happened?\" }\n}\n";
    let dir = tree(
        "context-ui",
        &[
            ("forms/x.schema.json", schema),
            ("forms/x.uischema.json", ui),
            ("shared/y.schema.json", &schema.replace("Details", "More")),
            ("shared/y.uischema.json", ui),
            (
                "datamin.yaml",
                "context: [forms/x.uischema.json, shared/y.schema.json, shared/y.uischema.json]\n",
            ),
        ],
    );
    let r = check(&CheckOptions {
        paths: vec![dir.join("forms")],
        config: Some(dir.join("datamin.yaml")),
        ..CheckOptions::default()
    });
    let _ = std::fs::remove_dir_all(&dir);
    let mut read: Vec<String> = r
        .files
        .iter()
        .filter(|f| f.name.ends_with(".json"))
        .map(|f| f.name.rsplit('/').next().unwrap_or_default().to_string())
        .collect();
    read.sort();
    assert_eq!(
        read,
        [
            "x.schema.json",
            "x.uischema.json",
            "y.schema.json",
            "y.uischema.json"
        ]
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}
