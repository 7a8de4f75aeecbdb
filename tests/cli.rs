//! The command line, end to end: exit codes, JSON shape, bad input, `rules` and `explain`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{tempdir, Scratch};

fn datamin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_datamin"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run datamin")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The findings of a JSON report, as `line:column RULE`.
fn located(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{} {}",
                f["line"],
                f["column"],
                f["rule"].as_str().unwrap()
            )
        })
        .collect()
}

fn json(args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let o = datamin(&all);
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)));
    (o.status.code().unwrap(), v)
}

#[test]
fn clean_project_exits_0() {
    let o = datamin(&["check", "examples/clean"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 findings"));
}

#[test]
fn findings_exit_1_and_fail_on_sets_the_bar() {
    assert_eq!(datamin(&["check", "examples/"]).status.code(), Some(1));
    // Only warnings in this file: failing on errors only passes.
    let f = "tests/fixtures/DM001/err/unbounded.yaml";
    let cfg = "tests/fixtures/default-config.yaml";
    assert_eq!(
        datamin(&["check", "--config", cfg, f]).status.code(),
        Some(1)
    );
    assert_eq!(
        datamin(&["check", "--config", cfg, "--fail-on", "error", f])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        datamin(&["check", "--config", cfg, "--fail-on", "note", f])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        datamin(&["check", "--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(datamin(&["nonsense"]).status.code(), Some(2));
    assert_eq!(datamin(&["explain", "DM999"]).status.code(), Some(2));
    // A typo's thousands of threads are refused, not started.
    let o = datamin(&["check", "--threads", "2000", "examples/clean"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("at most 256 threads"));
    assert_eq!(
        datamin(&["audit", "--threads", "257", "examples/clean"])
            .status
            .code(),
        Some(2)
    );
}

/// An empty rule name in `--select` or `--ignore` quotes the whole argument and says where
/// it is; spaces after the commas are no empty name.
#[test]
fn an_empty_rule_name_is_shown_in_the_argument_typed() {
    for (flag, arg, why) in [
        ("--select", "DM005,", "a comma with nothing after it"),
        (
            "--ignore",
            "DM0,,DM1",
            "two commas with nothing between them",
        ),
    ] {
        let o = datamin(&["check", flag, arg, "examples/clean"]);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.starts_with(&format!(
                "error: invalid value '{arg}' for '{flag} <RULES>': empty rule name in `{arg}` ({why}): write an id (DM001)"
            )),
            "{err}"
        );
    }
    let o = datamin(&[
        "check",
        "-q",
        "--config",
        "tests/fixtures/default-config.yaml",
        "--select",
        "DM005, DM007",
        "--select",
        " DM001 ",
        "tests/fixtures/DM005/err/secrets.yaml",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Only the rules selected (DM007 finds nothing here), not DM004 or DM101.
    let rules: std::collections::BTreeSet<String> = stdout(&o)
        .lines()
        .filter_map(|l| {
            l.rsplit_once(" [")
                .map(|(_, r)| r.trim_end_matches(']').to_string())
        })
        .collect();
    assert_eq!(
        rules.iter().map(String::as_str).collect::<Vec<_>>(),
        ["DM001", "DM005"],
        "{}",
        stdout(&o)
    );
}

#[test]
fn json_shape() {
    let (code, v) = json(&[
        "tests/fixtures/DM005/err/secrets.yaml",
        "--config",
        "tests/fixtures/default-config.yaml",
    ]);
    assert_eq!(code, 1);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"], "datamin");
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "DM005")
        .expect("a DM005 finding");
    assert_eq!(f["name"], "credential-field");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["file"], "tests/fixtures/DM005/err/secrets.yaml");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(5), Some(12))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(5), Some(36))
    );
    assert_eq!(f["identity"], "recover/seed");
    assert!(f["message"]
        .as_str()
        .unwrap()
        .starts_with("field `seed` asks for"));
    assert!(!f["help"].as_str().unwrap().is_empty());
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
    assert_eq!(v["summary"]["files_checked"], 1);
    assert!(v["summary"]["errors"].as_u64().unwrap() >= 4);
}

/// Line and column of an error, or none for whole-file errors.
type At = Option<(u64, u64)>;

/// (input, location, message start) for each class of bad input.
const BAD: &[(&str, At, &str)] = &[
    ("malformed.yaml", Some((5, 1)), "invalid YAML"),
    ("malformed.json", Some((1, 25)), "invalid JSON"),
    (
        "unknown-key.yaml",
        Some((5, 5)),
        "unknown key `max_lenght` in a field",
    ),
    (
        "wrong-type.yaml",
        Some((4, 15)),
        "expected `true` or `false`, found a string",
    ),
    (
        "wrong-shape.yaml",
        Some((2, 3)),
        "expected a string, found a list",
    ),
    ("bad-duration.yaml", Some((3, 21)), "`18m` is ambiguous"),
    (
        "alias-bomb.yaml",
        Some((6, 18)),
        "document expands to more than",
    ),
    ("deep.json", Some((1, 65)), "nesting deeper than 64 levels"),
    (
        "deep.yaml",
        Some((2, 264)),
        "invalid YAML: recursion limit exceeded",
    ),
    ("no-form-id.yaml", Some((1, 1)), "form has no id"),
    ("blank-form-id.yaml", Some((1, 7)), "form has no id"),
    (
        "numeric-field-id.yaml",
        Some((3, 9)),
        "expected a string, found a number",
    ),
    (
        "policy-without-forms.yaml",
        Some((2, 5)),
        "retention policy has no `forms`",
    ),
    (
        "policy-with-empty-forms.yaml",
        Some((2, 12)),
        "retention policy's `forms` is empty: it covers no form",
    ),
    ("latin1.yaml", None, "not UTF-8 text"),
    ("binary.yaml", None, "binary file"),
    ("empty.yaml", None, "empty file"),
    (
        "does-not-exist.yaml",
        None,
        "cannot read: no such file or folder",
    ),
];

#[test]
fn bad_input_is_a_located_error_and_the_run_goes_on() {
    for (name, at, message) in BAD {
        let path = format!("tests/inputs/{name}");
        // A good file beside the bad one is still checked.
        let (code, v) = json(&[
            &path,
            "tests/fixtures/DM005/err/secrets.yaml",
            "--config",
            "tests/fixtures/default-config.yaml",
        ]);
        assert_eq!(code, 2, "{name}: exit 2");
        let errors = v["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{name}: one error: {errors:?}");
        let e = &errors[0];
        assert_eq!(e["file"], path.as_str(), "{name}");
        assert!(
            e["message"].as_str().unwrap().starts_with(message),
            "{name}: {}",
            e["message"]
        );
        let got = e["line"].as_u64().zip(e["column"].as_u64());
        assert_eq!(got, *at, "{name}: location");
        assert!(
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == "DM005"),
            "{name}: the other file is still checked"
        );
    }
}

/// An empty `forms` list governs nothing, as a missing one: the same help for both.
#[test]
fn a_policy_with_empty_forms_has_the_help_of_one_without() {
    let (_, v) = json(&[
        "tests/inputs/policy-without-forms.yaml",
        "tests/inputs/policy-with-empty-forms.yaml",
    ]);
    let helps: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["help"].as_str().unwrap())
        .collect();
    assert_eq!(
        helps,
        ["name the form ids it covers, with globs: `forms: [\"*\"]` covers every form"; 2]
    );
}

#[test]
fn human_errors_show_file_line_and_column() {
    let o = datamin(&["check", "--color", "never", "tests/inputs/unknown-key.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.contains("error: unknown key `max_lenght` in a field"),
        "{out}"
    );
    assert!(out.contains("tests/inputs/unknown-key.yaml:5:5"), "{out}");
    assert!(out.contains("did you mean `max_length`?"), "{out}");
}

#[test]
fn undetectable_explicit_file_lists_formats() {
    let dir = tempdir("undetectable");
    let f = dir.join("ci.yaml");
    std::fs::write(&f, "jobs:\n  build: {}\n").unwrap();
    let (code, v) = json(&[f.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(v["errors"][0]["help"]
        .as_str()
        .unwrap()
        .contains("form, retention"));
    // Found by walking, the same file is skipped, not an error.
    let (code, v) = json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{v}");
}

#[test]
fn color_follows_flag_and_no_color() {
    let f = "tests/fixtures/DM001/err/unbounded.yaml";
    let o = datamin(&["check", "--color", "always", f]);
    assert!(stdout(&o).contains("\u{1b}["), "colour when asked");
    let o = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .args(["check", "--color", "auto", f])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&o).contains("\u{1b}["), "NO_COLOR turns colour off");
}

#[test]
fn quiet_prints_one_line_per_finding() {
    let o = datamin(&[
        "check",
        "-q",
        "--config",
        "tests/fixtures/default-config.yaml",
        "tests/fixtures/DM001/err/unbounded.yaml",
    ]);
    let out = stdout(&o);
    assert!(out.lines().any(|l| l == "tests/fixtures/DM001/err/unbounded.yaml:6:11: warning: free-text field `message` has no length limit [DM001]"), "{out}");
    assert!(!out.contains("findings ("), "no summary: {out}");
    // Errors too take one line each.
    let o = datamin(&[
        "check",
        "-q",
        "tests/inputs/unknown-key.yaml",
        "tests/inputs/does-not-exist.yaml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stdout(&o),
        "tests/inputs/does-not-exist.yaml: error: cannot read: no such file or folder\ntests/inputs/unknown-key.yaml:5:5: error: unknown key `max_lenght` in a field (did you mean `max_length`?)\n"
    );
}

#[test]
fn rules_and_explain() {
    let o = datamin(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("DM005  credential-field"));
    for id in ["DM005", "credential-field"] {
        let o = datamin(&["explain", id]);
        assert_eq!(o.status.code(), Some(0));
        let out = stdout(&o);
        for heading in [
            "## What it finds",
            "## Why it matters",
            "## Example",
            "## How to fix",
        ] {
            assert!(out.contains(heading), "{id}: {heading}");
        }
    }
    let o = datamin(&["explain", "credential-feild"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `credential-field`?"));
}

/// DM109, reported by the pipeline rather than by conditions, is a rule like the others for
/// `rules` and `explain`.
#[test]
fn rules_and_explain_show_unused_policy_glob() {
    let o = datamin(&["rules"]);
    assert!(
        stdout(&o).contains("DM109  unused-policy-glob"),
        "{}",
        stdout(&o)
    );
    for id in ["DM109", "unused-policy-glob"] {
        let o = datamin(&["explain", id]);
        assert_eq!(o.status.code(), Some(0));
        let out = stdout(&o);
        assert!(
            out.contains("With `datamin check --report-unused`"),
            "{out}"
        );
    }
}

/// `rules` and `explain` know the rules of the config's `rule_dirs`: `--config`, or the
/// nearest config above the current folder, as `check` finds it; a malformed rule file is an
/// error (exit 2) and the other rules are still listed.
#[test]
fn rules_and_explain_know_the_configs_own_rules() {
    let config = "tests/cases/user-rules/datamin.yaml";
    let o = datamin(&["rules", "--config", config]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains(
            "\nDM201  free-text-on-agent-form           note      Free text on an agent-only form\n"
        ),
        "{}",
        stdout(&o)
    );
    let explained = "DM201 free-text-on-agent-form (note, applies to each field)\n\nFree text on an agent-only form\n\n## What it finds\n";
    for rule in ["DM201", "free-text-on-agent-form"] {
        let o = datamin(&["explain", rule, "--config", config]);
        assert_eq!(o.status.code(), Some(0), "{rule}");
        assert!(stdout(&o).starts_with(explained), "{rule}: {}", stdout(&o));
    }
    // Without `--config`: the config found from the current folder.
    let o = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .current_dir("tests/cases/user-rules")
        .args(["explain", "DM201"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with(explained), "{}", stdout(&o));
    // No config here: the built-in rules only.
    assert_eq!(datamin(&["explain", "DM201"]).status.code(), Some(2));
    // A malformed rule file: its located error, and the other rules.
    let o = datamin(&["rules", "--config", "tests/cases/bad-rule/datamin.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("DM005  credential-field"),
        "{}",
        stdout(&o)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with(
            "error: unknown condition `free_txt`\n  ┌─ tests/cases/bad-rule/rules/bad.yaml:7:5\n"
        ),
        "{err}"
    );
    let o = datamin(&["rules", "--config", "tests/inputs/no-such-config.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("tests/inputs/no-such-config.yaml: cannot read: no such file or folder"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn every_rule_explains_itself() {
    let mut r = datamin::Report::default();
    let rules = datamin::load_rules(None, &mut r);
    for rule in &rules.rules {
        for heading in [
            "## What it finds",
            "## Why it matters",
            "## Example",
            "## How to fix",
        ] {
            assert!(
                rule.explanation.contains(heading),
                "{} lacks {heading}",
                rule.id
            );
        }
        assert!(
            !rule.message.ends_with('.'),
            "{}: messages end without a full stop",
            rule.id
        );
    }
}

/// The README's first example: its command, run as shown from the project's folder, prints
/// exactly the output shown.
#[test]
fn readme_headline_example_prints_what_it_shows() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let (_, rest) = readme.split_once("```text\n").unwrap();
    let (block, _) = rest.split_once("```\n").unwrap();
    let (command, shown) = block.split_once('\n').unwrap();
    let args: Vec<&str> = command
        .strip_prefix("$ datamin ")
        .expect("a `$ datamin` command line")
        .split(' ')
        .collect();
    let o = datamin(&args);
    assert_eq!(stdout(&o), shown);
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
    assert_eq!(o.status.code(), Some(1));
}

/// The README's standard input example, run as shown (from the project's folder, with
/// `datamin` on the `PATH`): the form's findings, no input error.
#[test]
fn readme_stdin_example_runs_as_shown() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let (_, rest) = readme.split_once("### Standard input\n").unwrap();
    let (_, rest) = rest.split_once("```sh\n").unwrap();
    let (script, _) = rest.split_once("```\n").unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_datamin")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let o = Command::new("sh")
        .args(["-ec", script])
        .env("PATH", path)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let out = stdout(&o);
    assert_eq!(String::from_utf8_lossy(&o.stderr), "", "{out}");
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("   ┌─ forms/contact.yaml:26:12\n"), "{out}");
    assert!(out.contains("error[DM005 credential-field]"), "{out}");
    assert!(out.contains("   ┌─ retention.yaml:16:14\n"), "{out}");
}

#[test]
fn readme_rule_table_is_current() {
    let mut r = datamin::Report::default();
    let rules = datamin::load_rules(None, &mut r);
    let table = datamin::report::rules::markdown_table(&rules);
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = "<!-- rules-table:start -->\n";
    let end = "<!-- rules-table:end -->";
    let (head, rest) = readme.split_once(start).expect("start marker");
    let (current, tail) = rest.split_once(end).expect("end marker");
    if current != table {
        if std::env::var_os("BLESS").is_some() {
            std::fs::write("README.md", format!("{head}{start}{table}{end}{tail}")).unwrap();
        } else {
            panic!("README rule table is stale: run `BLESS=1 cargo test --test cli readme_rule_table_is_current`");
        }
    }
}

#[test]
fn output_is_deterministic() {
    let a = datamin(&["check", "--format", "json", "examples/"]);
    let b = datamin(&["check", "--format", "json", "examples/"]);
    assert_eq!(a.stdout, b.stdout);
}

/// Every format, rendered in parts on `--threads` threads, writes the same bytes.
#[test]
fn same_output_whatever_the_thread_count() {
    for format in ["json", "human", "sarif", "github", "junit"] {
        let run = |threads: &str| {
            datamin(&[
                "check",
                "--format",
                format,
                "--threads",
                threads,
                "examples/",
                "tests/fixtures",
                "tests/inputs",
            ])
            .stdout
        };
        let one = run("1");
        assert!(one.len() > 10_000, "{format}: a real amount of output");
        for n in ["2", "4", "16"] {
            assert_eq!(one, run(n), "{format}, --threads {n}");
        }
    }
}

#[test]
fn limits_are_errors_with_a_way_out() {
    let dir = tempdir("limits");
    std::fs::write(
        dir.join("datamin.yaml"),
        "limits:\n  max_file_size: 200\n  max_fields: 2\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("big.yaml"),
        format!("form: big\n# {}\n", "x".repeat(300)),
    )
    .unwrap();
    std::fs::write(
        dir.join("many.yaml"),
        "form: many\nfields:\n  - id: a\n  - id: b\n  - id: c\n",
    )
    .unwrap();
    let (code, v) = json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("over the 200-byte limit"));
    assert_eq!(
        errors[1]["message"],
        "form `many` has 3 fields, over the limit of 2"
    );
    assert_eq!(
        (errors[1]["line"].as_u64(), errors[1]["column"].as_u64()),
        (Some(1), Some(7))
    );
}

#[test]
fn default_file_size_limit_is_10_mib() {
    let dir = tempdir("huge");
    let f = dir.join("huge.yaml");
    let mut text = String::from("form: huge\n");
    text.push_str(&"# padding padding padding padding padding padding padding\n".repeat(190_000));
    std::fs::write(&f, text).unwrap();
    let (code, v) = json(&[f.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("over the 10485760-byte limit"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_odd_paths_are_reported_not_fatal() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempdir("links");
    std::os::unix::fs::symlink(dir.join("b.yaml"), dir.join("a.yaml")).unwrap();
    std::os::unix::fs::symlink(dir.join("a.yaml"), dir.join("b.yaml")).unwrap();
    // A loop given explicitly is an error; walking does not follow links, so no hang.
    let (code, v) = json(&[dir.join("a.yaml").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("cannot read"),
        "{v}"
    );
    let (code, _) = json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 0);
    // Files whose names are not UTF-8 are still checked, each named apart: the bytes that
    // are not UTF-8 shown as `\xNN`.
    for (name, form) in [
        (&b"caf\xe9.yaml"[..], "odd"),
        (&b"caf\xe8.yaml"[..], "odder"),
    ] {
        std::fs::write(
            dir.join(std::ffi::OsStr::from_bytes(name)),
            format!("form: {form}\nfields:\n  - id: pk\n    label: Private key\n"),
        )
        .unwrap();
    }
    let (code, v) = json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    let mut files: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "DM005")
        .map(|f| f["file"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    files.sort_unstable();
    assert_eq!(files, ["caf\\xE8.yaml", "caf\\xE9.yaml"]);
    // SARIF names the files by their bytes (`%E9`), not by the escape's characters.
    let o = datamin(&["check", "--format", "sarif", dir.to_str().unwrap()]);
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut uris: Vec<String> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "DM005")
        .map(|r| {
            let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            uri.rsplit('/').next().unwrap().to_string()
        })
        .collect();
    uris.sort_unstable();
    assert_eq!(uris, ["caf%E8.yaml", "caf%E9.yaml"]);
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir("unreadable");
    let f = dir.join("secret.yaml");
    std::fs::write(&f, "form: x\n").unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&f).is_ok() {
        // Running as root: permissions do not stop reads, so use a path that is a folder.
        let (code, v) = json(&[
            dir.to_str().unwrap(),
            "--config",
            "/nonexistent/datamin.yaml",
        ]);
        assert_eq!(code, 2);
        assert!(v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("cannot read"));
        return;
    }
    let (code, v) = json(&[f.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(v["errors"][0]["message"], "cannot read: permission denied");
}

#[test]
fn columns_ignore_a_byte_order_mark_and_count_characters_with_crlf() {
    let dir = tempdir("bom");
    let f = dir.join("bom.yaml");
    std::fs::write(
        &f,
        "\u{feff}form: crlf\r\nfields:\r\n  - id: pk\r\n    label: \"Gebürtsdatum 😀 Private key\"\r\n",
    )
    .unwrap();
    let (_, v) = json(&[
        f.to_str().unwrap(),
        "--config",
        "tests/fixtures/default-config.yaml",
    ]);
    let at = |rule: &str| {
        let f = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap();
        (
            f["line"].as_u64().unwrap(),
            f["column"].as_u64().unwrap(),
            f["end_column"].as_u64().unwrap(),
        )
    };
    assert_eq!(at("DM101"), (1, 7, 11), "the form id, BOM not counted");
    assert_eq!(
        at("DM005"),
        (4, 12, 40),
        "the label, emoji counted as one column"
    );
}

/// A JSON file that starts with a byte-order mark (as Windows tools write them) is read, and
/// its columns, in every output, do not count the mark.
#[test]
fn a_json_file_with_a_byte_order_mark_is_read_and_located() {
    let dir = tempdir("bom-json");
    let f = dir.join("x.schema.json");
    std::fs::write(
        &f,
        "\u{feff}{\"type\": \"object\", \"properties\": {\"pk\": {\"type\": \"string\", \"title\": \"Private key\"}}}\n",
    )
    .unwrap();
    let (code, v) = json(&[
        f.to_str().unwrap(),
        "--config",
        "tests/fixtures/default-config.yaml",
    ]);
    assert_eq!(code, 1, "{v}");
    let dm005 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "DM005")
        .unwrap();
    assert_eq!(
        (&dm005["line"], &dm005["column"], &dm005["end_column"]),
        (&1.into(), &69.into(), &82.into())
    );
    // Human output says the same.
    let o = datamin(&[
        "check",
        "--color",
        "never",
        "--config",
        "tests/fixtures/default-config.yaml",
        f.to_str().unwrap(),
    ]);
    let out = stdout(&o);
    assert!(out.contains("x.schema.json:1:69"), "{out}");
}

/// The runs of `check` on `path` whose output a person or a CI log shows: human without and
/// with colours, `-q`, GitHub annotations.
fn shown_outputs<'a>(cfg: &'a str, path: &'a str) -> [Vec<&'a str>; 4] {
    [
        vec!["check", "--color", "never", "--config", cfg, path],
        vec!["check", "--color", "always", "--config", cfg, path],
        vec!["check", "-q", "--config", cfg, path],
        vec!["check", "--format", "github", "--config", cfg, path],
    ]
}

/// A form's text cannot put terminal or log escape sequences into the output: control
/// characters in ids, labels and source lines come out visible, in human output (with
/// snippets, and `-q`) and in GitHub annotations; datamin's own colours still work.
#[test]
fn control_characters_from_a_form_are_shown_not_sent() {
    let dir = tempdir("controls");
    let f = dir.join("f.yaml");
    std::fs::write(
        &f,
        "form: \"x\\e]0;owned\\a\"\nfields:\n  - id: \"n\\e[2J\"\n    type: textarea\n    label: \"Tell us \\e[31mall\\b\\r\"   # \u{1b}[2J\u{7}\n",
    )
    .unwrap();
    let path = f.to_str().unwrap();
    let cfg = "tests/fixtures/default-config.yaml";
    for args in shown_outputs(cfg, path) {
        let o = datamin(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let out = stdout(&o);
        let sent: Vec<char> = out
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\n' | '\t'))
            .collect();
        if args.contains(&"always") {
            // Only colour sequences: ESC [ ... m, none with `2J`, `]0;` or a bell.
            assert!(
                !out.contains("\u{1b}[2J") && !out.contains("\u{1b}]0;"),
                "{out}"
            );
            assert!(out.contains("\u{1b}["), "colours still on: {out}");
            assert!(sent.iter().all(|c| *c == '\u{1b}'), "{args:?}: {sent:?}");
        } else {
            assert!(sent.is_empty(), "{args:?}: {sent:?} in {out}");
        }
        let shown = if args.contains(&"github") {
            "n%1B[2J"
        } else {
            "n^[[2J"
        };
        assert!(out.contains(shown), "{args:?}: {out}");
    }
}

/// Nor can it reorder a line ("Trojan Source"): bidirectional controls in ids, labels and
/// source lines are shown as `<U+202E>` in messages, as `???` in source lines (one `?` a
/// byte, as for other controls, so underlines stay under their text), in human output and in
/// GitHub annotations.
#[test]
fn bidirectional_controls_from_a_form_are_shown_not_sent() {
    let dir = tempdir("bidi");
    let f = dir.join("f.yaml");
    std::fs::write(
        &f,
        "form: x\nfields:\n  - id: \"ab\u{202e}cd\u{2066}\"\n    type: textarea\n    label: \"\u{200f}Your home address\u{61c}\"   # \u{202d}\n",
    )
    .unwrap();
    let path = f.to_str().unwrap();
    let cfg = "tests/fixtures/default-config.yaml";
    let bidi = |c: char| matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    for args in shown_outputs(cfg, path) {
        let o = datamin(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let out = stdout(&o);
        assert!(!out.chars().any(bidi), "{args:?}: {out}");
        assert!(
            out.contains("field `ab<U+202E>cd<U+2066>`"),
            "{args:?}: {out}"
        );
        if args.contains(&"never") {
            let lines: Vec<&str> = out.lines().collect();
            let at = lines
                .iter()
                .position(|l| l.contains("label: \"???Your home address??\"   # ???"))
                .unwrap_or_else(|| panic!("{args:?}: {out}"));
            let col = |l: &str, pat: &str| l.find(pat).unwrap_or_else(|| panic!("{l}"));
            assert_eq!(col(lines[at + 1], "^"), col(lines[at], "\"???"), "{out}");
        }
    }
    // A file's name is shown escaped, but GitHub is given the real name to find it by.
    let named = dir.join("a\u{202e}b.yaml");
    std::fs::copy(&f, &named).unwrap();
    let o = datamin(&[
        "check",
        "--format",
        "github",
        "--config",
        cfg,
        named.to_str().unwrap(),
    ]);
    let out = stdout(&o);
    assert!(out.contains("a\u{202e}b.yaml,line="), "{out}");
    assert!(!out.contains("a<U+202E>b.yaml,line="), "{out}");
    let out = stdout(&datamin(&[
        "check",
        "-q",
        "--config",
        cfg,
        named.to_str().unwrap(),
    ]));
    assert!(out.contains("a<U+202E>b.yaml:"), "{out}");
}

/// One file named two ways (through `..`, or inside a folder also named) is read once: no
/// duplicate form id with itself.
#[test]
fn a_file_named_twice_through_dot_dot_is_read_once() {
    let dir = tempdir("dot-dot");
    std::fs::create_dir_all(dir.join("forms")).unwrap();
    std::fs::write(
        dir.join("forms/f.yaml"),
        "form: f\nfields:\n  - id: n\n    type: textarea\n",
    )
    .unwrap();
    let f = dir.join("forms/f.yaml");
    let again = dir.join("forms/../forms/f.yaml");
    let folder = dir.join("forms");
    for args in [
        [f.to_str().unwrap(), again.to_str().unwrap()],
        [folder.to_str().unwrap(), again.to_str().unwrap()],
    ] {
        let (code, v) = json(&[
            args[0],
            args[1],
            "--config",
            "tests/fixtures/default-config.yaml",
        ]);
        assert_eq!(code, 1, "{args:?}: {v}");
        assert_eq!(v["errors"].as_array().unwrap().len(), 0, "{args:?}: {v}");
        assert_eq!(v["summary"]["files_checked"], 1, "{args:?}: {v}");
    }
}

/// A JSON Schema and its uiSchema are one form file: counted once in `files_checked`
/// (README, "JSON output"), walked or named, one or both.
#[test]
fn a_schema_and_its_uischema_count_as_one_file_checked() {
    let dir = "tests/fixtures/formats/jsonschema/err/ticket";
    let schema = format!("{dir}/ticket.schema.json");
    let ui = format!("{dir}/ticket.uischema.json");
    for args in [vec![dir], vec![&schema], vec![&ui], vec![&schema, &ui]] {
        let (_, v) = json(
            &[
                &args[..],
                &["--config", "tests/fixtures/default-config.yaml"],
            ]
            .concat(),
        );
        assert_eq!(v["summary"]["files_checked"], 1, "{args:?}: {v}");
        assert!(
            !v["findings"].as_array().unwrap().is_empty(),
            "{args:?}: {v}"
        );
    }
}

/// A block scalar (`|`, `>-`) is located from its indicator to the end of its text, not into
/// the next key's indentation or past the file's end; a suppression after the indicator, on
/// the header line, covers it.
#[test]
fn block_scalars_are_located_from_indicator_to_text() {
    let dir = tempdir("block");
    let f = dir.join("f.yaml");
    std::fs::write(
        &f,
        "form: x\nnotice: never include passwords\nfields:\n  - id: a\n    max_length: 5\n    label: |  # datamin: allow DM005 -- fixed by the vendor\n      Password here\n\n\n    type: text\n  - id: b\n    max_length: 5\n    label: &l !!str >-\n      Password\n      there\n",
    )
    .unwrap();
    let (_, v) = json(&[
        f.to_str().unwrap(),
        "--report-unused",
        "--config",
        "tests/fixtures/default-config.yaml",
    ]);
    let found: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] != "DM101")
        .map(|f| {
            format!(
                "{} {}:{}-{}:{}",
                f["rule"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["end_line"],
                f["end_column"]
            )
        })
        .collect();
    // With an anchor and a tag, the node starts at them (the parser's own start).
    assert_eq!(found, ["DM005 13:12-15:12"], "{v}");
}

/// Output into a pipe closed early (`datamin check | head`) is not an error: nothing on
/// stderr, and the exit code is the findings' own.
#[test]
fn a_closed_pipe_is_not_reported() {
    for format in ["human", "json", "sarif"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_datamin"))
            .args(["check", "--color", "always", "--format", format, "examples"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run datamin");
        // The reading end goes before datamin writes a byte.
        drop(child.stdout.take());
        let o = child.wait_with_output().expect("wait");
        assert_eq!(String::from_utf8_lossy(&o.stderr), "", "{format}: stderr");
        assert_eq!(o.status.code(), Some(1), "{format}");
    }
}

/// `-q` keeps one line per entry when a message quotes a line break from the file; in full
/// output, a source line holding control characters shows them as `?`, one column each, so
/// the underline stays under its text.
#[test]
fn line_breaks_and_control_characters_keep_output_in_shape() {
    let dir = tempdir("shape");
    let e = dir.join("e.yaml");
    std::fs::write(
        &e,
        "form: x\ntitle: T\nfields:\n  - id: a\n    \"bad\\nkey\": 1\n",
    )
    .unwrap();
    let o = datamin(&["check", "-q", e.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("unknown key `bad\\nkey` in a field"), "{out}");
    let g = dir.join("g.yaml");
    std::fs::write(
        &g,
        "form: x\ntitle: T\nfields: [{id: \"\u{1}\u{1}\u{1}\u{1}\", type: textarea, label: Tell us everything}]\n",
    )
    .unwrap();
    // A file name with a line break is escaped in -q lines too.
    #[cfg(unix)]
    {
        let odd = dir.join("a\nb.yaml");
        std::fs::write(&odd, "form: odd\nfields:\n  - id: n\n    type: textarea\n").unwrap();
        let out = stdout(&datamin(&["check", "-q", odd.to_str().unwrap()]));
        assert!(out.lines().all(|l| l.contains("a\\nb.yaml:")), "{out}");
        std::fs::remove_file(&odd).unwrap();
    }
    let out = stdout(&datamin(&[
        "check",
        "--color",
        "never",
        g.to_str().unwrap(),
    ]));
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("fields: [{id: \"????\", type: textarea"))
        .unwrap_or_else(|| panic!("{out}"));
    let col = |l: &str, pat: &str| l.find(pat).unwrap_or_else(|| panic!("{l}"));
    assert_eq!(
        col(lines[at + 1], "^^^^^^^^"),
        col(lines[at], "textarea"),
        "{out}"
    );
}

/// Lines that end in a lone CR (an old Mac file; YAML reads them as lines) are lines to
/// datamin too: locations and suppressions count them.
#[test]
fn lone_carriage_returns_end_lines() {
    let dir = tempdir("cr");
    let f = dir.join("cr.yaml");
    let text = "form: x\rnotice: never include passwords\rfields:\r  - id: a\r    label: Password\r    max_length: 3\r";
    std::fs::write(&f, text).unwrap();
    let cfg = "tests/fixtures/default-config.yaml";
    let out = stdout(&datamin(&[
        "check",
        "-q",
        "--config",
        cfg,
        f.to_str().unwrap(),
    ]));
    assert!(
        out.contains("cr.yaml:5:12: error: field `a` asks for credentials"),
        "{out}"
    );
    std::fs::write(
        &f,
        text.replace("  - id: a", "  # datamin: allow DM005 -- a test\r  - id: a"),
    )
    .unwrap();
    let out = stdout(&datamin(&[
        "check",
        "-q",
        "--report-unused",
        "--config",
        cfg,
        f.to_str().unwrap(),
    ]));
    assert!(!out.contains("DM005") && !out.contains("DM903"), "{out}");
    // Source lines show no trace of their CR.
    let out = stdout(&datamin(&[
        "check",
        "--color",
        "never",
        "--config",
        cfg,
        f.to_str().unwrap(),
    ]));
    assert!(out.contains("│ form: x\n"), "{out}");
    assert!(!out.contains('?'), "{out}");
}

/// A file that reports no size (a device, a file still being written) is read up to the
/// size limit and no further: it cannot make a run read forever.
#[cfg(target_os = "linux")]
#[test]
fn an_endless_file_stops_at_the_size_limit() {
    let o = datamin(&["check", "--config", "/dev/zero", "examples/clean"]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.contains("/dev/zero: file is over the 10485760-byte limit"),
        "{out}"
    );
}

/// A named path that is neither a file nor a folder is an input error, not a silent skip.
#[cfg(target_os = "linux")]
#[test]
fn a_named_device_is_an_input_error() {
    let o = datamin(&["check", "/dev/null", "examples/clean"]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.contains("/dev/null: not a file or a folder (a device, a pipe or a socket)"),
        "{out}"
    );
}

#[test]
fn input_errors_reach_standard_error_when_the_report_does_not_show_them_there() {
    let dir = tempdir("errors-to-stderr");
    let form = dir.join("a.yaml");
    std::fs::write(
        &form,
        "form: a\nfields:\n  - id: x\n    type: text\n    max_length: foo\n",
    )
    .unwrap();
    let form = form.to_str().unwrap();
    let out = dir.join("report.out");
    let out = out.to_str().unwrap();
    let stderr = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();
    let located = "a.yaml:5:17";
    // Into a file, or read by a program: the errors are on standard error too, located.
    for args in [
        vec!["check", "--format", "sarif", "--output", out, form],
        vec!["check", "--format", "json", "--output", out, form],
        vec!["check", "--format", "junit", form],
        vec!["check", "--format", "json", form],
        vec!["check", "--format", "github", "--output", out, form],
        vec!["check", "--output", out, form],
    ] {
        let o = datamin(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = stderr(&o);
        assert!(
            e.contains("error: expected a whole number, found a string") && e.contains(located),
            "{args:?}: {e}"
        );
    }
    // Human and github output on standard output show them there, once.
    for format in ["human", "github"] {
        let o = datamin(&["check", "--format", format, form]);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(stderr(&o), "", "{format}");
        assert!(stdout(&o).contains("expected a whole number"), "{format}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn several_yaml_documents_are_an_error_only_in_a_form() {
    let dir = tempdir("multi-doc");
    let deploy = dir.join("deploy");
    std::fs::create_dir_all(&deploy).unwrap();
    // Kubernetes manifests: several documents, none of them a form.
    std::fs::write(
        deploy.join("app.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\n",
    )
    .unwrap();
    let dir_s = dir.to_str().unwrap();
    let (code, v) = json(&[dir_s]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["errors"], serde_json::json!([]));
    assert_eq!(v["skipped"].as_array().map(Vec::len), Some(1), "{v}");
    // Named by pre-commit.
    let app = deploy.join("app.yaml");
    let o = datamin(&["check", "--ignore-unknown", app.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // A form followed by another document is still an error, at the second document.
    let form = dir.join("form.yaml");
    std::fs::write(
        &form,
        "form: a\nfields:\n  - id: x\n    type: text\n    max_length: 5\n---\nform: b\n",
    )
    .unwrap();
    let o = datamin(&["check", "-q", form.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("form.yaml:6:1: error: a second YAML document"),
        "{}",
        stdout(&o)
    );
    // So is anything after an empty first document: it may be a form.
    std::fs::write(
        &form,
        "---
---
form: c
fields: []
",
    )
    .unwrap();
    let o = datamin(&["check", "-q", form.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("form.yaml:2:1: error: a second YAML document"),
        "{}",
        stdout(&o)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A run that walks folders and checks nothing says so (a wrong path, an `include` that
/// matches nothing), and still exits 0; files named and skipped are listed instead.
#[test]
fn a_run_that_checks_nothing_says_so() {
    let dir = tempdir("nothing-checked");
    std::fs::write(
        dir.join("compose.yaml"),
        "services:\n  web:\n    image: nginx\n",
    )
    .unwrap();
    let o = datamin(&[
        "check",
        "--config",
        "tests/fixtures/default-config.yaml",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("note: no file checked: nothing found is a form, retention file or export datamin reads, or the config's `include`/`exclude` leave it out (`--verbose` lists the files found and skipped)\n0 findings"),
        "{out}"
    );
    // Named (as pre-commit names files): the skipped line says it all.
    let named = dir.join("compose.yaml");
    let o = datamin(&["check", "--ignore-unknown", named.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        !stdout(&o).contains("note: no file checked"),
        "{}",
        stdout(&o)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A JSON file with a trailing comma (`tsconfig.json`, VS Code's settings: JSONC as editors
/// write it) is no error when it is not datamin's; in a form, the comma is an error still.
#[test]
fn a_trailing_comma_is_an_error_only_in_a_form() {
    let dir = tempdir("trailing-comma");
    std::fs::write(
        dir.join("tsconfig.json"),
        "{\n  // editors allow this\n  \"compilerOptions\": {\"strict\": true,},\n}\n",
    )
    .unwrap();
    let dir_s = dir.to_str().unwrap();
    let (code, v) = json(&["--config", "tests/fixtures/default-config.yaml", dir_s]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["errors"], serde_json::json!([]));
    // Named by pre-commit.
    let ts = dir.join("tsconfig.json");
    let o = datamin(&["check", "--ignore-unknown", ts.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // A form with one: the error, at the comma.
    let form = dir.join("contact.schema.json");
    std::fs::write(
        &form,
        "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"title\": \"Contact\",\n  \"type\": \"object\",\n  \"properties\": {\"message\": {\"type\": \"string\", \"maxLength\": 500},}\n}\n",
    )
    .unwrap();
    let o = datamin(&["check", "-q", form.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(
            "contact.schema.json:5:65: error: invalid JSON: Trailing commas are not allowed"
        ),
        "{}",
        stdout(&o)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A backslash is part of a file's name outside Windows: `a\b.yaml` is not `a/b.yaml`. It is
/// shown escaped (`a\\b.yaml`), as every name that holds escapes is.
#[cfg(unix)]
#[test]
fn a_backslash_in_a_file_name_stays() {
    let dir = tempdir("backslash");
    std::fs::create_dir_all(dir.join("a")).unwrap();
    let form = "form: f\nfields:\n  - id: m\n    type: textarea\n";
    std::fs::write(dir.join("a").join("b.yaml"), form.replace("f\n", "one\n")).unwrap();
    std::fs::write(dir.join("a\\b.yaml"), form.replace("f\n", "two\n")).unwrap();
    let (_, v) = json(&[
        "--config",
        "tests/fixtures/default-config.yaml",
        dir.to_str().unwrap(),
    ]);
    let mut files: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "DM001")
        .map(|f| {
            f["file"]
                .as_str()
                .unwrap()
                .rsplit_once("backslash")
                .unwrap()
                .1
                .to_string()
        })
        .collect();
    files.sort();
    assert_eq!(files, ["/a/b.yaml", "/a\\\\b.yaml"]);
    std::fs::remove_dir_all(&dir).ok();
}

/// DM107's suggested period is within `max_retention.backups` too: taking it clears DM107
/// without tripping DM102.
#[test]
fn the_backups_period_suggested_is_within_the_maximum() {
    let dir = tempdir("backups-limit");
    let retention = dir.join("retention.yaml");
    let write = |backups: &str| {
        std::fs::write(
            &retention,
            format!("retention:\n  - forms: [\"*\"]\n    closed_tickets: 1y\n    free_text: 30d\n    backups: {backups}\n"),
        )
        .unwrap();
    };
    write("2y");
    let (_, v) = json(&[retention.to_str().unwrap()]);
    let help: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "DM107")
        .map(|f| f["help"].as_str().unwrap())
        .collect();
    // 1y + 35d of grace would be 400d, over the 1y maximum for backups.
    assert_eq!(
        help,
        ["keep backups at most 1y, or raise `backup_grace` in datamin.yaml"]
    );
    write("1y");
    let (code, v) = json(&[retention.to_str().unwrap()]);
    assert_eq!(code, 0, "{v}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A duration written as a bare number says which unit to add.
#[test]
fn a_bare_number_is_no_duration_and_the_error_says_how_to_write_one() {
    let dir = tempdir("bare-number");
    let retention = dir.join("retention.yaml");
    std::fs::write(
        &retention,
        "retention:\n  - forms: [\"*\"]\n    closed_tickets: 30\n",
    )
    .unwrap();
    let o = datamin(&["check", "-q", retention.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains(
            "retention.yaml:3:21: error: `30` has no unit: write `30d` for days, `30mo` for months..."
        ),
        "{}",
        stdout(&o)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A number that is negative, too large or a fraction where a count belongs, and a duration
/// whose number is too large to count or has no unit, say so at the value, in every file that
/// has them, quoting the number as written.
#[test]
fn bad_numbers_say_what_is_wrong_with_them_at_the_value() {
    let dir = tempdir("bad-numbers");
    std::fs::write(dir.join("datamin.yaml"), "limits:\n  max_depth: -1\n").unwrap();
    let o = datamin(&["check", "-q", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stdout(&o),
        format!(
            "{}:2:14: error: expected a whole number, not negative, found `-1`\n",
            dir.join("datamin.yaml").display()
        )
    );
    std::fs::write(dir.join("datamin.yaml"), "{}\n").unwrap();
    std::fs::write(
        dir.join("form.yaml"),
        "form: f\nfields:\n  - id: a\n    type: textarea\n    max_length: -5\n  - id: b\n    type: textarea\n    max_length: 99999999999999999999999\n  - id: c\n    type: textarea\n    max_length: 2.50\n  - id: d\n    type: textarea\n    max_length: -1e300\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("retention.yaml"),
        "retention:\n  - forms: [\"*\"]\n    closed_tickets: 99999999999y\n    free_text: 30.0\n    attachments: 1.50\n",
    )
    .unwrap();
    let o = datamin(&["check", "-q", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let errors: Vec<String> = stdout(&o)
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(|l| l.replace(&format!("{}/", dir.display()), ""))
        // The durations' help (what is accepted) is the same for all.
        .map(|l| {
            l.split(" (accepted: ")
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        errors,
        [
            "form.yaml:5:17: error: expected a whole number, not negative, found `-5`",
            "form.yaml:8:17: error: number too large (at most 9007199254740991)",
            "form.yaml:11:17: error: expected a whole number, found `2.50`",
            "form.yaml:14:17: error: expected a whole number, not negative, found `-1e300`",
            "retention.yaml:3:21: error: `99999999999y` is too long: a number of it is over 4294967295 (for no limit write `forever`)",
            "retention.yaml:4:16: error: `30.0` has no unit: write `30d` for days, `30mo` for months...",
            "retention.yaml:5:18: error: `1.50` is not a duration",
        ],
        "{}",
        stdout(&o)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// pre-commit names a changed datamin.yaml: it is the project's config, not a form.
#[test]
fn a_named_config_file_is_read_as_the_config_not_checked_as_a_form() {
    let o = datamin(&["check", "examples/datamin.yaml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(
            "skipped: examples/datamin.yaml: datamin's config file (read as the project's config)"
        ),
        "{}",
        stdout(&o)
    );
}

/// Rust nested 60,000 levels deep through const generics: refused with a located error,
/// not a stack overflow that aborts the run.
#[test]
fn deeply_nested_rust_generics_are_refused_not_a_crash() {
    let dir = tempdir("deep-rust");
    let n = 60_000;
    let text = format!(
        "use serde::Deserialize;\n#[derive(Deserialize)]\npub struct DeepForm {{ pub x: {}u8{} }}\n",
        "A<1, ".repeat(n),
        ">".repeat(n)
    );
    std::fs::write(dir.join("deep.rs"), text).unwrap();
    std::fs::write(dir.join("datamin.yaml"), "include: [\"**/*.rs\"]\n").unwrap();
    let o = datamin(&["check", "-q", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stdout(&o).contains("deep.rs:3:"), "{}", stdout(&o));
    assert!(stdout(&o).contains("nesting deeper than"), "{}", stdout(&o));
    std::fs::remove_dir_all(&dir).ok();
}

/// Choosing rules changes which findings there are, not their order or content: the same
/// selection written any way, on any number of threads, gives the same bytes.
#[test]
fn a_selection_keeps_output_deterministic() {
    let run = |args: &[&str]| {
        let (code, v) = json(&[&["examples/"][..], args].concat());
        assert_eq!(code, 1, "{args:?}");
        v
    };
    let a = run(&["--select", "DM0,DM1", "--ignore", "DM001", "--threads", "1"]);
    let b = run(&[
        "--ignore",
        "unbounded-free-text",
        "--select",
        "DM1",
        "--select",
        "DM0",
        "--threads",
        "4",
    ]);
    assert_eq!(a, b);
    let rules: Vec<&str> = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"DM005") && rules.contains(&"DM102"),
        "{rules:?}"
    );
    assert!(
        rules.iter().all(|r| *r != "DM001" && !r.starts_with("DM9")),
        "{rules:?}"
    );
}

/// A report or a baseline is never written over a file the run checks (`-o form.yaml`,
/// `--write-baseline form.yaml`): exit 2, the file intact. A baseline written over the
/// baseline read is fine.
#[test]
fn a_report_or_baseline_never_overwrites_an_input() {
    let dir = tempdir("overwrite-input");
    let form = dir.join("f.yaml");
    let text = "form: f\nnotice: never include passwords\nfields:\n  - {id: t, type: textarea, max_length: 5}\n";
    std::fs::write(&form, text).unwrap();
    let f = form.to_str().unwrap();
    for flag in ["--write-baseline", "--output"] {
        // Named otherwise than the input is (`dir/./f.yaml`): the same file all the same.
        let target = dir.join(".").join("f.yaml");
        let o = datamin(&["check", f, flag, target.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{flag}: {err}");
        assert!(
            err.contains(&format!(
                "error: `{flag}` names {f}, a file this run reads: it would be overwritten"
            )),
            "{flag}: {err}"
        );
        assert_eq!(std::fs::read_to_string(&form).unwrap(), text, "{flag}");
    }
    let baseline = dir.join("b.json");
    let b = baseline.to_str().unwrap();
    assert_eq!(
        datamin(&["check", f, "--write-baseline", b]).status.code(),
        Some(0)
    );
    let o = datamin(&["check", f, "--baseline", b, "--write-baseline", b]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Nor over the config, or by `audit -o`.
    let config = dir.join("datamin.yaml");
    std::fs::write(&config, "rules: {DM101: off}\n").unwrap();
    let c = config.to_str().unwrap();
    for args in [
        vec!["check", f, "-o", c],
        vec!["audit", f, "-o", c],
        vec!["audit", f, "-o", f],
    ] {
        let o = datamin(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr)
                .contains("a file this run reads: it would be overwritten"),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "rules: {DM101: off}\n"
    );
    assert_eq!(std::fs::read_to_string(&form).unwrap(), text);
    // Nor through a symbolic link of another name.
    #[cfg(unix)]
    {
        let link = dir.join("report.json");
        std::os::unix::fs::symlink(&form, &link).unwrap();
        let o = datamin(&["check", f, "-o", link.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr)
            .contains(&format!("`--output` names {f}, a file this run reads")));
        assert_eq!(std::fs::read_to_string(&form).unwrap(), text);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A malformed suppression comment is an error at the comment (exit 2) that drops nothing:
/// the file's findings show (README, exit codes and suppressions).
#[test]
fn a_malformed_suppression_drops_no_finding() {
    let dir = tempdir("malformed-suppression");
    let form = dir.join("f.yaml");
    std::fs::write(
        &form,
        "form: f\nnotice: never include passwords\nfields:\n  - id: a\n    type: textarea\n  - id: b   # datamin: alow DM001 -- typo\n    type: textarea\n",
    )
    .unwrap();
    let (code, v) = json(&["--select", "DM001", form.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 2, "{v}");
    let errors: Vec<String> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{} {}",
                e["line"],
                e["column"],
                e["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(errors, ["6:24 unknown datamin directive `alow`"]);
    let findings = located(&v);
    assert_eq!(findings, ["5:11 DM001", "7:11 DM001"]);
}

/// `audit` reads a vendor's whole configuration, not standard input: `-` is a usage error
/// that says so, not "cannot read `-`", and no report is printed.
#[test]
fn audit_does_not_read_standard_input() {
    let o = datamin(&["audit", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "error: `datamin audit` does not read standard input (`-`)\n  = help: name the export's files or its folder\n"
    );
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
}

/// A suppression after a quoted value that holds a `#` (`"Order #1"`), or on a block
/// scalar's header line whose text holds one, is a comment (the parser's span of a quoted
/// scalar ran on through it, which made it part of the string), and the finding on a quoted
/// value ends at its closing quote; after an anchor or a tag too.
#[test]
fn a_comment_after_a_quoted_value_with_a_hash_suppresses() {
    let dir = tempdir("quoted-hash-suppression");
    let form = dir.join("f.yaml");
    let body = "form: f1\nnotice: Never include your recovery phrase or passwords.\nfields:\n  - id: a\n    type: textarea\n    max_length: 100\n    label: \"Anything else #1\" # datamin: allow DM003 -- r\n  - id: b\n    type: textarea\n    max_length: 100\n    label: 'Anything ''else'' #2'   # datamin: allow DM003 -- r\n  - id: c\n    type: textarea\n    max_length: 100\n    label: \"Anything \\\"else\\\" #3\"\n  - id: d\n    type: textarea\n    max_length: 100\n    label: | # datamin: allow DM003 -- r\n      Anything else? See ticket #4\n  - id: e\n    type: textarea\n    max_length: 100\n    label: &e \"Anything else #5\" # datamin: allow DM003 -- r\n  - id: f\n    type: textarea\n    max_length: 100\n    label: !!str \"Anything else #6\" # datamin: allow DM003 -- r\n";
    std::fs::write(&form, body).unwrap();
    let (code, v) = json(&[
        "--select",
        "DM003",
        "--report-unused",
        form.to_str().unwrap(),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 1, "{v}");
    let findings: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}-{}:{} {}",
                f["line"],
                f["column"],
                f["end_line"],
                f["end_column"],
                f["rule"].as_str().unwrap()
            )
        })
        .collect();
    // `"Anything \"else\" #3"` is 22 characters from column 12.
    assert_eq!(findings, ["15:12-15:34 DM003"]);
    assert_eq!(v["summary"]["suppressed"], 5, "{v}");
}

/// Every place SARIF names a file gives its bytes, not the escapes it is shown with: a
/// skipped file's notification and an input error without a position as much as a result;
/// GitHub annotations give a file's own name (`back\slash.yaml`, shown `back\\slash.yaml`).
#[cfg(unix)]
#[test]
fn odd_names_are_their_bytes_in_every_sarif_uri_and_github_file() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempdir("odd-names-everywhere");
    // Not a form: skipped.
    let skipped = dir.join(std::ffi::OsStr::from_bytes(b"n\xe9.yaml"));
    std::fs::write(&skipped, "foo: bar\n").unwrap();
    // Binary: an input error without a position.
    let binary = dir.join(std::ffi::OsStr::from_bytes(b"b\xe9.yaml"));
    std::fs::write(&binary, b"form: x\0\n").unwrap();
    let slash = dir.join("back\\slash.yaml");
    std::fs::write(
        &slash,
        "form: s\nnotice: Never include passwords.\nfields:\n  - id: pk\n    label: Private key\n",
    )
    .unwrap();
    let names = [
        skipped.to_str().unwrap_or_default(),
        binary.to_str().unwrap_or_default(),
    ];
    assert_eq!(names, ["", ""], "names that are not UTF-8");
    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_datamin"))
            .current_dir(&dir)
            .args(["check", "--format", format, "--select", "DM005", "."])
            .output()
            .unwrap()
    };
    let o = run("sarif");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.status.code(), Some(2));
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let run0 = &log["runs"][0];
    let uri = |v: &serde_json::Value| {
        v["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let mut notified: Vec<String> = run0["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(uri)
        .collect();
    notified.sort_unstable();
    assert_eq!(notified, ["b%E9.yaml", "n%E9.yaml"]);
    let results: Vec<String> = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(uri)
        .collect();
    assert_eq!(results, ["back%5Cslash.yaml"]);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        &slash,
        "form: s\nnotice: Never include passwords.\nfields:\n  - id: pk\n    label: Private key\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .current_dir(&dir)
        .args([
            "check",
            "--format",
            "github",
            "--select",
            "DM005",
            "back\\slash.yaml",
        ])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.starts_with("::error file=back\\slash.yaml,line=5,"),
        "{out}"
    );
}

/// A `.jsonc` file the config takes in is JSON with comments, as editors write it: read by
/// the JSON parser (it was read as YAML, and failed), its `//` suppressions honoured.
#[test]
fn jsonc_files_are_json_with_comments() {
    let dir = tempdir("jsonc");
    std::fs::write(
        dir.join("datamin.yaml"),
        "formats:\n  \"*.jsonc\": jsonschema\ninclude: [\"**/*.jsonc\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("form.jsonc"),
        "{\n  // a support form\n  \"title\": \"Support\",\n  \"type\": \"object\",\n  \"properties\": {\n    // datamin: allow DM001 -- reviewed\n    \"notes\": {\"type\": \"string\"},\n    \"more\": {\"type\": \"string\"}\n  }\n}\n",
    )
    .unwrap();
    let (code, v) = json(&["--select", "DM001", dir.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 1, "{v}");
    let findings = located(&v);
    assert_eq!(findings, ["8:22 DM001"]);
    assert_eq!(v["summary"]["suppressed"], 1);
    // `X.schema.jsonc` is form `X`, as `X.schema.json` is.
    let dir = tempdir("jsonc-schema");
    std::fs::write(dir.join("datamin.yaml"), "include: [\"**/*.jsonc\"]\n").unwrap();
    std::fs::write(
        dir.join("contact.schema.jsonc"),
        "{\n  // comments\n  \"type\": \"object\",\n  \"properties\": {\"notes\": {\"type\": \"string\"}}\n}\n",
    )
    .unwrap();
    let (code, v) = json(&["--select", "DM001", dir.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["findings"][0]["identity"], "contact/notes", "{v}");
}

/// `rule_dirs` naming a file is an error that says so, and the file is still checked as an
/// input (it was left out as "a rule file of `rule_dirs`", though none was read from it).
#[test]
fn a_rule_dirs_entry_naming_a_file_leaves_the_file_an_input() {
    let dir = tempdir("rule-dirs-file");
    std::fs::write(dir.join("datamin.yaml"), "rule_dirs: [f.yaml]\n").unwrap();
    std::fs::write(
        dir.join("f.yaml"),
        "form: f1\nnotice: Never include passwords.\nfields:\n  - id: pk\n    label: Private key\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .current_dir(&dir)
        .args(["check", "-q", "--select", "DM005", "f.yaml"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("a file, not a folder"), "{out}");
    assert!(out.contains("f.yaml:5:12: error:"), "{out}");
    assert!(!out.contains("skipped"), "{out}");
}

/// JUnit test cases are told apart by name within a file: two findings of one rule and
/// identity (two policies of one glob list) are `... (2)` the second time.
#[test]
fn junit_test_case_names_are_unique_in_a_file() {
    let dir = tempdir("junit-unique");
    std::fs::write(
        dir.join("retention.yaml"),
        "retention:\n  - forms: [\"a*\"]\n    closed_tickets: forever\n  - forms: [\"a*\"]\n    closed_tickets: forever\n",
    )
    .unwrap();
    let o = datamin(&[
        "check",
        "--format",
        "junit",
        "--select",
        "DM104",
        dir.to_str().unwrap(),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    let out = stdout(&o);
    let names: Vec<&str> = out
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<testcase name=\""))
        .filter_map(|l| l.split('"').next())
        .collect();
    assert_eq!(
        names,
        [
            "DM104 unbounded-retention: retention[a*].closed_tickets",
            "DM104 unbounded-retention: retention[a*].closed_tickets (2)"
        ],
        "{out}"
    );
}

/// A `.datamin.yaml` beside a `datamin.yaml` is read by no one (the first name wins): named,
/// it is listed as not read, not as "read as the project's config".
#[test]
fn a_shadowed_dot_config_is_said_not_to_be_read() {
    let dir = tempdir("shadowed-config");
    std::fs::write(dir.join("datamin.yaml"), "{}\n").unwrap();
    std::fs::write(dir.join(".datamin.yaml"), "rules: {DM001: off}\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .current_dir(&dir)
        .args(["check", ".datamin.yaml"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("skipped: .datamin.yaml: datamin's config file, not read: `datamin.yaml` beside it is the project's config"),
        "{out}"
    );
}

/// The bytes of `text` in `encoding` (`utf-16le`, `utf-16be`, `utf-32le`, `utf-32be`), with
/// its byte-order mark.
fn encoded(text: &str, encoding: &str) -> Vec<u8> {
    let text = format!("\u{feff}{text}");
    match encoding {
        "utf-16le" => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        "utf-16be" => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        "utf-32le" => text
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect(),
        "utf-32be" => text
            .chars()
            .flat_map(|c| u32::from(c).to_be_bytes())
            .collect(),
        _ => unreachable!("{encoding}"),
    }
}

/// YAML 1.2 requires a reader to take UTF-16 and UTF-32 (Windows PowerShell 5 saves a
/// vendor export as UTF-16 with a byte-order mark): such files give the findings of the
/// same text in UTF-8 with a mark, at the same lines and columns (characters, not bytes),
/// their suppression comments work and their source lines are shown.
#[test]
fn utf16_and_utf32_files_are_read_as_their_text() {
    let form = "name: Wallet help   # datamin: allow DM004 -- the notice is in SECURITY.md\ndescription: Ask for help\nbody:\n  - type: textarea\n    id: details\n    attributes:\n      label: Your home address ✓ and 😀 phone number\n  - type: textarea\n    id: story\n    attributes:\n      label: Story\n";
    let schema =
        std::fs::read_to_string("tests/fixtures/DM010/err/within-one-alternative.schema.json")
            .unwrap();
    let run = |dir: &Path, format: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_datamin"))
            .args(["check", "--format", format, "."])
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (o.status.code().unwrap(), stdout(&o))
    };
    let write = |encoding: &str| {
        let dir = Scratch::new(&format!("encoding-{encoding}"));
        let forms = dir.0.join(".github/ISSUE_TEMPLATE");
        std::fs::create_dir_all(&forms).unwrap();
        let (yml, json) = match encoding {
            "utf-8" => (
                format!("\u{feff}{form}").into_bytes(),
                format!("\u{feff}{schema}").into_bytes(),
            ),
            e => (encoded(form, e), encoded(&schema, e)),
        };
        std::fs::write(forms.join("help.yml"), yml).unwrap();
        std::fs::write(dir.0.join("address.schema.json"), json).unwrap();
        dir
    };
    let utf8 = write("utf-8");
    let (code, want) = run(&utf8.0, "json");
    assert_eq!(code, 1, "{want}");
    let v: serde_json::Value = serde_json::from_str(&want).unwrap();
    let summary = &v["summary"];
    assert_eq!(summary["files_checked"], 2, "{want}");
    assert_eq!(summary["suppressed"], 1, "{want}");
    assert!(located(&v).contains(&"7:14 DM011".to_string()), "{want}");
    let (_, human) = run(&utf8.0, "human");
    assert!(
        human.contains("Your home address ✓ and 😀 phone number"),
        "{human}"
    );
    for encoding in ["utf-16le", "utf-16be", "utf-32le", "utf-32be"] {
        let dir = write(encoding);
        assert_eq!(run(&dir.0, "json"), (1, want.clone()), "{encoding}");
        assert_eq!(run(&dir.0, "human"), (1, human.clone()), "{encoding}");
    }
}

/// What cannot be decoded says why, at the file: NUL bytes, or NUL characters in UTF-16,
/// UTF-16 without a byte-order mark (whatever its first character), a text
/// cut in the middle of a character, a lone surrogate (at its byte offset), a character past
/// Unicode, and a Rust file in UTF-16 (rustc reads UTF-8 only).
#[test]
fn undecodable_text_is_an_error_that_says_why() {
    let scratch = Scratch::new("undecodable");
    let dir = &scratch.0;
    let form = "name: Help\ndescription: Ask\nbody:\n  - type: textarea\n    id: x\n    attributes:\n      label: X\n";
    let bare: Vec<u8> = form.encode_utf16().flat_map(u16::to_le_bytes).collect();
    // Its first character not ASCII: told by where the zero bytes are, all the same.
    let accented: Vec<u8> = "ébauche: 1\nnom: Aide\n"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    let mut cut = encoded(form, "utf-16be");
    cut.pop();
    let mut lone = encoded("name: ", "utf-16le");
    lone.extend([0x00, 0xD8]);
    lone.extend(encoded("x\n", "utf-16le").split_off(2));
    let mut past = encoded("a", "utf-32be");
    past.extend(0x0011_0000u32.to_be_bytes());
    let cases: [(&str, Vec<u8>, &str); 8] = [
        (
            "nul.yml",
            b"a\0b: c\n".to_vec(),
            "binary file (it contains NUL bytes)",
        ),
        (
            "nul16.yml",
            encoded("a: \0\n", "utf-16le"),
            "binary file (UTF-16LE text that contains NUL characters)",
        ),
        (
            "bare.yml",
            bare,
            "UTF-16 text without a byte-order mark: save it as UTF-8",
        ),
        (
            "accented.yml",
            accented,
            "UTF-16 text without a byte-order mark: save it as UTF-8",
        ),
        (
            "cut.yml",
            cut,
            "not UTF-16BE text (it ends in the middle of a character)",
        ),
        (
            "lone.yml",
            lone,
            "not UTF-16LE text (a lone surrogate at byte offset 14)",
        ),
        (
            "past.yml",
            past,
            "not UTF-32BE text (no character at byte offset 8)",
        ),
        (
            "form.rs",
            encoded("struct A;\n", "utf-16le"),
            "UTF-16LE text: a Rust source file is UTF-8",
        ),
    ];
    for (name, bytes, _) in &cases {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let o = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .args(["check", "--format", "json"])
        .args(cases.iter().map(|(n, _, _)| *n))
        .current_dir(dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    for (name, _, message) in &cases {
        let e = errors
            .iter()
            .find(|e| e["file"] == *name)
            .unwrap_or_else(|| panic!("{name}: {errors:?}"));
        assert!(
            e["message"].as_str().unwrap().starts_with(message),
            "{name}: {}",
            e["message"]
        );
        assert!(e["line"].is_null(), "{name}: about the whole file");
    }
}

/// Standard input is decoded as the file it stands for: UTF-16 text as a YAML form, but a
/// Rust source in UTF-16 is refused, as on disk.
#[test]
fn utf16_standard_input_is_read_as_the_file_it_stands_for() {
    use std::io::Write as _;
    let piped = |name: &str, bytes: &[u8]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_datamin"))
            .args(["check", "-q", "--stdin-filename", name, "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(bytes).unwrap();
        let o = child.wait_with_output().unwrap();
        (
            o.status.code().unwrap(),
            stdout(&o),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let form = "name: Help\ndescription: Ask\nbody:\n  - type: input\n    id: phone\n    attributes:\n      label: Your phone number\n";
    let (code, out, err) = piped(
        ".github/ISSUE_TEMPLATE/help.yml",
        &encoded(form, "utf-16be"),
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(".github/ISSUE_TEMPLATE/help.yml:7:14: error: field `phone` asks for phone number on a public form"),
        "{out}"
    );
    let rust = "#[derive(Deserialize)]\nstruct Ticket { phone: String }\n";
    let (code, out, err) = piped("src/lib.rs", &encoded(rust, "utf-16le"));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("standard input: UTF-16LE text: a Rust source file is UTF-8"),
        "{err}"
    );
}

/// A baseline saved as UTF-16 is read as it is when written again: the entries of files the
/// run did not check are kept, as they are from a UTF-8 one.
#[test]
fn a_utf16_baseline_keeps_the_entries_of_files_not_checked() {
    let p = Scratch::new("utf16-baseline");
    let forms = p.0.join(".github/ISSUE_TEMPLATE");
    std::fs::create_dir_all(&forms).unwrap();
    let form = |label: &str| {
        format!("name: Help\ndescription: Ask\nbody:\n  - type: input\n    id: x\n    attributes:\n      label: {label}\n")
    };
    std::fs::write(forms.join("a.yml"), form("Your phone number")).unwrap();
    std::fs::write(forms.join("b.yml"), form("Your home address")).unwrap();
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_datamin"))
            .args(args)
            .current_dir(&p.0)
            .output()
            .unwrap();
        (o.status.code().unwrap(), stdout(&o))
    };
    assert_eq!(
        run(&["check", "-q", "--write-baseline", "b.json", "."]).0,
        0
    );
    let utf8 = std::fs::read_to_string(p.0.join("b.json")).unwrap();
    assert!(utf8.contains("b.yml"), "{utf8}");
    std::fs::write(p.0.join("b.json"), encoded(&utf8, "utf-16le")).unwrap();
    // A pre-commit run: one file checked, the baseline read and written again.
    let (code, out) = run(&[
        "check",
        "-q",
        "--baseline",
        "b.json",
        "--write-baseline",
        "b.json",
        ".github/ISSUE_TEMPLATE/a.yml",
    ]);
    assert_eq!(code, 0, "{out}");
    let written = std::fs::read_to_string(p.0.join("b.json")).unwrap();
    assert_eq!(written, utf8);
    assert_eq!(
        run(&["check", "-q", "--baseline", "b.json", "."]),
        (0, String::new())
    );
}
