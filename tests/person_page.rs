//! The reports a person keeps: the single-person HTML page (`analyze|fit --format html`) and the
//! Markdown report. Both lead with the summary, show evidence, list each course once and never
//! call a skill taken as known a gap.

use std::collections::HashMap;

use skillgap::analysis::Analysis;

use crate::common::{bin, fixture, run_json};

fn run(args: &[&str]) -> String {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn alex() -> String {
    fixture("resumes/alex-rivera.txt")
        .to_string_lossy()
        .into_owned()
}

fn page(extra: &[&str]) -> String {
    let resume = alex();
    let mut args = vec!["analyze", resume.as_str(), "--format", "html"];
    args.extend_from_slice(extra);
    run(&args)
}

/// Text as the page's autoescape writes it.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Every value of `attr="…"` in the page.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let key = format!("{attr}=\"");
    html.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &html[i + key.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The part of the page between two markers.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
    let end = html[start..].find(to).map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[test]
fn the_page_is_self_contained() {
    let html = page(&[]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(html.contains("@media print"), "print styles");
    assert!(
        html.contains("<meta name=\"viewport\" content=\"width=device-width"),
        "phone width"
    );
    // Nothing is loaded: no src, no stylesheet link, no CSS import or url().
    assert!(attr_values(&html, "src").is_empty(), "no src attributes");
    for needle in ["<link", "@import", "url(", "<iframe", "<img"] {
        assert!(!html.contains(needle), "{needle}");
    }
    // The only absolute links are course links people follow on purpose.
    let courses = between(
        &html,
        "<section id=\"plan\">",
        "</section>\n<section id=\"skills\">",
    );
    for href in attr_values(&html, "href") {
        if href.starts_with('#') {
            continue;
        }
        assert!(
            href.starts_with("https://") || href.starts_with("http://"),
            "{href}"
        );
        assert!(
            courses.contains(&format!("href=\"{href}\"")),
            "{href} is not a course link"
        );
    }
    // The ids in-page links point to exist.
    for href in attr_values(&html, "href")
        .iter()
        .filter(|h| h.starts_with('#'))
    {
        assert!(html.contains(&format!("id=\"{}\"", &href[1..])), "{href}");
    }
}

#[test]
fn the_page_leads_with_the_headline_and_the_market() {
    let a: Analysis = run_json(&["analyze", &alex()]);
    let html = page(&[]);
    let m = a.market.as_ref().expect("the built-in market applies");
    let headline = between(&html, "id=\"headline\"", "</div>\n<div class=\"cards\">");
    assert!(headline.contains("Market fit"), "{headline}");
    assert!(headline.contains(&format!("{:.1}", a.score)), "{headline}");
    // The level table: one row per level, then the next skills in order.
    let market = between(&html, "<section id=\"market\">", "</section>");
    for l in &m.levels {
        assert!(
            market.contains(&format!("<td>{}</td>", l.level)),
            "{}",
            l.level
        );
    }
    let mut at = 0;
    for s in &m.next_skills {
        let i = market[at..]
            .find(&format!("+ {}", escaped(&s.name)))
            .unwrap_or_else(|| panic!("{} after the one before", s.name));
        at += i;
    }
    // Summary first: market, gaps, plan, then the evidence.
    let order: Vec<usize> = [
        "id=\"market\"",
        "id=\"gaps\"",
        "id=\"plan\"",
        "id=\"skills\"",
        "id=\"career\"",
    ]
    .iter()
    .map(|id| html.find(id).unwrap_or_else(|| panic!("{id}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn evidence_is_visible_not_a_tooltip() {
    let a: Analysis = run_json(&["analyze", &alex()]);
    let html = page(&[]);
    assert!(!html.contains(" title=\""), "nothing hides in a tooltip");
    let skills = between(&html, "<section id=\"skills\">", "</section>");
    for m in &a.matched {
        let e = &m.evidence[0];
        assert!(
            skills.contains(&format!("line {}", e.line)),
            "{}: line {}",
            m.name,
            e.line
        );
        // The line is shown with the words that matched marked, wherever they are in it.
        let mark = format!("<mark>{}</mark>", escaped(&e.matched));
        let shown = skills.contains(&mark) || skills.contains(&escaped(&e.text));
        assert!(shown, "{}: {}", m.name, e.text);
    }
    assert!(skills.matches("<mark>").count() >= a.matched.len() / 2);
}

#[test]
fn each_course_is_listed_once_and_gaps_point_to_the_plan() {
    let a: Analysis = run_json(&["analyze", &alex()]);
    let html = page(&[]);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for href in attr_values(&html, "href")
        .into_iter()
        .filter(|h| h.starts_with("http"))
    {
        *seen.entry(href).or_default() += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "listed more than once: {twice:?}");
    // Every course of every step is on the page, as a link or as a pointer to an earlier step.
    for (i, s) in a.plan.iter().enumerate() {
        assert!(
            html.contains(&format!("id=\"step-{}\"", i + 1)),
            "step {}",
            i + 1
        );
        for c in &s.courses {
            assert!(html.contains(&escaped(&c.title)), "{}", c.title);
        }
        if let Some(p) = &s.practice {
            assert!(html.contains(&escaped(p)), "practice of {}", s.name);
        }
    }
}

#[test]
fn skills_taken_as_known_are_not_gaps() {
    let a: Analysis = run_json(&["analyze", &alex()]);
    assert!(!a.implied.is_empty(), "the fixture has implied skills");
    let html = page(&[]);
    let gaps = between(&html, "<ol class=\"gaps\">", "</ol>");
    let tail = between(&html, "<details>", "</details>");
    for i in &a.implied {
        let name = format!("<strong>{}</strong>", escaped(&i.name));
        assert!(!gaps.contains(&name), "{} is implied, not a gap", i.name);
        assert!(!tail.contains(&name), "{} is implied, not a gap", i.name);
    }
    let md = run(&["analyze", &alex(), "--format", "markdown"]);
    let summary = between(
        &md,
        "### Gaps that cost the most postings",
        "## Learning plan",
    );
    let other = between(&md, "## Other gaps", "## Coverage by category");
    for i in &a.implied {
        assert!(
            !summary.contains(&format!("- {}:", i.name)),
            "{} is a gap in the summary",
            i.name
        );
        assert!(
            !other.contains(&format!("| {} |", i.name)),
            "{} is in the other gaps",
            i.name
        );
    }
    assert!(md.contains("Not named but implied"), "the note names them");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    assert_eq!(page(&[]), page(&[]));
}

#[test]
fn text_from_the_document_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cv.txt");
    std::fs::write(
        &path,
        "Skills: Python <script>alert(1)</script>, Docker & \"Kubernetes\"\n",
    )
    .unwrap();
    let html = run(&["analyze", path.to_str().unwrap(), "--format", "html"]);
    assert!(!html.contains("<script>alert"), "document text is escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(
        html.matches("<script>").count(),
        1,
        "only the page's own script"
    );
}

#[test]
fn without_a_market_the_headline_is_coverage() {
    let html = run(&[
        "analyze",
        "--skills",
        "python, docker, pg",
        "--no-market",
        "-f",
        "html",
    ]);
    let headline = between(&html, "id=\"headline\"", "</div>\n<div class=\"cards\">");
    assert!(headline.contains("Role coverage"), "{headline}");
    assert!(!html.contains("id=\"market\""));
    // The gaps that matter are the core ones first.
    let gaps = between(&html, "<ol class=\"gaps\">", "</ol>");
    assert!(gaps.contains("tag core"), "{gaps}");
}

#[test]
fn fit_pages_lead_with_the_ranking() {
    let html = run(&["fit", &alex(), "--format", "html"]);
    let fit = html.find("<section id=\"fit\">").expect("ranking");
    let plan = html.find("<section id=\"plan\">").expect("plan");
    let market = html.find("<section id=\"market\">").expect("market");
    assert!(fit < market && market < plan);
    assert!(html.contains("this report"), "the chosen role is marked");
    assert!(html.contains("Best fit: "));
}

// ---- Markdown --------------------------------------------------------------------------------

#[test]
fn markdown_is_summary_first() {
    let md = run(&["analyze", &alex(), "--format", "markdown"]);
    let at = |h: &str| md.find(h).unwrap_or_else(|| panic!("{h}\n{md}"));
    let order = [
        at("## Market fit"),
        at("| Level | Postings | Fit | Ready |"),
        at("### Next skills"),
        at("### Gaps that cost the most postings"),
        at("## Learning plan"),
        at("## Skills found"),
        at("## Other gaps"),
        at("## Coverage by category"),
        at("## Career context"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // Category names as words.
    assert!(md.contains("| Version control and collaboration |"));
    assert!(!md.contains("version-control-and-collaboration"));
}

#[test]
fn markdown_lists_each_course_once() {
    let a: Analysis = run_json(&["analyze", &alex()]);
    let md = run(&["analyze", &alex(), "--format", "markdown"]);
    let mut listed = 0;
    for s in &a.plan {
        for c in &s.courses {
            let link = format!("]({})", c.url);
            let n = md.matches(&link).count();
            assert!(n <= 1, "{} linked {n} times", c.url);
            listed += n;
        }
    }
    assert!(listed > 0, "the plan links its courses");
    // The other gaps point to the plan instead of repeating courses.
    let other = &md[md.find("## Other gaps").unwrap()..];
    assert!(other.contains("| step "), "{other}");
}

#[test]
fn markdown_without_a_market_names_the_next_skills() {
    let md = run(&[
        "analyze",
        "--skills",
        "python, docker",
        "--no-market",
        "-f",
        "md",
    ]);
    let next = md.find("## Next skills").expect("next skills");
    assert!(next < md.find("## Learning plan").unwrap());
    assert!(md[next..].contains("1. **"));
}

#[test]
fn with_a_posting_the_page_leads_with_it() {
    let posting = fixture("postings/tailor/backend-go.md");
    let html = page(&["--job", posting.to_str().unwrap()]);
    let job = html.find("<section id=\"job\">").expect("job section");
    assert!(job < html.find("<section id=\"market\">").unwrap());
    let section = between(&html, "<section id=\"job\">", "</section>");
    // Kubernetes is required and missing: named, with the plan step that teaches it.
    assert!(
        section.contains("Kubernetes (<a href=\"#step-"),
        "{section}"
    );
    assert!(
        section.contains("Named as not required: Java, PHP."),
        "{section}"
    );
    assert!(section.contains("an alternative is met: C#."), "{section}");
}

#[test]
fn without_a_market_soft_skills_do_not_lead_the_gaps() {
    // Robin's resume shows (or implies) every core DevOps skill: the important ones lead, and
    // of those the soft skills postings ask for most (collaboration, 75%) used to come first.
    let resume = fixture("formats/robin-vale.docx");
    let html = run(&[
        "analyze",
        resume.to_str().unwrap(),
        "--role",
        "devops-engineer",
        "-f",
        "html",
    ]);
    let gaps = between(&html, "<ol class=\"gaps\">", "</ol>");
    let tax = crate::common::taxonomy();
    let first = gaps
        .split("<strong>")
        .nth(1)
        .and_then(|s| s.split("</strong>").next())
        .expect("a gap");
    let skill = tax.find_skill(first).expect("a skill name");
    assert_ne!(skill.kind, skillgap::taxonomy::Kind::Soft, "{first} leads");
}

/// A page to keep is headed with the person's name (or the file's name), never the folder the
/// file was in: the page may be shared, the folder says where it sat on someone's disk.
#[test]
fn the_kept_reports_are_headed_with_the_name_not_the_folder() {
    let resume = alex();
    let folder = fixture("resumes").to_string_lossy().into_owned();
    let html = page(&[]);
    let md = run(&["analyze", resume.as_str(), "--format", "md"]);
    let fit_md = run(&["fit", resume.as_str(), "--format", "md"]);
    assert!(html.contains("<title>Skill gap report · Alex Rivera</title>"));
    assert!(
        md.starts_with("# Skill gap report: Alex Rivera\n"),
        "{}",
        &md[..80]
    );
    assert!(
        fit_md.starts_with("# Role fit: Alex Rivera\n"),
        "{}",
        &fit_md[..80]
    );
    for (what, text) in [("html", &html), ("md", &md), ("fit md", &fit_md)] {
        assert!(!text.contains(&folder), "{what} names the folder {folder}");
    }
}
