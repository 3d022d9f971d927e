//! `newsclean filter`: JSON Lines on stdin, dolma records on stdout.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use super::{DolmaArgs, LimitArgs, RuleArgs, EXIT_OK, EXIT_USAGE};
use newsclean::run::filter::FilterOptions;

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

pub fn filter(args: FilterArgs) -> Result<ExitCode> {
    let Some(rules) = args.rules.load() else {
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let Some(dolma) = args.dolma.options_or_report() else {
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let options = FilterOptions {
        jobs: args.jobs,
        dolma,
        limits: args.limits.limits(),
    };
    let stdin = std::io::stdin().lock();
    let stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    let report = |msg: &str| eprintln!("newsclean filter: stdin: {msg}");
    let counts =
        newsclean::run::filter::run(stdin, stdout, rules, &options, report).context("filter failed")?;
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
