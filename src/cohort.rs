//! The cohort picture: many analyses folded into one summary a counselor can read — size, score
//! distribution, the most common gaps, coverage per category and one row per person.
//!
//! A [`CohortBuilder`] keeps only what the summary needs (a small row per person and a few
//! counters), never the analyses themselves, so a batch streams. It is fed the same way by
//! `skillgap batch` and by `skillgap summarize` over the JSON Lines a batch wrote, so a job split
//! across machines and merged afterwards gives the same summary as one run.
//!
//! Sums are kept in integer tenths (scores and coverage have one decimal), so the summary does not
//! depend on the order the parts were added in.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, RoleInfo, SCHEMA_VERSION};
use crate::row::Row;
use crate::taxonomy::Importance;

/// Bumped whenever a field of the cohort summary changes meaning or disappears.
pub const COHORT_SCHEMA_VERSION: u32 = 1;

/// Gap names kept per person for the per-person table.
pub const TOP_GAPS_PER_PERSON: usize = 3;

/// Width of one bucket of the score distribution, in score points.
const BUCKET_WIDTH: u32 = 10;

/// A document that could not be analysed: named, with the reason on one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The path (or record id) as given.
    pub source: String,
    /// One line naming the problem, e.g. `cv.pdf: the PDF is encrypted with a password; …`.
    pub error: String,
}

/// The JSON Lines form of a [`Failure`]: it keeps `schema_version` and `source.path` where an
/// analysis has them, and adds `error`, which an analysis never has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureRecord {
    pub schema_version: u32,
    pub source: FailureSource,
    pub error: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureSource {
    pub path: String,
}

impl From<&Failure> for FailureRecord {
    fn from(f: &Failure) -> Self {
        FailureRecord {
            schema_version: SCHEMA_VERSION,
            source: FailureSource {
                path: f.source.clone(),
            },
            error: f.error.clone(),
        }
    }
}

impl From<FailureRecord> for Failure {
    fn from(r: FailureRecord) -> Self {
        Failure {
            source: r.source.path,
            error: r.error,
        }
    }
}

/// One person of a batch: an analysis, or why there is none.
#[derive(Debug, Clone, Copy)]
pub enum Person<'a> {
    Analysed(&'a Analysis),
    Failed(&'a Failure),
}

impl Person<'_> {
    /// The path or record id the person came from.
    pub fn source(&self) -> &str {
        match self {
            Person::Analysed(a) => &a.source.path,
            Person::Failed(f) => &f.source,
        }
    }
}

impl<'a> From<&'a Result<Analysis, Failure>> for Person<'a> {
    fn from(r: &'a Result<Analysis, Failure>) -> Self {
        match r {
            Ok(a) => Person::Analysed(a),
            Err(f) => Person::Failed(f),
        }
    }
}

/// One line of a batch's JSON Lines output, read back.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A slim row (the default `batch --format jsonl` line).
    Row(Box<Row>),
    /// A full analysis (`batch --full`, or a schema 2 line).
    Analysed(Box<Analysis>),
    Failed(Failure),
}

impl Record {
    /// The path or record id the person came from.
    pub fn source(&self) -> &str {
        match self {
            Record::Row(r) => &r.source.path,
            Record::Analysed(a) => &a.source.path,
            Record::Failed(f) => &f.source,
        }
    }

    /// The person as a slim row: what every cohort report needs, whichever line it was.
    pub fn into_row(self) -> Result<Row, Failure> {
        match self {
            Record::Row(r) => Ok(*r),
            Record::Analysed(a) => Ok(Row::from(&*a)),
            Record::Failed(f) => Err(f),
        }
    }
}

/// Why a JSON Lines record could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("not a skillgap row, analysis or failure record: {0}")]
    Json(#[from] serde_json::Error),
    #[error("schema_version {0} is not supported (this skillgap reads {SCHEMA_VERSION}, and full analyses of {OLDEST_READ})")]
    Version(u32),
}

/// The oldest `schema_version` `summarize` still reads: version 2 lines are full analyses of the
/// same shape (version 3 made the slim row the default line).
pub const OLDEST_READ: u32 = 2;

/// Just enough of a line to tell which record it is, without building any of it: a failure
/// has `error`; a slim row's `gaps` is an object, an analysis's an array.
#[derive(Deserialize)]
struct Probe {
    schema_version: u32,
    #[serde(default)]
    error: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    gaps: Option<Shape>,
}

enum Shape {
    Object,
    Array,
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Shape;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object or an array")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Shape, A::Error> {
                while m
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Shape::Object)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut s: A) -> Result<Shape, A::Error> {
                while s.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Shape::Array)
            }
        }
        d.deserialize_any(V)
    }
}

/// Parse one line written by `skillgap batch --format jsonl` (slim or `--full`) or by
/// `summarize --format jsonl`.
pub fn parse_record(line: &str) -> Result<Record, RecordError> {
    let probe: Probe = serde_json::from_str(line)?;
    let version = probe.schema_version;
    if !(OLDEST_READ..=SCHEMA_VERSION).contains(&version) {
        return Err(RecordError::Version(version));
    }
    Ok(match (probe.error, probe.gaps) {
        (Some(_), _) => Record::Failed(serde_json::from_str::<FailureRecord>(line)?.into()),
        (None, Some(Shape::Object)) if version == SCHEMA_VERSION => {
            Record::Row(Box::new(serde_json::from_str(line)?))
        }
        _ => Record::Analysed(Box::new(serde_json::from_str(line)?)),
    })
}

/// The order of people in a cohort summary, whatever the order the rows came in: by source (a
/// path compared folder by folder, so a folder's files keep their path order; a record id as
/// text), then analysed before failed, then by the row's JSON, so even duplicate sources have
/// one order. `batch` and `summarize` both sort with it, so a split, shuffled and merged job
/// renders byte for byte like one run.
pub fn person_order(a: &Result<Row, Failure>, b: &Result<Row, Failure>) -> std::cmp::Ordering {
    fn source(r: &Result<Row, Failure>) -> &str {
        match r {
            Ok(a) => &a.source.path,
            Err(f) => &f.source,
        }
    }
    fn json(r: &Result<Row, Failure>) -> Vec<u8> {
        match r {
            Ok(a) => serde_json::to_vec(a),
            Err(f) => serde_json::to_vec(&FailureRecord::from(f)),
        }
        .unwrap_or_default()
    }
    std::path::Path::new(source(a))
        .cmp(std::path::Path::new(source(b)))
        .then_with(|| source(a).cmp(source(b)))
        .then(a.is_err().cmp(&b.is_err()))
        .then_with(|| json(a).cmp(&json(b)))
}

/// Sort people with [`person_order`] (stable, on many threads for a large cohort).
pub fn sort_people(people: &mut [Result<Row, Failure>]) {
    use rayon::slice::ParallelSliceMut;
    people.par_sort_by(person_order);
}

/// The cohort summary: what `batch --format json` and `summarize --format json` print, and what
/// the Markdown and HTML cohort reports show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortSummary {
    pub schema_version: u32,
    /// Roles measured against, in the order first seen (one, unless the parts disagree).
    pub roles: Vec<RoleInfo>,
    /// Documents given (analysed + failed).
    pub documents: usize,
    /// Documents analysed.
    pub analysed: usize,
    /// Documents that could not be read or analysed.
    pub failed: usize,
    /// Score statistics over the analysed documents (`None` when there are none).
    pub score: Option<ScoreStats>,
    /// How many people scored in each band of ten points; the last band includes 100.
    pub distribution: Vec<Bucket>,
    /// Core and important gaps by how many people have them, most common first.
    pub gaps: Vec<GapCount>,
    /// Mean coverage per category, in taxonomy order.
    pub categories: Vec<CategoryStat>,
    /// The missing skills that cost the cohort the most job postings: per skill, the postings
    /// people would be ready for with it, summed over people (from each person's `market.gaps`),
    /// most first. Empty when no market applied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub market_gaps: Vec<MarketCost>,
    /// One row per document, in [`person_order`].
    pub people: Vec<PersonRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreStats {
    pub mean: f64,
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    /// Lowest score in the band.
    pub from: u32,
    /// Highest score in the band (exclusive, except 100 for the last one).
    pub to: u32,
    pub people: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapCount {
    pub id: String,
    pub name: String,
    pub category: String,
    /// The highest importance the skill had for anyone who lacks it.
    pub importance: Importance,
    /// People who lack it (as a core or important skill).
    pub people: usize,
    /// `people` as a percentage of the analysed documents, one decimal.
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketCost {
    pub id: String,
    pub name: String,
    /// Postings gained with the skill, summed over people.
    pub postings: usize,
    /// People for whom the skill would open at least one posting.
    pub people: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryStat {
    pub category: String,
    /// Role skills in the category.
    pub total: usize,
    /// Mean over people of the weighted coverage (0–100, one decimal).
    pub coverage: f64,
    /// People with at least one skill of the category.
    pub people_with_any: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRow {
    /// 1-based position in the input; also the anchor of the person's detail in HTML.
    pub index: usize,
    pub source: String,
    /// Detected input format (`None` for a failure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    pub matched: usize,
    pub role_skills: usize,
    /// Core and important gaps.
    pub gaps: usize,
    /// The first few core and important gaps, most important first.
    pub top_gaps: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
struct GapAcc {
    name: String,
    category: String,
    importance: Importance,
    people: usize,
}

#[derive(Debug, Clone)]
struct CategoryAcc {
    total: usize,
    coverage_tenths: u64,
    people_with_any: usize,
}

/// How many skills `market_gaps` lists.
const MARKET_GAPS: usize = 15;

/// Folds people into a [`CohortSummary`], keeping only a small row per person.
#[derive(Debug, Default)]
pub struct CohortBuilder {
    roles: Vec<RoleInfo>,
    people: Vec<PersonRow>,
    /// Scores of the analysed people, in tenths of a point.
    scores: Vec<u32>,
    gaps: BTreeMap<String, GapAcc>,
    categories: Vec<(String, CategoryAcc)>,
    /// Per skill id: (name, postings gained summed over people, people).
    market_costs: BTreeMap<String, (String, usize, usize)>,
}

/// The gaps a counselor acts on: core and important (bonus skills and interchangeable alternatives
/// already covered by another choice are left out, as in the focused single report).
pub fn focus_gaps(a: &Analysis) -> impl Iterator<Item = &crate::analysis::Gap> {
    a.gaps.iter().filter(|g| g.importance != Importance::Bonus)
}

fn tenths(x: f64) -> u32 {
    // Scores and coverage are 0–100 with one decimal; clamp what a hand-edited file might hold.
    (x.clamp(0.0, 100.0) * 10.0).round() as u32
}

fn from_tenths(t: u64, n: usize) -> f64 {
    if n == 0 {
        return 0.0;
    }
    // Mean to one decimal, rounding half up, in integers so the order of adding does not matter.
    let n = n as u64;
    ((t * 2 + n) / (2 * n)) as f64 / 10.0
}

impl CohortBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add the next person, in input order.
    pub fn add(&mut self, person: Person<'_>) {
        match person {
            Person::Analysed(a) => self.add_analysis(a),
            Person::Failed(f) => self.add_failure(f),
        }
    }

    pub fn add_failure(&mut self, f: &Failure) {
        self.people.push(PersonRow {
            index: self.people.len() + 1,
            source: f.source.clone(),
            format: None,
            score: None,
            matched: 0,
            role_skills: 0,
            gaps: 0,
            top_gaps: Vec::new(),
            error: Some(f.error.clone()),
        });
    }

    pub fn add_analysis(&mut self, a: &Analysis) {
        if !self.roles.contains(&a.role) {
            self.roles.push(a.role.clone());
        }
        self.scores.push(tenths(a.score));
        let mut focus = 0;
        let mut top_gaps = Vec::new();
        for g in focus_gaps(a) {
            focus += 1;
            if top_gaps.len() < TOP_GAPS_PER_PERSON {
                top_gaps.push(g.name.clone());
            }
            match self.gaps.get_mut(&g.id) {
                Some(acc) => {
                    acc.people += 1;
                    acc.importance = acc.importance.min(g.importance);
                }
                None => {
                    self.gaps.insert(
                        g.id.clone(),
                        GapAcc {
                            name: g.name.clone(),
                            category: g.category.clone(),
                            importance: g.importance,
                            people: 1,
                        },
                    );
                }
            }
        }
        if let Some(m) = &a.market {
            for g in m.gaps.iter().filter(|g| g.postings_gained > 0) {
                let e = self.market_costs.entry(g.id.clone()).or_insert_with(|| {
                    let name = a
                        .gaps
                        .iter()
                        .map(|x| (&x.id, &x.name))
                        .chain(m.next_skills.iter().map(|x| (&x.id, &x.name)))
                        .find(|(id, _)| **id == g.id)
                        .map_or_else(|| g.id.clone(), |(_, n)| n.clone());
                    (name, 0, 0)
                });
                e.1 += g.postings_gained;
                e.2 += 1;
            }
        }
        for c in &a.categories {
            let i = match self.categories.iter().position(|(k, _)| *k == c.category) {
                Some(i) => i,
                None => {
                    self.categories.push((
                        c.category.clone(),
                        CategoryAcc {
                            total: c.total,
                            coverage_tenths: 0,
                            people_with_any: 0,
                        },
                    ));
                    self.categories.len() - 1
                }
            };
            let acc = &mut self.categories[i].1;
            acc.total = acc.total.max(c.total);
            acc.coverage_tenths += u64::from(tenths(c.coverage));
            if c.matched > 0 {
                acc.people_with_any += 1;
            }
        }
        self.people.push(PersonRow {
            index: self.people.len() + 1,
            source: a.source.path.clone(),
            format: Some(a.source.format.clone()),
            score: Some(a.score),
            matched: a.summary.matched,
            role_skills: a.summary.role_skills,
            gaps: focus,
            top_gaps,
            error: None,
        });
    }

    /// The summary of everyone added so far.
    pub fn finish(self) -> CohortSummary {
        let analysed = self.scores.len();
        let failed = self.people.len() - analysed;
        let mut sorted = self.scores.clone();
        sorted.sort_unstable();
        let score = (!sorted.is_empty()).then(|| {
            let n = sorted.len();
            let median_tenths = if n % 2 == 1 {
                u64::from(sorted[n / 2])
            } else {
                // Mean of the two middle scores, in twentieths, rounded like the mean.
                u64::from(sorted[n / 2 - 1]) + u64::from(sorted[n / 2])
            };
            ScoreStats {
                mean: from_tenths(sorted.iter().map(|&s| u64::from(s)).sum(), n),
                median: if n % 2 == 1 {
                    median_tenths as f64 / 10.0
                } else {
                    from_tenths(median_tenths, 2)
                },
                min: f64::from(sorted[0]) / 10.0,
                max: f64::from(sorted[n - 1]) / 10.0,
            }
        });
        let buckets = 100 / BUCKET_WIDTH;
        let mut distribution: Vec<Bucket> = (0..buckets)
            .map(|b| Bucket {
                from: b * BUCKET_WIDTH,
                to: (b + 1) * BUCKET_WIDTH,
                people: 0,
            })
            .collect();
        for &s in &self.scores {
            let b = (s / (BUCKET_WIDTH * 10)).min(buckets - 1);
            distribution[b as usize].people += 1;
        }
        let share = |count: usize| from_tenths(count as u64 * 1000, analysed);
        let mut gaps: Vec<GapCount> = self
            .gaps
            .into_iter()
            .map(|(id, g)| GapCount {
                id,
                name: g.name,
                category: g.category,
                importance: g.importance,
                people: g.people,
                share: share(g.people),
            })
            .collect();
        gaps.sort_by(|a, b| {
            b.people
                .cmp(&a.people)
                .then(a.importance.cmp(&b.importance))
                .then_with(|| a.id.cmp(&b.id))
        });
        let categories = self
            .categories
            .into_iter()
            .map(|(category, c)| CategoryStat {
                category,
                total: c.total,
                coverage: from_tenths(c.coverage_tenths, analysed),
                people_with_any: c.people_with_any,
            })
            .collect();
        let mut market_gaps: Vec<MarketCost> = self
            .market_costs
            .into_iter()
            .map(|(id, (name, postings, people))| MarketCost {
                id,
                name,
                postings,
                people,
            })
            .collect();
        market_gaps.sort_by(|a, b| b.postings.cmp(&a.postings).then_with(|| a.id.cmp(&b.id)));
        market_gaps.truncate(MARKET_GAPS);
        CohortSummary {
            schema_version: COHORT_SCHEMA_VERSION,
            roles: self.roles,
            documents: self.people.len(),
            analysed,
            failed,
            score,
            distribution,
            gaps,
            categories,
            market_gaps,
            people: self.people,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_round_half_up_in_integers() {
        assert_eq!(from_tenths(5, 2), 0.3);
        assert_eq!(from_tenths(0, 0), 0.0);
        assert_eq!(from_tenths(1000, 3), 33.3);
        assert_eq!(tenths(33.25), 333);
        assert_eq!(tenths(f64::NAN.max(0.0)), 0);
    }

    #[test]
    fn empty_cohort_has_no_score() {
        let s = CohortBuilder::new().finish();
        assert_eq!(s.documents, 0);
        assert!(s.score.is_none());
        assert_eq!(s.distribution.len(), 10);
    }

    #[test]
    fn failures_are_rows_in_order() {
        let mut b = CohortBuilder::new();
        b.add(Person::Failed(&Failure {
            source: "a.pdf".into(),
            error: "a.pdf: broken".into(),
        }));
        let s = b.finish();
        assert_eq!((s.documents, s.analysed, s.failed), (1, 0, 1));
        assert_eq!(s.people[0].index, 1);
        assert_eq!(s.people[0].error.as_deref(), Some("a.pdf: broken"));
    }
}
