//! The audit as Markdown (GitHub-flavoured tables), for pasting into an audit report.

use std::fmt::Write as _;

use super::audit_text::{self as t, Inline, Table};
use crate::audit::Audit;

/// Escapes text for a table cell, a heading or a paragraph: Markdown's markup characters get
/// a backslash (`_` only where it could open or close emphasis: not inside a word, as in
/// `max_retention`), and line breaks and other control characters become spaces (a line
/// break would end a table row or a heading).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let inside_word = || {
            let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
            word(i.checked_sub(1).and_then(|j| chars.get(j))) && word(chars.get(i + 1))
        };
        if matches!(
            c,
            '\\' | '|' | '*' | '~' | '&' | '`' | '<' | '>' | '[' | ']'
        ) || c == '_' && !inside_word()
        {
            out.push('\\');
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

/// Code (an id): on one line, `|` escaped (even in code, a table needs it), and fenced with
/// one backtick more than its longest run of them, so that none of its own closes the span
/// (and text after it, raw HTML say, stays code). Padded with a space on each side when it
/// starts or ends with a backtick (which would join the fence), or with a space at both ends
/// (which CommonMark strips, one each, unless the text is all spaces; only U+0020 counts, so
/// other white space is kept as text). Empty text has no code span (two backticks are a run of
/// backticks, not an empty span), so it is written as an emphasised `(empty)`, which no id or
/// glob, always code, can be mistaken for.
fn code(s: &str) -> String {
    if s.is_empty() {
        return "*(empty)*".to_owned();
    }
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('|', "\\|");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = s.starts_with('`')
        || s.ends_with('`')
        || (s.starts_with(' ') && s.ends_with(' ') && !s.trim_matches(' ').is_empty());
    if pad {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

fn inline(parts: &[Inline]) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            Inline::Text(s) => out.push_str(&esc(s)),
            Inline::Code(s) => out.push_str(&code(s)),
        }
    }
    out
}

fn table(out: &mut String, t: &Table) {
    let _ = writeln!(out, "| {} |", t.head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(t.head.len()));
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(|c| inline(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn para(out: &mut String, parts: &[Inline]) {
    let _ = writeln!(out, "{}\n", inline(parts));
}

pub fn render(a: &Audit) -> String {
    let mut out = String::from("# Vendor audit\n\n");
    if let Some(msg) = t::incomplete(a) {
        let _ = writeln!(out, "> **{}**\n", esc(&msg));
    }
    para(&mut out, &t::method(a));

    out.push_str("## Summary\n\n");
    if a.holders.is_empty() {
        out.push_str("No processors and no forms were found.\n\n");
    } else {
        table(&mut out, &t::summary_table(a));
        if let Some(held) = t::summary_held(a) {
            para(&mut out, &held);
        }
    }

    let _ = writeln!(out, "## {}\n", t::UNUSED_GLOBS_TITLE);
    para(&mut out, &t::unused_globs_intro(a));
    if let Some(list) = t::unused_globs_list(a) {
        table(&mut out, &t::unused_globs_table(list));
    }

    if let (Some(b), Some(intro)) = (&a.breach, t::breach_intro(a)) {
        let _ = writeln!(out, "## Breach what-if: {}\n", b.window);
        para(&mut out, &intro);
        for e in &b.holders {
            let Some(h) = a.holders.iter().find(|h| h.id == e.holder) else {
                continue;
            };
            let _ = writeln!(out, "### Breach of {}\n", inline(&t::holder_title(h)));
            if e.forms.is_empty() {
                out.push_str("No form sends data here: nothing is exposed.\n\n");
                continue;
            }
            table(&mut out, &t::breach_forms_table(e));
            out.push_str("Exposed data categories:\n\n");
            table(&mut out, &t::breach_categories_table(e));
        }
    }

    for h in &a.holders {
        let _ = writeln!(out, "## {}\n", inline(&t::holder_title(h)));
        para(&mut out, &t::holder_intro(h));
        if h.forms.is_empty() {
            out.push_str("No form sends data here.\n\n");
            continue;
        }
        for f in &h.forms {
            let _ = writeln!(out, "### {}\n", inline(&t::form_title(f)));
            para(&mut out, &t::form_intro(f));
            // A form's held rows (its requester) are no fields of it.
            if f.fields.iter().all(|x| x.held) {
                let _ = writeln!(
                    out,
                    "The form has no fields; its tickets are kept {}.\n",
                    esc(&t::retention(&f.retention))
                );
            }
            if !f.fields.is_empty() {
                table(&mut out, &t::fields_table(f));
            }
        }
        let _ = writeln!(out, "### Data categories at {}\n", code(&h.id));
        if h.categories.is_empty() {
            out.push_str("No field asks for a known data category.\n\n");
        } else {
            table(&mut out, &t::categories_table(h));
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::code;

    #[test]
    fn code_of_empty_text_is_a_marker_not_two_backticks() {
        assert_eq!(code(""), "*(empty)*");
    }

    #[test]
    fn code_pads_only_where_commonmark_strips_spaces() {
        // CommonMark strips one U+0020 each side unless the content is all U+0020: a no-break
        // space between them is content, so the outer spaces need padding to survive.
        assert_eq!(code(" \u{a0} "), "`  \u{a0}  `");
        assert_eq!(code(" a "), "`  a  `");
        assert_eq!(code("  "), "`  `");
        assert_eq!(code(" "), "` `");
        assert_eq!(code("\u{a0}a\u{a0}"), "`\u{a0}a\u{a0}`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
    }
}
