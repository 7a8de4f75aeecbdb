//! What the expected-output tests share: finding cases, checking one, writing its findings and
//! errors as lines, and comparing lines with a case's `.expected` file (rewritten instead
//! under `BLESS=1`; review the diff before committing).
#![allow(dead_code, clippy::expect_used)]

use std::path::{Path, PathBuf};

use datamin::diag::Error;
use datamin::report::Finding;
use datamin::{CheckOptions, Report};

/// The config of cases without a `datamin.yaml` of their own.
pub const DEFAULT_CONFIG: &str = "tests/fixtures/default-config.yaml";

/// The cases in a folder (files and folders, not `.expected` files), sorted.
pub fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_none_or(|e| e != "expected"));
    v.sort();
    v
}

/// The `ok/` and `err/` cases of `dir`; when either is missing, a failure about `name`, and
/// `None`.
pub fn ok_and_err(
    dir: &Path,
    name: &str,
    failures: &mut Vec<String>,
) -> Option<(Vec<PathBuf>, Vec<PathBuf>)> {
    let ok = cases(&dir.join("ok"));
    let err = cases(&dir.join("err"));
    if ok.is_empty() || err.is_empty() {
        failures.push(format!(
            "{name}: needs at least one ok and one err case in {}",
            dir.display()
        ));
        return None;
    }
    Some((ok, err))
}

/// Options that check `case` alone: with the `datamin.yaml` in it when it is a folder that
/// has one, else with [`DEFAULT_CONFIG`] (cases must not pick up a datamin.yaml from a parent
/// folder).
pub fn options(case: &Path) -> CheckOptions {
    let config = if case.is_dir() && case.join("datamin.yaml").is_file() {
        case.join("datamin.yaml")
    } else {
        PathBuf::from(DEFAULT_CONFIG)
    };
    CheckOptions {
        paths: vec![case.to_path_buf()],
        config: Some(config),
        ..CheckOptions::default()
    }
}

/// Strips the case's folder (the case itself when it is a folder) from a file name.
pub fn relative(case: &Path, file: &str) -> String {
    let base = if case.is_dir() {
        case
    } else {
        case.parent().unwrap_or(case)
    };
    let prefix = format!("{}/", base.to_string_lossy().replace('\\', "/"));
    file.strip_prefix(&prefix).unwrap_or(file).to_string()
}

/// A finding as `file:line:col: message [ID]`, the file relative to `case`.
pub fn finding_line(report: &Report, f: &Finding, case: &Path) -> String {
    let loc = report.locate(f.span).expect("finding has a location");
    format!(
        "{}:{}:{}: {} [{}]",
        relative(case, loc.file),
        loc.line,
        loc.column,
        f.message,
        f.rule_id
    )
}

/// An input error as `file:line:col: error: message` (`file: error: message` when it has no
/// location), the file relative to `case`.
pub fn error_line(report: &Report, e: &Error, case: &Path) -> String {
    match e.span.and_then(|s| report.locate(s)) {
        Some(loc) => format!(
            "{}:{}:{}: error: {}",
            relative(case, loc.file),
            loc.line,
            loc.column,
            e.message
        ),
        None => format!(
            "{}: error: {}",
            relative(case, &report.error_path(e)),
            e.message
        ),
    }
}

/// Every finding of `report`, as [`finding_line`]s.
pub fn finding_lines(report: &Report, case: &Path) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| finding_line(report, f, case))
        .collect()
}

/// Every input error of `report`, as [`error_line`]s.
pub fn error_lines(report: &Report, case: &Path) -> Vec<String> {
    report
        .errors
        .iter()
        .map(|e| error_line(report, e, case))
        .collect()
}

/// The `.expected` file of a case.
pub fn expected_path(case: &Path) -> PathBuf {
    PathBuf::from(format!("{}.expected", case.display()))
}

/// Under `BLESS=1`, rewrites `expected_path` with `got` and says so: the case is not compared
/// then.
pub fn bless(expected_path: &Path, got: &[String]) -> bool {
    if std::env::var_os("BLESS").is_none() {
        return false;
    }
    let text: String = got.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(expected_path, text).expect("write expected");
    true
}

/// The lines of `expected_path` (none when it is missing); when there are none, a failure
/// about `case`, which must expect some `what` (`lines`, `findings`).
pub fn expected_lines(
    case: &Path,
    expected_path: &Path,
    what: &str,
    failures: &mut Vec<String>,
) -> Vec<String> {
    let expected = std::fs::read_to_string(expected_path).unwrap_or_default();
    let expected: Vec<String> = expected.lines().map(String::from).collect();
    if expected.is_empty() {
        failures.push(format!(
            "{}: no expected {what} in {}",
            case.display(),
            expected_path.display()
        ));
    }
    expected
}

/// The failure of a case that yields `got` instead of `expected`.
pub fn mismatch(case: &Path, expected: &[String], got: &[String]) -> String {
    format!(
        "{}:\n  expected:\n    {}\n  got:\n    {}",
        case.display(),
        expected.join("\n    "),
        got.join("\n    ")
    )
}

/// Compares `got` with the lines of `expected_path`; a mismatch or an empty expected file
/// adds a readable failure about `case`.
pub fn compare(case: &Path, expected_path: &Path, got: &[String], failures: &mut Vec<String>) {
    if bless(expected_path, got) {
        return;
    }
    let expected = expected_lines(case, expected_path, "lines", failures);
    if got != expected {
        failures.push(mismatch(case, &expected, got));
    }
}

/// A scratch folder of this test process named `name`, emptied first.
pub fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("datamin-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("a scratch folder");
    d
}

/// A scratch folder ([`tempdir`]), removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        Scratch(tempdir(name))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
