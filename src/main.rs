//! The `datamin` binary: parse arguments, call the library, map the outcome to an exit code.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser as _;
use codespan_reporting::term::termcolor::{
    BufferedStandardStream, ColorChoice, NoColor, StandardStream, WriteColor,
};

use datamin::cli::{
    AuditArgs, AuditFormat, CheckArgs, Cli, ColorChoice as Color, Command, FailOn, OutputFormat,
};
use datamin::report::{self, Report};
use datamin::rules::select::Selection;
use datamin::rules::Severity;
use datamin::{CheckOptions, Stdin};

/// The name piped text gets without `--stdin-filename`.
const STDIN_NAME: &str = "<stdin>";

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check(args),
        Command::Audit(args) => run_audit(args),
        Command::ParseOnly { paths, threads } => {
            let (files, failed) = datamin::parse_only(&CheckOptions {
                paths,
                threads,
                ..CheckOptions::default()
            });
            print_out(&format!("{files} files parsed, {failed} failed\n"))
        }
        Command::Rules { config } => {
            let mut r = Report::default();
            let rules = datamin::project_rules(config.as_deref(), &mut r);
            let errors = rule_errors(&r);
            match print_out(&report::rules::table(&rules)) {
                0 => errors,
                other => other,
            }
        }
        Command::Explain { rule, config } => {
            let mut r = Report::default();
            let rules = datamin::project_rules(config.as_deref(), &mut r);
            let errors = rule_errors(&r);
            match rules.find(&rule) {
                Some(rule) => match print_out(&report::rules::explain(rule)) {
                    0 => errors,
                    other => other,
                },
                None => {
                    let names = rules
                        .rules
                        .iter()
                        .flat_map(|r| [r.id.as_str(), r.name.as_str()]);
                    let hint = datamin::diag::suggestion(&rule, names)
                        .map(|s| format!("\n  = help: {s}"))
                        .unwrap_or_default();
                    let _ = writeln!(std::io::stderr(), "error: unknown rule `{rule}`{hint}\n  = help: `datamin rules` lists every rule");
                    2
                }
            }
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}

/// Errors in the config or the rule files read by `rules` and `explain`: on stderr, exit 2
/// (the rules that could be read are still listed); 0 when there are none.
fn rule_errors(report: &Report) -> i32 {
    if report.errors.is_empty() {
        return 0;
    }
    let color = color_choice(Color::Auto, false);
    let _ = report::human::write_errors(report, &mut StandardStream::stderr(color), false);
    2
}

/// A usage error: message on stderr, exit 2.
fn usage(message: &str) -> i32 {
    let _ = writeln!(std::io::stderr(), "error: {message}");
    2
}

fn check(args: CheckArgs) -> i32 {
    let stdin_count = args.paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        return usage("`-` (standard input) can be given only once");
    }
    if args.stdin_filename.is_some() && stdin_count == 0 {
        return usage("`--stdin-filename` names standard input: add `-` to the paths");
    }
    if args.statistics && !matches!(args.format, OutputFormat::Human | OutputFormat::Json) {
        return usage("`--statistics` prints with `--format human` or `--format json` only");
    }
    if args.sarif_suppressed && !matches!(args.format, OutputFormat::Sarif) {
        return usage("`--sarif-suppressed` goes with `--format sarif`");
    }
    // The report would be written, then the baseline over it: one of the two lost.
    if let (Some(o), Some(w)) = (&args.output, &args.write_baseline) {
        if datamin::discover::normalize(o) == datamin::discover::normalize(w) {
            return usage(&format!(
                "`--output` and `--write-baseline` both name `{}`: one would overwrite the other",
                o.display()
            ));
        }
    }
    let stdin = if stdin_count == 1 {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            return usage(&format!("cannot read standard input: {e}"));
        }
        let path = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from(STDIN_NAME));
        // Decoded as the file it stands for would be.
        let text = match datamin::source::decode(bytes, !datamin::source::is_rust(&path)) {
            Ok(text) => text,
            Err(why) => return usage(&format!("standard input: {why}")),
        };
        Some(Stdin { path, text })
    } else {
        None
    };
    let selection = Selection {
        select: args.select.iter().flat_map(|l| l.0.clone()).collect(),
        ignore: args.ignore.iter().flat_map(|l| l.0.clone()).collect(),
    };
    // Never dropped: the process ends after this, and the system takes its memory back at
    // once, where freeing every file's lines and findings one by one (cold memory, some of
    // it another thread's) would cost a run of 10,000 forms a few percent of its time.
    let report = std::mem::ManuallyDrop::new(datamin::check(&CheckOptions {
        paths: args
            .paths
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .cloned()
            .collect(),
        config: args.config.clone(),
        threads: args.threads,
        stdin,
        baseline: args.baseline.clone(),
        write_baseline: args.write_baseline.clone(),
        report_unused: args.report_unused,
        selection: selection.clone(),
        ignore_unknown: args.ignore_unknown,
        force_exclude: args.force_exclude,
        whole: false,
    }));
    // A rule may be one project's own, so the values are checked against every project's
    // rules once the run is over; nothing is reported or written under a selection that
    // names something else than was meant.
    let unknown = datamin::unknown_rules(&selection, &report);
    if !unknown.is_empty() {
        let mut text = String::new();
        for u in &unknown {
            text.push_str(&format!(
                "error: unknown rule `{}` in `{}`\n",
                u.value, u.flag
            ));
            if let Some(c) = &u.closest {
                text.push_str(&format!("  = help: did you mean `{c}`?\n"));
            }
        }
        text.push_str("  = help: `datamin rules` lists every rule\n");
        let _ = std::io::stderr().write_all(text.as_bytes());
        return 2;
    }
    // A report or baseline written over a file this run read would destroy it (`-o
    // form.yaml`, `--write-baseline form.yaml`): nothing is written. A baseline may be written
    // over the baseline read.
    if overwrites_read(&report, "--output", args.output.as_deref(), None)
        || overwrites_read(
            &report,
            "--write-baseline",
            args.write_baseline.as_deref(),
            args.baseline.as_deref(),
        )
    {
        return 2;
    }
    let fail_on = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Note => Severity::Note,
    };
    let mut code = report.exit_code(fail_on);
    // Rendered on `--threads` threads too (by default, one per core: rayon's own pool).
    let written = if args.threads == 0 {
        write_report(&report, &args)
    } else {
        datamin::on_pool(args.threads, || write_report(&report, &args))
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let target = args.output.as_deref().map_or_else(
                || "standard output".to_string(),
                |p| p.display().to_string(),
            );
            let _ = writeln!(std::io::stderr(), "error: cannot write {target}: {e}");
            code = 2;
        }
    }
    if let Some(path) = &args.write_baseline {
        if !report.errors.is_empty() {
            // Findings of files with errors are unknown: a baseline now would drop them.
            let _ = writeln!(
                std::io::stderr(),
                "error: baseline {} not written: fix the input errors first",
                path.display()
            );
            return 2;
        }
        // What the baseline read lists that this run could not judge stays: entries of files
        // it did not check (a pre-commit run, a path named), and of rules the command line
        // left out. Read here again, not taken from the run: a run whose files named were all
        // left out by `--force-exclude` reads no baseline, and must keep every entry.
        let carried = match args
            .baseline
            .as_deref()
            .and_then(datamin::baseline::Baseline::read)
        {
            Some(old) => {
                // The configs read are judged too: their findings (DM901, DM902, DM903 of
                // `ignore:` entries) are the run's.
                let checked: std::collections::HashSet<PathBuf> = (report.inputs.iter())
                    .chain(&report.configs)
                    .filter_map(|&f| report.files.get(f as usize))
                    .map(|f| datamin::discover::normalize(&f.path))
                    .collect();
                let ran = |id: &str| {
                    report
                        .rules
                        .iter()
                        .any(|r| r.id == id && !selection.leaves_out_named(&r.id, &r.name, false))
                };
                let found = report.findings.iter().chain(&report.baselined);
                old.carried(&checked, ran, &report.files, found)
            }
            None => Vec::new(),
        };
        let all = report.findings.iter().chain(&report.baselined);
        let text = datamin::baseline::render(&report.files, all, &carried, path);
        let n = report.findings.len() + report.baselined.len() + carried.len();
        if let Err(e) = std::fs::write(path, text) {
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot write baseline {}: {e}",
                path.display()
            );
            return 2;
        }
        // `-q` prints nothing on success, as ruff's does.
        if !args.quiet {
            let _ = writeln!(
                std::io::stderr(),
                "datamin: wrote {n} finding{} to baseline {}",
                if n == 1 { "" } else { "s" },
                path.display()
            );
        }
        if code == 1 {
            code = 0;
        }
    }
    code
}

/// Renders the report in the chosen format to standard output or `--output`.
fn write_report(report: &Report, args: &CheckArgs) -> std::io::Result<()> {
    // Input errors also go to standard error unless the report itself shows them there
    // (human and github output on standard output): with `--output`, or read by a
    // program, the errors would be in the report only, and a failing CI step's log empty.
    // `-q` shapes them there as in human output, whatever the format.
    let shown =
        args.output.is_none() && matches!(args.format, OutputFormat::Human | OutputFormat::Github);
    if !report.errors.is_empty() && !shown {
        let mut err = StandardStream::stderr(color_choice(args.color, false));
        report::human::write_errors(report, &mut err, args.quiet)?;
    }
    let text = match (args.format, args.statistics) {
        (OutputFormat::Human, true) => {
            let mut buf = NoColor::new(Vec::new());
            report::human::write_errors(report, &mut buf, args.quiet)?;
            let mut s = String::from_utf8_lossy(&buf.into_inner()).into_owned();
            s.push_str(&report::statistics::human(report, args.quiet));
            s
        }
        (OutputFormat::Json, true) => report::statistics::json(report),
        (OutputFormat::Human, false) => {
            if let Some(path) = &args.output {
                let mut out = NoColor::new(std::io::BufWriter::new(std::fs::File::create(path)?));
                report::human::write(report, &mut out, args.quiet, args.verbose)?;
                return out.get_mut().flush();
            }
            let color = color_choice(args.color, true);
            // Line by line to a terminal, as it is written; a block at a time to a pipe or
            // file (a write call per line made a large report's writing its slowest part).
            let mut out: Box<dyn WriteColor> =
                if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                    Box::new(StandardStream::stdout(color))
                } else {
                    Box::new(BufferedStandardStream::stdout(color))
                };
            report::human::write(report, &mut out, args.quiet, args.verbose)?;
            return out.flush();
        }
        // Written as they are rendered: a large report is never held whole.
        (OutputFormat::Json, false) => {
            return to_output(args, |out| report::json::write(report, out));
        }
        (OutputFormat::Sarif, _) => {
            return to_output(args, |out| {
                report::sarif::write(report, args.sarif_suppressed, out)
            });
        }
        (OutputFormat::Github, _) => {
            return to_output(args, |out| report::github::write(report, out));
        }
        (OutputFormat::Junit, _) => {
            return to_output(args, |out| report::junit::write(report, out));
        }
    };
    match &args.output {
        Some(path) => std::fs::write(path, &text),
        None => std::io::stdout().write_all(text.as_bytes()),
    }
}

/// Runs `write` on `--output`'s file, or else on standard output (each reporter buffers).
fn to_output(
    args: &CheckArgs,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match &args.output {
        Some(path) => write(&mut std::fs::File::create(path)?),
        None => write(&mut std::io::stdout().lock()),
    }
}

fn print_out(s: &str) -> i32 {
    match std::io::stdout().write_all(s.as_bytes()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(_) => 2,
    }
}

fn color_choice(c: Color, stdout: bool) -> ColorChoice {
    match c {
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
        Color::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let terminal = if stdout {
                std::io::IsTerminal::is_terminal(&std::io::stdout())
            } else {
                std::io::IsTerminal::is_terminal(&std::io::stderr())
            };
            // Decided here, not by termcolor's `Auto`, which takes an empty `NO_COLOR` as set
            // (no-color.org: only a non-empty value counts).
            let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
            if no_color || dumb || !terminal {
                ColorChoice::Never
            } else {
                ColorChoice::Always
            }
        }
    }
}

/// Whether `target` (given by `flag`) is, under any name, a file the run read (a form, a
/// config, a context or rule file) other than `allowed`; if so, says so on standard error.
fn overwrites_read(
    report: &Report,
    flag: &str,
    target: Option<&Path>,
    allowed: Option<&Path>,
) -> bool {
    let Some(target) = target else {
        return false;
    };
    let Ok(real) = std::fs::canonicalize(target) else {
        return false;
    };
    if allowed.and_then(|a| std::fs::canonicalize(a).ok()).as_ref() == Some(&real) {
        return false;
    }
    // Only files of its name or of its size are resolved (a run of thousands of files
    // resolves a few): a file read through a symbolic link of another name has the size.
    let name = real.file_name();
    let size = std::fs::metadata(&real).map_or(u64::MAX, |m| m.len());
    // A file found or named that is not datamin's (last run's `report.json`, a
    // `package.json`) was looked at and let go: it holds nothing the run reads, and writing
    // over it is what was asked. One that could not be read (not UTF-8, too large) may
    // still be a form.
    let foreign: std::collections::HashSet<usize> =
        report.foreign.iter().map(|&f| f as usize).collect();
    let read = (report.files.iter().enumerate())
        .filter(|(i, _)| !foreign.contains(i))
        .map(|(_, f)| f)
        .find(|f| {
            (f.path.file_name() == name || u64::try_from(f.len()).is_ok_and(|n| n == size))
                && std::fs::canonicalize(&f.path).is_ok_and(|p| p == real)
        });
    let Some(read) = read else {
        return false;
    };
    let _ = writeln!(
        std::io::stderr(),
        "error: `{flag}` names {}, a file this run reads: it would be overwritten\n  = help: write to another file",
        datamin::source::display_path(&read.path)
    );
    true
}

/// `datamin audit`: errors on stderr, the audit on stdout or in `--output`; exit 2 on any
/// error (the audit of what could be read is still written), else 0.
fn run_audit(args: AuditArgs) -> i32 {
    // `check` reads `-` as standard input; an audit reads a vendor's whole configuration,
    // files that name each other, which standard input cannot be.
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        let _ = writeln!(
            std::io::stderr(),
            "error: `datamin audit` does not read standard input (`-`)\n  = help: name the export's files or its folder"
        );
        return 2;
    }
    let (report, audit) = datamin::audit::run(&datamin::audit::AuditOptions {
        inputs: CheckOptions {
            paths: args.paths,
            config: args.config,
            threads: args.threads,
            ..CheckOptions::default()
        },
        breach_window: args.breach_window,
        breach_processor: args.breach_processor,
    });
    if !report.errors.is_empty() {
        let color = color_choice(Color::Auto, false);
        let _ = report::human::write_errors(&report, &mut StandardStream::stderr(color), false);
    }
    let code = if report.errors.is_empty() { 0 } else { 2 };
    let Some(audit) = audit else {
        return 2;
    };
    if overwrites_read(&report, "--output", args.output.as_deref(), None) {
        return 2;
    }
    // The JSON audit is written as it is serialized, never held whole.
    let write = |out: &mut dyn std::io::Write| match args.format {
        AuditFormat::Markdown => out.write_all(report::audit_markdown::render(&audit).as_bytes()),
        AuditFormat::Json => report::audit_json::write(&audit, &report, out),
        AuditFormat::Html => out.write_all(report::audit_html::render(&audit).as_bytes()),
    };
    match &args.output {
        Some(path) => match std::fs::File::create(path).and_then(|mut f| write(&mut f)) {
            Ok(()) => code,
            Err(e) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "error: cannot write {}: {e}",
                    path.display()
                );
                2
            }
        },
        None => match write(&mut std::io::stdout().lock()) {
            Ok(()) => code,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
            Err(_) => 2,
        },
    }
}

// mimalloc: datamin allocates many small strings and nodes across threads; glibc's malloc
// spent a fifth of a large run in malloc and free (10k forms: 0.35 s with glibc, 0.27 s with
// mimalloc). Without transparent huge pages (`no_thp`): with them, mimalloc zeroed a fresh
// 2 MiB page for each batch and doubled peak memory (88 MiB against 47 MiB) for no speed.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
