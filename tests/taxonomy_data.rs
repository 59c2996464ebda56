//! Data rules for the shipped taxonomy: ids from the evaluation list, categories, links.

use crate::common::{bin, fixture, taxonomy};

#[test]
fn every_required_id_exists_with_its_category() {
    let tsv = std::fs::read_to_string(fixture("skill-ids.tsv")).expect("fixture");
    let tax = taxonomy();
    let mut n = 0;
    for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let skill = tax
            .skill(cols[0])
            .unwrap_or_else(|| panic!("missing skill id `{}`", cols[0]));
        assert_eq!(skill.category, cols[2], "category of {}", cols[0]);
        n += 1;
    }
    assert!(n >= 95, "read {n} ids");
}

#[test]
fn taxonomy_list_json_lists_every_id() {
    let out = bin()
        .args(["taxonomy", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = rows.iter().filter_map(|r| r["id"].as_str()).collect();
    let tsv = std::fs::read_to_string(fixture("skill-ids.tsv")).unwrap();
    for line in tsv.lines().skip(1) {
        let id = line.split('\t').next().unwrap();
        assert!(ids.contains(&id), "{id} not listed");
    }
}

#[test]
fn soft_skills_from_the_profile_exist() {
    let tax = taxonomy();
    for id in [
        "collaboration",
        "communication",
        "leadership",
        "problem-solving",
        "time-management",
        "attention-to-detail",
        "customer-service",
        "security-consciousness",
    ] {
        let s = tax.skill(id).unwrap_or_else(|| panic!("missing {id}"));
        assert_eq!(s.category, "soft-skills");
    }
}

#[test]
fn course_links_are_https_and_from_known_providers() {
    let tax = taxonomy();
    let allowed_hosts_for_search = [
        "www.coursera.org",
        "www.edx.org",
        "www.udemy.com",
        "www.pluralsight.com",
        "www.linkedin.com",
    ];
    for s in &tax.skills {
        assert!(!s.courses.is_empty(), "{} has no courses", s.id);
        for c in &s.courses {
            assert!(c.url.starts_with("https://"), "{}: {}", s.id, c.url);
            let host = c
                .url
                .trim_start_matches("https://")
                .split('/')
                .next()
                .unwrap();
            if c.provider != "Official documentation" && c.provider != "CompTIA" {
                assert!(
                    allowed_hosts_for_search.contains(&host),
                    "{}: {} at {host}",
                    s.id,
                    c.provider
                );
            }
            if c.provider == "CompTIA" {
                assert_eq!(host, "www.comptia.org", "{}", s.id);
            }
        }
    }
}

#[test]
fn ambiguous_names_are_flagged() {
    let tax = taxonomy();
    for (id, alias) in [
        ("go", "Go"),
        ("express", "Express"),
        ("spring", "Spring"),
        ("ruby-on-rails", "Rails"),
        ("nodejs", "Node"),
        ("apache-http-server", "Apache"),
        ("swift", "Swift"),
        ("r", "R"),
    ] {
        let s = tax.skill(id).unwrap_or_else(|| panic!("missing {id}"));
        let a = s
            .aliases
            .iter()
            .find(|a| a.text == alias)
            .unwrap_or_else(|| panic!("{id} lacks alias {alias}"));
        assert!(a.ambiguous, "{id}: alias {alias} must be ambiguous");
    }
}
