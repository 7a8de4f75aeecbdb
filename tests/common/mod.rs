//! What the expected-output tests share: finding cases, and comparing lines with a case's
//! `.expected` file (rewritten instead under `BLESS=1`; review the diff before committing).
#![allow(dead_code, clippy::expect_used)]

use std::path::{Path, PathBuf};

/// The cases in a folder (files and folders, not `.expected` files), sorted.
pub fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_none_or(|e| e != "expected"));
    v.sort();
    v
}

/// Compares `got` with the lines of `expected_path`; a mismatch or an empty expected file
/// adds a readable failure about `case`.
pub fn compare(case: &Path, expected_path: &Path, got: &[String], failures: &mut Vec<String>) {
    if std::env::var_os("BLESS").is_some() {
        let text: String = got.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(expected_path, text).expect("write expected");
        return;
    }
    let expected = std::fs::read_to_string(expected_path).unwrap_or_default();
    let expected: Vec<&str> = expected.lines().collect();
    if expected.is_empty() {
        failures.push(format!(
            "{}: no expected lines in {}",
            case.display(),
            expected_path.display()
        ));
    }
    if got != expected {
        failures.push(format!(
            "{}:\n  expected:\n    {}\n  got:\n    {}",
            case.display(),
            expected.join("\n    "),
            got.join("\n    ")
        ));
    }
}
