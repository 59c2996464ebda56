//! Compute market demand per skill from job postings and print `skills/demand.toml`; with
//! `--market FILE`, also write the built-in market (`skills/market.tsv`: each posting's level,
//! month and skill ids, no text).
//!
//! ```sh
//! scripts/demand.sh                      # the usual way: reads ../shared/corpus, writes both files
//! cargo run --release --example demand -- POSTINGS.jsonl --date 2026-11-25 > skills/demand.toml
//! ```
//!
//! POSTINGS.jsonl holds one JSON object per line with at least `id` and `description`. When the
//! file is absent (the postings are local data, not part of the repository) this says so and
//! exits 0 without output, so the committed figures stay as they are.

use std::process::ExitCode;

use skillgap::analysis::demand;
use skillgap::matcher::Matcher;
use skillgap::taxonomy::Taxonomy;

const DEFAULT_SOURCE: &str = "US LinkedIn job postings for backend software engineers, November 2025 (linkedin-backend-2025.jsonl; local data, not redistributed)";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut date = None;
    let mut source = DEFAULT_SOURCE.to_string();
    let mut market_out = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--date" => date = args.next(),
            "--market" => market_out = args.next(),
            "--source" => source = args.next().unwrap_or(source),
            _ => path = Some(a),
        }
    }
    let (Some(path), Some(date)) = (path, date) else {
        eprintln!(
            "usage: demand POSTINGS.jsonl --date YYYY-MM-DD [--source TEXT] [--market OUT.tsv]"
        );
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
    if let Some(out) = market_out {
        let role = tax.default_role().id.clone();
        let market = demand::market(&matcher, &postings, &source, &date, &role);
        if let Err(e) = std::fs::write(&out, market.to_tsv(&tax)) {
            eprintln!("demand: {out}: {e}");
            return ExitCode::from(2);
        }
        eprintln!("demand: {} postings in the market ({out})", market.len());
    }
    ExitCode::SUCCESS
}
