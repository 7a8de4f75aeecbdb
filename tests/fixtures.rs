#![allow(clippy::unwrap_used, clippy::expect_used)]

//! Rule fixtures, actionlint-style: for every rule directory `tests/fixtures/<ID>/`, each case
//! in `ok/` must yield no finding of that rule and no error, and each case in `err/` must
//! yield exactly the lines of its `.expected` file (`file:line:col: message [ID]`, the file
//! relative to the case) for that rule, and no error.
//!
//! A case is a single file, or a folder (for cases that need a form and a retention file;
//! a `datamin.yaml` in it is used). `BLESS=1 cargo test --test fixtures` rewrites the
//! `.expected` files; review the diff before committing.

use std::path::{Path, PathBuf};

use datamin::{check, CheckOptions, Report};

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_none_or(|e| e != "expected"));
    v.sort();
    v
}

fn run(case: &Path) -> Report {
    let config = if case.is_dir() && case.join("datamin.yaml").is_file() {
        Some(case.join("datamin.yaml"))
    } else {
        // Fixtures must not pick up a datamin.yaml from a parent folder.
        Some(Path::new("tests/fixtures/default-config.yaml").to_path_buf())
    };
    check(&CheckOptions {
        paths: vec![case.to_path_buf()],
        config,
        threads: 1,
    })
}

/// The findings of `rule` as `file:line:col: message [ID]` lines, files relative to `case`.
fn lines(report: &Report, rule: &str, case: &Path) -> Vec<String> {
    let base = if case.is_dir() {
        case
    } else {
        case.parent().unwrap_or(case)
    };
    let prefix = format!("{}/", base.to_string_lossy().replace('\\', "/"));
    report
        .findings
        .iter()
        .filter(|f| f.rule_id == rule)
        .map(|f| {
            let loc = report.locate(f.span).expect("finding has a location");
            let file = loc
                .file
                .strip_prefix(&prefix)
                .unwrap_or(&loc.file)
                .to_string();
            format!(
                "{}:{}:{}: {} [{}]",
                file, loc.line, loc.column, f.message, f.rule_id
            )
        })
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
    let bless = std::env::var_os("BLESS").is_some();
    for rule in &rules.rules {
        let dir = Path::new("tests/fixtures").join(&rule.id);
        let ok = cases(&dir.join("ok"));
        let err = cases(&dir.join("err"));
        if ok.is_empty() || err.is_empty() {
            failures.push(format!(
                "{}: needs at least one ok and one err case in {}",
                rule.id,
                dir.display()
            ));
            continue;
        }
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
            let expected_path = PathBuf::from(format!("{}.expected", case.display()));
            if bless {
                std::fs::write(
                    &expected_path,
                    got.iter().map(|l| format!("{l}\n")).collect::<String>(),
                )
                .expect("write expected");
                continue;
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            let expected: Vec<&str> = expected.lines().collect();
            if expected.is_empty() {
                failures.push(format!(
                    "{}: no expected findings in {}",
                    case.display(),
                    expected_path.display()
                ));
            }
            if got != expected || !r.errors.is_empty() {
                failures.push(format!(
                    "{}:\n  expected:\n    {}\n  got:\n    {}\n  errors:\n    {}",
                    case.display(),
                    expected.join("\n    "),
                    got.join("\n    "),
                    errors(&r).join("\n    ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
