//! Learning plan, role profiles, best-fit ranking, market demand and interoperability data.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use skillgap::analysis::demand;
use skillgap::analysis::fit;
use skillgap::analysis::plan::{self, PlanScope};
use skillgap::analysis::{self, Analysis};
use skillgap::input::{Document, Format};
use skillgap::matcher::{Hit, MatchKind, Matcher, Status};
use skillgap::taxonomy::{Importance, Kind, Taxonomy, ESCO_SKILL_PREFIX};

use crate::common::{bin, fixture, taxonomy, Rng};

/// An analysis of `role` for a document that shows exactly `found` (skill indices).
fn analysis_of(tax: &Taxonomy, role_id: &str, found: &[usize]) -> Analysis {
    let doc = Document::from_text("random", Format::Text, "x\n".to_string());
    let hits: Vec<Hit> = found
        .iter()
        .map(|&skill| hit(skill, Status::Accepted))
        .collect();
    let role = tax.role(role_id).expect("role");
    analysis::analyze_hits(tax, &doc, role, &hits)
}

/// A mention of `skill` on the first line.
fn hit(skill: usize, status: Status) -> Hit {
    Hit {
        skill,
        kind: MatchKind::Exact,
        confidence: 1.0,
        status,
        start: 0,
        end: 1,
        line: 1,
        column: 1,
        surface: "x".into(),
    }
}

/// Skills the plan may take as known: those found, and what they build on (direct
/// prerequisites of anything known; onwards only through technologies).
fn known_set(tax: &Taxonomy, found: &HashSet<usize>) -> HashSet<usize> {
    let mut known: HashSet<usize> = found.clone();
    let mut stack: Vec<usize> = found.iter().copied().collect();
    while let Some(i) = stack.pop() {
        if !found.contains(&i) && tax.skills[i].kind != Kind::Technology {
            continue;
        }
        for p in &tax.skills[i].prerequisites {
            let p = tax.index_of(p).unwrap();
            if known.insert(p) {
                stack.push(p);
            }
        }
    }
    known
}

fn check_plan_order(tax: &Taxonomy, a: &Analysis, found: &HashSet<usize>, ctx: &str) {
    let known = known_set(tax, found);
    let mut position: HashMap<&str, usize> = HashMap::new();
    for (n, step) in a.plan.iter().enumerate() {
        assert!(
            position.insert(step.id.as_str(), n).is_none(),
            "{ctx}: {} listed twice",
            step.id
        );
    }
    let mut last_total = 0;
    let mut last_stage = 0;
    for (n, step) in a.plan.iter().enumerate() {
        let skill = tax.skill(&step.id).unwrap();
        assert!(
            !found.contains(&tax.index_of(&step.id).unwrap()),
            "{ctx}: {} is already shown",
            step.id
        );
        for p in &skill.prerequisites {
            let pi = tax.index_of(p).unwrap();
            if known.contains(&pi) {
                continue;
            }
            let at = position.get(p.as_str()).unwrap_or_else(|| {
                panic!(
                    "{ctx}: missing prerequisite {p} of {} is not in the plan",
                    step.id
                )
            });
            assert!(
                *at < n,
                "{ctx}: {} (step {n}) comes before its prerequisite {p}",
                step.id
            );
            let p_stage = a.plan[*at].stage;
            assert!(
                p_stage < step.stage,
                "{ctx}: {p} is not in an earlier stage than {}",
                step.id
            );
        }
        for p in &step.after {
            assert!(
                position[p.as_str()] < n,
                "{ctx}: `after` of {} names a later step",
                step.id
            );
        }
        assert_eq!(
            step.cumulative_hours,
            last_total + step.hours,
            "{ctx}: running total"
        );
        last_total = step.cumulative_hours;
        assert!(
            step.stage >= last_stage && step.stage <= last_stage + 1,
            "{ctx}: stages run in order"
        );
        last_stage = step.stage;
        assert!(!step.why.is_empty(), "{ctx}: {} has no reason", step.id);
    }
}

#[test]
fn plan_never_lists_a_skill_before_a_missing_prerequisite() {
    let tax = taxonomy();
    let mut rng = Rng(0x5eed_2026_1125);
    let n = tax.skills.len() as u64;
    let mut plans = 0;
    for round in 0..120 {
        // From nothing found to most of the taxonomy found.
        let k = rng.below(n * 3 / 4);
        let found: HashSet<usize> = (0..k).map(|_| rng.below(n) as usize).collect();
        let list: Vec<usize> = found.iter().copied().collect();
        for role in &tax.roles {
            for scope in [PlanScope::Focused, PlanScope::All] {
                let mut a = analysis_of(tax, &role.id, &list);
                plan::attach(tax, role, &mut a, scope);
                check_plan_order(
                    tax,
                    &a,
                    &found,
                    &format!("round {round}, {}, {scope:?}", role.id),
                );
                plans += 1;
            }
        }
    }
    assert!(plans > 1000);
}

#[test]
fn focused_plan_covers_core_and_important_technical_gaps() {
    let tax = taxonomy();
    let mut rng = Rng(42);
    let n = tax.skills.len() as u64;
    for _ in 0..40 {
        let found: Vec<usize> = (0..rng.below(60)).map(|_| rng.below(n) as usize).collect();
        for role in &tax.roles {
            let a = analysis_of(tax, &role.id, &found);
            let planned: HashSet<&str> = a.plan.iter().map(|s| s.id.as_str()).collect();
            let implied: HashSet<&str> = a.implied.iter().map(|s| s.id.as_str()).collect();
            let deferred: HashSet<&str> = a.deferred.iter().map(|s| s.id.as_str()).collect();
            for g in &a.gaps {
                let i = tax.index_of(&g.id).unwrap();
                if g.importance == Importance::Bonus || tax.skills[i].kind == Kind::Soft {
                    continue;
                }
                let known = known_set(tax, &found.iter().copied().collect());
                let in_open_choice =
                    role.choices.iter().any(|c| {
                        c.skills.contains(&i) && c.skills.iter().any(|m| known.contains(m))
                    }) || role.choices.iter().any(|c| {
                        c.skills.contains(&i)
                            && c.skills.iter().any(|&m| {
                                let id = tax.skills[m].id.as_str();
                                m != i && (planned.contains(id) || deferred.contains(id))
                            })
                    });
                assert!(
                    planned.contains(g.id.as_str())
                        || implied.contains(g.id.as_str())
                        || deferred.contains(g.id.as_str())
                        || in_open_choice
                        || known.contains(&i),
                    "{}: {} gap {} is neither planned, implied, deferred nor an alternative",
                    role.id,
                    g.importance,
                    g.id
                );
            }
        }
    }
}

#[test]
fn an_unmet_choice_is_planned_once() {
    let tax = taxonomy();
    // Nothing found: the backend plan needs one main language, not thirteen.
    let a = analysis_of(tax, "backend-developer", &[]);
    let role = tax.role("backend-developer").unwrap();
    let languages = role
        .choices
        .iter()
        .find(|c| c.label.contains("server-side language"))
        .unwrap();
    let planned: Vec<&str> = a
        .plan
        .iter()
        .filter(|s| languages.skills.iter().any(|&i| tax.skills[i].id == s.id))
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(planned.len(), 1, "{planned:?}");
    let step = a.plan.iter().find(|s| s.id == planned[0]).unwrap();
    assert!(
        step.why.contains("a main server-side language"),
        "{}",
        step.why
    );
    // The most asked-for option wins when nothing else decides.
    assert_eq!(planned[0], "python");
}

#[test]
fn a_framework_follows_the_language_already_known() {
    let tax = taxonomy();
    let java = tax.index_of("java").unwrap();
    let a = analysis_of(tax, "backend-developer", &[java]);
    assert!(
        a.plan.iter().any(|s| s.id == "spring"),
        "Spring builds on Java"
    );
    assert!(!a.plan.iter().any(|s| s.id == "django" || s.id == "python"));
}

#[test]
fn known_prerequisites_are_implied_not_planned() {
    let tax = taxonomy();
    let django = tax.index_of("django").unwrap();
    let k8s = tax.index_of("kubernetes").unwrap();
    let a = analysis_of(tax, "backend-developer", &[django, k8s]);
    let implied: Vec<&str> = a.implied.iter().map(|i| i.id.as_str()).collect();
    for id in ["python", "docker", "linux"] {
        assert!(implied.contains(&id), "{id} not implied: {implied:?}");
        assert!(!a.plan.iter().any(|s| s.id == id), "{id} planned");
    }
}

#[test]
fn plan_steps_carry_courses_tools_and_practice() {
    let a = crate::common::analyze_text(
        &std::fs::read_to_string(fixture("resumes/alex-rivera.txt")).unwrap(),
    );
    assert!(!a.plan.is_empty());
    for s in &a.plan {
        assert!(!s.courses.is_empty(), "{} has no course", s.id);
        assert!(!s.tools.is_empty(), "{} has no tools", s.id);
        assert!(s.practice.is_some(), "{} has no practice project", s.id);
        assert!(s.demand.is_some(), "{} has no demand figure", s.id);
    }
    // Alex shows REST APIs, so web development is implied, not a 120-hour step.
    assert!(a.implied.iter().any(|i| i.id == "web-development"));
    assert!(a.plan.iter().all(|s| s.id != "web-development"));
}

/// The providers the career profile names, plus official documentation.
const PROFILE_PROVIDERS: &[(&str, &[&str])] = &[
    ("Coursera", &["www.coursera.org"]),
    ("edX", &["www.edx.org"]),
    ("Udemy", &["www.udemy.com"]),
    ("Pluralsight", &["www.pluralsight.com"]),
    ("LinkedIn Learning", &["www.linkedin.com"]),
    ("Udacity", &["www.udacity.com"]),
    ("CompTIA", &["www.comptia.org"]),
    ("General Assembly", &["generalassemb.ly"]),
    ("Bloc.io", &["www.bloc.io"]),
    ("Betamore", &["betamore.com"]),
];

#[test]
fn every_course_link_is_https_and_from_a_profile_provider_or_official_docs() {
    let tax = taxonomy();
    for s in &tax.skills {
        for c in &s.courses {
            let rest = c
                .url
                .strip_prefix("https://")
                .unwrap_or_else(|| panic!("{}: {} is not https", s.id, c.url));
            let host = rest.split(['/', '?', '#']).next().unwrap();
            assert!(
                host.contains('.') && !host.contains(char::is_whitespace) && !c.url.contains(' '),
                "{}: malformed {}",
                s.id,
                c.url
            );
            if c.provider == "Official documentation" {
                continue;
            }
            let hosts = PROFILE_PROVIDERS
                .iter()
                .find(|(p, _)| *p == c.provider)
                .unwrap_or_else(|| {
                    panic!(
                        "{}: provider {} is not named in the profile",
                        s.id, c.provider
                    )
                })
                .1;
            assert!(
                hosts.contains(&host),
                "{}: {} link points at {host}",
                s.id,
                c.provider
            );
        }
    }
}

#[test]
fn shipped_roles_reference_only_existing_skills() {
    let tax = taxonomy();
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("skills/roles.toml"),
    )
    .unwrap();
    let doc: toml::Value = toml::from_str(&text).unwrap();
    let roles = doc["role"].as_array().unwrap();
    let mut ids = Vec::new();
    for r in roles {
        let id = r["id"].as_str().unwrap();
        ids.push(id);
        let skills: Vec<&str> = r["skills"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for s in &skills {
            assert!(tax.skill(s).is_some(), "role {id}: unknown skill {s}");
        }
        if let Some(imp) = r.get("importance").and_then(|v| v.as_table()) {
            for k in imp.keys() {
                assert!(
                    skills.contains(&k.as_str()),
                    "role {id}: importance for {k}, not a role skill"
                );
            }
        }
        for c in r
            .get("choice")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
        {
            for s in c["skills"].as_array().unwrap() {
                assert!(
                    skills.contains(&s.as_str().unwrap()),
                    "role {id}: choice names {s}"
                );
            }
        }
    }
    for want in [
        "backend-developer",
        "devops-engineer",
        "database-administrator",
        "information-security-analyst",
        "frontend-developer",
        "full-stack-developer",
        "computer-programmer",
    ] {
        assert!(ids.contains(&want), "role {want} missing");
        let role = tax.role(want).unwrap();
        assert!(
            role.skills
                .iter()
                .filter(|rs| rs.importance == Importance::Core)
                .count()
                >= 5,
            "{want}: too few core skills"
        );
    }
}

#[test]
fn prerequisite_graph_is_acyclic() {
    // Kahn's algorithm, independent of the loader's own check.
    let tax = taxonomy();
    let n = tax.skills.len();
    let mut indegree = vec![0usize; n];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, s) in tax.skills.iter().enumerate() {
        for p in &s.prerequisites {
            let p = tax.index_of(p).expect("prerequisite exists");
            indegree[i] += 1;
            dependents[p].push(i);
        }
    }
    let mut ready: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut seen = 0;
    while let Some(i) = ready.pop() {
        seen += 1;
        for &d in &dependents[i] {
            indegree[d] -= 1;
            if indegree[d] == 0 {
                ready.push(d);
            }
        }
    }
    assert_eq!(seen, n, "the prerequisite graph has a cycle");
}

#[test]
fn a_prerequisite_cycle_is_an_error_naming_the_cycle() {
    let dir = std::env::temp_dir().join(format!("skillgap-cycle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cycle.toml");
    let skill = |id: &str, pre: &str| {
        format!(
            "[[skill]]\nid = \"{id}\"\nname = \"{id}\"\ncategory = \"x\"\nimportance = \"core\"\ndescription = \"d\"\nprerequisites = [\"{pre}\"]\naliases = [\"{id}\"]\n\n"
        )
    };
    std::fs::write(
        &file,
        skill("alpha", "beta") + &skill("beta", "gamma") + &skill("gamma", "alpha"),
    )
    .unwrap();
    let err = Taxonomy::from_path(&file).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).ok();
    assert!(err.contains("prerequisite cycle"), "{err}");
    assert!(
        err.contains("alpha -> beta -> gamma -> alpha")
            || err.contains("beta -> gamma -> alpha -> beta")
            || err.contains("gamma -> alpha -> beta -> gamma"),
        "{err}"
    );
    assert!(err.contains("cycle.toml:"), "names the file: {err}");
}

#[test]
fn demand_figures_are_reproducible_on_a_fixture() {
    let tax = taxonomy();
    let matcher = Matcher::new(tax);
    let text = std::fs::read_to_string(fixture("postings/sample.jsonl")).unwrap();
    let postings = demand::read_postings(&text).unwrap();
    let counts = demand::count(&matcher, &postings);
    // Five ids, one repeated and one with an empty description.
    assert_eq!(counts.postings, 4);
    let share =
        |id: &str| demand::share(counts.per_skill[tax.index_of(id).unwrap()], counts.postings);
    assert_eq!(share("python"), 0.75);
    assert_eq!(share("docker"), 0.5);
    assert_eq!(share("postgresql"), 0.5);
    assert_eq!(
        share("kubernetes"),
        0.25,
        "the negated mention does not count"
    );
    assert_eq!(share("rust"), 0.0, "the wished-for mention does not count");
    assert_eq!(share("mongodb"), 0.0, "the repeated id counts once");
    // The committed expected file is exactly what the script writes.
    let expected = std::fs::read_to_string(fixture("postings/sample-demand.toml")).unwrap();
    let source = "fixtures/postings/sample.jsonl: six hand-written lines (one repeated id, one empty description)";
    assert_eq!(
        demand::render_toml(tax, &counts, source, "2026-11-25"),
        expected
    );
}

#[test]
fn committed_demand_covers_every_skill_with_its_source() {
    let tax = taxonomy();
    let info = tax.demand.as_ref().expect("skills/demand.toml is embedded");
    assert_eq!(info.postings, 2871);
    assert!(info.source.contains("linkedin-backend-2025.jsonl"));
    assert_eq!(info.date.len(), 10);
    for s in &tax.skills {
        let d = s
            .demand
            .unwrap_or_else(|| panic!("{} has no demand figure (re-run scripts/demand.sh)", s.id));
        assert!((0.0..=1.0).contains(&d));
    }
    // Sanity: the languages the postings ask for most.
    assert!(tax.skill("python").unwrap().demand > tax.skill("perl").unwrap().demand);
}

/// The committed figures, recomputed from the real postings. Local data (never committed) and
/// about 35 s in a debug build, hence ignored by default: `cargo test -- --ignored demand`.
#[test]
#[ignore = "needs ../shared/corpus/jobs (local) and ~35 s in debug"]
fn committed_demand_is_reproducible_from_the_corpus() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/jobs/linkedin-backend-2025.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    let tax = taxonomy();
    let committed = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("skills/demand.toml"),
    )
    .unwrap();
    let info = tax.demand.as_ref().unwrap();
    let counts = demand::count(&Matcher::new(tax), &demand::read_postings(&text).unwrap());
    assert_eq!(
        demand::render_toml(tax, &counts, &info.source, &info.date),
        committed,
        "skills/demand.toml is stale: run scripts/demand.sh"
    );
}

#[test]
fn interop_identifiers_are_well_formed_and_attributed() {
    let tax = taxonomy();
    let info = tax
        .interop
        .as_ref()
        .expect("skills/interop.toml is embedded");
    assert!(info.onet_source.contains(
        "O*NET 29.2 Database, U.S. Department of Labor, Employment and Training Administration"
    ));
    assert!(info.esco_source.contains("ESCO, European Commission"));
    let with_esco = tax.skills.iter().filter(|s| s.esco.is_some()).count();
    let with_onet = tax.skills.iter().filter(|s| !s.onet.is_empty()).count();
    assert!(
        with_esco >= 40 && with_onet >= 60,
        "{with_esco} ESCO, {with_onet} O*NET"
    );
    assert_eq!(tax.skill("python").unwrap().onet, ["Python"]);
    assert!(tax
        .skill("python")
        .unwrap()
        .esco
        .as_deref()
        .unwrap()
        .starts_with(ESCO_SKILL_PREFIX));
    // Apache Spark is not ESCO's SPARK (an Ada dialect).
    assert!(tax.skill("spark").unwrap().esco.is_none());

    // With the local sources present, every name and URI must exist there.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/taxonomies");
    let (Ok(onet_a), Ok(onet_b), Ok(esco)) = (
        std::fs::read_to_string(dir.join("technology_skills_15-1252_15-1254.tsv")),
        std::fs::read_to_string(dir.join("technology_skills_15-12xx_computer_occupations.tsv")),
        std::fs::read_to_string(dir.join("esco-digital-skills-v1.2.0.csv")),
    ) else {
        return;
    };
    let names: BTreeSet<&str> = onet_a
        .lines()
        .chain(onet_b.lines())
        .flat_map(|l| l.split('\t'))
        .collect();
    for s in &tax.skills {
        for n in &s.onet {
            assert!(
                names.contains(n.as_str()),
                "{}: O*NET name {n} not in the source",
                s.id
            );
        }
        if let Some(uri) = &s.esco {
            assert!(
                esco.contains(&format!("{uri},")),
                "{}: {uri} not in the ESCO file",
                s.id
            );
        }
    }
}

#[test]
fn fit_ranks_a_dba_resume_as_database_administrator() {
    let tax = taxonomy();
    let matcher = Matcher::new(tax);
    let doc =
        skillgap::input::read_path(&fixture("resumes/morgan-lee-dba.txt"), &Default::default())
            .unwrap();
    let a = fit::analyze_best(&matcher, &doc);
    let ranking = a.fit.as_ref().unwrap();
    assert_eq!(ranking[0].id, "database-administrator", "{ranking:#?}");
    assert_eq!(a.role.id, "database-administrator");
    assert!(
        ranking[0].core_missing.is_empty(),
        "{:?}",
        ranking[0].core_missing
    );
    assert_eq!(ranking.len(), tax.roles.len());
    assert!(ranking.windows(2).all(|w| w[0].fit >= w[1].fit));
}

#[test]
fn fit_ranks_the_sample_backend_resume_as_backend() {
    let tax = taxonomy();
    let matcher = Matcher::new(tax);
    let doc = skillgap::input::read_path(&fixture("resumes/alex-rivera.txt"), &Default::default())
        .unwrap();
    let a = fit::analyze_best(&matcher, &doc);
    assert_eq!(a.fit.as_ref().unwrap()[0].id, "backend-developer");
    assert!(
        a.career.is_some(),
        "the backend role carries its career context"
    );
}

#[test]
fn fit_follows_the_skills_shown() {
    let tax = taxonomy();
    let matcher = Matcher::new(tax);
    for (skills, want) in [
        (
            "HTML, CSS, JavaScript, TypeScript, React, Sass, accessibility, WCAG, Jest, Git, GitHub, Lighthouse",
            "frontend-developer",
        ),
        (
            "Linux, Bash, Docker, Kubernetes, Helm, Terraform, Ansible, AWS, Jenkins, CI/CD, Prometheus, Grafana, on-call",
            "devops-engineer",
        ),
        (
            "React, HTML, CSS, JavaScript, Node.js, Express, PostgreSQL, MongoDB, REST API, Git, Docker",
            "full-stack-developer",
        ),
    ] {
        let a = fit::analyze_best(&matcher, &Document::from_skill_list(skills));
        assert_eq!(a.fit.as_ref().unwrap()[0].id, want, "{skills}: {:#?}", a.fit);
    }
}

#[test]
fn career_context_is_the_profiles_and_only_for_backend() {
    let tax = taxonomy();
    let c = tax
        .role("backend-developer")
        .unwrap()
        .career
        .as_ref()
        .unwrap();
    let pay = c.pay.as_ref().unwrap();
    assert_eq!(
        (pay.entry, pay.median, pay.experienced),
        (101_000, 132_000, 167_000)
    );
    assert_eq!(pay.currency, "USD");
    assert!(c.source.contains("career profile"));
    assert!(c.beyond.iter().any(|r| r == "Chief Technology Officer"));
    assert!(tax.roles.iter().filter(|r| r.career.is_some()).count() == 1);
}

#[test]
fn roles_command_lists_every_role_as_json() {
    let out = bin().args(["roles", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = rows.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids.len(), taxonomy().roles.len());
    assert!(ids.contains(&"database-administrator"));
    assert!(rows
        .iter()
        .all(|r| r["core"].as_array().is_some_and(|c| !c.is_empty())));
}

#[test]
fn fit_command_json_is_the_analysis_of_the_best_role() {
    let dba = fixture("resumes/morgan-lee-dba.txt");
    let a: Analysis = crate::common::run_json(&["fit", dba.to_str().unwrap()]);
    assert_eq!(a.role.id, "database-administrator");
    assert_eq!(a.fit.unwrap()[0].id, "database-administrator");
}

#[test]
fn fit_command_table_explains_the_top_three() {
    let out = bin()
        .args(["fit", "--color", "never"])
        .arg(fixture("resumes/alex-rivera.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("Best-fit roles"));
    assert_eq!(s.matches("core missing:").count(), 3, "{s}");
    assert!(s.contains("Learning plan"));
    assert!(s.contains("Career context"));
    assert!(s.contains("not a prediction"));
}

#[test]
fn analyze_role_auto_and_explicit_roles() {
    let out = bin()
        .args(["analyze", "--role", "auto", "--format", "json"])
        .arg(fixture("resumes/morgan-lee-dba.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let a: Analysis = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a.role.id, "database-administrator");
    assert!(a.fit.is_some());

    let out = bin()
        .args([
            "analyze",
            "--role",
            "frontend-developer",
            "--format",
            "json",
            "--skills",
            "react, html",
        ])
        .output()
        .unwrap();
    let a: Analysis = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a.role.id, "frontend-developer");
    assert!(a.fit.is_none());
    assert!(a.career.is_none());

    bin()
        .args(["analyze", "--role", "astronaut", "--skills", "python"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown role `astronaut`"));
}

#[test]
fn json_plan_items_carry_the_documented_fields() {
    let out = bin()
        .args(["analyze", "--format", "json"])
        .arg(fixture("resumes/alex-rivera.txt"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let plan = v["plan"].as_array().unwrap();
    assert!(!plan.is_empty());
    for item in plan {
        for field in [
            "id",
            "stage",
            "hours",
            "cumulative_hours",
            "courses",
            "tools",
            "why",
            "importance",
        ] {
            assert!(item.get(field).is_some(), "plan item lacks {field}: {item}");
        }
    }
    let gap = v["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "kubernetes")
        .unwrap();
    assert!(gap["demand"].as_f64().is_some());
    assert!(gap["onet"].as_array().is_some_and(|o| !o.is_empty()));
    let matched = v["matched"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "python")
        .unwrap();
    assert!(matched["esco"]
        .as_str()
        .unwrap()
        .starts_with(ESCO_SKILL_PREFIX));
    assert_eq!(v["career"]["pay"]["median"], 132_000);
    assert_eq!(v["demand"]["postings"], 2871);
}

#[test]
fn verbose_plans_every_gap() {
    let run = |verbose: bool| {
        let mut cmd = bin();
        cmd.args(["analyze", "--format", "json"])
            .arg(fixture("resumes/alex-rivera.txt"));
        if verbose {
            cmd.arg("--verbose");
        }
        let a: Analysis = serde_json::from_slice(&cmd.output().unwrap().stdout).unwrap();
        a
    };
    let (focused, all) = (run(false), run(true));
    assert!(all.plan.len() > focused.plan.len());
    // Beyond the market's next skills (which lead whatever their importance), a focused plan
    // holds no bonus skill.
    let next: Vec<&str> = focused
        .market
        .as_ref()
        .expect("the built-in market applies to the default role")
        .next_skills
        .iter()
        .map(|n| n.id.as_str())
        .collect();
    assert!(!next.is_empty());
    assert!(focused
        .plan
        .iter()
        .filter(|s| !next.contains(&s.id.as_str()))
        .all(|s| s.importance != Importance::Bonus));
    let lead: Vec<&str> = focused.plan[..next.len()]
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(
        lead, next,
        "the plan starts with the market's next skills, in order"
    );
}

#[test]
fn markdown_report_has_a_plan_a_seeker_can_keep() {
    let out = bin()
        .args(["analyze", "--format", "markdown"])
        .arg(fixture("resumes/alex-rivera.txt"))
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("## Learning plan"));
    assert!(s.contains("| # | Stage | Skill | Why | Hours | Total | Demand |"));
    assert!(s.contains("Practice project:"));
    assert!(s.contains("## Career context"));
    assert!(s.contains("$132K"));
}

/// A batch prepares each role once and derives every person's gaps and plan from the skills
/// found; `plan::build` derives the plan from a finished analysis. Both must agree, with and
/// without a market, and the catalogue-free variant must equal `drop_catalogue` afterwards;
/// the coverage alone (what ranking roles needs) must be the analysis's.
#[test]
fn a_prepared_role_agrees_with_the_plan_rebuilt_from_its_analysis() {
    use skillgap::analysis::market::{Fitter, Market, DEFAULT_READY_AT};
    use skillgap::analysis::PreparedRole;

    let tax = taxonomy();
    let market = Market::embedded(tax).unwrap().expect("built-in market");
    let fitter = Fitter::new(tax, &market, None, DEFAULT_READY_AT).unwrap();
    let doc = Document::from_text("random", Format::Text, "x\n".to_string());
    let statuses = [
        Status::Accepted,
        Status::Accepted,
        Status::Accepted,
        Status::Negated,
        Status::Aspirational,
        Status::Hobby,
    ];
    let mut rng = Rng(0x18a);
    let n = tax.skills.len() as u64;
    let (mut with_market, mut steps) = (0, 0);
    for role in &tax.roles {
        let prepared = PreparedRole::new(tax, role);
        let lean = PreparedRole::new(tax, role).without_catalogue();
        for _ in 0..12 {
            let hits: Vec<Hit> = (0..rng.below(80))
                .map(|_| {
                    let skill = rng.below(n) as usize;
                    hit(skill, statuses[rng.below(statuses.len() as u64) as usize])
                })
                .collect();
            for market in [None, Some(&fitter)] {
                let a = prepared.analyze_hits(&doc, &hits, market);
                with_market += usize::from(a.market.is_some());
                assert_eq!(analysis::prepared::coverage(tax, role, &hits), a.coverage);
                steps += a.plan.len();
                let rebuilt = plan::build(tax, role, &a, PlanScope::Focused);
                assert_eq!(rebuilt.steps, a.plan, "{}", role.id);
                assert_eq!(rebuilt.implied, a.implied, "{}", role.id);
                assert_eq!(rebuilt.deferred, a.deferred, "{}", role.id);
                let mut dropped = a.clone();
                dropped.drop_catalogue();
                assert_eq!(lean.analyze_hits(&doc, &hits, market), dropped);
            }
        }
    }
    assert!(with_market > 0 && steps > 0);
}
