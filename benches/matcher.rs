//! Matcher micro-benchmarks (divan), with throughput in bytes per second so regressions show:
//! `cargo bench --bench matcher`. Inputs are fixture texts: two sample resumes, one resume of the
//! dotin evaluation set, and fifty of them as one long document.

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use skillgap::analysis;
use skillgap::input::{Document, Format};
use skillgap::matcher::Matcher;
use skillgap::taxonomy::Taxonomy;

const INPUTS: &[&str] = &["alex-rivera", "robin-vale", "dotin-1", "dotin-50"];

fn main() {
    divan::main();
}

fn taxonomy() -> &'static Taxonomy {
    static T: OnceLock<Taxonomy> = OnceLock::new();
    T.get_or_init(|| Taxonomy::embedded().expect("embedded taxonomy"))
}

fn matcher() -> &'static Matcher<'static> {
    static M: OnceLock<Matcher<'static>> = OnceLock::new();
    M.get_or_init(|| Matcher::new(taxonomy()))
}

fn fixture(rel: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The first `n` resume texts of the dotin set, one after another.
fn dotin(n: usize) -> String {
    fixture("dotin/resumes.jsonl")
        .lines()
        .take(n)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("dotin line is JSON");
            v["text"].as_str().unwrap_or_default().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn document(name: &str) -> Document {
    let text = match name {
        "alex-rivera" => fixture("resumes/alex-rivera.txt"),
        "robin-vale" => fixture("formats/robin-vale.txt"),
        "dotin-1" => dotin(1),
        "dotin-50" => dotin(50),
        _ => unreachable!("unknown input {name}"),
    };
    Document::from_text(name, Format::Text, text)
}

/// Finding mentions: normalisation, the alias automaton, context rules, typo fallback.
#[divan::bench(args = INPUTS)]
fn find(bencher: Bencher, name: &str) {
    let doc = document(name);
    let m = matcher();
    bencher
        .counter(BytesCount::of_str(&doc.text))
        .bench(|| black_box(m.find(black_box(&doc))));
}

/// The whole analysis of one document: find, then gaps, coverage and score.
#[divan::bench(args = INPUTS)]
fn analyze(bencher: Bencher, name: &str) {
    let doc = document(name);
    let m = matcher();
    let role = taxonomy().default_role();
    bencher
        .counter(BytesCount::of_str(&doc.text))
        .bench(|| black_box(analysis::analyze(m, black_box(&doc), role)));
}

/// What `batch --format jsonl` does per document: analyse and write one compact JSON line.
#[divan::bench(args = INPUTS)]
fn analyze_to_jsonl(bencher: Bencher, name: &str) {
    let doc = document(name);
    let m = matcher();
    let role = taxonomy().default_role();
    let mut buf = Vec::with_capacity(256 * 1024);
    bencher
        .counter(BytesCount::of_str(&doc.text))
        .bench_local(|| {
            buf.clear();
            let a = analysis::analyze(m, black_box(&doc), role);
            serde_json::to_writer(&mut buf, &a).expect("serialises");
            black_box(buf.len())
        });
}

/// Start-up work: parse and validate the embedded taxonomy.
#[divan::bench]
fn load_taxonomy() -> Taxonomy {
    Taxonomy::embedded().expect("embedded taxonomy")
}

/// Start-up work: compile the taxonomy into the matcher (automaton, typo index).
#[divan::bench]
fn build_matcher(bencher: Bencher) {
    let tax = taxonomy();
    bencher.bench(|| black_box(Matcher::new(tax)));
}

/// Start-up work of `analyze`: the matcher for one resume's text (only the keys whose byte pairs
/// occur in it), against `build_matcher`'s every key.
#[divan::bench]
fn build_matcher_for_one_resume(bencher: Bencher) {
    let tax = taxonomy();
    let text = fixture("resumes/alex-rivera.txt");
    bencher.bench(|| black_box(Matcher::for_texts(tax, &[text.as_str()])));
}
