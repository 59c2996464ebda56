//! Local check of the document readers on the real corpus (never committed; see
//! `../shared/corpus/README.md`): `cargo run --release --example formats_check [CORPUS_DIR]`.
//!
//! 1. Parses every PDF under `pdf/livecareer/` and reports failures and time per PDF.
//! 2. Compares the skills found in each livecareer PDF with those found in its text in
//!    `resumes/livecareer-text.csv` (Jaccard similarity of the matched skill ids).
//! 3. Compares same-person pairs in `personal/` (PDF against DOCX, JSON Resume, Markdown, text).
//!
//! The corpus is looked up in CORPUS_DIR, `$SKILLGAP_CORPUS`, `../shared/corpus` next to the crate
//! and `/work/shared/corpus`; when none exists the check says so and exits 0.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use skillgap::analysis;
use skillgap::input::{self, Document, Format, Limits};
use skillgap::matcher::Matcher;
use skillgap::taxonomy::Taxonomy;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(corpus) = find_corpus() else {
        println!("formats_check: skipped, no corpus folder found");
        return Ok(());
    };
    println!("corpus: {}", corpus.display());
    let taxonomy = Taxonomy::embedded()?;
    let matcher = Matcher::new(&taxonomy);
    let skills = |doc: &Document| -> BTreeSet<String> {
        analysis::analyze(&matcher, doc, taxonomy.default_role())
            .matched
            .into_iter()
            .map(|m| m.id)
            .collect()
    };

    // 1. Every livecareer PDF.
    let mut pdfs = Vec::new();
    collect(&corpus.join("pdf"), "pdf", &mut pdfs);
    pdfs.sort();
    let mut times = Vec::new();
    let mut failures = Vec::new();
    let mut parsed: BTreeMap<String, (PathBuf, Document)> = BTreeMap::new();
    for path in &pdfs {
        let t = Instant::now();
        let result = input::read_path(path, &Limits::default());
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        match result {
            Ok(doc) => {
                let id = path
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                parsed.insert(id, (path.clone(), doc));
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    times.sort_by(f64::total_cmp);
    let total: f64 = times.iter().sum();
    println!("\n## PDFs under pdf/");
    println!(
        "parsed {} of {} PDFs; {} failures",
        parsed.len(),
        pdfs.len(),
        failures.len()
    );
    for f in &failures {
        println!("  FAIL {f}");
    }
    if !times.is_empty() {
        println!(
            "time per PDF: mean {:.1} ms, median {:.1} ms, p95 {:.1} ms, max {:.1} ms (total {:.2} s)",
            total / times.len() as f64,
            times[times.len() / 2],
            times[(times.len() * 95 / 100).min(times.len() - 1)],
            times[times.len() - 1],
            total / 1000.0
        );
    }

    // 2. livecareer PDFs against the text of the same resume.
    let csv_path = corpus.join("resumes/livecareer-text.csv");
    if let Ok(mut csv) = csv::Reader::from_path(&csv_path) {
        let mut scores = Vec::new();
        for row in csv.records().flatten() {
            let (Some(id), Some(text)) = (row.get(0), row.get(2)) else {
                continue;
            };
            let Some((path, pdf_doc)) = parsed.get(id) else {
                continue;
            };
            let text_doc = Document::from_text(id, Format::Text, text.to_string());
            let (a, b) = (skills(pdf_doc), skills(&text_doc));
            scores.push((jaccard(&a, &b), path.clone(), a, b));
        }
        report_pairs("livecareer PDF vs CSV text", &mut scores);
    } else {
        println!(
            "\n(no {}; PDF vs text comparison skipped)",
            csv_path.display()
        );
    }

    // 3. Same-person pairs in personal/.
    let mut scores = Vec::new();
    let mut personal_failures = 0;
    if let Ok(dirs) = std::fs::read_dir(corpus.join("personal")) {
        let mut dirs: Vec<PathBuf> = dirs.flatten().map(|e| e.path()).collect();
        dirs.sort();
        for dir in dirs {
            let mut files = Vec::new();
            collect(&dir, "", &mut files);
            files.sort();
            let mut docs = Vec::new();
            for f in &files {
                let t = Instant::now();
                match input::read_path(f, &Limits::default()) {
                    Ok(d) => {
                        println!(
                            "  read {} as {} in {:.0} ms: {} skills",
                            f.strip_prefix(&corpus).unwrap_or(f).display(),
                            d.format,
                            t.elapsed().as_secs_f64() * 1000.0,
                            skills(&d).len()
                        );
                        docs.push((f.clone(), d));
                    }
                    Err(e) => {
                        personal_failures += 1;
                        println!("  FAIL {e}");
                    }
                }
            }
            let (pdf, others): (Vec<_>, Vec<_>) =
                docs.iter().partition(|(_, d)| d.format == Format::Pdf);
            for (pdf_path, pdf_doc) in &pdf {
                for (other_path, other_doc) in &others {
                    let (a, b) = (skills(pdf_doc), skills(other_doc));
                    let label = PathBuf::from(format!(
                        "{} vs {}",
                        pdf_path.strip_prefix(&corpus).unwrap_or(pdf_path).display(),
                        other_path.file_name().unwrap_or_default().to_string_lossy()
                    ));
                    scores.push((jaccard(&a, &b), label, a, b));
                }
            }
        }
    }
    println!("personal/: {personal_failures} files failed to read");
    report_pairs(
        "personal/ same-person pairs (PDF vs other format)",
        &mut scores,
    );
    Ok(())
}

type Pair = (f64, PathBuf, BTreeSet<String>, BTreeSet<String>);

fn report_pairs(title: &str, scores: &mut [Pair]) {
    println!("\n## {title}");
    if scores.is_empty() {
        println!("no pairs");
        return;
    }
    let mean = scores.iter().map(|s| s.0).sum::<f64>() / scores.len() as f64;
    let perfect = scores.iter().filter(|s| s.0 >= 0.999).count();
    println!(
        "{} pairs: mean Jaccard {:.3}, {} identical, min {:.3}",
        scores.len(),
        mean,
        perfect,
        scores.iter().map(|s| s.0).fold(1.0, f64::min)
    );
    scores.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (j, path, a, b) in scores.iter().take(8).filter(|s| s.0 < 0.999) {
        let only_a: Vec<_> = a.difference(b).collect();
        let only_b: Vec<_> = b.difference(a).collect();
        println!(
            "  {:.3} {}\n        only in first: {:?}\n        only in second: {:?}",
            j,
            path.display(),
            only_a,
            only_b
        );
    }
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

fn find_corpus() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::args().nth(1).map(PathBuf::from),
        std::env::var_os("SKILLGAP_CORPUS").map(PathBuf::from),
        Some(manifest.join("../shared/corpus")),
        Some(PathBuf::from("/work/shared/corpus")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_dir())
}

/// Files under `dir` (recursively) whose extension is `ext` (any file when `ext` is empty).
fn collect(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, ext, out);
        } else if ext.is_empty() || p.extension().is_some_and(|x| x.eq_ignore_ascii_case(ext)) {
            out.push(p);
        }
    }
}
