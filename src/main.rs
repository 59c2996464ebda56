//! The `skillgap` binary: parse arguments, run, map the outcome to an exit code.

mod cli;
mod run;

use std::process::ExitCode;

// An analysis makes and drops thousands of small strings and vectors; mimalloc's thread-local
// free lists cut batch time by a tenth against glibc's malloc (benches/RESULTS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::parse();
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
