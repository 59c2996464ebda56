//! Hard sentences (ambiguous names, typos, abbreviations, negation) from fixtures/tricky-dev.jsonl:
//! every `expect` id must be matched and no `forbid` id may be.

use serde::Deserialize;

use crate::common::{analyze_text, fixture, matched_ids};

#[derive(Deserialize)]
struct Case {
    text: String,
    expect: Vec<String>,
    forbid: Vec<String>,
}

#[test]
fn every_tricky_case_passes() {
    let data = std::fs::read_to_string(fixture("tricky-dev.jsonl")).expect("fixture");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let case: Case = serde_json::from_str(line).expect("valid case");
        n += 1;
        let got = matched_ids(&analyze_text(&case.text));
        for id in &case.expect {
            if !got.contains(id) {
                failures.push(format!("missed `{id}` in: {}  (got {got:?})", case.text));
            }
        }
        for id in &case.forbid {
            if got.contains(id) {
                failures.push(format!("wrongly found `{id}` in: {}", case.text));
            }
        }
    }
    assert!(n >= 30, "expected the whole fixture, read {n} cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn negated_mentions_are_reported_separately() {
    let a = analyze_text("I have not worked with Docker. No exposure to GraphQL.");
    let negated: Vec<&str> = a.negated.iter().map(|n| n.id.as_str()).collect();
    assert!(
        negated.contains(&"docker") && negated.contains(&"graphql"),
        "{negated:?}"
    );
    assert!(
        a.gaps.iter().any(|g| g.id == "docker"),
        "a negated skill is still a gap"
    );
}

#[test]
fn hobbies_are_not_skills() {
    let a =
        analyze_text("Experience\nBuilt APIs in Python.\n\nInterests\nRust, chess and hiking\n");
    assert!(matched_ids(&a).contains(&"python".to_string()));
    assert!(!matched_ids(&a).contains(&"rust".to_string()));
}

#[test]
fn evidence_points_at_the_matched_text() {
    let text = "Summary\n\nBuilt services with Kubernetes and Postgres.\n";
    let a = analyze_text(text);
    for m in &a.matched {
        for e in &m.evidence {
            let line = text.lines().nth(e.line - 1).unwrap();
            let at: String = line
                .chars()
                .skip(e.column - 1)
                .take(e.matched.chars().count())
                .collect();
            assert_eq!(at, e.matched, "{}", m.id);
        }
    }
    assert!(a.matched.iter().any(|m| m.id == "kubernetes"));
}

/// `batch` scans with a different automaton than `analyze` (and finds one-letter names such as
/// C and R by a byte scan, not in the automaton): both must find exactly the same mentions, here
/// over the 310 dotin resumes and every tricky sentence.
#[test]
fn the_batch_matcher_finds_what_the_single_one_finds() {
    use skillgap::input::{Document, Format};
    use skillgap::matcher::Matcher;
    use skillgap::taxonomy::Taxonomy;

    let texts_of = |rel: &str| -> Vec<String> {
        std::fs::read_to_string(fixture(rel))
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["text"].as_str().unwrap().to_string()
            })
            .collect()
    };
    let tax = Taxonomy::embedded().expect("embedded taxonomy");
    let (one, many) = (Matcher::new(&tax), Matcher::for_many(&tax));
    let mut texts = texts_of("dotin/resumes.jsonl");
    texts.extend(texts_of("tricky-dev.jsonl"));
    let (mut hits, mut one_letter) = (0, 0);
    for text in &texts {
        let doc = Document::from_text("t", Format::Text, text.clone());
        let a = one.find(&doc);
        assert_eq!(
            a,
            many.find(&doc),
            "{}",
            text.chars().take(80).collect::<String>()
        );
        hits += a.len();
        one_letter += a.iter().filter(|h| h.surface.len() == 1).count();
    }
    assert!(
        hits > 3_000 && one_letter > 10,
        "{hits} hits, {one_letter} one-letter"
    );
}
