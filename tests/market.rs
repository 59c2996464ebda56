//! Market fit: honest arithmetic (a skill's `postings_gained` is what showing it gains), never
//! lower with more skills, errors that name the file, and the `market` command.

use std::sync::OnceLock;

use proptest::prelude::*;
use skillgap::analysis::market::{Fitter, Market, MarketFit, DEFAULT_READY_AT};
use skillgap::analysis::{self, Analysis, Headline};
use skillgap::input::Document;
use skillgap::matcher::Matcher;

use crate::common::{bin, fixture, run_json, taxonomy};

fn market() -> &'static Market {
    static M: OnceLock<Market> = OnceLock::new();
    M.get_or_init(|| {
        Market::embedded(taxonomy())
            .unwrap()
            .expect("built-in market")
    })
}

fn analyse(doc: &Document) -> Analysis {
    let tax = taxonomy();
    let fitter = Fitter::new(tax, market(), None, DEFAULT_READY_AT).unwrap();
    let matcher = Matcher::new(tax);
    analysis::analyze_in(&matcher, doc, tax.default_role(), Some(&fitter))
}

fn read(name: &str, text: &str) -> Document {
    skillgap::input::from_bytes(name, Some("txt"), text.as_bytes()).unwrap()
}

fn market_of(a: &Analysis) -> &MarketFit {
    a.market.as_ref().expect("the built-in market applies")
}

#[test]
fn appending_the_next_skills_gains_exactly_what_they_promise() {
    for name in [
        "resumes/alex-rivera.txt",
        "resumes/morgan-lee-dba.txt",
        "formats/robin-vale.txt",
        "postings/tailor/python-plain.txt",
    ] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let first = analyse(&read(name, &text));
        let m = market_of(&first);
        assert!(m.next_skills.len() >= 3, "{name}: {:?}", m.next_skills);
        let mut text = text.clone();
        let mut ready = m.ready_postings;
        for step in &m.next_skills[..3] {
            text.push_str(&format!("\nSkills: {}\n", step.name));
            let again = analyse(&read(name, &text));
            let now = market_of(&again).ready_postings;
            assert_eq!(
                now,
                ready + step.postings_gained,
                "{name}: adding {} should open {} postings",
                step.id,
                step.postings_gained
            );
            assert!(
                again.matched.iter().any(|s| s.id == step.id),
                "{name}: {}",
                step.id
            );
            ready = now;
        }
        // The gap list agrees with the first step.
        let first_gap = m.gap(&m.next_skills[0].id).unwrap();
        assert_eq!(first_gap.postings_gained, m.next_skills[0].postings_gained);
    }
}

#[test]
fn the_headline_is_the_market_fit_for_the_backend_role() {
    let a = analyse(&Document::from_skill_list(
        "python, django, postgresql, docker, aws",
    ));
    let m = market_of(&a);
    assert_eq!(a.headline, Headline::Fit);
    assert_eq!(a.score, m.fit);
    assert!(m.fit > 0.0 && m.fit <= 100.0);
    assert!(m.postings > 2000, "{}", m.postings);
    assert_eq!(
        m.ready_share,
        (m.ready_postings as f64 * 1000.0 / m.postings as f64).round() / 1000.0
    );
    // Gaps: most gained first, ties by id; none of them shown.
    for w in m.gaps.windows(2) {
        assert!(
            w[0].postings_gained > w[1].postings_gained
                || (w[0].postings_gained == w[1].postings_gained && w[0].id < w[1].id),
            "{w:?}"
        );
    }
    assert!(m
        .gaps
        .iter()
        .all(|g| !a.matched.iter().any(|s| s.id == g.id)));
    // Per level, the postings add up.
    assert_eq!(
        m.levels.iter().map(|l| l.postings).sum::<usize>(),
        m.postings
    );
}

#[test]
fn a_role_the_market_is_not_for_gets_coverage_as_its_headline() {
    let tax = taxonomy();
    let fitter = Fitter::new(tax, market(), None, DEFAULT_READY_AT).unwrap();
    let matcher = Matcher::new(tax);
    let role = tax.role("database-administrator").unwrap();
    let a = analysis::analyze_in(
        &matcher,
        &Document::from_skill_list("oracle, sql, backup"),
        role,
        Some(&fitter),
    );
    assert!(a.market.is_none());
    assert_eq!(a.headline, Headline::Coverage);
    assert_eq!(a.score, a.coverage);
}

fn skill_names() -> &'static Vec<String> {
    static N: OnceLock<Vec<String>> = OnceLock::new();
    N.get_or_init(|| {
        taxonomy()
            .skills
            .iter()
            .filter(|s| s.kind != skillgap::taxonomy::Kind::Soft)
            .map(|s| s.name.clone())
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn another_skill_never_lowers_fit_or_readiness(
        picks in proptest::collection::vec(0usize..1000, 0..12),
        extra in 0usize..1000,
    ) {
        let names = skill_names();
        let list: Vec<&str> = picks.iter().map(|&i| names[i % names.len()].as_str()).collect();
        let before = analyse(&Document::from_skill_list(&list.join(", ")));
        let mut more = list.clone();
        more.push(&names[extra % names.len()]);
        let after = analyse(&Document::from_skill_list(&more.join(", ")));
        let (b, a) = (market_of(&before), market_of(&after));
        prop_assert!(a.fit >= b.fit, "fit {} -> {}", b.fit, a.fit);
        prop_assert!(a.ready_postings >= b.ready_postings);
        for (lb, la) in b.levels.iter().zip(&a.levels) {
            prop_assert!(la.fit >= lb.fit && la.ready_postings >= lb.ready_postings);
        }
    }
}

#[test]
fn a_user_market_replaces_the_built_in_one() {
    let v: serde_json::Value = run_json(&[
        "analyze",
        fixture("resumes/alex-rivera.txt").to_str().unwrap(),
        "--market",
        fixture("postings/tailor").to_str().unwrap(),
    ]);
    assert_eq!(v["schema_version"], 3);
    assert_eq!(v["headline"], "fit");
    assert_eq!(v["market"]["postings"], 3);
    assert_eq!(v["score"], v["market"]["fit"]);
    assert!(v["market"]["source"].as_str().unwrap().contains("tailor"));
}

#[test]
fn the_real_uk_ads_give_a_different_market_when_present() {
    let dir = fixture("../../shared/corpus/jobs/sample-jd");
    if !dir.is_dir() {
        eprintln!("skipped: {} (local data) is absent", dir.display());
        return;
    }
    let resume = fixture("resumes/alex-rivera.txt");
    let own: serde_json::Value = run_json(&[
        "analyze",
        resume.to_str().unwrap(),
        "--market",
        dir.to_str().unwrap(),
    ]);
    let built_in: serde_json::Value = run_json(&["analyze", resume.to_str().unwrap()]);
    assert!(own["market"]["postings"].as_u64().unwrap() >= 10);
    assert_ne!(own["market"]["postings"], built_in["market"]["postings"]);
}

#[test]
fn a_missing_or_broken_market_is_a_one_line_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("m.tsv");
    std::fs::write(
        &broken,
        "level\tmonth\trequired\tpreferred\nentry\t-\tpython,nope\t-\n",
    )
    .unwrap();
    let missing = dir.path().join("nowhere.jsonl");
    for (path, says) in [
        (&missing, "no such file"),
        (
            &broken,
            "m.tsv:2: field `required`: unknown skill id `nope`",
        ),
    ] {
        let out = bin()
            .args(["analyze", "--skills", "python", "--market"])
            .arg(path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(says), "{err}");
        assert!(out.stdout.is_empty());
    }
    let out = bin()
        .args(["market", "--level", "wizard"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("mid-senior"), "{err}");
}

#[test]
fn the_market_command_describes_the_market() {
    let v: serde_json::Value = run_json(&["market", "--top", "5"]);
    assert!(v["postings"].as_u64().unwrap() > 2000);
    assert_eq!(v["skills"].as_array().unwrap().len(), 5);
    let s = &v["skills"][0];
    let asked = s["required"].as_u64().unwrap() + s["preferred"].as_u64().unwrap();
    assert!(asked > 0);
    assert!(v["levels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["level"] == "entry"));
    assert!(v["together"][0]["also"].as_array().unwrap().len() == 5);
    let entry: serde_json::Value = run_json(&["market", "--level", "Entry level"]);
    assert_eq!(entry["level"], "entry");
    assert!(entry["postings"].as_u64() < v["postings"].as_u64());
    // The .tsv form round-trips through --market.
    let tsv = bin().args(["market", "--format", "tsv"]).output().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.tsv");
    std::fs::write(&path, &tsv.stdout).unwrap();
    let again: serde_json::Value =
        run_json(&["market", "--top", "5", "--market", path.to_str().unwrap()]);
    assert_eq!(again["postings"], v["postings"]);
    assert_eq!(again["skills"], v["skills"]);
}

#[test]
fn market_sections_snapshot() {
    let out = bin()
        .args(["analyze", "--color", "never"])
        .arg(fixture("resumes/alex-rivera.txt"))
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let head: Vec<&str> = text.lines().skip(1).take_while(|l| !l.is_empty()).collect();
    insta::assert_snapshot!("market_terminal_summary", head.join("\n"));
    let md = bin()
        .args(["analyze", "--format", "markdown"])
        .arg(fixture("resumes/alex-rivera.txt"))
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    let start = md.find("## Market fit").expect("a market section");
    let end = md[start..]
        .find("\n## ")
        .map_or(md.len(), |e| start + e + 1);
    insta::assert_snapshot!("market_markdown_section", &md[start..end]);
    let market = bin().args(["market", "--top", "8"]).output().unwrap();
    insta::assert_snapshot!("market_command", String::from_utf8(market.stdout).unwrap());
}
