//! The audit as one self-contained HTML page: inline CSS, inline SVG, no scripts, nothing
//! fetched. The tables are those of the Markdown report; each holder gets an SVG timeline of
//! each form's exposed submissions against the breach window (or, without a breach window, a
//! chart of how long each form's copy is kept).

use std::fmt::Write as _;

use super::audit_text::{self as t, Inline, Table};
use crate::audit::{Audit, Date, Exposure, Holder, HolderExposure, Retention, Window};

const STYLE: &str = r#"
:root { color-scheme: light; }
body { margin: 0; background: #f6f8fa; color: #1f2328;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
h1 { font-size: 28px; margin: 0 0 8px; }
h2 { font-size: 21px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 17px; margin: 22px 0 6px; }
p { margin: 6px 0 12px; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: #eff1f3; padding: 1px 4px; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
th, td { border: 1px solid #d0d7de; padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td code, .nowrap { white-space: nowrap; }
.method { color: #57606a; font-size: 14px; }
.incomplete { background: #fff8c5; border: 1px solid #d4a72c; padding: 8px 12px; border-radius: 6px; }
svg { display: block; max-width: 100%; height: auto; margin: 8px 0 14px; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 12px; fill: #1f2328; }
svg .light { fill: #ffffff; }
svg .muted { fill: #57606a; }
"#;

const ACTUAL: &str = "#cf222e";
const FIXED: &str = "#1a7f37";

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Keeps `YYYY-MM-DD` dates on one line: a table cell would break them at a hyphen.
fn nowrap_dates(s: &str) -> String {
    let is_date = |w: &[u8]| {
        w.len() == 10
            && w.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b.len() - i >= 10 && is_date(&b[i..i + 10]) {
            out.push_str("<span class=\"nowrap\">");
            out.push_str(&s[i..i + 10]);
            out.push_str("</span>");
            i += 10;
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

fn inline(parts: &[Inline]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Inline::Text(s) => nowrap_dates(&esc(s)),
            Inline::Code(s) => format!("<code>{}</code>", esc(s)),
        })
        .collect()
}

fn table(out: &mut String, t: &Table) {
    out.push_str("<table>\n<thead><tr>");
    for h in &t.head {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for c in row {
            let _ = write!(out, "<td>{}</td>", inline(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn para(out: &mut String, parts: &[Inline], class: Option<&str>) {
    match class {
        Some(c) => {
            let _ = writeln!(out, "<p class=\"{c}\">{}</p>", inline(parts));
        }
        None => {
            let _ = writeln!(out, "<p>{}</p>", inline(parts));
        }
    }
}

pub fn render(a: &Audit) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Vendor audit · datamin</title>\n<style>",
    );
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<main>\n<h1>Vendor audit</h1>\n");
    if let Some(msg) = t::incomplete(a) {
        let _ = writeln!(out, "<p class=\"incomplete\">{}</p>", esc(&msg));
    }
    para(&mut out, &t::method(a), Some("method"));

    out.push_str("<h2>Summary</h2>\n");
    if a.holders.is_empty() {
        out.push_str("<p>No processors and no forms were found.</p>\n");
    } else {
        table(&mut out, &t::summary_table(a));
        if let Some(held) = t::summary_held(a) {
            para(&mut out, &held, None);
        }
    }

    let _ = writeln!(out, "<h2>{}</h2>", esc(t::UNUSED_GLOBS_TITLE));
    para(&mut out, &t::unused_globs_intro(a), None);
    if let Some(list) = t::unused_globs_list(a) {
        table(&mut out, &t::unused_globs_table(list));
    }

    if let (Some(b), Some(intro)) = (&a.breach, t::breach_intro(a)) {
        let _ = writeln!(
            out,
            "<h2>Breach what-if: {}</h2>",
            esc(&b.window.to_string())
        );
        para(&mut out, &intro, None);
        for e in &b.holders {
            let Some(h) = a.holders.iter().find(|h| h.id == e.holder) else {
                continue;
            };
            let _ = writeln!(out, "<h3>Breach of {}</h3>", inline(&t::holder_title(h)));
            if e.forms.is_empty() {
                out.push_str("<p>No form sends data here: nothing is exposed.</p>\n");
                continue;
            }
            out.push_str(&timeline(e, b.window));
            table(&mut out, &t::breach_forms_table(e));
            out.push_str("<p>Exposed data categories:</p>\n");
            table(&mut out, &t::breach_categories_table(e));
        }
    }

    for h in &a.holders {
        let _ = writeln!(out, "<h2>{}</h2>", inline(&t::holder_title(h)));
        para(&mut out, &t::holder_intro(h), None);
        if h.forms.is_empty() {
            out.push_str("<p>No form sends data here.</p>\n");
            continue;
        }
        if a.breach.is_none() {
            out.push_str(&retention_chart(h));
        }
        for f in &h.forms {
            let _ = writeln!(out, "<h3>{}</h3>", inline(&t::form_title(f)));
            para(&mut out, &t::form_intro(f), None);
            if f.fields.iter().all(|x| x.held) {
                let _ = writeln!(
                    out,
                    "<p>The form has no fields; its tickets are kept {}.</p>",
                    esc(&t::retention(&f.retention))
                );
            }
            if !f.fields.is_empty() {
                table(&mut out, &t::fields_table(f));
            }
        }
        let _ = writeln!(
            out,
            "<h3>Data categories at <code>{}</code></h3>",
            esc(&h.id)
        );
        if h.categories.is_empty() {
            out.push_str("<p>No field asks for a known data category.</p>\n");
        } else {
            table(&mut out, &t::categories_table(h));
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

// Chart geometry, in SVG user units.
const WIDTH: f64 = 1040.0;
const LABEL: f64 = 200.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 30.0;
const ROW: f64 = 48.0;
const BAR: f64 = 15.0;
const LEGEND: f64 = 54.0;

/// Shortens a label to fit the label column.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut c: String = s.chars().take(max - 1).collect();
        c.push('…');
        c
    }
}

fn svg_open(out: &mut String, height: f64, title: &str) {
    let _ = writeln!(
        out,
        "<svg viewBox=\"0 0 {WIDTH:.0} {height:.0}\" width=\"{WIDTH:.0}\" height=\"{height:.0}\" role=\"img\"><title>{}</title>",
        esc(title)
    );
}

fn legend(out: &mut String, y: f64, items: &[(&str, &str, f64)]) {
    let mut x = LABEL;
    for (color, label, opacity) in items {
        let _ = writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"14\" height=\"12\" fill=\"{color}\" fill-opacity=\"{opacity}\" stroke=\"{color}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            y - 10.0,
            x + 20.0,
            y,
            esc(label)
        );
        x += 40.0 + 7.0 * label.chars().count() as f64;
    }
}

/// Which end of a bar lines up with the other bars of its chart: a label that does not fit
/// inside the bar goes at the other end.
#[derive(Clone, Copy)]
enum Aligned {
    /// Bars that end together (at the breach's end); an `open` bar goes on past the chart's
    /// left edge, drawn with an arrow head.
    Right { open: bool },
    /// Bars that start together (at the label column).
    Left,
}

/// A bar from `x0` to `x1` with a label inside when it fits, else outside it (see
/// [`Aligned`]).
fn bar(out: &mut String, x0: f64, x1: f64, y: f64, color: &str, label: &str, aligned: Aligned) {
    let w = (x1 - x0).max(1.0);
    let _ = writeln!(
        out,
        "<rect x=\"{x0:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{BAR:.0}\" rx=\"2\" fill=\"{color}\"/>"
    );
    if let Aligned::Right { open: true } = aligned {
        // An arrow head: it goes on past the chart's edge.
        let _ = writeln!(
            out,
            "<path d=\"M{:.1} {:.1} l-9 {:.1} l9 {:.1} z\" fill=\"{color}\"/>",
            x0,
            y,
            BAR / 2.0,
            BAR / 2.0
        );
    }
    let text_w = 6.6 * label.chars().count() as f64 + 12.0;
    if w >= text_w {
        let _ = writeln!(
            out,
            "<text class=\"light\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x0 + 6.0,
            y + BAR - 3.5,
            esc(label)
        );
    } else {
        let (x, anchor) = match aligned {
            Aligned::Right { .. } => (x0 - 6.0, " text-anchor=\"end\""),
            Aligned::Left => (x1 + 6.0, ""),
        };
        let _ = writeln!(
            out,
            "<text class=\"muted\" x=\"{x:.1}\" y=\"{:.1}\"{anchor}>{}</text>",
            y + BAR - 3.5,
            esc(label)
        );
    }
}

/// A chart with a row a form, titled `title`: `grid` draws what stands behind the rows (it
/// is given how many rows there are), then each form's name and its two bars, as configured
/// (`ACTUAL`) and under the maxima (`FIXED`), which `draw_bar` draws at a y in a color; the
/// legend's `items` close it.
fn form_chart<'a, T: 'a>(
    title: &str,
    forms: impl ExactSizeIterator<Item = (&'a str, [&'a T; 2])>,
    grid: impl FnOnce(&mut String, f64),
    draw_bar: impl Fn(&mut String, &T, f64, &str),
    items: &[(&str, &str, f64)],
) -> String {
    let rows = forms.len() as f64;
    let height = TOP + rows * ROW + LEGEND;
    let mut out = String::new();
    svg_open(&mut out, height, title);
    grid(&mut out, rows);
    for (i, (form, bars)) in forms.enumerate() {
        let y = TOP + i as f64 * ROW + 6.0;
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-weight=\"600\">{}</text>",
            LABEL - 14.0,
            y + BAR + 2.0,
            esc(&clip(form, 26))
        );
        for (k, (b, color)) in bars.into_iter().zip([ACTUAL, FIXED]).enumerate() {
            draw_bar(&mut out, b, y + k as f64 * (BAR + 4.0), color);
        }
    }
    legend(&mut out, height - 14.0, items);
    out.push_str("</svg>\n");
    out
}

/// Exposed submission windows per form, as configured and under the maxima, against the
/// breach window.
fn timeline(e: &HolderExposure, w: Window) -> String {
    let starts: Vec<Date> = e
        .forms
        .iter()
        .flat_map(|f| [f.actual.from, f.under_max.from])
        .flatten()
        .chain([w.from])
        .collect();
    let first = starts.iter().copied().min().unwrap_or(w.from).day_number();
    let end = w.to.day_number() + 1;
    let span = (end - first).max(1) as f64;
    let unbounded = e
        .forms
        .iter()
        .any(|f| f.actual.from.is_none() || f.under_max.from.is_none());
    let left = first as f64 - span * if unbounded { 0.15 } else { 0.03 };
    let right = end as f64 + span * 0.02;
    let plot = WIDTH - LABEL - RIGHT;
    let x = |day: f64| LABEL + (day - left) / (right - left) * plot;
    let x_of = |e: &Exposure| e.from.map_or(LABEL, |d| x(d.day_number() as f64));
    let bx0 = x(w.from.day_number() as f64);
    let bx1 = x(end as f64);
    let grid = |out: &mut String, rows: f64| {
        // Years, written as dates write them (`0001`).
        // The margin left of a window that starts in year 1 is before it: the year lines
        // start at year 1 then (not at 1970, which left none).
        let (y0, _, _) = Date::new(1970, 1, 1)
            .map(|d| d.saturating_add_days(left.ceil() as i64))
            .map_or((1970, 1, 1), Date::ymd);
        let (y1, _, _) = w.to.ymd();
        let years: Vec<i64> = (y0 + 1..=y1 + 1).collect();
        let step = (years.len() / 12).max(1);
        for (i, y) in years.iter().enumerate() {
            let Some(jan1) = Date::new(*y, 1, 1) else {
                continue;
            };
            let gx = x(jan1.day_number() as f64);
            if !(LABEL..=WIDTH - RIGHT).contains(&gx) {
                continue;
            }
            let _ = writeln!(
                out,
                "<line x1=\"{gx:.1}\" y1=\"{:.1}\" x2=\"{gx:.1}\" y2=\"{:.1}\" stroke=\"#d0d7de\"/>",
                TOP - 6.0,
                TOP + rows * ROW
            );
            if i % step == 0 {
                let _ = writeln!(
                    out,
                    "<text class=\"muted\" x=\"{gx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{y:04}</text>",
                    TOP - 10.0
                );
            }
        }

        // The breach window, behind the bars.
        let _ = writeln!(
            out,
            "<rect x=\"{bx0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{ACTUAL}\" fill-opacity=\"0.10\" stroke=\"{ACTUAL}\" stroke-dasharray=\"4 3\"/>",
            TOP - 4.0,
            bx1 - bx0,
            rows * ROW + 4.0
        );
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{ACTUAL}\" font-weight=\"600\">breach</text>",
            (bx0 + bx1) / 2.0,
            TOP + rows * ROW + 15.0
        );
    };
    let exposure_bar = |out: &mut String, exp: &Exposure, y: f64, color: &str| {
        let label = match exp.from {
            Some(d) => format!("from {d}"),
            None => "since the form existed".to_string(),
        };
        let open = exp.from.is_none();
        bar(
            out,
            x_of(exp),
            bx1,
            y,
            color,
            &label,
            Aligned::Right { open },
        );
    };
    form_chart(
        &format!(
            "Submissions exposed by a breach of {} from {} to {}",
            e.holder, w.from, w.to
        ),
        e.forms
            .iter()
            .map(|f| (f.form.as_str(), [&f.actual, &f.under_max])),
        grid,
        exposure_bar,
        &[
            (ACTUAL, "exposed as configured", 1.0),
            (FIXED, "exposed under max_retention", 1.0),
            (ACTUAL, "breach window", 0.1),
        ],
    )
}

/// Without a breach window: how long each form's copy is kept, as configured and under the
/// maxima.
fn retention_chart(h: &Holder) -> String {
    let finite = h
        .forms
        .iter()
        .flat_map(|f| [f.retention.days(), f.under_max.days()])
        .flatten()
        .max()
        .unwrap_or(0)
        .max(30) as f64;
    let right = finite * 1.08;
    let plot = WIDTH - LABEL - RIGHT;
    let x = |days: f64| LABEL + days.min(right) / right * plot;
    let grid = |out: &mut String, rows: f64| {
        let (unit, name) = if finite >= 730.0 {
            (365.0, "y")
        } else {
            (30.0, "mo")
        };
        let ticks = (right / unit).floor() as u64;
        let step = (ticks / 12).max(1);
        for n in (step..=ticks).step_by(usize::try_from(step).unwrap_or(1)) {
            let gx = x(n as f64 * unit);
            let _ = writeln!(
                out,
                "<line x1=\"{gx:.1}\" y1=\"{:.1}\" x2=\"{gx:.1}\" y2=\"{:.1}\" stroke=\"#d0d7de\"/><text class=\"muted\" x=\"{gx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{n}{name}</text>",
                TOP - 6.0,
                TOP + rows * ROW,
                TOP - 10.0
            );
        }
    };
    let retention_bar = |out: &mut String, r: &Retention, y: f64, color: &str| {
        let x1 = r.days().map_or(WIDTH - RIGHT, |d| x(d as f64));
        bar(out, LABEL, x1, y, color, &t::retention(r), Aligned::Left);
    };
    form_chart(
        &format!("How long {} keeps each form's submissions", h.id),
        h.forms
            .iter()
            .map(|f| (f.form.as_str(), [&f.retention, &f.under_max])),
        grid,
        retention_bar,
        &[
            (ACTUAL, "kept as configured", 1.0),
            (FIXED, "kept under max_retention", 1.0),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(x0: f64, x1: f64, label: &str, aligned: Aligned) -> String {
        let mut out = String::new();
        bar(&mut out, x0, x1, 40.0, ACTUAL, label, aligned);
        out
    }

    #[test]
    fn a_label_that_fits_goes_inside_the_bar() {
        for aligned in [Aligned::Right { open: false }, Aligned::Left] {
            let out = drawn(200.0, 400.0, "kept 30 days", aligned);
            assert!(
                out.ends_with("<text class=\"light\" x=\"206.0\" y=\"51.5\">kept 30 days</text>\n"),
                "{out}"
            );
        }
    }

    #[test]
    fn a_label_that_does_not_fit_goes_at_the_free_end() {
        let out = drawn(
            900.0,
            950.0,
            "since the form existed",
            Aligned::Right { open: false },
        );
        assert!(
            out.ends_with("<text class=\"muted\" x=\"894.0\" y=\"51.5\" text-anchor=\"end\">since the form existed</text>\n"),
            "{out}"
        );
        let out = drawn(200.0, 250.0, "kept <forever>", Aligned::Left);
        assert!(
            out.ends_with(
                "<text class=\"muted\" x=\"256.0\" y=\"51.5\">kept &lt;forever&gt;</text>\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn only_open_bars_get_an_arrow_head() {
        assert!(drawn(200.0, 400.0, "x", Aligned::Right { open: true })
            .contains("<path d=\"M200.0 40.0 l-9 7.5 l9 7.5 z\""));
        assert!(!drawn(200.0, 400.0, "x", Aligned::Right { open: false }).contains("<path"));
        assert!(!drawn(200.0, 400.0, "x", Aligned::Left).contains("<path"));
    }
}
