//! `datamin rules`, `datamin explain` and the README's rule table: one source, the rule files.

use std::fmt::Write as _;

use crate::rules::{Rule, RuleSet};

/// The plain-text table of `datamin rules`.
pub fn table(rules: &RuleSet) -> String {
    let w = rules
        .rules
        .iter()
        .map(|r| r.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut s = format!("{:<5}  {:<w$}  {:<8}  SUMMARY\n", "ID", "NAME", "SEVERITY");
    for r in &rules.rules {
        let _ = writeln!(
            s,
            "{:<5}  {:<w$}  {:<8}  {}",
            r.id,
            r.name,
            r.severity.as_str(),
            r.summary
        );
    }
    s
}

/// The full text of `datamin explain ID`.
pub fn explain(rule: &Rule) -> String {
    // The engine's own rules (about suppressions, the config, policy globs) are checks of
    // datamin itself, not of each node of a kind.
    let applies = match rule.scope {
        crate::rules::Scope::Engine => String::from("built into datamin"),
        s => format!("applies to each {}", s.name().replace('_', " ")),
    };
    format!(
        "{} {} ({}, {applies})\n\n{}\n\n{}\n",
        rule.id,
        rule.name,
        rule.severity,
        rule.summary,
        rule.explanation.trim_end()
    )
}

/// The Markdown table in README.md between the `rules-table` markers.
pub fn markdown_table(rules: &RuleSet) -> String {
    let mut s =
        String::from("| id | name | severity | applies to | summary |\n|---|---|---|---|---|\n");
    for r in &rules.rules {
        let _ = writeln!(
            s,
            "| {} | `{}` | {} | {} | {} |",
            r.id,
            r.name,
            r.severity,
            r.scope.name().replace('_', " "),
            r.summary.replace('|', "\\|")
        );
    }
    s
}
