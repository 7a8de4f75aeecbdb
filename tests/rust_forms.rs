#![allow(clippy::unwrap_used, clippy::expect_used)]

//! Forms defined in Rust code: every case in `tests/rust/` (a `.rs` file, or a folder with
//! several and maybe a `datamin.yaml`) yields exactly the lines of its `.expected` file:
//! `file:line:col: message [ID]` for findings and `file:line:col: error: message` for input
//! errors, files relative to the case, in report order. An empty `.expected` file means the
//! case must stay silent. `BLESS=1 cargo test --test rust_forms` rewrites the expected files;
//! review the diff before committing.

use std::path::{Path, PathBuf};

use datamin::{check, CheckOptions, Report};

const CASES: &str = "tests/rust";

fn cases() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(CASES)
        .expect("tests/rust exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_none_or(|e| e != "expected"))
        .collect();
    v.sort();
    v
}

fn run(case: &Path) -> Report {
    let config = if case.is_dir() && case.join("datamin.yaml").is_file() {
        case.join("datamin.yaml")
    } else {
        PathBuf::from("tests/fixtures/default-config.yaml")
    };
    check(&CheckOptions {
        paths: vec![case.to_path_buf()],
        config: Some(config),
        threads: 0,
        ..CheckOptions::default()
    })
}

fn lines(report: &Report, case: &Path) -> Vec<String> {
    let base = if case.is_dir() {
        case
    } else {
        case.parent().unwrap()
    };
    let prefix = format!("{}/", base.to_string_lossy().replace('\\', "/"));
    let rel = |f: &str| f.strip_prefix(&prefix).unwrap_or(f).to_string();
    let mut out: Vec<String> = report
        .errors
        .iter()
        .map(|e| match e.span.and_then(|s| report.locate(s)) {
            Some(l) => format!(
                "{}:{}:{}: error: {}",
                rel(&l.file),
                l.line,
                l.column,
                e.message
            ),
            None => format!("{}: error: {}", rel(&report.error_path(e)), e.message),
        })
        .collect();
    out.extend(report.findings.iter().map(|f| {
        let l = report.locate(f.span).expect("finding has a location");
        format!(
            "{}:{}:{}: {} [{}]",
            rel(&l.file),
            l.line,
            l.column,
            f.message,
            f.rule_id
        )
    }));
    out
}

#[test]
fn rust_cases_yield_exactly_their_expected_lines() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 10, "the Rust cases are there: {all:?}");
    for case in all {
        let got = lines(&run(&case), &case);
        let expected_path = PathBuf::from(format!("{}.expected", case.display()));
        if bless {
            let text: String = got.iter().map(|l| format!("{l}\n")).collect();
            std::fs::write(&expected_path, text).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} is missing", expected_path.display()));
        let expected: Vec<&str> = expected.lines().collect();
        if got != expected {
            failures.push(format!(
                "{}:\n  expected:\n    {}\n  got:\n    {}",
                case.display(),
                expected.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_file_without_deserialize_is_skipped_unparsed() {
    let r = run(Path::new("tests/rust/prefiltered.rs"));
    assert_eq!(r.checked, 0);
    assert!(r.errors.is_empty());
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(r.skipped[0].path, "tests/rust/prefiltered.rs");
    assert!(r.skipped[0].reason.contains("Deserialize"));
}

#[test]
fn a_broken_file_is_an_input_error_and_the_others_are_still_checked() {
    let r = run(Path::new("tests/rust/broken_among_good"));
    assert_eq!(r.exit_code(datamin::rules::Severity::Error), 2);
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.checked, 1, "the good file is checked");
    assert!(r
        .findings
        .iter()
        .all(|f| r.locate(f.span).unwrap().file.ends_with("good.rs")));
    assert!(!r.findings.is_empty());
}

#[test]
fn help_says_how_to_fix_in_the_form_s_own_format() {
    let help = |case: &str, rule: &str| {
        let r = run(Path::new(case));
        r.findings
            .iter()
            .find(|f| f.rule_id == rule)
            .unwrap_or_else(|| panic!("{case} has a {rule} finding"))
            .help
            .clone()
    };
    assert!(help("tests/rust/plain_serde.rs", "DM001")
        .starts_with("add `#[validate(length(max = N))]` ("));
    assert!(help("tests/rust/garde_limits.rs", "DM001")
        .starts_with("add `#[garde(length(max = N))]` ("));
    assert!(help("tests/rust/plain_serde.rs", "DM007")
        .ends_with("add a `/// purpose: ...` line to its doc comment saying why"));
    assert!(
        help("tests/fixtures/DM001/err/unbounded.yaml", "DM001").starts_with("add `max_length` (")
    );
    assert!(help("tests/fixtures/DM007/err/required.yaml", "DM007")
        .ends_with("add `purpose:` saying why"));
}

/// The README shows these two findings of `datamin check examples/rust-support`.
#[test]
fn the_readme_example_says_what_the_readme_shows() {
    let r = check(&CheckOptions {
        paths: vec![PathBuf::from("examples/rust-support")],
        config: None,
        threads: 0,
        ..CheckOptions::default()
    });
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let got = lines(&r, Path::new("examples/rust-support"));
    for line in [
        "src/support.rs:21:9: free-text field `details` has no length limit [DM001]",
        "src/support.rs:22:9: field `dateOfBirth` asks for date of birth without a declared purpose [DM006]",
    ] {
        assert!(got.iter().any(|l| l == line), "{line} not in {got:#?}");
    }
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(readme.contains("   ┌─ examples/rust-support/src/support.rs:21:9"));
    assert!(readme.contains("   ┌─ examples/rust-support/src/support.rs:22:9"));
}
