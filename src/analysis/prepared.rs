//! A role prepared once per run, so that analysing one more document costs only what differs
//! between people: which skills they show.
//!
//! Everything an analysis of the role needs that does not depend on the document — each
//! skill's category rank, where each skill sits in the role, the order gaps are listed in, the
//! role's categories — is worked out here once; [`PreparedRole::analyze_hits`] then derives a
//! person's gaps, coverage and plan from a bitset of the skills found. A batch builds one and
//! passes it to every document, the way it builds one [`market::Fitter`].

use std::collections::BTreeMap;

use crate::analysis::plan::{self, GapRef, PlanInput, PlanScope};
use crate::analysis::skillset::SkillSet;
use crate::analysis::{
    catalogue_text, evidence, market, percent, Analysis, CategoryCoverage, Gap, Headline, Matched,
    Negated, RoleInfo, SourceInfo, Summary, SCHEMA_VERSION,
};
use crate::input::Document;
use crate::matcher::{Hit, MatchKind, Matcher, Status};
use crate::taxonomy::{Importance, Role, Taxonomy};

/// `role_pos` of a skill the role does not list.
const NOT_IN_ROLE: u32 = u32::MAX;

/// A role of a taxonomy, prepared for analysing many documents against it.
#[derive(Debug, Clone)]
pub struct PreparedRole<'t> {
    tax: &'t Taxonomy,
    role: &'t Role,
    catalogue: bool,
    /// Each skill's category as its rank in [`Taxonomy::categories`], by skill index.
    category_rank: Vec<u32>,
    /// Where each skill sits in `role.skills` (the last listing, should a hand-built role list
    /// one twice), by skill index; [`NOT_IN_ROLE`] for the others.
    role_pos: Vec<u32>,
    in_role: SkillSet,
    /// Positions in `role.skills` by category rank, then id (then position): the order of the
    /// gaps of one importance.
    gap_order: Vec<usize>,
    /// The categories of the role's skills in rank order, each with its positions in
    /// `role.skills`.
    categories: Vec<(&'t str, Vec<usize>)>,
}

impl<'t> PreparedRole<'t> {
    /// Prepare `role`, one of `tax`'s roles.
    pub fn new(tax: &'t Taxonomy, role: &'t Role) -> Self {
        let n = tax.skills.len();
        // `Taxonomy::categories` order: by each category's first skill.
        let mut names: Vec<&'t str> = Vec::new();
        let category_rank: Vec<u32> = tax
            .skills
            .iter()
            .map(|s| {
                let rank = names
                    .iter()
                    .position(|&c| c == s.category)
                    .unwrap_or_else(|| {
                        names.push(&s.category);
                        names.len() - 1
                    });
                rank as u32
            })
            .collect();
        let mut role_pos = vec![NOT_IN_ROLE; n];
        let mut in_role = SkillSet::with_capacity(n);
        let mut categories: Vec<(u32, &'t str, Vec<usize>)> = Vec::new();
        for (k, rs) in role.skills.iter().enumerate() {
            role_pos[rs.skill] = k as u32;
            in_role.insert(rs.skill);
            let rank = category_rank[rs.skill];
            match categories.iter_mut().find(|(r, _, _)| *r == rank) {
                Some((_, _, members)) => members.push(k),
                None => categories.push((rank, &tax.skills[rs.skill].category, vec![k])),
            }
        }
        categories.sort_by_key(|&(rank, _, _)| rank);
        let mut gap_order: Vec<usize> = (0..role.skills.len()).collect();
        gap_order.sort_by(|&a, &b| {
            let (sa, sb) = (role.skills[a].skill, role.skills[b].skill);
            category_rank[sa]
                .cmp(&category_rank[sb])
                .then_with(|| tax.skills[sa].id.cmp(&tax.skills[sb].id))
        });
        PreparedRole {
            tax,
            role,
            catalogue: true,
            category_rank,
            role_pos,
            in_role,
            gap_order,
            categories: categories
                .into_iter()
                .map(|(_, name, members)| (name, members))
                .collect(),
        }
    }

    /// Leave out the text every analysis would copy from the taxonomy, as
    /// [`Analysis::drop_catalogue`] does afterwards, without copying it first.
    pub fn without_catalogue(mut self) -> Self {
        self.catalogue = false;
        self
    }

    pub fn role(&self) -> &'t Role {
        self.role
    }

    pub fn taxonomy(&self) -> &'t Taxonomy {
        self.tax
    }

    /// Run the matcher over `doc` and analyse the result, measured against a job market too
    /// (when it applies to the role). Same result as [`crate::analysis::analyze_in`].
    pub fn analyze(
        &self,
        matcher: &Matcher<'_>,
        doc: &Document,
        market: Option<&market::Fitter<'_>>,
    ) -> Analysis {
        let hits = matcher.find(doc);
        self.analyze_hits(doc, &hits, market)
    }

    /// Analyse hits already found in `doc`. Same result as
    /// [`crate::analysis::analyze_hits_in`].
    pub fn analyze_hits(
        &self,
        doc: &Document,
        hits: &[Hit],
        market: Option<&market::Fitter<'_>>,
    ) -> Analysis {
        let (tax, role) = (self.tax, self.role);
        // Hits per skill, in document order: accepted ones first, then the others.
        let mut grouped: Vec<&Hit> = hits.iter().collect();
        grouped.sort_by_key(|h| (h.status != Status::Accepted, h.skill));
        let split = grouped.partition_point(|h| h.status == Status::Accepted);
        let (accepted, other) = grouped.split_at(split);
        let mut found = SkillSet::with_capacity(tax.skills.len());
        found.extend(accepted.iter().map(|h| h.skill));

        let found_alternatives = alternatives(tax, role, &found);
        let importance = importance_for(role, &found_alternatives);
        let role_importance = |skill: usize| match self.role_pos[skill] {
            NOT_IN_ROLE => None,
            k => Some(importance[k as usize]),
        };
        let by_rank = |a: (usize, Importance), b: (usize, Importance)| {
            (self.category_rank[a.0], a.1)
                .cmp(&(self.category_rank[b.0], b.1))
                .then_with(|| tax.skills[a.0].id.cmp(&tax.skills[b.0].id))
        };

        let mut matched: Vec<(usize, Matched)> = accepted
            .chunk_by(|a, b| a.skill == b.skill)
            .map(|hs| {
                let si = hs[0].skill;
                let s = &tax.skills[si];
                let in_role = role_importance(si);
                let m = Matched {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    category: s.category.clone(),
                    importance: in_role.unwrap_or(s.importance),
                    in_role: in_role.is_some(),
                    how: hs.iter().map(|h| h.kind).min().unwrap_or(MatchKind::Alias),
                    confidence: hs.iter().map(|h| h.confidence).fold(0.0, f32::max),
                    occurrences: hs.len(),
                    evidence: evidence(doc, hs),
                    onet: s.onet.clone(),
                    esco: s.esco.clone(),
                };
                (si, m)
            })
            .collect();
        matched.sort_by(|(a, ma), (b, mb)| by_rank((*a, ma.importance), (*b, mb.importance)));

        let mut negated: Vec<(usize, Negated)> = other
            .chunk_by(|a, b| a.skill == b.skill)
            .filter(|hs| !found.contains(hs[0].skill))
            .map(|hs| {
                let si = hs[0].skill;
                let s = &tax.skills[si];
                let n = Negated {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    category: s.category.clone(),
                    reason: hs[0].status,
                    evidence: evidence(doc, hs),
                };
                (si, n)
            })
            .collect();
        negated.sort_by(|(a, _), (b, _)| by_rank((*a, Importance::Core), (*b, Importance::Core)));

        // Gaps by importance, then category rank, then id.
        let mut gaps = Vec::with_capacity(role.skills.len());
        let mut gap_refs = Vec::with_capacity(role.skills.len());
        for tier in [Importance::Core, Importance::Important, Importance::Bonus] {
            for &k in &self.gap_order {
                let skill = role.skills[k].skill;
                if importance[k] != tier || found.contains(skill) {
                    continue;
                }
                let alternatives_found =
                    found_alternatives.get(&skill).cloned().unwrap_or_default();
                gap_refs.push(GapRef {
                    skill,
                    importance: tier,
                    alternatives: !alternatives_found.is_empty(),
                });
                gaps.push(self.gap(skill, tier, alternatives_found));
            }
        }

        // Coverage per category and overall.
        let (mut got, mut total) = (0u32, 0u32);
        let categories = self
            .categories
            .iter()
            .map(|(name, members)| {
                let (mut m, mut wg, mut wt) = (0, 0u32, 0u32);
                for &k in members {
                    let w = importance[k].weight();
                    wt += w;
                    if found.contains(role.skills[k].skill) {
                        m += 1;
                        wg += w;
                    }
                }
                got += wg;
                total += wt;
                CategoryCoverage {
                    category: (*name).to_string(),
                    matched: m,
                    total: members.len(),
                    coverage: percent(wg, wt),
                }
            })
            .collect();

        let in_role = matched.iter().filter(|(_, m)| m.in_role).count();
        let coverage = percent(got, total);
        let market = market
            .filter(|m| m.market.applies_to(&role.id))
            .map(|m| m.fit(&found.iter().collect::<Vec<_>>()));
        let (score, headline) = match &market {
            Some(m) => (m.fit, Headline::Fit),
            None => (coverage, Headline::Coverage),
        };
        let lead: Vec<(usize, usize)> = market
            .iter()
            .flat_map(|m| &m.next_skills)
            .filter_map(|n| Some((tax.index_of(&n.id)?, n.postings_gained)))
            .collect();
        let plan = plan::build_from(
            tax,
            role,
            &PlanInput {
                found: &found,
                gaps: &gap_refs,
                lead: &lead,
                in_role: &self.in_role,
                catalogue: self.catalogue,
            },
            PlanScope::Focused,
        );
        Analysis {
            schema_version: SCHEMA_VERSION,
            source: SourceInfo {
                path: doc.source.clone(),
                format: doc.format.as_str().to_string(),
                name: doc.name.clone(),
                id: None,
                fields: None,
            },
            role: RoleInfo {
                id: role.id.clone(),
                name: role.name.clone(),
            },
            score,
            headline,
            coverage,
            summary: Summary {
                matched: in_role,
                gaps: gaps.len(),
                role_skills: role.skills.len(),
                extra: matched.len() - in_role,
            },
            matched: matched.into_iter().map(|(_, m)| m).collect(),
            negated: negated.into_iter().map(|(_, n)| n).collect(),
            gaps,
            categories,
            plan: plan.steps,
            implied: plan.implied,
            deferred: plan.deferred,
            demand: tax.demand.clone(),
            career: role.career.clone(),
            fit: None,
            market,
            job: None,
            gate: None,
        }
    }

    fn gap(&self, skill: usize, importance: Importance, alternatives_found: Vec<String>) -> Gap {
        let s = &self.tax.skills[skill];
        let catalogue = self.catalogue;
        Gap {
            id: s.id.clone(),
            name: s.name.clone(),
            category: s.category.clone(),
            importance,
            description: catalogue_text(catalogue, &s.description),
            hours: s.hours,
            courses: catalogue_text(catalogue, &s.courses),
            tools: catalogue_text(catalogue, &s.tools),
            alternatives_found,
            demand: s.demand,
            onet: s.onet.clone(),
            esco: s.esco.clone(),
        }
    }
}

/// Interchangeable skills: once one member of a choice is found, the rest are alternatives,
/// worth no more than a bonus skill (a Python developer does not need Ruby too). Each skill not
/// found with the ids of the found members of its choices, sorted.
fn alternatives(tax: &Taxonomy, role: &Role, found: &SkillSet) -> BTreeMap<usize, Vec<String>> {
    let mut out: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for choice in &role.choices {
        let shown: Vec<String> = choice
            .skills
            .iter()
            .filter(|&&s| found.contains(s))
            .map(|&s| tax.skills[s].id.clone())
            .collect();
        if shown.is_empty() {
            continue;
        }
        for &s in choice.skills.iter().filter(|&&s| !found.contains(s)) {
            out.entry(s).or_default().extend(shown.iter().cloned());
        }
    }
    for v in out.values_mut() {
        v.sort();
        v.dedup();
    }
    out
}

/// Each of the role's skills' importance for this person: bonus once an alternative is found.
fn importance_for(role: &Role, alternatives: &BTreeMap<usize, Vec<String>>) -> Vec<Importance> {
    role.skills
        .iter()
        .map(|rs| {
            if alternatives.contains_key(&rs.skill) {
                Importance::Bonus
            } else {
                rs.importance
            }
        })
        .collect()
}

/// The weighted share (0–100) of `role`'s skills that `hits` show: the `coverage` (and, with no
/// market, the `score`) an analysis would report, without making one.
pub fn coverage(tax: &Taxonomy, role: &Role, hits: &[Hit]) -> f64 {
    let mut found = SkillSet::with_capacity(tax.skills.len());
    found.extend(
        hits.iter()
            .filter(|h| h.status == Status::Accepted)
            .map(|h| h.skill),
    );
    let importance = importance_for(role, &alternatives(tax, role, &found));
    let (mut got, mut total) = (0u32, 0u32);
    for (rs, imp) in role.skills.iter().zip(importance) {
        total += imp.weight();
        if found.contains(rs.skill) {
            got += imp.weight();
        }
    }
    percent(got, total)
}
