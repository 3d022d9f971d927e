//! `newsclean report`: a run's report page.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::{RuleArgs, EXIT_OK, EXIT_USAGE};

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

pub fn report(args: ReportArgs) -> Result<ExitCode> {
    let Some(rules) = args.rules.load() else {
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
