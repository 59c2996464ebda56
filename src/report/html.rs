//! HTML: one self-contained page for one person (`analyze --format html`, `fit --format html`).
//! No network, no external assets, no script needed to read it; the same input gives the same
//! bytes. It reads on a 390-px phone (nothing wider than the screen: bars are CSS widths, long
//! words wrap) and prints (print styles; collapsed parts open before printing).
//!
//! Order: the headline and the market (levels, next skills, the gaps that cost the most
//! postings), the plan with courses and practice projects (each course once), the skills found
//! with their evidence visible, the other gaps, coverage and career context. The template
//! (`templates/person-page.html`, autoescaped) only places what this module computes.

use std::io::{self, Write};

use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use serde::Serialize;

use super::focus::{self, GapItem};
use super::names::category_name;
use crate::analysis::{Analysis, Evidence, Headline};
use crate::matcher::{MatchKind, Status};
use crate::taxonomy::{Kind, Taxonomy};

const PERSON_PAGE: &str = include_str!("templates/person-page.html");
/// Palette, type and the pieces both pages use (cards, tags, bars, print rules).
pub(crate) const BASE_CSS: &str = include_str!("templates/base.css");

/// Which command the page is for: `fit` leads with the role ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Page {
    Analyze,
    Fit,
}

/// minijinja's HTML escaping also turns `/` into `&#x2f;`, which bloats every URL of a page with
/// many course links; escaping `& < > " '` is all HTML needs, in text and in quoted attributes.
pub(crate) fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(text) if !value.is_safe() && state.auto_escape() == &minijinja::AutoEscape::Html => {
            let mut last = 0;
            for (i, c) in text.char_indices() {
                let esc = match c {
                    '&' => "&amp;",
                    '<' => "&lt;",
                    '>' => "&gt;",
                    '"' => "&quot;",
                    '\'' => "&#39;",
                    _ => continue,
                };
                out.write_str(&text[last..i])?;
                out.write_str(esc)?;
                last = i + 1;
            }
            out.write_str(&text[last..])?;
            Ok(())
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

pub(crate) fn template_err(e: minijinja::Error) -> io::Error {
    io::Error::other(format!("HTML template: {e:#}"))
}

/// Render the page for `a` into `out`.
pub(super) fn render(
    a: &Analysis,
    tax: &Taxonomy,
    page: Page,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut env = Environment::new();
    env.set_formatter(html_formatter);
    // Both are compiled into the binary; a failure here is a bug the tests catch.
    env.add_template("base.css", BASE_CSS)
        .map_err(template_err)?;
    env.add_template("person-page.html", PERSON_PAGE)
        .map_err(template_err)?;
    let view = view(a, tax, page);
    let html = env
        .get_template("person-page.html")
        .map_err(template_err)?
        .render(context! { p => Value::from(Serde(&view)) })
        .map_err(template_err)?;
    out.write_all(html.as_bytes())
}

// --- The view: everything the template shows, computed ----------------------------------------

#[derive(Serialize)]
struct View {
    fit_page: bool,
    source: String,
    format: String,
    role: String,
    headline: HeadlineView,
    market: Option<MarketView>,
    gaps: GapsView,
    job: Option<JobView>,
    fit: Vec<FitRow>,
    fit_note: &'static str,
    found: Vec<CategoryView>,
    not_counted: Vec<NotCounted>,
    plan: PlanView,
    coverage: Vec<Bar>,
    career: Option<CareerView>,
    demand_note: Option<String>,
}

#[derive(Serialize)]
struct HeadlineView {
    /// "Market fit" or "Role coverage".
    label: String,
    score: String,
    /// 0–100, for the gauge.
    width: String,
    /// The sentence under the number.
    detail: String,
    coverage: String,
    matched: usize,
    role_skills: usize,
    gaps: usize,
    extra: usize,
    /// "ready for 869 of 2,684 postings" parts, with a market.
    ready: Option<String>,
}

#[derive(Serialize)]
struct Bar {
    label: String,
    /// Percentage of the track the bar fills, one decimal.
    width: String,
    value: String,
    note: String,
}

#[derive(Serialize)]
struct MarketView {
    postings: String,
    scope: String,
    ready_at: String,
    source: String,
    levels: Vec<LevelRow>,
    /// Ready share now, then after each next skill.
    ready_path: Vec<Bar>,
}

#[derive(Serialize)]
struct LevelRow {
    level: String,
    postings: String,
    fit: String,
    fit_width: String,
    ready: String,
}

#[derive(Serialize)]
struct GapRow {
    name: String,
    importance: String,
    hours: Option<u32>,
    /// "+215 postings" (market) or "in 21% of postings" (demand).
    value: String,
    width: String,
    step: Option<usize>,
    note: String,
}

#[derive(Serialize)]
struct GapsView {
    by_market: bool,
    top: Vec<GapRow>,
    rest: Vec<GapRow>,
    bonus: Vec<String>,
    implied: Vec<String>,
    deferred: Vec<String>,
    implied_note: &'static str,
    deferred_note: &'static str,
}

#[derive(Serialize)]
struct CategoryView {
    name: String,
    skills: Vec<FoundView>,
}

#[derive(Serialize)]
struct FoundView {
    name: String,
    importance: &'static str,
    in_role: bool,
    how: String,
    more: usize,
    evidence: Option<EvidenceView>,
}

/// A line of evidence with the words that matched picked out.
#[derive(Serialize)]
struct EvidenceView {
    place: String,
    before: String,
    mark: String,
    after: String,
}

#[derive(Serialize)]
struct NotCounted {
    name: String,
    reason: &'static str,
    evidence: Option<EvidenceView>,
}

#[derive(Serialize)]
struct PlanView {
    steps: usize,
    hours: String,
    stages: Vec<StageView>,
}

#[derive(Serialize)]
struct StageView {
    /// The first stage is shown open; later steps are collapsed to one line each.
    first: bool,
    heading: String,
    hours: u32,
    steps: Vec<StepView>,
}

#[derive(Serialize)]
struct StepView {
    n: usize,
    id: String,
    name: String,
    hours: u32,
    cumulative: u32,
    why: String,
    demand: String,
    courses: Vec<CourseView>,
    tools: String,
    practice: Option<String>,
}

#[derive(Serialize)]
struct CourseView {
    title: String,
    url: String,
    provider: String,
    /// The step that already lists this course.
    listed_at: Option<usize>,
}

#[derive(Serialize)]
struct FitRow {
    n: usize,
    name: String,
    fit: String,
    width: String,
    coverage: String,
    core_met: String,
    core_missing: String,
    chosen: bool,
}

#[derive(Serialize)]
struct JobView {
    source: String,
    rate: String,
    width: String,
    met: Vec<String>,
    missing_required: Vec<Missing>,
    missing_preferred: Vec<Missing>,
    not_asked: String,
    not_required: String,
    alternative_met: String,
}

/// A requirement the resume misses, and the plan step that teaches it.
#[derive(Serialize)]
struct Missing {
    name: String,
    step: Option<usize>,
}

#[derive(Serialize)]
struct CareerView {
    source: String,
    pay: Vec<Bar>,
    period: String,
    ladder: Option<String>,
    alternatives: String,
}

fn one(x: f64) -> String {
    format!("{x:.1}")
}

fn pct(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// A bar width: `value` of `max`, as a percentage of the track (0 when `max` is 0).
fn width(value: f64, max: f64) -> String {
    if max <= 0.0 {
        return "0".to_string();
    }
    one((value / max * 100.0).clamp(0.0, 100.0))
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn view(a: &Analysis, tax: &Taxonomy, page: Page) -> View {
    let gaps = focus::gaps(a, tax);
    View {
        fit_page: page == Page::Fit,
        source: a.source.label(),
        format: a.source.format.clone(),
        role: a.role.name.clone(),
        headline: headline(a),
        market: a.market.as_ref().map(market),
        gaps: gaps_view(a, tax, &gaps),
        job: a.job.as_ref().map(|j| job(a, j, tax)),
        fit: fit_rows(a),
        fit_note: super::plan::FIT_NOTE,
        found: found(a),
        not_counted: a
            .negated
            .iter()
            .map(|n| NotCounted {
                name: n.name.clone(),
                reason: match n.reason {
                    Status::Negated => "said not to have",
                    Status::Aspirational => "wished for",
                    Status::Hobby => "a hobby",
                    Status::Accepted => "counted",
                },
                evidence: n.evidence.first().map(evidence),
            })
            .collect(),
        plan: plan(a),
        coverage: a
            .categories
            .iter()
            .map(|c| Bar {
                label: category_name(&c.category),
                width: width(c.coverage, 100.0),
                value: format!("{}%", one(c.coverage)),
                note: format!("{} of {}", c.matched, c.total),
            })
            .collect(),
        career: a.career.as_ref().map(career),
        demand_note: a.demand.as_ref().map(|d| {
            format!(
                "Demand: the share of {} postings that ask for a skill ({}; computed {}).",
                thousands(d.postings as usize),
                d.source,
                d.date
            )
        }),
    }
}

fn headline(a: &Analysis) -> HeadlineView {
    let (label, detail, ready) = match (&a.market, a.headline) {
        (Some(m), Headline::Fit) => (
            "Market fit",
            format!(
                "the mean match rate over {} job postings; ready (match rate ≥ {:.0}) for {} of them",
                thousands(m.postings),
                m.ready_at,
                thousands(m.ready_postings)
            ),
            Some(format!(
                "{} of {} postings",
                thousands(m.ready_postings),
                thousands(m.postings)
            )),
        ),
        _ => (
            "Role coverage",
            "the weighted share of the role's skills found (core 3, important 2, bonus 1); no job market for this role"
                .to_string(),
            None,
        ),
    };
    HeadlineView {
        label: label.to_string(),
        score: one(a.score),
        width: width(a.score, 100.0),
        detail,
        coverage: one(a.coverage),
        matched: a.summary.matched,
        role_skills: a.summary.role_skills,
        gaps: a.summary.gaps,
        extra: a.summary.extra,
        ready,
    }
}

fn market(m: &crate::analysis::market::MarketFit) -> MarketView {
    let mut ready_path = vec![Bar {
        label: "Now".to_string(),
        width: width(m.ready_share, 1.0),
        value: pct(m.ready_share),
        note: format!("{} postings", thousands(m.ready_postings)),
    }];
    for s in &m.next_skills {
        ready_path.push(Bar {
            label: format!("+ {}", s.name),
            width: width(s.ready_share_after, 1.0),
            value: pct(s.ready_share_after),
            note: format!(
                "+{} postings · ~{} h",
                thousands(s.postings_gained),
                s.hours
            ),
        });
    }
    MarketView {
        postings: thousands(m.postings),
        scope: m
            .level
            .as_deref()
            .map_or("all levels".to_string(), |l| format!("level {l}")),
        ready_at: format!("{:.0}", m.ready_at),
        source: m.source.clone(),
        levels: if m.levels.len() > 1 {
            m.levels
                .iter()
                .map(|l| LevelRow {
                    level: l.level.clone(),
                    postings: thousands(l.postings),
                    fit: one(l.fit),
                    fit_width: width(l.fit, 100.0),
                    ready: pct(l.ready_share),
                })
                .collect()
        } else {
            Vec::new()
        },
        ready_path,
    }
}

fn gap_row(a: &Analysis, g: &GapItem<'_>, max_gained: usize) -> GapRow {
    let demand = g.gap.and_then(|x| x.demand).filter(|_| a.demand.is_some());
    let (value, w) = match (g.postings_gained, g.asked) {
        (Some(n), asked) if n > 0 => (
            format!(
                "+{} postings{}",
                thousands(n),
                asked.map_or(String::new(), |s| format!(" · asked by {}", pct(s)))
            ),
            width(n as f64, max_gained as f64),
        ),
        _ => match demand {
            Some(d) => (
                format!("in {} of postings", super::plan::demand_pct(Some(d))),
                width(d, 1.0),
            ),
            None => (String::new(), "0".to_string()),
        },
    };
    GapRow {
        name: g.name.clone(),
        importance: g
            .importance()
            .map_or("beyond the role", |i| i.as_str())
            .to_string(),
        hours: g.hours(),
        value,
        width: w,
        step: g.plan_step,
        note: String::new(),
    }
}

fn gaps_view(a: &Analysis, tax: &Taxonomy, g: &focus::Gaps<'_>) -> GapsView {
    let max = g
        .top
        .iter()
        .chain(&g.rest)
        .filter_map(|x| x.postings_gained)
        .max()
        .unwrap_or(0);
    let rest = g
        .rest
        .iter()
        .map(|x| {
            let mut row = gap_row(a, x, max);
            if x.plan_step.is_none() {
                row.note = match x.gap {
                    _ if a.deferred.iter().any(|d| d.id == x.id) => "deferred".to_string(),
                    _ if tax.skill(x.id).is_some_and(|s| s.kind == Kind::Soft) => {
                        "soft skill".to_string()
                    }
                    Some(gap) if !gap.alternatives_found.is_empty() => {
                        "an alternative is shown".to_string()
                    }
                    _ => "not planned".to_string(),
                };
            }
            row
        })
        .collect();
    GapsView {
        by_market: g.by_market,
        top: g.top.iter().map(|x| gap_row(a, x, max)).collect(),
        rest,
        bonus: g.bonus.iter().map(|x| x.name.clone()).collect(),
        implied: super::plan::implied_items(a),
        deferred: super::plan::deferred_items(a, tax),
        implied_note: super::plan::IMPLIED_NOTE,
        deferred_note: super::plan::DEFERRED_NOTE,
    }
}

/// The evidence line with the matched words marked: their first case-insensitive occurrence,
/// else the whole line unmarked.
fn evidence(e: &Evidence) -> EvidenceView {
    let mut place = match e.page {
        Some(p) => format!("page {p}, line {}", e.line),
        None => format!("line {}", e.line),
    };
    if let Some(s) = &e.section {
        place.push_str(&format!(" · {s}"));
    }
    if let Some(p) = &e.path {
        place.push_str(&format!(" · {p}"));
    }
    let text = e.text.as_str();
    let want = e.matched.to_lowercase();
    let n = e.matched.chars().count();
    // Compare character windows, not byte offsets of a lower-cased copy: lower-casing can
    // change byte lengths ("İ").
    let at = (n > 0)
        .then(|| {
            text.char_indices().find_map(|(i, _)| {
                let end = text[i..]
                    .char_indices()
                    .nth(n)
                    .map_or(text.len(), |(j, _)| i + j);
                (text[i..end].chars().count() == n && text[i..end].to_lowercase() == want)
                    .then_some((i, end))
            })
        })
        .flatten();
    match at {
        Some((i, end)) => EvidenceView {
            place,
            before: text[..i].to_string(),
            mark: text[i..end].to_string(),
            after: text[end..].to_string(),
        },
        None => EvidenceView {
            place,
            before: text.to_string(),
            mark: String::new(),
            after: String::new(),
        },
    }
}

fn found(a: &Analysis) -> Vec<CategoryView> {
    let mut cats: Vec<CategoryView> = Vec::new();
    let mut slugs: Vec<&str> = Vec::new();
    for m in &a.matched {
        let i = match slugs.iter().position(|c| *c == m.category) {
            Some(i) => i,
            None => {
                slugs.push(&m.category);
                cats.push(CategoryView {
                    name: category_name(&m.category),
                    skills: Vec::new(),
                });
                cats.len() - 1
            }
        };
        cats[i].skills.push(FoundView {
            name: m.name.clone(),
            importance: m.importance.as_str(),
            in_role: m.in_role,
            how: match m.how {
                MatchKind::Exact => String::new(),
                MatchKind::Alias => m
                    .evidence
                    .first()
                    .filter(|e| !e.matched.eq_ignore_ascii_case(&m.name))
                    .map_or(String::new(), |e| format!("as “{}”", e.matched)),
                MatchKind::Fuzzy => format!("near match {:.2}", m.confidence),
                // A concept written as an activity: the words that state it.
                MatchKind::Phrase => m
                    .evidence
                    .first()
                    .map_or(String::new(), |e| format!("stated as “{}”", e.matched)),
            },
            more: m.occurrences.saturating_sub(1),
            evidence: m.evidence.first().map(evidence),
        });
    }
    cats
}

fn plan(a: &Analysis) -> PlanView {
    let mut stages: Vec<StageView> = Vec::new();
    let mut courses = focus::Courses::default();
    let mut last = 0;
    for (i, s) in a.plan.iter().enumerate() {
        if s.stage != last || stages.is_empty() {
            last = s.stage;
            stages.push(StageView {
                first: stages.is_empty(),
                heading: super::plan::stage_heading(s),
                hours: 0,
                steps: Vec::new(),
            });
        }
        let stage = stages.last_mut().expect("pushed above");
        stage.hours += s.hours;
        stage.steps.push(StepView {
            n: i + 1,
            id: s.id.clone(),
            name: s.name.clone(),
            hours: s.hours,
            cumulative: s.cumulative_hours,
            why: s.why.clone(),
            demand: super::plan::demand_pct(s.demand.filter(|_| a.demand.is_some())),
            courses: s
                .courses
                .iter()
                .map(|c| CourseView {
                    title: c.title.clone(),
                    url: c.url.clone(),
                    provider: c.provider.clone(),
                    listed_at: courses.seen(&c.url, i + 1),
                })
                .collect(),
            tools: s.tools.join(", "),
            practice: s.practice.clone(),
        });
    }
    PlanView {
        steps: a.plan.len(),
        hours: thousands(a.plan.last().map_or(0, |s| s.cumulative_hours) as usize),
        stages,
    }
}

fn fit_rows(a: &Analysis) -> Vec<FitRow> {
    let Some(fit) = &a.fit else {
        return Vec::new();
    };
    fit.iter()
        .enumerate()
        .map(|(i, f)| FitRow {
            n: i + 1,
            name: f.name.clone(),
            fit: one(f.fit),
            width: width(f.fit, 100.0),
            coverage: format!("{}%", one(f.coverage)),
            core_met: f.core_met.join(", "),
            core_missing: f.core_missing.join(", "),
            chosen: f.id == a.role.id,
        })
        .collect()
}

fn job(a: &Analysis, j: &crate::analysis::job::JobMatch, tax: &Taxonomy) -> JobView {
    let steps = focus::plan_steps(a);
    let missing = |list: &[crate::analysis::job::MissingRequirement]| -> Vec<Missing> {
        list.iter()
            .map(|m| Missing {
                name: m.requirement.name.clone(),
                step: steps.get(m.requirement.id.as_str()).copied(),
            })
            .collect()
    };
    let names = |ids: &[String]| -> String {
        ids.iter()
            .map(|id| tax.skill(id).map_or(id.as_str(), |s| s.name.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut source = j.source.clone();
    if let Some(t) = &j.title {
        source = match &j.company {
            Some(c) => format!("{t} — {c}"),
            None => t.clone(),
        };
    }
    JobView {
        source,
        rate: one(j.match_rate),
        width: width(j.match_rate, 100.0),
        met: j
            .matched
            .iter()
            .map(|m| m.requirement.name.clone())
            .collect(),
        missing_required: missing(&j.missing_required),
        missing_preferred: missing(&j.missing_preferred),
        not_asked: j
            .extra
            .iter()
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        not_required: names(&j.not_required),
        alternative_met: names(&j.alternative_met),
    }
}

fn career(c: &crate::taxonomy::Career) -> CareerView {
    let pay = c.pay.as_ref().map_or(Vec::new(), |p| {
        let max = f64::from(p.experienced.max(p.median).max(p.entry));
        [
            ("Entry", p.entry),
            ("Median", p.median),
            ("Experienced", p.experienced),
        ]
        .into_iter()
        .map(|(label, v)| Bar {
            label: label.to_string(),
            width: width(f64::from(v), max),
            value: super::plan::money(v, &p.currency),
            note: String::new(),
        })
        .collect()
    });
    CareerView {
        source: c.source.clone(),
        period: c.pay.as_ref().map_or(String::new(), |p| p.period.clone()),
        pay,
        ladder: super::plan::ladder_line(c),
        alternatives: c.alternatives.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(text: &str, matched: &str) -> Evidence {
        Evidence {
            line: 3,
            column: 1,
            text: text.to_string(),
            matched: matched.to_string(),
            section: Some("Skills".to_string()),
            page: None,
            path: None,
        }
    }

    #[test]
    fn evidence_marks_the_words_that_matched() {
        let v = evidence(&ev("Tools: Docker, Git", "docker"));
        assert_eq!(
            (v.before.as_str(), v.mark.as_str(), v.after.as_str()),
            ("Tools: ", "Docker", ", Git")
        );
        assert_eq!(v.place, "line 3 · Skills");
        let v = evidence(&ev("nothing here", "k8s"));
        assert_eq!((v.before.as_str(), v.mark.as_str()), ("nothing here", ""));
        // A letter whose lower case is longer does not split a character.
        let v = evidence(&ev("İstanbul Go team", "go"));
        assert_eq!(v.mark, "Go");
    }

    #[test]
    fn widths_and_numbers() {
        assert_eq!(width(50.0, 200.0), "25.0");
        assert_eq!(width(3.0, 0.0), "0");
        assert_eq!(width(150.0, 100.0), "100.0");
        assert_eq!(thousands(2684), "2,684");
        assert_eq!(thousands(100), "100");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
