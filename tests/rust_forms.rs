#![allow(clippy::unwrap_used, clippy::expect_used)]

//! Forms defined in Rust code: every case in `tests/rust/` (a `.rs` file, or a folder with
//! several and maybe a `datamin.yaml`) yields exactly the lines of its `.expected` file:
//! `file:line:col: message [ID]` for findings and `file:line:col: error: message` for input
//! errors, files relative to the case, in report order. An empty `.expected` file means the
//! case must stay silent. `BLESS=1 cargo test --test rust_forms` rewrites the expected files;
//! review the diff before committing.

mod common;

use std::path::{Path, PathBuf};

use datamin::{check, CheckOptions, Report};

const CASES: &str = "tests/rust";

fn run(case: &Path) -> Report {
    check(&CheckOptions {
        threads: 0,
        ..common::options(case)
    })
}

/// Every error and every finding, as lines, files relative to `case`.
fn lines(report: &Report, case: &Path) -> Vec<String> {
    [
        common::error_lines(report, case),
        common::finding_lines(report, case),
    ]
    .concat()
}

#[test]
fn rust_cases_yield_exactly_their_expected_lines() {
    let mut failures = Vec::new();
    let all = common::cases(Path::new(CASES));
    assert!(all.len() >= 10, "the Rust cases are there: {all:?}");
    for case in all {
        let got = lines(&run(&case), &case);
        let expected_path = common::expected_path(&case);
        if common::bless(&expected_path, &got) {
            continue;
        }
        // An empty `.expected` file is a silent case; a missing one is a mistake.
        let expected: Vec<String> = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} is missing", expected_path.display()))
            .lines()
            .map(String::from)
            .collect();
        if got != expected {
            failures.push(common::mismatch(&case, &expected, &got));
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

/// A crate root is known by the `Cargo.toml` of its package, also above the folder checked.
#[test]
fn crate_roots_are_known_when_only_a_subfolder_is_checked() {
    let case = Path::new("tests/rust/crate_root_bin");
    let r = check(&CheckOptions {
        paths: vec![case.join("src/bin")],
        threads: 0,
        ..common::options(case)
    });
    let expected = std::fs::read_to_string("tests/rust/crate_root_bin.expected").unwrap();
    assert_eq!(lines(&r, case), expected.lines().collect::<Vec<_>>());
}

/// ...and above the working folder, when the files are named from inside the package.
#[test]
fn crate_roots_are_known_from_inside_the_package() {
    let config = std::fs::canonicalize(common::DEFAULT_CONFIG).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_datamin"))
        .current_dir("tests/rust/crate_root_bin/src/bin")
        .args(["check", "--quiet", "--config"])
        .arg(&config)
        .arg(".")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("admin_tests.rs:5:12: "), "{out}");
    assert!(out.contains("\ntool.rs:5:12: "), "{out}");
    assert!(!out.contains("tests/mod.rs"), "{out}");
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

/// Forms that share a nested struct each have its findings; the human output shows what
/// they show once, and says which other forms it is reported for.
#[test]
fn findings_that_forms_share_are_shown_once() {
    let case = Path::new("tests/rust/shared_nested.rs");
    let r = run(case);
    let street = |rule: &str| {
        r.findings
            .iter()
            .filter(|f| f.rule_id == rule && f.message.as_str().contains("`home.street`"))
            .count()
    };
    assert_eq!((street("DM001"), street("DM007")), (2, 2));
    let mut out = codespan_reporting::term::termcolor::Buffer::no_color();
    datamin::report::human::write(&r, &mut out, false, false).unwrap();
    let text = String::from_utf8(out.into_inner()).unwrap();
    for message in [
        "free-text field `home.street` has no length limit",
        "required field `home.street` asks for home address without a declared purpose",
        "free-text field `billing.street` has no length limit",
    ] {
        assert_eq!(text.matches(message).count(), 1, "{message}:\n{text}");
    }
    assert_eq!(
        text.matches(
            "also reported for `shared_nested::ReturnRequest` (the same finding at this place)"
        )
        .count(),
        4,
        "{text}"
    );
    let mut quiet = codespan_reporting::term::termcolor::Buffer::no_color();
    datamin::report::human::write(&r, &mut quiet, true, false).unwrap();
    let quiet = String::from_utf8(quiet.into_inner()).unwrap();
    assert_eq!(
        quiet.matches("`home.street` has no length limit").count(),
        1,
        "{quiet}"
    );
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

/// A test module, its declaring file given as `context:` (pre-commit names the changed files).
const NAMED: &str = "tests/rust/test_module_named";

/// `datamin check --format json ARGS` run in `dir`: the report.
fn json_in(dir: &Path, args: &[PathBuf]) -> serde_json::Value {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_datamin"))
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

/// The messages of a report's errors, and the files of its findings.
fn errors_and_finding_files(v: &serde_json::Value) -> (Vec<String>, Vec<String>) {
    let strings = |list: &serde_json::Value, key: &str| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|e| e[key].as_str().unwrap().to_string())
            .collect()
    };
    (
        strings(&v["errors"], "message"),
        strings(&v["findings"], "file"),
    )
}

/// The module tree is keyed as the run's files are: relative, `./`, absolute and from a
/// subfolder, a test module is known as one by its declaring file's `#[cfg(test)] mod tests;`.
#[test]
fn a_test_module_is_known_whatever_the_spelling_of_its_path() {
    let dir = std::fs::canonicalize(NAMED).unwrap();
    let p = PathBuf::from;
    let runs: [(PathBuf, Vec<PathBuf>); 6] = [
        (dir.clone(), vec![p("src/tests.rs")]),
        (dir.clone(), vec![p("./src/tests.rs")]),
        (dir.clone(), vec![dir.join("src/tests.rs")]),
        (dir.join("src"), vec![p("tests.rs")]),
        (
            dir.clone(),
            vec![p("./src/lib.rs"), dir.join("src/tests.rs")],
        ),
        (dir.clone(), vec![dir.join("src/lib.rs"), p("src/tests.rs")]),
    ];
    for (cwd, args) in runs {
        let v = json_in(&cwd, &args);
        let (errors, files) = errors_and_finding_files(&v);
        // What reading `tests.rs` found wrong is no error, and nothing in it is a form.
        assert_eq!(errors, ["`allow` names no rule"], "{args:?}");
        assert!(files.is_empty(), "{args:?}: {files:?}");
        assert_eq!(v["summary"]["files_checked"], 0, "{args:?}");
    }
}

/// A test-only file named on the command line is listed as skipped, and why; not checked.
#[test]
fn a_named_test_only_file_is_skipped_with_its_declaration() {
    let dir = Path::new(NAMED);
    let v = json_in(
        dir,
        &[PathBuf::from("src/lib.rs"), PathBuf::from("src/tests.rs")],
    );
    assert_eq!(
        v["skipped"],
        serde_json::json!([
            {"file": "src/lib.rs", "reason": "a Rust file without `Deserialize` defines no form"},
            {"file": "src/tests.rs", "reason": "test-only: declared `mod tests;` under `cfg(test)` at src/lib.rs:5:1"},
        ])
    );
    assert_eq!(v["summary"]["files_checked"], 0);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_datamin"))
        .current_dir(dir)
        .args(["check", "src/lib.rs", "src/tests.rs"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("\nskipped: src/tests.rs: test-only: declared `mod tests;` under `cfg(test)` at src/lib.rs:5:1\n"),
        "{out}"
    );
    assert!(out.contains(" in 0 files checked, 2 skipped"), "{out}");
    // Found by walking: neither listed nor counted, as a file without `Deserialize`.
    let v = json_in(dir, &[PathBuf::from(".")]);
    assert_eq!(v["skipped"], serde_json::json!([]));
    assert_eq!(v["summary"]["files_checked"], 1, "src/api.rs alone");
}

/// A test-only file's struct errors go; its malformed suppression comments stay, and so do
/// the syntax errors of a file declared for tests (what it declares cannot be known).
#[test]
fn a_test_only_file_keeps_its_errors_but_struct_ones() {
    let v = json_in(Path::new(NAMED), &[PathBuf::from(".")]);
    let (errors, _) = errors_and_finding_files(&v);
    assert_eq!(
        errors,
        ["Rust syntax error: expected `,`", "`allow` names no rule"]
    );
}

/// A module file declared `#[cfg(test)]` by one crate root and for real by another: a run
/// that leaves the other out cannot call it test-only.
#[test]
fn a_module_file_another_crate_root_may_declare_is_read() {
    let case = Path::new("tests/rust/test_module_shared");
    let run = |files: &[&str]| {
        let r = check(&CheckOptions {
            paths: files.iter().map(|f| case.join(f)).collect(),
            threads: 0,
            ..common::options(case)
        });
        let mut files: Vec<String> = r
            .findings
            .iter()
            .map(|f| r.locate(f.span).unwrap().file.to_string())
            .collect();
        files.dedup();
        files
    };
    let shared = "tests/rust/test_module_shared/src/shared.rs";
    let only_tests = "tests/rust/test_module_shared/src/only_tests.rs";
    // `src/main.rs` is not read: it may declare either module.
    assert_eq!(run(&["src/lib.rs", "src/shared.rs"]), [shared]);
    assert_eq!(run(&["src/lib.rs", "src/only_tests.rs"]), [only_tests]);
    // Read, it says which.
    assert_eq!(
        run(&[
            "src/lib.rs",
            "src/main.rs",
            "src/shared.rs",
            "src/only_tests.rs"
        ]),
        [shared]
    );
}

/// A test-only file is not checked: its suppressions (and `ignore:` entries about it alone)
/// give no finding, with `--report-unused` too, named or found by walking; a malformed
/// suppression comment in it is still an error.
#[test]
fn a_test_only_file_s_suppressions_are_not_judged() {
    let dir = Path::new("tests/rust/test_module_suppressions");
    let runs: [Vec<PathBuf>; 2] = [
        vec![PathBuf::from(".")],
        vec![PathBuf::from("src/lib.rs"), PathBuf::from("src/tests.rs")],
    ];
    for args in runs {
        let args = [vec![PathBuf::from("--report-unused")], args].concat();
        let v = json_in(dir, &args);
        let (errors, files) = errors_and_finding_files(&v);
        assert_eq!(errors, ["unknown datamin directive `alow`"], "{args:?}");
        assert!(files.is_empty(), "{args:?}: {:#}", v["findings"]);
        assert_eq!(v["summary"]["files_checked"], 0, "{args:?}");
    }
}

/// A fresh folder under the system's temporary one, for a case written by the test.
fn temp_case(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("datamin-rust-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    dir
}

/// A file without `Deserialize` nested deeper than a parse accepts is refused as a file with
/// forms is, at the level past the limit: what it declares is not known.
#[test]
fn a_file_without_forms_nested_too_deep_is_a_located_error() {
    let dir = temp_case("deep");
    let n = 300;
    let text = format!("{}{}", "mod a { mod x;\n".repeat(n), "}".repeat(n));
    std::fs::write(dir.join("src/lib.rs"), text).unwrap();
    let r = check(&common::options(&dir));
    assert_eq!(
        common::error_lines(&r, &dir),
        ["src/lib.rs:257:7: error: nesting deeper than 256 levels"]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `tests/rust/test_module_shared` copied to a fresh folder, its `src/main.rs` (which
/// declares `src/shared.rs` for real) written as `main`: the files of the findings of a run
/// of the whole copy, and its errors.
fn shared_with_main(name: &str, main: &[u8]) -> (Vec<String>, Vec<String>) {
    let dir = temp_case(name);
    let from = Path::new("tests/rust/test_module_shared");
    for f in [
        "Cargo.toml",
        "src/lib.rs",
        "src/shared.rs",
        "src/only_tests.rs",
    ] {
        std::fs::copy(from.join(f), dir.join(f)).unwrap();
    }
    std::fs::write(dir.join("src/main.rs"), main).unwrap();
    let r = check(&common::options(&dir));
    let mut files: Vec<String> = r
        .findings
        .iter()
        .map(|f| common::relative(&dir, r.locate(f.span).unwrap().file))
        .collect();
    files.dedup();
    let errors = common::error_lines(&r, &dir);
    std::fs::remove_dir_all(&dir).unwrap();
    (files, errors)
}

/// Comments inside a declaration do not hide it: `src/shared.rs` is deployed.
#[test]
fn a_declaration_with_comments_inside_is_read() {
    for main in [
        "mod shared // live\n;\nfn main() {}\n",
        "mod /* live */ shared;\nfn main() {}\n",
    ] {
        let (files, errors) = shared_with_main("comments", main.as_bytes());
        assert_eq!(
            (files, errors),
            (vec!["src/shared.rs".to_string()], vec![]),
            "{main}"
        );
    }
}

/// A crate root that cannot be read (not UTF-8, or over the size limit) is an error, and may
/// declare `src/shared.rs` (or `src/only_tests.rs`) for real: both are still checked.
#[test]
fn a_crate_root_that_cannot_be_read_keeps_its_modules_live() {
    let mut big = b"mod shared;\n".to_vec();
    big.resize(11 << 20, b'\n');
    for (name, main) in [
        ("not-utf8", b"\xff\xfemod shared;\n".to_vec()),
        ("too-big", big),
    ] {
        let (files, errors) = shared_with_main(name, &main);
        assert_eq!(files, ["src/only_tests.rs", "src/shared.rs"], "{name}");
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
    }
}

/// So does a crate root that cannot be parsed: nested too deep (with or without forms of its
/// own), or with a syntax error.
#[test]
fn a_crate_root_that_cannot_be_parsed_keeps_its_modules_live() {
    let deep = format!(
        "mod shared;\nfn main() {{}}\n{}{}",
        "mod a { ".repeat(257),
        "}".repeat(257)
    );
    let deep_with_forms = format!("use serde::Deserialize;\n{deep}");
    let broken = "use serde::Deserialize;\nmod shared;\nfn main() {\n".to_string();
    for (name, main) in [
        ("deep", deep),
        ("deep-with-forms", deep_with_forms),
        ("broken", broken),
    ] {
        let (files, errors) = shared_with_main(name, main.as_bytes());
        assert_eq!(files, ["src/only_tests.rs", "src/shared.rs"], "{name}");
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
    }
}
