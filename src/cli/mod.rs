//! Command-line arguments (clap) and the commands behind them. All cleaning logic lives in the
//! library; this module parses, loads rules, calls the library and prints.

mod explain;

/// Appends a line to the command's output buffer.
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}
pub(crate) use outln;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use newsclean::pipeline;
use newsclean::rules::load::{embedded_sources, sources_from_path};
use newsclean::rules::{load_sources, LoadError, RuleSet, RuleSource};

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

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The output folder of a `clean` run.
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// Where to write the report (default: OUT/report.html).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// An earlier run's output folder: show what changed, per rule and per document.
    #[arg(long, value_name = "OLD_OUT")]
    pub baseline: Option<PathBuf>,
    /// Folders or files the run's inputs are in, if not where run.json says.
    #[arg(long = "inputs", value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    /// Documents listed one by one (the rule table and charts count them all).
    #[arg(long, value_name = "N", default_value_t = newsclean::report::MAX_DOCS)]
    pub max_docs: usize,
    /// The rules the run used, for HTML pages' extracted text (default: the embedded ones).
    #[command(flatten)]
    pub rules: RuleArgs,
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
    fn options_or_report(&self) -> Option<newsclean::dolma::DolmaOptions> {
        self.options().map_err(|e| eprintln!("newsclean: {e:#}")).ok()
    }

    fn options(&self) -> Result<newsclean::dolma::DolmaOptions> {
        if let Some(a) = &self.added {
            humantime::parse_rfc3339_weak(a)
                .with_context(|| format!("--added {a:?} is not an RFC 3339 timestamp"))?;
        }
        Ok(newsclean::dolma::DolmaOptions {
            source: self.source.clone(),
            added: newsclean::dolma::DolmaOptions::resolve_added(self.added.clone()),
            keep_rejected: self.keep_rejected,
        })
    }
}

#[derive(Args, Debug)]
pub struct FilterArgs {
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub dolma: DolmaArgs,
    /// Worker threads (0: one per core). Output is identical whatever the number.
    #[arg(short, long, default_value_t = 0)]
    pub jobs: usize,
    /// No summary on stderr (malformed lines are still reported).
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Bounds on one document (`clean`, `filter`).
#[derive(Args, Debug, Clone, Copy)]
pub struct LimitArgs {
    /// Largest input (file or record) in bytes; a larger one is rejected with the reason.
    #[arg(long, default_value_t = pipeline::Limits::default().max_bytes)]
    pub max_bytes: u64,
    /// Deepest HTML element nesting (estimated from the tags); a deeper page is rejected.
    #[arg(long, default_value_t = pipeline::Limits::default().max_dom_depth)]
    pub max_dom_depth: usize,
}

impl LimitArgs {
    fn limits(self) -> pipeline::Limits {
        pipeline::Limits {
            max_bytes: self.max_bytes,
            max_dom_depth: self.max_dom_depth,
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// One clean `.txt` file per document.
    Text,
    /// Dolma records in `part-NNNNN.jsonl.gz` files next to the manifest.
    Jsonl,
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

#[derive(Args, Debug)]
pub struct CleanArgs {
    /// Files and folders to clean (folders are walked recursively; links are not followed).
    #[arg(value_name = "INPUT", default_value = "seeds")]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, value_name = "OUT", default_value = "cleaned")]
    pub out: PathBuf,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Worker threads (0: one per core). Outputs are identical whatever the number.
    #[arg(short, long, default_value_t = 0)]
    pub jobs: usize,
    /// No progress bar and no summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// Reuse what an earlier (perhaps interrupted) run into OUT already did: inputs whose source
    /// hash, rules digest and output still match are not cleaned again.
    #[arg(long)]
    pub resume: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// What OUT gets per document: a `.txt` file, or a dolma record in a part file.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Clean only shard K of N (0 <= K < N), chosen by a hash of each input's relative path:
    /// the N shards of a job array together clean every input once.
    #[arg(long, value_name = "K/N", value_parser = newsclean::shard::Shard::parse)]
    pub shard: Option<newsclean::shard::Shard>,
    /// Records per part file with `--format jsonl`.
    #[arg(long, value_name = "N", default_value_t = pipeline::PART_DOCS)]
    pub part_docs: usize,
    #[command(flatten)]
    pub dolma: DolmaArgs,
    /// Also write OUT/report.html (see `newsclean report`).
    #[arg(long)]
    pub report: bool,
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Load and validate rule files; report every error as file:line:col.
    Check(RulePaths),
    /// Run every rule's examples through the pipeline; exit 1 on any failure.
    Test(RulePaths),
    /// Clean INPUTs on one thread, writing nothing, and show what each rule's searches cost.
    Profile(ProfileArgs),
    /// List rules: id, kind, action, file:line, doc.
    List {
        #[command(flatten)]
        paths: RulePaths,
        /// One JSON object per rule.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub struct RulePaths {
    /// Rule files or folders, loaded on top of the embedded defaults.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Leave the embedded defaults out.
    #[arg(long)]
    pub no_default_rules: bool,
}

#[derive(Args, Debug)]
pub struct ProfileArgs {
    /// Files and folders to clean (folders are walked recursively).
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// One JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The file to explain (text dump or HTML page).
    pub file: PathBuf,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Print the removals as JSON instead of the marked text.
    #[arg(long)]
    pub json: bool,
    /// Colour the removed spans (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

/// Lines only in `expected` (`- `) and only in `got` (`+ `), in order: the diff of an example.
fn line_diff(expected: &str, got: &str) -> Vec<String> {
    let want: Vec<&str> = expected.lines().collect();
    let have: Vec<&str> = got.lines().collect();
    let mut out: Vec<String> = want
        .iter()
        .filter(|l| !have.contains(l))
        .map(|l| format!("- {l}"))
        .collect();
    out.extend(
        have.iter()
            .filter(|l| !want.contains(l))
            .map(|l| format!("+ {l}")),
    );
    out
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
        Command::Clean(args) => clean(args),
        Command::Rules(cmd) => rules(cmd),
        Command::Explain(args) => explain::explain(args),
        Command::Filter(args) => filter(args),
        Command::Report(args) => report(args),
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

fn clean(args: CleanArgs) -> Result<ExitCode> {
    let Some(rules) = load_rules(&args.rules.rules, args.rules.no_default_rules) else {
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let Some(dolma) = args.dolma.options_or_report() else {
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let format = match args.format {
        FormatArg::Text => pipeline::OutputFormat::Text,
        FormatArg::Jsonl => pipeline::OutputFormat::Jsonl,
    };
    if args.resume && format == pipeline::OutputFormat::Jsonl {
        eprintln!("newsclean: --resume works with --format text only (part files are rewritten whole); run without --resume");
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    for input in &args.inputs {
        if std::fs::symlink_metadata(input).is_err() {
            eprintln!("newsclean: input {} does not exist", input.display());
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    }
    let config = pipeline::Config {
        inputs: args.inputs,
        out: args.out,
        jobs: args.jobs,
        quiet: args.quiet,
        limits: args.limits.limits(),
        resume: args.resume,
        stop: Arc::new(AtomicBool::new(false)),
        format,
        shard: args.shard,
        dolma,
        part_docs: args.part_docs,
    };
    // Ctrl-C: finish the batch in flight, write the manifest of what is done, exit 130.
    let stop = config.stop.clone();
    let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    let summary = pipeline::run(&config, rules).context("clean failed")?;
    if !args.quiet {
        eprintln!("{}", pipeline::summary_paragraph(&summary));
    }
    if args.report && !summary.interrupted {
        let options = newsclean::report::ReportOptions {
            out: config.out.clone(),
            baseline: None,
            inputs: Vec::new(),
            max_docs: newsclean::report::MAX_DOCS,
            limits: config.limits,
        };
        let path = config.out.join("report.html");
        newsclean::report::write(&options, rules, &path)?;
        if !args.quiet {
            eprintln!("newsclean: report written to {}", path.display());
        }
    }
    if summary.interrupted {
        eprintln!("newsclean: interrupted; the manifest holds what was done (`--resume` goes on)");
        return Ok(ExitCode::from(EXIT_INTERRUPTED));
    }
    let failed = summary.counts.get("failed").copied().unwrap_or(0);
    Ok(ExitCode::from(if failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }))
}

fn filter(args: FilterArgs) -> Result<ExitCode> {
    let Some(rules) = load_rules(&args.rules.rules, args.rules.no_default_rules) else {
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let Some(dolma) = args.dolma.options_or_report() else {
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let options = newsclean::filter::FilterOptions {
        jobs: args.jobs,
        dolma,
        limits: args.limits.limits(),
    };
    let stdin = std::io::stdin().lock();
    let stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let report = |msg: &str| eprintln!("newsclean filter: stdin: {msg}");
    let counts = newsclean::filter::run(stdin, stdout, rules, &options, report).context("filter failed")?;
    if !args.quiet {
        eprintln!(
            "newsclean filter: {} records: {} cleaned, {} rejected, {} failed, {} written; {} malformed lines skipped",
            counts.records, counts.cleaned, counts.rejected, counts.failed, counts.written, counts.malformed
        );
    }
    // Failed records are an outcome of the stream (counted, kept with --keep-rejected), not an
    // error of the run: a pipe in a Spark task must not fail for one odd document.
    Ok(ExitCode::from(EXIT_OK))
}

fn report(args: ReportArgs) -> Result<ExitCode> {
    let Some(rules) = load_rules(&args.rules.rules, args.rules.no_default_rules) else {
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    for dir in std::iter::once(&args.out).chain(&args.baseline) {
        if !dir.join("manifest.jsonl").is_file() {
            eprintln!(
                "newsclean: {} has no manifest.jsonl; give the output folder of a `newsclean clean` run",
                dir.display()
            );
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    }
    let options = newsclean::report::ReportOptions {
        out: args.out.clone(),
        baseline: args.baseline,
        inputs: args.inputs,
        max_docs: args.max_docs,
        limits: Default::default(),
    };
    let path = args.output.unwrap_or_else(|| args.out.join("report.html"));
    let report = newsclean::report::write(&options, rules, &path)?;
    eprintln!(
        "newsclean: report of {} documents and {} rules written to {}",
        report.documents(),
        report.rules.len(),
        path.display()
    );
    Ok(ExitCode::from(EXIT_OK))
}

/// The rules' costs and the stages', dearest first, as milliseconds and shares of the whole
/// documents' time.
fn profile_table(p: &newsclean::profile::Profile, set: &RuleSet, out: &mut String) {
    use newsclean::profile::{Cost, Stage};
    let ms = |nanos: u64| nanos as f64 / 1e6;
    let share = |nanos: u64| 100.0 * nanos as f64 / p.nanos.max(1) as f64;
    let seconds = p.nanos as f64 / 1e9;
    outln!(
        out,
        "{} files, {:.1} MB in {:.2} s on one thread ({:.1} MB/s; hashing and writing not included)",
        p.files,
        p.bytes as f64 / 1e6,
        seconds,
        p.bytes as f64 / 1e6 / seconds.max(1e-9)
    );
    // (what, cost, whether it finds spans)
    let mut rows: Vec<(String, Cost, bool)> = set
        .rules
        .iter()
        .zip(&p.rules)
        .filter(|(r, c)| c.calls > 0 && !finds_nothing_in_text(r))
        .map(|(r, c)| (r.id.clone(), *c, true))
        .collect();
    let listed_rules = rows.len();
    rows.push(("(keyword automaton, all keywords rules)".into(), p.keywords, true));
    rows.push((
        "(prefilter: which pattern rules may match)".into(),
        p.prefilter,
        false,
    ));
    let searched: u64 = rows.iter().map(|(_, c, _)| c.nanos).sum();
    for stage in Stage::ALL {
        rows.push((format!("[{}]", stage.name()), p.stages[stage as usize], false));
    }
    let accounted: u64 = rows.iter().map(|(_, c, _)| c.nanos).sum();
    let rest = Cost {
        nanos: p.nanos.saturating_sub(accounted),
        ..Cost::default()
    };
    rows.push((
        "[the rest: merging removals, rounds, output text]".into(),
        rest,
        false,
    ));
    rows.sort_by(|a, b| b.1.nanos.cmp(&a.1.nanos).then_with(|| a.0.cmp(&b.0)));
    outln!(
        out,
        "rule searches {:.0} ms ({:.1} %)",
        ms(searched),
        share(searched)
    );
    outln!(
        out,
        "{:>9} {:>6} {:>7} {:>8}  part",
        "ms",
        "share",
        "calls",
        "hits"
    );
    for (what, c, finds) in &rows {
        let hits = if *finds { c.hits.to_string() } else { "-".into() };
        let calls = if c.calls > 0 {
            c.calls.to_string()
        } else {
            "-".into()
        };
        outln!(
            out,
            "{:>9.1} {:>5.1}% {calls:>7} {hits:>8}  {what}",
            ms(c.nanos),
            share(c.nanos)
        );
    }
    outln!(
        out,
        "{} rules not listed: keywords rules (the automaton's row), HTML selectors (part of \
         extraction), and rules disabled, out of every file's scope or with no possible match",
        set.rules.len() - listed_rules
    );
}

/// Rules whose own search finds nothing in text: keywords rules (found by the shared automaton)
/// and the HTML-only kinds.
fn finds_nothing_in_text(rule: &newsclean::rules::Rule) -> bool {
    rule.kind.keywords().is_some() || rule.kind.html_only()
}

fn profile_json(p: &newsclean::profile::Profile, set: &RuleSet) -> serde_json::Value {
    let cost = |c: &newsclean::profile::Cost| serde_json::json!({"calls": c.calls, "hits": c.hits, "ms": c.nanos as f64 / 1e6});
    let rules: serde_json::Map<String, serde_json::Value> = set
        .rules
        .iter()
        .zip(&p.rules)
        .map(|(r, c)| (r.id.clone(), cost(c)))
        .collect();
    serde_json::json!({
        "files": p.files, "bytes": p.bytes, "ms": p.nanos as f64 / 1e6,
        "keywords": cost(&p.keywords), "prefilter": cost(&p.prefilter), "rules": rules,
        "stages": newsclean::profile::Stage::ALL.iter().map(|&s| (s.name().to_string(), cost(&p.stages[s as usize])))
            .collect::<serde_json::Map<_, _>>(),
    })
}

fn rules(cmd: RulesCommand) -> Result<ExitCode> {
    let mut out = String::new();
    let code = rules_into(cmd, &mut out)?;
    print_out(&out)?;
    Ok(code)
}

fn rules_into(cmd: RulesCommand, out: &mut String) -> Result<ExitCode> {
    match cmd {
        RulesCommand::Check(p) => {
            let Some(set) = load_rules(&p.paths, p.no_default_rules) else {
                return Ok(ExitCode::from(EXIT_USAGE));
            };
            outln!(out, "ok: {} rules, digest {}", set.rules.len(), &set.digest[..16]);
            Ok(ExitCode::from(EXIT_OK))
        }
        RulesCommand::Test(p) => {
            let Some(set) = load_rules(&p.paths, p.no_default_rules) else {
                return Ok(ExitCode::from(EXIT_USAGE));
            };
            let (passed, failures) = newsclean::rules::examples::run_examples(set);
            for f in &failures {
                outln!(out, "FAIL {} {}", f.place, f.rule);
                outln!(
                    out,
                    "  input:    {}",
                    explain::sanitize(&f.input).replace('\n', "⏎")
                );
                outln!(
                    out,
                    "  expected: {}",
                    explain::sanitize(&f.expected).replace('\n', "⏎")
                );
                outln!(
                    out,
                    "  got:      {}",
                    explain::sanitize(&f.got).replace('\n', "⏎")
                );
                for line in line_diff(&f.expected, &f.got) {
                    outln!(out, "  {}", explain::sanitize(&line));
                }
            }
            let without: Vec<&str> = set
                .rules
                .iter()
                .filter(|r| r.examples.is_empty())
                .map(|r| r.id.as_str())
                .collect();
            if !without.is_empty() {
                outln!(out, "note: rules without examples: {}", without.join(", "));
            }
            outln!(out, "{passed} passed, {} failed", failures.len());
            Ok(ExitCode::from(if failures.is_empty() {
                EXIT_OK
            } else {
                EXIT_SOME_FAILED
            }))
        }
        RulesCommand::Profile(args) => {
            let Some(set) = load_rules(&args.rules.rules, args.rules.no_default_rules) else {
                return Ok(ExitCode::from(EXIT_USAGE));
            };
            let files = newsclean::pipeline::discover(&args.inputs, Path::new(""))?;
            let profile = newsclean::profile::profile_files(&files, set, &Default::default())
                .map_err(anyhow::Error::msg)?;
            if args.json {
                outln!(out, "{}", profile_json(&profile, set));
            } else {
                profile_table(&profile, set, out);
            }
            Ok(ExitCode::from(EXIT_OK))
        }
        RulesCommand::List { paths, json } => {
            let Some(set) = load_rules(&paths.paths, paths.no_default_rules) else {
                return Ok(ExitCode::from(EXIT_USAGE));
            };
            let stdout_is_tty = std::io::stdout().is_terminal();
            for r in &set.rules {
                if json {
                    let v = serde_json::json!({
                        "id": r.id, "kind": r.kind.name(), "action": r.action.name(),
                        "origin": r.origin, "enabled": r.enabled, "examples": r.examples.len(), "doc": r.doc,
                    });
                    outln!(out, "{v}");
                } else {
                    let doc = r.doc.split_whitespace().collect::<Vec<_>>().join(" ");
                    let doc = if stdout_is_tty {
                        doc.chars().take(100).collect()
                    } else {
                        doc
                    };
                    outln!(
                        out,
                        "{:<28} {:<15} {:<11} {}  {}",
                        r.id,
                        r.kind.name(),
                        r.action.name(),
                        r.origin,
                        doc
                    );
                }
            }
            Ok(ExitCode::from(EXIT_OK))
        }
    }
}
