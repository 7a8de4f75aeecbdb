//! Freshdesk API v2 ticket-field exports (JSON): `GET /api/v2/ticket_fields` returns a bare
//! array of field objects (`label`, `label_for_customers`, `type`, `displayed_to_customers`,
//! `customers_can_edit`, `required_for_customers`, `choices`, ...).
//!
//! The export has no forms: each file is one form, `freshdesk/<file stem>`, made by
//! [`crate::model::Model::join`]. A field's id is its agent `label`, its label what customers
//! see (`label_for_customers`); customers fill a field in only when it is both displayed to
//! them and editable by them. Unknown keys are accepted (the newer admin endpoint adds
//! `archived`, `sections`, ...); the keys read are type-checked.

use super::{missing, Fields};
use crate::diag::Error;
use crate::model::export::{FieldTable, TableField};
use crate::model::{Capabilities, Field, FieldKind, Model};
use crate::source::{Span, Spanned};
use crate::syntax::{Node, NodeKind};

const VENDOR: &str = "freshdesk";

/// Freshdesk fields have no length limit and no purpose attribute.
pub const CAPABILITIES: Capabilities = Capabilities {
    max_length: false,
    purpose: false,
    fix_max_length: "a length limit",
    fix_purpose: "a declared purpose",
    held: &[],
};

const TYPES: [(&str, FieldKind); 21] = [
    // The customer's e-mail (or a contact search, for agents).
    ("default_requester", FieldKind::Email),
    ("default_subject", FieldKind::Text),
    ("default_ticket_type", FieldKind::Select),
    ("default_source", FieldKind::Select),
    ("default_status", FieldKind::Select),
    ("default_priority", FieldKind::Select),
    ("default_group", FieldKind::Select),
    ("default_agent", FieldKind::Select),
    // The group and agent of shared ownership, where the account uses it.
    ("default_internal_group", FieldKind::Select),
    ("default_internal_agent", FieldKind::Select),
    ("default_product", FieldKind::Select),
    ("default_description", FieldKind::Textarea),
    ("default_company", FieldKind::Select),
    ("custom_text", FieldKind::Text),
    ("custom_paragraph", FieldKind::Textarea),
    ("custom_checkbox", FieldKind::Checkbox),
    ("custom_number", FieldKind::Number),
    ("custom_decimal", FieldKind::Number),
    ("custom_date", FieldKind::Date),
    ("custom_dropdown", FieldKind::Select),
    ("nested_field", FieldKind::Select),
];

pub const FORMAT: super::Format = super::Format {
    name: "freshdesk",
    detect: |doc| super::Detection::strong_if(detect(doc.root)),
    load: |doc, model, errors| load(doc.root, model, errors),
};

/// Keys only contact fields have (`GET /api/v2/contact_fields`): ticket fields are
/// `displayed_to_customers`, contact fields `displayed_for_customers`.
const CONTACT_KEYS: [&str; 2] = ["displayed_for_customers", "editable_in_signup"];

/// The types of the default fields of contacts and companies (`GET /api/v2/contact_fields`,
/// `company_fields`) that no ticket field has (`default_description` is all three's).
const CUSTOMER_TYPES: [&str; 19] = [
    // Contacts.
    "default_name",
    "default_job_title",
    "default_email",
    "default_phone",
    "default_mobile",
    "default_twitter_id",
    "default_company_name",
    "default_address",
    "default_time_zone",
    "default_language",
    "default_tag",
    "default_client_manager",
    "default_unique_external_id",
    // Companies.
    "default_note",
    "default_domains",
    "default_health_score",
    "default_account_tier",
    "default_renewal_date",
    "default_industry",
];

/// A ticket-field export: an array of fields with Freshdesk's keys or types, none of them a
/// contact's or a company's field. Their exports (`contact_fields`, `company_fields`) are
/// arrays of the same shape, of the customer record agents keep, not of a form a ticket is
/// submitted with: they are not claimed.
pub fn detect(root: &Node) -> bool {
    let Some(items) = root.as_seq() else {
        return false;
    };
    fn type_of(item: &Node) -> Option<&str> {
        item.get("type").and_then(|e| e.value.as_str())
    }
    let customer = |item: &Node| {
        CONTACT_KEYS.iter().any(|k| item.get(k).is_some())
            || type_of(item).is_some_and(|t| CUSTOMER_TYPES.contains(&t))
    };
    let freshdesk = |item: &Node| {
        item.get("label_for_customers").is_some()
            || item.get("displayed_to_customers").is_some()
            || type_of(item).is_some_and(|t| {
                t.starts_with("default_") || t.starts_with("custom_") || t == "nested_field"
            })
    };
    items.iter().any(freshdesk) && !items.iter().any(customer)
}

/// Reads a ticket-field export into a field table (one form per file, made at join).
pub fn load(root: &Node, model: &mut Model, errors: &mut Vec<Error>) {
    let Ok(items) = root.seq().map_err(|e| errors.push(e)) else {
        return;
    };
    let start = root.span.start as usize;
    let mut table = FieldTable {
        vendor: VENDOR,
        span: Span::new(root.span.file, start, start + 1),
        fields: Vec::new(),
        capabilities: CAPABILITIES,
        format: VENDOR,
    };
    for item in items {
        for (field, key_span) in load_field(item, errors) {
            table.add(field, key_span, errors, |key| {
                format!("duplicate ticket field `{key}`")
            });
        }
    }
    model.exports.tables.push(table);
}

/// The field's key (its `name`, else its numeric `id`) and where it is written.
fn key(f: &Fields, node: &Node, what: &str) -> Option<Spanned<String>> {
    let id = f.count("id");
    if let Some(name) = f.string("name") {
        return Some(name);
    }
    if f.get("name").is_some() {
        return None;
    }
    match id {
        Some(id) => Some(Spanned::new(id.value.to_string(), id.span)),
        None => {
            if f.get("id").is_none() {
                f.push(missing(node, what, "name"));
            }
            None
        }
    }
}

/// What customers read as a field's label, when it says something.
fn customer_label(f: &Fields, key: &str) -> Option<Spanned<String>> {
    f.string(key).filter(|s| !s.value.trim().is_empty())
}

fn required_string(f: &Fields, node: &Node, what: &str, k: &str) -> Option<Spanned<String>> {
    if f.get(k).is_none() {
        f.push(missing(node, what, k));
        return None;
    }
    f.string(k)
}

/// A field, and for a nested field its lower levels too.
fn load_field(node: &Node, errors: &mut Vec<Error>) -> Vec<(TableField, Span)> {
    if let Err(e) = node.map() {
        errors.push(e);
        return Vec::new();
    }
    let f = Fields::new(node, errors);
    let what = "ticket field";
    let key = key(&f, node, what);
    let agent_label = required_string(&f, node, what, "label");
    let kind_name = required_string(&f, node, what, "type");
    let label = customer_label(&f, "label_for_customers");
    // Freshdesk's defaults when a key is left out: not shown to customers, editable.
    let displayed = f.boolean("displayed_to_customers").is_some_and(|b| b.value);
    let editable = f.boolean("customers_can_edit").is_none_or(|b| b.value);
    // Required of customers only when they see the field and can fill it in.
    let required = f
        .boolean("required_for_customers")
        .map(|r| Spanned::new(r.value && displayed && editable, r.span));
    let agent_required = f.boolean("required_for_agents");
    // `archived` (newer admin endpoint) is the nearest thing to an inactive field.
    let active = !f.boolean("archived").is_some_and(|b| b.value);
    let (Some(key), Some(agent_label), Some(kind_name)) = (key, agent_label, kind_name) else {
        return Vec::new();
    };
    let Some(kind) = super::field_kind(&f, &TYPES, &kind_name, "Freshdesk") else {
        return Vec::new();
    };
    let nested = kind_name.value == "nested_field";
    let levels = match f.get("choices") {
        None => Vec::new(),
        Some(v) if nested => {
            let mut levels = Vec::new();
            nested_choices(v, 0, &mut levels, &f);
            levels
        }
        Some(v) => vec![choices(v, &f)],
    };
    let visible = displayed && editable;
    let make = |id: Spanned<String>,
                label: Option<Spanned<String>>,
                key: &str,
                kind: Spanned<FieldKind>,
                options: Vec<Spanned<String>>,
                required: Option<Spanned<bool>>| Field {
        id,
        path: format!("{VENDOR}/field/{key}"),
        label,
        kind,
        description: None,
        placeholder: None,
        required,
        max_length: None,
        options,
        purpose: None,
        value: None,
        visible,
        collects_logs: false,
        pattern: None,
        masked: false,
        item_label: None,
        item_description: None,
        alternatives: Vec::new(),
    };
    let kind = Spanned::new(kind, kind_name.span);
    let mut out = vec![(
        TableField {
            key: key.value.clone(),
            active,
            field: make(
                agent_label,
                label,
                &key.value,
                kind.clone(),
                levels.first().cloned().unwrap_or_default(),
                required,
            ),
            agent_required,
        },
        key.span,
    )];
    // The lower levels: `nested_ticket_fields` in `GET /api/v2/ticket_fields`,
    // `dependent_fields` in the admin endpoint.
    let lower = [
        ("nested_ticket_fields", "nested ticket field"),
        ("dependent_fields", "dependent field"),
    ];
    for (list, what) in lower.into_iter().filter(|_| nested) {
        for sub in f.seq(list).unwrap_or_default() {
            if let Err(e) = sub.map() {
                f.push(e);
                continue;
            }
            let mut sub_errors = Vec::new();
            let s = Fields::new(sub, &mut sub_errors);
            let sub_key = self::key(&s, sub, what);
            let sub_label = required_string(&s, sub, what, "label");
            let for_customers = customer_label(&s, "label_for_customers");
            let in_portal = customer_label(&s, "label_in_portal");
            let portal = for_customers.or(in_portal);
            let level = s.count("level");
            for e in sub_errors {
                f.push(e);
            }
            let (Some(sub_key), Some(sub_label)) = (sub_key, sub_label) else {
                continue;
            };
            // An export with both lists names each level twice: one field, with the label
            // customers see from whichever list gives one.
            if let Some((seen, _)) = out.iter_mut().find(|(t, _)| t.key == sub_key.value) {
                if seen.field.label.is_none() {
                    seen.field.label = portal;
                }
                continue;
            }
            let options = level
                .and_then(|l| usize::try_from(l.value).ok())
                .and_then(|l| levels.get(l.wrapping_sub(1)))
                .cloned()
                .unwrap_or_default();
            out.push((
                TableField {
                    key: sub_key.value.clone(),
                    active,
                    field: make(
                        sub_label,
                        portal,
                        &sub_key.value,
                        kind.clone(),
                        options,
                        None,
                    ),
                    agent_required: None,
                },
                sub_key.span,
            ));
        }
    }
    out
}

/// The options of `choices`, in any of its shapes: a list of strings, a list of
/// `{label, value, ...}` objects, `{label: code}`, or `{id: [agent label, customer label]}`.
fn choices(v: &Node, f: &Fields) -> Vec<Spanned<String>> {
    let mut out = Vec::new();
    match &v.kind {
        NodeKind::Seq(items) => {
            for item in items {
                match &item.kind {
                    NodeKind::Str(s) => out.push(Spanned::new(s.clone(), item.span)),
                    NodeKind::Map(_) => out.extend(choice_label(item, f)),
                    _ => f.push(not_a_choice(item)),
                }
            }
        }
        NodeKind::Map(entries) => {
            for e in entries {
                match &e.value.kind {
                    NodeKind::Number(..) | NodeKind::Str(_) => out.push(e.key.clone()),
                    // A status: its id, then what agents and what customers read.
                    NodeKind::Seq(labels) => match labels.last() {
                        Some(l) => match l.string() {
                            Ok(s) => out.push(s),
                            Err(err) => f.push(err),
                        },
                        None => out.push(e.key.clone()),
                    },
                    _ => f.push(Error::at(
                        e.value.span,
                        format!(
                            "expected a choice's code or labels, found {}",
                            e.value.type_name()
                        ),
                    )),
                }
            }
        }
        _ => f.push(Error::at(
            v.span,
            format!(
                "expected `choices` as a list or an object, found {}",
                v.type_name()
            ),
        )),
    }
    out
}

/// What a `{label, value, ...}` choice shows: its `label`, else its `value`.
fn choice_label(item: &Node, f: &Fields) -> Option<Spanned<String>> {
    let mut errors = Vec::new();
    let o = Fields::new(item, &mut errors);
    let label = o.string("label").or_else(|| o.string("value"));
    if label.is_none() && o.get("label").is_none() && o.get("value").is_none() {
        o.push(missing(item, "choice", "value"));
    }
    for e in errors {
        f.push(e);
    }
    label
}

fn not_a_choice(item: &Node) -> Error {
    Error::at(
        item.span,
        format!(
            "expected a choice (a string or an object), found {}",
            item.type_name()
        ),
    )
}

/// The options of each level of a nested field: `{level 1: {level 2: [level 3, ...]}}`, or
/// `[{label, value, choices: [{label, value, choices: [...]}]}]`.
fn nested_choices(v: &Node, depth: usize, levels: &mut Vec<Vec<Spanned<String>>>, f: &Fields) {
    if levels.len() <= depth {
        levels.resize_with(depth + 1, Vec::new);
    }
    match &v.kind {
        NodeKind::Map(entries) => {
            for e in entries {
                levels[depth].push(e.key.clone());
                nested_choices(&e.value, depth + 1, levels, f);
            }
        }
        NodeKind::Seq(items) => {
            for item in items {
                match &item.kind {
                    NodeKind::Str(s) => levels[depth].push(Spanned::new(s.clone(), item.span)),
                    NodeKind::Map(_) => {
                        levels[depth].extend(choice_label(item, f));
                        if let Some(sub) = item.get("choices") {
                            nested_choices(&sub.value, depth + 1, levels, f);
                        }
                    }
                    _ => f.push(not_a_choice(item)),
                }
            }
        }
        _ => f.push(Error::at(
            v.span,
            format!(
                "expected nested choices as a list or an object, found {}",
                v.type_name()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{json, Limits};

    fn node(text: &str) -> Node {
        json::parse(text, 0, Limits::default()).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn fields(text: &str) -> Vec<TableField> {
        let mut model = Model::default();
        let mut errors = Vec::new();
        load(&node(text), &mut model, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        model.exports.tables.remove(0).fields
    }

    #[test]
    fn detects_arrays_of_freshdesk_fields_only() {
        assert!(detect(&node(r#"[{"label_for_customers": "Subject"}]"#)));
        assert!(detect(&node(r#"[{"displayed_to_customers": true}]"#)));
        assert!(detect(&node(r#"[{"type": "custom_text"}]"#)));
        assert!(detect(&node(r#"[{"type": "nested_field"}]"#)));
        assert!(!detect(&node(r#"[{"type": "text", "label": "Name"}]"#)));
        assert!(!detect(&node("[]")));
        assert!(!detect(&node(r#"{"label_for_customers": "Subject"}"#)));
    }

    #[test]
    fn contact_and_company_fields_are_not_ticket_fields() {
        // `GET /api/v2/contact_fields`: `displayed_for_customers`, `editable_in_signup`.
        assert!(!detect(&node(
            r#"[{"label": "Department", "type": "custom_text", "label_for_customers": "Department", "displayed_for_customers": true}]"#
        )));
        assert!(!detect(&node(
            r#"[{"label": "Notes", "type": "custom_paragraph", "editable_in_signup": false}]"#
        )));
        // `GET /api/v2/company_fields`: only their default types tell them.
        assert!(!detect(&node(
            r#"[{"name": "description", "type": "default_description"}, {"name": "domains", "type": "default_domains"}]"#
        )));
        assert!(!detect(&node(r#"[{"type": "default_name"}]"#)));
        // A ticket field's description is a default field too.
        assert!(detect(&node(
            r#"[{"name": "description", "type": "default_description"}, {"name": "subject", "type": "default_subject"}]"#
        )));
    }

    #[test]
    fn customers_fill_in_only_displayed_editable_fields() {
        let f = fields(
            r#"[{"name": "a", "label": "A", "type": "custom_text", "displayed_to_customers": true},
                {"name": "b", "label": "B", "type": "custom_text", "displayed_to_customers": true,
                 "customers_can_edit": false},
                {"name": "c", "label": "C", "type": "custom_paragraph"}]"#,
        );
        let visible: Vec<bool> = f.iter().map(|t| t.field.visible).collect();
        assert_eq!(visible, [true, false, false]);
        assert_eq!(f[2].field.kind.value, FieldKind::Textarea);
    }

    #[test]
    fn shared_ownership_fields_are_agent_only_selects() {
        let f = fields(
            r#"[{"id":2000000006,"name":"internal_group","label":"Internal Group","type":"default_internal_group","default":true,"customers_can_edit":false,"displayed_to_customers":false,"choices":{"Billing":2000000001}},
                {"id":2000000007,"name":"internal_agent","label":"Internal Agent","type":"default_internal_agent","default":true,"customers_can_edit":false,"displayed_to_customers":false,"choices":{"Ann":2000000002}}]"#,
        );
        let read: Vec<(&str, FieldKind, Vec<&str>, bool)> = f
            .iter()
            .map(|t| {
                (
                    t.key.as_str(),
                    t.field.kind.value,
                    t.field.options.iter().map(|o| o.value.as_str()).collect(),
                    t.field.visible,
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                ("internal_group", FieldKind::Select, vec!["Billing"], false),
                ("internal_agent", FieldKind::Select, vec!["Ann"], false),
            ]
        );
    }

    #[test]
    fn reads_every_shape_of_choices() {
        let f = fields(
            r#"[{"name": "a", "label": "A", "type": "custom_dropdown", "choices": ["x", "y"]},
                {"name": "b", "label": "B", "type": "default_priority", "choices": {"Low": 1}},
                {"name": "c", "label": "C", "type": "default_status",
                 "choices": {"2": ["Open", "Being Processed"]}},
                {"name": "d", "label": "D", "type": "custom_dropdown",
                 "choices": [{"id": 1, "value": "v", "position": 1}, {"label": "l", "value": "w"}]},
                {"name": "e", "label": "E", "type": "nested_field",
                 "choices": {"EU": {"DE": ["Berlin"]}},
                 "nested_ticket_fields": [{"name": "e2", "label": "E2", "level": 2},
                                          {"name": "e3", "label": "E3", "level": 3}]}]"#,
        );
        let options: Vec<Vec<&str>> = f
            .iter()
            .map(|t| t.field.options.iter().map(|o| o.value.as_str()).collect())
            .collect();
        assert_eq!(
            options,
            [
                vec!["x", "y"],
                vec!["Low"],
                vec!["Being Processed"],
                vec!["v", "l"],
                vec!["EU"],
                vec!["DE"],
                vec!["Berlin"],
            ]
        );
    }

    /// A field whose export has both `nested_ticket_fields` and `dependent_fields` (the two
    /// endpoints' names for its levels) has each level once.
    #[test]
    fn levels_listed_twice_are_read_once() {
        let f = fields(
            r#"[{"id": 20, "name": "cf_home", "label": "Home", "type": "nested_field",
                 "choices": {"USA": {"Texas": ["Main Street"]}},
                 "nested_ticket_fields": [
                   {"name":"cf_home_state","label":"State","level":2},
                   {"name":"cf_home_street","label":"Street","level":3}],
                 "dependent_fields": [
                   {"id":21,"name":"cf_home_state","label":"State","level":2,"ticket_field_id":20},
                   {"id":22,"name":"cf_home_street","label":"Street","label_for_customers":"Your street","level":3,"ticket_field_id":20}]}]"#,
        );
        let read: Vec<(&str, Option<&str>)> = f
            .iter()
            .map(|t| {
                (
                    t.key.as_str(),
                    t.field.label.as_ref().map(|l| l.value.as_str()),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                ("cf_home", None),
                ("cf_home_state", None),
                ("cf_home_street", Some("Your street"))
            ]
        );
    }

    #[test]
    fn dependent_fields_are_lower_levels_with_their_customer_labels() {
        let f = fields(
            r#"[{"id": 20, "name": "cf_home", "label": "Home", "type": "nested_field",
                 "choices": {"USA": {"Texas": ["Main Street"]}},
                 "dependent_fields": [
                   {"id":21,"name":"cf_home_state","label":"State","level":2,"ticket_field_id":20},
                   {"id":22,"name":"cf_home_street_address","label":"Street","label_for_customers":"Your home street address","level":3,"ticket_field_id":20}]},
                {"name": "cf_region", "label": "Region", "type": "nested_field",
                 "choices": {"EU": {"DE": ["Berlin"]}},
                 "nested_ticket_fields": [
                   {"name": "cf_country", "label": "Country", "label_in_portal": "Your country", "level": 2},
                   {"name": "cf_city", "label": "City", "label_for_customers": "Your city", "label_in_portal": "City", "level": 3}]}]"#,
        );
        let read: Vec<(&str, Option<&str>, Vec<&str>)> = f
            .iter()
            .map(|t| {
                (
                    t.key.as_str(),
                    t.field.label.as_ref().map(|l| l.value.as_str()),
                    t.field.options.iter().map(|o| o.value.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                ("cf_home", None, vec!["USA"]),
                ("cf_home_state", None, vec!["Texas"]),
                (
                    "cf_home_street_address",
                    Some("Your home street address"),
                    vec!["Main Street"]
                ),
                ("cf_region", None, vec!["EU"]),
                ("cf_country", Some("Your country"), vec!["DE"]),
                ("cf_city", Some("Your city"), vec!["Berlin"]),
            ]
        );
    }

    #[test]
    fn reads_nested_choices_as_a_list_of_objects() {
        let text = r#"[{"name": "cf_home", "label": "Home", "type": "nested_field",
            "choices": [{"id":1,"label":"USA","value":"USA","choices":[{"id":2,"label":"Texas","value":"Texas","choices":[{"id":3,"label":"Houston","value":"Houston"}]}]},
                        {"id":4,"value":"Canada"}],
            "nested_ticket_fields": [{"name": "cf_state", "label": "State", "level": 2},
                                     {"name": "cf_city", "label": "City", "level": 3}]}]"#;
        let f = fields(text);
        let options: Vec<Vec<&str>> = f
            .iter()
            .map(|t| t.field.options.iter().map(|o| o.value.as_str()).collect())
            .collect();
        assert_eq!(
            options,
            [vec!["USA", "Canada"], vec!["Texas"], vec!["Houston"]]
        );
        let houston = &f[2].field.options[0];
        assert_eq!(&text[houston.span.range()], r#""Houston""#);
    }
}
