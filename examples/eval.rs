//! Accuracy on the labelled development set: `cargo run --release --example eval`.
//!
//! Prints precision, recall and F1 per skill kind and category, then the most common false
//! positives and misses with file and line. `--errors N` lists N examples of each (default 10).

use std::collections::BTreeMap;
use std::path::Path;

use skillgap::eval::{self, Counts, ErrorCase};
use skillgap::matcher::Matcher;
use skillgap::taxonomy::{Kind, Taxonomy};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n_errors: usize = args
        .iter()
        .position(|a| a == "--errors")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/dotin");
    let jsonl = std::fs::read_to_string(root.join("resumes.jsonl"))?;
    let map = std::fs::read_to_string(root.join("span-map.tsv"))?;
    let mut set = eval::load_dev_set(&jsonl, &map)?;
    let taxonomy = Taxonomy::embedded()?;
    let matcher = Matcher::new(&taxonomy);
    let raw = eval::evaluate(&taxonomy, &matcher, &set).overall();
    let adjudication = std::fs::read_to_string(root.join("adjudication.tsv"))?;
    let (added, dropped) = eval::apply_adjudication(&mut set, &adjudication)?;
    let start = std::time::Instant::now();
    let report = eval::evaluate(&taxonomy, &matcher, &set);
    let elapsed = start.elapsed();

    println!(
        "Development set: fixtures/dotin ({} resumes, {} with labelled spans), matched in {:.0} ms",
        report.resumes,
        report.scored,
        elapsed.as_secs_f64() * 1000.0
    );
    println!(
        "Gold from spans only: precision {:.3}, recall {:.3} (technology + concept).",
        raw.precision(),
        raw.recall()
    );
    println!("Reviewed gold (spans + adjudication.tsv: {added} added, {dropped} dropped) below.");
    println!();
    println!(
        "{:<36} {:>5} {:>5} {:>5} {:>9} {:>7} {:>6}",
        "group", "tp", "fp", "fn", "precision", "recall", "f1"
    );
    let row = |name: &str, c: &Counts| {
        println!(
            "{:<36} {:>5} {:>5} {:>5} {:>9.3} {:>7.3} {:>6.3}",
            name,
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            c.f1()
        );
    };
    for (kind, c) in &report.by_kind {
        row(&format!("kind: {kind:?}").to_lowercase(), c);
    }
    row("overall (technology + concept)", &report.overall());
    println!();
    for (cat, c) in &report.by_category {
        row(&format!("category: {cat}"), c);
    }
    if let Some(path) = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
    {
        // Every disagreement, for review: file, id, kind, fp|fn, line, context.
        let mut out = String::from("file\tid\tkind\terror\tline\tcontext\n");
        for (tag, cases) in [("fp", &report.false_positives), ("fn", &report.misses)] {
            for c in cases.iter() {
                out.push_str(&format!(
                    "{}\t{}\t{:?}\t{tag}\t{}\t{}\n",
                    c.file,
                    c.id,
                    c.kind,
                    c.line,
                    c.text.replace('\t', " ")
                ));
            }
        }
        std::fs::write(path, out)?;
    }
    print_errors(
        "False positives (found, not in gold)",
        &report.false_positives,
        n_errors,
    );
    print_errors("Misses (in gold, not found)", &report.misses, n_errors);

    // The other development sets: kaggle-dev (local only, skipped when absent) and tricky-dev.
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let labels = shared.join("eval/kaggle-dev-labels.jsonl");
    let texts = shared.join("corpus/resumes/kaggle-dev");
    match std::fs::read_to_string(&labels) {
        Ok(jsonl) if texts.is_dir() => {
            let set = eval::load_id_labelled(&jsonl, |f| {
                std::fs::read_to_string(texts.join(f)).map_err(|e| e.to_string())
            })?;
            let report = eval::evaluate(&taxonomy, &matcher, &set);
            println!();
            println!("Development set: kaggle-dev ({} resumes)", report.resumes);
            print_kinds(&report);
            print_errors(
                "kaggle-dev false positives",
                &report.false_positives,
                n_errors,
            );
            print_errors("kaggle-dev misses", &report.misses, n_errors);
        }
        _ => println!("\nkaggle-dev: skipped ({} absent)", labels.display()),
    }
    let tricky = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tricky-dev.jsonl"),
    )?;
    let sentences = eval::load_sentences(&tricky)?;
    let (report, right) = eval::evaluate_sentences(&taxonomy, &matcher, &sentences);
    println!();
    println!(
        "Development set: fixtures/tricky-dev.jsonl ({right} / {} sentences wholly right)",
        report.resumes
    );
    print_kinds(&report);
    print_errors(
        "tricky-dev false positives",
        &report.false_positives,
        n_errors,
    );
    print_errors("tricky-dev misses", &report.misses, n_errors);
    Ok(())
}

/// Technology and concept precision / recall, one line each.
fn print_kinds(report: &eval::Report) {
    for kind in [Kind::Technology, Kind::Concept] {
        let c = report.by_kind.get(&kind).copied().unwrap_or_default();
        println!(
            "  {:<11} tp {:>4} fp {:>4} fn {:>4}  precision {:.3}  recall {:.3}",
            format!("{kind:?}").to_lowercase(),
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall()
        );
    }
}

fn print_errors(title: &str, cases: &[ErrorCase], n: usize) {
    let mut by_id: BTreeMap<&str, Vec<&ErrorCase>> = BTreeMap::new();
    // Soft skills are not labelled in the data, so their "errors" say nothing.
    let cases: Vec<&ErrorCase> = cases.iter().filter(|c| c.kind != Kind::Soft).collect();
    for c in cases.iter().copied() {
        by_id.entry(&c.id).or_default().push(c);
    }
    let mut ranked: Vec<(&str, Vec<&ErrorCase>)> = by_id.into_iter().collect();
    ranked.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    println!();
    println!("{title}: {} in total", cases.len());
    for (id, cs) in ranked.iter().take(n) {
        let e = cs[0];
        println!(
            "  {:>3} × {:<24} e.g. {}:{}: {}",
            cs.len(),
            id,
            e.file,
            e.line,
            e.text
        );
    }
}
