//! Command-line definitions (clap, derive). No logic here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "datamin",
    version,
    about = "A data-minimization linter for customer-support forms and ticket-retention configs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint form and retention files and folders.
    Check(CheckArgs),
    /// Vendor audit: who holds which data for how long, and what a breach would expose.
    Audit(AuditArgs),
    /// List every rule: the built-in ones and the config's `rule_dirs` ones.
    Rules {
        /// Config file whose `rule_dirs` rules are listed too (default: the nearest
        /// datamin.yaml above the current folder).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Show a rule's full explanation (built-in or from the config's `rule_dirs`).
    Explain {
        /// Rule id (DM001) or name (unbounded-free-text).
        rule: String,
        /// Config file whose `rule_dirs` rules are known too (default: the nearest
        /// datamin.yaml above the current folder).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Benchmark aid: discover, read and parse files only (the parse floor).
    #[command(hide = true)]
    ParseOnly {
        paths: Vec<PathBuf>,
        #[arg(long, default_value_t = 0, value_parser = threads)]
        threads: usize,
    },
}

/// The most threads `--threads` takes: far past any machine's useful number, short of the
/// thousands of threads (and seconds of start-up) a typo would otherwise start.
pub const MAX_THREADS: usize = 256;

fn threads(s: &str) -> Result<usize, String> {
    let n: usize = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number of threads"))?;
    if n > MAX_THREADS {
        return Err(format!("at most {MAX_THREADS} threads (0: one per core)"));
    }
    Ok(n)
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and folders to check; explicit files are checked whatever the include globs say.
    /// `-` reads standard input (see `--stdin-filename`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// One config file for every file (default: each file's nearest datamin.yaml above it;
    /// a folder with its own is a project of its own).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Lowest finding severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Colour in human output (`NO_COLOR` turns it off under `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Threads for reading and parsing files (default: one per core; at most 256). Output is
    /// the same whatever the number.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = threads)]
    pub threads: usize,
    /// Human output: only errors and findings, one line each, no summary (also the copy of
    /// input errors on standard error; other formats' reports are unchanged); no line for a
    /// baseline written.
    #[arg(long, short)]
    pub quiet: bool,
    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The path standard input (`-`) stands for: picks its format and config, names it in
    /// reports.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Findings listed in this baseline file do not count.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write every current finding to this baseline file and exit 0 (exit 2, writing
    /// nothing, when there are input errors).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Print how many findings each rule has instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Run only these rules: ids (DM001), names (unbounded-free-text) or id prefixes (DM1),
    /// comma-separated or repeated. The config still sets their levels; one it turns off runs
    /// only if named by id or name.
    // Split by the parser, not clap: an error then quotes the whole argument.
    #[arg(long, value_name = "RULES", value_parser = crate::rules::select::parse_list)]
    pub select: Vec<crate::rules::select::RuleList>,
    /// Turn these rules off (as `--select` names them), after `--select` and the config.
    #[arg(long, value_name = "RULES", value_parser = crate::rules::select::parse_list)]
    pub ignore: Vec<crate::rules::select::RuleList>,
    /// Report suppressions that silence nothing (DM903), of the rules that run, and retention
    /// policies' `forms` globs that match no form (DM109). For runs over the whole project: in a
    /// run over some files (pre-commit) the others' forms are not read.
    #[arg(long)]
    pub report_unused: bool,
    /// SARIF: also list suppressed findings, each with a `suppressions` entry (viewers that
    /// honour it show them dismissed; GitHub code scanning opens alerts for them).
    #[arg(long)]
    pub sarif_suppressed: bool,
    /// Skip named files that no format claims, instead of reporting errors (for pre-commit,
    /// which passes every changed file); broken YAML and JSON, and files several formats
    /// claim, stay errors.
    #[arg(long)]
    pub ignore_unknown: bool,
    /// Apply the config's `exclude` to files named on the command line too (for pre-commit,
    /// which names changed files), as a walk of the folders would: a named file that its
    /// project's `exclude` leaves out, or that is in a nested project an enclosing project's
    /// `exclude` leaves out, is not read, and is listed as skipped.
    #[arg(long)]
    pub force_exclude: bool,
    /// Also list the files found but not checked (not in a format datamin reads), and why.
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML.
    Junit,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// Files and folders to audit, as for `check`.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Config file (default: datamin.yaml found by walking up from the first path).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// A breach to play out: ISO dates, both included (e.g. 2021-08-01..2023-02-10).
    #[arg(long, value_name = "FROM..TO", value_parser = crate::audit::Window::parse)]
    pub breach_window: Option<crate::audit::Window>,
    /// The processor breached (`in-house` for the in-house copy; default: every holder).
    #[arg(long, value_name = "ID", requires = "breach_window")]
    pub breach_processor: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Markdown)]
    pub format: AuditFormat,
    /// Write the audit to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Threads for reading and parsing files, as for `check`.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = threads)]
    pub threads: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AuditFormat {
    Markdown,
    Json,
    Html,
}
