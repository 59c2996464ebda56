//! From hits to an analysis: which of the role's skills the document shows (with evidence), which
//! are missing (with courses and tools), coverage per category and a weighted score.
//!
//! [`Analysis`] is the one result model every report renders; its JSON form is a documented,
//! versioned contract (see `docs/json.md`).

pub mod demand;
pub mod fit;
pub mod gate;
pub mod job;
pub mod market;
pub mod plan;
pub mod prepared;
mod skillset;

pub use prepared::PreparedRole;

use serde::{Deserialize, Serialize};

use crate::analysis::fit::RoleFit;
use crate::analysis::plan::{Deferred, Implied, PlanStep};
use crate::input::Document;
use crate::matcher::{Hit, MatchKind, Matcher, Status};
use crate::taxonomy::{Career, Course, DemandInfo, Importance, Role, Taxonomy};

/// Bumped whenever a field of the JSON output changes meaning or disappears. 2: `score` is the
/// headline (market fit where a market applies, else role coverage); `coverage` and `market` added.
/// 3: `batch --format jsonl` writes the slim [`crate::row::Row`] by default (`--full`: this
/// analysis, unchanged).
pub const SCHEMA_VERSION: u32 = 3;

/// How many evidence lines are kept per skill.
const MAX_EVIDENCE: usize = 3;
/// Evidence lines longer than this are cut to a window around the mention.
const MAX_EVIDENCE_CHARS: usize = 160;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub schema_version: u32,
    pub source: SourceInfo,
    pub role: RoleInfo,
    /// 0–100: the headline number, named by `headline`: the market fit (the mean match rate
    /// over the market's postings) where a market applies to the role, else `coverage`.
    pub score: f64,
    /// What `score` is.
    pub headline: Headline,
    /// 0–100: the share of the role's skills found, weighted core 3 : important 2 : bonus 1.
    pub coverage: f64,
    pub summary: Summary,
    pub matched: Vec<Matched>,
    pub negated: Vec<Negated>,
    pub gaps: Vec<Gap>,
    pub categories: Vec<CategoryCoverage>,
    /// The learning path: the gaps worth closing, in the order to learn them (see `plan.rs`).
    #[serde(default)]
    pub plan: Vec<PlanStep>,
    /// Skills the document does not name but that skills it shows build on (Django → Python):
    /// worth naming on the resume, not worth learning again. Left out of the plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub implied: Vec<Implied>,
    /// Gaps the focused plan leaves out because they would first need a skill off the role's
    /// path (`--verbose` plans them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deferred: Vec<Deferred>,
    /// Where the `demand` figures on gaps and plan steps come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand: Option<DemandInfo>,
    /// Career context for the role (pay, ladder) from a named source; never a prediction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub career: Option<Career>,
    /// Every role ranked by fit, best first (with `--role auto` and `skillgap fit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fit: Option<Vec<RoleFit>>,
    /// The resume measured against every posting of a job market; see `market.rs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market: Option<market::MarketFit>,
    /// The resume measured against a job posting (`analyze --job`); see `job.rs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<crate::analysis::job::JobMatch>,
    /// The outcome of `--fail-under` / `--require`, only when a gate was requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<crate::analysis::gate::GateOutcome>,
}

/// Which number `score` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Headline {
    /// The market fit (`market.fit`).
    Fit,
    /// The weighted role coverage (`coverage`).
    Coverage,
}

impl Headline {
    /// The words reports use for it.
    pub fn label(self) -> &'static str {
        match self {
            Headline::Fit => "market fit",
            Headline::Coverage => "role coverage",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub path: String,
    pub format: String,
    /// A human name for the document: a JSON Resume's `basics.name`, else its first heading or
    /// first line when that reads like a person's name or a job title. Absent when none does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A `--jsonl-in` record's id with its JSON type (number or string) as the record had it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    /// The record fields named by `batch --keep-field`, passed through unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<serde_json::Map<String, serde_json::Value>>,
}

impl SourceInfo {
    /// What reports call the document: its [`name`](Self::name), else [`file_label`] of its path.
    pub fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| file_label(&self.path))
    }
}

/// A path's file name (`/home/c/cohort/ana.pdf` → `ana.pdf`): reports never show a folder
/// that says where the files were on someone's disk. A record id or `-` is kept as it is.
pub fn file_label(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |f| f.to_string_lossy().into_owned())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleInfo {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Skills of the role the document shows.
    pub matched: usize,
    /// Skills of the role it does not show.
    pub gaps: usize,
    /// Skills of the role in total.
    pub role_skills: usize,
    /// Skills found that the role does not list.
    pub extra: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// 1-based line in the extracted text.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The line (or a window of it) where the skill was found.
    pub text: String,
    /// The words as written.
    pub matched: String,
    /// The resume section the line is in, when a heading was recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// 1-based page, for PDF input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// JSON path, for JSON Resume input (e.g. `work[0].highlights[2]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matched {
    pub id: String,
    pub name: String,
    pub category: String,
    pub importance: Importance,
    /// Whether the role asks for this skill (false: a skill beyond the role).
    pub in_role: bool,
    /// The best way any mention matched: exact, alias or fuzzy.
    #[serde(rename = "match")]
    pub how: MatchKind,
    /// 0–1, the highest over the mentions.
    pub confidence: f32,
    /// Accepted mentions in the document.
    pub occurrences: usize,
    pub evidence: Vec<Evidence>,
    /// O*NET technology example names for the skill.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub onet: Vec<String>,
    /// ESCO skill concept URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub esco: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Negated {
    pub id: String,
    pub name: String,
    pub category: String,
    /// negated, aspirational or hobby.
    pub reason: Status,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub id: String,
    pub name: String,
    pub category: String,
    pub importance: Importance,
    pub description: String,
    /// Rough hours to working proficiency.
    pub hours: u32,
    pub courses: Vec<Course>,
    pub tools: Vec<String>,
    /// Interchangeable skills the document already shows (then this gap is only a bonus).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives_found: Vec<String>,
    /// Share (0–1) of job postings that ask for the skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand: Option<f64>,
    /// O*NET technology example names for the skill.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub onet: Vec<String>,
    /// ESCO skill concept URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub esco: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryCoverage {
    pub category: String,
    pub matched: usize,
    pub total: usize,
    /// 0–100, weighted by importance like the score.
    pub coverage: f64,
}

impl Analysis {
    /// Empty the text every analysis copies from the taxonomy — each gap's description, courses
    /// and tools, each plan step's courses, tools and practice project — keeping the fields, so
    /// the schema is unchanged: the text is the same for every person. (`batch` never copies
    /// it in: see [`PreparedRole::without_catalogue`].)
    pub fn drop_catalogue(&mut self) {
        for g in &mut self.gaps {
            g.description = String::new();
            g.courses = Vec::new();
            g.tools = Vec::new();
        }
        for step in &mut self.plan {
            step.courses = Vec::new();
            step.tools = Vec::new();
            step.practice = None;
        }
    }
}

/// Run the matcher over `doc` and analyse the result against `role`.
pub fn analyze(matcher: &Matcher<'_>, doc: &Document, role: &Role) -> Analysis {
    analyze_in(matcher, doc, role, None)
}

/// [`analyze`], measured against a job market too (when it applies to `role`).
pub fn analyze_in(
    matcher: &Matcher<'_>,
    doc: &Document,
    role: &Role,
    market: Option<&market::Fitter<'_>>,
) -> Analysis {
    let hits = matcher.find(doc);
    analyze_hits_in(matcher.taxonomy(), doc, role, &hits, market)
}

/// Analyse hits already found in `doc`.
pub fn analyze_hits(tax: &Taxonomy, doc: &Document, role: &Role, hits: &[Hit]) -> Analysis {
    analyze_hits_in(tax, doc, role, hits, None)
}

/// [`analyze_hits`], measured against a job market too (when it applies to `role`): then the
/// market fit is the headline `score` and the plan starts with the market's next skills.
pub fn analyze_hits_in(
    tax: &Taxonomy,
    doc: &Document,
    role: &Role,
    hits: &[Hit],
    market: Option<&market::Fitter<'_>>,
) -> Analysis {
    PreparedRole::new(tax, role).analyze_hits(doc, hits, market)
}

/// A skill's catalogue text (description, courses, tools, practice) for an analysis: a copy,
/// or nothing where the analysis leaves it out (see [`Analysis::drop_catalogue`]).
pub(crate) fn catalogue_text<T: Clone + Default>(keep: bool, text: &T) -> T {
    if keep {
        text.clone()
    } else {
        T::default()
    }
}

/// `part / whole` as a percentage with one decimal (one definition, which build.rs uses too).
pub(crate) use market::compile::percent;

pub(crate) fn evidence(doc: &Document, hits: &[&Hit]) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::new();
    for h in hits {
        if out.len() == MAX_EVIDENCE {
            break;
        }
        // One evidence item per line is enough.
        if out.last().is_some_and(|e| e.line == h.line) {
            continue;
        }
        out.push(Evidence {
            line: h.line,
            column: h.column,
            text: evidence_text(doc, h),
            matched: h.surface.clone(),
            section: doc.section_at(h.line).map(|s| s.kind.as_str().to_string()),
            page: doc.location_at(h.line).and_then(|l| l.page),
            path: doc.location_at(h.line).and_then(|l| l.path.clone()),
        });
    }
    out
}

/// The hit's line, trimmed; long lines are cut to a window around the mention.
pub(crate) fn evidence_text(doc: &Document, h: &Hit) -> String {
    let text = doc.text.as_str();
    let line_start = text[..h.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[h.end..].find('\n').map_or(text.len(), |i| h.end + i);
    let line = &text[line_start..line_end];
    let trimmed = line.trim();
    if trimmed.chars().count() <= MAX_EVIDENCE_CHARS {
        return trimmed.to_string();
    }
    // Window: up to 60 characters before the mention, then as much as fits.
    let pre: Vec<char> = text[line_start..h.start].chars().collect();
    let take_pre = pre.len().min(60);
    let mut out = String::new();
    if take_pre < pre.len() {
        out.push('…');
    }
    out.extend(&pre[pre.len() - take_pre..]);
    let rest: Vec<char> = text[h.start..line_end].chars().collect();
    let room = MAX_EVIDENCE_CHARS.saturating_sub(take_pre);
    out.extend(rest.iter().take(room));
    if rest.len() > room {
        out.push('…');
    }
    out.trim().to_string()
}
