//! Tailoring to a job posting: requirement extraction, `analyze --job`, `extract` and `match`.

use skillgap::analysis::job::{self, Level, Posting, Ranked};
use skillgap::analysis::Analysis;
use skillgap::input::{self, Document, Format, Limits};
use skillgap::matcher::Matcher;

use crate::common::run_json;
use crate::common::{bin, fixture, taxonomy};

fn posting(rel: &str) -> Posting {
    let doc = input::read_path(&fixture(rel), &Limits::default()).unwrap();
    job::requirements(&Matcher::new(taxonomy()), &doc)
}

fn posting_text(text: &str) -> Posting {
    let doc = Document::from_text("test", Format::Text, text.to_string());
    job::requirements(&Matcher::new(taxonomy()), &doc)
}

fn path(rel: &str) -> String {
    fixture(rel).to_string_lossy().into_owned()
}

fn level(p: &Posting, id: &str) -> Option<Level> {
    p.requirements.iter().find(|r| r.id == id).map(|r| r.level)
}

#[test]
fn sections_decide_required_and_preferred() {
    let p = posting("postings/tailor/backend-go.md");
    for id in ["go", "grpc", "kubernetes", "postgresql", "redis", "docker"] {
        assert_eq!(level(&p, id), Some(Level::Required), "{id}");
    }
    for id in ["terraform", "kafka"] {
        assert_eq!(level(&p, id), Some(Level::Preferred), "{id}");
    }
    // About us and Benefits are not requirements.
    assert_eq!(level(&p, "cms"), None);
    assert_eq!(level(&p, "aws"), None);
    // Required ones come first.
    let levels: Vec<Level> = p.requirements.iter().map(|r| r.level).collect();
    assert!(levels.windows(2).all(|w| w[0] <= w[1]), "{levels:?}");
}

#[test]
fn markdown_escapes_do_not_hide_skills() {
    let p = posting("postings/tailor/backend-go.md");
    // `C\#`, `Node\.js`, and `\-` bullets under Responsibilities.
    assert_eq!(level(&p, "csharp"), Some(Level::Required));
    assert_eq!(level(&p, "nodejs"), Some(Level::Required));
    let cs = p.requirements.iter().find(|r| r.id == "csharp").unwrap();
    assert_eq!(cs.alternatives, ["nodejs"]);
    let k8s = p
        .requirements
        .iter()
        .find(|r| r.id == "kubernetes")
        .unwrap();
    assert_eq!(k8s.posting.section.as_deref(), Some("Responsibilities"));
    assert!(
        k8s.posting.text.starts_with("- Keep"),
        "{}",
        k8s.posting.text
    );
}

#[test]
fn skills_named_as_not_required_are_not_requirements() {
    let p = posting("postings/tailor/backend-go.md");
    assert_eq!(level(&p, "php"), None);
    assert_eq!(level(&p, "java"), None);
    assert!(p.not_required.contains(&"php".to_string()));
    assert!(p.not_required.contains(&"java".to_string()));
    let p =
        posting_text("Requirements:\n- Python\n- Docker is not required, no need for Kubernetes\n");
    assert_eq!(level(&p, "python"), Some(Level::Required));
    assert_eq!(level(&p, "docker"), None);
    assert_eq!(level(&p, "kubernetes"), None);
}

#[test]
fn years_asked_are_recognised() {
    let p = posting("postings/tailor/backend-go.md");
    let years = |id: &str| p.requirements.iter().find(|r| r.id == id).unwrap().years;
    assert_eq!(years("go"), Some(5));
    assert_eq!(years("kafka"), Some(3));
    assert_eq!(years("redis"), None);
    let p = posting("postings/tailor/frontend-react.md");
    let react = p.requirements.iter().find(|r| r.id == "react").unwrap();
    assert_eq!((react.level, react.years), (Level::Required, Some(3)));
    assert_eq!(level(&p, "graphql"), Some(Level::Preferred));
}

#[test]
fn line_labels_and_postings_without_headings() {
    let p = posting("postings/tailor/python-plain.txt");
    assert_eq!(level(&p, "django"), Some(Level::Required));
    assert_eq!(level(&p, "redis"), Some(Level::Preferred));
    // An ad with no required section at all: every skill it names is required.
    let p = posting_text("We build services in Python and run them on Kubernetes.\n");
    assert_eq!(level(&p, "python"), Some(Level::Required));
    assert_eq!(level(&p, "kubernetes"), Some(Level::Required));
}

#[test]
fn analyze_with_job_adds_the_job_block() {
    let a: Analysis = run_json(&[
        "analyze",
        &path("resumes/alex-rivera.txt"),
        "--job",
        &path("postings/tailor/backend-go.md"),
    ]);
    assert!(!a.matched.is_empty(), "the analysis fields stay");
    let j = a.job.expect("job block");
    // 8 required (weight 2), 2 preferred (weight 1); 7 required met, and "C# or Node.js" is met
    // by Node.js, so C# leaves the rate: 14 / 16.
    assert_eq!((j.required.len(), j.preferred.len()), (8, 2));
    assert_eq!(j.alternative_met, ["csharp"]);
    assert_eq!(j.match_rate, 75.0);
    let missing: Vec<&str> = j
        .missing_required
        .iter()
        .map(|m| m.requirement.id.as_str())
        .collect();
    assert_eq!(missing, ["kubernetes"]);
    assert!(j
        .missing_required
        .iter()
        .all(|m| !m.courses.is_empty() && !m.tools.is_empty()));
    assert_eq!(j.missing_preferred.len(), 2);
    let go = j.matched.iter().find(|m| m.requirement.id == "go").unwrap();
    assert!(go.resume[0].text.contains("Go"));
    assert!(go.requirement.posting.text.contains("Go"));
    assert!(j.extra.iter().any(|e| e.id == "django"));
    assert!(!j.extra.iter().any(|e| e.id == "go"));
}

#[test]
fn analyze_with_job_renders_table_and_markdown() {
    for (format, needle) in [("table", "Match rate 75.0"), ("markdown", "## Job posting")] {
        bin()
            .arg("analyze")
            .arg(fixture("resumes/alex-rivera.txt"))
            .arg("--job")
            .arg(fixture("postings/tailor/backend-go.md"))
            .args(["--format", format, "--color", "never"])
            .assert()
            .success()
            .stdout(predicates::str::contains(needle))
            .stdout(predicates::str::contains("Kubernetes"));
    }
}

#[test]
fn extract_lists_skills_with_sections() {
    let found: Vec<job::Found> = run_json(&["extract", &path("postings/tailor/backend-go.md")]);
    let tf = found.iter().find(|f| f.id == "terraform").unwrap();
    assert_eq!(tf.evidence[0].section.as_deref(), Some("Nice to have"));
    assert!(found.iter().any(|f| f.id == "csharp"));
}

fn ranking(args: &[&str]) -> Vec<Ranked> {
    let resume = path("resumes/alex-rivera.txt");
    let mut all = vec!["match", resume.as_str()];
    all.extend_from_slice(args);
    run_json(&all)
}

#[test]
fn match_ranks_best_first_and_honours_top() {
    let folder = fixture("postings/tailor");
    let jsonl = fixture("postings/tailor.jsonl");
    let rows = ranking(&[folder.to_str().unwrap(), jsonl.to_str().unwrap()]);
    assert_eq!(rows.len(), 5);
    assert!(rows.windows(2).all(|w| w[0].match_rate >= w[1].match_rate));
    assert!(
        rows[0].source.ends_with("python-plain.txt"),
        "{}",
        rows[0].source
    );
    assert!(
        rows[4].source.ends_with("frontend-react.md"),
        "{}",
        rows[4].source
    );
    // JSON Lines records are named by their id and read as Markdown.
    let p1 = rows.iter().find(|r| r.source == "p-1").unwrap();
    assert_eq!(p1.missing_required, ["kubernetes"]);
    let top = ranking(&[folder.to_str().unwrap(), "--top", "2"]);
    assert_eq!(top.len(), 2);
    assert_eq!(top[0], rows[0]);
}

#[test]
fn match_reports_a_bad_posting_and_goes_on() {
    bin()
        .arg("match")
        .arg(fixture("resumes/alex-rivera.txt"))
        .arg(fixture("postings/tailor/backend-go.md"))
        .arg(fixture("postings/tailor/no-such-file.md"))
        .assert()
        .code(3)
        .stdout(predicates::str::contains("backend-go.md"))
        .stderr(predicates::str::contains("no-such-file.md"));
}

#[test]
fn the_posting_can_come_from_standard_input() {
    let posting = std::fs::read(fixture("postings/tailor/python-plain.txt")).unwrap();
    bin()
        .arg("analyze")
        .arg(fixture("resumes/alex-rivera.txt"))
        .args(["--job", "-", "--format", "markdown"])
        .write_stdin(posting)
        .assert()
        .success()
        .stdout(predicates::str::contains("Match rate 100.0"));
    bin()
        .args(["analyze", "-", "--job", "-"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("only one of FILE and --job"));
}

/// What a person reads names skills; the JSON keeps the ids.
#[test]
fn job_views_name_skills_not_ids() {
    let tax = crate::common::taxonomy();
    let name = |id: &str| tax.skill(id).unwrap().name.clone();
    // `analyze --job` in full (-v) and in Markdown: not required, and met by an alternative.
    for format in ["table", "markdown"] {
        let out = bin()
            .arg("analyze")
            .arg(fixture("resumes/alex-rivera.txt"))
            .arg("--job")
            .arg(fixture("postings/tailor/backend-go.md"))
            .args(["--format", format, "--color", "never", "-v"])
            .output()
            .unwrap();
        let s = String::from_utf8(out.stdout).unwrap();
        let line = s
            .lines()
            .find(|l| l.starts_with("Named as not required"))
            .unwrap_or_else(|| panic!("{format}: no not-required line\n{s}"));
        for id in ["php", "java"] {
            assert!(line.contains(&name(id)), "{format}: {line}");
        }
        assert!(!line.contains("php"), "{format}: an id leaked: {line}");
        let alt = s
            .lines()
            .find(|l| l.starts_with("Not needed, an alternative is met"))
            .expect("alternative line");
        assert!(
            alt.contains(&name("csharp")) && !alt.contains("csharp"),
            "{alt}"
        );
    }
    // `match`: the missing-required column.
    let rows = ranking(&[fixture("postings/tailor").to_str().unwrap()]);
    let out = bin()
        .arg("match")
        .arg(fixture("resumes/alex-rivera.txt"))
        .arg(fixture("postings/tailor"))
        .args(["--color", "never"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let mut checked = 0;
    for id in rows.iter().flat_map(|r| &r.missing_required) {
        let n = name(id);
        assert!(table.contains(&n), "{n} missing from\n{table}");
        if n != *id {
            checked += 1;
        }
    }
    assert!(checked > 0, "some missing skill's name differs from its id");
    assert!(!table.contains("kubernetes"), "ids leaked:\n{table}");
}
