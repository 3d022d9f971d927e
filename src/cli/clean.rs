//! `newsclean clean`: the batch run, with a progress bar on a terminal and a summary at the end.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Result;
use clap::{Args, ValueEnum};

use super::{DolmaArgs, LimitArgs, RuleArgs, EXIT_INTERRUPTED, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};
use newsclean::model::Status;
use newsclean::run::clean::{Config, OutputFormat, Progress, PART_DOCS};
use newsclean::write::summary::{RuleStats, Summary};

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// One clean `.txt` file per document.
    Text,
    /// Dolma records in `part-NNNNN.jsonl.gz` files next to the manifest.
    Jsonl,
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
    #[arg(long, value_name = "K/N", value_parser = newsclean::read::shard::Shard::parse)]
    pub shard: Option<newsclean::read::shard::Shard>,
    /// Records per part file with `--format jsonl`.
    #[arg(long, value_name = "N", default_value_t = PART_DOCS)]
    pub part_docs: usize,
    #[command(flatten)]
    pub dolma: DolmaArgs,
    /// Also write OUT/report.html (see `newsclean report`).
    #[arg(long)]
    pub report: bool,
}

pub fn clean(args: CleanArgs) -> Result<ExitCode> {
    let Some(rules) = args.rules.load() else {
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let Some(dolma) = args.dolma.options_or_report() else {
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let format = match args.format {
        FormatArg::Text => OutputFormat::Text,
        FormatArg::Jsonl => OutputFormat::Jsonl,
    };
    if args.resume && format == OutputFormat::Jsonl {
        eprintln!("newsclean: --resume works with --format text only (part files are rewritten whole); run without --resume");
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    for input in &args.inputs {
        if std::fs::symlink_metadata(input).is_err() {
            eprintln!("newsclean: input {} does not exist", input.display());
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    }
    let config = Config {
        inputs: args.inputs,
        out: args.out,
        jobs: args.jobs,
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
    let bar = progress_bar(args.quiet);
    let progress = |p: Progress| match p {
        Progress::Start { files } => bar.set_length(files),
        Progress::Advance(n) => bar.inc(n),
        Progress::Finish => bar.finish_and_clear(),
    };
    let summary = match newsclean::run::clean::run(&config, rules, &progress) {
        Ok(summary) => summary,
        Err(e) => {
            bar.finish_and_clear();
            eprintln!("newsclean: clean failed: {e}");
            let code = if e.wrote_nothing() {
                EXIT_USAGE
            } else {
                EXIT_SOME_FAILED
            };
            return Ok(ExitCode::from(code));
        }
    };
    if !args.quiet {
        eprintln!("{}", summary_paragraph(&summary));
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
    let failed = summary.count(Status::Failed);
    Ok(ExitCode::from(if failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }))
}

/// A bar of files done on stderr when it is a terminal (and not `--quiet`); hidden otherwise.
fn progress_bar(quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {per_sec} eta {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// The end-of-run paragraph: documents per status, characters removed, top rules, speed.
fn summary_paragraph(s: &Summary) -> String {
    let reused = if s.reused > 0 {
        format!(" ({} reused from the earlier run)", s.reused)
    } else {
        String::new()
    };
    let mut top: Vec<(&String, &RuleStats)> = s.rules.iter().collect();
    top.sort_by(|a, b| b.1.chars_removed.cmp(&a.1.chars_removed).then(a.0.cmp(b.0)));
    let top: Vec<String> = top
        .iter()
        .take(5)
        .map(|(id, st)| format!("{id} {} chars in {} docs", st.chars_removed, st.docs))
        .collect();
    let share = if s.chars_in > 0 {
        100.0 * s.chars_removed as f64 / s.chars_in as f64
    } else {
        0.0
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "newsclean: {} cleaned, {} rejected, {} failed{reused}; removed {} of {} chars ({share:.1}%) in {:.2}s ({:.1} MB/s, {} jobs).",
        s.count(Status::Cleaned),
        s.count(Status::Rejected),
        s.count(Status::Failed),
        s.chars_removed,
        s.chars_in,
        s.seconds,
        s.mb_per_s,
        s.jobs
    );
    if !top.is_empty() {
        let _ = write!(out, " Top rules: {}.", top.join("; "));
    }
    out
}
