//! YAML to [`Node`], on `saphyr-parser`'s event stream.
//!
//! The event parser keeps its own state stack (no recursion), so deep nesting cannot overflow
//! ours; we enforce [`Limits`] while building and expand aliases against a node budget, so a
//! "billion laughs" file is rejected after a few thousand nodes, not after gigabytes.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};

use super::{Entry, Limits, Node, NodeKind};
use crate::diag::Error;
use crate::source::{FileId, Span, Spanned};

/// Maps the parser's character offsets to byte offsets.
struct Offsets {
    /// `bytes[i]` is the byte offset of character `i`; empty for ASCII text.
    bytes: Vec<u32>,
    len: usize,
}

impl Offsets {
    fn new(text: &str) -> Offsets {
        let bytes = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
                .chain(std::iter::once(
                    u32::try_from(text.len()).unwrap_or(u32::MAX),
                ))
                .collect()
        };
        Offsets {
            bytes,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.bytes.is_empty() {
            char_index.min(self.len)
        } else {
            self.bytes.get(char_index).map_or(self.len, |&b| b as usize)
        }
    }
}

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<Entry>,
        key: Option<Spanned<String>>,
        /// Past [`SMALL_MAP`] keys, the hashes of the keys so far (see [`repeated`]).
        /// Boxed, so that the many small mappings carry a pointer, not a set.
        hashes: Option<Box<rustc_hash::FxHashSet<u64>>>,
    },
}

/// Mappings of up to this many keys are checked for a repeated key by a scan: cheaper than a
/// set at the sizes forms use.
const SMALL_MAP: usize = 16;

/// Whether `key` is one of `entries`' keys: a scan in a small mapping; past [`SMALL_MAP`]
/// keys, a look in `hashes` (filled on the way), and a scan only when the hash is known (a
/// scan for each key was quadratic in the mapping's size).
fn repeated(
    entries: &[Entry],
    hashes: &mut Option<Box<rustc_hash::FxHashSet<u64>>>,
    key: &str,
) -> bool {
    let scan = || {
        entries.iter().any(|e| {
            compared();
            e.key.value == key
        })
    };
    if entries.len() < SMALL_MAP {
        return scan();
    }
    let hash = |k: &str| {
        use std::hash::BuildHasher;
        compared();
        rustc_hash::FxBuildHasher.hash_one(k)
    };
    let hashes = hashes
        .get_or_insert_with(|| Box::new(entries.iter().map(|e| hash(&e.key.value)).collect()));
    !hashes.insert(hash(key)) && scan()
}

crate::steps::step_counter!(
    /// Keys compared or hashed in checking for repeated keys (see the tests).
    COMPARED,
    compared
);

struct Builder<'a> {
    text: &'a str,
    file: FileId,
    offsets: &'a Offsets,
    limits: Limits,
    nodes: usize,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    /// Where the last event's span ended (a byte offset): a block scalar's header is after it.
    last_end: usize,
}

/// Parses the first (and only) YAML document of `text`. An empty document is `Null`.
pub fn parse(text: &str, file: FileId, limits: Limits) -> Result<Node, Error> {
    match parse_first(text, file, limits)? {
        (root, None) => Ok(root),
        (_, Some(second)) => Err(second_document(second)),
    }
}

/// The error for a second document, at its start.
pub fn second_document(at: Span) -> Error {
    Error::at(
        at,
        "a second YAML document: datamin reads one document per file",
    )
}

/// Parses the first YAML document of `text`, and tells where a second one starts, if there
/// is one (it is not read: a stream of Kubernetes manifests is not datamin's).
pub fn parse_first(
    text: &str,
    file: FileId,
    limits: Limits,
) -> Result<(Node, Option<Span>), Error> {
    let offsets = Offsets::new(text);
    let mut b = Builder {
        text,
        file,
        offsets: &offsets,
        limits,
        nodes: 0,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        last_end: 0,
    };
    let mut documents = 0;
    let mut second = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let at = offsets.byte(e.marker().index());
            Error::at(
                Span::new(file, at, at),
                format!("invalid YAML: {}", e.info()),
            )
        })?;
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    second = Some(b.span(span));
                    break;
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                // Keys stay text: `404: x` has the key "404", not a number.
                let kind = if style == ScalarStyle::Plain && tag.is_none() && !b.expecting_key() {
                    plain_scalar(&value)
                } else {
                    NodeKind::Str(value.into_owned())
                };
                let mut at = b.span(span);
                match style {
                    ScalarStyle::Literal | ScalarStyle::Folded => {
                        at = block_span(b.text, b.last_end, at);
                    }
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                        at = quoted_span(b.text, at);
                    }
                    _ => {}
                }
                b.last_end = at.end as usize;
                let node = Node { kind, span: at };
                b.push(node, anchor)?;
                continue;
            }
            Event::SequenceStart(anchor, _) => {
                b.open(
                    Frame::Seq {
                        start: b.offsets.byte(span.start.index()),
                        anchor,
                        items: Vec::new(),
                    },
                    span,
                )?;
            }
            Event::MappingStart(anchor, _) => {
                b.open(
                    Frame::Map {
                        start: b.offsets.byte(span.start.index()),
                        anchor,
                        entries: Vec::new(),
                        key: None,
                        hashes: None,
                    },
                    span,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                // A block collection ends where the next token starts: trim back to its content.
                let mut end = b.offsets.byte(span.end.index());
                while end > 0
                    && b.text
                        .as_bytes()
                        .get(end - 1)
                        .is_some_and(u8::is_ascii_whitespace)
                {
                    end -= 1;
                }
                let (node, anchor) = match b.stack.pop() {
                    Some(Frame::Seq {
                        start,
                        anchor,
                        items,
                    }) => (
                        Node {
                            kind: NodeKind::Seq(items),
                            span: Span::new(file, start, end),
                        },
                        anchor,
                    ),
                    Some(Frame::Map {
                        start,
                        anchor,
                        entries,
                        ..
                    }) => (
                        Node {
                            kind: NodeKind::Map(entries),
                            span: Span::new(file, start, end),
                        },
                        anchor,
                    ),
                    None => continue,
                };
                b.push(node, anchor)?;
            }
            Event::Alias(id) => {
                let Some(target) = b.anchors.get(&id) else {
                    return Err(Error::at(b.span(span), "alias to an unknown anchor"));
                };
                let size = target.size();
                b.nodes += size;
                if b.nodes > b.limits.max_nodes {
                    return Err(too_many_nodes(b.span(span), b.limits));
                }
                let mut node = target.clone();
                // The alias stands where it is written: point there, not at the anchor.
                node.span = b.span(span);
                b.push_counted(node, 0)?;
            }
            _ => {}
        }
        b.last_end = b.offsets.byte(span.end.index());
    }
    let root = b.root.unwrap_or(Node {
        kind: NodeKind::Null,
        span: Span::new(file, 0, 0),
    });
    Ok((root, second))
}

/// A block scalar (`|`, `>`) from its indicator to the end of its text: the parser's span
/// starts at the text, on the line after the header (where a trailing suppression comment
/// is), and ends past the line breaks after it, in the next line's indentation. `from` is where
/// the event before ended: between it and the text come only `:`, `-`, `?`, spaces, line
/// breaks, a comment, an anchor or a tag, and the indicator. Without one there (never, from
/// this parser), the start stays.
fn block_span(text: &str, from: usize, at: Span) -> Span {
    let b = text.as_bytes();
    let (text_start, text_end) = (at.start as usize, at.end as usize);
    let mut start = None;
    let mut i = from;
    while i < text_start.min(b.len()) {
        match b[i] {
            b'|' | b'>' => {
                start = Some(i);
                break;
            }
            b' ' | b'\t' | b'\r' | b'\n' | b':' | b'-' | b'?' | b',' | b'[' | b'{' => i += 1,
            b'#' | b'&' | b'!' => {
                let stop = if b[i] == b'#' { b'\n' } else { b' ' };
                while i < text_start && b[i] != stop && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
            }
            _ => break,
        }
    }
    let start = start.unwrap_or(text_start);
    let mut end = text_end.min(b.len());
    while end > start + 1 && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    Span {
        file: at.file,
        start: u32::try_from(start).unwrap_or(at.start),
        end: u32::try_from(end.max(start + 1).min(b.len())).unwrap_or(at.end),
    }
}

/// A quoted scalar from its opening quote to its closing one: the parser's span runs on
/// past the spaces and the comment after it (`"Order #" # datamin: ...`), which made the
/// comment part of the string and the finding's end the end of the line. Without a closing
/// quote found (never, from this parser), the span stays.
fn quoted_span(text: &str, at: Span) -> Span {
    let b = text.as_bytes();
    let (start, end) = (at.start as usize, (at.end as usize).min(b.len()));
    // The span starts at an anchor or a tag before the quote, if there is one (`&a "x"`,
    // `!!str "x"`).
    let mut open = start;
    while let Some(&c) = b.get(open).filter(|_| open < end) {
        match c {
            b'"' | b'\'' => break,
            b'&' | b'!' => {
                while open < end && !b[open].is_ascii_whitespace() {
                    open += 1;
                }
            }
            b' ' | b'\t' | b'\r' | b'\n' => open += 1,
            _ => return at,
        }
    }
    let Some(&quote) = b
        .get(open)
        .filter(|&&q| open < end && (q == b'"' || q == b'\''))
    else {
        return at;
    };
    let mut i = open + 1;
    while i < end {
        match b[i] {
            // `\"` is a quote within a double-quoted scalar.
            b'\\' if quote == b'"' => i += 2,
            // `''` is a quote within a single-quoted one.
            b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => {
                return Span {
                    end: u32::try_from(i + 1).unwrap_or(at.end),
                    ..at
                };
            }
            _ => i += 1,
        }
    }
    at
}

fn too_many_nodes(span: Span, limits: Limits) -> Error {
    Error::at(
        span,
        format!(
            "document expands to more than {} nodes (alias expansion or sheer size)",
            limits.max_nodes
        ),
    )
    .with_help("datamin rejects documents this large to stay fast; aliases that expand aliases are the usual cause")
}

impl Builder<'_> {
    fn span(&self, s: YSpan) -> Span {
        Span::new(
            self.file,
            self.offsets.byte(s.start.index()),
            self.offsets.byte(s.end.index()),
        )
    }

    fn open(&mut self, frame: Frame, span: YSpan) -> Result<(), Error> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(Error::at(
                self.span(span),
                format!("nesting deeper than {} levels", self.limits.max_depth),
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn push(&mut self, node: Node, anchor: usize) -> Result<(), Error> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(too_many_nodes(node.span, self.limits));
        }
        self.push_counted(node, anchor)
    }

    fn push_counted(&mut self, node: Node, anchor: usize) -> Result<(), Error> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                key,
                hashes,
                ..
            }) => match key.take() {
                None => {
                    let text = match node.kind {
                        NodeKind::Str(s) => s,
                        _ => {
                            return Err(Error::at(node.span, "mapping keys must be plain strings"));
                        }
                    };
                    if repeated(entries, hashes, &text) {
                        return Err(Error::at(node.span, format!("duplicate key `{text}`"))
                            .with_help("a key may appear only once in a mapping"));
                    }
                    *key = Some(Spanned::new(text, node.span));
                }
                Some(k) => entries.push(Entry {
                    key: k,
                    value: node,
                }),
            },
        }
        Ok(())
    }

    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }
}

/// Resolves a plain scalar by the YAML 1.2 core schema.
fn plain_scalar(s: &str) -> NodeKind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => NodeKind::Null,
        "true" | "True" | "TRUE" => NodeKind::Bool(true),
        "false" | "False" | "FALSE" => NodeKind::Bool(false),
        _ => {
            let looks_numeric = s
                .bytes()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.'));
            match s.parse::<f64>() {
                Ok(n) if looks_numeric && n.is_finite() => NodeKind::Number(n, s.into()),
                _ => NodeKind::Str(s.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{parse, COMPARED};
    use crate::syntax::Limits;

    #[test]
    fn a_repeated_key_is_an_error_at_its_second_place_in_mappings_small_and_large() {
        for n in [3, 16, 17, 5_000] {
            let mut text = String::new();
            for i in 0..n {
                text.push_str(&format!("k{i}: {i}\n"));
            }
            // Unique keys: no error, one look a key in large mappings.
            COMPARED.with(|c| c.set(0));
            assert!(parse(&text, 0, Limits::default()).is_ok(), "{n} keys");
            let compared = COMPARED.with(std::cell::Cell::get);
            assert!(
                compared <= 16 * 16 + 2 * n,
                "{compared} keys compared for {n}"
            );
            // The first key again, last.
            let at = text.len();
            text.push_str("k0: again\n");
            let err = parse(&text, 0, Limits::default())
                .err()
                .unwrap_or_else(|| panic!("{n} keys: no error"));
            assert_eq!(err.message, "duplicate key `k0`");
            let span = err.span.unwrap_or_else(|| panic!("no span"));
            assert_eq!((span.start as usize, span.end as usize), (at, at + 2));
        }
    }
}
