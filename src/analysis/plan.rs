//! The learning plan: from a list of gaps to an ordered path a person can follow.
//!
//! A plan takes the gaps worth closing (by default the role's core and important technical
//! gaps), keeps one option of each unmet choice ("a relational database" needs one, not six),
//! adds every missing prerequisite, and orders the result so no skill comes before one of its
//! missing prerequisites: core skills (and what they need) first, then important ones, each tier
//! from foundations (no missing prerequisite) upwards. A stage is a run of steps of the same
//! importance and depth, so the steps of a stage can be learnt in any order; within a stage the
//! skills more job postings ask for come first. Where the analysis was measured against a job
//! market, the market's next skills come first, as stage 1 in their own order (each one opens
//! the most further postings given those before it, and never precedes a prerequisite).
//!
//! Skills the document never names but that a skill it shows is built on (Django → Python,
//! Kubernetes → Docker → Linux) are taken as known: they are listed as `implied`, not planned.

use std::cmp::Reverse;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::analysis::skillset::SkillSet;
use crate::analysis::{catalogue_text, Analysis};
use crate::taxonomy::{Course, Importance, Kind, Role, Taxonomy};

/// Which gaps a plan covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlanScope {
    /// Core and important gaps that are not soft skills, plus their missing prerequisites.
    #[default]
    Focused,
    /// Every gap, bonus and soft skills too.
    All,
}

/// One step of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanStep {
    pub id: String,
    pub name: String,
    pub category: String,
    /// Consecutive steps of the same importance and prerequisite depth share a stage; every
    /// missing prerequisite of a step is in an earlier stage.
    pub stage: u32,
    /// How much the step matters: the skill's importance for the role, raised to that of the
    /// most important skill that needs it as a prerequisite.
    pub importance: Importance,
    /// Why the step is in the plan: "core skill", "prerequisite of Kubernetes", ….
    pub why: String,
    /// Rough hours to working proficiency.
    pub hours: u32,
    /// Hours of this step and all before it.
    pub cumulative_hours: u32,
    /// Share (0–1) of job postings that ask for the skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand: Option<f64>,
    /// Missing prerequisites, all earlier steps of this plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    pub courses: Vec<Course>,
    pub tools: Vec<String>,
    /// A small project to practise the skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<String>,
}

/// A gap a focused plan leaves out because learning it would first need a skill off the role's
/// path (an alternative to one the person has, or a concept the role does not use).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deferred {
    pub id: String,
    pub name: String,
    /// Ids of the off-path prerequisites it would need.
    pub needs: Vec<String>,
}

/// A plan and what it leaves out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Steps in learning order.
    pub steps: Vec<PlanStep>,
    /// The role's gaps taken as known.
    pub implied: Vec<Implied>,
    /// Gaps the focused plan defers.
    pub deferred: Vec<Deferred>,
}

/// A skill the document does not name, taken as known because skills it shows build on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Implied {
    pub id: String,
    pub name: String,
    /// Ids of the skills found that build on it.
    pub by: Vec<String>,
}

/// Rebuild `analysis.plan`, `analysis.implied` and `analysis.deferred` for `scope`.
pub fn attach(tax: &Taxonomy, role: &Role, analysis: &mut Analysis, scope: PlanScope) {
    let plan = build(tax, role, analysis, scope);
    analysis.plan = plan.steps;
    analysis.implied = plan.implied;
    analysis.deferred = plan.deferred;
}

/// The plan for an analysis of `role`.
pub fn build(tax: &Taxonomy, role: &Role, analysis: &Analysis, scope: PlanScope) -> Plan {
    let mut found = SkillSet::with_capacity(tax.skills.len());
    found.extend(analysis.matched.iter().filter_map(|m| tax.index_of(&m.id)));
    let gaps: Vec<GapRef> = analysis
        .gaps
        .iter()
        .filter_map(|g| {
            Some(GapRef {
                skill: tax.index_of(&g.id)?,
                importance: g.importance,
                alternatives: !g.alternatives_found.is_empty(),
            })
        })
        .collect();
    let lead: Vec<(usize, usize)> = analysis
        .market
        .iter()
        .flat_map(|m| &m.next_skills)
        .filter_map(|n| Some((tax.index_of(&n.id)?, n.postings_gained)))
        .collect();
    let mut in_role = SkillSet::with_capacity(tax.skills.len());
    in_role.extend(role.skills.iter().map(|rs| rs.skill));
    let input = PlanInput {
        found: &found,
        gaps: &gaps,
        lead: &lead,
        in_role: &in_role,
        catalogue: true,
    };
    build_from(tax, role, &input, scope)
}

/// A gap as the plan sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GapRef {
    pub skill: usize,
    /// Its importance for the role (bonus once an alternative is found).
    pub importance: Importance,
    /// Whether the document shows an interchangeable skill.
    pub alternatives: bool,
}

/// What a plan is built from, skills as taxonomy indexes: [`build`] derives it from an
/// [`Analysis`], a prepared role (`analysis::PreparedRole`) hands over what it already has.
pub(crate) struct PlanInput<'a> {
    /// Skills the document shows.
    pub found: &'a SkillSet,
    /// The gaps, in the analysis's order.
    pub gaps: &'a [GapRef],
    /// The market's next skills, in its order, with the postings each opens.
    pub lead: &'a [(usize, usize)],
    /// The role's skills.
    pub in_role: &'a SkillSet,
    /// Whether steps carry courses, tools and practice (see `Analysis::drop_catalogue`).
    pub catalogue: bool,
}

/// The plan for `input`. Per-skill state lives in dense arrays and bitsets over taxonomy
/// indexes: a plan is built for every document of a batch.
pub(crate) fn build_from(
    tax: &Taxonomy,
    role: &Role,
    input: &PlanInput<'_>,
    scope: PlanScope,
) -> Plan {
    let n = tax.skills.len();
    let implied_by = implied(tax, input.found);
    let mut known_set = input.found.clone();
    known_set.extend(implied_by.iter().map(|&(p, _)| p));
    let known = |i: usize| known_set.contains(i);

    // Gaps that could be planned, with their importance for the role.
    let mut candidates = SkillSet::with_capacity(n);
    let mut wanted = vec![Importance::Bonus; n];
    for g in input.gaps {
        let i = g.skill;
        let s = &tax.skills[i];
        let in_scope = match scope {
            PlanScope::Focused => g.importance != Importance::Bonus && s.kind != Kind::Soft,
            PlanScope::All => true,
        };
        if in_scope && !known(i) && !g.alternatives {
            candidates.insert(i);
            wanted[i] = g.importance;
        }
    }

    // Off the role's path: an alternative to a choice already met or not picked, or a concept
    // the role does not use. A focused plan does not send a Python developer to learn PHP for
    // the sake of a CMS, nor a DBA through web development for the sake of database permissions:
    // it defers targets that would first need such a skill.
    let in_role = input.in_role;
    let mut picked = SkillSet::with_capacity(n);
    let mut picked_as: Vec<(usize, &str)> = Vec::new();
    let mut dropped = SkillSet::with_capacity(n);
    let off_path = |p: usize, dropped: &SkillSet, picked: &SkillSet| {
        (dropped.contains(p) && !picked.contains(p))
            || (!in_role.contains(p) && tax.skills[p].kind != Kind::Technology)
    };
    for choice in role
        .choices
        .iter()
        .filter(|c| c.skills.iter().any(|&i| known(i)))
    {
        dropped.extend(choice.skills.iter().copied().filter(|&i| !known(i)));
    }

    // One option per unmet choice: one reachable without detours, building on what the person
    // knows (or has already been picked), then the most important, most asked-for, quickest.
    for choice in role
        .choices
        .iter()
        .filter(|c| !c.skills.iter().any(|&i| known(i)))
    {
        if let Some(&already) = choice.skills.iter().find(|&&i| picked.contains(i)) {
            dropped.extend(choice.skills.iter().copied().filter(|&i| i != already));
            continue;
        }
        let best = choice
            .skills
            .iter()
            .copied()
            .filter(|&i| candidates.contains(i))
            .min_by_key(|&i| {
                let s = &tax.skills[i];
                let detour =
                    !off_path_needs(tax, i, &known, &|p| off_path(p, &dropped, &picked), true)
                        .is_empty();
                let synergy = s
                    .prerequisite_index
                    .iter()
                    .any(|&p| known(p) || picked.contains(p));
                (
                    detour,
                    Reverse(synergy),
                    wanted[i],
                    Reverse(demand_key(s.demand)),
                    s.hours,
                    s.id.as_str(),
                )
            });
        if let Some(b) = best {
            picked.insert(b);
            picked_as.push((b, choice.label.as_str()));
        }
        dropped.extend(choice.skills.iter().copied().filter(|i| Some(*i) != best));
    }
    let mut targets = SkillSet::with_capacity(n);
    targets.extend(
        candidates
            .iter()
            .filter(|&i| picked.contains(i) || !dropped.contains(i)),
    );

    let mut deferred = Vec::new();
    if scope == PlanScope::Focused {
        let all: Vec<usize> = targets.iter().collect();
        for i in all {
            let needs = off_path_needs(tax, i, &known, &|p| off_path(p, &dropped, &picked), false);
            if needs.is_empty() {
                continue;
            }
            deferred.push(Deferred {
                id: tax.skills[i].id.clone(),
                name: tax.skills[i].name.clone(),
                needs: needs
                    .into_iter()
                    .map(|p| tax.skills[p].id.clone())
                    .collect(),
            });
            targets.remove(i);
        }
    }

    // Close over missing prerequisites.
    let mut in_plan = targets.clone();
    let mut stack: Vec<usize> = in_plan.iter().collect();
    while let Some(i) = stack.pop() {
        for p in missing_prereqs(tax, i, &known) {
            if in_plan.insert(p) {
                stack.push(p);
            }
        }
    }
    let members: Vec<usize> = in_plan.iter().collect();

    // Depth: the longest chain of missing prerequisites below each step (1 = none; 0 = not
    // worked out).
    let mut depth = vec![0u32; n];
    for &i in &members {
        depth_of(tax, i, &known, &mut depth, 0);
    }

    // Importance flows down from a skill to its prerequisites (most important dependent wins).
    // `needed_by(i)`: the steps that need `i`, in index order (every missing prerequisite of a
    // step is a step).
    let mut slot = vec![u32::MAX; n];
    for (k, &i) in members.iter().enumerate() {
        slot[i] = k as u32;
    }
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); members.len()];
    for &i in &members {
        for p in missing_prereqs(tax, i, &known) {
            dependents[slot[p] as usize].push(i);
        }
    }
    let needed_by = |i: usize| -> &[usize] {
        match slot[i] {
            u32::MAX => &[],
            k => &dependents[k as usize],
        }
    };
    let mut by_stage_desc = members.clone();
    by_stage_desc.sort_by_key(|&i| Reverse(depth[i]));
    let mut importance: Vec<Option<Importance>> = vec![None; n];
    for &i in &by_stage_desc {
        let own = if targets.contains(i) {
            wanted[i]
        } else {
            Importance::Bonus
        };
        let from_dependents = needed_by(i).iter().filter_map(|&d| importance[d]).min();
        importance[i] = Some(from_dependents.map_or(own, |d| d.min(own)));
    }

    // The market's next skills lead, as stage 1 in their own order (each after its prerequisites:
    // the market picks them that way); the rest of the plan follows.
    let lead: Vec<(usize, usize)> = input
        .lead
        .iter()
        .copied()
        .filter(|&(i, _)| !known(i))
        .collect();
    // The postings a lead skill opens (the last figure, should the market name a skill twice).
    let gained = |i: usize| lead.iter().rev().find(|&&(j, _)| j == i).map(|&(_, g)| g);
    for &(i, _) in &lead {
        if depth[i] == 0 {
            depth[i] = 1;
        }
        let own = input
            .gaps
            .iter()
            .find(|g| g.skill == i)
            .map_or(tax.skills[i].importance, |g| g.importance);
        importance[i] = Some(importance[i].map_or(own, |d| d.min(own)));
    }
    // Most important first, each skill after its missing prerequisites: a prerequisite is at
    // least as important as what needs it and sits at a lower depth, so this order is
    // topological. A stage is a run of steps with the same importance and depth: nothing in a
    // stage depends on anything else in it, and every missing prerequisite is in an earlier one.
    let group = |i: usize| (importance[i].unwrap_or(Importance::Bonus), depth[i]);
    let mut order = members;
    order.sort_by_cached_key(|&i| {
        let s = &tax.skills[i];
        (group(i), Reverse(demand_key(s.demand)), s.id.as_str())
    });
    let mut stage = vec![0u32; n];
    let mut current = (0u32, None);
    order.retain(|&i| gained(i).is_none());
    if !lead.is_empty() {
        current.0 = 1;
        for &(i, _) in &lead {
            stage[i] = 1;
        }
    }
    for &i in &order {
        if current.1 != Some(group(i)) {
            current = (current.0 + 1, Some(group(i)));
        }
        stage[i] = current.0;
    }
    let order: Vec<usize> = lead.iter().map(|&(i, _)| i).chain(order).collect();

    let mut total = 0u32;
    let steps = order
        .into_iter()
        .map(|i| {
            let s = &tax.skills[i];
            total += s.hours;
            // The reasons, joined by "; ".
            let mut why = String::new();
            if let Some(opened) = gained(i) {
                let _ = write!(why, "opens {opened} more job postings");
            }
            if targets.contains(i) {
                if !why.is_empty() {
                    why.push_str("; ");
                }
                why.push_str(wanted[i].as_str());
                why.push_str(" skill");
                if let Some((_, label)) = picked_as.iter().find(|&&(j, _)| j == i) {
                    why.push_str(", as ");
                    why.push_str(label);
                }
            }
            if !needed_by(i).is_empty() {
                let mut names: Vec<&str> = needed_by(i)
                    .iter()
                    .map(|&d| tax.skills[d].name.as_str())
                    .collect();
                names.sort_unstable();
                if !why.is_empty() {
                    why.push_str("; ");
                }
                why.push_str("prerequisite of ");
                why.push_str(&names.join(", "));
            }
            let mut after: Vec<&str> = missing_prereqs(tax, i, &known)
                .map(|p| tax.skills[p].id.as_str())
                .collect();
            after.sort_unstable();
            let catalogue = input.catalogue;
            PlanStep {
                id: s.id.clone(),
                name: s.name.clone(),
                category: s.category.clone(),
                stage: stage[i],
                importance: importance[i].unwrap_or(Importance::Bonus),
                why,
                hours: s.hours,
                cumulative_hours: total,
                demand: s.demand,
                after: after.into_iter().map(String::from).collect(),
                courses: catalogue_text(catalogue, &s.courses),
                tools: catalogue_text(catalogue, &s.tools),
                practice: catalogue_text(catalogue, &s.practice),
            }
        })
        .collect();

    let mut gap_set = SkillSet::with_capacity(n);
    gap_set.extend(input.gaps.iter().map(|g| g.skill));
    let implied_list = implied_by
        .into_iter()
        .filter(|&(i, _)| gap_set.contains(i))
        .map(|(i, by)| Implied {
            id: tax.skills[i].id.clone(),
            name: tax.skills[i].name.clone(),
            by: by.into_iter().map(|b| tax.skills[b].id.clone()).collect(),
        })
        .collect();
    Plan {
        steps,
        implied: implied_list,
        deferred,
    }
}

/// Skills taken as known, in index order, each with the found skills that imply it (in index
/// order). A found skill implies its direct prerequisites; an implied *technology* passes that
/// on (Kubernetes → Docker → Linux), an implied concept does not (Kafka → distributed systems,
/// but not on to system design).
fn implied(tax: &Taxonomy, found: &SkillSet) -> Vec<(usize, Vec<usize>)> {
    // (implied skill, found skill that implies it): each pair once, as each root's walk visits
    // a skill once.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut stack = Vec::new();
    let mut seen = Vec::new();
    for root in found.iter() {
        stack.push(root);
        seen.clear();
        seen.push(root);
        while let Some(i) = stack.pop() {
            for p in tax.skills[i].prerequisite_index.iter().copied() {
                if found.contains(p) || seen.contains(&p) {
                    continue;
                }
                seen.push(p);
                pairs.push((p, root));
                if tax.skills[p].kind == Kind::Technology {
                    stack.push(p);
                }
            }
        }
    }
    pairs.sort_unstable();
    let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
    for (p, root) in pairs {
        match out.last_mut() {
            Some((q, by)) if *q == p => by.push(root),
            _ => out.push((p, vec![root])),
        }
    }
    out
}

/// The off-path skills `i` would first need, in index order: missing prerequisites, followed
/// down until one is off the path. With `first`, only whether there is one: the walk stops at
/// the first.
fn off_path_needs(
    tax: &Taxonomy,
    i: usize,
    known: &impl Fn(usize) -> bool,
    off_path: &dyn Fn(usize) -> bool,
    first: bool,
) -> Vec<usize> {
    // Nothing is allocated for a skill with no missing prerequisite, the usual case: the plan
    // asks this for every option of every choice.
    let (mut stack, mut seen, mut needs) = (Vec::new(), Vec::new(), Vec::new());
    let mut next = Some(i);
    while let Some(j) = next {
        for p in missing_prereqs(tax, j, known) {
            if off_path(p) {
                needs.push(p);
                if first {
                    return needs;
                }
            } else if !seen.contains(&p) {
                seen.push(p);
                stack.push(p);
            }
        }
        next = stack.pop();
    }
    needs.sort_unstable();
    needs.dedup();
    needs
}

fn missing_prereqs<'a>(
    tax: &'a Taxonomy,
    i: usize,
    known: &'a impl Fn(usize) -> bool,
) -> impl Iterator<Item = usize> + 'a {
    tax.skills[i]
        .prerequisite_index
        .iter()
        .copied()
        .filter(move |&p| !known(p))
}

/// Depth of `i`, memoised in `memo` (0: not yet known). The taxonomy loader rejects
/// prerequisite cycles; `depth` still stops a runaway recursion should a hand-built taxonomy
/// slip one through.
fn depth_of(
    tax: &Taxonomy,
    i: usize,
    known: &impl Fn(usize) -> bool,
    memo: &mut [u32],
    depth: usize,
) -> u32 {
    if memo[i] != 0 {
        return memo[i];
    }
    if depth > tax.skills.len() {
        return 1;
    }
    let mut s = 1;
    for p in missing_prereqs(tax, i, known) {
        s = s.max(1 + depth_of(tax, p, known, memo, depth + 1));
    }
    memo[i] = s;
    s
}

/// Demand as an orderable integer (per mille); unknown demand sorts as zero.
fn demand_key(d: Option<f64>) -> u32 {
    d.map_or(0, |v| (v * 1000.0).round().clamp(0.0, 1000.0) as u32)
}
