//! Help-desk exports come in pieces: the ticket fields in one file, the forms that show them
//! in another, deletion schedules in a third. Format adapters load each piece as it is, into
//! [`Exports`]; once every file is loaded, [`Model::join`] turns the pieces into [`Form`]s.
//!
//! Joining works on the vendors' ids alone: it knows no vendor's file format, and no rule.

use std::collections::HashMap;

use super::{Audience, Capabilities, Duration, Field, Form, Model, Processor, RetentionPolicy};
use crate::diag::Error;
use crate::source::{FileId, Span, Spanned};

/// Parts of help-desk exports waiting to be joined.
#[derive(Debug, Default)]
pub struct Exports {
    pub tables: Vec<FieldTable>,
    pub forms: Vec<FormDraft>,
    /// Deletion schedules, per file: joined into one retention policy per help desk (the
    /// shortest schedule deletes first, whichever file it is in).
    pub deletions: Vec<Deletion>,
}

impl Exports {
    pub fn extend(&mut self, other: Exports) {
        self.tables.extend(other.tables);
        self.forms.extend(other.forms);
        self.deletions.extend(other.deletions);
    }

    pub fn is_empty(&self) -> bool {
        self.tables.is_empty() && self.forms.is_empty() && self.deletions.is_empty()
    }
}

/// What a help desk's deletion schedules in one file delete, after how long.
#[derive(Debug, Clone)]
pub struct Deletion {
    /// The help desk: its forms are `<vendor>/...`, and it is the processor `<vendor>`.
    pub vendor: &'static str,
    /// The help desk's name, for the processor it implies.
    pub name: &'static str,
    /// The shortest period after which closed tickets are deleted, and where the schedule
    /// says what it deletes.
    pub tickets: Option<(Spanned<Duration>, Span)>,
    /// The shortest period after which attachments are deleted.
    pub attachments: Option<Spanned<Duration>>,
    /// The file's schedule list.
    pub span: Span,
}

fn shorter<T>(a: &mut Option<T>, b: Option<T>, days: impl Fn(&T) -> u64) {
    if let Some(b) = b {
        if a.as_ref().is_none_or(|a| days(&b) < days(a)) {
            *a = Some(b);
        }
    }
}

/// The fields of one export file, keyed by the vendor's field ids.
#[derive(Debug, Clone)]
pub struct FieldTable {
    /// The vendor: forms refer to this vendor's tables only, and form ids start with it.
    pub vendor: &'static str,
    /// Where the table starts: the form made of this table alone points here.
    pub span: Span,
    pub fields: Vec<TableField>,
    pub capabilities: Capabilities,
    /// The input format's name.
    pub format: &'static str,
}

impl FieldTable {
    /// Adds `field`, unless the table has a field with its key already: then the field is
    /// left out and `duplicate(key)` is reported at `key_span`.
    pub fn add(
        &mut self,
        field: TableField,
        key_span: Span,
        errors: &mut Vec<Error>,
        duplicate: impl FnOnce(&str) -> String,
    ) {
        if self.fields.iter().any(|t| t.key == field.key) {
            errors.push(Error::at(key_span, duplicate(&field.key)));
            return;
        }
        self.fields.push(field);
    }
}

#[derive(Debug, Clone)]
pub struct TableField {
    /// The vendor's id for the field, as forms list it.
    pub key: String,
    /// Inactive fields are shown on no form.
    pub active: bool,
    /// The field as end users see it (`visible`: they can fill it in; `required` for them).
    pub field: Field,
    /// Whether agents must fill it in, on forms only agents use.
    pub agent_required: Option<Spanned<bool>>,
}

/// A form that lists its fields by the vendor's ids.
#[derive(Debug, Clone)]
pub struct FormDraft {
    pub vendor: &'static str,
    /// The form, with no fields yet.
    pub form: Form,
    pub field_ids: Vec<Spanned<String>>,
    /// The list of field ids, for errors about the whole list.
    pub list_span: Span,
    /// Fields a condition of the form makes required (when another field has some value):
    /// field id and where the form says so.
    pub required: Vec<(String, Spanned<bool>)>,
    /// Fields the form shows only for some values of another field: field id and the
    /// alternatives it is within ([`crate::model::Field::alternatives`]).
    pub alternatives: Vec<(String, Vec<(u32, u32)>)>,
}

impl Model {
    /// Joins help-desk export parts into forms. A vendor's forms take their fields from every
    /// field table of that vendor (the first definition of an id wins, files in sorted order);
    /// a vendor with field tables but no forms gets one form per table, named
    /// `<vendor>/<file stem>` (`file_stem` gives the stem of a file id).
    pub fn join(&mut self, file_stem: impl Fn(FileId) -> String) -> Vec<Error> {
        let exports = std::mem::take(&mut self.exports);
        let mut errors = Vec::new();
        let joined_from = self.forms.len();
        let mut vendors: Vec<&'static str> = Vec::new();
        // Per vendor, each field id's first definition.
        let mut by_id: HashMap<(&str, &str), &TableField> = HashMap::new();
        for t in &exports.tables {
            for f in &t.fields {
                by_id.entry((t.vendor, f.key.as_str())).or_insert(f);
            }
        }
        for draft in &exports.forms {
            if !exports.tables.iter().any(|t| t.vendor == draft.vendor) {
                errors.push(
                    Error::at(
                        draft.list_span,
                        format!(
                            "form `{}` lists its fields by id, but no field export was loaded",
                            draft.form.id.value
                        ),
                    )
                    .with_help(
                        "check the ticket-field export together with the forms, or list it under `context:` in datamin.yaml",
                    ),
                );
                continue;
            }
            let mut form = draft.form.clone();
            for id in &draft.field_ids {
                let Some(t) = by_id.get(&(draft.vendor, id.value.as_str())) else {
                    errors.push(
                        Error::at(
                            id.span,
                            format!(
                                "form `{}` uses field {}, which no loaded field export defines",
                                form.id.value, id.value
                            ),
                        )
                        .with_help(
                            "export every page of the ticket fields (an export whose `next_page` is set is not complete) and check it with the forms",
                        ),
                    );
                    continue;
                };
                if !t.active || form.fields.iter().any(|f| f.path == t.field.path) {
                    continue;
                }
                let mut field = t.field.clone();
                if form.audience == Audience::Agent {
                    // Agents see every field of a form only agents use.
                    field.visible = true;
                    field.required.clone_from(&t.agent_required);
                }
                if !field.is_required() {
                    if let Some((_, r)) = draft.required.iter().find(|(k, _)| *k == t.key) {
                        field.required = Some(r.clone());
                    }
                }
                if let Some((_, within)) = draft.alternatives.iter().find(|(k, _)| *k == t.key) {
                    field.alternatives.clone_from(within);
                }
                form.fields.push(field);
            }
            self.forms.push(form);
            vendors.push(draft.vendor);
        }
        for table in &exports.tables {
            if exports.forms.iter().any(|d| d.vendor == table.vendor) {
                continue;
            }
            let id = format!("{}/{}", table.vendor, file_stem(table.span.file));
            self.forms.push(Form {
                id: Spanned::new(id, table.span),
                title: None,
                notices: Vec::new(),
                processors: Vec::new(),
                fields: table
                    .fields
                    .iter()
                    .filter(|t| t.active)
                    .map(|t| t.field.clone())
                    .collect(),
                audience: Audience::EndUser,
                public: false,
                capabilities: table.capabilities,
                format: table.format,
                records: "tickets",
                id_from_file_name: true,
            });
            vendors.push(table.vendor);
        }
        // Each help desk's schedules, from every file (in path order): the shortest deletes
        // first. They become one policy for `<vendor>/*` at processor `<vendor>`, which keeps
        // tickets as long as they say, unless a processor of that id is declared.
        let mut deletions: Vec<Deletion> = Vec::new();
        for d in exports.deletions {
            match deletions.iter_mut().find(|m| m.vendor == d.vendor) {
                None => deletions.push(d),
                Some(m) => {
                    shorter(&mut m.tickets, d.tickets, |(t, _)| t.value.as_days());
                    shorter(&mut m.attachments, d.attachments, |a| a.value.as_days());
                }
            }
        }
        for d in deletions {
            // Without a ticket schedule nothing bounds how long tickets are kept.
            let Some((closed, at)) = d.tickets else {
                continue;
            };
            let glob = format!("{}/*", d.vendor);
            let Ok(matcher) = globset::Glob::new(&glob).map(|g| g.compile_matcher()) else {
                continue;
            };
            let processor = Spanned::new(d.vendor.to_string(), d.span);
            self.policies.push(RetentionPolicy {
                forms: vec![Spanned::new(glob, at)],
                matchers: vec![matcher],
                processor: Some(processor.clone()),
                closed_tickets: Some(closed.clone()),
                free_text: None,
                attachments: d.attachments,
                backups: None,
                span: d.span,
                implied: true,
                damaged: false,
            });
            if self.processor(d.vendor).is_none() {
                self.processors.push(Processor {
                    id: processor,
                    name: Some(Spanned::new(d.name.to_string(), d.span)),
                    third_party: Some(Spanned::new(true, d.span)),
                    keeps: Some(closed),
                });
            }
        }
        // The help desk holds what its own export describes: its forms are sent to the
        // processor of the vendor's id (declared, or implied by its deletion schedules), when
        // there is one; without one they are the company's own, as before.
        for (form, vendor) in self.forms[joined_from..].iter_mut().zip(vendors) {
            if form.processors.is_empty() && self.processors.iter().any(|p| p.id.value == vendor) {
                form.processors
                    .push(Spanned::new(vendor.to_string(), form.id.span));
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldKind;

    fn text(s: &str, at: usize) -> Spanned<String> {
        Spanned::new(s.to_string(), Span::new(0, at, at + 1))
    }

    fn field(key: &str, visible: bool) -> TableField {
        TableField {
            key: key.to_string(),
            active: key != "3",
            field: Field {
                id: text(key, 0),
                path: format!("v/field/{key}"),
                label: None,
                kind: Spanned::new(FieldKind::Text, Span::default()),
                description: None,
                placeholder: None,
                required: None,
                max_length: None,
                options: Vec::new(),
                purpose: None,
                value: None,
                visible,
                collects_logs: false,
                pattern: None,
                masked: false,
                item_label: None,
                item_description: None,
                alternatives: Vec::new(),
            },
            agent_required: Some(Spanned::new(true, Span::default())),
        }
    }

    fn table() -> FieldTable {
        FieldTable {
            vendor: "v",
            span: Span::new(1, 0, 1),
            fields: vec![field("1", true), field("2", false), field("3", true)],
            capabilities: Capabilities {
                max_length: false,
                purpose: false,
                fix_max_length: "a length limit",
                fix_purpose: "a declared purpose",
                held: &[],
            },
            format: "v",
        }
    }

    fn draft(audience: Audience, ids: &[&str]) -> FormDraft {
        let t = table();
        FormDraft {
            vendor: "v",
            form: Form {
                id: text("v/form", 0),
                title: None,
                notices: Vec::new(),
                processors: Vec::new(),
                fields: Vec::new(),
                audience,
                public: false,
                capabilities: t.capabilities,
                format: "v",
                records: "tickets",
                id_from_file_name: false,
            },
            field_ids: ids.iter().map(|i| text(i, 5)).collect(),
            list_span: Span::default(),
            required: vec![("1".to_string(), Spanned::new(true, Span::default()))],
            alternatives: Vec::new(),
        }
    }

    #[test]
    fn forms_take_active_fields_by_id_and_unknown_ids_are_errors() {
        let mut m = Model::default();
        m.exports.tables.push(table());
        m.exports
            .forms
            .push(draft(Audience::EndUser, &["2", "1", "3", "1", "9"]));
        let errors = m.join(|_| "stem".into());
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("field 9"), "{errors:?}");
        assert_eq!(
            m.forms.len(),
            1,
            "a table with forms makes no form of its own"
        );
        let f = &m.forms[0];
        let keys: Vec<&str> = f.fields.iter().map(|f| f.id.value.as_str()).collect();
        assert_eq!(keys, ["2", "1"]);
        assert!(!f.fields[0].visible);
        assert!(f.fields[1].is_required(), "required by a condition");
    }

    #[test]
    fn agent_forms_show_every_field_and_use_agent_requirements() {
        let mut m = Model::default();
        m.exports.tables.push(table());
        m.exports.forms.push(draft(Audience::Agent, &["2"]));
        assert!(m.join(|_| "stem".into()).is_empty());
        assert!(m.forms[0].fields[0].visible);
        assert!(m.forms[0].fields[0].is_required());
    }

    #[test]
    fn a_table_alone_is_one_form_named_after_its_file() {
        let mut m = Model::default();
        m.exports.tables.push(table());
        assert!(m.join(|f| format!("file{f}")).is_empty());
        assert_eq!(m.forms[0].id.value, "v/file1");
        assert_eq!(m.forms[0].fields.len(), 2, "the inactive field is left out");
    }

    #[test]
    fn a_key_already_in_the_table_is_an_error_and_left_out() {
        let mut t = table();
        let mut errors = Vec::new();
        let at = Span::new(1, 7, 8);
        t.add(field("2", true), at, &mut errors, |k| format!("dup {k}"));
        t.add(field("4", true), at, &mut errors, |k| format!("dup {k}"));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].message, "dup 2");
        assert_eq!(errors[0].span, Some(at));
        let keys: Vec<&str> = t.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["1", "2", "3", "4"]);
        assert!(!t.fields[1].field.visible, "the first definition stays");
    }

    #[test]
    fn forms_without_any_table_are_errors() {
        let mut m = Model::default();
        m.exports.forms.push(draft(Audience::EndUser, &["1"]));
        let errors = m.join(|_| String::new());
        assert_eq!(errors.len(), 1);
        assert!(m.forms.is_empty());
    }
}
