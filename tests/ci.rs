#![allow(clippy::unwrap_used, clippy::expect_used)]

//! The `check` command end to end: exit codes, standard input, baselines, suppressions and
//! statistics, each run in a scratch project.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

impl Run {
    /// The `[ID]`s of `--quiet` output, in order.
    fn rules(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter_map(|l| l.rsplit_once(" [").map(|(_, id)| id.trim_end_matches(']')))
            .collect()
    }
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run datamin");
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(pipe);
    let out = child.wait_with_output().unwrap();
    Run {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// A scratch project folder, removed when dropped.
struct Project(PathBuf);

impl Project {
    fn new(name: &str) -> Project {
        let p = std::env::temp_dir().join(format!("datamin-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        // Keep a datamin.yaml from a parent folder out.
        std::fs::write(p.join("datamin.yaml"), "{}\n").unwrap();
        Project(p)
    }

    fn write(&self, name: &str, text: &str) -> &Project {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.0.join(name)).unwrap()
    }

    fn run(&self, args: &[&str]) -> Run {
        run_in(&self.0, args, None)
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A form with two DM001 findings (`subject` and `message`) and nothing else.
const FORM: &str = "\
form: contact
notice: Never include your password.
fields:
  - id: subject
    label: Subject
  - id: message
    type: textarea
    label: What went wrong?
";

const RETENTION: &str = "\
retention:
  - forms: [\"*\"]
    closed_tickets: 90d
    free_text: 30d
    attachments: 30d
    backups: 120d
";

fn project(name: &str) -> Project {
    let p = Project::new(name);
    p.write("form.yaml", FORM)
        .write("retention.yaml", RETENTION)
        .write("datamin.yaml", "context: [retention.yaml]\n");
    p
}

// --- exit codes ---

/// A retention policy read with an error (a period that does not parse, a processor of the
/// wrong type, a glob that does not compile, a mistyped key) is an input error, and the
/// forms it may cover are not also reported as kept without limit: what it meant is not
/// known. A form it cannot cover still is.
#[test]
fn a_damaged_policy_brings_no_coverage_findings() {
    let p = Project::new("damaged-policy");
    let form = "form: contact\nprocessors: [desk]\nnotice: Never include your password.\nfields:\n  - id: subject\n    label: Subject\n  - id: screenshot\n    type: file\n";
    let processors =
        "processors:\n  - id: desk\n    third_party: true\n    keeps: 90d\nretention:\n";
    p.write("form.yaml", form);
    // Nor DM008: a damaged policy may set `attachments:` too.
    let clean = |r: &Run| {
        r.rules()
            .iter()
            .any(|id| id.starts_with("DM1") || *id == "DM008")
    };
    for (policy, error) in [
        (
            "  - forms: [contact]\n    processor: desk\n    closed_tickets: 1yr\n",
            "retention.yaml:8:21",
        ),
        (
            "  - forms: [contact]\n    processor: [desk]\n    closed_tickets: 90d\n",
            "retention.yaml:7:16",
        ),
        (
            "  - forms: [\"[contact\"]\n    processor: desk\n    closed_tickets: 90d\n",
            "retention.yaml:6:13",
        ),
        (
            "  - forms: [contact]\n    processor: desk\n    closed_ticket: 90d\n",
            "retention.yaml:8:5",
        ),
    ] {
        p.write("retention.yaml", &format!("{processors}{policy}"));
        let r = p.run(&["check", "-q", "."]);
        assert_eq!(r.code, 2, "{policy}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stdout.contains(&format!("{error}: error:")),
            "{policy}: {}",
            r.stdout
        );
        assert!(!clean(&r), "{policy}: {}", r.stdout);
    }
    // Damaged, but for another processor's copy (its processor was read): `contact`'s own
    // copy is still kept without limit.
    p.write(
        "retention.yaml",
        &format!("{processors}  - id: other\n    third_party: true\n    keeps: 90d\nretention:\n  - forms: [contact]\n    processor: other\n    closed_tickets: 1yr\n").replacen("retention:\n  - id: other", "  - id: other", 1),
    );
    let r = p.run(&["check", "-q", "."]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.rules().contains(&"DM101"), "{}", r.stdout);
    // Damaged, but for another form: `contact` is still kept without limit.
    p.write(
        "retention.yaml",
        &format!("{processors}  - forms: [billing]\n    closed_tickets: 1yr\n"),
    );
    let r = p.run(&["check", "-q", "."]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.rules().contains(&"DM101"), "{}", r.stdout);
}

#[test]
fn exit_codes() {
    let p = project("exit");
    let r = p.run(&["check", "-q"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.rules(), ["DM001", "DM001"]);
    assert_eq!(p.run(&["check", "--fail-on", "error"]).code, 0);
    p.write(
        "form.yaml",
        &FORM
            .replace("label: Subject", "label: Subject\n    max_length: 80")
            .replace(
                "label: What went wrong?",
                "label: What went wrong?\n    max_length: 500",
            ),
    );
    assert_eq!(p.run(&["check"]).code, 0);
    p.write("broken.yaml", "form: x\nfields: 3\n");
    let r = p.run(&["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("broken.yaml:2:9"), "{}", r.stdout);
}

#[test]
fn usage_errors_exit_2() {
    let p = project("usage");
    for args in [
        &["check", "--stdin-filename", "form.yaml"][..],
        &["check", "-", "-"][..],
        &["check", "--statistics", "--format", "sarif"][..],
        &["check", "--no-such-flag"][..],
        &["check", "--format", "xml"][..],
    ] {
        let r = p.run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("error"), "{args:?}: {}", r.stderr);
    }
}

// --- stdin ---

#[test]
fn stdin_is_checked_as_the_named_file() {
    let p = project("stdin");
    let piped = FORM.replace("  - id: subject\n    label: Subject\n", "");
    let r = run_in(
        &p.0,
        &["check", "-", "--stdin-filename", "forms/new.yaml", "-q"],
        Some(&piped),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().collect::<Vec<_>>(),
        ["forms/new.yaml:5:11: warning: free-text field `message` has no length limit [DM001]"]
    );

    // Human output shows the piped text, not the file on disk.
    let r = run_in(
        &p.0,
        &["check", "-", "--stdin-filename", "form.yaml"],
        Some(&piped),
    );
    assert!(r.stdout.contains("5 │     type: textarea"), "{}", r.stdout);
    assert!(!r.stdout.contains("source not shown"), "{}", r.stdout);

    // The piped text replaces the file on disk of the same name.
    let r = run_in(
        &p.0,
        &["check", ".", "-", "--stdin-filename", "form.yaml", "-q"],
        Some(&piped),
    );
    assert_eq!(r.rules(), ["DM001"], "{}", r.stdout);

    // The name picks the syntax: JSON here.
    let json = r#"{"form": "c", "notice": "Never include your password.",
  "fields": [{"id": "m", "type": "textarea"}]}"#;
    let r = run_in(
        &p.0,
        &["check", "-", "--stdin-filename", "c.json", "-q"],
        Some(json),
    );
    assert_eq!(
        r.stdout.trim(),
        "c.json:2:34: warning: free-text field `m` has no length limit [DM001]"
    );

    // Without a name: `<stdin>`, read as YAML.
    let r = run_in(&p.0, &["check", "-", "-q"], Some(&piped));
    assert!(r.stdout.starts_with("<stdin>:5:11:"), "{}", r.stdout);

    // Errors in piped text are located too.
    let r = run_in(
        &p.0,
        &["check", "-", "--stdin-filename", "f.yaml"],
        Some("form: x\nfields: 3\n"),
    );
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("f.yaml:2:9"), "{}", r.stdout);
}

/// Standard input is checked with the config of its `--stdin-filename`'s project, as that
/// file would be, whatever other paths are named (as ruff takes stdin's settings from it).
#[test]
fn stdin_is_checked_in_the_project_of_its_name() {
    let p = Project::new("stdin-project");
    let password = "form: disk\nfields:\n  - id: pw\n    type: select\n    label: Password\n    options: [a, b]\n";
    p.write("team/datamin.yaml", "rules: {DM001: off, DM101: off}\n")
        .write("team/x.yaml", password)
        .write("other.yaml", &FORM.replace("form: contact", "form: other"));
    for args in [
        &[
            "check",
            "-q",
            "other.yaml",
            "-",
            "--stdin-filename",
            "team/x.yaml",
        ][..],
        &[
            "check",
            "-q",
            "-",
            "other.yaml",
            "--stdin-filename",
            "team/x.yaml",
        ],
        &["check", "-q", ".", "-", "--stdin-filename", "team/x.yaml"],
    ] {
        let r = run_in(&p.0, args, Some(FORM));
        assert_eq!(r.code, 1, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(!r.stdout.contains("team/x.yaml"), "{args:?}: {}", r.stdout);
        assert!(
            r.stdout.contains("other.yaml:4:9: warning:"),
            "{}",
            r.stdout
        );
    }
}

/// Standard input named as a config file (an editor checking the config it edits) is read
/// as its project's config in place of the copy on disk, its errors located in it; the copy
/// on disk need not exist.
#[test]
fn stdin_named_as_the_config_is_the_projects_config() {
    let p = Project::new("stdin-config");
    p.write("datamin.yaml", "rules: {DM001: error}\n")
        .write("team/form.yaml", FORM);
    // On disk, DM001 is an error; the buffer turns it off.
    let disk = p.run(&["check", "-q", "team"]);
    assert!(disk.rules().contains(&"DM001"), "{}", disk.stdout);
    let r = run_in(
        &p.0,
        &[
            "check",
            "-q",
            "-",
            "team",
            "--stdin-filename",
            "datamin.yaml",
        ],
        Some("rules: {DM001: off}\n"),
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(!r.rules().contains(&"DM001"), "{}", r.stdout);
    assert!(!r.rules().is_empty(), "{}", r.stdout);
    // A config error in the buffer is located in it, and is an input error.
    for (name, cwd) in [("datamin.yaml", &p.0), ("team/datamin.yaml", &p.0)] {
        let r = run_in(
            cwd,
            &["check", "-", "--stdin-filename", name, "--format", "json"],
            Some("rules: {DM001: off}\nfrobnicate: 1\n"),
        );
        assert_eq!(r.code, 2, "{name}: {}{}", r.stdout, r.stderr);
        let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let e = &json["errors"][0];
        assert_eq!(
            (&e["file"], &e["line"], &e["column"], &e["message"]),
            (
                &serde_json::json!(name),
                &serde_json::json!(2),
                &serde_json::json!(1),
                &serde_json::json!("unknown key `frobnicate` in datamin.yaml")
            ),
            "{}",
            r.stdout
        );
    }
    // Named as a config that `--config` overrides: an error, not a silent skip.
    p.write("other.yaml", "{}\n");
    let r = run_in(
        &p.0,
        &[
            "check",
            "-",
            "team",
            "--stdin-filename",
            "datamin.yaml",
            "--config",
            "other.yaml",
        ],
        Some("rules: {DM001: off}\n"),
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("standard input is named as a config file, `datamin.yaml`, but `--config` names `other.yaml`"),
        "{}{}",
        r.stdout,
        r.stderr
    );
}

/// A GitHub issue form with two DM011 findings (lines 11 and 19) and others; and a JSON
/// Schema form whose uiSchema holds a DM005 (line 4) and a DM002 (line 14).
const ISSUE_FORM: &str = include_str!("fixtures/formats/github/err/support-bad.yml");
const SCHEMA: &str = include_str!("fixtures/formats/jsonschema/err/recovery/recovery.schema.json");
const UI_SCHEMA: &str =
    include_str!("fixtures/formats/jsonschema/err/recovery/recovery.uischema.json");

#[test]
fn stdin_stands_for_an_issue_form_or_a_uischema() {
    let p = Project::new("stdin-formats");
    // The path picks the format: an issue form only under `.github/ISSUE_TEMPLATE/`.
    let r = run_in(
        &p.0,
        &[
            "check",
            "-",
            "--stdin-filename",
            ".github/ISSUE_TEMPLATE/support.yml",
            "-q",
        ],
        Some(ISSUE_FORM),
    );
    assert!(
        r.stdout.contains(".github/ISSUE_TEMPLATE/support.yml:11:14: error: field `wallet-address` asks for wallet address on a public form"),
        "{}{}",
        r.stdout,
        r.stderr
    );

    // A piped uiSchema is read with the schema on disk, instead of the uiSchema on disk.
    p.write("forms/recovery.schema.json", SCHEMA)
        .write("forms/recovery.uischema.json", UI_SCHEMA);
    let piped = UI_SCHEMA.replace(
        "Include your balance and transaction history",
        "Say what you tried",
    );
    let r = run_in(
        &p.0,
        &[
            "check",
            "forms",
            "-",
            "--stdin-filename",
            "forms/recovery.uischema.json",
            "-q",
        ],
        Some(&piped),
    );
    assert_eq!(
        r.rules(),
        ["DM101", "DM008", "DM009", "DM005"],
        "{}",
        r.stdout
    );
    // Without its schema, a piped uiSchema is an error, as when named.
    let r = run_in(
        &p.0,
        &[
            "check",
            "-",
            "--stdin-filename",
            "forms/other.uischema.json",
        ],
        Some(UI_SCHEMA),
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.contains(
            "forms/other.uischema.json: a uiSchema with no `other.schema.json` beside it"
        ),
        "{}",
        r.stdout
    );
}

// --- statistics ---

#[test]
fn statistics_count_per_rule_most_first() {
    let p = project("stats");
    p.write(
        "other.yaml",
        "form: other\nfields:\n  - id: pw\n    label: Password\n    type: select\n    options: [a]\n  - id: note\n    type: textarea\n    max_length: 100\n",
    );
    let r = p.run(&["check", "--statistics"]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "2  DM001  unbounded-free-text", "{}", r.stdout);
    assert_eq!(lines[1], "1  DM004  no-data-warning", "{}", r.stdout);
    assert_eq!(lines[2], "1  DM005  credential-field", "{}", r.stdout);
    assert!(lines.last().unwrap().contains("checked"));
}

/// `-q` shapes human output wherever it goes: with `--statistics`, and in the copy of input
/// errors on standard error (with `--output`, and beside every other format's report).
#[test]
fn quiet_shapes_every_human_output() {
    let p = project("quiet");
    p.write("broken.yaml", "form: x\nfields: 3\n");
    let error = "broken.yaml:2:9: error: ";
    let one_error = |text: &str| {
        let lines: Vec<&str> = text.lines().filter(|l| l.contains("error")).collect();
        assert_eq!(lines.len(), 1, "{text}");
        assert!(lines[0].starts_with(error), "{text}");
        assert!(!text.contains('┌'), "{text}");
    };

    let r = p.run(&["check", "--statistics", "-q"]);
    assert_eq!(r.code, 2);
    one_error(&r.stdout);
    assert_eq!(
        r.stdout.lines().skip(1).collect::<Vec<_>>(),
        ["2  DM001  unbounded-free-text"],
        "{}",
        r.stdout
    );

    let r = p.run(&["check", "-q", "-o", "out.txt"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    one_error(&r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    let out = p.read("out.txt");
    one_error(&out);
    assert_eq!(out.lines().count(), 3, "{out}");

    for format in ["json", "sarif", "junit"] {
        let quiet = p.run(&["check", "-q", "--format", format]);
        let loud = p.run(&["check", "--format", format]);
        assert_eq!(quiet.code, 2);
        one_error(&quiet.stderr);
        assert_eq!(quiet.stderr.lines().count(), 1, "{}", quiet.stderr);
        // The report itself is the same.
        assert_eq!(quiet.stdout, loud.stdout, "{format}");
    }
}

// --- baseline ---

#[test]
fn baseline_round_trip() {
    let p = project("baseline");
    let w = p.run(&["check", "--write-baseline", "baseline.json"]);
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert!(w.stderr.contains("wrote 2 findings"), "{}", w.stderr);
    let written = p.read("baseline.json");
    assert_eq!(
        written,
        r#"{
  "version": 2,
  "tool": "datamin",
  "entries": [
    {
      "file": "form.yaml",
      "rule": "DM001",
      "identity": "contact/message",
      "message": "free-text field `message` has no length limit"
    },
    {
      "file": "form.yaml",
      "rule": "DM001",
      "identity": "contact/subject",
      "message": "free-text field `subject` has no length limit"
    }
  ]
}
"#
    );
    // Deterministic.
    p.run(&["check", "--write-baseline", "baseline.json"]);
    assert_eq!(p.read("baseline.json"), written);

    let r = p.run(&["check", "--baseline", "baseline.json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("2 in the baseline"), "{}", r.stdout);

    // Lines shift: still matched.
    p.write(
        "form.yaml",
        &FORM.replace("fields:\n", "title: Contact\n\n# Contact form.\nfields:\n"),
    );
    assert_eq!(p.run(&["check", "--baseline", "baseline.json"]).code, 0);

    // From another folder, with other paths: still matched (paths are relative to the
    // baseline file).
    let sub = p.0.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let r = run_in(
        &sub,
        &["check", "..", "--baseline", "../baseline.json"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stdout);

    // A new finding fails the run; only it is reported.
    p.write(
        "form.yaml",
        &format!("{FORM}  - id: details\n    type: textarea\n"),
    );
    let r = p.run(&["check", "--baseline", "baseline.json", "-q"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert!(r.stdout.contains("`details`"), "{}", r.stdout);

    // Fixed findings leave the baseline on the next write.
    p.write(
        "form.yaml",
        &FORM.replace("label: Subject", "label: Subject\n    max_length: 80"),
    );
    let w = p.run(&[
        "check",
        "--baseline",
        "baseline.json",
        "--write-baseline",
        "baseline.json",
    ]);
    assert_eq!(w.code, 0);
    let after = p.read("baseline.json");
    assert!(
        after.contains("contact/message") && !after.contains("contact/subject"),
        "{after}"
    );
}

/// Writing the baseline again from a run over some files only (a pre-commit run, a path
/// named) or some rules only (`--select`) keeps what the run could not judge: the entries
/// of the files it did not check, and of the rules it did not run. A file gone takes its
/// entries with it.
#[test]
fn a_partial_run_rewrites_only_what_it_judged() {
    let p = project("partialbaseline");
    p.write("other.yaml", &FORM.replace("form: contact", "form: other"))
        .write("gone.yaml", &FORM.replace("form: contact", "form: gone"));
    let w = p.run(&["check", "--write-baseline", "baseline.json"]);
    assert!(w.stderr.contains("wrote 6 findings"), "{}", w.stderr);
    let entries = |p: &Project| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&p.read("baseline.json")).unwrap();
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| format!("{} {} {}", e["file"], e["rule"], e["identity"]).replace('"', ""))
            .collect()
    };
    // `form.yaml` fixes `subject`; `gone.yaml` is deleted; only `form.yaml` is checked.
    p.write(
        "form.yaml",
        &FORM.replace("label: Subject", "label: Subject\n    max_length: 80"),
    );
    std::fs::remove_file(p.0.join("gone.yaml")).unwrap();
    let args = [
        "--baseline",
        "baseline.json",
        "--write-baseline",
        "baseline.json",
    ];
    let w = p.run(&[&["check", "form.yaml"][..], &args].concat());
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert!(w.stderr.contains("wrote 3 findings"), "{}", w.stderr);
    assert_eq!(
        entries(&p),
        [
            "form.yaml DM001 contact/message",
            "other.yaml DM001 other/message",
            "other.yaml DM001 other/subject",
        ]
    );
    // The whole project again: the same.
    let before = p.read("baseline.json");
    assert_eq!(p.run(&[&["check"][..], &args].concat()).code, 0);
    assert_eq!(p.read("baseline.json"), before);
    // A rule left out keeps its entries, in the files checked too.
    p.write(
        "other.yaml",
        &format!("{FORM}  - id: email\n    label: Email\n").replace("form: contact", "form: other"),
    );
    let w = p.run(&[&["check", "--select", "DM007"][..], &args].concat());
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert_eq!(p.read("baseline.json"), before);
    // A baseline written to another file, from another folder, keeps paths right.
    let sub = p.0.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let r = run_in(
        &sub,
        &[
            "check",
            "../form.yaml",
            "--baseline",
            "../baseline.json",
            "--write-baseline",
            "b.json",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&p.read("sub/b.json")).unwrap();
    let files: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["../form.yaml", "../other.yaml", "../other.yaml"]);
    // A run whose only file named `--force-exclude` leaves out checks nothing: every entry
    // stays.
    p.write(
        "datamin.yaml",
        "context: [retention.yaml]\nexclude: [other.yaml]\n",
    );
    let w = p.run(&[&["check", "--force-exclude", "other.yaml"][..], &args].concat());
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert_eq!(p.read("baseline.json"), before);
}

/// `-q` prints no status line when the baseline is written (as ruff's `-q`), only the
/// findings' lines; errors writing it are still printed.
#[test]
fn quiet_write_baseline_prints_no_status_line() {
    let p = project("quietbaseline");
    let w = p.run(&["check", "-q", "--write-baseline", "baseline.json"]);
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert_eq!(w.stderr, "");
    assert_eq!(w.rules(), ["DM001", "DM001"]);
    assert!(p.read("baseline.json").contains("contact/subject"));
    let w = p.run(&["check", "-q", "--write-baseline", "missing/baseline.json"]);
    assert_eq!(w.code, 2, "{}", w.stderr);
    assert!(
        w.stderr
            .starts_with("error: cannot write baseline missing/baseline.json: "),
        "{}",
        w.stderr
    );
}

/// A baseline is datamin's own output: one larger than the size limit of inputs (10 MiB by
/// default) still reads back.
#[test]
fn a_baseline_past_the_input_size_limit_reads_back() {
    let p = project("bigbaseline");
    assert_eq!(
        p.run(&["check", "--write-baseline", "baseline.json"]).code,
        0
    );
    let padded = p.read("baseline.json") + &"\n".repeat(11 * 1024 * 1024);
    p.write("baseline.json", &padded);
    let r = p.run(&["check", "--baseline", "baseline.json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("2 in the baseline"), "{}", r.stdout);
    // Walking the project does not take the baseline for an input (over the size limit).
    let w = p.run(&["check", "--write-baseline", "baseline.json"]);
    assert_eq!(w.code, 0, "{}{}", w.stdout, w.stderr);
    assert!(w.stderr.contains("wrote 2 findings"), "{}", w.stderr);
}

/// The JSON summary (and SARIF's and JUnit's properties) count what the human summary does:
/// a run whose findings are all in the baseline or suppressed is told apart from a clean one.
#[test]
fn summaries_count_suppressed_and_baselined_findings() {
    let p = project("summarycounts");
    let summary = |args: &[&str]| -> serde_json::Value {
        let r = p.run(&[&["check", "--format", "json"][..], args].concat());
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v["summary"].clone()
    };
    let counts = |s: &serde_json::Value| {
        (
            s["warnings"].clone(),
            s["suppressed"].clone(),
            s["baselined"].clone(),
        )
    };
    assert_eq!(counts(&summary(&[])), (2.into(), 0.into(), 0.into()));
    assert_eq!(
        p.run(&["check", "--write-baseline", "baseline.json"]).code,
        0
    );
    let s = summary(&["--baseline", "baseline.json"]);
    assert_eq!(counts(&s), (0.into(), 0.into(), 2.into()));
    p.write(
        "form.yaml",
        &FORM.replace(
            "  - id: subject\n",
            "  # datamin: allow DM001 -- subjects are cut to 80 characters\n  - id: subject\n",
        ),
    );
    let s = summary(&["--baseline", "baseline.json"]);
    assert_eq!(counts(&s), (0.into(), 1.into(), 1.into()));

    // SARIF's run property bag and JUnit's suite properties count them too.
    let r = p.run(&["check", "--format", "sarif", "--baseline", "baseline.json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["runs"][0]["properties"],
        serde_json::json!({"suppressed": 1, "baselined": 1})
    );
    let r = p.run(&["check", "--format", "junit", "--baseline", "baseline.json"]);
    assert!(
        r.stdout.contains(
            "<properties>\n      <property name=\"suppressed\" value=\"1\"/>\n      <property name=\"baselined\" value=\"1\"/>\n    </properties>\n"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn malformed_baselines_are_located_errors() {
    let p = project("badbaseline");
    for (text, expected) in [
        (
            "{\"version\": 1, \"entries\": [{\"rule\": \"DM001\", \"file\": 3}]}",
            "baseline.json:1:54: expected a string",
        ),
        (
            "{\"version\": 3, \"entries\": []}",
            "baseline.json:1:13: unsupported baseline version 3",
        ),
        (
            "{\"version\": 2, \"entries\": [{\"rule\": \"DM001\", \"file\": \"f\", \"identity\": \"i\", \"category\": \"\"}]}",
            "baseline.json:1:88: baseline entry's `category` is empty",
        ),
        (
            "{\"version\": 1, \"entrys\": []}",
            "baseline.json:1:16: unknown key `entrys` in a baseline",
        ),
        ("{\"version\": 1,", "baseline.json:1:"),
    ] {
        p.write("baseline.json", text);
        let r = p.run(&["check", "--baseline", "baseline.json", "--format", "github"]);
        assert_eq!(r.code, 2, "{text}");
        let line = r.stdout.lines().next().unwrap_or_default();
        let (file, rest) = expected.split_once(':').unwrap();
        assert!(line.contains(&format!("file={file}")), "{text}: {line}");
        let mut parts = rest.splitn(3, ':');
        let (l, c) = (parts.next().unwrap(), parts.next().unwrap());
        assert!(line.contains(&format!("line={l}")), "{text}: {line}");
        if !c.is_empty() {
            assert!(line.contains(&format!("col={c},")), "{text}: {line}");
            assert!(
                line.contains(parts.next().unwrap().trim()),
                "{text}: {line}"
            );
        }
    }
    // Writing over it with --baseline and --write-baseline does not wipe it.
    let r = p.run(&[
        "check",
        "--baseline",
        "baseline.json",
        "--write-baseline",
        "baseline.json",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not written"), "{}", r.stderr);
    assert_eq!(p.read("baseline.json"), "{\"version\": 1,");

    let r = p.run(&["check", "--baseline", "missing.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("missing.json"), "{}", r.stdout);
}

/// A baseline that cannot be read is an input error (exit 2), and the files are still
/// checked and reported, every finding counting: the report never claims files were checked
/// when the rules did not run.
/// `--baseline X --write-baseline X` on a first run creates X: its absence is no error. A
/// missing baseline that is not the one written stays an error, and a real input error still
/// keeps the baseline from being written.
#[test]
fn the_same_baseline_read_and_written_is_created_on_a_first_run() {
    let p = project("baseline-create");
    let r = p.run(&[
        "check",
        "-q",
        "--baseline",
        "baseline.json",
        "--write-baseline",
        "./baseline.json",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // Every finding is new, and reported.
    assert_eq!(r.rules(), ["DM001", "DM001"], "{}", r.stdout);
    // `-q`: no status line for the baseline written.
    assert_eq!(r.stderr, "");
    assert!(p.read("baseline.json").contains("contact/subject"));
    // Read from another file: a missing baseline is still an error, and nothing is written.
    let r = p.run(&[
        "check",
        "-q",
        "--baseline",
        "missing.json",
        "--write-baseline",
        "other.json",
    ]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stdout
            .starts_with("missing.json: error: cannot read the baseline: no such file or folder"),
        "{}",
        r.stdout
    );
    assert!(!p.0.join("other.json").exists());
    // A real input error: not written, even when the baseline is being created.
    p.write("broken.yaml", "form: x\nfields: 3\n");
    let r = p.run(&[
        "check",
        "-q",
        "--baseline",
        "new.json",
        "--write-baseline",
        "new.json",
    ]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stdout.starts_with("broken.yaml:2:9: error:"),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stderr,
        "error: baseline new.json not written: fix the input errors first\n"
    );
    assert!(!p.0.join("new.json").exists());
}

#[test]
fn a_bad_baseline_is_an_error_and_the_files_are_still_checked() {
    let p = project("badbaseline-checked");
    p.write(
        "bad.json",
        "{\"version\": 1, \"entries\": [{\"file\": \"x\", \"rule\": \"DM001\"}]}",
    );
    for baseline in ["bad.json", "missing.json"] {
        let r = p.run(&["check", "-q", "--baseline", baseline, "form.yaml"]);
        assert_eq!(r.code, 2, "{}", r.stdout);
        let findings: Vec<&str> = r.stdout.lines().filter(|l| l.contains(" [DM")).collect();
        assert_eq!(
            findings,
            [
                "form.yaml:4:9: warning: free-text field `subject` has no length limit [DM001]",
                "form.yaml:7:11: warning: free-text field `message` has no length limit [DM001]",
            ],
            "{baseline}: {}",
            r.stdout
        );
    }
    let r = p.run(&["check", "-q", "--baseline", "bad.json", "form.yaml"]);
    assert!(
        r.stdout
            .starts_with("bad.json:1:28: error: baseline entry has no `identity`"),
        "{}",
        r.stdout
    );
    // A baseline that is not there says it is the baseline, and how to make one.
    let r = p.run(&["check", "-q", "--baseline", "missing.json", "form.yaml"]);
    assert!(
        r.stdout.starts_with(
            "missing.json: error: cannot read the baseline: no such file or folder (write one with `datamin check --write-baseline FILE`)"
        ),
        "{}",
        r.stdout
    );
    let r = p.run(&["check", "--baseline", "bad.json", "form.yaml"]);
    assert!(
        r.stdout.ends_with(
            "2 findings (0 errors, 2 warnings, 0 notes) in 1 file checked; 1 input error (exit 2)\n"
        ),
        "{}",
        r.stdout
    );
    let r = p.run(&[
        "check",
        "--format",
        "json",
        "--baseline",
        "bad.json",
        "form.yaml",
    ]);
    assert_eq!(r.code, 2);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["findings"].as_array().map(Vec::len),
        Some(2),
        "{}",
        r.stdout
    );
    assert_eq!(
        v["errors"].as_array().map(Vec::len),
        Some(1),
        "{}",
        r.stdout
    );
}

// --- suppressions ---

#[test]
fn suppressions_silence_findings_and_move_with_their_lines() {
    let p = project("suppress");
    let form = FORM
        .replace(
            "  - id: subject\n",
            "  # datamin: allow unbounded-free-text -- subjects are cut to 80 characters\n  - id: subject\n",
        )
        .replace(
            "    type: textarea\n",
            "    type: textarea  # datamin: allow DM001, DM005 -- agents only\n",
        );
    p.write("form.yaml", &form);
    let r = p.run(&["check", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let r = p.run(&["check"]);
    assert!(r.stdout.contains("2 suppressed"), "{}", r.stdout);

    // Lines shift above: the comments move with their lines.
    p.write(
        "form.yaml",
        &form.replace("fields:\n", "title: Contact\n\n\nfields:\n"),
    );
    assert_eq!(p.run(&["check", "-q"]).code, 0);

    // DM005 silences nothing here.
    let r = p.run(&["check", "-q", "--report-unused"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.rules(), ["DM903"], "{}", r.stdout);
    assert!(
        r.stdout
            .contains("form.yaml:11:45: warning: suppression of `DM005` matches no finding"),
        "{}",
        r.stdout
    );

    // A comment on the line above only covers the next line of code, not the whole field.
    p.write(
        "form.yaml",
        &FORM
            .replace(
                "    type: textarea\n",
                "    # datamin: allow DM001 -- x\n    label: Message\n    type: textarea\n",
            )
            .replace("    label: What went wrong?\n", ""),
    );
    let r = p.run(&["check", "-q", "--report-unused"]);
    assert_eq!(r.rules(), ["DM001", "DM903", "DM001"], "{}", r.stdout);
}

#[test]
fn a_suppression_covers_its_own_file_only() {
    // Two forms alike, line for line: the comment in one silences nothing in the other, and
    // a config entry still applies to the other alongside it.
    let p = project("own-file");
    let quiet = FORM.replace(
        "    type: textarea\n",
        "    type: textarea  # datamin: allow DM001 -- cut by the widget\n",
    );
    p.write("form.yaml", &quiet);
    p.write("other.yaml", &FORM.replace("form: contact", "form: other"));
    let r = p.run(&["check", "-q"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.rules(), ["DM001", "DM001", "DM001"], "{}", r.stdout);
    assert!(!r.stdout.contains("form.yaml:7:"), "{}", r.stdout);
    assert!(r.stdout.contains("other.yaml:7:11:"), "{}", r.stdout);
    p.write(
        "datamin.yaml",
        "context: [retention.yaml]\nignore:\n  - path: other.yaml\n    rules: [DM001]\n    reason: a draft\n",
    );
    let r = p.run(&["check", "-q", "--report-unused"]);
    assert_eq!(r.rules(), ["DM001"], "{}", r.stdout);
    assert!(r.stdout.contains("form.yaml:4:9:"), "{}", r.stdout);
}

/// A config `ignore:` entry is unused only when a file its `path` matches was checked: a run
/// over other files (pre-commit, given the changed ones) does not report it; or when it
/// matches no file at all in a run over the whole project.
#[test]
fn config_ignore_entries_are_unused_only_where_their_files_were_checked() {
    let p = project("unused-partial");
    p.write(
        "datamin.yaml",
        "context: [retention.yaml]\nignore:\n  - path: form.yaml\n    rules: [DM001, DM005]\n    reason: cut by the widget\n",
    );
    let r = p.run(&["check", "-q", "--report-unused", "retention.yaml"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    let r = p.run(&["check", "-q", "--report-unused", "form.yaml"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "datamin.yaml:4:20: warning: suppression of `DM005` matches no finding [DM903]\n"
    );

    // An entry about a file that is not there (renamed, removed, misspelt) is unused when the
    // run walked the whole project, and only then: a run given files says nothing of it. One
    // about a file the walk leaves out (excluded) is not judged: named, it is checked.
    p.write("drafts/x.yaml", FORM);
    p.write(
        "datamin.yaml",
        "context: [retention.yaml]\nexclude: [drafts/**]\nignore:\n  - path: form.yaml\n    rules: [DM001]\n    reason: cut by the widget\n  - path: old-form.yaml\n    rules: [DM001]\n    reason: cut by the widget\n  - path: drafts/x.yaml\n    rules: [DM001]\n    reason: a draft\n",
    );
    let r = p.run(&["check", "-q", "--report-unused", "form.yaml"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    let r = p.run(&["check", "-q", "--report-unused", "."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "datamin.yaml:8:13: warning: suppression of `DM001` matches no finding [DM903]\n"
    );
}

/// DM109: with `--report-unused`, each policy glob that matches no form is reported at the
/// glob, with the closest form id; not without the flag, not when the retention file is
/// context only (pre-commit given a changed form), and not in a run that read no form.
#[test]
fn unused_policy_globs_are_reported_with_report_unused_only() {
    let p = project("unused-glob");
    p.write(
        "retention.yaml",
        &RETENTION.replace(r#"forms: ["*"]"#, r#"forms: ["contact", "contcat-*"]"#),
    )
    .write("datamin.yaml", "{}\n");
    let r = p.run(&["check", "-q"]);
    assert_eq!(r.rules(), ["DM001", "DM001"], "{}", r.stdout);

    let r = p.run(&["check", "-q", "--report-unused"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.rules(), ["DM001", "DM001", "DM109"], "{}", r.stdout);
    assert!(
        r.stdout.ends_with(
            "retention.yaml:2:24: warning: `contcat-*` matches no form: the policy for `contact`, `contcat-*` covers nothing through it [DM109]\n"
        ),
        "{}",
        r.stdout
    );
    let r = p.run(&["check", "--report-unused", "retention.yaml", "form.yaml"]);
    assert!(
        r.stdout.contains(
            "= help: fix the glob, or remove it if its forms are gone: no form read in this run that the policy can govern (of a policy with `processor:`, one sent to that processor) has an id it matches (the closest form id is `contact`)"
        ),
        "{}",
        r.stdout
    );
    let r = p.run(&["check", "-q", "--report-unused", "--format", "json"]);
    assert!(
        r.stdout
            .contains(r#""identity": "retention[contact,contcat-*].forms[contcat-*]""#),
        "{}",
        r.stdout
    );

    // The retention file read as context only: its policies are not reported on.
    p.write("datamin.yaml", "context: [retention.yaml]\n");
    let r = p.run(&["check", "-q", "--report-unused", "form.yaml"]);
    assert_eq!(r.rules(), ["DM001", "DM001"], "{}", r.stdout);
    // The retention file alone: no form was read, no glob is judged.
    let r = p.run(&["check", "-q", "--report-unused", "retention.yaml"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);

    // As DM903: `--select` naming DM109 runs it without `--report-unused`, and
    // `--report-unused` runs it whatever `--select` names.
    p.write("datamin.yaml", "{}\n");
    let r = p.run(&["check", "-q", "--select", "unused-policy-glob"]);
    assert_eq!(r.rules(), ["DM109"], "{}", r.stdout);
    let r = p.run(&["check", "-q", "--report-unused", "--select", "DM001"]);
    assert_eq!(r.rules(), ["DM001", "DM001", "DM109"], "{}", r.stdout);
    let r = p.run(&["check", "-q", "--report-unused", "--ignore", "DM109"]);
    assert_eq!(r.rules(), ["DM001", "DM001"], "{}", r.stdout);
    // A run with input errors judges no glob: the file that could not be read may hold the
    // forms a glob is meant for.
    p.write("broken.yaml", "form: contcat-us\nfields: [\n");
    let r = p.run(&["check", "-q", "--report-unused"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!r.rules().contains(&"DM109"), "{}", r.stdout);
    std::fs::remove_file(p.0.join("broken.yaml")).unwrap();
    // A prefix does not ask for it: `--select DM1` in a pre-commit hook (changed files only)
    // would make the globs of the forms left out look unused.
    let r = p.run(&["check", "-q", "--select", "DM1"]);
    assert!(!r.rules().contains(&"DM109"), "{}", r.stdout);

    p.write("datamin.yaml", "rules: {DM109: off}\n");
    let r = p.run(&["check", "-q", "--report-unused"]);
    assert_eq!(r.rules(), ["DM001", "DM001"], "{}", r.stdout);
}

/// A DM109 finding can be suppressed like any finding about a retention file (unlike DM901
/// to DM903, which are about suppressions); the suppression is used, and a run that read no
/// form, judging no glob, does not call it unused either.
#[test]
fn unused_policy_globs_can_be_suppressed() {
    let p = project("unused-glob-allow");
    p.write(
        "retention.yaml",
        &RETENTION.replace(
            r#"forms: ["*"]"#,
            "forms:\n      - contact\n      - \"billing-*\"  # datamin: allow DM109 -- billing forms come in March",
        ),
    )
    .write("datamin.yaml", "{}\n");
    let r = p.run(&["check", "-q", "--report-unused"]);
    assert_eq!(r.rules(), ["DM001", "DM001"], "{}", r.stdout);
    let r = p.run(&["check", "--report-unused"]);
    assert!(r.stdout.contains("; 1 suppressed"), "{}", r.stdout);
    let r = p.run(&["check", "-q", "--report-unused", "retention.yaml"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    // DM109 selected through a prefix does not run (only `--report-unused` or its name asks
    // for it), so its suppressions are not judged by DM903.
    let r = p.run(&["check", "-q", "--select", "DM1,DM903"]);
    assert!(!r.rules().contains(&"DM903"), "{}", r.stdout);
    // Once a form matches, the suppression silences nothing.
    p.write(
        "billing.yaml",
        &FORM.replace("form: contact", "form: billing-eu"),
    );
    let r = p.run(&["check", "-q", "--report-unused"]);
    assert_eq!(
        r.rules(),
        ["DM001", "DM001", "DM001", "DM001", "DM903"],
        "{}",
        r.stdout
    );
    // `--report-unused` runs DM109 whatever `--select` names, so its suppressions are judged.
    let r = p.run(&["check", "-q", "--report-unused", "--select", "DM001"]);
    assert_eq!(
        r.rules(),
        ["DM001", "DM001", "DM001", "DM001", "DM903"],
        "{}",
        r.stdout
    );
}

#[test]
fn reasonless_and_unknown_suppressions_are_findings() {
    let p = project("reasonless");
    p.write(
        "form.yaml",
        &FORM
            .replace(
                "  - id: subject\n",
                "  # datamin: allow DM001\n  - id: subject\n",
            )
            .replace(
                "    type: textarea\n",
                "    type: textarea  # datamin: allow DM01 -- typo\n",
            ),
    );
    let r = p.run(&["check", "-q"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.rules(), ["DM902", "DM001", "DM901"], "{}", r.stdout);
    assert!(
        r.stdout
            .contains("form.yaml:4:3: warning: suppression of `DM001` gives no reason [DM902]"),
        "{}",
        r.stdout
    );
    // Configurable.
    p.write("datamin.yaml", "rules:\n  DM902: off\n  DM901: off\n");
    assert_eq!(p.run(&["check", "-q"]).rules(), ["DM001"]);
}

/// A file with input errors has its findings dropped: its suppressions silenced nothing
/// that is reported, which says nothing of whether they are needed (no DM903). DM901 and
/// DM902, about the comment's own text, still hold.
#[test]
fn suppressions_in_files_with_input_errors_are_not_unused() {
    let p = project("sup-input-errors");
    p.write(
        "form.yaml",
        &FORM
            .replace("fields:\n", "colour: red\nfields:\n")
            .replace(
                "    type: textarea\n",
                "    type: textarea  # datamin: allow DM001\n",
            )
            .replace(
                "  - id: subject\n",
                "  # datamin: allow DM001, DM01 -- the widget cuts subjects\n  - id: subject\n",
            ),
    )
    .write(
        "other.yaml",
        &FORM
            .replace("form: contact", "form: other")
            .replace(
                "  - id: subject\n",
                "  # datamin: allow DM005 -- r\n  - id: subject\n",
            )
            .replace("fields:\n", "# datamin: allow-file DM001 -- r\nfields:\n"),
    )
    // An error found once every file is read: an unknown processor.
    .write(
        "third.yaml",
        &FORM
            .replace("form: contact", "form: third\nprocessors: [nope]")
            .replace(
                "  - id: subject\n",
                "  # datamin: allow DM001 -- r\n  - id: subject\n",
            ),
    );
    let r = p.run(&["check", "-q", "--report-unused"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("unknown key `colour`"), "{}", r.stdout);
    assert!(
        r.stdout.contains("unknown processor `nope`"),
        "{}",
        r.stdout
    );
    // The file without errors still has its unused suppression reported.
    assert_eq!(r.rules(), ["DM901", "DM902", "DM903"], "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "other.yaml:5:20: warning: suppression of `DM005` matches no finding [DM903]"
        ),
        "{}",
        r.stdout
    );
}

/// A finding about a config `ignore:` entry is known by the entry's path, field and rule, not
/// its place in the list: an entry added above it leaves a baseline and SARIF fingerprints
/// as they were.
#[test]
fn findings_about_ignore_entries_keep_their_identity_when_entries_move() {
    let p = project("ignore-identity");
    let entries = "  - path: form.yaml\n    rules: [DM005]\n    reason: r\n  - path: form.yaml\n    field: contact/subject\n    rules: [DM007]\n";
    p.write(
        "datamin.yaml",
        &format!("context: [retention.yaml]\nignore:\n{entries}"),
    );
    let r = p.run(&["check", "--format", "json", "--report-unused"]);
    let out: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let mut identities: Vec<&str> = out["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().is_some_and(|r| r.starts_with("DM90")))
        .map(|f| f["identity"].as_str().unwrap())
        .collect();
    identities.sort_unstable();
    assert_eq!(
        identities,
        [
            "config.ignore[form.yaml]:DM005",
            "config.ignore[form.yaml][contact/subject]:DM007",
            "config.ignore[form.yaml][contact/subject]:DM007",
        ],
        "{}",
        r.stdout
    );
    let w = p.run(&[
        "check",
        "-q",
        "--report-unused",
        "--write-baseline",
        "b.json",
    ]);
    assert_eq!(w.code, 0, "{}{}", w.stdout, w.stderr);
    p.write(
        "datamin.yaml",
        // Used (the form's free text has no limit): it only moves the others.
        &format!("context: [retention.yaml]\nignore:\n  - path: form.yaml\n    rules: [DM001]\n    reason: r\n{entries}"),
    );
    let r = p.run(&["check", "-q", "--report-unused", "--baseline", "b.json"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
}

/// DM901 about the config's `rules:` cannot be suppressed, by `ignore:` either.
#[test]
fn config_ignore_does_not_suppress_unknown_rules_in_the_config() {
    let p = project("ignore-dm901");
    p.write(
        "datamin.yaml",
        "context: [retention.yaml]\nrules: {DM777: off}\nignore:\n  - path: \"*\"\n    rules: [DM901]\n    reason: hide it\n",
    );
    let r = p.run(&["check", "-q"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.rules(), ["DM901", "DM001", "DM001"], "{}", r.stdout);
    assert!(
        r.stdout
            .starts_with("datamin.yaml:2:9: warning: `DM777` is not a datamin rule [DM901]\n"),
        "{}",
        r.stdout
    );
    assert!(!p.run(&["check"]).stdout.contains("suppressed"));
}

/// Policy and processor identities hold brackets: in an `ignore:` entry's `field` glob they
/// are literal, `*` and `?` wildcards.
#[test]
fn ignore_field_globs_match_identities_with_brackets() {
    let p = Project::new("ignore-brackets");
    p.write(
        "retention.yaml",
        "processors:\n  - id: crm\n    third_party: true\n    keeps: 5y\nretention:\n  - forms: [\"a-*\"]\n    closed_tickets: 2y\n    backups: 5y\n  - forms: [\"b-*\"]\n    processor: crm\n    closed_tickets: forever\n  - forms: [\"b-*\"]\n    closed_tickets: 3y\n",
    )
    .write(
        "datamin.yaml",
        "ignore:\n  - path: retention.yaml\n    field: \"retention[a-*].*\"\n    rules: [DM102]\n    reason: r\n  - path: retention.yaml\n    field: \"retention[b-?@*]\"\n    rules: [DM103]\n    reason: r\n",
    );
    let r = p.run(&["check", "-q", "--report-unused", "retention.yaml"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let located: Vec<&str> = r
        .stdout
        .lines()
        .map(|l| l.split(": ").next().unwrap_or_default())
        .collect();
    // Left: DM103 and DM107 of `a-*` (its DM102s ignored), DM104 of `b-*` at `crm` (its
    // DM103 ignored), and the other `b-*` policy's DM102 and DM103; no entry unused.
    assert_eq!(
        located,
        [
            "retention.yaml:7:21",
            "retention.yaml:8:14",
            "retention.yaml:11:21",
            "retention.yaml:13:21",
            "retention.yaml:13:21",
        ],
        "{}",
        r.stdout
    );
    assert_eq!(
        r.rules(),
        ["DM103", "DM107", "DM104", "DM102", "DM103"],
        "{}",
        r.stdout
    );
}

#[test]
fn a_hash_in_a_string_is_not_a_suppression() {
    let p = project("strings");
    p.write(
        "form.yaml",
        "form: contact\nnotice: Never include your password.\nfields:\n  - id: subject\n    label: \"Subject # datamin: allow DM001 -- no\"\n  - id: message\n    type: textarea\n    description: |\n      Explain.\n      # datamin: allow DM001 -- no\n    label: Message\n",
    );
    let r = p.run(&["check", "-q"]);
    assert_eq!(r.rules(), ["DM001", "DM001"], "{}", r.stdout);
}

#[test]
fn allow_file_and_config_ignore() {
    let p = project("allowfile");
    p.write(
        "form.yaml",
        &format!("{FORM}# datamin: allow-file DM001 -- legacy form, replaced in Q3\n"),
    );
    assert_eq!(p.run(&["check", "-q", "--report-unused"]).code, 0);

    let p = Project::new("ignore");
    p.write("retention.yaml", RETENTION);
    p.write(
        "forms/contact.json",
        r#"{"form": "contact", "notice": "Never include your password.",
 "fields": [{"id": "subject"}, {"id": "message", "type": "textarea"}]}"#,
    );
    p.write(
        "datamin.yaml",
        "ignore:\n  - path: \"forms/*.json\"\n    field: contact/sub*\n    rules: [DM001]\n    reason: subjects are cut by the widget\n",
    );
    let r = p.run(&["check", "-q"]);
    assert_eq!(r.rules(), ["DM001"], "{}", r.stdout);
    assert!(r.stdout.contains("`message`"), "{}", r.stdout);
}

/// JSON forms take `//` comments (the JSON parser allows them): a comment alone on its line
/// covers the property below it, whole; a `//` inside a string is text.
#[test]
fn suppression_comments_in_json() {
    let p = Project::new("sup-json");
    p.write(
        "contact.schema.json",
        r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Contact",
  "description": "Never include your password. See https://x.org // datamin: allow DM001 -- no",
  "type": "object",
  "properties": {
    // datamin: allow DM001 -- the proxy cuts it at 2,000 characters
    "details": {
      "type": "string",
      "title": "What happened?"
    },
    "more": { "type": "string", "title": "Anything else?" }, // datamin: allow DM001 -- r
    "other": { "type": "string", "title": "Other" }
  }
}
// datamin: allow-file DM101 -- kept under the help desk's own policy
"#,
    );
    let r = p.run(&["check", "-q", "--report-unused"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.rules(), ["DM003", "DM001"], "{}", r.stdout);
    assert!(
        r.stdout
            .contains("contact.schema.json:13:24: warning: free-text field `other`"),
        "{}",
        r.stdout
    );
}

/// Block comments (`/* ... */`, which the JSON parser allows too) work as `//` ones: alone
/// (over one line or several) they cover the property below, whole; after code, their own
/// line; a `/*` inside a string is text. The reason of one over lines is read as one line.
#[test]
fn block_comment_suppressions_in_json() {
    let p = Project::new("sup-json-block");
    p.write(
        "contact.schema.json",
        r#"{
  "title": "Contact",
  "description": "Never include your password. Write /* datamin: allow DM001 -- no */ to us",
  "type": "object",
  "properties": {
    /* datamin: allow DM001 -- the proxy cuts it at 2,000 characters */
    "details": {
      "type": "string",
      "title": "What happened?"
    },
    "more": { "type": "string", "title": "Anything else?" }, /* datamin: allow DM001 -- r */
    /* datamin: allow DM001 -- the widget
     * cuts it too */
    /* Shown on the second page. */
    "subject": {
      "type": "string",
      "title": "Subject"
    },
    /* datamin: allow DM001 -- notes are cut by the widget */
    /* see /* the doc */
    "notes": { "type": "string", "title": "Notes", "description": "End with */ please" },
    "other": { "type": "string", "title": "Other" }
  }
}
"#,
    );
    let r = p.run(&["check", "-q", "--report-unused"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.rules(),
        ["DM101", "DM003", "DM003", "DM001"],
        "{}",
        r.stdout
    );
    // JSON's block comments do not nest: `/* see /* the doc */` ends on its line, and the
    // suppression above it covers `notes`; the `*/` in notes' description ends nothing, so
    // `other` stays reported.
    assert!(
        r.stdout
            .contains("contact.schema.json:22:24: warning: free-text field `other`"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("field `notes` has no length limit"),
        "{}",
        r.stdout
    );
    let r = p.run(&["check", "--format", "sarif", "--sarif-suppressed"]);
    let log: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let reasons: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["suppressions"][0]["justification"].as_str())
        .collect();
    assert_eq!(
        reasons,
        [
            "the proxy cuts it at 2,000 characters",
            "r",
            "the widget cuts it too",
            "notes are cut by the widget"
        ],
        "{}",
        r.stdout
    );
}

#[test]
fn suppressions_in_issue_forms_and_json_schema_forms() {
    let p = Project::new("sup-formats");
    let issue_form = ISSUE_FORM.replace(
        "      label: Wallet address\n",
        "      label: Wallet address  # datamin: allow DM011 -- the form asks for public addresses only\n",
    ) + "# datamin: allow-file DM101 -- issues are kept under the organisation's policy\n";
    p.write(".github/ISSUE_TEMPLATE/support.yml", &issue_form)
        .write("forms/recovery.schema.json", SCHEMA)
        .write("forms/recovery.uischema.json", UI_SCHEMA)
        .write(
            "datamin.yaml",
            "ignore:\n  - path: \"forms/*.uischema.json\"\n    field: recovery/recovery\n    rules: [credential-field]\n    reason: the field only warns never to type the phrase\n",
        );
    let r = p.run(&["check", "-q", "--report-unused"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let rules = r.rules();
    // The comments cover their own line and the whole issue form; the `ignore:` entry covers
    // the finding located in the uiSchema.
    assert!(!r.stdout.contains("support.yml:11:14"), "{}", r.stdout);
    assert!(r.stdout.contains("support.yml:19:14"), "{}", r.stdout);
    assert!(
        !r.stdout.contains("recovery.uischema.json:4:"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("recovery.uischema.json:14:"),
        "{}",
        r.stdout
    );
    assert!(
        !rules.contains(&"DM903") && !rules.contains(&"DM902"),
        "{}",
        r.stdout
    );
    assert_eq!(
        rules.iter().filter(|r| **r == "DM101").count(),
        1,
        "only the JSON Schema form's DM101 is left: {}",
        r.stdout
    );
    // Left out of SARIF (GitHub would open alerts for them), unless asked for.
    let r = p.run(&["check", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r.get("suppressions").is_none()),
        "{}",
        r.stdout
    );
    let r = p.run(&["check", "--format", "sarif", "--sarif-suppressed"]);
    let log: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let mut suppressed: Vec<(String, String)> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["suppressions"][0]["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    suppressed.sort();
    assert_eq!(
        suppressed,
        [
            ("DM005".to_string(), "external".to_string()),
            ("DM011".to_string(), "inSource".to_string()),
            ("DM101".to_string(), "inSource".to_string()),
        ]
    );
}

#[test]
fn suppressions_in_rust_sources() {
    let p = Project::new("sup-rust");
    let source = include_str!("../examples/rust-support/src/support.rs")
        .replace(
            "    /// Tell us everything that happened.\n",
            "    // datamin: allow DM001, DM002 -- the proxy cuts details at 2,000 characters\n    /// Tell us everything that happened.\n",
        )
        .replace(
            "    /// A screenshot of the error.\n",
            "    // datamin: allow DM008 -- screenshots go to the crash store (CRASH-4)\n    /// A screenshot of the error.\n    #[serde(\n        default,\n    )]\n",
        )
        .replace(
            "    pub date_of_birth: Option<NaiveDate>,\n",
            "    pub date_of_birth: Option<NaiveDate>, // datamin: allow DM006 -- age checks (LEGAL-31)\n",
        );
    p.write("src/support.rs", &source)
        .write(
            "retention.yaml",
            include_str!("../examples/rust-support/retention.yaml"),
        )
        .write(
            "datamin.yaml",
            include_str!("../examples/rust-support/datamin.yaml"),
        );
    let r = p.run(&["check", "-q", "--report-unused"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    // The doc comments (`///`, `datamin: processors`) are not suppressions. A comment above
    // a field covers its doc comments and attributes (over several lines too) and the field:
    // DM002 points into the doc comment, DM001 and DM008 at the field.
    assert_eq!(r.rules(), ["DM108"], "{}", r.stdout);
    let r = p.run(&["check"]);
    assert!(
        r.stdout.ends_with("in 2 files checked; 4 suppressed\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn malformed_suppressions_are_located_errors() {
    let p = project("badsuppress");
    p.write(
        "form.yaml",
        &FORM.replace(
            "    type: textarea\n",
            "    type: textarea  # datamin: alow DM001 -- x\n",
        ),
    );
    let r = p.run(&["check", "-q"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("form.yaml:7:32"), "{}", r.stdout);
    assert!(r.stdout.contains("did you mean `allow`?"), "{}", r.stdout);

    p.write("form.yaml", FORM);
    p.write(
        "datamin.yaml",
        "ignore:\n  - path: \"[\"\n    rules: [DM001]\n",
    );
    let r = p.run(&["check", "-q"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("datamin.yaml:2:11"), "{}", r.stdout);
    p.write(
        "datamin.yaml",
        "ignore:\n  - path: \"*\"\n    rule: [DM001]\n",
    );
    let r = p.run(&["check", "-q"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("did you mean `rules`?"), "{}", r.stdout);
}

// --- pre-commit ---

#[test]
fn ignore_unknown_skips_other_files_named_explicitly() {
    let p = project("unknown");
    p.write(".github/workflows/ci.yml", "on: push\njobs: {}\n");
    let r = p.run(&["check", ".github/workflows/ci.yml", "retention.yaml"]);
    assert_eq!(r.code, 2, "named files must be datamin files by default");
    // Not even YAML.
    p.write("Cargo.toml", "[package]\nname = \"x\"\n");
    assert_eq!(p.run(&["check", "Cargo.toml"]).code, 2);
    // A Rust source without `Deserialize` is known to hold no form: a note, flag or not.
    p.write("src/main.rs", "const X: [u8; 2] = [1, 2];\nfn main() {}\n");
    assert_eq!(p.run(&["check", "src/main.rs"]).code, 0);
    p.write("empty.yaml", "");
    let named = [
        ".github/workflows/ci.yml",
        "Cargo.toml",
        "src/main.rs",
        "empty.yaml",
        "retention.yaml",
    ];
    let r = p.run(&[&["check", "--ignore-unknown"][..], &named[..]].concat());
    assert_eq!(r.code, 0, "{}", r.stdout);
    // Skipped, and said so: they were named.
    for line in [
        "skipped: .github/workflows/ci.yml: not in a format datamin reads",
        "skipped: Cargo.toml: not in a format datamin reads (it does not parse as YAML)",
        "skipped: src/main.rs: a Rust file without `Deserialize` defines no form",
        "skipped: empty.yaml: empty file",
        "0 findings (0 errors, 0 warnings, 0 notes) in 1 file checked, 4 skipped",
    ] {
        assert!(r.stdout.contains(line), "{line}\n{}", r.stdout);
    }
    let r = p.run(
        &[
            &["check", "--ignore-unknown", "--format", "json"][..],
            &named[..],
        ]
        .concat(),
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["files_skipped"], 4, "{}", r.stdout);
    let r = p.run(&[
        "check",
        "--ignore-unknown",
        "--format",
        "github",
        "Cargo.toml",
    ]);
    assert_eq!(
        r.stdout,
        "::notice file=Cargo.toml,title=datamin%3A not checked::skipped: not in a format datamin reads (it does not parse as YAML)\n"
    );
    // GitHub's template chooser settings are skipped with or without the flag.
    p.write(
        ".github/ISSUE_TEMPLATE/config.yml",
        "blank_issues_enabled: false\n",
    );
    for flags in [&["--ignore-unknown"][..], &[][..]] {
        let r = p.run(
            &[
                &["check"][..],
                flags,
                &[".github/ISSUE_TEMPLATE/config.yml"][..],
            ]
            .concat(),
        );
        assert_eq!(r.code, 0, "{}", r.stdout);
        assert!(
            r.stdout.contains(
                "skipped: .github/ISSUE_TEMPLATE/config.yml: GitHub's template chooser settings"
            ),
            "{}",
            r.stdout
        );
    }
    // A broken YAML file may be a form: still an error; so is a broken Rust source that
    // derives `Deserialize`.
    p.write("broken.yaml", "form: [x\n");
    let r = p.run(&["check", "--ignore-unknown", "broken.yaml"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    p.write(
        "src/form.rs",
        "#[derive(serde::Deserialize)]\nstruct Contact {\n    email: String,\n",
    );
    let r = p.run(&["check", "--ignore-unknown", "src/form.rs"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.contains("Rust syntax error"), "{}", r.stdout);
    // So is a file two formats claim: it is datamin's, which one is unclear.
    p.write(
        "contact.schema.json",
        "{\"form\": \"contact\", \"fields\": []}\n",
    );
    let r = p.run(&["check", "--ignore-unknown", "contact.schema.json"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stdout.contains("could be `form` or `jsonschema`"),
        "{}",
        r.stdout
    );
}

#[test]
fn errors_in_files_checked_early_show_their_source_line_in_every_format() {
    // Both files hold only forms, so both are checked as read and their texts let go; the
    // duplicate id is found at the end.
    let p = project("late-errors");
    p.write("other.yaml", FORM);
    for args in [
        &["check", "--format", "json", "--statistics", "."][..],
        &["check", "."][..],
    ] {
        let r = p.run(args);
        assert_eq!(r.code, 2, "{args:?}");
        let shown = format!("{}{}", r.stdout, r.stderr);
        assert!(
            shown.contains("duplicate form id `contact`"),
            "{args:?}: {shown}"
        );
        assert!(shown.contains("1 │ form: contact"), "{args:?}: {shown}");
        assert!(!shown.contains("source not shown"), "{args:?}: {shown}");
    }
}

#[test]
fn rust_suppressions_stop_at_the_field_after_attributes() {
    let p = Project::new("sup-rust-attrs");
    p.write(
        "src/api.rs",
        r##"use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct ContactForm {
    // datamin: allow DM001 -- capped by the API gateway
    #[serde(default)] pub message: String,
    pub notes: String,
    // datamin: allow DM001 -- capped by the API gateway
    #[serde(rename = "msg[0")]
    pub body: String,
    // datamin: allow DM001 -- capped by the API gateway
    #[doc = r#"What went wrong: "[a]" ]
    then "]" and a quote "
    "#]
    pub details: String,
    // datamin: allow DM001 -- capped by the API gateway
    #[doc = "first line ]
    second \" ] line"]
    #[cfg_attr(all(), doc = cr"c ]")]
    pub summary: String,
}
"##,
    );
    let r = p.run(&["check", "-q", "--report-unused", "--format", "json"]);
    let found: Vec<String> = serde_json::from_str::<serde_json::Value>(&r.stdout).unwrap()
        ["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "DM001" || f["rule"] == "DM903")
        .map(|f| format!("{}:{}", f["rule"].as_str().unwrap(), f["line"]))
        .collect();
    // `notes` is not covered by the comment above `message`; a `[` or `]` in a string (raw,
    // C or plain, over several lines too) neither stretches nor ends an attribute; every
    // suppression is used.
    assert_eq!(found, ["DM001:8"], "{}", r.stdout);
}

#[test]
fn config_globs_are_relative_to_the_config_however_it_is_named() {
    let p = Project::new("config-named");
    p.write(
        ".github/ISSUE_TEMPLATE/x.yml",
        "name: Support\ndescription: Get help\nbody:\n  - type: input\n    id: email\n    attributes:\n      label: Email address\n",
    )
    .write("datamin.yaml", "private: [\".github/ISSUE_TEMPLATE/*\"]\n");
    let sub = p.0.join(".github");
    for (dir, args) in [
        (&p.0, &["check", "-q", "."][..]),
        (&p.0, &["check", "-q", "--config", "datamin.yaml", "."][..]),
        (
            &sub,
            &[
                "check",
                "-q",
                "--config",
                "../datamin.yaml",
                "ISSUE_TEMPLATE/x.yml",
            ][..],
        ),
    ] {
        let r = run_in(dir, args, None);
        assert!(!r.stdout.contains("DM011"), "{args:?}: {}", r.stdout);
        assert!(r.stdout.contains("DM101"), "{args:?}: {}", r.stdout);
    }
}

/// `check -q --report-unused` on a form file `text`, without the retention finding.
fn unsuppressed(name: &str, text: &str) -> Vec<String> {
    let p = Project::new(name);
    p.write("f.yaml", text);
    let r = p.run(&["check", "-q", "--report-unused", "f.yaml"]);
    r.stdout
        .lines()
        .filter(|l| !l.contains("[DM101]"))
        .map(String::from)
        .collect()
}

#[test]
fn a_yaml_comment_above_a_field_covers_the_whole_field() {
    let found = unsuppressed(
        "sup-yaml-block",
        "form: notes-form\nnotice: Never include your password.\nfields:\n  # datamin: allow DM001, credential-field -- agents only, purged after 30 days (PRIV-88)\n  - id: notes\n    type: textarea\n    label: Your password\n  - id: other\n    type: textarea\n    label: Other\n",
    );
    // DM001 (at `type:`) and DM005 (at `label:`) of `notes` are covered; the next field is not.
    assert_eq!(
        found,
        ["f.yaml:9:11: warning: free-text field `other` has no length limit [DM001]"]
    );
}

#[test]
fn a_checked_form_with_the_id_of_a_context_form_is_an_error() {
    let p = Project::new("dup-context");
    p.write("forms/a.yaml", "form: wallet\nfields: []\n")
        .write("shared/b.yaml", "form: wallet\nfields: []\n")
        .write("datamin.yaml", "context: [shared/b.yaml]\n");
    let r = p.run(&["check", "forms"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stdout.contains("forms/a.yaml:1:7") && r.stdout.contains("duplicate form id `wallet`"),
        "{}",
        r.stdout
    );
    // The help says where the first one is.
    assert!(
        r.stdout
            .contains("`wallet` is already the id of the form at shared/b.yaml:1:7"),
        "{}",
        r.stdout
    );
}

#[test]
fn yaml_suppressions_stop_at_a_block_scalar_and_the_narrowest_is_used() {
    let found = unsuppressed(
        "sup-yaml-scalar",
        "form: f1\nnotice: Never include passwords or personal data.\nfields:\n  - id: a\n    # datamin: allow DM001 -- x\n    description: |\n      text\n    type: textarea\n  # datamin: allow DM001 -- outer\n  - id: b\n    type: textarea   # datamin: allow DM001 -- inner\n",
    );
    // The first comment covers `description:` and its text, not `type:` after it; of the two
    // covering `b`'s type, the inner one is used and the outer one is unused.
    assert_eq!(
        found,
        [
            "f.yaml:5:22: warning: suppression of `DM001` matches no finding [DM903]",
            "f.yaml:8:11: warning: free-text field `a` has no length limit [DM001]",
            "f.yaml:9:20: warning: suppression of `DM001` matches no finding [DM903]",
        ]
    );
}

#[test]
fn a_line_of_exactly_400_characters_is_shown() {
    let p = Project::new("long-line");
    let line = |n: usize| {
        let head = "    type: textarea  # ";
        format!("{head}{}", "x".repeat(n - head.len()))
    };
    for (n, shown) in [(400, true), (401, false)] {
        p.write(
            "f.yaml",
            &format!(
                "form: f1\nnotice: Never include passwords.\nfields:\n  - id: a\n{}\r\n",
                line(n)
            ),
        );
        let r = p.run(&["check", "f.yaml"]);
        assert_eq!(
            r.stdout.contains("line too long to show"),
            !shown,
            "{n}: {}",
            r.stdout
        );
    }
}

#[cfg(unix)]
#[test]
fn config_globs_match_through_a_symlinked_project_folder() {
    let p = Project::new("symlinked");
    p.write(
        "vendor/form.yaml",
        "form: v\nfields:\n  - id: x\n    type: textarea\n",
    )
    .write("form.yaml", FORM)
    .write("datamin.yaml", "exclude: [\"vendor/**\"]\n");
    let link = p.0.with_extension("link");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(&p.0, &link).unwrap();
    let config = link.join("datamin.yaml");
    let r = run_in(
        &p.0,
        &["check", "-q", "--config", config.to_str().unwrap(), "."],
        None,
    );
    let _ = std::fs::remove_file(&link);
    assert!(!r.stdout.contains("vendor"), "{}", r.stdout);
    assert!(r.stdout.contains("form.yaml"), "{}", r.stdout);
}

/// `--config link/../datamin.yaml`: the OS goes up from where the link leads, and so do the
/// config's globs (a lexical `..` would take the folder the link sits in, a config never read).
#[cfg(unix)]
#[test]
fn a_config_named_through_a_link_and_dot_dot_is_rooted_where_it_was_read() {
    let p = Project::new("link-dot-dot");
    p.write("real/vendor/form.yaml", FORM)
        .write("real/form.yaml", FORM)
        .write("real/datamin.yaml", "exclude: [\"vendor/**\"]\n")
        .write("real/sub/keep", "");
    let _ = std::fs::remove_file(p.0.join("link"));
    std::os::unix::fs::symlink(p.0.join("real/sub"), p.0.join("link")).unwrap();
    let r = run_in(
        &p.0,
        &["check", "-q", "--config", "link/../datamin.yaml", "real"],
        None,
    );
    assert!(!r.stdout.contains("vendor"), "{}", r.stdout);
    assert!(r.stdout.contains("real/form.yaml"), "{}", r.stdout);
}

#[test]
fn a_uischema_pairs_with_its_schema_when_ignored_or_a_symbolic_link() {
    // The walk leaves both uiSchemas out (one is ignored, one is a link); each is still read
    // with the JSON Schema beside it, so its DM005 is found.
    let p = Project::new("uischema-pairing");
    p.write("forms/a/recovery.schema.json", SCHEMA)
        .write("forms/a/recovery.uischema.json", UI_SCHEMA)
        .write("forms/b/other.schema.json", SCHEMA)
        .write("elsewhere/ui.json", UI_SCHEMA)
        .write(".gitignore", "*.uischema.json\n");
    std::fs::create_dir_all(p.0.join(".git")).unwrap();
    std::os::unix::fs::symlink(
        p.0.join("elsewhere/ui.json"),
        p.0.join("forms/b/other.uischema.json"),
    )
    .unwrap();
    let r = p.run(&["check", "forms", "-q"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    for ui in ["a/recovery", "b/other"] {
        assert!(
            r.stdout.contains(&format!("forms/{ui}.uischema.json:4:")),
            "{}",
            r.stdout
        );
    }
}

/// One file named under two paths, through symbolic links (a link to its folder, a link to
/// it), is read once, under the first path: its form does not clash with itself.
#[test]
fn a_file_named_twice_through_links_is_read_once() {
    let p = project("named-through-links");
    p.write("real/a.yaml", &FORM.replace("form: contact", "form: a"));
    std::os::unix::fs::symlink(p.0.join("real"), p.0.join("linkdir")).unwrap();
    std::os::unix::fs::symlink(p.0.join("real/a.yaml"), p.0.join("linkfile.yaml")).unwrap();
    for args in [
        &["check", "-q", "linkdir", "linkfile.yaml"][..],
        &["check", "-q", "real", "linkfile.yaml"],
        &[
            "check",
            "-q",
            "linkfile.yaml",
            "real/a.yaml",
            "linkdir/a.yaml",
        ],
    ] {
        let r = p.run(args);
        assert_eq!(r.code, 1, "{args:?}: {}{}", r.stdout, r.stderr);
        assert_eq!(r.rules(), ["DM001", "DM001"], "{args:?}: {}", r.stdout);
    }
    let r = p.run(&["check", "-q", "linkdir", "linkfile.yaml"]);
    assert!(r.stdout.starts_with("linkdir/a.yaml:"), "{}", r.stdout);
}

/// A uiSchema found by walking, or named with `--force-exclude`, stays out with its JSON
/// Schema when `exclude` (or `.gitignore`) leaves the schema out: the pair is the schema's
/// form. Excluding only the uiSchema leaves the pair in.
#[test]
fn a_uischema_stays_out_with_its_excluded_schema() {
    let p = Project::new("uischema-excluded");
    p.write("s/contact.schema.json", SCHEMA)
        .write("s/contact.uischema.json", UI_SCHEMA)
        .write("datamin.yaml", "exclude: [\"s/*.schema.json\"]\n");
    let r = p.run(&["check", "-q", "."]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    let r = p.run(&["check", "--force-exclude", "s/contact.uischema.json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(
            "skipped: s/contact.uischema.json: its JSON Schema is excluded by datamin.yaml\n"
        ),
        "{}",
        r.stdout
    );
    // A `.gitignore`d schema too.
    p.write("datamin.yaml", "{}\n")
        .write(".gitignore", "*.schema.json\n");
    let r = p.run(&["check", "-q", "."]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    // Excluding the uiSchema alone: the schema is still read with it, walked or named.
    p.write("datamin.yaml", "exclude: [\"s/*.uischema.json\"]\n")
        .write(".gitignore", "");
    for args in [
        &["check", "-q", "."][..],
        &["check", "-q", "--force-exclude", "s/contact.uischema.json"],
    ] {
        let r = p.run(args);
        assert!(
            r.stdout.contains("s/contact.uischema.json:4:23: error:"),
            "{args:?}: {}",
            r.stdout
        );
    }
}

/// A folder with a datamin.yaml of its own is a project of its own: checked with its config
/// (its globs, its rules' levels), and its processors, policies and form ids never meet the
/// other projects' in one run. With `--config`, one config holds for every file.
#[test]
fn each_project_is_checked_with_its_own_config() {
    let p = Project::new("projects");
    // Two teams, each with a `helpdesk` of its own and a form of the same id.
    let team = |keeps: &str, policy: &str| {
        format!("processors:\n  - id: helpdesk\n    third_party: true\n    keeps: {keeps}\nretention:\n  - forms: [\"*\"]\n    processor: helpdesk\n    closed_tickets: {policy}\n    free_text: 30d\n    attachments: 30d\n  - forms: [\"*\"]\n    closed_tickets: {policy}\n    free_text: 30d\n    attachments: 30d\n    backups: 35d\n")
    };
    let form = "form: contact\nnotice: Never include your password.\nprocessors: [helpdesk]\nfields:\n  - id: message\n    type: textarea\n    label: What went wrong?\n    max_length: 500\n";
    p.write("a/retention.yaml", &team("5y", "1y"))
        .write("a/form.yaml", form)
        .write("a/notes.txt.yaml", "form: skipped-by-a\nfields: []\n")
        .write("a/datamin.yaml", "exclude: [\"*.txt.yaml\"]\n")
        .write("b/retention.yaml", &team("1y", "90d"))
        .write("b/form.yaml", form)
        .write("b/datamin.yaml", "rules:\n  DM105: error\n")
        .write("vendor/x/datamin.yaml", "{}\n")
        .write(
            "vendor/x/form.yaml",
            "form: vendored\nfields:\n  - id: n\n    type: textarea\n",
        )
        .write("datamin.yaml", "exclude: [\"vendor/**\"]\n");
    let r = p.run(&["check", "-q", "."]);
    // No duplicate form id `contact`: two projects. Each DM105 is against its own project's
    // policy (a: 5y over 1y, a warning by a's config; b: 1y over 90d, an error by b's). a's
    // `*.txt.yaml` is left out by a's globs, and the vendored project by the root's.
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "a/retention.yaml:4:12: warning: processor `helpdesk` keeps data 5y, longer than the policy for `*` at `helpdesk` (1y) [DM105]",
            "b/retention.yaml:4:12: error: processor `helpdesk` keeps data 1y, longer than the policy for `*` at `helpdesk` (90d) [DM105]",
        ],
        "{}",
        r.stdout
    );
    // Files named on the command line go to their own projects too.
    let named = p.run(&[
        "check",
        "-q",
        "b/retention.yaml",
        "a/retention.yaml",
        "a/form.yaml",
    ]);
    assert_eq!(named.stdout, r.stdout);
    // A file named inside a project that a walk also finds is checked once.
    let both = p.run(&["check", "a/form.yaml", "."]);
    assert!(
        both.stdout
            .ends_with("2 findings (1 error, 1 warning, 0 notes) in 4 files checked\n"),
        "{}",
        both.stdout
    );
    // One config for all: every file in one run (the vendored form too), so the two
    // `contact` forms are one id twice.
    let one = p.run(&["check", "-q", "--config", "datamin.yaml", "a", "b"]);
    assert_eq!(one.code, 2, "{}", one.stdout);
    assert!(
        one.stdout.contains("duplicate form id `contact`"),
        "{}",
        one.stdout
    );
}

/// A folder named through `..` is checked with the config above it, not the one of the
/// folder the run is in; a project whose config cannot be read is an error, and the projects
/// below it, with configs of their own, are still checked; an error in a file several
/// projects read (a baseline) is reported once.
#[test]
fn projects_through_dot_dot_broken_configs_and_shared_files() {
    let p = Project::new("projects-edges");
    let form = |id: &str| format!("form: {id}\ntitle: T\nfields:\n  - id: m\n    label: Name\n");
    p.write("a/datamin.yaml", "{}\n")
        .write("a/root.yaml", &form("t"))
        .write("a/team/datamin.yaml", "rules:\n  DM004: off\n")
        .write("a/team/t.yaml", &form("t"))
        .write("b/datamin.yaml", "{}\n")
        .write("b/broken/datamin.yaml", "rules: [\n")
        .write("b/broken/x.yaml", &form("x"))
        .write("b/broken/sub/datamin.yaml", "{}\n")
        .write("b/broken/sub/s.yaml", &form("s"))
        .write("bad-baseline.txt", "{\"version\": 1, \"entries\": [\n");
    // From inside `team`: `..` is a's project (DM004 on), `team` its own (DM004 off), each
    // file once, no duplicate id.
    let r = run_in(&p.0.join("a/team"), &["check", "-q", ".", ".."], None);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("../root.yaml:1:7: warning: form `t` has free text"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout
            .contains("\nt.yaml:1:7: warning: form `t` has free text"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.matches("t.yaml:4:9:").count(), 2, "{}", r.stdout);
    // The broken project: its config's error, none of its files, its sub-project checked.
    let r = run_in(&p.0.join("b"), &["check", "-q", "."], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout
            .contains("broken/datamin.yaml:2:1: error: invalid YAML"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("broken/x.yaml"), "{}", r.stdout);
    assert!(r.stdout.contains("broken/sub/s.yaml:4:9:"), "{}", r.stdout);
    // A baseline every project reads, broken, is one error.
    let r = run_in(
        &p.0.join("b"),
        &["check", "-q", "--baseline", "../bad-baseline.txt", "."],
        None,
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stdout.matches("bad-baseline.txt").count(),
        1,
        "{}",
        r.stdout
    );
}

/// `--force-exclude` (pre-commit names changed files): a named file that its project's
/// `exclude`, or that of a project above it, leaves out is not read, and is listed as
/// skipped with the config that excludes it; without the flag, named files are checked.
#[test]
fn force_exclude_keeps_named_files_that_exclude_leaves_out_unread() {
    let p = project("force-exclude");
    let vendored = "form: vend\nfields:\n  - id: n\n    type: textarea\n    label: Notes\n";
    p.write(
        "datamin.yaml",
        "context: [retention.yaml]\nexclude: [\"vendor/**\", \"package-lock.json\"]\nlimits:\n  max_file_size: 2000\n",
    )
    .write("vendor/datamin.yaml", "exclude: [\"own/**\"]\n")
    .write("vendor/x/v.yaml", vendored)
    .write("vendor/own/o.yaml", vendored)
    .write("package-lock.json", &format!("{{\"x\": \"{}\"}}\n", "a".repeat(5000)));
    let named = [
        "--ignore-unknown",
        "vendor/x/v.yaml",
        "package-lock.json",
        "form.yaml",
    ];
    // Without the flag, named files are read whatever `exclude` says.
    let r = p.run(&[&["check", "-q"][..], &named[..]].concat());
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("package-lock.json: error: file is 5010 bytes, over the 2000-byte limit"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("vendor/x/v.yaml:4:11: warning:"),
        "{}",
        r.stdout
    );
    // With it, the excluded ones are listed, one line each, and the others checked.
    let r = p.run(&[&["check", "--force-exclude"][..], &named[..]].concat());
    assert_eq!(r.code, 1, "{}", r.stdout);
    let lines: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("skipped:") || l.contains(" findings ") || l.contains("─ "))
        .collect();
    assert_eq!(
        lines,
        [
            "  ┌─ form.yaml:4:9",
            "  ┌─ form.yaml:7:11",
            "skipped: package-lock.json: excluded by datamin.yaml",
            "skipped: vendor/x/v.yaml: excluded by datamin.yaml",
            "2 findings (0 errors, 2 warnings, 0 notes) in 1 file checked, 2 skipped",
        ],
        "{}",
        r.stdout
    );
    // Quiet: the findings only.
    let r = p.run(&[&["check", "-q", "--force-exclude"][..], &named[..]].concat());
    assert_eq!(r.rules(), ["DM001", "DM001"], "{}", r.stdout);
    // Only excluded files named: nothing checked (not `.`), exit 0.
    let r = p.run(&[
        "check",
        "--force-exclude",
        "--format",
        "json",
        "vendor/x/v.yaml",
        "vendor/own/o.yaml",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["files_checked"], 0, "{}", r.stdout);
    assert_eq!(
        v["skipped"],
        serde_json::json!([
            {"file": "vendor/own/o.yaml", "reason": "excluded by vendor/datamin.yaml"},
            {"file": "vendor/x/v.yaml", "reason": "excluded by datamin.yaml"},
        ]),
        "{}",
        r.stdout
    );
    // A parent excluding the nested project's config keeps all of it out, as a walk does.
    p.write("datamin.yaml", "exclude: [\"vendor/datamin.yaml\"]\n");
    let r = p.run(&["check", "--force-exclude", "vendor/x/v.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("skipped: vendor/x/v.yaml: excluded by datamin.yaml\n"),
        "{}",
        r.stdout
    );
    // With `--config`, that config's `exclude` applies; standard input's path too.
    let r = run_in(
        &p.0,
        &[
            "check",
            "--force-exclude",
            "--config",
            "vendor/datamin.yaml",
            "-",
            "--stdin-filename",
            "vendor/own/o.yaml",
        ],
        Some(vendored),
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("skipped: vendor/own/o.yaml: excluded by vendor/datamin.yaml\n"),
        "{}",
        r.stdout
    );
}

/// `--force-exclude` leaves out what a walk from the top leaves out, no more: an enclosing
/// project's `exclude` decides only whether a nested project is walked into (by its config
/// file), and the nested project's own `exclude` decides about its files.
#[test]
fn force_exclude_leaves_a_nested_projects_files_to_its_own_config() {
    let p = Project::new("force-exclude-nested");
    p.write("datamin.yaml", "exclude: [\"team/sub\"]\n")
        .write("team/datamin.yaml", "rules: {DM101: off}\n")
        .write("team/x.yaml", FORM)
        .write(
            "team/sub/y.yaml",
            &FORM.replace("form: contact", "form: other"),
        );
    let walked = p.run(&["check", "-q", "."]);
    assert!(
        walked.stdout.contains("team/sub/y.yaml:4:9: warning:"),
        "{}",
        walked.stdout
    );
    let named = p.run(&["check", "-q", "--force-exclude", "team/sub/y.yaml"]);
    assert_eq!(named.rules(), ["DM001", "DM001"], "{}", named.stdout);
    // The nested project's own `exclude` leaves it out, both ways.
    p.write("team/datamin.yaml", "rules: {DM101: off}\nexclude: [sub]\n");
    let walked = p.run(&["check", "-q", "."]);
    assert!(!walked.stdout.contains("team/sub/"), "{}", walked.stdout);
    let named = p.run(&["check", "--force-exclude", "team/sub/y.yaml"]);
    assert!(
        named
            .stdout
            .contains("skipped: team/sub/y.yaml: excluded by team/datamin.yaml\n"),
        "{}",
        named.stdout
    );
}

// --- choosing rules: --select and --ignore ---

/// `FORM` without its notice: two DM001 and a DM004.
fn form_without_notice() -> String {
    FORM.replace("notice: Never include your password.\n", "")
}

#[test]
fn select_runs_only_the_rules_named_by_id_name_or_prefix() {
    let p = project("select");
    p.write("form.yaml", &form_without_notice());
    assert_eq!(p.run(&["check", "-q"]).rules(), ["DM004", "DM001", "DM001"]);
    for select in [
        &["--select", "DM001"][..],
        &["--select", "unbounded-free-text"],
    ] {
        let r = p.run(&[&["check", "-q"][..], select].concat());
        assert_eq!(r.code, 1, "{select:?}: {}", r.stderr);
        assert_eq!(r.rules(), ["DM001", "DM001"], "{select:?}");
    }
    // Comma-separated, repeated, or an id prefix (DM00: DM001-DM009).
    for select in [
        &["--select", "DM004,unbounded-free-text"][..],
        &["--select", "DM004", "--select", "DM001"],
        &["--select", "DM00"],
        &["--select", "DM0"],
    ] {
        let r = p.run(&[&["check", "-q"][..], select].concat());
        assert_eq!(r.rules(), ["DM004", "DM001", "DM001"], "{select:?}");
    }
    // The retention rules only: none fires (the form is covered).
    let r = p.run(&["check", "-q", "--select", "DM1"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    // Without the retention file as context, DM101 does.
    p.write("datamin.yaml", "{}\n");
    let r = p.run(&["check", "-q", "--select", "DM1", "form.yaml"]);
    assert_eq!(r.rules(), ["DM101"], "{}", r.stderr);
}

#[test]
fn ignore_turns_rules_off_after_select() {
    let p = project("ignore-flag");
    p.write("form.yaml", &form_without_notice());
    for (args, rules) in [
        (&["--ignore", "DM001"][..], &["DM004"][..]),
        (&["--ignore", "no-data-warning"], &["DM001", "DM001"]),
        (&["--ignore", "DM001,DM004"], &[]),
        (&["--ignore", "DM0"], &[]),
        (&["--select", "DM0", "--ignore", "DM001"], &["DM004"]),
        // Applied after `--select`, whatever names the rule.
        (&["--select", "DM001", "--ignore", "DM0"], &[]),
        (
            &["--select", "DM001", "--ignore", "unbounded-free-text"],
            &[],
        ),
    ] {
        let r = p.run(&[&["check", "-q"][..], args].concat());
        assert_eq!(r.rules(), rules, "{args:?}: {}", r.stderr);
        assert_eq!(r.code, if rules.is_empty() { 0 } else { 1 }, "{args:?}");
    }
}

/// The config's `rules:` still sets the levels; `--select` naming a rule by id or name runs
/// it even when `rules:` turns it off (at its default severity), a prefix does not; `--ignore`
/// turns off what the config turns on.
#[test]
fn select_and_ignore_combine_with_the_config_rules() {
    let p = project("select-config");
    p.write("form.yaml", &form_without_notice()).write(
        "datamin.yaml",
        "context: [retention.yaml]\nrules:\n  DM001: error\n  no-data-warning: off\n",
    );
    let quiet = |args: &[&str]| {
        let r = p.run(&[&["check", "-q"][..], args].concat());
        (r.code, r.stdout, r.stderr)
    };
    let dm001 = "form.yaml:3:9: error: free-text field `subject` has no length limit [DM001]\n";
    let (code, out, err) = quiet(&["--select", "DM001"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.starts_with(dm001), "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
    // Named, a rule the config turns off runs, at its own severity.
    for name in ["DM004", "no-data-warning"] {
        let (_, out, err) = quiet(&["--select", name]);
        assert_eq!(
            out, "form.yaml:1:7: warning: form `contact` has free text but never tells people what not to include [DM004]\n",
            "{name}: {err}"
        );
    }
    // A prefix selects the rules the config leaves on.
    let (_, out, _) = quiet(&["--select", "DM00"]);
    assert!(!out.contains("[DM004]"), "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
    // `--ignore` turns off a rule the config raises.
    let (code, out, _) = quiet(&["--ignore", "DM001"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn an_unknown_rule_on_the_command_line_is_a_usage_error() {
    let p = project("select-unknown");
    for (args, message) in [
        (
            &["--select", "DM01x"][..],
            "error: unknown rule `DM01x` in `--select`\n  = help: did you mean `DM010`?\n",
        ),
        (
            &["--select", "DM001", "--ignore", "unbounded-free-txt"],
            "error: unknown rule `unbounded-free-txt` in `--ignore`\n  = help: did you mean `unbounded-free-text`?\n",
        ),
        (
            &["--select", "dm001"],
            "error: unknown rule `dm001` in `--select`\n  = help: did you mean `DM001`?\n",
        ),
        // A prefix that no rule has.
        (&["--select", "DM7"], "error: unknown rule `DM7` in `--select`\n"),
        (&["--ignore", "DM001,DM777"], "error: unknown rule `DM777` in `--ignore`\n"),
    ] {
        let r = p.run(&[&["check", "--write-baseline", "b.json"][..], args].concat());
        assert_eq!(r.code, 2, "{args:?}: {}", r.stdout);
        assert!(r.stderr.starts_with(message), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("`datamin rules` lists every rule"),
            "{args:?}: {}",
            r.stderr
        );
        // Nothing is reported or written under a selection that is not what was meant.
        assert_eq!(r.stdout, "", "{args:?}");
        assert!(!p.0.join("b.json").exists(), "{args:?}");
    }
    for empty in ["", "DM001,", " "] {
        let r = p.run(&["check", "--select", empty]);
        assert_eq!(r.code, 2, "{empty:?}: {}", r.stdout);
        assert!(r.stderr.contains("empty"), "{empty:?}: {}", r.stderr);
    }
}

/// DM901 and DM902 are rules like the others; DM903 runs with `--report-unused` (which
/// `--select` need not name) or when `--select` names it, and says nothing of suppressions
/// of rules the command line leaves out: they may well be used in a run without the flags.
#[test]
fn report_unused_judges_only_suppressions_of_the_rules_that_ran() {
    let p = project("select-unused");
    p.write(
        "form.yaml",
        &FORM.replace(
            "    type: textarea\n",
            "    type: textarea  # datamin: allow DM001, DM005 -- agents only\n",
        ),
    );
    let unused = "form.yaml:7:45: warning: suppression of `DM005` matches no finding [DM903]\n";
    let dm001 = "form.yaml:4:9: warning: free-text field `subject` has no length limit [DM001]\n";
    let r = p.run(&["check", "-q", "--report-unused"]);
    assert_eq!(r.stdout, format!("{dm001}{unused}"));
    // DM005 left out: its suppression is not judged; DM001's silenced the message field.
    let r = p.run(&["check", "-q", "--report-unused", "--select", "DM001"]);
    assert_eq!(r.stdout, dm001, "{}", r.stderr);
    let r = p.run(&[
        "check",
        "-q",
        "--report-unused",
        "--ignore",
        "credential-field",
    ]);
    assert_eq!(r.stdout, dm001, "{}", r.stderr);
    // DM001 left out: its suppression silenced nothing, but is not judged either.
    let r = p.run(&["check", "-q", "--report-unused", "--select", "DM005"]);
    assert_eq!(r.stdout, unused, "{}", r.stderr);
    // Named by `--select`, DM903 needs no `--report-unused`; `--ignore` turns it off.
    let r = p.run(&["check", "-q", "--select", "DM005,unused-suppression"]);
    assert_eq!(r.stdout, unused, "{}", r.stderr);
    let r = p.run(&["check", "-q", "--report-unused", "--ignore", "DM903"]);
    assert_eq!(r.stdout, dm001, "{}", r.stderr);
    // DM902 follows `--select` like any rule.
    p.write(
        "form.yaml",
        &FORM.replace(
            "    type: textarea\n",
            "    type: textarea  # datamin: allow DM001\n",
        ),
    );
    assert_eq!(p.run(&["check", "-q"]).rules(), ["DM001", "DM902"]);
    assert_eq!(
        p.run(&["check", "-q", "--select", "DM001"]).rules(),
        ["DM001"]
    );
    assert_eq!(
        p.run(&["check", "-q", "--select", "DM9"]).rules(),
        ["DM902"]
    );
    // DM903 too runs only when named, not through a prefix.
    p.write(
        "form.yaml",
        &FORM.replace(
            "    type: textarea\n",
            "    type: textarea  # datamin: allow DM005 -- agents only\n",
        ),
    );
    assert_eq!(
        p.run(&["check", "-q", "--select", "DM0,DM9"]).rules(),
        ["DM001", "DM001"]
    );
    assert_eq!(
        p.run(&["check", "-q", "--select", "DM0,DM903"]).rules(),
        ["DM001", "DM001", "DM903"]
    );
}

/// Rules of a project's `rule_dirs` are selectable; a rule only one project knows is no
/// usage error, but one no project of the run knows is.
#[test]
fn select_knows_each_projects_own_rules() {
    let p = Project::new("select-projects");
    let agent_form = "form: notes\naudience: agent\nnotice: Never include your password.\nfields:\n  - id: notes\n    type: textarea\n    label: Notes\n    max_length: 500\n";
    let rule = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/cases/user-rules/rules/agent-free-text.yaml"),
    )
    .unwrap();
    p.write(
        "a/datamin.yaml",
        "rule_dirs: [rules]\nrules: {DM101: off}\n",
    )
    .write("a/rules/agent-free-text.yaml", &rule)
    .write("a/notes.yaml", agent_form)
    .write("b/datamin.yaml", "rules: {DM101: off}\n")
    .write("b/notes.yaml", agent_form);
    let all = p.run(&["check", "-q", "."]);
    assert_eq!(all.rules(), ["DM201"], "{}", all.stderr);
    for select in ["DM201", "free-text-on-agent-form", "DM2"] {
        let r = p.run(&["check", "-q", "--fail-on", "note", "--select", select, "."]);
        assert_eq!(r.code, 1, "{select}: {}", r.stderr);
        assert_eq!(r.rules(), ["DM201"], "{select}");
        assert!(
            r.stdout.starts_with("a/notes.yaml:7:12: note:"),
            "{}",
            r.stdout
        );
        let r = p.run(&["check", "-q", "--fail-on", "note", "--ignore", select, "."]);
        assert_eq!(
            (r.code, r.stdout.as_str()),
            (0, ""),
            "{select}: {}",
            r.stderr
        );
    }
    // Every file named is left out: no rule ran, and DM201 may be a rule of the project
    // whose config excludes it (pre-commit names the changed files).
    p.write("datamin.yaml", "exclude: [a]\n");
    let r = p.run(&[
        "check",
        "--force-exclude",
        "--select",
        "DM201",
        "a/notes.yaml",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // Only b is checked, and no rule of b is DM201.
    let r = p.run(&["check", "-q", "--select", "DM201", "b"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr
            .starts_with("error: unknown rule `DM201` in `--select`\n"),
        "{}",
        r.stderr
    );
}

// --- the config's paths ---

/// A `rule_dirs` folder or `context` file that cannot be read is the config's error, at the
/// value that names it, with the path named as the rest of the report names paths (relative
/// to the current folder, also from a subfolder), and a "did you mean" for a file of a
/// close name beside it.
#[test]
fn a_missing_rule_folder_or_context_file_is_located_in_the_config() {
    let p = Project::new("config-paths");
    p.write("retention.yaml", RETENTION)
        .write(
            "datamin.yaml",
            "rule_dirs: [my-rules]\ncontext: [retention.yml]\n",
        )
        .write("sub/form.yaml", FORM);
    let r = p.run(&["check", "--format", "json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let errors: Vec<_> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
                e["message"].as_str().unwrap().to_string(),
                e["help"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let error = |line, column, message: &str, help: &str| {
        (
            "datamin.yaml".to_string(),
            line,
            column,
            message.to_string(),
            help.to_string(),
        )
    };
    assert_eq!(
        errors,
        [
            error(
                1,
                13,
                "cannot read `rule_dirs` folder `my-rules`: no such file or folder",
                "paths in datamin.yaml are relative to its folder"
            ),
            error(
                2,
                11,
                "cannot read `context` file `retention.yml`: no such file or folder",
                "did you mean `retention.yaml`?"
            ),
        ]
    );
    // From a subfolder: the config and its paths named from there, as the form is.
    let r = run_in(&p.0.join("sub"), &["check", "-q"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().take(2).collect::<Vec<_>>(),
        [
            "../datamin.yaml:1:13: error: cannot read `rule_dirs` folder `../my-rules`: no such file or folder (paths in datamin.yaml are relative to its folder)",
            "../datamin.yaml:2:11: error: cannot read `context` file `../retention.yml`: no such file or folder (did you mean `retention.yaml`?)",
        ],
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("form.yaml:"), "{}", r.stdout);
}

/// A `context` entry that is a folder is the config's error, at the value that names it.
#[test]
fn a_context_folder_is_located_in_the_config() {
    let p = project("context-folder");
    p.write("forms/a.yaml", &FORM.replace("form: contact", "form: a"))
        .write("datamin.yaml", "context:\n  - retention.yaml\n  - forms\n");
    let r = p.run(&["check", "-q", "form.yaml"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stdout.lines().next(),
        Some("datamin.yaml:3:5: error: cannot read `context` file `forms`: is a folder"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.matches("is a folder").count(), 1, "{}", r.stdout);
}

/// A baseline read and written by the same run keeps one entry per finding: those about the
/// config itself (an `ignore:` entry without a reason, DM902; an unknown rule, DM901) are
/// judged by every run, so they are not carried over besides being written again, and go
/// once the config is fixed.
#[test]
fn a_refreshed_baseline_judges_the_config_findings() {
    let p = Project::new("baseline-config");
    p.write(
        "f.yaml",
        "form: f1\nnotice: Never include your recovery phrase or passwords.\nfields:\n  - id: notes\n    type: textarea\n    label: Notes\n",
    )
    .write(
        "datamin.yaml",
        "ignore:\n  - path: f.yaml\n    rules: [DM101]\n  - path: g.yaml\n    rules: [DM999]\n    reason: x\n",
    );
    let refresh = [
        "check",
        "-q",
        "f.yaml",
        "--baseline",
        "b.json",
        "--write-baseline",
        "b.json",
    ];
    let entries = |p: &Project, rule: &str| p.read("b.json").matches(rule).count();
    for _ in 0..3 {
        let r = p.run(&refresh);
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        assert_eq!((entries(&p, "DM901"), entries(&p, "DM902")), (1, 1));
    }
    p.write(
        "datamin.yaml",
        "ignore:\n  - path: f.yaml\n    rules: [DM101]\n    reason: no policy yet\n",
    );
    let r = p.run(&refresh);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!((entries(&p, "DM901"), entries(&p, "DM902")), (0, 0));
}

/// A baseline refreshed in place keeps one entry per unused suppression (DM903) or glob
/// (DM109): one found again replaces its entry (with `--report-unused --select DM001` they
/// were written again besides, on each refresh); one not found stays, as the run may not
/// have judged it (a suppression of DM005 when `--select` left DM005 out; any, without
/// `--report-unused`).
#[test]
fn a_refreshed_baseline_keeps_unused_entries_only_when_unjudged() {
    let p = Project::new("baseline-unused");
    p.write(
        "f.yaml",
        "form: f1\nnotice: Never include your recovery phrase or passwords.\nfields:\n  - id: notes   # datamin: allow DM001 -- legacy\n    type: textarea\n    label: Notes\n    max_length: 200\n  - id: more   # datamin: allow DM005 -- legacy\n    type: textarea\n    label: More\n    max_length: 200\n",
    )
    .write(
        "r.yaml",
        "retention:\n  - forms: [\"f1\", \"old-*\"]\n    closed_tickets: 30d\n    free_text: 30d\n    attachments: 30d\n",
    );
    let entries = |p: &Project| {
        let b = p.read("b.json");
        (b.matches("DM109").count(), b.matches("DM903").count())
    };
    // Every rule: both suppressions are judged, and unused.
    let r = p.run(&[
        "check",
        "-q",
        "--report-unused",
        "--write-baseline",
        "b.json",
        ".",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(entries(&p), (1, 2), "{}", p.read("b.json"));
    // A refresh in place, with these flags: exit 0, and the entries it leaves.
    let refresh = |flags: &[&str]| {
        let mut args = vec!["check", "-q"];
        args.extend(flags);
        args.extend(["--baseline", "b.json", "--write-baseline", "b.json", "."]);
        let r = p.run(&args);
        assert_eq!(r.code, 0, "{flags:?}: {}{}", r.stdout, r.stderr);
        entries(&p)
    };
    // `--select DM001` judges the suppression of DM001 only: DM005's entry stays.
    for _ in 0..3 {
        let select = ["--report-unused", "--select", "DM001"];
        assert_eq!(refresh(&select), (1, 2), "{}", p.read("b.json"));
    }
    assert_eq!(refresh(&[]), (1, 2), "{}", p.read("b.json"));
    let r = p.run(&[
        "check",
        "-q",
        "--report-unused",
        "--baseline",
        "b.json",
        ".",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // A file renamed: its entries go with the old name, the new name's are written.
    std::fs::rename(p.0.join("f.yaml"), p.0.join("g.yaml")).unwrap();
    assert_eq!(
        refresh(&["--report-unused"]),
        (1, 2),
        "{}",
        p.read("b.json")
    );
    assert!(
        !p.read("b.json").contains("\"f.yaml\""),
        "{}",
        p.read("b.json")
    );
}

/// A report written into the folder checked is let go as not datamin's by the next run,
/// which writes over it (it was refused: "a file this run reads"); a report and a baseline
/// written to one file is a usage error.
#[test]
fn a_report_in_the_checked_folder_is_written_again() {
    let p = Project::new("report-in-tree");
    p.write(
        "f.yaml",
        "form: f1\nnotice: Never include your recovery phrase or passwords.\nfields:\n  - id: notes\n    type: textarea\n    label: Notes\n",
    );
    let args = ["check", "--format", "json", "-o", "report.json", "."];
    let r = p.run(&args);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let first = p.read("report.json");
    p.write(
        "f.yaml",
        "form: f1\nnotice: Never include your recovery phrase or passwords.\nfields:\n  - id: notes\n    type: textarea\n    label: Notes\n  - id: more\n    type: textarea\n    label: More\n",
    );
    let r = p.run(&args);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_ne!(p.read("report.json"), first);
    assert!(p.read("report.json").contains("f1/more"));
    // A form is still never written over.
    let r = p.run(&["check", "-q", "-o", "f.yaml", "."]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(p.read("f.yaml").contains("id: more"));
    // Nor one two formats claim (a form or a retention file, half written), nor one named.
    p.write("amb.yaml", "form: x\nfields: []\nretention: []\n");
    let r = p.run(&["check", "-q", "-o", "amb.yaml", "."]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_eq!(p.read("amb.yaml"), "form: x\nfields: []\nretention: []\n");
    std::fs::remove_file(p.0.join("amb.yaml")).unwrap();
    p.write("bug.yaml", "name: Bug\nbdy: []\n");
    let r = p.run(&[
        "check",
        "-q",
        "--ignore-unknown",
        "bug.yaml",
        "-o",
        "bug.yaml",
    ]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_eq!(p.read("bug.yaml"), "name: Bug\nbdy: []\n");
    std::fs::remove_file(p.0.join("bug.yaml")).unwrap();
    // Nor one that could not be read (not UTF-8): it may be a form all the same.
    std::fs::write(
        p.0.join("latin.yaml"),
        b"form: y\ntitle: T\xff\nfields: []\n",
    )
    .unwrap();
    let r = p.run(&["check", "-q", "-o", "latin.yaml", "."]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        std::fs::read(p.0.join("latin.yaml")).unwrap(),
        b"form: y\ntitle: T\xff\nfields: []\n"
    );
    std::fs::remove_file(p.0.join("latin.yaml")).unwrap();
    let r = p.run(&[
        "check",
        "-q",
        "-o",
        "x.json",
        "--write-baseline",
        "./x.json",
        ".",
    ]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stderr,
        "error: `--output` and `--write-baseline` both name `x.json`: one would overwrite the other\n"
    );
    assert!(!p.0.join("x.json").exists());
}

/// Standard input named as a config is its folder's config for the files named with it,
/// whether or not a copy is on disk: an unsaved config in an editor governs the forms below
/// it (with none on disk, it was read, and applied to nothing); a folder below with a config
/// of its own keeps it.
#[test]
fn a_piped_config_governs_the_files_below_it_without_a_copy_on_disk() {
    let p = Project::new("piped-config");
    std::fs::remove_file(p.0.join("datamin.yaml")).unwrap();
    // Keep a config of the parents out: the project's own folder has one, moved below.
    let form = "form: f1\nnotice: Never include passwords.\nfields:\n  - id: notes\n    type: textarea\n    label: Notes\n";
    p.write("proj/forms/f.yaml", form)
        .write("proj/team/datamin.yaml", "rules: {DM003: off}\n")
        .write("proj/team/g.yaml", form)
        .write("datamin.yaml", "rules: {DM101: off}\n");
    let r = run_in(
        &p.0.join("proj"),
        &[
            "check",
            "-q",
            "-",
            "forms/f.yaml",
            "team/g.yaml",
            "--stdin-filename",
            "datamin.yaml",
        ],
        Some("rules: {DM001: off, DM101: off}\n"),
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    // f.yaml goes by the piped config (no DM001), g.yaml by its own (DM001, no DM003).
    let has = |folder: &str, rule: &str| {
        lines
            .iter()
            .any(|l| l.starts_with(folder) && l.ends_with(&format!("[{rule}]")))
    };
    let got = [
        has("forms/", "DM001"),
        has("forms/", "DM003"),
        has("team/", "DM001"),
        has("team/", "DM003"),
    ];
    assert_eq!(got, [false, true, true, false], "{}", r.stdout);
}

/// Elements of a GitHub issue form without an `id` are named by their label as GitHub names
/// them, so an intro added above them (a markdown element, which cannot have an id) leaves
/// a baseline matching: by position (`body[1]`) every later finding was new.
#[test]
fn a_baseline_survives_an_intro_added_to_an_issue_form() {
    let p = Project::new("issue-form-intro");
    let form = "name: Support\ndescription: Ask for help\nbody:\n  - type: textarea\n    attributes:\n      label: Anything else?\n  - type: input\n    attributes:\n      label: Your phone number\n";
    p.write(".github/ISSUE_TEMPLATE/support.yml", form);
    let r = p.run(&["check", "-q", "--write-baseline", "b.json", "."]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let baseline = p.read("b.json");
    assert!(baseline.contains("support/your-phone-number"), "{baseline}");
    assert!(baseline.contains("support/anything-else"), "{baseline}");
    p.write(
        ".github/ISSUE_TEMPLATE/support.yml",
        &form.replace(
            "body:\n",
            "body:\n  - type: markdown\n    attributes:\n      value: Never include your password.\n",
        ),
    );
    let r = p.run(&["check", "-q", "--baseline", "b.json", "."]);
    // Only what the intro changes is new: the form now warns (DM004 goes), nothing more.
    assert!(
        r.stdout.lines().all(|l| !l.contains("support.yml:")),
        "{}",
        r.stdout
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

/// A baseline entry names the kind of data its finding is about: a field relabelled from
/// "Your phone number" to "Your social security number" asks for something new and is no
/// longer covered; an entry without a category (written before entries had one) covers a
/// finding of any.
#[test]
fn a_baseline_entry_covers_its_kind_of_data_only() {
    let p = Project::new("baseline-category");
    let form = "name: Support\ndescription: Ask for help\nbody:\n  - type: input\n    id: contact\n    attributes:\n      label: Your phone number\n";
    p.write(".github/ISSUE_TEMPLATE/support.yml", form);
    let r = p.run(&["check", "-q", "--write-baseline", "b.json", "."]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let baseline = p.read("b.json");
    assert!(
        baseline.contains("\"category\": \"phone number\""),
        "{baseline}"
    );
    let silent = |r: &Run| r.stdout.lines().all(|l| !l.contains("support.yml:"));
    let r = p.run(&["check", "-q", "--baseline", "b.json", "."]);
    assert!(silent(&r), "{}", r.stdout);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);

    let relabelled = form.replace("Your phone number", "Your social security number");
    p.write(".github/ISSUE_TEMPLATE/support.yml", &relabelled);
    let r = p.run(&["check", "-q", "--baseline", "b.json", "."]);
    assert!(r.stdout.contains("asks for government id"), "{}", r.stdout);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);

    // Written before entries had a category: covers the finding whatever its kind.
    let old: Vec<&str> = baseline
        .lines()
        .filter(|l| !l.contains("\"category\""))
        .collect();
    p.write("b.json", &old.join("\n"));
    let r = p.run(&["check", "-q", "--baseline", "b.json", "."]);
    assert!(silent(&r), "{}", r.stdout);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

/// What a baseline entry matches besides its identity, the kind of data a finding is about,
/// is in the JSON output (`category`) and in SARIF (the result's `properties`), and absent
/// where the rule names none.
#[test]
fn json_and_sarif_name_the_kind_of_data_a_finding_is_about() {
    let p = Project::new("output-category");
    p.write(
        ".github/ISSUE_TEMPLATE/support.yml",
        "name: Support\ndescription: Ask for help\nbody:\n  - type: input\n    id: contact\n    attributes:\n      label: Your phone number\n  - type: textarea\n    id: details\n    attributes:\n      label: What happened?\n",
    );
    let r = p.run(&["check", "--format", "json", "."]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect(&r.stdout);
    let findings = doc["findings"].as_array().unwrap();
    let of = |identity: &str| -> Vec<&serde_json::Value> {
        findings
            .iter()
            .filter(|f| f["identity"] == identity)
            .collect()
    };
    let phone = of("support/contact");
    assert!(!phone.is_empty(), "{}", r.stdout);
    for f in &phone {
        assert_eq!(f["category"], "phone number", "{f}");
    }
    // The form's own findings (no notice, no retention) name no kind of data.
    let details = of("support");
    assert!(!details.is_empty(), "{}", r.stdout);
    for f in &details {
        assert!(f.get("category").is_none(), "{f}");
    }

    let r = p.run(&["check", "--format", "sarif", "."]);
    let log: serde_json::Value = serde_json::from_str(&r.stdout).expect(&r.stdout);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let categories: Vec<&serde_json::Value> = results
        .iter()
        .map(|r| &r["properties"]["category"])
        .collect();
    assert_eq!(results.len(), phone.len() + details.len(), "{}", r.stdout);
    assert_eq!(
        categories.iter().filter(|c| **c == "phone number").count(),
        phone.len(),
        "{}",
        r.stdout
    );
    assert_eq!(
        categories.iter().filter(|c| c.is_null()).count(),
        details.len(),
        "{}",
        r.stdout
    );
}
