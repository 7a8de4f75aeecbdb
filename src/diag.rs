//! Input, usage and config errors: never findings, always exit 2.

use crate::source::Span;

/// A located (where possible) error about an input file, a config or a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The file as shown to users.
    pub path: String,
    /// The exact key or value at fault, when known.
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
}

impl Error {
    pub fn at(span: Span, message: impl Into<String>) -> Error {
        Error {
            path: String::new(),
            span: Some(span),
            message: message.into(),
            help: None,
        }
    }

    pub fn file(path: impl Into<String>, message: impl Into<String>) -> Error {
        Error {
            path: path.into(),
            span: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Error {
        self.help = Some(help.into());
        self
    }

    pub fn with_path(mut self, path: &str) -> Error {
        if self.path.is_empty() {
            self.path = path.to_string();
        }
        self
    }
}

/// Suggests the closest of `candidates` to `word`, if one is close enough to be a typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = levenshtein(&word.to_ascii_lowercase(), &c.to_ascii_lowercase());
        let limit = (c.len().max(word.len()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance where swapping two neighbouring letters counts as one edit (optimal string
/// alignment): `emial` is one typo away from `email`.
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 0..a.len() {
        cur[0] = i + 1;
        for j in 0..b.len() {
            let cost = usize::from(a[i] != b[j]);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                cur[j + 1] = cur[j + 1].min(prev2[j - 1] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// "unknown {what} `value`", at the value, with a "did you mean" or else the list of known
/// names (`known` introduces that list).
pub fn unknown_name<'a>(
    what: &str,
    value: &crate::source::Spanned<String>,
    names: impl IntoIterator<Item = &'a str> + Clone,
    known: &str,
) -> Error {
    let help = suggestion(&value.value, names.clone()).unwrap_or_else(|| {
        format!(
            "{known}: {}",
            names.into_iter().collect::<Vec<_>>().join(", ")
        )
    });
    Error::at(value.span, format!("unknown {what} `{}`", value.value)).with_help(help)
}

/// Formats `help: did you mean `x`?` for an unknown name.
pub fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names() {
        assert_eq!(
            did_you_mean("max_lenght", ["max_length", "label"]),
            Some("max_length")
        );
        assert_eq!(did_you_mean("colour", ["label", "type"]), None);
        assert_eq!(did_you_mean("emial", ["email", "phone"]), Some("email"));
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }
}
