//! HTML: one self-contained page for counselors — no network, no external assets. Cohort size,
//! the score distribution and the most common gaps as SVG charts, coverage per category, a
//! sortable per-person table, and a detail section per person that the table links to.
//!
//! The page is a minijinja template (autoescaped); chart geometry is computed here so the template
//! only draws rectangles and labels. Each person's section is rendered on the worker threads and
//! spooled, then copied into the page at the end.

use std::io::{self, Read, Write};

use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use serde::Serialize;

use super::markdown::role_names;
use super::{one_decimal, BatchReporter, Parts};
use crate::cohort::{focus_gaps, CohortSummary, Person};
use crate::matcher::Status;
use crate::report::html::{html_formatter, template_err};

const PAGE: &str = include_str!("templates/page.html");
const PERSON: &str = include_str!("templates/person.html");
/// Where the spooled person sections go in the rendered page.
const SECTIONS_MARK: &str = "<!--person-sections-->";

/// Gaps drawn in the "most common gaps" chart.
const CHART_GAPS: usize = 15;
/// Gaps listed with a course in a person's section; the rest are named on one line, which keeps
/// a page for thousands of people to a few KB per person.
const DETAIL_GAPS: usize = 10;
/// Evidence shown in a skill's tooltip, in characters.
const EVIDENCE_CHARS: usize = 100;

pub(super) struct Html {
    env: Environment<'static>,
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
        Html { env }
    }
}

#[derive(Serialize)]
struct Found<'a> {
    name: &'a str,
    importance: &'a str,
    evidence: String,
}

#[derive(Serialize)]
struct GapView<'a> {
    name: &'a str,
    importance: &'a str,
    hours: u32,
    course_title: Option<&'a str>,
    course_url: Option<&'a str>,
    course_provider: Option<&'a str>,
}

#[derive(Serialize)]
struct NotCounted<'a> {
    name: &'a str,
    reason: &'static str,
}

impl BatchReporter for Html {
    fn parts(&self) -> Parts {
        Parts::Spool
    }

    fn person(&self, index: usize, person: Person<'_>, buf: &mut Vec<u8>) -> io::Result<()> {
        let tmpl = self.env.get_template("person.html").map_err(template_err)?;
        let ctx = match person {
            Person::Failed(f) => context! { index, source => &f.source, error => &f.error },
            Person::Analysed(a) => {
                let found: Vec<Found> = a
                    .matched
                    .iter()
                    .map(|m| Found {
                        name: &m.name,
                        importance: m.importance.as_str(),
                        evidence: m
                            .evidence
                            .first()
                            .map(|e| {
                                let mut t: String = e.text.chars().take(EVIDENCE_CHARS).collect();
                                if t.len() < e.text.len() {
                                    t.push('…');
                                }
                                format!("line {}: {t}", e.line)
                            })
                            .unwrap_or_default(),
                    })
                    .collect();
                let focus: Vec<_> = focus_gaps(a).collect();
                let more_gaps: Vec<&str> = focus
                    .iter()
                    .skip(DETAIL_GAPS)
                    .map(|g| g.name.as_str())
                    .collect();
                let gaps: Vec<GapView> = focus
                    .iter()
                    .take(DETAIL_GAPS)
                    .map(|g| {
                        let c = g.courses.first();
                        GapView {
                            name: &g.name,
                            importance: g.importance.as_str(),
                            hours: g.hours,
                            course_title: c.map(|c| c.title.as_str()),
                            course_url: c.map(|c| c.url.as_str()),
                            course_provider: c.map(|c| c.provider.as_str()),
                        }
                    })
                    .collect();
                let not_counted: Vec<NotCounted> = a
                    .negated
                    .iter()
                    .map(|n| NotCounted {
                        name: &n.name,
                        reason: match n.reason {
                            Status::Accepted => "accepted",
                            Status::Negated => "negated",
                            Status::Aspirational => "wished for",
                            Status::Hobby => "hobby",
                        },
                    })
                    .collect();
                let bonus_missing = a.gaps.len() - focus.len();
                context! {
                    index,
                    source => &a.source.path,
                    format => &a.source.format,
                    role => &a.role.name,
                    score => one_decimal(a.score),
                    matched => a.summary.matched,
                    role_skills => a.summary.role_skills,
                    extra => a.summary.extra,
                    found => Value::from(Serde(&found)),
                    gaps => Value::from(Serde(&gaps)),
                    focus_gaps => focus.len(),
                    more_gaps => more_gaps.join(", "),
                    bonus_missing,
                    not_counted => Value::from(Serde(&not_counted)),
                }
            }
        };
        let html = tmpl.render(ctx).map_err(template_err)?;
        buf.write_all(html.as_bytes())
    }

    fn finish(
        &self,
        summary: Option<&CohortSummary>,
        spooled: Option<&mut dyn Read>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let Some(s) = summary else { return Ok(()) };
        let page = self
            .env
            .get_template("page.html")
            .map_err(template_err)?
            .render(context! {
                s => Value::from(Serde(s)),
                role => role_names(s),
                score => s.score.as_ref().map(|sc| context! {
                    mean => one_decimal(sc.mean),
                    median => one_decimal(sc.median),
                    min => one_decimal(sc.min),
                    max => one_decimal(sc.max),
                }),
                distribution => Value::from(Serde(distribution_chart(s))),
                gaps_chart => Value::from(Serde(gaps_chart(s))),
                coverage_chart => Value::from(Serde(coverage_chart(s))),
                people => s.people.iter().map(|p| context! {
                    index => p.index,
                    source => &p.source,
                    score => p.score.map(one_decimal),
                    sort_score => p.score.unwrap_or(-1.0),
                    matched => p.matched,
                    role_skills => p.role_skills,
                    gaps => p.gaps,
                    top_gaps => p.top_gaps.join(", "),
                    error => &p.error,
                }).collect::<Vec<_>>(),
                sections_mark => SECTIONS_MARK,
            })
            .map_err(template_err)?;
        let (head, tail) = page
            .split_once(SECTIONS_MARK)
            .ok_or_else(|| io::Error::other("HTML template lost its sections mark"))?;
        out.write_all(head.as_bytes())?;
        if let Some(r) = spooled {
            io::copy(r, out)?;
        }
        out.write_all(tail.as_bytes())
    }
}

/// A bar chart ready to draw: the template only places these.
#[derive(Debug, Serialize)]
struct Chart {
    width: u32,
    height: u32,
    /// Where the value axis starts (left for horizontal bars, bottom for vertical ones).
    axis: f64,
    bars: Vec<Bar>,
}

#[derive(Debug, Serialize)]
struct Bar {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    label: String,
    value: String,
    /// Where the label and the value text go.
    label_x: f64,
    label_y: f64,
    value_x: f64,
    value_y: f64,
    /// Tooltip.
    title: String,
}

/// Round to one decimal so the SVG stays short and byte-stable.
fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Vertical bars: people per band of ten score points.
fn distribution_chart(s: &CohortSummary) -> Chart {
    let (width, height) = (640u32, 240u32);
    let (left, right, top, bottom) = (16.0, 16.0, 24.0, 36.0);
    let n = s.distribution.len().max(1) as f64;
    let slot = (f64::from(width) - left - right) / n;
    let plot_h = f64::from(height) - top - bottom;
    let max = s
        .distribution
        .iter()
        .map(|b| b.people)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let base = f64::from(height) - bottom;
    let bars = s
        .distribution
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let h = plot_h * b.people as f64 / max;
            let x = left + slot * i as f64 + 4.0;
            let w = slot - 8.0;
            Bar {
                x: r1(x),
                y: r1(base - h),
                w: r1(w),
                h: r1(h),
                label: format!("{}–{}", b.from, b.to),
                value: b.people.to_string(),
                label_x: r1(x + w / 2.0),
                label_y: r1(base + 18.0),
                value_x: r1(x + w / 2.0),
                value_y: r1(base - h - 6.0),
                title: format!(
                    "{} {} scored {}–{}",
                    b.people,
                    if b.people == 1 { "person" } else { "people" },
                    b.from,
                    b.to
                ),
            }
        })
        .collect();
    Chart {
        width,
        height,
        axis: base,
        bars,
    }
}

/// Horizontal bars: `(label, value 0..=max, value text, tooltip)` rows.
fn horizontal_chart(rows: Vec<(String, f64, String, String)>, max: f64) -> Chart {
    let width = 760u32;
    let (label_w, value_w, row_h, top) = (260.0, 110.0, 24.0, 6.0);
    let plot_w = f64::from(width) - label_w - value_w;
    let max = if max > 0.0 { max } else { 1.0 };
    let bars: Vec<Bar> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, v, value, title))| {
            let y = top + row_h * i as f64;
            let w = plot_w * v / max;
            Bar {
                x: label_w,
                y: r1(y + 3.0),
                w: r1(w),
                h: row_h - 6.0,
                label,
                value,
                label_x: label_w - 8.0,
                label_y: r1(y + row_h / 2.0 + 4.0),
                value_x: r1(label_w + w + 6.0),
                value_y: r1(y + row_h / 2.0 + 4.0),
                title,
            }
        })
        .collect();
    Chart {
        width,
        height: (top * 2.0 + row_h * bars.len() as f64).ceil() as u32,
        axis: label_w,
        bars,
    }
}

fn gaps_chart(s: &CohortSummary) -> Chart {
    let rows = s
        .gaps
        .iter()
        .take(CHART_GAPS)
        .map(|g| {
            (
                g.name.clone(),
                g.people as f64,
                format!("{} ({}%)", g.people, one_decimal(g.share)),
                format!(
                    "{} of {} lack {} ({}, {})",
                    g.people, s.analysed, g.name, g.importance, g.category
                ),
            )
        })
        .collect();
    horizontal_chart(rows, s.analysed as f64)
}

fn coverage_chart(s: &CohortSummary) -> Chart {
    let rows = s
        .categories
        .iter()
        .map(|c| {
            (
                c.category.clone(),
                c.coverage,
                format!("{}%", one_decimal(c.coverage)),
                format!(
                    "{}: mean coverage {}% of {} role skills; {} of {} people show at least one",
                    c.category,
                    one_decimal(c.coverage),
                    c.total,
                    c.people_with_any,
                    s.analysed
                ),
            )
        })
        .collect();
    horizontal_chart(rows, 100.0)
}
