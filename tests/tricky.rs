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
