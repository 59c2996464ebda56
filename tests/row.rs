//! The slim batch row (`src/row.rs`): it keeps everything the cohort reports read, so every
//! batch format rendered from rows equals the one rendered from the full analyses; it reads back
//! as itself; and `parse_record` tells slim rows, full analyses and failures apart.

use skillgap::analysis::{self, gate::Gate, market, Analysis};
use skillgap::cohort::{parse_record, Failure, Record};
use skillgap::input::{self, Document, Format, Limits};
use skillgap::matcher::Matcher;
use skillgap::report::batch::{BatchFormat, CohortWriter};
use skillgap::row::Row;

use crate::common::{fixture, taxonomy};

/// Analyses of varied documents: the fixture resumes and formats, some of the bundled dotin
/// resumes, a text with negated and hobby mentions, with and without a market, two roles, a gate.
fn analyses() -> Vec<Analysis> {
    let tax = taxonomy();
    let matcher = Matcher::new(tax);
    let market = market::Market::embedded(tax)
        .unwrap()
        .expect("built-in market");
    let fitter = market::Fitter::new(tax, &market, None, 50.0).unwrap();
    let mut docs: Vec<Document> = Vec::new();
    for dir in ["resumes", "formats"] {
        let mut paths: Vec<_> = std::fs::read_dir(fixture(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for p in paths {
            if let Ok(doc) = input::read_path(&p, &Limits::default()) {
                docs.push(doc);
            }
        }
    }
    let dotin = std::fs::read_to_string(fixture("dotin/resumes.jsonl")).unwrap();
    for (i, line) in dotin.lines().take(40).enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap().to_string();
        docs.push(Document::from_text(
            format!("dotin-{i}"),
            Format::Text,
            text,
        ));
    }
    docs.push(Document::from_text(
        "negations",
        Format::Text,
        "Skills: Python, Go, PostgreSQL\nNo experience with Kubernetes.\nI would like to learn \
         Rust.\n\nHobbies\nChess, Haskell"
            .to_string(),
    ));
    let gate = Gate {
        fail_under: Some(40.0),
        require: vec!["docker".to_string()],
    };
    let dba = tax.role("database-administrator").unwrap();
    let mut out = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let role = if i % 3 == 2 { dba } else { tax.default_role() };
        let fit = (i % 4 != 3).then_some(&fitter);
        let mut a = analysis::analyze_in(&matcher, doc, role, fit);
        if i % 2 == 0 {
            a.gate = Some(gate.check(&a));
        }
        out.push(a);
    }
    assert!(out.iter().any(|a| !a.negated.is_empty()));
    out
}

/// Every batch format of `people`, rendered in order.
fn render(format: BatchFormat, people: Vec<Result<Analysis, Failure>>) -> Vec<u8> {
    let reporter = format.reporter();
    let mut out = Vec::new();
    let mut writer = CohortWriter::new(&*reporter, &mut out).unwrap();
    for (i, p) in people.into_iter().enumerate() {
        writer
            .push(CohortWriter::render(&*reporter, i + 1, p).unwrap())
            .unwrap();
    }
    writer.finish().unwrap();
    out
}

#[test]
fn every_batch_format_renders_the_same_from_rows_as_from_full_analyses() {
    let tax = taxonomy();
    let full = analyses();
    let failure = Failure {
        source: "broken.pdf".into(),
        error: "broken.pdf: the PDF is encrypted".into(),
    };
    let mut from_full: Vec<Result<Analysis, Failure>> = full.iter().cloned().map(Ok).collect();
    from_full.insert(2, Err(failure.clone()));
    let from_rows = |lean: bool| -> Vec<Result<Analysis, Failure>> {
        from_full
            .iter()
            .map(|p| match p {
                Ok(a) if lean => Ok(Row::from(a).into_lean_analysis(tax)),
                Ok(a) => Ok(Row::from(a).into_analysis(tax)),
                Err(f) => Err(f.clone()),
            })
            .collect()
    };
    for format in [
        BatchFormat::Jsonl,
        BatchFormat::Csv,
        BatchFormat::CsvLong,
        BatchFormat::Markdown,
        BatchFormat::Html,
        BatchFormat::Json,
    ] {
        let a = render(format, from_full.clone());
        assert!(a.len() > 100, "{format:?}: rendered nothing");
        assert!(
            a == render(format, from_rows(false)),
            "{format:?}: rendered from rows differs from the full analyses"
        );
        // Every format but the HTML page renders from rows without the catalogue text.
        if format != BatchFormat::Html {
            assert!(
                a == render(format, from_rows(true)),
                "{format:?}: rendered from lean rows differs"
            );
        }
    }
}

#[test]
fn a_row_keeps_what_a_pipeline_joins_on_and_reads_back_as_itself() {
    let tax = taxonomy();
    for a in analyses() {
        let row = Row::from(&a);
        // Ids, the headline, matched ids with first evidence, gap ids, plan ids by stage.
        assert_eq!(row.source, a.source);
        assert_eq!((row.score, row.coverage), (a.score, a.coverage));
        let matched: Vec<(&str, Option<usize>)> = row
            .matched
            .iter()
            .map(|m| (m.id.as_str(), m.line))
            .collect();
        let expected: Vec<(&str, Option<usize>)> = a
            .matched
            .iter()
            .map(|m| (m.id.as_str(), m.evidence.first().map(|e| e.line)))
            .collect();
        assert_eq!(matched, expected);
        let gaps = row.gaps.core.len() + row.gaps.important.len() + row.gaps.bonus.len();
        assert_eq!(gaps, a.gaps.len());
        let plan: Vec<&String> = row.plan.iter().flatten().collect();
        assert_eq!(plan, a.plan.iter().map(|s| &s.id).collect::<Vec<_>>());
        for (stage, ids) in row.plan.iter().enumerate() {
            for id in ids {
                let step = a.plan.iter().find(|s| &s.id == id).unwrap();
                assert_eq!(step.stage as usize, stage + 1, "{id}");
            }
        }
        if let (Some(rm), Some(m)) = (&row.market, &a.market) {
            assert_eq!(rm.fit, m.fit);
            let opening = m.gaps.iter().filter(|g| g.postings_gained > 0).count();
            assert_eq!(rm.gaps.len(), opening);
        }
        // Hydrated, the taxonomy's part is back as the analysis had it.
        let back = row.clone().into_analysis(tax);
        assert_eq!(back.categories, a.categories, "{}", a.source.path);
        assert_eq!(back.gaps.len(), a.gaps.len());
        for (g, h) in back.gaps.iter().zip(&a.gaps) {
            assert_eq!(
                (&g.id, &g.name, g.importance, &g.courses, g.hours),
                (&h.id, &h.name, h.importance, &h.courses, h.hours)
            );
        }
        let order = |x: &Analysis| x.market.as_ref().map(|m| m.gaps.clone());
        if let (Some(b), Some(m)) = (order(&back), order(&a)) {
            let opening: Vec<(String, usize)> = m
                .into_iter()
                .filter(|g| g.postings_gained > 0)
                .map(|g| (g.id, g.postings_gained))
                .collect();
            let b: Vec<(String, usize)> =
                b.into_iter().map(|g| (g.id, g.postings_gained)).collect();
            assert_eq!(b, opening, "market gaps in the analysis order");
        }
        // Hydrating and slimming again gives the same row; its JSON reads back as itself.
        assert_eq!(Row::from(&back), row);
        let line = serde_json::to_string(&row).unwrap();
        match parse_record(&line).unwrap() {
            Record::Row(r) => assert_eq!(*r, row),
            r => panic!("a slim line read as {r:?}"),
        }
    }
}

#[test]
fn parse_record_tells_rows_analyses_and_failures_apart() {
    let a = analyses().remove(0);
    let full = serde_json::to_string(&a).unwrap();
    assert!(matches!(parse_record(&full).unwrap(), Record::Analysed(_)));
    // A schema 2 line (a full analysis of the same shape) is still read.
    let v2 = full.replacen("\"schema_version\":3", "\"schema_version\":2", 1);
    assert!(matches!(parse_record(&v2).unwrap(), Record::Analysed(_)));
    let slim = serde_json::to_string(&Row::from(&a)).unwrap();
    assert!(
        slim.len() * 4 < full.len(),
        "{} vs {}",
        slim.len(),
        full.len()
    );
    let into = parse_record(&slim).unwrap().into_row().unwrap();
    assert_eq!(into, parse_record(&full).unwrap().into_row().unwrap());
    let failed = r#"{"schema_version":3,"source":{"path":"x.pdf"},"error":"x.pdf: broken"}"#;
    assert!(matches!(parse_record(failed).unwrap(), Record::Failed(f) if f.source == "x.pdf"));
    let old = r#"{"schema_version":1,"source":{"path":"x.pdf"},"error":"x.pdf: broken"}"#;
    let e = parse_record(old).unwrap_err().to_string();
    assert!(e.contains("schema_version 1 is not supported"), "{e}");
    for bad in ["not json", "{}", r#"{"schema_version":3,"gaps":{}}"#] {
        let e = parse_record(bad).unwrap_err().to_string();
        assert!(e.starts_with("not a skillgap row"), "{bad}: {e}");
    }
}
