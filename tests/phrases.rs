//! Concept phrases, tag runs, shadows and rosters: each written for the rule it checks (never
//! copied from the development sets). Every phrase of the built-in taxonomy has a sentence that
//! must match it and one that must not; a phrase added without its pair fails
//! `every_phrase_has_its_sentences`.

use std::collections::BTreeMap;

use skillgap::input::{Document, Format};
use skillgap::matcher::{Hit, MatchKind, Matcher, Status};

use crate::common::taxonomy;

/// (skill id, phrase index in the skill's `phrases`, must match, must not match).
const CASES: &[(&str, usize, &str, &str)] = &[
    (
        "authorization",
        0,
        "Managed database privileges for the reporting team in Oracle.",
        "Had the privilege of mentoring new hires.",
    ),
    (
        "authorization",
        1,
        "Granted user access to the production servers on request.",
        "Provided access to healthy meals for families in need.",
    ),
    (
        "authorization",
        2,
        "Revoked stale API keys after the audit.",
        "The licence was revoked after a late renewal.",
    ),
    (
        "authorization",
        3,
        "Designed role based permissions for the admin console.",
        "Took on a role based in the London office.",
    ),
    (
        "data-migration",
        0,
        "Migrated 2 TB of customer records from DB2 to Aurora.",
        "Migrated the team's email to a new provider.",
    ),
    (
        "data-migration",
        1,
        "Handled schema exports and imports between environments.",
        "Managed import and export paperwork for the shipping desk.",
    ),
    (
        "performance-tuning",
        0,
        "Tuned JVM performance for the checkout service.",
        "Gave a strong performance in the school play.",
    ),
    (
        "performance-tuning",
        1,
        "Improved the performance of slow reporting queries.",
        "Improved sales performance across the region.",
    ),
    (
        "performance-tuning",
        2,
        "Optimized slow queries on the orders table.",
        "Optimized the delivery routes for the fleet.",
    ),
    (
        "encryption",
        0,
        "Encrypted customer passwords with bcrypt.",
        "Solved an encrypted puzzle at the escape room.",
    ),
    (
        "test-automation",
        0,
        "Automated the nightly regression suite with Cypress.",
        "Automated the invoice approval workflow.",
    ),
    (
        "debugging",
        0,
        "Fixed memory leak bugs in the payment module.",
        "Sprayed the garden to control bugs.",
    ),
    (
        "debugging",
        1,
        "Found and corrected errors in legacy scripts.",
        "Corrected spelling errors in the newsletter.",
    ),
    (
        "web-development",
        0,
        "Built a website for a local bakery with online ordering.",
        "Updated the website with weekly news posts.",
    ),
    (
        "web-development",
        1,
        "Developed web applications for internal teams.",
        "Developed a web of contacts across the industry.",
    ),
    (
        "database-administration",
        0,
        "Administered Oracle and PostgreSQL databases for three clinics.",
        "Administered first aid and maintained the patient log.",
    ),
    (
        "database-administration",
        1,
        "Handled maintenance of production database servers.",
        "Maintained the client database for the sales team.",
    ),
    (
        "backup-and-recovery",
        0,
        "Backed up and restored the file servers every quarter.",
        "Stood in as backup for the front desk during lunch.",
    ),
    (
        "integration-testing",
        0,
        "Wrote unit, integration and contract tests for the API.",
        "Led the integration of two sales teams after the merger.",
    ),
    (
        "ci-cd",
        0,
        "Kept the TeamCity release and test pipelines green.",
        "Grew the sales pipeline by 40%.",
    ),
    (
        "agile",
        0,
        "Comfortable with agile ways of working.",
        "Joined a fast, agile start-up in Leeds.",
    ),
];

fn hits(text: &str) -> Vec<Hit> {
    let matcher = Matcher::new(taxonomy());
    matcher.find(&Document::from_text("t", Format::Text, text.to_string()))
}

fn found(text: &str, id: &str) -> Vec<Hit> {
    let tax = taxonomy();
    hits(text)
        .into_iter()
        .filter(|h| tax.skills[h.skill].id == id && h.status == Status::Accepted)
        .collect()
}

#[test]
fn every_phrase_has_its_sentences() {
    let tax = taxonomy();
    let mut tested: BTreeMap<(&str, usize), usize> = BTreeMap::new();
    for &(id, i, _, _) in CASES {
        *tested.entry((id, i)).or_default() += 1;
    }
    let mut missing = Vec::new();
    for s in &tax.skills {
        for (i, p) in s.phrases.iter().enumerate() {
            if !tested.contains_key(&(s.id.as_str(), i)) {
                missing.push(format!("{} #{i} {:?}", s.id, p.groups));
            }
        }
    }
    assert!(missing.is_empty(), "phrases without a test: {missing:#?}");
    for (id, i) in tested.keys() {
        let s = tax.skill(id).unwrap_or_else(|| panic!("no skill {id}"));
        assert!(*i < s.phrases.len(), "{id} has no phrase #{i}");
    }
}

#[test]
fn each_phrase_matches_its_sentence_and_not_the_other() {
    let mut failures = Vec::new();
    for &(id, i, yes, no) in CASES {
        let got = found(yes, id);
        if !got.iter().any(|h| h.kind == MatchKind::Phrase) {
            failures.push(format!(
                "{id} #{i}: no phrase match in {yes:?} (got {got:?})"
            ));
        }
        let wrong = found(no, id);
        if !wrong.is_empty() {
            failures.push(format!("{id} #{i}: matched {no:?}: {wrong:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_phrase_is_evidenced_by_the_whole_phrase() {
    let text = "Notes\nMigrated 40 GB of order data from MySQL to PostgreSQL.";
    let h = found(text, "data-migration");
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0].surface, "Migrated 40 GB of order data");
    assert_eq!((h[0].line, h[0].column), (2, 1));
    assert!(h[0].confidence < 0.95);
}

#[test]
fn phrases_stay_in_their_clause_and_respect_negation() {
    // The words are near, but a sentence or a bullet lies between them.
    assert!(found(
        "Migrated to the new office. Data entry duties.",
        "data-migration"
    )
    .is_empty());
    assert!(found("Migrated servers • data centre tours", "data-migration").is_empty());
    let negated = hits("I have never worked on migrating data between databases.");
    let tax = taxonomy();
    let dm = negated
        .iter()
        .find(|h| tax.skills[h.skill].id == "data-migration")
        .expect("a phrase hit");
    assert_eq!(dm.status, Status::Negated);
}

#[test]
fn phrase_words_that_belong_to_another_skill_do_not_count() {
    // "continuous integration" is CI/CD; the tests run in it, they are not integration tests.
    assert!(found(
        "Ran the tests in continuous integration on every push.",
        "integration-testing"
    )
    .is_empty());
}

#[test]
fn tag_runs_count_ambiguous_and_lower_case_names() {
    for (text, id) in [
        ("python flask rest docker kubernetes", "rest-api"),
        ("c# .net-core azure sql-server less", "css-preprocessors"),
        ("java spring hibernate maven", "spring"),
        ("docker go postgres redis", "go"),
    ] {
        assert!(!found(text, id).is_empty(), "{id} not found in {text:?}");
    }
    // Prose, or a run of ordinary words, is no tag list.
    for (text, id) in [
        ("we rest on sundays and go hiking", "rest-api"),
        ("less is more when you go slow", "go"),
        ("spring cleaning and rest days", "spring"),
    ] {
        assert!(found(text, id).is_empty(), "{id} wrongly found in {text:?}");
    }
}

#[test]
fn names_that_contain_a_skill_name() {
    // A shadow matches nothing; a longer alias names the right skill.
    assert!(found(
        "Wired sensors together with Node-RED and JavaScript.",
        "nodejs"
    )
    .is_empty());
    assert!(!found(
        "Wired sensors together with Node-RED and JavaScript.",
        "javascript"
    )
    .is_empty());
    assert!(found("Queried reports in SQL Management Studio daily.", "sql").is_empty());
    assert!(!found(
        "Queried reports in SQL Management Studio daily.",
        "sql-server"
    )
    .is_empty());
    // One name stating two skills.
    let both = "Exposed repositories with Spring Data REST.";
    assert!(!found(both, "spring").is_empty() && !found(both, "rest-api").is_empty());
    let ci = "Ran releases through Azure DevOps pipelines.";
    assert!(!found(ci, "azure").is_empty() && !found(ci, "ci-cd").is_empty());
}

#[test]
fn a_team_roster_names_roles_not_skills() {
    let roster =
        "Delivered the billing rewrite with a team of eight (PM, QA, DBA, two developers).";
    assert!(found(roster, "database-administration").is_empty());
    // The same word as a skill of the person still counts.
    assert!(!found("Skills: Oracle, DBA, PL/SQL", "database-administration").is_empty());
}

#[test]
fn a_tool_name_can_state_ci_cd_too() {
    let t = "Maintained Jenkins pipelines for twelve services.";
    assert!(!found(t, "jenkins").is_empty() && !found(t, "ci-cd").is_empty());
}
