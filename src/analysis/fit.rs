//! Which role is a person closest to? Every role is scored on the same matches.
//!
//! A role's requirements are its skills and its choices ("a relational database"): a choice is
//! met by any of its skills and counts once, at the importance of its most important member, so a
//! role with six interchangeable databases does not reward knowing six. Weights are those of the
//! score (core 3, important 2, bonus 1).
//!
//! Roles are ranked by `fit`, the cosine similarity between what the document shows and what the
//! role asks for: the person is a vector with a 1 for every requirement met and for every skill
//! shown that the role does not use; the role is the vector of requirement weights. Plain
//! coverage (`coverage`, also reported) favours small roles, because a broad role such as backend
//! developer lists many bonus skills nobody has all of; cosine divides by the role's size only
//! through the square root, and it counts skills the role has no use for against it, so a DBA's
//! resume fits the DBA role better than the broad one that merely contains its skills. Only
//! skills the document shows count; the fit is about evidence, not inference.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::analysis::{self, percent, Analysis};
use crate::input::Document;
use crate::matcher::{Hit, Matcher, Status};
use crate::taxonomy::{Importance, Role, Taxonomy};

/// How well a document fits one role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleFit {
    pub id: String,
    pub name: String,
    /// 0–100, one decimal: cosine similarity between the skills shown and the role's weighted
    /// requirements (the ranking key).
    pub fit: f64,
    /// 0–100, one decimal: weighted share of the role's requirements met.
    pub coverage: f64,
    /// The role's score as `analyze --role ID` reports it (every skill counted on its own).
    pub score: f64,
    /// Core requirements met, as "label (skills found)".
    pub core_met: Vec<String>,
    /// Core requirements not met.
    pub core_missing: Vec<String>,
    /// Important requirements met / in total.
    pub important_met: usize,
    pub important_total: usize,
}

/// One requirement of a role.
struct Requirement {
    label: String,
    importance: Importance,
    /// Names of the skills found that meet it.
    met_by: Vec<String>,
}

fn requirements(tax: &Taxonomy, role: &Role, found: &HashSet<usize>) -> Vec<Requirement> {
    let importance_of = |i: usize| {
        role.skills
            .iter()
            .find(|rs| rs.skill == i)
            .map_or(tax.skills[i].importance, |rs| rs.importance)
    };
    let mut in_choice = HashSet::new();
    let mut out = Vec::new();
    for c in &role.choices {
        in_choice.extend(c.skills.iter().copied());
        out.push(Requirement {
            label: c.label.clone(),
            importance: c
                .skills
                .iter()
                .map(|&i| importance_of(i))
                .min()
                .unwrap_or(Importance::Bonus),
            met_by: c
                .skills
                .iter()
                .filter(|i| found.contains(i))
                .map(|&i| tax.skills[i].name.clone())
                .collect(),
        });
    }
    for rs in role
        .skills
        .iter()
        .filter(|rs| !in_choice.contains(&rs.skill))
    {
        let s = &tax.skills[rs.skill];
        out.push(Requirement {
            label: s.name.clone(),
            importance: rs.importance,
            met_by: if found.contains(&rs.skill) {
                vec![s.name.clone()]
            } else {
                Vec::new()
            },
        });
    }
    out
}

/// The fit of `hits` (found in a document) to every role of the taxonomy, best first.
pub fn rank(tax: &Taxonomy, hits: &[Hit]) -> Vec<RoleFit> {
    let found: HashSet<usize> = hits
        .iter()
        .filter(|h| h.status == Status::Accepted)
        .map(|h| h.skill)
        .collect();
    let mut out: Vec<(RoleFit, u64)> = tax
        .roles
        .iter()
        .map(|role| {
            let reqs = requirements(tax, role, &found);
            let in_role: HashSet<usize> = role.skills.iter().map(|rs| rs.skill).collect();
            let outside = found.iter().filter(|s| !in_role.contains(s)).count();
            let (mut got, mut total, mut norm) = (0u32, 0u32, 0u32);
            let mut met_units = 0usize;
            let (mut core_met, mut core_missing) = (Vec::new(), Vec::new());
            let (mut important_met, mut important_total) = (0, 0);
            for r in &reqs {
                let w = r.importance.weight();
                total += w;
                norm += w * w;
                let met = !r.met_by.is_empty();
                if met {
                    got += w;
                    met_units += 1;
                }
                match r.importance {
                    Importance::Core if met => core_met.push(if r.met_by == [r.label.clone()] {
                        r.label.clone()
                    } else {
                        format!("{} ({})", r.label, r.met_by.join(", "))
                    }),
                    Importance::Core => core_missing.push(r.label.clone()),
                    Importance::Important => {
                        important_total += 1;
                        important_met += usize::from(met);
                    }
                    Importance::Bonus => {}
                }
            }
            let core_total = core_met.len() + core_missing.len();
            // Ties on fit go to the role whose core requirements are better covered.
            let core_share = if core_total == 0 {
                0
            } else {
                (core_met.len() as u64 * 1_000_000) / core_total as u64
            };
            // An analysis without a market: its score is the coverage.
            let score = analysis::prepared::coverage(tax, role, hits);
            (
                RoleFit {
                    id: role.id.clone(),
                    name: role.name.clone(),
                    fit: cosine(got, norm, met_units + outside),
                    coverage: percent(got, total),
                    score,
                    core_met,
                    core_missing,
                    important_met,
                    important_total,
                },
                core_share,
            )
        })
        .collect();
    out.sort_by(|(a, ca), (b, cb)| {
        b.fit
            .total_cmp(&a.fit)
            .then(cb.cmp(ca))
            .then_with(|| a.id.cmp(&b.id))
    });
    out.into_iter().map(|(f, _)| f).collect()
}

/// Analyse `doc` against the role it fits best, with the whole ranking attached as `fit`.
pub fn analyze_best(matcher: &Matcher<'_>, doc: &Document) -> Analysis {
    analyze_best_in(matcher, doc, None)
}

/// [`analyze_best`], measured against a job market too (when it applies to the best role).
pub fn analyze_best_in(
    matcher: &Matcher<'_>,
    doc: &Document,
    market: Option<&analysis::market::Fitter<'_>>,
) -> Analysis {
    let tax = matcher.taxonomy();
    let hits = matcher.find(doc);
    let ranking = rank(tax, &hits);
    let role = ranking
        .first()
        .and_then(|f| tax.role(&f.id))
        .unwrap_or_else(|| tax.default_role());
    let mut result = analysis::analyze_hits_in(tax, doc, role, &hits, market);
    result.fit = Some(ranking);
    result
}

/// `dot / (sqrt(norm) · sqrt(shown))` as a percentage with one decimal.
fn cosine(dot: u32, norm: u32, shown: usize) -> f64 {
    if norm == 0 || shown == 0 {
        return 0.0;
    }
    let c = f64::from(dot) / (f64::from(norm).sqrt() * (shown as f64).sqrt());
    (c * 1000.0).round() / 10.0
}
