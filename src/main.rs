//! The `datamin` binary: parse arguments, call the library, map the outcome to an exit code.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use datamin::cli::{
    AuditArgs, AuditFormat, Cli, ColorChoice as Color, Command, FailOn, OutputFormat,
};
use datamin::report::{self, Report};
use datamin::rules::Severity;
use datamin::CheckOptions;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => {
            let report = datamin::check(&CheckOptions {
                paths: args.paths,
                config: args.config,
                threads: args.threads,
            });
            let fail_on = match args.fail_on {
                FailOn::Error => Severity::Error,
                FailOn::Warning => Severity::Warning,
                FailOn::Note => Severity::Note,
            };
            let written = match args.format {
                OutputFormat::Human => {
                    let mut out = StandardStream::stdout(color_choice(args.color));
                    report::human::write(&report, &mut out, args.quiet, args.verbose)
                }
                OutputFormat::Json => {
                    std::io::stdout().write_all(report::json::render(&report).as_bytes())
                }
            };
            match written {
                Ok(()) => report.exit_code(fail_on),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => report.exit_code(fail_on),
                Err(_) => 2,
            }
        }
        Command::Audit(args) => run_audit(args),
        Command::ParseOnly { paths, threads } => {
            let (files, failed) = datamin::parse_only(&CheckOptions {
                paths,
                config: None,
                threads,
            });
            print_out(&format!("{files} files parsed, {failed} failed\n"))
        }
        Command::Rules => {
            let mut r = Report::default();
            let rules = datamin::load_rules(None, &mut r);
            print_out(&report::rules::table(&rules))
        }
        Command::Explain { rule } => {
            let mut r = Report::default();
            let rules = datamin::load_rules(None, &mut r);
            match rules.find(&rule) {
                Some(rule) => print_out(&report::rules::explain(rule)),
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

fn print_out(s: &str) -> i32 {
    match std::io::stdout().write_all(s.as_bytes()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(_) => 2,
    }
}

fn color_choice(c: Color) -> ColorChoice {
    match c {
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
        Color::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            if no_color || !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                ColorChoice::Never
            } else {
                ColorChoice::Auto
            }
        }
    }
}

/// `datamin audit`: errors on stderr, the audit on stdout or in `--output`; exit 2 on any
/// error (the audit of what could be read is still written), else 0.
fn run_audit(args: AuditArgs) -> i32 {
    let (report, audit) = datamin::audit::run(&datamin::audit::AuditOptions {
        inputs: CheckOptions {
            paths: args.paths,
            config: args.config,
            threads: args.threads,
        },
        breach_window: args.breach_window,
        breach_processor: args.breach_processor,
    });
    if !report.errors.is_empty() {
        let color = if std::io::IsTerminal::is_terminal(&std::io::stderr())
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        {
            ColorChoice::Auto
        } else {
            ColorChoice::Never
        };
        let _ = report::human::write(&report, &mut StandardStream::stderr(color), true, false);
    }
    let code = if report.errors.is_empty() { 0 } else { 2 };
    let Some(audit) = audit else {
        return 2;
    };
    let text = match args.format {
        AuditFormat::Markdown => report::audit_markdown::render(&audit),
        AuditFormat::Json => report::audit_json::render(&audit, &report),
        AuditFormat::Html => report::audit_html::render(&audit),
    };
    match &args.output {
        Some(path) => match std::fs::write(path, text) {
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
        None => match print_out(&text) {
            0 => code,
            other => other,
        },
    }
}

// mimalloc: datamin allocates many small strings and nodes across threads; glibc's malloc
// spent a fifth of a large run in malloc and free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
