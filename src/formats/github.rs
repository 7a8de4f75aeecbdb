//! GitHub issue forms (`.github/ISSUE_TEMPLATE/*.yml`) and discussion category forms
//! (`.github/DISCUSSION_TEMPLATE/*.yml`), read by GitHub's form schema. The folder tells them
//! apart: a discussion category form has only `title`, `labels` and `body` at the top (no
//! `name` or `description`), and is named by its file, the category's slug.
//!
//! What the model needs to know about them:
//! - issues and discussions are public, so every answer is published (`public: true`);
//! - there is no length limit attribute (`max_length: false`) and no place for a purpose
//!   (`purpose: false`), so rules must not suggest either;
//! - a `markdown` element is where warnings to users go (a form notice);
//! - a `textarea` with `render` is pasted logs or console output (`collects_logs`).
//!
//! `config.yml` in the same folder configures the template chooser and is not a form.

use std::path::Path;

use super::{head, Detection, Document, Fields, Format};
use crate::diag::{suggestion, Error};
use crate::model::{Audience, Capabilities, Field, FieldKind, Form, Model};
use crate::source::Spanned;
use crate::syntax::{unknown_keys, Node, NodeKind};

pub const FORMAT: Format = Format {
    name: "github",
    detect,
    load,
};

pub const CAPABILITIES: Capabilities = Capabilities {
    max_length: false,
    purpose: false,
    fix_max_length: "a length limit",
    fix_purpose: "a declared purpose",
    held: &[],
};

/// Languages of source code (as GitHub's `render` names them, lower case), and Markdown and
/// diffs: a textarea that renders one holds a code sample, a reproduction, a written table
/// (an "Environment" box rendered as Markdown), not pasted logs, unless its label or id says
/// it is output. Shells, `text`, `console`, `json`, `yaml` and the like render what programs
/// print and the configuration they read: logs.
const CODE_LANGUAGES: &[&str] = &[
    "python",
    "py",
    "rust",
    "rs",
    "javascript",
    "js",
    "jsx",
    "typescript",
    "ts",
    "tsx",
    "java",
    "kotlin",
    "kt",
    "go",
    "golang",
    "c",
    "cpp",
    "c++",
    "cs",
    "csharp",
    "c#",
    "ruby",
    "rb",
    "php",
    "swift",
    "scala",
    "r",
    "julia",
    "lua",
    "perl",
    "haskell",
    "elixir",
    "dart",
    "html",
    "css",
    "scss",
    "sql",
    "vue",
    "svelte",
    "matlab",
    "fortran",
    "zig",
    "nim",
    "ocaml",
    "clojure",
    "markdown",
    "md",
    "diff",
];

/// Words of a label or id that name output: a code language's textarea so named holds logs.
const OUTPUT_WORDS: &[&str] = &[
    "log",
    "logs",
    "output",
    "outputs",
    "trace",
    "traceback",
    "stacktrace",
    "stack",
    "error",
    "errors",
    "console",
    "crash",
    "dump",
    "exception",
];

/// Whether a textarea that renders `render` holds pasted output (logs), by the language and
/// the field's label and id ([`CODE_LANGUAGES`], [`OUTPUT_WORDS`]).
fn pasted_output(render: &str, field: &Field) -> bool {
    let render = render.trim().to_ascii_lowercase();
    if render.is_empty() {
        return false;
    }
    if !CODE_LANGUAGES.contains(&render.as_str()) {
        return true;
    }
    let named = |t: &str| {
        t.split(|c: char| !c.is_alphanumeric())
            .any(|w| OUTPUT_WORDS.contains(&w.to_lowercase().as_str()))
    };
    // A Markdown box is prose unless it says otherwise, in its description too ("Paste the
    // output of `app --debug-info`"); a code language's description speaks of the code ("a
    // sample that raises the error"), so only its label and id count.
    let prose = matches!(render.as_str(), "markdown" | "md");
    field.label.as_ref().is_some_and(|l| named(&l.value))
        || named(&field.id.value)
        || prose && field.description.as_ref().is_some_and(|d| named(&d.value))
}

const NOT_A_FORM: &str = "GitHub's template chooser settings (`config.yml`), not an issue form";

const TOP_KEYS: &[&str] = &[
    "name",
    "description",
    "title",
    "labels",
    "assignees",
    "projects",
    "type",
    "body",
];

/// A discussion category form's top-level keys (GitHub's "Syntax for discussion category
/// forms"): `body` is required.
const DISCUSSION_KEYS: &[&str] = &["title", "labels", "body"];

/// The two kinds of form GitHub reads with its form schema, told apart by their folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Issue,
    Discussion,
}

impl Kind {
    /// What the form is called in messages.
    fn noun(self) -> &'static str {
        match self {
            Kind::Issue => "issue form",
            Kind::Discussion => "discussion category form",
        }
    }

    /// What a submission becomes.
    fn records(self) -> &'static str {
        match self {
            Kind::Issue => "issues",
            Kind::Discussion => "discussions",
        }
    }

    /// Where GitHub reads forms of this kind (in `.github/`, or at the root of an
    /// organisation's `.github` repository).
    fn folder(self) -> &'static str {
        match self {
            Kind::Issue => "ISSUE_TEMPLATE",
            Kind::Discussion => "DISCUSSION_TEMPLATE",
        }
    }

    fn top_keys(self) -> &'static [&'static str] {
        match self {
            Kind::Issue => TOP_KEYS,
            Kind::Discussion => DISCUSSION_KEYS,
        }
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            Kind::Issue => &["name", "description", "body"],
            Kind::Discussion => &["body"],
        }
    }

    /// The kind of form GitHub reads at `path`, by its folder; outside both, an issue form.
    fn of(path: &Path) -> Kind {
        if in_template_dir(path, Kind::Discussion) {
            Kind::Discussion
        } else {
            Kind::Issue
        }
    }
}

/// Body element types, with the keys each allows and the keys of its `attributes`.
struct Element {
    name: &'static str,
    keys: &'static [&'static str],
    attributes: &'static [&'static str],
    /// Attributes GitHub requires.
    required: &'static [&'static str],
    validations: &'static [&'static str],
}

const ELEMENTS: &[Element] = &[
    Element {
        name: "markdown",
        // Not in GitHub's schema, but GitHub takes it: real forms have kept an `id` on their
        // markdown for years (jellyfin's since 2024). It names nothing anyone fills in.
        keys: &["type", "id", "attributes"],
        attributes: &["value"],
        required: &["value"],
        validations: &[],
    },
    Element {
        name: "input",
        keys: &["type", "id", "attributes", "validations"],
        attributes: &["label", "description", "placeholder", "value"],
        required: &["label"],
        validations: &["required"],
    },
    Element {
        name: "textarea",
        keys: &["type", "id", "attributes", "validations"],
        attributes: &["label", "description", "placeholder", "value", "render"],
        required: &["label"],
        validations: &["required"],
    },
    Element {
        name: "dropdown",
        keys: &["type", "id", "attributes", "validations"],
        attributes: &["label", "description", "multiple", "options", "default"],
        required: &["label", "options"],
        validations: &["required"],
    },
    // GitHub's schema has no `validations` for checkboxes (`required` sits on each option),
    // but GitHub accepts the block, and older docs showed it: it is read and has no effect.
    Element {
        name: "checkboxes",
        keys: &["type", "id", "attributes", "validations"],
        attributes: &["label", "description", "options"],
        required: &["label", "options"],
        validations: &["required"],
    },
    Element {
        name: "upload",
        keys: &["type", "id", "attributes", "validations"],
        attributes: &["label", "description"],
        required: &["label"],
        validations: &["required", "accept"],
    },
];

/// "a `dropdown` element", "an `input` element".
fn a_element(name: &str) -> String {
    format!("{} `{name}` element", a_or_an(name))
}

fn element(name: &str) -> Option<&'static Element> {
    ELEMENTS.iter().find(|e| e.name == name)
}

/// In a folder called `ISSUE_TEMPLATE` (or `DISCUSSION_TEMPLATE`, for `kind`): GitHub reads
/// `.github/ISSUE_TEMPLATE`, and `ISSUE_TEMPLATE` at the root of an organisation's `.github`
/// repository.
fn in_template_dir(path: &Path, kind: Kind) -> bool {
    crate::source::folder_name(path).is_some_and(|n| n.eq_ignore_ascii_case(kind.folder()))
}

fn is_yaml(path: &Path) -> bool {
    crate::source::extension(path)
        .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"))
}

fn detect(doc: &Document<'_>) -> Detection {
    let root = doc.root;
    if root.as_map().is_none() {
        return Detection::No;
    }
    let stem = crate::source::file_stem(doc.path).and_then(|s| s.to_str());
    let chooser_name = in_template_dir(doc.path, Kind::Issue) && stem == Some("config");
    let chooser_keys = (root.get("blank_issues_enabled").is_some()
        || root.get("contact_links").is_some())
        && root.get("body").is_none();
    if chooser_keys && !chooser_name && in_template_dir(doc.path, Kind::Issue) && is_yaml(doc.path)
    {
        // Chooser settings under another name: GitHub reads the file as an issue form (and
        // the settings not at all); `load` says so.
        return Detection::Strong;
    }
    if chooser_name || chooser_keys {
        return Detection::NotAForm(NOT_A_FORM);
    }
    let types: Option<Vec<&str>> = root
        .get("body")
        .and_then(|b| b.value.as_seq())
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.get("type")?.value.as_str())
                .collect()
        });
    match types {
        Some(t) if t.iter().any(|t| element(t).is_some()) => Detection::Strong,
        // Where GitHub looks for forms, a broken form is still a form: read it and say why.
        _ if (in_template_dir(doc.path, Kind::Issue)
            || in_template_dir(doc.path, Kind::Discussion))
            && is_yaml(doc.path) =>
        {
            Detection::Strong
        }
        Some(t) if !t.is_empty() => Detection::Weak,
        _ => Detection::No,
    }
}

/// GitHub reads issue forms with Ruby's YAML parser (Psych), where a plain `yes`, `no`,
/// `true`, `false`, `on` or `off` is a boolean in any casing (`tRuE`, `oFf`), and `y` and `n`
/// are text. `Some` for such a scalar written plain (`true`, `True` and `TRUE` are booleans to
/// our parser already).
fn psych_bool(n: &Node) -> Option<bool> {
    let NodeKind::Str(s) = &n.kind else {
        return None;
    };
    // A plain scalar's span is its text; a quoted one's adds the quotes.
    if (n.span.end - n.span.start) as usize != s.len() {
        return None;
    }
    let is = |w: &str| s.eq_ignore_ascii_case(w);
    if is("yes") || is("true") || is("on") {
        Some(true)
    } else if is("no") || is("false") || is("off") {
        Some(false)
    } else {
        None
    }
}

/// A boolean as GitHub reads one: `true`, `false`, or another word Psych reads as one
/// (`required: yes`); a type error goes to `f`.
fn boolean_of(n: &Node, f: &Fields<'_, '_>) -> Option<Spanned<bool>> {
    match psych_bool(n) {
        Some(b) => Some(Spanned::new(b, n.span)),
        None => n.boolean().map_err(|e| f.push(e)).ok(),
    }
}

/// [`boolean_of`] the value of `key`.
fn boolean(f: &Fields<'_, '_>, key: &str) -> Option<Spanned<bool>> {
    boolean_of(f.get(key)?, f)
}

/// Where GitHub expects text (everywhere but `required` and `multiple`), it rejects the form
/// for a word Psych reads as a boolean ("must not include booleans") and for an empty or blank
/// string.
fn texts(node: &Node, kind: Kind, errors: &mut Vec<Error>) {
    match &node.kind {
        NodeKind::Map(entries) => {
            for e in entries {
                if !matches!(e.key.value.as_str(), "required" | "multiple") {
                    texts(&e.value, kind, errors);
                }
            }
        }
        NodeKind::Seq(items) => items.iter().for_each(|i| texts(i, kind, errors)),
        NodeKind::Str(s) if s.trim_start().is_empty() => {
            errors.push(Error::at(node.span, "empty text").with_help(format!(
                "GitHub rejects empty or blank strings in {} {}: write the text, or remove the key",
                a_or_an(kind.noun()),
                kind.noun()
            )))
        }
        NodeKind::Str(s) => {
            if let Some(b) = psych_bool(node) {
                errors.push(
                    Error::at(node.span, format!("`{s}` is `{b}` to GitHub, not text"))
                        .with_help(format!("GitHub reads {}s with Ruby's YAML parser, where a plain yes, no, true, false, on or off, in any casing, is a boolean: quote it, \"{s}\"", kind.noun())),
                );
            }
        }
        _ => {}
    }
}

/// "a" or "an" before `word`.
fn a_or_an(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn load(doc: &Document<'_>, model: &mut Model, errors: &mut Vec<Error>) {
    let root = doc.root;
    let Ok(entries) = root.map().map_err(|e| errors.push(e)) else {
        return;
    };
    let kind = Kind::of(doc.path);
    if kind == Kind::Issue && root.get("body").is_none() {
        if let Some(e) = entries.iter().find(|e| {
            matches!(
                e.key.value.as_str(),
                "blank_issues_enabled" | "contact_links"
            )
        }) {
            let name = doc
                .path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            errors.push(
                Error::at(
                    e.key.span,
                    format!("`{}` is a template chooser setting, read only from `config.yml`: GitHub reads `{name}` as an issue form, which it is not", e.key.value),
                )
                .with_help("rename the file to `config.yml` (one per template folder)"),
            );
            return;
        }
    }
    texts(root, kind, errors);
    let what = format!("{} {}", a_or_an(kind.noun()), kind.noun());
    let unknown = entries
        .iter()
        .filter(|e| !kind.top_keys().contains(&e.key.value.as_str()));
    for (mut e, entry) in unknown_keys(entries, kind.top_keys(), &what)
        .into_iter()
        .zip(unknown)
    {
        // An issue form's key in a discussion category form: say whose it is.
        if kind == Kind::Discussion && TOP_KEYS.contains(&entry.key.value.as_str()) {
            e.help = Some("a key of issue forms: a discussion category form takes only `title`, `labels` and `body`, and is named after its category by its file name".to_string());
        }
        errors.push(e);
    }
    let f = Fields::new(root, errors);
    let required = kind.required();
    let help = match required {
        [one] => format!("GitHub requires `{one}`"),
        _ => "GitHub requires `name`, `description` and `body`".to_string(),
    };
    for key in required {
        if f.get(key).is_none() {
            f.push(
                Error::at(head(root), format!("{} has no `{key}`", kind.noun()))
                    .with_help(help.clone()),
            );
        }
    }
    // A discussion category form has neither: keys it does not take are errors above.
    let (name, description) = match kind {
        Kind::Issue => (f.string("name"), f.string("description")),
        Kind::Discussion => (None, None),
    };
    // Read for their types only: they do not change what the form collects.
    let _ = (f.string("title"), f.strings("labels"));
    if kind == Kind::Issue {
        let _ = (f.strings("projects"), f.string("type"));
    }
    let assignees = match kind {
        Kind::Issue => f.strings("assignees"),
        Kind::Discussion => Vec::new(),
    };
    // A list, or one string of comma-separated names.
    for a in assignees {
        // An empty one is "empty text" already (texts()); an empty name after a last comma
        // is nothing.
        for name in a.value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if !is_username(name) {
                f.push(
                    Error::at(a.span, format!("`{name}` is not a GitHub username"))
                        .with_help("GitHub takes usernames here: letters, digits, single hyphens and (managed users) underscores, at most 39, without `@`"),
                );
            }
        }
    }
    let body = f.seq("body").unwrap_or_default();
    if let (Some(b), true) = (f.get("body"), body.is_empty()) {
        if b.as_seq().is_some() {
            f.push(Error::at(b.span, "`body` is empty").with_help(format!(
                "{} {} needs at least one element",
                a_or_an(kind.noun()),
                kind.noun()
            )));
        }
    }
    let markdown = |e: &Node| {
        e.get("type")
            .is_some_and(|t| matches!(&t.value.kind, NodeKind::Str(s) if s == "markdown"))
    };
    if let (Some(b), false) = (f.get("body"), body.is_empty()) {
        if body.iter().all(markdown) {
            f.push(
                Error::at(b.span, "`body` has only `markdown` elements")
                    .with_help("GitHub requires at least one element people fill in (input, textarea, dropdown, checkboxes or upload)"),
            );
        }
    }
    let stem = doc
        .file_name()
        .trim_end_matches(".yml")
        .trim_end_matches(".yaml")
        .to_string();
    let id_span = name.as_ref().map_or_else(|| head(root), |n| n.span);
    let mut form = Form {
        id: Spanned::new(stem, id_span),
        title: name,
        notices: description.into_iter().collect(),
        processors: Vec::new(),
        fields: Vec::new(),
        audience: Audience::EndUser,
        public: true,
        capabilities: CAPABILITIES,
        format: "github",
        records: kind.records(),
        id_from_file_name: true,
    };
    let mut taken = Vec::new();
    for (i, item) in body.iter().enumerate() {
        load_element(i, item, &mut form, &mut taken, errors);
    }
    model.forms.push(form);
}

fn load_element(
    index: usize,
    node: &Node,
    form: &mut Form,
    taken: &mut Vec<Name>,
    errors: &mut Vec<Error>,
) {
    let Ok(entries) = node.map().map_err(|e| errors.push(e)) else {
        return;
    };
    let f = Fields::new(node, errors);
    let names = ELEMENTS.iter().map(|e| e.name);
    let Some(ty) = f.string("type") else {
        if f.get("type").is_none() {
            f.push(
                Error::at(head(node), "body element has no `type`").with_help(format!(
                    "expected one of: {}",
                    names.collect::<Vec<_>>().join(", ")
                )),
            );
        }
        return;
    };
    let Some(el) = element(&ty.value) else {
        f.push(
            Error::at(ty.span, format!("unknown element type `{}`", ty.value)).with_help(
                suggestion(&ty.value, names.clone()).unwrap_or_else(|| {
                    format!("expected one of: {}", names.collect::<Vec<_>>().join(", "))
                }),
            ),
        );
        return;
    };
    if entries
        .iter()
        .any(|e| !el.keys.contains(&e.key.value.as_str()))
    {
        errors.extend(unknown_keys(entries, el.keys, &a_element(el.name)));
    }
    let f = Fields::new(node, errors);
    let Some(attrs) = f.map("attributes") else {
        if f.get("attributes").is_none() {
            f.push(Error::at(
                ty.span,
                format!("{} has no `attributes`", a_element(el.name)),
            ));
        }
        return;
    };
    let validations = f.map("validations");
    let id = f.string("id");
    let attr_entries = attrs.as_map().unwrap_or_default();
    // The description of where a key is unknown is built only when one is.
    let all_known = |entries: &[crate::syntax::Entry], known: &[&str]| {
        entries
            .iter()
            .all(|e| known.contains(&e.key.value.as_str()))
    };
    if !all_known(attr_entries, el.attributes) {
        errors.extend(unknown_keys(
            attr_entries,
            el.attributes,
            &format!("the attributes of {}", a_element(el.name)),
        ));
    }
    if let Some(v) = validations {
        let entries = v.as_map().unwrap_or_default();
        if !all_known(entries, el.validations) {
            errors.extend(unknown_keys(
                entries,
                el.validations,
                &format!("the validations of {}", a_element(el.name)),
            ));
        }
    }
    let a = Fields::new(attrs, errors);
    for key in el.required {
        if a.get(key).is_none() {
            a.push(Error::at(
                head(attrs),
                format!("{} has no `{key}` attribute", a_element(el.name)),
            ));
        }
    }
    if el.name == "markdown" {
        if let Some(v) = a.string("value") {
            form.notices.push(v);
        }
        return;
    }
    let label = a.string("label");
    let mut field = Field {
        // Without an `id`, the name GitHub gives it (its label made into an id, as in a
        // prefilled issue's URL), which stays when elements are added or moved above it (a
        // position, `body[3]`, moved every finding's identity, and so broke baselines and
        // `ignore:` entries, when an intro was added); by position only when the label
        // makes none.
        id: match &id {
            Some(id) => id.clone(),
            None => Spanned::new(
                label
                    .as_ref()
                    .and_then(|l| parameterize(&l.value))
                    .unwrap_or_else(|| format!("body[{index}]")),
                label.as_ref().map_or(ty.span, |l| l.span),
            ),
        },
        path: String::new(),
        label,
        kind: Spanned::new(FieldKind::Text, ty.span),
        description: a.string("description"),
        placeholder: None,
        required: None,
        max_length: None,
        options: Vec::new(),
        purpose: None,
        value: None,
        visible: true,
        collects_logs: false,
        pattern: None,
        masked: false,
        item_label: None,
        item_description: None,
        alternatives: Vec::new(),
    };
    match el.name {
        "input" | "textarea" => {
            field.placeholder = a.string("placeholder");
            field.value = a.string("value");
            if el.name == "textarea" {
                field.kind.value = FieldKind::Textarea;
                field.collects_logs = a
                    .string("render")
                    .is_some_and(|r| pasted_output(&r.value, &field));
            }
        }
        "dropdown" => {
            let multiple = boolean(&a, "multiple").is_some_and(|m| m.value);
            field.kind.value = if multiple {
                FieldKind::Multiselect
            } else {
                FieldKind::Select
            };
            // GitHub compares options ignoring case (its validator's test: "duck", "Duck"),
            // and a number as the number it reads (`3.10` is 3.1): each option's key.
            let read = a.list("options", |n| {
                let o = option_text(n)?;
                let key = match n.kind {
                    NodeKind::Number(v, _) => v.to_string(),
                    _ => o.value.to_lowercase(),
                };
                Ok((o, key))
            });
            let mut listed = rustc_hash::FxHashMap::default();
            for (o, key) in &read {
                if o.value.eq_ignore_ascii_case("none") {
                    a.push(
                        Error::at(o.span, format!("option `{}` is a reserved word", o.value))
                            .with_help("GitHub adds a `None` choice itself to a dropdown that is not required: remove this one"),
                    );
                }
                let first = *listed.entry(key.as_str()).or_insert(o);
                if !std::ptr::eq(first, o) {
                    let help = if first.value == o.value {
                        "GitHub requires a dropdown's options to be unique".to_string()
                    } else if o.value.to_lowercase() != first.value.to_lowercase() {
                        format!("GitHub requires a dropdown's options to be unique, and reads a number as the number it is: `{}` and `{}` are both {key}", first.value, o.value)
                    } else {
                        format!("GitHub requires a dropdown's options to be unique, ignoring case: `{}` is listed already", first.value)
                    };
                    a.push(
                        Error::at(o.span, format!("duplicate option `{}`", o.value))
                            .with_help(help),
                    );
                }
            }
            field.options = read.into_iter().map(|(o, _)| o).collect();
            if let Some(d) = a.count("default") {
                if d.value >= field.options.len() as u64 && !field.options.is_empty() {
                    a.push(
                        Error::at(
                            d.span,
                            format!(
                                "`default` is option {} but the dropdown has {} options",
                                d.value,
                                field.options.len()
                            ),
                        )
                        .with_help("`default` is the index of an option, counting from 0"),
                    );
                }
            }
        }
        "checkboxes" => {
            field.kind.value = FieldKind::Checkbox;
            for opt in a.seq("options").unwrap_or_default() {
                if let Some((label, required)) = checkbox_option(opt, &a) {
                    field.options.push(label);
                    if field.required.is_none() {
                        field.required = required.filter(|r| r.value);
                    }
                }
            }
        }
        _ => field.kind.value = FieldKind::File,
    }
    if el.name != "checkboxes" {
        let v = validations.map(|v| Fields::new(v, errors));
        field.required = v.as_ref().and_then(|v| boolean(v, "required"));
        if let Some(v) = &v {
            let _ = v.string("accept");
        }
    }
    if let Some(id) = &id {
        check_id(id, taken, errors);
    }
    if let Some(name) = Name::of(id.as_ref(), field.label.as_ref()) {
        if let Some(e) = name.clash(taken) {
            errors.push(e);
        }
        taken.push(name);
    }
    field.path = super::joined(&form.id.value, '/', &field.id.value);
    if !form.fields.iter().any(|x| x.id.value == field.id.value) {
        form.fields.push(field);
    }
}

/// A dropdown option: a string, or a number as it is written (`3.10`). GitHub takes numbers
/// there (its validator's tests list `200` among valid options), and real forms list versions
/// unquoted.
fn option_text(n: &Node) -> Result<Spanned<String>, Error> {
    match &n.kind {
        NodeKind::Number(_, text) => Ok(Spanned::new(text.to_string(), n.span)),
        _ => n.string(),
    }
}

/// A GitHub username: letters and digits, single hyphens between them, at most 39; an
/// Enterprise Managed User's ends in `_` and its enterprise's shortcode (`mona_octo`).
fn is_username(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 39
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
        && !s.contains("--")
        && s.matches('_').count() <= 1
}

/// Checks an element's `id`: its characters, and that no earlier element has it as its `id`
/// (one whose label makes it is [`Name::clash`]'s).
fn check_id(id: &Spanned<String>, taken: &[Name], errors: &mut Vec<Error>) {
    let valid = !id.value.is_empty()
        && id
            .value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid {
        errors.push(
            Error::at(id.span, format!("invalid element id `{}`", id.value))
                .with_help("GitHub allows only letters, digits, `-` and `_` in ids"),
        );
    }
    if taken.iter().any(|n| n.by_id && n.text.value == id.value) {
        errors.push(
            Error::at(id.span, format!("duplicate element id `{}`", id.value))
                .with_help("ids must be unique in a form"),
        );
    }
}

/// What GitHub names a body element that people fill in by: its `id`, or else its label made
/// into one. These names must be unique ("Body must have unique labels", "Labels are too
/// similar" in GitHub's docs): two elements may share a label if one has an `id`.
struct Name {
    key: NameKey,
    /// The `id`, or the label, as written.
    text: Spanned<String>,
    by_id: bool,
}

#[derive(PartialEq)]
enum NameKey {
    /// An id, or a label made into one ([`parameterize`]).
    Id(String),
    /// A label that [`parameterize`] cannot make into an id as GitHub does: only the same
    /// label is known to give the same name.
    Label(String),
}

impl Name {
    fn of(id: Option<&Spanned<String>>, label: Option<&Spanned<String>>) -> Option<Name> {
        if let Some(id) = id {
            return Some(Name {
                key: NameKey::Id(id.value.clone()),
                text: id.clone(),
                by_id: true,
            });
        }
        let label = label?;
        Some(Name {
            key: parameterize(&label.value)
                .map_or_else(|| NameKey::Label(label.value.clone()), NameKey::Id),
            text: label.clone(),
            by_id: false,
        })
    }

    /// The error for this name if an earlier element has it (two equal ids are
    /// [`check_id`]'s).
    fn clash(&self, earlier: &[Name]) -> Option<Error> {
        let first = earlier
            .iter()
            .find(|n| n.key == self.key && !(n.by_id && self.by_id))?;
        let (this, that) = (&self.text.value, &first.text.value);
        let made = match &self.key {
            NameKey::Id(k) => format!(" (`{k}`)"),
            NameKey::Label(_) => String::new(),
        };
        let e = match (self.by_id, first.by_id) {
            (false, false) if this == that => Error::at(self.text.span, format!("duplicate label `{this}`"))
                .with_help("GitHub names an element without an `id` by its label, so labels must be unique: change one, or give one of the elements an `id`"),
            (false, false) => Error::at(self.text.span, format!("label `{this}` is too similar to the label `{that}`"))
                .with_help(format!("GitHub names an element without an `id` by its label made into an id{made}, the same for both: change one, or give one of the elements an `id`")),
            (false, _) => Error::at(self.text.span, format!("label `{this}` is too similar to the id `{that}`"))
                .with_help(format!("GitHub names an element without an `id` by its label made into an id{made}, and an earlier element has that id: change the label, or give this element an `id`")),
            (true, _) => Error::at(self.text.span, format!("duplicate element id `{this}`"))
                .with_help(format!("GitHub names an earlier element without an `id` by its label `{that}` made into an id: choose another id")),
        };
        Some(e)
    }
}

/// A label made into an id as Rails's `parameterize` does it: each run of characters other
/// than letters, digits, `-` and `_` becomes one `-`, repeated `-`s one, with none at either
/// end, in lowercase (`Name?` is `name`). `None` for a label with other than ASCII characters
/// (Rails transliterates them first: `é` is `e`, which is not copied here) or that gives
/// nothing.
fn parameterize(label: &str) -> Option<String> {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        if !c.is_ascii() {
            return None;
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    (!out.is_empty()).then(|| out.to_string())
}

/// A checkbox option: `{label, required}`.
fn checkbox_option(
    node: &Node,
    parent: &Fields<'_, '_>,
) -> Option<(Spanned<String>, Option<Spanned<bool>>)> {
    let Ok(entries) = node.map() else {
        parent.push(Error::at(
            node.span,
            format!(
                "expected a checkbox option (`label:` and `required:`), found {}",
                node.type_name()
            ),
        ));
        return None;
    };
    for e in unknown_keys(entries, &["label", "required"], "a checkbox option") {
        parent.push(e);
    }
    let label = match node.get("label").map(|e| e.value.string()) {
        Some(Ok(l)) => l,
        Some(Err(e)) => {
            parent.push(e);
            return None;
        }
        None => {
            parent.push(Error::at(head(node), "checkbox option has no `label`"));
            return None;
        }
    };
    let required = node
        .get("required")
        .and_then(|e| boolean_of(&e.value, parent));
    Some((label, required))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{load as load_doc, parse};
    use crate::syntax::Limits;

    fn form(name: &str) -> Form {
        let p = Path::new("tests/fixtures/formats/github").join(name);
        let text = std::fs::read_to_string(&p).expect("fixture");
        let root = parse(&p, &text, 0, Limits::default()).expect("parses");
        let (mut model, errors) = load_doc(&FORMAT, &Document::new(&p, &root));
        assert!(errors.is_empty(), "{errors:?}");
        model.forms.remove(0)
    }

    fn summary(f: &Field) -> String {
        let mut s = format!("{} {}", f.id.value, f.kind.value.name());
        if f.is_required() {
            s.push_str(" required");
        }
        if f.collects_logs {
            s.push_str(" logs");
        }
        if !f.options.is_empty() {
            s.push_str(&format!(" {} options", f.options.len()));
        }
        s
    }

    #[test]
    fn maps_elements_to_fields() {
        let f = form("err/account-recovery.yml");
        assert_eq!(f.id.value, "account-recovery");
        assert_eq!(
            f.title.as_ref().map(|t| t.value.as_str()),
            Some("Account recovery")
        );
        assert!(f.public);
        assert_eq!(f.capabilities, CAPABILITIES);
        // The description and the markdown element are what the form tells people.
        assert_eq!(f.notices.len(), 2);
        let got: Vec<String> = f.fields.iter().map(summary).collect();
        assert_eq!(
            got,
            [
                "email text required",
                "seed text required",
                "which-devices-do-you-use multiselect 3 options",
                "screenshot file",
                "contact-email textarea",
                "anything-else text",
                "phone-number-optional text",
                "console textarea logs",
                "consent checkbox required 2 options",
            ]
        );
    }

    #[test]
    fn the_good_form_warns_in_markdown() {
        let f = form("ok/support-good/.github/ISSUE_TEMPLATE/support-good.yml");
        assert!(f.notices.iter().any(|n| n.value.contains("will be public")));
        let got: Vec<String> = f.fields.iter().map(summary).collect();
        assert_eq!(
            got,
            [
                "platform select required 4 options",
                "app-version text required",
                "what-happened textarea required",
                "no-secrets checkbox required 1 options",
            ]
        );
    }

    #[test]
    fn a_discussion_category_form_is_named_by_its_file() {
        let f = form("err/discussion/.github/DISCUSSION_TEMPLATE/q-a.yml");
        assert_eq!(f.id.value, "q-a");
        // `title` is the discussion's default title, not the form's.
        assert_eq!(f.title, None);
        assert!(f.public);
        let notices: Vec<&str> = f.notices.iter().map(|n| n.value.as_str()).collect();
        assert_eq!(notices, ["Everyone can read what you post here."]);
        let got: Vec<String> = f.fields.iter().map(summary).collect();
        assert_eq!(
            got,
            [
                "email text",
                "platform select 2 options",
                "question textarea required"
            ]
        );
    }

    #[test]
    fn number_options_are_their_text_as_written() {
        let f = form("ok/versions/.github/ISSUE_TEMPLATE/version-options.yml");
        let options: Vec<&str> = f.fields[0]
            .options
            .iter()
            .map(|o| o.value.as_str())
            .collect();
        assert_eq!(options, ["3.10", "3.11", "2"]);
    }

    #[test]
    fn labels_are_made_into_ids_as_rails_does() {
        // What Rails's parameterize's replacements give, checked with Ruby.
        for (label, id) in [
            ("Your name?", "your-name"),
            ("YOUR  NAME???", "your-name"),
            ("Name???????", "name"),
            ("a - b", "a-b"),
            ("--x__y--", "x__y"),
            ("C++ / C#", "c-c"),
            ("What happened?  (be brief)", "what-happened-be-brief"),
            ("_x_", "_x_"),
        ] {
            assert_eq!(parameterize(label).as_deref(), Some(id), "{label}");
        }
        // Rails transliterates first (`é` is `e`): not copied, so not compared.
        assert_eq!(parameterize("Étape"), None);
        assert_eq!(parameterize("???"), None);
    }
}
