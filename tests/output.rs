#![allow(clippy::unwrap_used, clippy::expect_used)]

//! Every output format, snapshot-tested on `tests/snapshots/project/` (findings of each
//! severity, a suppressed finding, a config-ignored JSON finding, an input error, a file in
//! no format datamin reads, text that needs escaping). `BLESS=1 cargo test --test output` rewrites the snapshots; review the diff.
//!
//! SARIF is also validated against the official SARIF 2.1.0 schema
//! (`tests/schemas/sarif-schema-2.1.0.json`, from OASIS), formats checked.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;
use common::Scratch;

const PROJECT: &str = "tests/snapshots/project";

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

fn datamin(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run datamin");
    Run {
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Compares `got` with `tests/snapshots/<name>`, or rewrites it under `BLESS=1`.
fn snapshot(name: &str, got: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, got).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != got {
        let mut diff = String::new();
        for (i, (e, g)) in expected.lines().zip(got.lines()).enumerate() {
            if e != g {
                diff = format!("first difference at line {}:\n  - {e}\n  + {g}", i + 1);
                break;
            }
        }
        panic!(
            "{} differs from the output (BLESS=1 rewrites it)\n{diff}\n--- got ---\n{got}",
            path.display()
        );
    }
}

fn check(format: &str) -> Run {
    let run = datamin(&["check", PROJECT, "--format", format, "--color", "never"]);
    assert_eq!(
        run.code, 2,
        "the project has an input error: {}",
        run.stderr
    );
    run
}

#[test]
fn human() {
    snapshot("check.human", &check("human").stdout);
}

#[test]
fn json() {
    snapshot("check.json", &check("json").stdout);
}

#[test]
fn github() {
    snapshot("check.github", &check("github").stdout);
}

#[test]
fn junit() {
    snapshot("check.junit.xml", &check("junit").stdout);
}

#[test]
fn statistics() {
    let run = datamin(&["check", PROJECT, "--statistics", "--color", "never"]);
    assert_eq!(run.code, 2);
    snapshot("statistics.human", &run.stdout);
    let run = datamin(&["check", PROJECT, "--statistics", "--format", "json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown key `lable`"), "{}", run.stderr);
    snapshot("statistics.json", &run.stdout);
}

/// Files that start with a UTF-8 byte-order mark (`tests/snapshots/bom/`): the mark is not
/// printed, and the carets sit under the reported text on its line (1) as on the next (2),
/// in a file read back for its snippet (`form.schema.json`, findings: `"type"` at 1:2,
/// `"string"` at 2:27) and in one held for its input errors (`broken.schema.json`: `3` at
/// 1:29, `"x"` at 2:48).
#[test]
fn human_with_a_byte_order_mark() {
    let run = datamin(&["check", "tests/snapshots/bom", "--color", "never"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stdout.contains('\u{feff}'), "{}", run.stdout);
    for (at, source, carets) in [
        (
            "form.schema.json:1:2",
            "1 │ {\"type\":\"object\",",
            "  │  ^^^^^^",
        ),
        (
            "form.schema.json:2:27",
            "2 │ \"properties\":{\"a\":{\"type\":\"string\"}}}",
            "  │                           ^^^^^^^^",
        ),
        (
            "broken.schema.json:1:29",
            "1 │ {\"type\":\"object\",\"required\":3,",
            "  │                             ^",
        ),
        (
            "broken.schema.json:2:48",
            "2 │ \"properties\":{\"a\":{\"type\":\"string\",\"maxLength\":\"x\"}}}",
            "  │                                                ^^^",
        ),
    ] {
        let block = format!("┌─ tests/snapshots/bom/{at}\n  │\n{source}\n{carets}\n");
        assert!(
            run.stdout.contains(&block),
            "{block}\n--- got ---\n{}",
            run.stdout
        );
    }
    snapshot("bom.human", &run.stdout);
}

/// The SARIF snapshot lists only the rules' ids: their full text comes from `rules/` and is
/// checked below, so a rule's wording changing does not churn the snapshot.
#[test]
fn sarif() {
    let out = check("sarif").stdout;
    let mut log: Value = serde_json::from_str(&out).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"].take();
    let ids: Vec<Value> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    log["runs"][0]["tool"]["driver"]["rules"] = Value::Array(ids);
    snapshot(
        "check.sarif",
        &(serde_json::to_string_pretty(&log).unwrap() + "\n"),
    );

    // Each result points at its rule; each rule carries its text.
    let rules = rules.as_array().unwrap();
    for r in log["runs"][0]["results"].as_array().unwrap() {
        let i = usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    let dm005 = rules.iter().find(|r| r["id"] == "DM005").unwrap();
    assert_eq!(dm005["name"], "credential-field");
    assert_eq!(dm005["defaultConfiguration"]["level"], "error");
    assert!(dm005["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .starts_with("A field"));
    assert!(dm005["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## Why it matters"));
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, out: &str) {
    let log: Value = serde_json::from_str(out).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}\n{out}", errors.join("\n"));
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_validator();
    // Findings, suppressions, a located input error.
    let out = check("sarif").stdout;
    assert_valid(&validator, &out);
    let with_suppressed = datamin(&["check", PROJECT, "--format", "sarif", "--sarif-suppressed"]);
    assert!(with_suppressed.stdout.contains("\"suppressions\""));
    assert_valid(&validator, &with_suppressed.stdout);
    // The validator does reject what the schema forbids.
    let mut broken: Value = serde_json::from_str(&out).unwrap();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
    broken["runs"][0]["results"][0]["level"] = Value::from("error");
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(!validator.is_valid(&broken));
    // Clean, and an unlocated error (a path that does not exist).
    let run = datamin(&[
        "check",
        "tests/fixtures/DM001/ok/bounded.yaml",
        "no/such file.yaml",
        "--config",
        "tests/fixtures/default-config.yaml",
        "--format",
        "sarif",
    ]);
    assert_eq!(run.code, 2);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let inv = &log["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(
        inv["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]
            ["artifactLocation"]["uri"],
        "no/such%20file.yaml"
    );
    assert_valid(&validator, &run.stdout);
    // The examples.
    let run = datamin(&["check", "examples/", "--format", "sarif"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_valid(&validator, &run.stdout);
}

/// A scratch folder under the target directory's temp space, removed when dropped.
fn fingerprints(dir: &Path) -> Vec<(String, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .current_dir(dir)
        .args(["check", ".", "--format", "sarif"])
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut v: Vec<(String, String)> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["partialFingerprints"]["datamin/v1"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn sarif_fingerprints_survive_a_line_shift() {
    let scratch = Scratch::new("fingerprints");
    let form = std::fs::read_to_string("tests/fixtures/DM001/err/unbounded.yaml").unwrap();
    std::fs::write(scratch.0.join("datamin.yaml"), "{}\n").unwrap();
    std::fs::write(scratch.0.join("form.yaml"), &form).unwrap();
    let before = fingerprints(&scratch.0);
    assert!(before.len() >= 2, "{before:?}");
    let shifted = form.replacen(
        "fields:\n",
        "title: Contact us\nnotice: Never include your password.\nfields:\n",
        1,
    );
    std::fs::write(scratch.0.join("form.yaml"), shifted).unwrap();
    let after: Vec<_> = fingerprints(&scratch.0)
        .into_iter()
        .filter(|(rule, _)| rule != "DM004")
        .collect();
    let before: Vec<_> = before
        .into_iter()
        .filter(|(rule, _)| rule != "DM004")
        .collect();
    assert_eq!(before, after);
}

#[test]
fn output_goes_to_a_file() {
    let scratch = Scratch::new("output");
    let file = scratch.0.join("report.xml");
    let run = datamin(&[
        "check",
        PROJECT,
        "--format",
        "junit",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        check("junit").stdout
    );

    let bad = datamin(&[
        "check",
        PROJECT,
        "--output",
        scratch.0.join("no/such/dir/out.txt").to_str().unwrap(),
    ]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("cannot write"), "{}", bad.stderr);
}

/// Two projects each define a rule DM201 of their own: each result points at its own rule,
/// by index and by id (`DM201/<name>`, as ids are unique in a SARIF run).
#[test]
fn sarif_results_point_at_their_own_projects_rule() {
    let run = datamin(&[
        "check",
        "tests/fixtures/projects-rule-ids",
        "--format",
        "sarif",
    ]);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let mut got: Vec<(String, String, String)> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"].as_str().unwrap().starts_with("DM201"))
        .map(|r| {
            let rule = &rules[usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap()];
            // Ids are unique in a run: each rule of the shared id is `DM201/<name>`.
            assert_eq!(r["ruleId"], rule["id"]);
            (
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                rule["name"].as_str().unwrap().to_string(),
                r["level"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert!(ids.contains(&"DM201/b-textarea-rule"), "{ids:?}");
    assert!(ids.contains(&"DM001"), "{ids:?}");
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        got,
        [
            s(
                "tests/fixtures/projects-rule-ids/a/form.yaml",
                "no-free-text-on-agent-forms",
                "note"
            ),
            s(
                "tests/fixtures/projects-rule-ids/b/form.yaml",
                "b-textarea-rule",
                "error"
            ),
        ]
    );
}
