//! HTML: one self-contained page for counselors — no network, no external assets, the same bytes
//! for the same input. Headline figures; bar charts that tell people apart (market-fit bands,
//! the skills found most often, the gaps that cost the cohort the most postings, coverage by
//! category); a table of everyone that sorts by any column (buttons in the headers, keyboard
//! and screen reader friendly) and filters by name, skill found or gap with an "n of N shown"
//! count; and a card per person, opened from the table.
//!
//! A cohort of thousands must load in well under two seconds, so the page holds no card until
//! one is opened: each person's card is one line of compact JSON (rendered on a worker thread and
//! spooled), drawn by a few lines of inline JavaScript when opened. What every card repeats — a
//! skill's name, category, hours, first course and practice project — is written once, in a
//! catalogue keyed by skill id. The table itself is plain HTML, so it reads and prints without
//! JavaScript.
//!
//! Charts are HTML and CSS bars, not SVG: their text keeps its size on a phone, where a scaled
//! drawing shrinks its labels to a few pixels.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, Read, Write};
use std::sync::Mutex;

use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use serde::Serialize;

use super::markdown::role_names;
use super::{one_decimal, BatchReporter, Parts};
use crate::analysis::{Analysis, Evidence};
use crate::cohort::{CohortSummary, PersonRow};
use crate::matcher::Status;
use crate::report::html::{html_formatter, template_err};
use crate::report::names::category_name;
use crate::taxonomy::{Course, Importance};

const PAGE: &str = include_str!("templates/page.html");
const PERSON: &str = include_str!("templates/person.html");
/// Where the spooled card lines go in the rendered page.
const CARDS_MARK: &str = "<!--person-cards-->";

/// Bars in the "skills found most often" and "gaps that cost the most postings" charts.
const CHART_ROWS: usize = 15;
/// Plan steps a card shows in full; the rest are counted.
const PLAN_STEPS: usize = 5;
/// Evidence shown per skill found, in characters.
const EVIDENCE_CHARS: usize = 100;

pub(super) struct Html {
    env: Environment<'static>,
    /// Skill id → what every card that names the skill needs, filled as people are rendered.
    catalogue: Mutex<BTreeMap<String, Entry>>,
}

impl Html {
    pub(super) fn new() -> Self {
        let mut env = Environment::new();
        env.set_formatter(html_formatter);
        // Both templates are compiled into the binary; a failure here is a bug caught by tests.
        env.add_template("page.html", PAGE)
            .expect("page template parses");
        env.add_template("person.html", PERSON)
            .expect("person template parses");
        Html {
            env,
            catalogue: Mutex::new(BTreeMap::new()),
        }
    }
}

/// JSON that may sit inside `<script>`: no `<` can close the element or open a comment.
fn script_json<T: Serialize>(value: &T) -> io::Result<String> {
    let json = serde_json::to_string(value).map_err(io::Error::from)?;
    Ok(json.replace('<', "\\u003c"))
}

/// What the catalogue knows of a skill. Every field keeps the value of the earliest person (in
/// page order) that has one, so the page does not depend on which thread rendered whom.
#[derive(Debug, Default)]
struct Entry {
    name: Option<(usize, String)>,
    category: Option<(usize, String)>,
    hours: Option<(usize, u32)>,
    course: Option<(usize, Course)>,
    practice: Option<(usize, String)>,
}

fn keep_first<T>(slot: &mut Option<(usize, T)>, index: usize, value: Option<T>) {
    if let Some(v) = value {
        if slot.as_ref().is_none_or(|(i, _)| index < *i) {
            *slot = Some((index, v));
        }
    }
}

/// A catalogue entry as the page reads it: `[id, name, category, hours, course title, course
/// URL, provider, practice]`, `null` where unknown.
type EntryJson = (
    String,
    String,
    Option<String>,
    Option<u32>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

impl Entry {
    fn to_json(&self, id: &str) -> EntryJson {
        let course = self.course.as_ref().map(|(_, c)| c);
        (
            id.to_string(),
            self.name
                .as_ref()
                .map_or_else(|| id.to_string(), |(_, n)| n.clone()),
            self.category.as_ref().map(|(_, c)| category_name(c)),
            self.hours.as_ref().map(|(_, h)| *h),
            course.map(|c| c.title.clone()),
            // Only web links: a custom taxonomy's URL must not become script on a click.
            course
                .filter(|c| c.url.starts_with("https://") || c.url.starts_with("http://"))
                .map(|c| c.url.clone()),
            course.map(|c| c.provider.clone()),
            self.practice.as_ref().map(|(_, p)| p.clone()),
        )
    }
}

/// One person's card, as one line of JSON. Skills are named by id (see the catalogue).
#[derive(Serialize)]
struct Card<'a> {
    /// Detected format and the role measured against.
    fmt: &'a str,
    role: &'a str,
    /// What `score` is ("market fit" or "role coverage"), the score, and the coverage.
    head: &'static str,
    score: f64,
    cov: f64,
    role_skills: usize,
    matched: usize,
    /// `[fit, ready postings, postings, ready at]` when a market applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    market: Option<(f64, usize, usize, f64)>,
    /// Next skills: `[id, postings gained, ready share after]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    next: Vec<(&'a str, usize, f64)>,
    /// Skills found: `[id, importance or "beyond" (not a role skill), where, evidence]`.
    found: Vec<(&'a str, &'a str, String, String)>,
    /// Mentioned but not counted: `[id, why]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    not: Vec<(&'a str, &'static str)>,
    /// Core and important gaps (ids), and how many bonus skills are missing.
    core: Vec<&'a str>,
    imp: Vec<&'a str>,
    bonus: usize,
    /// The plan's first steps: `[id, stage, hours]`; its length and hours in all. (A step's
    /// reason is not in a batch row; the market's gain for the next skills is in `next`.)
    plan: Vec<(&'a str, u32, u32)>,
    steps: usize,
    hours: u32,
}

/// A failed document's card.
#[derive(Serialize)]
struct FailedCard<'a> {
    error: &'a str,
}

/// A card line with each skill id replaced by its place in the catalogue: a third of the bytes
/// of a cohort page are gap lists, and `17` is shorter than `"kubernetes"`.
fn number_ids(line: &str, places: &HashMap<&str, usize>) -> io::Result<String> {
    let mut card: serde_json::Value = serde_json::from_str(line).map_err(io::Error::from)?;
    let number = |v: &mut serde_json::Value| {
        if let Some(place) = v.as_str().and_then(|id| places.get(id)) {
            *v = (*place).into();
        }
    };
    for key in ["core", "imp"] {
        if let Some(list) = card.get_mut(key).and_then(|v| v.as_array_mut()) {
            list.iter_mut().for_each(number);
        }
    }
    for key in ["found", "not", "plan", "next"] {
        if let Some(list) = card.get_mut(key).and_then(|v| v.as_array_mut()) {
            for item in list {
                if let Some(first) = item.get_mut(0) {
                    number(first);
                }
            }
        }
    }
    script_json(&card)
}

/// Where evidence was found: its line. (A batch row keeps the line of a skill's first evidence,
/// not its PDF page or JSON path, and the page must read the same from rows.)
fn evidence_place(e: &Evidence) -> String {
    format!("line {}", e.line)
}

/// Evidence as a quote: without the list marker it had on its line, cut to `max` characters.
fn cut(text: &str, max: usize) -> String {
    let text = text
        .trim_start_matches(['-', '•', '*', '–', '·', '▪', '●', '◦'])
        .trim_start();
    let mut t: String = text.chars().take(max).collect();
    if t.len() < text.len() {
        t.push('…');
    }
    t
}

impl Html {
    fn card<'a>(&self, index: usize, a: &'a Analysis) -> Card<'a> {
        let mut cat = self.catalogue.lock().unwrap_or_else(|e| e.into_inner());
        let mut note = |id: &str,
                        name: &str,
                        category: Option<&str>,
                        hours: Option<u32>,
                        course: Option<&Course>,
                        practice: Option<&str>| {
            let e = cat.entry(id.to_string()).or_default();
            keep_first(&mut e.name, index, Some(name.to_string()));
            keep_first(&mut e.category, index, category.map(str::to_string));
            keep_first(&mut e.hours, index, hours);
            keep_first(&mut e.course, index, course.cloned());
            keep_first(&mut e.practice, index, practice.map(str::to_string));
        };
        let found = a
            .matched
            .iter()
            .map(|m| {
                note(&m.id, &m.name, Some(&m.category), None, None, None);
                let (place, text) = m.evidence.first().map_or_else(
                    || (String::new(), String::new()),
                    |e| (evidence_place(e), cut(&e.text, EVIDENCE_CHARS)),
                );
                let importance = if m.in_role {
                    m.importance.as_str()
                } else {
                    "beyond"
                };
                (m.id.as_str(), importance, place, text)
            })
            .collect();
        let not = a
            .negated
            .iter()
            .map(|n| {
                note(&n.id, &n.name, Some(&n.category), None, None, None);
                let why = match n.reason {
                    Status::Accepted => "accepted",
                    Status::Negated => "negated",
                    Status::Aspirational => "wished for",
                    Status::Hobby => "hobby",
                };
                (n.id.as_str(), why)
            })
            .collect();
        let (mut core, mut imp, mut bonus) = (Vec::new(), Vec::new(), 0);
        for g in &a.gaps {
            note(
                &g.id,
                &g.name,
                Some(&g.category),
                Some(g.hours),
                g.courses.first(),
                None,
            );
            match g.importance {
                Importance::Core => core.push(g.id.as_str()),
                Importance::Important => imp.push(g.id.as_str()),
                Importance::Bonus => bonus += 1,
            }
        }
        let plan = a
            .plan
            .iter()
            .take(PLAN_STEPS)
            .map(|s| {
                note(
                    &s.id,
                    &s.name,
                    Some(&s.category),
                    Some(s.hours),
                    s.courses.first(),
                    s.practice.as_deref(),
                );
                (s.id.as_str(), s.stage, s.hours)
            })
            .collect();
        let next = a.market.as_ref().map_or_else(Vec::new, |m| {
            m.next_skills
                .iter()
                .map(|n| {
                    note(&n.id, &n.name, None, Some(n.hours), None, None);
                    (n.id.as_str(), n.postings_gained, n.ready_share_after)
                })
                .collect()
        });
        Card {
            fmt: &a.source.format,
            role: &a.role.name,
            head: a.headline.label(),
            score: a.score,
            cov: a.coverage,
            role_skills: a.summary.role_skills,
            matched: a.summary.matched,
            market: a
                .market
                .as_ref()
                .map(|m| (m.fit, m.ready_postings, m.postings, m.ready_at)),
            next,
            found,
            not,
            core,
            imp,
            bonus,
            plan,
            steps: a.plan.len(),
            hours: a.plan.last().map_or(0, |s| s.cumulative_hours),
        }
    }
}

impl BatchReporter for Html {
    fn parts(&self) -> Parts {
        Parts::Spool
    }

    fn person(
        &self,
        index: usize,
        person: crate::cohort::Person<'_>,
        buf: &mut Vec<u8>,
    ) -> io::Result<()> {
        let line = match person {
            crate::cohort::Person::Failed(f) => {
                let error = f
                    .error
                    .strip_prefix(f.source.as_str())
                    .and_then(|rest| rest.strip_prefix(": "))
                    .unwrap_or(&f.error);
                script_json(&FailedCard { error })?
            }
            crate::cohort::Person::Analysed(a) => script_json(&self.card(index, a))?,
        };
        buf.write_all(line.as_bytes())?;
        buf.write_all(b"\n")
    }

    fn finish(
        &self,
        summary: Option<&CohortSummary>,
        spooled: Option<&mut dyn Read>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let Some(s) = summary else { return Ok(()) };
        // The catalogue in id order; cards name a skill by its place in it.
        let catalogue: Vec<EntryJson> = self
            .catalogue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(id, e)| e.to_json(id))
            .collect();
        let places: HashMap<&str, usize> = catalogue
            .iter()
            .enumerate()
            .map(|(i, e)| (e.0.as_str(), i))
            .collect();
        let page = self.page(s, &script_json(&catalogue)?)?;
        let (head, tail) = page
            .split_once(CARDS_MARK)
            .ok_or_else(|| io::Error::other("HTML template lost its cards mark"))?;
        out.write_all(head.as_bytes())?;
        if let Some(r) = spooled {
            for line in io::BufReader::new(r).lines() {
                out.write_all(number_ids(&line?, &places)?.as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
        out.write_all(tail.as_bytes())
    }
}

/// One bar of a chart: a label, the bar's length (0–100, % of the chart's width) and the figure.
#[derive(Debug, Serialize)]
struct Bar {
    label: String,
    width: f64,
    value: String,
}

/// `1234567` → `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `count` of `n` as a percentage, one decimal; a few people in a large cohort read "<0.1%",
/// not "0.0%", which says nobody.
fn share_text(count: usize, n: f64) -> String {
    let pct = width(count as f64, n);
    if count > 0 && pct < 0.1 {
        "<0.1%".to_string()
    } else {
        format!("{}%", one_decimal(pct))
    }
}

/// `part` of `whole` as a bar length, one decimal.
fn width(part: f64, whole: f64) -> f64 {
    if whole <= 0.0 {
        return 0.0;
    }
    (part / whole * 1000.0).round() / 10.0
}

/// People per band of the headline score. Zero gets a band of its own: in a cohort far from
/// the role most people score exactly 0, and "0–10" would hide those who have made a start.
fn score_bands(s: &CohortSummary) -> Vec<Bar> {
    let scores: Vec<f64> = s.people.iter().filter_map(|p| p.score).collect();
    let mut counts = [0usize; 11];
    for &x in &scores {
        let band = if x <= 0.0 {
            0
        } else {
            // Scores have one decimal: 0.1–9.9 is band 1, …, 90–100 band 10.
            1 + ((x / 10.0).floor() as usize).min(9)
        };
        counts[band] += 1;
    }
    let max = counts.iter().copied().max().unwrap_or(0) as f64;
    let n = scores.len() as f64;
    counts
        .iter()
        .enumerate()
        .map(|(band, &count)| Bar {
            label: match band {
                0 => "0".to_string(),
                1 => "0.1–9.9".to_string(),
                10 => "90–100".to_string(),
                b => format!("{}–{}.9", (b - 1) * 10, b * 10 - 1),
            },
            width: width(count as f64, max),
            value: format!("{} · {}", thousands(count), share_text(count, n)),
        })
        .collect()
}

fn skills_chart(s: &CohortSummary) -> Vec<Bar> {
    let n = s.analysed as f64;
    s.skills
        .iter()
        .take(CHART_ROWS)
        .map(|k| Bar {
            label: k.name.clone(),
            width: width(k.people as f64, n),
            value: format!("{} · {}", thousands(k.people), share_text(k.people, n)),
        })
        .collect()
}

fn costs_chart(s: &CohortSummary) -> Vec<Bar> {
    let max = s.market_gaps.iter().map(|g| g.postings).max().unwrap_or(0) as f64;
    s.market_gaps
        .iter()
        .take(CHART_ROWS)
        .map(|g| Bar {
            label: g.name.clone(),
            width: width(g.postings as f64, max),
            value: format!(
                "{} postings · {} {}",
                thousands(g.postings),
                thousands(g.people),
                if g.people == 1 { "person" } else { "people" }
            ),
        })
        .collect()
}

fn common_gaps_chart(s: &CohortSummary) -> Vec<Bar> {
    let n = s.analysed as f64;
    s.gaps
        .iter()
        .take(CHART_ROWS)
        .map(|g| Bar {
            label: g.name.clone(),
            width: width(g.people as f64, n),
            value: format!("{} · {}", thousands(g.people), share_text(g.people, n)),
        })
        .collect()
}

fn coverage_chart(s: &CohortSummary) -> Vec<Bar> {
    s.categories
        .iter()
        .map(|c| Bar {
            label: category_name(&c.category),
            width: c.coverage.clamp(0.0, 100.0),
            value: format!("{}%", one_decimal(c.coverage)),
        })
        .collect()
}

/// What the table shows of each source: the path below the folder all the cohort's files share
/// (`resumes/alex-rivera.txt`), never an absolute path.
fn short_sources(people: &[PersonRow]) -> Vec<String> {
    use std::path::{Component, Path};
    let dirs: Vec<Vec<Component>> = people
        .iter()
        .map(|p| {
            let path = Path::new(&p.source);
            path.parent()
                .map(|d| d.components().collect())
                .unwrap_or_default()
        })
        .collect();
    let common = dirs.first().map_or(0, |first| {
        dirs.iter().fold(first.len(), |n, d| {
            n.min(first.iter().zip(d).take_while(|(a, b)| a == b).count())
        })
    });
    people
        .iter()
        .map(|p| {
            let path = Path::new(&p.source);
            let rest: std::path::PathBuf = path.components().skip(common).collect();
            if rest.as_os_str().is_empty() || rest.has_root() {
                crate::analysis::file_label(&p.source)
            } else {
                rest.to_string_lossy().into_owned()
            }
        })
        .collect()
}

impl Html {
    fn page(&self, s: &CohortSummary, catalogue_json: &str) -> io::Result<String> {
        let market = s.people.iter().any(|p| p.ready_share.is_some());
        let files = short_sources(&s.people);
        let ready_any = s
            .people
            .iter()
            .filter(|p| p.ready_share.is_some_and(|r| r > 0.0))
            .count();
        let rows: Vec<Value> = s
            .people
            .iter()
            .zip(&files)
            .map(|(p, file)| {
                let next = if p.next_skills.is_empty() {
                    &p.top_gaps
                } else {
                    &p.next_skills
                };
                context! {
                    index => p.index,
                    name => &p.name,
                    file => (file != &p.name).then_some(file),
                    // The row names the file; the message need not repeat its path.
                    error => p.error.as_deref().map(|e| {
                        e.strip_prefix(p.source.as_str())
                            .and_then(|rest| rest.strip_prefix(": "))
                            .unwrap_or(e)
                    }),
                    score => p.score.map(one_decimal),
                    ready => p.ready_share.map(|r| one_decimal(r * 100.0)),
                    coverage => p.coverage.map(one_decimal),
                    matched => p.matched,
                    role_skills => p.role_skills,
                    gaps => p.gaps,
                    next => next.join(", "),
                }
            })
            .collect();
        let (costs, common_gaps) = if s.market_gaps.is_empty() {
            (Vec::new(), common_gaps_chart(s))
        } else {
            (costs_chart(s), Vec::new())
        };
        self.env
            .get_template("page.html")
            .map_err(template_err)?
            .render(context! {
                s => Value::from(Serde(s)),
                role => role_names(s),
                market,
                headline => if market { "Market fit" } else { "Coverage" },
                score => s.score.as_ref().map(|sc| context! {
                    mean => one_decimal(sc.mean),
                    median => one_decimal(sc.median),
                    min => one_decimal(sc.min),
                    max => one_decimal(sc.max),
                }),
                ready_any => thousands(ready_any),
                documents => thousands(s.documents),
                analysed => thousands(s.analysed),
                failed => thousands(s.failed),
                bands => Value::from(Serde(score_bands(s))),
                skills_chart => Value::from(Serde(skills_chart(s))),
                costs_chart => Value::from(Serde(costs)),
                gaps_chart => Value::from(Serde(common_gaps)),
                coverage_chart => Value::from(Serde(coverage_chart(s))),
                rows,
                cards_mark => CARDS_MARK,
                catalogue => Value::from_safe_string(catalogue_json.to_string()),
            })
            .map_err(template_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(source: &str) -> PersonRow {
        PersonRow {
            index: 1,
            name: String::new(),
            source: source.to_string(),
            format: None,
            score: None,
            coverage: None,
            ready_share: None,
            matched: 0,
            role_skills: 0,
            gaps: 0,
            top_gaps: Vec::new(),
            next_skills: Vec::new(),
            error: None,
        }
    }

    #[test]
    fn sources_lose_the_folder_they_share_and_never_show_a_root() {
        let people = [
            row("/home/c/cohort/a/ana.pdf"),
            row("/home/c/cohort/b/bo.txt"),
        ];
        assert_eq!(short_sources(&people), ["a/ana.pdf", "b/bo.txt"]);
        let one = [row("/home/c/cohort/ana.pdf")];
        assert_eq!(short_sources(&one), ["ana.pdf"]);
        let mixed = [
            row("/abs/ana.pdf"),
            row("rel/bo.txt"),
            row("records.jsonl:3"),
        ];
        assert_eq!(
            short_sources(&mixed),
            ["ana.pdf", "rel/bo.txt", "records.jsonl:3"]
        );
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(144_791), "144,791");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn zero_has_a_band_of_its_own() {
        let mut s = crate::cohort::CohortBuilder::new().finish();
        for score in [0.0, 0.0, 0.1, 9.9, 10.0, 55.5, 100.0] {
            let mut r = row("x");
            r.score = Some(score);
            s.people.push(r);
        }
        let bands = score_bands(&s);
        let counts: Vec<&str> = bands.iter().map(|b| b.value.as_str()).collect();
        assert_eq!(bands.len(), 11);
        assert_eq!(bands[0].label, "0");
        assert_eq!(counts[0], "2 · 28.6%");
        assert_eq!(counts[1], "2 · 28.6%", "0.1 and 9.9");
        assert_eq!(counts[2], "1 · 14.3%", "10");
        assert_eq!(counts[6], "1 · 14.3%", "55.5");
        assert_eq!(counts[10], "1 · 14.3%", "100");
        assert_eq!(bands[0].width, 100.0);
        assert_eq!(bands[2].width, 50.0);
        assert_eq!(share_text(1, 2473.0), "<0.1%");
        assert_eq!(share_text(0, 2473.0), "0.0%");
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let json = script_json(&"</script><!--").unwrap();
        assert!(!json.contains('<'), "{json}");
        assert_eq!(
            serde_json::from_str::<String>(&json).unwrap(),
            "</script><!--"
        );
    }
}
