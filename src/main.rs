//! The `skillgap` binary: parse arguments, run, map the outcome to an exit code.

mod cli;
mod run;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match run::run(&args) {
        Ok(code) => code,
        Err(err) => {
            if run::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("skillgap: error: {err:#}");
            ExitCode::from(run::EXIT_ERROR)
        }
    }
}
