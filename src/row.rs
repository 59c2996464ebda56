//! The slim batch row: what a pipeline joins on, in a few kilobytes instead of the ~60 KB of a
//! full analysis. `skillgap batch --format jsonl` writes a [`Row`] per person unless `--full`.
//!
//! A full analysis repeats, for every person, text that depends only on the taxonomy (each gap's
//! name, category, description, courses; each plan step's; every evidence line of every skill),
//! and lists every missing skill the market asks for. A row keeps the person's own facts — ids,
//! headline figures, the skills found with their first evidence line, the gap ids by importance,
//! the plan's step ids by stage, the market figures and the market gaps that would open postings —
//! and [`Row::into_analysis`] puts the taxonomy's part back. Every cohort report (summary JSON,
//! Markdown, HTML, CSV) reads only what a row keeps, so `summarize` of slim rows, `summarize` of
//! full rows and one `batch` run render the same bytes: `batch` itself keeps rows, not analyses,
//! for the formats it sorts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analysis::gate::GateOutcome;
use crate::analysis::market::{MarketFit, MarketGap, NextSkill};
use crate::analysis::plan::PlanStep;
use crate::analysis::{
    percent, Analysis, CategoryCoverage, Evidence, Gap, Headline, Matched, Negated, RoleInfo,
    SourceInfo, Summary, SCHEMA_VERSION,
};
use crate::matcher::{MatchKind, Status};
use crate::taxonomy::{Importance, Taxonomy};

/// One person of a batch, slim: the default `batch --format jsonl` line (see `docs/json.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub schema_version: u32,
    pub source: SourceInfo,
    pub role: RoleInfo,
    /// The headline, as in the analysis (market fit where a market applies, else coverage).
    pub score: f64,
    pub headline: Headline,
    pub coverage: f64,
    pub summary: Summary,
    /// The skills found, in the analysis order, each with its first evidence line.
    pub matched: Vec<RowMatch>,
    /// Skills mentioned but not counted (negated, wished for, hobby).
    pub negated: Vec<RowNegated>,
    /// The role's skills not found, by importance for this person.
    pub gaps: RowGaps,
    /// The learning plan's step ids, one list per stage (stage 1 first), in plan order.
    pub plan: Vec<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market: Option<RowMarket>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<GateOutcome>,
}

/// A skill found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowMatch {
    pub id: String,
    pub importance: Importance,
    pub in_role: bool,
    #[serde(rename = "match")]
    pub how: MatchKind,
    pub confidence: f32,
    pub occurrences: usize,
    /// 1-based line of the first evidence in the extracted text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The first evidence: the line, or a window of it, where the skill was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// A skill mentioned but not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowNegated {
    pub id: String,
    pub reason: Status,
}

/// Gap ids by importance (interchangeable alternatives already covered are `bonus`), each list in
/// the analysis order (category, then id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowGaps {
    pub core: Vec<String>,
    pub important: Vec<String>,
    pub bonus: Vec<String>,
}

/// The market figures of a row: the analysis's `market` without the per-level figures, the soft
/// skills and the gaps that would open no posting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowMarket {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    pub postings: usize,
    pub fit: f64,
    pub ready_at: f64,
    pub ready_postings: usize,
    pub ready_share: f64,
    pub next_skills: Vec<RowNextSkill>,
    /// Per missing skill id: the postings the resume would be ready for with it too (only
    /// skills that would open at least one).
    pub gaps: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowNextSkill {
    pub id: String,
    pub postings_gained: usize,
    pub ready_share_after: f64,
}

impl From<&Analysis> for Row {
    fn from(a: &Analysis) -> Self {
        let mut gaps = RowGaps::default();
        for g in &a.gaps {
            match g.importance {
                Importance::Core => &mut gaps.core,
                Importance::Important => &mut gaps.important,
                Importance::Bonus => &mut gaps.bonus,
            }
            .push(g.id.clone());
        }
        let mut plan: Vec<Vec<String>> = Vec::new();
        let mut stage = None;
        for step in &a.plan {
            if stage != Some(step.stage) || plan.is_empty() {
                plan.push(Vec::new());
                stage = Some(step.stage);
            }
            if let Some(last) = plan.last_mut() {
                last.push(step.id.clone());
            }
        }
        Row {
            schema_version: SCHEMA_VERSION,
            source: a.source.clone(),
            role: a.role.clone(),
            score: a.score,
            headline: a.headline,
            coverage: a.coverage,
            summary: a.summary.clone(),
            matched: a
                .matched
                .iter()
                .map(|m| RowMatch {
                    id: m.id.clone(),
                    importance: m.importance,
                    in_role: m.in_role,
                    how: m.how,
                    confidence: m.confidence,
                    occurrences: m.occurrences,
                    line: m.evidence.first().map(|e| e.line),
                    evidence: m.evidence.first().map(|e| e.text.clone()),
                })
                .collect(),
            negated: a
                .negated
                .iter()
                .map(|n| RowNegated {
                    id: n.id.clone(),
                    reason: n.reason,
                })
                .collect(),
            gaps,
            plan,
            market: a.market.as_ref().map(|m| RowMarket {
                level: m.level.clone(),
                postings: m.postings,
                fit: m.fit,
                ready_at: m.ready_at,
                ready_postings: m.ready_postings,
                ready_share: m.ready_share,
                next_skills: m
                    .next_skills
                    .iter()
                    .map(|n| RowNextSkill {
                        id: n.id.clone(),
                        postings_gained: n.postings_gained,
                        ready_share_after: n.ready_share_after,
                    })
                    .collect(),
                gaps: m
                    .gaps
                    .iter()
                    .filter(|g| g.postings_gained > 0)
                    .map(|g| (g.id.clone(), g.postings_gained))
                    .collect(),
            }),
            gate: a.gate.clone(),
        }
    }
}

impl Row {
    /// The analysis the cohort reports read, with the taxonomy's part put back from `tax` by
    /// skill id: names, categories, coverage per category, each gap's description, hours, courses
    /// and tools, each plan step's. What a row does not keep stays empty (evidence beyond the
    /// first line, the market's per-level figures and soft skills, each plan step's reasons).
    /// An id `tax` does not know keeps its id as its name.
    pub fn into_analysis(self, tax: &Taxonomy) -> Analysis {
        self.hydrate(tax, true)
    }

    /// [`Row::into_analysis`] without the catalogue text, as [`Analysis::drop_catalogue`]
    /// leaves it (and `batch --full` writes it): what every cohort report but the HTML page
    /// reads, at a fraction of the allocations.
    pub fn into_lean_analysis(self, tax: &Taxonomy) -> Analysis {
        self.hydrate(tax, false)
    }

    fn hydrate(self, tax: &Taxonomy, catalogue: bool) -> Analysis {
        // The taxonomy's facts about a skill id: name, category and the skill itself.
        let known = |id: &str| {
            let skill = tax.skill(id);
            let name = skill.map_or_else(|| id.to_string(), |s| s.name.clone());
            let category = skill.map(|s| s.category.clone()).unwrap_or_default();
            (skill, name, category)
        };
        let matched: Vec<Matched> = self
            .matched
            .into_iter()
            .map(|m| {
                let (skill, name, category) = known(&m.id);
                let evidence = match (m.line, m.evidence) {
                    (Some(line), Some(text)) => vec![Evidence {
                        line,
                        column: 0,
                        text,
                        matched: String::new(),
                        section: None,
                        page: None,
                        path: None,
                    }],
                    _ => Vec::new(),
                };
                Matched {
                    name,
                    category,
                    importance: m.importance,
                    in_role: m.in_role,
                    how: m.how,
                    confidence: m.confidence,
                    occurrences: m.occurrences,
                    evidence,
                    onet: skill.map(|s| s.onet.clone()).unwrap_or_default(),
                    esco: skill.and_then(|s| s.esco.clone()),
                    id: m.id,
                }
            })
            .collect();
        let negated = self
            .negated
            .into_iter()
            .map(|n| {
                let (_, name, category) = known(&n.id);
                Negated {
                    name,
                    category,
                    reason: n.reason,
                    evidence: Vec::new(),
                    id: n.id,
                }
            })
            .collect();
        let RowGaps {
            core,
            important,
            bonus,
        } = self.gaps;
        let gaps: Vec<Gap> = [
            (Importance::Core, core),
            (Importance::Important, important),
            (Importance::Bonus, bonus),
        ]
        .into_iter()
        .flat_map(|(importance, ids)| ids.into_iter().map(move |id| (importance, id)))
        .map(|(importance, id)| {
            let (skill, name, category) = known(&id);
            let text = skill.filter(|_| catalogue);
            Gap {
                name,
                category,
                importance,
                description: text.map(|s| s.description.clone()).unwrap_or_default(),
                hours: skill.map_or(0, |s| s.hours),
                courses: text.map(|s| s.courses.clone()).unwrap_or_default(),
                tools: text.map(|s| s.tools.clone()).unwrap_or_default(),
                alternatives_found: Vec::new(),
                demand: skill.and_then(|s| s.demand),
                onet: skill.map(|s| s.onet.clone()).unwrap_or_default(),
                esco: skill.and_then(|s| s.esco.clone()),
                id,
            }
        })
        .collect();
        let categories = categories(tax, &matched, &gaps);
        let gap_importance: BTreeMap<&str, Importance> =
            gaps.iter().map(|g| (g.id.as_str(), g.importance)).collect();
        let mut cumulative = 0;
        let plan = self
            .plan
            .into_iter()
            .enumerate()
            .flat_map(|(i, ids)| ids.into_iter().map(move |id| (i as u32 + 1, id)))
            .map(|(stage, id)| {
                let (skill, name, category) = known(&id);
                let text = skill.filter(|_| catalogue);
                let hours = skill.map_or(0, |s| s.hours);
                cumulative += hours;
                PlanStep {
                    name,
                    category,
                    stage,
                    importance: gap_importance
                        .get(id.as_str())
                        .copied()
                        .or(skill.map(|s| s.importance))
                        .unwrap_or(Importance::Bonus),
                    why: String::new(),
                    hours,
                    cumulative_hours: cumulative,
                    demand: skill.and_then(|s| s.demand),
                    after: Vec::new(),
                    courses: text.map(|s| s.courses.clone()).unwrap_or_default(),
                    tools: text.map(|s| s.tools.clone()).unwrap_or_default(),
                    practice: text.and_then(|s| s.practice.clone()),
                    id,
                }
            })
            .collect();
        let market = self.market.map(|m| MarketFit {
            source: String::new(),
            level: m.level,
            postings: m.postings,
            fit: m.fit,
            ready_at: m.ready_at,
            ready_postings: m.ready_postings,
            ready_share: m.ready_share,
            levels: Vec::new(),
            next_skills: m
                .next_skills
                .into_iter()
                .map(|n| {
                    let (skill, name, _) = known(&n.id);
                    NextSkill {
                        name,
                        postings_gained: n.postings_gained,
                        ready_share_after: n.ready_share_after,
                        hours: skill.map_or(0, |s| s.hours),
                        id: n.id,
                    }
                })
                .collect(),
            gaps: market_gaps(m.gaps),
            soft_skills: Vec::new(),
        });
        Analysis {
            schema_version: self.schema_version,
            career: tax.role(&self.role.id).and_then(|r| r.career.clone()),
            source: self.source,
            role: self.role,
            score: self.score,
            headline: self.headline,
            coverage: self.coverage,
            summary: self.summary,
            matched,
            negated,
            gaps,
            categories,
            plan,
            implied: Vec::new(),
            deferred: Vec::new(),
            demand: tax.demand.clone(),
            fit: None,
            market,
            job: None,
            gate: self.gate,
        }
    }
}

/// The market gaps in the analysis order: most postings gained first, ties by id.
fn market_gaps(gains: BTreeMap<String, usize>) -> Vec<MarketGap> {
    let mut gaps: Vec<MarketGap> = gains
        .into_iter()
        .map(|(id, postings_gained)| MarketGap {
            id,
            postings_gained,
            asked: 0,
        })
        .collect();
    // Stable over the id order the map gives: ties stay by id.
    gaps.sort_by_key(|g| std::cmp::Reverse(g.postings_gained));
    gaps
}

/// Coverage per category, as the analysis computes it: over the role's skills (those found in
/// the role, and the gaps), weighted by each one's importance for this person, in taxonomy order.
fn categories(tax: &Taxonomy, matched: &[Matched], gaps: &[Gap]) -> Vec<CategoryCoverage> {
    let rank: BTreeMap<&str, usize> = tax
        .categories()
        .into_iter()
        .enumerate()
        .map(|(i, c)| (c, i))
        .collect();
    // Per rank: (category, matched, total, matched weight, total weight).
    let mut per_cat: BTreeMap<usize, (String, usize, usize, u32, u32)> = BTreeMap::new();
    let role_skills = matched
        .iter()
        .filter(|m| m.in_role)
        .map(|m| (&m.category, m.importance, true))
        .chain(gaps.iter().map(|g| (&g.category, g.importance, false)));
    for (category, importance, found) in role_skills {
        let r = rank.get(category.as_str()).copied().unwrap_or(usize::MAX);
        let e = per_cat
            .entry(r)
            .or_insert_with(|| (category.clone(), 0, 0, 0, 0));
        let w = importance.weight();
        e.2 += 1;
        e.4 += w;
        if found {
            e.1 += 1;
            e.3 += w;
        }
    }
    per_cat
        .into_values()
        .map(|(category, matched, total, wg, wt)| CategoryCoverage {
            category,
            matched,
            total,
            coverage: percent(wg, wt),
        })
        .collect()
}
