//! The run: config → rules → discover → load → resolve → evaluate → report.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::baseline::Baseline;

use crate::config::{Config, InputLimits};
use crate::diag::{suggestion, Error};
use crate::discover::{discover, io_reason, Candidate};
use crate::formats::{self, Detected};
use crate::model::{Form, Model};
use crate::report::finding::Interner;
use crate::report::{Finding, Report, RuleMeta, Skipped};
use crate::rules::engine::{rules_ask, Asked, Engine};
use crate::rules::select::{Selection, Unknown};
use crate::rules::vocabulary::Vocabulary;
use crate::rules::{Rule, RuleSet, Severity, BUILTIN};
use crate::source::{display_path, FileId, SourceFile, Span};
use crate::syntax::{Limits, Node, NodeKind};

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub config: Option<PathBuf>,
    /// Threads for loading files; 0: one per core.
    pub threads: usize,
    /// Text read from standard input, checked as if it were this file.
    pub stdin: Option<Stdin>,
    /// Findings listed in this baseline file do not count.
    pub baseline: Option<PathBuf>,
    /// The baseline file this run's findings will be written to (`--write-baseline`). Like
    /// `baseline`, it is datamin's own output, never an input when folders are walked.
    pub write_baseline: Option<PathBuf>,
    /// Report suppressions that silenced nothing (DM903), and policy globs that match no
    /// form (DM109).
    pub report_unused: bool,
    /// The rules chosen on the command line (`--select`, `--ignore`), over each project's
    /// `rules:`. A value may name a rule of some projects only; [`unknown_rules`] tells the
    /// values no project of the run knows.
    pub selection: Selection,
    /// Skip files named on the command line that are not in a format datamin reads (or are
    /// empty), instead of reporting them as errors: pre-commit passes every changed YAML file.
    pub ignore_unknown: bool,
    /// Apply the config's `exclude` to files named on the command line (and to standard
    /// input's path) too, as a walk of the folders would: a named file that its project's
    /// `exclude` leaves out, or that is in a nested project an enclosing project's `exclude`
    /// leaves out, is not read but listed as skipped (`--force-exclude`, for pre-commit).
    pub force_exclude: bool,
    /// Hold every file until the end instead of checking files of forms alone as they are
    /// read: the same report, more memory. The reference the batched check is tested against.
    pub whole: bool,
}

impl CheckOptions {
    /// The paths to check: those given, or `.` when none is (and standard input is not read).
    fn paths_or_here(&self) -> Vec<PathBuf> {
        if self.paths.is_empty() && self.stdin.is_none() {
            vec![PathBuf::from(".")]
        } else {
            self.paths.clone()
        }
    }
}

/// Content piped in, and the path it stands for (format detection, config discovery,
/// suppressions and reports all use that path).
#[derive(Debug, Clone, Default)]
pub struct Stdin {
    pub path: PathBuf,
    pub text: String,
}

/// Loads the built-in rules and the user's rule folders; rule-file errors go to `report`.
pub fn load_rules(config: Option<&Config>, report: &mut Report) -> RuleSet {
    let mut set = RuleSet::default();
    // The built-in vocabulary sits among the rule files but is no rule (the vocabulary
    // module reads it).
    for (name, text) in BUILTIN.iter().filter(|(n, _)| *n != "vocabulary.yaml") {
        let source = SourceFile::new(&Path::new("rules").join(name), (*text).to_string());
        add_rule_file(source, false, &mut set, report);
    }
    // A file read once, however many entries lead to it (`[rules, rules/team]`, `[rules,
    // ./rules]`): else its rule would clash with itself.
    let mut read: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    for entry in config.map(|c| c.rule_dirs.as_slice()).unwrap_or_default() {
        if let Err(e) = std::fs::read_dir(&entry.path) {
            report
                .errors
                .push(entry.unreadable("rule_dirs", "folder", &e));
            continue;
        }
        // Its subfolders too (rules kept by theme, `rules/pii/`), as semgrep reads a folder
        // of rules; symbolic links to files are followed, to folders not (no loops).
        let mut files: Vec<PathBuf> = Vec::new();
        for item in walkdir::WalkDir::new(&entry.path) {
            match item {
                Ok(d) => {
                    let p = d.path();
                    if yaml_name(p) && p.is_file() {
                        files.push(d.into_path());
                    }
                }
                Err(e) => {
                    let at = e
                        .path()
                        .map_or_else(|| entry.path.clone(), Path::to_path_buf);
                    let reason = e.io_error().map_or_else(
                        || "a symbolic link loop".to_string(),
                        crate::discover::io_reason,
                    );
                    report.errors.push(crate::diag::Error::file(
                        crate::source::display_path(&at),
                        format!("cannot read: {reason}"),
                    ));
                }
            }
        }
        files.sort();
        for path in files {
            if !read.insert(std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone())) {
                continue;
            }
            match read_text(&path, InputLimits::default().max_file_size) {
                Ok(text) => add_rule_file(SourceFile::new(&path, text), true, &mut set, report),
                Err(e) => report.errors.push(e),
            }
        }
    }
    set.sort();
    set
}

/// The rules `check` runs from the current folder (`datamin rules`, `datamin explain`): the
/// built-in ones and those of the config's `rule_dirs`, the config being `config`, or else the
/// nearest one above the current folder. Errors in the config and the rule files go to
/// `report` (a config that cannot be read adds no rules).
pub fn project_rules(config: Option<&Path>, report: &mut Report) -> RuleSet {
    let path = config
        .map(Path::to_path_buf)
        .or_else(|| Config::discover(Path::new(".")));
    let config = path.and_then(|p| read_config(&p, report));
    load_rules(config.as_ref(), report)
}

/// Whether `a` and `b` name one file (as paths, resolved against the working folder).
fn same_file(a: &Path, b: &Path) -> bool {
    let cwd = std::env::current_dir().ok();
    normal(a, cwd.as_deref()) == normal(b, cwd.as_deref())
}

/// Reads and parses the config file at `path`; `None`, the error in `report`, when it cannot.
fn read_config(path: &Path, report: &mut Report) -> Option<Config> {
    read_config_from(path, None, report)
}

/// [`read_config`], with the config's text given (`text`: standard input named as the
/// config) or read from `path`.
fn read_config_from(path: &Path, text: Option<&str>, report: &mut Report) -> Option<Config> {
    let text = match text {
        Some(t) => Ok(t.to_owned()),
        None => read_text(path, InputLimits::default().max_file_size),
    };
    match text {
        Ok(text) => {
            let id = push_file(report, SourceFile::new(path, text));
            match Config::parse(&report.files[id as usize], id) {
                Ok(c) => {
                    report.configs.push(id);
                    Some(c)
                }
                Err(errors) => {
                    let shown = display_path(path);
                    report
                        .errors
                        .extend(errors.into_iter().map(|e| e.with_path(&shown)));
                    None
                }
            }
        }
        Err(e) => {
            report.errors.push(e);
            None
        }
    }
}

/// Adds the rule of a rule file; `user`: of the config's `rule_dirs`, not built in.
fn add_rule_file(source: SourceFile, user: bool, set: &mut RuleSet, report: &mut Report) {
    let id = push_file(report, source);
    let rule = crate::syntax::yaml::parse(&report.files[id as usize].text, id, Limits::default())
        .and_then(|n| Rule::from_node(&n).map(|r| (r, n)))
        .and_then(|(rule, node)| {
            // The engine's own rules (suppressions, unused globs) are found by code, not by
            // conditions: a user's rule of that scope would never fire.
            if user && rule.scope == crate::rules::predicate::Scope::Engine {
                let span = node
                    .get("scope")
                    .map_or(Span::new(id, 0, 0), |e| e.value.span);
                let scopes: Vec<&str> = crate::rules::predicate::Scope::ALL
                    .iter()
                    .filter(|(_, s)| *s != crate::rules::predicate::Scope::Engine)
                    .map(|(n, _)| *n)
                    .collect();
                return Err(Error::at(
                    span,
                    "scope `engine` is for datamin's own rules, which no condition drives",
                )
                .with_help(format!(
                    "a rule file of `rule_dirs` takes one of: {}",
                    scopes.join(", ")
                )));
            }
            Ok((rule, node))
        });
    match rule {
        Ok((rule, node)) => {
            if let Some(prev) = set
                .rules
                .iter()
                .find(|r| r.id == rule.id || r.name == rule.name)
            {
                // At the value that clashes: the id, else the name.
                let key = if prev.id == rule.id { "id" } else { "name" };
                let span = node.get(key).map_or(Span::new(id, 0, 0), |e| e.value.span);
                report.errors.push(
                    Error::at(
                        span,
                        format!(
                            "rule `{} {}` clashes with `{} {}`",
                            rule.id, rule.name, prev.id, prev.name
                        ),
                    )
                    .with_help("rule ids and names must be unique"),
                );
            } else {
                set.rules.push(rule);
            }
        }
        Err(e) => report.errors.push(e),
    }
}

fn push_file(report: &mut Report, source: SourceFile) -> FileId {
    report.files.push(source);
    FileId::try_from(report.files.len() - 1).unwrap_or(FileId::MAX)
}

/// Reads a file as text (UTF-8, or UTF-16 or UTF-32 with a byte-order mark; see
/// [`crate::source::decode`]), refusing huge, binary and undecodable files.
fn read_text(path: &Path, max_size: u64) -> Result<String, Error> {
    read_limited(
        path,
        max_size,
        "raise `limits.max_file_size` in datamin.yaml if this file is really an input",
    )
}

/// [`read_text`], with `too_big_help` as the help of a file over `max_size`.
fn read_limited(path: &Path, max_size: u64, too_big_help: &str) -> Result<String, Error> {
    use std::io::Read as _;
    // The name is worked out only for an error; the size and kind come from the open file
    // (one path lookup a file, not two).
    let name = || display_path(path);
    let cannot = |e: std::io::Error| Error::file(name(), format!("cannot read: {}", io_reason(&e)));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if meta.is_dir() {
        return Err(Error::file(name(), "is a folder"));
    }
    // One help whether the size is known before reading or found while reading.
    let too_big = |message: String| Error::file(name(), message).with_help(too_big_help);
    if meta.len() > max_size {
        return Err(too_big(format!(
            "file is {} bytes, over the {max_size}-byte limit",
            meta.len()
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // A file that grew since it was measured, or reports no size (a device), is read no
    // further than one byte past the limit.
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > max_size {
        return Err(too_big(format!("file is over the {max_size}-byte limit")));
    }
    crate::source::decode(bytes, !crate::source::is_rust(path)).map_err(|m| Error::file(name(), m))
}

/// Why a file no format reads is skipped: one reason for an empty file however it was found
/// (walked, or named with `--ignore-unknown`).
fn unread_reason(text: &str, detected: &Detected) -> String {
    if text.trim().is_empty() {
        "empty file".to_string()
    } else {
        detected.reason()
    }
}

/// One loaded input file (with its companion file, if any).
struct Loaded {
    files: Vec<FileId>,
    model: Model,
    errors: Vec<Error>,
    /// Reported on (not just context).
    checked: bool,
    /// Named on the command line (not found by walking a folder).
    explicit: bool,
    /// Per file, what suppressions need of its syntax tree; None where the text holds no
    /// `datamin:` at all, so no suppression comment is there to read.
    shapes: Vec<(FileId, Option<crate::suppress::Shape>)>,
    /// The suppression comments of its files (checked files, when rules are given).
    scanned: Vec<crate::suppress::Scanned>,
    /// Only forms, checked and without errors: what checking it where it was loaded gave
    /// (its texts and model let go). None for every other file, and when no rules run.
    done: Option<Done>,
}

/// What checking a file of forms alone where it was loaded gave.
struct Done {
    findings: Vec<Finding>,
    pending: Vec<crate::rules::engine::Pending>,
    /// Its forms, all but what the cross-file checks need let go (as [`Model`]'s two lists).
    stubs: Vec<crate::model::FormStub>,
    file_named_stubs: Vec<crate::model::FormStub>,
}

/// What checking files of forms alone as they are loaded needs.
struct Now<'a> {
    prepared: &'a crate::rules::engine::Prepared<'a>,
    /// The retention policies read in the batches before.
    known: &'a [crate::model::RetentionPolicy],
}

thread_local! {
    /// Each thread's vocabulary matches, kept from file to file (and batch to batch): the
    /// labels of one run's forms recur. Emptied once every file is read (see [`load`]).
    static MATCHES: std::cell::RefCell<crate::rules::engine::Matches> =
        std::cell::RefCell::default();
    /// Each thread's findings' texts, one copy each (see [`Interner`]): shared where they are
    /// made, so that the copies let go are freed by the thread that allocated them.
    static TEXTS: std::cell::RefCell<Interner> = std::cell::RefCell::default();
}

/// Checks a file of forms alone on the thread that loaded it, while its model is at hand,
/// then lets go of its model but for its forms' stubs.
fn check_here(model: Model, config: &Config, now: &Now) -> Done {
    let vocab = Vocabulary::builtin();
    let mut findings = Vec::new();
    let mut pending = Vec::new();
    let mut run = |matches: &mut crate::rules::engine::Matches| {
        // Texts are matched as rules ask about them, then kept for the files to come.
        let engine = Engine::with_matches(&model, vocab, &config.thresholds, matches)
            .partial(now.known)
            .keeping();
        // The findings' texts are shared as they are made.
        TEXTS.with(|t| {
            let mut texts = t.try_borrow_mut().ok();
            engine.run_here(
                now.prepared,
                &mut findings,
                &mut pending,
                texts.as_deref_mut(),
            );
        });
        let learnt = engine.learnt();
        matches.keep(learnt);
    };
    MATCHES.with(|m| match m.try_borrow_mut() {
        Ok(mut m) => run(&mut m),
        // Never while this thread checks another file (nothing here yields to the pool);
        // were it so, a cache of its own does.
        Err(_) => run(&mut crate::rules::engine::Matches::default()),
    });
    // Sized exactly: a list held until its batch is merged.
    let named = model.forms.iter().filter(|f| f.id_from_file_name).count();
    let mut file_named_stubs = Vec::with_capacity(named);
    let mut stubs = Vec::with_capacity(model.forms.len() - named);
    for f in model.forms {
        if f.id_from_file_name {
            file_named_stubs.push(f.into());
        } else {
            stubs.push(f.into());
        }
    }
    Done {
        findings,
        pending,
        stubs,
        file_named_stubs,
    }
}

/// Runs a whole check.
///
/// Without `--config`, each path (and standard input, by its `--stdin-filename`) is checked
/// with the config found above it, and a folder walked into that holds a config of its own
/// is a project of its own,
/// checked with that config: each project is one run (its rules, limits, and its processors,
/// policies and form ids, which never meet another project's), and the reports are joined.
pub fn check(opts: &CheckOptions) -> Report {
    // The built-in vocabulary is made here, on the calling thread, before the pool starts:
    // made by the first form's check, its allocations shaped the heap of a pool thread in
    // the middle of its files (a vocabulary a few terms longer made the allocator free and
    // make fresh pages 5,000 more times over the 10,000-form corpus: 18 M instructions).
    Vocabulary::builtin();
    // Every parallel stage (loading, vocabulary matching, rules) runs on one pool of
    // `--threads` threads.
    on_pool(opts.threads, || {
        let (left_out, kept);
        let opts = if opts.force_exclude {
            (kept, left_out) = force_exclude(opts);
            if !left_out.is_empty() && kept.paths.is_empty() && kept.stdin.is_none() {
                // Every named file is excluded: nothing to check (not `.`, the default).
                let mut report = Report {
                    skipped: left_out,
                    ..Report::default()
                };
                report.sort();
                return report;
            }
            &kept
        } else {
            left_out = Vec::new();
            opts
        };
        let mut report = check_projects(opts);
        if !left_out.is_empty() {
            report.skipped.extend(left_out);
            report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
            report.skipped.dedup();
        }
        report
    })
}

/// [`check`] once the paths are known.
fn check_projects(opts: &CheckOptions) -> Report {
    if opts.config.is_some() {
        return check_on_pool(opts, false).0;
    }
    let paths = opts.paths_or_here();
    // The paths under each config. Projects run shallowest config first: a folder found
    // to be a project of its own while walking is found by a project above it, so it joins
    // its project's paths before that project runs (no file is checked twice, even when a
    // path named is inside it).
    let key = |config: Option<PathBuf>| config.map(|c| crate::discover::normalize(&c));
    let mut projects: Vec<Project> = Vec::new();
    // Standard input is in the project of its `--stdin-filename`, as a file of that path;
    // named as a config file, it is that project's config, on disk or not.
    if let Some(stdin) = &opts.stdin {
        let config = if crate::config::is_config_name(&stdin.path) {
            Some(stdin.path.clone())
        } else {
            Config::discover(&stdin.path)
        };
        Project::of(&mut projects, key(config)).stdin = true;
    }
    // Standard input named as a config is its folder's config, on disk or not, for the paths
    // named below that folder (an editor checking an unsaved config with the forms it
    // governs), but for those nearer a config of their own.
    let piped = (opts.stdin.as_ref())
        .filter(|s| crate::config::is_config_name(&s.path))
        .map(|s| crate::discover::normalize(&s.path));
    let config_of = |p: &Path| -> Option<PathBuf> {
        let own = Config::discover(p);
        let Some((piped, dir)) = piped.as_ref().and_then(|c| Some((c, c.parent()?))) else {
            return own;
        };
        let nearer = own.as_ref().is_some_and(|o| {
            crate::discover::normalize(o)
                .parent()
                .is_some_and(|f| f != dir && f.starts_with(dir))
        });
        if !nearer && crate::discover::normalize(p).starts_with(dir) {
            Some(piped.clone())
        } else {
            own
        }
    };
    for p in paths {
        Project::add(&mut projects, key(config_of(&p)), p);
    }
    let mut joined: Option<Report> = None;
    while let Some(next) = projects
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.done)
        .min_by_key(|(i, p)| (p.depth(), *i))
        .map(|(i, _)| i)
    {
        projects[next].done = true;
        let paths = std::mem::take(&mut projects[next].paths);
        let stdin = if projects[next].stdin {
            opts.stdin.clone()
        } else {
            None
        };
        let (report, nested) = check_on_pool(
            &CheckOptions {
                paths,
                stdin,
                ..opts.clone()
            },
            true,
        );
        // The walk found each one's config file: no need to look for it again.
        for (root, config_file) in nested {
            Project::add(&mut projects, key(Some(config_file)), root);
        }
        match &mut joined {
            None => joined = Some(report),
            Some(j) => j.absorb(report),
        }
    }
    let mut joined = joined.unwrap_or_default();
    // Each project's report is sorted; the joined one, once (sorting it after every
    // project made 2,000 projects take seconds).
    if projects.len() > 1 {
        joined.sort();
    }
    joined
}

/// `--force-exclude`: the options without the files named (and standard input's path) that
/// a config's `exclude` leaves out, and those files as skipped, each with the config that
/// excludes it. As a walk from the outermost project would: a file is excluded by its own
/// config's globs (`--config`, or the nearest config above it), or, without `--config`, when
/// a project above excludes the config file of the project just below it (a vendored
/// project stays out whole); an outer project's globs matching the file itself do not
/// count, as its walk never reaches into a project below. Folders named are walked as
/// always. A config that cannot be read excludes nothing here (its project, if it runs,
/// reports it).
fn force_exclude(opts: &CheckOptions) -> (CheckOptions, Vec<Skipped>) {
    let mut configs: std::collections::HashMap<PathBuf, Option<Config>> =
        std::collections::HashMap::new();
    let mut excluded_by = |file: &Path| -> Option<String> {
        // The configs from the file's own up.
        let mut chain: Vec<PathBuf> = Vec::new();
        match &opts.config {
            Some(c) => chain.push(c.clone()),
            None => {
                let mut next = Config::discover(file);
                while let Some(c) = next {
                    // The folder above the config's (`../datamin.yaml`'s parent is `..`);
                    // none above the root's (`/..` is `/`: its config again, for ever).
                    let in_root = crate::discover::normalize(&c)
                        .parent()
                        .and_then(Path::parent)
                        .is_none();
                    next = c
                        .parent()
                        .filter(|_| !in_root)
                        .and_then(|d| Config::discover(&d.join("..")));
                    chain.push(c);
                }
            }
        }
        for (k, path) in chain.iter().enumerate() {
            // Its errors are its project's to report, if that project runs.
            let config = configs
                .entry(path.clone())
                .or_insert_with(|| read_config(path, &mut Report::default()));
            let Some(config) = config else {
                continue;
            };
            // As a walk from above goes: the file's own project's globs decide about the
            // file; a project above decides only whether the next project down is walked
            // into, by its config file (a vendored project stays out whole).
            let tested = match k.checked_sub(1) {
                None => file,
                Some(below) => chain[below].as_path(),
            };
            let hit = config.exclude.is_match(&*config.relative(tested));
            if hit {
                return Some(format!("excluded by {}", display_path(path)));
            }
        }
        None
    };
    let mut skipped = Vec::new();
    // Whether `p` stays; if not, it is listed as skipped.
    let mut keep = |p: &Path| {
        // A uiSchema is read with its JSON Schema, as its form: it stays out when the schema
        // does, as when walking (excluding only the uiSchema leaves the pair in).
        let reason = match formats::main_path(p).filter(|m| m.is_file()) {
            Some(schema) => excluded_by(&schema).map(|r| format!("its JSON Schema is {r}")),
            None => excluded_by(p),
        };
        let Some(reason) = reason else {
            return true;
        };
        skipped.push(Skipped {
            path: display_path(p),
            reason,
            explicit: true,
        });
        false
    };
    let mut kept = opts.clone();
    kept.paths.retain(|p| !p.is_file() || keep(p));
    if opts.stdin.as_ref().is_some_and(|stdin| !keep(&stdin.path)) {
        kept.stdin = None;
    }
    (kept, skipped)
}

/// The paths checked with one config (see [`check`]).
struct Project {
    /// The config's path (normalized), or `None` for the defaults (no config found).
    config: Option<PathBuf>,
    paths: Vec<PathBuf>,
    /// Whether standard input is one of its files.
    stdin: bool,
    done: bool,
}

impl Project {
    /// Adds `path` to its config's project (see [`Project::of`]).
    fn add(projects: &mut Vec<Project>, config: Option<PathBuf>, path: PathBuf) {
        Project::of(projects, config).paths.push(path);
    }

    /// The project of a config, a new one if need be (or if that one has run: never,
    /// projects running shallowest first).
    fn of(projects: &mut Vec<Project>, config: Option<PathBuf>) -> &mut Project {
        let i = match projects.iter().position(|p| p.config == config && !p.done) {
            Some(i) => i,
            None => {
                projects.push(Project {
                    config,
                    paths: Vec::new(),
                    stdin: false,
                    done: false,
                });
                projects.len() - 1
            }
        };
        &mut projects[i]
    }

    /// How deep its config is (the defaults: above every config).
    fn depth(&self) -> usize {
        self.config.as_ref().map_or(0, |c| c.components().count())
    }
}

/// Runs `f` on a pool of `threads` threads (0: one per core).
pub fn on_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// One project's check; with `split`, also the folders found to be projects of their own,
/// each with its config file.
fn check_on_pool(opts: &CheckOptions, split: bool) -> (Report, Vec<(PathBuf, PathBuf)>) {
    let Inputs {
        mut report,
        config,
        rules,
        model,
        skip,
        early,
        nested,
    } = match load(opts, true, split) {
        Ok(inputs) => inputs,
        // Its config cannot be read: nothing of this project is checked, but the projects
        // below it, with configs of their own, still are.
        Err(report) => {
            let mut nested = Vec::new();
            if split {
                let defaults = Config::defaults(std::env::current_dir().unwrap_or_default());
                crate::discover::discover_projects(
                    &opts.paths_or_here(),
                    &defaults,
                    &mut Vec::new(),
                    Some(&mut nested),
                );
                nested.sort();
            }
            return (*report, nested);
        }
    };

    let baseline = match &opts.baseline {
        // A first run of `--baseline X --write-baseline X`: the baseline is missing because
        // this run creates it, so there is nothing to read yet.
        Some(p)
            if opts.write_baseline.as_ref().is_some_and(|w| {
                crate::discover::normalize(w) == crate::discover::normalize(p)
            }) && std::fs::symlink_metadata(p)
                .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
        {
            None
        }
        // datamin's own output, as large as the project's findings make it: not held to the
        // size limit of inputs.
        Some(p) => match read_limited(
            p,
            crate::baseline::MAX_FILE_SIZE.max(config.limits.max_file_size),
            &format!(
                "a baseline is read up to {} bytes, or `limits.max_file_size` in datamin.yaml if larger",
                crate::baseline::MAX_FILE_SIZE
            ),
        ) {
            Ok(text) => {
                let id = push_file(&mut report, SourceFile::new(p, text));
                match Baseline::parse(&report.files[id as usize], id) {
                    Ok(b) => Some(b),
                    // An input error (exit 2), and the files are still checked and reported,
                    // every finding counting: none is known to be in the baseline.
                    Err(e) => {
                        report.errors.push(e.with_path(&display_path(p)));
                        None
                    }
                }
            }
            Err(mut e) => {
                // Say which file it is: the baseline, not an input.
                e.message = match e.message.strip_prefix("cannot read") {
                    Some(rest) => format!("cannot read the baseline{rest}"),
                    None => format!("baseline: {}", e.message),
                };
                if e.help.is_none() {
                    e.help = Some(
                        "write one with `datamin check --write-baseline FILE`".to_string(),
                    );
                }
                report.errors.push(e);
                None
            }
        },
        None => None,
    };

    report.rules = rules
        .rules
        .iter()
        .map(|r| RuleMeta {
            id: r.id.clone(),
            name: r.name.clone(),
            default_severity: r.severity,
            summary: r.summary.clone(),
            explanation: r.explanation.clone(),
        })
        .collect();

    let vocab = Vocabulary::builtin();
    let mut matches = crate::rules::engine::Matches::default();
    matches.learn_forms(vocab, &model, &early.asked);
    let engine = Engine::with_matches(&model, vocab, &config.thresholds, &matches);
    let severity_of = |r: &Rule| effective(&config, opts, r);
    let (late, pending) = engine.run(&rules.rules, severity_of, |f| skip.contains(&f));
    // Findings of the files checked as they were read: those in files that turned out to
    // have errors (a duplicate form id, an unknown processor) go, and those that waited on
    // the policies stay if the policies answer as they assumed.
    let kept = |f: &Finding| !skip.contains(&f.span.file);
    // Gathered into the first batch's list, grown once to the final size, each other batch
    // let go as it is moved (a new list of all of them would hold every finding twice).
    // Findings about the config itself (unknown rules in `rules:`): like those about
    // suppressions, they cannot be suppressed, so they join after the suppressions ran.
    let about_config = config_findings(&config, opts, &rules);
    // Every form of the run is known by now (those checked as they were read, as stubs). Only
    // with `--report-unused` (or DM109 named): a run over some files only (pre-commit) would
    // make globs for the forms left out look unused. Not in a run with input errors either: a
    // file that could not be read may hold the forms a glob is meant for; nor with a malformed
    // suppression comment (an error once the suppressions run), which may be meant for a glob.
    let judge_globs = reports_unused(opts, &rules, UNUSED_POLICY_GLOB)
        && report.errors.is_empty()
        && !early
            .scanned
            .iter()
            .any(crate::suppress::Scanned::has_errors);
    let unused_globs = match rules.find(UNUSED_POLICY_GLOB) {
        Some(rule) if judge_globs => match severity_of(rule) {
            Some(severity) => {
                crate::rules::engine::unused_policy_globs(&model, rule, severity, |f| {
                    !skip.contains(&f)
                })
            }
            // Turned off by the config: its suppressions are judged (and unused), as those
            // of any rule the config turns off.
            None => Some(Vec::new()),
        },
        _ => None,
    };
    // A run that judged no glob (DM109 not asked for, input errors, no form read) cannot
    // tell whether a suppression of DM109 is used; nor can a run whether one of a rule the
    // command line left out is.
    let globs_judged = unused_globs.is_some();
    let judged = |r: &Rule| {
        !opts.selection.leaves_out(r, asked(opts, r))
            && (globs_judged || r.id != UNUSED_POLICY_GLOB)
    };
    let unused_globs = unused_globs.unwrap_or_default();
    let holds = |p: &crate::rules::engine::Pending| kept(&p.finding) && p.holds(&model.policies);
    let (mut pending, mut early_pending) = (pending, early.pending);
    pending.retain(holds);
    early_pending.retain(holds);
    let rest = early.findings.iter().skip(1).map(Vec::len).sum::<usize>()
        + late.len()
        + pending.len()
        + early_pending.len()
        + unused_globs.len()
        + about_config.len();
    let mut batches = early.findings.into_iter();
    let mut findings = batches.next().unwrap_or_default();
    findings.retain(kept);
    findings.reserve_exact(rest);
    for batch in batches {
        findings.extend(batch.into_iter().filter(kept));
    }
    findings.extend(late);
    findings.extend(pending.into_iter().chain(early_pending).map(|p| p.finding));
    // Before the suppressions: a glob kept on purpose (its forms are yet to come) can say so.
    findings.extend(unused_globs);

    let checked: Vec<FileId> = report
        .inputs
        .iter()
        .filter(|f| !skip.contains(f))
        .copied()
        .collect();
    let mut outcome = crate::suppress::apply(
        &crate::suppress::Input {
            files: &report.files,
            rules: &rules,
            config: &config,
            report_unused: reports_unused(opts, &rules, UNUSED_SUPPRESSION),
            judged: &judged,
            checked: &checked,
            walked: walked_whole(opts, &config),
        },
        early.scanned,
        findings,
        |r| effective(&config, opts, r),
    );
    outcome.findings.extend(about_config);
    report.suppressed = outcome.suppressed;
    report.errors.extend(outcome.errors);
    report.findings = match &baseline {
        Some(b) => {
            let (kept, listed) = b.filter(&report.files, outcome.findings);
            report.baselined = listed;
            kept
        }
        None => outcome.findings,
    };
    report.sort();
    (report, nested)
}

/// What the files checked as they were read gave (see [`load`]).
#[derive(Default)]
pub(crate) struct Early {
    /// Per batch.
    findings: Vec<Vec<Finding>>,
    /// Findings that depend on the run's retention policies, not all known when found.
    pending: Vec<crate::rules::engine::Pending>,
    /// Suppression comments of every checked file.
    pub(crate) scanned: Vec<crate::suppress::Scanned>,
    /// The texts the rules that run ask the vocabulary about, worked out once per run.
    asked: Asked,
}

/// What the loading stages give the commands that share them (`check`, `audit`).
pub(crate) struct Inputs {
    /// Files read so far and their errors.
    pub report: Report,
    pub config: Config,
    /// The rules (when loaded to check).
    pub rules: RuleSet,
    /// Everything not checked as it was read: forms whose files also hold other things,
    /// joined exports, policies, processors, and stubs of the forms checked early.
    pub model: Model,
    /// Files with input errors, or loaded only as context: not reported on.
    pub skip: HashSet<FileId>,
    /// What checking files as they were read gave, and their suppression comments (when
    /// loaded to check).
    pub early: Early,
    /// Folders walked into that hold a config of their own, with that file: projects of
    /// their own, not walked (only when asked to split projects).
    pub nested: Vec<(PathBuf, PathBuf)>,
}

/// Files loaded at a time: each batch is read in parallel, its files of forms alone checked
/// and let go as they are read, so memory does not grow with the number of files.
const BATCH: usize = 256;

/// Config → (rules) → discover → load → join → resolve. `Err` when the config itself cannot
/// be read (the report says why): nothing else can run without it.
///
/// With `check`, files holding only forms are checked where they are loaded (their findings
/// in [`Inputs::early`]), and only their forms' ids and processors are kept; every
/// other file (policies, processors, exports, Rust) is kept whole and checked at the end.
pub(crate) fn load(opts: &CheckOptions, check: bool, split: bool) -> Result<Inputs, Box<Report>> {
    let mut report = Report::default();
    let paths = opts.paths_or_here();
    let start = paths
        .first()
        .or(opts.stdin.as_ref().map(|s| &s.path))
        .cloned()
        .unwrap_or_default();

    // Config. Standard input named as a config file (an editor checking the config it
    // edits) is its project's config, in place of the copy on disk.
    let stdin_config = opts
        .stdin
        .as_ref()
        .filter(|s| crate::config::is_config_name(&s.path));
    let config_path = opts
        .config
        .clone()
        .or_else(|| stdin_config.map(|s| s.path.clone()))
        .or_else(|| Config::discover(&start));
    // Named as a config that `--config` overrides, the text would be read by no one.
    if let (Some(c), Some(s)) = (&opts.config, stdin_config) {
        if !same_file(c, &s.path) {
            report.errors.push(
                Error::file(
                    display_path(&s.path),
                    format!(
                        "standard input is named as a config file, `{}`, but `--config` names `{}`",
                        display_path(&s.path),
                        display_path(c)
                    ),
                )
                .with_help("drop `--config`, or name standard input as the file it stands for"),
            );
            return Err(Box::new(report));
        }
    }
    let config = match config_path {
        Some(p) => match read_config_from(
            &p,
            stdin_config
                .filter(|s| same_file(&s.path, &p))
                .map(|s| s.text.as_str()),
            &mut report,
        ) {
            Some(c) => c,
            None => return Err(Box::new(report)),
        },
        None => Config::defaults(std::env::current_dir().unwrap_or_default()),
    };
    // The rules (and the vocabulary they match against) are read while the folders are
    // walked: neither needs the other, and each runs on one thread.
    let mut walk_errors = Vec::new();
    let mut nested = Vec::new();
    let (rules, candidates) = rayon::join(
        || {
            if check {
                let rules = load_rules(Some(&config), &mut report);
                Vocabulary::builtin();
                rules
            } else {
                RuleSet::default()
            }
        },
        || {
            crate::discover::discover_projects(
                &paths,
                &config,
                &mut walk_errors,
                split.then_some(&mut nested),
            )
        },
    );
    report.errors.append(&mut walk_errors);
    let mut candidates = candidates;
    skip_baselines(&mut candidates, opts);
    skip_rule_files(&mut candidates, &config, &mut report.skipped);

    // Pair companion files with their main file, and load.
    let mut jobs = plan(
        candidates,
        &paths,
        opts.stdin.as_ref(),
        &config.context,
        &mut report,
    );
    for j in &mut jobs {
        j.ignore_unknown = j.checked && opts.ignore_unknown;
    }
    let mut rust = formats::rust::Sources::default();
    let mut early = Early {
        asked: rules_ask(&rules.rules, |r| effective(&config, opts, r)),
        ..Early::default()
    };
    let (mut stubs, mut file_named_stubs) = (Vec::new(), Vec::new());
    // The retention policies read so far (each also in its file's model, kept to the end).
    let mut known: Vec<crate::model::RetentionPolicy> = Vec::new();
    let mut next = report.files.len();
    let ids: Vec<FileId> = jobs
        .iter()
        .map(|j| {
            let id = FileId::try_from(next).unwrap_or(FileId::MAX);
            next += j.file_count();
            id
        })
        .collect();
    // Files read only as context (`context:` in datamin.yaml): their errors are not reported.
    let context_files: HashSet<FileId> = jobs
        .iter()
        .zip(&ids)
        .filter(|(j, _)| !j.checked)
        .flat_map(|(j, &id)| (0..j.file_count()).map(move |i| id.saturating_add(i as FileId)))
        .collect();
    let mut loaded = Vec::new();
    let scan = check.then_some(&rules);
    let early_checks = check && !opts.whole;
    report
        .files
        .reserve_exact(next.saturating_sub(report.files.len()));
    // The rules that run on the files of forms alone checked as they are loaded, which
    // assume what the policies not read yet do not say.
    let prepared =
        crate::rules::engine::Prepared::new(&rules.rules, |r| effective(&config, opts, r), true);
    // Batches are taken off the end of the reversed list, so each batch's jobs go with it.
    // While one batch is read, what the one before gave is added to the run's (on one
    // thread: the files' ids, errors and findings, in order).
    // The files that could not be read (by index in `report.files`): what a Rust one among
    // them declares is not known.
    let mut unreadable: HashSet<usize> = HashSet::new();
    let mut todo: Vec<(Job, FileId)> = jobs.into_iter().zip(ids).rev().collect();
    let mut read: Option<Vec<Outcome>> = None;
    while !todo.is_empty() || read.is_some() {
        let batch: Vec<(Job, FileId)> = todo
            .drain(todo.len().saturating_sub(BATCH)..)
            .rev()
            .collect();
        if todo.len() < todo.capacity() / 4 {
            todo.shrink_to_fit();
        }
        let now = early_checks.then_some(Now {
            prepared: &prepared,
            known: &known,
        });
        let before = read.take();
        let (outcomes, policies) = rayon::join(
            || {
                (!batch.is_empty())
                    .then(|| read_batch(&batch, opts.threads, &config, (scan, now.as_ref())))
            },
            || {
                let before = before?;
                let batch = merge_batch(before, &mut report, &mut rust, &mut unreadable);
                if !check {
                    loaded.extend(batch);
                    return None;
                }
                // Findings that wait on the policies (most of which the policies will drop)
                // share their texts only among themselves, so that the run's texts do not
                // keep theirs.
                let mut waiting = Interner::default();
                // Sized exactly: every batch's list is held to the end.
                let mut found = Vec::with_capacity(
                    batch
                        .iter()
                        .filter_map(|l| l.done.as_ref())
                        .map(|d| d.findings.len())
                        .sum(),
                );
                let mut policies = Vec::new();
                for mut l in batch {
                    let Some(done) = l.done.take() else {
                        policies.extend(l.model.policies.iter().cloned());
                        loaded.push(l);
                        continue;
                    };
                    report.inputs.extend(&l.files);
                    early.scanned.extend(l.scanned);
                    found.extend(done.findings);
                    for mut p in done.pending {
                        waiting.finding(&mut p.finding);
                        early.pending.push(p);
                    }
                    stubs.extend(done.stubs);
                    file_named_stubs.extend(done.file_named_stubs);
                }
                early.findings.push(found);
                Some(policies)
            },
        );
        drop(batch);
        read = outcomes;
        // Every policy read joins the run's: findings that assumed one of its questions
        // unanswered can go now, and the next batches need not assume it.
        if let Some(policies) = policies.filter(|p| !p.is_empty()) {
            known.extend(policies);
            early.pending.retain(|p| !p.contradicted(&known));
        }
    }
    // Every file is read: the threads' caches and shared texts go (the findings keep the
    // texts they share), so that nothing stays behind on a pool that outlives the run
    // (rayon's global one, when a pool of the run's own could not be made).
    if early_checks {
        rayon::broadcast(|_| {
            MATCHES.with(|m| {
                if let Ok(mut m) = m.try_borrow_mut() {
                    *m = crate::rules::engine::Matches::default();
                }
            });
            TEXTS.with(|t| {
                if let Ok(mut t) = t.try_borrow_mut() {
                    *t = Interner::default();
                }
            });
        });
    }
    // Rust forms are built once every file is read: their field types may be defined anywhere,
    // and a file may be test-only by another's `#[cfg(test)] mod tests;`.
    // Module files are known by the paths the run's files are known by, whatever the
    // spelling on the command line or in `context:`.
    let cwd = std::env::current_dir().ok();
    let rust = {
        let cwd = cwd.as_deref();
        // The Rust files read (not those that could not be), made only when a module file
        // would be test-only.
        let read: std::cell::OnceCell<HashSet<PathBuf>> = std::cell::OnceCell::new();
        let unread_file = |p: &Path| {
            p.is_file()
                && !read
                    .get_or_init(|| {
                        (report.files.iter().enumerate())
                            .filter(|(k, _)| !unreadable.contains(k))
                            .map(|(_, f)| f)
                            .filter(|f| formats::rust::is_rust(&f.path))
                            .map(|f| normal(&f.path, cwd))
                            .collect()
                    })
                    .contains(&normal(p, cwd))
        };
        let unread = |p: &Path| {
            if !p.is_dir() {
                return unread_file(p);
            }
            std::fs::read_dir(p)
                .into_iter()
                .flatten()
                .flatten()
                .any(|e| {
                    let p = e.path();
                    formats::rust::is_rust(&p) && unread_file(&p)
                })
        };
        rust.finish(
            &config.rust,
            config.limits.max_fields,
            |p| normal(p, cwd),
            unread,
        )
    };
    // A test-only file is not checked: one named is listed as skipped, and why (one found by
    // walking a folder is not, as a file without `Deserialize` is not).
    let unit_of: std::collections::HashMap<FileId, usize> = if rust.test_only.is_empty() {
        std::collections::HashMap::new()
    } else {
        (loaded.iter().enumerate())
            .flat_map(|(i, l)| l.files.iter().map(move |&f| (f, i)))
            .collect()
    };
    for (file, why) in &rust.test_only {
        // Files without `Deserialize` have no unit: they were never counted.
        let Some(l) = unit_of.get(file).and_then(|&i| loaded.get(i)) else {
            continue;
        };
        if !l.checked {
            continue;
        }
        report.checked = report.checked.saturating_sub(1);
        if l.explicit {
            let name = |f: FileId| report.files.get(f as usize).map(|s| s.name.clone());
            report.skipped.push(Skipped {
                path: name(*file).unwrap_or_default(),
                reason: test_only_reason(why, name),
                explicit: true,
            });
        }
    }
    for (file, model, errors) in rust.forms {
        if let Some(l) = loaded.iter_mut().find(|l| l.files.contains(&file)) {
            l.errors.extend(errors);
            l.errors
                .extend(too_many_fields(&model.forms, config.limits.max_fields));
            l.model.extend(model);
        }
    }

    let mut model = Model {
        stubs,
        file_named_stubs,
        ..Model::default()
    };
    let mut skip: HashSet<FileId> = HashSet::new();
    // A test-only file is not checked: its suppressions are neither applied nor judged (no
    // DM901, DM902 or DM903 in it), and `ignore:` entries about it alone are not judged
    // either. Its malformed suppression comments are errors, as its syntax errors are.
    let test_only: HashSet<FileId> = rust.test_only.iter().map(|(f, _)| *f).collect();
    for l in loaded {
        let checked = l.checked && !l.files.iter().any(|f| test_only.contains(f));
        if !l.errors.is_empty() || !checked {
            skip.extend(&l.files);
        }
        if checked {
            report.inputs.extend(&l.files);
            early.scanned.extend(l.scanned);
        } else if l.checked {
            let errors = l
                .scanned
                .into_iter()
                .map(crate::suppress::Scanned::errors_only);
            early.scanned.extend(errors.filter(|s| !s.is_empty()));
        }
        if l.checked || !l.errors.is_empty() {
            report.errors.extend(l.errors);
        }
        model.extend(l.model);
    }
    report.inputs.sort_unstable();
    // Help-desk exports in several files (fields, forms) become forms only now.
    let joined_from = model.forms.len();
    let mut resolve_errors = model.join(|f| {
        report.files.get(f as usize).map_or_else(String::new, |s| {
            s.path
                .file_stem()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        })
    });
    resolve_errors.extend(too_many_fields(
        &model.forms[joined_from..],
        config.limits.max_fields,
    ));
    resolve_errors.extend(resolve(&model, &context_files, |s| {
        report
            .files
            .get(s.file as usize)
            .map_or_else(String::new, |f| {
                let (line, column) = f.line_col(s.start as usize);
                format!("{}:{line}:{column}", f.name)
            })
    }));
    for e in &resolve_errors {
        if let Some(s) = e.span {
            skip.insert(s.file);
        }
    }
    report.errors.extend(
        resolve_errors
            .into_iter()
            .filter(|e| e.span.is_none_or(|s| !context_files.contains(&s.file))),
    );
    nested.sort();
    Ok(Inputs {
        report,
        config,
        rules,
        model,
        skip,
        early,
        nested,
    })
}

/// Whether a file of `rule_dirs` is a rule file: `.yaml` or `.yml`, in any case (as the
/// default `include` finds them).
fn yaml_name(p: &Path) -> bool {
    p.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Leaves out the rule files of the config's `rule_dirs`, read as the project's rules (their
/// errors reported there), as its config file is: found by walking, without a word; named
/// (pre-commit names every changed file), listed as skipped, with why.
fn skip_rule_files(candidates: &mut Vec<Candidate>, config: &Config, skipped: &mut Vec<Skipped>) {
    if config.rule_dirs.is_empty() {
        return;
    }
    let cwd = std::env::current_dir().ok();
    // Only folders: an entry that names a file is an error (`load_rules`), and no rule is
    // read from it, so the file stays an input.
    let dirs: Vec<PathBuf> = (config.rule_dirs.iter())
        .filter(|d| d.path.is_dir())
        .map(|d| normal(&d.path, cwd.as_deref()))
        .collect();
    candidates.retain(|c| {
        if !yaml_name(&c.path) {
            return true;
        }
        let path = normal(&c.path, cwd.as_deref());
        if !dirs.iter().any(|d| path.starts_with(d)) {
            return true;
        }
        if c.explicit {
            skipped.push(Skipped {
                path: crate::source::display_path(&c.path),
                reason: "a rule file of `rule_dirs` (read as the project's rules)".to_string(),
                explicit: true,
            });
        }
        false
    });
}

/// Leaves out of walked files the baseline read or written: datamin's own output, as large as
/// the project's findings make it, and no input (named, it is checked as any file is).
fn skip_baselines(candidates: &mut Vec<Candidate>, opts: &CheckOptions) {
    let own: Vec<PathBuf> = [&opts.baseline, &opts.write_baseline]
        .into_iter()
        .flatten()
        .map(|p| crate::discover::normalize(p))
        .collect();
    if own.is_empty() {
        return;
    }
    candidates.retain(|c| {
        c.explicit
            || !own.iter().any(|o| {
                // Names compared first: one path made absolute per file of that name only.
                o.file_name() == c.path.file_name() && *o == crate::discover::normalize(&c.path)
            })
    });
}

/// What suppressions need of a YAML or JSON tree: the byte ranges of strings (keys included)
/// that contain the comment `marker` (`#`, or `//` in JSON: there it is text), and of every
/// mapping entry and list item (what a comment above one covers).
pub(crate) fn shape(text: &str, node: &Node, openers: &[&str], out: &mut crate::suppress::Shape) {
    let opens = |s: &str| openers.iter().any(|m| s.contains(m));
    // A block scalar's span runs on to the next token: stop at its last character.
    let block = |start: usize, end: usize| {
        let end = text
            .get(start..end)
            .map_or(end, |t| start + t.trim_end().len());
        start..end.max(start)
    };
    match &node.kind {
        NodeKind::Str(s) if opens(s) => {
            let mut range = node.span.range();
            // A block scalar's text starts on the line after its header (`|`, `>`), where a
            // comment is a comment.
            if matches!(text.as_bytes().get(range.start), Some(b'|' | b'>')) {
                let header = text.get(range.clone()).and_then(|t| t.find('\n'));
                range.start = header.map_or(range.end, |n| range.start + n + 1);
            }
            out.strings.push(range);
        }
        NodeKind::Seq(items) => {
            for n in items {
                out.blocks
                    .push(block(n.span.start as usize, n.span.end as usize));
                shape(text, n, openers, out);
            }
        }
        NodeKind::Map(entries) => {
            for e in entries {
                if opens(&e.key.value) {
                    out.strings.push(e.key.span.range());
                }
                out.blocks.push(block(
                    e.key.span.start as usize,
                    e.value.span.end.max(e.key.span.end) as usize,
                ));
                shape(text, &e.value, openers, out);
            }
        }
        _ => {}
    }
}

/// `p` made absolute as [`std::path::absolute`] makes it (and `..` resolved), with the working folder asked
/// once per run (`cwd`) instead of once per path: planning 10,000 relative paths made
/// 10,000 `getcwd` calls. Without a working folder, `p` as it is.
fn normal(p: &Path, cwd: Option<&Path>) -> PathBuf {
    // A path with no `.` component, repeated or trailing separator is its own components:
    // joined as it is, in one allocation (rebuilding it a component at a time cost as much
    // as the rest of planning).
    let bytes = p.as_os_str().as_encoded_bytes();
    let plain = !bytes.is_empty()
        && !bytes.ends_with(b"/")
        && !bytes.ends_with(b"/.")
        && bytes != b"."
        && !bytes.starts_with(b"./")
        && memchr::memmem::find(bytes, b"//").is_none()
        && memchr::memmem::find(bytes, b"/./").is_none()
        && memchr::memmem::find(bytes, b"..").is_none();
    // `a/../a/f.yaml` is `a/f.yaml` (as the OS goes: up from where a symbolic link leads).
    let up = || p.components().any(|c| c == std::path::Component::ParentDir);
    if p.is_absolute() {
        if plain {
            return p.to_path_buf();
        }
        if up() {
            return crate::discover::normalize(p);
        }
        return std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    }
    let Some(cwd) = cwd.filter(|_| !bytes.is_empty()) else {
        return p.to_path_buf();
    };
    if plain {
        let mut out = PathBuf::with_capacity(cwd.as_os_str().len() + 1 + bytes.len());
        out.push(cwd);
        out.push(p);
        return out;
    }
    // std's own steps for a relative path, from the folder found once.
    let mut out = cwd.to_path_buf();
    out.extend(p.strip_prefix(".").unwrap_or(p).components());
    if up() {
        return crate::discover::normalize(&out);
    }
    if bytes.ends_with(b"/") {
        out.push("");
    }
    out
}

/// The rule that reports unused suppressions.
const UNUSED_SUPPRESSION: &str = "DM903";
/// The rule that reports policy globs that match no form.
const UNUSED_POLICY_GLOB: &str = "DM109";

/// A rule's severity in this run (`None`: it does not run): the config's level, as the
/// command line's `--select` and `--ignore` leave it.
fn effective(config: &Config, opts: &CheckOptions, rule: &Rule) -> Option<Severity> {
    let level = config.level_of(&rule.id, &rule.name);
    opts.selection.severity(rule, level, asked(opts, rule))
}

/// Whether the run asks for `rule` whatever `--select` says: `--report-unused` asks for the
/// rules that report what is unused.
fn asked(opts: &CheckOptions, rule: &Rule) -> bool {
    opts.report_unused && [UNUSED_SUPPRESSION, UNUSED_POLICY_GLOB].contains(&rule.id.as_str())
}

/// Whether the rule `id` that reports something unused (DM903 suppressions, DM109 policy
/// globs) runs: `--report-unused`, or `--select` naming it by id or name (as ruff reports
/// unused `noqa` when RUF100 is selected). Not by a prefix: `--select DM1` in a pre-commit
/// hook, which names the changed files only, would make every glob of the forms left out
/// look unused.
fn reports_unused(opts: &CheckOptions, rules: &RuleSet, id: &str) -> bool {
    opts.report_unused || rules.find(id).is_some_and(|r| opts.selection.names(r))
}

/// The values of `--select` and `--ignore` that name no rule of the run: none of `report`'s,
/// the rules of every project checked (the built-in ones and each project's `rule_dirs`).
/// A rule of some projects only is known. When no project's rules were read (every file
/// named was left out by `--force-exclude`, or the config could not be read), no rule ran,
/// so no value is judged: one of them may name a rule of the config not read.
pub fn unknown_rules(selection: &Selection, report: &Report) -> Vec<Unknown> {
    if report.rules.is_empty() {
        return Vec::new();
    }
    let known: Vec<(&str, &str)> = report
        .rules
        .iter()
        .map(|r| (r.id.as_str(), r.name.as_str()))
        .collect();
    selection.unknown(&known)
}

/// Findings of the engine's own rules about the config: unknown rule ids.
fn config_findings(config: &Config, opts: &CheckOptions, rules: &RuleSet) -> Vec<Finding> {
    let Some(meta) = rules.find("DM901") else {
        return Vec::new();
    };
    let Some(severity) = effective(config, opts, meta) else {
        return Vec::new();
    };
    config
        .rules
        .iter()
        .filter(|(k, _)| rules.find(&k.value).is_none())
        .map(|(k, _)| {
            let names = rules
                .rules
                .iter()
                .flat_map(|r| [r.id.as_str(), r.name.as_str()]);
            let vars = [("rule", k.value.clone()), ("entry", "config".to_string())];
            let mut help = crate::rules::engine::fill(&meta.help, &vars);
            if let Some(s) = suggestion(&k.value, names) {
                help = format!("{s} {help}");
            }
            Finding {
                rule_id: meta.id.as_str().into(),
                rule_name: meta.name.as_str().into(),
                severity,
                message: crate::rules::engine::fill(&meta.message, &vars).into(),
                help: help.into(),
                span: k.span,
                identity: format!("config.rules.{}", k.value).into(),
                category: None,
            }
        })
        .collect()
}

/// A file to load, with the companion file read as part of it (a JSON Schema's uiSchema).
struct Job {
    candidate: Candidate,
    companion: Option<PathBuf>,
    /// Reported on (not just context).
    checked: bool,
    /// Skipped, not an error, when named but not in a known format (`--ignore-unknown`).
    ignore_unknown: bool,
    /// The text, when it does not come from the file (standard input).
    text: Option<String>,
    /// The companion's text, when it does not come from the file (standard input).
    companion_text: Option<String>,
}

impl Job {
    fn file_count(&self) -> usize {
        1 + usize::from(self.companion.is_some())
    }
}

/// Turns the files found into jobs: a companion file (`X.uischema.json`) is read with its
/// main file (`X.schema.json`), never alone, and its main file is read even when only the
/// companion was named or found. Standard input comes first, named, and stands for its path
/// (main file or companion): the copy on disk is not read. Context files are added,
/// unchecked, unless already there. A file found under two paths (`roots`, the paths named,
/// reached through a symbolic link) is read once, under the first.
fn plan(
    mut candidates: Vec<Candidate>,
    roots: &[PathBuf],
    stdin: Option<&Stdin>,
    context: &[crate::config::ConfigPath],
    report: &mut Report,
) -> Vec<Job> {
    let cwd = std::env::current_dir().ok();
    let cwd = cwd.as_deref();
    let normal = |p: &Path| normal(p, cwd);
    let stdin_path = stdin.map(|s| normal(&s.path));
    if let Some(stdin) = stdin {
        candidates.retain(|c| Some(normal(&c.path)) != stdin_path);
        candidates.insert(
            0,
            Candidate {
                path: stdin.path.clone(),
                explicit: true,
            },
        );
    }
    let is_stdin = |p: &Path| stdin_path.is_some() && Some(normal(p)) == stdin_path;
    let mut jobs: Vec<Job> = Vec::with_capacity(candidates.len() + context.len() + 1);
    // FxHash: SipHash over 10,000 paths was a fifth of planning (nothing here is
    // attacker-chosen beyond the paths a run is given).
    let mut index: rustc_hash::FxHashMap<PathBuf, usize> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(
            candidates.len() + context.len() + 1,
            rustc_hash::FxBuildHasher,
        );
    let add = |jobs: &mut Vec<Job>,
               index: &mut rustc_hash::FxHashMap<PathBuf, usize>,
               c: Candidate,
               key: PathBuf,
               checked: bool| match index.get(&key) {
        Some(&i) => {
            jobs[i].candidate.explicit |= c.explicit;
            jobs[i].checked |= checked;
        }
        None => {
            index.insert(key, jobs.len());
            jobs.push(Job {
                candidate: c,
                companion: None,
                checked,
                ignore_unknown: false,
                text: None,
                companion_text: None,
            });
        }
    };
    // The file each candidate stands for (a uiSchema for its JSON Schema, when that exists)
    // and its normalized path, worked out in parallel: a stat per uiSchema, a path each; and
    // whether it is a uiSchema found by walking that stands for its schema.
    let resolved: Vec<(Candidate, Result<PathBuf, PathBuf>, bool)> = {
        use rayon::prelude::*;
        candidates
            .into_par_iter()
            .map(|c| match formats::main_path(&c.path) {
                None => {
                    let key = normal(&c.path);
                    (c, Ok(key), false)
                }
                Some(main) if main.is_file() => {
                    let key = normal(&main);
                    let walked = !c.explicit;
                    let c = Candidate {
                        path: main,
                        explicit: c.explicit,
                    };
                    (c, Ok(key), walked)
                }
                Some(main) => (c, Err(main), false),
            })
            .collect()
    };
    // A uiSchema found by walking whose schema the walk left out (the schema beside it is
    // walked too, unless `exclude`, `include` or `.gitignore` leaves it out) is left out with
    // it: the pair is the schema's form. Named files are checked whatever the globs say.
    let left_out: Vec<bool> = if resolved.iter().any(|r| r.2) {
        let run: rustc_hash::FxHashSet<&Path> = resolved
            .iter()
            .filter(|r| !r.2)
            .filter_map(|r| r.1.as_ref().ok().map(PathBuf::as_path))
            .collect();
        resolved
            .iter()
            .map(|r| r.2 && r.1.as_ref().is_ok_and(|key| !run.contains(key.as_path())))
            .collect()
    } else {
        Vec::new()
    };
    for (i, (c, key, _)) in resolved.into_iter().enumerate() {
        if left_out.get(i).copied().unwrap_or(false) {
            continue;
        }
        let main = match key {
            Ok(key) => {
                add(&mut jobs, &mut index, c, key, true);
                continue;
            }
            Err(main) => main,
        };
        let name = display_path(&c.path);
        let main_name = main
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let reason = format!("a uiSchema with no `{main_name}` beside it");
        if c.explicit {
            report.errors.push(Error::file(name, reason).with_help(
                "a uiSchema is read with the JSON Schema of the same name: `X.uischema.json` with `X.schema.json`",
            ));
        } else {
            report.skipped.push(Skipped {
                path: name,
                reason,
                explicit: false,
            });
        }
    }
    for entry in context {
        // A file that cannot be opened, or a folder, is the config's error, at the value
        // that names it (one stat a context file, not a read).
        match std::fs::metadata(&entry.path) {
            Err(e) => {
                report.errors.push(entry.unreadable("context", "file", &e));
                continue;
            }
            Ok(m) if m.is_dir() => {
                report
                    .errors
                    .push(entry.cannot_read("context", "file", "is a folder"));
                continue;
            }
            Ok(_) => {}
        }
        // A uiSchema stands for its JSON Schema (read with it, as a candidate is).
        let p = match formats::main_path(&entry.path) {
            Some(main) if main.is_file() => main,
            _ => entry.path.clone(),
        };
        // Named without the way through the config's folder (`team/../shared/r.yaml` is
        // `shared/r.yaml`): as a walk names it, so that a file another project checks is
        // shown, and its errors reported, once.
        let p = if p.components().any(|c| {
            matches!(
                c,
                std::path::Component::ParentDir | std::path::Component::CurDir
            )
        }) {
            // Relative to here where it was (shown so: under the current folder), else
            // absolute.
            if p.is_relative() || cwd.is_some_and(|h| p.starts_with(h)) {
                crate::discover::relative(Path::new("."), &p).into_owned()
            } else {
                crate::discover::normalize(&p)
            }
        } else {
            p
        };
        let key = normal(&p);
        // A file also named is read as named (reported on), not as context.
        if !index.contains_key(&key) {
            add(
                &mut jobs,
                &mut index,
                Candidate {
                    path: p,
                    explicit: true,
                },
                key,
                false,
            );
        }
    }
    // The same file under two paths (`linkdir/a.yaml` and `linkfile.yaml`, both leading to
    // `real/a.yaml`) is one file, read once, under the first path, else its forms would
    // clash with themselves. A walk follows no links, so only a path named, a context file
    // or standard input's path through a link can lead to a file found under another: the
    // files are compared (a stat each) only then.
    let through_link = |p: &Path| std::fs::canonicalize(p).is_ok_and(|real| real != normal(p));
    if jobs.len() > 1
        && (roots.iter().any(|p| through_link(p))
            || context.iter().any(|c| through_link(&c.path))
            || stdin.is_some_and(|s| through_link(&s.path)))
    {
        once_per_file(&mut jobs);
    }
    // Whether each JSON Schema has a uiSchema beside it. Most have none: a listing of each
    // folder answers that without a stat per file; a name the listing may hold is still
    // stat'ed (made in parallel), so symbolic links and unlisted folders count as before.
    {
        use rayon::prelude::*;
        let wanted: Vec<Option<PathBuf>> = jobs
            .par_iter()
            .map(|j| formats::companion_path(&j.candidate.path))
            .collect();
        let mut folders = Folders::new(".uischema.json");
        let maybe: Vec<Option<PathBuf>> = wanted
            .into_iter()
            .map(|c| c.filter(|p| is_stdin(p) || folders.may_hold(p)))
            .collect();
        jobs.par_iter_mut().zip(maybe).for_each(|(j, p)| {
            j.companion = p.filter(|p| is_stdin(p) || p.is_file());
        });
    }
    let stdin_text = || stdin.map(|s| s.text.clone());
    for j in &mut jobs {
        if is_stdin(&j.candidate.path) {
            j.text = stdin_text();
        }
        if j.companion.as_deref().is_some_and(is_stdin) {
            j.companion_text = stdin_text();
        }
    }
    jobs
}

/// What tells a file from another whatever path leads to it: its device and inode.
#[cfg(unix)]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// What tells a file from another whatever path leads to it: its canonical path.
#[cfg(not(unix))]
fn file_identity(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// Drops the jobs of files that an earlier job reads under another path (its flags join
/// the first's: named, checked).
fn once_per_file(jobs: &mut Vec<Job>) {
    use rayon::prelude::*;
    let identities: Vec<_> = jobs
        .par_iter()
        .map(|j| file_identity(&j.candidate.path))
        .collect();
    let mut first = rustc_hash::FxHashMap::default();
    let mut again = vec![false; jobs.len()];
    for (i, identity) in identities.into_iter().enumerate() {
        let Some(identity) = identity else {
            continue;
        };
        match first.entry(identity) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(e) => {
                let (explicit, checked) = (jobs[i].candidate.explicit, jobs[i].checked);
                let kept = &mut jobs[*e.get()];
                kept.candidate.explicit |= explicit;
                kept.checked |= checked;
                again[i] = true;
            }
        }
    }
    let mut again = again.into_iter();
    jobs.retain(|_| !again.next().unwrap_or(false));
}

/// The names in folders that end in one suffix (`.uischema.json`), listed once per folder,
/// to tell which such files cannot exist without a stat per file.
struct Folders {
    suffix: &'static str,
    /// Per folder, its entries' names that end in `suffix`, in lowercase; `None` when it
    /// could not be listed.
    listed: rustc_hash::FxHashMap<std::ffi::OsString, Option<rustc_hash::FxHashSet<String>>>,
}

impl Folders {
    /// `suffix` in lowercase ASCII.
    fn new(suffix: &'static str) -> Folders {
        Folders {
            suffix,
            listed: rustc_hash::FxHashMap::default(),
        }
    }

    /// False only when `path`'s folder was listed and holds no entry of its name (compared
    /// without regard to ASCII case, as a case-insensitive file system would find it). For a
    /// name that is not ASCII or lacks the suffix, and in a folder with any name that is not
    /// ASCII: always true (a stat decides).
    fn may_hold(&mut self, path: &Path) -> bool {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return true;
        };
        if !name.is_ascii() || !ends_with_ignoring_case(name, self.suffix) {
            return true;
        }
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !self.listed.contains_key(folder.as_os_str()) {
            let list = || {
                let entries = std::fs::read_dir(folder).ok()?;
                let mut names = rustc_hash::FxHashSet::default();
                for e in entries {
                    // An entry that cannot be read leaves the folder unknown; so does a name
                    // that is not ASCII, which a case-folding or normalizing file system
                    // (ext4 casefold, APFS, NTFS) may find under an ASCII name (`ſ` for `s`,
                    // `ﬁ` for `fi`). Between ASCII names, such systems ignore ASCII case only.
                    let name = e.ok()?.file_name().into_string().ok()?;
                    if !name.is_ascii() {
                        return None;
                    }
                    if ends_with_ignoring_case(&name, self.suffix) {
                        names.insert(name.to_ascii_lowercase());
                    }
                }
                Some(names)
            };
            let names = list();
            self.listed.insert(folder.as_os_str().to_owned(), names);
        }
        self.listed
            .get(folder.as_os_str())
            .and_then(Option::as_ref)
            .is_none_or(|n| n.contains(&name.to_ascii_lowercase()))
    }
}

fn ends_with_ignoring_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// What loading one job gave.
struct Outcome {
    /// The files' texts (empty when they could not be read), at their pre-assigned ids: the
    /// main file, then its companion.
    sources: Vec<SourceFile>,
    loaded: Option<Loaded>,
    read_error: Option<Error>,
    skipped: Option<Skipped>,
    /// Read and in a known format.
    recognised: bool,
    /// A Rust file's definitions, for `formats::rust::Sources::finish`.
    rust: Option<formats::rust::Parsed>,
    /// A Rust file that could not be parsed (or was nested too deep): the modules it declares
    /// are not known.
    modules_unknown: bool,
    /// Read and known to be no file of datamin's (a workflow, a `package.json`, last run's
    /// report): `-o` may write over it. Not a file two formats claim, nor one named.
    foreign: bool,
}

/// Reads, parses and loads one job. Pure, so files load in parallel; ids are assigned
/// beforehand so spans and output do not depend on which thread finished first.
fn load_one(job: &Job, id: FileId, config: &Config) -> Outcome {
    let limits = config.limits;
    let c = &job.candidate;
    let checked = job.checked;
    let companion_id = id.saturating_add(1);
    let mut out = Outcome {
        sources: std::iter::once(&c.path)
            .chain(&job.companion)
            .map(|p| SourceFile::new(p, String::new()))
            .collect(),
        loaded: None,
        read_error: None,
        skipped: None,
        recognised: false,
        rust: None,
        modules_unknown: false,
        foreign: false,
    };
    let text = match job
        .text
        .clone()
        .map_or_else(|| read_text(&c.path, limits.max_file_size), Ok)
    {
        Ok(t) => t,
        Err(e) => {
            out.read_error = Some(e);
            return out;
        }
    };
    if formats::rust::is_rust(&c.path) {
        load_rust(&mut out, c, text, checked, id);
        return out;
    }
    out.sources[0].set_text(text);
    let mut errors = Vec::new();
    if let Some(p) = &job.companion {
        match job
            .companion_text
            .clone()
            .map_or_else(|| read_text(p, limits.max_file_size), Ok)
        {
            Ok(t) => out.sources[1].set_text(t),
            Err(e) => errors.push(e),
        }
    }
    let files: Vec<FileId> = (0..job.file_count())
        .map(|i| id.saturating_add(FileId::try_from(i).unwrap_or(0)))
        .collect();
    let fail = |errors: Vec<Error>| Loaded {
        files: files.clone(),
        model: Model::default(),
        errors,
        checked,
        explicit: c.explicit,
        shapes: Vec::new(),
        scanned: Vec::new(),
        done: None,
    };
    let source = &out.sources[0];
    // A stream of several YAML documents (Kubernetes manifests) is no form: read the first
    // to tell what the file is, and it is an error only if that is a form.
    // A JSON file with a trailing comma (`tsconfig.json`) is read: the comma is an error only
    // if the file is a form (or other file of datamin's).
    let mut deferred = None;
    let root = if formats::is_json(&c.path) {
        crate::syntax::json::parse_tolerant(&source.text, id, limits.syntax).map(|(n, e)| {
            deferred = e;
            (n, None)
        })
    } else {
        formats::parse_first(&c.path, &source.text, id, limits.syntax)
    };
    let companion = out
        .sources
        .get(1)
        .filter(|s| !s.text.is_empty())
        .map(|s| formats::parse(&s.path, &s.text, companion_id, limits.syntax));
    let (root, companion) = match (root, companion.transpose()) {
        (Ok(r), Ok(c)) if errors.is_empty() => (r, c),
        // A file of another syntax (a Rust source pre-commit passes along) that does not
        // parse is not datamin's; a broken `.yaml` or `.json` may be a form and stays an error.
        (Err(_), _) if job.ignore_unknown && !data_file(&c.path) => {
            out.foreign = !c.explicit;
            out.skipped = Some(Skipped {
                path: source.name.clone(),
                reason: "not in a format datamin reads (it does not parse as YAML)".to_string(),
                explicit: c.explicit,
            });
            return out;
        }
        (r, c) => {
            errors.extend(r.err());
            errors.extend(c.err());
            out.loaded = Some(fail(errors));
            return out;
        }
    };
    let (root, second) = root;
    // An empty first document says nothing about the file: a second one is an error, as in
    // a form (`---` twice, then a form).
    if let (Some(at), NodeKind::Null) = (second, &root.kind) {
        out.loaded = Some(fail(vec![crate::syntax::yaml::second_document(at)]));
        return out;
    }
    let mut doc = formats::Document::new(&c.path, &root);
    doc.companion = companion.as_ref();
    let format = match formats::detect(&doc, config.format_for(&c.path)) {
        Detected::Format(_) if second.is_some() => {
            let at = second.unwrap_or_default();
            out.loaded = Some(fail(vec![crate::syntax::yaml::second_document(at)]));
            return out;
        }
        Detected::Format(_) if deferred.is_some() => {
            out.loaded = Some(fail(deferred.into_iter().collect()));
            return out;
        }
        Detected::Format(f) => f,
        Detected::NotAForm(why) => {
            out.foreign = true;
            // Named on the command line (pre-commit names every changed file): a note, not
            // an error. Found by walking: nothing to say.
            if c.explicit && checked {
                out.skipped = Some(Skipped {
                    path: source.name.clone(),
                    reason: why.to_string(),
                    explicit: true,
                });
            }
            return out;
        }
        // `--ignore-unknown`: a file no format claims is skipped, even when named (a file
        // several formats claim is datamin's, and stays an error).
        detected @ Detected::Unknown(_) if job.ignore_unknown => {
            out.foreign = !c.explicit && matches!(&detected, Detected::Unknown(v) if v.is_empty());
            out.skipped = Some(Skipped {
                path: source.name.clone(),
                reason: unread_reason(&source.text, &detected),
                explicit: c.explicit,
            });
            return out;
        }
        detected => {
            if c.explicit && source.text.trim().is_empty() {
                out.loaded = Some(fail(vec![Error::file(
                    &source.name,
                    "empty file: nothing to check",
                )]));
            } else if c.explicit {
                out.loaded = Some(fail(vec![Error::at(
                    Span::new(id, 0, 0),
                    detected.message(),
                )
                .with_help(detected.help())]));
            } else if checked {
                // No format so much as suspects it: not datamin's (one that two formats
                // claim, or one suspects, may be a form half written).
                out.foreign = matches!(&detected, Detected::Unknown(v) if v.is_empty());
                out.skipped = Some(Skipped {
                    path: source.name.clone(),
                    reason: unread_reason(&source.text, &detected),
                    explicit: false,
                });
            }
            return out;
        }
    };
    let (mut model, mut errors) = formats::load(format, &doc);
    if config.is_private(&c.path) {
        // `private:` in datamin.yaml: a private repository's issue forms.
        model.forms.iter_mut().for_each(|f| f.public = false);
    }
    errors.extend(too_many_fields(&model.forms, limits.max_fields));
    out.recognised = checked;
    // Only where the text may hold a suppression at all (most JSON has a `//`, in a URL).
    let shape_of = |s: &SourceFile, node: &Node| {
        // Most files hold no directive: told by one search, looked at no further.
        if !crate::suppress::may_hold_directive(&s.text) {
            return None;
        }
        let mut out = crate::suppress::Shape::default();
        let openers = crate::suppress::CommentSyntax::of(&s.path).openers();
        if openers
            .iter()
            .any(|m| memchr::memmem::find(s.text.as_bytes(), m.as_bytes()).is_some())
        {
            shape(&s.text, node, openers, &mut out);
        }
        Some(out)
    };
    let mut shapes = vec![(id, shape_of(source, &root))];
    if let (Some(companion), Some(s)) = (&companion, out.sources.get(1)) {
        shapes.push((companion_id, shape_of(s, companion)));
    }
    out.loaded = Some(Loaded {
        files,
        model,
        errors,
        checked,
        explicit: c.explicit,
        shapes,
        scanned: Vec::new(),
        done: None,
    });
    out
}

/// A YAML or JSON file by its extension.
fn data_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["yaml", "yml", "json", "jsonc"].contains(&e.to_ascii_lowercase().as_str())
    })
}

/// Why a Rust file is not checked, for the `skipped` list: what makes it test-only, and
/// where, `name` giving a file's name as shown.
fn test_only_reason(
    why: &formats::rust::TestOnly,
    name: impl Fn(FileId) -> Option<String>,
) -> String {
    use formats::rust::TestOnly;
    match why {
        TestOnly::CfgTest => "test-only: it says `#![cfg(test)]`".to_string(),
        TestOnly::TestRoot => {
            "test-only: an integration test, built by `cargo test` alone".to_string()
        }
        TestOnly::Declared {
            by,
            name: module,
            line,
            column,
            for_tests,
        } => {
            let by = name(*by).unwrap_or_default();
            if *for_tests {
                format!(
                    "test-only: declared `mod {module};` under `cfg(test)` at {by}:{line}:{column}"
                )
            } else {
                format!(
                    "test-only: declared `mod {module};` at {by}:{line}:{column}, a test-only file"
                )
            }
        }
    }
}

/// What a Rust file is to Cargo (a crate root or not), by where it sits in its package: the
/// one folder its path's shape names (`x` for `x/src/bin/tool.rs`) is asked for a
/// `Cargo.toml`, its path made absolute first so that the package is found above the folders
/// checked too.
fn cargo_role(path: &Path) -> formats::rust::Role {
    formats::rust::role(&crate::discover::normalize(path), |dir| {
        // Without a `[package]` table (a virtual manifest, which builds nothing, so a
        // `tests/*.rs` beside it is no integration test: it may be a member's target by its
        // `path`), or unreadable: no package (the file is read).
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
        formats::rust::Package::of_manifest(&manifest)
    })
}

/// Parses a Rust file; its forms come later from `formats::rust::Sources::finish`. A file
/// without `Deserialize` is skipped: neither checked nor an error, its text read only for the
/// modules in files of their own it declares (one may be a test module, not to be read).
fn load_rust(out: &mut Outcome, c: &Candidate, text: String, checked: bool, id: FileId) {
    let parsed = if formats::rust::may_define_forms(&text) {
        out.sources[0].set_text(text);
        formats::rust::parse(id, &out.sources[0]).map(Some)
    } else {
        match formats::rust::parse_modules(id, &c.path, &text) {
            Ok(parsed) => {
                if c.explicit && checked {
                    out.skipped = Some(Skipped {
                        path: display_path(&c.path),
                        reason: "a Rust file without `Deserialize` defines no form".to_string(),
                        explicit: true,
                    });
                }
                out.rust = parsed.map(|mut parsed| {
                    parsed.set_role(cargo_role(&c.path));
                    parsed
                });
                return;
            }
            // Nested too deep: an error as in a file with forms, at a place in its text.
            Err(e) => {
                out.sources[0].set_text(text);
                Err(e)
            }
        }
    };
    // What reading the structs found wrong comes with the forms, from `Sources::finish`.
    let errors = match parsed {
        Ok(parsed) => {
            out.rust = parsed.map(|mut parsed| {
                parsed.set_role(cargo_role(&c.path));
                parsed
            });
            out.recognised = checked;
            Vec::new()
        }
        Err(e) => {
            out.modules_unknown = true;
            vec![e]
        }
    };
    // A `//` in a string literal is no comment (a file without `datamin:` has none to read).
    let shape =
        crate::suppress::may_hold_directive(&out.sources[0].text).then(|| crate::suppress::Shape {
            strings: formats::rust::literal_ranges(&out.sources[0].text),
            blocks: Vec::new(),
        });
    out.loaded = Some(Loaded {
        files: vec![id],
        model: Model::default(),
        errors,
        checked,
        explicit: c.explicit,
        shapes: vec![(id, shape)],
        scanned: Vec::new(),
        done: None,
    });
}

fn too_many_fields(forms: &[Form], max: usize) -> Vec<Error> {
    forms
        .iter()
        .filter(|f| f.fields.len() > max)
        .map(|form| {
            Error::at(
                form.id.span,
                format!(
                    "form `{}` has {} fields, over the limit of {max}",
                    form.id.value,
                    form.fields.len(),
                ),
            )
            .with_help("raise `limits.max_fields` in datamin.yaml if this form is real")
        })
        .collect()
}

/// Loads jobs, in parallel on `threads` threads (0: one per core), at their pre-assigned
/// file ids. With `scan`, the suppression comments of checked files are read too; with
/// `now`, files of forms alone are checked at once, and their texts and models let go.
fn read_batch(
    jobs: &[(Job, FileId)],
    threads: usize,
    config: &Config,
    (scan, now): (Option<&RuleSet>, Option<&Now>),
) -> Vec<Outcome> {
    use rayon::prelude::*;
    let run = || -> Vec<Outcome> {
        jobs.par_iter()
            .map(|(job, id)| {
                let mut out = load_one(job, *id, config);
                if out.loaded.is_none() {
                    // Not a form (skipped, or not datamin's): nothing points into it.
                    for source in &mut out.sources {
                        source.set_text(String::new());
                    }
                }
                if let Some(l) = &mut out.loaded {
                    // Needed only to read the suppression comments: not kept past that.
                    let shapes = std::mem::take(&mut l.shapes);
                    if let (Some(rules), true) = (scan, l.checked) {
                        l.scanned = scan_files(&l.files, &shapes, &out.sources, *id, rules);
                    }
                    let early = now.filter(|_| {
                        l.checked
                            && l.errors.is_empty()
                            && !l.model.forms.is_empty()
                            && l.model.forms_only()
                    });
                    if let Some(now) = early {
                        // Rules read only the model; reports need only line tables, and read
                        // files again to show them. Not text from standard input: it is not
                        // on disk, or the disk holds another version.
                        if job.text.is_none() && job.companion_text.is_none() {
                            out.sources.iter_mut().for_each(SourceFile::evict);
                        }
                        l.done = Some(check_here(std::mem::take(&mut l.model), config, now));
                    }
                }
                out
            })
            .collect()
    };
    // On the caller's pool (see `on_pool`), unless a count is asked for outside one.
    if threads == 0 || rayon::current_thread_index().is_some() {
        run()
    } else {
        on_pool(threads, run)
    }
}

/// Adds a batch's files, errors and skipped files to the report, in job order; the files
/// that could not be read, and the Rust files that could not be parsed, to `unreadable`
/// (what they declare is not known).
fn merge_batch(
    outcomes: Vec<Outcome>,
    report: &mut Report,
    rust: &mut formats::rust::Sources,
    unreadable: &mut HashSet<usize>,
) -> Vec<Loaded> {
    let mut loaded = Vec::with_capacity(outcomes.len());
    for o in outcomes {
        // Read, and not datamin's: its text was let go (see `read_batch`).
        let foreign = o.foreign && o.loaded.is_none();
        report.skipped.extend(o.skipped);
        if let Some(e) = o.read_error {
            report.errors.push(e);
            unreadable.insert(report.files.len());
        } else if o.modules_unknown {
            unreadable.insert(report.files.len());
        }
        if o.recognised {
            report.checked += 1;
        }
        if foreign {
            let first = report.files.len();
            report
                .foreign
                .extend((first..first + o.sources.len()).filter_map(|i| FileId::try_from(i).ok()));
        }
        loaded.extend(o.loaded);
        rust.extend(o.rust);
        report.files.extend(o.sources);
    }
    loaded
}

/// The suppression comments of a loaded job's files (`sources` starts at file `first`).
fn scan_files(
    files: &[FileId],
    shapes: &[(FileId, Option<crate::suppress::Shape>)],
    sources: &[SourceFile],
    first: FileId,
    rules: &RuleSet,
) -> Vec<crate::suppress::Scanned> {
    files
        .iter()
        .filter_map(|&f| {
            let source = sources.get(f.checked_sub(first)? as usize)?;
            let empty = crate::suppress::Shape::default();
            let shape = match shapes.iter().find(|(id, _)| *id == f) {
                // No `datamin:` in the text: no suppression comment to read.
                Some((_, None)) => return None,
                Some((_, Some(shape))) => shape,
                None => &empty,
            };
            Some(crate::suppress::scan(source, f, shape, rules))
        })
        // Most files have no suppression comment: a run keeps nothing for them.
        .filter(|s| !s.is_empty())
        .collect()
}

/// Cross-file references: processors and forms named must exist, and ids given twice are
/// errors. `place` names a span's file, line and column (for help).
fn resolve(
    model: &Model,
    context: &HashSet<FileId>,
    place: impl Fn(crate::source::Span) -> String,
) -> Vec<Error> {
    let mut errors = Vec::new();
    // In file order, context files first, as forms below: of two processors with one id, the
    // later is the duplicate (each file's own were checked as it was read).
    let mut processors: Vec<&crate::model::Processor> = model.processors.iter().collect();
    processors.sort_by_key(|p| (!context.contains(&p.id.span.file), p.id.span));
    let mut proc_ids: Vec<&str> = Vec::new();
    let mut defined: rustc_hash::FxHashMap<&str, crate::source::Span> =
        rustc_hash::FxHashMap::default();
    for p in processors {
        match defined.get(p.id.value.as_str()) {
            Some(&first) => errors.push(
                Error::at(p.id.span, format!("duplicate processor id `{}`", p.id.value))
                    .with_help(format!(
                        "`{}` is already defined at {}: define each processor once in a project (list its file under `context:` where others need it; `datamin audit` reads all it is given as one project, so audit projects one at a time)",
                        p.id.value,
                        place(first)
                    )),
            ),
            None => {
                defined.insert(&p.id.value, p.id.span);
                proc_ids.push(&p.id.value);
            }
        }
    }
    let unknown_processor = |r: &crate::source::Spanned<String>| {
        let mut e = Error::at(r.span, format!("unknown processor `{}`", r.value));
        e.help = Some(if proc_ids.is_empty() {
            "no `processors:` were loaded: check the retention file too, or list it under `context:` in datamin.yaml".to_string()
        } else {
            suggestion(&r.value, proc_ids.iter().copied())
                .unwrap_or_else(|| format!("known processors: {}", proc_ids.join(", ")))
        });
        e
    };
    for (_, refs) in model.form_refs() {
        for r in refs.iter() {
            if !defined.contains_key(r.value.as_str()) {
                errors.push(unknown_processor(r));
            }
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    // Every id, and where a form first gave each one itself (not by its file's name).
    let mut known: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    let mut declared: rustc_hash::FxHashMap<&str, crate::source::Span> =
        rustc_hash::FxHashMap::default();
    // In file order, whichever stage checked the forms: the later of two is the duplicate.
    // Context forms first, so that of two forms with one id the one reported is the one
    // being checked (errors in context files are not shown). Ids that are file names
    // (`bug_report.yml` in two repositories' templates) are two forms, not a duplicate.
    let mut ids = model.form_ids();
    ids.sort_by_key(|(id, _)| !context.contains(&id.span.file));
    for (id, from_file) in ids {
        known.insert(&id.value);
        if !from_file {
            match declared.get(id.value.as_str()) {
                Some(&first) => errors.push(
                    Error::at(id.span, format!("duplicate form id `{}`", id.value)).with_help(
                        format!(
                            "`{}` is already the id of the form at {}; give this one another",
                            id.value,
                            place(first)
                        ),
                    ),
                ),
                None => {
                    declared.insert(&id.value, id.span);
                }
            }
        }
        seen.push(&id.value);
    }
    for p in &model.policies {
        if let Some(r) = &p.processor {
            if !defined.contains_key(r.value.as_str()) {
                errors.push(unknown_processor(r));
            }
        }
        if seen.is_empty() {
            continue;
        }
        for g in &p.forms {
            let literal = !g.value.contains(crate::model::GLOB_CHARS);
            // A form named with glob syntax (`Billing [EU]`): its name as a glob is a class
            // that matches something else, and the form is silently not covered.
            // (Compiled again here, for the few globs that spell a form: the policy's
            // matchers do not line up with its globs once one did not compile.)
            let misses_itself = !literal
                && known.contains(g.value.as_str())
                && crate::model::RetentionPolicy::form_glob(&g.value)
                    .is_ok_and(|m| !m.is_match(&g.value));
            if misses_itself {
                errors.push(
                    Error::at(
                        g.span,
                        format!(
                            "glob `{}` does not match form `{}`, whose name it spells",
                            g.value, g.value
                        ),
                    )
                    .with_help(format!(
                        "`*`, `?`, `[`, `]`, `{{`, `}}` and `\\` are glob syntax: write `{}` to match the name as it is",
                        glob_literal(&g.value)
                    )),
                );
            }
            if literal && !known.contains(g.value.as_str()) {
                let mut e = Error::at(g.span, format!("unknown form `{}`", g.value));
                e.help = Some(
                    suggestion(&g.value, seen.iter().copied())
                        .unwrap_or_else(|| format!("known forms: {}", seen.join(", "))),
                );
                errors.push(e);
            }
        }
    }
    errors
}

/// Whether the run walks the whole folder of `config` (a folder at or above it was named).
fn walked_whole(opts: &CheckOptions, config: &Config) -> bool {
    let root = crate::discover::normalize(&config.root);
    opts.paths
        .iter()
        .any(|p| p.is_dir() && root.starts_with(crate::discover::normalize(p)))
}

/// Glob syntax, as [`glob_literal`] escapes it.
const GLOB_SYNTAX: [char; 7] = ['*', '?', '[', ']', '{', '}', '\\'];

/// A glob that matches `name` alone: each character of glob syntax in a class of its own.
fn glob_literal(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        if GLOB_SYNTAX.contains(&c) {
            out.extend(['[', c, ']']);
        } else {
            out.push(c);
        }
    }
    out
}

/// The parse floor, for benchmarks: discover, read and parse every file exactly as `check`
/// does (same walker, same parsers, same threads), with no model, rules or report. Returns
/// the number of files parsed and the number that failed to parse.
pub fn parse_only(opts: &CheckOptions) -> (usize, usize) {
    use rayon::prelude::*;
    let paths = opts.paths_or_here();
    let config = Config::defaults(std::env::current_dir().unwrap_or_default());
    let mut errors = Vec::new();
    let candidates = discover(&paths, &config, &mut errors);
    let run = || {
        candidates
            .par_iter()
            .map(|c| {
                let ok = read_text(&c.path, config.limits.max_file_size)
                    .and_then(|text| formats::parse(&c.path, &text, 0, config.limits.syntax))
                    .is_ok();
                usize::from(!ok)
            })
            .sum::<usize>()
    };
    let failed = match rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
    {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    };
    (candidates.len(), failed + errors.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_literals_match_their_name_alone() {
        for name in [
            "zendesk/Billing [EU]",
            "a*b?c",
            "{x,y}",
            "]x[",
            "plain",
            "[!a]",
            "a\\b",
            "x\\*",
            "a\\[",
            "C:\\Forms\\[EU]",
        ] {
            let glob = glob_literal(name);
            let m = crate::model::RetentionPolicy::form_glob(&glob).unwrap();
            assert!(m.is_match(name), "{glob}");
            let other = name.replace(|c: char| GLOB_SYNTAX.contains(&c), "x");
            assert!(
                !m.is_match(&other) || other == name,
                "{glob} matches {other}"
            );
        }
    }

    #[test]
    fn a_run_on_the_global_pool_leaves_no_caches_on_its_threads() {
        // `load` outside any pool with `threads: 0` checks files on rayon's global pool,
        // whose threads outlive the run.
        let opts = CheckOptions {
            paths: vec![PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/examples"
            ))],
            ..CheckOptions::default()
        };
        let Ok(inputs) = load(&opts, true, false) else {
            panic!("examples/ loads");
        };
        assert!(
            inputs.early.findings.iter().any(|b| !b.is_empty()),
            "files were checked as they were loaded"
        );
        let kept = rayon::broadcast(|_| {
            MATCHES.with(|m| !m.borrow().is_empty()) || TEXTS.with(|t| !t.borrow().is_empty())
        });
        assert!(kept.iter().all(|k| !k), "{kept:?}");
    }

    #[test]
    fn paths_are_made_absolute_as_std_makes_them() {
        let cwd = std::env::current_dir().ok();
        for p in [
            "", ".", "./", "a", "./a", "a/", "./a/", "a/./b", "a/../b", "../a", "a//b", ".//a",
            "a/.", "/", "/a/./b/", "//a", "///a", "/a/../b", "a/b.c/d", ".a/b", "a./b", "..",
            "../", "a/..", "/a/b", "/a/b/", "/a/.", "/.", "/..", "/a/.b", "a/b.",
        ] {
            let p = Path::new(p);
            // `..` resolved too (a file named through one is the same file).
            let expected = if p.components().any(|c| c == std::path::Component::ParentDir) {
                crate::discover::normalize(p)
            } else {
                std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
            };
            assert_eq!(normal(p, cwd.as_deref()), expected, "{p:?}");
        }
    }

    #[test]
    fn folder_listings_rule_out_only_names_they_lack() {
        let dir = std::env::temp_dir().join(format!("datamin-folders-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["sub", "folded", "unicode"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap_or_default();
        }
        for f in [
            "A.UISchema.json",
            "E.UISCHEMA.JSON",
            "other.json",
            "sub/b.uischema.json",
            // Found as `user.uischema.json` by a case-folding file system.
            "folded/u\u{17f}er.uischema.json",
            "unicode/\u{e9}.uischema.json",
        ] {
            std::fs::write(dir.join(f), "{}").unwrap_or_default();
        }
        let mut folders = Folders::new(".uischema.json");
        // Listed, in another case: a stat decides.
        assert!(folders.may_hold(&dir.join("a.uischema.json")));
        assert!(folders.may_hold(&dir.join("e.uischema.json")));
        assert!(folders.may_hold(&dir.join("sub/b.uischema.json")));
        // Listed, absent: no stat needed.
        assert!(!folders.may_hold(&dir.join("c.uischema.json")));
        assert!(!folders.may_hold(&dir.join("sub/a.uischema.json")));
        // Names without the suffix are not listed: a stat decides.
        assert!(folders.may_hold(&dir.join("x.json")));
        // A folder with a name that is not ASCII is not ruled on, nor is a name that is not
        // ASCII, nor a folder that cannot be listed.
        assert!(folders.may_hold(&dir.join("folded/user.uischema.json")));
        assert!(folders.may_hold(&dir.join("unicode/x.uischema.json")));
        assert!(folders.may_hold(&dir.join("\u{e9}.uischema.json")));
        assert!(folders.may_hold(&dir.join("missing/a.uischema.json")));
        // A file made after its folder was listed is not seen: the listing is taken once.
        std::fs::write(dir.join("d.uischema.json"), "{}").unwrap_or_default();
        assert!(!folders.may_hold(&dir.join("d.uischema.json")));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
