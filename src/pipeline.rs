//! The run: config → rules → discover → load → resolve → evaluate → report.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::{Config, Level};
use crate::diag::{suggestion, Error};
use crate::discover::{discover, io_reason, Candidate};
use crate::formats::{self, Format};
use crate::model::Model;
use crate::report::{Finding, Report};
use crate::rules::engine::Engine;
use crate::rules::vocabulary::Vocabulary;
use crate::rules::{Rule, RuleSet, Scope, Severity, BUILTIN};
use crate::source::{display_path, FileId, SourceFile, Span};
use crate::syntax::Limits;

/// Largest file read, in bytes.
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub config: Option<PathBuf>,
}

/// Loads the built-in rules and the user's rule folders; rule-file errors go to `report`.
pub fn load_rules(config: Option<&Config>, report: &mut Report) -> RuleSet {
    let mut set = RuleSet::default();
    for (name, text) in BUILTIN {
        let source = SourceFile::new(&Path::new("rules").join(name), (*text).to_string());
        add_rule_file(source, &mut set, report);
    }
    for dir in config.map(|c| c.rule_dirs.as_slice()).unwrap_or_default() {
        let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(rd) => rd
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                .collect(),
            Err(e) => {
                report.errors.push(Error::file(
                    display_path(dir),
                    format!("cannot read rule folder: {}", io_reason(&e)),
                ));
                continue;
            }
        };
        files.sort();
        for path in files {
            match read_text(&path) {
                Ok(text) => add_rule_file(SourceFile::new(&path, text), &mut set, report),
                Err(e) => report.errors.push(e),
            }
        }
    }
    set.sort();
    set
}

fn add_rule_file(source: SourceFile, set: &mut RuleSet, report: &mut Report) {
    if source.name.ends_with("vocabulary.yaml") {
        return;
    }
    let id = push_file(report, source);
    let rule = crate::syntax::yaml::parse(&report.files[id as usize].text, id, Limits::default())
        .and_then(|n| Rule::from_node(&n));
    match rule {
        Ok(rule) => {
            if let Some(prev) = set
                .rules
                .iter()
                .find(|r| r.id == rule.id || r.name == rule.name)
            {
                let span = Span::new(id, 0, 0);
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

/// Reads a file as UTF-8 text, refusing huge, binary and non-UTF-8 files.
fn read_text(path: &Path) -> Result<String, Error> {
    let name = display_path(path);
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::file(&name, format!("cannot read: {}", io_reason(&e))))?;
    if meta.len() > MAX_FILE_SIZE {
        return Err(Error::file(
            &name,
            format!(
                "file is {} bytes, over the {MAX_FILE_SIZE}-byte limit",
                meta.len()
            ),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Error::file(&name, format!("cannot read: {}", io_reason(&e))))?;
    if bytes.contains(&0) {
        return Err(Error::file(&name, "binary file (it contains NUL bytes)"));
    }
    String::from_utf8(bytes).map_err(|e| {
        Error::file(
            &name,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// One loaded input file.
struct Loaded {
    file: FileId,
    model: Model,
    errors: Vec<Error>,
    /// Reported on (not just context).
    checked: bool,
}

/// Runs a whole check.
pub fn check(opts: &CheckOptions) -> Report {
    let mut report = Report::default();
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };

    // Config.
    let config_path = opts.config.clone().or_else(|| Config::discover(&paths[0]));
    let config = match config_path {
        Some(p) => match read_text(&p) {
            Ok(text) => {
                let id = push_file(&mut report, SourceFile::new(&p, text));
                match Config::parse(&report.files[id as usize], id) {
                    Ok(c) => c,
                    Err(e) => {
                        report.errors.push(e.with_path(&display_path(&p)));
                        return report;
                    }
                }
            }
            Err(e) => {
                report.errors.push(e);
                return report;
            }
        },
        None => Config::defaults(std::env::current_dir().unwrap_or_default()),
    };

    let rules = load_rules(Some(&config), &mut report);
    let mut engine_findings = config_findings(&config, &rules);

    // Discover and load.
    let candidates = discover(&paths, &config, &mut report.errors);
    let mut loaded = Vec::new();
    let mut rust = formats::rust::Sources::default();
    let checked_paths: HashSet<PathBuf> = candidates.iter().map(|c| normal(&c.path)).collect();
    for c in &candidates {
        load_file(c, true, &mut report, &mut loaded, &mut rust);
    }
    for p in &config.context {
        if !checked_paths.contains(&normal(p)) {
            let c = Candidate {
                path: p.clone(),
                explicit: true,
            };
            load_file(&c, false, &mut report, &mut loaded, &mut rust);
        }
    }
    // Rust forms are built once every file is read: their field types may be defined anywhere.
    for (file, model) in rust.finish(&config.rust) {
        if let Some(l) = loaded.iter_mut().find(|l| l.file == file) {
            l.model.extend(model);
        }
    }

    let mut model = Model::default();
    let mut skip: HashSet<FileId> = HashSet::new();
    for l in loaded {
        if !l.errors.is_empty() || !l.checked {
            skip.insert(l.file);
        }
        if l.checked || !l.errors.is_empty() {
            report.errors.extend(l.errors);
        }
        model.extend(l.model);
    }
    let resolve_errors = resolve(&model);
    for e in &resolve_errors {
        if let Some(s) = e.span {
            skip.insert(s.file);
        }
    }
    report.errors.extend(resolve_errors.into_iter().filter(|e| {
        e.span
            .is_none_or(|s| checked_paths.contains(&normal(&report.files[s.file as usize].path)))
    }));

    let vocab = Vocabulary::builtin();
    let engine = Engine::new(&model, vocab, &config.thresholds);
    let severity_of = |r: &Rule| effective(&config, r);
    let findings = engine.run(&rules.rules, severity_of, |f| skip.contains(&f));
    report.findings = findings;
    report.findings.append(&mut engine_findings);
    report.sort();
    report
}

fn normal(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

fn effective(config: &Config, rule: &Rule) -> Option<Severity> {
    match config.level_of(&rule.id, &rule.name) {
        Some(Level::Off) => None,
        Some(Level::On(s)) => Some(s),
        None => Some(rule.severity),
    }
}

/// Findings of the engine's own rules about the config: unknown rule ids.
fn config_findings(config: &Config, rules: &RuleSet) -> Vec<Finding> {
    let Some(meta) = rules.find("DM901") else {
        return Vec::new();
    };
    let Some(severity) = effective(config, meta) else {
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
                rule_id: meta.id.clone(),
                rule_name: meta.name.clone(),
                severity,
                message: crate::rules::engine::fill(&meta.message, &vars),
                help,
                span: k.span,
                identity: format!("config.rules.{}", k.value),
            }
        })
        .collect()
}

fn load_file(
    c: &Candidate,
    checked: bool,
    report: &mut Report,
    loaded: &mut Vec<Loaded>,
    rust: &mut formats::rust::Sources,
) {
    let text = match read_text(&c.path) {
        Ok(t) => t,
        Err(e) => {
            report.errors.push(e);
            return;
        }
    };
    if formats::rust::is_rust(&c.path) {
        load_rust(c, text, checked, report, loaded, rust);
        return;
    }
    let id = push_file(report, SourceFile::new(&c.path, text));
    let source = &report.files[id as usize];
    let root = match formats::parse(&c.path, &source.text, id, Limits::default()) {
        Ok(r) => r,
        Err(e) => {
            loaded.push(Loaded {
                file: id,
                model: Model::default(),
                errors: vec![e],
                checked,
            });
            return;
        }
    };
    let Some(format) = formats::detect(&root) else {
        if c.explicit {
            let names: Vec<&str> = Format::ALL.iter().map(|(n, _)| *n).collect();
            loaded.push(Loaded {
                file: id,
                model: Model::default(),
                errors: vec![
                    Error::at(Span::new(id, 0, 0), "not a file datamin can read")
                        .with_help(format!("datamin reads these formats: {}", names.join(", "))),
                ],
                checked,
            });
        } else {
            report.skipped.push(source.name.clone());
        }
        return;
    };
    let (model, errors) = formats::load(format, &root);
    if checked {
        report.checked += 1;
    }
    loaded.push(Loaded {
        file: id,
        model,
        errors,
        checked,
    });
}

/// Reads a Rust file's definitions; its forms come from `Sources::finish`. A file without
/// `Deserialize` is skipped unparsed: it is neither checked nor an error.
fn load_rust(
    c: &Candidate,
    text: String,
    checked: bool,
    report: &mut Report,
    loaded: &mut Vec<Loaded>,
    rust: &mut formats::rust::Sources,
) {
    if !formats::rust::may_define_forms(&text) {
        report.skipped.push(display_path(&c.path));
        return;
    }
    let id = push_file(report, SourceFile::new(&c.path, text));
    let errors = match rust.add(id, &report.files[id as usize]) {
        Ok(errors) => {
            if checked {
                report.checked += 1;
            }
            errors
        }
        Err(e) => vec![e],
    };
    loaded.push(Loaded {
        file: id,
        model: Model::default(),
        errors,
        checked,
    });
}

/// Cross-file references: processors and forms named must exist.
fn resolve(model: &Model) -> Vec<Error> {
    let mut errors = Vec::new();
    let proc_ids: Vec<&str> = model
        .processors
        .iter()
        .map(|p| p.id.value.as_str())
        .collect();
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
    for form in &model.forms {
        for r in &form.processors {
            if !proc_ids.contains(&r.value.as_str()) {
                errors.push(unknown_processor(r));
            }
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for form in &model.forms {
        if seen.contains(&form.id.value.as_str()) {
            errors.push(Error::at(
                form.id.span,
                format!("duplicate form id `{}`", form.id.value),
            ));
        }
        seen.push(&form.id.value);
    }
    for p in &model.policies {
        if let Some(r) = &p.processor {
            if !proc_ids.contains(&r.value.as_str()) {
                errors.push(unknown_processor(r));
            }
        }
        if model.forms.is_empty() {
            continue;
        }
        for g in &p.forms {
            let literal = !g.value.contains(['*', '?', '[', '{']);
            if literal && !seen.contains(&g.value.as_str()) {
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

#[allow(dead_code)]
fn engine_scope_rules(rules: &RuleSet) -> impl Iterator<Item = &Rule> {
    rules.rules.iter().filter(|r| r.scope == Scope::Engine)
}
