//! The `newsclean` binary: parse arguments, run, map the result to an exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("newsclean: {e:#}");
            ExitCode::from(cli::EXIT_SOME_FAILED)
        }
    }
}
