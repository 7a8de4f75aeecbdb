//! Forms defined in Rust code: structs that derive serde's `Deserialize` and look like a
//! submitted form (by name, or by a `datamin: form` doc comment), read with syn.
//!
//! Two phases, because a form's field types may be defined in another file:
//! 1. [`Sources::add`] parses one file (on a thread with a large stack, so the thread-local
//!    source map of proc-macro2 dies with it) and keeps a plain, `Send` description of its
//!    structs, enums, type aliases and integer constants, every span already a byte range.
//! 2. [`Sources::finish`] builds the forms once every file is read, resolving field types
//!    against every definition seen.
//!
//! Files whose text has no `Deserialize` are skipped before any parse: they cannot define a
//! form, nor a type a form can take (that type would have to be deserializable too). Those
//! that declare modules in files of their own (`mod name;`) have these declarations read from
//! their text ([`scan_modules`], no parse): a `#[cfg(test)] mod tests;` makes its file, and
//! every module file below it, test-only, which [`Sources::finish`] settles once every file
//! is read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use proc_macro2::LineColumn;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;

use crate::diag::Error;
use crate::model::{Audience, Capabilities, Field, FieldKind, Form, Model};
use crate::source::{FileId, SourceFile, Span, Spanned};
use crate::syntax::{unknown_keys, Node};

/// Struct names that are forms unless `rust.form_structs` says otherwise (a list there may
/// take names out with `!` globs). The default also leaves out [`endpoint_body`] names.
pub const DEFAULT_FORM_STRUCTS: &[&str] =
    &["*Form", "*Ticket", "*Request", "*Submission", "*Feedback"];

/// Whether a struct's name makes it the body of an endpoint that logs in, signs up, changes a
/// password or looks something up, not a support form (left out by the default
/// `form_structs`): a `*Request` or `*Form` with an account word (`LoginRequest`,
/// `SignUpForm`, `ChangePasswordRequest`, `AuthRequest`, `RefreshTokenRequest`), or a
/// `*Request` with a lookup word (`SearchDoctorRequest`, `TicketQueryRequest`,
/// `ListOrdersRequest`; not "get": `GetHelpRequest`). Words are the name's CamelCase words,
/// so `AuthorFeedbackRequest`, `LockoutRequest` and a `LoginProblemTicket` are forms. A login's password is what it is for,
/// and nothing of it is kept as a ticket: a run over 49 real Rust files of 40 repositories
/// found most of its false alarms on such bodies.
pub fn endpoint_body(name: &str) -> bool {
    let words: Vec<String> = camel_words(name).map(|w| w.to_ascii_lowercase()).collect();
    let Some(last) = words.last() else {
        return false;
    };
    let request = last == "request";
    if !request && last != "form" {
        return false;
    }
    let body = &words[..words.len() - 1];
    body.iter().enumerate().any(|(i, w)| {
        let next = body.get(i + 1).map(String::as_str);
        let account = matches!(
            w.as_str(),
            "login"
                | "logout"
                | "signin"
                | "signout"
                | "signup"
                | "register"
                | "registration"
                | "password"
                | "passwd"
                | "auth"
                | "oauth"
                | "authenticate"
                | "authentication"
                | "authorize"
                | "authorization"
                | "token"
                | "session"
        ) || (matches!(w.as_str(), "log" | "sign")
            && matches!(next, Some("in" | "out" | "up")));
        let lookup = request
            && (matches!(w.as_str(), "search" | "query" | "filter") || (i == 0 && w == "list"));
        account || lookup
    })
}

/// The CamelCase words of a name: `SignInRequest` → `Sign`, `In`, `Request`; a run of
/// capitals is one word up to the last, which starts the next (`OAuthRequest` → `O`, `Auth`,
/// `Request`); `_` and digits separate too.
fn camel_words(name: &str) -> impl DoubleEndedIterator<Item = &str> {
    let b = name.as_bytes();
    let mut words = Vec::new();
    // The start of the word being read, if a letter is.
    let mut from: Option<usize> = None;
    for (i, &c) in b.iter().enumerate() {
        if !c.is_ascii_alphabetic() {
            if let Some(s) = from.take() {
                words.push(&name[s..i]);
            }
            continue;
        }
        let starts = from.is_none()
            || c.is_ascii_uppercase()
                && (b[i - 1].is_ascii_lowercase()
                    || b.get(i + 1).is_some_and(|n| n.is_ascii_lowercase()));
        if starts {
            if let Some(s) = from.replace(i) {
                words.push(&name[s..i]);
            }
        }
    }
    if let Some(s) = from {
        words.push(&name[s..]);
    }
    words.into_iter()
}

pub const CAPABILITIES: Capabilities = Capabilities {
    max_length: true,
    purpose: true,
    fix_max_length: "`#[validate(length(max = N))]`",
    fix_purpose: "a `/// purpose: ...` line to its doc comment",
    held: &[],
};

/// The same, for structs validated with garde.
const GARDE_CAPABILITIES: Capabilities = Capabilities {
    fix_max_length: "`#[garde(length(max = N))]`",
    ..CAPABILITIES
};

/// Deepest nesting of delimiters, generics or prefix operators accepted: syn recurses once
/// per level, and a stack overflow would abort the whole run.
const MAX_NESTING: usize = 256;

/// Stack of the parsing thread. Only touched pages are used; deep but legal files fit.
const PARSE_STACK: usize = 256 << 20;

/// How deep nested structs are followed (a struct that contains itself stops earlier).
const MAX_NESTED_DEPTH: usize = 8;

/// Fields of nested structs a form's walk may look at, per field of `limits.max_fields`:
/// past this many the walk stops (types that add no field can still multiply the work).
const WALK_STEPS_PER_FIELD: usize = 64;

pub fn is_rust(path: &Path) -> bool {
    crate::source::is_rust(path)
}

/// The pre-filter: only a file that mentions `Deserialize` can define a form.
pub fn may_define_forms(text: &str) -> bool {
    text.contains("Deserialize")
}

/// How far past `mod` and past its name [`may_declare_modules`] looks through white space and
/// comments: further, it answers yes and leaves the question to the scan.
const TRIVIA_LOOK: usize = 256;

/// Whether the text may declare a module in a file of its own: the word `mod`, a name and
/// `;`, with white space or comments between them. A look at the text, not a parse, so files
/// without it are never scanned. It may answer yes wrongly (the scan then finds nothing), never
/// no: white space and comments longer than [`TRIVIA_LOOK`] bytes count as a yes, so that each
/// `mod` costs a bounded look (`mod /*` repeated over a megabyte was quadratic: 34 s).
fn may_declare_modules(text: &str) -> bool {
    // A byte-order mark's last byte would read as part of a word before a first `mod`.
    let b = text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes();
    // Past the white space and comments from `from`, if they end within the look: a stop at
    // the look's last byte may be half a `//` or `/*`, so it counts only at the text's end.
    let skip = |from: usize| {
        let end = b.len().min(from.saturating_add(TRIVIA_LOOK));
        let to = skip_trivia(b.get(..end)?, from);
        (to + 1 < end || end == b.len()).then_some(to)
    };
    memchr::memmem::find_iter(b, b"mod").any(|i| {
        let word = |k: usize| b.get(k).is_some_and(|&c| is_ident_byte(c));
        if (i > 0 && word(i - 1)) || word(i + 3) {
            return false;
        }
        let Some(mut j) = skip(i + 3) else {
            return true;
        };
        if b.get(j..j + 2) == Some(b"r#") {
            j += 2;
        }
        let name = j;
        while word(j) {
            j += 1;
        }
        j > name && skip(j).is_none_or(|k| b.get(k) == Some(&b';'))
    })
}

/// The `rust:` section of `datamin.yaml`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Globs over struct names; a `Deserialize` struct whose name matches is a form...
    pub form_structs: GlobSet,
    /// ... unless it matches one of these (the list's `!` globs)...
    pub not_form_structs: GlobSet,
    /// ... or, with the default list, is an endpoint's body ([`endpoint_body`]).
    pub default_globs: bool,
}

impl Default for Options {
    fn default() -> Self {
        let mut yes = GlobSetBuilder::new();
        for g in DEFAULT_FORM_STRUCTS {
            if let Ok(g) = Glob::new(g) {
                yes.add(g);
            }
        }
        Options {
            form_structs: yes.build().unwrap_or_default(),
            not_form_structs: GlobSet::empty(),
            default_globs: true,
        }
    }
}

impl Options {
    /// Whether a `Deserialize` struct of this name is a form (without a `datamin: form` line).
    pub fn is_form(&self, name: &str) -> bool {
        self.form_structs.is_match(name)
            && !self.not_form_structs.is_match(name)
            && !(self.default_globs && endpoint_body(name))
    }

    /// Reads `rust: {form_structs: [...]}`; unknown keys and bad globs are located errors.
    /// Reads `rust:`; its unknown keys go to `unknown`, the rest still read.
    pub fn parse(node: &Node, unknown: &mut Vec<Error>) -> Result<Options, Error> {
        unknown.extend(unknown_keys(node.map()?, &["form_structs"], "`rust`"));
        let mut options = Options::default();
        if let Some(e) = node.get("form_structs") {
            let (mut yes, mut no) = (GlobSetBuilder::new(), GlobSetBuilder::new());
            let globs = e.value.strings()?;
            // Globs that only leave names out leave every struct out: a mistake, not a way
            // to say "none" (that is `[]`, forms then marked `datamin: form`).
            if !globs.is_empty() && globs.iter().all(|g| g.value.starts_with('!')) {
                return Err(Error::at(
                    e.value.span,
                    "`form_structs` has only `!` globs, so no struct is a form",
                )
                .with_help(
                    "add the globs of the forms' names first (`[\"*Request\", \"!Internal*\"]`); \
                     `[]` reads only structs marked `datamin: form`",
                ));
            }
            for g in globs {
                let (set, text) = match g.value.strip_prefix('!') {
                    Some("") => {
                        return Err(Error::at(g.span, "`!` names no glob")
                            .with_help("write the names to leave out after it: `!Internal*`"))
                    }
                    Some(rest) => (&mut no, rest),
                    None => (&mut yes, g.value.as_str()),
                };
                let glob = Glob::new(text).map_err(|err| {
                    Error::at(
                        g.span,
                        format!("invalid glob `{}`: {}", g.value, err.kind()),
                    )
                })?;
                set.add(glob);
            }
            let build = |b: GlobSetBuilder| {
                b.build()
                    .map_err(|err| Error::at(e.value.span, format!("invalid globs: {err}")))
            };
            options.form_structs = build(yes)?;
            options.not_form_structs = build(no)?;
            options.default_globs = false;
        }
        Ok(options)
    }
}

// ---------------------------------------------------------------------------------------
// Phase 1: what a file defines.

/// A Rust type, as far as datamin needs it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Ty {
    /// `a::b::Name<Args>`: the segment names and the last segment's type arguments.
    Path {
        segments: Vec<String>,
        args: Vec<Ty>,
    },
    /// `[T]` or `[T; N]`.
    Slice(Box<Ty>),
    /// Anything else (tuples, function pointers, `impl Trait`, qualified paths).
    Other,
}

impl Ty {
    fn is_u8(&self) -> bool {
        matches!(self, Ty::Path { segments, .. } if segments.len() == 1 && segments[0] == "u8")
    }

    fn is_phantom(&self) -> bool {
        matches!(self, Ty::Path { segments, .. } if segments.last().is_some_and(|l| l == "PhantomData"))
    }

    /// Replaces generic parameters by the types bound to them.
    fn subst(&self, bindings: &[(String, Ty)]) -> Ty {
        match self {
            Ty::Path { segments, args } => {
                if segments.len() == 1 && args.is_empty() {
                    if let Some((_, t)) = bindings.iter().find(|(p, _)| *p == segments[0]) {
                        return t.clone();
                    }
                }
                Ty::Path {
                    segments: segments.clone(),
                    args: args.iter().map(|a| a.subst(bindings)).collect(),
                }
            }
            Ty::Slice(t) => Ty::Slice(Box::new(t.subst(bindings))),
            Ty::Other => Ty::Other,
        }
    }
}

/// A doc comment, split into what datamin reads from it.
#[derive(Debug, Clone, Default)]
struct Doc {
    /// The text without `purpose:` and `datamin:` lines.
    text: Option<Spanned<String>>,
    /// A `purpose: ...` line.
    purpose: Option<Spanned<String>>,
    /// A `datamin: form [ID]` line: the id, empty when none is given.
    form_marker: Option<Spanned<String>>,
    /// A `datamin: processors a, b` line: the processors that receive the form.
    processors: Vec<Spanned<String>>,
}

/// A length limit and where it applies: validator's and garde's `length(max = N)` bound the
/// value itself (the number of items of a `Vec<String>`, not each string's length); garde's
/// `inner(length(max = N))` bounds each item, `inner(inner(..))` each item of each item.
/// serde_valid's `max_length = N` bounds each string, in lists too.
#[derive(Debug, Clone, PartialEq)]
struct LengthLimit {
    /// List levels between the field's value and what is bounded; `None`: the text, in as
    /// many lists as it is.
    inner: Option<usize>,
    limit: Spanned<Limit>,
}

/// A length limit as written.
#[derive(Debug, Clone, PartialEq)]
enum Limit {
    Value(u64),
    /// A constant's name, resolved against the constants of the scanned files.
    Const(String),
    /// An expression datamin does not evaluate.
    Unknown,
}

#[derive(Debug, Clone)]
struct FieldDef {
    /// The field's name, without `r#`, spanned at the identifier.
    ident: Spanned<String>,
    ty: Ty,
    doc: Doc,
    rename: Option<String>,
    skip: bool,
    flatten: bool,
    default: bool,
    /// Length limits, each with how many list levels in it applies (`0`: the field's value).
    max_length: Vec<LengthLimit>,
    email: bool,
    phone: bool,
    /// A `regex`/`pattern` validation, as written.
    pattern: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
struct StructDef {
    name: Spanned<String>,
    /// Module path: from the file's path, then inline `mod`s.
    module: Vec<String>,
    deserialize: bool,
    doc: Doc,
    rename_all: Option<RenameRule>,
    default: bool,
    generics: Vec<String>,
    /// Named fields; empty for tuple and unit structs.
    fields: Vec<FieldDef>,
    /// The inner type of a newtype (`struct Email(String)`).
    newtype: Option<Ty>,
    /// Validated with garde (a `#[garde(...)]` attribute on it or a field), not validator.
    garde: bool,
}

#[derive(Debug, Clone)]
struct EnumDef {
    name: String,
    /// The options of the variant's choice, as serde reads them, spanned at the variant:
    /// every variant of a tagged enum; none of an untagged one that carries data.
    variants: Vec<Spanned<String>>,
    /// What the variants that carry data hold, each as a struct walked under the field's
    /// name: a struct variant's fields; a newtype variant's value, in a field named after
    /// the variant (flattened when it is a struct); a tuple variant's values, `Variant.0`...
    /// In an untagged variant the value is the field itself (`""`) and tuple values `0`...
    data: Vec<StructDef>,
}

#[derive(Debug, Clone)]
struct AliasDef {
    name: String,
    generics: Vec<String>,
    ty: Ty,
}

/// The modules in files of their own (`mod name;`) that a file declares, and the inline
/// modules (`mod x { ... }`) they are declared in: each of those is kept once, with the one
/// around it, and a declaration names the innermost, so nothing grows with the nesting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Modules {
    inline: Vec<Inline>,
    decls: Vec<ModDecl>,
}

impl Modules {
    /// The inline modules `d` is declared in, outermost first.
    fn within(&self, d: &ModDecl) -> Vec<&InlineMod> {
        let mut out = Vec::new();
        let mut at = d.within;
        // An inline module comes after the one around it: the links only go back.
        while let Some(m) = at.and_then(|k| self.inline.get(k)) {
            out.push(&m.module);
            at = m.outer.filter(|&o| Some(o) < at);
        }
        out.reverse();
        out
    }
}

/// An inline module, and the one it is in (an index into [`Modules::inline`]).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inline {
    outer: Option<usize>,
    module: InlineMod,
}

/// A module in a file of its own (`mod name;`) that a file declares.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ModDecl {
    /// The innermost inline module it is declared in (an index into [`Modules::inline`]).
    within: Option<usize>,
    name: String,
    /// Its `#[path = "..."]`.
    path: Option<String>,
    /// Compiled for tests only: `#[cfg(test)]` on it or on an inline module around it.
    test: bool,
    /// Where its `mod` is, 1-based line and column (in characters).
    line: u32,
    column: u32,
}

/// An inline module, as far as the files of the modules declared in it go.
#[derive(Debug, Clone, PartialEq, Eq)]
enum InlineMod {
    Named(String),
    /// `#[path = "..."] mod x { ... }`: a folder, relative to the file's.
    Path(String),
}

/// What a file is to Cargo, as far as finding the files of its modules goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Role {
    /// A module file, or a file not known to be a crate root.
    #[default]
    Module,
    /// The root of a target Cargo finds by itself (see [`role`]): its modules sit beside it,
    /// and Cargo compiles it whatever declares it.
    CrateRoot,
    /// The root of an integration test (`tests/*.rs`, `tests/*/main.rs`): a crate root that
    /// Cargo compiles for `cargo test` only, with `cfg(test)` on, so test-only with all it
    /// declares, unless a file that is not declares it too.
    TestRoot,
}

/// What a package's `Cargo.toml` says that matters here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Package {
    /// `autotests` (on unless `autotests = false` under `[package]`): Cargo takes `tests/*.rs`
    /// for integration tests by itself.
    pub autotests: bool,
}

impl Package {
    /// From a `Cargo.toml`'s text: `None` without a `[package]` table (a workspace's virtual
    /// manifest builds nothing). A look at the lines, not a TOML parse: table headers, and
    /// `autotests = false` under `[package]`.
    pub fn of_manifest(text: &str) -> Option<Package> {
        let mut package = None;
        let mut in_package = false;
        // Inside a multi-line string (`"""` or `'''`), where a line is no header or key.
        let mut in_string: Option<&str> = None;
        for line in text.lines() {
            if let Some(quotes) = in_string {
                if line.matches(quotes).count() % 2 == 1 {
                    in_string = None;
                }
                continue;
            }
            in_string = ["\"\"\"", "'''"]
                .into_iter()
                .find(|q| line.matches(q).count() % 2 == 1);
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.starts_with('[') {
                in_package = line.trim_matches(['[', ']', ' ']) == "package";
                if in_package {
                    package.get_or_insert(Package { autotests: true });
                }
            } else if let (true, Some(p)) = (in_package, package.as_mut()) {
                if let Some((key, value)) = line.split_once('=') {
                    let key = key.trim().trim_matches(['"', '\'']);
                    if key == "autotests" && value.trim() == "false" {
                        p.autotests = false;
                    }
                }
            }
        }
        package
    }
}

/// A path's last part, when it is UTF-8.
fn name(p: &Path) -> Option<&str> {
    p.file_name().and_then(|n| n.to_str())
}

/// The package of a folder of targets (`tests/`, `examples/`, `benches/`, `src/bin/`), if
/// `dir` is one, and the role of the targets in it.
fn package_of(dir: &Path) -> Option<(PathBuf, Role)> {
    let parent = dir.parent()?;
    match name(dir)? {
        "tests" => Some((parent.to_path_buf(), Role::TestRoot)),
        "examples" | "benches" => Some((parent.to_path_buf(), Role::CrateRoot)),
        "bin" if name(parent) == Some("src") => {
            parent.parent().map(|p| (p.to_path_buf(), Role::CrateRoot))
        }
        _ => None,
    }
}

/// What `path` is to Cargo by its conventions for finding targets, `package` giving the
/// package whose `Cargo.toml` a folder holds: a [`Role::CrateRoot`] for `build.rs`,
/// `src/lib.rs`, `src/main.rs`, `src/bin/*.rs`, `src/bin/*/main.rs`, and `*.rs` and
/// `*/main.rs` in `examples/` and `benches/`, a [`Role::TestRoot`] for `*.rs` and `*/main.rs`
/// in `tests/` (a [`Role::CrateRoot`] when the package says `autotests = false`: then only
/// what Cargo.toml declares is a test, and datamin reads it), all relative to a package's
/// folder; else a [`Role::Module`]. Only the one folder the path's shape names is asked
/// about, so `src/tests/helpers.rs` is a crate root only if `src/` holds a `Cargo.toml`.
/// Targets that Cargo.toml declares with a `path` of their own are not known.
pub fn role(path: &Path, package: impl Fn(&Path) -> Option<Package>) -> Role {
    let (Some(file), Some(parent)) = (name(path), path.parent()) else {
        return Role::Module;
    };
    if !file.ends_with(".rs") {
        return Role::Module;
    }
    // The folders that, holding a Cargo.toml, make the file a crate root, and of which kind.
    let mut packages = Vec::new();
    if file == "build.rs" {
        packages.push((parent.to_path_buf(), Role::CrateRoot));
    }
    if (file == "lib.rs" || file == "main.rs") && name(parent) == Some("src") {
        packages.extend(parent.parent().map(|p| (p.to_path_buf(), Role::CrateRoot)));
    }
    packages.extend(package_of(parent));
    if file == "main.rs" {
        packages.extend(parent.parent().and_then(package_of));
    }
    packages
        .into_iter()
        .find_map(|(p, role)| {
            let package = package(&p)?;
            Some(match role {
                Role::TestRoot if !package.autotests => Role::CrateRoot,
                role => role,
            })
        })
        .unwrap_or(Role::Module)
}

/// Everything datamin keeps of one parsed Rust file: plain data, `Send`, spans resolved.
#[derive(Debug, Default)]
pub struct Parsed {
    file: FileId,
    /// The file's path, as found: module files are located from it.
    path: PathBuf,
    /// What the file is to Cargo, which its path alone does not say.
    role: Role,
    /// The file says `#![cfg(test)]`.
    cfg_test: bool,
    /// The modules in files of their own it declares.
    mods: Modules,
    /// What reading its structs found wrong (an unknown `rename_all`): errors only if the file
    /// is not test-only, which [`Sources::finish`] knows.
    errors: Vec<Error>,
    structs: Vec<StructDef>,
    enums: Vec<EnumDef>,
    aliases: Vec<AliasDef>,
    consts: Vec<(String, u64)>,
    /// `use ... as` renames: alias, name imported, and whether the `use` is public (a
    /// re-export other files see).
    renames: Vec<(String, String, bool)>,
}

/// The Rust files of a run.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<Parsed>,
}

/// Parses one file (already known to mention `Deserialize`). A file that does not parse is
/// an `Err` at syn's span; other problems (an unknown `rename_all` rule) are kept in the
/// [`Parsed`], for [`Sources::finish`] to report unless the file is test-only.
pub fn parse(file: FileId, source: &SourceFile) -> Result<Parsed, Error> {
    let module = module_path(&source.path);
    let text = source.text.as_str();
    let mut parsed = on_parse_stack(|| extract(text, file, &module)).unwrap_or_else(|| {
        Err(Error::at(
            Span::new(file, 0, 0),
            "internal error while reading this Rust file",
        )
        .with_help("please report it with the file attached"))
    })?;
    parsed.path.clone_from(&source.path);
    Ok(parsed)
}

/// The module declarations of a file that defines no form (no `Deserialize`), for
/// [`Sources::finish`] to tell which files are test-only; `None` when it declares no module in
/// a file of its own. Read by [`scan_modules`], not parsed: most files of a crate define no
/// form, and a parse of each cost more than the rest of the run. A file nested too deep is
/// refused with the error a file with forms gets: what it declares is not known.
pub fn parse_modules(file: FileId, path: &Path, text: &str) -> Result<Option<Parsed>, Error> {
    if !may_declare_modules(text) {
        return Ok(None);
    }
    let (base, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (text.len() - rest.len(), rest),
        None => (0, text),
    };
    // Where the nesting scan stops a parse, which may be before the scan's level past the
    // limit (it counts more than delimiters).
    let (cfg_test, mods) = scan_modules(text)
        .map_err(|at| too_deep_error(file, base + too_deep(body).unwrap_or(at)))?;
    Ok((!mods.decls.is_empty()).then(|| Parsed {
        file,
        path: path.to_path_buf(),
        cfg_test,
        mods,
        ..Parsed::default()
    }))
}

/// Bytes the scan of [`scan_modules`] stops at inside a group of delimiters: comments,
/// strings, chars and that group's delimiters (a group holds as many of each other kind as it
/// closes, so they need no counting: in bodies, most stops would be at parentheses).
const SCAN_BRACES: [bool; 256] = scan_table(b"/\"'{}");
const SCAN_PARENS: [bool; 256] = scan_table(b"/\"'()");
const SCAN_BRACKETS: [bool; 256] = scan_table(b"/\"'[]");
/// At the level of items (of the file or of an inline module): every delimiter, attributes,
/// the `;` that ends an item and the `m` of `mod`.
const SCAN_ITEMS: [bool; 256] = scan_table(b"/\"'()[]{}#;m");

const fn scan_table(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}

/// An inline module (`mod x { ... }`) the scan is in, read once, when it opens (and at its
/// inner attributes).
struct ScanFrame {
    /// It in [`Modules::inline`].
    index: usize,
    /// It or one around it is test-only.
    test: bool,
    /// It has a `path` attribute: the first one says where its modules are (see
    /// [`path_attr`]), later ones nothing.
    has_path: bool,
}

fn is_path_attr(a: &syn::Attribute) -> bool {
    a.path().is_ident("path")
}

/// What [`modules`] finds in a file syn parses, read from its text alone: whether it says
/// `#![cfg(test)]` at its top, and the `mod name;` items at the level of the file's items or
/// of an inline module's, with their `#[cfg]` and `#[path]` (and the inline modules' around
/// them). Comments, strings, raw strings, chars and lifetimes are skipped as the nesting scan
/// ([`too_deep`]) skips them; what is inside any other delimiter (a function, a macro's
/// body, `macro_rules!`) is not looked at, as syn does not look into it either. Only the
/// attributes of a `mod` item are parsed, and only those that may be `cfg` or `path`. A file
/// syn could not parse is read as far as it goes: rustc would not build it. Inline modules
/// and the delimiters around the scan nested deeper than [`MAX_NESTING`] are refused, as the
/// nesting scan refuses them in a file that is parsed: `Err` with where the level past it
/// opens.
fn scan_modules(text: &str) -> Result<(bool, Modules), usize> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let b = body.as_bytes();
    let mut i = 0;
    // A shebang line, not an inner attribute: syn skips it.
    if b.starts_with(b"#!") && b.get(skip_trivia(b, 2)) != Some(&b'[') {
        i = memchr_from(b, b'\n', 0).unwrap_or(b.len());
    }
    let mut file_attrs = Vec::new();
    let mut frames: Vec<ScanFrame> = Vec::new();
    let mut out = Modules::default();
    // The delimiters open above the innermost item level: how many, of the kind of the
    // outermost (its opening byte).
    let mut depth = 0usize;
    let mut group = 0u8;
    // The outer attributes since the last item ended, as spans; the attribute being read.
    let mut pending: Vec<(usize, usize)> = Vec::new();
    let mut attr: Option<(usize, bool)> = None;
    let mut lines = LineCounter::default();
    while i < b.len() {
        let table = match (depth, group) {
            (0, _) => &SCAN_ITEMS,
            (_, b'{') => &SCAN_BRACES,
            (_, b'(') => &SCAN_PARENS,
            _ => &SCAN_BRACKETS,
        };
        while i < b.len() && !table[usize::from(b[i])] {
            i += 1;
        }
        let Some(&c) = b.get(i) else { break };
        match c {
            b'/' => match b.get(i + 1) {
                Some(b'/') => i = memchr_from(b, b'\n', i).unwrap_or(b.len()),
                Some(b'*') => i = skip_block_comment(b, i),
                _ => i += 1,
            },
            b'"' => {
                // `r"..."`, `br#"..."#`: the hashes and the `r` are behind.
                let mut h = i;
                while h > 0 && b[h - 1] == b'#' {
                    h -= 1;
                }
                i = match h.checked_sub(1) {
                    Some(r) if b[r] == b'r' && raw_string_start(b, r) => {
                        skip_raw_string(b, h).unwrap_or(b.len())
                    }
                    _ => skip_string(b, i + 1),
                };
            }
            b'\'' => i = skip_char_or_lifetime(body, i),
            b'(' | b'[' | b'{' => {
                if depth == 0 {
                    group = c;
                }
                depth += 1;
                if frames.len() + depth > MAX_NESTING {
                    return Err(i);
                }
                i += 1;
            }
            b')' | b']' | b'}' => {
                i += 1;
                if depth == 0 {
                    // The end of an inline module (or a stray delimiter).
                    if c == b'}' && frames.pop().is_some() {
                        pending.clear();
                    }
                    continue;
                }
                depth -= 1;
                if depth > 0 {
                    continue;
                }
                match attr.take() {
                    Some((start, true)) => {
                        let attrs = scan_attr(&body[start..i], true);
                        let Some(f) = frames.last_mut() else {
                            file_attrs.extend(attrs);
                            continue;
                        };
                        f.test |= test_only(&attrs);
                        if !f.has_path && attrs.iter().any(is_path_attr) {
                            f.has_path = true;
                            if let (Some(p), Some(m)) =
                                (path_attr(&attrs), out.inline.get_mut(f.index))
                            {
                                m.module = InlineMod::Path(p);
                            }
                        }
                    }
                    Some((start, false)) => pending.push((start, i)),
                    // A block ends an item (`fn f() {}`, `impl X {}`).
                    None if c == b'}' => pending.clear(),
                    None => {}
                }
            }
            b';' => {
                pending.clear();
                i += 1;
            }
            b'#' => {
                let mut j = skip_trivia(b, i + 1);
                let inner = b.get(j) == Some(&b'!');
                if inner {
                    j = skip_trivia(b, j + 1);
                }
                if b.get(j) == Some(&b'[') {
                    if frames.len() + 1 > MAX_NESTING {
                        return Err(j);
                    }
                    attr = Some((i, inner));
                    (depth, group) = (1, b'[');
                    i = j + 1;
                } else {
                    i += 1;
                }
            }
            b'm' => {
                let word = |k: usize| b.get(k).is_some_and(|&c| is_ident_byte(c));
                // Not the keyword: part of a word, or the raw identifier `r#mod`.
                let raw =
                    i >= 2 && b[i - 1] == b'#' && b[i - 2] == b'r' && !(i >= 3 && word(i - 3));
                if (i > 0 && word(i - 1)) || raw || !b[i..].starts_with(b"mod") || word(i + 3) {
                    i += 1;
                    while word(i) {
                        i += 1;
                    }
                    continue;
                }
                let at = i;
                let mut j = skip_trivia(b, i + 3);
                if b[j..].starts_with(b"r#") {
                    j += 2;
                }
                let name_start = j;
                while word(j) {
                    j += 1;
                }
                let name = &body[name_start..j];
                let k = skip_trivia(b, j);
                let end = b.get(k).copied();
                if name.is_empty() || !matches!(end, Some(b';' | b'{')) {
                    i = j.max(i + 3);
                    continue;
                }
                let mut attrs = Vec::new();
                for &(s, e) in &pending {
                    attrs.extend(scan_attr(&body[s..e], false));
                }
                pending.clear();
                i = k + 1;
                let outer = frames.last();
                let test = outer.is_some_and(|f| f.test) || test_only(&attrs);
                if end == Some(b'{') {
                    if frames.len() + 1 > MAX_NESTING {
                        return Err(k);
                    }
                    out.inline.push(Inline {
                        outer: outer.map(|f| f.index),
                        module: match path_attr(&attrs) {
                            Some(p) => InlineMod::Path(p),
                            None => InlineMod::Named(name.to_string()),
                        },
                    });
                    frames.push(ScanFrame {
                        index: out.inline.len() - 1,
                        test,
                        has_path: attrs.iter().any(is_path_attr),
                    });
                    continue;
                }
                let (line, column) = lines.line_col(body, at);
                out.decls.push(ModDecl {
                    within: outer.map(|f| f.index),
                    name: name.to_string(),
                    path: path_attr(&attrs),
                    test,
                    line,
                    column,
                });
            }
            _ => i += 1,
        }
    }
    Ok((test_only(&file_attrs), out))
}

fn is_ident_byte(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphanumeric() || !c.is_ascii()
}

/// Past the white space and comments from `i`.
fn skip_trivia(b: &[u8], mut i: usize) -> usize {
    loop {
        while b.get(i).is_some_and(|&c| is_rust_space(c)) {
            i += 1;
        }
        match (b.get(i), b.get(i + 1)) {
            (Some(b'/'), Some(b'/')) => i = memchr_from(b, b'\n', i).unwrap_or(b.len()),
            (Some(b'/'), Some(b'*')) => i = skip_block_comment(b, i),
            _ => return i,
        }
    }
}

/// Whether `c` is white space to rustc, in ASCII: ASCII's white space and the vertical tab
/// (Rust's `Pattern_White_Space`; its non-ASCII members are left out).
fn is_rust_space(c: u8) -> bool {
    c.is_ascii_whitespace() || c == 0x0B
}

/// An attribute's text (`#[...]`, or `#![...]` when `inner`) parsed, when it may be a `cfg`
/// or a `path` (nothing else matters to the modules); none when it does not parse.
fn scan_attr(text: &str, inner: bool) -> Vec<syn::Attribute> {
    use syn::parse::Parser;
    if !(text.contains("cfg") || text.contains("path")) || too_deep(text).is_some() {
        return Vec::new();
    }
    let parser = if inner {
        syn::Attribute::parse_inner
    } else {
        syn::Attribute::parse_outer
    };
    parser.parse_str(text).unwrap_or_default()
}

/// 1-based lines and columns (in characters) of offsets met in increasing order: each call
/// counts only the text since the one before (an earlier offset is counted from its line's
/// start).
#[derive(Default)]
struct LineCounter {
    /// The offset counted up to, its line (0-based), the start of that line and the offset's
    /// column there (0-based, in characters).
    at: usize,
    line: usize,
    start: usize,
    column: usize,
    /// Bytes looked at, all calls together.
    #[cfg(test)]
    counted: usize,
}

impl LineCounter {
    fn line_col(&mut self, text: &str, offset: usize) -> (u32, u32) {
        let b = text.as_bytes();
        if offset < self.at {
            if offset < self.start {
                *self = LineCounter {
                    #[cfg(test)]
                    counted: self.counted,
                    ..LineCounter::default()
                };
            } else {
                (self.at, self.column) = (self.start, 0);
            }
        }
        #[cfg(test)]
        {
            self.counted += offset.saturating_sub(self.at);
        }
        let chars = |from: usize| text.get(from..offset).map_or(0, |s| s.chars().count());
        let mut from = self.at;
        for nl in memchr::memchr_iter(b'\n', b.get(self.at..offset).unwrap_or_default()) {
            self.line += 1;
            self.start = self.at + nl + 1;
            (from, self.column) = (self.start, 0);
        }
        self.column += chars(from);
        self.at = offset;
        (to_u32(self.line + 1), to_u32(self.column + 1))
    }
}

/// A line or column as kept, at most `u32::MAX`.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Runs `run` on a thread with a stack of [`PARSE_STACK`] (here, when no thread can be
/// started); `None` when it panicked.
fn on_parse_stack<R: Send>(run: impl Fn() -> R + Sync) -> Option<R> {
    let result = std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("datamin-rust".into())
            .stack_size(PARSE_STACK)
            .spawn_scoped(s, &run)
            .map(std::thread::ScopedJoinHandle::join)
    });
    match result {
        Ok(Ok(r)) => Some(r),
        Ok(Err(_panic)) => None,
        // No thread could be started: parse here, with the stack we have.
        Err(_) => Some(run()),
    }
}

impl Parsed {
    /// Says what the file is to Cargo (see [`role`]), which its path alone does not say.
    pub fn set_role(&mut self, role: Role) {
        self.role = role;
    }
}

impl Extend<Parsed> for Sources {
    fn extend<I: IntoIterator<Item = Parsed>>(&mut self, iter: I) {
        self.files.extend(iter);
    }
}

/// What [`Sources::finish`] gives.
#[derive(Debug, Default)]
pub struct Finished {
    /// The forms of each file that is not test-only, and the errors reading its structs and
    /// building them gave (an unknown `rename_all`, a form whose nested types ran out of
    /// walking steps); a file with errors and no form too.
    pub forms: Vec<(FileId, Model, Vec<Error>)>,
    /// The files found test-only, by id, in order, and why: what reading them found wrong is
    /// no error, since they are not deployed.
    pub test_only: Vec<(FileId, TestOnly)>,
}

/// Why a file is compiled for tests only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestOnly {
    /// It says `#![cfg(test)]` at its top.
    CfgTest,
    /// The root of an integration test (`tests/*.rs`): `cargo test` alone builds it.
    TestRoot,
    /// Declared `mod name;` by the file `by`, its `mod` at `line`:`column`: under `cfg(test)`
    /// when `for_tests`, else in a file that is test-only itself. The first such declaration,
    /// in file order, when there are several (each is for tests only).
    Declared {
        by: FileId,
        name: String,
        line: u32,
        column: u32,
        for_tests: bool,
    },
}

impl Sources {
    /// Builds the forms of every file, by file. Flattening nested structs stops past
    /// `max_fields` fields per form (the caller reports the form as too large). `key` names a
    /// file the same way whatever the spelling of its path (`src/a.rs`, `./src/a.rs`, the
    /// absolute path), for the files read and the module files they declare alike. `unread`
    /// says whether a file exists that the run did not read (for a folder: a `.rs` file in
    /// it): a module file it may declare is not known to be test-only.
    pub fn finish(
        mut self,
        options: &Options,
        max_fields: usize,
        key: impl Fn(&Path) -> PathBuf,
        unread: impl Fn(&Path) -> bool,
    ) -> Finished {
        // Files arrive in load order; sort so "the first definition" is stable.
        self.files.sort_by_key(|f| f.file);
        // Test-only files define nothing that is deployed: neither forms nor their types.
        let test = test_only_files(&self.files, key, unread);
        let mut test_only = Vec::new();
        let files = std::mem::take(&mut self.files);
        for (f, test) in files.into_iter().zip(test) {
            match test {
                Some(why) => test_only.push((f.file, why)),
                None => self.files.push(f),
            }
        }
        let reading: Vec<Vec<Error>> = self
            .files
            .iter_mut()
            .map(|f| std::mem::take(&mut f.errors))
            .collect();
        let defs = Defs::index(&self.files);
        let mut out = Vec::new();
        for ((fi, pf), mut errors) in self.files.iter().enumerate().zip(reading) {
            let mut model = Model::default();
            for s in &pf.structs {
                if !s.deserialize || s.fields.is_empty() {
                    continue;
                }
                if s.doc.form_marker.is_none() && !options.is_form(&s.name.value) {
                    continue;
                }
                let (form, error) = build_form(&defs, s, fi, max_fields);
                model.forms.push(form);
                errors.extend(error);
            }
            if !model.forms.is_empty() || !errors.is_empty() {
                out.push((pf.file, model, errors));
            }
        }
        Finished {
            forms: out,
            test_only,
        }
    }
}

/// Which files are compiled for tests only (by index into `files`, sorted by id), and why: a
/// file that says `#![cfg(test)]`, and a module file declared only test-only: by a
/// `#[cfg(test)] mod name;` (or inside a `#[cfg(test)] mod x { ... }`), or by any declaration
/// in a test-only file; an integration test's root is declared for tests only, by Cargo. A
/// file no file of the run declares is not test-only (what declares it is not known), nor is
/// one also declared, not for tests, by a file that is not, nor another crate root, nor a
/// module file that a file the run did not read may declare: `unread` says whether a file
/// (see [`possible_declarers`]) exists and was not read. Files are known by `key` of their
/// paths (see [`Sources::finish`]).
fn test_only_files(
    files: &[Parsed],
    key: impl Fn(&Path) -> PathBuf,
    unread: impl Fn(&Path) -> bool,
) -> Vec<Option<TestOnly>> {
    let n = files.len();
    let mut index: HashMap<PathBuf, usize> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        if !f.path.as_os_str().is_empty() {
            index.entry(key(&f.path)).or_insert(i);
        }
    }
    let declared = |f: usize, mod_rs: bool, d: &ModDecl| -> Vec<usize> {
        module_files(&files[f].path, mod_rs, &files[f].mods, d)
            .iter()
            .filter_map(|p| index.get(&key(p)).copied())
            .collect()
    };

    // A crate root declares its modules beside it, as a `mod.rs` does; so does a file loaded
    // through `#[path]` (rustc: its `mod x;` are its siblings); where that is can depend on
    // whether its declaring file is one, so until nothing changes. Each file turns into one
    // once at most: linear.
    let mut mod_rs: Vec<bool> = files
        .iter()
        .map(|f| named_mod_rs(&f.path) || f.role != Role::Module)
        .collect();
    let mut todo: Vec<usize> = (0..n).rev().collect();
    while let Some(f) = todo.pop() {
        for d in files[f].mods.decls.iter().filter(|d| d.path.is_some()) {
            for c in declared(f, mod_rs[f], d) {
                if !mod_rs[c] {
                    mod_rs[c] = true;
                    todo.push(c);
                }
            }
        }
    }
    // Per file, the files it declares (and whether for tests only); per file, how many
    // declarations of it are not for tests only and not in a test-only file (yet). Cargo
    // declares every crate root, as a target of its own, whatever else declares it (a
    // `src/bin/x.rs` that `src/bin/y.rs` declares `#[cfg(test)] mod x;` is a binary too): one
    // more that stays; an integration test's for tests only.
    let mut children: Vec<Vec<(usize, bool)>> = vec![Vec::new(); n];
    let mut is_declared: Vec<bool> = files.iter().map(|f| f.role != Role::Module).collect();
    // Per file, its first declaration: the file and the declaration's index there.
    let mut first: Vec<Option<(usize, usize)>> = vec![None; n];
    let mut live: Vec<usize> = files
        .iter()
        .map(|f| usize::from(f.role == Role::CrateRoot))
        .collect();
    for (f, list) in children.iter_mut().enumerate() {
        for (di, d) in files[f].mods.decls.iter().enumerate() {
            for c in declared(f, mod_rs[f], d) {
                list.push((c, d.test));
                first[c].get_or_insert((f, di));
                is_declared[c] = true;
                if !d.test {
                    live[c] += 1;
                }
            }
        }
    }
    // A module file some file outside the run may declare (`mod shared;` in a `src/main.rs`
    // not read, beside the `#[cfg(test)] mod shared;` of the `src/lib.rs` read) is not known
    // to be test-only, whatever the run's files say. Asked only of the files that would be.
    let unknown = |c: usize| {
        files[c].role == Role::Module
            && possible_declarers(&key(&files[c].path))
                .iter()
                .any(|p| unread(p))
    };
    let mut test: Vec<bool> = (0..n)
        .map(|f| files[f].cfg_test || (is_declared[f] && live[f] == 0 && !unknown(f)))
        .collect();
    let mut todo: Vec<usize> = (0..n).filter(|&f| test[f]).collect();
    while let Some(f) = todo.pop() {
        for &(c, for_tests) in &children[f] {
            if !for_tests {
                live[c] = live[c].saturating_sub(1);
            }
            // `live` reaches 0 once: each file is asked once at most.
            if !test[c] && live[c] == 0 && !unknown(c) {
                test[c] = true;
                todo.push(c);
            }
        }
    }
    (0..n)
        .map(|c| {
            if !test[c] {
                return None;
            }
            if files[c].cfg_test {
                return Some(TestOnly::CfgTest);
            }
            if files[c].role == Role::TestRoot {
                return Some(TestOnly::TestRoot);
            }
            let (f, di) = first[c]?;
            let d = &files[f].mods.decls[di];
            Some(TestOnly::Declared {
                by: files[f].file,
                name: d.name.clone(),
                line: d.line,
                column: d.column,
                for_tests: d.test,
            })
        })
        .collect()
}

/// The files that may declare the module file `path` (absolute) by rustc's rules, without
/// `#[path]` and outside inline modules: `d/x.rs` and `d/x/mod.rs` are declared by a file
/// whose modules sit in `d`, that is `d/lib.rs`, `d/main.rs`, `d/mod.rs`, `d/build.rs` or
/// `d.rs`, and, when `d` holds crate roots (`src/bin/`, `examples/`, `benches/`), any `.rs`
/// file in it: `d` itself stands for those. Not the roots in `tests/`: what they declare is
/// test-only anyway.
fn possible_declarers(path: &Path) -> Vec<PathBuf> {
    let Some(mut d) = path.parent() else {
        return Vec::new();
    };
    if name(path) == Some("mod.rs") {
        let Some(up) = d.parent() else {
            return Vec::new();
        };
        d = up;
    }
    let mut out: Vec<PathBuf> = ["lib.rs", "main.rs", "mod.rs", "build.rs"]
        .iter()
        .map(|f| d.join(f))
        .collect();
    if let (Some(up), Some(n)) = (d.parent(), name(d)) {
        out.push(up.join(format!("{n}.rs")));
    }
    // A folder of crate roots that are not test-only (`src/bin/`, `examples/`, `benches/`).
    if package_of(d).is_some_and(|(_, role)| role == Role::CrateRoot) {
        out.push(d.to_path_buf());
    }
    out.retain(|p| p != path);
    out
}

/// A file whose `mod x;` rustc looks for beside it (`x.rs`, `x/mod.rs`), not in a folder
/// named after it, by its name alone: a `mod.rs`, or a crate root (`lib.rs`, `main.rs`).
/// Other crate roots (`src/bin/x.rs`) are known by their [`Role`].
fn named_mod_rs(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == "mod.rs" || n == "lib.rs" || n == "main.rs")
}

/// Where rustc looks for the file of a module that `file` declares (see "Module source
/// filenames" in the Rust reference, and rustc_expand's `module.rs`), `mod_rs` saying whether
/// `file` is read as a `mod.rs`. Folders are relative to the file's own; a file that is not a
/// `mod.rs` (`a/b.rs`) adds its name (`a/b/`) to the folder of the modules it declares,
/// except under `#[path]`: on the declaration itself, the path is relative to the file's
/// folder; on an inline module, it is the folder of that module's declarations (relative to
/// the file's, `b/` not added); within an inline module, its name is a folder.
fn module_files(file: &Path, mod_rs: bool, mods: &Modules, d: &ModDecl) -> Vec<PathBuf> {
    let mut dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut relative = if mod_rs { None } else { file.file_stem() };
    for m in mods.within(d) {
        match m {
            InlineMod::Path(p) => {
                dir.push(p);
                relative = None;
            }
            InlineMod::Named(name) => {
                if let Some(r) = relative.take() {
                    dir.push(r);
                }
                dir.push(name);
            }
        }
    }
    if let Some(p) = &d.path {
        return vec![dir.join(p)];
    }
    if let Some(r) = relative {
        dir.push(r);
    }
    vec![
        dir.join(format!("{}.rs", d.name)),
        dir.join(&d.name).join("mod.rs"),
    ]
}

/// The module path of a file: its path after the last `src/`, or only its stem when it has
/// no `src/` folder, without `lib`, `main` and `mod`.
fn module_path(path: &Path) -> Vec<String> {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let mut module: Vec<String> = match parts.iter().rposition(|p| p == "src") {
        Some(i) => parts[i + 1..].to_vec(),
        None => parts.last().cloned().into_iter().collect(),
    };
    if let Some(last) = module.last_mut() {
        if let Some(stem) = last.strip_suffix(".rs") {
            *last = stem.to_string();
        }
    }
    if module
        .last()
        .is_some_and(|l| matches!(l.as_str(), "lib" | "main" | "mod"))
    {
        module.pop();
    }
    module
}

/// Line/column (proc-macro2's: 1-based line, 0-based column in chars) to byte offsets.
struct Lines<'t> {
    text: &'t str,
    /// Bytes before `text` in the file (a byte-order mark).
    base: usize,
    starts: Vec<usize>,
    /// Per line, whether it is plain ASCII (a column is then a byte offset).
    ascii: Vec<bool>,
    /// The last position looked up on a line that is not ASCII: (line, column, byte offset),
    /// so spans met in order along one long line are found without rescanning it.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str, base: usize) -> Lines<'t> {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let ascii = starts
            .iter()
            .enumerate()
            .map(|(k, &start)| {
                let end = starts.get(k + 1).copied().unwrap_or(text.len());
                text.as_bytes()
                    .get(start..end)
                    .is_some_and(<[u8]>::is_ascii)
            })
            .collect();
        Lines {
            text,
            base,
            starts,
            ascii,
            last: std::cell::Cell::new((usize::MAX, 0, 0)),
        }
    }

    fn offset(&self, lc: LineColumn) -> usize {
        let line = lc.line.saturating_sub(1);
        let Some(&start) = self.starts.get(line) else {
            return self.base + self.text.len();
        };
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        if self.ascii.get(line).copied().unwrap_or(false) {
            return self.base + (start + lc.column).min(end.max(start));
        }
        // From the last position found on this line when it is not past the column.
        let (last_line, last_col, last_byte) = self.last.get();
        let (mut col, mut byte) = if last_line == line && last_col <= lc.column {
            (last_col, last_byte)
        } else {
            (0, start)
        };
        let rest = self.text.get(byte..).unwrap_or_default();
        let within = rest
            .char_indices()
            .nth(lc.column - col)
            .map_or(rest.len(), |(i, _)| i);
        byte += within;
        col = lc.column;
        self.last.set((line, col, byte));
        self.base + byte
    }
}

/// Turns syn spans into datamin spans, and collects non-fatal errors.
struct Cx<'t> {
    file: FileId,
    lines: Lines<'t>,
    errors: Vec<Error>,
}

impl Cx<'_> {
    fn span(&self, s: proc_macro2::Span) -> Span {
        Span::new(
            self.file,
            self.lines.offset(s.start()),
            self.lines.offset(s.end()),
        )
    }

    /// Where `needle` is within `at` (the first time), or all of `at`.
    fn find_in(&self, at: Span, needle: &str) -> Span {
        self.find_from(at, 0, needle).unwrap_or(at)
    }

    /// Where `needle` is within `at`, from byte `from` of the file on.
    fn find_from(&self, at: Span, from: usize, needle: &str) -> Option<Span> {
        let base = self.lines.base;
        let start = from.max(at.start as usize);
        let t = self
            .lines
            .text
            .get(start.checked_sub(base)?..(at.end as usize).checked_sub(base)?)?;
        let i = t.find(needle)?;
        Some(Span::new(at.file, start + i, start + i + needle.len()))
    }

    /// The source text of a span, spanned.
    fn text(&self, s: proc_macro2::Span) -> Spanned<String> {
        let span = self.span(s);
        let base = self.lines.base;
        let text = self
            .lines
            .text
            .get(
                (span.start as usize).saturating_sub(base)
                    ..(span.end as usize).saturating_sub(base),
            )
            .unwrap_or_default();
        Spanned::new(text.to_string(), span)
    }
}

type Extracted = Result<Parsed, Error>;

fn extract(text: &str, file: FileId, module: &[String]) -> Extracted {
    let (base, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (text.len() - rest.len(), rest),
        None => (0, text),
    };
    if let Some(at) = too_deep(body) {
        return Err(too_deep_error(file, base + at));
    }
    let mut cx = Cx {
        file,
        lines: Lines::new(body, base),
        errors: Vec::new(),
    };
    let ast = syn::parse_file(body).map_err(|e| parse_error(&cx, &e))?;
    let mut out = Parsed {
        file,
        cfg_test: test_only(&ast.attrs),
        ..Parsed::default()
    };
    modules(&ast.items, None, false, &mut out.mods);
    // A file compiled for tests only (`#![cfg(test)]`) defines nothing that is deployed; nor
    // does a test module in a file of its own declared `#[cfg(test)] mod tests;`, which
    // `Sources::finish` leaves out.
    if out.cfg_test {
        return Ok(out);
    }
    let mut module = module.to_vec();
    items(&mut cx, &ast.items, &mut module, &mut out);
    out.errors = cx.errors;
    Ok(out)
}

/// A file nested too deep, at the level past [`MAX_NESTING`] (a byte offset of the file).
fn too_deep_error(file: FileId, at: usize) -> Error {
    Error::at(
        Span::new(file, at, at + 1),
        format!("nesting deeper than {MAX_NESTING} levels"),
    )
    .with_help("datamin refuses such files rather than risk running out of stack")
}

fn parse_error(cx: &Cx, e: &syn::Error) -> Error {
    let msg = e.to_string();
    // proc-macro2's lexer says only this; say what usually causes it.
    let msg = if msg == "cannot parse string into token stream" {
        "unclosed delimiter, string or comment".to_string()
    } else {
        msg
    };
    Error::at(cx.span(e.span()), format!("Rust syntax error: {msg}"))
}

fn items(cx: &mut Cx, list: &[syn::Item], module: &mut Vec<String>, out: &mut Parsed) {
    for item in list {
        if test_only(item_attrs(item)) {
            continue;
        }
        match item {
            syn::Item::Struct(s) => out.structs.push(struct_def(cx, s, module)),
            syn::Item::Enum(e) => out.enums.push(enum_def(cx, e)),
            syn::Item::Type(t) => out.aliases.push(AliasDef {
                name: t.ident.to_string(),
                generics: type_params(&t.generics),
                ty: ty(&t.ty),
            }),
            syn::Item::Const(c) => {
                if let Some(Limit::Value(v)) = limit_of(&c.expr) {
                    out.consts.push((c.ident.to_string(), v));
                }
            }
            syn::Item::Use(u) => use_renames(
                &u.tree,
                !matches!(u.vis, syn::Visibility::Inherited),
                &mut out.renames,
            ),
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    module.push(unraw(&m.ident));
                    items(cx, inner, module, out);
                    module.pop();
                }
            }
            _ => {}
        }
    }
}

/// The modules in files of their own that `list` declares, also in inline modules, test-only
/// ones included: `within` the innermost inline module around `list` (in `out.inline`),
/// `test` if one of them is test-only.
fn modules(list: &[syn::Item], within: Option<usize>, test: bool, out: &mut Modules) {
    for item in list {
        let syn::Item::Mod(m) = item else {
            continue;
        };
        let test = test || test_only(&m.attrs);
        let path = path_attr(&m.attrs);
        match &m.content {
            Some((_, inner)) => {
                out.inline.push(Inline {
                    outer: within,
                    module: match path {
                        Some(p) => InlineMod::Path(p),
                        None => InlineMod::Named(unraw(&m.ident)),
                    },
                });
                modules(inner, Some(out.inline.len() - 1), test, out);
            }
            None => {
                let at = m.mod_token.span.start();
                out.decls.push(ModDecl {
                    within,
                    name: unraw(&m.ident),
                    path,
                    test,
                    line: to_u32(at.line),
                    column: to_u32(at.column + 1),
                });
            }
        }
    }
}

/// The value of the first `#[path = "..."]` (also `#![path]` inside an inline module), as
/// rustc reads it.
fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    let a = attrs.iter().find(|a| is_path_attr(a))?;
    match &a.meta {
        syn::Meta::NameValue(syn::MetaNameValue {
            value:
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// The attributes of the items datamin reads.
fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        _ => &[],
    }
}

/// A `cfg` predicate that holds only in test builds: `test`, or `all(test, ...)`.
fn needs_test(m: &syn::Meta) -> bool {
    match m {
        syn::Meta::Path(p) => p.is_ident("test"),
        syn::Meta::List(l) if l.path.is_ident("all") => l
            .parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
            .is_ok_and(|preds| preds.iter().any(needs_test)),
        _ => false,
    }
}

/// `#[cfg(test)]` (or `cfg(all(test, ...))`): the item is compiled for tests only, never
/// part of what is deployed.
fn test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| match &a.meta {
        syn::Meta::List(l) if l.path.is_ident("cfg") => {
            l.parse_args::<syn::Meta>().is_ok_and(|m| needs_test(&m))
        }
        _ => false,
    })
}

/// The renames of a `use` item: `a::B as C`, also in groups (`a::{B as C, d::{E as F}}`).
fn use_renames(tree: &syn::UseTree, public: bool, out: &mut Vec<(String, String, bool)>) {
    match tree {
        syn::UseTree::Path(p) => use_renames(&p.tree, public, out),
        syn::UseTree::Rename(r) if r.rename != "_" => {
            out.push((unraw(&r.rename), unraw(&r.ident), public));
        }
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_renames(t, public, out);
            }
        }
        _ => {}
    }
}

fn unraw(ident: &syn::Ident) -> String {
    let s = ident.to_string();
    match s.strip_prefix("r#") {
        Some(rest) => rest.to_string(),
        None => s,
    }
}

fn type_params(g: &syn::Generics) -> Vec<String> {
    g.type_params().map(|p| p.ident.to_string()).collect()
}

fn ty(t: &syn::Type) -> Ty {
    match t {
        syn::Type::Path(p) if p.qself.is_none() => {
            let segments = p.path.segments.iter().map(|s| unraw(&s.ident)).collect();
            let args = match p.path.segments.last().map(|s| &s.arguments) {
                Some(syn::PathArguments::AngleBracketed(a)) => a
                    .args
                    .iter()
                    .filter_map(|a| match a {
                        syn::GenericArgument::Type(t) => Some(ty(t)),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Ty::Path { segments, args }
        }
        syn::Type::Reference(r) => ty(&r.elem),
        syn::Type::Paren(p) => ty(&p.elem),
        syn::Type::Group(g) => ty(&g.elem),
        syn::Type::Slice(s) => Ty::Slice(Box::new(ty(&s.elem))),
        syn::Type::Array(a) => Ty::Slice(Box::new(ty(&a.elem))),
        _ => Ty::Other,
    }
}

/// Attributes as a flat list of metas, `cfg_attr(pred, a, b)` contributing `a` and `b`:
/// `#[cfg_attr(feature = "serde", derive(Deserialize))]` is common. Those of a predicate
/// that holds only in tests (`cfg_attr(test, derive(Deserialize))`) are not what is
/// deployed, and are left out.
fn metas(attrs: &[syn::Attribute]) -> Vec<syn::Meta> {
    let mut out = Vec::new();
    for a in attrs {
        push_meta(&a.meta, &mut out, 0);
    }
    out
}

fn push_meta(m: &syn::Meta, out: &mut Vec<syn::Meta>, depth: usize) {
    if !m.path().is_ident("cfg_attr") {
        out.push(m.clone());
        return;
    }
    let syn::Meta::List(list) = m else { return };
    if depth > 4 {
        return;
    }
    let parsed = list.parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated);
    if let Ok(inner) = parsed {
        if inner.first().is_some_and(needs_test) {
            return;
        }
        for m in inner.iter().skip(1) {
            push_meta(m, out, depth + 1);
        }
    }
}

fn derives_deserialize(metas: &[syn::Meta]) -> bool {
    metas.iter().any(|m| {
        let syn::Meta::List(list) = m else {
            return false;
        };
        list.path.is_ident("derive")
            && list
                .parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
                .is_ok_and(|paths| {
                    paths
                        .iter()
                        .any(|p| p.segments.last().is_some_and(|s| s.ident == "Deserialize"))
                })
    })
}

fn doc(cx: &Cx, metas: &[syn::Meta]) -> Doc {
    let mut d = Doc::default();
    let mut lines: Vec<String> = Vec::new();
    let mut span: Option<Span> = None;
    for m in metas {
        let syn::Meta::NameValue(nv) = m else {
            continue;
        };
        if !nv.path.is_ident("doc") {
            continue;
        }
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &nv.value
        else {
            continue;
        };
        let at = cx.span(nv.value.span());
        let mut described = false;
        for line in s.value().lines() {
            let t = line.trim().trim_start_matches('*').trim();
            if let Some(rest) = strip_prefix_ci(t, "purpose:") {
                d.purpose = Some(Spanned::new(rest.trim().to_string(), at));
            } else if let Some(rest) = strip_prefix_ci(t, "datamin:") {
                let rest = rest.trim();
                if let Some(list) = strip_prefix_ci(rest, "processors") {
                    // Each name where it is in the list, not where its text first appears
                    // (`helpdesk` in `processors helpdesk-eu, helpdesk`).
                    let mut from = cx
                        .find_from(at, at.start as usize, t)
                        .map(|line| line.end as usize - list.len());
                    for n in list.split([',', ' ', '\t']).filter(|n| !n.is_empty()) {
                        let found = from.and_then(|f| cx.find_from(at, f, n));
                        from = found.map(|s| s.end as usize);
                        let span = found.unwrap_or_else(|| cx.find_in(at, n));
                        d.processors.push(Spanned::new(n.to_string(), span));
                    }
                } else if let Some(id) = strip_prefix_ci(rest, "form") {
                    if id.is_empty() || id.starts_with(char::is_whitespace) {
                        d.form_marker = Some(Spanned::new(id.trim().to_string(), at));
                    }
                }
            } else {
                lines.push(t.to_string());
                described |= !t.is_empty();
            }
        }
        if described {
            span = Some(match span {
                Some(s) => Span::new(s.file, s.start as usize, at.end as usize),
                None => at,
            });
        }
    }
    let text = lines.join("\n").trim().to_string();
    if let (false, Some(span)) = (text.is_empty(), span) {
        d.text = Some(Spanned::new(text, span));
    }
    d
}

fn strip_prefix_ci<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

/// Consumes the value of a nested meta datamin does not read: `= expr` or `(...)`.
fn skip_value(m: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
    if m.input.peek(syn::Token![=]) {
        m.value()?.parse::<syn::Expr>()?;
    } else if m.input.peek(syn::token::Paren) {
        m.input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}

/// `rename = "x"` or `rename(deserialize = "x", serialize = "y")`: the deserialize name.
fn rename_value(m: &syn::meta::ParseNestedMeta) -> syn::Result<Option<syn::LitStr>> {
    if m.input.peek(syn::Token![=]) {
        return Ok(Some(m.value()?.parse::<syn::LitStr>()?));
    }
    let mut out = None;
    if m.input.peek(syn::token::Paren) {
        m.parse_nested_meta(|inner| {
            if inner.path.is_ident("deserialize") {
                out = Some(inner.value()?.parse::<syn::LitStr>()?);
            } else {
                skip_value(&inner)?;
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// The serde attributes datamin reads, on a struct, enum, field or variant.
#[derive(Default)]
struct Serde {
    rename: Option<String>,
    rename_all: Option<RenameRule>,
    skip: bool,
    flatten: bool,
    default: bool,
    /// `transparent`: the struct reads as its one field.
    transparent: bool,
    /// `from = "T"` / `try_from = "T"`: the struct reads as `T`.
    from: Option<Ty>,
    /// `untagged`, on an enum or a variant: the variant's data is read without its name.
    untagged: bool,
    /// An enum's `rename_all_fields`: the rule of its struct variants' fields.
    rename_all_fields: Option<RenameRule>,
}

fn serde_attrs(cx: &mut Cx, metas: &[syn::Meta]) -> Serde {
    let mut s = Serde::default();
    for m in metas {
        let syn::Meta::List(list) = m else { continue };
        if !list.path.is_ident("serde") {
            continue;
        }
        let mut rename_all: Option<syn::LitStr> = None;
        let mut rename_all_fields: Option<syn::LitStr> = None;
        // A malformed serde attribute does not compile; what was read before it is kept.
        let _ = list.parse_nested_meta(|m| {
            let key = m
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            match key.as_str() {
                // `rename(serialize = ..)` names only the output: it keeps the name read
                // (serde sets each side on its own, across attributes too).
                "rename" => {
                    if let Some(l) = rename_value(&m)? {
                        s.rename = Some(l.value());
                    }
                }
                "rename_all" => {
                    if let Some(l) = rename_value(&m)? {
                        rename_all = Some(l);
                    }
                }
                "rename_all_fields" => {
                    if let Some(l) = rename_value(&m)? {
                        rename_all_fields = Some(l);
                    }
                }
                "untagged" => s.untagged = true,
                "skip" | "skip_deserializing" => s.skip = true,
                "flatten" => s.flatten = true,
                "transparent" => s.transparent = true,
                "from" | "try_from" => {
                    let lit = m.value()?.parse::<syn::LitStr>()?;
                    s.from = Some(lit.parse::<syn::Type>().map_or(Ty::Other, |t| ty(&t)));
                }
                "default" => {
                    s.default = true;
                    skip_value(&m)?;
                }
                // `deserialize_with`/`with` are noted only: datamin cannot see what the
                // function accepts and reads the declared type.
                _ => skip_value(&m)?,
            }
            Ok(())
        });
        if let Some(lit) = rename_all {
            s.rename_all = rename_rule(cx, &lit).or(s.rename_all);
        }
        if let Some(lit) = rename_all_fields {
            s.rename_all_fields = rename_rule(cx, &lit).or(s.rename_all_fields);
        }
    }
    s
}

/// A `rename_all` rule; an unknown one is an error at its string.
fn rename_rule(cx: &mut Cx, lit: &syn::LitStr) -> Option<RenameRule> {
    let rule = RenameRule::parse(&lit.value());
    if rule.is_none() {
        cx.errors.push(
            Error::at(
                cx.span(lit.span()),
                format!("unknown serde rename rule `{}`", lit.value()),
            )
            .with_help(format!("serde accepts: {}", RenameRule::NAMES.join(", "))),
        );
    }
    rule
}

/// `#[validate(length(max = N), email)]` (validator) and `#[garde(length(max = N), email)]`,
/// also garde's rules for items, `#[garde(inner(length(max = N)))]`, and serde_valid's
/// `#[validate(max_length = N)]`.
#[derive(Default)]
struct Validation {
    max_length: Vec<LengthLimit>,
    email: bool,
    phone: bool,
    pattern: Option<Spanned<String>>,
}

fn validation(cx: &Cx, metas: &[syn::Meta]) -> Validation {
    let mut v = Validation::default();
    for m in metas {
        let syn::Meta::List(list) = m else { continue };
        if !(list.path.is_ident("validate") || list.path.is_ident("garde")) {
            continue;
        }
        let _ = list.parse_nested_meta(|m| validation_rule(cx, &m, 0, &mut v));
    }
    v
}

/// Deepest `inner(inner(...))` read: more does not compile into anything useful.
const MAX_INNER: usize = 8;

/// One rule of a `validate`/`garde` attribute, `inner` levels below the field's value.
/// The length limit `expr` sets, where it is written; `inner`: the list level it bounds.
fn length_limit(cx: &Cx, expr: &syn::Expr, inner: Option<usize>) -> LengthLimit {
    let limit = limit_of(expr).unwrap_or(Limit::Unknown);
    LengthLimit {
        inner,
        limit: Spanned::new(limit, cx.span(expr.span())),
    }
}

fn validation_rule(
    cx: &Cx,
    m: &syn::meta::ParseNestedMeta,
    inner: usize,
    v: &mut Validation,
) -> syn::Result<()> {
    let key = m
        .path
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_default();
    match key.as_str() {
        "length" | "byte_length" | "char_count" if m.input.peek(syn::token::Paren) => {
            m.parse_nested_meta(|arg| {
                if arg.path.is_ident("max") || arg.path.is_ident("equal") {
                    let expr = arg.value()?.parse::<syn::Expr>()?;
                    v.max_length.push(length_limit(cx, &expr, Some(inner)));
                } else {
                    skip_value(&arg)?;
                }
                Ok(())
            })?;
        }
        // serde_valid: `max_length = N`, of a string or of each string of a list.
        "max_length" if m.input.peek(syn::Token![=]) => {
            let expr = m.value()?.parse::<syn::Expr>()?;
            v.max_length.push(length_limit(cx, &expr, None));
        }
        // garde: the rules of each item of a list.
        "inner" if m.input.peek(syn::token::Paren) && inner < MAX_INNER => {
            m.parse_nested_meta(|rule| validation_rule(cx, &rule, inner + 1, v))?;
        }
        "email" => {
            v.email = true;
            skip_value(m)?;
        }
        "phone" | "phone_number" => {
            v.phone = true;
            skip_value(m)?;
        }
        // validator: `regex(path = *RE)`; garde: `pattern(r"...")` or `pattern(RE)`.
        "regex" if m.input.peek(syn::token::Paren) => {
            m.parse_nested_meta(|arg| {
                if arg.path.is_ident("path") {
                    let expr = arg.value()?.parse::<syn::Expr>()?;
                    v.pattern = Some(cx.text(expr.span()));
                } else {
                    skip_value(&arg)?;
                }
                Ok(())
            })?;
        }
        "pattern" if m.input.peek(syn::token::Paren) => {
            let content;
            syn::parenthesized!(content in m.input);
            let expr = content.parse::<syn::Expr>()?;
            content.parse::<proc_macro2::TokenStream>()?;
            v.pattern = Some(cx.text(expr.span()));
        }
        _ => skip_value(m)?,
    }
    Ok(())
}

fn uses_garde(metas: &[syn::Meta]) -> bool {
    metas.iter().any(|m| m.path().is_ident("garde"))
}

fn limit_of(e: &syn::Expr) -> Option<Limit> {
    match e {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => Some(i.base10_parse::<u64>().map_or(Limit::Unknown, Limit::Value)),
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(match s.value().trim().parse::<u64>() {
            Ok(n) => Limit::Value(n),
            Err(_) => Limit::Const(s.value().trim().to_string()),
        }),
        syn::Expr::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| Limit::Const(s.ident.to_string())),
        syn::Expr::Paren(p) => limit_of(&p.expr),
        syn::Expr::Group(g) => limit_of(&g.expr),
        _ => None,
    }
}

/// A field as datamin reads it, named `ident`; and whether it has garde rules.
fn field_def(cx: &mut Cx, f: &syn::Field, ident: Spanned<String>) -> (FieldDef, bool) {
    let fm = metas(&f.attrs);
    let fs = serde_attrs(cx, &fm);
    let v = validation(cx, &fm);
    let field = FieldDef {
        ident,
        ty: ty(&f.ty),
        doc: doc(cx, &fm),
        rename: fs.rename,
        skip: fs.skip,
        flatten: fs.flatten,
        default: fs.default,
        max_length: v.max_length,
        email: v.email,
        phone: v.phone,
        pattern: v.pattern,
    };
    (field, uses_garde(&fm))
}

fn struct_def(cx: &mut Cx, s: &syn::ItemStruct, module: &[String]) -> StructDef {
    let sm = metas(&s.attrs);
    let serde = serde_attrs(cx, &sm);
    let mut def = StructDef {
        name: Spanned::new(unraw(&s.ident), cx.span(s.ident.span())),
        module: module.to_vec(),
        deserialize: derives_deserialize(&sm),
        doc: doc(cx, &sm),
        rename_all: serde.rename_all,
        default: serde.default,
        generics: type_params(&s.generics),
        fields: Vec::new(),
        newtype: None,
        garde: uses_garde(&sm),
    };
    match &s.fields {
        syn::Fields::Named(named) => {
            for f in &named.named {
                let Some(ident) = &f.ident else { continue };
                let ident = Spanned::new(unraw(ident), cx.span(ident.span()));
                let (field, garde) = field_def(cx, f, ident);
                def.garde |= garde;
                def.fields.push(field);
            }
        }
        syn::Fields::Unnamed(u) if u.unnamed.len() == 1 => {
            def.newtype = u.unnamed.first().map(|f| ty(&f.ty));
        }
        // `#[serde(transparent)] struct Id(u64, #[serde(skip)] PhantomData<T>)`: its one
        // field that is not skipped. Without `transparent`, a tuple of one value and markers
        // (`Ref<T>(u64, PhantomData<T>)`) holds that value too.
        syn::Fields::Unnamed(u) => {
            let kept: Vec<Ty> = u
                .unnamed
                .iter()
                .filter(|f| !serde_attrs(cx, &metas(&f.attrs)).skip)
                .map(|f| ty(&f.ty))
                .collect();
            let values: Vec<&Ty> = kept.iter().filter(|t| !t.is_phantom()).collect();
            if serde.transparent {
                def.newtype = values.first().copied().or(kept.first()).cloned();
            } else if let [one] = values[..] {
                def.newtype = Some(one.clone());
            }
        }
        _ => {}
    }
    // What serde reads instead of the fields.
    if let Some(from) = serde.from {
        def.newtype = Some(from);
        def.fields.clear();
    } else if serde.transparent && matches!(s.fields, syn::Fields::Named(_)) {
        def.newtype = def.fields.iter().find(|f| !f.skip).map(|f| f.ty.clone());
        def.fields.clear();
    }
    def
}

fn enum_def(cx: &mut Cx, e: &syn::ItemEnum) -> EnumDef {
    let em = metas(&e.attrs);
    let serde = serde_attrs(cx, &em);
    let mut variants = Vec::new();
    let mut data = Vec::new();
    let mut untagged_units = Vec::new();
    for v in &e.variants {
        let vm = metas(&v.attrs);
        let vs = serde_attrs(cx, &vm);
        if vs.skip {
            continue;
        }
        let ident = unraw(&v.ident);
        let name = vs.rename.unwrap_or_else(|| match serde.rename_all {
            Some(r) => r.apply_to_variant(&ident),
            None => ident.clone(),
        });
        let at = cx.span(v.ident.span());
        let untagged = serde.untagged || vs.untagged;
        // A variant that carries data, as a struct of what it holds.
        // Named after the enum: `Self` in a variant is the enum.
        let mut held = StructDef {
            name: Spanned::new(unraw(&e.ident), at),
            module: Vec::new(),
            deserialize: true,
            doc: Doc::default(),
            rename_all: vs.rename_all.or(serde.rename_all_fields),
            default: false,
            generics: type_params(&e.generics),
            fields: Vec::new(),
            newtype: None,
            garde: false,
        };
        match &v.fields {
            syn::Fields::Named(named) => {
                for f in &named.named {
                    let Some(fi) = &f.ident else { continue };
                    let fi = Spanned::new(unraw(fi), cx.span(fi.span()));
                    held.fields.push(field_def(cx, f, fi).0);
                }
            }
            syn::Fields::Unnamed(u) => {
                let one = u.unnamed.len() == 1;
                for (i, f) in u.unnamed.iter().enumerate() {
                    let (mut field, _) = field_def(cx, f, Spanned::new(ident.clone(), at));
                    // The variant's doc describes its value.
                    if one && field.doc.text.is_none() {
                        field.doc = doc(cx, &vm);
                    }
                    field.rename = Some(match (one, untagged) {
                        (true, true) => String::new(),
                        (true, false) => name.clone(),
                        (false, true) => i.to_string(),
                        (false, false) => format!("{name}.{i}"),
                    });
                    // A struct held by a newtype variant gives its fields under the enum's.
                    field.flatten = one;
                    held.fields.push(field);
                }
            }
            syn::Fields::Unit => {}
        }
        if !untagged {
            variants.push(Spanned::new(name, at));
        } else if held.fields.is_empty() {
            untagged_units.push(Spanned::new(name, at));
        }
        if !held.fields.is_empty() {
            data.push(held);
        }
    }
    // Without data, untagged unit variants are still a choice (of `null`s): read as one.
    if data.is_empty() {
        variants.extend(untagged_units);
    }
    EnumDef {
        name: unraw(&e.ident),
        variants,
        data,
    }
}

/// A quick scan for nesting syn would recurse into too deeply: delimiters, generic angle
/// brackets and runs of prefix operators and keywords. Strings, chars and comments are
/// skipped. Returns the byte offset where the limit is passed.
///
/// Angle brackets are counted per level of `(`, `[` and `{`: what a statement leaves open at
/// its level (a comparison `a < b`) is dropped at its end (`;`, a match arm's `=>`, a block
/// `{` after it, the level's closing delimiter), never what an outer level has open (so
/// `A<[u8; {1}], A<...` keeps counting A's). A `<` is not counted where no type can follow:
/// in `<=` and `<<=`, after a number, `)` or `]` (`1 < x`, `f(x) < y`), and the second `<`
/// of such a shift (`1 << n`); every other `<` counts, const generics (`A<1, ...>`) and qualified paths
/// (`A<<B as C>::D>`) included. Runs of `<` also count as a run of prefix operators.
fn too_deep(text: &str) -> Option<usize> {
    const PREFIX_WORDS: &[&[u8]] = &[
        b"return", b"break", b"move", b"box", b"mut", b"ref", b"dyn", b"impl", b"async", b"static",
        b"const", b"yield", b"await", b"unsafe", b"loop",
    ];
    let b = text.as_bytes();
    let (mut depth, mut run) = (0usize, 0usize);
    // Open angle brackets per delimiter level (the innermost last), and their sum.
    let mut levels: Vec<usize> = vec![0];
    let mut angles = 0usize;
    let drop_level = |levels: &mut Vec<usize>, angles: &mut usize| {
        if let Some(top) = levels.last_mut() {
            *angles -= *top;
            *top = 0;
        }
    };
    // The last token was a number, or a `)` or `]`: a `<` after it compares.
    let mut after_value = false;
    // The last significant byte (not whitespace), for a `{`: after `<` or `,` it is a const
    // generic block inside angle brackets, not a block that ends a statement.
    let mut last = 0u8;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied().unwrap_or(0);
        let value_before = std::mem::replace(&mut after_value, false);
        let last_before = std::mem::replace(&mut last, c);
        match c {
            b'/' if next == b'/' => {
                i = memchr_from(b, b'\n', i).unwrap_or(b.len());
                last = last_before;
                continue;
            }
            b'/' if next == b'*' => {
                i = skip_block_comment(b, i);
                last = last_before;
                continue;
            }
            b'"' => {
                i = skip_string(b, i + 1);
                continue;
            }
            b'r' if (next == b'"' || next == b'#') && raw_string_start(b, i) => {
                if let Some(end) = skip_raw_string(b, i + 1) {
                    i = end;
                    continue;
                }
                i += 1;
                continue;
            }
            b'\'' => {
                i = skip_char_or_lifetime(text, i);
                run = 0;
                continue;
            }
            b'(' | b'[' | b'{' => {
                if c == b'{' && last_before != b'<' && last_before != b',' {
                    // A block after `if a < b`: the comparison is over.
                    drop_level(&mut levels, &mut angles);
                }
                depth += 1;
                levels.push(0);
                run = 0;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if levels.len() > 1 {
                    angles -= levels.pop().unwrap_or(0);
                }
                after_value = c != b'}';
                run = 0;
            }
            b';' => {
                drop_level(&mut levels, &mut angles);
                run = 0;
            }
            b'=' if next == b'>' => {
                // A match arm's `=>`: what its pattern left open is closed.
                drop_level(&mut levels, &mut angles);
                run = 0;
                i += 2;
                last = b'>';
                continue;
            }
            b'<' => {
                run += 1;
                if run > MAX_NESTING {
                    return Some(i);
                }
                if next == b'<' && b.get(i + 2) == Some(&b'=') {
                    // `x <<= n`: an assignment, never generics.
                    i += 3;
                    last = b'=';
                    continue;
                }
                if value_before {
                    // `1 < x`, `f(x) < y`; and `1 << n`: both of its `<`.
                    if next == b'<' {
                        i += 2;
                        last = b'<';
                        continue;
                    }
                } else if next != b'=' {
                    if let Some(top) = levels.last_mut() {
                        *top += 1;
                    }
                    angles += 1;
                    if angles > MAX_NESTING {
                        return Some(i);
                    }
                }
            }
            b'>' => {
                let prev = if i > 0 { b[i - 1] } else { 0 };
                if prev != b'-' && prev != b'=' {
                    if let Some(top) = levels.last_mut().filter(|t| **t > 0) {
                        *top -= 1;
                        angles -= 1;
                    }
                }
                run = 0;
            }
            b'!' | b'&' | b'*' | b'-' | b'|' => {
                run += 1;
                if run > MAX_NESTING {
                    return Some(i);
                }
            }
            c if is_rust_space(c) => {
                after_value = value_before;
                last = last_before;
            }
            c if is_ident_byte(c) => {
                let start = i;
                while i < b.len() && is_ident_byte(b[i]) {
                    i += 1;
                }
                // `br"C:\"`, `cr#"..."#`: raw byte and C strings (a `\` ends nothing there).
                if matches!(&b[start..i], b"br" | b"cr") && matches!(b.get(i), Some(b'"' | b'#')) {
                    if let Some(end) = skip_raw_string(b, i) {
                        i = end;
                        continue;
                    }
                }
                after_value = b[start].is_ascii_digit();
                last = b[i - 1];
                if PREFIX_WORDS.contains(&&b[start..i]) {
                    run += 1;
                    if run > MAX_NESTING {
                        return Some(start);
                    }
                } else {
                    run = 0;
                }
                continue;
            }
            _ => run = 0,
        }
        i += 1;
    }
    None
}

fn memchr_from(b: &[u8], needle: u8, from: usize) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&c| c == needle)
        .map(|p| from + p)
}

/// Byte ranges of the string literals (plain, byte, C and raw) and char literals of `text`,
/// where a `//` is text, not a comment: suppressions read them as [`crate::suppress`] reads
/// YAML's and JSON's strings. Line and block comments are passed over (an apostrophe in one
/// starts no char literal).
pub fn literal_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let next = b.get(i + 1).copied();
        let end = match b[i] {
            b'/' if next == Some(b'/') => {
                i = memchr_from(b, b'\n', i).unwrap_or(b.len());
                continue;
            }
            b'/' if next == Some(b'*') => {
                i = skip_block_comment(b, i);
                continue;
            }
            b'"' => skip_string(b, i + 1),
            b'r' if raw_string_start(b, i) => match skip_raw_string(b, i + 1) {
                Some(end) => end,
                None => i + 1,
            },
            b'\'' => skip_char_or_lifetime(text, i),
            _ => {
                i += 1;
                continue;
            }
        };
        if end > i + 1 {
            out.push(i..end);
        }
        i = end.max(i + 1);
    }
    out
}

/// Past a (nested) block comment starting at `i`.
fn skip_block_comment(b: &[u8], mut i: usize) -> usize {
    let mut level = 0usize;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            level += 1;
            i += 2;
        } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
            level = level.saturating_sub(1);
            i += 2;
            if level == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    b.len()
}

/// Past the closing quote of a string whose body starts at `i`.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// An `r` at `i` starts a raw string (`r"`, `r#"`, `br"`, `cr"`), not a raw identifier.
fn raw_string_start(b: &[u8], i: usize) -> bool {
    let before = |k: usize| i.checked_sub(k).map(|j| b[j]);
    let word_char = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_');
    !word_char(before(1)) || (matches!(before(1), Some(b'b' | b'c')) && !word_char(before(2)))
}

/// Past a raw string whose hashes start at `i`; `None` if it is not one (`r#ident`).
fn skip_raw_string(b: &[u8], mut i: usize) -> Option<usize> {
    let mut hashes = 0;
    while b.get(i) == Some(&b'#') {
        hashes += 1;
        i += 1;
    }
    if b.get(i) != Some(&b'"') {
        return None;
    }
    i += 1;
    while i < b.len() {
        if b[i] == b'"' && (1..=hashes).all(|k| b.get(i + k) == Some(&b'#')) {
            return Some(i + 1 + hashes);
        }
        i += 1;
    }
    Some(b.len())
}

/// Past a char literal (`'a'`, `'\n'`, `'é'`) or a lifetime's quote (`'a`).
fn skip_char_or_lifetime(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    if b.get(i + 1) == Some(&b'\\') {
        // The escaped character (maybe a quote) is at i + 2; the closing quote comes after.
        return memchr_from(b, b'\'', i + 3).map_or(b.len(), |j| j + 1);
    }
    let Some(c) = text.get(i + 1..).and_then(|s| s.chars().next()) else {
        return i + 1;
    };
    let after = i + 1 + c.len_utf8();
    if b.get(after) == Some(&b'\'') {
        after + 1
    } else {
        i + 1
    }
}

// ---------------------------------------------------------------------------------------
// serde's rename rules.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl RenameRule {
    const NAMES: [&'static str; 8] = [
        "lowercase",
        "UPPERCASE",
        "PascalCase",
        "camelCase",
        "snake_case",
        "SCREAMING_SNAKE_CASE",
        "kebab-case",
        "SCREAMING-KEBAB-CASE",
    ];
    const ALL: [RenameRule; 8] = [
        RenameRule::Lower,
        RenameRule::Upper,
        RenameRule::Pascal,
        RenameRule::Camel,
        RenameRule::Snake,
        RenameRule::ScreamingSnake,
        RenameRule::Kebab,
        RenameRule::ScreamingKebab,
    ];

    fn parse(s: &str) -> Option<RenameRule> {
        RenameRule::NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| RenameRule::ALL[i])
    }

    /// A field name (snake_case in Rust) as serde renames it.
    fn apply_to_field(self, field: &str) -> String {
        match self {
            RenameRule::Lower | RenameRule::Snake => field.to_string(),
            RenameRule::Upper | RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
            RenameRule::Pascal => {
                let mut out = String::new();
                let mut upper = true;
                for c in field.chars() {
                    if c == '_' {
                        upper = true;
                    } else if upper {
                        out.push(c.to_ascii_uppercase());
                        upper = false;
                    } else {
                        out.push(c);
                    }
                }
                out
            }
            RenameRule::Camel => {
                let pascal = RenameRule::Pascal.apply_to_field(field);
                lower_first(&pascal)
            }
            RenameRule::Kebab => field.replace('_', "-"),
            RenameRule::ScreamingKebab => field.to_ascii_uppercase().replace('_', "-"),
        }
    }

    /// A variant name (PascalCase in Rust) as serde renames it.
    fn apply_to_variant(self, variant: &str) -> String {
        match self {
            RenameRule::Pascal => variant.to_string(),
            RenameRule::Lower => variant.to_ascii_lowercase(),
            RenameRule::Upper => variant.to_ascii_uppercase(),
            RenameRule::Camel => lower_first(variant),
            RenameRule::Snake => {
                let mut out = String::new();
                for (i, c) in variant.char_indices() {
                    if i > 0 && c.is_uppercase() {
                        out.push('_');
                    }
                    out.push(c.to_ascii_lowercase());
                }
                out
            }
            RenameRule::ScreamingSnake => RenameRule::Snake
                .apply_to_variant(variant)
                .to_ascii_uppercase(),
            RenameRule::Kebab => RenameRule::Snake
                .apply_to_variant(variant)
                .replace('_', "-"),
            RenameRule::ScreamingKebab => RenameRule::ScreamingSnake
                .apply_to_variant(variant)
                .replace('_', "-"),
        }
    }
}

/// serde changes only ASCII letters' case.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => std::iter::once(c.to_ascii_lowercase())
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Phase 2: forms.

#[derive(Clone, Copy)]
enum Def<'a> {
    Struct(&'a StructDef),
    Enum(&'a EnumDef),
    Alias(&'a AliasDef),
}

/// Every definition of the run by name, with the index of its file.
struct Defs<'a> {
    by_name: HashMap<&'a str, Vec<(usize, Def<'a>)>>,
    consts: HashMap<&'a str, Vec<(usize, u64)>>,
    /// `use ... as` renames by alias: the file and the name imported.
    renames: HashMap<&'a str, Vec<(usize, &'a str, bool)>>,
}

impl<'a> Defs<'a> {
    fn index(files: &'a [Parsed]) -> Defs<'a> {
        let mut by_name: HashMap<&str, Vec<(usize, Def)>> = HashMap::new();
        let mut consts: HashMap<&str, Vec<(usize, u64)>> = HashMap::new();
        let mut renames: HashMap<&str, Vec<(usize, &str, bool)>> = HashMap::new();
        for (fi, f) in files.iter().enumerate() {
            for s in &f.structs {
                by_name
                    .entry(&s.name.value)
                    .or_default()
                    .push((fi, Def::Struct(s)));
            }
            for e in &f.enums {
                by_name.entry(&e.name).or_default().push((fi, Def::Enum(e)));
            }
            for a in &f.aliases {
                by_name
                    .entry(&a.name)
                    .or_default()
                    .push((fi, Def::Alias(a)));
            }
            for (name, v) in &f.consts {
                consts.entry(name).or_default().push((fi, *v));
            }
            for (alias, name, public) in &f.renames {
                renames.entry(alias).or_default().push((fi, name, *public));
            }
        }
        Defs {
            by_name,
            consts,
            renames,
        }
    }

    /// The name a type is imported under `name` in `file` stands for: a rename of that file
    /// (`use a::Address as PostalAddress`) for a bare name; a public rename of another file
    /// (a `pub use ... as` re-export) when nothing of the run is called `name`. A private
    /// `use ... as` of one file renames nothing in another.
    fn unalias<'s>(&'s self, name: &'s str, file: usize, bare: bool) -> &'s str {
        let Some(list) = self.renames.get(name) else {
            return name;
        };
        let here = list.iter().find(|(f, _, _)| *f == file).filter(|_| bare);
        let exported = || {
            list.iter()
                .find(|(f, _, public)| *public && *f != file)
                .filter(|_| !self.by_name.contains_key(name))
        };
        match here.or_else(exported) {
            Some((_, original, _)) => original,
            None => name,
        }
    }

    /// A definition by name: the one in `file` if there is one, else the first read.
    fn get(&self, name: &str, file: usize) -> Option<(usize, Def<'a>)> {
        let list = self.by_name.get(name)?;
        list.iter()
            .find(|(f, _)| *f == file)
            .or_else(|| list.first())
            .copied()
    }

    fn constant(&self, name: &str, file: usize) -> Option<u64> {
        let list = self.consts.get(name)?;
        list.iter()
            .find(|(f, _)| *f == file)
            .or_else(|| list.first())
            .map(|(_, v)| *v)
    }
}

/// What a field's type means for the form.
enum Shape<'a> {
    Leaf(FieldKind, Vec<Spanned<String>>),
    /// A struct whose fields become the form's, with its generic parameters bound.
    Nested(&'a StructDef, usize, Vec<(String, Ty)>),
    /// An enum whose variants carry data: the choice of variant, and what each holds.
    Enum(&'a EnumDef, usize, Vec<(String, Ty)>),
    /// No field: a generic parameter nothing binds (nothing can be said about it), or a
    /// `PhantomData` (it holds no value).
    Nothing,
}

struct Class<'a> {
    optional: bool,
    /// Lists the value is inside (`Vec<Vec<String>>`: 2): where a length limit applies.
    lists: usize,
    shape: Shape<'a>,
}

impl<'a> Class<'a> {
    fn leaf(kind: FieldKind) -> Class<'a> {
        Class {
            optional: false,
            lists: 0,
            shape: Shape::Leaf(kind, Vec::new()),
        }
    }
}

const STRINGS: &[&str] = &[
    "String",
    "str",
    "SmolStr",
    "CompactString",
    "CompactStr",
    "ArcStr",
    "EcoString",
    "SecretString",
    "Utf8PathBuf",
    "PathBuf",
];
const NUMBERS: &[&str] = &[
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "f32",
    "f64",
    "Decimal",
    "BigDecimal",
    "BigInt",
    "BigUint",
];
const DATES: &[&str] = &[
    "NaiveDate",
    "Date",
    "NaiveDateTime",
    "DateTime",
    "OffsetDateTime",
    "PrimitiveDateTime",
    "UtcDateTime",
    "Timestamp",
    "Zoned",
    "NaiveTime",
    "Time",
];
const FILES: &[&str] = &[
    "Bytes",
    "BytesMut",
    "ByteBuf",
    "TempFile",
    "NamedTempFile",
    "FieldData",
    "Multipart",
];
/// Maps and untyped values: they hold whatever is sent.
const ANYTHING: &[&str] = &[
    "HashMap",
    "BTreeMap",
    "IndexMap",
    "Value",
    "Map",
    "JsonValue",
    "RawValue",
];
/// Values of a fixed format, not free text.
const CONSTRAINED: &[&str] = &[
    "Uuid",
    "Ulid",
    "Url",
    "Uri",
    "IpAddr",
    "Ipv4Addr",
    "Ipv6Addr",
    "SocketAddr",
    "IpNet",
    "Duration",
    "Mime",
    "Tz",
    "Locale",
    "LanguageIdentifier",
    "LanguageTag",
    "Country",
    "CountryCode",
    "Currency",
    "char",
];
/// Containers whose items are the field's values.
const LISTS: &[&str] = &[
    "Vec",
    "VecDeque",
    "LinkedList",
    "HashSet",
    "BTreeSet",
    "IndexSet",
    "SmallVec",
    "ThinVec",
    "BinaryHeap",
];
/// Wrappers that hold one value of their first type argument.
const WRAPPERS: &[&str] = &[
    "Box",
    "Arc",
    "Rc",
    "Cow",
    "Cell",
    "RefCell",
    "Mutex",
    "RwLock",
    "Secret",
    "SecretBox",
    "Sensitive",
    "Wrapping",
    "OrderedFloat",
    "NotNan",
];

fn classify<'a>(
    defs: &Defs<'a>,
    t: &Ty,
    file: usize,
    generics: &[String],
    depth: usize,
) -> Class<'a> {
    if depth > 16 {
        return Class::leaf(FieldKind::Text);
    }
    let (segments, args) = match t {
        Ty::Slice(inner) if inner.is_u8() => return Class::leaf(FieldKind::File),
        Ty::Slice(inner) => return list(classify(defs, inner, file, generics, depth + 1)),
        Ty::Other => return Class::leaf(FieldKind::Text),
        Ty::Path { segments, args } => (segments, args),
    };
    let Some(last) = segments.last().map(String::as_str) else {
        return Class::leaf(FieldKind::Text);
    };
    let first_arg = args.first();
    if segments.len() == 1 && args.is_empty() && generics.iter().any(|g| g == last) {
        return Class {
            optional: false,
            lists: 0,
            shape: Shape::Nothing,
        };
    }
    let last = defs.unalias(last, file, segments.len() == 1);
    if last == "PhantomData" {
        return Class {
            optional: true,
            lists: 0,
            shape: Shape::Nothing,
        };
    }
    if last == "Option" {
        let mut c = first_arg.map_or(Class::leaf(FieldKind::Text), |a| {
            classify(defs, a, file, generics, depth + 1)
        });
        c.optional = true;
        return c;
    }
    if LISTS.contains(&last) {
        return match first_arg {
            Some(a) if a.is_u8() => Class::leaf(FieldKind::File),
            Some(a) => list(classify(defs, a, file, generics, depth + 1)),
            None => Class::leaf(FieldKind::Text),
        };
    }
    if WRAPPERS.contains(&last) {
        if let Some(a) = first_arg {
            return classify(defs, a, file, generics, depth + 1);
        }
    }
    if last == "bool" {
        return Class::leaf(FieldKind::Checkbox);
    }
    if STRINGS.contains(&last) {
        return Class::leaf(FieldKind::Text);
    }
    if NUMBERS.contains(&last) || last.starts_with("NonZero") {
        return Class::leaf(FieldKind::Number);
    }
    let def = defs.get(last, file);
    if let Some((def_file, def)) = def {
        match def {
            Def::Enum(e) if !e.data.is_empty() => {
                let bindings = e.data[0]
                    .generics
                    .iter()
                    .cloned()
                    .zip(args.iter().cloned())
                    .collect();
                return Class {
                    optional: false,
                    lists: 0,
                    shape: Shape::Enum(e, def_file, bindings),
                };
            }
            Def::Enum(e) => {
                return Class {
                    optional: false,
                    lists: 0,
                    shape: Shape::Leaf(FieldKind::Select, e.variants.clone()),
                }
            }
            Def::Struct(s) if !s.fields.is_empty() => {
                let bindings = s
                    .generics
                    .iter()
                    .cloned()
                    .zip(args.iter().cloned())
                    .collect();
                return Class {
                    optional: false,
                    lists: 0,
                    shape: Shape::Nested(s, def_file, bindings),
                };
            }
            Def::Struct(s) => {
                if let Some(inner) = &s.newtype {
                    let bindings: Vec<(String, Ty)> = s
                        .generics
                        .iter()
                        .cloned()
                        .zip(args.iter().cloned())
                        .collect();
                    let c = classify(defs, &inner.subst(&bindings), def_file, &[], depth + 1);
                    return name_hint(c, last);
                }
            }
            Def::Alias(a) => {
                let bindings: Vec<(String, Ty)> = a
                    .generics
                    .iter()
                    .cloned()
                    .zip(args.iter().cloned())
                    .collect();
                return classify(defs, &a.ty.subst(&bindings), def_file, &[], depth + 1);
            }
        }
    }
    if DATES.contains(&last) {
        return Class::leaf(FieldKind::Date);
    }
    if FILES.contains(&last) || last.ends_with("File") || last.ends_with("Upload") {
        return Class::leaf(FieldKind::File);
    }
    if ANYTHING.contains(&last) {
        return Class::leaf(FieldKind::Text);
    }
    if CONSTRAINED.contains(&last) {
        return Class::leaf(FieldKind::Select);
    }
    // A struct of the scanned files holds its fields, not its type argument (`Id<T>(u64,
    // PhantomData<T>)`); an unknown one-argument type is taken for a wrapper, unless its name
    // says it is a value of fixed format (a typed id `Id<User>` holds no user).
    let local_struct = matches!(def, Some((_, Def::Struct(_))));
    if let Some(kind) = fixed_format(last).filter(|_| !local_struct) {
        return Class::leaf(kind);
    }
    if let Some(a) = first_arg.filter(|_| args.len() == 1 && !local_struct) {
        return classify(defs, a, file, generics, depth + 1);
    }
    // A type datamin cannot see: assume it may hold text.
    name_hint(Class::leaf(FieldKind::Text), last)
}

/// The field type of a type datamin cannot see whose name says it holds a value of fixed
/// format, not free text: an identifier, key, hash, status or kind, or a blockchain's address
/// (`DeviceId`, `CurrencyTxId`, `PublicKey`, `TicketStatus`, `ClientType`, `Erc20Token`,
/// `CurrencyAddress`); a wide integer (`U256`) is a number, a fixed-size hash (`H160`, `B256`)
/// a value of fixed format. A bare `Address` is not told by its name (alloy's is 20 bytes,
/// stripe's a postal address), nor a `PostalAddress`, a bare `Signature` or axum's `State<T>`
/// (a `*Signature` or `*State` with a word before is: `Ed25519Signature`, `TicketState`).
fn fixed_format(name: &str) -> Option<FieldKind> {
    if let [first, digits @ ..] = name.as_bytes() {
        if digits.len() >= 2 && digits.iter().all(u8::is_ascii_digit) {
            return match first {
                b'U' | b'I' => Some(FieldKind::Number),
                b'H' | b'B' => Some(FieldKind::Select),
                _ => None,
            };
        }
    }
    // `EmailAddress` and `PhoneNumber` say what text they hold (see `name_hint`).
    if text_kind(name).is_some() {
        return None;
    }
    let mut words = camel_words(name).map(str::to_ascii_lowercase);
    let last = words.next_back()?;
    let before = words.next_back();
    let fixed = match last.as_str() {
        "id" | "uuid" | "ulid" | "guid" | "identifier" | "key" | "pubkey" | "hash" | "txid"
        | "status" | "kind" | "type" | "role" | "mode" | "level" | "version" | "token"
        | "network" | "chain" => true,
        // `Ed25519Signature`, `TicketState`; not a bare `Signature` (a typed e-signature) or
        // `State` (axum's extractor), nor an application's `AppState`.
        "signature" => before.is_some(),
        "state" => before.is_some_and(|w| w != "app"),
        "address" | "addr" => before.is_some_and(|w| {
            matches!(
                w.as_str(),
                "currency"
                    | "wallet"
                    | "crypto"
                    | "coin"
                    | "chain"
                    | "btc"
                    | "bitcoin"
                    | "eth"
                    | "ethereum"
                    | "evm"
                    | "sol"
                    | "solana"
                    | "tron"
                    | "trx"
                    | "polygon"
                    | "cosmos"
                    | "ton"
                    | "xrp"
                    | "ripple"
                    | "stellar"
                    | "cardano"
                    | "ada"
                    | "doge"
                    | "litecoin"
                    | "ltc"
                    | "near"
                    | "aptos"
                    | "sui"
                    | "starknet"
                    | "substrate"
                    | "ss"
                    | "bech"
                    | "deposit"
                    | "receiving"
                    | "withdrawal"
                    | "contract"
                    | "public"
                    | "ln"
                    | "lightning"
                    | "onchain"
            )
        }),
        _ => false,
    };
    fixed.then_some(FieldKind::Select)
}

/// Items of a list: never required (an empty list is valid), several options may be picked.
fn list(mut c: Class<'_>) -> Class<'_> {
    c.optional = true;
    c.lists += 1;
    if let Shape::Leaf(kind @ FieldKind::Select, _) = &mut c.shape {
        *kind = FieldKind::Multiselect;
    }
    c
}

/// `Email`/`PhoneNumber` types say what text they hold.
fn name_hint<'a>(mut c: Class<'a>, name: &str) -> Class<'a> {
    if let (Shape::Leaf(kind @ FieldKind::Text, _), Some(hint)) = (&mut c.shape, text_kind(name)) {
        *kind = hint;
    }
    c
}

/// The kind of text a type's name says it holds: `Email` and `Phone` in it.
fn text_kind(name: &str) -> Option<FieldKind> {
    if name.contains("Email") {
        Some(FieldKind::Email)
    } else if name.contains("Phone") {
        Some(FieldKind::Phone)
    } else {
        None
    }
}

fn form_id(s: &StructDef) -> String {
    if let Some(id) = s.doc.form_marker.as_ref().filter(|m| !m.value.is_empty()) {
        return id.value.clone();
    }
    let mut parts = s.module.clone();
    parts.push(s.name.value.clone());
    parts.join("::")
}

/// The form of struct `s`, and an error when its walk ran out of steps (the form is then
/// only partly read, which is said, never silent).
fn build_form(defs: &Defs, s: &StructDef, file: usize, max_fields: usize) -> (Form, Option<Error>) {
    let id = form_id(s);
    let mut b = Builder::new(defs, &id, max_fields);
    b.walk(s, file, "", &[], true);
    let error = (b.steps == 0).then(|| {
        Error::at(
            s.name.span,
            format!(
                "form `{id}`: its nested types take more than {} steps to read; datamin stops here",
                max_fields.max(1).saturating_mul(WALK_STEPS_PER_FIELD)
            ),
        )
        .with_help("types nested inside generic types many levels deep multiply: flatten the form's types, or raise `limits.max_fields` in datamin.yaml")
    });
    let form = Form {
        id: Spanned::new(id.clone(), s.name.span),
        title: None,
        notices: s.doc.text.iter().cloned().collect(),
        processors: s.doc.processors.clone(),
        fields: b.fields,
        audience: Audience::EndUser,
        public: false,
        capabilities: if s.garde {
            GARDE_CAPABILITIES
        } else {
            CAPABILITIES
        },
        format: "rust",
        records: "tickets",
        id_from_file_name: false,
    };
    (form, error)
}

/// A struct, with its generic parameters bound, whose walk added no field.
type EmptyKey = (*const StructDef, Vec<(String, Ty)>);

/// Where a struct's walk added no field: the depth it started at, and the structs of the
/// stack then that cut it short (it contained them). The walk adds no field either from as
/// deep or deeper with those structs on the stack: cuts only ever take fields away.
struct EmptyAt {
    depth: usize,
    cut_by: Vec<*const StructDef>,
}

struct Builder<'a, 'd> {
    defs: &'a Defs<'d>,
    form_id: &'a str,
    fields: Vec<Field>,
    /// Structs being walked, to stop at one that contains itself.
    stack: Vec<*const StructDef>,
    /// Nested structs can multiply fields: stop one past this many.
    max_fields: usize,
    /// Structs of the stack a walk stopped at since the current walks began.
    cuts: Vec<*const StructDef>,
    /// Walks that added no field: a struct of 8 fields of a struct of 8 fields... of an
    /// unbound generic adds none, but walking it again each time would take 8^depth steps.
    empty: HashMap<EmptyKey, Vec<EmptyAt>>,
    /// Fields the walk may still look at: what memoizing does not catch (every level of
    /// types that add no field bound to other type arguments) still ends.
    steps: usize,
    /// The purpose of the nearest field being walked into that declares one: a struct's
    /// fields without a purpose of their own have it (`/// purpose: ...` on `shipping:
    /// Address` says why its street and city are asked).
    purpose: Option<Spanned<String>>,
    /// The enum variants being walked into, as (enum, variant) alternatives: only one
    /// variant is sent ([`Field::alternatives`]).
    alternatives: Vec<(u32, u32)>,
    /// Enums walked into so far.
    groups: u32,
    /// Lists the walk is inside: each entry of a list may be another variant, so the
    /// variants of an enum within one are all sent together.
    lists: usize,
}

impl<'a, 'd> Builder<'a, 'd> {
    fn new(defs: &'a Defs<'d>, form_id: &'a str, max_fields: usize) -> Self {
        Builder {
            defs,
            form_id,
            fields: Vec::new(),
            stack: Vec::new(),
            max_fields,
            cuts: Vec::new(),
            empty: HashMap::new(),
            steps: max_fields.max(1).saturating_mul(WALK_STEPS_PER_FIELD),
            purpose: None,
            alternatives: Vec::new(),
            groups: 0,
            lists: 0,
        }
    }

    fn walk(
        &mut self,
        s: &'d StructDef,
        file: usize,
        prefix: &str,
        bindings: &[(String, Ty)],
        required: bool,
    ) {
        let ptr = std::ptr::from_ref(s);
        if self.stack.contains(&ptr) {
            self.cuts.push(ptr);
            return;
        }
        if self.stack.len() > MAX_NESTED_DEPTH {
            return;
        }
        let key: EmptyKey = (ptr, bindings.to_vec());
        if let Some(known) = self.empty.get(&key).and_then(|list| {
            list.iter().find(|e| {
                e.depth <= self.stack.len() && e.cut_by.iter().all(|c| self.stack.contains(c))
            })
        }) {
            self.cuts.extend(&known.cut_by);
            return;
        }
        let (fields_before, cuts_before) = (self.fields.len(), self.cuts.len());
        self.stack.push(ptr);
        self.walk_fields(s, file, prefix, bindings, required);
        self.stack.pop();
        // Only the cuts by structs of the stack this walk started from matter above it.
        let mut cut_by: Vec<*const StructDef> = self.cuts.drain(cuts_before..).collect();
        cut_by.retain(|c| self.stack.contains(c));
        cut_by.sort_unstable();
        cut_by.dedup();
        self.cuts.extend(&cut_by);
        if self.fields.len() == fields_before
            && self.steps > 0
            && self.fields.len() <= self.max_fields
        {
            self.empty.entry(key).or_default().push(EmptyAt {
                depth: self.stack.len(),
                cut_by,
            });
        }
    }

    /// A length limit's value; one datamin cannot evaluate is still a limit.
    fn limit(&self, l: &Spanned<Limit>, file: usize) -> Spanned<u64> {
        let v = match &l.value {
            Limit::Value(v) => *v,
            Limit::Const(c) => self.defs.constant(c, file).unwrap_or(u64::MAX),
            Limit::Unknown => u64::MAX,
        };
        Spanned::new(v, l.span)
    }

    fn walk_fields(
        &mut self,
        s: &'d StructDef,
        file: usize,
        prefix: &str,
        bindings: &[(String, Ty)],
        required: bool,
    ) {
        // `Self` is this struct: following it stops at the cycle check.
        let self_binding = [(
            "Self".to_string(),
            Ty::Path {
                segments: vec![s.name.value.clone()],
                args: Vec::new(),
            },
        )];
        for f in &s.fields {
            if self.fields.len() > self.max_fields || self.steps == 0 {
                break;
            }
            self.steps -= 1;
            if f.skip {
                continue;
            }
            let name = f.rename.clone().unwrap_or_else(|| match s.rename_all {
                Some(r) => r.apply_to_field(&f.ident.value),
                None => f.ident.value.clone(),
            });
            let t = f.ty.subst(&self_binding).subst(bindings);
            let class = classify(self.defs, &t, file, &s.generics, 0);
            let field_required = required && !class.optional && !f.default && !s.default;
            // A newtype variant of an untagged enum is named `""`: it is the field itself.
            let id = match prefix.strip_suffix('.') {
                Some(outer) if name.is_empty() => outer.to_string(),
                _ => format!("{prefix}{name}"),
            };
            let outer_purpose = f.doc.purpose.clone().map(|p| self.purpose.replace(p));
            match class.shape {
                Shape::Nothing => {}
                Shape::Nested(inner, inner_file, inner_bindings) => {
                    let p = if f.flatten {
                        prefix.to_string()
                    } else {
                        format!("{id}.")
                    };
                    self.lists += class.lists;
                    self.walk(inner, inner_file, &p, &inner_bindings, field_required);
                    self.lists -= class.lists;
                }
                Shape::Enum(e, enum_file, enum_bindings) => {
                    // An enum that holds itself (`Group(Vec<Node>)`) adds nothing inside
                    // itself, as a struct does not: its variants would repeat its fields.
                    let variant_on_stack = e
                        .data
                        .iter()
                        .map(std::ptr::from_ref)
                        .find(|v| self.stack.contains(v));
                    if let Some(v) = variant_on_stack {
                        self.cuts.push(v);
                        if let Some(outer) = outer_purpose {
                            self.purpose = outer;
                        }
                        continue;
                    }
                    if !e.variants.is_empty() {
                        let kind = if class.lists > 0 {
                            FieldKind::Multiselect
                        } else {
                            FieldKind::Select
                        };
                        let options = e.variants.clone();
                        self.leaf(f, id.clone(), kind, options, field_required, None);
                    }
                    // Only one variant is sent: what each holds is never required, and what
                    // two hold is never both sent.
                    self.lists += class.lists;
                    let group = (self.lists == 0).then(|| {
                        self.groups += 1;
                        self.groups - 1
                    });
                    for (i, held) in e.data.iter().enumerate() {
                        let within = self.alternatives.len();
                        if let Some(group) = group {
                            self.alternatives
                                .push((group, u32::try_from(i).unwrap_or(u32::MAX)));
                        }
                        self.walk(held, enum_file, &format!("{id}."), &enum_bindings, false);
                        self.alternatives.truncate(within);
                    }
                    self.lists -= class.lists;
                }
                Shape::Leaf(mut kind, options) => {
                    if f.email && kind == FieldKind::Text {
                        kind = FieldKind::Email;
                    } else if f.phone && kind == FieldKind::Text {
                        kind = FieldKind::Phone;
                    }
                    // Only a limit on the text itself: `length(max = N)` on a `Vec<String>`
                    // bounds the number of strings, not how long each is.
                    let max_length = f
                        .max_length
                        .iter()
                        .find(|l| l.inner.is_none_or(|i| i == class.lists))
                        .map(|l| self.limit(&l.limit, file));
                    self.leaf(f, id, kind, options, field_required, max_length);
                }
            }
            if let Some(outer) = outer_purpose {
                self.purpose = outer;
            }
        }
    }

    /// Adds a field of the form, read from `f`.
    fn leaf(
        &mut self,
        f: &FieldDef,
        id: String,
        kind: FieldKind,
        options: Vec<Spanned<String>>,
        required: bool,
        max_length: Option<Spanned<u64>>,
    ) {
        let at = f.ident.span;
        self.fields.push(Field {
            path: format!("{}/{id}", self.form_id),
            id: Spanned::new(id, at),
            label: None,
            kind: Spanned::new(kind, at),
            description: f.doc.text.clone(),
            placeholder: None,
            required: Some(Spanned::new(required, at)),
            max_length,
            options,
            purpose: f.doc.purpose.clone().or_else(|| self.purpose.clone()),
            value: None,
            visible: true,
            collects_logs: false,
            pattern: f.pattern.clone(),
            masked: false,
            item_label: None,
            item_description: None,
            alternatives: self.alternatives.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_bodies_are_told_by_their_words() {
        fn words(n: &str) -> Vec<&str> {
            camel_words(n).collect()
        }
        assert_eq!(words("SignInRequest"), ["Sign", "In", "Request"]);
        assert_eq!(
            words("OAuthCallbackRequest"),
            ["O", "Auth", "Callback", "Request"]
        );
        assert_eq!(words("user_login_request"), ["user", "login", "request"]);
        assert_eq!(words("KYC2Request"), ["KYC", "Request"]);
        for name in [
            "LoginRequest",
            "UserLoginRequest",
            "LogInForm",
            "SignUpForm",
            "SignupRequest",
            "RegisterRequest",
            "ChangePasswordRequest",
            "PasswordResetForm",
            "AuthRequest",
            "OAuthCallbackRequest",
            "RefreshTokenRequest",
            "CreateSessionRequest",
            "SearchDoctorRequest",
            "TicketQueryRequest",
            "ListOrdersRequest",
        ] {
            assert!(endpoint_body(name), "{name}");
        }
        for name in [
            "ContactForm",
            "RefundRequest",
            "AuthorFeedbackRequest",
            "LockoutRequest",
            "LoginProblemTicket",
            "LostTokenTicket",
            "SessionFeedback",
            "PasswordResetHelpTicket",
            "CustomerQueryForm",
            "DeleteAccountRequest",
            "GetHelpRequest",
            "HelpListRequest",
            "SignatureRequest",
            "Request",
        ] {
            assert!(!endpoint_body(name), "{name}");
        }
    }

    #[test]
    fn types_named_for_fixed_values_are_no_free_text() {
        use FieldKind::{Number, Select};
        for (name, kind) in [
            ("DeviceId", Some(Select)),
            ("UserID", Some(Select)),
            ("CurrencyTxId", Some(Select)),
            ("PublicKey", Some(Select)),
            ("Pubkey", Some(Select)),
            ("CurrencyAddress", Some(Select)),
            ("WalletAddress", Some(Select)),
            ("BtcAddr", Some(Select)),
            ("TicketStatus", Some(Select)),
            ("ClientType", Some(Select)),
            ("Erc20Token", Some(Select)),
            ("U256", Some(Number)),
            ("H160", Some(Select)),
            ("B256", Some(Select)),
            ("Ed25519Signature", Some(Select)),
            ("TicketState", Some(Select)),
            ("EthereumAddress", Some(Select)),
            ("TronAddress", Some(Select)),
            // Text of its own kind, or a type that may hold prose.
            ("EmailAddress", None),
            ("Address", None),
            ("PostalAddress", None),
            ("BillingAddress", None),
            ("UserAddress", None),
            ("Signature", None),
            ("State", None),
            ("AppState", None),
            ("H1", None),
            ("PhoneNumber", None),
            ("Description", None),
            ("Message", None),
            ("Keynote", None),
            ("Identity", None),
            ("Typed", None),
            ("V2", None),
            ("", None),
        ] {
            assert_eq!(fixed_format(name), kind, "{name}");
        }
    }

    fn load(text: &str) -> (Vec<Form>, Vec<Error>) {
        let source = SourceFile::new(Path::new("src/support/forms.rs"), text.to_string());
        let mut sources = Sources::default();
        match parse(0, &source) {
            Ok(parsed) => sources.extend([parsed]),
            Err(e) => return (Vec::new(), vec![e]),
        }
        let mut errors = Vec::new();
        let forms = sources
            .finish(&Options::default(), 1000, Path::to_path_buf, |_| false)
            .forms
            .into_iter()
            .flat_map(|(_, m, e)| {
                errors.extend(e);
                m.forms
            })
            .collect();
        (forms, errors)
    }

    fn at(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    #[test]
    fn spans_are_exact_bytes_after_multibyte_text() {
        let text = "\u{feff}// é ü\n#[derive(Deserialize)]\nstruct ContactForm { /* ü */ éfield: String, r#type: bool }\n";
        let (forms, errors) = load(text);
        assert!(errors.is_empty(), "{errors:?}");
        let f = &forms[0];
        assert_eq!(f.id.value, "support::forms::ContactForm");
        assert_eq!(at(text, f.id.span), "ContactForm");
        assert_eq!(at(text, f.fields[0].id.span), "éfield");
        assert_eq!(f.fields[1].id.value, "type");
        assert_eq!(at(text, f.fields[1].id.span), "r#type");
    }

    #[test]
    fn rename_rules_match_serde() {
        let f = "date_of_birth";
        let cases = [
            ("lowercase", "date_of_birth", "dateofbirth"),
            ("UPPERCASE", "DATE_OF_BIRTH", "DATEOFBIRTH"),
            ("PascalCase", "DateOfBirth", "DateOfBirth"),
            ("camelCase", "dateOfBirth", "dateOfBirth"),
            ("snake_case", "date_of_birth", "date_of_birth"),
            ("SCREAMING_SNAKE_CASE", "DATE_OF_BIRTH", "DATE_OF_BIRTH"),
            ("kebab-case", "date-of-birth", "date-of-birth"),
            ("SCREAMING-KEBAB-CASE", "DATE-OF-BIRTH", "DATE-OF-BIRTH"),
        ];
        for (rule, field, variant) in cases {
            let r = RenameRule::parse(rule).unwrap();
            assert_eq!(r.apply_to_field(f), field, "{rule}");
            assert_eq!(r.apply_to_variant("DateOfBirth"), variant, "{rule}");
        }
    }

    #[test]
    fn module_paths_follow_src() {
        let m = |p: &str| module_path(Path::new(p)).join("::");
        assert_eq!(m("crates/api/src/support/mod.rs"), "support");
        assert_eq!(m("src/lib.rs"), "");
        assert_eq!(m("src/handlers/tickets.rs"), "handlers::tickets");
        assert_eq!(m("tests/rust/plain.rs"), "plain");
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        for text in [
            format!(
                "fn f() {{ {}1{} }}",
                "(".repeat(100_000),
                ")".repeat(100_000)
            ),
            format!("fn f() {{ {}1 }}", "!".repeat(100_000)),
            format!(
                "struct S {{ x: {}u8{} }}",
                "Box<".repeat(100_000),
                ">".repeat(100_000)
            ),
            format!("fn f() {{ {}1 }}", "return ".repeat(100_000)),
        ] {
            let text = format!("// Deserialize\n{text}");
            let (_, errors) = load(&text);
            assert_eq!(errors.len(), 1);
            assert!(errors[0].message.contains("nesting"), "{:?}", errors[0]);
        }
    }

    #[test]
    fn scan_skips_strings_chars_and_comments() {
        let deep = "(".repeat(300);
        for text in [
            format!("const S: &str = \"{deep}\";"),
            format!("const S: &str = r#\"{deep}\"#;"),
            format!("// {deep}\nfn f() {{}}"),
            format!("/* /* {deep} */ */ fn f<'a>(x: &'a str) -> char {{ '(' }}"),
            "fn f(r#type: u8) -> u8 { r#type }".to_string(),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
        }
        assert!(too_deep(&format!("fn f() {{ {deep} }}")).is_some());
    }

    #[test]
    fn literal_ranges_are_strings_and_chars_not_comments() {
        let text = concat!(
            "// it's a comment \"not a string\"\n",
            "/* nor 'this' \"one\" */ const A: &str = \"a // b\";\n",
            "const B: &[u8] = br#\"c \"// d\"#; const C: char = '\\'';\n",
            "fn f<'a>(r#type: &'a str) -> char { '/' }\n",
        );
        let got: Vec<&str> = literal_ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            ["\"a // b\"", "r#\"c \"// d\"#", "'\\''", "'/'"],
            "{text}"
        );
    }

    /// The fields a form's walk finds, and how many fields of structs it looked at.
    fn walk_form(text: &str, form: &str) -> (Vec<String>, usize) {
        let source = SourceFile::new(Path::new("src/support/forms.rs"), text.to_string());
        let parsed = parse(0, &source).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let files = [parsed];
        let defs = Defs::index(&files);
        let s = files[0]
            .structs
            .iter()
            .find(|s| s.name.value == form)
            .unwrap();
        let mut b = Builder::new(&defs, "form", 1000);
        let budget = b.steps;
        b.walk(s, 0, "", &[], true);
        let ids = b.fields.iter().map(|f| f.id.value.clone()).collect();
        (ids, budget - b.steps)
    }

    #[test]
    fn enums_that_carry_data_give_the_fields_of_their_data() {
        let text = r#"
            #[derive(Deserialize)]
            pub struct IssueForm { pub reference: Reference, pub problem: Problem, pub via: Via, pub tree: Node }
            #[derive(Deserialize)] #[serde(untagged)]
            pub enum Reference { Number(u64), Description(String) }
            #[derive(Deserialize)] #[serde(tag = "kind", rename_all = "snake_case")]
            pub enum Problem { Login, Other { details: String }, #[serde(skip)] Hidden(String) }
            #[derive(Deserialize)]
            pub enum Via { Chat, Mail(#[validate(email)] String), Post(Address), Pair(u8, String) }
            #[derive(Deserialize)]
            pub struct Address { pub street: String }
            #[derive(Deserialize)] #[serde(untagged)]
            pub enum Node { Leaf(String), Group(Vec<Node>), Boxed(Box<Self>) }
        "#;
        let (forms, errors) = load(text);
        assert!(errors.is_empty(), "{errors:?}");
        let fields: Vec<(String, FieldKind, Vec<String>, bool)> = forms[0]
            .fields
            .iter()
            .map(|f| {
                let options = f.options.iter().map(|o| o.value.clone()).collect();
                let required = f.required.as_ref().is_some_and(|r| r.value);
                (f.id.value.clone(), f.kind.value, options, required)
            })
            .collect();
        let field = |id: &str, kind: FieldKind, options: &[&str], required: bool| {
            let options = options.iter().map(ToString::to_string).collect();
            (id.to_string(), kind, options, required)
        };
        use FieldKind::{Email, Number, Select, Text};
        assert_eq!(
            fields,
            [
                // Untagged: no choice; each value is the field itself, never required.
                field("reference", Number, &[], false),
                field("reference", Text, &[], false),
                field("problem", Select, &["login", "other"], true),
                field("problem.details", Text, &[], false),
                field("via", Select, &["Chat", "Mail", "Post", "Pair"], true),
                field("via.Mail", Email, &[], false),
                field("via.street", Text, &[], false),
                field("via.Pair.0", Number, &[], false),
                field("via.Pair.1", Text, &[], false),
                // Read once: the enum is not read again inside itself.
                field("tree", Text, &[], false),
            ]
        );
    }

    /// A form of 8 fields of `L1`, each of 8 fields of `L2`... down to `leaf`.
    fn fan_out(leaf: &str) -> String {
        let fields = |ty: &str| (0..8).map(|j| format!("f{j}: {ty}, ")).collect::<String>();
        let mut text = format!(
            "#[derive(Deserialize)] struct ExpForm {{ {} m: String }}\n",
            fields("L1")
        );
        for i in 1..=8 {
            let next = if i == 8 {
                leaf.to_string()
            } else {
                format!("L{}", i + 1)
            };
            text += &format!(
                "#[derive(Deserialize)] struct L{i} {{ {} }}\n",
                fields(&next)
            );
        }
        text
    }

    #[test]
    fn nested_structs_that_add_no_field_are_walked_once() {
        for (leaf, def) in [
            // An unbound generic, fields all skipped, a struct that contains the form.
            ("L9", "#[derive(Deserialize)] struct L9<T> { x: T }"),
            (
                "L9",
                "#[derive(Deserialize)] struct L9 { #[serde(skip)] x: String }",
            ),
            ("L9", "#[derive(Deserialize)] struct L9 { x: L1 }"),
            ("ExpForm", ""),
        ] {
            let text = fan_out(leaf) + def;
            let (ids, steps) = walk_form(&text, "ExpForm");
            assert_eq!(ids, ["m"], "{leaf}: {def}");
            // Each struct's 8 fields once, not 8^9 times.
            assert!(steps < 200, "{leaf}: {def}: {steps} steps");
        }
    }

    #[test]
    fn a_walk_multiplied_by_type_arguments_ends() {
        // Each field binds the next level's parameter to another type: no two walks are
        // the same and none adds a field. The walk stops when its steps run out.
        let mut text =
            String::from("#[derive(Deserialize)] struct ExpForm<T> { s: L1<T>, m: String }\n");
        for j in 0..8 {
            text += &format!("#[derive(Deserialize)] struct W{j}<T> {{ x: T }}\n");
        }
        for i in 1..=8 {
            let fields: String = (0..8)
                .map(|j| match i {
                    8 => format!("f{j}: W{j}<T>, "),
                    _ => format!("f{j}: L{}<W{j}<T>>, ", i + 1),
                })
                .collect();
            text += &format!("#[derive(Deserialize)] struct L{i}<T> {{ {fields} }}\n");
        }
        let (ids, steps) = walk_form(&text, "ExpForm");
        assert!(ids.len() <= 1, "{ids:?}");
        assert_eq!(steps, 1000 * WALK_STEPS_PER_FIELD);
        // And the form says so: an error at its name, not a silently short form.
        let (_, errors) = load(&text);
        let messages: Vec<(u32, &str)> = errors
            .iter()
            .map(|e| (e.span.map_or(0, |s| s.start), e.message.as_str()))
            .collect();
        let at = u32::try_from(text.find("ExpForm").unwrap_or(0)).unwrap_or(0);
        assert_eq!(
            messages,
            [(at, "form `support::forms::ExpForm`: its nested types take more than 64000 steps to read; datamin stops here")]
        );
    }

    #[test]
    fn line_and_column_to_offset_on_long_and_wide_lines() {
        // One long line of fields (30,000 of them took seconds: each span rescanned the
        // line from its start), ASCII and not, looked up in order and out of order.
        let text = format!(
            "struct A {{\n{}\n{}\n}}\n",
            "a: u8, ".repeat(50),
            "é: u8, ".repeat(50)
        );
        let lines = Lines::new(&text, 0);
        let naive = |line: usize, column: usize| {
            let start: usize = text
                .split_inclusive('\n')
                .take(line - 1)
                .map(str::len)
                .sum();
            let rest = &text[start..];
            start
                + rest
                    .char_indices()
                    .nth(column)
                    .map_or(rest.len(), |(i, _)| i)
        };
        let lc = |line, column| LineColumn { line, column };
        for (line, column) in [
            (1, 0),
            (2, 0),
            (2, 7),
            (2, 349),
            (3, 0),
            (3, 7),
            (3, 300),
            (3, 14),
            (3, 349),
            (2, 3),
            (3, 1),
            (4, 0),
        ] {
            assert_eq!(
                lines.offset(lc(line, column)),
                naive(line, column),
                "{line}:{column}"
            );
        }
    }

    #[test]
    fn shifts_and_comparisons_are_not_nesting() {
        let lines = |f: &dyn Fn(usize) -> String| (0..400).map(f).collect::<String>();
        for text in [
            format!(
                "const BITS: [u64; 400] = [{}];",
                lines(&|n| format!("1 << {n},\n"))
            ),
            format!(
                "const B: [u64; 400] = [{}];",
                lines(&|n| format!("y <<= {n},\n"))
            ),
            format!(
                "fn g(a: u32, b: u32) {{ {} }}",
                lines(&|n| format!("if a < b {{ f({n}); }}\n"))
            ),
            format!(
                "fn g(v: u32) -> u32 {{ match v {{ {} _ => 0 }} }}",
                lines(&|n| format!("v if v <= {n} => {n},\n"))
            ),
            format!(
                "fn g(v: u32) -> u32 {{ match v {{ {} _ => 0 }} }}",
                lines(&|n| format!("v if v < {n} => {n},\n"))
            ),
            format!(
                "fn g(v: u32) -> u32 {{ match v {{ {} _ => 0 }} }}",
                lines(&|n| format!("v if v < lim[{n}] => {n},\n"))
            ),
            format!(
                "fn g(v: &[u32]) -> bool {{ {} true }}",
                lines(&|n| format!("v[{n}] < v[0] && f(v) < 2 &&\n"))
            ),
        ] {
            assert_eq!(too_deep(&text), None, "{}", &text[..80]);
        }
        // Real generics still count, and so do runs of `<`.
        let deep =
            |open: &str, n: usize| format!("type T = {}u8{};", open.repeat(n), ">".repeat(n));
        assert!(too_deep(&deep("Box<", 300)).is_some());
        assert!(too_deep(&deep("Box <", 300)).is_some());
        assert!(too_deep(&deep("<", 300)).is_some());
        assert!(too_deep(&deep("Box<", 200)).is_none());
        // A raw byte string ending in a backslash ends there: the next string is a string.
        let raw = format!(
            "const D: &[u8] = br\"C:\\\";\nconst H: &str = \"{}\";",
            "<a".repeat(400)
        );
        assert_eq!(too_deep(&raw), None, "{raw}");
        // What the scan must not let through (syn recursed into each until the stack
        // overflowed and the run aborted): const generics, qualified paths, const blocks.
        for open in ["A<1, ", "A<<B as C>::D, ", "A<[u8; {1}], ", "A<{1}, "] {
            assert!(too_deep(&deep(open, 300)).is_some(), "{open}");
        }
    }

    #[test]
    fn a_syntax_error_is_located() {
        let text = "#[derive(Deserialize)]\nstruct ContactForm {\n    email: String\n    name: String,\n}\n";
        let (_, errors) = load(text);
        assert_eq!(errors.len(), 1);
        let span = errors[0].span.unwrap();
        assert_eq!(at(text, span), "name");
        assert_eq!(errors[0].message, "Rust syntax error: expected `,`");
    }

    #[test]
    fn module_files_are_where_rustc_looks_for_them() {
        // One declaration, in the inline modules `within`.
        let decl = |within: &[InlineMod], name: &str, path: Option<&str>| Modules {
            inline: (within.iter().enumerate())
                .map(|(k, m)| Inline {
                    outer: k.checked_sub(1),
                    module: m.clone(),
                })
                .collect(),
            decls: vec![ModDecl {
                within: within.len().checked_sub(1),
                name: name.to_string(),
                path: path.map(String::from),
                test: true,
                line: 1,
                column: 1,
            }],
        };
        let files = |file: &str, m: &Modules| {
            module_files(
                Path::new(file),
                named_mod_rs(Path::new(file)),
                m,
                &m.decls[0],
            )
        };
        let p = PathBuf::from;
        // Beside a crate root or a mod.rs; in a folder named after any other file.
        let tests = decl(&[], "tests", None);
        assert_eq!(
            files("src/lib.rs", &tests),
            [p("src/tests.rs"), p("src/tests/mod.rs")]
        );
        assert_eq!(
            files("src/a/b.rs", &tests),
            [p("src/a/b/tests.rs"), p("src/a/b/tests/mod.rs")]
        );
        // The Rust reference's examples of `#[path]`: on a module outside inline modules,
        // relative to the file's folder, whatever the file...
        let c = decl(&[], "c", Some("foo.rs"));
        assert_eq!(files("src/a/b.rs", &c), [p("src/a/foo.rs")]);
        assert_eq!(files("src/a/mod.rs", &c), [p("src/a/foo.rs")]);
        // ...inside one, to the inline modules as folders, after the file's name when it is
        // not a mod.rs...
        let inner = decl(
            &[InlineMod::Named("inline".into())],
            "inner",
            Some("other.rs"),
        );
        assert_eq!(files("src/a/b.rs", &inner), [p("src/a/b/inline/other.rs")]);
        assert_eq!(files("src/a/mod.rs", &inner), [p("src/a/inline/other.rs")]);
        // ...and on an inline module, its folder, relative to the file's.
        let tls = decl(
            &[InlineMod::Path("thread_files".into())],
            "local_data",
            Some("tls.rs"),
        );
        assert_eq!(files("src/a/b.rs", &tls), [p("src/a/thread_files/tls.rs")]);
        assert_eq!(
            files("src/a/mod.rs", &tls),
            [p("src/a/thread_files/tls.rs")]
        );
        // A file loaded through `#[path]` is read as a mod.rs.
        assert_eq!(
            module_files(
                Path::new("src/fixtures.rs"),
                true,
                &decl(&[], "seeds", None),
                &decl(&[], "seeds", None).decls[0]
            ),
            [p("src/seeds.rs"), p("src/seeds/mod.rs")]
        );
    }

    #[test]
    fn a_module_file_is_declared_from_the_folder_it_sits_in() {
        let got = |path: &str| possible_declarers(Path::new(path));
        let beside = |d: &str, up: &str| -> Vec<PathBuf> {
            ["lib.rs", "main.rs", "mod.rs", "build.rs"]
                .iter()
                .map(|f| Path::new(d).join(f))
                .chain([PathBuf::from(up)])
                .collect()
        };
        assert_eq!(got("/w/src/shared.rs"), beside("/w/src", "/w/src.rs"));
        assert_eq!(got("/w/src/a/b/mod.rs"), beside("/w/src/a", "/w/src/a.rs"));
        // A folder of crate roots stands for each of its files.
        let mut bin = beside("/w/src/bin", "/w/src/bin.rs");
        bin.push(PathBuf::from("/w/src/bin"));
        assert_eq!(got("/w/src/bin/common.rs"), bin);
        // A file does not declare itself.
        let mut a = beside("/w/src/a", "/w/src/a.rs");
        a.retain(|f| f != Path::new("/w/src/a/main.rs"));
        assert_eq!(got("/w/src/a/main.rs"), a);
    }

    #[test]
    fn a_module_file_a_file_not_read_may_declare_is_not_test_only() {
        let file = |id: FileId, path: &str, mods: &[(&str, bool)]| Parsed {
            file: id,
            path: PathBuf::from(path),
            mods: Modules {
                inline: Vec::new(),
                decls: mods
                    .iter()
                    .map(|&(name, test)| ModDecl {
                        within: None,
                        name: name.to_string(),
                        path: None,
                        test,
                        line: 2,
                        column: 1,
                    })
                    .collect(),
            },
            ..Parsed::default()
        };
        let files = [
            file(0, "/w/src/lib.rs", &[("shared", true)]),
            file(1, "/w/src/shared.rs", &[("inner", false)]),
            file(2, "/w/src/shared/inner.rs", &[]),
        ];
        let declared = TestOnly::Declared {
            by: 0,
            name: "shared".to_string(),
            line: 2,
            column: 1,
            for_tests: true,
        };
        let inner = TestOnly::Declared {
            by: 1,
            name: "inner".to_string(),
            line: 2,
            column: 1,
            for_tests: false,
        };
        assert_eq!(
            test_only_files(&files, Path::to_path_buf, |_| false),
            [None, Some(declared), Some(inner)]
        );
        // `src/main.rs` exists, not read: it may declare `mod shared;` for real.
        let main = |p: &Path| p == Path::new("/w/src/main.rs");
        assert_eq!(
            test_only_files(&files, Path::to_path_buf, main),
            [None, None, None]
        );
    }

    #[test]
    fn a_manifest_says_whether_it_is_a_package_and_its_autotests() {
        let on = Some(Package { autotests: true });
        let off = Some(Package { autotests: false });
        for (text, want) in [
            ("[package]\nname = \"a\"\n", on),
            ("[workspace]\nmembers = [\"a\"]\n", None),
            ("# [package]\n[workspace]\n", None),
            ("[package]\nautotests = false # only declared ones\n", off),
            ("[ package ]\nautotests=false\n", off),
            // Under another table, it is not the package's.
            ("[package]\nname = \"a\"\n[lib]\nautotests = false\n", on),
            ("[package]\nautotests = true\n", on),
            ("[package]\n\"autotests\" = false\n", off),
            // A line of a multi-line string is no table header.
            (
                "[package]\ndescription = \"\"\"\n[see below]\n\"\"\"\nautotests = false\n",
                off,
            ),
        ] {
            assert_eq!(Package::of_manifest(text), want, "{text}");
        }
    }

    #[test]
    fn crate_roots_are_where_cargo_finds_targets() {
        // One package, in `pkg/`; `src/Cargo.toml` does not exist.
        let pkg = Package { autotests: true };
        let role = |path: &str| {
            role(Path::new(path), |dir| {
                (dir == Path::new("/w/pkg")).then_some(pkg)
            })
        };
        for root in [
            "/w/pkg/build.rs",
            "/w/pkg/src/lib.rs",
            "/w/pkg/src/main.rs",
            "/w/pkg/src/bin/tool.rs",
            "/w/pkg/src/bin/main.rs",
            "/w/pkg/src/bin/desk/main.rs",
            "/w/pkg/examples/demo.rs",
            "/w/pkg/examples/demo/main.rs",
            "/w/pkg/benches/load.rs",
            "/w/pkg/benches/load/main.rs",
        ] {
            assert_eq!(role(root), Role::CrateRoot, "{root}");
        }
        for test in ["/w/pkg/tests/it.rs", "/w/pkg/tests/smoke/main.rs"] {
            assert_eq!(role(test), Role::TestRoot, "{test}");
        }
        for module in [
            "/w/pkg/src/support.rs",
            "/w/pkg/src/foo/tests.rs",
            "/w/pkg/src/tests/helpers.rs",
            "/w/pkg/src/bin/desk/helper.rs",
            "/w/pkg/src/bin/desk/helper/main.rs",
            "/w/pkg/tests/common/mod.rs",
            "/w/pkg/tests/smoke/data.rs",
            "/w/pkg/src/build.rs",
            "/w/pkg/bin/tool.rs",
            "/w/pkg/Cargo.toml",
            // No Cargo.toml where the shape says the package is.
            "/w/other/tests/it.rs",
            "/w/other/src/lib.rs",
            "/w/lib.rs",
        ] {
            assert_eq!(role(module), Role::Module, "{module}");
        }
    }

    /// What syn finds: the reading [`scan_modules`] must match.
    fn syn_modules(text: &str) -> Option<(bool, Modules)> {
        let read = || {
            let body = text.strip_prefix('\u{feff}').unwrap_or(text);
            if too_deep(body).is_some() {
                return None;
            }
            let ast = syn::parse_file(body).ok()?;
            let mut mods = Modules::default();
            modules(&ast.items, None, false, &mut mods);
            Some((test_only(&ast.attrs), mods))
        };
        on_parse_stack(read).flatten()
    }

    #[test]
    fn module_scan_reads_what_syn_reads() {
        // (text, the declarations: name, inline modules around, #[path], for tests, line).
        type Want<'a> = &'a [(&'a str, &'a [&'a str], Option<&'a str>, bool, u32)];
        let cases: &[(&str, bool, Want)] = &[
            // `mod` in strings, raw strings, byte strings, chars and comments.
            (
                "const A: &str = \"mod a;\";\nconst B: &str = r#\"mod b;\"# ;\nconst C: &[u8] = br##\"\"# mod c; \"##;\nconst D: &[u8] = b\"mod d;\\\"\";\nconst Q: char = '\"';\n// mod e;\n/* /* mod f; */ mod g; */\n/// mod h;\nmod real;\n",
                false,
                &[("real", &[], None, false, 9)],
            ),
            // Raw identifiers: `r#mod` is no keyword; `mod r#async;` is `async`.
            (
                "extern crate core as r#mod;\nuse r#mod as m;\nmod r#async;\nmod r#mod2;\n",
                false,
                &[("async", &[], None, false, 3), ("mod2", &[], None, false, 4)],
            ),
            // Attributes over lines, doc comments before them, visibility, `unsafe`.
            (
                "/// Tests.\n/** More. */\n#[cfg(all(\n    test,\n    unix,\n))]\n// between\n#[path = \"t.rs\"]\npub(crate) mod t;\npub(in crate::x) mod v;\nunsafe mod u;\n",
                false,
                &[
                    ("t", &[], Some("t.rs"), true, 9),
                    ("v", &[], None, false, 10),
                    ("u", &[], None, false, 11),
                ],
            ),
            // Neither `cfg_attr(test, path)` nor `cfg(any(test))` nor `cfg(not(test))` says
            // test-only or moves the file: syn's reading does not either.
            (
                "#[cfg_attr(test, path = \"x.rs\")]\nmod y;\n#[cfg(any(test))]\nmod z;\n#[cfg(not(test))]\nmod w;\n",
                false,
                &[("y", &[], None, false, 2), ("z", &[], None, false, 4), ("w", &[], None, false, 6)],
            ),
            // Attributes of an item that ended are not the next one's.
            (
                "#[cfg(test)]\nfn f() -> u8 { if true { 1 } else { '}' as u8 } }\nmod a;\n#[cfg(test)]\nstruct S;\nmod b;\n#[cfg(test)]\nimpl<'a> X<'a> for Y { }\nmod c;\n#[cfg(test)]\nuse a::{b, c};\nmod d;\n",
                false,
                &[
                    ("a", &[], None, false, 3),
                    ("b", &[], None, false, 6),
                    ("c", &[], None, false, 9),
                    ("d", &[], None, false, 12),
                ],
            ),
            // Nested inline modules, with braces inside, inner attributes.
            (
                "mod outer {\n    fn f() { let s = S { a: 1 }; }\n    #[cfg(test)]\n    mod inner {\n        struct S { a: u8 }\n        mod deep;\n    }\n    mod after;\n    mod p {\n        #![path = \"q\"]\n        #![cfg(all(unix, test))]\n        mod r;\n    }\n}\nmod last;\n",
                false,
                &[
                    ("deep", &["outer", "inner"], None, true, 6),
                    ("after", &["outer"], None, false, 8),
                    ("r", &["outer", "@q"], None, true, 12),
                    ("last", &[], None, false, 15),
                ],
            ),
            // Not items of the file: in macros, `macro_rules!`, functions and blocks.
            (
                "macro_rules! m { () => { mod hidden; }; }\ncfg_if::cfg_if! { if #[cfg(test)] { mod in_macro; } }\nm![mod in_brackets;];\nfn f() { mod in_fn; }\nconst _: () = { mod in_const; };\nmod seen;\n",
                false,
                &[("seen", &[], None, false, 6)],
            ),
            // A shebang line and the file's own `#![cfg(test)]`; a byte-order mark.
            (
                "\u{feff}#!/usr/bin/env run-cargo-script \"'\n#![cfg(test)]\nmod s;\n",
                true,
                &[("s", &[], None, false, 3)],
            ),
        ];
        for (text, cfg_test, want) in cases {
            let scanned = scan_modules(text).unwrap();
            assert_eq!(Some(&scanned), syn_modules(text).as_ref(), "{text}");
            let got: Vec<_> = scanned
                .1
                .decls
                .iter()
                .map(|d| {
                    let within: Vec<String> = scanned
                        .1
                        .within(d)
                        .iter()
                        .map(|m| match m {
                            InlineMod::Named(n) => n.clone(),
                            InlineMod::Path(p) => format!("@{p}"),
                        })
                        .collect();
                    (d.name.clone(), within, d.path.clone(), d.test, d.line)
                })
                .collect();
            let want: Vec<_> = want
                .iter()
                .map(|(n, w, p, t, l)| {
                    let w: Vec<String> = w.iter().map(|s| s.to_string()).collect();
                    (n.to_string(), w, p.map(String::from), *t, *l)
                })
                .collect();
            assert_eq!(scanned.0, *cfg_test, "{text}");
            assert_eq!(got, want, "{text}");
        }
        // Columns count characters, after a byte-order mark too.
        let (_, mods) = scan_modules("\u{feff}/* é */ pub mod x;").unwrap();
        assert_eq!((mods.decls[0].line, mods.decls[0].column), (1, 13));
        assert_eq!(syn_modules("\u{feff}/* é */ pub mod x;").unwrap().1, mods);
    }

    #[test]
    fn lines_and_columns_are_counted_once_on_a_long_line() {
        let text = format!("é\n{}", "mod m; ".repeat(100_000));
        let mut lines = LineCounter::default();
        for k in 0..100_000 {
            let at = "é\n".len() + 7 * k;
            assert_eq!(lines.line_col(&text, at), (2, to_u32(7 * k + 1)));
        }
        assert!(lines.counted <= text.len(), "{}", lines.counted);
        // Asked for an earlier offset: on the same line, and on one before.
        assert_eq!(lines.line_col(&text, "é\n".len() + 7), (2, 8));
        assert_eq!(lines.line_col(&text, 2), (1, 2));
        assert_eq!(lines.line_col(&text, text.len()), (2, 700_001));
    }

    #[test]
    fn module_scan_refuses_nesting_as_a_parse_does() {
        let n = MAX_NESTING + 1;
        for text in [
            format!("{}{}", "mod a { mod x;\n".repeat(n), "}".repeat(n)),
            format!(
                "mod a {{ {}mod x; {} }}",
                "fn f() { ".repeat(n),
                "}".repeat(n)
            ),
            format!("{}mod x;", "#[cfg(test)] mod a { ".repeat(n)),
            format!("\u{feff}{}mod x;", "mod a { #[path = \"p\"] ".repeat(n)),
        ] {
            // The error a file with forms gets, at the same place.
            let want = extract(&text, 7, &[]).unwrap_err();
            assert!(want.message.starts_with("nesting deeper than"), "{want:?}");
            let got = parse_modules(7, Path::new("src/lib.rs"), &text).unwrap_err();
            assert_eq!((got.message, got.span), (want.message, want.span));
        }
        // Up to the limit, read; each inline module kept once, whatever declares in it.
        let depth = MAX_NESTING - 1;
        let text = format!(
            "{}{}{}",
            "#[cfg(all(unix, feature = \"x\"))] mod a {\n".repeat(depth),
            (0..1000)
                .map(|k| format!("mod m{k};\n"))
                .collect::<String>(),
            "}".repeat(depth)
        );
        let (_, mods) = scan_modules(&text).unwrap();
        assert_eq!((mods.inline.len(), mods.decls.len()), (depth, 1000));
        assert!(mods
            .decls
            .iter()
            .all(|d| d.within == Some(depth - 1) && !d.test));
        assert_eq!(mods.within(&mods.decls[999]).len(), depth);
    }

    #[test]
    fn module_declarations_are_read_from_files_without_forms() {
        let text = "#![cfg(test)]\nmod a {\n    #![path = \"x\"]\n    #[cfg(all(test, unix))]\n    mod b;\n}\n#[cfg(not(test))] pub(crate) mod r#async ;\nmod inline { }\n";
        let parsed = parse_modules(3, Path::new("src/lib.rs"), text)
            .unwrap()
            .unwrap();
        assert!(parsed.cfg_test);
        assert_eq!(parsed.path, Path::new("src/lib.rs"));
        let mods = &parsed.mods;
        let got: Vec<_> = (mods.decls.iter())
            .map(|d| {
                (
                    d.name.as_str(),
                    mods.within(d).len(),
                    d.path.clone(),
                    d.test,
                )
            })
            .collect();
        assert_eq!(got, [("b", 1, None, true), ("async", 0, None, false)]);
        assert!(matches!(mods.within(&mods.decls[0])[0], InlineMod::Path(p) if p == "x"));
        // No module in a file of its own: not parsed.
        for text in ["mod a { }", "model;", "// mod\nfn x() {}", "let amod = 1;"] {
            assert!(!may_declare_modules(text), "{text}");
            assert!(parse_modules(0, Path::new("src/lib.rs"), text).is_ok_and(|p| p.is_none()));
        }
        assert!(may_declare_modules("pub mod tests\n;"));
        // Comments between the words, as rustc reads them.
        for text in [
            "mod shared // live\n;",
            "mod /* live */ shared;",
            "mod/**/x/**/;",
        ] {
            assert!(may_declare_modules(text), "{text}");
        }
        // Comments longer than the look are a yes (the scan decides), wherever they are; within
        // it, a no stays a no.
        let long = format!("/*{}*/", " ".repeat(TRIVIA_LOOK));
        for text in [
            format!("mod {long} shared;"),
            format!("mod shared {long};"),
            format!(
                "mod // {}
 x;",
                "-".repeat(TRIVIA_LOOK)
            ),
            "mod /*".repeat(1000),
            "mod //".repeat(1000),
        ] {
            assert!(may_declare_modules(&text), "{text}");
        }
        for text in ["mod /* short */ x {", "mod /*", "mod x // end"] {
            assert!(!may_declare_modules(text), "{text}");
        }
        // A comment that starts at the look's last byte (half of it inside): a yes.
        let pad = " ".repeat(TRIVIA_LOOK - 1);
        for text in [
            format!("mod{pad}/* c */ shared;"),
            format!("mod{pad}// c\nshared;"),
            format!("mod shared{pad}/* c */;"),
            format!("mod shared{pad}// c\n;"),
            "\u{feff}mod shared;".to_string(),
            "mod\x0bshared\x0b;".to_string(),
        ] {
            assert!(may_declare_modules(&text), "{text:?}");
        }
    }
}
