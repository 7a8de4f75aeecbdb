//! The built-in rule files, embedded in the binary. Adding a rule is adding its file to
//! `rules/` and a line here; a test checks that this list and the folder agree.

/// Built-in rule files: (file name, contents), sorted by name.
pub static BUILTIN: &[(&str, &str)] = &[
    (
        "DM001-unbounded-free-text.yaml",
        include_str!("../../rules/DM001-unbounded-free-text.yaml"),
    ),
    (
        "DM002-invites-sensitive-detail.yaml",
        include_str!("../../rules/DM002-invites-sensitive-detail.yaml"),
    ),
    (
        "DM003-catch-all-free-text.yaml",
        include_str!("../../rules/DM003-catch-all-free-text.yaml"),
    ),
    (
        "DM004-no-data-warning.yaml",
        include_str!("../../rules/DM004-no-data-warning.yaml"),
    ),
    (
        "DM005-credential-field.yaml",
        include_str!("../../rules/DM005-credential-field.yaml"),
    ),
    (
        "DM006-sensitive-field-without-purpose.yaml",
        include_str!("../../rules/DM006-sensitive-field-without-purpose.yaml"),
    ),
    (
        "DM007-required-sensitive-field.yaml",
        include_str!("../../rules/DM007-required-sensitive-field.yaml"),
    ),
    (
        "DM008-attachment-without-retention.yaml",
        include_str!("../../rules/DM008-attachment-without-retention.yaml"),
    ),
    (
        "DM009-hidden-personal-data.yaml",
        include_str!("../../rules/DM009-hidden-personal-data.yaml"),
    ),
    (
        "DM010-duplicate-collection.yaml",
        include_str!("../../rules/DM010-duplicate-collection.yaml"),
    ),
    (
        "DM011-personal-data-on-public-form.yaml",
        include_str!("../../rules/DM011-personal-data-on-public-form.yaml"),
    ),
    (
        "DM012-logs-without-redaction.yaml",
        include_str!("../../rules/DM012-logs-without-redaction.yaml"),
    ),
    (
        "DM101-form-without-retention.yaml",
        include_str!("../../rules/DM101-form-without-retention.yaml"),
    ),
    (
        "DM102-retention-above-maximum.yaml",
        include_str!("../../rules/DM102-retention-above-maximum.yaml"),
    ),
    (
        "DM103-free-text-kept-as-long-as-ticket.yaml",
        include_str!("../../rules/DM103-free-text-kept-as-long-as-ticket.yaml"),
    ),
    (
        "DM104-unbounded-retention.yaml",
        include_str!("../../rules/DM104-unbounded-retention.yaml"),
    ),
    (
        "DM105-processor-keeps-longer.yaml",
        include_str!("../../rules/DM105-processor-keeps-longer.yaml"),
    ),
    (
        "DM106-processor-without-keeps.yaml",
        include_str!("../../rules/DM106-processor-without-keeps.yaml"),
    ),
    (
        "DM107-backups-beyond-grace.yaml",
        include_str!("../../rules/DM107-backups-beyond-grace.yaml"),
    ),
    (
        "DM108-processor-without-policy.yaml",
        include_str!("../../rules/DM108-processor-without-policy.yaml"),
    ),
    (
        "DM109-unused-policy-glob.yaml",
        include_str!("../../rules/DM109-unused-policy-glob.yaml"),
    ),
    (
        "DM901-unknown-rule.yaml",
        include_str!("../../rules/DM901-unknown-rule.yaml"),
    ),
    (
        "DM902-suppression-without-reason.yaml",
        include_str!("../../rules/DM902-suppression-without-reason.yaml"),
    ),
    (
        "DM903-unused-suppression.yaml",
        include_str!("../../rules/DM903-unused-suppression.yaml"),
    ),
    (
        "vocabulary.yaml",
        include_str!("../../rules/vocabulary.yaml"),
    ),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_rule_file_is_listed_and_every_listed_file_exists() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml"))
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = super::BUILTIN.iter().map(|(n, _)| *n).collect();
        assert_eq!(listed, on_disk, "src/rules/builtin.rs and rules/ disagree");
    }
}
