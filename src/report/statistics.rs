//! `--statistics`: how many findings each rule has, most first (ties by id, then name: two
//! projects may each have a rule of one id).

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::Report;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub rule: String,
    pub name: String,
    pub count: usize,
}

pub fn rows(report: &Report) -> Vec<Row> {
    let mut counts: HashMap<(&str, &str), usize> = HashMap::new();
    for f in &report.findings {
        *counts.entry((&f.rule_id, &f.rule_name)).or_insert(0) += 1;
    }
    let mut rows: Vec<Row> = counts
        .into_iter()
        .map(|((rule, name), count)| Row {
            rule: rule.to_string(),
            name: name.to_string(),
            count,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.name.cmp(&b.name))
    });
    rows
}

/// A table: count, id, name; then the summary line, unless `quiet`.
pub fn human(report: &Report, quiet: bool) -> String {
    let rows = rows(report);
    let w = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let mut s = String::new();
    for r in &rows {
        let _ = writeln!(s, "{:>w$}  {}  {}", r.count, r.rule, r.name);
    }
    if !quiet {
        let _ = writeln!(s, "{}", report.summary());
    }
    s
}

/// A JSON array of `{rule, name, count}`.
pub fn json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&rows(report)).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Finding;

    /// Two projects' rules of one id and as many findings each: one order, whatever the
    /// order of the findings (the counts are kept in a hash map).
    #[test]
    fn rules_of_one_id_and_count_are_in_one_order() {
        let finding = |name: &str| Finding {
            rule_id: "DM201".into(),
            rule_name: name.into(),
            severity: crate::rules::Severity::Note,
            message: "m".into(),
            help: "h".into(),
            span: Default::default(),
            identity: Box::default(),
            category: None,
        };
        let mut report = Report {
            findings: vec![finding("rule-b"), finding("rule-a")],
            ..Default::default()
        };
        let first = rows(&report);
        report.findings.reverse();
        assert_eq!(rows(&report), first);
        assert_eq!(first[0].name, "rule-a");
    }
}
