//! The JSON output is a contract: decode it into the library's own types and check its rules.

use skillgap::analysis::{Analysis, SCHEMA_VERSION};

use crate::common::{fixture, run_json};

fn analyze_json(args: &[&str]) -> Analysis {
    let all: Vec<&str> = std::iter::once("analyze")
        .chain(args.iter().copied())
        .collect();
    run_json(&all)
}

#[test]
fn sample_resume_json_follows_the_contract() {
    let path = fixture("resumes/alex-rivera.txt");
    let a = analyze_json(&[path.to_str().unwrap()]);
    assert_eq!(a.schema_version, SCHEMA_VERSION);
    assert_eq!(a.source.format, "text");
    assert_eq!(a.role.id, "backend-developer");
    assert!((0.0..=100.0).contains(&a.score));
    // Every matched skill carries evidence that is really on that line.
    let text = std::fs::read_to_string(&path).unwrap();
    for m in &a.matched {
        assert!(!m.evidence.is_empty(), "{} has no evidence", m.id);
        for e in &m.evidence {
            let line = text.lines().nth(e.line - 1).unwrap();
            assert!(
                line.contains(&e.matched),
                "{}: {:?} not on line {}",
                m.id,
                e.matched,
                e.line
            );
        }
    }
    // Gaps and matches never overlap; together they cover the role.
    for g in &a.gaps {
        assert!(
            !a.matched.iter().any(|m| m.id == g.id),
            "{} both matched and a gap",
            g.id
        );
        assert!(!g.courses.is_empty(), "{} has no course", g.id);
    }
    assert_eq!(a.summary.matched + a.summary.gaps, a.summary.role_skills);
    let ids: Vec<&str> = a.matched.iter().map(|m| m.id.as_str()).collect();
    for expected in [
        "python",
        "go",
        "postgresql",
        "docker",
        "django",
        "grpc",
        "nginx",
    ] {
        assert!(ids.contains(&expected), "missing {expected}: {ids:?}");
    }
    // Stated as not done, or a hobby: not matched.
    for absent in ["kubernetes", "graphql", "rust"] {
        assert!(!ids.contains(&absent), "{absent} should not be matched");
    }
    assert!(a.negated.iter().any(|n| n.id == "kubernetes"));
}

#[test]
fn score_is_weighted_by_importance() {
    let none = analyze_json(&["--skills", "basket weaving"]);
    assert_eq!(none.score, 0.0);
    assert!(none.matched.is_empty());
    let some = analyze_json(&["--skills", "python, sql, git, docker"]);
    assert!(some.score > 0.0 && some.score < 100.0);
}

/// docs/json.md names every value `source.format` can take.
#[test]
fn json_docs_list_every_source_format() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json.md"))
        .expect("docs/json.md");
    let row = docs
        .lines()
        .find(|l| l.starts_with("| `source.format` |"))
        .expect("a source.format row");
    for f in skillgap::input::Format::ALL {
        assert!(
            row.contains(&format!("`{}`", f.as_str())),
            "docs/json.md: source.format does not list `{}`",
            f.as_str()
        );
    }
}
