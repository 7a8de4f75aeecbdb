#![allow(clippy::unwrap_used, clippy::expect_used)]

//! Format fixtures: `tests/fixtures/formats/<format>/` for every format other than datamin's
//! own (help-desk exports keep theirs in `tests/fixtures/vendors/`, see `tests/vendors.rs`),
//! with real-looking files in three folders:
//!
//! - `ok/`: each case yields no finding of any rule, no error and no skipped file;
//! - `err/`: each case yields exactly the lines of its `.expected` file: every finding of every
//!   rule (`file:line:col: message [ID]`), then skipped files (`file: skipped: reason`), and
//!   no error;
//! - `invalid/`: each case yields exactly the input errors of its `.expected` file
//!   (`file:line:col: message`, then `  help: ...` when there is help), and no finding.
//!
//! A case is a file (checked as named on the command line) or a folder (walked; a
//! `datamin.yaml` in it is used). Files in `.expected` are relative to the case's folder.
//! `BLESS=1 cargo test --test formats` rewrites the `.expected` files; review the diff.
//!
//! Then detection, end to end: known non-forms, skipped files, ambiguous files and the
//! `formats:` override, uiSchema pairing, and rule help that fits the format.

mod common;

use std::path::{Path, PathBuf};

use common::{cases, relative, tempdir, DEFAULT_CONFIG};
use std::process::Command;

use datamin::{check, CheckOptions, Report};

const ROOT: &str = "tests/fixtures/formats";

fn run(case: &Path) -> Report {
    check(&CheckOptions {
        threads: 1,
        ..common::options(case)
    })
}

fn finding_lines(report: &Report, case: &Path) -> Vec<String> {
    let mut out = common::finding_lines(report, case);
    out.extend(
        report
            .skipped
            .iter()
            .map(|s| format!("{}: skipped: {}", relative(case, &s.path), s.reason)),
    );
    out
}

fn error_lines(report: &Report, case: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in &report.errors {
        let file = relative(case, &report.error_path(e));
        match e.span.and_then(|s| report.locate(s)) {
            Some(loc) => out.push(format!("{file}:{}:{}: {}", loc.line, loc.column, e.message)),
            None => out.push(format!("{file}: {}", e.message)),
        }
        if let Some(h) = &e.help {
            out.push(format!("  help: {h}"));
        }
    }
    out
}

#[test]
fn every_format_has_fixtures_and_they_pass() {
    let mut failures = Vec::new();
    let native = ["form", "retention"];
    for format in datamin::formats::FORMATS
        .iter()
        .filter(|f| !native.contains(&f.name))
    {
        let dir = Path::new(ROOT).join(format.name);
        // Help-desk exports keep their cases in `tests/fixtures/vendors/`, run by
        // `tests/vendors.rs` with the same conventions.
        let vendor = Path::new("tests/fixtures/vendors").join(format.name);
        if !dir.join("ok").exists()
            && !cases(&vendor.join("ok")).is_empty()
            && !cases(&vendor.join("err")).is_empty()
        {
            continue;
        }
        let Some((ok, err)) = common::ok_and_err(&dir, format.name, &mut failures) else {
            continue;
        };
        for case in ok {
            let r = run(&case);
            let mut got = finding_lines(&r, &case);
            got.extend(error_lines(&r, &case));
            if !got.is_empty() {
                failures.push(format!(
                    "{}: ok case yields:\n    {}",
                    case.display(),
                    got.join("\n    ")
                ));
            }
            if r.checked == 0 {
                failures.push(format!("{}: ok case checks no file", case.display()));
            }
        }
        for case in err {
            let r = run(&case);
            let errors = error_lines(&r, &case);
            if !errors.is_empty() {
                failures.push(format!(
                    "{}: err case has input errors:\n    {}",
                    case.display(),
                    errors.join("\n    ")
                ));
            }
            common::compare(
                &case,
                &common::expected_path(&case),
                &finding_lines(&r, &case),
                &mut failures,
            );
        }
        for case in cases(&dir.join("invalid")) {
            let r = run(&case);
            let findings = finding_lines(&r, &case);
            if !r.findings.is_empty() {
                failures.push(format!(
                    "{}: invalid case has findings:\n    {}",
                    case.display(),
                    findings.join("\n    ")
                ));
            }
            common::compare(
                &case,
                &common::expected_path(&case),
                &error_lines(&r, &case),
                &mut failures,
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---- Detection, end to end ----

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

fn check_paths(paths: &[&Path], config: Option<&Path>) -> Report {
    check(&CheckOptions {
        paths: paths.iter().map(|p| p.to_path_buf()).collect(),
        config: Some(config.map_or_else(|| PathBuf::from(DEFAULT_CONFIG), Path::to_path_buf)),
        threads: 1,
        ..CheckOptions::default()
    })
}

fn datamin(args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .args(args)
        .output()
        .expect("run datamin");
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

const CHOOSER: &str = "blank_issues_enabled: false\ncontact_links:\n  - name: Help\n    url: https://example.com/help\n    about: Private support\n";

#[test]
fn config_yml_named_is_skipped_with_a_note_and_walked_is_silent() {
    let dir = tempdir("chooser");
    let f = write(&dir, ".github/ISSUE_TEMPLATE/config.yml", CHOOSER);
    let r = check_paths(&[&f], None);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.checked, 0);
    assert_eq!(r.skipped.len(), 1);
    assert!(r.skipped[0].explicit);
    assert!(r.skipped[0].reason.contains("not an issue form"));
    assert_eq!(r.exit_code(datamin::rules::Severity::Note), 0);
    let (code, out) = datamin(&["check", "--config", DEFAULT_CONFIG, f.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("config.yml: GitHub's template chooser settings"),
        "{out}"
    );

    let r = check_paths(&[&dir], None);
    assert!(r.errors.is_empty() && r.skipped.is_empty(), "{r:?}");
}

/// Chooser settings in a template folder under another name than `config.yml` are read by
/// GitHub as an issue form (and the settings not at all): an error at the first setting,
/// found by walking too. Outside a template folder, such a file is no form.
#[test]
fn chooser_settings_misnamed_in_a_template_folder_are_an_error() {
    let dir = tempdir("chooser-misnamed");
    let f = write(&dir, ".github/ISSUE_TEMPLATE/join.yml", CHOOSER);
    for path in [&f, &dir] {
        let r = check_paths(&[path], None);
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        let loc = r.locate(r.errors[0].span.unwrap()).unwrap();
        assert_eq!((loc.line, loc.column), (1, 1), "{:?}", r.errors);
        assert!(
            r.errors[0].message.contains("template chooser setting, read only from `config.yml`: GitHub reads `join.yml` as an issue form"),
            "{:?}",
            r.errors
        );
        assert_eq!(r.exit_code(datamin::rules::Severity::Note), 2);
    }
    let elsewhere = write(&dir, "docs/join.yml", CHOOSER);
    let r = check_paths(&[&elsewhere], None);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.skipped.len(), 1);
}

#[test]
fn walked_files_in_no_format_are_skipped_and_listed_with_verbose() {
    let dir = tempdir("walked");
    write(&dir, "ci.yaml", "jobs:\n  build: {}\n");
    // Said as when named with `--ignore-unknown`.
    write(&dir, "empty.yaml", "\n");
    write(
        &dir,
        "fragment.json",
        r#"{"properties": {"a": {"type": "string"}}}"#,
    );
    write(
        &dir,
        "ticket.uischema.json",
        r#"{"a": {"ui:widget": "textarea"}}"#,
    );
    let r = check_paths(&[&dir], None);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let skipped: Vec<(&str, &str)> = r
        .skipped
        .iter()
        .map(|s| (s.path.rsplit('/').next().unwrap(), s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            ("ci.yaml", "not in a format datamin reads"),
            ("empty.yaml", "empty file"),
            (
                "fragment.json",
                "might be `jsonschema`: name its format under `formats:` in datamin.yaml"
            ),
            (
                "ticket.uischema.json",
                "a uiSchema with no `ticket.schema.json` beside it"
            ),
        ]
    );
    let d = dir.to_str().unwrap();
    let (code, quiet) = datamin(&["check", "--config", DEFAULT_CONFIG, d]);
    assert_eq!(code, 0);
    assert!(!quiet.contains("skipped:"), "{quiet}");
    assert!(quiet.contains("in 0 files checked, 4 skipped"), "{quiet}");
    let (_, json) = datamin(&["check", "--format", "json", "--config", DEFAULT_CONFIG, d]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["summary"]["files_skipped"], 4, "{json}");
    assert_eq!(v["skipped"][0]["reason"], "not in a format datamin reads");
    assert!(v["skipped"][0]["file"]
        .as_str()
        .unwrap()
        .ends_with("/ci.yaml"));
    let (_, verbose) = datamin(&["check", "--verbose", "--config", DEFAULT_CONFIG, d]);
    assert!(
        verbose.contains("fragment.json: might be `jsonschema`: name its format"),
        "{verbose}"
    );
    assert!(
        verbose.contains("ci.yaml: not in a format datamin reads"),
        "{verbose}"
    );
    assert!(verbose.contains("empty.yaml: empty file\n"), "{verbose}");
}

/// Other tools' YAML with a top-level `processors:` is not a retention file: an
/// OpenTelemetry Collector config's is a mapping (`{batch: }`: was "unknown key `receivers`
/// in a retention file", exit 2), an Elasticsearch ingest pipeline's a list of `{set: ...}`
/// (only suspected).
#[test]
fn processors_of_other_tools_are_not_retention_files() {
    let case = Path::new("tests/cases/otel");
    let r = check_paths(&[case], None);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.checked, 1);
    let skipped: Vec<(String, &str)> = r
        .skipped
        .iter()
        .map(|s| (relative(case, &s.path), s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "deploy/ingest-pipeline.yaml".to_string(),
                "might be `retention`: name its format under `formats:` in datamin.yaml"
            ),
            (
                "deploy/otel-collector-config.yaml".to_string(),
                "not in a format datamin reads"
            ),
        ]
    );
    // Named, a file no format claims is an error, as any other.
    let otel = case.join("deploy/otel-collector-config.yaml");
    let r = check_paths(&[&otel], None);
    let errors: Vec<&str> = r.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(errors, ["not a file datamin can read"]);
    // A retention file that lists processors is still one, with an `id` missing from one.
    let dir = tempdir("processors-list");
    let f = write(
        &dir,
        "processors.yaml",
        "processors:\n  - id: helpdesk\n    keeps: 1y\n  - name: CRM\n",
    );
    let r = check_paths(&[&f], None);
    let errors: Vec<String> = error_lines(&r, &f);
    assert_eq!(
        errors,
        [
            "processors.yaml:4:5: processor has no `id`",
            "  help: give it one, `id: helpdesk`: forms and policies name it by this id",
        ]
    );
}

#[test]
fn ambiguous_or_unsure_named_files_are_errors_until_formats_says() {
    let dir = tempdir("ambiguous");
    // A datamin form saved under a JSON Schema's name: both formats claim it.
    let form = "{\n  \"form\": \"contact\",\n  \"fields\": [\n    {\"id\": \"dob\", \"type\": \"date\", \"label\": \"Date of birth\"}\n  ]\n}\n";
    let f = write(&dir, "contact.schema.json", form);
    let fragment = write(
        &dir,
        "fragment.json",
        r#"{"properties": {"dateOfBirth": {"type": "string", "format": "date"}}}"#,
    );
    let r = check_paths(&[&f, &fragment], None);
    let messages: Vec<(&str, &str)> = r
        .errors
        .iter()
        .map(|e| (e.message.as_str(), e.help.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(
        messages[0].0,
        "cannot tell this file's format: it could be `form` or `jsonschema`"
    );
    assert!(messages[0].1.contains("formats:"), "{messages:?}");
    assert_eq!(
        messages[1].0,
        "cannot tell this file's format: it might be `jsonschema`"
    );

    let config = write(
        &dir,
        "datamin.yaml",
        "formats:\n  \"*.schema.json\": form\n  \"fragment.json\": jsonschema\nrules:\n  DM101: off\n",
    );
    let r = check_paths(&[&f, &fragment], Some(&config));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.checked, 2);
    let rules: Vec<(&str, String)> = r
        .findings
        .iter()
        .map(|x| {
            let loc = r.locate(x.span).unwrap();
            (
                x.rule_id.as_str(),
                format!(
                    "{}:{}:{}",
                    loc.file.rsplit('/').next().unwrap(),
                    loc.line,
                    loc.column
                ),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("DM006", "contact.schema.json:4:44".to_string()),
            ("DM006", "fragment.json:1:17".to_string()),
        ]
    );
}

#[test]
fn formats_config_names_are_checked() {
    let dir = tempdir("config");
    let config = write(
        &dir,
        "datamin.yaml",
        "formats:\n  \"forms/*.json\": jsonshema\n",
    );
    let r = check_paths(&[&dir], Some(&config));
    assert_eq!(r.errors.len(), 1);
    let e = &r.errors[0];
    assert_eq!(e.message, "unknown format `jsonshema`");
    assert_eq!(e.help.as_deref(), Some("did you mean `jsonschema`?"));
    let loc = r.locate(e.span.unwrap()).unwrap();
    assert_eq!((loc.line, loc.column), (2, 19));

    let config = write(
        &dir,
        "datamin.yaml",
        "format:\n  \"forms/*.json\": github\n",
    );
    let r = check_paths(&[&dir], Some(&config));
    assert_eq!(r.errors[0].message, "unknown key `format` in datamin.yaml");
    assert_eq!(r.errors[0].help.as_deref(), Some("did you mean `formats`?"));

    let config = write(
        &dir,
        "datamin.yaml",
        "formats:\n  \"forms/[*.json\": github\n",
    );
    let r = check_paths(&[&dir], Some(&config));
    assert!(
        r.errors[0].message.starts_with("invalid glob"),
        "{:?}",
        r.errors
    );
}

#[test]
fn a_uischema_is_read_with_its_schema() {
    let case = Path::new(ROOT).join("jsonschema/err/ticket");
    // Named alone (pre-commit passes only the changed file), it still checks its schema.
    let r = check_paths(&[&case.join("ticket.uischema.json")], None);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.checked, 1);
    let whole = check_paths(&[&case], None);
    assert_eq!(r.findings, whole.findings);

    let dir = tempdir("lonely");
    let f = write(
        &dir,
        "lonely.uischema.json",
        r#"{"a": {"ui:widget": "textarea"}}"#,
    );
    let r = check_paths(&[&f], None);
    assert_eq!(r.errors.len(), 1);
    assert_eq!(
        r.errors[0].message,
        "a uiSchema with no `lonely.schema.json` beside it"
    );
}

#[test]
fn json_locations_are_exact() {
    let case = Path::new(ROOT).join("jsonschema/err/ticket");
    let mut r = check_paths(&[&case], None);
    let f = r
        .findings
        .iter()
        .find(|f| f.rule_id == "DM007" && f.message.contains("dateOfBirth"))
        .expect("DM007 on dateOfBirth")
        .clone();
    // A file of forms alone is let go once checked: locations come from its line table.
    assert!(r.files[f.span.file as usize].is_evicted());
    let loc = r.locate(f.span).unwrap();
    // `"title": "Date of birth"`: the value, quotes included.
    assert_eq!(
        (loc.line, loc.column, loc.end_line, loc.end_column),
        (56, 16, 56, 31)
    );
    // Read again, it is the text the span points into.
    r.restore_sources();
    let text = &r.files[f.span.file as usize].text;
    assert_eq!(&text[f.span.range()], "\"Date of birth\"");
}

#[test]
fn help_fits_what_the_format_can_do() {
    // A public form: personal data is reported by `personal-data-on-public-form`, never with
    // advice to add `purpose:` or a length limit, which GitHub forms cannot take.
    let r = check_paths(&[&Path::new(ROOT).join("github/err/support-bad.yml")], None);
    for f in &r.findings {
        assert!(
            !["DM001", "DM006", "DM007"].contains(&f.rule_id.as_str()),
            "{f:?}"
        );
        assert!(!f.help.contains("purpose:"), "{f:?}");
        assert!(!f.help.contains("max_length"), "{f:?}");
    }
    let logs = r.findings.iter().find(|f| f.rule_id == "DM012").unwrap();
    assert!(logs.help.contains("this form is public"), "{}", logs.help);

    // A private form in a format without `purpose` (help desks' field exports): the rule
    // still fires, and its help does not suggest the key.
    use datamin::model::{Audience, Capabilities, Field, FieldKind, Form, Model};
    use datamin::source::{Span, Spanned};
    let s = |t: &str| Spanned::new(t.to_string(), Span::default());
    let field = Field {
        id: s("phone"),
        path: "f/phone".into(),
        label: Some(s("Phone number")),
        kind: Spanned::new(FieldKind::Text, Span::default()),
        description: None,
        placeholder: None,
        required: None,
        max_length: None,
        options: Vec::new(),
        purpose: None,
        value: None,
        visible: true,
        collects_logs: false,
        pattern: None,
        masked: false,
        item_label: None,
        item_description: None,
        alternatives: Vec::new(),
    };
    let form = |purpose: bool| Form {
        id: s("f"),
        title: None,
        notices: Vec::new(),
        processors: Vec::new(),
        fields: vec![field.clone()],
        audience: Audience::EndUser,
        public: false,
        capabilities: Capabilities {
            max_length: false,
            purpose,
            fix_max_length: "`max_length`",
            fix_purpose: "`purpose:`",
            held: &[],
        },
        format: "test",
        records: "tickets",
        id_from_file_name: false,
    };
    let mut report = Report::default();
    let rules = datamin::load_rules(None, &mut report);
    let dm006 = rules.find("DM006").unwrap();
    for (purpose, suggests) in [(true, true), (false, false)] {
        let model = Model {
            forms: vec![form(purpose)],
            ..Model::default()
        };
        let thresholds = datamin::config::default_thresholds();
        let engine = datamin::rules::engine::Engine::new(
            &model,
            datamin::rules::vocabulary::Vocabulary::builtin(),
            &thresholds,
        );
        let (found, _) = engine.run(std::slice::from_ref(dm006), |r| Some(r.severity), |_| false);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].help.contains("purpose:"),
            suggests,
            "{}",
            found[0].help
        );
    }
}
