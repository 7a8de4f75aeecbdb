#![allow(clippy::unwrap_used, clippy::expect_used)]

//! `datamin audit`: snapshots of every output format over the examples, the committed
//! `examples/incident/AUDIT.md`, errors, and the command line's exit codes.
//!
//! `BLESS=1 cargo test --test audit` rewrites the snapshots (and AUDIT.md); review the diff
//! before committing.

use std::path::{Path, PathBuf};
use std::process::Command;

use datamin::audit::{run, Audit, AuditOptions, Judged, NotJudgedReason, Window};
use datamin::report::{audit_html, audit_json, audit_markdown, Report};
use datamin::CheckOptions;

const INCIDENT: &str = "2021-08-01..2023-02-10";

fn audit(path: &str, window: Option<&str>, processor: Option<&str>) -> (Report, Audit) {
    let (report, audit) = run(&AuditOptions {
        inputs: CheckOptions {
            paths: vec![PathBuf::from(path)],
            ..CheckOptions::default()
        },
        breach_window: window.map(|w| Window::parse(w).unwrap()),
        breach_processor: processor.map(str::to_string),
    });
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    (report, audit.expect("an audit"))
}

/// Compares `actual` with the file at `expected`, or rewrites it under `BLESS=1`.
fn snapshot(expected: &str, actual: &str) {
    let path = Path::new(expected);
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{expected}: {e} (run with BLESS=1 to create it)"));
    if want != actual {
        let first = want
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| want.lines().count().min(actual.lines().count()));
        panic!(
            "{expected} is out of date (first difference at line {}):\n  expected: {:?}\n  actual:   {:?}\nrun `BLESS=1 cargo test --test audit` and review the diff",
            first + 1,
            want.lines().nth(first),
            actual.lines().nth(first),
        );
    }
}

fn all_formats(name: &str, report: &Report, a: &Audit) {
    snapshot(
        &format!("tests/audit-snapshots/{name}.md"),
        &audit_markdown::render(a),
    );
    snapshot(
        &format!("tests/audit-snapshots/{name}.json"),
        &audit_json::render(a, report),
    );
    snapshot(
        &format!("tests/audit-snapshots/{name}.html"),
        &audit_html::render(a),
    );
}

#[test]
fn incident_example_audit_is_up_to_date() {
    // What `datamin audit examples/incident --breach-window 2021-08-01..2023-02-10` prints.
    let (_, a) = audit("examples/incident", Some(INCIDENT), None);
    snapshot("examples/incident/AUDIT.md", &audit_markdown::render(&a));
}

#[test]
fn incident_snapshots() {
    // The Markdown is examples/incident/AUDIT.md, above.
    let (report, a) = audit("examples/incident", Some(INCIDENT), None);
    snapshot(
        "tests/audit-snapshots/incident.json",
        &audit_json::render(&a, &report),
    );
    snapshot(
        "tests/audit-snapshots/incident.html",
        &audit_html::render(&a),
    );
}

#[test]
fn wallet_support_snapshots() {
    // Unbounded retention (`forever`, no policy) and a processor without `keeps`.
    let (report, a) = audit("examples/wallet-support", None, None);
    all_formats("wallet-support", &report, &a);
    let (report, a) = audit(
        "examples/wallet-support",
        Some(INCIDENT),
        Some("payments-psp"),
    );
    all_formats("wallet-support-psp-breach", &report, &a);
}

#[test]
fn incident_numbers() {
    let (_, a) = audit("examples/incident", Some(INCIDENT), Some("helpdesk"));
    let b = a.breach.as_ref().unwrap();
    assert_eq!(b.holders.len(), 1);
    let e = &b.holders[0];
    let support = e
        .forms
        .iter()
        .find(|f| f.form == "support-request")
        .unwrap();
    // Kept 6 years by the vendor: submissions since 2015-08-03 (6 × 365 days before the
    // breach, across the leap days of 2016 and 2020) were readable.
    assert_eq!(support.actual.from.unwrap().to_string(), "2015-08-03");
    assert_eq!(support.actual.days(), Some(2190 + 559));
    // Within 1 year: since 2020-08-01 (2020-02-29 is in between).
    assert_eq!(support.under_max.from.unwrap().to_string(), "2020-08-01");
    assert_eq!(support.saving.days, Some(1825));
    let ids: Vec<&str> = support.categories.iter().map(|c| c.id.as_str()).collect();
    for want in [
        "date_of_birth",
        "home_address",
        "phone",
        "financial",
        "free_text",
    ] {
        assert!(ids.contains(&want), "{want} in {ids:?}");
    }
    // The email field's label is not read as a home address.
    let helpdesk = a.holders.iter().find(|h| h.id == "helpdesk").unwrap();
    let form = helpdesk
        .forms
        .iter()
        .find(|f| f.form == "support-request")
        .unwrap();
    let email = form.fields.iter().find(|f| f.id == "email").unwrap();
    let cats: Vec<&str> = email.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(cats, ["email"]);
}

/// A bounded retention that reaches back past year 1 starts at 0001-01-01: it was reported as
/// "all submissions since the form existed", "unbounded", "none: unbounded either way".
#[test]
fn a_breach_in_year_1_keeps_bounded_retention_bounded() {
    let (_, a) = audit("examples/incident", Some("0001-01-01..0001-01-02"), None);
    let b = a.breach.as_ref().unwrap();
    let mut seen = 0;
    for e in &b.holders {
        for f in &e.forms {
            assert_eq!(
                f.actual.from.map(|d| d.to_string()).as_deref(),
                Some("0001-01-01"),
                "{} at {}",
                f.form,
                e.holder
            );
            assert_eq!(f.actual.days(), Some(2));
            assert_eq!(f.under_max.days(), Some(2));
            assert_eq!(f.saving.days, Some(0));
            seen += 1;
        }
    }
    assert_eq!(seen, 4);
    let md = audit_markdown::render(&a);
    assert!(!md.contains("unbounded"), "{md}");
    assert!(
        md.contains("| `support-request` | 0001-01-01 to 0001-01-02 | 2 |"),
        "{md}"
    );
    // The chart's year lines are labelled as the dates write years (`0002`, not `2`).
    let (_, a) = audit("examples/incident", Some("0001-01-01..0004-06-30"), None);
    let html = datamin::report::audit_html::render(&a);
    for y in ["0002", "0003", "0004"] {
        assert!(html.contains(&format!(">{y}</text>")), "{y}: {html}");
    }
    assert!(!html.contains(">2</text>"), "{html}");
}

#[test]
fn in_house_and_unbounded() {
    let (_, a) = audit("examples/wallet-support", Some(INCIDENT), Some("in-house"));
    let e = &a.breach.as_ref().unwrap().holders[0];
    assert_eq!(e.holder, "in-house");
    // billing-* backups are kept forever: every submission since the form existed.
    let billing = &e.forms[0];
    assert_eq!(billing.form, "billing-dispute");
    assert_eq!(billing.actual.from, None);
    assert_eq!(billing.actual.days(), None);
    assert_eq!(billing.saving.days, None);
    assert_eq!(billing.under_max.from.unwrap().to_string(), "2020-08-01");
    // wallet-support sends to the help desk and has no general policy: no in-house copy.
    let holder = a.holders.iter().find(|h| h.id == "in-house").unwrap();
    assert!(holder.forms.iter().all(|f| f.form != "wallet-support"));
    // No policy covers wallet-support at the help desk: unbounded, set by nothing.
    let helpdesk = a.holders.iter().find(|h| h.id == "helpdesk").unwrap();
    let ws = helpdesk
        .forms
        .iter()
        .find(|f| f.form == "wallet-support")
        .unwrap();
    assert!(ws.retention.is_unbounded());
    assert_eq!(ws.retention.by, datamin::audit::By::Unset);
}

#[test]
fn html_is_self_contained() {
    let (_, a) = audit("examples/incident", Some(INCIDENT), None);
    let html = audit_html::render(&a);
    for banned in [
        "<script", "http:", "https:", "src=", "<link", "@import", "url(",
    ] {
        assert!(!html.contains(banned), "HTML contains {banned:?}");
    }
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<svg").count(), 2, "one timeline per holder");
    let (_, a) = audit("examples/wallet-support", None, None);
    let html = audit_html::render(&a);
    assert_eq!(html.matches("<svg").count(), 3, "one chart per holder");
}

#[test]
fn json_is_versioned() {
    let (report, a) = audit("examples/incident", Some(INCIDENT), None);
    let v: serde_json::Value = serde_json::from_str(&audit_json::render(&a, &report)).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["kind"], "audit");
    assert_eq!(v["breach"]["days"], 559);
    assert_eq!(v["holders"][0]["id"], "helpdesk");
    assert_eq!(v["holders"][0]["forms"][0]["retention"]["days"], 2190);
    assert_eq!(v["holders"][0]["forms"][0]["retention"]["by"], "keeps");
    // Every policy glob of the example matches a form: an empty list, not `null`.
    assert_eq!(v["unused_policy_globs"], serde_json::json!([]));
}

#[test]
fn unknown_breach_processor_is_an_error() {
    let (report, a) = run(&AuditOptions {
        inputs: CheckOptions {
            paths: vec![PathBuf::from("examples/incident")],
            ..CheckOptions::default()
        },
        breach_window: Some(Window::parse(INCIDENT).unwrap()),
        breach_processor: Some("helpdesc".into()),
    });
    assert!(a.is_none());
    assert_eq!(report.errors.len(), 1);
    let e = &report.errors[0];
    assert_eq!(e.message, "unknown processor `helpdesc`");
    assert!(
        e.help.as_deref().unwrap_or_default().contains("helpdesk"),
        "{e:?}"
    );
}

#[test]
fn input_errors_leave_an_incomplete_audit() {
    let dir = std::env::temp_dir().join(format!("datamin-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("datamin.yaml"), "include: [\"*.yaml\"]\n").unwrap();
    std::fs::write(
        dir.join("retention.yaml"),
        "processors:\n  - id: desk\n    keeps: 18m\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("form.yaml"),
        "form: f\nprocessors: [desk]\nfields:\n  - id: dob\n    type: date\n    label: Date of birth\n",
    )
    .unwrap();
    let (report, a) = run(&AuditOptions {
        inputs: CheckOptions {
            paths: vec![dir.clone()],
            ..CheckOptions::default()
        },
        ..AuditOptions::default()
    });
    std::fs::remove_dir_all(&dir).ok();
    let a = a.expect("an audit of what could be read");
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let loc = report.locate(report.errors[0].span.unwrap()).unwrap();
    assert_eq!((loc.line, loc.column), (3, 12));
    assert_eq!(a.input_errors, 1);
    assert!(audit_markdown::render(&a).contains("**Incomplete: 1 input error"));
}

fn datamin(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_datamin"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn command_line() {
    let (code, out, err) = datamin(&["audit", "examples/incident", "--breach-window", INCIDENT]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        std::fs::read_to_string("examples/incident/AUDIT.md").unwrap()
    );
    // An audit is of one project: the projects found below it are errors naming them (they
    // were read into it, and their `helpdesk`s were one id twice), and the audit of the
    // project named is still written.
    let (code, out, err) = datamin(&["audit", "examples"]);
    assert_eq!(code, 2);
    assert!(!err.contains("duplicate processor"), "{err}");
    for p in ["examples/incident", "examples/rust-support"] {
        assert!(
            err.contains(&format!(
                "error: {p}/datamin.yaml: `{p}` is a project of its own: it is not in this audit"
            )),
            "{err}"
        );
        assert!(err.contains(&format!("run `datamin audit {p}`")), "{err}");
    }
    assert!(
        out.contains("examples/wallet-support/retention.yaml"),
        "{out}"
    );
    assert!(!out.contains("examples/incident/"), "{out}");
    // Named beside the first path, a folder with a config of its own is a project of its own
    // too, not read into the first path's with its config (its `helpdesk` was a duplicate).
    let (code, out, err) = datamin(&["audit", "examples/wallet-support", "examples/incident"]);
    assert_eq!(code, 2);
    assert!(!err.contains("duplicate processor"), "{err}");
    assert!(
        err.contains("error: examples/incident: `examples/incident` is a project of its own (another config governs it): it is not in this audit"),
        "{err}"
    );
    assert!(
        err.contains("run `datamin audit examples/incident`"),
        "{err}"
    );
    assert!(!out.contains("examples/incident/"), "{out}");
    // A file of that project: its folder is what to audit. A path that is not there is
    // reported as such.
    let (code, _, err) = datamin(&[
        "audit",
        "examples/wallet-support",
        "examples/incident/retention.yaml",
        "examples/no-such-file.yaml",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "`examples/incident/retention.yaml` is in another project (another config governs it)"
        ),
        "{err}"
    );
    assert!(
        err.contains("run `datamin audit examples/incident`"),
        "{err}"
    );
    assert!(
        err.contains("error: examples/no-such-file.yaml: cannot read"),
        "{err}"
    );

    let (code, _, err) = datamin(&[
        "audit",
        "examples/incident",
        "--breach-window",
        "2023-02-29..2023-03-01",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("2023 is not a leap year"), "{err}");

    let (code, _, err) = datamin(&[
        "audit",
        "examples/incident",
        "--breach-processor",
        "helpdesk",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--breach-window"), "{err}");

    let (code, _, err) = datamin(&[
        "audit",
        "examples/incident",
        "--breach-window",
        INCIDENT,
        "--breach-processor",
        "nope",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown processor `nope`"), "{err}");

    let out_file = std::env::temp_dir().join(format!("datamin-audit-{}.json", std::process::id()));
    let (code, out, err) = datamin(&[
        "audit",
        "examples/incident",
        "--format",
        "json",
        "--output",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let written = std::fs::read_to_string(&out_file).unwrap();
    std::fs::remove_file(&out_file).ok();
    assert!(written.contains("\"kind\": \"audit\""));
}

/// Names with line breaks and ids with backticks or bars stay in their table row, heading
/// and code span in the Markdown audit.
#[test]
fn markdown_keeps_odd_names_in_their_cells_and_headings() {
    let dir = std::env::temp_dir().join(format!("datamin-audit-md-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("retention.yaml"),
        "processors:\n  - id: \"help`desk|x\"\n    name: |\n      Outsourced\n      help desk\n    third_party: true\n    keeps: 1y\nretention:\n  - forms: [\"*\"]\n    processor: \"help`desk|x\"\n    closed_tickets: 1y\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("form.yaml"),
        "form: contact\ntitle: \"Contact\\nus\"\nprocessors: [\"help`desk|x\"]\nfields:\n  - id: email\n    label: Email address\n    type: email\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("refunds.yaml"),
        "form: refunds\ntitle: \"Refunds _internal only_ &amp; ~~legacy~~\"\nprocessors: [\"help`desk|x\"]\nfields:\n  - id: reason\n    type: select\n    options: [a, b]\n",
    )
    .unwrap();
    let (_, a) = audit(dir.to_str().unwrap(), None, None);
    let md = audit_markdown::render(&a);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!md.contains("Outsourced\nhelp desk"), "{md}");
    assert!(!md.contains("Contact\nus"), "{md}");
    assert!(md.contains("Outsourced help desk"), "{md}");
    assert!(
        md.contains("### Data categories at ``help`desk\\|x``"),
        "{md}"
    );
    // Emphasis, strikethrough and entities stay text, as in the HTML audit.
    assert!(
        md.contains("Refunds \\_internal only\\_ \\&amp; \\~\\~legacy\\~\\~"),
        "{md}"
    );
    // Every table row is whole: it starts and ends with a bar.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        assert!(line.ends_with('|'), "{line:?} in {md}");
    }
}

#[test]
fn a_help_desk_holds_the_forms_of_its_own_export() {
    // A Zendesk field export and its deletion schedules (which imply processor `zendesk`);
    // a Freshdesk field export and a declared processor `freshdesk`. The forms were the
    // company's own (an in-house copy, kept without limit) and the help desk held nothing.
    for (dir, vendor, form, days) in [
        (
            "tests/fixtures/audit/zendesk-held",
            "zendesk",
            "zendesk/ticket_fields",
            730,
        ),
        (
            "tests/fixtures/audit/freshdesk-held",
            "freshdesk",
            "freshdesk/ticket_fields",
            730,
        ),
    ] {
        let (_, a) = audit(dir, Some(INCIDENT), Some(vendor));
        let holders: Vec<(&str, Vec<&str>)> = a
            .holders
            .iter()
            .map(|h| {
                (
                    h.id.as_str(),
                    h.forms.iter().map(|f| f.form.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(holders, [(vendor, vec![form])], "{dir}");
        assert_eq!(a.holders[0].forms[0].retention.days(), Some(days), "{dir}");
        let breach = a.breach.as_ref().expect("a breach what-if");
        let exposed: Vec<&str> = breach.holders[0]
            .forms
            .iter()
            .map(|f| f.form.as_str())
            .collect();
        assert_eq!(exposed, [form], "{dir}");
        // Every Zendesk ticket holds its requester, a user kept until deleted, whom no
        // ticket field lists; Freshdesk's export lists the requester as a field.
        // (id, type, categories, days, what set them)
        type Row<'a> = (&'a str, &'a str, Vec<&'a str>, Option<u64>, &'a str);
        let held: Vec<Row> = a.holders[0].forms[0]
            .fields
            .iter()
            .filter(|f| f.held)
            .map(|f| {
                (
                    f.id.as_str(),
                    f.kind,
                    f.categories.iter().map(|c| c.id.as_str()).collect(),
                    f.retention.days(),
                    f.retention.by.name(),
                )
            })
            .collect();
        let expected: &[Row] = match vendor {
            "zendesk" => &[
                (
                    "requester.email",
                    "requester",
                    vec!["email"],
                    None,
                    "user_profile",
                ),
                (
                    "requester.name",
                    "requester",
                    vec!["full_name"],
                    None,
                    "user_profile",
                ),
            ],
            _ => &[],
        };
        assert_eq!(held, expected, "{dir}");
        // Exposed whatever the ticket's retention: the user outlives the ticket.
        let from: Vec<(&str, Option<String>)> = breach.holders[0]
            .categories
            .iter()
            .map(|c| (c.category.id.as_str(), c.actual.from.map(|d| d.to_string())))
            .collect();
        if vendor == "zendesk" {
            assert_eq!(
                from,
                [
                    ("email", None),
                    ("full_name", None),
                    ("free_text", Some("2019-08-02".to_string()))
                ],
                "{dir}"
            );
            let md = audit_markdown::render(&a);
            assert!(
                md.contains("| `requester.email` | requester | no | email address | until the user is deleted | the requester's user profile | until the user is deleted |"),
                "{md}"
            );
            assert!(
                md.contains("Rows of type `requester` are no field of the form"),
                "{md}"
            );
            // Under the summary, whose longest retention is the ticket's.
            assert!(
                md.contains("| 1 | 2y (730 days) | 1y (365 days) |\n\nAt `zendesk`, every ticket's requester (email address, full legal name) is kept until the user is deleted, longer than the retention above.\n"),
                "{md}"
            );
        } else {
            assert!(from.iter().all(|(_, f)| f.is_some()), "{dir}: {from:?}");
        }
    }
}

/// A Zendesk deletion schedule narrowed by another condition (here a tag) deletes only some
/// tickets: it bounds nothing (and is no error: a spam purge is a schedule too), so the form
/// is kept without limit (its P30D, raised to 120 days, was the audit's retention). `status is
/// closed` narrows nothing, since schedules delete only archived, closed tickets: that
/// schedule's year is the retention at `zendesk`, without an error. Alone (Zendesk's own
/// example) it deletes every ticket once archived, 120 days after it closes.
#[test]
fn only_a_whole_deletion_schedule_bounds_zendesk_tickets() {
    for (dir, error_at, holder, days) in [
        (
            "tests/fixtures/vendors/zendesk/err/narrowed-schedule",
            None,
            "in-house",
            None,
        ),
        (
            "tests/fixtures/vendors/zendesk/err/closed-schedule",
            None,
            "zendesk",
            Some(365),
        ),
        (
            "tests/fixtures/vendors/zendesk/err/closed-only-schedule",
            None,
            "zendesk",
            Some(120),
        ),
    ] {
        let (report, a) = run(&AuditOptions {
            inputs: CheckOptions {
                paths: vec![PathBuf::from(dir)],
                ..CheckOptions::default()
            },
            ..AuditOptions::default()
        });
        let a = a.expect("an audit");
        let errors: Vec<(usize, usize)> = report
            .errors
            .iter()
            .map(|e| {
                let loc = report.locate(e.span.unwrap()).unwrap();
                (loc.line, loc.column)
            })
            .collect();
        assert_eq!(
            errors,
            Vec::from_iter(error_at),
            "{dir}: {:?}",
            report.errors
        );
        let forms: Vec<(&str, &str, Option<u64>)> = a
            .holders
            .iter()
            .flat_map(|h| {
                h.forms
                    .iter()
                    .map(|f| (h.id.as_str(), f.form.as_str(), f.retention.days()))
            })
            .collect();
        assert_eq!(forms, [(holder, "zendesk/ticket_fields", days)], "{dir}");
        let md = audit_markdown::render(&a);
        let kept = match days {
            None => "unbounded (no retention set) | nothing |",
            Some(365) => "1y (365 days) | policy `closed_tickets` |",
            Some(_) => "120 days | policy `closed_tickets` |",
        };
        assert!(
            md.contains(&format!(
                "| `Description` | textarea | yes | free text (whatever people type) | {kept}"
            )),
            "{dir}: {md}"
        );
    }
}

/// A policy glob that matches no form is listed in every format, at the glob (as `check
/// --report-unused` reports it as DM109), with its policy and how many forms the policy
/// still covers; the policy datamin makes from Zendesk's deletion schedules (`zendesk/*`,
/// no Zendesk form here) is not: its holder says that no form sends data there.
#[test]
fn unused_policy_globs_in_every_format() {
    let dir = "tests/fixtures/audit/unused-glob";
    let (report, a) = audit(dir, None, None);
    all_formats("unused-glob", &report, &a);
    let at = |rest: &str| format!("{dir}/retention.yaml:{rest}");

    let md = audit_markdown::render(&a);
    for row in [
        format!(
            "| `support-*, suport/* at helpdesk` | `{}` | `suport/*` at `{}` | 1 sent to `helpdesk`, through its other globs |",
            at("13"),
            at("13:26")
        ),
        format!(
            "| `refund-*` | `{}` | `refund-*` at `{}` | none: it governs nothing |",
            at("16"),
            at("16:13")
        ),
        format!(
            "| `support-*, legacy\\|<old>_*` | `{}` | `legacy\\|<old>_*` at `{}` | 1, through its other globs |",
            at("18"),
            at("20:9")
        ),
        format!(
            "| `support-* at chat` | `{}` | `support-*` at `{}` (matches `support-request`, not sent to `chat`) | none: it governs nothing |",
            at("22"),
            at("22:13")
        ),
    ] {
        assert!(md.contains(&format!("\n{row}\n")), "{row}\n{md}");
    }
    assert!(md.contains("## Policy globs that match no form\n"), "{md}");
    assert!(!md.contains("zendesk/*"), "{md}");

    let v: serde_json::Value = serde_json::from_str(&audit_json::render(&a, &report)).unwrap();
    assert_eq!(
        v["unused_policy_globs"],
        serde_json::json!([
            { "describe": "support-*, suport/* at helpdesk", "location": at("13"),
              "forms_covered": 1, "globs": [ { "glob": "suport/*", "location": at("13:26"), "not_sent": [], "suppressed": null } ] },
            { "describe": "refund-*", "location": at("16"),
              "forms_covered": 0, "globs": [ { "glob": "refund-*", "location": at("16:13"), "not_sent": [], "suppressed": null } ] },
            { "describe": "support-*, legacy|<old>_*", "location": at("18"),
              "forms_covered": 1, "globs": [ { "glob": "legacy|<old>_*", "location": at("20:9"), "not_sent": [], "suppressed": null } ] },
            { "describe": "support-* at chat", "location": at("22"),
              "forms_covered": 0, "globs": [ { "glob": "support-*", "location": at("22:13"), "not_sent": ["support-request"], "suppressed": null } ] }
        ])
    );
    let zendesk = v["holders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "zendesk")
        .expect("the deletion schedules' holder");
    assert_eq!(zendesk["forms"], serde_json::json!([]));

    let html = audit_html::render(&a);
    assert!(
        html.contains("<h2>Policy globs that match no form</h2>"),
        "{html}"
    );
    for cell in [
        format!(
            "<td><code>suport/*</code> at <code>{}</code></td>",
            at("13:26")
        ),
        format!(
            "<td><code>refund-*</code> at <code>{}</code></td>",
            at("16:13")
        ),
        format!(
            "<td><code>legacy|&lt;old&gt;_*</code> at <code>{}</code></td>",
            at("20:9")
        ),
        format!(
            "<td><code>support-*</code> at <code>{}</code> (matches <code>support-request</code>, not sent to <code>chat</code>)</td>",
            at("22:13")
        ),
    ] {
        assert!(html.contains(&cell), "{cell}\n{html}");
    }
    assert!(!html.contains("zendesk/*"), "{html}");

    // `check --report-unused` finds the same globs at the same places.
    let checked = datamin::check(&CheckOptions {
        paths: vec![PathBuf::from(dir)],
        report_unused: true,
        ..CheckOptions::default()
    });
    let dm109: Vec<String> = checked
        .findings
        .iter()
        .filter(|f| &*f.rule_id == "DM109")
        .map(|f| {
            let l = checked.locate(f.span).unwrap();
            format!("{}:{}:{}", l.file, l.line, l.column)
        })
        .collect();
    assert_eq!(dm109, [at("13:26"), at("16:13"), at("20:9"), at("22:13")]);
}

/// Policies of `context:` files are not judged, as `check` does not report on them; an
/// audit that read no form judges no glob, and says so (JSON `null`); with every glob
/// matching a form, the section is one line and the JSON list is empty.
#[test]
fn unused_policy_globs_when_there_are_none_to_list() {
    let dir = std::env::temp_dir().join(format!("datamin-audit-unused-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("datamin.yaml"),
        "include: [form.yaml, retention.yaml]\ncontext: [shared.yaml]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("shared.yaml"),
        "retention:\n  - forms: [\"other-project-*\"]\n    closed_tickets: 1y\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("retention.yaml"),
        "retention:\n  - forms: [\"contact*\"]\n    closed_tickets: 1y\n",
    )
    .unwrap();
    let (report, a) = audit(dir.to_str().unwrap(), None, None);
    let (md, json) = (audit_markdown::render(&a), audit_json::render(&a, &report));
    std::fs::write(
        dir.join("form.yaml"),
        "form: contact\nfields:\n  - id: email\n    type: email\n    label: Email\n",
    )
    .unwrap();
    let (report, b) = audit(dir.to_str().unwrap(), None, None);
    let _ = std::fs::remove_dir_all(&dir);

    // No form: nothing judged.
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["unused_policy_globs"], serde_json::Value::Null, "{json}");
    assert!(
        md.contains(
            "## Policy globs that match no form\n\nNo form was found, so no policy's globs were judged.\n"
        ),
        "{md}"
    );
    // A form that `contact*` matches; `other-project-*` is the context file's.
    // The context file's policies were not judged, and the audit says so rather than that
    // every glob matches.
    let v: serde_json::Value = serde_json::from_str(&audit_json::render(&b, &report)).unwrap();
    assert_eq!(v["unused_policy_globs"], serde_json::json!([]));
    let shared = format!("{}/shared.yaml", dir.display());
    assert_eq!(
        v["policy_globs_not_judged"],
        serde_json::json!([{ "file": shared, "reason": "context" }])
    );
    let md = audit_markdown::render(&b);
    assert!(
        md.contains(&format!("## Policy globs that match no form\n\nEach `forms` glob of each retention policy judged matches at least one form. Not judged: the policies of `{shared}`, a file read as context only (`context:` in `datamin.yaml`), which `check` does not report on.\n\n## ")),
        "{md}"
    );
    assert!(!md.contains("other-project"), "{md}");
    let html = audit_html::render(&b);
    assert!(
        html.contains(&format!("<h2>Policy globs that match no form</h2>\n<p>Each <code>forms</code> glob of each retention policy judged matches at least one form. Not judged: the policies of <code>{shared}</code>, a file read as context only (<code>context:</code> in <code>datamin.yaml</code>), which <code>check</code> does not report on.</p>\n<h2>")),
        "{html}"
    );
}

/// Writes `files` into a fresh folder named for `name` and audits it, input errors or not.
fn audit_files(name: &str, files: &[(&str, &str)]) -> (Report, Audit, PathBuf) {
    let dir = std::env::temp_dir().join(format!("datamin-audit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    let (report, a) = run(&AuditOptions {
        inputs: CheckOptions {
            paths: vec![dir.clone()],
            ..CheckOptions::default()
        },
        ..AuditOptions::default()
    });
    (report, a.expect("an audit"), dir)
}

/// A Zendesk ticket's requester is held at the help desk, not in the company's own copy of
/// the form (a general policy's); a form whose fields are all inactive still says how long
/// its tickets are kept, with the requester rows after; a form's exposed categories are its
/// ticket's, the requester's are the holder's.
#[test]
fn a_zendesk_requester_is_held_at_the_help_desk_only() {
    let fields = r#"{"ticket_fields": [
      {"id": 1, "type": "text", "title": "Order number", "active": true,
       "visible_in_portal": true, "editable_in_portal": true, "required_in_portal": false},
      {"id": 2, "type": "textarea", "title": "Old notes", "active": false,
       "visible_in_portal": true, "editable_in_portal": true, "required_in_portal": false}
    ]}"#;
    let forms = r#"{"ticket_forms": [
      {"id": 10, "name": "Orders", "end_user_visible": true, "active": true, "ticket_field_ids": [1]},
      {"id": 11, "name": "Retired", "end_user_visible": true, "active": true, "ticket_field_ids": [2]}
    ]}"#;
    let schedules = r#"{"deletion_schedules": [{"active": true, "object": "zen:ticket",
      "conditions": {"all": [{"field": "duration_since_last_update", "operator": "greater_than", "value": "P1Y"}], "any": []}}]}"#;
    let retention = "retention:\n  - forms: [\"*\"]\n    closed_tickets: 90d\n";
    let (_, a, dir) = audit_files(
        "zendesk-requester",
        &[
            ("ticket_fields.json", fields),
            ("ticket_forms.json", forms),
            ("deletion_schedules.json", schedules),
            ("retention.yaml", retention),
        ],
    );
    let rows = |holder: &str, form: &str| -> Vec<(String, bool)> {
        let h = a.holders.iter().find(|h| h.id == holder).expect(holder);
        let f = h.forms.iter().find(|f| f.form == form).expect(form);
        f.fields.iter().map(|x| (x.id.clone(), x.held)).collect()
    };
    let held = |id: &str| (id.to_string(), true);
    assert_eq!(
        rows("zendesk", "zendesk/Orders"),
        [
            ("Order number".to_string(), false),
            held("requester.email"),
            held("requester.name")
        ]
    );
    assert_eq!(
        rows("zendesk", "zendesk/Retired"),
        [held("requester.email"), held("requester.name")]
    );
    assert_eq!(
        rows("in-house", "zendesk/Orders"),
        [("Order number".to_string(), false)]
    );
    let in_house = a.holders.iter().find(|h| h.id == "in-house").unwrap();
    let categories: Vec<&str> = in_house
        .categories
        .iter()
        .map(|c| c.category.id.as_str())
        .collect();
    assert_eq!(categories, ["free_text"]);
    let md = audit_markdown::render(&a);
    let retired = md
        .split("### `zendesk/Retired`")
        .nth(1)
        .and_then(|s| s.split("\n### ").next())
        .expect("the Retired form's section at zendesk");
    assert!(
        retired.contains("The form has no fields; its tickets are kept 1y (365 days).")
            && retired.contains("| `requester.email` | requester |"),
        "{retired}"
    );
    let html = audit_html::render(&a);
    assert_eq!(
        html.matches("The form has no fields; its tickets are kept 1y (365 days).")
            .count(),
        1,
        "{html}"
    );
    // The breach: the form's categories are its ticket's; the holder's include the requester.
    let (_, b) = audit(dir.to_str().unwrap(), Some(INCIDENT), Some("zendesk"));
    let e = &b.breach.as_ref().unwrap().holders[0];
    let orders = e.forms.iter().find(|f| f.form == "zendesk/Orders").unwrap();
    let ids = |c: &[datamin::audit::Category]| -> Vec<String> {
        c.iter().map(|c| c.id.clone()).collect()
    };
    assert_eq!(ids(&orders.categories), ["free_text"]);
    let all: Vec<String> = e.categories.iter().map(|c| c.category.id.clone()).collect();
    assert_eq!(all, ["email", "full_name", "free_text"]);
    let _ = std::fs::remove_dir_all(&dir);
}

const SUPPORT_FORM: &str =
    "form: support-request\nfields:\n  - id: email\n    type: email\n    purpose: To reply\n";

/// An audit with input errors judges no glob, as `check --report-unused` judges none: a
/// retention file at fault (an exact form id that names no form) is not said to have globs
/// that all match, and a form file that could not be read does not make the glob meant for
/// its form one that governs nothing. Each format says why.
#[test]
fn input_errors_leave_policy_globs_unjudged() {
    type Files<'a> = &'a [(&'a str, &'a str)];
    let cases: [(&str, Files, &str); 2] = [
        (
            "unjudged-retention",
            &[
                ("form.yaml", SUPPORT_FORM),
                (
                    "retention.yaml",
                    "retention:\n  - forms: [\"support-*\"]\n    closed_tickets: 30d\n  - forms: [\"refund-request\"]\n    closed_tickets: 1y\n  - forms: [\"suport-*\"]\n    closed_tickets: 5y\n",
                ),
            ],
            "suport-*",
        ),
        (
            "unjudged-form",
            &[
                ("form.yaml", "form: refund-request\nfields: [\n"),
                ("other.yaml", SUPPORT_FORM),
                (
                    "retention.yaml",
                    "retention:\n  - forms: [\"support-*\"]\n    closed_tickets: 1y\n  - forms: [\"refund-*\"]\n    closed_tickets: 1y\n",
                ),
            ],
            "refund-*",
        ),
    ];
    for (name, files, glob) in cases {
        let (report, a, dir) = audit_files(name, files);
        let checked = datamin::check(&CheckOptions {
            paths: vec![dir.clone()],
            report_unused: true,
            ..CheckOptions::default()
        });
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(report.errors.len(), 1, "{name}: {:?}", report.errors);
        assert!(
            !checked.findings.iter().any(|f| &*f.rule_id == "DM109"),
            "{name}: check judges no glob"
        );
        let retention = format!("{}/retention.yaml", dir.display());

        let md = audit_markdown::render(&a);
        assert!(!md.contains(glob), "{name}: {md}");
        assert!(md.contains("## Policy globs that match no form\n\nNo policy's globs were judged: the audit has input errors (printed on stderr), and a file at fault may hold the forms a glob is meant for. `datamin check --report-unused` judges none either until they are fixed.\n\n## "), "{name}: {md}");
        // The banner says what the audit holds of the files at fault: the other policies of
        // the retention file are used, as written.
        assert!(md.contains("> **Incomplete: 1 input error (printed on stderr): a file that could not be read is missing from this audit, and the rest of a file read with errors is used as written (a retention file's other policies too).**"), "{name}: {md}");

        let v: serde_json::Value = serde_json::from_str(&audit_json::render(&a, &report)).unwrap();
        assert_eq!(v["unused_policy_globs"], serde_json::Value::Null, "{name}");
        assert_eq!(
            v["policy_globs_not_judged"],
            serde_json::json!([{ "file": retention, "reason": "input_errors" }]),
            "{name}"
        );

        let html = audit_html::render(&a);
        assert!(!html.contains(glob), "{name}: {html}");
        assert!(
            html.contains("<p>No policy&#39;s globs were judged: the audit has input errors"),
            "{name}: {html}"
        );
    }
}

/// Without a retention policy there is no glob to judge, and the audit says so rather than
/// that each glob matches a form.
#[test]
fn no_retention_policy_no_glob() {
    let (report, a, dir) = audit_files("no-policy", &[("form.yaml", SUPPORT_FORM)]);
    let _ = std::fs::remove_dir_all(&dir);
    let md = audit_markdown::render(&a);
    assert!(
        md.contains("## Policy globs that match no form\n\nNo retention policy was read.\n\n## "),
        "{md}"
    );
    let html = audit_html::render(&a);
    assert!(
        html.contains(
            "<h2>Policy globs that match no form</h2>\n<p>No retention policy was read.</p>\n"
        ),
        "{html}"
    );
    let v: serde_json::Value = serde_json::from_str(&audit_json::render(&a, &report)).unwrap();
    assert_eq!(v["unused_policy_globs"], serde_json::json!([]));
    assert_eq!(v["policy_globs_not_judged"], serde_json::json!([]));
}

/// A processor's policy governs only the forms sent to the processor: a glob that matches
/// only forms sent elsewhere governs nothing, and is listed, as `check --report-unused`
/// reports it (DM109), with the forms it matches; its holder says no form sends data there.
#[test]
fn a_processors_policy_covers_only_the_forms_sent_to_it() {
    let (report, a, dir) = audit_files(
        "processor-policy",
        &[
            (
                "form.yaml",
                "form: support-request\nprocessors: [helpdesk]\nfields:\n  - id: email\n    type: email\n    purpose: To reply\n",
            ),
            (
                "retention.yaml",
                "processors:\n  - id: helpdesk\n    keeps: 1y\n  - id: other\n    keeps: 5y\nretention:\n  - forms: [\"support-*\"]\n    closed_tickets: 1y\n  - forms: [\"support-*\", \"suport-*\"]\n    processor: other\n    closed_tickets: 5y\n",
            ),
        ],
    );
    let checked = datamin::check(&CheckOptions {
        paths: vec![dir.clone()],
        report_unused: true,
        ..CheckOptions::default()
    });
    let _ = std::fs::remove_dir_all(&dir);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let retention = format!("{}/retention.yaml", dir.display());
    let md = audit_markdown::render(&a);
    assert!(
        md.contains(&format!(
            "| `support-*, suport-* at other` | `{retention}:9` | `support-*` at `{retention}:9:13` (matches `support-request`, not sent to `other`); `suport-*` at `{retention}:9:26` | none: it governs nothing |\n"
        )),
        "{md}"
    );
    assert!(
        md.contains("The globs below match none (a typo, or forms renamed or gone), or only forms not sent to the policy's processor;"),
        "{md}"
    );
    assert!(
        md.contains("## `other`\n\nNot a third party, keeps ticket data 5y after close."),
        "{md}"
    );
    let html = audit_html::render(&a);
    assert!(
        html.contains("(matches <code>support-request</code>, not sent to <code>other</code>)"),
        "{html}"
    );
    let v: serde_json::Value = serde_json::from_str(&audit_json::render(&a, &report)).unwrap();
    assert_eq!(v["unused_policy_globs"][0]["forms_covered"], 0, "{v}");
    let globs: Vec<(&str, &serde_json::Value)> = v["unused_policy_globs"][0]["globs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["glob"].as_str().unwrap(), &g["not_sent"]))
        .collect();
    assert_eq!(
        globs,
        [
            ("support-*", &serde_json::json!(["support-request"])),
            ("suport-*", &serde_json::json!([])),
        ]
    );
    // `check` finds the same globs.
    let dm109: Vec<String> = checked
        .findings
        .iter()
        .filter(|f| &*f.rule_id == "DM109")
        .map(|f| f.message.to_string())
        .collect();
    assert_eq!(
        dm109,
        [
            "`support-*` matches no form sent to `other` (it matches `support-request`, not sent there): the policy for `support-*`, `suport-*` at `other` covers nothing through it",
            "`suport-*` matches no form: the policy for `support-*`, `suport-*` at `other` covers nothing through it",
        ]
    );
}

/// The audit of a processor's policy for forms sent elsewhere does not say that each glob
/// matches a form, beside a holder that no form sends data to.
#[test]
fn a_processors_policy_for_forms_sent_elsewhere_is_listed() {
    let (report, a, dir) = audit_files(
        "processor-elsewhere",
        &[
            (
                "form.yaml",
                "form: s1\nprocessors: [hd]\nfields:\n  - id: email\n    type: email\n    purpose: To reply\n",
            ),
            (
                "retention.yaml",
                "processors:\n  - id: hd\n    keeps: 1y\n  - id: other\n    keeps: 5y\nretention:\n  - forms: [\"s1\"]\n    closed_tickets: 1y\n  - forms: [\"s1\"]\n    processor: other\n    closed_tickets: 5y\n",
            ),
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let retention = format!("{}/retention.yaml", dir.display());
    let md = audit_markdown::render(&a);
    assert!(!md.contains("matches at least one form"), "{md}");
    assert!(
        md.contains(&format!(
            "| `s1 at other` | `{retention}:9` | `s1` at `{retention}:9:13` (matches `s1`, not sent to `other`) | none: it governs nothing |\n"
        )),
        "{md}"
    );
}

/// The Markdown text outside code spans, as CommonMark finds them: a run of backticks opens
/// a span that the next run of as many closes (a backslash-escaped backtick opens none).
fn outside_code_spans(md: &str) -> String {
    let b: Vec<char> = md.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == '\\' {
            out.extend(b.get(i..(i + 2).min(b.len())).unwrap_or_default());
            i += 2;
            continue;
        }
        if b[i] != '`' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let run = b[i..].iter().take_while(|c| **c == '`').count();
        let mut j = i + run;
        let mut close = None;
        while j < b.len() {
            let n = b[j..].iter().take_while(|c| **c == '`').count();
            if n == run {
                close = Some(j + n);
                break;
            }
            j += n.max(1);
        }
        match close {
            Some(end) => i = end,
            None => {
                out.extend(std::iter::repeat_n('`', run));
                i += run;
            }
        }
    }
    out
}

/// User text cannot break out of its code span or cell in the Markdown audit: a glob, form
/// id or processor id with backticks is fenced with more backticks than it holds (padded
/// when it starts or ends with one), so raw HTML after them stays code; names and titles
/// are escaped text.
#[test]
fn markdown_code_spans_hold_any_backticks() {
    let (report, a, dir) = audit_files(
        "md-code",
        &[
            (
                "form.yaml",
                "form: \"`sup``port<b>`\"\ntitle: \"<img src=x onerror=alert(2)>\"\nprocessors: [\"p``<i>x\"]\nfields:\n  - id: email\n    type: email\n    purpose: To reply\n",
            ),
            (
                "retention.yaml",
                "processors:\n  - id: \"p``<i>x\"\n    name: \"<script>alert(3)</script>\"\n    keeps: 1y\nretention:\n  - forms: [\"*\"]\n    closed_tickets: 30d\n  - forms: [\"a``<img src=x onerror=alert(1)>*\", \"`b|c*\"]\n    closed_tickets: 30d\n",
            ),
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let md = audit_markdown::render(&a);
    for span in [
        "```a``<img src=x onerror=alert(1)>*```",
        "`` `b\\|c* ``",
        "``` `sup``port<b>` ```",
        "```p``<i>x```",
    ] {
        assert!(md.contains(span), "{span} in {md}");
    }
    let text = outside_code_spans(&md);
    for (i, c) in text.char_indices() {
        if c == '<' {
            assert!(text[..i].ends_with('\\'), "raw `<` at {i} of {text}");
        }
    }
    for line in md.lines().filter(|l| l.starts_with('|')) {
        assert!(line.ends_with('|'), "{line:?} in {md}");
    }
}

/// A glob whose DM109 `check` suppresses (a comment with a reason, an `ignore:` entry, the
/// rule turned off) is still listed, as kept on purpose, with how and why; the others say
/// plainly that check reports them.
#[test]
fn suppressed_policy_globs_are_listed_as_kept_on_purpose() {
    let retention = "retention:\n  - forms: [\"support-*\"]\n    closed_tickets: 1y\n  - forms: [\"refund-*\"]   # datamin: allow DM109 -- refunds form coming next quarter\n    closed_tickets: 1y\n  - forms: [\"billing-*\"]\n    closed_tickets: 1y\n  - forms: [\"legacy-*\"]\n    closed_tickets: 1y\n";
    let config = "include: [\"*.yaml\"]\nignore:\n  - path: retention.yaml\n    field: \"retention[billing-*].forms[billing-*]\"\n    rules: [DM109]\n    reason: billing moves here in May\n";
    let (report, a, dir) = audit_files(
        "suppressed",
        &[
            ("form.yaml", SUPPORT_FORM),
            ("retention.yaml", retention),
            ("datamin.yaml", config),
        ],
    );
    let checked = datamin::check(&CheckOptions {
        paths: vec![dir.clone()],
        report_unused: true,
        ..CheckOptions::default()
    });
    std::fs::write(dir.join("datamin.yaml"), "rules: {DM109: off}\n").unwrap();
    let (off_report, off) = run(&AuditOptions {
        inputs: CheckOptions {
            paths: vec![dir.clone()],
            ..CheckOptions::default()
        },
        ..AuditOptions::default()
    });
    let off = off.expect("an audit");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(off_report.errors.is_empty(), "{:?}", off_report.errors);
    // Check reports the one glob not kept on purpose.
    let dm109: Vec<&str> = checked
        .findings
        .iter()
        .filter(|f| &*f.rule_id == "DM109")
        .map(|f| f.message.as_ref())
        .collect();
    assert_eq!(dm109.len(), 1, "{dm109:?}");
    assert!(dm109[0].contains("legacy-*"), "{dm109:?}");

    let md = audit_markdown::render(&a);
    for part in [
        "`datamin check --report-unused` reports each as DM109, but those kept on purpose (suppressed, as noted beside them).",
        "`refund-*` at `",
        ":4:13` (kept on purpose: `datamin: allow DM109` comment, “refunds form coming next quarter”) |",
        ":6:13` (kept on purpose: `ignore:` entry of the config, “billing moves here in May”) |",
    ] {
        assert!(md.contains(part), "{part}\n{md}");
    }
    assert!(md.contains(":8:13` | none: it governs nothing |"), "{md}");
    let html = audit_html::render(&a);
    assert!(
        html.contains(" (kept on purpose: <code>datamin: allow DM109</code> comment, “refunds form coming next quarter”)</td>"),
        "{html}"
    );
    let v: serde_json::Value = serde_json::from_str(&audit_json::render(&a, &report)).unwrap();
    let suppressed: Vec<&serde_json::Value> = v["unused_policy_globs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["globs"][0]["suppressed"])
        .collect();
    assert_eq!(
        suppressed,
        [
            &serde_json::json!({ "by": "comment", "reason": "refunds form coming next quarter" }),
            &serde_json::json!({ "by": "ignore", "reason": "billing moves here in May" }),
            &serde_json::Value::Null,
        ]
    );

    // Turned off in the config: every glob is kept on purpose, without a reason.
    let md = audit_markdown::render(&off);
    assert!(
        md.contains(":8:13` (kept on purpose: DM109 turned off in the config) |"),
        "{md}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&audit_json::render(&off, &off_report)).unwrap();
    assert_eq!(
        v["unused_policy_globs"][2]["globs"][0]["suppressed"],
        serde_json::json!({ "by": "rule_off", "reason": null })
    );
}

/// What `check` fails on in the rules (an unreadable rule folder) and in the suppression
/// comments (a misspelt `allow`) is an input error of the audit too: it is reported, the
/// audit says it is incomplete and exits 2, and no glob is judged, none marked kept on
/// purpose (which globs `check` would suppress cannot be known), as `check` judges none.
#[test]
fn rule_and_suppression_errors_are_input_errors_of_the_audit() {
    let retention = |directive: &str| {
        format!("retention:\n  - forms: [\"support-*\"]\n    closed_tickets: 1y\n  # datamin: {directive} DM109 -- refunds form coming\n  - forms: [\"refund-*\"]\n    closed_tickets: 1y\n")
    };
    let cases = [
        (
            "rule-dir",
            "include: [\"*.yaml\"]\nrule_dirs: [nosuchdir]\n",
            retention("allow"),
            "cannot read `rule_dirs` folder",
        ),
        (
            "misspelt-allow",
            "include: [\"*.yaml\"]\n",
            retention("alow"),
            "unknown datamin directive `alow`",
        ),
    ];
    for (name, config, retention, error) in cases {
        let (report, a, dir) = audit_files(
            name,
            &[
                ("form.yaml", SUPPORT_FORM),
                ("retention.yaml", &retention),
                ("datamin.yaml", config),
            ],
        );
        let (code, out, err) = datamin(&["audit", &dir.to_string_lossy()]);
        let checked = datamin::check(&CheckOptions {
            paths: vec![dir.clone()],
            report_unused: true,
            ..CheckOptions::default()
        });
        let _ = std::fs::remove_dir_all(&dir);
        // As the audit says: check judges none either until the error is fixed.
        assert!(
            !checked.findings.iter().any(|f| &*f.rule_id == "DM109"),
            "{name}: {:?}",
            checked.findings
        );
        assert_eq!(checked.errors.len(), 1, "{name}: {:?}", checked.errors);
        let messages: Vec<&str> = report.errors.iter().map(|e| e.message.as_str()).collect();
        assert!(
            messages.len() == 1 && messages[0].contains(error),
            "{name}: {messages:?}"
        );
        assert_eq!(a.input_errors, 1, "{name}");
        assert!(
            matches!(
                a.unused_globs.judged,
                Judged::No(NotJudgedReason::InputErrors)
            ),
            "{name}"
        );
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(error), "{name}: {err}");
        assert!(
            out.contains("> **Incomplete: 1 input error"),
            "{name}: {out}"
        );
        assert!(!out.contains("kept on purpose"), "{name}: {out}");
        assert!(
            out.contains("No policy's globs were judged"),
            "{name}: {out}"
        );
    }
}

/// A field's `value` carries data as DM009 `hidden-personal-data` sees it: a hidden
/// `{{user.email}}` is an email address at every holder, and so is a visible field's prefill
/// (sent as it is unless the person overwrites it); an opaque id is nothing.
#[test]
fn a_fields_value_carries_its_categories() {
    let (report, a, dir) = audit_files(
        "value-categories",
        &[(
            "form.yaml",
            "form: support-request\nfields:\n  - id: ref\n    type: hidden\n    value: \"{{user.email}}\"\n  - id: account\n    type: hidden\n    value: \"{{account.opaque_id}}\"\n  - id: payout\n    label: Payout to\n    type: text\n    value: \"0x52908400098527886E0F7030069857D2E4169EE7\"\n",
        )],
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let v: serde_json::Value = serde_json::from_str(&audit_json::render(&a, &report)).unwrap();
    let holder = &v["holders"][0];
    let fields: Vec<(String, serde_json::Value)> = holder["forms"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap().to_string(),
                f["categories"].clone(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("ref".to_string(), serde_json::json!(["email"])),
            ("account".to_string(), serde_json::json!([])),
            (
                "payout".to_string(),
                serde_json::json!(["wallet_address", "free_text"])
            ),
        ]
    );
    let categories: Vec<(&str, &serde_json::Value)> = holder["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), &c["fields"]))
        .collect();
    assert_eq!(
        categories,
        [
            (
                "email",
                &serde_json::json!([{ "form": "support-request", "field": "ref" }])
            ),
            (
                "wallet_address",
                &serde_json::json!([{ "form": "support-request", "field": "payout" }])
            ),
            (
                "free_text",
                &serde_json::json!([{ "form": "support-request", "field": "payout" }])
            ),
        ]
    );
}

/// A compound duration prints as a config takes it back: `P1Y6M` (the ISO form it was
/// written in), not `1y6mo`, which no config accepts; a duration of one unit prints short.
#[test]
fn compound_durations_print_as_a_config_accepts_them() {
    let (report, a, dir) = audit_files(
        "compound-durations",
        &[
            ("form.yaml", "form: support-request\nprocessors: [helpdesk]\nfields:\n  - id: email\n    type: email\n    purpose: To reply\n"),
            (
                "retention.yaml",
                "processors:\n  - id: helpdesk\n    keeps: P1Y6M\nretention:\n  - forms: [\"support-*\"]\n    processor: helpdesk\n    closed_tickets: P1W2D\n",
            ),
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let v: serde_json::Value = serde_json::from_str(&audit_json::render(&a, &report)).unwrap();
    let holder = &v["holders"][0];
    assert_eq!(holder["keeps"], "P1Y6M");
    assert_eq!(
        holder["forms"][0]["retention"],
        serde_json::json!({ "duration": "P1Y6M", "days": 545, "unbounded": false, "by": "keeps" })
    );
    let md = audit_markdown::render(&a);
    assert!(
        md.contains("| `helpdesk` | no | P1Y6M | 1 | P1Y6M (545 days) |"),
        "{md}"
    );
    assert!(!md.contains("1y6mo"), "{md}");
    // What the audit prints parses back as the same duration.
    for printed in ["P1Y6M", "P1W2D"] {
        let d = datamin::model::Duration::parse(printed).unwrap();
        assert_eq!(d.to_string(), printed);
    }
    // The short form with two units is an error that says how to write it.
    let (report, _, dir) = audit_files(
        "compound-short",
        &[
            ("form.yaml", SUPPORT_FORM),
            (
                "retention.yaml",
                "processors:\n  - id: helpdesk\n    keeps: 1y6mo\n",
            ),
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
    let messages: Vec<&str> = report.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        ["`1y6mo` combines units, which the short form cannot: write `P1Y6M` (ISO 8601) or one unit"]
    );
}

/// A field collects what its description asks for, not what a warning in it names: the dot
/// of "e.g." or "i.e." inside the warning does not end it.
#[test]
fn a_warning_with_examples_collects_nothing_it_names() {
    let (report, a, dir) = audit_files(
        "warning-examples",
        &[(
            "form.yaml",
            "form: support\nfields:\n  - id: problem\n    type: textarea\n    max_length: 500\n    description: Please do not include personal data (e.g. your home address or phone number).\n  - id: steps\n    type: textarea\n    max_length: 500\n    description: \"Don't include secrets, i.e. passwords, API keys or your recovery phrase. Tell us your phone number.\"\n",
        )],
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let v: serde_json::Value = serde_json::from_str(&audit_json::render(&a, &report)).unwrap();
    let fields = &v["holders"][0]["forms"][0]["fields"];
    assert_eq!(fields[0]["categories"], serde_json::json!(["free_text"]));
    assert_eq!(
        fields[1]["categories"],
        serde_json::json!(["phone", "free_text"])
    );
}

/// The audit reads a field's categories as the rules do: a bare "address" described as a
/// receiving address is a wallet address in both (`DM007` says so of the same fixture).
#[test]
fn the_audit_reads_a_described_wallet_address_as_the_rules_do() {
    let (_, a) = audit("tests/fixtures/DM007/err/described-wallet.yaml", None, None);
    let fields: Vec<(String, Vec<String>)> = a
        .holders
        .iter()
        .flat_map(|h| &h.forms)
        .flat_map(|f| &f.fields)
        .map(|f| {
            (
                f.id.clone(),
                f.categories.iter().map(|c| c.id.clone()).collect(),
            )
        })
        .collect();
    let of = |id: &str| {
        fields
            .iter()
            .find(|(f, _)| f == id)
            .map(|(_, c)| c.clone())
            .unwrap_or_else(|| panic!("no field {id} in {fields:?}"))
    };
    assert!(
        of("address").contains(&"wallet_address".to_string()),
        "{fields:?}"
    );
    assert!(
        !of("address").contains(&"home_address".to_string()),
        "{fields:?}"
    );
    assert!(
        of("recipient_address").contains(&"home_address".to_string()),
        "{fields:?}"
    );
}
