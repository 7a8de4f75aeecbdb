//! Config files, user rule folders and cross-file references: what works, and the located
//! errors for what does not.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

mod common;

fn run(dir: &str) -> (i32, serde_json::Value) {
    let o = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .args(["check", "--format", "json", dir])
        .output()
        .unwrap();
    (
        o.status.code().unwrap(),
        serde_json::from_slice(&o.stdout).unwrap(),
    )
}

fn located(v: &serde_json::Value) -> Vec<String> {
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{}:{}: {} ({})",
                e["file"].as_str().unwrap(),
                e["line"],
                e["column"],
                e["message"].as_str().unwrap(),
                e["help"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn user_rules_run_and_config_turns_rules_off() {
    let (code, v) = run("tests/cases/user-rules");
    assert_eq!(code, 0, "a note does not fail the run: {v}");
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"DM201"), "{rules:?}");
    assert!(!rules.contains(&"DM004"), "DM004 is off: {rules:?}");
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "DM201")
        .unwrap();
    assert_eq!(
        f["message"],
        "agents type free text into `summary` on form `escalation`"
    );
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(6), Some(12))
    );
}

#[test]
fn a_malformed_user_rule_is_a_located_error_and_other_rules_still_run() {
    let (code, v) = run("tests/cases/bad-rule");
    assert_eq!(code, 2);
    assert_eq!(
        located(&v),
        ["tests/cases/bad-rule/rules/bad.yaml:7:5: unknown condition `free_txt` (did you mean `free_text`?)"]
    );
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "DM005"));
}

#[test]
fn config_errors_are_located_and_stop_the_run() {
    let (code, v) = run("tests/cases/bad-config");
    assert_eq!(code, 2);
    assert_eq!(
        located(&v),
        ["tests/cases/bad-config/datamin.yaml:3:3: unknown key `closed_ticket` in `max_retention` (did you mean `closed_tickets`?)"]
    );
}

/// Every unknown key of the config, at every level, is reported in file order, each at the
/// key with its did-you-mean (as in retention files), not only the first top-level one.
#[test]
fn every_unknown_config_key_is_reported_in_file_order() {
    let (code, v) = run("tests/cases/config-typos");
    assert_eq!(code, 2);
    let d = "tests/cases/config-typos/datamin.yaml";
    assert_eq!(
        located(&v),
        [
            format!("{d}:2:3: unknown key `closed_ticket` in `max_retention` (did you mean `closed_tickets`?)"),
            format!("{d}:3:3: unknown key `free_txt` in `max_retention` (did you mean `free_text`?)"),
            format!("{d}:4:1: unknown key `backupgrace` in datamin.yaml (did you mean `backup_grace`?)"),
            format!("{d}:5:1: unknown key `rul_dirs` in datamin.yaml (did you mean `rule_dirs`?)"),
            format!("{d}:6:10: unknown key `max_depht` in `limits` (did you mean `max_depth`?)"),
            format!("{d}:7:36: unknown key `reasn` in an `ignore` entry (did you mean `reason`?)"),
            format!("{d}:8:8: unknown key `form_struct` in `rust` (did you mean `form_structs`?)"),
        ]
    );
}

/// `rust.form_structs` of `!` globs alone would leave every struct out, and a bare `!` names
/// nothing: both are config errors at the value, not a silent run over no form.
#[test]
fn form_structs_of_only_exclusions_are_errors() {
    let (code, v) = run("tests/cases/only-negated-structs");
    assert_eq!(code, 2);
    assert_eq!(
        located(&v),
        ["tests/cases/only-negated-structs/datamin.yaml:2:17: `form_structs` has only `!` globs, so no struct is a form (add the globs of the forms' names first (`[\"*Request\", \"!Internal*\"]`); `[]` reads only structs marked `datamin: form`)"]
    );
    let (code, v) = run("tests/cases/empty-negation");
    assert_eq!(code, 2);
    assert_eq!(
        located(&v),
        ["tests/cases/empty-negation/datamin.yaml:2:27: `!` names no glob (write the names to leave out after it: `!Internal*`)"]
    );
}

#[test]
fn unknown_references_and_duplicates_are_located_with_suggestions() {
    let (code, v) = run("tests/cases/refs");
    assert_eq!(code, 2);
    assert_eq!(
        located(&v),
        [
            "tests/cases/refs/form.yaml:2:14: unknown processor `helpdsk` (did you mean `helpdesk`?)",
            "tests/cases/refs/retention.yaml:4:9: duplicate processor id `helpdesk` ()",
            "tests/cases/refs/retention.yaml:7:13: unknown form `wallet-suport` (did you mean `wallet-support`?)",
        ]
    );
}

/// A form named with glob syntax (`billing [eu].yml`, `support\desk`) is not matched by its
/// name written as a glob: that is an error at the glob, with the glob that matches the name
/// as it is (and that glob, in the next policy, covers it). Unix: globs on Windows take a
/// backslash as itself.
#[cfg(unix)]
#[test]
fn a_glob_that_spells_a_form_it_does_not_match_is_an_error() {
    let (code, v) = run("tests/cases/glob-spells-form");
    assert_eq!(code, 2);
    assert_eq!(
        located(&v),
        [
            "tests/cases/glob-spells-form/retention.yaml:3:13: glob `billing [eu]` does not match form `billing [eu]`, whose name it spells (`*`, `?`, `[`, `]`, `{`, `}` and `\\` are glob syntax: write `billing [[]eu[]]` to match the name as it is)",
            "tests/cases/glob-spells-form/retention.yaml:11:13: glob `support\\desk` does not match form `support\\desk`, whose name it spells (`*`, `?`, `[`, `]`, `{`, `}` and `\\` are glob syntax: write `support[\\]desk` to match the name as it is)",
            "tests/cases/glob-spells-form/retention.yaml:20:13: invalid glob `billing [eu`: unclosed character class; missing ']' ()",
            "tests/cases/glob-spells-form/retention.yaml:20:28: glob `billing [eu]` does not match form `billing [eu]`, whose name it spells (`*`, `?`, `[`, `]`, `{`, `}` and `\\` are glob syntax: write `billing [[]eu[]]` to match the name as it is)",
        ]
    );
    // Both forms are covered: the escaped globs match them.
    assert!(findings(&v).iter().all(|f| !f.ends_with("[DM101]")), "{v}");
}

/// A processor defined in two files of one project is a duplicate in the later one (as a
/// form id is), and the help says where the first is.
#[test]
fn a_processor_defined_in_two_files_is_a_duplicate() {
    let (code, v) = run("tests/cases/refs-across");
    assert_eq!(code, 2);
    assert_eq!(
        located(&v),
        [
            "tests/cases/refs-across/b-processors.yaml:4:9: duplicate processor id `helpdesk` (`helpdesk` is already defined at tests/cases/refs-across/a-retention.yaml:2:9: define each processor once in a project (list its file under `context:` where others need it; `datamin audit` reads all it is given as one project, so audit projects one at a time))",
            "tests/cases/refs-across/form.yaml:2:24: unknown processor `crn` (did you mean `crm`?)",
        ]
    );
}

/// A scratch folder with an empty `rules/` folder in it.
fn tempdir(name: &str) -> std::path::PathBuf {
    let d = common::tempdir(name);
    std::fs::create_dir_all(d.join("rules")).unwrap();
    d
}

/// A scratch project with `rule_dirs: [rules]`, the user rule DM201 (free text on agent
/// forms) at `rules/<rule_file>`, and a form it finds (`escalation.yaml:6:12`).
fn user_rule(name: &str, rule_file: &str) -> std::path::PathBuf {
    let dir = tempdir(name);
    let rule =
        std::fs::read_to_string("tests/cases/user-rules/rules/agent-free-text.yaml").unwrap();
    let path = dir.join("rules").join(rule_file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, rule).unwrap();
    std::fs::write(
        dir.join("datamin.yaml"),
        "rule_dirs: [rules]\nrules: {form-without-retention: off, no-data-warning: off}\n",
    )
    .unwrap();
    std::fs::copy(
        "tests/cases/user-rules/escalation.yaml",
        dir.join("escalation.yaml"),
    )
    .unwrap();
    dir
}

/// Only the built-in `rules/vocabulary.yaml` is skipped: a user's rule file whose name ends
/// in `vocabulary.yaml` is a rule (it runs), and one that is not a rule is an error.
#[test]
fn user_rule_files_named_vocabulary_are_rules() {
    let dir = user_rule("vocabulary", "my-vocabulary.yaml");
    std::fs::write(dir.join("rules/vocabulary.yaml"), "categories: []\n").unwrap();
    let (code, v) = run(dir.to_str().unwrap());
    let d = dir.to_str().unwrap().to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 2, "{v}");
    assert_eq!(
        located(&v),
        [format!(
            "{d}/rules/vocabulary.yaml:1:1: unknown key `categories` in a rule (expected one of: id, name, severity, scope, summary, message, message_if, help, help_if, explanation, when, at)"
        )]
    );
    assert_eq!(findings(&v), [format!("{d}/escalation.yaml:6:12 [DM201]")]);
}

/// A `rule_dirs` folder's subfolders are read too (rules kept by theme).
#[test]
fn rule_dirs_are_read_with_their_subfolders() {
    let dir = user_rule("rule-subfolders", "agents/free-text.yml");
    let (code, v) = run(dir.to_str().unwrap());
    let d = dir.to_str().unwrap().to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 0, "{v}");
    assert_eq!(findings(&v), [format!("{d}/escalation.yaml:6:12 [DM201]")]);
}

/// Rule files are read as rules whatever the case of their extension, and are no inputs:
/// found by walking, nothing is said of them (not even with `--verbose`); named, as
/// pre-commit names a changed one, they are listed as skipped, with why, and are no error.
#[test]
fn rule_files_are_read_as_rules_not_as_inputs() {
    let dir = user_rule("rule-files-as-inputs", "Free-Text.YAML");
    let (code, v) = run(dir.to_str().unwrap());
    let d = dir.to_str().unwrap().to_string();
    assert_eq!(code, 0, "{v}");
    assert_eq!(findings(&v), [format!("{d}/escalation.yaml:6:12 [DM201]")]);
    assert_eq!(v["skipped"], serde_json::json!([]), "{v}");
    let verbose = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .current_dir(&dir)
        .args(["check", "-v", "."])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&verbose.stdout).into_owned();
    assert!(!text.contains("Free-Text"), "{text}");
    let named = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .current_dir(&dir)
        .args([
            "check",
            "--format",
            "json",
            "rules/Free-Text.YAML",
            "escalation.yaml",
        ])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let v: serde_json::Value = serde_json::from_slice(&named.stdout).unwrap();
    assert_eq!(named.status.code(), Some(0), "{v}");
    assert_eq!(
        v["skipped"],
        serde_json::json!([{
            "file": "rules/Free-Text.YAML",
            "reason": "a rule file of `rule_dirs` (read as the project's rules)"
        }]),
        "{v}"
    );
    assert_eq!(v["errors"], serde_json::json!([]), "{v}");
    assert_eq!(findings(&v), ["escalation.yaml:6:12 [DM201]"]);
}

/// `file:line:col [ID]` of each finding.
fn findings(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} [{}]",
                f["file"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["rule"].as_str().unwrap()
            )
        })
        .collect()
}

/// Globs are relative to the config's folder however they are spelt (a leading `./` or `/`),
/// and a glob naming a folder (`vendor`, `vendor/`) covers everything under it: in `exclude`
/// and in `ignore` paths.
#[test]
fn globs_naming_a_folder_or_starting_with_dot_slash_match_its_files() {
    let dir = tempdir("globs");
    let form = "form: contact\nnotice: Never include your password.\nfields:\n  - id: message\n    type: textarea\n    label: What went wrong?\n";
    std::fs::create_dir_all(dir.join("forms")).unwrap();
    std::fs::create_dir_all(dir.join("vendor/x")).unwrap();
    std::fs::write(dir.join("forms/contact.yaml"), form).unwrap();
    std::fs::write(
        dir.join("vendor/x/v.yaml"),
        form.replace("form: contact", "form: vend"),
    )
    .unwrap();
    let d = dir.to_str().unwrap().to_string();
    let mut seen = Vec::new();
    for exclude in [
        "vendor/**",
        "./vendor/**",
        "/vendor/**",
        "vendor/",
        "vendor",
    ] {
        std::fs::write(
            dir.join("datamin.yaml"),
            format!("rules: {{DM101: off}}\nexclude: [\"{exclude}\"]\n"),
        )
        .unwrap();
        let (code, v) = run(&d);
        seen.push((exclude, code, findings(&v)));
    }
    for ignore in ["./forms/contact.yaml", "/forms/*", "forms/", "forms"] {
        std::fs::write(
            dir.join("datamin.yaml"),
            format!("rules: {{DM101: off}}\nexclude: [vendor]\nignore:\n  - path: \"{ignore}\"\n    rules: [DM001]\n    reason: r\n"),
        )
        .unwrap();
        let (code, v) = run(&d);
        seen.push((ignore, code, findings(&v)));
    }
    let _ = std::fs::remove_dir_all(&dir);
    let form_only = vec![format!("{d}/forms/contact.yaml:5:11 [DM001]")];
    assert_eq!(
        seen,
        [
            ("vendor/**", 1, form_only.clone()),
            ("./vendor/**", 1, form_only.clone()),
            ("/vendor/**", 1, form_only.clone()),
            ("vendor/", 1, form_only.clone()),
            ("vendor", 1, form_only),
            ("./forms/contact.yaml", 0, vec![]),
            ("/forms/*", 0, vec![]),
            ("forms/", 0, vec![]),
            ("forms", 0, vec![]),
        ]
    );
}

/// Each malformed rule, and the error it must give: (rule text, line:col, message).
const BAD_RULES: &[(&str, &str, &str)] = &[
    ("id: X1\n", "1:5", "rule id `X1` is not `DM` and three digits"),
    ("id: DM300\nname: Bad_Name\n", "2:7", "rule name `Bad_Name` is not kebab-case"),
    ("id: DM300\nname: ok\nseverity: fatal\n", "3:11", "unknown severity `fatal`"),
    ("id: DM300\nname: ok\nseverity: note\nscope: feild\n", "4:8", "unknown scope `feild`"),
    (
        "id: DM300\nname: ok\nseverity: note\nscope: policy\nsummary: s\nwhen:\n  - free_text: true\n",
        "7:5",
        "condition `free_text` does not apply to a policy",
    ),
    (
        "id: DM300\nname: ok\nseverity: note\nscope: field\nsummary: s\nwhen:\n  - pattern: {regex: \"(\"}\n",
        "7:22",
        "invalid regex",
    ),
    (
        "id: DM300\nname: ok\nseverity: note\nscope: field\nsummary: s\nwhen: []\nmessage: \"{nope}\"\n",
        "7:10",
        "unknown variable `{nope}` in message",
    ),
    (
        "id: DM300\nname: ok\nseverity: note\nscope: field\nsummary: s\nwhen: []\nmessage: m\nhelp: \"use a select for {fiel}\"\n",
        "8:7",
        "unknown variable `{fiel}` in help",
    ),
    (
        "id: DM300\nname: ok\nseverity: note\nscope: field\nsummary: s\nwhen: []\nmessage: m\nhelp: h\nhelp_if:\n  - when: []\n    help: \"{nope}\"\n",
        "11:11",
        "unknown variable `{nope}` in help",
    ),
    (
        "id: DM300\nname: ok\nseverity: note\nscope: policy\nsummary: s\nwhen: []\nmessage: \"{fix_max_length}\"\n",
        "7:10",
        "unknown variable `{fix_max_length}` in message",
    ),
    (
        "id: DM300\nname: ok\nseverity: note\nscope: field\nsummary: s\nwhen:\n  - asks_for: [secrets]\n",
        "7:16",
        "unknown vocabulary category `secrets`",
    ),
];

#[test]
fn malformed_rules_point_at_the_fault() {
    for (text, at, message) in BAD_RULES {
        let root =
            datamin::syntax::yaml::parse(text, 0, datamin::syntax::Limits::default()).unwrap();
        let err = datamin::rules::Rule::from_node(&root).expect_err(text);
        let source =
            datamin::source::SourceFile::new(std::path::Path::new("r.yaml"), (*text).to_string());
        let (l, c) = source.line_col(err.span.unwrap().start as usize);
        assert_eq!(format!("{l}:{c}"), *at, "{text}");
        assert!(err.message.starts_with(message), "{text}: {}", err.message);
    }
}

/// The per-format hints `{fix_max_length}` and `{fix_purpose}` are variables of field and form
/// rules, in `message`, `help` and `help_if` alike (README, "Rust sources").
#[test]
fn fix_hints_are_variables_of_message_and_help() {
    for scope in ["field", "form"] {
        let text = format!(
            "id: DM300\nname: ok\nseverity: note\nscope: {scope}\nsummary: s\nwhen: []\nmessage: \"add {{fix_max_length}}\"\nhelp: \"add {{fix_purpose}}\"\nhelp_if:\n  - when: []\n    help: \"add {{fix_max_length}}\"\nexplanation: e\n"
        );
        let root =
            datamin::syntax::yaml::parse(&text, 0, datamin::syntax::Limits::default()).unwrap();
        if let Err(e) = datamin::rules::Rule::from_node(&root) {
            panic!("{scope}: {}", e.message);
        }
    }
}

#[test]
fn a_user_rule_that_clashes_is_located_at_its_id_or_name() {
    let dir = tempdir("clash");
    // One rule reuses a built-in id, the other a built-in name.
    std::fs::write(
        dir.join("rules/a.yaml"),
        "id: DM001\nname: my-own-rule\nseverity: note\nscope: field\nsummary: s\nwhen:\n  - type: [textarea]\nmessage: m\nhelp: h\nexplanation: e\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("rules/b.yaml"),
        "id: DM299\nname: unbounded-free-text\nseverity: note\nscope: field\nsummary: s\nwhen:\n  - type: [textarea]\nmessage: m\nhelp: h\nexplanation: e\n",
    )
    .unwrap();
    std::fs::write(dir.join("datamin.yaml"), "rule_dirs: [rules]\n").unwrap();
    let (code, v) = run(dir.to_str().unwrap());
    let d = dir.to_str().unwrap().to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 2, "{v}");
    let help = "rule ids and names must be unique";
    assert_eq!(
        located(&v),
        [
            format!("{d}/rules/a.yaml:1:5: rule `DM001 my-own-rule` clashes with `DM001 unbounded-free-text` ({help})"),
            format!("{d}/rules/b.yaml:2:7: rule `DM299 unbounded-free-text` clashes with `DM001 unbounded-free-text` ({help})"),
        ]
    );
}

/// A duration key written with no value (nothing, `~`) is an error at the null's place (the
/// colon when nothing is written, as for every "found null" error), not an unset duration:
/// in retention policies, processors, and the config's `max_retention` and `backup_grace`.
#[test]
fn a_duration_key_with_no_value_is_a_located_error() {
    let dir = tempdir("empty-durations");
    std::fs::write(
        dir.join("retention.yaml"),
        "processors: [{id: hd, third_party: true, keeps: }]\n\
         retention: [{forms: [\"f\"], processor: hd, closed_tickets: , free_text: ~}]\n",
    )
    .unwrap();
    let (code, v) = run(dir.to_str().unwrap());
    let d = dir.to_str().unwrap().to_string();
    let message = "expected a duration (e.g. 30d, 1y, forever), found nothing";
    let help = "accepted: a number with d, w, mo or y (`30d`, `12w`, `18mo`, `2y`), ISO 8601 (`P90D`, `P1Y6M`), or `forever`";
    assert_eq!(code, 2, "{v}");
    assert_eq!(
        located(&v),
        [
            format!("{d}/retention.yaml:1:47: {message} ({help})"),
            format!("{d}/retention.yaml:2:57: {message} ({help})"),
            format!("{d}/retention.yaml:2:72: {message} ({help})"),
        ]
    );

    for (config, at) in [
        ("max_retention:\n  free_text:\n", "2:12"),
        ("max_retention: {backups: ~}\n", "1:26"),
        ("backup_grace:\n", "1:13"),
    ] {
        std::fs::write(dir.join("retention.yaml"), "processors: []\n").unwrap();
        std::fs::write(dir.join("datamin.yaml"), config).unwrap();
        let (code, v) = run(dir.to_str().unwrap());
        assert_eq!(code, 2, "{config}: {v}");
        assert_eq!(
            located(&v),
            [format!("{d}/datamin.yaml:{at}: {message} ({help})")],
            "{config}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `rule_dirs` entries that overlap (a folder and its subfolder, one folder spelt twice) read
/// each rule file once: its rule does not clash with itself.
#[test]
fn overlapping_rule_dirs_read_each_rule_once() {
    let dir = user_rule("rule-dirs-overlap", "team/free-text.yaml");
    std::fs::write(
        dir.join("datamin.yaml"),
        "rule_dirs: [rules, rules/team, ./rules]\nrules: {form-without-retention: off, no-data-warning: off}\n",
    )
    .unwrap();
    let (code, v) = run(dir.to_str().unwrap());
    let d = dir.to_str().unwrap().to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 0, "{v}");
    assert_eq!(findings(&v), [format!("{d}/escalation.yaml:6:12 [DM201]")]);
}

/// `scope: engine` is the scope of datamin's own rules (suppressions, unused globs), found by
/// code: a user's rule of that scope would never fire, so it is an error at the scope.
#[test]
fn a_user_rule_of_the_engine_scope_is_an_error() {
    let dir = tempdir("engine-scope");
    std::fs::write(
        dir.join("rules/a.yaml"),
        "id: DM201\nname: mine\nseverity: note\nscope: engine\nsummary: s\nwhen: []\nmessage: m\nhelp: h\nexplanation: e\n",
    )
    .unwrap();
    std::fs::write(dir.join("datamin.yaml"), "rule_dirs: [rules]\n").unwrap();
    let (code, v) = run(dir.to_str().unwrap());
    let d = dir.to_str().unwrap().to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 2, "{v}");
    assert_eq!(
        located(&v),
        [format!(
            "{d}/rules/a.yaml:4:8: scope `engine` is for datamin's own rules, which no condition drives (a rule file of `rule_dirs` takes one of: field, form, processor_ref, policy, setting, processor)"
        )]
    );
}

/// A `context:` file outside its project's folder that another project checks is one file:
/// named as a walk names it (`shared/r.yaml`, not `team/../shared/r.yaml`), its error
/// reported once.
#[test]
fn a_context_file_another_project_checks_is_shown_once() {
    let dir = common::tempdir("context-shared");
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    std::fs::create_dir_all(dir.join("team")).unwrap();
    std::fs::write(dir.join("datamin.yaml"), "").unwrap();
    std::fs::write(
        dir.join("shared/r.yaml"),
        "retention:\n  - forms: [\"*\"]\n    closed_tickets: 1yr\n    free_text: 30d\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("team/datamin.yaml"),
        "context: [../shared/r.yaml]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("team/a.yaml"),
        "form: a\nnotice: never include passwords\nfields:\n  - {id: t, type: textarea, max_length: 5}\n",
    )
    .unwrap();
    let (code, v) = run(dir.to_str().unwrap());
    let d = dir.to_str().unwrap().to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 2, "{v}");
    let errors = located(&v);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!(
            "{d}/shared/r.yaml:3:21: `1yr` has an unknown unit"
        )),
        "{errors:?}"
    );
}
