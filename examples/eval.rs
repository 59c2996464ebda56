//! Accuracy on the development sets: `cargo run --release --example eval`.
//!
//! Sets: fixtures/dotin (resumes, reviewed span gold), kaggle-dev (40 resumes hand-labelled on the
//! contract ids; local data in ../shared, skipped when absent), SkillSpan train + dev (job-ad
//! sentences, fixtures/skillspan) and fixtures/tricky-dev.jsonl (hard sentences). Prints
//! technology and concept precision / recall per set, the dotin figures per category, and the
//! most common false positives and misses of each set with file and line. `--errors N` lists N
//! of each (default 10); `--dump FILE` writes every disagreement of every set as TSV.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use skillgap::eval::{self, Counts, ErrorCase, Report};
use skillgap::matcher::Matcher;
use skillgap::taxonomy::{Kind, Taxonomy};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    let n_errors: usize = value("--errors").and_then(|v| v.parse().ok()).unwrap_or(10);
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = here.join("fixtures");
    let taxonomy = Taxonomy::embedded()?;
    let matcher = Matcher::new(&taxonomy);
    let contract = eval::contract_ids(&std::fs::read_to_string(fixtures.join("skill-ids.tsv"))?);
    let mut sets: Vec<(String, Report)> = Vec::new();

    // dotin: gold from the span map, then the reviewed adjudication.
    let root = fixtures.join("dotin");
    let jsonl = std::fs::read_to_string(root.join("resumes.jsonl"))?;
    let map = std::fs::read_to_string(root.join("span-map.tsv"))?;
    let mut dotin = eval::load_dev_set(&jsonl, &map)?;
    let raw = eval::evaluate(&taxonomy, &matcher, &dotin).overall();
    let adjudication = std::fs::read_to_string(root.join("adjudication.tsv"))?;
    let (added, dropped) = eval::apply_adjudication(&mut dotin, &adjudication)?;
    let start = std::time::Instant::now();
    let report = eval::evaluate(&taxonomy, &matcher, &dotin);
    println!(
        "dotin train: {} resumes, {} with labelled spans, matched in {:.0} ms; gold from spans \
         only: P {:.3} R {:.3}; reviewed gold ({added} added, {dropped} dropped) below.",
        report.resumes,
        report.scored,
        start.elapsed().as_secs_f64() * 1000.0,
        raw.precision(),
        raw.recall()
    );
    sets.push(("dotin train".into(), report));

    // kaggle-dev: local only, labelled on the contract ids.
    let shared = here.join("../shared");
    let labels = shared.join("eval/kaggle-dev-labels.jsonl");
    let texts = shared.join("corpus/resumes/kaggle-dev");
    match std::fs::read_to_string(&labels) {
        Ok(jsonl) if texts.is_dir() => {
            let set = eval::load_id_labelled(&jsonl, |f| {
                std::fs::read_to_string(texts.join(f)).map_err(|e| e.to_string())
            })?;
            let report = eval::evaluate_within(&taxonomy, &matcher, &set, Some(&contract));
            sets.push(("kaggle-dev (contract ids)".into(), report));
        }
        _ => println!("kaggle-dev: skipped ({} absent)", labels.display()),
    }

    // SkillSpan: job-ad sentences, one document each.
    let mut skillspan = Vec::new();
    for split in ["train", "dev"] {
        let name = format!("skillspan_tech_{split}.conll");
        let conll = std::fs::read_to_string(fixtures.join("skillspan").join(&name))?;
        skillspan.extend(eval::load_conll(&conll, &name, &taxonomy)?);
    }
    let report = eval::evaluate_within(&taxonomy, &matcher, &skillspan, Some(&contract));
    sets.push((format!("{SKILLSPAN} train+dev (contract ids)"), report));

    let tricky = std::fs::read_to_string(fixtures.join("tricky-dev.jsonl"))?;
    let sentences = eval::load_sentences(&tricky)?;
    let (report, right) = eval::evaluate_sentences(&taxonomy, &matcher, &sentences);
    sets.push((
        format!("tricky-dev ({right}/{} right)", report.resumes),
        report,
    ));

    println!();
    println!(
        "{:<36} {:>6} {:>6} {:>6} {:>6}",
        "set", "tech P", "tech R", "conc P", "conc R"
    );
    for (name, report) in &sets {
        let get = |k| report.by_kind.get(&k).copied().unwrap_or_default();
        let (t, c) = (get(Kind::Technology), get(Kind::Concept));
        println!(
            "{:<36} {:>6.3} {:>6.3} {:>6.3} {:>6.3}   (tech {}/{}/{}, concept {}/{}/{} tp/fp/fn)",
            name,
            t.precision(),
            t.recall(),
            c.precision(),
            c.recall(),
            t.tp,
            t.fp,
            t.fn_,
            c.tp,
            c.fp,
            c.fn_
        );
    }

    println!();
    println!(
        "dotin train by category:\n{:<44} {:>5} {:>5} {:>5} {:>9} {:>7}",
        "category", "tp", "fp", "fn", "precision", "recall"
    );
    for (cat, c) in &sets[0].1.by_category {
        row(cat, c);
    }

    for (name, report) in &sets {
        print_errors(
            &format!("{name}: false positives"),
            &report.false_positives,
            n_errors,
        );
        print_errors(&format!("{name}: misses"), &report.misses, n_errors);
    }
    print_common(&sets, n_errors);

    if let Some(path) = value("--dump") {
        // Every disagreement, for review: set, file, id, kind, fp|fn, line, context.
        let mut out = String::from("set\tfile\tid\tkind\terror\tline\tcontext\n");
        for (name, report) in &sets {
            for (tag, cases) in [("fp", &report.false_positives), ("fn", &report.misses)] {
                for c in cases.iter() {
                    out.push_str(&format!(
                        "{name}\t{}\t{}\t{:?}\t{tag}\t{}\t{}\n",
                        c.file,
                        c.id,
                        c.kind,
                        c.line,
                        c.text.replace('\t', " ")
                    ));
                }
            }
        }
        std::fs::write(path, out)?;
    }
    Ok(())
}

/// The name of the SkillSpan set in the listings.
const SKILLSPAN: &str = "SkillSpan";

fn row(name: &str, c: &Counts) {
    println!(
        "{:<44} {:>5} {:>5} {:>5} {:>9.3} {:>7.3}",
        name,
        c.tp,
        c.fp,
        c.fn_,
        c.precision(),
        c.recall()
    );
}

/// Technology and concept errors only: soft skills are not labelled in the data.
fn scored(cases: &[ErrorCase]) -> impl Iterator<Item = &ErrorCase> {
    cases.iter().filter(|c| c.kind != Kind::Soft)
}

fn print_errors(title: &str, cases: &[ErrorCase], n: usize) {
    let mut by_id: BTreeMap<&str, Vec<&ErrorCase>> = BTreeMap::new();
    for c in scored(cases) {
        by_id.entry(&c.id).or_default().push(c);
    }
    let total: usize = by_id.values().map(Vec::len).sum();
    let mut ranked: Vec<(&str, Vec<&ErrorCase>)> = by_id.into_iter().collect();
    ranked.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    println!();
    println!("{title}: {total} in total");
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

/// The most common errors over every set together (a rule is judged on all of them). SkillSpan's
/// false positives are left out: its annotators did not mark job titles or every list item, so
/// most are right answers the gold lacks.
fn print_common(sets: &[(String, Report)], n: usize) {
    let mut by: BTreeMap<(&str, &str), (usize, BTreeSet<&str>)> = BTreeMap::new();
    for (name, report) in sets {
        for (tag, cases) in [("fp", &report.false_positives), ("fn", &report.misses)] {
            if tag == "fp" && name.starts_with(SKILLSPAN) {
                continue;
            }
            for c in scored(cases) {
                let e = by.entry((tag, c.id.as_str())).or_default();
                e.0 += 1;
                e.1.insert(name.as_str());
            }
        }
    }
    let mut ranked: Vec<_> = by.into_iter().collect();
    ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    println!();
    println!("Most common errors over all sets (of SkillSpan, misses only):");
    for ((tag, id), (count, in_sets)) in ranked.iter().take(n) {
        let sets: Vec<&str> = in_sets.iter().copied().collect();
        println!("  {count:>3} × {tag} {id:<24} in {}", sets.join(", "));
    }
}
