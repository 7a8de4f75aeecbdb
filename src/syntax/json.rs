//! JSON to [`Node`], with `jsonc-parser`, which gives a byte range for every value and key.
//!
//! Its parser recurses, so nesting depth is checked by a cheap scan before parsing.

use jsonc_parser::ast::{ObjectProp, ObjectPropName, Value};
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions};

use super::{Entry, Limits, Node, NodeKind};
use crate::diag::Error;
use crate::source::{FileId, Span, Spanned};

/// Parses strict JSON (comments allowed, as editors write `.jsonc`, nothing looser).
pub fn parse(text: &str, file: FileId, limits: Limits) -> Result<Node, Error> {
    parse_with(text, file, limits, false).map_err(|(e, _)| e)
}

/// [`parse`], but a file whose only fault is a trailing comma (`{"strict": true,}`, as
/// `tsconfig.json` and VS Code's settings allow) is read, with that fault as the error it
/// would have been: an error if the file turns out to be datamin's, and nothing to say about
/// a file of some other tool's.
pub fn parse_tolerant(
    text: &str,
    file: FileId,
    limits: Limits,
) -> Result<(Node, Option<Error>), Error> {
    match parse_with(text, file, limits, false) {
        Ok(node) => Ok((node, None)),
        Err((e, true)) => match parse_with(text, file, limits, true) {
            Ok(node) => Ok((node, Some(e))),
            Err(_) => Err(e),
        },
        Err((e, false)) => Err(e),
    }
}

/// Parses JSON, allowing trailing commas or not; an error says whether it is about one.
fn parse_with(
    text: &str,
    file: FileId,
    limits: Limits,
    trailing_commas: bool,
) -> Result<Node, (Error, bool)> {
    // A byte-order mark (Windows tools and PowerShell exports write one) is not JSON: read
    // as three spaces, which keeps every offset where it was in the file.
    let spaced;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            spaced = format!("   {rest}");
            spaced.as_str()
        }
        None => text,
    };
    if let Some(at) = too_deep(text, limits.max_depth) {
        return Err((
            Error::at(
                Span::new(file, at, at + 1),
                format!("nesting deeper than {} levels", limits.max_depth),
            ),
            false,
        ));
    }
    let options = ParseOptions {
        allow_comments: true,
        allow_loose_object_property_names: false,
        allow_trailing_commas: trailing_commas,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed = parse_to_ast(text, &CollectOptions::default(), &options).map_err(|e| {
        let r = e.range();
        let error = Error::at(
            Span::new(file, r.start, r.end),
            format!("invalid JSON: {}", e.kind()),
        );
        (
            error,
            matches!(e.kind(), ParseErrorKind::TrailingCommasNotAllowed),
        )
    })?;
    let mut nodes = 0;
    match parsed.value {
        Some(v) => convert(v, file, &mut nodes, limits).map_err(|e| (e, false)),
        None => Ok(Node {
            kind: NodeKind::Null,
            span: Span::new(file, 0, 0),
        }),
    }
}

fn convert(v: Value<'_>, file: FileId, nodes: &mut usize, limits: Limits) -> Result<Node, Error> {
    *nodes += 1;
    let (kind, range) = match v {
        Value::StringLit(s) => (NodeKind::Str(s.value.into_owned()), s.range),
        Value::NumberLit(n) => (
            NodeKind::Number(n.value.parse::<f64>().unwrap_or(f64::NAN), n.value.into()),
            n.range,
        ),
        Value::BooleanLit(b) => (NodeKind::Bool(b.value), b.range),
        Value::NullKeyword(n) => (NodeKind::Null, n.range),
        Value::Array(a) => {
            let items = a
                .elements
                .into_iter()
                .map(|e| convert(e, file, nodes, limits))
                .collect::<Result<Vec<_>, _>>()?;
            (NodeKind::Seq(items), a.range)
        }
        Value::Object(o) => {
            // A key of a small object is compared with those before it; a larger object's
            // first repeated key is found beforehand in a set (comparing each key with every
            // key before it, parsing an object of 20,000 keys took 0.4 s).
            let entries = if o.properties.len() <= SMALL_OBJECT {
                entries(o.properties, file, nodes, limits, |before, key| {
                    before.iter().any(|e| {
                        compared();
                        e.key.value == key
                    })
                })?
            } else {
                let at = first_repeated(&o.properties).unwrap_or(usize::MAX);
                entries(o.properties, file, nodes, limits, |before, _| {
                    before.len() == at
                })?
            };
            (NodeKind::Map(entries), o.range)
        }
    };
    let span = Span::new(file, range.start, range.end);
    if *nodes > limits.max_nodes {
        return Err(Error::at(
            span,
            format!("document has more than {} nodes", limits.max_nodes),
        ));
    }
    Ok(Node { kind, span })
}

/// An object's entries; `repeated` tells whether a key is one of the entries before it. The
/// error is at the first key written a second time, after the values before it are read.
fn entries(
    properties: Vec<ObjectProp<'_>>,
    file: FileId,
    nodes: &mut usize,
    limits: Limits,
    repeated: impl Fn(&[Entry], &str) -> bool,
) -> Result<Vec<Entry>, Error> {
    let mut entries: Vec<Entry> = Vec::with_capacity(properties.len());
    for p in properties {
        let (name, krange) = match p.name {
            ObjectPropName::String(s) => (s.value.into_owned(), s.range),
            ObjectPropName::Word(w) => (w.value.to_string(), w.range),
        };
        let key = Spanned::new(name, Span::new(file, krange.start, krange.end));
        if repeated(&entries, &key.value) {
            return Err(
                Error::at(key.span, format!("duplicate key `{}`", key.value))
                    .with_help("a key may appear only once in an object"),
            );
        }
        let value = convert(p.value, file, nodes, limits)?;
        entries.push(Entry { key, value });
    }
    Ok(entries)
}

/// Objects of up to this many keys are checked for a repeated key pairwise: cheaper than a
/// set at the sizes forms use (the bench corpus: 2 to 7).
const SMALL_OBJECT: usize = 16;

/// The place of the first property whose name an earlier one has.
fn first_repeated(properties: &[ObjectProp<'_>]) -> Option<usize> {
    let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
    seen.reserve(properties.len());
    properties.iter().position(|p| {
        compared();
        !seen.insert(p.name.as_str())
    })
}

crate::steps::step_counter!(
    /// Keys compared or looked up in checking for repeated keys (see the tests).
    COMPARED,
    compared
);

/// Byte offset of the first bracket that nests deeper than `max`, ignoring strings.
fn too_deep(text: &str, max: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Some(i - 1);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            // Comments (allowed, as in `.jsonc`): a quote or bracket in one counts for nothing.
            b'/' if bytes.get(i) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |at| i + at);
            }
            b'/' if bytes.get(i) == Some(&b'*') => {
                i = memchr::memmem::find(&bytes[i + 1..], b"*/")
                    .map_or(bytes.len(), |at| i + 1 + at + 2);
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{parse, too_deep, COMPARED};

    /// `{"k0": 0, "k1": 1, ...}` of `n` keys, then `extra` (written after them).
    fn object(n: usize, extra: &str) -> String {
        let keys: Vec<String> = (0..n).map(|i| format!("\"k{i}\": {i}")).collect();
        format!("{{{}{extra}}}", keys.join(", "))
    }

    /// The error `text` gives, as `start..end: message`.
    fn error(text: &str) -> Option<String> {
        parse(text, 0, Default::default()).err().map(|e| {
            let s = e.span.expect("located");
            format!("{}..{}: {}", s.start, s.end, e.message)
        })
    }

    #[test]
    fn a_repeated_key_is_an_error_at_its_second_place_in_objects_small_and_large() {
        for n in [1, 5, 16, 17, 400] {
            let text = object(n, ", \"k0\": 9, \"k1\": 9");
            let at = text.find("\"k0\": 9").unwrap();
            assert_eq!(
                error(&text),
                Some(format!("{}..{}: duplicate key `k0`", at, at + 4)),
                "{n} keys"
            );
        }
        // An error in a value before the repeated key comes first, as it is read first.
        for n in [3, 40] {
            let text = format!(
                "{{\"a\": {{\"x\": 1, \"x\": 2}}, {}",
                &object(n, ", \"k0\": 1")[1..]
            );
            let at = text.find("\"x\": 2").unwrap();
            assert_eq!(
                error(&text),
                Some(format!("{}..{}: duplicate key `x`", at, at + 3)),
                "{n} keys"
            );
        }
        // An escaped name is the same key.
        let text = object(30, ", \"k\\u0031\": 2");
        assert!(error(&text).is_some_and(|e| e.ends_with("duplicate key `k1`")));
        assert_eq!(error(&object(30, "")), None);
    }

    #[test]
    fn repeated_keys_are_not_found_by_comparing_every_pair() {
        let n = 5000;
        let text = object(n, ", \"k7\": 0");
        COMPARED.with(|c| c.set(0));
        let at = text.find("\"k7\": 0").unwrap();
        assert_eq!(
            error(&text),
            Some(format!("{}..{}: duplicate key `k7`", at, at + 4))
        );
        let compared = COMPARED.with(std::cell::Cell::get);
        assert!(compared <= 2 * n, "{compared} comparisons for {n} keys");
    }

    /// The depth scan skips strings and comments: a quote or a bracket in either does not
    /// count, so a comment cannot hide deep nesting from it (nor fake any).
    #[test]
    fn depth_is_counted_outside_strings_and_comments() {
        let deep = "[".repeat(65);
        assert_eq!(too_deep(&deep, 64), Some(64));
        assert_eq!(too_deep(&format!("// \"\n{deep}"), 64), Some(69));
        assert_eq!(too_deep(&format!("/* \" */{deep}"), 64), Some(71));
        assert_eq!(too_deep(&format!("\"{deep}\""), 64), None);
        assert_eq!(too_deep(&format!("// {deep}\n[]"), 64), None);
        assert_eq!(too_deep(&format!("/* {deep} */ []"), 64), None);
        assert_eq!(too_deep("/* never closed [[[", 1), None);
    }
}
