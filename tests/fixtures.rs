#![allow(clippy::unwrap_used, clippy::expect_used)]

//! Rule fixtures, actionlint-style: for every rule directory `tests/fixtures/<ID>/`, each case
//! in `ok/` must yield no finding of that rule and no error, and each case in `err/` must
//! yield exactly the lines of its `.expected` file (`file:line:col: message [ID]`, the file
//! relative to the case) for that rule, and no error.
//!
//! A case is a single file, or a folder (for cases that need a form and a retention file;
//! a `datamin.yaml` in it is used, and a `flags` file lists command-line flags such as
//! `--report-unused`). `BLESS=1 cargo test --test fixtures` rewrites the
//! `.expected` files; review the diff before committing.

mod common;

use std::path::Path;

use datamin::{check, CheckOptions, Report};

/// Command-line flags a case folder asks for, one a line in its `flags` file. Only flags
/// that change what is found are understood.
fn flags(case: &Path) -> Vec<String> {
    let flags: Vec<String> = std::fs::read_to_string(case.join("flags"))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    for f in &flags {
        assert!(
            f == "--report-unused",
            "{}: unknown flag `{f}` in `flags`",
            case.display()
        );
    }
    flags
}

fn run(case: &Path) -> Report {
    check(&CheckOptions {
        threads: 1,
        report_unused: flags(case).iter().any(|f| f == "--report-unused"),
        ..common::options(case)
    })
}

/// The findings of `rule` as `file:line:col: message [ID]` lines, files relative to `case`.
fn lines(report: &Report, rule: &str, case: &Path) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.rule_id == rule)
        .map(|f| common::finding_line(report, f, case))
        .collect()
}

fn errors(report: &Report) -> Vec<String> {
    report
        .errors
        .iter()
        .map(|e| format!("{}: {}", report.error_path(e), e.message))
        .collect()
}

#[test]
fn every_rule_has_fixtures_and_they_pass() {
    let mut failures = Vec::new();
    let mut report = Report::default();
    let rules = datamin::load_rules(None, &mut report);
    assert!(
        report.errors.is_empty(),
        "built-in rules load cleanly: {:?}",
        report.errors
    );
    // A folder of fixtures for a rule that does not exist would never run.
    for entry in std::fs::read_dir("tests/fixtures").unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if datamin::rules::is_rule_id(&name) && rules.find(&name).is_none() {
            failures.push(format!("tests/fixtures/{name}: no rule `{name}`"));
        }
    }
    for rule in &rules.rules {
        let dir = Path::new("tests/fixtures").join(&rule.id);
        let Some((ok, err)) = common::ok_and_err(&dir, &rule.id, &mut failures) else {
            continue;
        };
        for case in ok {
            let r = run(&case);
            let got = lines(&r, &rule.id, &case);
            if !got.is_empty() || !r.errors.is_empty() {
                failures.push(format!(
                    "{}: ok case yields:\n  {}\n  {}",
                    case.display(),
                    got.join("\n  "),
                    errors(&r).join("\n  ")
                ));
            }
        }
        for case in err {
            let r = run(&case);
            let got = lines(&r, &rule.id, &case);
            let expected_path = common::expected_path(&case);
            if common::bless(&expected_path, &got) {
                continue;
            }
            let expected = common::expected_lines(&case, &expected_path, "findings", &mut failures);
            if got != expected || !r.errors.is_empty() {
                failures.push(format!(
                    "{}\n  errors:\n    {}",
                    common::mismatch(&case, &expected, &got),
                    errors(&r).join("\n    ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
