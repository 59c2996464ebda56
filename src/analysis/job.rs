//! Tailoring to a job posting: which skills an ad asks for (required or preferred, with the years
//! it asks), and how a resume measures up against them.
//!
//! Postings are read like any document (so Markdown escapes are already undone); their headings
//! are read here, line by line, because the section kinds of `input` are resume sections. The
//! matcher finds the skills; the heading or line label above each mention decides how much it
//! counts:
//!
//! - "Requirements", "Must have", "What you'll need", "You have", "Qualifications" → required;
//! - "Nice to have", "Preferred", "Bonus", "Pluses", "Would be great" → preferred;
//! - "Responsibilities", "What you'll do" → required (the work the ad describes);
//! - "Tech stack", "Our stack" → preferred (what the team uses, not what it demands);
//! - "About us", "Benefits", "Perks" and the like → not a requirement;
//! - anything else (no heading, an unknown heading) → required when the ad has no required
//!   section at all, else preferred.
//!
//! Negated mentions ("no Kubernetes experience needed") and every skill on a line that says
//! "not required" / "no need" are not requirements. A skill counts at its strongest level.
//!
//! Match rate: required skills weigh [`REQUIRED_WEIGHT`], preferred ones [`PREFERRED_WEIGHT`];
//! rate = matched weight / total weight × 100, one decimal (0 when the ad names no skill).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex_lite::Regex;
use serde::{Deserialize, Serialize};

use crate::analysis::{self, Evidence};
use crate::input::{self, Document, Limits};
use crate::matcher::{Hit, Matcher, Status};
use crate::taxonomy::{Course, Taxonomy};

/// Weight of a required skill in the match rate.
pub const REQUIRED_WEIGHT: u32 = 2;
/// Weight of a preferred skill in the match rate.
pub const PREFERRED_WEIGHT: u32 = 1;

/// How strongly a posting asks for a skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Required,
    Preferred,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Required => "required",
            Level::Preferred => "preferred",
        }
    }

    fn weight(self) -> u32 {
        match self {
            Level::Required => REQUIRED_WEIGHT,
            Level::Preferred => PREFERRED_WEIGHT,
        }
    }
}

/// What a heading or line label says about the skills under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Required,
    Preferred,
    Responsibilities,
    Stack,
    Ignored,
    Unknown,
}

/// A line of a document, as evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// 1-based line in the extracted text.
    pub line: usize,
    /// The line (or a window of it).
    pub text: String,
    /// The heading the line is under, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// One skill a posting asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    pub id: String,
    pub name: String,
    pub category: String,
    pub level: Level,
    /// Years of experience asked on the same line ("5+ years of Go").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<u32>,
    /// Where the posting asks for it (the first mention at this level).
    pub posting: Line,
    /// Skills the posting accepts instead ("C# or Node.js"): ids, on the same line, joined by
    /// "or" or "/".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
}

/// The skills a posting asks for, and those it names only as not required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Posting {
    pub source: String,
    /// Required first, then preferred; each in order of first mention.
    pub requirements: Vec<Requirement>,
    /// Skill ids named only negatively or as "not required".
    pub not_required: Vec<String>,
}

/// A requirement the resume meets, with the evidence on both sides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchedRequirement {
    #[serde(flatten)]
    pub requirement: Requirement,
    pub resume: Vec<Evidence>,
}

/// A requirement the resume does not show, with where to learn it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissingRequirement {
    #[serde(flatten)]
    pub requirement: Requirement,
    pub hours: u32,
    pub courses: Vec<Course>,
    pub tools: Vec<String>,
}

/// A skill the resume shows that the posting does not ask for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extra {
    pub id: String,
    pub name: String,
    pub category: String,
}

/// A resume measured against one posting: the `job` block of the JSON contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobMatch {
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// 0–100, one decimal: matched weight / total weight, required 2, preferred 1.
    pub match_rate: f64,
    /// Ids of the required skills, in the order of the posting.
    pub required: Vec<String>,
    /// Ids of the preferred skills, in the order of the posting.
    pub preferred: Vec<String>,
    pub matched: Vec<MatchedRequirement>,
    pub missing_required: Vec<MissingRequirement>,
    pub missing_preferred: Vec<MissingRequirement>,
    /// Skills the resume shows that the posting does not ask for.
    pub extra: Vec<Extra>,
    /// Skills the posting names only as not required.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_required: Vec<String>,
    /// Requirements the resume does not show but one of their alternatives it does ("C# or
    /// Node.js" with Node.js on the resume): ids, left out of the match rate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternative_met: Vec<String>,
}

/// One posting in a `skillgap match` ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    pub match_rate: f64,
    /// Ids of the required skills the resume does not show.
    pub missing_required: Vec<String>,
    /// Requirements counted in the rate: of two equal rates, the ad that asks more ranks first.
    pub asked: usize,
}

impl From<&JobMatch> for Ranked {
    fn from(m: &JobMatch) -> Self {
        Ranked {
            source: m.source.clone(),
            title: m.title.clone(),
            company: m.company.clone(),
            match_rate: m.match_rate,
            missing_required: m
                .missing_required
                .iter()
                .map(|r| r.requirement.id.clone())
                .collect(),
            asked: m.matched.len() + m.missing_required.len() + m.missing_preferred.len(),
        }
    }
}

/// Sort a ranking best first: by match rate, then by how many requirements were measured (all 12
/// met says more than both of 2), then by source, so the order is stable.
pub fn rank(rows: &mut [Ranked]) {
    rows.sort_by(|a, b| {
        b.match_rate
            .total_cmp(&a.match_rate)
            .then_with(|| b.asked.cmp(&a.asked))
            .then_with(|| a.source.cmp(&b.source))
    });
}

/// A posting to read for `skillgap match`: a file, or one record of a JSON Lines file.
#[derive(Debug, Clone)]
pub enum PostingItem {
    File(std::path::PathBuf),
    Record {
        source: String,
        text: String,
        title: Option<String>,
        company: Option<String>,
        meta: PostingMeta,
    },
}

/// What a JSON Lines posting says about itself besides its text (job boards' fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostingMeta {
    /// `job_level` ("Mid-Senior level").
    pub level: Option<String>,
    /// `date_posted` ("2025-11-21").
    pub date: Option<String>,
}

/// The postings named by `path`: the files of a folder (not recursive, hidden ones skipped, in
/// name order), every line of a `.jsonl` file with a `description`, or the file itself.
pub fn posting_items(path: &std::path::Path) -> Result<Vec<PostingItem>, String> {
    let name = path.display().to_string();
    if path.is_dir() {
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(path)
            .map_err(|e| format!("{name}: {e}"))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        files.sort();
        let mut items = Vec::new();
        for f in files {
            items.extend(posting_items(&f)?);
        }
        return Ok(items);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if !matches!(ext.as_deref(), Some("jsonl" | "ndjson")) {
        return Ok(vec![PostingItem::File(path.to_path_buf())]);
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let mut items = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{name}:{}", i + 1);
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{at}: not JSON: {e}"))?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let text = field("description").ok_or_else(|| format!("{at}: no `description` field"))?;
        items.push(PostingItem::Record {
            source: field("id").unwrap_or(at),
            text,
            title: field("title"),
            company: field("company"),
            meta: PostingMeta {
                level: field("job_level"),
                date: field("date_posted"),
            },
        });
    }
    Ok(items)
}

/// Read one posting and measure the resume against it. Records are read as Markdown (job boards
/// escape their text that way).
pub fn match_item(
    matcher: &Matcher<'_>,
    resume: &Document,
    resume_hits: &[Hit],
    item: &PostingItem,
    limits: &Limits,
) -> Result<JobMatch, input::InputError> {
    let (doc, title, company) = match item {
        PostingItem::File(p) => (input::read_path(p, limits)?, None, None),
        PostingItem::Record {
            source,
            text,
            title,
            company,
            ..
        } => (
            input::read_bytes(source, Some("md"), text.as_bytes(), limits)?,
            title.clone(),
            company.clone(),
        ),
    };
    let posting = requirements(matcher, &doc);
    let mut m = compare(matcher.taxonomy(), resume, resume_hits, &posting);
    m.title = title;
    m.company = company;
    Ok(m)
}

/// One skill found in any document, for `skillgap extract`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Found {
    pub id: String,
    pub name: String,
    pub category: String,
    /// `accepted`, `negated`, `aspirational` or `hobby` (the strongest over the mentions).
    pub status: Status,
    pub occurrences: usize,
    pub evidence: Vec<Line>,
}

/// The heading (title and kind) each line is under, and each line's own label.
struct Outline {
    /// Per 0-based line: index into `headings` of the heading in force.
    under: Vec<Option<usize>>,
    headings: Vec<(String, Kind)>,
    /// Per 0-based line: a `Label:` at its start that classifies just that line.
    label: Vec<Option<Kind>>,
}

impl Outline {
    fn new(text: &str) -> Self {
        let mut under = Vec::new();
        let mut headings: Vec<(String, Kind)> = Vec::new();
        let mut label = Vec::new();
        let mut current = None;
        for line in text.lines() {
            let mut own = None;
            if let Some(title) = heading_title(line) {
                headings.push((title.to_string(), classify(title)));
                current = Some(headings.len() - 1);
            } else if let Some((head, _)) = line_label(line) {
                let k = classify(head);
                if k != Kind::Unknown {
                    own = Some(k);
                }
            }
            under.push(current);
            label.push(own);
        }
        Outline {
            under,
            headings,
            label,
        }
    }

    fn title(&self, line: usize) -> Option<&str> {
        self.under
            .get(line.wrapping_sub(1))
            .copied()
            .flatten()
            .map(|h| self.headings[h].0.as_str())
    }

    fn kind(&self, line: usize) -> Kind {
        let i = line.wrapping_sub(1);
        if let Some(Some(k)) = self.label.get(i) {
            return *k;
        }
        self.under
            .get(i)
            .copied()
            .flatten()
            .map_or(Kind::Unknown, |h| self.headings[h].1)
    }

    fn has_required(&self) -> bool {
        self.headings
            .iter()
            .map(|h| h.1)
            .chain(self.label.iter().flatten().copied())
            .any(|k| k == Kind::Required)
    }
}

/// The text of a heading line: `## Requirements`, `**Nice to have:**`, `You have:`.
fn heading_title(line: &str) -> Option<&str> {
    let t = line.trim();
    if t.is_empty() || t.chars().count() > 70 {
        return None;
    }
    if let Some(rest) = t.strip_prefix('#') {
        let title = rest.trim_start_matches('#').trim();
        return (!title.is_empty()).then_some(strip_decoration(title));
    }
    let bare = t.trim_end_matches(':').trim();
    let bold = ["**", "__"]
        .iter()
        .any(|m| bare.starts_with(m) && bare.ends_with(m) && bare.len() > 4);
    if bold {
        let title = strip_decoration(bare);
        return (!title.is_empty() && !title.contains("**")).then_some(title);
    }
    let words = t.split_whitespace().count();
    if t.ends_with(':') && words <= 8 && !t.starts_with(['-', '*', '•']) {
        return Some(strip_decoration(bare));
    }
    None
}

/// `Must have: Go, Rust` → (`Must have`, rest). Labels are short.
fn line_label(line: &str) -> Option<(&str, &str)> {
    let t = line.trim().trim_start_matches(['-', '*', '•', ' ']);
    let (head, rest) = t.split_once(':')?;
    let head = strip_decoration(head);
    (head.split_whitespace().count() <= 5 && !head.is_empty()).then_some((head, rest))
}

/// Drop Markdown emphasis and trailing colons around a heading.
fn strip_decoration(s: &str) -> &str {
    s.trim_matches(|c: char| c == '*' || c == '_' || c == ':' || c.is_whitespace())
}

/// What a heading says about the skills under it.
fn classify(title: &str) -> Kind {
    let t = title.to_lowercase().replace(['’', '‘'], "'");
    let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
    // Preferred first: "Preferred qualifications" also contains "qualifications".
    if has(&[
        "nice to have",
        "nice-to-have",
        "preferred",
        "bonus",
        "plus",
        "would be great",
        "would be nice",
        "desirable",
        "good to have",
        "extra credit",
        "ideally",
        "not required",
    ]) {
        return Kind::Preferred;
    }
    if has(&[
        "requirement",
        "required",
        "must have",
        "must-have",
        "need",
        "you have",
        "you'll have",
        "you will have",
        "qualification",
        "looking for",
        "who you are",
        "about you",
        "you bring",
        "essential",
        "experience",
        "skills",
    ]) {
        return Kind::Required;
    }
    if has(&[
        "responsibilit",
        "what you'll do",
        "what you will do",
        "what will you",
        "doing",
        "you will",
        "you'll",
        "the role",
        "your role",
        "day to day",
        "day-to-day",
        "duties",
    ]) {
        return Kind::Responsibilities;
    }
    if has(&["stack", "technolog", "tools", "tech we use"]) {
        return Kind::Stack;
    }
    if has(&[
        "about",
        "benefit",
        "perk",
        "who we are",
        "why ",
        "salary",
        "compensation",
        "culture",
        "values",
        "process",
        "equal opportunit",
        "diversity",
        "company",
        "offer",
        "location",
        "apply",
    ]) {
        return Kind::Ignored;
    }
    Kind::Unknown
}

/// Phrases that make every skill on their line not a requirement.
const NOT_REQUIRED: &[&str] = &[
    "not required",
    "no need",
    "not necessary",
    "not a requirement",
    "not needed",
    "don't need",
    "do not need",
    "not essential",
];

fn years_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(\d{1,2})(?:\s*(?:-|–|to)\s*\d{1,2})?\s*\+?\s*(?:years?|yrs?)\b")
            .expect("years regex")
    })
}

/// Years asked near byte range `start..end` of `line_text` (offsets within the line): the
/// closest "N+ years" on the line, if within 80 bytes.
fn years_near(line_text: &str, start: usize, end: usize) -> Option<u32> {
    years_regex()
        .captures_iter(line_text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let dist = if m.end() <= start {
                start - m.end()
            } else {
                m.start().saturating_sub(end)
            };
            Some((dist, c[1].parse::<u32>().ok()?))
        })
        .filter(|(d, _)| *d <= 80)
        .min_by_key(|(d, _)| *d)
        .map(|(_, y)| y)
}

/// Byte range of the line containing `at`.
fn line_bounds(text: &str, at: usize) -> (usize, usize) {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    (start, end)
}

fn evidence_line(doc: &Document, outline: &Outline, h: &Hit) -> Line {
    Line {
        line: h.line,
        text: analysis::evidence_text(doc, h),
        section: outline.title(h.line).map(str::to_string),
    }
}

/// The skills `doc` (a posting) asks for.
pub fn requirements(matcher: &Matcher<'_>, doc: &Document) -> Posting {
    let hits = matcher.find(doc);
    requirements_from_hits(matcher.taxonomy(), doc, &hits)
}

/// [`requirements`] from hits already found in `doc`.
pub fn requirements_from_hits(tax: &Taxonomy, doc: &Document, hits: &[Hit]) -> Posting {
    let outline = Outline::new(&doc.text);
    let fallback = if outline.has_required() {
        Level::Preferred
    } else {
        Level::Required
    };
    // skill → (level, years, first mention at that level, order of first mention)
    let mut asked: BTreeMap<usize, (Level, Option<u32>, Line, usize)> = BTreeMap::new();
    let mut excluded: Vec<usize> = Vec::new();
    // Skills offered as alternatives of each other, and the previous counted hit with its group.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut prev: Option<(&Hit, Option<usize>)> = None;
    for (order, h) in hits.iter().enumerate() {
        let before = prev.take();
        let (ls, le) = line_bounds(&doc.text, h.start);
        let line_text = &doc.text[ls..le];
        let lower = line_text.to_lowercase();
        let negative = h.status == Status::Negated
            || h.status == Status::Hobby
            || NOT_REQUIRED.iter().any(|p| lower.contains(p));
        if negative {
            excluded.push(h.skill);
            continue;
        }
        let level = match outline.kind(h.line) {
            Kind::Required | Kind::Responsibilities => Level::Required,
            Kind::Preferred | Kind::Stack => Level::Preferred,
            Kind::Ignored => continue,
            Kind::Unknown => fallback,
        };
        // "Interest in learning Rust" in an ad is a wish, not a demand.
        let level = if h.status == Status::Aspirational {
            Level::Preferred
        } else {
            level
        };
        let mut group = None;
        if let Some((p, pg)) = before {
            if p.line == h.line && p.end <= h.start && is_or(&doc.text[p.end..h.start]) {
                let g = pg.unwrap_or_else(|| {
                    groups.push(vec![p.skill]);
                    groups.len() - 1
                });
                groups[g].push(h.skill);
                group = Some(g);
            }
        }
        prev = Some((h, group));
        let years = years_near(line_text, h.start - ls, h.end - ls);
        match asked.get_mut(&h.skill) {
            None => {
                asked.insert(
                    h.skill,
                    (level, years, evidence_line(doc, &outline, h), order),
                );
            }
            Some(e) => {
                if level < e.0 {
                    *e = (level, years.or(e.1), evidence_line(doc, &outline, h), e.3);
                } else if level == e.0 {
                    e.1 = e.1.max(years);
                }
            }
        }
    }
    let mut requirements: Vec<(usize, Requirement)> = asked
        .into_iter()
        .map(|(si, (level, years, posting, order))| {
            let s = &tax.skills[si];
            (
                order,
                Requirement {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    category: s.category.clone(),
                    level,
                    years,
                    posting,
                    alternatives: alternatives_of(tax, &groups, si),
                },
            )
        })
        .collect();
    requirements.sort_by_key(|(order, r)| (r.level, *order));
    let ids: Vec<&str> = requirements.iter().map(|(_, r)| r.id.as_str()).collect();
    let mut not_required: Vec<String> = excluded
        .into_iter()
        .map(|si| tax.skills[si].id.clone())
        .filter(|id| !ids.contains(&id.as_str()))
        .collect();
    not_required.sort();
    not_required.dedup();
    Posting {
        source: doc.source.clone(),
        requirements: requirements.into_iter().map(|(_, r)| r).collect(),
        not_required,
    }
}

/// Whether the text between two mentions makes them alternatives: "or", "/", "and/or".
fn is_or(between: &str) -> bool {
    let b = between
        .trim()
        .trim_matches(|c: char| c == ',' || c.is_whitespace())
        .to_lowercase();
    matches!(b.as_str(), "or" | "/" | "|" | "and/or" | "or a" | "or any")
}

/// Ids of the skills grouped as alternatives with `skill`.
fn alternatives_of(tax: &Taxonomy, groups: &[Vec<usize>], skill: usize) -> Vec<String> {
    let mut out: Vec<String> = groups
        .iter()
        .filter(|g| g.contains(&skill))
        .flatten()
        .filter(|&&s| s != skill)
        .map(|&s| tax.skills[s].id.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Measure a resume (its document and hits) against a posting.
pub fn compare(tax: &Taxonomy, resume: &Document, hits: &[Hit], posting: &Posting) -> JobMatch {
    let mut accepted: BTreeMap<usize, Vec<&Hit>> = BTreeMap::new();
    for h in hits.iter().filter(|h| h.status == Status::Accepted) {
        accepted.entry(h.skill).or_default().push(h);
    }
    let (mut got, mut total) = (0u32, 0u32);
    let mut matched = Vec::new();
    let mut missing_required = Vec::new();
    let mut missing_preferred = Vec::new();
    let mut alternative_met = Vec::new();
    let shown = |id: &str| tax.index_of(id).is_some_and(|i| accepted.contains_key(&i));
    for r in &posting.requirements {
        let si = tax.index_of(&r.id);
        if !shown(&r.id) && r.alternatives.iter().any(|a| shown(a)) {
            alternative_met.push(r.id.clone());
            continue;
        }
        total += r.level.weight();
        match si.and_then(|si| accepted.get(&si)) {
            Some(hs) => {
                got += r.level.weight();
                matched.push(MatchedRequirement {
                    requirement: r.clone(),
                    resume: analysis::evidence(resume, hs),
                });
            }
            None => {
                let s = si.map(|si| &tax.skills[si]);
                let m = MissingRequirement {
                    requirement: r.clone(),
                    hours: s.map_or(0, |s| s.hours),
                    courses: s.map(|s| s.courses.clone()).unwrap_or_default(),
                    tools: s.map(|s| s.tools.clone()).unwrap_or_default(),
                };
                match r.level {
                    Level::Required => missing_required.push(m),
                    Level::Preferred => missing_preferred.push(m),
                }
            }
        }
    }
    let asked: Vec<&str> = posting.requirements.iter().map(|r| r.id.as_str()).collect();
    let extra = accepted
        .keys()
        .map(|&si| &tax.skills[si])
        .filter(|s| !asked.contains(&s.id.as_str()))
        .map(|s| Extra {
            id: s.id.clone(),
            name: s.name.clone(),
            category: s.category.clone(),
        })
        .collect();
    let ids = |level: Level| {
        posting
            .requirements
            .iter()
            .filter(|r| r.level == level)
            .map(|r| r.id.clone())
            .collect()
    };
    JobMatch {
        source: posting.source.clone(),
        title: None,
        company: None,
        match_rate: analysis::percent(got, total),
        required: ids(Level::Required),
        preferred: ids(Level::Preferred),
        matched,
        missing_required,
        missing_preferred,
        extra,
        not_required: posting.not_required.clone(),
        alternative_met,
    }
}

/// Every skill mentioned in `doc`, with evidence and the heading it is under.
pub fn extract(matcher: &Matcher<'_>, doc: &Document) -> Vec<Found> {
    let tax = matcher.taxonomy();
    let outline = Outline::new(&doc.text);
    let hits = matcher.find(doc);
    let mut by_skill: BTreeMap<usize, (usize, Vec<&Hit>)> = BTreeMap::new();
    for (i, h) in hits.iter().enumerate() {
        by_skill.entry(h.skill).or_insert((i, Vec::new())).1.push(h);
    }
    let mut found: Vec<(usize, Found)> = by_skill
        .into_iter()
        .map(|(si, (first, hs))| {
            let s = &tax.skills[si];
            let mut evidence: Vec<Line> = Vec::new();
            for h in &hs {
                if evidence.last().is_some_and(|e| e.line == h.line) {
                    continue;
                }
                evidence.push(evidence_line(doc, &outline, h));
            }
            (
                first,
                Found {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    category: s.category.clone(),
                    status: hs
                        .iter()
                        .map(|h| h.status)
                        .min()
                        .unwrap_or(Status::Accepted),
                    occurrences: hs.len(),
                    evidence,
                },
            )
        })
        .collect();
    found.sort_by_key(|(first, _)| *first);
    found.into_iter().map(|(_, f)| f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_read_in_their_common_forms() {
        assert_eq!(heading_title("## Requirements"), Some("Requirements"));
        assert_eq!(heading_title("**Nice to have:**"), Some("Nice to have"));
        assert_eq!(heading_title("What you'll need:"), Some("What you'll need"));
        assert_eq!(heading_title("- Go, Rust and SQL"), None);
        assert_eq!(
            heading_title("We build **fast** things with Go:  and more words here ok"),
            None
        );
    }

    #[test]
    fn headings_are_classified() {
        assert_eq!(classify("Preferred qualifications"), Kind::Preferred);
        assert_eq!(classify("Minimum qualifications"), Kind::Required);
        assert_eq!(classify("What you’ll need"), Kind::Required);
        assert_eq!(classify("Responsibilities"), Kind::Responsibilities);
        assert_eq!(classify("Benefits"), Kind::Ignored);
        assert_eq!(classify("Bonus points"), Kind::Preferred);
        assert_eq!(classify("Our tech stack"), Kind::Stack);
    }

    #[test]
    fn years_are_taken_from_the_nearest_mention() {
        let line = "5+ years of Go and 2 years with Rust";
        assert_eq!(years_near(line, 12, 14), Some(5));
        assert_eq!(years_near(line, 32, 36), Some(2));
        assert_eq!(years_near("3-5 yrs Python", 8, 14), Some(3));
        assert_eq!(years_near("Python", 0, 6), None);
    }
}
