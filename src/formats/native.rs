//! datamin's own YAML formats: form files (top-level `form:`) and retention files
//! (top-level `retention:` and/or `processors:`).

use super::{Detection, Document, Fields, Format};
use crate::diag::Error;
use crate::model::{
    Audience, Capabilities, Duration, Field, FieldKind, Form, Model, Processor, RetentionPolicy,
};
use crate::source::{Span, Spanned};
use crate::syntax::{unknown_keys, Node};

const FORM_KEYS: &[&str] = &[
    "form",
    "title",
    "description",
    "notice",
    "audience",
    "processors",
    "fields",
];
const FIELD_KEYS: &[&str] = &[
    "id",
    "label",
    "type",
    "description",
    "placeholder",
    "required",
    "max_length",
    "options",
    "purpose",
    "value",
];
const RETENTION_FILE_KEYS: &[&str] = &["retention", "processors"];
const PROCESSOR_KEYS: &[&str] = &["id", "name", "third_party", "keeps"];
const POLICY_KEYS: &[&str] = &[
    "forms",
    "processor",
    "closed_tickets",
    "free_text",
    "attachments",
    "backups",
];

pub const CAPABILITIES: Capabilities = Capabilities {
    max_length: true,
    purpose: true,
    fix_max_length: "`max_length`",
    fix_purpose: "`purpose:`",
    held: &[],
};

pub const FORM: Format = Format {
    name: "form",
    detect: detect_form,
    load: |doc, model, errors| load_form(doc.root, model, errors),
};

pub const RETENTION: Format = Format {
    name: "retention",
    detect: detect_retention,
    load: |doc, model, errors| load_retention(doc.root, model, errors),
};

fn detect_form(doc: &Document<'_>) -> Detection {
    Detection::strong_if(doc.root.get("form").is_some())
}

/// A top-level `retention:`, or a `processors:` list of datamin's processors (mappings with an
/// `id`; an empty list too). Other tools have a top-level `processors:` of their own (an
/// OpenTelemetry Collector config's is a mapping, `{batch: }`; an Elasticsearch ingest
/// pipeline's a list of `{set: ...}`): a mapping is not claimed, and a list with no processor
/// of datamin's shape only suspected.
fn detect_retention(doc: &Document<'_>) -> Detection {
    let root = doc.root;
    if root.get("retention").is_some() {
        return Detection::Strong;
    }
    if root.get("form").is_some() {
        return Detection::No;
    }
    match root.get("processors").and_then(|e| e.value.as_seq()) {
        Some(items) if items.is_empty() || items.iter().any(|i| i.get("id").is_some()) => {
            Detection::Strong
        }
        Some(_) => Detection::Weak,
        None => Detection::No,
    }
}

/// The id a form, field or processor must have under `key`: a string, not blank. `None` when
/// there is none, the error said once: a type error as read, or `missing` (made at `whole`)
/// moved to the key when it is there with an empty value, or to the value when it is blank.
fn required_id(
    f: &Fields,
    entries: &[crate::syntax::Entry],
    key: &str,
    whole: Span,
    missing: impl FnOnce() -> Error,
) -> Option<Spanned<String>> {
    let at = match entries.iter().find(|e| e.key.value == key) {
        None => whole,
        Some(e) if matches!(e.value.kind, crate::syntax::NodeKind::Null) => e.key.span,
        Some(_) => {
            let id = f.string(key)?;
            if !id.value.trim().is_empty() {
                return Some(id);
            }
            id.span
        }
    };
    let mut e = missing();
    e.span = Some(at);
    f.push(e);
    None
}

/// Reads a native form file.
pub fn load_form(root: &Node, model: &mut Model, errors: &mut Vec<Error>) {
    let Ok(entries) = root.map().map_err(|e| errors.push(e)) else {
        return;
    };
    errors.extend(unknown_keys(entries, FORM_KEYS, "a form"));
    let f = Fields::new(root, errors);
    let Some(id) = required_id(&f, entries, "form", root.span, || {
        Error::at(root.span, "form has no id").with_help(
            "name it, `form: contact-us`: retention policies and processors refer to it by this id",
        )
    }) else {
        return;
    };
    let audience = match f.string("audience") {
        None => Audience::EndUser,
        Some(a) if a.value == "end_user" => Audience::EndUser,
        Some(a) if a.value == "agent" => Audience::Agent,
        Some(a) => {
            f.push(
                Error::at(a.span, format!("unknown audience `{}`", a.value))
                    .with_help("expected `end_user` or `agent`"),
            );
            Audience::EndUser
        }
    };
    let mut notices = Vec::new();
    notices.extend(f.string("description"));
    notices.extend(f.string("notice"));
    let mut form = Form {
        title: f.string("title"),
        notices,
        processors: f.strings("processors"),
        fields: Vec::new(),
        audience,
        public: false,
        capabilities: CAPABILITIES,
        format: "datamin",
        records: "tickets",
        id_from_file_name: false,
        id,
    };
    let list = f.seq("fields");
    if let Some(list) = list {
        // The ids of the fields so far, so that a repeated one is found in about linear time
        // in the form's size (a scan of the fields before each was quadratic).
        let mut seen: rustc_hash::FxHashSet<String> = Default::default();
        for item in list {
            if let Some(field) = load_field(item, &form.id.value, &mut seen, errors) {
                form.fields.push(field);
            }
        }
    }
    model.forms.push(form);
}

crate::steps::step_counter!(
    /// Field ids looked up in checking for repeated ones (see the tests).
    LOOKED,
    looked
);

fn load_field(
    node: &Node,
    form_id: &str,
    seen: &mut rustc_hash::FxHashSet<String>,
    errors: &mut Vec<Error>,
) -> Option<Field> {
    let entries = node.map().map_err(|e| errors.push(e)).ok()?;
    errors.extend(unknown_keys(entries, FIELD_KEYS, "a field"));
    let f = Fields::new(node, errors);
    let id = required_id(&f, entries, "id", node.span, || {
        Error::at(node.span, "field has no `id`").with_help("give every field a unique `id`")
    })?;
    looked();
    if !seen.insert(id.value.clone()) {
        f.push(Error::at(
            id.span,
            format!("duplicate field id `{}`", id.value),
        ));
        return None;
    }
    let kind = match f.string("type") {
        None => Spanned::new(FieldKind::Text, id.span),
        Some(t) => match FieldKind::parse(&t.value) {
            Some(k) => Spanned::new(k, t.span),
            None => {
                let names = FieldKind::ALL.iter().map(|(n, _)| *n);
                let mut err = Error::at(t.span, format!("unknown field type `{}`", t.value));
                err.help = Some(
                    crate::diag::suggestion(&t.value, names.clone()).unwrap_or_else(|| {
                        format!("expected one of: {}", names.collect::<Vec<_>>().join(", "))
                    }),
                );
                f.push(err);
                return None;
            }
        },
    };
    Some(Field {
        path: format!("{form_id}/{}", id.value),
        label: f.string("label"),
        description: f.string("description"),
        placeholder: f.string("placeholder"),
        required: f.boolean("required"),
        max_length: f.count("max_length"),
        options: f.strings("options"),
        purpose: f.string("purpose"),
        value: f.string("value"),
        visible: kind.value != FieldKind::Hidden,
        collects_logs: false,
        pattern: None,
        masked: false,
        item_label: None,
        item_description: None,
        alternatives: Vec::new(),
        kind,
        id,
    })
}

/// Reads a native retention file.
pub fn load_retention(root: &Node, model: &mut Model, errors: &mut Vec<Error>) {
    let Ok(entries) = root.map().map_err(|e| errors.push(e)) else {
        return;
    };
    errors.extend(unknown_keys(
        entries,
        RETENTION_FILE_KEYS,
        "a retention file",
    ));
    let (processors, policies) = {
        let f = Fields::new(root, errors);
        (
            f.seq("processors").unwrap_or_default(),
            f.seq("retention").unwrap_or_default(),
        )
    };
    for item in processors {
        if let Some(p) = load_processor(item, model, errors) {
            model.processors.push(p);
        }
    }
    for item in policies {
        if let Some(p) = load_policy(item, errors) {
            model.policies.push(p);
        }
    }
}

fn load_processor(node: &Node, model: &Model, errors: &mut Vec<Error>) -> Option<Processor> {
    let entries = node.map().map_err(|e| errors.push(e)).ok()?;
    errors.extend(unknown_keys(entries, PROCESSOR_KEYS, "a processor"));
    let f = Fields::new(node, errors);
    let id = required_id(&f, entries, "id", node.span, || {
        Error::at(node.span, "processor has no `id`")
            .with_help("give it one, `id: helpdesk`: forms and policies name it by this id")
    })?;
    if model.processor(&id.value).is_some() {
        f.push(Error::at(
            id.span,
            format!("duplicate processor id `{}`", id.value),
        ));
        return None;
    }
    Some(Processor {
        name: f.string("name"),
        third_party: f.boolean("third_party"),
        keeps: f.duration("keeps"),
        id,
    })
}

fn load_policy(node: &Node, errors: &mut Vec<Error>) -> Option<RetentionPolicy> {
    let before = errors.len();
    let mut policy = read_policy(node, errors)?;
    policy.damaged = errors.len() > before;
    Some(policy)
}

fn read_policy(node: &Node, errors: &mut Vec<Error>) -> Option<RetentionPolicy> {
    let entries = node.map().map_err(|e| errors.push(e)).ok()?;
    errors.extend(unknown_keys(entries, POLICY_KEYS, "a retention policy"));
    let f = Fields::new(node, errors);
    let forms = f.strings("forms");
    let help = "name the form ids it covers, with globs: `forms: [\"*\"]` covers every form";
    let Some(value) = f.get("forms") else {
        f.push(Error::at(node.span, "retention policy has no `forms`").with_help(help));
        return None;
    };
    // An empty list governs nothing, as no list does.
    if value.as_seq().is_some_and(<[Node]>::is_empty) {
        f.push(
            Error::at(
                value.span,
                "retention policy's `forms` is empty: it covers no form",
            )
            .with_help(help),
        );
        return None;
    }
    let mut matchers = Vec::new();
    for g in &forms {
        match RetentionPolicy::form_glob(&g.value) {
            Ok(m) => matchers.push(m),
            Err(e) => f.push(Error::at(
                g.span,
                format!("invalid glob `{}`: {}", g.value, e.kind()),
            )),
        }
    }
    Some(RetentionPolicy {
        processor: f.string("processor"),
        closed_tickets: f.duration("closed_tickets"),
        free_text: f.duration("free_text"),
        attachments: f.duration("attachments"),
        backups: f.duration("backups"),
        span: node.span,
        implied: false,
        damaged: false,
        forms,
        matchers,
    })
}

pub(crate) fn parse_duration(v: &Node) -> Result<Spanned<Duration>, Error> {
    let s = match &v.kind {
        crate::syntax::NodeKind::Str(s) => s.clone(),
        crate::syntax::NodeKind::Number(n, text) => {
            // Quoted as written; the suggestion is the whole number (`30` for `30.0`).
            let message = if n.fract() == 0.0 && n.abs() < 1e9 {
                format!("`{text}` has no unit: write `{n}d` for days, `{n}mo` for months...")
            } else {
                format!("`{text}` is not a duration")
            };
            return Err(Error::at(v.span, message).with_help(crate::model::duration::ACCEPTED));
        }
        // A key written with no value is a mistake, not "unset": the duration was left out.
        crate::syntax::NodeKind::Null => {
            return Err(Error::at(
                v.span,
                "expected a duration (e.g. 30d, 1y, forever), found nothing",
            )
            .with_help(crate::model::duration::ACCEPTED))
        }
        _ => {
            return Err(Error::at(
                v.span,
                format!("expected a duration, found {}", v.type_name()),
            )
            .with_help(crate::model::duration::ACCEPTED))
        }
    };
    Duration::parse(&s)
        .map(|d| Spanned::new(d, v.span))
        .map_err(|msg| {
            let (head, tail) = msg.split_once("; ").unwrap_or((&msg, ""));
            Error::at(v.span, head.to_string()).with_help(tail.to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::{load_form, LOOKED};
    use crate::model::Model;
    use crate::syntax::Limits;

    fn load(text: &str) -> (Model, Vec<crate::diag::Error>) {
        let root = crate::syntax::yaml::parse(text, 0, Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let (mut model, mut errors) = (Model::default(), Vec::new());
        load_form(&root, &mut model, &mut errors);
        (model, errors)
    }

    #[test]
    fn a_repeated_field_id_is_an_error_at_its_second_place_and_left_out() {
        let text = "form: f\nfields:\n  - id: a\n  - id: b\n  - id: a\n";
        let (model, errors) = load(text);
        let ids: Vec<&str> = model.forms[0]
            .fields
            .iter()
            .map(|f| f.id.value.as_str())
            .collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].message, "duplicate field id `a`");
        let span = errors[0].span.unwrap_or_else(|| panic!("no span"));
        // The second `a`: line 5, column 9.
        assert_eq!(&text[span.start as usize..span.end as usize], "a");
        assert_eq!(span.start as usize, text.rfind("id: a").unwrap_or(0) + 4);
    }

    #[test]
    fn repeated_field_ids_are_found_in_about_linear_time() {
        let mut text = String::from("form: f\nfields:\n");
        for i in 0..3_000 {
            text.push_str(&format!("  - id: f{i}\n"));
        }
        text.push_str("  - id: f0\n");
        LOOKED.with(|c| c.set(0));
        let (model, errors) = load(&text);
        let looked = LOOKED.with(std::cell::Cell::get);
        assert_eq!(model.forms[0].fields.len(), 3_000);
        assert_eq!(errors.len(), 1, "{errors:?}");
        // One look a field (a scan of the fields before each: 4.5 million).
        assert!(looked <= 3_001 * 2, "{looked} ids compared");
    }
}
