#![allow(clippy::unwrap_used, clippy::expect_used)]

//! Help-desk exports (Zendesk, Freshdesk), actionlint-style, over every rule at once: each
//! case in `tests/fixtures/vendors/<vendor>/ok/` must yield no finding and no error; each case
//! in `err/` must yield exactly the lines of its `.expected` file: findings as
//! `file:line:col: message [ID]` and input errors as `file:line:col: error: message`, files
//! relative to the case. The vendors' sample exports in `tests/fixtures/formats/<vendor>/` are
//! checked against `tests/fixtures/vendors/<vendor>/sample.expected`.
//!
//! A case is a file or a folder (fields, forms and schedules of one account; a `datamin.yaml`
//! in it is used). `BLESS=1 cargo test --test vendors` rewrites the `.expected` files; review
//! the diff before committing.

mod common;

use std::path::Path;

use common::cases;

use datamin::{check, Report};

const VENDORS: [&str; 2] = ["zendesk", "freshdesk"];

fn run(case: &Path) -> Report {
    check(&common::options(case))
}

/// Every finding and every error, as lines, files relative to `case`.
fn lines(report: &Report, case: &Path) -> Vec<String> {
    [
        common::finding_lines(report, case),
        common::error_lines(report, case),
    ]
    .concat()
}

#[test]
fn vendor_exports_yield_exactly_the_expected_findings_and_errors() {
    let mut failures = Vec::new();
    for vendor in VENDORS {
        let dir = Path::new("tests/fixtures/vendors").join(vendor);
        let ok = cases(&dir.join("ok"));
        let err = cases(&dir.join("err"));
        assert!(
            !ok.is_empty() && !err.is_empty(),
            "{vendor}: needs ok and err cases"
        );
        for case in ok {
            let got = lines(&run(&case), &case);
            if !got.is_empty() {
                failures.push(format!(
                    "{}: ok case yields:\n  {}",
                    case.display(),
                    got.join("\n  ")
                ));
            }
        }
        for case in err {
            let expected = common::expected_path(&case);
            common::compare(&case, &expected, &lines(&run(&case), &case), &mut failures);
        }
        let sample = Path::new("tests/fixtures/formats").join(vendor);
        common::compare(
            &sample,
            &dir.join("sample.expected"),
            &lines(&run(&sample), &sample),
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_partial_card_number_is_financial_data_not_a_credential() {
    let case = Path::new("tests/fixtures/vendors/zendesk/err/account");
    let r = run(case);
    let card: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.message.contains("`Card number`"))
        .map(|f| f.rule_id.as_str())
        .collect();
    assert_eq!(card, ["DM006"], "{:?}", r.findings);
}

/// Contact-field and company-field exports (`GET /api/v2/contact_fields`, `company_fields`)
/// are arrays of fields too, with `default_` types: they were read as ticket fields and failed
/// "unknown Freshdesk field type `default_name`" (exit 2). Found, they are skipped; the ticket
/// fields beside them are still read.
#[test]
fn freshdesk_contact_and_company_fields_are_not_ticket_fields() {
    let case = Path::new("tests/fixtures/vendors/freshdesk/ok/customer-fields");
    let r = run(case);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.checked, 0);
    let skipped: Vec<(String, &str)> = r
        .skipped
        .iter()
        .map(|s| (common::relative(case, &s.path), s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "company_fields.json".to_string(),
                "not in a format datamin reads"
            ),
            (
                "contact_fields.json".to_string(),
                "not in a format datamin reads"
            ),
        ]
    );
    let both = check(&datamin::CheckOptions {
        paths: vec![
            case.to_path_buf(),
            Path::new("tests/fixtures/formats/freshdesk/ticket_fields.json").to_path_buf(),
        ],
        ..common::options(case)
    });
    assert!(both.errors.is_empty(), "{:?}", both.errors);
    assert_eq!((both.checked, both.skipped.len()), (1, 2));
}
