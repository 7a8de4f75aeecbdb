//! JSON Schema forms (draft-07 and 2020-12), read the way react-jsonschema-form renders them,
//! with an optional uiSchema beside the schema: `X.schema.json` and `X.uischema.json`.
//!
//! Every property that is not an object becomes a field; nested objects give dotted ids
//! (`contact.email`), arrays of objects `[]` (`transactions[].notes`). Local `$ref`s
//! (`#/definitions/x`, `#/$defs/x`, any `#/...` pointer) are followed, with their sibling
//! keywords taking precedence as in 2020-12; `allOf` parts are merged; properties that only
//! `oneOf`/`anyOf`/`then`/`else`/`dependentSchemas` show are fields too, and what they require
//! (when they apply: `then`/`else` beside an `if`) is required.
//!
//! Unknown keywords are not errors (JSON Schema allows them); known keywords of the wrong type
//! are. `purpose` is read as an annotation keyword, so a field can say why it is needed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{head, Detection, Document, Format};
use crate::diag::{suggestion, Error};
use crate::model::{Audience, Capabilities, Field, FieldKind, Form, Model};
use crate::source::Spanned;
use crate::syntax::{Node, NodeKind};

pub const FORMAT: Format = Format {
    name: "jsonschema",
    detect,
    load,
};

pub const CAPABILITIES: Capabilities = Capabilities {
    max_length: true,
    purpose: true,
    fix_max_length: "`maxLength`",
    fix_purpose: "a `purpose` keyword",
    held: &[],
};

const UISCHEMA: &str = "a react-jsonschema-form uiSchema: name it `X.uischema.json` beside `X.schema.json` and it is read with its schema";

/// Longest chain of `$ref`s followed from one schema.
const MAX_REF_CHAIN: usize = 32;
/// Deepest nesting of objects and arrays in the form.
const MAX_NESTING: usize = 32;
/// Most schemas expanded in one file: `$ref`s can multiply a small file into a huge form.
const MAX_EXPANSIONS: usize = 50_000;

const TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "object", "array", "null",
];

/// `X` of `X.schema.json` (or `.jsonc`, `.yaml`, `.yml`); never a uiSchema.
fn schema_stem(name: &str) -> Option<&str> {
    let stem = [
        ".schema.json",
        ".schema.jsonc",
        ".schema.yaml",
        ".schema.yml",
    ]
    .iter()
    .find_map(|s| name.strip_suffix(s))?;
    (!stem.ends_with(".ui") && !stem.is_empty()).then_some(stem)
}

/// `X.uischema.json` for `X.schema.json` (`uischema.json` for `schema.json`).
pub fn uischema_path(schema: &Path) -> Option<PathBuf> {
    let name = crate::source::file_name(schema)?.to_str()?;
    // JSON Forms' own layout (its seed project): `schema.json` and `uischema.json`.
    if name == "schema.json" {
        return Some(schema.with_file_name("uischema.json"));
    }
    let stem = name.strip_suffix(".schema.json")?;
    if stem.ends_with(".ui") || stem.is_empty() {
        return None;
    }
    Some(schema.with_file_name(super::joined(stem, '.', "uischema.json")))
}

/// `X.schema.json` for `X.uischema.json` (`schema.json` for `uischema.json`).
pub fn schema_path(uischema: &Path) -> Option<PathBuf> {
    let name = crate::source::file_name(uischema)?.to_str()?;
    if name == "uischema.json" {
        return Some(uischema.with_file_name("schema.json"));
    }
    let stem = name.strip_suffix(".uischema.json")?;
    (!stem.is_empty()).then(|| uischema.with_file_name(super::joined(stem, '.', "schema.json")))
}

fn str_of<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    node.get(key)?.value.as_str()
}

/// `true` (a flag such as `readOnly` or `options.readonly` that is set).
fn is_true(n: Option<&Node>) -> bool {
    matches!(n.map(|n| &n.kind), Some(NodeKind::Bool(true)))
}

/// String `format`s of a fixed shape (JSON Schema's identifiers, addresses and durations, and
/// react-jsonschema-form's `color`): a value people pick or paste, not free text, as the Rust
/// adapter reads `Uuid`, `Url` or `IpAddr`.
const FIXED_FORMATS: [&str; 11] = [
    "uuid",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "ipv4",
    "ipv6",
    "hostname",
    "idn-hostname",
    "duration",
    "color",
];

/// A `ui:` flag written `true` or `false` (`None` when it is not written as either).
fn ui_flag(ui: Option<&Node>, name: &str) -> Option<bool> {
    match ui_node(ui, name)?.kind {
        NodeKind::Bool(b) => Some(b),
        _ => None,
    }
}

/// Whether what is being read is closed to people: react-jsonschema-form passes an object's
/// or a list's `readonly` (its `readOnly`, or `ui:readonly`) and `disabled` (`ui:disabled`)
/// down to its members, at any depth, and a member's own `ui:readonly` or `ui:disabled`,
/// `true` or `false`, overrides what it is passed.
#[derive(Debug, Clone, Copy, Default)]
struct Locked {
    read_only: bool,
    disabled: bool,
}

/// `{"type": "null"}`: the "or nothing" branch of an `anyOf`/`oneOf`.
fn is_null_schema(n: &Node) -> bool {
    str_of(n, "type") == Some("null")
}

/// A uiSchema: `ui:` keys at the top or one level down, and no schema keywords.
fn is_uischema(root: &Node) -> bool {
    let Some(entries) = root.as_map() else {
        return false;
    };
    let schema_words = ["properties", "type", "$schema", "$ref", "items"];
    if entries
        .iter()
        .any(|e| schema_words.contains(&e.key.value.as_str()))
    {
        return false;
    }
    entries.iter().any(|e| {
        e.key.value.starts_with("ui:")
            || e.value
                .as_map()
                .is_some_and(|m| m.iter().any(|c| c.key.value.starts_with("ui:")))
    })
}

/// The element types of a JSON Forms UI schema (eclipsesource/jsonforms).
const JSONFORMS_TYPES: [&str; 8] = [
    "VerticalLayout",
    "HorizontalLayout",
    "Group",
    "Categorization",
    "Category",
    "Control",
    "Label",
    "ListWithDetail",
];

/// A JSON Forms UI schema: a layout of `elements` or a `Control` with a `scope`, not
/// react-jsonschema-form's mirror of the properties.
fn is_jsonforms(ui: &Node) -> bool {
    str_of(ui, "type").is_some_and(|t| JSONFORMS_TYPES.contains(&t))
        && (ui.get("elements").is_some() || ui.get("scope").is_some())
}

/// A JSON Forms control: the field it shows (by path, as the loader names fields), its
/// `label`, whether `options.multi` makes it a multi-line text box and `options.readonly`
/// a value people cannot change, and where its `scope` is.
struct Control {
    path: String,
    label: Option<Spanned<String>>,
    multi: bool,
    read_only: bool,
    scope: crate::source::Span,
}

/// Every control of a JSON Forms layout, depth first.
fn jsonforms_controls(node: &Node, out: &mut Vec<Control>, depth: usize) {
    if depth > MAX_NESTING {
        return;
    }
    if str_of(node, "type") == Some("Control") {
        if let Some(scope) = node.get("scope") {
            if let Some(path) = scope.value.as_str().and_then(scope_path) {
                let label = node.get("label").and_then(|l| {
                    l.value
                        .as_str()
                        .map(|s| Spanned::new(s.to_string(), l.value.span))
                });
                let option = |name: &str| {
                    node.get("options")
                        .and_then(|o| o.value.get(name))
                        .is_some_and(|m| is_true(Some(&m.value)))
                };
                out.push(Control {
                    path,
                    label,
                    multi: option("multi"),
                    read_only: option("readonly"),
                    scope: scope.value.span,
                });
            }
        }
    }
    if let Some(NodeKind::Seq(items)) = node.get("elements").map(|e| &e.value.kind) {
        for item in items {
            jsonforms_controls(item, out, depth + 1);
        }
    }
}

/// A control's `scope` (`#/properties/a/items/properties/b`) as a field path (`a[].b`).
fn scope_path(scope: &str) -> Option<String> {
    let mut segments = scope.strip_prefix("#/")?.split('/');
    let mut path = String::new();
    while let Some(s) = segments.next() {
        match s {
            "properties" => {
                let name = percent_decode(segments.next()?)
                    .replace("~1", "/")
                    .replace("~0", "~");
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&name);
            }
            "items" => path.push_str("[]"),
            _ => return None,
        }
    }
    (!path.is_empty()).then_some(path)
}

fn detect(doc: &Document<'_>) -> Detection {
    let root = doc.root;
    if root.as_map().is_none() {
        return Detection::No;
    }
    let declared = str_of(root, "$schema").is_some_and(|s| s.contains("json-schema.org"));
    let properties = root
        .get("properties")
        .is_some_and(|e| e.value.as_map().is_some());
    let object = str_of(root, "type") == Some("object");
    if declared || object && properties || schema_stem(doc.file_name()).is_some() {
        Detection::Strong
    } else if is_uischema(root) {
        Detection::NotAForm(UISCHEMA)
    } else if properties {
        Detection::Weak
    } else {
        Detection::No
    }
}

/// A schema as seen through its `$ref`s and `allOf` parts: the first layer that has a
/// keyword gives it.
#[derive(Debug, Clone, Default)]
struct View<'a> {
    layers: Vec<&'a Node>,
    /// The indices in `layers` (ascending) of the layers that came in through an `allOf`
    /// part: mixins many schemas share, which say nothing about recursion. Most schemas have
    /// none, and an empty list costs no allocation.
    mixins: Vec<usize>,
}

impl<'a> View<'a> {
    /// The layers that are the schema itself or what its `$ref`s name (not mixins): what
    /// a descendant refers back to when the schema is recursive.
    fn own_layers(&self) -> impl Iterator<Item = &'a Node> + '_ {
        self.layers
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.is_mixin(*i))
            .map(|(_, l)| *l)
    }

    fn is_mixin(&self, layer: usize) -> bool {
        self.mixins.binary_search(&layer).is_ok()
    }

    fn get(&self, key: &str) -> Option<&'a Node> {
        self.layers
            .iter()
            .find_map(|l| l.get(key))
            .map(|e| &e.value)
            .filter(|v| !matches!(v.kind, NodeKind::Null))
    }

    fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn contains(&self, node: &Node) -> bool {
        self.layers.iter().any(|l| std::ptr::eq(*l, node))
    }
}

/// Property names (as written) and their schemas.
/// An object's properties: each name and schema, with the purpose of the alternative that
/// adds it (a `oneOf` branch's `purpose`), if any, and the alternatives it is within
/// ([`Field::alternatives`], relative to the object).
type Prop<'a> = (
    &'a Spanned<String>,
    &'a Node,
    Option<Spanned<String>>,
    Within,
);

/// The alternatives a property or field is within ([`Field::alternatives`]).
type Within = Vec<(u32, u32)>;
type Props<'a> = Vec<Prop<'a>>;

struct Loader<'a, 'e> {
    root: &'a Node,
    errors: &'e mut Vec<Error>,
    form_id: String,
    fields: Vec<Field>,
    notices: Vec<Spanned<String>>,
    /// Schemas being expanded, to stop on recursive schemas (a tree of comments).
    stack: Vec<&'a Node>,
    expansions: usize,
    /// The expansion budget ran out (reported once).
    exhausted: bool,
    /// The `$ref`s being followed by [`Loader::view`], kept from view to view (a list a
    /// property otherwise).
    chain: Vec<&'a Node>,
    /// The controls of a JSON Forms UI schema, when the companion is one.
    controls: Vec<Control>,
    /// The schemas under an `$id`, once a reference needs them.
    resources: Option<Resources<'a>>,
    /// How many of the objects being read can be left out whole (`null` allowed): below
    /// one, no member is required, whatever the object's `required` says.
    optional: usize,
    /// What the objects and lists being read pass down to their members.
    locked: Locked,
    /// The purpose of the nearest object or list being read that declares one: its members
    /// without a purpose of their own have it (`purpose` on `shipping` says why its street
    /// and city are asked).
    purpose: Option<Spanned<String>>,
    /// The alternatives the object being read is within ([`Field::alternatives`]).
    alternatives: Within,
    /// Groups of alternatives numbered so far in the form.
    groups: u32,
    /// How many lists the object being read is an entry of: each entry of a list takes a
    /// branch of its own, so the branches of a choice within it are all sent together.
    lists: usize,
}

/// The schemas a document holds under an `$id` (a bundle), by their `$id` resolved against
/// the root's.
#[derive(Default)]
struct Resources<'a> {
    root_id: Option<String>,
    ids: Vec<(String, &'a Node)>,
    /// `$anchor`s (and draft-07's fragment `$id`s, `#name`), first of each name.
    anchors: HashMap<String, &'a Node>,
}

/// Every schema below `node` under an `$id` (resolved against `base`) or an anchor.
fn collect_ids<'a>(node: &'a Node, base: &str, out: &mut Resources<'a>, depth: usize) {
    if depth > MAX_NESTING * 2 {
        return;
    }
    match &node.kind {
        NodeKind::Map(entries) => {
            if let Some(a) = str_of(node, "$anchor") {
                out.anchors.entry(a.to_string()).or_insert(node);
            }
            if let Some(id) = str_of(node, "$id").filter(|_| depth > 0) {
                match id.strip_prefix('#') {
                    // Draft-07 named a subschema with a fragment `$id`: an anchor.
                    Some(name) => {
                        out.anchors.entry(name.to_string()).or_insert(node);
                    }
                    None => out
                        .ids
                        .push((resolve_uri(base, id.split('#').next().unwrap_or(id)), node)),
                }
            }
            for e in entries {
                // `const`, `enum`, `default` and `examples` hold data, not schemas.
                if !matches!(
                    e.key.value.as_str(),
                    "const" | "enum" | "default" | "examples"
                ) {
                    collect_ids(&e.value, base, out, depth + 1);
                }
            }
        }
        NodeKind::Seq(items) => {
            for n in items {
                collect_ids(n, base, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// `reference` resolved against the absolute URI `base` (RFC 3986, without dot segments):
/// an absolute reference as it is; `//host/x`, `/x` and `x` against the base's scheme, host
/// and folder.
fn resolve_uri(base: &str, reference: &str) -> String {
    let scheme_end = |s: &str| {
        s.find(':').filter(|&i| {
            i > 0
                && s[..i]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        })
    };
    if scheme_end(reference).is_some() || base.is_empty() {
        return reference.to_string();
    }
    let base = base.split('#').next().unwrap_or(base);
    let Some(colon) = scheme_end(base) else {
        return reference.to_string();
    };
    if let Some(rest) = reference.strip_prefix("//") {
        return format!("{}//{rest}", &base[..=colon]);
    }
    let after = &base[colon + 1..];
    let authority_end = after
        .strip_prefix("//")
        .map_or(colon + 1, |a| colon + 3 + a.find('/').unwrap_or(a.len()));
    if reference.starts_with('/') {
        return format!("{}{reference}", &base[..authority_end]);
    }
    if reference.is_empty() {
        return base.to_string();
    }
    let folder = base[authority_end..]
        .rfind('/')
        .map_or(authority_end, |i| authority_end + i + 1);
    if folder == authority_end {
        return format!("{}/{reference}", &base[..authority_end]);
    }
    format!("{}{reference}", &base[..folder])
}

fn load(doc: &Document<'_>, model: &mut Model, errors: &mut Vec<Error>) {
    let root = doc.root;
    if let Err(e) = root.map() {
        errors.push(e);
        return;
    }
    let ui = match doc.companion {
        Some(u) if u.as_map().is_some() => Some(u),
        Some(u) if matches!(u.kind, NodeKind::Null) => None,
        Some(u) => {
            errors.push(Error::at(
                u.span,
                format!("expected a uiSchema (a mapping), found {}", u.type_name()),
            ));
            None
        }
        None => None,
    };
    // A JSON Forms layout says how fields show, not which: its controls' labels and
    // multi-line text boxes apply by path.
    let mut controls = Vec::new();
    let ui = match ui {
        Some(u) if is_jsonforms(u) => {
            jsonforms_controls(u, &mut controls, 0);
            None
        }
        u => u,
    };
    let name = doc.file_name();
    let form_id = schema_stem(name)
        .map(str::to_string)
        .or_else(|| {
            crate::source::file_stem(doc.path)
                .and_then(|s| s.to_str())
                .map(str::to_string)
        })
        .unwrap_or_default();
    let mut l = Loader {
        root,
        errors,
        form_id,
        fields: Vec::new(),
        notices: Vec::new(),
        stack: Vec::new(),
        expansions: 0,
        exhausted: false,
        chain: Vec::new(),
        controls,
        resources: None,
        optional: 0,
        locked: Locked::default(),
        purpose: None,
        alternatives: Vec::new(),
        groups: 0,
        lists: 0,
    };
    for key in ["definitions", "$defs"] {
        if let Some(d) = root.get(key) {
            if let Err(e) = d.value.map() {
                l.errors.push(e);
            }
        }
    }
    let view = l.view(root);
    let title = l
        .ui_string(ui, "title")
        .or_else(|| l.string(&view, "title"));
    let id_span = title
        .as_ref()
        .map(|t| t.span)
        .or_else(|| root.get("$id").map(|e| e.value.span))
        .unwrap_or_else(|| head(root));
    let description = l.string(&view, "description");
    l.notices.extend(description);
    let ui_description = l.ui_string(ui, "description");
    l.notices.extend(ui_description);
    // The root is an object with properties; a root of another type is one field, named
    // after the form; a schema with neither (a library of `$defs`) has no fields.
    let key = Spanned::new(l.form_id.clone(), id_span);
    if is_object(&view) {
        l.object(&view, "", ui, 0);
    } else if is_array(&view) {
        l.array(&key, key.value.clone(), &view, None, ui, 0);
    } else if view.has("type") {
        let ty = l.type_of(&view);
        l.leaf(
            &key,
            key.value.clone(),
            &view,
            (&view, ty.as_ref()),
            false,
            None,
            ui,
        );
    }
    // A control whose scope names no field shows nothing (JSON Forms finds no renderer for
    // it): a typo that leaves its label and multi-line box unapplied.
    let stray: Vec<Error> = l
        .controls
        .iter()
        .filter(|c| {
            // The field itself, or one nested in it (a control of an object or a list).
            !l.fields.iter().any(|f| {
                f.id.value
                    .strip_prefix(c.path.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
            })
        })
        .map(|c| {
            let names = l.fields.iter().map(|f| f.id.value.as_str());
            let mut e = Error::at(
                c.scope,
                format!("JSON Forms control scope names no property: `{}`", c.path),
            );
            e.help = suggestion(&c.path, names);
            e
        })
        .collect();
    l.errors.extend(stray);
    let form = Form {
        id: Spanned::new(l.form_id.clone(), id_span),
        title,
        notices: std::mem::take(&mut l.notices),
        processors: Vec::new(),
        fields: std::mem::take(&mut l.fields),
        audience: Audience::EndUser,
        public: false,
        capabilities: CAPABILITIES,
        format: "jsonschema",
        records: "tickets",
        id_from_file_name: true,
    };
    model.forms.push(form);
}

/// Whether a `oneOf`/`anyOf` branch is one people choose by a value: one of its own
/// `properties` is a `const` or an `enum` (`{"properties": {"kind": {"const": "refund"}, ...},
/// "required": ["iban"]}`).
fn selects(branch: &Node) -> bool {
    branch
        .get("properties")
        .and_then(|p| p.value.as_map())
        .unwrap_or_default()
        .iter()
        .any(|e| e.value.get("const").is_some() || e.value.get("enum").is_some())
}

/// Whether `node` is read now: not read yet, or read only where its `required` did not
/// apply and now where it does.
fn first_read(seen: &mut HashMap<*const Node, bool>, node: &Node, applies: bool) -> bool {
    match seen.insert(std::ptr::from_ref(node), applies) {
        None => true,
        Some(before) => {
            if before && !applies {
                // Keep the stronger reading.
                seen.insert(std::ptr::from_ref(node), true);
            }
            applies && !before
        }
    }
}

fn is_object(view: &View<'_>) -> bool {
    match view.get("type").map(|t| &t.kind) {
        Some(NodeKind::Str(t)) => t == "object",
        Some(NodeKind::Seq(ts)) => ts.iter().any(|t| t.as_str() == Some("object")),
        _ => view.has("properties"),
    }
}

/// Whether `null` is a value the schema allows: a `type` list that names it, or an
/// `anyOf`/`oneOf` of the schema (or of what its `$ref`s name) with a `{"type": "null"}`
/// branch. (A part of `allOf` allowing it is not enough: the others must too.) The `type`
/// that counts is the schema's own (or that of what its `$ref`s name), and every `allOf`
/// part naming a `type` must name `null` too.
fn allows_null(view: &View<'_>) -> bool {
    fn type_of(l: &Node) -> Option<&Node> {
        l.get("type")
            .map(|e| &e.value)
            .filter(|v| !matches!(v.kind, NodeKind::Null))
    }
    let names_null = |t: &Node| match &t.kind {
        NodeKind::Seq(types) => types.iter().any(|t| t.as_str() == Some("null")),
        NodeKind::Str(t) => t == "null",
        _ => false,
    };
    let own = view.own_layers().find_map(type_of);
    let mixins = view
        .mixins
        .iter()
        .filter_map(|&i| type_of(view.layers.get(i)?));
    let mut types = own.into_iter().chain(mixins).peekable();
    if types.peek().is_some() && types.all(names_null) {
        return true;
    }
    view.own_layers().any(|l| {
        ["anyOf", "oneOf"].iter().any(|k| {
            l.get(k)
                .and_then(|b| b.value.as_seq())
                .is_some_and(|b| b.iter().any(is_null_schema))
        })
    })
}

fn is_array(view: &View<'_>) -> bool {
    match view.get("type").map(|t| &t.kind) {
        Some(NodeKind::Str(t)) => t == "array",
        Some(NodeKind::Seq(ts)) => ts.iter().any(|t| t.as_str() == Some("array")),
        _ => view.has("items"),
    }
}

/// A `ui:` directive of a uiSchema node: `ui:x`, or `x` under `ui:options`.
fn ui_node<'a>(ui: Option<&'a Node>, name: &str) -> Option<&'a Node> {
    let ui = ui?;
    ui.get(&format!("ui:{name}"))
        .or_else(|| ui.get("ui:options")?.value.get(name))
        .map(|e| &e.value)
}

impl<'a> Loader<'a, '_> {
    fn push(&mut self, e: Error) {
        self.errors.push(e);
    }

    fn string(&mut self, view: &View<'a>, key: &str) -> Option<Spanned<String>> {
        let n = view.get(key)?;
        n.string().map_err(|e| self.push(e)).ok()
    }

    fn ui_string(&mut self, ui: Option<&'a Node>, name: &str) -> Option<Spanned<String>> {
        let n = ui_node(ui, name)?;
        n.string().map_err(|e| self.push(e)).ok()
    }

    /// `node` with its `$ref`s followed and `allOf` parts merged.
    fn view(&mut self, node: &'a Node) -> View<'a> {
        let mut view = View::default();
        let mut chain = std::mem::take(&mut self.chain);
        chain.clear();
        self.add_layers(node, &mut view, &mut chain, false);
        self.chain = chain;
        view
    }

    fn add_layers(
        &mut self,
        node: &'a Node,
        view: &mut View<'a>,
        chain: &mut Vec<&'a Node>,
        mixin: bool,
    ) {
        if node.as_map().is_none() || view.contains(node) {
            return;
        }
        self.expansions += 1;
        if mixin {
            view.mixins.push(view.layers.len());
        }
        view.layers.push(node);
        chain.push(node);
        // The four keywords that add layers, found in one pass over the keys (most schemas
        // have none of them, and this runs for every property).
        let (mut reference, mut all_of, mut alternatives) = (None, None, [None, None]);
        for e in node.as_map().unwrap_or_default() {
            match e.key.value.as_str() {
                "$ref" => reference = Some(e),
                "allOf" => all_of = Some(e),
                "anyOf" => alternatives[0] = Some(&e.value),
                "oneOf" => alternatives[1] = Some(&e.value),
                _ => {}
            }
        }
        if let Some(r) = reference {
            match r.value.string() {
                Err(e) => self.push(e),
                Ok(r) => match self.pointer(&r) {
                    Err(e) => self.push(e),
                    Ok(target) if chain.iter().any(|c| std::ptr::eq(*c, target)) => {
                        self.push(
                            Error::at(
                                r.span,
                                format!("`$ref` `{}` refers back to itself", r.value),
                            )
                            .with_help("a schema cannot be defined only by a reference to itself"),
                        );
                    }
                    Ok(_) if chain.len() > MAX_REF_CHAIN => self.push(Error::at(
                        r.span,
                        format!("more than {MAX_REF_CHAIN} `$ref`s in a row"),
                    )),
                    Ok(target) => self.add_layers(target, view, chain, mixin),
                },
            }
        }
        if let Some(all) = all_of {
            match all.value.seq() {
                Err(e) => self.push(e),
                Ok(parts) => {
                    for p in parts {
                        self.add_layers(p, view, chain, true);
                    }
                }
            }
        }
        // `anyOf`/`oneOf` with one branch besides `{"type": "null"}` (Pydantic's
        // `Optional[X]`, "X or nothing") is X: its type, length limit, format and choices.
        // (A list that is not a list is reported where properties are read.)
        for branches in alternatives.into_iter().flatten() {
            if let NodeKind::Seq(branches) = &branches.kind {
                let mut real = branches.iter().filter(|b| !is_null_schema(b));
                if let (Some(only), None) = (real.next(), real.next()) {
                    self.add_layers(only, view, chain, mixin);
                }
            }
        }
        chain.pop();
    }

    /// Resolves a `$ref` within the document: a JSON pointer (`#/$defs/x`), an anchor
    /// (`#name`, a `$anchor`), or the `$id` of a schema the document holds (a bundle:
    /// `https://example.com/schemas/x`, or `/schemas/x` against the root's `$id`), with a
    /// pointer or anchor after it.
    fn pointer(&mut self, r: &Spanned<String>) -> Result<&'a Node, Error> {
        let local = "datamin follows only references within the document (`#/$defs/x`, an `$anchor`, or the `$id` of a schema it holds)";
        let (uri, fragment) = r.value.split_once('#').unwrap_or((&r.value, ""));
        let base = if uri.is_empty() {
            self.root
        } else {
            let resources = self.resources();
            let root_id = resources.root_id.clone();
            let wanted = resolve_uri(root_id.as_deref().unwrap_or_default(), uri);
            let found = resources
                .ids
                .iter()
                .find(|(id, _)| *id == wanted)
                .map(|(_, n)| *n)
                .or_else(|| (root_id.as_deref() == Some(wanted.as_str())).then_some(self.root));
            match found {
                Some(n) => n,
                None => {
                    return Err(Error::at(
                        r.span,
                        format!("cannot follow `$ref` `{}` to another document", r.value),
                    )
                    .with_help(format!("{local}: copy the schema under `$defs`")));
                }
            }
        };
        if fragment.is_empty() {
            return Ok(base);
        }
        let Some(path) = fragment.strip_prefix('/') else {
            // A plain name: an `$anchor` of the document (not scoped to the schema the URI
            // names: a document rarely reuses an anchor).
            let name = percent_decode(fragment);
            return self.resources().anchors.get(&name).copied().ok_or_else(|| {
                Error::at(
                    r.span,
                    format!("`$ref` `{}` names no `$anchor` of the document", r.value),
                )
                .with_help(local)
            });
        };
        let mut cur = base;
        for raw in path.split('/') {
            let token = percent_decode(raw).replace("~1", "/").replace("~0", "~");
            let next = match &cur.kind {
                NodeKind::Map(entries) => entries
                    .iter()
                    .find(|e| e.key.value == token)
                    .map(|e| &e.value),
                NodeKind::Seq(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            cur = match next {
                Some(n) => n,
                None => {
                    let keys = cur
                        .as_map()
                        .unwrap_or_default()
                        .iter()
                        .map(|e| e.key.value.as_str());
                    let mut e =
                        Error::at(r.span, format!("`$ref` `{}` points to nothing", r.value));
                    e.help =
                        suggestion(&token, keys).map(|s| format!("`{token}` is not there: {s}"));
                    return Err(e);
                }
            };
        }
        Ok(cur)
    }

    /// The schemas the document holds under an `$id` (collected on the first reference
    /// that needs them), and the root's `$id`.
    fn resources(&mut self) -> &Resources<'a> {
        if self.resources.is_none() {
            let root_id = str_of(self.root, "$id").map(str::to_string);
            let mut r = Resources::default();
            collect_ids(self.root, root_id.as_deref().unwrap_or_default(), &mut r, 0);
            r.root_id = root_id;
            self.resources = Some(r);
        }
        self.resources.get_or_insert_with(Resources::default)
    }

    /// Whether a schema without a type is a choice of objects (`oneOf`/`anyOf` whose
    /// branches, other than `{"type": "null"}`, are all objects): their properties are its
    /// fields (a requester who is a person or a company), not one text field.
    fn union_of_objects(&mut self, view: &View<'a>) -> bool {
        let mut any = false;
        for key in ["oneOf", "anyOf"] {
            let Some(NodeKind::Seq(branches)) = view.get(key).map(|n| &n.kind) else {
                continue;
            };
            for b in branches {
                if is_null_schema(b) {
                    continue;
                }
                let v = self.view(b);
                let ty = v.get("type").and_then(Node::as_str);
                if ty == Some("object") || ty.is_none() && is_object(&v) {
                    any = true;
                } else {
                    return false;
                }
            }
        }
        any
    }

    /// The schema's type, if it names one (the first that is not `null`), read in place;
    /// errors for a type that is not a JSON Schema type.
    fn type_of(&mut self, view: &View<'a>) -> Option<Spanned<&'a str>> {
        let node = view.get("type")?;
        // Read in place (`Node::strings` would copy every name): a string, or a list of
        // them, with the same errors in the same order.
        let names: &[Node] = match &node.kind {
            NodeKind::Seq(items) => items,
            NodeKind::Str(_) => std::slice::from_ref(node),
            // Neither: the error `Node::strings` gives.
            _ => {
                self.errors.extend(node.strings().err());
                return None;
            }
        };
        let not_string = names.iter().find(|n| n.as_str().is_none());
        if let Some(e) = not_string.and_then(|n| n.string().err()) {
            self.push(e);
            return None;
        }
        for n in names {
            let name = n.as_str().unwrap_or_default();
            if !TYPES.contains(&name) {
                let mut e = Error::at(n.span, format!("unknown type `{name}`"));
                e.help = Some(
                    suggestion(name, TYPES.iter().copied())
                        .unwrap_or_else(|| format!("expected one of: {}", TYPES.join(", "))),
                );
                self.push(e);
                return None;
            }
        }
        names.iter().find_map(|n| {
            n.as_str()
                .filter(|t| *t != "null")
                .map(|t| Spanned::new(t, n.span))
        })
    }

    fn budget(&mut self, at: &Node) -> bool {
        if self.expansions <= MAX_EXPANSIONS {
            return true;
        }
        if !self.exhausted {
            self.exhausted = true;
            self.push(
                Error::at(
                    at.span,
                    format!("schema expands to more than {MAX_EXPANSIONS} schemas"),
                )
                .with_help("`$ref`s that refer to schemas full of `$ref`s multiply; datamin stops here to stay fast"),
            );
        }
        false
    }

    /// The properties of an object schema (all layers, and what alternatives add), and the
    /// names it requires.
    fn properties(&mut self, view: &View<'a>) -> (Props<'a>, Vec<Spanned<String>>) {
        let mut props: Props<'a> = Vec::new();
        let mut required = Vec::new();
        for &layer in &view.layers {
            self.own_properties(layer, &mut props, None, &[], None);
            self.required(layer, &mut required);
        }
        // Properties shown only in some cases come after those always shown, alternatives
        // within alternatives too (rjsf's dynamic forms: `dependencies` of a `oneOf`, one
        // branch a value), nearest first.
        const ALTERNATIVES: [&str; 6] = [
            "oneOf",
            "anyOf",
            "then",
            "else",
            "dependentSchemas",
            "dependencies",
        ];
        let has_alternatives = |l: &Node| {
            l.as_map()
                .unwrap_or_default()
                .iter()
                .any(|e| ALTERNATIVES.contains(&e.key.value.as_str()))
        };
        if !view.layers.iter().any(|l| has_alternatives(l)) {
            // Most objects: nothing to queue.
            return (props, required);
        }
        // Each layer with whether it applies to some people: a `then` or `else` does only
        // beside an `if` (JSON Schema ignores them otherwise), and so does all within it.
        // What a layer that applies requires is required of those people, as a Zendesk
        // field its form's conditions require (`not` and `if` require nothing: never read).
        // And the purpose an alternative declares (or the one it is within): that of the
        // properties it adds that declare none.
        // And the alternatives it is within: each `oneOf`/`anyOf` a group, each branch an
        // option, as `then` and `else` are of their `if`; a dependency is no choice.
        type Todo<'a> = (&'a Node, usize, bool, Option<Spanned<String>>, Within);
        let mut todo: Vec<Todo<'a>> = view
            .layers
            .iter()
            .map(|&l| (l, 0, true, None, Vec::new()))
            .collect();
        // Layers read, and whether their `required` was: a layer shared by an alternative
        // that applies and one that does not is read again for the first.
        let mut seen: HashMap<*const Node, bool> = view
            .layers
            .iter()
            .map(|&l| (std::ptr::from_ref(l), true))
            .collect();
        // Each layer read: the alternatives it was read within and the layer whose
        // alternative it is; and the layer each property came from. A layer two branches
        // share (a `$ref` to a base schema in both) is read once, for the first: met again
        // in another branch, what it adds is within what both branches are ([`met_again`]),
        // worked out once every layer is read ([`narrow`]).
        let mut routes: Routes = HashMap::new();
        let mut from: Vec<Vec<*const Node>> = vec![Vec::new(); props.len()];
        let mut narrowed: Vec<(*const Node, Within)> = Vec::new();
        let mut next = 0;
        while let Some((layer, depth, applies, within, path)) = todo.get(next).cloned() {
            next += 1;
            let mut alternatives: Vec<(&'a Node, bool, Within)> = Vec::new();
            for key in ["oneOf", "anyOf"] {
                if let Some(alts) = layer.get(key) {
                    // What every branch requires is required whichever is taken ("email or
                    // phone, and a name").
                    if let (true, Some(branches)) = (applies, alts.value.as_seq()) {
                        let always = self.required_by_every(branches);
                        required.extend(always);
                    }
                    match alts.value.seq() {
                        // A branch applies to some people when it is chosen by a value (a
                        // property's `const` or `enum`: rjsf's dependent forms); a branch that
                        // only requires (`anyOf: [{required: [email]}, {required: [phone]}]`,
                        // "email or phone") requires neither of anyone.
                        Ok(items) => {
                            let g = self.group();
                            alternatives.extend(
                                items
                                    .iter()
                                    .enumerate()
                                    .map(|(i, a)| (a, applies && selects(a), choice(&path, g, i))),
                            );
                        }
                        // Reported once, for the layer the property's view starts from.
                        Err(e) if depth == 0 => self.push(e),
                        Err(_) => {}
                    }
                }
            }
            let conditional = applies && layer.get("if").is_some();
            if layer.get("then").is_some() || layer.get("else").is_some() {
                let g = self.group();
                for (i, key) in ["then", "else"].into_iter().enumerate() {
                    alternatives.extend(
                        layer
                            .get(key)
                            .map(|e| (&e.value, conditional, choice(&path, g, i))),
                    );
                }
            }
            for key in ["dependentSchemas", "dependencies"] {
                if let Some(d) = layer.get(key) {
                    alternatives.extend(
                        d.value
                            .as_map()
                            .unwrap_or_default()
                            .iter()
                            .filter(|e| e.value.as_map().is_some())
                            .map(|e| (&e.value, applies, path.clone())),
                    );
                }
            }
            for (alt, applies, path) in alternatives {
                // Every alternative looked at counts against the expansion budget, so no
                // shape of alternatives is a slow run.
                self.expansions += 1;
                if !self.budget(alt) {
                    break;
                }
                if depth >= MAX_NESTING {
                    continue;
                }
                if !first_read(&mut seen, alt, applies) {
                    met_again(alt, &path, &mut routes, &mut narrowed);
                    continue;
                }
                let v = self.view(alt);
                let purpose = self.string(&v, "purpose").or_else(|| within.clone());
                for l in v.layers {
                    // A layer many alternatives share (one `$ref` target) is read once (or
                    // twice, see `seen`): 20,000 branches of one mixin stay linear.
                    if !std::ptr::eq(l, alt) && !first_read(&mut seen, l, applies) {
                        met_again(l, &path, &mut routes, &mut narrowed);
                        continue;
                    }
                    self.own_properties(l, &mut props, purpose.as_ref(), &path, Some(&mut from));
                    routes
                        .entry(std::ptr::from_ref(l))
                        .or_insert_with(|| (path.clone(), Some(std::ptr::from_ref(layer))));
                    if applies {
                        self.required(l, &mut required);
                    }
                    todo.push((l, depth + 1, applies, purpose.clone(), path.clone()));
                }
            }
        }
        narrow(&narrowed, &routes, &mut props, &from);
        (props, required)
    }

    /// The names every one of `branches` (a `oneOf`/`anyOf`) requires by its `required` list
    /// or those of the schemas its `$ref`s name: required whichever branch is taken. None when
    /// a branch requires nothing (`{"type": "null"}`).
    fn required_by_every(&mut self, branches: &'a [Node]) -> Vec<Spanned<String>> {
        let mut common: Option<Vec<Spanned<String>>> = None;
        for b in branches {
            self.expansions += 1;
            if !self.budget(b) {
                return Vec::new();
            }
            let mut names: Vec<Spanned<String>> = Vec::new();
            for l in self.view(b).layers {
                let list = l.get("required").and_then(|r| r.value.as_seq());
                names.extend(
                    list.unwrap_or_default()
                        .iter()
                        .filter_map(|n| n.string().ok()),
                );
            }
            let kept = match common.take() {
                None => names,
                Some(c) => c
                    .into_iter()
                    .filter(|n| names.iter().any(|m| m.value == n.value))
                    .collect(),
            };
            if kept.is_empty() {
                return kept;
            }
            common = Some(kept);
        }
        common.unwrap_or_default()
    }

    /// The names `layer` requires, added to `out`: its `required` list, and the lists of
    /// property dependencies (`dependentRequired`, or draft-07's `dependencies` entries that
    /// are lists), which require them of the people who fill in the property they follow
    /// (`billing_address` of those who give a `credit_card`).
    fn required(&mut self, layer: &'a Node, out: &mut Vec<Spanned<String>>) {
        let mut names =
            |l: &mut Self, list: &'a Node, help: &str| match list.seq().and_then(|items| {
                items
                    .iter()
                    .map(Node::string)
                    .collect::<Result<Vec<_>, _>>()
            }) {
                Ok(names) => out.extend(names),
                Err(e) => l.push(e.with_help(help)),
            };
        if let Some(r) = layer.get("required") {
            names(
                self,
                &r.value,
                "`required` lists the names of required properties, e.g. `[\"email\"]`",
            );
        }
        if let Some(d) = layer.get("dependentRequired") {
            match d.value.map() {
                Err(e) => self.push(e),
                Ok(entries) => {
                    for e in entries {
                        names(
                            self,
                            &e.value,
                            "each `dependentRequired` entry lists the properties required when its property is given, e.g. `{\"credit_card\": [\"billing_address\"]}`",
                        );
                    }
                }
            }
        }
        // A schema (a mapping) is read as an alternative; a list is a property dependency.
        for e in layer
            .get("dependencies")
            .and_then(|d| d.value.as_map())
            .unwrap_or_default()
        {
            if matches!(e.value.kind, NodeKind::Seq(_)) {
                names(
                    self,
                    &e.value,
                    "a list under `dependencies` names the properties required when its property is given, e.g. `[\"billing_address\"]`",
                );
            }
        }
    }

    /// Adds the properties `layer` lists to `out` (a name listed already is not added again);
    /// with `listed`, notes the place in `out` of each it lists.
    fn own_properties(
        &mut self,
        layer: &'a Node,
        out: &mut Props<'a>,
        purpose: Option<&Spanned<String>>,
        alternatives: &[(u32, u32)],
        mut listed: Option<&mut Vec<Vec<*const Node>>>,
    ) {
        let Some(p) = layer.get("properties") else {
            return;
        };
        match p.value.map() {
            Err(e) => self.push(e),
            Ok(entries) => {
                for e in entries {
                    let at = match out.iter().position(|(k, ..)| k.value == e.key.value) {
                        None => {
                            out.push((&e.key, &e.value, purpose.cloned(), alternatives.to_vec()));
                            out.len() - 1
                        }
                        // Named again in another alternative (a `city` of both the "post"
                        // and the "courier" branch): shown within what both are within.
                        Some(at) => {
                            out[at].3.retain(|c| alternatives.contains(c));
                            at
                        }
                    };
                    if let Some(listed) = listed.as_deref_mut() {
                        listed.resize(out.len(), Vec::new());
                        listed[at].push(std::ptr::from_ref(layer));
                    }
                }
            }
        }
    }

    /// A new group of alternatives' number; none within a list, whose entries may each take
    /// another branch.
    fn group(&mut self) -> Option<u32> {
        if self.lists > 0 {
            return None;
        }
        self.groups += 1;
        Some(self.groups - 1)
    }

    /// Starts reading `view`, an object or a list (`what`, for the error): `None` past the
    /// nesting limit (an error) or when it is one of its own ancestors (a recursive schema,
    /// a list of itself, is read once); else the length of the ancestors' stack to go back
    /// to once it is read.
    fn enter(&mut self, view: &View<'a>, what: &str, depth: usize) -> Option<usize> {
        let &first = view.layers.first()?;
        if depth > MAX_NESTING {
            self.push(Error::at(
                head(first),
                format!("{what} nest deeper than {MAX_NESTING} levels"),
            ));
            return None;
        }
        if view
            .layers
            .iter()
            .any(|l| self.stack.iter().any(|s| std::ptr::eq(*s, *l)))
        {
            return None;
        }
        let before = self.stack.len();
        self.stack.extend(view.own_layers());
        Some(before)
    }

    /// What an object or a list at `path` passes down to its members (see [`Locked`]): its
    /// own `readOnly`, `ui:readonly` and `ui:disabled` and what it was passed; a JSON Forms
    /// control that is `readonly` passes it down too.
    fn lock(&self, view: &View<'a>, ui: Option<&'a Node>, path: &str) -> Locked {
        let read_only = ui_flag(ui, "readonly")
            .unwrap_or_else(|| self.locked.read_only || is_true(view.get("readOnly")))
            || !path.is_empty() && self.controls.iter().any(|c| c.read_only && c.path == path);
        Locked {
            read_only,
            disabled: ui_flag(ui, "disabled").unwrap_or(self.locked.disabled),
        }
    }

    /// Every property of an object schema, as fields under `prefix`, closed to people if the
    /// object is.
    fn object(&mut self, view: &View<'a>, prefix: &str, ui: Option<&'a Node>, depth: usize) {
        let outer = self.locked;
        self.locked = self.lock(view, ui, prefix);
        self.members(view, prefix, ui, depth);
        self.locked = outer;
    }

    fn members(&mut self, view: &View<'a>, prefix: &str, ui: Option<&'a Node>, depth: usize) {
        let Some(before) = self.enter(view, "objects", depth) else {
            return;
        };
        if view
            .layers
            .first()
            .is_some_and(|&first| !self.budget(first))
        {
            self.stack.truncate(before);
            return;
        }
        let (props, required) = self.properties(view);
        if let Some(ui) = ui {
            self.check_ui(ui, &props);
        }
        for (key, schema, purpose, alternatives) in props {
            let path = if prefix.is_empty() {
                key.value.clone()
            } else {
                super::joined(prefix, '.', &key.value)
            };
            // The members of an object that can be left out whole are required of nobody.
            let req = required
                .iter()
                .find(|r| r.value == key.value)
                .filter(|_| self.optional == 0)
                .cloned();
            let child_ui = self.ui_child(ui, &key.value);
            // A property an alternative with a purpose adds has that purpose, unless it
            // declares its own.
            let outer = purpose.map(|p| self.purpose.replace(p));
            let within = self.alternatives.len();
            self.alternatives.extend(alternatives);
            self.property(key, path, schema, req, child_ui, depth);
            self.alternatives.truncate(within);
            if let Some(outer) = outer {
                self.purpose = outer;
            }
        }
        // Entries people add themselves (react-jsonschema-form shows a key and a value box
        // for each): `additionalProperties` or `patternProperties` with a schema, as one
        // field `<object>.*`.
        let mut extra: Vec<(&'a Spanned<String>, &'a Node)> = Vec::new();
        for &layer in &view.layers {
            // A schema that says what the values are (`{}` or `true` allow anything, and
            // are no box people are shown).
            let typed = |n: &Node| {
                ["type", "$ref", "anyOf", "oneOf"]
                    .iter()
                    .any(|k| n.get(k).is_some())
            };
            if let Some(e) = layer.get("additionalProperties") {
                if typed(&e.value) {
                    extra.push((&e.key, &e.value));
                }
            }
            if let Some(NodeKind::Map(patterns)) =
                layer.get("patternProperties").map(|e| &e.value.kind)
            {
                extra.extend(
                    patterns
                        .iter()
                        .filter(|p| typed(&p.value))
                        .map(|p| (&p.key, &p.value)),
                );
            }
        }
        if let Some(&(key, schema)) = extra.first() {
            let path = if prefix.is_empty() {
                "*".to_string()
            } else {
                super::joined(prefix, '.', "*")
            };
            let child_ui = self.ui_child(ui, "additionalProperties");
            // Entries as a list's are: each may take another branch of a choice within.
            self.lists += 1;
            self.property(key, path, schema, None, child_ui, depth);
            self.lists -= 1;
        }
        self.stack.truncate(before);
    }

    /// An object within the form: one that can be `null` (`"type": ["object", "null"]`, or
    /// an `anyOf`/`oneOf` with a `{"type": "null"}` branch: Pydantic's `Optional[Address]`,
    /// which react-jsonschema-form offers to leave out) requires none of its members, at
    /// any depth.
    fn nested_object(&mut self, view: &View<'a>, prefix: &str, ui: Option<&'a Node>, depth: usize) {
        let nullable = allows_null(view);
        self.optional += usize::from(nullable);
        // An object's purpose (its property's, a list's entries', a definition's it refers
        // to) is its members' that declare none.
        let own = self.string(view, "purpose");
        let outer = own.map(|p| self.purpose.replace(p));
        self.object(view, prefix, ui, depth);
        if let Some(outer) = outer {
            self.purpose = outer;
        }
        self.optional -= usize::from(nullable);
    }

    /// The uiSchema node for property `name`, which must be a mapping.
    fn ui_child(&mut self, ui: Option<&'a Node>, name: &str) -> Option<&'a Node> {
        let child = &ui?.get(name)?.value;
        match child.kind {
            NodeKind::Map(_) => Some(child),
            NodeKind::Null => None,
            _ => {
                self.push(Error::at(
                    child.span,
                    format!(
                        "expected the uiSchema of `{name}` (a mapping), found {}",
                        child.type_name()
                    ),
                ));
                None
            }
        }
    }

    /// A uiSchema key that is a misspelt property is an error, and `ui:order` must list only
    /// properties. A key that is close to no property is left alone, as react-jsonschema-form
    /// leaves it: the uiSchema of a property the schema no longer has (a form's `avatar` after
    /// its avatar field went) changes nothing the form shows.
    fn check_ui(&mut self, ui: &'a Node, props: &[Prop<'a>]) {
        let names: Vec<&str> = props.iter().map(|(k, ..)| k.value.as_str()).collect();
        for e in ui.as_map().unwrap_or_default() {
            let k = e.key.value.as_str();
            if k.starts_with("ui:") || k == "additionalProperties" || names.contains(&k) {
                continue;
            }
            // A numbered sibling of a property (`phone2` beside `phone`, `address2` beside
            // `address1`) is a field the schema no longer has, not a misspelling: the same but
            // for their numbers (`k` is no property, so one of the two has one).
            let stem = |w: &'a str| w.trim_end_matches(|c: char| c.is_ascii_digit());
            if names.iter().any(|n| stem(n) == stem(k)) {
                continue;
            }
            let Some(meant) = suggestion(k, names.iter().copied()) else {
                continue;
            };
            let mut err = Error::at(
                e.key.span,
                format!("uiSchema key `{k}` is not a property of the schema"),
            );
            err.help = Some(format!(
                "a uiSchema mirrors the schema's properties, and what this key says of the \
                 field it meant is lost: {meant}"
            ));
            self.push(err);
        }
        if let Some(order) = ui.get("ui:order") {
            match order.value.seq().and_then(|items| {
                items
                    .iter()
                    .map(Node::string)
                    .collect::<Result<Vec<_>, _>>()
            }) {
                Err(e) => self.push(e),
                // As react-jsonschema-form orders properties (`orderProperties`): entries
                // that name no property are dropped; without a `*`, every property must be
                // listed; there is at most one `*`. It refuses to render the form otherwise.
                Ok(items) => {
                    let refuses = "react-jsonschema-form refuses to render the form";
                    if let Some(second) = items.iter().filter(|i| i.value == "*").nth(1) {
                        self.push(
                            Error::at(second.span, "`ui:order` has more than one `*`")
                                .with_help(format!("{refuses}: keep one `*`")),
                        );
                    }
                    if !items.iter().any(|i| i.value == "*") {
                        let listed = |n: &&str| items.iter().any(|i| i.value == *n);
                        let missing: Vec<&str> =
                            names.iter().copied().filter(|n| !listed(n)).collect();
                        if !missing.is_empty() {
                            let quoted: Vec<String> =
                                missing.iter().map(|m| format!("`{m}`")).collect();
                            let mut help =
                                format!("{refuses}: list them, or `*` for every other property");
                            // A misspelt entry is the likely cause.
                            if let Some(s) = items
                                .iter()
                                .filter(|i| !names.contains(&i.value.as_str()))
                                .find_map(|i| {
                                    suggestion(&i.value, missing.iter().copied())
                                        .map(|s| format!("`{}`: {s}", i.value))
                                })
                            {
                                help = format!("{help}; {s}");
                            }
                            self.push(
                                Error::at(
                                    order.value.span,
                                    format!(
                                        "`ui:order` leaves out {} and has no `*`",
                                        quoted.join(", ")
                                    ),
                                )
                                .with_help(help),
                            );
                        }
                    }
                }
            }
        }
        for name in ["widget", "help", "placeholder", "title", "description"] {
            if let Some(n) = ui_node(Some(ui), name) {
                if let Err(e) = n.string() {
                    self.push(e);
                }
            }
        }
        if let Some(o) = ui.get("ui:options") {
            if let Err(e) = o.value.map() {
                self.push(e);
            }
        }
    }

    fn property(
        &mut self,
        key: &Spanned<String>,
        path: String,
        schema: &'a Node,
        required: Option<Spanned<String>>,
        ui: Option<&'a Node>,
        depth: usize,
    ) {
        match schema.kind {
            // `true` allows anything and `false` nothing: neither is a field a form shows.
            NodeKind::Bool(_) => return,
            NodeKind::Map(_) => {}
            _ => {
                self.push(Error::at(
                    schema.span,
                    format!(
                        "expected the schema of `{}` (a mapping), found {}",
                        key.value,
                        schema.type_name()
                    ),
                ));
                return;
            }
        }
        if !self.budget(schema) {
            return;
        }
        let view = self.view(schema);
        let typed = self.type_of(&view);
        let ty = typed.as_ref().map(|t| t.value);
        if ty == Some("null") {
            return;
        }
        let object = ty == Some("object")
            || ty.is_none() && (is_object(&view) || self.union_of_objects(&view));
        let list = !object && (ty == Some("array") || ty.is_none() && is_array(&view));
        if object {
            self.nested_object(&view, &path, ui, depth + 1);
        } else if list {
            self.array(key, path, &view, required, ui, depth);
        } else {
            self.leaf(
                key,
                path,
                &view,
                (&view, typed.as_ref()),
                false,
                required,
                ui,
            );
        }
    }

    fn array(
        &mut self,
        key: &Spanned<String>,
        path: String,
        view: &View<'a>,
        required: Option<Spanned<String>>,
        ui: Option<&'a Node>,
        depth: usize,
    ) {
        let Some(before) = self.enter(view, "lists", depth) else {
            return;
        };
        // A list closed to people closes its entries; its purpose is theirs (an object's own
        // is read by `nested_object`).
        let outer = self.locked;
        self.locked = self.lock(view, ui, &path);
        let own = self.string(view, "purpose");
        let outer_purpose = own.map(|p| self.purpose.replace(p));
        self.array_items(key, path, view, required, ui, depth);
        if let Some(outer) = outer_purpose {
            self.purpose = outer;
        }
        self.locked = outer;
        self.stack.truncate(before);
    }

    fn array_items(
        &mut self,
        key: &Spanned<String>,
        path: String,
        view: &View<'a>,
        required: Option<Spanned<String>>,
        ui: Option<&'a Node>,
        depth: usize,
    ) {
        let items_ui = self.ui_child(ui, "items");
        if let Some(ui) = ui {
            for e in ui.as_map().unwrap_or_default() {
                let k = e.key.value.as_str();
                if !(k.starts_with("ui:") || k == "items" || k == "additionalItems") {
                    self.push(
                        Error::at(
                            e.key.span,
                            format!("uiSchema key `{k}` is not a property of the schema"),
                        )
                        .with_help(format!(
                            "`{}` is a list: its items' uiSchema goes under `items`",
                            key.value
                        )),
                    );
                }
            }
        }
        // 2020-12 tuples: one schema per position, then `items` for the rest.
        if let Some(prefix) = view.get("prefixItems") {
            match prefix.seq() {
                Ok(list) => {
                    for (i, item) in list.iter().enumerate() {
                        self.property(key, format!("{path}[{i}]"), item, None, items_ui, depth + 1);
                    }
                }
                Err(e) => self.push(e),
            }
        }
        let Some(items) = view.get("items") else {
            // A list of anything: nothing a form can show as a field.
            return;
        };
        match &items.kind {
            NodeKind::Map(_) => {
                self.entries(key, path, view, items, required, (items_ui, ui), depth);
            }
            // Draft-07 tuples: one schema per position, then `additionalItems` for the
            // entries people add after them (react-jsonschema-form's "add" button).
            NodeKind::Seq(list) => {
                for (i, item) in list.iter().enumerate() {
                    self.property(key, format!("{path}[{i}]"), item, None, items_ui, depth + 1);
                }
                if let Some(rest) = view.get("additionalItems") {
                    match &rest.kind {
                        NodeKind::Map(_) => {
                            let rest_ui = self.ui_child(ui, "additionalItems");
                            self.entries(key, path, view, rest, required, (rest_ui, ui), depth);
                        }
                        NodeKind::Bool(_) => {}
                        _ => self.push(Error::at(
                            rest.span,
                            format!(
                                "expected a schema for `additionalItems`, found {}",
                                rest.type_name()
                            ),
                        )),
                    }
                }
            }
            NodeKind::Bool(_) => {}
            _ => self.push(Error::at(
                items.span,
                format!("expected a schema for `items`, found {}", items.type_name()),
            )),
        }
    }

    /// The entries of list `view` that `items` (a schema) describes, any number of them: an
    /// object's fields under `path[]`, or one field `path` for entries that are scalars, with
    /// the entries' uiSchema (`items` or `additionalItems` of the list's) and the list's.
    #[allow(clippy::too_many_arguments)]
    fn entries(
        &mut self,
        key: &Spanned<String>,
        path: String,
        view: &View<'a>,
        items: &'a Node,
        required: Option<Spanned<String>>,
        (items_ui, ui): (Option<&'a Node>, Option<&'a Node>),
        depth: usize,
    ) {
        if !self.budget(items) {
            return;
        }
        let inner = self.view(items);
        let typed = self.type_of(&inner);
        let ty = typed.as_ref().map(|t| t.value);
        if ty == Some("object")
            || ty.is_none() && (is_object(&inner) || self.union_of_objects(&inner))
        {
            self.lists += 1;
            self.nested_object(&inner, &format!("{path}[]"), items_ui, depth + 1);
            self.lists -= 1;
        } else if ty == Some("array") || ty.is_none() && is_array(&inner) {
            self.lists += 1;
            self.array(key, format!("{path}[]"), &inner, None, items_ui, depth + 1);
            self.lists -= 1;
        } else if ty != Some("null") {
            if let Some(iu) = items_ui {
                self.check_ui(iu, &[]);
            }
            let ui = items_ui.or(ui);
            self.leaf(
                key,
                path,
                view,
                (&inner, typed.as_ref()),
                true,
                required,
                ui,
            );
        }
    }

    /// The choices a schema allows: `enum`, `const`, or `oneOf`/`anyOf` of `const`s.
    fn choices(&mut self, view: &View<'a>) -> Vec<Spanned<String>> {
        if let Some(e) = view.get("enum") {
            return match e.seq() {
                Ok(items) => items.iter().filter_map(scalar_text).collect(),
                Err(err) => {
                    self.push(err);
                    Vec::new()
                }
            };
        }
        if let Some(c) = view.get("const") {
            return scalar_text(c).into_iter().collect();
        }
        for key in ["oneOf", "anyOf"] {
            let Some(alts) = view.get(key).and_then(Node::as_seq) else {
                continue;
            };
            let consts: Vec<Spanned<String>> = alts
                .iter()
                .filter_map(|a| {
                    let c = a.get("const")?;
                    match a.get("title").map(|t| t.value.string()) {
                        Some(Ok(t)) => Some(t),
                        _ => scalar_text(&c.value),
                    }
                })
                .collect();
            if !alts.is_empty() && consts.len() == alts.len() {
                return consts;
            }
        }
        Vec::new()
    }

    /// A field: `outer` is the property's schema, `inner` the same or, for a list of
    /// scalars, its items' schema, with the type it names (read by the caller).
    #[allow(clippy::too_many_arguments)]
    fn leaf(
        &mut self,
        key: &Spanned<String>,
        path: String,
        outer: &View<'a>,
        (inner, ty): (&View<'a>, Option<&Spanned<&str>>),
        list: bool,
        required: Option<Spanned<String>>,
        ui: Option<&'a Node>,
    ) {
        let choices = self.choices(inner);
        let format = self.string(inner, "format");
        let media = inner.has("contentMediaType") || inner.has("contentEncoding");
        let format = format.as_ref().map(|f| f.value.as_str());
        let base = match ty.map(|t| t.value) {
            _ if !choices.is_empty() => FieldKind::Select,
            Some("boolean") => FieldKind::Checkbox,
            Some("number" | "integer") => FieldKind::Number,
            _ => match format {
                Some("email" | "idn-email") => FieldKind::Email,
                Some("date" | "date-time" | "time") => FieldKind::Date,
                Some("data-url") => FieldKind::File,
                _ if media => FieldKind::File,
                Some(f) if FIXED_FORMATS.contains(&f) => FieldKind::Select,
                _ => FieldKind::Text,
            },
        };
        let mut kind = match (base, list) {
            (FieldKind::Select | FieldKind::Checkbox, true) => FieldKind::Multiselect,
            (k, _) => k,
        };
        if let Some(w) = self.ui_string(ui, "widget") {
            kind = match (w.value.as_str(), kind) {
                ("hidden", _) => FieldKind::Hidden,
                ("file" | "files", _) => FieldKind::File,
                ("textarea", FieldKind::Text) => FieldKind::Textarea,
                ("email", FieldKind::Text) => FieldKind::Email,
                // A colour picker, and a box the browser takes only a URL in (`type="url"`).
                ("color" | "uri", FieldKind::Text) => FieldKind::Select,
                ("date" | "datetime" | "alt-date" | "alt-datetime" | "time", FieldKind::Text) => {
                    FieldKind::Date
                }
                (_, k) => k,
            };
        }
        let control = self.controls.iter().find(|c| c.path == path);
        if control.is_some_and(|c| c.multi) && kind == FieldKind::Text {
            kind = FieldKind::Textarea;
        }
        let control_label = control.and_then(|c| c.label.clone());
        let control_read_only = control.is_some_and(|c| c.read_only);
        let kind_span = ty
            .map(|t| t.span)
            .or_else(|| outer.get("type").map(|t| t.span))
            .unwrap_or(key.span);
        if let (Some(ui), false) = (ui, list) {
            self.check_ui(ui, &[]);
        }
        // A list's entries show their own title and description (react-jsonschema-form
        // shows them beside each entry); without its own, the list shows them as its own.
        let (mut item_label, mut item_description) = if list {
            (
                self.string(inner, "title"),
                self.string(inner, "description"),
            )
        } else {
            (None, None)
        };
        let label = match self.ui_string(ui, "title").or(control_label) {
            Some(t) => Some(t),
            None => self.string(outer, "title").or_else(|| item_label.take()),
        };
        let schema_description = self.string(outer, "description");
        let description = self
            .ui_string(ui, "description")
            .or(schema_description)
            .or_else(|| item_description.take());
        let help = self.ui_string(ui, "help");
        let description = match (description, help) {
            (None, help) => help,
            (Some(d), help) => {
                // The field shows both; the help text still counts as a warning to users.
                self.notices.extend(help);
                Some(d)
            }
        };
        let pattern = self.string(inner, "pattern");
        let max_length = match inner.get("maxLength") {
            Some(n) => n.count().map_err(|e| self.push(e)).ok(),
            // An anchored pattern with bounded repetitions bounds the length too.
            None => pattern
                .as_ref()
                .and_then(|p| pattern_max_len(&p.value).map(|n| Spanned::new(n, p.span))),
        };
        let purpose = self
            .string(outer, "purpose")
            .or_else(|| {
                if list {
                    self.string(inner, "purpose")
                } else {
                    None
                }
            })
            .or_else(|| self.purpose.clone());
        let value = match outer.get("default") {
            Some(d) => d.as_str().map(|s| Spanned::new(s.to_string(), d.span)),
            None => inner
                .get("const")
                .and_then(|c| c.as_str().map(|s| Spanned::new(s.to_string(), c.span))),
        };
        // A field people cannot type into (`readOnly` in the schema, `ui:readonly` or
        // `ui:disabled`, its own or passed down by an object or a list it is in) shows a
        // value the form sets, as a hidden one does: it is not theirs to fill in. Its own
        // `ui:readonly` or `ui:disabled` decides over the rest, as in react-jsonschema-form.
        let read_only = ui_flag(ui, "readonly").unwrap_or_else(|| {
            self.locked.read_only
                || is_true(outer.get("readOnly"))
                || list && is_true(inner.get("readOnly"))
        });
        let disabled = ui_flag(ui, "disabled").unwrap_or(self.locked.disabled);
        let read_only = read_only || disabled || control_read_only;
        let field = Field {
            id: Spanned::new(path.clone(), key.span),
            path: super::joined(&self.form_id, '/', &path),
            label,
            kind: Spanned::new(kind, kind_span),
            description,
            placeholder: self.ui_string(ui, "placeholder"),
            required: required.map(|r| Spanned::new(true, r.span)),
            max_length,
            options: choices,
            purpose,
            value,
            visible: kind != FieldKind::Hidden && !read_only,
            collects_logs: false,
            pattern,
            masked: false,
            item_label,
            item_description,
            alternatives: self.alternatives.clone(),
        };
        self.fields.push(field);
    }
}

/// The layers read by [`Loader::properties`]: the alternatives each was read within, and the
/// layer whose alternative it is.
type Routes = HashMap<*const Node, (Within, Option<*const Node>)>;

/// Layer `l`, read within the alternatives of its first route, is met again within `path`:
/// what it adds, and what the layers read from it add, is within only the alternatives both
/// routes share. Notes in `narrowed` those the route it was read by is no longer within
/// (once each: a layer a thousand branches share is narrowed once, by the second).
fn met_again(
    l: &Node,
    path: &[(u32, u32)],
    routes: &mut Routes,
    narrowed: &mut Vec<(*const Node, Within)>,
) {
    let l = std::ptr::from_ref(l);
    let Some((first, _)) = routes.get_mut(&l) else {
        return;
    };
    let gone: Within = first
        .iter()
        .filter(|c| !path.contains(c))
        .copied()
        .collect();
    if !gone.is_empty() {
        first.retain(|c| !gone.contains(c));
        narrowed.push((l, gone));
    }
}

/// Takes the alternatives `narrowed` lists off the properties of each layer and of the layers
/// read from it. `from` holds the layers that list each of `props` (a property shown by any
/// of them is within what they all share).
fn narrow(
    narrowed: &[(*const Node, Within)],
    routes: &Routes,
    props: &mut Props<'_>,
    from: &[Vec<*const Node>],
) {
    // Whether layer `x` is `l` or was read from it (routes lead back to the object's own
    // layers, each read before the layers read from it, one level of nesting a step).
    let descends = |mut x: *const Node, l: *const Node| {
        for _ in 0..=MAX_NESTING + 1 {
            if x == l {
                return true;
            }
            match routes.get(&x).and_then(|r| r.1) {
                Some(up) => x = up,
                None => return false,
            }
        }
        false
    };
    for (l, gone) in narrowed {
        for (prop, layers) in props.iter_mut().zip(from) {
            if layers.iter().any(|&x| descends(x, *l)) {
                prop.3.retain(|c| !gone.contains(c));
            }
        }
    }
}

/// `path` and one more choice: option `option` of group `group` (if there is a group).
fn choice(path: &[(u32, u32)], group: Option<u32>, option: usize) -> Within {
    let mut p = Vec::with_capacity(path.len() + 1);
    p.extend_from_slice(path);
    if let Some(group) = group {
        p.push((group, u32::try_from(option).unwrap_or(u32::MAX)));
    }
    p
}

/// The longest text an anchored `pattern` (`^...$`) accepts (in UTF-8 bytes, so never less
/// than in characters), if it is bounded. Patterns datamin cannot parse bound nothing.
fn pattern_max_len(pattern: &str) -> Option<u64> {
    use regex_syntax::hir::Look;
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let p = hir.properties();
    let anchored =
        p.look_set_prefix().contains(Look::Start) && p.look_set_suffix().contains(Look::End);
    if !anchored {
        return None;
    }
    p.maximum_len().and_then(|n| u64::try_from(n).ok())
}

/// An enum or const value as text: strings as they are, numbers and booleans written out.
fn scalar_text(n: &Node) -> Option<Spanned<String>> {
    let s = match &n.kind {
        NodeKind::Str(s) => s.clone(),
        NodeKind::Number(x, _) => x.to_string(),
        NodeKind::Bool(b) => b.to_string(),
        _ => return None,
    };
    Some(Spanned::new(s, n.span))
}

/// Decodes `%XX` escapes of a URI fragment; text that is not valid is kept as written.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{load as load_doc, parse};
    use crate::syntax::Limits;

    /// Each field of a fixture as `id kind [required] [max N] [options] label|placeholder`.
    fn fields(schema: &str, ui: Option<&str>) -> (Form, Vec<String>) {
        let dir = Path::new("tests/fixtures/formats/jsonschema");
        let read = |name: &str, id| {
            let p = dir.join(name);
            let text = std::fs::read_to_string(&p).expect("fixture");
            parse(&p, &text, id, Limits::default()).expect("parses")
        };
        let root = read(schema, 0);
        let ui = ui.map(|u| read(u, 1));
        let path = dir.join(schema);
        let mut doc = Document::new(&path, &root);
        doc.companion = ui.as_ref();
        let (mut model, errors) = load_doc(&FORMAT, &doc);
        assert!(errors.is_empty(), "{errors:?}");
        let form = model.forms.remove(0);
        let lines = form
            .fields
            .iter()
            .map(|f| {
                let mut s = format!("{} {}", f.id.value, f.kind.value.name());
                if f.is_required() {
                    s.push_str(" required");
                }
                if let Some(m) = &f.max_length {
                    s.push_str(&format!(" max {}", m.value));
                }
                if !f.options.is_empty() {
                    let o: Vec<&str> = f.options.iter().map(|o| o.value.as_str()).collect();
                    s.push_str(&format!(" [{}]", o.join(", ")));
                }
                for (what, t) in [
                    ("label", &f.label),
                    ("placeholder", &f.placeholder),
                    ("description", &f.description),
                    ("purpose", &f.purpose),
                    ("value", &f.value),
                ] {
                    if let Some(t) = t {
                        s.push_str(&format!(" {what}@{}={:?}", t.span.file, t.value));
                    }
                }
                if !f.visible {
                    s.push_str(" hidden");
                }
                s
            })
            .collect();
        (form, lines)
    }

    #[test]
    fn strings_of_a_fixed_format_are_selects_not_free_text() {
        let (form, _) = fields(
            "ok/fixed-formats/fixed-formats.schema.json",
            Some("ok/fixed-formats/fixed-formats.uischema.json"),
        );
        let kinds: Vec<(&str, &str)> = form
            .fields
            .iter()
            .map(|f| (f.id.value.as_str(), f.kind.value.name()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("order", "select"),
                ("link", "select"),
                ("page", "select"),
                ("iri", "select"),
                ("iriRef", "select"),
                ("ip", "select"),
                ("ip6", "select"),
                ("host", "select"),
                ("idnHost", "select"),
                ("took", "select"),
                ("color", "select"),
                ("theme", "select"),
                ("homepage", "select"),
                ("when", "date"),
                ("affected", "multiselect"),
            ]
        );
    }

    #[test]
    fn maps_a_draft_07_schema_with_its_uischema() {
        let (form, got) = fields(
            "err/ticket/ticket.schema.json",
            Some("err/ticket/ticket.uischema.json"),
        );
        assert_eq!(form.id.value, "ticket");
        assert_eq!(
            form.title.as_ref().map(|t| t.value.as_str()),
            Some("Contact support")
        );
        let want = [
            r#"category select required [payments, account_access, staking, card, other] label@0="Category" value@0="payments""#,
            r#"subject text required max 120 label@0="Subject" placeholder@1="e.g. Withdrawal stuck since Monday""#,
            r#"description textarea required label@0="Describe your problem" placeholder@1="Tell us everything: what you did, what you expected, what happened instead..." description@0="Tell us everything that might help.""#,
            r#"contact.name text required label@0="Full name" placeholder@1="First and last name""#,
            r#"contact.email email required max 254 label@0="E-mail" placeholder@1="you@example.com""#,
            r#"contact.phone text max 21 label@0="Phone number" placeholder@1="+44 20 7946 0000" description@1="Include the country code.""#,
            r#"contact.preferredChannel select [email, phone] label@0="How should we reach you?" value@0="email""#,
            r#"dateOfBirth date required label@0="Date of birth" description@1="Needed to verify that you own the account.""#,
            r#"walletAddress text label@0="Wallet address" placeholder@1="0x..." description@1="Copy it from the Receive screen.""#,
            r#"transactions[].txHash text required max 100 label@0="Transaction hash" placeholder@1="0x...""#,
            r#"transactions[].amount number label@0="Amount""#,
            r#"transactions[].date date label@0="Date""#,
            r#"transactions[].notes textarea label@0="Notes""#,
            r#"contactConsent checkbox label@0="You may contact me about this ticket""#,
        ];
        assert_eq!(got, want);
        // The help shown beside a field that has a description still counts as form text.
        assert!(form
            .notices
            .iter()
            .any(|n| n.value.starts_with("There is no length limit")));
    }

    #[test]
    fn maps_refs_all_of_alternatives_and_recursion() {
        let (_, got) = fields(
            "err/recovery/recovery.schema.json",
            Some("err/recovery/recovery.uischema.json"),
        );
        let want = [
            r#"walletType select required [Mobile app, Browser extension] label@0="Which wallet?""#,
            r#"lastAccess date label@0="When did you last get in?""#,
            r#"recovery text max 300 label@0="Ownership check" placeholder@1="Paste your 12-word recovery phrase here""#,
            r#"proof file label@0="Screenshot of the wallet""#,
            r#"account hidden label@0="Account reference" value@0="{{user.email}}" hidden"#,
            r#"holdings multiselect [BTC, ETH, SOL] label@0="Which assets were in the wallet?" purpose@0="To look on the right chains""#,
            r#"details textarea max 1000 label@0="What happened?" description@1="Include your balance and transaction history so we can check.""#,
            r#"history[].reference text max 40 label@0="Ticket number" placeholder@1="e.g. 48213""#,
            r#"email email required max 254 label@0="E-mail" purpose@0="To reply to you""#,
            r#"phoneModel text max 60 label@0="Phone model""#,
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn a_schema_alone_is_a_form() {
        let (form, got) = fields("ok/feedback/feedback.schema.json", None);
        assert_eq!(form.id.value, "feedback");
        assert_eq!(form.notices.len(), 1);
        assert_eq!(
            got,
            [
                r#"rating number required label@0="Overall rating""#,
                r#"area select [payments, account_access, staking, card, other] label@0="What was your request about?""#,
                r#"resolved checkbox label@0="Was your problem solved?""#,
                r#"appVersion text max 40 label@0="App version""#,
                r#"comment text max 500 label@0="Anything we could do better?" description@0="Max 500 characters. No personal data, please.""#,
                r#"tags multiselect [speed, friendliness, clarity, outcome] label@0="What went well?""#,
            ]
        );
    }

    #[test]
    fn pairs_by_name() {
        let s = Path::new("forms/ticket.schema.json");
        assert_eq!(
            uischema_path(s),
            Some(PathBuf::from("forms/ticket.uischema.json"))
        );
        let u = Path::new("forms/ticket.uischema.json");
        assert_eq!(
            schema_path(u),
            Some(PathBuf::from("forms/ticket.schema.json"))
        );
        assert_eq!(uischema_path(u), None);
        assert_eq!(schema_path(s), None);
        assert_eq!(
            uischema_path(Path::new("src/schema.json")),
            Some(PathBuf::from("src/uischema.json"))
        );
        assert_eq!(
            schema_path(Path::new("src/uischema.json")),
            Some(PathBuf::from("src/schema.json"))
        );
        assert_eq!(schema_stem("ticket.uischema.json"), None);
        assert_eq!(schema_stem("ticket.schema.json"), Some("ticket"));
    }

    #[test]
    fn anchored_bounded_patterns_bound_length() {
        assert_eq!(pattern_max_len(r"^\+?[0-9 ()-]{7,20}$"), Some(21));
        assert_eq!(pattern_max_len(r"[0-9]{7,20}"), None, "not anchored");
        assert_eq!(pattern_max_len(r"^[0-9]+$"), None, "unbounded");
        assert_eq!(
            pattern_max_len(r"^(?=a)$"),
            None,
            "not a pattern datamin reads"
        );
    }

    #[test]
    fn tuples_are_fields_by_position() {
        let text = r#"{"type": "object", "properties": {"pair": {"type": "array",
            "prefixItems": [{"type": "string", "title": "First name"}, {"type": "integer"}]}}}"#;
        let root = crate::syntax::json::parse(text, 0, Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let p = Path::new("pair.schema.json");
        let (model, errors) = load_doc(&FORMAT, &Document::new(p, &root));
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<(&str, &str)> = model.forms[0]
            .fields
            .iter()
            .map(|f| (f.id.value.as_str(), f.kind.value.name()))
            .collect();
        assert_eq!(ids, [("pair[0]", "text"), ("pair[1]", "number")]);
    }

    #[test]
    fn entries_after_a_tuple_are_fields() {
        // Draft-07's `additionalItems` (a schema) and 2020-12's `items` after `prefixItems`:
        // the entries people add after the fixed ones, named as `items` entries are.
        for text in [
            r##"{"type": "object", "definitions": {"person": {"type": "object",
                "properties": {"phone": {"type": "string"}}}},
              "properties": {
                "contacts": {"type": "array", "items": [{"type": "string", "format": "email"}],
                  "additionalItems": {"type": "string", "enum": ["a", "b"]}},
                "people": {"type": "array", "items": [{"$ref": "#/definitions/person"}],
                  "additionalItems": {"$ref": "#/definitions/person"}},
                "fixed": {"type": "array", "items": [{"type": "string"}],
                  "additionalItems": false}}}"##,
            r##"{"type": "object", "$defs": {"person": {"type": "object",
                "properties": {"phone": {"type": "string"}}}},
              "properties": {
                "contacts": {"type": "array", "prefixItems": [{"type": "string",
                  "format": "email"}], "items": {"type": "string", "enum": ["a", "b"]}},
                "people": {"type": "array", "prefixItems": [{"$ref": "#/$defs/person"}],
                  "items": {"$ref": "#/$defs/person"}},
                "fixed": {"type": "array", "prefixItems": [{"type": "string"}],
                  "items": false}}}"##,
        ] {
            let (fields, errors) = load_text(text);
            assert!(errors.is_empty(), "{errors:?}");
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(id, kind)| (id.as_str(), kind.as_str()))
                .collect();
            assert_eq!(
                fields,
                [
                    ("contacts[0]", "email"),
                    ("contacts", "multiselect"),
                    ("people[0].phone", "text"),
                    ("people[].phone", "text"),
                    ("fixed[0]", "text"),
                ],
                "{text}"
            );
        }
        // Not a schema: an error at the value.
        let text = r#"{"type": "object", "properties": {"l": {"type": "array",
            "items": [{"type": "string"}], "additionalItems": "string"}}}"#;
        let at = u32::try_from(text.find(r#""string"}}}"#).unwrap_or(0)).unwrap_or(0);
        assert_eq!(
            load_text(text).1,
            [(
                at,
                "expected a schema for `additionalItems`, found a string".to_string()
            )]
        );
    }

    #[test]
    fn a_list_keeps_its_entries_title_and_description() {
        // The list's title is its label; its entries' own texts were dropped, and with them
        // what they ask for ("Home address" under "Previous").
        let text = r#"{"type": "object", "properties": {
            "previous": {"type": "array", "title": "Previous", "description": "Where you lived",
              "items": {"type": "string", "title": "Home address",
                "description": "Street, city and postcode"}},
            "plain": {"type": "array", "items": {"type": "string", "title": "Phone",
              "description": "With the country code"}}}}"#;
        let root = crate::syntax::json::parse(text, 0, Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let (model, errors) = load_doc(&FORMAT, &Document::new(Path::new("t.json"), &root));
        assert!(errors.is_empty(), "{errors:?}");
        let value = |t: &Option<Spanned<String>>| t.as_ref().map(|t| t.value.clone());
        let texts: Vec<[Option<String>; 4]> = model.forms[0]
            .fields
            .iter()
            .map(|f| {
                [
                    value(&f.label),
                    value(&f.item_label),
                    value(&f.description),
                    value(&f.item_description),
                ]
            })
            .collect();
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            texts,
            [
                [
                    some("Previous"),
                    some("Home address"),
                    some("Where you lived"),
                    some("Street, city and postcode")
                ],
                // Without texts of its own, the list shows its entries' (as before).
                [some("Phone"), None, some("With the country code"), None],
            ]
        );
        // Each text where it is written.
        let f = &model.forms[0].fields[0];
        let at = |t: &Option<Spanned<String>>| t.as_ref().map(|t| t.span.start);
        let offset = |s: &str| text.find(s).and_then(|i| u32::try_from(i).ok());
        assert_eq!(at(&f.item_label), offset(r#""Home address""#));
        assert_eq!(at(&f.item_description), offset(r#""Street, city"#));
        // What the entries' description asks for is among what the list collects.
        let vocab = crate::rules::vocabulary::Vocabulary::builtin();
        let names: Vec<&str> = crate::rules::engine::field_categories(vocab, f)
            .into_iter()
            .map(|c| vocab.categories[c].id.as_str())
            .collect();
        assert!(names.contains(&"home_address"), "{names:?}");
        let mut only_description = f.clone();
        only_description.label = None;
        only_description.item_label = None;
        only_description.description = None;
        only_description.id.value = "x".to_string();
        let names: Vec<&str> = crate::rules::engine::field_categories(vocab, &only_description)
            .into_iter()
            .map(|c| vocab.categories[c].id.as_str())
            .collect();
        assert!(names.contains(&"home_address"), "{names:?}");
    }

    #[test]
    fn members_of_an_object_that_can_be_null_are_not_required() {
        // Entries that can be `null` too; a plain object's `required` still holds, and a
        // `null` branch in an `allOf` part alone does not make the object optional.
        let text = r##"{"type": "object", "$defs": {"a": {"type": "object",
              "required": ["street"], "properties": {"street": {"type": "string"}}}},
            "properties": {
              "maybe": {"type": "array", "items": {"oneOf": [{"$ref": "#/$defs/a"},
                {"type": "null"}]}},
              "plain": {"type": "array", "items": {"$ref": "#/$defs/a"}},
              "mixed": {"allOf": [{"$ref": "#/$defs/a"},
                {"anyOf": [{"type": "null"}, {"type": "object"}]}]},
              "typed": {"allOf": [{"type": ["object", "null"]}, {"$ref": "#/$defs/a"}]}}}"##;
        let root = crate::syntax::json::parse(text, 0, Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let (model, errors) = load_doc(&FORMAT, &Document::new(Path::new("t.json"), &root));
        assert!(errors.is_empty(), "{errors:?}");
        let required: Vec<(&str, bool)> = model.forms[0]
            .fields
            .iter()
            .map(|f| (f.id.value.as_str(), f.is_required()))
            .collect();
        assert_eq!(
            required,
            [
                ("maybe[].street", false),
                ("plain[].street", true),
                ("mixed.street", true),
                ("typed.street", true)
            ]
        );
    }

    /// Fields as (id, kind) and errors as (offset, message).
    type Loaded = (Vec<(String, String)>, Vec<(u32, String)>);

    /// The fields and errors of a schema given as text.
    fn load_text(text: &str) -> Loaded {
        let root = crate::syntax::json::parse(text, 0, Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let (model, errors) = load_doc(&FORMAT, &Document::new(Path::new("t.schema.json"), &root));
        let fields = model
            .forms
            .iter()
            .flat_map(|f| &f.fields)
            .map(|f| (f.id.value.clone(), f.kind.value.name().to_string()))
            .collect();
        let errors = errors
            .into_iter()
            .map(|e| (e.span.map_or(0, |s| s.start), e.message))
            .collect();
        (fields, errors)
    }

    #[test]
    fn a_list_of_itself_is_read_once() {
        // These overflowed the stack: a list's items that are the list again.
        for text in [
            r##"{"type": "array", "items": {"$ref": "#"}}"##,
            r##"{"type": "object", "properties": {"l": {"type": "array", "items": {"$ref": "#/properties/l"}}}}"##,
        ] {
            assert_eq!(load_text(text), (vec![], vec![]), "{text}");
        }
        // A list of strings or of lists like itself: the strings are one field.
        let text = r##"{"type": "object", "$defs": {"steps": {"type": "array", "items":
            {"anyOf": [{"type": "string", "maxLength": 200}, {"$ref": "#/$defs/steps"}]}}},
            "properties": {"steps": {"$ref": "#/$defs/steps"}}}"##;
        let (fields, errors) = load_text(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(fields.len(), 1, "{fields:?}");
    }

    #[test]
    fn x_or_null_is_x() {
        // Pydantic's `Optional[X]`: each was one text field with no length limit.
        let text = r##"{"type": "object", "$defs": {"Topic": {"enum": ["login", "other"]}},
            "properties": {
            "email": {"anyOf": [{"format": "email", "type": "string"}, {"type": "null"}]},
            "details": {"anyOf": [{"maxLength": 500, "type": "string"}, {"type": "null"}]},
            "topic": {"oneOf": [{"$ref": "#/$defs/Topic"}, {"type": "null"}]},
            "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}}"##;
        let root = crate::syntax::json::parse(text, 0, Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let (model, errors) = load_doc(&FORMAT, &Document::new(Path::new("t.schema.json"), &root));
        assert!(errors.is_empty(), "{errors:?}");
        let got: Vec<String> = model.forms[0]
            .fields
            .iter()
            .map(|f| {
                let max = f.max_length.as_ref().map(|m| m.value);
                let opts: Vec<&str> = f.options.iter().map(|o| o.value.as_str()).collect();
                format!("{} {} {max:?} {opts:?}", f.id.value, f.kind.value.name())
            })
            .collect();
        assert_eq!(
            got,
            [
                "email email None []",
                "details text Some(500) []",
                r#"topic select None ["login", "other"]"#,
                // Two real alternatives: still what it was.
                "either text None []",
            ]
        );
    }

    #[test]
    fn ui_order_as_react_jsonschema_form_orders() {
        let schema = r#"{"type": "object", "properties": {"a": {"type": "integer"},
            "b": {"type": "integer"}, "c": {"type": "integer"}}}"#;
        let errors = |order: &str| {
            let root = crate::syntax::json::parse(schema, 0, Limits::default())
                .unwrap_or_else(|e| panic!("{e:?}"));
            let ui_text = format!(r#"{{"ui:order": {order}}}"#);
            let ui = crate::syntax::json::parse(&ui_text, 1, Limits::default())
                .unwrap_or_else(|e| panic!("{e:?}"));
            let mut doc = Document::new(Path::new("t.schema.json"), &root);
            doc.companion = Some(&ui);
            let (_, errors) = load_doc(&FORMAT, &doc);
            errors
                .into_iter()
                .map(|e| (e.span.map_or(0, |s| s.start), e.message))
                .collect::<Vec<_>>()
        };
        // rjsf drops entries that name no property, and renders these.
        assert_eq!(errors(r#"["a", "b", "c", "zzz"]"#), []);
        assert_eq!(errors(r#"["c", "*"]"#), []);
        // It throws on these.
        assert_eq!(
            errors(r#"["a", "b"]"#),
            [(13, "`ui:order` leaves out `c` and has no `*`".to_string())]
        );
        assert_eq!(
            errors(r#"["*", "a", "*"]"#),
            [(24, "`ui:order` has more than one `*`".to_string())]
        );
    }

    /// The model and the errors of the form `schema` read with its uiSchema `ui`.
    fn load_with_ui(schema: &str, ui: &str) -> (Model, Vec<Error>) {
        let root = crate::syntax::json::parse(schema, 0, Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let ui = crate::syntax::json::parse(ui, 1, Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let mut doc = Document::new(Path::new("t.schema.json"), &root);
        doc.companion = Some(&ui);
        load_doc(&FORMAT, &doc)
    }

    /// Asserts the fields that the form `schema` and its uiSchema `ui` make, and whether each
    /// is people's to fill in (`expected`); the form loads without errors.
    fn assert_visible(schema: &str, ui: &str, expected: &[(&str, bool)]) {
        let (model, errors) = load_with_ui(schema, ui);
        assert!(errors.is_empty(), "{errors:?}");
        let visible: Vec<(&str, bool)> = model.forms[0]
            .fields
            .iter()
            .map(|f| (f.id.value.as_str(), f.visible))
            .collect();
        assert_eq!(visible, expected);
    }

    /// A uiSchema key close to no property is left alone, as react-jsonschema-form leaves
    /// it (a real form's `avatar`, its field gone from the schema), and so is a numbered
    /// sibling of one (`email2`): the form is read, with no error. A misspelt property
    /// (`emial`) stays an error: its directions are lost.
    #[test]
    fn a_ui_key_for_no_property_is_ignored_unless_misspelt() {
        let schema = r#"{"type": "object", "properties": {
            "email": {"type": "string"}, "details": {"type": "string"}}}"#;
        let read = |ui: &str| {
            let (model, errors) = load_with_ui(schema, ui);
            let messages: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
            (model.forms.len(), messages)
        };
        assert_eq!(
            read(
                r#"{"avatar": {"ui:widget": "avatarWidget"}, "details": {"ui:widget": "textarea"}}"#
            ),
            (1, vec![])
        );
        let (_, errors) = read(r#"{"emial": {"ui:widget": "hidden"}}"#);
        assert_eq!(
            errors,
            ["uiSchema key `emial` is not a property of the schema"]
        );
        // A numbered sibling is a field gone, not a typo: `email2`, `details1`.
        assert_eq!(
            read(r#"{"email2": {"ui:widget": "hidden"}, "details1": {}}"#),
            (1, vec![])
        );
    }

    #[test]
    fn fields_people_cannot_type_into_are_not_theirs_to_fill() {
        let schema = r#"{"type": "object", "properties": {
            "ticketId": {"type": "string", "readOnly": true},
            "agentNote": {"type": "string"}, "summary": {"type": "string"},
            "message": {"type": "string", "readOnly": false}}}"#;
        let ui = r#"{"agentNote": {"ui:readonly": true},
            "summary": {"ui:options": {"disabled": true}}}"#;
        assert_visible(
            schema,
            ui,
            &[
                ("ticketId", false),
                ("agentNote", false),
                ("summary", false),
                ("message", true),
            ],
        );
    }

    #[test]
    fn objects_and_lists_people_cannot_fill_in_close_their_members() {
        // react-jsonschema-form passes `readonly` and `disabled` down, at any depth; a
        // member's own `ui:readonly`/`ui:disabled` (`true` or `false`) decides for it.
        let schema = r#"{"type": "object", "properties": {
            "account": {"type": "object", "readOnly": true, "properties": {
                "notes": {"type": "string"},
                "owner": {"type": "object", "properties": {"remarks": {"type": "string"}}},
                "reopened": {"type": "string"}}},
            "meta": {"type": "object", "properties": {"comment": {"type": "string"}}},
            "history": {"type": "array", "readOnly": true,
                "items": {"type": "object", "properties": {"note": {"type": "string"}}}},
            "tags": {"type": "array", "items": {"type": "string"}},
            "audit": {"type": "array", "items": {"type": "object", "readOnly": true,
                "properties": {"details": {"type": "string"}}}},
            "open": {"type": "object", "properties": {"text": {"type": "string"}}}}}"#;
        let ui = r#"{"account": {"reopened": {"ui:readonly": false}},
            "meta": {"ui:readonly": true},
            "tags": {"ui:options": {"disabled": true}, "items": {"ui:placeholder": "a tag"}},
            "open": {"ui:disabled": true, "text": {"ui:disabled": false}}}"#;
        assert_visible(
            schema,
            ui,
            &[
                ("account.notes", false),
                ("account.owner.remarks", false),
                ("account.reopened", true),
                ("meta.comment", false),
                ("history[].note", false),
                ("tags", false),
                ("audit[].details", false),
                ("open.text", true),
            ],
        );
        // A JSON Forms control that is `readonly` closes what is in it too.
        let schema = r#"{"type": "object", "properties": {
            "meta": {"type": "object", "properties": {"comment": {"type": "string"}}},
            "notes": {"type": "array", "items": {"type": "object",
                "properties": {"text": {"type": "string"}}}},
            "other": {"type": "string"}}}"#;
        let ui = r##"{"type": "VerticalLayout", "elements": [
            {"type": "Control", "scope": "#/properties/meta", "options": {"readonly": true}},
            {"type": "Control", "scope": "#/properties/notes", "options": {"readonly": true}},
            {"type": "Control", "scope": "#/properties/other"}]}"##;
        assert_visible(
            schema,
            ui,
            &[
                ("meta.comment", false),
                ("notes[].text", false),
                ("other", true),
            ],
        );
    }

    #[test]
    fn a_json_forms_layout_gives_labels_and_multi_line_boxes() {
        // JSON Forms (eclipsesource) UI schemas are layouts of controls, not rjsf's mirror
        // of the properties: each key was "not a property" (exit 2).
        let schema = r#"{"type": "object", "properties": {
            "name": {"type": "string", "maxLength": 80},
            "comment": {"type": "string"},
            "ref": {"type": "string"},
            "items": {"type": "array", "items": {"type": "object",
                "properties": {"note": {"type": "string"}}}}}}"#;
        let ui = r##"{"type": "VerticalLayout", "elements": [
            {"type": "Control", "scope": "#/properties/name", "label": "Your name"},
            {"type": "Group", "label": "More", "elements": [
                {"type": "Control", "scope": "#/properties/comment", "options": {"multi": true}},
                {"type": "Control", "scope": "#/properties/items/items/properties/note",
                 "options": {"multi": true}},
                {"type": "Control", "scope": "#/properties/ref", "options": {"readonly": true}},
                {"type": "Control", "scope": "#/properties/comentt"}]}]}"##;
        let root = crate::syntax::json::parse(schema, 0, Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let ui = crate::syntax::json::parse(ui, 1, Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let mut doc = Document::new(Path::new("t.schema.json"), &root);
        doc.companion = Some(&ui);
        let (model, errors) = load_doc(&FORMAT, &doc);
        let errors: Vec<(String, Option<String>)> =
            errors.into_iter().map(|e| (e.message, e.help)).collect();
        assert_eq!(
            errors,
            [(
                "JSON Forms control scope names no property: `comentt`".to_string(),
                Some("did you mean `comment`?".to_string())
            )]
        );
        let got: Vec<(&str, &str, Option<&str>, bool)> = model.forms[0]
            .fields
            .iter()
            .map(|f| {
                (
                    f.id.value.as_str(),
                    f.kind.value.name(),
                    f.label.as_ref().map(|l| l.value.as_str()),
                    f.visible,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("name", "text", Some("Your name"), true),
                ("comment", "textarea", None, true),
                ("ref", "text", None, false),
                ("items[].note", "textarea", None, true),
            ]
        );
    }

    /// Each required field of a fixture with the line and column its requiredness is at.
    fn required_at(schema: &str) -> Vec<String> {
        let (form, _) = fields(schema, None);
        let text =
            std::fs::read_to_string(Path::new("tests/fixtures/formats/jsonschema").join(schema))
                .expect("fixture");
        form.fields
            .iter()
            .filter_map(|f| {
                let at = f.required.as_ref().filter(|r| r.value)?.span.start as usize;
                let line = text[..at].matches('\n').count() + 1;
                let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
                Some(format!("{} {line}:{col}", f.id.value))
            })
            .collect()
    }

    #[test]
    fn what_applies_to_some_people_requires_at_its_own_list() {
        // A `then` (or `else`, beside an `if`), a `oneOf` branch or a schema dependency that
        // requires a field requires it of the people it applies to, wherever the field is
        // declared: at that list's entry. `not`, the `if` itself and a `then`/`else` without
        // an `if` (ignored by JSON Schema) require nothing.
        assert_eq!(
            required_at("err/conditional/conditional.schema.json"),
            [
                "phone 22:29",
                "street 24:30",
                "mailing 35:20",
                "billing_address 42:20",
                "dob 22:22",
            ]
        );
    }

    #[test]
    fn a_property_dependency_requires_at_its_list_entry() {
        // `billing_address` of those who ask for a refund: 2019-09's `dependentRequired`,
        // draft-07's `dependencies` with a list (a schema there requires only what its own
        // `required` lists).
        for schema in [
            "err/dependent-required/dependent-required.schema.json",
            "err/property-dependencies/property-dependencies.schema.json",
        ] {
            assert_eq!(required_at(schema), ["billing_address 13:16"], "{schema}");
        }
        // Lists of names, as `required` is: errors at the value.
        let text = r#"{"type": "object", "dependentRequired": {"a": "b"},
                "dependencies": {"c": [1]}}"#;
        let (_, errors) = load_text(text);
        let at = |s: &str| u32::try_from(text.find(s).unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            errors,
            [
                (at(r#""b""#), "expected a list, found a string".to_string()),
                (at("1]"), "expected a string, found a number".to_string())
            ]
        );
    }

    #[test]
    fn fields_a_dependency_adds_through_one_of_are_fields() {
        // react-jsonschema-form's dynamic forms: answering "Yes" shows `petStory`.
        let text = r#"{"type": "object",
            "properties": {"hasPets": {"type": "string", "enum": ["No", "Yes"]}},
            "dependencies": {"hasPets": {"oneOf": [
                {"properties": {"hasPets": {"enum": ["No"]}}},
                {"properties": {"hasPets": {"enum": ["Yes"]},
                    "petStory": {"type": "string"}}}]}}}"#;
        let (fields, errors) = load_text(text);
        assert!(errors.is_empty(), "{errors:?}");
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(id, kind)| (id.as_str(), kind.as_str()))
            .collect();
        assert_eq!(fields, [("hasPets", "select"), ("petStory", "text")]);
    }

    #[test]
    fn fields_of_different_branches_of_a_choice_exclude_each_other() {
        // A `oneOf` within a dependency (its branches' nested objects too), an `if`'s `then`
        // and `else`, an `anyOf` inside a branch; a property named in two branches is shown
        // within neither; a dependency alone is no choice, nor is one within a list's
        // entries (each may take another branch).
        let text = r#"{"type": "object",
            "dependencies": {"way": {"oneOf": [
                {"properties": {"way": {"enum": ["post"]}, "street": {"type": "string"},
                    "both": {"type": "string"}}},
                {"properties": {"way": {"enum": ["courier"]}, "both": {"type": "string"},
                    "courier": {"type": "object", "properties": {"name": {"type": "string"}}},
                    "extra": {"type": "string"}},
                 "anyOf": [{"properties": {"a": {"type": "string"}}},
                           {"properties": {"b": {"type": "string"}}}]}]},
              "note": {"properties": {"always": {"type": "string"}}}},
            "properties": {"way": {"type": "string", "enum": ["post", "courier"]},
              "people": {"type": "array", "items": {"type": "object", "oneOf": [
                {"properties": {"home": {"type": "string"}}},
                {"properties": {"work": {"type": "string"}}}]}},
              "byName": {"type": "object", "additionalProperties": {"type": "object", "oneOf": [
                {"properties": {"phone": {"type": "string"}}},
                {"properties": {"mobile": {"type": "string"}}}]}}},
            "if": {"properties": {"way": {"const": "post"}}},
            "then": {"properties": {"t": {"type": "string"}}},
            "else": {"properties": {"e": {"type": "string"}}}}"#;
        let root = crate::syntax::json::parse(text, 0, Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let (model, errors) = load_doc(&FORMAT, &Document::new(Path::new("t.schema.json"), &root));
        assert!(errors.is_empty(), "{errors:?}");
        let fields = &model.forms[0].fields;
        let by = |id: &str| {
            fields
                .iter()
                .find(|f| f.id.value == id)
                .unwrap_or_else(|| panic!("{id}"))
        };
        let never_both = |a: &str, b: &str| by(a).excludes(by(b)) && by(b).excludes(by(a));
        for (a, b) in [
            ("street", "courier.name"),
            ("street", "extra"),
            ("street", "a"),
            ("a", "b"),
            ("t", "e"),
        ] {
            assert!(never_both(a, b), "{a} and {b}");
        }
        for (a, b) in [
            ("way", "street"),
            ("both", "street"),
            ("both", "extra"),
            ("extra", "courier.name"),
            ("extra", "a"),
            ("always", "street"),
            ("street", "t"),
            ("street", "e"),
            // Each entry of a list takes a branch of its own.
            ("people[].home", "people[].work"),
            // And so does each entry of a map.
            ("byName.*.phone", "byName.*.mobile"),
        ] {
            assert!(
                !by(a).excludes(by(b)) && !by(b).excludes(by(a)),
                "{a} and {b}"
            );
        }
    }

    #[test]
    fn references_by_id_and_anchor_within_the_document() {
        // react-jsonschema-form's bundled 2020-12 sample: `$defs` keyed by `$id`, referred
        // to by a path against the root's `$id`; a root's own `$id` with a pointer; an anchor.
        for text in [
            r##"{"$id": "https://x.dev/schemas/examples/bundle", "type": "object",
              "$defs": {"i": {"$id": "https://x.dev/schemas/mixins/text", "type": "string",
                  "maxLength": 80}},
              "properties": {"subject": {"$ref": "/schemas/mixins/text"}}}"##,
            r##"{"$id": "https://x.dev/schemas/ticket", "type": "object",
              "$defs": {"t": {"type": "string", "maxLength": 80}},
              "properties": {"subject": {"$ref": "https://x.dev/schemas/ticket#/$defs/t"}}}"##,
            r##"{"type": "object", "$defs": {"t": {"$anchor": "short", "type": "string",
                  "maxLength": 80}},
              "properties": {"subject": {"$ref": "#short"}}}"##,
            r##"{"$id": "https://x.dev/a/b", "type": "object", "$defs": {"t": {"$id": "t",
                  "type": "string", "maxLength": 80}},
              "properties": {"subject": {"$ref": "t"}}}"##,
            // Draft-07: a fragment `$id` is an anchor, and the root's own `$id` is the root.
            r##"{"$id": "http://x.dev/root.json", "type": "object", "definitions": {
                  "t": {"$id": "#short", "type": "string", "maxLength": 80}},
              "properties": {"subject": {"$ref": "#short"}}}"##,
            r##"{"$id": "http://x.dev/root.json", "type": "object", "definitions": {
                  "t": {"$id": "#short", "type": "string", "maxLength": 80}},
              "properties": {"subject": {"$ref": "http://x.dev/root.json#/definitions/t"}}}"##,
        ] {
            let root = crate::syntax::json::parse(text, 0, Limits::default())
                .unwrap_or_else(|e| panic!("{e:?}"));
            let (model, errors) =
                load_doc(&FORMAT, &Document::new(Path::new("t.schema.json"), &root));
            assert!(errors.is_empty(), "{text}: {errors:?}");
            let max: Vec<Option<u64>> = model.forms[0]
                .fields
                .iter()
                .map(|f| f.max_length.as_ref().map(|m| m.value))
                .collect();
            assert_eq!(max, [Some(80)], "{text}");
        }
        // Another document, or an anchor no schema has: errors at the reference.
        let (_, errors) = load_text(
            r##"{"type": "object", "properties": {"a": {"$ref": "https://y.dev/s.json"},
                "b": {"$ref": "#nowhere"}}}"##,
        );
        let messages: Vec<&str> = errors.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "cannot follow `$ref` `https://y.dev/s.json` to another document",
                "`$ref` `#nowhere` names no `$anchor` of the document"
            ]
        );
    }

    #[test]
    fn uris_resolve_against_a_base() {
        let base = "https://x.dev/schemas/examples/bundle";
        assert_eq!(resolve_uri(base, "/schemas/m"), "https://x.dev/schemas/m");
        assert_eq!(resolve_uri(base, "m"), "https://x.dev/schemas/examples/m");
        assert_eq!(resolve_uri(base, "//y.dev/m"), "https://y.dev/m");
        assert_eq!(resolve_uri(base, "urn:x:y"), "urn:x:y");
        assert_eq!(resolve_uri("", "/m"), "/m");
        assert_eq!(resolve_uri("https://x.dev", "m"), "https://x.dev/m");
    }

    #[test]
    fn a_choice_of_objects_has_their_fields() {
        // A requester who is a person or a company: their fields, not one text field.
        let text = r##"{"type": "object", "definitions": {
              "person": {"type": "object", "properties": {"name": {"type": "string",
                  "maxLength": 80}, "details": {"type": "string"}}},
              "company": {"properties": {"vat": {"type": "string", "maxLength": 20}}}},
            "properties": {
              "requester": {"oneOf": [{"$ref": "#/definitions/person"},
                  {"$ref": "#/definitions/company"}, {"type": "null"}]},
              "list": {"type": "array", "items": {"anyOf": [
                  {"$ref": "#/definitions/company"}]}},
              "mixed": {"oneOf": [{"$ref": "#/definitions/person"}, {"type": "string"}]}}}"##;
        let (fields, errors) = load_text(text);
        assert!(errors.is_empty(), "{errors:?}");
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(id, kind)| (id.as_str(), kind.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("requester.name", "text"),
                ("requester.details", "text"),
                ("requester.vat", "text"),
                ("list[].vat", "text"),
                // An object or a string: a field of its own, as before.
                ("mixed", "text"),
            ]
        );
    }

    #[test]
    fn entries_people_add_are_a_field() {
        let text = r#"{"type": "object", "additionalProperties": false, "properties": {
            "extra": {"type": "object", "additionalProperties": {"type": "string"}},
            "meta": {"type": "object", "patternProperties": {"^x-": {"type": "string",
                "maxLength": 40}}},
            "any": {"type": "object", "additionalProperties": {}},
            "maybe": {"type": "object", "additionalProperties":
                {"anyOf": [{"type": "string"}, {"type": "null"}]}},
            "open": {"type": "object", "additionalProperties": true}}}"#;
        let (fields, errors) = load_text(text);
        assert!(errors.is_empty(), "{errors:?}");
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(id, kind)| (id.as_str(), kind.as_str()))
            .collect();
        assert_eq!(
            fields,
            [("extra.*", "text"), ("meta.*", "text"), ("maybe.*", "text")]
        );
    }

    #[test]
    fn alternatives_sharing_a_schema_read_it_once() {
        // 5,000 branches that each refer to one schema of 5,000 alternatives: that schema
        // is read once, not once a branch (25 million steps; a 540 KB schema took 5 s).
        let branches = vec![r##"{"$ref": "#/$defs/m"}"##; 5000].join(",");
        let inner = vec!["{}"; 5000].join(",");
        let text = format!(
            r##"{{"type": "object", "$defs": {{"m": {{"oneOf": [{inner}],
                "properties": {{"x": {{"type": "string", "maxLength": 3}}}}}}}},
                "oneOf": [{branches}]}}"##
        );
        let root = crate::syntax::json::parse(&text, 0, Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        let mut errors = Vec::new();
        let mut l = Loader {
            root: &root,
            errors: &mut errors,
            form_id: String::new(),
            fields: Vec::new(),
            notices: Vec::new(),
            stack: Vec::new(),
            expansions: 0,
            exhausted: false,
            chain: Vec::new(),
            controls: Vec::new(),
            resources: None,
            optional: 0,
            locked: Locked::default(),
            purpose: None,
            alternatives: Vec::new(),
            groups: 0,
            lists: 0,
        };
        let view = l.view(&root);
        let (props, _) = l.properties(&view);
        assert_eq!(props.len(), 1);
        // Each branch and each inner alternative is looked at once (and viewed once): well
        // within the budget, where looking at the inner ones once a branch is 25 million.
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        assert!(l.expansions <= 5 * 5000 + 10, "{}", l.expansions);
    }

    #[test]
    fn a_mixin_shared_with_an_ancestor_is_no_recursion() {
        // The object and its list both take `common` through `allOf`: the list was taken
        // for the object again and dropped. A real cycle (`items` naming the root) is not.
        let text = r##"{"type": "object", "allOf": [{"$ref": "#/$defs/common"}],
            "$defs": {"common": {"description": "Shared wording"}},
            "properties": {
              "notes": {"type": "array", "allOf": [{"$ref": "#/$defs/common"}],
                "items": {"type": "string"}},
              "child": {"type": "object", "allOf": [{"$ref": "#/$defs/common"}],
                "properties": {"text": {"type": "string"}}},
              "again": {"type": "array", "items": {"$ref": "#"}}}}"##;
        let (fields, errors) = load_text(text);
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<&str> = fields.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["notes", "child.text"]);
    }

    #[test]
    fn lists_nest_no_deeper_than_objects() {
        let depth = MAX_NESTING + 2;
        let text = format!(
            r#"{{"type": "object", "properties": {{"l": {}"string"{}}}}}"#,
            r#"{"type": "array", "items": "#.repeat(depth) + r#"{"type": "#,
            "}".repeat(depth + 1)
        );
        let (_, errors) = load_text(&text);
        // At the first key of the list that is one level too deep.
        let level = text
            .match_indices(r#"{"type": "array""#)
            .nth(MAX_NESTING + 1)
            .map_or(0, |(i, _)| i + 1);
        let at = u32::try_from(level).unwrap_or(0);
        assert_eq!(
            errors,
            [(at, format!("lists nest deeper than {MAX_NESTING} levels"))]
        );
    }

    #[test]
    fn a_type_is_a_name_or_a_list_of_names() {
        let load = |ty: &str| {
            let text = format!(r#"{{"type": "object", "properties": {{"a": {{"type": {ty}}}}}}}"#);
            let root = crate::syntax::json::parse(&text, 0, Limits::default())
                .unwrap_or_else(|e| panic!("{e:?}"));
            let (model, errors) = load_doc(&FORMAT, &Document::new(Path::new("t.json"), &root));
            let kinds: Vec<&str> = model
                .forms
                .iter()
                .flat_map(|f| &f.fields)
                .map(|f| f.kind.value.name())
                .collect();
            let errors: Vec<(u32, String)> = errors
                .into_iter()
                .map(|e| (e.span.map_or(0, |s| s.start), e.message))
                .collect();
            (kinds.join(","), errors)
        };
        // The text's offset of the value of the field's `type`.
        let at = 48;
        assert_eq!(load(r#""string""#), ("text".into(), vec![]));
        assert_eq!(load(r#"["null", "integer"]"#), ("number".into(), vec![]));
        assert_eq!(
            load(r#"["null", "strng"]"#).1,
            [(at + 9, "unknown type `strng`".to_string())]
        );
        assert_eq!(
            load(r#"["strng", 5]"#).1,
            [(at + 10, "expected a string, found a number".to_string())],
            "a name that is not a string comes first"
        );
        assert_eq!(
            load("5").1,
            [(
                at,
                "expected a string or a list of strings, found a number".to_string()
            )]
        );
    }

    #[test]
    fn decodes_pointers() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
