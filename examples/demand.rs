//! Compute market demand per skill from job postings and print `skills/demand.toml`.
//!
//! ```sh
//! scripts/demand.sh                      # the usual way: reads ../shared/corpus, writes skills/demand.toml
//! cargo run --release --example demand -- POSTINGS.jsonl --date 2026-11-25 > skills/demand.toml
//! ```
//!
//! POSTINGS.jsonl holds one JSON object per line with at least `id` and `description`. When the
//! file is absent (the postings are local data, not part of the repository) this says so and
//! exits 0 without output, so the committed figures stay as they are.

use std::process::ExitCode;

use skillgap::demand;
use skillgap::matcher::Matcher;
use skillgap::taxonomy::Taxonomy;

const DEFAULT_SOURCE: &str = "US LinkedIn job postings for backend software engineers, November 2025 (linkedin-backend-2025.jsonl; local data, not redistributed)";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut date = None;
    let mut source = DEFAULT_SOURCE.to_string();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--date" => date = args.next(),
            "--source" => source = args.next().unwrap_or(source),
            _ => path = Some(a),
        }
    }
    let (Some(path), Some(date)) = (path, date) else {
        eprintln!("usage: demand POSTINGS.jsonl --date YYYY-MM-DD [--source TEXT]");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("demand: {path} not found (local data); keeping the committed figures");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("demand: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let postings = match demand::read_postings(&text) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("demand: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let tax = match Taxonomy::embedded() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("demand: built-in taxonomy: {e}");
            return ExitCode::from(2);
        }
    };
    let matcher = Matcher::new(&tax);
    let counts = demand::count(&matcher, &postings);
    print!("{}", demand::render_toml(&tax, &counts, &source, &date));
    eprintln!("demand: {} postings counted", counts.postings);
    ExitCode::SUCCESS
}
