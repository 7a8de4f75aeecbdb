//! Zendesk Support API exports (JSON), as the API returns them:
//!
//! - ticket fields: `{"ticket_fields": [...]}` (list) or `{"ticket_field": {...}}` (one);
//! - ticket forms: `{"ticket_forms": [...]}` or `{"ticket_form": {...}}`, whose
//!   `ticket_field_ids` name the fields each form shows;
//! - deletion schedules: `{"deletion_schedules": [...]}` or `{"deletion_schedule": {...}}`.
//!
//! Fields and forms usually sit in separate files, so this adapter yields a field table and
//! form drafts that [`crate::model::Model::join`] puts together once every file is loaded.
//! Without any ticket-form export, each field export is one form, `zendesk/<file stem>`.
//! Forms are `zendesk/<name>`, so a retention file can cover them all with `zendesk/*`.
//!
//! Pagination keys (`next_page`, `count`, `after_url`, ...) are accepted at the top level, and
//! unknown keys are accepted inside fields, forms and schedules: Zendesk adds keys over time
//! and an export from last month must not become unreadable. The keys read are type-checked.

use super::{missing, Fields};
use crate::diag::Error;
use crate::model::export::{Deletion, FieldTable, FormDraft, TableField};
use crate::model::{Audience, Capabilities, Duration, Field, FieldKind, Form, Held, Model};
use crate::source::{Span, Spanned};
use crate::syntax::{Node, NodeKind};

const VENDOR: &str = "zendesk";

/// Zendesk has no length limit (only `regexp_for_validation`) and no purpose attribute.
/// Every ticket has a requester, a user of the account, as a rule known by an email address
/// (which Zendesk's web form asks for when no one is signed in), with a name (often taken
/// from it); no ticket field lists them: the audit counts them as held by every ticket, kept
/// until the user is deleted.
pub const CAPABILITIES: Capabilities = Capabilities {
    max_length: false,
    purpose: false,
    fix_max_length: "a length limit",
    fix_purpose: "a declared purpose",
    held: &[
        Held {
            id: "requester.email",
            kind: "requester",
            category: "email",
        },
        Held {
            id: "requester.name",
            kind: "requester",
            category: "full_name",
        },
    ],
};

/// The top-level keys that make a file a Zendesk export.
const ROOT_KEYS: [&str; 6] = [
    "ticket_fields",
    "ticket_field",
    "ticket_forms",
    "ticket_form",
    "deletion_schedules",
    "deletion_schedule",
];

/// Field types, system and custom, and what each collects.
const TYPES: [(&str, FieldKind); 21] = [
    ("subject", FieldKind::Text),
    ("description", FieldKind::Textarea),
    ("status", FieldKind::Select),
    ("custom_status", FieldKind::Select),
    ("tickettype", FieldKind::Select),
    ("priority", FieldKind::Select),
    // The system priority field on plans without the full set of priorities.
    ("basic_priority", FieldKind::Select),
    ("group", FieldKind::Select),
    ("assignee", FieldKind::Select),
    ("text", FieldKind::Text),
    ("textarea", FieldKind::Textarea),
    ("checkbox", FieldKind::Checkbox),
    ("date", FieldKind::Date),
    ("integer", FieldKind::Number),
    ("decimal", FieldKind::Number),
    // Free text that must match `regexp_for_validation`.
    ("regexp", FieldKind::Text),
    // Zendesk keeps only the last four digits: see `masked`.
    ("partialcreditcard", FieldKind::Number),
    ("tagger", FieldKind::Select),
    ("multiselect", FieldKind::Multiselect),
    ("lookup", FieldKind::Select),
    ("multi_lookup", FieldKind::Multiselect),
];

/// Deletion-schedule operators that delete tickets once they are older than the value.
const OLDER_THAN: [&str; 3] = [
    "greater_than",
    "greater_than_equal",
    "greater_than_or_equal",
];

pub const FORMAT: super::Format = super::Format {
    name: "zendesk",
    detect: |doc| super::Detection::strong_if(detect(doc.root)),
    load: |doc, model, errors| load(doc.root, model, errors),
};

pub fn detect(root: &Node) -> bool {
    ROOT_KEYS.iter().any(|k| root.get(k).is_some())
}

/// What a Zendesk export looks like, for errors about a file that is none.
const SHAPE: &str = "a Zendesk export is the JSON object its API returns, such as {\"ticket_fields\": [...]}, {\"ticket_forms\": [...]} or {\"deletion_schedules\": [...]}";

/// Reads a Zendesk export: every part present in the file. A file that `formats:` maps here
/// but is no API response (a list, another vendor's export) or is the API's error (saved by
/// `curl`) is an error, not a file with nothing to report; a response of another endpoint
/// (`{"triggers": [...], "next_page": null}` in a folder of backups) holds nothing datamin
/// reads, and passes.
pub fn load(root: &Node, model: &mut Model, errors: &mut Vec<Error>) {
    let entries = match root.map() {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(e.with_help(SHAPE));
            return;
        }
    };
    let parts: Vec<_> = entries
        .iter()
        .filter(|e| ROOT_KEYS.contains(&e.key.value.as_str()))
        .collect();
    if parts.is_empty() {
        // The API's error body: `{"error": "Couldn't authenticate you"}`, `{"error":
        // "RecordNotFound", "description": ...}`, `{"errors": ...}`.
        if let Some(e) = entries
            .iter()
            .find(|e| e.key.value == "error" || e.key.value == "errors")
        {
            errors.push(
                Error::at(
                    e.key.span,
                    "the Zendesk API's error response, not an export",
                )
                .with_help(SHAPE),
            );
        }
        return;
    }
    for e in parts {
        if matches!(e.value.kind, crate::syntax::NodeKind::Null) {
            errors.push(
                Error::at(e.value.span, format!("`{}` has no value", e.key.value)).with_help(
                    format!("`{}` lists what the export holds: {SHAPE}", e.key.value),
                ),
            );
        }
    }
    let (fields, field, forms, form, schedules, schedule) = {
        let f = Fields::new(root, errors);
        let one = |key: &str| {
            let v = f.get(key)?;
            v.map().map_err(|e| f.push(e)).ok()?;
            Some(std::slice::from_ref(v))
        };
        (
            f.seq("ticket_fields"),
            one("ticket_field"),
            f.seq("ticket_forms"),
            one("ticket_form"),
            f.seq("deletion_schedules"),
            one("deletion_schedule"),
        )
    };
    let key_span = |key: &str| root.get(key).map_or(root.span, |e| e.key.span);
    for (list, key) in [(fields, "ticket_fields"), (field, "ticket_field")] {
        if let Some(list) = list {
            load_table(list, key_span(key), model, errors);
        }
    }
    for list in [forms, form].into_iter().flatten() {
        for item in list {
            if let Some(d) = load_form(item, errors) {
                model.exports.forms.push(d);
            }
        }
    }
    for (list, key) in [
        (schedules, "deletion_schedules"),
        (schedule, "deletion_schedule"),
    ] {
        if let Some(list) = list {
            load_schedules(list, key_span(key), model, errors);
        }
    }
}

/// A key that must be there: a located error when it is not (a wrong type is reported by
/// `read`).
fn required<'a, 'e, T>(
    f: &Fields<'a, 'e>,
    node: &Node,
    what: &str,
    key: &str,
    read: impl FnOnce(&Fields<'a, 'e>, &str) -> Option<T>,
) -> Option<T> {
    if f.get(key).is_none() {
        f.push(missing(node, what, key));
        return None;
    }
    read(f, key)
}

/// A text that says something: empty strings count as absent.
fn text(f: &Fields, key: &str) -> Option<Spanned<String>> {
    f.string(key).filter(|s| !s.value.trim().is_empty())
}

fn load_table(list: &[Node], span: Span, model: &mut Model, errors: &mut Vec<Error>) {
    let mut table = FieldTable {
        vendor: VENDOR,
        span,
        fields: Vec::new(),
        capabilities: CAPABILITIES,
        format: VENDOR,
    };
    for item in list {
        let Some((field, id_span)) = load_field(item, errors) else {
            continue;
        };
        table.add(field, id_span, errors, |key| {
            format!("duplicate ticket field id {key}")
        });
    }
    model.exports.tables.push(table);
}

fn load_field(node: &Node, errors: &mut Vec<Error>) -> Option<(TableField, Span)> {
    node.map().map_err(|e| errors.push(e)).ok()?;
    let f = Fields::new(node, errors);
    let what = "ticket field";
    let id = required(&f, node, what, "id", Fields::count);
    let title = required(&f, node, what, "title", Fields::string);
    let kind_name = required(&f, node, what, "type", Fields::string);
    let active = f.boolean("active").is_none_or(|b| b.value);
    // Zendesk's defaults when a key is left out: agent-only, editable, optional.
    let in_portal = f.boolean("visible_in_portal").is_some_and(|b| b.value);
    let editable = f.boolean("editable_in_portal").is_none_or(|b| b.value);
    let required_in_portal = f.boolean("required_in_portal");
    let agent_required = f.boolean("required");
    let label = text(&f, "title_in_portal");
    let description = text(&f, "description");
    let pattern = text(&f, "regexp_for_validation");
    let mut options = field_options(&f, "custom_field_options");
    options.extend(field_options(&f, "system_field_options"));
    let (id, title, kind_name) = (id?, title?, kind_name?);
    let kind = super::field_kind(&f, &TYPES, &kind_name, "Zendesk")?;
    let key = id.value.to_string();
    let field = Field {
        path: format!("{VENDOR}/field/{key}"),
        label,
        kind: Spanned::new(kind, kind_name.span),
        description,
        placeholder: None,
        // Required of customers only when they see the field and can fill it in.
        required: required_in_portal
            .map(|r| Spanned::new(r.value && in_portal && editable, r.span)),
        max_length: None,
        options,
        purpose: None,
        value: None,
        visible: in_portal && editable,
        collects_logs: false,
        // A `date` field can carry a date regexp too; only `regexp` fields are defined by one.
        pattern: pattern.filter(|_| kind_name.value == "regexp"),
        masked: kind_name.value == "partialcreditcard",
        item_label: None,
        item_description: None,
        alternatives: Vec::new(),
        id: title,
    };
    Some((
        TableField {
            key,
            active,
            field,
            agent_required,
        },
        id.span,
    ))
}

/// The names of `[{name, value, ...}]` options.
fn field_options(f: &Fields, key: &str) -> Vec<Spanned<String>> {
    let mut out = Vec::new();
    for item in f.seq(key).unwrap_or_default() {
        let Ok(_) = item.map().map_err(|e| f.push(e)) else {
            continue;
        };
        let mut errors = Vec::new();
        let o = Fields::new(item, &mut errors);
        if let Some(name) = required(&o, item, "field option", "name", Fields::string) {
            out.push(name);
        }
        for e in errors {
            f.push(e);
        }
    }
    out
}

fn load_form(node: &Node, errors: &mut Vec<Error>) -> Option<FormDraft> {
    node.map().map_err(|e| errors.push(e)).ok()?;
    let f = Fields::new(node, errors);
    let what = "ticket form";
    let name = required(&f, node, what, "name", Fields::string);
    let title = text(&f, "display_name");
    let active = f.boolean("active").is_none_or(|b| b.value);
    let end_users = f.boolean("end_user_visible").is_none_or(|b| b.value);
    let ids = required(&f, node, what, "ticket_field_ids", Fields::seq);
    let list_span = f.get("ticket_field_ids").map_or(node.span, |v| v.span);
    let field_ids: Vec<Spanned<String>> = ids
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.count().map_err(|e| f.push(e)).ok())
        .map(|n| Spanned::new(n.value.to_string(), n.span))
        .collect();
    let end_user_required = conditional_required(&f, "end_user_conditions");
    let agent_required = conditional_required(&f, "agent_conditions");
    let conditions = if end_users {
        "end_user_conditions"
    } else {
        "agent_conditions"
    };
    let alternatives = conditional_alternatives(&f, conditions);
    let name = name?;
    // The form's id, `zendesk/<name>`: a blank name names no form (Zendesk requires one).
    if name.value.trim().is_empty() {
        f.push(
            Error::at(name.span, "ticket form's `name` is blank")
                .with_help("a form is `zendesk/<name>` to datamin: export the form with its name"),
        );
        return None;
    }
    // An inactive form is offered to no one.
    if !active {
        return None;
    }
    let audience = if end_users {
        Audience::EndUser
    } else {
        Audience::Agent
    };
    Some(FormDraft {
        vendor: VENDOR,
        form: Form {
            id: Spanned::new(format!("{VENDOR}/{}", name.value), name.span),
            title,
            notices: Vec::new(),
            processors: Vec::new(),
            fields: Vec::new(),
            audience,
            public: false,
            capabilities: CAPABILITIES,
            format: VENDOR,
            records: "tickets",
            id_from_file_name: false,
        },
        field_ids,
        list_span,
        required: if end_users {
            end_user_required
        } else {
            agent_required
        },
        alternatives,
    })
}

/// The fields a form's conditions show only for some values of another field, each within
/// a group per parent field, an option per value: "post" shows the street, "courier" the
/// courier's address, and the two are never both shown. A field shown by conditions on two
/// values (or two parents) is within what all its conditions share: shown when any holds.
/// Only conditions on a field of one value (`parent_field_type` a drop-down or a checkbox)
/// make alternatives.
/// Conditions that cannot be read are reported by [`conditional_required`] and show nothing.
fn conditional_alternatives(f: &Fields, key: &str) -> Vec<(String, Vec<(u32, u32)>)> {
    let mut parents: Vec<String> = Vec::new();
    let mut values: Vec<(usize, String)> = Vec::new();
    let mut out: Vec<(String, Vec<(u32, u32)>)> = Vec::new();
    let mut ignored = Vec::new();
    let number = |list: usize| u32::try_from(list).unwrap_or(u32::MAX);
    for cond in f.seq(key).unwrap_or_default() {
        if cond.map().is_err() {
            continue;
        }
        let c = Fields::new(cond, &mut ignored);
        let scalar = |key: &str| {
            c.get(key).and_then(|n| match &n.kind {
                NodeKind::Str(s) => Some(s.clone()),
                NodeKind::Number(x, _) => Some(x.to_string()),
                NodeKind::Bool(b) => Some(b.to_string()),
                _ => None,
            })
        };
        let (Some(parent), Some(value)) = (scalar("parent_field_id"), scalar("value")) else {
            continue;
        };
        // Only a field of one value at a time (a drop-down, a checkbox) shows one value's
        // fields alone: a multi-select may have both values picked.
        if !matches!(
            scalar("parent_field_type").as_deref(),
            Some("tagger" | "checkbox")
        ) {
            continue;
        }
        let g = parents
            .iter()
            .position(|p| *p == parent)
            .unwrap_or_else(|| {
                parents.push(parent);
                parents.len() - 1
            });
        let o = values
            .iter()
            .position(|(pg, v)| *pg == g && *v == value)
            .unwrap_or_else(|| {
                values.push((g, value));
                values.len() - 1
            });
        let choice = (number(g), number(o));
        for child in c.seq("child_fields").unwrap_or_default() {
            let Some(id) = child.get("id").and_then(|e| e.value.count().ok()) else {
                continue;
            };
            let id = id.value.to_string();
            match out.iter_mut().find(|(k, _)| *k == id) {
                None => out.push((id, vec![choice])),
                Some((_, within)) => within.retain(|w| *w == choice),
            }
        }
    }
    out
}

/// Fields a form's conditions make required: `[{parent_field_id, value, child_fields: [{id,
/// is_required}]}]`.
fn conditional_required(f: &Fields, key: &str) -> Vec<(String, Spanned<bool>)> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for cond in f.seq(key).unwrap_or_default() {
        if let Err(e) = cond.map() {
            errors.push(e);
            continue;
        }
        let children = Fields::new(cond, &mut errors)
            .seq("child_fields")
            .unwrap_or_default();
        for child in children {
            if let Err(e) = child.map() {
                errors.push(e);
                continue;
            }
            let c = Fields::new(child, &mut errors);
            let id = required(&c, child, "conditional field", "id", Fields::count);
            let req = c.boolean("is_required");
            if let (Some(id), Some(req)) = (id, req) {
                if req.value {
                    out.push((id.value.to_string(), req));
                }
            }
        }
    }
    for e in errors {
        f.push(e);
    }
    out
}

/// What a deletion schedule deletes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Tickets,
    Attachments,
}

/// Active ticket schedules become one retention policy over every Zendesk form (`zendesk/*`)
/// at the processor `zendesk`: Zendesk runs every active schedule, so the shortest period
/// wins. Attachment schedules add `attachments`. Inactive schedules and schedules for users,
/// bot conversations or custom objects say nothing about tickets and are left out.
fn load_schedules(list: &[Node], span: Span, model: &mut Model, errors: &mut Vec<Error>) {
    let mut tickets: Option<(Spanned<Duration>, Span)> = None;
    let mut attachments: Option<Spanned<Duration>> = None;
    for item in list {
        let Some((target, period, at)) = load_schedule(item, errors) else {
            continue;
        };
        match target {
            Target::Tickets => {
                if tickets
                    .as_ref()
                    .is_none_or(|(t, _)| period.value.as_days() < t.value.as_days())
                {
                    tickets = Some((period, at));
                }
            }
            Target::Attachments => {
                if attachments
                    .as_ref()
                    .is_none_or(|a| period.value.as_days() < a.value.as_days())
                {
                    attachments = Some(period);
                }
            }
        }
    }
    // Zendesk deletes only archived tickets, and archives a ticket 120 days after it is
    // closed: a shorter schedule still leaves tickets there that long.
    let tickets = tickets.map(|(mut t, at)| {
        if t.value.as_days() < ARCHIVED_AFTER_DAYS {
            t.value = Duration::days(ARCHIVED_AFTER_DAYS);
        }
        (t, at)
    });
    model.exports.deletions.push(Deletion {
        vendor: VENDOR,
        name: "Zendesk",
        tickets,
        attachments,
        span,
    });
}

/// Days after which Zendesk archives a closed ticket: deletion schedules delete only
/// archived tickets ("Creating ticket deletion schedules", Zendesk help center).
const ARCHIVED_AFTER_DAYS: u64 = 120;

/// An active ticket or attachment schedule: what it deletes, after how long, and where it
/// says what it deletes.
fn load_schedule(
    node: &Node,
    errors: &mut Vec<Error>,
) -> Option<(Target, Spanned<Duration>, Span)> {
    node.map().map_err(|e| errors.push(e)).ok()?;
    let (target, at, conditions) = {
        let f = Fields::new(node, errors);
        let active = f.boolean("active").is_none_or(|b| b.value);
        let object = f.string("object");
        // `object` is missing from every example in Zendesk's documentation: schedules
        // without it are read as ticket schedules, the kind Zendesk started with.
        let target = match object.as_ref().map(|o| o.value.as_str()) {
            None | Some("zen:ticket") => Target::Tickets,
            Some("zen:attachment") => Target::Attachments,
            Some(_) => return None,
        };
        if !active {
            return None;
        }
        let at = object.map_or(
            Span::new(
                node.span.file,
                node.span.start as usize,
                node.span.start as usize + 1,
            ),
            |o| o.span,
        );
        let conditions = required(&f, node, "deletion schedule", "conditions", |f, k| {
            let v = f.get(k)?;
            v.map().map_err(|e| f.push(e)).ok()?;
            Some(v)
        })?;
        (target, at, conditions)
    };
    let period = schedule_period(conditions, errors)?;
    Some((target, period, at))
}

/// What one condition of a schedule says of how long tickets live.
enum Condition {
    /// It holds for every ticket this long after its last update.
    Bound(Spanned<Duration>),
    /// It holds for some tickets only, ever (a tag, a priority, a brand, another status).
    Narrows,
    /// It cannot be read (an error is pushed).
    Unreadable,
}

/// How long a schedule lets a ticket live: every `all` condition must hold and, when there
/// are `any` conditions, one of them, so the bound is the longest `all` period or the
/// shortest `any` period, whichever is longer. `status is closed` holds once a ticket is
/// archived, 120 days after it closes: alone, or beside a longer period in `any`, it deletes
/// every ticket then. A condition that narrows the schedule (a tag, a priority) in `all`, or
/// an `any` with no period, leaves some tickets undeleted: the schedule bounds nothing, and
/// that is no error (a spam purge beside the retention schedule); in `any` beside a period,
/// such a condition only deletes more. A schedule with a condition that cannot be read sets
/// no period either.
fn schedule_period(conditions: &Node, errors: &mut Vec<Error>) -> Option<Spanned<Duration>> {
    let before = errors.len();
    let (all, any) = {
        let f = Fields::new(conditions, errors);
        (
            f.seq("all").unwrap_or_default(),
            f.seq("any").unwrap_or_default(),
        )
    };
    // `all` or `any` that is no list is an error of its own already.
    if errors.len() > before {
        return None;
    }
    if all.is_empty() && any.is_empty() {
        errors.push(
            Error::at(conditions.span, "deletion schedule has no condition in `all` or `any`")
                .with_help("datamin reads how long tickets are kept from a `duration_since_last_update` or `status is closed` condition"),
        );
        return None;
    }
    let any_given = !any.is_empty();
    let all: Vec<_> = all.iter().map(|c| condition(c, errors)).collect();
    let any: Vec<_> = any.iter().map(|c| condition(c, errors)).collect();
    let readable = |c: &Condition| !matches!(c, Condition::Unreadable);
    if !all.iter().all(readable) || !any.iter().all(readable) {
        return None;
    }
    let mut longest_all: Option<Spanned<Duration>> = None;
    for c in all {
        match c {
            Condition::Bound(d) => {
                if longest_all
                    .as_ref()
                    .is_none_or(|a| d.value.as_days() > a.value.as_days())
                {
                    longest_all = Some(d);
                }
            }
            _ => return None,
        }
    }
    let shortest_any = any
        .into_iter()
        .filter_map(|c| match c {
            Condition::Bound(d) => Some(d),
            _ => None,
        })
        .min_by_key(|d| d.value.as_days());
    // An `any` of narrowing conditions only lets some tickets through.
    if any_given && shortest_any.is_none() {
        return None;
    }
    match (longest_all, shortest_any) {
        (Some(a), Some(b)) => Some(if b.value.as_days() > a.value.as_days() {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    }
}

/// How long after its last update a condition lets a ticket be deleted:
/// `{"field": "duration_since_last_update", "operator": "greater_than", "value": "P1Y"}`;
/// `duration_since_created_at` holds no later (a ticket is updated after it is created); or
/// `{"field": "status", "operator": "is", "value": "closed"}`, which every archived ticket
/// is, so it holds once the ticket is archived (the period is at the value `"closed"`). Any
/// other field narrows the schedule to some tickets.
fn condition(node: &Node, errors: &mut Vec<Error>) -> Condition {
    let mut read = || -> Option<Condition> {
        node.map().map_err(|e| errors.push(e)).ok()?;
        let f = Fields::new(node, errors);
        let what = "deletion-schedule condition";
        let field = required(&f, node, what, "field", Fields::string);
        let operator = required(&f, node, what, "operator", Fields::string);
        let value = required(&f, node, what, "value", Fields::get);
        let (field, operator, value) = (field?, operator?, value?);
        if field.value == "status"
            && operator.value == "is"
            && value.as_str().is_some_and(|v| v == "closed")
        {
            return Some(Condition::Bound(Spanned::new(
                Duration::days(ARCHIVED_AFTER_DAYS),
                value.span,
            )));
        }
        if !matches!(
            field.value.as_str(),
            "duration_since_last_update" | "duration_since_created_at"
        ) {
            return Some(Condition::Narrows);
        }
        if !OLDER_THAN.contains(&operator.value.as_str()) {
            f.push(
                Error::at(
                    operator.span,
                    format!("operator `{}` does not bound how long tickets are kept", operator.value),
                )
                .with_help("a retention schedule deletes tickets `greater_than` a duration since their last update"),
            );
            return None;
        }
        super::native::parse_duration(value)
            .map_err(|e| f.push(e))
            .ok()
            .map(Condition::Bound)
    };
    read().unwrap_or(Condition::Unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{json, Limits};

    fn node(text: &str) -> Node {
        json::parse(text, 0, Limits::default()).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn detects_every_export_by_its_top_level_key() {
        for key in ROOT_KEYS {
            assert!(
                detect(&node(&format!("{{\"{key}\": [], \"count\": 0}}"))),
                "{key}"
            );
        }
        assert!(!detect(&node(r#"{"fields": []}"#)));
        assert!(!detect(&node(r#"[{"ticket_fields": []}]"#)));
    }

    #[test]
    fn a_field_keeps_its_titles_spans_and_portal_flags() {
        let text = r#"{"ticket_field": {"id": 7, "type": "partialcreditcard", "title": "Card",
            "title_in_portal": "Card number", "visible_in_portal": true,
            "editable_in_portal": false, "required_in_portal": true, "new_key": [1]}}"#;
        let mut model = Model::default();
        let mut errors = Vec::new();
        load(&node(text), &mut model, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let t = &model.exports.tables[0].fields[0];
        assert_eq!(t.key, "7");
        assert_eq!(t.field.id.value, "Card");
        assert_eq!(&text[t.field.id.span.range()], "\"Card\"");
        assert_eq!(
            t.field.label.as_ref().map(|l| l.value.as_str()),
            Some("Card number")
        );
        assert_eq!(t.field.kind.value, FieldKind::Number);
        assert!(t.field.masked);
        assert!(
            !t.field.visible,
            "read-only in the portal: customers fill nothing in"
        );
        // Nor are they required to: `required_in_portal` asks only of fields they fill in.
        assert!(!t.field.is_required());
        let shown = text.replace(
            r#""editable_in_portal": false"#,
            r#""editable_in_portal": true"#,
        );
        let mut model = Model::default();
        load(&node(&shown), &mut model, &mut errors);
        assert!(model.exports.tables[0].fields[0].field.is_required());
    }

    #[test]
    fn duplicate_ids_and_unknown_types_are_errors() {
        let text = r#"{"ticket_fields": [
            {"id": 1, "type": "text", "title": "First"},
            {"id": 1, "type": "text", "title": "Again"},
            {"id": 2, "type": "zzzzzz", "title": "Odd"}]}"#;
        let mut model = Model::default();
        let mut errors = Vec::new();
        load(&node(text), &mut model, &mut errors);
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "duplicate ticket field id 1",
                "unknown Zendesk field type `zzzzzz`"
            ]
        );
        let again = text.find(r#"1, "type": "text", "title": "Again""#).unwrap();
        assert_eq!(errors[0].span.map(|s| s.range()), Some(again..again + 1));
        assert!(errors[1]
            .help
            .as_deref()
            .is_some_and(|h| h.starts_with("datamin knows these Zendesk field types: subject, ")));
        let fields = &model.exports.tables[0].fields;
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].field.id.value, "First");
    }

    #[test]
    fn a_ticket_form_of_blank_name_is_an_error_at_its_name() {
        for name in ["", "  "] {
            let text = format!(
                r#"{{"ticket_forms": [{{"name": "{name}", "active": true, "ticket_field_ids": []}}]}}"#
            );
            let mut model = Model::default();
            let mut errors = Vec::new();
            load(&node(&text), &mut model, &mut errors);
            let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
            assert_eq!(messages, ["ticket form's `name` is blank"], "{name:?}");
            let at = text.find(&format!("\"{name}\"")).unwrap();
            assert_eq!(
                errors[0].span.map(|s| s.range()),
                Some(at..at + name.len() + 2)
            );
            assert!(model.exports.forms.is_empty(), "{name:?}");
        }
    }

    #[test]
    fn basic_priority_is_a_select_of_its_system_options() {
        let text = r#"{"ticket_fields":[{"id":35,"type":"basic_priority","title":"Priority","active":true,"visible_in_portal":false,"system_field_options":[{"name":"Low","value":"low"}]}],"next_page":null,"count":1}"#;
        let mut model = Model::default();
        let mut errors = Vec::new();
        load(&node(text), &mut model, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let t = &model.exports.tables[0].fields[0];
        assert_eq!(t.field.kind.value, FieldKind::Select);
        assert_eq!(&text[t.field.kind.span.range()], "\"basic_priority\"");
        let options: Vec<&str> = t.field.options.iter().map(|o| o.value.as_str()).collect();
        assert_eq!(options, ["Low"]);
        assert!(!t.field.visible);
    }

    #[test]
    fn only_regexp_fields_keep_their_pattern() {
        let text = r#"{"ticket_fields": [
            {"id": 1, "type": "regexp", "title": "Order", "regexp_for_validation": "^[0-9]{8}$"},
            {"id": 2, "type": "date", "title": "Day", "regexp_for_validation": "\\A[0-9-]+\\z"}]}"#;
        let mut model = Model::default();
        let mut errors = Vec::new();
        load(&node(text), &mut model, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let fields = &model.exports.tables[0].fields;
        assert_eq!(
            fields[0].field.pattern.as_ref().map(|p| p.value.as_str()),
            Some("^[0-9]{8}$")
        );
        assert_eq!(fields[0].field.kind.value, FieldKind::Text);
        assert!(fields[1].field.pattern.is_none());
    }

    #[test]
    fn the_shortest_active_ticket_schedule_is_the_policy() {
        let text = r#"{"deletion_schedules": [
          {"object": "zen:ticket", "active": true, "conditions": {"all": [
            {"field": "duration_since_last_update", "operator": "greater_than", "value": "P2Y"}]}},
          {"object": "zen:ticket", "active": true, "conditions": {"all": [
            {"field": "duration_since_last_update", "operator": "greater_than", "value": "P1Y"}]}},
          {"object": "zen:ticket", "active": false, "conditions": {"all": [
            {"field": "duration_since_last_update", "operator": "greater_than", "value": "P1M"}]}},
          {"object": "zen:attachment", "active": true, "conditions": {"all": [
            {"field": "duration_since_last_update", "operator": "greater_than", "value": "P1M"}]}},
          {"object": "zen:user", "active": true, "conditions": {"all": [
            {"field": "whatever_users_have", "operator": "is", "value": 1}]}}]}"#;
        let mut model = Model::default();
        let mut errors = Vec::new();
        load(&node(text), &mut model, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(model.join(|_| String::new()).is_empty());
        let p = &model.policies[0];
        assert_eq!(model.policies.len(), 1);
        assert!(p.covers("zendesk/Wallet support"));
        assert!(!p.covers("wallet-support"));
        assert_eq!(
            p.closed_tickets.as_ref().map(|d| d.value.as_days()),
            Some(365)
        );
        assert_eq!(p.attachments.as_ref().map(|d| d.value.as_days()), Some(30));
        assert_eq!(model.processors[0].id.value, "zendesk");
    }

    /// A ticket schedule of `period`, in a file of its own.
    fn schedule(period: &str) -> String {
        format!(
            r#"{{"deletion_schedule": {{"object": "zen:ticket", "active": true, "conditions":
            {{"all": [{{"field": "duration_since_last_update", "operator": "greater_than",
            "value": "{period}"}}]}}}}}}"#
        )
    }

    #[test]
    fn schedules_in_several_files_are_one_policy_of_the_shortest() {
        // Saved one per file (`GET /api/v2/deletion_schedules/{id}`), P2Y then P1Y: each
        // file made a policy of its own, and the longest of them governed.
        let mut model = Model::default();
        let mut errors = Vec::new();
        for period in ["P2Y", "P1Y"] {
            load(&node(&schedule(period)), &mut model, &mut errors);
        }
        assert!(errors.is_empty(), "{errors:?}");
        assert!(model.join(|_| String::new()).is_empty());
        let closed: Vec<Option<u64>> = model
            .policies
            .iter()
            .map(|p| p.closed_tickets.as_ref().map(|d| d.value.as_days()))
            .collect();
        assert_eq!(closed, [Some(365)]);
        let keeps: Vec<Option<u64>> = model
            .processors
            .iter()
            .map(|p| p.keeps.as_ref().map(|d| d.value.as_days()))
            .collect();
        assert_eq!(keeps, [Some(365)]);
    }

    /// The days of the `zendesk/*` policy made of `text`'s schedules, and the errors.
    fn schedule_days(text: &str) -> (Option<u64>, Vec<String>) {
        let mut model = Model::default();
        let mut errors = Vec::new();
        load(&node(text), &mut model, &mut errors);
        assert!(model.join(|_| String::new()).is_empty());
        let days = model
            .policies
            .iter()
            .map(|p| p.closed_tickets.as_ref().map(|d| d.value.as_days()))
            .collect::<Vec<_>>();
        assert!(days.len() <= 1, "{days:?}");
        let messages = errors.into_iter().map(|e| e.message).collect();
        (days.into_iter().flatten().next(), messages)
    }

    #[test]
    fn a_narrowed_or_unreadable_schedule_sets_no_period() {
        // Untagged tickets are kept forever: P30D (raised to 120 days) must not stand for them.
        let narrowed = r#"{"deletion_schedules":[{"id":1,"active":true,"object":"zen:ticket","conditions":{"all":[{"field":"duration_since_last_update","operator":"greater_than","value":"P30D"},{"field":"current_tags","operator":"includes","value":"test_ticket"}],"any":[]}}]}"#;
        assert_eq!(schedule_days(narrowed), (None, vec![]));
        // In `any`, the bound read before the condition in error was kept too.
        let unreadable = r#"{"deletion_schedule": {"active": true, "conditions": {"any": [
            {"field": "duration_since_last_update", "operator": "greater_than", "value": "P1Y"},
            {"field": "duration_since_last_update", "operator": "greater_than", "value": "two years"}]}}}"#;
        assert_eq!(
            schedule_days(unreadable),
            (None, vec!["`two years` is not a duration".into()])
        );
        // A whole schedule beside it still bounds every ticket.
        let beside = r#"{"deletion_schedules":[
          {"active":true,"conditions":{"all":[{"field":"duration_since_last_update","operator":"greater_than","value":"P30D"},{"field":"current_tags","operator":"includes","value":"test_ticket"}]}},
          {"active":true,"conditions":{"all":[{"field":"duration_since_last_update","operator":"greater_than","value":"P2Y"}]}}]}"#;
        assert_eq!(schedule_days(beside), (Some(730), vec![]));
        // In `any`, a narrowing condition only deletes more: the period there bounds every
        // ticket, and a condition that cannot be read still bounds nothing.
        let any = r#"{"deletion_schedules":[{"active":true,"conditions":{
          "all":[{"field":"duration_since_last_update","operator":"greater_than","value":"P2Y"}],
          "any":[{"field":"current_tags","operator":"includes","value":"spam"},
                 {"field":"duration_since_last_update","operator":"greater_than","value":"P3Y"}]}}]}"#;
        assert_eq!(schedule_days(any), (Some(1095), vec![]));
        let bad = any.replace(r#""value":"P3Y""#, r#""value":"3 years""#);
        assert_eq!(
            schedule_days(&bad),
            (None, vec!["`3 years` has an unknown unit".into()])
        );
        // `all` that is no list: that error alone.
        let mapping = r#"{"deletion_schedule": {"active": true, "conditions": {"all":
            {"field": "duration_since_last_update", "operator": "greater_than", "value": "P1Y"}}}}"#;
        let (days, errors) = schedule_days(mapping);
        assert_eq!(days, None);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("expected a list"), "{errors:?}");
        // An `any` of narrowing conditions alone lets the other tickets live on: Zendesk's
        // documented example (closed, and of low priority).
        let only = r#"{"deletion_schedule": {"active": true, "conditions": {
            "all": [{"field": "status", "operator": "is", "value": "closed"}],
            "any": [{"field": "priority", "operator": "is", "value": "low"}]}}}"#;
        assert_eq!(schedule_days(only), (None, vec![]));
    }

    #[test]
    fn status_closed_narrows_nothing() {
        // Schedules delete only archived tickets, which are closed.
        let closed = r#"{"deletion_schedules":[{"id":1,"active":true,"object":"zen:ticket","conditions":{"all":[{"field":"status","operator":"is","value":"closed"},{"field":"duration_since_last_update","operator":"greater_than","value":"P1Y"}],"any":[]}}]}"#;
        assert_eq!(schedule_days(closed), (Some(365), vec![]));
        // In `any` it holds for every archived ticket: the `all` period alone bounds them.
        let any = r#"{"deletion_schedule": {"active": true, "conditions": {
            "all": [{"field": "duration_since_last_update", "operator": "greater_than", "value": "P1Y"}],
            "any": [{"field": "status", "operator": "is", "value": "closed"},
                    {"field": "duration_since_last_update", "operator": "greater_than", "value": "P2Y"}]}}}"#;
        assert_eq!(schedule_days(any), (Some(365), vec![]));
        // Any other status narrows the schedule.
        let solved = closed.replace(r#""value":"closed""#, r#""value":"solved""#);
        assert_eq!(schedule_days(&solved), (None, vec![]));
    }

    #[test]
    fn time_since_creation_bounds_every_ticket() {
        // Created more than three years ago holds no later than updated more than three
        // years ago: GitLab's "3 years from ticket creation".
        let created = r#"{"deletion_schedules":[{"active":true,"object":"zen:ticket","conditions":{"all":[{"field":"duration_since_created_at","operator":"greater_than","value":"P3Y"}],"any":[]}}]}"#;
        assert_eq!(schedule_days(created), (Some(1095), vec![]));
        let younger = created.replace("greater_than", "less_than");
        assert_eq!(
            schedule_days(&younger),
            (
                None,
                vec!["operator `less_than` does not bound how long tickets are kept".into()]
            )
        );
    }

    #[test]
    fn status_closed_alone_deletes_tickets_once_archived() {
        // Zendesk's own example: every ticket goes once archived, 120 days after closing.
        let closed = r#"{"deletion_schedules":[{"id":1,"active":true,"object":"zen:ticket","conditions":{"all":[{"field":"status","operator":"is","value":"closed"}],"any":[]}}]}"#;
        assert_eq!(schedule_days(closed), (Some(120), vec![]));
        // In `any`, closed tickets go once archived, before the P2Y there can delete them.
        let any = r#"{"deletion_schedule": {"active": true, "conditions": {"all": [], "any": [
            {"field": "status", "operator": "is", "value": "closed"},
            {"field": "duration_since_last_update", "operator": "greater_than", "value": "P2Y"}]}}}"#;
        assert_eq!(schedule_days(any), (Some(120), vec![]));
        // The period is at the condition that sets it.
        let mut model = Model::default();
        let mut errors = Vec::new();
        load(&node(closed), &mut model, &mut errors);
        assert!(model.join(|_| String::new()).is_empty());
        let span = model.policies[0].closed_tickets.as_ref().unwrap().span;
        assert_eq!(
            &closed[span.start as usize..span.end as usize],
            r#""closed""#
        );
        // Without any condition, nothing says how long tickets stay.
        let none =
            r#"{"deletion_schedule": {"active": true, "conditions": {"all": [], "any": []}}}"#;
        assert_eq!(
            schedule_days(none),
            (
                None,
                vec!["deletion schedule has no condition in `all` or `any`".into()]
            )
        );
    }

    #[test]
    fn tickets_stay_until_archived() {
        // Zendesk deletes only archived tickets, archived 120 days after they close.
        for (period, days) in [("P30D", 120), ("P120D", 120), ("P6M", 180)] {
            let mut model = Model::default();
            let mut errors = Vec::new();
            load(&node(&schedule(period)), &mut model, &mut errors);
            assert!(model.join(|_| String::new()).is_empty());
            let p = &model.policies[0];
            assert_eq!(
                p.closed_tickets.as_ref().map(|d| d.value.as_days()),
                Some(days),
                "{period}"
            );
        }
    }
}
