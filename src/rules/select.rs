//! `--select` and `--ignore`: the rules one `check` runs, chosen on the command line over the
//! config's `rules:` (as ruff's flags of the same names do), without editing the config.
//!
//! Each value is a rule id (`DM001`), a name (`unbounded-free-text`) or an id prefix (`DM1`:
//! DM100-DM199; `DM`: every rule). `--select` runs only the rules it names; `--ignore` turns
//! rules off, after `--select` and the config. The config still sets each rule's level, and
//! its `off` holds against a prefix; a rule named by id or name runs even if the config
//! turns it off (the more specific choice wins).

use crate::config::Level;
use crate::diag::did_you_mean;
use crate::rules::{Rule, Severity};

/// The rules named on the command line.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `--select`: run only these (empty: every rule the config leaves on).
    pub select: Vec<String>,
    /// `--ignore`: never run these.
    pub ignore: Vec<String>,
}

/// A value of `--select` or `--ignore` that names no rule of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// `--select` or `--ignore`.
    pub flag: &'static str,
    pub value: String,
    /// The closest rule id or name, when one is close enough to be a typo.
    pub closest: Option<String>,
}

/// `DM` and at most two digits: a prefix of rule ids (an id has three).
fn is_prefix(value: &str) -> bool {
    value.len() < 5
        && value
            .strip_prefix("DM")
            .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `value` names the rule `id`, `name` by id or name.
fn names_exactly(value: &str, id: &str, name: &str) -> bool {
    value == id || value == name
}

/// Whether `value` names the rule `id`, `name` by id, name or prefix.
fn names(value: &str, id: &str, name: &str) -> bool {
    names_exactly(value, id, name) || (is_prefix(value) && id.starts_with(value))
}

impl Selection {
    /// Whether `--select` selects `rule` (by id, name or prefix).
    pub fn selects(&self, rule: &Rule) -> bool {
        self.select.iter().any(|v| names(v, &rule.id, &rule.name))
    }

    /// Whether `--select` names `rule` by id or name (not by a prefix).
    pub fn names(&self, rule: &Rule) -> bool {
        self.select
            .iter()
            .any(|v| names_exactly(v, &rule.id, &rule.name))
    }

    /// Whether the command line leaves `rule` out of the run: `--ignore` names it, or
    /// `--select` is given and does not, and the run does not ask for it otherwise (`asked`:
    /// `--report-unused` asks for DM903 and DM109, so `--select` need not name them).
    /// Whatever the config says, such a rule found nothing in this run only because of the
    /// flags (so no suppression of it is unused).
    pub fn leaves_out(&self, rule: &Rule, asked: bool) -> bool {
        self.leaves_out_named(&rule.id, &rule.name, asked)
    }

    /// [`Selection::leaves_out`] for the rule of this id and name.
    pub fn leaves_out_named(&self, id: &str, name: &str, asked: bool) -> bool {
        self.ignore.iter().any(|v| names(v, id, name))
            || (!self.select.is_empty()
                && !self.select.iter().any(|v| names(v, id, name))
                && !asked)
    }

    /// The rule's severity in this run, given its level in the config and whether the run
    /// asks for it otherwise (as [`Selection::leaves_out`]); `None`: it does not run.
    pub fn severity(&self, rule: &Rule, config: Option<Level>, asked: bool) -> Option<Severity> {
        if self.leaves_out(rule, asked) {
            return None;
        }
        match config {
            Some(Level::On(s)) => Some(s),
            // Named on the command line, it runs even though the config turns it off.
            Some(Level::Off) if !self.names(rule) => None,
            _ => Some(rule.severity),
        }
    }

    /// The values that name no rule of `known` (each rule's id and name), in the order
    /// given (`--select`'s first).
    pub fn unknown(&self, known: &[(&str, &str)]) -> Vec<Unknown> {
        let flags = [("--select", &self.select), ("--ignore", &self.ignore)];
        let mut out = Vec::new();
        for (flag, values) in flags {
            for v in values {
                if known.iter().any(|(id, name)| names(v, id, name)) {
                    continue;
                }
                let candidates = known.iter().flat_map(|(id, name)| [*id, *name]);
                out.push(Unknown {
                    flag,
                    value: v.clone(),
                    closest: did_you_mean(v, candidates).map(str::to_string),
                });
            }
        }
        out
    }
}

/// One `--select` or `--ignore` argument: the rules it names, comma-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleList(pub Vec<String>);

/// Reads one argument of `--select` or `--ignore`: rules separated by commas, each trimmed
/// (`DM005, DM007` is two rules), none empty. An error quotes the whole argument and says
/// where the empty name is.
pub fn parse_list(s: &str) -> Result<RuleList, String> {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    let Some(i) = parts.iter().position(|p| p.is_empty()) else {
        return Ok(RuleList(parts.into_iter().map(str::to_string).collect()));
    };
    let what = if parts.len() == 1 {
        "no rule at all"
    } else if i == 0 {
        "a comma with nothing before it"
    } else if i == parts.len() - 1 {
        "a comma with nothing after it"
    } else {
        "two commas with nothing between them"
    };
    Err(format!(
        "empty rule name in `{s}` ({what}): write an id (DM001), a name (unbounded-free-text) or an id prefix (DM1)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_dm_and_up_to_two_digits() {
        for p in ["DM", "DM0", "DM10"] {
            assert!(is_prefix(p), "{p}");
        }
        for p in ["DM001", "D", "dm1", "DMx", "DM1x", "unbounded"] {
            assert!(!is_prefix(p), "{p}");
        }
        assert!(names("DM10", "DM103", "free-text-kept-as-long-as-ticket"));
        assert!(!names("DM10", "DM011", "personal-data-on-public-form"));
        assert!(!names("unbounded", "DM001", "unbounded-free-text"));
    }

    #[test]
    fn a_list_is_split_at_commas_and_trimmed() {
        let list = |v: &[&str]| Ok(RuleList(v.iter().map(|s| (*s).to_string()).collect()));
        assert_eq!(parse_list("DM005"), list(&["DM005"]));
        assert_eq!(parse_list("DM005,DM007"), list(&["DM005", "DM007"]));
        assert_eq!(parse_list(" DM005, DM007 "), list(&["DM005", "DM007"]));
    }

    #[test]
    fn an_empty_name_is_shown_in_the_whole_argument() {
        let why = |s: &str| {
            parse_list(s)
                .unwrap_err()
                .split_once(": write")
                .map(|(head, _)| head.to_string())
        };
        let cases = [
            (
                "DM005,",
                "empty rule name in `DM005,` (a comma with nothing after it)",
            ),
            (
                ",DM005",
                "empty rule name in `,DM005` (a comma with nothing before it)",
            ),
            (
                "DM0,,DM1",
                "empty rule name in `DM0,,DM1` (two commas with nothing between them)",
            ),
            (
                "DM0, ,DM1",
                "empty rule name in `DM0, ,DM1` (two commas with nothing between them)",
            ),
            ("", "empty rule name in `` (no rule at all)"),
            (" ", "empty rule name in ` ` (no rule at all)"),
        ];
        for (arg, message) in cases {
            assert_eq!(why(arg).as_deref(), Some(message), "{arg:?}");
        }
    }
}
