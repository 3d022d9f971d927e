//! Command-line arguments (clap) and the commands behind them, one file per command. All
//! cleaning logic lives in the library; this module parses, loads rules, calls the library and
//! prints (the progress bar and the summaries too).

mod clean;
mod explain;
mod filter;
mod report;
mod rules;

/// Appends a line to the command's output buffer.
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}
pub(crate) use outln;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use newsclean::engine::{load_sources, RuleSet};
use newsclean::read::Limits;
use newsclean::rules::{embedded_sources, sources_from_path};
use newsclean::rules::{LoadError, RuleSource};
use newsclean::write::dolma::DolmaOptions;

pub use clean::CleanArgs;
pub use explain::ExplainArgs;
pub use filter::FilterArgs;
pub use report::ReportArgs;
pub use rules::RulesCommand;

/// Exit code: every input cleaned or rejected.
pub const EXIT_OK: u8 = 0;
/// Exit code: some inputs failed (the rest were still written).
pub const EXIT_SOME_FAILED: u8 = 1;
/// Exit code: usage or rule-file error; nothing was written.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: stopped by Ctrl-C (128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

const AFTER_HELP: &str = "Exit codes: 0 every input cleaned or rejected; 1 some inputs failed (the rest were written); 2 usage or rule-file error (nothing written); 130 interrupted by Ctrl-C (the manifest holds what was done).";

/// Turns scraped news pages into clean article text with provenance.
#[derive(Parser, Debug)]
#[command(name = "newsclean", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Clean text dumps and HTML pages into OUT: clean text, manifest.jsonl and run.json.
    Clean(CleanArgs),
    /// Check, test or list rule files.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Show what the rules remove from one file, and which rule removes what.
    Explain(ExplainArgs),
    /// Clean JSON Lines records from stdin into dolma records on stdout, in input order.
    Filter(FilterArgs),
    /// Write a self-contained HTML report of what the rules did in a run (OUT of `clean`).
    Report(ReportArgs),
}

/// How dolma records are written (`filter`, `clean --format jsonl`).
#[derive(Args, Debug, Clone)]
pub struct DolmaArgs {
    /// `source` of records whose input names none.
    #[arg(long, value_name = "NAME", default_value = "newsclean")]
    pub source: String,
    /// `added` of records whose input names none (RFC 3339). Default: SOURCE_DATE_EPOCH if
    /// set, else the time the run starts (the one thing that then differs between runs).
    #[arg(long, value_name = "TIMESTAMP")]
    pub added: Option<String>,
    /// Also write rejected and failed documents (empty text; status and reason in metadata).
    #[arg(long)]
    pub keep_rejected: bool,
}

impl DolmaArgs {
    /// The options, or `None` after printing why they are unusable.
    fn options_or_report(&self) -> Option<DolmaOptions> {
        self.options().map_err(|e| eprintln!("newsclean: {e:#}")).ok()
    }

    fn options(&self) -> Result<DolmaOptions> {
        if let Some(a) = &self.added {
            humantime::parse_rfc3339_weak(a)
                .with_context(|| format!("--added {a:?} is not an RFC 3339 timestamp"))?;
        }
        Ok(DolmaOptions {
            source: self.source.clone(),
            added: DolmaOptions::resolve_added(self.added.clone()),
            keep_rejected: self.keep_rejected,
        })
    }
}

/// Bounds on one document (`clean`, `filter`).
#[derive(Args, Debug, Clone, Copy)]
pub struct LimitArgs {
    /// Largest input (file or record) in bytes; a larger one is rejected with the reason.
    #[arg(long, default_value_t = Limits::default().max_bytes)]
    pub max_bytes: u64,
    /// Deepest HTML element nesting (estimated from the tags); a deeper page is rejected.
    #[arg(long, default_value_t = Limits::default().max_dom_depth)]
    pub max_dom_depth: usize,
}

impl LimitArgs {
    fn limits(self) -> Limits {
        Limits {
            max_bytes: self.max_bytes,
            max_dom_depth: self.max_dom_depth,
        }
    }
}

/// Which rule files to load.
#[derive(Args, Debug, Clone)]
pub struct RuleArgs {
    /// Rule files or folders loaded on top of the embedded defaults (a rule with the id of an
    /// earlier one replaces it). May be given more than once.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Start from no rules instead of the embedded defaults.
    #[arg(long)]
    pub no_default_rules: bool,
}

impl RuleArgs {
    /// The rules these options name; `None` once their errors are reported.
    pub fn load(&self) -> Option<&'static RuleSet> {
        load_rules(&self.rules, self.no_default_rules)
    }
}

/// Writes a command's output to stdout; a reader that went away (`| head`) ends it quietly.
pub fn print_out(out: &str) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Runs the parsed command and returns the process exit code.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Clean(args) => clean::clean(args),
        Command::Rules(cmd) => rules::rules(cmd),
        Command::Explain(args) => explain::explain(args),
        Command::Filter(args) => filter::filter(args),
        Command::Report(args) => report::report(args),
    }
}

/// Loads defaults (unless turned off) plus `extra`, printing every error; `None` on errors.
/// The set serves until the process exits and is never freed: freeing the compiled automata
/// took ~2 ms at each exit, for memory the exit returns anyway.
pub fn load_rules(extra: &[PathBuf], no_defaults: bool) -> Option<&'static RuleSet> {
    let mut sources: Vec<RuleSource> = if no_defaults {
        Vec::new()
    } else {
        embedded_sources()
    };
    let mut errors: Vec<LoadError> = Vec::new();
    for p in extra {
        match sources_from_path(p) {
            Ok(s) => sources.extend(s),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        match load_sources(&sources) {
            Ok(set) => return Some(Box::leak(Box::new(set))),
            Err(errs) => errors = errs,
        }
    }
    for e in &errors {
        eprintln!("{e}");
    }
    eprintln!("newsclean: {} rule-file error(s); nothing was done", errors.len());
    None
}
